/**
 * Rendered mode end to end, shared by the language server and the CLI: detect the helm binary's version, render
 * the chart (one render at a time per chart), and order Helm's documents with the engine's own semantics. With
 * user values, a second render with the chart's default values tells which hooks only the chosen values bring in.
 */
import * as fs from 'fs';
import type { ChartModel } from '../engine/hooks/chartModel';
import { hookKey, renderedOrderInSlices } from '../engine/hooks/renderedHooks';
import { parseRenderError } from '../engine/documents/helmOutput';
import type { CommandName, OrderResult, RenderError, RenderInfo } from '../engine/types';
import { detectHelm, HelmDetectionError, semanticsOf, type DetectedHelm } from './helmVersion';
import { hostEnvironment, installerFolders, locateHelm, namesAFile, type HelmLocation } from './helmLocator';
import { newRenderMemory, renderChart, type RenderOutcome, type RenderRequest } from './renderChart';
import { RenderQueue, RenderSuperseded } from './renderQueue';

/** What to render (as in `RenderRequest`, the chart given separately) and which helm to run. */
export interface RenderedOrderOptions extends Omit<RenderRequest, 'chartRoot'> {
  /** The helm binary: a path, or a name looked up on PATH. */
  helm: string;
  /**
   * Who reads the hints: `cli` (default) names command-line flags, `editor` only settings (an editor user has no
   * command line to add a flag to).
   */
  audience?: 'cli' | 'editor';
  /** Render once more with default values to mark hooks only the chosen values bring in (default: true). */
  markValuesOnly?: boolean;
  only?: CommandName;
}

/** The render was cancelled by the caller or replaced by a newer render of the same chart. */
export class RenderCancelled extends Error {
  constructor() {
    super('render cancelled');
    this.name = 'RenderCancelled';
  }
}

export const DEFAULT_RELEASE = 'release-name';
export const DEFAULT_NAMESPACE = 'default';
export const DEFAULT_RENDER_TIMEOUT_MS = 60000;
const VERSION_TTL_MS = 60000;

/** Gives the event loop a turn: reading a large render is sliced so the server keeps answering meanwhile. */
const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Keeps what is worth keeping between renders: detected versions, fallbacks, default-values hooks. */
export class HelmRenderer {
  /** `locate`: where helm is for a configured name or file (tests give a fake machine). */
  constructor(private readonly locate: (configured: string) => HelmLocation = (c) => locateHelm(c)) {}

  private readonly memory = newRenderMemory();
  private readonly versions = new Map<string, { at: number; value: Promise<DetectedHelm> }>();
  private readonly queue = new RenderQueue();
  private readonly defaultHooks = new Map<string, { generation: number; keys: Set<string> | string }>();

  /**
   * The helm binary `configured` names (looked for on PATH and in the installers' folders when it is a bare name)
   * and its version, asked again after a minute (the user may upgrade Helm meanwhile). Throws a
   * `HelmDetectionError` with `problem: 'helm-not-found'` when there is no such binary.
   */
  detect(configured: string, timeoutMs: number, signal?: AbortSignal): Promise<DetectedHelm> {
    const location = this.locate(configured);
    if (!location.found) return Promise.reject(notFound(configured));
    const helm = location.found;
    const hit = this.versions.get(helm);
    if (hit && performance.now() - hit.at < VERSION_TTL_MS) return hit.value;
    const value = detectHelm(helm, { timeoutMs: Math.min(timeoutMs, 30000), signal });
    this.versions.set(helm, { at: performance.now(), value });
    value.catch(() => this.versions.delete(helm));
    return value;
  }

  /** Chart keys with a render in flight. */
  get busy(): string[] {
    return this.queue.busy;
  }

  /** The rendered order of a chart; throws `RenderCancelled` when cancelled or superseded. */
  renderedOrder(chart: ChartModel, opts: RenderedOrderOptions): Promise<OrderResult> {
    return this.queue.run(chart.chart.root, (signal) => this.renderNow(chart, { ...opts, signal }), opts.signal).catch((e: unknown) => {
      throw e instanceof RenderSuperseded ? new RenderCancelled() : e;
    });
  }

