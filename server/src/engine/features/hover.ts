/**
 * Hovers on hook annotation keys and values, in Helm's terms: what the annotation does, the parsed value Helm
 * uses, and this hook's place in the chart-wide order of each of its events.
 */
import type { ChartWorkspace } from '../hooks/chartWorkspace';
import { documentAt, fileContext, ordinal, type FileContext } from './documentContext';
import {
  ANNOTATION,
  DELETE_POLICIES,
  DEPRECATED_EVENTS,
  EVENTS,
  FLUX_NOTE,
  HELM_DOCS_HOOKS,
  OUTPUT_LOG_KINDS,
  OUTPUT_LOG_POLICIES,
  REMOVED_EVENTS,
  WAITED_KINDS,
  DEFAULT_TIMEOUT,
  NEVER_DELETED_HOOK_KINDS,
  annotationFact,
  hookWaitText,
  commandOfEvent,
  parseHookWeight,
  resolveEvent,
} from '../helmFacts';
import { effectiveDeletePolicies, splitListValue, type AnnotationEntry, type DocumentAnalysis } from '../hooks/hookExtraction';
import { hookOrderIndex } from '../hooks/hookOrder';
import { lineIndexOf } from '../documents/lineIndex';
import { renderedFactsOf, type RenderedFileView, type RenderedHookFacts } from './codeLens';
import type { HelmVersion, HookEventName, HookItem, Position, Range, Span } from '../types';

export interface EngineHover {
  markdown: string;
  range: Range;
}

export function hoverAt(
  ws: ChartWorkspace,
  file: string,
  text: string,
  position: Position,
  opts: { helmVersion: HelmVersion; rendered?: RenderedFileView },
): EngineHover | undefined {
  const lines = lineIndexOf(text);
  const offset = lines.offsetAt(position);
  const ctx: HoverContext = { ...fileContext(ws, file, text, opts.helmVersion), rendered: opts.rendered };
  const doc = documentAt(ctx, offset);
  if (!doc) return undefined;
  const within = (s: Span) => s.start <= offset && offset <= s.end && s.end > s.start;
  for (const entry of doc.annotations) {
    if (within(entry.keySpan)) {
      return { markdown: keyHover(ctx, doc, entry, opts.helmVersion), range: lines.range(entry.keySpan.start, entry.keySpan.end) };
    }
    if (within(entry.valueSpan)) {
      const md = valueHover(ctx, doc, entry, offset, opts.helmVersion);
      if (!md) return undefined;
      const item = entry.valueTextOffset !== undefined ? splitListValue(entry).find((i) => i.exact && i.span.start <= offset && offset <= i.span.end) : undefined;
      const span = item && entry.key !== ANNOTATION.weight ? item.span : entry.valueSpan;
      return { markdown: md, range: lines.range(span.start, span.end) };
    }
  }
  return undefined;
}

/** The file's context, with the render's view of it when the built-in render is the source. */
interface HoverContext extends FileContext {
  rendered?: RenderedFileView;
}

/** "the built-in render (release-name · default · chart values)", with "out of date" while a newer one is pending. */
function renderedSource(view: RenderedFileView): string {
  return `the built-in render (${view.label})${view.stale ? ', out of date: a newer render is running' : ''}`;
}

function renderedPlace(f: RenderedHookFacts, p: RenderedHookFacts['places'][number]): string {
  const who = (h: { kind: string; name: string; weight: number }) => `${h.kind} ${h.name || '(generateName)'} (weight ${h.weight})`;
  const around = [p.prev ? `after ${who(p.prev)}` : '', p.next ? `before ${who(p.next)}` : ''].filter(Boolean).join(', ');
  const tie = p.tieByName ? ' — same weight as the previous hook: Helm orders them by name' : '';
  return `${p.event}: ${ordinal(p.position)} of ${p.count} hook${p.count === 1 ? '' : 's'} in this chart, weight ${f.weight}${around ? ` (${around})` : ''}${tie}`;
}

/** The hook facts of the render for this document: its name, events, weight and places, in a few lines. */
function renderedFacts(ctx: HoverContext, doc: DocumentAnalysis, event?: HookEventName): string[] | undefined {
  const view = ctx.rendered;
  const facts = renderedFactsOf(view, doc);
  if (!view || !facts?.length) return undefined;
  const out = [`Rendered by ${renderedSource(view)}:`];
  for (const f of facts) {
    out.push(`- **${f.kind} ${f.name || '(generateName)'}** · ${f.events.join(', ') || 'no events'} · weight ${f.weight}${f.valuesOnly ? ' · only with these values' : ''}`);
    for (const p of f.places) if (!event || p.event === event) out.push(`  - ${renderedPlace(f, p)}`);
  }
  return out;
}

