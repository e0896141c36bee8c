/**
 * The panel's Argo CD view: the chart as Argo CD syncs it (PreSync → Sync → PostSync, wave by wave, with what Argo
 * CD waits for), the Application deletion (PreDelete → cascade delete → PostDelete), the hooks Argo CD never runs
 * and the differences from `helm install`. Pure, like `render.ts`: a result in, a fresh DOM tree out, every
 * chart-provided string set as text.
 */
import type { ArgoItem, ArgoOrderResult, ArgoStep } from '../../server/src/engine/hooks/argocd/argocdOrder';
import { el, icon, withCode } from './dom';
import { filterTerms, matchesFilter, optionRow, renderFilter, setRowTabStop } from './render';

export type DeployTarget = 'helm' | 'argocd';
export type ArgoTab = 'sync' | 'delete';
export const ARGO_TABS: readonly ArgoTab[] = ['sync', 'delete'];

export interface ArgoPageModel {
  order: ArgoOrderResult | null;
  tab: ArgoTab;
  selectedKey?: string;
  loading?: boolean;
  /** The filter box's text (shared with the Helm view). */
  filter?: string;
}

/** The Helm / Argo CD switch, shown above either view. */
export function renderTargetBar(doc: Document, target: DeployTarget): HTMLElement {
  const button = (value: DeployTarget, label: string, title: string) =>
    el(
      doc,
      'button',
      {
        class: value === target ? 'mode-button target-button selected' : 'mode-button target-button',
        type: 'button',
        'data-action': 'target',
        'data-target': value,
        'data-key': `target-${value}`,
        'aria-pressed': value === target ? 'true' : 'false',
        title,
      },
      label,
    );
  return el(
    doc,
    'div',
    { class: 'target-bar mode-switch', role: 'group', 'aria-label': 'Deployed by', 'data-key': 'target-bar' },
    button('helm', 'Helm', 'helm install / upgrade / rollback / uninstall / test run the hooks'),
    button('argocd', 'Argo CD', 'Argo CD renders with helm template and runs the hooks in its own sync phases and waves'),
  );
}

export function argoRowKey(tab: ArgoTab, step: ArgoStep, item: ArgoItem): string {
  return `argocd|${tab}|${step.id}|${item.file}|${item.line}|${item.kind}|${item.name}`;
}

/** Every selectable row of a tab, in display order. */
export function argoRows(order: ArgoOrderResult | null, tab: ArgoTab): Array<{ key: string; file: string; line: number }> {
  if (!order) return [];
  const rows: Array<{ key: string; file: string; line: number }> = [];
  for (const step of order.commands[tab].steps) for (const item of step.items) rows.push({ key: argoRowKey(tab, step, item), file: item.file, line: item.line });
  return rows;
}

export function renderArgoPage(doc: Document, model: ArgoPageModel, target: DeployTarget): HTMLElement {
  const root = el(doc, 'div', { class: 'page argocd-page', id: 'page' });
  const order = model.order;
  const title = el(
    doc,
    'div',
    { class: 'title-row' },
    el(doc, 'h1', { class: 'chart-name' }, icon(doc, 'list-ordered'), ' ', order ? order.chart : 'Argo CD sync order'),
    order
      ? el(doc, 'span', { class: 'meta', 'data-key': 'meta' }, `Argo CD · rendered with helm template (Helm ${order.helmVersion}) · ${order.hookCount} hook${order.hookCount === 1 ? '' : 's'}`)
      : null,
    el(doc, 'button', { class: 'icon-button', 'data-action': 'refresh', title: 'Refresh', 'aria-label': 'Refresh', type: 'button' }, icon(doc, 'refresh')),
  );
  const tabs = el(doc, 'div', { class: 'tabs', role: 'tablist', 'aria-label': 'Argo CD operation' });
  for (const tab of ARGO_TABS) {
    const selected = tab === model.tab;
    const n = order ? order.commands[tab].steps.filter((s) => s.type === 'hooks').reduce((k, s) => k + s.items.length, 0) : 0;
    tabs.appendChild(
      el(
        doc,
        'button',
        {
          class: selected ? 'tab selected' : 'tab',
          role: 'tab',
          type: 'button',
          id: `argo-tab-${tab}`,
          'data-key': `argo-tab-${tab}`,
          'data-argo-tab': tab,
          'aria-selected': selected ? 'true' : 'false',
          'aria-controls': 'argocd-panel',
          tabindex: selected ? 0 : -1,
        },
        el(doc, 'span', { class: 'tab-label' }, tab === 'sync' ? 'sync' : 'Application deletion'),
        order ? el(doc, 'span', { class: 'count', title: `${n} hook${n === 1 ? '' : 's'}` }, String(n)) : null,
      ),
    );
  }
  root.appendChild(el(doc, 'header', { class: 'header' }, title, el(doc, 'div', { class: 'mode-bar target-row', 'data-key': 'target-row' }, renderTargetBar(doc, target))));
  root.appendChild(el(doc, 'div', { class: 'toolbar', 'data-key': 'toolbar' }, tabs, renderFilter(doc, model.filter, 'Filter hooks and objects by kind, name or path')));
  const panel = el(doc, 'main', { class: 'tab-panel', id: 'argocd-panel', role: 'tabpanel', 'aria-labelledby': `argo-tab-${model.tab}` });
  root.appendChild(panel);
  if (!order) {
    panel.appendChild(
      el(doc, 'div', { class: 'empty', 'data-key': 'empty' }, el(doc, 'p', { class: 'empty-title' }, model.loading ? 'Computing the Argo CD order…' : 'No chart')),
    );
    return root;
  }
  const cmd = order.commands[model.tab];
  panel.appendChild(
    el(doc, 'div', { class: 'notes', 'data-key': `notes-${model.tab}`, role: 'note' }, ...cmd.notes.map((n) => el(doc, 'p', { class: 'note' }, icon(doc, 'info'), ' ', el(doc, 'span', null, ...withCode(doc, n))))),
  );
  const terms = filterTerms(model.filter);
  const timeline = el(doc, 'ol', { class: 'timeline', 'data-key': `argo-timeline-${model.tab}`, 'aria-label': `Argo CD ${model.tab}` });
  for (const step of cmd.steps) timeline.appendChild(renderArgoStep(doc, model.tab, step, model.selectedKey, terms));
  setRowTabStop(timeline, model.selectedKey);
  panel.appendChild(timeline);
  if (order.ignored.length) panel.appendChild(renderIgnored(doc, order));
  return root;
}

