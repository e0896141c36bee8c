/**
 * Argo CD's reading of a chart's hooks. Each test names the Argo CD file (argoproj/argo-cd, gitops-engine under
 * `gitops-engine/`) whose rule it checks; docs/ARGOCD.md lists the same rules.
 */
import * as assert from 'assert';
import {
  annotationCsv,
  argoAnnotationsOf,
  argoKindRank,
  argoOrderOf,
  readArgoHook,
  type ArgoAnnotation,
  type ArgoOrderResult,
} from '../../server/src/engine/hooks/argocd';
import { argocdCodeLenses, argocdDiagnostics, argocdHoverAt } from '../../server/src/engine/features/argocdEditor';
import { hoverAt } from '../../server/src/engine/features/hover';
import { chart } from '../helpers/fixtures';

function obj(kind: string, name: string, annotations: Record<string, string> = {}): string {
  const ann = Object.entries(annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}\n`).join('');
  return `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n` + (ann ? `  annotations:\n${ann}` : '');
}
const docs = (...d: string[]) => d.join('---\n');

function annotations(map: Record<string, string>): Map<string, ArgoAnnotation> {
  return new Map(Object.entries(map).map(([key, value]) => [key, { key, value, dynamic: false }]));
}

function argo(files: Record<string, string>): { result: ArgoOrderResult; c: ReturnType<typeof chart> } {
  const c = chart(files);
  return { result: argoOrderOf(c.ws, c.model, 4), c };
}

function step(r: ArgoOrderResult, id: string, command: 'sync' | 'delete' = 'sync'): string[] {
  const s = r.commands[command].steps.find((x) => x.id === id);
  if (!s) throw new Error(`no ${id} step`);
  return s.items.map((i) => `${i.kind}/${i.name}`);
}

describe('Argo CD: reading the annotations', () => {
  it('splits on commas, trims, skips empty items and duplicates, keeps case (gitops-engine/pkg/sync/resource/annotations.go)', () => {
    assert.deepStrictEqual(annotationCsv(' pre-install, ,pre-install,PRE-INSTALL,'), ['pre-install', 'PRE-INSTALL']);
  });

  it('maps pre-install and pre-upgrade to PreSync, post-install and post-upgrade to PostSync (gitops-engine/pkg/sync/hook/helm/type.go)', () => {
    assert.deepStrictEqual(readArgoHook(annotations({ 'helm.sh/hook': 'pre-install' })).phases, ['PreSync']);
    assert.deepStrictEqual(readArgoHook(annotations({ 'helm.sh/hook': 'pre-upgrade' })).phases, ['PreSync']);
    assert.deepStrictEqual(readArgoHook(annotations({ 'helm.sh/hook': 'post-install,post-upgrade' })).phases, ['PostSync']);
  });

  it('a hook in two phases runs in both (gitops-engine/pkg/sync/sync_phase.go)', () => {
    assert.deepStrictEqual(readArgoHook(annotations({ 'helm.sh/hook': 'post-install,pre-upgrade' })).phases, ['PreSync', 'PostSync']);
    assert.deepStrictEqual(readArgoHook(annotations({ 'argocd.argoproj.io/hook': 'PreSync,PostSync' })).phases, ['PreSync', 'PostSync']);
  });

  it('matches Helm events case-sensitively: PRE-INSTALL, which Helm lower-cases, makes a hook that never runs (hook/helm/type.go:19-25)', () => {
    const r = readArgoHook(annotations({ 'helm.sh/hook': 'PRE-INSTALL' }));
    assert.strictEqual(r.isHook, true);
    assert.deepStrictEqual(r.phases, []);
  });

  it('drops unknown Helm items one by one, not the whole resource (hook/helm/type.go:38-47)', () => {
    const r = readArgoHook(annotations({ 'helm.sh/hook': 'pre-install,test,post-rollback' }));
    assert.deepStrictEqual(r.phases, ['PreSync']);
    assert.deepStrictEqual(r.droppedHelmItems, ['test', 'post-rollback']);
  });

  it('test and rollback hooks are hooks in no phase: never run (gitops-engine/pkg/sync/sync_phase.go, hook/helm/hook.go)', () => {
    for (const ev of ['test', 'pre-rollback', 'post-rollback', 'test-success']) {
      const r = readArgoHook(annotations({ 'helm.sh/hook': ev }));
      assert.strictEqual(r.isHook, true, ev);
      assert.deepStrictEqual(r.phases, [], ev);
      assert.deepStrictEqual(r.deleteHooks, [], ev);
    }
  });

  it('pre-delete and post-delete are Application-deletion hooks kept out of the sync (controller/hook.go:34-81, controller/state.go:659-676)', () => {
    const pre = readArgoHook(annotations({ 'helm.sh/hook': 'pre-delete' }));
    assert.deepStrictEqual(pre.deleteHooks, ['PreDelete']);
    assert.strictEqual(pre.inSync, false);
    assert.deepStrictEqual(readArgoHook(annotations({ 'argocd.argoproj.io/hook': 'PostDelete' })).deleteHooks, ['PostDelete']);
    const both = readArgoHook(annotations({ 'helm.sh/hook': 'pre-install,pre-delete' }));
    assert.deepStrictEqual(both.phases, ['PreSync']);
    assert.deepStrictEqual(both.deleteHooks, ['PreDelete']);
    assert.strictEqual(both.inSync, true);
  });

  it('a valid argocd.argoproj.io/hook wins over helm.sh/hook (gitops-engine/pkg/sync/hook/hook.go:38-53)', () => {
    const r = readArgoHook(annotations({ 'argocd.argoproj.io/hook': 'PostSync', 'helm.sh/hook': 'pre-install' }));
    assert.strictEqual(r.typesFrom, 'argocd');
    assert.deepStrictEqual(r.phases, ['PostSync']);
  });

  it('an invalid argocd.argoproj.io/hook value is dropped and the Helm annotation is used (hook.go:38-53)', () => {
    const r = readArgoHook(annotations({ 'argocd.argoproj.io/hook': 'presync', 'helm.sh/hook': 'post-install' }));
    assert.strictEqual(r.typesFrom, 'helm');
    assert.deepStrictEqual(r.invalidArgoItems, ['presync']);
    assert.deepStrictEqual(r.phases, ['PostSync']);
  });

  it('an invalid argocd.argoproj.io/hook alone still makes a hook, in no phase (hook.go:23-29)', () => {
    const r = readArgoHook(annotations({ 'argocd.argoproj.io/hook': 'Presync' }));
    assert.strictEqual(r.isHook, true);
    assert.deepStrictEqual(r.phases, []);
  });

  it('Skip alone is never applied; Skip next to another type is ignored (hook.go:31-36, sync_phase.go:11-12)', () => {
    const skip = readArgoHook(annotations({ 'argocd.argoproj.io/hook': 'Skip' }));
    assert.strictEqual(skip.skip, true);
    assert.strictEqual(skip.isHook, false);
    assert.deepStrictEqual(skip.phases, []);
    assert.deepStrictEqual(readArgoHook(annotations({ 'argocd.argoproj.io/hook': 'Skip,PreSync' })).phases, ['PreSync']);
  });

  it('crd-install exactly is not a hook for Argo CD (hook/helm/hook.go:5-9)', () => {
    const r = readArgoHook(annotations({ 'helm.sh/hook': 'crd-install' }));
    assert.strictEqual(r.isHook, false);
    assert.deepStrictEqual(r.phases, ['Sync']);
  });

  it('wave: sync-wave, else helm.sh/hook-weight, else 0, each with strconv.Atoi (gitops-engine/pkg/sync/syncwaves/waves.go, hook/helm/weight.go)', () => {
    assert.strictEqual(readArgoHook(annotations({ 'argocd.argoproj.io/sync-wave': '-3', 'helm.sh/hook-weight': '7' })).wave, -3);
    const fallback = readArgoHook(annotations({ 'argocd.argoproj.io/sync-wave': ' 2', 'helm.sh/hook-weight': '7' }));
    assert.deepStrictEqual([fallback.wave, fallback.waveFrom], [7, 'hook-weight']);
    assert.deepStrictEqual(readArgoHook(annotations({ 'helm.sh/hook-weight': 'abc' })).waveFrom, 'default');
    // On a non-hook too: the weight moves an ordinary resource into a wave.
    const plain = readArgoHook(annotations({ 'helm.sh/hook-weight': '5' }));
    assert.deepStrictEqual([plain.isHook, plain.wave, plain.phases], [false, 5, ['Sync']]);
  });

  it('delete policies: both annotations, case-sensitive, unknown items dropped, BeforeHookCreation by default (gitops-engine/pkg/sync/hook/delete_policy.go)', () => {
    assert.deepStrictEqual(readArgoHook(annotations({ 'helm.sh/hook': 'pre-install' })).deletePolicies, ['BeforeHookCreation']);
    assert.deepStrictEqual(
      readArgoHook(annotations({ 'argocd.argoproj.io/hook-delete-policy': 'HookFailed', 'helm.sh/hook-delete-policy': 'hook-succeeded' })).deletePolicies,
      ['HookFailed', 'HookSucceeded'],
    );
    // Helm would lower-case Hook-Succeeded and, with an unknown policy, drop its default: Argo CD drops the item only.
    const r = readArgoHook(annotations({ 'helm.sh/hook-delete-policy': 'Hook-Succeeded' }));
    assert.deepStrictEqual(r.deletePolicies, ['BeforeHookCreation']);
    assert.deepStrictEqual(r.droppedPolicies, ['Hook-Succeeded']);
  });

  it('reads argocd.argoproj.io keys from templates that mention no helm.sh/ key', () => {
    const c = chart({ 'templates/cm.yaml': obj('ConfigMap', 'cm', { 'argocd.argoproj.io/sync-wave': '3' }) });
    const d = c.model.documents()[0];
    assert.strictEqual(argoAnnotationsOf(d).get('argocd.argoproj.io/sync-wave')?.value, '3');
  });
});

describe('Argo CD: the sync order', () => {
  it('orders by phase, wave, kind table, then name (gitops-engine/pkg/sync/sync_tasks.go:81-111)', () => {
    const { result } = argo({
      'templates/a.yaml': docs(
        obj('Job', 'post', { 'helm.sh/hook': 'post-install' }),
        obj('Job', 'a-job', { 'helm.sh/hook': 'pre-install' }),
        obj('ConfigMap', 'z-cm', { 'helm.sh/hook': 'pre-install' }),
        obj('Job', 'early', { 'helm.sh/hook': 'pre-install', 'helm.sh/hook-weight': '-1' }),
        obj('Deployment', 'web'),
        obj('ConfigMap', 'cfg'),
      ),
    });
    assert.deepStrictEqual(step(result, 'PreSync'), ['Job/early', 'ConfigMap/z-cm', 'Job/a-job']);
    assert.deepStrictEqual(step(result, 'Sync'), ['ConfigMap/cfg', 'Deployment/web']);
    assert.deepStrictEqual(step(result, 'PostSync'), ['Job/post']);
    assert.deepStrictEqual(result.commands.sync.steps.map((s) => [s.id, s.type]), [['PreSync', 'hooks'], ['Sync', 'resources'], ['PostSync', 'hooks']]);
  });

  it('kinds missing from its table (custom resources, webhook configurations, PriorityClass) come last, then by name (sync_tasks.go:65-68,103-108)', () => {
    assert.strictEqual(argoKindRank('MutatingWebhookConfiguration'), 0);
    assert.strictEqual(argoKindRank('PriorityClass'), 0);
    assert.ok(argoKindRank('APIService') < 0);
    const { result } = argo({
      'templates/a.yaml': docs(obj('Zeta', 'a'), obj('Alpha', 'b'), obj('PriorityClass', 'c'), obj('APIService', 'z')),
    });
    assert.deepStrictEqual(step(result, 'Sync'), ['APIService/z', 'Zeta/a', 'Alpha/b', 'PriorityClass/c']);
  });

  it('a hook-weight on an ordinary resource makes it a sync wave of its own (syncwaves/waves.go)', () => {
    const { result } = argo({ 'templates/a.yaml': docs(obj('ConfigMap', 'late', { 'helm.sh/hook-weight': '5' }), obj('Deployment', 'web')) });
    const sync = result.commands.sync.steps.find((s) => s.id === 'Sync')!;
    assert.deepStrictEqual(sync.items.map((i) => `${i.name}@${i.wave}`), ['web@0', 'late@5']);
    assert.deepStrictEqual(sync.waves.map((w) => w.wave), [0, 5]);
    assert.strictEqual(result.differences.wavesFromWeight.length, 1);
  });

  it('waits for every kind with a health check, hooks always and resources in a multi-step sync (sync_context.go Sync, pkg/health/health.go)', () => {
    const multi = argo({
      'templates/a.yaml': docs(obj('Job', 'migrate', { 'helm.sh/hook': 'pre-install' }), obj('Deployment', 'web'), obj('ConfigMap', 'cfg')),
    }).result;
    const sync = multi.commands.sync.steps.find((s) => s.id === 'Sync')!;
    assert.match(sync.items.find((i) => i.kind === 'Deployment')!.waitsFor, /^health/);
    assert.match(sync.items.find((i) => i.kind === 'ConfigMap')!.waitsFor, /no built-in health check/);
    const single = argo({ 'templates/a.yaml': docs(obj('Deployment', 'web')) }).result;
    assert.match(single.commands.sync.steps.find((s) => s.id === 'Sync')!.items[0].waitsFor, /one wave/);
  });

  it('Application deletion: PreDelete, then the cascade delete, then PostDelete (controller/appcontroller.go, controller/hook.go)', () => {
    const { result } = argo({
      'templates/a.yaml': docs(
        obj('Job', 'backup', { 'helm.sh/hook': 'pre-delete' }),
        obj('Job', 'cleanup', { 'argocd.argoproj.io/hook': 'PostDelete' }),
        obj('Deployment', 'web'),
      ),
    });
    assert.deepStrictEqual(result.commands.delete.steps.map((s) => s.id), ['PreDelete', 'CascadeDelete', 'PostDelete']);
    assert.deepStrictEqual(step(result, 'PreDelete', 'delete'), ['Job/backup']);
    assert.deepStrictEqual(step(result, 'PostDelete', 'delete'), ['Job/cleanup']);
    assert.deepStrictEqual(step(result, 'PreSync'), []);
    assert.deepStrictEqual(step(result, 'Sync'), ['Deployment/web']);
  });

  it('lists the hooks it never runs with the reason, and what helm template drops (sync_phase.go; Helm drops unknown events)', () => {
    const { result } = argo({
      'templates/a.yaml': docs(
        obj('Pod', 'smoke', { 'helm.sh/hook': 'test' }),
        obj('Job', 'undo', { 'helm.sh/hook': 'pre-rollback' }),
        obj('Job', 'loud', { 'helm.sh/hook': 'PRE-INSTALL' }),
        obj('Job', 'typo', { 'helm.sh/hook': 'pre-instal' }),
        obj('ConfigMap', 'skipped', { 'argocd.argoproj.io/hook': 'Skip' }),
      ),
    });
    const reasons = Object.fromEntries(result.ignored.map((i) => [i.name, i.reason]));
    assert.match(reasons.smoke, /helm test/);
    assert.match(reasons.undo, /rollback/);
    assert.match(reasons.loud, /case-sensitively/);
    assert.match(reasons.typo, /helm template drops it/);
    assert.match(reasons.skipped, /Skip/);
    assert.deepStrictEqual(step(result, 'PreSync'), []);
  });

  it('a tie Helm breaks by name and Argo CD by kind is reported (sync_tasks.go:86-111 against Helm pkg/action/hooks.go)', () => {
    const { result } = argo({
      'templates/a.yaml': docs(obj('Job', 'a-job', { 'helm.sh/hook': 'pre-install' }), obj('ConfigMap', 'z-cm', { 'helm.sh/hook': 'pre-install' })),
    });
    const ties = result.differences.reorderedTies.filter((t) => t.event === 'pre-install');
    assert.strictEqual(ties.length, 1);
    assert.deepStrictEqual([ties[0].first.name, ties[0].second.name, ties[0].cause], ['a-job', 'z-cm', 'tie']);
  });

  it('a PersistentVolumeClaim hook with the default BeforeHookCreation is deleted and created again at every sync (sync_task.go:130-132)', () => {
    const { result } = argo({ 'templates/a.yaml': obj('PersistentVolumeClaim', 'data', { 'helm.sh/hook': 'pre-install' }) });
    const item = result.commands.sync.steps[0].items[0];
    assert.ok(item.notes.some((n) => /every sync deletes this PersistentVolumeClaim/.test(n)), item.notes.join('; '));
    assert.match(item.waitsFor, /Bound/);
  });

  it('pre-install-only and post-install-only hooks run at every sync', () => {
    const { result } = argo({
      'templates/a.yaml': docs(
        obj('Job', 'init-db', { 'helm.sh/hook': 'pre-install' }),
        obj('Job', 'migrate', { 'helm.sh/hook': 'pre-install,pre-upgrade' }),
        obj('Job', 'notify', { 'helm.sh/hook': 'post-install' }),
      ),
    });
    assert.deepStrictEqual(result.differences.runsEverySync.map((d) => d.name), ['init-db', 'notify']);
  });
});

describe('Argo CD: what the templates cannot tell', () => {
  it('a templated helm.sh/hook with no known default is not reported as never run', () => {
    const { result } = argo({
      'templates/a.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: {{ .Release.Name | quote }}\n',
    });
    assert.deepStrictEqual(result.ignored, []);
    assert.deepStrictEqual(result.differences.neverRuns, []);
  });

  it('a Skip resource is listed as never applied but not diagnosed: it is asked for (hook.go:31-36)', () => {
    const c = chart({ 'templates/a.yaml': obj('ConfigMap', 'skipped', { 'argocd.argoproj.io/hook': 'Skip' }) });
    assert.strictEqual(argoOrderOf(c.ws, c.model, 4).ignored.length, 1);
    assert.deepStrictEqual(argocdDiagnostics(c.model, c.file('templates/a.yaml'), c.hookModel(), { target: 'argocd', hints: false, helmVersion: 4 }), []);
  });

  it('hover on a crd-install hook says Helm drops it and that Argo CD\'s docs disagree with what happens', () => {
    const text = obj('CustomResourceDefinition', 'crd', { 'helm.sh/hook': 'crd-install' });
    const c = chart({ 'templates/crd.yaml': text });
    const line = text.split('\n').findIndex((l) => l.includes('helm.sh/hook'));
    const h = argocdHoverAt(c.ws, c.file('templates/crd.yaml'), text, { line, character: 6 }, { helmVersion: 4 });
    assert.match(h!.markdown, /helm template. drops this resource/);
    assert.match(h!.markdown, /Docs and code disagree/);
  });
});

describe('Argo CD: diagnostics, hover and CodeLens', () => {
  const text = docs(
    obj('Job', 'init-db', { 'helm.sh/hook': 'pre-install', 'helm.sh/hook-weight': '-5' }),
    obj('Pod', 'smoke', { 'helm.sh/hook': 'test' }),
    obj('Job', 'x', { 'argocd.argoproj.io/hook': 'presync', 'helm.sh/hook': 'pre-upgrade' }),
    obj('ConfigMap', 'cfg', { 'helm.sh/hook-weight': '3' }),
  );
  const c = chart({ 'templates/a.yaml': text });
  const file = c.file('templates/a.yaml');
  const diag = (target: 'helm' | 'argocd', hints = false, severity = {}) =>
    argocdDiagnostics(c.model, file, c.hookModel(), { target, hints, helmVersion: 4, severity });

  it('reports the four codes with the argocd target', () => {
    const codes = diag('argocd').map((d) => `${d.code}:${d.severity}`).sort();
    assert.deepStrictEqual(codes, [
      'argocd-annotation-ignored:warning',
      'argocd-hook-never-runs:warning',
      'argocd-order-differs:information',
      'argocd-runs-every-sync:warning',
    ]);
    const every = diag('argocd').find((d) => d.code === 'argocd-runs-every-sync')!;
    assert.strictEqual(text.split('\n')[every.range.start.line].includes('helm.sh/hook'), true);
  });

  it('says nothing under the helm target, and hints when helmHooks.argocd.hints is on', () => {
    assert.deepStrictEqual(diag('helm'), []);
    assert.ok(diag('helm', true).length === 4 && diag('helm', true).every((d) => d.severity === 'hint'));
  });

  it('honours severity overrides, "off" included', () => {
    assert.deepStrictEqual(diag('argocd', false, { 'argocd-runs-every-sync': 'off' }).filter((d) => d.code === 'argocd-runs-every-sync'), []);
  });

  it('hover on a hook says the phase, the wave and that it runs at every sync; Flux is mentioned once, by Helm\'s hover', () => {
    const line = text.split('\n').findIndex((l) => l.includes('helm.sh/hook:'));
    const h = argocdHoverAt(c.ws, file, text, { line, character: 6 }, { helmVersion: 4 });
    assert.ok(h);
    assert.match(h!.markdown, /PreSync, wave -5: runs at every sync, not only at install/);
    const helm = hoverAt(c.ws, file, text, { line, character: 6 }, { helmVersion: 4 });
    // The editor shows both hovers together under the Argo CD target: Flux once in all.
    assert.strictEqual(`${helm!.markdown}\n${h!.markdown}`.split('Flux runs Helm itself').length - 1, 1);
  });

  it('CodeLens says what Argo CD does with each hook', () => {
    const titles = argocdCodeLenses(c.ws, file, text, { helmVersion: 4 }).map((l) => l.title);
    assert.ok(titles.includes('Argo CD: PreSync, wave -5: runs at every sync, not only at install'), titles.join('\n'));
    assert.ok(titles.some((t) => t.startsWith('Argo CD: never run by Argo CD')));
  });
});
