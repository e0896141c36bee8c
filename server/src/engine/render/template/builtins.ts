/**
 * text/template's predefined functions (funcs.go: and, or, not, len, index, slice, call, print, printf, println,
 * html, js, urlquery, eq, ne, lt, le, gt, ge) and the reflect-like helpers the executor shares with them
 * (truth, Go type names, comparison kinds).
 *
 * Values inside the executor are `ExecVal`: a GoValue, or `undefined` for Go's invalid reflect.Value (a missing
 * value). A GoValue `null` is a nil inside an interface (a YAML null, a missing key under missingkey=zero).
 */
import { sprint, sprintf, sprintln } from '../fmt/goFmt';
import { typeName } from '../fmt/goTypes';
import { GoError, GoFuncValue, GoNumber, GoPanic, GoStruct, GoType, GoValue, sliceElemType, typedSlice, underlyingValue, goStringBytes } from '../goValue';

export type ExecVal = GoValue | undefined;

/** A parameter type: a GoType, or 'value' for builtins that take reflect.Value (no conversion at all). */
export type FnParam = GoType | 'value';

export interface Builtin {
  readonly builtin: true;
  readonly params: readonly FnParam[];
  readonly variadic?: FnParam;
  call(args: ExecVal[], env: BuiltinEnv): ExecVal;
}

export interface BuiltinEnv {
  /** Go minor version whose messages to reproduce (23, 25, 26, …). */
  goMinor: number;
  /** For `call`: the source text of the callee argument. */
  callee(): string;
}

/** Go's name of a parameter type, as reflect prints it. */
export function paramTypeName(t: FnParam): string {
  switch (t) {
    case 'any':
      return 'interface {}';
    case 'value':
      return 'reflect.Value';
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

function isFuncValue(v: GoValue): v is GoFuncValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof GoStruct) && !(v instanceof GoNumber) && !(v instanceof Uint8Array) && (v as GoFuncValue).kind === 'func';
}

/**
 * The dynamic Go type of a value in the executor's messages: fmt's %T name (goTypes.ts, the one implementation), except
 * that a nil is `interface {}` and a func is just `func` there.
 */
export function goTypeName(v: GoValue): string {
  if (v === null) return 'interface {}';
  if (isFuncValue(v)) return 'func';
  return typeName(v);
}

/** exec.go isTrue (after indirectInterface): the truth of a value. */
export function isTrue(v: ExecVal): boolean {
  if (v === undefined || v === null) return false;
  if (v instanceof GoStruct && v.underlying !== undefined) v = v.underlying;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
  }
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (v instanceof Uint8Array) return v.length > 0;
  if (v instanceof GoNumber) return typeof v.value === 'number' ? v.value !== 0 : v.value !== 0n;
  return true; // structs, funcs
}

export function isFunc(v: ExecVal): v is GoFuncValue {
  return v !== undefined && v !== null && isFuncValue(v);
}

// ---- comparison (funcs.go basicKind, eq, lt) ----

const enum K {
  Invalid,
  Bool,
  Complex,
  Int,
  Float,
  String,
  Uint,
}

function basicKind(v: ExecVal): K {
  if (v === undefined || v === null) return K.Invalid;
  switch (typeof v) {
    case 'boolean':
      return K.Bool;
    case 'bigint':
      return K.Int;
    case 'number':
      return K.Float;
    case 'string':
      return K.String;
  }
  if (v instanceof GoNumber) {
    if (v.kind === 'float32') return K.Float;
    return v.kind[0] === 'u' ? K.Uint : K.Int;
  }
  return K.Invalid;
}

function intOf(v: ExecVal): bigint {
  if (typeof v === 'bigint') return v;
  if (v instanceof GoNumber) return typeof v.value === 'bigint' ? v.value : BigInt(Math.trunc(v.value));
  return 0n;
}
function floatOf(v: ExecVal): number {
  if (typeof v === 'number') return v;
  if (v instanceof GoNumber) return Number(v.value);
  return 0;
}

/** reflect Kind of a value, for "can compare" (same kind or one invalid). */
function kindOf(v: ExecVal): string {
  if (v === undefined || v === null) return 'invalid';
  if (Array.isArray(v)) return 'slice';
  if (v instanceof Map) return 'map';
  if (v instanceof Uint8Array) return 'slice';
  if (v instanceof GoStruct) return v.pointer ? 'ptr' : 'struct';
  if (isFuncValue(v)) return 'func';
  return typeof v;
}

