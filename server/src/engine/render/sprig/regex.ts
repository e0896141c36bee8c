/**
 * Sprig's regex functions (regex.go) on Go's RE2 syntax: a Go pattern is parsed as regexp/syntax does (same
 * errors, same texts) into a parse tree, which regexVm.ts compiles to an NFA program and matches with a Pike VM
 * (linear in input × program, leftmost-first as Go, metered against the render budget). The same parse also
 * yields a JS RegExp twin (flag `u`, no `m`/`s`/`i` surprises), used only as a fast path for patterns whose
 * backtracking is provably bounded (quantifiers over single runes only, see regexVm.fastCost) and whose JS
 * semantics equal Go's, on inputs short enough for that bound. The match loops mirror regexp.go (FindAll's "no
 * empty match right after a match", ReplaceAll, Split, Expand).
 */
import { CallContext, FuncTable, GoError, GoPanic, GoValue, typedSlice } from '../goValue';
import {
  Ast,
  compileProg,
  EMPTY_BEGIN_LINE,
  EMPTY_BEGIN_TEXT,
  EMPTY_END_LINE,
  EMPTY_END_TEXT,
  EMPTY_NO_WORD_BOUNDARY,
  EMPTY_WORD_BOUNDARY,
  FastCost,
  fastCost,
  Meter,
  Prog,
  RunePred,
  vmExec,
} from './regexVm';

/** regexp/syntax Error: `error parsing regexp: CODE: `EXPR``. */
export class GoRegexpError extends GoError {
  constructor(code: string, expr: string) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
  }
}

const E_MISSING_PAREN = 'missing closing )';
const E_UNEXPECTED_PAREN = 'unexpected )';
const E_MISSING_BRACKET = 'missing closing ]';
const E_CLASS_RANGE = 'invalid character class range';
const E_ESCAPE = 'invalid escape sequence';
const E_NAMED = 'invalid named capture';
const E_PERL_OP = 'invalid or unsupported Perl syntax';
const E_REPEAT_OP = 'invalid nested repetition operator';
const E_REPEAT_SIZE = 'invalid repeat count';
const E_MISSING_REPEAT = 'missing argument to repetition operator';
const E_TRAILING = 'trailing backslash at end of expression';
const E_NESTING = 'expression nests too deeply';

const MAX_RUNE = 0x10ffff;
const MAX_REPEAT = 1000;

// Flags as regexp/syntax keeps them while parsing.
const F_FOLD = 1;
const F_DOTNL = 2;
const F_MULTI = 4; // i.e. not OneLine
const F_UNGREEDY = 8;

/** A compiled Go regexp: the JS twin, its capture names (index 0 is the whole match), and the source. */
export interface GoRegexp {
  readonly expr: string;
  readonly re: RegExp; // global + unicode, used with lastIndex
  readonly names: readonly string[];
  /** The NFA program the Pike VM runs (linear time). */
  readonly prog: Prog;
  /** Backtracking bound of `re` when it is a safe fast path (same results as Go), else null. */
  readonly fast: FastCost | null;
  /** `re` with the `d` flag (submatch indices), made on first use. */
  reIndices?: RegExp;
}

interface Node {
  // Repeat factor when this item is an x{n,m} repetition (0 otherwise), and nested items (for repeatIsValid).
  m: number;
  kids: Node[];
}

interface Item {
  js: string;
  node: Node;
  assertion: boolean;
  ast: Ast;
}

interface Frame {
  items: Item[];
  alts: string[];
  altNodes: Node[];
  altAsts: Ast[];
  capIdx: number;
  flags: number; // flags to restore at `)`
  capture: boolean;
  name: string;
  start: number; // regexp index of the `(` (for messages)
}

interface ClassSet {
  ranges: number[]; // pairs lo, hi
  props: string[]; // JS \p{..}/\P{..} tokens
  /** The same set for the VM, as Go builds it: each group folded under (?i) before its own negation. */
  parts: ClassPart[];
}

interface ClassPart {
  ranges: number[];
  prop?: string; // a JS \p{..} name
  neg?: boolean;
}

// Perl classes: ASCII, as Go's perl_groups.go defines them.
const PERL: Record<string, [number, number[]]> = {
  d: [1, [0x30, 0x39]],
  D: [-1, [0x30, 0x39]],
  s: [1, [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20]],
  S: [-1, [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20]],
  w: [1, [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a]],
  W: [-1, [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a]],
};

const POSIX_BASE: Record<string, number[]> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0x00, 0x7f],
  blank: [0x09, 0x09, 0x20, 0x20],
  cntrl: [0x00, 0x1f, 0x7f, 0x7f],
  digit: [0x30, 0x39],
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [0x09, 0x0d, 0x20, 0x20],
  upper: [0x41, 0x5a],
  word: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a, 0x5f, 0x5f],
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};

const GENERAL_CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' '),
);

/** Script names of four letters (the others of that length are ISO codes Go rejects). */
const FOUR_LETTER_SCRIPTS = new Set(['Ahom', 'Cham', 'Lisu', 'Modi', 'Newa', 'Thai', 'Toto']);

/** unicode.CategoryAliases by canonical name → the short category. */
const CATEGORY_ALIASES: Record<string, string> = {
  Casedletter: 'LC', Closepunctuation: 'Pe', Combiningmark: 'M', Connectorpunctuation: 'Pc', Control: 'Cc',
  Currencysymbol: 'Sc', Dashpunctuation: 'Pd', Decimalnumber: 'Nd', Digit: 'Nd', Enclosingmark: 'Me',
  Finalpunctuation: 'Pf', Format: 'Cf', Initialpunctuation: 'Pi', Letter: 'L', Letternumber: 'Nl',
  Lineseparator: 'Zl', Lowercaseletter: 'Ll', Mark: 'M', Mathsymbol: 'Sm', Modifierletter: 'Lm',
  Modifiersymbol: 'Sk', Nonspacingmark: 'Mn', Number: 'N', Openpunctuation: 'Ps', Other: 'C', Otherletter: 'Lo',
  Othernumber: 'No', Otherpunctuation: 'Po', Othersymbol: 'So', Paragraphseparator: 'Zp', Privateuse: 'Co',
  Punct: 'P', Punctuation: 'P', Separator: 'Z', Spaceseparator: 'Zs', Spacingmark: 'Mc', Surrogate: 'Cs',
  Symbol: 'S', Titlecaseletter: 'Lt', Uppercaseletter: 'Lu', Cntrl: 'Cc',
};

