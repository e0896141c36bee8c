/**
 * The panel on a chart of many resources, driven in jsdom with the engine's real order of a generated chart:
 * resources folded by kind with counts, the filter over every tab, keys that move over what is shown, CRD files
 * listed by name, and the value set folded into one line with an Edit button.
 */
import * as assert from 'assert';
import { JSDOM } from 'jsdom';
import type { OrderResult } from '../../server/src/engine/types';
import type { FromPageMessage, PageState, RenderView } from '../../webview/src/messages';
import { createOrderPage } from '../../webview/src/page';
import { chart } from '../helpers/fixtures';

function obj(kind: string, name: string, annotations: Record<string, string> = {}): string {
  const ann = Object.entries(annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}\n`).join('');
  return `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n` + (ann ? `  annotations:\n${ann}` : '');
}

/** 37 ConfigMaps, 4 Services, 2 Deployments, three hooks and two CRD files. */
function bigChart(): OrderResult {
  const configMaps = Array.from({ length: 37 }, (_, i) => obj('ConfigMap', `settings-${String(i).padStart(2, '0')}`)).join('---\n');
  const services = ['api', 'web', 'metrics', 'admin'].map((n) => obj('Service', n)).join('---\n');
  const c = chart({
    'templates/configmaps.yaml': configMaps,
    'templates/services.yaml': services,
    'templates/deployments.yaml': [obj('Deployment', 'api'), obj('Deployment', 'web')].join('---\n'),
    'templates/hooks/migrate.yaml': obj('Job', 'migrate-db', { 'helm.sh/hook': 'pre-install,pre-upgrade' }),
    'templates/hooks/seed.yaml': obj('Job', 'seed-data', { 'helm.sh/hook': 'post-install' }),
    'templates/hooks/notify.yaml': obj('Pod', 'notify-web', { 'helm.sh/hook': 'post-install,post-upgrade', 'helm.sh/hook-weight': '5' }),
    'crds/crd-widgets.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n',
    'crds/crd-gadgets.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: gadgets.example.com\n',
  });
  return c.order();
}

function view(over: Partial<RenderView> = {}): RenderView {
  return { source: 'builtin', trusted: true, release: 'rel', namespace: 'apps', valuesFiles: ['ci/prod-values.yaml'], set: ['replicas=3'], ...over };
}

function harness(saved?: PageState) {
  const dom = new JSDOM('<!DOCTYPE html><body><div id="root"></div></body>');
  const doc = dom.window.document;
  const root = doc.getElementById('root') as HTMLElement;
  const sent: FromPageMessage[] = [];
  const state: { value?: PageState } = { value: saved };
  const page = createOrderPage(root, { postMessage: (m) => sent.push(m), getState: () => state.value, setState: (s) => (state.value = s) });
  const h = {
    dom,
    doc,
    root,
    page,
    sent,
    state,
    click: (el: Element) => el.dispatchEvent(new dom.window.MouseEvent('click', { bubbles: true, cancelable: true })),
    key: (el: Element, key: string) => el.dispatchEvent(new dom.window.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })),
    type: (text: string) => {
      const input = root.querySelector<HTMLInputElement>('#filter')!;
      input.value = text;
      input.dispatchEvent(new dom.window.Event('input', { bubbles: true }));
    },
    toggles: (step = 'create') => Array.from(root.querySelectorAll<HTMLElement>(`[data-key="step|resources|${step}"] .group-toggle`)),
    toggle: (kind: string, step = 'create') => h.toggles(step).find((t) => t.querySelector('.kind')!.textContent === kind)!,
    hookNames: () => Array.from(root.querySelectorAll('.timeline .hook-row .name')).map((n) => n.textContent),
    resourceNames: () => Array.from(root.querySelectorAll('.timeline .resource-row .name')).map((n) => n.textContent),
    tab: (command: string) => root.querySelector<HTMLElement>(`#tab-${command}`)!,
  };
  return h;
}

