/**
 * Go template actions are blanked to spaces (line breaks kept), so YAML offsets in the masked text map 1:1 onto
 * the source. What an action would print is unknown: a value that overlaps an action is *dynamic*, never missing.
 * Block actions (`if`, `with`, `range`, `define`, `block`) are matched with their `end` so a hook inside them can be
 * marked *conditional*, and `define` bodies (which print nothing where they stand) are blanked whole.
 */
import { firstIndex } from './bisect';
import type { Span } from '../types';

export type ActionKeyword =
  | 'if'
  | 'else'
  | 'end'
  | 'range'
  | 'with'
  | 'define'
  | 'block'
  | 'template'
  | 'comment'
  | 'expr';

export interface TemplateAction extends Span {
  keyword: ActionKeyword;
  /** The text between the delimiters and trim markers. */
  body: string;
  /** The action has no closing `}}` (half-typed): it was masked to the end of its line. */
  unclosed: boolean;
}

export interface TemplateBlock {
  keyword: 'if' | 'with' | 'range' | 'define' | 'block';
  /** The opening action's body after the keyword, e.g. `.Values.migrations.enabled`. */
  condition: string;
  /** Offset where the opening action starts. */
  openStart: number;
  /** Offset just after the opening action. */
  start: number;
  /** Offset where the closing `end` action starts (text end when unclosed). */
  end: number;
  /**
   * The `{{ else }}` / `{{ else if X }}` / `{{ else with X }}` actions of this block, in order. Text after the
   * n-th one runs only when the opening condition and the n-1 earlier branches were false.
   */
  elses?: ElseBranch[];
}

export interface ElseBranch {
  /** Offset where the `else` action starts. */
  at: number;
  /** Offset just after it. */
  start: number;
  /** `else` alone, or the keyword of `else if` / `else with`. */
  keyword: 'else' | 'if' | 'with';
  /** The condition of `else if` / `else with`; empty for a plain `else`. */
  condition: string;
}

export interface MaskedTemplate {
  source: string;
  masked: string;
  actions: TemplateAction[];
  blocks: TemplateBlock[];
}

const BLOCK_KEYWORDS = new Set(['if', 'with', 'range', 'define', 'block']);

/*
 * An action's end is found by the regular-expression engine, not character by character in JavaScript: a chart is
 * masked once when it is opened, in a process whose JavaScript still runs in V8's interpreter, and native scans keep
 * that first analysis fast. Each expression is sticky or global and positioned with `lastIndex`.
 */
/** What can end an action or hide a `}}`: the closing delimiters, or the start of a string or character constant. */
const ACTION_TOKEN = /\}\}|["`']/g;
/** An interpreted string closed on its line (a backslash escapes any character, a line break included). */
const DOUBLE_QUOTED = /"(?:[^"\\\n]|\\[\s\S])*"/y;
/** A character constant: `'x'` or `'\x'`. */
const CHAR_CONSTANT = /'(?:\\[\s\S]|[^\\])'/y;
const ELSE_KEYWORD = /^(if|with)\b\s*([\s\S]*)$/;

/** Finds the end of an action body starting at `i` (just after `{{`): index of the closing `}}`, or -1. */
function findActionClose(text: string, i: number): number {
  // A comment action: `{{/* ... */}}` or `{{- /* ... */ -}}`.
  let j = i;
  if (text.charCodeAt(j) === 45 /* - */ && isBlank(text.charCodeAt(j + 1))) j++;
  while (isBlank(text.charCodeAt(j))) j++;
  if (text.charCodeAt(j) === 47 /* / */ && text.charCodeAt(j + 1) === 42 /* * */) {
    const endComment = text.indexOf('*/', j + 2);
    if (endComment < 0) return -1;
    return text.indexOf('}}', endComment + 2);
  }
  for (;;) {
    // `test` rather than `exec`: no match object per token; the token is the last character matched.
    ACTION_TOKEN.lastIndex = i;
    if (!ACTION_TOKEN.test(text)) return -1;
    const at = ACTION_TOKEN.lastIndex - 1;
    const c = text.charCodeAt(at);
    if (c === 125 /* } */) return at - 1;
    if (c === 34 /* " */) {
      DOUBLE_QUOTED.lastIndex = at;
      if (!DOUBLE_QUOTED.test(text)) return -1; // a line break or the end of the text inside a string: broken
      i = DOUBLE_QUOTED.lastIndex;
    } else if (c === 96 /* ` */) {
      const close = text.indexOf('`', at + 1);
      if (close < 0) return -1;
      i = close + 1;
    } else {
      CHAR_CONSTANT.lastIndex = at;
      i = CHAR_CONSTANT.test(text) ? CHAR_CONSTANT.lastIndex : at + 1;
    }
  }
}

