/**
 * What a chart renders with its default values, as far as that can be read without running Helm: simple
 * `{{ if }}` / `with` / `range` conditions (`.Values` paths, `and`, `or`, `not`, `eq`, `ne`, `default`, …) are
 * evaluated against the chart's values.yaml merged the way Helm merges them (parent values override a subchart's,
 * globals flow down), and dependency `condition:` / `tags:` decide whether a subchart renders at all.
 * Anything that needs Helm itself (`include`, `tpl`, `.Capabilities`, `.Release`, variables) is *unknown*: the
 * result is then `undefined`, never a guess.
 */
import { parse as parseYaml } from 'yaml';
import { firstIndex } from './bisect';
import { blockOpeningAt, enclosingBlocks, type MaskedTemplate, type TemplateAction, type TemplateBlock } from './templateMask';
import { readValuesFast, topLevelChunks, type TopLevelChunk } from './valuesYaml';

/** A value that cannot be known statically. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type TemplateValue = unknown;

export type ValuesMap = Record<string, unknown>;

/** What a document needs to read its chart's default values. Computed lazily: most documents never ask. */
export interface ValuesContext {
  /** The chart's values as Helm merges them with no user values (undefined: values.yaml unreadable). */
  values(): ValuesMap | undefined;
  /** Whether the chart renders at all with default values (dependency conditions and tags of it and its parents). */
  chartEnabled(): boolean | undefined;
  /** Some values.yaml of this chart or its parents mentions `helm.sh/hook`: annotations may come from values. */
  readonly mentionsHooks: boolean;
  /** The chart tree's named templates, for `include` in conditions. */
  readonly library?: TemplateLibrary;
}

