/**
 * No network access at all: the CLI and the language server run in child processes with the process guard
 * preloaded (guard.test.ts shows it catches deliberate calls), and the guard must record no connection, no
 * listening socket, no datagram and no name lookup.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { BatchResult } from './cliBatch';
import { formatCounts, runEditorSession } from './editorSession';
import { describeRecord } from './guardLog';
import { GuardedServer, ROOT, runGuardedCli, runGuardedNode, Sandbox } from './guardedProcess';

const EXAMPLES = ['upgrade-with-backup', 'broken-chart'].map((name) => path.join(ROOT, 'examples', name));
const CORPUS = process.env.HELM_HOOKS_CORPUS ?? path.resolve(__dirname, '../../../../shared/corpus');
const CORPUS_CHARTS = path.join(CORPUS, 'charts');
const corpusCharts = fs.existsSync(CORPUS_CHARTS)
  ? fs
      .readdirSync(CORPUS_CHARTS)
      .filter((d) => fs.statSync(path.join(CORPUS_CHARTS, d)).isDirectory())
      .sort()
  : [];

/** Every lint/order × text/json command line for one chart. */
function commandLines(chart: string): string[][] {
  return [
    ['lint', chart],
    ['lint', chart, '--format', 'json'],
    ['order', chart],
    ['order', chart, '--format', 'json'],
  ];
}

function assertNoNetwork(sandbox: Sandbox, processes: number): void {
  assert.strictEqual(sandbox.guardedProcesses(), processes, `the guard was loaded in each of the ${processes} processes`);
  const found = sandbox.findings('network');
  assert.deepStrictEqual(found.map(describeRecord), [], 'network calls');
}

describe('security: no network access, from the CLI or the language server', function () {
  this.timeout(10000);
  let sandbox: Sandbox;
  beforeEach(() => (sandbox = new Sandbox()));
  afterEach(() => sandbox.remove());

  for (const chart of EXAMPLES) {
    it(`helm-hooks lint and order, text and json, on examples/${path.basename(chart)}: no connection, no name resolved, no program run`, () => {
      const lines = commandLines(chart);
      for (const argv of lines) {
        const r = runGuardedCli(sandbox, argv);
        assert.ok(r.code === 0 || (r.code === 1 && argv[0] === 'lint'), `${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
        assert.ok(r.stdout.length > 0, `${argv.join(' ')} printed nothing`);
        if (argv.includes('json')) JSON.parse(r.stdout);
      }
      assertNoNetwork(sandbox, lines.length);
      assert.deepStrictEqual(sandbox.findings('spawn').map(describeRecord), [], 'programs run');
    });
  }

  if (corpusCharts.length === 0) {
    it(`THE SHARED CORPUS IS ABSENT (no charts under ${CORPUS_CHARTS}, set HELM_HOOKS_CORPUS): no corpus chart checked; helm-hooks lint over examples/ (every chart below it) instead: no connection, no name resolved`, () => {
      console.log(`      corpus absent: ${CORPUS_CHARTS} not found; only the example charts were checked`);
      const r = runGuardedCli(sandbox, ['lint', '.', '--format', 'json'], { cwd: path.join(ROOT, 'examples') });
      assert.strictEqual(r.code, 1, r.stderr); // broken-chart has errors
      const files = new Set((JSON.parse(r.stdout) as Array<{ file: string }>).map((f) => f.file.split('/')[0]));
      assert.deepStrictEqual([...files], ['broken-chart'], 'findings of the charts below examples/');
      assertNoNetwork(sandbox, 1);
    });
  } else {
    for (const [command, format] of [
      ['lint', 'text'],
      ['lint', 'json'],
      ['order', 'text'],
      ['order', 'json'],
    ]) {
      // 2 to 4 s each here; the suite's 10 s bound is only a hang guard, so these keep mocha's 60 s on a busy machine.
      it(`helm-hooks ${command} --format ${format} on every one of the ${corpusCharts.length} corpus charts (the CLI's mainAsync, one guarded process): no connection, no name resolved`, () => {
        const lines = corpusCharts
          .flatMap((id) => commandLines(path.join(CORPUS_CHARTS, id)))
          .filter((argv) => argv[0] === command && argv.includes('json') === (format === 'json'));
        const input = sandbox.path('argv.json');
        const output = sandbox.path('results.json');
        fs.writeFileSync(input, JSON.stringify(lines));
        const run = runGuardedNode(sandbox, path.join(__dirname, 'cliBatch.js'), [input, output]);
        assert.strictEqual(run.code, 0, run.stderr);
        const results = JSON.parse(fs.readFileSync(output, 'utf8')) as BatchResult[];
        assert.strictEqual(results.length, lines.length);
        for (const r of results) {
          assert.ok(r.code === 0 || r.code === 1, `${r.argv.join(' ')} exited ${r.code}: ${r.stderr}`);
          assert.ok(r.stdoutBytes > 0, `${r.argv.join(' ')} printed nothing`);
          if (r.json !== undefined) assert.ok(r.json, `${r.argv.join(' ')} printed no JSON`);
        }
        assertNoNetwork(sandbox, 1);
        assert.deepStrictEqual(sandbox.findings('spawn').map(describeRecord), [], 'programs run');
        console.log(`      ${results.length} ${command} --format ${format} runs over the charts in ${CORPUS_CHARTS}: 0 network calls`);
      }).timeout(60000);
    }
  }

  for (const [transport, how] of [
    ['stdio', 'over real stdio (bin/helm-hooks-language-server.js --stdio)'],
    ['node-ipc', "as VS Code's client forks it (node IPC, --clientProcessId)"],
  ] as const) {
    it(`the language server ${how}, through a whole editor session and shutdown/exit: no connection, no name resolved, no program run`, async () => {
      const server = new GuardedServer(sandbox, { helmVersion: '4' }, {}, transport);
      try {
        await server.initialize();
        const report = await runEditorSession(server, path.join(ROOT, 'examples', 'upgrade-with-backup'));
        assert.strictEqual(await server.stop(), 0, server.stderr);
        assertNoNetwork(sandbox, 1);
        assert.deepStrictEqual(sandbox.findings('spawn').map(describeRecord), [], 'programs run');
        console.log(`      requests: ${formatCounts(report.answered)}`);
        console.log(`      notifications: ${formatCounts(report.notified)}; 0 network calls`);
      } finally {
        server.dispose();
      }
    });
  }
});
