/**
 * Go type names of GoValues: what `%T` prints (reflect.Type.String) and reflect.Kind's name, for fmt and for
 * Sprig's typeOf / kindOf / typeIs / kindIs.
 */
import { GoNumber, GoStruct, GoType, GoValue, sliceElemType } from '../goValue';

/** The Go name of a function parameter type as reflect prints it. */
function paramTypeName(t: GoType): string {
  switch (t) {
    case 'any':
      return 'interface {}';
    case 'slice':
      return '[]interface {}';
    case 'strings':
      return '[]string';
    case 'map':
      return 'map[string]interface {}';
    case 'bytes':
      return '[]uint8';
    default:
      return t;
  }
}

/** reflect.Type.String() of the dynamic type of v, as `%T` prints it; `<nil>` for nil. */
export function typeName(v: GoValue): string {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
  }
  if (v === null) return '<nil>';
  if (v instanceof GoNumber) return v.kind;
  if (Array.isArray(v)) return '[]' + sliceElemType(v);
  if (v instanceof Uint8Array) return '[]uint8';
  if (v instanceof Map) return 'map[string]interface {}';
  if (v instanceof GoStruct) return v.typeName;
  // A func value: its signature as far as the parameter list tells it (results are not modelled).
  const fn = v.fn;
  const params = fn.params.map(paramTypeName);
  if (fn.variadic) params.push('...' + paramTypeName(fn.variadic));
  return 'func(' + params.join(', ') + ') interface {}';
}

/** reflect.Kind.String() of v: `string`, `int`, `float64`, `slice`, `map`, `struct`, `ptr`, `func`, `invalid` for nil. */
export function kindName(v: GoValue): string {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
  }
  if (v === null) return 'invalid';
  if (v instanceof GoNumber) return v.kind;
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
  if (v instanceof Map) return 'map';
  if (v instanceof GoStruct) return v.underlying !== undefined ? kindName(v.underlying) : v.pointer ? 'ptr' : 'struct';
  return 'func';
}
