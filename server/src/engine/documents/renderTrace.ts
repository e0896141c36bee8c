/**
 * Reading the built-in renderer's trace of a document (render/index.ts `DocumentTrace`): which template text or
 * action printed a given offset of the rendered document, and where that is in the chart's files — through
 * `include` chains (the call site, then the `define` that produced the text) and `{{template}}` calls.
 *
 * Pure: the trace and the document's text in, places out.
 */
import type { DocumentTrace, TracedInclude, TracedPlace, TracedSegment } from '../render';

export type { DocumentTrace, TracedInclude, TracedPlace, TracedSegment } from '../render';

/** The segment of `segments` (sorted, non-overlapping) that printed `offset`, if any. */
export function segmentAt(segments: readonly TracedSegment[], offset: number): TracedSegment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid];
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/** The place of `offset` inside literal text printed at `seg` (counting lines and characters of `text`). */
export function placeInText(seg: TracedSegment, text: string, offset: number): TracedPlace {
  let line = seg.line;
  let character = seg.character;
  for (let i = seg.start; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      character = 0;
    } else character++;
  }
  return { path: seg.path, line, character };
}

/** Where offset `offset` of the rendered document `content` comes from: literal text exactly, an action's call site. */
export function placeOf(trace: DocumentTrace, content: string, offset: number): TracedPlace | undefined {
  const seg = segmentAt(trace.segments, offset);
  if (seg === undefined) return undefined;
  if (seg.action === undefined) return placeInText(seg, content, offset);
  return { path: seg.path, line: seg.line, character: seg.character };
}

/** One step of the chain that produced a rendered value: an action, or literal text of a `define`. */
export interface ActionStep extends TracedPlace {
  /** The action as Go prints its pipeline (`include "app.hookEvent" .`); absent for literal text of a define. */
  action?: string;
  /** The template (file or `define`) it is in. */
  template: string;
  /** What it printed (in the document, or in its include's output). */
  printed: string;
}

/**
 * What produced `[start, end)` of the document, outermost first: the printed action (the call site in the manifest),
 * then, when that action printed an include's output, what inside the `define` printed the value (found by its text
 * in the include's output, which `nindent`/`quote` may have shifted; on the same line when it occurs several times),
 * and so on down the chain, ending at an action or at the define's literal text. Empty when the range is literal
 * text of the manifest itself.
 */
export function actionChain(trace: DocumentTrace, content: string, start: number, end = start + 1): ActionStep[] {
  const seg = segmentAt(trace.segments, start);
  if (seg === undefined || seg.action === undefined) return [];
  const outer = content.slice(seg.start, seg.end);
  const chain: ActionStep[] = [step(seg, outer)];
  const value = content.slice(start, Math.min(end, seg.end));
  let includes = seg.includes;
  let line = lineOfOffset(outer, start - seg.start);
  for (let depth = 0; includes !== undefined && includes.length > 0 && depth < 64; depth++) {
    const found = findIn(includes, value, line);
    if (found === undefined) break;
    const printed = found.inc.output.slice(found.seg.start, found.seg.end);
    if (found.seg.action === undefined) {
      chain.push({ ...placeInText(found.seg, found.inc.output, found.at), template: found.inc.name, printed: value });
      break;
    }
    chain.push(step(found.seg, printed));
    line = lineOfOffset(printed, found.at - found.seg.start);
    includes = found.seg.includes;
  }
  return chain;
}

function step(seg: TracedSegment, printed: string): ActionStep {
  return { path: seg.path, line: seg.line, character: seg.character, action: seg.action, template: seg.template ?? '', printed };
}

function lineOfOffset(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Where `value` is in the includes' outputs: the occurrence whose line in its include's output is nearest `line` (its
 * line in the text that printed it: an include printed with `nindent` moves by a line), later includes first.
 */
function findIn(includes: readonly TracedInclude[], value: string, line: number): { inc: TracedInclude; seg: TracedSegment; at: number } | undefined {
  if (value === '') return undefined;
  let best: { inc: TracedInclude; seg: TracedSegment; at: number } | undefined;
  let bestDistance = Infinity;
  for (let i = includes.length - 1; i >= 0; i--) {
    const inc = includes[i];
    for (let at = inc.output.indexOf(value); at !== -1; at = inc.output.indexOf(value, at + 1)) {
      const seg = segmentAt(inc.actions, at);
      if (seg === undefined || at + value.length > seg.end) continue;
      const d = Math.abs(lineOfOffset(inc.output, at) - line);
      if (d < bestDistance) {
        best = { inc, seg, at };
        bestDistance = d;
      }
    }
    if (best !== undefined) return best;
  }
  return best;
}

/** The chart file of a Helm template path (`<chart>/templates/x.yaml`), through the chart's own list when it has it. */
export function templateFileOf(path: string, root: string, known: ReadonlyMap<string, string>): string {
  return known.get(path) ?? `${root}/${path.split('/').slice(1).join('/')}`;
}
