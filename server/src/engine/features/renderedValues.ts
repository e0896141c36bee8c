/**
 * Hook annotations whose value a template action produced, judged as Helm reads the rendered document: a helper
 * that yields an unknown event, a weight from values that Helm reads as 0, a delete policy typo in values.yaml.
 * Each is reported at the action that produced it (the call site in the manifest), at the `define` that printed
 * the value, and at the values.yaml line it comes from — saying what it renders as with these values.
 *
 * A value written literally in the template is diagnosed by the static checks (features/diagnostics.ts) and is
 * never reported here. Pure: the built-in render (with its trace) and the chart model in, diagnostics out.
 */
import type { ChartModel } from '../hooks/chartModel';
import type { BuiltinOrder } from '../hooks/builtinOrder';
import { analyzeDocument, type DocumentAnalysis } from '../hooks/hookExtraction';
import { inSubchartPath, renderedDocuments } from '../documents/manifestDocuments';
import type { RenderedManifest } from '../documents/helmOutput';
import { actionChain, templateFileOf, type ActionStep } from '../documents/renderTrace';
import { lineIndexOf } from '../documents/lineIndex';
import type { DiagnosticCode } from '../helmFacts';
import type { HookDiagnostic, QuickFix, Range } from '../types';
import { diagnoseDocuments, type DiagnosticOptions } from './diagnostics';

/** Diagnostics by absolute file (templates, helpers, values.yaml). */
export type FileDiagnostics = Map<string, HookDiagnostic[]>;

/** The checks of an annotation's value: what a rendered value can get wrong. */
const VALUE_CODES: ReadonlySet<string> = new Set<DiagnosticCode>([
  'unknown-hook-event',
  'empty-hook-event',
  'removed-hook-event',
  'deprecated-hook-event',
  'duplicate-hook-event',
  'invalid-hook-weight',
  'hook-weight-out-of-range',
  'unknown-delete-policy',
  'unknown-output-log-policy',
  'invalid-resource-policy',
]);

/** A traced rendered document with a Helm annotation, read as Helm reads it. */
export interface TracedHookDocument {
  manifest: RenderedManifest & { trace: NonNullable<RenderedManifest['trace']> };
  /** The document's text as analysed (the manifest's content and a newline): offsets are the content's. */
  text: string;
  analysis: DocumentAnalysis;
}

/** The traced documents (printed, and skipped by Helm) that carry a `helm.sh/` annotation. */
export function tracedHookDocuments(chart: ChartModel, built: BuiltinOrder): TracedHookDocument[] {
  if (!built.render.ok) return [];
  const release = built.render.release;
  const files = new Map(chart.templates.map((t) => [t.helmPath, t.file]));
  const out: TracedHookDocument[] = [];
  for (const m of [...release.manifests, ...(release.unprinted ?? [])]) {
    if (m.trace === undefined || !m.content.includes('helm.sh/')) continue;
    const text = `${m.content}\n`;
    const file = templateFileOf(m.helmPath, chart.chart.root, files);
    for (const doc of renderedDocuments(file, m.helmPath, text, { inSubchart: inSubchartPath(m.helmPath) })) {
      const analysis = analyzeDocument(doc);
      if (analysis.empty || analysis.annotations.length === 0) continue;
      out.push({ manifest: m as TracedHookDocument['manifest'], text, analysis });
    }
  }
  return out;
}

