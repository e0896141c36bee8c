/**
 * YAML as Helm reads it: sigs.k8s.io/yaml.Unmarshal — go-yaml v2 decodes the first document into interface{}
 * (YAML 1.1 scalars: yes/no/on/off/y/n are booleans, 0777 is octal, 0x1F hex, 1_000 has underscores, timestamps stay
 * strings, `<<` merges), map keys become strings (ints as decimal, floats as float32 %g, bools as true/false), the
 * tree goes through encoding/json (NaN and ±Inf fail, every number becomes a float64) and back.
 *
 * The syntax is read by a port of libyaml's scanner and parser as go-yaml carries them (so what is accepted, how
 * scalars fold and every error text and line number are go-yaml's). go-yaml is the same 2.4.x code under all three
 * pinned Helm versions (sigs.k8s.io/yaml v1.4.0 vendors goyaml.v2 = v2.4.0, v1.6.0 imports go.yaml.in/yaml/v2
 * v2.4.3, with identical sources), so there is no version switch.
 *
 * Mirrors go-yaml v2 scannerc.go, parserc.go, readerc.go (character check), resolve.go (resolve, parseTimestamp),
 * decode.go (parser, mapping, merge, alias, excessive aliasing), yaml.go (failf), and sigs.k8s.io/yaml yaml.go
 * (yamlToJSONTarget, convertToJSONableObject, Unmarshal).
 *
 * Speed (this runs on every render, for every values file and Chart.yaml): the scanner reads the text string itself
 * (no code point copy unless there are surrogate pairs), checks the characters with one regex, skips comments with
 * indexOf and consumes runs of blanks, plain and quoted scalar text with local charCodeAt loops rather than a call
 * per character; tokens and events are classes of one shape each; and DirectDecoder goes from the node tree to the
 * GoValues in one pass, leaving anything unusual (errors of any kind, tags, non-scalar keys, NaN/Inf, possible alias
 * bombs) to the two-step Decoder + toJsonValue, which stays the reference for every value and message.
 * scripts/bench/yamlParse.ts times it and checks it against the pre-optimization copy.
 */
import { GoError, GoValue, compareGoStrings } from '../goValue';
import { checkTarget, depthError, formatFloat } from './json';

// ---------------------------------------------------------------------------------------------------------------
// The resolver (resolve.go)
// ---------------------------------------------------------------------------------------------------------------

export type ResolvedTag = 'str' | 'null' | 'bool' | 'int' | 'float' | 'timestamp' | 'merge';

export interface Resolved {
  tag: ResolvedTag;
  /** bool → boolean, int → bigint (int64 or uint64 range), float → number, else the text. */
  value: GoValue;
  /** For ints: the decimal text go-yaml would print back. */
  text: string;
}

const RESOLVE_MAP = new Map<string, Resolved>();
function addResolved(tag: ResolvedTag, value: GoValue, words: string[]): void {
  for (const w of words) RESOLVE_MAP.set(w, { tag, value, text: w });
}
addResolved('bool', true, ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
addResolved('bool', false, ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
addResolved('null', null, ['', '~', 'null', 'Null', 'NULL']);
addResolved('float', NaN, ['.nan', '.NaN', '.NAN']);
addResolved('float', Infinity, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']);
addResolved('float', -Infinity, ['-.inf', '-.Inf', '-.INF']);
addResolved('merge', '<<', ['<<']);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** strconv.ParseUint(s, base, 64) without sign: the value, or undefined on a syntax or range error. */
function parseUnsigned(s: string, base: number): bigint | undefined {
  if (base === 0) {
    base = 10;
    if (s.length > 0 && s[0] === '0') {
      const c1 = s.length >= 3 ? s[1].toLowerCase() : '';
      if (c1 === 'b') {
        base = 2;
        s = s.slice(2);
      } else if (c1 === 'o') {
        base = 8;
        s = s.slice(2);
      } else if (c1 === 'x') {
        base = 16;
        s = s.slice(2);
      } else {
        base = 8;
        s = s.slice(1);
      }
      if (s === '' && base === 8) return 0n;
    }
  }
  if (s === '') return undefined;
  let n = 0n;
  const b = BigInt(base);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (c >= 0x61 && c <= 0x7a) d = c - 0x57;
    else if (c >= 0x41 && c <= 0x5a) d = c - 0x37;
    else return undefined;
    if (d >= base) return undefined;
    n = n * b + BigInt(d);
    if (n > UINT64_MAX) return undefined;
  }
  return n;
}

/** strconv.ParseInt(s, base, 64). */
function parseSigned(s: string, base: number): bigint | undefined {
  if (s === '') return undefined;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  const u = parseUnsigned(s, base);
  if (u === undefined) return undefined;
  if (neg) return u > INT64_MAX + 1n ? undefined : -u;
  return u > INT64_MAX ? undefined : u;
}

/** strconv.ParseFloat(s, 64) for the decimal forms the resolver feeds it; undefined when out of range. */
function parseDecimalFloat(s: string): number | undefined {
  const f = Number(s);
  return Number.isFinite(f) ? f : undefined;
}

function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** time.getnum(s, fixed=false): one or two digits. */
function getnum(s: string, i: number): [number, number] | undefined {
  if (!isDigitCode(s.charCodeAt(i))) return undefined;
  if (!isDigitCode(s.charCodeAt(i + 1))) return [s.charCodeAt(i) - 0x30, i + 1];
  return [(s.charCodeAt(i) - 0x30) * 10 + s.charCodeAt(i + 1) - 0x30, i + 2];
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/**
 * resolve.go: parseTimestamp — whether time.Parse accepts `s` with one of "2006-1-2T15:4:5.999999999Z07:00",
 * "2006-1-2t15:4:5.999999999Z07:00", "2006-1-2 15:4:5.999999999" or "2006-1-2".
 */
export function isYamlTimestamp(s: string): boolean {
  let i = 0;
  while (i < s.length && isDigitCode(s.charCodeAt(i))) i++;
  if (i !== 4 || i === s.length || s[i] !== '-') return false;
  const year = Number(s.slice(0, 4));
  const m = getnum(s, 5);
  if (!m || m[0] < 1 || m[0] > 12 || s[m[1]] !== '-') return false;
  const d = getnum(s, m[1] + 1);
  if (!d) return false;
  if (d[0] < 1 || d[0] > daysIn(m[0], year)) return false;
  i = d[1];
  if (i === s.length) return true;
  const sep = s[i];
  if (sep !== 'T' && sep !== 't' && sep !== ' ') return false;
  const h = getnum(s, i + 1);
  if (!h || h[0] > 23 || s[h[1]] !== ':') return false;
  const mi = getnum(s, h[1] + 1);
  if (!mi || mi[0] > 59 || s[mi[1]] !== ':') return false;
  const se = getnum(s, mi[1] + 1);
  if (!se || se[0] > 59) return false;
  i = se[1];
  if ((s[i] === '.' || s[i] === ',') && isDigitCode(s.charCodeAt(i + 1))) {
    i++;
    while (isDigitCode(s.charCodeAt(i))) i++;
  }
  if (sep === ' ') return i === s.length;
  if (s[i] === 'Z') return i + 1 === s.length;
  if (s.length - i !== 6 || (s[i] !== '+' && s[i] !== '-') || s[i + 3] !== ':') return false;
  for (const k of [1, 2, 4, 5]) if (!isDigitCode(s.charCodeAt(i + k))) return false;
  return true;
}

function intResolved(v: bigint): Resolved {
  return { tag: 'int', value: v, text: v.toString() };
}

/** resolve.go: resolve("", s) — what an untagged plain scalar means to go-yaml v2. */
export function resolvePlain(s: string): Resolved {
  const known = RESOLVE_MAP.get(s);
  if (known) return known;
  const c = s.charCodeAt(0);
  if (c === 0x2e) {
    // '.': maybe a float such as .5
    if (DOT_FLOAT.test(s)) {
      const f = parseDecimalFloat(s);
      if (f !== undefined) return { tag: 'float', value: f, text: s };
    }
    return { tag: 'str', value: s, text: s };
  }
  if (!(c === 0x2b || c === 0x2d || isDigitCode(c))) return { tag: 'str', value: s, text: s };
  if (isYamlTimestamp(s)) return { tag: 'timestamp', value: s, text: s };
  const plain = s.indexOf('_') >= 0 ? s.split('_').join('') : s;
  const iv = parseSigned(plain, 0);
  if (iv !== undefined) return intResolved(iv);
  if (plain[0] !== '+' && plain[0] !== '-') {
    const uv = parseUnsigned(plain, 0);
    if (uv !== undefined) return intResolved(uv);
  }
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = parseDecimalFloat(plain);
    if (f !== undefined) return { tag: 'float', value: f, text: s };
  }
  if (plain.startsWith('0b')) {
    const bv = parseSigned(plain.slice(2), 2) ?? parseUnsigned(plain.slice(2), 2);
    if (bv !== undefined) return intResolved(bv);
  } else if (plain.startsWith('-0b')) {
    const bv = parseSigned('-' + plain.slice(3), 2);
    if (bv !== undefined) return intResolved(bv);
  }
  return { tag: 'str', value: s, text: s };
}

// ---------------------------------------------------------------------------------------------------------------
// Decoding into interface{} (decode.go) and the JSON conversion (sigs.k8s.io/yaml)
// ---------------------------------------------------------------------------------------------------------------

/** go-yaml's decoded value before JSON: ints keep their integer nature (keys print as decimal). */
type YInt = { int: bigint };
type YVal = null | boolean | string | number | YInt | YVal[] | YMap;
class YMap {
  /** Keys in insertion order, by their JSON string (the later assignment wins, as in a Go map). */
  readonly entries = new Map<string, YVal>();
  /** The decoded key behind each JSON key, when it was not a string (for Go's %#v in error messages). */
  readonly rawKeys = new Map<string, YVal>();
  /** First non-string key that JSON cannot take (reported when the map is converted). */
  badKey?: { key: YVal; value: YVal };
}

function fail(msg: string): never {
  throw new GoError('yaml: ' + msg);
}

const LONG_TAG = 'tag:yaml.org,2002:';

function shortTag(tag: string): string {
  return tag.startsWith(LONG_TAG) ? '!!' + tag.slice(LONG_TAG.length) : tag;
}

/** Go's %#v of a decoded YAML value (for "invalid map key" and "unsupported map key" messages). */
function goSharpV(v: YVal, top = true): string {
  if (v === null) return top ? '<nil>' : 'interface {}(nil)';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return formatFloat(v, 'g');
  if (Array.isArray(v)) return '[]interface {}{' + v.map((x) => goSharpV(x, false)).join(', ') + '}';
  if (v instanceof YMap) {
    const parts: string[] = [];
    // fmt prints map entries in sorted key order.
    const keys = [...v.entries.keys()].sort(compareGoStrings);
    for (const k of keys) {
      const raw = v.rawKeys.get(k);
      parts.push((raw === undefined ? JSON.stringify(k) : goSharpV(raw, false)) + ':' + goSharpV(v.entries.get(k) ?? null, false));
    }
    return 'map[interface {}]interface {}{' + parts.join(', ') + '}';
  }
  return v.int > INT64_MAX ? '0x' + v.int.toString(16) : v.int.toString();
}

function goTypeName(v: YVal): string {
  if (v === null) return '%!s(<nil>)';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof YMap) return 'map[interface {}]interface {}';
  return v.int > INT64_MAX ? 'uint64' : 'int';
}

class Decoder {
  private active = new Set<YNodeT>();
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;

  /** decode.go: allowedAliasRatio. */
  private static allowedAliasRatio(decodeCount: number): number {
    if (decodeCount <= 400000) return 0.99;
    if (decodeCount >= 4000000) return 0.1;
    return 0.99 - 0.89 * ((decodeCount - 400000) / 3600000);
  }

  private count(): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (
      this.aliasCount > 100 &&
      this.decodeCount > 1000 &&
      this.aliasCount / this.decodeCount > Decoder.allowedAliasRatio(this.decodeCount)
    ) {
      fail('document contains excessive aliasing');
    }
  }

  /** decode.go: unmarshal into interface{}. */
  decode(n: YNodeT): YVal {
    this.count();
    switch (n.kind) {
      case NK.Alias:
        return this.alias(n, (t) => this.decode(t));
      case NK.Scalar:
        return this.scalar(n);
      case NK.Sequence:
        return n.children.map((c) => this.decode(c));
      case NK.Mapping: {
        const m = new YMap();
        this.mapping(n, m);
        return m;
      }
    }
  }

  private alias<T>(n: YAliasNode, f: (target: YNodeT) => T): T {
    if (this.active.has(n)) fail(`anchor '${n.name}' value contains itself`);
    this.active.add(n);
    this.aliasDepth++;
    const v = f(n.target);
    this.aliasDepth--;
    this.active.delete(n);
    return v;
  }

  /** decode.go: scalar — quoted scalars are strings; plain ones and tagged ones go through resolve. */
  private scalar(n: YScalarNode): YVal {
    const text = n.value;
    const tag = n.tag;
    if (tag === '') return n.implicit ? Decoder.fromResolved(resolvePlain(text)) : text;
    if (!tag.startsWith(LONG_TAG)) return text;
    const want = tag.slice(LONG_TAG.length);
    if (want === 'str') return text;
    if (want === 'binary') {
      // encoding/base64 skips only \r and \n.
      const clean = text.replace(/[\r\n]/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
        fail('!!binary value contains invalid base64 data');
      }
      return Buffer.from(clean, 'base64').toString('latin1');
    }
    if (!['bool', 'int', 'float', 'null', 'timestamp'].includes(want)) return text;
    const r = resolvePlain(text);
    if (r.tag === want) return Decoder.fromResolved(r);
    if (want === 'float' && r.tag === 'int' && typeof r.value === 'bigint') return Number(r.value);
    return fail(`cannot decode ${shortTag(LONG_TAG + r.tag)} \`${text}\` as a ${shortTag(tag)}`);
  }

  static fromResolved(r: Resolved): YVal {
    switch (r.tag) {
      case 'null':
        return null;
      case 'bool':
        return r.value === true;
      case 'int':
        return { int: r.value as bigint };
      case 'float':
        return r.value as number;
      default:
        return r.text;
    }
  }

  /** decode.go: mapping — pairs assigned in order; `<<` merges into the same map. */
  private mapping(n: YMapNode, m: YMap): void {
    const c = n.children;
    for (let i = 0; i + 1 < c.length; i += 2) {
      const k = c[i];
      if (k.kind === NK.Scalar && k.value === '<<' && (k.implicit || k.tag === LONG_TAG + 'merge')) {
        this.merge(c[i + 1], m);
        continue;
      }
      const key = this.decode(k);
      if (Array.isArray(key) || key instanceof YMap) fail('invalid map key: ' + goSharpV(key));
      const value = this.decode(c[i + 1]);
      const ks = keyString(key);
      if (ks === undefined) {
        m.badKey ??= { key, value };
        continue;
      }
      m.entries.delete(ks);
      m.entries.set(ks, value);
      if (typeof key !== 'string') m.rawKeys.set(ks, key);
      else m.rawKeys.delete(ks);
    }
  }

  /** decode.go: merge — a map, an alias of a map, or a sequence of those (earlier ones win). */
  private merge(n: YNodeT, m: YMap): void {
    const wantMap = (): never => fail('map merge requires map or sequence of maps as the value');
    const into = (x: YNodeT): void => {
      this.count();
      if (x.kind === NK.Alias) {
        this.alias(x, (t) => {
          this.count();
          if (t.kind !== NK.Mapping) wantMap();
          this.mapping(t as YMapNode, m);
        });
      } else if (x.kind === NK.Mapping) {
        this.mapping(x, m);
      } else {
        wantMap();
      }
    };
    if (n.kind === NK.Sequence) {
      for (let i = n.children.length - 1; i >= 0; i--) {
        const ni = n.children[i];
        if (ni.kind === NK.Alias) {
          if (ni.target.kind !== NK.Mapping) wantMap();
        } else if (ni.kind !== NK.Mapping) {
          wantMap();
        }
        into(ni);
      }
      return;
    }
    if (n.kind === NK.Alias && n.target.kind !== NK.Mapping) wantMap();
    into(n);
  }
}