/** regexp/syntax canonicalName (Go ≥ 1.25): first letter upper, rest lower, `_ - space` dropped. */
function canonicalName(name: string): string {
  let out = '';
  let first = true;
  for (const ch of name) {
    if (ch === '_' || ch === '-' || ch === ' ') continue;
    out += first ? ch.toUpperCase() : ch.toLowerCase();
    first = false;
  }
  return out;
}

function sortRanges(r: number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < r.length; i += 2) pairs.push([r[i], r[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1] + 1) {
      if (hi > out[n - 1]) out[n - 1] = hi;
    } else out.push(lo, hi);
  }
  return out;
}

function negateRanges(r: number[]): number[] {
  const c = sortRanges(r);
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < c.length; i += 2) {
    if (next <= c[i] - 1) out.push(next, c[i] - 1);
    next = c[i + 1] + 1;
  }
  if (next <= MAX_RUNE) out.push(next, MAX_RUNE);
  return out;
}

// ---------- simple case folding (unicode.SimpleFold orbits), built lazily for the rare mixed-(?i) patterns ----------

let foldOrbits: Map<number, number[]> | null = null;

function orbitOf(c: number): number[] {
  if (c < 0x80) {
    // ASCII without building the table: letters pair up; k and s also fold to K (U+212A) and ſ (U+017F).
    const l = c | 0x20;
    if (l < 0x61 || l > 0x7a) return [c];
    if (l === 0x6b) return [0x4b, 0x6b, 0x212a];
    if (l === 0x73) return [0x53, 0x73, 0x17f];
    return [l & ~0x20, l];
  }
  if (!foldOrbits) {
    const parent = new Map<number, number>();
    const find = (x: number): number => {
      let p = parent.get(x) ?? x;
      while (p !== x) {
        x = p;
        p = parent.get(x) ?? x;
      }
      return x;
    };
    const union = (a: number, b: number): void => {
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent.set(ra, rb);
    };
    for (let cp = 0x41; cp <= 0x1e943; cp++) {
      const s = String.fromCodePoint(cp);
      for (const t of [s.toLowerCase(), s.toUpperCase()]) {
        const tc = t.codePointAt(0) as number;
        if (t.length === String.fromCodePoint(tc).length && tc !== cp) union(cp, tc);
      }
    }
    const groups = new Map<number, number[]>();
    for (const cp of parent.keys()) {
      const r = find(cp);
      let g = groups.get(r);
      if (!g) groups.set(r, (g = [r]));
      if (cp !== r) g.push(cp);
    }
    foldOrbits = new Map();
    for (const g of groups.values()) for (const cp of g) foldOrbits.set(cp, g);
  }
  return foldOrbits.get(c) ?? [c];
}

function foldRanges(r: number[]): number[] {
  const out = r.slice();
  for (let i = 0; i < r.length; i += 2) {
    const lo = Math.max(r[i], 0x41);
    const hi = Math.min(r[i + 1], 0x1e943);
    for (let c = lo; c <= hi; c++) for (const f of orbitOf(c)) if (f !== c) out.push(f, f);
  }
  return sortRanges(out);
}

// ---------- emission helpers ----------

function jsChar(c: number): string {
  if ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x5f) return String.fromCharCode(c);
  return c <= 0xffff ? '\\u' + c.toString(16).padStart(4, '0') : '\\u{' + c.toString(16) + '}';
}

function jsClass(set: ClassSet, negate: boolean): string {
  let s = negate ? '[^' : '[';
  const r = set.ranges;
  for (let i = 0; i < r.length; i += 2) {
    s += r[i] === r[i + 1] ? jsChar(r[i]) : jsChar(r[i]) + '-' + jsChar(r[i + 1]);
  }
  for (const p of set.props) s += p;
  return s + ']';
}

function isValidCaptureName(name: string): boolean {
  return name.length > 0 && /^[A-Za-z0-9_]+$/.test(name);
}

