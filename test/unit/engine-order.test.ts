import * as assert from 'assert';
import { hooksForEvent, type CommandName, type HookStep, type OrderResult, type OrderStep } from '../../server/src/engine';
import { compareGoStrings, kindComparator } from '../../server/src/engine/hooks/hookOrder';
import { installOrder, uninstallOrder } from '../../server/src/engine/helmFacts';
import { chart } from '../helpers/fixtures';

/** One hook document. */
function hook(kind: string, name: string, events: string, extra: Record<string, string> = {}): string {
  const ann = Object.entries({ 'helm.sh/hook': events, ...extra })
    .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}\n`)
    .join('');
  return `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  annotations:\n${ann}`;
}

function resource(kind: string, name: string, annotations: Record<string, string> = {}): string {
  const ann = Object.entries(annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}\n`).join('');
  return `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n` + (ann ? `  annotations:\n${ann}` : '');
}

const docs = (...d: string[]) => d.join('---\n');

function steps(o: OrderResult, command: CommandName): OrderStep[] {
  return o.commands[command]!.steps;
}

function hookStepOf(o: OrderResult, command: CommandName, event: string): HookStep {
  const s = steps(o, command).find((x) => x.type === 'hooks' && x.id === event);
  if (!s || s.type !== 'hooks') throw new Error(`no ${event} step in ${command}`);
  return s;
}

/** `Kind/name` of each hook of an event, in execution order. */
function run(o: OrderResult, event: string, command: CommandName = 'install'): string[] {
  return hookStepOf(o, command, event).items.map((h) => `${h.kind}/${h.name}`);
}

