/**
 * `helm-hooks order --target argocd --format text`: Argo CD's sync and Application deletion as a timeline, wave by
 * wave, with what Argo CD waits for, the hooks it never runs, and how it differs from `helm install`.
 */
import type { ArgoOrderResult, ArgoStep } from '../engine/hooks/argocd';
import { padEnd, paint, type Colors } from './terminal';

const RULE = '──';

function header(colors: Colors, title: string, extra = ''): string {
  return `  ${paint(colors, 'bold', `${RULE} ${title} ${RULE}`)}${extra ? `  ${extra}` : ''}`;
}

function table(rows: string[][], indent: string): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((r) => (indent + r.map((c, i) => (i === r.length - 1 ? c : padEnd(c, widths[i]))).join('  ')).trimEnd());
}

function stepLines(step: ArgoStep, colors: Colors): string[] {
  const n = step.items.length;
  const noun = step.type === 'hooks' ? 'hook' : 'object';
  const out = [header(colors, step.title, paint(colors, 'dim', n === 0 ? `no ${noun}s` : `${n} ${noun}${n === 1 ? '' : 's'}`))];
  out.push(`    ${paint(colors, 'dim', step.detail)}`);
  if (n === 0) return out;
  const byWave = step.waves.length > 0;
  const rows = [['#', ...(byWave ? ['wave'] : []), 'kind', 'name', 'template', 'notes']];
  for (const it of step.items) {
    const notes = [...(it.hook && step.id === 'Sync' ? ['Sync hook'] : []), ...(it.conditional ? ['conditional'] : []), ...(it.dynamic ? ['dynamic'] : []), ...it.notes];
    rows.push([String(it.position), ...(byWave ? [String(it.wave)] : []), it.kind, it.name || '(generateName)', `${it.path}:${it.line}`, notes.join('; ') || '-']);
  }
  const lines = table(rows, '    ');
  out.push(paint(colors, 'dim', lines[0]));
  // A line after each wave says what Argo CD waits for before the next one.
  let row = 1;
  for (const w of step.waves.length ? step.waves : [{ wave: 0, from: 1, to: n, waitsFor: '' }]) {
    for (; row <= w.to; row++) out.push(lines[row]);
    if (w.waitsFor) out.push(`      ${paint(colors, 'cyan', `↳ wave ${w.wave}: ${w.waitsFor}`)}`);
  }
  return out;
}

export function formatArgoTimeline(result: ArgoOrderResult, colors: Colors): string {
  const out: string[] = [];
  out.push(paint(colors, 'bold', `${result.chart} — as Argo CD syncs it (rendered with helm template, Helm ${result.helmVersion})`));
  out.push('');
  out.push(paint(colors, 'bold', 'sync') + paint(colors, 'dim', '  (every sync: Argo CD has no install or upgrade)'));
  for (const s of result.commands.sync.steps) out.push(...stepLines(s, colors));
  for (const n of result.commands.sync.notes) out.push(`  ${paint(colors, 'dim', `note: ${n}`)}`);
  out.push('');
  out.push(paint(colors, 'bold', 'Application deletion'));
  for (const s of result.commands.delete.steps) out.push(...stepLines(s, colors));
  for (const n of result.commands.delete.notes) out.push(`  ${paint(colors, 'dim', `note: ${n}`)}`);
  out.push('');
  out.push(header(colors, 'never run by Argo CD', paint(colors, 'dim', result.ignored.length ? `${result.ignored.length}` : 'none')));
  for (const i of result.ignored) out.push(`    ${paint(colors, 'yellow', '✗')} ${i.kind} ${i.name || '(generateName)'}  ${i.path}  ${paint(colors, 'dim', i.reason)}`);
  const d = result.differences;
  out.push('');
  out.push(header(colors, 'differences from helm install'));
  const diffs = [
    ...d.runsEverySync.map((x) => `${x.kind} ${x.name}: ${x.detail}`),
    ...d.neverRuns.map((x) => `${x.kind} ${x.name}: never runs`),
    ...d.reorderedTies.filter((t) => t.event.endsWith('install')).map((t) => t.detail),
    ...d.wavesFromWeight.map((x) => `${x.kind} ${x.name}: ${x.detail}`),
    ...d.annotationIgnored.map((x) => `${x.kind} ${x.name}: ${x.detail}`),
  ];
  if (!diffs.length) out.push(`    ${paint(colors, 'dim', 'none')}`);
  for (const x of diffs) out.push(`    • ${x}`);
  return out.join('\n') + '\n';
}
