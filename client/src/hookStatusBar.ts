/**
 * Status bar item on chart files: the chart's hook count; a click opens the execution-order panel.
 * Also maintains the `helmHooks.inChart` context key that shows the editor-title button.
 */
import * as vscode from 'vscode';
import type { ChartSummary } from '../../server/src/lspExtensions';
import { showOrderCommand } from '../../server/src/lspExtensions';
import { isInside, mayBeChartFile } from './chartDocuments';

export const IN_CHART_CONTEXT = 'helmHooks.inChart';

export interface SummarySource {
  summary(uri: string): Promise<ChartSummary | null>;
}

export class HookStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private seq = 0;
  private current: ChartSummary | undefined;

  constructor(private readonly source: SummarySource) {
    this.item = vscode.window.createStatusBarItem('helmHooks.hookCount', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Helm Hooks';
    this.item.command = showOrderCommand;
  }

  dispose(): void {
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
    const n = summary.hookCount;
    this.item.text = `$(list-ordered) ${n} hook${n === 1 ? '' : 's'}`;
    this.item.tooltip = `Helm Hooks: chart "${summary.chartName}" has ${n} hook${n === 1 ? '' : 's'}. Click to show their execution order.`;
    this.item.accessibilityInformation = { label: `Helm chart ${summary.chartName}: ${n} hooks. Show execution order.`, role: 'button' };
    this.item.show();
    void vscode.commands.executeCommand('setContext', IN_CHART_CONTEXT, true);
  }

  /** The chart at `chartRoot` changed: refresh if it is the one on display. */
  chartChanged(chartRoot: string): void {
    const current = this.current;
    if (!current || isInside(chartRoot, current.chartRoot) || isInside(current.chartRoot, chartRoot)) void this.update();
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
