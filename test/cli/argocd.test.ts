/**
 * `helm-hooks order|lint --target argocd` as a user runs it (a child process over a chart in a temporary folder):
 * the JSON interface of issue 17, the text timeline, the argocd-* lint codes and the usage errors.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'helm-hooks.js');

function cli(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', HELM_HOOKS_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function obj(kind: string, name: string, annotations: Record<string, string> = {}): string {
  const ann = Object.entries(annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}\n`).join('');
  return `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n` + (ann ? `  annotations:\n${ann}` : '');
}

interface ArgoJson {
  target: string;
  chart: string;
  commands: {
    sync: { steps: Array<{ id: string; type: string; items: Array<{ kind: string; name: string; wave: number; path: string; line: number }> }> };
    delete: { steps: Array<{ id: string; type: string; items: Array<{ kind: string; name: string }> }> };
  };
  ignored: Array<{ kind: string; name: string; path: string; reason: string }>;
}

describe('helm-hooks --target argocd', function () {
  this.timeout(30000);
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-argocd-'));
    const files: Record<string, string> = {
      'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
      'app/templates/hooks.yaml': [
        obj('Job', 'init-db', { 'helm.sh/hook': 'pre-install', 'helm.sh/hook-weight': '-5' }),
        obj('Job', 'a-migrate', { 'helm.sh/hook': 'pre-install,pre-upgrade' }),
        obj('ConfigMap', 'z-settings', { 'helm.sh/hook': 'pre-install,pre-upgrade' }),
        obj('Job', 'notify', { 'helm.sh/hook': 'post-upgrade' }),
        obj('Job', 'backup', { 'helm.sh/hook': 'pre-delete' }),
        obj('Pod', 'smoke', { 'helm.sh/hook': 'test' }),
      ].join('---\n'),
      'app/templates/deploy.yaml': obj('Deployment', 'web'),
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
      fs.writeFileSync(path.join(tmp, rel), text);
    }
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('order --format json gives {target, commands: {sync, delete}, ignored} with items in Argo CD order', () => {
    const r = cli(['order', 'app', '--target', 'argocd', '--format', 'json'], tmp);
    assert.strictEqual(r.code, 0, r.stderr);
    const o = JSON.parse(r.stdout) as ArgoJson;
    assert.deepStrictEqual(Object.keys(o).slice(0, 4), ['target', 'chart', 'commands', 'ignored']);
    assert.strictEqual(o.target, 'argocd');
    assert.deepStrictEqual(o.commands.sync.steps.map((s) => `${s.id}:${s.type}`), ['PreSync:hooks', 'Sync:resources', 'PostSync:hooks']);
    const pre = o.commands.sync.steps[0].items;
    // Wave -5 first; then, in wave 0, ConfigMap before Job (kind table) where Helm runs a-migrate first (name).
    assert.deepStrictEqual(pre.map((i) => `${i.kind}/${i.name}@${i.wave}`), ['Job/init-db@-5', 'ConfigMap/z-settings@0', 'Job/a-migrate@0']);
    assert.deepStrictEqual(Object.keys(pre[0]).slice(0, 5), ['kind', 'name', 'wave', 'path', 'line']);
    assert.strictEqual(pre[0].path, 'app/templates/hooks.yaml');
    assert.deepStrictEqual(o.commands.sync.steps[2].items.map((i) => i.name), ['notify']);
    assert.deepStrictEqual(o.commands.delete.steps.map((s) => s.id), ['PreDelete', 'CascadeDelete', 'PostDelete']);
    assert.deepStrictEqual(o.commands.delete.steps[0].items.map((i) => i.name), ['backup']);
    assert.deepStrictEqual(o.ignored.map((i) => [i.kind, i.name, i.path]), [['Pod', 'smoke', 'app/templates/hooks.yaml']]);
    assert.match(o.ignored[0].reason, /helm test/);
  });

  it('order prints a timeline: sync by wave with what Argo CD waits for, the deletion, what never runs', () => {
    const r = cli(['order', 'app', '--target', 'argocd'], tmp);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /── PreSync hooks ──/);
    assert.match(r.stdout, /↳ wave -5: .*Job\/init-db is healthy/);
    assert.match(r.stdout, /Application deletion/);
    assert.match(r.stdout, /never run by Argo CD/);
    assert.match(r.stdout, /Job init-db: pre-install only: PreSync runs at every sync/);
  });

  it('lint --target argocd adds the argocd-* codes; without it there are none', () => {
    const argo = cli(['lint', '--format', 'json', '--target', 'argocd', 'app'], tmp);
    const codes = (JSON.parse(argo.stdout) as Array<{ code: string }>).map((f) => f.code).filter((c) => c.startsWith('argocd-'));
    assert.deepStrictEqual([...new Set(codes)].sort(), ['argocd-hook-never-runs', 'argocd-order-differs', 'argocd-runs-every-sync']);
    const helm = cli(['lint', '--format', 'json', 'app'], tmp);
    assert.deepStrictEqual((JSON.parse(helm.stdout) as Array<{ code: string }>).filter((f) => f.code.startsWith('argocd-')), []);
  });

  it('rejects --command and --render with --target argocd, and unknown targets (exit 2)', () => {
    assert.strictEqual(cli(['order', 'app', '--target', 'argocd', '--command', 'install'], tmp).code, 2);
    assert.strictEqual(cli(['order', 'app', '--target', 'argocd', '--render'], tmp).code, 2);
    const bad = cli(['order', 'app', '--target', 'flux'], tmp);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /--target must be one of helm, argocd/);
  });
});
