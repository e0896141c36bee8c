/**
 * What the render service (builtin/renderService.ts) sends its worker and when, against a stand-in worker script: only
 * the buffers whose text changed cross again; an edit after a pause renders at once, unless the chart's renders are
 * slow; a running job whose chart changes is cancelled through the shared flag (the worker sees it while the job runs
 * and answers `cancelled`; the newer job follows).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BuiltinRenderService, type BuiltinRenderEvent } from '../../server/src/builtin/renderService';

/**
 * The stand-in: answers each job with `failed` carrying the job's buffers as JSON; a job whose first buffer says
 * "wait" spins until the server cancels it (the shared flag), then answers `cancelled`.
 */
const STAND_IN = `
const { parentPort, workerData } = require('worker_threads');
const flag = new Int32Array(workerData.cancel);
parentPort.on('message', (job) => {
  const first = job.buffers[0] && job.buffers[0][1];
  if (first !== undefined && first !== null && first.startsWith('render ')) {
    // "render N": a render that takes N ms, then its order and details.
    const until = Date.now() + Number(first.slice(7));
    while (Date.now() < until) {}
    const order = { chart: 'c', chartRoot: job.chartRoot, mode: 'builtin', helmVersion: 3, commands: {}, dropped: [], disabled: [], hookCount: 0 };
    parentPort.postMessage({ type: 'result', id: job.id, order: JSON.stringify(order), hookCount: 0, ok: true, ms: 0 });
    parentPort.postMessage({ type: 'details', id: job.id, diagnostics: [], ms: 0 });
    return;
  }
  if (first === 'wait') {
    const until = Date.now() + 20000;
    while (Atomics.load(flag, 0) < job.id && Date.now() < until) {}
    parentPort.postMessage({ type: 'cancelled', id: job.id, after: 'start' });
    return;
  }
  parentPort.postMessage({ type: 'failed', id: job.id, message: JSON.stringify(job.buffers) });
});
parentPort.postMessage({ type: 'ready' });
`;

describe('render service: what crosses to the worker', function () {
  this.timeout(20000);
  let dir: string;
  let service: BuiltinRenderService | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-jobs-'));
    fs.writeFileSync(path.join(dir, 'standIn.js'), STAND_IN);
  });
  afterEach(() => {
    service?.dispose();
    service = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function start(buffers: Map<string, string>) {
    const warnings: string[] = [];
    const events: BuiltinRenderEvent[] = [];
    const waiters: Array<() => void> = [];
    let diagnosed = 0;
    const s = new BuiltinRenderService(
      {
        buffersIn: () => [...buffers],
        readText: () => undefined,
        landed: () => undefined,
        diagnosed: () => {
          diagnosed++;
          waiters.splice(0).forEach((w) => w());
        },
        warn: (m) => {
          warnings.push(m);
          waiters.splice(0).forEach((w) => w());
        },
        trace: () => undefined,
        event: (e) => {
          events.push(e);
          waiters.splice(0).forEach((w) => w());
        },
      },
      { workerEntry: path.join(dir, 'standIn.js'), debounceMs: 0 },
    );
    service = s;
    const until = async (ok: () => boolean) => {
      while (!ok()) await new Promise<void>((r) => waiters.push(r));
    };
    /** The buffers the nth job sent, as the stand-in echoed them. */
    const sent = async (n: number): Promise<Array<[string, string | null]>> => {
      await until(() => warnings.length >= n);
      return JSON.parse(warnings[n - 1].slice(warnings[n - 1].indexOf('[')).split('\n')[0]) as Array<[string, string | null]>;
    };
    return { s, events, sent, until, diagnosed: () => diagnosed };
  }

  it('sends a buffer\'s text once, then only when it changed', async () => {
    const a = path.join(dir, 'chart', 'templates', 'a.yaml');
    const b = path.join(dir, 'chart', 'templates', 'b.yaml');
    const buffers = new Map([
      [a, 'a: 1'],
      [b, 'b: 1'],
    ]);
    const { s, sent } = start(buffers);
    s.current(path.join(dir, 'chart'), 3);
    assert.deepStrictEqual(await sent(1), [
      [a, 'a: 1'],
      [b, 'b: 1'],
    ]);
    buffers.set(b, 'b: 2');
    s.edited(path.join(dir, 'chart'));
    assert.deepStrictEqual(await sent(2), [
      [a, null],
      [b, 'b: 2'],
    ]);
    s.edited(path.join(dir, 'chart'));
    assert.deepStrictEqual(await sent(3), [
      [a, null],
      [b, null],
    ]);
  });

  it('a buffer closed and reopened with the same text crosses again (the worker dropped it when it closed)', async () => {
    const a = path.join(dir, 'chart', 'templates', 'a.yaml');
    const b = path.join(dir, 'chart', 'templates', 'b.yaml');
    const buffers = new Map([[a, 'a: 1']]);
    const { s, sent } = start(buffers);
    const root = path.join(dir, 'chart');
    s.current(root, 3);
    assert.deepStrictEqual(await sent(1), [[a, 'a: 1']]);
    // A closed (a preview tab replaced by b), then opened again unchanged.
    buffers.delete(a);
    buffers.set(b, 'b: 1');
    s.edited(root);
    assert.deepStrictEqual(await sent(2), [[b, 'b: 1']]);
    buffers.delete(b);
    buffers.set(a, 'a: 1');
    s.edited(root);
    assert.deepStrictEqual(await sent(3), [[a, 'a: 1']], 'its text again, not null');
  });

  it('an edit after a pause renders at once; for a chart whose render is slow, only after a quiet time', async () => {
    const a = path.join(dir, 'chart', 'templates', 'a.yaml');
    const root = path.join(dir, 'chart');
    const buffers = new Map([[a, 'render 0']]);
    const { s, events, until, diagnosed } = start(buffers);
    s.current(root, 3);
    // The job done (its details in): the worker is free.
    await until(() => diagnosed() === 1);
    // A quick chart: the edit starts its render before edited() returns.
    buffers.set(a, 'render 700');
    s.edited(root);
    assert.strictEqual(events.filter((e) => e.kind === 'started').length, 2, 'started at once');
    await until(() => diagnosed() === 2);
    // Its last render took 700 ms (well past SLOW_RENDER_MS): the next edit waits for a quiet time.
    buffers.set(a, 'render 0');
    s.edited(root);
    assert.strictEqual(events.filter((e) => e.kind === 'started').length, 2, 'not started at once');
    await until(() => events.filter((e) => e.kind === 'landed').length === 3);
  });

  it('a new edit cancels the running job of its chart; the newer job runs next', async () => {
    const a = path.join(dir, 'chart', 'templates', 'a.yaml');
    const buffers = new Map([[a, 'wait']]);
    const { s, events, sent, until } = start(buffers);
    const root = path.join(dir, 'chart');
    s.current(root, 3);
    await until(() => events.some((e) => e.kind === 'started'));
    buffers.set(a, 'a: 2');
    s.edited(root);
    await until(() => events.some((e) => e.kind === 'cancelled'));
    const first = events.find((e) => e.kind === 'started');
    const cancelled = events.find((e) => e.kind === 'cancelled');
    assert.strictEqual(cancelled && 'id' in cancelled ? cancelled.id : -1, first && 'id' in first ? first.id : -2);
    assert.deepStrictEqual(await sent(1), [[a, 'a: 2']]);
    assert.strictEqual(s.stats.cancelled, 1);
  });
});
