/**
 * The Helm Hooks language server: a thin layer that keeps the engine's ChartWorkspace in step with the editor and
 * maps its results to LSP. It never creates its connection (node/main.ts does), so tests drive it over in-memory
 * streams.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CodeLens,
  type CompletionList,
  type Connection,
  type Diagnostic,
  type Hover,
  type InlayHint,
  type Position,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ChartWorkspace, diagnoseFile, LIMITS, type ChartModel, type HelmVersion } from './engine';
import { withAllTies } from './engine/hooks/hookOrder';
import { codeLensesFor } from './engine/features/codeLens';
import { completeAt } from './engine/features/completion';
import { hoverAt } from './engine/features/hover';
import { renderedActionHover, renderedInlayHints } from './engine/features/actionHover';
import { argoOrderOf } from './engine/hooks/argocd';
import { argocdCodeLenses, argocdDiagnostics, argocdHoverAt } from './engine/features/argocdEditor';
import { nodeFileSystem } from './engine/render/nodeFileSystem';
import { isInside, pathToUri, uriToPath } from './fileUris';
import {
  argocdOrderRequest,
  type ArgocdOrderResponse,
  chartChangedNotification,
  chartSummaryRequest,
  orderRequest,
  showOrderCommand,
  type ChartChangedParams,
  type ChartSummaryParams,
  type ChartSummary,
  type ChartSummaryResponse,
  type OrderParams,
  type OrderResponse,
  renderedOrderRequest,
  valueSetNotification,
  type ValueSetParams,
  workspaceTrustNotification,
  type RenderedOrderParams,
  type RenderedOrderResponse,
  type WorkspaceTrustParams,
} from './lspExtensions';
import { readWorkspaceTrust, RenderedOrderService } from './helm/renderedOrderService';
import { readDiagnosticDocs, toCompletionItem, toDiagnostic, toHover, toQuickFixes, type DiagnosticDocs } from './lspConversions';
import { OverlayFileSystem } from './overlayFileSystem';
import { ChartDiagnostics, type ChartDiagnosticsLimits } from './chartDiagnostics';
import { formatError, runSafe, runSafeAsync, runSafeVoid, type ServerLog } from './runSafe';
import { parseHelmVersion, settingsFromInitializationOptions, SettingsStore, type ServerSettings } from './settings';
import { ChartSnapshots, DEFAULT_ORDER_WAIT_MS, type SnapshotsOptions } from './builtin/chartSnapshots';

/** A change in one file can change ties in another: the chart's other open files follow after this quiet time. */
const CHART_REFRESH_DELAY_MS = 150;

export const COMPLETION_TRIGGER_CHARACTERS = [':', ',', ' ', '"', "'", '-'];

/** Files whose change can change a chart's hooks (the same list as the client's watchers). */
export const WATCHED_FILE_GLOBS = ['**/Chart.yaml', '**/Chart.lock', '**/values*.{yaml,yml}', '**/templates/**', '**/charts/**', '**/crds/**'];

export interface ServerOptions {
  /** Bounds of the chart-wide diagnostics (tests make them small). */
  chartDiagnostics?: Partial<ChartDiagnosticsLimits>;
  /** The built-in render's worker: quiet time, limits, kill time (tests make them small or watch its events). */
  builtin?: SnapshotsOptions;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const log: ServerLog = { error: (m) => connection.console.error(m) };
  const documents = new TextDocuments(TextDocument);
  const overlay = new OverlayFileSystem(nodeFileSystem);
  const ws = new ChartWorkspace(overlay);

