/**
 * Re-analysis of an edited file that keeps what the edit cannot have changed. A keystroke changes one document of a
 * file; the file's other documents have the same text, the same enclosing `if`/`with`/`range` blocks and the same
 * values, so their analyses are the old ones with every offset moved by the edit's length. A long template (20,000
 * lines, hundreds of hooks) is then masked and split again, but only the edited document is read again.
 */
import type { DocumentAnalysis } from './hookExtraction';
import { shiftDocLine } from './hookOrder';
import type { ManifestDocument } from '../documents/manifestDocuments';
import type { MaskedTemplate, TemplateAction } from '../documents/templateMask';
import type { Span } from '../types';

/** An edit, as the text between the common prefix and the common suffix of the old and the new text. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
  /** newEnd - oldEnd: how far everything after the edit moved. */
  delta: number;
}

export function changeBetween(oldText: string, newText: string): TextChange {
  const max = Math.min(oldText.length, newText.length);
  // Equal chunks compare natively; the character loop only runs inside the chunk that differs.
  const CHUNK = 1024;
  let start = 0;
  while (start + CHUNK <= max && oldText.slice(start, start + CHUNK) === newText.slice(start, start + CHUNK)) start += CHUNK;
  while (start < max && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let tail = 0;
  const room = max - start;
  while (tail + CHUNK <= room && oldText.slice(oldText.length - tail - CHUNK, oldText.length - tail) === newText.slice(newText.length - tail - CHUNK, newText.length - tail)) {
    tail += CHUNK;
  }
  while (tail < room && oldText.charCodeAt(oldText.length - 1 - tail) === newText.charCodeAt(newText.length - 1 - tail)) tail++;
  return { start, oldEnd: oldText.length - tail, newEnd: newText.length - tail, delta: newText.length - oldText.length };
}

const BLOCK_SHAPING = new Set<TemplateAction['keyword']>(['if', 'else', 'end', 'range', 'with', 'define', 'block']);

/**
 * Whether the block structure around the edit is the same before and after it: the actions before the edit are
 * the same, the actions after it are the same moved by `delta`, and those that differ (inside or around the edit)
 * neither open, branch nor close a block nor set a variable. Then every document the edit does not touch sits in
 * the same blocks.
 */
export function sameBlocks(old: MaskedTemplate, now: MaskedTemplate, change: TextChange): boolean {
  const a = old.actions;
  const b = now.actions;
  let head = 0;
  while (head < a.length && head < b.length && a[head].end < change.start && sameAction(a[head], b[head], 0)) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail].start > change.oldEnd &&
    sameAction(a[a.length - 1 - tail], b[b.length - 1 - tail], change.delta)
  ) {
    tail++;
  }
  for (let i = head; i < a.length - tail; i++) if (shapes(a[i])) return false;
  for (let i = head; i < b.length - tail; i++) if (shapes(b[i])) return false;
  return true;
}

/** An action that opens, branches or closes a block, or sets a variable later actions may read. */
function shapes(a: TemplateAction): boolean {
  return BLOCK_SHAPING.has(a.keyword) || a.unclosed || /\$[A-Za-z0-9_]*\s*:?=/.test(a.body);
}

function sameAction(x: TemplateAction, y: TemplateAction, delta: number): boolean {
  return x.start + delta === y.start && x.end + delta === y.end && x.keyword === y.keyword && x.unclosed === y.unclosed && x.body === y.body;
}

/** Offsets in an analysis: span ends, and the two offsets kept alone. */
const OFFSET_KEYS = new Set(['start', 'end', 'contentStart', 'valueTextOffset']);

/**
 * Moves the analysis of an unchanged document to `doc` (the same text, `delta` further on), in place: every offset
 * in it moves once (objects shared inside it, such as a hook's entry that is also one of the annotations, once),
 * and it points at the new document. The old file analysis it belonged to is gone, so nothing else sees the change.
 * (An analysis holds only its own spans, strings and flags: no values or other shared objects.)
 */
export function relocate(a: DocumentAnalysis, doc: ManifestDocument, delta: number, lineDelta = 0): DocumentAnalysis {
  const old = a.doc;
  a.doc = doc;
  shiftDocLine(a, lineDelta);
  if (delta === 0) return a;
  const seen = new Set<object>();
  const move = (v: object): void => {
    if (seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === 'object') move(x);
      return;
    }
    const rec = v as Record<string, unknown>;
    for (const k in rec) {
      const x = rec[k];
      if (typeof x === 'number') {
        if (OFFSET_KEYS.has(k)) rec[k] = x + delta;
      } else if (x !== null && typeof x === 'object' && x !== doc && x !== old) move(x);
    }
  };
  move(a);
  return a;
}

