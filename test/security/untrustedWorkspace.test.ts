/**
 * No program runs from workspace settings in an untrusted workspace. Two stand-in helms, shell scripts that append
 * their arguments to a marker file: one named by the settings (`helmHooks.helm.path`, through
 * workspace/configuration, initializationOptions, didChangeConfiguration and the rendered-order request's
 * `helmPath`, as the VS Code client sends it), one first on PATH. The language server (real stdio, guard
 * preloaded) must run neither while untrusted, and runs them once trusted (the control, so these tests can fail).
 * The CLI without --render starts no process at all; with --render it runs the helm of --helm, else helm on PATH.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { RenderedOrderParams, RenderedOrderResponse } from '../../server/src/lspExtensions';
import { realHelm } from '../rendered/helmBinaries';
import { formatCounts, runEditorSession } from './editorSession';
import { describeRecord } from './guardLog';
import { fileUri, GuardedServer, ROOT, runGuardedCli, Sandbox } from './guardedProcess';

const EXAMPLE = path.join(ROOT, 'examples', 'upgrade-with-backup');
/** What rendered mode runs first with any helm: `helm version --template {{.Version}}` (server/src/helm/helmVersion.ts). */
const VERSION_ARGS = 'version --template {{.Version}}';

interface Helms {
  /** The chart (a copy of examples/upgrade-with-backup) with `.vscode/settings.json` naming the settings helm. */
  chart: string;
  settingsHelm: string;
  settingsMarker: string;
  pathMarker: string;
  /** The environment with the PATH helm first. */
  env: NodeJS.ProcessEnv;
}

function stageHelms(sandbox: Sandbox): Helms {
  const settingsMarker = sandbox.path('settings-helm-ran');
  const pathMarker = sandbox.path('path-helm-ran');
  const settingsHelm = sandbox.markerScript('settings-bin/helm-from-settings', settingsMarker);
  sandbox.markerScript('path-bin/helm', pathMarker);
  const chart = sandbox.path('chart');
  fs.cpSync(EXAMPLE, chart, { recursive: true });
  fs.mkdirSync(path.join(chart, '.vscode'));
  fs.writeFileSync(path.join(chart, '.vscode', 'settings.json'), JSON.stringify({ 'helmHooks.helm.path': settingsHelm }, null, 2));
  const env = { PATH: `${sandbox.path('path-bin')}${path.delimiter}${process.env.PATH ?? ''}` };
  return { chart, settingsHelm, settingsMarker, pathMarker, env };
}

/** The lines a marker script wrote: one per run, its arguments. */
function runsOf(marker: string): string[] {
  return fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').split('\n').filter((l) => l !== '') : [];
}

/** The `helmHooks` section a workspace could hold: it names the settings helm. */
function workspaceSettings(h: Helms): Record<string, unknown> {
  return { helmVersion: '4', helm: { path: h.settingsHelm }, render: { timeout: 5 } };
}

function assertNotTrusted(answers: readonly RenderedOrderResponse[]): void {
  for (const r of answers) {
    assert.match(r?.renderErrors?.[0]?.message ?? '', /not trusted/, JSON.stringify(r));
    assert.strictEqual(r?.render, undefined);
  }
}

