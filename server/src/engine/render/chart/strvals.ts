/**
 * Helm's `--set` syntax (pkg/strvals/parser.go, literal_parser.go): `a.b=c`, lists `a={x,y}`, indexes
 * `a[0].b=1`, `\` escapes, typed values (`1` → int64, `true` → bool, `null` → nil) unless --set-string, JSON
 * values for --set-json, and raw text for --set-literal. Errors carry strvals' messages, including the recovered
 * panics of its type assertions ("unable to parse key: interface conversion: …").
 */
import { GoMap, GoNumber, GoValue } from '../goValue';

export const MAX_INDEX = 65536;
export const MAX_NESTED_NAME_LEVEL = 30;

/** An error strvals returns; `eof` marks io.EOF, which ends parsing quietly. */
export class StrvalsError extends Error {
  constructor(
    message: string,
    readonly eof = false,
  ) {
    super(message);
  }
}
const EOF = new StrvalsError('EOF', true);

/** A recovered Go panic inside the parser. */
class ParserPanic extends Error {}

/** Go's name of a value's dynamic type, for "interface conversion" messages. */
function goTypeName(v: GoValue | undefined): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'bigint') return 'int';
  if (v instanceof GoNumber) return v.kind;
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof Map) return 'map[string]interface {}';
  if (v instanceof Uint8Array) return '[]uint8';
  return 'interface {}';
}

function assertList(v: GoValue | undefined): GoValue[] {
  if (Array.isArray(v)) return v;
  throw new ParserPanic(`interface conversion: interface {} is ${goTypeName(v)}, not []interface {}`);
}

function assertMap(v: GoValue | undefined): GoMap {
  if (v instanceof Map) return v;
  throw new ParserPanic(`interface conversion: interface {} is ${goTypeName(v)}, not map[string]interface {}`);
}

/** Converts the runes of a value: typedVal for --set/--set-string, the file reader for --set-file. */
export type RunesReader = (s: string) => GoValue;

/** A rune scanner over a string (bytes.Buffer's ReadRune/UnreadRune). */
class Scanner {
  readonly cps: string[];
  pos = 0;
  constructor(s: string) {
    this.cps = Array.from(s);
  }
  read(): string | undefined {
    return this.pos < this.cps.length ? this.cps[this.pos++] : undefined;
  }
  unread(): void {
    this.pos--;
  }
  rest(): string {
    return this.cps.slice(this.pos).join('');
  }
}

interface Until {
  v: string;
  last: string | undefined;
  eof: boolean;
}

/** parser.go runesUntil (escapes honoured) / literal_parser.go runesUntilLiteral (no escapes). */
function runesUntil(sc: Scanner, stop: string, escapes: boolean): Until {
  let v = '';
  for (;;) {
    const r = sc.read();
    if (r === undefined) return { v, last: undefined, eof: true };
    if (stop.includes(r)) return { v, last: r, eof: false };
    if (escapes && r === '\\') {
      const next = sc.read();
      if (next === undefined) return { v, last: undefined, eof: true };
      v += next;
      continue;
    }
    v += r;
  }
}

/** parser.go typedVal. */
export function typedVal(val: string, st: boolean): GoValue {
  if (st) return val;
  const lower = val.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (val === '0') return new GoNumber('int64', 0n);
  if (val.length !== 0 && val[0] !== '0' && /^[+-]?[0-9]+$/.test(val)) {
    const n = BigInt(val);
    if (n >= -(1n << 63n) && n < 1n << 63n) return new GoNumber('int64', n);
  }
  return val;
}

/** strconv.Atoi, with its error text. */
function atoi(s: string): number {
  if (/^[+-]?[0-9]+$/.test(s)) {
    const n = BigInt(s);
    if (n >= -(1n << 63n) && n < 1n << 63n) return Number(n);
    throw new StrvalsError(`strconv.Atoi: parsing ${goQuoteRunes(s)}: value out of range`);
  }
  throw new StrvalsError(`strconv.Atoi: parsing ${goQuoteRunes(s)}: invalid syntax`);
}

