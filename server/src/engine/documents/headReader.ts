/**
 * A fast reader for what hook extraction needs from a document: top-level `kind`, `metadata` (`name`,
 * `generateName`, `annotations`) and `spec` (its first key and `restartPolicy`, for Pods). Nearly every chart writes
 * these as plain block YAML, one `key: value` per line; for that shape this builds the nodes `parseDocument` gives
 * (same values, styles and ranges; as plain `HeadNode` objects, which `headNodeOf` also makes of the parser's nodes),
 * an order of magnitude faster, and skips every other block by its indentation without reading it. On anything it
 * cannot read with certainty (flow collections, anchors, aliases, tags, block or multi-line scalars, merge keys and
 * odd indentation, where they matter) it answers undefined and the caller parses with `yaml`. A differential test
 * holds the two readers equal over the corpus and fuzzed edits.
 */
import { isMap, isScalar, isSeq, parse, type Scalar } from 'yaml';

/**
 * The part of a YAML node extraction reads. Plain objects: the `yaml` classes define a property per node in their
 * constructor, which made building them the largest cost of reading a hook document.
 */
export type HeadNode = HeadScalar | HeadMap | HeadOther;

export interface HeadScalar {
  readonly node: 'scalar';
  value: unknown;
  /** As `yaml` gives it: value start, value end, node end (after comments). */
  range: [number, number, number] | undefined;
  type: Scalar.Type | undefined;
}

export interface HeadMap {
  readonly node: 'map';
  items: HeadPair[];
  range: [number, number, number] | undefined;
}

/** A sequence, a map below what extraction reads, an alias: only its extent matters. */
export interface HeadOther {
  readonly node: 'collection' | 'other';
  range: [number, number, number] | undefined;
}

export interface HeadPair {
  key: HeadNode | null;
  value: HeadNode | null;
}

/** Maps are read down to an annotation's value: deeper maps only count as collections. */
const READ_DEPTH = 3;

/** The parser's node as a `HeadNode`: maps to the depth extraction reads, everything below as its extent. */
export function headNodeOf(node: unknown, depth = 0): HeadNode | null {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) return { node: 'scalar', value: node.value, range: node.range ?? undefined, type: node.type };
  if (isMap(node)) {
    if (depth >= READ_DEPTH) return { node: 'collection', range: node.range ?? undefined };
    return {
      node: 'map',
      items: node.items.map((p) => ({ key: headNodeOf(p.key, READ_DEPTH), value: headNodeOf(p.value, depth + 1) })),
      range: node.range ?? undefined,
    };
  }
  const range = (node as { range?: [number, number, number] | null }).range ?? undefined;
  return { node: isSeq(node) ? 'collection' : 'other', range };
}

function newMap(): HeadMap {
  return { node: 'map', items: [], range: undefined };
}

/** What a map's keys are read for. */
type Level = 'root' | 'metadata' | 'annotations' | 'spec';

interface Frame {
  level: Level;
  /** Indent of this map's keys; -1 until its first key is seen. */
  indent: number;
  /** Indent of the key that holds this map (-1 for the root). */
  parentIndent: number;
  map: HeadMap;
}

/** The key line just read, and what may follow it at a deeper indent. */
interface Last {
  indent: number;
  /** Its value is written inline on the key line (a deeper line would continue it). */
  inline: boolean;
  /** Lines below it are a value nobody reads: skipped unseen. */
  skip: boolean;
  /** A block value below it is read: its frame. */
  opens?: Level;
  pair?: HeadPair;
  /** No value on the key line: a sequence may follow at the key's own indent. */
  empty?: boolean;
  /** A sequence at the key's own indent has begun. */
  inSequence?: boolean;
  /** Indent of the first line of a skipped block: its other lines sit no shallower. */
  blockIndent?: number;
}

/** YAML 1.1 plain words that are booleans or null; every other plain scalar starting with a letter is a string. */
const YAML11_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'null', 'Null', 'NULL']);

