/**
 * The value set of a chart's built-in render, as the client sends it (`helmHooks/valueSet`) and as the server keys
 * snapshots by: read defensively, values files resolved to absolute paths, `helm template`'s defaults left empty.
 */
import { DEFAULT_NAMESPACE_NAME, DEFAULT_RELEASE_NAME } from '../engine/documents/builtinSource';
import type { HelmVersion } from '../engine/types';
import { valuesFilePath } from '../helm/renderedOrderService';

export interface ChartValueSet {
  /** Undefined: `release-name`, as `helm template`. */
  release: string | undefined;
  /** Undefined: `default`. */
  namespace: string | undefined;
  /** Absolute paths, in order. */
  valuesFiles: string[];
  set: string[];
  setString: string[];
  setJson: string[];
}

export const DEFAULT_VALUE_SET: ChartValueSet = Object.freeze({
  release: undefined,
  namespace: undefined,
  valuesFiles: [],
  set: [],
  setString: [],
  setJson: [],
}) as ChartValueSet;

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0).slice(0, 1000) : [];
}

function name(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** Reads a `helmHooks/valueSet` (or rendered-order) params object; anything malformed counts as not given. */
export function readValueSet(params: unknown, chartRoot: string): ChartValueSet {
  const p = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
  return {
    release: name(p.release),
    namespace: name(p.namespace),
    valuesFiles: strings(p.valuesFiles).map((f) => valuesFilePath(f, chartRoot)),
    set: strings(p.set),
    setString: strings(p.setString),
    setJson: strings(p.setJson),
  };
}

/** The identity of a value set with a Helm version: two renders with equal keys render the same. */
export function valueSetKey(v: ChartValueSet, version: HelmVersion): string {
  return JSON.stringify([version, v.release ?? DEFAULT_RELEASE_NAME, v.namespace ?? DEFAULT_NAMESPACE_NAME, v.valuesFiles, v.set, v.setString, v.setJson]);
}

/** "release-name · default · chart values" or "prod · ns · values-prod.yaml, --set a=1". */
export function valueSetLabel(v: ChartValueSet, chartRoot: string): string {
  const parts = [v.release ?? DEFAULT_RELEASE_NAME, v.namespace ?? DEFAULT_NAMESPACE_NAME];
  const rel = (f: string) => (f.startsWith(chartRoot + '/') ? f.slice(chartRoot.length + 1) : f);
  const extra = [
    ...v.valuesFiles.map(rel),
    ...v.set.map((s) => `--set ${s}`),
    ...v.setString.map((s) => `--set-string ${s}`),
    ...v.setJson.map((s) => `--set-json ${s}`),
  ];
  parts.push(extra.length ? extra.join(', ') : 'chart values');
  return parts.join(' · ');
}
