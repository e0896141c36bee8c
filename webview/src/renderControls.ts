/**
 * The panel's source and value set: where the order on screen comes from (the built-in renderer by default, the
 * static reading, or Helm through "Verify with helm"), the value-set form (release, namespace, values files,
 * `--set`), Verify with helm's state and differences, and the two-click fixes when helm cannot run (Locate helm…,
 * Open Settings, Trust Workspace…). Pure functions of the `RenderView`, like render.ts: chart and Helm text only
 * ever goes through `textContent`.
 */
import type { HookStepItem, RenderError } from '../../server/src/engine/types';
import { el, icon, withCode } from './dom';
import type { FromPageMessage, RenderView, ValueSetFields, VerifyView } from './messages';

/** The form's fields, read back by the page when the user renders. */
export const RENDER_FIELDS = { release: 'render-release', namespace: 'render-namespace', set: 'render-set', values: 'render-values' } as const;

/** The sentence that says the built-in renderer made the order on screen. */
export const BUILTIN_SOURCE_TEXT = "Rendered by Helm Hooks' built-in renderer, as `helm template` would";
/** Verify with helm's result is out of date: a chart file changed since helm read the disk. */
export const VERIFY_STALE_TEXT = 'Helm rendered the files on disk; re-run';

function button(doc: Document, action: string, label: string, title: string, codicon?: string, extra: Record<string, string> = {}): HTMLElement {
  return el(
    doc,
    'button',
    { class: `render-button ${action}`, type: 'button', 'data-action': action, 'data-key': `button-${action}`, title, ...extra },
    ...(codicon ? [icon(doc, codicon), ' '] : []),
    label,
  );
}

/** Where the order on screen comes from, in one line, with Verify with helm (or Trust Workspace…) beside it. */
function sourceLine(doc: Document, view: RenderView): HTMLElement {
  const line = el(doc, 'div', { class: `render-source source-${view.source}`, 'data-key': 'render-source', role: 'status' });
  const verify = view.verify;
  if (view.source === 'helm' && verify) {
    line.appendChild(icon(doc, verify.stale ? 'warning' : 'server-process'));
    line.appendChild(el(doc, 'span', { class: 'render-source-text' }, ` Rendered by Helm ${verify.helmVersion ?? ''}`.trimEnd() + ' (Verify with helm)'));
  } else if (view.source === 'static') {
    line.appendChild(icon(doc, view.fallback ? 'warning' : 'file-code'));
    line.appendChild(el(doc, 'span', { class: 'render-source-text' }, ' ', ...withCode(doc, view.fallback ?? 'Read from the templates as they are (`helmHooks.source` is `static`)')));
  } else {
    // A built-in order with a fallback note is the chart's last good render: it does not render with these values now.
    line.appendChild(icon(doc, view.fallback ? 'warning' : 'file-code'));
    line.appendChild(el(doc, 'span', { class: 'render-source-text' }, ' ', ...withCode(doc, view.fallback ?? BUILTIN_SOURCE_TEXT)));
  }
  if (view.updating && view.source !== 'helm') {
    line.appendChild(el(doc, 'span', { class: 'render-updating', 'data-key': 'render-updating' }, ' · ', icon(doc, 'loading', 'codicon-modifier-spin'), ' updating…'));
  }
  if (!verify) {
    line.appendChild(
      view.trusted
        ? button(doc, 'verify', 'Verify with helm', 'Render the same value set with helm and compare its hooks and order with the built-in render', 'verified')
        : button(doc, 'trust', 'Trust Workspace…', 'Verify with helm runs helm, which Helm Hooks never does in Restricted Mode: manage Workspace Trust', 'shield'),
    );
  }
  return line;
}

/** Verify with helm's status line: running, the result (identical, differences, out of date) or the failure. */
function verifyLine(doc: Document, verify: VerifyView): HTMLElement {
  const line = el(doc, 'div', { class: `render-status verify-${verify.state}${verify.stale ? ' verify-stale' : ''}`, 'data-key': 'verify-status', role: 'status' });
  if (verify.state === 'running') {
    line.append(icon(doc, 'loading', 'codicon-modifier-spin'), ' Verifying with helm…');
    return line;
  }
  if (verify.state === 'failed') {
    line.append(icon(doc, 'error'), ' Helm could not render the chart: the built-in render is shown');
  } else if (verify.stale) {
    line.append(icon(doc, 'warning'), ' ', VERIFY_STALE_TEXT);
  } else if (verify.identical === true) {
    line.append(icon(doc, 'pass'), ` Identical: Helm ${verify.helmVersion ?? ''} renders the same hooks in the same order as the built-in renderer`);
  } else if (verify.identical === false) {
    const n = verify.differences?.length ?? 0;
    line.append(icon(doc, 'diff'), ` Helm ${verify.helmVersion ?? ''} differs from the built-in render in ${n} place${n === 1 ? '' : 's'} (listed below)`);
  } else {
    line.append(icon(doc, 'info'), ` Helm ${verify.helmVersion ?? ''}'s order (no built-in render of this value set to compare with)`);
  }
  if (verify.command?.length) line.setAttribute('title', verify.command.join(' '));
  line.append(' ', button(doc, 'verify', 'Re-run', 'Render again with helm', 'refresh'));
  line.append(' ', button(doc, 'verify-close', 'Close', 'Back to the built-in render', 'close'));
  return line;
}