function renderArgoStep(doc: Document, tab: ArgoTab, step: ArgoStep, selectedKey: string | undefined, terms: readonly string[]): HTMLElement {
  const li = el(doc, 'li', { class: `step step-${step.type} argo-step`, 'data-key': `argo-step|${step.id}`, 'data-step': step.id });
  const noun = step.type === 'hooks' ? 'hook' : 'object';
  li.appendChild(
    el(
      doc,
      'div',
      { class: 'step-head' },
      el(doc, 'span', { class: 'step-marker' }, icon(doc, step.type === 'hooks' ? 'zap' : 'layers')),
      el(doc, 'h2', { class: 'step-title' }, step.title),
      el(
        doc,
        'span',
        { class: 'step-count' },
        `${terms.length ? `${step.items.filter((i) => matchesFilter(terms, i)).length} of ` : ''}${step.items.length} ${noun}${step.items.length === 1 ? '' : 's'}`,
      ),
    ),
  );
  li.appendChild(el(doc, 'p', { class: 'step-detail' }, step.detail));
  if (!step.items.length) return li;
  const list = el(doc, 'ol', { class: 'rows', role: 'listbox', 'aria-label': step.title });
  const waveOf = new Map<number, string>();
  for (const w of step.waves) waveOf.set(w.to, `wave ${w.wave}: ${w.waitsFor}`);
  step.items.forEach((item, i) => {
    const key = argoRowKey(tab, step, item);
    if (matchesFilter(terms, item)) list.appendChild(renderArgoRow(doc, item, key, key === selectedKey));
    const after = waveOf.get(i + 1);
    if (after) list.appendChild(el(doc, 'li', { class: 'wave-wait', 'data-key': `wave|${step.id}|${i + 1}`, role: 'presentation' }, icon(doc, 'watch'), ' ', after));
  });
  li.appendChild(list);
  return li;
}

function renderArgoRow(doc: Document, item: ArgoItem, key: string, selected: boolean): HTMLElement {
  const row = optionRow(doc, ['hook-row', 'argo-row'], key, item, selected);
  row.appendChild(el(doc, 'span', { class: 'pos', title: `#${item.position} in ${item.phase}` }, `#${item.position}`));
  const waveTitle = item.waveFrom === 'sync-wave' ? 'argocd.argoproj.io/sync-wave' : item.waveFrom === 'hook-weight' ? 'from helm.sh/hook-weight' : 'no wave annotation: 0';
  row.appendChild(el(doc, 'span', { class: 'weight wave', title: waveTitle }, `wave ${item.wave}`));
  row.appendChild(el(doc, 'span', { class: 'kind' }, item.kind));
  row.appendChild(el(doc, 'span', { class: 'name' }, item.name === '' ? '(generateName)' : item.name));
  row.appendChild(
    el(doc, 'a', { class: 'file link', href: '#', 'data-action': 'open', 'data-file': item.file, 'data-line': item.line, tabindex: -1, title: `Open ${item.file}:${item.line}` }, `${item.path}:${item.line}`),
  );
  const details = el(doc, 'div', { class: 'row-details' });
  details.appendChild(el(doc, 'span', { class: 'waits-for' }, icon(doc, 'watch'), ' ', item.waitsFor));
  if (item.hook) details.appendChild(el(doc, 'span', { class: 'outcome' }, ' · ', icon(doc, 'trash'), ' ', el(doc, 'span', { class: 'policy' }, item.deletePolicies.join(', '))));
  row.appendChild(details);
  for (const n of item.notes) row.appendChild(el(doc, 'p', { class: 'explain argo-note' }, icon(doc, 'info'), ' ', ...withCode(doc, n)));
  return row;
}

function renderIgnored(doc: Document, order: ArgoOrderResult): HTMLElement {
  return el(
    doc,
    'section',
    { class: 'dropped argo-ignored', 'data-key': 'argo-ignored', 'aria-label': 'Never run by Argo CD' },
    el(doc, 'h2', { class: 'dropped-title' }, icon(doc, 'circle-slash'), ` Never run by Argo CD (${order.ignored.length})`),
    el(
      doc,
      'ul',
      { class: 'dropped-list' },
      ...order.ignored.map((i) =>
        el(
          doc,
          'li',
          { class: 'dropped-item argo-ignored-item', 'data-key': `ignored|${i.file}|${i.line}` },
          el(doc, 'span', { class: 'kind struck' }, i.kind),
          ' ',
          el(doc, 'span', { class: 'name struck' }, i.name || '(generateName)'),
          ' ',
          el(doc, 'a', { class: 'file', href: '#', 'data-action': 'open', 'data-file': i.file, 'data-line': i.line }, i.path),
          el(doc, 'p', { class: 'reason' }, i.reason),
        ),
      ),
    ),
  );
}
