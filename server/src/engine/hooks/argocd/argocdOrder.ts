/**
 * Argo CD's sync and Application deletion for one chart, and how they differ from `helm install`. The order is
 * gitops-engine's: tasks sorted by (phase, wave, kind table, name) (`gitops-engine/pkg/sync/sync_tasks.go:81-111`),
 * run one (phase, wave) at a time (`gitops-engine/pkg/sync/sync_context.go` Sync: `tasks.Split` on phase and wave).
 */
import { documentLine, compareGoStrings, hooksForEvent, type HookModel } from '../hookOrder';
import type { DocumentAnalysis } from '../hookExtraction';
import type { HelmVersion, HookEventName, HookItem } from '../../types';
import { ANNOTATION } from '../../helmFacts';
import {
  ARGOCD_ANNOTATION,
  ARGOCD_HEALTH_CHECKS,
  HELM_EVENT_TO_PHASE,
  SYNC_PHASE_ORDER,
  SYNC_WAVE_DELAY_SECONDS,
  argoKindRank,
  type ArgoDeleteHook,
  type ArgoDeletePolicy,
  type ArgoSyncPhase,
} from './argocdFacts';
import { argoAnnotationsOf, neverRunsReason, readArgoHook, type ArgoHookReading } from './argocdHooks';

/** One object as Argo CD handles it (one per document; a hook in two phases gives two tasks). */
export interface ArgoObject {
  kind: string;
  name: string;
  path: string;
  line: number;
  file: string;
  reading: ArgoHookReading;
  /** The events Helm resolves (lower-cased, duplicates kept); empty for a non-hook. */
  helmEvents: HookEventName[];
  conditional: boolean;
  subchart: boolean;
  dynamic: boolean;
  doc: DocumentAnalysis;
  /** Helm's hook item for this document, when Helm sees a hook. */
  helmHook?: HookItem;
  /** Why Argo CD never runs it (a hook in no phase and no deletion hook, or `Skip`). */
  neverRuns?: string;
}

export interface ArgoItem {
  kind: string;
  name: string;
  wave: number;
  path: string;
  line: number;
  file: string;
  phase: ArgoSyncPhase | ArgoDeleteHook;
  /** A hook (created, waited on, deleted by its policy) or an ordinary resource (applied). */
  hook: boolean;
  /** 1-based position in the step. */
  position: number;
  waveFrom: ArgoHookReading['waveFrom'];
  deletePolicies: ArgoDeletePolicy[];
  /** What Argo CD waits for before the next wave. */
  waitsFor: string;
  /** Helm's events for this object (empty for a non-hook). */
  helmEvents: HookEventName[];
  conditional: boolean;
  dynamic: boolean;
  subchart: boolean;
  /** What is different from Helm for this object, in words. */
  notes: string[];
}

export interface ArgoWave {
  wave: number;
  /** Positions (1-based) in the step's items. */
  from: number;
  to: number;
  /** What Argo CD waits for before the next wave. */
  waitsFor: string;
}

export interface ArgoStep {
  id: string;
  type: 'hooks' | 'resources' | 'phase';
  title: string;
  detail: string;
  items: ArgoItem[];
  waves: ArgoWave[];
}

export interface ArgoIgnored {
  kind: string;
  name: string;
  path: string;
  line: number;
  file: string;
  reason: string;
  helmEvents: string[];
}

export interface ArgoDifferenceItem {
  kind: string;
  name: string;
  path: string;
  line: number;
  file: string;
  detail: string;
}

export interface ArgoTie {
  /** The Helm event (install: pre-install/post-install; upgrade: pre-upgrade/post-upgrade). */
  event: HookEventName;
  phase: ArgoSyncPhase;
  /** Helm runs `first` before `second`; Argo CD the other way round. */
  first: { kind: string; name: string; path: string; line: number };
  second: { kind: string; name: string; path: string; line: number };
  /** `tie`: equal weight, Helm decides by name, Argo CD by kind; `wave`: the sync-wave overrides the weight. */
  cause: 'tie' | 'wave';
  detail: string;
}

