/**
 * Providers that stay quiet while the language client stops. At a window reload VS Code asks for code actions
 * (and CodeLens, hover…) while `deactivate` is stopping the client; vscode-languageclient then fails those requests
 * with a plain Error ("Starting server failed", "Client is not running"), which it logs and rethrows, and the
 * extension host logs "provider FAILED" for each. A provider asked for something after its server is gone has
 * nothing to say: it answers nothing, and a real failure while the client runs still surfaces.
 */
import type * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

/** `running()` is false from the moment the client starts stopping (and before it started). */
export function quietWhenStopped(running: () => boolean): Middleware {
  async function guard<T>(call: () => vscode.ProviderResult<T>): Promise<T | null | undefined> {
    if (!running()) return undefined;
    try {
      return await call();
    } catch (err) {
      // Cancellations are VS Code's business; a failure after the client stopped is nobody's.
      if (!running() && !isCancellation(err)) return undefined;
      throw err;
    }
  }
  return {
    provideCodeActions: (document, range, context, token, next) => guard(() => next(document, range, context, token)),
    provideCodeLenses: (document, token, next) => guard(() => next(document, token)),
    provideHover: (document, position, token, next) => guard(() => next(document, position, token)),
    provideCompletionItem: (document, position, context, token, next) => guard(() => next(document, position, context, token)),
    provideInlayHints: (document, range, token, next) => guard(() => next(document, range, token)),
  };
}

function isCancellation(err: unknown): boolean {
  return err instanceof Error && (err.name === 'Canceled' || err.name === 'CancellationError');
}
