/**
 * The "Helm Hooks: Execution Order" webview panel: one at a time (a disposable singleton), beside the editor,
 * following the active editor's chart and refreshed (debounced) when the server says the chart changed.
 * After a window reload `OrderPanel.revive` (from the panel serializer) restores it on the same chart.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { OrderResult } from '../../server/src/engine/types';
import type { ArgoOrderResult } from '../../server/src/engine/hooks/argocd/argocdOrder';
import type { DeployTarget } from '../../webview/src/argocdView';
import { isFromPageMessage, type FromPageMessage, type PageState, type RenderView, type ToPageMessage } from '../../webview/src/messages';
import { isInside, mayBeChartFile } from './chartDocuments';
import { createNonce, panelHtml } from './panelHtml';
import type { RenderingSupport, RenderPreferences } from './rendering';

/** Where the panel gets its data: the language client, or a fake in tests. */
export interface OrderSource {
  /** The order of the chart containing `uri` (a file or the chart folder); `null` when it is in no chart. */
  order(uri: string): Promise<OrderResult | null>;
  /** The server reports a change in the chart at this root (buffer edit or file on disk). */
  readonly onDidChangeChart: vscode.Event<string>;
  /** The server (re)started or a setting that changes the order was edited: everything is stale. */
  readonly onDidInvalidate: vscode.Event<void>;
  /** Rendered mode (Static / Rendered switch); without it the panel only shows the static order. */
  readonly rendering?: RenderingSupport;
  /** The chart as Argo CD syncs it (the panel's Argo CD view); without it the switch shows nothing for Argo CD. */
  argocdOrder?(uri: string): Promise<ArgoOrderResult | null>;
  /** `helmHooks.target` for the chart at this root: what the panel shows first. */
  target?(chartRoot: string | undefined): DeployTarget;
}

/** Saves come in bursts (Save All): one render after the last. */
const RENDER_DELAY_MS = 400;

/** Debounce for change notifications: typing in a template sends one per keystroke. */
const REFRESH_DELAY_MS = 150;

export class OrderPanel implements vscode.Disposable {
  static readonly viewType = 'helmHooks.executionOrder';
  private static current: OrderPanel | undefined;

