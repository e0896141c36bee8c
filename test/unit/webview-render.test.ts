/**
 * The execution-order page, driven in jsdom with the same typed messages the extension posts. Checks what a user
 * sees and does: rows in Helm's order with their badges, chart text shown as text, tabs and keys, and updates that
 * keep the selected row.
 */
import * as assert from 'assert';
import { JSDOM } from 'jsdom';
import type { CommandName, HookStep, HookStepItem, OrderResult, ResourceItem } from '../../server/src/engine/types';
import type { FromPageMessage, PageState, ToPageMessage } from '../../webview/src/messages';
import { createOrderPage, type OrderPage } from '../../webview/src/page';
import { chart } from '../helpers/fixtures';

const ROOT = '/charts/demo';
const XSS = '<img src=x onerror=alert(1)>';

function hook(over: Partial<HookStepItem> & Pick<HookStepItem, 'kind' | 'name' | 'position'>): HookStepItem {
  const file = over.file ?? `${ROOT}/templates/hooks.yaml`;
  return {
    path: 'demo/templates/hooks.yaml',
    line: 5,
    weight: 0,
    events: ['pre-install'],
    deletePolicies: [],
    outputLogPolicies: [],
    conditional: false,
    dynamic: false,
    effectiveDeletePolicies: ['before-hook-creation'],
    waits: over.kind === 'Job' || over.kind === 'Pod',
    subchart: false,
    nameDynamic: false,
    storedIndex: 0,
    tieByName: false,
    outcome: 'deleted before its next run',
    ...over,
    file,
  };
}

function resource(kind: string, name: string, line: number): ResourceItem {
  return { kind, name, path: `demo/templates/${name}.yaml`, line, file: `${ROOT}/templates/${name}.yaml`, conditional: false, nameDynamic: false };
}

function hookStep(id: HookStep['id'], items: HookStepItem[], deleted: Array<{ kind: string; name: string }> = []): HookStep {
  return { id, type: 'hooks', title: `${id} hooks`, items, deletedAfterSuccess: deleted };
}

/** The engine's note on a tie whose order matters (hookOrder.ts `tieNotes`). */
const TIE_NOTE = 'Needs ConfigMap "cfg" (envFrom configMapRef), which runs before it only because of the names: both have weight 0, and Helm orders equal weights by name, not by kind.';

/** A small chart: three pre-install hooks (one with a hostile name), one post-install, upgrade hooks, notes, a drop. */
function fixture(): OrderResult {
  const preInstall = [
    hook({ kind: 'ServiceAccount', name: 'migrate-sa', position: 1, weight: -5, line: 3, deletePolicies: ['hook-succeeded'], effectiveDeletePolicies: ['hook-succeeded'], outcome: 'deleted after the phase succeeds' }),
    hook({ kind: 'ConfigMap', name: XSS, position: 2, weight: 0, weightInvalid: true, weightRaw: 'abc', line: 14, conditional: true, condition: '.Values.migrate.enabled' }),
    hook({ kind: 'Job', name: 'migrate', position: 3, weight: 0, tieByName: true, tieNote: TIE_NOTE, line: 27, dynamic: true, subchart: true, file: `${ROOT}/charts/db/templates/job.yaml`, path: 'demo/charts/db/templates/job.yaml' }),
  ];
  return {
    chart: 'demo',
    chartRoot: ROOT,
    mode: 'static',
    helmVersion: 4,
    hookCount: 5,
    commands: {
      install: {
        notes: [],
        steps: [
          { id: 'verify', type: 'phase', title: 'verify', detail: 'Helm checks the chart.', items: [] },
          hookStep('pre-install', preInstall, [{ kind: 'ServiceAccount', name: 'migrate-sa' }]),
          { id: 'create', type: 'resources', title: 'create resources', items: [resource('ConfigMap', 'settings', 1), resource('Deployment', 'web', 1), resource('Deployment', 'worker', 1)] },
          hookStep('post-install', [hook({ kind: 'Pod', name: 'smoke', position: 1, line: 40, events: ['post-install'] })]),
        ],
      },
      upgrade: {
        notes: [],
        steps: [
          hookStep('pre-upgrade', [
            hook({ kind: 'Job', name: 'backup', position: 1, weight: -10, line: 50, events: ['pre-upgrade'] }),
            hook({ kind: 'Job', name: 'migrate', position: 2, line: 27, file: `${ROOT}/charts/db/templates/job.yaml`, path: 'demo/charts/db/templates/job.yaml', events: ['pre-upgrade'] }),
          ]),
          { id: 'update', type: 'resources', title: 'update resources', items: [resource('Deployment', 'web', 1)] },
          hookStep('post-upgrade', []),
        ],
      },
      rollback: { notes: ["Rollback runs the hooks stored with the revision rolled back to, not this chart's."], steps: [hookStep('pre-rollback', []), hookStep('post-rollback', [])] },
      uninstall: { notes: ['helm uninstall never deletes hook objects.'], steps: [hookStep('pre-delete', []), hookStep('post-delete', [])] },
      test: { notes: [], steps: [hookStep('test', [hook({ kind: 'Pod', name: 'test-connection', position: 1, line: 2, events: ['test'], file: `${ROOT}/templates/tests/t.yaml` })])] },
    },
    disabled: [
      {
        kind: 'Job',
        name: 'seed-db',
        path: 'demo/templates/seed.yaml',
        line: 2,
        file: `${ROOT}/templates/seed.yaml`,
        events: ['post-install'],
        weight: 0,
        enabled: false,
        condition: 'if .Values.seed.enabled',
        reason: 'not rendered with the default values (if .Values.seed.enabled)',
        subchart: false,
      },
    ],
    dropped: [{ kind: 'Job', name: 'old-crd-hook', path: 'demo/templates/old.yaml', line: 4, file: `${ROOT}/templates/old.yaml`, reason: 'unknown hook event "crd-install": Helm drops the whole resource' }],
  };
}

