/**
 * `helm-hooks order --format text`: the order result as an aligned timeline, one block per command. Hook rows
 * say where each hook lands and why (weight, then name: spec §2), what its delete policy does to it, and which
 * positions are only a best guess (conditional, templated).
 */
import { commandEvents } from '../engine/helmFacts';
import type { CommandName, CommandOrder, DisabledItem, HookStep, HookStepItem, OrderResult, OrderStep, ResourceItem, ResourceStep } from '../engine/types';
import { displayPath } from './lint';
import { padEnd, padStart, paint, type Colors } from './terminal';

const RULE = '──';

function header(colors: Colors, title: string, extra = ''): string {
  return `  ${paint(colors, 'bold', `${RULE} ${title} ${RULE}`)}${extra ? `  ${extra}` : ''}`;
}

function hookFlags(h: HookStepItem, prev: HookStepItem | undefined): string[] {
  const flags: string[] = [];
  if (h.conditional) flags.push(h.condition ? `conditional (${h.condition})` : 'conditional');
  if (h.dynamic) flags.push(h.nameDynamic ? 'dynamic name: position is a guess' : 'dynamic');
  if (h.subchart) flags.push('subchart');
  // A hook that lists its event twice is in the list twice (spec §1.6).
  if (prev && prev.file === h.file && prev.line === h.line && prev.kind === h.kind && prev.name === h.name) flags.push('runs again: event listed twice');
  // Only the ties whose order matters carry a note (or every tie, with --all-ties): the note follows the table.
  else if (h.tieNote) flags.push('same weight: ordered by name (note below)');
  // Equal weight and name: the kind pre-sort (InstallOrder) is what decides.
  else if (prev && prev.weight === h.weight && prev.name === h.name && prev.kind !== h.kind) flags.push('same weight and name: ordered by kind');
  if (h.weightInvalid) flags.push(`weight ${JSON.stringify(h.weightRaw ?? '')} is not an integer: Helm uses 0`);
  // Rendered mode: what the chosen values changed, and where the template line is a guess.
  if (h.valuesOnly) flags.push('only with the chosen values');
  if (h.mappingUncertain) flags.push('template line is a best guess');
  return flags;
}

function displayName(name: string): string {
  return name === '' ? '(generateName)' : name;
}

function table(rows: string[][], rightAligned: ReadonlySet<number>, indent: string): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((r) =>
    (indent + r.map((c, i) => (rightAligned.has(i) ? padStart(c, widths[i]) : i === r.length - 1 ? c : padEnd(c, widths[i]))).join('  ')).trimEnd(),
  );
}

function hookStepLines(step: HookStep, colors: Colors): string[] {
  const n = step.items.length;
  const out = [header(colors, step.title, paint(colors, 'dim', n === 0 ? 'no hooks' : n === 1 ? '1 hook' : `${n} hooks`))];
  if (n === 0) return out;
  const rows = [['#', 'weight', 'kind', 'name', 'template', 'flags', 'delete policy']];
  for (const [i, h] of step.items.entries()) {
    rows.push([
      String(h.position),
      String(h.weight),
      h.kind || '(no kind)',
      displayName(h.name),
      `${h.path}:${h.line}`,
      hookFlags(h, step.items[i - 1]).join(', ') || '-',
      h.outcome,
    ]);
  }
  const lines = table(rows, new Set([0, 1]), '     ');
  out.push(paint(colors, 'dim', lines[0]), ...lines.slice(1));
  for (const h of step.items) if (h.tieNote) out.push(paint(colors, 'yellow', `     #${h.position} ${h.kind || '(no kind)'} ${displayName(h.name)}: ${h.tieNote}`));
  if (step.deletedAfterSuccess.length) {
    const list = step.deletedAfterSuccess.map((d) => `${d.kind} ${displayName(d.name)}`).join(', ');
    out.push(paint(colors, 'dim', `     when all succeed, deleted in reverse order: ${list}`));
  }
  out.push(...failureLines(step, colors));
  return out;
}

