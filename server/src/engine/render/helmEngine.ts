/**
 * Helm's render driver: every template of a chart and its enabled subcharts parsed into one template set (in
 * Helm's order, so the same `define` wins), each non-partial template executed with its chart's scope (`.Values`,
 * `.Chart`, `.Files`, `.Subcharts`, `.Template`), `<no value>` removed, errors rewritten the way each Helm prints
 * them. `include` and `tpl` close over the template set as Helm's do.
 *
 * Mirrors helm `pkg/engine/engine.go` (Render, render, recAllTpls, sortTemplates, includeFun, tplFun,
 * cleanupParseError, v3 cleanupExecError / v4 reformatExecErrorMsg) at v3.17.2, v4.1.4 and v4.2.3.
 */
import { GoError, GoStruct, isGoMap, mapTypeName, newMap, RenderBudgetError, typedMap, type FuncTable, type GoFunction, type GoMap, type GoValue } from './goValue';
import type { HelmKey } from './capabilities';
import { newFiles, type ChartFile } from './helmFiles';
import { helmFuncTable, WARN_END, WARN_START } from './helmFuncs';
import { Templates, TemplateError, type ExecOptions } from './template/index';
import { RenderBudget } from './budget';
import { quote } from './fmt/strconv';

/** One chart of the tree, as the engine needs it (enabled dependencies only, aliases applied). */
export interface EngineChart {
  /** Metadata name (the alias for an aliased dependency). */
  name: string;
  /** `.Chart` of this chart's templates, built by the caller per Helm version (without IsRoot). */
  chartValue: (isRoot: boolean) => GoValue;
  /** Whether Chart.yaml says `type: library` (only its partials are used). */
  library: boolean;
  /** Templates, names relative to the chart root (`templates/x.yaml`). */
  templates: readonly { name: string; data: string }[];
  /** Non-template files for `.Files`. */
  files: readonly ChartFile[];
  dependencies: readonly EngineChart[];
}

export interface EngineOptions {
  helmVersion: HelmKey;
  budget: RenderBudget;
  /** Extra functions (the Sprig tables), below Helm's own. */
  sprig: FuncTable;
  /** Record where each stretch of output comes from (`EngineResult.trace`). Off by default: it costs time. */
  trace?: boolean;
}

export interface EngineResult {
  /** Rendered output by template path (`<chart>/templates/x.yaml`), partials excluded. */
  files: Map<string, string>;
  /** A function with random or time-dependent output ran. */
  nondeterministic: boolean;
  /** With `trace`: per template path, the text and printed actions of its output (offsets in `files`' text). */
  trace?: Map<string, TracedSegment[]>;
}

/** A render failure, with Helm's message and (when Helm names one) the template position. */
export class HelmRenderError extends Error {
  constructor(
    message: string,
    readonly path?: string,
    readonly line?: number,
    readonly col?: number,
    /** Helm prints "Use --debug flag to render out invalid YAML" after errors of the render stage. */
    readonly renderStage = true,
  ) {
    super(message);
    this.name = 'HelmRenderError';
  }
}

interface Renderable {
  tpl: string;
  vals: GoMap;
  basePath: string;
}

/** engine.go: the recursion limit of include, per template name. */
const RECURSION_MAX = 1000;
const WARN_RE = new RegExp(`${WARN_START}([\\s\\S]*)${WARN_END}`);