/**
 * The source line, the value-set form and Verify with helm's status. The page (render.ts) folds the form into a
 * one-line summary with an Edit button.
 */
export function renderModeBar(doc: Document, view: RenderView): HTMLElement {
  const bar = el(doc, 'div', { class: 'mode-bar', 'data-key': 'mode-bar' });
  bar.appendChild(sourceLine(doc, view));
  bar.appendChild(renderForm(doc, view));
  if (view.verify) bar.appendChild(verifyLine(doc, view.verify));
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
  const values = el(doc, 'fieldset', { class: 'render-values', 'data-key': 'render-values' }, el(doc, 'legend', null, 'Values files (in order)'));
  const list = el(doc, 'ol', { class: 'render-values-list', 'data-key': 'render-values-list' });
  if (view.valuesFiles.length === 0) list.appendChild(el(doc, 'li', { class: 'render-none', 'data-key': 'values-none' }, 'values.yaml only'));
  for (const f of view.valuesFiles) {
    list.appendChild(
      el(
        doc,
        'li',
        { class: 'render-values-file', 'data-key': `values|${f}`, 'data-values-file': f },
        el(doc, 'span', { class: 'render-values-name', title: f }, f),
        ' ',
        el(
          doc,
          'button',
          { class: 'icon-button', type: 'button', 'data-action': 'remove-values', 'data-file': f, title: `Remove ${f}`, 'aria-label': `Remove ${f}` },
          icon(doc, 'close'),
        ),
      ),
    );
  }
  values.append(list, button(doc, 'add-values', 'Add values file…', 'Pick a YAML file of the chart (ci/, env/…) or browse for one elsewhere', 'add'));
  return el(
    doc,
    'div',
    { class: 'render-form', 'data-key': 'render-form', role: 'group', 'aria-label': 'Value set' },
    field(RENDER_FIELDS.release, 'Release', view.release, 'release-name', 'The release name (helm template NAME): names often depend on it'),
    field(RENDER_FIELDS.namespace, 'Namespace', view.namespace, 'default', 'The namespace the release is installed in'),
    values,
    field(RENDER_FIELDS.set, '--set', view.set.join(','), 'key=value,other=value', 'Values as helm --set takes them (comma-separated pairs)'),
    el(
      doc,
      'div',
      { class: 'render-actions' },
      el(doc, 'button', { class: 'render-apply', type: 'button', 'data-action': 'render-apply', 'data-key': 'render-apply', title: 'Render with this value set' }, icon(doc, 'play'), ' ', 'Render'),
      ' ',
      button(doc, 'reset-values', 'Defaults', 'Back to release-name, default and values.yaml only'),
    ),
  );
}

function errorLocation(doc: Document, e: RenderError): HTMLElement | null {
  if (!e.path) return null;
  const label = `${e.path}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}`;
  if (!e.file || e.file.includes('.tgz!/')) return el(doc, 'span', { class: 'file' }, label);
  return el(doc, 'a', { class: 'file link', href: '#', 'data-action': 'open', 'data-file': e.file, 'data-line': e.line ?? 1, title: `Open ${e.file}` }, label);
}

/** The way out of a problem that keeps helm from running, as buttons; Helm's own errors get none. */
function fixes(doc: Document, e: RenderError): HTMLElement | null {
  if (e.problem === 'helm-not-found' || e.problem === 'helm-not-runnable') {
    return el(
      doc,
      'p',
      { class: 'render-fixes', 'data-key': 'render-fixes' },
      button(doc, 'locate-helm', 'Locate helm…', 'Choose the helm binary: written to helmHooks.helm.path where it applies in this window', 'folder-opened'),
      ' ',
      button(doc, 'open-helm-settings', 'Open Settings', 'The helmHooks.helm.path setting, on the tab where it applies in this window', 'settings-gear'),
    );
  }
  if (e.problem === 'untrusted') {
    return el(doc, 'p', { class: 'render-fixes', 'data-key': 'render-fixes' }, button(doc, 'trust', 'Trust Workspace…', 'Manage Workspace Trust', 'shield'));
  }
  return null;
}

function errorList(doc: Document, errors: RenderError[]): HTMLElement[] {
  return errors.map((e) =>
    el(
      doc,
      'div',
      { class: 'render-error' },
      errorLocation(doc, e),
      el(doc, 'pre', { class: 'render-error-message' }, e.message),
      e.renderedLine ? el(doc, 'p', { class: 'render-error-note' }, `Line ${e.renderedLine} of the rendered output of ${e.path}, not of the template.`) : null,
      // A problem with a fix gets buttons rather than words about settings.
      e.hint && !e.problem ? el(doc, 'p', { class: 'render-hint' }, icon(doc, 'lightbulb'), ' ', ...withCode(doc, e.hint)) : null,
      fixes(doc, e),
    ),
  );
}

