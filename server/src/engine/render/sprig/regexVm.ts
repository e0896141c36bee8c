/**
 * A linear-time matcher for Go regexps: the parsed pattern (an Ast, as regexp/syntax's parse tree) is simplified
 * as Regexp.Simplify does, compiled to an NFA program as regexp/syntax/compile.go does (including the "(x+)?"
 * form of x* for nullable x, golang.org/issue/46123) and run by a Pike VM with submatch tracking and
 * leftmost-first priorities, as regexp/exec.go's machine.match. Work is O(input × program), metered so the render
 * budget can stop huge inputs. Positions are UTF-16 indexes (JS strings); runes are code points.
 */

// EmptyOp flags (regexp/syntax).
export const EMPTY_BEGIN_LINE = 1;
export const EMPTY_END_LINE = 2;
export const EMPTY_BEGIN_TEXT = 4;
export const EMPTY_END_TEXT = 8;
export const EMPTY_WORD_BOUNDARY = 16;
export const EMPTY_NO_WORD_BOUNDARY = 32;

export type RunePred = (c: number) => boolean;

export type Ast =
  | { op: 'rune'; pred: RunePred; single: boolean } // a literal or a class: one rune
  | { op: 'empty'; flag: number }
  | { op: 'emptyMatch' }
  | { op: 'noMatch' }
  | { op: 'cap'; idx: number; sub: Ast }
  | { op: 'star' | 'plus' | 'quest'; greedy: boolean; sub: Ast }
  | { op: 'repeat'; min: number; max: number; greedy: boolean; sub: Ast }
  | { op: 'concat'; subs: Ast[] }
  | { op: 'alt'; subs: Ast[] };

// ---------- Simplify (simplify.go) ----------

export function simplify(re: Ast): Ast {
  switch (re.op) {
    case 'cap':
      return { op: 'cap', idx: re.idx, sub: simplify(re.sub) };
    case 'concat':
    case 'alt':
      return { op: re.op, subs: re.subs.map(simplify) };
    case 'star':
    case 'plus':
    case 'quest':
      return simplify1(re.op, re.greedy, simplify(re.sub));
    case 'repeat': {
      if (re.min === 0 && re.max === 0) return { op: 'emptyMatch' };
      const sub = simplify(re.sub);
      if (re.max === -1) {
        if (re.min === 0) return simplify1('star', re.greedy, sub);
        if (re.min === 1) return simplify1('plus', re.greedy, sub);
        const subs: Ast[] = [];
        for (let i = 0; i < re.min - 1; i++) subs.push(sub);
        subs.push(simplify1('plus', re.greedy, sub));
        return { op: 'concat', subs };
      }
      if (re.min === 1 && re.max === 1) return sub;
      let prefix: Ast[] | null = null;
      if (re.min > 0) {
        prefix = [];
        for (let i = 0; i < re.min; i++) prefix.push(sub);
      }
      if (re.max > re.min) {
        let suffix = simplify1('quest', re.greedy, sub);
        for (let i = re.min + 1; i < re.max; i++) suffix = simplify1('quest', re.greedy, { op: 'concat', subs: [sub, suffix] });
        if (!prefix) return suffix;
        prefix.push(suffix);
      }
      if (prefix) return { op: 'concat', subs: prefix };
      return { op: 'noMatch' };
    }
    default:
      return re;
  }
}

function simplify1(op: 'star' | 'plus' | 'quest', greedy: boolean, sub: Ast): Ast {
  if (sub.op === 'emptyMatch') return sub;
  if (sub.op === op && sub.greedy === greedy) return sub;
  return { op, greedy, sub };
}

// ---------- program (prog.go) and compiler (compile.go) ----------

const I_FAIL = 0;
const I_MATCH = 1;
const I_RUNE = 2;
const I_ALT = 3;
const I_EMPTY = 4;
const I_NOP = 5;
const I_CAP = 6;

export interface Prog {
  op: number[];
  out: number[];
  arg: number[];
  pred: (RunePred | null)[];
  start: number;
  numCap: number;
  /** EmptyBeginText when every match must start at the beginning of the text (StartCond), -1 when impossible. */
  startCond: number;
  machine?: Machine;
}

