/**
 * Every message between the extension and the execution-order page, as one discriminated union per direction.
 * Both sides import this file (the client bundle and the webview bundle), so a renamed field fails to compile on
 * both ends at once. Only plain, structured-clonable data travels here.
 */
import type { CommandName, OrderResult, RenderError } from '../../server/src/engine/types';
import type { ArgoOrderResult } from '../../server/src/engine/hooks/argocd/argocdOrder';
import type { ArgoTab, DeployTarget } from './argocdView';

/** Static (the templates read as they are) or rendered (real Helm renders the chart). */
export type OrderMode = 'static' | 'rendered';

/** Rendered mode's choices for the panel's chart and the state of its last render. */
export interface RenderView {
  mode: OrderMode;
  /** Helm may run: the workspace is trusted. */
  trusted: boolean;
  release: string;
  namespace: string;
  /** Values files given to Helm, relative to the chart folder, in order. */
  valuesFiles: string[];
  /** The chart's `values*.yaml` files (relative), offered as choices. */
  availableValuesFiles: string[];
  /** `key=value` pairs for `--set`, in order. */
  set: string[];
  /** A render is under way (the order on screen is the previous one). */
  rendering: boolean;
  /** What the last render gave: Helm's version, its errors (the static order is shown meanwhile), notes. */
  helmVersionDetected?: string;
  errors?: RenderError[];
  notes?: string[];
  command?: string[];
}

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
  | { type: 'reveal'; file: string; line: number }
  /** The static/rendered switch and the render options of the panel's chart, with the last render's state. */
  | { type: 'render'; render: RenderView }
  /** Who runs the hooks on screen: Helm (the command tabs) or Argo CD (its sync and Application deletion). */
  | { type: 'target'; target: DeployTarget }
  /** The chart as Argo CD syncs it (sent while the target is `argocd`). */
  | { type: 'argocd'; order: ArgoOrderResult };

/** Page → extension. */
export type FromPageMessage =
  /** The page has loaded and listens: send it what it should show. */
  | { type: 'ready' }
  /** Open a chart file at a 1-based line. */
  | { type: 'open'; file: string; line: number }
  /** Ask for the order again (the refresh button). */
  | { type: 'refresh' }
  /** Switch between the static and the rendered order. */
  | { type: 'setMode'; mode: OrderMode }
  /** Render again with these options (remembered for the chart). */
  | { type: 'renderOptions'; release: string; namespace: string; valuesFiles: string[]; set: string[] }
  /** The panel's Helm / Argo CD switch. */
  | { type: 'setTarget'; target: DeployTarget };

/** What the page keeps with `vscode.setState`, and what the panel serializer gets back after a reload. */
export interface PageState {
  /** The chart the panel shows, so a restored panel asks for the same chart. */
  chartRoot?: string;
  command: CommandName;
  /** Key of the selected row (see `rowKey`), kept across updates and reloads. */
  selectedKey?: string;
  /** The Helm / Argo CD switch and the Argo CD tab. */
  target?: DeployTarget;
  argoTab?: ArgoTab;
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
    case 'setTarget':
      return (value as { target?: unknown }).target === 'helm' || (value as { target?: unknown }).target === 'argocd';
    case 'setMode':
      return (value as { mode?: unknown }).mode === 'static' || (value as { mode?: unknown }).mode === 'rendered';
    case 'renderOptions': {
      const o = value as { release?: unknown; namespace?: unknown; valuesFiles?: unknown; set?: unknown };
      const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
      return typeof o.release === 'string' && typeof o.namespace === 'string' && strings(o.valuesFiles) && strings(o.set);
    }
    default:
      return false;
  }
}
