/**
 * A TOML reader for Helm's `fromToml` (pkg/engine/funcs.go: toml.Unmarshal into map[string]interface{} with
 * BurntSushi/toml): tables become maps, arrays []interface{}, arrays of tables []map[string]interface{}, integers
 * int64, floats float64, datetimes time.Time (built by the caller's `datetime`, which knows Go's time values).
 * Errors are GoError "toml: line N (last key \"k\"): …" in BurntSushi's form; the message texts after the
 * position are close to, not always identical with, BurntSushi's.
 */
import { GoError, GoNumber, typedSlice, type GoMap, type GoValue } from '../goValue';

export interface TomlDatetime {
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  nsec: number;
  /** 'offset' with offsetSec (Z is 0), or BurntSushi's local kinds. */
  kind: 'offset' | 'datetime-local' | 'date-local' | 'time-local';
  offsetSec: number;
  /** The offset was written as Z. */
  zulu: boolean;
}

class TomlError extends Error {}

const TABLE_ARRAY = 'map[string]interface {}';

/** %q of a rune, as BurntSushi's messages print the offending character. */
function goRune(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '\\') return "'\\\\'";
  const j = JSON.stringify(c);
  return `'${j.slice(1, -1)}'`;
}

/** `eofLineZero`: BurntSushi v1.4 (Helm 3) reports errors at the end of the input on line 0. */
export function decodeToml(text: string, datetime: (d: TomlDatetime) => GoValue, eofLineZero = false): GoMap {
  const root: GoMap = new Map();
  const p = new Parser(text, datetime);
  try {
    p.document(root);
  } catch (e) {
    if (e instanceof TomlError) {
      const lk = p.lastKey;
      if (eofLineZero && e.message.startsWith('unexpected EOF')) p.line = 0;
      throw new GoError(lk === '' ? `toml: line ${p.line}: ${e.message}` : `toml: line ${p.line} (last key ${JSON.stringify(lk)}): ${e.message}`);
    }
    throw e;
  }
  return root;
}

/** Tables defined by a [header] or by key/values (may not be redefined); inline tables and arrays are closed. */
const DEFINED = new WeakSet<GoMap>();
const CLOSED = new WeakSet<object>();
const TABLE_ARRAYS = new WeakSet<GoValue[]>();

class Parser {
  pos = 0;
  line = 1;
  lastKey = '';
  /** The current [table] header's key. */
  context = '';
  inInline = 0;
  constructor(
    private readonly s: string,
    private readonly datetime: (d: TomlDatetime) => GoValue,
  ) {}

  private fail(msg: string): never {
    throw new TomlError(msg);
  }

  private peek(k = 0): string {
    return this.s.charAt(this.pos + k);
  }

  private skipWs(): void {
    while (this.pos < this.s.length && (this.s[this.pos] === ' ' || this.s[this.pos] === '\t')) this.pos++;
  }

  private skipComment(): void {
    if (this.peek() === '#') while (this.pos < this.s.length && this.s[this.pos] !== '\n') this.pos++;
  }

  /** Whitespace, newlines and comments (inside arrays). */
  private skipAll(): void {
    for (;;) {
      this.skipWs();
      this.skipComment();
      const c = this.peek();
      if (c === '\n') {
        this.line++;
        this.pos++;
      } else if (c === '\r' && this.peek(1) === '\n') {
        this.line++;
        this.pos += 2;
      } else return;
    }
  }

  private endOfLine(): void {
    this.skipWs();
    this.skipComment();
    const c = this.peek();
    if (c === '') return;
    if (c === '\n') {
      this.pos++;
      this.line++;
      return;
    }
    if (c === '\r' && this.peek(1) === '\n') {
      this.pos += 2;
      this.line++;
      return;
    }
    this.fail(`expected a top-level item to end with a newline, comment, or EOF, but got ${goRune(c)} instead`);
  }

  document(root: GoMap): void {
    let current = root;
    for (;;) {
      this.skipAll();
      if (this.pos >= this.s.length) return;
      if (this.peek() === '[') {
        const isArray = this.peek(1) === '[';
        this.pos += isArray ? 2 : 1;
        this.skipWs();
        const keys = this.key();
        this.skipWs();
        if (isArray) {
          if (this.peek() !== ']' || this.peek(1) !== ']') this.fail('expected "]]" to close the array table');
          this.pos += 2;
        } else {
          if (this.peek() !== ']') this.fail('expected "]" to close the table');
          this.pos++;
        }
        current = isArray ? this.arrayTable(root, keys) : this.table(root, keys);
        this.context = keys.join('.');
        this.endOfLine();
        continue;
      }
      this.keyValue(current);
      // BurntSushi's last key names the key/value being read only
      this.lastKey = '';
      this.endOfLine();
    }
  }