describe('engine: hook order', () => {
  describe("Helm's stored list (kind pre-sort)", () => {
    it('sorts hooks by InstallOrder kind, whatever the file order', () => {
      const c = chart({
        'templates/a.yaml': docs(hook('Job', 'j', 'pre-install'), hook('ConfigMap', 'cm', 'pre-install'), hook('ServiceAccount', 'sa', 'pre-install')),
      });
      assert.deepStrictEqual(c.hookModel().hooks.map((h) => h.kind), ['ServiceAccount', 'ConfigMap', 'Job']);
      assert.deepStrictEqual(c.hookModel().hooks.map((h) => h.storedIndex), [0, 1, 2]);
    });

    it('puts unknown kinds last, alphabetically among themselves', () => {
      const c = chart({
        'templates/a.yaml': docs(hook('Zebra', 'z', 'pre-install'), hook('Job', 'j', 'pre-install'), hook('Aardvark', 'a', 'pre-install')),
      });
      assert.deepStrictEqual(c.hookModel().hooks.map((h) => h.kind), ['Job', 'Aardvark', 'Zebra']);
    });

    it('keeps file order among hooks of the same kind', () => {
      const c = chart({ 'templates/a.yaml': docs(hook('Job', 'second-by-name', 'test'), hook('Job', 'first-by-name', 'test')) });
      assert.deepStrictEqual(c.hookModel().hooks.map((h) => h.name), ['second-by-name', 'first-by-name']);
    });

    it('visits files in sorted full path order: a subchart before the parent templates', () => {
      const c = chart({
        'templates/a.yaml': hook('Job', 'parent', 'pre-install'),
        'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.0.0\n',
        'charts/sub/templates/a.yaml': hook('Job', 'child', 'pre-install'),
      });
      const hooks = c.hookModel().hooks;
      assert.deepStrictEqual(hooks.map((h) => h.path), ['mychart/charts/sub/templates/a.yaml', 'mychart/templates/a.yaml']);
      assert.deepStrictEqual(hooks.map((h) => h.subchart), [true, false]);
    });

    it('Helm 4 knows the webhook kinds; for Helm 3 they are unknown kinds', () => {
      const c = chart({
        'templates/a.yaml': docs(hook('MutatingWebhookConfiguration', 'mwc', 'pre-install'), hook('Aardvark', 'aard', 'pre-install')),
      });
      assert.deepStrictEqual(c.hookModel(4).hooks.map((h) => h.kind), ['MutatingWebhookConfiguration', 'Aardvark']);
      assert.deepStrictEqual(c.hookModel(3).hooks.map((h) => h.kind), ['Aardvark', 'MutatingWebhookConfiguration']);
    });

    it('InstallOrder of Helm 4 ends with the two webhook kinds; Helm 3 lacks them', () => {
      assert.deepStrictEqual(installOrder(4).slice(-3), ['APIService', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']);
      assert.strictEqual(installOrder(3)[installOrder(3).length - 1], 'APIService');
      assert.deepStrictEqual(uninstallOrder(4).slice(0, 2), ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);
      assert.ok(!uninstallOrder(3).includes('MutatingWebhookConfiguration'));
    });

    it('UninstallOrder is not the reverse of InstallOrder', () => {
      assert.notDeepStrictEqual([...installOrder(4)].reverse(), [...uninstallOrder(4)]);
      // Service is created before Deployment, and also deleted before it.
      const byInstall = kindComparator(installOrder(4));
      const byUninstall = kindComparator(uninstallOrder(4));
      assert.ok(byInstall('Service', 'Deployment') < 0);
      assert.ok(byUninstall('Service', 'Deployment') < 0);
    });
  });

  describe('execution order of one event', () => {
    it('lower weights run first, whatever the kind', () => {
      const c = chart({
        'templates/a.yaml': docs(hook('ServiceAccount', 'sa', 'pre-install', { 'helm.sh/hook-weight': '5' }), hook('Job', 'job', 'pre-install', { 'helm.sh/hook-weight': '-5' })),
      });
      assert.deepStrictEqual(run(c.order(), 'pre-install'), ['Job/job', 'ServiceAccount/sa']);
    });

    it('equal weights run by name, not by kind', () => {
      const c = chart({ 'templates/a.yaml': docs(hook('ServiceAccount', 'z-sa', 'pre-install'), hook('Job', 'a-job', 'pre-install')) });
      assert.deepStrictEqual(run(c.order(), 'pre-install'), ['Job/a-job', 'ServiceAccount/z-sa']);
      const step = hookStepOf(c.order(), 'install', 'pre-install');
      assert.deepStrictEqual(step.items.map((i) => i.tieByName), [false, true]);
      assert.deepStrictEqual(step.items.map((i) => i.position), [1, 2]);
    });

    it('names compare byte-wise: upper case before lower case', () => {
      const c = chart({ 'templates/a.yaml': docs(hook('Job', 'alpha', 'test'), hook('Job', 'Zulu', 'test')) });
      assert.deepStrictEqual(run(c.order(), 'test', 'test'), ['Job/Zulu', 'Job/alpha']);
    });

    it('byte-wise means UTF-8 bytes, not UTF-16 units', () => {
      // U+FF21 is EF BC A1 in UTF-8, U+1F600 is F0 9F 98 80; in UTF-16 the emoji's surrogate (D83D) comes first.
      assert.ok(compareGoStrings('\uFF21', '\u{1F600}') < 0);
      assert.ok('\uFF21' > '\u{1F600}', 'JavaScript would order them the other way');
      assert.ok(compareGoStrings('a', 'b') < 0);
      assert.strictEqual(compareGoStrings('same', 'same'), 0);
    });

    it('equal weights and equal names keep the kind order', () => {
      const c = chart({ 'templates/a.yaml': docs(hook('Job', 'setup', 'pre-install'), hook('ConfigMap', 'setup', 'pre-install')) });
      assert.deepStrictEqual(run(c.order(), 'pre-install'), ['ConfigMap/setup', 'Job/setup']);
    });

    it('a hook listing an event twice runs twice', () => {
      const c = chart({ 'templates/a.yaml': docs(hook('Job', 'twice', 'pre-install,pre-install'), hook('Job', 'once', 'pre-install')) });
      assert.deepStrictEqual(run(c.order(), 'pre-install'), ['Job/once', 'Job/twice', 'Job/twice']);
    });

    it('weights are global across the chart and its subcharts', () => {
      const c = chart({
        'templates/a.yaml': docs(hook('Job', 'parent-early', 'pre-install', { 'helm.sh/hook-weight': '-10' }), hook('Job', 'parent-late', 'pre-install')),
        'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.0.0\n',
        'charts/sub/templates/a.yaml': hook('Job', 'child', 'pre-install', { 'helm.sh/hook-weight': '-5' }),
      });
      assert.deepStrictEqual(run(c.order(), 'pre-install'), ['Job/parent-early', 'Job/child', 'Job/parent-late']);
    });

    it('a hook with generateName (empty name) runs first among its weight', () => {
      const gen = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: gen-\n  annotations:\n    helm.sh/hook: pre-install\n';
      const c = chart({ 'templates/a.yaml': docs(hook('Job', 'aaa', 'pre-install'), gen, hook('Job', 'early', 'pre-install', { 'helm.sh/hook-weight': '-1' })) });
      assert.deepStrictEqual(run(c.order(), 'pre-install'), ['Job/early', 'Job/', 'Job/aaa']);
    });

    it('an invalid weight counts as 0', () => {
      const c = chart({
        'templates/a.yaml': docs(hook('Job', 'spaced', 'pre-install', { 'helm.sh/hook-weight': ' -5' }), hook('Job', 'a-zero', 'pre-install')),
      });
      const items = hookStepOf(c.order(), 'install', 'pre-install').items;
      assert.deepStrictEqual(items.map((i) => [i.name, i.weight]), [['a-zero', 0], ['spaced', 0]]);
      assert.strictEqual(items[1].weightInvalid, true);
      assert.strictEqual(items[1].weightRaw, ' -5');
    });

    it('hooksForEvent filters the stored list and sorts it stably by (weight, name)', () => {
      const c = chart({ 'templates/a.yaml': docs(hook('Job', 'b', 'pre-install,post-install'), hook('Pod', 'a', 'post-install')) });
      assert.deepStrictEqual(hooksForEvent(c.hookModel().hooks, 'pre-install').map((h) => h.name), ['b']);
      assert.deepStrictEqual(hooksForEvent(c.hookModel().hooks, 'post-install').map((h) => h.name), ['a', 'b']);
    });
  });

  describe('dropped resources', () => {
    it('a hook with an unknown event is in dropped and in no step', () => {
      const c = chart({ 'templates/a.yaml': docs(hook('Job', 'typo', 'pre-install,post-instal'), hook('Job', 'fine', 'pre-install')) });
      const o = c.order();
      assert.deepStrictEqual(o.dropped.map((d) => [d.kind, d.name, d.path]), [['Job', 'typo', 'mychart/templates/a.yaml']]);
      assert.match(o.dropped[0].reason, /post-instal/);
      assert.strictEqual(o.hookCount, 1);
      for (const [name, cmd] of Object.entries(o.commands)) {
        for (const s of cmd!.steps) {
          for (const i of s.items) assert.notStrictEqual(i.name, 'typo', `typo appears in ${name}/${s.id}`);
        }
      }
    });

    it('dropped resources point at the line of their hook annotation', () => {
      const c = chart({ 'templates/a.yaml': hook('Job', 'typo', 'crd-install') });
      assert.strictEqual(c.order().dropped[0].line, 6);
    });
  });

  describe('phases per command', () => {
    const c = chart({
      'templates/hooks.yaml': docs(
        hook('Job', 'pre-i', 'pre-install'),
        hook('Job', 'post-i', 'post-install'),
        hook('Job', 'pre-u', 'pre-upgrade'),
        hook('Job', 'post-u', 'post-upgrade'),
        hook('Job', 'pre-r', 'pre-rollback'),
        hook('Job', 'post-r', 'post-rollback'),
        hook('Job', 'pre-d', 'pre-delete'),
        hook('Job', 'post-d', 'post-delete'),
        hook('Pod', 'smoke', 'test'),
      ),
      'templates/app.yaml': docs(resource('Deployment', 'web'), resource('Service', 'web'), resource('ConfigMap', 'cfg')),
      'crds/widgets.yaml': 'kind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n',
    });
    const o = c.order();
    const ids = (cmd: CommandName) => steps(o, cmd).map((s) => s.id);

    it('install: verify, render, CRDs, pre-install, create, wait, post-install', () => {
      assert.deepStrictEqual(ids('install'), ['verify', 'render', 'crds', 'pre-install', 'create', 'wait', 'post-install']);
      const crds = steps(o, 'install').find((s) => s.id === 'crds')!;
      assert.deepStrictEqual(crds.items.map((i) => i.path), ['mychart/crds/widgets.yaml']);
      assert.deepStrictEqual(run(o, 'pre-install'), ['Job/pre-i']);
      assert.deepStrictEqual(run(o, 'post-install'), ['Job/post-i']);
    });

    it('install creates resources in InstallOrder', () => {
      const create = steps(o, 'install').find((s) => s.id === 'create')!;
      assert.deepStrictEqual(create.items.map((i) => i.kind), ['ConfigMap', 'Service', 'Deployment']);
    });

    it('upgrade has no CRD step: crds/ is not processed on upgrade', () => {
      assert.deepStrictEqual(ids('upgrade'), ['verify', 'render', 'pre-upgrade', 'update', 'wait', 'post-upgrade']);
      assert.deepStrictEqual(run(o, 'pre-upgrade', 'upgrade'), ['Job/pre-u']);
    });

    it("rollback runs pre-rollback and post-rollback, noting they are the target revision's hooks", () => {
      assert.deepStrictEqual(ids('rollback'), ['load', 'pre-rollback', 'update', 'wait', 'post-rollback']);
      assert.deepStrictEqual(run(o, 'post-rollback', 'rollback'), ['Job/post-r']);
      assert.ok(o.commands.rollback!.notes.some((n) => /target revision|rolled back to/.test(n)));
    });

    it('uninstall deletes resources in UninstallOrder, between pre-delete and post-delete', () => {
      assert.deepStrictEqual(ids('uninstall'), ['pre-delete', 'delete', 'post-delete']);
      const del = steps(o, 'uninstall').find((s) => s.id === 'delete')!;
      // Not the reverse of the create order (which would delete the Deployment before the Service).
      assert.deepStrictEqual(del.items.map((i) => i.kind), ['Service', 'Deployment', 'ConfigMap']);
      assert.ok(o.commands.uninstall!.notes.some((n) => /never deletes them/.test(n)), 'hooks are not part of the release');
    });

    it('test runs only the test hooks', () => {
      assert.deepStrictEqual(ids('test'), ['test']);
      assert.deepStrictEqual(run(o, 'test', 'test'), ['Pod/smoke']);
    });

    it('a single command can be asked for', () => {
      assert.deepStrictEqual(Object.keys(c.order(4, 'upgrade').commands), ['upgrade']);
    });

    it('uninstall leaves resource-policy keep in place, and an unknown policy behind', () => {
      const k = chart({
        'templates/app.yaml': docs(
          resource('Secret', 'kept', { 'helm.sh/resource-policy': ' Keep ' }),
          resource('Secret', 'orphan', { 'helm.sh/resource-policy': 'retain' }),
          resource('Secret', 'gone'),
        ),
      });
      const un = steps(k.order(), 'uninstall');
      assert.deepStrictEqual(un.find((s) => s.id === 'delete')!.items.map((i) => i.name), ['gone']);
      assert.deepStrictEqual(un.find((s) => s.id === 'kept')!.items.map((i) => i.name), ['kept']);
      assert.deepStrictEqual(un.find((s) => s.id === 'left-behind')!.items.map((i) => i.name), ['orphan']);
      const create = steps(k.order(), 'install').find((s) => s.id === 'create')!;
      assert.deepStrictEqual(create.items.map((i) => i.name), ['kept', 'orphan', 'gone'], 'install creates them all');
    });
  });

  describe('delete policies and waiting', () => {
    it('without a delete policy the hook gets before-hook-creation', () => {
      const c = chart({ 'templates/a.yaml': hook('Job', 'j', 'pre-install') });
      const [h] = hookStepOf(c.order(), 'install', 'pre-install').items;
      assert.deepStrictEqual(h.deletePolicies, []);
      assert.deepStrictEqual(h.effectiveDeletePolicies, ['before-hook-creation']);
      assert.match(h.outcome, /deleted before its next run/);
    });

    it('an unknown delete policy disables the default: nothing deletes the object', () => {
      const c = chart({ 'templates/a.yaml': hook('Job', 'j', 'pre-install', { 'helm.sh/hook-delete-policy': 'hook-succeded' }) });
      const [h] = hookStepOf(c.order(), 'install', 'pre-install').items;
      assert.deepStrictEqual(h.effectiveDeletePolicies, ['hook-succeded']);
      assert.match(h.outcome, /kept/);
      assert.deepStrictEqual(hookStepOf(c.order(), 'install', 'pre-install').deletedAfterSuccess, []);
    });

    it('hook-succeeded objects are deleted after the phase, in reverse order', () => {
      const c = chart({
        'templates/a.yaml': docs(
          hook('Job', 'first', 'pre-install', { 'helm.sh/hook-weight': '1', 'helm.sh/hook-delete-policy': 'hook-succeeded' }),
          hook('Job', 'second', 'pre-install', { 'helm.sh/hook-weight': '2' }),
          hook('Job', 'third', 'pre-install', { 'helm.sh/hook-weight': '3', 'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded' }),
        ),
      });
      const step = hookStepOf(c.order(), 'install', 'pre-install');
      assert.deepStrictEqual(step.items.map((i) => i.name), ['first', 'second', 'third']);
      assert.deepStrictEqual(step.deletedAfterSuccess, [
        { kind: 'Job', name: 'third' },
        { kind: 'Job', name: 'first' },
      ]);
    });

    it('a CustomResourceDefinition hook is never deleted', () => {
      const c = chart({ 'templates/a.yaml': hook('CustomResourceDefinition', 'widgets.example.com', 'pre-install', { 'helm.sh/hook-delete-policy': 'hook-succeeded' }) });
      const step = hookStepOf(c.order(), 'install', 'pre-install');
      assert.match(step.items[0].outcome, /never deleted/);
      assert.deepStrictEqual(step.deletedAfterSuccess, []);
    });

    it('Helm waits only for Job and Pod hooks', () => {
      const c = chart({ 'templates/a.yaml': docs(hook('Job', 'j', 'test'), hook('Pod', 'p', 'test'), hook('ConfigMap', 'c', 'test'), hook('Deployment', 'd', 'test')) });
      const waits = Object.fromEntries(hookStepOf(c.order(), 'test', 'test').items.map((i) => [i.kind, i.waits]));
      assert.deepStrictEqual(waits, { ConfigMap: false, Deployment: false, Job: true, Pod: true });
    });

    it('policies are carried as Helm reads them: trimmed and lower-cased', () => {
      const c = chart({
        'templates/a.yaml': hook('Job', 'j', 'pre-install', { 'helm.sh/hook-delete-policy': ' Hook-Succeeded , hook-failed', 'helm.sh/hook-output-log-policy': 'HOOK-FAILED' }),
      });
      const [h] = hookStepOf(c.order(), 'install', 'pre-install').items;
      assert.deepStrictEqual(h.deletePolicies, ['hook-succeeded', 'hook-failed']);
      assert.deepStrictEqual(h.outputLogPolicies, ['hook-failed']);
    });
  });

  describe('when a hook fails (the failure object of each hook step)', () => {
    const phase = () =>
      chart({
        'templates/a.yaml': docs(
          hook('Job', 'first', 'pre-install', { 'helm.sh/hook-weight': '1', 'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded' }),
          hook('ConfigMap', 'second', 'pre-install', { 'helm.sh/hook-weight': '2' }),
          hook('Job', 'third', 'pre-install', { 'helm.sh/hook-weight': '3', 'helm.sh/hook-delete-policy': 'hook-failed' }),
        ),
      });

    it('Helm waits on Job and Pod hooks only, each with the whole --timeout', () => {
      const f = hookStepOf(phase().order(), 'install', 'pre-install').failure!;
      assert.strictEqual(f.waitedHooks, 2);
      assert.strictEqual(f.maxDuration, 'up to 2 × --timeout (10m with the default 5m)');
      assert.match(f.timeout, /whole --timeout \(default 5m\)/);
      assert.match(f.wait, /hookOnly/);
      assert.strictEqual(f.strategy, 'Helm 4: kstatus, hookOnly by default, watcher with --wait or --rollback-on-failure, legacy with --wait=legacy');
      const f3 = hookStepOf(phase().order(3), 'install', 'pre-install').failure!;
      assert.match(f3.wait, /Helm 3 watches/);
      assert.strictEqual(f3.strategy, 'Helm 3: a watch until Complete (Job) or Succeeded (Pod)');
    });

    it('per hook: its own hook-failed, the earlier hook-succeeded hooks deleted, the later hooks never run', () => {
      const f = hookStepOf(phase().order(), 'install', 'pre-install').failure!;
      assert.deepStrictEqual(f.cleanedOnFailure, [1]);
      assert.deepStrictEqual(
        f.hooks.map((h) => [h.position, h.deletedItself, h.earlierDeleted, h.earlierKept, h.neverRun]),
        [
          [1, false, 0, 0, 2],
          [2, false, 1, 0, 1],
          [3, true, 1, 1, 0],
        ],
      );
      assert.strictEqual(f.hooks[2].summary, 'its object is deleted (hook-failed); 1 earlier hook deleted (hook-succeeded); 1 earlier hook stays');
      assert.strictEqual(f.cleanupSince, 'Helm 4.0');
      const f3 = hookStepOf(phase().order(3), 'install', 'pre-install').failure!;
      assert.strictEqual(f3.cleanupSince, 'Helm 3.19');
      assert.match(f3.afterFailure, /from Helm 3\.19 \(3\.18 and older keep them\)/);
    });

    it('a failed install leaves the release failed; --rollback-on-failure (Helm 3: --atomic) uninstalls it, running pre-delete and post-delete hooks', () => {
      const f = hookStepOf(phase().order(), 'install', 'pre-install').failure!;
      assert.match(f.releaseStatus, /^failed/);
      assert.deepStrictEqual(f.recovery && [f.recovery.flag, f.recovery.action, f.recovery.events], ['--rollback-on-failure', 'uninstalls the release', ['pre-delete', 'post-delete']]);
      assert.strictEqual(hookStepOf(phase().order(3), 'install', 'pre-install').failure!.recovery!.flag, '--atomic');
    });

    it('a failed upgrade rolls back to the last deployed revision, running its pre-rollback and post-rollback hooks', () => {
      const c = chart({ 'templates/a.yaml': hook('Job', 'j', 'pre-upgrade') });
      const f = hookStepOf(c.order(), 'upgrade', 'pre-upgrade').failure!;
      assert.match(f.releaseStatus, /previous revision stays deployed/);
      assert.deepStrictEqual(f.recovery!.events, ['pre-rollback', 'post-rollback']);
      assert.match(f.recovery!.note, /that revision's stored/);
    });

    it('rollback, uninstall and test have no recovery; a failed rollback hook leaves pending-rollback; post-delete is only reported', () => {
      const c = chart({ 'templates/a.yaml': hook('Job', 'j', 'pre-rollback,pre-delete,post-delete,test') });
      const o = c.order();
      assert.match(hookStepOf(o, 'rollback', 'pre-rollback').failure!.releaseStatus, /^pending-rollback/);
      assert.strictEqual(hookStepOf(o, 'rollback', 'pre-rollback').failure!.recovery, undefined);
      assert.match(hookStepOf(o, 'uninstall', 'pre-delete').failure!.afterFailure, /no resource is deleted/);
      assert.match(hookStepOf(o, 'uninstall', 'post-delete').failure!.releaseStatus, /only reported/);
      assert.strictEqual(hookStepOf(o, 'test', 'test').failure!.recovery, undefined);
    });

    it('a phase without Job or Pod hooks waits on nothing', () => {
      const c = chart({ 'templates/a.yaml': hook('ConfigMap', 'c', 'post-install') });
      assert.match(hookStepOf(c.order(), 'install', 'post-install').failure!.maxDuration, /no hook is waited on/);
    });
  });

  describe('what the order result says about each hook', () => {
    it('marks conditional and templated hooks', () => {
      // On by default (a hook the default values switch off is in `disabled`, not in the order).
      const c = chart({
        'values.yaml': 'migrate: true\n',
        'templates/a.yaml':
          '{{- if .Values.migrate }}\n' +
          hook('Job', 'migrate', 'pre-upgrade') +
          '{{- end }}\n---\n' +
          'kind: Job\nmetadata:\n  name: {{ .Release.Name }}-x\n  annotations:\n    helm.sh/hook: pre-upgrade\n',
      });
      const items = hookStepOf(c.order(), 'upgrade', 'pre-upgrade').items;
      const byName = Object.fromEntries(items.map((i) => [i.name, i]));
      assert.strictEqual(byName['migrate'].conditional, true);
      assert.strictEqual(byName['migrate'].condition, 'if .Values.migrate');
      const templated = items.find((i) => i.nameDynamic)!;
      assert.strictEqual(templated.dynamic, true);
    });

    it('the line of a hook is the line of its helm.sh/hook annotation (1-based)', () => {
      const c = chart({ 'templates/a.yaml': docs(resource('ConfigMap', 'x'), hook('Job', 'j', 'pre-install')) });
      const [h] = hookStepOf(c.order(), 'install', 'pre-install').items;
      assert.strictEqual(h.line, 11);
      assert.strictEqual(h.file, c.file('templates/a.yaml'));
    });
  });
});
