/**
 * The "Helm Hooks: Execution Order" webview panel: one at a time (a disposable singleton), beside the editor,
 * following the active editor's chart and refreshed (debounced) when the server says the chart changed.
 * After a window reload `OrderPanel.revive` (from the panel serializer) restores it on the same chart.
 *
 * The order comes from the language server's built-in render of the chart's value set (the form in the panel);
 * "Verify with helm" puts Helm's order of the same value set on screen, with the differences, until closed.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { OrderResult } from '../../server/src/engine/types';
import type { ArgoOrderResult } from '../../server/src/engine/hooks/argocd/argocdOrder';
import type { DeployTarget } from '../../webview/src/argocdView';
import { isFromPageMessage, type FromPageMessage, type PageState, type RenderView, type ToPageMessage, type VerifyView } from '../../webview/src/messages';
import { isInside, mayBeChartFile } from './chartDocuments';
import type { ValueSetSupport } from './chartValueSets';
import { createNonce, panelHtml } from './panelHtml';
import { readValueSet, sameValueSet, valuesFilePath, type ValueSet } from './valueSet';

/** Where the panel gets its data: the language client, or a fake in tests. */
export interface OrderSource {
  /** The order of the chart containing `uri` (a file or the chart folder); `null` when it is in no chart. */
  order(uri: string): Promise<OrderResult | null>;
  /**
   * The server reports a change in the chart at this root: a buffer or a file on disk (`rendered` false), or a
   * fresh built-in render that landed (`rendered` true).
   */
  readonly onDidChangeChart: vscode.Event<{ chartRoot: string; rendered?: boolean }>;
  /** The server (re)started or a setting that changes the order was edited: everything is stale. */
  readonly onDidInvalidate: vscode.Event<void>;
  /** Value sets and Verify with helm; without it the panel shows the order without its source controls. */
  readonly valueSets?: ValueSetSupport;
  /** The chart as Argo CD syncs it (the panel's Argo CD view); without it the switch shows nothing for Argo CD. */
  argocdOrder?(uri: string): Promise<ArgoOrderResult | null>;
  /** `helmHooks.target` for the chart at this root: what the panel shows first. */
  target?(chartRoot: string | undefined): DeployTarget;
}

