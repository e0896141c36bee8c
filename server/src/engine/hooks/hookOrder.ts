/**
 * Helm's hook order, per command (spec §2-4): hooks are stable-sorted by kind (`sortHooksByKind`, InstallOrder),
 * then for one event stable-sorted by (weight, name) in `pkg/action/hooks.go`. Kind only breaks ties of equal names.
 */
import {
  ANNOTATION,
  COMMANDS,
  DEFAULT_TIMEOUT,
  PHASE_FAILURE,
  earlierHooksCleanedText,
  compareHookWeights,
  goToLower,
  hookWaitStrategy,
  hookWaitText,
  rollbackFlag,
  goTrimSpace,
  installOrder,
  RESOURCE_POLICY_KEEP,
  NEVER_DELETED_HOOK_KINDS,
  POD_SPEC_PATHS,
  uninstallOrder,
  WAITED_KINDS,
} from '../helmFacts';
import { firstIndex } from '../documents/bisect';
import type { ChartNode } from '../documents/chartTree';
import { readHead, readHelmHead } from '../documents/headReader';
import { lineIndexOf } from '../documents/lineIndex';
import { splitDocuments } from '../documents/manifestDocuments';
import { effectiveDeletePolicies, nameSourceText, type DocumentAnalysis } from './hookExtraction';
import { podFactsOf, type PodReference } from './podReferences';
import type {
  CommandName,
  CommandOrder,
  DisabledItem,
  DroppedItem,
  HelmVersion,
  HookEventName,
  HookFailureOutcome,
  HookItem,
  HookStep,
  HookStepFailure,
  HookStepItem,
  OrderMode,
  OrderResult,
  OrderStep,
  ResourceItem,
} from '../types';

/** Analyses are cached per file text, so a document's line is computed once, not on every re-sort. */
const docLines = new WeakMap<DocumentAnalysis, number>();
/** An edit moved a document's text by `lines` lines (its analysis was moved in place): its cached line follows. */
export function shiftDocLine(d: DocumentAnalysis, lines: number): void {
  const line = docLines.get(d);
  if (line !== undefined && lines !== 0) docLines.set(d, line + lines);
}

/** 1-based line of a document's hook annotation (or its first content), kept with its analysis. */
export function documentLine(d: DocumentAnalysis): number {
  let line = docLines.get(d);
  if (line === undefined) {
    line = lineAt(d.doc.text, d.hook?.entry.keySpan.start ?? d.contentStart);
    docLines.set(d, line);
  }
  return line;
}

/** Where the last line was counted: a file's documents are asked in order, so lines are counted on from there. */
let counted: { text: string; offset: number; line: number; cr: boolean } | undefined;

/**
 * 1-based line of `offset` (line breaks as LineIndex counts them). A long text uses the line index it shares with
 * diagnostics (an edit of a 20,000-line file would count from its start again); short ones are counted.
 */
function lineAt(text: string, offset: number): number {
  if (text.length > 65536) return lineIndexOf(text).positionAt(offset).line + 1;
  const same = counted && counted.text === text;
  const cr = same ? counted!.cr : text.indexOf('\r') >= 0;
  const from = same && counted!.offset <= offset ? counted! : { offset: 0, line: 1 };
  let line = from.line;
  if (!cr) {
    // Line feeds only: found natively, one step per line.
    for (let i = text.indexOf('\n', from.offset); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  } else {
    for (let i = from.offset; i < offset; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) line++;
    }
  }
  counted = { text, offset, line, cr };
  return line;
}

/** `lessByKind` in `kind_sorter.go`: known kinds by their index, unknown kinds last and alphabetical. */
export function kindComparator(order: readonly string[]): (a: string, b: string) => number {
  const index = new Map(order.map((k, i) => [k, i]));
  return (a, b) => {
    const ia = index.get(a);
    const ib = index.get(b);
    if (ia === undefined && ib === undefined) return a < b ? -1 : a > b ? 1 : 0;
    if (ia === undefined) return 1;
    if (ib === undefined) return -1;
    return ia - ib;
  };
}

/**
 * Byte-wise comparison of Go strings (UTF-8), as `sort` compares `h.Name`. UTF-8 bytes order like code points, and
 * UTF-16 units order like code points except where a surrogate meets a unit from U+E000 up: only there are the
 * code points compared.
 */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  const ca = a.charCodeAt(i);
  const cb = b.charCodeAt(i);
  if (ca < 0xd800 || cb < 0xd800) return ca - cb;
  return (a.codePointAt(i) ?? ca) - (b.codePointAt(i) ?? cb);
}

export interface HookModel {
  /** Helm's stored hook list: kind-sorted, then file path, then document order. */
  hooks: HookItem[];
  /** The analysis each hook comes from (same index as `hooks`). */
  sources: DocumentAnalysis[];
  dropped: DroppedItem[];
  /** Hooks switched off by the values in use (`enabledByDefault === false`): not in `hooks`, so in no order. */
  disabled: DisabledItem[];
  /** Every hook document's analysis: those of `hooks` (same order), then those of `disabled`. */
  hookDocuments: DocumentAnalysis[];
  resources: ResourceItem[];
  /**
   * Resources `helm uninstall` does not delete, by their `helm.sh/resource-policy` (`pkg/action/resource_policy.go`:
   * trimmed and lower-cased; `keep` is kept, any other value puts the resource in neither list).
   */
  uninstallSkipped: Array<{ item: ResourceItem; policy: 'keep' | 'other' }>;
}