/** sigs.k8s.io/yaml: convertToJSONableObject's key conversion; undefined for keys JSON cannot take. */
function keyString(k: YVal): string | undefined {
  if (typeof k === 'string') return k;
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  if (typeof k === 'number') {
    const s = formatFloat(k, 'g', 32);
    return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
  }
  if (k !== null && !Array.isArray(k) && !(k instanceof YMap) && k.int <= INT64_MAX) return k.int.toString();
  return undefined;
}

/**
 * The Go type a document is unmarshalled into, as far as sigs.k8s.io/yaml's YAML→JSON step looks at it: where the
 * target is a string, YAML ints, floats and bools become strings (a float as float32 %g, so `appVersion: 1.10` in
 * Chart.yaml reads "1.1"). Struct fields are named by their JSON names (matched exactly, else ignoring ASCII case).
 */
export type YamlTarget =
  | 'any'
  | 'string'
  | { readonly struct: Readonly<Record<string, YamlTarget>> }
  | { readonly map: YamlTarget }
  | { readonly slice: YamlTarget };

/** yaml.go: convertToJSONableObject's choice of the target for one key of a struct or map target. */
function fieldTarget(t: YamlTarget | undefined, key: string): YamlTarget | undefined {
  if (t === undefined || typeof t === 'string') return undefined;
  if ('map' in t) return t.map;
  if (!('struct' in t)) return undefined;
  const exact = t.struct[key];
  if (exact !== undefined) return exact;
  const lower = key.toLowerCase();
  for (const name of Object.keys(t.struct)) if (name.toLowerCase() === lower) return t.struct[name];
  return undefined;
}

/** The YAML tree as encoding/json round-trips it: maps, float64 numbers, strings, bools, nil. */
function toJsonValue(v: YVal, target?: YamlTarget): GoValue {
  if (target === 'string' && v !== null && typeof v !== 'string' && !Array.isArray(v) && !(v instanceof YMap)) {
    // yaml.go: a number or bool bound for a string field is converted first.
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return formatFloat(v, 'g', 32);
    return v.int.toString();
  }
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new GoError('json: unsupported value: ' + formatFloat(v, 'g'));
    return v;
  }
  if (Array.isArray(v)) {
    const elem = target !== undefined && typeof target !== 'string' && 'slice' in target ? target.slice : undefined;
    return v.map((x) => toJsonValue(x, elem));
  }
  if (v instanceof YMap) {
    if (v.badKey) {
      throw new GoError(
        `unsupported map key of type: ${goTypeName(v.badKey.key)}, key: ${goSharpV(v.badKey.key)}, value: ${goSharpV(v.badKey.value)}`,
      );
    }
    const out = new Map<string, GoValue>();
    // encoding/json reports the first unsupported value in sorted key order.
    const keys = [...v.entries.keys()].sort(compareGoStrings);
    for (const k of keys) out.set(k, toJsonValue(v.entries.get(k) ?? null, fieldTarget(target, k)));
    return out;
  }
  return Number(v.int);
}

/**
 * The common case in one pass: decode.go's unmarshal into interface{} and the JSON round trip together, straight from
 * the node tree to GoValues (maps in sorted key order, numbers as float64), with decode.go's counting for the
 * excessive-aliasing guard. Whenever anything is off the plain path — an error of any kind, a tagged scalar, a key
 * that is not a plain or quoted scalar, a value JSON cannot take — it gives up (throws) and the caller runs the
 * two-step Decoder + toJsonValue above, which is the reference for every message.
 */
class DirectDecoder {
  /** @param utf16Order no key holds a surrogate pair, so UTF-16 order is Go's byte order (see sortedByKey). */
  constructor(private readonly utf16Order: boolean) {}

  private active = new Set<YNodeT>();
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;

  private count(): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > 0.1) {
      // Possibly excessive (the exact ratio is decode.go's allowedAliasRatio): leave it to the reference path.
      throw GIVE_UP;
    }
  }

  decode(n: YNodeT): GoValue {
    this.count();
    switch (n.kind) {
      case NK.Alias: {
        if (this.active.has(n)) throw GIVE_UP;
        this.active.add(n);
        this.aliasDepth++;
        const v = this.decode(n.target);
        this.aliasDepth--;
        this.active.delete(n);
        return v;
      }
      case NK.Scalar:
        return this.scalar(n);
      case NK.Sequence: {
        const c = n.children;
        const out: GoValue[] = new Array(c.length);
        for (let i = 0; i < c.length; i++) out[i] = this.decode(c[i]);
        return out;
      }
      case NK.Mapping: {
        const m = new Map<string, GoValue>();
        // Most maps of a values file are not in key order; the check is done while filling the map.
        return this.mapping(n, m) ? m : sortedByKey(m, this.utf16Order);
      }
    }
  }

  private scalar(n: YScalarNode): GoValue {
    if (n.tag !== '') throw GIVE_UP;
    if (!n.implicit || plainIsString(n.value)) return n.value;
    if (isSmallDecimal(n.value)) return Number(n.value);
    const r = resolvePlain(n.value);
    switch (r.tag) {
      case 'null':
        return null;
      case 'bool':
        return r.value === true;
      case 'int':
        return Number(r.value as bigint);
      case 'float':
        if (!Number.isFinite(r.value as number)) throw GIVE_UP;
        return r.value as number;
      default:
        return r.text;
    }
  }

  /** A mapping key as sigs.k8s.io/yaml turns it into a JSON key. */
  private key(k: YNodeT): string {
    this.count();
    if (k.kind !== NK.Scalar || k.tag !== '') throw GIVE_UP;
    // A small decimal int key prints back as its own text.
    if (!k.implicit || plainIsString(k.value) || isSmallDecimal(k.value)) return k.value;
    const r = resolvePlain(k.value);
    if (r.tag === 'str' || r.tag === 'timestamp') return r.text;
    const ks = keyString(Decoder.fromResolved(r));
    if (ks === undefined) throw GIVE_UP;
    return ks;
  }

  /** Fills `m`; returns whether its keys are surely in Go's order (each one greater than the one before). */
  private mapping(n: YMapNode, m: Map<string, GoValue>): boolean {
    const c = n.children;
    let inOrder = this.utf16Order;
    let last = '';
    for (let i = 0; i + 1 < c.length; i += 2) {
      const k = c[i];
      if (k.kind === NK.Scalar && k.value === '<<' && (k.implicit || k.tag === LONG_TAG + 'merge')) {
        this.merge(c[i + 1], m);
        inOrder = false;
        continue;
      }
      const ks = this.key(k);
      if (i > 0 && !(ks > last)) inOrder = false;
      last = ks;
      m.set(ks, this.decode(c[i + 1]));
    }
    return inOrder;
  }

  /** decode.go: merge, counted as Decoder.merge counts it; anything but maps gives up. */
  private merge(n: YNodeT, m: Map<string, GoValue>): void {
    const into = (x: YNodeT): void => {
      this.count();
      if (x.kind === NK.Alias) {
        if (this.active.has(x) || x.target.kind !== NK.Mapping) throw GIVE_UP;
        this.active.add(x);
        this.aliasDepth++;
        this.count();
        this.mapping(x.target, m);
        this.aliasDepth--;
        this.active.delete(x);
      } else if (x.kind === NK.Mapping) {
        this.mapping(x, m);
      } else {
        throw GIVE_UP;
      }
    };
    if (n.kind === NK.Sequence) {
      for (let i = n.children.length - 1; i >= 0; i--) into(n.children[i]);
      return;
    }
    into(n);
  }
}

/** Thrown by DirectDecoder to hand a document to the reference path. */
const GIVE_UP = new Error('goYaml: not on the direct path');

/**
 * The map with its keys in Go's sorted order (as encoding/json writes a map); `m` itself when already sorted. UTF-16
 * code unit order is Go's byte order unless a surrogate meets a character from U+E000 up, so without surrogate
 * pairs JS's own string order (and default sort) serves.
 */
