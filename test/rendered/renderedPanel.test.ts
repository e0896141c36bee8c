/**
 * The panel page's rendered mode, in jsdom with the typed messages the extension posts: the Static / Rendered
 * switch, the render options read back from the form, Helm's errors above the static order, rendered marks on
 * hook rows, and no switch to Rendered in an untrusted workspace.
 */
import * as assert from 'assert';
import { JSDOM } from 'jsdom';
import type { HookStepItem, OrderResult } from '../../server/src/engine/types';
import { isFromPageMessage, type FromPageMessage, type PageState, type RenderView } from '../../webview/src/messages';
import { createOrderPage, type OrderPage } from '../../webview/src/page';

const ROOT = '/charts/demo';
const XSS = '<img src=x onerror=alert(1)>';

function hook(name: string, over: Partial<HookStepItem> = {}): HookStepItem {
  return {
    kind: 'Job',
    name,
    path: 'demo/templates/jobs.yaml',
    file: `${ROOT}/templates/jobs.yaml`,
    line: 6,
    weight: 0,
    events: ['pre-install'],
    deletePolicies: [],
    outputLogPolicies: [],
    conditional: false,
    dynamic: false,
    effectiveDeletePolicies: ['before-hook-creation'],
    waits: true,
    subchart: false,
    nameDynamic: false,
    storedIndex: 0,
    position: 1,
    tieByName: false,
    outcome: 'deleted before its next run',
    ...over,
  };
}

function order(mode: 'static' | 'rendered', items: HookStepItem[]): OrderResult {
  return {
    chart: 'demo',
    chartRoot: ROOT,
    mode,
    helmVersion: 4,
    hookCount: items.length,
    dropped: [],
    disabled: [],
    commands: { install: { notes: [], steps: [{ id: 'pre-install', type: 'hooks', title: 'pre-install', items, deletedAfterSuccess: [] }] } },
    ...(mode === 'rendered' ? { helmVersionDetected: 'v4.1.4' } : {}),
  };
}

function view(over: Partial<RenderView> = {}): RenderView {
  return {
    mode: 'rendered',
    trusted: true,
    release: 'prod',
    namespace: 'apps',
    valuesFiles: ['values-prod.yaml'],
    availableValuesFiles: ['values-dev.yaml', 'values-prod.yaml'],
    set: ['a=1,b=2'],
    rendering: false,
    ...over,
  };
}

function setup(): { page: OrderPage; root: HTMLElement; sent: FromPageMessage[]; click(sel: string): void } {
  const dom = new JSDOM('<!doctype html><div id="root"></div>');
  const root = dom.window.document.getElementById('root')!;
  const sent: FromPageMessage[] = [];
  let state: PageState | undefined;
  const page = createOrderPage(root, { postMessage: (m) => sent.push(m), getState: () => state, setState: (s) => (state = s) });
  const click = (sel: string) => {
    const target = root.querySelector<HTMLElement>(sel);
    assert.ok(target, `no ${sel}`);
    target.dispatchEvent(new dom.window.MouseEvent('click', { bubbles: true }));
  };
  return { page, root, sent, click };
}