/** What one file's documents add to the model, before the chart-wide kind sort. */
interface Segment {
  pairs: Array<{ hook: HookItem; src: DocumentAnalysis }>;
  dropped: DroppedItem[];
  disabled: DisabledItem[];
  disabledSources: DocumentAnalysis[];
  resources: ResourceItem[];
  uninstallSkipped: HookModel['uninstallSkipped'];
}

/**
 * Segments by a file's analysed documents (the array a file's analysis holds while the file is unchanged): after an
 * edit only the edited file's segment is built again; every other file's hook items are the same objects.
 */
const segments = new WeakMap<DocumentAnalysis[], Segment>();

/** What one document adds, kept with its analysis while its line holds (an edit above it may move it). */
type DocumentPart =
  | { line: number; hook: HookItem }
  | { line: number; dropped: DroppedItem }
  | { line: number; disabled: DisabledItem }
  | { line: number; resource: ResourceItem; policy?: 'keep' | 'other' }
  | { line: number };
const documentParts = new WeakMap<DocumentAnalysis, DocumentPart>();

function segmentOf(docs: DocumentAnalysis[]): Segment {
  const hit = segments.get(docs);
  if (hit) return hit;
  const seg: Segment = { pairs: [], dropped: [], disabled: [], disabledSources: [], resources: [], uninstallSkipped: [] };
  for (const d of docs) {
    if (d.empty) continue;
    const line = documentLine(d);
    let part = documentParts.get(d);
    if (!part || part.line !== line) documentParts.set(d, (part = documentPart(d, line)));
    if ('hook' in part) seg.pairs.push({ src: d, hook: part.hook });
    else if ('dropped' in part) seg.dropped.push(part.dropped);
    else if ('disabled' in part) {
      seg.disabled.push(part.disabled);
      seg.disabledSources.push(d);
    }
    else if ('resource' in part) {
      seg.resources.push(part.resource);
      if (part.policy) seg.uninstallSkipped.push({ item: part.resource, policy: part.policy });
    }
  }
  segments.set(docs, seg);
  return seg;
}

function documentPart(d: DocumentAnalysis, line: number): DocumentPart {
  const kind = d.kind ?? (d.kindDynamic ? '{{…}}' : '');
  const name = d.name ?? '';
  if (!d.hook) {
    if (!kind) return { line };
    const resource: ResourceItem = {
      kind,
      name,
      path: d.doc.helmPath,
      line,
      file: d.doc.file,
      conditional: d.conditional,
      nameDynamic: d.nameDynamic,
    };
    return { line, resource, policy: resourcePolicyOf(d) };
  }
  if (d.hook.dropped) {
    return { line, dropped: { kind, name, path: d.doc.helmPath, line, file: d.doc.file, reason: d.hook.dropReason ?? 'dropped' } };
  }
  const h = d.hook;
  if (d.enabledByDefault === false) {
    const condition = d.condition;
    return {
      line,
      disabled: {
        kind,
        name,
        path: d.doc.helmPath,
        line,
        file: d.doc.file,
        events: h.events,
        weight: h.weight,
        enabled: false,
        condition,
        reason: condition ? `not rendered with the default values (${condition})` : 'not rendered with the default values',
        subchart: d.doc.inSubchart,
      },
    };
  }
  return {
    line,
    hook: {
      kind,
      name,
      path: d.doc.helmPath,
      line,
      weight: h.weight,
      weightExact: h.weightExact,
      events: h.events,
      deletePolicies: h.deletePolicies,
      outputLogPolicies: h.outputLogPolicies,
      conditional: d.conditional,
      dynamic: h.dynamic || d.nameDynamic || d.kindDynamic,
      file: d.doc.file,
      weightRaw: h.weightInvalid ? h.weightEntry?.value ?? '' : undefined,
      weightInvalid: h.weightInvalid || undefined,
      effectiveDeletePolicies: effectiveDeletePolicies(h.deletePolicies),
      waits: WAITED_KINDS.includes(kind),
      subchart: d.doc.inSubchart,
      nameDynamic: d.nameDynamic,
      condition: d.condition,
      storedIndex: 0,
      ...(podNeverCompletes(d) ? { neverCompletes: true } : {}),
    },
  };
}

/**
 * A Pod hook that never reaches "Succeeded": restartPolicy Always, written or left to Kubernetes' default (a Pod
 * without a `spec` is not judged). Helm waits for Pod hooks until Succeeded (Helm 3: `waitForPodSuccess` in
 * `pkg/kube/client.go`; Helm 4: `internal/statusreaders/pod_status_reader.go`), so it waits until --timeout and fails
 * the command. A templated restartPolicy is unknown.
 */
export function podNeverCompletes(d: DocumentAnalysis): boolean {
  if (d.kind !== 'Pod') return false;
  const rp = d.restartPolicy;
  if (rp?.dynamic) return false;
  if (rp && (rp.value === 'Never' || rp.value === 'OnFailure')) return false;
  return !!rp || !!d.specKeySpan;
}

/** Builds Helm's stored hook list from documents already in Helm's file order (one render, one list). */
export function buildHookModel(docs: DocumentAnalysis[], version: HelmVersion): HookModel {
  return mergeSegments([segmentOf(docs)], version);
}

/**
 * Builds Helm's stored hook list from each file's documents, files in Helm's order. Files analysed before keep their
 * segment; with `previous` (the model before an edit) each event's order is updated, not sorted again.
 */