  /** Set at initialize, from what the client can do. */
  let settings: SettingsStore | undefined;
  /** The client's own copy of docs/DIAGNOSTICS.md (initializationOptions), for the diagnostics' code links. */
  let diagnosticDocs: DiagnosticDocs | undefined;
  let watchDynamically = false;
  /** The client lays out `labelDetails` (LSP 3.17): completion labels are then never cut. */
  let labelDetailsSupport = false;
  let configurationDynamically = false;
  let workspaceFoldersSupported = false;
  /** The workspace folders (URIs) whose charts get chart-wide diagnostics. */
  let workspaceFolders: string[] = [];
  /** Documents that currently show diagnostics from us, so a file that left its chart gets them cleared. */
  const published = new Set<string>();
  const refreshTimers = new Map<string, ReturnType<typeof setTimeout>>();
  let shuttingDown = false;
  /** Rendered mode: runs helm, and only while the client says the workspace is trusted. */
  const rendered = new RenderedOrderService(false);
  /** The client re-asks for CodeLens when told (workspace/codeLens/refresh). */
  let codeLensRefresh = false;
  /** …and inlay hints (workspace/inlayHint/refresh), after each built-in render. */
  let inlayHintRefresh = false;

  /** The built-in render (helmHooks.source = builtin): one snapshot per chart, rendered in a worker thread. */
  const snapshots = new ChartSnapshots(
    {
      ws,
      buffersIn: (root) => {
        const out: Array<[string, string]> = [];
        for (const doc of documents.all()) {
          const path = uriToPath(doc.uri);
          if (path && isInside(root, path) && overlay.isOpen(path)) out.push([path, doc.getText()]);
        }
        return out;
      },
      readText: (path) => overlay.readText(path),
      showAllTies: (root) => settings?.current(root).ties.showAll ?? false,
      landed: (root) => snapshotLanded(root),
      diagnosed: (root, changed) => snapshotDiagnosed(root, changed),
      warn: (m) => connection.console.warn(m),
      trace: (m) => connection.tracer.log(m),
    },
    options.builtin,
  );

  /** Whether a chart's views come from the built-in render. */
  const builtinFor = (m: ChartModel | undefined): boolean => !!m && settingsOf(m).source === 'builtin' && snapshots.available;

  /** A fresh render of the chart landed: the client's views (panel, status bar, CodeLens) follow it. */
  const snapshotLanded = (root: string): void => {
    if (shuttingDown) return;
    runSafeVoid(
      log,
      () => {
        const params: ChartChangedParams = { chartRoot: root, rendered: true };
        void connection.sendNotification(chartChangedNotification, params);
        if (codeLensRefresh) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
        if (inlayHintRefresh) void connection.sendRequest('workspace/inlayHint/refresh').catch(() => undefined);
      },
      `built-in render of ${root}`,
    );
  };

  /**
   * The render's diagnostics are in: when what the render adds changed, the chart's open files and its unopened ones
   * are published again (a render that adds what the last one added changes no file's diagnostics: typing is not
   * slowed by publishing them again after every render).
   */
  const snapshotDiagnosed = (root: string, changed: boolean): void => {
    if (shuttingDown || !changed) return;
    runSafeVoid(
      log,
      () => {
        for (const doc of documents.all()) {
          const path = uriToPath(doc.uri);
          if (path && isInside(root, path)) publish(doc.uri);
        }
        chartWide.chartChanged(root);
      },
      `diagnostics of the built-in render of ${root}`,
    );
  };

  const openDocument = (uri: string): TextDocument | undefined => documents.get(uri);

  const textOf = (doc: TextDocument): string | undefined => {
    const text = doc.getText();
    // The engine skips such files too: no completion, hover or lens on a huge or binary file.
    return text.length > LIMITS.maxFileBytes || text.indexOf('\u0000') >= 0 ? undefined : text;
  };

  /** The path and analysable text of an open document, for the per-position features. */
  const openFileText = (uri: string): { path: string; text: string } | undefined => {
    const doc = openDocument(uri);
    const path = uriToPath(uri);
    const text = doc && textOf(doc);
    return path && text !== undefined ? { path, text } : undefined;
  };

  // ---- the chart model, kept in step with buffers and the disk -------------------------------------------------

