/**
 * How Argo CD reads one rendered object: is it a hook, in which sync phases and deletion hooks does it run, its
 * wave and its delete policies. Each rule names the Argo CD file it mirrors (paths are argoproj/argo-cd's).
 * The documents are the engine's analysed templates: what `helm template` would give Argo CD (Helm has already
 * dropped resources with an unknown event and switched off disabled ones).
 */
import { parse as parseYaml } from 'yaml';
import { ANNOTATION, goTrimSpace, parseHookWeight } from '../../helmFacts';
import type { AnnotationEntry, DocumentAnalysis } from '../hookExtraction';
import type { Span } from '../../types';
import {
  ARGOCD_ANNOTATION,
  ARGOCD_DELETE_POLICIES,
  ARGOCD_HOOK_TYPES,
  DELETE_HOOK_VALUES,
  HELM_DELETE_POLICY_TO_ARGO,
  HELM_EVENT_NEVER_RUNS,
  HELM_EVENT_TO_PHASE,
  type ArgoDeleteHook,
  type ArgoDeletePolicy,
  type ArgoHookType,
  type ArgoSyncPhase,
} from './argocdFacts';

/** One annotation as Argo CD gets it from `helm template`. */
export interface ArgoAnnotation {
  key: string;
  /** The string Argo CD reads: literal text (empty for a templated value in the static reading). */
  value: string;
  /** Templated: `value` is empty (the static reading does not evaluate templates). */
  dynamic: boolean;
  keySpan?: Span;
  valueSpan?: Span;
}

/**
 * `GetAnnotationCSVs` (`gitops-engine/pkg/sync/resource/annotations.go:17-33`): split on `,`, `strings.TrimSpace`
 * each item, skip empty items and items already seen. No lower-casing: every later comparison is case-sensitive.
 */
export function annotationCsv(value: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of value.split(',')) {
    const v = goTrimSpace(item);
    if (v === '' || seen.has(v)) continue;
    seen.add(v);
    out.push(v);
  }
  return out;
}

/** Go's `strconv.Atoi`, the same for Argo CD's wave (`syncwaves/waves.go:15`) as for Helm's weight. */
function atoi(raw: string): number | undefined {
  const p = parseHookWeight(raw);
  return p.ok ? p.value : undefined;
}

export interface ArgoHookReading {
  /** `hook.IsHook` (`gitops-engine/pkg/sync/hook/hook.go:23-29`). */
  isHook: boolean;
  /** `hook.Skip` (`hook.go:31-36`): `Skip` is the only valid Argo CD hook type: the resource is never applied. */
  skip: boolean;
  /** `hook.Types` (`hook.go:38-53`). */
  types: ArgoHookType[];
  /** Where the types come from: a valid `argocd.argoproj.io/hook` wins, else `helm.sh/hook`. */
  typesFrom: 'argocd' | 'helm' | 'none';
  /** `syncPhases` (`gitops-engine/pkg/sync/sync_phase.go:10-28`), in phase order. */
  phases: ArgoSyncPhase[];
  /** `isPreDeleteHook` / `isPostDeleteHook` (`controller/hook.go:45-81`). */
  deleteHooks: ArgoDeleteHook[];
  /**
   * `partitionTargetObjsForSync` (`controller/state.go:659-676`): a deletion hook without a sync phase is kept out of
   * the sync; with one, it runs in both.
   */
  inSync: boolean;
  /** `argocd.argoproj.io/hook` items that are not Argo CD hook types (dropped one by one). */
  invalidArgoItems: string[];
  /** `helm.sh/hook` items Argo CD drops (neither one of its four events nor a deletion event). */
  droppedHelmItems: string[];
  wave: number;
  waveFrom: 'sync-wave' | 'hook-weight' | 'default';
  /** `hook.DeletePolicies` (`gitops-engine/pkg/sync/hook/delete_policy.go:11-26`). */
  deletePolicies: ArgoDeletePolicy[];
  /** Unknown delete-policy items, per annotation (dropped; they do not disable the default). */
  droppedPolicies: string[];
  /** Some value that decides the above is templated. */
  dynamic: boolean;
}

/**
 * Reads the Argo CD view of one object from its annotations (a map of key → annotation). Pure: the unit tests
 * feed it hand-made annotation maps.
 */
