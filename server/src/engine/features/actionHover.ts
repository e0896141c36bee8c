/**
 * What each template action printed into the hook documents of the latest built-in render: a hover on an action
 * (`{{ include "app.fullname" . }}`, `{{ .Values.hook.weight }}`) shows what it renders to with the values in use,
 * and optional inlay hints show the rendered names and weights next to the actions that build them.
 *
 * `renderedActions` reads the render's trace (it runs where the render ran, e.g. the server's render worker) and
 * returns plain data, keyed by file; `renderedActionHover` and `renderedInlayHints` answer from that data alone.
 */
import type { ChartModel } from '../hooks/chartModel';
import type { BuiltinOrder } from '../hooks/builtinOrder';
import { templateFileOf, type TracedInclude, type TracedSegment } from '../documents/renderTrace';
import { lineIndexOf } from '../documents/lineIndex';
import type { Position, Range } from '../types';
import { tracedHookDocuments } from './renderedValues';

/** One action of a template and what it printed into hook documents. */
export interface RenderedAction {
  /** 0-based line and UTF-16 character of the action's pipeline in its file. */
  line: number;
  character: number;
  /** The action as Go prints it. */
  action: string;
  /** What it printed, distinct values in order (at most `MAX_VALUES`). */
  values: string[];
  /** How many times it printed (a `range`, or a helper many hooks include). */
  count: number;
  /** The hooks it printed into (`Job migrate`), at most `MAX_VALUES`. */
  hooks: string[];
  /** Actions in a `define`: the include call sites that ran it (`templates/job.yaml:12`). */
  includedFrom?: string[];
  /** It prints (part of) a hook's name or weight: what Helm then reads, per hook. */
  name?: string[];
  weight?: string[];
}

/** Per absolute file. A plain object of arrays: it crosses thread boundaries by structured clone. */
export type RenderedActions = Record<string, RenderedAction[]>;

const MAX_VALUES = 5;
const MAX_VALUE_CHARS = 200;

function pushDistinct(list: string[], v: string): void {
  if (list.length < MAX_VALUES && !list.includes(v)) list.push(v);
}

/** What every action printed into the hook documents of a built-in render (empty when it failed). */
export function renderedActions(chart: ChartModel, built: BuiltinOrder): RenderedActions {
  const out: RenderedActions = {};
  const files = new Map(chart.templates.map((t) => [t.helmPath, t.file]));
  const root = chart.chart.root;
  const rel = (file: string) => (file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file);
  const entries = new Map<string, RenderedAction>();
  const entry = (seg: TracedSegment): RenderedAction => {
    const file = templateFileOf(seg.path, root, files);
    const key = `${file}\u0000${seg.line}\u0000${seg.character}`;
    let e = entries.get(key);
    if (!e) {
      e = { line: seg.line - 1, character: seg.character, action: seg.action ?? '', values: [], count: 0, hooks: [] };
      entries.set(key, e);
      (out[file] ??= []).push(e);
    }
    return e;
  };
  const record = (seg: TracedSegment, printed: string, hook: string, callSite?: string): void => {
    const e = entry(seg);
    e.count++;
    pushDistinct(e.values, printed.length > MAX_VALUE_CHARS ? `${printed.slice(0, MAX_VALUE_CHARS)}…` : printed);
    pushDistinct(e.hooks, hook);
    if (callSite) pushDistinct((e.includedFrom ??= []), callSite);
  };
  const recordIncludes = (includes: readonly TracedInclude[] | undefined, hook: string, callSite: string, depth: number): void => {
    if (!includes || depth > 32) return;
    for (const inc of includes) {
      for (const s of inc.actions) {
        if (s.action === undefined) continue;
        record(s, inc.output.slice(s.start, s.end), hook, callSite);
        recordIncludes(s.includes, hook, `${rel(templateFileOf(s.path, root, files))}:${s.line}`, depth + 1);
      }
    }
  };
  for (const h of tracedHookDocuments(chart, built)) {
    const d = h.analysis;
    if (!d.hook) continue;
    const hook = `${d.kind ?? '?'} ${d.name ?? ''}`.trim();
    const { trace, content } = h.manifest;
    const overlaps = (s: TracedSegment, span: { start: number; end: number } | undefined) => span !== undefined && s.start < span.end && span.start < s.end;
    for (const s of trace.segments) {
      if (s.action === undefined) continue;
      record(s, content.slice(s.start, s.end), hook);
      const e = entry(s);
      if (overlaps(s, d.nameSpan) && d.name !== undefined) pushDistinct((e.name ??= []), d.name);
      if (overlaps(s, d.hook.weightEntry?.valueSpan)) {
        pushDistinct((e.weight ??= []), d.hook.weightInvalid ? `0 (Helm cannot read ${JSON.stringify(d.hook.weightEntry?.value ?? '')})` : String(d.hook.weight));
      }
      recordIncludes(s.includes, hook, `${rel(templateFileOf(s.path, root, files))}:${s.line}`, 0);
    }
  }
  return out;
}

