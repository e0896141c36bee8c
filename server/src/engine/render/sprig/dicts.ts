/**
 * Sprig's dict functions (sprig dict.go), with dario.cat/mergo v1.0.1's deepMerge for merge/mergeOverwrite and
 * mitchellh/copystructure for deepCopy. As in Go, set, unset, merge and mergeOverwrite change the destination map
 * (and, for the merges, nested maps of the destination) in place; charts rely on that.
 */
import { CallContext, FuncTable, GoMap, GoPanic, GoValue, isGoMap, mapTypeName, newMap, sliceElemType, typedMap, typedSlice } from '../goValue';
import { typeName } from '../fmt/goTypes';
import { isEmpty } from './defaults';
import { isGoList } from './reflect';
import { strval } from './strings';

function dict(args: GoValue[], ctx: CallContext): GoMap {
  const m = newMap();
  for (let k = 0; k < args.length; k += 2) {
    m.set(strval(args[k], ctx), k + 1 < args.length ? args[k + 1] : '');
  }
  return m;
}

/**
 * mergo deepMerge of two map[string]interface{} (merge.go, the reflect.Map case), mutating `dst`:
 * - a nil source value is skipped, or (overwrite) stored as nil;
 * - a map source value is merged into a map destination value in place; otherwise it is stored (the same map, not a
 *   copy) when the destination is missing or empty, or always when overwriting;
 * - a slice source value replaces a missing or empty destination value, or any value when overwriting;
 * - any other source value (even an empty one) is stored when the destination is missing or empty, or always when
 *   overwriting.
 */
export function mergoMerge(dst: GoMap, src: GoMap, overwrite: boolean, ctx?: CallContext): void {
  ctx?.charge(src.size);
  for (const [key, sv] of src) {
    const dHas = dst.has(key);
    const dv = dHas ? (dst.get(key) as GoValue) : null;
    if (sv === null) {
      if (overwrite) dst.set(key, null);
      continue;
    }
    if (isGoMap(sv)) {
      if (isGoMap(dv)) mergoMerge(dv, sv, overwrite, ctx);
    } else if (isGoList(sv)) {
      // mergo checks the emptiness of the parent destination map here, not of the element.
      let dstSlice: GoValue = !dHas || dv === null ? emptyLike(sv) : dv;
      if (overwrite || dst.size === 0) dstSlice = sv;
      dst.set(key, dstSlice);
    }
    if (dHas && !isEmpty(dv)) {
      if (isGoList(sv)) continue;
      if (isGoMap(sv) && isGoMap(dv)) continue;
    }
    if (overwrite || !dHas || isEmpty(dv)) dst.set(key, sv);
  }
}

function emptyLike(v: GoValue[] | Uint8Array): GoValue {
  if (v instanceof Uint8Array) return new Uint8Array(0);
  const et = sliceElemType(v);
  return et === 'interface {}' ? [] : typedSlice([], et);
}

function merge(args: GoValue[], overwrite: boolean, ctx: CallContext): GoValue {
  let dst = args[0] as GoMap | null;
  for (let k = 1; k < args.length; k++) {
    const src = args[k] as GoMap | null;
    if (dst === null) dst = newMap();
    if (src !== null) mergoMerge(dst, src, overwrite, ctx);
  }
  return dst ?? newMap();
}

/** copystructure.Copy: maps and slices copied all the way down; scalars and structs shared. */
export function deepCopyValue(v: GoValue, ctx?: CallContext): GoValue {
  if (Array.isArray(v)) {
    ctx?.charge(v.length);
    const out = v.map((x) => deepCopyValue(x, ctx));
    const et = sliceElemType(v);
    return et === 'interface {}' ? out : typedSlice(out, et);
  }
  if (v instanceof Uint8Array) {
    ctx?.charge(Math.ceil(v.length / 16));
    return v.slice();
  }
  if (isGoMap(v)) {
    ctx?.charge(v.size);
    const m = newMap();
    for (const [k, x] of v) m.set(k, deepCopyValue(x, ctx));
    const t = mapTypeName(v);
    return t === PLAIN_MAP ? m : typedMap(m, t);
  }
  return v;
}

function deepCopy([v]: GoValue[], ctx: CallContext): GoValue {
  if (v === null) throw new GoPanic('reflect: call of reflect.Value.Type on zero Value');
  return deepCopyValue(v, ctx);
}

// The dynamic type as a Go interface-conversion panic names it.
function convType(v: GoValue): string {
  return v === null ? 'nil' : isGoMap(v) ? mapTypeName(v) : typeName(v);
}

