/** One lens above each hook document: where the hook runs, e.g. "pre-install #2 · post-upgrade #1 · weight 5". */
import type { ChartWorkspace } from './chartWorkspace';
import { fileContext } from './documentContext';
import { hooksForEvent } from './hookOrder';
import { LineIndex } from './lineIndex';
import type { HelmVersion, HookEventName, HookItem, Range } from './types';

export interface EngineCodeLens {
  range: Range;
  title: string;
}

export function codeLensesFor(ws: ChartWorkspace, file: string, text: string, opts: { helmVersion: HelmVersion }): EngineCodeLens[] {
  const ctx = fileContext(ws, file, text, opts.helmVersion);
  const lines = new LineIndex(text);
  const out: EngineCodeLens[] = [];
  // Each event's order and each source's hook, computed once per call: per hook they made a file of n hooks O(n² log n).
  const sourceIndex = new Map(ctx.hookModel?.sources.map((s, i) => [s, i] as const) ?? []);
  const positions = new Map<HookEventName, Map<HookItem, number>>();
  const positionIn = (e: HookEventName, self: HookItem): number => {
    let byHook = positions.get(e);
    if (!byHook) {
      byHook = new Map();
      const ordered = hooksForEvent(ctx.hookModel!.hooks, e);
      for (let k = ordered.length - 1; k >= 0; k--) byHook.set(ordered[k], k + 1); // first occurrence wins, as indexOf
      positions.set(e, byHook);
    }
    return byHook.get(self) ?? 0;
  };
  for (const d of ctx.documents) {
    if (!d.hook) continue;
    const at = lines.positionAt(d.contentStart);
    const range = { start: { line: at.line, character: 0 }, end: { line: at.line, character: 0 } };
    if (d.hook.dropped) {
      out.push({ range, title: `dropped by Helm: ${d.hook.dropReason}` });
      continue;
    }
    const i = sourceIndex.get(d) ?? -1;
    const self = i >= 0 ? ctx.hookModel!.hooks[i] : undefined;
    const parts: string[] = [];
    for (const e of [...new Set(d.hook.events)]) {
      const pos = self ? positionIn(e, self) : 0;
      parts.push(pos > 0 ? `${e} #${pos}` : e);
    }
    if (!parts.length) parts.push(d.hook.dynamic ? 'events templated' : 'no events');
    parts.push(`weight ${d.hook.weightEntry?.dynamic ? '{{…}}' : d.hook.weight}`);
    if (d.conditional) parts.push('conditional');
    out.push({ range, title: parts.join(' · ') });
  }
  return out;
}