/** Space, tab or a line break: what may follow a trim marker. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

const KEYWORDS = new Set<string>(['if', 'else', 'end', 'range', 'with', 'define', 'block', 'template']);

/** Where the keyword `keywordOf` found last ends (set by each call: no result object per action). */
let wordEnd = 0;

/** The keyword an action body starts with (after blanks), `comment`, or `expr`; sets `wordEnd` to where it ends. */
function keywordOf(source: string, from: number, to: number): ActionKeyword {
  let i = from;
  while (i < to && isSpaceAt(source, i)) i++;
  const c = source.charCodeAt(i);
  wordEnd = i;
  if (c === 47 /* / */ && source.charCodeAt(i + 1) === 42 /* * */ && i + 1 < to) return 'comment';
  if (c < 97 || c > 122 || i >= to) return 'expr';
  let j = i + 1;
  while (j < to && j - i <= 8) {
    const d = source.charCodeAt(j);
    if (d < 97 || d > 122) break;
    j++;
  }
  // A keyword is a whole word: `if` but not `iff` or `if_x` (what `\b` meant).
  const d = j < to ? source.charCodeAt(j) : -1;
  const wordEnds = !((d >= 48 && d <= 57) || (d >= 65 && d <= 90) || d === 95 || (d >= 97 && d <= 122));
  if (wordEnds && j - i <= 8) {
    const word = source.slice(i, j);
    if (KEYWORDS.has(word)) {
      wordEnd = j;
      return word as ActionKeyword;
    }
  }
  return 'expr';
}

/**
 * The source with every action and every `define` body blanked to spaces, line breaks kept. Written into a copy of
 * the text's UTF-16 code units (native copies and fills) rather than by concatenating slices: one flat string, and
 * no string per action.
 */
function blankRanges(source: string, actions: TemplateAction[], bodies: Span[]): string {
  const bytes = Buffer.from(source, 'utf16le');
  const units = new Uint16Array(bytes.buffer, bytes.byteOffset, source.length);
  const hasCr = source.indexOf('\r') >= 0;
  let nextNl = -1;
  let nextCr = hasCr ? -1 : source.length;
  /** Blanks `[start, end)`, restoring its line breaks; ranges come in order of start. */
  const blank = (start: number, end: number) => {
    units.fill(32, start, end);
    for (;;) {
      if (nextNl < start) {
        nextNl = source.indexOf('\n', start);
        if (nextNl < 0) nextNl = source.length;
      }
      if (nextCr < start) {
        nextCr = source.indexOf('\r', start);
        if (nextCr < 0) nextCr = source.length;
      }
      const br = nextNl < nextCr ? nextNl : nextCr;
      if (br >= end) return;
      units[br] = br === nextNl ? 10 : 13;
      start = br + 1;
    }
  };
  for (const a of actions) blank(a.start, a.end);
  if (bodies.length) {
    bodies.sort((x, y) => x.start - y.start);
    nextNl = -1;
    nextCr = hasCr ? -1 : source.length;
    let pos = 0;
    for (const r of bodies) {
      if (r.end <= pos) continue;
      blank(Math.max(pos, r.start), r.end);
      pos = r.end;
    }
  }
  return bytes.toString('utf16le');
}

