/**
 * The chart is the unit: a parent chart with its subcharts (folders and `.tgz` archives under `charts/`), each
 * template split into documents and analysed once per text. Weights are global across the parent and every
 * subchart (spec §2.3), so the hook model is built for the top-level chart.
 */
import { joinPath, LIMITS, type ChartFileSystem } from '../render/chartFiles';
import { analyzeDocument, type DocumentAnalysis } from './hookExtraction';
import { templateDocuments } from '../documents/manifestDocuments';
import { changeBetween, remask, respan, reuseAnalyses } from './incremental';
import { maskTemplate, type MaskedTemplate, type TemplateBlock } from '../documents/templateMask';
import { coalesceValues, dependencyEnabled, parseValues, subchartValues, type TemplateLibrary, type ValuesContext, type ValuesMap } from '../documents/valuesConditions';

import { allTemplates, loadChart, type ChartNode, type ChartTemplateFile } from '../documents/chartTree';

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
  private readonly valuesCache = new Map<ChartNode, ValuesContext>();
  private readonly hookRoots = new Map<ChartNode, { roots: Set<string>; inherited: boolean }>();
  private defines?: DefineIndex;
  /** Analyses that rendered a named template (so a partial's edit re-analyses them). */
  private readonly definesUsedBy = new Set<string>();
  private analyzing?: string;
  private readonly library: TemplateLibrary = {
    define: (name) => {
      if (this.analyzing) this.definesUsedBy.add(this.analyzing);
      return (this.defines ??= this.readDefines()).get(name);
    },
  };
  /** Bumped on every change, so consumers can cache derived results (order, diagnostics). */
  generation = 0;

  constructor(
    readonly fs: ChartFileSystem,
    public chart: ChartNode,
    /** Values given on top of the chart's values.yaml, as `helm install -f` would (none: the chart's defaults). */
    readonly userValues?: ValuesMap,
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
    if (/\/values\.yaml$/.test(file) && this.nodeWithRoot(file.slice(0, file.lastIndexOf('/')))) {
      // Default values decide what renders (and may hold annotations): every analysis may change.
      this.valuesCache.clear();
      this.hookRoots.clear();
      this.cache.clear();
      this.edited.clear();
      this.generation++;
      return;
    }
    let changed = false;
    if (this.defines && this.templates.some((t) => t.file === file && t.role === 'partial')) {
      // Named templates changed: what `include` renders in conditions may differ.
      this.defines = undefined;
      for (const key of this.definesUsedBy) {
        changed = this.cache.delete(key) || changed;
        this.edited.delete(key);
      }
      this.definesUsedBy.clear();
    }
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
    this.valuesCache.clear();
    this.hookRoots.clear();
    this.defines = undefined;
    this.definesUsedBy.clear();
    this.generation++;
  }

  /**
   * The `define`s of the chart tree's partials (`_*.tpl`): one namespace for the parent and every subchart. Helm
   * parses deeper templates first, so a parent's definition of a name wins over a subchart's (`sortTemplates` in
   * `pkg/engine/engine.go`). Names are found with a regular expression; a file is masked only when one of its
   * definitions is asked for.
   */
  private readDefines(): DefineIndex {
    const where = new Map<string, string>();
    const texts = new Map<string, string>();
    const depth = new Map<ChartTemplateFile, number>();
    for (const t of this.templates) if (t.role === 'partial') depth.set(t, t.helmPath.split('/').length);
    const partials = [...depth.keys()].sort((a, b) => depth.get(b)! - depth.get(a)!);
    for (const t of partials) {
      const text = this.fs.readText(t.file);
      if (!text || text.length > LIMITS.maxFileBytes || text.indexOf('define') < 0) continue;
      texts.set(t.file, text);
      const re = /\{\{-?\s*define\s+(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`)/g;
      for (let m = re.exec(text); m; m = re.exec(text)) where.set(m[1] ?? m[2], t.file);
    }
    const masked = new Map<string, MaskedTemplate>();
    const out = new Map<string, { template: MaskedTemplate; block: TemplateBlock } | undefined>();
    return {
      get: (name: string) => {
        if (out.has(name)) return out.get(name);
        const file = where.get(name);
        let found: { template: MaskedTemplate; block: TemplateBlock } | undefined;
        if (file) {
          let template = masked.get(file);
          if (!template) masked.set(file, (template = maskTemplate(texts.get(file)!)));
          const block = template.blocks.find((b) => b.keyword === 'define' && defineName(b.condition) === name);
          if (block) found = { template, block };
        }
        out.set(name, found);
        return found;
      },
    };
  }

  private nodeWithRoot(root: string): ChartNode | undefined {
    const find = (n: ChartNode): ChartNode | undefined => (n.root === root ? n : n.subcharts.map(find).find(Boolean));
    return find(this.chart);
  }

  /**
   * A chart's default values as Helm merges them for a render without user values: its values.yaml, overridden by
   * its parents' tables for it, with their globals; and whether its dependency condition lets it render.
   * Parsed on first use only (most documents never ask).
   */
  valuesContext(node: ChartNode): ValuesContext {
    const hit = this.valuesCache.get(node);
    if (hit) return hit;
    const text = this.fs.readText(joinPath(node.root, 'values.yaml'));
    const parent = node.parent ? this.valuesContext(node.parent) : undefined;
    let values: ValuesMap | undefined | null = null;
    let enabled: boolean | undefined | null = null;
    // Which top-level keys of this chart's values hold a hook annotation somewhere below them (read from the text,
    // so that charts whose values never mention one are never parsed for it).
    const roots = text && text.includes('helm.sh/hook') ? hookMentionRoots(text) : new Set<string>();
    if (!node.parent && this.userValues) {
      for (const [k, v] of Object.entries(this.userValues)) if (JSON.stringify(v ?? null).includes('helm.sh/hook')) roots.add(k);
    }
    // A subchart sees its own values, and what its parent gives it under its name or in `global`.
    const from = node.parent && this.hookRoots.get(node.parent);
    const inherited = !!from && (from.inherited || from.roots.has(node.name) || from.roots.has('global') || from.roots.has('*'));
    this.hookRoots.set(node, { roots, inherited });
    const ctx: ValuesContext = {
      mentionsHooks: roots.size > 0 || inherited,
      library: this.library,
      values: () => {
        if (values !== null) return values;
        const own = text === undefined ? {} : parseValues(text);
        if (!parent) values = own && this.userValues ? coalesceValues(this.userValues, own) : own;
        else {
          const pv = parent.values();
          values = pv && own ? subchartValues(pv, node.name, own) : undefined;
        }
        return values;
      },
      chartEnabled: () => {
        if (enabled !== null) return enabled;
        if (!parent || !node.parent) return (enabled = true);
        const parentOn = parent.chartEnabled();
        const pv = parent.values();
        const top = this.valuesContext(this.chart).values();
        const self = pv && top ? dependencyEnabled({ condition: node.condition, tags: node.tags }, pv, top) : node.condition || node.tags ? undefined : true;
        enabled = parentOn === false || self === false ? false : parentOn === undefined || self === undefined ? undefined : true;
        return enabled;
      },
    };
    this.valuesCache.set(node, ctx);
    return ctx;
  }

  analyzeFile(t: ChartTemplateFile): FileAnalysis {
    const hit = this.cache.get(t.helmPath);
    if (hit) return hit;
    let text = this.fs.readText(t.file) ?? '';
    if (text.length > LIMITS.maxFileBytes || text.indexOf('\u0000') >= 0) text = '';
    this.analyzing = t.helmPath;
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
        { inSubchart: !!t.chart.parent, fileCondition: subchartCondition(t.chart), values: this.valuesContext(t.chart) },
        masked,
        spans,
      );
      const reused =
        before?.masked && change && reuseAnalyses({ template: before.masked, documents: before.documents }, { template: masked, documents: docs }, change, analyzeDocument, !!patched);
      documents = reused ?? docs.map(analyzeDocument);
    }
    this.analyzing = undefined;
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

interface DefineIndex {
  get(name: string): { template: MaskedTemplate; block: TemplateBlock } | undefined;
}

/**
 * The top-level keys of a values.yaml under which `helm.sh/hook` is written (comment lines aside), found from the
 * text by indentation: `initJob:` for `initJob.annotations."helm.sh/hook"`.
 */
export function hookMentionRoots(text: string): Set<string> {
  const roots = new Set<string>();
  for (let idx = text.indexOf('helm.sh/hook'); idx >= 0; idx = text.indexOf('helm.sh/hook', idx + 12)) {
    const lineStart = text.lastIndexOf('\n', idx - 1) + 1;
    const before = text.slice(lineStart, idx);
    if (before.trimStart().startsWith('#')) continue;
    let p = lineStart;
    for (;;) {
      const c = text[p];
      if (c !== undefined && c !== ' ' && c !== '\t' && c !== '#' && c !== '\r' && c !== '\n' && c !== '-') {
        const m = /^["']?([^"':\r\n]+?)["']?[ \t]*:/.exec(text.slice(p, p + 256));
        if (m) roots.add(m[1]);
        else return new Set(['*']); // not plain block YAML: assume anything may hold it
        break;
      }
      if (p === 0) break;
      p = text.lastIndexOf('\n', p - 2) + 1;
    }
  }
  return roots;
}

/** The name of a `define` block from its opening action's text: `"app.fullname"`. */
function defineName(condition: string): string | undefined {
  const m = /^"((?:[^"\\]|\\.)*)"|^`([^`]*)`/.exec(condition);
  return m ? m[1] ?? m[2] : undefined;
}

function subchartCondition(n: ChartNode): string | undefined {
  const conds: string[] = [];
  for (let c: ChartNode | undefined = n; c; c = c.parent) if (c.condition) conds.unshift(`condition ${c.condition}`);
  return conds.length ? conds.join(' → ') : undefined;
}