export function isMapValue(v: unknown): v is ValuesMap {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Files smaller than this are read whole at once; larger ones key by key, when a key is first read. */
const LAZY_VALUES_BYTES = 4096;

/**
 * Parses a values.yaml like Helm (go-yaml v2 through sigs.k8s.io/yaml: YAML 1.1, so `yes`/`on` are booleans).
 *
 * A large file whose top-level keys are plain words is read lazily: the map has every top-level key at once, and a
 * key's value is read from its own lines the first time it is asked for (a chart's conditions read a few keys of
 * a values file that may hold hundreds). A key whose lines the fast reader cannot read alone takes its value from
 * the whole file read at once; if the whole file cannot be read either, the value is `UNKNOWN`.
 */
export function parseValues(text: string, lazyFrom = LAZY_VALUES_BYTES): ValuesMap | undefined {
  const chunks = text.length >= lazyFrom ? topLevelChunks(text) : undefined;
  return chunks ? lazyValues(text, chunks) : parseValuesNow(text);
}

function lazyValues(text: string, chunks: TopLevelChunk[]): ValuesMap {
  const out: ValuesMap = {};
  let whole: ValuesMap | undefined | null = null;
  for (const { key, start, end } of chunks) {
    lazyProperty(out, key, () => {
      let one: ValuesMap | undefined;
      try {
        one = readValuesFast(text.slice(start, end));
      } catch {
        one = undefined;
      }
      if (one) {
        const keys = Object.keys(one);
        if (keys.length === 1 && keys[0] === key) return one[key];
      }
      if (whole === null) whole = parseValuesNow(text);
      return whole ? whole[key] : UNKNOWN;
    });
  }
  return out;
}

/** Defines `key` on `target` as a value computed on first read (or first write), then kept as a plain property. */
function lazyProperty(target: ValuesMap, key: string, compute: () => unknown): void {
  const settle = (value: unknown) => Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(target, key, {
    get() {
      const value = compute();
      settle(value);
      return value;
    },
    set: settle,
    enumerable: true,
    configurable: true,
  });
}

function parseValuesNow(text: string): ValuesMap | undefined {
  try {
    const fast = readValuesFast(text);
    if (fast) return fast;
  } catch {
    // A reader bug must never cost the analysis: the full parser decides.
  }
  try {
    const v = parseYaml(text, { version: '1.1', maxAliasCount: 1000, prettyErrors: false, uniqueKeys: false, logLevel: 'error' }) as unknown;
    if (v === null || v === undefined) return {};
    return isMapValue(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `coalesce.go`: values given for a chart (`over`, e.g. the parent's `<subchart>:` table) win over the chart's own
 * defaults (`base`); tables merge key by key; a `null` given for a key removes the default.
 */
export function coalesceValues(over: ValuesMap | undefined, base: ValuesMap | undefined): ValuesMap {
  const out: ValuesMap = {};
  if (base) {
    // Keys of a lazily read file stay unread until asked for.
    for (const k of Object.keys(base)) {
      if (Object.getOwnPropertyDescriptor(base, k)!.get) lazyProperty(out, k, () => base[k]);
      else out[k] = base[k];
    }
  }
  for (const [k, v] of Object.entries(over ?? {})) {
    if (v === null) delete out[k];
    else if (isMapValue(v) && isMapValue(out[k])) out[k] = coalesceValues(v, out[k] as ValuesMap);
    else out[k] = v;
  }
  return out;
}

/** A subchart's values: its defaults, overridden by the parent's `<name>:` table, with the parent's globals. */
export function subchartValues(parent: ValuesMap, name: string, own: ValuesMap | undefined): ValuesMap {
  const given = isMapValue(parent[name]) ? (parent[name] as ValuesMap) : undefined;
  const merged = coalesceValues(given, own);
  const parentGlobal = isMapValue(parent.global) ? (parent.global as ValuesMap) : undefined;
  if (parentGlobal) merged.global = coalesceValues(parentGlobal, isMapValue(merged.global) ? (merged.global as ValuesMap) : undefined);
  return merged;
}

/** `Values.PathValue`: a dotted path whose last key must exist in a table. */
function pathValue(values: ValuesMap, path: string): { found: boolean; value?: unknown } {
  const parts = path.split('.');
  let cur: unknown = values;
  for (let i = 0; i < parts.length; i++) {
    if (!isMapValue(cur) || !(parts[i] in cur)) return { found: false };
    cur = cur[parts[i]];
  }
  return { found: true, value: cur };
}

/**
 * Whether Helm renders a dependency (`processDependencyConditions` / `processDependencyTags` in
 * `pkg/chart/v2/util/dependencies.go`): the first path of `condition` that holds a boolean in the parent's values
 * decides; otherwise the `tags` (top-level `tags:` table) decide; otherwise it is enabled.
 */
export function dependencyEnabled(dep: { condition?: string; tags?: string[] }, parentValues: ValuesMap, topValues: ValuesMap): boolean {
  let enabled = true;
  const tagTable = isMapValue(topValues.tags) ? (topValues.tags as ValuesMap) : {};
  let hasTrue = false;
  let hasFalse = false;
  for (const t of dep.tags ?? []) {
    const v = tagTable[t];
    if (v === true) hasTrue = true;
    else if (v === false) hasFalse = true;
  }
  if (hasTrue) enabled = true;
  else if (hasFalse) enabled = false;
  for (const c of (dep.condition ?? '').trim().split(',')) {
    const path = c.trim();
    if (!path) continue;
    const r = pathValue(parentValues, path);
    if (r.found && typeof r.value === 'boolean') return r.value;
  }
  return enabled;
}

// ---------------------------------------------------------------------------------------------------------------
// Go template pipelines

type Token =
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'field'; path: string[]; base: 'dot' | 'root' | 'var' | 'chain'; name?: string }
  | { t: 'ident'; v: string }
  | { t: '(' }
  | { t: ')' }
  | { t: '|' }
  | { t: 'bad' };

/** Sticky patterns of the tokenizer: each is tried at the current position (no copy of the rest of the text). */
const FIELD = /\.([A-Za-z_][A-Za-z0-9_]*)/y;
const VARIABLE = /\$([A-Za-z0-9_]*)/y;
const NUMBER = /[-+]?(?:0[xX][0-9a-fA-F]+|[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;

/** `/[A-Za-z_]/` on one character code. */
function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  const fieldChain = (): string[] => {
    const path: string[] = [];
    while (src.charCodeAt(i) === 46 /* . */ && isWordStart(src.charCodeAt(i + 1))) {
      FIELD.lastIndex = i;
      const m = FIELD.exec(src)!;
      path.push(m[1]);
      i = FIELD.lastIndex;
    }
    return path;
  };
  while (i < n) {
    const c = src[i];
    if (isSpace(src.charCodeAt(i), c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === '|') {
      out.push({ t: c });
      i++;
      if (c === ')' && src.charCodeAt(i) === 46 && isWordStart(src.charCodeAt(i + 1))) out.push({ t: 'field', path: fieldChain(), base: 'chain' });
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < n && src[j] !== '"') {
        if (src[j] === '\\' && j + 1 < n) {
          const e = src[j + 1];
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
        } else s += src[j++];
      }
      if (j >= n) return [{ t: 'bad' }];
      out.push({ t: 'str', v: s });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = src.indexOf('`', i + 1);
      if (j < 0) return [{ t: 'bad' }];
      out.push({ t: 'str', v: src.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    if (c === '.') {
      if (isWordStart(src.charCodeAt(i + 1))) out.push({ t: 'field', path: fieldChain(), base: 'dot' });
      else {
        out.push({ t: 'field', path: [], base: 'dot' });
        i++;
      }
      continue;
    }
    if (c === '$') {
      VARIABLE.lastIndex = i;
      const m = VARIABLE.exec(src)!;
      i = VARIABLE.lastIndex;
      const path = fieldChain();
      out.push({ t: 'field', path, base: m[1] === '' ? 'root' : 'var', name: m[0] });
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(src);
    if (num && (c !== '-' && c !== '+' ? true : isDigit(src.charCodeAt(i + 1)))) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    IDENT.lastIndex = i;
    const id = IDENT.exec(src);
    if (id) {
      out.push({ t: 'ident', v: id[0] });
      i += id[0].length;
      continue;
    }
    return [{ t: 'bad' }]; // `:=`, `=`, `,`, characters we do not model
  }
  return out;
}

/** `/\s/.test(c)`, deciding ASCII by its code. */
function isSpace(code: number, c: string): boolean {
  return code <= 32 ? code === 32 || (code >= 9 && code <= 13) : code > 127 && /\s/.test(c);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

type Node =
  | { k: 'lit'; v: unknown }
  | { k: 'field'; path: string[]; base: 'dot' | 'root' | 'var'; name?: string }
  | { k: 'chain'; of: Node; path: string[] }
  | { k: 'ident'; name: string }
  | { k: 'pipe'; cmds: Node[][] };

function parsePipeline(toks: Token[]): Node | undefined {
  let pos = 0;
  const pipeline = (): Node | undefined => {
    const cmds: Node[][] = [];
    let cmd: Node[] = [];
    while (pos < toks.length) {
      const tk = toks[pos];
      if (tk.t === ')') break;
      if (tk.t === '|') {
        if (!cmd.length) return undefined;
        cmds.push(cmd);
        cmd = [];
        pos++;
        continue;
      }
      const op = operand();
      if (!op) return undefined;
      cmd.push(op);
    }
    if (!cmd.length) return undefined;
    cmds.push(cmd);
    return { k: 'pipe', cmds };
  };
  const operand = (): Node | undefined => {
    const tk = toks[pos++];
    switch (tk.t) {
      case 'str':
        return { k: 'lit', v: tk.v };
      case 'num':
        return { k: 'lit', v: tk.v };
      case 'ident':
        if (tk.v === 'true' || tk.v === 'false') return { k: 'lit', v: tk.v === 'true' };
        if (tk.v === 'nil') return { k: 'lit', v: null };
        return { k: 'ident', name: tk.v };
      case 'field':
        if (tk.base === 'chain') return undefined;
        return { k: 'field', path: tk.path, base: tk.base, name: tk.name };
      case '(': {
        const inner = pipeline();
        if (!inner || toks[pos]?.t !== ')') return undefined;
        pos++;
        const next = toks[pos];
        if (next?.t === 'field' && next.base === 'chain') {
          pos++;
          return { k: 'chain', of: inner, path: next.path };
        }
        return inner;
      }
      default:
        return undefined;
    }
  };
  if (toks.some((t) => t.t === 'bad')) return undefined;
  const p = pipeline();
  return p && pos === toks.length ? p : undefined;
}

/** Named templates (`define`) that `include` may render. */
export interface TemplateLibrary {
  /** The `define` block of that name (the one Helm would use), in its file's masked template. */
  define(name: string): { template: MaskedTemplate; block: TemplateBlock } | undefined;
}

interface Scope {
  dot: TemplateValue;
  root: TemplateValue;
  vars: Map<string, TemplateValue>;
  lib?: TemplateLibrary;
  depth: number;
}

const ROOT = Symbol('root');

/** The top-level object a template sees: only `.Values` is known statically. */
export function rootObject(values: ValuesMap | undefined): TemplateValue {
  return values ? { Values: values, [ROOT]: true } : UNKNOWN;
}

function field(v: TemplateValue, key: string): TemplateValue {
  if (v === UNKNOWN) return UNKNOWN;
  // A field of a missing value is an error in Go templates ("nil pointer evaluating"): not something to guess.
  if (!isMapValue(v)) return UNKNOWN;
  if ((v as { [ROOT]?: boolean })[ROOT] && key !== 'Values') return UNKNOWN; // .Release, .Chart, .Capabilities …
  return key in v ? v[key] : null;
}

function access(v: TemplateValue, path: string[]): TemplateValue {
  let cur = v;
  for (let i = 0; i < path.length; i++) cur = field(cur, path[i]);
  return cur;
}

/** Go's `truth`: false, 0, "", nil and empty collections are false. `undefined` when unknown. */
export function truth(v: TemplateValue): boolean | undefined {
  if (v === UNKNOWN) return undefined;
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMapValue(v)) return Object.keys(v).length > 0;
  return true;
}

function isBasic(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** `fmt.Sprint` of several operands: a space only between two operands that are not strings. */
function sprint(args: TemplateValue[]): TemplateValue {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    const p = printValue(args[i]);
    if (p === undefined) return UNKNOWN;
    if (i > 0 && typeof args[i] !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += p;
  }
  return out;
}

/** `fmt.Sprint` of a value as a template prints it; undefined when it is not a plain scalar. */
export function printValue(v: TemplateValue): string | undefined {
  if (v === UNKNOWN || v === undefined) return undefined;
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

type Fn = (args: TemplateValue[]) => TemplateValue;

const FUNCTIONS: Record<string, Fn> = {
  not: ([a]) => {
    const t = truth(a);
    return t === undefined ? UNKNOWN : !t;
  },
  // Go 1.18+: `and`/`or` stop at the first deciding argument and return it.
  and: (args) => {
    let unknownSeen = false;
    for (const a of args) {
      const t = truth(a);
      if (t === false) return unknownSeen ? false : a;
      if (t === undefined) unknownSeen = true;
    }
    return unknownSeen ? UNKNOWN : args[args.length - 1];
  },
  or: (args) => {
    let unknownSeen = false;
    for (const a of args) {
      const t = truth(a);
      if (t === true) return unknownSeen ? true : a;
      if (t === undefined) unknownSeen = true;
    }
    return unknownSeen ? UNKNOWN : args[args.length - 1];
  },
  eq: ([a, ...bs]) => {
    let result: TemplateValue = false;
    for (const b of bs) {
      const r = goEqual(a, b);
      if (r === true) return true;
      if (r === UNKNOWN) result = UNKNOWN;
    }
    return bs.length ? result : UNKNOWN;
  },
  ne: ([a, b]) => {
    const r = goEqual(a, b);
    return r === UNKNOWN ? UNKNOWN : !r;
  },
  lt: ([a, b]) => compare(a, b, (x) => x < 0),
  le: ([a, b]) => compare(a, b, (x) => x <= 0),
  gt: ([a, b]) => compare(a, b, (x) => x > 0),
  ge: ([a, b]) => compare(a, b, (x) => x >= 0),
  // Sprig: `default DEFAULT GIVEN` — GIVEN when it is not empty.
  default: ([d, given]) => {
    if (given === undefined) return d;
    const t = truth(given);
    return t === undefined ? UNKNOWN : t ? given : d;
  },
  empty: ([a]) => {
    const t = truth(a);
    return t === undefined ? UNKNOWN : !t;
  },
  coalesce: (args) => {
    for (const a of args) {
      const t = truth(a);
      if (t === undefined) return UNKNOWN;
      if (t) return a;
    }
    return null;
  },
  ternary: ([a, b, c]) => {
    const t = truth(c);
    return t === undefined ? UNKNOWN : t ? a : b;
  },
  required: ([, v]) => v,
  quote: (args) => {
    const parts = args.map(printValue);
    return parts.some((p) => p === undefined) ? UNKNOWN : parts.map((p) => JSON.stringify(p)).join(' ');
  },
  squote: (args) => {
    const parts = args.map(printValue);
    return parts.some((p) => p === undefined) ? UNKNOWN : parts.map((p) => `'${p}'`).join(' ');
  },
  toString: (args: TemplateValue[]) => printValue(args[0]) ?? UNKNOWN,
  lower: ([a]) => (typeof a === 'string' ? a.toLowerCase() : UNKNOWN),
  upper: ([a]) => (typeof a === 'string' ? a.toUpperCase() : UNKNOWN),
  trim: ([a]) => (typeof a === 'string' ? a.trim() : UNKNOWN),
  len: ([a]) => (typeof a === 'string' || Array.isArray(a) ? a.length : isMapValue(a) ? Object.keys(a).length : UNKNOWN),
  hasKey: ([m, k]) => (isMapValue(m) && typeof k === 'string' ? k in m : UNKNOWN),
  contains: ([sub, s]) => (typeof sub === 'string' && typeof s === 'string' ? s.includes(sub) : UNKNOWN),
  hasPrefix: ([p, s]) => (typeof p === 'string' && typeof s === 'string' ? s.startsWith(p) : UNKNOWN),
  hasSuffix: ([p, s]) => (typeof p === 'string' && typeof s === 'string' ? s.endsWith(p) : UNKNOWN),
  list: (args) => (args.some((a) => a === UNKNOWN) ? UNKNOWN : args),
  dict: (args) => {
    const out: ValuesMap = {};
    for (let i = 0; i + 1 < args.length; i += 2) {
      const k = args[i];
      if (typeof k !== 'string') return UNKNOWN;
      out[k] = args[i + 1];
    }
    return args.length % 2 === 0 ? out : UNKNOWN;
  },
  print: (args) => sprint(args),
  printf: ([format, ...args]) => {
    if (typeof format !== 'string') return UNKNOWN;
    let k = 0;
    let ok = true;
    const out = format.replace(/%[svdq%]/g, (m) => {
      if (m === '%%') return '%';
      const p = printValue(args[k++]);
      if (p === undefined) ok = false;
      return m === '%q' ? JSON.stringify(p ?? '') : (p ?? '');
    });
    return ok && k === args.length && !/%[^svdq%]/.test(format) ? out : UNKNOWN;
  },
  trunc: ([n, s]) => (typeof n === 'number' && typeof s === 'string' ? (n >= 0 ? s.slice(0, n) : s.slice(n)) : UNKNOWN),
  trimSuffix: ([suf, s]) => (typeof suf === 'string' && typeof s === 'string' ? (suf && s.endsWith(suf) ? s.slice(0, -suf.length) : s) : UNKNOWN),
  trimPrefix: ([pre, s]) => (typeof pre === 'string' && typeof s === 'string' ? (pre && s.startsWith(pre) ? s.slice(pre.length) : s) : UNKNOWN),
  index: ([m, ...keys]) => {
    let cur = m;
    for (const k of keys) {
      if (cur === UNKNOWN || k === UNKNOWN) return UNKNOWN;
      if (isMapValue(cur) && typeof k === 'string') cur = k in cur ? cur[k] : null;
      else if (Array.isArray(cur) && typeof k === 'number') cur = cur[k] ?? UNKNOWN;
      else return UNKNOWN;
    }
    return cur;
  },
};

/**
 * `eq` in `text/template` (Go 1.18+): a nil operand is simply unequal; operands of different kinds are an error.
 * Helm's values are JSON-decoded (numbers are float64) while a literal `1` is an int, so numbers are left unknown.
 */
function goEqual(a: TemplateValue, b: TemplateValue): boolean | typeof UNKNOWN {
  if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
  if (a === null || b === null) return a === b;
  if (!isBasic(a) || !isBasic(b) || typeof a !== typeof b || typeof a === 'number') return UNKNOWN;
  return a === b;
}

function compare(a: TemplateValue, b: TemplateValue, ok: (c: number) => boolean): TemplateValue {
  if (typeof a === 'number' && typeof b === 'number') return ok(a - b);
  if (typeof a === 'string' && typeof b === 'string') return ok(a < b ? -1 : a > b ? 1 : 0);
  return UNKNOWN;
}

function evalNode(node: Node, scope: Scope, piped?: { v: TemplateValue }): TemplateValue {
  switch (node.k) {
    case 'lit':
      return node.v;
    case 'field':
      if (node.base === 'var') return scope.vars.has(node.name!) ? access(scope.vars.get(node.name!), node.path) : UNKNOWN;
      return access(node.base === 'root' ? scope.root : scope.dot, node.path);
    case 'chain':
      return access(evalNode(node.of, scope), node.path);
    case 'ident':
      return evalCommand([node], scope, piped);
    case 'pipe': {
      let value: { v: TemplateValue } | undefined = piped;
      for (const cmd of node.cmds) value = { v: evalCommand(cmd, scope, value) };
      return value ? value.v : UNKNOWN;
    }
  }
}

function evalCommand(cmd: Node[], scope: Scope, piped?: { v: TemplateValue }): TemplateValue {
  const head = cmd[0];
  if (head.k === 'ident') {
    const args = cmd.slice(1).map((a) => evalNode(a, scope));
    if (piped) args.push(piped.v);
    if (head.name === 'include') return include(args, scope);
    const fn = FUNCTIONS[head.name];
    if (!fn) return UNKNOWN; // tpl, lookup, toYaml, semverCompare …: Helm knows, we do not
    return fn(args);
  }
  if (cmd.length !== 1 || piped) return UNKNOWN;
  return evalNode(head, scope);
}

const MAX_INCLUDE_DEPTH = 12;

/** `include "name" ctx`: renders the named template with `ctx` as its dot (and its `$`). */
function include([name, ctx]: TemplateValue[], scope: Scope): TemplateValue {
  if (typeof name !== 'string' || !scope.lib || scope.depth >= MAX_INCLUDE_DEPTH) return UNKNOWN;
  const def = scope.lib.define(name);
  if (!def) return UNKNOWN;
  const inner: Scope = { dot: ctx, root: ctx, vars: new Map(), lib: scope.lib, depth: scope.depth + 1 };
  const t = def.template;
  const open = actionStarting(t, def.block.openStart);
  const close = actionStarting(t, def.block.end);
  if (!open || !close) return UNKNOWN;
  return renderRange(t, def.block.start, def.block.end, inner, rightTrim(t.source, open), leftTrim(t.source, close));
}

/** Strips `$x :=` / `$i, $v :=` declarations: the value is the pipeline after them. */
function stripDeclaration(expr: string): string {
  const m = /^\s*\$[A-Za-z0-9_]*\s*(?:,\s*\$[A-Za-z0-9_]*\s*)?:?=(?!=)\s*/.exec(expr);
  return m ? expr.slice(m[0].length) : expr;
}

/**
 * Parsed pipelines by their text: the same conditions (`.Values.x.enabled`, `include "x.fullname" .`) come back in
 * document after document and chart after chart. Nodes are never changed after parsing; the map is bounded (and keeps
 * no long texts).
 */
const parsedPipelines = new Map<string, Node | null>();

function parsedPipeline(expr: string): Node | undefined {
  let node = parsedPipelines.get(expr);
  if (node === undefined) {
    node = parsePipeline(tokenize(stripDeclaration(expr))) ?? null;
    if (expr.length > 512) return node ?? undefined; // long bodies are rare: not kept
    if (parsedPipelines.size >= 4096) parsedPipelines.clear();
    parsedPipelines.set(expr, node);
  }
  return node ?? undefined;
}

function evalExpr(expr: string, scope: Scope): TemplateValue {
  const node = parsedPipeline(expr);
  return node ? evalNode(node, scope) : UNKNOWN;
}

/** Evaluates one pipeline (the body of an action, keyword removed) against a scope. */
export function evaluatePipeline(expr: string, dot: TemplateValue, root: TemplateValue = dot, lib?: TemplateLibrary): TemplateValue {
  return evalExpr(expr, { dot, root, vars: new Map(), lib, depth: 0 });
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering a named template's body, for `include` in conditions (Bitnami's `{{- if (include "x.create" .) }}`)

function leftTrim(source: string, a: TemplateAction): boolean {
  return source.charCodeAt(a.start + 2) === 45 /* - */ && /\s/.test(source[a.start + 3] ?? '');
}

function rightTrim(source: string, a: TemplateAction): boolean {
  return !a.unclosed && source.charCodeAt(a.end - 3) === 45 && /\s/.test(source[a.end - 4] ?? '');
}

function actionIndex(t: MaskedTemplate, offset: number): number {
  return firstIndex(t.actions.length, (i) => t.actions[i].start >= offset);
}

function actionStarting(t: MaskedTemplate, offset: number): TemplateAction | undefined {
  const a = t.actions[actionIndex(t, offset)];
  return a && a.start === offset ? a : undefined;
}

/**
 * Renders `[from, to)` of a template like `text/template` would, for the little a helper usually does: text,
 * printed values, `if`/`else`/`with`, `$x :=`. Returns UNKNOWN as soon as something depends on what only Helm
 * knows (a `range` that runs, `tpl`, `.Release`, …).
 */
function renderRange(t: MaskedTemplate, from: number, to: number, scope: Scope, trimStart: boolean, trimEnd: boolean): TemplateValue {
  let out = '';
  let pos = from;
  let trimNext = trimStart;
  let i = actionIndex(t, from);
  const emit = (text: string, trimRight: boolean) => {
    let s = text;
    if (trimNext) s = s.replace(/^\s+/, '');
    if (trimRight) s = s.replace(/\s+$/, '');
    out += s;
  };
  while (i < t.actions.length && t.actions[i].start < to) {
    const a = t.actions[i];
    emit(t.source.slice(pos, a.start), leftTrim(t.source, a));
    trimNext = rightTrim(t.source, a);
    if (a.unclosed) return UNKNOWN;
    if (a.keyword === 'comment') {
      pos = a.end;
      i++;
      continue;
    }
    if (a.keyword === 'expr') {
      const decl = /^\s*(\$[A-Za-z0-9_]+)\s*:?=(?!=)\s*/.exec(a.body);
      if (decl) scope.vars.set(decl[1], evalExpr(a.body.slice(decl[0].length), scope));
      else {
        const p = printValue(evalExpr(a.body, scope));
        if (p === undefined) return UNKNOWN;
        out += p;
      }
      pos = a.end;
      i++;
      continue;
    }
    if (a.keyword !== 'if' && a.keyword !== 'with' && a.keyword !== 'range') return UNKNOWN;
    const b = blockOpeningAt(t, a.start);
    const close = b && actionStarting(t, b.end);
    if (!b || !close || b.end > to) return UNKNOWN;
    const elses = b.elses ?? [];
    const branches = [{ keyword: b.keyword as string, condition: b.condition, start: b.start, open: a }].concat(
      elses.map((e) => ({ keyword: e.keyword as string, condition: e.condition, start: e.start, open: actionStarting(t, e.at)! })),
    );
    let chosen = -1;
    let dot = scope.dot;
    for (let k = 0; k < branches.length; k++) {
      const br = branches[k];
      if (br.keyword === 'else') {
        chosen = k;
        break;
      }
      const v = evalExpr(br.condition, scope);
      const truthy = truth(v);
      if (truthy === undefined || (truthy && br.keyword === 'range')) return UNKNOWN;
      if (truthy) {
        chosen = k;
        if (br.keyword === 'with') dot = v;
        break;
      }
    }
    if (chosen >= 0) {
      const br = branches[chosen];
      const endAt = chosen + 1 < branches.length ? elses[chosen].at : b.end;
      const endAction = chosen + 1 < branches.length ? branches[chosen + 1].open : close;
      const savedDot = scope.dot;
      scope.dot = dot;
      const inner = renderRange(t, br.start, endAt, scope, rightTrim(t.source, br.open), leftTrim(t.source, endAction));
      scope.dot = savedDot;
      if (inner === UNKNOWN) return UNKNOWN;
      // The opening action's right trim was applied inside; text after `end` follows the end's own trim.
      out += inner as string;
    }
    trimNext = rightTrim(t.source, close);
    pos = close.end;
    i = actionIndex(t, close.end);
  }
  emit(t.source.slice(pos, to), trimEnd);
  return out;
}

/** Combines three-valued facts with AND: false wins, then unknown. */
export function allOf(facts: Array<boolean | undefined>): boolean | undefined {
  if (facts.some((f) => f === false)) return false;
  if (facts.some((f) => f === undefined)) return undefined;
  return true;
}

/**
 * The branch of `b` that contains `offset` and whether it runs: the opening condition for the first branch; for
 * the text after an `else`, every earlier condition false and (for `else if`/`else with`) its own true.
 * Also returns the dot inside the branch (`with` sets it; `range` makes it unknown).
 */
function branchFact(b: TemplateBlock, offset: number, scope: Scope): { runs: boolean | undefined; dot: TemplateValue } {
  const elses = (b.elses ?? []).filter((e) => e.at < b.end);
  let k = 0;
  while (k < elses.length && elses[k].start <= offset) k++;
  const conds = [{ keyword: b.keyword as string, condition: b.condition }, ...elses.map((e) => ({ keyword: e.keyword === 'else' ? 'else' : e.keyword, condition: e.condition }))];
  const facts: Array<boolean | undefined> = [];
  let dot: TemplateValue = scope.dot;
  for (let i = 0; i <= k; i++) {
    const c = conds[i];
    if (c.keyword === 'else') {
      facts.push(true);
      continue;
    }
    const v = evalExpr(c.condition, scope);
    const t = truth(v);
    if (i < k) facts.push(t === undefined ? undefined : !t);
    else {
      facts.push(t);
      if (c.keyword === 'with') dot = v;
      else if (c.keyword === 'range') dot = UNKNOWN;
    }
  }
  return { runs: allOf(facts), dot };
}

/**
 * Whether the text at `offset` of a template is rendered with the chart's default values: every enclosing
 * `if`/`with`/`range` branch must run. `undefined` when some condition cannot be evaluated statically.
 */
export function renderedByDefault(template: MaskedTemplate, offset: number, values: ValuesMap | undefined, lib?: TemplateLibrary): boolean | undefined {
  const root = rootObject(values);
  const scope: Scope = { dot: root, root, vars: new Map(), lib, depth: 0 };
  const facts: Array<boolean | undefined> = [];
  for (const b of enclosingBlocks(template, offset)) {
    const f = branchFact(b, offset, scope);
    facts.push(f.runs);
    scope.dot = f.dot;
  }
  return allOf(facts);
}

/** The dot (`.`) at `offset`: the root object, or what an enclosing `with` set it to (unknown inside `range`). */
export function dotAt(template: MaskedTemplate, offset: number, values: ValuesMap | undefined, lib?: TemplateLibrary): TemplateValue {
  const root = rootObject(values);
  const scope: Scope = { dot: root, root, vars: new Map(), lib, depth: 0 };
  for (const b of enclosingBlocks(template, offset)) {
    // Only `with` and `range` (and `else with`) change the dot: an `if` needs no evaluation here.
    if (b.keyword === 'if' && !b.elses?.some((e) => e.keyword === 'with')) continue;
    scope.dot = branchFact(b, offset, scope).dot;
  }
  return scope.dot;
}
