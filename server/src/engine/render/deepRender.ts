/**
 * Renders that recurse deeper than the JS stack allows. Go's goroutine stacks grow to 1 GB, so Helm runs `include`
 * 1000 deep per name before printing its own error; V8's default main-thread stack holds about 580 includes. When
 * a render fails with StackDepthError, `renderChart` re-runs it here on a worker thread with a 256 MB stack
 * (`resourceLimits.stackSizeMb`, a real thread stack — unlike `--stack-size` on the main thread), blocking with
 * `Atomics.wait` so that `renderChart` stays synchronous. The worker reads the chart from a replay of the files the
 * first attempt read, runs under what is left of the same budget, and is terminated when the time runs out.
 *
 * The worker's entry is `renderWorker.js` next to this file; where it is absent (a bundle that did not emit it),
 * the first attempt's error stands.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';
import type { ChartFileSystem, DirEntry } from './chartFiles';
import type { RenderLimits } from './budget';

/** What the first attempt read through the ChartFileSystem, replayable in the worker. */
export interface FileRecording {
  text: [string, string | undefined][];
  bytes: [string, Uint8Array | undefined][];
  dirs: [string, DirEntry[] | undefined][];
}

/** A ChartFileSystem that records every answer of `inner`. */
export function recordingFileSystem(inner: ChartFileSystem): { fs: ChartFileSystem; recording: () => FileRecording } {
  const text = new Map<string, string | undefined>();
  const bytes = new Map<string, Uint8Array | undefined>();
  const dirs = new Map<string, DirEntry[] | undefined>();
  return {
    fs: {
      readText(p) {
        const v = inner.readText(p);
        text.set(p, v);
        return v;
      },
      readBytes(p) {
        const v = inner.readBytes(p);
        bytes.set(p, v);
        return v;
      },
      listDir(p) {
        const v = inner.listDir(p);
        dirs.set(p, v === undefined ? undefined : v.map((e) => ({ ...e })));
        return v;
      },
    },
    recording: () => ({ text: [...text], bytes: [...bytes], dirs: [...dirs] }),
  };
}

/** The recorded answers as a file system (a path never read answers undefined, as a missing file). */
export function replayFileSystem(r: FileRecording): ChartFileSystem {
  const text = new Map(r.text);
  const bytes = new Map(r.bytes);
  const dirs = new Map(r.dirs);
  return {
    readText: (p) => text.get(p),
    readBytes: (p) => bytes.get(p),
    listDir: (p) => dirs.get(p),
  };
}

/** What the worker gets. `options` is RenderOptions without the budget (structured-cloneable). */
export interface DeepRenderRequest {
  recording: FileRecording;
  chartDir: string;
  options: unknown;
  limits: RenderLimits;
  /** Int32Array over a SharedArrayBuffer: [0] turns 1 when the result has been posted. */
  done: SharedArrayBuffer;
}

/** How long a worker may take to start (load the renderer) on top of the render's time budget. */
const STARTUP_MS = 3000;

let entryCache: string | null | undefined;
function workerEntry(): string | undefined {
  if (entryCache === undefined) {
    const file = path.join(__dirname, 'renderWorker.js');
    entryCache = fs.existsSync(file) ? file : null;
  }
  return entryCache ?? undefined;
}

/** Whether deep renders can run here (the worker entry exists and this is not already a deep render's thread). */
export function deepRenderAvailable(): boolean {
  return !inDeepRender && workerEntry() !== undefined;
}

/** Set in the worker thread: a stack overflow there is final. */
let inDeepRender = false;
export function markDeepRenderThread(): void {
  inDeepRender = true;
}

export type DeepRenderOutcome = { kind: 'result'; result: unknown } | { kind: 'timeout' } | { kind: 'failed'; message: string };

/**
 * Runs the render in a worker with a large stack and waits for it synchronously, at most `limits.timeoutMs` plus
 * the worker's start-up allowance; on timeout the worker is terminated.
 */
export function runDeepRender(recording: FileRecording, chartDir: string, options: unknown, limits: RenderLimits): DeepRenderOutcome {
  const entry = workerEntry();
  if (entry === undefined) return { kind: 'failed', message: 'no render worker' };
  const done = new SharedArrayBuffer(4);
  const flag = new Int32Array(done);
  const { port1, port2 } = new MessageChannel();
  const request: DeepRenderRequest = { recording, chartDir, options, limits, done };
  let worker: Worker;
  try {
    worker = new Worker(entry, {
      workerData: { request, port: port2 },
      transferList: [port2],
      resourceLimits: { stackSizeMb: 256 },
      stdout: true,
      stderr: true,
    });
  } catch (e) {
    port1.close();
    return { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
  }
  try {
    const waited = Atomics.wait(flag, 0, 0, limits.timeoutMs + STARTUP_MS);
    const msg = receiveMessageOnPort(port1);
    if (msg !== undefined) {
      const m = msg.message as { ok: true; result: unknown } | { ok: false; message: string };
      return m.ok ? { kind: 'result', result: m.result } : { kind: 'failed', message: m.message };
    }
    if (waited === 'timed-out') return { kind: 'timeout' };
    return { kind: 'failed', message: 'render worker stopped without a result' };
  } finally {
    port1.close();
    void worker.terminate();
  }
}