  /** The top-level chart already loaded that contains `path` (captured before a change may unload it). */
  const loadedRootOf = (path: string): string | undefined => {
    let best: string | undefined;
    for (const m of ws.charts()) if (isInside(m.chart.root, path) && (!best || m.chart.root.length > best.length)) best = m.chart.root;
    return best;
  };

  const knowsFile = (m: ChartModel, path: string): boolean => !!m.template(path) || m.chart.crds.includes(path);

  /** A buffer was opened, edited or closed (the disk is back). Returns the root of the chart it belongs to. */
  const bufferChanged = (path: string, what: 'open' | 'change' | 'close'): string | undefined => {
    const m = ws.modelFor(path);
    if (!m) return undefined;
    // A buffer of a file the chart does not list yet (an unsaved new file, or its create event is still on its
    // way) adds a template; closing a buffer that exists nowhere on disk takes it away again.
    const structural =
      (what === 'open' && /\/(templates|crds)\//.test(path) && !knowsFile(m, path)) ||
      (what === 'close' && knowsFile(m, path) && !overlay.existsOnDisk(path));
    const after = structural ? ws.structureChanged(path) : ws.fileChanged(path);
    return (after ?? m).chart.root;
  };

  // ---- diagnostics ----------------------------------------------------------------------------------------------

  const settingsOf = (m: ChartModel | undefined): ServerSettings => settings!.current(m?.chart.root);

  const diagnosticsOf = (path: string): Diagnostic[] | undefined => {
    const m = ws.modelFor(path);
    if (!m) return undefined;
    const s = settingsOf(m);
    if (!s.diagnostics.enable) return [];
    const started = performance.now();
    const hookModel = ws.hookModel(m, s.helmVersion);
    const found = diagnoseFile(m, path, hookModel, { helmVersion: s.helmVersion, severity: s.diagnostics.severity, showAllTies: s.ties.showAll });
    // Argo CD's surprises: with the argocd target, or as hints under helm (helmHooks.argocd.hints).
    found.push(...argocdDiagnostics(m, path, hookModel, { target: s.target, hints: s.argocd.hints, helmVersion: s.helmVersion, severity: s.diagnostics.severity }));
    // The chart's latest built-in render: diagnostics of the rendered documents and a render failure, never twice.
    if (builtinFor(m)) found.push(...snapshots.diagnostics(m, path, found, s.diagnostics.severity));
    connection.tracer.log(`diagnostics of ${path}: ${found.length} in ${(performance.now() - started).toFixed(1)} ms`);
    return found.map((d) => toDiagnostic(d, diagnosticDocs));
  };

  const publishNow = (uri: string): void => {
    const doc = openDocument(uri);
    const path = uriToPath(uri);
    if (!doc || !path) return;
    const diagnostics = diagnosticsOf(path);
    if (!diagnostics && !published.has(uri)) return; // not in a chart, and never was
    if (diagnostics?.length) published.add(uri);
    else published.delete(uri);
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: diagnostics ?? [] });
    const change = changeArrived.get(uri);
    if (change?.version === doc.version) {
      changeArrived.delete(uri);
      connection.tracer.log(`diagnostics of version ${doc.version} of ${uri} sent ${(performance.now() - change.at).toFixed(2)} ms after its change`);
    }
  };

  /** Publishes once the chart's settings are in, so a Helm 3 user never sees Helm 4 diagnostics flash by. */
  const publish = (uri: string): void => {
    const path = uriToPath(uri);
    const root = path ? ws.modelFor(path)?.chart.root : undefined;
    void settings!.settled(root).then(() => runSafeVoid(log, () => publishNow(uri), `diagnostics of ${uri}`));
  };

  const clearDiagnostics = (uri: string): void => {
    published.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  };

  const publishAll = (): void => {
    for (const doc of documents.all()) publish(doc.uri);
  };

  /** Every file of the workspace's charts, opened or not (helmHooks.diagnostics.scope = chart). */
  const chartWide = new ChartDiagnostics(
    {
      ws,
      isOpen: (uri) => !!openDocument(uri),
      diagnose: (path) => diagnosticsOf(path),
      settled: (root) => settings!.settled(root),
      publish: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
      createProgress: () => connection.window.createWorkDoneProgress(),
      warn: (m) => connection.console.warn(m),
      trace: (m) => connection.tracer.log(m),
    },
    options.chartDiagnostics,
  );

  /** After the quiet time: the other open files of the chart, and the client's views of it. */
  const scheduleChartRefresh = (root: string, except?: string): void => {
    if (shuttingDown) return;
    const pending = refreshTimers.get(root);
    if (pending) clearTimeout(pending);
    refreshTimers.set(
      root,
      setTimeout(() => {
        refreshTimers.delete(root);
        runSafeVoid(
          log,
          () => {
            for (const doc of documents.all()) {
              const path = uriToPath(doc.uri);
              if (path && isInside(root, path) && doc.uri !== except) publish(doc.uri);
            }
            chartWide.chartChanged(root);
            const params: ChartChangedParams = { chartRoot: root };
            void connection.sendNotification(chartChangedNotification, params);
          },
          `refresh of chart ${root}`,
        );
      }, CHART_REFRESH_DELAY_MS),
    );
  };

  // ---- documents ----------------------------------------------------------------------------------------------

  /** When each document's last edit reached its handler: traced with its diagnostics, as the server's own time. */
  const changeArrived = new Map<string, { version: number; at: number }>();

  documents.onDidChangeContent((e) => {
    const at = performance.now();
    runSafeVoid(
      log,
      () => {
        const uri = e.document.uri;
        changeArrived.set(uri, { version: e.document.version, at });
        const path = uriToPath(uri);
        if (!path) return;
        // TextDocuments reports an opened document as its first content change.
        const opened = !overlay.isOpen(path);
        if (opened) overlay.open(path, { getText: () => openDocument(uri)?.getText() ?? '' });
        const root = bufferChanged(path, opened ? 'open' : 'change');
        publish(uri);
        if (root) scheduleChartRefresh(root, uri);
        // The built-in render follows the buffer (a file opened as it is on disk changes nothing), once the chart's
        // settings say it is the source.
        const contentChanged = !opened || e.document.getText() !== nodeFileSystem.readText(path);
        void settings!.settled(root).then((s) =>
          runSafeVoid(log, () => s.source === 'builtin' && snapshots.touched(path, root, s.helmVersion, contentChanged), `built-in render after ${uri}`),
        );
      },
      `content of ${e.document.uri}`,
    );
  });

  documents.onDidClose((e) => {
    runSafeVoid(
      log,
      () => {
        const uri = e.document.uri;
        changeArrived.delete(uri);
        const path = uriToPath(uri);
        if (!path) {
          clearDiagnostics(uri);
          return;
        }
        overlay.close(path);
        // The file reads from disk again, which may differ from the unsaved buffer.
        const root = bufferChanged(path, 'close');
        // A chart already rendered renders again: the file reads from disk now.
        snapshots.touched(path, root, settingsOf(root ? ws.modelFor(root) : undefined).helmVersion, true, false);
        // With chart-wide diagnostics the file keeps its problems, now those of the disk.
        if (chartWide.fileClosed(uri, path)) published.delete(uri);
        else clearDiagnostics(uri);
        if (root) scheduleChartRefresh(root);
      },
      `didClose ${e.document.uri}`,
    );
  });

  connection.onDidChangeWatchedFiles((params) => {
    runSafeVoid(
      log,
      () => {
        const roots = new Set<string>();
        for (const change of params.changes) {
          const path = uriToPath(change.uri);
          if (!path) continue;
          const before = loadedRootOf(path);
          let after: ChartModel | undefined;
          if (change.type === FileChangeType.Changed) {
            if (overlay.isOpen(path)) continue; // the buffer wins; the editor tells us about it
            after = ws.fileChanged(path);
          } else {
            after = ws.structureChanged(path);
          }
          if (before) roots.add(before);
          if (after) roots.add(after.chart.root);
          snapshots.diskChanged(path, change.type !== FileChangeType.Changed, after?.chart.root ?? before);
          if (before && !after && before !== path && !ws.modelFor(before)) snapshots.forget(before);
          // A new Chart.yaml makes its folder a chart: open files there now have one.
          if (!before && !after && /\/Chart\.yaml$/.test(path)) roots.add(path.slice(0, -'/Chart.yaml'.length));
        }
        for (const root of roots) scheduleChartRefresh(root);
      },
      'didChangeWatchedFiles',
    );
  });

  // ---- settings -------------------------------------------------------------------------------------------------

  connection.onDidChangeConfiguration((params) => {
    runSafeVoid(
      log,
      () => {
        const store = settings!;
        store.reset((params.settings as { helmHooks?: unknown } | null | undefined)?.helmHooks);
        void store.settled().then((s) => {
          connection.console.log(`Helm Hooks settings: Helm ${s.helmVersion}, diagnostics ${s.diagnostics.enable ? 'on' : 'off'}`);
          publishAll();
          chartWide.rescan();
          // helmHooks.inlayHints.renderedValues may have changed
          if (inlayHintRefresh) void connection.sendRequest('workspace/inlayHint/refresh').catch(() => undefined);
          // The Helm version changes the order the client shows.
          for (const m of ws.charts()) {
            void store.settled(m.chart.root).then((chartSettings) => {
              if (chartSettings.source === 'builtin') snapshots.settingsChanged(m.chart.root, chartSettings.helmVersion);
              const changed: ChartChangedParams = { chartRoot: m.chart.root };
              void connection.sendNotification(chartChangedNotification, changed);
            });
          }
        });
      },
      'didChangeConfiguration',
    );
  });

  // ---- lifecycle ------------------------------------------------------------------------------------------------

  /** The workspace folders that are charts themselves: the chart the user works on, rendered before a file opens. */
  const chartFolders = (): string[] => {
    const out: string[] = [];
    for (const folder of workspaceFolders) {
      const root = uriToPath(folder);
      if (root && ws.modelFor(root)?.chart.root === root) out.push(root);
    }
    return out;
  };

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    watchDynamically = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    labelDetailsSupport = !!caps.textDocument?.completion?.completionItem?.labelDetailsSupport;
    configurationDynamically = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    workspaceFoldersSupported = !!caps.workspace?.workspaceFolders;
    codeLensRefresh = !!caps.workspace?.codeLens?.refreshSupport;
    inlayHintRefresh = !!caps.workspace?.inlayHint?.refreshSupport;
    workspaceFolders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const pull = caps.workspace?.configuration
      ? (scopeUri: string | undefined) => connection.workspace.getConfiguration({ scopeUri, section: 'helmHooks' }) as Promise<unknown>
      : undefined;
    settings = new SettingsStore(settingsFromInitializationOptions(params.initializationOptions), pull, pathToUri, connection.console);
    rendered.setTrusted(readWorkspaceTrust(params.initializationOptions));
    diagnosticDocs = readDiagnosticDocs(params.initializationOptions);
    // The built-in render's worker loads the renderer while the client finishes its start (the default source), and a
    // workspace folder that is a chart itself starts rendering with the settings known so far (the configuration the
    // client gives after `initialized` renders it again only when its Helm version differs).
    if (settings.current().source === 'builtin') {
      // The worker first: it loads while this thread reads the workspace's charts.
      snapshots.prestart();
      snapshots.prestart(chartFolders().map((root) => ({ root, version: settings!.current(root).helmVersion })));
    }
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS, resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'helm-hooks-language-server' },
    };
  });

  connection.onInitialized(() => {
    // Documents opened from now on publish once these settings are in.
    settings!.reset();
    chartWide.setFolders(workspaceFolders);
    // The built-in render's worker starts now and warms up while nothing is open yet; a workspace folder that is a
    // chart itself renders at once (the extension starts with a workspace that has a Chart.yaml).
    void settings!.settled().then((first) =>
      runSafeVoid(
        log,
        () => {
          if (first.source === 'builtin') snapshots.prestart();
          for (const root of chartFolders()) {
            void settings!.settled(root).then((s) =>
              runSafeVoid(log, () => s.source === 'builtin' && snapshots.prestart([{ root, version: s.helmVersion }]), `built-in render of ${root}`),
            );
          }
        },
        'built-in render start',
      ),
    );
    if (workspaceFoldersSupported) {
      connection.workspace.onDidChangeWorkspaceFolders((e) =>
        runSafeVoid(
          log,
          () => {
            const removed = new Set(e.removed.map((f) => f.uri));
            workspaceFolders = [...workspaceFolders.filter((u) => !removed.has(u)), ...e.added.map((f) => f.uri)];
            chartWide.setFolders(workspaceFolders);
          },
          'didChangeWorkspaceFolders',
        ),
      );
    }
    if (configurationDynamically) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: 'helmHooks' }).catch((err: unknown) => {
        connection.console.error(formatError('Could not register for configuration changes', err));
      });
    }
    if (watchDynamically) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_FILE_GLOBS.map((globPattern) => ({ globPattern })) })
        .catch((err: unknown) => connection.console.error(formatError('Could not register file watchers', err)));
    }
  });

  connection.onShutdown(() => {
    shuttingDown = true;
    snapshots.dispose();
    chartWide.stop();
    for (const t of refreshTimers.values()) clearTimeout(t);
    refreshTimers.clear();
  });

  // ---- features -------------------------------------------------------------------------------------------------

  /** The Helm version for a file: its chart's setting. */
  const helmVersionAt = (path: string): HelmVersion => settingsOf(ws.modelFor(path)).helmVersion;

  connection.onCompletion((params, token) =>
    runSafe<CompletionList | null, null>(
      log,
      () => {
        const file = openFileText(params.textDocument.uri);
        if (!file) return null;
        const { path, text } = file;
        const items = completeAt(ws, path, text, params.position, { helmVersion: helmVersionAt(path) });
        return { isIncomplete: false, items: items.map((i) => toCompletionItem(i, labelDetailsSupport)) };
      },
      null,
      `completion in ${params.textDocument.uri}`,
      token,
    ),
  );

  connection.onHover((params, token) =>
    runSafe<Hover | null, null>(
      log,
      () => {
        const file = openFileText(params.textDocument.uri);
        if (!file) return null;
        const { path, text } = file;
        const m = ws.modelFor(path);
        // The hook facts of the chart's latest built-in render, as the panel and CodeLens show them.
        const view = m && builtinFor(m) ? snapshots.view(m, path) : undefined;
        const hookHover = hoverAt(ws, path, text, params.position, { helmVersion: helmVersionAt(path), rendered: view });
        // What the template action under the cursor printed in the chart's latest built-in render.
        const printed = m && builtinFor(m) ? renderedHoverOf(m, path, text, params.position) : undefined;
        const hover = hookHover && printed ? { markdown: `${hookHover.markdown}\n\n---\n\n${printed.markdown}`, range: hookHover.range } : (hookHover ?? printed);
        const s = settingsOf(m);
        // With the Argo CD target (or its hints), the hover adds what Argo CD does with this hook.
        const argo = s.target === 'argocd' || s.argocd.hints ? argocdHoverAt(ws, path, text, params.position, { helmVersion: s.helmVersion }) : undefined;
        if (hover && argo) return toHover({ markdown: `${hover.markdown}\n\n---\n\n${argo.markdown}`, range: hover.range });
        return hover ? toHover(hover) : argo ? toHover(argo) : null;
      },
      null,
      `hover in ${params.textDocument.uri}`,
      token,
    ),
  );

  /** Hover of a template action from the latest built-in render (features/actionHover.ts). */
  const renderedHoverOf = (m: ChartModel, path: string, text: string, position: Position) => {
    const peek = snapshots.service.peek(m.chart.root);
    const found = renderedActionHover(peek?.snapshot.actions?.[path], text, position);
    if (found && peek?.stale) found.markdown += '\n\n*From the render before the latest edits.*';
    return found;
  };

  connection.languages.inlayHint.on((params, token) =>
    runSafe<InlayHint[] | null, null>(
      log,
      () => {
        const file = openFileText(params.textDocument.uri);
        const m = file ? ws.modelFor(file.path) : undefined;
        if (!file || !m || !builtinFor(m) || !settingsOf(m).inlayHints.renderedValues) return null;
        const actions = snapshots.service.peek(m.chart.root)?.snapshot.actions?.[file.path];
        return renderedInlayHints(actions, file.text, params.range).map((h) => ({ position: h.position, label: h.label, tooltip: h.tooltip }));
      },
      null,
      `inlay hints in ${params.textDocument.uri}`,
      token,
    ),
  );

  connection.onCodeAction((params, token) =>
    runSafe<CodeAction[] | null, null>(
      log,
      () => {
        if (!openDocument(params.textDocument.uri)) return null;
        const only = params.context.only;
        if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k + '.'))) return [];
        return toQuickFixes(params.textDocument.uri, params.context.diagnostics);
      },
      null,
      `code actions in ${params.textDocument.uri}`,
      token,
    ),
  );

  connection.onCodeLens((params, token) =>
    runSafe<CodeLens[] | null, null>(
      log,
      () => {
        const uri = params.textDocument.uri;
        const doc = openDocument(uri);
        const path = uriToPath(uri);
        if (!doc || !path) return null;
        const text = textOf(doc);
        const m = ws.modelFor(path);
        const s = settingsOf(m);
        if (!s.codeLens.enable || text === undefined) return [];
        // Built-in source: the rendered names and places of the chart's latest render; until it exists (or when the
        // chart does not render) the static reading answers, and says so.
        const builtin = m && builtinFor(m);
        const view = builtin ? snapshots.view(m, path) : undefined;
        const lenses = codeLensesFor(ws, path, text, { helmVersion: s.helmVersion, rendered: view });
        if (builtin && !view) for (const lens of lenses) lens.title += ' · static';
        if (s.target === 'argocd') lenses.unshift(...argocdCodeLenses(ws, path, text, { helmVersion: s.helmVersion }));
        return lenses.map((lens) => ({
          range: lens.range,
          command: { title: lens.title, command: showOrderCommand, arguments: [uri, lens.range.start.line] },
        }));
      },
      null,
      `code lenses of ${params.textDocument.uri}`,
      token,
    ),
  );

  /** The chart of a file or folder URI; the uri may come from anywhere, so anything odd means "no chart". */
  const chartOf = (uri: unknown): ChartModel | undefined => {
    if (typeof uri !== 'string') return undefined;
    const path = uriToPath(uri);
    return path ? ws.modelFor(path) : undefined;
  };

  /** The chart's settings, once the client answered: the order is shown for the chart's own Helm version. */
  const settledSettingsOf = (m: ChartModel): Promise<ServerSettings> => settings!.settled(m.chart.root);

  connection.onRequest(orderRequest, (params: OrderParams, token) =>
    runSafeAsync<OrderResponse, null>(
      log,
      async () => {
        const m = chartOf(params.uri);
        if (!m) return null;
        const s = await settledSettingsOf(m);
        const version = parseHelmVersion(params.helmVersion) ?? s.helmVersion;
        if (token.isCancellationRequested) return null;
        // The built-in render's order by default (helmHooks.source), the static reading when asked for.
        const mode = params.mode === 'static' || params.mode === 'builtin' ? params.mode : s.source;
        const waitMs = typeof params.waitMs === 'number' && Number.isFinite(params.waitMs) ? Math.min(60_000, Math.max(0, params.waitMs)) : DEFAULT_ORDER_WAIT_MS;
        const order = mode === 'builtin' && snapshots.available ? await snapshots.order(m, version, waitMs) : ws.order(m, version);
        if (token.isCancellationRequested) return null;
        // Every tie by name only when asked for (helmHooks.ties.showAll); by default the ones that matter.
        return s.ties.showAll ? withAllTies(order) : order;
      },
      null,
      `${orderRequest} ${String(params?.uri)}`,
      token,
    ),
  );

  connection.onRequest(argocdOrderRequest, (params: OrderParams, token) =>
    runSafeAsync<ArgocdOrderResponse, null>(
      log,
      async () => {
        const m = chartOf(params.uri);
        if (!m) return null;
        const version = parseHelmVersion(params.helmVersion) ?? (await settledSettingsOf(m)).helmVersion;
        return token.isCancellationRequested ? null : argoOrderOf(ws, m, version);
      },
      null,
      `${argocdOrderRequest} ${String(params?.uri)}`,
      token,
    ),
  );

  connection.onRequest(chartSummaryRequest, (params: ChartSummaryParams, token) =>
    runSafeAsync<ChartSummaryResponse, null>(
      log,
      async () => {
        const m = chartOf(params.uri);
        if (!m) return null;
        const s = await settledSettingsOf(m);
        const version = s.helmVersion;
        const summary: ChartSummary = { chartName: m.chart.name, chartRoot: m.chart.root, hookCount: 0, mode: 'static' };
        // The same snapshot as the panel: the built-in render's hook count, or the static one until it exists.
        const builtin = builtinFor(m) ? snapshots.summary(m, version) : undefined;
        Object.assign(summary, builtin);
        summary.hookCount = builtin?.hookCount ?? ws.hookModel(m, version).hooks.length;
        return summary;
      },
      null,
      `${chartSummaryRequest} ${String(params?.uri)}`,
      token,
    ),
  );

  connection.onNotification(valueSetNotification, (params: ValueSetParams) =>
    runSafeVoid(
      log,
      () => {
        const root = typeof params?.chartRoot === 'string' ? params.chartRoot : undefined;
        const m = root === undefined ? undefined : root.startsWith('file:') ? chartOf(root) : ws.modelFor(root);
        if (!m) return;
        snapshots.setValueSet(m, params, settingsOf(m).helmVersion);
      },
      valueSetNotification,
    ),
  );

  connection.onNotification(workspaceTrustNotification, (params: WorkspaceTrustParams) =>
    runSafeVoid(log, () => rendered.setTrusted(params?.trusted === true), workspaceTrustNotification),
  );

  connection.onRequest(renderedOrderRequest, (params: RenderedOrderParams, token) =>
    runSafeAsync<RenderedOrderResponse, null>(
      log,
      async () => {
        const m = chartOf(params?.uri);
        if (!m) return null;
        // Helm reads the disk: a buffer that differs from its file is named in the render's notes.
        const unsaved = (file: string) => overlay.isOpen(file) && overlay.readText(file) !== nodeFileSystem.readText(file);
        const order = await rendered.order(m, params, token, unsaved);
        // Verify with helm: Helm's hooks against the built-in render of the same value set, when there is one.
        const verify = order && builtinFor(m) ? snapshots.verify(m, order, params) : undefined;
        if (order && verify) order.verify = verify;
        return order && (await settledSettingsOf(m)).ties.showAll ? withAllTies(order) : order;
      },
      null,
      `${renderedOrderRequest} ${String(params?.uri)}`,
      token,
    ),
  );

  documents.listen(connection);
  connection.listen();
}