/** `/^[-+]?[A-Za-z_/]/` by character codes: it runs for every key and value of every hook document. */
function startsWithWord(raw: string): boolean {
  let c = raw.charCodeAt(0);
  if (c === 45 /* - */ || c === 43 /* + */) c = raw.charCodeAt(1);
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 /* _ */ || c === 47 /* / */;
}
const resolved = new Map<string, { value: unknown } | undefined>();

/**
 * A scalar's value as YAML 1.1 gives it, or undefined when the text is not one plain or quoted scalar. Strings that
 * can be nothing else (a letter after an optional sign; quotes without escapes) are answered at once; the rest
 * (numbers, timestamps, escapes) by the parser, remembered.
 */
function scalarValue(raw: string): { value: unknown } | undefined {
  const c = raw[0];
  if (c === '"' && raw.indexOf('\\') < 0) return { value: raw.slice(1, -1) };
  if (c === "'") return { value: raw.slice(1, -1).replace(/''/g, "'") };
  if (startsWithWord(raw) && !(raw.length <= 5 && YAML11_WORDS.has(raw))) return { value: raw };
  if (resolved.has(raw)) return resolved.get(raw);
  let out: { value: unknown } | undefined;
  try {
    const v: unknown = parse(raw, { version: '1.1', uniqueKeys: false });
    out = v !== null && typeof v === 'object' && !(v instanceof Date) ? undefined : { value: v };
  } catch {
    out = undefined;
  }
  if (resolved.size > 5000) resolved.clear();
  resolved.set(raw, out);
  return out;
}

function scalar(value: unknown, start: number, end: number, nodeEnd: number, type: Scalar.Type): HeadScalar {
  return { node: 'scalar', value, range: [start, end, nodeEnd], type };
}

/** A quoted scalar starting at `i` of `line`: the index after its closing quote, or -1 when it does not close there. */
function quotedEnd(line: string, i: number): number {
  const q = line[i];
  for (let k = i + 1; k < line.length; k++) {
    const c = line[k];
    if (q === '"' && c === '\\') k++;
    else if (c === q) {
      if (q === "'" && line[k + 1] === "'") k++;
      else return k + 1;
    }
  }
  return -1;
}

/**
 * What the inline value starting at `v` is, when the parser reads it alone on its line: a closed quoted scalar, a
 * plain scalar (no `: `, no indicator first), a flow collection closed on the line, or a block scalar header (its
 * lines follow). Undefined for anything else (anchors, aliases, tags, unclosed quotes or brackets).
 */