/** engine.go: recAllTpls — collects templates with their scoped values; returns the chart's own scope map. */
function recAllTpls(c: EngineChart, templates: Map<string, Renderable>, parentVals: GoMap, parentPath: string | undefined): GoMap {
  const isRoot = parentPath === undefined;
  const subCharts = newMap();
  const next = newMap([
    ['Chart', c.chartValue(isRoot)],
    ['Files', newFiles(c.files)],
    ['Release', parentVals.get('Release') ?? null],
    ['Capabilities', parentVals.get('Capabilities') ?? null],
    ['Values', newMap()],
    ['Subcharts', subCharts],
  ]);
  if (isRoot) {
    next.set('Values', parentVals.get('Values') ?? null);
  } else {
    // Values.Table returns the named Values type: a subchart's .Values is typed like the root's (a shallow copy,
    // so that the parent still sees its .Values.<sub> as a plain map)
    const vs = valuesTable(parentVals, `Values.${c.name}`);
    const rootValues = parentVals.get('Values');
    if (vs) next.set('Values', rootValues instanceof Map && mapTypeName(rootValues) !== 'map[string]interface {}' ? typedMap(new Map(vs), mapTypeName(rootValues)) : vs);
  }
  const fullPath = isRoot ? c.name : `${parentPath}/charts/${c.name}`;
  for (const child of c.dependencies) {
    subCharts.set(child.name, recAllTpls(child, templates, next, fullPath));
  }
  for (const t of c.templates) {
    // engine.go: isTemplateValid — a library chart contributes only its partials
    if (c.library && !baseName(t.name).startsWith('_')) continue;
    templates.set(joinPath(fullPath, t.name), { tpl: t.data, vals: next, basePath: `${fullPath}/templates` });
  }
  return next;
}

