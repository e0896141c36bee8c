/**
 * Hostile charts on disk, through the engine (as the CLI reads them) and through the server (as an editor does):
 * a symlink loop under charts/, a .tgz that is not gzip, a gzip bomb, 10,000 templates, a binary template, a file
 * deleted while open, a closed document, stale requests. After each, the server still answers completion, hover
 * and the order.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import { pipeline } from 'stream/promises';
import { Readable } from 'stream';
import * as zlib from 'zlib';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import { ChartWorkspace, LIMITS, diagnoseFile } from '../../server/src/engine';
import { nodeFileSystem } from '../../server/src/engine/render/nodeFileSystem';
import { TestClient, TmpChart, within } from '../protocol/lspTestClient';
import { FuzzStats, INLINE_SEEDS, withNodeStackTraceLimit } from './fuzzKit';

const CHART_YAML = 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n';
const JOB = INLINE_SEEDS[0].replace('{{ include "x.fullname" . }}-migrate', 'db-migrate');
/** A chart's worth of time on this 2-core machine, for the 10,000-file chart and each server round trip. */
const CHART_BOUND_MS = 10_000;

/** A gzip stream of `bytes` zeros, written without ever holding them in memory. */
async function writeGzipBomb(file: string, bytes: number): Promise<void> {
  const chunk = Buffer.alloc(1024 * 1024);
  let left = bytes;
  const zeros = new Readable({
    read() {
      if (left <= 0) {
        this.push(null);
        return;
      }
      const n = Math.min(left, chunk.length);
      left -= n;
      this.push(chunk.subarray(0, n));
    },
  });
  await pipeline(zeros, zlib.createGzip({ level: 9 }), fs.createWriteStream(file));
}

type Hostile = { name: string; setUp(chart: TmpChart): Promise<void> | void; expect?: RegExp };