export function buildHookModelFromFiles(files: DocumentAnalysis[][], version: HelmVersion, previous?: HookModel): HookModel {
  const segs = files.map(segmentOf);
  const before = previous && modelSegments.get(previous);
  // An edit that left every hook as it was (same objects, same files): Helm's stored list is the previous one.
  const model = before && before.version === version && sameHooks(before.segs, segs) ? withHooksOf(previous!, segs) : mergeSegments(segs, version);
  modelSegments.set(model, { segs, version });
  if (previous) previousModels.set(model, previous);
  return model;
}

/** Each model's segments, file by file (for the next model to tell what an edit changed), and its Helm version. */
const modelSegments = new WeakMap<HookModel, { segs: Segment[]; version: HelmVersion }>();

function sameHooks(a: Segment[], b: Segment[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const x = a[i].pairs;
    const y = b[i].pairs;
    if (x.length !== y.length) return false;
    for (let k = 0; k < x.length; k++) if (x[k].hook !== y[k].hook) return false;
  }
  return true;
}

/** A model with `previous`'s hooks (the same arrays: nobody changes a model's lists) and the rest from `segs`. */
function withHooksOf(previous: HookModel, segs: Segment[]): HookModel {
  const dropped: DroppedItem[] = [];
  const disabled: DisabledItem[] = [];
  const disabledSources: DocumentAnalysis[] = [];
  const resources: ResourceItem[] = [];
  const uninstallSkipped: HookModel['uninstallSkipped'] = [];
  for (const seg of segs) {
    for (const x of seg.dropped) dropped.push(x);
    for (const x of seg.disabled) disabled.push(x);
    for (const x of seg.disabledSources) disabledSources.push(x);
    for (const x of seg.resources) resources.push(x);
    for (const x of seg.uninstallSkipped) uninstallSkipped.push(x);
  }
  // Hook objects are shared between models: their stored index is made this list's again (a few microseconds).
  previous.hooks.forEach((h, i) => (h.storedIndex = i));
  const hookDocuments = disabledSources.length ? previous.sources.concat(disabledSources) : previous.sources;
  return { hooks: previous.hooks, sources: previous.sources, dropped, disabled, hookDocuments, resources, uninstallSkipped };
}

/**
 * The hooks an edit added and removed between two models: from the files whose segments differ when both models
 * were built from the same files, else from the whole lists.
 */
function hookChanges(prevModel: HookModel, model: HookModel): { added: HookItem[]; removed: Set<HookItem> } {
  const a = modelSegments.get(prevModel)?.segs;
  const b = modelSegments.get(model)?.segs;
  if (prevModel.hooks === model.hooks) return { added: [], removed: new Set() };
  if (a && b && a.length === b.length) {
    const old = new Set<HookItem>();
    const now = new Set<HookItem>();
    for (let i = 0; i < a.length; i++) {
      if (a[i] === b[i]) continue;
      for (const p of a[i].pairs) old.add(p.hook);
      for (const p of b[i].pairs) now.add(p.hook);
    }
    return { added: [...now].filter((h) => !old.has(h)), removed: new Set([...old].filter((h) => !now.has(h))) };
  }
  const before = new Set(prevModel.hooks);
  const now = new Set(model.hooks);
  return { added: model.hooks.filter((h) => !before.has(h)), removed: new Set(prevModel.hooks.filter((h) => !now.has(h))) };
}

/** `sortHooksByKind` is a stable sort by kind: the same as every kind's hooks in file order, kinds in order. */
function mergeSegments(segs: Segment[], version: HelmVersion): HookModel {
  const byKind = kindComparator(installOrder(version));
  const buckets = new Map<string, Segment['pairs']>();
  const dropped: DroppedItem[] = [];
  const disabled: DisabledItem[] = [];
  const disabledSources: DocumentAnalysis[] = [];
  const resources: ResourceItem[] = [];
  const uninstallSkipped: HookModel['uninstallSkipped'] = [];
  for (const seg of segs) {
    for (const x of seg.disabledSources) disabledSources.push(x);
    for (const p of seg.pairs) {
      let bucket = buckets.get(p.hook.kind);
      if (!bucket) buckets.set(p.hook.kind, (bucket = []));
      bucket.push(p);
    }
    for (const x of seg.dropped) dropped.push(x);
    for (const x of seg.disabled) disabled.push(x);
    for (const x of seg.resources) resources.push(x);
    for (const x of seg.uninstallSkipped) uninstallSkipped.push(x);
  }
  const hooks: HookItem[] = [];
  const sources: DocumentAnalysis[] = [];
  for (const kind of [...buckets.keys()].sort(byKind)) {
    for (const p of buckets.get(kind)!) {
      p.hook.storedIndex = hooks.length;
      hooks.push(p.hook);
      sources.push(p.src);
    }
  }
  const hookDocuments = disabledSources.length ? sources.concat(disabledSources) : sources;
  return { hooks, sources, dropped, disabled, hookDocuments, resources, uninstallSkipped };
}

/** A literal `helm.sh/resource-policy`, as `filterManifestsToKeep` reads it; templated values are unknown. */
function resourcePolicyOf(d: DocumentAnalysis): 'keep' | 'other' | undefined {
  const e = d.annotations.find((a) => a.key === ANNOTATION.resourcePolicy);
  if (!e || e.dynamic || e.valueKind !== 'string') return undefined;
  return goToLower(goTrimSpace(e.value ?? '')) === RESOURCE_POLICY_KEEP ? 'keep' : 'other';
}

/** The hooks of one event in execution order: Helm's stored list filtered by event, stable-sorted by (weight, name). */
export function hooksForEvent(hooks: HookItem[], event: HookEventName): HookItem[] {
  const out: HookItem[] = [];
  // A hook listing an event twice runs twice (spec §1.6).
  for (const h of hooks) for (const e of h.events) if (e === event) out.push(h);
  return out.sort(byWeightThenName);
}