/** The diagnostics of annotation values that template actions produced, placed where they come from. */
export function renderedValueDiagnostics(chart: ChartModel, built: BuiltinOrder, opts: DiagnosticOptions): FileDiagnostics {
  const out: FileDiagnostics = new Map();
  const seen = new Set<string>();
  const files = new Map(chart.templates.map((t) => [t.helmPath, t.file]));
  // a define or a values key used by several hooks is reported once (for the first hook that shows the problem)
  const add = (file: string, d: HookDiagnostic, once = false) => {
    const key = `${file}\u0000${d.code}\u0000${d.range.start.line}\u0000${d.range.start.character}\u0000${once ? '' : d.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    const list = out.get(file);
    if (list) list.push(d);
    else out.set(file, [d]);
  };
  for (const h of tracedHookDocuments(chart, built)) {
    const lines = lineIndexOf(h.text);
    for (const f of diagnoseDocuments(h.text, [h.analysis], opts)) {
      if (!VALUE_CODES.has(f.code)) continue;
      const start = lines.offsetAt(f.range.start);
      const end = Math.max(start + 1, lines.offsetAt(f.range.end));
      const chain = actionChain(h.manifest.trace, h.manifest.content, start, end);
      // literal text of the template: the static checks say it already
      if (chain.length === 0) continue;
      const rendered = unquoted(h.text.slice(start, end));
      // a fix that replaces exactly the bad text (did-you-mean) applies wherever that text is written
      const fixesAt = (range: Range | undefined): QuickFix[] => (range ? retarget(f.fixes, f.range, range) : []);
      const key = keyOfValueAt(h.analysis, start) ?? 'The value';
      const what = `${key} renders as ${JSON.stringify(rendered)} with these values`;
      const callSite = chain[0];
      const deepest = chain[chain.length - 1];
      const callFile = templateFileOf(callSite.path, chart.chart.root, files);
      const callRange = actionRange(chart, callFile, callSite);
      if (callRange) {
        const from = chain.length > 1 ? `, printed by ${describe(deepest, chart, files)}` : '';
        add(callFile, { code: f.code, severity: f.severity, message: `${what}, from \`${callSite.action}\`${from}: ${f.message}`, range: callRange, fixes: [] });
      }
      if (chain.length > 1) {
        const file = templateFileOf(deepest.path, chart.chart.root, files);
        const literal = deepest.action === undefined;
        const range = literal ? textRange(chart, file, deepest, rendered.length) : actionRange(chart, file, deepest);
        if (range) {
          const at = `${relativeTo(chart.chart.root, callFile)}:${callSite.line}`;
          const from = literal ? '' : `, from \`${deepest.action}\``;
          add(file, { code: f.code, severity: f.severity, message: `${what}${from} (included from ${at}): ${f.message}`, range, fixes: literal ? fixesAt(range) : [] }, true);
        }
      }
      const fromValues = valuesPlace(chart, files, deepest, rendered);
      if (fromValues) {
        add(fromValues.file, {
          code: f.code,
          severity: f.severity,
          message: `${what}, from ${fromValues.key} here (through \`${deepest.action}\` in ${relativeTo(chart.chart.root, templateFileOf(deepest.path, chart.chart.root, files))}:${deepest.line}): ${f.message}`,
          range: fromValues.range,
          fixes: fixesAt(fromValues.item),
        }, true);
      }
    }
  }
  return out;
}

/** The fixes whose one edit replaces exactly `was` (the finding's range in the rendered text), moved to `to`. */
function retarget(fixes: readonly QuickFix[], was: Range, to: Range): QuickFix[] {
  const same = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
  return fixes.filter((x) => x.edits.length === 1 && same(x.edits[0].range, was)).map((x) => ({ ...x, edits: [{ range: to, newText: x.edits[0].newText }] }));
}

/** A scalar as YAML reads it, for messages: `"1e+06"` → `1e+06`. */
function unquoted(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}

/** The annotation key whose value holds `offset`, quoted for a message. */
function keyOfValueAt(d: DocumentAnalysis, offset: number): string | undefined {
  const e = d.annotations.find((a) => a.valueSpan.start <= offset && offset <= a.valueSpan.end);
  return e ? `\`${e.key}\`` : undefined;
}

function describe(step: ActionStep, chart: ChartModel, files: ReadonlyMap<string, string>): string {
  const where = `${relativeTo(chart.chart.root, templateFileOf(step.path, chart.chart.root, files))}:${step.line}`;
  return step.action !== undefined ? `\`${step.action}\` in "${step.template}", ${where}` : `the text of "${step.template}", ${where}`;
}

function relativeTo(root: string, file: string): string {
  return file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
}

/** The text of a chart file as the editor sees it (unsaved buffers included). */
function fileText(chart: ChartModel, file: string): string | undefined {
  return chart.fs.readText(file) ?? undefined;
}

/** The whole action `{{ … }}` whose pipeline starts at the step's place. */
export function actionRange(chart: ChartModel, file: string, step: { line: number; character: number }): Range | undefined {
  const text = fileText(chart, file);
  if (text === undefined) return undefined;
  return actionRangeIn(text, step);
}

/** `actionRange` on a text. */
export function actionRangeIn(text: string, step: { line: number; character: number }): Range | undefined {
  const lines = lineIndexOf(text);
  if (step.line < 1) return undefined;
  const at = lines.offsetAt({ line: step.line - 1, character: step.character });
  const open = text.lastIndexOf('{{', at);
  const close = text.indexOf('}}', at);
  if (open < 0 || close < 0) return undefined;
  return lines.range(open, close + 2);
}

function textRange(chart: ChartModel, file: string, step: { line: number; character: number }, length: number): Range | undefined {
  const text = fileText(chart, file);
  if (text === undefined || step.line < 1) return undefined;
  const lines = lineIndexOf(text);
  const at = lines.offsetAt({ line: step.line - 1, character: step.character });
  return lines.range(at, Math.min(text.length, at + Math.max(1, length)));
}