interface Frag {
  i: number; // 0: the failing fragment
  out: number[]; // holes: pc<<1 (Out) or pc<<1|1 (Arg)
  nullable: boolean;
}

class Compiler {
  readonly p: Prog = { op: [], out: [], arg: [], pred: [], start: 0, numCap: 2, startCond: 0 };

  constructor() {
    this.inst(I_FAIL);
  }

  inst(op: number): number {
    const p = this.p;
    p.op.push(op);
    p.out.push(0);
    p.arg.push(0);
    p.pred.push(null);
    return p.op.length - 1;
  }

  patch(l: number[], val: number): void {
    for (const h of l) {
      if (h & 1) this.p.arg[h >> 1] = val;
      else this.p.out[h >> 1] = val;
    }
  }

  compile(re: Ast): Frag {
    switch (re.op) {
      case 'noMatch':
        return { i: 0, out: [], nullable: false };
      case 'emptyMatch':
        return this.nop();
      case 'rune': {
        const i = this.inst(I_RUNE);
        this.p.pred[i] = re.pred;
        return { i, out: [i << 1], nullable: false };
      }
      case 'empty': {
        const i = this.inst(I_EMPTY);
        this.p.arg[i] = re.flag;
        return { i, out: [i << 1], nullable: true };
      }
      case 'cap': {
        const bra = this.cap(re.idx << 1);
        const sub = this.compile(re.sub);
        const ket = this.cap((re.idx << 1) | 1);
        return this.cat(this.cat(bra, sub), ket);
      }
      case 'star':
        return this.star(this.compile(re.sub), !re.greedy);
      case 'plus':
        return this.plus(this.compile(re.sub), !re.greedy);
      case 'quest':
        return this.quest(this.compile(re.sub), !re.greedy);
      case 'repeat':
        return this.compile(simplify(re));
      case 'concat': {
        if (re.subs.length === 0) return this.nop();
        let f = this.compile(re.subs[0]);
        for (let k = 1; k < re.subs.length; k++) f = this.cat(f, this.compile(re.subs[k]));
        return f;
      }
      case 'alt': {
        let f: Frag = { i: 0, out: [], nullable: false };
        for (const sub of re.subs) f = this.alt(f, this.compile(sub));
        return f;
      }
    }
  }

  nop(): Frag {
    const i = this.inst(I_NOP);
    return { i, out: [i << 1], nullable: true };
  }

  cap(arg: number): Frag {
    const i = this.inst(I_CAP);
    this.p.arg[i] = arg;
    if (this.p.numCap < arg + 1) this.p.numCap = arg + 1;
    return { i, out: [i << 1], nullable: true };
  }

  cat(f1: Frag, f2: Frag): Frag {
    if (f1.i === 0 || f2.i === 0) return { i: 0, out: [], nullable: false };
    this.patch(f1.out, f2.i);
    return { i: f1.i, out: f2.out, nullable: f1.nullable && f2.nullable };
  }

  alt(f1: Frag, f2: Frag): Frag {
    if (f1.i === 0) return f2;
    if (f2.i === 0) return f1;
    const i = this.inst(I_ALT);
    this.p.out[i] = f1.i;
    this.p.arg[i] = f2.i;
    return { i, out: f1.out.concat(f2.out), nullable: f1.nullable || f2.nullable };
  }

  quest(f1: Frag, nongreedy: boolean): Frag {
    const i = this.inst(I_ALT);
    let out: number[];
    if (nongreedy) {
      this.p.arg[i] = f1.i;
      out = [i << 1];
    } else {
      this.p.out[i] = f1.i;
      out = [(i << 1) | 1];
    }
    return { i, out: out.concat(f1.out), nullable: true };
  }

  loop(f1: Frag, nongreedy: boolean): Frag {
    const i = this.inst(I_ALT);
    let out: number[];
    if (nongreedy) {
      this.p.arg[i] = f1.i;
      out = [i << 1];
    } else {
      this.p.out[i] = f1.i;
      out = [(i << 1) | 1];
    }
    this.patch(f1.out, i);
    return { i, out, nullable: true };
  }