function unhex(c: string): number {
  const n = c.charCodeAt(0);
  if (n >= 48 && n <= 57) return n - 48;
  const l = n | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

// ---------- rune predicates for the VM ----------

const anyRune: RunePred = () => true;
const anyRuneNotNL: RunePred = (c) => c !== 0x0a;

function literalAst(c: number, fold: boolean): Ast {
  if (fold) {
    const orbit = orbitOf(c);
    if (orbit.length > 1) {
      const set = new Set(orbit);
      return { op: 'rune', pred: (x) => set.has(x), single: false };
    }
  }
  return { op: 'rune', pred: (x) => x === c, single: true };
}

function inRanges(r: number[], c: number): boolean {
  // binary search over sorted, merged pairs
  let lo = 0;
  let hi = (r.length >> 1) - 1;
  while (lo <= hi) {
    const m = (lo + hi) >> 1;
    if (c < r[2 * m]) hi = m - 1;
    else if (c > r[2 * m + 1]) lo = m + 1;
    else return true;
  }
  return false;
}

/** A class's membership test: ranges and \p properties, folded (any rune of the fold orbit), then negated. */
function classAst(set: ClassSet, negate: boolean, fold: boolean): Ast {
  const parts = set.parts.map((p) => {
    const ranges = sortRanges(p.ranges);
    const prop = p.prop ? new RegExp(`^\\p{${p.prop}}$`, 'u') : null;
    const inPart = (c: number): boolean => inRanges(ranges, c) || (prop !== null && prop.test(String.fromCodePoint(c)));
    const folded = fold ? (c: number): boolean => orbitOf(c).some(inPart) : inPart;
    return p.neg ? (c: number): boolean => !folded(c) : folded;
  });
  const inClass = (c: number): boolean => parts.some((f) => f(c));
  const member = negate ? (c: number): boolean => !inClass(c) : inClass;
  // Runes below 128 from a table; others memoized (a bounded cache).
  const ascii = new Uint8Array(128);
  for (let c = 0; c < 128; c++) ascii[c] = member(c) ? 1 : 0;
  const memo = new Map<number, boolean>();
  const pred: RunePred = (c) => {
    if (c < 128) return ascii[c] === 1;
    let v = memo.get(c);
    if (v === undefined) {
      v = member(c);
      if (memo.size < 4096) memo.set(c, v);
    }
    return v;
  };
  return { op: 'rune', pred, single: false };
}

/** The Go-compatible translation of one pattern. `emulateFold` handles (?i) per atom instead of the `i` flag. */
class Translator {
  private pos = 0;
  private flags = 0;
  private stack: Frame[] = [];
  private cur: Frame;
  private names: string[] = [''];
  /** Whether fold-sensitive atoms were seen with (?i) on / off (to pick the global `i` flag or emulation). */
  sawFold = false;
  sawNoFold = false;
  sawWordBoundary = false;
  /** A negated group (\W, \PL, [:^alpha:]) under (?i): Go folds before negating, the JS twin may not. */
  foldNegPart = false;

  constructor(
    private readonly src: string,
    private readonly emulateFold: boolean,
    private readonly canonicalNames: boolean,
  ) {
    this.cur = this.newFrame(false, '', 0);
  }

  private newFrame(capture: boolean, name: string, start: number): Frame {
    const capIdx = capture ? this.names.length - 1 : -1;
    return { items: [], alts: [], altNodes: [], altAsts: [], capIdx, flags: this.flags, capture, name, start };
  }

  private err(code: string, expr: string): never {
    throw new GoRegexpError(code, expr);
  }

  private noteFold(sensitive: boolean): void {
    if (!sensitive) return;
    if (this.flags & F_FOLD) this.sawFold = true;
    else this.sawNoFold = true;
  }

  private push(js: string, ast: Ast, assertion = false, node: Node = { m: 0, kids: [] }): void {
    this.cur.items.push({ js, node, assertion, ast });
  }

  private pushEmpty(js: string, flag: number): void {
    if (flag & (EMPTY_WORD_BOUNDARY | EMPTY_NO_WORD_BOUNDARY)) this.sawWordBoundary = true;
    this.push(js, { op: 'empty', flag }, true);
  }

  private literal(c: number): void {
    const s = String.fromCodePoint(c);
    const sensitive = s.toLowerCase() !== s.toUpperCase() || c === 0x212a || c === 0x17f;
    this.noteFold(sensitive);
    if (this.emulateFold && this.flags & F_FOLD && sensitive) {
      const orbit = orbitOf(c);
      if (orbit.length > 1) {
        this.push(jsClass({ ranges: sortRanges(orbit.flatMap((x) => [x, x])), props: [], parts: [] }, false), literalAst(c, true));
        return;
      }
    }
    this.push(jsChar(c), literalAst(c, (this.flags & F_FOLD) !== 0 && sensitive));
  }

  private classItem(set: ClassSet, negate: boolean): void {
    this.noteFold(true);
    const ast = classAst(set, negate, (this.flags & F_FOLD) !== 0);
    if (this.emulateFold && this.flags & F_FOLD) set = { ranges: foldRanges(set.ranges), props: set.props, parts: set.parts };
    this.push(jsClass(set, negate), ast);
  }

  /** Reads one code point at `i` (JS strings are already valid Unicode). */
  private runeAt(i: number): [number, number] {
    const c = this.src.codePointAt(i) as number;
    return [c, c > 0xffff ? 2 : 1];
  }

  translate(): { source: string; names: string[]; ast: Ast } {
    const s = this.src;
    let lastRepeatStart = -1; // index of the previous repetition operator when the last item was a repetition
    while (this.pos < s.length) {
      let repeatStart = -1;
      const ch = s[this.pos];
      switch (ch) {
        case '(':
          if (s[this.pos + 1] === '?') this.parsePerlFlags();
          else {
            this.names.push('');
            this.openGroup(true, '');
            this.pos++;
          }
          break;
        case '|':
          this.verticalBar();
          this.pos++;
          break;
        case ')':
          this.closeGroup();
          this.pos++;
          break;
        case '^':
          if (this.flags & F_MULTI) this.pushEmpty('(?<![^\\n])', EMPTY_BEGIN_LINE);
          else this.pushEmpty('^', EMPTY_BEGIN_TEXT);
          this.pos++;
          break;
        case '$':
          if (this.flags & F_MULTI) this.pushEmpty('(?![^\\n])', EMPTY_END_LINE);
          else this.pushEmpty('$', EMPTY_END_TEXT);
          this.pos++;
          break;
        case '.':
          this.push(this.flags & F_DOTNL ? '[^]' : '[^\\n]', { op: 'rune', pred: this.flags & F_DOTNL ? anyRune : anyRuneNotNL, single: false });
          this.pos++;
          break;
        case '[':
          this.parseClass();
          break;
        case '*':
        case '+':
        case '?': {
          const before = this.pos;
          this.pos++;
          this.repeat(ch, 0, 0, before, lastRepeatStart);
          repeatStart = before;
          break;
        }
        case '{': {
          const before = this.pos;
          const r = this.parseRepeat(this.pos);
          if (!r) {
            this.literal(0x7b);
            this.pos++;
            break;
          }
          const [min, max, after] = r;
          if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
            this.err(E_REPEAT_SIZE, s.slice(before, after));
          }
          this.pos = after;
          this.repeat('{', min, max, before, lastRepeatStart);
          repeatStart = before;
          break;
        }
        case '\\':
          this.parseBackslash();
          break;
        default: {
          const [c, w] = this.runeAt(this.pos);
          this.literal(c);
          this.pos += w;
        }
      }
      lastRepeatStart = repeatStart;
    }
    this.finishAlternation();
    if (this.stack.length > 0) this.err(E_MISSING_PAREN, s);
    const asts = this.cur.altAsts;
    const ast: Ast = asts.length === 1 ? asts[0] : { op: 'alt', subs: asts };
    return { source: this.cur.alts.length === 1 ? this.cur.alts[0] : this.cur.alts.join('|'), names: this.names, ast };
  }

  private openGroup(capture: boolean, name: string): void {
    if (this.stack.length >= 1000) this.err(E_NESTING, this.src);
    this.stack.push(this.cur);
    this.cur = this.newFrame(capture, name, this.pos);
  }

  private concatItems(f: Frame): [string, Node[]] {
    return [f.items.map((it) => it.js).join(''), f.items.map((it) => it.node)];
  }

  private verticalBar(): void {
    const [js, nodes] = this.concatItems(this.cur);
    this.cur.alts.push(js);
    this.cur.altNodes.push({ m: 0, kids: nodes });
    const asts = this.cur.items.map((it) => it.ast);
    this.cur.altAsts.push(asts.length === 0 ? { op: 'emptyMatch' } : asts.length === 1 ? asts[0] : { op: 'concat', subs: asts });
    this.cur.items = [];
  }

  private finishAlternation(): void {
    this.verticalBar();
  }

  private closeGroup(): void {
    this.finishAlternation();
    const f = this.cur;
    const parent = this.stack.pop();
    if (!parent) this.err(E_UNEXPECTED_PAREN, this.src);
    this.cur = parent;
    this.flags = f.flags;
    const body = f.alts.join('|');
    const alt: Ast = f.altAsts.length === 1 ? f.altAsts[0] : { op: 'alt', subs: f.altAsts };
    this.push(f.capture ? `(${body})` : `(?:${body})`, f.capture ? { op: 'cap', idx: f.capIdx, sub: alt } : alt, false, {
      m: 0,
      kids: f.altNodes,
    });
  }

  private parsePerlFlags(): void {
    const s = this.src;
    const t = s.slice(this.pos);
    const startsWithP = t.length > 4 && t[2] === 'P' && t[3] === '<';
    const startsWithName = t.length > 3 && t[2] === '<';
    if (startsWithP || startsWithName) {
      const exprStart = startsWithName ? 3 : 4;
      const end = t.indexOf('>');
      if (end < 0) this.err(E_NAMED, t);
      const name = t.slice(exprStart, end);
      if (!isValidCaptureName(name)) this.err(E_NAMED, t.slice(0, end + 1));
      this.names.push(name);
      this.openGroup(true, name);
      this.pos += end + 1;
      return;
    }
    let flags = this.flags;
    let sign = 1;
    let sawFlag = false;
    let i = this.pos + 2;
    while (i < s.length) {
      const [c, w] = this.runeAt(i);
      i += w;
      switch (String.fromCodePoint(c)) {
        case 'i':
          flags |= F_FOLD;
          sawFlag = true;
          continue;
        case 'm':
          flags |= F_MULTI;
          sawFlag = true;
          continue;
        case 's':
          flags |= F_DOTNL;
          sawFlag = true;
          continue;
        case 'U':
          flags |= F_UNGREEDY;
          sawFlag = true;
          continue;
        case '-':
          if (sign < 0) break;
          sign = -1;
          flags = ~flags;
          sawFlag = false;
          continue;
        case ':':
        case ')':
          if (sign < 0) {
            if (!sawFlag) break;
            flags = ~flags;
          }
          if (c === 0x3a) {
            this.openGroup(false, '');
            // the group restores the flags in effect before it
            this.cur.flags = this.flags;
          }
          this.flags = flags & 15;
          this.pos = i;
          return;
      }
      break;
    }
    this.err(E_PERL_OP, s.slice(this.pos, i));
  }

  /** parseRepeat: {min}, {min,}, {min,max}; null when not of that form (then `{` is a literal). */
  private parseRepeat(i: number): [number, number, number] | null {
    const s = this.src;
    i++;
    const a = this.parseInt(i);
    if (!a) return null;
    let [min, j] = a;
    let max: number;
    if (j >= s.length) return null;
    if (s[j] !== ',') max = min;
    else {
      j++;
      if (j >= s.length) return null;
      if (s[j] === '}') max = -1;
      else {
        const b = this.parseInt(j);
        if (!b) return null;
        [max, j] = b;
        if (max < 0) min = -1;
      }
    }
    if (j >= s.length || s[j] !== '}') return null;
    return [min, max, j + 1];
  }

  private parseInt(i: number): [number, number] | null {
    const s = this.src;
    if (i >= s.length || s[i] < '0' || s[i] > '9') return null;
    if (i + 1 < s.length && s[i] === '0' && s[i + 1] >= '0' && s[i + 1] <= '9') return null;
    let j = i;
    while (j < s.length && s[j] >= '0' && s[j] <= '9') j++;
    let n = 0;
    for (let k = i; k < j; k++) {
      if (n >= 1e8) {
        n = -1;
        break;
      }
      n = n * 10 + s.charCodeAt(k) - 48;
    }
    return [n, j];
  }

  private repeat(op: string, min: number, max: number, before: number, lastRepeatStart: number): void {
    const s = this.src;
    let greedy = !(this.flags & F_UNGREEDY);
    if (s[this.pos] === '?') {
      this.pos++;
      greedy = !greedy;
    }
    if (lastRepeatStart >= 0) this.err(E_REPEAT_OP, s.slice(lastRepeatStart, this.pos));
    const items = this.cur.items;
    if (items.length === 0) this.err(E_MISSING_REPEAT, s.slice(before, this.pos));
    const it = items[items.length - 1];
    let q: string;
    if (op === '{') q = max === min ? `{${min}}` : max < 0 ? `{${min},}` : `{${min},${max}}`;
    else q = op;
    if (!greedy) q += '?';
    const atom = it.assertion ? `(?:${it.js})` : it.js;
    const node: Node = { m: 0, kids: [it.node] };
    if (op === '{') {
      node.m = max === 0 ? 0 : max < 0 ? min : max;
      if ((min >= 2 || max >= 2) && !repeatIsValid({ m: max === 0 ? 0 : max < 0 ? min : max, kids: [it.node] }, MAX_REPEAT)) {
        this.err(E_REPEAT_SIZE, s.slice(before, this.pos));
      }
      if (node.m === 0) node.m = -1; // x{0}: a repeat that never limits its children (Go: m == 0 → valid)
    }
    let ast: Ast;
    if (op === '*') ast = { op: 'star', greedy, sub: it.ast };
    else if (op === '+') ast = { op: 'plus', greedy, sub: it.ast };
    else if (op === '?') ast = { op: 'quest', greedy, sub: it.ast };
    else ast = { op: 'repeat', min, max, greedy, sub: it.ast };
    items[items.length - 1] = { js: atom + q, node, assertion: false, ast };
  }

  private parseBackslash(): void {
    const s = this.src;
    const p = this.pos;
    if (p + 1 < s.length) {
      switch (s[p + 1]) {
        case 'A':
          this.pushEmpty('^', EMPTY_BEGIN_TEXT);
          this.pos += 2;
          return;
        case 'b':
          this.pushEmpty('\\b', EMPTY_WORD_BOUNDARY);
          this.pos += 2;
          return;
        case 'B':
          this.pushEmpty('\\B', EMPTY_NO_WORD_BOUNDARY);
          this.pos += 2;
          return;
        case 'C':
          this.err(E_ESCAPE, '\\C');
          break;
        case 'Q': {
          const end = s.indexOf('\\E', p + 2);
          const lit = end < 0 ? s.slice(p + 2) : s.slice(p + 2, end);
          this.pos = end < 0 ? s.length : end + 2;
          for (const ch of lit) this.literal(ch.codePointAt(0) as number);
          return;
        }
        case 'z':
          this.pushEmpty('$', EMPTY_END_TEXT);
          this.pos += 2;
          return;
      }
    }
    if (p + 1 < s.length && (s[p + 1] === 'p' || s[p + 1] === 'P')) {
      const set: ClassSet = { ranges: [], props: [], parts: [] };
      this.pos = this.parseUnicodeClass(p, set);
      this.classItem(set, false);
      return;
    }
    const perl = p + 1 < s.length ? PERL[s[p + 1]] : undefined;
    if (perl) {
      this.pos = p + 2;
      if (perl[0] < 0) this.foldNegPart ||= (this.flags & F_FOLD) !== 0;
      this.classItem({ ranges: perl[0] > 0 ? perl[1].slice() : negateRanges(perl[1]), props: [], parts: [{ ranges: perl[1], neg: perl[0] < 0 }] }, false);
      return;
    }
    const [c, next] = this.parseEscape(p);
    this.pos = next;
    this.literal(c);
  }

  /** parseEscape: the rune of an escape at `p` (a backslash) and the index after it. */
  private parseEscape(p: number): [number, number] {
    const s = this.src;
    let t = p + 1;
    if (t >= s.length) this.err(E_TRAILING, '');
    const [c, w] = this.runeAt(t);
    t += w;
    const ch = String.fromCodePoint(c);
    fail: {
      if (c < 0x80 && !/[0-9A-Za-z]/.test(ch)) return [c, t];
      if (ch >= '1' && ch <= '7') {
        if (t >= s.length || s[t] < '0' || s[t] > '7') break fail;
      }
      if (ch >= '0' && ch <= '7') {
        let r = c - 48;
        for (let i = 1; i < 3; i++) {
          if (t >= s.length || s[t] < '0' || s[t] > '7') break;
          r = r * 8 + s.charCodeAt(t) - 48;
          t++;
        }
        return [r, t];
      }
      switch (ch) {
        case 'x': {
          if (t >= s.length) break fail;
          const [c2, w2] = this.runeAt(t);
          t += w2;
          if (c2 === 0x7b) {
            let nhex = 0;
            let r = 0;
            for (;;) {
              if (t >= s.length) break fail;
              const [c3, w3] = this.runeAt(t);
              t += w3;
              if (c3 === 0x7d) break;
              const v = unhex(String.fromCodePoint(c3));
              if (v < 0) break fail;
              r = r * 16 + v;
              if (r > MAX_RUNE) break fail;
              nhex++;
            }
            if (nhex === 0) break fail;
            return [r, t];
          }
          const x = unhex(String.fromCodePoint(c2));
          if (t >= s.length) {
            // Go's nextRune on "" yields RuneError without an error; the escape is then invalid.
            break fail;
          }
          const [c3, w3] = this.runeAt(t);
          t += w3;
          const y = unhex(String.fromCodePoint(c3));
          if (x < 0 || y < 0) break fail;
          return [x * 16 + y, t];
        }
        case 'a':
          return [7, t];
        case 'f':
          return [12, t];
        case 'n':
          return [10, t];
        case 'r':
          return [13, t];
        case 't':
          return [9, t];
        case 'v':
          return [11, t];
      }
    }
    return this.err(E_ESCAPE, s.slice(p, t));
  }

  /** \pX, \p{Name}, \PX, \p{^Name}: appends to set, returns the index after it. */
  private parseUnicodeClass(p: number, set: ClassSet): number {
    const s = this.src;
    let sign = s[p + 1] === 'P' ? -1 : 1;
    let t = p + 2;
    if (t >= s.length) this.err(E_CLASS_RANGE, s.slice(p, t)); // Go: an empty name
    const [c, w] = this.runeAt(t);
    t += w;
    let seq: string;
    let name: string;
    if (c !== 0x7b) {
      seq = s.slice(p, t);
      name = seq.slice(2);
    } else {
      const end = s.indexOf('}', p);
      if (end < 0) this.err(E_CLASS_RANGE, s.slice(p));
      seq = s.slice(p, end + 1);
      t = end + 1;
      name = s.slice(p + 3, end);
    }
    if (name !== '' && name[0] === '^') {
      sign = -sign;
      name = name.slice(1);
    }
    let prop: string | null = null;
    if (this.canonicalNames) {
      // Go ≥ 1.25 (Helm 4): names are matched after canonicalName (case, `_`, `-` and spaces ignored).
      const cn = canonicalName(name);
      if (cn === 'Any') {
        if (sign > 0) set.ranges.push(0, MAX_RUNE);
        if (sign > 0) set.parts.push({ ranges: [0, MAX_RUNE] });
        return t;
      }
      if (cn === 'Ascii') {
        set.ranges.push(...(sign > 0 ? [0, 0x7f] : [0x80, MAX_RUNE]));
        set.parts.push({ ranges: [0, 0x7f], neg: sign < 0 });
        return t;
      }
      if (cn === 'Assigned') prop = 'Cn';
      if (prop) sign = -sign;
      else if (cn === 'Lc') prop = 'LC';
      else if (GENERAL_CATEGORIES.has(cn)) prop = cn;
      else if (CATEGORY_ALIASES[cn]) prop = CATEGORY_ALIASES[cn];
      else if (/^[A-Z][a-z]+$/.test(cn) && (cn.length !== 4 || FOUR_LETTER_SCRIPTS.has(cn))) prop = 'Script=' + cn;
    } else if (name === 'Any') {
      if (sign > 0) set.ranges.push(0, MAX_RUNE);
      if (sign > 0) set.parts.push({ ranges: [0, MAX_RUNE] });
      return t;
    } else if (GENERAL_CATEGORIES.has(name)) prop = name;
    else if (/^[A-Z][A-Za-z_]*$/.test(name) && (name.length !== 4 || FOUR_LETTER_SCRIPTS.has(name))) {
      // JS also knows the four-letter ISO codes (Grek, Latn, …), which Go does not: only long names pass.
      prop = 'Script=' + name;
    }
    if (prop) {
      try {
        new RegExp(`\\p{${prop}}`, 'u');
      } catch {
        prop = null;
      }
    }
    if (!prop) this.err(E_CLASS_RANGE, seq);
    set.props.push(sign > 0 ? `\\p{${prop}}` : `\\P{${prop}}`);
    set.parts.push({ ranges: [], prop, neg: sign < 0 });
    if (sign < 0) this.foldNegPart ||= (this.flags & F_FOLD) !== 0;
    return t;
  }

  private parseClass(): void {
    const s = this.src;
    const whole = s.slice(this.pos);
    let t = this.pos + 1;
    let negate = false;
    if (t < s.length && s[t] === '^') {
      negate = true;
      t++;
    }
    const set: ClassSet = { ranges: [], props: [], parts: [] };
    let first = true;
    while (t >= s.length || s[t] !== ']' || first) {
      first = false;
      if (t >= s.length) this.err(E_MISSING_BRACKET, whole);
      if (t + 2 < s.length && s[t] === '[' && s[t + 1] === ':') {
        const i = s.indexOf(':]', t + 2);
        if (i >= 0) {
          const name = s.slice(t, i + 2);
          let inner = name.slice(2, -2);
          let neg = false;
          if (inner[0] === '^') {
            neg = true;
            inner = inner.slice(1);
          }
          const base = POSIX_BASE[inner];
          if (!base) this.err(E_CLASS_RANGE, name);
          set.ranges.push(...(neg ? negateRanges(base) : base));
          set.parts.push({ ranges: base, neg });
          if (neg) this.foldNegPart ||= (this.flags & F_FOLD) !== 0;
          t = i + 2;
          continue;
        }
      }
      if (s[t] === '\\' && t + 1 < s.length && (s[t + 1] === 'p' || s[t + 1] === 'P')) {
        t = this.parseUnicodeClass(t, set);
        continue;
      }
      const perl = s[t] === '\\' && t + 1 < s.length ? PERL[s[t + 1]] : undefined;
      if (perl) {
        set.ranges.push(...(perl[0] > 0 ? perl[1] : negateRanges(perl[1])));
        set.parts.push({ ranges: perl[1], neg: perl[0] < 0 });
        if (perl[0] < 0) this.foldNegPart ||= (this.flags & F_FOLD) !== 0;
        t += 2;
        continue;
      }
      const rngStart = t;
      let lo: number;
      [lo, t] = this.classChar(t, whole);
      let hi = lo;
      if (t + 1 < s.length && s[t] === '-' && s[t + 1] !== ']') {
        t++;
        [hi, t] = this.classChar(t, whole);
        if (hi < lo) this.err(E_CLASS_RANGE, s.slice(rngStart, t));
      }
      set.ranges.push(lo, hi);
      set.parts.push({ ranges: [lo, hi] });
    }
    this.pos = t + 1;
    set.ranges = sortRanges(set.ranges);
    this.classItem(set, negate);
  }

  private classChar(t: number, whole: string): [number, number] {
    const s = this.src;
    if (t >= s.length) this.err(E_MISSING_BRACKET, whole);
    if (s[t] === '\\') return this.parseEscape(t);
    const [c, w] = this.runeAt(t);
    return [c, t + w];
  }
}

