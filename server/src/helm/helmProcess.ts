/**
 * Runs the helm binary: no shell, arguments as an array, stdin closed, output capped, a time limit and an
 * AbortSignal that both kill the process (SIGTERM, then SIGKILL if it lingers). Never throws: every way of failing
 * is in the result.
 */
import { spawn } from 'child_process';

export interface HelmRunOptions {
  /** Kill helm when this signal aborts (a newer render of the same chart, a cancelled request). */
  signal?: AbortSignal;
  /** Kill helm after this many milliseconds. */
  timeoutMs: number;
  /** Stop reading and kill helm past this many bytes of stdout (a chart's JSON release is a few MB at most). */
  maxOutputBytes?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface HelmRunResult {
  /** Exit code, `null` when helm was killed or never started. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Killed at the time limit. */
  timedOut: boolean;
  /** Killed because the signal aborted. */
  aborted: boolean;
  /** Killed because stdout passed `maxOutputBytes`. */
  outputTooLarge: boolean;
  /** helm could not be started (not found, not executable): the system's message. */
  spawnError?: string;
  ms: number;
}

const DEFAULT_MAX_OUTPUT = 256 * 1024 * 1024;
/**
 * Helm traps SIGTERM to cancel its context, but rendering does not look at the context, so a render goes on.
 * A dry run changes nothing anywhere: after a short grace, SIGKILL.
 */
const KILL_GRACE_MS = 250;

export function runHelm(helm: string, args: readonly string[], opts: HelmRunOptions): Promise<HelmRunResult> {
  const started = performance.now();
  const result: HelmRunResult = { code: null, stdout: '', stderr: '', timedOut: false, aborted: false, outputTooLarge: false, ms: 0 };
  if (opts.signal?.aborted) {
    result.aborted = true;
    return Promise.resolve(result);
  }
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let settled = false;
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    const max = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;

    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(helm, [...args], {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: false,
        windowsHide: true,
      });
    } catch (e) {
      result.spawnError = e instanceof Error ? e.message : String(e);
      result.ms = performance.now() - started;
      resolve(result);
      return;
    }

    const kill = () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    const onAbort = () => {
      result.aborted = true;
      kill();
    };
    const timer = setTimeout(() => {
      result.timedOut = true;
      kill();
    }, Math.max(1, opts.timeoutMs));
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout!.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > max) {
        result.outputTooLarge = true;
        kill();
        return;
      }
      out.push(b);
    });
    child.stderr!.on('data', (b: Buffer) => {
      // stderr holds Helm's error and log lines: keep the first MB, that is plenty.
      if (errBytes < 1024 * 1024) err.push(b);
      errBytes += b.length;
    });
    const finish = (code: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      result.code = code;
      result.stdout = Buffer.concat(out).toString('utf8');
      result.stderr = Buffer.concat(err).toString('utf8');
      result.ms = performance.now() - started;
      resolve(result);
    };
    child.on('error', (e) => {
      result.spawnError = e.message;
      finish(null);
    });
    // 'close' waits for the output streams, so nothing written just before exit is lost.
    child.on('close', (code) => finish(code));
  });
}
