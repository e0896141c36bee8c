/** One lens above each hook document: where the hook runs, e.g. "pre-install #2 · post-upgrade #1 · weight 5". */
import type { ChartWorkspace } from '../hooks/chartWorkspace';
import { fileContext } from './documentContext';
import { hookOrderIndex } from '../hooks/hookOrder';
import { lineIndexOf } from '../documents/lineIndex';
import type { HelmVersion, Range } from '../types';

export interface EngineCodeLens {
  range: Range;
  title: string;
}

export function codeLensesFor(ws: ChartWorkspace, file: string, text: string, opts: { helmVersion: HelmVersion }): EngineCodeLens[] {
  const ctx = fileContext(ws, file, text, opts.helmVersion);
  const lines = lineIndexOf(text);
  const out: EngineCodeLens[] = [];
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
