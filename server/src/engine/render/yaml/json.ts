/**
 * encoding/json as Helm and Sprig use it: `json.Marshal` / `json.MarshalIndent` / an Encoder with SetEscapeHTML(false)
 * over the Go value model, and `json.Unmarshal` into interface{}, map[string]interface{} or []interface{} with
 * encoding/json's own error texts.
 *
 * Mirrors Go's src/encoding/json/encode.go (value encoders, string escaping, float format), indent.go, scanner.go
 * (syntax errors) and decode.go (type errors). Go's strconv shortest float formatting is derived from JavaScript's
 * shortest round-trip digits (both produce the shortest digit string that reads back to the same float).
 */
import { GoError, GoNumber, GoStruct, GoValue, sortedKeys } from '../goValue';

// ---------------------------------------------------------------------------------------------------------------
// strconv: shortest float digits and Go's 'e' / 'f' / 'g' layouts (strconv/ftoa.go: %e, %f, %g with precision -1)
// ---------------------------------------------------------------------------------------------------------------

/** Shortest decimal digits of |f| (no leading zeros) and the position of the decimal point. */
function shortestDigits(abs: number, bits: 32 | 64): { d: string; dp: number } {
  if (abs === 0) return { d: '', dp: 0 };
  let s: string | undefined;
  if (bits === 64) {
    s = abs.toExponential();
  } else {
    const target = Math.fround(abs);
    for (let p = 1; p <= 9; p++) {
      const c = target.toExponential(p - 1);
      if (Math.fround(Number(c)) === target) {
        s = c;
        break;
      }
    }
    if (s === undefined) s = target.toExponential(8);
  }
  const e = s.indexOf('e');
  let mant = s.slice(0, e).replace('.', '');
  // toExponential(p) may keep trailing zeros (float32 path): Go's shortest digits never end in 0.
  let end = mant.length;
  while (end > 1 && mant.charCodeAt(end - 1) === 48) end--;
  mant = mant.slice(0, end);
  return { d: mant, dp: Number(s.slice(e + 1)) + 1 };
}

function fmtE(neg: boolean, d: string, dp: number): string {
  let out = neg ? '-' : '';
  out += d.length > 0 ? d[0] : '0';
  if (d.length > 1) out += '.' + d.slice(1);
  let exp = d.length === 0 ? 0 : dp - 1;
  let sign = '+';
  if (exp < 0) {
    sign = '-';
    exp = -exp;
  }
  return out + 'e' + sign + (exp < 10 ? '0' + exp : String(exp));
}

function fmtF(neg: boolean, d: string, dp: number): string {
  let out = neg ? '-' : '';
  if (dp > 0) {
    out += d.length >= dp ? d.slice(0, dp) : d + '0'.repeat(dp - d.length);
  } else {
    out += '0';
  }
  const prec = Math.max(d.length - dp, 0);
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) {
      const j = dp + i - 1;
      out += j >= 0 && j < d.length ? d[j] : '0';
    }
  }
  return out;
}

/** strconv.FormatFloat(f, fmt, -1, bits) for fmt 'e', 'f' or 'g' (Inf → "+Inf"/"-Inf", NaN → "NaN"). */
export function formatFloat(f: number, fmt: 'e' | 'f' | 'g', bits: 32 | 64 = 64): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const neg = f < 0 || Object.is(f, -0);
  const { d, dp } = shortestDigits(Math.abs(f), bits);
  if (fmt === 'e') return fmtE(neg, d, dp);
  if (fmt === 'f') return fmtF(neg, d, dp);
  // %g with the shortest digits decides by exponent against precision 6 (strconv/ftoa.go: formatDigits).
  const exp = dp - 1;
  if (d.length > 0 && (exp < -4 || exp >= 6)) return fmtE(neg, d, dp);
  return fmtF(neg, d, dp);
}