const HOSTILE: Hostile[] = [
  { name: 'a symlink loop under charts/ (charts/loop -> ..)', setUp: (c) => fs.symlinkSync('..', c.file('charts/loop')) },
  { name: 'a self-referencing symlink under charts/', setUp: (c) => fs.symlinkSync('self', c.file('charts/self')) },
  { name: 'a .tgz that is not gzip', setUp: (c) => fs.writeFileSync(c.file('charts/notgzip-1.0.0.tgz'), 'this is not gzip\n'.repeat(100)) },
  {
    name: `a gzip bomb .tgz (200 MB of zeros; the engine stops at maxArchiveBytes = ${LIMITS.maxArchiveBytes / 1024 / 1024} MB)`,
    setUp: () => undefined, // built once in before(): see below
  },
  {
    name: 'a binary file in templates/',
    setUp: (c) => fs.writeFileSync(c.file('templates/blob.yaml'), Uint8Array.from({ length: 65536 }, (_, i) => (i * 7919) & 0xff)),
  },
  {
    name: '10,000 template files',
    setUp: (c) => {
      for (let i = 0; i < 10_000; i++) fs.writeFileSync(c.file(`templates/cm-${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n`);
    },
  },
];

describe('hostile charts on disk: the engine and the server answer in bounded time', function () {
  this.timeout(300_000);
  const stats = new FuzzStats('hostile charts', CHART_BOUND_MS);
  withNodeStackTraceLimit();
  let bomb: Buffer;

  before(async () => {
    const tmp = fs.mkdtempSync(`${require('os').tmpdir()}/helm-hooks-bomb-`);
    await writeGzipBomb(`${tmp}/bomb.tgz`, 200 * 1024 * 1024);
    bomb = fs.readFileSync(`${tmp}/bomb.tgz`);
    fs.rmSync(tmp, { recursive: true, force: true });
    HOSTILE[3].setUp = (c) => fs.writeFileSync(c.file('charts/bomb-1.0.0.tgz'), bomb);
  });

  function fresh(): TmpChart {
    return new TmpChart({ 'Chart.yaml': CHART_YAML, 'templates/job.yaml': JOB, 'charts/.keep': '' });
  }

  for (const h of HOSTILE) {
    it(`engine: ${h.name}`, async () => {
      const chart = fresh();
      try {
        await h.setUp(chart);
        const file = chart.file('templates/job.yaml');
        stats.time(`engine: ${h.name}`, () => {
          const ws = new ChartWorkspace(nodeFileSystem);
          const model = ws.modelFor(file);
          assert.ok(model, 'the chart is found');
          const hooks = ws.hookModel(model, 4);
          diagnoseFile(model, file, hooks, { helmVersion: 4 });
          const order = ws.order(model, 4, 'install');
          assert.match(JSON.stringify(order), /db-migrate/, 'the good hook is still in the order');
        });
      } finally {
        chart.remove();
      }
    });

    it(`server: ${h.name}; completion, hover and the order still answer`, async () => {
      const chart = fresh();
      const client = new TestClient();
      try {
        await client.initialize();
        await h.setUp(chart);
        const uri = chart.uri('templates/job.yaml');
        await stats.timeAsync(`server: ${h.name}`, async () => {
          await within(client.openAndDiagnose(uri, JOB), 'diagnostics', CHART_BOUND_MS);
          await assertServing(client, uri);
        });
      } finally {
        client.dispose();
        chart.remove();
      }
    });
  }

  it('server: a file deleted while open, a closed document, and stale requests', async () => {
    const chart = new TmpChart({ 'Chart.yaml': CHART_YAML, 'templates/job.yaml': JOB, 'templates/other.yaml': JOB.replace('db-migrate', 'other') });
    const client = new TestClient();
    try {
      await client.initialize();
      const uri = chart.uri('templates/other.yaml');
      await client.openAndDiagnose(uri, JOB.replace('db-migrate', 'other'));
      await stats.timeAsync('server: file deleted while open', async () => {
        fs.rmSync(chart.file('templates/other.yaml'));
        await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 /* Deleted */ }] });
        await assertServing(client, uri); // the buffer is still open: it is still answered from
        await assertServing(client, chart.uri('templates/job.yaml'));
      });
      await stats.timeAsync('server: a closed document', async () => {
        await client.close(uri);
        const position = { line: 5, character: 8 };
        assert.strictEqual(await client.request('textDocument/hover', { textDocument: { uri }, position }), null, 'hover on a closed, deleted file');
        const completion = await client.request<unknown>('textDocument/completion', { textDocument: { uri }, position });
        assert.ok(completion === null || (Array.isArray(completion) && completion.length === 0) || typeof completion === 'object');
        await assertServing(client, chart.uri('templates/job.yaml'));
      });
      await stats.timeAsync('server: 50 stale requests cancelled', async () => {
        const job = chart.uri('templates/job.yaml');
        await client.openAndDiagnose(job, JOB);
        const position = { line: 5, character: 8 };
        const stale = Array.from({ length: 50 }, () => {
          const source = new CancellationTokenSource();
          const p = client.connection.sendRequest('textDocument/hover', { textDocument: { uri: job }, position }, source.token);
          source.cancel();
          return p;
        });
        const answers = await within(Promise.all(stale), 'the cancelled hovers');
        assert.ok(answers.every((a) => a === null), 'every cancelled request answers null');
        assert.ok(await client.request('textDocument/hover', { textDocument: { uri: job }, position }), 'the latest request is answered');
      });
    } finally {
      client.dispose();
      chart.remove();
    }
  });

  it('counts', () => {
    stats.report();
    assert.strictEqual(stats.crashes, 0);
  });
});

/** Completion, hover and the order are all answered for `uri` (an open or on-disk template). */
async function assertServing(client: TestClient, uri: string): Promise<void> {
  const position = { line: 5, character: 8 }; // inside "helm.sh/hook"
  await within(client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position }), 'completion', CHART_BOUND_MS);
  await within(client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }), 'hover', CHART_BOUND_MS);
  const order = await within(client.connection.sendRequest('helmHooks/order', { uri }), 'order', CHART_BOUND_MS);
  assert.ok(order !== undefined);
}
