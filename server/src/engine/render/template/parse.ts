/**
 * The parser of Go's text/template (text/template/parse/parse.go, node.go's newNumber): builds trees for the
 * top-level template and every {{define}}/{{block}} in one text, with Go's checks (functions and variables must
 * be defined, break/continue only in range, …) and error texts ("template: NAME:LINE: MSG").
 */
import { Item, T, goQuote, itemString, lex } from './lex';
import {
  BranchNode,
  CommandNode,
  ListNode,
  N,
  Node,
  NumberNode,
  PipeNode,
  Source,
  TemplateNode,
  Tree,
  VariableNode,
  isEmptyTree,
  nodeString,
} from './nodes';

/** A parse failure; message is Go's error text. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly parseName: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(message);
  }
}

export interface ParseResult {
  /** Trees by name, in the order they were completed (defines first, the top-level tree last). */
  trees: Map<string, Tree>;
  /** Every function identifier the text uses (for re-validating a cached parse against another function set). */
  funcsUsed: Set<string>;
  /** The names of the text's {{define}}s and {{block}}s (a cache may give the trees to another parse name only when neither name is among them). */
  defined: Set<string>;
}

/**
 * parse.Parse(name, text, "", "", funcs): the trees of `text`. `hasFunc` answers whether an identifier names a
 * function (Go checks at parse time).
 */
export function parseTemplates(name: string, text: string, hasFunc: (name: string) => boolean): ParseResult {
  const p = new Parser(name, text, hasFunc);
  return p.parseAll();
}

class Parser {
  private readonly items: Item[];
  private idx = 0;
  // Go's 3-token lookahead buffer
  private readonly token: Item[] = [];
  private peekCount = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private actionLine = 0;
  private readonly source: Source;
  private readonly treeSet = new Map<string, Tree>();
  private readonly funcsUsed = new Set<string>();
  private readonly defined = new Set<string>();
  /** Name of the tree being built (Go's t.Name). */
  private curName: string;

  constructor(
    private readonly parseName: string,
    text: string,
    private readonly hasFunc: (name: string) => boolean,
  ) {
    this.items = lex(text);
    this.source = { parseName, text };
    this.curName = parseName;
    const dummy = this.items[0];
    this.token = [dummy, dummy, dummy];
  }

  parseAll(): ParseResult {
    const root = this.parseTop();
    this.add(this.parseName, root);
    return { trees: this.treeSet, funcsUsed: this.funcsUsed, defined: this.defined };
  }

