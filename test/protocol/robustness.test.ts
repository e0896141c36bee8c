import * as assert from 'assert';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import type { CompletionList, Hover } from 'vscode-languageserver';
import { dedent } from '../helpers/fixtures';
import { TestClient, TmpChart, within } from './lspTestClient';

const CHART_YAML = 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n';

const GOOD_JOB = dedent`
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: db-migrate
    annotations:
      "helm.sh/hook": pre-install
  spec: {}
`;

describe('protocol: bad input never takes the server down', () => {
  let chart: TmpChart;
  let client: TestClient;

  beforeEach(async () => {
    chart = new TmpChart({ 'Chart.yaml': CHART_YAML, 'templates/job.yaml': GOOD_JOB });
    client = new TestClient();
    await client.initialize();
  });

  afterEach(() => {
    client.dispose();
    chart.remove();
  });

  /** The server still answers a real question correctly. */
  async function assertStillServing(): Promise<void> {
    const summary = await client.request<{ hookCount: number }>('helmHooks/chartSummary', { uri: chart.uri() });
    assert.strictEqual(summary.hookCount, 1);
  }

  it('a request whose handler throws answers null, logs the error, and the server keeps answering', async () => {
    const logged = client.logs.next((m) => m.type === 1 /* Error */ && /helmHooks\/order/.test(m.message), 'the error in the log');
    assert.strictEqual(await client.request('helmHooks/order', null), null);
    await logged;
    await assertStillServing();
  });

  it('malformed and foreign URIs answer null', async () => {
    for (const uri of ['file://%%%/x', 'not a uri', 'untitled:Untitled-1', 42, '']) {
      assert.strictEqual(await client.request('helmHooks/order', { uri }), null, String(uri));
      assert.strictEqual(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), null);
    }
    await assertStillServing();
  });

  it('positions past the end of the document, and negative ones, do not crash hover or completion', async () => {
    const uri = chart.uri('templates/job.yaml');
    await client.openAndDiagnose(uri, GOOD_JOB);
    for (const position of [{ line: 999, character: 999 }, { line: 2, character: 500 }, { line: -1, character: -4 }]) {
      await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
      await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
    }
    await assertStillServing();
  });

  it('broken YAML, half-typed templates and binary content are diagnosed without false errors', async () => {
    const cases: Record<string, string> = {
      'templates/broken.yaml': 'kind: Job\nmetadata: [\n  annotations:\n    "helm.sh/hook": pre-install\n  : : :\n',
      'templates/half.yaml': 'kind: Job\nmetadata:\n  name: {{ include "x" . \n  annotations:\n    "helm.sh/hook": {{- if .Values.x }}\n',
      'templates/binary.yaml': 'kind: Job\u0000\u0001\u0002\uFFFD\n',
    };
    for (const [rel, text] of Object.entries(cases)) {
      const ds = await client.openAndDiagnose(chart.uri(rel), text);
      assert.ok(ds.every((d) => d.code !== 'unknown-hook-event'), `${rel}: ${JSON.stringify(ds)}`);
    }
    await assertStillServing();
  });

  it('a huge file (over the engine\'s 5 MB limit) is skipped quickly, and nothing hangs', async () => {
    const huge = GOOD_JOB.replace('pre-install', 'pre-instal') + '# filler\n'.repeat(700_000);
    assert.ok(huge.length > 5 * 1024 * 1024);
    const uri = chart.uri('templates/huge.yaml');
    const started = Date.now();
    const ds = await client.openAndDiagnose(uri, huge);
    assert.deepStrictEqual(ds, []);
    assert.strictEqual(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 22 } }), null);
    assert.strictEqual(await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 22 } }), null);
    assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`);
    await assertStillServing();
  });

  it('a request cancelled before the server gets to it answers null without computing', async () => {
    const uri = chart.uri('templates/job.yaml');
    await client.openAndDiagnose(uri, GOOD_JOB);
    const position = { line: 5, character: 22 }; // on "pre-install": a hover that has content
    assert.ok(await client.request('textDocument/hover', { textDocument: { uri }, position }), 'the hover has content');
    // The request and its $/cancelRequest reach the server together, so its token is cancelled when it runs.
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }, source.token);
    source.cancel();
    assert.strictEqual(await within(pending, 'the cancelled hover'), null);
    await assertStillServing();
  });
});
