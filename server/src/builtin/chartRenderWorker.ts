/**
 * The language server's render worker: a thread that keeps its own chart models and the renderer's caches warm
 * between jobs, and renders one chart at a time with the built-in renderer (builtinOrder), off the thread that
 * answers completion, hover and diagnostics. The server (renderService.ts) sends each job with the chart's unsaved
 * buffers and the files changed on disk since the last job; this thread never writes anything and runs nothing but
 * the renderer, under the renderer's budget (and the server terminates it when it overruns).
 */
import { isMainThread, parentPort, workerData } from 'worker_threads';
import { ChartWorkspace } from '../engine/hooks/chartWorkspace';
import { builtinOrder } from '../engine/hooks/builtinOrder';
import { RenderBudget } from '../engine/render/budget';
import { nodeFileSystem } from '../engine/render/nodeFileSystem';
import type { HookDiagnostic } from '../engine/types';
import { OverlayFileSystem } from '../overlayFileSystem';
import type { RenderJob, RenderJobResult, WorkerMessage } from './protocol';
import { renderedFileDiagnostics } from './renderedFileDiagnostics';
import { renderedActions, type RenderedActions } from '../engine/features/actionHover';

const overlay = new OverlayFileSystem(nodeFileSystem);
const ws = new ChartWorkspace(overlay);
/** The text of every buffer layered over the disk, per path. */
const buffers = new Map<string, string>();

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root + '/');
}

function changed(path: string, structural: boolean): void {
  if (structural) ws.structureChanged(path);
  else ws.fileChanged(path);
}

/** Brings the worker's view of the disk and of the chart's buffers to what the server sees. */
function sync(job: RenderJob): void {
  for (const c of job.changes) if (!buffers.has(c.path)) changed(c.path, c.structural);
  const next = new Map(job.buffers);
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

/** Renders and posts the order, then what the render says about the templates (diagnostics, actions). */
function run(job: RenderJob, post: (msg: WorkerMessage) => void): void {
  const started = performance.now();
  sync(job);
  const m = ws.modelFor(job.chartRoot);
  if (!m || m.chart.root !== job.chartRoot) {
    throw new Error(`${job.chartRoot} is not a chart root`);
  }
  const r = builtinOrder(m, ws.fs, job.values, { version: job.version, budget: () => new RenderBudget(job.limits) });
  // The order (and what the actions printed, for hover and inlay hints) first: the panel, CodeLens and hover are
  // fresh as soon as it lands.
  let actions: RenderedActions | undefined;
  try {
    actions = r.render.ok ? renderedActions(m, r) : undefined;
  } catch {
    // A reader that fails on one chart costs that chart its action hovers, not its order.
  }
  post({ type: 'result', id: job.id, order: r.order, ok: r.render.ok, actions, ms: performance.now() - started } satisfies RenderJobResult);
  let diagnostics: Array<[string, HookDiagnostic[]]> = [];
  try {
    diagnostics = renderedFileDiagnostics(m, r, job.version, job.showAllTies);
  } catch {
    // …and its rendered diagnostics, not its order.
  }
  post({ type: 'details', id: job.id, diagnostics, ms: performance.now() - started });
}

function main(): void {
  const port = parentPort;
  // A deep render's thread (engine/render/renderWorker.ts, bundled with this one) has its own work.
  if (isMainThread || !port || (workerData as { request?: unknown } | undefined)?.request !== undefined) return;
  port.on('message', (job: RenderJob) => {
    let posted = false;
    try {
      run(job, (msg) => {
        posted = true;
        port.postMessage(msg);
      });
    } catch (e) {
      if (!posted) port.postMessage({ type: 'failed', id: job.id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerMessage);
    }
  });
  // Loaded: the server's clock for the first job starts now, not while the renderer's modules were loading.
  port.postMessage({ type: 'ready' } satisfies WorkerMessage);
}

main();
