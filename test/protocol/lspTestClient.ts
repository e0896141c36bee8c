/**
 * A real JSON-RPC client talking to the real server over a pair of in-memory streams, as in
 * vscode-languageserver-node's connection tests. Nothing waits on a clock: every wait is on a message, with a
 * timeout that fails the test instead of hanging it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import type {
  ClientCapabilities,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  RegistrationParams,
} from 'vscode-languageserver-protocol';
import { startServer, type ServerOptions } from '../../server/src/server';

export const WAIT_MS = 5000;

/** A promise that fails with `what` if it has not settled in `ms`. */
export function within<T>(p: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

interface Waiter<T> {
  accept(value: T): boolean;
}

/** Messages of one kind as they arrive, and promises for the next one that matches. */
class Inbox<T> {
  readonly received: T[] = [];
  private waiters: Array<Waiter<T>> = [];

  push(value: T): void {
    this.received.push(value);
    this.waiters = this.waiters.filter((w) => !w.accept(value));
  }

  /** The next message (arriving after this call) that satisfies `match`. */
  next(match: (value: T) => boolean, what: string): Promise<T> {
    return within(
      new Promise<T>((resolve) => {
        this.waiters.push({
          accept: (v) => {
            if (!match(v)) return false;
            resolve(v);
            return true;
          },
        });
      }),
      what,
    );
  }
}

export interface ClientOptions {
  /** The `helmHooks` section the client answers `workspace/configuration` with; omit to not offer configuration. */
  settings?: Record<string, unknown>;
  initializationOptions?: unknown;
  dynamicRegistration?: boolean;
  /** Workspace folders (URIs) sent at initialize, with support for folder changes. */
  workspaceFolders?: string[];
  /** Offer `window/workDoneProgress` (the client accepts progress tokens the server creates). */
  workDoneProgress?: boolean;
  server?: ServerOptions;
}

export class TestClient {
  readonly connection: MessageConnection;
  readonly diagnostics = new Inbox<PublishDiagnosticsParams>();
  readonly chartChanged = new Inbox<{ chartRoot: string; rendered?: boolean }>();
  readonly logs = new Inbox<{ type: number; message: string }>();
  readonly registrations: RegistrationParams[] = [];
  /** `$/progress` values as they arrive (begin, report, end). */
  readonly progress = new Inbox<{ token: string | number; value: { kind: string; title?: string; message?: string; percentage?: number } }>();
  /** What the client answers for `helmHooks`, and per folder (scope URI) where a folder overrides it. */
  settings: Record<string, unknown> | undefined;
  readonly folderSettings = new Map<string, Record<string, unknown>>();
  private readonly versions = new Map<string, number>();

  constructor(private readonly options: ClientOptions = {}) {
    const up = new PassThrough();
    const down = new PassThrough();
    // Readers and writers, not raw streams: the node connection would exit the process when a raw stream ends.
    const server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
    startServer(server, options.server);
    this.connection = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
    this.settings = options.settings;
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => this.diagnostics.push(p));
    this.connection.onNotification('helmHooks/chartChanged', (p: { chartRoot: string; rendered?: boolean }) => this.chartChanged.push(p));
    this.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => this.logs.push(p));
    this.connection.onRequest('workspace/configuration', (p: { items: Array<{ section?: string; scopeUri?: string }> }) =>
      p.items.map((i) => {
        if (i.section !== 'helmHooks') return null;
        return (i.scopeUri !== undefined && this.folderSettings.get(i.scopeUri)) || this.settings || null;
      }),
    );
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('$/progress', (p: { token: string | number; value: { kind: string } }) => this.progress.push(p));
    this.connection.onRequest('client/registerCapability', (p: RegistrationParams) => {
      this.registrations.push(p);
      return null;
    });
    this.connection.listen();
  }

  async initialize(): Promise<InitializeResult> {
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: this.options.settings !== undefined,
        didChangeWatchedFiles: { dynamicRegistration: !!this.options.dynamicRegistration },
        didChangeConfiguration: { dynamicRegistration: !!this.options.dynamicRegistration },
        workspaceFolders: this.options.workspaceFolders !== undefined,
      },
      window: { workDoneProgress: !!this.options.workDoneProgress },
      textDocument: {
        publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        completion: { completionItem: { snippetSupport: true } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
      },
    };
    const result = await within(
      this.connection.sendRequest<InitializeResult>('initialize', {
        // No process id: the server would start a timer watching this (test) process.
        processId: null,
        rootUri: null,
        workspaceFolders: this.options.workspaceFolders?.map((uri) => ({ uri, name: path.basename(uri) })) ?? null,
        capabilities,
        initializationOptions: this.options.initializationOptions,
      }),
      'initialize',
    );
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return within(this.connection.sendRequest<T>(method, params), method);
  }

  /** The next diagnostics published for `uri`, optionally the first that matches. */
  nextDiagnostics(uri: string, match: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    return this.diagnostics
      .next((p) => p.uri === uri && match(p.diagnostics), `diagnostics of ${path.basename(uri)}`)
      .then((p) => p.diagnostics);
  }

  /** The diagnostics last published for `uri` if they match, else the next published ones that do. */
  latestDiagnostics(uri: string, match: (d: Diagnostic[]) => boolean = () => true, what = `diagnostics of ${path.basename(uri)}`): Promise<Diagnostic[]> {
    const last = [...this.diagnostics.received].reverse().find((p) => p.uri === uri);
    if (last && match(last.diagnostics)) return Promise.resolve(last.diagnostics);
    return this.diagnostics.next((p) => p.uri === uri && match(p.diagnostics), what).then((p) => p.diagnostics);
  }

  async open(uri: string, text: string, languageId = 'helm'): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Opens a document and resolves with its first diagnostics. */
  async openAndDiagnose(uri: string, text: string): Promise<Diagnostic[]> {
    const published = this.nextDiagnostics(uri);
    await this.open(uri, text);
    return published;
  }

  /** Replaces the whole text with an incremental change (range over the old text). */
  async change(uri: string, oldText: string, newText: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const lines = oldText.split(/\r\n|\r|\n/);
    const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end }, text: newText }],
    });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async shutdown(): Promise<void> {
    await this.request('shutdown', null);
  }

  dispose(): void {
    this.connection.dispose();
  }
}

/** A chart written to a fresh temporary folder; `uri(rel)` and `file(rel)` address its files. */
export class TmpChart {
  readonly root: string;

  constructor(files: Record<string, string>) {
    // realpath: on macOS the tmp folder is a symlink, and the server reports real paths.
    this.root = path.join(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-lsp-'))), 'mychart');
    for (const [rel, text] of Object.entries(files)) this.write(rel, text);
  }

  file(rel: string): string {
    return path.join(this.root, rel);
  }

  uri(rel = ''): string {
    return pathToFileURL(rel ? this.file(rel) : this.root).href;
  }

  write(rel: string, text: string): void {
    fs.mkdirSync(path.dirname(this.file(rel)), { recursive: true });
    fs.writeFileSync(this.file(rel), text);
  }

  remove(): void {
    fs.rmSync(path.dirname(this.root), { recursive: true, force: true });
  }
}
