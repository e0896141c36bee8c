/**
 * Reads one manifest document the way Helm's `manifest_sorter.go` does: kind, metadata.name and the annotations
 * that make it a hook. Documents that cannot hold a hook (no `helm.sh/` anywhere) are read cheaply, line by line;
 * the others are parsed with `yaml` on the masked text, so every node's offsets are the source's offsets.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, Scalar, type Node, type Pair, YAMLMap } from 'yaml';
import { ANNOTATION, DEFAULT_DELETE_POLICY, goTrimSpace, parseHookWeight, resolveEvent } from './helmFacts';
import type { ManifestDocument } from './manifestDocuments';
import { actionsIn, enclosingBlocks, hasActionIn } from './templateMask';
import type { HookEventName, Span } from './types';

export type ValueKind = 'string' | 'number' | 'bool' | 'null' | 'collection';

export interface AnnotationEntry {
  key: string;
  keySpan: Span;
  /** The string Helm reads (plain scalars: their source text), `null` when there is no value. */
  value: string | null;
  /** The value node's span, or an empty span just after the colon when there is no value. */
  valueSpan: Span;
  valueKind: ValueKind;
  /** How the value is written: plain, quoted or block scalar. */
  style: 'plain' | 'single' | 'double' | 'block' | 'none' | 'collection';
  /** The value (partly) comes from a template action. */
  dynamic: boolean;
  /** Read from a template action such as `dict "helm.sh/hook" "pre-upgrade"` (no YAML node of its own). */
  indirect: boolean;
  /** Offset in the source of the value's first character, when value characters map 1:1 onto the source. */
  valueTextOffset?: number;
}

export interface ListItem {
  /** The item as written (before trimming). */
  raw: string;
  /** Trimmed and lower-cased, as Helm compares it. */
  normalized: string;
  /** Span of the trimmed item in the source (falls back to the whole value when unmappable). */
  span: Span;
  exact: boolean;
}

export interface HookInfo {
  entry: AnnotationEntry;
  items: ListItem[];
  /** Resolved events, duplicates kept (a duplicate runs twice). Empty when dropped. */
  events: HookEventName[];
  /** Helm drops the whole resource: an item is not a known event. */
  dropped: boolean;
  dropReason?: string;
  weight: number;
  weightEntry?: AnnotationEntry;
  weightInvalid: boolean;
  deletePolicies: string[];
  outputLogPolicies: string[];
  /** Events, weight or policies are (partly) templated. */
  dynamic: boolean;
}

export interface DocumentAnalysis {
  doc: ManifestDocument;
  kind?: string;
  kindSpan?: Span;
  /** metadata.name as known; templated parts shown as `{{…}}`. Empty with `generateName` only. */
  name?: string;
  nameSpan?: Span;
  nameDynamic: boolean;
  kindDynamic: boolean;
  annotations: AnnotationEntry[];
  /** Span of the `metadata.annotations` key, when present. */
  annotationsKeySpan?: Span;
  /** Template actions write into the annotations block (e.g. `{{- toYaml .Values.annotations | nindent 4 }}`). */
  annotationsDynamic: boolean;
  /** Pods: spec.restartPolicy. */
  restartPolicy?: { value: string | null; span: Span; dynamic: boolean };
  /** Pods: the `spec` key, for inserting a restartPolicy. */
  specKeySpan?: Span;
  specChildIndent?: number;
  hook?: HookInfo;
  /** Inside `{{ if }}`/`{{ with }}`/`{{ range }}` or a conditional subchart. */
  conditional: boolean;
  condition?: string;
  /** The document holds nothing (whitespace, comments, masked actions). */
  empty: boolean;
  /** Offset of the first content character of the document. */
  contentStart: number;
}

const TEMPLATED = '{{…}}';

