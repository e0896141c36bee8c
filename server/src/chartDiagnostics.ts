/**
 * Chart-wide diagnostics: every template and CRD file of the charts in the workspace folders gets its diagnostics
 * pushed, opened or not, as `helm-hooks lint` reports them (the same engine calls: `lintableFiles`, then the
 * server's per-file diagnostics). Open documents keep their own, version-keyed diagnostics (server.ts); this module
 * only ever publishes for files that are not open, and clears what it published when a file or chart goes away.
 *
 * The work runs off the request path: chart by chart, file by file, in slices of a few milliseconds that yield to
 * the event loop, so completion and hover answer in between. A chart asked for again while it is being checked
 * starts over. A workspace scan is bounded (folders searched, files checked, busy time) and reports
 * `window/workDoneProgress` where the client shows it.
 */
import { promises as fsp, type Dirent } from 'fs';
import type { Diagnostic, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import type { ChartWorkspace } from './engine';
import { lintableFiles } from './cli/chartTargets';
import { isInside, pathToUri, uriToPath } from './fileUris';
import type { ServerSettings } from './settings';

export interface ChartDiagnosticsLimits {
  /** Folders read while looking for charts, per workspace folder. */
  maxFolders: number;
  /** Files checked by one workspace scan, and in one chart. */
  maxFiles: number;
  /** Milliseconds of work one workspace scan may take (time spent waiting for other requests not counted). */
  timeBudgetMs: number;
  /** Work between two yields to the event loop. */
  sliceMs: number;
}

export const DEFAULT_CHART_DIAGNOSTICS_LIMITS: ChartDiagnosticsLimits = {
  maxFolders: 20000,
  maxFiles: 5000,
  timeBudgetMs: 20000,
  sliceMs: 10,
};

/** Not searched for charts: dependencies and tool folders (`.git`, `.terraform`, …) are never the user's charts. */
const SKIPPED_FOLDER = (name: string) => name === 'node_modules' || name.startsWith('.');

export interface ChartDiagnosticsHost {
  readonly ws: ChartWorkspace;
  isOpen(uri: string): boolean;
  /** A file's diagnostics with its chart's settings; undefined when it is in no chart. */
  diagnose(path: string): Diagnostic[] | undefined;
  /** The chart's settings once the client answered. */
  settled(chartRoot: string): Promise<ServerSettings>;
  publish(uri: string, diagnostics: Diagnostic[]): void;
  createProgress(): Promise<WorkDoneProgressServerReporter>;
  warn(message: string): void;
  trace(message: string): void;
}

type Origin = 'scan' | 'change';

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function chartWideEnabled(s: ServerSettings): boolean {
  return s.diagnostics.enable && s.diagnostics.scope === 'chart';
}

export class ChartDiagnostics {
  private readonly limits: ChartDiagnosticsLimits;
  private folders: string[] = [];
  /** Per chart root: the files not open whose (non-empty) diagnostics we published, with what we sent. */
  private readonly charts = new Map<string, Map<string, string>>();
  private readonly queue = new Map<string, Origin>();
  private scanQueued = false;
  private running = false;
  private current: string | undefined;
  private restartCurrent = false;
  private stopped = false;
  /** The workspace scan in progress: its budget and its progress. */
  private scan: { roots: Set<string>; total: number; files: number; busyMs: number; skipped: number; progress?: WorkDoneProgressServerReporter } | undefined;

  constructor(
    private readonly host: ChartDiagnosticsHost,
    limits: Partial<ChartDiagnosticsLimits> = {},
  ) {
    this.limits = { ...DEFAULT_CHART_DIAGNOSTICS_LIMITS, ...limits };
  }

  /** The workspace folders (file URIs); charts found below them are checked. */
  setFolders(uris: readonly string[]): void {
    const paths = uris.map(uriToPath).filter((p): p is string => p !== undefined);
    const removed = this.folders.filter((f) => !paths.includes(f));
    this.folders = paths;
    for (const root of [...this.charts.keys()]) if (!this.covers(root)) this.forget(root);
    if (removed.length || paths.length) this.rescan();
  }

  /** Looks for charts again and checks every one (start, settings changed, folders changed). */
  rescan(): void {
    if (this.stopped) return;
    this.scanQueued = true;
    void this.run();
  }

  /** Something in this chart changed (a buffer, a file on disk, its Chart.yaml came or went). */
  chartChanged(root: string): void {
    if (this.stopped || (!this.covers(root) && !this.charts.has(root))) return;
    this.queue.set(root, 'change');
    if (this.current === root) this.restartCurrent = true;
    void this.run();
  }

  /**
   * A document was closed: its file reads from disk again. Returns true when this module now reports that file (its
   * disk diagnostics are published at once), false when the caller should clear them.
   */
  fileClosed(uri: string, path: string): boolean {
    const m = this.host.ws.modelFor(path);
    if (!m || !this.charts.has(m.chart.root)) return false;
    if (!lintableFiles({ model: m, files: 'all' }).includes(path)) return false;
    this.publishFile(this.charts.get(m.chart.root)!, uri, this.host.diagnose(path) ?? [], true);
    return true;
  }

  stop(): void {
    this.stopped = true;
    this.queue.clear();
    this.scanQueued = false;
    this.restartCurrent = true;
    this.endScan();
  }

  /** A chart root inside a workspace folder, or a workspace folder inside a chart. */
  private covers(root: string): boolean {
    return this.folders.some((f) => isInside(f, root) || isInside(root, f));
  }

  private forget(root: string): void {
    const known = this.charts.get(root);
    this.charts.delete(root);
    if (known) for (const uri of known.keys()) if (!this.host.isOpen(uri)) this.host.publish(uri, []);
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (!this.stopped && (this.scanQueued || this.queue.size)) {
        if (this.scanQueued) {
          this.scanQueued = false;
          await this.startScan();
          continue;
        }
        const [root, origin] = this.queue.entries().next().value as [string, Origin];
        this.queue.delete(root);
        if (origin === 'scan' && this.overBudget()) {
          this.scan!.skipped++;
          this.scan!.roots.delete(root);
        } else {
          this.current = root;
          this.restartCurrent = false;
          let done = true;
          try {
            done = await this.checkChart(root, origin);
          } catch (err) {
            this.host.warn(`Chart-wide diagnostics of ${root} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
          }
          this.current = undefined;
          // Asked for again meanwhile: it is queued again and starts over.
          if (done) this.scan?.roots.delete(root);
        }
        this.reportScan();
      }
    } catch (err) {
      this.host.warn(`Chart-wide diagnostics stopped: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    } finally {
      this.running = false;
      this.current = undefined;
      if (!this.queue.size && !this.scanQueued) this.endScan();
    }
  }

  private overBudget(): boolean {
    const s = this.scan;
    return !!s && (s.files >= this.limits.maxFiles || s.busyMs >= this.limits.timeBudgetMs);
  }

  private async startScan(): Promise<void> {
    this.endScan();
    const scan: NonNullable<ChartDiagnostics['scan']> = { roots: new Set(), total: 0, files: 0, busyMs: 0, skipped: 0 };
    this.scan = scan;
    if (!this.folders.length) return;
    try {
      scan.progress = await this.host.createProgress();
      scan.progress.begin('Helm Hooks', 0, 'Looking for charts…', false);
    } catch {
      scan.progress = undefined; // the client refused a progress token: work on without one
    }
    const roots = new Set<string>();
    for (const folder of this.folders) for (const root of await this.chartRootsIn(folder)) roots.add(root);
    if (this.scan !== scan || this.stopped) return;
    // Charts no longer found (a folder removed while the server was not watching) lose their diagnostics.
    for (const root of [...this.charts.keys()]) if (!roots.has(root)) this.forget(root);
    for (const root of roots) {
      scan.roots.add(root);
      if (!this.queue.has(root)) this.queue.set(root, 'scan');
    }
    scan.total = roots.size;
    this.host.trace(`chart-wide diagnostics: ${roots.size} chart(s) in ${this.folders.join(', ')}`);
  }

  private reportScan(): void {
    const s = this.scan;
    if (!s) return;
    if (s.roots.size === 0) {
      this.endScan();
      return;
    }
    const done = s.total - s.roots.size;
    s.progress?.report(Math.round((done * 100) / Math.max(1, s.total)), `Checking charts ${done + 1}/${s.total}`);
  }

  private endScan(): void {
    const s = this.scan;
    if (!s) return;
    this.scan = undefined;
    s.progress?.done();
    if (s.skipped) {
      const why = s.files >= this.limits.maxFiles ? `${this.limits.maxFiles} files` : `${Math.round(this.limits.timeBudgetMs / 1000)} s`;
      this.host.warn(
        `Chart-wide diagnostics stopped after ${why} (${s.files} files checked): ${s.skipped} chart(s) are not checked until one of their files changes or is opened.`,
      );
    } else if (s.total) {
      this.host.trace(`chart-wide diagnostics: ${s.total} chart(s), ${s.files} files, ${s.busyMs.toFixed(0)} ms`);
    }
  }

  /** Chart roots at or below `folder` (or the chart `folder` is in), not looking inside a chart once found. */
  private async chartRootsIn(folder: string): Promise<string[]> {
    const found = new Set<string>();
    const enclosing = this.host.ws.modelFor(folder);
    if (enclosing) return [enclosing.chart.root];
    const queue = [folder];
    let searched = 0;
    while (queue.length && !this.stopped) {
      if (searched++ >= this.limits.maxFolders) {
        this.host.warn(`Chart-wide diagnostics: stopped looking for charts in ${folder} after ${this.limits.maxFolders} folders.`);
        break;
      }
      const dir = queue.shift()!;
      let entries: Dirent[];
      try {
        entries = await fsp.readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      if (entries.some((e) => e.name === 'Chart.yaml' && (e.isFile() || e.isSymbolicLink()))) {
        const m = this.host.ws.modelFor(dir);
        if (m) found.add(m.chart.root);
        continue;
      }
      // Symlinked folders are not followed: they can loop.
      for (const e of entries) if (e.isDirectory() && !SKIPPED_FOLDER(e.name)) queue.push(`${dir === '/' ? '' : dir}/${e.name}`);
    }
    return [...found];
  }

  /** Checks every file of one chart. False when it was interrupted (asked for again, or the server stops). */
  private async checkChart(root: string, origin: Origin): Promise<boolean> {
    const ws = this.host.ws;
    const m = ws.modelFor(root);
    if (!m || m.chart.root !== root) {
      // The chart is gone, or is now part of a chart above it.
      this.forget(root);
      if (m && this.covers(m.chart.root)) this.queue.set(m.chart.root, origin);
      return true;
    }
    const settings = await this.host.settled(root);
    if (this.restartCurrent || this.stopped) return false;
    if (!chartWideEnabled(settings)) {
      // Open files keep theirs (server.ts); the others lose what we published.
      this.forget(root);
      return true;
    }
    let known = this.charts.get(root);
    if (!known) this.charts.set(root, (known = new Map()));
    let files = lintableFiles({ model: m, files: 'all' });
    if (files.length > this.limits.maxFiles) {
      this.host.warn(`Chart-wide diagnostics: chart ${root} has ${files.length} files; only the first ${this.limits.maxFiles} are checked.`);
      files = files.slice(0, this.limits.maxFiles);
    }
    const seen = new Set<string>();
    let sliceStart = performance.now();
    const started = sliceStart;
    /** Between two steps: gives way to the event loop once the slice is used up. False when interrupted. */
    const step = async (): Promise<boolean> => {
      const now = performance.now();
      if (now - sliceStart < this.limits.sliceMs) return true;
      if (origin === 'scan' && this.scan) this.scan.busyMs += now - sliceStart;
      await yieldToEventLoop();
      sliceStart = performance.now();
      return !(this.restartCurrent || this.stopped || ws.modelFor(root) !== m);
    };
    // Each manifest's analysis first, one by one: the chart's hook model (needed by the first file's ties) is then
    // assembled from them instead of analysing the whole chart in one go (up to half a second on a large chart).
    for (const t of m.templates) {
      if (!(await step())) return false;
      if (t.role === 'manifest') m.analyzeFile(t);
    }
    for (const file of files) {
      if (!(await step())) return false;
      const uri = pathToUri(file);
      seen.add(uri);
      if (origin === 'scan' && this.scan) this.scan.files++;
      // An open document's diagnostics follow its buffer and version (server.ts).
      if (this.host.isOpen(uri)) {
        known.delete(uri);
        continue;
      }
      let diagnostics: Diagnostic[] = [];
      try {
        diagnostics = this.host.diagnose(file) ?? [];
      } catch (err) {
        // One file the engine cannot read must not cost the chart's other files their problems.
        this.host.warn(`Chart-wide diagnostics of ${file} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
      this.publishFile(known, uri, diagnostics, false);
    }
    if (origin === 'scan' && this.scan) this.scan.busyMs += performance.now() - sliceStart;
    // Files that left the chart (deleted, moved, no longer a template) lose theirs.
    for (const uri of [...known.keys()]) {
      if (seen.has(uri)) continue;
      known.delete(uri);
      if (!this.host.isOpen(uri)) this.host.publish(uri, []);
    }
    this.host.trace(`chart-wide diagnostics of ${root}: ${files.length} files in ${(performance.now() - started).toFixed(1)} ms`);
    return true;
  }

  /** Publishes a file's diagnostics when they differ from what was sent last (or always, after its buffer closed). */
  private publishFile(known: Map<string, string>, uri: string, diagnostics: Diagnostic[], always: boolean): void {
    const key = diagnostics.length ? JSON.stringify(diagnostics) : undefined;
    const before = known.get(uri);
    if (!always && before === key) return;
    if (key) known.set(uri, key);
    else known.delete(uri);
    if (always || before !== undefined || key !== undefined) this.host.publish(uri, diagnostics);
  }
}
