/**
 * Argo CD in the editor: diagnostics, hover text and CodeLens over the chart's Argo CD model (hooks/argocd/).
 * Pure functions of the workspace, like the Helm features (no LSP imports).
 */
import type { ChartModel } from '../hooks/chartModel';
import type { ChartWorkspace } from '../hooks/chartWorkspace';
import { fileContext, documentAt, ordinal } from './documentContext';
import { ANNOTATION, DIAGNOSTIC_CODES } from '../helmFacts';
import type { HookModel } from '../hooks/hookOrder';
import { lineIndexOf, type LineIndex } from '../documents/lineIndex';
import type { HelmVersion, HookDiagnostic, Position, Range, Severity, Span } from '../types';
import { ARGOCD_ANNOTATION, ARGOCD_DOCS_HELM_HOOKS, ARGOCD_DOCS_VS_CODE, ARGOCD_HEALTH_CHECKS } from '../hooks/argocd/argocdFacts';
import { argoAnnotationsOf, type ArgoAnnotation } from '../hooks/argocd/argocdHooks';
import type { ArgoObject } from '../hooks/argocd/argocdOrder';
import { argoChart, type ArgoChart, type DeployTarget } from '../hooks/argocd/argocdChart';

// ---------------------------------------------------------------------------------------------------------------
// Diagnostics

export const ARGOCD_DIAGNOSTIC_CODES = ['argocd-runs-every-sync', 'argocd-hook-never-runs', 'argocd-order-differs', 'argocd-annotation-ignored'] as const;
export type ArgoDiagnosticCode = (typeof ARGOCD_DIAGNOSTIC_CODES)[number];

/** Default severities (the facts table) with the target `argocd`; under `helm` (with `helmHooks.argocd.hints`) every one is a hint. */
export const ARGOCD_DEFAULT_SEVERITY: Readonly<Record<ArgoDiagnosticCode, Severity>> = {
  'argocd-runs-every-sync': DIAGNOSTIC_CODES['argocd-runs-every-sync'].severity,
  'argocd-hook-never-runs': DIAGNOSTIC_CODES['argocd-hook-never-runs'].severity,
  'argocd-order-differs': DIAGNOSTIC_CODES['argocd-order-differs'].severity,
  'argocd-annotation-ignored': DIAGNOSTIC_CODES['argocd-annotation-ignored'].severity,
};

export interface ArgoDiagnosticOptions {
  target: DeployTarget;
  /** Under the `helm` target: report Argo CD's differences as hints (`helmHooks.argocd.hints`). */
  hints: boolean;
  helmVersion: HelmVersion;
  severity?: Partial<Record<string, Severity | 'off'>>;
}

function spanOf(a: ArgoAnnotation | undefined, fallback: Span): Span {
  return a?.valueSpan && a.valueSpan.end > a.valueSpan.start ? a.valueSpan : a?.keySpan ?? fallback;
}