  star(f1: Frag, nongreedy: boolean): Frag {
    if (f1.nullable) return this.quest(this.plus(f1, nongreedy), nongreedy);
    return this.loop(f1, nongreedy);
  }

  plus(f1: Frag, nongreedy: boolean): Frag {
    return { i: f1.i, out: this.loop(f1, nongreedy).out, nullable: f1.nullable };
  }
}

/** syntax.Compile(re.Simplify()). */
export function compileProg(re: Ast): Prog {
  const c = new Compiler();
  const f = c.compile(simplify(re));
  const m = c.inst(I_MATCH);
  c.patch(f.out, m);
  const p = c.p;
  p.start = f.i;
  p.startCond = startCond(p);
  return p;
}

/** Prog.StartCond: the empty-width conditions every match must satisfy at its start. */
function startCond(p: Prog): number {
  let flag = 0;
  let pc = p.start;
  for (let guard = 0; guard < p.op.length; guard++) {
    switch (p.op[pc]) {
      case I_EMPTY:
        flag |= p.arg[pc];
        break;
      case I_FAIL:
        return -1;
      case I_CAP:
      case I_NOP:
        break;
      default:
        return flag;
    }
    pc = p.out[pc];
  }
  return flag;
}

// ---------- the Pike VM (exec.go) ----------

function isWordChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

/** syntax.EmptyOpContext(r1, r2); -1 stands for the text's edges. */
function emptyOpContext(r1: number, r2: number): number {
  let op = EMPTY_NO_WORD_BOUNDARY;
  let boundary = 0;
  if (r1 < 0) op |= EMPTY_BEGIN_TEXT | EMPTY_BEGIN_LINE;
  else if (r1 === 0x0a) op |= EMPTY_BEGIN_LINE;
  else if (isWordChar(r1)) boundary = 1;
  if (r2 < 0) op |= EMPTY_END_TEXT | EMPTY_END_LINE;
  else if (r2 === 0x0a) op |= EMPTY_END_LINE;
  if (r2 >= 0 && isWordChar(r2)) boundary ^= 1;
  if (boundary !== 0) op ^= EMPTY_WORD_BOUNDARY | EMPTY_NO_WORD_BOUNDARY;
  return op;
}

/** The rune at i (a code point; a lone surrogate stands for itself) or -1 at the end. */
function runeAt(s: string, i: number): number {
  if (i >= s.length) return -1;
  return s.codePointAt(i) as number;
}

/** The rune ending at i, or -1 at the start. */
function runeBefore(s: string, i: number): number {
  if (i <= 0) return -1;
  const c = s.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = s.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return ((h - 0xd800) << 10) + (c - 0xdc00) + 0x10000;
  }
  return c;
}

/** Receives the work done (threads × steps) in chunks, e.g. to charge a render budget. */
export type Meter = (units: number) => void;

class Queue {
  sparse: Int32Array;
  pc: Int32Array;
  cap: (number[] | null)[];
  len = 0;
  constructor(n: number) {
    this.sparse = new Int32Array(n);
    this.pc = new Int32Array(n);
    this.cap = new Array(n).fill(null);
  }
  has(pc: number): boolean {
    const j = this.sparse[pc];
    return j < this.len && this.pc[j] === pc;
  }
}

const NO_CAPS: number[] = [];

class Machine {
  q0: Queue;
  q1: Queue;
  /** add's explicit stack: pcs, and (old value, -1 - slot) pairs that restore a capture slot. */
  stack: Int32Array;
  /** Free capture arrays of length poolNcap (threads are recycled as in exec.go). */
  pool: number[][] = [];
  poolNcap = -1;
  op: Int32Array;
  out: Int32Array;
  arg: Int32Array;
  constructor(readonly p: Prog) {
    this.op = Int32Array.from(p.op);
    this.out = Int32Array.from(p.out);
    this.arg = Int32Array.from(p.arg);
    this.q0 = new Queue(p.op.length);
    this.q1 = new Queue(p.op.length);
    this.stack = new Int32Array(4 * p.op.length + 8);
  }

  private alloc(cap: number[], ncap: number): number[] {
    if (ncap === 0) return NO_CAPS;
    const t = this.pool.pop() ?? new Array<number>(ncap);
    for (let k = 0; k < ncap; k++) t[k] = cap[k];
    return t;
  }

