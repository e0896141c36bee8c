/**
 * Sprig's string functions: strings.go, the inline string entries of functions.go, and the goutils (v1.1.1) and
 * xstrings (v1.5.0) helpers they call. Go works on bytes where these do (trunc, substr, abbrev, wrap, initials,
 * nospace); those go through the binary-string helpers of goStrings.ts.
 */
import { CallContext, FuncTable, GoError, GoFunction, GoPanic, GoStruct, GoValue, compareGoStrings, goStringFromBytes, newMap, sliceElemType, typedMap, typedSlice } from '../goValue';
import { sprint, sprintf } from '../fmt/goFmt';
import {
  byteLen,
  byteSlice,
  fromBin,
  isAscii,
  isDigit,
  isLetter,
  isLower,
  isSpace,
  isTitle,
  isUpper,
  mapRunes,
  toBin,
  toLowerRune,
  toTitleRune,
  toUpperRune,
} from './goStrings';
import { isGoList } from './reflect';

// ---------- strval and strslice (strings.go) ----------

/** Sprig's strval: strings and []byte as text, Stringers by String(), everything else by fmt's %v. */
export function strval(v: GoValue, ctx?: CallContext): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return goStringFromBytes(v);
  if (v instanceof GoStruct && v.stringer) return v.stringer();
  return sprint([v], ctx);
}

/** Sprig's strslice: a []string from a slice (nil items dropped), nil → [], anything else → [strval(v)]. */
export function strslice(v: GoValue, ctx?: CallContext): GoValue[] {
  if (Array.isArray(v)) {
    ctx?.charge(v.length);
    const out: GoValue[] = [];
    for (const item of v) if (item !== null) out.push(strval(item, ctx));
    return typedSlice(out, 'string');
  }
  if (v instanceof Uint8Array) {
    ctx?.charge(v.length);
    return typedSlice(Array.from(v, (b) => String(b)), 'string');
  }
  if (v === null) return typedSlice([], 'string');
  return typedSlice([strval(v, ctx)], 'string');
}

// ---------- fmt fast paths ----------

/** %q of a string (strconv.Quote); plain printable ASCII skips the fmt call. */
function quoteString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c) return sprintf('%q', [s]);
  }
  return '"' + s + '"';
}

function vstr(v: GoValue, ctx?: CallContext): string {
  return typeof v === 'string' ? v : sprint([v], ctx);
}

/** strings.Replace(s, old, new, -1), charged for the length of the result before it is built. */
function chargedReplace(src: string, old: string, rep: string, ctx: CallContext): string {
  ctx.charge(src.length);
  let count = 0;
  if (old === '') {
    for (const _ of src) count++;
    count++;
  } else {
    for (let at = src.indexOf(old); at >= 0; at = src.indexOf(old, at + old.length)) count++;
  }
  ctx.charge(count * rep.length);
  return replaceAll(src, old, rep);
}

/** Sprig's join: strslice joined by `sep`, charged for the result's length before it is built. */
function join(sep: string, v: GoValue, ctx: CallContext): string {
  const parts = strslice(v, ctx) as string[];
  let total = parts.length > 0 ? (parts.length - 1) * sep.length : 0;
  for (const p of parts) total += p.length;
  ctx.charge(total);
  return parts.join(sep);
}

// ---------- Go strings package pieces ----------

/** strings.Repeat, with Go's panics and a budget charge for the output. */
export function goRepeat(s: string, count: bigint, ctx: CallContext): string {
  if (count < 0n) throw new GoPanic('strings: negative Repeat count');
  if (count === 0n || s.length === 0) return '';
  const total = BigInt(byteLen(s)) * count;
  if (total > 0x7fffffffffffffffn) throw new GoPanic('strings: Repeat output length overflow');
  ctx.charge(Number(total));
  return s.repeat(Number(count));
}

// strings.TrimSpace
function trimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end) {
    const cp = s.codePointAt(start) as number;
    if (!isSpace(cp)) break;
    start += cp > 0xffff ? 2 : 1;
  }
  while (end > start) {
    let cp = s.charCodeAt(end - 1);
    let w = 1;
    if (cp >= 0xdc00 && cp <= 0xdfff && end - 2 >= start) {
      cp = s.codePointAt(end - 2) as number;
      w = 2;
    }
    if (!isSpace(cp)) break;
    end -= w;
  }
  return s.slice(start, end);
}