function ind(v: ExecVal): ExecVal {
  return v === null ? undefined : v;
}

function badComparison(a: ExecVal, b: ExecVal, env: BuiltinEnv): GoError {
  if (env.goMinor >= 24) {
    return new GoError(`incompatible types for comparison: ${goTypeName(a as GoValue)} and ${goTypeName(b as GoValue)}`);
  }
  return new GoError('incompatible types for comparison');
}

function eq(args: ExecVal[], env: BuiltinEnv): boolean {
  const a1 = ind(args[0]);
  if (args.length < 2) throw new GoError('missing argument for comparison');
  const k1 = basicKind(a1);
  for (let i = 1; i < args.length; i++) {
    const a = ind(args[i]);
    const k2 = basicKind(a);
    let truth = false;
    if (k1 !== k2) {
      if (k1 === K.Int && k2 === K.Uint) truth = intOf(a1) >= 0n && intOf(a1) === intOf(a);
      else if (k1 === K.Uint && k2 === K.Int) truth = intOf(a) >= 0n && intOf(a1) === intOf(a);
      else if (a1 !== undefined && a !== undefined) throw badComparison(a1, a, env);
    } else {
      switch (k1) {
        case K.Bool:
        case K.String:
          truth = a1 === a;
          break;
        case K.Float:
          truth = floatOf(a1) === floatOf(a);
          break;
        case K.Int:
        case K.Uint:
          truth = intOf(a1) === intOf(a);
          break;
        default: {
          const kk1 = kindOf(a1);
          const kk2 = kindOf(a);
          if (kk1 !== kk2 && kk1 !== 'invalid' && kk2 !== 'invalid') {
            throw new GoError(
              `non-comparable types ${sprintf('%s', [a1 as GoValue])}: ${goTypeName(a1 as GoValue)}, ${goTypeName(a as GoValue)}: ${sprint([a as GoValue])}`,
            );
          }
          if (a1 === undefined || a === undefined) truth = (a1 === undefined) === (a === undefined);
          else {
            if (kk2 === 'slice' || kk2 === 'map' || kk2 === 'func') {
              throw new GoError(`non-comparable type ${sprintf('%s', [a])}: ${goTypeName(a)}`);
            }
            truth = a1 === a;
          }
        }
      }
    }
    if (truth) return true;
  }
  return false;
}

function lt(args: ExecVal[], env: BuiltinEnv): boolean {
  const a1 = ind(args[0]);
  const k1 = basicKind(a1);
  if (k1 === K.Invalid) throw new GoError('invalid type for comparison');
  const a2 = ind(args[1]);
  const k2 = basicKind(a2);
  if (k2 === K.Invalid) throw new GoError('invalid type for comparison');
  if (k1 !== k2) {
    if (k1 === K.Int && k2 === K.Uint) return intOf(a1) < 0n || intOf(a1) < intOf(a2);
    if (k1 === K.Uint && k2 === K.Int) return intOf(a2) >= 0n && intOf(a1) < intOf(a2);
    throw badComparison(a1, a2, env);
  }
  switch (k1) {
    case K.Bool:
    case K.Complex:
      throw new GoError('invalid type for comparison');
    case K.Float:
      return floatOf(a1) < floatOf(a2);
    case K.Int:
    case K.Uint:
      return intOf(a1) < intOf(a2);
    case K.String:
      return compareBytes(a1 as string, a2 as string) < 0;
  }
  return false;
}

function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

// ---- index / slice / len (funcs.go) ----

function indexArg(index: ExecVal, cap: number): number {
  let x: bigint;
  const k = basicKind(index);
  if (k === K.Int || k === K.Uint) x = intOf(index);
  else if (index === undefined || index === null) throw new GoError('cannot index slice/array with nil');
  else throw new GoError(`cannot index slice/array with type ${goTypeName(index)}`);
  if (x < 0n || x > BigInt(cap)) throw new GoError(`index out of range: ${x}`);
  return Number(x);
}