/**
 * Where a value printed by `.Values.a.b` (alone or piped: `.Values.a.b | quote`, `default "x" .Values.a.b`) is set
 * in the values.yaml of the chart whose template printed it, when that file sets it to what was rendered.
 */
function valuesPlace(chart: ChartModel, files: ReadonlyMap<string, string>, step: ActionStep, rendered: string): { file: string; key: string; range: Range; item?: Range } | undefined {
  if (step.action === undefined) return undefined;
  const m = /(?:^|[\s(])\.Values((?:\.[A-Za-z_][\w-]*)+)(?=$|[\s)|])/.exec(step.action);
  if (!m) return undefined;
  const path = m[1].slice(1).split('.');
  const file = templateFileOf(step.path, chart.chart.root, files);
  const t = chart.template(file);
  const root = t?.chart.root ?? chart.chart.root;
  const valuesFile = `${root}/values.yaml`;
  const text = fileText(chart, valuesFile);
  if (text === undefined) return undefined;
  const found = locateValuesKey(text, path);
  if (!found) return undefined;
  const written = text.slice(found.valueStart, found.valueEnd).trim().replace(/^(["'])(.*)\1$/, '$2');
  // the rendered value must be this one: not a value from -f/--set, nor a default the template substituted
  if (written === '' || !(written === rendered || sameNumber(written, rendered) || written.split(',').some((i) => i.trim() === rendered))) return undefined;
  const lines = lineIndexOf(text);
  const at = text.slice(found.valueStart, found.valueEnd).indexOf(rendered);
  const item = at >= 0 ? lines.range(found.valueStart + at, found.valueStart + at + rendered.length) : undefined;
  return { file: valuesFile, key: `\`${path.join('.')}\``, range: lines.range(found.keyStart, found.valueEnd), item };
}

/** `1000000` in values.yaml prints as `1e+06` (a float64): the same number. */
function sameNumber(written: string, rendered: string): boolean {
  const a = Number(written.replace(/_/g, ''));
  const b = Number(rendered.replace(/^["']|["']$/g, ''));
  return written.trim() !== '' && Number.isFinite(a) && Number.isFinite(b) && a === b;
}

/**
 * The line of a nested key in a values.yaml, by indentation (block mappings, the form values files use); its key
 * and scalar value offsets. Undefined for a key it cannot find, or set in a flow mapping.
 */
export function locateValuesKey(text: string, path: readonly string[]): { keyStart: number; valueStart: number; valueEnd: number } | undefined {
  let depth = 0;
  let indent = -1;
  // the indentation of the keys of the mapping being searched (the first line deeper than its parent key sets it)
  let childIndent = 0;
  let offset = 0;
  for (const raw of text.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    const m = /^(\s*)(?:"([^"]*)"|'([^']*)'|([^\s#'"][^:#]*?))\s*:(?:\s+|$)(.*)$/.exec(line);
    if (!m) continue;
    const ind = m[1].length;
    if (ind <= indent) return undefined; // left the mapping the previous key opened
    if (childIndent < 0) childIndent = ind;
    const key = m[2] ?? m[3] ?? m[4];
    if (ind !== childIndent || key !== path[depth]) continue;
    const keyStart = lineStart + ind;
    if (depth === path.length - 1) {
      const rest = m[5].replace(/\s+#.*$/, '');
      const valueStart = lineStart + line.length - m[5].length;
      return { keyStart, valueStart, valueEnd: valueStart + rest.length };
    }
    depth++;
    indent = ind;
    childIndent = -1;
  }
  return undefined;
}

// ---- a render stopped by `required` or `fail` --------------------------------------------------------------------

/** The `required`/`fail` call that stopped a render, found in the chart's templates by its message. */
export interface StopCall {
  kind: 'required' | 'fail';
  /** The values key `required` checks (`image.tag` for `.Values.image.tag`), when its argument names one. */
  key?: string;
  /** Helm's message: the call's own text. */
  message: string;
  file: string;
  range: Range;
}

/**
 * The `required` or `fail` call whose message Helm reported ("execution error at (…): MSG"): Helm names only the
 * outermost action (an `include` call site when the call is in a `define`), so the call is found in the chart's
 * templates by its literal message. Undefined for any other error, or a message the templates build at run time.
 */
export function stopCallOf(chart: ChartModel, errorMessage: string): StopCall | undefined {
  const m = /^execution error at \([^)]*\): ([\s\S]*)$/.exec(errorMessage.split('\n')[0]);
  if (!m) return undefined;
  const message = m[1];
  const literals = [JSON.stringify(message), `\`${message}\``];
  for (const t of chart.templates) {
    const text = fileText(chart, t.file);
    if (text === undefined || !text.includes(message)) continue;
    for (const lit of literals) {
      for (let at = text.indexOf(lit); at !== -1; at = text.indexOf(lit, at + 1)) {
        const before = text.slice(Math.max(0, at - 40), at);
        const call = /\b(required|fail)\s*\(?\s*$/.exec(before);
        if (!call) continue;
        const open = text.lastIndexOf('{{', at);
        const close = text.indexOf('}}', at);
        if (open < 0 || close < 0) continue;
        const lines = lineIndexOf(text);
        const action = text.slice(open + 2, close);
        const kind = call[1] as 'required' | 'fail';
        return { kind, key: kind === 'required' ? requiredKey(action, at - open - 2 + lit.length) : undefined, message, file: t.file, range: lines.range(open, close + 2) };
      }
    }
  }
  return undefined;
}

/**
 * The values key a `required` checks: its argument after the message (`required "m" .Values.a.b`), or the value
 * piped into it (`.Values.a.b | required "m"`). `afterMessage` is the offset in `action` just past the message.
 */
function requiredKey(action: string, at: number): string | undefined {
  const ref = /^\s*\(?\s*\.Values((?:\.[A-Za-z_][\w-]*)+)/.exec(action.slice(at));
  if (ref) return ref[1].slice(1);
  const head = action.slice(0, at);
  const pipe = head.lastIndexOf('|');
  if (pipe < 0) return undefined;
  const piped = /\.Values((?:\.[A-Za-z_][\w-]*)+)\s*\)?\s*$/.exec(head.slice(0, pipe));
  return piped ? piped[1].slice(1) : undefined;
}

/**
 * "Renders only when X is set": the information a render stopped by `required` (or `fail`) with the chart's default
 * values gives, in words. Undefined when the error is not one of theirs.
 */
export function rendersOnlyWhen(chart: ChartModel, errorMessage: string): string | undefined {
  const call = stopCallOf(chart, errorMessage);
  if (!call) {
    const m = /^execution error at \([^)]*\): (.*)/.exec(errorMessage);
    return m ? `Renders only when the values the chart asks for are set: with its default values, helm template stops with "${m[1]}".` : undefined;
  }
  if (call.kind === 'required') {
    const what = call.key ? `\`${call.key}\` is set` : 'the value `required` checks is set';
    return `Renders only when ${what}: with the chart's default values, \`required\` stops helm template with "${call.message}".`;
  }
  return `Renders only with values that \`fail\` accepts: with the chart's default values it stops helm template with "${call.message}".`;
}

/**
 * Where a failed render stopped, inside a `define`: Helm names the outermost action (the `include` call site, which
 * features/renderedDiagnostics.ts reports); the `required`/`fail` call that stopped it is reported here too.
 */
export function renderStopDiagnostics(chart: ChartModel, built: BuiltinOrder, opts: DiagnosticOptions): FileDiagnostics {
  const out: FileDiagnostics = new Map();
  if (built.render.ok || built.render.internal) return out;
  const override = opts.severity?.['render-failed'];
  if (override === 'off') return out;
  const error = built.render.error;
  const call = stopCallOf(chart, error.message);
  if (!call) return out;
  const outer = built.order.renderErrors?.[0]?.file ?? error.file;
  // the call Helm already names needs no second report
  if (outer === call.file && error.line === call.range.start.line + 1) return out;
  const info = built.order.render;
  const defaults = !info || (info.valuesFiles.length === 0 && info.set.length === 0);
  const message = defaults
    ? (rendersOnlyWhen(chart, error.message) ?? call.message)
    : `The chart does not render with these values: \`${call.kind}\` stops helm template here with "${call.message}".`;
  const at = error.path && error.line ? ` (Helm names ${error.path}:${error.line})` : '';
  out.set(call.file, [{ code: 'render-failed', severity: override ?? (defaults ? 'information' : 'error'), message: `${message}${at}`, range: call.range, fixes: [] }]);
  return out;
}

/** Everything this file finds in a built-in render: the aggregator's one call (features/renderedDiagnostics.ts). */
export function renderedValueFindings(chart: ChartModel, built: BuiltinOrder, opts: DiagnosticOptions): FileDiagnostics {
  const out = renderedValueDiagnostics(chart, built, opts);
  for (const [file, ds] of renderStopDiagnostics(chart, built, opts)) out.set(file, [...(out.get(file) ?? []), ...ds]);
  return out;
}