// strings.Trim(s, cutset): strips leading and trailing runes found in cutset.
function trimCutset(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const set = new Set<number>();
  for (const ch of cutset) set.add(ch.codePointAt(0) as number);
  let start = 0;
  let end = s.length;
  while (start < end) {
    const cp = s.codePointAt(start) as number;
    if (!set.has(cp)) break;
    start += cp > 0xffff ? 2 : 1;
  }
  while (end > start) {
    let cp = s.charCodeAt(end - 1);
    let w = 1;
    if (cp >= 0xdc00 && cp <= 0xdfff && end - 2 >= start) {
      cp = s.codePointAt(end - 2) as number;
      w = 2;
    }
    if (!set.has(cp)) break;
    end -= w;
  }
  return s.slice(start, end);
}

/** strings.Replace(s, old, new, -1); an empty `old` inserts `new` around every rune. */
export function replaceAll(s: string, old: string, rep: string): string {
  if (old === '') {
    let out = rep;
    for (const ch of s) out += ch + rep;
    return out;
  }
  return s.split(old).join(rep);
}

/** strings.SplitN (n < 0: all); an empty separator splits into runes. */
export function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const runes = Array.from(s);
    if (n < 0 || n >= runes.length) return runes;
    const head = runes.slice(0, n - 1);
    head.push(runes.slice(n - 1).join(''));
    return head;
  }
  const parts = s.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  const head = parts.slice(0, n - 1);
  head.push(parts.slice(n - 1).join(sep));
  return head;
}

// strings.Title: word starts (after a separator rune) go to title case.
function title(s: string): string {
  let prev = 0x20;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (isSeparator(prev)) {
      const t = toTitleRune(cp);
      out += t === cp ? ch : String.fromCodePoint(t);
    } else out += ch;
    prev = cp;
  }
  return out;
}

// strings.go isSeparator
function isSeparator(r: number): boolean {
  if (r <= 0x7f) {
    if ((r >= 0x30 && r <= 0x39) || (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || r === 0x5f) return false;
    return true;
  }
  if (isLetter(r) || isDigit(r)) return false;
  return isSpace(r);
}

function upper(s: string): string {
  return isAscii(s) ? s.toUpperCase() : mapRunes(s, toUpperRune);
}

function lower(s: string): string {
  return isAscii(s) ? s.toLowerCase() : mapRunes(s, toLowerRune);
}

// ---------- goutils v1.1.1 ----------

// goutils Uncapitalize: the first rune of each whitespace-separated word to lower case.
function untitle(s: string): string {
  let next = true;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (isSpace(cp)) {
      next = true;
      out += ch;
    } else if (next) {
      const l = toLowerRune(cp);
      out += l === cp ? ch : String.fromCodePoint(l);
      next = false;
    } else out += ch;
  }
  return out;
}

// goutils SwapCase: upper/title → lower; lower → title after whitespace (or at the start), else upper.
function swapCase(s: string): string {
  let ws = true;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    let m = cp;
    if (isUpper(cp) || isTitle(cp)) {
      m = toLowerRune(cp);
      ws = false;
    } else if (isLower(cp)) {
      if (ws) {
        m = toTitleRune(cp);
        ws = false;
      } else m = toUpperRune(cp);
    } else ws = isSpace(cp);
    out += m === cp ? ch : String.fromCodePoint(m);
  }
  return out;
}

// goutils Initials: byte-wise; each byte taken as a Latin-1 rune (so non-ASCII initials come out mangled, as in Go).
function initials(s: string): string {
  const b = toBin(s);
  let gap = true;
  let out = '';
  for (let i = 0; i < b.length; i++) {
    const c = b.charCodeAt(i);
    if (isSpace(c)) gap = true;
    else if (gap) {
      out += b[i];
      gap = false;
    }
  }
  return out;
}

// goutils DeleteWhiteSpace: byte-wise as well; unchanged when no byte is (Latin-1) white space.
function deleteWhiteSpace(s: string): string {
  const b = toBin(s);
  let out = '';
  let removed = false;
  for (let i = 0; i < b.length; i++) {
    if (isSpace(b.charCodeAt(i))) removed = true;
    else out += b[i];
  }
  return removed ? out : s;
}

