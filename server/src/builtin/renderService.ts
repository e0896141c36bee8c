/**
 * The built-in render of the language server: one persistent worker thread (chartRenderWorker.ts, warm caches)
 * renders charts with the built-in renderer, and this side keeps one snapshot per chart — the latest render's
 * order and diagnostics for the chart's value set and Helm version. Renders are triggered by edits (debounced), file
 * changes on disk and value-set changes; the thread that answers completion, hover and diagnostics never renders.
 *
 * - A newer request for a chart supersedes an older one: a render whose inputs changed while it ran is cancelled
 *   (a flag shared with the worker, read by the renderer's budget each time it reads its clock — about every
 *   millisecond while templates execute — and between the steps of a job) and its result, if one still comes, is
 *   dropped.
 * - Only buffers whose text changed since the worker's previous job cross to the worker.
 * - A render that runs past its time (`killAfterMs`) has its worker terminated; a new worker starts for the next job.
 * - One worker renders one chart at a time; charts queue behind each other.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { ValueSet } from '../engine/documents/builtinSource';
import { DEFAULT_LIMITS, type RenderLimits } from '../engine/render/budget';
import type { HelmVersion, HookDiagnostic, OrderResult } from '../engine/types';
import type { DiskChange, RenderJob, RenderWorkerData, WorkerMessage } from './protocol';
import { valueSetKey, type ChartValueSet } from './valueSets';
import { codeCacheRoots } from '../node/codeCache';
import type { RenderedActions } from '../engine/features/actionHover';
import { isInside } from '../fileUris';

export interface BuiltinRenderOptions {
  /**
   * Quiet time after an edit before the chart renders again, when a render of it is pending or running (the first
   * edit after a pause renders at once); longer for a slow chart (SLOW_RENDER_MS).
   */
  debounceMs: number;
  /** The renderer's limits for one render (the wall-clock limit is checked by the renderer itself). */
  limits: RenderLimits;
  /** A job still running after this long has its worker terminated (a render the budget did not stop). */
  killAfterMs: number;
  /** The worker's script (default: chartRenderWorker.js next to this file, as built or bundled). */
  workerEntry?: string;
  /** A fresh worker renders a tiny built-in chart while it waits for its first job (default true). */
  warm?: boolean;
  /**
   * Niceness of the worker thread on Linux (RenderWorkerData.nice): renders yield the CPU to the thread that answers
   * keystrokes. 0 leaves it as the process' own.
   */
  nice?: number;
}

/** A render that takes this long (ms) or longer makes its chart's quiet time after an edit half of it… */
export const SLOW_RENDER_MS = 250;
/** …up to this (ms). */
export const MAX_QUIET_MS = 500;

/** The worker thread's default niceness (Linux): below the keystroke thread, not starved by other processes. */
export const DEFAULT_WORKER_NICE = 5;

export const DEFAULT_BUILTIN_RENDER_OPTIONS: BuiltinRenderOptions = {
  // A render that a newer edit supersedes is cancelled in the worker, so the quiet time only gathers the changes
  // an editor sends in one burst (an undo, a multi-cursor edit, a paste that formats).
  debounceMs: 20,
  // An editor's render runs off the keystroke path: it may take longer than the CLI's default 2 s.
  limits: { ...DEFAULT_LIMITS, timeoutMs: 10_000 },
  // Two renders at most per job (the chosen values, and the defaults to mark values-only hooks), plus start-up.
  killAfterMs: 25_000,
};

/** What the host (server.ts) gives the service. */
export interface BuiltinRenderHost {
  /** The open buffers inside a chart (path, text). */
  buffersIn(chartRoot: string): Array<[string, string]>;
  /** A file as the editor sees it (an open buffer wins over the disk). */
  readText(path: string): string | undefined;
  /** `helmHooks.ties.showAll` of the chart, for the rendered diagnostics. */
  showAllTies?(chartRoot: string): boolean;
  /** A fresh snapshot of the chart landed (its order; diagnostics and actions follow with `diagnosed`). */
  landed(chartRoot: string, snapshot: Snapshot): void;
  /** The snapshot's diagnostics (and actions) are in: the last step of a render. */
  diagnosed?(chartRoot: string, snapshot: Snapshot): void;
  warn(message: string): void;
  trace(message: string): void;
  /** Tests: what the service does, as it does it. */
  event?(e: BuiltinRenderEvent): void;
}

