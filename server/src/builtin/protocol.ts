/**
 * The messages between the language server's thread and its render worker (chartRenderWorker.ts). Plain data only:
 * everything crosses the thread boundary by structured clone.
 */
import type { ValueSet } from '../engine/documents/builtinSource';
import type { RenderLimits } from '../engine/render/budget';
import type { HelmVersion, HookDiagnostic } from '../engine/types';

/** A file that changed on disk since the worker's last job (`structural`: created or deleted). */
export interface DiskChange {
  path: string;
  structural: boolean;
}

/** Render one chart: the worker brings its chart model and the chart's buffers up to date first. */
export interface RenderJob {
  type: 'render';
  id: number;
  chartRoot: string;
  /**
   * Every open buffer inside the chart (path, text): the worker's overlay for that chart becomes exactly this. The
   * text is null when it is the text this worker got for that path in an earlier job (only changed buffers cross).
   */
  buffers: Array<[string, string | null]>;
  /** Files changed on disk since the previous job this worker got (any chart). */
  changes: DiskChange[];
  values: ValueSet;
  version: HelmVersion;
  limits: RenderLimits;
  /** Every tie by name among the rendered diagnostics (`helmHooks.ties.showAll`), not only those that matter. */
  showAllTies: boolean;
}

/**
 * The job's first answer: the order, as soon as the render was read (the views are fresh from here). The order and
 * the actions cross as JSON text (a copy of a string, not a structured clone of the objects: a chart of 3,000 hooks
 * has 6 MB of them, whose clone took the server's thread ~50 ms); the server parses them when a view asks.
 */
export interface RenderJobResult {
  type: 'result';
  id: number;
  /** The built-in order (`mode: 'builtin'`, or `renderErrors` when the chart did not render), as JSON. */
  order: string;
  /** The order's hook count. */
  hookCount: number;
  ok: boolean;
  /**
   * What each template action printed into hook documents, per file: hover and inlay hints
   * (features/actionHover.ts `RenderedActions`), each file's list as JSON.
   */
  actions?: Array<[string, string]>;
  /** Time of the job in the worker so far (render and reading), ms. */
  ms: number;
}

/** The job's second and last answer: what the render says about the templates (the worker is free after it). */
export interface RenderJobDetails {
  type: 'details';
  id: number;
  /** Diagnostics of the rendered documents, per template file (absolute path). */
  diagnostics: Array<[string, HookDiagnostic[]]>;
  /** Time of the whole job in the worker, ms. */
  ms: number;
}

export interface WorkerFailure {
  type: 'failed';
  id: number;
  message: string;
}

/**
 * The job stopped early: the server cancelled it (a newer edit or value set superseded it; the shared flag of
 * WorkerData.cancel). `after`: the order had been posted already (its details were cut short).
 */
export interface WorkerCancelled {
  type: 'cancelled';
  id: number;
  after: 'start' | 'result';
}

/** What the server gives its render worker when it starts it. */
export interface RenderWorkerData {
  /**
   * One Int32 the server sets to the id of the newest job it cancels: every job with an id up to it stops (the
   * renderer's budget reads it each time it reads its clock).
   */
  cancel: SharedArrayBuffer;
  /** Render a tiny built-in chart while waiting for the first job (V8 compiles the renderer). */
  warm: boolean;
  /**
   * Niceness of the worker's own thread (Linux, where it is per thread; 0 leaves it): the thread that answers
   * keystrokes gets the CPU first when both want it.
   */
  nice: number;
}

/** The worker has loaded the renderer and takes jobs. */
export interface WorkerReady {
  type: 'ready';
}

export type WorkerMessage = RenderJobResult | RenderJobDetails | WorkerFailure | WorkerCancelled | WorkerReady;