// goutils AbbreviateFull on bytes; the width guards of sprig's abbrev/abbrevboth keep the error paths away.
function abbreviateFull(s: string, offset: number, maxWidth: number): string {
  if (s === '') return '';
  if (maxWidth < 4) return '';
  const b = toBin(s);
  const n = b.length;
  if (n <= maxWidth) return s;
  if (offset > n) offset = n;
  if (n - offset < maxWidth - 3) offset = n - (maxWidth - 3);
  if (offset <= 4) return fromBin(b.slice(0, maxWidth - 3)) + '...';
  if (maxWidth < 7) return '';
  if (offset + maxWidth - 3 < n) return '...' + abbreviateFull(fromBin(b.slice(offset)), 0, maxWidth - 3);
  return '...' + fromBin(b.slice(n - (maxWidth - 3)));
}

// goutils WrapCustom on bytes.
function wrapCustom(s: string, width: number, nl: string, wrapLong: boolean): string {
  if (s === '') return '';
  if (nl === '') nl = '\n';
  if (width < 1) width = 1;
  const b = toBin(s);
  const nlb = toBin(nl);
  const n = b.length;
  let off = 0;
  let out = '';
  while (n - off > width) {
    if (b.charCodeAt(off) === 0x20) {
      off++;
      continue;
    }
    // The last space in b[off : off+width+1].
    const sp = b.lastIndexOf(' ', width + off);
    if (sp >= off) {
      out += b.slice(off, sp) + nlb;
      off = sp + 1;
    } else if (wrapLong) {
      out += b.slice(off, width + off) + nlb;
      off += width;
    } else {
      const e = width + off;
      const idx = b.indexOf(' ', e);
      if (idx === -1) {
        out += b.slice(off);
        off = n;
      } else {
        out += b.slice(off, idx) + nlb;
        off = idx + 1;
      }
    }
  }
  out += b.slice(off);
  return fromBin(out);
}

// ---------- xstrings v1.5.0 (convert.go) ----------

const RE_PUNCT = /^\p{P}$/u;
const RE_NUMBER = /^\p{N}$/u;

function isConnector(r: number): boolean {
  return r === 0x2d || r === 0x5f || isSpace(r);
}

// ASCII punctuation in Unicode's P categories; $ + < = > ^ ` | ~ are symbols (S), not punctuation.
const ASCII_PUNCT = new Set(Array.from('!"#%&\'()*,-./:;?@[\\]_{}', (ch) => ch.charCodeAt(0)));

function isPunct(r: number): boolean {
  if (r < 0x80) return ASCII_PUNCT.has(r);
  return RE_PUNCT.test(String.fromCodePoint(r));
}

function isNumber(r: number): boolean {
  if (r < 0x80) return r >= 0x30 && r <= 0x39;
  return RE_NUMBER.test(String.fromCodePoint(r));
}

// xstrings count.go isAlphabet: a letter that is not CJK.
function isAlphabet(r: number): boolean {
  if (!isLetter(r)) return false;
  if (r < 0x3400) return true;
  if (r >= 0x4e00 && r <= 0x9fcc) return false;
  if (r >= 0x3400 && r <= 0x4d85) return false;
  if (r >= 0x20000 && r <= 0x2b81d) return false;
  return true;
}

// xstrings toCamelCase(str, true) = ToPascalCase, which Sprig's camelcase uses.
function toPascalCase(s: string): string {
  const runes = Array.from(s, (c) => c.codePointAt(0) as number);
  if (runes.length === 0) return '';
  let out = '';
  let i = 0;
  let r0 = 0;
  let firstUpper = false;
  for (; i < runes.length; ) {
    r0 = runes[i++];
    if (!isConnector(r0)) {
      firstUpper = isUpper(r0);
      r0 = toUpperRune(r0);
      break;
    }
    out += String.fromCodePoint(r0);
  }
  if (i >= runes.length) {
    // xstrings writes the last rune read once more here, even when it is a connector ("_" → "__").
    out += String.fromCodePoint(r0);
    return out;
  }
  while (i < runes.length) {
    const r1 = r0;
    r0 = runes[i++];
    if (isConnector(r0) && isConnector(r1)) {
      out += String.fromCodePoint(r1);
      continue;
    }
    if (isConnector(r1)) {
      firstUpper = isUpper(r0);
      r0 = toUpperRune(r0);
    } else {
      if (firstUpper) {
        if (isUpper(r0)) r0 = toLowerRune(r0);
        else firstUpper = false;
      }
      out += String.fromCodePoint(r1);
    }
  }
  out += String.fromCodePoint(r0);
  return out;
}

