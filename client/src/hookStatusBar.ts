/**
 * Status bar item on chart files: the chart's hook errors and warnings (as the Problems list holds them, for every
 * file of the chart with chart-wide diagnostics) and its hook count; a click opens the execution-order panel.
 * Its tooltip names the same source and value set as the panel (the built-in render of release … · namespace …),
 * a spinning icon says a newer render is under way, and a render that failed is said as such (never a count
 * that looks rendered beside it). Also maintains the `helmHooks.inChart` context key of the editor-title button.
 */
import * as vscode from 'vscode';
import type { ChartSummary } from '../../server/src/lspExtensions';
import { showOrderCommand } from '../../server/src/lspExtensions';
import { isInside, mayBeChartFile } from './chartDocuments';
import { countChartProblems, statusTexts } from './chartProblems';

export const IN_CHART_CONTEXT = 'helmHooks.inChart';

export interface SummarySource {
  summary(uri: string): Promise<ChartSummary | null>;
  /** The chart's value set in the panel's words ("release … · namespace … · values.yaml only"). */
  valueSetLabel?(chartRoot: string): string;
}

/** Where the count comes from, in the words the panel uses. */
export function sourceSentence(summary: ChartSummary, valueSetLabel: string | undefined): string {
  const label = valueSetLabel ?? summary.valueSet;
  if (summary.renderError) {
    return summary.mode === 'builtin'
      ? `The chart does not render with ${label ?? 'its value set'} now (${summary.renderError}): its last good built-in render is shown`
      : `The chart does not render with ${label ?? 'its value set'} (${summary.renderError}): hooks are read from the templates`;
  }
  if (summary.mode === 'builtin') {
    return `Rendered by Helm Hooks' built-in renderer${label ? `: ${label}` : ''}${summary.stale ? ' (updating…)' : ''}`;
  }
  return 'Read from the templates as they are';
}

export class HookStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private seq = 0;
  private current: ChartSummary | undefined;
  private readonly diagnosticsListener: vscode.Disposable;
  private recount: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly source: SummarySource) {
    this.item = vscode.window.createStatusBarItem('helmHooks.hookCount', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Helm Hooks';
    this.item.command = showOrderCommand;
    // A chart-wide check publishes file after file: count once they have settled a little.
    this.diagnosticsListener = vscode.languages.onDidChangeDiagnostics(() => {
      if (!this.current || this.recount) return;
      this.recount = setTimeout(() => {
        this.recount = undefined;
        this.render();
      }, 150);
    });
  }

  dispose(): void {
    clearTimeout(this.recount);
    this.diagnosticsListener.dispose();
    this.item.dispose();
  }

  /** Re-reads the summary for the active editor. */
  async update(editor: vscode.TextEditor | undefined = vscode.window.activeTextEditor): Promise<void> {
    const seq = ++this.seq;
    const uri = editor?.document.uri;
    if (!uri || uri.scheme !== 'file' || !this.isCandidate(editor.document)) {
      this.hide();
      return;
    }
    let summary: ChartSummary | null = null;
    try {
      summary = await this.source.summary(uri.toString());
    } catch {
      summary = null; // server starting, restarting or failing: no item rather than a stale one
    }
    if (seq !== this.seq) return;
    if (!summary) {
      this.hide();
      return;
    }
    this.current = summary;
    this.render();
    this.item.show();
    void vscode.commands.executeCommand('setContext', IN_CHART_CONTEXT, true);
  }

  /** The chart at `chartRoot` changed: refresh if it is the one on display. */
  chartChanged(chartRoot: string): void {
    const current = this.current;
    if (!current || isInside(chartRoot, current.chartRoot) || isInside(current.chartRoot, chartRoot)) void this.update();
  }

  /** Text, tooltip and label of the chart on display, with its problem counts as of now. */
  private render(): void {
    const summary = this.current;
    if (!summary) return;
    const counts = countChartProblems(vscode.languages.getDiagnostics(), summary.chartRoot);
    const scope = vscode.workspace.getConfiguration('helmHooks', vscode.Uri.file(summary.chartRoot)).get<string>('diagnostics.scope');
    const { text, summary: sentence } = statusTexts(summary.chartName, summary.hookCount, counts, scope === 'openFiles');
    const source = sourceSentence(summary, this.source.valueSetLabel?.(summary.chartRoot));
    // A newer render is under way: the count is the last render's.
    this.item.text = summary.stale ? `$(sync~spin) ${text.replace(/^\$\(list-ordered\) /, '')}` : text;
    // The chart's name and values are the user's text: escaped, so they cannot become a link or markup.
    const escape = (t: string) => t.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
    const tooltip = new vscode.MarkdownString(
      `**Helm Hooks** · ${escape(sentence)}\n\n${escape(source)}\n\n` +
        `[Show Problems](command:workbench.actions.view.problems) · [Show Execution Order](command:${showOrderCommand})`,
    );
    tooltip.isTrusted = { enabledCommands: ['workbench.actions.view.problems', showOrderCommand] };
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `Helm Hooks. ${sentence}. ${source}. Show execution order.`, role: 'button' };
  }

  private isCandidate(doc: vscode.TextDocument): boolean {
    return doc.languageId === 'helm' || (doc.languageId === 'yaml' && mayBeChartFile(doc.uri.fsPath));
  }

  private hide(): void {
    this.current = undefined;
    this.item.hide();
    void vscode.commands.executeCommand('setContext', IN_CHART_CONTEXT, false);
  }
}
