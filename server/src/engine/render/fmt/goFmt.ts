/**
 * Go's fmt.Sprint, Sprintf and Sprintln over GoValues: every verb, flag, width, precision and argument index, and
 * Go's in-band error forms (`%!d(string=hi)`, `%!(EXTRA …)`, `%!s(MISSING)`, `%!v(BADINDEX)`, `%!(NOVERB)`, …).
 *
 * Mirrors fmt/print.go (the printer: argument dispatch, reflection-style walk of slices, maps and structs, the
 * format-string scanner) and fmt/format.go (padding, integers, floats, strings, quoting). Output is a JS string;
 * widths count runes as Go's utf8.RuneCount does.
 */
import { CallContext, GoNumber, GoPanic, GoStruct, GoValue, goStringBytes, goStringFromBytes, sortedKeys } from '../goValue';
import { canBackquote, formatFloat, formatFloatShortestG, FloatFormat, isPrint, quote, quoteRune, quoteRuneToASCII, quoteToASCII } from './strconv';
import { typeName } from './goTypes';

const NIL_ANGLE = '<nil>';
/** Go prints real addresses for %p and nested pointers; a fixed stand-in keeps our output deterministic. */
const FAKE_POINTER = '0xc000010000';
const MAX_U64 = (1n << 64n) - 1n;

/** utf8.RuneCountInString for a JS string: code points, a lone surrogate counting as one. */
function runeCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function utf8Bytes(s: string): Uint8Array {
  return goStringBytes(s);
}

function bytesToString(b: Uint8Array): string {
  return goStringFromBytes(b);
}

function isUnsignedKind(k: string): boolean {
  return k.charCodeAt(0) === 117; /* 'u' */
}

/** fmt's tooLarge: widths and precisions beyond a million are refused. */
function tooLarge(x: number): boolean {
  return x > 1e6 || x < -1e6;
}

/** `[0 1 … 255]` as decimal ASCII bytes, for printing a []byte fast. */
const BYTE_DIGITS: Uint8Array[] = Array.from({ length: 256 }, (_, b) => Buffer.from(String(b), 'latin1'));

/** The printer state of one Sprint/Sprintf/Sprintln call (print.go: pp, format.go: fmt). */
class Printer {
  buf = '';
  /** The render budget, when the caller has one: charged for slices, maps and padding as they are printed. */
  ctx: CallContext | null = null;
  // format.go fmtFlags
  wid = 0;
  prec = 0;
  widPresent = false;
  precPresent = false;
  minus = false;
  plus = false;
  sharp = false;
  space = false;
  zero = false;
  plusV = false;
  sharpV = false;
  // print.go pp
  erroring = false;
  reordered = false;
  goodArgNum = true;

  clearFlags(): void {
    this.wid = 0;
    this.prec = 0;
    this.widPresent = false;
    this.precPresent = false;
    this.minus = false;
    this.plus = false;
    this.sharp = false;
    this.space = false;
    this.zero = false;
    this.plusV = false;
    this.sharpV = false;
  }

  // ----- format.go: padding

  writePadding(n: number): void {
    if (n <= 0) return;
    this.ctx?.charge(n);
    this.buf += (this.zero && !this.minus ? '0' : ' ').repeat(n);
  }

  /** format.go padString (pad is the same on a string here). */
  pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  fmtBoolean(v: boolean): void {
    this.pad(v ? 'true' : 'false');
  }

