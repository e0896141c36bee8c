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
import { isGoMap, type GoValue } from '../render/goValue';
import { parseYamlInto, readYamlOutline, resolvePlain, type YamlOutline, type YamlOutlineNode, type YamlPosition, type YamlTarget } from '../render/yaml/goYaml';
import { structField } from '../helmFacts';
import { formatFloat } from '../render/yaml/json';

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

// ---- the head as Helm reads it ----------------------------------------------------------------------------------

/**
 * manifest_sorter.go's SimpleHead as sigs.k8s.io/yaml fills it (plus `metadata.namespace`, which Kubernetes reads the
 * same way when the object is applied): YAML ints, floats and bools written where a string is expected become that
 * string (`name: 007` reads "7", `helm.sh/hook-weight: 1e1` reads "10").
 */
const SIMPLE_HEAD: YamlTarget = {
  struct: {
    apiVersion: 'string',
    kind: 'string',
    metadata: { struct: { name: 'string', namespace: 'string', annotations: { map: 'string' } } },
  },
};

/** One key of a mapping as go-yaml's decoder leaves it: the last assignment wins. */
export interface EffectiveEntry {
  key: string;
  /** The key node of the assignment that wins. */
  keyNode: YamlOutlineNode;
  /** Its value, aliases followed. */
  value: YamlOutlineNode;
  /** Written in the map itself, brought in by a merge key `<<`, or the value (or the whole map) is an alias. */
  origin: 'own' | 'merge' | 'alias';
  /** Earlier assignments of the same key that this one replaced (a duplicate key, or a merge it overrides). */
  replaced: Array<{ keyNode: YamlOutlineNode; value: YamlOutlineNode; origin: 'own' | 'merge' | 'alias' }>;
}

/** An alias's target (aliases of aliases followed). */
export function derefNode(n: YamlOutlineNode): YamlOutlineNode {
  let x = n;
  for (let i = 0; x.kind === 'alias' && i < 64; i++) x = x.target;
  return x;
}

/** sigs.k8s.io/yaml's map key text of a scalar key (decode.go value, then convertToJSONableObject). */
function keyText(k: YamlOutlineNode): string | undefined {
  const n = derefNode(k);
  if (n.kind !== 'scalar') return undefined;
  switch (n.tag) {
    case 'str':
    case 'timestamp':
    case 'merge':
      return n.value;
    case 'bool':
      return resolvePlain(n.value).value === true ? 'true' : 'false';
    case 'int':
      return String(resolvePlain(n.value).value);
    case 'float': {
      const s = formatFloat(resolvePlain(n.value).value as number, 'g', 32);
      return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
    }
    default:
      return n.tag === 'null' ? undefined : n.value;
  }
}

function isMergeKey(k: YamlOutlineNode): boolean {
  return k.kind === 'scalar' && k.value === '<<' && (k.plain || k.tag === 'merge');
}

/**
 * A mapping's keys as go-yaml v2 assigns them (decode.go: mapping, merge): pairs in order, each assignment replacing
 * the earlier one, `<<` merging a map (or a list of maps, the last first so the earlier ones win) at its place — so
 * in v2 a merge also overrides keys written before it. Undefined when `node` is not a mapping.
 */
export function effectiveMap(node: YamlOutlineNode): Map<string, EffectiveEntry> | undefined {
  const root = derefNode(node);
  if (root.kind !== 'mapping') return undefined;
  const out = new Map<string, EffectiveEntry>();
  const seen = new Set<YamlOutlineNode>();
  const assign = (m: YamlOutlineNode, origin: 'own' | 'merge' | 'alias', depth: number): void => {
    if (m.kind !== 'mapping' || seen.has(m) || depth > 32) return;
    seen.add(m);
    for (const { key, value } of m.pairs) {
      if (isMergeKey(key)) {
        const v = derefNode(value);
        const maps = v.kind === 'sequence' ? v.items.slice().reverse() : [v];
        for (const x of maps) assign(derefNode(x), 'merge', depth + 1);
        continue;
      }
      const k = keyText(key);
      if (k === undefined) continue;
      const how = origin !== 'own' ? origin : value.kind === 'alias' ? 'alias' : 'own';
      const prev = out.get(k);
      const entry: EffectiveEntry = { key: k, keyNode: key, value: derefNode(value), origin: how, replaced: [] };
      if (prev) entry.replaced.push(...prev.replaced, { keyNode: prev.keyNode, value: prev.value, origin: prev.origin });
      out.delete(k);
      out.set(k, entry);
    }
    seen.delete(m);
  };
  assign(root, node.kind === 'alias' ? 'alias' : 'own', 0);
  return out;
}

