/**
 * ProcessDependencies (pkg/chart/v2/util/dependencies.go; Helm 3.17: pkg/chartutil/dependencies.go
 * ProcessDependenciesWithMerge): aliases, tags and conditions (disabled subcharts removed), then import-values
 * (both the `child`/`parent` map form and the `exports.` string form) merged into the parents' values.
 */
import { GoMap, GoValue } from '../goValue';
import { sprint } from '../fmt/goFmt';
import { CoalesceOptions, coalesceValues, mergeTables, mergeValues } from './coalesce';
import { deepCopyMap } from './copy';
import { ChartDependency, HelmVersion, copyMetadata } from './metadata';
import type { LoadedChart } from './loader';
import { isCompatibleRange } from './semver';

export interface ProcessOptions extends CoalesceOptions {}

/** Values.Table: walks `a.b.c` through nested maps; undefined where Helm returns ErrNoTable. */
export function valuesTable(v: GoMap, name: string): GoMap | undefined {
  let table: GoMap = v;
  for (const n of name.split('.')) {
    const x = table.get(n);
    if (!(x instanceof Map)) return undefined;
    table = x;
  }
  return table;
}

/** Values.PathValue: a non-table value at `a.b.c`; `undefined` for ErrNoValue (and for an empty path). */
export function pathValue(v: GoMap, path: string): { value: GoValue } | undefined {
  if (path === '') return undefined;
  const parts = path.split('.');
  const key = parts[parts.length - 1];
  const t = parts.length === 1 ? v : valuesTable(v, parts.slice(0, -1).join('.'));
  if (!t || !t.has(key)) return undefined;
  const x = t.get(key) ?? null;
  return x instanceof Map ? undefined : { value: x };
}

function setDependencies(c: LoadedChart, deps: LoadedChart[]): void {
  c.dependencies = [];
  for (const d of deps) {
    d.parent = c;
    c.dependencies.push(d);
  }
}

/** getAliasDependency: a copy of the matching subchart, renamed to the alias. */
function getAliasDependency(charts: LoadedChart[], dep: ChartDependency, hv: HelmVersion | undefined): LoadedChart | undefined {
  for (const c of charts) {
    if (c.name !== dep.name) continue;
    if (!isCompatibleRange(dep.version, c.metadata.version, hv)) continue;
    const out: LoadedChart = { ...c, metadata: copyMetadata(c.metadata), dependencies: c.dependencies };
    if (hv !== '3') {
      // Helm 4: shallow copies of the subchart's own subcharts, so that two aliases of one chart keep their own
      // parents. Helm 3 shares them, still parented to the unaliased chart (their templates then render under
      // `…/charts/<chart name>/charts/…`, the last alias winning).
      setDependencies(
        out,
        c.dependencies.map((d) => ({ ...d })),
      );
    }
    if (dep.alias !== '') {
      out.metadata.name = dep.alias;
      out.name = dep.alias;
    }
    return out;
  }
  return undefined;
}

function processDependencyConditions(reqs: ChartDependency[], cvals: GoMap, cpath: string, warn: (m: string) => void): void {
  for (const r of reqs) {
    for (const c of r.condition.trim().split(',')) {
      if (c.length === 0) continue;
      const pv = pathValue(cvals, cpath + c);
      if (pv) {
        if (typeof pv.value === 'boolean') {
          r.enabled = pv.value;
          break;
        }
        warn(`Warning: Condition path '${c}' for chart ${r.name} returned non-bool value`);
      }
    }
  }
}

function processDependencyTags(reqs: ChartDependency[], cvals: GoMap, warn: (m: string) => void): void {
  const vt = valuesTable(cvals, 'tags');
  if (!vt) return;
  for (const r of reqs) {
    let hasTrue = false;
    let hasFalse = false;
    for (const k of r.tags) {
      if (!vt.has(k)) continue;
      const b = vt.get(k);
      if (typeof b === 'boolean') {
        if (b) hasTrue = true;
        else hasFalse = true;
      } else {
        warn(`Warning: Tag '${k}' for chart ${r.name} returned non-bool value`);
      }
    }
    if (!hasTrue && hasFalse) r.enabled = false;
    else if (hasTrue || (!hasTrue && !hasFalse)) r.enabled = true;
  }
}