function repeatIsValid(n: Node, limit: number): boolean {
  if (n.m !== 0) {
    const m = n.m;
    if (m > 0) {
      if (m > limit) return false;
      limit = Math.floor(limit / m);
    }
  }
  for (const k of n.kids) if (!repeatIsValid(k, limit)) return false;
  return true;
}

// ---------- compile with a bounded cache ----------

const cache = new Map<string, GoRegexp | GoRegexpError>();

/**
 * Which Go's regexp/syntax: Helm 3.17 is built with Go 1.23 (exact \p{Name}s), Helm 4 with Go ≥ 1.25 (names
 * matched loosely: \p{greek}, \p{Letter}, \p{ASCII}).
 */
export type GoRegexpDialect = 'go1.23' | 'go1.25';
const CACHE_MAX = 500;

/** regexp.Compile: the Go regexp, or throws GoRegexpError with Go's message. */
export function compileGoRegexp(expr: string, goNames: GoRegexpDialect = 'go1.25'): GoRegexp {
  const key = goNames === 'go1.25' ? expr : '\u0000' + expr;
  let r = cache.get(key);
  if (r === undefined) {
    try {
      r = translate(expr, goNames === 'go1.25');
    } catch (e) {
      if (!(e instanceof GoRegexpError)) throw e;
      r = e;
    }
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(key, r);
  }
  if (r instanceof GoRegexpError) throw r;
  return r;
}

