/**
 * Diagnostics computed from the built-in render of a chart (what Helm will really see with one value set), placed
 * on the templates. A thin aggregator: each contributor below reads the render and returns diagnostics by template
 * file; the static diagnostics of the template text (features/diagnostics.ts `diagnoseFile`) stay beside them, and
 * `withoutStaticDuplicates` keeps one report per problem and place.
 *
 * Contributors today: a render that fails (`render-failed`, at the failing template position), and what the
 * rendered hook model proves — the run-time pitfalls and the order diagnostics (ties, dependencies) that
 * diagnostics.ts computes from a hook model, judged on the rendered documents.
 */
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../helmFacts';
import type { ChartModel } from '../hooks/chartModel';
import type { BuiltinOrder } from '../hooks/builtinOrder';
import { analyzeDocument, type DocumentAnalysis } from '../hooks/hookExtraction';
import type { HookModel } from '../hooks/hookOrder';
import { inSubchartPath, renderedDocuments } from '../documents/manifestDocuments';
import { lineIndexOf } from '../documents/lineIndex';
import type { HookDiagnostic, Severity } from '../types';
import { diagnoseRenderedDocuments, type DiagnosticOptions } from './diagnostics';
import { renderedSurpriseInputs, renderedSurprises } from './renderedSurprises';
import { renderedValueFindings, rendersOnlyWhen } from './renderedValues';

export type RenderedDiagnosticOptions = DiagnosticOptions;

/** Diagnostics by absolute template file (the chart's Chart.yaml when a failure names no template on disk). */
export type FileDiagnostics = Map<string, HookDiagnostic[]>;

export function renderedDiagnostics(chart: ChartModel, built: BuiltinOrder, opts: RenderedDiagnosticOptions): FileDiagnostics {
  const out: FileDiagnostics = new Map();
  const add = (more: FileDiagnostics) => {
    for (const [file, ds] of more) out.set(file, [...(out.get(file) ?? []), ...ds]);
  };
  add(renderFailure(chart, built, opts));
  add(renderedModelDiagnostics(chart, built, opts));
  add(renderedSurprises(renderedSurpriseInputs(chart, built), opts));
  add(renderedValueFindings(chart, built, opts));
  return out;
}

/**
 * The rendered diagnostics of `file` that the static ones do not already say: a rendered finding is dropped when a
 * static finding of the same code lies in the same template document (the static one points at the literal text
 * and may carry a fix), or when an identical rendered finding came first (one template document inside `range`
 * renders several hooks with the same problem).
 */
export function withoutStaticDuplicates(chart: ChartModel, file: string, staticOnes: readonly HookDiagnostic[], rendered: readonly HookDiagnostic[]): HookDiagnostic[] {
  if (!rendered.length) return [];
  const documentOf = templateDocumentLocator(chart, file);
  const staticAt = new Set(staticOnes.map((d) => `${d.code}\u0000${documentOf(d.range.start.line)}`));
  const seen = new Set<string>();
  return rendered.filter((d) => {
    if (d.code !== 'render-failed' && staticAt.has(`${d.code}\u0000${documentOf(d.range.start.line)}`)) return false;
    const key = `${d.code}\u0000${d.range.start.line}\u0000${d.range.start.character}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The place a 0-based line of `file` stands for: the template document holding it in a manifest, the line itself
 * elsewhere (a `_helpers.tpl` has no documents: two findings there are one only on the same line).
 */
function templateDocumentLocator(chart: ChartModel, file: string): (line: number) => string {
  const t = chart.template(file);
  if (!t || t.role !== 'manifest') return (line) => `line ${line}`;
  const fa = chart.analyzeFile(t);
  const lines = lineIndexOf(fa.text);
  return (line) => {
    const at = lines.offsetAt({ line, character: 0 });
    const i = fa.documents.findIndex((d) => d.doc.span.start <= at && at <= d.doc.span.end);
    return i < 0 ? `line ${line}` : `document ${i}`;
  };
}

// ---- contributor: the render fails ------------------------------------------------------------------------------

/** `render-failed` at the position Helm's message names (file:line:col of the template that failed). */
function renderFailure(chart: ChartModel, built: BuiltinOrder, opts: RenderedDiagnosticOptions): FileDiagnostics {
  const out: FileDiagnostics = new Map();
  if (built.render.ok) return out;
  const override = opts.severity?.['render-failed'];
  if (override === 'off') return out;
  const error = built.order.renderErrors?.[0] ?? built.render.error;
  const info = built.order.render;
  const defaults = !info || (info.valuesFiles.length === 0 && info.set.length === 0);
  const firstLine = error.message.split('\n')[0];
  let severity: Severity = DIAGNOSTIC_CODES['render-failed'].severity;
  let message: string;
  if (built.render.internal || /^render budget exceeded/.test(error.message)) {
    // Our renderer gave up, not Helm: the chart may well render.
    severity = 'warning';
    message = `The built-in renderer could not finish this chart (${firstLine}); \`helm template\` with the same values tells whether it renders.`;
  } else if (defaults && /^execution error at /.test(error.message)) {
    // `required` and `fail` with the chart's default values: the chart asks for a value, which is not a mistake.
    severity = 'information';
    message =
      rendersOnlyWhen(chart, error.message) ?? `Renders only when the values it asks for are set: with the chart's default values, helm template fails with "${firstLine}".`;
  } else {
    message = `The chart does not render with these values: helm template and helm install fail with "${error.message}".`;
  }
  if (error.hint) message += ` ${error.hint}`;
  const file = error.file && chart.template(error.file) ? error.file : `${chart.chart.root}/Chart.yaml`;
  const text = chart.template(file) ? chart.analyzeFile(chart.template(file)!).text : '';
  const lines = lineIndexOf(text);
  const line = error.file === file && error.line ? error.line - 1 : 0;
  // Helm's column is Go's ErrorContext byte offset within the line, counted from 0 (`{{ required` names the `r`).
  const lineStart = lines.offsetAt({ line, character: 0 });
  const eol = lines.lineEnd(lines.positionAt(lineStart).line);
  const start = lineStart + utf16Offset(text.slice(lineStart, eol), error.file === file && error.column ? error.column : 0);
  const close = text.indexOf('}}', start);
  // The failing action when it closes on this line, else the rest of the line.
  const end = close >= 0 && close < eol ? close + 2 : eol;
  out.set(file, [{ code: 'render-failed', severity: override ?? severity, message, range: lines.range(start, end), fixes: [] }]);
  return out;
}

/** The UTF-16 offset in `line` of its `bytes`-th UTF-8 byte (the end of the line when past it). */
function utf16Offset(line: string, bytes: number): number {
  let seen = 0;
  for (let i = 0; i < line.length; i++) {
    if (seen >= bytes) return i;
    const c = line.codePointAt(i)!;
    seen += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (c >= 0x10000) i++;
  }
  return line.length;
}

// ---- contributor: what the rendered hook model proves ------------------------------------------------------------

/** Codes judged on rendered hook documents here: run-time pitfalls and order (the annotation checks are helpers'). */
const RENDERED_MODEL_CODES: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  'hook-pod-never-completes',
  'hook-leftover-blocks-next-run',
  'hook-job-ttl',
  'crd-hook-never-deleted',
  'same-weight-tie-by-name',
  'hook-needs-release-resource',
  'hook-runs-before-its-dependency',
]);

