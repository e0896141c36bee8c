/**
 * A set of associated templates, like Go's *template.Template and its namespace (text/template/template.go):
 * parse adds the named template and its {{define}}s with Go's replacement rules; execute runs one by name.
 * Re-entrant: a function may call execute() while another execution is running (Helm's include, tpl).
 */
import { RenderBudget } from '../budget';
import { FuncTable, GoFunction, GoValue, RenderBudgetError, StackDepthError } from '../goValue';
import { BUILTINS, Builtin } from './builtins';
import { ExecEnv, ExecOptions, MissingKey, State, TemplateError, TraceEvent, isStackOverflow } from './exec';
import { describeTemplate, goQuote } from './lex';
import { Tree, isEmptyTree } from './nodes';
import { ParseError, ParseResult, parseTemplates } from './parse';

export { TemplateError } from './exec';
export type { TraceEvent, TraceSite, ExecOptions, MissingKey } from './exec';
export { RenderBudget } from '../budget';

export interface TemplatesOptions {
  missingKey?: MissingKey;
  /**
   * Minor version of the Go whose text/template to reproduce: 23 (Helm 3.17), 25 (Helm 4.1), 26 (Helm 4.2).
   * From 24 on, range over an integer works and comparison errors name both types. Default 25.
   */
  goMinor?: number;
  /** Name of the set's root template in "no template %q associated with template %q" (Helm: "gotpl"). */
  rootName?: string;
}

// Parse results shared between sets: the same file text parses to the same (immutable) trees. Keyed by the text,
// then the name (no concatenated key to copy and hash per lookup); the oldest texts go first. The same text under
// another name (a library chart such as bitnami's `common` vendored under several charts and subcharts) reuses the
// trees with the name and its Source replaced: the parser reads the name only for the top-level tree and error texts,
// and a text that fails to parse is never cached.
const PARSE_CACHE = new Map<string, Map<string, ParseResult>>();
const PARSE_CACHE_MAX = 2000;

function funcsStillDefined(r: ParseResult, hasFunc: (n: string) => boolean): boolean {
  for (const f of r.funcsUsed) if (!hasFunc(f)) return false;
  return true;
}

/** `r` (the parse of `text` as `from`) as the parse of the same text as `to`, or undefined when a define's name is either. */
function renamedParse(r: ParseResult, from: string, to: string, text: string): ParseResult | undefined {
  if (r.defined.has(from) || r.defined.has(to)) return undefined;
  const source = { parseName: to, text };
  const trees = new Map<string, Tree>();
  for (const [n, t] of r.trees) trees.set(n === from ? to : n, { name: n === from ? to : n, root: t.root, source });
  return { trees, funcsUsed: r.funcsUsed, defined: r.defined };
}

function cachedParse(name: string, text: string, hasFunc: (n: string) => boolean): ParseResult {
  let byName = PARSE_CACHE.get(text);
  if (byName !== undefined) {
    const hit = byName.get(name);
    if (hit !== undefined && funcsStillDefined(hit, hasFunc)) return hit;
    if (hit === undefined) {
      for (const [other, r] of byName) {
        if (!funcsStillDefined(r, hasFunc)) continue;
        const renamed = renamedParse(r, other, name, text);
        if (renamed === undefined) break;
        byName.set(name, renamed);
        return renamed;
      }
    }
  }
  const r = parseTemplates(name, text, hasFunc);
  if (byName === undefined) {
    if (PARSE_CACHE.size >= PARSE_CACHE_MAX) {
      const oldest = PARSE_CACHE.keys().next();
      if (!oldest.done) PARSE_CACHE.delete(oldest.value);
    }
    byName = new Map();
    PARSE_CACHE.set(text, byName);
  }
  byName.set(name, r);
  return r;
}

/**
 * One layer of a set's templates. A clone shares its parent's layer (frozen from then on: the parent copies its own
 * map before its next change) and adds its own on top, so Helm's tpl does not copy every tree per call.
 */
class TreeLayer {
  constructor(
    readonly map: Map<string, Tree>,
    readonly base: TreeLayer | undefined,
  ) {}

  get(name: string): Tree | undefined {
    for (let l: TreeLayer | undefined = this; l !== undefined; l = l.base) {
      const t = l.map.get(name);
      if (t !== undefined) return t;
    }
    return undefined;
  }
}

export class Templates {
  private table: FuncTable = Object.create(null) as FuncTable;
  private layer = new TreeLayer(new Map<string, Tree>(), undefined);
  /** The current layer is shared with a clone: copy it before changing it. */
  private shared = false;
  private readonly missingKey: MissingKey;
  private readonly goMinor: number;
  private readonly rootName: string;
  private readonly env: ExecEnv;

