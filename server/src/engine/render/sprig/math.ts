/**
 * Sprig's arithmetic (numeric.go and the inline math entries of functions.go), with spf13/cast's conversions of
 * interface{} arguments and shopspring/decimal's exact arithmetic behind the `…f` functions.
 */
import { FuncTable, GoNumber, GoPanic, GoValue, toInt64 } from '../goValue';

const INT64_MIN = -(1n << 63n);
const TWO63 = 9223372036854775808;

/** Go's float64 → int64 conversion on amd64: truncation; NaN and out-of-range give the most negative int64. */
export function floatToInt64(f: number): bigint {
  if (f !== f || f >= TWO63 || f < -TWO63) return INT64_MIN;
  return BigInt(Math.trunc(f));
}

function isDigitIn(c: number, base: number): boolean {
  if (c >= 48 && c <= 57) return c - 48 < base;
  const l = c | 0x20;
  return base > 10 && l >= 97 && l < 97 + base - 10;
}

/** Go's underscoreOK (strconv/atoi.go): `_` only between digits or after a base prefix. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0') {
    const c = s[1].toLowerCase();
    if (c === 'b' || c === 'o' || c === 'x') {
      i = 2;
      saw = '0';
      hex = c === 'x';
    }
  }
  for (; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if ((ch >= 48 && ch <= 57) || (hex && ((ch | 0x20) >= 97 && (ch | 0x20) <= 102))) {
      saw = '0';
      continue;
    }
    if (s[i] === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/**
 * strconv.ParseInt(s, base, 64) (strconv/atoi.go); base 0 reads the Go prefixes 0x 0o 0b and a leading 0 as octal,
 * and allows underscores. Returns null for any error (syntax or range).
 */
export function parseGoInt(s: string, base = 0): bigint | null {
  if (s.length === 0) return null;
  let neg = false;
  let i = 0;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    i = 1;
  }
  const body = s.slice(i);
  let b = base;
  let start = 0;
  if (b === 0) {
    b = 10;
    if (body[0] === '0') {
      const c = body.length >= 2 ? body[1].toLowerCase() : '';
      if (c === 'x') (b = 16), (start = 2);
      else if (c === 'o') (b = 8), (start = 2);
      else if (c === 'b') (b = 2), (start = 2);
      else (b = 8), (start = 1);
    }
  }
  if (start >= body.length && !(start === 1 && b === 8)) return null;
  let v = 0n;
  const bb = BigInt(b);
  let underscores = false;
  for (let k = start; k < body.length; k++) {
    const c = body.charCodeAt(k);
    if (c === 95 && base === 0) {
      underscores = true;
      continue;
    }
    if (!isDigitIn(c, b)) return null;
    v = v * bb + BigInt(parseInt(body[k], 36));
  }
  if (underscores && !underscoreOK(s)) return null;
  if (neg) v = -v;
  if (v > 9223372036854775807n || v < INT64_MIN) return null;
  return v;
}

const FLOAT_DEC_RE = /^[+-]?(?:\d[\d_]*\.?[\d_]*|\.[\d_]+)(?:[eE][+-]?[\d_]+)?$/;
const FLOAT_HEX_RE = /^([+-]?)0[xX]((?:[0-9a-fA-F_]*\.?[0-9a-fA-F_]*))[pP]([+-]?[\d_]+)$/;
const FLOAT_SPECIAL_RE = /^([+-]?)(inf|infinity|nan)$/i;

/** strconv.ParseFloat(s, 64) (strconv/atof.go); null on syntax or range error. */
export function parseGoFloat(s: string): number | null {
  let m = FLOAT_SPECIAL_RE.exec(s);
  if (m) {
    if (m[2].toLowerCase() === 'nan') return m[1] === '' ? NaN : null;
    return m[1] === '-' ? -Infinity : Infinity;
  }
  if (FLOAT_DEC_RE.test(s)) {
    if (s.includes('_')) {
      if (!underscoreOK(s)) return null;
      s = s.split('_').join('');
    }
    const f = Number(s);
    if (!isFinite(f)) return null;
    return f;
  }
  m = FLOAT_HEX_RE.exec(s);
  if (m) {
    if (s.includes('_') && !underscoreOK(s)) return null;
    const digits = m[2].split('_').join('');
    const dot = digits.indexOf('.');
    const intPart = dot < 0 ? digits : digits.slice(0, dot);
    const frac = dot < 0 ? '' : digits.slice(dot + 1);
    if (intPart.length + frac.length === 0) return null;
    const mant = BigInt('0x' + (intPart + frac || '0'));
    const exp = Number(m[3].split('_').join('')) - 4 * frac.length;
    const f = bigRatToFloat(mant, exp >= 0 ? 1n << BigInt(Math.min(exp, 5000)) : 1n, exp < 0 ? 1n << BigInt(Math.min(-exp, 5000)) : 1n);
    if (!isFinite(f)) return null;
    return m[1] === '-' ? -f : f;
  }
  return null;
}

