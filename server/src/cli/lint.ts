/**
 * `helm-hooks lint`: the engine's diagnostics for every file of the named charts, as the editor shows them, with
 * 1-based lines and columns (columns count UTF-16 code units, as LSP and SARIF's default do).
 */
import * as path from 'path';
import { diagnoseFile } from '../engine/features/diagnostics';
import type { DeployTarget } from '../engine/hooks/argocd';
import { argocdDiagnostics } from '../engine/features/argocdEditor';
import type { ChartWorkspace } from '../engine/hooks/chartWorkspace';
import type { HelmVersion, HookDiagnostic, Severity } from '../engine/types';
import { builtinOrder } from '../engine/hooks/builtinOrder';
import type { ValueSet } from '../engine/documents/builtinSource';
import { RenderBudget } from '../engine/render/budget';
import { nodeFileSystem } from '../engine/render/nodeFileSystem';
import { renderedDiagnostics, withoutStaticDuplicates } from '../engine/features/renderedDiagnostics';
import { chartProblems, chartTargets, lintableFiles, slashes } from './chartTargets';
import { paint, type Colors } from './terminal';

export interface LintFinding {
  /** Relative to the cwd when below it, else absolute; `/`-separated. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

export interface LintReport {
  findings: LintFinding[];
  /** Files looked at. */
  fileCount: number;
  /** Problems reading charts, for stderr. */
  problems: string[];
  /** Where the hooks were read from (text summary and SARIF say it). */
  source?: LintSource['mode'];
}

/** `abs` relative to `cwd` when it lies below it, else absolute; always with `/`. */
export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  if (rel === '') return '.';
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return slashes(rel);
  return slashes(abs);
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/**
 * Where `lint` reads the hooks from: the templates as written (`static`, the masked reading), or also the built-in
 * render with a value set (`builtin`): then a failed render is a `render-failed` finding, and what the rendered
 * hooks prove is added to the static findings (features/renderedDiagnostics.ts).
 */
export type LintSource = { mode: 'static' } | { mode: 'builtin'; values: ValueSet; timeoutMs: number };

export function lintPaths(
  ws: ChartWorkspace,
  paths: readonly string[],
  cwd: string,
  helmVersion: HelmVersion,
  deployTarget: DeployTarget = 'helm',
  source: LintSource = { mode: 'static' },
): LintReport {
  const findings: LintFinding[] = [];
  const problems: string[] = [];
  let fileCount = 0;
  const push = (file: string, d: HookDiagnostic) =>
    findings.push({
      file: displayPath(file, cwd),
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: d.severity,
      code: d.code,
      message: d.message,
    });
  for (const target of chartTargets(ws, paths, cwd, 'lint')) {
    problems.push(...chartProblems(target.model));
    const hookModel = ws.hookModel(target.model, helmVersion);
    let rendered: Map<string, HookDiagnostic[]> | undefined;
    if (source.mode === 'builtin') {
      const { timeoutMs } = source;
      try {
        const built = builtinOrder(target.model, nodeFileSystem, source.values, { version: helmVersion, markValuesOnly: false, budget: () => new RenderBudget({ timeoutMs }) });
        rendered = renderedDiagnostics(target.model, built, { helmVersion });
      } catch (e) {
        // A bug of ours must not hide the chart's other findings: they are reported, and the failure on stderr.
        problems.push(`${displayPath(target.model.chart.root, cwd)}: the built-in render failed (${e instanceof Error ? e.message : String(e)}); only the template text was checked`);
      }
    }
    const files = lintableFiles(target);
    for (const file of files) {
      fileCount++;
      const argo = argocdDiagnostics(target.model, file, hookModel, { target: deployTarget, hints: false, helmVersion });
      const own = [...diagnoseFile(target.model, file, hookModel, { helmVersion }), ...argo];
      for (const d of own) push(file, d);
      for (const d of withoutStaticDuplicates(target.model, file, own, rendered?.get(file) ?? [])) push(file, d);
    }
    // A failed render is the chart's, wherever it points (a helper, Chart.yaml): reported even when that file is
    // not among those linted.
    for (const [file, ds] of rendered ?? []) {
      if (files.includes(file)) continue;
      for (const d of ds) if (d.code === 'render-failed') push(file, d);
    }
  }
  findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  return { findings, fileCount, problems, source: source.mode };
}

function count(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`;
}

const SEVERITY_COLOR = { error: 'red', warning: 'yellow', information: 'blue', hint: 'cyan' } as const;

/** `path:line:col: severity code: message`, one line each, then the summary line. */
export function formatLintText(report: LintReport, colors: Colors): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    const where = paint(colors, 'bold', `${f.file}:${f.line}:${f.column}:`);
    const sev = paint(colors, SEVERITY_COLOR[f.severity], f.severity);
    // The message is one line: a chart's own text (quoted in messages) must not break the format.
    const message = f.message.replace(/\r?\n|\r/g, ' ');
    lines.push(`${where} ${sev} ${paint(colors, 'dim', `${f.code}:`)} ${message}`);
  }
  const by = (s: Severity) => report.findings.filter((f) => f.severity === s).length;
  let summary = `${count(by('error'), 'error')}, ${count(by('warning'), 'warning')}, ${count(by('hint'), 'hint')} in ${count(report.fileCount, 'file')}`;
  const info = by('information');
  if (info) summary += ` (${info} information)`;
  if (report.source) summary += ` · ${report.source === 'builtin' ? 'templates rendered by the built-in renderer' : 'templates read without rendering (--static)'}`;
  if (lines.length) lines.push('');
  lines.push(by('error') ? paint(colors, 'red', summary) : summary);
  return lines.join('\n') + '\n';
}

export function formatLintJson(report: LintReport): string {
  return JSON.stringify(report.findings, null, 2) + '\n';
}