  private descend(m: GoMap, k: string, implicitOk: boolean): GoMap {
    const v = m.get(k);
    if (v === undefined) {
      const t: GoMap = new Map();
      m.set(k, t);
      return t;
    }
    if (v instanceof Map) {
      if (CLOSED.has(v) || (!implicitOk && DEFINED.has(v))) this.fail(`Key '${k}' has already been defined.`);
      return v;
    }
    if (Array.isArray(v) && TABLE_ARRAYS.has(v) && implicitOk) return v[v.length - 1] as GoMap;
    return this.fail(`Key '${k}' has already been defined.`);
  }

  private table(root: GoMap, keys: string[]): GoMap {
    let m = root;
    for (let i = 0; i < keys.length - 1; i++) m = this.descend(m, keys[i], true);
    const last = keys[keys.length - 1];
    const v = m.get(last);
    if (v instanceof Map) {
      if (DEFINED.has(v) || CLOSED.has(v)) this.fail(`Key '${keys.join('.')}' has already been defined.`);
      DEFINED.add(v);
      return v;
    }
    if (v !== undefined) this.fail(`Key '${keys.join('.')}' has already been defined.`);
    const t: GoMap = new Map();
    DEFINED.add(t);
    m.set(last, t);
    return t;
  }

  private arrayTable(root: GoMap, keys: string[]): GoMap {
    let m = root;
    for (let i = 0; i < keys.length - 1; i++) m = this.descend(m, keys[i], true);
    const last = keys[keys.length - 1];
    let arr = m.get(last);
    if (arr === undefined) {
      arr = typedSlice([], TABLE_ARRAY);
      TABLE_ARRAYS.add(arr);
      m.set(last, arr);
    } else if (!Array.isArray(arr) || !TABLE_ARRAYS.has(arr)) {
      this.fail(`Key '${keys.join('.')}' has already been defined.`);
    }
    const t: GoMap = new Map();
    DEFINED.add(t);
    arr.push(t);
    return t;
  }

  private keyValue(m: GoMap): void {
    const keys = this.key();
    this.skipWs();
    if (this.peek() !== '=') this.fail(`expected "=" after key ${JSON.stringify(keys.join('.'))}`);
    this.pos++;
    this.skipWs();
    this.lastKey = (this.context === '' || this.inInline > 0 ? '' : this.context + '.') + keys.join('.');
    const value = this.value();
    let t = m;
    for (let i = 0; i < keys.length - 1; i++) {
      t = this.descend(t, keys[i], false);
      DEFINED.add(t);
    }
    const last = keys[keys.length - 1];
    if (t.has(last)) this.fail(`Key '${this.lastKey}' has already been defined.`);
    t.set(last, value);
  }

  private key(): string[] {
    const keys: string[] = [];
    for (;;) {
      this.skipWs();
      const c = this.peek();
      if (c === '"') keys.push(this.basicString());
      else if (c === "'") keys.push(this.literalString());
      else {
        const start = this.pos;
        while (/[A-Za-z0-9_-]/.test(this.peek())) this.pos++;
        if (this.pos === start) this.fail(c === '' || c === '\n' ? 'unexpected end of key' : `bare keys cannot contain ${JSON.stringify(c)}`);
        keys.push(this.s.slice(start, this.pos));
      }
      this.skipWs();
      if (this.peek() !== '.') return keys;
      this.pos++;
    }
  }

  private value(): GoValue {
    const c = this.peek();
    if (c === '"') return this.peek(1) === '"' && this.peek(2) === '"' ? this.multiBasic() : this.basicString();
    if (c === "'") return this.peek(1) === "'" && this.peek(2) === "'" ? this.multiLiteral() : this.literalString();
    if (c === '[') return this.array();
    if (c === '{') return this.inlineTable();
    if (this.s.startsWith('true', this.pos) && !/[A-Za-z0-9_]/.test(this.peek(4))) {
      this.pos += 4;
      return true;
    }
    if (this.s.startsWith('false', this.pos) && !/[A-Za-z0-9_]/.test(this.peek(5))) {
      this.pos += 5;
      return false;
    }
    return this.scalar();
  }

