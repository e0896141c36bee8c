/**
 * The status bar's problem counts: the Helm Hooks diagnostics of one chart, counted from what the Problems list
 * holds (so both always agree). Kept free of the `vscode` module: the shapes below are the parts of
 * `vscode.languages.getDiagnostics()` it reads, and unit tests call it with plain data.
 */
import { isInside } from './chartDocuments';

/** `vscode.DiagnosticSeverity`: Error 0, Warning 1, Information 2, Hint 3. */
export interface DiagnosticLike {
  severity: number;
  source?: string;
}

export interface UriLike {
  scheme: string;
  fsPath: string;
}

export interface ChartProblemCounts {
  errors: number;
  warnings: number;
  /** Information and hints. */
  others: number;
  /** Files with at least one of them. */
  files: number;
}

/** Our diagnostics' `source` (server/src/lspConversions.ts). */
export const DIAGNOSTIC_SOURCE = 'helm-hooks';

export function countChartProblems(all: ReadonlyArray<readonly [UriLike, readonly DiagnosticLike[]]>, chartRoot: string): ChartProblemCounts {
  const counts: ChartProblemCounts = { errors: 0, warnings: 0, others: 0, files: 0 };
  for (const [uri, diagnostics] of all) {
    if (uri.scheme !== 'file' || !isInside(chartRoot, uri.fsPath)) continue;
    let any = false;
    for (const d of diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      any = true;
      if (d.severity === 0) counts.errors++;
      else if (d.severity === 1) counts.warnings++;
      else counts.others++;
    }
    if (any) counts.files++;
  }
  return counts;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export interface StatusTexts {
  /** With codicons, e.g. `$(error) 9 $(warning) 5 · 12 hooks`. */
  text: string;
  /** Plain sentence for the tooltip's first line and the screen reader. */
  summary: string;
}

/** The status bar text: the counts when the chart has errors or warnings, then its hook count. */
export function statusTexts(chartName: string, hookCount: number, counts: ChartProblemCounts, openFilesOnly = false): StatusTexts {
  const hooks = plural(hookCount, 'hook');
  const problems = counts.errors || counts.warnings ? `$(error) ${counts.errors} $(warning) ${counts.warnings} · ` : '$(list-ordered) ';
  let summary = `Chart "${chartName}": ${hooks}`;
  if (counts.errors || counts.warnings || counts.others) {
    summary += `; ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}`;
    if (counts.others) summary += `, ${counts.others} information and hints`;
    summary += ` in ${plural(counts.files, 'file')}`;
  } else {
    summary += '; no hook problems';
  }
  if (openFilesOnly) summary += ' (open files only: helmHooks.diagnostics.scope is "openFiles")';
  return { text: `${problems}${hooks}`, summary };
}