function translate(expr: string, canonical: boolean): GoRegexp {
  let tr = new Translator(expr, false, canonical);
  let out = tr.translate();
  let flags = 'gu';
  if (tr.sawFold) {
    if (tr.sawNoFold) {
      tr = new Translator(expr, true, canonical);
      out = tr.translate();
    } else flags += 'i';
  }
  let re: RegExp | null = null;
  try {
    re = new RegExp(out.source, flags);
  } catch {
    // A construct the translation does not cover: the VM alone runs it.
  }
  let fast = re ? fastCost(out.ast) : null;
  if (fast && tr.sawFold && (tr.sawWordBoundary || tr.foldNegPart)) fast = null; // JS's \b, \W under `iu` differ
  const prog = compileProg(out.ast);
  return { expr, re: re ?? /(?!)/gu, names: out.names, prog, fast };
}

/** regexp.MustCompile: a panic with Go's text. */
function mustCompile(expr: string, d: GoRegexpDialect): GoRegexp {
  try {
    return compileGoRegexp(expr, d);
  } catch (e) {
    if (e instanceof GoRegexpError) throw new GoPanic(`regexp: Compile(${quoteRegexp(expr)}): ${e.message}`);
    throw e;
  }
}

// regexp.go: quote — backquoted when strconv.CanBackquote.
function quoteRegexp(s: string): string {
  let ok = true;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c === 0x60 || c === 0xfeff || (c < 0x20 && c !== 9) || c === 0x7f) {
      ok = false;
      break;
    }
  }
  return ok ? '`' + s + '`' : JSON.stringify(s);
}

