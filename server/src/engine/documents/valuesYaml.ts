/**
 * A fast reader for values.yaml. Real charts ship 100–200 KB values files, mostly comments; a full YAML parser takes
 * tens of milliseconds on each, which would dominate a chart's cold analysis. Values files are almost always plain
 * block YAML, so this reads that subset line by line: block mappings and sequences, single-line plain and quoted
 * scalars, block scalars, one-line flow collections, comments. On anything else (anchors, aliases, tags, multi-line
 * flow or quoted scalars, complex keys, tabs in indentation, several documents) it gives up and returns
 * `undefined`, and the caller uses the full parser. Scalars resolve like YAML 1.1 (go-yaml v2, which Helm uses):
 * `yes`/`no`/`on`/`off` are booleans.
 */
import { parse as parseYaml } from 'yaml';

interface Line {
  indent: number;
  /** The line after its indentation, comment and trailing blanks removed ('' for blank and comment lines). */
  content: string;
  /** The raw line (block scalars read it as is). */
  raw: string;
}

class GiveUp extends Error {}

const giveUp = (): never => {
  throw new GiveUp();
};

/** Strips a trailing comment: `#` at the start or after a blank, outside quotes. */
function stripComment(s: string): string {
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) {
        if (quote === "'" && s[i + 1] === "'") i++;
        else quote = '';
      } else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '#' && (i === 0 || s[i - 1] === ' ' || s[i - 1] === '\t')) return s.slice(0, i).trimEnd();
    // A quote only opens a quoted scalar at the start of a value, not inside a plain one (`it's`).
    if ((c === '"' || c === "'") && (i === 0 || /[\s:,[{-]/.test(s[i - 1]))) quote = c;
  }
  return s.trimEnd();
}

function toLine(raw: string): Line {
  let indent = 0;
  while (indent < raw.length && raw.charCodeAt(indent) === 32) indent++;
  if (raw.charCodeAt(indent) === 9) {
    // A tab after the indentation is only harmless on an otherwise blank line.
    if (raw.slice(indent).trim() !== '') giveUp();
  }
  const rest = raw.slice(indent);
  const content = rest.startsWith('#') ? '' : stripComment(rest);
  return { indent, content, raw };
}

const NULLS = new Set(['~', 'null', 'Null', 'NULL', '']);
const TRUES = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSES = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);

/** YAML 1.1 resolution of a plain scalar. */
export function resolvePlain(s: string): unknown {
  if (NULLS.has(s)) return null;
  if (TRUES.has(s)) return true;
  if (FALSES.has(s)) return false;
  const c = s.charCodeAt(0);
  // Only something that starts like a number can be one; the rest is a string.
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return s;
  if (/^[-+]?(0|[1-9][0-9_]*)$/.test(s)) return Number(s.replace(/_/g, ''));
  if (/^[-+]?0x[0-9a-fA-F_]+$/.test(s)) return sign(s) * parseInt(s.replace(/^[-+]?0x|_/g, ''), 16);
  if (/^[-+]?0b[01_]+$/.test(s)) return sign(s) * parseInt(s.replace(/^[-+]?0b|_/g, ''), 2);
  if (/^[-+]?0[0-7_]+$/.test(s)) return sign(s) * parseInt(s.replace(/^[-+]?0|_/g, ''), 8);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(s)) return sign(s) * Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(s)) return NaN;
  if (/^[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?$/.test(s) && /[0-9]/.test(s)) return Number(s.replace(/_/g, ''));
  if (/^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$/.test(s)) return Number(s.replace(/_/g, ''));
  // Sexagesimal numbers and timestamps of YAML 1.1: the full parser resolves the scalar alone.
  if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/.test(s) || /^\d{4}-\d\d?-\d\d?/.test(s)) return resolveByParser(s);
  return s;
}

const byParser = new Map<string, unknown>();

