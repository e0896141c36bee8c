/**
 * A snapshot's order as the per-file views CodeLens and hover read: every hook of the built-in order under the
 * template file and line it comes from, with its place in each of its events. Built once per snapshot.
 */
import type { RenderedFileView, RenderedHookFacts } from '../engine/features/codeLens';
import type { HookEventName, HookStep, HookStepItem, OrderResult } from '../engine/types';

export interface SnapshotFiles {
  hooks: Map<string, Map<number, RenderedHookFacts[]>>;
  leftOut: Map<string, Map<number, string>>;
}

const identity = (h: { path: string; kind: string; name: string; storedIndex?: number }) => `${h.path}\u0000${h.kind}\u0000${h.name}\u0000${h.storedIndex ?? ''}`;

/** Every hook step of the order, one per event (an event appears in one command only). */
function hookSteps(order: OrderResult): HookStep[] {
  const seen = new Set<HookEventName>();
  const out: HookStep[] = [];
  for (const cmd of Object.values(order.commands)) {
    for (const step of cmd?.steps ?? []) {
      if (step.type !== 'hooks' || seen.has(step.id)) continue;
      seen.add(step.id);
      out.push(step);
    }
  }
  return out;
}

export function snapshotFiles(order: OrderResult): SnapshotFiles {
  const facts = new Map<string, { item: HookStepItem; facts: RenderedHookFacts }>();
  const neighbour = (h: HookStepItem | undefined) => (h ? { kind: h.kind, name: h.name, weight: h.weight } : undefined);
  for (const step of hookSteps(order)) {
    step.items.forEach((item, i) => {
      const key = identity(item);
      let entry = facts.get(key);
      if (!entry) {
        entry = {
          item,
          facts: {
            kind: item.kind,
            name: item.name,
            weight: item.weight,
            events: item.events,
            deletePolicies: item.deletePolicies,
            places: [],
            valuesOnly: item.valuesOnly || undefined,
            mappingUncertain: item.mappingUncertain || undefined,
          },
        };
        facts.set(key, entry);
      }
      entry.facts.places.push({
        event: step.id,
        position: item.position,
        count: step.items.length,
        prev: neighbour(step.items[i - 1]),
        next: neighbour(step.items[i + 1]),
        tieByName: item.tieByName,
      });
    });
  }
  const hooks = new Map<string, Map<number, RenderedHookFacts[]>>();
  for (const { item, facts: f } of facts.values()) {
    if (!item.file) continue;
    let byLine = hooks.get(item.file);
    if (!byLine) hooks.set(item.file, (byLine = new Map()));
    const list = byLine.get(item.line);
    if (list) list.push(f);
    else byLine.set(item.line, [f]);
  }
  const leftOut = new Map<string, Map<number, string>>();
  const leave = (file: string, line: number, why: string) => {
    if (!file) return;
    let byLine = leftOut.get(file);
    if (!byLine) leftOut.set(file, (byLine = new Map()));
    if (!byLine.has(line)) byLine.set(line, why);
  };
  for (const d of order.disabled) leave(d.file, d.line, `not rendered: ${d.reason}`);
  for (const d of order.dropped) leave(d.file, d.line, `dropped by Helm: ${d.reason}`);
  return { hooks, leftOut };
}

/** The view of one file, or undefined when the render has nothing in it. */
export function fileView(files: SnapshotFiles, file: string, stale: boolean, label: string): RenderedFileView {
  return { hooks: files.hooks.get(file) ?? new Map(), leftOut: files.leftOut.get(file) ?? new Map(), stale, label };
}
