/**
 * Every message between the extension and the execution-order page, as one discriminated union per direction.
 * Both sides import this file (the client bundle and the webview bundle), so a renamed field fails to compile on
 * both ends at once. Only plain, structured-clonable data travels here.
 */
import type { CommandName, OrderResult, RenderError } from '../../server/src/engine/types';
import type { ArgoOrderResult } from '../../server/src/engine/hooks/argocd/argocdOrder';
import type { ArgoTab, DeployTarget } from './argocdView';

/** The value set of the panel's chart: what the built-in render uses, and what "Verify with helm" passes to Helm. */
export interface ValueSetFields {
  release: string;
  namespace: string;
  /** Values files in order: relative to the chart folder when inside it, absolute otherwise. */
  valuesFiles: string[];
  /** `--set` pairs, in order. */
  set: string[];
}

/** "Verify with helm": Helm renders the same value set; the panel shows Helm's order and the differences. */
export interface VerifyView {
  /** `running`: helm is rendering; `done`: Helm's order is on screen; `failed`: Helm's errors, the built-in order stays. */
  state: 'running' | 'done' | 'failed';
  /** A chart file was edited (saved or not) since helm rendered: Helm's order is out of date until re-run. */
  stale?: boolean;
  /** What `helm version` reported, e.g. `v4.1.4`. */
  helmVersion?: string;
  /** Helm's order agrees with the built-in render's (absent: there was no built-in render to compare with). */
  identical?: boolean;
  differences?: string[];
  /** Helm could not render (or could not run: see `problem` on each). */
  errors?: RenderError[];
  notes?: string[];
  command?: string[];
}

/** The source of the order on screen, the chart's value set, and Verify with helm's state. */
export interface RenderView extends ValueSetFields {
  /**
   * Where the order on screen comes from: `builtin` the built-in renderer (the default), `static` the templates
   * read as they are (the `helmHooks.source` setting, or the fallback when the chart does not render), `helm`
   * real Helm (a Verify with helm result).
   */
  source: 'builtin' | 'static' | 'helm';
  /** Helm may run: the workspace is trusted. */
  trusted: boolean;
  /** Why the static order stands in for the built-in render (the server's words). */
  fallback?: string;
  /** The built-in render's errors, as Helm would write them (the static order is shown meanwhile). */
  errors?: RenderError[];
  /** A newer built-in render is under way (after an edit): the order on screen is the previous render's. */
  updating?: boolean;
  verify?: VerifyView;
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
  /** The order's source, the chart's value set and Verify with helm's state. */
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
  /** Render again with this value set (remembered for the chart). */
  | ({ type: 'renderOptions' } & ValueSetFields)
  /** Pick a values file (the chart's YAML files, or Browse…), added to this value set (the form as typed). */
  | ({ type: 'addValuesFile' } & ValueSetFields)
  /** The chart's defaults again (release-name, default, values.yaml only). */
  | { type: 'resetValueSet' }
  /** Run helm with the same value set and show Helm's order with the differences; `verifyClose` goes back. */
  | { type: 'verify' }
  | { type: 'verifyClose' }
  /** Helm is missing: the file picker that writes helmHooks.helm.path, or the settings editor on it. */
  | { type: 'locateHelm' }
  | { type: 'openHelmSettings' }
  /** Restricted Mode: VS Code's Workspace Trust editor. */
  | { type: 'trustWorkspace' }
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
  /** The filter box's text and the resource groups opened or closed by the user (render.ts `groupKey`). */
  filter?: string;
  groups?: Record<string, boolean>;
}

export function isFromPageMessage(value: unknown): value is FromPageMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { type?: unknown; file?: unknown; line?: unknown };
  switch (m.type) {
    case 'ready':
    case 'refresh':
    case 'resetValueSet':
    case 'verify':
    case 'verifyClose':
    case 'locateHelm':
    case 'openHelmSettings':
    case 'trustWorkspace':
      return true;
    case 'open':
      return typeof m.file === 'string' && typeof m.line === 'number' && Number.isFinite(m.line);
    case 'setTarget':
      return (value as { target?: unknown }).target === 'helm' || (value as { target?: unknown }).target === 'argocd';
    case 'renderOptions':
    case 'addValuesFile': {
      const o = value as { release?: unknown; namespace?: unknown; valuesFiles?: unknown; set?: unknown };
      const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
      return typeof o.release === 'string' && typeof o.namespace === 'string' && strings(o.valuesFiles) && strings(o.set);
    }
    default:
      return false;
  }
}