/** Errors (the built-in render's, Helm's), Verify with helm's differences and the notes, above the timeline. */
export function renderRenderReport(doc: Document, view: RenderView): HTMLElement | null {
  const parts: HTMLElement[] = [];
  const verify = view.verify;
  if (verify?.state === 'failed' && verify.errors?.length) {
    const helmMissing = verify.errors.some((e) => e.problem === 'helm-not-found' || e.problem === 'helm-not-runnable');
    const title = helmMissing
      ? 'Verify with helm: helm cannot be run'
      : verify.errors.some((e) => e.problem === 'untrusted')
        ? 'Verify with helm: this workspace is in Restricted Mode'
        : 'Helm could not render the chart';
    parts.push(
      el(
        doc,
        'section',
        { class: 'render-errors verify-errors', 'data-key': 'verify-errors', role: 'alert' },
        el(doc, 'h2', { class: 'render-errors-title' }, icon(doc, 'error'), ' ', title),
        ...errorList(doc, verify.errors),
      ),
    );
  }
  if (verify?.state === 'done' && verify.differences?.length) {
    parts.push(
      el(
        doc,
        'section',
        { class: 'verify-differences', 'data-key': 'verify-differences' },
        el(doc, 'h2', { class: 'render-errors-title' }, icon(doc, 'diff'), ' ', 'Differences between Helm and the built-in render'),
        el(doc, 'ul', { class: 'verify-difference-list' }, ...verify.differences.map((d) => el(doc, 'li', { class: 'verify-difference' }, ...withCode(doc, d)))),
      ),
    );
  }
  if (view.errors?.length && view.source !== 'helm') {
    parts.push(
      el(
        doc,
        'section',
        { class: 'render-errors', 'data-key': 'render-errors', role: 'alert' },
        el(
          doc,
          'h2',
          { class: 'render-errors-title' },
          icon(doc, 'error'),
          ' ',
          view.source === 'builtin'
            ? 'The chart does not render with this value set now: the order is its last good built-in render'
            : 'The chart does not render with this value set: the order is read from the templates',
        ),
        ...errorList(doc, view.errors),
      ),
    );
  }
  const notes = view.source === 'helm' ? (verify?.notes ?? []) : [];
  if (notes.length) {
    parts.push(el(doc, 'div', { class: 'notes render-notes', 'data-key': 'render-notes', role: 'note' }, ...notes.map((n) => el(doc, 'p', { class: 'note' }, icon(doc, 'info'), ' ', el(doc, 'span', null, ...withCode(doc, n))))));
  }
  return parts.length ? el(doc, 'div', { class: 'render-report', 'data-key': 'render-report' }, ...parts) : null;
}

/** Rendered marks on a hook row: brought in by the chosen values; template line only a best guess. */
export function renderedBadges(doc: Document, item: HookStepItem, badge: (cls: string, codicon: string, text: string, title: string) => HTMLElement): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (item.valuesOnly) out.push(badge('values', 'symbol-variable', 'from values', 'Rendered only with the chosen values files or --set pairs, not with the chart’s defaults'));
  if (item.mappingUncertain) out.push(badge('uncertain', 'question', 'line?', item.mappingNote ?? 'Which template document this hook comes from is a best guess'));
  return out;
}

/** Reads the form back: what the user typed, and the values files listed (in order). */
export function readRenderForm(root: ParentNode): ValueSetFields {
  const input = (id: string) => (root.querySelector(`#${id}`) as HTMLInputElement | null)?.value.trim() ?? '';
  const valuesFiles = Array.from(root.querySelectorAll<HTMLElement>('[data-values-file]'))
    .map((item) => item.getAttribute('data-values-file') ?? '')
    .filter(Boolean);
  const set = input(RENDER_FIELDS.set);
  return { release: input(RENDER_FIELDS.release), namespace: input(RENDER_FIELDS.namespace), valuesFiles, set: set ? [set] : [] };
}

/**
 * The message a click on one of these controls sends (the page delegates them here), or undefined for an element
 * that is not one of them. Changes of the value set carry the whole form as typed, so nothing typed is lost.
 */
export function controlMessage(actionEl: Element, root: ParentNode): FromPageMessage | undefined {
  switch (actionEl.getAttribute('data-action')) {
    case 'verify':
      return { type: 'verify' };
    case 'verify-close':
      return { type: 'verifyClose' };
    case 'locate-helm':
      return { type: 'locateHelm' };
    case 'open-helm-settings':
      return { type: 'openHelmSettings' };
    case 'trust':
      return { type: 'trustWorkspace' };
    case 'reset-values':
      return { type: 'resetValueSet' };
    case 'add-values':
      return { type: 'addValuesFile', ...readRenderForm(root) };
    case 'remove-values': {
      const file = actionEl.getAttribute('data-file');
      const form = readRenderForm(root);
      return { type: 'renderOptions', ...form, valuesFiles: form.valuesFiles.filter((f) => f !== file) };
    }
    default:
      return undefined;
  }
}
