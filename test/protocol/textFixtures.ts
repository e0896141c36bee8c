/**
 * Text helpers for the protocol tests: caret-marked fixtures (`'helm.sh/hook: pre-|'` is text and cursor in one
 * string), indented template literals, and applying the edits a server returns the way an editor does.
 */
import { LineIndex, type Position, type Range, type TextEdit } from '../../server/src/engine';

/** Strips the common indentation of a template literal and its first line break, so fixtures can sit indented. */
export function dedent(strings: TemplateStringsArray, ...values: unknown[]): string {
  let text = strings[0];
  values.forEach((v, i) => (text += String(v) + strings[i + 1]));
  text = text.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '\n');
  const lines = text.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^ */.exec(l)![0].length))).join('\n');
}

/** The text without its single `|` caret, and the caret's position. */
export function caret(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf('|');
  if (offset < 0 || marked.indexOf('|', offset + 1) >= 0) throw new Error(`fixture needs exactly one caret: ${marked}`);
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { text, position: new LineIndex(text).positionAt(offset) };
}

export function textAt(text: string, range: Range): string {
  const li = new LineIndex(text);
  return text.slice(li.offsetAt(range.start), li.offsetAt(range.end));
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  const li = new LineIndex(text);
  const spans = edits
    .map((e) => ({ start: li.offsetAt(e.range.start), end: li.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}