interface Harness {
  dom: JSDOM;
  doc: Document;
  root: HTMLElement;
  page: OrderPage;
  sent: FromPageMessage[];
  state: { value: PageState | undefined };
  send(message: ToPageMessage): void;
  rows(): HTMLElement[];
  rowNames(): string[];
  click(el: Element): void;
  key(el: Element, key: string): void;
}

function harness(saved?: PageState): Harness {
  const dom = new JSDOM('<!DOCTYPE html><body><div id="root"></div></body>');
  const doc = dom.window.document;
  const root = doc.getElementById('root') as HTMLElement;
  const sent: FromPageMessage[] = [];
  const state = { value: saved };
  const page = createOrderPage(root, {
    postMessage: (m) => sent.push(m),
    getState: () => state.value,
    setState: (s) => {
      state.value = s;
    },
  });
  const h: Harness = {
    dom,
    doc,
    root,
    page,
    sent,
    state,
    send: (m) => page.handle(m),
    rows: () => Array.from(root.querySelectorAll<HTMLElement>('.hook-row')),
    rowNames: () => h.rows().map((r) => r.querySelector('.name')!.textContent!),
    click: (el) => el.dispatchEvent(new dom.window.MouseEvent('click', { bubbles: true, cancelable: true })),
    key: (el, key) => el.dispatchEvent(new dom.window.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })),
  };
  return h;
}

function tab(h: Harness, command: CommandName): HTMLElement {
  return h.root.querySelector<HTMLElement>(`#tab-${command}`)!;
}