/** %q of a string. */
function goQuoteRunes(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, '\\x$1').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** %q of a []rune: each rune quoted, space separated, in brackets. */
function quoteRuneSlice(s: string): string {
  const parts = Array.from(s).map((ch) => {
    if (ch === "'" || ch === '\\') return `'\\${ch}'`;
    const q = JSON.stringify(ch).slice(1, -1);
    return `'${q.replace(/\\"/g, '"')}'`;
  });
  return `[${parts.join(' ')}]`;
}

function set(data: GoMap, key: string, val: GoValue): void {
  if (key.length === 0) return;
  data.set(key, val);
}

/** parser.go setIndex (a panic inside becomes "error processing index"). */
function setIndex(list: GoValue[], index: number, val: GoValue): GoValue[] {
  if (index < 0) throw new StrvalsError(`negative ${index} index not allowed`);
  if (index > MAX_INDEX) throw new StrvalsError(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`);
  if (list.length <= index) {
    const nl: GoValue[] = new Array<GoValue>(index + 1).fill(null);
    for (let i = 0; i < list.length; i++) nl[i] = list[i];
    list = nl;
  }
  list[index] = val;
  return list;
}

type Mode = 'typed' | 'string' | 'json' | 'file' | 'literal';

class Parser {
  readonly sc: Scanner;
  constructor(
    s: string,
    readonly data: GoMap,
    readonly mode: Mode,
    readonly reader: RunesReader,
  ) {
    this.sc = new Scanner(s);
  }

  get escapes(): boolean {
    return this.mode !== 'literal';
  }

  parse(): void {
    for (;;) {
      try {
        this.key(this.data, 0);
      } catch (e) {
        if (e instanceof StrvalsError && e.eof) return;
        throw e;
      }
    }
  }

  /** parser.go key / literal_parser.go key, with the deferred recover. */
  key(data: GoMap, level: number): void {
    try {
      this.keyInner(data, level);
    } catch (e) {
      if (e instanceof ParserPanic) throw new StrvalsError(`unable to parse key: ${e.message}`);
      throw e;
    }
  }

  private keyInner(data: GoMap, level: number): void {
    const lit = this.mode === 'literal';
    const u = runesUntil(this.sc, lit ? '=[.' : '=[,.', this.escapes);
    const k = u.v;
    if (u.eof) {
      if (k.length === 0) throw EOF;
      throw new StrvalsError(`key ${goQuoteRunes(k)} has no value`);
    }
    switch (u.last) {
      case '[': {
        let i: number;
        try {
          i = this.keyIndex();
        } catch (e) {
          if (e instanceof StrvalsError && !e.eof) throw new StrvalsError(`error parsing index: ${e.message}`);
          throw e;
        }
        let list: GoValue[] = [];
        if (data.has(k)) list = assertList(data.get(k));
        try {
          list = this.listItem(list, i, level);
        } finally {
          set(data, k, list);
        }
        return;
      }
      case '=': {
        if (lit) {
          const v = runesUntil(this.sc, '', false).v;
          set(data, k, v);
          return;
        }
        if (this.mode === 'json') {
          if (this.emptyVal()) {
            set(data, k, null);
            return;
          }
          set(data, k, this.jsonValue());
          this.emptyVal();
          return;
        }
        const vl = this.valList();
        if (vl.kind === 'list') {
          set(data, k, vl.list);
          return;
        }
        if (vl.kind === 'eof') {
          set(data, k, '');
          throw EOF;
        }
        // val's io.EOF is dropped here: parse() meets it again on the next key.
        const rs = this.val();
        set(data, k, this.reader(rs.v));
        return;
      }
      case ',':
        set(data, k, '');
        throw new StrvalsError(`key ${goQuoteRunes(k)} has no value (cannot end with ,)`);
      case '.': {
        level++;
        if (level > MAX_NESTED_NAME_LEVEL) {
          throw new StrvalsError(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`);
        }
        let inner: GoMap = new Map();
        if (data.has(k)) inner = assertMap(data.get(k));
        let err: unknown;
        try {
          this.key(inner, level);
        } catch (e) {
          err = e;
        }
        if (err === undefined && inner.size === 0) throw new StrvalsError(`key map ${goQuoteRunes(k)} has no value`);
        if (inner.size !== 0) set(data, k, inner);
        if (err !== undefined) throw err;
        return;
      }
    }
  }

  keyIndex(): number {
    const u = runesUntil(this.sc, ']', this.escapes);
    if (u.eof) throw EOF;
    return atoi(u.v);
  }

  listItem(list: GoValue[], i: number, level: number): GoValue[] {
    if (i < 0) throw new StrvalsError(`negative ${i} index not allowed`);
    const u = runesUntil(this.sc, '[.=', this.escapes);
    if (u.v.length > 0) throw new StrvalsError(`unexpected data at end of array index: ${quoteRuneSlice(u.v)}`);
    if (u.eof) throw EOF;
    switch (u.last) {
      case '=': {
        if (this.mode === 'literal') return setIndex(list, i, runesUntil(this.sc, '', false).v);
        if (this.mode === 'json') {
          if (this.emptyVal()) return setIndex(list, i, null);
          list = setIndex(list, i, this.jsonValue());
          this.emptyVal();
          return list;
        }
        const vl = this.valList();
        if (vl.kind === 'list') return setIndex(list, i, vl.list);
        if (vl.kind === 'eof') return setIndex(list, i, '');
        const rs = this.val();
        return setIndex(list, i, this.reader(rs.v));
      }
      case '[': {
        let next: number;
        try {
          next = this.keyIndex();
        } catch (e) {
          if (e instanceof StrvalsError && !e.eof) throw new StrvalsError(`error parsing index: ${e.message}`);
          throw e;
        }
        let crt: GoValue[] = [];
        if (list.length > i && list[i] !== null) crt = assertList(list[i]);
        const list2 = this.listItem(crt, next, level);
        return setIndex(list, i, list2);
      }
      case '.': {
        let inner: GoMap = new Map();
        if (list.length > i) {
          const cur = list[i];
          if (cur instanceof Map) inner = cur;
          else list[i] = inner;
        }
        this.key(inner, level);
        return setIndex(list, i, inner);
      }
    }
    throw new StrvalsError(`parse error: unexpected token ${u.last}`);
  }

  /** parser.go emptyVal: skips spaces; true at EOF or after a comma. */
  emptyVal(): boolean {
    for (;;) {
      const r = this.sc.read();
      if (r === undefined) return true;
      if (r === ',') return true;
      if (!/^[\s\u0085]$/u.test(r)) {
        this.sc.unread();
        return false;
      }
    }
  }

  val(): Until {
    return runesUntil(this.sc, ',', true);
  }

  valList(): { kind: 'list'; list: GoValue[] } | { kind: 'eof' } | { kind: 'notlist' } {
    const r = this.sc.read();
    if (r === undefined) return { kind: 'eof' };
    if (r !== '{') {
      this.sc.unread();
      return { kind: 'notlist' };
    }
    const list: GoValue[] = [];
    for (;;) {
      const u = runesUntil(this.sc, ',}', true);
      if (u.eof) throw new StrvalsError("list must terminate with '}'");
      if (u.last === '}') {
        const n = this.sc.read();
        if (n !== undefined && n !== ',') this.sc.unread();
        list.push(this.reader(u.v));
        return { kind: 'list', list };
      }
      list.push(this.reader(u.v));
    }
  }

  /** json.Decoder.Decode on the rest of the input, then skips what it consumed. */
  jsonValue(): GoValue {
    const text = this.sc.rest();
    const r = decodeJsonPrefix(text);
    // advance by the consumed code points
    this.sc.pos += Array.from(text.slice(0, r.end)).length;
    return r.value;
  }
}

