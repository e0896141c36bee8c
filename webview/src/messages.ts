/**
 * Every message between the extension and the execution-order page, as one discriminated union per direction.
 * Both sides import this file (the client bundle and the webview bundle), so a renamed field fails to compile on
 * both ends at once. Only plain, structured-clonable data travels here.
 */
import type { CommandName, OrderResult } from '../../server/src/engine/types';

/** Extension → page. */
export type ToPageMessage =
  /** A fresh order for the panel's chart. Sent on open, on change, and when the active editor's chart changes. */
  | { type: 'order'; order: OrderResult }
  /** Nothing to show: no chart, the server is not running, or the request failed. `detail` is shown as text. */
  | { type: 'empty'; title: string; detail: string }
  /** Busy computing the order of a chart (shown only if there is nothing on screen yet). */
  | { type: 'loading'; chartRoot: string }
  /**
   * Bring one hook into view: the CodeLens and the command give a file and a 1-based line in it; the page selects
   * the hook declared there (in the current tab if it runs there, otherwise in the first tab where it does).
   */
  | { type: 'reveal'; file: string; line: number };

/** Page → extension. */
export type FromPageMessage =
  /** The page has loaded and listens: send it what it should show. */
  | { type: 'ready' }
  /** Open a chart file at a 1-based line. */
  | { type: 'open'; file: string; line: number }
  /** Ask for the order again (the refresh button). */
  | { type: 'refresh' };

/** What the page keeps with `vscode.setState`, and what the panel serializer gets back after a reload. */
export interface PageState {
  /** The chart the panel shows, so a restored panel asks for the same chart. */
  chartRoot?: string;
  command: CommandName;
  /** Key of the selected row (see `rowKey`), kept across updates and reloads. */
  selectedKey?: string;
}

export function isFromPageMessage(value: unknown): value is FromPageMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { type?: unknown; file?: unknown; line?: unknown };
  switch (m.type) {
    case 'ready':
    case 'refresh':
      return true;
    case 'open':
      return typeof m.file === 'string' && typeof m.line === 'number' && Number.isFinite(m.line);
    default:
      return false;
  }
}
