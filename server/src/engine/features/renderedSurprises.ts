/**
 * Where Helm's reading of a document is not what its author likely meant. Helm decodes every rendered document with
 * sigs.k8s.io/yaml (go-yaml v2, YAML 1.1) into its SimpleHead (`manifest_sorter.go`): the later of two equal keys
 * wins, merge keys `<<` and aliases apply (in v2 a merge even overrides keys written before it), unquoted numbers
 * and booleans become strings of their value (`007` is "7"), `...` ends the document, and only the object's own
 * `metadata.annotations` make a hook. Each finding says what Helm does instead.
 *
 * Pure: the documents come in with the template file and line they map to (features/renderedDiagnostics.ts builds
 * them from the built-in render); the same reading of one document's text also serves the static diagnostics of
 * literal template text (features/diagnostics.ts), with exact positions.
 */
import { ANNOTATION, DIAGNOSTIC_CODES, structField, type DiagnosticCode } from '../helmFacts';
import { derefNode, effectiveMap, readHelmHead, type EffectiveEntry } from '../documents/headReader';
import type { BuiltinOrder } from '../hooks/builtinOrder';
import type { ChartModel } from '../hooks/chartModel';
import { lineIndexOf } from '../documents/lineIndex';
import { readYamlOutline, resolvePlain, type YamlOutline, type YamlOutlineNode } from '../render/yaml/goYaml';
import { formatFloat } from '../render/yaml/json';
import type { HookDiagnostic, Severity } from '../types';

/** The codes this module reports (each in helmFacts.ts DIAGNOSTIC_CODES). */
export type SurpriseCode = Extract<
  DiagnosticCode,
  | 'duplicate-yaml-key'
  | 'yaml-merge-hook-annotation'
  | 'non-string-name'
  | 'non-string-annotation'
  | 'document-end-swallows-hook'
  | 'hook-in-list'
  | 'nested-hook-annotation'
  | 'hook-never-renders'
  | 'chart-yaml-boolean'
>;

/** One finding in a document's text: `at`/`length` are offsets in that text. */
export interface YamlSurprise {
  code: SurpriseCode;
  message: string;
  at: number;
  length: number;
  /** A severity other than the code's default (a merge that only brings a hook annotation in is information). */
  severity?: Severity;
  /** The key the finding is about (`helm.sh/hook-weight`, `name`), to find its line in a template. */
  key?: string;
}

export interface SurpriseOptions {
  /**
   * Static use: whether the value written at this offset is literal text (no template action on its line). Findings
   * about a value that an action writes are left to the rendered reading.
   */
  isLiteral?: (offset: number) => boolean;
  /** Static use: whether the text at two offsets renders together (no `{{ if }}` branch holds one but not the other). */
  renderTogether?: (x: number, y: number) => boolean;
}

const HOOK_KEY_RE = /helm\.sh\/hook/;

/** Whether a document can hold anything this module reports: every finding is about a hook annotation. */
export function mayHoldSurprise(text: string): boolean {
  return HOOK_KEY_RE.test(text);
}

/** A scalar's source text as go-yaml read it, for messages. */
function shown(n: YamlOutlineNode): string {
  return n.kind === 'scalar' ? n.value : n.kind === 'mapping' ? 'a map' : n.kind === 'sequence' ? 'a list' : `*${n.name}`;
}

function typeName(tag: string): string {
  return tag === 'int' || tag === 'float' ? 'number' : tag === 'bool' ? 'boolean' : tag;
}

/** The string sigs.k8s.io/yaml makes of a non-string scalar where Helm expects a string (what Helm reads). */
function helmString(n: YamlOutlineNode & { kind: 'scalar' }): string {
  const r = resolvePlain(n.value);
  if (r.tag === 'bool') return r.value === true ? 'true' : 'false';
  if (r.tag === 'int') return String(r.value);
  if (r.tag === 'float') return formatFloat(r.value as number, 'g', 32);
  return n.value;
}

