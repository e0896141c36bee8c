/**
 * The chart is the unit: a parent chart with its subcharts (folders and `.tgz` archives under `charts/`), each
 * template split into documents and analysed once per text. Weights are global across the parent and every
 * subchart (spec §2.3), so the hook model is built for the top-level chart.
 */
import { ARCHIVE_SEPARATOR, basename, dirname, joinPath, LIMITS, type ChartFileSystem } from './chartFiles';
import { analyzeDocument, type DocumentAnalysis } from './hookExtraction';
import { templateDocuments } from './manifestDocuments';
import { changeBetween, remask, respan, reuseAnalyses } from './incremental';
import { maskTemplate, type MaskedTemplate, type TemplateBlock } from './templateMask';
import { coalesceValues, dependencyEnabled, parseValues, subchartValues, type TemplateLibrary, type ValuesContext, type ValuesMap } from './valuesConditions';

export type TemplateRole = 'manifest' | 'partial' | 'notes';

export interface ChartTemplateFile {
  /** Absolute path (archives: `…/x.tgz!/x/templates/y.yaml`). */
  file: string;
  /** Helm's template path: `<chart name>/templates/y.yaml`, subcharts `<parent>/charts/<name>/templates/y.yaml`. */
  helmPath: string;
  role: TemplateRole;
  chart: ChartNode;
}

export interface ChartNode {
  root: string;
  /** The name Helm uses in template paths: `Chart.yaml` name, or the dependency's alias. */
  name: string;
  /** `<parent prefix>/charts/<name>` or `<name>` for the top chart. */
  helmPrefix: string;
  parent?: ChartNode;
  /** The dependency's `condition`, when the parent declares one. */
  condition?: string;
  /** The dependency's `tags`, when the parent declares them. */
  tags?: string[];
  archive: boolean;
  templates: ChartTemplateFile[];
  crds: string[];
  subcharts: ChartNode[];
  /** Problems reading the chart (unreadable Chart.yaml, bad archive, limits hit). */
  problems: string[];
}

interface DependencyMeta {
  name: string;
  alias?: string;
  condition?: string;
  tags?: string[];
}

interface ChartMeta {
  name?: string;
  dependencies: DependencyMeta[];
}

function readDependencies(list: unknown): DependencyMeta[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && typeof (x as { name?: unknown }).name === 'string')
    .map((x) => ({
      name: String(x.name),
      alias: typeof x.alias === 'string' && x.alias ? x.alias : undefined,
      condition: typeof x.condition === 'string' && x.condition ? x.condition : undefined,
      tags: Array.isArray(x.tags) ? x.tags.filter((t): t is string => typeof t === 'string') : undefined,
    }));
}

function readChartMeta(fs: ChartFileSystem, root: string): ChartMeta | undefined {
  const text = fs.readText(joinPath(root, 'Chart.yaml'));
  if (text === undefined) return undefined;
  try {
    // Helm reads Chart.yaml with go-yaml v2 (YAML 1.1), like values: the fast reader, then the full parser. Only
    // `apiVersion`, `name` and `dependencies` are read here: the other keys (annotations, maintainers) stay unread.
    const doc = parseValues(text, 0) as unknown;
    if (!doc || typeof doc !== 'object') return { dependencies: [] };
    const d = doc as { name?: unknown; dependencies?: unknown; apiVersion?: unknown };
    let deps = readDependencies(d.dependencies);
    // apiVersion v1 charts declare their dependencies in requirements.yaml (Helm still reads it).
    if (deps.length === 0 && d.apiVersion !== 'v2') {
      const req = fs.readText(joinPath(root, 'requirements.yaml'));
      if (req !== undefined) {
        try {
          deps = readDependencies((parseValues(req) as { dependencies?: unknown } | undefined)?.dependencies);
        } catch {
          deps = [];
        }
      }
    }
    return { name: typeof d.name === 'string' ? d.name : undefined, dependencies: deps };
  } catch {
    return { dependencies: [] };
  }
}

