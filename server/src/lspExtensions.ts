/**
 * Custom LSP messages of the Helm Hooks server, declared once and imported by both the server and the client.
 * Only plain types and method names live here, so the client bundle pulls in nothing from the server.
 */
import type { HelmVersion, OrderResult } from './engine/types';

/** Request: the hook execution order of the chart that contains `uri`. `null` when `uri` is in no chart. */
export const orderRequest = 'helmHooks/order';
export interface OrderParams {
  /** A file URI anywhere in a chart (template, Chart.yaml, values.yaml) or the chart folder itself. */
  uri: string;
  helmVersion?: HelmVersion;
}
export type OrderResponse = OrderResult | null;

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
