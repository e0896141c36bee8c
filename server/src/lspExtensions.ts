/**
 * Custom LSP messages of the Helm Hooks server, declared once and imported by both the server and the client.
 * Only plain types and method names live here, so the client bundle pulls in nothing from the server.
 */
import type { HelmVersion, OrderResult } from './engine/types';
import type { ArgoOrderResult } from './engine/hooks/argocd/argocdOrder';

/** Request: the hook execution order of the chart that contains `uri`. `null` when `uri` is in no chart. */
export const orderRequest = 'helmHooks/order';
export interface OrderParams {
  /** A file URI anywhere in a chart (template, Chart.yaml, values.yaml) or the chart folder itself. */
  uri: string;
  helmVersion?: HelmVersion;
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
}
export type ChartSummaryResponse = ChartSummary | null;

/** Notification from the server: something in this chart changed (a buffer or a file on disk). */
export const chartChangedNotification = 'helmHooks/chartChanged';
export interface ChartChangedParams {
  chartRoot: string;
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
