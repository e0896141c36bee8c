/**
 * Entry of the VS Code extension (`dist/client.js`): starts the Helm Hooks language server (`dist/server.js`, over
 * IPC), and adds what the protocol has no words for: the execution-order panel, the status bar item and commands.
 * Completion, hover, diagnostics, quick fixes and CodeLens come from the server through the language client.
 */
import * as fs from 'fs';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { OrderResult } from '../../server/src/engine/types';
import {
  argocdOrderRequest,
  type ArgocdOrderResponse,
  chartChangedNotification,
  chartSummaryRequest,
  orderRequest,
  renderedOrderRequest,
  showOrderCommand,
  valueSetNotification,
  workspaceTrustNotification,
  type RenderedOrderParams,
  type RenderedOrderResponse,
  type ValueSetParams,
  type WorkspaceTrustParams,
  type ChartChangedParams,
  type ChartSummaryParams,
  type ChartSummaryResponse,
  type OrderParams,
  type OrderResponse,
} from '../../server/src/lspExtensions';
import { CHART_DOCUMENT_SELECTOR } from './chartDocuments';
import { loadDiagnosticDocs } from './diagnosticDocs';
import type { DiagnosticDocs } from '../../server/src/lspConversions';
import { ChartValueSets } from './chartValueSets';
import { locateHelmCommand, openHelmSettingsCommand, locateHelm, openHelmSettings } from './helmSetup';
import { HookStatusBar } from './hookStatusBar';
import { OrderPanel, type OrderSource } from './orderPanel';
import { valueSetLabel } from './valueSet';
import { createLogChannel, type LogChannel } from './logChannel';
import { quietWhenStopped } from './quietShutdown';
import type { PageState } from '../../webview/src/messages';

export const restartServerCommand = 'helmHooks.restartServer';

/** Settings that change the order itself (the server reads them; the panel must ask again). */
const ORDER_SETTINGS = ['helmHooks.helmVersion', 'helmHooks.target'];

let client: LanguageClient | undefined;
/**
 * The output channel outlives the extension's subscriptions: VS Code disposes those as soon as `deactivate` is
 * called, while the client is still stopping and its pending requests fail and are logged (a disposed channel
 * throws "Channel has been closed" from inside the provider). `deactivate` closes it once the client stopped.
 */
