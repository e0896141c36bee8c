/**
 * Sprig's regex functions (regex.go) on Go's RE2 syntax: a Go pattern is parsed as regexp/syntax does (same
 * errors, same texts) and translated to an equivalent JS RegExp (flag `u`, no `m`/`s`/`i` surprises), and the
 * match loops mirror regexp.go (FindAll's "no empty match right after a match", ReplaceAll, Split, Expand).
 */
import { FuncTable, GoError, GoPanic, GoValue, typedSlice } from '../goValue';

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
}

interface Frame {
  items: Item[];
  alts: string[];
  altNodes: Node[];
  flags: number; // flags to restore at `)`
  capture: boolean;
  name: string;
  start: number; // regexp index of the `(` (for messages)
}

interface ClassSet {
  ranges: number[]; // pairs lo, hi
  props: string[]; // JS \p{..}/\P{..} tokens
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

  constructor(
    private readonly src: string,
    private readonly emulateFold: boolean,
    private readonly canonicalNames: boolean,
  ) {
    this.cur = this.newFrame(false, '', 0);
  }

  private newFrame(capture: boolean, name: string, start: number): Frame {
    return { items: [], alts: [], altNodes: [], flags: this.flags, capture, name, start };
  }

  private err(code: string, expr: string): never {
    throw new GoRegexpError(code, expr);
  }

  private noteFold(sensitive: boolean): void {
    if (!sensitive) return;
    if (this.flags & F_FOLD) this.sawFold = true;
    else this.sawNoFold = true;
  }

  private push(js: string, assertion = false, node: Node = { m: 0, kids: [] }): void {
    this.cur.items.push({ js, node, assertion });
  }

  private literal(c: number): void {
    const s = String.fromCodePoint(c);
    const sensitive = s.toLowerCase() !== s.toUpperCase() || c === 0x212a || c === 0x17f;
    this.noteFold(sensitive);
    if (this.emulateFold && this.flags & F_FOLD && sensitive) {
      const orbit = orbitOf(c);
      if (orbit.length > 1) {
        this.push(jsClass({ ranges: sortRanges(orbit.flatMap((x) => [x, x])), props: [] }, false));
        return;
      }
    }
    this.push(jsChar(c));
  }

  private classItem(set: ClassSet, negate: boolean): void {
    this.noteFold(true);
    if (this.emulateFold && this.flags & F_FOLD) set = { ranges: foldRanges(set.ranges), props: set.props };
    this.push(jsClass(set, negate));
  }

  /** Reads one code point at `i` (JS strings are already valid Unicode). */
  private runeAt(i: number): [number, number] {
    const c = this.src.codePointAt(i) as number;
    return [c, c > 0xffff ? 2 : 1];
  }

  translate(): { source: string; names: string[] } {
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
          this.push(this.flags & F_MULTI ? '(?<![^\\n])' : '^', true);
          this.pos++;
          break;
        case '$':
          this.push(this.flags & F_MULTI ? '(?![^\\n])' : '$', true);
          this.pos++;
          break;
        case '.':
          this.push(this.flags & F_DOTNL ? '[^]' : '[^\\n]');
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
    return { source: this.cur.alts.length === 1 ? this.cur.alts[0] : this.cur.alts.join('|'), names: this.names };
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
    this.push(f.capture ? `(${body})` : `(?:${body})`, false, { m: 0, kids: f.altNodes });
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
    items[items.length - 1] = { js: atom + q, node, assertion: false };
  }