  constructor(funcs?: FuncTable, options?: TemplatesOptions) {
    if (funcs) this.funcs(funcs);
    this.missingKey = options?.missingKey ?? 'default';
    this.goMinor = options?.goMinor ?? 25;
    this.rootName = options?.rootName ?? 'gotpl';
    this.env = {
      lookup: (name: string) => this.layer.get(name),
      func: (name: string) => this.lookupFunc(name),
      missingKey: this.missingKey,
      goMinor: this.goMinor,
    };
  }

  private lookupFunc(name: string): GoFunction | Builtin | undefined {
    const f = this.table[name];
    return f !== undefined ? f : BUILTINS.get(name);
  }

  /** Template.Funcs: adds or replaces functions; later parse() and execute() see them. */
  funcs(table: FuncTable): this {
    // a fresh object so clones stay independent: a small one over the (never mutated) current table
    this.table = Object.assign(Object.create(this.table) as FuncTable, table);
    return this;
  }

  private setTree(name: string, tree: Tree): void {
    if (this.shared) {
      this.layer = new TreeLayer(new Map(this.layer.map), this.layer.base);
      this.shared = false;
    }
    this.layer.map.set(name, tree);
  }

  /**
   * set.New(name).Parse(text): adds `name` and every {{define}}/{{block}} in `text`. A template that parses to
   * an empty body (only spaces and comments) does not replace an existing one. Throws TemplateError.
   */
  parse(name: string, text: string): void {
    let r: ParseResult;
    try {
      r = cachedParse(name, text, (f) => this.table[f] !== undefined || BUILTINS.has(f));
    } catch (e) {
      if (e instanceof ParseError) throw new TemplateError(e.message, 'parse', e.parseName, e.line, 0, undefined, e, e.reason);
      if (isStackOverflow(e)) {
        // Go's parser has no depth limit; here a pathologically nested expression would overflow the JS stack
        const reason = 'expression nested too deeply';
        throw new TemplateError(`template: ${name}: ${reason}`, 'parse', name, 0, 0, undefined, e, reason);
      }
      throw e;
    }
    for (const [n, tree] of r.trees) {
      const old = this.layer.get(n);
      if (old !== undefined && isEmptyTree(tree.root)) continue;
      this.setTree(n, tree);
    }
  }

  has(name: string): boolean {
    return this.layer.get(name) !== undefined;
  }

  names(): string[] {
    const layers: TreeLayer[] = [];
    for (let l: TreeLayer | undefined = this.layer; l !== undefined; l = l.base) layers.unshift(l);
    const seen = new Set<string>();
    for (const l of layers) for (const n of l.map.keys()) seen.add(n);
    return [...seen];
  }

  /** The parse tree of a template (for tooling). */
  tree(name: string): Tree | undefined {
    return this.layer.get(name);
  }

  /**
   * Executes template `name` with `data` as dot and returns its output. Throws TemplateError (Go's message) or
   * RenderBudgetError (naming where execution was). Re-entrant.
   */
  execute(name: string, data: GoValue, budget: RenderBudget, options?: ExecOptions): string {
    const tree = this.layer.get(name);
    if (tree === undefined) {
      const msg = `template: no template ${goQuote(name)} associated with template ${goQuote(this.rootName)}`;
      throw new TemplateError(msg, 'exec', name, 0, 0, undefined, undefined, msg);
    }
    budget.enterLazy(name, describeTemplate);
    const state = new State(this.env, tree, data, budget, options?.trace, options);
    try {
      return state.run(data);
    } catch (e) {
      if (e instanceof RenderBudgetError && !ANNOTATED.has(e)) {
        const err = new RenderBudgetError(`${e.message}, at ${state.where()}`);
        ANNOTATED.add(err);
        throw err;
      }
      if (isStackOverflow(e)) {
        const err = new StackDepthError(`render stopped: templates nest too deeply, at ${state.where()}`);
        ANNOTATED.add(err);
        throw err;
      }
      throw e;
    } finally {
      budget.leave();
    }
  }

  /**
   * An independent copy with the same templates and functions (Helm's tpl parses into a clone): it shares the
   * function table and the trees, copy-on-write, so neither sees the other's later changes.
   */
  clone(): Templates {
    const c = new Templates(undefined, { missingKey: this.missingKey, goMinor: this.goMinor, rootName: this.rootName });
    c.table = this.table;
    this.shared = true;
    c.layer = new TreeLayer(new Map<string, Tree>(), this.layer);
    return c;
  }
}

const ANNOTATED = new WeakSet<Error>();

export type { Tree } from './nodes';
export type { TraceEvent as TemplateTraceEvent };