// ---------- matching, as regexp.go loops over matches ----------

/** A match: capture positions, [start, end, start1, end1, …]; -1 for an unset group. */
type Cap = number[];

/** Patterns whose JS twin is backtrack-safe run there while mult × (n+1)^(exp+1) stays below this. */
const FAST_PATH_LIMIT = 200_000;

/** Whether the JS twin may run on `n` characters of input (its backtracking bound is small). */
function fastOk(g: GoRegexp, n: number): boolean {
  const f = g.fast;
  if (!f) return false;
  let cost = f.mult * (n + 1);
  for (let i = 0; i < f.exp && cost <= FAST_PATH_LIMIT; i++) cost *= n + 1;
  return cost <= FAST_PATH_LIMIT;
}

let lastChecked: string | null = null;
let lastHasSurrogates = false;

/** JS moves a lastIndex inside a surrogate pair back to the pair's start: such inputs go to the VM. */
function hasSurrogates(s: string): boolean {
  if (s !== lastChecked) {
    lastChecked = s;
    lastHasSurrogates = /[\ud800-\udfff]/.test(s);
  }
  return lastHasSurrogates;
}

/** Disables the JS fast path (tests and benchmarks compare both engines). */
export const regexEngine = { fastPath: true };

function meterOf(ctx: CallContext | undefined): Meter | undefined {
  return ctx ? (units) => ctx.charge(units) : undefined;
}

