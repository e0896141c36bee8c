/**
 * SARIF 2.1.0 for code scanning (GitHub, Azure DevOps): one run, one rule per diagnostic code from the Helm facts
 * table, results located by file URI relative to the directory the lint ran in (`%SRCROOT%`).
 */
import * as path from 'path';
import { DIAGNOSTIC_CODES, diagnosticDocsUrl, type DiagnosticCode } from '../engine/helmFacts';
import type { Severity } from '../engine/types';
import type { LintReport } from './lint';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** The code's own section of docs/DIAGNOSTICS.md (which links on to Helm's source), as the editor's code link. */
function helpUri(code: DiagnosticCode): string {
  return diagnosticDocsUrl(code);
}

/** A relative path as a URI reference: each segment percent-encoded, `/` between them. */
function relativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function fileUri(abs: string): string {
  const p = abs.replace(/\\/g, '/');
  return 'file://' + (p.startsWith('/') ? '' : '/') + relativeUri(p);
}

const SOURCE_TEXT = {
  builtin: 'builtin: the templates as written, and as the built-in renderer renders them (helm template in-process, no helm)',
  static: 'static: the templates as written, not rendered',
} as const;

export function toSarif(report: LintReport, cwd: string, toolVersion: string): object {
  const codes = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];
  const rules = codes.map((code) => ({
    id: code,
    name: code.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: DIAGNOSTIC_CODES[code].description },
    helpUri: helpUri(code),
    defaultConfiguration: { level: LEVEL[DIAGNOSTIC_CODES[code].severity] },
  }));
  const ruleIndex = new Map<string, number>(codes.map((c, i) => [c, i]));
  const results = report.findings.map((f) => {
    const relative = !path.isAbsolute(f.file);
    const index = ruleIndex.get(f.code);
    return {
      ruleId: f.code,
      ...(index === undefined ? {} : { ruleIndex: index }),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: relative ? { uri: relativeUri(f.file), uriBaseId: '%SRCROOT%' } : { uri: fileUri(f.file) },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        },
      ],
    };
  });
  const root = fileUri(cwd);
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'helm-hooks',
            version: toolVersion,
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: root.endsWith('/') ? root : root + '/' } },
        columnKind: 'utf16CodeUnits',
        // Which documents the findings were judged on (SARIF property bags are free-form).
        ...(report.source ? { properties: { documentSource: SOURCE_TEXT[report.source] } } : {}),
        results,
      },
    ],
  };
}

export function formatSarif(report: LintReport, cwd: string, toolVersion: string): string {
  return JSON.stringify(toSarif(report, cwd, toolVersion), null, 2) + '\n';
}