const enum W {
  Invalid,
  Number,
  Upper,
  Alpha,
  Connector,
  Punct,
  Other,
}

interface Word {
  wt: W;
  word: number[];
  rest: number[];
}

// xstrings nextWord, over code points (invalid UTF-8 cannot occur in a JS string).
function nextWord(s: number[]): Word {
  if (s.length === 0) return { wt: W.Invalid, word: [], rest: [] };
  let off = 1;
  const r = s[0];
  let wt: W;
  if (isConnector(r)) {
    wt = W.Connector;
    while (off < s.length && isConnector(s[off])) off++;
  } else if (isPunct(r)) {
    wt = W.Punct;
    while (off < s.length && isPunct(s[off])) off++;
  } else if (isUpper(r)) {
    wt = W.Upper;
    if (off < s.length) {
      const r2 = s[off];
      if (isUpper(r2)) {
        off++;
        while (off < s.length && isUpper(s[off])) off++;
        // "HTTPStatus": the last capital starts the next word.
        if (off < s.length && isAlphabet(s[off])) off--;
      } else if (isAlphabet(r2)) {
        off++;
        while (off < s.length && isAlphabet(s[off]) && !isUpper(s[off])) off++;
      }
    }
  } else if (isAlphabet(r)) {
    wt = W.Alpha;
    while (off < s.length && isAlphabet(s[off]) && !isUpper(s[off])) off++;
  } else if (isNumber(r)) {
    wt = W.Number;
    while (off < s.length && isNumber(s[off])) off++;
  } else {
    wt = W.Other;
    while (off < s.length) {
      const c = s[off];
      if (isConnector(c) || isAlphabet(c) || isNumber(c) || isPunct(c)) break;
      off++;
    }
  }
  return { wt, word: s.slice(0, off), rest: s.slice(off) };
}

function lowerWord(out: number[], wt: W, word: number[], connector: number): void {
  if (wt !== W.Upper && wt !== W.Connector) {
    for (const c of word) out.push(c);
    return;
  }
  for (const c of word) {
    if (isConnector(c)) out.push(connector);
    else if (isUpper(c)) out.push(toLowerRune(c));
    else out.push(c);
  }
}

// xstrings camelCaseToLowerCase: snakecase and kebabcase.
function camelCaseToLowerCase(str: string, connector: number): string {
  if (str.length === 0) return '';
  const out: number[] = [];
  let { wt, word, rest } = nextWord(Array.from(str, (c) => c.codePointAt(0) as number));
  while (rest.length > 0) {
    if (wt !== W.Connector) lowerWord(out, wt, word, connector);
    const prev = wt;
    const last = word;
    ({ wt, word, rest } = nextWord(rest));
    switch (prev) {
      case W.Number:
        while (wt === W.Alpha || wt === W.Number) {
          lowerWord(out, wt, word, connector);
          ({ wt, word, rest } = nextWord(rest));
        }
        if (wt !== W.Invalid && wt !== W.Punct && wt !== W.Connector) out.push(connector);
        break;
      case W.Connector:
        lowerWord(out, prev, last, connector);
        break;
      case W.Punct:
        break;
      default: {
        if (wt !== W.Number) {
          if (wt !== W.Connector && wt !== W.Punct) out.push(connector);
          break;
        }
        if (rest.length === 0) break;
        const numWord = word;
        ({ wt, word, rest } = nextWord(rest));
        if (wt !== W.Alpha) {
          lowerWord(out, W.Number, numWord, connector);
          if (wt !== W.Connector && wt !== W.Punct) out.push(connector);
          break;
        }
        out.push(connector);
        lowerWord(out, W.Number, numWord, connector);
        while (wt === W.Alpha || wt === W.Number) {
          lowerWord(out, wt, word, connector);
          ({ wt, word, rest } = nextWord(rest));
        }
        if (wt !== W.Invalid && wt !== W.Connector && wt !== W.Punct) out.push(connector);
      }
    }
  }
  lowerWord(out, wt, word, connector);
  let s = '';
  for (const c of out) s += String.fromCodePoint(c);
  return s;
}

