/**
 * Ties by name: hooks of one event with equal weights run in name order, not kind order. By default the tie badge (the
 * step item's `tieNote`) and the `same-weight-tie-by-name` hint appear only where the order between the tied hooks
 * matters: one hook's pod needs an object the other creates. With `helmHooks.ties.showAll` every tie is shown, and the
 * hint (computed in one pass per run of equal weights) names, for every hook, the same earlier hook as the
 * definition: the first hook before it in the event's order with the same weight, another name and a kind that
 * installs later.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import { ChartWorkspace, diagnoseFile, memoryFileSystem } from '../../server/src/engine';
import { installOrder, EVENT_NAMES } from '../../server/src/engine/helmFacts';
import { hooksForEvent, kindComparator, withAllTies } from '../../server/src/engine/hooks/hookOrder';
import type { HookEventName, HookItem, HookStep, HookStepItem, OrderResult } from '../../server/src/engine/types';
import { applyFix, chart } from '../helpers/fixtures';

const ROOT = '/w/chart';
const KINDS = ['Job', 'Pod', 'ConfigMap', 'Secret', 'ServiceAccount', 'Widget'];
const EVENTS = ['pre-install', 'post-install', 'pre-install,post-install'];

const hookArb = fc.record({ kind: fc.nat({ max: KINDS.length - 1 }), name: fc.nat({ max: 4 }), weight: fc.integer({ min: 0, max: 2 }), events: fc.nat({ max: EVENTS.length - 1 }) });

describe('engine: ties by name, all of them (helmHooks.ties.showAll)', () => {
  it('name the same earlier hook as the definition, over random charts', () => {
    let ties = 0;
    fc.assert(
      fc.property(fc.array(fc.array(hookArb, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 }), (files) => {
        const fsFiles: Record<string, string> = { [`${ROOT}/Chart.yaml`]: 'apiVersion: v2\nname: c\nversion: 1.0.0\n' };
        files.forEach((hooks, f) => {
          fsFiles[`${ROOT}/templates/f${f}.yaml`] = hooks
            .map((h) => `kind: ${KINDS[h.kind]}\nmetadata:\n  name: n${h.name}\n  annotations:\n    helm.sh/hook: ${EVENTS[h.events]}\n    helm.sh/hook-weight: "${h.weight}"\n`)
            .join('---\n');
        });
        const ws = new ChartWorkspace(memoryFileSystem(fsFiles));
        const m = ws.modelFor(`${ROOT}/Chart.yaml`)!;
        const hm = ws.hookModel(m, 4);
        const byKind = kindComparator(installOrder(4));
        // The definition, hook by hook.
        const want = new Map<HookItem, { earlier: HookItem; events: HookEventName[] }>();
        for (const event of EVENT_NAMES) {
          const ordered = hooksForEvent(hm.hooks, event);
          ordered.forEach((later, j) => {
            const earlier = ordered.slice(0, j).find((e) => e.weight === later.weight && e.name !== later.name && byKind(later.kind, e.kind) < 0);
            if (!earlier) return;
            const t = want.get(later);
            if (!t) want.set(later, { earlier, events: [event] });
            else if (t.earlier === earlier && !t.events.includes(event)) t.events.push(event);
          });
        }
        const expected = [...want].map(([l, t]) => `${l.file}:${l.line} ${t.events.join(' and ')}: ${l.kind} "${l.name}" after ${t.earlier.kind} "${t.earlier.name}"`).sort();
        const actual: string[] = [];
        for (const f of Object.keys(fsFiles).filter((p) => p.endsWith('.yaml') && p.includes('/templates/'))) {
          for (const d of diagnoseFile(m, f, hm, { helmVersion: 4, showAllTies: true })) {
            if (d.code !== 'same-weight-tie-by-name') continue;
            const x = /^In (.*), (\S+) ("[^"]*") runs after (\S+) ("[^"]*")/.exec(d.message)!;
            actual.push(`${f}:${d.range.start.line + 1} ${x[1]}: ${x[2]} ${x[3]} after ${x[4]} ${x[5]}`);
          }
        }
        ties += actual.length;
        assert.deepStrictEqual(actual.sort(), expected);
      }),
      { numRuns: 400, seed: 11 },
    );
    assert.ok(ties > 100, `${ties} ties seen`);
  });
});

const hookHead = (kind: string, name: string, weight: string, events = 'pre-install') =>
  `metadata:\n  name: ${name}\n  annotations:\n    helm.sh/hook: ${events}\n    helm.sh/hook-weight: "${weight}"\n`;
const configMap = (name: string, weight = '0', events = 'pre-install') => `apiVersion: v1\nkind: ConfigMap\n${hookHead('ConfigMap', name, weight, events)}data:\n  a: "1"\n`;
const serviceAccount = (name: string, weight = '0') => `apiVersion: v1\nkind: ServiceAccount\n${hookHead('ServiceAccount', name, weight)}`;
/** A Job hook whose pod reads ConfigMap `cm` through envFrom (`optional` when asked) and runs as `sa` when given. */
const jobNeeding = (name: string, cm: string | undefined, weight = '0', opts: { optional?: boolean; sa?: string; events?: string } = {}) =>
  `apiVersion: batch/v1\nkind: Job\n${hookHead('Job', name, weight, opts.events)}spec:\n  template:\n    spec:\n      restartPolicy: Never\n` +
  (opts.sa ? `      serviceAccountName: ${opts.sa}\n` : '') +
  '      containers:\n        - name: c\n          image: alpine\n' +
  (cm ? `          envFrom:\n            - configMapRef:\n                name: ${cm}\n` + (opts.optional ? '                optional: true\n' : '') : '');

