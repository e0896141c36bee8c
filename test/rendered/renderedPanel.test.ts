/**
 * The panel page's source and value-set controls, in jsdom with the typed messages the extension posts: the
 * built-in render named as the source, the value-set form read back (values files from anywhere, in order),
 * Verify with helm (running, identical, differences, out of date after an edit, Helm's errors never beside a
 * success mark), the fixes offered when helm cannot run (Locate helm…, Open Settings, Trust Workspace…), and
 * rendered marks on hook rows.
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

function order(mode: 'static' | 'builtin' | 'rendered', items: HookStepItem[]): OrderResult {
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
    source: 'builtin',
    trusted: true,
    release: 'prod',
    namespace: 'apps',
    valuesFiles: ['ci/prod-values.yaml', '/elsewhere/shared.yaml'],
    set: ['a=1,b=2'],
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

describe('panel: the order’s source, the value set and Verify with helm', () => {
  it('shows no source controls until the extension sends them', () => {
    const { page, root } = setup();
    page.handle({ type: 'order', order: order('builtin', [hook('a')]) });
    assert.strictEqual(root.querySelector('[data-key="render-source"]'), null);
  });

  it('names the built-in renderer as the source, with `helm template` as code, not backticks', () => {
    const { page, root } = setup();
    page.handle({ type: 'order', order: order('builtin', [hook('prod-migrate')]) });
    page.handle({ type: 'render', render: view() });
    const source = root.querySelector('.render-source')!;
    assert.strictEqual(source.textContent!.replace(/\s+/g, ' ').trim().replace(/ Verify with helm$/, ''), "Rendered by Helm Hooks' built-in renderer, as helm template would");
    assert.strictEqual(source.querySelector('code')!.textContent, 'helm template');
    assert.ok(!source.textContent!.includes('`'));
    assert.match(root.querySelector('.meta')!.textContent!, /built-in render/);
    assert.match(root.querySelector('.render-summary-text')!.textContent!, /^release prod · namespace apps · values ci\/prod-values\.yaml, \/elsewhere\/shared\.yaml · --set a=1,b=2$/);
  });

  it('reads the value set back when Render is clicked: values files in their order, from anywhere', () => {
    const { page, root, sent, click } = setup();
    page.handle({ type: 'order', order: order('builtin', [hook('prod-migrate')]) });
    page.handle({ type: 'render', render: view() });
    assert.deepStrictEqual(
      Array.from(root.querySelectorAll('[data-values-file]')).map((li) => li.getAttribute('data-values-file')),
      ['ci/prod-values.yaml', '/elsewhere/shared.yaml'],
    );
    root.querySelector<HTMLInputElement>('#render-release')!.value = 'canary';
    click('[data-action="render-apply"]');
    const m = sent.at(-1);
    assert.deepStrictEqual(m, { type: 'renderOptions', release: 'canary', namespace: 'apps', valuesFiles: ['ci/prod-values.yaml', '/elsewhere/shared.yaml'], set: ['a=1,b=2'] });
    assert.ok(isFromPageMessage(m));
  });

  it('removes a values file and asks for another without losing what was typed', () => {
    const { page, root, sent, click } = setup();
    page.handle({ type: 'order', order: order('builtin', [hook('prod-migrate')]) });
    page.handle({ type: 'render', render: view() });
    root.querySelector<HTMLInputElement>('#render-namespace')!.value = 'staging';
    click('[data-action="remove-values"][data-file="ci/prod-values.yaml"]');
    assert.deepStrictEqual(sent.at(-1), { type: 'renderOptions', release: 'prod', namespace: 'staging', valuesFiles: ['/elsewhere/shared.yaml'], set: ['a=1,b=2'] });
    click('[data-action="add-values"]');
    assert.deepStrictEqual(sent.at(-1), { type: 'addValuesFile', release: 'prod', namespace: 'staging', valuesFiles: ['ci/prod-values.yaml', '/elsewhere/shared.yaml'], set: ['a=1,b=2'] });
    click('[data-action="reset-values"]');
    assert.deepStrictEqual(sent.at(-1), { type: 'resetValueSet' });
    assert.ok(sent.every((m) => isFromPageMessage(m)));
  });

  it('Verify with helm: the page asks; while helm runs the built-in order stays on screen', () => {
    const { page, root, sent, click } = setup();
    page.handle({ type: 'order', order: order('builtin', [hook('prod-migrate')]) });
    page.handle({ type: 'render', render: view() });
    click('[data-action="verify"]');
    assert.deepStrictEqual(sent.at(-1), { type: 'verify' });
    page.handle({ type: 'render', render: view({ verify: { state: 'running' } }) });
    assert.match(root.querySelector('[data-key="verify-status"]')!.textContent!, /Verifying with helm…/);
    assert.strictEqual(root.querySelectorAll('.hook-row').length, 1);
  });

  it('Verify with helm: Helm’s order, "identical" when there is no difference, Close goes back', () => {
    const { page, root, sent, click } = setup();
    page.handle({ type: 'order', order: order('rendered', [hook('prod-migrate')]) });
    page.handle({ type: 'render', render: view({ source: 'helm', verify: { state: 'done', helmVersion: 'v4.1.4', identical: true, differences: [] } }) });
    assert.match(root.querySelector('.render-source')!.textContent!, /Rendered by Helm v4\.1\.4 \(Verify with helm\)/);
    assert.match(root.querySelector('[data-key="verify-status"]')!.textContent!, /Identical: Helm v4\.1\.4 renders the same hooks in the same order/);
    assert.strictEqual(root.querySelector('.verify-differences'), null);
    click('[data-action="verify-close"]');
    assert.deepStrictEqual(sent.at(-1), { type: 'verifyClose' });
  });

  it('Verify with helm: lists each difference from the built-in render', () => {
    const { page, root } = setup();
    page.handle({ type: 'order', order: order('rendered', [hook('prod-migrate')]) });
    const differences = ['pre-install: Helm runs Job `prod-migrate` 1st, the built-in render 2nd', `${XSS}`];
    page.handle({ type: 'render', render: view({ source: 'helm', verify: { state: 'done', helmVersion: 'v4.1.4', identical: false, differences } }) });
    assert.match(root.querySelector('[data-key="verify-status"]')!.textContent!, /differs from the built-in render in 2 places/);
    const items = Array.from(root.querySelectorAll('.verify-difference')).map((li) => li.textContent);
    assert.deepStrictEqual(items, ['pre-install: Helm runs Job prod-migrate 1st, the built-in render 2nd', XSS]);
    assert.strictEqual(root.querySelectorAll('img').length, 0);
  });

  it('an edit since helm rendered: out of date, with Re-run', () => {
    const { page, root, sent, click } = setup();
    page.handle({ type: 'order', order: order('rendered', [hook('prod-migrate')]) });
    page.handle({ type: 'render', render: view({ source: 'helm', verify: { state: 'done', helmVersion: 'v4.1.4', identical: true, stale: true } }) });
    const status = root.querySelector('[data-key="verify-status"]')!;
    assert.match(status.textContent!, /Helm rendered the files on disk; re-run/);
    assert.ok(!/Identical/.test(status.textContent!), 'no success line on an out-of-date result');
    assert.strictEqual(root.querySelectorAll('.codicon-pass').length, 0);
    click('[data-key="verify-status"] [data-action="verify"]');
    assert.deepStrictEqual(sent.at(-1), { type: 'verify' });
  });

  it('Helm’s errors as Helm wrote them, never beside a success mark; the built-in order stays', () => {
    const { page, root } = setup();
    page.handle({ type: 'order', order: order('builtin', [hook('prod-migrate')]) });
    page.handle({
      type: 'render',
      render: view({
        verify: {
          state: 'failed',
          helmVersion: 'v4.1.4',
          errors: [{ message: `Error: execution error at (demo/templates/a.yaml:4:9): ${XSS}`, path: 'demo/templates/a.yaml', file: `${ROOT}/templates/a.yaml`, line: 4, column: 9, hint: 'set `x`' }],
        },
      }),
    });
    const report = root.querySelector('.verify-errors')!;
    assert.match(report.textContent!, /Helm could not render the chart/);
    assert.strictEqual(report.querySelector('.render-error-message')!.textContent, `Error: execution error at (demo/templates/a.yaml:4:9): ${XSS}`);
    const link = report.querySelector('a.file')!;
    assert.deepStrictEqual([link.textContent, link.getAttribute('data-line')], ['demo/templates/a.yaml:4:9', '4']);
    assert.strictEqual(report.querySelector('.render-hint code')!.textContent, 'x');
    assert.strictEqual(root.querySelectorAll('img').length, 0);
    assert.strictEqual(root.querySelectorAll('.codicon-pass, .codicon-check').length, 0, 'no success mark anywhere');
    assert.ok(!/Rendered by Helm v/.test(root.textContent!), 'no "Rendered by Helm" beside the failure');
    assert.strictEqual(root.querySelectorAll('.hook-row').length, 1, 'the built-in order stays on screen');
  });

  it('helm not found: no spawn error, no CLI flag; Locate helm… and Open Settings', () => {
    const { page, root, sent, click } = setup();
    page.handle({ type: 'order', order: order('builtin', [hook('prod-migrate')]) });
    page.handle({
      type: 'render',
      render: view({
        verify: {
          state: 'failed',
          errors: [{ message: 'helm was not found on PATH, nor where installers put it (/opt/homebrew/bin, /usr/local/bin)', hint: 'Install Helm, or choose the helm binary (helmHooks.helm.path).', problem: 'helm-not-found' }],
        },
      }),
    });
    const text = root.textContent!;
    assert.ok(!/ENOENT|spawn|--helm/.test(text), text);
    click('[data-action="locate-helm"]');
    assert.deepStrictEqual(sent.at(-1), { type: 'locateHelm' });
    click('[data-action="open-helm-settings"]');
    assert.deepStrictEqual(sent.at(-1), { type: 'openHelmSettings' });
  });

  it('in Restricted Mode the built-in render works and Trust Workspace… stands for Verify with helm', () => {
    const { page, root, sent, click } = setup();
    page.handle({ type: 'order', order: order('builtin', [hook('prod-migrate')]) });
    page.handle({ type: 'render', render: view({ trusted: false }) });
    assert.strictEqual(root.querySelector('[data-action="verify"]'), null);
    assert.match(root.querySelector('.render-source')!.textContent!, /built-in renderer/);
    click('[data-action="trust"]');
    assert.deepStrictEqual(sent.at(-1), { type: 'trustWorkspace' });
  });

  it('the chart does not render: its errors, the static order below, and the source says so', () => {
    const { page, root } = setup();
    page.handle({ type: 'order', order: order('static', [hook('{{…}}-migrate', { dynamic: true })]) });
    page.handle({
      type: 'render',
      render: view({ source: 'static', fallback: 'The chart does not render with this value set: the order is read from the templates.', errors: [{ message: 'Error: values.yaml: bad', hint: 'fix it' }] }),
    });
    assert.match(root.querySelector('.render-source')!.textContent!, /does not render/);
    assert.ok(root.querySelector('.render-source .codicon-warning'));
    assert.match(root.querySelector('.render-errors')!.textContent!, /read from the templates/);
    assert.strictEqual(root.querySelectorAll('.hook-row').length, 1);
  });

  it('the chart no longer renders: its errors, its last good built-in order below, and the source says so', () => {
    const { page, root } = setup();
    page.handle({ type: 'order', order: order('builtin', [hook('prod-migrate')]) });
    page.handle({
      type: 'render',
      render: view({ source: 'builtin', fallback: 'The chart does not render with release-name now: its last good built-in render is shown.', errors: [{ message: 'Error: execution error at (c/templates/job.yaml:3:4): x is required', hint: '' }] }),
    });
    assert.match(root.querySelector('.render-source')!.textContent!, /last good built-in render is shown/);
    assert.ok(root.querySelector('.render-source .codicon-warning'), 'a warning, not the plain source icon');
    assert.strictEqual(root.querySelector('[data-key="render-updating"]'), null, 'nothing is said to be updating');
    assert.match(root.querySelector('.render-errors-title')!.textContent!, /last good built-in render/);
    assert.match(root.querySelector('.render-errors')!.textContent!, /x is required/);
    assert.deepStrictEqual(Array.from(root.querySelectorAll('.hook-row .name')).map((n) => n.textContent), ['prod-migrate']);
  });

  it('a newer built-in render under way is said beside the source', () => {
    const { page, root } = setup();
    page.handle({ type: 'order', order: order('builtin', [hook('prod-migrate')]) });
    page.handle({ type: 'render', render: view({ updating: true }) });
    assert.match(root.querySelector('[data-key="render-updating"]')!.textContent!, /updating…/);
  });

  it('marks hooks from values and guessed template lines', () => {
    const { page, root } = setup();
    page.handle({
      type: 'order',
      order: order('builtin', [hook('prod-backup', { valuesOnly: true }), hook('prod-migrate', { mappingUncertain: true, mappingNote: '2 template documents could render Job prod-migrate' })]),
    });
    page.handle({ type: 'render', render: view() });
    const rows = Array.from(root.querySelectorAll('.hook-row'));
    assert.ok(rows[0].querySelector('.badge-values'));
    assert.strictEqual(rows[1].querySelector('.badge-uncertain')!.getAttribute('title'), '2 template documents could render Job prod-migrate');
  });

  it('accepts only well-formed messages from the page', () => {
    assert.ok(isFromPageMessage({ type: 'verify' }));
    assert.ok(isFromPageMessage({ type: 'locateHelm' }));
    assert.ok(!isFromPageMessage({ type: 'setMode', mode: 'rendered' }));
    assert.ok(!isFromPageMessage({ type: 'renderOptions', release: 'x', namespace: 'y', valuesFiles: [1], set: [] }));
    assert.ok(!isFromPageMessage({ type: 'addValuesFile', release: 'x', namespace: 'y', valuesFiles: [], set: 'a=1' }));
  });
});
