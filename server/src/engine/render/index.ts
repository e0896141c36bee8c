/**
 * The built-in renderer's public entry: `helm template NAME CHART …` as a pure function of the chart's files and
 * the options. The editor layers unsaved buffers into the file system; the CLI reads the disk.
 *
 * Mirrors the `helm template` path: `pkg/cmd/template.go` → `pkg/cmd/install.go` runInstall → `pkg/action/install.go`
 * RunWithContext → `pkg/action/action.go` renderResources (v3: `cmd/helm/*.go`, `pkg/action/*.go`).
 */
import type { ChartFileSystem } from './chartFiles';
import { GoError, RenderBudgetError, StackDepthError, typedMap, type FuncTable, type GoMap } from './goValue';
import { deepRenderAvailable, recordingFileSystem, runDeepRender } from './deepRender';
import { defaultKubeVersion, makeCapabilities, kubeVersionString, parseKubeVersion, type HelmKey, type KubeVersionInfo } from './capabilities';
import { HelmRenderError, renderTemplates, type EngineChart, type TracedPlace, type TracedSegment } from './helmEngine';
import { assembleOutput, splitManifests, type OutputDocument } from './helmOutput';
import { RenderBudget, type RenderLimits } from './budget';
import { loadChart, checkDependencies, checkIfInstallable, crdObjects, type LoadedChart } from './chart/loader';
import { chartValue } from './chart/metadata';
import { isCompatibleRange } from './chart/semver';
import { mergeValueOptions } from './chart/valueOptions';
import { processDependencies } from './chart/dependencies';
import { toRenderValues } from './chart/renderValues';
import { sprigConversion } from './sprig/conversion';
import { sprigCrypto } from './sprig/crypto';
import { sprigDates } from './sprig/dates';
import { sprigDefaults } from './sprig/defaults';
import { sprigDicts } from './sprig/dicts';
import { sprigEncoding } from './sprig/encoding';
import { sprigLists } from './sprig/lists';
import { sprigMath } from './sprig/math';
import { sprigNetwork } from './sprig/network';
import { sprigPaths } from './sprig/paths';
import { sprigRandom } from './sprig/random';
import { sprigReflect } from './sprig/reflect';
import { sprigRegexFor } from './sprig/regex';
import { sprigSemverFor } from './sprig/semver';
import { sprigStrings } from './sprig/strings';
import { sprigUrls } from './sprig/urls';

export type { HelmKey } from './capabilities';
export type { OutputDocument } from './helmOutput';

export interface RenderOptions {
  /** Release name (`release-name` when absent, as `helm template` with one argument). */
  releaseName?: string;
  /** `--namespace` (default `default`). */
  namespace?: string;
  /** `-f` files, in order: name (for messages) and content. */
  valuesFiles?: { name: string; text: string }[];
  set?: string[];
  setString?: string[];
  setJson?: string[];
  setLiteral?: string[];
  /** `--set-file` with the file already read. */
  setFile?: { key: string; text: string }[];
  isUpgrade?: boolean;
  /** `--kube-version` */
  kubeVersion?: string;
  /** `--api-versions` (each may hold several, comma-separated, as the flag does) */
  apiVersions?: string[];
  includeCrds?: boolean;
  /** `--show-only` template paths (relative to the chart, globs allowed). */
  showOnly?: string[];
  skipTests?: boolean;
  /** `--no-hooks` */
  noHooks?: boolean;
  helmVersion: HelmKey;
  budget?: RenderBudget;
  /** Trace each document back to its template (`trace` of the result); off by default, it costs time. */
  trace?: true;
}

