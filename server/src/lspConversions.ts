/**
 * Engine results → LSP types. The engine speaks plain data (its ranges already are LSP ranges); this is the one
 * place that knows LSP's enums and shapes.
 */
import {
  CodeAction,
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Diagnostic,
  type Hover,
} from 'vscode-languageserver';
import { diagnosticDocsUrl, type HookDiagnostic, type QuickFix, type Range, type Severity } from './engine';
import type { EngineCompletionItem } from './engine/features/completion';

export const DIAGNOSTIC_SOURCE = 'helm-hooks';

/** What a published diagnostic carries for codeAction: the engine's quick fixes. */
export interface DiagnosticData {
  fixes: QuickFix[];
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Where the client has docs/DIAGNOSTICS.md (the VS Code extension ships it), and the 1-based line of each code's
 * section: `initializationOptions.diagnosticDocs`. Clients that send nothing get the repository's links.
 */
export interface DiagnosticDocs {
  uri: string;
  lines: Record<string, number>;
}

/** `initializationOptions.diagnosticDocs`, read defensively: anything malformed is dropped, the rest kept. */
export function readDiagnosticDocs(initializationOptions: unknown): DiagnosticDocs | undefined {
  if (typeof initializationOptions !== 'object' || initializationOptions === null) return undefined;
  const docs = (initializationOptions as { diagnosticDocs?: unknown }).diagnosticDocs;
  if (typeof docs !== 'object' || docs === null) return undefined;
  const { uri, lines } = docs as { uri?: unknown; lines?: unknown };
  if (typeof uri !== 'string' || !/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.includes('#')) return undefined;
  if (typeof lines !== 'object' || lines === null || Array.isArray(lines)) return undefined;
  const kept: Record<string, number> = {};
  for (const [code, line] of Object.entries(lines as Record<string, unknown>)) {
    if (typeof line === 'number' && Number.isInteger(line) && line >= 1) kept[code] = line;
  }
  return { uri, lines: kept };
}

/**
 * A code's documentation: its section in the client's copy of the page when the client said where (VS Code's opener
 * selects the line of a `#L<n>` fragment), else its anchor in the repository's page.
 */
export function diagnosticDocsHref(code: string, docs: DiagnosticDocs | undefined): string {
  const line = docs && Object.prototype.hasOwnProperty.call(docs.lines, code) ? docs.lines[code] : undefined;
  return docs && line !== undefined ? `${docs.uri}#L${line}` : diagnosticDocsUrl(code);
}

export function toDiagnostic(d: HookDiagnostic, docs?: DiagnosticDocs): Diagnostic {
  const data: DiagnosticData = { fixes: d.fixes };
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    source: DIAGNOSTIC_SOURCE,
    code: d.code,
    // Each code has its own section in docs/DIAGNOSTICS.md (the heading is the code, so the anchor is too).
    codeDescription: { href: diagnosticDocsHref(d.code, docs) },
    message: d.message,
    data,
  };
}

function isRange(v: unknown): v is Range {
  const r = v as Range | undefined;
  return (
    !!r && typeof r === 'object' && !!r.start && !!r.end &&
    typeof r.start.line === 'number' && typeof r.start.character === 'number' &&
    typeof r.end.line === 'number' && typeof r.end.character === 'number'
  );
}

/** The quick fixes a client echoes back in the code action context; anything malformed is skipped. */
export function fixesOf(diagnostic: Diagnostic): QuickFix[] {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return [];
  const fixes = (diagnostic.data as Partial<DiagnosticData> | undefined)?.fixes;
  if (!Array.isArray(fixes)) return [];
  return fixes.filter(
    (f): f is QuickFix =>
      !!f && typeof f.title === 'string' && Array.isArray(f.edits) &&
      f.edits.every((e) => !!e && typeof e.newText === 'string' && isRange(e.range)),
  );
}

export function toQuickFixes(uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    for (const fix of fixesOf(d)) {
      const action = CodeAction.create(fix.title, { changes: { [uri]: fix.edits } }, CodeActionKind.QuickFix);
      action.diagnostics = [d];
      if (fix.isPreferred) action.isPreferred = true;
      out.push(action);
    }
  }
  return out;
}

const COMPLETION_KIND: Record<EngineCompletionItem['kind'], CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  snippet: CompletionItemKind.Snippet,
};

/**
 * `labelDetails` only for clients that declare `completionItem.labelDetailsSupport` (LSP 3.17); the others show
 * `detail` beside the label, which is kept short for them.
 */
export function toCompletionItem(item: EngineCompletionItem, labelDetailsSupport = true): CompletionItem {
  const out: CompletionItem = {
    label: item.label,
    kind: COMPLETION_KIND[item.kind],
    insertTextFormat: item.isSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  };
  if (labelDetailsSupport && item.labelDescription !== undefined) out.labelDetails = { description: item.labelDescription };
  if (item.range) out.textEdit = { range: item.range, newText: item.insertText };
  else out.insertText = item.insertText;
  if (item.detail !== undefined) out.detail = item.detail;
  if (item.documentation !== undefined) out.documentation = { kind: MarkupKind.Markdown, value: item.documentation };
  if (item.filterText !== undefined) out.filterText = item.filterText;
  if (item.sortText !== undefined) out.sortText = item.sortText;
  if (item.preselect) out.preselect = true;
  return out;
}

export function toHover(h: { markdown: string; range: Range }): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: h.range };
}