/**
 * Regexp.doExecute: the leftmost-first match at or after pos with ncap capture slots (0: only whether it matches;
 * 2: the match; 2 × (groups + 1): submatches), or null.
 */
export function goExec(g: GoRegexp, s: string, pos: number, ncap: number, ctx?: CallContext): Cap | null {
  if (regexEngine.fastPath && fastOk(g, s.length - pos) && !hasSurrogates(s)) {
    ctx?.charge(1 + ((s.length - pos) >> 4));
    return jsExec(g, s, pos, ncap);
  }
  return vmExec(g.prog, s, pos, ncap, meterOf(ctx));
}

/** The JS twin's match as capture positions. */
export function jsExec(g: GoRegexp, s: string, pos: number, ncap: number): Cap | null {
  if (ncap <= 2) {
    g.re.lastIndex = pos;
    const m = g.re.exec(s);
    if (!m) return null;
    return ncap === 0 ? [] : [m.index, m.index + m[0].length];
  }
  const re = g.reIndices ?? (g.reIndices = new RegExp(g.re.source, g.re.flags + 'd'));
  re.lastIndex = pos;
  const m = re.exec(s);
  if (!m) return null;
  const out: Cap = [];
  const ind = m.indices as RegExpIndicesArray;
  for (let k = 0; k < ncap >> 1; k++) {
    const p = k < ind.length ? ind[k] : undefined;
    out.push(p ? p[0] : -1, p ? p[1] : -1);
  }
  return out;
}

function runeWidth(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
}

/** regexp.go allMatches: at most n matches (n < 0: all), each with ncap slots (≥ 2). */
function allMatches(g: GoRegexp, s: string, n: number, ncap: number, ctx?: CallContext): Cap[] {
  const out: Cap[] = [];
  if (n < 0) n = s.length + 1;
  let pos = 0;
  let prevEnd = -1;
  while (out.length < n && pos <= s.length) {
    const m = goExec(g, s, pos, ncap, ctx);
    if (!m) break;
    const start = m[0];
    const end = m[1];
    let accept = true;
    if (end === pos) {
      if (start === prevEnd) accept = false;
      pos += runeWidth(s, pos) || 1;
    } else pos = end;
    prevEnd = end;
    if (accept) out.push(m);
  }
  return out;
}

