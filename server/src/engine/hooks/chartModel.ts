/**
 * The chart is the unit: a parent chart with its subcharts (folders and `.tgz` archives under `charts/`), each
 * template split into documents and analysed once per text. Weights are global across the parent and every
 * subchart (spec §2.3), so the hook model is built for the top-level chart.
 *
 * This is the static (masked) reading: what each template writes literally. A template's analysis depends on its
 * own text only (and on whether its subchart renders), never on another file: an edit of `_helpers.tpl` or of any
 * file without manifests re-reads that file alone.
 */
import { LIMITS, type ChartFileSystem } from '../render/chartFiles';
import { analyzeDocument, type DocumentAnalysis } from './hookExtraction';
import { templateDocuments } from '../documents/manifestDocuments';
import { changeBetween, remask, respan, reuseAnalyses } from './incremental';
import { maskTemplate, type MaskedTemplate } from '../documents/templateMask';
import type { GoMap } from '../render/goValue';

import { allTemplates, conditionInputs, loadChart, renderingCharts, type ChartNode, type ChartTemplateFile } from '../documents/chartTree';

export interface FileAnalysis {
  template: ChartTemplateFile;
  text: string;
  documents: DocumentAnalysis[];
  /** Manifests: the masked text and its actions. */
  masked?: MaskedTemplate;
}

/**
 * A chart's hook model, analysed lazily and cached per file: after an edit only that file is analysed again,
 * and the order is re-sorted from the cached analyses.
 */
export class ChartModel {
  private readonly cache = new Map<string, FileAnalysis>();
  /** Analyses of files whose text changed, kept until the file is read again: its untouched documents are reused. */
  private readonly edited = new Map<string, FileAnalysis>();
  private templatesCache?: ChartTemplateFile[];
  /** Helm prefixes of the charts that render (dependency conditions and tags); null until a document asks. */
  private rendering: Set<string> | undefined | null = null;
  /** Per values.yaml, what of it the dependency processing read at its last edit (documents/chartTree.ts conditionInputs). */
  private readonly conditionInputsSeen = new Map<string, string>();
  /** Bumped on every change, so consumers can cache derived results (order, diagnostics). */
  generation = 0;

  constructor(
    readonly fs: ChartFileSystem,
    public chart: ChartNode,
    /**
     * Values given on top of the chart's values.yaml, as `helm install -f` would (none: the chart's defaults). The
     * static reading uses them only to tell which subcharts render.
     */
    readonly userValues?: GoMap,
  ) {}

  get templates(): ChartTemplateFile[] {
    return (this.templatesCache ??= allTemplates(this.chart));
  }

  template(file: string): ChartTemplateFile | undefined {
    return this.templates.find((t) => t.file === file);
  }

  /** Drops the cached analysis of a file (its text changed). */
  invalidate(file: string): void {
    if (/\/requirements\.yaml$/.test(file) && this.nodeWithRoot(file.slice(0, file.lastIndexOf('/')))) {
      this.reload();
      return;
    }
    const valuesOf = /\/values\.yaml$/.test(file) ? this.nodeWithRoot(file.slice(0, file.lastIndexOf('/'))) : undefined;
    if (valuesOf) {
      // Values decide only which subcharts render (dependency conditions and tags): analyses change when that does.
      if (this.rendering === null) return;
      // Most edits of values.yaml change no value a condition or tag reads: no new dependency processing then (it
      // loads the whole chart, ~10 ms on a large one, on the keystroke's path).
      const inputs = conditionInputs(this.chart, valuesOf, this.fs.readText(file) ?? '');
      const seen = this.conditionInputsSeen.get(file);
      if (inputs !== undefined) this.conditionInputsSeen.set(file, inputs);
      else this.conditionInputsSeen.delete(file);
      if (inputs !== undefined && inputs === seen) return;
      const before = this.rendering;
      this.rendering = null;
      if (sameSet(before, this.renderingCharts())) return;
      this.cache.clear();
      this.edited.clear();
      this.generation++;
      return;
    }
    let changed = false;
    // One file may be rendered several times (a dependency declared twice under two aliases).
    for (const [key, fa] of this.cache) {
      if (fa.template.file === file) {
        this.cache.delete(key);
        if (fa.masked) this.edited.set(key, fa);
        changed = true;
      }
    }
    if (changed) this.generation++;
  }