/** Reads one JSON value from the start of `s` (leading white space allowed) as encoding/json does: numbers as
 * float64, objects as maps. Throws StrvalsError on invalid JSON. */
export function decodeJsonPrefix(s: string): { value: GoValue; end: number } {
  let i = 0;
  const ws = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const fail = (): never => {
    throw new StrvalsError(i >= s.length ? 'unexpected EOF' : `invalid character ${JSON.stringify(s[i])} looking for beginning of value`);
  };
  let depth = 0;
  const value = (): GoValue => {
    ws();
    if (++depth > 10000) fail();
    try {
      const c = s[i];
      if (c === '{') {
        i++;
        const m: GoMap = new Map();
        ws();
        if (s[i] === '}') {
          i++;
          return m;
        }
        for (;;) {
          ws();
          if (s[i] !== '"') fail();
          const k = str();
          ws();
          if (s[i] !== ':') fail();
          i++;
          m.set(k, value());
          ws();
          if (s[i] === ',') {
            i++;
            continue;
          }
          if (s[i] === '}') {
            i++;
            return m;
          }
          fail();
        }
      }
      if (c === '[') {
        i++;
        const a: GoValue[] = [];
        ws();
        if (s[i] === ']') {
          i++;
          return a;
        }
        for (;;) {
          a.push(value());
          ws();
          if (s[i] === ',') {
            i++;
            continue;
          }
          if (s[i] === ']') {
            i++;
            return a;
          }
          fail();
        }
      }
      if (c === '"') return str();
      if (s.startsWith('true', i)) {
        i += 4;
        return true;
      }
      if (s.startsWith('false', i)) {
        i += 5;
        return false;
      }
      if (s.startsWith('null', i)) {
        i += 4;
        return null;
      }
      const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(s.slice(i));
      if (!m || m[0] === '' || m[0] === '-') fail();
      i += m![0].length;
      return Number(m![0]);
    } finally {
      depth--;
    }
  };
  const str = (): string => {
    i++;
    let out = '';
    for (;;) {
      if (i >= s.length) fail();
      const c = s[i];
      if (c === '"') {
        i++;
        return out;
      }
      if (c < ' ') fail();
      if (c === '\\') {
        const e = s[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
          continue;
        }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        i++;
        fail();
      }
      out += c;
      i++;
    }
  };
  const v = value();
  return { value: v, end: i };
}