/** Nearest float64 to num*mul/den (num, mul, den ≥ 0), via an exact decimal string (JS rounds it correctly). */
function bigRatToFloat(num: bigint, mul: bigint, den: bigint): number {
  const n = num * mul;
  if (n === 0n) return 0;
  // 800 fractional digits is more than any float64 needs to round correctly here.
  const scale = 800n;
  const q = (n * 10n ** scale) / den;
  return Number(`${q}e-${scale}`);
}

/** cast.ToInt64E, errors ignored (spf13/cast caste.go). */
export function castToInt64(v: GoValue): bigint {
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'number':
      return floatToInt64(v);
    case 'boolean':
      return v ? 1n : 0n;
    case 'string':
      return parseGoInt(trimZeroDecimal(v), 0) ?? 0n;
    default:
      if (v instanceof GoNumber) {
        return typeof v.value === 'bigint' ? toInt64(v.value) : floatToInt64(v.value);
      }
      return 0n;
  }
}

/** cast.ToFloat64E, errors ignored. */
export function castToFloat64(v: GoValue): number {
  switch (typeof v) {
    case 'number':
      return v;
    case 'bigint':
      return Number(v);
    case 'boolean':
      return v ? 1 : 0;
    case 'string':
      return parseGoFloat(v) ?? 0;
    default:
      if (v instanceof GoNumber) return Number(v.value);
      return 0;
  }
}

// cast caste.go: trimZeroDecimal — "10.00" → "10", anything else unchanged.
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') foundZero = true;
    else return s;
  }
  return s;
}

const i64 = (v: bigint): GoNumber => new GoNumber('int64', toInt64(v));

// ---------- shopspring/decimal, just what Sprig uses: exact add/sub/mul, division rounded to 16 places ----------

interface Dec {
  c: bigint; // coefficient
  e: number; // exponent: value = c * 10^e
}