export function maskTemplate(source: string): MaskedTemplate {
  const actions: TemplateAction[] = [];
  const blocks: TemplateBlock[] = [];
  if (source.indexOf('{{') < 0) return { source, masked: source, actions, blocks };

  /** `define` bodies (blanked whole), in the order their `end` closes them. */
  const defineBodies: Span[] = [];
  /** Open blocks: their index in `blocks`, which holds them in opening order (their `end` is set when they close). */
  const stack: number[] = [];
  const parents: number[] = [];
  let i = 0;
  for (;;) {
    const open = source.indexOf('{{', i);
    if (open < 0) break;
    let bodyStart = open + 2;
    if (source.charCodeAt(bodyStart) === 45 /* - */ && isSpaceAt(source, bodyStart + 1)) bodyStart++;
    const close = findActionClose(source, bodyStart);
    let end: number;
    let unclosed = false;
    let bodyEnd: number;
    if (close < 0) {
      // Half-typed action: mask to the end of the line so the rest of the file stays analysable.
      const nl = source.indexOf('\n', open);
      end = nl < 0 ? source.length : nl;
      bodyEnd = end;
      unclosed = true;
    } else {
      end = close + 2;
      bodyEnd = close;
      if (source.charCodeAt(bodyEnd - 1) === 45 /* - */ && isSpaceAt(source, bodyEnd - 2)) bodyEnd--;
    }
    const keyword = keywordOf(source, bodyStart, bodyEnd);
    actions.push({ start: open, end, keyword, body: source.slice(bodyStart, bodyEnd), unclosed });
    if (keyword === 'expr' || keyword === 'comment') {
      // nothing to nest
    } else if (BLOCK_KEYWORDS.has(keyword)) {
      parents.push(stack.length ? stack[stack.length - 1] : -1);
      stack.push(blocks.length);
      const condition = source.slice(wordEnd, bodyEnd).trim();
      blocks.push({ keyword: keyword as TemplateBlock['keyword'], condition, openStart: open, start: end, end: source.length });
    } else if (keyword === 'else') {
      const b = stack.length ? blocks[stack[stack.length - 1]] : undefined;
      if (b) {
        const m = ELSE_KEYWORD.exec(source.slice(wordEnd, bodyEnd).trim());
        (b.elses ??= []).push({ at: open, start: end, keyword: m ? (m[1] as 'if' | 'with') : 'else', condition: m ? m[2].trim() : '' });
      }
    } else if (keyword === 'end') {
      const k = stack.pop();
      if (k !== undefined) {
        const b = blocks[k];
        b.end = open;
        // `define` prints nothing where it stands: its body is not part of this file's output.
        if (b.keyword === 'define') defineBodies.push({ start: b.start, end: open });
      }
    }
    i = end;
  }
  const result: MaskedTemplate = { source, masked: blankRanges(source, actions, defineBodies), actions, blocks };
  blockParents.set(result, Int32Array.from(parents));
  return result;
}

/** `/\s/` on one character of `text` (false past its end). */
function isSpaceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x1680 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** For each block (in `blocks` order), the index of the block it sits in, or -1: blocks nest like the template. */
const blockParents = new WeakMap<MaskedTemplate, Int32Array>();

function parentsOf(m: MaskedTemplate): Int32Array {
  let parents = blockParents.get(m);
  if (parents) return parents;
  parents = new Int32Array(m.blocks.length);
  const open: number[] = [];
  m.blocks.forEach((b, i) => {
    while (open.length && m.blocks[open[open.length - 1]].end <= b.openStart) open.pop();
    parents![i] = open.length ? open[open.length - 1] : -1;
    open.push(i);
  });
  blockParents.set(m, parents);
  return parents;
}

/**
 * The blocks (outermost first) that contain `offset`, excluding `define`/`block` bodies. Blocks nest, so the one
 * that opened last before `offset` is either around it or a sibling of what is: a binary search and a walk up the
 * nesting, not a scan of every block (a long file has thousands).
 */
export function enclosingBlocks(m: MaskedTemplate, offset: number): TemplateBlock[] {
  const bs = m.blocks;
  const lo = firstIndex(bs.length, (i) => bs[i].start > offset);
  const out: TemplateBlock[] = [];
  if (lo === 0) return out;
  const parents = parentsOf(m);
  for (let i = lo - 1; i >= 0; i = parents[i]) {
    const b = bs[i];
    if (b.start <= offset && offset < b.end && b.keyword !== 'define' && b.keyword !== 'block') out.push(b);
  }
  return out.reverse();
}

/** True when any action overlaps `[start, end)`. Actions are sorted by offset. */
export function hasActionIn(m: MaskedTemplate, start: number, end: number): boolean {
  const a = m.actions;
  const lo = firstIndex(a.length, (i) => a[i].end > start);
  return lo < a.length && a[lo].start < end && a[lo].end > start;
}

/**
 * Whether an action that can write text overlaps `[start, end)`: an `end` or a comment writes nothing, so one that
 * closes a block opened further up (`{{- end }}` right after an annotations block) does not make the block dynamic.
 */
export function hasWritingActionIn(m: MaskedTemplate, start: number, end: number): boolean {
  const a = m.actions;
  for (let i = firstIndex(a.length, (k) => a[k].end > start); i < a.length && a[i].start < end; i++) {
    const k = a[i].keyword;
    if (a[i].end > start && k !== 'end' && k !== 'comment') return true;
  }
  return false;
}

/** The actions that overlap `[start, end)`, found by binary search like `hasActionIn`. */
export function actionsIn(m: MaskedTemplate, start: number, end: number): TemplateAction[] {
  const a = m.actions;
  const out: TemplateAction[] = [];
  for (let i = firstIndex(a.length, (k) => a[k].end > start); i < a.length && a[i].start < end; i++) if (a[i].end > start) out.push(a[i]);
  return out;
}
