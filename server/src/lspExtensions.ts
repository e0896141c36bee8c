/**
 * Custom LSP messages of the Helm Hooks server, declared once and imported by both the server and the client.
 * Only plain types and method names live here, so the client bundle pulls in nothing from the server.
 */
import type { HelmVersion, OrderMode, OrderResult } from './engine/types';
import type { ArgoOrderResult } from './engine/hooks/argocd/argocdOrder';

/**
 * Request: the hook execution order of the chart that contains `uri`. `null` when `uri` is in no chart.
 *
 * Built-in mode (the default, `helmHooks.source` = `builtin`): the order of the chart's latest built-in render with
 * its value set (`helmHooks/valueSet`; by default the chart's values, release `release-name`, namespace `default`),
 * `mode: 'builtin'`. While a newer render is pending the last one answers with `stale: true`, and a
 * `helmHooks/chartChanged` with `rendered: true` follows when the fresh one lands. When the chart does not render,
 * `renderErrors` with its last good render of that value set (`mode: 'builtin'`, `stale: true`), else with the static
 * order (`mode: 'static'`), and `fallback` saying why; before the first render
 * finished (or past `waitMs`), the static order with `fallback` too. `mode: 'static'` asks for the static order.
 */
export const orderRequest = 'helmHooks/order';
export interface OrderParams {
  /** A file URI anywhere in a chart (template, Chart.yaml, values.yaml) or the chart folder itself. */
  uri: string;
  helmVersion?: HelmVersion;
  /** `static`: the masked reading of the templates, no render. Default: the `helmHooks.source` setting. */
  mode?: 'builtin' | 'static';
  /** How long to wait for a first built-in render before answering with the static order (default 5000 ms). */
  waitMs?: number;
}

/** Source setting of the language server's order, CodeLens, hover and diagnostics (`helmHooks.source`). */
export type OrderSource = 'builtin' | 'static';

/**
 * Notification client → server: the value set the built-in render of a chart uses (the panel's form). Values files
 * are read through the editor's buffers, so unsaved values files count. Sending `{chartRoot}` alone goes back to
 * the defaults (the chart's values, release `release-name`, namespace `default`, as `helm template`).
 */
export const valueSetNotification = 'helmHooks/valueSet';
export interface ValueSetParams {
  /** The chart root (absolute path) or any file URI inside the chart. */
  chartRoot: string;
  release?: string;
  namespace?: string;
  /** `-f` files in order: file URIs, absolute paths, or paths relative to the chart root. */
  valuesFiles?: string[];
  /** `--set` pairs, in order. */
  set?: string[];
  setString?: string[];
  setJson?: string[];
}
export type OrderResponse = OrderResult | null;

/**
 * Request: the chart as Argo CD syncs it (`helmHooks.target` = `argocd`): the sync (PreSync → Sync → PostSync, wave
 * by wave), the Application deletion, the hooks Argo CD never runs and the differences from Helm. Same params as
 * `helmHooks/order`; `null` when `uri` is in no chart.
 */
export const argocdOrderRequest = 'helmHooks/argocdOrder';
export type ArgocdOrderResponse = ArgoOrderResult | null;

/** Request: a short summary for the status bar. `null` when `uri` is in no chart. */
export const chartSummaryRequest = 'helmHooks/chartSummary';
export interface ChartSummaryParams {
  uri: string;
}
export interface ChartSummary {
  chartName: string;
  chartRoot: string;
  hookCount: number;
  /** Where the count comes from: the built-in render (`builtin`) or the static reading (`static`). */
  mode?: OrderMode;
  /** A newer built-in render is pending: the count is the last render's. */
  stale?: boolean;
  /** The value set in short, e.g. "release-name · default · chart values" (built-in mode). */
  valueSet?: string;
  /** The built-in render failed: Helm's message (first line); the count is then the static one. */
  renderError?: string;
}
export type ChartSummaryResponse = ChartSummary | null;

/** Notification from the server: something in this chart changed (a buffer or a file on disk). */
export const chartChangedNotification = 'helmHooks/chartChanged';
export interface ChartChangedParams {
  chartRoot: string;
  /** A fresh built-in render of the chart landed (the panel, CodeLens and status bar may refresh now). */
  rendered?: boolean;
}

/** The client command that CodeLens items run: arguments `[uri: string, line: number]` (0-based line). */
export const showOrderCommand = 'helmHooks.showExecutionOrder';

/**
 * Request: the order as real Helm renders the chart (rendered mode): `helm install --dry-run=client -o json` (or
 * `helm template` where that Helm needs a cluster), with this release name, namespace, values files and `--set`
 * pairs. The answer has `mode: 'rendered'`, `helmVersionDetected`, and `renderErrors` when Helm could not render
 * (then `commands` is empty). `null` when `uri` is in no chart or the request was cancelled or superseded by a
 * newer render of the same chart. Helm is never run while the workspace is not trusted.
 */
export const renderedOrderRequest = 'helmHooks/renderedOrder';
export interface RenderedOrderParams {
  /** A file URI anywhere in a chart, or the chart folder itself. */
  uri: string;
  /** Release name (default `release-name`, as `helm template` uses). */
  release?: string;
  /** Namespace (default `default`). */
  namespace?: string;
  /** Values files in order, as file URIs or absolute paths (relative paths are read from the chart folder). */
  valuesFiles?: string[];
  /** `key=value` pairs for `--set`, in order. */
  set?: string[];
  /** The helm binary (default `helm` on PATH). The client passes its machine-scoped `helmHooks.helm.path`. */
  helmPath?: string;
  /** Time limit of each helm run in ms (default 60000): `helmHooks.render.timeout` × 1000. */
  timeoutMs?: number;
}
export type RenderedOrderResponse = OrderResult | null;

/**
 * Notification client → server: the workspace's trust (VS Code Workspace Trust). The server starts untrusted
 * unless `initializationOptions.workspaceTrusted` is `true`, and runs helm only while trusted.
 */
export const workspaceTrustNotification = 'helmHooks/workspaceTrust';
export interface WorkspaceTrustParams {
  trusted: boolean;
}
