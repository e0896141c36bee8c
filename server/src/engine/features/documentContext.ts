/**
 * The document under the cursor, with its chart context when the file belongs to a chart. Completion, hover and
 * CodeLens all start here, so the file is analysed once per text, by the chart model's cache.
 */
import type { ChartModel } from '../hooks/chartModel';
import type { ChartWorkspace } from '../hooks/chartWorkspace';
import { analyzeDocument, type DocumentAnalysis } from '../hooks/hookExtraction';
import type { HookModel } from '../hooks/hookOrder';
import { templateDocuments } from '../documents/manifestDocuments';
import type { HelmVersion } from '../types';

export interface FileContext {
  documents: DocumentAnalysis[];
  model?: ChartModel;
  hookModel?: HookModel;
  /** The file is a `_*.tpl` partial: it prints nothing by itself. */
  partial: boolean;
}

export function fileContext(ws: ChartWorkspace, file: string, text: string, version: HelmVersion): FileContext {
  const model = ws.modelFor(file);
  const t = model?.template(file);
  if (model && t) {
    let fa = model.analyzeFile(t);
    if (fa.text !== text) {
      model.invalidate(file);
      fa = model.analyzeFile(t);
    }
    if (t.role === 'manifest') return { documents: fa.documents, model, hookModel: ws.hookModel(model, version), partial: false };
    // Partials and NOTES.txt are not manifests, but their text is still analysed for completion and hover.
    return { documents: standalone(file, text), model, partial: t.role === 'partial' };
  }
  return { documents: standalone(file, text), partial: /\/_[^/]*$/.test(file) };
}

function standalone(file: string, text: string): DocumentAnalysis[] {
  return templateDocuments(file, file, text, { inSubchart: false }).map(analyzeDocument);
}

export function documentAt(ctx: FileContext, offset: number): DocumentAnalysis | undefined {
  return ctx.documents.find((d) => d.doc.span.start <= offset && offset <= d.doc.span.end);
}

export function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${s}`;
}
