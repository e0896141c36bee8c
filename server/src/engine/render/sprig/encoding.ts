/**
 * Sprig's encodings and checksums: b64enc/b64dec/b32enc/b32dec (strings.go) and sha1sum, sha256sum, sha512sum,
 * adler32sum (crypto.go). The decoders follow encoding/base64 and encoding/base32 byte for byte, including the
 * offset in their "illegal … data at input byte N" message, which Sprig returns as the result.
 */
import { createHash } from 'crypto';
import { FuncTable, goStringBytes, goStringFromBytes } from '../goValue';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function decodeMap(alphabet: string): Uint8Array {
  const m = new Uint8Array(256).fill(0xff);
  for (let i = 0; i < alphabet.length; i++) m[alphabet.charCodeAt(i)] = i;
  return m;
}
const B64_MAP = decodeMap(B64);
const B32_MAP = decodeMap(B32);
const PAD = 0x3d;

/** Bytes of a Go string → JS string (invalid UTF-8 bytes surrogate-escaped: see goValue goStringFromBytes). */
export function bytesToString(b: Uint8Array): string {
  return goStringFromBytes(b);
}

/** encoding/base64 StdEncoding.DecodeString: bytes, or the Go error text. */
export function base64Decode(s: string): Uint8Array | string {
  const src = Buffer.from(s, 'utf8');
  const out: number[] = [];
  let si = 0;
  const corrupt = (n: number): string => `illegal base64 data at input byte ${n}`;
  const isNL = (c: number): boolean => c === 0x0a || c === 0x0d;
  while (si < src.length) {
    // encoding/base64 decodeQuantum
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailing: string | null = null;
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return new Uint8Array(out);
        return corrupt(si - j);
      }
      const inb = src[si++];
      const v = B64_MAP[inb];
      if (v !== 0xff) {
        dbuf[j] = v;
        continue;
      }
      if (isNL(inb)) {
        j--;
        continue;
      }
      if (inb !== PAD) return corrupt(si - 1);
      if (j === 0 || j === 1) return corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && isNL(src[si])) si++;
        if (si === src.length) return corrupt(src.length);
        if (src[si] !== PAD) return corrupt(si - 1);
        si++;
      }
      while (si < src.length && isNL(src[si])) si++;
      if (si < src.length) trailing = corrupt(si);
      dlen = j;
      break;
    }
    const val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
    const b0 = (val >> 16) & 0xff;
    const b1 = (val >> 8) & 0xff;
    const b2 = val & 0xff;
    if (dlen >= 2) out.push(b0);
    if (dlen >= 3) out.push(b1);
    if (dlen >= 4) out.push(b2);
    if (trailing !== null) return trailing;
    if (dlen < 4) break;
  }
  return new Uint8Array(out);
}

/** encoding/base32 StdEncoding.DecodeString (newlines stripped first, as Go does). */
export function base32Decode(s: string): Uint8Array | string {
  const all = Buffer.from(s, 'utf8');
  const src: number[] = [];
  for (const c of all) if (c !== 0x0a && c !== 0x0d) src.push(c);
  const olen = src.length;
  const corrupt = (n: number): string => `illegal base32 data at input byte ${n}`;
  const out: number[] = [];
  let p = 0;
  let end = false;
  while (olen - p > 0 && !end) {
    const dbuf = [0, 0, 0, 0, 0, 0, 0, 0];
    let dlen = 8;
    for (let j = 0; j < 8; ) {
      const rest = olen - p;
      if (rest === 0) return corrupt(olen - rest - j);
      const inb = src[p++];
      const left = olen - p;
      if (inb === PAD && j >= 2 && left < 8) {
        if (left + j < 8 - 1) return corrupt(olen);
        for (let k = 0; k < 8 - 1 - j; k++) {
          if (left > k && src[p + k] !== PAD) return corrupt(olen - left + k - 1);
        }
        dlen = j;
        end = true;
        if (dlen === 1 || dlen === 3 || dlen === 6) return corrupt(olen - left - 1);
        break;
      }
      dbuf[j] = B32_MAP[inb];
      if (dbuf[j] === 0xff) return corrupt(olen - left - 1);
      j++;
    }
    // 8 × 5 bits → 5 bytes
    const bytes = [
      (dbuf[0] << 3) | (dbuf[1] >> 2),
      ((dbuf[1] << 6) | (dbuf[2] << 1) | (dbuf[3] >> 4)) & 0xff,
      ((dbuf[3] << 4) | (dbuf[4] >> 1)) & 0xff,
      ((dbuf[4] << 7) | (dbuf[5] << 2) | (dbuf[6] >> 3)) & 0xff,
      ((dbuf[6] << 5) | dbuf[7]) & 0xff,
    ];
    const n = dlen === 8 ? 5 : dlen === 7 ? 4 : dlen === 5 ? 3 : dlen === 4 ? 2 : dlen === 2 ? 1 : 0;
    for (let i = 0; i < n; i++) out.push(bytes[i] & 0xff);
  }
  return new Uint8Array(out);
}

export function base32Encode(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 5) {
    const chunk = [0, 0, 0, 0, 0];
    const n = Math.min(5, b.length - i);
    for (let k = 0; k < n; k++) chunk[k] = b[i + k];
    const idx = [
      chunk[0] >> 3,
      ((chunk[0] & 7) << 2) | (chunk[1] >> 6),
      (chunk[1] >> 1) & 31,
      ((chunk[1] & 1) << 4) | (chunk[2] >> 4),
      ((chunk[2] & 15) << 1) | (chunk[3] >> 7),
      (chunk[3] >> 2) & 31,
      ((chunk[3] & 3) << 3) | (chunk[4] >> 5),
      chunk[4] & 31,
    ];
    const chars = n === 5 ? 8 : n === 4 ? 7 : n === 3 ? 5 : n === 2 ? 4 : 2;
    for (let k = 0; k < 8; k++) out += k < chars ? B32[idx[k]] : '=';
  }
  return out;
}

/** hash/adler32 Checksum. */
export function adler32(b: Uint8Array): number {
  let a = 1;
  let s = 0;
  for (let i = 0; i < b.length; ) {
    const n = Math.min(b.length - i, 5552);
    for (let k = 0; k < n; k++) {
      a += b[i++];
      s += a;
    }
    a %= 65521;
    s %= 65521;
  }
  return ((s << 16) | a) >>> 0;
}

const hex = (alg: string, s: string): string => createHash(alg).update(goStringBytes(s)).digest('hex');
const decoded = (r: Uint8Array | string): string => (typeof r === 'string' ? r : bytesToString(r));

export const sprigEncoding: FuncTable = {
  b64enc: { params: ['string'], call: ([s]) => goStringBytes(s as string).toString('base64') },
  b64dec: { params: ['string'], call: ([s]) => decoded(base64Decode(s as string)) },
  b32enc: { params: ['string'], call: ([s]) => base32Encode(goStringBytes(s as string)) },
  b32dec: { params: ['string'], call: ([s]) => decoded(base32Decode(s as string)) },
  sha1sum: { params: ['string'], call: ([s]) => hex('sha1', s as string) },
  sha256sum: { params: ['string'], call: ([s]) => hex('sha256', s as string) },
  sha512sum: { params: ['string'], call: ([s]) => hex('sha512', s as string) },
  adler32sum: { params: ['string'], call: ([s]) => String(adler32(goStringBytes(s as string))) },
};
