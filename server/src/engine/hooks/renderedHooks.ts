/**
 * Rendered documents (Helm's output, or the built-in renderer's, which prints the same) turned into the hook model:
 * the documents go through `analyzeDocument` and are ordered by `buildHookModel`/`orderResult` exactly as the masked
 * reading's are, and each rendered document is mapped back to the template document it comes from.
 *
 * Pure: no process, no file system beyond the chart model it is given.
 */
import type { ChartModel } from './chartModel';
import type { ChartTemplateFile } from '../documents/chartTree';
import { goToLower, goTrimSpace, resolveEvent } from '../helmFacts';
import { analyzeDocument, type DocumentAnalysis } from './hookExtraction';
import { buildHookModel, chartCrds, compareGoStrings, documentLine, orderResult, type HookModel } from './hookOrder';
import { inSubchartPath, renderedDocuments } from '../documents/manifestDocuments';
import type { CommandName, DroppedItem, HelmVersion, HookItem, HookStep, HookStepItem, OrderResult } from '../types';

import type { HelmReleaseHook, RenderedManifest, RenderedRelease } from '../documents/helmOutput';
import { placeOf, templateFileOf } from '../documents/renderTrace';

// ---- mapping rendered documents back to template documents -------------------------------------------------------

/** A static name (`{{…}}-migrate`) as a pattern: templated parts match anything. */
function namePattern(staticName: string): RegExp {
  const parts = staticName.split('{{…}}').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[\\s\\S]*')}$`);
}

export interface TemplateMapping {
  /** Absolute template file (or Helm's path when no template of the chart has it). */
  file: string;
  /** 1-based line in the template: the hook annotation, else the document's first line. */
  line: number;
  uncertain: boolean;
  note?: string;
}

/**
 * Maps the rendered documents of one template file onto the file's template documents: by kind and name (a
 * templated name is a pattern), hooks preferring hook documents, then by order (the k-th rendered document of a
 * kind takes the k-th fitting template document, as Helm keeps file order among equal kinds). A mapping is
 * uncertain when more than one template document fits, or none does.
 */
export function mapFileDocuments(template: ChartTemplateFile | undefined, staticDocs: DocumentAnalysis[], rendered: DocumentAnalysis[]): TemplateMapping[] {
  const candidatesOf = staticDocs.filter((d) => !d.empty);
  const uses = new Map<DocumentAnalysis, number>();
  const file = template?.file ?? rendered[0]?.doc.file ?? '';
  return rendered.map((r) => {
    if (!template) return { file, line: 1, uncertain: true, note: `no template ${r.doc.helmPath} in the chart as the editor sees it` };
    const kindFits = (s: DocumentAnalysis) => !s.kind || s.kindDynamic || s.kind === r.kind;
    const nameFits = (s: DocumentAnalysis) => s.name === undefined || (s.nameDynamic ? namePattern(s.name).test(r.name ?? '') : s.name === (r.name ?? ''));
    const hookFits = (s: DocumentAnalysis) => !r.hook || !!s.hook || s.annotationsDynamic;
    let pool = candidatesOf.filter((s) => kindFits(s) && nameFits(s) && hookFits(s));
    // A literal name equal to the rendered one beats templated names that could also render it.
    const exact = pool.filter((s) => !s.nameDynamic && s.name !== undefined && s.name === (r.name ?? ''));
    if (exact.length) pool = exact;
    let note: string | undefined;
    if (pool.length === 0) {
      pool = candidatesOf.filter((s) => kindFits(s) && nameFits(s));
      if (pool.length === 0) pool = candidatesOf.filter(kindFits);
      if (pool.length === 0) pool = candidatesOf;
      note = `no template document of ${template.helmPath} reads as ${r.kind ?? 'this kind'} ${r.name ?? ''}`.trimEnd();
    }
    if (pool.length === 0) return { file, line: 1, uncertain: true, note: note ?? `no document in ${template.helmPath}` };
    // The least used fitting document, earliest in the file: one document inside `range` may render several.
    let best = pool[0];
    for (const s of pool) if ((uses.get(s) ?? 0) < (uses.get(best) ?? 0)) best = s;
    uses.set(best, (uses.get(best) ?? 0) + 1);
    const uncertain = !!note || pool.length > 1;
    if (!note && pool.length > 1) note = `${pool.length} template documents of ${template.helmPath} could render ${r.kind ?? ''} ${r.name ?? ''}: mapped by order`.replace(/ +/g, ' ');
    return { file: template.file, line: documentLine(best), uncertain, note };
  });
}

