/**
 * `helm-hooks order CHART --render …` as a user runs it (`node bin/helm-hooks.js` in a child process), with the
 * real Helm binaries.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { OrderResult } from '../../server/src/engine';
import { dedent } from '../helpers/fixtures';
import { realHelm, ROOT } from './helmBinaries';

const BIN = path.join(ROOT, 'bin', 'helm-hooks.js');

function cli(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', HELM_HOOKS_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI: helm-hooks order --render with real Helm', function () {
  this.timeout(60000);
  let tmp: string;

  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-cli-render-')));
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
      fs.writeFileSync(path.join(tmp, rel), text);
    };
    write('app/Chart.yaml', 'apiVersion: v2\nname: app\nversion: 0.1.0\n');
    write('app/values.yaml', 'seed: false\n');
    write('prod.yaml', 'seed: true\n');
    write(
      'app/templates/hooks.yaml',
      dedent`
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: {{ .Release.Name }}-migrate
          namespace: {{ .Release.Namespace }}
          annotations:
            helm.sh/hook: pre-install
            helm.sh/hook-weight: "{{ .Values.weight | default 0 }}"
        {{- if .Values.seed }}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: m-seed
          annotations:
            helm.sh/hook: pre-install
        {{- end }}
      `,
    );
    write('broken/Chart.yaml', 'apiVersion: v2\nname: broken\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 1.x.x\n    repository: https://example.invalid\n');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const version of [4, 3] as const) {
    it(`Helm ${version}: JSON has mode "rendered", the detected version, and the order of Helm's names, values and --set`, () => {
      const r = cli(['order', 'app', '--render', '--helm', realHelm(version), '--release', 'zzz', '--namespace', 'apps', '-f', 'prod.yaml', '--set', 'weight=-1', '--command', 'install', '--format', 'json'], tmp);
      assert.strictEqual(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as OrderResult;
      assert.deepStrictEqual(Object.keys(out).slice(0, 4), ['chart', 'mode', 'helmVersion', 'commands']);
      assert.strictEqual(out.mode, 'rendered');
      assert.strictEqual(out.helmVersion, version);
      assert.match(out.helmVersionDetected ?? '', new RegExp(`^v${version}\\.`));
      const step = out.commands.install!.steps.find((s) => s.id === 'pre-install');
      assert.deepStrictEqual(
        step?.type === 'hooks' ? step.items.map((h) => [h.name, h.weight, h.line, !!h.valuesOnly]) : [],
        [
          ['zzz-migrate', -1, 7, false],
          ['m-seed', 0, 16, true],
        ],
      );
      assert.deepStrictEqual(out.render?.valuesFiles, [path.join(tmp, 'prod.yaml')]);
    });
  }

  it('text output says which Helm rendered how, then the timeline', () => {
    const r = cli(['order', 'app', '--render', '--helm', realHelm(3), '--command', 'install'], tmp);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /^rendered by Helm v3\.17\.2: .*helm template --namespace=default -- release-name .*\/app\n/);
    assert.match(r.stdout, /note: Helm v3\.17\.2's `helm install --dry-run` needs a reachable Kubernetes cluster/);
    assert.match(r.stdout, /app \(app\) · Helm 3 · 1 hook · rendered/);
    assert.match(r.stdout, /release-name-migrate\s+app\/templates\/hooks\.yaml:7/);
  });

  it('a chart Helm cannot render exits 1 with Helm’s message and a hint', () => {
    const r = cli(['order', 'broken', '--render', '--helm', realHelm(4)], tmp);
    assert.strictEqual(r.code, 1);
    assert.match(r.stdout, /Helm could not render the chart/);
    assert.match(r.stdout, /missing in charts\/ directory: redis/);
    assert.match(r.stdout, /hint: .*helm dependency build/);
  });

  it('--helm without --render is a usage error (the value flags go to the built-in render)', () => {
    const r = cli(['order', 'app', '--helm', 'helm', '--release', 'x'], tmp);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /--helm applies only with --render/);
  });

  it('--help documents the rendered-mode flags', () => {
    const r = cli(['order', '--help'], tmp);
    assert.strictEqual(r.code, 0);
    for (const flag of ['--render', '--helm PATH', '--release NAME', '--namespace NS', '-f, --values FILE', '--set KEY=VALUE', '--timeout SECONDS']) {
      assert.ok(r.stdout.includes(flag), flag);
    }
  });
});