function sortedByKey(m: Map<string, GoValue>, utf16Order: boolean): Map<string, GoValue> {
  if (m.size < 2) return m;
  let sorted = true;
  let prev: string | undefined;
  for (const k of m.keys()) {
    if (prev !== undefined && (utf16Order ? prev > k : compareGoStrings(prev, k) > 0)) {
      sorted = false;
      break;
    }
    prev = k;
  }
  if (sorted) return m;
  const keys = [...m.keys()];
  keys.sort(utf16Order ? compareUtf16 : compareGoStrings);
  const out = new Map<string, GoValue>();
  for (let i = 0; i < keys.length; i++) out.set(keys[i], m.get(keys[i]) as GoValue);
  return out;
}

/**
 * Whether `s` is 0 or a decimal int of up to 15 digits without a leading zero (optionally negative): resolve.go makes
 * it an int (strconv.ParseInt base 0), exactly Number(s), with s as its decimal text.
 */
function isSmallDecimal(s: string): boolean {
  const n = s.length;
  let i = s.charCodeAt(0) === 0x2d ? 1 : 0;
  if (n - i > 15 || n === i) return false;
  const c0 = s.charCodeAt(i);
  if (c0 === 0x30) return n === 1;
  if (c0 < 0x31 || c0 > 0x39) return false;
  for (i++; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether resolve.go's resolve surely leaves the plain scalar `s` a string: it does not start with a character that
 * begins a YAML 1.1 bool or null word, `<<`, a number, `.inf`/`.nan` or a timestamp (the resolver's first checks).
 */
function plainIsString(s: string): boolean {
  switch (s.charCodeAt(0)) {
    case 0x79: // y
    case 0x59: // Y
    case 0x6e: // n
    case 0x4e: // N
    case 0x74: // t
    case 0x54: // T
    case 0x66: // f
    case 0x46: // F
    case 0x6f: // o
    case 0x4f: // O
    case 0x7e: // ~
    case 0x2e: // .
    case 0x2b: // +
    case 0x2d: // -
    case 0x3c: // <
      return false;
    default: {
      const c = s.charCodeAt(0);
      // NaN (the empty string) is null.
      return !(c >= 0x30 && c <= 0x39) && c === c;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------------------------

/** go-yaml's error text for a syntax error, "yaml: line 3: …". */
function syntaxError(e: unknown): never {
  if (e instanceof YamlSyntaxError) throw new GoError('yaml: ' + e.message());
  if (e instanceof YamlReaderError) throw new GoError('yaml: ' + e.problem);
  throw e;
}

/** Reads the next document's node tree (undefined past the last one), wording syntax errors as go-yaml does. */
function nextDocument(b: NodeBuilder): YNodeT | null | undefined {
  try {
    return b.document();
  } catch (e) {
    return syntaxError(depthError(e, 'yaml: document nested too deeply'));
  }
}

function convert(b: NodeBuilder, read: () => YNodeT | null | undefined, target?: YamlTarget): GoValue {
  try {
    const root = read();
    if (root === null || root === undefined) return null;
    if (target === undefined) {
      try {
        return new DirectDecoder(!b.surrogates).decode(root);
      } catch {
        // Off the direct path: the reference path below decides the value or the error.
      }
    }
    return toJsonValue(new Decoder().decode(root), target);
  } catch (e) {
    const err = depthError(e, 'yaml: document nested too deeply');
    if (err instanceof GoError) throw new GoError('error converting YAML to JSON: ' + err.message);
    throw err;
  }
}

function newBuilder(text: string): NodeBuilder | GoError {
  try {
    return new NodeBuilder(text);
  } catch (e) {
    if (e instanceof YamlReaderError) return new GoError('error converting YAML to JSON: yaml: ' + e.problem);
    throw e;
  }
}

/**
 * sigs.k8s.io/yaml.Unmarshal into interface{}: the first document (an empty one is nil), numbers as float64.
 * Throws GoError worded as Helm prints it, e.g. "error converting YAML to JSON: yaml: line 3: mapping values are
 * not allowed in this context".
 */
export function parseYaml(text: string): GoValue {
  const b = newBuilder(text);
  if (b instanceof GoError) throw b;
  return convert(b, () => nextDocument(b));
}

/**
 * parseYaml for a document bound to a typed Go target (Chart.yaml into chart.Metadata, requirements, …): the same
 * tree, with YAML numbers and bools converted to strings wherever `target` expects a string.
 */
export function parseYamlInto(text: string, target: YamlTarget): GoValue {
  const b = newBuilder(text);
  if (b instanceof GoError) throw b;
  return convert(b, () => nextDocument(b), target);
}

/** Every document of a stream, each as parseYaml reads a document on its own. */
export function parseYamlDocuments(text: string): GoValue[] {
  const b = newBuilder(text);
  if (b instanceof GoError) throw b;
  const out: GoValue[] = [];
  for (;;) {
    let done = false;
    const v = convert(b, () => {
      const d = nextDocument(b);
      if (d === undefined) done = true;
      return d;
    });
    if (done) return out;
    out.push(v);
  }
}

/**
 * sigs.k8s.io/yaml.Unmarshal into a map[string]interface{} ('map') or []interface{} ('slice') target, as Helm
 * reads values files (typeName e.g. 'chartutil.Values' where Helm's target has a named type) and as fromYaml /
 * fromYamlArray do. A nil document gives an empty map or slice.
 */
export function unmarshalYamlAs(text: string, target: 'map' | 'slice', typeName?: string): GoValue {
  const v = parseYaml(text);
  // A nil document leaves the target as it was (sigs.k8s.io/yaml decodes JSON null into the interface, not the map).
  if (v === null) return target === 'map' ? new Map<string, GoValue>() : [];
  try {
    return checkTarget(v, target, typeName);
  } catch (e) {
    if (e instanceof GoError) throw new GoError('error unmarshaling JSON: while decoding JSON: ' + e.message);
    throw e;
  }
}

/** Helm's fromYaml (pkg/engine/funcs.go): the map, or {Error: message} when reading fails. */
export function fromYaml(text: string): Map<string, GoValue> {
  try {
    return unmarshalYamlAs(text, 'map') as Map<string, GoValue>;
  } catch (e) {
    if (e instanceof GoError) return new Map<string, GoValue>([['Error', e.message]]);
    throw e;
  }
}

/** Helm's fromYamlArray: the list, or [message] when reading fails. */
export function fromYamlArray(text: string): GoValue[] {
  try {
    return unmarshalYamlAs(text, 'slice') as GoValue[];
  } catch (e) {
    if (e instanceof GoError) return [e.message];
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// libyaml's scanner and parser, as go-yaml v2 ports them (scannerc.go, parserc.go): the YAML syntax exactly as Helm
// reads it — what it accepts, how scalars fold, and its error texts and marks.
// ---------------------------------------------------------------------------------------------------------------

interface Mark {
  index: number;
  line: number;
  column: number;
}

const enum Tok {
  StreamStart,
  StreamEnd,
  VersionDirective,
  TagDirective,
  DocumentStart,
  DocumentEnd,
  BlockSequenceStart,
  BlockMappingStart,
  BlockEnd,
  FlowSequenceStart,
  FlowSequenceEnd,
  FlowMappingStart,
  FlowMappingEnd,
  BlockEntry,
  FlowEntry,
  Key,
  Value,
  Alias,
  Anchor,
  Tag,
  Scalar,
}

const enum SStyle {
  Plain,
  Single,
  Double,
  Literal,
  Folded,
}

/** A token (yaml_token_t). A class, so every token has one shape and the parser's property reads stay monomorphic. */
class Token {
  constructor(
    readonly t: Tok,
    readonly start: Mark,
    readonly end: Mark,
    readonly value?: string,
    readonly suffix?: string,
    readonly style?: SStyle,
    readonly major?: number,
    readonly minor?: number,
  ) {}
}

interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  mark: Mark;
}

/** A libyaml scanner or parser error: printed by decode.go's parser.fail. */
class YamlSyntaxError {
  constructor(
    readonly scanner: boolean,
    readonly problem: string,
    readonly problemMark: Mark,
    readonly contextMark?: Mark,
  ) {}

  /** decode.go: parser.fail — "line N: " from the problem mark (scanner errors +1), else the context mark. */
  message(): string {
    let line = 0;
    if (this.problemMark.line !== 0) {
      line = this.problemMark.line + (this.scanner ? 1 : 0);
    } else if (this.contextMark && this.contextMark.line !== 0) {
      line = this.contextMark.line;
    }
    return (line !== 0 ? `line ${line}: ` : '') + this.problem;
  }
}

function cIsBreak(c: number): boolean {
  return c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
}
function cIsBreakz(c: number): boolean {
  return c === 0 || cIsBreak(c);
}
function cIsBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
function cIsBlankz(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0 || cIsBreak(c);
}
function cIsAlpha(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d
  );
}
function cIsHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
function cHex(c: number): number {
  return c <= 0x39 ? c - 0x30 : c <= 0x46 ? c - 0x37 : c - 0x57;
}
/**
 * readerc.go: any character but those the reader lets through (tab, LF, CR, printable ASCII, NEL, U+00A0–U+D7FF,
 * U+E000–U+FFFD, U+10000–U+10FFFF).
 */
const DISALLOWED_CHAR = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
const DISALLOWED_BMP_CHAR = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd]/;
const HAS_SURROGATE = /[\ud800-\udfff]/;
/** Line breaks other than LF (scannerc.go's is_break). */
const OTHER_BREAK = /[\r\x85\u2028\u2029]/;
const SURROGATE_PAIR = /[\ud800-\udbff][\udc00-\udfff]/g;
const URI_CHARS = new Set(Array.from(";/?:@&=+$,.!~*'()[]%", (ch) => ch.charCodeAt(0)));
const MAX_FLOW_LEVEL = 10000;
const MAX_INDENTS = 10000;

class Scanner {
  /** The input, one UTF-16 unit per character (see the constructor); read as `b.charCodeAt(p) | 0`. */
  private readonly b: string;
  private readonly text: string;
  /** UTF-16 offset of each code point, when the text has surrogate pairs (else code point index = offset). */
  private readonly off: Int32Array | null;
  /** Whether a scalar may hold a surrogate pair (the text has one, or an escape made one): see sortedByKey. */
  surrogates = false;
  /** Whether LF is the only line break in the text (then a line's end is found with indexOf). */
  private readonly lfOnly: boolean;
  /** The length of `b`. */
  private readonly textEnd: number;
  private pos = 0;
  private index = 0;
  private line = 0;
  private column = 0;
  private tokens: Token[] = [];
  private head = 0;
  tokensParsed = 0;
  private tokenAvailable = false;
  private streamStartProduced = false;
  streamEndProduced = false;
  private indent = -1;
  private indents: number[] = [];
  private simpleKeyAllowed = false;
  private simpleKeys: SimpleKey[] = [];
  private simpleKeysByTok = new Map<number, number>();
  private flowLevel = 0;

  constructor(text: string) {
    // decode.go: newParser reads an empty input as "\n"; readerc.go: a leading UTF-8 BOM only names the encoding.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.length === 0) text = '\n';
    this.text = text;
    // readerc.go: the characters the reader lets through (a lone surrogate is not one), checked by one native scan
    // (the /u form, which reads code points, only when there are surrogates: it is much slower).
    const surrogates = HAS_SURROGATE.test(text);
    if ((surrogates ? DISALLOWED_CHAR : DISALLOWED_BMP_CHAR).test(text)) {
      throw new YamlReaderError('control characters are not allowed');
    }
    this.lfOnly = !OTHER_BREAK.test(text);
    this.textEnd = text.length;
    // The scanner reads `b` as `b.charCodeAt(p) | 0`: past the end that is 0, libyaml's is_z (a NUL cannot occur
    // inside, it is not allowed). Marks count characters, as go-yaml's do, so a text with surrogate pairs is read with
    // each pair as one stand-in character (U+E000, which no rule of the scanner singles out) and `off` maps positions
    // back to the text.
    if (!surrogates) {
      this.b = text;
      this.off = null;
    } else {
      const n = text.length;
      const off = new Int32Array(n + 5);
      let k = 0;
      for (let i = 0; i < n; i++) {
        off[k++] = i;
        const c = text.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff) i++;
      }
      for (let j = k; j < off.length; j++) off[j] = n;
      this.b = text.replace(SURROGATE_PAIR, '\ue000');
      this.off = off;
      this.surrogates = true;
      this.textEnd = k;
    }
  }

  /** The input text between two code point positions. */
  private slice(from: number, to: number): string {
    const off = this.off;
    return off ? this.text.slice(off[from], off[to]) : this.text.slice(from, to);
  }

  /** The position of the first line break or the end of the text at or after p. */
  private lineEnd(p: number): number {
    const b = this.b;
    if (this.lfOnly) {
      const nl = b.indexOf('\n', p);
      return nl < 0 ? this.textEnd : nl;
    }
    let c = (b.charCodeAt(p) | 0);
    while (c !== 0x0a && c !== 0x0d && c !== 0 && c !== 0x85 && c !== 0x2028 && c !== 0x2029) c = (b.charCodeAt(++p) | 0);
    return p;
  }

  /** Reads the rest of the line (up to, not including, the line break or the end); returns it. */
  private readToBreak(): string {
    const start = this.pos;
    const p = this.lineEnd(start);
    const n = p - start;
    this.pos = p;
    this.index += n;
    this.column += n;
    return this.slice(start, p);
  }

  private mark(): Mark {
    return { index: this.index, line: this.line, column: this.column };
  }

  private err(context: string, contextMark: Mark, problem: string): never {
    void context;
    throw new YamlSyntaxError(true, problem, this.mark(), contextMark);
  }

  // reader primitives (skip, skip_line, read, read_line)
  private skip(): void {
    this.index++;
    this.column++;
    this.pos++;
  }
  private skipLine(): void {
    const c = (this.b.charCodeAt(this.pos) | 0);
    if (c === 0x0d && (this.b.charCodeAt(this.pos + 1) | 0) === 0x0a) {
      this.index += 2;
      this.column = 0;
      this.line++;
      this.pos += 2;
    } else if (cIsBreak(c)) {
      this.index++;
      this.column = 0;
      this.line++;
      this.pos++;
    }
  }
  private read(s: string): string {
    const r = s + this.slice(this.pos, this.pos + 1);
    this.pos++;
    this.index++;
    this.column++;
    return r;
  }
  private readLine(s: string): string {
    const c = (this.b.charCodeAt(this.pos) | 0);
    if (c === 0x0d && (this.b.charCodeAt(this.pos + 1) | 0) === 0x0a) {
      s += '\n';
      this.pos += 2;
      this.index++;
    } else if (c === 0x0d || c === 0x0a || c === 0x85) {
      s += '\n';
      this.pos++;
    } else if (c === 0x2028 || c === 0x2029) {
      s += c === 0x2028 ? '\u2028' : '\u2029';
      this.pos++;
    } else {
      return s;
    }
    this.index++;
    this.column = 0;
    this.line++;
    return s;
  }

  // token queue (peek_token / skip_token)
  peek(): Token {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.tokens[this.head];
  }
  skipToken(): void {
    this.tokenAvailable = false;
    this.tokensParsed++;
    const t = this.tokens[this.head];
    this.streamEndProduced = t.t === Tok.StreamEnd;
    this.head++;
    if (this.head > 64 && this.head * 2 > this.tokens.length) {
      this.tokens = this.tokens.slice(this.head);
      this.head = 0;
    }
  }
  private insert(pos: number, t: Token): void {
    if (pos < 0) this.tokens.push(t);
    else this.tokens.splice(this.head + pos, 0, t);
  }
  private simple(t: Tok, start: Mark, end: Mark): Token {
    return new Token(t, start, end);
  }

  private fetchMoreTokens(): void {
    for (;;) {
      if (this.head !== this.tokens.length) {
        const idx = this.simpleKeysByTok.get(this.tokensParsed);
        if (idx === undefined) break;
        if (!this.simpleKeyIsValid(this.simpleKeys[idx])) break;
      }
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  private fetchNextToken(): void {
    if (!this.streamStartProduced) {
      this.fetchStreamStart();
      return;
    }
    this.scanToNextToken();
    this.unrollIndent(this.column);
    const b = this.b;
    const p = this.pos;
    const c = (b.charCodeAt(p) | 0);
    if (c === 0) return this.fetchStreamEnd();
    if (this.column === 0 && c === 0x25) return this.fetchDirective();
    if (this.column === 0 && c === 0x2d && (b.charCodeAt(p + 1) | 0) === 0x2d && (b.charCodeAt(p + 2) | 0) === 0x2d && cIsBlankz((b.charCodeAt(p + 3) | 0))) {
      return this.fetchDocumentIndicator(Tok.DocumentStart);
    }
    if (this.column === 0 && c === 0x2e && (b.charCodeAt(p + 1) | 0) === 0x2e && (b.charCodeAt(p + 2) | 0) === 0x2e && cIsBlankz((b.charCodeAt(p + 3) | 0))) {
      return this.fetchDocumentIndicator(Tok.DocumentEnd);
    }
    switch (c) {
      case 0x5b:
        return this.fetchFlowCollectionStart(Tok.FlowSequenceStart);
      case 0x7b:
        return this.fetchFlowCollectionStart(Tok.FlowMappingStart);
      case 0x5d:
        return this.fetchFlowCollectionEnd(Tok.FlowSequenceEnd);
      case 0x7d:
        return this.fetchFlowCollectionEnd(Tok.FlowMappingEnd);
      case 0x2c:
        return this.fetchFlowEntry();
    }
    if (c === 0x2d && cIsBlankz((b.charCodeAt(p + 1) | 0))) return this.fetchBlockEntry();
    if (c === 0x3f && (this.flowLevel > 0 || cIsBlankz((b.charCodeAt(p + 1) | 0)))) return this.fetchKey();
    if (c === 0x3a && (this.flowLevel > 0 || cIsBlankz((b.charCodeAt(p + 1) | 0)))) return this.fetchValue();
    if (c === 0x2a) return this.fetchAnchor(Tok.Alias);
    if (c === 0x26) return this.fetchAnchor(Tok.Anchor);
    if (c === 0x21) return this.fetchTag();
    if (c === 0x7c && this.flowLevel === 0) return this.fetchBlockScalar(true);
    if (c === 0x3e && this.flowLevel === 0) return this.fetchBlockScalar(false);
    if (c === 0x27) return this.fetchFlowScalar(true);
    if (c === 0x22) return this.fetchFlowScalar(false);
    const indicator =
      cIsBlankz(c) ||
      c === 0x2d ||
      c === 0x3f ||
      c === 0x3a ||
      c === 0x2c ||
      c === 0x5b ||
      c === 0x5d ||
      c === 0x7b ||
      c === 0x7d ||
      c === 0x23 ||
      c === 0x26 ||
      c === 0x2a ||
      c === 0x21 ||
      c === 0x7c ||
      c === 0x3e ||
      c === 0x27 ||
      c === 0x22 ||
      c === 0x25 ||
      c === 0x40 ||
      c === 0x60;
    if (
      !indicator ||
      (c === 0x2d && !cIsBlank((b.charCodeAt(p + 1) | 0))) ||
      (this.flowLevel === 0 && (c === 0x3f || c === 0x3a) && !cIsBlankz((b.charCodeAt(p + 1) | 0)))
    ) {
      return this.fetchPlainScalar();
    }
    this.err('while scanning for the next token', this.mark(), 'found character that cannot start any token');
  }

  private simpleKeyIsValid(k: SimpleKey): boolean {
    if (!k.possible) return false;
    if (k.mark.line < this.line || k.mark.index + 1024 < this.index) {
      if (k.required) this.err('while scanning a simple key', k.mark, "could not find expected ':'");
      k.possible = false;
      return false;
    }
    return true;
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.column;
    if (this.simpleKeyAllowed) {
      const k: SimpleKey = {
        possible: true,
        required,
        tokenNumber: this.tokensParsed + (this.tokens.length - this.head),
        mark: this.mark(),
      };
      this.removeSimpleKey();
      this.simpleKeys[this.simpleKeys.length - 1] = k;
      this.simpleKeysByTok.set(k.tokenNumber, this.simpleKeys.length - 1);
    }
  }

  private removeSimpleKey(): void {
    const k = this.simpleKeys[this.simpleKeys.length - 1];
    if (k.possible) {
      if (k.required) this.err('while scanning a simple key', k.mark, "could not find expected ':'");
      k.possible = false;
      this.simpleKeysByTok.delete(k.tokenNumber);
    }
  }

  private increaseFlowLevel(): void {
    this.simpleKeys.push({
      possible: false,
      required: false,
      tokenNumber: this.tokensParsed + (this.tokens.length - this.head),
      mark: this.mark(),
    });
    this.flowLevel++;
    if (this.flowLevel > MAX_FLOW_LEVEL) {
      this.err('while increasing flow level', this.simpleKeys[this.simpleKeys.length - 1].mark, `exceeded max depth of ${MAX_FLOW_LEVEL}`);
    }
  }

  private decreaseFlowLevel(): void {
    if (this.flowLevel > 0) {
      this.flowLevel--;
      const k = this.simpleKeys.pop();
      if (k) this.simpleKeysByTok.delete(k.tokenNumber);
    }
  }

  private rollIndent(column: number, number: number, t: Tok, mark: Mark): void {
    if (this.flowLevel > 0) return;
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
      if (this.indents.length > MAX_INDENTS) {
        this.err('while increasing indent level', this.simpleKeys[this.simpleKeys.length - 1].mark, `exceeded max depth of ${MAX_INDENTS}`);
      }
      if (number > -1) number -= this.tokensParsed;
      this.insert(number, this.simple(t, mark, mark));
    }
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      const m = this.mark();
      this.insert(-1, this.simple(Tok.BlockEnd, m, m));
      this.indent = this.indents.pop() ?? -1;
    }
  }

  private fetchStreamStart(): void {
    this.indent = -1;
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: this.mark() });
    this.simpleKeyAllowed = true;
    this.streamStartProduced = true;
    const m = this.mark();
    this.insert(-1, this.simple(Tok.StreamStart, m, m));
  }

  private fetchStreamEnd(): void {
    if (this.column !== 0) {
      this.column = 0;
      this.line++;
    }
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const m = this.mark();
    this.insert(-1, this.simple(Tok.StreamEnd, m, m));
  }

  private fetchDirective(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanDirective());
  }

  private fetchDocumentIndicator(t: Tok): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const start = this.mark();
    this.skip();
    this.skip();
    this.skip();
    this.insert(-1, this.simple(t, start, this.mark()));
  }

  private fetchFlowCollectionStart(t: Tok): void {
    this.saveSimpleKey();
    this.increaseFlowLevel();
    this.simpleKeyAllowed = true;
    const start = this.mark();
    this.skip();
    this.insert(-1, this.simple(t, start, this.mark()));
  }

  private fetchFlowCollectionEnd(t: Tok): void {
    this.removeSimpleKey();
    this.decreaseFlowLevel();
    this.simpleKeyAllowed = false;
    const start = this.mark();
    this.skip();
    this.insert(-1, this.simple(t, start, this.mark()));
  }

  private fetchFlowEntry(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = this.mark();
    this.skip();
    this.insert(-1, this.simple(Tok.FlowEntry, start, this.mark()));
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.err('', this.mark(), 'block sequence entries are not allowed in this context');
      this.rollIndent(this.column, -1, Tok.BlockSequenceStart, this.mark());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = this.mark();
    this.skip();
    this.insert(-1, this.simple(Tok.BlockEntry, start, this.mark()));
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.err('', this.mark(), 'mapping keys are not allowed in this context');
      this.rollIndent(this.column, -1, Tok.BlockMappingStart, this.mark());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    const start = this.mark();
    this.skip();
    this.insert(-1, this.simple(Tok.Key, start, this.mark()));
  }

  private fetchValue(): void {
    const k = this.simpleKeys[this.simpleKeys.length - 1];
    if (this.simpleKeyIsValid(k)) {
      this.insert(k.tokenNumber - this.tokensParsed, this.simple(Tok.Key, k.mark, k.mark));
      this.rollIndent(k.mark.column, k.tokenNumber, Tok.BlockMappingStart, k.mark);
      k.possible = false;
      this.simpleKeysByTok.delete(k.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.err('', this.mark(), 'mapping values are not allowed in this context');
        this.rollIndent(this.column, -1, Tok.BlockMappingStart, this.mark());
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    const start = this.mark();
    this.skip();
    this.insert(-1, this.simple(Tok.Value, start, this.mark()));
  }

  private fetchAnchor(t: Tok): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanAnchor(t));
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanTag());
  }

  private fetchBlockScalar(literal: boolean): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.insert(-1, this.scanBlockScalar(literal));
  }

  private fetchFlowScalar(single: boolean): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanFlowScalar(single));
  }

  private fetchPlainScalar(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanPlainScalar());
  }

  /** scannerc.go: yaml_parser_scan_to_next_token — blanks, comments and line breaks, run by run. */
  private scanToNextToken(): void {
    const b = this.b;
    for (;;) {
      if (this.column === 0 && (b.charCodeAt(this.pos) | 0) === 0xfeff) this.skip();
      const tabs = this.flowLevel > 0 || !this.simpleKeyAllowed;
      const from = this.pos;
      let p = from;
      let c = (b.charCodeAt(p) | 0);
      while (c === 0x20 || (tabs && c === 0x09)) c = (b.charCodeAt(++p) | 0);
      if (c === 0x23) {
        // A comment runs to the end of the line.
        p = this.lineEnd(p);
        c = (b.charCodeAt(p) | 0);
      }
      const n = p - from;
      this.pos = p;
      this.index += n;
      this.column += n;
      if (c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029) {
        this.skipLine();
        if (this.flowLevel === 0) this.simpleKeyAllowed = true;
      } else {
        break;
      }
    }
  }

  private scanDirective(): Token {
    const start = this.mark();
    const b = this.b;
    this.skip();
    let name = '';
    while (cIsAlpha((b.charCodeAt(this.pos) | 0))) name = this.read(name);
    if (name === '') this.err('while scanning a directive', start, 'could not find expected directive name');
    if (!cIsBlankz((b.charCodeAt(this.pos) | 0))) this.err('while scanning a directive', start, 'found unexpected non-alphabetical character');
    let tok: Token;
    if (name === 'YAML') {
      while (cIsBlank((b.charCodeAt(this.pos) | 0))) this.skip();
      const major = this.scanVersionNumber(start);
      if ((b.charCodeAt(this.pos) | 0) !== 0x2e) this.err('while scanning a %YAML directive', start, "did not find expected digit or '.' character");
      this.skip();
      const minor = this.scanVersionNumber(start);
      tok = new Token(Tok.VersionDirective, start, this.mark(), undefined, undefined, undefined, major, minor);
    } else if (name === 'TAG') {
      while (cIsBlank((b.charCodeAt(this.pos) | 0))) this.skip();
      const handle = this.scanTagHandle(true, start);
      if (!cIsBlank((b.charCodeAt(this.pos) | 0))) this.err('while scanning a %TAG directive', start, 'did not find expected whitespace');
      while (cIsBlank((b.charCodeAt(this.pos) | 0))) this.skip();
      const prefix = this.scanTagUri(true, '', start);
      if (!cIsBlankz((b.charCodeAt(this.pos) | 0))) this.err('while scanning a %TAG directive', start, 'did not find expected whitespace or line break');
      tok = new Token(Tok.TagDirective, start, this.mark(), handle, prefix);
    } else {
      return this.err('while scanning a directive', start, 'found unknown directive name');
    }
    while (cIsBlank((b.charCodeAt(this.pos) | 0))) this.skip();
    if ((b.charCodeAt(this.pos) | 0) === 0x23) {
      while (!cIsBreakz((b.charCodeAt(this.pos) | 0))) this.skip();
    }
    if (!cIsBreakz((b.charCodeAt(this.pos) | 0))) this.err('while scanning a directive', start, 'did not find expected comment or line break');
    if (cIsBreak((b.charCodeAt(this.pos) | 0))) this.skipLine();
    return tok;
  }

  private scanVersionNumber(start: Mark): number {
    let value = 0;
    let length = 0;
    while ((this.b.charCodeAt(this.pos) | 0) >= 0x30 && (this.b.charCodeAt(this.pos) | 0) <= 0x39) {
      length++;
      if (length > 2) this.err('while scanning a %YAML directive', start, 'found extremely long version number');
      value = value * 10 + (this.b.charCodeAt(this.pos) | 0) - 0x30;
      this.skip();
    }
    if (length === 0) this.err('while scanning a %YAML directive', start, 'did not find expected version number');
    return value;
  }

  private scanAnchor(t: Tok): Token {
    const start = this.mark();
    const b = this.b;
    this.skip();
    let s = '';
    while (cIsAlpha((b.charCodeAt(this.pos) | 0))) s = this.read(s);
    const end = this.mark();
    const c = (b.charCodeAt(this.pos) | 0);
    if (
      s === '' ||
      !(cIsBlankz(c) || c === 0x3f || c === 0x3a || c === 0x2c || c === 0x5d || c === 0x7d || c === 0x25 || c === 0x40 || c === 0x60)
    ) {
      this.err(t === Tok.Anchor ? 'while scanning an anchor' : 'while scanning an alias', start, 'did not find expected alphabetic or numeric character');
    }
    return new Token(t, start, end, s);
  }

  private scanTag(): Token {
    const start = this.mark();
    const b = this.b;
    let handle: string;
    let suffix: string;
    if ((b.charCodeAt(this.pos + 1) | 0) === 0x3c) {
      this.skip();
      this.skip();
      handle = '';
      suffix = this.scanTagUri(false, '', start);
      if ((b.charCodeAt(this.pos) | 0) !== 0x3e) this.err('while scanning a tag', start, "did not find the expected '>'");
      this.skip();
    } else {
      handle = this.scanTagHandle(false, start);
      if (handle.length > 1 && handle[0] === '!' && handle[handle.length - 1] === '!') {
        suffix = this.scanTagUri(false, '', start);
      } else {
        suffix = this.scanTagUri(false, handle, start);
        handle = '!';
        if (suffix.length === 0) {
          suffix = handle;
          handle = '';
        }
      }
    }
    if (!cIsBlankz((b.charCodeAt(this.pos) | 0))) this.err('while scanning a tag', start, 'did not find expected whitespace or line break');
    return new Token(Tok.Tag, start, this.mark(), handle, suffix);
  }

  private scanTagHandle(directive: boolean, start: Mark): string {
    const b = this.b;
    const ctx = directive ? 'while parsing a %TAG directive' : 'while parsing a tag';
    if ((b.charCodeAt(this.pos) | 0) !== 0x21) this.err(ctx, start, "did not find expected '!'");
    let s = this.read('');
    while (cIsAlpha((b.charCodeAt(this.pos) | 0))) s = this.read(s);
    if ((b.charCodeAt(this.pos) | 0) === 0x21) {
      s = this.read(s);
    } else if (directive && s !== '!') {
      this.err(ctx, start, "did not find expected '!'");
    }
    return s;
  }

  private scanTagUri(directive: boolean, head: string, start: Mark): string {
    const b = this.b;
    let hasTag = head.length > 0;
    let s = head.length > 1 ? head.slice(1) : '';
    for (;;) {
      const c = (b.charCodeAt(this.pos) | 0);
      if (!(cIsAlpha(c) || URI_CHARS.has(c))) break;
      if (c === 0x25) {
        s += this.scanUriEscapes(directive, start);
      } else {
        s = this.read(s);
      }
      hasTag = true;
    }
    if (!hasTag) this.err(directive ? 'while parsing a %TAG directive' : 'while parsing a tag', start, 'did not find expected tag URI');
    return s;
  }

  private scanUriEscapes(directive: boolean, start: Mark): string {
    const b = this.b;
    const ctx = directive ? 'while parsing a %TAG directive' : 'while parsing a tag';
    const bytes: number[] = [];
    let w = 1024;
    while (w > 0) {
      if (!((b.charCodeAt(this.pos) | 0) === 0x25 && cIsHex((b.charCodeAt(this.pos + 1) | 0)) && cIsHex((b.charCodeAt(this.pos + 2) | 0)))) {
        this.err(ctx, start, 'did not find URI escaped octet');
      }
      const octet = (cHex((b.charCodeAt(this.pos + 1) | 0)) << 4) + cHex((b.charCodeAt(this.pos + 2) | 0));
      if (w === 1024) {
        w = (octet & 0x80) === 0 ? 1 : (octet & 0xe0) === 0xc0 ? 2 : (octet & 0xf0) === 0xe0 ? 3 : (octet & 0xf8) === 0xf0 ? 4 : 0;
        if (w === 0) this.err(ctx, start, 'found an incorrect leading UTF-8 octet');
      } else if ((octet & 0xc0) !== 0x80) {
        this.err(ctx, start, 'found an incorrect trailing UTF-8 octet');
      }
      bytes.push(octet);
      this.skip();
      this.skip();
      this.skip();
      w--;
    }
    return Buffer.from(bytes).toString('utf8');
  }

  private scanBlockScalar(literal: boolean): Token {
    const start = this.mark();
    const b = this.b;
    this.skip();
    let chomping = 0;
    let increment = 0;
    const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
    if ((b.charCodeAt(this.pos) | 0) === 0x2b || (b.charCodeAt(this.pos) | 0) === 0x2d) {
      chomping = (b.charCodeAt(this.pos) | 0) === 0x2b ? 1 : -1;
      this.skip();
      if (isDigit((b.charCodeAt(this.pos) | 0))) {
        if ((b.charCodeAt(this.pos) | 0) === 0x30) this.err('while scanning a block scalar', start, 'found an indentation indicator equal to 0');
        increment = (b.charCodeAt(this.pos) | 0) - 0x30;
        this.skip();
      }
    } else if (isDigit((b.charCodeAt(this.pos) | 0))) {
      if ((b.charCodeAt(this.pos) | 0) === 0x30) this.err('while scanning a block scalar', start, 'found an indentation indicator equal to 0');
      increment = (b.charCodeAt(this.pos) | 0) - 0x30;
      this.skip();
      if ((b.charCodeAt(this.pos) | 0) === 0x2b || (b.charCodeAt(this.pos) | 0) === 0x2d) {
        chomping = (b.charCodeAt(this.pos) | 0) === 0x2b ? 1 : -1;
        this.skip();
      }
    }
    while (cIsBlank((b.charCodeAt(this.pos) | 0))) this.skip();
    if ((b.charCodeAt(this.pos) | 0) === 0x23) {
      while (!cIsBreakz((b.charCodeAt(this.pos) | 0))) this.skip();
    }
    if (!cIsBreakz((b.charCodeAt(this.pos) | 0))) this.err('while scanning a block scalar', start, 'did not find expected comment or line break');
    if (cIsBreak((b.charCodeAt(this.pos) | 0))) this.skipLine();
    let end = this.mark();
    const st = { indent: 0, breaks: '' };
    if (increment > 0) st.indent = this.indent >= 0 ? this.indent + increment : increment;
    end = this.scanBlockScalarBreaks(st, start) ?? end;
    let s = '';
    let leadingBreak = '';
    let leadingBlank = false;
    let trailingBlank = false;
    while (this.column === st.indent && (b.charCodeAt(this.pos) | 0) !== 0) {
      trailingBlank = cIsBlank((b.charCodeAt(this.pos) | 0));
      if (!literal && !leadingBlank && !trailingBlank && leadingBreak.length > 0 && leadingBreak[0] === '\n') {
        if (st.breaks.length === 0) s += ' ';
      } else {
        s += leadingBreak;
      }
      leadingBreak = '';
      s += st.breaks;
      st.breaks = '';
      leadingBlank = cIsBlank((b.charCodeAt(this.pos) | 0));
      s += this.readToBreak();
      leadingBreak = this.readLine(leadingBreak);
      end = this.scanBlockScalarBreaks(st, start) ?? end;
    }
    if (chomping !== -1) s += leadingBreak;
    if (chomping === 1) s += st.breaks;
    return new Token(Tok.Scalar, start, end, s, undefined, literal ? SStyle.Literal : SStyle.Folded);
  }

  private scanBlockScalarBreaks(st: { indent: number; breaks: string }, start: Mark): Mark {
    const b = this.b;
    let end = this.mark();
    let maxIndent = 0;
    for (;;) {
      while ((st.indent === 0 || this.column < st.indent) && (b.charCodeAt(this.pos) | 0) === 0x20) this.skip();
      if (this.column > maxIndent) maxIndent = this.column;
      if ((st.indent === 0 || this.column < st.indent) && (b.charCodeAt(this.pos) | 0) === 0x09) {
        this.err('while scanning a block scalar', start, 'found a tab character where an indentation space is expected');
      }
      if (!cIsBreak((b.charCodeAt(this.pos) | 0))) break;
      st.breaks = this.readLine(st.breaks);
      end = this.mark();
    }
    if (st.indent === 0) {
      st.indent = maxIndent;
      if (st.indent < this.indent + 1) st.indent = this.indent + 1;
      if (st.indent < 1) st.indent = 1;
    }
    return end;
  }

  private scanFlowScalar(single: boolean): Token {
    const start = this.mark();
    const b = this.b;
    this.skip();
    let s = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    let whitespaces = '';
    for (;;) {
      const p = this.pos;
      if (
        this.column === 0 &&
        (((b.charCodeAt(p) | 0) === 0x2d && (b.charCodeAt(p + 1) | 0) === 0x2d && (b.charCodeAt(p + 2) | 0) === 0x2d) || ((b.charCodeAt(p) | 0) === 0x2e && (b.charCodeAt(p + 1) | 0) === 0x2e && (b.charCodeAt(p + 2) | 0) === 0x2e)) &&
        cIsBlankz((b.charCodeAt(p + 3) | 0))
      ) {
        this.err('while scanning a quoted scalar', start, 'found unexpected document indicator');
      }
      if ((b.charCodeAt(this.pos) | 0) === 0) this.err('while scanning a quoted scalar', start, 'found unexpected end of stream');
      let leadingBlanks = false;
      while (!cIsBlankz((b.charCodeAt(this.pos) | 0))) {
        const c = (b.charCodeAt(this.pos) | 0);
        if (single && c === 0x27 && (b.charCodeAt(this.pos + 1) | 0) === 0x27) {
          s += "'";
          this.skip();
          this.skip();
        } else if (single && c === 0x27) {
          break;
        } else if (!single && c === 0x22) {
          break;
        } else if (!single && c === 0x5c && cIsBreak((b.charCodeAt(this.pos + 1) | 0))) {
          this.skip();
          this.skipLine();
          leadingBlanks = true;
          break;
        } else if (!single && c === 0x5c) {
          let codeLength = 0;
          switch ((b.charCodeAt(this.pos + 1) | 0)) {
            case 0x30:
              s += '\0';
              break;
            case 0x61:
              s += '\x07';
              break;
            case 0x62:
              s += '\b';
              break;
            case 0x74:
            case 0x09:
              s += '\t';
              break;
            case 0x6e:
              s += '\n';
              break;
            case 0x76:
              s += '\v';
              break;
            case 0x66:
              s += '\f';
              break;
            case 0x72:
              s += '\r';
              break;
            case 0x65:
              s += '\x1b';
              break;
            case 0x20:
              s += ' ';
              break;
            case 0x22:
              s += '"';
              break;
            case 0x27:
              s += "'";
              break;
            case 0x5c:
              s += '\\';
              break;
            case 0x4e:
              s += '\x85';
              break;
            case 0x5f:
              s += '\xa0';
              break;
            case 0x4c:
              s += '\u2028';
              break;
            case 0x50:
              s += '\u2029';
              break;
            case 0x78:
              codeLength = 2;
              break;
            case 0x75:
              codeLength = 4;
              break;
            case 0x55:
              codeLength = 8;
              break;
            default:
              this.err('while parsing a quoted scalar', start, 'found unknown escape character');
          }
          this.skip();
          this.skip();
          if (codeLength > 0) {
            let value = 0;
            for (let k = 0; k < codeLength; k++) {
              if (!cIsHex((b.charCodeAt(this.pos + k) | 0))) this.err('while parsing a quoted scalar', start, 'did not find expected hexdecimal number');
              value = value * 16 + cHex((b.charCodeAt(this.pos + k) | 0));
            }
            if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) {
              this.err('while parsing a quoted scalar', start, 'found invalid Unicode character escape code');
            }
            s += String.fromCodePoint(value);
            if (value > 0xffff) this.surrogates = true;
            for (let k = 0; k < codeLength; k++) this.skip();
          }
        } else {
          // A run of ordinary characters, read at once.
          const from = this.pos;
          let p = from;
          const quote = single ? 0x27 : 0x22;
          let d = (b.charCodeAt(p) | 0);
          do d = (b.charCodeAt(++p) | 0);
          while (d > 0x20 ? d !== quote && (single || d !== 0x5c) && !cIsBreak(d) : d !== 0x20 && d !== 0x09 && !cIsBreakz(d));
          const n = p - from;
          this.pos = p;
          this.index += n;
          this.column += n;
          s += this.slice(from, p);
        }
      }
      const c = (b.charCodeAt(this.pos) | 0);
      if (single ? c === 0x27 : c === 0x22) break;
      while (cIsBlank((b.charCodeAt(this.pos) | 0)) || cIsBreak((b.charCodeAt(this.pos) | 0))) {
        if (cIsBlank((b.charCodeAt(this.pos) | 0))) {
          if (!leadingBlanks) whitespaces += (b.charCodeAt(this.pos) | 0) === 0x20 ? ' ' : '\t';
          this.skip();
        } else if (!leadingBlanks) {
          whitespaces = '';
          leadingBreak = this.readLine(leadingBreak);
          leadingBlanks = true;
        } else {
          trailingBreaks = this.readLine(trailingBreaks);
        }
      }
      if (leadingBlanks) {
        if (leadingBreak.length > 0 && leadingBreak[0] === '\n') {
          s += trailingBreaks.length === 0 ? ' ' : trailingBreaks;
        } else {
          s += leadingBreak + trailingBreaks;
        }
        trailingBreaks = '';
        leadingBreak = '';
      } else {
        s += whitespaces;
        whitespaces = '';
      }
    }
    this.skip();
    return new Token(Tok.Scalar, start, this.mark(), s, undefined, single ? SStyle.Single : SStyle.Double);
  }

  /**
   * scannerc.go: yaml_parser_scan_plain_scalar. Runs of scalar characters, blanks and indentation are consumed with
   * local loops rather than a call per character; the folding is go-yaml's.
   */
  private scanPlainScalar(): Token {
    const b = this.b;
    let s = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    // The blanks after the last run of text (when no line break followed): b[wsFrom, wsTo).
    let wsFrom = 0;
    let wsTo = 0;
    let leadingBlanks = false;
    const indent = this.indent + 1;
    const flow = this.flowLevel > 0;
    const start = this.mark();
    let end = start;
    for (;;) {
      let p = this.pos;
      let c = (b.charCodeAt(p) | 0);
      if (
        this.column === 0 &&
        ((c === 0x2d && (b.charCodeAt(p + 1) | 0) === 0x2d && (b.charCodeAt(p + 2) | 0) === 0x2d) || (c === 0x2e && (b.charCodeAt(p + 1) | 0) === 0x2e && (b.charCodeAt(p + 2) | 0) === 0x2e)) &&
        cIsBlankz((b.charCodeAt(p + 3) | 0))
      ) {
        break;
      }
      if (c === 0x23) break;
      if (!plainStop(c, (b.charCodeAt(p + 1) | 0), flow)) {
        if (leadingBlanks) {
          if (leadingBreak[0] === '\n') {
            s += trailingBreaks.length === 0 ? ' ' : trailingBreaks;
          } else {
            s += leadingBreak + trailingBreaks;
          }
          trailingBreaks = '';
          leadingBreak = '';
          leadingBlanks = false;
        } else if (wsTo > wsFrom) {
          s += this.slice(wsFrom, wsTo);
        }
        wsFrom = wsTo = 0;
        const runStart = p;
        // plainStop, unrolled for the common characters (below U+0021 only blanks, breaks and the end can occur).
        for (;;) {
          c = (b.charCodeAt(++p) | 0);
          if (c > 0x3a) {
            if (c !== 0x3f && c !== 0x5b && c !== 0x5d && c !== 0x7b && c !== 0x7d && c !== 0x85 && c < 0x2028) continue;
          } else if (c !== 0x3a && c !== 0x2c && c > 0x20) {
            continue;
          }
          if (plainStop(c, (b.charCodeAt(p + 1) | 0), flow)) break;
        }
        const n = p - runStart;
        this.pos = p;
        this.index += n;
        this.column += n;
        s += this.slice(runStart, p);
        end = this.mark();
      }
      if (!(c === 0x20 || c === 0x09 || cIsBreak(c))) break;
      for (;;) {
        if (c === 0x20 || c === 0x09) {
          if (leadingBlanks) {
            // Indentation (or trailing blanks) after a line break: skipped.
            const from = p;
            while (c === 0x20 || c === 0x09) {
              if (this.column + (p - from) < indent && c === 0x09) {
                const n = p - from;
                this.pos = p;
                this.index += n;
                this.column += n;
                this.err('while scanning a plain scalar', start, 'found a tab character that violates indentation');
              }
              c = (b.charCodeAt(++p) | 0);
            }
            const n = p - from;
            this.pos = p;
            this.index += n;
            this.column += n;
          } else {
            if (wsTo === wsFrom) wsFrom = p;
            const from = p;
            while (c === 0x20 || c === 0x09) c = (b.charCodeAt(++p) | 0);
            const n = p - from;
            this.pos = p;
            this.index += n;
            this.column += n;
            wsTo = p;
          }
        } else if (cIsBreak(c)) {
          if (!leadingBlanks) {
            wsFrom = wsTo = 0;
            leadingBreak = this.readLine(leadingBreak);
            leadingBlanks = true;
          } else {
            trailingBreaks = this.readLine(trailingBreaks);
          }
          p = this.pos;
          c = (b.charCodeAt(p) | 0);
        } else {
          break;
        }
      }
      if (!flow && this.column < indent) break;
    }
    if (leadingBlanks) this.simpleKeyAllowed = true;
    return new Token(Tok.Scalar, start, end, s, undefined, SStyle.Plain);
  }
}