/** encoding/json's float text: 'f' unless the magnitude is below 1e-6 or at least 1e21, then 'e' as "1e-7". */
export function jsonFloat(f: number, bits: 32 | 64 = 64): string {
  if (!Number.isFinite(f)) throw new GoError('json: unsupported value: ' + formatFloat(f, 'g', bits));
  const abs = Math.abs(f);
  let useE = false;
  if (abs !== 0) {
    const a = bits === 32 ? Math.fround(abs) : abs;
    useE = a < 1e-6 || a >= 1e21;
  }
  if (!useE) return formatFloat(f, 'f', bits);
  const s = formatFloat(f, 'e', bits);
  // encode.go: floatEncoder trims "e-09" to "e-9".
  const n = s.length;
  if (n >= 4 && s[n - 4] === 'e' && s[n - 3] === '-' && s[n - 2] === '0') return s.slice(0, n - 2) + s[n - 1];
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// Marshal (encode.go)
// ---------------------------------------------------------------------------------------------------------------

export interface MarshalJsonOptions {
  /** json.MarshalIndent's indent (per level). */
  indent?: string;
  /** json.MarshalIndent's prefix (starts every line after the first). */
  prefix?: string;
  /** Default true, as json.Marshal; false as an Encoder after SetEscapeHTML(false). */
  escapeHTML?: boolean;
}

const HEX = '0123456789abcdef';
const MAX_DEPTH = 10000;

/** encode.go: appendString — quotes a Go string (invalid UTF-16 surrogates become U+FFFD, as invalid UTF-8 in Go). */
export function quoteJsonString(s: string, escapeHTML = true): string {
  let out = '"';
  let start = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && c <= 0x7f && !(escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26))) continue;
    if (c >= 0x80 && c !== 0x2028 && c !== 0x2029 && (c < 0xd800 || c > 0xdfff)) continue;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const c2 = s.charCodeAt(i + 1);
      if (c2 >= 0xdc00 && c2 <= 0xdfff) {
        i++;
        continue;
      }
    }
    out += s.slice(start, i);
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x08:
        out += '\\b';
        break;
      case 0x0c:
        out += '\\f';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x2028:
        out += '\\u2028';
        break;
      case 0x2029:
        out += '\\u2029';
        break;
      default:
        if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
        else out += '\\u00' + HEX[c >> 4] + HEX[c & 15];
    }
    start = i + 1;
  }
  return out + s.slice(start) + '"';
}

/** The value encoding/json sees for a struct: its json marshalling, else its exported fields in order. */
export function structJsonValue(s: GoStruct): GoValue {
  if (s.marshal) return s.marshal();
  if (s.underlying !== undefined) return s.underlying;
  const m = new Map<string, GoValue>();
  for (const [k, v] of s.fields) {
    const c = k.charCodeAt(0);
    if (c >= 65 && c <= 90) m.set(k, v);
  }
  return m;
}

function base64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/** encode.go: past this nesting the encoder starts looking for cycles (startDetectingCyclesAfter). */
const CYCLE_CHECK_DEPTH = 1000;

/** encode.go: the error for a map or slice that contains itself. */
export function cycleError(v: GoValue[] | Map<string, GoValue>): GoError {
  return new GoError(`json: unsupported value: encountered a cycle via ${Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}'}`);
}

/** A RangeError from a too deep recursion, as a GoError with `message`; other errors pass through. */
export function depthError(e: unknown, message: string): unknown {
  return e instanceof RangeError ? new GoError(message) : e;
}

class JsonWriter {
  out = '';
  private readonly path = new Set<object>();
  constructor(
    readonly escapeHTML: boolean,
    readonly indent: string | undefined,
    readonly prefix: string,
  ) {}

  private newline(depth: number): void {
    this.out += '\n' + this.prefix;
    for (let i = 0; i < depth; i++) this.out += this.indent;
  }

  write(v: GoValue, depth: number): void {
    if ((Array.isArray(v) || v instanceof Map) && depth > CYCLE_CHECK_DEPTH) {
      if (this.path.has(v)) throw cycleError(v);
      this.path.add(v);
      this.writeValue(v, depth);
      this.path.delete(v);
      return;
    }
    this.writeValue(v, depth);
  }