export type RenderResult =
  | {
      ok: true;
      /** Exactly what `helm template` prints on stdout. */
      output: string;
      documents: OutputDocument[];
      /** The root chart's rendered NOTES.txt (not printed by `helm template`). */
      notes?: string;
      /** A random or time-dependent function ran: the output differs from run to run. */
      nondeterministic: boolean;
      /** `helm.sh/hook` values of the resources Helm drops for an unknown event (it logs "skipping unknown hooks"). */
      skippedHooks: string[];
      /** With `trace`: per document (same index as `documents`), where it comes from; undefined for CRDs. */
      trace?: (DocumentTrace | undefined)[];
      /**
       * With `trace`: the rendered documents Helm does not print — hooks it skips for an unknown event (and what
       * `showOnly`, `noHooks`, `skipTests` hide) — with their traces.
       */
      unprinted?: { path: string; content: string; trace: DocumentTrace }[];
    }
  | {
      ok: false;
      /** Helm's message, as printed after `Error: ` (including Helm's "Use --debug flag …" hint when it adds it). */
      error: string;
      /** The message without the hint. */
      message: string;
      path?: string;
      line?: number;
      col?: number;
      /** Set when the render failed on a bug of the renderer (a JS error that is none of its documented errors). */
      internal?: true;
      /** The JS stack of that bug. */
      stack?: string;
    };

const sprigTables = new Map<HelmKey, FuncTable>();

/** Sprig's function map (functions.go: genericMap) as the given Helm's Sprig and Go build it. */
function sprig(helm: HelmKey): FuncTable {
  let t = sprigTables.get(helm);
  if (!t) {
    t = Object.assign(
      {},
      sprigStrings,
      sprigLists,
      sprigDicts,
      sprigDefaults,
      sprigReflect,
      sprigConversion,
      sprigMath,
      sprigEncoding,
      sprigDates,
      sprigCrypto,
      sprigRandom,
      sprigPaths,
      sprigUrls,
      sprigNetwork,
      sprigRegexFor(helm),
      sprigSemverFor(helm),
    ) as FuncTable;
    sprigTables.set(helm, t);
  }
  return t;
}

/** One chart of the tree as the engine wants it. */
function engineChart(c: LoadedChart, helm: HelmKey): EngineChart {
  return {
    name: c.name,
    chartValue: (isRoot: boolean) => chartValue(c.metadata, { helmVersion: helm, isRoot }),
    library: c.type.toLowerCase() === 'library',
    templates: c.templates,
    files: c.files,
    dependencies: c.dependencies.map((d) => engineChart(d, helm)),
  };
}

