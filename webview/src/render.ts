/**
 * The execution-order page as pure functions: a `PageModel` in, a fresh DOM tree out. No state, no listeners
 * (the page delegates events from its root, see `page.ts`), no HTML strings: every chart-provided value goes
 * through `textContent`. `morph` then applies the fresh tree to the live one.
 */
import type {
  CommandName,
  CommandOrder,
  DisabledItem,
  DroppedItem,
  HookFailureOutcome,
  HookStep,
  HookStepFailure,
  HookStepItem,
  OrderResult,
  OrderStep,
  PhaseStep,
  ResourceItem,
  ResourceStep,
} from '../../server/src/engine/types';
import { COMMAND_NAMES, commandEvents } from '../../server/src/engine/helmFacts';
import { el, icon, withCode } from './dom';
import type { RenderView } from './messages';
import { renderedBadges, renderModeBar, renderRenderReport } from './renderControls';

export interface PageModel {
  order: OrderResult | null;
  /** Shown instead of a timeline when there is no order. */
  empty?: { title: string; detail: string };
  loading?: boolean;
  command: CommandName;
  selectedKey?: string;
  /** The Static / Rendered switch and render options (absent: no switch is shown). */
  render?: RenderView;
  /** Narrows every tab to the hooks and resources whose kind, name or path contain every word typed. */
  filter?: string;
  /**
   * Resource groups the user opened (true) or closed (false), by `groupKey`. A group not in here is closed, so a
   * chart's hundreds of resources never bury its hooks; while a filter is typed it is open, to show the matches.
   */
  groups?: Record<string, boolean>;
  /** Rendered mode: the options form is open; otherwise one summary line with an Edit button stands for it. */
  renderFormOpen?: boolean;
}

export const ALL_COMMANDS: readonly CommandName[] = COMMAND_NAMES;

/** A hook row's identity across updates: its step, where it is declared, what it is, and which occurrence. */
export function hookRowKey(step: HookStep, item: HookStepItem, occurrence: number): string {
  return `hook|${step.id}|${item.file}|${item.kind}|${item.name}|${occurrence}`;
}

export interface RowRef {
  key: string;
  file: string;
  line: number;
}

/** Every selectable row of a command, in display order, with its key. */
export function selectableRows(order: OrderResult | null, command: CommandName): RowRef[] {
  const cmd = order?.commands[command];
  if (!cmd) return [];
  const rows: RowRef[] = [];
  for (const step of cmd.steps) {
    if (step.type === 'hooks') {
      for (const { item, key } of keyedHookItems(step)) rows.push({ key, file: item.file, line: item.line });
    } else if (step.type === 'resources') {
      for (const { item, key } of keyedResourceItems(step)) rows.push({ key, file: item.file, line: item.line });
    }
  }
  return rows;
}

function hookIdentity(item: HookStepItem): string {
  return `${item.file}|${item.line}|${item.kind}|${item.name}`;
}

function keyedHookItems(step: HookStep): Array<{ item: HookStepItem; key: string }> {
  const seen = new Map<string, number>();
  return step.items.map((item) => {
    const base = `${item.file}|${item.kind}|${item.name}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { item, key: hookRowKey(step, item, n) };
  });
}

function keyedResourceItems(step: ResourceStep): Array<{ item: ResourceItem; key: string }> {
  const seen = new Map<string, number>();
  return step.items.map((item) => {
    const base = `${item.file}|${item.kind}|${item.name}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { item, key: `res|${step.id}|${base}|${n}` };
  });
}

/**
 * The row of the hook declared at `file`:`line` (1-based). A CodeLens sits at the top of a hook's document while
 * the engine reports the line of its `helm.sh/hook` annotation, so the first hook at or below the line wins, then
 * the last one above it. The preferred command is searched first, then the others in Helm's command order.
 */