function parseWith(s: string, dest: GoMap, mode: Mode, reader?: RunesReader): void {
  const rd: RunesReader = reader ?? ((rs) => typedVal(rs, mode === 'string'));
  new Parser(s, dest, mode, rd).parse();
}

/** strvals.ParseInto (--set). Throws StrvalsError. */
export function parseInto(s: string, dest: GoMap): void {
  parseWith(s, dest, 'typed');
}

/** strvals.ParseIntoString (--set-string). */
export function parseIntoString(s: string, dest: GoMap): void {
  parseWith(s, dest, 'string');
}

/** strvals.ParseJSON (--set-json, key=JSON form). */
export function parseJson(s: string, dest: GoMap): void {
  parseWith(s, dest, 'json');
}

/** strvals.ParseIntoFile (--set-file): `reader` turns the value text (a path) into the value. */
export function parseIntoFile(s: string, dest: GoMap, reader: RunesReader): void {
  parseWith(s, dest, 'file', reader);
}

/** strvals.ParseLiteralInto (--set-literal). */
export function parseLiteralInto(s: string, dest: GoMap): void {
  parseWith(s, dest, 'literal');
}

/** strvals.Parse: a fresh map. */
export function parse(s: string): GoMap {
  const m: GoMap = new Map();
  parseInto(s, m);
  return m;
}