export interface ArgoDifferences {
  /** `pre-install`/`post-install`-only hooks: every sync, not only the first. */
  runsEverySync: ArgoDifferenceItem[];
  /** Hooks Argo CD never runs (test, rollback, upper-case events, Skip, invalid Argo CD hook values). */
  neverRuns: ArgoDifferenceItem[];
  /** Pairs of hooks of one Helm event that Argo CD runs in the other order. */
  reorderedTies: ArgoTie[];
  /** Non-hooks whose `helm.sh/hook-weight` makes them a sync wave other than 0. */
  wavesFromWeight: ArgoDifferenceItem[];
  /** Invalid `argocd.argoproj.io/hook` items. */
  annotationIgnored: ArgoDifferenceItem[];
}

export interface ArgoCommand {
  steps: ArgoStep[];
  notes: string[];
}

export interface ArgoOrderResult {
  target: 'argocd';
  chart: string;
  chartRoot: string;
  /** The Helm version that renders (`helm template`) and that the comparison uses. */
  helmVersion: HelmVersion;
  commands: { sync: ArgoCommand; delete: ArgoCommand };
  ignored: ArgoIgnored[];
  differences: ArgoDifferences;
  hookCount: number;
}

const HELM_DROPPED = 'helm template drops it before Argo CD sees it';
/** Kinds whose deletion loses data: a hook of these kinds re-created at every sync is worth a note. */
const STATEFUL_KINDS = ['PersistentVolumeClaim', 'Secret', 'ConfigMap'];

/** Every object Argo CD gets from `helm template`, in Helm's file order, and what `helm template` drops. */
export function argoObjects(docs: readonly DocumentAnalysis[], model: HookModel): { objects: ArgoObject[]; dropped: ArgoIgnored[] } {
  const helmOf = new Map<DocumentAnalysis, HookItem>();
  model.sources.forEach((d, i) => helmOf.set(d, model.hooks[i]));
  const objects: ArgoObject[] = [];
  const dropped: ArgoIgnored[] = [];
  for (const d of docs) {
    if (d.empty) continue;
    const kind = d.kind ?? (d.kindDynamic ? '{{…}}' : '');
    if (!kind) continue;
    const name = d.name ?? '';
    const line = documentLine(d);
    const base = { kind, name, path: d.doc.helmPath, line, file: d.doc.file };
    // Helm drops a resource with an unknown event at render time (spec §1.5): `helm template` never prints it.
    if (d.hook?.dropped) {
      dropped.push({ ...base, reason: `${HELM_DROPPED}: ${d.hook.dropReason ?? 'unknown Helm event'}`, helmEvents: d.hook.items.map((i) => i.raw.trim()) });
      continue;
    }
    // Not rendered with the default values: Argo CD renders the same values, so it never gets it either.
    if (d.hook && d.enabledByDefault === false) continue;
    const annotations = argoAnnotationsOf(d);
    const reading = readArgoHook(annotations);
    const helmHook = helmOf.get(d);
    objects.push({
      ...base,
      reading,
      helmEvents: d.hook ? d.hook.events : [],
      conditional: d.conditional,
      subchart: d.doc.inSubchart,
      dynamic: reading.dynamic || d.nameDynamic || d.kindDynamic,
      doc: d,
      helmHook,
      // A templated hook value with no known default: what Argo CD does with it is unknown, not "never".
      neverRuns: templatedHookUnknown(annotations) ? undefined : neverRunsReason(reading, annotations),
    });
  }
  return { objects, dropped };
}

function templatedHookUnknown(annotations: ReadonlyMap<string, { dynamic: boolean; value: string }>): boolean {
  return [ARGOCD_ANNOTATION.hook, ANNOTATION.hook].some((k) => {
    const a = annotations.get(k);
    return !!a && a.dynamic && a.value.trim() === '';
  });
}

interface Task {
  obj: ArgoObject;
  phase: ArgoSyncPhase;
}

