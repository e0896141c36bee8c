/**
 * The lexer of Go's text/template (text/template/parse/lex.go): the same items, trim markers, comments and error
 * texts. Items are produced into an array in one pass (Go produces them lazily; the parser sees the same
 * sequence, and lexing stops at the first error item just as Go's does). A pull lexer the parser drives was
 * measured slower on first renders (BENCHMARKS.md, issue 14, speed round of 09:40).
 */

export const enum T {
  Error,
  Bool,
  Char,
  CharConstant,
  Comment,
  Complex,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  // keywords (Go: itemKeyword and after; printed as <word>)
  Keyword,
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

export interface Item {
  typ: T;
  /** Offset in the input (UTF-16 index; converted to bytes only for error columns). */
  pos: number;
  val: string;
  line: number;
}

const KEYWORDS: ReadonlyMap<string, T> = new Map([
  ['.', T.Dot],
  ['block', T.Block],
  ['break', T.Break],
  ['continue', T.Continue],
  ['define', T.Define],
  ['else', T.Else],
  ['end', T.End],
  ['if', T.If],
  ['range', T.Range],
  ['nil', T.Nil],
  ['template', T.Template],
  ['with', T.With],
]);

/** Go's %q of a short string (ASCII printable fast path; otherwise JSON-ish escaping close to strconv.Quote). */
export function goQuote(s: string): string {
  let simple = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x7f) {
      simple = false;
      break;
    }
  }
  if (simple) return '"' + s + '"';
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"': out += '\\"'; break;
      case '\\': out += '\\\\'; break;
      case '\n': out += '\\n'; break;
      case '\t': out += '\\t'; break;
      case '\r': out += '\\r'; break;
      case '\x07': out += '\\a'; break;
      case '\b': out += '\\b'; break;
      case '\f': out += '\\f'; break;
      case '\v': out += '\\v'; break;
      default:
        if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
        else out += ch;
    }
  }
  return out + '"';
}

/** How the render budget names a template being executed: template "name". */
export function describeTemplate(name: string): string {
  return `template ${goQuote(name)}`;
}

/** item.String() of parse/lex.go, used in "unexpected %s in %s". */
export function itemString(i: Item): string {
  if (i.typ === T.EOF) return 'EOF';
  if (i.typ === T.Error) return i.val;
  if (i.typ > T.Keyword) return '<' + i.val + '>';
  // %.10q: at most 10 runes, quoted
  const runes = Array.from(i.val);
  if (runes.length > 10) return goQuote(runes.slice(0, 10).join('')) + '...';
  return goQuote(i.val);
}

