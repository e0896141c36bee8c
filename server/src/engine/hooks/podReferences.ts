/**
 * What a hook's pod needs at run time, read from its document: the ServiceAccount, ConfigMaps, Secrets and
 * PersistentVolumeClaims its pod spec names, and a Job's `ttlSecondsAfterFinished`. Only hook documents of kinds that
 * run pods are read (a handful per chart), with a full YAML parse of the masked text so offsets are the source's.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { POD_SPEC_PATHS } from '../helmFacts';
import type { DocumentAnalysis } from './hookExtraction';
import { enclosingBlocks, hasActionIn } from '../documents/templateMask';
import type { Span } from '../types';

export type ReferencedKind = 'ServiceAccount' | 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim';

export interface PodReference {
  kind: ReferencedKind;
  /** The name as written; a templated name is its source text (`{{ include "app.fullname" . }}-config`). */
  name: string;
  /** The name comes (partly) from a template action. */
  templated: boolean;
  /** Where the pod spec names it, in words: `serviceAccountName`, `envFrom`, `volumes`, … */
  via: string;
  /** The value's span in the file. */
  span: Span;
  /** `optional: true` on the reference: the pod starts without the object. */
  optional: boolean;
  /** Rendered whenever its document is (true), or inside a template condition of its own (undefined: only a render knows). */
  renders: boolean | undefined;
}

export interface PodFacts {
  refs: PodReference[];
  /** A Job's literal `spec.ttlSecondsAfterFinished`. */
  ttl?: { seconds: number; span: Span };
}

const cache = new WeakMap<DocumentAnalysis, { at: number; facts: PodFacts }>();

function moved(s: Span, by: number): Span {
  return { start: s.start + by, end: s.end + by };
}

/** The pod facts of a hook document (empty for kinds without pods); kept with the analysis, moved with it. */
export function podFactsOf(d: DocumentAnalysis): PodFacts {
  const hit = cache.get(d);
  if (hit) {
    const by = d.contentStart - hit.at;
    if (by === 0) return hit.facts;
    const facts: PodFacts = {
      refs: hit.facts.refs.map((r) => ({ ...r, span: moved(r.span, by) })),
      ttl: hit.facts.ttl && { seconds: hit.facts.ttl.seconds, span: moved(hit.facts.ttl.span, by) },
    };
    cache.set(d, { at: d.contentStart, facts });
    return facts;
  }
  const facts = readPodFacts(d);
  cache.set(d, { at: d.contentStart, facts });
  return facts;
}

function readPodFacts(d: DocumentAnalysis): PodFacts {
  const path = d.kind ? POD_SPEC_PATHS[d.kind] : undefined;
  if (!path) return { refs: [] };
  const off = d.doc.span.start;
  let root: unknown;
  try {
    root = parseDocument(d.doc.text.slice(off, d.doc.span.end), { version: '1.1', uniqueKeys: false, strict: false, prettyErrors: false }).contents;
  } catch {
    return { refs: [] };
  }
  const reader = new Reader(d, off);
  const facts: PodFacts = { refs: [] };
  if (d.kind === 'Job') {
    const ttl = pairOf(mapAt(root, ['spec']), 'ttlSecondsAfterFinished');
    if (ttl && isScalar(ttl.value) && ttl.value.range && !reader.dynamic(ttl)) {
      const v = ttl.value.value;
      if (typeof v === 'number' && Number.isInteger(v)) facts.ttl = { seconds: v, span: reader.span(ttl.value) };
    }
  }
  const spec = mapAt(root, path);
  if (!spec) return facts;
  reader.name(pairOf(spec, 'serviceAccountName') ?? pairOf(spec, 'serviceAccount'), 'ServiceAccount', 'serviceAccountName', false, facts.refs);
  for (const s of items(pairOf(spec, 'imagePullSecrets'))) reader.name(pairOf(s, 'name'), 'Secret', 'imagePullSecrets', false, facts.refs);
  for (const v of items(pairOf(spec, 'volumes'))) {
    const cm = mapOf(pairOf(v, 'configMap'));
    if (cm) reader.name(pairOf(cm, 'name'), 'ConfigMap', 'a configMap volume', optional(cm), facts.refs);
    const secret = mapOf(pairOf(v, 'secret'));
    if (secret) reader.name(pairOf(secret, 'secretName'), 'Secret', 'a secret volume', optional(secret), facts.refs);
    const pvc = mapOf(pairOf(v, 'persistentVolumeClaim'));
    if (pvc) reader.name(pairOf(pvc, 'claimName'), 'PersistentVolumeClaim', 'a persistentVolumeClaim volume', false, facts.refs);
    for (const src of items(pairOf(mapOf(pairOf(v, 'projected')), 'sources'))) {
      const pcm = mapOf(pairOf(src, 'configMap'));
      if (pcm) reader.name(pairOf(pcm, 'name'), 'ConfigMap', 'a projected configMap', optional(pcm), facts.refs);
      const ps = mapOf(pairOf(src, 'secret'));
      if (ps) reader.name(pairOf(ps, 'name'), 'Secret', 'a projected secret', optional(ps), facts.refs);
    }
  }
  for (const list of ['initContainers', 'containers']) {
    for (const c of items(pairOf(spec, list))) {
      for (const from of items(pairOf(c, 'envFrom'))) {
        const cm = mapOf(pairOf(from, 'configMapRef'));
        if (cm) reader.name(pairOf(cm, 'name'), 'ConfigMap', 'envFrom configMapRef', optional(cm), facts.refs);
        const s = mapOf(pairOf(from, 'secretRef'));
        if (s) reader.name(pairOf(s, 'name'), 'Secret', 'envFrom secretRef', optional(s), facts.refs);
      }
      for (const env of items(pairOf(c, 'env'))) {
        const vf = mapOf(pairOf(env, 'valueFrom'));
        const cm = mapOf(pairOf(vf, 'configMapKeyRef'));
        if (cm) reader.name(pairOf(cm, 'name'), 'ConfigMap', 'env configMapKeyRef', optional(cm), facts.refs);
        const s = mapOf(pairOf(vf, 'secretKeyRef'));
        if (s) reader.name(pairOf(s, 'name'), 'Secret', 'env secretKeyRef', optional(s), facts.refs);
      }
    }
  }
  return facts;
}