/** scannerc.go: the end of a run of plain scalar characters (at c, followed by next). */
function plainStop(c: number, next: number, flow: boolean): boolean {
  return (
    c === 0x20 ||
    c === 0x09 ||
    c === 0 ||
    cIsBreak(c) ||
    (c === 0x3a && cIsBlankz(next)) ||
    (flow && (c === 0x2c || c === 0x3f || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d))
  );
}

/** A reader error (readerc.go): no mark, so no line in the message. */
class YamlReaderError {
  constructor(readonly problem: string) {}
}

// --- the parser (parserc.go): tokens → events ---

const enum Ev {
  StreamStart,
  StreamEnd,
  DocumentStart,
  DocumentEnd,
  Alias,
  Scalar,
  SequenceStart,
  SequenceEnd,
  MappingStart,
  MappingEnd,
}

/** An event (yaml_event_t); a class for one shape, as Token. */
class Event {
  constructor(
    readonly t: Ev,
    readonly start: Mark,
    readonly anchor?: string,
    readonly tag?: string,
    readonly value?: string,
    readonly implicit?: boolean,
    readonly quotedImplicit?: boolean,
    readonly style?: SStyle,
  ) {}
}

const enum PS {
  StreamStart,
  ImplicitDocumentStart,
  DocumentStart,
  DocumentContent,
  DocumentEnd,
  BlockNode,
  BlockSequenceFirstEntry,
  BlockSequenceEntry,
  IndentlessSequenceEntry,
  BlockMappingFirstKey,
  BlockMappingKey,
  BlockMappingValue,
  FlowSequenceFirstEntry,
  FlowSequenceEntry,
  FlowSequenceEntryMappingKey,
  FlowSequenceEntryMappingValue,
  FlowSequenceEntryMappingEnd,
  FlowMappingFirstKey,
  FlowMappingKey,
  FlowMappingValue,
  FlowMappingEmptyValue,
  End,
}

