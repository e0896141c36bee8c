/**
 * Rendered mode on the extension side: the choices remembered per chart (mode, release, namespace, values files,
 * `--set`), the chart's `values*.yaml` files, Workspace Trust, and the `helmHooks/renderedOrder` request with the
 * machine-scoped `helmHooks.helm.path` and `helmHooks.render.timeout`.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { OrderResult } from '../../server/src/engine/types';
import type { OrderMode } from '../../webview/src/messages';

export interface RenderPreferences {
  mode: OrderMode;
  release: string;
  namespace: string;
  /** Relative to the chart folder. */
  valuesFiles: string[];
  set: string[];
}

export const DEFAULT_RENDER_PREFERENCES: RenderPreferences = { mode: 'static', release: 'release-name', namespace: 'default', valuesFiles: [], set: [] };

/** What the panel needs to render a chart; a fake stands in for it in tests. */
export interface RenderingSupport {
  /** Helm may run: the workspace is trusted. */
  isTrusted(): boolean;
  readonly onDidGrantTrust: vscode.Event<void>;
  preferences(chartRoot: string): RenderPreferences;
  remember(chartRoot: string, preferences: RenderPreferences): Thenable<void>;
  /** The chart's `values*.yaml` files other than values.yaml (Helm always reads that one), relative. */
  valuesFiles(chartRoot: string): Promise<string[]>;
  /** The rendered order; `null` when cancelled or superseded. */
  render(chartRoot: string, preferences: RenderPreferences, token: vscode.CancellationToken): Promise<OrderResult | null>;
}

/** `helmHooks/renderedOrder` as the language client sends it. */
export type RenderedOrderSender = (
  params: { uri: string; release: string; namespace: string; valuesFiles: string[]; set: string[]; helmPath?: string; timeoutMs?: number },
  token: vscode.CancellationToken,
) => Promise<OrderResult | null>;

const KEY_PREFIX = 'helmHooks.render:';

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Reads what was remembered defensively: workspace state outlives versions of this extension. */
export function readPreferences(value: unknown): RenderPreferences {
  if (typeof value !== 'object' || value === null) return DEFAULT_RENDER_PREFERENCES;
  const v = value as Partial<Record<keyof RenderPreferences, unknown>>;
  const text = (x: unknown, fallback: string) => (typeof x === 'string' && x.trim() ? x.trim() : fallback);
  return {
    mode: v.mode === 'rendered' ? 'rendered' : 'static',
    release: text(v.release, DEFAULT_RENDER_PREFERENCES.release),
    namespace: text(v.namespace, DEFAULT_RENDER_PREFERENCES.namespace),
    valuesFiles: strings(v.valuesFiles),
    set: strings(v.set).filter((s) => s.trim()),
  };
}

export function createRenderingSupport(context: vscode.ExtensionContext, send: RenderedOrderSender): RenderingSupport & vscode.Disposable {
  const granted = new vscode.EventEmitter<void>();
  const trustListener = vscode.workspace.onDidGrantWorkspaceTrust(() => granted.fire());
  return {
    isTrusted: () => vscode.workspace.isTrusted,
    onDidGrantTrust: granted.event,
    preferences: (chartRoot) => readPreferences(context.workspaceState.get(KEY_PREFIX + chartRoot)),
    remember: (chartRoot, preferences) => context.workspaceState.update(KEY_PREFIX + chartRoot, preferences),
    async valuesFiles(chartRoot) {
      try {
        const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.file(chartRoot));
        return entries
          .filter(([name, type]) => type === vscode.FileType.File && /^values.*\.ya?ml$/i.test(name) && name !== 'values.yaml')
          .map(([name]) => name)
          .sort();
      } catch {
        return [];
      }
    },
    render(chartRoot, preferences, token) {
      // helm.path is machine-scoped: only user (or remote machine) settings can name the binary, never a workspace.
      const config = vscode.workspace.getConfiguration('helmHooks');
      const helmPath = config.get<string>('helm.path')?.trim() || 'helm';
      const seconds = config.get<number>('render.timeout');
      return send(
        {
          uri: vscode.Uri.file(chartRoot).toString(),
          release: preferences.release,
          namespace: preferences.namespace,
          valuesFiles: preferences.valuesFiles.map((f) => vscode.Uri.file(path.resolve(chartRoot, f)).toString()),
          set: preferences.set,
          helmPath,
          timeoutMs: typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : undefined,
        },
        token,
      );
    },
    dispose() {
      trustListener.dispose();
      granted.dispose();
    },
  };
}
