/**
 * Reads one manifest document the way Helm's `manifest_sorter.go` does: kind, metadata.name and the annotations
 * that make it a hook. Documents that cannot hold a hook (no `helm.sh/` anywhere) are read cheaply, line by line;
 * the others are parsed with `yaml` on the masked text, so every node's offsets are the source's offsets.
 */
import { parseDocument } from 'yaml';
import { ANNOTATION, DEFAULT_DELETE_POLICY, goToLower, goTrimSpace, parseHookWeight, resolveEvent } from '../helmFacts';
import { headNodeOf, readHead, readHelmHead, type EffectiveEntry, type HeadMap, type HeadNode, type HeadPair, type HeadScalar } from '../documents/headReader';
import type { ManifestDocument } from '../documents/manifestDocuments';
import { actionsIn, enclosingBlocks, hasActionIn, hasWritingActionIn, type MaskedTemplate, type TemplateAction, type TemplateBlock } from '../documents/templateMask';
import type { HookEventName, Span } from '../types';
import { resolvePlain } from '../render/yaml/goYaml';
import { formatFloat } from '../render/yaml/json';

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
  /**
   * Rendered documents: `value` is the string Helm reads (sigs.k8s.io/yaml's conversion, so an unquoted `5.0`
   * already reads "5"), while `valueKind` still says what YAML type was written.
   */
  readByHelm?: boolean;
}

export interface ListItem {
  /** The item as written (before trimming). */
  raw: string;
  /** Trimmed and lower-cased, as Helm compares it. */
  normalized: string;
  /** Span of the trimmed item in the source (falls back to the whole value when unmappable). */
  span: Span;
  /** Span of the item as written, spaces included (only when `exact`). */
  rawSpan?: Span;
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
  /** The exact int64 weight when it is beyond JavaScript's safe integers (compared with `compareHookWeights`). */
  weightExact?: string;
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
  /** Rendered documents: metadata.namespace as Helm and Kubernetes read it, when written. */
  namespace?: string;
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
  /**
   * Static reading: `false` when the document's (sub)chart does not render with the chart's values (its dependency
   * `condition:`/`tags:`, decided by the renderer's dependency processing); `true` when the chart renders and no
   * `{{ if }}`/`with`/`range` holds the document; absent otherwise (conditional: only a render decides). No template
   * condition is evaluated here. Only computed for hook documents.
   */
  enabledByDefault?: boolean;
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
  // Keys are case-sensitive for Helm, but `Helm.sh/hook` is still read so that it can be flagged. Only what is
  // written is read: annotations an action produces (`toYaml .Values.x`, a helper) are the render's to find.
  if (!mentionsHelmKeys(doc) || !/helm\.sh\//i.test(sourceSlice)) {
    readHeadCheaply(base, slice);
    return base;
  }
  const plain = readParsed(base, slice);
  if (!doc.template && (!plain || helmMayReadOtherwise(base, slice))) readAsHelm(base, slice);
  else if (MERGE_OR_ALIAS.test(slice)) readMergedAnnotations(base, slice);
  if (doc.template) readIndirectAnnotations(base);
  const hookEntry = base.annotations.find((a) => a.key === ANNOTATION.hook);
  if (hookEntry) base.hook = readHook(base, hookEntry);
  if (base.hook && doc.chartRenders) base.enabledByDefault = enabledByDefault(base);
  return base;
}

/**
 * Whether any document (hooks have it precomputed) renders, as far as the static reading knows: `false` in a
 * subchart that does not render, `true` outside any template condition, `undefined` otherwise.
 */
export function rendersByDefault(a: DocumentAnalysis): boolean | undefined {
  if (a.hook) return a.enabledByDefault;
  return a.doc.chartRenders ? enabledByDefault(a) : undefined;
}

/**
 * The source text of `metadata.name`'s value: literal names as read, templated names as written
 * (`{{ include "app.fullname" . }}-config`), so two documents that build a name the same way can be matched.
 */
