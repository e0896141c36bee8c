/** Reads a template's documents with the fast head reader and with the full YAML parser, for the differential tests. */
import { parseDocument } from 'yaml';
import { analyzeDocument, headOf, headReading, type DocumentAnalysis } from '../../server/src/engine/hooks/hookExtraction';
import { readHead } from '../../server/src/engine/documents/headReader';
import { templateDocuments, type ManifestDocument } from '../../server/src/engine/documents/manifestDocuments';

/** An analysis as plain data (the document it points back to aside). */
export function analysisData(a: DocumentAnalysis): unknown {
  return JSON.parse(JSON.stringify(a, (k, v: unknown) => (k === 'doc' ? undefined : v)));
}

function documentsOf(source: string): ManifestDocument[] {
  return templateDocuments('/c/templates/t.yaml', 'c/templates/t.yaml', source, { inSubchart: false });
}

/**
 * Whether the YAML parser reads the part of each document that extraction reads without an error. Where it does
 * not, Helm could not read the rendered document either, and each reader makes its own best effort.
 */
export function headsWellFormed(source: string): boolean[] {
  return documentsOf(source).map((d) => {
    const head = headOf(d.text.slice(d.span.start, d.span.end));
    return parseDocument(head, { version: '1.1', uniqueKeys: false, strict: false, prettyErrors: false }).errors.length === 0;
  });
}

/** Analyses of every document of `source`, with the fast reader on or off. */
export function analysesBothWays(source: string): { fast: unknown[]; full: unknown[] } {
  const run = (fast: boolean) => {
    headReading.fast = fast;
    try {
      return documentsOf(source).map((d) => analysisData(analyzeDocument(d)));
    } finally {
      headReading.fast = true;
    }
  };
  return { fast: run(true), full: run(false) };
}

/** Of the documents that mention `helm.sh/` (the ones extraction parses), how many the fast reader reads itself. */
export function fastReadCount(source: string): { parsed: number; fast: number } {
  let parsed = 0;
  let fast = 0;
  for (const d of documentsOf(source)) {
    if (!/helm\.sh\//i.test(d.template!.source.slice(d.span.start, d.span.end))) continue;
    parsed++;
    if (readHead(d.text.slice(d.span.start, d.span.end)) !== undefined) fast++;
  }
  return { parsed, fast };
}