describe('security: no program runs from workspace settings in an untrusted workspace', function () {
  this.timeout(10000);
  let sandbox: Sandbox;
  let helms: Helms;
  let server: GuardedServer | undefined;
  beforeEach(() => {
    sandbox = new Sandbox();
    helms = stageHelms(sandbox);
  });
  afterEach(() => {
    server?.dispose();
    server = undefined;
    sandbox.remove();
  });

  const renderParams = (extra: Partial<RenderedOrderParams> = {}): RenderedOrderParams => ({
    uri: fileUri(path.join(helms.chart, 'templates/hooks/db-backup.yaml')),
    release: 'shop',
    ...extra,
  });

  describe('the language server over stdio', () => {
    it('untrusted (the default): a whole session with every request that could render, a save, watched-file and configuration changes runs no helm, from settings or PATH', async () => {
      server = new GuardedServer(sandbox, workspaceSettings(helms), helms.env);
      await server.initialize({ helmHooks: workspaceSettings(helms) });
      const report = await runEditorSession(server, helms.chart, { helmPath: helms.settingsHelm });
      assert.strictEqual(await server.stop(), 0, server.stderr);
      assert.deepStrictEqual(runsOf(helms.settingsMarker), [], 'the settings helm ran');
      assert.deepStrictEqual(runsOf(helms.pathMarker), [], 'the PATH helm ran');
      assert.strictEqual(sandbox.guardedProcesses(), 1);
      assert.deepStrictEqual(sandbox.findings('spawn').map(describeRecord), [], 'processes started');
      assert.ok(server.configurationAsked.some((i) => i.section === 'helmHooks'), 'the server read the settings naming the helm');
      assertNotTrusted(report.rendered);
      console.log(`      ${formatCounts(report.answered)}; ${formatCounts(report.notified)}: 0 processes started`);
    });

    it('trust given at initialize and revoked by helmHooks/workspaceTrust: helm ran while trusted, and never after', async () => {
      server = new GuardedServer(sandbox, workspaceSettings(helms), helms.env);
      await server.initialize({ workspaceTrusted: true, helmHooks: workspaceSettings(helms) });
      const trusted = await server.request<RenderedOrderResponse>('helmHooks/renderedOrder', renderParams({ helmPath: helms.settingsHelm }));
      assert.match(trusted?.renderErrors?.[0]?.message ?? '', /did not print a Helm version/, JSON.stringify(trusted));
      const runsWhileTrusted = runsOf(helms.settingsMarker);
      assert.deepStrictEqual(runsWhileTrusted, [VERSION_ARGS], 'the control: trusted, the named helm ran');
      const spawnsWhileTrusted = sandbox.findings('spawn').length;

      await server.notify('helmHooks/workspaceTrust', { trusted: false });
      const report = await runEditorSession(server, helms.chart, { helmPath: helms.settingsHelm });
      assert.strictEqual(await server.stop(), 0, server.stderr);
      assert.deepStrictEqual(runsOf(helms.settingsMarker), runsWhileTrusted, 'the settings helm ran after trust was revoked');
      assert.deepStrictEqual(runsOf(helms.pathMarker), [], 'the PATH helm ran');
      assert.strictEqual(sandbox.findings('spawn').length, spawnsWhileTrusted, sandbox.findings('spawn').map(describeRecord).join('\n'));
      assertNotTrusted(report.rendered);
    });

    it('the control: once trusted by notification, the request runs the helm it names, and helm from PATH without one; helm.path in workspace/configuration alone never picks the binary', async () => {
      server = new GuardedServer(sandbox, workspaceSettings(helms), helms.env);
      await server.initialize({ helmHooks: workspaceSettings(helms) });
      const before = await server.request<RenderedOrderResponse>('helmHooks/renderedOrder', renderParams({ helmPath: helms.settingsHelm }));
      assert.deepStrictEqual(runsOf(helms.settingsMarker), []);
      assertNotTrusted([before]);

      await server.notify('helmHooks/workspaceTrust', { trusted: true });
      const named = await server.request<RenderedOrderResponse>('helmHooks/renderedOrder', renderParams({ helmPath: helms.settingsHelm }));
      assert.match(named?.renderErrors?.[0]?.message ?? '', /did not print a Helm version/, JSON.stringify(named));
      assert.deepStrictEqual(runsOf(helms.settingsMarker), [VERSION_ARGS]);
      assert.deepStrictEqual(runsOf(helms.pathMarker), []);

      // The server reads helm.path from no setting: without helmPath in the request it is `helm` found on PATH.
      await server.request<RenderedOrderResponse>('helmHooks/renderedOrder', renderParams());
      assert.deepStrictEqual(runsOf(helms.settingsMarker), [VERSION_ARGS]);
      assert.deepStrictEqual(runsOf(helms.pathMarker), [VERSION_ARGS]);
      assert.strictEqual(await server.stop(), 0, server.stderr);

      assert.deepStrictEqual(
        sandbox.findings('spawn').map((r) => [r.api, r.target.split(', ')[0]]),
        [
          ['child_process.spawn', JSON.stringify(helms.settingsHelm)],
          ['child_process.spawn', JSON.stringify(sandbox.path('path-bin', 'helm'))],
        ],
      );
    });
  });

  describe('the CLI', () => {
    it('lint and order, text and json, without --render start no process, though .vscode/settings.json names a helm and a helm is first on PATH', () => {
      const lines = [
        ['lint', helms.chart],
        ['lint', helms.chart, '--format', 'json'],
        ['order', helms.chart],
        ['order', helms.chart, '--format', 'json'],
      ];
      for (const argv of lines) {
        const r = runGuardedCli(sandbox, argv, { cwd: helms.chart, env: helms.env });
        assert.strictEqual(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
      }
      assert.strictEqual(sandbox.guardedProcesses(), lines.length);
      assert.deepStrictEqual(sandbox.findings('spawn').map(describeRecord), [], 'processes started');
      assert.deepStrictEqual(runsOf(helms.settingsMarker), []);
      assert.deepStrictEqual(runsOf(helms.pathMarker), []);
    });

    it('order --render without --helm runs helm from PATH, as its help says, and never the helm in .vscode/settings.json', () => {
      const r = runGuardedCli(sandbox, ['order', helms.chart, '--render', '--format', 'json'], { cwd: helms.chart, env: helms.env });
      assert.strictEqual(r.code, 1, r.stderr);
      const result = JSON.parse(r.stdout) as RenderedOrderResponse;
      assert.match(result?.renderErrors?.[0]?.message ?? '', /helm version` did not print a Helm version/);
      assert.deepStrictEqual(runsOf(helms.pathMarker), [VERSION_ARGS]);
      assert.deepStrictEqual(runsOf(helms.settingsMarker), []);
      assert.deepStrictEqual(
        sandbox.findings('spawn').map((r) => [r.api, r.target.split(', ')[0]]),
        [['child_process.spawn', JSON.stringify(sandbox.path('path-bin', 'helm'))]],
      );
    });

    it('order --render --helm PATH runs that binary (the real Helm 4) and nothing else', () => {
      const helm = realHelm(4);
      const r = runGuardedCli(sandbox, ['order', helms.chart, '--render', '--helm', helm, '--format', 'json'], { cwd: helms.chart, env: helms.env });
      assert.strictEqual(r.code, 0, r.stderr);
      const result = JSON.parse(r.stdout) as RenderedOrderResponse;
      assert.strictEqual(result?.mode, 'rendered');
      assert.match(result?.helmVersionDetected ?? '', /^v4\./);
      const spawned = sandbox.findings('spawn');
      assert.ok(spawned.length >= 2, 'helm version, then the render');
      assert.deepStrictEqual([...new Set(spawned.map((s) => s.target.split(', ')[0]))], [JSON.stringify(helm)], spawned.map(describeRecord).join('\n'));
      assert.deepStrictEqual(runsOf(helms.pathMarker), []);
      assert.deepStrictEqual(runsOf(helms.settingsMarker), []);
    });
  });
});