function pairOf(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  for (const p of (map as YAMLMap).items) if (isScalar(p.key) && p.key.value === key) return p as Pair;
  return undefined;
}

function mapOf(p: Pair | undefined): YAMLMap | undefined {
  return p && isMap(p.value) ? (p.value as YAMLMap) : undefined;
}

function mapAt(root: unknown, path: readonly string[]): YAMLMap | undefined {
  let node: unknown = root;
  for (const key of path) {
    const p = pairOf(node, key);
    if (!p) return undefined;
    node = p.value;
  }
  return isMap(node) ? (node as YAMLMap) : undefined;
}

function items(p: Pair | undefined): unknown[] {
  return p && isSeq(p.value) ? p.value.items : [];
}

/** `optional: true` written literally (a templated `optional` is taken as not optional only when literal false). */
function optional(map: YAMLMap): boolean {
  const p = pairOf(map, 'optional');
  return !!p && (!isScalar(p.value) || p.value.value !== false);
}

class Reader {
  constructor(
    private readonly d: DocumentAnalysis,
    private readonly off: number,
  ) {}

  span(node: YamlNode): Span {
    const r = node.range!;
    return { start: this.off + r[0], end: this.off + r[1] };
  }

  private keyEnd(p: Pair): number {
    return this.off + (p.key as YamlNode).range![1];
  }

  private lineEnd(from: number): number {
    const text = this.d.doc.text;
    let e = text.indexOf('\n', from);
    if (e < 0) e = text.length;
    if (e > from && text.charCodeAt(e - 1) === 13) e--;
    return e;
  }

  /** The value on the key's line (or the value itself) holds a template action. */
  dynamic(p: Pair): boolean {
    const t = this.d.doc.template;
    if (!t) return false;
    const start = this.keyEnd(p);
    const end = isScalar(p.value) && p.value.range ? Math.max(this.off + p.value.range[1], this.lineEnd(start)) : this.lineEnd(start);
    return hasActionIn(t, start, end);
  }

  name(p: Pair | undefined, kind: ReferencedKind, via: string, isOptional: boolean, out: PodReference[]): void {
    if (!p || !isScalar(p.key) || !p.key.range) return;
    const templated = this.dynamic(p);
    const value = isScalar(p.value) ? p.value : undefined;
    let name: string;
    let span: Span;
    if (templated) {
      const t = this.d.doc.template!;
      const start = this.keyEnd(p);
      const end = this.lineEnd(start);
      const colon = this.d.doc.text.indexOf(':', start);
      const from = colon >= 0 && colon < end ? colon + 1 : start;
      name = sourceValue(t.source.slice(from, end));
      const s = from + (t.source.slice(from, end).length - t.source.slice(from, end).trimStart().length);
      span = { start: s, end: s + t.source.slice(s, end).trimEnd().length };
    } else {
      if (!value || !value.range || typeof value.value !== 'string' || value.value === '') return;
      name = value.value;
      span = this.span(value);
    }
    if (!name) return;
    out.push({ kind, name, templated, via, span, optional: isOptional, renders: this.renders(span.start) });
  }

  /** Whether the reference renders with its document: undecided when it sits in a branch the document itself is not in. */
  private renders(offset: number): boolean | undefined {
    const t = this.d.doc.template;
    if (!t) return true;
    return enclosingBlocks(t, offset).length <= enclosingBlocks(t, this.d.contentStart).length ? true : undefined;
  }
}

/** A value's source text after its key: a trailing comment and the quotes of a quoted scalar dropped. */
export function sourceValue(raw: string): string {
  let s = raw.trim();
  const comment = /\s#(?![^{]*\}\})/.exec(s);
  if (comment) s = s.slice(0, comment.index).trim();
  if (s.length >= 2 && ((s[0] === '"' && s.endsWith('"')) || (s[0] === "'" && s.endsWith("'")))) s = s.slice(1, -1);
  return s.trim();
}