function byWeightThenName(a: HookItem, b: HookItem): number {
  return compareHookWeights(a, b) || compareGoStrings(a.name, b.name);
}

/** (weight, name), then Helm's stored order: where a stable sort leaves hooks of equal weight and name. */
function executionCompare(a: HookItem, b: HookItem): number {
  return compareHookWeights(a, b) || compareGoStrings(a.name, b.name) || a.storedIndex - b.storedIndex;
}

/** The model an edit replaced, until the new model's order is derived from it. */
const previousModels = new WeakMap<HookModel, HookModel>();
const indexes = new WeakMap<HookModel, HookOrderIndex>();

/**
 * Each event's execution order for one model, computed once, and the questions asked of it per file (where a hook
 * stands, which document a hook comes from). After an edit the orders are updated from the previous model's: the
 * edited file's old hooks are taken out and its new ones put in by binary search, so an edit costs a pass over the
 * lists, not nine sorts of the chart.
 */
export class HookOrderIndex {
  private readonly orders = new Map<HookEventName, HookItem[]>();
  /** The orders were updated from the previous model's, not sorted. */
  readonly derived: boolean;

  constructor(readonly model: HookModel) {
    const prevModel = previousModels.get(model);
    previousModels.delete(model);
    const prev = prevModel && indexes.get(prevModel);
    const changes = prev ? hookChanges(prevModel!, model) : undefined;
    // Many new hooks at once (a reload): sorting again is cheaper than inserting each.
    this.derived = !!changes && changes.added.length <= 64 + model.hooks.length / 16;
    if (this.derived) {
      const { added, removed } = changes!;
      // Only the events of added or removed hooks change; every other event keeps its list (and its step).
      const touched = new Set<HookEventName>();
      for (const h of added) for (const e of h.events) touched.add(e);
      for (const h of removed) for (const e of h.events) touched.add(e);
      for (const [e, old] of prev!.orders) if (!touched.has(e)) this.orders.set(e, old);
      for (const e of touched) {
        const old = prev!.orders.get(e) ?? [];
        const list = removed.size ? old.filter((h) => !removed.has(h)) : old.slice();
        for (const h of added) {
          for (const ev of h.events) if (ev === e) list.splice(upperBound(list, h), 0, h);
        }
        if (list.length) this.orders.set(e, list.length === old.length && list.every((h, i) => h === old[i]) ? old : list);
      }
    } else {
      const events = new Set<HookEventName>();
      for (const h of model.hooks) for (const e of h.events) events.add(e);
      for (const e of events) this.orders.set(e, hooksForEvent(model.hooks, e));
    }
  }

  /** The hooks of `event` in the order Helm runs them. */
  ordered(event: HookEventName): HookItem[] {
    return this.orders.get(event) ?? [];
  }

  /** Index of `hook` in `event`'s order (its first run), or -1. */
  indexIn(event: HookEventName, hook: HookItem): number {
    const list = this.ordered(event);
    const i = lowerBound(list, hook);
    return list[i] === hook ? i : -1;
  }

  /** The hook a document makes, if any. */
  hookOf(doc: DocumentAnalysis): HookItem | undefined {
    // A document's hook is kept with its analysis; it is this model's when the model holds it at its stored index.
    const part = documentParts.get(doc);
    const hook = part && 'hook' in part ? part.hook : undefined;
    return hook && this.model.hooks[hook.storedIndex] === hook && this.model.sources[hook.storedIndex] === doc ? hook : undefined;
  }

  sourceOf(hook: HookItem): DocumentAnalysis | undefined {
    return this.model.hooks[hook.storedIndex] === hook ? this.model.sources[hook.storedIndex] : undefined;
  }
}

/** The (cached) order index of a model. */
export function hookOrderIndex(model: HookModel): HookOrderIndex {
  let index = indexes.get(model);
  if (!index) indexes.set(model, (index = new HookOrderIndex(model)));
  return index;
}

function lowerBound(list: HookItem[], h: HookItem): number {
  return firstIndex(list.length, (i) => executionCompare(list[i], h) >= 0);
}

function upperBound(list: HookItem[], h: HookItem): number {
  return firstIndex(list.length, (i) => executionCompare(list[i], h) > 0);
}

/** A hook's outcome, worked out once per hook item (items live as long as their document's analysis). */
const outcomes = new WeakMap<HookItem, string>();

function outcomeOf(h: HookItem): string {
  let o = outcomes.get(h);
  if (o === undefined) outcomes.set(h, (o = outcomeIn(h)));
  return o;
}

function outcomeIn(h: HookItem): string {
  if (NEVER_DELETED_HOOK_KINDS.includes(h.kind)) return 'kept: CustomResourceDefinition hooks are never deleted';
  const p = h.effectiveDeletePolicies;
  const parts: string[] = [];
  if (p.includes('before-hook-creation')) parts.push('deleted before its next run');
  if (p.includes('hook-succeeded')) parts.push('deleted after the phase succeeds');
  if (p.includes('hook-failed')) parts.push('deleted if it fails');
  if (parts.length === 0) return 'kept: no known delete policy (the default before-hook-creation is disabled)';
  if (!p.includes('hook-succeeded') && !p.includes('before-hook-creation')) parts.push('kept after success');
  return parts.join('; ');
}

/** Kinds a pod names by `metadata.name` (podReferences.ts): the objects a hook can need from another hook. */
export const REFERENCED_KINDS: ReadonlySet<string> = new Set(['ServiceAccount', 'ConfigMap', 'Secret', 'PersistentVolumeClaim']);