  /** Re-reads the chart's structure (a file was added or removed, Chart.yaml changed). */
  reload(): void {
    this.chart = loadChart(this.fs, this.chart.root);
    this.templatesCache = undefined;
    this.cache.clear();
    this.edited.clear();
    this.rendering = null;
    this.conditionInputsSeen.clear();
    this.generation++;
  }

  private nodeWithRoot(root: string): ChartNode | undefined {
    const find = (n: ChartNode): ChartNode | undefined => (n.root === root ? n : n.subcharts.map(find).find(Boolean));
    return find(this.chart);
  }

  private renderingCharts(): Set<string> | undefined {
    if (this.rendering === null) this.rendering = renderingCharts(this.fs, this.chart.root, this.userValues);
    return this.rendering;
  }

  /**
   * Whether a chart of the tree renders with the chart's values: the top chart always; a subchart as Helm's
   * dependency processing decides (run by the renderer's own code, only when some subchart has a condition or tags);
   * undefined when the chart cannot be loaded as Helm would.
   */
  chartRenders(node: ChartNode): boolean | undefined {
    let conditional = false;
    for (let n: ChartNode | undefined = node; n?.parent; n = n.parent) if (n.condition || n.tags) conditional = true;
    if (!conditional) return true;
    const set = this.renderingCharts();
    return set ? set.has(node.helmPrefix) : undefined;
  }

  analyzeFile(t: ChartTemplateFile): FileAnalysis {
    const hit = this.cache.get(t.helmPath);
    if (hit) return hit;
    let text = this.fs.readText(t.file) ?? '';
    if (text.length > LIMITS.maxFileBytes || text.indexOf('\u0000') >= 0) text = '';
    let documents: DocumentAnalysis[] = [];
    let masked: MaskedTemplate | undefined;
    const before = this.edited.get(t.helmPath);
    this.edited.delete(t.helmPath);
    if (t.role === 'manifest') {
      const change = before?.masked ? changeBetween(before.text, text) : undefined;
      const oldSpans = before?.documents.map((d) => d.doc.span);
      const oldMasked = before?.masked?.masked;
      const patched = before?.masked && change ? remask(before.masked, text, change) : undefined;
      masked = patched ?? maskTemplate(text);
      const spans = patched && oldSpans && oldMasked !== undefined && change ? respan(oldSpans, oldMasked, masked.masked, change) : undefined;
      const docs = templateDocuments(
        t.file,
        t.helmPath,
        text,
        { inSubchart: !!t.chart.parent, fileCondition: subchartCondition(t.chart), chartRenders: () => this.chartRenders(t.chart) },
        masked,
        spans,
      );
      const reused =
        before?.masked && change && reuseAnalyses({ template: before.masked, documents: before.documents }, { template: masked, documents: docs }, change, analyzeDocument, !!patched);
      documents = reused ?? docs.map(analyzeDocument);
    }
    const fa: FileAnalysis = { template: t, text, documents, masked };
    this.cache.set(t.helmPath, fa);
    return fa;
  }

  /** Each manifest template's analysed documents, in Helm's file order (the arrays stay the same while a file is unchanged). */
  fileDocuments(): DocumentAnalysis[][] {
    const out: DocumentAnalysis[][] = [];
    for (const t of this.templates) if (t.role === 'manifest') out.push(this.analyzeFile(t).documents);
    return out;
  }

  /** Every document of every manifest template, in Helm's file order then document order. */
  documents(): DocumentAnalysis[] {
    const out: DocumentAnalysis[] = [];
    for (const t of this.templates) {
      if (t.role !== 'manifest') continue;
      for (const d of this.analyzeFile(t).documents) out.push(d);
    }
    return out;
  }
}

function sameSet(a: Set<string> | undefined, b: Set<string> | undefined): boolean {
  if (!a || !b) return a === b;
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function subchartCondition(n: ChartNode): string | undefined {
  const conds: string[] = [];
  for (let c: ChartNode | undefined = n; c; c = c.parent) if (c.condition) conds.unshift(`condition ${c.condition}`);
  return conds.length ? conds.join(' → ') : undefined;
}
