/**
 * Rendered mode's source: what real Helm printed for a chart (its JSON release from `helm install --dry-run -o json`,
 * or `helm template` output), turned into `ManifestDocument`s through the same seam as static mode. Hooks are then
 * read by `analyzeDocument` and ordered by `buildHookModel`/`orderResult` exactly as in static mode; this file only
 * parses Helm's output and maps each rendered document back to the template document it most likely comes from.
 *
 * Pure: no process, no file system beyond the chart model it is given.
 */
import type { ChartModel, ChartTemplateFile } from './chartModel';
import { goToLower, goTrimSpace, resolveEvent } from './helmFacts';
import { analyzeDocument, type DocumentAnalysis } from './hookExtraction';
import { buildHookModel, chartCrds, compareGoStrings, documentLine, orderResult, type HookModel } from './hookOrder';
import { renderedDocuments } from './manifestDocuments';
import type { CommandName, DroppedItem, HelmVersion, HookItem, OrderResult, RenderError } from './types';

/** One document as Helm printed it. */
export interface RenderedManifest {
  /** The template path Helm names (`# Source:` or a hook's `path`): `<chart>/templates/x.yaml`. */
  helmPath: string;
  /** The document's text, without `---` and without the `# Source:` comment. */
  content: string;
}

/** A hook as Helm's own JSON release lists it (used to cross-check our reading of the documents). */
export interface HelmReleaseHook {
  name: string;
  kind: string;
  path: string;
  events: string[];
  weight?: number;
  delete_policies?: string[];
  output_log_policies?: string[];
}