export function findHookRow(
  order: OrderResult,
  preferred: CommandName,
  file: string,
  line: number,
): { command: CommandName; key: string } | undefined {
  const commands = [preferred, ...ALL_COMMANDS.filter((c) => c !== preferred)];
  let target: { line: number } | undefined;
  for (const command of commands) {
    for (const step of order.commands[command]?.steps ?? []) {
      if (step.type !== 'hooks') continue;
      for (const { item } of keyedHookItems(step)) {
        if (!sameFile(item.file, file)) continue;
        if (!target || closer(item.line, target.line, line)) target = { line: item.line };
      }
    }
  }
  if (!target) return undefined;
  for (const command of commands) {
    for (const step of order.commands[command]?.steps ?? []) {
      if (step.type !== 'hooks') continue;
      for (const { item, key } of keyedHookItems(step)) {
        if (sameFile(item.file, file) && item.line === target.line) return { command, key };
      }
    }
  }
  return undefined;
}

function closer(candidate: number, best: number, line: number): boolean {
  const below = (n: number) => n >= line;
  if (below(candidate) !== below(best)) return below(candidate);
  return below(candidate) ? candidate < best : candidate > best;
}

/** Paths from VS Code and from the engine differ at most in the drive letter's case and separators on Windows. */
export function sameFile(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/^([A-Za-z]):/, (_, d: string) => d.toLowerCase() + ':');
  return norm(a) === norm(b);
}

export function hookCountOf(cmd: CommandOrder | undefined, terms: readonly string[] = []): number {
  let n = 0;
  for (const step of cmd?.steps ?? []) if (step.type === 'hooks') n += terms.length ? step.items.filter((i) => matchesFilter(terms, i)).length : step.items.length;
  return n;
}

