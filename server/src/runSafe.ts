/**
 * Every request handler runs through here (as in vscode's json-language-features server): a handler that throws
 * is logged and answered with its neutral value, and a cancelled request is not computed at all.
 */
import type { CancellationToken } from 'vscode-languageserver';

export interface ServerLog {
  error(message: string): void;
}

export function formatError(message: string, err: unknown): string {
  if (err instanceof Error) return `${message}: ${err.message}\n${err.stack ?? ''}`;
  return `${message}: ${String(err)}`;
}

/**
 * Runs `compute` unless the request is already cancelled. On an exception the error is logged and `errorValue`
 * returned, so one bad document never takes the server down or leaves the client waiting.
 */
export function runSafe<T, E>(log: ServerLog, compute: () => T, errorValue: E, what: string, token?: CancellationToken): T | E {
  if (token?.isCancellationRequested) return errorValue;
  try {
    const result = compute();
    return token?.isCancellationRequested ? errorValue : result;
  } catch (err) {
    log.error(formatError(what, err));
    return errorValue;
  }
}

/** `runSafe` for notifications and timers: nothing to answer, only to log. */
export function runSafeVoid(log: ServerLog, run: () => void, what: string): void {
  runSafe(log, run, undefined, what);
}

/** `runSafe` for handlers that first wait for something (the chart's settings). */
export async function runSafeAsync<T, E>(
  log: ServerLog,
  compute: () => Promise<T>,
  errorValue: E,
  what: string,
  token?: CancellationToken,
): Promise<T | E> {
  if (token?.isCancellationRequested) return errorValue;
  try {
    const result = await compute();
    return token?.isCancellationRequested ? errorValue : result;
  } catch (err) {
    log.error(formatError(what, err));
    return errorValue;
  }
}
