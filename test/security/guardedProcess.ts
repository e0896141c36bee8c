/**
 * Child processes with the process guard preloaded: the CLI (`node --require processGuard.js bin/helm-hooks.js …`)
 * and the language server over real stdio (`bin/helm-hooks-language-server.js --stdio`), each writing its guard
 * records to a log in a temporary folder of its own.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { within } from '../protocol/lspTestClient';
import { GUARD_LOG_ENV, GUARD_PRELOAD, readGuardLog, type GuardRecord } from './guardLog';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI_BIN = path.join(ROOT, 'bin', 'helm-hooks.js');
export const SERVER_BIN = path.join(ROOT, 'bin', 'helm-hooks-language-server.js');
/** The module VS Code's language client forks (client/src/extension.ts: TransportKind.ipc). */
export const SERVER_MODULE = path.join(ROOT, 'out', 'server', 'src', 'node', 'main.js');

/**
 * How the server is started: `stdio` as other editors do (`helm-hooks-language-server --stdio`), `node-ipc` as
 * VS Code's language client does (the server module forked with an IPC channel, `--node-ipc --clientProcessId=N`).
 */
export type ServerTransport = 'stdio' | 'node-ipc';

/** A fresh temporary folder (real path: the server and the CLI report real paths) and a guard log inside it. */
export class Sandbox {
  readonly dir: string;
  readonly log: string;

  constructor(prefix = 'helm-hooks-security-') {
    this.dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
    this.log = path.join(this.dir, 'guard.jsonl');
  }

  path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  records(): GuardRecord[] {
    return readGuardLog(this.log);
  }

  /** What the guard saw, without its own `loaded` records. */
  findings(kind?: 'network' | 'spawn'): GuardRecord[] {
    return this.records().filter((r) => r.kind !== 'loaded' && (kind === undefined || r.kind === kind));
  }

  /** How many processes had the guard in place (one `loaded` record each). */
  guardedProcesses(): number {
    // A worker thread (the language server's render worker) loads the guard too, in the same process.
    return new Set(this.records().filter((r) => r.kind === 'loaded').map((r) => r.pid)).size;
  }