/** Findings of rendered documents by their text: a re-render mostly prints the same documents again. */
const renderedFindings = new Map<string, YamlSurprise[]>();

/** The findings in one YAML document's text (a rendered document, or a template document's masked text). */
export function documentSurprises(text: string, opts: SurpriseOptions = {}): YamlSurprise[] {
  if (!mayHoldSurprise(text) || /[\ud800-\udbff]/.test(text)) return [];
  if (opts.isLiteral || opts.renderTogether) return findSurprises(text, opts);
  let hit = renderedFindings.get(text);
  if (hit === undefined) {
    if (renderedFindings.size >= 2000) renderedFindings.clear();
    renderedFindings.set(text, (hit = findSurprises(text, opts)));
  }
  return hit;
}

function findSurprises(text: string, opts: SurpriseOptions): YamlSurprise[] {
  let outline: YamlOutline;
  try {
    outline = readYamlOutline(text);
  } catch {
    // Helm fails the whole render on a document it cannot read: that is the render's diagnostic, not ours.
    return [];
  }
  const out: YamlSurprise[] = [];
  const literal = (offset: number) => !opts.isLiteral || opts.isLiteral(offset);
  const together = (x: number, y: number) => !opts.renderTogether || opts.renderTogether(x, y);
  if (outline.end) swallowed(text, outline, out);
  if (!outline.root) return out;
  const top = effectiveMap(outline.root);
  if (!top) return out;
  const kindEntry = structField(top, 'kind')?.entry;
  const kind = kindEntry?.value.kind === 'scalar' ? kindEntry.value.value : '';
  const metaEntry = structField(top, 'metadata')?.entry;
  const meta = metaEntry ? effectiveMap(metaEntry.value) : undefined;
  const annEntry = meta ? structField(meta, 'annotations')?.entry : undefined;
  const annotations = annEntry ? effectiveMap(annEntry.value) : undefined;
  // `annotations: *hooks`: every annotation comes from the alias.
  if (annotations && annEntry!.origin === 'alias') for (const e of annotations.values()) if (e.origin === 'own') e.origin = 'alias';
  const isHook = !!annotations?.has(ANNOTATION.hook);

  if (isHook) {
    for (const field of ['kind', 'metadata'] as const) duplicates(structField(top, field)?.entry, field, out, literal, together);
    if (meta) {
      for (const field of ['name', 'namespace', 'annotations'] as const) duplicates(structField(meta, field)?.entry, `metadata.${field}`, out, literal, together);
      for (const field of ['name', 'namespace'] as const) nonStringName(structField(meta, field)?.entry, field, out, literal);
    }
  }
  if (annotations) {
    for (const [key, e] of annotations) {
      if (!key.startsWith('helm.sh/')) continue;
      duplicates(e, `metadata.annotations["${key}"]`, out, literal, together);
      mergedAnnotation(e, annEntry!, out, together);
      if (!opts.isLiteral) nonStringAnnotation(e, out);
    }
  }
  // Helm's Kubernetes client flattens any list (`kind: List`, `ConfigMapList`, …): its items are plain resources.
  if (kind.endsWith('List')) listItems(outline.root, out, kind);
  else nestedHooks(outline.root, out, literal);
  return out;
}