export function nameSourceText(a: DocumentAnalysis): string | undefined {
  if (a.name === undefined) return undefined;
  if (!a.nameDynamic || !a.nameSpan || !a.doc.template) return a.name;
  const text = a.doc.text;
  const lineStart = text.lastIndexOf('\n', a.nameSpan.start - 1) + 1;
  const end = lineEndOf(text, a.nameSpan.start);
  const m = /^\s*(["']?)name\1\s*:(.*)$/.exec(a.doc.template.source.slice(lineStart, end));
  if (!m) return undefined;
  let v = m[2].trim();
  const comment = /\s#(?![^{]*\}\})/.exec(v);
  if (comment) v = v.slice(0, comment.index).trim();
  if (v.length >= 2 && ((v[0] === '"' && v.endsWith('"')) || (v[0] === "'" && v.endsWith("'")))) v = v.slice(1, -1);
  return v.trim() || undefined;
}

/** Whether a template mentions `helm.sh/` anywhere (in any case): one scan per file, not one per document. */
const mentionsByTemplate = new WeakMap<object, boolean>();

function mentionsHelmKeys(doc: ManifestDocument): boolean {
  if (!doc.template) return true;
  let hit = mentionsByTemplate.get(doc.template);
  if (hit === undefined) mentionsByTemplate.set(doc.template, (hit = doc.template.source.indexOf('helm.sh/') >= 0 || /helm\.sh\//i.test(doc.template.source)));
  return hit;
}

/**
 * Whether the document renders, statically: not when its chart does not render (dependency conditions and tags);
 * undecided inside a template condition, or when the hook annotation sits in an action that may not give it
 * (`ternary (dict "helm.sh/hook" …) (dict) .Values.useHelmHooks`); otherwise yes.
 */
function enabledByDefault(a: DocumentAnalysis): boolean | undefined {
  const chartOn = a.doc.chartRenders!();
  if (chartOn === false) return false;
  const t = a.doc.template;
  const here = !(t && enclosingBlocks(t, a.contentStart).length);
  const entry = a.hook?.entry;
  const action = entry && indirectSource.get(entry);
  const annotated = !action || !/\b(ternary|if|default|coalesce|merge\w*|include|tpl)\b/.test(action.body);
  return chartOn === undefined || !here || !annotated ? undefined : true;
}

/** The action each annotation built inside a template action comes from. */
const indirectSource = new WeakMap<AnnotationEntry, TemplateAction>();

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
    for (const b of enclosingBlocks(t, a.contentStart)) conds.push(branchText(b, a.contentStart));
  }
  if (conds.length) {
    a.conditional = true;
    a.condition = conds.join(' → ');
  }
}

/** The condition of the branch of `b` that holds `offset`: `if X`, or `else if Y (not if X)`, `else (not if X)`. */
function branchText(b: TemplateBlock, offset: number): string {
  const first = `${b.keyword} ${b.condition}`.trim();
  const passed = (b.elses ?? []).filter((e) => e.start <= offset);
  if (!passed.length) return first;
  const earlier = [first, ...passed.slice(0, -1).map((e) => `${e.keyword} ${e.condition}`.trim())];
  const last = passed[passed.length - 1];
  const own = last.keyword === 'else' ? 'else' : `else ${last.keyword} ${last.condition}`;
  return `${own} (not ${earlier.join(', not ')})`;
}

function isDynamic(a: DocumentAnalysis, start: number, end: number): boolean {
  const t = a.doc.template;
  return !!t && hasActionIn(t, start, end);
}

/**
 * Whether an action in `[start, end)` may write annotations. A masked `{{- end }}` leaves a blank line, so the block
 * after an annotations key reaches on to the end of the document: the `end` closing a block opened above (a document
 * that starts or ends inside `{{ if }}`) must not make the annotations dynamic.
 */
function writesIn(a: DocumentAnalysis, start: number, end: number): boolean {
  const t = a.doc.template;
  return !!t && hasWritingActionIn(t, start, end);
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
      const nm = a.name === undefined ? /^name:[ \t]*(.*?)[ \t]*(?:#.*)?$/.exec(body) : null;
      if (nm) {
        const keyEnd = off + m.index + indent + 4;
        const valStart = off + m.index + indent + body.indexOf(nm[1], 5);
        const raw = nm[1];
        const lineEnd = lineEndOf(a.doc.text, valStart);
        a.nameDynamic = isDynamic(a, keyEnd, lineEnd);
        a.name = a.nameDynamic ? templatedValueText(a, keyEnd + 1, lineEnd) : unquote(raw);
        a.nameSpan = { start: valStart, end: valStart + raw.length };
      } else if (a.annotationsKeySpan === undefined && /^(["']?)annotations\1[ \t]*:/.test(body)) {
        // No helm.sh/ text in this document, but actions may still write annotations (`toYaml .Values.x`).
        const keyStart = off + m.index + indent + (body[0] === '"' || body[0] === "'" ? 1 : 0);
        a.annotationsKeySpan = { start: keyStart, end: keyStart + 'annotations'.length };
        a.annotationsDynamic = writesIn(a, a.annotationsKeySpan.end, blockEndAfter(a.doc.text, a.annotationsKeySpan.end, indent, a.doc.span.end));
      }
      if (a.name !== undefined && a.annotationsKeySpan !== undefined) return;
    }
    if (lineRe.lastIndex === m.index) lineRe.lastIndex++;
  }
}

function unquote(s: string): string {
  if (s.length >= 2 && ((s[0] === '"' && s.endsWith('"')) || (s[0] === "'" && s.endsWith("'")))) return s.slice(1, -1);
  return s;
}

/**
 * The value written in `[start, end)` of the source (after a key's colon, to the end of its line), with every
 * template action shown as `{{…}}`: `{{ include "x.fullname" . }}-migrate` reads `{{…}}-migrate`. A trailing YAML
 * comment and the quotes of a quoted scalar are dropped.
 */
function templatedValueText(a: DocumentAnalysis, start: number, end: number): string {
  const t = a.doc.template;
  const masked = a.doc.text;
  // A comment starts at `#` after a blank outside any action (the masked text has no actions left).
  let stop = end;
  for (let i = start; i < end; i++) {
    if (masked.charCodeAt(i) === 35 /* # */ && (i === start || /\s/.test(masked[i - 1])) && !(t && hasActionIn(t, i, i + 1))) {
      stop = i;
      break;
    }
  }
  let out = '';
  let pos = start;
  for (const act of t ? actionsIn(t, start, stop) : []) {
    if (act.start > pos) out += t!.source.slice(pos, act.start);
    if (!out.endsWith(TEMPLATED)) out += TEMPLATED;
    pos = Math.max(pos, act.end);
  }
  if (pos < stop) out += (t ? t.source : masked).slice(pos, stop);
  out = out.trim();
  return unquote(out);
}

/** End of the YAML block that follows a key at `keyIndent`: the next line indented no deeper that holds content. */
function blockEndAfter(text: string, from: number, keyIndent: number, limit: number): number {
  let lineStart = text.indexOf('\n', from);
  if (lineStart < 0 || lineStart >= limit) return Math.min(lineEndOf(text, from), limit);
  lineStart++;
  while (lineStart < limit) {
    let nl = text.indexOf('\n', lineStart);
    if (nl < 0 || nl > limit) nl = limit;
    // The line's first character after blanks (a carriage return there is none), looked at in place.
    let k = lineStart;
    for (let c = text.charCodeAt(k); k < nl && (c === 32 || c === 9); c = text.charCodeAt(++k));
    const c = k < nl ? text.charCodeAt(k) : -1;
    if (c >= 0 && c !== 13 && c !== 35 /* # */ && k - lineStart <= keyIndent) return lineStart;
    lineStart = nl + 1;
  }
  return limit;
}

/**
 * The pair of `key`. Written twice, go-yaml keeps the later value (decode.go: mapping); in template text only when
 * both render together (the same branches of the same blocks): a later key inside `{{ with }}` may never render.
 */
function mapGet(map: HeadMap, key: string, a?: DocumentAnalysis): HeadPair | undefined {
  let hit: HeadPair | undefined;
  for (const p of map.items) {
    if (p.key?.node !== 'scalar' || String(p.key.value) !== key) continue;
    if (!hit || !a || laterWins(a, hit.key!.range?.[0], p.key.range?.[0])) hit = p;
  }
  return hit;
}

/** Whether of two keys at these offsets (in the document) the later surely replaces the earlier when rendered. */
function laterWins(a: DocumentAnalysis, earlier: number | undefined, later: number | undefined): boolean {
  const t = a.doc.template;
  if (!t) return true;
  if (earlier === undefined || later === undefined) return false;
  return renderTogether(t, a.doc.span.start + earlier, a.doc.span.start + later);
}

/** Whether two offsets of a template sit in the same branches of the same blocks: both render, or neither. */
export function renderTogether(t: MaskedTemplate, x: number, y: number): boolean {
  const bx = enclosingBlocks(t, x);
  const by = enclosingBlocks(t, y);
  const passed = (b: TemplateBlock, at: number) => (b.elses ?? []).filter((e) => e.start <= at).length;
  return bx.length === by.length && bx.every((b, i) => b === by[i] && passed(b, x) === passed(b, y));
}

function isMapNode(n: HeadNode | null | undefined): n is HeadMap {
  return n?.node === 'map';
}

function isScalarNode(n: HeadNode | null | undefined): n is HeadScalar {
  return n?.node === 'scalar';
}

/**
 * A rendered document as Helm reads it (manifest_sorter.go: sigs.k8s.io/yaml into SimpleHead, through goYaml.ts):
 * the first YAML document only (`...` ends it), the later of duplicate keys, merge keys and aliases applied, struct
 * fields matched ignoring case (`Kind:`), scalars converted to strings as Go does (`name: 007` is "7"). The parsed
 * reading above gave the spans; here the values become Helm's. A document Helm could not read keeps that reading.
 */
function readAsHelm(a: DocumentAnalysis, slice: string): void {
  const head = readHelmHead(headOfForHelm(slice));
  if (!head) return;
  const off = a.doc.span.start;
  // Offsets from go-yaml's marks count code points: exact unless the text has surrogate pairs.
  const exactMarks = !/[\ud800-\udbff]/.test(slice);
  const spanOf = (e: EffectiveEntry | undefined, which: 'key' | 'value', length: number): Span | undefined => {
    if (!e || !exactMarks) return undefined;
    const n = which === 'key' ? e.keyNode : e.value;
    return { start: off + n.index, end: off + n.index + length };
  };
  const scalarLength = (e: EffectiveEntry | undefined): number => (e?.value.kind === 'scalar' && e.value.plain ? e.value.value.length : 0);
  a.kind = head.kind || undefined;
  a.kindDynamic = false;
  if (head.nameEntry || a.name !== '') {
    a.name = head.name;
    a.nameSpan = spanOf(head.nameEntry, 'value', scalarLength(head.nameEntry)) ?? a.nameSpan;
  }
  a.nameDynamic = false;
  if (head.namespaceEntry) a.namespace = head.namespace;
  const written = new Map<string, AnnotationEntry>();
  // The parsed reading lists duplicates in order: the last one is the one Helm keeps.
  for (const e of a.annotations) written.set(e.key, e);
  const out: AnnotationEntry[] = [];
  for (const [key, value] of head.annotations ?? []) {
    const node = head.annotationNodes.get(key);
    const scalarNode = node?.value.kind === 'scalar' ? node.value : undefined;
    const valueKind: ValueKind = !scalarNode
      ? 'collection'
      : scalarNode.tag === 'int' || scalarNode.tag === 'float'
        ? 'number'
        : scalarNode.tag === 'bool'
          ? 'bool'
          : scalarNode.tag === 'null'
            ? 'null'
            : 'string';
    const prev = written.get(key);
    const keySpan = spanOf(node, 'key', key.length);
    if (prev && node?.origin === 'own' && (!keySpan || prev.keySpan.start === keySpan.start)) {
      out.push({ ...prev, value: valueKind === 'null' ? null : value, valueKind, readByHelm: true });
      continue;
    }
    const at = keySpan ?? a.annotationsKeySpan ?? { start: off, end: off };
    out.push({
      key,
      keySpan: at,
      value: valueKind === 'null' ? null : value,
      valueSpan: spanOf(node, 'value', scalarLength(node)) ?? at,
      valueKind,
      style: scalarNode?.plain ? 'plain' : 'double',
      dynamic: false,
      indirect: false,
      readByHelm: true,
    });
  }
  a.annotations = out;
}

/**
 * A plain scalar where Helm expects a string, as sigs.k8s.io/yaml converts it: YAML 1.1 ints in decimal (`007` is
 * octal 7), floats as float32 `%g`, booleans as true/false; anything else as written.
 */
function helmPlainString(raw: string): string {
  const c = raw.charCodeAt(0);
  // Only text that may be a number or a YAML 1.1 boolean word is looked at.
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/.test(raw))) return raw;
  const r = resolvePlain(raw);
  if (r.tag === 'bool') return r.value === true ? 'true' : 'false';
  if (r.tag === 'int') return String(r.value);
  if (r.tag === 'float') return formatFloat(r.value as number, 'g', 32);
  return raw;
}

const MERGE_OR_ALIAS = /^[ \t]*<<[ \t]*:|:[ \t]+\*[^\s]/m;

/**
 * Template text with a merge key or an alias in a hook document: the hook annotations they bring in (or, go-yaml v2,
 * override) are Helm's, so they are read the way Helm reads them — where the merged text is literal (no action on
 * the lines involved); anything templated stays as the masked reading has it.
 */
function readMergedAnnotations(a: DocumentAnalysis, slice: string): void {
  const head = readHelmHead(headOfForHelm(slice));
  if (!head || /[\ud800-\udbff]/.test(slice)) return;
  const off = a.doc.span.start;
  const literal = (index: number) => {
    const at = off + index;
    return !isDynamic(a, a.doc.text.lastIndexOf('\n', at - 1) + 1, lineEndOf(a.doc.text, at));
  };
  for (const [key, node] of head.annotationNodes) {
    if (node.origin === 'own' || !key.startsWith('helm.sh/')) continue;
    const v = node.value;
    if (v.kind !== 'scalar' || !literal(v.index) || !literal(node.keyNode.index)) continue;
    const value = head.annotations!.get(key) ?? '';
    const kind: ValueKind = v.tag === 'int' || v.tag === 'float' ? 'number' : v.tag === 'bool' ? 'bool' : v.tag === 'null' ? 'null' : 'string';
    const at = a.annotations.findIndex((e) => e.key === key);
    if (at >= 0) {
      // A merge after the key overrides it (go-yaml v2): the written entry keeps its place, with the merged value.
      if (!a.annotations[at].dynamic) a.annotations[at] = { ...a.annotations[at], value: kind === 'null' ? null : value, valueKind: kind, valueTextOffset: undefined, readByHelm: true };
      continue;
    }
    const keySpan = a.annotationsKeySpan ?? { start: off + node.keyNode.index, end: off + node.keyNode.index };
    a.annotations.push({
      key,
      keySpan,
      value: kind === 'null' ? null : value,
      valueSpan: { start: off + v.index, end: off + v.index + (v.plain ? v.value.length : 0) },
      valueKind: kind,
      style: v.plain ? 'plain' : 'double',
      dynamic: false,
      indirect: true,
      readByHelm: true,
    });
  }
}

/** headOf, but never cutting before a later key encoding/json would also read (`Metadata:` matches `metadata`). */
function headOfForHelm(slice: string): string {
  const head = headOf(slice);
  if (head.length === slice.length) return slice;
  return /^["']?(?:apiversion|kind|metadata)["']?[ \t]*:/im.test(slice.slice(head.length)) ? slice : head;
}


/** Top-level keys whose content extraction reads (plus `spec` of a Pod, for its restartPolicy). */
const HEAD_KEYS = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * A large document (a CustomResourceDefinition with its schema, a ConfigMap holding files) is parsed only up to
 * the first top-level key after everything extraction reads: the prefix keeps every offset, and the YAML parser
 * does not walk a megabyte of schema to find `metadata.annotations`.
 */
export function headOf(slice: string): string {
  if (slice.length < 4096) return slice;
  const re = /^([A-Za-z_"'][^:\n]*?)[ \t]*:/gm;
  let seenKind = false;
  let seenMeta = false;
  let pod = false;
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    const key = m[1].replace(/^["']|["']$/g, '');
    if (key === 'kind') {
      seenKind = true;
      pod = /^kind:[ \t]*["']?Pod["']?[ \t]*(?:#.*)?\r?$/m.test(slice.slice(m.index, slice.indexOf('\n', m.index) + 1 || slice.length));
    } else if (key === 'metadata') seenMeta = true;
    else if (!HEAD_KEYS.has(key) && !(pod && key === 'spec') && seenKind && seenMeta) {
      // Everything read comes before this key, unless a needed key follows it: then parse it all.
      const rest = slice.slice(m.index);
      if (/^(?:["']?)(?:apiVersion|kind|metadata)(?:["']?)[ \t]*:/m.test(rest)) return slice;
      return slice.slice(0, m.index);
    }
  }
  return slice;
}

/** Tests turn the fast head reader off to hold it equal to the full parser. */
export const headReading = { fast: true };

/**
 * Reads the head with the fast reader or `yaml`. Returns whether the fast reader read it and found no key twice in
 * the maps read: then Helm's reading can only differ in what `helmMayReadOtherwise` looks for.
 */
function readParsed(a: DocumentAnalysis, slice: string): boolean {
  const off = a.doc.span.start;
  const head = headOf(slice);
  let root: HeadNode | null | undefined = headReading.fast ? readHead(head) : undefined;
  const plain = root !== undefined && !hasDuplicateKeys(root);
  if (root === undefined) {
    try {
      const parsed = parseDocument(head, { version: '1.1', uniqueKeys: false, strict: false, prettyErrors: false });
      root = headNodeOf(parsed.contents);
    } catch {
      root = null;
    }
  }
  if (!isMapNode(root)) {
    readHeadCheaply(a, slice);
    return false;
  }
  const kindPair = mapGet(root, 'kind', a);
  if (kindPair && isScalarNode(kindPair.value) && kindPair.value.range) {
    const [s, e] = kindPair.value.range;
    const v = kindPair.value.value;
    a.kindSpan = { start: off + s, end: off + e };
    if (typeof v === 'string' && v.trim()) a.kind = v.trim();
    else a.kindDynamic = isDynamic(a, off + s, lineEndOf(a.doc.text, off + s));
  }
  const metaPair = mapGet(root, 'metadata', a);
  const meta = metaPair?.value;
  if (isMapNode(meta)) {
    const namePair = mapGet(meta, 'name', a);
    if (namePair && isScalarNode(namePair.key) && namePair.key.range) {
      const keyEnd = off + namePair.key.range[1];
      const v = namePair.value;
      if (isScalarNode(v) && v.range && v.value !== null) {
        const [s, e] = v.range;
        a.nameSpan = { start: off + s, end: off + e };
        const valueEnd = Math.max(off + e, lineEndOf(a.doc.text, keyEnd));
        a.nameDynamic = isDynamic(a, keyEnd, valueEnd);
        const colon = a.doc.text.indexOf(':', keyEnd);
        a.name = a.nameDynamic
          ? templatedValueText(a, colon >= 0 && colon < off + s ? colon + 1 : keyEnd, v.type === 'PLAIN' ? valueEnd : off + e)
          : v.type === 'PLAIN'
            ? helmPlainString(a.doc.text.slice(off + s, off + e))
            : String(v.value ?? '');
      } else {
        a.nameDynamic = isDynamic(a, keyEnd, lineEndOf(a.doc.text, keyEnd));
        a.name = a.nameDynamic ? TEMPLATED : '';
        a.nameSpan = { start: keyEnd, end: keyEnd };
      }
    } else if (mapGet(meta, 'generateName')) {
      a.name = '';
    }
    const annPair = mapGet(meta, 'annotations', a);
    if (annPair && isScalarNode(annPair.key) && annPair.key.range) {
      a.annotationsKeySpan = { start: off + annPair.key.range[0], end: off + annPair.key.range[1] };
      const vr = annPair.value?.range;
      const keyLineStart = a.doc.text.lastIndexOf('\n', a.annotationsKeySpan.start - 1) + 1;
      const keyIndent = a.annotationsKeySpan.start - keyLineStart;
      // Masked actions leave blank lines: an action writing the block (`{{- toYaml .x | nindent 4 }}`) sits on
      // the lines after the key, beyond the (null) value's range.
      const blockEnd = Math.max(vr ? off + vr[1] : 0, blockEndAfter(a.doc.text, a.annotationsKeySpan.end, keyIndent, a.doc.span.end));
      a.annotationsDynamic = writesIn(a, a.annotationsKeySpan.end, Math.max(blockEnd, lineEndOf(a.doc.text, a.annotationsKeySpan.end)));
      if (isMapNode(annPair.value)) {
        for (const p of annPair.value.items) {
          const entry = readEntry(a, p);
          if (!entry) continue;
          // A key written twice: Helm keeps the later value (features/renderedSurprises.ts says so), when both render.
          const twice = a.annotations.findIndex((e) => e.key === entry.key);
          if (twice >= 0 && laterWins(a, a.annotations[twice].keySpan.start - off, entry.keySpan.start - off)) a.annotations.splice(twice, 1);
          a.annotations.push(entry);
        }
      }
    }
  }
  if (a.kind === 'Pod') {
    const specPair = mapGet(root, 'spec');
    if (specPair && isScalarNode(specPair.key) && specPair.key.range) {
      a.specKeySpan = { start: off + specPair.key.range[0], end: off + specPair.key.range[1] };
      if (isMapNode(specPair.value)) {
        const first = specPair.value.items[0];
        if (first && isScalarNode(first.key) && first.key.range) {
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
  return plain;
}

/** A key written twice in a map the head reader read (root, metadata, annotations). */
function hasDuplicateKeys(n: HeadNode | null): boolean {
  if (!isMapNode(n)) return false;
  const seen = new Set<unknown>();
  for (const p of n.items) {
    const k = isScalarNode(p.key) ? p.key.value : p;
    if (seen.has(k)) return true;
    seen.add(k);
    if (hasDuplicateKeys(p.value)) return true;
  }
  return false;
}

/** Case variants of the keys SimpleHead reads (encoding/json matches `Kind:` and `METADATA:` too). */
const HEAD_KEY_RE = /^[ \t]*["']?(kind|metadata|name|namespace|annotations)["']?[ \t]*:/gim;
const EXACT_HEAD_KEYS = new Set(['kind', 'metadata', 'name', 'namespace', 'annotations']);

/**
 * After a plain fast read, whether Helm's reading could still differ: `...` ending the document, a key written in
 * another case, an annotation that is not a plain string (Helm converts it), or a name the fast reader left unread.
 */
function helmMayReadOtherwise(a: DocumentAnalysis, slice: string): boolean {
  if (/^\.\.\.(?:[ \t]|\r?$)/m.test(slice)) return true;
  if (a.annotations.some((e) => e.valueKind !== 'string')) return true;
  HEAD_KEY_RE.lastIndex = 0;
  for (let m = HEAD_KEY_RE.exec(slice); m; m = HEAD_KEY_RE.exec(slice)) if (!EXACT_HEAD_KEYS.has(m[1])) return true;
  return false;
}

function readEntry(a: DocumentAnalysis, p: HeadPair): AnnotationEntry | undefined {
  if (!isScalarNode(p.key) || !p.key.range) return undefined;
  const off = a.doc.span.start;
  const text = a.doc.text;
  const key = String(p.key.value);
  const keySpan = { start: off + p.key.range[0], end: off + p.key.range[1] };
  const v = p.value;
  if (v === null || (isScalarNode(v) && v.value === null && (!v.range || v.range[0] === v.range[1]))) {
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
  if (isScalarNode(v) && v.range) {
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
  const range = v.range;
  const valueSpan = range ? { start: off + range[0], end: off + range[1] } : { start: keySpan.end, end: keySpan.end };
  return {
    key,
    keySpan,
    value: null,
    valueSpan,
    valueKind: v.node === 'map' || v.node === 'collection' ? 'collection' : 'null',
    style: 'collection',
    dynamic: isDynamic(a, valueSpan.start, valueSpan.end),
    indirect: false,
  };
}

function scalarStyle(v: HeadScalar): AnnotationEntry['style'] {
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
      const entry: AnnotationEntry = {
        key,
        keySpan: { start: keyStart, end: keyStart + key.length },
        value: m[2],
        valueSpan: { start: valStart, end: valStart + m[2].length },
        valueKind: 'string',
        style: 'double',
        dynamic: false,
        indirect: true,
        valueTextOffset: m[2].includes('\\') ? undefined : valStart,
      };
      indirectSource.set(entry, action);
      a.annotations.push(entry);
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
    // What Go's TrimSpace removed in front (not JS's \s: a byte-order mark is not space to Go).
    const lead = trimmed === '' ? raw.length : raw.indexOf(trimmed);
    let span: Span;
    let rawSpan: Span | undefined;
    let exact = false;
    if (entry.valueTextOffset !== undefined) {
      const s = entry.valueTextOffset + pos + lead;
      span = { start: s, end: s + trimmed.length };
      rawSpan = { start: entry.valueTextOffset + pos, end: entry.valueTextOffset + pos + raw.length };
      exact = true;
    } else {
      span = entry.valueSpan;
    }
    items.push({ raw, normalized: goToLower(trimmed), span, rawSpan, exact });
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
    if (templatedItem(entry, item, t)) continue;
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
  let weightExact: string | undefined;
  // A templated weight is unknown here (the render knows it): read as Helm's default, 0.
  const weightText = weightEntry && !weightEntry.dynamic ? helmWeightText(weightEntry) : undefined;
  if (weightText !== undefined) {
    const parsed = parseHookWeight(weightText);
    weight = parsed.value;
    weightInvalid = !parsed.ok;
    if (parsed.ok && !Number.isSafeInteger(weight)) weightExact = BigInt(weightText!).toString();
  }
  const policies = (k: string): string[] => {
    const e = get(k);
    if (!e || (e.dynamic && e.value === null)) return [];
    return splitListValue(e)
      .filter((i) => !templatedItem(e, i, t))
      .map((i) => i.normalized);
  };
  // A pair written inside an action (`dict "helm.sh/hook" "post-install"`) is read as written, but when an action
  // writes the annotations block (`merge .Values.x.annotations $defaults | toYaml`) it is only a default: values may
  // replace it, and only the render knows.
  const fromAction = (e: AnnotationEntry | undefined) => !!e && e.indirect && !e.readByHelm && a.annotationsDynamic;
  const dynamic = [entry, weightEntry, get(ANNOTATION.deletePolicy), get(ANNOTATION.outputLogPolicy)].some((e) => !!e?.dynamic || fromAction(e));
  return {
    entry,
    items,
    events: dropped ? [] : events,
    dropped,
    dropReason,
    weight,
    weightExact,
    weightEntry,
    weightInvalid,
    deletePolicies: policies(ANNOTATION.deletePolicy),
    outputLogPolicies: policies(ANNOTATION.outputLogPolicy),
    dynamic,
  };
}

/**
 * Whether a list item of a templated value is (partly) written by an action: unknown statically. The masked action
 * inside `"{{ .Values.hook }}"` reads as blanks: the item is judged as written, spaces included.
 */
function templatedItem(entry: AnnotationEntry, item: ListItem, t: MaskedTemplate | undefined): boolean {
  if (!entry.dynamic || !t) return false;
  const written = item.rawSpan ?? item.span;
  return !item.exact || hasActionIn(t, written.start, written.end) || hasActionIn(t, item.span.start, item.span.end + 1);
}

/** Spec §3: with no delete policy written, Helm applies `before-hook-creation` (only when the list is empty). */
export function effectiveDeletePolicies(policies: string[]): string[] {
  return policies.length === 0 ? [DEFAULT_DELETE_POLICY] : policies;
}

/**
 * The string Helm reads from an unquoted number: sigs.k8s.io/yaml turns the YAML 1.1 number into JSON and back into
 * the annotation's string, so `5.0` reads as "5", `1e3` as "1000", `0x10` as "16" and `010` (octal) as "8" (checked
 * with Helm 4.1.4). Anything else is read as written.
 */
function helmWeightText(entry: AnnotationEntry): string {
  const raw = entry.value ?? '';
  if (entry.valueKind !== 'number' || entry.readByHelm) return raw;
  // The string sigs.k8s.io/yaml hands Helm for the number (a float as Go's %g: 1e6 is "1e+06"), as the rendered reading.
  return helmPlainString(raw);
}
