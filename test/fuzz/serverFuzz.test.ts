/**
 * The server over JSON-RPC (in-process harness) fed hostile buffers: after each edit it publishes diagnostics and
 * answers completion, hover and the order.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import { TestClient, TmpChart, within } from '../protocol/lspTestClient';
import { FuzzStats, INLINE_SEEDS, withNodeStackTraceLimit } from './fuzzKit';

const CHART_YAML = 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n';
/** Per input, round trips included (the slowest, 10k-deep "{", takes ~0.2-0.8 s here). */
const BOUND_MS = 5000;

describe('fuzz: the server answers every request after each hostile edit', function () {
  this.timeout(300_000);
  const stats = new FuzzStats('server', BOUND_MS);
  withNodeStackTraceLimit();
  let chart: TmpChart;
  let client: TestClient;

  before(async () => {
    chart = new TmpChart({ 'Chart.yaml': CHART_YAML, 'templates/job.yaml': INLINE_SEEDS[0] });
    client = new TestClient();
    await client.initialize();
  });
  after(() => {
    client.dispose();
    chart.remove();
  });

  const uri = () => chart.uri('templates/fuzz.yaml');
  let current = '';
  let opened = false;

  async function feed(what: string, text: string, offset: number): Promise<void> {
    await stats.timeAsync(what, async () => {
      const published = client.nextDiagnostics(uri());
      if (!opened) {
        await client.open(uri(), text);
        opened = true;
      } else await client.change(uri(), current, text);
      current = text;
      await within(published, `diagnostics after ${what}`, BOUND_MS);
      const lines = text.split(/\r\n|\r|\n/);
      let o = Math.min(offset, text.length);
      let line = 0;
      while (line < lines.length - 1 && o > lines[line].length) o -= lines[line++].length + 1;
      const position = { line, character: Math.min(o, lines[line].length) };
      const textDocument = { uri: uri() };
      await within(client.connection.sendRequest('textDocument/completion', { textDocument, position }), 'completion', BOUND_MS);
      await within(client.connection.sendRequest('textDocument/hover', { textDocument, position }), 'hover', BOUND_MS);
      const order = await within(client.connection.sendRequest<{ steps?: unknown } | null>('helmHooks/order', { uri: uri() }), 'order', BOUND_MS);
      assert.ok(order !== undefined);
    });
  }

  it('random edits of the seeds, hostile texts, CRLF/BOM and invalid UTF-8 as a buffer', async () => {
    const deep = 10_000;
    const hostile: Record<string, string> = {
      'nested "- " x10k': '- '.repeat(deep) + 'x\n',
      'nested "{" x10k': 'kind: Job\nmetadata:\n  annotations: ' + '{"helm.sh/hook": '.repeat(deep) + '\n',
      'alias bomb x30': 'kind: Job\nmetadata:\n  name: n\n  a0: &a0 [x, x]\n' + Array.from({ length: 29 }, (_, i) => `  a${i + 1}: &a${i + 1} [*a${i}, *a${i}]`).join('\n') + '\n  annotations: *a29\n',
      'CRLF + BOM': '\ufeff' + INLINE_SEEDS[1].replace(/\n/g, '\r\n'),
      'lone CR': INLINE_SEEDS[0].replace(/\n/g, '\r'),
      'invalid UTF-8 decoded': new TextDecoder().decode(Uint8Array.from([0xc3, 0x28, 0xa0, 0xa1, 0xed, 0xa0, 0x80, 0x0a, 0x6b, 0x3a])),
      '6 MB line (over the file limit)': 'kind: Job\ndata: "' + 'x'.repeat(6 * 1024 * 1024) + '"\n',
      empty: '',
    };
    for (const [name, text] of Object.entries(hostile)) await feed(name, text, text.length >> 1);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...INLINE_SEEDS),
        fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.nat({ max: 30 }), insert: fc.string({ unit: 'binary', maxLength: 10 }) }), { maxLength: 6 }),
        fc.nat({ max: 2000 }),
        async (seed, edits, offset) => {
          let t = seed;
          for (const e of edits) {
            const at = Math.floor(e.at * t.length);
            t = t.slice(0, at) + e.insert + t.slice(at + e.del);
          }
          await feed('random edit', t, offset);
        },
      ),
      { numRuns: 60, seed: Number(process.env.FUZZ_SEED ?? 4246) },
    );
    stats.report();
    assert.strictEqual(stats.crashes, 0);
  });
});