  /** format.go fmtUnicode: U+0078, or with # U+0078 'x'. */
  fmtUnicode(u: bigint): void {
    let prec = 4;
    if (this.precPresent && this.prec > 4) prec = this.prec;
    let hex = u.toString(16).toUpperCase();
    if (hex.length < prec) hex = '0'.repeat(prec - hex.length) + hex;
    let s = 'U+' + hex;
    if (this.sharp && u <= 0x10ffffn && isPrint(Number(u))) s += " '" + String.fromCodePoint(Number(u)) + "'";
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  /** format.go fmtInteger: `v` is negative only for signed kinds; `upper` selects the upper-case digits. */
  fmtInteger(v: bigint, base: number, isSigned: boolean, verb: number, upper: boolean): void {
    const negative = isSigned && v < 0n;
    const u = negative ? -v : v;
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec === 0 && u === 0n) {
        const oldZero = this.zero;
        this.zero = false;
        this.writePadding(this.wid);
        this.zero = oldZero;
        return;
      }
    } else if (this.zero && !this.minus && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--;
    }
    let s = u.toString(base);
    if (upper) s = s.toUpperCase();
    if (s.length < prec) s = '0'.repeat(prec - s.length) + s;
    if (this.sharp) {
      if (base === 2) s = '0b' + s;
      else if (base === 8) {
        if (s.charCodeAt(0) !== 48) s = '0' + s;
      } else if (base === 16) s = (upper ? '0X' : '0x') + s;
    }
    if (verb === 79 /* O */) s = '0o' + s;
    if (negative) s = '-' + s;
    else if (this.plus) s = '+' + s;
    else if (this.space) s = ' ' + s;
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  truncateString(s: string): string {
    if (this.precPresent) {
      let n = this.prec;
      for (let i = 0; i < s.length; i++) {
        if (--n < 0) return s.slice(0, i);
        const c = s.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
          const d = s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) i++;
        }
      }
    }
    return s;
  }

  fmtS(s: string): void {
    this.pad(this.truncateString(s));
  }

  /** format.go fmtSbx: hex of the bytes of a string or byte slice. */
  fmtSbx(b: Uint8Array, upper: boolean): void {
    const digits = upper ? '0123456789ABCDEF' : '0123456789abcdef';
    const x = upper ? 'X' : 'x';
    let length = b.length;
    if (this.precPresent && this.prec < length) length = this.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.space) {
        if (this.sharp) width *= 2;
        width += length - 1;
      } else if (this.sharp) {
        width += 2;
      }
    } else {
      if (this.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.widPresent && this.wid > width && !this.minus) this.writePadding(this.wid - width);
    let out = '';
    if (this.sharp) out += '0' + x;
    for (let i = 0; i < length; i++) {
      if (this.space && i > 0) {
        out += ' ';
        if (this.sharp) out += '0' + x;
      }
      const c = b[i];
      out += digits[c >> 4] + digits[c & 0xf];
    }
    this.buf += out;
    if (this.widPresent && this.wid > width && this.minus) this.writePadding(this.wid - width);
  }

  fmtQ(s: string): void {
    s = this.truncateString(s);
    if (this.sharp && canBackquote(s)) {
      this.pad('`' + s + '`');
      return;
    }
    this.pad(this.plus ? quoteToASCII(s) : quote(s));
  }

  fmtC(c: bigint): void {
    let r = c > 0x10ffffn ? 0xfffd : Number(c);
    if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd;
    this.pad(String.fromCodePoint(r));
  }

  fmtQc(c: bigint): void {
    const r = c > 0x10ffffn ? 0xfffd : Number(c);
    this.pad(this.plus ? quoteRuneToASCII(r) : quoteRune(r));
  }

  /** format.go fmtFloat. */
  fmtFloatF(v: number, size: 32 | 64, verb: FloatFormat, prec: number): void {
    if (this.precPresent) prec = this.prec;
    const s = formatFloat(v, verb, prec, size);
    let num = s.charCodeAt(0) === 45 || s.charCodeAt(0) === 43 ? s : '+' + s;
    if (this.space && num[0] === '+' && !this.plus) num = ' ' + num.slice(1);
    const c1 = num.charCodeAt(1);
    if (c1 === 73 /* I */ || c1 === 78 /* N */) {
      const oldZero = this.zero;
      this.zero = false;
      if (c1 === 78 && !this.space && !this.plus) num = num.slice(1);
      this.pad(num);
      this.zero = oldZero;
      return;
    }
    if (this.sharp && verb !== 'b') {
      let digits = 0;
      if (verb === 'g' || verb === 'G' || verb === 'x') {
        digits = prec;
        if (digits === -1) digits = 6;
      }
      let tail = '';
      let hasDecimalPoint = false;
      let sawNonzeroDigit = false;
      for (let i = 1; i < num.length; i++) {
        const ch = num[i];
        if (ch === '.') {
          hasDecimalPoint = true;
          continue;
        }
        if (ch === 'p' || ch === 'P' || ((ch === 'e' || ch === 'E') && verb !== 'x' && verb !== 'X')) {
          tail = num.slice(i);
          num = num.slice(0, i);
          break;
        }
        if (ch !== '0') sawNonzeroDigit = true;
        if (sawNonzeroDigit) digits--;
      }
      if (!hasDecimalPoint) {
        if (num.length === 2 && num[1] === '0') digits--;
        num += '.';
      }
      if (digits > 0) num += '0'.repeat(digits);
      num += tail;
    }
    if (this.plus || num[0] !== '+') {
      if (this.zero && !this.minus && this.widPresent && this.wid > num.length) {
        this.buf += num[0];
        this.writePadding(this.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  // ----- print.go

  badVerb(verb: number, v: GoValue): void {
    this.erroring = true;
    this.buf += '%!' + String.fromCodePoint(verb) + '(';
    if (v === null) {
      this.buf += NIL_ANGLE;
    } else {
      this.buf += typeName(v) + '=';
      this.printArg(v, 118 /* v */);
    }
    this.buf += ')';
    this.erroring = false;
  }

  fmtBool(v: boolean, verb: number): void {
    if (verb === 116 /* t */ || verb === 118 /* v */) this.fmtBoolean(v);
    else this.badVerb(verb, v);
  }

  fmt0x64(v: bigint, leading0x: boolean): void {
    const sharp = this.sharp;
    this.sharp = leading0x;
    this.fmtInteger(v, 16, false, 118, false);
    this.sharp = sharp;
  }

  /** print.go fmtInteger; `orig` is the operand for error messages. */
  fmtIntegerVerb(v: bigint, isSigned: boolean, verb: number, orig: GoValue): void {
    switch (verb) {
      case 118: // v
        if (this.sharpV && !isSigned) this.fmt0x64(v, true);
        else this.fmtInteger(v, 10, isSigned, verb, false);
        return;
      case 100: // d
        this.fmtInteger(v, 10, isSigned, verb, false);
        return;
      case 98: // b
        this.fmtInteger(v, 2, isSigned, verb, false);
        return;
      case 111: // o
      case 79: // O
        this.fmtInteger(v, 8, isSigned, verb, false);
        return;
      case 120: // x
        this.fmtInteger(v, 16, isSigned, verb, false);
        return;
      case 88: // X
        this.fmtInteger(v, 16, isSigned, verb, true);
        return;
      case 99: // c
        this.fmtC(v < 0n ? v & MAX_U64 : v);
        return;
      case 113: // q
        this.fmtQc(v < 0n ? v & MAX_U64 : v);
        return;
      case 85: // U
        this.fmtUnicode(v < 0n ? v & MAX_U64 : v);
        return;
      default:
        this.badVerb(verb, orig);
    }
  }

  /** print.go fmtFloat: the default precision per verb. */
  fmtFloatVerb(v: number, size: 32 | 64, verb: number, orig: GoValue): void {
    switch (verb) {
      case 118: // v
        if (!this.sharp && !this.plus && !this.space && !this.widPresent && !this.precPresent && size === 64) {
          this.buf += formatFloatShortestG(v);
          return;
        }
        this.fmtFloatF(v, size, 'g', -1);
        return;
      case 98: // b
        this.fmtFloatF(v, size, 'b', -1);
        return;
      case 103: // g
        this.fmtFloatF(v, size, 'g', -1);
        return;
      case 71: // G
        this.fmtFloatF(v, size, 'G', -1);
        return;
      case 120: // x
        this.fmtFloatF(v, size, 'x', -1);
        return;
      case 88: // X
        this.fmtFloatF(v, size, 'X', -1);
        return;
      case 102: // f
        this.fmtFloatF(v, size, 'f', 6);
        return;
      case 101: // e
        this.fmtFloatF(v, size, 'e', 6);
        return;
      case 69: // E
        this.fmtFloatF(v, size, 'E', 6);
        return;
      case 70: // F
        this.fmtFloatF(v, size, 'f', 6);
        return;
      default:
        this.badVerb(verb, orig);
    }
  }

  fmtString(v: string, verb: number): void {
    switch (verb) {
      case 118: // v
        if (this.sharpV) this.fmtQ(v);
        else this.fmtS(v);
        return;
      case 115: // s
        this.fmtS(v);
        return;
      case 120: // x
        this.fmtSbx(utf8Bytes(v), false);
        return;
      case 88: // X
        this.fmtSbx(utf8Bytes(v), true);
        return;
      case 113: // q
        this.fmtQ(v);
        return;
      default:
        this.badVerb(verb, v);
    }
  }

  /** print.go fmtBytes. */
  fmtBytes(v: Uint8Array, verb: number, typeString: string): void {
    switch (verb) {
      case 118: // v
      case 100: // d
        this.ctx?.charge(this.sharpV || !this.plainFlags() ? v.length : Math.ceil(v.length / 16));
        if (!this.sharpV && this.plainFlags()) {
          this.buf += '[' + decimalBytes(v) + ']';
          return;
        }
        if (this.sharpV) {
          this.buf += typeString + '{';
          for (let i = 0; i < v.length; i++) {
            if (i > 0) this.buf += ', ';
            this.fmt0x64(BigInt(v[i]), true);
          }
          this.buf += '}';
        } else {
          this.buf += '[';
          for (let i = 0; i < v.length; i++) {
            if (i > 0) this.buf += ' ';
            this.fmtInteger(BigInt(v[i]), 10, false, verb, false);
          }
          this.buf += ']';
        }
        return;
      case 115: // s
        this.fmtS(bytesToString(v));
        return;
      case 120: // x
        this.fmtSbx(v, false);
        return;
      case 88: // X
        this.fmtSbx(v, true);
        return;
      case 113: // q
        this.fmtQ(bytesToString(v));
        return;
      default:
        this.printSlice(v, verb, 0);
    }
  }

  /** print.go fmtPointer, with a stand-in address. */
  fmtPointer(v: GoValue, verb: number): void {
    const isRef = Array.isArray(v) || v instanceof Uint8Array || v instanceof Map || (v instanceof GoStruct && v.pointer) || isFunc(v);
    if (!isRef) {
      this.badVerb(verb, v);
      return;
    }
    switch (verb) {
      case 118: // v
        if (this.sharpV) this.buf += '(' + typeName(v) + ')(' + FAKE_POINTER + ')';
        else this.fmt0x64(BigInt(FAKE_POINTER), !this.sharp);
        return;
      case 112: // p
        this.fmt0x64(BigInt(FAKE_POINTER), !this.sharp);
        return;
      case 98:
      case 111:
      case 100:
      case 120:
      case 88:
        this.fmtIntegerVerb(BigInt(FAKE_POINTER), false, verb, v);
        return;
      default:
        this.badVerb(verb, v);
    }
  }

  /** print.go handleMethods: a Stringer (a GoStruct with `stringer`) prints its String() for v s x X q. */
  handleMethods(v: GoStruct, verb: number): boolean {
    if (this.erroring || this.sharpV || !v.stringer) return false;
    if (verb === 118 || verb === 115 || verb === 120 || verb === 88 || verb === 113) {
      let s: string;
      try {
        s = v.stringer();
      } catch (e) {
        // print.go catchPanic: a panicking String method prints as %!v(PANIC=String method: …).
        if (!(e instanceof GoPanic)) throw e;
        this.buf += '%!' + String.fromCharCode(verb) + '(PANIC=String method: ' + e.message + ')';
        return true;
      }
      this.fmtString(s, verb);
      return true;
    }
    return false;
  }

  /** print.go printArg: one top-level operand. */
  printArg(v: GoValue, verb: number): void {
    if (v === null) {
      if (verb === 84 /* T */ || verb === 118 /* v */) this.pad(NIL_ANGLE);
      else this.badVerb(verb, v);
      return;
    }
    if (verb === 84 /* T */) {
      this.fmtS(typeName(v));
      return;
    }
    if (verb === 112 /* p */) {
      this.fmtPointer(v, 112);
      return;
    }
    switch (typeof v) {
      case 'string':
        this.fmtString(v, verb);
        return;
      case 'bigint':
        this.fmtIntegerVerb(v, true, verb, v);
        return;
      case 'number':
        this.fmtFloatVerb(v, 64, verb, v);
        return;
      case 'boolean':
        this.fmtBool(v, verb);
        return;
    }
    if (v instanceof GoNumber) {
      this.printNumber(v, verb);
      return;
    }
    if (v instanceof Uint8Array) {
      this.fmtBytes(v, verb, '[]byte');
      return;
    }
    // print.go handleMethods: %w outside Errorf is always a bad verb for a composite operand.
    if (verb === 119 /* w */ && !this.erroring) {
      this.badVerb(verb, v);
      return;
    }
    if (v instanceof GoStruct && this.handleMethods(v, verb)) return;
    this.printValue(v, verb, 0);
  }

  printNumber(v: GoNumber, verb: number): void {
    if (v.kind === 'float32') this.fmtFloatVerb(Number(v.value), 32, verb, v);
    else this.fmtIntegerVerb(BigInt(v.value), !isUnsignedKind(v.kind), verb, v);
  }

  /** print.go printValue: the reflective walk; `depth` > 0 inside containers. */
  printValue(v: GoValue, verb: number, depth: number): void {
    if (depth > 0 && v instanceof GoStruct && this.handleMethods(v, verb)) return;
    // a named map or slice type (engine.files, VersionSet) prints as its map or slice
    if (v instanceof GoStruct && v.underlying !== undefined) v = v.underlying;
    if (v === null) {
      // Inside a container a nil is an empty interface value.
      this.buf += this.sharpV ? 'interface {}(nil)' : NIL_ANGLE;
      return;
    }
    switch (typeof v) {
      case 'string':
        this.fmtString(v, verb);
        return;
      case 'bigint':
        this.fmtIntegerVerb(v, true, verb, v);
        return;
      case 'number':
        this.fmtFloatVerb(v, 64, verb, v);
        return;
      case 'boolean':
        this.fmtBool(v, verb);
        return;
    }
    if (v instanceof GoNumber) {
      this.printNumber(v, verb);
      return;
    }
    if (v instanceof Map) {
      const sharpV = this.sharpV;
      this.buf += sharpV ? 'map[string]interface {}{' : 'map[';
      this.ctx?.charge(v.size);
      const keys = sortedKeys(v);
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) this.buf += sharpV ? ', ' : ' ';
        this.printValue(keys[i], verb, depth + 1);
        this.buf += ':';
        this.printValue(v.get(keys[i]) as GoValue, verb, depth + 1);
      }
      this.buf += sharpV ? '}' : ']';
      return;
    }
    if (Array.isArray(v) || v instanceof Uint8Array) {
      this.printSlice(v, verb, depth);
      return;
    }
    if (v instanceof GoStruct) {
      if (v.pointer) {
        if (depth === 0) {
          this.buf += '&';
          this.printStruct(v, verb, depth + 1);
        } else {
          this.fmtPointer(v, verb);
        }
        return;
      }
      this.printStruct(v, verb, depth);
      return;
    }
    this.fmtPointer(v, verb);
  }

  printStruct(v: GoStruct, verb: number, depth: number): void {
    if (this.sharpV) {
      const t = v.typeName;
      this.buf += v.pointer && t.charCodeAt(0) === 42 /* * */ ? t.slice(1) : t;
    }
    this.buf += '{';
    let i = 0;
    for (const [name, field] of v.fields) {
      if (i++ > 0) this.buf += this.sharpV ? ', ' : ' ';
      if (this.plusV || this.sharpV) this.buf += name + ':';
      this.printValue(field, verb, depth + 1);
    }
    this.buf += '}';
  }

  printSlice(v: GoValue[] | Uint8Array, verb: number, depth: number): void {
    if (v instanceof Uint8Array && (verb === 115 || verb === 113 || verb === 120 || verb === 88)) {
      this.fmtBytes(v, verb, '[]uint8');
      return;
    }
    const n = v.length;
    if (v instanceof Uint8Array && (verb === 118 || verb === 100) && !this.sharpV && this.plainFlags()) {
      // `[1 2 3]`: every byte in decimal with no flags — built in one buffer, not one fmtInteger per byte (a chart
      // printing its root context prints every .Files entry this way, megabytes of them)
      this.ctx?.charge(Math.ceil(n / 16));
      this.buf += '[' + decimalBytes(v) + ']';
      return;
    }
    this.ctx?.charge(n);
    if (this.sharpV) {
      this.buf += typeName(v) + '{';
      for (let i = 0; i < n; i++) {
        if (i > 0) this.buf += ', ';
        this.printElem(v, i, verb, depth + 1);
      }
      this.buf += '}';
    } else {
      this.buf += '[';
      for (let i = 0; i < n; i++) {
        if (i > 0) this.buf += ' ';
        this.printElem(v, i, verb, depth + 1);
      }
      this.buf += ']';
    }
  }

  /** No width, precision or flag that changes how a decimal integer prints. */
  plainFlags(): boolean {
    return !this.widPresent && !this.precPresent && !this.minus && !this.plus && !this.sharp && !this.space && !this.zero;
  }

  printElem(v: GoValue[] | Uint8Array, i: number, verb: number, depth: number): void {
    if (v instanceof Uint8Array) this.fmtIntegerVerb(BigInt(v[i]), false, verb, new GoNumber('uint8', BigInt(v[i])));
    else this.printValue(v[i], verb, depth);
  }

  // ----- print.go: the format-string scanner

  /** print.go argNumber: a `[n]` index at format[i]. Sets R.argNum and R.found; returns the next index. */
  argNumber(argNum: number, format: string, i: number, numArgs: number): number {
    R.argNum = argNum;
    R.found = false;
    if (format.length <= i || format.charCodeAt(i) !== 91 /* [ */) return i;
    this.reordered = true;
    // print.go parseArgNumber
    let index = 0;
    let wid = 1;
    let ok = false;
    const rest = format.length - i;
    if (rest >= 3) {
      for (let j = 1; j < rest; j++) {
        if (format.charCodeAt(i + j) === 93 /* ] */) {
          const newi = parsenum(format, i + 1, i + j);
          wid = j + 1;
          if (R.ok && newi === i + j) {
            index = R.num - 1;
            ok = true;
          }
          break;
        }
      }
    }
    if (ok && index >= 0 && index < numArgs) {
      R.argNum = index;
      R.found = true;
      return i + wid;
    }
    this.goodArgNum = false;
    R.found = ok;
    return i + wid;
  }

  doPrintf(format: string, a: readonly GoValue[]): void {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    this.reordered = false;
    let i = 0;
    formatLoop: while (i < end) {
      this.goodArgNum = true;
      const lasti = i;
      const pct = format.indexOf('%', i);
      i = pct < 0 ? end : pct;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++;
      this.clearFlags();
      simple: for (; i < end; i++) {
        const c = format.charCodeAt(i);
        switch (c) {
          case 35: // #
            this.sharp = true;
            break;
          case 48: // 0
            this.zero = true;
            break;
          case 43: // +
            this.plus = true;
            break;
          case 45: // -
            this.minus = true;
            break;
          case 32: // space
            this.space = true;
            break;
          default:
            // Fast path: a lower-case verb right after the flags.
            if (c >= 97 && c <= 122 && argNum < a.length) {
              if (c === 118 || c === 119) {
                this.sharpV = this.sharp;
                this.sharp = false;
                this.plusV = this.plus;
                this.plus = false;
              }
              this.printArg(a[argNum], c);
              argNum++;
              i++;
              continue formatLoop;
            }
            break simple;
        }
      }

      i = this.argNumber(argNum, format, i, a.length);
      argNum = R.argNum;
      afterIndex = R.found;

      if (i < end && format.charCodeAt(i) === 42 /* * */) {
        i++;
        argNum = intFromArg(a, argNum);
        this.wid = R.num;
        this.widPresent = R.ok;
        if (!this.widPresent) this.buf += '%!(BADWIDTH)';
        if (this.wid < 0) {
          this.wid = -this.wid;
          this.minus = true;
          this.zero = false;
        }
        afterIndex = false;
      } else {
        i = parsenum(format, i, end);
        this.wid = R.num;
        this.widPresent = R.ok;
        if (afterIndex && this.widPresent) this.goodArgNum = false;
      }

      if (i + 1 < end && format.charCodeAt(i) === 46 /* . */) {
        i++;
        if (afterIndex) this.goodArgNum = false;
        i = this.argNumber(argNum, format, i, a.length);
        argNum = R.argNum;
        afterIndex = R.found;
        if (i < end && format.charCodeAt(i) === 42 /* * */) {
          i++;
          argNum = intFromArg(a, argNum);
          this.prec = R.num;
          this.precPresent = R.ok;
          if (this.prec < 0) {
            this.prec = 0;
            this.precPresent = false;
          }
          if (!this.precPresent) this.buf += '%!(BADPREC)';
          afterIndex = false;
        } else {
          i = parsenum(format, i, end);
          this.prec = R.num;
          this.precPresent = R.ok;
          if (!this.precPresent) {
            this.prec = 0;
            this.precPresent = true;
          }
        }
      }

      if (!afterIndex) {
        i = this.argNumber(argNum, format, i, a.length);
        argNum = R.argNum;
        afterIndex = R.found;
      }

      if (i >= end) {
        this.buf += '%!(NOVERB)';
        break;
      }

      const verb = format.codePointAt(i) as number;
      i += verb > 0xffff ? 2 : 1;

      if (verb === 37 /* % */) {
        this.buf += '%';
      } else if (!this.goodArgNum) {
        this.buf += '%!' + String.fromCodePoint(verb) + '(BADINDEX)';
      } else if (argNum >= a.length) {
        this.buf += '%!' + String.fromCodePoint(verb) + '(MISSING)';
      } else {
        if (verb === 118 /* v */ || verb === 119 /* w */) {
          this.sharpV = this.sharp;
          this.sharp = false;
          this.plusV = this.plus;
          this.plus = false;
        }
        this.printArg(a[argNum], verb);
        argNum++;
      }
    }

    if (!this.reordered && argNum < a.length) {
      this.clearFlags();
      this.buf += '%!(EXTRA ';
      for (let k = argNum; k < a.length; k++) {
        if (k > argNum) this.buf += ', ';
        const arg = a[k];
        if (arg === null) {
          this.buf += NIL_ANGLE;
        } else {
          this.buf += typeName(arg) + '=';
          this.printArg(arg, 118);
        }
      }
      this.buf += ')';
    }
  }

  doPrint(a: readonly GoValue[]): void {
    let prevString = false;
    for (let k = 0; k < a.length; k++) {
      const arg = a[k];
      const isString = typeof arg === 'string';
      if (k > 0 && !isString && !prevString) this.buf += ' ';
      this.printArg(arg, 118);
      prevString = isString;
    }
  }

  doPrintln(a: readonly GoValue[]): void {
    for (let k = 0; k < a.length; k++) {
      if (k > 0) this.buf += ' ';
      this.printArg(a[k], 118);
    }
    this.buf += '\n';
  }
}

function isFunc(v: GoValue): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Map) && !(v instanceof GoStruct) && !(v instanceof GoNumber);
}