/** chartutil Values.Table: walks dotted keys through maps; undefined when a step is missing or not a map. */
function valuesTable(vals: GoMap, dotted: string): GoMap | undefined {
  let cur: GoValue = vals;
  for (const part of dotted.split('.')) {
    if (!isGoMap(cur)) return undefined;
    const v: GoValue | undefined = cur.get(part);
    if (v === undefined || !isGoMap(v)) return undefined;
    cur = v;
  }
  return isGoMap(cur) ? cur : undefined;
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** path.Join for two clean relative parts. */
function joinPath(a: string, b: string): string {
  const parts: string[] = [];
  for (const seg of `${a}/${b}`.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

function slashCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 47) n++;
  return n;
}

/** engine.go: sortTemplates — deepest paths first, then reverse byte order; later parses override defines. */
export function sortTemplates(names: Iterable<string>): string[] {
  return [...names].sort((a, b) => {
    const ca = slashCount(a);
    const cb = slashCount(b);
    if (ca !== cb) return cb - ca;
    return a < b ? 1 : a > b ? -1 : 0;
  });
}

/** Renders the chart tree with the top-level values (`Values`, `Release`, `Capabilities`, …). */
export function renderTemplates(chart: EngineChart, topValues: GoMap, opts: EngineOptions): EngineResult {
  const tpls = new Map<string, Renderable>();
  recAllTpls(chart, tpls, topValues, undefined);

  const table = funcTableFor(opts.sprig, opts.helmVersion);
  const nondeterministicBefore = nondeterministicCalls;

  // The Go each Helm is built with decides some of text/template's behaviour (range over int, messages).
  const goMinor = opts.helmVersion === '3' ? 23 : opts.helmVersion === '4' ? 25 : 26;
  const t = new Templates(table, { missingKey: 'zero', goMinor, rootName: 'gotpl' });
  const includedNames = new Map<string, number>();
  const tracer = opts.trace === true ? new RenderTracer((name) => tpls.get(name)?.tpl) : undefined;
  t.funcs({ include: includeFun(t, includedNames, opts.budget, tracer), tpl: tplFun(t, includedNames, opts.budget) });

  const keys = sortTemplates(tpls.keys());
  for (const filename of keys) {
    try {
      t.parse(filename, tpls.get(filename)!.tpl);
    } catch (e) {
      throw parseFailure(filename, e);
    }
  }

  const files = new Map<string, string>();
  for (const filename of keys) {
    if (baseName(filename).startsWith('_')) continue;
    const r = tpls.get(filename)!;
    r.vals.set('Template', newMap([['Name', filename], ['BasePath', r.basePath]]));
    let out: string;
    try {
      out = tracer === undefined ? t.execute(filename, r.vals, opts.budget) : tracer.file(t, filename, r.vals, opts.budget);
    } catch (e) {
      throw execFailure(filename, e, opts.helmVersion);
    }
    files.set(filename, out.split('<no value>').join(''));
  }
  if (tracer !== undefined) return { files, nondeterministic: nondeterministicCalls !== nondeterministicBefore, trace: tracer.files };
  return { files, nondeterministic: nondeterministicCalls !== nondeterministicBefore };
}

/** Calls of random or clock-reading functions so far (renders are synchronous: a render compares before/after). */
let nondeterministicCalls = 0;
const funcTables = new WeakMap<FuncTable, Map<HelmKey, FuncTable>>();

/** funcs.go: funcMap — Sprig without env and expandenv, Helm's functions on top; built once per table and version. */
function funcTableFor(sprig: FuncTable, helm: HelmKey): FuncTable {
  let byVersion = funcTables.get(sprig);
  if (!byVersion) {
    byVersion = new Map();
    funcTables.set(sprig, byVersion);
  }
  let table = byVersion.get(helm);
  if (!table) {
    table = {};
    for (const [name, fn] of Object.entries(sprig)) {
      if (name === 'env' || name === 'expandenv') continue;
      table[name] = fn.nondeterministic ? countCalls(fn) : fn;
    }
    Object.assign(table, helmFuncTable(helm));
    byVersion.set(helm, table);
  }
  return table;
}

function countCalls(fn: GoFunction): GoFunction {
  return {
    params: fn.params,
    variadic: fn.variadic,
    nondeterministic: true,
    call: (args, ctx) => {
      nondeterministicCalls++;
      return fn.call(args, ctx);
    },
  };
}

/** engine.go: includeFun — executes a named template into a string; a name nested over 1000 deep fails. */
function includeFun(t: Templates, includedNames: Map<string, number>, budget: RenderBudget, tracer?: RenderTracer): GoFunction {
  return {
    params: ['string', 'any'],
    call: ([nameV, data]) => {
      const name = nameV as string;
      const v = includedNames.get(name);
      if (v !== undefined) {
        if (v > RECURSION_MAX) {
          throw new GoError(`rendering template has a nested reference name: ${name}: unable to execute template`);
        }
        includedNames.set(name, v + 1);
      } else {
        includedNames.set(name, 1);
      }
      try {
        if (!t.has(name)) throw new GoError(`template: no template ${quote(name)} associated with template "gotpl"`);
        return tracer === undefined ? t.execute(name, data, budget) : tracer.include(t, name, data, budget);
      } catch (e) {
        throw asFuncError(e);
      } finally {
        includedNames.set(name, (includedNames.get(name) ?? 1) - 1);
      }
    },
  };
}

/** A template error returned from a function (include, tpl): Go returns it as the function's error. */
function asFuncError(e: unknown, prefix = ''): Error {
  // the budget and a JS stack overflow stop the whole render, as the executor treats them
  if (e instanceof RenderBudgetError || e instanceof RangeError) return e;
  if (e instanceof TemplateError) return new GoError(prefix + e.message, { cause: e });
  if (e instanceof GoError && prefix === '') return e;
  if (e instanceof Error) return new GoError(prefix + e.message, { cause: e });
  return new GoError(prefix + String(e));
}

/** Where an empty tpl text is parsed: it cannot fail, so its name never shows. */
const EMPTY_TPL = '\u0000gotpl-empty';

/** engine.go: tplFun — parses the text into a clone of the template set (named "gotpl") and executes it. */
function tplFun(parent: Templates, includedNames: Map<string, number>, budget: RenderBudget): GoFunction {
  return {
    params: ['string', 'any'],
    call: ([textV, vals]) => {
      const text = textV as string;
      const t = parent.clone();
      t.funcs({ include: includeFun(t, includedNames, budget), tpl: tplFun(t, includedNames, budget) });
      const before = t.tree('gotpl');
      let name = 'gotpl';
      try {
        t.parse('gotpl', text);
        if (before !== undefined && t.tree('gotpl') === before) {
          // text/template AddParseTree: an empty text (blanks, comments, defines) leaves the set's "gotpl" alone,
          // but Execute runs the new, empty tree — not the enclosing tpl's text again.
          name = EMPTY_TPL;
          t.parse(EMPTY_TPL, text);
        }
      } catch (e) {
        throw asFuncError(e, `cannot parse template ${quote(text)}: `);
      }
      let out: string;
      try {
        out = t.execute(name, vals, budget);
      } catch (e) {
        throw asFuncError(e, `error during tpl function execution for ${quote(text)}: `);
      }
      return out.split('<no value>').join('');
    },
  };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** engine.go: cleanupParseError — "parse error at (file:line): message". */
function parseFailure(filename: string, e: unknown): Error {
  if (e instanceof RenderBudgetError) return e;
  const msg = errorText(e);
  const tokens = msg.split(': ');
  if (tokens.length === 1) return new HelmRenderError(`parse error in (${filename}): ${msg}`, filename);
  const location = tokens[1];
  const loc = parseLocation(location);
  return new HelmRenderError(`parse error at (${location}): ${tokens[tokens.length - 1]}`, loc.path ?? filename, loc.line, loc.col);
}

function parseLocation(location: string): { path?: string; line?: number; col?: number } {
  const m = /^(.*?):(\d+)(?::(\d+))?$/.exec(location);
  if (!m) return {};
  return { path: m[1], line: Number(m[2]), col: m[3] === undefined ? undefined : Number(m[3]) };
}

/** Go's error chain of a failure: each error's text, outermost first (errors.Unwrap order). */
function errorChain(e: unknown): string[] {
  const out: string[] = [];
  let cur: unknown = e;
  for (let i = 0; cur !== undefined && cur !== null && i < 10000; i++) {
    out.push(errorText(cur));
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  return out;
}

/**
 * engine.go: v3 cleanupExecError / v4 reformatExecErrorMsg. `fail` and `required` messages come out as
 * "execution error at (file:line:col): msg"; other errors as text/template wrote them (v3), or (v4) as an indented
 * trace when every error of the chain is a template error.
 */
function execFailure(filename: string, e: unknown, helm: HelmKey): Error {
  if (e instanceof RenderBudgetError) return e;
  if (!(e instanceof TemplateError)) return new HelmRenderError(errorText(e), filename);
  const msg = e.message;
  const tokens = splitN(msg, ': ', 3);
  if (tokens.length !== 3) return new HelmRenderError(`execution error in (${filename}): ${msg}`, filename);
  const location = tokens[1];
  const loc = parseLocation(location);
  const parts = WARN_RE.exec(tokens[2]);
  if (parts) return new HelmRenderError(`execution error at (${location}): ${parts[1]}`, loc.path ?? filename, loc.line, loc.col);
  if (helm === '3') return new HelmRenderError(msg, loc.path ?? filename, loc.line, loc.col);
  const traces: Trace[] = [];
  for (const text of errorChain(e)) {
    const tr = parseTemplateExecError(text);
    if (!tr) return new HelmRenderError(msg, loc.path ?? filename, loc.line, loc.col);
    const last = traces[traces.length - 1];
    if (!last || last.location !== tr.location || last.message !== tr.message || last.executed !== tr.executed) traces.push(tr);
  }
  let s = '';
  for (const tr of traces) {
    if (tr.location) s += `${tr.location}\n  `;
    if (tr.executed) s += `${tr.executed}\n    `;
    if (tr.message) s += `${tr.message}\n`;
  }
  return new HelmRenderError(goTrimSpace(s), loc.path ?? filename, loc.line, loc.col);
}

interface Trace {
  location: string;
  message: string;
  executed: string;
}

/** engine.go (v4): parseTemplateExecErrorString and its three forms. */
function parseTemplateExecError(s: string): Trace | undefined {
  const prefix = 'template: ';
  if (!s.startsWith(prefix)) return undefined;
  const rest = s.slice(prefix.length);
  if (rest.startsWith('no template ')) return { location: '', message: s, executed: '' };
  const idx = rest.indexOf(': executing ');
  if (idx >= 0) {
    const templateName = rest.slice(0, idx);
    const after = rest.slice(idx + ': executing '.length);
    if (after.length > 0 && after[0] === '"') {
      const endQuote = after.indexOf('"', 1);
      if (endQuote >= 0) {
        const fn = after.slice(1, endQuote);
        const afterFunc = after.slice(endQuote + 1);
        if (afterFunc.startsWith(' at <')) {
          const afterAt = afterFunc.slice(' at <'.length);
          const endLoc = afterAt.indexOf('>: ');
          if (endLoc >= 0) {
            let errMsg = afterAt.slice(endLoc + 3);
            const cut = errMsg.indexOf(' template:');
            if (cut >= 0) errMsg = errMsg.slice(0, cut);
            return { location: templateName, message: errMsg, executed: `executing "${fn}" at <${afterAt.slice(0, endLoc)}>:` };
          }
        }
      }
    }
    // not the executing form after all: fall through to the simple form, as Go does
  }
  const sep = rest.lastIndexOf(': ');
  if (sep >= 0) {
    let errMsg = rest.slice(sep + 2);
    const cut = errMsg.indexOf(' template:');
    if (cut >= 0) errMsg = errMsg.slice(0, cut);
    return { location: rest.slice(0, sep), message: errMsg, executed: '' };
  }
  return undefined;
}

/** strings.SplitN. */
function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let from = 0;
  while (out.length < n - 1) {
    const i = s.indexOf(sep, from);
    if (i < 0) break;
    out.push(s.slice(from, i));
    from = i + sep.length;
  }
  out.push(s.slice(from));
  return out;
}

/** unicode.IsSpace, as strings.TrimSpace uses it (no BOM, unlike String.prototype.trim). */
export function isGoSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

export function goTrimLeft(s: string): string {
  let i = 0;
  while (i < s.length && isGoSpace(s.charCodeAt(i))) i++;
  return i === 0 ? s : s.slice(i);
}

export function goTrimRight(s: string): string {
  let j = s.length;
  while (j > 0 && isGoSpace(s.charCodeAt(j - 1))) j--;
  return j === s.length ? s : s.slice(0, j);
}

export function goTrimSpace(s: string): string {
  return goTrimRight(goTrimLeft(s));
}

/** Helm 4's `.Chart`: the metadata struct flattened to a map by Go field name (chart/common.go structToMap). */
export function structToMap(v: GoValue): GoValue {
  if (v instanceof GoStruct) {
    const m = newMap();
    for (const [k, f] of v.fields) m.set(k, structToMap(f));
    return m;
  }
  if (Array.isArray(v)) return v.map((x) => (x instanceof GoStruct ? structToMap(x) : x));
  return v;
}

// ---- tracing: where each stretch of output comes from ------------------------------------------------------------

/** A place in a template: its path (parse name, `<chart>/templates/x.yaml`), 1-based line, 0-based UTF-16 character. */
export interface TracedPlace {
  path: string;
  line: number;
  character: number;
}

/** A stretch of traced output: literal text of a template, or the text one action printed. */
export interface TracedSegment extends TracedPlace {
  /** Output offsets (UTF-16), end exclusive. */
  start: number;
  end: number;
  /** An action: its pipeline as written (`include "x.name" .`), and the template (define) it is in. */
  action?: string;
  template?: string;
  /** The `{{template}}` call sites it ran inside, outermost first. */
  via?: TracedPlace[];
  /** The includes the action ran, in call order. */
  includes?: TracedInclude[];
}

/** One `include` call: the define, what it returned, and the define's text and printed actions (offsets in `output`). */
export interface TracedInclude {
  name: string;
  output: string;
  actions: TracedSegment[];
}

interface TraceFrame {
  segments: TracedSegment[];
  /** Includes run by the action being evaluated (attached to it when it prints). */
  pending: TracedInclude[];
}

/** Collects the trace of one render: a frame per execute (a file, or an include inside it). */
class RenderTracer {
  readonly files = new Map<string, TracedSegment[]>();
  private readonly frames: TraceFrame[] = [];
  private readonly lineStarts = new Map<string, number[]>();

  constructor(private readonly source: (parseName: string) => string | undefined) {}

  file(t: Templates, filename: string, data: GoValue, budget: RenderBudget): string {
    const frame: TraceFrame = { segments: [], pending: [] };
    this.frames.push(frame);
    let out: string;
    try {
      out = t.execute(filename, data, budget, this.options(frame, true));
    } finally {
      this.frames.pop();
    }
    this.files.set(filename, withoutNoValue(frame.segments, out));
    return out;
  }

  include(t: Templates, name: string, data: GoValue, budget: RenderBudget): string {
    const frame: TraceFrame = { segments: [], pending: [] };
    this.frames.push(frame);
    let out: string;
    try {
      out = t.execute(name, data, budget, this.options(frame, true));
    } finally {
      this.frames.pop();
    }
    const parent = this.frames[this.frames.length - 1];
    if (parent !== undefined) parent.pending.push({ name, output: out, actions: frame.segments });
    return out;
  }

  private options(frame: TraceFrame, text: boolean): ExecOptions {
    return {
      traceText: text,
      traceAction: () => {
        if (frame.pending.length > 0) frame.pending = [];
      },
      trace: (e) => {
        const pos = e.pos ?? 0;
        const starts = this.lineStartsOf(e.parseName);
        const line = lineAt(starts, pos);
        const seg: TracedSegment = { start: e.start, end: e.end, path: e.parseName, line: line + 1, character: pos - starts[line] };
        if (e.text !== true) {
          seg.action = this.actionText(e.parseName, e.pos ?? 0);
          seg.template = e.template;
          if (frame.pending.length > 0) {
            seg.includes = frame.pending;
            frame.pending = [];
          }
        }
        if (e.via !== undefined) seg.via = e.via.map((v) => this.place(v.parseName, v.pos));
        frame.segments.push(seg);
      },
    };
  }

  /** The action's pipeline as written (`include "x" . | nindent 4`), from its position in the source. */
  private actionText(path: string, pos: number): string {
    const text = this.source(path) ?? '';
    const close = text.indexOf('}}', pos);
    let action = text.slice(pos, close < 0 ? Math.min(text.length, pos + 200) : close);
    action = action.trimEnd();
    if (action.endsWith(' -') || action === '-') action = action.slice(0, -1).trimEnd();
    return action;
  }

  private lastPath = '';
  private lastStarts: number[] = [0];

  private lineStartsOf(path: string): number[] {
    if (path === this.lastPath) return this.lastStarts;
    let starts = this.lineStarts.get(path);
    if (starts === undefined) {
      starts = [0];
      const text = this.source(path) ?? '';
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts.set(path, starts);
    }
    this.lastPath = path;
    this.lastStarts = starts;
    return starts;
  }

  private place(path: string, pos: number): TracedPlace {
    const starts = this.lineStartsOf(path);
    const line = lineAt(starts, pos);
    return { path, line: line + 1, character: pos - starts[line] };
  }
}

/** The 0-based line of an offset, from the offsets where lines start. */
function lineAt(starts: readonly number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The segments' offsets in the output once every `<no value>` is removed (as renderTemplates does). */
function withoutNoValue(segments: TracedSegment[], raw: string): TracedSegment[] {
  const marker = '<no value>';
  const at: number[] = [];
  for (let i = raw.indexOf(marker); i !== -1; i = raw.indexOf(marker, i + marker.length)) at.push(i);
  if (at.length === 0) return segments;
  // segments are in output order: one forward pass over the markers
  let k = 0;
  const shift = (o: number): number => {
    while (k < at.length && at[k] + marker.length <= o) k++;
    const inside = k < at.length && at[k] < o ? o - at[k] : 0;
    return o - k * marker.length - inside;
  };
  for (const s of segments) {
    s.start = shift(s.start);
    s.end = shift(s.end);
  }
  return segments.filter((s) => s.end > s.start);
}