export function readArgoHook(annotations: ReadonlyMap<string, ArgoAnnotation>): ArgoHookReading {
  const argoHook = annotations.get(ARGOCD_ANNOTATION.hook);
  const helmHook = annotations.get(ANNOTATION.hook);
  const argoItems = argoHook ? annotationCsv(argoHook.value) : [];
  const argoTypes = argoItems.filter((t): t is ArgoHookType => (ARGOCD_HOOK_TYPES as readonly string[]).includes(t));
  const invalidArgoItems = argoItems.filter((t) => !(ARGOCD_HOOK_TYPES as readonly string[]).includes(t));
  // hook/helm/type.go:19-25,38-47: only the four install/upgrade events, exact strings.
  const helmItems = helmHook ? annotationCsv(helmHook.value) : [];
  const helmTypes = helmItems.filter((t) => t in HELM_EVENT_TO_PHASE).map((t) => HELM_EVENT_TO_PHASE[t]);
  // hook.go:46-51: Helm's events count only when the Argo CD annotation gave no valid type.
  const types: ArgoHookType[] = argoTypes.length ? argoTypes : helmTypes;
  const typesFrom = argoTypes.length ? 'argocd' : helmTypes.length ? 'helm' : 'none';
  // hook.go:31-36: Skip alone skips; Skip next to another type is just ignored.
  const skip = types.includes('Skip') && types.length === 1;
  // hook.go:23-29 with hook/helm/hook.go:5-9: the Argo CD key makes a hook (unless skipped), else `helm.sh/hook`
  // unless its value is exactly `crd-install`.
  const isHook = argoHook ? !skip : helmHook !== undefined && helmHook.value !== 'crd-install';
  // sync_phase.go:10-28: a skipped resource is in no phase, a hook in each of its phases, any other object in Sync.
  let phases: ArgoSyncPhase[];
  if (skip) phases = [];
  else if (isHook) phases = (['PreSync', 'Sync', 'PostSync', 'SyncFail'] as const).filter((p) => types.includes(p));
  else phases = ['Sync'];
  // controller/hook.go:45-60: both keys, any trimmed item equal to the value (not de-duplicated, not lower-cased).
  const deleteHooks = DELETE_HOOK_VALUES.filter((h) => {
    const inArgo = argoHook?.value.split(',').some((x) => goTrimSpace(x) === h.argocd);
    const inHelm = helmHook?.value.split(',').some((x) => goTrimSpace(x) === h.helm);
    return inArgo || inHelm;
  }).map((h) => h.type);
  // controller/state.go:659-676 and controller/hook.go:88-96.
  const hasSyncPhase = types.some((t) => t !== 'Skip');
  const inSync = deleteHooks.length === 0 || hasSyncPhase;
  if (deleteHooks.length && !hasSyncPhase) phases = [];
  const droppedHelmItems = helmItems.filter((t) => !(t in HELM_EVENT_TO_PHASE) && t !== 'pre-delete' && t !== 'post-delete');
  // syncwaves/waves.go:12-21 and hook/helm/weight.go:10-19: sync-wave if it parses, else the Helm weight (on any
  // object, hook or not), else 0. Both with Atoi on the raw string.
  const waveText = annotations.get(ARGOCD_ANNOTATION.syncWave);
  const weightText = annotations.get(ANNOTATION.weight);
  let wave = 0;
  let waveFrom: ArgoHookReading['waveFrom'] = 'default';
  const w1 = waveText ? atoi(waveText.value) : undefined;
  const w2 = weightText ? atoi(weightText.value) : undefined;
  if (w1 !== undefined) {
    wave = w1;
    waveFrom = 'sync-wave';
  } else if (w2 !== undefined) {
    wave = w2;
    waveFrom = 'hook-weight';
  }
  // delete_policy.go:11-26: Argo CD's names, then Helm's, unknown items dropped, BeforeHookCreation when none is left.
  const deletePolicies: ArgoDeletePolicy[] = [];
  const droppedPolicies: string[] = [];
  const argoPol = annotations.get(ARGOCD_ANNOTATION.deletePolicy);
  for (const p of argoPol ? annotationCsv(argoPol.value) : []) {
    if ((ARGOCD_DELETE_POLICIES as readonly string[]).includes(p)) deletePolicies.push(p as ArgoDeletePolicy);
    else droppedPolicies.push(p);
  }
  const helmPol = annotations.get(ANNOTATION.deletePolicy);
  for (const p of helmPol ? annotationCsv(helmPol.value) : []) {
    if (p in HELM_DELETE_POLICY_TO_ARGO) deletePolicies.push(HELM_DELETE_POLICY_TO_ARGO[p]);
    else droppedPolicies.push(p);
  }
  if (deletePolicies.length === 0) deletePolicies.push('BeforeHookCreation');
  const dynamic = [argoHook, helmHook, waveText, weightText, argoPol, helmPol].some((a) => a?.dynamic === true);
  return {
    isHook,
    skip,
    types,
    typesFrom,
    phases,
    deleteHooks,
    inSync,
    invalidArgoItems,
    droppedHelmItems,
    wave,
    waveFrom,
    deletePolicies: [...new Set(deletePolicies)],
    droppedPolicies,
    dynamic,
  };
}