/** Results of parsenum, intFromArg and argNumber beside their returned index (no tuple allocation). */
const R = { num: 0, ok: false, argNum: 0, found: false };

/** print.go parsenum: sets R.num and R.ok, returns the next index; an absurdly long number consumes the rest. */
function parsenum(s: string, start: number, end: number): number {
  R.num = 0;
  R.ok = false;
  if (start >= end) return end;
  let num = 0;
  let isnum = false;
  let i = start;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    if (tooLarge(num)) return end;
    num = num * 10 + (c - 48);
    isnum = true;
  }
  R.num = num;
  R.ok = isnum;
  return i;
}

/** print.go intFromArg: a `*` width or precision must be an integer operand. Sets R.num, R.ok; returns argNum. */
function intFromArg(a: readonly GoValue[], argNum: number): number {
  let num = 0;
  let isInt = false;
  let next = argNum;
  if (argNum < a.length) {
    const v = a[argNum];
    if (typeof v === 'bigint') {
      isInt = true;
      num = Number(v);
    } else if (v instanceof GoNumber && v.kind !== 'float32') {
      const n = BigInt(v.value);
      if (!isUnsignedKind(v.kind) || n <= (1n << 63n) - 1n) {
        isInt = true;
        num = Number(n);
      }
    }
    next = argNum + 1;
    if (tooLarge(num)) {
      num = 0;
      isInt = false;
    }
  }
  R.num = num;
  R.ok = isInt;
  return next;
}