  /** A shell script that appends its arguments to `marker` each time it runs, then fails as no helm would. */
  markerScript(rel: string, marker: string): string {
    const file = this.path(rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${marker}'\nexit 3\n`, { mode: 0o755 });
    return file;
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The environment a guarded child runs with: ours, no colours or debug, the log, and `extra` on top. */
function guardedEnv(sandbox: Sandbox, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '', FORCE_COLOR: '', HELM_HOOKS_DEBUG: '', [GUARD_LOG_ENV]: sandbox.log, ...extra };
}

export interface GuardedRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node --require processGuard.js SCRIPT ARGS…` to its end. */
export function runGuardedNode(sandbox: Sandbox, script: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): GuardedRun {
  const r = spawnSync(process.execPath, ['--require', GUARD_PRELOAD, script, ...args], {
    cwd: opts.cwd ?? sandbox.dir,
    encoding: 'utf8',
    env: guardedEnv(sandbox, opts.env ?? {}),
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI as a user runs it, with the guard preloaded. */
export function runGuardedCli(sandbox: Sandbox, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): GuardedRun {
  return runGuardedNode(sandbox, CLI_BIN, args, opts);
}

/** Diagnostics and notifications as they arrive, and promises for the next one that matches. */
class Arrivals<T> {
  private waiters: Array<(v: T) => boolean> = [];

  push(value: T): void {
    this.waiters = this.waiters.filter((accept) => !accept(value));
  }

  next(match: (v: T) => boolean, what: string): Promise<T> {
    return within(
      new Promise<T>((resolve) =>
        this.waiters.push((v) => {
          if (!match(v)) return false;
          resolve(v);
          return true;
        }),
      ),
      what,
    );
  }
}

/**
 * The language server as an editor starts it, guard preloaded, with a JSON-RPC client over its stdin/stdout (or
 * its IPC channel) that answers `workspace/configuration` with `settings`.
 */
export class GuardedServer {
  readonly connection: MessageConnection;
  readonly diagnostics = new Arrivals<PublishDiagnosticsParams>();
  readonly chartChanged = new Arrivals<{ chartRoot: string }>();
  /** Every `workspace/configuration` item the server asked for. */
  readonly configurationAsked: Array<{ section?: string; scopeUri?: string }> = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;
  private stderrText = '';
  private versions = new Map<string, number>();

  constructor(
    sandbox: Sandbox,
    public settings: Record<string, unknown>,
    env: NodeJS.ProcessEnv = {},
    transport: ServerTransport = 'stdio',
  ) {
    const args = transport === 'stdio' ? [SERVER_BIN, '--stdio'] : [SERVER_MODULE, '--node-ipc', `--clientProcessId=${process.pid}`];
    this.child = spawn(process.execPath, ['--require', GUARD_PRELOAD, ...args], {
      cwd: sandbox.dir,
      env: guardedEnv(sandbox, env),
      stdio: transport === 'stdio' ? ['pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child.stderr!.on('data', (b: Buffer) => (this.stderrText += b.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.connection =
      transport === 'stdio'
        ? createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!))
        : createMessageConnection(new IPCMessageReader(this.child), new IPCMessageWriter(this.child));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => this.diagnostics.push(p));
    this.connection.onNotification('helmHooks/chartChanged', (p: { chartRoot: string }) => this.chartChanged.push(p));
    this.connection.onRequest('workspace/configuration', (p: { items: Array<{ section?: string; scopeUri?: string }> }) => {
      this.configurationAsked.push(...p.items);
      return p.items.map((i) => (i.section === 'helmHooks' ? this.settings : null));
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  get stderr(): string {
    return this.stderrText;
  }

  request<T>(method: string, params: unknown, ms?: number): Promise<T> {
    return within(this.connection.sendRequest<T>(method, params), `${method} (server stderr: ${this.stderrText})`, ms);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** `initialize` with what an editor can do (configuration pulled, watchers and configuration registered), then `initialized`. */
  async initialize(initializationOptions?: unknown): Promise<void> {
    await this.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true }, completion: { completionItem: { snippetSupport: true } }, hover: { contentFormat: ['markdown'] } },
      },
      initializationOptions,
    });
    await this.notify('initialized', {});
  }

  /** Opens a file as the editor would (its text from disk) and resolves with its first diagnostics. */
  async open(file: string): Promise<PublishDiagnosticsParams> {
    const uri = fileUri(file);
    const published = this.diagnostics.next((p) => p.uri === uri, `diagnostics of ${path.basename(file)}`);
    this.versions.set(uri, 1);
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text: fs.readFileSync(file, 'utf8') } });
    return published;
  }

  /** Replaces the buffer's text and resolves with the diagnostics of the new version. */
  async change(file: string, text: string): Promise<PublishDiagnosticsParams> {
    const uri = fileUri(file);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const published = this.diagnostics.next((p) => p.uri === uri && p.version === version, `diagnostics of ${path.basename(file)} v${version}`);
    await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return published;
  }

  /** `shutdown` then `exit`; resolves with the exit code. */
  async stop(): Promise<number | null> {
    await this.request('shutdown', null);
    await this.notify('exit', null);
    return within(this.exited, `the server to exit (stderr: ${this.stderrText})`);
  }

  /** For `after` hooks: ends the process if a failed test left it running. */
  dispose(): void {
    this.connection.dispose();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

/** Line and character of the first `needle` in `text`, `shift` characters in. */
export function positionOf(text: string, needle: string, shift = 0): { line: number; character: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`fixture lacks ${JSON.stringify(needle)}`);
  const before = text.slice(0, i + shift);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}
