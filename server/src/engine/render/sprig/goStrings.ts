/**
 * Go string helpers the Sprig tables share: UTF-8 byte views of JS strings (Go strings are bytes; `len`, slicing and
 * several goutils functions work byte by byte) and Go's `unicode` predicates and single-rune case mappings.
 *
 * A "binary string" here is a JS string whose every char code is one byte (0–255) of the UTF-8 encoding, so Go's
 * byte-indexed slicing and searching become plain JS string operations. ASCII strings are their own binary form.
 */

/** Whether every UTF-16 unit is ASCII (then bytes = chars and no conversion is needed). */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The UTF-8 bytes of `s` as a binary string. */
export function toBin(s: string): string {
  return isAscii(s) ? s : Buffer.from(s, 'utf8').toString('latin1');
}

/** A binary string back to text (invalid UTF-8 becomes U+FFFD, the one place the value model loses bytes). */
export function fromBin(b: string): string {
  return isAscii(b) ? b : Buffer.from(b, 'latin1').toString('utf8');
}

/** Go's len(s): the UTF-8 byte count. */
export function byteLen(s: string): number {
  return isAscii(s) ? s.length : Buffer.byteLength(s, 'utf8');
}

/** Go's s[from:to] on bytes (caller checks bounds). */
export function byteSlice(s: string, from: number, to: number): string {
  if (isAscii(s)) return s.slice(from, to);
  return Buffer.from(s, 'utf8').subarray(from, to).toString('utf8');
}

const RE_UPPER = /^\p{Lu}$/u;
const RE_LOWER = /^\p{Ll}$/u;
const RE_TITLE = /^\p{Lt}$/u;
const RE_LETTER = /^\p{L}$/u;
const RE_DIGIT = /^\p{Nd}$/u;
const RE_SPACE = /^\p{White_Space}$/u;

// unicode/graphic.go, letter.go: IsSpace — Latin-1 has its own short list (incl. U+0085 and U+00A0).
export function isSpace(cp: number): boolean {
  if (cp <= 0xff) {
    return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0x85 || cp === 0xa0;
  }
  return RE_SPACE.test(String.fromCodePoint(cp));
}

export function isUpper(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a;
  return RE_UPPER.test(String.fromCodePoint(cp));
}

export function isLower(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x61 && cp <= 0x7a;
  return RE_LOWER.test(String.fromCodePoint(cp));
}

export function isTitle(cp: number): boolean {
  if (cp < 0x80) return false;
  return RE_TITLE.test(String.fromCodePoint(cp));
}

export function isLetter(cp: number): boolean {
  if (cp < 0x80) return (cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a;
  return RE_LETTER.test(String.fromCodePoint(cp));
}

export function isDigit(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x30 && cp <= 0x39;
  return RE_DIGIT.test(String.fromCodePoint(cp));
}

/** unicode.ToUpper: the simple (one rune to one rune) mapping; JS's full mappings such as ß → SS are refused. */
export function toUpperRune(cp: number): number {
  if (cp < 0x80) return cp >= 0x61 && cp <= 0x7a ? cp - 32 : cp;
  const u = String.fromCodePoint(cp).toUpperCase();
  const c = u.codePointAt(0) as number;
  return u.length === (c > 0xffff ? 2 : 1) ? c : cp;
}

/** unicode.ToLower, simple mapping (İ U+0130 lowers to plain i in Go). */
export function toLowerRune(cp: number): number {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp;
  if (cp === 0x130) return 0x69;
  const u = String.fromCodePoint(cp).toLowerCase();
  const c = u.codePointAt(0) as number;
  return u.length === (c > 0xffff ? 2 : 1) ? c : cp;
}

/** unicode.ToTitle: the upper case except for the Latin digraphs and Georgian Mkhedruli (unicode/tables.go). */
export function toTitleRune(cp: number): number {
  if (cp >= 0x1c4 && cp <= 0x1cc) return cp <= 0x1c6 ? 0x1c5 : cp <= 0x1c9 ? 0x1c8 : 0x1cb;
  if (cp >= 0x1f1 && cp <= 0x1f3) return 0x1f2;
  if ((cp >= 0x10d0 && cp <= 0x10fa) || (cp >= 0x10fd && cp <= 0x10ff)) return cp;
  return toUpperRune(cp);
}

/** strings.Map with a rune mapping, keeping the string when nothing changes. */
export function mapRunes(s: string, f: (cp: number) => number): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    const m = f(cp);
    out += m === cp ? ch : String.fromCodePoint(m);
  }
  return out;
}
