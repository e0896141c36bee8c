/**
 * Helm's `toToml`: BurntSushi/toml's Encoder over the Go value model. Helm 3.17 pins toml v1.4.0, Helm 4.x v1.6.0;
 * they differ in float text ('f' shortest in 1.4.0, so 1e21 prints all its digits; 'g' shortest in 1.6.0, so
 * 1000000 prints 1e+06), hence the `helmVersion` option.
 *
 * Mirrors BurntSushi/toml encode.go (encode, eElement, eTable, eMap, eStruct, eArrayOfTables, floatAddDecimal,
 * dblQuotedReplacer, tomlTypeOfGo, isTableArray) and meta.go (Key.String, Key.maybeQuoted).
 */
import { GoError, GoNumber, GoStruct, GoValue, compareGoStrings } from '../goValue';
import { depthError, formatFloat } from './json';

export type TomlHelmVersion = '3' | '4' | '4.2';

type TomlType = 'hash' | 'arrayHash' | 'other' | null;

const ERR_NIL_ELEMENT = 'toml: cannot encode array with nil element';
const ERR_NO_KEY = 'toml: top-level values must be Go maps or structs';
const MAX_DEPTH = 10000;

function isHash(v: GoValue): v is Map<string, GoValue> | GoStruct {
  return v instanceof Map || v instanceof GoStruct;
}

/** encode.go: tomlTypeOfGo (nil → no type; an array of only tables is an array of tables). */
function tomlTypeOf(v: GoValue): TomlType {
  if (v === null) return null;
  if (isHash(v)) return 'hash';
  if (Array.isArray(v)) {
    if (v.length === 0) return 'other';
    let allHash = true;
    for (const x of v) {
      const t = tomlTypeOf(x);
      if (t === null) throw new GoError(ERR_NIL_ELEMENT);
      if (t !== 'hash') allHash = false;
    }
    return allHash ? 'arrayHash' : 'other';
  }
  return 'other';
}

function isBare(k: string): boolean {
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d)) {
      return false;
    }
  }
  return true;
}

/** encode.go: dblQuotedReplacer. */
function quoteBody(s: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && c !== 0x7f) continue;
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
      case 0x09:
        out += '\\t';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0c:
        out += '\\f';
        break;
      case 0x0d:
        out += '\\r';
        break;
      default:
        out += '\\u' + c.toString(16).padStart(4, '0');
    }
    start = i + 1;
  }
  return out + s.slice(start);
}

/** meta.go: Key.maybeQuoted for one piece. */
function keyPiece(k: string): string {
  if (k === '') return '""';
  return isBare(k) ? k : '"' + quoteBody(k) + '"';
}

function keyString(key: readonly string[]): string {
  return key.map(keyPiece).join('.');
}

/** The fields of a hash: a map's entries, or a struct's (json view, declaration order). */
function hashEntries(v: Map<string, GoValue> | GoStruct): { entries: [string, GoValue][]; sorted: boolean } {
  if (v instanceof Map) return { entries: [...v.entries()], sorted: true };
  if (v.marshal) {
    const inner = v.marshal();
    if (inner instanceof Map) return { entries: [...inner.entries()], sorted: false };
    return { entries: [], sorted: false };
  }
  const out: [string, GoValue][] = [];
  for (const [k, x] of v.fields) {
    const c = k.charCodeAt(0);
    if (c >= 65 && c <= 90) out.push([k, x]);
  }
  return { entries: out, sorted: false };
}

class TomlEncoder {
  out = '';
  private hasWritten = false;
  constructor(private readonly floatFmt: 'f' | 'g') {}

  private write(s: string): void {
    this.out += s;
    this.hasWritten = true;
  }
  private newline(): void {
    if (this.hasWritten) this.write('\n');
  }
  private indentStr(key: readonly string[]): string {
    return '  '.repeat(Math.max(key.length - 1, 0));
  }