function hookItems(order: OrderResult, event: HookEventName): HookStepItem[] {
  for (const cmd of Object.values(order.commands)) {
    const step = cmd?.steps.find((s): s is HookStep => s.type === 'hooks' && s.id === event);
    if (step) return step.items;
  }
  return [];
}

function itemNamed(order: OrderResult, event: HookEventName, name: string): HookStepItem {
  const item = hookItems(order, event).find((i) => i.name === name);
  assert.ok(item, `${name} in ${event}`);
  return item;
}

describe('engine: ties by name that matter (the default)', () => {
  it('a Job that needs a ConfigMap of its weight, first only by name: a note on both rows and a hint on the Job', () => {
    const c = chart({ 'templates/cm.yaml': configMap('a-config'), 'templates/job.yaml': jobNeeding('migrate', 'a-config') });
    const order = c.order();
    assert.deepStrictEqual(hookItems(order, 'pre-install').map((i) => i.name), ['a-config', 'migrate']);
    const job = itemNamed(order, 'pre-install', 'migrate');
    assert.strictEqual(job.tieByName, true);
    assert.match(job.tieNote ?? '', /^Needs ConfigMap "a-config" \(envFrom configMapRef\), which runs before it only because of the names/);
    assert.match(itemNamed(order, 'pre-install', 'a-config').tieNote ?? '', /Job "migrate" needs this ConfigMap/);
    const ds = c.diagnose('templates/job.yaml');
    assert.deepStrictEqual(ds.map((d) => d.code), ['same-weight-tie-by-name']);
    assert.strictEqual(ds[0].severity, 'hint');
    assert.match(ds[0].message, /In pre-install, Job "migrate" needs ConfigMap "a-config" \(envFrom configMapRef\) and runs after it only because of their names/);
    assert.deepStrictEqual(c.diagnose('templates/cm.yaml'), [], 'the ConfigMap needs nothing');
  });

  it('the hint\'s fix gives the Job a higher weight; then neither the note nor the hint is left', () => {
    const c = chart({ 'templates/cm.yaml': configMap('a-config'), 'templates/job.yaml': jobNeeding('migrate', 'a-config') });
    const [d] = c.diagnose('templates/job.yaml');
    const fixed = applyFix(jobNeeding('migrate', 'a-config'), d, 0);
    assert.strictEqual(fixed, jobNeeding('migrate', 'a-config', '1'));
    const c2 = chart({ 'templates/cm.yaml': configMap('a-config'), 'templates/job.yaml': fixed });
    assert.deepStrictEqual(c2.diagnose('templates/job.yaml'), []);
    assert.deepStrictEqual(hookItems(c2.order(), 'pre-install').map((i) => i.tieNote), [undefined, undefined]);
  });

  it('a Job that needs a ConfigMap its name puts after it: the note says so, the error of the dependency speaks, no hint', () => {
    const c = chart({ 'templates/cm.yaml': configMap('z-config'), 'templates/job.yaml': jobNeeding('migrate', 'z-config') });
    const job = itemNamed(c.order(), 'pre-install', 'migrate');
    assert.strictEqual(job.tieByName, false, 'the Job is first');
    assert.match(job.tieNote ?? '', /which runs after it because of the names.*does not exist yet/);
    assert.deepStrictEqual(c.diagnose('templates/job.yaml').map((d) => d.code), ['hook-runs-before-its-dependency']);
  });

  it('a harmless tie (neither needs the other) has no note and no hint; all ties on, it has both', () => {
    const files = { 'templates/sa.yaml': serviceAccount('z-sa'), 'templates/job.yaml': jobNeeding('a-job', undefined) };
    const c = chart(files);
    const order = c.order();
    const sa = itemNamed(order, 'pre-install', 'z-sa');
    assert.strictEqual(sa.tieByName, true, 'still a tie by name');
    assert.strictEqual(sa.tieNote, undefined);
    assert.strictEqual(itemNamed(order, 'pre-install', 'a-job').tieNote, undefined);
    assert.deepStrictEqual(c.diagnose('templates/sa.yaml'), []);
    // helmHooks.ties.showAll: the panel's order and the hint.
    const all = withAllTies(order);
    assert.match(itemNamed(all, 'pre-install', 'z-sa').tieNote ?? '', /Same weight \(0\) as Job "a-job" before it: Helm orders equal weights by name/);
    assert.strictEqual(itemNamed(all, 'pre-install', 'a-job').tieNote, undefined, 'the first of the run follows nothing');
    assert.strictEqual(itemNamed(order, 'pre-install', 'z-sa').tieNote, undefined, 'the shared order is not changed');
    assert.deepStrictEqual(c.diagnose('templates/sa.yaml', { showAllTies: true }).map((d) => d.code), ['same-weight-tie-by-name']);
  });

  it('the ServiceAccount a Job runs as is a dependency too', () => {
    const c = chart({ 'templates/sa.yaml': serviceAccount('a-runner'), 'templates/job.yaml': jobNeeding('migrate', undefined, '0', { sa: 'a-runner' }) });
    assert.match(itemNamed(c.order(), 'pre-install', 'migrate').tieNote ?? '', /Needs ServiceAccount "a-runner" \(serviceAccountName\)/);
    assert.match(c.diagnose('templates/job.yaml')[0].message, /needs ServiceAccount "a-runner" \(serviceAccountName\)/);
  });

  it('no tie that matters: an optional reference, another weight, another event, or the same name (kind order decides)', () => {
    const cases: Array<[string, Record<string, string>]> = [
      ['optional', { 'templates/cm.yaml': configMap('a-config'), 'templates/job.yaml': jobNeeding('migrate', 'a-config', '0', { optional: true }) }],
      ['weights differ', { 'templates/cm.yaml': configMap('a-config', '-1'), 'templates/job.yaml': jobNeeding('migrate', 'a-config') }],
      ['other event', { 'templates/cm.yaml': configMap('a-config', '0', 'post-install'), 'templates/job.yaml': jobNeeding('migrate', 'a-config') }],
      ['same name', { 'templates/cm.yaml': configMap('migrate'), 'templates/job.yaml': jobNeeding('migrate', 'migrate') }],
    ];
    for (const [what, files] of cases) {
      const c = chart(files);
      const order = c.order();
      for (const e of ['pre-install', 'post-install'] as const) {
        assert.deepStrictEqual(hookItems(order, e).map((i) => i.tieNote), hookItems(order, e).map(() => undefined), `${what}: ${e}`);
      }
      assert.deepStrictEqual(c.diagnose('templates/job.yaml').filter((d) => d.code === 'same-weight-tie-by-name'), [], what);
    }
  });

  it('a hook tied in two events is reported once, naming both', () => {
    const both = 'pre-install,pre-upgrade';
    const c = chart({ 'templates/cm.yaml': configMap('a-config', '0', both), 'templates/job.yaml': jobNeeding('migrate', 'a-config', '0', { events: both }) });
    const ds = c.diagnose('templates/job.yaml');
    assert.strictEqual(ds.length, 1);
    assert.match(ds[0].message, /^In pre-install and pre-upgrade, /);
    for (const e of ['pre-install', 'pre-upgrade'] as const) assert.ok(itemNamed(c.order(), e, 'migrate').tieNote, e);
  });

  it('templated names built the same way in one chart are matched', () => {
    const name = '{{ include "mychart.fullname" . }}-config';
    const helpers = '{{- define "mychart.fullname" -}}{{ .Release.Name }}{{- end -}}\n';
    const c = chart({
      'templates/_helpers.tpl': helpers,
      'templates/cm.yaml': configMap(`"${name}"`),
      'templates/job.yaml': jobNeeding('zz-migrate', `"${name}"`),
    });
    const job = hookItems(c.order(), 'pre-install').find((i) => i.kind === 'Job');
    assert.match(job?.tieNote ?? '', /^Needs ConfigMap/);
  });
});