  private array(): GoValue[] {
    this.pos++;
    const out: GoValue[] = [];
    for (;;) {
      this.skipAll();
      if (this.peek() === ']') {
        this.pos++;
        CLOSED.add(out);
        return out;
      }
      if (this.pos >= this.s.length) this.fail('unexpected EOF; expected "]"');
      out.push(this.value());
      this.skipAll();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ']') this.fail(`expected a comma (',') or array terminator (']'), but got ${goRune(this.peek())}`);
    }
  }

  private inlineTable(): GoMap {
    this.inInline++;
    try {
      return this.inlineTableBody();
    } finally {
      this.inInline--;
    }
  }

  private inlineTableBody(): GoMap {
    this.pos++;
    const m: GoMap = new Map();
    this.skipWs();
    if (this.peek() === '}') {
      this.pos++;
      CLOSED.add(m);
      return m;
    }
    for (;;) {
      this.skipWs();
      const saved = this.lastKey;
      this.keyValue(m);
      this.lastKey = saved;
      this.skipWs();
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      if (this.peek() === '}') {
        this.pos++;
        CLOSED.add(m);
        return m;
      }
      this.fail(`expected a comma or an inline table terminator '}', but got ${goRune(this.peek())} instead`);
    }
  }

  private escape(): string {
    const c = this.peek();
    this.pos++;
    switch (c) {
      case 'b':
        return '\b';
      case 't':
        return '\t';
      case 'n':
        return '\n';
      case 'f':
        return '\f';
      case 'r':
        return '\r';
      case 'e':
        return '\x1b';
      case '"':
        return '"';
      case '\\':
        return '\\';
      case 'u':
      case 'U': {
        const n = c === 'u' ? 4 : 8;
        const hex = this.s.slice(this.pos, this.pos + n);
        if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== n) this.fail(`invalid escape: '\\${c}${hex}'`);
        this.pos += n;
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) this.fail(`invalid escape: '\\${c}${hex}'`);
        return String.fromCodePoint(cp);
      }
      case 'x': {
        const hex = this.s.slice(this.pos, this.pos + 2);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) this.fail(`invalid escape: '\\x${hex}'`);
        this.pos += 2;
        return String.fromCharCode(parseInt(hex, 16));
      }
    }
    return this.fail(`invalid escape character ${JSON.stringify(c)}; only the following escape characters are allowed: \\b, \\t, \\n, \\f, \\r, \\", \\\\, \\uXXXX, and \\UXXXXXXXX`);
  }

  private basicString(): string {
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === '' || c === '\n') this.fail('unexpected EOF; expected \'"\'');
      this.pos++;
      if (c === '"') return out;
      out += c === '\\' ? this.escape() : c;
    }
  }

  private literalString(): string {
    this.pos++;
    const end = this.s.indexOf("'", this.pos);
    const nl = this.s.indexOf('\n', this.pos);
    if (end < 0 || (nl >= 0 && nl < end)) this.fail("unexpected EOF; expected \"'\"");
    const v = this.s.slice(this.pos, end);
    this.pos = end + 1;
    return v;
  }

  private multiBasic(): string {
    this.pos += 3;
    if (this.peek() === '\n') {
      this.pos++;
      this.line++;
    } else if (this.peek() === '\r' && this.peek(1) === '\n') {
      this.pos += 2;
      this.line++;
    }
    let out = '';
    for (;;) {
      if (this.pos >= this.s.length) this.fail('unexpected EOF; expected \'"""\'');
      if (this.s.startsWith('"""', this.pos)) {
        let n = 3;
        while (this.peek(n) === '"' && n < 5) n++;
        out += '"'.repeat(n - 3);
        this.pos += n;
        return out;
      }
      const c = this.peek();
      this.pos++;
      if (c === '\n') this.line++;
      if (c === '\\') {
        // a line-ending backslash trims the newline and the whitespace after it
        let k = this.pos;
        while (this.s[k] === ' ' || this.s[k] === '\t') k++;
        if (this.s[k] === '\n' || (this.s[k] === '\r' && this.s[k + 1] === '\n')) {
          this.pos = k;
          while (/[ \t\r\n]/.test(this.peek())) {
            if (this.peek() === '\n') this.line++;
            this.pos++;
          }
          continue;
        }
        out += this.escape();
        continue;
      }
      out += c;
    }
  }

  private multiLiteral(): string {
    this.pos += 3;
    if (this.peek() === '\n') {
      this.pos++;
      this.line++;
    } else if (this.peek() === '\r' && this.peek(1) === '\n') {
      this.pos += 2;
      this.line++;
    }
    const end = this.s.indexOf("'''", this.pos);
    if (end < 0) this.fail("unexpected EOF; expected \"'''\"");
    let e = end + 3;
    while (this.s[e] === "'" && e - end < 5) e++;
    const v = this.s.slice(this.pos, e - 3);
    for (const ch of v) if (ch === '\n') this.line++;
    this.pos = e;
    return v;
  }

  private scalar(): GoValue {
    const start = this.pos;
    // a datetime may hold one space between date and time
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?)?/.exec(this.s.slice(start, start + 64));
    if (m) {
      this.pos += m[0].length;
      return this.datetimeValue(m);
    }
    const t = /^(\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d+))?/.exec(this.s.slice(start, start + 32));
    if (t) {
      this.pos += t[0].length;
      const frac = (t[4] ?? '').slice(0, 9).padEnd(9, '0');
      return this.datetime({ year: 0, month: 1, day: 1, hour: +t[1], min: +t[2], sec: +(t[3] ?? 0), nsec: +frac, kind: 'time-local', offsetSec: 0, zulu: false });
    }
    while (this.pos < this.s.length && /[^\s,\]}#]/.test(this.s[this.pos])) this.pos++;
    const raw = this.s.slice(start, this.pos);
    if (raw === '') this.fail(this.pos >= this.s.length ? 'unexpected EOF; expected value' : `expected value but found ${goRune(this.peek())} instead`);
    return this.number(raw);
  }

  private datetimeValue(m: RegExpExecArray): GoValue {
    const d: TomlDatetime = {
      year: +m[1],
      month: +m[2],
      day: +m[3],
      hour: +(m[4] ?? 0),
      min: +(m[5] ?? 0),
      sec: +(m[6] ?? 0),
      nsec: +(m[7] ?? '').slice(0, 9).padEnd(9, '0'),
      kind: m[4] === undefined ? 'date-local' : m[8] === undefined ? 'datetime-local' : 'offset',
      offsetSec: 0,
      zulu: m[8] === 'Z' || m[8] === 'z',
    };
    if (m[8] !== undefined && !d.zulu) {
      const sign = m[8][0] === '-' ? -1 : 1;
      d.offsetSec = sign * (+m[8].slice(1, 3) * 3600 + +m[8].slice(4, 6) * 60);
    }
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31 || d.hour > 23 || d.min > 59 || d.sec > 60) {
      this.fail(`invalid TOML datetime ${JSON.stringify(m[0])}`);
    }
    return this.datetime(d);
  }

  private number(raw: string): GoValue {
    const bad = (): never => this.fail(`invalid number: ${JSON.stringify(raw)}`);
    if (/^[+-]?(inf|nan)$/.test(raw)) return raw.endsWith('nan') ? NaN : raw[0] === '-' ? -Infinity : Infinity;
    if (/^0[xob]/.test(raw)) {
      const body = raw.slice(2);
      const digits = raw[1] === 'x' ? /^[0-9A-Fa-f](_?[0-9A-Fa-f])*$/ : raw[1] === 'o' ? /^[0-7](_?[0-7])*$/ : /^[01](_?[01])*$/;
      if (!digits.test(body)) bad();
      const v = BigInt('0' + raw[1] + body.replace(/_/g, ''));
      if (v > 0x7fffffffffffffffn) this.fail(`${JSON.stringify(raw)} is out of range for int64`);
      return new GoNumber('int64', v);
    }
    if (/^[+-]?(0|[1-9](_?\d)*)$/.test(raw)) {
      const v = BigInt(raw.replace(/_/g, ''));
      if (v > 0x7fffffffffffffffn || v < -0x8000000000000000n) this.fail(`${JSON.stringify(raw)} is out of range for int64`);
      return new GoNumber('int64', v);
    }
    if (/^[+-]?(0|[1-9](_?\d)*)(\.\d(_?\d)*)?([eE][+-]?\d(_?\d)*)?$/.test(raw) && /[.eE]/.test(raw)) {
      return Number(raw.replace(/_/g, ''));
    }
    return bad();
  }
}