/** How long the phase may take and what a failed hook leaves behind (spec §8), under the phase's hooks. */
function failureLines(step: HookStep, colors: Colors): string[] {
  const f = step.failure;
  if (!f) return [];
  const out = [
    paint(colors, 'dim', `     waits on ${f.waitedHooks} of ${step.items.length} (Job and Pod hooks only; ${f.strategy}); ${f.timeout}: ${f.maxDuration}`),
    paint(colors, 'yellow', `     if a hook fails: ${f.afterFailure} Release status: ${f.releaseStatus}.`),
  ];
  const rows = step.items.map((h, i) => [`#${h.position}`, `${h.kind || '(no kind)'} ${displayName(h.name)}:`, f.hooks[i]?.summary ?? '']);
  out.push(...table(rows, new Set([0]), '       '));
  if (f.recovery) {
    out.push(paint(colors, 'dim', `     with ${f.recovery.flag}: Helm ${f.recovery.action}; ${f.recovery.note}.`));
  }
  return out;
}

/** Consecutive resources of one kind as `Deployment ×2: a, b`. */
function resourceStepLines(step: ResourceStep, colors: Colors): string[] {
  const out = [header(colors, step.title, paint(colors, 'dim', step.items.length === 0 ? 'none' : ''))];
  const groups: Array<{ kind: string; items: ResourceItem[] }> = [];
  for (const r of step.items) {
    const last = groups[groups.length - 1];
    if (last && last.kind === r.kind) last.items.push(r);
    else groups.push({ kind: r.kind, items: [r] });
  }
  const label = (r: ResourceItem) => (r.name ? r.name : r.path) + (r.conditional ? ' (conditional)' : '');
  const rows = groups.map((g) => [g.items.length > 1 ? `${g.kind} ×${g.items.length}:` : `${g.kind}:`, g.items.map(label).join(', ')]);
  out.push(...table(rows, new Set(), '     '));
  return out;
}

function stepLines(step: OrderStep, colors: Colors): string[] {
  switch (step.type) {
    case 'hooks':
      return hookStepLines(step, colors);
    case 'resources':
      return resourceStepLines(step, colors);
    case 'phase':
      return [header(colors, step.title, paint(colors, 'dim', step.detail))];
  }
}

function commandLines(name: CommandName, order: CommandOrder, colors: Colors, disabled: DisabledItem[]): string[] {
  const out = [paint(colors, 'bold', `helm ${name}`)];
  for (const step of order.steps) out.push(...stepLines(step, colors));
  for (const note of order.notes) out.push(paint(colors, 'dim', `  note: ${note}`));
  const events = commandEvents(name);
  const off = disabled.filter((d) => d.events.some((e) => events.includes(e)));
  if (off.length) {
    out.push(paint(colors, 'dim', '  not rendered with these values (in no step above):'));
    const rows = off.map((d) => [d.kind || '(no kind)', displayName(d.name), d.events.join(','), `${d.path}:${d.line}`, d.condition ? `off: ${d.condition}` : 'off']);
    out.push(...table(rows, new Set(), '    ').map((l) => paint(colors, 'dim', l)));
  }
  return out;
}

/** Where the documents of the order come from, as the timeline's first line says it. */
const SOURCE: Record<OrderResult['mode'], string> = {
  static: 'static analysis of the templates (not rendered)',
  builtin: 'rendered by the built-in renderer',
  rendered: 'rendered by helm',
};

export function formatTimeline(result: OrderResult, cwd: string, colors: Colors): string {
  const hooks = result.hookCount === 1 ? '1 hook' : `${result.hookCount} hooks`;
  const out = [
    `${paint(colors, 'bold', result.chart)} (${displayPath(result.chartRoot, cwd)}) · Helm ${result.helmVersion} · ${hooks} · ${SOURCE[result.mode]}`,
  ];
  for (const [name, order] of Object.entries(result.commands) as Array<[CommandName, CommandOrder]>) {
    out.push('', ...commandLines(name, order, colors, result.disabled ?? []));
  }
  if (result.dropped.length) {
    out.push('', paint(colors, 'yellow', 'dropped by Helm (neither a hook nor a resource):'));
    const rows = result.dropped.map((d) => [d.kind || '(no kind)', displayName(d.name), d.path ? `${d.path}:${d.line}${d.mappingUncertain ? ' (a guess)' : ''}` : '(template unknown)', d.reason]);
    out.push(...table(rows, new Set(), '  '));
  }
  return out.join('\n') + '\n';
}