  private free(t: number[]): void {
    if (t !== NO_CAPS) this.pool.push(t);
  }

  /** machine.add: follows empty transitions from pc in priority order; threads get copies of cap[0:ncap]. */
  add(q: Queue, pc0: number, pos: number, cap: number[], ncap: number, cond: number): void {
    const op = this.op;
    const out = this.out;
    const arg = this.arg;
    const st = this.stack;
    const sparse = q.sparse;
    const qpc = q.pc;
    let top = 0;
    st[top++] = pc0;
    while (top > 0) {
      const x = st[--top];
      if (x < 0) {
        // restore a capture slot after its subtree
        cap[-1 - x] = st[--top];
        continue;
      }
      const pc = x;
      if (pc === 0) continue;
      const sj = sparse[pc];
      if (sj < q.len && qpc[sj] === pc) continue;
      const j = q.len++;
      qpc[j] = pc;
      q.cap[j] = null;
      sparse[pc] = j;
      switch (op[pc]) {
        case I_FAIL:
          break;
        case I_ALT:
          st[top++] = arg[pc];
          st[top++] = out[pc];
          break;
        case I_EMPTY:
          if ((arg[pc] & ~cond) === 0) st[top++] = out[pc];
          break;
        case I_NOP:
          st[top++] = out[pc];
          break;
        case I_CAP: {
          const a = arg[pc];
          if (a < ncap) {
            st[top++] = cap[a];
            st[top++] = -1 - a;
            cap[a] = pos;
          }
          st[top++] = out[pc];
          break;
        }
        default:
          // I_MATCH, I_RUNE: a thread
          q.cap[j] = this.alloc(cap, ncap);
      }
    }
  }

  /** machine.match from pos: the capture positions (ncap of them) of the leftmost-first match, or null. */
  match(s: string, pos: number, ncap: number, meter: Meter | undefined): number[] | null {
    const p = this.p;
    const startCond = p.startCond;
    if (startCond === -1) return null;
    if (this.poolNcap !== ncap) {
      this.pool = [];
      this.poolNcap = ncap;
    }
    let runq = this.q0;
    let nextq = this.q1;
    runq.len = 0;
    nextq.len = 0;
    let matched = false;
    let matchcap: number[] | null = null;
    const preds = p.pred;
    const scratch: number[] = new Array(Math.max(ncap, 2)).fill(-1);
    let r = runeAt(s, pos);
    let width = r < 0 ? 0 : r > 0xffff ? 2 : 1;
    let r1 = -1;
    if (r >= 0) r1 = runeAt(s, pos + width);
    let flag = pos === 0 ? emptyOpContext(-1, r) : emptyOpContext(runeBefore(s, pos), r);
    let work = 0;
    for (;;) {
      if (runq.len === 0) {
        if (startCond & EMPTY_BEGIN_TEXT && pos !== 0) break;
        if (matched) break;
      }
      if (!matched) {
        for (let k = 0; k < scratch.length; k++) scratch[k] = -1;
        if (ncap > 0) scratch[0] = pos;
        this.add(runq, p.start, pos, scratch, ncap, flag);
      }
      flag = emptyOpContext(r, r1);
      const nextPos = pos + width;
      // step
      const n = runq.len;
      work += n + 1;
      let j = 0;
      for (; j < n; j++) {
        const t = runq.cap[j];
        if (t === null) continue;
        const pc = runq.pc[j];
        if (this.op[pc] === I_MATCH) {
          if (ncap > 0) {
            t[1] = pos;
            if (matchcap !== null) this.free(matchcap);
            matchcap = t;
          }
          matched = true;
          j++;
          break; // first-match mode: cut off lower-priority threads
        }
        if (r >= 0 && (preds[pc] as RunePred)(r)) this.add(nextq, this.out[pc], nextPos, t, ncap, flag);
        this.free(t);
      }
      for (; j < n; j++) {
        const t = runq.cap[j];
        if (t !== null) this.free(t);
      }
      runq.len = 0;
      if (work >= 8192 && meter) {
        meter(work);
        work = 0;
      }
      if (width === 0) break;
      if (ncap === 0 && matched) break;
      pos = nextPos;
      r = r1;
      width = r < 0 ? 0 : r > 0xffff ? 2 : 1;
      if (r >= 0) r1 = runeAt(s, pos + width);
      const tmp = runq;
      runq = nextq;
      nextq = tmp;
    }
    for (let j = 0; j < nextq.len; j++) {
      const t = nextq.cap[j];
      if (t !== null) this.free(t);
    }
    nextq.len = 0;
    runq.len = 0;
    if (meter && work > 0) meter(work);
    if (!matched) return null;
    if (ncap === 0) return [];
    const out = (matchcap as number[]).slice(0, ncap);
    this.free(matchcap as number[]);
    return out;
  }
}