/** How long Verify with helm waits for a built-in render under way, to compare Helm's order with a fresh one. */
const BUILTIN_SETTLE_MS = 10_000;

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
  /** Verify with helm: the chart it belongs to, its state, Helm's order while it is on screen, and its request. */
  private verifyChart: string | undefined;
  private verify: VerifyView | undefined;
  private helmOrder: OrderResult | undefined;
  private verifyCts: vscode.CancellationTokenSource | undefined;
  private verifySeq = 0;
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
      source.onDidChangeChart(({ chartRoot: root, rendered }) => {
        // A change in the chart on screen, in one of its subcharts or in its parent; or the file the panel was
        // opened for just became part of a chart (a Chart.yaml was created above it).
        const shown = this.chartRoot;
        if (shown ? isInside(root, shown) || isInside(shown, root) : this.requestUri && isInside(root, this.requestUri.fsPath)) {
          this.scheduleRefresh();
          // A file changed on disk (or in a buffer): what helm rendered is out of date.
          if (!rendered) this.markVerifyStale();
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
      }),
    );
    const valueSets = source.valueSets;
    if (valueSets) {
      this.disposables.push(
        valueSets.onDidGrantTrust(() => {
          // A failure that said "not trusted" is no longer true.
          if (this.verify?.errors?.some((e) => e.problem === 'untrusted')) this.closeVerify();
          this.postRenderView();
        }),
        valueSets.onDidChange((root) => {
          if (root === this.chartRoot) this.postRenderView();
        }),
        // Helm read the files on disk: an edit of the chart (even unsaved) makes its result out of date at once,
        // before the server has said anything.
        vscode.workspace.onDidChangeTextDocument((e) => {
          if (e.contentChanges.length > 0 && e.document.uri.scheme === 'file' && this.isInValueSet(e.document.uri.fsPath)) this.markVerifyStale();
        }),
      );
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (OrderPanel.current === this) OrderPanel.current = undefined;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.verifyCts?.cancel();
    this.verifyCts?.dispose();
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
    if (this.verifyChart !== order.chartRoot) this.resetVerify(order.chartRoot);
    this.post({ type: 'order', order: this.displayed() ?? order });
    this.postRenderView();
    this.flushFocus();
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

  // ---- source, value set, Verify with helm ----------------------------------------------------------------------

  /** The order on screen: Helm's while a Verify with helm result is shown, otherwise the server's (built-in). */
  private displayed(): OrderResult | null | undefined {
    if (this.helmOrder && this.helmOrder.chartRoot === this.chartRoot) return this.helmOrder;
    return this.lastOrder;
  }

  private valueSet(): ValueSet | undefined {
    return this.chartRoot && this.source.valueSets ? this.source.valueSets.get(this.chartRoot) : undefined;
  }

  /** A file of the chart on screen, or one of the values files of its value set. */
  private isInValueSet(file: string): boolean {
    const root = this.chartRoot;
    if (!root) return false;
    if (isInside(root, file)) return true;
    return (this.valueSet()?.valuesFiles ?? []).some((f) => path.resolve(valuesFilePath(root, f)) === path.resolve(file));
  }

  /** Another chart on screen: Verify with helm starts afresh (a run for the previous chart is cancelled). */
  private resetVerify(chartRoot: string): void {
    this.verifyChart = chartRoot;
    this.closeVerify();
  }

  private closeVerify(): void {
    this.verify = undefined;
    this.helmOrder = undefined;
    this.verifyCts?.cancel();
    this.verifySeq++;
  }

  private markVerifyStale(): void {
    if (!this.verify || this.verify.stale || this.verify.state === 'running') return;
    this.verify = { ...this.verify, stale: true };
    this.postRenderView();
  }

  /** What the page shows above the order: its source, the value set, Verify with helm's state. */
  private renderView(): RenderView | undefined {
    const valueSets = this.source.valueSets;
    const vs = this.valueSet();
    const order = this.lastOrder;
    if (!valueSets || !vs || !order) return undefined;
    const helmShown = !!this.helmOrder && this.helmOrder.chartRoot === this.chartRoot;
    return {
      ...vs,
      source: helmShown ? 'helm' : order.mode === 'builtin' ? 'builtin' : order.mode === 'rendered' ? 'helm' : 'static',
      trusted: valueSets.isTrusted(),
      fallback: order.fallback ?? (order.mode === 'static' && !staticBySetting(order.chartRoot) ? 'Read from the templates as they are: the built-in render is not available' : undefined),
      errors: order.mode !== 'rendered' && order.renderErrors?.length ? order.renderErrors : undefined,
      updating: order.stale === true,
      verify: this.verify,
    };
  }

  private postRenderView(): void {
    const view = this.renderView();
    if (view) this.post({ type: 'render', render: view });
  }

  /** Renders the chart with helm, with the chart's value set, and shows Helm's order with the differences. */
  private async runVerify(): Promise<void> {
    const valueSets = this.source.valueSets;
    const root = this.chartRoot;
    const vs = this.valueSet();
    if (!valueSets || !root || !vs) return;
    this.verifyCts?.cancel();
    this.verifyCts?.dispose();
    const seq = ++this.verifySeq;
    if (!valueSets.isTrusted()) {
      this.verify = {
        state: 'failed',
        errors: [{ message: 'This workspace is in Restricted Mode: Helm Hooks never runs helm in an untrusted workspace.', problem: 'untrusted' }],
      };
      this.postRenderView();
      return;
    }
    const cts = new vscode.CancellationTokenSource();
    this.verifyCts = cts;
    // The previous result stays on screen (marked out of date) until the new one lands.
    this.verify = { ...(this.verify ?? {}), state: 'running' };
    this.postRenderView();
    let result: OrderResult | null;
    try {
      // Helm's order is compared with a fresh built-in render of the same value set: one still running (after an
      // edit, a setting such as the helm path just written) is waited for, a little.
      await this.builtinSettled(root, cts.token);
      if (cts.token.isCancellationRequested) return;
      result = await valueSets.verify(root, vs, cts.token);
    } catch (err) {
      if (seq !== this.verifySeq || this.disposed) return;
      this.helmOrder = undefined;
      this.verify = { state: 'failed', errors: [{ message: err instanceof Error ? err.message : String(err) }] };
      this.postRenderView();
      if (this.lastOrder) this.post({ type: 'order', order: this.lastOrder });
      return;
    }
    if (seq !== this.verifySeq || this.disposed || root !== this.chartRoot || !result) return;
    if (result.renderErrors?.length) {
      // Never a success mark beside Helm's errors: the built-in order comes back, with the errors above it.
      this.helmOrder = undefined;
      this.verify = { state: 'failed', helmVersion: result.helmVersionDetected, errors: result.renderErrors, command: result.render?.command };
      if (this.lastOrder) this.post({ type: 'order', order: this.lastOrder });
    } else {
      this.helmOrder = result;
      this.verify = {
        state: 'done',
        helmVersion: result.helmVersionDetected,
        identical: result.verify?.identical,
        differences: result.verify?.differences,
        notes: result.render?.notes,
        command: result.render?.command,
      };
      this.post({ type: 'order', order: result });
    }
    this.postRenderView();
  }

  /** Resolves when the chart's built-in order is no longer marked stale (or after a few seconds, or cancelled). */
  private async builtinSettled(root: string, token: vscode.CancellationToken): Promise<void> {
    const deadline = Date.now() + BUILTIN_SETTLE_MS;
    while (Date.now() < deadline && !token.isCancellationRequested) {
      const order = await this.source.order(vscode.Uri.file(root).toString()).catch(() => null);
      if (!order || order.mode !== 'builtin' || !order.stale) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          listener.dispose();
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
        const listener = this.source.onDidChangeChart((e) => {
          if (e.rendered && isInside(e.chartRoot, root)) done();
        });
      });
    }
  }

  /** The form changed the value set: remembered, sent to the server (which re-renders), and Helm's result closed. */
  private async changeValueSet(next: ValueSet): Promise<void> {
    const valueSets = this.source.valueSets;
    const root = this.chartRoot;
    if (!valueSets || !root) return;
    const vs = readValueSet(next);
    const before = valueSets.get(root);
    if (this.verify && !sameValueSet(before, vs)) {
      this.closeVerify();
      if (this.lastOrder) this.post({ type: 'order', order: this.lastOrder });
    }
    await valueSets.update(root, vs);
    this.postRenderView();
    this.scheduleRefresh();
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
    const valueSets = this.source.valueSets;
    switch (message.type) {
      case 'ready': {
        this.pageReady = true;
        this.post({ type: 'target', target: this.target });
        if (this.target === 'argocd') void this.refreshArgo();
        const shown = this.displayed();
        if (shown) {
          this.post({ type: 'order', order: shown });
          this.postRenderView();
          this.flushFocus();
        } else {
          await this.refresh();
        }
        return;
      }
      case 'refresh':
        await this.refresh();
        return;
      case 'renderOptions':
        await this.changeValueSet({ release: message.release, namespace: message.namespace, valuesFiles: message.valuesFiles, set: message.set });
        return;
      case 'addValuesFile': {
        const root = this.chartRoot;
        if (!valueSets || !root) return;
        const entry = await valueSets.pickValuesFile(root, message.valuesFiles);
        if (!entry || root !== this.chartRoot) return;
        await this.changeValueSet({
          release: message.release,
          namespace: message.namespace,
          valuesFiles: [...message.valuesFiles.filter((f) => f !== entry), entry],
          set: message.set,
        });
        return;
      }
      case 'resetValueSet':
        await this.changeValueSet({ release: '', namespace: '', valuesFiles: [], set: [] });
        return;
      case 'verify':
        await this.runVerify();
        return;
      case 'verifyClose':
        this.closeVerify();
        if (this.lastOrder) this.post({ type: 'order', order: this.lastOrder });
        this.postRenderView();
        return;
      case 'locateHelm': {
        if (!valueSets) return;
        const helm = await valueSets.locateHelm();
        // A helm was chosen: try again straight away (the setting is read for each run).
        if (helm && this.verify?.state === 'failed') await this.runVerify();
        return;
      }
      case 'openHelmSettings':
        await valueSets?.openHelmSettings();
        return;
      case 'trustWorkspace':
        await valueSets?.trustWorkspace();
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

/** `helmHooks.source` is `static` for this chart: the static order is what the user asked for. */
function staticBySetting(chartRoot: string): boolean {
  return vscode.workspace.getConfiguration('helmHooks', vscode.Uri.file(chartRoot)).get<string>('source') === 'static';
}
