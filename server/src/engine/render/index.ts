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
import { HelmRenderError, renderTemplates, type EngineChart } from './helmEngine';
import { assembleOutput, type OutputDocument } from './helmOutput';
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

    const rendered = renderTemplates(engineChart(chart, helm), top, { helmVersion: helm, budget, sprig: sprig(helm) });
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
    return { ok: true, output: out.output, documents: out.documents, notes: out.notes, nondeterministic: rendered.nondeterministic, skippedHooks: out.skippedHooks };
  } catch (e) {
    if (e instanceof HelmRenderError) return fail(e.message, e.renderStage, e.path, e.line, e.col);
    if (e instanceof StackDepthError && deepRetry) throw e;
    if (e instanceof RenderBudgetError) return fail(e.message, false);
    if (e instanceof GoError) return fail(e.message, true);
    return internalError(e);
  }
}
