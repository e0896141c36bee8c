/**
 * Helm's `toYaml`: sigs.k8s.io/yaml.Marshal — encoding/json first (json tags, sorted map keys, []byte as base64,
 * float text), then that JSON read back by go-yaml v2 (numbers become int / uint64 / float64 by go-yaml's resolver)
 * and written by go-yaml v2's emitter (a port of libyaml's emitter: 2-space indent, indentless sequences under keys,
 * plain / single / double quoted / literal styles, folding of long lines at 80 columns).
 *
 * The same go-yaml version (2.4.x) sits under all three pinned Helm versions (sigs.k8s.io/yaml v1.4.0 vendors
 * goyaml.v2 = go-yaml v2.4.0; v1.6.0 imports go.yaml.in/yaml/v2 v2.4.3; the sources are identical), so there is
 * no version switch here.
 *
 * `toYamlPretty` is Helm's other writer: go-yaml v3's Encoder with indent 2 over the Go values themselves (no JSON
 * step: 1000000.0 prints 1e+06), no line folding, sequences indented under their key, v3's key order and tab rule.
 *
 * Mirrors sigs.k8s.io/yaml yaml.go (Marshal, JSONToYAML), go-yaml v2 encode.go (stringv, floatv, isBase60Float),
 * sorter.go (key order), resolve.go and emitterc.go (the emitter state machine for block collections and scalars),
 * and go-yaml v3's encode.go, sorter.go and emitterc.go where they differ.
 */
import { GoError, GoNumber, GoStruct, GoValue } from '../goValue';
import { cycleError, depthError, formatFloat, jsonFloat, structJsonValue } from './json';
import { resolvePlain } from './goYaml';

// ---------------------------------------------------------------------------------------------------------------
// The value as go-yaml sees it after the JSON round trip
// ---------------------------------------------------------------------------------------------------------------

const enum Style {
  Plain,
  Single,
  Double,
  Literal,
}

type YNode =
  | { t: 'scalar'; v: string; style: Style }
  | { t: 'seq'; items: YNode[] }
  | { t: 'map'; keys: YNode[]; values: YNode[] };

const NULL_NODE: YNode = { t: 'scalar', v: 'null', style: Style.Plain };

/** Replaces lone UTF-16 surrogates with U+FFFD (encoding/json writes invalid UTF-8 as U+FFFD). */
function wellFormed(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    let out = '';
    let start = 0;
    for (let j = i; j < s.length; j++) {
      const d = s.charCodeAt(j);
      if (d < 0xd800 || d > 0xdfff) continue;
      if (d <= 0xdbff && j + 1 < s.length) {
        const e = s.charCodeAt(j + 1);
        if (e >= 0xdc00 && e <= 0xdfff) {
          j++;
          continue;
        }
      }
      out += s.slice(start, j) + '\ufffd';
      start = j + 1;
    }
    return out + s.slice(start);
  }
  return s;
}

/** base60 floats (YAML 1.1) are quoted on output (encode.go: isBase60Float). */
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s.charCodeAt(0);
  if (!(c === 0x2b || c === 0x2d || (c >= 0x30 && c <= 0x39)) || s.indexOf(':') < 0) return false;
  return BASE60.test(s);
}

/** encode.go: stringv — the style go-yaml asks for (the emitter may still change it). */
function stringNode(s: string): YNode {
  const canUsePlain = resolvePlain(s).tag === 'str' && !isBase60Float(s);
  let style: Style;
  if (s.indexOf('\n') >= 0) style = Style.Literal;
  else if (canUsePlain) style = Style.Plain;
  else style = Style.Double;
  return { t: 'scalar', v: s, style };
}

/** A JSON number's text as go-yaml's resolver reads it and its encoder writes it back. */
function numberNode(jsonText: string): YNode {
  const r = resolvePlain(jsonText);
  if (r.tag === 'int') return { t: 'scalar', v: r.text, style: Style.Plain };
  if (r.tag === 'float' && typeof r.value === 'number') return { t: 'scalar', v: yamlFloat(r.value), style: Style.Plain };
  return { t: 'scalar', v: jsonText, style: Style.Plain };
}

/** encode.go: floatv — strconv 'g' shortest, with YAML's spellings of the infinities and NaN. */
function yamlFloat(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  return goFormatG(f);
}