  // --- token plumbing (parse.go next/backup/peek) ---
  private lexNext(): Item {
    const it = this.items[this.idx];
    if (this.idx < this.items.length - 1) this.idx++;
    return it;
  }
  private next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lexNext();
    return this.token[this.peekCount];
  }
  private backup(): void {
    this.peekCount++;
  }
  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }
  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }
  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1];
    this.peekCount = 1;
    this.token[0] = this.lexNext();
    return this.token[0];
  }
  private nextNonSpace(): Item {
    let t: Item;
    do t = this.next();
    while (t.typ === T.Space);
    return t;
  }
  private peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  // --- errors ---
  private errorf(msg: string): never {
    const line = this.token[0].line;
    throw new ParseError(`template: ${this.parseName}:${line}: ${msg}`, this.parseName, line, msg);
  }
  private expect(expected: T, context: string): Item {
    const t = this.nextNonSpace();
    if (t.typ !== expected) this.unexpected(t, context);
    return t;
  }
  private expectOneOf(e1: T, e2: T, context: string): Item {
    const t = this.nextNonSpace();
    if (t.typ !== e1 && t.typ !== e2) this.unexpected(t, context);
    return t;
  }
  private unexpected(t: Item, context: string): never {
    if (t.typ === T.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(itemString(t) + extra);
    }
    this.errorf(`unexpected ${itemString(t)} in ${context}`);
  }

  /** Tree.add: record a finished tree; two non-empty definitions of one name in one text are an error. */
  private add(name: string, root: ListNode): void {
    const old = this.treeSet.get(name);
    if (old === undefined || isEmptyTree(old.root)) {
      // keep insertion order meaningful: re-insert at the end
      this.treeSet.delete(name);
      this.treeSet.set(name, { name, root, source: this.source });
      return;
    }
    if (!isEmptyTree(root)) this.errorf(`template: multiple definition of template ${goQuote(name)}`);
  }

  // --- grammar ---
  private parseTop(): ListNode {
    const root: ListNode = { type: N.List, pos: this.peek().pos, nodes: [] };
    while (this.peek().typ !== T.EOF) {
      if (this.peek().typ === T.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().typ === T.Define) {
          this.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === N.End || n.type === N.Else) this.errorf(`unexpected ${nodeString(n)}`);
      root.nodes.push(n);
    }
    return root;
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const savedVars = this.vars;
    const savedName = this.curName;
    this.vars = ['$'];
    const nameTok = this.expectOneOf(T.String, T.RawString, context);
    const name = this.unquote(nameTok.val);
    this.curName = name;
    this.expect(T.RightDelim, context);
    const [list, end] = this.itemList();
    if (end.type !== N.End) this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.defined.add(name);
    this.add(name, list);
    this.vars = savedVars;
    this.curName = savedName;
  }

  private itemList(): [ListNode, Node] {
    const list: ListNode = { type: N.List, pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().typ !== T.EOF) {
      const n = this.textOrAction();
      if (n.type === N.End || n.type === N.Else) return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case T.Text:
        return { type: N.Text, pos: t.pos, text: t.val };
      case T.LeftDelim: {
        this.actionLine = t.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      default:
        this.unexpected(t, 'input');
    }
  }

  private action(): Node {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case T.Block:
        return this.blockControl();
      case T.Break:
      case T.Continue: {
        const word = t.typ === T.Break ? '{{break}}' : '{{continue}}';
        const tok = this.nextNonSpace();
        if (tok.typ !== T.RightDelim) this.unexpected(tok, word);
        if (this.rangeDepth === 0) this.errorf(`${word} outside {{range}}`);
        return t.typ === T.Break ? { type: N.Break, pos: t.pos, line: t.line } : { type: N.Continue, pos: t.pos, line: t.line };
      }
      case T.Else:
        return this.elseControl();
      case T.End:
        return { type: N.End, pos: this.expect(T.RightDelim, 'end').pos };
      case T.If:
        return this.branch(N.If, 'if');
      case T.Range:
        return this.branch(N.Range, 'range');
      case T.Template:
        return this.templateControl();
      case T.With:
        return this.branch(N.With, 'with');
    }
    this.backup();
    const tok = this.peek();
    return { type: N.Action, pos: tok.pos, line: tok.line, pipe: this.pipeline('command', T.RightDelim) };
  }

  private pipeline(context: string, end: T): PipeNode {
    const tok = this.peekNonSpace();
    const pipe: PipeNode = { type: N.Pipe, pos: tok.pos, line: tok.line, isAssign: false, decl: [], cmds: [] };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== T.Variable) break;
      this.next();
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === T.Assign || next.typ === T.Declare) {
        pipe.isAssign = next.typ === T.Assign;
        this.nextNonSpace();
        pipe.decl.push({ type: N.Variable, pos: v.pos, ident: v.val.split('.') });
        this.vars.push(v.val);
      } else if (next.typ === T.Char && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push({ type: N.Variable, pos: v.pos, ident: v.val.split('.') });
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const k = this.peekNonSpace().typ;
          if (k === T.Variable || k === T.RightDelim || k === T.RightParen) continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.typ === T.Space) {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.typ === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.typ) {
        case T.Bool:
        case T.CharConstant:
        case T.Complex:
        case T.Dot:
        case T.Field:
        case T.Identifier:
        case T.Number:
        case T.Nil:
        case T.RawString:
        case T.String:
        case T.Variable:
        case T.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      switch (pipe.cmds[i].args[0].type) {
        case N.Bool:
        case N.Dot:
        case N.Nil:
        case N.Number:
        case N.String:
          this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  private branch<K extends N.If | N.Range | N.With>(kind: K, context: 'if' | 'range' | 'with'): BranchNode & { type: K } {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, T.RightDelim);
      if (context === 'range') this.rangeDepth++;
      let list: ListNode;
      let next: Node;
      try {
        [list, next] = this.itemList();
      } finally {
        if (context === 'range') this.rangeDepth--;
      }
      let elseList: ListNode | null = null;
      if (next.type === N.Else) {
        // "else if" / "else with" are an if/with nested in the else branch whose {{end}} is shared
        if (context === 'if' && this.peek().typ === T.If) {
          this.next();
          elseList = { type: N.List, pos: next.pos, nodes: [this.branch(N.If, 'if')] };
        } else if (context === 'with' && this.peek().typ === T.With) {
          this.next();
          elseList = { type: N.List, pos: next.pos, nodes: [this.branch(N.With, 'with')] };
        } else {
          let end: Node;
          [elseList, end] = this.itemList();
          if (end.type !== N.End) this.errorf(`expected end; found ${nodeString(end)}`);
        }
      }
      return { type: kind, pos: pipe.pos, line: pipe.line, pipe, list, elseList } as BranchNode & { type: K };
    } finally {
      this.vars.length = mark;
    }
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.typ === T.If || peek.typ === T.With) return { type: N.Else, pos: peek.pos, line: peek.line };
    const t = this.expect(T.RightDelim, 'else');
    return { type: N.Else, pos: t.pos, line: t.line };
  }

  private parseTemplateName(t: Item, context: string): string {
    if (t.typ === T.String || t.typ === T.RawString) return this.unquote(t.val);
    this.unexpected(t, context);
  }

  private blockControl(): TemplateNode {
    const context = 'block clause';
    const t = this.nextNonSpace();
    const name = this.parseTemplateName(t, context);
    const pipe = this.pipeline(context, T.RightDelim);
    // the block body is a new tree with its own variables
    const savedVars = this.vars;
    const savedRange = this.rangeDepth;
    this.vars = ['$'];
    this.rangeDepth = 0;
    const [list, end] = this.itemList();
    if (end.type !== N.End) this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.defined.add(name);
    this.add(name, list);
    this.vars = savedVars;
    this.rangeDepth = savedRange;
    return { type: N.Template, pos: t.pos, line: t.line, name, pipe };
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const t = this.nextNonSpace();
    const name = this.parseTemplateName(t, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== T.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, T.RightDelim);
    }
    return { type: N.Template, pos: t.pos, line: t.line, name, pipe };
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: N.Command, pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== null) cmd.args.push(operand);
      const t = this.next();
      if (t.typ === T.Space) continue;
      if (t.typ === T.RightDelim || t.typ === T.RightParen) this.backup();
      else if (t.typ !== T.Pipe) this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Node | null {
    const node = this.term();
    if (node === null) return null;
    if (this.peek().typ === T.Field) {
      const chainPos = this.peek().pos;
      const fields: string[] = [];
      while (this.peek().typ === T.Field) {
        const f = this.next().val;
        // a field token is ".a" (lexer stops at the next '.')
        fields.push(f.slice(1));
      }
      switch (node.type) {
        case N.Field:
          return { type: N.Field, pos: chainPos, ident: [...node.ident, ...fields] };
        case N.Variable:
          return { type: N.Variable, pos: chainPos, ident: [...node.ident, ...fields] };
        case N.Bool:
        case N.String:
        case N.Number:
        case N.Nil:
        case N.Dot:
          this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`);
        // falls through (errorf never returns)
        default:
          return { type: N.Chain, pos: chainPos, node, field: fields };
      }
    }
    return node;
  }

  private term(): Node | null {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case T.Identifier:
        if (!this.hasFunc(t.val)) this.errorf(`function ${goQuote(t.val)} not defined`);
        this.funcsUsed.add(t.val);
        return { type: N.Identifier, pos: t.pos, ident: t.val };
      case T.Dot:
        return { type: N.Dot, pos: t.pos };
      case T.Nil:
        return { type: N.Nil, pos: t.pos };
      case T.Variable: {
        const v: VariableNode = { type: N.Variable, pos: t.pos, ident: t.val.split('.') };
        if (!this.vars.includes(v.ident[0])) this.errorf(`undefined variable ${goQuote(v.ident[0])}`);
        return v;
      }
      case T.Field:
        return { type: N.Field, pos: t.pos, ident: t.val.slice(1).split('.') };
      case T.Bool:
        return { type: N.Bool, pos: t.pos, value: t.val === 'true' };
      case T.CharConstant:
      case T.Complex:
      case T.Number: {
        const r = newNumber(t.pos, t.val, t.typ);
        if (typeof r === 'string') this.errorf(r);
        return r;
      }
      case T.LeftParen:
        return this.pipeline('parenthesized pipeline', T.RightParen);
      case T.String:
      case T.RawString:
        return { type: N.String, pos: t.pos, quoted: t.val, text: this.unquote(t.val) };
    }
    this.backup();
    return null;
  }

  private unquote(s: string): string {
    const r = goUnquote(s);
    if (r === null) this.errorf('invalid syntax');
    return r;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// strconv pieces: Unquote, UnquoteChar, ParseInt/ParseUint/ParseFloat with base prefixes and underscores.

/**
 * strconv.UnquoteChar on s starting at i, inside quotes `q`: [code point or byte (as -1 - byte), next index] or
 * null on a syntax error. Bytes from \x and octal escapes are returned as negative numbers (-1 - byte).
 */
function unquoteChar(s: string, i: number, q: string): [number, number] | null {
  const c = s.charCodeAt(i);
  if (s[i] === q && (q === "'" || q === '"')) return null;
  if (c !== 0x5c) {
    const cp = s.codePointAt(i) ?? 0;
    return [cp, i + (cp > 0xffff ? 2 : 1)];
  }
  if (i + 1 >= s.length) return null;
  const e = s[i + 1];
  i += 2;
  switch (e) {
    case 'a': return [7, i];
    case 'b': return [8, i];
    case 'f': return [12, i];
    case 'n': return [10, i];
    case 'r': return [13, i];
    case 't': return [9, i];
    case 'v': return [11, i];
    case 'x':
    case 'u':
    case 'U': {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      if (i + len > s.length) return null;
      const hex = s.slice(i, i + len);
      if (!/^[0-9a-fA-F]+$/.test(hex)) return null;
      const v = parseInt(hex, 16);
      i += len;
      if (e === 'x') return [-1 - v, i];
      if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return null;
      return [v, i];
    }
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
      if (i + 2 > s.length) return null;
      const oct = s.slice(i - 1, i + 2);
      if (!/^[0-7]{3}$/.test(oct)) return null;
      const v = parseInt(oct, 8);
      if (v > 255) return null;
      return [-1 - v, i + 2];
    }
    case '\\':
      return [0x5c, i];
    case "'":
    case '"':
      if (e !== q) return null;
      return [e.charCodeAt(0), i];
    default:
      return null;
  }
}

function decodeUnits(units: number[]): string {
  // code points, with raw bytes as -1-b; bytes are gathered and decoded as UTF-8
  let out = '';
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length) {
      out += Buffer.from(bytes).toString('utf8');
      bytes = [];
    }
  };
  for (const u of units) {
    if (u < 0) bytes.push(-1 - u);
    else {
      flush();
      out += String.fromCodePoint(u);
    }
  }
  flush();
  return out;
}

/** strconv.Unquote for "…", `…` and '…'; null on a syntax error. */
export function goUnquote(s: string): string | null {
  const n = s.length;
  if (n < 2) return null;
  const q = s[0];
  if (q !== s[n - 1]) return null;
  const body = s.slice(1, n - 1);
  if (q === '`') {
    if (body.includes('`')) return null;
    return body.includes('\r') ? body.split('\r').join('') : body;
  }
  if (q !== '"' && q !== "'") return null;
  if (q === '"' && !body.includes('\\') && !body.includes('"') && !body.includes('\n')) return body;
  if (body.includes('\n')) return null;
  const units: number[] = [];
  let i = 0;
  while (i < body.length) {
    const r = unquoteChar(body, i, q);
    if (r === null) return null;
    units.push(r[0]);
    i = r[1];
    if (q === "'" && i < body.length) return null;
  }
  if (q === "'" && units.length !== 1) return null;
  return decodeUnits(units);
}

/** underscoreOK of strconv/atoi.go: underscores only between digits (or after a base prefix). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0') {
    const l = s[1].toLowerCase();
    if (l === 'b' || l === 'o' || l === 'x') {
      hex = l === 'x';
      i = 2;
      saw = '0';
    }
  }
  for (; i < s.length; i++) {
    const c = s[i];
    const lc = c.toLowerCase();
    if ((c >= '0' && c <= '9') || (hex && lc >= 'a' && lc <= 'f')) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const MAX_U64 = (1n << 64n) - 1n;
const MAX_I64 = (1n << 63n) - 1n;
const MIN_I64 = -(1n << 63n);

/** strconv.ParseUint(s, 0, 64) / ParseInt(s, 0, 64) magnitude parsing: the value or null. */
function parseIntBase0(text: string, signed: boolean): bigint | null {
  let s = text;
  let neg = false;
  if (signed && (s[0] === '+' || s[0] === '-')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s.length === 0) return null;
  let base = 10;
  let digits = s;
  if (s[0] === '0') {
    if (s.length >= 3 && (s[1] === 'x' || s[1] === 'X')) {
      base = 16;
      digits = s.slice(2);
    } else if (s.length >= 3 && (s[1] === 'o' || s[1] === 'O')) {
      base = 8;
      digits = s.slice(2);
    } else if (s.length >= 3 && (s[1] === 'b' || s[1] === 'B')) {
      base = 2;
      digits = s.slice(2);
    } else if (s.length > 1) {
      base = 8;
      digits = s.slice(1);
    }
  }
  if (s.includes('_')) {
    if (!underscoreOK(s)) return null;
    digits = digits.split('_').join('');
  }
  if (digits.length === 0) return null;
  let v = 0n;
  const b = BigInt(base);
  for (const ch of digits) {
    const d = parseInt(ch, 16);
    if (Number.isNaN(d) || d >= base) return null;
    v = v * b + BigInt(d);
    if (v > MAX_U64 + 1n) return null;
  }
  if (!signed) return v > MAX_U64 ? null : v;
  if (neg) v = -v;
  if (v > MAX_I64 || v < MIN_I64) return null;
  return v;
}

/** strconv.ParseFloat(s, 64) for Go literal syntax (decimal and hex floats, underscores); null on error. */
function parseFloatGo(text: string): number | null {
  let s = text;
  if (s.includes('_')) {
    if (!underscoreOK(s)) return null;
    s = s.split('_').join('');
  }
  let sign = 1;
  if (s[0] === '+' || s[0] === '-') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (/^0[xX]/.test(s)) {
    const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(s);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return null;
    const mant = m[1] + (m[2] ?? '');
    let v = 0;
    for (const ch of mant) v = v * 16 + parseInt(ch, 16);
    return sign * v * Math.pow(2, Number(m[3]) - 4 * (m[2] ?? '').length);
  }
  if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(s)) return null;
  const v = Number(s);
  if (!Number.isFinite(v)) return null; // Go: value out of range
  return sign * v;
}

