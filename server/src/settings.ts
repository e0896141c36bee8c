/**
 * The `helmHooks` settings as the server uses them. Whatever the client sends (workspace/configuration,
 * initializationOptions, or nothing) is read defensively: a bad value falls back to its default.
 */
import { DIAGNOSTIC_CODES, type HelmVersion, type Severity } from './engine';
import type { DeployTarget } from './engine/hooks/argocd';

export interface ServerSettings {
  helmVersion: HelmVersion;
  diagnostics: {
    enable: boolean;
    /** Per diagnostic code: a severity, or `off`. */
    severity: Partial<Record<string, Severity | 'off'>>;
    /** `chart`: every file of the workspace's charts (chartDiagnostics.ts); `openFiles`: open documents only. */
    scope: 'chart' | 'openFiles';
  };
  codeLens: { enable: boolean };
  /** Who runs the hooks: Helm itself, or Argo CD from `helm template` (engine/argocd/, docs/ARGOCD.md). */
  target: DeployTarget;
  /** Under the `helm` target: report Argo CD's differences as hints. */
  argocd: { hints: boolean };
  /** Every tie by name in the panel and the tie hint, not only those where one hook needs the other's object. */
  ties: { showAll: boolean };
  /**
   * Where the order, CodeLens, hover and status bar read the chart's hooks from: the built-in render with the chart's
   * value set (`builtin`, in a worker thread) or the masked reading of the templates (`static`).
   */
  source: 'builtin' | 'static';
  /** Inlay hints with the rendered names and weights of hooks, from the built-in render (features/actionHover.ts). */
  inlayHints: { renderedValues: boolean };
}

export const DEFAULT_SETTINGS: ServerSettings = {
  helmVersion: 4,
  diagnostics: { enable: true, severity: {}, scope: 'chart' },
  codeLens: { enable: true },
  target: 'helm',
  argocd: { hints: false },
  ties: { showAll: false },
  source: 'builtin',
  inlayHints: { renderedValues: false },
};

const SEVERITIES: ReadonlyArray<Severity | 'off'> = ['error', 'warning', 'information', 'hint', 'off'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseHelmVersion(v: unknown): HelmVersion | undefined {
  if (v === 3 || v === '3') return 3;
  if (v === 4 || v === '4') return 4;
  return undefined;
}

/** Reads the `helmHooks` section (`{helmVersion, diagnostics: {enable, severity}, codeLens: {enable}}`). */
export function readSettings(section: unknown): ServerSettings {
  if (!isRecord(section)) return DEFAULT_SETTINGS;
  const diagnostics = isRecord(section.diagnostics) ? section.diagnostics : {};
  const codeLens = isRecord(section.codeLens) ? section.codeLens : {};
  const severity: Partial<Record<string, Severity | 'off'>> = {};
  if (isRecord(diagnostics.severity)) {
    for (const [code, value] of Object.entries(diagnostics.severity)) {
      if (code in DIAGNOSTIC_CODES && SEVERITIES.includes(value as Severity | 'off')) severity[code] = value as Severity | 'off';
    }
  }
  return {
    helmVersion: parseHelmVersion(section.helmVersion) ?? DEFAULT_SETTINGS.helmVersion,
    diagnostics: {
      enable: typeof diagnostics.enable === 'boolean' ? diagnostics.enable : DEFAULT_SETTINGS.diagnostics.enable,
      severity,
      scope: diagnostics.scope === 'openFiles' ? 'openFiles' : 'chart',
    },
    codeLens: { enable: typeof codeLens.enable === 'boolean' ? codeLens.enable : DEFAULT_SETTINGS.codeLens.enable },
    target: section.target === 'argocd' ? 'argocd' : 'helm',
    argocd: { hints: isRecord(section.argocd) && section.argocd.hints === true },
    ties: { showAll: isRecord(section.ties) && section.ties.showAll === true },
    source: section.source === 'static' ? 'static' : 'builtin',
    inlayHints: { renderedValues: isRecord(section.inlayHints) && section.inlayHints.renderedValues === true },
  };
}

/** initializationOptions may carry the section itself or `{helmHooks: section}`. */
export function settingsFromInitializationOptions(options: unknown): ServerSettings {
  if (isRecord(options) && isRecord(options.helmHooks)) return readSettings(options.helmHooks);
  return readSettings(options);
}

const TIMEOUT: unique symbol = Symbol('timeout');

/** Asks the client for the `helmHooks` section, for one chart folder (`scopeUri`) or the whole workspace. */
export type SettingsSource = (scopeUri: string | undefined) => Promise<unknown>;

export interface SettingsLog {
  warn(message: string): void;
}

/**
 * The settings in effect, per chart: `helmHooks.*` are resource-scoped, so two charts in a multi-root workspace
 * may target different Helm versions. Pulled lazily, once per chart, and forgotten when the configuration changes.
 */
export class SettingsStore {
  private workspace: { value: ServerSettings; ready: Promise<ServerSettings> };
  private readonly charts = new Map<string, { value?: ServerSettings; ready: Promise<ServerSettings> }>();

  constructor(
    initial: ServerSettings,
    private readonly source: SettingsSource | undefined,
    private readonly scopeUriOf: (chartRoot: string) => string,
    private readonly log: SettingsLog,
    private readonly timeoutMs = 3000,
  ) {
    this.workspace = { value: initial, ready: Promise.resolve(initial) };
  }

  /** Pulls the workspace settings again and forgets every chart's; `pushed` replaces them when nothing can be pulled. */
  reset(pushed?: unknown): void {
    this.charts.clear();
    if (!this.source) {
      const value = pushed === undefined ? this.workspace.value : readSettings(pushed);
      this.workspace = { value, ready: Promise.resolve(value) };
      return;
    }
    const entry = { value: this.workspace.value, ready: this.pull(undefined, this.workspace.value) };
    void entry.ready.then((v) => (entry.value = v));
    this.workspace = entry;
  }

  /** The settings last known for a chart (or the workspace, for a file in no chart). */
  current(chartRoot?: string): ServerSettings {
    if (chartRoot === undefined || !this.source) return this.workspace.value;
    return this.entry(chartRoot).value ?? this.workspace.value;
  }

  /** The settings of a chart once the client answered (or gave no answer in time). */
  settled(chartRoot?: string): Promise<ServerSettings> {
    if (chartRoot === undefined || !this.source) return this.workspace.ready;
    return this.entry(chartRoot).ready;
  }

  private entry(chartRoot: string): { value?: ServerSettings; ready: Promise<ServerSettings> } {
    let e = this.charts.get(chartRoot);
    if (!e) {
      const created: { value?: ServerSettings; ready: Promise<ServerSettings> } = {
        ready: this.workspace.ready.then((fallback) => this.pull(this.scopeUriOf(chartRoot), fallback)),
      };
      void created.ready.then((v) => (created.value = v));
      this.charts.set(chartRoot, created);
      e = created;
    }
    return e;
  }

  private async pull(scopeUri: string | undefined, fallback: ServerSettings): Promise<ServerSettings> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<typeof TIMEOUT>((resolve) => (timer = setTimeout(() => resolve(TIMEOUT), this.timeoutMs)));
    try {
      const section = await Promise.race([this.source!(scopeUri), gaveUp]);
      if (section !== TIMEOUT) return readSettings(section);
      this.log.warn(`No answer to workspace/configuration in ${this.timeoutMs} ms: using the settings known so far.`);
    } catch (err) {
      this.log.warn(`Could not read the helmHooks settings: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearTimeout(timer);
    }
    return fallback;
  }
}
