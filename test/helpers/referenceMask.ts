/**
 * The masker as it was first written, character by character: kept as the reference the regular-expression masker
 * in `server/src/engine/documents/templateMask.ts` is held equal to (same masked text, actions, blocks and nesting) on every
 * corpus template and on fuzzed edits.
 */
import type { ActionKeyword, MaskedTemplate, TemplateAction, TemplateBlock } from '../../server/src/engine/documents/templateMask';
import type { Span } from '../../server/src/engine/types';



const BLOCK_KEYWORDS = new Set(['if', 'with', 'range', 'define', 'block']);

/** Finds the end of an action body starting at `i` (just after `{{`): index of the closing `}}`, or -1. */
function findActionClose(text: string, i: number): number {
  const n = text.length;
  // A comment action: `{{/* ... */}}` or `{{- /* ... */ -}}`.
  let j = i;
  if (text[j] === '-' && (text[j + 1] === ' ' || text[j + 1] === '\t' || text[j + 1] === '\n' || text[j + 1] === '\r')) j++;
  while (j < n && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
  if (text.startsWith('/*', j)) {
    const endComment = text.indexOf('*/', j + 2);
    if (endComment < 0) return -1;
    return text.indexOf('}}', endComment + 2);
  }
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 125 /* } */ && text.charCodeAt(i + 1) === 125) return i;
    if (c === 34 /* " */) {
      i++;
      while (i < n && text.charCodeAt(i) !== 34) {
        const d = text.charCodeAt(i);
        if (d === 10) return -1; // an interpreted string cannot span lines: the action is broken
        i += d === 92 /* \ */ ? 2 : 1;
      }
      i++;
      continue;
    }
    if (c === 96 /* ` */) {
      const close = text.indexOf('`', i + 1);
      if (close < 0) return -1;
      i = close + 1;
      continue;
    }
    if (c === 39 /* ' */) {
      // A character constant: '\'' or 'x'.
      const close = text.charCodeAt(i + 1) === 92 ? i + 3 : i + 2;
      if (text.charCodeAt(close) === 39) {
        i = close + 1;
        continue;
      }
    }
    i++;
  }
  return -1;
}

const KEYWORDS = new Set<string>(['if', 'else', 'end', 'range', 'with', 'define', 'block', 'template']);

function keywordOf(body: string): { keyword: ActionKeyword; rest: string } {
  let i = 0;
  const n = body.length;
  while (i < n && isSpace(body.charCodeAt(i))) i++;
  if (body.startsWith('/*', i)) return { keyword: 'comment', rest: '' };
  let j = i;
  while (j < n && body.charCodeAt(j) >= 97 && body.charCodeAt(j) <= 122) j++;
  // A keyword is a whole word: `if` but not `iff` or `if_x` (what `\b` meant).
  const c = body.charCodeAt(j);
  const wordEnds = j === n || !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95 || (c >= 97 && c <= 122));
  if (j > i && wordEnds) {
    const word = body.slice(i, j);
    if (KEYWORDS.has(word)) return { keyword: word as ActionKeyword, rest: body.slice(j).trim() };
  }
  return { keyword: 'expr', rest: body.slice(i).trim() };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x1680 || c === 0x202f || c === 0x205f || c === 0x3000;
}

const SPACES = ' '.repeat(4096);

function spaces(n: number): string {
  return n <= SPACES.length ? SPACES.slice(0, n) : ' '.repeat(n);
}

/**
 * The source with every range blanked to spaces, line breaks kept. Ranges are sorted by start and may nest.
 * Built by concatenation of slices (V8 ropes): much faster than a per-character array for large partials.
 */
function blankRanges(source: string, ranges: Span[]): string {
  let out = '';
  let pos = 0;
  for (const r of ranges) {
    if (r.end <= pos) continue;
    const start = Math.max(pos, r.start);
    out += source.slice(pos, start);
    // Ranges are short (an action): walk them, keeping line breaks.
    let run = start;
    for (let k = start; k < r.end; k++) {
      const c = source.charCodeAt(k);
      if (c === 10 || c === 13) {
        out += spaces(k - run) + source[k];
        run = k + 1;
      }
    }
    out += spaces(r.end - run);
    pos = r.end;
  }
  return out + source.slice(pos);
}

export function referenceMask(source: string): MaskedTemplate {
  const actions: TemplateAction[] = [];
  const blocks: TemplateBlock[] = [];
  if (source.indexOf('{{') < 0) return { source, masked: source, actions, blocks };

  const ranges: Span[] = [];
  const stack: Array<Omit<TemplateBlock, 'end'>> = [];
  let i = 0;
  for (;;) {
    const open = source.indexOf('{{', i);
    if (open < 0) break;
    let bodyStart = open + 2;
    if (source[bodyStart] === '-' && /\s/.test(source[bodyStart + 1] ?? '')) bodyStart++;
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
      if (source[bodyEnd - 1] === '-' && /\s/.test(source[bodyEnd - 2] ?? '')) bodyEnd--;
    }
    const body = source.slice(bodyStart, bodyEnd);
    const { keyword, rest } = keywordOf(body);
    actions.push({ start: open, end, keyword, body, unclosed });
    ranges.push({ start: open, end });

    if (BLOCK_KEYWORDS.has(keyword)) {
      stack.push({ keyword: keyword as TemplateBlock['keyword'], condition: rest, openStart: open, start: end });
    } else if (keyword === 'else') {
      const b = stack[stack.length - 1];
      if (b) {
        const m = /^(if|with)\b\s*([\s\S]*)$/.exec(rest);
        (b.elses ??= []).push({ at: open, start: end, keyword: m ? (m[1] as 'if' | 'with') : 'else', condition: m ? m[2].trim() : '' });
      }
    } else if (keyword === 'end') {
      const b = stack.pop();
      if (b) {
        blocks.push({ ...b, end: open });
        // `define` prints nothing where it stands: its body is not part of this file's output.
        if (b.keyword === 'define') ranges.push({ start: b.start, end: open });
      }
    }
    i = end;
  }
  while (stack.length) {
    const b = stack.pop()!;
    blocks.push({ ...b, end: source.length });
  }
  blocks.sort((a, b) => a.openStart - b.openStart);
  ranges.sort((a, b) => a.start - b.start);
  return { source, masked: blankRanges(source, ranges), actions, blocks };
}