/** Why a hook that Argo CD reads runs in no sync phase and no deletion hook, in words. */
export function neverRunsReason(r: ArgoHookReading, annotations: ReadonlyMap<string, ArgoAnnotation>): string | undefined {
  if (r.skip) return '`argocd.argoproj.io/hook: Skip`: Argo CD never applies it (hook.go:31-36)';
  if (!r.isHook || r.phases.length || r.deleteHooks.length) return undefined;
  if (r.invalidArgoItems.length && r.typesFrom === 'none' && !annotations.has(ANNOTATION.hook)) {
    return `\`argocd.argoproj.io/hook: ${annotations.get(ARGOCD_ANNOTATION.hook)?.value ?? ''}\` is no Argo CD hook type (case-sensitive), yet the key makes it a hook: it is never applied (hook.go:23-29)`;
  }
  const items = annotations.has(ANNOTATION.hook) ? annotationCsv(annotations.get(ANNOTATION.hook)!.value) : [];
  const reasons = new Set<string>();
  for (const it of items) {
    const known = HELM_EVENT_NEVER_RUNS[it];
    if (known) reasons.add(`\`${it}\`: ${known}`);
    else if (it.toLowerCase() in HELM_EVENT_TO_PHASE || it.toLowerCase() === 'pre-delete' || it.toLowerCase() === 'post-delete') {
      reasons.add(`\`${it}\`: Helm lower-cases events but Argo CD matches them case-sensitively (hook/helm/type.go:19-25)`);
    } else if (HELM_EVENT_NEVER_RUNS[it.toLowerCase()]) reasons.add(`\`${it}\`: ${HELM_EVENT_NEVER_RUNS[it.toLowerCase()]}`);
    else reasons.add(`\`${it}\`: not an event Argo CD maps`);
  }
  return reasons.size ? [...reasons].join('; ') : 'no hook type Argo CD knows: never applied';
}

// ---------------------------------------------------------------------------------------------------------------
// Reading annotations from the engine's analysed documents.

const ARGO_KEYS = [ARGOCD_ANNOTATION.hook, ARGOCD_ANNOTATION.syncWave, ARGOCD_ANNOTATION.deletePolicy];
const HELM_KEYS = [ANNOTATION.hook, ANNOTATION.weight, ANNOTATION.deletePolicy];

function fromEntry(e: AnnotationEntry): ArgoAnnotation | undefined {
  if (e.valueKind === 'collection') return undefined;
  const value = e.dynamic ? '' : e.value ?? '';
  return { key: e.key, value, dynamic: e.dynamic, keySpan: e.keySpan, valueSpan: e.valueSpan };
}

const argoCache = new WeakMap<DocumentAnalysis, Map<string, ArgoAnnotation>>();

/** The hook-relevant annotations of a document, Helm's and Argo CD's, as `helm template` would print them. */
export function argoAnnotationsOf(d: DocumentAnalysis): Map<string, ArgoAnnotation> {
  const hit = argoCache.get(d);
  if (hit) return hit;
  const out = new Map<string, ArgoAnnotation>();
  for (const e of d.annotations) {
    if (!HELM_KEYS.includes(e.key as (typeof HELM_KEYS)[number]) && !ARGO_KEYS.includes(e.key as (typeof ARGO_KEYS)[number])) continue;
    const a = fromEntry(e);
    if (a && !out.has(e.key)) out.set(e.key, a);
  }
  const slice = d.doc.text.slice(d.doc.span.start, d.doc.span.end);
  // The engine reads annotations fully only where `helm.sh/` appears: Argo CD's keys are read here otherwise.
  if (slice.includes('argocd.argoproj.io/') && ARGO_KEYS.some((k) => !out.has(k))) readArgoKeys(d, slice, out);
  argoCache.set(d, out);
  return out;
}

function readArgoKeys(d: DocumentAnalysis, slice: string, out: Map<string, ArgoAnnotation>): void {
  let annotations: Record<string, unknown> = {};
  try {
    const parsed: unknown = parseYaml(slice, { uniqueKeys: false });
    const meta = isRecord(parsed) && isRecord(parsed.metadata) ? parsed.metadata : undefined;
    if (meta && isRecord(meta.annotations)) annotations = meta.annotations;
  } catch {
    // not YAML once the actions are masked: read line by line below
  }
  const source = d.doc.template ? d.doc.template.source.slice(d.doc.span.start, d.doc.span.end) : slice;
  for (const key of ARGO_KEYS) {
    if (out.has(key)) continue;
    const re = new RegExp(`^([ \\t]*)(["']?)${key.replace(/[./]/g, '\\$&')}\\2[ \\t]*:[ \\t]*(.*?)[ \\t]*(?:#.*)?$`, 'm');
    const m = re.exec(slice);
    if (!m) continue;
    const keyStart = d.doc.span.start + m.index + m[1].length;
    const rawSource = re.exec(source)?.[3] ?? m[3];
    const dynamic = rawSource.includes('{{');
    const parsedValue = annotations[key];
    let value = typeof parsedValue === 'string' ? parsedValue : typeof parsedValue === 'number' ? String(parsedValue) : unquote(m[3]);
    if (dynamic) value = '';
    const valueStart = d.doc.span.start + m.index + m[0].indexOf(m[3], m[1].length + key.length);
    out.set(key, {
      key,
      value,
      dynamic,
      keySpan: { start: keyStart, end: keyStart + m[2].length * 2 + key.length },
      valueSpan: { start: valueStart, end: valueStart + m[3].length },
    });
  }
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