  private async renderNow(chart: ChartModel, opts: RenderedOrderOptions): Promise<OrderResult> {
    const started = performance.now();
    const info: RenderInfo = {
      helmPath: opts.helm,
      helmVersionDetected: '',
      command: [],
      method: 'install',
      release: opts.release,
      namespace: opts.namespace,
      valuesFiles: [...opts.valuesFiles],
      set: [...opts.set],
      durationMs: 0,
      notes: [],
    };
    const failed = (errors: RenderError[], version: 3 | 4 = 4): OrderResult => {
      info.durationMs = Math.round(performance.now() - started);
      return {
        chart: chart.chart.name,
        chartRoot: chart.chart.root,
        mode: 'rendered',
        helmVersion: version,
        commands: {},
        dropped: [],
      disabled: [],
        hookCount: 0,
        helmVersionDetected: info.helmVersionDetected || undefined,
        renderErrors: errors,
        render: info,
      };
    };

    let helm: DetectedHelm;
    try {
      helm = await this.detect(opts.helm, opts.timeoutMs, opts.signal);
    } catch (e) {
      if (opts.signal?.aborted) throw new RenderCancelled();
      if (e instanceof HelmDetectionError) {
        const hint = opts.audience === 'editor' ? e.hint : e.problem ? 'Install Helm, or name the helm binary with --helm PATH.' : e.hint;
        return failed([{ message: e.message, ...(hint ? { hint } : {}), ...(e.problem ? { problem: e.problem } : {}) }]);
      }
      throw e;
    }
    if (opts.signal?.aborted) throw new RenderCancelled();
    info.helmPath = helm.path;
    info.helmVersionDetected = helm.version;
    const version = semanticsOf(helm);
    if (helm.major > 4) info.notes.push(`Helm ${helm.version} is newer than Helm 4: hooks are ordered with Helm 4's rules.`);

    const request: RenderRequest = {
      chartRoot: chart.chart.root,
      release: opts.release,
      namespace: opts.namespace,
      valuesFiles: opts.valuesFiles,
      set: opts.set,
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      cwd: opts.cwd,
      env: opts.env,
    };
    const outcome = await renderChart(helm, request, this.memory);
    info.command = outcome.command;
    info.method = outcome.method;
    info.notes.push(...outcome.notes);
    if (outcome.failure?.kind === 'aborted') throw new RenderCancelled();
    if (outcome.failure || !outcome.release) return failed([failureError(chart, outcome, opts.audience ?? 'cli')], version);

    let defaultKeys: Set<string> | undefined;
    if (opts.markValuesOnly !== false && (opts.valuesFiles.length > 0 || opts.set.length > 0)) {
      const d = await this.defaultHookKeys(chart, helm, request);
      if (opts.signal?.aborted) throw new RenderCancelled();
      if (typeof d === 'string') info.notes.push(d);
      else defaultKeys = d;
    }

    const result = await renderedOrderInSlices(
      chart,
      { release: outcome.release, skippedHooks: outcome.skippedHooks, version, defaultHookKeys: defaultKeys, only: opts.only },
      pause,
    );
    if (opts.signal?.aborted) throw new RenderCancelled();
    if (opts.valuesFiles.length === 0 && opts.set.length === 0) {
      // This render is the default-values render a later one with values compares against.
      this.defaultHooks.set(this.defaultKey(chart, helm, request), { generation: chart.generation, keys: new Set(result.model.hooks.map(hookKey)) });
    }
    for (const p of result.crossCheck) info.notes.push(`Helm Hooks reads a hook differently from Helm's own list: ${p}`);
    info.durationMs = Math.round(performance.now() - started);
    return { ...result.order, helmVersionDetected: helm.version, render: info };
  }

  private defaultKey(chart: ChartModel, helm: DetectedHelm, req: RenderRequest): string {
    return [chart.chart.root, req.release, req.namespace, helm.path, helm.version].join('\u0000');
  }

  /** Hooks of a render with the chart's default values (cached until the chart changes), or why there are none. */
  private async defaultHookKeys(chart: ChartModel, helm: DetectedHelm, req: RenderRequest): Promise<Set<string> | string> {
    const key = this.defaultKey(chart, helm, req);
    const hit = this.defaultHooks.get(key);
    if (hit && hit.generation === chart.generation) return hit.keys;
    const outcome = await renderChart(helm, { ...req, valuesFiles: [], set: [] }, this.memory);
    if (outcome.failure?.kind === 'aborted') return 'cancelled';
    let keys: Set<string> | string;
    if (outcome.failure || !outcome.release) {
      const why = failureError(chart, outcome, 'cli').message.split('\n')[0];
      keys = `The chart does not render with its default values alone (${why}), so hooks that only the chosen values bring in are not marked.`;
    } else {
      const rendered = await renderedOrderInSlices(chart, { release: outcome.release, skippedHooks: [], version: semanticsOf(helm) }, pause);
      keys = new Set(rendered.model.hooks.map(hookKey));
    }
    this.defaultHooks.set(key, { generation: chart.generation, keys });
    return keys;
  }
}

function failureError(chart: ChartModel, outcome: RenderOutcome, audience: 'cli' | 'editor'): RenderError {
  const f = outcome.failure;
  if (!f) return { message: 'Helm printed nothing to read' };
  if (f.kind !== 'helm') {
    const editor = audience === 'editor';
    if (f.kind === 'spawn') {
      // helm was found and ran a moment ago (its version): it vanished or lost its permissions since.
      return { message: 'helm could not be started', hint: editor ? 'Choose the helm binary (helmHooks.helm.path).' : 'Check the helm binary (--helm PATH).', problem: 'helm-not-runnable' };
    }
    const hint =
      f.kind === 'timeout'
        ? editor
          ? 'Raise helmHooks.render.timeout, or check that the chart renders with `helm template`.'
          : 'Raise --timeout, or check that the chart renders with `helm template`.'
        : undefined;
    return hint ? { message: f.message, hint } : { message: f.message };
  }
  const templates = new Map(chart.templates.map((t) => [t.helmPath, t.file]));
  return parseRenderError(f.stderr, (p) => templates.get(p));
}

/** No helm where `configured` points, or (a bare name) on PATH and in the installers' folders. */
function notFound(configured: string): HelmDetectionError {
  const name = configured.trim() || 'helm';
  if (namesAFile(name)) {
    return fs.existsSync(name)
      ? new HelmDetectionError(`${name} is not an executable helm binary`, 'Choose the helm binary (helmHooks.helm.path).', 'helm-not-runnable')
      : new HelmDetectionError(`helm was not found at ${name}`, 'Choose the helm binary (helmHooks.helm.path).', 'helm-not-found');
  }
  const folders = installerFolders(hostEnvironment());
  return new HelmDetectionError(
    `${name} was not found on PATH, nor where installers put it (${folders.join(', ')})`,
    'Install Helm, or choose the helm binary (helmHooks.helm.path).',
    'helm-not-found',
  );
}