describe('webview: execution order page', () => {
  it('shows one tab per Helm command, in Helm order, install first, with hook counts', () => {
    const h = harness();
    h.send({ type: 'order', order: fixture() });
    const tabs = Array.from(h.root.querySelectorAll('[role="tab"]'));
    assert.deepStrictEqual(tabs.map((t) => t.querySelector('.tab-label')!.textContent), ['install', 'upgrade', 'rollback', 'uninstall', 'test']);
    assert.deepStrictEqual(tabs.map((t) => t.querySelector('.count')!.textContent), ['4', '2', '0', '0', '1']);
    assert.strictEqual(tab(h, 'install').getAttribute('aria-selected'), 'true');
    assert.deepStrictEqual(tabs.map((t) => t.getAttribute('tabindex')), ['0', '-1', '-1', '-1', '-1'], 'roving tabindex');
  });

  it("lays the command out as Helm's sequence: phases, hooks in order, resources by kind, deletions", () => {
    const h = harness();
    h.send({ type: 'order', order: fixture() });
    const steps = Array.from(h.root.querySelectorAll('.timeline > .step')).map((s) => s.querySelector('.step-title')!.textContent);
    assert.deepStrictEqual(steps, ['verify', 'pre-install hooks', 'create resources', 'post-install hooks']);
    assert.deepStrictEqual(h.rowNames(), ['migrate-sa', XSS, 'migrate', 'smoke']);
    const first = h.rows()[0];
    assert.strictEqual(first.querySelector('.pos')!.textContent, '#1');
    assert.strictEqual(first.querySelector('.weight')!.textContent, 'weight -5');
    assert.strictEqual(first.querySelector('.kind')!.textContent, 'ServiceAccount');
    assert.strictEqual(first.querySelector('.file')!.textContent, 'demo/templates/hooks.yaml:3');
    assert.match(first.querySelector('.outcome')!.textContent!, /hook-succeeded → deleted after the phase succeeds/);
    const groups = Array.from(h.root.querySelectorAll('.kind-group .kind-title .kind')).map((k) => k.textContent);
    assert.deepStrictEqual(groups, ['ConfigMap', 'Deployment'], 'consecutive resources of one kind are grouped');
    assert.deepStrictEqual(
      Array.from(h.root.querySelectorAll('.deletion-list li')).map((li) => li.textContent),
      ['ServiceAccount migrate-sa'],
    );
  });

  it('marks waits, conditional, dynamic, subchart and tie-by-name, and explains a weight Helm reads as 0', () => {
    const h = harness();
    h.send({ type: 'order', order: fixture() });
    const badges = (row: HTMLElement) => Array.from(row.querySelectorAll('.badge')).map((b) => b.textContent!.trim());
    const [sa, cm, job, pod] = h.rows();
    assert.deepStrictEqual(badges(sa), []);
    assert.deepStrictEqual(badges(cm), ['conditional']);
    assert.match(cm.querySelector('.badge-conditional')!.getAttribute('title')!, /\.Values\.migrate\.enabled/);
    assert.strictEqual(cm.querySelector('.explain-weight')!.textContent!.trim(), 'weight 0 because "abc" is not an integer');
    assert.deepStrictEqual(badges(job), ['waits', 'dynamic', 'subchart', 'tie by name']);
    assert.strictEqual(job.querySelector('.explain-tie')!.textContent!.trim(), TIE_NOTE);
    assert.strictEqual(job.querySelector('.badge-tie')!.getAttribute('title'), TIE_NOTE);
    assert.deepStrictEqual(badges(pod), ['waits']);
    assert.match(cm.querySelector('.outcome')!.textContent!, /before-hook-creation \(default\)/);
  });

  it('shows the tie badge only where the engine noted why the tie matters, and marks a Pod hook that never completes', () => {
    const order = fixture();
    const step = order.commands.install!.steps[1] as HookStep;
    // A harmless tie: same weight as the hook before it, but no note (nothing needs the other's object).
    step.items[2] = { ...step.items[2], tieNote: undefined };
    step.items[1] = { ...step.items[1], kind: 'Pod', neverCompletes: true };
    const h = harness();
    h.send({ type: 'order', order });
    const [, pod, job] = h.rows();
    assert.strictEqual(job.querySelector('.badge-tie'), null);
    assert.strictEqual(job.querySelector('.explain-tie'), null);
    const never = pod.querySelector('.badge-never-completes');
    assert.ok(never, 'a never-completes badge');
    assert.strictEqual(never.textContent!.trim(), 'never completes');
    assert.match(never.getAttribute('title')!, /restartPolicy Always.*--timeout/);
    assert.strictEqual(h.rows()[0].querySelector('.badge-never-completes'), null, 'not on the others');
  });

  it('says under each phase how long Helm may wait and what a failed hook leaves behind', () => {
    const job = (name: string, weight: string, policy: string) =>
      `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "${weight}"\n    helm.sh/hook-delete-policy: ${policy}\n`;
    const c = chart({ 'templates/a.yaml': `${job('first', '1', 'before-hook-creation,hook-succeeded')}---\n${job('second', '2', 'hook-failed')}` });
    const h = harness();
    h.send({ type: 'order', order: c.order() });
    const failure = h.root.querySelector('[data-key="failure|pre-install"]')!;
    assert.ok(failure, 'the pre-install phase has a failure section');
    assert.match(failure.querySelector('.failure-wait')!.textContent!, /waits on 2 hooks of 2 \(Job and Pod only; Helm 4: kstatus, hookOnly by default.*\).*up to 2 × --timeout \(10m with the default 5m\)/);
    assert.match(failure.querySelector('.failure-title')!.textContent!, /If a pre-install hook fails/);
    assert.match(failure.querySelector('.failure-status')!.textContent!, /Release status: failed/);
    assert.match(failure.querySelector('.failure-recovery')!.textContent!, /With --rollback-on-failure: Helm uninstalls the release \(pre-delete, post-delete hooks run\)/);
    const perRow = h.rows().map((r) => r.querySelector('.explain-failure')!.textContent!.trim());
    assert.deepStrictEqual(perRow, [
      'If it fails: its object stays (no hook-failed); 1 later hook never runs.',
      'If it fails: its object is deleted (hook-failed); 1 earlier hook deleted (hook-succeeded).',
    ]);
    h.key(tab(h, 'install'), 'ArrowRight');
    const upgrade = Array.from(h.root.querySelectorAll('.failure')).map((f) => f.getAttribute('data-key'));
    assert.deepStrictEqual(upgrade, [], 'no failure section on phases without hooks');
  });

  it('hook steps without a failure object (older clients) show no failure section', () => {
    const h = harness();
    h.send({ type: 'order', order: fixture() });
    assert.strictEqual(h.root.querySelector('.failure'), null);
    assert.strictEqual(h.root.querySelector('.explain-failure'), null);
  });

  it('shows a hook whose event is listed twice as two runs, each its own row', () => {
    const h = harness();
    const order = fixture();
    const twice = hook({ kind: 'Job', name: 'create-bucket', position: 1, weight: -5, line: 7 });
    (order.commands.install!.steps[1] as HookStep).items = [twice, { ...twice, position: 2 }];
    h.send({ type: 'order', order });
    const [first, second] = h.rows();
    assert.deepStrictEqual([first.querySelector('.pos')!.textContent, second.querySelector('.pos')!.textContent], ['#1', '#2']);
    for (const row of [first, second]) assert.strictEqual(row.querySelector('.badge-repeat')!.textContent!.trim(), 'runs 2×');
    assert.notStrictEqual(first.getAttribute('data-key'), second.getAttribute('data-key'));
    h.click(second);
    assert.deepStrictEqual([first.getAttribute('aria-selected'), second.getAttribute('aria-selected')], ['false', 'true']);
  });

  it('shows a hostile hook name literally and creates no element from it', () => {
    const h = harness();
    const order = fixture();
    order.dropped[0].reason = `<script>alert(2)</script> ${XSS}`;
    order.commands.rollback!.notes.push(`<b onmouseover=alert(3)>note</b>`);
    h.send({ type: 'order', order });
    h.click(tab(h, 'rollback'));
    assert.ok(h.root.textContent!.includes('<b onmouseover=alert(3)>note</b>'));
    h.click(tab(h, 'install'));
    assert.strictEqual(h.rows()[1].querySelector('.name')!.textContent, XSS);
    assert.ok(h.root.querySelector('.dropped .reason')!.textContent!.includes('<script>alert(2)</script>'));
    assert.strictEqual(h.doc.querySelectorAll('img, script, b').length, 0, 'no element was made from chart text');
    assert.ok(!h.root.innerHTML.includes('<img'), 'the markup is escaped in the serialized DOM');
  });

  it('switches rows with the tabs, by click and by arrow keys, and remembers the command', () => {
    const h = harness();
    h.send({ type: 'order', order: fixture() });
    h.click(tab(h, 'upgrade'));
    assert.deepStrictEqual(h.rowNames(), ['backup', 'migrate']);
    assert.strictEqual(h.state.value?.command, 'upgrade');

    h.key(tab(h, 'upgrade'), 'ArrowRight');
    assert.strictEqual(h.page.model.command, 'rollback');
    assert.strictEqual(h.doc.activeElement, tab(h, 'rollback'), 'focus follows the selected tab');
    assert.strictEqual(tab(h, 'rollback').getAttribute('tabindex'), '0');
    assert.strictEqual(tab(h, 'upgrade').getAttribute('tabindex'), '-1');
    h.key(tab(h, 'rollback'), 'End');
    assert.strictEqual(h.page.model.command, 'test');
    h.key(tab(h, 'test'), 'ArrowRight');
    assert.strictEqual(h.page.model.command, 'install', 'wraps around');
    h.key(tab(h, 'install'), 'ArrowLeft');
    assert.deepStrictEqual(h.rowNames(), ['test-connection']);

    const restored = harness(h.state.value);
    restored.send({ type: 'order', order: fixture() });
    assert.strictEqual(restored.page.model.command, 'test', 'a reloaded page opens the same tab');
  });

  it('shows the command notes: rollback runs the target revision hooks, uninstall keeps hook objects', () => {
    const h = harness();
    h.send({ type: 'order', order: fixture() });
    assert.strictEqual(h.root.querySelector('.notes'), null);
    h.click(tab(h, 'rollback'));
    assert.match(h.root.querySelector('.notes')!.textContent!, /revision rolled back to/);
    h.click(tab(h, 'uninstall'));
    assert.match(h.root.querySelector('.notes')!.textContent!, /never deletes hook objects/);
    assert.match(h.root.querySelector('.step-detail')!.textContent!, /No pre-delete hooks/);
  });

  it('lists hooks the values switch off apart from the order, under the tabs of their events only', () => {
    const h = harness();
    h.send({ type: 'order', order: fixture() });
    const section = h.root.querySelector('.disabled')!;
    assert.ok(section, 'install shows the section: the hook is post-install');
    assert.match(section.querySelector('.disabled-title')!.textContent!, /Not rendered with these values/);
    assert.match(section.querySelector('.reason')!.textContent!, /\(if \.Values\.seed\.enabled\)/);
    assert.ok(!h.rows().some((r) => r.textContent!.includes('seed-db')), 'the switched-off hook is in no step of the timeline');
    h.click(tab(h, 'upgrade'));
    assert.strictEqual(h.root.querySelector('.disabled'), null, 'upgrade has no switched-off hook');
  });

  it('crosses out dropped resources and says why', () => {
    const h = harness();
    h.send({ type: 'order', order: fixture() });
    const item = h.root.querySelector('.dropped .dropped-item')!;
    assert.strictEqual(item.querySelector('.struck')!.textContent, 'Job old-crd-hook');
    assert.match(item.querySelector('.reason')!.textContent!, /crd-install/);
  });

  it('opens a file at its line when its link is clicked or a row is activated with Enter', () => {
    const h = harness();
    h.send({ type: 'order', order: fixture() });
    h.click(h.rows()[2].querySelector('a.file')!);
    assert.deepStrictEqual(h.sent.at(-1), { type: 'open', file: `${ROOT}/charts/db/templates/job.yaml`, line: 27 });
    assert.strictEqual(h.rows()[2].getAttribute('aria-selected'), 'true', 'the clicked row is selected');
    h.key(h.rows()[0], 'Enter');
    assert.deepStrictEqual(h.sent.at(-1), { type: 'open', file: `${ROOT}/templates/hooks.yaml`, line: 3 });
    h.click(h.root.querySelector('[data-action="refresh"]')!);
    assert.deepStrictEqual(h.sent.at(-1), { type: 'refresh' });
  });

  it('moves the selection with arrow keys through one tab stop', () => {
    const h = harness();
    h.send({ type: 'order', order: fixture() });
    const tabStops = () => Array.from(h.root.querySelectorAll('.row[tabindex="0"]'));
    assert.strictEqual(tabStops().length, 1);
    h.rows()[0].focus();
    h.key(h.rows()[0], 'ArrowDown');
    assert.strictEqual(h.rows()[1].getAttribute('aria-selected'), 'true');
    assert.strictEqual(h.doc.activeElement, h.rows()[1]);
    h.key(h.rows()[1], 'End');
    const last = h.root.querySelectorAll('.row');
    assert.strictEqual(h.doc.activeElement, last[last.length - 1], 'End reaches the last row (a resource or hook)');
    assert.strictEqual(tabStops().length, 1);
  });

  it('keeps the selected row, its node and focus when the order is updated', () => {
    const h = harness();
    h.send({ type: 'order', order: fixture() });
    const job = h.rows()[2];
    h.click(job);
    job.focus();

    // The user edits a weight: the Job now runs first.
    const next = fixture();
    const step = next.commands.install!.steps[1] as HookStep;
    const [sa, cm, j] = step.items;
    j.weight = -10;
    j.tieByName = false;
    delete j.tieNote;
    step.items = [
      { ...j, position: 1 },
      { ...sa, position: 2 },
      { ...cm, position: 3 },
    ];
    h.send({ type: 'order', order: next });

    assert.deepStrictEqual(h.rowNames(), ['migrate', 'migrate-sa', XSS, 'smoke']);
    assert.strictEqual(h.rows()[0], job, 'the same element is reused, not recreated');
    assert.strictEqual(job.getAttribute('aria-selected'), 'true');
    assert.strictEqual(job.querySelector('.pos')!.textContent, '#1');
    assert.strictEqual(job.querySelector('.weight')!.textContent, 'weight -10');
    assert.strictEqual(job.querySelector('.badge-tie'), null);

    // An unrelated update leaves every node in place (no flicker) and keeps focus.
    const before = h.rows();
    const timeline = h.root.querySelector('.timeline');
    h.rows()[0].focus();
    h.send({ type: 'order', order: next });
    assert.deepStrictEqual(h.rows(), before);
    assert.strictEqual(h.root.querySelector('.timeline'), timeline);
    assert.strictEqual(h.doc.activeElement, h.rows()[0]);
  });

  it('reveals the hook a CodeLens points at, switching to a tab where it runs', () => {
    const h = harness();
    h.send({ type: 'order', order: fixture() });
    h.click(tab(h, 'test'));
    // The CodeLens sits on the document start (line 48); the backup Job's annotation is at line 50.
    h.send({ type: 'reveal', file: `${ROOT}/templates/hooks.yaml`, line: 48 });
    assert.strictEqual(h.page.model.command, 'upgrade');
    const selected = h.root.querySelector('.row[aria-selected="true"]')!;
    assert.strictEqual(selected.querySelector('.name')!.textContent, 'backup');

    // A hook that runs in the current tab is revealed there.
    h.send({ type: 'reveal', file: `${ROOT}/charts/db/templates/job.yaml`, line: 20 });
    assert.strictEqual(h.page.model.command, 'upgrade');
    assert.strictEqual(h.root.querySelector('.row[aria-selected="true"] .name')!.textContent, 'migrate');
    assert.strictEqual(h.state.value?.selectedKey, h.page.model.selectedKey);
  });

  it('applies a reveal that arrives before the order', () => {
    const h = harness();
    h.send({ type: 'loading', chartRoot: ROOT });
    h.send({ type: 'reveal', file: `${ROOT}/templates/hooks.yaml`, line: 14 });
    h.send({ type: 'order', order: fixture() });
    assert.strictEqual(h.root.querySelector('.row[aria-selected="true"] .name')!.textContent, XSS);
  });

  it('shows a message instead of a timeline when there is no chart', () => {
    const h = harness();
    assert.match(h.root.textContent!, /Computing the execution order/);
    h.send({ type: 'empty', title: 'Not in a Helm chart', detail: 'No Chart.yaml was found above this file.' });
    assert.strictEqual(h.root.querySelector('.empty-title')!.textContent, 'Not in a Helm chart');
    assert.strictEqual(h.rows().length, 0);
  });
});

describe('panel text: backticked names', () => {
  it('shows `backticked` parts of the engine\'s messages as code, never as literal backticks or HTML', async () => {
    const { withCode } = await import('../../webview/src/dom');
    const { JSDOM } = await import('jsdom');
    const doc = new JSDOM('<!doctype html><p></p>').window.document;
    const p = doc.querySelector('p')!;
    for (const c of withCode(doc, 'uninstalls (`pkg/action/install.go` failRelease) and <b>`x`</b>')) p.append(c as Node | string);
    assert.strictEqual(p.querySelectorAll('code').length, 2);
    assert.strictEqual(p.querySelector('code')!.textContent, 'pkg/action/install.go');
    assert.ok(!p.textContent!.includes('`'));
    assert.strictEqual(p.querySelector('b'), null, 'chart text is never parsed as HTML');
    assert.deepStrictEqual(withCode(doc, 'an odd ` stays'), ['an odd ` stays']);
  });
});
