/**
 * `helm-hooks lint`: the engine's diagnostics for every file of the named charts, as the editor shows them, with
 * 1-based lines and columns (columns count UTF-16 code units, as LSP and SARIF's default do).
 */
import * as path from 'path';
import { diagnoseFile } from '../engine/features/diagnostics';
import type { DeployTarget } from '../engine/hooks/argocd';
import { argocdDiagnostics } from '../engine/features/argocdEditor';
import type { ChartWorkspace } from '../engine/hooks/chartWorkspace';
import type { HelmVersion, Severity } from '../engine/types';
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
}

/** `abs` relative to `cwd` when it lies below it, else absolute; always with `/`. */
export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  if (rel === '') return '.';
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return slashes(rel);
  return slashes(abs);
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

export function lintPaths(ws: ChartWorkspace, paths: readonly string[], cwd: string, helmVersion: HelmVersion, deployTarget: DeployTarget = 'helm'): LintReport {
  const findings: LintFinding[] = [];
  const problems: string[] = [];
  let fileCount = 0;
  for (const target of chartTargets(ws, paths, cwd, 'lint')) {
    problems.push(...chartProblems(target.model));
    const hookModel = ws.hookModel(target.model, helmVersion);
    for (const file of lintableFiles(target)) {
      fileCount++;
      const argo = argocdDiagnostics(target.model, file, hookModel, { target: deployTarget, hints: false, helmVersion });
      for (const d of [...diagnoseFile(target.model, file, hookModel, { helmVersion }), ...argo]) {
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
      }
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
  return { findings, fileCount, problems };
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
  if (lines.length) lines.push('');
  lines.push(by('error') ? paint(colors, 'red', summary) : summary);
  return lines.join('\n') + '\n';
}

export function formatLintJson(report: LintReport): string {
  return JSON.stringify(report.findings, null, 2) + '\n';
}