/** strconv.FormatFloat(f, 'g', -1, 64). */
export function goFormatG(f: number): string {
  const neg = f < 0 || Object.is(f, -0);
  const abs = Math.abs(f);
  if (abs === 0) return neg ? '-0' : '0';
  const s = abs.toExponential();
  const e = s.indexOf('e');
  const d = s.slice(0, e).replace('.', '');
  const exp = Number(s.slice(e + 1));
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const ex = Math.abs(exp);
    return sign + d[0] + (d.length > 1 ? '.' + d.slice(1) : '') + 'e' + (exp < 0 ? '-' : '+') + (ex < 10 ? '0' + ex : ex);
  }
  const dp = exp + 1;
  if (dp <= 0) return sign + '0.' + '0'.repeat(-dp) + d;
  if (dp >= d.length) return sign + d + '0'.repeat(dp - d.length);
  return sign + d.slice(0, dp) + '.' + d.slice(dp);
}

/** Containers on the current path, checked past CYCLE_CHECK_DEPTH (encode.go: startDetectingCyclesAfter). */
const onPath = new Set<object>();
const CYCLE_CHECK_DEPTH = 1000;

function toNode(v: GoValue, depth: number): YNode {
  if ((Array.isArray(v) || v instanceof Map) && depth > CYCLE_CHECK_DEPTH) {
    if (onPath.has(v)) throw cycleError(v);
    onPath.add(v);
    try {
      return toNodeValue(v, depth);
    } finally {
      onPath.delete(v);
    }
  }
  return toNodeValue(v, depth);
}