const DEFAULT_TAG_DIRECTIVES: [string, string][] = [
  ['!', '!'],
  ['!!', LONG_TAG],
];

class EventParser {
  private state = PS.StreamStart;
  private states: PS[] = [];
  private marks: Mark[] = [];
  private tagDirectives: [string, string][] = [];
  constructor(readonly s: Scanner) {}

  private perr(problem: string, mark: Mark, contextMark?: Mark): never {
    throw new YamlSyntaxError(false, problem, mark, contextMark);
  }
  private pop(): void {
    this.state = this.states.pop() ?? PS.End;
  }

  next(): Event {
    switch (this.state) {
      case PS.StreamStart: {
        const t = this.s.peek();
        if (t.t !== Tok.StreamStart) this.perr('did not find expected <stream-start>', t.start);
        this.state = PS.ImplicitDocumentStart;
        this.s.skipToken();
        return new Event(Ev.StreamStart, t.start);
      }
      case PS.ImplicitDocumentStart:
        return this.documentStart(true);
      case PS.DocumentStart:
        return this.documentStart(false);
      case PS.DocumentContent: {
        const t = this.s.peek();
        if (t.t === Tok.VersionDirective || t.t === Tok.TagDirective || t.t === Tok.DocumentStart || t.t === Tok.DocumentEnd || t.t === Tok.StreamEnd) {
          this.pop();
          return this.empty(t.start);
        }
        return this.node(true, false);
      }
      case PS.DocumentEnd: {
        const t = this.s.peek();
        if (t.t === Tok.DocumentEnd) this.s.skipToken();
        this.tagDirectives = [];
        this.state = PS.DocumentStart;
        return new Event(Ev.DocumentEnd, t.start);
      }
      case PS.BlockNode:
        return this.node(true, false);
      case PS.BlockSequenceFirstEntry:
        return this.blockSequenceEntry(true);
      case PS.BlockSequenceEntry:
        return this.blockSequenceEntry(false);
      case PS.IndentlessSequenceEntry:
        return this.indentlessSequenceEntry();
      case PS.BlockMappingFirstKey:
        return this.blockMappingKey(true);
      case PS.BlockMappingKey:
        return this.blockMappingKey(false);
      case PS.BlockMappingValue:
        return this.blockMappingValue();
      case PS.FlowSequenceFirstEntry:
        return this.flowSequenceEntry(true);
      case PS.FlowSequenceEntry:
        return this.flowSequenceEntry(false);
      case PS.FlowSequenceEntryMappingKey: {
        const t = this.s.peek();
        if (t.t !== Tok.Value && t.t !== Tok.FlowEntry && t.t !== Tok.FlowSequenceEnd) {
          this.states.push(PS.FlowSequenceEntryMappingValue);
          return this.node(false, false);
        }
        const m = t.end;
        this.s.skipToken();
        this.state = PS.FlowSequenceEntryMappingValue;
        return this.empty(m);
      }
      case PS.FlowSequenceEntryMappingValue: {
        const t = this.s.peek();
        if (t.t === Tok.Value) {
          this.s.skipToken();
          const t2 = this.s.peek();
          if (t2.t !== Tok.FlowEntry && t2.t !== Tok.FlowSequenceEnd) {
            this.states.push(PS.FlowSequenceEntryMappingEnd);
            return this.node(false, false);
          }
        }
        this.state = PS.FlowSequenceEntryMappingEnd;
        return this.empty(t.start);
      }
      case PS.FlowSequenceEntryMappingEnd: {
        const t = this.s.peek();
        this.state = PS.FlowSequenceEntry;
        return new Event(Ev.MappingEnd, t.start);
      }
      case PS.FlowMappingFirstKey:
        return this.flowMappingKey(true);
      case PS.FlowMappingKey:
        return this.flowMappingKey(false);
      case PS.FlowMappingValue:
        return this.flowMappingValue(false);
      case PS.FlowMappingEmptyValue:
        return this.flowMappingValue(true);
      default:
        return new Event(Ev.StreamEnd, { index: 0, line: 0, column: 0 });
    }
  }

