/**
 * A chart's tree as the editor reads it: the top chart, its subcharts (folders and `.tgz` archives under `charts/`)
 * and which template files each has, with Helm's template paths. Only Chart.yaml is read here, never a template.
 */
import { ARCHIVE_SEPARATOR, basename, dirname, joinPath, LIMITS, type ChartFileSystem } from '../render/chartFiles';
import { loadChart as loadHelmChart, processDependencies, type LoadedChart } from '../render/chart';
import { decodeMetadata, emptyMetadata, type ChartDependency, type ChartMetadata } from '../render/chart/metadata';
import { parseRawYaml, splitYamlDocuments } from '../render/chart/yaml';
import { GoNumber, type GoMap, type GoValue } from '../render/goValue';
import { loadValues } from '../render/chart/valuesFile';

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

function readDependencies(list: (ChartDependency | null)[] | null): DependencyMeta[] {
  return (list ?? [])
    .filter((d): d is ChartDependency => !!d && d.name !== '')
    .map((d) => ({ name: d.name, alias: d.alias || undefined, condition: d.condition || undefined, tags: d.tags.length ? d.tags : undefined }));
}

/** Decodes a Chart.yaml (or requirements.yaml) as Helm's loader does: go-yaml, then json into chart.Metadata. */
function decodeChartYaml(text: string, into: ChartMetadata): boolean {
  try {
    decodeMetadata(parseRawYaml(text), into);
    return true;
  } catch {
    return false;
  }
}

function readChartMeta(fs: ChartFileSystem, root: string): ChartMeta | undefined {
  const text = fs.readText(joinPath(root, 'Chart.yaml'));
  if (text === undefined) return undefined;
  // The renderer's own Chart.yaml reading (render/chart/metadata.ts), so the tree and the render agree on names and
  // dependencies. A Chart.yaml Helm cannot decode still gives a chart (its name from the folder), with no dependencies.
  const md = emptyMetadata();
  if (!decodeChartYaml(text, md)) return { dependencies: [] };
  let deps = readDependencies(md.dependencies);
  // apiVersion v1 charts declare their dependencies in requirements.yaml (Helm still reads it).
  if (deps.length === 0 && md.apiVersion !== 'v2') {
    const req = fs.readText(joinPath(root, 'requirements.yaml'));
    const reqMd = emptyMetadata();
    if (req !== undefined && decodeChartYaml(req, reqMd)) deps = readDependencies(reqMd.dependencies);
  }
  return { name: md.name || undefined, dependencies: deps };
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
    // Helm takes every file whose path ends in NOTES.txt out of the manifests (`pkg/action/action.go`), not only
    // templates/NOTES.txt: none of them renders a resource.
    const role: TemplateRole = base.startsWith('_') ? 'partial' : rel.endsWith('NOTES.txt') ? 'notes' : 'manifest';
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

/**
 * The Helm template prefixes (`<name>`, `<name>/charts/<sub>`, …) of the charts that render with `userValues` (none:
 * the chart's defaults): the renderer's own chart loading and dependency processing (`condition:`, `tags:`, aliases),
 * as `helm template` runs them. Undefined when Helm would not load the chart.
 */
export function renderingCharts(fs: ChartFileSystem, root: string, userValues: GoMap = new Map()): Set<string> | undefined {
  let chart: LoadedChart;
  try {
    chart = loadHelmChart(fs, root);
    processDependencies(chart, userValues);
  } catch {
    return undefined;
  }
  const out = new Set<string>();
  const visit = (c: LoadedChart, prefix: string, depth: number) => {
    out.add(prefix);
    if (depth < LIMITS.maxDepth * 4) for (const d of c.dependencies) visit(d, `${prefix}/charts/${d.name}`, depth + 1);
  };
  visit(chart, chart.name, 0);
  return out;
}

/**
 * What of one chart's values.yaml Helm's dependency processing can read, as a string that changes only when one of
 * those values changes: the values at the paths of every `condition:` in the tree (Helm looks each up in the top
 * chart's coalesced values, where this chart's values sit under its path of names), the top chart's `tags`, and
 * `global` when some condition reads a global. Undefined when the text does not parse (anything may have changed).
 * An edit of values.yaml that keeps this string needs no new dependency processing (renderingCharts).
 */
export function conditionInputs(top: ChartNode, node: ChartNode, text: string): string | undefined {
  const pathOf = (n: ChartNode): string[] => {
    const names: string[] = [];
    for (let c: ChartNode | undefined = n; c?.parent; c = c.parent) names.unshift(c.name);
    return names;
  };
  const own = pathOf(node);
  const startsWith = (a: string[], b: string[]) => b.length <= a.length && b.every((s, i) => a[i] === s);
  const paths: string[][] = node === top ? [['tags']] : [];
  let whole = false;
  const visit = (n: ChartNode, depth: number) => {
    if (depth > LIMITS.maxDepth * 4) return;
    for (const d of n.subcharts) {
      for (const c of (d.condition ?? '').split(',')) {
        const abs = [...pathOf(n), ...c.trim().split('.').filter(Boolean)];
        if (abs.length === pathOf(n).length) continue;
        if (abs.includes('global')) paths.push(['global']);
        if (startsWith(abs, own)) {
          if (abs.length === own.length) whole = true;
          else paths.push(abs.slice(own.length));
        } else if (startsWith(own, abs)) whole = true;
      }
      visit(d, depth + 1);
    }
  };
  visit(top, 0);
  let read: Array<[string, GoMap]>;
  try {
    // Helm 3 reads the first document only, Helm 4 merges them all: the same map for a file of one document.
    read = [['4', loadValues(text, '4')]];
    if (splitYamlDocuments(text).length > 1) read.push(['3', loadValues(text, '3')]);
  } catch {
    return undefined;
  }
  const at = (values: GoMap, path: string[]): GoValue | undefined => {
    let v: GoValue | undefined = values;
    for (const key of path) v = v instanceof Map ? v.get(key) : undefined;
    return v;
  };
  return JSON.stringify(read.map(([hv, values]) => [hv, whole ? stable(values) : paths.map((p) => [p.join('.'), stable(at(values, p))])]));
}

/** A Go value as JSON with map keys sorted and types kept apart (`1` and `"1"` differ), for comparing. */
function stable(v: GoValue | undefined): unknown {
  if (v instanceof Map) return { m: [...v.keys()].sort().map((k) => [k, stable(v.get(k))]) };
  if (Array.isArray(v)) return { a: v.map((x) => stable(x as GoValue)) };
  if (v === undefined) return { absent: true };
  if (v instanceof GoNumber) return { [v.kind]: String(v.value) };
  if (v instanceof Uint8Array) return { bytes: Array.from(v) };
  if (v === null || typeof v !== 'object') return { [typeof v]: typeof v === 'bigint' ? String(v) : v };
  // Structs and funcs do not come out of YAML: never equal to anything, so the caller processes dependencies again.
  return { other: ++uncomparable };
}
let uncomparable = 0;
