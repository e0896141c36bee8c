/**
 * Chart-wide diagnostics over the protocol: the charts of the workspace folders are checked without opening a file,
 * kept in step with the disk, bounded, and never overwrite what an open buffer shows.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Diagnostic } from 'vscode-languageserver';
import { lintPaths } from '../../server/src/cli/lint';
import { ChartWorkspace } from '../../server/src/engine';
import { nodeFileSystem } from '../../server/src/engine/render/nodeFileSystem';
import { dedent } from '../helpers/fixtures';
import { TestClient, TmpChart } from './lspTestClient';

/** The repository (this file runs from out/test/protocol/). */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const CHART_YAML = 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n';

function job(name: string, events: string, weight = '0'): string {
  return dedent`
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: ${name}
      annotations:
        "helm.sh/hook": ${events}
        "helm.sh/hook-weight": "${weight}"
    spec:
      template:
        spec:
          restartPolicy: Never
  `;
}

const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code));
const nonEmpty = (ds: Diagnostic[]) => ds.length > 0;
const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;

/** The workspace folder (the parent of TmpChart's `mychart/`). */
const folderOf = (chart: TmpChart) => pathToFileURL(path.dirname(chart.root)).href;

describe('protocol: chart-wide diagnostics', () => {
  let chart: TmpChart;
  let client: TestClient | undefined;

  beforeEach(() => {
    chart = new TmpChart({
      'Chart.yaml': CHART_YAML,
      'templates/typo.yaml': job('typo', 'pre-instal'),
      'templates/fine.yaml': job('fine', 'pre-install', '5'),
    });
  });

  afterEach(() => {
    client?.dispose();
    client = undefined;
    chart.remove();
  });

  async function start(options: ConstructorParameters<typeof TestClient>[0] = {}): Promise<TestClient> {
    client = new TestClient({ settings: {}, workspaceFolders: [folderOf(chart)], ...options });
    await client.initialize();
    return client;
  }

  it('examples/broken-chart: every file\'s problems arrive without opening one, as `helm-hooks lint` reports them', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-broken-')));
    const root = path.join(dir, 'broken-chart');
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'broken-chart'), root, { recursive: true });
    try {
      const report = lintPaths(new ChartWorkspace(nodeFileSystem), [root], root, 4);
      const byFile = new Map<string, string[]>();
      for (const f of report.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), `${f.line}:${f.column} ${f.code}`]);
      assert.ok(byFile.size >= 10, `the example has problems in many files: ${[...byFile.keys()]}`);
      client = new TestClient({ settings: {}, workspaceFolders: [pathToFileURL(dir).href] });
      const published = [...byFile.keys()].map((rel) => {
        const uri = pathToFileURL(path.join(root, rel)).href;
        return client!.latestDiagnostics(uri, nonEmpty).then((ds) => [rel, ds] as const);
      });
      await client.initialize();
      for (const [rel, ds] of await Promise.all(published)) {
        const got = ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`).sort();
        assert.deepStrictEqual(got, [...byFile.get(rel)!].sort(), rel);
        assert.ok(ds.every((d) => d.source === 'helm-hooks'));
      }
      const noProblems = client.diagnostics.received.filter((p) => !byFile.has(path.relative(root, new URL(p.uri).pathname)) && p.diagnostics.length);
      assert.deepStrictEqual(noProblems.map((p) => p.uri), [], 'files without findings get nothing');
      assert.ok(client.diagnostics.received.every((p) => p.version === undefined), 'unopened files carry no version');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an open buffer wins over the disk, and closing it brings back the disk\'s problems', async () => {
    const c = client = new TestClient({ settings: {}, workspaceFolders: [folderOf(chart)] });
    const uri = chart.uri('templates/typo.yaml');
    const fromDisk = c.latestDiagnostics(uri, nonEmpty);
    await c.initialize();
    assert.deepStrictEqual(codes(await fromDisk), ['unknown-hook-event']);

    const opened = c.nextDiagnostics(uri);
    await c.open(uri, job('typo', 'pre-install'));
    assert.deepStrictEqual(await opened, []);
    // Another file's change re-checks the chart: the open buffer's (empty) diagnostics stay.
    const otherUri = chart.uri('templates/fine.yaml');
    chart.write('templates/fine.yaml', job('fine', 'post-instal'));
    const other = c.nextDiagnostics(otherUri, nonEmpty);
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: otherUri, type: CHANGED }] });
    assert.deepStrictEqual(codes(await other), ['unknown-hook-event']);
    const forOpen = c.diagnostics.received.filter((p) => p.uri === uri);
    assert.deepStrictEqual(forOpen.at(-1), { uri, version: 1, diagnostics: [] }, 'the last word on the open file is its buffer\'s');

    const closed = c.nextDiagnostics(uri);
    await c.close(uri);
    assert.deepStrictEqual(codes(await closed), ['unknown-hook-event'], 'back to the disk at once, not cleared first');
  });

  it('follows the disk: a changed file is re-checked, a new one joins, a deleted one is cleared', async () => {
    const c = await start();
    const typo = chart.uri('templates/typo.yaml');
    await c.latestDiagnostics(typo, nonEmpty);

    chart.write('templates/typo.yaml', job('typo', 'pre-install'));
    const fixed = c.nextDiagnostics(typo);
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: typo, type: CHANGED }] });
    assert.deepStrictEqual(await fixed, []);

    const added = chart.uri('templates/added.yaml');
    chart.write('templates/added.yaml', job('added', 'post-upgrade,post-upgrade'));
    const joined = c.nextDiagnostics(added);
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: added, type: CREATED }] });
    assert.deepStrictEqual(codes(await joined), ['duplicate-hook-event']);

    fs.rmSync(chart.file('templates/added.yaml'));
    const gone = c.nextDiagnostics(added);
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: added, type: DELETED }] });
    assert.deepStrictEqual(await gone, []);
  });

  it('deleting Chart.yaml clears the whole chart; a new Chart.yaml makes a folder a chart that is checked', async () => {
    const c = await start();
    const typo = chart.uri('templates/typo.yaml');
    await c.latestDiagnostics(typo, nonEmpty);
    fs.rmSync(chart.file('Chart.yaml'));
    const cleared = c.nextDiagnostics(typo);
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: chart.uri('Chart.yaml'), type: DELETED }] });
    assert.deepStrictEqual(await cleared, []);

    chart.write('Chart.yaml', CHART_YAML);
    const back = c.nextDiagnostics(typo);
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: chart.uri('Chart.yaml'), type: CREATED }] });
    assert.deepStrictEqual(codes(await back), ['unknown-hook-event']);
  });

  it('a tie created by an edit in an open file shows up in an unopened file of the chart', async () => {
    // The unopened Job runs as the ServiceAccount of the open file.
    chart.write('templates/runner.yaml', `${job('zz-runner-job', 'pre-install', '0')}      serviceAccountName: aa-runner\n`);
    const sa = (weight: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: aa-runner\n  annotations:\n    "helm.sh/hook": pre-install\n    "helm.sh/hook-weight": "${weight}"\n`;
    chart.write('templates/sa.yaml', sa('-5'));
    const c = await start();
    const saUri = chart.uri('templates/sa.yaml');
    await c.openAndDiagnose(saUri, sa('-5'));
    const runner = chart.uri('templates/runner.yaml');
    // Same weight: the ServiceAccount still runs first, but only by name, which matters to the Job that needs it.
    const tie = c.nextDiagnostics(runner, nonEmpty);
    await c.change(saUri, sa('-5'), sa('0'));
    assert.deepStrictEqual(codes(await tie), ['same-weight-tie-by-name']);
  });

  it('respects the settings: severities apply to unopened files, scope "openFiles" and enable=false clear them', async () => {
    const c = await start({ settings: { diagnostics: { severity: { 'unknown-hook-event': 'warning' } } } });
    const typo = chart.uri('templates/typo.yaml');
    const ds = await c.latestDiagnostics(typo, nonEmpty);
    assert.deepStrictEqual(ds.map((d) => [d.code, d.severity]), [['unknown-hook-event', 2 /* Warning */]]);

    c.settings = { diagnostics: { scope: 'openFiles' } };
    const cleared = c.nextDiagnostics(typo);
    await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepStrictEqual(await cleared, []);
    // Open files are still diagnosed, and closing one clears it (nobody reports the disk).
    const opened = await c.openAndDiagnose(typo, job('typo', 'pre-instal'));
    assert.deepStrictEqual(codes(opened), ['unknown-hook-event']);
    const closed = c.nextDiagnostics(typo);
    await c.close(typo);
    assert.deepStrictEqual(await closed, []);

    c.settings = {};
    const again = c.nextDiagnostics(typo, nonEmpty);
    await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepStrictEqual(codes(await again), ['unknown-hook-event']);
    c.settings = { diagnostics: { enable: false } };
    const off = c.nextDiagnostics(typo);
    await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepStrictEqual(await off, []);
  });

  it('charts outside the workspace folders are not checked; a folder added later is, and removing it clears it', async () => {
    const other = new TmpChart({ 'Chart.yaml': CHART_YAML, 'templates/typo.yaml': job('x', 'post-delet') });
    try {
      const c = await start();
      const otherTypo = other.uri('templates/typo.yaml');
      await c.latestDiagnostics(chart.uri('templates/typo.yaml'), nonEmpty);
      assert.deepStrictEqual(c.diagnostics.received.filter((p) => p.uri === otherTypo), []);
      const found = c.nextDiagnostics(otherTypo, nonEmpty);
      await c.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: folderOf(other), name: 'other' }], removed: [] } });
      assert.deepStrictEqual(codes(await found), ['unknown-hook-event']);
      const cleared = c.nextDiagnostics(otherTypo);
      await c.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: folderOf(other), name: 'other' }] } });
      assert.deepStrictEqual(await cleared, []);
    } finally {
      other.remove();
    }
  });

  it('reports progress while it checks the workspace, where the client shows it', async () => {
    const c = new TestClient({ settings: {}, workspaceFolders: [folderOf(chart)], workDoneProgress: true });
    client = c;
    const end = c.progress.next((p) => p.value.kind === 'end', 'the end of the progress');
    await c.initialize();
    await end;
    const kinds = c.progress.received.map((p) => p.value.kind);
    assert.strictEqual(kinds[0], 'begin');
    assert.strictEqual(c.progress.received[0].value.title, 'Helm Hooks');
    assert.strictEqual(kinds.at(-1), 'end');
    assert.deepStrictEqual(codes(await c.latestDiagnostics(chart.uri('templates/typo.yaml'), nonEmpty)), ['unknown-hook-event']);
  });

  it('a workspace scan is bounded by a file count: the charts beyond it wait until they change, and the log says so', async () => {
    const second = new TmpChart({ 'Chart.yaml': CHART_YAML, 'templates/a.yaml': job('a', 'post-delet'), 'templates/b.yaml': job('b', 'pre-install') });
    try {
      // Two charts of two files in two folders, 2 files allowed: the first folder's chart only.
      const c = client = new TestClient({ settings: {}, workspaceFolders: [folderOf(chart), folderOf(second)], server: { chartDiagnostics: { maxFiles: 2 } } });
      const warned = c.logs.next((l) => /Chart-wide diagnostics stopped after 2 files/.test(l.message), 'the limit in the log');
      await c.initialize();
      await c.latestDiagnostics(chart.uri('templates/typo.yaml'), nonEmpty);
      await warned;
      const a = second.uri('templates/a.yaml');
      assert.deepStrictEqual(c.diagnostics.received.filter((p) => p.uri === a), []);
      // A change in the second chart checks it.
      const checked = c.nextDiagnostics(a, nonEmpty);
      await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: second.uri('templates/b.yaml'), type: CHANGED }] });
      assert.deepStrictEqual(codes(await checked), ['unknown-hook-event']);
    } finally {
      second.remove();
    }
  });

  it('a workspace scan is bounded in time: past its budget the charts left are not checked, and the log says so', async () => {
    const c = client = new TestClient({ settings: {}, workspaceFolders: [folderOf(chart)], server: { chartDiagnostics: { timeBudgetMs: 0 } } });
    const logged = c.logs.next((l) => /Chart-wide diagnostics stopped after 0 s \(0 files checked\): 1 chart\(s\) are not checked/.test(l.message), 'the limit in the log');
    await c.initialize();
    const warned = await logged;
    assert.strictEqual(warned.type, 2 /* Warning */);
    assert.deepStrictEqual(c.diagnostics.received.filter((p) => p.uri.startsWith(folderOf(chart))), []);
  });

  it('a large chart is checked in slices: completion answers while the scan runs', async function () {
    this.timeout(30_000);
    const files: Record<string, string> = { 'Chart.yaml': CHART_YAML };
    for (let i = 0; i < 600; i++) files[`templates/hook-${String(i).padStart(3, '0')}.yaml`] = job(`hook-${i}`, i % 2 ? 'pre-instal' : 'pre-install', String(i % 7));
    const big = new TmpChart(files);
    try {
      const c = new TestClient({ settings: {}, workspaceFolders: [folderOf(big)], workDoneProgress: true, server: { chartDiagnostics: { sliceMs: 2 } } });
      client = c;
      const first = c.diagnostics.next((p) => p.diagnostics.length > 0, 'the first chart-wide diagnostics');
      let ended = false;
      const end = c.progress.next((p) => p.value.kind === 'end', 'the end of the scan').then(() => (ended = true));
      await c.initialize();
      await first;
      const uri = big.uri('templates/hook-000.yaml');
      const text = '"helm.sh/hook": pre-';
      await c.open(uri, text);
      const items = await c.request<{ items: Array<{ label: string }> }>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: text.length } });
      const answeredDuringScan = !ended;
      await end;
      assert.ok(items.items.some((i) => i.label === 'pre-install'), 'completion answered');
      assert.ok(answeredDuringScan, 'completion was answered before the scan ended');
      const withTypos = new Set(c.diagnostics.received.filter((p) => p.diagnostics.some((d) => d.code === 'unknown-hook-event')).map((p) => p.uri));
      assert.strictEqual(withTypos.size, 300, 'every file with a typo got its diagnostics');
    } finally {
      big.remove();
    }
  });
});