function resolveByParser(s: string): unknown {
  if (byParser.has(s)) return byParser.get(s);
  let v: unknown;
  try {
    v = parseYaml(s, { version: '1.1', prettyErrors: false, logLevel: 'error' });
  } catch {
    return giveUp();
  }
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) giveUp();
  if (byParser.size > 1000) byParser.clear();
  byParser.set(s, v);
  return v;
}

function sign(s: string): number {
  return s.startsWith('-') ? -1 : 1;
}

function unescapeDouble(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 't':
      case '\t':
        return '\t';
      case 'r':
        return '\r';
      case '0':
        return '\0';
      case 'x':
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(e.slice(1), 16));
      case '"':
      case '\\':
      case '/':
      case ' ':
        return e;
      default:
        return giveUp();
    }
  });
}

/** A quoted scalar that must close on this line; returns the value and what follows it. */
function readQuoted(s: string): { value: string; rest: string } {
  if (s[0] === '"') {
    let i = 1;
    while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
    if (i >= s.length) giveUp();
    return { value: unescapeDouble(s.slice(1, i)), rest: s.slice(i + 1) };
  }
  let i = 1;
  let out = '';
  for (;;) {
    const j = s.indexOf("'", i);
    if (j < 0) return giveUp();
    out += s.slice(i, j);
    if (s[j + 1] === "'") {
      out += "'";
      i = j + 2;
      continue;
    }
    return { value: out, rest: s.slice(j + 1) };
  }
}