/** The filter box's words, lower-cased; none when it is empty. */
export function filterTerms(filter: string | undefined): string[] {
  return (filter ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

/** Every word is in the item's kind, name or chart path (case-insensitive). */
export function matchesFilter(terms: readonly string[], item: { kind: string; name: string; path: string }): boolean {
  if (terms.length === 0) return true;
  const text = `${item.kind} ${item.name} ${item.path}`.toLowerCase();
  return terms.every((t) => text.includes(t));
}

/** A resource group's identity: its step and kind (a kind appears once per step, Helm sorts by kind). */
export function groupKey(stepId: string, kind: string, nth = 0): string {
  return nth === 0 ? `${stepId}|${kind}` : `${stepId}|${kind}|${nth}`;
}

/** A group is closed unless the user opened it; while filtering it is open unless the user closed it. */
export function isGroupOpen(model: Pick<PageModel, 'groups' | 'filter'>, key: string): boolean {
  return model.groups?.[key] ?? filterTerms(model.filter).length > 0;
}

/** Files inside a packaged subchart (`charts/x.tgz!/x/templates/y.yaml`) cannot be opened in the editor. */
export function isOpenable(file: string): boolean {
  return file.length > 0 && !file.includes('.tgz!/');
}

// ---------------------------------------------------------------------------------------------------------------

export function renderPage(doc: Document, model: PageModel): HTMLElement {
  const root = el(doc, 'div', { class: 'page', id: 'page' });
  root.appendChild(renderHeader(doc, model));
  root.appendChild(renderToolbar(doc, model));
  root.appendChild(renderTabPanel(doc, model));
  return root;
}

/** The part of the page that scrolls away: the chart's name, the switches, rendered mode's options. */
function renderHeader(doc: Document, model: PageModel): HTMLElement {
  const order = model.order;
  const title = el(
    doc,
    'div',
    { class: 'title-row' },
    el(doc, 'h1', { class: 'chart-name' }, icon(doc, 'list-ordered'), ' ', order ? order.chart : 'Helm hook execution order'),
    order
      ? el(
          doc,
          'span',
          { class: 'meta', 'data-key': 'meta' },
          `${order.helmVersionDetected ? `Helm ${order.helmVersionDetected}` : `Helm ${order.helmVersion}`} · ${order.mode === 'rendered' ? 'rendered by helm' : order.mode === 'builtin' ? 'built-in render' : 'read from the templates'} · ` +
            `${order.hookCount} hook${order.hookCount === 1 ? '' : 's'}`,
        )
      : null,
    el(
      doc,
      'button',
      { class: 'icon-button', 'data-action': 'refresh', title: 'Refresh', 'aria-label': 'Refresh', type: 'button' },
      icon(doc, 'refresh'),
    ),
  );
  return el(doc, 'header', { class: 'header' }, title, model.render ? renderModeSection(doc, model.render, !!model.renderFormOpen) : null);
}

/**
 * Rendered mode's switch and options. The form takes several lines, so it folds into one summary line (release,
 * namespace, values files, `--set`) with an Edit button; it opens on Edit and closes again on Render or Escape.
 */
function renderModeSection(doc: Document, view: RenderView, formOpen: boolean): HTMLElement {
  const bar = renderModeBar(doc, view);
  const form = bar.querySelector('.render-form');
  if (!form) return bar;
  form.setAttribute('id', 'render-form');
  if (!formOpen) form.setAttribute('hidden', '');
  const parts = [
    `release ${view.release || 'release-name'}`,
    `namespace ${view.namespace || 'default'}`,
    view.valuesFiles.length ? `values ${view.valuesFiles.join(', ')}` : 'values.yaml only',
    ...(view.set.length ? [`--set ${view.set.join(',')}`] : []),
  ];
  const text = parts.join(' · ');
  const summary = el(
    doc,
    'div',
    { class: 'render-summary', 'data-key': 'render-summary' },
    el(doc, 'span', { class: 'render-summary-text', title: text }, text),
    el(
      doc,
      'button',
      {
        class: 'render-edit',
        type: 'button',
        'data-action': 'render-edit',
        'data-key': 'render-edit',
        'aria-expanded': formOpen ? 'true' : 'false',
        'aria-controls': 'render-form',
        title: formOpen ? 'Close the render options' : 'Change the release, namespace, values files or --set pairs',
      },
      icon(doc, formOpen ? 'chevron-up' : 'edit'),
      ' ',
      formOpen ? 'Close' : 'Edit',
    ),
  );
  bar.insertBefore(summary, form);
  return bar;
}

/** What stays on screen while the timeline scrolls: the command tabs (one scrollable row) and the filter. */
function renderToolbar(doc: Document, model: PageModel): HTMLElement {
  const order = model.order;
  const terms = filterTerms(model.filter);
  const tabs = el(doc, 'div', { class: 'tabs', role: 'tablist', 'aria-label': 'Helm command', 'data-key': 'tabs' });
  for (const command of ALL_COMMANDS) {
    const selected = command === model.command;
    const cmd = order?.commands[command];
    const count = hookCountOf(cmd, terms);
    const countTitle = terms.length
      ? `${count} of ${hookCountOf(cmd)} hook run${hookCountOf(cmd) === 1 ? '' : 's'} match the filter`
      : `${count} hook run${count === 1 ? '' : 's'}`;
    tabs.appendChild(
      el(
        doc,
        'button',
        {
          class: selected ? 'tab selected' : 'tab',
          role: 'tab',
          type: 'button',
          id: `tab-${command}`,
          'data-key': `tab-${command}`,
          'data-command': command,
          'aria-selected': selected ? 'true' : 'false',
          'aria-controls': 'timeline-panel',
          tabindex: selected ? 0 : -1,
        },
        el(doc, 'span', { class: 'tab-label' }, command),
        order ? el(doc, 'span', { class: 'count', title: countTitle }, String(count)) : null,
      ),
    );
  }
  return el(doc, 'div', { class: 'toolbar', 'data-key': 'toolbar' }, tabs, renderFilter(doc, model.filter, 'Filter hooks and resources by kind, name or path'));
}

/** The filter box (shared with the Argo CD view). */
export function renderFilter(doc: Document, value: string | undefined, label: string): HTMLElement {
  return el(
    doc,
    'div',
    { class: 'filter', role: 'search', 'data-key': 'filter' },
    icon(doc, 'filter', 'filter-icon'),
    el(doc, 'input', {
      id: 'filter',
      class: 'filter-input',
      'data-key': 'filter-input',
      type: 'search',
      value: value ?? '',
      placeholder: 'Filter: kind, name, path',
      title: label,
      'aria-label': label,
      spellcheck: 'false',
      autocomplete: 'off',
    }),
  );
}

/**
 * Roving tabindex: exactly one row of the timeline is in the tab order, the selected one if it is on screen (its
 * group open, the filter matching it), otherwise the first row shown.
 */
export function setRowTabStop(container: ParentNode, selectedKey: string | undefined): void {
  const rows = Array.from(container.querySelectorAll<HTMLElement>('.row[data-key]'));
  const stop = rows.find((r) => r.getAttribute('data-key') === selectedKey) ?? rows[0];
  for (const row of rows) row.setAttribute('tabindex', row === stop ? '0' : '-1');
}

function renderTabPanel(doc: Document, model: PageModel): HTMLElement {
  const panel = el(doc, 'main', {
    class: 'tab-panel',
    id: 'timeline-panel',
    role: 'tabpanel',
    'aria-labelledby': `tab-${model.command}`,
  });
  const order = model.order;
  const report = model.render ? renderRenderReport(doc, model.render) : null;
  if (report) panel.appendChild(report);
  if (!order) {
    const empty = model.empty ?? (model.loading
      ? { title: 'Computing the execution order…', detail: '' }
      : { title: 'No chart', detail: 'Open a file of a Helm chart to see the order in which its hooks run.' });
    panel.appendChild(
      el(
        doc,
        'div',
        { class: 'empty', 'data-key': 'empty' },
        el(doc, 'p', { class: 'empty-title' }, empty.title),
        empty.detail ? el(doc, 'p', { class: 'empty-detail' }, empty.detail) : null,
      ),
    );
    return panel;
  }
  const terms = filterTerms(model.filter);
  const cmd = order.commands[model.command];
  if (!cmd) {
    panel.appendChild(
      el(doc, 'div', { class: 'empty', 'data-key': 'empty' }, el(doc, 'p', { class: 'empty-title' }, `No order for helm ${model.command}.`)),
    );
  } else {
    if (terms.length) panel.appendChild(renderFilterStatus(doc, cmd, terms));
    if (cmd.notes.length > 0) {
      panel.appendChild(
        el(
          doc,
          'div',
          { class: 'notes', 'data-key': 'notes', role: 'note' },
          ...cmd.notes.map((note) => el(doc, 'p', { class: 'note' }, icon(doc, 'info'), ' ', el(doc, 'span', null, ...withCode(doc, note)))),
        ),
      );
    }
    const timeline = el(doc, 'ol', { class: 'timeline', 'data-key': `timeline-${model.command}`, 'aria-label': `helm ${model.command}` });
    for (const step of cmd.steps) timeline.appendChild(renderStep(doc, step, model, terms));
    setRowTabStop(timeline, model.selectedKey);
    panel.appendChild(timeline);
  }
  const off = disabledFor(order, model.command).filter((d) => matchesFilter(terms, d));
  if (off.length > 0) panel.appendChild(renderDisabled(doc, off));
  const dropped = order.dropped.filter((d) => matchesFilter(terms, d));
  if (dropped.length > 0) panel.appendChild(renderDropped(doc, dropped));
  return panel;
}

/** How many hooks and resources of the tab the filter leaves, announced to screen readers as it changes. */
function renderFilterStatus(doc: Document, cmd: CommandOrder, terms: readonly string[]): HTMLElement {
  let hooks = 0;
  let resources = 0;
  for (const step of cmd.steps) {
    if (step.type === 'hooks') hooks += step.items.filter((i) => matchesFilter(terms, i)).length;
    else if (step.type === 'resources') resources += step.items.filter((i) => matchesFilter(terms, i)).length;
  }
  return el(
    doc,
    'p',
    { class: 'filter-status', role: 'status', 'data-key': 'filter-status' },
    icon(doc, 'filter'),
    ' ',
    `${countText(hooks, 'hook')} and ${countText(resources, 'resource')} match the filter.`,
  );
}

function stepIcon(step: OrderStep): string {
  if (step.type === 'hooks') return 'zap';
  if (step.type === 'resources') return 'layers';
  const id = step.id.toLowerCase();
  if (id.includes('verify')) return 'verified';
  if (id.includes('render')) return 'file-code';
  if (id.includes('crd')) return 'symbol-class';
  if (id.includes('wait')) return 'watch';
  if (id.includes('load') || id.includes('revision')) return 'history';
  return 'circle-small-filled';
}

function renderStep(doc: Document, step: OrderStep, model: PageModel, terms: readonly string[]): HTMLElement {
  const li = el(doc, 'li', { class: `step step-${step.type}`, 'data-key': `step|${step.type}|${step.id}` });
  const head = el(
    doc,
    'div',
    { class: 'step-head' },
    el(doc, 'span', { class: 'step-marker' }, icon(doc, stepIcon(step))),
    el(doc, 'h2', { class: 'step-title' }, step.title),
  );
  li.appendChild(head);
  const count = (shown: number, total: number, noun: string) => (terms.length ? `${shown} of ${countText(total, noun)}` : countText(total, noun));
  if (step.type === 'phase') {
    renderPhase(doc, li, step);
  } else if (step.type === 'hooks') {
    const shown = step.items.filter((i) => matchesFilter(terms, i)).length;
    head.appendChild(el(doc, 'span', { class: 'step-count' }, count(shown, step.items.length, 'hook')));
    renderHookStep(doc, li, step, model.selectedKey, terms);
  } else {
    const shown = step.items.filter((i) => matchesFilter(terms, i)).length;
    if (step.items.length > 0) head.appendChild(el(doc, 'span', { class: 'step-count' }, count(shown, step.items.length, 'resource')));
    renderResourceStep(doc, li, step, model, terms);
  }
  return li;
}

function countText(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function renderPhase(doc: Document, li: HTMLElement, step: PhaseStep): void {
  if (step.detail) li.appendChild(el(doc, 'p', { class: 'step-detail' }, ...withCode(doc, step.detail)));
}

function renderHookStep(doc: Document, li: HTMLElement, step: HookStep, selectedKey: string | undefined, terms: readonly string[]): void {
  if (step.items.length === 0) {
    li.appendChild(el(doc, 'p', { class: 'step-detail' }, `No ${step.id} hooks.`));
    return;
  }
  // An event listed twice in `helm.sh/hook` is kept twice by Helm: the same hook runs twice in this phase.
  const runs = new Map<string, number>();
  for (const item of step.items) runs.set(hookIdentity(item), (runs.get(hookIdentity(item)) ?? 0) + 1);
  const shown = keyedHookItems(step)
    .map((entry, i) => ({ ...entry, failure: step.failure?.hooks[i] }))
    .filter(({ item }) => matchesFilter(terms, item));
  if (shown.length === 0) {
    li.appendChild(el(doc, 'p', { class: 'step-detail' }, `No ${step.id} hook matches the filter.`));
    return;
  }
  const list = el(doc, 'ol', { class: 'rows', role: 'listbox', 'aria-label': step.title });
  for (const { item, key, failure } of shown) {
    list.appendChild(renderHookRow(doc, item, key, key === selectedKey, runs.get(hookIdentity(item)) ?? 1, failure));
  }
  li.appendChild(list);
  if (step.deletedAfterSuccess.length > 0) {
    li.appendChild(
      el(
        doc,
        'div',
        { class: 'deletions' },
        el(doc, 'p', { class: 'deletions-title' }, icon(doc, 'trash'), ` After every ${step.id} hook succeeded, Helm deletes (reverse order):`),
        el(
          doc,
          'ol',
          { class: 'deletion-list' },
          ...step.deletedAfterSuccess.map((d) =>
            el(doc, 'li', null, el(doc, 'span', { class: 'kind' }, d.kind), ' ', el(doc, 'span', { class: 'name' }, d.name)),
          ),
        ),
      ),
    );
  }
  if (step.failure) li.appendChild(renderFailure(doc, step, step.failure));
}

/** How long the phase may take and what Helm does when one of its hooks fails (spec §8). */
function renderFailure(doc: Document, step: HookStep, f: HookStepFailure): HTMLElement {
  const recovery = f.recovery;
  return el(
    doc,
    'div',
    { class: 'failure', 'data-key': `failure|${step.id}` },
    el(
      doc,
      'p',
      { class: 'failure-wait', title: f.wait },
      icon(doc, 'watch'),
      ' ',
      `Helm waits on ${countText(f.waitedHooks, 'hook')} of ${step.items.length} (Job and Pod only; ${f.strategy}); ${f.timeout}: ${f.maxDuration}.`,
    ),
    el(doc, 'p', { class: 'failure-title' }, icon(doc, 'error'), ` If a ${step.id} hook fails`),
    el(doc, 'p', { class: 'failure-after' }, f.afterFailure),
    el(doc, 'p', { class: 'failure-status' }, el(doc, 'span', { class: 'label' }, 'Release status: '), f.releaseStatus),
    recovery
      ? el(
          doc,
          'p',
          { class: 'failure-recovery' },
          el(doc, 'span', { class: 'label' }, `With ${recovery.flag}: `),
          ...withCode(doc, `Helm ${recovery.action} (${recovery.events.join(', ')} hooks run): ${recovery.note}.`),
        )
      : null,
  );
}

function fileLink(doc: Document, path: string, file: string, line: number): HTMLElement {
  const label = `${path}:${line}`;
  if (!isOpenable(file)) {
    return el(doc, 'span', { class: 'file', title: `${file} (inside a packaged subchart: not openable)` }, label);
  }
  return el(
    doc,
    'a',
    { class: 'file link', href: '#', 'data-action': 'open', 'data-file': file, 'data-line': line, tabindex: -1, title: `Open ${file}:${line}` },
    label,
  );
}

function badge(doc: Document, cls: string, codicon: string, text: string, title: string): HTMLElement {
  return el(doc, 'span', { class: `badge badge-${cls}`, title }, icon(doc, codicon), ' ', text);
}

export function weightExplanation(item: HookStepItem): string | undefined {
  if (!item.weightInvalid) return undefined;
  return item.weightRaw !== undefined
    ? `weight 0 because ${JSON.stringify(item.weightRaw)} is not an integer`
    : 'weight 0 because the annotation is not an integer Helm can parse';
}

function renderHookRow(
  doc: Document,
  item: HookStepItem,
  key: string,
  selected: boolean,
  runs: number,
  failure: HookFailureOutcome | undefined,
): HTMLElement {
  const weightTitle = weightExplanation(item) ?? `helm.sh/hook-weight ${item.weight}`;
  const row = optionRow(doc, item.weightInvalid ? ['hook-row', 'weight-invalid'] : ['hook-row'], key, item, selected);
  row.appendChild(el(doc, 'span', { class: 'pos', title: `runs #${item.position} in this phase` }, `#${item.position}`));
  row.appendChild(
    el(
      doc,
      'span',
      { class: item.weightInvalid ? 'weight invalid' : 'weight', title: weightTitle },
      item.weightInvalid ? icon(doc, 'warning') : null,
      item.weightInvalid ? ' ' : null,
      `weight ${item.weight}`,
    ),
  );
  row.appendChild(el(doc, 'span', { class: 'kind' }, item.kind));
  row.appendChild(el(doc, 'span', { class: 'name' }, item.name === '' ? '(generateName)' : item.name));
  row.appendChild(fileLink(doc, item.path, item.file, item.line));

  const policies = item.deletePolicies.length > 0 ? item.deletePolicies.join(', ') : `${item.effectiveDeletePolicies.join(', ')} (default)`;
  const details = el(
    doc,
    'div',
    { class: 'row-details' },
    el(doc, 'span', { class: 'outcome', title: `helm.sh/hook-delete-policy: ${policies}` }, icon(doc, 'trash'), ' ', el(doc, 'span', { class: 'policy' }, policies), ' → ', ...withCode(doc, item.outcome)),
  );
  const badges = el(doc, 'span', { class: 'badges' });
  if (item.waits) badges.appendChild(badge(doc, 'waits', 'watch', 'waits', `Helm waits until this ${item.kind} ${item.kind === 'Job' ? 'completes' : 'succeeds'} before the next hook`));
  if (item.conditional) badges.appendChild(badge(doc, 'conditional', 'filter', 'conditional', item.condition ? `Only rendered when ${item.condition}` : 'Only rendered under a condition'));
  if (item.dynamic) badges.appendChild(badge(doc, 'dynamic', 'variable', 'dynamic', 'A hook value is templated: this position is a best guess'));
  if (item.subchart) badges.appendChild(badge(doc, 'subchart', 'package', 'subchart', 'Declared in a subchart: weights are global across the chart and its subcharts'));
  if (item.neverCompletes) badges.appendChild(badge(doc, 'never-completes', 'warning', 'never completes', 'restartPolicy Always: this Pod never reaches Succeeded, so Helm waits until --timeout and fails'));
  // Only ties whose order matters (or every tie, with helmHooks.ties.showAll) carry a note (hookOrder.ts tieNotes).
  if (item.tieNote) badges.appendChild(badge(doc, 'tie', 'sort-precedence', 'tie by name', item.tieNote));
  for (const b of renderedBadges(doc, item, (cls, codicon, text, title) => badge(doc, cls, codicon, text, title))) badges.appendChild(b);
  if (runs > 1) badges.appendChild(badge(doc, 'repeat', 'debug-restart', `runs ${runs}×`, `The event is listed ${runs} times in helm.sh/hook: Helm runs this hook ${runs} times in this phase`));
  if (badges.childNodes.length > 0) details.appendChild(badges);
  row.appendChild(details);

  const explanations: HTMLElement[] = [];
  const weightWhy = weightExplanation(item);
  if (weightWhy) explanations.push(el(doc, 'p', { class: 'explain explain-weight' }, icon(doc, 'warning'), ' ', weightWhy));
  if (item.tieNote) explanations.push(el(doc, 'p', { class: 'explain explain-tie' }, icon(doc, 'info'), ' ', item.tieNote));
  if (failure) {
    explanations.push(
      el(doc, 'p', { class: 'explain explain-failure', title: 'What Helm does if this hook fails' }, icon(doc, 'error'), ' ', `If it fails: ${failure.summary}.`),
    );
  }
  for (const e of explanations) row.appendChild(e);
  return row;
}

function renderResourceStep(doc: Document, li: HTMLElement, step: ResourceStep, model: PageModel, terms: readonly string[]): void {
  if (step.items.length === 0) {
    li.appendChild(el(doc, 'p', { class: 'step-detail' }, 'None in this chart.'));
    return;
  }
  // Helm applies (or deletes) by kind: consecutive items of one kind form a group, closed by default so that a
  // chart's hundreds of resources take a line per kind and the hooks after them stay in sight.
  const groups: Array<{ kind: string; items: Array<{ item: ResourceItem; key: string }> }> = [];
  for (const entry of keyedResourceItems(step)) {
    const last = groups[groups.length - 1];
    if (last && last.kind === entry.item.kind) last.items.push(entry);
    else groups.push({ kind: entry.item.kind, items: [entry] });
  }
  const list = el(doc, 'ul', { class: 'kind-groups', 'aria-label': step.title });
  const seen = new Map<string, number>();
  groups.forEach((group, i) => {
    const nth = seen.get(group.kind) ?? 0;
    seen.set(group.kind, nth + 1);
    const key = groupKey(step.id, group.kind, nth);
    const shown = group.items.filter(({ item }) => matchesFilter(terms, item));
    if (shown.length === 0) return;
    const open = isGroupOpen(model, key);
    const listId = `group-${step.id}-${i}`;
    const toggle = el(
      doc,
      'button',
      {
        class: 'group-toggle',
        type: 'button',
        'data-action': 'toggle-group',
        'data-group': key,
        'data-key': `toggle|${key}`,
        'aria-expanded': open ? 'true' : 'false',
        'aria-controls': open ? listId : undefined,
        title: `${open ? 'Hide' : 'Show'} the ${countText(group.items.length, group.kind)}`,
      },
      icon(doc, open ? 'chevron-down' : 'chevron-right', 'group-chevron'),
      el(doc, 'span', { class: 'kind' }, group.kind),
      ' ',
      el(doc, 'span', { class: 'group-count' }, terms.length ? `×${shown.length} of ${group.items.length}` : `×${group.items.length}`),
    );
    const item = el(doc, 'li', { class: open ? 'kind-group open' : 'kind-group', 'data-key': `group|${key}` }, el(doc, 'h3', { class: 'kind-title' }, toggle));
    if (open) {
      const rows = el(doc, 'ul', { class: 'rows', id: listId, role: 'listbox', 'aria-label': group.kind });
      for (const entry of shown) rows.appendChild(renderResourceRow(doc, entry.item, entry.key, entry.key === model.selectedKey));
      item.appendChild(rows);
    }
    list.appendChild(item);
  });
  if (list.childNodes.length === 0) {
    li.appendChild(el(doc, 'p', { class: 'step-detail' }, 'No resource matches the filter.'));
    return;
  }
  li.appendChild(list);
}

/**
 * A row of a list the keyboard walks (arrow keys, Enter opens its file at its line): `<li role="option">` with the
 * classes given plus `row` (and `selected`), its key and its place in the chart. Children are added by the caller.
 */
export function optionRow(doc: Document, classes: string[], key: string, place: { file: string; line: number }, selected: boolean, ...children: Array<HTMLElement | null>): HTMLElement {
  return el(
    doc,
    'li',
    {
      class: ['row', ...classes, ...(selected ? ['selected'] : [])].join(' '),
      role: 'option',
      'data-key': key,
      'data-file': place.file,
      'data-line': place.line,
      'aria-selected': selected ? 'true' : 'false',
      tabindex: -1,
    },
    ...children,
  );
}

/** The last segment of a chart path: what a CRD file without a known name is listed as. */
function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** One line per resource: its name (wrapping if it must), then its file, shortened with the full path as tooltip. */
function renderResourceRow(doc: Document, item: ResourceItem, key: string, selected: boolean): HTMLElement {
  const label = item.name || (item.kind === 'CustomResourceDefinition' ? baseName(item.path) : '(unnamed)');
  return optionRow(
    doc,
    ['resource-row'],
    key,
    item,
    selected,
    el(doc, 'span', { class: 'name' }, label),
    fileLink(doc, item.path, item.file, item.line),
    item.conditional ? badge(doc, 'conditional', 'filter', 'conditional', 'Only rendered under a condition') : null,
    item.nameDynamic ? badge(doc, 'dynamic', 'variable', 'dynamic', 'The name is templated') : null,
  );
}

/** The hooks of this command's events that the values in use switch off. */
export function disabledFor(order: OrderResult, command: CommandName): DisabledItem[] {
  const events = commandEvents(command);
  return (order.disabled ?? []).filter((d) => d.events.some((e) => events.includes(e)));
}

function renderDisabled(doc: Document, off: DisabledItem[]): HTMLElement {
  return el(
    doc,
    'section',
    { class: 'disabled', 'data-key': 'disabled', 'aria-label': 'Not rendered with these values' },
    el(doc, 'h2', { class: 'disabled-title' }, icon(doc, 'circle-outline'), ' Not rendered with these values'),
    el(
      doc,
      'ul',
      { class: 'disabled-list' },
      ...off.map((d) =>
        el(
          doc,
          'li',
          { class: 'disabled-item' },
          el(doc, 'span', { class: 'kind' }, d.kind),
          ' ',
          el(doc, 'span', { class: 'name' }, d.name || '(unnamed)'),
          ' ',
          el(doc, 'span', { class: 'events' }, d.events.join(', ')),
          ' ',
          fileLink(doc, d.path, d.file, d.line),
          el(doc, 'p', { class: 'reason' }, ...withCode(doc, d.reason)),
        ),
      ),
    ),
  );
}

function renderDropped(doc: Document, dropped: DroppedItem[]): HTMLElement {
  return el(
    doc,
    'section',
    { class: 'dropped', 'data-key': 'dropped', 'aria-label': 'Dropped by Helm' },
    el(doc, 'h2', { class: 'dropped-title' }, icon(doc, 'circle-slash'), ' Dropped silently by Helm'),
    el(
      doc,
      'ul',
      { class: 'dropped-list' },
      ...dropped.map((d) =>
        el(
          doc,
          'li',
          { class: 'dropped-item' },
          el(doc, 'span', { class: 'struck' }, el(doc, 'span', { class: 'kind' }, d.kind), ' ', el(doc, 'span', { class: 'name' }, d.name)),
          ' ',
          d.path ? fileLink(doc, d.path, d.file, d.line) : el(doc, 'span', { class: 'file' }, '(template unknown)'),
          el(doc, 'p', { class: 'reason' }, ...withCode(doc, d.reason)),
        ),
      ),
    ),
  );
}