export function analyzeDocument(doc: ManifestDocument): DocumentAnalysis {
  const { span, text } = doc;
  const slice = text.slice(span.start, span.end);
  const firstContent = findFirstContent(slice);
  const base: DocumentAnalysis = {
    doc,
    nameDynamic: false,
    kindDynamic: false,
    annotations: [],
    annotationsDynamic: false,
    conditional: false,
    empty: firstContent < 0,
    contentStart: span.start + Math.max(0, firstContent),
  };
  if (base.empty) return base;
  setCondition(base);

  const sourceSlice = doc.template ? doc.template.source.slice(span.start, span.end) : slice;
  if (sourceSlice.indexOf('helm.sh/') < 0) {
    readHeadCheaply(base, slice);
    return base;
  }
  readParsed(base, slice);
  if (doc.template) readIndirectAnnotations(base);
  const hookEntry = base.annotations.find((a) => a.key === ANNOTATION.hook);
  if (hookEntry) base.hook = readHook(base, hookEntry);
  return base;
}

function findFirstContent(slice: string): number {
  const re = /^[ \t]*([^\s#])/gm;
  const m = re.exec(slice);
  return m ? m.index + m[0].length - 1 : -1;
}

function setCondition(a: DocumentAnalysis): void {
  const t = a.doc.template;
  const conds: string[] = [];
  if (a.doc.fileCondition) conds.push(a.doc.fileCondition);
  if (t) {
    for (const b of enclosingBlocks(t, a.contentStart)) conds.push(`${b.keyword} ${b.condition}`.trim());
  }
  if (conds.length) {
    a.conditional = true;
    a.condition = conds.join(' → ');
  }
}

function isDynamic(a: DocumentAnalysis, start: number, end: number): boolean {
  const t = a.doc.template;
  return !!t && hasActionIn(t, start, end);
}

/** The end of the line that contains `offset` (before `\r\n`). */
function lineEndOf(text: string, offset: number): number {
  let e = text.indexOf('\n', offset);
  if (e < 0) e = text.length;
  if (e > offset && text.charCodeAt(e - 1) === 13) e--;
  return e;
}

/** Cheap read of `kind:` and `metadata.name:` for documents that hold no Helm annotation. */
function readHeadCheaply(a: DocumentAnalysis, slice: string): void {
  const off = a.doc.span.start;
  const kind = /^kind:[ \t]*(["']?)([^\s"'#]*)\1[ \t]*(?:#.*)?$/m.exec(slice);
  if (kind) {
    const start = off + kind.index + kind[0].indexOf(kind[2], 5);
    a.kind = kind[2] || undefined;
    a.kindSpan = { start, end: start + kind[2].length };
    a.kindDynamic = !a.kind && isDynamic(a, off + kind.index, lineEndOf(a.doc.text, off + kind.index));
  }
  const meta = /^metadata:[ \t]*(?:#.*)?\r?$/m.exec(slice);
  if (!meta) return;
  const lineRe = /^([ \t]*)(.*?)\r?$/gm;
  lineRe.lastIndex = meta.index + meta[0].length + 1;
  let childIndent = -1;
  for (let m = lineRe.exec(slice); m; m = lineRe.exec(slice)) {
    if (m[0].length === 0 && lineRe.lastIndex >= slice.length) break;
    const indent = m[1].length;
    const body = m[2];
    if (body === '' || body.startsWith('#')) {
      if (lineRe.lastIndex === m.index) lineRe.lastIndex++;
      continue;
    }
    if (indent === 0) break;
    if (childIndent < 0) childIndent = indent;
    if (indent === childIndent) {
      const nm = /^name:[ \t]*(.*?)[ \t]*(?:#.*)?$/.exec(body);
      if (nm) {
        const valStart = off + m.index + indent + body.indexOf(nm[1], 5);
        const raw = nm[1];
        const lineEnd = lineEndOf(a.doc.text, valStart);
        a.nameDynamic = isDynamic(a, valStart, lineEnd);
        a.name = displayName(unquote(raw), a.nameDynamic);
        a.nameSpan = { start: valStart, end: valStart + raw.length };
        return;
      }
    }
    if (lineRe.lastIndex === m.index) lineRe.lastIndex++;
  }
}

function unquote(s: string): string {
  if (s.length >= 2 && ((s[0] === '"' && s.endsWith('"')) || (s[0] === "'" && s.endsWith("'")))) return s.slice(1, -1);
  return s;
}

/** A name with masked parts: the blanks left by actions become `{{…}}` so the name reads as a template. */
function displayName(masked: string, dynamic: boolean): string {
  if (!dynamic) return masked;
  const shown = masked.replace(/^\s+|\s+$/g, '').replace(/\s{2,}/g, TEMPLATED);
  if (shown === '') return TEMPLATED;
  const lead = /^\s/.test(masked) || masked === '' ? TEMPLATED : '';
  const trail = /\s$/.test(masked) ? TEMPLATED : '';
  return lead + shown + trail;
}

function mapGet(map: YAMLMap, key: string): Pair | undefined {
  for (const p of map.items) {
    if (isPair(p) && isScalar(p.key) && String(p.key.value) === key) return p;
  }
  return undefined;
}

function readParsed(a: DocumentAnalysis, slice: string): void {
  const off = a.doc.span.start;
  let root: Node | null;
  try {
    const parsed = parseDocument(slice, { version: '1.1', uniqueKeys: false, strict: false, prettyErrors: false });
    root = parsed.contents as Node | null;
  } catch {
    root = null;
  }
  if (!isMap(root)) {
    readHeadCheaply(a, slice);
    return;
  }
  const kindPair = mapGet(root, 'kind');
  if (kindPair && isScalar(kindPair.value) && kindPair.value.range) {
    const [s, e] = kindPair.value.range;
    const v = kindPair.value.value;
    a.kindSpan = { start: off + s, end: off + e };
    if (typeof v === 'string' && v.trim()) a.kind = v.trim();
    else a.kindDynamic = isDynamic(a, off + s, lineEndOf(a.doc.text, off + s));
  }
  const metaPair = mapGet(root, 'metadata');
  const meta = metaPair?.value;
  if (isMap(meta)) {
    const namePair = mapGet(meta, 'name');
    if (namePair && isScalar(namePair.key) && namePair.key.range) {
      const keyEnd = off + namePair.key.range[1];
      const v = namePair.value;
      if (isScalar(v) && v.range && v.value !== null) {
        const [s, e] = v.range;
        a.nameSpan = { start: off + s, end: off + e };
        a.nameDynamic = isDynamic(a, keyEnd, Math.max(off + e, lineEndOf(a.doc.text, keyEnd)));
        const rawMasked = v.type === 'PLAIN' ? a.doc.text.slice(off + s, off + e) : String(v.value ?? '');
        a.name = displayName(v.value === null ? '' : rawMasked, a.nameDynamic);
      } else {
        a.nameDynamic = isDynamic(a, keyEnd, lineEndOf(a.doc.text, keyEnd));
        a.name = a.nameDynamic ? TEMPLATED : '';
        a.nameSpan = { start: keyEnd, end: keyEnd };
      }
    } else if (mapGet(meta, 'generateName')) {
      a.name = '';
    }
    const annPair = mapGet(meta, 'annotations');
    if (annPair && isScalar(annPair.key) && annPair.key.range) {
      a.annotationsKeySpan = { start: off + annPair.key.range[0], end: off + annPair.key.range[1] };
      const vr = (annPair.value as { range?: [number, number, number] } | null)?.range;
      const blockEnd = vr ? off + vr[1] : lineEndOf(a.doc.text, a.annotationsKeySpan.end);
      a.annotationsDynamic = isDynamic(a, a.annotationsKeySpan.end, Math.max(blockEnd, lineEndOf(a.doc.text, a.annotationsKeySpan.end)));
      if (isMap(annPair.value)) {
        for (const p of annPair.value.items) {
          const entry = readEntry(a, p);
          if (entry) a.annotations.push(entry);
        }
      }
    }
  }
  if (a.kind === 'Pod') {
    const specPair = mapGet(root, 'spec');
    if (specPair && isScalar(specPair.key) && specPair.key.range) {
      a.specKeySpan = { start: off + specPair.key.range[0], end: off + specPair.key.range[1] };
      if (isMap(specPair.value)) {
        const first = specPair.value.items[0];
        if (first && isScalar(first.key) && first.key.range) {
          const ks = off + first.key.range[0];
          a.specChildIndent = ks - (a.doc.text.lastIndexOf('\n', ks - 1) + 1);
        }
        const rp = mapGet(specPair.value, 'restartPolicy');
        if (rp) {
          const entry = readEntry(a, rp);
          if (entry) a.restartPolicy = { value: entry.value, span: entry.valueSpan, dynamic: entry.dynamic };
        }
      }
    }
  }
}

function readEntry(a: DocumentAnalysis, p: unknown): AnnotationEntry | undefined {
  if (!isPair(p) || !isScalar(p.key) || !p.key.range) return undefined;
  const off = a.doc.span.start;
  const text = a.doc.text;
  const key = String(p.key.value);
  const keySpan = { start: off + p.key.range[0], end: off + p.key.range[1] };
  const v = p.value as Node | null;
  if (v === null || (isScalar(v) && v.value === null && (!v.range || v.range[0] === v.range[1]))) {
    const after = keySpan.end + 1;
    const lineEnd = lineEndOf(text, keySpan.end);
    const dynamic = isDynamic(a, keySpan.end, lineEnd);
    return {
      key,
      keySpan,
      value: null,
      valueSpan: { start: Math.min(after, lineEnd), end: Math.min(after, lineEnd) },
      valueKind: 'null',
      style: 'none',
      dynamic,
      indirect: false,
    };
  }
  if (isScalar(v) && v.range) {
    const s = off + v.range[0];
    const e = off + v.range[1];
    const valueSpan = { start: s, end: e };
    const dynamic = isDynamic(a, keySpan.end, Math.max(e, lineEndOf(text, keySpan.end)));
    const style = scalarStyle(v);
    let value: string | null;
    let valueKind: ValueKind;
    let valueTextOffset: number | undefined;
    if (style === 'plain') {
      value = text.slice(s, e);
      valueTextOffset = s;
      const jsType = typeof v.value;
      valueKind = v.value === null ? 'null' : jsType === 'number' || jsType === 'bigint' ? 'number' : jsType === 'boolean' ? 'bool' : 'string';
      if (valueKind === 'null') value = null;
    } else {
      value = String(v.value ?? '');
      valueKind = 'string';
      const raw = text.slice(s, e);
      if (style === 'double' && !raw.includes('\\') && !/[\r\n]/.test(raw)) valueTextOffset = s + 1;
      if (style === 'single' && !raw.slice(1, -1).includes("'") && !/[\r\n]/.test(raw)) valueTextOffset = s + 1;
    }
    return { key, keySpan, value, valueSpan, valueKind, style, dynamic, indirect: false, valueTextOffset };
  }
  const range = (v as { range?: [number, number, number] }).range;
  const valueSpan = range ? { start: off + range[0], end: off + range[1] } : { start: keySpan.end, end: keySpan.end };
  return {
    key,
    keySpan,
    value: null,
    valueSpan,
    valueKind: isMap(v) || isSeq(v) ? 'collection' : 'null',
    style: 'collection',
    dynamic: isDynamic(a, valueSpan.start, valueSpan.end),
    indirect: false,
  };
}

function scalarStyle(v: Scalar): AnnotationEntry['style'] {
  switch (v.type) {
    case 'QUOTE_DOUBLE':
      return 'double';
    case 'QUOTE_SINGLE':
      return 'single';
    case 'BLOCK_FOLDED':
    case 'BLOCK_LITERAL':
      return 'block';
    default:
      return 'plain';
  }
}

/**
 * Annotations built inside template actions, e.g. Bitnami's
 * `{{- $defaultAnnotations := dict "helm.sh/hook" "pre-upgrade" "helm.sh/hook-delete-policy" "hook-succeeded" }}`.
 * Literal string pairs are read; anything else stays unknown.
 */
function readIndirectAnnotations(a: DocumentAnalysis): void {
  const t = a.doc.template!;
  const seen = new Set(a.annotations.map((e) => e.key));
  for (const action of actionsIn(t, a.doc.span.start, a.doc.span.end)) {
    if (action.body.indexOf('helm.sh/') < 0) continue;
    const re = /"(helm\.sh\/[A-Za-z0-9._/-]+)"\s+"((?:[^"\\]|\\.)*)"/g;
    const bodyOffset = t.source.indexOf(action.body, action.start);
    for (let m = re.exec(action.body); m; m = re.exec(action.body)) {
      const key = m[1];
      if (seen.has(key)) continue;
      seen.add(key);
      const keyStart = bodyOffset + m.index + 1;
      const valStart = bodyOffset + m.index + m[0].lastIndexOf('"' + m[2]) + 1;
      a.annotations.push({
        key,
        keySpan: { start: keyStart, end: keyStart + key.length },
        value: m[2],
        valueSpan: { start: valStart, end: valStart + m[2].length },
        valueKind: 'string',
        style: 'double',
        dynamic: false,
        indirect: true,
        valueTextOffset: m[2].includes('\\') ? undefined : valStart,
      });
      // `ternary (dict ...) (dict) .Values.useHelmHooks`: the annotations exist only under a value.
      if (/\bternary\b/.test(action.body) && !a.conditional) {
        a.conditional = true;
        a.condition = action.body.trim();
      }
    }
  }
}

/** Splits a list annotation on `,` like Helm, keeping the source span of each trimmed item. */
export function splitListValue(entry: AnnotationEntry): ListItem[] {
  const value = entry.value ?? '';
  const items: ListItem[] = [];
  let pos = 0;
  for (const raw of value.split(',')) {
    const trimmed = goTrimSpace(raw);
    const lead = raw.length - raw.replace(/^[\s\u0085]+/, '').length;
    let span: Span;
    let exact = false;
    if (entry.valueTextOffset !== undefined) {
      const s = entry.valueTextOffset + pos + lead;
      span = { start: s, end: s + trimmed.length };
      exact = true;
    } else {
      span = entry.valueSpan;
    }
    items.push({ raw, normalized: trimmed.toLowerCase(), span, exact });
    pos += raw.length + 1;
  }
  return items;
}

function readHook(a: DocumentAnalysis, entry: AnnotationEntry): HookInfo {
  const get = (k: string) => a.annotations.find((e) => e.key === k);
  const items = entry.dynamic && entry.value === null ? [] : splitListValue(entry);
  const events: HookEventName[] = [];
  let dropped = false;
  let dropReason: string | undefined;
  const t = a.doc.template;
  for (const item of items) {
    // A templated item is unknown to us, not to Helm: skip it rather than calling it a typo.
    if (entry.dynamic && t && (!item.exact || hasActionIn(t, item.span.start, item.span.end + 1))) continue;
    const ev = resolveEvent(item.raw);
    if (ev) events.push(ev);
    else if (!dropped) {
      dropped = true;
      dropReason =
        item.normalized === ''
          ? 'an empty event in `helm.sh/hook` (Helm drops the whole resource)'
          : `unknown hook event "${item.normalized}" (Helm drops the whole resource)`;
    }
  }
  const weightEntry = get(ANNOTATION.weight);
  let weight = 0;
  let weightInvalid = false;
  if (weightEntry && !weightEntry.dynamic) {
    const parsed = parseHookWeight(weightEntry.value ?? '');
    weight = parsed.value;
    weightInvalid = !parsed.ok;
  }
  const policies = (k: string): string[] => {
    const e = get(k);
    if (!e || (e.dynamic && e.value === null)) return [];
    return splitListValue(e).map((i) => i.normalized);
  };
  const dynamic =
    entry.dynamic ||
    !!weightEntry?.dynamic ||
    !!get(ANNOTATION.deletePolicy)?.dynamic ||
    !!get(ANNOTATION.outputLogPolicy)?.dynamic;
  return {
    entry,
    items,
    events: dropped ? [] : events,
    dropped,
    dropReason,
    weight,
    weightEntry,
    weightInvalid,
    deletePolicies: policies(ANNOTATION.deletePolicy),
    outputLogPolicies: policies(ANNOTATION.outputLogPolicy),
    dynamic,
  };
}

/** Spec §3: with no delete policy written, Helm applies `before-hook-creation` (only when the list is empty). */
export function effectiveDeletePolicies(policies: string[]): string[] {
  return policies.length === 0 ? [DEFAULT_DELETE_POLICY] : policies;
}