/** `syncTasks.Less` (`gitops-engine/pkg/sync/sync_tasks.go:86-111`): phase, wave, kind table (unknown kinds 0), name. */
export function compareTasks(a: { phase: ArgoSyncPhase; wave: number; kind: string; name: string }, b: typeof a): number {
  return (
    SYNC_PHASE_ORDER[a.phase] - SYNC_PHASE_ORDER[b.phase] ||
    a.wave - b.wave ||
    argoKindRank(a.kind) - argoKindRank(b.kind) ||
    compareGoStrings(a.name, b.name)
  );
}

function taskKey(t: Task): { phase: ArgoSyncPhase; wave: number; kind: string; name: string } {
  return { phase: t.phase, wave: t.obj.reading.wave, kind: t.obj.kind, name: t.obj.name };
}

/** What Argo CD waits for on one object (`sync_context.go` Sync: hooks always, resources only in a multi-step sync). */
export function waitsFor(kind: string, hook: boolean, multiStep: boolean): string {
  const check = ARGOCD_HEALTH_CHECKS[kind];
  if (!hook && !multiStep) return 'nothing: a sync of one wave applies the resources and is done';
  if (!check) return 'nothing: no built-in health check (a Lua health script may add one), healthy once applied';
  return `health: ${check}`;
}

function helmNotes(o: ArgoObject, phase: ArgoSyncPhase | ArgoDeleteHook): string[] {
  const notes: string[] = [];
  const ev = new Set(o.helmEvents);
  if (o.reading.typesFrom === 'helm') {
    if (phase === 'PreSync' && ev.has('pre-install') && !ev.has('pre-upgrade')) notes.push('pre-install only: runs at every sync, not only at install');
    if (phase === 'PostSync' && ev.has('post-install') && !ev.has('post-upgrade')) notes.push('post-install only: runs at every sync, not only at install');
    if (phase === 'PreSync' && ev.has('pre-upgrade') && !ev.has('pre-install')) notes.push('pre-upgrade only: also runs at the first sync (install)');
    if (phase === 'PostSync' && ev.has('post-upgrade') && !ev.has('post-install')) notes.push('post-upgrade only: also runs at the first sync (install)');
    if (o.helmEvents.length !== new Set(o.helmEvents).size) notes.push('an event listed twice runs once (Argo CD de-duplicates)');
  }
  if (o.reading.typesFrom === 'argocd' && o.helmEvents.length) notes.push('argocd.argoproj.io/hook wins: its Helm events are not used');
  if (!o.reading.isHook && o.reading.waveFrom === 'hook-weight' && o.reading.wave !== 0) {
    notes.push(`helm.sh/hook-weight on a non-hook: Argo CD makes it sync wave ${o.reading.wave} (Helm ignores it)`);
  }
  const deletion = phase === 'PreDelete' || phase === 'PostDelete';
  // sync_task.go:130-132: a live hook object with BeforeHookCreation is deleted before each run creates it again.
  if (!deletion && o.reading.isHook && o.reading.deletePolicies.includes('BeforeHookCreation') && STATEFUL_KINDS.includes(o.kind)) {
    notes.push(`BeforeHookCreation: every sync deletes this ${o.kind} and creates it again (its data with it)`);
  }
  if (o.reading.isHook && o.reading.deletePolicies.includes('HookSucceeded')) {
    notes.push(deletion ? `HookSucceeded: deleted once every ${phase} hook is healthy` : 'HookSucceeded: deleted only after the whole sync succeeded');
  }
  if (deletion && !o.reading.deletePolicies.some((p) => p !== 'BeforeHookCreation') && phase === 'PostDelete') notes.push('stays in the cluster after the Application is gone');
  if (o.helmHook && o.helmHook.effectiveDeletePolicies.length === 0 && o.reading.deletePolicies.includes('BeforeHookCreation')) {
    notes.push('unknown delete policy: Helm then applies none, Argo CD still applies BeforeHookCreation');
  }
  return notes;
}