/** `...` ends the YAML document: Helm reads only what comes before it (sigs.k8s.io/yaml reads one document). */
function swallowed(text: string, outline: YamlOutline, out: YamlSurprise[]): void {
  const end = outline.end!;
  const rest = text.slice(end.index + 3);
  const m = /^([ \t]*)["']?helm\.sh\/hook["']?[ \t]*:/m.exec(rest);
  if (!m) return;
  const what = /^[ \t]*kind:[ \t]*["']?([A-Za-z0-9]+)/m.exec(rest)?.[1];
  const name = /^[ \t]+name:[ \t]*["']?([^"'\s#]+)/m.exec(rest)?.[1];
  out.push({
    code: 'document-end-swallows-hook',
    at: end.index,
    length: 3,
    message:
      `\`...\` ends the YAML document: Helm reads only what comes before it, so the hook after it` +
      `${what ? ` (${what}${name ? ` ${name}` : ''})` : ''} is never read as a hook and never runs. Use \`---\` to start a new document.`,
  });
}

/** A key written twice (or a merge that overrides it): go-yaml keeps the last assignment. */
function duplicates(
  e: EffectiveEntry | undefined,
  path: string,
  out: YamlSurprise[],
  literal: (offset: number) => boolean,
  together: (x: number, y: number) => boolean,
): void {
  if (!e || e.replaced.length === 0) return;
  const own = e.replaced.filter((r) => r.origin !== 'merge' && together(r.keyNode.index, e.keyNode.index));
  if (own.length === 0 || e.origin === 'merge') return; // merges are mergedAnnotation's
  if (!literal(e.keyNode.index) || !own.every((r) => literal(r.keyNode.index))) return;
  const earlier = own[own.length - 1];
  const scalar = e.value.kind === 'scalar' && earlier.value.kind === 'scalar';
  out.push({
    code: 'duplicate-yaml-key',
    at: earlier.keyNode.index,
    length: earlier.keyNode.kind === 'scalar' ? earlier.keyNode.value.length : 1,
    key: e.key,
    message: scalar
      ? `${path} is written ${own.length + 1} times: Helm keeps the last value "${shown(e.value)}" and ignores "${shown(earlier.value)}" here.`
      : `${path} is written ${own.length + 1} times: Helm keeps only the last one and ignores this one.`,
  });
}

/** A hook annotation that a merge key or an alias brings in, or that a merge overrides. */
function mergedAnnotation(e: EffectiveEntry, annotations: EffectiveEntry, out: YamlSurprise[], together: (x: number, y: number) => boolean): void {
  const overridden = e.origin === 'merge' ? e.replaced.filter((r) => r.origin !== 'merge' && together(r.keyNode.index, e.keyNode.index)) : [];
  if (overridden.length) {
    const written = overridden[overridden.length - 1];
    out.push({
      code: 'yaml-merge-hook-annotation',
      at: written.keyNode.index,
      length: written.keyNode.kind === 'scalar' ? written.keyNode.value.length : 1,
      key: e.key,
      message:
        `A merge key \`<<\` after this line sets ${e.key} to "${shown(e.value)}": Helm's YAML reader (go-yaml v2) lets a later merge ` +
        `override a key written before it, so "${shown(written.value)}" is ignored. Write the key after the merge.`,
    });
    return;
  }
  if (e.origin === 'own') return;
  const via = e.origin === 'merge' ? 'a merge key `<<`' : `an alias (${annotations.value.kind === 'mapping' && annotations.origin === 'alias' ? 'the whole annotations map' : 'its value'})`;
  out.push({
    code: 'yaml-merge-hook-annotation',
    severity: 'information',
    at: e.origin === 'merge' ? e.keyNode.index : annotations.keyNode.index,
    length: e.origin === 'merge' ? e.key.length : 'annotations'.length,
    key: e.key,
    message: `${e.key}: "${shown(e.value)}" comes from ${via}: Helm applies it, and this resource's hook annotations are not where they seem to be written.`,
  });
}

/** metadata.name or namespace written as an unquoted number or boolean. */
function nonStringName(e: EffectiveEntry | undefined, field: string, out: YamlSurprise[], literal: (offset: number) => boolean): void {
  const v = e && derefNode(e.value);
  if (!v || v.kind !== 'scalar' || !v.plain || !['int', 'float', 'bool'].includes(v.tag) || !literal(v.index)) return;
  out.push({
    code: 'non-string-name',
    at: v.index,
    length: v.value.length,
    key: field,
    message:
      `metadata.${field}: ${v.value} is a YAML ${typeName(v.tag)}, not a string: Helm reads it as "${helmString(v)}" (and orders ` +
      `hooks by that), and Kubernetes rejects the object when it is applied ("cannot unmarshal ${typeName(v.tag)} into Go struct ` +
      `field ObjectMeta.metadata.${field} of type string"). Quote it.`,
  });
}

/** A hook annotation the render writes as an unquoted number or boolean (literal ones are the static check's). */
function nonStringAnnotation(e: EffectiveEntry, out: YamlSurprise[]): void {
  const v = e.value;
  if (v.kind !== 'scalar' || !v.plain || !['int', 'float', 'bool'].includes(v.tag)) return;
  out.push({
    code: 'non-string-annotation',
    at: v.index,
    length: v.value.length,
    key: e.key,
    message:
      `${e.key} renders as ${v.value}, a YAML ${typeName(v.tag)}: Helm reads "${helmString(v)}" and sorts by it, but Kubernetes ` +
      `rejects the object when the hook is applied ("cannot unmarshal ${typeName(v.tag)} into Go struct field ` +
      'ObjectMeta.metadata.annotations of type string"). Quote it in the template (`| quote`).',
  });
}

/** The annotations mapping under `metadata` of a map node, when it holds helm.sh/hook. */
function hookAnnotationIn(obj: YamlOutlineNode): EffectiveEntry | undefined {
  const m = effectiveMap(obj);
  const md = m && structField(m, 'metadata')?.entry;
  const mm = md && effectiveMap(md.value);
  const ann = mm && structField(mm, 'annotations')?.entry;
  return ann && effectiveMap(ann.value)?.get(ANNOTATION.hook);
}

/** `kind: List` (or any `…List`): Helm reads the list's own head only; its items are applied as ordinary resources. */
function listItems(root: YamlOutlineNode, out: YamlSurprise[], listKind: string): void {
  const top = effectiveMap(root);
  const items = top && structField(top, 'items')?.entry.value;
  if (!items || items.kind !== 'sequence') return;
  for (const item of items.items) {
    const hook = hookAnnotationIn(derefNode(item));
    if (!hook) continue;
    const m = effectiveMap(derefNode(item))!;
    const k = structField(m, 'kind')?.entry.value;
    const md = structField(m, 'metadata')?.entry;
    const nm = md && effectiveMap(md.value)?.get('name')?.value;
    const what = `${k?.kind === 'scalar' ? k.value : 'item'}${nm?.kind === 'scalar' ? ` ${nm.value}` : ''}`;
    out.push({
      code: 'hook-in-list',
      at: hook.keyNode.index,
      length: ANNOTATION.hook.length,
      key: ANNOTATION.hook,
      message:
        `This ${what} is an item of a kind: ${listKind}: Helm reads only the list's own metadata, so it is not a hook — ` +
        'it is created with the release as an ordinary resource. Write it as its own document (`---`).',
    });
  }
}

/** `helm.sh/hook` in any `metadata.annotations` below the object's own (a pod template, a job template). */
function nestedHooks(root: YamlOutlineNode, out: YamlSurprise[], literal: (offset: number) => boolean): void {
  const seen = new Set<YamlOutlineNode>();
  const visit = (n: YamlOutlineNode, path: string, depth: number): void => {
    const x = derefNode(n);
    if (seen.has(x) || depth > 64) return;
    seen.add(x);
    if (x.kind === 'sequence') {
      x.items.forEach((c, i) => visit(c, `${path}[${i}]`, depth + 1));
      return;
    }
    const m = effectiveMap(x);
    if (!m) return;
    for (const [k, e] of m) {
      if (depth === 0 && k === 'metadata') continue;
      const here = path ? `${path}.${k}` : k;
      if (k === 'metadata' && depth > 0) {
        const hook = hookAnnotationIn(x);
        if (hook && literal(hook.keyNode.index)) {
          out.push({
            code: 'nested-hook-annotation',
            at: hook.keyNode.index,
            length: ANNOTATION.hook.length,
            key: ANNOTATION.hook,
            message:
              `helm.sh/hook on ${here}.annotations makes no hook: Helm reads only the object's own metadata.annotations, so this ` +
              `resource is an ordinary resource${path.endsWith('template') ? ' (and the annotation only lands on its pods)' : ''}. Move it to the top-level metadata.annotations.`,
          });
        }
        continue;
      }
      visit(e.value, here, depth + 1);
    }
  };
  visit(root, '', 0);
}

// ---- rendered documents --------------------------------------------------------------------------------------------

/** A rendered document and where it comes from. */
export interface RenderedDocumentAt {
  /** Helm's template path (`chart/templates/x.yaml`). */
  helmPath: string;
  /** The document as Helm printed it. */
  content: string;
  /** The template file it maps to, and the 1-based line there (renderedHooks.ts' mapping). */
  file: string;
  line: number;
  /** The template's text (as the editor has it), to put a finding on the line of the key it is about. */
  templateText?: string;
}

export interface RenderedSurpriseOptions {
  severity?: Partial<Record<string, Severity | 'off'>>;
}

/** The findings of rendered documents, on their templates' lines, by template file. */
export function renderedSurprises(docs: readonly RenderedDocumentAt[], opts: RenderedSurpriseOptions = {}): Map<string, HookDiagnostic[]> {
  const out = new Map<string, HookDiagnostic[]>();
  for (const d of docs) {
    const found = documentSurprises(d.content);
    if (!found.length) continue;
    const text = d.templateText ?? '';
    const lines = lineIndexOf(text);
    for (const s of found) {
      const override = opts.severity?.[s.code];
      if (override === 'off') continue;
      const line = keyLine(text, d.line, s.key) ?? d.line;
      const lineStart = text ? lines.offsetAt({ line: Math.max(0, line - 1), character: 0 }) : 0;
      const eol = text.indexOf('\n', lineStart);
      const lineEnd = eol < 0 ? text.length : eol;
      const indent = /^[ \t]*/.exec(text.slice(lineStart, lineEnd))![0].length;
      const diagnostic: HookDiagnostic = {
        code: s.code,
        severity: override ?? s.severity ?? DIAGNOSTIC_CODES[s.code].severity,
        message: `${s.message} (as rendered with these values)`,
        range: text ? lines.range(lineStart + indent, lineEnd) : { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 0 } },
        fixes: [],
      };
      const list = out.get(d.file);
      if (list) list.push(diagnostic);
      else out.set(d.file, [diagnostic]);
    }
  }
  return out;
}

/**
 * The 1-based line of `key:` in the template document that starts at or around `line` (the mapped line may be the
 * hook annotation's or the document's first line): the nearest such line within that document, if any.
 */
function keyLine(text: string, line: number, key: string | undefined): number | undefined {
  if (!text || !key) return undefined;
  const all = text.split('\n');
  // The template document holding `line`: between the separators around it.
  let from = Math.min(Math.max(0, line - 1), all.length - 1);
  while (from > 0 && !/^---/.test(all[from])) from--;
  let to = Math.max(0, line - 1);
  while (to < all.length && !(to > from && /^---/.test(all[to]))) to++;
  const re = new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}["']?\\s*:`);
  let best: number | undefined;
  for (let i = from; i < to; i++) if (re.test(all[i]) && (best === undefined || Math.abs(i + 1 - line) < Math.abs(best - line))) best = i + 1;
  return best;
}

// ---- Chart.yaml -----------------------------------------------------------------------------------------------------

/**
 * Chart.yaml words YAML 1.1 reads as booleans (`name: on`, `condition: yes`): Helm's chart loader (sigs.k8s.io/yaml
 * into chart.Metadata) turns them into the strings "true"/"false".
 */
export function chartYamlSurprises(text: string): YamlSurprise[] {
  if (/[\ud800-\udbff]/.test(text)) return [];
  let outline: YamlOutline;
  try {
    outline = readYamlOutline(text);
  } catch {
    return [];
  }
  const top = outline.root && effectiveMap(outline.root);
  if (!top) return [];
  const out: YamlSurprise[] = [];
  const check = (e: EffectiveEntry | undefined, what: 'name' | 'alias' | 'condition', where: string) => {
    const v = e && derefNode(e.value);
    if (!v || v.kind !== 'scalar' || !v.plain || v.tag !== 'bool') return;
    const reads = helmString(v);
    const message =
      what === 'condition'
        ? `${where}condition: ${v.value} is a YAML 1.1 boolean: Helm reads the condition as the values path "${reads}", not as ` +
          `"always" or "never" — the subchart is enabled unless the values hold a key "${reads}". Write a values path such as sub.enabled.`
        : `${where}${what}: ${v.value} is a YAML 1.1 boolean: Helm reads the ${what} as "${reads}" (template paths, .Chart.Name and ` +
          'dependency matching all use that). Quote it.';
    out.push({ code: 'chart-yaml-boolean', severity: what === 'condition' ? 'warning' : undefined, at: v.index, length: v.value.length, message });
  };
  check(top.get('name'), 'name', '');
  const deps = top.get('dependencies')?.value;
  if (deps?.kind === 'sequence') {
    deps.items.forEach((item, i) => {
      const m = effectiveMap(derefNode(item));
      if (!m) return;
      const name = m.get('name')?.value;
      const label = `dependencies[${i}]${name?.kind === 'scalar' ? ` (${name.value})` : ''} `;
      check(m.get('name'), 'name', label);
      check(m.get('alias'), 'alias', label);
      check(m.get('condition'), 'condition', label);
    });
  }
  return out;
}

// ---- the documents of a built-in render -----------------------------------------------------------------------------

/**
 * The rendered documents that may hold a surprise, each with the template file and line renderedHooks.ts mapped it
 * to: a hook's mapping, an ordinary resource's (by kind and name as Helm reads them), else the template's first line
 * that writes `helm.sh/hook`.
 */
export function renderedSurpriseInputs(chart: ChartModel, built: BuiltinOrder): RenderedDocumentAt[] {
  if (!built.render.ok) return [];
  const model = built.rendered?.model;
  const hookAt = new Map<string, { file: string; line: number }>();
  // A document's span in the joined output ends with its newline; Helm's manifest content does not.
  const key = (helmPath: string, text: string) => `${helmPath}\u0000${text.endsWith('\n') ? text.slice(0, -1) : text}`;
  if (model) {
    model.sources.forEach((src, i) => {
      const h = model.hooks[i];
      hookAt.set(key(src.doc.helmPath, src.doc.text.slice(src.doc.span.start, src.doc.span.end)), { file: h.file, line: h.line });
    });
  }
  const templates = new Map(chart.templates.map((t) => [t.helmPath, t]));
  const out: RenderedDocumentAt[] = [];
  for (const m of built.render.release.manifests) {
    // Read twice where there is a finding (rare), once everywhere else; the template is looked at only then.
    if (!mayHoldSurprise(m.content) || documentSurprises(m.content).length === 0) continue;
    const t = templates.get(m.helmPath);
    const templateText = t ? chart.analyzeFile(t).text : undefined;
    let at = hookAt.get(key(m.helmPath, m.content));
    if (!at && model) {
      const head = readHelmHead(m.content);
      const r = head && model.resources.find((x) => x.path === m.helmPath && x.kind === head.kind && x.name === head.name);
      if (r) at = { file: r.file, line: r.line };
    }
    if (!at) {
      const i = templateText ? templateText.split('\n').findIndex((l) => HOOK_KEY_RE.test(l)) : -1;
      at = { file: t?.file ?? `${chart.chart.root}/${m.helmPath.split('/').slice(1).join('/')}`, line: i >= 0 ? i + 1 : 1 };
    }
    out.push({ helmPath: m.helmPath, content: m.content, file: at.file, line: at.line, templateText });
  }
  return out;
}
