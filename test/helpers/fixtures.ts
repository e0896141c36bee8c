/**
 * Fixtures for engine tests, in the style of yaml-language-server's test helpers: a `|` caret marks the cursor in
 * an inline string, and an in-memory chart stands in for the disk.
 */
import {
  ChartWorkspace,
  LineIndex,
  analyzeDocument,
  diagnoseFile,
  memoryFileSystem,
  templateDocuments,
  type ChartModel,
  type CommandName,
  type DocumentAnalysis,
  type HelmVersion,
  type HookDiagnostic,
  type HookModel,
  type OrderResult,
  type Position,
  type Range,
  type Severity,
  type TextEdit,
} from '../../server/src/engine';

/**
 * Strips the common indentation of a template literal and its first line break, so YAML fixtures can sit indented
 * in the test. Cooked strings: `\t` and `\r` in the fixture are real tabs and carriage returns.
 */
export function dedent(strings: TemplateStringsArray, ...values: unknown[]): string {
  let text = strings[0];
  values.forEach((v, i) => (text += String(v) + strings[i + 1]));
  text = text.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '\n');
  const lines = text.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^ */.exec(l)![0].length))).join('\n');
}

export interface Caret {
  /** The text without the caret. */
  text: string;
  offset: number;
  position: Position;
}

/** `'helm.sh/hook: pre-|'` → the text without `|` and the offset where it stood. */
export function caret(marked: string, marker = '|'): Caret {
  const offset = marked.indexOf(marker);
  if (offset < 0) throw new Error(`fixture has no caret "${marker}": ${marked}`);
  if (marked.indexOf(marker, offset + 1) >= 0) throw new Error(`fixture has more than one caret "${marker}"`);
  const text = marked.slice(0, offset) + marked.slice(offset + marker.length);
  return { text, offset, position: new LineIndex(text).positionAt(offset) };
}

/** The text a range covers. */
export function textAt(text: string, range: Range): string {
  const li = new LineIndex(text);
  return text.slice(li.offsetAt(range.start), li.offsetAt(range.end));
}

/** Applies LSP-style edits (non-overlapping, ranges in the original text) the way an editor does. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const li = new LineIndex(text);
  const spans = edits
    .map((e) => ({ start: li.offsetAt(e.range.start), end: li.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}

/** The documents of one template file, analysed as the chart model would (path `mychart/templates/t.yaml`). */
export function analyze(source: string, opts: { inSubchart?: boolean } = {}): DocumentAnalysis[] {
  return templateDocuments('/ws/mychart/templates/t.yaml', 'mychart/templates/t.yaml', source, {
    inSubchart: !!opts.inSubchart,
  }).map(analyzeDocument);
}

/** The one non-empty document of a template. */
export function analyzeOne(source: string): DocumentAnalysis {
  const docs = analyze(source).filter((d) => !d.empty);
  if (docs.length !== 1) throw new Error(`expected one document, got ${docs.length}`);
  return docs[0];
}

export const DEFAULT_CHART_YAML = 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n';

export interface DiagnoseOptions {
  helmVersion?: HelmVersion;
  severity?: Partial<Record<string, Severity | 'off'>>;
  /** Every tie by name (`helmHooks.ties.showAll`), not only those where one hook needs the other's object. */
  showAllTies?: boolean;
}

export interface TestChart {
  ws: ChartWorkspace;
  model: ChartModel;
  root: string;
  /** Absolute path of a chart-relative file. */
  file(rel: string): string;
  /** Diagnostics of a chart-relative file, with the chart-wide hook model (Helm 4 unless told). */
  diagnose(rel: string, opts?: DiagnoseOptions): HookDiagnostic[];
  hookModel(version?: HelmVersion): HookModel;
  order(version?: HelmVersion, command?: CommandName): OrderResult;
}

/**
 * An in-memory chart: `chart({ 'templates/job.yaml': ... })`. Paths are relative to the chart root
 * (`/ws/mychart` unless `root` says otherwise); a default `Chart.yaml` (name `mychart`) is added when missing.
 */
export function chart(files: Record<string, string | Uint8Array>, opts: { root?: string } = {}): TestChart {
  const root = opts.root ?? '/ws/mychart';
  const all: Record<string, string | Uint8Array> = {};
  if (!('Chart.yaml' in files)) all[`${root}/Chart.yaml`] = DEFAULT_CHART_YAML;
  for (const [rel, content] of Object.entries(files)) all[`${root}/${rel}`] = content;
  const ws = new ChartWorkspace(memoryFileSystem(all));
  const model = ws.modelFor(root);
  if (!model) throw new Error(`no chart at ${root}`);
  const file = (rel: string) => `${root}/${rel}`;
  return {
    ws,
    model,
    root,
    file,
    diagnose: (rel, o = {}) => {
      const v = o.helmVersion ?? 4;
      return diagnoseFile(model, file(rel), ws.hookModel(model, v), { helmVersion: v, severity: o.severity, showAllTies: o.showAllTies });
    },
    hookModel: (v = 4) => ws.hookModel(model, v),
    order: (v = 4, command) => ws.order(model, v, command),
  };
}

export interface DiagnosedTemplate {
  text: string;
  diagnostics: HookDiagnostic[];
  /** The diagnostics with one code. */
  withCode(code: string): HookDiagnostic[];
  /** The one diagnostic with this code (throws when there is none or several). */
  only(code: string): HookDiagnostic;
  /** The text the diagnostic's range covers. */
  at(d: HookDiagnostic): string;
}

/** Diagnoses `text` as `templates/hook.yaml` of a chart with nothing else in it. */
export function diagnoseTemplate(text: string, opts: DiagnoseOptions = {}): DiagnosedTemplate {
  const c = chart({ 'templates/hook.yaml': text });
  const diagnostics = c.diagnose('templates/hook.yaml', opts);
  const withCode = (code: string) => diagnostics.filter((d) => d.code === code);
  return {
    text,
    diagnostics,
    withCode,
    only(code) {
      const ds = withCode(code);
      if (ds.length !== 1) {
        throw new Error(`expected one ${code}, got ${ds.length}: ${JSON.stringify(diagnostics.map((d) => [d.code, d.message]), null, 1)}`);
      }
      return ds[0];
    },
    at: (d) => textAt(text, d.range),
  };
}

/** Applies a diagnostic's fix (the preferred one unless an index is given) to the text. */
export function applyFix(text: string, d: HookDiagnostic, index?: number): string {
  const fix = index !== undefined ? d.fixes[index] : d.fixes.find((f) => f.isPreferred) ?? d.fixes[0];
  if (!fix) throw new Error(`${d.code} has no quick fix`);
  return applyEdits(text, fix.edits);
}