export type BuiltinRenderEvent =
  | { kind: 'spawned' }
  | { kind: 'started'; chartRoot: string; id: number }
  | { kind: 'landed'; chartRoot: string; id: number; ms: number }
  | { kind: 'dropped'; chartRoot: string; id: number }
  | { kind: 'cancelled'; chartRoot: string; id: number }
  | { kind: 'killed'; chartRoot: string; id: number };

/** The latest built-in render of one chart with one value set and Helm version. */
export interface Snapshot {
  /** Value set and Helm version it was rendered with (`valueSetKey`). */
  key: string;
  /** The chart's state (edits, disk changes) it was rendered from. */
  generation: number;
  valueSet: ChartValueSet;
  version: HelmVersion;
  /** The built-in order (`mode: 'builtin'`), or `renderErrors` when the chart did not render. */
  order: OrderResult;
  /** `order.hookCount`, without parsing the order (the status bar asks for it after every render). */
  hookCount: number;
  ok: boolean;
  /** Diagnostics of the rendered documents, per template file. */
  diagnostics: Map<string, HookDiagnostic[]>;
  ms: number;
  /** What each template action printed into hook documents, per file (hover, inlay hints). */
  actions?: RenderedActions;
  /** The diagnostics and actions are this render's (they follow its order from the worker). */
  diagnosed: boolean;
}

interface ChartState {
  root: string;
  valueSet: ChartValueSet;
  version: HelmVersion;
  /** Bumped by every change of the chart's inputs (edits, disk, value set, version). */
  generation: number;
  snapshot?: Snapshot;
  timer?: ReturnType<typeof setTimeout>;
  /** `showAllTies` of the chart's last job. */
  tiesShown?: boolean;
  /** How long the chart's last render took to land (ms, in the worker): a slow chart gets a longer quiet time. */
  lastMs?: number;
  waiters: Array<() => void>;
}

interface RunningJob {
  job: RenderJob;
  state: ChartState;
  generation: number;
  key: string;
  startedAt: number;
  /** Started once the worker is ready (a new worker first loads the renderer). */
  killTimer?: ReturnType<typeof setTimeout>;
  /** The server cancelled it (its chart changed): the worker stops it early. */
  cancelled?: boolean;
  /** The order arrived (landed, or dropped as superseded): the job's details are still to come. */
  orderDone?: { snapshot?: Snapshot };
}

function workerScript(): string | undefined {
  const file = path.join(__dirname, 'chartRenderWorker.js');
  return fs.existsSync(file) ? file : undefined;
}

/**
 * How the worker thread starts: its script itself, or — when this thread compiles through the code cache
 * (node/codeCache.ts) and the cache's module is beside us, as in the built tree `out/` that
 * `helm-hooks-language-server` runs — a bootstrap that enables the same cache in the worker first, so the renderer's
 * modules load as bytecode there too. The bundled extension (dist/) starts dist/chartRenderWorkerCached.js instead,
 * which does the same for the workers' bundle.
 */
function workerSource(entry: string): { source: string; eval: boolean } {
  const roots = codeCacheRoots();
  if (!roots) return { source: entry, eval: false };
  // The bundle (dist/): its own start that turns the cache on in the worker (node/workerBundleEntry.ts).
  const bundled = path.join(path.dirname(entry), 'chartRenderWorkerCached.js');
  if (fs.existsSync(bundled)) return { source: bundled, eval: false };
  const module = path.join(__dirname, '..', 'node', 'codeCache.js');
  if (!fs.existsSync(module)) return { source: entry, eval: false };
  const q = JSON.stringify;
  return {
    source: `try { require(${q(module)}).enableCodeCache(${q(roots)}, process.env); } catch {}\nrequire(${q(entry)});`,
    eval: true,
  };
}