  private writeValue(v: GoValue, depth: number): void {
    if (v === null) {
      this.out += 'null';
    } else if (typeof v === 'string') {
      this.out += quoteJsonString(v, this.escapeHTML);
    } else if (typeof v === 'boolean') {
      this.out += v ? 'true' : 'false';
    } else if (typeof v === 'number') {
      this.out += jsonFloat(v, 64);
    } else if (typeof v === 'bigint') {
      this.out += v.toString();
    } else if (v instanceof GoNumber) {
      this.out += typeof v.value === 'number' ? jsonFloat(v.value, 32) : v.value.toString();
    } else if (v instanceof Uint8Array) {
      this.out += '"' + base64(v) + '"';
    } else if (Array.isArray(v)) {
      if (v.length === 0) {
        this.out += '[]';
        return;
      }
      this.out += '[';
      for (let i = 0; i < v.length; i++) {
        if (i > 0) this.out += ',';
        if (this.indent !== undefined) this.newline(depth + 1);
        this.write(v[i], depth + 1);
      }
      if (this.indent !== undefined) this.newline(depth);
      this.out += ']';
    } else if (v instanceof Map) {
      if (v.size === 0) {
        this.out += '{}';
        return;
      }
      this.out += '{';
      let first = true;
      for (const k of sortedKeys(v)) {
        if (!first) this.out += ',';
        first = false;
        if (this.indent !== undefined) this.newline(depth + 1);
        this.out += quoteJsonString(k, this.escapeHTML);
        this.out += this.indent !== undefined ? ': ' : ':';
        this.write(v.get(k) ?? null, depth + 1);
      }
      if (this.indent !== undefined) this.newline(depth);
      this.out += '}';
    } else if (v instanceof GoStruct) {
      const inner = structJsonValue(v);
      if (inner instanceof Map) {
        // A struct's own fields keep their declaration order (encode.go: structEncoder), unlike map keys.
        if (inner.size === 0) {
          this.out += '{}';
          return;
        }
        this.out += '{';
        let first = true;
        for (const [k, fv] of inner) {
          if (!first) this.out += ',';
          first = false;
          if (this.indent !== undefined) this.newline(depth + 1);
          this.out += quoteJsonString(k, this.escapeHTML) + (this.indent !== undefined ? ': ' : ':');
          this.write(fv, depth + 1);
        }
        if (this.indent !== undefined) this.newline(depth);
        this.out += '}';
      } else {
        this.write(inner, depth);
      }
    } else {
      throw new GoError('json: unsupported type: func()');
    }
  }
}

/** encoding/json.Marshal (MarshalIndent when `indent` is set; SetEscapeHTML(false) when escapeHTML is false). */
export function marshalJson(v: GoValue, opts?: MarshalJsonOptions): string {
  const w = new JsonWriter(opts?.escapeHTML ?? true, opts?.indent, opts?.prefix ?? '');
  try {
    w.write(v, 0);
  } catch (e) {
    throw depthError(e, 'json: unsupported value: nested too deeply');
  }
  return w.out;
}

// ---------------------------------------------------------------------------------------------------------------
// Unmarshal (scanner.go for syntax errors, decode.go for values and type errors)
// ---------------------------------------------------------------------------------------------------------------

/** scanner.go: quoteChar — how the offending byte appears in a syntax error (a non-ASCII byte as its Latin-1 rune). */
function quoteChar(text: string, i: number): string {
  let cp = text.codePointAt(i) ?? 0;
  // Go's scanner sees bytes: report the first byte of the UTF-8 encoding.
  if (cp >= 0x80) cp = cp >= 0xd800 && cp <= 0xdfff && cp < 0x10000 ? 0xef : Buffer.from(String.fromCodePoint(cp), 'utf8')[0];
  if (cp === 0x27) return "'\\''";
  if (cp === 0x22) return '\'"\'';
  return "'" + goQuoteRune(cp) + "'";
}

/** strconv.Quote of one rune, without the surrounding quotes. */
function goQuoteRune(cp: number): string {
  switch (cp) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
    case 0x5c:
      return '\\\\';
  }
  if (cp < 0x20 || cp === 0x7f) return '\\x' + HEX[cp >> 4] + HEX[cp & 15];
  if (cp >= 0x80 && cp < 0xa0) return '\\u00' + HEX[cp >> 4] + HEX[cp & 15];
  if (cp === 0xad || cp === 0xfeff || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x200b && cp <= 0x200f)) {
    return '\\u' + cp.toString(16).padStart(4, '0');
  }
  return String.fromCodePoint(cp);
}

class JsonSyntaxError extends GoError {}

class JsonReader {
  i = 0;
  /** The first type error, reported after the whole value is decoded (decode.go: saveError). */
  constructor(readonly s: string) {}