/** The chart a document belongs to, as Helm writes its paths (`app` or `app/charts/db`). */
function chartPathOf(d: DocumentAnalysis): string {
  const p = d.doc.helmPath;
  const i = p.lastIndexOf('/templates/');
  return i >= 0 ? p.slice(0, i) : p;
}

/**
 * How a pod reference is matched with the object that carries the name: literal names by their text; templated names
 * by their source text within one chart (the same `include "app.fullname" .` gives the same name), never with
 * `$variables` or inside `with`/`range`, where the dot is not the chart's.
 */
export function referenceKey(kind: string, d: DocumentAnalysis, name: string, templated: boolean): string | undefined {
  if (!templated) return `L|${kind}|${name}`;
  if (/\$[A-Za-z_]/.test(name) || /(^|→ )(with|range)\b/.test(d.condition ?? '')) return undefined;
  return `T|${chartPathOf(d)}|${kind}|${name}`;
}

/**
 * Two hooks of one event with the same weight and different names, where one's pod needs an object the other
 * creates: only their names decide whether that object exists when the pod starts (`hookByWeight` in
 * `pkg/action/hooks.go` sorts by weight, then name). On every other tie the order between the two does not matter.
 */
export interface TieDependency {
  /** The hook whose pod names the other's object. */
  dependent: HookItem;
  /** The hook that creates it (a ServiceAccount, ConfigMap, Secret or PersistentVolumeClaim). */
  dependency: HookItem;
  /** The reference in the dependent's pod spec. */
  ref: PodReference;
  /** The dependency runs first: right, but only because of the names. */
  inOrder: boolean;
}

const tieDependencyCache = new WeakMap<HookItem[], TieDependency[]>();

/** The tie dependencies of one event, in the order of their dependents; computed once per order list. */
export function tieDependencies(index: HookOrderIndex, event: HookEventName): TieDependency[] {
  const ordered = index.ordered(event);
  let hit = tieDependencyCache.get(ordered);
  if (!hit) tieDependencyCache.set(ordered, (hit = findTieDependencies(index, ordered)));
  return hit;
}

function findTieDependencies(index: HookOrderIndex, ordered: HookItem[]): TieDependency[] {
  const out: TieDependency[] = [];
  for (let from = 0; from < ordered.length; ) {
    let to = from + 1;
    while (to < ordered.length && ordered[to].weight === ordered[from].weight) to++;
    // A run of equal weights with a pod and an object a pod can name: the only place a tie can matter.
    if (to - from > 1) tieDependenciesInRun(index, ordered, from, to, out);
    from = to;
  }
  return out;
}

function tieDependenciesInRun(index: HookOrderIndex, ordered: HookItem[], from: number, to: number, out: TieDependency[]): void {
  let targets: Map<string, Array<{ h: HookItem; at: number }>> | undefined;
  let pods = false;
  for (let k = from; k < to; k++) {
    const h = ordered[k];
    if (POD_SPEC_PATHS[h.kind]) pods = true;
    if (!REFERENCED_KINDS.has(h.kind)) continue;
    const src = index.sourceOf(h);
    const name = src && nameSourceText(src);
    const key = src && name && referenceKey(h.kind, src, name, src.nameDynamic);
    if (!key) continue;
    targets ??= new Map();
    const list = targets.get(key) ?? [];
    // A hook listed twice for the event runs twice: its first run is the one that creates the object.
    if (!list.some((t) => t.h === h)) list.push({ h, at: k });
    targets.set(key, list);
  }
  if (!targets || !pods) return;
  const seen = new Set<HookItem>();
  for (let k = from; k < to; k++) {
    const h = ordered[k];
    if (!POD_SPEC_PATHS[h.kind] || seen.has(h)) continue;
    seen.add(h);
    const src = index.sourceOf(h);
    if (!src) continue;
    const paired = new Set<HookItem>();
    for (const ref of podFactsOf(src).refs) {
      if (ref.optional || ref.renders === false) continue;
      const key = referenceKey(ref.kind, src, ref.name, ref.templated);
      for (const t of (key && targets.get(key)) || []) {
        // The same name is no tie by name: Helm's stable sort keeps the kind order there.
        if (t.h === h || t.h.name === h.name || paired.has(t.h)) continue;
        paired.add(t.h);
        out.push({ dependent: h, dependency: t.h, ref, inOrder: t.at < k });
      }
    }
  }
}

function shownHookName(h: HookItem): string {
  return h.name === '' ? `${h.kind} (generateName)` : `${h.kind} "${h.name}"`;
}

/** What the panel says about a tie that matters, on each of the two hooks. */
function tieNotes(deps: TieDependency[]): Map<HookItem, string> {
  const notes = new Map<HookItem, string>();
  for (const { dependent: x, dependency: t, ref, inOrder } of deps) {
    const both = `both have weight ${x.weight}, and Helm orders equal weights by name, not by kind`;
    if (!notes.has(x)) {
      notes.set(
        x,
        inOrder
          ? `Needs ${shownHookName(t)} (${ref.via}), which runs before it only because of the names: ${both}. A rename can reverse them; give ${shownHookName(t)} a lower weight.`
          : `Needs ${shownHookName(t)} (${ref.via}), which runs after it because of the names: ${both}. When this hook starts, ${shownHookName(t)} does not exist yet; give it a lower weight.`,
      );
    }
    if (!notes.has(t)) {
      notes.set(
        t,
        `${shownHookName(x)} needs this ${t.kind} (${ref.via}) and ${inOrder ? 'runs after it' : 'runs before it'} only because of the names: ${both}.`,
      );
    }
  }
  return notes;
}