export class BuiltinRenderService {
  private readonly options: BuiltinRenderOptions;
  private readonly charts = new Map<string, ChartState>();
  private readonly queue = new Set<string>();
  private worker: Worker | undefined;
  /** The current worker's cancellation flag (RenderWorkerData.cancel). */
  private cancelFlag: Int32Array | undefined;
  /** The id of the current worker's first job. */
  private firstJobOfWorker = 0;
  /** The buffer texts the current worker has, per path: only changed ones are sent again. */
  private sent = new Map<string, string>();
  /** The worker has loaded and takes jobs. */
  private ready = false;
  private running: RunningJob | undefined;
  private changes: DiskChange[] = [];
  private nextId = 1;
  private disposed = false;
  /** Counters, for traces and tests. */
  readonly stats = { spawned: 0, rendered: 0, dropped: 0, killed: 0, cancelled: 0 };

  constructor(
    private readonly host: BuiltinRenderHost,
    options: Partial<BuiltinRenderOptions> = {},
  ) {
    this.options = { ...DEFAULT_BUILTIN_RENDER_OPTIONS, ...options };
  }

  /** Whether renders can run here (the worker's script exists). */
  get available(): boolean {
    return !this.disposed && (this.options.workerEntry ?? workerScript()) !== undefined;
  }

  /**
   * Starts the worker now, before any chart needs it (the server does at `initialized`): it loads the renderer and
   * warms it on a tiny chart while the user has not opened anything yet.
   */
  prestart(): void {
    if (this.disposed || this.worker || !this.available) return;
    this.worker = this.spawn();
  }

  /**
   * Starts the chart's first render now (a chart the workspace is, before a file of it opens); a chart known already
   * renders again only when `version` is not the one it has.
   */
  prerender(root: string, version: HelmVersion): void {
    if (this.disposed || !this.available) return;
    this.stateOf(root, version);
  }

  /** The chart's state, created (and a first render queued) on first use. */
  private stateOf(root: string, version: HelmVersion): ChartState {
    let s = this.charts.get(root);
    if (!s) {
      s = { root, valueSet: { release: undefined, namespace: undefined, valuesFiles: [], set: [], setString: [], setJson: [] }, version, generation: 1, waiters: [] };
      this.charts.set(root, s);
      this.enqueue(s);
    } else if (s.version !== version) {
      s.version = version;
      this.bump(s, 0);
    }
    return s;
  }

  /** The chart's latest snapshot, and whether a newer render is pending; starts the chart's first render. */
  current(root: string, version: HelmVersion): { snapshot?: Snapshot; stale: boolean; valueSet: ChartValueSet } {
    const s = this.stateOf(root, version);
    const snap = s.snapshot;
    return { snapshot: snap, stale: !snap || snap.generation !== s.generation || snap.key !== this.keyOf(s), valueSet: s.valueSet };
  }

  /** The snapshot, without starting anything: for features answered on the keystroke path. */
  peek(root: string): { snapshot: Snapshot; stale: boolean } | undefined {
    const s = this.charts.get(root);
    if (!s?.snapshot) return undefined;
    return { snapshot: s.snapshot, stale: s.snapshot.generation !== s.generation || s.snapshot.key !== this.keyOf(s) };
  }