function hookItemOf(ctx: FileContext, doc: DocumentAnalysis): HookItem | undefined {
  return ctx.hookModel ? hookOrderIndex(ctx.hookModel).hookOf(doc) : undefined;
}

/** "2nd of 4 hooks in this chart, weight 5" for one event. */
function placeIn(ctx: FileContext, doc: DocumentAnalysis, event: HookEventName): string | undefined {
  const self = hookItemOf(ctx, doc);
  if (!self || !ctx.hookModel) return undefined;
  const index = hookOrderIndex(ctx.hookModel);
  const list = index.ordered(event);
  const idx = index.indexIn(event, self);
  if (idx < 0) return undefined;
  const prev = list[idx - 1];
  const next = list[idx + 1];
  const around = [prev ? `after ${prev.kind} ${prev.name || '(generateName)'} (weight ${prev.weight})` : '', next ? `before ${next.kind} ${next.name || '(generateName)'} (weight ${next.weight})` : '']
    .filter(Boolean)
    .join(', ');
  const tie = prev && prev.weight === self.weight ? ' — same weight as the previous hook: Helm orders them by name' : '';
  return `${event}: ${ordinal(idx + 1)} of ${list.length} hook${list.length === 1 ? '' : 's'} in this chart, weight ${self.weight}${around ? ` (${around})` : ''}${tie}`;
}

function sequence(event: HookEventName): string {
  const cmd = commandOfEvent(event);
  return `\`helm ${cmd.name}\`: ` + cmd.sequence.map((s) => (s === event ? `**${s}**` : s)).join(' → ');
}

function keyHover(ctx: HoverContext, doc: DocumentAnalysis, entry: AnnotationEntry, version: HelmVersion): string {
  const fact = annotationFact(entry.key);
  if (!fact) {
    return `\`${entry.key}\` is not a Helm annotation: Helm ignores it.\n\n[Helm docs](${HELM_DOCS_HOOKS})`;
  }
  const out = [`**${fact.key}** — ${fact.summary}`, '', fact.detail];
  const hook = doc.hook;
  if (entry.key === ANNOTATION.hook && hook) {
    const rendered = renderedFacts(ctx, doc);
    if (hook.dropped) out.push('', `⚠ Helm drops this resource: ${hook.dropReason}.`);
    else {
      const places = rendered ?? [...new Set(hook.events)].map((e) => placeIn(ctx, doc, e)).filter(Boolean).map((p) => `- ${p}`);
      if (places.length) out.push('', ...places);
      if (!doc.annotations.some((a) => a.key === ANNOTATION.deletePolicy)) {
        out.push('', 'No delete policy written: Helm uses **before-hook-creation** (the old object is deleted before the next run).');
      }
      if (doc.kind) {
        out.push(
          '',
          WAITED_KINDS.includes(doc.kind)
            ? `Helm waits for this ${doc.kind} to ${doc.kind === 'Job' ? 'complete' : 'succeed'} before the next hook, for up to the whole --timeout ` +
                `(default ${DEFAULT_TIMEOUT}); if it fails, the later hooks of the phase never run. ${hookWaitText(version)}`
            : `Helm does not wait for a ${doc.kind}: it counts as done as soon as it is created.`,
        );
      }
    }
    if (doc.conditional) out.push('', `Conditional: only rendered when \`${doc.condition}\`.`);
    if (!hook.dropped) out.push('', FLUX_NOTE);
  }
  if (entry.key === ANNOTATION.outputLogPolicy && doc.kind && !OUTPUT_LOG_KINDS.includes(doc.kind)) {
    out.push('', `This is a ${doc.kind}: only Job and Pod hooks have logs, so this annotation has no effect here.`);
  }
  out.push('', `[Helm docs](${fact.docs})`);
  return out.join('\n');
}

