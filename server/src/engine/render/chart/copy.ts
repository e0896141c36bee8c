/** Deep copies of values (Helm copies values with mitchellh/copystructure before coalescing and merging). */
import { GoMap, GoValue, sliceElemType, typedSlice } from '../goValue';

/** copystructure.Copy: maps and slices copied deeply, everything else shared (immutable here). */
export function deepCopy(v: GoValue): GoValue {
  if (v instanceof Map) {
    const m: GoMap = new Map();
    for (const [k, x] of v) m.set(k, deepCopy(x));
    return m;
  }
  if (Array.isArray(v)) {
    const a = v.map(deepCopy);
    const et = sliceElemType(v);
    return et === 'interface {}' ? a : typedSlice(a, et);
  }
  return v;
}

export function deepCopyMap(m: GoMap): GoMap {
  return deepCopy(m) as GoMap;
}