function utf8(s: string): Buffer {
  return goStringBytes(s);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

function index(args: ExecVal[]): ExecVal {
  let item: ExecVal = ind(underlyingValue(args[0]));
  if (item === undefined) throw new GoError('index of untyped nil');
  for (let i = 1; i < args.length; i++) {
    const idx = ind(args[i]);
    if (item === null || item === undefined) throw new GoError('index of nil pointer');
    if (typeof item === 'string') {
      const n: number = isAscii(item) ? item.length : utf8(item).length;
      const x = indexArg(idx, n);
      if (x === n) throw new GoPanic('reflect: string index out of range');
      item = new GoNumber('uint8', BigInt(isAscii(item) ? item.charCodeAt(x) : utf8(item)[x]));
    } else if (Array.isArray(item)) {
      const x = indexArg(idx, item.length);
      if (x === item.length) throw new GoPanic('reflect: slice index out of range');
      item = item[x];
    } else if (item instanceof Uint8Array) {
      const x = indexArg(idx, item.length);
      if (x === item.length) throw new GoPanic('reflect: slice index out of range');
      item = new GoNumber('uint8', BigInt(item[x]));
    } else if (item instanceof Map) {
      if (idx === undefined) throw new GoError('value is nil; should be of type string');
      if (typeof idx !== 'string') throw new GoError(`value has type ${goTypeName(idx)}; should be string`);
      const v = item.get(idx);
      item = v === undefined ? null : v;
    } else {
      throw new GoError(`can't index item of type ${goTypeName(item)}`);
    }
  }
  return item;
}

function slice(args: ExecVal[]): ExecVal {
  const item = ind(underlyingValue(args[0]));
  if (item === undefined) throw new GoError('slice of untyped nil');
  const nIdx = args.length - 1;
  if (nIdx > 3) throw new GoError(`too many slice indexes: ${nIdx}`);
  let len: number;
  let bytes: Buffer | null = null;
  if (typeof item === 'string') {
    if (nIdx === 3) throw new GoError('cannot 3-index slice a string');
    bytes = utf8(item);
    len = bytes.length;
  } else if (Array.isArray(item) || item instanceof Uint8Array) {
    len = item.length;
  } else {
    throw new GoError(`can't slice item of type ${goTypeName(item as GoValue)}`);
  }
  const idx = [0, len, len];
  for (let i = 0; i < nIdx; i++) idx[i] = indexArg(ind(args[i + 1]), len);
  if (idx[0] > idx[1]) throw new GoError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (nIdx === 3 && idx[1] > idx[2]) throw new GoError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (bytes !== null) return bytes.subarray(idx[0], idx[1]).toString('utf8');
  if (item instanceof Uint8Array) return item.slice(idx[0], idx[1]);
  const arr = item as GoValue[];
  const out = arr.slice(idx[0], idx[1]);
  const et = sliceElemType(arr);
  return et === 'interface {}' ? out : typedSlice(out, et);
}

function lenFn(args: ExecVal[]): ExecVal {
  const item = underlyingValue(args[0]);
  if (item === null) throw new GoError('len of nil pointer');
  if (item === undefined) throw new GoPanic('reflect: call of reflect.Value.Type on zero Value');
  if (typeof item === 'string') return BigInt(isAscii(item) ? item.length : utf8(item).length);
  if (Array.isArray(item) || item instanceof Uint8Array) return BigInt(item.length);
  if (item instanceof Map) return BigInt(item.size);
  throw new GoError(`len of type ${goTypeName(item)}`);
}

// ---- escapers (template/funcs.go HTMLEscapeString, JSEscapeString, url.QueryEscape) ----

function evalArgs(args: ExecVal[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === undefined ? null : a)));
}

