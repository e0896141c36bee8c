/**
 * The values a Go template works on, as TypeScript values. Every part of the built-in renderer (text/template,
 * fmt, Sprig, Helm's functions, YAML/JSON, values and chart loading) speaks this one model, so that Go's typing
 * rules — which decide output bytes and errors in real charts — hold everywhere:
 *
 *   Go                          here
 *   nil (interface, map, slice) null
 *   bool                        boolean
 *   string                      string (a JS string; Go's byte semantics — len, slicing, trunc — are applied by the
 *                               functions that need them, on the UTF-8 bytes)
 *   float64                     number          (YAML and JSON numbers from values files are float64, as in Helm)
 *   int                         bigint          (template literals `1`, len, atoi, int; always wrapped to 64 bits)
 *   int64, int32, uint8, …      GoNumber        (Sprig's add/sub/… return int64; `int64`; `float32` rarely)
 *   []interface{}               GoValue[]       (arrays; `elemType` below marks typed slices such as []string)
 *   []byte                      Uint8Array
 *   map[string]interface{}      GoMap           (a Map; ranged, printed and marshalled in sorted key order)
 *   struct / *struct            GoStruct        (.Release is a map in Helm, .Chart, .Capabilities, .Files are structs)
 *   func                        GoFuncValue     (only for `call`)
 */

export type GoValue =
  | null
  | boolean
  | string
  | number
  | bigint
  | GoNumber
  | GoValue[]
  | Uint8Array
  | GoMap
  | GoStruct
  | GoFuncValue;

export type GoMap = Map<string, GoValue>;

/** Integer and float kinds other than Go's `int` (bigint) and `float64` (number). */
export type GoNumberKind =
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'float32';

export class GoNumber {
  /** `value` is a bigint for the integer kinds (already wrapped to the kind's width), a number for float32. */
  constructor(
    readonly kind: GoNumberKind,
    readonly value: bigint | number,
  ) {}
}

/** Marks a typed slice ([]string, []int, …) so that typeOf/printf %T/kindOf can tell it from []interface{}. */
export const ELEM_TYPE: unique symbol = Symbol('goElemType');
export type TypedSlice = GoValue[] & { [ELEM_TYPE]?: string };

/** Returns `items` marked as a Go slice of `elemType` (e.g. 'string' for []string). */
export function typedSlice(items: GoValue[], elemType: string): GoValue[] {
  (items as TypedSlice)[ELEM_TYPE] = elemType;
  return items;
}

/** The element type of a slice: 'interface {}' unless it was made typed. */
export function sliceElemType(items: GoValue[]): string {
  return (items as TypedSlice)[ELEM_TYPE] ?? 'interface {}';
}

/** A Go method or func value: receives already-converted arguments. */
export interface GoFuncValue {
  readonly kind: 'func';
  readonly name: string;
  readonly fn: GoFunction;
}

/**
 * A Go struct (or pointer to struct). Field access `.X` looks in `fields`, then `methods` (Go looks at methods
 * first; both are kept in one namespace here since a struct never has both under one name).
 */
export class GoStruct {
  constructor(
    /** Go type name as %T prints it, e.g. '*chart.Metadata', 'chartutil.Capabilities', 'engine.files'. */
    readonly typeName: string,
    readonly fields: Map<string, GoValue>,
    readonly methods: Map<string, GoFunction> = new Map(),
    /**
     * How encoding/json marshals it (json tags, omitempty): the value toJson/toYaml see. Absent: the struct's
     * exported fields by their Go names.
     */
    readonly marshal?: () => GoValue,
    /** Whether it is a pointer (%v prints `&{…}`). */
    readonly pointer = false,
    /** Its String() method, when the Go type is a fmt.Stringer (e.g. semver.Version, time.Time): fmt and the
     * template printer use it. */
    readonly stringer?: () => string,
    /**
     * For a named map or slice type that has methods (Helm's `engine.files` is a map[string][]byte, its
     * `VersionSet` a []string): the map or slice itself. `range`, `index`, `len`, fmt and json see this value;
     * `.Name` finds a method first, then (for a map) the key, as text/template's evalField does. Absent: a struct.
     */
    readonly underlying?: GoValue,
  ) {}
}

/** Parameter and result types of functions, as text/template converts arguments to them. */
export type GoType =
  | 'any' // interface{}: every value; nil allowed
  | 'string'
  | 'bool'
  | 'int'
  | 'int64'
  | 'int32'
  | 'uint32'
  | 'float64'
  | 'slice' // []interface{} (a typed slice is not assignable in Go; see funcs)
  | 'strings' // []string
  | 'map' // map[string]interface{}
  | 'bytes'; // []byte

/**
 * A function the templates can call. `params` are converted as text/template does (untyped constants to the
 * parameter type; other values must already have that type, else "wrong type for value; expected int; got
 * float64"). A thrown GoError becomes "error calling NAME: MESSAGE"; a thrown GoPanic becomes Go's recovered panic.
 */
export interface GoFunction {
  params: readonly GoType[];
  /** Type of the `...` parameter, when the function is variadic. */
  variadic?: GoType;
  call: (args: GoValue[], ctx: CallContext) => GoValue;
  /** Random or time-dependent output (randAlphaNum, uuidv4, now, genCA, …): differential tests mask it. */
  nondeterministic?: boolean;
}

/** What a running function may need from the renderer (budget, template name for messages). */
export interface CallContext {
  /** Charged for work proportional to output size or loop count; throws RenderBudgetError past the budget. */
  charge(units: number): void;
}