  encode(key: string[], v: GoValue, depth: number): void {
    if (depth > MAX_DEPTH) throw new GoError('toml: value nested too deeply');
    if (v === null) return;
    if (isHash(v)) {
      this.eTable(key, v, depth);
      return;
    }
    if (Array.isArray(v) && tomlTypeOf(v) === 'arrayHash') {
      this.eArrayOfTables(key, v, depth);
      return;
    }
    if (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof GoNumber)) {
      throw new GoError(`unsupported type for key '${keyString(key)}': func`);
    }
    this.writeKeyValue(key, v, false, depth);
  }

  private writeKeyValue(key: string[], v: GoValue, inline: boolean, depth: number): void {
    if (key.length === 0) {
      this.eElement(v, depth);
      return;
    }
    this.write(this.indentStr(key) + keyPiece(key[key.length - 1]) + ' = ');
    this.eElement(v, depth);
    if (!inline) this.newline();
  }

  private float(f: number, bits: 32 | 64): string {
    if (Number.isNaN(f)) return 'nan';
    if (!Number.isFinite(f)) return f < 0 ? '-inf' : 'inf';
    const s = formatFloat(f, this.floatFmt, bits);
    // encode.go: floatAddDecimal ('e' counts as a decimal mark from v1.5 on; 'f' output never has one).
    return s.indexOf('.') >= 0 || s.indexOf('e') >= 0 ? s : s + '.0';
  }

  private eElement(v: GoValue, depth: number): void {
    if (depth > MAX_DEPTH) throw new GoError('toml: value nested too deeply');
    if (v === null) throw new GoError(ERR_NIL_ELEMENT);
    switch (typeof v) {
      case 'string':
        this.write('"' + quoteBody(v) + '"');
        return;
      case 'boolean':
        this.write(v ? 'true' : 'false');
        return;
      case 'number':
        this.write(this.float(v, 64));
        return;
      case 'bigint':
        this.write(v.toString());
        return;
    }
    if (v instanceof GoNumber) {
      this.write(typeof v.value === 'number' ? this.float(v.value, 32) : v.value.toString());
      return;
    }
    if (v instanceof Uint8Array) {
      this.write('[' + Array.from(v).join(', ') + ']');
      return;
    }
    if (Array.isArray(v)) {
      this.write('[');
      for (let i = 0; i < v.length; i++) {
        this.eElement(v[i], depth + 1);
        if (i !== v.length - 1) this.write(', ');
      }
      this.write(']');
      return;
    }
    if (isHash(v)) {
      this.eMap([], v, true, depth + 1);
      return;
    }
    throw new GoError('unexpected type: func');
  }

  private eArrayOfTables(key: string[], v: GoValue[], depth: number): void {
    if (key.length === 0) throw new GoError(ERR_NO_KEY);
    for (const t of v) {
      if (t === null) continue;
      this.newline();
      this.write(this.indentStr(key) + '[[' + keyString(key) + ']]');
      this.newline();
      this.eMap(key, t as Map<string, GoValue> | GoStruct, false, depth + 1);
    }
  }

  private eTable(key: string[], v: Map<string, GoValue> | GoStruct, depth: number): void {
    if (key.length === 1) this.newline();
    if (key.length > 0) {
      this.write(this.indentStr(key) + '[' + keyString(key) + ']');
      this.newline();
    }
    this.eMap(key, v, false, depth + 1);
  }

  /** encode.go: eMap / eStruct — plain values first, then tables; map keys in byte order. */
  private eMap(key: string[], v: Map<string, GoValue> | GoStruct, inline: boolean, depth: number): void {
    const { entries, sorted } = hashEntries(v);
    const direct: [string, GoValue][] = [];
    const sub: [string, GoValue][] = [];
    for (const e of entries) {
      const t = tomlTypeOf(e[1]);
      if (t === 'hash' || t === 'arrayHash') sub.push(e);
      else direct.push(e);
    }
    if (sorted) {
      direct.sort((a, b) => compareGoStrings(a[0], b[0]));
      sub.sort((a, b) => compareGoStrings(a[0], b[0]));
    }
    const writeKeys = (list: [string, GoValue][], trailComma: boolean): void => {
      for (let i = 0; i < list.length; i++) {
        const [k, x] = list[i];
        if (x === null) continue;
        if (inline) {
          this.writeKeyValue([k], x, true, depth);
          if (trailComma || i !== list.length - 1) this.write(', ');
        } else {
          this.encode([...key, k], x, depth);
        }
      }
    };
    if (inline) this.write('{');
    writeKeys(direct, sub.length > 0);
    writeKeys(sub, false);
    if (inline) this.write('}');
  }
}

/** toml.NewEncoder(w).Encode(v): the TOML text; throws GoError with the encoder's error text. */
export function encodeToml(v: GoValue, helmVersion: TomlHelmVersion = '4'): string {
  const enc = new TomlEncoder(helmVersion === '3' ? 'f' : 'g');
  try {
    enc.encode([], v, 0);
  } catch (e) {
    throw depthError(e, 'toml: value nested too deeply');
  }
  return enc.out;
}

/** Helm's `toToml` (pkg/engine/funcs.go: toTOML): the TOML text, or the error's text when encoding fails. */
export function toToml(v: GoValue, helmVersion: TomlHelmVersion = '4'): string {
  try {
    return encodeToml(v, helmVersion);
  } catch (e) {
    if (e instanceof GoError) return e.message;
    throw e;
  }
}
