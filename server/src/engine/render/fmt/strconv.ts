/**
 * Go's strconv as the renderer needs it: float formatting (FormatFloat with every format and precision, bit for bit),
 * quoting and unquoting, and integer/float parsing with Go's error values.
 *
 * Floats: Go's shortest representation of a float64 has the same digits as JavaScript's own shortest round-trip
 * digits, so `shortest` uses those and formats around them as Go does. Fixed precisions are computed from the exact
 * binary value (with BigInt) and rounded half to even as Go's decimal code does, so ties such as `%.0f` of 0.5 or
 * `%.2f` of 0.125 come out as Go prints them (JavaScript's toFixed rounds those ties up).
 */
import { GoError } from '../goValue';

// ---------------------------------------------------------------------------------------------------------------------
// Errors

export const ERR_SYNTAX = 'invalid syntax';
export const ERR_RANGE = 'value out of range';

/**
 * strconv.NumError: `strconv.FUNC: parsing "NUM": ERR`. `value` holds what the Go function returned alongside the
 * error (the clamped integer or ±Inf for range errors, 0 otherwise), for callers that use it.
 */
export class NumError extends GoError {
  constructor(
    readonly func: string,
    readonly num: string,
    readonly err: string,
    readonly value: bigint | number = 0,
  ) {
    super(`strconv.${func}: parsing ${quote(num)}: ${err}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Float formatting (strconv/ftoa.go)

/** Decimal digits d (no leading or trailing zeros; '' for zero) with the decimal point after dp digits. */
interface Digits {
  d: string;
  dp: number;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Index of the high word of a float64 in u32 on this platform.
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

interface Decomposed {
  neg: boolean;
  /** Raw biased exponent field. */
  expField: number;
  /** Mantissa bits without the implicit bit. */
  mantHi: number;
  mantLo: number;
}

function decompose64(x: number): Decomposed {
  f64[0] = x;
  const hi = u32[HI];
  const lo = u32[LO];
  return { neg: hi >>> 31 === 1, expField: (hi >>> 20) & 0x7ff, mantHi: hi & 0xfffff, mantLo: lo };
}

/** mant·2^exp of a finite float (bitSize 32 or 64) as a BigInt mantissa and a binary exponent; strconv's view. */
function mantExp(x: number, bitSize: 32 | 64): { neg: boolean; mant: bigint; exp: number; mantbits: number } {
  const d = decompose64(x);
  if (bitSize === 64) {
    let mant = (BigInt(d.mantHi) << 32n) | BigInt(d.mantLo);
    let exp = d.expField;
    if (exp === 0) exp++;
    else mant |= 1n << 52n;
    return { neg: d.neg, mant, exp: exp - 1023, mantbits: 52 };
  }
  // float32: re-derive its fields from the (exactly representable) float64.
  const f = new Float32Array([x]);
  const bits = new Uint32Array(f.buffer)[0];
  let mant = BigInt(bits & 0x7fffff);
  let exp = (bits >>> 23) & 0xff;
  if (exp === 0) exp++;
  else mant |= 1n << 23n;
  return { neg: bits >>> 31 === 1, mant, exp: exp - 127, mantbits: 23 };
}

const POW5_CACHE: bigint[] = [];
function pow5(k: number): bigint {
  let p = POW5_CACHE[k];
  if (p === undefined) {
    p = 5n ** BigInt(k);
    if (k < 1100) POW5_CACHE[k] = p;
  }
  return p;
}

/** The exact decimal expansion of |x| (a finite float). strconv/decimal.go: Assign + Shift. */
function exactDigits(absX: number): Digits {
  if (absX === 0) return { d: '', dp: 0 };
  const { mant, exp, mantbits } = mantExp(absX, 64);
  const e2 = exp - mantbits;
  let s: string;
  let dp: number;
  if (e2 >= 0) {
    s = (mant << BigInt(e2)).toString();
    dp = s.length;
  } else {
    // mant / 2^k = mant·5^k / 10^k
    s = (mant * pow5(-e2)).toString();
    dp = s.length + e2;
  }
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--;
  return { d: end === s.length ? s : s.slice(0, end), dp };
}

/**
 * Whether |x| lies exactly halfway between two multiples of 10^-prec. A float with k fractional bits has exactly k
 * fractional decimal digits, the last one a 5, so that is the case exactly when k = prec + 1.
 */
function isFixedTie(absX: number, prec: number): boolean {
  let y = absX;
  let k = 0;
  while (!Number.isInteger(y)) {
    if (++k > prec + 1) return false;
    y *= 2;
  }
  return k === prec + 1;
}

/** Rounds to nd digits, half to even on exact ties (strconv/decimal.go: Round, RoundUp, RoundDown). */
function roundDigits(x: Digits, nd: number): Digits {
  const { d, dp } = x;
  if (nd < 0 || nd >= d.length) return x;
  const c = d.charCodeAt(nd);
  let up: boolean;
  if (c === 53 /* 5 */ && nd + 1 === d.length) up = nd > 0 && (d.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = c >= 53;
  if (!up) {
    let end = nd;
    while (end > 0 && d.charCodeAt(end - 1) === 48) end--;
    return { d: d.slice(0, end), dp };
  }
  let i = nd - 1;
  while (i >= 0 && d.charCodeAt(i) === 57 /* 9 */) i--;
  if (i < 0) return { d: '1', dp: dp + 1 };
  return { d: d.slice(0, i) + String.fromCharCode(d.charCodeAt(i) + 1), dp };
}

/** Parses JS exponential notation "d.ddde±x" into digits. */
function digitsFromExponential(s: string): Digits {
  const e = s.indexOf('e');
  const mant = s.slice(0, e);
  const exp = Number(s.slice(e + 1));
  let d = mant.length > 1 ? mant[0] + mant.slice(2) : mant;
  let end = d.length;
  while (end > 0 && d.charCodeAt(end - 1) === 48) end--;
  if (end !== d.length) d = d.slice(0, end);
  return { d, dp: exp + 1 };
}

/** Shortest digits that read back as |x| (as float64, or as float32 when bitSize is 32). */
function shortestDigits(absX: number, bitSize: 32 | 64): Digits {
  if (absX === 0) return { d: '', dp: 0 };
  if (bitSize === 64) return digitsFromExponential(absX.toExponential());
  for (let p = 1; p < 17; p++) {
    const s = absX.toExponential(p - 1);
    if (Math.fround(Number(s)) === absX) return digitsFromExponential(s);
  }
  return digitsFromExponential(absX.toExponential());
}

function pad2or3(exp: number): string {
  return exp < 10 ? '0' + exp : String(exp);
}

/** %e: -d.dddde±dd (strconv/ftoa.go: fmtE). */
function fmtE(neg: boolean, x: Digits, prec: number, ch: string): string {
  let out = neg ? '-' : '';
  out += x.d.length > 0 ? x.d[0] : '0';
  if (prec > 0) {
    out += '.';
    const m = Math.min(x.d.length, prec + 1);
    if (m > 1) out += x.d.slice(1, m);
    const zeros = prec + 1 - Math.max(m, 1);
    if (zeros > 0) out += '0'.repeat(zeros);
  }
  let exp = x.d.length === 0 ? 0 : x.dp - 1;
  let sign = '+';
  if (exp < 0) {
    sign = '-';
    exp = -exp;
  }
  return out + ch + sign + pad2or3(exp);
}

/** %f: -ddddd.ddd (strconv/ftoa.go: fmtF). */
function fmtF(neg: boolean, x: Digits, prec: number): string {
  let out = neg ? '-' : '';
  const { d, dp } = x;
  if (dp > 0) {
    const m = Math.min(d.length, dp);
    out += d.slice(0, m);
    if (m < dp) out += '0'.repeat(dp - m);
  } else {
    out += '0';
  }
  if (prec > 0) {
    out += '.';
    // Digits at positions dp .. dp+prec-1 of d, zero outside.
    let frac = '';
    const start = dp;
    if (start < 0) frac += '0'.repeat(Math.min(-start, prec));
    const from = Math.max(start, 0);
    const to = Math.min(d.length, start + prec);
    if (to > from) frac += d.slice(from, to);
    if (frac.length < prec) frac += '0'.repeat(prec - frac.length);
    out += frac;
  }
  return out;
}

/** %b: -ddddp±ddd (strconv/ftoa.go: fmtB). */
function fmtB(neg: boolean, mant: bigint, exp: number, mantbits: number): string {
  const e = exp - mantbits;
  return (neg ? '-' : '') + mant.toString() + 'p' + (e >= 0 ? '+' : '') + e;
}

/** %x: -0x1.hhhhp±dd (strconv/ftoa.go: fmtX). */
function fmtX(prec: number, fmt: 'x' | 'X', neg: boolean, mantIn: bigint, expIn: number, mantbits: number): string {
  let mant = mantIn;
  let exp = expIn;
  if (mant === 0n) exp = 0;
  const B60 = 1n << 60n;
  mant <<= BigInt(60 - mantbits);
  while (mant !== 0n && (mant & B60) === 0n) {
    mant <<= 1n;
    exp--;
  }
  const MASK64 = (1n << 64n) - 1n;
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & (B60 - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = fmt === 'X' ? '0123456789ABCDEF' : '0123456789abcdef';
  let out = (neg ? '-' : '') + '0' + fmt + ((mant >> 60n) & 1n ? '1' : '0');
  mant = (mant << 4n) & MASK64;
  if (prec < 0 && mant !== 0n) {
    out += '.';
    while (mant !== 0n) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK64;
    }
  } else if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK64;
    }
  }
  out += fmt === 'X' ? 'P' : 'p';
  let sign = '+';
  if (exp < 0) {
    sign = '-';
    exp = -exp;
  }
  return out + sign + (exp < 10 ? '0' + exp : String(exp));
}

export type FloatFormat = 'e' | 'E' | 'f' | 'g' | 'G' | 'b' | 'x' | 'X';

/**
 * strconv.FormatFloat: `fmt` is one of b e E f g G x X; prec -1 means the shortest representation that reads back
 * as the same float of `bitSize` bits.
 */
export function formatFloat(f: number, fmt: FloatFormat, prec: number, bitSize: 32 | 64 = 64): string {
  if (bitSize === 32) f = Math.fround(f);
  if (f !== f) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (fmt === 'b' || fmt === 'x' || fmt === 'X') {
    const { neg, mant, exp, mantbits } = mantExp(f, bitSize);
    return fmt === 'b' ? fmtB(neg, mant, exp, mantbits) : fmtX(prec, fmt, neg, mant, exp, mantbits);
  }
  const neg = f < 0 || Object.is(f, -0);
  const abs = neg ? -f : f;
  const shortest = prec < 0;
  let digs: Digits;
  if (shortest) {
    digs = shortestDigits(abs, bitSize);
    switch (fmt) {
      case 'e':
      case 'E':
        prec = Math.max(digs.d.length - 1, 0);
        break;
      case 'f':
        prec = Math.max(digs.d.length - digs.dp, 0);
        break;
      default:
        prec = digs.d.length;
    }
  } else {
    if (fmt === 'f' && prec <= 100 && abs < 1e21 && !isFixedTie(abs, prec)) {
      // Away from exact ties JavaScript's toFixed is the correctly rounded result, as Go's is.
      const s = abs.toFixed(prec);
      return neg ? '-' + s : s;
    }
    const exact = exactDigits(abs);
    switch (fmt) {
      case 'e':
      case 'E':
        digs = roundDigits(exact, prec + 1);
        break;
      case 'f':
        digs = roundDigits(exact, exact.dp + prec);
        break;
      default:
        if (prec === 0) prec = 1;
        digs = roundDigits(exact, prec);
    }
  }
  return formatDigits(shortest, neg, digs, prec, fmt);
}

function formatDigits(shortest: boolean, neg: boolean, digs: Digits, prec: number, fmt: 'e' | 'E' | 'f' | 'g' | 'G'): string {
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(neg, digs, prec, fmt);
    case 'f':
      return fmtF(neg, digs, prec);
  }
  const nd = digs.d.length;
  let eprec = prec;
  if (eprec > nd && nd >= digs.dp) eprec = nd;
  if (shortest) eprec = 6;
  const exp = digs.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > nd) prec = nd;
    return fmtE(neg, digs, prec - 1, fmt === 'g' ? 'e' : 'E');
  }
  if (prec > digs.dp) prec = nd;
  return fmtF(neg, digs, Math.max(prec - digs.dp, 0));
}

/**
 * fmt's %v of a float64 (FormatFloat(f, 'g', -1, 64)), with a fast path: between 1e-4 and 1e6 Go and JavaScript
 * print the same fixed notation of the same shortest digits.
 */
export function formatFloatShortestG(f: number): string {
  const a = f < 0 ? -f : f;
  if (a >= 1e-4 && a < 1e6) return String(f);
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  return formatFloat(f, 'g', -1, 64);
}

// ---------------------------------------------------------------------------------------------------------------------
// Integers (strconv/itoa.go)

/** strconv.FormatInt / FormatUint: base 2..36, lower-case digits. */
export function formatInt(i: bigint, base = 10): string {
  return i.toString(base);
}

/** strconv.Itoa. */
export function itoa(i: bigint | number): string {
  return typeof i === 'bigint' ? i.toString() : String(Math.trunc(i));
}

// ---------------------------------------------------------------------------------------------------------------------
// Quoting (strconv/quote.go)

const HEX = '0123456789abcdef';

/**
 * The printable code points of Go's unicode.IsPrint (categories L, M, N, P, S and the ASCII space) as of Unicode
 * 15.0.0, the tables Go 1.21 to 1.26 carry (Helm 3.17 to 4.2 are built with those). The host's own Unicode data is
 * newer and varies with the Node/Electron build, so it cannot stand in. Encoded as hex pairs: the gap from the end
 * of the previous run to the start of this run, then the run's length minus one. Derived from Go's strconv tables.
 */
const PRINT_RUNS =
  '20,5e,23,b,2,2c9,3,5,5,6,2,0,2,13,2,18c,2,25,3,31,3,2,2,36,9,1a,5,5,12,15,2,bf,2,2f,3,3a,3,64,f,3a,3,30,' +
  '3,e,2,1b,3,0,2,a,6,1e,a,49,2,a0,2,7,3,1,3,15,2,6,2,0,4,3,3,8,3,1,3,3,9,0,5,1,2,4,3,18,3,2,2,5,5,1,3,15,2,' +
  '6,2,1,2,1,2,1,3,0,2,4,5,1,3,2,4,0,8,3,2,0,8,10,b,2,2,8,2,2,2,15,2,6,2,1,2,4,3,9,2,2,2,2,3,0,10,3,3,b,8,6,' +
  '2,2,2,7,3,1,3,15,2,6,2,1,2,4,3,8,3,1,3,2,8,2,5,1,2,4,3,11,b,1,2,5,4,2,2,3,4,1,2,0,2,1,4,1,4,2,4,b,5,4,4,' +
  '2,2,3,3,0,7,0,f,14,6,c,2,2,2,16,2,f,3,8,2,2,2,3,8,1,2,2,3,0,3,3,3,9,8,15,2,2,2,16,2,9,2,4,3,8,2,2,2,3,8,' +
  '1,7,1,2,3,3,9,2,2,d,c,2,2,2,32,2,2,2,5,5,f,3,19,2,2,2,11,4,17,2,8,2,0,3,6,4,0,5,5,2,0,2,7,7,9,3,2,d,39,5,' +
  '1c,26,1,2,0,2,4,2,17,2,0,2,16,3,4,2,0,2,6,2,9,3,3,21,47,2,23,5,26,2,23,2,e,2,c,26,c5,2,0,6,0,3,178,2,3,3,' +
  '6,2,0,2,3,3,28,2,3,3,20,2,3,3,6,2,0,2,3,3,e,2,38,2,3,3,42,3,1f,4,19,7,55,3,5,3,27f,2,1b,4,58,8,15,a,17,a,' +
  '13,d,c,2,2,2,1,d,5d,3,9,7,9,7,d,2,a,7,58,8,2a,6,45,b,1e,2,b,5,b,5,0,4,29,3,4,c,2b,5,19,7,a,4,3d,3,40,2,' +
  '1c,3,a,7,9,7,d,3,1e,32,4c,4,2e,2,73,9,3b,4,e,4,3b,8,2a,3,a,9,2a,6,215,3,5,3,25,3,5,3,7,2,0,2,0,2,0,2,1e,' +
  '3,34,2,e,2,d,3,5,2,12,3,2,2,8,12,17,9,2e,12,1,3,1a,2,c,4,20,10,20,10,8b,5,296,1a,a,16,713,3,1f,2,15c,6,' +
  '2c,2,0,6,0,3,37,8,1,f,17,a,6,2,6,2,6,2,6,2,6,2,6,2,6,2,6,2,7d,23,19,2,58,d,d5,1b,b,6,3e,2,55,3,66,6,2a,2,' +
  '5d,2,53,d,2e,2,726c,4,36,a,15b,15,b7,9,ca,6,1,2,0,2,4,19,3a,4,9,7,37,9,45,9,b,7,73,c,1d,4,4d,2,a,5,20,2,' +
  '36,a,d,3,9,3,66,19,1b,b,5,3,5,3,5,a,6,2,6,2,3b,5,7d,3,9,7,2ba3,d,16,5,30,2105,16d,3,69,27,6,d,4,6,19,2,4,' +
  '2,0,2,1,2,1,2,7c,11,1bc,3,35,8,0,21,29,7,32,2,12,2,3,5,4,2,86,5,bd,4,5,3,5,3,5,3,2,4,6,2,6,e,1,3,b,2,19,' +
  '2,12,2,1,2,e,3,d,23,7a,6,2,5,2c,4,57,2,c,4,0,30,2d,83,1c,4,30,10,1b,5,23,a,1d,6,2a,6,1d,2,24,5,d,2b,9d,3,' +
  '9,7,23,5,23,5,27,9,33,c,b,2,e,2,6,2,1,2,a,2,e,2,6,2,1,44,136,a,15,b,7,19,5,2,29,2,8,46,5,3,0,2,2b,2,1,4,' +
  '0,3,16,2,47,9,8,31,12,2,1,6,20,4,1a,6,0,41,37,5,13,3,31,2,1,6,7,2,2,2,1c,3,2,5,9,8,8,8,3f,21,26,5,b,a,35,' +
  '4,1c,3,1a,6,19,8,3,d,6,51,48,38,32,e,32,8,2d,9,9,127,1e,2,29,2,2,3,1,4c,2a,9,29,17,19,27,1b,15,16,a,4d,5,' +
  '23,a,3d,2,4,e,18,8,9,7,34,2,11,9,26,a,5f,2,13,c,11,2,2e,3f,6,2,0,2,3,2,e,2,a,7,3a,6,9,7,3,2,7,3,1,3,15,2,' +
  '6,2,1,2,4,2,9,3,1,3,2,3,0,7,0,6,6,3,6,4,4,8c,5b,2,4,1f,47,9,9,a7,35,3,25,23,44,c,9,7,c,14,39,7,9,37,1a,3,' +
  'e,5,16,ba,3b,65,52,d,7,3,0,3,7,2,1,2,1d,2,1,3,b,a,9,47,7,3,2d,3,a,1c,47,9,52,e,48,8,9,f7,8,2,2c,2,d,b,1c,' +
  '4,1f,3,15,2,d,4a,6,2,1,2,2b,4,0,2,1,2,8,9,9,7,5,2,1,2,24,2,1,2,5,8,9,137,18,8,10,2,28,4,1b,57,0,10,31,e,' +
  '39a,67,6e,2,4,c,c3,a4d,62,e,42f,11,15,fab,246,21ba,238,8,1e,2,9,5,50,2,9,7,1d,3,5,b,45,b,9,2,6,2,14,6,12,' +
  '2b1,5a,66,4a,5,38,8,10,41,4,c,1,f,17f7,9,4d5,2b,8,22e8,3,2,6,2,1,2,122,10,0,1e,2,3,0,f,3,9,18b,905,6a,6,' +
  'c,4,8,8,9,3,3,1261,2d,3,16,a,73,3d,f5,b,26,3,49,9,6f,16,45,7b,13,d,13,d,56,a,18,88,54,2,46,2,1,3,0,3,1,3,' +
  '3,2,b,2,0,2,6,2,40,2,3,3,7,2,6,2,1b,2,3,2,4,2,0,4,6,2,153,3,123,3,2bd,10,4,2,e,451,1e,7,5,d6,6,2,10,3,6,' +
  '2,1,2,4,6,3d,22,0,71,2c,4,d,3,9,5,1,141,1e,12,39,6,0,1d1,29,2e7,6,2,3,2,1,2,e,2,c4,3,f,2a,4b,5,9,5,1,312,' +
  '43,4d,3c,c3,3,2,1a,2,1,2,0,3,0,2,9,2,3,2,0,2,0,7,0,5,0,2,0,2,0,2,2,2,1,2,0,3,0,2,0,2,0,2,0,2,0,2,1,2,0,3,' +
  '3,2,6,2,3,2,3,2,0,2,9,2,10,6,2,2,4,2,10,35,1,10f,2b,5,63,d,e,3,e,2,e,2,24,b,ad,39,1c,e,2b,5,8,8,1,f,5,9b,' +
  '3d7,5,10,4,c,4,76,5,5e,7,b,5,0,10,b,5,37,9,9,7,27,9,1d,3,1,4f,153,d,d,3,c,4,8,8,2d,2,6,9,d,5,8,8,8,8,92,' +
  '2,36,26,9,407,a6df,21,1039,7,dd,3,1681,f,1d30,c20,21d,5e3,134a,6,105f,add51,ef';

let printStarts: Uint32Array | undefined;
let printEnds: Uint32Array | undefined;

function loadPrintRuns(): void {
  const parts = PRINT_RUNS.split(',');
  const n = parts.length >> 1;
  const starts = new Uint32Array(n);
  const ends = new Uint32Array(n);
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const s = prev + Number.parseInt(parts[2 * i], 16);
    const e = s + Number.parseInt(parts[2 * i + 1], 16);
    starts[i] = s;
    ends[i] = e;
    prev = e;
  }
  printStarts = starts;
  printEnds = ends;
}

/** unicode.IsPrint (strconv.IsPrint): letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(r: number): boolean {
  if (r <= 0xff) {
    if (r >= 0x20 && r <= 0x7e) return true;
    if (r >= 0xa1 && r <= 0xff) return r !== 0xad;
    return false;
  }
  if (!printStarts) loadPrintRuns();
  const starts = printStarts as Uint32Array;
  const ends = printEnds as Uint32Array;
  // Last run starting at or before r.
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid] <= r) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && r <= ends[lo - 1];
}

function hexN(r: number, n: number): string {
  let s = '';
  for (let sh = (n - 1) * 4; sh >= 0; sh -= 4) s += HEX[(r >>> sh) & 0xf];
  return s;
}

/** One rune escaped as strconv.appendEscapedRune does. */
function escapeRune(r: number, quoteCh: number, asciiOnly: boolean): string {
  if (r === quoteCh || r === 92) return '\\' + String.fromCharCode(r);
  if (asciiOnly) {
    if (r < 0x80 && isPrint(r)) return String.fromCharCode(r);
  } else if (isPrint(r)) {
    return String.fromCodePoint(r);
  }
  switch (r) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + hexN(r, 2);
  if (r > 0x10ffff) r = 0xfffd;
  if (r < 0x10000) return '\\u' + hexN(r, 4);
  return '\\U' + hexN(r, 8);
}

function quoteWith(s: string, quoteCh: number, asciiOnly: boolean): string {
  // Fast path: printable ASCII without quote or backslash.
  let i = 0;
  const n = s.length;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === quoteCh || c === 92) break;
  }
  const q = String.fromCharCode(quoteCh);
  if (i === n) return q + s + q;
  let out = q + s.slice(0, i);
  while (i < n) {
    let r = s.charCodeAt(i);
    if (r >= 0xd800 && r <= 0xdbff && i + 1 < n) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        r = ((r - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        i++;
      } else {
        r = 0xfffd;
      }
    } else if (r >= 0xd800 && r <= 0xdfff) {
      r = 0xfffd; // a lone surrogate is what Go would see as U+FFFD once encoded
    }
    i++;
    out += r >= 0x20 && r < 0x7f && r !== quoteCh && r !== 92 ? String.fromCharCode(r) : escapeRune(r, quoteCh, asciiOnly);
  }
  return out + q;
}

/** strconv.Quote: a double-quoted Go string literal; printable runes are kept, others escaped. */
export function quote(s: string): string {
  return quoteWith(s, 34, false);
}

/** strconv.QuoteToASCII: like quote, but every non-ASCII rune is escaped. */
export function quoteToASCII(s: string): string {
  return quoteWith(s, 34, true);
}

function validRune(r: number): boolean {
  return r >= 0 && r <= 0x10ffff && !(r >= 0xd800 && r <= 0xdfff);
}

/** strconv.QuoteRune: a single-quoted Go rune literal; invalid runes become U+FFFD. */
export function quoteRune(r: number): string {
  return quoteWith(String.fromCodePoint(validRune(r) ? r : 0xfffd), 39, false);
}

/** strconv.QuoteRuneToASCII. */
export function quoteRuneToASCII(r: number): string {
  return quoteWith(String.fromCodePoint(validRune(r) ? r : 0xfffd), 39, true);
}

/** strconv.CanBackquote: a single-line raw string without control characters other than tab, '`' or a BOM. */
export function canBackquote(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 9) || c === 0x60 || c === 0x7f || c === 0xfeff) return false;
  }
  return true;
}