function toItem(o: ArgoObject, phase: ArgoSyncPhase | ArgoDeleteHook, position: number, multiStep: boolean): ArgoItem {
  const hook = o.reading.isHook;
  return {
    kind: o.kind,
    name: o.name,
    wave: o.reading.wave,
    path: o.path,
    line: o.line,
    file: o.file,
    phase,
    hook,
    position,
    waveFrom: o.reading.waveFrom,
    deletePolicies: o.reading.deletePolicies,
    waitsFor: phase === 'PreDelete' || phase === 'PostDelete' ? waitsFor(o.kind, true, true) : waitsFor(o.kind, hook, multiStep),
    helmEvents: o.helmEvents,
    conditional: o.conditional,
    dynamic: o.dynamic,
    subchart: o.subchart,
    notes: helmNotes(o, phase),
  };
}

function wavesOf(items: ArgoItem[], multiStep: boolean, hooks: boolean): ArgoWave[] {
  const waves: ArgoWave[] = [];
  items.forEach((it, i) => {
    const last = waves[waves.length - 1];
    if (last && last.wave === it.wave) last.to = i + 1;
    else waves.push({ wave: it.wave, from: i + 1, to: i + 1, waitsFor: '' });
  });
  for (const w of waves) {
    const objs = items.slice(w.from - 1, w.to);
    const waited = objs.filter((o) => (o.hook || multiStep) && ARGOCD_HEALTH_CHECKS[o.kind]);
    w.waitsFor =
      !hooks && !multiStep
        ? 'applied together; the sync is done (one wave: no health wait)'
        : waited.length
          ? `applied together, a ${SYNC_WAVE_DELAY_SECONDS} s pause, then Argo CD waits until ${waited.map((o) => `${o.kind}/${o.name || '(generated)'}`).join(', ')} ${waited.length === 1 ? 'is' : 'are'} healthy`
          : `applied together, a ${SYNC_WAVE_DELAY_SECONDS} s pause; nothing to wait for (no built-in health check)`;
  }
  return waves;
}

/** `delayBetweenSyncWaves` (`controller/sync.go:713-725`) pauses after every wave but the sync's last. */
function dropLastPause(steps: ArgoStep[]): void {
  const last = [...steps].reverse().find((s) => s.id !== 'SyncFail' && s.waves.length);
  const w = last?.waves[last.waves.length - 1];
  if (w) w.waitsFor = w.waitsFor.replace(`, a ${SYNC_WAVE_DELAY_SECONDS} s pause`, '');
}

const PHASE_TEXT: Readonly<Record<ArgoSyncPhase, { title: string; detail: string }>> = {
  PreSync: {
    title: 'PreSync hooks',
    detail: 'Before anything is applied, at every sync (Argo CD cannot tell an install from an upgrade). A failure stops the sync.',
  },
  Sync: {
    title: 'Sync: resources (and Sync hooks)',
    detail: 'The chart’s resources, wave by wave, ordered by Argo CD’s kind table, then name.',
  },
  PostSync: {
    title: 'PostSync hooks',
    detail: 'After every Sync wave was applied and is healthy.',
  },
  SyncFail: {
    title: 'SyncFail hooks',
    detail: 'Only when the sync fails.',
  },
};

