/**
 * A second, independent LSP client: Debian's Neovim (0.7, headless, no user config) starts
 * `helm-hooks-language-server --stdio` (bin/helm-hooks-language-server.js) on a fresh copy of the example chart,
 * and test/e2e/nvim/lsp-client.lua drives it through a plan of steps. The assertions are here.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ProcessGroup } from './harness/processGroup';
import { loadTools, REPO_ROOT, resultsDir, type E2ETools } from './harness/tools';
import { createRunFolder, EXAMPLE_CHART, TYPO_TEMPLATE, type RunFolder } from './harness/workspace';

interface Diagnostic {
  line: number;
  character: number;
  severity: number;
  source?: string;
  message: string;
  code?: string;
}
interface StepResult {
  op: string;
  ms: number;
  diagnostics?: Diagnostic[];
  text?: string | null;
  labels?: string[];
  titles?: string[];
}
interface NeovimResult {
  nvim: string;
  server?: { name: string | null; hover: boolean; completion: boolean; codeAction: boolean };
  steps: StepResult[];
  error?: string;
  clients_left: number;
}

type Step =
  | { op: 'open' | 'diagnostics'; file: string; code?: string }
  | { op: 'hover' | 'completion' | 'codeAction'; file: string; line: number; character: number }
  | { op: 'setLine'; file: string; line: number; text: string };

const HOOK_EVENTS = ['pre-install', 'post-install', 'pre-delete', 'post-delete', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'test'];

describe('Neovim (headless) with helm-hooks-language-server --stdio', function () {
  this.timeout(120_000);
  let tools: E2ETools;
  let run: RunFolder;
  let result: NeovimResult;
  let group: ProcessGroup | undefined;

  const typoFile = () => run.file(EXAMPLE_CHART, 'templates', 'hooks', TYPO_TEMPLATE);
  const dbBackup = () => run.file(EXAMPLE_CHART, 'templates', 'hooks', 'db-backup.yaml');
  const typoLine = () => run.lineOf(`${EXAMPLE_CHART}/templates/hooks/${TYPO_TEMPLATE}`, '"helm.sh/hook": "post-instal"') - 1;
  const weightLine = () => run.lineOf(`${EXAMPLE_CHART}/templates/hooks/db-backup.yaml`, '"helm.sh/hook-weight"') - 1;
  const hookLine = () => run.lineOf(`${EXAMPLE_CHART}/templates/hooks/db-backup.yaml`, '"helm.sh/hook":') - 1;
  const lineText = (file: string, line: number) => fs.readFileSync(file, 'utf8').split('\n')[line];
  const fromHelper = () => run.file(EXAMPLE_CHART, 'templates', 'hooks', 'from-helper.yaml');

  /** A hook whose annotations a helper prints, with a typo only the render shows (written into this run's copy). */
  function addHelperHook(): void {
    fs.writeFileSync(
      run.file(EXAMPLE_CHART, 'templates', '_hook-helpers.tpl'),
      '{{- define "upgrade-with-backup.seedHook" -}}\nhelm.sh/hook: pre-instal\nhelm.sh/hook-weight: "1"\n{{- end }}\n',
    );
    fs.writeFileSync(
      fromHelper(),
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-seed\n  annotations:\n    {{- include "upgrade-with-backup.seedHook" . | nindent 4 }}\n' +
        'spec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: seed\n          image: busybox\n',
    );
  }

  before(async function () {
    tools = loadTools();
    run = createRunFolder('nvim');
    addHelperHook();
    const typoColumn = lineText(typoFile(), typoLine()).indexOf('post-instal');
    const weightText = lineText(dbBackup(), weightLine());
    const steps: Step[] = [
      { op: 'open', file: typoFile() },
      { op: 'diagnostics', file: typoFile(), code: 'unknown-hook-event' },
      { op: 'codeAction', file: typoFile(), line: typoLine(), character: typoColumn + 2 },
      // before the half-typed edits below, which stop the chart from rendering at all
      { op: 'open', file: fromHelper() },
      { op: 'diagnostics', file: fromHelper(), code: 'unknown-hook-event' },
      { op: 'open', file: dbBackup() },
      { op: 'hover', file: dbBackup(), line: weightLine(), character: weightText.lastIndexOf('5') },
      { op: 'setLine', file: dbBackup(), line: hookLine(), text: '    "helm.sh/hook": ' },
      { op: 'completion', file: dbBackup(), line: hookLine(), character: '    "helm.sh/hook": '.length },
      { op: 'setLine', file: dbBackup(), line: hookLine(), text: '    "helm.sh/hook": "pre-install,' },
      { op: 'completion', file: dbBackup(), line: hookLine(), character: '    "helm.sh/hook": "pre-install,'.length },
    ];
    const server = path.join(REPO_ROOT, 'bin', 'helm-hooks-language-server.js');
    const plan = path.join(run.dir, 'plan.json');
    const out = path.join(run.dir, 'result.json');
    fs.writeFileSync(plan, JSON.stringify({ cmd: [process.execPath, server, '--stdio'], root: run.workspace, timeout_ms: 20_000, steps }, null, 2));
    const xdg = (name: string) => path.join(run.dir, 'nvim', name);
    group = ProcessGroup.start(
      'nvim',
      tools.nvim,
      ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${path.join(REPO_ROOT, 'test', 'e2e', 'nvim', 'lsp-client.lua')}`],
      {
        cwd: run.workspace,
        logFile: path.join(run.dir, 'nvim.log'),
        env: {
          ...process.env,
          HH_PLAN: plan,
          HH_OUT: out,
          XDG_CONFIG_HOME: xdg('config'),
          XDG_DATA_HOME: xdg('data'),
          XDG_STATE_HOME: xdg('state'),
          XDG_CACHE_HOME: xdg('cache'),
        },
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([group.exited, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 90_000)))]);
    clearTimeout(timer);
    const members = group.members().map((p) => p.args);
    await group.stop();
    assert.deepStrictEqual(members, [], 'Neovim and the language server exited by themselves');
    assert.ok(fs.existsSync(out), `Neovim wrote no result (exit ${code}); its log:\n${fs.readFileSync(path.join(run.dir, 'nvim.log'), 'utf8')}`);
    result = JSON.parse(fs.readFileSync(out, 'utf8')) as NeovimResult;
    assert.strictEqual(result.error, undefined, `the Lua client failed: ${result.error}`);
    assert.strictEqual(code, 0, `nvim exit code`);
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed' && result) {
      fs.writeFileSync(path.join(resultsDir('logs'), 'neovim-result.json'), JSON.stringify(result, null, 2));
    }
  });

  after(async function () {
    await group?.stop();
    if (run && this.test?.parent?.tests.every((t) => t.state === 'passed')) run.remove();
  });

  const step = (i: number) => result.steps[i];

  it('starts the server over stdio and gets hover, completion and quick fixes advertised', function () {
    assert.match(result.nvim, /^0\.(7|8|9|1\d)\./, 'a Neovim with vim.lsp.start_client');
    assert.deepStrictEqual(
      { hover: result.server?.hover, completion: result.server?.completion, codeAction: result.server?.codeAction },
      { hover: true, completion: true, codeAction: true },
    );
    assert.strictEqual(result.clients_left, 0, 'the client stopped the server at the end');
  });

  it('receives unknown-hook-event for the typo\'d template, at the mistyped event', function () {
    const diagnostics = step(1).diagnostics ?? [];
    const typo = diagnostics.filter((d) => d.code === 'unknown-hook-event');
    assert.strictEqual(typo.length, 1, `diagnostics: ${JSON.stringify(diagnostics)}`);
    const column = lineText(typoFile(), typoLine()).indexOf('post-instal');
    assert.deepStrictEqual({ line: typo[0].line, character: typo[0].character }, { line: typoLine(), character: column });
    assert.strictEqual(typo[0].severity, 1, 'an error');
    assert.match(typo[0].message, /"post-instal"/);
    assert.deepStrictEqual(step(2).titles, ['Change to "post-install"'], 'the quick fix');
  });

  it('receives the diagnostic of an event a helper prints, at the include, from the built-in render', function () {
    const diagnostics = (step(4).diagnostics ?? []).filter((d) => d.code === 'unknown-hook-event');
    assert.strictEqual(diagnostics.length, 1, `diagnostics: ${JSON.stringify(step(4).diagnostics)}`);
    const includeLine = fs.readFileSync(fromHelper(), 'utf8').split('\n').findIndex((l) => l.includes('include "upgrade-with-backup.seedHook"'));
    assert.strictEqual(diagnostics[0].line, includeLine);
    assert.match(diagnostics[0].message, /renders as "pre-instal" with these values/);
    assert.strictEqual(diagnostics[0].severity, 1, 'an error');
  });

  it('gets a hover on the weight with the parsed value and the hook\'s position', function () {
    const text = step(6).text ?? '';
    assert.match(text, /weight 5\b/, text);
    assert.match(text, /pre-upgrade: 3rd of 3 hooks/, text);
  });

  it('gets the events as completion after "helm.sh/hook": and no pre-install after pre-install,', function () {
    const all = step(8).labels ?? [];
    for (const event of HOOK_EVENTS) assert.ok(all.includes(event), `${event} in ${JSON.stringify(all)}`);
    const rest = step(10).labels ?? [];
    assert.ok(!rest.includes('pre-install'), `pre-install is listed already: ${JSON.stringify(rest)}`);
    for (const event of HOOK_EVENTS.filter((e) => e !== 'pre-install')) assert.ok(rest.includes(event), `${event} in ${JSON.stringify(rest)}`);
  });
});