/** The `{{ … }}` around an offset of a template text. */
function actionSpanAt(text: string, offset: number): { start: number; end: number } | undefined {
  const open = text.lastIndexOf('{{', offset);
  if (open < 0) return undefined;
  const close = text.indexOf('}}', open + 2);
  if (close < 0 || close + 2 < offset) return undefined;
  return { start: open, end: close + 2 };
}

/** The recorded action whose pipeline starts inside the `{{ … }}` at the position. */
function actionAt(actions: readonly RenderedAction[], text: string, position: Position): { action: RenderedAction; span: { start: number; end: number } } | undefined {
  const lines = lineIndexOf(text);
  const span = actionSpanAt(text, lines.offsetAt(position));
  if (!span) return undefined;
  for (const a of actions) {
    const at = lines.offsetAt({ line: a.line, character: a.character });
    if (at > span.start && at < span.end) return { action: a, span };
  }
  return undefined;
}

function codeSpan(s: string): string {
  if (s === '') return '*(nothing)*';
  const ticks = /`+/g.exec(s) ? '``' : '`';
  return `${ticks}${ticks === '``' ? ' ' : ''}${s}${ticks === '``' ? ' ' : ''}${ticks}`;
}

/** Hover on a template action: what it printed into hook documents in the latest render. */
export function renderedActionHover(actions: readonly RenderedAction[] | undefined, text: string, position: Position): { markdown: string; range: Range } | undefined {
  if (!actions || actions.length === 0) return undefined;
  const found = actionAt(actions, text, position);
  if (!found) return undefined;
  const a = found.action;
  const out: string[] = [];
  const multiLine = a.values.some((v) => v.includes('\n'));
  const times = a.count > 1 ? ` (${a.count} times)` : '';
  if (a.values.length === 1 && !multiLine) out.push(`**Renders as** ${codeSpan(a.values[0])} with the values in use${times}.`);
  else if (multiLine) {
    out.push(`**Renders as** (with the values in use${times}):`);
    for (const v of a.values) out.push('', '```yaml', v.replace(/```/g, '`\u200b``'), '```');
  } else out.push(`**Renders as**, with the values in use${times}:`, '', ...a.values.map((v) => `- ${codeSpan(v)}`));
  if (a.name) out.push('', `Hook name${a.name.length > 1 ? 's' : ''}: ${a.name.map(codeSpan).join(', ')}`);
  if (a.weight) out.push('', `Hook weight Helm uses: ${a.weight.map((w) => `**${w}**`).join(', ')}`);
  out.push('', `In ${a.hooks.join(', ')}${a.count > a.hooks.length && a.hooks.length === MAX_VALUES ? ', …' : ''}.`);
  if (a.includedFrom) out.push('', `Included from ${a.includedFrom.join(', ')}.`);
  const lines = lineIndexOf(text);
  return { markdown: out.join('\n'), range: lines.range(found.span.start, found.span.end) };
}

/** An inlay hint as the engine gives it (LSP's shape, without the protocol's types). */
export interface RenderedInlayHint {
  position: Position;
  label: string;
  tooltip: string;
}

/**
 * Inlay hints after the actions that print a hook's name or weight: the rendered name, or the weight Helm uses.
 * A name built by several actions gets one hint, after the last of them. `range` limits the lines (LSP asks per
 * visible range).
 */
export function renderedInlayHints(actions: readonly RenderedAction[] | undefined, text: string, range?: Range): RenderedInlayHint[] {
  if (!actions || actions.length === 0) return [];
  const lines = lineIndexOf(text);
  const out: RenderedInlayHint[] = [];
  const last = new Map<string, { action: RenderedAction; end: number }>();
  for (const a of actions) {
    if (!a.name && !a.weight) continue;
    if (range && (a.line < range.start.line || a.line > range.end.line)) continue;
    const span = actionSpanAt(text, lines.offsetAt({ line: a.line, character: a.character }));
    if (!span) continue;
    const key = `${a.line}\u0000${a.name ? 'n' : 'w'}`;
    const prev = last.get(key);
    if (!prev || span.end > prev.end) last.set(key, { action: a, end: span.end });
  }
  for (const { action: a, end } of last.values()) {
    const list = a.name ?? a.weight ?? [];
    const shown = list.slice(0, 3).join(' | ') + (list.length > 3 ? ' | …' : '');
    out.push({
      position: lines.positionAt(end),
      label: a.name ? ` → ${shown}` : ` → weight ${shown}`,
      tooltip: a.name ? 'The hook name as rendered with the values in use.' : 'The hook weight Helm uses, as rendered with the values in use.',
    });
  }
  return out.sort((x, y) => x.position.line - y.position.line || x.position.character - y.position.character);
}
