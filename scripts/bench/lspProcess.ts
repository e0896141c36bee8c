/**
 * A language server in its own process, driven over stdio as an editor drives it, for the benchmark: the same
 * client for our server and for yaml-language-server, so both rows are measured the same way. The server runs in
 * a process group of its own, which `stop()` kills whatever state the server is in.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import { PassThrough } from 'stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

/** Peak resident set of a live process (`VmHWM`), in MB; undefined once it has exited or off Linux. */
export function peakRssOfPid(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** A promise that rejects with `what` when it has not settled in `ms`. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

interface Waiter {
  match: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface LanguageServerOptions {
  /** `[program, ...args]`; `node` means this Node.js (process.execPath). */
  command: string[];
  cwd?: string;
  /**
   * Settings by section (`{ yaml: {...}, helmHooks: {...} }`): what `workspace/configuration` answers. Sections
   * not in it answer null (the server's defaults).
   */
  settings?: unknown;
}

export class LanguageServerProcess {
  readonly child: ChildProcess;
  readonly connection: MessageConnection;
  /** Every `publishDiagnostics` with the time it arrived (performance.now()). */
  readonly published: Array<{ at: number; params: PublishDiagnosticsParams }> = [];
  /** Times a `workspace/configuration` request was answered. */
  configurationAnswers = 0;
  private waiters: Waiter[] = [];
  private listeners = new Set<(p: PublishDiagnosticsParams, at: number) => void>();
  private configurationWaiters: Array<() => void> = [];
  private stderrTail = '';
  private exited = false;
  private readonly exitPromise: Promise<void>;

  constructor(private readonly options: LanguageServerOptions) {
    const [program, ...args] = options.command;
    // detached: the server leads a process group of its own, so stop() can end it and anything it started.
    this.child = spawn(program === 'node' ? process.execPath : program, args, {
      cwd: options.cwd,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.exitPromise = new Promise((resolve) => {
      this.child.once('exit', () => {
        this.exited = true;
        resolve();
      });
      this.child.once('error', (err) => {
        this.stderrTail += `\nspawn failed: ${err.message}`;
        this.exited = true;
        resolve();
      });
    });
    // A server that died (or never started) breaks the pipes: the waits below report it, not an uncaught error.
    this.child.stdin!.on('error', () => undefined);
    this.child.stdout!.on('error', () => undefined);
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-4000);
    });
    // Messages go through a PassThrough piped into the server's stdin: writing to it never fails, so a server that
    // died does not turn each later send into an unhandled rejection inside vscode-jsonrpc (its sendRequest rethrows
    // write errors from an async executor); the waits notice the exit instead.
    const toServer = new PassThrough();
    toServer.pipe(this.child.stdin!);
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(toServer));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const at = performance.now();
      this.published.push({ at, params });
      for (const l of this.listeners) l(params, at);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(params)) return true;
        w.resolve(params);
        return false;
      });
    });
    // Logs, progress, our server's chart notifications: not measured.
    this.connection.onUnhandledNotification(() => undefined);
    this.connection.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) => {
      const settings = this.options.settings;
      const answer = p.items.map((i) => (isRecord(settings) && i.section !== undefined && i.section in settings ? settings[i.section] : null));
      this.configurationAnswers++;
      const waiting = this.configurationWaiters;
      this.configurationWaiters = [];
      // After this answer is written: the server handles it before any message sent later.
      setImmediate(() => waiting.forEach((w) => w()));
      return answer;
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last lines the server wrote to stderr (for notes when something failed). */
  get stderr(): string {
    return this.stderrTail.trim();
  }

  get hasExited(): boolean {
    return this.exited;
  }

  /** `VmHWM` of the server process now (read it before the server exits). */
  peakRssMB(): number | undefined {
    return this.child.pid === undefined ? undefined : peakRssOfPid(this.child.pid);
  }

  /** `p`, or a rejection when it has not settled in `ms` or the server exits first. */
  guard<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
    const died = this.exitPromise.then((): never => {
      throw new Error(`the server exited while waiting for ${what}${this.stderr ? `: ${this.stderr.slice(-600)}` : ''}`);
    });
    died.catch(() => undefined);
    return within(Promise.race([p, died]), ms, what);
  }

  /** initialize + initialized, as a client with configuration and versioned diagnostics. */
  async initialize(rootDir: string, rootUri: string, timeoutMs: number): Promise<InitializeResult> {
    const result = await this.guard(
      this.connection.sendRequest<InitializeResult>('initialize', {
        // Our pid: a server that watches its client exits if the benchmark dies.
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: rootDir.split('/').pop() ?? 'chart' }],
        capabilities: {
          workspace: {
            configuration: true,
            workspaceFolders: true,
            didChangeConfiguration: { dynamicRegistration: false },
            didChangeWatchedFiles: { dynamicRegistration: false },
          },
          textDocument: {
            synchronization: { dynamicRegistration: false, didSave: false, willSave: false },
            publishDiagnostics: { versionSupport: true, relatedInformation: false },
          },
        },
      }),
      timeoutMs,
      'initialize',
    );
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /**
   * Sends `workspace/didChangeConfiguration` with the settings and waits until the server has pulled them with
   * `workspace/configuration`, and then until no further pull came for `quietMs` (yaml-language-server pulls once on
   * `initialized` and again on the notification: documents opened between the two would be validated twice).
   * False when no pull came in `ms` (a server that reads the notification's own settings never asks).
   */
  async configure(ms: number, quietMs = 300): Promise<boolean> {
    const nextAnswer = () => new Promise<void>((resolve) => this.configurationWaiters.push(resolve));
    const first = nextAnswer();
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: this.options.settings ?? {} });
    try {
      await within(first, ms, 'workspace/configuration');
    } catch {
      return false;
    }
    for (;;) {
      try {
        await within(nextAnswer(), quietMs, 'another workspace/configuration');
      } catch {
        return true;
      }
    }
  }

  /** Calls `listener` with every `publishDiagnostics` from now on; returns the unsubscribe. */
  onPublish(listener: (p: PublishDiagnosticsParams, at: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The next `publishDiagnostics` (arriving after this call) that matches. */
  nextPublish(match: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /**
   * shutdown + exit when the server still answers, then the whole process group is killed regardless. Never
   * throws; waits at most `graceMs` for the polite way.
   */
  async stop(graceMs = 2000): Promise<void> {
    if (!this.exited) {
      try {
        await within(this.connection.sendRequest('shutdown', null), graceMs, 'shutdown');
        await this.connection.sendNotification('exit');
        await within(this.exitPromise, graceMs, 'exit');
      } catch {
        // killed below
      }
    }
    if (this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    }
    await within(this.exitPromise, graceMs, 'exit after SIGKILL').catch(() => undefined);
    this.connection.dispose();
    this.child.stdin?.destroy();
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }
}