/** Argo CD's sync and Application deletion of a chart, what it never runs, and the differences from Helm. */
export function argoOrder(
  chart: { name: string; root: string },
  docs: readonly DocumentAnalysis[],
  model: HookModel,
  version: HelmVersion,
): ArgoOrderResult {
  const { objects, dropped } = argoObjects(docs, model);
  const tasks: Task[] = [];
  for (const o of objects) if (o.reading.inSync) for (const phase of o.reading.phases) tasks.push({ obj: o, phase });
  // sort.Sort is not stable; the full key only leaves objects of one kind and name (other namespaces) tied.
  tasks.sort((a, b) => compareTasks(taskKey(a), taskKey(b)));
  // syncTasks.multiStep (sync_tasks.go:270-272): more than one (phase, wave) among all tasks.
  const multiStep =
    tasks.length > 0 && (tasks[0].phase !== tasks[tasks.length - 1].phase || tasks[0].obj.reading.wave !== tasks[tasks.length - 1].obj.reading.wave);
  const syncSteps: ArgoStep[] = [];
  for (const phase of ['PreSync', 'Sync', 'PostSync', 'SyncFail'] as const) {
    const ts = tasks.filter((t) => t.phase === phase);
    if (phase === 'SyncFail' && ts.length === 0) continue;
    const items = ts.map((t, i) => toItem(t.obj, phase, i + 1, multiStep));
    syncSteps.push({
      id: phase,
      type: phase === 'Sync' ? 'resources' : 'hooks',
      title: PHASE_TEXT[phase].title,
      detail: PHASE_TEXT[phase].detail,
      items,
      waves: wavesOf(items, multiStep, phase !== 'Sync' || items.some((i) => i.hook)),
    });
  }
  dropLastPause(syncSteps);
  const syncNotes = [
    'Argo CD renders the chart with `helm template` and applies it itself: there is no install or upgrade, every sync is the same.',
    multiStep
      ? 'More than one phase or wave: Argo CD applies one wave at a time and waits until its objects with a health check are healthy.'
      : 'A single wave: Argo CD applies the resources and does not wait for their health.',
    'Hooks with HookSucceeded are deleted only when the whole sync succeeded; HookFailed ones when it failed; BeforeHookCreation (the default) before the next run creates it again.',
  ];

  // Application deletion (controller/appcontroller.go finalizeApplicationDeletion, controller/hook.go executeHooks).
  const deleteStep = (type: ArgoDeleteHook): ArgoStep => {
    const objs = objects
      .filter((o) => o.reading.deleteHooks.includes(type))
      .sort((a, b) => argoKindRank(a.kind) - argoKindRank(b.kind) || compareGoStrings(a.name, b.name));
    const items = objs.map((o, i) => toItem(o, type, i + 1, true));
    return {
      id: type,
      type: 'hooks',
      title: `${type} hooks`,
      detail:
        type === 'PreDelete'
          ? 'When the Application is deleted: all created at once (no waves, no order), then Argo CD waits until every one is healthy; a degraded one is deleted and the deletion retried.'
          : 'After every resource is gone: all created at once (no waves, no order), then waited on; cleaned up by HookSucceeded/HookFailed only.',
      items,
      waves: items.length ? [{ wave: 0, from: 1, to: items.length, waitsFor: 'all at once, until every one is healthy' }] : [],
    };
  };
  const cascadeItems = tasks
    .filter((t) => t.phase === 'Sync' && !t.obj.reading.isHook)
    .map((t, i) => toItem(t.obj, 'Sync', i + 1, true));
  for (const it of cascadeItems) it.waitsFor = 'deleted with the others, all at once (foreground propagation)';
  const deleteSteps: ArgoStep[] = [
    deleteStep('PreDelete'),
    {
      id: 'CascadeDelete',
      type: 'resources',
      title: 'delete the Application’s resources',
      detail: 'With cascading deletion: every live object of the Application is deleted at once (no waves, no kind order), then Argo CD waits until all are gone.',
      items: cascadeItems,
      waves: [],
    },
    deleteStep('PostDelete'),
  ];
  const deleteNotes = [
    'PreDelete and PostDelete hooks run only when the Application itself is deleted, never at a sync or a prune.',
    'A PostDelete hook without HookSucceeded or HookFailed stays in the cluster after the Application is gone (hook.DeletePolicies never returns an empty list).',
  ];

  const ignored: ArgoIgnored[] = [...dropped];
  for (const o of objects) {
    if (!o.neverRuns) continue;
    ignored.push({ kind: o.kind, name: o.name, path: o.path, line: o.line, file: o.file, reason: o.neverRuns, helmEvents: o.helmEvents });
  }
  return {
    target: 'argocd',
    chart: chart.name,
    chartRoot: chart.root,
    helmVersion: version,
    commands: { sync: { steps: syncSteps, notes: syncNotes }, delete: { steps: deleteSteps, notes: deleteNotes } },
    ignored,
    differences: argoDifferences(objects, model),
    hookCount: objects.filter((o) => o.reading.isHook).length,
  };
}

function diffItem(o: ArgoObject, detail: string): ArgoDifferenceItem {
  return { kind: o.kind, name: o.name, path: o.path, line: o.line, file: o.file, detail };
}