/**
 * The order with a tie note on every hook that follows another of the same weight only by name, for those who asked
 * for all ties (`helmHooks.ties.showAll`). A copy: the steps of the order are shared and never changed.
 */
export function withAllTies(order: OrderResult): OrderResult {
  const commands: OrderResult['commands'] = {};
  for (const [name, cmd] of Object.entries(order.commands) as Array<[CommandName, CommandOrder]>) {
    commands[name] = {
      ...cmd,
      steps: cmd.steps.map((step) => {
        if (step.type !== 'hooks' || !step.items.some((i) => i.tieByName && !i.tieNote)) return step;
        return {
          ...step,
          items: step.items.map((item, i) => {
            if (!item.tieByName || item.tieNote) return item;
            const prev = step.items[i - 1];
            return {
              ...item,
              tieNote: `Same weight (${item.weight}) as ${shownHookName(prev)} before it: Helm orders equal weights by name, not by kind.`,
            };
          }),
        };
      }),
    };
  }
  return { ...order, commands };
}

/** Steps by the order list they show and the Helm version, with the stored positions they were built with. */
const steps = new WeakMap<HookItem[], { stored: number[]; step: Partial<Record<HelmVersion, HookStep>> }>();

export function hookStep(model: HookModel, event: HookEventName, version: HelmVersion = 4): HookStep {
  const ordered = hookOrderIndex(model).ordered(event);
  let hit = steps.get(ordered);
  if (!hit || !hit.stored.every((s, i) => ordered[i].storedIndex === s)) {
    hit = { stored: ordered.map((h) => h.storedIndex), step: {} };
    steps.set(ordered, hit);
  }
  return (hit.step[version] ??= buildHookStep(ordered, event, version, tieNotes(tieDependencies(hookOrderIndex(model), event))));
}

/** The fields `stepItem` copies: every field of a hook (the check below fails to compile when one is missing). */
type CopiedField =
  | 'kind' | 'name' | 'path' | 'line' | 'weight' | 'events' | 'deletePolicies' | 'outputLogPolicies' | 'conditional'
  | 'dynamic' | 'file' | 'weightRaw' | 'weightInvalid' | 'effectiveDeletePolicies' | 'waits' | 'subchart' | 'nameDynamic'
  | 'condition' | 'storedIndex' | 'valuesOnly' | 'mappingUncertain' | 'mappingNote' | 'neverCompletes' | 'weightExact';
const everyFieldCopied: [Exclude<keyof HookItem, CopiedField>] extends [never] ? true : never = true;
void everyFieldCopied;

/**
 * A hook as one event's step lists it. Written field by field: V8 copies a hook with an object spread through its
 * runtime, at microseconds per hook (13 ms for 3,000 hooks), and this way in a fraction of a millisecond.
 */
function stepItem(h: HookItem, position: number, tieByName: boolean, outcome: string, tieNote: string | undefined): HookStepItem {
  const s: HookStepItem = {
    kind: h.kind,
    name: h.name,
    path: h.path,
    line: h.line,
    weight: h.weight,
    events: h.events,
    deletePolicies: h.deletePolicies,
    outputLogPolicies: h.outputLogPolicies,
    conditional: h.conditional,
    dynamic: h.dynamic,
    file: h.file,
    weightRaw: h.weightRaw,
    weightInvalid: h.weightInvalid,
    effectiveDeletePolicies: h.effectiveDeletePolicies,
    waits: h.waits,
    subchart: h.subchart,
    nameDynamic: h.nameDynamic,
    condition: h.condition,
    storedIndex: h.storedIndex,
    position,
    tieByName,
    outcome,
  };
  // Rendered mode's fields, only where a hook has them (as a spread would copy them).
  if (h.weightExact !== undefined) s.weightExact = h.weightExact;
  if ('valuesOnly' in h) s.valuesOnly = h.valuesOnly;
  if ('mappingUncertain' in h) s.mappingUncertain = h.mappingUncertain;
  if ('mappingNote' in h) s.mappingNote = h.mappingNote;
  if (h.neverCompletes) s.neverCompletes = true;
  if (tieNote !== undefined) s.tieNote = tieNote;
  return s;
}