describe('panel: static and rendered order', () => {
  it('shows no switch until the extension offers rendered mode', () => {
    const { page, root } = setup();
    page.handle({ type: 'order', order: order('static', [hook('a')]) });
    assert.strictEqual(root.querySelector('[data-key="mode-switch"]'), null);
  });

  it('switches mode through the extension: the page asks, it does not decide', () => {
    const { page, root, sent, click } = setup();
    page.handle({ type: 'order', order: order('static', [hook('a')]) });
    page.handle({ type: 'render', render: view({ mode: 'static' }) });
    assert.deepStrictEqual(
      Array.from(root.querySelectorAll('[data-key="mode-switch"] .mode-button')).map((b) => [b.textContent, b.getAttribute('aria-checked')]),
      [
        ['Static', 'true'],
        ['Rendered', 'false'],
      ],
    );
    assert.strictEqual(root.querySelector('.render-form'), null, 'no options in static mode');
    click('.mode-button[data-mode="rendered"]');
    assert.deepStrictEqual(sent.at(-1), { type: 'setMode', mode: 'rendered' });
  });

  it('offers the chart’s values files and reads the options back when Render is clicked', () => {
    const { page, root, sent, click } = setup();
    page.handle({ type: 'order', order: order('rendered', [hook('prod-migrate')]) });
    page.handle({ type: 'render', render: view() });
    const checks = Array.from(root.querySelectorAll<HTMLInputElement>('input[type="checkbox"]'));
    assert.deepStrictEqual(
      checks.map((c) => [c.getAttribute('data-file'), c.checked]),
      [
        ['values-dev.yaml', false],
        ['values-prod.yaml', true],
      ],
    );
    root.querySelector<HTMLInputElement>('#render-release')!.value = 'canary';
    checks[0].checked = true;
    click('[data-action="render-apply"]');
    const m = sent.at(-1);
    assert.deepStrictEqual(m, { type: 'renderOptions', release: 'canary', namespace: 'apps', valuesFiles: ['values-dev.yaml', 'values-prod.yaml'], set: ['a=1,b=2'] });
    assert.ok(isFromPageMessage(m));
  });

  it('says which Helm rendered, and marks hooks from values and guessed template lines', () => {
    const { page, root } = setup();
    page.handle({
      type: 'order',
      order: order('rendered', [hook('prod-backup', { valuesOnly: true }), hook('prod-migrate', { mappingUncertain: true, mappingNote: '2 template documents could render Job prod-migrate' })]),
    });
    page.handle({ type: 'render', render: view({ helmVersionDetected: 'v4.1.4', command: ['helm', 'install'] }) });
    assert.match(root.querySelector('.meta')!.textContent!, /^Helm v4\.1\.4 · rendered with helm/);
    assert.match(root.querySelector('.render-status')!.textContent!, /Rendered by Helm v4\.1\.4/);
    const rows = Array.from(root.querySelectorAll('.hook-row'));
    assert.ok(rows[0].querySelector('.badge-values'));
    assert.strictEqual(rows[1].querySelector('.badge-uncertain')!.getAttribute('title'), '2 template documents could render Job prod-migrate');
  });

  it('shows Helm’s errors as Helm wrote them, with file, line and hint, above the static order', () => {
    const { page, root } = setup();
    page.handle({ type: 'order', order: order('static', [hook('{{…}}-migrate', { dynamic: true })]) });
    page.handle({
      type: 'render',
      render: view({
        errors: [{ message: `Error: execution error at (demo/templates/a.yaml:4:9): ${XSS}`, path: 'demo/templates/a.yaml', file: `${ROOT}/templates/a.yaml`, line: 4, column: 9, hint: 'set the value' }],
      }),
    });
    const report = root.querySelector('.render-errors')!;
    assert.match(report.textContent!, /static order is shown below/);
    assert.strictEqual(report.querySelector('.render-error-message')!.textContent, `Error: execution error at (demo/templates/a.yaml:4:9): ${XSS}`);
    assert.strictEqual(root.querySelectorAll('img').length, 0);
    const link = report.querySelector('a.file')!;
    assert.deepStrictEqual([link.textContent, link.getAttribute('data-line')], ['demo/templates/a.yaml:4:9', '4']);
    assert.match(report.querySelector('.render-hint')!.textContent!, /set the value/);
    assert.strictEqual(root.querySelectorAll('.hook-row').length, 1, 'the static order stays on screen');
  });

  it('shows a render under way without dropping the order on screen', () => {
    const { page, root } = setup();
    page.handle({ type: 'order', order: order('rendered', [hook('prod-migrate')]) });
    page.handle({ type: 'render', render: view({ rendering: true }) });
    assert.match(root.querySelector('.render-status')!.textContent!, /Rendering with helm/);
    assert.strictEqual(root.querySelectorAll('.hook-row').length, 1);
  });

  it('in an untrusted workspace Rendered is disabled and says why', () => {
    const { page, root, sent, click } = setup();
    page.handle({ type: 'order', order: order('static', [hook('a')]) });
    page.handle({ type: 'render', render: view({ mode: 'rendered', trusted: false }) });
    assert.ok(root.querySelector('.mode-button[data-mode="rendered"]')!.hasAttribute('disabled'));
    assert.match(root.querySelector('.render-status.untrusted')!.textContent!, /never does in an untrusted workspace/);
    assert.strictEqual(root.querySelector('.render-form'), null);
    const before = sent.length;
    click('.mode-button[data-mode="rendered"]');
    assert.strictEqual(sent.length, before);
  });

  it('accepts only well-formed render messages from the page', () => {
    assert.ok(isFromPageMessage({ type: 'setMode', mode: 'static' }));
    assert.ok(!isFromPageMessage({ type: 'setMode', mode: 'helm' }));
    assert.ok(!isFromPageMessage({ type: 'renderOptions', release: 'x', namespace: 'y', valuesFiles: [1], set: [] }));
  });
});