/**
 * The analyses of an edited file's documents: the old analysis, moved, for every document the edit does not touch;
 * `analyze` for the others. Undefined when the file's document or block structure changed (read it all again).
 */
export function reuseAnalyses(
  old: { template: MaskedTemplate; documents: DocumentAnalysis[] },
  now: { template: MaskedTemplate; documents: ManifestDocument[] },
  change: TextChange,
  analyze: (doc: ManifestDocument) => DocumentAnalysis,
  /** The new template was patched from the old one (`remask`): the block structure is the same by construction. */
  patched = false,
): DocumentAnalysis[] | undefined {
  if (old.documents.length !== now.documents.length) return undefined;
  if (!patched && !sameBlocks(old.template, now.template, change)) return undefined;
  const lineDelta = lineBreaks(now.template.source, change.start, change.newEnd) - lineBreaks(old.template.source, change.start, change.oldEnd);
  return now.documents.map((doc, i) => {
    const before = old.documents[i];
    const span = before.doc.span;
    if (doc.span.end < change.start && span.start === doc.span.start && span.end === doc.span.end) return relocate(before, doc, 0);
    if (doc.span.start > change.newEnd && span.start + change.delta === doc.span.start && span.end + change.delta === doc.span.end) {
      return relocate(before, doc, change.delta, lineDelta);
    }
    return analyze(doc);
  });
}

function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The masked template of the edited text, from the old one, when the edit stays in plain text: no action touches
 * it, it makes no new `{{`, and it is not inside a `define` body (blanked whole). Then the masked text is the old one
 * with the edit's text in place, and every action and block after the edit moves by its length. Undefined otherwise
 * (mask the whole text again).
 */
export function remask(old: MaskedTemplate, source: string, change: TextChange): MaskedTemplate | undefined {
  const { start, oldEnd, newEnd, delta } = change;
  if (source.slice(Math.max(0, start - 1), newEnd + 1).includes('{{')) return undefined;
  if (old.source.slice(Math.max(0, start - 1), oldEnd + 1).includes('{{')) return undefined;
  for (const a of old.actions) {
    if (a.start > oldEnd) break;
    if (a.end >= start) return undefined;
  }
  for (const b of old.blocks) {
    if (b.keyword === 'define' && b.start <= oldEnd && start <= b.end) return undefined;
  }
  // The old template is dropped with the old analysis: its actions and blocks move in place (thousands in a long
  // file; copying them cost more than the rest of the edit).
  const at = (p: number) => (p >= oldEnd && p >= start ? p + delta : p);
  if (delta !== 0) {
    for (let i = old.actions.length - 1; i >= 0 && old.actions[i].start >= oldEnd; i--) {
      old.actions[i].start += delta;
      old.actions[i].end += delta;
    }
    for (const b of old.blocks) {
      b.openStart = at(b.openStart);
      b.start = at(b.start);
      b.end = at(b.end);
      if (b.elses) for (const e of b.elses) (e.at = at(e.at)), (e.start = at(e.start));
    }
  }
  return { source, masked: old.masked.slice(0, start) + source.slice(start, newEnd) + old.masked.slice(oldEnd), actions: old.actions, blocks: old.blocks };
}

/**
 * The document spans of the edited masked text, from the old ones, when no line the edit touches starts with `---`
 * before or after it: every other line keeps its text and its place at a line start, so every separator stays.
 * Undefined otherwise (split again).
 */
export function respan(oldSpans: Span[], oldMasked: string, masked: string, change: TextChange): Span[] | undefined {
  const { start, oldEnd, newEnd, delta } = change;
  if (touchesSeparator(oldMasked, start, oldEnd) || touchesSeparator(masked, start, newEnd)) return undefined;
  return oldSpans.map((s) => ({ start: s.start >= oldEnd && s.start > start ? s.start + delta : s.start, end: s.end >= oldEnd ? s.end + delta : s.end }));
}

/** Whether a line overlapping `[from, to]` starts with `---` (Helm's document separator). */
function touchesSeparator(text: string, from: number, to: number): boolean {
  for (let line = text.lastIndexOf('\n', from - 1) + 1; line <= to && line <= text.length; ) {
    if (text.startsWith('---', line)) return true;
    const nl = text.indexOf('\n', line);
    if (nl < 0) break;
    line = nl + 1;
  }
  return false;
}