/** An error a function returns (Go's `error` result): the executor wraps it as `error calling NAME: ...`. */
export class GoError extends Error {}

/** A Go panic inside a function: text/template reports it as `error calling NAME: <panic value>`. */
export class GoPanic extends Error {}

/** The renderer ran out of its time or output budget (loops, recursion, huge output). */
export class RenderBudgetError extends Error {}

/**
 * The JS stack overflowed while executing templates (deep include/template recursion that Go's growable stacks
 * allow): `renderChart` re-runs the render on a thread with a larger stack.
 */
export class StackDepthError extends RenderBudgetError {}

export function isGoMap(v: GoValue): v is GoMap {
  return v instanceof Map;
}

export function newMap(entries?: Iterable<[string, GoValue]>): GoMap {
  return new Map(entries);
}

/** Go's keys of a map in sorted (byte-wise) order, as range, fmt, json and yaml use them. */
export function sortedKeys(m: GoMap): string[] {
  return [...m.keys()].sort(compareGoStrings);
}

/** Byte-wise comparison of two strings' UTF-8 encodings (Go's string order). */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  // For characters below U+D800 UTF-16 order equals UTF-8 byte order; surrogates need the slow path.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 && y < 0xd800) return x - y;
    return Buffer.compare(Buffer.from(a.slice(i), 'utf8'), Buffer.from(b.slice(i), 'utf8'));
  }
  return a.length - b.length;
}

/** Wraps an integer to Go's int/int64 range. */
export function toInt64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

/** One table of functions, as Sprig and Helm keep them: name → implementation. */
export type FuncTable = Record<string, GoFunction>;

/**
 * Marks a map whose Go type is not map[string]interface{}: Sprig's split/splitn return map[string]string, and Helm's
 * .Values is the named type chartutil.Values (Helm 3) / common.Values (Helm 4). %T, typeOf and Go's type assertions
 * (e.g. Sprig's dig) see this name; it is still passed to map[string]interface{} parameters where Go allows that
 * (a named map type is assignable, a map[string]string is not).
 */
export const MAP_TYPE: unique symbol = Symbol('goMapType');
export type TypedMap = GoMap & { [MAP_TYPE]?: string };

/** Returns `m` marked as having the Go type `goType` (e.g. 'map[string]string', 'common.Values'). */
export function typedMap(m: GoMap, goType: string): GoMap {
  (m as TypedMap)[MAP_TYPE] = goType;
  return m;
}

/** The Go type of a map as %T prints it: 'map[string]interface {}' unless it was marked with typedMap. */
export function mapTypeName(m: GoMap): string {
  return (m as TypedMap)[MAP_TYPE] ?? 'map[string]interface {}';
}

/**
 * The value as reflect's Kind sees it: a named map or slice type with methods (a GoStruct with `underlying`, e.g.
 * Helm's engine.files or chartutil.VersionSet) is its map or slice; every other value is itself. `range`, `len`,
 * `index`, `slice`, truth and fmt use this.
 */
export function underlyingValue<T>(v: T | GoStruct): T | GoValue {
  return v instanceof GoStruct && v.underlying !== undefined ? v.underlying : v;
}

/**
 * A function's argument has the wrong Go type (Sprig's functions taking time.Time, *x509 certificates,
 * *semver.Version reach text/template's validateType in Go): the executor reports it as its own conversion error,
 * "wrong type for value; expected time.Time; got string", without the "error calling NAME:" prefix.
 */
export class GoArgTypeError extends Error {
  constructor(
    message: string,
    /** Which argument (0-based) had the wrong type, when the function knows; else the last one evaluated. */
    readonly argIndex?: number,
  ) {
    super(message);
  }
}

/*
 * Go strings are byte strings; a JS string holds text. A Go string that is not valid UTF-8 (a binary file read
 * with .Files.Get, b64dec of binary data) keeps each invalid byte as a lone low surrogate U+DC80+byte ("surrogate
 * escape"), so that the functions working on bytes (b64enc, sha256sum, …) get back Go's exact bytes.
 */

/** string(b) in Go, as a JS string: valid UTF-8 decoded, each byte Go's decoder rejects kept as U+DC80+byte. */
export function goStringFromBytes(b: Uint8Array): string {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const text = buf.toString('utf8');
  if (text.indexOf('\ufffd') < 0) return text;
  let out = '';
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    // utf8.DecodeRune: the sequence length, the allowed range of the second byte, the rune
    let len = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    }
    let ok = len > 0 && i + len <= n && b[i + 1] >= lo && b[i + 1] <= hi;
    for (let k = 2; ok && k < len; k++) ok = b[i + k] >= 0x80 && b[i + k] <= 0xbf;
    if (!ok) {
      out += String.fromCharCode(0xdc80 + c - 0x80);
      i++;
      continue;
    }
    out += buf.toString('utf8', i, i + len);
    i += len;
  }
  return out;
}

/** []byte(s) in Go: the UTF-8 bytes of `s`, with surrogate-escaped bytes (see goStringFromBytes) restored. */
export function goStringBytes(s: string): Buffer {
  let escaped = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff && !(i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff)) {
      escaped = true;
      break;
    }
  }
  if (!escaped) return Buffer.from(s, 'utf8');
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff && !(i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff)) {
      if (i > start) parts.push(Buffer.from(s.slice(start, i), 'utf8'));
      parts.push(Buffer.from([c - 0xdc80 + 0x80]));
      start = i + 1;
    }
  }
  if (start < s.length) parts.push(Buffer.from(s.slice(start), 'utf8'));
  return Buffer.concat(parts);
}