/** Regexp.Expand for ReplaceAllString: $1, ${1}, $name, ${name}, $$. */
function expand(g: GoRegexp, template: string, src: string, m: Cap): string {
  const group = (k: number): string => (2 * k + 1 < m.length && m[2 * k] >= 0 ? src.slice(m[2 * k], m[2 * k + 1]) : '');
  let out = '';
  let i = 0;
  while (i < template.length) {
    const d = template.indexOf('$', i);
    if (d < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, d);
    i = d + 1;
    if (i < template.length && template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name = '';
    let ok = false;
    if (i < template.length && template[i] === '{') {
      let j = i + 1;
      while (j < template.length && /[A-Za-z0-9_]/.test(template[j])) j++;
      if (j > i + 1 && j < template.length && template[j] === '}') {
        name = template.slice(i + 1, j);
        ok = true;
        i = j + 1;
      }
    } else {
      let j = i;
      while (j < template.length && /[A-Za-z0-9_]/.test(template[j])) j++;
      if (j > i) {
        name = template.slice(i, j);
        ok = true;
        i = j;
      }
    }
    if (!ok) {
      out += '$';
      continue;
    }
    if (/^[0-9]+$/.test(name)) {
      const num = name.length > 9 ? Infinity : Number(name);
      if (num < g.names.length) out += group(num);
    } else {
      for (let k = 1; k < g.names.length; k++) {
        if (g.names[k] === name && 2 * k + 1 < m.length && m[2 * k] >= 0) {
          out += group(k);
          break;
        }
      }
    }
  }
  return out;
}

/** regexp.go replaceAll. */
function replaceAll(g: GoRegexp, src: string, ncap: number, repl: (m: Cap) => string, ctx?: CallContext): string {
  let out = '';
  let lastEnd = 0;
  let searchPos = 0;
  while (searchPos <= src.length) {
    const m = goExec(g, src, searchPos, ncap, ctx);
    if (!m) break;
    const a0 = m[0];
    const a1 = m[1];
    out += src.slice(lastEnd, a0);
    if (a1 > lastEnd || a0 === 0) out += repl(m);
    lastEnd = a1;
    const width = runeWidth(src, searchPos);
    if (searchPos + width > a1) searchPos += width;
    else if (searchPos + 1 > a1) searchPos++;
    else searchPos = a1;
  }
  return out + src.slice(lastEnd);
}

function split(g: GoRegexp, s: string, n: number, ctx?: CallContext): string[] {
  if (n === 0) return [];
  if (g.expr.length > 0 && s.length === 0) return [''];
  const matches = allMatches(g, s, n, 2, ctx);
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of matches) {
    if (n > 0 && out.length === n - 1) break;
    end = m[0];
    if (m[1] !== 0) out.push(s.slice(beg, end));
    beg = m[1];
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

/** Regexp.ReplaceAllString: submatches only when the template has a `$` (as Go). */
function replaceAllString(g: GoRegexp, src: string, repl: string, ctx?: CallContext): string {
  const ncap = repl.includes('$') ? 2 * g.names.length : 2;
  return replaceAll(g, src, ncap, (m) => expand(g, repl, src, m), ctx);
}

/** The matching entry points of a compiled Go regexp (for tests and other renderer code). */
export const goRegexpOps = {
  match: (g: GoRegexp, s: string, ctx?: CallContext): boolean => goExec(g, s, 0, 0, ctx) !== null,
  find: (g: GoRegexp, s: string, ctx?: CallContext): string => {
    const m = goExec(g, s, 0, 2, ctx);
    return m ? s.slice(m[0], m[1]) : '';
  },
  findAll: (g: GoRegexp, s: string, n: number, ctx?: CallContext): string[] => allMatches(g, s, n, 2, ctx).map((m) => s.slice(m[0], m[1])),
  findAllSubmatchIndex: (g: GoRegexp, s: string, n: number, ctx?: CallContext): Cap[] => allMatches(g, s, n, 2 * g.names.length, ctx),
  replaceAll: replaceAllString,
  replaceAllLiteral: (g: GoRegexp, src: string, repl: string, ctx?: CallContext): string => replaceAll(g, src, 2, () => repl, ctx),
  split,
};

/** regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

const strs = (a: string[]): GoValue => typedSlice(a, 'string');

function intArg(v: GoValue): number {
  // int parameters arrive as bigint; clamp to a safe JS number (counts beyond the input length mean "all").
  const b = v as bigint;
  if (b > 2147483647n) return 2147483647;
  if (b < -2147483648n) return -1;
  return Number(b);
}

/** The regex functions as the Go behind a Helm version has them ('3' → Go 1.23, '4'/'4.2' → Go 1.25+). */
export function sprigRegexFor(helm: '3' | '4' | '4.2'): FuncTable {
  const d: GoRegexpDialect = helm === '3' ? 'go1.23' : 'go1.25';
  const ops = goRegexpOps;
  const str = (v: GoValue): string => v as string;
  return {
    regexMatch: {
      params: ['string', 'string'],
      call: ([re, s], ctx) => {
        let g: GoRegexp;
        try {
          g = compileGoRegexp(str(re), d);
        } catch (e) {
          if (e instanceof GoRegexpError) return false;
          throw e;
        }
        return ops.match(g, str(s), ctx);
      },
    },
    mustRegexMatch: {
      params: ['string', 'string'],
      call: ([re, s], ctx) => ops.match(compileGoRegexp(str(re), d), str(s), ctx),
    },
    regexFindAll: {
      params: ['string', 'string', 'int'],
      call: ([re, s, n], ctx) => strs(ops.findAll(mustCompile(str(re), d), str(s), intArg(n), ctx)),
    },
    mustRegexFindAll: {
      params: ['string', 'string', 'int'],
      call: ([re, s, n], ctx) => strs(ops.findAll(compileGoRegexp(str(re), d), str(s), intArg(n), ctx)),
    },
    regexFind: {
      params: ['string', 'string'],
      call: ([re, s], ctx) => ops.find(mustCompile(str(re), d), str(s), ctx),
    },
    mustRegexFind: {
      params: ['string', 'string'],
      call: ([re, s], ctx) => ops.find(compileGoRegexp(str(re), d), str(s), ctx),
    },
    regexReplaceAll: {
      params: ['string', 'string', 'string'],
      call: ([re, s, r], ctx) => {
        const g = mustCompile(str(re), d);
        ctx.charge(str(s).length);
        return ops.replaceAll(g, str(s), str(r), ctx);
      },
    },
    mustRegexReplaceAll: {
      params: ['string', 'string', 'string'],
      call: ([re, s, r], ctx) => {
        const g = compileGoRegexp(str(re), d);
        ctx.charge(str(s).length);
        return ops.replaceAll(g, str(s), str(r), ctx);
      },
    },
    regexReplaceAllLiteral: {
      params: ['string', 'string', 'string'],
      call: ([re, s, r], ctx) => {
        const g = mustCompile(str(re), d);
        ctx.charge(str(s).length);
        return ops.replaceAllLiteral(g, str(s), str(r), ctx);
      },
    },
    mustRegexReplaceAllLiteral: {
      params: ['string', 'string', 'string'],
      call: ([re, s, r], ctx) => {
        const g = compileGoRegexp(str(re), d);
        ctx.charge(str(s).length);
        return ops.replaceAllLiteral(g, str(s), str(r), ctx);
      },
    },
    regexSplit: {
      params: ['string', 'string', 'int'],
      call: ([re, s, n], ctx) => strs(ops.split(mustCompile(str(re), d), str(s), intArg(n), ctx)),
    },
    mustRegexSplit: {
      params: ['string', 'string', 'int'],
      call: ([re, s, n], ctx) => strs(ops.split(compileGoRegexp(str(re), d), str(s), intArg(n), ctx)),
    },
    regexQuoteMeta: { params: ['string'], call: ([s]) => quoteMeta(str(s)) },
  };
}

/** Helm 4's table. */
export const sprigRegex: FuncTable = sprigRegexFor('4');
