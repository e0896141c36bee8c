/**
 * The panel's rendered mode: the Static / Rendered switch, the render options (release, namespace, values files,
 * `--set`), and what the last render said (Helm's version, its errors as Helm wrote them, notes). Pure functions
 * of the `RenderView`, like render.ts: chart and Helm text only ever goes through `textContent`.
 */
import type { HookStepItem, RenderError } from '../../server/src/engine/types';
import { el, icon } from './dom';
import type { RenderView } from './messages';

/** The form's fields, read back by the page when the user renders. */
export const RENDER_FIELDS = { release: 'render-release', namespace: 'render-namespace', set: 'render-set', values: 'render-values' } as const;

function modeButton(doc: Document, view: RenderView, mode: RenderView['mode'], label: string, title: string): HTMLElement {
  const checked = view.mode === mode;
  const disabled = mode === 'rendered' && !view.trusted;
  return el(
    doc,
    'button',
    {
      class: checked ? 'mode-button selected' : 'mode-button',
      type: 'button',
      role: 'radio',
      'aria-checked': checked ? 'true' : 'false',
      'data-action': 'mode',
      'data-mode': mode,
      'data-key': `mode-${mode}`,
      disabled: disabled ? true : undefined,
      title: disabled ? 'Rendering runs helm: it is off in an untrusted workspace' : title,
    },
    label,
  );
}

/** The switch, and in rendered mode the options and the render's status line. */
export function renderModeBar(doc: Document, view: RenderView): HTMLElement {
  const bar = el(doc, 'div', { class: 'mode-bar', 'data-key': 'mode-bar' });
  bar.appendChild(
    el(
      doc,
      'div',
      { class: 'mode-switch', role: 'radiogroup', 'aria-label': 'Order from', 'data-key': 'mode-switch' },
      modeButton(doc, view, 'static', 'Static', 'Read the templates as they are (no helm)'),
      modeButton(doc, view, 'rendered', 'Rendered', 'Render the chart with helm and order what Helm produces'),
    ),
  );
  if (!view.trusted) {
    bar.appendChild(
      el(doc, 'p', { class: 'render-status untrusted', 'data-key': 'render-untrusted' }, icon(doc, 'shield'), ' ', 'Rendered mode runs helm, which Helm Hooks never does in an untrusted workspace.'),
    );
    return bar;
  }
  if (view.mode !== 'rendered') return bar;
  bar.appendChild(renderForm(doc, view));
  const status = view.rendering
    ? el(doc, 'p', { class: 'render-status rendering', 'data-key': 'render-status', role: 'status' }, icon(doc, 'loading', 'codicon-modifier-spin'), ' ', 'Rendering with helm…')
    : view.helmVersionDetected
      ? el(
          doc,
          'p',
          { class: 'render-status', 'data-key': 'render-status', role: 'status', title: view.command?.join(' ') ?? '' },
          icon(doc, 'check'),
          ' ',
          `Rendered by Helm ${view.helmVersionDetected}`,
        )
      : null;
  if (status) bar.appendChild(status);
  return bar;
}

function renderForm(doc: Document, view: RenderView): HTMLElement {
  const field = (id: string, label: string, value: string, placeholder: string, title: string) =>
    el(
      doc,
      'label',
      { class: 'render-field', for: id, title },
      el(doc, 'span', { class: 'render-label' }, label),
      el(doc, 'input', { id, 'data-key': id, class: 'render-input', type: 'text', value, placeholder, spellcheck: 'false', autocomplete: 'off' }),
    );
  const offered = [...view.availableValuesFiles, ...view.valuesFiles.filter((f) => !view.availableValuesFiles.includes(f))];
  const values = el(doc, 'fieldset', { class: 'render-values', 'data-key': 'render-values' }, el(doc, 'legend', null, 'Values files'));
  if (offered.length === 0) values.appendChild(el(doc, 'span', { class: 'render-none' }, 'only values.yaml (no other values*.yaml in the chart)'));
  for (const f of offered) {
    const id = `${RENDER_FIELDS.values}-${f}`;
    values.appendChild(
      el(
        doc,
        'label',
        { class: 'render-check', 'data-key': `values|${f}` },
        el(doc, 'input', { type: 'checkbox', name: RENDER_FIELDS.values, id, 'data-file': f, checked: view.valuesFiles.includes(f) ? true : undefined }),
        ' ',
        f,
      ),
    );
  }
  return el(
    doc,
    'div',
    { class: 'render-form', 'data-key': 'render-form', role: 'group', 'aria-label': 'Render options' },
    field(RENDER_FIELDS.release, 'Release', view.release, 'release-name', 'helm install RELEASE: names often depend on it'),
    field(RENDER_FIELDS.namespace, 'Namespace', view.namespace, 'default', '--namespace'),
    values,
    field(RENDER_FIELDS.set, '--set', view.set.join(','), 'key=value,other=value', 'Values as helm --set takes them (comma-separated pairs)'),
    el(doc, 'button', { class: 'render-apply', type: 'button', 'data-action': 'render-apply', 'data-key': 'render-apply', title: 'Render with these options' }, icon(doc, 'play'), ' ', 'Render'),
  );
}