// xstrings Shuffle: a random permutation of the runes.
function shuffle(s: string): string {
  const runes = Array.from(s);
  for (let i = runes.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const t = runes[i];
    runes[i] = runes[j];
    runes[j] = t;
  }
  return runes.join('');
}

// ---------- strings.go ----------

function trunc(c: bigint, s: string): string {
  const n = BigInt(byteLen(s));
  if (c < 0n && n + c > 0n) return byteSlice(s, Number(n + c), Number(n));
  if (c >= 0n && n > c) return byteSlice(s, 0, Number(c));
  return s;
}

function sliceOutOfRange(detail: string): GoPanic {
  return new GoPanic('runtime error: slice bounds out of range ' + detail);
}

// strings.go substring, with Go's slice-bounds panics.
function substring(start: bigint, end: bigint, s: string): string {
  const n = BigInt(byteLen(s));
  if (start < 0n) {
    if (end < 0n) throw sliceOutOfRange(`[:${end}]`);
    if (end > n) throw sliceOutOfRange(`[:${end}] with length ${n}`);
    return byteSlice(s, 0, Number(end));
  }
  if (end < 0n || end > n) {
    if (start > n) throw sliceOutOfRange(`[${start}:${n}]`);
    return byteSlice(s, Number(start), Number(n));
  }
  if (start > end) throw sliceOutOfRange(`[${start}:${end}]`);
  return byteSlice(s, Number(start), Number(end));
}

function indent(spaces: bigint, v: string, ctx: CallContext): string {
  const pad = goRepeat(' ', spaces, ctx);
  if (pad === '') return v;
  // charged for the added padding before it is built: one pad per line
  let lines = 1;
  for (let at = v.indexOf('\n'); at >= 0; at = v.indexOf('\n', at + 1)) lines++;
  ctx.charge(v.length + lines * pad.length);
  // The pad holds only spaces, so replaceAll's `$` patterns cannot occur in it.
  return pad + v.replaceAll('\n', '\n' + pad);
}

function splitToMap(parts: string[]): GoValue {
  const m = newMap();
  for (let i = 0; i < parts.length; i++) m.set('_' + i, parts[i]);
  return typedMap(m, 'map[string]string');
}

function clampInt(n: bigint): number {
  return n > 0x7fffffffn ? 0x7fffffff : n < -0x7fffffffn ? -0x7fffffff : Number(n);
}

function sortAlpha(v: GoValue): GoValue {
  if (isGoList(v)) {
    // strslice hands a []string back as is, so Go sorts the caller's slice in place.
    const items = (Array.isArray(v) && sliceElemType(v) === 'string' ? v : strslice(v)) as string[];
    items.sort(compareGoStrings);
    return items;
  }
  return typedSlice([strval(v)], 'string');
}

// A named constant: a `toString` member written inline is typed from Object.prototype.toString.
const toStringFn: GoFunction = { params: ['any'], call: ([v], ctx) => strval(v, ctx) };

const s = (v: GoValue): string => v as string;
const i = (v: GoValue): bigint => v as bigint;