function fail(message: string, hint: boolean, path?: string, line?: number, col?: number): RenderResult {
  const error = hint ? `${message}\n\nUse --debug flag to render out invalid YAML` : message;
  return { ok: false, error, message, path, line, col };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A JS error that only a bug of the renderer throws: never reported as the chart's fault. */
function isBug(e: unknown): boolean {
  return e instanceof TypeError || e instanceof ReferenceError;
}

/** The result of a render stopped by a bug of the renderer, kept apart from Helm's errors. */
function internalError(e: unknown): RenderResult {
  const message = `internal error: ${messageOf(e)}`;
  return { ok: false, error: message, message, internal: true, stack: e instanceof Error ? e.stack : undefined };
}

const utf8 = new TextDecoder();

/** `helm template` on the chart at `chartDir`. Never throws on chart content; a broken chart is `ok: false`. */
export function renderChart(fs: ChartFileSystem, chartDir: string, options: RenderOptions): RenderResult {
  const budget = options.budget ?? new RenderBudget();
  if (!deepRenderAvailable()) return renderOnce(fs, chartDir, options, budget, false);
  // Record what the chart reads, so that a render too deep for this thread's stack can be re-run on a worker
  const rec = recordingFileSystem(fs);
  let first: StackDepthError;
  try {
    return renderOnce(rec.fs, chartDir, options, budget, true);
  } catch (e) {
    if (!(e instanceof StackDepthError)) throw e;
    first = e;
  }
  const limits: RenderLimits = {
    maxSteps: Math.max(1, budget.limits.maxSteps - budget.steps),
    maxDepth: budget.limits.maxDepth,
    maxOutputBytes: Math.max(1, budget.limits.maxOutputBytes),
    timeoutMs: Math.max(1, budget.limits.timeoutMs - budget.elapsedMs()),
  };
  const { budget: _omit, ...plain } = options;
  void _omit;
  const outcome = runDeepRender(rec.recording(), chartDir, plain, limits);
  if (outcome.kind === 'result') return outcome.result as RenderResult;
  if (outcome.kind === 'timeout') return fail(`render budget exceeded: took longer than ${budget.limits.timeoutMs} ms`, false);
  return fail(first.message, false);
}

function renderOnce(fs: ChartFileSystem, chartDir: string, options: RenderOptions, budget: RenderBudget, deepRetry: boolean): RenderResult {
  const helm = options.helmVersion;
  try {
    // template.go: --kube-version is parsed first
    let kubeVersion: KubeVersionInfo | undefined;
    if (options.kubeVersion !== undefined && options.kubeVersion !== '') {
      try {
        kubeVersion = parseKubeVersion(options.kubeVersion, helm);
      } catch (e) {
        return fail(`invalid kube version '${options.kubeVersion}': ${messageOf(e)}`, false);
      }
    }
    // install.go runInstall: values first, then the chart
    let userValues: GoMap;
    try {
      userValues = mergeValueOptions({
        valuesFiles: options.valuesFiles,
        set: options.set,
        setString: options.setString,
        setJson: options.setJson,
        setLiteral: options.setLiteral,
        setFile: options.setFile,
        helmVersion: helm,
      });
    } catch (e) {
      if (e instanceof GoError) return fail(e.message, false);
      throw e;
    }
    let chart: LoadedChart;
    try {
      chart = loadChart(fs, chartDir, { helmVersion: helm });
    } catch (e) {
      if (isBug(e)) throw e;
      return fail(messageOf(e), false);
    }
    const notInstallable = checkIfInstallable(chart);
    if (notInstallable !== undefined) return fail(notInstallable, false);
    const missing = checkDependencies(chart, helm);
    if (missing) return fail(missing, false);

    // install.go RunWithContext
    try {
      processDependencies(chart, userValues, { helmVersion: helm });
    } catch (e) {
      if (isBug(e)) throw e;
      return fail(`chart dependencies processing failed: ${messageOf(e)}`, false);
    }
    const apiVersions: string[] = [];
    for (const a of options.apiVersions ?? []) for (const p of a.split(',')) if (p !== '') apiVersions.push(p);
    const caps = makeCapabilities(helm, { kubeVersion, apiVersions });
    const isUpgrade = options.isUpgrade === true;
    // chartutil ToRenderValuesWithSchemaValidation: the coalesced, schema-checked values under the release and
    // capabilities; `.Values` has Helm's named map type (so Sprig's dig rejects it as Helm's does)
    let top: GoMap;
    try {
      top = toRenderValues(
        chart,
        userValues,
        { name: options.releaseName ?? 'release-name', namespace: options.namespace ?? 'default', revision: 1, isUpgrade, isInstall: !isUpgrade },
        caps,
        { helmVersion: helm },
      );
    } catch (e) {
      if (isBug(e)) throw e;
      return fail(messageOf(e), false);
    }
    const values = top.get('Values');
    if (values instanceof Map) typedMap(values, helm === '3' ? 'chartutil.Values' : 'common.Values');

    // action.go renderResources: the chart's kubeVersion constraint
    const constraint = chart.metadata.kubeVersion;
    if (constraint) {
      const capsKube = kubeVersion ?? defaultKubeVersion(helm);
      if (!isCompatibleRange(constraint, kubeVersionString(capsKube), helm)) {
        return fail(`chart requires kubeVersion: ${constraint} which is incompatible with Kubernetes ${capsKube.version}`, true);
      }
    }

    const rendered = renderTemplates(engineChart(chart, helm), top, { helmVersion: helm, budget, sprig: sprig(helm), trace: options.trace === true });
    // only printed with --include-crds: not decoded otherwise
    const crds = options.includeCrds ? crdObjects(chart).map((c) => ({ filename: c.filename, data: utf8.decode(c.data) })) : [];
    const out = assembleOutput(rendered.files, {
      helmVersion: helm,
      chartName: chart.name,
      includeCrds: options.includeCrds,
      crds,
      showOnly: options.showOnly,
      skipTests: options.skipTests,
      noHooks: options.noHooks,
    });
    if (rendered.trace !== undefined) {
      const { trace, unprinted } = documentTraces(rendered.files, rendered.trace, out.documents, helm);
      return { ok: true, output: out.output, documents: out.documents, notes: out.notes, nondeterministic: rendered.nondeterministic, skippedHooks: out.skippedHooks, trace, unprinted };
    }
    return { ok: true, output: out.output, documents: out.documents, notes: out.notes, nondeterministic: rendered.nondeterministic, skippedHooks: out.skippedHooks };
  } catch (e) {
    if (e instanceof HelmRenderError) return fail(e.message, e.renderStage, e.path, e.line, e.col);
    if (e instanceof StackDepthError && deepRetry) throw e;
    if (e instanceof RenderBudgetError) return fail(e.message, false);
    if (e instanceof GoError) return fail(e.message, true);
    return internalError(e);
  }
}

// ---- the trace of each document ----------------------------------------------------------------------------------

export type { TracedInclude, TracedPlace, TracedSegment } from './helmEngine';

/** Where one printed document comes from. */
export interface DocumentTrace {
  /** Where its first character comes from: a template's literal text, or the action that printed it. */
  start: TracedPlace;
  /** The template text and actions that printed it, offsets relative to the document's content. */
  segments: TracedSegment[];
}

/**
 * Each document's trace, found in its file's output (documents are trimmed slices of it, in file order); and the
 * documents of the traced files that were not printed.
 */
function documentTraces(
  files: ReadonlyMap<string, string>,
  traces: ReadonlyMap<string, TracedSegment[]>,
  documents: OutputDocument[],
  helm: HelmKey,
): { trace: (DocumentTrace | undefined)[]; unprinted: { path: string; content: string; trace: DocumentTrace }[] } {
  const located = new Map<string, { content: string; offset: number; used: boolean }[]>();
  const locate = (path: string, text: string) => {
    let docs = located.get(path);
    if (docs === undefined) {
      docs = [];
      let from = 0;
      for (const content of splitManifests(text, helm)) {
        const offset = text.indexOf(content, from);
        if (offset < 0) break;
        docs.push({ content, offset, used: false });
        from = offset + content.length;
      }
      located.set(path, docs);
    }
    return docs;
  };
  const trace = documents.map((d) => {
    const segments = traces.get(d.path);
    const text = files.get(d.path);
    if (segments === undefined || text === undefined) return undefined;
    const at = locate(d.path, text).find((x) => !x.used && x.content === d.content);
    if (at === undefined) return undefined;
    at.used = true;
    return documentTrace(text, segments, at.offset, at.offset + d.content.length);
  });
  const unprinted: { path: string; content: string; trace: DocumentTrace }[] = [];
  for (const [path, segments] of traces) {
    const text = files.get(path);
    // NOTES.txt and partials print nothing by design
    if (text === undefined || path.endsWith('NOTES.txt')) continue;
    for (const x of locate(path, text)) {
      if (x.used) continue;
      const t = documentTrace(text, segments, x.offset, x.offset + x.content.length);
      if (t !== undefined) unprinted.push({ path, content: x.content, trace: t });
    }
  }
  return { trace, unprinted };
}

/** The segments over [from, to) of a file's output, clipped and made relative to `from`. */
function documentTrace(text: string, segments: TracedSegment[], from: number, to: number): DocumentTrace | undefined {
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid].end <= from) lo = mid + 1;
    else hi = mid;
  }
  const out: TracedSegment[] = [];
  for (let i = lo; i < segments.length && segments[i].start < to; i++) {
    const s = segments[i];
    const start = Math.max(s.start, from);
    const end = Math.min(s.end, to);
    // literal text cut at the document's start begins further on in its template
    const seg: TracedSegment = { start: start - from, end: end - from, path: s.path, line: s.line, character: s.character };
    if (s.action !== undefined) {
      seg.action = s.action;
      seg.template = s.template;
      if (s.includes !== undefined) seg.includes = s.includes;
    } else if (start > s.start) {
      // literal text cut at the document's start begins further on in its template
      const p = advance(s, text, s.start, start);
      seg.line = p.line;
      seg.character = p.character;
    }
    if (s.via !== undefined) seg.via = s.via;
    out.push(seg);
  }
  if (out.length === 0) return undefined;
  return { start: { path: out[0].path, line: out[0].line, character: out[0].character }, segments: out };
}

/** The place of output offset `to` inside literal text that starts at `from` at `p`. */
function advance(p: TracedPlace, text: string, from: number, to: number): TracedPlace {
  let line = p.line;
  let character = p.character;
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      character = 0;
    } else character++;
  }
  return { path: p.path, line, character };
}