/** Is `s` (a line's content) a `key: value` or `key:` line? Returns the key and the value text. */
function splitKey(s: string): { key: string; value: string } | undefined {
  if (s[0] === '"' || s[0] === "'") {
    const q = readQuoted(s);
    const m = /^[ ]*:(?:[ ]+|$)/.exec(q.rest);
    if (!m) return undefined;
    return { key: q.value, value: q.rest.slice(m[0].length) };
  }
  if (/^[[{&*!|>%@`?]/.test(s) || (s[0] === '-' && (s.length === 1 || s[1] === ' '))) return undefined;
  const m = /:(?: +|$)/.exec(s);
  if (!m) return undefined;
  const key = s.slice(0, m.index).trimEnd();
  if (key === '<<' || key.includes(' #') || NULLS.has(key)) giveUp();
  // Plain keys resolve like values (YAML 1.1): `n:` and `on:` are the boolean keys false and true.
  const resolved = resolvePlain(key);
  return { key: typeof resolved === 'string' ? resolved : String(resolved), value: s.slice(m.index + m[0].length) };
}

class Reader {
  private i = 0;
  private readonly anchors = new Map<string, unknown>();
  constructor(private readonly lines: Line[]) {}

  /** Index of the next line with content, from `i`. */
  private next(): number {
    while (this.i < this.lines.length && this.lines[this.i].content === '') this.i++;
    return this.i;
  }

  read(): Record<string, unknown> {
    const at = this.next();
    if (at >= this.lines.length) return {};
    let first = this.lines[at];
    if (first.content === '---') {
      // One explicit document start is fine; a second document is not.
      this.i = at + 1;
      if (this.next() >= this.lines.length) return {};
      first = this.lines[this.i];
    }
    if (first.indent !== 0 || first.content.startsWith('--- ') || first.content.startsWith('%')) giveUp();
    const v = this.node(0);
    if (this.next() < this.lines.length) giveUp();
    if (!v || typeof v !== 'object' || Array.isArray(v)) giveUp();
    return v as Record<string, unknown>;
  }

  /** A block node whose first line is the next content line, indented `indent`. */
  private node(indent: number): unknown {
    const line = this.lines[this.next()];
    if (line.content === '-' || line.content.startsWith('- ')) return this.seq(indent);
    if (splitKey(line.content)) return this.map(indent);
    return giveUp(); // a multi-line plain scalar or something else unusual
  }

  private map(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      const at = this.next();
      if (at >= this.lines.length) break;
      const line = this.lines[at];
      if (line.indent < indent) break;
      if (line.indent > indent) giveUp();
      if (line.content === '-' || line.content.startsWith('- ')) break;
      const kv = splitKey(line.content);
      if (!kv) giveUp();
      this.i = at + 1;
      out[kv!.key] = this.value(kv!.value, indent, true);
    }
    return out;
  }

  private seq(indent: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const at = this.next();
      if (at >= this.lines.length) break;
      const line = this.lines[at];
      if (line.indent < indent) break;
      if (line.indent > indent) giveUp();
      if (!(line.content === '-' || line.content.startsWith('- '))) break;
      const after = line.content.slice(1);
      const pad = after.length - after.trimStart().length;
      const rest = after.trimStart();
      if (rest !== '' && (splitKey(rest) || rest === '-' || rest.startsWith('- ')) && rest[0] !== '"' && rest[0] !== "'") {
        // `- key: value` / `- - x`: a compact nested node that starts on the dash's line.
        this.lines[at] = { indent: indent + 1 + pad, content: rest, raw: line.raw };
        out.push(this.node(indent + 1 + pad));
        continue;
      }
      if ((rest[0] === '"' || rest[0] === "'") && splitKey(rest)) {
        this.lines[at] = { indent: indent + 1 + pad, content: rest, raw: line.raw };
        out.push(this.node(indent + 1 + pad));
        continue;
      }
      this.i = at + 1;
      out.push(this.value(rest, indent, false));
    }
    return out;
  }

  /** The value after `key:` or `- ` on a line indented `indent`. */
  private value(text: string, indent: number, inMap: boolean): unknown {
    if (text === '') {
      const at = this.next();
      if (at >= this.lines.length) return null;
      const line = this.lines[at];
      if (line.indent > indent) {
        const c = line.content;
        if (c === '-' || c.startsWith('- ') || (c[0] !== '[' && c[0] !== '{' && splitKey(c))) return this.node(line.indent);
        // `key:` with its value on the next, deeper line (`securityContext:\n    {}`).
        this.i = at + 1;
        return this.value(c, indent, inMap);
      }
      // A sequence may sit at its key's own indentation.
      if (inMap && line.indent === indent && (line.content === '-' || line.content.startsWith('- '))) return this.seq(indent);
      return null;
    }
    const c = text[0];
    if (c === '&') {
      // An anchor on the value (`port: &port 9121`, `image: &image` before a block): read it, then remember it.
      const m = /^&([^\s[\]{},]+)(?:[ ]+(.*))?$/.exec(text);
      if (!m) giveUp();
      const v = this.value(m![2] ?? '', indent, inMap);
      this.anchors.set(m![1], v);
      return v;
    }
    if (c === '*') {
      // An alias of an anchor read before: the same value.
      const m = /^\*([^\s[\]{},]+)[ ]*$/.exec(text);
      if (!m || !this.anchors.has(m[1])) giveUp();
      this.noContinuation(indent);
      return this.anchors.get(m![1]);
    }
    if (c === '!' || c === '%' || c === '@' || c === '`' || c === '?') giveUp();
    if (c === '|' || c === '>') return this.blockScalar(text, indent);
    if (c === '[' || c === '{') return this.flow(text);
    if (c === '"' || c === "'") {
      const q = readQuoted(text);
      if (q.rest.trim() !== '') giveUp();
      this.noContinuation(indent);
      return q.value;
    }
    if (/: |:$/.test(text) && !inMap) giveUp();
    const more = this.continuation(indent);
    return more === undefined ? resolvePlain(text) : text + more;
  }

  /**
   * A plain scalar may go on over more-indented lines (Chart.yaml descriptions): line breaks fold to a space, each
   * empty line to a line break. Returns the folded rest (undefined when there is none).
   */
  private continuation(indent: number): string | undefined {
    let out = '';
    let blanks = 0;
    let j = this.i;
    let any = false;
    for (; j < this.lines.length; j++) {
      const l = this.lines[j];
      if (l.raw.trim() === '') {
        blanks++;
        continue;
      }
      if (l.indent <= indent || l.content === '' || l.raw.trimStart().startsWith('#')) break;
      if (/: |:$| #/.test(l.content) || l.content !== l.raw.trim()) giveUp();
      out += (blanks ? '\n'.repeat(blanks) : ' ') + l.content;
      blanks = 0;
      any = true;
      this.i = j + 1;
    }
    return any ? out : undefined;
  }

  /** A quoted scalar continued on more-indented lines is valid YAML this reader does not fold. */
  private noContinuation(indent: number): void {
    const at = this.next();
    if (at < this.lines.length && this.lines[at].indent > indent) giveUp();
  }

  private flow(text: string): unknown {
    // One-line flow collections: small, so the full parser is cheap here.
    let depth = 0;
    let quote = '';
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (quote) {
        if (ch === quote) quote = '';
        else if (ch === '\\' && quote === '"') i++;
        continue;
      }
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '[' || ch === '{') depth++;
      else if (ch === ']' || ch === '}') {
        depth--;
        if (depth === 0 && text.slice(i + 1).trim() !== '') giveUp();
      }
    }
    if (depth !== 0 || quote) giveUp();
    if (text === '[]') return [];
    if (text === '{}') return {};
    const flat = flatFlow(text);
    if (flat !== undefined) return flat;
    try {
      return parseYaml(text, { version: '1.1', prettyErrors: false, logLevel: 'error' });
    } catch {
      return giveUp();
    }
  }

  private blockScalar(header: string, parentIndent: number): string {
    const m = /^([|>])([-+]?)$/.exec(header);
    if (!m) giveUp(); // explicit indentation indicators and the like
    const start = this.i;
    let contentIndent = -1;
    let end = start;
    for (let j = start; j < this.lines.length; j++) {
      const raw = this.lines[j].raw;
      if (raw.trim() === '') {
        end = j + 1;
        continue;
      }
      const ind = raw.length - raw.trimStart().length;
      if (raw.slice(0, ind).includes('\t')) giveUp();
      if (contentIndent < 0) {
        if (ind <= parentIndent) break;
        contentIndent = ind;
      }
      if (ind < contentIndent) break;
      end = j + 1;
    }
    // Trailing blank lines belong to the scalar only for chomping; the next node starts after them.
    let lastContent = end;
    while (lastContent > start && this.lines[lastContent - 1].raw.trim() === '') lastContent--;
    const body = this.lines.slice(start, lastContent).map((l) => (l.raw.trim() === '' ? '' : l.raw.slice(contentIndent)));
    this.i = end;
    if (m![1] === '>') {
      if (body.some((l) => l.startsWith(' ') || l.startsWith('\t'))) giveUp(); // more-indented folded lines
      const parts: string[] = [];
      let para = '';
      let blanks = 0;
      for (const l of body) {
        if (l === '') {
          blanks++;
          continue;
        }
        if (para === '') para = l;
        else if (blanks) {
          parts.push(para + '\n'.repeat(blanks));
          para = l;
        } else para += ' ' + l;
        blanks = 0;
      }
      const text = parts.join('') + para;
      return chomp(text, m![2], end - lastContent, body.length > 0);
    }
    return chomp(body.join('\n'), m![2], end - lastContent, body.length > 0);
  }
}

function chomp(text: string, indicator: string, trailingBlanks: number, hasContent: boolean): string {
  if (!hasContent) return indicator === '+' ? '\n'.repeat(trailingBlanks) : '';
  if (indicator === '-') return text;
  if (indicator === '+') return text + '\n' + '\n'.repeat(trailingBlanks);
  return text + '\n';
}

/**
 * Reads a values file with the fast reader; `undefined` when it uses YAML this reader leaves to the full parser
 * (the caller then parses it fully).
 */
export function readValuesFast(text: string): Record<string, unknown> | undefined {
  try {
    const raw = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    return new Reader(raw.split(/\r?\n/).map(toLine)).read();
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}

/**
 * A one-level flow collection of plain and quoted scalars (`[a, "b c", 1]`, `{a: 1, b: "x"}`), read without the full
 * parser (whose first use costs more than reading a whole values file). Undefined for anything else.
 */
function flatFlow(text: string): unknown[] | Record<string, unknown> | undefined {
  const open = text[0];
  const close = open === '[' ? ']' : '}';
  if (text[text.length - 1] !== close) return undefined;
  const items: string[] = [];
  let item = '';
  let quote = '';
  for (let i = 1; i < text.length - 1; i++) {
    const ch = text[i];
    if (quote) {
      item += ch;
      if (ch === quote) quote = '';
      else if (ch === '\\' && quote === '"') item += text[++i];
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{' || ch === ']' || ch === '}' || ch === '#' || ch === '&' || ch === '*' || ch === '!' || ch === '?') return undefined;
    if (ch === ',') {
      items.push(item.trim());
      item = '';
    } else item += ch;
  }
  items.push(item.trim());
  if (items[items.length - 1] === '') items.pop(); // a trailing comma
  if (items.some((x) => x === '')) return undefined;
  const scalar = (x: string): { value: unknown } | undefined => {
    if (x[0] === '"' || x[0] === "'") {
      const q = readQuoted(x);
      return q.rest.trim() === '' ? { value: q.value } : undefined;
    }
    if (/: |:$|^[-?:|>%@`]/.test(x)) return undefined;
    return { value: resolvePlain(x) };
  };
  if (open === '[') {
    const out: unknown[] = [];
    for (const x of items) {
      const v = scalar(x);
      if (!v) return undefined;
      out.push(v.value);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const x of items) {
    const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^"':][^:]*?)\s*:(?:\s+(.*))?$/.exec(x);
    if (!m) return undefined;
    const k = scalar(m[1]);
    const v = m[2] === undefined ? { value: null } : scalar(m[2]);
    if (!k || !v || typeof k.value !== 'string' || k.value in out) return undefined;
    out[k.value] = v.value;
  }
  return out;
}

/** A top-level key of a values file and the lines that hold it (its key line to the next top-level key). */
export interface TopLevelChunk {
  key: string;
  start: number;
  end: number;
}

/** A key written plainly at column 0, then its colon: the only key lines the chunks are cut at. */
const PLAIN_TOP_KEY = /^([A-Za-z_][A-Za-z0-9_./-]*)[ \t]*:(?:[ \t]|$)/;

/**
 * The top-level keys of a values file with the text each is written in, so that each can be read on its own when
 * first asked for; `undefined` when the file cannot be cut that way with certainty (a key that is not a plain word,
 * YAML 1.1 words such as `on` as keys, duplicate keys, document markers, a sequence or content before the first
 * key): the caller then reads the whole file. An alias of an anchor written under another key needs no check here:
 * read alone, its key's lines hold an alias of an unknown anchor, the fast reader gives up on them, and that key is
 * read from the whole file.
 */
export function topLevelChunks(text: string): TopLevelChunk[] | undefined {
  const chunks: TopLevelChunk[] = [];
  const seen = new Set<string>();
  const line = /^[^\s#][^\r\n]*/gm;
  for (let m = line.exec(text); m; m = line.exec(text)) {
    const s = m[0];
    if (s[0] === '-' && (s.length === 1 || s[1] === ' ' || s[1] === '\t')) {
      if (!chunks.length) return undefined; // a sequence at the root
      continue; // a sequence written at its key's own indent
    }
    const k = PLAIN_TOP_KEY.exec(s);
    if (!k || seen.has(k[1]) || NULLS.has(k[1]) || TRUES.has(k[1]) || FALSES.has(k[1])) return undefined;
    seen.add(k[1]);
    if (chunks.length) chunks[chunks.length - 1].end = m.index;
    else if (!/^(?:[ \t]*(?:#[^\n]*)?\r?\n)*$/.test(text.slice(0, m.index).replace(/^\ufeff/, ''))) return undefined;
    chunks.push({ key: k[1], start: m.index, end: text.length });
  }
  return chunks;
}