export const sprigStrings: FuncTable = {
  // functions.go inline entries
  hello: { params: [], call: () => 'Hello!' },
  fail: {
    params: ['string'],
    call: ([msg]) => {
      throw new GoError(s(msg));
    },
  },

  abbrev: { params: ['int', 'string'], call: ([w, str]) => (i(w) < 4n ? s(str) : abbreviateFull(s(str), 0, clampInt(i(w)))) },
  abbrevboth: {
    params: ['int', 'int', 'string'],
    call: ([l, r, str]) => {
      const left = i(l);
      const right = i(r);
      if (right < 4n || (left > 0n && right < 7n)) return s(str);
      return abbreviateFull(s(str), clampInt(left), clampInt(right));
    },
  },
  trunc: { params: ['int', 'string'], call: ([c, str]) => trunc(i(c), s(str)) },
  trim: { params: ['string'], call: ([str]) => trimSpace(s(str)) },
  upper: { params: ['string'], call: ([str]) => upper(s(str)) },
  lower: { params: ['string'], call: ([str]) => lower(s(str)) },
  title: { params: ['string'], call: ([str]) => title(s(str)) },
  untitle: { params: ['string'], call: ([str]) => untitle(s(str)) },
  substr: { params: ['int', 'int', 'string'], call: ([a, b, str]) => substring(i(a), i(b), s(str)) },
  repeat: { params: ['int', 'string'], call: ([c, str], ctx) => goRepeat(s(str), i(c), ctx) },
  trimall: { params: ['string', 'string'], call: ([a, b]) => trimCutset(s(b), s(a)) },
  trimAll: { params: ['string', 'string'], call: ([a, b]) => trimCutset(s(b), s(a)) },
  trimSuffix: {
    params: ['string', 'string'],
    call: ([a, b]) => (s(b).endsWith(s(a)) ? s(b).slice(0, s(b).length - s(a).length) : s(b)),
  },
  trimPrefix: { params: ['string', 'string'], call: ([a, b]) => (s(b).startsWith(s(a)) ? s(b).slice(s(a).length) : s(b)) },
  nospace: { params: ['string'], call: ([str]) => deleteWhiteSpace(s(str)) },
  initials: { params: ['string'], call: ([str]) => initials(s(str)) },
  swapcase: { params: ['string'], call: ([str]) => swapCase(s(str)) },
  shuffle: { params: ['string'], call: ([str]) => shuffle(s(str)), nondeterministic: true },
  snakecase: { params: ['string'], call: ([str]) => camelCaseToLowerCase(s(str), 0x5f) },
  camelcase: { params: ['string'], call: ([str]) => toPascalCase(s(str)) },
  kebabcase: { params: ['string'], call: ([str]) => camelCaseToLowerCase(s(str), 0x2d) },
  wrap: { params: ['int', 'string'], call: ([l, str]) => wrapCustom(s(str), clampInt(i(l)), '', false) },
  wrapWith: {
    params: ['int', 'string', 'string'],
    call: ([l, sep, str]) => wrapCustom(s(str), clampInt(i(l)), s(sep), true),
  },
  contains: { params: ['string', 'string'], call: ([sub, str]) => s(str).includes(s(sub)) },
  hasPrefix: { params: ['string', 'string'], call: ([p, str]) => s(str).startsWith(s(p)) },
  hasSuffix: { params: ['string', 'string'], call: ([p, str]) => s(str).endsWith(s(p)) },
  quote: {
    params: [],
    variadic: 'any',
    call: (args, ctx) => {
      let out = '';
      let first = true;
      for (const a of args) {
        if (a === null) continue;
        const q = quoteString(strval(a, ctx));
        ctx.charge(q.length);
        out += (first ? '' : ' ') + q;
        first = false;
      }
      return out;
    },
  },
  squote: {
    params: [],
    variadic: 'any',
    call: (args, ctx) => {
      let out = '';
      let first = true;
      for (const a of args) {
        if (a === null) continue;
        const v = vstr(a, ctx);
        ctx.charge(v.length);
        out += (first ? "'" : " '") + v + "'";
        first = false;
      }
      return out;
    },
  },
  cat: {
    params: [],
    variadic: 'any',
    call: (args, ctx) => {
      let out = '';
      let first = true;
      for (const a of args) {
        if (a === null) continue;
        const v = vstr(a, ctx);
        ctx.charge(v.length);
        out += (first ? '' : ' ') + v;
        first = false;
      }
      return out;
    },
  },
  indent: { params: ['int', 'string'], call: ([n, str], ctx) => indent(i(n), s(str), ctx) },
  nindent: { params: ['int', 'string'], call: ([n, str], ctx) => '\n' + indent(i(n), s(str), ctx) },
  replace: { params: ['string', 'string', 'string'], call: ([o, n, src], ctx) => chargedReplace(s(src), s(o), s(n), ctx) },
  plural: { params: ['string', 'string', 'int'], call: ([one, many, c]) => (i(c) === 1n ? one : many) },
  toString: toStringFn,
  split: { params: ['string', 'string'], call: ([sep, str]) => splitToMap(splitN(s(str), s(sep), -1)) },
  splitList: { params: ['string', 'string'], call: ([sep, str]) => typedSlice(splitN(s(str), s(sep), -1), 'string') },
  splitn: {
    params: ['string', 'int', 'string'],
    call: ([sep, n, str]) => splitToMap(splitN(s(str), s(sep), clampInt(i(n)))),
  },
  toStrings: { params: ['any'], call: ([v], ctx) => strslice(v, ctx) },
  join: { params: ['string', 'any'], call: ([sep, v], ctx) => join(s(sep), v, ctx) },
  sortAlpha: { params: ['any'], call: ([v]) => sortAlpha(v) },
};