describe('engine: a Pod hook that never completes is marked on its step item', () => {
  const podHook = (spec: string) => `apiVersion: v1\nkind: Pod\n${hookHead('Pod', 'p', '0', 'test')}${spec}`;
  it('restartPolicy Always or none (the default Always): marked, and the diagnostic agrees; Never, OnFailure, templated: not', () => {
    const cases: Array<[string, boolean]> = [
      ['spec:\n  restartPolicy: Always\n  containers: []\n', true],
      ['spec:\n  containers: []\n', true],
      ['spec:\n  restartPolicy: Never\n  containers: []\n', false],
      ['spec:\n  restartPolicy: OnFailure\n  containers: []\n', false],
      ['spec:\n  restartPolicy: {{ .Values.policy }}\n  containers: []\n', false],
    ];
    for (const [spec, never] of cases) {
      const c = chart({ 'templates/pod.yaml': podHook(spec) });
      const [item] = hookItems(c.order(), 'test');
      assert.strictEqual(item.neverCompletes === true, never, spec);
      assert.strictEqual(c.diagnose('templates/pod.yaml').some((d) => d.code === 'hook-pod-never-completes'), never, spec);
    }
  });

  it('a Job is never marked (its pods belong to the Job)', () => {
    const c = chart({ 'templates/job.yaml': jobNeeding('j', undefined) });
    assert.strictEqual(itemNamed(c.order(), 'pre-install', 'j').neverCompletes, undefined);
  });
});