/** Argo CD's surprises in one file of a chart (nothing unless the target is `argocd` or hints are on). */
export function argocdDiagnostics(model: ChartModel, file: string, hookModel: HookModel, opts: ArgoDiagnosticOptions): HookDiagnostic[] {
  if (opts.target !== 'argocd' && !opts.hints) return [];
  const t = model.template(file);
  if (!t || t.role !== 'manifest') return [];
  const chart = argoChart(model, hookModel, opts.helmVersion);
  const fa = model.analyzeFile(t);
  const lines = lineIndexOf(fa.text);
  const out: HookDiagnostic[] = [];
  const push = (code: ArgoDiagnosticCode, span: Span, message: string) => {
    const override = opts.severity?.[code];
    if (override === 'off') return;
    const severity: Severity = override ?? (opts.target === 'argocd' ? ARGOCD_DEFAULT_SEVERITY[code] : 'hint');
    out.push({ code, severity, message, range: lines.range(span.start, span.end), fixes: [] });
  };
  const own = chart.objects.filter((o) => o.file === file);
  for (const o of own) {
    const ann = argoAnnotationsOf(o.doc);
    const helmHook = ann.get(ANNOTATION.hook);
    const argoHook = ann.get(ARGOCD_ANNOTATION.hook);
    const docSpan = { start: o.doc.contentStart, end: o.doc.contentStart };
    const hookSpan = spanOf(helmHook ?? argoHook, docSpan);
    if (ann.get(ANNOTATION.hook)?.dynamic && !ann.get(ANNOTATION.hook)?.value) continue;
    const ev = new Set(o.helmEvents);
    if (o.reading.typesFrom === 'helm') {
      if (ev.has('pre-install') && !ev.has('pre-upgrade')) {
        push('argocd-runs-every-sync', hookSpan, 'Argo CD maps pre-install to PreSync: this hook runs at every sync, not only at install (Argo CD cannot tell an install from an upgrade).');
      }
      if (ev.has('post-install') && !ev.has('post-upgrade')) {
        push('argocd-runs-every-sync', hookSpan, 'Argo CD maps post-install to PostSync: this hook runs at every sync, not only at install.');
      }
    }
    // `Skip` is asked for: listed in the panel, not diagnosed.
    if (o.neverRuns && !o.reading.skip) push('argocd-hook-never-runs', hookSpan, `Argo CD never runs this ${o.kind}: ${o.neverRuns}.`);
    else if (o.reading.isHook && helmHook && o.reading.typesFrom === 'helm') {
      // An item Helm accepts (it lower-cases) that Argo CD drops while other items still run.
      const lost = o.reading.droppedHelmItems.filter((x) => x !== x.toLowerCase() || x === 'test' || x.endsWith('-rollback') || x === 'test-success');
      if (lost.length) push('argocd-hook-never-runs', hookSpan, `Argo CD ignores ${lost.map((x) => `\`${x}\``).join(', ')} (it matches Helm events case-sensitively and has no test or rollback hooks); the hook still runs in ${o.reading.phases.join(', ')}.`);
    }
    if (o.reading.invalidArgoItems.length) {
      push(
        'argocd-annotation-ignored',
        spanOf(argoHook, docSpan),
        `\`${o.reading.invalidArgoItems.join(', ')}\` is not an Argo CD hook type (PreSync, Sync, PostSync, SyncFail, Skip; case-sensitive)` +
          (o.reading.typesFrom === 'helm' ? ': Argo CD uses the helm.sh/hook annotation instead.' : o.reading.typesFrom === 'argocd' ? ': that item is dropped.' : '.'),
      );
    }
    if (!o.reading.isHook && o.reading.waveFrom === 'hook-weight' && o.reading.wave !== 0) {
      push(
        'argocd-order-differs',
        spanOf(ann.get(ANNOTATION.weight), docSpan),
        `helm.sh/hook-weight on a resource that is not a hook: Helm ignores it, Argo CD makes it sync wave ${o.reading.wave}, so it is applied in another wave than the other resources (and Argo CD waits for health between waves).`,
      );
    }
  }
  // Ties: the hook that Argo CD moves ahead of another one gets the diagnostic.
  const seen = new Set<string>();
  for (const tie of chart.result.differences.reorderedTies) {
    const o = own.find((x) => x.path === tie.second.path && x.line === tie.second.line);
    if (!o) continue;
    const key = `${tie.phase}:${tie.first.kind}/${tie.first.name}:${o.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const ann = argoAnnotationsOf(o.doc);
    push(
      'argocd-order-differs',
      spanOf(ann.get(ANNOTATION.hook) ?? ann.get(ARGOCD_ANNOTATION.hook), { start: o.doc.contentStart, end: o.doc.contentStart }),
      tie.cause === 'tie'
        ? `Argo CD runs this ${o.kind} before ${tie.first.kind} ${tie.first.name} in ${tie.phase} (same wave: Argo CD orders by kind, then name); Helm runs it after (same weight: by name). Give the hooks different weights to get one order in both.`
        : `Argo CD runs this ${o.kind} before ${tie.first.kind} ${tie.first.name} in ${tie.phase}: its sync wave differs from its Helm weight order.`,
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Hover and CodeLens

/** "PreSync, wave -5: runs at every sync, not only at install" for one object. */
export function argoSummary(o: ArgoObject): string {
  if (o.neverRuns) return `never run by Argo CD: ${o.neverRuns}`;
  const places: string[] = [];
  for (const p of o.reading.phases) places.push(o.reading.isHook ? `${p}, wave ${o.reading.wave}` : `Sync, wave ${o.reading.wave}`);
  for (const d of o.reading.deleteHooks) places.push(`${d} (Application deletion)`);
  const ev = new Set(o.helmEvents);
  const notes: string[] = [];
  if (o.reading.typesFrom === 'helm' && ((ev.has('pre-install') && !ev.has('pre-upgrade')) || (ev.has('post-install') && !ev.has('post-upgrade')))) {
    notes.push('runs at every sync, not only at install');
  }
  if (!o.reading.isHook && o.reading.waveFrom === 'hook-weight' && o.reading.wave !== 0) notes.push('the wave comes from helm.sh/hook-weight');
  return `${places.join(' · ')}${notes.length ? `: ${notes.join('; ')}` : ''}`;
}

function positionIn(chart: ArgoChart, o: ArgoObject): string[] {
  const out: string[] = [];
  for (const step of chart.result.commands.sync.steps) {
    const i = step.items.findIndex((it) => it.path === o.path && it.line === o.line);
    if (i >= 0) out.push(`${step.id}: ${ordinal(i + 1)} of ${step.items.length}`);
  }
  return out;
}


/** The Argo CD part of a hover on any hook annotation (Helm's or Argo CD's) of the document at `position`. */
export function argocdHoverAt(
  ws: ChartWorkspace,
  file: string,
  text: string,
  position: Position,
  opts: { helmVersion: HelmVersion },
): { markdown: string; range: Range } | undefined {
  const lines = lineIndexOf(text);
  const offset = lines.offsetAt(position);
  const ctx = fileContext(ws, file, text, opts.helmVersion);
  const doc = documentAt(ctx, offset);
  if (!doc || !ctx.model || !ctx.hookModel) return undefined;
  const ann = argoAnnotationsOf(doc);
  const within = (s?: Span) => !!s && s.start <= offset && offset <= s.end && s.end > s.start;
  const hit = [...ann.values()].find((a) => within(a.keySpan) || within(a.valueSpan));
  if (!hit) return undefined;
  const chart = argoChart(ctx.model, ctx.hookModel, opts.helmVersion);
  const o = chart.byDoc.get(doc);
  const span = within(hit.keySpan) ? hit.keySpan! : hit.valueSpan!;
  const md: string[] = [];
  if (!o) {
    md.push('**Argo CD**: `helm template` drops this resource before Argo CD sees it.');
    if (/crd-install/.test(ann.get(ANNOTATION.hook)?.value ?? '')) md.push('', `Docs and code disagree (the code wins): ${ARGOCD_DOCS_VS_CODE.crdInstall}`);
  } else {
    md.push(`**Argo CD**: ${argoSummary(o)}.`);
    const pos = positionIn(chart, o);
    if (pos.length) md.push('', pos.join(' · '));
    md.push('', ...keyNotes(hit.key, o));
  }
  // Flux is said once, by Helm's own hover of the hook key (both hovers show together under the Argo CD target).
  md.push('', `[Argo CD docs](${ARGOCD_DOCS_HELM_HOOKS})`);
  return { markdown: md.join('\n'), range: toRange(lines, span) };
}

function keyNotes(key: string, o: ArgoObject): string[] {
  const r = o.reading;
  switch (key) {
    case ANNOTATION.hook:
      return [
        'Argo CD maps `pre-install`/`pre-upgrade` to PreSync and `post-install`/`post-upgrade` to PostSync, `pre-delete`/`post-delete` to PreDelete/PostDelete (Application deletion only); test and rollback hooks never run. Items are trimmed, de-duplicated and compared case-sensitively (`gitops-engine/pkg/sync/hook/helm/type.go`).',
        '',
        `Docs and code disagree (the code wins): ${ARGOCD_DOCS_VS_CODE.helmHooksIgnored}`,
        ...(o.kind && r.isHook
          ? ['', ARGOCD_HEALTH_CHECKS[o.kind] ? `Argo CD waits for this ${o.kind}: ${ARGOCD_HEALTH_CHECKS[o.kind]}.` : `Argo CD has no built-in health check for a ${o.kind}: done once applied.`]
          : []),
      ];
    case ANNOTATION.weight:
    case ARGOCD_ANNOTATION.syncWave:
      return [
        `Sync wave **${r.wave}** (${r.waveFrom === 'sync-wave' ? 'argocd.argoproj.io/sync-wave' : r.waveFrom === 'hook-weight' ? 'helm.sh/hook-weight' : 'default'}): \`argocd.argoproj.io/sync-wave\` if it parses, else \`helm.sh/hook-weight\` — on any resource, hook or not — else 0 (\`gitops-engine/pkg/sync/syncwaves/waves.go\`).`,
        '',
        `Within a wave Argo CD orders by kind, then name. ${ARGOCD_DOCS_VS_CODE.tieByKind}`,
      ];
    case ANNOTATION.deletePolicy:
    case ARGOCD_ANNOTATION.deletePolicy:
      return [
        `In effect under Argo CD: **${r.deletePolicies.join(', ')}** (both annotations count, case-sensitive; unknown items dropped; BeforeHookCreation when none is left — \`gitops-engine/pkg/sync/hook/delete_policy.go\`).`,
        '',
        `Docs and code disagree (the code wins): ${ARGOCD_DOCS_VS_CODE.hookSucceeded}`,
      ];
    case ARGOCD_ANNOTATION.hook:
      return [
        r.typesFrom === 'argocd'
          ? 'A valid `argocd.argoproj.io/hook` wins: this resource’s Helm events are not used (`gitops-engine/pkg/sync/hook/hook.go:46-51`).'
          : 'No valid Argo CD hook type here (PreSync, Sync, PostSync, SyncFail, Skip; case-sensitive): ' +
            (r.typesFrom === 'helm' ? 'Argo CD uses `helm.sh/hook` instead.' : 'yet the key alone makes it a hook, in no phase.'),
      ];
    default:
      return [];
  }
}

function toRange(lines: LineIndex, s: Span): Range {
  return lines.range(s.start, s.end);
}

/** One lens above each object Argo CD treats differently from a plain resource: "Argo CD: PreSync, wave -5 · every sync". */
export function argocdCodeLenses(ws: ChartWorkspace, file: string, text: string, opts: { helmVersion: HelmVersion }): Array<{ range: Range; title: string }> {
  const ctx = fileContext(ws, file, text, opts.helmVersion);
  if (!ctx.model || !ctx.hookModel) return [];
  const chart = argoChart(ctx.model, ctx.hookModel, opts.helmVersion);
  const lines = lineIndexOf(text);
  const out: Array<{ range: Range; title: string }> = [];
  for (const d of ctx.documents) {
    const o = chart.byDoc.get(d);
    if (!o || (!o.reading.isHook && o.reading.waveFrom === 'default' && !o.reading.skip)) continue;
    const at = lines.positionAt(d.contentStart);
    out.push({ range: { start: { line: at.line, character: 0 }, end: { line: at.line, character: 0 } }, title: `Argo CD: ${argoSummary(o)}` });
  }
  return out;
}