export interface HelmHead {
  kind: string;
  name: string;
  namespace: string;
  /** metadata.annotations as Helm's map[string]string (null when absent or null). */
  annotations: Map<string, string> | null;
  /** The same keys with the nodes that give them (for types, positions and where they came from). */
  annotationNodes: Map<string, EffectiveEntry>;
  /** The name and namespace nodes, when written. */
  nameEntry?: EffectiveEntry;
  namespaceEntry?: EffectiveEntry;
  /** The first document's explicit end (`...`): text after it is never read. */
  end?: YamlPosition;
  outline: YamlOutlineNode | null;
}

/**
 * One rendered document as Helm's manifest sorter reads it: sigs.k8s.io/yaml.Unmarshal of the first YAML document
 * into SimpleHead (goYaml.ts is the port), with the node tree beside it for positions and origins. Undefined when
 * Helm could not read it (a syntax error, a list where a string belongs: Helm then fails the whole render).
 */
export function readHelmHead(text: string): HelmHead | undefined {
  let value: GoValue;
  let outline: YamlOutline;
  try {
    value = parseYamlInto(text, SIMPLE_HEAD);
    outline = readYamlOutline(text);
  } catch {
    return undefined;
  }
  const head: HelmHead = { kind: '', name: '', namespace: '', annotations: null, annotationNodes: new Map(), end: outline.end, outline: outline.root };
  if (value === null) return head;
  if (!isGoMap(value)) return undefined;
  const str = (m: Map<string, GoValue>, field: string): string | undefined => {
    const hit = structField(m, field);
    if (!hit) return '';
    const v = hit.entry;
    return v === null ? '' : typeof v === 'string' ? v : undefined;
  };
  const kind = str(value, 'kind');
  if (kind === undefined) return undefined;
  head.kind = kind;
  const md = structField(value, 'metadata')?.entry;
  const top = outline.root ? effectiveMap(outline.root) : undefined;
  const mdNode = top ? structField(top, 'metadata')?.entry.value : undefined;
  const mdEntries = mdNode ? effectiveMap(mdNode) : undefined;
  if (md !== undefined && md !== null) {
    if (!isGoMap(md)) return undefined;
    const name = str(md, 'name');
    const namespace = str(md, 'namespace');
    if (name === undefined || namespace === undefined) return undefined;
    head.name = name;
    head.namespace = namespace;
    head.nameEntry = mdEntries ? structField(mdEntries, 'name')?.entry : undefined;
    head.namespaceEntry = mdEntries ? structField(mdEntries, 'namespace')?.entry : undefined;
    const ann = structField(md, 'annotations')?.entry;
    if (ann !== undefined && ann !== null) {
      if (!isGoMap(ann)) return undefined;
      const m = new Map<string, string>();
      for (const [k, v] of ann) {
        if (v !== null && typeof v !== 'string') return undefined;
        m.set(k, v ?? '');
      }
      head.annotations = m;
      const annNode = mdEntries ? structField(mdEntries, 'annotations')?.entry : undefined;
      const nodes = annNode ? effectiveMap(annNode.value) : undefined;
      if (nodes) {
        for (const [k, e] of nodes) {
          if (annNode!.origin === 'alias') e.origin = 'alias';
          if (m.has(k)) head.annotationNodes.set(k, e);
        }
      }
    }
  }
  return head;
}