  private parseBackslash(): void {
    const s = this.src;
    const p = this.pos;
    if (p + 1 < s.length) {
      switch (s[p + 1]) {
        case 'A':
          this.push('^', true);
          this.pos += 2;
          return;
        case 'b':
          this.push('\\b', true);
          this.pos += 2;
          return;
        case 'B':
          this.push('\\B', true);
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
          this.push('$', true);
          this.pos += 2;
          return;
      }
    }
    if (p + 1 < s.length && (s[p + 1] === 'p' || s[p + 1] === 'P')) {
      const set: ClassSet = { ranges: [], props: [] };
      this.pos = this.parseUnicodeClass(p, set);
      this.classItem(set, false);
      return;
    }
    const perl = p + 1 < s.length ? PERL[s[p + 1]] : undefined;
    if (perl) {
      this.pos = p + 2;
      this.classItem({ ranges: perl[0] > 0 ? perl[1].slice() : negateRanges(perl[1]), props: [] }, false);
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
        return t;
      }
      if (cn === 'Ascii') {
        set.ranges.push(...(sign > 0 ? [0, 0x7f] : [0x80, MAX_RUNE]));
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
    const set: ClassSet = { ranges: [], props: [] };
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
  let re: RegExp;
  try {
    re = new RegExp(out.source, flags);
  } catch (e) {
    // A construct the translation does not cover: report it as Go's internal error rather than crash.
    throw new GoRegexpError('regexp/syntax: internal error', expr + ' (' + String(e) + ')');
  }
  return { expr, re, names: out.names };
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

function execAt(g: GoRegexp, s: string, pos: number): RegExpExecArray | null {
  g.re.lastIndex = pos;
  return g.re.exec(s);
}

function runeWidth(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
}

/** regexp.go allMatches: match start/end pairs (plus the exec arrays), at most n (n < 0: all). */
function allMatches(g: GoRegexp, s: string, n: number): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  if (n < 0) n = s.length + 1;
  let pos = 0;
  let prevEnd = -1;
  while (out.length < n && pos <= s.length) {
    const m = execAt(g, s, pos);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
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
function expand(g: GoRegexp, template: string, m: RegExpExecArray): string {
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
      if (num < m.length && m[num] !== undefined) out += m[num];
    } else {
      for (let k = 1; k < g.names.length; k++) {
        if (g.names[k] === name && m[k] !== undefined) {
          out += m[k];
          break;
        }
      }
    }
  }
  return out;
}

/** regexp.go replaceAll. */
function replaceAll(g: GoRegexp, src: string, repl: (m: RegExpExecArray) => string): string {
  let out = '';
  let lastEnd = 0;
  let searchPos = 0;
  while (searchPos <= src.length) {
    const m = execAt(g, src, searchPos);
    if (!m) break;
    const a0 = m.index;
    const a1 = a0 + m[0].length;
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

function split(g: GoRegexp, s: string, n: number): string[] {
  if (n === 0) return [];
  if (g.expr.length > 0 && s.length === 0) return [''];
  const matches = allMatches(g, s, n);
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of matches) {
    if (n > 0 && out.length === n - 1) break;
    end = m.index;
    const mEnd = m.index + m[0].length;
    if (mEnd !== 0) out.push(s.slice(beg, end));
    beg = mEnd;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

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

function must<T>(f: () => T): T {
  return f();
}

/** The regex functions as the Go behind a Helm version has them ('3' → Go 1.23, '4'/'4.2' → Go 1.25+). */
export function sprigRegexFor(helm: '3' | '4' | '4.2'): FuncTable {
  const d: GoRegexpDialect = helm === '3' ? 'go1.23' : 'go1.25';
  return {
  regexMatch: {
    params: ['string', 'string'],
    call: ([re, s]) => {
      let g: GoRegexp;
      try {
        g = compileGoRegexp(re as string, d);
      } catch (e) {
        if (e instanceof GoRegexpError) return false;
        throw e;
      }
      return execAt(g, s as string, 0) !== null;
    },
  },
  mustRegexMatch: {
    params: ['string', 'string'],
    call: ([re, s]) => execAt(compileGoRegexp(re as string, d), s as string, 0) !== null,
  },
  regexFindAll: {
    params: ['string', 'string', 'int'],
    call: ([re, s, n]) => strs(allMatches(mustCompile(re as string, d), s as string, intArg(n)).map((m) => m[0])),
  },
  mustRegexFindAll: {
    params: ['string', 'string', 'int'],
    call: ([re, s, n]) => strs(allMatches(compileGoRegexp(re as string, d), s as string, intArg(n)).map((m) => m[0])),
  },
  regexFind: {
    params: ['string', 'string'],
    call: ([re, s]) => execAt(mustCompile(re as string, d), s as string, 0)?.[0] ?? '',
  },
  mustRegexFind: {
    params: ['string', 'string'],
    call: ([re, s]) => execAt(compileGoRegexp(re as string, d), s as string, 0)?.[0] ?? '',
  },
  regexReplaceAll: {
    params: ['string', 'string', 'string'],
    call: ([re, s, r], ctx) => {
      const g = mustCompile(re as string, d);
      ctx.charge((s as string).length);
      return replaceAll(g, s as string, (m) => expand(g, r as string, m));
    },
  },
  mustRegexReplaceAll: {
    params: ['string', 'string', 'string'],
    call: ([re, s, r], ctx) => {
      const g = compileGoRegexp(re as string, d);
      ctx.charge((s as string).length);
      return replaceAll(g, s as string, (m) => expand(g, r as string, m));
    },
  },
  regexReplaceAllLiteral: {
    params: ['string', 'string', 'string'],
    call: ([re, s, r], ctx) => {
      ctx.charge((s as string).length);
      return replaceAll(mustCompile(re as string, d), s as string, () => r as string);
    },
  },
  mustRegexReplaceAllLiteral: {
    params: ['string', 'string', 'string'],
    call: ([re, s, r], ctx) => {
      ctx.charge((s as string).length);
      return replaceAll(compileGoRegexp(re as string, d), s as string, () => r as string);
    },
  },
  regexSplit: {
    params: ['string', 'string', 'int'],
    call: ([re, s, n]) => strs(split(mustCompile(re as string, d), s as string, intArg(n))),
  },
  mustRegexSplit: {
    params: ['string', 'string', 'int'],
    call: ([re, s, n]) => must(() => strs(split(compileGoRegexp(re as string, d), s as string, intArg(n)))),
  },
  regexQuoteMeta: { params: ['string'], call: ([s]) => quoteMeta(s as string) },
  };
}

/** Helm 4's table. */
export const sprigRegex: FuncTable = sprigRegexFor('4');