  /** Opens (or reveals) the panel on the chart of `uri`, focusing the hook declared at `line` (0-based) if given. */
  static show(extensionUri: vscode.Uri, source: OrderSource, uri: vscode.Uri, line: number | undefined): OrderPanel {
    const focus = line === undefined ? undefined : { file: uri.fsPath, line: line + 1 };
    if (OrderPanel.current) {
      const existing = OrderPanel.current;
      existing.panel.reveal(existing.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
      existing.showChartOf(uri, focus);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      OrderPanel.viewType,
      'Helm Hook Order',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      OrderPanel.webviewOptions(extensionUri),
    );
    const created = new OrderPanel(panel, extensionUri, source);
    created.showChartOf(uri, focus);
    return created;
  }

  /** Called by the `WebviewPanelSerializer` after a reload, with what the page saved by `setState`. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, source: OrderSource, state: PageState | undefined): OrderPanel {
    OrderPanel.current?.dispose();
    panel.webview.options = OrderPanel.webviewOptions(extensionUri);
    const revived = new OrderPanel(panel, extensionUri, source);
    if (state?.chartRoot) revived.showChartOf(vscode.Uri.file(state.chartRoot), undefined);
    else {
      const active = vscode.window.activeTextEditor?.document.uri;
      if (active) revived.showChartOf(active, undefined);
    }
    return revived;
  }

  static get instance(): OrderPanel | undefined {
    return OrderPanel.current;
  }

  private static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  private readonly disposables: vscode.Disposable[] = [];
  /** The URI the order is requested for (a file of the chart, or its root folder). */
  private requestUri: vscode.Uri | undefined;
  private chartRoot: string | undefined;
  private lastOrder: OrderResult | null | undefined;
  private pendingFocus: { file: string; line: number } | undefined;
  private pageReady = false;
  private disposed = false;
  private requestSeq = 0;
  private followSeq = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** The column of the last text editor, where "open file" from the panel goes. */
  private editorColumn: vscode.ViewColumn | undefined;
  /** Rendered mode: the chart the render state belongs to, its last good rendered order, and the state shown. */
  private renderChart: string | undefined;
  private lastRendered: OrderResult | undefined;
  private renderView: RenderView | undefined;
  private renderCts: vscode.CancellationTokenSource | undefined;
  private renderSeq = 0;
  private renderTimer: ReturnType<typeof setTimeout> | undefined;
  /** Helm or Argo CD: from `helmHooks.target`, changed by the page's switch. */
  private target: DeployTarget = 'helm';
  private argoSeq = 0;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly source: OrderSource,
  ) {
    OrderPanel.current = this;
    this.target = source.target?.(undefined) ?? 'helm';
    panel.iconPath = {
      light: vscode.Uri.joinPath(extensionUri, 'media', 'order-light.svg'),
      dark: vscode.Uri.joinPath(extensionUri, 'media', 'order-dark.svg'),
    };
    panel.webview.html = this.html();
    this.editorColumn = vscode.window.activeTextEditor?.viewColumn;
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => {
        if (isFromPageMessage(m)) void this.onPageMessage(m);
      }),
      // A hidden webview is torn down (no retainContextWhenHidden): on show, the page says `ready` again.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.pageReady = false;
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.followEditor(editor)),
      source.onDidChangeChart((root) => {
        // A change in the chart on screen, in one of its subcharts or in its parent; or the file the panel was
        // opened for just became part of a chart (a Chart.yaml was created above it).
        const shown = this.chartRoot;
        if (shown ? isInside(root, shown) || isInside(shown, root) : this.requestUri && isInside(root, this.requestUri.fsPath)) {
          this.scheduleRefresh();
        }
      }),
      source.onDidInvalidate(() => {
        // helmHooks.target may be what changed: the setting wins over the page's switch.
        const target = source.target?.(this.chartRoot) ?? this.target;
        if (target !== this.target) {
          this.target = target;
          this.post({ type: 'target', target });
        }
        this.scheduleRefresh();
        this.scheduleRender();
      }),
    );
    const rendering = source.rendering;
    if (rendering) {
      this.disposables.push(
        rendering.onDidGrantTrust(() => {
          this.renderView = undefined;
          void this.renderIfWanted();
        }),
        // Helm reads the disk: a saved file of the chart is what changes its rendering.
        vscode.workspace.onDidSaveTextDocument((doc) => {
          if (this.chartRoot && doc.uri.scheme === 'file' && isInside(this.chartRoot, doc.uri.fsPath)) this.scheduleRender();
        }),
      );
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (OrderPanel.current === this) OrderPanel.current = undefined;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    if (this.renderTimer) clearTimeout(this.renderTimer);
    this.renderCts?.cancel();
    this.renderCts?.dispose();
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }

  private html(): string {
    const webview = this.panel.webview;
    const asset = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...segments)).toString();
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: asset('dist', 'webview.js'),
      styleUris: [asset('dist', 'codicons', 'codicon.css'), asset('media', 'panel.css')],
    });
  }

  /** Points the panel at the chart of `uri` (unless it already shows that chart) and optionally focuses a hook. */
  showChartOf(uri: vscode.Uri, focus: { file: string; line: number } | undefined): void {
    this.pendingFocus = focus;
    if (this.chartRoot && uri.scheme === 'file' && isInside(this.chartRoot, uri.fsPath) && this.lastOrder) {
      this.flushFocus();
      return;
    }
    this.chartRoot = undefined;
    this.requestUri = uri;
    void this.refresh();
  }

  private followEditor(editor: vscode.TextEditor | undefined): void {
    if (!editor || editor.document.uri.scheme !== 'file') return;
    this.editorColumn = editor.viewColumn ?? this.editorColumn;
    if (!this.panel.visible) return;
    const file = editor.document.uri.fsPath;
    if (this.chartRoot && isInside(this.chartRoot, file)) return;
    if (!mayBeChartFile(file)) return;
    // Only switch when that file really is in another chart: a stray YAML file keeps the current chart on screen.
    const seq = ++this.followSeq;
    this.source.order(editor.document.uri.toString()).then(
      (order) => {
        if (seq !== this.followSeq || !order || order.chartRoot === this.chartRoot) return;
        this.requestSeq++; // a refresh of the previous chart still under way must not overwrite this one
        this.requestUri = editor.document.uri;
        this.accept(order);
      },
      () => undefined,
    );
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, REFRESH_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    // The chart root is only known from a result: until then, ask with the file the panel was opened for.
    const uri = this.chartRoot ? vscode.Uri.file(this.chartRoot) : this.requestUri;
    if (!uri) {
      this.lastOrder = null;
      this.post({ type: 'empty', title: 'No chart', detail: 'Open a file of a Helm chart, then run "Helm Hooks: Show Execution Order".' });
      return;
    }
    const seq = ++this.requestSeq;
    if (!this.lastOrder || this.lastOrder.chartRoot !== this.chartRoot) {
      this.post({ type: 'loading', chartRoot: this.chartRoot ?? uri.fsPath });
    }
    try {
      const order = await this.source.order(uri.toString());
      if (seq !== this.requestSeq) return;
      this.accept(order);
    } catch (err) {
      if (seq !== this.requestSeq) return;
      this.lastOrder = null;
      const detail = err instanceof Error ? err.message : String(err);
      this.post({ type: 'empty', title: 'The execution order could not be computed', detail });
    }
  }

  private accept(order: OrderResult | null): void {
    if (this.disposed) return; // a request that was under way when the panel closed
    this.lastOrder = order;
    if (!order) {
      this.chartRoot = undefined;
      this.panel.title = 'Helm Hook Order';
      this.post({
        type: 'empty',
        title: 'Not in a Helm chart',
        detail: 'No Chart.yaml was found above this file. Open a template, Chart.yaml or values file of a chart.',
      });
      return;
    }
    this.chartRoot = order.chartRoot;
    this.panel.title = `Hook Order: ${order.chart}`;
    const switched = this.renderChart !== order.chartRoot;
    if (switched) this.resetRender(order.chartRoot);
    this.post({ type: 'order', order: this.displayed() ?? order });
    this.flushFocus();
    if (switched) void this.renderIfWanted();
    if (this.target === 'argocd') void this.refreshArgo();
  }

  // ---- Argo CD view ----------------------------------------------------------------------------------------------

  private async refreshArgo(): Promise<void> {
    const root = this.chartRoot;
    if (!root || !this.source.argocdOrder) return;
    const seq = ++this.argoSeq;
    try {
      const order = await this.source.argocdOrder(vscode.Uri.file(root).toString());
      if (seq !== this.argoSeq || this.disposed || root !== this.chartRoot || !order) return;
      this.post({ type: 'argocd', order });
    } catch {
      // The Helm view stays usable; the next change asks again.
    }
  }

  // ---- rendered mode ---------------------------------------------------------------------------------------------

  /** The order on screen: the last good rendered one in rendered mode, otherwise (and meanwhile) the static one. */
  private displayed(): OrderResult | null | undefined {
    const prefs = this.preferences();
    if (prefs?.mode === 'rendered' && this.source.rendering?.isTrusted() && this.lastRendered?.chartRoot === this.chartRoot) return this.lastRendered;
    return this.lastOrder;
  }

  private preferences(): RenderPreferences | undefined {
    return this.chartRoot && this.source.rendering ? this.source.rendering.preferences(this.chartRoot) : undefined;
  }

  /** Another chart on screen: its render state starts afresh (a render of the previous chart is cancelled). */
  private resetRender(chartRoot: string): void {
    this.renderChart = chartRoot;
    this.lastRendered = undefined;
    this.renderView = undefined;
    this.renderCts?.cancel();
    this.renderSeq++;
  }

  private async postRenderView(patch: Partial<RenderView> = {}): Promise<void> {
    const rendering = this.source.rendering;
    const root = this.chartRoot;
    const prefs = this.preferences();
    if (!rendering || !root || !prefs) return;
    // Read each time: a values file created meanwhile is offered at the next render.
    const availableValuesFiles = await rendering.valuesFiles(root);
    if (root !== this.chartRoot || this.disposed) return;
    this.renderView = {
      rendering: false,
      ...this.renderView,
      ...prefs,
      trusted: rendering.isTrusted(),
      availableValuesFiles,
      ...patch,
    };
    this.post({ type: 'render', render: this.renderView });
  }

  private scheduleRender(): void {
    if (this.preferences()?.mode !== 'rendered') return;
    if (this.renderTimer) clearTimeout(this.renderTimer);
    this.renderTimer = setTimeout(() => {
      this.renderTimer = undefined;
      void this.renderIfWanted();
    }, RENDER_DELAY_MS);
  }

  /** Shows the switch, and renders when the chart is in rendered mode and Helm may run. */
  private async renderIfWanted(): Promise<void> {
    const rendering = this.source.rendering;
    const root = this.chartRoot;
    const prefs = this.preferences();
    if (!rendering || !root || !prefs) return;
    if (prefs.mode !== 'rendered' || !rendering.isTrusted()) {
      this.renderCts?.cancel();
      await this.postRenderView({ rendering: false });
      return;
    }
    this.renderCts?.cancel();
    this.renderCts?.dispose();
    const cts = new vscode.CancellationTokenSource();
    this.renderCts = cts;
    const seq = ++this.renderSeq;
    await this.postRenderView({ rendering: true });
    try {
      const result = await rendering.render(root, prefs, cts.token);
      if (seq !== this.renderSeq || this.disposed || root !== this.chartRoot || !result) return;
      const failed = !!result.renderErrors?.length;
      if (!failed) this.lastRendered = result;
      await this.postRenderView({
        rendering: false,
        helmVersionDetected: result.helmVersionDetected,
        errors: result.renderErrors,
        notes: result.render?.notes,
        command: result.render?.command,
      });
      // A failed render shows Helm's errors above the static order (static mode keeps working meanwhile).
      if (failed) this.lastRendered = undefined;
      const shown = this.displayed();
      if (shown) this.post({ type: 'order', order: shown });
    } catch (err) {
      if (seq !== this.renderSeq || this.disposed) return;
      await this.postRenderView({ rendering: false, errors: [{ message: err instanceof Error ? err.message : String(err) }] });
    }
  }

  private async changeRender(update: Partial<RenderPreferences>): Promise<void> {
    const rendering = this.source.rendering;
    const root = this.chartRoot;
    const prefs = this.preferences();
    if (!rendering || !root || !prefs) return;
    const next: RenderPreferences = { ...prefs, ...update };
    await rendering.remember(root, next);
    if (next.mode === 'static') {
      this.renderCts?.cancel();
      this.renderSeq++;
      await this.postRenderView({ rendering: false });
      if (this.lastOrder) this.post({ type: 'order', order: this.lastOrder });
      return;
    }
    await this.renderIfWanted();
  }

  private flushFocus(): void {
    // Kept until the page listens: a reveal posted before `ready` would be lost.
    if (this.pendingFocus && this.lastOrder && this.pageReady) {
      this.post({ type: 'reveal', file: this.pendingFocus.file, line: this.pendingFocus.line });
      this.pendingFocus = undefined;
    }
  }

  private post(message: ToPageMessage): void {
    // Before `ready` the page would drop the message; `onPageMessage('ready')` re-sends the current state.
    if (this.pageReady && !this.disposed) void this.panel.webview.postMessage(message);
  }

  private async onPageMessage(message: FromPageMessage): Promise<void> {
    switch (message.type) {
      case 'ready': {
        this.pageReady = true;
        this.post({ type: 'target', target: this.target });
        if (this.target === 'argocd') void this.refreshArgo();
        const shown = this.displayed();
        if (shown) {
          this.post({ type: 'order', order: shown });
          if (this.renderView) this.post({ type: 'render', render: this.renderView });
          else void this.postRenderView();
          this.flushFocus();
        } else {
          await this.refresh();
        }
        return;
      }
      case 'refresh':
        await this.refresh();
        if (this.preferences()?.mode === 'rendered') await this.renderIfWanted();
        return;
      case 'setMode':
        await this.changeRender({ mode: message.mode });
        return;
      case 'renderOptions':
        await this.changeRender({
          mode: 'rendered',
          release: message.release,
          namespace: message.namespace,
          valuesFiles: message.valuesFiles,
          set: message.set,
        });
        return;
      case 'open':
        await this.openFile(message.file, message.line);
        return;
      case 'setTarget':
        this.target = message.target;
        if (message.target === 'argocd') await this.refreshArgo();
        return;
    }
  }

  private async openFile(file: string, line: number): Promise<void> {
    // The page only names files of the chart it shows; anything else is refused rather than opened.
    if (!this.chartRoot || !path.isAbsolute(file) || !isInside(this.chartRoot, file) || file.includes('.tgz!/')) return;
    const position = new vscode.Position(Math.max(0, Math.floor(line) - 1), 0);
    try {
      const column =
        this.editorColumn && this.editorColumn !== this.panel.viewColumn
          ? this.editorColumn
          : this.panel.viewColumn === vscode.ViewColumn.One
            ? vscode.ViewColumn.Two
            : vscode.ViewColumn.One;
      await vscode.window.showTextDocument(vscode.Uri.file(file), {
        viewColumn: column,
        selection: new vscode.Range(position, position),
        preserveFocus: false,
      });
    } catch (err) {
      void vscode.window.showWarningMessage(`Helm Hooks: cannot open ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