function toNodeValue(v: GoValue, depth: number): YNode {
  if (v === null) return NULL_NODE;
  switch (typeof v) {
    case 'string':
      return stringNode(wellFormed(v));
    case 'boolean':
      return { t: 'scalar', v: v ? 'true' : 'false', style: Style.Plain };
    case 'number':
      return numberNode(jsonFloat(v, 64));
    case 'bigint':
      return numberNode(v.toString());
  }
  if (v instanceof GoNumber) return numberNode(typeof v.value === 'number' ? jsonFloat(v.value, 32) : v.value.toString());
  if (v instanceof Uint8Array) return stringNode(Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64'));
  if (Array.isArray(v)) return { t: 'seq', items: v.map((x) => toNode(x, depth + 1)) };
  if (v instanceof Map) return mapNode([...v.entries()], depth);
  if (v instanceof GoStruct) {
    const inner = structJsonValue(v);
    return inner instanceof Map ? mapNode([...inner.entries()], depth) : toNode(inner, depth + 1);
  }
  throw new GoError('json: unsupported type: func()');
}

function mapNode(entries: [string, GoValue][], depth: number): YNode {
  const keyed = entries.map(([k, val]) => {
    const key = wellFormed(k);
    return { key, r: runes(key), val };
  });
  keyed.sort((a, b) => (keyLess(a.r, b.r) ? -1 : keyLess(b.r, a.r) ? 1 : 0));
  return {
    t: 'map',
    keys: keyed.map((e) => stringNode(e.key)),
    values: keyed.map((e) => toNode(e.val, depth + 1)),
  };
}

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const SURROGATE = /[\ud800-\udfff]/;

function isLetter(r: number): boolean {
  if (r < 0x80) return (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a);
  return LETTER.test(String.fromCodePoint(r));
}
function isDigitRune(r: number): boolean {
  if (r < 0x80) return r >= 0x30 && r <= 0x39;
  return DIGIT.test(String.fromCodePoint(r));
}

function runes(s: string): ArrayLike<number> {
  if (!SURROGATE.test(s)) {
    const out = new Uint16Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  return Array.from(s, (ch) => ch.codePointAt(0) ?? 0);
}

/** sorter.go: keyList.Less for two string keys — letters after other runes, digit runs compared as numbers. */
function keyLess(ar: ArrayLike<number>, br: ArrayLike<number>, v3 = false): boolean {
  const n = Math.min(ar.length, br.length);
  // v3's sorter: after a shared digit, a letter sorts before a non-letter (sorter.go v3: `digits`).
  let digits = false;
  for (let i = 0; i < n; i++) {
    if (ar[i] === br[i]) {
      digits = isDigitRune(ar[i]);
      continue;
    }
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return v3 && digits ? al : bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === 0x30 || br[i] === 0x30) {
      for (let j = i - 1; j >= 0 && isDigitRune(ar[j]); j--) {
        if (ar[j] !== 0x30) {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigitRune(ar[ai]); ai++) an = an * 10 + (ar[ai] - 0x30);
    let bi = i;
    for (; bi < br.length && isDigitRune(br[bi]); bi++) bn = bn * 10 + (br[bi] - 0x30);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

// ---------------------------------------------------------------------------------------------------------------
// The emitter (emitterc.go), for block collections, empty flow collections and scalars
// ---------------------------------------------------------------------------------------------------------------

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}
function isBreak(c: number): boolean {
  return c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
}
function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
/** is_blankz: blank, break or the end of the value (NUL). */
function isBlankz(c: number | undefined): boolean {
  return c === undefined || c === 0 || isBlank(c) || isBreak(c);
}
function utf8Len(c: number): number {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

interface ScalarAnalysis {
  /** Code points in the value. */
  cpLen: number;
  /** Some character the double-quoted writer escapes. */
  escapes: boolean;
  /** A single quote (doubled by the single-quoted writer). */
  quote: boolean;
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** The value's code points (surrogate pairs joined). */
function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    out.push(c);
  }
  return out;
}

/** The string of code points v[from:to]. */
function fromCodePoints(v: number[], from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i += 4096) out += String.fromCodePoint(...v.slice(i, Math.min(i + 4096, to)));
  return out;
}

/** emitterc.go: yaml_emitter_analyze_scalar. */
function analyzeScalar(v: number[], v3 = false): ScalarAnalysis {
  if (v.length === 0) {
    return {
      cpLen: 0,
      escapes: false,
      quote: false,
      multiline: false,
      flowPlainAllowed: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
    };
  }
  let escapes = v[0] === 0xfeff;
  let tabCharacters = false;
  let quote = false;
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (
    v.length >= 3 &&
    ((v[0] === 0x2d && v[1] === 0x2d && v[2] === 0x2d) || (v[0] === 0x2e && v[1] === 0x2e && v[2] === 0x2e))
  ) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  const n = v.length;
  for (let i = 0; i < n; i++) {
    const c = v[i];
    const followedByWhitespace = i + 1 >= n || isBlank(v[i + 1]);
    if (i === 0) {
      switch (c) {
        case 0x23: // #
        case 0x2c: // ,
        case 0x5b: // [
        case 0x5d: // ]
        case 0x7b: // {
        case 0x7d: // }
        case 0x26: // &
        case 0x2a: // *
        case 0x21: // !
        case 0x7c: // |
        case 0x3e: // >
        case 0x27: // '
        case 0x22: // "
        case 0x25: // %
        case 0x40: // @
        case 0x60: // `
          flowIndicators = true;
          blockIndicators = true;
          break;
        case 0x3f: // ?
        case 0x3a: // :
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 0x2d: // -
          if (followedByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    } else {
      switch (c) {
        case 0x2c:
        case 0x3f:
        case 0x5b:
        case 0x5d:
        case 0x7b:
        case 0x7d:
          flowIndicators = true;
          break;
        case 0x3a:
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 0x23:
          if (precededByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    }
    // go-yaml v3 tells tabs apart: they keep a value out of plain and single quotes but allow a block scalar.
    if (v3 && c === 0x09) tabCharacters = true;
    else if (!isPrintable(c)) specialCharacters = true;
    if (c === 0x22 || c === 0x5c || !isPrintable(c) || isBreak(c)) escapes = true;
    if (c === 0x27) quote = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  }
  const a: ScalarAnalysis = {
    cpLen: n,
    escapes,
    quote,
    multiline: lineBreaks,
    flowPlainAllowed: true,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || tabCharacters || specialCharacters) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) a.blockAllowed = false;
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

const HEXU = '0123456789ABCDEF';

class Emitter {
  /** go-yaml v3's emitter (toYamlPretty): no line folding, sequences indented under keys, indention kept by breaks. */
  constructor(private readonly v3 = false) {
    this.width = v3 ? Number.MAX_SAFE_INTEGER : BEST_WIDTH;
  }
  private readonly width: number;
  private line = '';
  column = 0;
  indent = -1;
  private indents: number[] = [];
  whitespace = true;
  indention = true;
  flowLevel = 0;
  private mappingContext = false;
  private simpleKeyContext = false;

  result(): string {
    return this.line;
  }

  // --- low-level writers (put, put_break, write, write_break) ---
  private put(s: string): void {
    this.line += s;
    this.column++;
  }
  private putBreak(): void {
    this.line += '\n';
    this.column = 0;
    if (this.v3) this.indention = true;
  }
  /** Appends a run of ordinary characters (no breaks) of `cps` code points. */
  private writeRun(s: string, cps: number): void {
    this.line += s;
    this.column += cps;
  }
  private writeRune(c: number): void {
    this.line += String.fromCodePoint(c);
    this.column++;
  }
  private writeBreak(c: number): void {
    if (c === 0x0a) {
      this.putBreak();
    } else {
      this.writeRune(c);
      this.column = 0;
      if (this.v3) this.indention = true;
    }
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }
  private popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  writeIndent(): void {
    const indent = this.indent < 0 ? 0 : this.indent;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    // v3 leaves `indention` to the line breaks (emitterc.go v3: yaml_emitter_write_indent).
    if (!this.v3) this.indention = true;
  }

  private writeIndicator(ind: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.line += ind;
    this.column += ind.length;
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  // --- nodes (yaml_emitter_emit_node and the collection states) ---
  emitNode(n: YNode, root: boolean, sequence: boolean, mapping: boolean, simpleKey: boolean): void {
    void sequence;
    void root;
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    if (n.t === 'scalar') {
      const cps = codePoints(n.v);
      this.emitScalar(n, cps, analyzeScalar(cps, this.v3));
    } else if (n.t === 'seq') {
      if (this.flowLevel > 0 || n.items.length === 0) this.emitEmptyFlow('[', ']');
      else this.emitBlockSequence(n.items);
    } else if (this.flowLevel > 0 || n.keys.length === 0) {
      this.emitEmptyFlow('{', '}');
    } else {
      this.emitBlockMapping(n.keys, n.values);
    }
  }

  private emitEmptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  private emitBlockSequence(items: YNode[]): void {
    this.increaseIndent(false, !this.v3 && this.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.emitNode(item, false, true, false, false);
    }
    this.popIndent();
  }

  private emitBlockMapping(keys: YNode[], values: YNode[]): void {
    this.increaseIndent(false, false);
    for (let i = 0; i < keys.length; i++) {
      this.writeIndent();
      const key = keys[i];
      const val = values[i];
      if (this.checkSimpleKey(key)) {
        this.emitNode(key, false, false, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.emitNode(key, false, false, true, false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.emitNode(val, false, false, true, false);
    }
    this.popIndent();
  }

  /** yaml_emitter_check_simple_key: single-line scalars of at most 128 bytes, or empty collections. */
  private checkSimpleKey(n: YNode): boolean {
    if (n.t === 'seq') return n.items.length === 0;
    if (n.t === 'map') return n.keys.length === 0;
    let bytes = 0;
    for (let i = 0; i < n.v.length; i++) {
      const c = n.v.codePointAt(i) ?? 0;
      if (isBreak(c)) return false;
      if (c > 0xffff) i++;
      bytes += utf8Len(c);
    }
    return bytes <= 128;
  }

  private emitScalar(n: YNode & { t: 'scalar' }, v: number[], a: ScalarAnalysis): void {
    // yaml_emitter_select_scalar_style (no tags: every scalar is implicit).
    let style = n.style;
    if (this.simpleKeyContext && a.multiline) style = Style.Double;
    if (style === Style.Plain) {
      if ((this.flowLevel > 0 && !a.flowPlainAllowed) || (this.flowLevel === 0 && !a.blockPlainAllowed)) style = Style.Single;
      if (n.v.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = Style.Single;
    }
    if (style === Style.Single && !a.singleQuotedAllowed) style = Style.Double;
    if (style === Style.Literal && (!a.blockAllowed || this.flowLevel > 0 || this.simpleKeyContext)) style = Style.Double;

    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    // Fast paths: a value that cannot reach the folding width, and needs no escaping, is written whole.
    const fits = (extra: number): boolean => !allowBreaks || this.column + extra + a.cpLen <= this.width + 1;
    switch (style) {
      case Style.Plain:
        if (fits(this.whitespace ? 0 : 1)) {
          if (!this.whitespace) this.put(' ');
          this.writeRun(n.v, a.cpLen);
          this.whitespace = false;
          this.indention = false;
        } else {
          this.writePlain(v, allowBreaks);
        }
        break;
      case Style.Single:
        if (!a.quote && !a.multiline && fits(this.whitespace ? 1 : 2)) {
          this.writeIndicator("'", true, false, false);
          this.writeRun(n.v, a.cpLen);
          this.writeIndicator("'", false, false, false);
          this.whitespace = false;
          this.indention = false;
        } else {
          this.writeSingle(v, allowBreaks);
        }
        break;
      case Style.Double:
        if (!a.escapes && fits(this.whitespace ? 1 : 2)) {
          this.writeIndicator('"', true, false, false);
          this.writeRun(n.v, a.cpLen);
          this.writeIndicator('"', false, false, false);
          this.whitespace = false;
          this.indention = false;
        } else {
          this.writeDouble(v, allowBreaks);
        }
        break;
      case Style.Literal:
        this.writeLiteral(v);
        break;
    }
    this.popIndent();
  }

  private writePlain(v: number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > this.width && v[i + 1] !== 0x20) {
          this.writeIndent();
        } else {
          this.writeRune(c);
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeRune(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(v: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > this.width && i > 0 && i < v.length - 1 && v[i + 1] !== 0x20) {
          this.writeIndent();
        } else {
          this.writeRune(c);
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.writeRune(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(v: number[], allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    // is_bom looks at the start of the value whatever the position (emitterc.go quirk).
    const bom = v[0] === 0xfeff;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (!isPrintable(c) || bom || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put('\\');
        switch (c) {
          case 0x00:
            this.put('0');
            break;
          case 0x07:
            this.put('a');
            break;
          case 0x08:
            this.put('b');
            break;
          case 0x09:
            this.put('t');
            break;
          case 0x0a:
            this.put('n');
            break;
          case 0x0b:
            this.put('v');
            break;
          case 0x0c:
            this.put('f');
            break;
          case 0x0d:
            this.put('r');
            break;
          case 0x1b:
            this.put('e');
            break;
          case 0x22:
            this.put('"');
            break;
          case 0x5c:
            this.put('\\');
            break;
          case 0x85:
            this.put('N');
            break;
          case 0xa0:
            this.put('_');
            break;
          case 0x2028:
            this.put('L');
            break;
          case 0x2029:
            this.put('P');
            break;
          default: {
            let w: number;
            if (c <= 0xff) {
              this.put('x');
              w = 2;
            } else if (c <= 0xffff) {
              this.put('u');
              w = 4;
            } else {
              this.put('U');
              w = 8;
            }
            for (let k = (w - 1) * 4; k >= 0; k -= 4) this.put(HEXU[(c >> k) & 15]);
          }
        }
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > this.width && i > 0 && i < v.length - 1) {
          this.writeIndent();
          if (v[i + 1] === 0x20) this.put('\\');
        } else {
          this.writeRune(c);
        }
        spaces = true;
      } else {
        this.writeRune(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(v: number[]): void {
    this.writeIndicator('|', true, false, false);
    // yaml_emitter_write_block_scalar_hints
    if (v.length > 0 && (v[0] === 0x20 || isBreak(v[0]))) this.writeIndicator(String(BEST_INDENT), false, false, false);
    let chomp = '';
    if (v.length === 0) {
      chomp = '-';
    } else if (!isBreak(v[v.length - 1])) {
      chomp = '-';
    } else if (v.length === 1) {
      chomp = '+';
    } else if (isBreak(v[v.length - 2])) {
      chomp = '+';
    }
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    let i = 0;
    while (i < v.length) {
      const c = v[i];
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
        i++;
        continue;
      }
      if (breaks) this.writeIndent();
      let j = i;
      while (j < v.length && !isBreak(v[j])) j++;
      this.writeRun(fromCodePoints(v, i, j), j - i);
      this.indention = false;
      breaks = false;
      i = j;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// toYamlPretty: go-yaml v3's Encoder (indent 2) over the Go values themselves — no JSON step
// ---------------------------------------------------------------------------------------------------------------

/** encode.go (v3): marshal — Go values as go-yaml v3 writes them. */
function toNodeV3(v: GoValue, depth: number): YNode {
  if (depth > 10000) throw new GoError('yaml: value nested too deeply');
  if (v === null) return NULL_NODE;
  switch (typeof v) {
    case 'string':
      return stringNode(wellFormed(v));
    case 'boolean':
      return { t: 'scalar', v: v ? 'true' : 'false', style: Style.Plain };
    case 'number':
      return { t: 'scalar', v: yamlFloat(v), style: Style.Plain };
    case 'bigint':
      return { t: 'scalar', v: v.toString(), style: Style.Plain };
  }
  if (v instanceof GoNumber) {
    if (typeof v.value !== 'number') return { t: 'scalar', v: v.value.toString(), style: Style.Plain };
    const f = v.value;
    const text = Number.isNaN(f) ? '.nan' : f === Infinity ? '.inf' : f === -Infinity ? '-.inf' : formatFloat(f, 'g', 32);
    return { t: 'scalar', v: text, style: Style.Plain };
  }
  // A []byte is a slice of uint8 to v3: a sequence of numbers.
  if (v instanceof Uint8Array) return { t: 'seq', items: Array.from(v, (b) => ({ t: 'scalar', v: String(b), style: Style.Plain }) as YNode) };
  if (Array.isArray(v)) return { t: 'seq', items: v.map((x) => toNodeV3(x, depth + 1)) };
  if (v instanceof Map) {
    const keyed = [...v.entries()].map(([k, val]) => ({ key: wellFormed(k), r: runes(wellFormed(k)), val }));
    keyed.sort((a, b) => (keyLess(a.r, b.r, true) ? -1 : keyLess(b.r, a.r, true) ? 1 : 0));
    return { t: 'map', keys: keyed.map((e) => stringNode(e.key)), values: keyed.map((e) => toNodeV3(e.val, depth + 1)) };
  }
  if (v instanceof GoStruct && v.underlying !== undefined) return toNodeV3(v.underlying, depth);
  if (v instanceof GoStruct) {
    // Without yaml tags v3 keys a struct's exported fields by their lowercased names, in declaration order.
    const keys: YNode[] = [];
    const values: YNode[] = [];
    for (const [k, x] of v.fields) {
      const c = k.charCodeAt(0);
      if (!(c >= 65 && c <= 90)) continue;
      keys.push(stringNode(k.toLowerCase()));
      values.push(toNodeV3(x, depth + 1));
    }
    return { t: 'map', keys, values };
  }
  throw new GoError('cannot marshal type: func()');
}

/** Helm's `toYamlPretty` (pkg/engine/funcs.go: toYAMLPretty): go-yaml v3 with 2-space indent; "" on error. */
export function toYamlPretty(v: GoValue): string {
  try {
    const node = toNodeV3(v, 0);
    const em = new Emitter(true);
    em.emitNode(node, true, false, false, false);
    em.indent = -1;
    em.writeIndent();
    const s = em.result();
    return s.endsWith('\n') ? s.slice(0, -1) : s;
  } catch (e) {
    if (e instanceof GoError || e instanceof RangeError) return '';
    throw e;
  }
}

/** sigs.k8s.io/yaml.Marshal: the YAML text with its trailing newline; throws GoError as Go returns an error. */
export function marshalYaml(v: GoValue): string {
  let node: YNode;
  try {
    node = toNode(v, 0);
  } catch (e) {
    const err = depthError(e, 'json: unsupported value: nested too deeply');
    if (err instanceof GoError) throw new GoError('error marshaling into JSON: ' + err.message);
    throw err;
  } finally {
    onPath.clear();
  }
  const em = new Emitter();
  try {
    em.emitNode(node, true, false, false, false);
  } catch (e) {
    throw depthError(e, 'yaml: nested too deeply');
  }
  // yaml_emitter_emit_document_end: an implicit end still ends the last line.
  em.indent = -1;
  em.writeIndent();
  return em.result();
}

/** Helm's `toYaml` (pkg/engine/funcs.go: toYAML): the marshalled text without its final newline; "" on error. */
export function toYaml(v: GoValue): string {
  try {
    return mustToYaml(v);
  } catch (e) {
    if (e instanceof GoError) return '';
    throw e;
  }
}

/** Helm 4's `mustToYaml`: as toYaml, but throws GoError (Helm panics with it) when marshalling fails. */
export function mustToYaml(v: GoValue): string {
  const s = marshalYaml(v);
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}