/**
 * The text of large []byte values already printed. A chart's files are []byte, and a template that prints a map
 * holding them (Sprig's `dict` turns each key into a string with %v: a key that is the root context prints every file)
 * prints them again on each call — envoy-gateway: 78 prints of 13 files, 17.9 MB of text per render. A []byte is never
 * changed in place (templates cannot; no function of the renderer does), so its text is kept while the array lives.
 */
const DECIMAL_BYTES = new WeakMap<Uint8Array, string>();
const DECIMAL_BYTES_MIN = 1024;

/** The bytes of `v` in decimal, separated by spaces. */
function decimalBytes(v: Uint8Array): string {
  const keep = v.length >= DECIMAL_BYTES_MIN;
  if (keep) {
    const hit = DECIMAL_BYTES.get(v);
    if (hit !== undefined) return hit;
  }
  const out = Buffer.allocUnsafe(v.length * 4);
  let o = 0;
  for (let i = 0; i < v.length; i++) {
    if (i > 0) out[o++] = 32;
    const d = BYTE_DIGITS[v[i]];
    for (let j = 0; j < d.length; j++) out[o++] = d[j];
  }
  const text = out.toString('latin1', 0, o);
  if (keep) DECIMAL_BYTES.set(v, text);
  return text;
}

/** fmt.Sprint: operands in their default format, with a space between two operands when neither is a string. */
export function sprint(args: readonly GoValue[], ctx?: CallContext): string {
  if (args.length === 1) {
    const v = args[0];
    switch (typeof v) {
      case 'string':
        return v;
      case 'bigint':
        return v.toString();
      case 'number':
        return formatFloatShortestG(v);
      case 'boolean':
        return v ? 'true' : 'false';
    }
  }
  const p = new Printer();
  if (ctx) p.ctx = ctx;
  p.doPrint(args);
  return p.buf;
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly GoValue[], ctx?: CallContext): string {
  const p = new Printer();
  if (ctx) p.ctx = ctx;
  p.doPrintf(format, args);
  return p.buf;
}

/** fmt.Sprintln: operands always separated by spaces, newline appended. */
export function sprintln(args: readonly GoValue[], ctx?: CallContext): string {
  const p = new Printer();
  if (ctx) p.ctx = ctx;
  p.doPrintln(args);
  return p.buf;
}