  /** Resolves when the chart's snapshot is fresh, or after `ms` (true when fresh). */
  whenFresh(root: string, version: HelmVersion, ms: number): Promise<boolean> {
    const s = this.stateOf(root, version);
    if (s.snapshot && !this.current(root, version).stale) return Promise.resolve(true);
    if (ms <= 0 || this.disposed) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        s.waiters = s.waiters.filter((w) => w !== done);
        resolve(false);
      }, ms);
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      s.waiters.push(done);
    });
  }

  /** The value set of a chart changed (the panel's form): rendered again at once. */
  setValueSet(root: string, valueSet: ChartValueSet, version: HelmVersion): void {
    const s = this.stateOf(root, version);
    if (valueSetKey(s.valueSet, s.version) === valueSetKey(valueSet, s.version)) return;
    s.valueSet = valueSet;
    this.bump(s, 0);
  }

  valueSetOf(root: string): ChartValueSet | undefined {
    return this.charts.get(root)?.valueSet;
  }

  /**
   * The chart's settings changed: rendered again when what the render uses changed (the Helm version at once, which
   * ties the diagnostics show after the quiet time); charts never rendered are left alone.
   */
  settingsChanged(root: string, version: HelmVersion): void {
    const s = this.charts.get(root);
    if (!s) return;
    if (s.version !== version) {
      s.version = version;
      this.bump(s, 0);
    } else if ((this.host.showAllTies?.(root) ?? false) !== s.tiesShown) this.bump(s, this.options.debounceMs);
  }

  /** A buffer of the chart changed: rendered again after the quiet time. Charts never rendered are left alone. */
  edited(root: string): void {
    const s = this.charts.get(root);
    if (!s) return;
    const quiet = this.quietFor(s);
    // Nothing pending or rendering for the chart (its last job may still be on its diagnostics, which the edit
    // cancels): the first edit after a pause renders at once, as soon as the worker is free; edits that follow while
    // it renders cancel it and wait for the quiet time. Not for a slow chart: its render would run beside typing.
    const rendering = this.running?.state === s && !this.running.orderDone;
    const idle = s.timer === undefined && !rendering && !this.queue.has(s.root);
    this.bump(s, idle && quiet === this.options.debounceMs ? 0 : quiet);
  }

  /**
   * The quiet time after an edit of chart `s`: `debounceMs`, or for a chart whose last render took SLOW_RENDER_MS or
   * more, half that render's time (at most MAX_QUIET_MS). Typing into a chart that takes half a second to render then
   * does not start a render after every keystroke only to cancel it at the next one, beside the keystroke path.
   */
  private quietFor(s: ChartState): number {
    const last = s.lastMs ?? 0;
    return last >= SLOW_RENDER_MS ? Math.max(this.options.debounceMs, Math.min(MAX_QUIET_MS, last / 2)) : this.options.debounceMs;
  }

  /** A file changed on disk (any chart): the worker reads it again; the chart it is in renders again. */
  diskChanged(file: string, structural: boolean, root: string | undefined): void {
    this.changes.push({ path: file, structural });
    if (this.changes.length > 5000) this.changes = this.changes.slice(-5000);
    if (root) this.edited(root);
    // A values file outside the chart may feed any chart's value set.
    for (const s of this.charts.values()) if (s.root !== root && s.valueSet.valuesFiles.includes(file)) this.bump(s, this.options.debounceMs);
  }

  /** A chart went away (its Chart.yaml deleted): its snapshot too. */
  forget(root: string): void {
    const s = this.charts.get(root);
    if (!s) return;
    if (s.timer) clearTimeout(s.timer);
    this.charts.delete(root);
    this.queue.delete(root);
    this.cancelRunning(s);
    for (const w of s.waiters) w();
  }

  /** The charts the service has state for. */
  roots(): string[] {
    return [...this.charts.keys()];
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.charts.values()) {
      if (s.timer) clearTimeout(s.timer);
      for (const w of s.waiters.splice(0)) w();
    }
    this.queue.clear();
    if (this.running) clearTimeout(this.running.killTimer);
    this.running = undefined;
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }

  private keyOf(s: ChartState): string {
    return valueSetKey(s.valueSet, s.version);
  }

  /** The running job of chart `s`, if any, is no longer wanted: the worker stops it. */
  private cancelRunning(s: ChartState): void {
    const r = this.running;
    if (!r || r.state !== s || r.cancelled || !this.cancelFlag) return;
    r.cancelled = true;
    Atomics.store(this.cancelFlag, 0, r.job.id);
  }

  private bump(s: ChartState, delay: number): void {
    if (this.disposed) return;
    s.generation++;
    this.cancelRunning(s);
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    if (delay <= 0) {
      this.enqueue(s);
      return;
    }
    s.timer = setTimeout(() => {
      s.timer = undefined;
      this.enqueue(s);
    }, delay);
  }

  private enqueue(s: ChartState): void {
    if (this.disposed) return;
    this.queue.add(s.root);
    this.pump();
  }

  private spawn(): Worker | undefined {
    const entry = this.options.workerEntry ?? workerScript();
    if (!entry) return undefined;
    const cancel = new SharedArrayBuffer(4);
    const workerData: RenderWorkerData = { cancel, warm: this.options.warm ?? true, nice: this.options.nice ?? DEFAULT_WORKER_NICE };
    const boot = workerSource(entry);
    const w = new Worker(boot.source, { eval: boot.eval, stdout: true, stderr: true, workerData });
    this.ready = false;
    this.cancelFlag = new Int32Array(cancel);
    this.sent = new Map();
    this.firstJobOfWorker = this.nextId;
    // The worker writes nothing; whatever it would print stays in its own pipes, never on the LSP stream. The pipes
    // are not read: reading a worker's stdio refs its port, which would keep the process alive after unref().
    w.on('message', (msg: WorkerMessage) => this.onMessage(w, msg));
    w.on('error', (err) => this.onWorkerGone(w, `render worker failed: ${err instanceof Error ? err.message : String(err)}`));
    w.on('exit', (code) => this.onWorkerGone(w, `render worker exited (code ${code})`));
    // The worker never keeps the process alive: an editor (or a test) that drops the server ends it. After the
    // listeners: adding a 'message' listener refs the worker's port again.
    w.unref();
    this.stats.spawned++;
    this.host.event?.({ kind: 'spawned' });
    return w;
  }

  /** Starts the next queued chart when the worker is idle. */
  private pump(): void {
    if (this.disposed || this.running) return;
    const root = this.queue.values().next();
    if (root.done) return;
    this.queue.delete(root.value);
    const s = this.charts.get(root.value);
    if (!s) return this.pump();
    // The worker first: the job's buffers are those this worker has not got yet.
    if (!this.worker) this.worker = this.spawn();
    const worker = this.worker;
    if (!worker) {
      this.land(s, s.generation, this.keyOf(s), failedOrder(s, 'The built-in renderer\'s worker is missing from this installation.'), false, [], 0);
      return this.pump();
    }
    let job: RenderJob;
    try {
      job = this.jobFor(s);
    } catch (e) {
      // A values file that cannot be read: the render fails as helm's would, without the worker.
      this.land(s, s.generation, this.keyOf(s), failedOrder(s, e instanceof Error ? e.message : String(e)), false, [], 0);
      return this.pump();
    }
    const running: RunningJob = { job, state: s, generation: s.generation, key: this.keyOf(s), startedAt: performance.now() };
    this.running = running;
    if (this.ready) this.startClock(worker, running);
    this.changes = [];
    this.host.event?.({ kind: 'started', chartRoot: s.root, id: job.id });
    worker.postMessage(job);
  }

  private jobFor(s: ChartState): RenderJob {
    const values: ValueSet = {
      release: s.valueSet.release,
      namespace: s.valueSet.namespace,
      valuesFiles: s.valueSet.valuesFiles.map((file) => {
        const text = this.host.readText(file);
        if (text === undefined) throw new Error(`open ${file}: no such file or directory`);
        return { name: file, text };
      }),
      set: s.valueSet.set,
      setString: s.valueSet.setString,
      setJson: s.valueSet.setJson,
    };
    const current = this.host.buffersIn(s.root);
    // The worker drops a buffer of this chart that a job no longer lists (it was closed): so do we, or a buffer
    // reopened with the same text would be sent as "unchanged" to a worker that no longer has it.
    const open = new Set(current.map(([file]) => file));
    for (const file of this.sent.keys()) if (isInside(s.root, file) && !open.has(file)) this.sent.delete(file);
    return {
      type: 'render',
      id: this.nextId++,
      chartRoot: s.root,
      buffers: current.map(([file, text]): [string, string | null] => {
        if (this.sent.get(file) === text) return [file, null];
        this.sent.set(file, text);
        return [file, text];
      }),
      changes: this.changes,
      values,
      version: s.version,
      limits: this.options.limits,
      showAllTies: (s.tiesShown = this.host.showAllTies?.(s.root) ?? false),
    };
  }

  /** The job's time starts: past `killAfterMs` its worker is terminated. */
  private startClock(w: Worker, r: RunningJob): void {
    r.startedAt = performance.now();
    r.killTimer = setTimeout(() => this.kill(w), this.options.killAfterMs);
  }

  private onMessage(w: Worker, msg: WorkerMessage): void {
    if (msg.type === 'ready') {
      if (w !== this.worker) return;
      this.ready = true;
      if (this.running && !this.running.killTimer) this.startClock(w, this.running);
      return;
    }
    const r = this.running;
    if (w !== this.worker || !r || msg.id !== r.job.id) return;
    const ms = performance.now() - r.startedAt;
    if (msg.type === 'cancelled') {
      clearTimeout(r.killTimer);
      this.running = undefined;
      this.stats.cancelled++;
      this.host.event?.({ kind: 'cancelled', chartRoot: r.state.root, id: r.job.id });
      this.host.trace(`built-in render of ${r.state.root} cancelled after ${ms.toFixed(0)} ms: its chart changed`);
      // Its order landed before: the snapshot keeps the previous render's diagnostics until the newer render's.
      const s = this.charts.get(r.state.root);
      if (msg.after === 'start' && s === r.state && !s.timer) this.queue.add(s.root);
      this.pump();
      return;
    }
    if (msg.type === 'result') {
      // The order lands now; the worker goes on with the diagnostics and actions of the same render.
      const snapshot = this.finish(r, { json: msg.order, hookCount: msg.hookCount }, msg.ok, undefined, ms, msg.actions && lazyActions(msg.actions));
      r.orderDone = { snapshot };
      return;
    }
    clearTimeout(r.killTimer);
    this.running = undefined;
    if (msg.type === 'failed') {
      this.host.warn(`The built-in render of ${r.state.root} failed in the worker: ${msg.message}`);
      this.finish(r, failedOrder(r.state, `Helm Hooks' built-in renderer failed: ${msg.message.split('\n')[0]}`), false, [], ms);
    } else {
      const snap = r.orderDone?.snapshot;
      if (snap && this.charts.get(r.state.root)?.snapshot === snap) {
        snap.diagnostics = new Map(msg.diagnostics);
        snap.diagnosed = true;
        this.host.trace(`built-in render of ${r.state.root}: diagnostics in ${ms.toFixed(0)} ms`);
        this.host.diagnosed?.(r.state.root, snap);
      }
    }
    this.pump();
  }

  /** A job ran past its time: the worker is terminated (a new one starts with the next job). */
  private kill(w: Worker): void {
    const r = this.running;
    if (w !== this.worker || !r) return;
    this.running = undefined;
    this.worker = undefined;
    void w.terminate();
    this.stats.killed++;
    this.host.event?.({ kind: 'killed', chartRoot: r.state.root, id: r.job.id });
    const seconds = (this.options.killAfterMs / 1000).toFixed(1);
    this.host.warn(`The built-in render of ${r.state.root} ran for more than ${seconds} s: its worker was stopped and a new one starts.`);
    // Past the order (its diagnostics overran): the order stands, without rendered diagnostics.
    if (r.orderDone) this.settleDetails(r);
    else this.finish(r, failedOrder(r.state, `The built-in render took longer than ${seconds} s and was stopped.`), false, [], this.options.killAfterMs);
    this.pump();
  }

  private onWorkerGone(w: Worker, why: string): void {
    if (w !== this.worker) return;
    this.worker = undefined;
    const r = this.running;
    if (!r || this.disposed) return;
    clearTimeout(r.killTimer);
    this.running = undefined;
    this.host.warn(`${why} while rendering ${r.state.root}; a new worker starts with the next render.`);
    if (r.orderDone) this.settleDetails(r);
    else this.finish(r, failedOrder(r.state, `Helm Hooks' built-in renderer stopped: ${why}.`), false, [], performance.now() - r.startedAt);
    this.pump();
  }

  /** A job whose details never came: its snapshot keeps no rendered diagnostics. */
  private settleDetails(r: RunningJob): void {
    const snap = r.orderDone?.snapshot;
    if (!snap || this.charts.get(r.state.root)?.snapshot !== snap) return;
    snap.diagnostics = new Map();
    snap.diagnosed = true;
    this.host.diagnosed?.(r.state.root, snap);
  }

  /**
   * The job's order: lands as the chart's snapshot unless the chart changed meanwhile (dropped). `diagnostics`
   * undefined: they follow with the job's details (until then the previous snapshot's, when it had the same value
   * set, so problems do not blink out between two renders). Returns the snapshot that landed.
   */
  private finish(
    r: RunningJob,
    order: OrderSource,
    ok: boolean,
    diagnostics: Array<[string, HookDiagnostic[]]> | undefined,
    ms: number,
    actions?: RenderedActions,
  ): Snapshot | undefined {
    const s = this.charts.get(r.state.root);
    if (s !== r.state) return undefined; // the chart was forgotten meanwhile
    if (r.generation !== s.generation || r.key !== this.keyOf(s)) {
      // Superseded by a newer edit or value set: the newer render is queued (or waiting for its quiet time).
      this.stats.dropped++;
      this.host.event?.({ kind: 'dropped', chartRoot: s.root, id: r.job.id });
      this.host.trace(`built-in render of ${s.root} dropped: its chart changed while it ran (${ms.toFixed(0)} ms)`);
      if (!s.timer) this.queue.add(s.root);
      return undefined;
    }
    return this.land(s, r.generation, r.key, order, ok, diagnostics, ms, r.job.id, actions);
  }

  private land(
    s: ChartState,
    generation: number,
    key: string,
    order: OrderSource,
    ok: boolean,
    diagnostics: Array<[string, HookDiagnostic[]]> | undefined,
    ms: number,
    id = 0,
    actions?: RenderedActions,
  ): Snapshot {
    const before = s.snapshot?.key === key ? s.snapshot : undefined;
    // The worker's order is parsed when a view first reads it, not on landing (see RenderJobResult).
    let parsed: OrderResult | undefined = 'json' in order ? undefined : order;
    const json = 'json' in order ? order.json : '';
    const snapshot: Snapshot = {
      key,
      generation,
      valueSet: s.valueSet,
      version: s.version,
      get order(): OrderResult {
        return (parsed ??= JSON.parse(json) as OrderResult);
      },
      set order(value: OrderResult) {
        parsed = value;
      },
      hookCount: order.hookCount,
      ok,
      diagnostics: diagnostics ? new Map(diagnostics) : new Map(before?.diagnostics ?? []),
      actions,
      diagnosed: diagnostics !== undefined,
      ms,
    };
    s.snapshot = snapshot;
    // The first job of a worker also compiles the renderer: the chart's next renders take about half as long.
    if (id !== 0) s.lastMs = id > this.firstJobOfWorker ? ms : ms / 2;
    this.stats.rendered++;
    this.host.trace(`built-in render of ${s.root}: ${ok ? `${order.hookCount} hooks` : 'failed'} in ${ms.toFixed(0)} ms`);
    this.host.event?.({ kind: 'landed', chartRoot: s.root, id, ms });
    for (const w of s.waiters.splice(0)) w();
    this.host.landed(s.root, snapshot);
    if (diagnostics) this.host.diagnosed?.(s.root, snapshot);
    return snapshot;
  }
}

/** An order made here, or the worker's as JSON (with its hook count), parsed when first read. */
type OrderSource = OrderResult | { json: string; hookCount: number };

/** The worker's actions, each file's list parsed when first read (hover and inlay hints ask per file). */
function lazyActions(files: Array<[string, string]>): RenderedActions {
  const out: RenderedActions = {};
  for (const [file, json] of files) {
    let parsed: RenderedActions[string] | undefined;
    Object.defineProperty(out, file, {
      enumerable: true,
      configurable: true,
      get: () => (parsed ??= JSON.parse(json) as RenderedActions[string]),
    });
  }
  return out;
}

/** The order of a render that did not happen or did not finish: only the error. */
function failedOrder(s: ChartState, message: string): OrderResult {
  return {
    chart: path.basename(s.root),
    chartRoot: s.root,
    mode: 'builtin',
    helmVersion: s.version,
    commands: {},
    dropped: [],
    disabled: [],
    hookCount: 0,
    renderErrors: [{ message }],
  };
}
