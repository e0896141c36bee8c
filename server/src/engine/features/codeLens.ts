/** One lens above each hook document: where the hook runs, e.g. "pre-install #2 · post-upgrade #1 · weight 5". */
import type { ChartWorkspace } from '../hooks/chartWorkspace';
import { fileContext } from './documentContext';
import { documentLine, hookOrderIndex } from '../hooks/hookOrder';
import { lineIndexOf } from '../documents/lineIndex';
import type { HelmVersion, HookEventName, Range } from '../types';

export interface EngineCodeLens {
  range: Range;
  title: string;
}

/** A hook as a render (the built-in renderer's) gives it, with its places in the order: what CodeLens and hover show. */
export interface RenderedHookFacts {
  kind: string;
  name: string;
  weight: number;
  events: HookEventName[];
  deletePolicies: string[];
  /** Per event (each once): the 1-based position among the event's hooks, their count, and the neighbours. */
  places: Array<{
    event: HookEventName;
    position: number;
    count: number;
    prev?: { kind: string; name: string; weight: number };
    next?: { kind: string; name: string; weight: number };
    tieByName: boolean;
  }>;
  /** Only the chosen values (not the chart's defaults) render this hook. */
  valuesOnly?: boolean;
  /** Which template document the hook comes from is a best guess. */
  mappingUncertain?: boolean;
}

/** One file's part of a render: hooks and hooks left out, by the 1-based line of their template document. */
export interface RenderedFileView {
  hooks: ReadonlyMap<number, RenderedHookFacts[]>;
  /** Hooks the values in use switch off, or that Helm drops: the reason, by line. */
  leftOut: ReadonlyMap<number, string>;
  /** A newer render is pending: these facts are the last render's. */
  stale: boolean;
  /** The value set in short ("release-name · default · chart values"). */
  label: string;
}

/** The facts of the render for a template document (matched by its line). */
export function renderedFactsOf(view: RenderedFileView | undefined, d: Parameters<typeof documentLine>[0]): RenderedHookFacts[] | undefined {
  return view?.hooks.get(documentLine(d));
}

/** "Job kps-admission-create · pre-install #3 of 5 · weight -5". */
function renderedTitle(f: RenderedHookFacts, stale: boolean): string {
  const parts = [`${f.kind} ${f.name || '(generateName)'}`];
  for (const p of f.places) parts.push(`${p.event} #${p.position} of ${p.count}`);
  if (!f.places.length) parts.push(f.events.length ? 'in no order' : 'no events');
  parts.push(`weight ${f.weight}`);
  if (f.valuesOnly) parts.push('only with these values');
  if (stale) parts.push('out of date');
  return parts.join(' · ');
}

export function codeLensesFor(
  ws: ChartWorkspace,
  file: string,
  text: string,
  opts: { helmVersion: HelmVersion; rendered?: RenderedFileView },
): EngineCodeLens[] {
  const ctx = fileContext(ws, file, text, opts.helmVersion);
  const lines = lineIndexOf(text);
  const out: EngineCodeLens[] = [];
  const view = opts.rendered;
  if (view && ctx.model && !ctx.partial) return renderedLenses(ctx.documents, lines, view);
  // Each event's order is computed once per model (a file of n hooks asks n times).
  const index = ctx.hookModel ? hookOrderIndex(ctx.hookModel) : undefined;
  for (const d of ctx.documents) {
    if (!d.hook) continue;
    const at = lines.positionAt(d.contentStart);
    const range = { start: { line: at.line, character: 0 }, end: { line: at.line, character: 0 } };
    if (d.hook.dropped) {
      out.push({ range, title: `dropped by Helm: ${d.hook.dropReason}` });
      continue;
    }
    if (d.enabledByDefault === false) {
      out.push({ range, title: `off with default values${d.condition ? ` (${d.condition})` : ''}: in no order` });
      continue;
    }
    const self = index?.hookOf(d);
    const parts: string[] = [];
    for (const e of [...new Set(d.hook.events)]) {
      const pos = self && index ? index.indexIn(e, self) + 1 : 0;
      parts.push(pos > 0 ? `${e} #${pos}` : e);
    }
    if (!parts.length) parts.push(d.hook.dynamic ? 'events templated' : 'no events');
    parts.push(`weight ${d.hook.weightEntry?.dynamic ? '{{…}}' : d.hook.weight}`);
    if (d.conditional) parts.push('conditional');
    out.push({ range, title: parts.join(' · ') });
  }
  return out;
}

/** The lenses of a rendered file: one per rendered hook, above the template document it comes from. */
function renderedLenses(documents: ReturnType<typeof fileContext>['documents'], lines: ReturnType<typeof lineIndexOf>, view: RenderedFileView): EngineCodeLens[] {
  const out: EngineCodeLens[] = [];
  const used = new Set<number>();
  const lineCount = lines.positionAt(Number.MAX_SAFE_INTEGER).line + 1;
  for (const d of documents) {
    if (d.empty) continue;
    const at = lines.positionAt(d.contentStart);
    const range = { start: { line: at.line, character: 0 }, end: { line: at.line, character: 0 } };
    const line = documentLine(d);
    const facts = view.hooks.get(line);
    if (facts) {
      used.add(line);
      for (const f of facts) out.push({ range, title: renderedTitle(f, view.stale) });
      continue;
    }
    const leftOut = view.leftOut.get(line);
    if (leftOut !== undefined) {
      used.add(line);
      out.push({ range, title: leftOut });
    } else if (d.hook) out.push({ range, title: `not rendered with ${view.label}${view.stale ? ' · out of date' : ''}` });
  }
  // Hooks mapped to a line where the text (edited since, or a document the masked reading splits otherwise) has none.
  for (const [line, facts] of view.hooks) {
    if (used.has(line) || line < 1 || line > lineCount) continue;
    const range = { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 0 } };
    for (const f of facts) out.push({ range, title: renderedTitle(f, view.stale) });
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line);
}