export function htmlEscape(s: string): string {
  if (!/[\0"'&<>]/.test(s)) return s;
  let out = '';
  for (const ch of s) {
    switch (ch) {
      case '\0': out += '\uFFFD'; break;
      case '"': out += '&#34;'; break;
      case "'": out += '&#39;'; break;
      case '&': out += '&amp;'; break;
      case '<': out += '&lt;'; break;
      case '>': out += '&gt;'; break;
      default: out += ch;
    }
  }
  return out;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '\\': out += '\\\\'; continue;
      case "'": out += "\\'"; continue;
      case '"': out += '\\"'; continue;
      case '<': out += '\\u003C'; continue;
      case '>': out += '\\u003E'; continue;
      case '&': out += '\\u0026'; continue;
      case '=': out += '\\u003D'; continue;
    }
    if (c < 0x20) out += '\\u00' + c.toString(16).toUpperCase().padStart(2, '0');
    else if (c < 0x80 || PRINTABLE.test(ch)) out += ch;
    else out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

export function queryEscape(s: string): string {
  const b = utf8(s);
  let out = '';
  for (const c of b) {
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x5f || c === 0x2e || c === 0x7e) {
      out += String.fromCharCode(c);
    } else if (c === 0x20) out += '+';
    else out += '%' + c.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function toIface(args: ExecVal[]): GoValue[] {
  const out = new Array<GoValue>(args.length);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    out[i] = a === undefined ? null : a;
  }
  return out;
}

function callFn(args: ExecVal[], env: BuiltinEnv): ExecVal {
  const name = env.callee();
  const fn = ind(args[0]);
  if (fn === undefined) throw new GoError('call of nil');
  if (!isFunc(fn)) throw new GoError(`non-function ${name} of type ${goTypeName(fn)}`);
  const f = fn.fn;
  const n = args.length - 1;
  if (f.variadic !== undefined) {
    if (n < f.params.length) throw new GoError(`wrong number of args for ${name}: got ${n} want at least ${f.params.length}`);
  } else if (n !== f.params.length) {
    throw new GoError(`wrong number of args for ${name}: got ${n} want ${f.params.length}`);
  }
  const argv: GoValue[] = [];
  for (let i = 1; i < args.length; i++) {
    const t: FnParam = i - 1 < f.params.length ? f.params[i - 1] : (f.variadic as FnParam);
    argv.push(prepareArg(ind(args[i]), t, i - 1));
  }
  return f.call(argv, { charge: () => undefined });
}

const INT_PARAMS: ReadonlySet<string> = new Set(['int', 'int64', 'int32', 'uint32']);

/** funcs.go prepareArg, for `call`: nil only for nillable types; integer kinds convert to each other. */
function prepareArg(v: ExecVal, t: FnParam, i: number): GoValue {
  const want = paramTypeName(t);
  if (v === undefined || v === null) {
    if (t === 'any' || t === 'value') return null;
    if (t === 'slice' || t === 'map' || t === 'bytes' || t === 'strings') return null;
    throw new GoError(`arg ${i}: value is nil; should be of type ${want}`);
  }
  if (t === 'any' || t === 'value') return v;
  const got = goTypeName(v);
  if (got === want || (t === 'map' && v instanceof Map)) return v;
  const k = basicKind(v);
  if ((k === K.Int || k === K.Uint) && INT_PARAMS.has(t)) {
    const x = intOf(v);
    if (t === 'int') return BigInt.asIntN(64, x);
    if (t === 'int64') return new GoNumber('int64', BigInt.asIntN(64, x));
    if (t === 'int32') return new GoNumber('int32', BigInt.asIntN(32, x));
    return new GoNumber('uint32', BigInt.asUintN(32, x));
  }
  throw new GoError(`arg ${i}: value has type ${got}; should be ${want}`);
}

const b = (params: readonly FnParam[], variadic: FnParam | undefined, call: (args: ExecVal[], env: BuiltinEnv) => ExecVal): Builtin => ({
  builtin: true,
  params,
  variadic,
  call,
});

/** funcs.go builtins(): name → implementation. `and`/`or` are evaluated lazily by the executor. */
export const BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ['and', b(['value'], 'value', (a) => a[a.length - 1])],
  ['or', b(['value'], 'value', (a) => a[a.length - 1])],
  ['call', b(['value'], 'value', callFn)],
  ['html', b([], 'any', (a) => htmlEscape(evalArgs(a)))],
  ['index', b(['value'], 'value', index)],
  ['slice', b(['value'], 'value', slice)],
  ['js', b([], 'any', (a) => jsEscape(evalArgs(a)))],
  ['len', b(['value'], undefined, lenFn)],
  ['not', b(['value'], undefined, (a) => !isTrue(a[0]))],
  ['print', b([], 'any', (a) => sprint(toIface(a)))],
  ['printf', b(['string'], 'any', (a) => sprintf(a[0] as string, toIface(a.slice(1))))],
  ['println', b([], 'any', (a) => sprintln(toIface(a)))],
  ['urlquery', b([], 'any', (a) => queryEscape(evalArgs(a)))],
  ['eq', b(['value'], 'value', eq)],
  ['ge', b(['value', 'value'], undefined, (a, e) => !lt(a, e))],
  ['gt', b(['value', 'value'], undefined, (a, e) => !(lt(a, e) || eq(a, e)))],
  ['le', b(['value', 'value'], undefined, (a, e) => lt(a, e) || eq(a, e))],
  ['lt', b(['value', 'value'], undefined, lt)],
  ['ne', b(['value', 'value'], undefined, (a, e) => !eq(a, e))],
]);