  private empty(mark: Mark): Event {
    return new Event(Ev.Scalar, mark, undefined, undefined, '', true, undefined, SStyle.Plain);
  }

  private documentStart(implicit: boolean): Event {
    let t = this.s.peek();
    if (!implicit) {
      while (t.t === Tok.DocumentEnd) {
        this.s.skipToken();
        t = this.s.peek();
      }
    }
    if (implicit && t.t !== Tok.VersionDirective && t.t !== Tok.TagDirective && t.t !== Tok.DocumentStart && t.t !== Tok.StreamEnd) {
      this.processDirectives();
      this.states.push(PS.DocumentEnd);
      this.state = PS.BlockNode;
      return new Event(Ev.DocumentStart, t.start, undefined, undefined, undefined, true);
    }
    if (t.t !== Tok.StreamEnd) {
      this.processDirectives();
      t = this.s.peek();
      if (t.t !== Tok.DocumentStart) this.perr('did not find expected <document start>', t.start);
      this.states.push(PS.DocumentEnd);
      this.state = PS.DocumentContent;
      this.s.skipToken();
      return new Event(Ev.DocumentStart, t.start, undefined, undefined, undefined, false);
    }
    this.state = PS.End;
    this.s.skipToken();
    return new Event(Ev.StreamEnd, t.start);
  }

