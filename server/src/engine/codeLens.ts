/** One lens above each hook document: where the hook runs, e.g. "pre-install #2 · post-upgrade #1 · weight 5". */
import type { ChartWorkspace } from './chartWorkspace';
import { fileContext } from './documentContext';
import { hooksForEvent } from './hookOrder';
import { LineIndex } from './lineIndex';
import type { HelmVersion, Range } from './types';

export interface EngineCodeLens {
  range: Range;
  title: string;
}

export function codeLensesFor(ws: ChartWorkspace, file: string, text: string, opts: { helmVersion: HelmVersion }): EngineCodeLens[] {
  const ctx = fileContext(ws, file, text, opts.helmVersion);
  const lines = new LineIndex(text);
  const out: EngineCodeLens[] = [];
  for (const d of ctx.documents) {
    if (!d.hook) continue;
    const at = lines.positionAt(d.contentStart);
    const range = { start: { line: at.line, character: 0 }, end: { line: at.line, character: 0 } };
    if (d.hook.dropped) {
      out.push({ range, title: `dropped by Helm: ${d.hook.dropReason}` });
      continue;
    }
    const i = ctx.hookModel ? ctx.hookModel.sources.indexOf(d) : -1;
    const self = i >= 0 ? ctx.hookModel!.hooks[i] : undefined;
    const parts: string[] = [];
    for (const e of [...new Set(d.hook.events)]) {
      const pos = self ? hooksForEvent(ctx.hookModel!.hooks, e).indexOf(self) + 1 : 0;
      parts.push(pos > 0 ? `${e} #${pos}` : e);
    }
    if (!parts.length) parts.push(d.hook.dynamic ? 'events templated' : 'no events');
    parts.push(`weight ${d.hook.weightEntry?.dynamic ? '{{…}}' : d.hook.weight}`);
    if (d.conditional) parts.push('conditional');
    out.push({ range, title: parts.join(' · ') });
  }
  return out;
}