export interface RenderedRelease {
  /** Every document Helm printed, normal resources and hooks alike, in its output order. */
  manifests: RenderedManifest[];
  /** Helm's own hook list, when the output was a JSON release. */
  helmHooks?: HelmReleaseHook[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Splits text in Helm's manifest format, `---\n# Source: <path>\n<content>\n` per document (the release's
 * `manifest` and `helm template`'s output alike). Helm split the documents itself, so a content line never starts
 * with `---`; a `---` line not followed by `# Source:` (none in Helm's output) keeps the previous document's path.
 */
export function splitSourceDocuments(text: string): RenderedManifest[] {
  const out: RenderedManifest[] = [];
  const lines = text.split('\n');
  let path: string | undefined;
  let body: string[] | undefined;
  const flush = () => {
    if (path !== undefined && body) {
      const content = body.join('\n').replace(/\s+$/, '');
      if (content.trim()) out.push({ helmPath: path, content });
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (/^---[ \t]*$/.test(line)) {
      flush();
      const src = /^# Source: (.*)$/.exec((lines[i + 1] ?? '').replace(/\r$/, ''));
      if (src) {
        path = src[1].trim();
        i++;
      }
      body = [];
      continue;
    }
    body?.push(lines[i]);
  }
  flush();
  return out;
}

/**
 * Helm's JSON release (`helm install … --dry-run=client -o json`): normal resources from `manifest` (with their
 * `# Source:` comments), hooks from `hooks[]` (`path`, `manifest`). Throws when the text is not such a release.
 */
export function parseReleaseJson(stdout: string): RenderedRelease {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch (e) {
    throw new Error(`Helm's output is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isRecord(parsed)) throw new Error("Helm's output is not a release object");
  const manifests = typeof parsed.manifest === 'string' ? splitSourceDocuments(parsed.manifest) : [];
  const helmHooks: HelmReleaseHook[] = [];
  for (const h of Array.isArray(parsed.hooks) ? parsed.hooks : []) {
    if (!isRecord(h) || typeof h.path !== 'string' || typeof h.manifest !== 'string') continue;
    manifests.push({ helmPath: h.path, content: h.manifest });
    helmHooks.push({
      name: typeof h.name === 'string' ? h.name : '',
      kind: typeof h.kind === 'string' ? h.kind : '',
      path: h.path,
      events: stringArray(h.events),
      weight: typeof h.weight === 'number' ? h.weight : undefined,
      delete_policies: stringArray(h.delete_policies),
      output_log_policies: stringArray(h.output_log_policies),
    });
  }
  return { manifests, helmHooks };
}

/** `helm template` output: the release manifest, then every hook (Helm's stored order), each with `# Source:`. */
export function parseTemplateOutput(stdout: string): RenderedRelease {
  return { manifests: splitSourceDocuments(stdout) };
}

/** Go's `strconv.Unquote` for a double-quoted string (`%q` in Helm 3's log, slog's quoting in Helm 4's). */
export function goUnquote(quoted: string): string {
  const s = quoted.startsWith('"') && quoted.endsWith('"') && quoted.length >= 2 ? quoted.slice(1, -1) : quoted;
  const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };
  let out = '';
  const bytes: number[] = [];
  const flushBytes = () => {
    if (bytes.length) out += Buffer.from(bytes).toString('utf8');
    bytes.length = 0;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) {
      flushBytes();
      out += c;
      continue;
    }
    const e = s[++i];
    if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    flushBytes();
    if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) {
      out += String.fromCodePoint(parseInt(s.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (e === 'U' && /^[0-9a-fA-F]{8}$/.test(s.slice(i + 1, i + 9))) {
      out += String.fromCodePoint(parseInt(s.slice(i + 1, i + 9), 16));
      i += 8;
    } else if (/^[0-7]{3}$/.test(s.slice(i, i + 3))) {
      bytes.push(parseInt(s.slice(i, i + 3), 8));
      i += 2;
    } else out += simple[e] ?? e;
  }
  flushBytes();
  return out;
}

/**
 * The `helm.sh/hook` values of resources Helm dropped, from its log on stderr (`manifest_sorter.go`):
 * Helm 4 `level=INFO msg="skipping unknown hooks" hookTypes=<value, quoted when needed>`,
 * Helm 3 `… info: skipping unknown hook: "<value>"`.
 */
export function parseSkippedHooks(stderr: string): string[] {
  const out: string[] = [];
  for (const line of stderr.split('\n')) {
    const h4 = /msg="skipping unknown hooks".*?\bhookTypes=("(?:[^"\\]|\\.)*"|\S*)/.exec(line);
    if (h4) {
      out.push(h4[1].startsWith('"') ? goUnquote(h4[1]) : h4[1]);
      continue;
    }
    const h3 = /skipping unknown hook: ("(?:[^"\\]|\\.)*")/.exec(line);
    if (h3) out.push(goUnquote(h3[1]));
  }
  return out;
}

/** Log lines Helm writes to stderr besides its error (Helm 4's slog, Helm 3's `file.go:NN: info:` lines). */
function isLogLine(line: string): boolean {
  return /^level=(DEBUG|INFO|WARN)\b/.test(line) || /^[\w.-]+\.go:\d+: (info|\[debug\]|warning)/.test(line) || /^WARNING: /.test(line);
}

/** Where a Helm error points: `(x/templates/y.yaml:21:27)`, `template: x/templates/y.yaml:4:49:`, `Error: x/…:4:49`. */
const TEMPLATE_POSITION = /(?:^|[\s(:])((?:[^\s():"]+\/)+[^\s():"]+):(\d+)(?::(\d+))?/m;
const YAML_ERROR = /YAML parse error on (\S+?):.*?\bline (\d+)/;

function hintFor(message: string): string | undefined {
  if (/helm dependency build|missing in charts\/ directory|found in Chart\.yaml, but missing/i.test(message)) {
    return "The chart's dependencies are not in charts/: run `helm dependency build` in the chart folder.";
  }
  if (/Kubernetes cluster unreachable/.test(message)) {
    return 'This Helm needs a reachable cluster for `helm install --dry-run`.';
  }
  if (/invalid release name/.test(message)) return 'A release name is lower-case letters, digits, `-` and `.`, at most 53 characters.';
  if (/open .*: no such file or directory/.test(message)) return 'A values file does not exist (paths are relative to the chart folder in the editor, to the current folder in the CLI).';
  if (/YAML parse error/.test(message)) return 'A template renders invalid YAML: `helm template --debug` shows the rendered text.';
  if (/execution error at|required/.test(message)) return 'The chart stops the render on purpose (`required`/`fail`): set the value it asks for in a values file or with --set.';
  if (/nil pointer evaluating/.test(message)) return 'A template reads a value below a key that is not set: set that key in a values file or with --set.';
  if (/parse error at|function ".*" not defined/.test(message)) return 'A template does not parse; fix the template at the position Helm names.';
  return undefined;
}

/**
 * Helm's error, as it wrote it (stderr without its log lines and without the `--debug` advice), with the template
 * position it names and a hint. `templateOf` maps Helm's template path to the file on disk.
 */
export function parseRenderError(stderr: string, templateOf?: (helmPath: string) => string | undefined): RenderError {
  const lines = stderr.split('\n').filter((l) => !isLogLine(l) && !/^Use --debug flag to render out invalid YAML/.test(l));
  // Helm 4 also logs its error as `level=ERROR …` before printing `Error: …`: keep the latter only.
  const plain = lines.filter((l) => !/^level=ERROR\b/.test(l));
  const message = (plain.join('\n').trim() ? plain : lines).join('\n').trim();
  const err: RenderError = { message: message || stderr.trim() || 'Helm failed without a message' };
  const yaml = YAML_ERROR.exec(message);
  const pos = TEMPLATE_POSITION.exec(message);
  if (yaml) {
    err.path = yaml[1];
    err.renderedLine = Number(yaml[2]);
  } else if (pos && /\.(ya?ml|tpl|txt|json)$/i.test(pos[1])) {
    err.path = pos[1];
    err.line = Number(pos[2]);
    if (pos[3]) err.column = Number(pos[3]);
  } else {
    const on = /\bon ((?:[^\s():"]+\/)+[^\s():"]+\.(?:ya?ml|tpl|txt|json))\b/.exec(message);
    if (on) err.path = on[1];
  }
  if (err.path && templateOf) err.file = templateOf(err.path);
  const hint = hintFor(message);
  if (hint) err.hint = hint;
  return err;
}

// ---- mapping rendered documents back to template documents -------------------------------------------------------

/** A static name (`{{…}}-migrate`) as a pattern: templated parts match anything. */
function namePattern(staticName: string): RegExp {
  const parts = staticName.split('{{…}}').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[\\s\\S]*')}$`);
}

export interface TemplateMapping {
  /** Absolute template file (or Helm's path when no template of the chart has it). */
  file: string;
  /** 1-based line in the template: the hook annotation, else the document's first line. */
  line: number;
  uncertain: boolean;
  note?: string;
}

/**
 * Maps the rendered documents of one template file onto the file's template documents: by kind and name (a
 * templated name is a pattern), hooks preferring hook documents, then by order (the k-th rendered document of a
 * kind takes the k-th fitting template document, as Helm keeps file order among equal kinds). A mapping is
 * uncertain when more than one template document fits, or none does.
 */
export function mapFileDocuments(template: ChartTemplateFile | undefined, staticDocs: DocumentAnalysis[], rendered: DocumentAnalysis[]): TemplateMapping[] {
  const candidatesOf = staticDocs.filter((d) => !d.empty);
  const uses = new Map<DocumentAnalysis, number>();
  const file = template?.file ?? rendered[0]?.doc.file ?? '';
  return rendered.map((r) => {
    if (!template) return { file, line: 1, uncertain: true, note: `no template ${r.doc.helmPath} in the chart as the editor sees it` };
    const kindFits = (s: DocumentAnalysis) => !s.kind || s.kindDynamic || s.kind === r.kind;
    const nameFits = (s: DocumentAnalysis) => s.name === undefined || (s.nameDynamic ? namePattern(s.name).test(r.name ?? '') : s.name === (r.name ?? ''));
    const hookFits = (s: DocumentAnalysis) => !r.hook || !!s.hook || s.annotationsDynamic;
    let pool = candidatesOf.filter((s) => kindFits(s) && nameFits(s) && hookFits(s));
    // A literal name equal to the rendered one beats templated names that could also render it.
    const exact = pool.filter((s) => !s.nameDynamic && s.name !== undefined && s.name === (r.name ?? ''));
    if (exact.length) pool = exact;
    let note: string | undefined;
    if (pool.length === 0) {
      pool = candidatesOf.filter((s) => kindFits(s) && nameFits(s));
      if (pool.length === 0) pool = candidatesOf.filter(kindFits);
      if (pool.length === 0) pool = candidatesOf;
      note = `no template document of ${template.helmPath} reads as ${r.kind ?? 'this kind'} ${r.name ?? ''}`.trimEnd();
    }
    if (pool.length === 0) return { file, line: 1, uncertain: true, note: note ?? `no document in ${template.helmPath}` };
    // The least used fitting document, earliest in the file: one document inside `range` may render several.
    let best = pool[0];
    for (const s of pool) if ((uses.get(s) ?? 0) < (uses.get(best) ?? 0)) best = s;
    uses.set(best, (uses.get(best) ?? 0) + 1);
    const uncertain = !!note || pool.length > 1;
    if (!note && pool.length > 1) note = `${pool.length} template documents of ${template.helmPath} could render ${r.kind ?? ''} ${r.name ?? ''}: mapped by order`.replace(/ +/g, ' ');
    return { file: template.file, line: documentLine(best), uncertain, note };
  });
}

// ---- the rendered order ----------------------------------------------------------------------------------------

export interface RenderedHookModel {
  model: HookModel;
  /** Template mapping of each hook (same index as `model.hooks`). */
  mappings: TemplateMapping[];
  /**
   * Where the stored order we rebuilt differs from the order in which Helm printed its hooks (both `hooks[]` and
   * `helm template` print Helm's own stored list). Empty normally.
   */
  printedOrderProblems: string[];
}

/**
 * Builds Helm's stored hook list from rendered documents, through `analyzeDocument` and `buildHookModel`: the
 * documents are grouped per template path and the paths visited in sorted order, as Helm's `SortManifests` does.
 * Within a file Helm's output keeps file order among documents of one kind, which is all the stable kind sort
 * needs to give Helm's own stored order.
 */
export function renderedHookModel(chart: ChartModel, release: RenderedRelease, version: HelmVersion): RenderedHookModel {
  const steps = renderedHookModelSteps(chart, release, version);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * `renderedHookModel` in steps, one document at a time: a large chart's output (MBs of dashboards in ConfigMaps)
 * takes a good part of a second to read, and the language server must keep answering meanwhile.
 */
export function* renderedHookModelSteps(chart: ChartModel, release: RenderedRelease, version: HelmVersion): Generator<void, RenderedHookModel, void> {
  const byPath = new Map<string, number[]>();
  release.manifests.forEach((m, i) => {
    const list = byPath.get(m.helmPath);
    if (list) list.push(i);
    else byPath.set(m.helmPath, [i]);
  });
  const paths = [...byPath.keys()].sort(compareGoStrings);
  const templates = new Map(chart.templates.map((t) => [t.helmPath, t]));
  const all: DocumentAnalysis[] = [];
  const mappingOf = new Map<DocumentAnalysis, TemplateMapping>();
  const printedIndex = new Map<DocumentAnalysis, number>();
  for (const p of paths) {
    const t = templates.get(p);
    const file = t?.file ?? `${chart.chart.root}/${p.split('/').slice(1).join('/')}`;
    const printed = byPath.get(p)!;
    // Helm removed every separator line from a document, so joining with `---` lines splits back exactly.
    const text = printed.map((i) => release.manifests[i].content).join('\n---\n') + '\n';
    const docs: DocumentAnalysis[] = [];
    for (const doc of renderedDocuments(file, p, text, { inSubchart: t ? !!t.chart.parent : p.includes('/charts/') })) {
      docs.push(analyzeDocument(doc));
      yield;
    }
    const staticDocs = t && t.role === 'manifest' ? chart.analyzeFile(t).documents : [];
    const maps = mapFileDocuments(t, staticDocs, docs);
    docs.forEach((d, i) => mappingOf.set(d, maps[i]));
    if (docs.length === printed.length) docs.forEach((d, i) => printedIndex.set(d, printed[i]));
    all.push(...docs);
    yield;
  }
  const model = buildHookModel(all, version);
  const mappings = model.sources.map((s) => mappingOf.get(s)!);
  // Positions point at the templates, not at Helm's output.
  model.hooks.forEach((h, i) => {
    const m = mappings[i];
    h.file = m.file;
    h.line = m.line;
    if (m.uncertain) {
      h.mappingUncertain = true;
      h.mappingNote = m.note;
    }
  });
  const resourceMaps = new Map<string, TemplateMapping>();
  for (const d of all) if (!d.hook) resourceMaps.set(`${d.doc.helmPath}\u0000${d.kind ?? ''}\u0000${d.name ?? ''}`, mappingOf.get(d)!);
  for (const r of model.resources) {
    const m = resourceMaps.get(`${r.path}\u0000${r.kind}\u0000${r.name}`);
    if (m) {
      r.file = m.file;
      r.line = m.line;
    }
  }
  return { model, mappings, printedOrderProblems: printedOrderProblems(model, printedIndex) };
}

/** Compares the stored order rebuilt by `buildHookModel` with the order of the hook documents in Helm's output. */
function printedOrderProblems(model: HookModel, printedIndex: Map<DocumentAnalysis, number>): string[] {
  if (model.sources.some((s) => !printedIndex.has(s))) return [];
  const printed = model.sources.slice().sort((a, b) => printedIndex.get(a)! - printedIndex.get(b)!);
  const at = printed.findIndex((s, i) => s !== model.sources[i]);
  if (at < 0) return [];
  const what = (d: DocumentAnalysis) => `${d.kind ?? '?'} ${d.name ?? ''} (${d.doc.helmPath})`;
  return [`stored hook #${at + 1}: Helm printed ${what(printed[at])}, Helm Hooks' kind sort gives ${what(model.sources[at])}`];
}

/** A JSON string with invisible characters spelled out (a byte-order mark shows as `\ufeff`). */
function quoted(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u00a0\u00ad\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Why Helm dropped a resource with this `helm.sh/hook` value: the first item that is not an event. */
export function skippedHookReason(value: string): string {
  const items = value.split(',');
  const bad = items.find((i) => resolveEvent(i) === undefined) ?? value;
  const norm = goToLower(goTrimSpace(bad));
  const what = norm === '' ? 'an empty event is not a hook event' : `${quoted(norm)} is not a hook event`;
  const whole = items.length > 1 || norm !== value ? `helm.sh/hook ${quoted(value)}: ` : '';
  return `${whole}${what}, so Helm skipped the whole resource (from Helm's log)`;
}

/**
 * The resources Helm dropped, from the hook values in its log, placed on the template documents whose literal
 * `helm.sh/hook` is that value (Helm's log names no file: with several or only templated candidates the place is
 * a guess and marked so).
 */
export function droppedFromLog(chart: ChartModel, values: string[]): DroppedItem[] {
  if (values.length === 0) return [];
  const docs = chart.documents().filter((d) => d.hook);
  const out: DroppedItem[] = [];
  for (const v of values) {
    const literal = docs.filter((d) => !d.hook!.entry.dynamic && d.hook!.entry.value === v);
    const pool = literal.length ? literal : docs.filter((d) => d.hook!.dynamic || d.hook!.dropped);
    const reason = skippedHookReason(v);
    if (pool.length === 0) {
      out.push({ kind: '', name: '', path: '', line: 0, file: '', reason, mappingUncertain: true });
      continue;
    }
    const d = pool[0];
    out.push({
      kind: d.kind ?? '',
      name: d.name ?? '',
      path: d.doc.helmPath,
      line: documentLine(d),
      file: d.doc.file,
      reason,
      mappingUncertain: pool.length > 1 || literal.length === 0 || undefined,
    });
  }
  return out;
}

/** The identity of a hook across two renders of one chart with one release name. */
export function hookKey(h: { path: string; kind: string; name: string }): string {
  return `${h.path}\u0000${h.kind}\u0000${h.name}`;
}

export interface RenderedOrderInput {
  release: RenderedRelease;
  /** `helm.sh/hook` values Helm logged as skipped. */
  skippedHooks: string[];
  /** The Helm major version detected: its kind order is used. */
  version: HelmVersion;
  /** Keys (`hookKey`) of the hooks a render with the chart's default values has: the others are marked `valuesOnly`. */
  defaultHookKeys?: ReadonlySet<string>;
  only?: CommandName;
}

export interface RenderedOrder {
  order: OrderResult;
  model: HookModel;
  /**
   * Where our reading of the documents differs from Helm's own: its printed hook order (both outputs) and its hook
   * list (JSON releases). Empty normally.
   */
  crossCheck: string[];
}

/** Rendered mode's order: Helm's documents through the engine's own hook semantics. */
export function renderedOrder(chart: ChartModel, input: RenderedOrderInput): RenderedOrder {
  return finishRenderedOrder(chart, input, renderedHookModel(chart, input.release, input.version));
}

/**
 * `renderedOrder` that gives way between documents: `pause` is awaited whenever a slice of work has run for
 * `sliceMs` (the server passes a `setImmediate` promise, so requests such as completion interleave).
 */
export async function renderedOrderInSlices(chart: ChartModel, input: RenderedOrderInput, pause: () => Promise<void>, sliceMs = 10): Promise<RenderedOrder> {
  const steps = renderedHookModelSteps(chart, input.release, input.version);
  let sliceStart = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return finishRenderedOrder(chart, input, next.value);
    if (performance.now() - sliceStart >= sliceMs) {
      await pause();
      sliceStart = performance.now();
    }
  }
}

function finishRenderedOrder(chart: ChartModel, input: RenderedOrderInput, rendered: RenderedHookModel): RenderedOrder {
  const { model, printedOrderProblems: printed } = rendered;
  model.dropped.push(...droppedFromLog(chart, input.skippedHooks));
  if (input.defaultHookKeys) for (const h of model.hooks) if (!input.defaultHookKeys.has(hookKey(h))) h.valuesOnly = true;
  const order = orderResult({ name: chart.chart.name, root: chart.chart.root }, model, input.version, chartCrds(chart.chart), 'rendered', input.only);
  return { order, model, crossCheck: [...printed, ...(input.release.helmHooks ? crossCheck(model.hooks, input.release.helmHooks) : [])] };
}

/** Compares the hooks we read from Helm's documents with Helm's own list, in stored order. */
export function crossCheck(ours: HookItem[], helm: HelmReleaseHook[]): string[] {
  const problems: string[] = [];
  const n = Math.max(ours.length, helm.length);
  for (let i = 0; i < n; i++) {
    const a = ours[i];
    const b = helm[i];
    if (!a || !b) {
      problems.push(`hook #${i + 1}: ${a ? `${a.kind} ${a.name} is not in Helm's list` : `Helm's ${b.kind} ${b.name} (${b.path}) was not read`}`);
      continue;
    }
    const helmEvents = b.events.map((e) => resolveEvent(e) ?? e);
    const diffs: string[] = [];
    if (a.kind !== b.kind || a.name !== b.name || a.path !== b.path) diffs.push(`${a.kind} ${a.name} (${a.path}) vs Helm's ${b.kind} ${b.name} (${b.path})`);
    if (a.events.join(',') !== helmEvents.join(',')) diffs.push(`events [${a.events.join(', ')}] vs [${helmEvents.join(', ')}]`);
    if (a.weight !== (b.weight ?? 0)) diffs.push(`weight ${a.weight} vs ${b.weight ?? 0}`);
    if (a.deletePolicies.join(',') !== (b.delete_policies ?? []).join(',')) diffs.push(`delete policies [${a.deletePolicies.join(', ')}] vs [${(b.delete_policies ?? []).join(', ')}]`);
    if (diffs.length) problems.push(`hook #${i + 1}: ${diffs.join('; ')}`);
  }
  return problems;
}