function inlineShape(line: string, v: number): 'quoted' | 'plain' | 'flow' | 'block' | undefined {
  const c = line[v];
  if (c === '"' || c === "'") {
    const end = quotedEnd(line, v);
    return end >= 0 && restIsComment(line, end) ? 'quoted' : undefined;
  }
  if (c === '[' || c === '{') {
    const end = flowEnd(line, v);
    return end >= 0 && restIsComment(line, end) ? 'flow' : undefined;
  }
  if (c === '|' || c === '>') return /^[|>][-+0-9]*[ ]*(?:#.*)?$/.test(line.slice(v)) ? 'block' : undefined;
  if (']}&*!%@`,#'.includes(c)) return undefined;
  if ((c === '-' || c === '?' || c === ':') && (v + 1 === line.length || line[v + 1] === ' ')) return undefined;
  let end = line.length;
  const hash = line.indexOf(' #', v);
  if (hash >= 0) end = hash;
  while (line[end - 1] === ' ') end--;
  const raw = line.slice(v, end);
  return raw.includes(': ') || raw.endsWith(':') || raw.includes('\t') ? undefined : 'plain';
}

/** The index after the bracket that closes the flow collection opening at `i`, or -1 when it does not close there. */
function flowEnd(line: string, i: number): number {
  let depth = 0;
  for (let k = i; k < line.length; k++) {
    const c = line[k];
    if (c === '"' || c === "'") {
      const e = quotedEnd(line, k);
      if (e < 0) return -1;
      k = e - 1;
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      if (--depth === 0) return k + 1;
    } else if (c === '#' && line[k - 1] === ' ') return -1;
  }
  return -1;
}

/** After a scalar ending at `i`: only blanks, or blanks then a comment. */
function restIsComment(line: string, i: number): boolean {
  let k = i;
  while (line[k] === ' ') k++;
  return k === line.length || (line[k] === '#' && k > i);
}

function crBefore(text: string, from: number, end: number): boolean {
  const cr = text.indexOf('\r', from);
  return cr >= 0 && cr < end;
}

/** The children a level reads a value of; every other key's value is skipped. */
function childLevel(level: Level, key: string): Level | 'scalar' | 'skip' {
  switch (level) {
    case 'root':
      return key === 'kind' ? 'scalar' : key === 'metadata' ? 'metadata' : key === 'spec' ? 'spec' : 'skip';
    case 'metadata':
      return key === 'name' || key === 'generateName' ? 'scalar' : key === 'annotations' ? 'annotations' : 'skip';
    case 'annotations':
      return 'scalar';
    case 'spec':
      return key === 'restartPolicy' ? 'scalar' : 'skip';
  }
}

/**
 * The document's head as head nodes (only the keys extraction reads); null when it holds no content at all (blanks
 * and comments: no map); undefined when the full parser must decide. `text` is one masked document (template
 * actions are blanks).
 */
export function readHead(text: string): HeadMap | null | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  const root = newMap();
  const frames: Frame[] = [{ level: 'root', indent: -1, parentIndent: -1, map: root }];
  let last: Last | undefined;
  /** Block keys read as maps: null again when no line comes below them, as the parser reads them. */
  const pendingNull = new Map<HeadPair, HeadScalar>();
  let pos = 0;
  const n = text.length;
  /** Whether a line may hold a carriage return (other than the one ending it): such lines are left to the parser. */
  const hasCr = text.indexOf('\r') >= 0;
  while (pos <= n) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = n;
    const lineStart = pos;
    let lineEnd = nl;
    if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    pos = nl + 1;
    // Most lines sit in blocks nobody reads: they are looked at in place, and only key lines are cut out.
    let k = lineStart;
    while (k < lineEnd && text.charCodeAt(k) === 32) k++;
    if (k === lineEnd) continue; // blank (or a masked action)
    const indent = k - lineStart;
    const firstCode = text.charCodeAt(k);
    if (firstCode === 35 /* # */) continue;
    if (firstCode === 9 /* tab */ || (hasCr && crBefore(text, k, lineEnd))) return undefined;

    // A line below the last key: part of its value.
    if (last && indent > last.indent) {
      if (last.inline) return undefined; // a multi-line scalar
      if (last.skip) {
        // Inside a block nobody reads: its lines only need to stay inside it.
        if (last.blockIndent === undefined) {
          last.blockIndent = indent;
          if (!last.inSequence) last.empty = false; // a block map below the key: no sequence after it
        }
        else if (indent < last.blockIndent) return undefined;
        continue;
      }
      if (!last.opens) return undefined; // a block where a scalar is read
      frames.push({ level: last.opens, indent: -1, parentIndent: last.indent, map: last.pair!.value as HeadMap });
      last = undefined;
    } else if (last?.skip && last.empty && indent === last.indent && firstCode === 45 /* - */ && (k + 1 === lineEnd || text.charCodeAt(k + 1) === 32)) {
      last.inSequence = true;
      continue; // a skipped key's sequence written at the key's own indent
    }
    const line = text.slice(lineStart, lineEnd);
    const first = line[indent];

    // Which map this key belongs to.
    let frame = frames[frames.length - 1];
    while (frame.indent >= 0 && indent < frame.indent) {
      frames.pop();
      frame = frames[frames.length - 1];
    }
    if (frame.indent < 0) {
      if (indent <= frame.parentIndent || (frame.level === 'root' && indent !== 0)) return undefined;
      frame.indent = indent;
    } else if (indent !== frame.indent) return undefined;

    // key
    let keyEnd: number;
    let keyText: string;
    let colon: number;
    if (first === '"' || first === "'") {
      keyEnd = quotedEnd(line, indent);
      if (keyEnd < 0) return undefined;
      keyText = line.slice(indent, keyEnd);
      if (first === '"' && keyText.includes('\\')) return undefined;
      colon = keyEnd;
      while (line[colon] === ' ') colon++;
      if (line[colon] !== ':') return undefined;
    } else {
      if ('-?:,[]{}&*!|>%@`'.includes(first)) return undefined;
      colon = -1;
      for (let k = indent + 1; k < line.length; k++) {
        const c = line[k];
        if (c === '#' && line[k - 1] === ' ') return undefined;
        if (c === ':' && (k + 1 === line.length || line[k + 1] === ' ')) {
          colon = k;
          break;
        }
      }
      if (colon < 0) return undefined;
      keyEnd = colon;
      while (line[keyEnd - 1] === ' ') keyEnd--;
      keyText = line.slice(indent, keyEnd);
    }
    if (colon + 1 < line.length && line[colon + 1] !== ' ') return undefined;
    const keyValue = scalarValue(keyText);
    if (!keyValue || keyText === '<<') return undefined;
    const key = scalar(keyValue.value, lineStart + indent, lineStart + keyEnd, lineStart + keyEnd, first === '"' ? 'QUOTE_DOUBLE' : first === "'" ? 'QUOTE_SINGLE' : 'PLAIN');
    const wants = childLevel(frame.level, String(keyValue.value));

    // value
    let v = colon + 1;
    while (line[v] === ' ') v++;
    const empty = v === line.length || line[v] === '#';
    if (empty) {
      const value = wants === 'scalar' || wants === 'skip' ? scalar(null, lineStart + v, lineStart + v, lineStart + v, 'PLAIN') : newMap();
      const pair: HeadPair = { key, value };
      frame.map.items.push(pair);
      last = { indent, inline: false, empty: true, skip: wants === 'skip', opens: wants === 'scalar' || wants === 'skip' ? undefined : wants, pair };
      if (wants !== 'scalar' && wants !== 'skip') {
        pendingNull.set(pair, scalar(null, lineStart + v, lineStart + v, lineStart + v, 'PLAIN'));
      }
      continue;
    }
    if (wants !== 'scalar') {
      if (wants === 'spec' && line.slice(v).trimEnd() === '{}') {
        frame.map.items.push({ key, value: newMap() });
        last = { indent, inline: true, skip: true };
        continue;
      }
      if (wants !== 'skip') return undefined; // an inline map where one is read (`metadata: {a: b}`)
      // A value nobody reads must still be one the parser reads alone: an error in it changes what it recovers.
      const shape = inlineShape(line, v);
      if (!shape) return undefined;
      frame.map.items.push({ key, value: null });
      last = { indent, inline: shape !== 'block', skip: true };
      continue;
    }
    const shape = inlineShape(line, v);
    if (shape !== 'quoted' && shape !== 'plain') return undefined;
    let end = line.length;
    if (shape === 'quoted') end = quotedEnd(line, v);
    else {
      const hash = line.indexOf(' #', v);
      if (hash >= 0) end = hash;
      while (line[end - 1] === ' ') end--;
    }
    const raw = line.slice(v, end);
    const parsed = scalarValue(raw);
    if (!parsed) return undefined;
    const c = line[v];
    const value = scalar(parsed.value, lineStart + v, lineStart + end, lineStart + end, c === '"' ? 'QUOTE_DOUBLE' : c === "'" ? 'QUOTE_SINGLE' : 'PLAIN');
    const pair: HeadPair = { key, value };
    frame.map.items.push(pair);
    last = { indent, inline: true, skip: false, pair };
  }
  // Block keys that never got a line below them hold null, as the parser reads them.
  for (const [pair, nullValue] of pendingNull) if ((pair.value as HeadMap).items.length === 0) pair.value = nullValue;
  return root.items.length ? root : null;
}