  fail(what: string): never {
    if (this.i >= this.s.length) throw new JsonSyntaxError('unexpected end of JSON input');
    throw new JsonSyntaxError('invalid character ' + quoteChar(this.s, this.i) + ' ' + what);
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else break;
    }
  }

  value(depth: number): GoValue {
    this.ws();
    const s = this.s;
    if (this.i >= s.length) this.fail('looking for beginning of value');
    const c = s.charCodeAt(this.i);
    switch (c) {
      case 0x7b: // {
        return this.object(depth);
      case 0x5b: // [
        return this.array(depth);
      case 0x22:
        return this.string();
      case 0x74:
        this.literal('true');
        return true;
      case 0x66:
        this.literal('false');
        return false;
      case 0x6e:
        this.literal('null');
        return null;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    return this.fail('looking for beginning of value');
  }

  literal(word: string): void {
    for (let k = 1; k < word.length; k++) {
      this.i++;
      if (this.s[this.i] !== word[k]) this.fail(`in literal ${word} (expecting '${word[k]}')`);
    }
    this.i++;
  }

  number(): number | null {
    const s = this.s;
    const start = this.i;
    if (s.charCodeAt(this.i) === 0x2d) {
      this.i++;
      const d = s.charCodeAt(this.i);
      if (!(d >= 0x30 && d <= 0x39)) this.fail('in numeric literal');
    }
    if (s.charCodeAt(this.i) === 0x30) {
      this.i++;
    } else {
      while (isDigit(s.charCodeAt(this.i))) this.i++;
    }
    if (s.charCodeAt(this.i) === 0x2e) {
      this.i++;
      if (!isDigit(s.charCodeAt(this.i))) this.fail('after decimal point in numeric literal');
      while (isDigit(s.charCodeAt(this.i))) this.i++;
    }
    const e = s.charCodeAt(this.i);
    if (e === 0x65 || e === 0x45) {
      this.i++;
      const sg = s.charCodeAt(this.i);
      if (sg === 0x2b || sg === 0x2d) this.i++;
      if (!isDigit(s.charCodeAt(this.i))) this.fail('in exponent of numeric literal');
      while (isDigit(s.charCodeAt(this.i))) this.i++;
    }
    const text = s.slice(start, this.i);
    const f = Number(text);
    if (!Number.isFinite(f)) {
      // decode.go: the error is saved and the interface{} stays nil.
      this.typeError ??= `json: cannot unmarshal number ${text} into Go value of type float64`;
      return null;
    }
    return f;
  }

  typeError: string | undefined;

  string(): string {
    const s = this.s;
    this.i++; // opening quote
    let out = '';
    let start = this.i;
    for (;;) {
      if (this.i >= s.length) this.fail('in string literal');
      const c = s.charCodeAt(this.i);
      if (c === 0x22) {
        out += s.slice(start, this.i);
        this.i++;
        return out;
      }
      if (c < 0x20) this.fail('in string literal');
      if (c >= 0xd800 && c <= 0xdfff) {
        // A lone surrogate is invalid UTF-8 in Go: decoded as U+FFFD.
        const pair = c <= 0xdbff && this.i + 1 < s.length && isLow(s.charCodeAt(this.i + 1));
        if (pair) {
          this.i += 2;
          continue;
        }
        out += s.slice(start, this.i) + '\ufffd';
        this.i++;
        start = this.i;
        continue;
      }
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += s.slice(start, this.i);
      this.i++;
      if (this.i >= s.length) this.fail('in string escape code');
      const e = s[this.i];
      this.i++;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          let r = this.hex4();
          if (r >= 0xd800 && r <= 0xdbff) {
            // decode.go: unquoteBytes combines a following \uDC00-\uDFFF escape, else U+FFFD.
            if (s[this.i] === '\\' && s[this.i + 1] === 'u') {
              const save = this.i;
              this.i += 2;
              const r2 = this.hex4();
              if (r2 >= 0xdc00 && r2 <= 0xdfff) {
                out += String.fromCharCode(r, r2);
                break;
              }
              this.i = save;
            }
            r = 0xfffd;
          } else if (r >= 0xdc00 && r <= 0xdfff) {
            r = 0xfffd;
          }
          out += String.fromCharCode(r);
          break;
        }
        default:
          this.i--;
          this.fail('in string escape code');
      }
      start = this.i;
    }
  }

  hex4(): number {
    let r = 0;
    for (let k = 0; k < 4; k++) {
      const c = this.s.charCodeAt(this.i);
      let d: number;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if (c >= 0x61 && c <= 0x66) d = c - 0x57;
      else if (c >= 0x41 && c <= 0x46) d = c - 0x37;
      else return this.fail('in \\u hexadecimal character escape');
      r = r * 16 + d;
      this.i++;
    }
    return r;
  }

  object(depth: number): GoValue {
    // scanner.go: pushParseState — more than 10000 open brackets is an error at the one too many.
    if (depth + 1 > MAX_DEPTH) this.fail('exceeded max depth');
    const s = this.s;
    this.i++;
    const m = new Map<string, GoValue>();
    this.ws();
    if (s.charCodeAt(this.i) === 0x7d) {
      this.i++;
      return m;
    }
    for (;;) {
      this.ws();
      if (s.charCodeAt(this.i) !== 0x22) this.fail('looking for beginning of object key string');
      const k = this.string();
      this.ws();
      if (s.charCodeAt(this.i) !== 0x3a) this.fail('after object key');
      this.i++;
      const v = this.value(depth + 1);
      m.delete(k);
      m.set(k, v);
      this.ws();
      const c = s.charCodeAt(this.i);
      if (c === 0x2c) {
        this.i++;
        continue;
      }
      if (c === 0x7d) {
        this.i++;
        return m;
      }
      this.fail('after object key:value pair');
    }
  }

  array(depth: number): GoValue {
    if (depth + 1 > MAX_DEPTH) this.fail('exceeded max depth');
    const s = this.s;
    this.i++;
    const a: GoValue[] = [];
    this.ws();
    if (s.charCodeAt(this.i) === 0x5d) {
      this.i++;
      return a;
    }
    for (;;) {
      a.push(this.value(depth + 1));
      this.ws();
      const c = s.charCodeAt(this.i);
      if (c === 0x2c) {
        this.i++;
        continue;
      }
      if (c === 0x5d) {
        this.i++;
        return a;
      }
      this.fail('after array element');
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Parses one JSON text (scanner.go's rules and messages); throws GoError. */
function readJson(text: string): { value: GoValue; typeError?: string } {
  const r = new JsonReader(text);
  try {
    const value = r.value(0);
    r.ws();
    if (r.i < text.length) r.fail('after top-level value');
    return { value, typeError: r.typeError };
  } catch (e) {
    throw depthError(e, 'json: nested too deeply');
  }
}

/** Go's JSON kind name for a decoded value, as UnmarshalTypeError words it. */
function jsonKind(v: GoValue): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/** encoding/json.Unmarshal into interface{} (numbers are float64). Throws GoError with encoding/json's message. */
export function unmarshalJson(text: string): GoValue {
  const r = readJson(text);
  if (r.typeError) throw new GoError(r.typeError);
  return r.value;
}

/**
 * encoding/json.Unmarshal into a `map[string]interface{}` ('map') or `[]interface{}` ('slice') target: JSON null
 * gives nil (null); another kind fails with "json: cannot unmarshal array into Go value of type
 * map[string]interface {}" (`typeName` overrides the Go type name).
 */
export function unmarshalJsonAs(text: string, target: 'map' | 'slice', typeName?: string): GoValue {
  const r = readJson(text);
  return checkTarget(r.value, target, typeName, r.typeError);
}

/** Applies decode.go's top-level type check of a decoded value against a map or slice target (null stays null). */
export function checkTarget(v: GoValue, target: 'map' | 'slice', typeName?: string, typeError?: string): GoValue {
  const tn = typeName ?? (target === 'map' ? 'map[string]interface {}' : '[]interface {}');
  if (v === null) return null;
  const ok = target === 'map' ? v instanceof Map : Array.isArray(v);
  if (!ok) throw new GoError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type ${tn}`);
  if (typeError) throw new GoError(typeError);
  return v;
}

/**
 * Helm's fromJson (pkg/engine/funcs.go): the map; nil for JSON null; on error the map decoded so far (empty after a
 * syntax or top-level type error) with the message under "Error".
 */
export function fromJson(text: string): Map<string, GoValue> | null {
  let r: { value: GoValue; typeError?: string };
  try {
    r = readJson(text);
  } catch (e) {
    if (e instanceof GoError) return new Map<string, GoValue>([['Error', e.message]]);
    throw e;
  }
  if (r.value === null) return null;
  if (!(r.value instanceof Map)) {
    return new Map<string, GoValue>([['Error', `json: cannot unmarshal ${jsonKind(r.value)} into Go value of type map[string]interface {}`]]);
  }
  if (r.typeError) r.value.set('Error', r.typeError);
  return r.value;
}

/** Helm's fromJsonArray: the list; nil for JSON null; [message] on any error. */
export function fromJsonArray(text: string): GoValue[] | null {
  try {
    const v = unmarshalJsonAs(text, 'slice');
    return v === null ? null : (v as GoValue[]);
  } catch (e) {
    if (e instanceof GoError) return [e.message];
    throw e;
  }
}