/**
 * The exact mapping of documents the built-in renderer traced: the template line of the document's hook annotation
 * (or of its first line) as the trace gives it — in the template itself for literal text, at the action that printed
 * it otherwise (`{{ include "x.annotations" . }}`). `bases` are the documents' content offsets in the joined text.
 */
function tracedMappings(docs: DocumentAnalysis[], manifests: RenderedManifest[], bases: number[], root: string, files: ReadonlyMap<string, string>): TemplateMapping[] {
  return docs.map((d, i) => {
    const m = manifests[i];
    const trace = m.trace!;
    const at = (d.hook?.entry.keySpan.start ?? d.contentStart) - bases[i];
    const place = (at >= 0 ? placeOf(trace, m.content, at) : undefined) ?? trace.start;
    return { file: templateFileOf(place.path, root, files), line: place.line, uncertain: false };
  });
}

// ---- the rendered order ----------------------------------------------------------------------------------------

export interface RenderedHookModel {
  model: HookModel;
  /** Template mapping of each hook (same index as `model.hooks`). */
  mappings: TemplateMapping[];
  /**
   * Where the stored order we rebuilt differs from the order in which Helm printed its hooks (both `hooks[]` and
   * `helm template` print Helm's own stored list). Empty normally.
   */
  printedOrderProblems: string[];
}

/**
 * Builds Helm's stored hook list from rendered documents, through `analyzeDocument` and `buildHookModel`: the
 * documents are grouped per template path and the paths visited in sorted order, as Helm's `SortManifests` does.
 * Within a file Helm's output keeps file order among documents of one kind, which is all the stable kind sort
 * needs to give Helm's own stored order.
 */