  private processDirectives(): void {
    let t = this.s.peek();
    let version = false;
    while (t.t === Tok.VersionDirective || t.t === Tok.TagDirective) {
      if (t.t === Tok.VersionDirective) {
        if (version) this.perr('found duplicate %YAML directive', t.start);
        if (t.major !== 1 || t.minor !== 1) this.perr('found incompatible YAML document', t.start);
        version = true;
      } else {
        const handle = t.value ?? '';
        if (this.tagDirectives.some((d) => d[0] === handle)) this.perr('found duplicate %TAG directive', t.start);
        this.tagDirectives.push([handle, t.suffix ?? '']);
      }
      this.s.skipToken();
      t = this.s.peek();
    }
    for (const d of DEFAULT_TAG_DIRECTIVES) {
      if (!this.tagDirectives.some((x) => x[0] === d[0])) this.tagDirectives.push(d);
    }
  }

  private node(block: boolean, indentlessSequence: boolean): Event {
    let t = this.s.peek();
    if (t.t === Tok.Alias) {
      this.pop();
      this.s.skipToken();
      return new Event(Ev.Alias, t.start, t.value);
    }
    let start = t.start;
    let anchor: string | undefined;
    let tagToken = false;
    let tagHandle = '';
    let tagSuffix = '';
    let tagMark = t.start;
    if (t.t === Tok.Anchor) {
      anchor = t.value;
      start = t.start;
      this.s.skipToken();
      t = this.s.peek();
      if (t.t === Tok.Tag) {
        tagToken = true;
        tagHandle = t.value ?? '';
        tagSuffix = t.suffix ?? '';
        tagMark = t.start;
        this.s.skipToken();
        t = this.s.peek();
      }
    } else if (t.t === Tok.Tag) {
      tagToken = true;
      tagHandle = t.value ?? '';
      tagSuffix = t.suffix ?? '';
      start = t.start;
      tagMark = t.start;
      this.s.skipToken();
      t = this.s.peek();
      if (t.t === Tok.Anchor) {
        anchor = t.value;
        this.s.skipToken();
        t = this.s.peek();
      }
    }
    let tag = '';
    if (tagToken) {
      if (tagHandle === '') {
        tag = tagSuffix;
      } else {
        const d = this.tagDirectives.find((x) => x[0] === tagHandle);
        if (d) tag = d[1] + tagSuffix;
        if (tag === '') this.perr('found undefined tag handle', tagMark, start);
      }
    }
    const implicit = tag === '';
    if (indentlessSequence && t.t === Tok.BlockEntry) {
      this.state = PS.IndentlessSequenceEntry;
      return new Event(Ev.SequenceStart, start, anchor, tag, undefined, implicit);
    }
    if (t.t === Tok.Scalar) {
      let plainImplicit = false;
      let quotedImplicit = false;
      if ((tag === '' && t.style === SStyle.Plain) || tag === '!') plainImplicit = true;
      else if (tag === '') quotedImplicit = true;
      this.pop();
      this.s.skipToken();
      return new Event(Ev.Scalar, start, anchor, tag, t.value ?? '', plainImplicit, quotedImplicit, t.style);
    }
    if (t.t === Tok.FlowSequenceStart) {
      this.state = PS.FlowSequenceFirstEntry;
      return new Event(Ev.SequenceStart, start, anchor, tag, undefined, implicit);
    }
    if (t.t === Tok.FlowMappingStart) {
      this.state = PS.FlowMappingFirstKey;
      return new Event(Ev.MappingStart, start, anchor, tag, undefined, implicit);
    }
    if (block && t.t === Tok.BlockSequenceStart) {
      this.state = PS.BlockSequenceFirstEntry;
      return new Event(Ev.SequenceStart, start, anchor, tag, undefined, implicit);
    }
    if (block && t.t === Tok.BlockMappingStart) {
      this.state = PS.BlockMappingFirstKey;
      return new Event(Ev.MappingStart, start, anchor, tag, undefined, implicit);
    }
    if (anchor !== undefined || tag !== '') {
      this.pop();
      return new Event(Ev.Scalar, start, anchor, tag, '', implicit, false, SStyle.Plain);
    }
    return this.perr('did not find expected node content', t.start, start);
  }

  private blockSequenceEntry(first: boolean): Event {
    if (first) {
      this.marks.push(this.s.peek().start);
      this.s.skipToken();
    }
    let t = this.s.peek();
    if (t.t === Tok.BlockEntry) {
      const m = t.end;
      this.s.skipToken();
      t = this.s.peek();
      if (t.t !== Tok.BlockEntry && t.t !== Tok.BlockEnd) {
        this.states.push(PS.BlockSequenceEntry);
        return this.node(true, false);
      }
      this.state = PS.BlockSequenceEntry;
      return this.empty(m);
    }
    if (t.t === Tok.BlockEnd) {
      this.pop();
      this.marks.pop();
      this.s.skipToken();
      return new Event(Ev.SequenceEnd, t.start);
    }
    const ctx = this.marks.pop();
    return this.perr("did not find expected '-' indicator", t.start, ctx);
  }

  private indentlessSequenceEntry(): Event {
    let t = this.s.peek();
    if (t.t === Tok.BlockEntry) {
      const m = t.end;
      this.s.skipToken();
      t = this.s.peek();
      if (t.t !== Tok.BlockEntry && t.t !== Tok.Key && t.t !== Tok.Value && t.t !== Tok.BlockEnd) {
        this.states.push(PS.IndentlessSequenceEntry);
        return this.node(true, false);
      }
      this.state = PS.IndentlessSequenceEntry;
      return this.empty(m);
    }
    this.pop();
    return new Event(Ev.SequenceEnd, t.start);
  }