function unhex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** The byte a one-letter escape stands for (a b f n r t v and backslash after a backslash), or -1. */
function simpleEscape(c: number): number {
  switch (c) {
    case 97:
      return 7;
    case 98:
      return 8;
    case 102:
      return 12;
    case 110:
      return 10;
    case 114:
      return 13;
    case 116:
      return 9;
    case 118:
      return 11;
    case 92:
      return 92;
  }
  return -1;
}

function pushUtf8(bytes: number[], r: number): void {
  if (r < 0x80) bytes.push(r);
  else if (r < 0x800) bytes.push(0xc0 | (r >> 6), 0x80 | (r & 0x3f));
  else if (r < 0x10000) bytes.push(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
  else bytes.push(0xf0 | (r >> 18), 0x80 | ((r >> 12) & 0x3f), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
}

/**
 * strconv.Unquote: reads a Go string literal ("…", '…' or `…`). Throws GoError('invalid syntax') as Go returns
 * strconv.ErrSyntax. Bytes written with \x or octal escapes that do not form UTF-8 read back as U+FFFD.
 */
export function unquote(s: string): string {
  const n = s.length;
  if (n < 2) throw new GoError(ERR_SYNTAX);
  const q = s.charCodeAt(0);
  if (q !== s.charCodeAt(n - 1)) throw new GoError(ERR_SYNTAX);
  const body = s.slice(1, n - 1);
  if (q === 0x60) {
    if (body.includes('`')) throw new GoError(ERR_SYNTAX);
    return body.includes('\r') ? body.split('\r').join('') : body;
  }
  if (q !== 34 && q !== 39) throw new GoError(ERR_SYNTAX);
  if (body.includes('\n')) throw new GoError(ERR_SYNTAX);
  if (!body.includes('\\') && !body.includes(String.fromCharCode(q))) {
    if (q === 34) return body;
    const cp = body.codePointAt(0);
    const len = cp === undefined ? 0 : cp > 0xffff ? 2 : 1;
    if (len === body.length) return body;
    throw new GoError(ERR_SYNTAX);
  }
  const bytes: number[] = [];
  let i = 0;
  let count = 0;
  while (i < body.length) {
    if (q === 39 && count === 1) throw new GoError(ERR_SYNTAX);
    count++;
    const c = body.charCodeAt(i);
    if (c === q) throw new GoError(ERR_SYNTAX);
    if (c !== 92) {
      const cp = body.codePointAt(i) as number;
      pushUtf8(bytes, cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    if (i + 1 >= body.length) throw new GoError(ERR_SYNTAX);
    const e = body.charCodeAt(i + 1);
    i += 2;
    const simple = simpleEscape(e);
    if (simple >= 0) {
      bytes.push(simple);
      continue;
    }
    switch (e) {
      case 120:
      case 117:
      case 85: {
        const len = e === 120 ? 2 : e === 117 ? 4 : 8;
        if (i + len > body.length) throw new GoError(ERR_SYNTAX);
        let v = 0;
        for (let j = 0; j < len; j++) {
          const h = unhex(body.charCodeAt(i + j));
          if (h < 0) throw new GoError(ERR_SYNTAX);
          v = v * 16 + h;
        }
        i += len;
        if (e === 120) bytes.push(v);
        else if (!validRune(v)) throw new GoError(ERR_SYNTAX);
        else pushUtf8(bytes, v);
        break;
      }
      case 48:
      case 49:
      case 50:
      case 51:
      case 52:
      case 53:
      case 54:
      case 55: {
        let v = e - 48;
        if (i + 2 > body.length) throw new GoError(ERR_SYNTAX);
        for (let j = 0; j < 2; j++) {
          const x = body.charCodeAt(i + j) - 48;
          if (x < 0 || x > 7) throw new GoError(ERR_SYNTAX);
          v = (v << 3) | x;
        }
        i += 2;
        if (v > 255) throw new GoError(ERR_SYNTAX);
        bytes.push(v);
        break;
      }
      case 39:
      case 34:
        if (e !== q) throw new GoError(ERR_SYNTAX);
        bytes.push(e);
        break;
      default:
        throw new GoError(ERR_SYNTAX);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

// ---------------------------------------------------------------------------------------------------------------------
// Parsing integers (strconv/atoi.go)

function lower(c: number): number {
  return c | 0x20;
}

/** strconv's underscoreOK: underscores only between digits (or after a base prefix). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0') {
    const c = lower(s.charCodeAt(1));
    if (c === 98 || c === 111 || c === 120) {
      i = 2;
      saw = '0';
      hex = c === 120;
    }
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const l = lower(c);
    if ((c >= 48 && c <= 57) || (hex && l >= 97 && l <= 102)) {
      saw = '0';
      continue;
    }
    if (c === 95) {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

function digitVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = lower(c);
  if (l >= 97 && l <= 122) return l - 97 + 10;
  return 99;
}

/** strconv.ParseUint. Throws NumError (with `value` as Go returns it). */
export function parseUint(s: string, base: number, bitSize: number, fn = 'ParseUint'): bigint {
  if (s === '') throw new NumError(fn, s, ERR_SYNTAX);
  const base0 = base === 0;
  const s0 = s;
  if (base >= 2 && base <= 36) {
    // ok
  } else if (base === 0) {
    base = 10;
    if (s[0] === '0') {
      const c = s.length >= 3 ? lower(s.charCodeAt(1)) : 0;
      if (c === 98) {
        base = 2;
        s = s.slice(2);
      } else if (c === 111) {
        base = 8;
        s = s.slice(2);
      } else if (c === 120) {
        base = 16;
        s = s.slice(2);
      } else {
        base = 8;
        s = s.slice(1);
      }
    }
  } else {
    throw new NumError(fn, s0, 'invalid base ' + base);
  }
  if (bitSize === 0) bitSize = 64;
  else if (bitSize < 0 || bitSize > 64) throw new NumError(fn, s0, 'invalid bit size ' + bitSize);
  const maxVal = (1n << BigInt(bitSize)) - 1n;
  const b = BigInt(base);
  let n = 0n;
  let underscores = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 95 && base0) {
      underscores = true;
      continue;
    }
    const d = digitVal(c);
    if (d >= base) throw new NumError(fn, s0, ERR_SYNTAX);
    n = n * b + BigInt(d);
    if (n > maxVal) throw new NumError(fn, s0, ERR_RANGE, maxVal);
  }
  if (underscores && !underscoreOK(s0)) throw new NumError(fn, s0, ERR_SYNTAX);
  return n;
}

/** strconv.ParseInt: base 0 reads Go's prefixes and underscores; bitSize 0 means 64. Throws NumError. */
export function parseInt(s: string, base: number, bitSize: number, fn = 'ParseInt'): bigint {
  if (s === '') throw new NumError(fn, s, ERR_SYNTAX);
  const s0 = s;
  let neg = false;
  if (s[0] === '+') s = s.slice(1);
  else if (s[0] === '-') {
    neg = true;
    s = s.slice(1);
  }
  let un: bigint;
  try {
    un = parseUint(s, base, bitSize, fn);
  } catch (e) {
    if (!(e instanceof NumError)) throw e;
    if (e.err !== ERR_RANGE) throw new NumError(fn, s0, e.err);
    un = e.value as bigint;
  }
  if (bitSize === 0) bitSize = 64;
  const cutoff = 1n << BigInt(bitSize - 1);
  if (!neg && un >= cutoff) throw new NumError(fn, s0, ERR_RANGE, cutoff - 1n);
  if (neg && un > cutoff) throw new NumError(fn, s0, ERR_RANGE, -cutoff);
  return neg ? -un : un;
}

/** strconv.Atoi (base 10, no prefixes or underscores). Throws NumError `strconv.Atoi: parsing "x": invalid syntax`. */
export function atoi(s: string): bigint {
  // Fast path (Go's is for fewer than 19 bytes): plain decimals short enough for exact float arithmetic.
  const n = s.length;
  if (n > 0 && n < 16) {
    let i = 0;
    let neg = false;
    const c0 = s.charCodeAt(0);
    if (c0 === 45 || c0 === 43) {
      neg = c0 === 45;
      i = 1;
      if (n === 1) throw new NumError('Atoi', s, ERR_SYNTAX);
    }
    let v = 0;
    for (; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) throw new NumError('Atoi', s, ERR_SYNTAX);
      v = v * 10 + d;
    }
    return BigInt(neg ? -v : v);
  }
  return parseInt(s, 10, 0, 'Atoi');
}

// ---------------------------------------------------------------------------------------------------------------------
// Parsing floats (strconv/atof.go)

function commonPrefixLenIgnoreCase(s: string, prefix: string): number {
  const n = Math.min(s.length, prefix.length);
  for (let i = 0; i < n; i++) {
    if (lower(s.charCodeAt(i)) !== prefix.charCodeAt(i)) return i;
  }
  return n;
}

/** atof.go special: infinities and NaN; returns [value, consumed] or undefined. */
function special(s: string): [number, number] | undefined {
  if (s.length === 0) return undefined;
  let sign = 1;
  let nsign = 0;
  let c = s[0];
  if (c === '+' || c === '-') {
    if (c === '-') sign = -1;
    nsign = 1;
    s = s.slice(1);
    c = 'i';
  }
  if (c === 'i' || c === 'I') {
    let n = commonPrefixLenIgnoreCase(s, 'infinity');
    if (n > 3 && n < 8) n = 3;
    if (n === 3 || n === 8) return [sign * Infinity, nsign + n];
  } else if (c === 'n' || c === 'N') {
    if (commonPrefixLenIgnoreCase(s, 'nan') === 3) return [NaN, 3];
  }
  return undefined;
}

/** Correctly rounded mant·2^exp (mant ≥ 0) as a float64. */
function bigToFloat(mant: bigint, exp: number): number {
  if (mant === 0n) return 0;
  const bits = mant.toString(2).length;
  // Target: 53 significant bits, but fewer for subnormals (lowest exponent of the unit bit is -1074).
  const topExp = exp + bits - 1; // exponent of the leading bit
  let keep = 53;
  if (topExp < -1022) keep = 53 - (-1022 - topExp);
  if (keep < 0) return 0;
  let m = mant;
  let e = exp;
  const drop = bits - keep;
  if (drop > 0) {
    const half = 1n << BigInt(drop - 1);
    const rem = m & ((1n << BigInt(drop)) - 1n);
    m >>= BigInt(drop);
    e += drop;
    if (rem > half || (rem === half && (m & 1n) === 1n)) m++;
  }
  // m has at most 54 bits and the result is representable (or overflows): scale in two exact steps.
  const v = Number(m);
  if (e < -1000) return v * 2 ** -600 * 2 ** (e + 600);
  if (e > 1000) return v * 2 ** 600 * 2 ** (e - 600);
  return v * 2 ** e;
}

/**
 * strconv.ParseFloat: Go's float syntax (signs, underscores between digits, hex mantissas with p exponents, inf,
 * infinity, nan). Throws NumError: invalid syntax, or value out of range (value ±Inf as Go returns it).
 */
export function parseFloat(s: string, bitSize: 32 | 64 = 64): number {
  const sp = special(s);
  if (sp) {
    if (sp[1] === s.length) return sp[0];
    throw new NumError('ParseFloat', s, ERR_SYNTAX);
  }
  const n = s.length;
  let i = 0;
  let neg = false;
  if (i < n && s[i] === '+') i++;
  else if (i < n && s[i] === '-') {
    neg = true;
    i++;
  }
  let base = 10;
  if (i + 2 < n && s[i] === '0' && lower(s.charCodeAt(i + 1)) === 120) {
    base = 16;
    i += 2;
  }
  let underscores = false;
  let sawdot = false;
  let sawdigits = false;
  let mant = '';
  let dotAt = -1;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 95) {
      underscores = true;
      continue;
    }
    if (c === 46) {
      if (sawdot) break;
      sawdot = true;
      dotAt = mant.length;
      continue;
    }
    if ((c >= 48 && c <= 57) || (base === 16 && lower(c) >= 97 && lower(c) <= 102)) {
      sawdigits = true;
      mant += s[i];
      continue;
    }
    break;
  }
  const fail = (): never => {
    throw new NumError('ParseFloat', s, ERR_SYNTAX);
  };
  if (!sawdigits) fail();
  if (dotAt < 0) dotAt = mant.length;
  let exp = 0;
  const expChar = base === 16 ? 112 : 101;
  if (i < n && lower(s.charCodeAt(i)) === expChar) {
    i++;
    if (i >= n) fail();
    let esign = 1;
    if (s[i] === '+') i++;
    else if (s[i] === '-') {
      i++;
      esign = -1;
    }
    if (i >= n || s.charCodeAt(i) < 48 || s.charCodeAt(i) > 57) fail();
    let e = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 95) {
        underscores = true;
        continue;
      }
      if (c < 48 || c > 57) break;
      if (e < 10000) e = e * 10 + (c - 48);
    }
    exp = e * esign;
  } else if (base === 16) {
    fail();
  }
  if (i !== n) fail();
  if (underscores && !underscoreOK(s)) fail();
  let v: number;
  if (base === 10) {
    const frac = mant.slice(dotAt);
    v = Number(mant.slice(0, dotAt) + (frac ? '.' + frac : '') + (exp ? 'e' + exp : ''));
    if (bitSize === 32) v = Math.fround(v);
  } else {
    const m = BigInt('0x' + mant);
    const e2 = exp - 4 * (mant.length - dotAt);
    v = bigToFloat(m, e2);
    if (bitSize === 32) v = Math.fround(v);
  }
  if (neg) v = -v;
  if (v === Infinity || v === -Infinity) throw new NumError('ParseFloat', s, ERR_RANGE, v);
  return v;
}