/** How Argo CD's sync differs from `helm install` (and `helm upgrade`) for these objects. */
export function argoDifferences(objects: readonly ArgoObject[], model: HookModel): ArgoDifferences {
  const runsEverySync: ArgoDifferenceItem[] = [];
  const neverRuns: ArgoDifferenceItem[] = [];
  const wavesFromWeight: ArgoDifferenceItem[] = [];
  const annotationIgnored: ArgoDifferenceItem[] = [];
  const byDoc = new Map<DocumentAnalysis, ArgoObject>();
  for (const o of objects) {
    byDoc.set(o.doc, o);
    const r = o.reading;
    const ev = new Set(o.helmEvents);
    if (r.typesFrom === 'helm') {
      if (ev.has('pre-install') && !ev.has('pre-upgrade')) runsEverySync.push(diffItem(o, 'pre-install only: PreSync runs at every sync'));
      if (ev.has('post-install') && !ev.has('post-upgrade')) runsEverySync.push(diffItem(o, 'post-install only: PostSync runs at every sync'));
    }
    if (o.neverRuns) neverRuns.push(diffItem(o, o.neverRuns));
    if (!r.isHook && r.waveFrom === 'hook-weight' && r.wave !== 0) {
      wavesFromWeight.push(diffItem(o, `helm.sh/hook-weight on a non-hook: sync wave ${r.wave}`));
    }
    if (r.invalidArgoItems.length) {
      annotationIgnored.push(
        diffItem(
          o,
          `argocd.argoproj.io/hook item${r.invalidArgoItems.length > 1 ? 's' : ''} ${r.invalidArgoItems.map((x) => `\`${x}\``).join(', ')} ignored` +
            (r.typesFrom === 'helm' ? ': the Helm annotation is used' : ''),
        ),
      );
    }
  }
  const reorderedTies: ArgoTie[] = [];
  const src = new Map<HookItem, DocumentAnalysis>();
  model.hooks.forEach((h, i) => src.set(h, model.sources[i]));
  for (const event of ['pre-install', 'post-install', 'pre-upgrade', 'post-upgrade'] as const) {
    const phase = HELM_EVENT_TO_PHASE[event];
    const helmList = hooksForEvent(model.hooks, event).filter((h, i, all) => all.indexOf(h) === i);
    const pairs = helmList
      .map((h) => ({ h, o: byDoc.get(src.get(h)!) }))
      .filter((p): p is { h: HookItem; o: ArgoObject } => !!p.o && p.o.reading.phases.includes(phase));
    for (let i = 0; i < pairs.length; i++) {
      for (let j = i + 1; j < pairs.length; j++) {
        const a = pairs[i];
        const b = pairs[j];
        const ka = { phase, wave: a.o.reading.wave, kind: a.o.kind, name: a.o.name };
        const kb = { phase, wave: b.o.reading.wave, kind: b.o.kind, name: b.o.name };
        if (compareTasks(ka, kb) <= 0) continue;
        const cause = a.h.weight === b.h.weight && ka.wave === kb.wave ? 'tie' : 'wave';
        reorderedTies.push({
          event,
          phase,
          first: { kind: a.o.kind, name: a.o.name, path: a.o.path, line: a.o.line },
          second: { kind: b.o.kind, name: b.o.name, path: b.o.path, line: b.o.line },
          cause,
          detail:
            cause === 'tie'
              ? `${event}: Helm runs ${a.o.kind}/${a.o.name} before ${b.o.kind}/${b.o.name} (same weight ${a.h.weight}, by name); Argo CD runs ${b.o.kind} first (same wave, by kind)`
              : `${event}: Helm runs ${a.o.kind}/${a.o.name} (weight ${a.h.weight}) before ${b.o.kind}/${b.o.name} (weight ${b.h.weight}); Argo CD's sync waves ${ka.wave} and ${kb.wave} reverse them`,
        });
      }
    }
  }
  return { runsEverySync, neverRuns, reorderedTies, wavesFromWeight, annotationIgnored };
}
