/**
 * The language server's render worker: a thread that keeps its own chart models and the renderer's caches warm
 * between jobs, and renders one chart at a time with the built-in renderer (builtinOrder), off the thread that
 * answers completion, hover and diagnostics. The server (renderService.ts) sends each job with the chart's unsaved
 * buffers and the files changed on disk since the last job; this thread never writes anything and runs nothing but
 * the renderer, under the renderer's budget (and the server terminates it when it overruns).
 */
import * as os from 'os';
import { isMainThread, parentPort, workerData } from 'worker_threads';
import { ChartWorkspace } from '../engine/hooks/chartWorkspace';
import { builtinOrder } from '../engine/hooks/builtinOrder';
import { cancelledUpTo, RenderBudget } from '../engine/render/budget';
import { nodeFileSystem } from '../engine/render/nodeFileSystem';
import type { HookDiagnostic } from '../engine/types';
import { OverlayFileSystem } from '../overlayFileSystem';
import type { RenderJob, RenderJobResult, RenderWorkerData, WorkerMessage } from './protocol';
import { renderedFileDiagnostics } from './renderedFileDiagnostics';
import { renderedActions, type RenderedActions } from '../engine/features/actionHover';
import { WARM_CHART_ROOT, warmChartFileSystem } from './warmChart';
import { saveCodeCache } from '../node/codeCache';
import { StatCachedFileSystem } from './diskCache';
import { isInside } from '../fileUris';

/** The disk as the last render read it, re-read where a file's stat changed (diskCache.ts). */
const disk = new StatCachedFileSystem(nodeFileSystem);
const overlay = new OverlayFileSystem(disk);
const ws = new ChartWorkspace(overlay);
/** The text of every buffer layered over the disk, per path. */
const buffers = new Map<string, string>();

function changed(path: string, structural: boolean): void {
  disk.forget(path);
  if (structural) ws.structureChanged(path);
  else ws.fileChanged(path);
}

/** Brings the worker's view of the disk and of the chart's buffers to what the server sees. */
function sync(job: RenderJob): void {
  for (const c of job.changes) if (!buffers.has(c.path)) changed(c.path, c.structural);
  const next = new Map<string, string>();
  for (const [path, text] of job.buffers) {
    const known = text ?? buffers.get(path);
    // The server sends a text once per worker: a path it says is unchanged is one this worker has.
    if (known === undefined) throw new Error(`the render worker has no text for ${path}`);
    next.set(path, known);
  }
  for (const [path] of [...buffers]) {
    if (!isInside(job.chartRoot, path) || next.has(path)) continue;
    buffers.delete(path);
    overlay.close(path);
    changed(path, !overlay.existsOnDisk(path));
  }
  for (const [path, text] of next) {
    const before = buffers.get(path);
    if (before === text) continue;
    buffers.set(path, text);
    if (before === undefined) overlay.open(path, { getText: () => buffers.get(path) ?? '' });
    changed(path, before === undefined && !overlay.existsOnDisk(path));
  }
}

/**
 * Renders and posts the order, then what the render says about the templates (diagnostics, actions). A job the
 * server cancels stops at the renderer's next clock reading (or between the steps here) and posts `cancelled`.
 */