export function renderedHookModel(chart: ChartModel, release: RenderedRelease, version: HelmVersion): RenderedHookModel {
  const steps = renderedHookModelSteps(chart, release, version);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * `renderedHookModel` in steps, one document at a time: a large chart's output (MBs of dashboards in ConfigMaps)
 * takes a good part of a second to read, and the language server must keep answering meanwhile.
 */
export function* renderedHookModelSteps(chart: ChartModel, release: RenderedRelease, version: HelmVersion): Generator<void, RenderedHookModel, void> {
  const byPath = new Map<string, number[]>();
  release.manifests.forEach((m, i) => {
    const list = byPath.get(m.helmPath);
    if (list) list.push(i);
    else byPath.set(m.helmPath, [i]);
  });
  const paths = [...byPath.keys()].sort(compareGoStrings);
  const templates = new Map(chart.templates.map((t) => [t.helmPath, t]));
  const templateFiles = new Map(chart.templates.map((t) => [t.helmPath, t.file]));
  const all: DocumentAnalysis[] = [];
  const mappingOf = new Map<DocumentAnalysis, TemplateMapping>();
  const printedIndex = new Map<DocumentAnalysis, number>();
  for (const p of paths) {
    const t = templates.get(p);
    const file = t?.file ?? `${chart.chart.root}/${p.split('/').slice(1).join('/')}`;
    const printed = byPath.get(p)!;
    // Helm removed every separator line from a document, so joining with `---` lines splits back exactly.
    const text = printed.map((i) => release.manifests[i].content).join('\n---\n') + '\n';
    const docs: DocumentAnalysis[] = [];
    for (const doc of renderedDocuments(file, p, text, { inSubchart: t ? !!t.chart.parent : inSubchartPath(p) })) {
      docs.push(analyzeDocument(doc));
      yield;
    }
    const manifests = printed.map((i) => release.manifests[i]);
    let maps: TemplateMapping[];
    if (docs.length === printed.length && manifests.every((m) => m.trace !== undefined)) {
      // the built-in renderer traced every document: no guessing
      const bases: number[] = [];
      let base = 0;
      for (const m of manifests) {
        bases.push(base);
        base += m.content.length + '\n---\n'.length;
      }
      maps = tracedMappings(docs, manifests, bases, chart.chart.root, templateFiles);
    } else {
      const staticDocs = t && t.role === 'manifest' ? chart.analyzeFile(t).documents : [];
      maps = mapFileDocuments(t, staticDocs, docs);
    }
    docs.forEach((d, i) => mappingOf.set(d, maps[i]));
    if (docs.length === printed.length) docs.forEach((d, i) => printedIndex.set(d, printed[i]));
    all.push(...docs);
    yield;
  }
  const model = buildHookModel(all, version);
  const mappings = model.sources.map((s) => mappingOf.get(s)!);
  // Positions point at the templates, not at Helm's output.
  model.hooks.forEach((h, i) => {
    const m = mappings[i];
    h.file = m.file;
    h.line = m.line;
    if (m.uncertain) {
      h.mappingUncertain = true;
      h.mappingNote = m.note;
    }
  });
  const resourceMaps = new Map<string, TemplateMapping>();
  for (const d of all) if (!d.hook) resourceMaps.set(`${d.doc.helmPath}\u0000${d.kind ?? ''}\u0000${d.name ?? ''}`, mappingOf.get(d)!);
  for (const r of model.resources) {
    const m = resourceMaps.get(`${r.path}\u0000${r.kind}\u0000${r.name}`);
    if (m) {
      r.file = m.file;
      r.line = m.line;
    }
  }
  return { model, mappings, printedOrderProblems: printedOrderProblems(model, printedIndex) };
}

/** Compares the stored order rebuilt by `buildHookModel` with the order of the hook documents in Helm's output. */
function printedOrderProblems(model: HookModel, printedIndex: Map<DocumentAnalysis, number>): string[] {
  if (model.sources.some((s) => !printedIndex.has(s))) return [];
  const printed = model.sources.slice().sort((a, b) => printedIndex.get(a)! - printedIndex.get(b)!);
  const at = printed.findIndex((s, i) => s !== model.sources[i]);
  if (at < 0) return [];
  const what = (d: DocumentAnalysis) => `${d.kind ?? '?'} ${d.name ?? ''} (${d.doc.helmPath})`;
  return [`stored hook #${at + 1}: Helm printed ${what(printed[at])}, Helm Hooks' kind sort gives ${what(model.sources[at])}`];
}

/** A JSON string with invisible characters spelled out (a byte-order mark shows as `\ufeff`). */
function quoted(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u00a0\u00ad\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Why Helm dropped a resource with this `helm.sh/hook` value: the first item that is not an event. */
export function skippedHookReason(value: string): string {
  const items = value.split(',');
  const bad = items.find((i) => resolveEvent(i) === undefined) ?? value;
  const norm = goToLower(goTrimSpace(bad));
  const what = norm === '' ? 'an empty event is not a hook event' : `${quoted(norm)} is not a hook event`;
  const whole = items.length > 1 || norm !== value ? `helm.sh/hook ${quoted(value)}: ` : '';
  return `${whole}${what}, so Helm skipped the whole resource (from Helm's log)`;
}

/**
 * The resources Helm dropped, from the hook values in its log, placed on the template documents whose literal
 * `helm.sh/hook` is that value (Helm's log names no file: with several or only templated candidates the place is
 * a guess and marked so).
 */
export function droppedFromLog(chart: ChartModel, values: string[]): DroppedItem[] {
  if (values.length === 0) return [];
  const docs = chart.documents().filter((d) => d.hook);
  const out: DroppedItem[] = [];
  for (const v of values) {
    const literal = docs.filter((d) => !d.hook!.entry.dynamic && d.hook!.entry.value === v);
    const pool = literal.length ? literal : docs.filter((d) => d.hook!.dynamic || d.hook!.dropped);
    const reason = skippedHookReason(v);
    if (pool.length === 0) {
      out.push({ kind: '', name: '', path: '', line: 0, file: '', reason, mappingUncertain: true });
      continue;
    }
    const d = pool[0];
    out.push({
      kind: d.kind ?? '',
      name: d.name ?? '',
      path: d.doc.helmPath,
      line: documentLine(d),
      file: d.doc.file,
      reason,
      mappingUncertain: pool.length > 1 || literal.length === 0 || undefined,
    });
  }
  return out;
}

/**
 * The resources Helm dropped, exactly: the built-in renderer traced the documents it did not print, so each skipped
 * hook value is placed on the template line its document comes from. Undefined without a trace (real helm's log).
 */
export function droppedFromTrace(chart: ChartModel, release: RenderedRelease, values: string[]): DroppedItem[] | undefined {
  if (values.length === 0) return [];
  const unprinted = release.unprinted;
  if (unprinted === undefined) return undefined;
  const files = new Map(chart.templates.map((t) => [t.helmPath, t.file]));
  const pending = values.slice();
  const out: DroppedItem[] = [];
  for (const m of unprinted) {
    if (m.trace === undefined || !m.content.includes('helm.sh/hook')) continue;
    for (const doc of renderedDocuments(templateFileOf(m.helmPath, chart.chart.root, files), m.helmPath, `${m.content}\n`, { inSubchart: inSubchartPath(m.helmPath) })) {
      const d = analyzeDocument(doc);
      const value = d.hook?.entry.value;
      const k = value === null || value === undefined ? -1 : pending.indexOf(value);
      if (k < 0 || !d.hook) continue;
      pending.splice(k, 1);
      const place = placeOf(m.trace, m.content, d.hook.entry.keySpan.start) ?? m.trace.start;
      out.push({ kind: d.kind ?? '', name: d.name ?? '', path: m.helmPath, line: place.line, file: templateFileOf(place.path, chart.chart.root, files), reason: skippedHookReason(value!) });
    }
  }
  // what the trace did not find (none expected) keeps the log's guess
  return pending.length === 0 ? out : [...out, ...droppedFromLog(chart, pending)];
}

/** The identity of a hook across two renders of one chart with one release name. */
export function hookKey(h: { path: string; kind: string; name: string }): string {
  return `${h.path}\u0000${h.kind}\u0000${h.name}`;
}

/**
 * "Verify with helm": Helm's hooks placed exactly, from the built-in render of the same value set. Helm's output
 * names no template line, so rendered mode maps its documents to template documents by a guess (`mappingUncertain`);
 * the built-in render traced each document to its template line. Each Helm hook of an event takes the line of the
 * built-in hook of that event with the same (template path, kind, name) — the k-th such hook the k-th — and its
 * guess is dropped; a hook the built-in render does not have keeps its guess, marked. Dropped resources are matched
 * by Helm's reason (the skipped `helm.sh/hook` value). Changes `helm` in place; returns how many were placed.
 */
export function placeFromBuiltin(helm: OrderResult, builtin: OrderResult): number {
  let placed = 0;
  const isHooks = (s: { type: string }): s is HookStep => s.type === 'hooks';
  for (const [command, order] of Object.entries(helm.commands)) {
    const twin = builtin.commands[command as CommandName];
    for (const step of order?.steps ?? []) {
      if (!isHooks(step)) continue;
      const pool = new Map<string, HookStepItem[]>();
      for (const b of twin?.steps.find((x): x is HookStep => isHooks(x) && x.id === step.id)?.items ?? []) {
        const list = pool.get(hookKey(b));
        if (list) list.push(b);
        else pool.set(hookKey(b), [b]);
      }
      for (const h of step.items) {
        const b = pool.get(hookKey(h))?.shift();
        if (!b || b.mappingUncertain) continue;
        if (h.mappingUncertain || h.file !== b.file || h.line !== b.line) placed++;
        h.file = b.file;
        h.line = b.line;
        delete h.mappingUncertain;
        delete h.mappingNote;
      }
    }
  }
  const byReason = new Map<string, DroppedItem[]>();
  for (const b of builtin.dropped) {
    const list = byReason.get(b.reason);
    if (list) list.push(b);
    else byReason.set(b.reason, [b]);
  }
  for (const d of helm.dropped) {
    const b = byReason.get(d.reason)?.shift();
    if (!b || b.mappingUncertain || !d.mappingUncertain) continue;
    d.kind = b.kind;
    d.name = b.name;
    d.path = b.path;
    d.line = b.line;
    d.file = b.file;
    delete d.mappingUncertain;
    placed++;
  }
  return placed;
}

export interface RenderedOrderInput {
  release: RenderedRelease;
  /** `helm.sh/hook` values Helm logged as skipped. */
  skippedHooks: string[];
  /** The Helm major version detected: its kind order is used. */
  version: HelmVersion;
  /** Keys (`hookKey`) of the hooks a render with the chart's default values has: the others are marked `valuesOnly`. */
  defaultHookKeys?: ReadonlySet<string>;
  only?: CommandName;
  /** Who rendered the documents: real helm (`rendered`, the default) or the built-in renderer (`builtin`). */
  mode?: 'rendered' | 'builtin';
}

export interface RenderedOrder {
  order: OrderResult;
  model: HookModel;
  /**
   * Where our reading of the documents differs from Helm's own: its printed hook order (both outputs) and its hook
   * list (JSON releases). Empty normally.
   */
  crossCheck: string[];
}

/** Rendered mode's order: Helm's documents through the engine's own hook semantics. */
export function renderedOrder(chart: ChartModel, input: RenderedOrderInput): RenderedOrder {
  return finishRenderedOrder(chart, input, renderedHookModel(chart, input.release, input.version));
}

/**
 * `renderedOrder` that gives way between documents: `pause` is awaited whenever a slice of work has run for
 * `sliceMs` (the server passes a `setImmediate` promise, so requests such as completion interleave).
 */
export async function renderedOrderInSlices(chart: ChartModel, input: RenderedOrderInput, pause: () => Promise<void>, sliceMs = 10): Promise<RenderedOrder> {
  const steps = renderedHookModelSteps(chart, input.release, input.version);
  let sliceStart = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return finishRenderedOrder(chart, input, next.value);
    if (performance.now() - sliceStart >= sliceMs) {
      await pause();
      sliceStart = performance.now();
    }
  }
}

function finishRenderedOrder(chart: ChartModel, input: RenderedOrderInput, rendered: RenderedHookModel): RenderedOrder {
  const { model, printedOrderProblems: printed } = rendered;
  model.dropped.push(...(droppedFromTrace(chart, input.release, input.skippedHooks) ?? droppedFromLog(chart, input.skippedHooks)));
  if (input.defaultHookKeys) for (const h of model.hooks) if (!input.defaultHookKeys.has(hookKey(h))) h.valuesOnly = true;
  const order = orderResult({ name: chart.chart.name, root: chart.chart.root }, model, input.version, chartCrds(chart.chart, (f) => chart.fs.readText(f)), input.mode ?? 'rendered', input.only);
  return { order, model, crossCheck: [...printed, ...(input.release.helmHooks ? crossCheck(model.hooks, input.release.helmHooks) : [])] };
}

/** Compares the hooks we read from Helm's documents with Helm's own list, in stored order. */
export function crossCheck(ours: HookItem[], helm: HelmReleaseHook[]): string[] {
  const problems: string[] = [];
  const n = Math.max(ours.length, helm.length);
  for (let i = 0; i < n; i++) {
    const a = ours[i];
    const b = helm[i];
    if (!a || !b) {
      problems.push(`hook #${i + 1}: ${a ? `${a.kind} ${a.name} is not in Helm's list` : `Helm's ${b.kind} ${b.name} (${b.path}) was not read`}`);
      continue;
    }
    const helmEvents = b.events.map((e) => resolveEvent(e) ?? e);
    const diffs: string[] = [];
    if (a.kind !== b.kind || a.name !== b.name || a.path !== b.path) diffs.push(`${a.kind} ${a.name} (${a.path}) vs Helm's ${b.kind} ${b.name} (${b.path})`);
    if (a.events.join(',') !== helmEvents.join(',')) diffs.push(`events [${a.events.join(', ')}] vs [${helmEvents.join(', ')}]`);
    if (a.weight !== (b.weight ?? 0)) diffs.push(`weight ${a.weight} vs ${b.weight ?? 0}`);
    if (a.deletePolicies.join(',') !== (b.delete_policies ?? []).join(',')) diffs.push(`delete policies [${a.deletePolicies.join(', ')}] vs [${(b.delete_policies ?? []).join(', ')}]`);
    if (diffs.length) problems.push(`hook #${i + 1}: ${diffs.join('; ')}`);
  }
  return problems;
}