describe('webview: a chart of many resources', () => {
  it('folds the resources by kind, closed, one line each: "ConfigMap ×37"', () => {
    const h = harness();
    h.page.handle({ type: 'order', order: bigChart() });
    const groups = h.toggles().map((t) => [t.textContent!.trim(), t.getAttribute('aria-expanded')]);
    assert.deepStrictEqual(groups, [
      ['ConfigMap ×37', 'false'],
      ['Service ×4', 'false'],
      ['Deployment ×2', 'false'],
    ], "in Helm's kind order");
    assert.deepStrictEqual(h.resourceNames(), [], 'no resource row until a group is opened');
    assert.deepStrictEqual(h.hookNames(), ['migrate-db', 'seed-data', 'notify-web'], 'every hook is shown');
  });

  it('opens a group on click, says so with aria-expanded and aria-controls, and remembers it across a reload', () => {
    const h = harness();
    h.page.handle({ type: 'order', order: bigChart() });
    h.click(h.toggle('Service'));
    const toggle = h.toggle('Service');
    assert.strictEqual(toggle.getAttribute('aria-expanded'), 'true');
    const list = h.doc.getElementById(toggle.getAttribute('aria-controls')!);
    assert.ok(list, 'aria-controls names the list');
    assert.deepStrictEqual(Array.from(list.querySelectorAll('.name')).map((n) => n.textContent), ['api', 'web', 'metrics', 'admin']);
    assert.strictEqual(h.toggle('ConfigMap').getAttribute('aria-expanded'), 'false', 'the other groups stay closed');

    const reloaded = harness(h.state.value);
    reloaded.page.handle({ type: 'order', order: bigChart() });
    assert.strictEqual(reloaded.toggle('Service').getAttribute('aria-expanded'), 'true', 'a reloaded panel keeps the group open');
    reloaded.click(reloaded.toggle('Service'));
    assert.strictEqual(reloaded.toggle('Service').getAttribute('aria-expanded'), 'false');
    assert.deepStrictEqual(reloaded.resourceNames(), []);
  });

  it('lists the CRDs of crds/ by their metadata.name, in one group, the file as the tooltip', () => {
    const h = harness();
    h.page.handle({ type: 'order', order: bigChart() });
    const crds = h.toggles('crds');
    assert.deepStrictEqual(crds.map((t) => t.textContent!.trim()), ['CustomResourceDefinition ×2']);
    h.click(crds[0]);
    const rows = Array.from(h.root.querySelectorAll('[data-key="step|resources|crds"] .resource-row'));
    assert.deepStrictEqual(rows.map((r) => r.querySelector('.name')!.textContent), ['gadgets.example.com', 'widgets.example.com']);
    for (const r of rows) assert.match(r.querySelector('.file')!.getAttribute('title')!, /^Open \/ws\/mychart\/crds\/crd-\w+\.yaml:1$/, 'the whole path is the tooltip');
  });

  it('narrows every tab with the filter: kind, name or path, all words, hooks and resources', () => {
    const h = harness();
    h.page.handle({ type: 'order', order: bigChart() });
    const counts = () => ['install', 'upgrade', 'test'].map((c) => h.tab(c).querySelector('.count')!.textContent);
    assert.deepStrictEqual(counts(), ['3', '2', '0']);
    h.type('web');
    assert.deepStrictEqual(h.hookNames(), ['notify-web'], 'hooks by name');
    assert.deepStrictEqual(counts(), ['1', '1', '0'], 'each tab counts what matches');
    assert.deepStrictEqual(h.toggles().map((t) => t.textContent!.trim()), ['Service ×1 of 4', 'Deployment ×1 of 2'], 'groups without a match are left out');
    assert.deepStrictEqual(h.resourceNames(), ['web', 'web'], 'while filtering, groups open to show their matches');
    assert.match(h.root.querySelector('.filter-status')!.textContent!, /1 hook and 2 resources match the filter/);
    assert.strictEqual(h.root.querySelector('.filter-status')!.getAttribute('role'), 'status');

    h.type('configmap settings-3');
    assert.deepStrictEqual(h.resourceNames(), ['settings-30', 'settings-31', 'settings-32', 'settings-33', 'settings-34', 'settings-35', 'settings-36'], 'every word must match');
    assert.deepStrictEqual(h.hookNames(), []);
    assert.match(h.root.querySelector('[data-key="step|hooks|pre-install"]')!.textContent!, /No pre-install hook matches the filter/);

    h.type('templates/hooks/');
    assert.deepStrictEqual(h.hookNames(), ['migrate-db', 'seed-data', 'notify-web'], 'by path');
    h.click(h.tab('upgrade'));
    assert.deepStrictEqual(h.hookNames(), ['migrate-db', 'notify-web'], 'the filter stays when the tab changes');
    assert.strictEqual(h.state.value?.filter, 'templates/hooks/', 'and is kept for a reload');

    h.key(h.root.querySelector('#filter')!, 'Escape');
    assert.strictEqual(h.root.querySelector<HTMLInputElement>('#filter')!.value, '');
    assert.strictEqual(h.root.querySelector('.filter-status'), null);
    assert.deepStrictEqual(counts(), ['3', '2', '0']);
  });

  it('moves with the arrow keys over the rows shown only; one row is the tab stop', () => {
    const h = harness();
    h.page.handle({ type: 'order', order: bigChart() });
    const rows = () => Array.from(h.root.querySelectorAll<HTMLElement>('.timeline .row'));
    assert.deepStrictEqual(rows().map((r) => r.querySelector('.name')!.textContent), ['migrate-db', 'seed-data', 'notify-web']);
    rows()[0].focus();
    h.key(rows()[0], 'ArrowDown');
    assert.strictEqual(h.doc.activeElement?.querySelector('.name')!.textContent, 'seed-data', 'the closed groups between are skipped');
    h.click(h.toggle('Deployment'));
    h.key(rows()[0], 'ArrowDown');
    assert.strictEqual(h.doc.activeElement?.querySelector('.name')!.textContent, 'api', 'an open group\'s rows are reached');
    h.key(h.doc.activeElement!, 'End');
    assert.strictEqual(h.doc.activeElement?.querySelector('.name')!.textContent, 'notify-web');
    assert.deepStrictEqual(rows().filter((r) => r.getAttribute('tabindex') === '0').map((r) => r.querySelector('.name')!.textContent), ['notify-web']);

    // The selected row disappears under the filter: the first row shown takes the tab stop.
    h.type('migrate');
    assert.deepStrictEqual(rows().map((r) => [r.querySelector('.name')!.textContent, r.getAttribute('tabindex')]), [['migrate-db', '0']]);
  });

  it('a CodeLens reveal of a hook the filter hides clears the filter', () => {
    const h = harness();
    const order = bigChart();
    h.page.handle({ type: 'order', order });
    h.type('seed');
    assert.deepStrictEqual(h.hookNames(), ['seed-data']);
    h.page.handle({ type: 'reveal', file: '/ws/mychart/templates/hooks/migrate.yaml', line: 1 });
    assert.strictEqual(h.root.querySelector<HTMLInputElement>('#filter')!.value, '');
    assert.strictEqual(h.root.querySelector('.row[aria-selected="true"] .name')!.textContent, 'migrate-db');
  });

  it('folds the value set into one summary line; Edit opens the form, Escape and Render close it', () => {
    const h = harness();
    h.page.handle({ type: 'order', order: bigChart() });
    h.page.handle({ type: 'render', render: view() });
    const summary = h.root.querySelector('.render-summary')!;
    const text = summary.querySelector('.render-summary-text')!;
    assert.strictEqual(text.textContent, 'release rel · namespace apps · values ci/prod-values.yaml · --set replicas=3');
    assert.strictEqual(text.getAttribute('title'), text.textContent, 'the whole line is its tooltip when it is cut');
    const form = h.root.querySelector('#render-form')!;
    assert.ok(form.hasAttribute('hidden'), 'the form is folded');
    const edit = () => h.root.querySelector<HTMLElement>('[data-action="render-edit"]')!;
    assert.strictEqual(edit().getAttribute('aria-controls'), 'render-form');
    assert.strictEqual(edit().getAttribute('aria-expanded'), 'false');

    h.click(edit());
    assert.ok(!h.root.querySelector('#render-form')!.hasAttribute('hidden'));
    assert.strictEqual(edit().getAttribute('aria-expanded'), 'true');
    assert.strictEqual(h.doc.activeElement?.id, 'render-release', 'the focus goes into the form');
    h.key(h.doc.activeElement!, 'Escape');
    assert.ok(h.root.querySelector('#render-form')!.hasAttribute('hidden'));
    assert.strictEqual(h.doc.activeElement, edit(), 'and back to Edit');

    h.click(edit());
    h.root.querySelector<HTMLInputElement>('#render-release')!.value = 'canary';
    h.click(h.root.querySelector('[data-action="render-apply"]')!);
    assert.deepStrictEqual(h.sent.at(-1), { type: 'renderOptions', release: 'canary', namespace: 'apps', valuesFiles: ['ci/prod-values.yaml'], set: ['replicas=3'] });
    assert.ok(h.root.querySelector('#render-form')!.hasAttribute('hidden'), 'Render folds the form again');
  });

  it('puts the tabs and the filter in the sticky bar, the title and the value set above it', () => {
    const h = harness();
    h.page.handle({ type: 'order', order: bigChart() });
    h.page.handle({ type: 'render', render: view() });
    const page = h.root.querySelector('.page')!;
    assert.deepStrictEqual(Array.from(page.children).map((c) => c.className), ['header', 'toolbar', 'tab-panel']);
    const toolbar = page.querySelector('.toolbar')!;
    assert.ok(toolbar.querySelector('[role="tablist"]') && toolbar.querySelector('#filter'));
    assert.ok(page.querySelector('.header .render-summary'), 'the value set scrolls away with the title');
  });

  it('filters the Argo CD view with the same box', async () => {
    const { argoOrderOf } = await import('../../server/src/engine/hooks/argocd');
    const c = chart({
      'templates/hooks.yaml': [obj('Job', 'init-db', { 'helm.sh/hook': 'pre-install' }), obj('Job', 'notify', { 'helm.sh/hook': 'post-install' })].join('---\n'),
      'templates/web.yaml': obj('Deployment', 'web'),
    });
    const h = harness({ command: 'install', target: 'argocd' });
    h.page.handle({ type: 'order', order: c.order() });
    h.page.handle({ type: 'argocd', order: argoOrderOf(c.ws, c.model, 4) });
    const names = () => Array.from(h.root.querySelectorAll('.argo-row .name')).map((n) => n.textContent);
    assert.deepStrictEqual(names(), ['init-db', 'web', 'notify']);
    h.type('init');
    assert.deepStrictEqual(names(), ['init-db']);
    assert.ok(h.root.querySelector('.toolbar [role="tablist"]'), 'the Argo CD tabs are in the sticky bar too');
  });
});