function run(job: RenderJob, post: (msg: WorkerMessage) => void, cancelled: () => boolean): void {
  const started = performance.now();
  sync(job);
  if (cancelled()) return post({ type: 'cancelled', id: job.id, after: 'start' });
  const m = ws.modelFor(job.chartRoot);
  if (!m || m.chart.root !== job.chartRoot) {
    throw new Error(`${job.chartRoot} is not a chart root`);
  }
  const r = builtinOrder(m, ws.fs, job.values, { version: job.version, budget: () => new RenderBudget(job.limits, cancelled) });
  // A cancelled render ends as a budget error: its order is not the chart's.
  if (cancelled()) return post({ type: 'cancelled', id: job.id, after: 'start' });
  // The order (and what the actions printed, for hover and inlay hints) first: the panel, CodeLens and hover are
  // fresh as soon as it lands.
  let actions: RenderedActions | undefined;
  try {
    actions = r.render.ok ? renderedActions(m, r) : undefined;
  } catch {
    // A reader that fails on one chart costs that chart its action hovers, not its order.
  }
  post({
    type: 'result',
    id: job.id,
    order: JSON.stringify(r.order),
    hookCount: r.order.hookCount,
    ok: r.render.ok,
    actions: actions && Object.entries(actions).map(([file, list]): [string, string] => [file, JSON.stringify(list)]),
    ms: performance.now() - started,
  } satisfies RenderJobResult);
  if (cancelled()) return post({ type: 'cancelled', id: job.id, after: 'result' });
  let diagnostics: Array<[string, HookDiagnostic[]]> = [];
  try {
    diagnostics = renderedFileDiagnostics(m, r, job.version, job.showAllTies);
  } catch {
    // …and its rendered diagnostics, not its order.
  }
  post({ type: 'details', id: job.id, diagnostics, ms: performance.now() - started });
}

/**
 * The warm-up: the tiny in-memory chart rendered and read as a job would be, results dropped. Runs once, before the
 * first job when the worker has time (a job that is already waiting goes first: it warms the renderer as well).
 */
function warmUp(): void {
  try {
    const warm = new ChartWorkspace(warmChartFileSystem);
    const m = warm.modelFor(WARM_CHART_ROOT);
    if (!m) return;
    const values = { release: 'warm', namespace: 'warm' };
    const r = builtinOrder(m, warm.fs, values, { version: 3, budget: () => new RenderBudget({ timeoutMs: 2000 }) });
    if (r.render.ok) renderedActions(m, r);
    renderedFileDiagnostics(m, r, 3, false);
  } catch {
    // A warm-up that fails costs nothing but its time.
  }
}

/**
 * How long a fresh worker waits for a job before it warms up: a job that comes at once (a chart opened with the
 * editor) should not wait behind the warm-up.
 */
const WARM_AFTER_MS = 100;

/** How long after its first job the worker writes its code cache. */
const CACHE_SAVE_IDLE_MS = 1000;

function main(): void {
  const port = parentPort;
  // A deep render's thread (engine/render/renderWorker.ts, bundled with this one) has its own work.
  if (isMainThread || !port || (workerData as { request?: unknown } | undefined)?.request !== undefined) return;
  const data = workerData as Partial<RenderWorkerData> | undefined;
  const flag = data?.cancel instanceof SharedArrayBuffer ? new Int32Array(data.cancel) : undefined;
  // Linux sets a niceness per thread: this one only (elsewhere it would be the whole server's, so it is left).
  if (process.platform === 'linux' && typeof data?.nice === 'number' && data.nice > 0) {
    try {
      os.setPriority(Math.min(19, data.nice));
    } catch {
      // not allowed here: renders keep the server's priority
    }
  }
  let jobs = 0;
  port.on('message', (job: RenderJob) => {
    jobs++;
    let posted = false;
    try {
      run(
        job,
        (msg) => {
          posted = true;
          port.postMessage(msg);
        },
        flag ? cancelledUpTo(flag, job.id) : () => false,
      );
    } catch (e) {
      if (!posted) port.postMessage({ type: 'failed', id: job.id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerMessage);
    }
    // The code the first job compiled is kept for the next worker (when this thread loaded through the code cache),
    // written once the thread is idle: a job that comes meanwhile goes first.
    if (jobs === 1) setTimeout(saveCodeCache, CACHE_SAVE_IDLE_MS);
  });
  // Loaded: the server's clock for the first job starts now, not while the renderer's modules were loading.
  port.postMessage({ type: 'ready' } satisfies WorkerMessage);
  // The warm-up runs only when no job came meanwhile.
  if (data?.warm) setTimeout(() => jobs === 0 && warmUp(), WARM_AFTER_MS);
}

main();