function buildHookStep(ordered: HookItem[], event: HookEventName, version: HelmVersion, tieNotes: Map<HookItem, string>): HookStep {
  const items: HookStepItem[] = ordered.map((h, i) => {
    const prev = ordered[i - 1];
    return stepItem(h, i + 1, !!prev && compareHookWeights(prev, h) === 0 && prev.name !== h.name, outcomeOf(h), tieNotes.get(h));
  });
  const deletedAfterSuccess = items
    .filter((h) => h.effectiveDeletePolicies.includes('hook-succeeded') && !NEVER_DELETED_HOOK_KINDS.includes(h.kind))
    .reverse()
    .map((h) => ({ kind: h.kind, name: h.name }));
  return { id: event, type: 'hooks', title: event, items, deletedAfterSuccess, failure: phaseFailure(items, event, version) };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * What a failed hook does to its phase (`execHookWithDelayedShutdown` in `pkg/action/hooks.go`): the failed hook is
 * deleted only with `hook-failed`; the earlier hooks with `hook-succeeded` are deleted (Helm 3.19+, 4.x); the later
 * hooks never run. Each hook's wait has the whole `--timeout`. The rest is the command's (`PHASE_FAILURE`).
 */
function phaseFailure(items: HookStepItem[], event: HookEventName, version: HelmVersion): HookStepFailure {
  const deletable = (h: HookStepItem) => !NEVER_DELETED_HOOK_KINDS.includes(h.kind);
  const cleanedOnFailure = items.filter((h) => deletable(h) && h.effectiveDeletePolicies.includes('hook-succeeded')).map((h) => h.position);
  const waitedHooks = items.filter((h) => h.waits).length;
  const cleanup = earlierHooksCleanedText(version);
  let cleanedBefore = 0;
  const hooks: HookFailureOutcome[] = items.map((h, i) => {
    const deletedItself = deletable(h) && h.effectiveDeletePolicies.includes('hook-failed');
    const earlierDeleted = cleanedBefore;
    if (deletable(h) && h.effectiveDeletePolicies.includes('hook-succeeded')) cleanedBefore++;
    const earlierKept = i - earlierDeleted;
    const neverRun = items.length - i - 1;
    const parts = [
      deletedItself ? 'its object is deleted (hook-failed)' : 'its object stays (no hook-failed)',
      i === 0 ? '' : earlierDeleted ? `${plural(earlierDeleted, 'earlier hook')} deleted (hook-succeeded${version === 3 ? ', Helm 3.19+' : ''})` : '',
      earlierKept ? `${plural(earlierKept, 'earlier hook')} ${earlierKept === 1 ? 'stays' : 'stay'}` : '',
      neverRun ? `${plural(neverRun, 'later hook')} never ${neverRun === 1 ? 'runs' : 'run'}` : '',
    ].filter(Boolean);
    return { position: h.position, deletedItself, earlierDeleted, earlierKept, neverRun, summary: parts.join('; ') };
  });
  const fact = PHASE_FAILURE[event];
  const cmd = COMMANDS.find((c) => c.pre === event || c.post === event);
  const recovery =
    fact.recovery && cmd && (cmd.name === 'install' || cmd.name === 'upgrade')
      ? { flag: rollbackFlag(version), action: fact.recovery.action, events: fact.recovery.events, note: fact.recovery.note }
      : undefined;
  const defaultMinutes = Number.parseInt(DEFAULT_TIMEOUT, 10);
  return {
    wait: hookWaitText(version),
    strategy: hookWaitStrategy(version),
    waitedHooks,
    timeout: `each waited hook gets the whole --timeout (default ${DEFAULT_TIMEOUT})`,
    maxDuration:
      waitedHooks === 0
        ? 'no hook is waited on: the phase takes as long as creating its objects'
        : `up to ${waitedHooks} × --timeout (${waitedHooks * defaultMinutes}m with the default ${DEFAULT_TIMEOUT})`,
    cleanedOnFailure,
    cleanupSince: version === 4 ? 'Helm 4.0' : 'Helm 3.19',
    releaseStatus: fact.releaseStatus,
    afterFailure: cleanedOnFailure.length ? `${fact.afterFailure} ${capitalize(cleanup)}.` : fact.afterFailure,
    recovery,
    hooks,
  };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A file of a `crds/` folder as the install step shows it. */
export interface CrdFile {
  path: string;
  file: string;
  /** The subchart it belongs to is behind a dependency condition. */
  conditional?: boolean;
  /** The CRDs the file holds: `metadata.name` and the 1-based line of each document (when the file could be read). */
  definitions?: { name: string; line: number }[];
}

/** CRD files read once per text: a chart's crds/ can hold megabytes of OpenAPI schema. */
const crdDefinitionsCache = new Map<string, { text: string; definitions: { name: string; line: number }[] }>();

/** Each document's `metadata.name` (as the head reader sees it) and first line; '' where a document has none. */
function crdDefinitions(file: string, text: string): { name: string; line: number }[] {
  const hit = crdDefinitionsCache.get(file);
  if (hit && hit.text === text) return hit.definitions;
  const lines = lineIndexOf(text);
  const definitions: { name: string; line: number }[] = [];
  for (const span of splitDocuments(text)) {
    const doc = text.slice(span.start, span.end);
    const head = readHead(doc);
    if (head === null) continue;
    const line = lines.positionAt(span.start).line + 1;
    if (head === undefined) {
      // What the fast head reader leaves to a full parse (JSON, tabs): Helm's own reading of the head.
      definitions.push({ name: readHelmHead(doc)?.name ?? '', line });
      continue;
    }
    const meta = head.items.find((p) => p.key?.node === 'scalar' && p.key.value === 'metadata')?.value;
    const name = meta?.node === 'map' ? meta.items.find((p) => p.key?.node === 'scalar' && p.key.value === 'name')?.value : undefined;
    definitions.push({ name: name?.node === 'scalar' && name.value !== null ? String(name.value) : '', line });
  }
  if (crdDefinitionsCache.size > 256) crdDefinitionsCache.clear();
  crdDefinitionsCache.set(file, { text, definitions });
  return definitions;
}

/**
 * `Chart.CRDObjects()` (`pkg/chart/v2/chart.go`): the chart's own `crds/` files with a manifest extension
 * (`.yaml`, `.yml`, `.json`, any case), then those of every dependency, recursively.
 */
export function chartCrds(node: ChartNode, read?: (file: string) => string | undefined): CrdFile[] {
  const out: CrdFile[] = [];
  const visit = (n: ChartNode, conditional: boolean) => {
    const cond = conditional || !!n.condition;
    for (const file of n.crds) {
      const rel = file.slice(n.root.length + 1);
      if (!/\.(ya?ml|json)$/i.test(rel)) continue;
      const text = read?.(file);
      const definitions = text === undefined ? undefined : crdDefinitions(file, text);
      out.push({ file, path: `${n.helmPrefix}/${rel}`, conditional: cond || undefined, definitions });
    }
    for (const sub of n.subcharts) visit(sub, cond);
  };
  visit(node, false);
  return out;
}

function phase(id: string, title: string, detail: string): OrderStep {
  return { id, type: 'phase', title, detail, items: [] };
}

/** Resources sorted by kind, once per model and kind order (every command but test lists them). */
const sortedCache = new WeakMap<ResourceItem[], Map<string, ResourceItem[]>>();

function sortedResources(resources: ResourceItem[], version: HelmVersion, which: 'install' | 'uninstall'): ResourceItem[] {
  let byOrder = sortedCache.get(resources);
  if (!byOrder) sortedCache.set(resources, (byOrder = new Map()));
  const key = `${which} ${version}`;
  let sorted = byOrder.get(key);
  if (!sorted) {
    const cmp = kindComparator(which === 'install' ? installOrder(version) : uninstallOrder(version));
    byOrder.set(key, (sorted = resources.slice().sort((a, b) => cmp(a.kind, b.kind))));
  }
  return sorted;
}

/** Spec §4: the sequence of one command. */
export function commandOrder(
  command: CommandName,
  model: HookModel,
  version: HelmVersion,
  crds: CrdFile[],
): CommandOrder {
  const fact = COMMANDS.find((c) => c.name === command)!;
  const steps: OrderStep[] = [];
  const notes: string[] = [];
  const res = (id: string, title: string, items: ResourceItem[]): OrderStep => ({ id, type: 'resources', title, items });
  switch (command) {
    case 'install':
      steps.push(phase('verify', 'verify', 'Helm checks the chart and the Kubernetes version.'));
      steps.push(phase('render', 'render', 'Templates and values are rendered; hooks are separated from resources.'));
      steps.push(
        res(
          'crds',
          'install CRDs from crds/',
          crds.flatMap((c) =>
            (c.definitions?.length ? c.definitions : [{ name: '', line: 1 }]).map((d) => ({
              kind: 'CustomResourceDefinition',
              name: d.name,
              path: c.path,
              line: d.line,
              file: c.file,
              conditional: !!c.conditional,
              nameDynamic: false,
            })),
          ),
        ),
      );
      steps.push(hookStep(model, fact.pre!, version));
      steps.push(res('create', 'create resources', sortedResources(model.resources, version, 'install')));
      steps.push(phase('wait', 'wait', 'Only with --wait: until resources are ready.'));
      steps.push(hookStep(model, fact.post!, version));
      break;
    case 'upgrade':
      steps.push(phase('verify', 'verify', 'Helm checks the chart and the Kubernetes version.'));
      steps.push(phase('render', 'render', 'Templates and values are rendered; crds/ is not processed on upgrade.'));
      steps.push(hookStep(model, fact.pre!, version));
      steps.push(res('update', 'update resources', sortedResources(model.resources, version, 'install')));
      steps.push(phase('wait', 'wait', 'Only with --wait: until resources are ready.'));
      steps.push(hookStep(model, fact.post!, version));
      break;
    case 'rollback':
      notes.push("Rollback runs the hooks stored with the revision rolled back to, not the current chart's.");
      steps.push(phase('load', 'load target revision', 'The target revision’s manifest and hooks are read from the release history.'));
      steps.push(hookStep(model, fact.pre!, version));
      steps.push(res('update', 'update resources to the target revision', sortedResources(model.resources, version, 'install')));
      steps.push(phase('wait', 'wait', 'Only with --wait: until resources are ready.'));
      steps.push(hookStep(model, fact.post!, version));
      break;
    case 'uninstall': {
      notes.push('Hook objects are not part of the release: uninstall never deletes them (only their delete policies do).');
      notes.push('Resources annotated helm.sh/resource-policy: keep are left in place; CRDs from crds/ are never deleted.');
      const skipped = new Set(model.uninstallSkipped.map((s) => s.item));
      steps.push(hookStep(model, fact.pre!, version));
      steps.push(res('delete', 'delete resources', sortedResources(model.resources, version, 'uninstall').filter((r) => !skipped.has(r))));
      const kept = model.uninstallSkipped.filter((s) => s.policy === 'keep').map((s) => s.item);
      if (kept.length) steps.push(res('kept', 'left in place (helm.sh/resource-policy: keep)', kept));
      const other = model.uninstallSkipped.filter((s) => s.policy === 'other').map((s) => s.item);
      if (other.length) {
        steps.push(res('left-behind', 'left behind, no longer managed (helm.sh/resource-policy other than keep)', other));
      }
      steps.push(hookStep(model, fact.post!, version));
      break;
    }
    case 'test':
      notes.push('helm test runs the test hooks of the latest revision; --filter name=x selects by name.');
      steps.push(hookStep(model, 'test', version));
      break;
  }
  return { steps, notes };
}

export function orderResult(
  chart: { name: string; root: string },
  model: HookModel,
  version: HelmVersion,
  crds: CrdFile[],
  mode: OrderMode = 'static',
  only?: CommandName,
): OrderResult {
  const commands: OrderResult['commands'] = {};
  for (const c of COMMANDS) {
    if (only && c.name !== only) continue;
    commands[c.name] = commandOrder(c.name, model, version, crds);
  }
  return {
    chart: chart.name,
    chartRoot: chart.root,
    mode,
    helmVersion: version,
    commands,
    dropped: model.dropped,
    disabled: model.disabled,
    hookCount: model.hooks.length,
  };
}
