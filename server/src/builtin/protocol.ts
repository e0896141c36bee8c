/**
 * The messages between the language server's thread and its render worker (chartRenderWorker.ts). Plain data only:
 * everything crosses the thread boundary by structured clone.
 */
import type { ValueSet } from '../engine/documents/builtinSource';
import type { RenderedActions } from '../engine/features/actionHover';
import type { RenderLimits } from '../engine/render/budget';
import type { HelmVersion, HookDiagnostic, OrderResult } from '../engine/types';

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
  /** Every open buffer inside the chart (path, text): the worker's overlay for that chart becomes exactly this. */
  buffers: Array<[string, string]>;
  /** Files changed on disk since the previous job this worker got (any chart). */
  changes: DiskChange[];
  values: ValueSet;
  version: HelmVersion;
  limits: RenderLimits;
  /** Every tie by name among the rendered diagnostics (`helmHooks.ties.showAll`), not only those that matter. */
  showAllTies: boolean;
}

/** The job's first answer: the order, as soon as the render was read (the views are fresh from here). */
export interface RenderJobResult {
  type: 'result';
  id: number;
  /** The built-in order (`mode: 'builtin'`), or `renderErrors` when the chart did not render. */
  order: OrderResult;
  ok: boolean;
  /** What each template action printed into hook documents, per file: hover and inlay hints (features/actionHover.ts). */
  actions?: RenderedActions;
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

/** The worker has loaded the renderer and takes jobs. */
export interface WorkerReady {
  type: 'ready';
}

export type WorkerMessage = RenderJobResult | RenderJobDetails | WorkerFailure | WorkerReady;