function renderedModelDiagnostics(chart: ChartModel, built: BuiltinOrder, opts: RenderedDiagnosticOptions): FileDiagnostics {
  const out: FileDiagnostics = new Map();
  const model = built.rendered?.model;
  if (!model || !built.render.ok) return out;
  const release = built.render.release;
  let resources: DocumentAnalysis[] | undefined;
  // The rendered ordinary resources, read only when a hook's pod names an object.
  const resourceDocs = () => (resources ??= renderedResources(chart, release.manifests));
  // One rendered text per template path: the hook documents' spans point into it.
  const byText = new Map<string, DocumentAnalysis[]>();
  for (const src of model.sources) byText.set(src.doc.text, [...(byText.get(src.doc.text) ?? []), src]);
  for (const [text, docs] of byText) {
    const lines = lineIndexOf(text);
    for (const d of diagnoseRenderedDocuments(text, docs, model, resourceDocs, opts)) {
      if (!RENDERED_MODEL_CODES.has(d.code as DiagnosticCode)) continue;
      const at = lines.offsetAt(d.range.start);
      const src = docs.find((x) => x.doc.span.start <= at && at <= x.doc.span.end);
      const placed = src && placeOnTemplate(chart, model, src, d);
      if (placed) out.set(placed.file, [...(out.get(placed.file) ?? []), placed.diagnostic]);
    }
  }
  return out;
}

/** A finding on a rendered hook document, moved to its template's line (the hook annotation, else the document). */
function placeOnTemplate(chart: ChartModel, model: HookModel, src: DocumentAnalysis, d: HookDiagnostic): { file: string; diagnostic: HookDiagnostic } | undefined {
  const hook = model.hooks[model.sources.indexOf(src)];
  const t = hook && chart.template(hook.file);
  if (!hook || !t) return undefined;
  const text = chart.analyzeFile(t).text;
  const lines = lineIndexOf(text);
  const lineStart = lines.offsetAt({ line: Math.max(0, hook.line - 1), character: 0 });
  const eol = text.indexOf('\n', lineStart);
  const lineEnd = eol < 0 ? text.length : eol;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineEnd))![0].length;
  const guess = hook.mappingUncertain ? '; which template document renders it is a best guess' : '';
  return {
    file: hook.file,
    diagnostic: {
      ...d,
      message: `${d.message} (as rendered with these values${guess})`,
      range: lines.range(lineStart + indent, lineEnd),
      // The fixes edit the rendered text, not the template.
      fixes: [],
    },
  };
}

/** The ordinary (non-hook) resources of the release, read as renderedHooks.ts reads Helm's output. */
function renderedResources(chart: ChartModel, manifests: ReadonlyArray<{ helmPath: string; content: string }>): DocumentAnalysis[] {
  const byPath = new Map<string, string[]>();
  for (const m of manifests) {
    const list = byPath.get(m.helmPath);
    if (list) list.push(m.content);
    else byPath.set(m.helmPath, [m.content]);
  }
  const templates = new Map(chart.templates.map((t) => [t.helmPath, t]));
  const out: DocumentAnalysis[] = [];
  for (const [helmPath, contents] of byPath) {
    const t = templates.get(helmPath);
    const file = t?.file ?? `${chart.chart.root}/${helmPath.split('/').slice(1).join('/')}`;
    const text = contents.join('\n---\n') + '\n';
    for (const doc of renderedDocuments(file, helmPath, text, { inSubchart: t ? !!t.chart.parent : inSubchartPath(helmPath) })) {
      const a = analyzeDocument(doc);
      if (!a.empty && !a.hook) out.push(a);
    }
  }
  return out;
}