// A type assertion to map[string]interface{}: named map types (Helm's .Values) and map[string]string fail it.
function isPlainMap(v: GoValue): v is GoMap {
  return isGoMap(v) && mapTypeName(v) === PLAIN_MAP;
}
const PLAIN_MAP = 'map[string]interface {}';

// dict.go dig: keys..., default, dict; type assertions panic as Go's do.
function dig(ps: GoValue[]): GoValue {
  if (ps.length < 3) throw new GoPanic('dig needs at least three arguments');
  const last = ps[ps.length - 1];
  if (!isPlainMap(last)) {
    throw new GoPanic(`interface conversion: interface {} is ${convType(last)}, not map[string]interface {}`);
  }
  const def = ps[ps.length - 2];
  const keys: string[] = [];
  for (let k = 0; k < ps.length - 2; k++) {
    const key = ps[k];
    if (typeof key !== 'string') throw new GoPanic(`interface conversion: interface {} is ${convType(key)}, not string`);
    keys.push(key);
  }
  let d: GoMap = last;
  for (let k = 0; ; k++) {
    if (!d.has(keys[k])) return def;
    const step = d.get(keys[k]) as GoValue;
    if (k === keys.length - 1) return step;
    if (!isPlainMap(step)) {
      throw new GoPanic(`interface conversion: interface {} is ${convType(step)}, not map[string]interface {}`);
    }
    d = step;
  }
}

const m = (v: GoValue): GoMap | null => v as GoMap | null;

export const sprigDicts: FuncTable = {
  dict: { params: [], variadic: 'any', call: (args, ctx) => dict(args, ctx) },
  get: {
    params: ['map', 'string'],
    call: ([d, k]) => {
      const map = m(d);
      return map !== null && map.has(k as string) ? (map.get(k as string) as GoValue) : '';
    },
  },
  set: {
    params: ['map', 'string', 'any'],
    call: ([d, k, v]) => {
      const map = m(d);
      if (map === null) throw new GoPanic('assignment to entry in nil map');
      map.set(k as string, v);
      return map;
    },
  },
  unset: {
    params: ['map', 'string'],
    call: ([d, k]) => {
      const map = m(d);
      if (map !== null) map.delete(k as string);
      return map;
    },
  },
  hasKey: { params: ['map', 'string'], call: ([d, k]) => m(d)?.has(k as string) ?? false },
  pluck: {
    params: ['string'],
    variadic: 'map',
    call: ([k, ...ds]) => {
      const out: GoValue[] = [];
      for (const d of ds) {
        const map = m(d);
        if (map !== null && map.has(k as string)) out.push(map.get(k as string) as GoValue);
      }
      return out;
    },
  },
  // Go ranges over the maps in random order, so the order of the keys is not Helm's.
  keys: {
    params: [],
    variadic: 'map',
    nondeterministic: true,
    call: (ds) => {
      const out: GoValue[] = [];
      for (const d of ds) {
        const map = m(d);
        if (map !== null) for (const k of map.keys()) out.push(k);
      }
      return typedSlice(out, 'string');
    },
  },
  pick: {
    params: ['map'],
    variadic: 'string',
    call: ([d, ...ks]) => {
      const out = newMap();
      const map = m(d);
      if (map !== null) for (const k of ks) if (map.has(k as string)) out.set(k as string, map.get(k as string) as GoValue);
      return out;
    },
  },
  omit: {
    params: ['map'],
    variadic: 'string',
    call: ([d, ...ks]) => {
      const out = newMap();
      const map = m(d);
      if (map === null) return out;
      const drop = new Set(ks as string[]);
      for (const [k, v] of map) if (!drop.has(k)) out.set(k, v);
      return out;
    },
  },
  merge: { params: ['map'], variadic: 'map', call: (args, ctx) => merge(args, false, ctx) },
  mergeOverwrite: { params: ['map'], variadic: 'map', call: (args, ctx) => merge(args, true, ctx) },
  mustMerge: { params: ['map'], variadic: 'map', call: (args, ctx) => merge(args, false, ctx) },
  mustMergeOverwrite: { params: ['map'], variadic: 'map', call: (args, ctx) => merge(args, true, ctx) },
  // Random order in Go, as for keys.
  values: {
    params: ['map'],
    nondeterministic: true,
    call: ([d]) => {
      const map = m(d);
      return map === null ? [] : [...map.values()];
    },
  },
  deepCopy: { params: ['any'], call: deepCopy },
  mustDeepCopy: { params: ['any'], call: deepCopy },
  dig: { params: [], variadic: 'any', call: dig },
};
