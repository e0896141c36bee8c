/**
 * Sprig's conversions (functions.go atoi, numeric.go toInt/toInt64/toFloat64/toDecimal) over spf13/cast v1.7.0's
 * rules: cast errors silently become 0. The cast helpers themselves live with the math table (sprig/math.ts).
 */
import { FuncTable, GoNumber, GoValue } from '../goValue';
import { sprint } from '../fmt/goFmt';
import { castToFloat64, castToInt64 } from './math';

const INT64_MAX = 0x7fffffffffffffffn;
const INT64_MIN = -0x8000000000000000n;
const UINT64_MAX = 0xffffffffffffffffn;

/**
 * strconv.ParseInt(s, base, 64) for bases 2–36 without prefixes or underscores, as Go's (value, err) pair: a syntax
 * error gives 0, a range error the clamped value, both with ok=false.
 */
function parseIntBase(s: string, base: number): { v: bigint; ok: boolean } {
  let k = 0;
  let neg = false;
  if (s.length > 0 && (s[0] === '+' || s[0] === '-')) {
    neg = s[0] === '-';
    k = 1;
  }
  if (k >= s.length) return { v: 0n, ok: false };
  let v = 0n;
  const b = BigInt(base);
  for (; k < s.length; k++) {
    const c = s.charCodeAt(k);
    let d: number;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) d = (c | 0x20) - 0x61 + 10;
    else return { v: 0n, ok: false };
    if (d >= base) return { v: 0n, ok: false };
    v = v * b + BigInt(d);
    // strconv.ParseUint stops at the first uint64 overflow, before looking at the rest of the digits.
    if (v > UINT64_MAX) return { v: neg ? INT64_MIN : INT64_MAX, ok: false };
  }
  if (neg) v = -v;
  if (v > INT64_MAX) return { v: INT64_MAX, ok: false };
  if (v < INT64_MIN) return { v: INT64_MIN, ok: false };
  return { v, ok: true };
}

/** functions.go atoi: strconv.Atoi with the error dropped (syntax errors give 0, range errors the clamped value). */
export function atoi(s: string): bigint {
  return parseIntBase(s, 10).v;
}

/** numeric.go toDecimal: the %v text of the value read as octal; any error gives 0. */
export function toDecimal(v: GoValue): bigint {
  const r = parseIntBase(typeof v === 'string' ? v : sprint([v]), 8);
  return r.ok ? r.v : 0n;
}

export const sprigConversion: FuncTable = {
  atoi: { params: ['string'], call: ([s]) => atoi(s as string) },
  int: { params: ['any'], call: ([v]) => castToInt64(v) },
  int64: { params: ['any'], call: ([v]) => new GoNumber('int64', castToInt64(v)) },
  float64: { params: ['any'], call: ([v]) => castToFloat64(v) },
  toDecimal: { params: ['any'], call: ([v]) => new GoNumber('int64', toDecimal(v)) },
};