  private blockMappingKey(first: boolean): Event {
    if (first) {
      this.marks.push(this.s.peek().start);
      this.s.skipToken();
    }
    let t = this.s.peek();
    if (t.t === Tok.Key) {
      const m = t.end;
      this.s.skipToken();
      t = this.s.peek();
      if (t.t !== Tok.Key && t.t !== Tok.Value && t.t !== Tok.BlockEnd) {
        this.states.push(PS.BlockMappingValue);
        return this.node(true, true);
      }
      this.state = PS.BlockMappingValue;
      return this.empty(m);
    }
    if (t.t === Tok.BlockEnd) {
      this.pop();
      this.marks.pop();
      this.s.skipToken();
      return new Event(Ev.MappingEnd, t.start);
    }
    const ctx = this.marks.pop();
    return this.perr('did not find expected key', t.start, ctx);
  }

  private blockMappingValue(): Event {
    let t = this.s.peek();
    if (t.t === Tok.Value) {
      const m = t.end;
      this.s.skipToken();
      t = this.s.peek();
      if (t.t !== Tok.Key && t.t !== Tok.Value && t.t !== Tok.BlockEnd) {
        this.states.push(PS.BlockMappingKey);
        return this.node(true, true);
      }
      this.state = PS.BlockMappingKey;
      return this.empty(m);
    }
    this.state = PS.BlockMappingKey;
    return this.empty(t.start);
  }

  private flowSequenceEntry(first: boolean): Event {
    if (first) {
      this.marks.push(this.s.peek().start);
      this.s.skipToken();
    }
    let t = this.s.peek();
    if (t.t !== Tok.FlowSequenceEnd) {
      if (!first) {
        if (t.t === Tok.FlowEntry) {
          this.s.skipToken();
          t = this.s.peek();
        } else {
          const ctx = this.marks.pop();
          this.perr("did not find expected ',' or ']'", t.start, ctx);
        }
      }
      if (t.t === Tok.Key) {
        this.state = PS.FlowSequenceEntryMappingKey;
        this.s.skipToken();
        return new Event(Ev.MappingStart, t.start, undefined, undefined, undefined, true);
      } else if (t.t !== Tok.FlowSequenceEnd) {
        this.states.push(PS.FlowSequenceEntry);
        return this.node(false, false);
      }
    }
    this.pop();
    this.marks.pop();
    this.s.skipToken();
    return new Event(Ev.SequenceEnd, t.start);
  }

  private flowMappingKey(first: boolean): Event {
    if (first) {
      this.marks.push(this.s.peek().start);
      this.s.skipToken();
    }
    let t = this.s.peek();
    if (t.t !== Tok.FlowMappingEnd) {
      if (!first) {
        if (t.t === Tok.FlowEntry) {
          this.s.skipToken();
          t = this.s.peek();
        } else {
          const ctx = this.marks.pop();
          this.perr("did not find expected ',' or '}'", t.start, ctx);
        }
      }
      if (t.t === Tok.Key) {
        this.s.skipToken();
        t = this.s.peek();
        if (t.t !== Tok.Value && t.t !== Tok.FlowEntry && t.t !== Tok.FlowMappingEnd) {
          this.states.push(PS.FlowMappingValue);
          return this.node(false, false);
        }
        this.state = PS.FlowMappingValue;
        return this.empty(t.start);
      } else if (t.t !== Tok.FlowMappingEnd) {
        this.states.push(PS.FlowMappingEmptyValue);
        return this.node(false, false);
      }
    }
    this.pop();
    this.marks.pop();
    this.s.skipToken();
    return new Event(Ev.MappingEnd, t.start);
  }

  private flowMappingValue(empty: boolean): Event {
    let t = this.s.peek();
    if (empty) {
      this.state = PS.FlowMappingKey;
      return this.empty(t.start);
    }
    if (t.t === Tok.Value) {
      this.s.skipToken();
      t = this.s.peek();
      if (t.t !== Tok.FlowEntry && t.t !== Tok.FlowMappingEnd) {
        this.states.push(PS.FlowMappingKey);
        return this.node(false, false);
      }
    }
    this.state = PS.FlowMappingKey;
    return this.empty(t.start);
  }
}

// --- go-yaml's node tree (decode.go: parser) ---

const enum NK {
  Scalar,
  Sequence,
  Mapping,
  Alias,
}

interface YNodeBase {
  kind: NK;
}
interface YScalarNode extends YNodeBase {
  kind: NK.Scalar;
  value: string;
  tag: string;
  implicit: boolean;
}
interface YSeqNode extends YNodeBase {
  kind: NK.Sequence;
  children: YNodeT[];
}
interface YMapNode extends YNodeBase {
  kind: NK.Mapping;
  children: YNodeT[];
}
interface YAliasNode extends YNodeBase {
  kind: NK.Alias;
  name: string;
  target: YNodeT;
}
type YNodeT = YScalarNode | YSeqNode | YMapNode | YAliasNode;

/** decode.go: parser — events to nodes for the documents of a stream; anchors resolved as they are met. */
class NodeBuilder {
  private ev: Event | undefined;
  private anchors = new Map<string, YNodeT>();
  private readonly p: EventParser;
  private started = false;

  /** Whether any scalar read so far may hold a surrogate pair. */
  get surrogates(): boolean {
    return this.p.s.surrogates;
  }

  constructor(text: string) {
    this.p = new EventParser(new Scanner(text));
  }

  private peek(): Event {
    if (!this.ev) this.ev = this.p.next();
    return this.ev;
  }
  private take(): Event {
    const e = this.peek();
    this.ev = undefined;
    return e;
  }

  /** The next document's root (null for an empty document), or undefined at the end of the stream. */
  document(): YNodeT | null | undefined {
    if (!this.started) {
      this.take(); // STREAM-START
      this.started = true;
    }
    const e = this.peek();
    if (e.t === Ev.StreamEnd) return undefined;
    this.anchors = new Map();
    this.take(); // DOCUMENT-START
    const root = this.parse();
    const end = this.take();
    if (end.t !== Ev.DocumentEnd) throw new YamlSyntaxError(false, 'expected document end', end.start);
    return root;
  }

  private parse(): YNodeT {
    const e = this.peek();
    switch (e.t) {
      case Ev.Scalar: {
        this.take();
        const n: YScalarNode = { kind: NK.Scalar, value: e.value ?? '', tag: e.tag ?? '', implicit: e.implicit === true };
        if (e.anchor !== undefined) this.anchors.set(e.anchor, n);
        return n;
      }
      case Ev.Alias: {
        this.take();
        const name = e.anchor ?? '';
        const target = this.anchors.get(name);
        if (!target) fail(`unknown anchor '${name}' referenced`);
        return { kind: NK.Alias, name, target };
      }
      case Ev.SequenceStart: {
        this.take();
        const n: YSeqNode = { kind: NK.Sequence, children: [] };
        if (e.anchor !== undefined) this.anchors.set(e.anchor, n);
        while (this.peek().t !== Ev.SequenceEnd) n.children.push(this.parse());
        this.take();
        return n;
      }
      case Ev.MappingStart: {
        this.take();
        const n: YMapNode = { kind: NK.Mapping, children: [] };
        if (e.anchor !== undefined) this.anchors.set(e.anchor, n);
        while (this.peek().t !== Ev.MappingEnd) {
          n.children.push(this.parse());
          n.children.push(this.parse());
        }
        this.take();
        return n;
      }
      default:
        throw new YamlSyntaxError(false, 'unexpected event', e.start);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The node tree with positions, for editor features that must say *why* Helm reads a document as it does
// (features/renderedSurprises.ts): duplicate keys, merge keys, aliases and scalar types exactly as go-yaml sees them.
// ---------------------------------------------------------------------------------------------------------------

/** Where a node starts: 0-based line and column, and the offset in the text (exact without surrogate pairs or a BOM). */
export interface YamlPosition {
  line: number;
  column: number;
  index: number;
}

export type YamlOutlineNode =
  | (YamlPosition & {
      kind: 'scalar';
      value: string;
      /** What decode.go resolves it to: 'str', 'int', 'float', 'bool', 'null', 'timestamp', 'merge', or another tag. */
      tag: string;
      /** Written plain (no quotes, no block style, no tag). */
      plain: boolean;
      anchor?: string;
    })
  | (YamlPosition & { kind: 'sequence'; items: YamlOutlineNode[]; anchor?: string })
  | (YamlPosition & { kind: 'mapping'; pairs: Array<{ key: YamlOutlineNode; value: YamlOutlineNode }>; anchor?: string })
  | (YamlPosition & { kind: 'alias'; name: string; target: YamlOutlineNode });

/** The tag decode.go gives a scalar event (the same rules as Decoder.scalar). */
function outlineTag(e: Event): string {
  const tag = e.tag ?? '';
  if (tag === '') return e.implicit === true ? resolvePlain(e.value ?? '').tag : 'str';
  return tag.startsWith(LONG_TAG) ? tag.slice(LONG_TAG.length) : tag;
}

export interface YamlOutline {
  /** The first document's root (null when empty): the only one sigs.k8s.io/yaml.Unmarshal reads. */
  root: YamlOutlineNode | null;
  /** Where an explicit document end (`...`) closes it: whatever follows is never read. */
  end?: YamlPosition;
}

/**
 * The first document of `text` as go-yaml's parser builds its nodes (decode.go: parser), with positions. Throws
 * GoError worded as Helm prints a syntax error.
 */
export function readYamlOutline(text: string): YamlOutline {
  let parser: EventParser;
  try {
    parser = new EventParser(new Scanner(text));
  } catch (e) {
    if (e instanceof YamlReaderError) throw new GoError('yaml: ' + e.problem);
    throw e;
  }
  try {
    parser.next(); // STREAM-START
    let ev = parser.next();
    const anchors = new Map<string, YamlOutlineNode>();
    let depth = 0;
    const parse = (): YamlOutlineNode => {
      const e = ev;
      ev = parser.next();
      const at: YamlPosition = { line: e.start.line, column: e.start.column, index: e.start.index };
      let n: YamlOutlineNode;
      switch (e.t) {
        case Ev.Scalar:
          n = { ...at, kind: 'scalar', value: e.value ?? '', tag: outlineTag(e), plain: (e.tag ?? '') === '' && e.implicit === true, anchor: e.anchor };
          break;
        case Ev.Alias: {
          const target = anchors.get(e.anchor ?? '');
          if (!target) fail(`unknown anchor '${e.anchor ?? ''}' referenced`);
          return { ...at, kind: 'alias', name: e.anchor ?? '', target };
        }
        case Ev.SequenceStart:
        case Ev.MappingStart: {
          if (++depth > 10000) fail('document nested too deeply');
          const seq = e.t === Ev.SequenceStart;
          const items: YamlOutlineNode[] = [];
          const pairs: Array<{ key: YamlOutlineNode; value: YamlOutlineNode }> = [];
          n = seq ? { ...at, kind: 'sequence', items, anchor: e.anchor } : { ...at, kind: 'mapping', pairs, anchor: e.anchor };
          // An anchor names its node from its start: an alias inside it refers to it (decode.go reports the loop).
          if (e.anchor !== undefined) anchors.set(e.anchor, n);
          const end = seq ? Ev.SequenceEnd : Ev.MappingEnd;
          while (ev.t !== end) {
            if (seq) items.push(parse());
            else {
              const key = parse();
              pairs.push({ key, value: parse() });
            }
          }
          ev = parser.next();
          depth--;
          return n;
        }
        default:
          throw new YamlSyntaxError(false, 'unexpected event', e.start);
      }
      if (e.anchor !== undefined) anchors.set(e.anchor, n);
      return n;
    };
    if (ev.t === Ev.StreamEnd) return { root: null };
    ev = parser.next(); // past DOCUMENT-START
    const root = parse();
    if (ev.t !== Ev.DocumentEnd) throw new YamlSyntaxError(false, 'expected document end', ev.start);
    const endMark = ev.start;
    const explicit = text.startsWith('...', endMark.index) || text.split('\n')[endMark.line]?.startsWith('...');
    return {
      root: root.kind === 'scalar' && root.plain && root.value === '' && root.tag === 'null' ? null : root,
      end: explicit ? { line: endMark.line, column: endMark.column, index: endMark.index } : undefined,
    };
  } catch (e) {
    return syntaxError(e);
  }
}