/** parse/node.go newNumber: the number node, or Go's error text. */
export function newNumber(pos: number, text: string, typ: T): NumberNode | string {
  const n: NumberNode = {
    type: N.Number,
    pos,
    isInt: false,
    isUint: false,
    isFloat: false,
    isComplex: false,
    int64: 0n,
    uint64: 0n,
    float64: 0,
    re: 0,
    im: 0,
    text,
  };
  if (typ === T.CharConstant) {
    const r = unquoteChar(text, 1, text[0]);
    if (r === null) return 'invalid syntax';
    if (text.slice(r[1]) !== "'") return `malformed character constant: ${text}`;
    const v = r[0] < 0 ? -1 - r[0] : r[0];
    n.int64 = BigInt(v);
    n.uint64 = BigInt(v);
    n.float64 = v;
    n.isInt = n.isUint = n.isFloat = true;
    return n;
  }
  if (typ === T.Complex) {
    const m = /^([+-]?[^+-]+(?:[eE][+-][0-9]+)?)([+-].*)i$/.exec(text);
    const re = m ? parseFloatGo(m[1]) : null;
    const im = m ? parseFloatGo(m[2]) : null;
    if (re === null || im === null) return 'expected integer';
    n.isComplex = true;
    n.re = re;
    n.im = im;
    simplifyComplex(n);
    return n;
  }
  // The common case (`nindent 4`, `index . 0`): a plain decimal of at most 15 digits without a leading zero is an
  // int, a uint and an exact float alike — what the general path below concludes, without its BigInt digit loops.
  if (text.length <= 15 && /^(?:0|[1-9][0-9]*)$/.test(text)) {
    const v = Number(text);
    n.isInt = n.isUint = n.isFloat = true;
    n.int64 = n.uint64 = BigInt(v);
    n.float64 = v;
    return n;
  }
  if (text.length > 0 && text[text.length - 1] === 'i') {
    const f = parseFloatGo(text.slice(0, -1));
    if (f !== null) {
      n.isComplex = true;
      n.re = 0;
      n.im = f;
      simplifyComplex(n);
      return n;
    }
  }
  const u = parseIntBase0(text, false);
  if (u !== null) {
    n.isUint = true;
    n.uint64 = u;
  }
  const i = parseIntBase0(text, true);
  if (i !== null) {
    n.isInt = true;
    n.int64 = i;
    if (i === 0n) {
      n.isUint = true;
      n.uint64 = 0n;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = parseFloatGo(text);
    if (f !== null) {
      if (!/[.eEpP]/.test(text)) return `integer overflow: ${goQuote(text)}`;
      n.isFloat = true;
      n.float64 = f;
      if (Number.isInteger(f) && f >= -9223372036854775808 && f < 9223372036854775808) {
        n.isInt = true;
        n.int64 = BigInt(f);
      }
      if (Number.isInteger(f) && f >= 0 && f < 18446744073709551616) {
        n.isUint = true;
        n.uint64 = BigInt(f);
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) return `illegal number syntax: ${goQuote(text)}`;
  return n;
}

function simplifyComplex(n: NumberNode): void {
  n.isFloat = n.im === 0;
  if (n.isFloat) {
    n.float64 = n.re;
    n.isInt = Number.isInteger(n.re) && Math.abs(n.re) < 9223372036854775808;
    if (n.isInt) n.int64 = BigInt(n.re);
    n.isUint = Number.isInteger(n.re) && n.re >= 0 && n.re < 18446744073709551616;
    if (n.isUint) n.uint64 = BigInt(n.re);
  }
}