let output: LogChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = createLogChannel(vscode.window.createOutputChannel('Helm Hooks'));
  const log = output;

  const chartChanged = new vscode.EventEmitter<ChartChangedParams>();
  const invalidate = new vscode.EventEmitter<void>();
  context.subscriptions.push(chartChanged, invalidate);

  const serverModule = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const haveServer = fs.existsSync(serverModule);
  if (haveServer) {
    // The server keeps the bytecode of its bundle between starts in the extension's own storage (a folder of this
    // user, not the shared temporary folder).
    const codeCache = vscode.Uri.joinPath(context.globalStorageUri, 'code-cache').fsPath;
    // The diagnostics' code links open the page shipped in the VSIX, at the code's section, without network.
    const diagnosticDocs = await loadDiagnosticDocs(vscode.workspace.fs, vscode.Uri.joinPath(context.extensionUri, 'docs', 'DIAGNOSTICS.md'));
    client = createClient(serverModule, log, codeCache, diagnosticDocs);
    client.onNotification(chartChangedNotification, (params: ChartChangedParams) => {
      if (typeof params?.chartRoot === 'string') chartChanged.fire(params);
    });
  } else {
    log.appendLine(`Helm Hooks: the language server bundle is missing (${serverModule}); run "npm run bundle".`);
  }

  const notRunning = () => new Error('The Helm Hooks language server is not running (see the "Helm Hooks" output).');
  const isRunning = () => client?.state === State.Running;
  // The value set of each chart: the built-in render uses it; Verify with helm passes it to helm, which the server
  // only runs while the workspace is trusted (it learns when it becomes so).
  const valueSets = new ChartValueSets(context.workspaceState, {
    async sendValueSet(params: ValueSetParams) {
      if (client && isRunning()) await client.sendNotification(valueSetNotification, params);
    },
    async renderedOrder(params: RenderedOrderParams, token) {
      if (!client || !isRunning()) throw notRunning();
      return client.sendRequest<RenderedOrderResponse>(renderedOrderRequest, params, token);
    },
  });
  if (client) {
    context.subscriptions.push(
      client.onDidChangeState((e) => {
        if (e.newState !== State.Running) return;
        // A (re)started server knows no value set yet: hand them over before anything asks for an order.
        void valueSets.sendAll().finally(() => invalidate.fire());
      }),
    );
  }
  context.subscriptions.push(
    valueSets,
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      const params: WorkspaceTrustParams = { trusted: true };
      void client?.sendNotification(workspaceTrustNotification, params);
    }),
  );
  const source: OrderSource = {
    async order(uri: string): Promise<OrderResult | null> {
      if (!client) throw notRunning();
      const params: OrderParams = { uri };
      return client.sendRequest<OrderResponse>(orderRequest, params);
    },
    onDidChangeChart: chartChanged.event,
    onDidInvalidate: invalidate.event,
    valueSets,
    async argocdOrder(uri: string) {
      if (!client) throw notRunning();
      const params: OrderParams = { uri };
      return client.sendRequest<ArgocdOrderResponse>(argocdOrderRequest, params);
    },
    target(chartRoot: string | undefined) {
      const scope = chartRoot ? vscode.Uri.file(chartRoot) : vscode.window.activeTextEditor?.document.uri;
      return vscode.workspace.getConfiguration('helmHooks', scope).get<string>('target') === 'argocd' ? 'argocd' : 'helm';
    },
  };

  const statusBar = new HookStatusBar({
    async summary(uri: string) {
      if (!client || !isRunning()) return null;
      const params: ChartSummaryParams = { uri };
      return client.sendRequest<ChartSummaryResponse>(chartSummaryRequest, params);
    },
    valueSetLabel: (chartRoot: string) => valueSetLabel(valueSets.get(chartRoot)),
  });
  context.subscriptions.push(
    statusBar,
    vscode.window.onDidChangeActiveTextEditor((editor) => void statusBar.update(editor)),
    chartChanged.event((params) => statusBar.chartChanged(params.chartRoot)),
    valueSets.onDidChange((root) => statusBar.chartChanged(root)),
    invalidate.event(() => void statusBar.update()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (ORDER_SETTINGS.some((s) => e.affectsConfiguration(s))) invalidate.fire();
    }),
  );

  context.subscriptions.push(
    // Arguments: from a CodeLens `[uri: string, line: number]` (0-based); from the editor title a `Uri`;
    // from the palette or the status bar nothing (the active editor and its cursor are used).
    vscode.commands.registerCommand(showOrderCommand, (target?: unknown, line?: unknown) => {
      const editor = vscode.window.activeTextEditor;
      let uri: vscode.Uri | undefined;
      if (target instanceof vscode.Uri) uri = target;
      else if (typeof target === 'string') uri = vscode.Uri.parse(target);
      else uri = editor?.document.uri;
      let focusLine = typeof line === 'number' ? line : undefined;
      if (focusLine === undefined && uri && editor && editor.document.uri.toString() === uri.toString()) {
        focusLine = editor.selection.active.line;
      }
      if (!uri) {
        void vscode.window.showInformationMessage('Helm Hooks: open a file of a Helm chart first.');
        return;
      }
      OrderPanel.show(context.extensionUri, source, uri, focusLine);
    }),
    vscode.commands.registerCommand(restartServerCommand, async () => {
      if (!client) {
        void vscode.window.showErrorMessage(notRunning().message);
        return;
      }
      log.appendLine('Restarting the Helm Hooks language server…');
      await client.restart();
    }),
    vscode.commands.registerCommand(locateHelmCommand, () => locateHelm()),
    vscode.commands.registerCommand(openHelmSettingsCommand, () => openHelmSettings()),
    vscode.window.registerWebviewPanelSerializer(OrderPanel.viewType, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        OrderPanel.revive(panel, context.extensionUri, source, isPageState(state) ? state : undefined);
      },
    }),
    { dispose: () => OrderPanel.instance?.dispose() },
  );

  if (client) {
    try {
      await client.start();
    } catch (err) {
      log.appendLine(`Helm Hooks: the language server failed to start: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  void statusBar.update();
}

export async function deactivate(): Promise<void> {
  const c = client;
  const channel = output;
  client = undefined;
  output = undefined;
  try {
    // Requests still under way fail while the client stops; they are logged to the channel, still open here.
    if (c && c.state !== State.Stopped) await c.stop();
  } catch {
    // Stopping a server that is already gone: nothing left to clean up.
  } finally {
    channel?.close();
  }
}

function createClient(
  serverModule: string,
  output: vscode.OutputChannel,
  codeCache: string,
  diagnosticDocs: DiagnosticDocs | undefined,
): LanguageClient {
  const env = { ...process.env, HELM_HOOKS_CODE_CACHE: process.env.HELM_HOOKS_CODE_CACHE ?? codeCache };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: CHART_DOCUMENT_SELECTOR,
    outputChannel: output,
    // Read again on every (re)start, so a restarted server knows the trust granted meanwhile.
    initializationOptions: () => ({ workspaceTrusted: vscode.workspace.isTrusted, diagnosticDocs }),
    // A window reload stops the client while VS Code still asks the providers: they answer nothing then.
    middleware: quietWhenStopped(() => client?.state === State.Running),
    // No `synchronize`: the server registers its own file watchers and configuration section dynamically, so
    // declaring them here too would deliver every change twice.
  };
  // The id makes vscode-languageclient read `helmHooks.trace.server`.
  return new LanguageClient('helmHooks', 'Helm Hooks', serverOptions, clientOptions);
}

function isPageState(value: unknown): value is PageState {
  return typeof value === 'object' && value !== null && typeof (value as PageState).command === 'string';
}