/** Loads a chart's structure (not its templates' contents). */
export function loadChart(fs: ChartFileSystem, root: string, parent?: ChartNode, alias?: string, condition?: string, tags?: string[]): ChartNode {
  const meta = readChartMeta(fs, root);
  const name = alias ?? meta?.name ?? basename(root).replace(/\.tgz!?$/, '');
  const node: ChartNode = {
    root,
    name,
    helmPrefix: parent ? `${parent.helmPrefix}/charts/${name}` : name,
    parent,
    condition,
    tags: tags?.length ? tags : undefined,
    archive: root.includes(ARCHIVE_SEPARATOR),
    templates: [],
    crds: [],
    subcharts: [],
    problems: [],
  };
  if (!meta) node.problems.push(`no readable Chart.yaml in ${root}`);
  let budget = LIMITS.maxFilesPerChart;
  const walk = (dir: string, rel: string, depth: number, visit: (abs: string, rel: string) => void) => {
    if (depth > LIMITS.maxDepth * 4) return;
    const entries = fs.listDir(dir);
    if (!entries) return;
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (budget-- <= 0) {
        if (!node.problems.some((p) => p.startsWith('too many files'))) node.problems.push(`too many files (over ${LIMITS.maxFilesPerChart}): the rest is not analysed`);
        return;
      }
      const abs = joinPath(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.kind === 'dir') walk(abs, r, depth + 1, visit);
      else visit(abs, r);
    }
  };
  walk(joinPath(root, 'templates'), '', 0, (abs, rel) => {
    const base = basename(rel);
    const role: TemplateRole = base.startsWith('_') ? 'partial' : rel === 'NOTES.txt' ? 'notes' : 'manifest';
    node.templates.push({ file: abs, helmPath: `${node.helmPrefix}/templates/${rel}`, role, chart: node });
  });
  walk(joinPath(root, 'crds'), '', 0, (abs) => node.crds.push(abs));

  const depth = helmDepth(node);
  if (depth >= LIMITS.maxDepth) return node;
  const chartsDir = joinPath(root, 'charts');
  for (const e of fs.listDir(chartsDir) ?? []) {
    let subRoot: string | undefined;
    if (e.kind === 'dir' && fs.readText(joinPath(joinPath(chartsDir, e.name), 'Chart.yaml')) !== undefined) {
      subRoot = joinPath(chartsDir, e.name);
    } else if (e.kind === 'file' && /\.tgz$/.test(e.name)) {
      const archive = joinPath(chartsDir, e.name);
      const inner = fs.listDir(archive + ARCHIVE_SEPARATOR);
      const top = inner?.find((x) => x.kind === 'dir');
      if (!top) {
        node.problems.push(`${archive}: not a readable chart archive`);
        continue;
      }
      subRoot = `${archive}${ARCHIVE_SEPARATOR}${top.name}`;
    }
    if (!subRoot) continue;
    const subMeta = readChartMeta(fs, subRoot);
    const subName = subMeta?.name ?? e.name;
    // A dependency may be declared several times with aliases: Helm renders the subchart once per alias.
    const decls = meta?.dependencies.filter((d) => d.name === subName) ?? [];
    if (decls.length === 0) node.subcharts.push(loadChart(fs, subRoot, node));
    for (const d of decls) node.subcharts.push(loadChart(fs, subRoot, node, d.alias, d.condition, d.tags));
  }
  node.subcharts.sort((a, b) => (a.helmPrefix < b.helmPrefix ? -1 : a.helmPrefix > b.helmPrefix ? 1 : 0));
  return node;
}

function helmDepth(n: ChartNode): number {
  let d = 0;
  for (let p = n.parent; p; p = p.parent) d++;
  return d;
}

/** Every template of the chart and its subcharts, in Helm's order: sorted by full template path. */
export function allTemplates(node: ChartNode): ChartTemplateFile[] {
  const out: ChartTemplateFile[] = [];
  const visit = (n: ChartNode) => {
    out.push(...n.templates);
    n.subcharts.forEach(visit);
  };
  visit(node);
  // Go's sort.Strings compares bytes; JS `<` compares UTF-16 units, identical for the ASCII paths charts use.
  return out.sort((a, b) => (a.helmPath < b.helmPath ? -1 : a.helmPath > b.helmPath ? 1 : 0));
}

/** The chart whose templates (or crds) contain `file`, searching the top chart and its subcharts. */
export function chartOfFile(node: ChartNode, file: string): ChartNode | undefined {
  for (const s of node.subcharts) {
    const hit = chartOfFile(s, file);
    if (hit) return hit;
  }
  return file.startsWith(node.root + '/') ? node : undefined;
}

/** Finds the top-level chart root for a path: the nearest `Chart.yaml`, then up through `charts/` parents. */
export function findChartRoot(fs: ChartFileSystem, path: string): string | undefined {
  let dir = fs.readText(joinPath(path, 'Chart.yaml')) !== undefined ? path : dirname(path);
  let found: string | undefined;
  for (let i = 0; i < 64; i++) {
    if (fs.readText(joinPath(dir, 'Chart.yaml')) !== undefined) {
      found = dir;
      const up = dirname(dir);
      if (basename(up) === 'charts' && fs.readText(joinPath(dirname(up), 'Chart.yaml')) !== undefined) {
        dir = dirname(up);
        continue;
      }
      return found;
    }
    if (found) return found;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return found;
}

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
