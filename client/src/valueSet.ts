/**
 * A chart's value set as the panel's form edits it (release, namespace, values files, `--set`): what the built-in
 * render uses, and what "Verify with helm" passes to Helm. Plain data and pure functions (no `vscode` import), so
 * reading what was remembered, the labels and the values-file candidates are unit-tested.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { RenderedOrderParams, ValueSetParams } from '../../server/src/lspExtensions';

export interface ValueSet {
  release: string;
  namespace: string;
  /** `-f` files in order: relative to the chart folder (with `/`) when inside it, absolute otherwise. */
  valuesFiles: string[];
  /** `--set` pairs in order, each as typed (`a=1,b=2` is one entry, as `--set a=1,b=2`). */
  set: string[];
}

/** What `helm template` uses without arguments. */
export const DEFAULT_VALUE_SET: ValueSet = { release: 'release-name', namespace: 'default', valuesFiles: [], set: [] };

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];
}

/**
 * Reads what was remembered defensively: workspace state outlives versions of this extension (the render
 * preferences of earlier versions had the same fields, plus a `mode` that no longer exists).
 */
export function readValueSet(value: unknown): ValueSet {
  if (typeof value !== 'object' || value === null) return DEFAULT_VALUE_SET;
  const v = value as Partial<Record<keyof ValueSet, unknown>>;
  const text = (x: unknown, fallback: string) => (typeof x === 'string' && x.trim() ? x.trim() : fallback);
  return {
    release: text(v.release, DEFAULT_VALUE_SET.release),
    namespace: text(v.namespace, DEFAULT_VALUE_SET.namespace),
    valuesFiles: strings(v.valuesFiles),
    set: strings(v.set),
  };
}

export function isDefaultValueSet(vs: ValueSet): boolean {
  return (
    vs.release === DEFAULT_VALUE_SET.release && vs.namespace === DEFAULT_VALUE_SET.namespace && vs.valuesFiles.length === 0 && vs.set.length === 0
  );
}

export function sameValueSet(a: ValueSet, b: ValueSet): boolean {
  return JSON.stringify(readValueSet(a)) === JSON.stringify(readValueSet(b));
}

/** A values file as the user chose it, in the form the value set keeps: relative inside the chart, else absolute. */
export function valuesFileEntry(chartRoot: string, file: string): string {
  const rel = path.relative(chartRoot, file);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  return file;
}

/** The absolute path of a values file entry. */
export function valuesFilePath(chartRoot: string, entry: string): string {
  return path.isAbsolute(entry) ? entry : path.join(chartRoot, ...entry.split('/'));
}

/** `helmHooks/valueSet` for the chart: values files as file URIs, so the server reads them through the buffers. */
export function valueSetParams(chartRoot: string, vs: ValueSet): ValueSetParams {
  return {
    chartRoot,
    release: vs.release,
    namespace: vs.namespace,
    valuesFiles: vs.valuesFiles.map((f) => pathToFileURL(valuesFilePath(chartRoot, f)).toString()),
    set: vs.set,
  };
}

/** `helmHooks/renderedOrder` ("Verify with helm") with the same value set. */
export function verifyParams(chartRoot: string, vs: ValueSet, helmPath: string | undefined, timeoutMs: number | undefined): RenderedOrderParams {
  return {
    uri: pathToFileURL(chartRoot).toString(),
    release: vs.release,
    namespace: vs.namespace,
    valuesFiles: vs.valuesFiles.map((f) => pathToFileURL(valuesFilePath(chartRoot, f)).toString()),
    set: vs.set,
    ...(helmPath ? { helmPath } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  };
}

/** The value set in one line, as the panel's summary, the status bar and the CodeLens tooltip say it. */
export function valueSetLabel(vs: ValueSet): string {
  return [
    `release ${vs.release}`,
    `namespace ${vs.namespace}`,
    vs.valuesFiles.length ? `values ${vs.valuesFiles.join(', ')}` : 'values.yaml only',
    ...(vs.set.length ? [`--set ${vs.set.join(',')}`] : []),
  ].join(' · ');
}

/**
 * Whether a chart file (relative, with `/`) is offered as a values file: YAML anywhere in the chart (`ci/*.yaml`,
 * `env/prod/values.yaml`) except templates (Helm renders those), `crds/` (applied as they are), the chart's own
 * metadata, and the root `values.yaml` (Helm always reads it first).
 */
export function isValuesFileCandidate(relative: string): boolean {
  if (!/\.ya?ml$/i.test(relative)) return false;
  const segments = relative.split('/');
  if (segments.some((s) => s === 'templates' || s === 'crds' || s.startsWith('.'))) return false;
  const base = segments[segments.length - 1];
  if (base === 'Chart.yaml' || base === 'requirements.yaml') return false;
  if (segments.length === 1 && base === 'values.yaml') return false;
  // A subchart's own values.yaml is read by Helm as the subchart's defaults; its other files may be offered.
  if (segments[0] === 'charts' && segments.length === 3 && base === 'values.yaml') return false;
  return true;
}

/** Candidates sorted as the QuickPick lists them: root files first, then by folder and name. */
export function sortCandidates(files: string[]): string[] {
  return [...files].sort((a, b) => {
    const da = a.split('/').length;
    const db = b.split('/').length;
    return da !== db ? da - db : a.localeCompare(b);
  });
}