function valueHover(ctx: HoverContext, doc: DocumentAnalysis, entry: AnnotationEntry, offset: number, version: HelmVersion): string | undefined {
  if (entry.dynamic) {
    const rendered = renderedFacts(ctx, doc);
    return rendered ? [`\`${entry.key}\` is templated.`, '', ...rendered].join('\n') : `\`${entry.key}\` is templated: its value is only known after rendering.`;
  }
  const items = splitListValue(entry);
  const item = items.find((i) => i.exact && i.span.start <= offset && offset <= i.span.end) ?? (items.length === 1 ? items[0] : undefined);
  switch (entry.key) {
    case ANNOTATION.hook: {
      if (!item) return undefined;
      const ev = resolveEvent(item.raw);
      if (!ev) {
        const removed = REMOVED_EVENTS[item.normalized];
        return removed
          ? `**${item.normalized}** is not a hook event since Helm 3: Helm drops this whole resource. ${removed}`
          : `**${item.normalized || '(empty)'}** is not a hook event: Helm drops this whole resource silently.`;
      }
      const fact = EVENTS.find((e) => e.name === ev)!;
      const out = [`**${ev}** — runs ${fact.when}.`];
      if (DEPRECATED_EVENTS[item.normalized]) out.push('', `\`${item.normalized}\` is read by Helm as \`${ev}\`.`);
      out.push('', sequence(ev));
      const rendered = renderedFacts(ctx, doc, ev);
      const place = rendered ? undefined : placeIn(ctx, doc, ev);
      if (rendered) out.push('', ...rendered);
      else if (place) out.push('', place);
      out.push('', `[Helm docs](${HELM_DOCS_HOOKS})`);
      return out.join('\n');
    }
    case ANNOTATION.weight: {
      const raw = entry.value ?? '';
      const parsed = parseHookWeight(raw);
      const out = [
        parsed.ok
          ? `Helm uses weight **${parsed.value}**.`
          : `Helm uses weight **0**: strconv.Atoi cannot read ${JSON.stringify(raw)}${parsed.reason === 'range' ? ' (out of the 64-bit range)' : ''}.`,
      ];
      if (doc.hook && !doc.hook.dropped) {
        const places = renderedFacts(ctx, doc) ?? [...new Set(doc.hook.events)].map((e) => placeIn(ctx, doc, e)).filter(Boolean).map((p) => `- ${p}`);
        if (places.length) out.push('', ...places);
      }
      out.push('', 'Lower weights run first; equal weights are ordered by name (not by kind).');
      return out.join('\n');
    }
    case ANNOTATION.deletePolicy: {
      const policies = items.map((i) => i.normalized);
      const fact = item ? DELETE_POLICIES.find((p) => p.name === item.normalized) : undefined;
      const out = [fact ? `**${fact.name}** — ${fact.detail}` : `**${item?.normalized ?? entry.value}** is not a delete policy: Helm ignores it.`];
      const eff = effectiveDeletePolicies(policies).filter((p) => DELETE_POLICIES.some((d) => d.name === p));
      out.push('', `In effect for this hook: ${eff.length ? eff.join(', ') : 'none (the object is never deleted by Helm)'}.`);
      if (doc.kind && NEVER_DELETED_HOOK_KINDS.includes(doc.kind)) out.push('', 'CustomResourceDefinition hooks are never deleted.');
      else if (!eff.includes('before-hook-creation')) {
        // `execHook` (`pkg/action/hooks.go`): the default applies only when no policy is written at all.
        out.push('', 'Writing a delete policy replaces Helm\'s default: **before-hook-creation is off** for this hook unless it is listed too.');
        // Nothing removes the previous object before the next run.
        out.push(
          '',
          version === 3
            ? 'Without before-hook-creation an object left by an earlier run stays, and Helm 3 fails to create it again ("already exists").'
            : 'Without before-hook-creation an object left by an earlier run stays, and Helm 4 applies over it server-side: fine for ordinary kinds, ' +
                'but a Job or Pod keeps its old run (a completed one counts as done, a failed one fails the hook) or fails with "field is immutable".',
        );
      }
      return out.join('\n');
    }
    case ANNOTATION.outputLogPolicy: {
      const fact = item ? OUTPUT_LOG_POLICIES.find((p) => p.name === item.normalized) : undefined;
      return fact ? `**${fact.name}** — ${fact.detail}` : `**${item?.normalized ?? entry.value}** is not an output-log policy: Helm ignores it.`;
    }
    case ANNOTATION.resourcePolicy:
      return (entry.value ?? '').trim().toLowerCase() === 'keep'
        ? '**keep** — `helm uninstall` leaves this resource in place (it is no longer managed by the release). It does not stop a hook delete policy.'
        : 'Only `keep` means something here: any other value leaves the resource silently behind at uninstall.';
    default:
      return undefined;
  }
}

