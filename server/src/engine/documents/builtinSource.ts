/**
 * The built-in renderer as a source of documents: `helm template` run in-process on the chart's files (the editor's
 * unsaved buffers included, through the file system it is given), its output read by the same reader as Helm's.
 * No helm, no process, no network: safe in an untrusted workspace. The render is bounded by the renderer's budget.
 */
import type { RenderedRelease } from './helmOutput';
import { renderChart, type HelmKey, type RenderOptions } from '../render';
import type { RenderBudget } from '../render/budget';
import type { ChartFileSystem } from '../render/chartFiles';
import type { HelmVersion, RenderError } from '../types';

/** `helm template`'s defaults when no release name or namespace is given. */
export const DEFAULT_RELEASE_NAME = 'release-name';
export const DEFAULT_NAMESPACE_NAME = 'default';

/** What a render depends on besides the chart: the value set of `helm template RELEASE CHART --namespace NS -f … --set …`. */
export interface ValueSet {
  release?: string;
  namespace?: string;
  /** `-f` files in order: a name for messages (the path) and the text (the editor passes unsaved buffers). */
  valuesFiles?: { name: string; text: string }[];
  set?: string[];
  setString?: string[];
  setJson?: string[];
  setLiteral?: string[];
  isUpgrade?: boolean;
  kubeVersion?: string;
  apiVersions?: string[];
}

export type BuiltinRender =
  | {
      ok: true;
      release: RenderedRelease;
      /** `helm.sh/hook` values of resources Helm drops for an unknown event. */
      skippedHooks: string[];
      /** A random or time-dependent function ran (names built with `randAlphaNum` differ from Helm's). */
      nondeterministic: boolean;
      ms: number;
    }
  | { ok: false; error: RenderError; internal: boolean; ms: number };

/** The Helm whose behaviour the render follows: the engine's major version (4 is 4.0–4.2.3, same hook rules). */
export function helmKeyOf(version: HelmVersion): HelmKey {
  return version === 3 ? '3' : '4';
}

/** The value set with `helm template`'s defaults filled in. */
export function withDefaults(v: ValueSet): ValueSet & { release: string; namespace: string } {
  const release = v.release?.trim() || DEFAULT_RELEASE_NAME;
  const namespace = v.namespace?.trim() || DEFAULT_NAMESPACE_NAME;
  return { ...v, release, namespace };
}

/** Whether a value set is the chart's defaults (no values files, no `--set` of any kind). */
export function isDefaultValueSet(v: ValueSet): boolean {
  return !v.valuesFiles?.length && !v.set?.length && !v.setString?.length && !v.setJson?.length && !v.setLiteral?.length && !v.isUpgrade;
}

/** `helm template` with the value set, as a command line a user can run to check the built-in render. */
export function helmTemplateCommand(chartRoot: string, v: ValueSet): string[] {
  const d = withDefaults(v);
  const args = ['helm', 'template', d.release, chartRoot, `--namespace=${d.namespace}`];
  for (const f of v.valuesFiles ?? []) args.push(`--values=${f.name}`);
  for (const s of v.set ?? []) args.push(`--set=${s}`);
  for (const s of v.setString ?? []) args.push(`--set-string=${s}`);
  for (const s of v.setJson ?? []) args.push(`--set-json=${s}`);
  for (const s of v.setLiteral ?? []) args.push(`--set-literal=${s}`);
  if (v.isUpgrade) args.push('--is-upgrade');
  if (v.kubeVersion) args.push(`--kube-version=${v.kubeVersion}`);
  for (const a of v.apiVersions ?? []) args.push(`--api-versions=${a}`);
  return args;
}

/** Renders the chart at `chartRoot` as `helm template` would, and reads its output as Helm's own. */
export function builtinRelease(fs: ChartFileSystem, chartRoot: string, values: ValueSet, version: HelmVersion, budget?: RenderBudget, trace = false): BuiltinRender {
  const start = performance.now();
  const d = withDefaults(values);
  const options: RenderOptions = {
    releaseName: d.release,
    namespace: d.namespace,
    valuesFiles: values.valuesFiles,
    set: values.set,
    setString: values.setString,
    setJson: values.setJson,
    setLiteral: values.setLiteral,
    isUpgrade: values.isUpgrade,
    kubeVersion: values.kubeVersion,
    apiVersions: values.apiVersions,
    helmVersion: helmKeyOf(version),
    budget,
  };
  if (trace) options.trace = true;
  const r = renderChart(fs, chartRoot, options);
  const ms = performance.now() - start;
  if (!r.ok) {
    const error: RenderError = { message: r.message };
    if (r.path) error.path = r.path;
    if (r.line !== undefined) error.line = r.line;
    if (r.col !== undefined) error.column = r.col;
    return { ok: false, error, internal: r.internal === true, ms };
  }
  // The renderer's documents are Helm's output split already: path and content, in print order.
  const release: RenderedRelease = {
    manifests: r.documents.map((doc, i) => {
      const t = r.trace?.[i];
      return t === undefined ? { helmPath: doc.path, content: doc.content } : { helmPath: doc.path, content: doc.content, trace: t };
    }),
  };
  if (r.unprinted !== undefined) release.unprinted = r.unprinted.map((u) => ({ helmPath: u.path, content: u.content, trace: u.trace }));
  return { ok: true, release, skippedHooks: r.skippedHooks, nondeterministic: r.nondeterministic, ms };
}
