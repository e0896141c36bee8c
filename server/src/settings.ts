/**
 * The `helmHooks` settings as the server uses them. Whatever the client sends (workspace/configuration,
 * initializationOptions, or nothing) is read defensively: a bad value falls back to its default.
 */
import { DIAGNOSTIC_CODES, type HelmVersion, type Severity } from './engine';

export interface ServerSettings {
  helmVersion: HelmVersion;
  diagnostics: {
    enable: boolean;
    /** Per diagnostic code: a severity, or `off`. */
    severity: Partial<Record<string, Severity | 'off'>>;
  };
  codeLens: { enable: boolean };
}

export const DEFAULT_SETTINGS: ServerSettings = {
  helmVersion: 4,
  diagnostics: { enable: true, severity: {} },
  codeLens: { enable: true },
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
    },
    codeLens: { enable: typeof codeLens.enable === 'boolean' ? codeLens.enable : DEFAULT_SETTINGS.codeLens.enable },
  };
}

/** initializationOptions may carry the section itself or `{helmHooks: section}`. */
export function settingsFromInitializationOptions(options: unknown): ServerSettings {
  if (isRecord(options) && isRecord(options.helmHooks)) return readSettings(options.helmHooks);
  return readSettings(options);
}
