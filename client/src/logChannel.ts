/**
 * The "Helm Hooks" output channel, closed only when the extension is done with it. VS Code's channel throws
 * "Channel has been closed" when written after `dispose()`; a language client that is still stopping (a window
 * reload) logs its failed requests, and that throw surfaced inside a provider as "provider FAILED" in the extension
 * host's log. Writes after `close()` are dropped instead.
 */
import type * as vscode from 'vscode';

export interface LogChannel extends vscode.OutputChannel {
  /** Disposes the real channel; later writes are ignored. */
  close(): void;
}

export function createLogChannel(channel: vscode.OutputChannel): LogChannel {
  let open = true;
  const guard =
    <A extends unknown[]>(f: (...args: A) => void) =>
    (...args: A): void => {
      if (!open) return;
      try {
        f(...args);
      } catch {
        // The window is going away: losing a log line is fine, failing the caller is not.
      }
    };
  return {
    get name() {
      return channel.name;
    },
    append: guard((value: string) => channel.append(value)),
    appendLine: guard((value: string) => channel.appendLine(value)),
    replace: guard((value: string) => channel.replace(value)),
    clear: guard(() => channel.clear()),
    show: guard((columnOrPreserve?: vscode.ViewColumn | boolean, preserveFocus?: boolean) => {
      if (typeof columnOrPreserve === 'boolean' || columnOrPreserve === undefined) channel.show(columnOrPreserve);
      else channel.show(columnOrPreserve, preserveFocus);
    }),
    hide: guard(() => channel.hide()),
    // The language client disposes the channels it created itself only; ours is closed by `deactivate`.
    dispose: () => undefined,
    close() {
      if (!open) return;
      open = false;
      channel.dispose();
    },
  };
}