/** decimal.NewFromFloat: the shortest decimal that reads back as f (JS's Number→string is that same shortest). */
function decFromFloat(f: number): Dec {
  if (f !== f || f === Infinity || f === -Infinity) {
    throw new GoPanic(`Cannot create a Decimal from ${f !== f ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  }
  if (f === 0) return { c: 0n, e: 0 };
  const s = f.toExponential(); // shortest round-trip digits, d.ddddde±x
  const ei = s.indexOf('e');
  const mant = s.slice(0, ei);
  const exp = Number(s.slice(ei + 1));
  const dot = mant.indexOf('.');
  const digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  const fracLen = dot < 0 ? 0 : mant.length - dot - 1;
  return { c: BigInt(digits), e: exp - fracLen };
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function decAlign(a: Dec, b: Dec): [bigint, bigint, number] {
  if (a.e === b.e) return [a.c, b.c, a.e];
  if (a.e > b.e) return [a.c * pow10(a.e - b.e), b.c, b.e];
  return [a.c, b.c * pow10(b.e - a.e), a.e];
}

const decAdd = (a: Dec, b: Dec): Dec => {
  const [x, y, e] = decAlign(a, b);
  return { c: x + y, e };
};
const decSub = (a: Dec, b: Dec): Dec => {
  const [x, y, e] = decAlign(a, b);
  return { c: x - y, e };
};
const decMul = (a: Dec, b: Dec): Dec => ({ c: a.c * b.c, e: a.e + b.e });

/** decimal.DivRound(b, 16) (decimal.go): truncated quotient at 16 places, a remainder ≥ half rounds away from 0. */
function decDiv(a: Dec, b: Dec): Dec {
  if (b.c === 0n) throw new GoPanic('decimal division by 0');
  const prec = 16;
  // a/b = (a.c / b.c) * 10^(a.e - b.e); want q = round(a/b * 10^prec)
  const shift = a.e - b.e + prec;
  let num = a.c;
  let den = b.c;
  if (shift >= 0) num *= pow10(shift);
  else den *= pow10(-shift);
  const q = num / den;
  const r = num % den;
  const absR2 = (r < 0n ? -r : r) * 2n;
  const absDen = den < 0n ? -den : den;
  if (absR2 < absDen) return { c: q, e: -prec };
  const neg = (a.c < 0n) !== (b.c < 0n);
  return { c: neg ? q - 1n : q + 1n, e: -prec };
}

function decToFloat(d: Dec): number {
  if (d.c === 0n) return 0;
  return Number(`${d.c}e${d.e}`);
}

function execDecimalOp(a: GoValue, rest: readonly GoValue[], op: (x: Dec, y: Dec) => Dec): number {
  let acc = decFromFloat(castToFloat64(a));
  for (const x of rest) acc = op(acc, decFromFloat(castToFloat64(x)));
  return decToFloat(acc);
}

// numeric.go: round — Modf-based, rounding up when the fraction reaches roundOn.
function sprigRound(a: GoValue, places: bigint, roundOn: number): number {
  const val = castToFloat64(a);
  const pow = Math.pow(10, Number(places));
  const digit = pow * val;
  const frac = digit - Math.trunc(digit);
  const r = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return r / pow;
}

// numeric.go: seq lives in lists.ts, with until and untilStep (it charges the budget per element).

function checkDivisor(b: bigint): void {
  if (b === 0n) throw new GoPanic('runtime error: integer divide by zero');
}

export const sprigMath: FuncTable = {
  add1: { params: ['any'], call: ([a]) => i64(castToInt64(a) + 1n) },
  add: {
    params: [],
    variadic: 'any',
    call: (args) => {
      let s = 0n;
      for (const a of args) s = toInt64(s + castToInt64(a));
      return i64(s);
    },
  },
  sub: { params: ['any', 'any'], call: ([a, b]) => i64(castToInt64(a) - castToInt64(b)) },
  div: {
    params: ['any', 'any'],
    call: ([a, b]) => {
      const x = castToInt64(a);
      const y = castToInt64(b);
      checkDivisor(y);
      return i64(x / y); // BigInt division truncates like Go's; MinInt64 / -1 wraps back to MinInt64
    },
  },
  mod: {
    params: ['any', 'any'],
    call: ([a, b]) => {
      const y = castToInt64(b);
      checkDivisor(y);
      return i64(castToInt64(a) % y);
    },
  },
  mul: {
    params: ['any'],
    variadic: 'any',
    call: ([a, ...rest]) => {
      let v = castToInt64(a);
      for (const b of rest) v = toInt64(v * castToInt64(b));
      return i64(v);
    },
  },
  randInt: {
    params: ['int', 'int'],
    nondeterministic: true,
    call: ([min, max]) => {
      const lo = min as bigint;
      const n = toInt64((max as bigint) - lo);
      if (n <= 0n) throw new GoPanic('invalid argument to Intn');
      return toInt64(randomBelow(n) + lo);
    },
  },
  add1f: { params: ['any'], call: ([a]) => execDecimalOp(a, [1n], decAdd) },
  addf: { params: [], variadic: 'any', call: (args) => execDecimalOp(0, args, decAdd) },
  subf: { params: ['any'], variadic: 'any', call: ([a, ...rest]) => execDecimalOp(a, rest, decSub) },
  divf: { params: ['any'], variadic: 'any', call: ([a, ...rest]) => execDecimalOp(a, rest, decDiv) },
  mulf: { params: ['any'], variadic: 'any', call: ([a, ...rest]) => execDecimalOp(a, rest, decMul) },
  biggest: { params: ['any'], variadic: 'any', call: (args) => i64(extremum(args, true)) },
  max: { params: ['any'], variadic: 'any', call: (args) => i64(extremum(args, true)) },
  min: { params: ['any'], variadic: 'any', call: (args) => i64(extremum(args, false)) },
  maxf: {
    params: ['any'],
    variadic: 'any',
    call: ([a, ...rest]) => {
      let m = castToFloat64(a);
      for (const b of rest) m = Math.max(m, castToFloat64(b)); // same NaN and ±0 rules as math.Max
      return m;
    },
  },
  minf: {
    params: ['any'],
    variadic: 'any',
    call: ([a, ...rest]) => {
      let m = castToFloat64(a);
      for (const b of rest) m = Math.min(m, castToFloat64(b));
      return m;
    },
  },
  ceil: { params: ['any'], call: ([a]) => Math.ceil(castToFloat64(a)) },
  floor: { params: ['any'], call: ([a]) => Math.floor(castToFloat64(a)) },
  round: {
    params: ['any', 'int'],
    variadic: 'float64',
    call: ([a, p, ...opt]) => sprigRound(a, p as bigint, opt.length > 0 ? (opt[0] as number) : 0.5),
  },
};

function extremum(args: readonly GoValue[], max: boolean): bigint {
  let m = castToInt64(args[0]);
  for (let i = 1; i < args.length; i++) {
    const b = castToInt64(args[i]);
    if (max ? b > m : b < m) m = b;
  }
  return m;
}

/** A uniform random bigint in [0, n), n > 0. */
export function randomBelow(n: bigint): bigint {
  if (n <= 0x1fffffffffffffn) return BigInt(Math.floor(Math.random() * Number(n)));
  const hi = BigInt(Math.floor(Math.random() * 2 ** 32));
  const lo = BigInt(Math.floor(Math.random() * 2 ** 32));
  return ((hi << 32n) | lo) % n;
}
