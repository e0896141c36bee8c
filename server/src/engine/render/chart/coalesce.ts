/**
 * Values coalescing: pkg/chart/common/util/coalesce.go (Helm 4.1.4 and 4.2.3 differ in how chart-default nulls
 * are treated) and pkg/chartutil/coalesce.go (Helm 3.17.2). Chart defaults go under user values, subchart
 * sections `<name>:` are coalesced with the subchart's defaults, globals are copied down, and a user `null`
 * deletes a default key.
 */
import { GoError, GoMap, GoValue } from '../goValue';
import { sprintf } from '../fmt/goFmt';
import { HelmVersion } from './metadata';
import type { LoadedChart } from './loader';
import { deepCopyMap } from './copy';

export const GLOBAL_KEY = 'global';

export interface CoalesceOptions {
  helmVersion?: HelmVersion;
  /** Receives Helm's log warnings ("warning: skipped value for …: Not a table.", …). */
  warn?: (message: string) => void;
}

const isTable = (v: GoValue | undefined): v is GoMap => v instanceof Map;

function concatPrefix(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

class Coalescer {
  readonly hv: HelmVersion;
  readonly printf: (format: string, ...args: GoValue[]) => void;
  constructor(opts?: CoalesceOptions) {
    this.hv = opts?.helmVersion ?? '4';
    const warn = opts?.warn;
    this.printf = warn ? (f, ...args) => warn(sprintf(f, args)) : () => undefined;
  }

  coalesce(ch: LoadedChart, dest: GoMap, prefix: string, merge: boolean): GoMap {
    this.coalesceValues(ch, dest, prefix, merge);
    return this.coalesceDeps(ch, dest, prefix, merge);
  }

  coalesceDeps(ch: LoadedChart, dest: GoMap, prefix: string, merge: boolean): GoMap {
    for (const sub of ch.dependencies) {
      const c = dest.get(sub.name);
      if (!dest.has(sub.name)) dest.set(sub.name, new Map());
      else if (!isTable(c)) throw new GoError(`type mismatch on ${sub.name}: ${sprintf('%t', [c ?? null])}`);
      const dvmap = dest.get(sub.name) as GoMap;
      const subPrefix = concatPrefix(prefix, ch.name);
      this.coalesceGlobals(dvmap, dest, subPrefix);
      dest.set(sub.name, this.coalesce(sub, dvmap, subPrefix, merge));
    }
    return dest;
  }

  coalesceGlobals(dest: GoMap, src: GoMap, prefix: string): void {
    let dg: GoMap;
    let sg: GoMap;
    const destglob = dest.get(GLOBAL_KEY);
    if (!dest.has(GLOBAL_KEY)) dg = new Map();
    else if (isTable(destglob)) dg = destglob;
    else {
      this.printf('warning: skipping globals because destination %s is not a table.', GLOBAL_KEY);
      return;
    }
    const srcglob = src.get(GLOBAL_KEY);
    if (!src.has(GLOBAL_KEY)) sg = new Map();
    else if (isTable(srcglob)) sg = srcglob;
    else {
      this.printf('warning: skipping globals because source %s is not a table.', GLOBAL_KEY);
      return;
    }
    for (const [key, val] of sg) {
      if (isTable(val)) {
        const vv: GoMap = new Map(val);
        const destv = dg.get(key);
        if (!dg.has(key)) {
          dg.set(key, vv);
        } else if (!isTable(destv)) {
          this.printf('Conflict: cannot merge map onto non-map for %q. Skipping.', key);
        } else {
          this.coalesceTablesFullKey(vv, destv, concatPrefix(prefix, key), true);
          dg.set(key, vv);
        }
      } else if (dg.has(key) && isTable(dg.get(key))) {
        this.printf('key %s is table. Skipping', key);
      } else {
        dg.set(key, val);
      }
    }
    dest.set(GLOBAL_KEY, dg);
  }

  coalesceValues(ch: LoadedChart, v: GoMap, prefix: string, merge: boolean): void {
    const subPrefix = concatPrefix(prefix, ch.name);
    const vc = deepCopyMap(ch.values);
    const cleanNils = this.hv === '4.2';
    for (const [key, val] of vc) {
      if (v.has(key)) {
        const value = v.get(key) ?? null;
        if (value === null && !merge) {
          v.delete(key);
        } else if (isTable(value)) {
          if (!isTable(val)) {
            if (val !== null) this.printf('warning: skipped value for %s.%s: Not a table.', subPrefix, key);
          } else {
            const m = ch.dependencies.some((d) => d.name === key) ? true : merge;
            if (cleanNils && !m) cleanNilValues(val);
            this.coalesceTablesFullKey(value, val, concatPrefix(subPrefix, key), m);
          }
        }
      } else {
        if (cleanNils && !merge) {
          if (val === null) continue;
          if (isTable(val)) cleanNilValues(val);
        }
        v.set(key, val);
      }
    }
  }

  coalesceTablesFullKey(dst: GoMap | null, src: GoMap | null, prefix: string, merge: boolean): GoMap | null {
    if (src === null) return dst;
    if (dst === null) return src;
    const newer = this.hv !== '3';
    let srcNonNil: Set<string> | undefined;
    if (newer) {
      srcNonNil = new Set();
      for (const [k, x] of src) if (x !== null) srcNonNil.add(k);
      for (const [k, x] of dst) if (x === null) src.set(k, null);
    }
    for (const [key, val] of src) {
      const fullkey = concatPrefix(prefix, key);
      const ok = dst.has(key);
      const dv = dst.get(key) ?? null;
      if (ok && !merge && dv === null && (!newer || srcNonNil!.has(key))) {
        dst.delete(key);
      } else if (!ok) {
        dst.set(key, val);
      } else if (isTable(val)) {
        if (isTable(dv)) this.coalesceTablesFullKey(dv, val, fullkey, merge);
        else this.printf('warning: cannot overwrite table with non table for %s (%v)', fullkey, val);
      } else if (isTable(dv) && val !== null) {
        this.printf('warning: destination for %s is a table. Ignoring non-table value (%v)', fullkey, val);
      }
    }
    return dst;
  }
}

/** coalesce.go cleanNilValues (Helm 4.2). */
function cleanNilValues(m: GoMap): void {
  for (const [k, v] of m) {
    if (v === null) m.delete(k);
    else if (isTable(v)) cleanNilValues(v);
  }
}

/** chartutil.CoalesceValues: the chart's (and subcharts') defaults under `userValues` (not modified). */
export function coalesceValues(chart: LoadedChart, userValues: GoMap | null, opts?: CoalesceOptions): GoMap {
  const c = new Coalescer(opts);
  return c.coalesce(chart, userValues ? deepCopyMap(userValues) : new Map(), '', false);
}

/** chartutil.MergeValues: like coalesceValues, but nulls are kept. */
export function mergeValues(chart: LoadedChart, userValues: GoMap | null, opts?: CoalesceOptions): GoMap {
  const c = new Coalescer(opts);
  return c.coalesce(chart, userValues ? deepCopyMap(userValues) : new Map(), '', true);
}

/** chartutil.CoalesceTables: src under dst (dst is modified and returned). */
export function coalesceTables(dst: GoMap | null, src: GoMap | null, opts?: CoalesceOptions): GoMap | null {
  return new Coalescer(opts).coalesceTablesFullKey(dst, src, '', false);
}

/** chartutil.MergeTables: src under dst, nulls kept. */
export function mergeTables(dst: GoMap | null, src: GoMap | null, opts?: CoalesceOptions): GoMap | null {
  return new Coalescer(opts).coalesceTablesFullKey(dst, src, '', true);
}