function errorLocation(doc: Document, e: RenderError): HTMLElement | null {
  if (!e.path) return null;
  const label = `${e.path}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}`;
  if (!e.file || e.file.includes('.tgz!/')) return el(doc, 'span', { class: 'file' }, label);
  return el(doc, 'a', { class: 'file link', href: '#', 'data-action': 'open', 'data-file': e.file, 'data-line': e.line ?? 1, title: `Open ${e.file}` }, label);
}

/** Helm's errors (the static order follows them) and the render's notes, above the timeline. */
export function renderRenderReport(doc: Document, view: RenderView): HTMLElement | null {
  if (view.mode !== 'rendered' || !view.trusted) return null;
  const parts: HTMLElement[] = [];
  if (view.errors?.length) {
    parts.push(
      el(
        doc,
        'section',
        { class: 'render-errors', 'data-key': 'render-errors', role: 'alert' },
        el(doc, 'h2', { class: 'render-errors-title' }, icon(doc, 'error'), ' ', 'Helm could not render the chart: the static order is shown below'),
        ...view.errors.map((e) =>
          el(
            doc,
            'div',
            { class: 'render-error' },
            errorLocation(doc, e),
            el(doc, 'pre', { class: 'render-error-message' }, e.message),
            e.renderedLine ? el(doc, 'p', { class: 'render-error-note' }, `Line ${e.renderedLine} of the rendered output of ${e.path}, not of the template.`) : null,
            e.hint ? el(doc, 'p', { class: 'render-hint' }, icon(doc, 'lightbulb'), ' ', e.hint) : null,
          ),
        ),
      ),
    );
  }
  if (view.notes?.length) {
    parts.push(el(doc, 'div', { class: 'notes render-notes', 'data-key': 'render-notes', role: 'note' }, ...view.notes.map((n) => el(doc, 'p', { class: 'note' }, icon(doc, 'info'), ' ', el(doc, 'span', null, n)))));
  }
  return parts.length ? el(doc, 'div', { class: 'render-report', 'data-key': 'render-report' }, ...parts) : null;
}

/** Rendered mode's marks on a hook row: brought in by the chosen values; template line only a best guess. */
export function renderedBadges(doc: Document, item: HookStepItem, badge: (cls: string, codicon: string, text: string, title: string) => HTMLElement): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (item.valuesOnly) out.push(badge('values', 'symbol-variable', 'from values', 'Rendered only with the chosen values files or --set pairs, not with the chart’s defaults'));
  if (item.mappingUncertain) out.push(badge('uncertain', 'question', 'line?', item.mappingNote ?? 'Which template document this hook comes from is a best guess'));
  return out;
}

/** Reads the form back: what the user typed and ticked. */
export function readRenderForm(root: ParentNode): { release: string; namespace: string; valuesFiles: string[]; set: string[] } {
  const input = (id: string) => (root.querySelector(`#${id}`) as HTMLInputElement | null)?.value.trim() ?? '';
  const valuesFiles = Array.from(root.querySelectorAll<HTMLInputElement>(`input[name="${RENDER_FIELDS.values}"]`))
    .filter((c) => c.checked)
    .map((c) => c.getAttribute('data-file') ?? '')
    .filter(Boolean);
  const set = input(RENDER_FIELDS.set);
  return { release: input(RENDER_FIELDS.release), namespace: input(RENDER_FIELDS.namespace), valuesFiles, set: set ? [set] : [] };
}