/** The leftmost-first match in s at or after pos: ncap capture positions (-1: unset), or null. */
export function vmExec(p: Prog, s: string, pos: number, ncap: number, meter?: Meter): number[] | null {
  if (ncap > p.numCap) ncap = p.numCap;
  const m = p.machine ?? (p.machine = new Machine(p));
  return m.match(s, pos, ncap, meter);
}

// ---------- which patterns a backtracking JS RegExp runs safely and with Go's results ----------

/**
 * A bound on the backtracking work of the JS twin: work ≤ mult × (n+1)^(exp+1) for n input characters, or null
 * when the JS RegExp is not provably both fast and equal to Go (quantified groups, nullable bodies, captures in
 * repeated groups).
 */
export interface FastCost {
  exp: number;
  mult: number;
}

function isSingleRune(re: Ast): boolean {
  return re.op === 'rune';
}

function nullable(re: Ast): boolean {
  switch (re.op) {
    case 'rune':
    case 'noMatch':
      return false;
    case 'empty':
    case 'emptyMatch':
    case 'star':
    case 'quest':
      return true;
    case 'cap':
    case 'plus':
      return nullable(re.sub);
    case 'repeat':
      return re.min === 0 || nullable(re.sub);
    case 'concat':
      return re.subs.every(nullable);
    case 'alt':
      return re.subs.some(nullable);
  }
}

function hasCapture(re: Ast): boolean {
  switch (re.op) {
    case 'cap':
      return true;
    case 'star':
    case 'plus':
    case 'quest':
    case 'repeat':
      return hasCapture(re.sub);
    case 'concat':
    case 'alt':
      return re.subs.some(hasCapture);
    default:
      return false;
  }
}

/** See FastCost; computed on the parse tree (before Simplify). */
export function fastCost(re: Ast): FastCost | null {
  switch (re.op) {
    case 'rune':
    case 'empty':
    case 'emptyMatch':
    case 'noMatch':
      return { exp: 0, mult: 1 };
    case 'cap':
      return fastCost(re.sub);
    case 'star':
    case 'plus':
      return isSingleRune(re.sub) ? { exp: 1, mult: 1 } : null;
    case 'quest': {
      if (nullable(re.sub)) return null;
      const c = fastCost(re.sub);
      return c && { exp: c.exp, mult: c.mult + 1 };
    }
    case 'repeat': {
      if (re.max === 0) return { exp: 0, mult: 1 };
      if (isSingleRune(re.sub)) return { exp: re.max === re.min ? 0 : 1, mult: 1 };
      if (re.max < 0 || nullable(re.sub) || (re.max > 1 && hasCapture(re.sub))) return null;
      const c = fastCost(re.sub);
      if (!c) return null;
      return { exp: c.exp * re.max, mult: Math.pow(c.mult, re.max) * (re.max - re.min + 1) };
    }
    case 'concat': {
      let exp = 0;
      let mult = 1;
      for (const s of re.subs) {
        const c = fastCost(s);
        if (!c) return null;
        exp += c.exp;
        mult *= c.mult;
      }
      return { exp, mult };
    }
    case 'alt': {
      let exp = 0;
      let mult = 0;
      for (const s of re.subs) {
        const c = fastCost(s);
        if (!c) return null;
        exp = Math.max(exp, c.exp);
        mult += c.mult;
      }
      return { exp, mult: Math.max(mult, 1) };
    }
  }
}