function processDependencyEnabled(c: LoadedChart, v: GoMap, path: string, opts: ProcessOptions, depth: number): void {
  const reqs = c.metadata.dependencies;
  if (reqs === null || depth > 64) return;
  const warn = opts.warn ?? (() => undefined);
  const hv = opts.helmVersion;
  const chartDependencies: LoadedChart[] = [];
  outer: for (const existing of c.dependencies) {
    for (const req of reqs) {
      if (req && existing.name === req.name && isCompatibleRange(req.version, existing.metadata.version, hv)) continue outer;
    }
    chartDependencies.push(existing);
  }
  for (const req of reqs) {
    if (!req) continue;
    const cd = getAliasDependency(c.dependencies, req, hv);
    if (cd) chartDependencies.push(cd);
    if (req.alias !== '') req.name = req.alias;
  }
  setDependencies(c, chartDependencies);
  const live = reqs.filter((r): r is ChartDependency => r !== null);
  for (const lr of live) lr.enabled = true;
  const cvals = coalesceValues(c, v, opts);
  processDependencyTags(live, cvals, warn);
  processDependencyConditions(live, cvals, path, warn);
  const rm = new Set<string>();
  for (const r of live) if (!r.enabled) rm.add(r.name);
  const cd = c.dependencies.filter((n) => !rm.has(n.metadata.name));
  const cdMetadata = reqs.filter((n) => !n || !rm.has(n.name));
  for (const t of cd) processDependencyEnabled(t, cvals, `${path}${t.metadata.name}.`, opts, depth + 1);
  c.metadata.dependencies = cdMetadata;
  setDependencies(c, cd);
}

/** pathToMap: `a.b` and data → {a: {b: data}}; "." → data itself. */
function pathToMap(path: string, data: GoMap): GoMap {
  if (path === '.') return data;
  const parts = path.split('.');
  let cur: GoMap = data;
  for (let i = parts.length - 1; i >= 0; i--) cur = new Map<string, GoValue>([[parts[i], cur]]);
  return cur;
}

function processImportValues(c: LoadedChart, opts: ProcessOptions): void {
  const reqs = c.metadata.dependencies;
  if (reqs === null) return;
  const warn = opts.warn ?? (() => undefined);
  let cvals = mergeValues(c, null, opts);
  let b: GoMap = new Map();
  for (const r of reqs) {
    if (!r) continue;
    const outiv: GoValue[] = [];
    for (const riv of r.importValues) {
      if (riv instanceof Map) {
        const child = sprint([riv.get('child') ?? null]);
        const parent = sprint([riv.get('parent') ?? null]);
        outiv.push(
          new Map<string, GoValue>([
            ['child', child],
            ['parent', parent],
          ]),
        );
        const vv = valuesTable(cvals, `${r.name}.${child}`);
        if (!vv) {
          warn(`Warning: ImportValues missing table from chart ${r.name}: no table named "${child}"`);
          continue;
        }
        b = mergeTables(b, pathToMap(parent, vv.size === 0 ? new Map() : vv), opts) ?? new Map();
      } else if (typeof riv === 'string') {
        const child = `exports.${riv}`;
        outiv.push(
          new Map<string, GoValue>([
            ['child', child],
            ['parent', '.'],
          ]),
        );
        const vm = valuesTable(cvals, `${r.name}.${child}`);
        if (!vm) {
          warn(`Warning: ImportValues missing table: no table named "${child}"`);
          continue;
        }
        b = mergeTables(b, vm.size === 0 ? new Map() : vm, opts) ?? new Map();
      }
    }
    r.importValues = outiv;
  }
  cvals = deepCopyMap(cvals);
  c.values = mergeTables(cvals, b, opts) ?? new Map();
}

function processDependencyImportValues(c: LoadedChart, opts: ProcessOptions, depth: number): void {
  if (depth > 64) return;
  for (const d of c.dependencies) processDependencyImportValues(d, opts, depth + 1);
  processImportValues(c, opts);
}

/**
 * A copy of a loaded chart tree that processDependencies may change without touching `chart` (metadata and
 * the tree are copied; file contents and the parsed values.yaml, which processing never mutates, are shared).
 * Lets a caller keep one loaded chart and process it again for other values.
 */
export function cloneChart(chart: LoadedChart, parent?: LoadedChart): LoadedChart {
  const out: LoadedChart = { ...chart, metadata: copyMetadata(chart.metadata), parent, dependencies: [] };
  out.dependencies = chart.dependencies.map((d) => cloneChart(d, out));
  return out;
}

/**
 * ProcessDependencies(WithMerge): changes `chart` in place — disabled subcharts removed, aliased subcharts renamed,
 * imported values merged into `values` of the importing charts. `values` are the user's values (not modified).
 */
export function processDependencies(chart: LoadedChart, values: GoMap, opts?: ProcessOptions): void {
  const o = opts ?? {};
  processDependencyEnabled(chart, values, '', o, 0);
  processDependencyImportValues(chart, o, 0);
}