export function isSpaceCode(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

const ALNUM_RE = /[\p{L}\p{Nd}_]/u;
function isAsciiAlnumCode(c: number): boolean {
  return c === 0x5f || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isAlphaNumeric(ch: string): boolean {
  if (ch.length === 0) return false;
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c === 0x5f || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return ALNUM_RE.test(ch);
}

/** %#U of a rune: U+0041 'A'. */
function goRuneU(ch: string): string {
  const c = ch.codePointAt(0) ?? 0;
  const hex = c.toString(16).toUpperCase().padStart(4, '0');
  // Go prints the character only when it is printable
  if (c >= 0x20 && c !== 0x7f && !(c >= 0x80 && c < 0xa0)) return `U+${hex} '${ch}'`;
  return `U+${hex}`;
}

const LEFT = '{{';
const RIGHT = '}}';
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';

/** Tokenizes `input` like lex.go with the default delimiters. The last item is EOF or an error. */
export function lex(input: string): Item[] {
  const items: Item[] = [];
  const n = input.length;
  let start = 0;
  let pos = 0;
  let parenDepth = 0;
  // line bookkeeping: the line of `lineCursor`, and the first newline at or after it (-1: none). Newlines are found
  // with indexOf, once each, rather than by a loop over every code unit or a search per item: the text between
  // actions is most of a template, and a first render runs this before V8 has optimised anything.
  let lineCursor = 0;
  let lineAtCursor = 1;
  let nextNewline = input.indexOf('\n');
  const lineAt = (p: number): number => {
    if (p < lineCursor) {
      lineCursor = 0;
      lineAtCursor = 1;
      nextNewline = input.indexOf('\n');
    }
    while (nextNewline >= 0 && nextNewline < p) {
      lineAtCursor++;
      nextNewline = input.indexOf('\n', nextNewline + 1);
    }
    lineCursor = p;
    return lineAtCursor;
  };
  const emit = (typ: T): void => {
    items.push({ typ, pos: start, val: input.slice(start, pos), line: lineAt(start) });
    start = pos;
  };
  const error = (msg: string): void => {
    items.push({ typ: T.Error, pos: start, val: msg, line: lineAt(start) });
  };
  const hasLeftTrimMarker = (p: number): boolean => p + 1 < n && input.charCodeAt(p) === 0x2d && isSpaceCode(input.charCodeAt(p + 1));
  const hasRightTrimMarker = (p: number): boolean => p + 1 < n && isSpaceCode(input.charCodeAt(p)) && input.charCodeAt(p + 1) === 0x2d;
  // atRightDelim: [isDelim, trimSpace]
  const atRightDelim = (p: number): 0 | 1 | 2 => {
    if (hasRightTrimMarker(p) && input.startsWith(RIGHT, p + 2)) return 2;
    if (input.startsWith(RIGHT, p)) return 1;
    return 0;
  };
  const leftTrimLength = (p: number): number => {
    let q = p;
    while (q < n && isSpaceCode(input.charCodeAt(q))) q++;
    return q - p;
  };
  const charAt = (p: number): string => {
    if (p >= n) return '';
    const c = input.charCodeAt(p);
    if (c >= 0xd800 && c < 0xdc00 && p + 1 < n) return input.slice(p, p + 2);
    return input[p];
  };
  const atTerminator = (): boolean => {
    if (pos >= n) return true;
    const c = input.charCodeAt(pos);
    if (isSpaceCode(c)) return true;
    switch (c) {
      case 0x2e: case 0x2c: case 0x7c: case 0x3a: case 0x29: case 0x28:
        return true;
    }
    return input.startsWith(RIGHT, pos);
  };
  const accept = (valid: string): boolean => {
    if (pos < n && valid.indexOf(input[pos]) >= 0) {
      pos++;
      return true;
    }
    return false;
  };
  const acceptRun = (valid: string): void => {
    while (pos < n && valid.indexOf(input[pos]) >= 0) pos++;
  };
  const scanNumber = (): boolean => {
    accept('+-');
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits.length === 11 && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    if (isAlphaNumeric(charAt(pos))) {
      pos += charAt(pos).length;
      return false;
    }
    return true;
  };

  // lexText / lexInsideAction as a loop
  let inside = false;
  for (;;) {
    if (!inside) {
      const x = input.indexOf(LEFT, pos);
      if (x >= 0) {
        if (x > pos) {
          pos = x;
          let trim = 0;
          if (hasLeftTrimMarker(pos + LEFT.length)) {
            let q = pos;
            while (q > start && isSpaceCode(input.charCodeAt(q - 1))) q--;
            trim = pos - q;
          }
          pos -= trim;
          if (pos > start) emit(T.Text);
          pos += trim;
          start = pos;
        }
        // lexLeftDelim
        pos += LEFT.length;
        const trimSpace = hasLeftTrimMarker(pos);
        const after = trimSpace ? 2 : 0;
        if (input.startsWith(LEFT_COMMENT, pos + after)) {
          // lexComment
          pos += after;
          start = pos;
          pos += LEFT_COMMENT.length;
          const y = input.indexOf(RIGHT_COMMENT, pos);
          if (y < 0) {
            error('unclosed comment');
            return items;
          }
          pos = y + RIGHT_COMMENT.length;
          const d = atRightDelim(pos);
          if (d === 0) {
            error('comment ends before closing delimiter');
            return items;
          }
          // Go drops comment items unless ParseComments is set (Helm never sets it)
          if (d === 2) pos += 2;
          pos += RIGHT.length;
          if (d === 2) pos += leftTrimLength(pos);
          start = pos;
          continue;
        }
        const delimItem: Item = { typ: T.LeftDelim, pos: start, val: LEFT, line: lineAt(start) };
        items.push(delimItem);
        inside = true;
        pos += after;
        start = pos;
        parenDepth = 0;
        continue;
      }
      pos = n;
      if (pos > start) emit(T.Text);
      items.push({ typ: T.EOF, pos, val: '', line: lineAt(pos) });
      return items;
    }
    // inside action
    const d = atRightDelim(pos);
    if (d !== 0) {
      if (parenDepth === 0) {
        // lexRightDelim
        if (d === 2) {
          pos += 2;
          start = pos;
        }
        pos += RIGHT.length;
        emit(T.RightDelim);
        if (d === 2) {
          pos += leftTrimLength(pos);
          start = pos;
        }
        inside = false;
        continue;
      }
      error('unclosed left paren');
      return items;
    }
    if (pos >= n) {
      error('unclosed action');
      return items;
    }
    const ch = charAt(pos);
    const c = ch.charCodeAt(0);
    pos += ch.length;
    if (isSpaceCode(c)) {
      // lexSpace
      pos -= 1;
      let numSpaces = 0;
      while (pos < n && isSpaceCode(input.charCodeAt(pos))) {
        pos++;
        numSpaces++;
      }
      if (hasRightTrimMarker(pos - 1) && input.startsWith(RIGHT, pos - 1 + 2)) {
        pos--;
        if (numSpaces === 1) continue; // right on the trim-marked delimiter
      }
      emit(T.Space);
      continue;
    }
    switch (ch) {
      case '=':
        emit(T.Assign);
        continue;
      case ':':
        if (input[pos] !== '=') {
          error('expected :=');
          return items;
        }
        pos++;
        emit(T.Declare);
        continue;
      case '|':
        emit(T.Pipe);
        continue;
      case '"': {
        for (;;) {
          // fast path: a code unit that is neither a backslash, a newline, a quote nor past the end
          const cc = input.charCodeAt(pos);
          if (cc === cc && cc !== 0x5c && cc !== 0x0a && cc !== 0x22) {
            pos++;
            continue;
          }
          const r = charAt(pos);
          pos += r.length;
          if (r === '\\') {
            const r2 = charAt(pos);
            pos += r2.length;
            if (r2 !== '' && r2 !== '\n') continue;
            error('unterminated quoted string');
            return items;
          }
          if (r === '' || r === '\n') {
            error('unterminated quoted string');
            return items;
          }
          if (r === '"') break;
        }
        emit(T.String);
        continue;
      }
      case '`': {
        const y = input.indexOf('`', pos);
        if (y < 0) {
          error('unterminated raw quoted string');
          return items;
        }
        pos = y + 1;
        emit(T.RawString);
        continue;
      }
      case '$':
      case '.': {
        if (ch === '.' && pos < n) {
          const r = input.charCodeAt(pos);
          if (r >= 0x30 && r <= 0x39) {
            pos--;
            if (!lexNumber()) return items;
            continue;
          }
        }
        const typ = ch === '$' ? T.Variable : T.Field;
        if (atTerminator()) {
          emit(typ === T.Variable ? T.Variable : T.Dot);
          continue;
        }
        let r = '';
        for (;;) {
          const cc = input.charCodeAt(pos);
          if (cc < 0x80) {
            if (isAsciiAlnumCode(cc)) {
              pos++;
              continue;
            }
            r = input[pos];
            break;
          }
          r = charAt(pos);
          if (!isAlphaNumeric(r)) break;
          pos += r.length;
        }
        if (!atTerminator()) {
          error(`bad character ${goRuneU(r)}`);
          return items;
        }
        emit(typ);
        continue;
      }
      case "'": {
        for (;;) {
          const r = charAt(pos);
          pos += r.length;
          if (r === '\\') {
            const r2 = charAt(pos);
            pos += r2.length;
            if (r2 !== '' && r2 !== '\n') continue;
            error('unterminated character constant');
            return items;
          }
          if (r === '' || r === '\n') {
            error('unterminated character constant');
            return items;
          }
          if (r === "'") break;
        }
        emit(T.CharConstant);
        continue;
      }
      case '(':
        emit(T.LeftParen);
        parenDepth++;
        continue;
      case ')':
        parenDepth--;
        if (parenDepth < 0) {
          error('unexpected right paren');
          return items;
        }
        emit(T.RightParen);
        continue;
    }
    if (ch === '+' || ch === '-' || (c >= 0x30 && c <= 0x39)) {
      pos -= ch.length;
      if (!lexNumber()) return items;
      continue;
    }
    if (isAlphaNumeric(ch)) {
      // lexIdentifier
      let r = '';
      for (;;) {
        const cc = input.charCodeAt(pos);
        if (cc < 0x80) {
          if (isAsciiAlnumCode(cc)) {
            pos++;
            continue;
          }
          r = input[pos];
          break;
        }
        r = charAt(pos);
        if (!isAlphaNumeric(r)) break;
        pos += r.length;
      }
      const word = input.slice(start, pos);
      if (!atTerminator()) {
        error(`bad character ${goRuneU(r)}`);
        return items;
      }
      const kw = KEYWORDS.get(word);
      if (kw !== undefined && kw > T.Keyword) emit(kw);
      else if (word === 'true' || word === 'false') emit(T.Bool);
      else emit(T.Identifier);
      continue;
    }
    if (c < 0x80 && c >= 0x20 && c !== 0x7f) {
      emit(T.Char);
      continue;
    }
    error(`unrecognized character in action: ${goRuneU(ch)}`);
    return items;
  }

  function lexNumber(): boolean {
    if (!scanNumber()) {
      error(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
      return false;
    }
    const sign = input[pos];
    if (sign === '+' || sign === '-') {
      if (!scanNumber() || input[pos - 1] !== 'i') {
        error(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
        return false;
      }
      emit(T.Complex);
      return true;
    }
    emit(T.Number);
    return true;
  }
}
