/**
 * Sprig's reflection functions (sprig reflect.go, and `deepEqual`, which is reflect.DeepEqual itself), plus the
 * kind and deep-equality helpers the list, dict and default functions share.
 */
import { FuncTable, GoMap, GoNumber, GoStruct, GoValue, isGoMap, mapTypeName, sliceElemType } from '../goValue';
import { kindName, typeName } from '../fmt/goTypes';

/** reflect.Value.Kind().String() of a value held in an interface{} ("invalid" for nil). */
export const goKind: (v: GoValue) => string = kindName;

/** Whether a value is a Go slice or array (what Sprig's list functions accept). */
export function isGoList(v: GoValue): v is GoValue[] | Uint8Array {
  return Array.isArray(v) || v instanceof Uint8Array;
}

/** The items of a slice as interface{} values (a []byte yields uint8 values). */
export function listItems(v: GoValue[] | Uint8Array): GoValue[] {
  if (Array.isArray(v)) return v;
  const out: GoValue[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = new GoNumber('uint8', BigInt(v[i]));
  return out;
}

function sameType(a: GoValue, b: GoValue): boolean {
  const ka = goKind(a);
  if (ka !== goKind(b)) return false;
  if (ka === 'slice') {
    if (a instanceof Uint8Array || b instanceof Uint8Array) return a instanceof Uint8Array && b instanceof Uint8Array;
    return sliceElemType(a as GoValue[]) === sliceElemType(b as GoValue[]);
  }
  if (a instanceof GoStruct && b instanceof GoStruct) return a.typeName === b.typeName;
  if (ka === 'map') return mapTypeName(a as GoMap) === mapTypeName(b as GoMap);
  return true;
}

/** reflect.DeepEqual on two interface{} values (reflect/deepequal.go). */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a !== 'object' || typeof b !== 'object') {
    // Scalars of different JS types are different Go types; NaN is unequal to itself as in Go.
    return a === b;
  }
  if (!sameType(a, b)) return false;
  if (a === b) return !(a instanceof GoNumber && typeof a.value === 'number' && a.value !== a.value);
  if (a instanceof GoNumber && b instanceof GoNumber) return a.value === b.value;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return a.length === b.length && Buffer.compare(a, b) === 0;
  }
  if (isGoMap(a) && isGoMap(b)) {
    if (a.size !== b.size) return false;
    for (const [k, va] of a) {
      if (!b.has(k)) return false;
      if (!deepEqual(va, b.get(k) as GoValue)) return false;
    }
    return true;
  }
  if (a instanceof GoStruct && b instanceof GoStruct) {
    if (a.fields.size !== b.fields.size) return false;
    for (const [k, va] of a.fields) {
      if (!b.fields.has(k) || !deepEqual(va, b.fields.get(k) as GoValue)) return false;
    }
    return true;
  }
  // Func values: DeepEqual is true only when both are nil.
  return false;
}

/** Sprig's typeOf: fmt's %T (maps marked with typedMap, e.g. split's map[string]string, by their own name). */
export function typeOf(v: GoValue): string {
  return isGoMap(v) ? mapTypeName(v) : typeName(v);
}

export const sprigReflect: FuncTable = {
  // sprig reflect.go
  typeOf: { params: ['any'], call: ([v]) => typeOf(v) },
  typeIs: { params: ['string', 'any'], call: ([t, v]) => t === typeOf(v) },
  typeIsLike: {
    params: ['string', 'any'],
    call: ([t, v]) => {
      const n = typeOf(v);
      return t === n || '*' + (t as string) === n;
    },
  },
  kindOf: { params: ['any'], call: ([v]) => kindName(v) },
  kindIs: { params: ['string', 'any'], call: ([t, v]) => t === kindName(v) },
  // functions.go maps deepEqual to reflect.DeepEqual directly.
  deepEqual: { params: ['any', 'any'], call: ([a, b]) => deepEqual(a, b) },
};
