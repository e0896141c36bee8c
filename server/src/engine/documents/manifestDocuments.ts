/**
 * The seam between where manifests come from and what Helm does with them. A source (masked templates in static
 * mode, Helm's rendered output in rendered mode) produces `ManifestDocument`s; hook extraction and ordering only
 * ever see documents, so every source shares the same semantics code.
 */
import { maskTemplate, type MaskedTemplate } from './templateMask';
import type { Span } from '../types';

export interface ManifestDocument {
  /** Absolute path of the file the document comes from (for rendered output: the template it maps to). */
  file: string;
  /** Template path as Helm writes it: `<chart name>/templates/x.yaml`. */
  helmPath: string;
  /** Index of the document within its file. */
  index: number;
  /** The document's offsets within `text`. */
  span: Span;
  /** The analysable text of the whole file: masked template text (static) or rendered YAML (rendered). */
  text: string;
  /** Static mode: the template actions, to tell dynamic values and conditional documents. */
  template?: MaskedTemplate;
  /** The document comes from a subchart. */
  inSubchart: boolean;
  /** Why the whole file may not render (a subchart behind a `condition`), shown as a condition. */
  fileCondition?: string;
  /**
   * Static mode inside a chart: whether the document's (sub)chart renders with the chart's values — decided by the
   * renderer's dependency processing (`condition:`, `tags:`); undefined when that cannot be read. Asked lazily.
   */
  chartRenders?: () => boolean | undefined;
}

/**
 * Helm splits a rendered file into documents on `---` at the start of a line (Helm 4.2.4+: `(?m)^---[ \t]*`;
 * older versions also split after a line break followed by whitespace, which gives the same documents for any file
 * whose `---` lines start at column 0). Returns the spans of the documents' contents, separators excluded.
 */
export function splitDocuments(text: string): Span[] {
  const spans: Span[] = [];
  let docStart = 0;
  // The separators are found natively; `^` also matches after a lone CR or U+2028, which start no line here.
  SEPARATOR.lastIndex = 0;
  for (let m = SEPARATOR.exec(text); m; m = SEPARATOR.exec(text)) {
    const at = m.index;
    if (at > 0 && text.charCodeAt(at - 1) !== 10) continue;
    spans.push({ start: docStart, end: at });
    const nl = text.indexOf('\n', at);
    docStart = nl < 0 ? text.length : nl + 1;
  }
  spans.push({ start: docStart, end: text.length });
  return spans;
}

const SEPARATOR = /^---/gm;

/** Static source: a chart template is masked and split into its documents. */
export function templateDocuments(
  file: string,
  helmPath: string,
  source: string,
  opts: { inSubchart: boolean; fileCondition?: string; chartRenders?: () => boolean | undefined },
  /** The source already masked (by the caller, who keeps it). */
  template: MaskedTemplate = maskTemplate(source),
  /** Its document spans, already known. */
  spans: Span[] = splitDocuments(template.masked),
): ManifestDocument[] {
  return spans.map((span, index) => ({
    file,
    helmPath,
    index,
    span,
    text: template.masked,
    template,
    inSubchart: opts.inSubchart,
    fileCondition: opts.fileCondition,
    chartRenders: opts.chartRenders,
  }));
}

/** Rendered source: Helm's output for one template file, already free of template actions. */
export function renderedDocuments(
  file: string,
  helmPath: string,
  rendered: string,
  opts: { inSubchart: boolean },
): ManifestDocument[] {
  return splitDocuments(rendered).map((span, index) => ({
    file,
    helmPath,
    index,
    span,
    text: rendered,
    inSubchart: opts.inSubchart,
  }));
}

/**
 * Whether a Helm template path (`<chart>/templates/x.yaml`, `<chart>/charts/<sub>/templates/x.yaml`) is a subchart's:
 * its second segment is `charts` (a top chart's `templates/charts/x.yaml` is not).
 */
export function inSubchartPath(helmPath: string): boolean {
  const slash = helmPath.indexOf('/');
  return slash > 0 && helmPath.startsWith('charts/', slash + 1);
}
