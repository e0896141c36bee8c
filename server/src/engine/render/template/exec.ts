/**
 * The executor of Go's text/template (text/template/exec.go): walks a parse tree with a dot and a variable stack,
 * evaluates pipelines, converts function arguments as evalArg/validateType do, and reports errors with Go's
 * exact text ("template: FILE:LINE:COL: executing \"NAME\" at <NODE>: MSG"). Output goes to an array of chunks.
 */
import { RenderBudget } from '../budget';
import { sprint } from '../fmt/goFmt';
import { CallContext, GoArgTypeError, GoFunction, GoNumber, GoStruct, GoValue, RenderBudgetError, sortedKeys, sliceElemType, typedSlice } from '../goValue';
import { BUILTINS, Builtin, BuiltinEnv, ExecVal, FnParam, goTypeName, isFunc, isTrue, paramTypeName } from './builtins';
import { describeTemplate, goQuote } from './lex';
import {
  ActionNode,
  BranchNode,
  ChainNode,
  CommandNode,
  FieldNode,
  IdentifierNode,
  N,
  Node,
  NumberNode,
  PipeNode,
  RangeNode,
  Source,
  TemplateNode,
  Tree,
  VariableNode,
  nodeString,
} from './nodes';

export type MissingKey = 'default' | 'zero' | 'error';

/** One printed action, for mapping output back to the template source. */
export interface TraceEvent {
  /** Output offsets (UTF-16) of the printed text, within the output of the execute() call that traces. */
  start: number;
  end: number;
  /** Name of the template (define) executing, and the file (parse name) the action is in. */
  template: string;
  parseName: string;
  /** 1-based line and 0-based byte column of the action's pipeline, as Go's error locations count them. */
  line: number;
  col: number;
  /** The action as Go prints it, e.g. `.Values.image.tag | quote`. */
  action: string;
  /** Offset (UTF-16) in the source of `parseName` of the action's pipeline, or of the text (`text`). */
  pos?: number;
  /** Literal template text (with `traceText`); its `line`, `col` and `action` are not computed (0, 0, ''). */
  text?: true;
  /** The `{{template}}` actions this one runs inside, outermost first. */
  via?: readonly TraceSite[];
}

/** A `{{template "name" …}}` call site, for traces. */
export interface TraceSite {
  template: string;
  parseName: string;
  pos: number;
}

export interface ExecOptions {
  trace?: (e: TraceEvent) => void;
  /**
   * With `trace`: literal text written is reported too, so every output offset maps to the source; and no event's
   * `line`, `col` or `action` is computed (0, 0, ''): `pos` says where it is, for a caller that indexes the source.
   */
  traceText?: boolean;
  /** With `trace`: called before each action's pipeline runs (a function it calls, such as include, belongs to it). */
  traceAction?: () => void;
}

/** Error of parsing or executing; `message` is exactly Go's err.Error(). */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly kind: 'parse' | 'exec',
    readonly templateName: string,
    readonly line: number,
    readonly col: number,
    readonly action?: string,
    readonly cause?: unknown,
    /** Go's message without the location prefix (what follows "at <…>: " or "NAME:LINE: "). */
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** What the executor needs from the template set. */
export interface ExecEnv {
  lookup(name: string): Tree | undefined;
  func(name: string): GoFunction | Builtin | undefined;
  missingKey: MissingKey;
  goMinor: number;
}

const MISSING: unique symbol = Symbol('missingVal');
type Final = ExecVal | typeof MISSING;

const NORMAL = 0;
const BREAK = 1;
const CONTINUE = 2;

interface Variable {
  name: string;
  value: ExecVal;
  /** Whether the value sits in an interface{} slot (range elements of []interface{}/map values). */
  iface: boolean;
}

/** parse.Tree.ErrorContext: "parseName:line:col" (column in bytes, 0-based) and the node's text. */
export function errorContext(source: Source, node: Node): { location: string; line: number; col: number; context: string } {
  const text = source.text;
  const pos = Math.min(node.pos, text.length);
  let line = 1;
  let lastNl = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++;
    lastNl = i;
  }
  const col = Buffer.byteLength(text.slice(lastNl + 1, pos), 'utf8');
  const context = nodeString(node);
  return { location: `${source.parseName}:${line}:${col}`, line, col, context };
}

function isBuiltin(f: GoFunction | Builtin): f is Builtin {
  return (f as Builtin).builtin === true;
}

export class State {
  private tree: Tree;
  private node: Node | null = null;
  private vars: Variable[];
  readonly out: string[] = [];
  private outLen = 0;
  private readonly ctx: CallContext;
  private readonly benv: BuiltinEnv;
  /** Side channel of evalField: whether its result sits in an interface{} slot. */
  private lastIface = false;
  /** Source text of the callee of the builtin `call` being evaluated (for its messages). */
  private calleeName = '';
  /** Tracing only: text events on, the per-action hook, the `{{template}}` call sites being executed. */
  private readonly traceText: boolean;
  private readonly traceAction: (() => void) | undefined;
  private readonly via: TraceSite[] = [];

  constructor(
    private readonly env: ExecEnv,
    tree: Tree,
    dot: ExecVal,
    private readonly budget: RenderBudget,
    private readonly trace: ((e: TraceEvent) => void) | undefined,
    traceOptions?: ExecOptions,
  ) {
    this.traceText = trace !== undefined && traceOptions?.traceText === true;
    this.traceAction = trace !== undefined ? traceOptions?.traceAction : undefined;
    this.tree = tree;
    // Execute(nil) gives an invalid value, not a nil interface (exec.go: reflect.ValueOf(data))
    if (dot === null) dot = undefined;
    this.vars = [{ name: '$', value: dot, iface: false }];
    this.ctx = { charge: (u: number) => budget.charge(u) };
    this.benv = { goMinor: env.goMinor, callee: () => this.calleeName };
  }

  run(dot: ExecVal): string {
    this.walk(dot === null ? undefined : dot, false, this.tree.root);
    return this.out.join('');
  }

  // ---- errors ----
  private at(n: Node): void {
    this.node = n;
  }

  errorf(msg: string, cause?: unknown): never {
    const name = this.tree.name;
    if (this.node === null) {
      throw new TemplateError(`template: ${name}: ${msg}`, 'exec', name, 0, 0, undefined, cause, msg);
    }
    const ec = errorContext(this.tree.source, this.node);
    throw new TemplateError(
      `template: ${ec.location}: executing ${goQuote(name)} at <${ec.context}>: ${msg}`,
      'exec',
      name,
      ec.line,
      ec.col,
      ec.context,
      cause,
      msg,
    );
  }

  /** Where execution is, for budget messages. */
  where(): string {
    if (this.node === null) return `template ${goQuote(this.tree.name)}`;
    const ec = errorContext(this.tree.source, this.node);
    return `${ec.location}: executing ${goQuote(this.tree.name)} at <${ec.context}>`;
  }

  private write(s: string): void {
    if (s.length === 0) return;
    this.out.push(s);
    this.outLen += s.length;
    this.budget.addOutput(s.length);
  }

  // ---- variables ----
  private varValue(name: string): Variable {
    const vars = this.vars;
    for (let i = vars.length - 1; i >= 0; i--) if (vars[i].name === name) return vars[i];
    this.errorf(`undefined variable: ${name}`);
  }

  private setVar(name: string, value: ExecVal): void {
    const vars = this.vars;
    for (let i = vars.length - 1; i >= 0; i--) {
      if (vars[i].name === name) {
        vars[i].value = value;
        vars[i].iface = false;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  // ---- walk ----
  private walk(dot: ExecVal, dotIface: boolean, node: Node): number {
    this.at(node);
    this.budget.charge(1);
    switch (node.type) {
      case N.Action: {
        if (this.traceAction !== undefined) this.traceAction();
        const val = this.evalPipeline(dot, dotIface, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return NORMAL;
      }
      case N.Text:
        if (this.traceText) this.traceTextNode(node.text, node.pos);
        else this.write(node.text);
        return NORMAL;
      case N.List: {
        const nodes = node.nodes;
        for (let i = 0; i < nodes.length; i++) {
          const c = this.walk(dot, dotIface, nodes[i]);
          if (c !== NORMAL) return c;
        }
        return NORMAL;
      }
      case N.If:
      case N.With:
        return this.walkIfOrWith(node.type === N.With, dot, dotIface, node);
      case N.Range:
        return this.walkRange(dot, dotIface, node);
      case N.Template:
        this.walkTemplate(dot, dotIface, node);
        return NORMAL;
      case N.Comment:
        return NORMAL;
      case N.Break:
        return BREAK;
      case N.Continue:
        return CONTINUE;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  private walkIfOrWith(isWith: boolean, dot: ExecVal, dotIface: boolean, node: BranchNode): number {
    const mark = this.vars.length;
    const val = this.evalPipeline(dot, dotIface, node.pipe);
    let code = NORMAL;
    if (isTrue(val)) {
      code = isWith ? this.walk(val, false, node.list) : this.walk(dot, dotIface, node.list);
    } else if (node.elseList !== null) {
      code = this.walk(dot, dotIface, node.elseList);
    }
    this.vars.length = mark;
    return code;
  }

  private walkRange(dot: ExecVal, dotIface: boolean, r: RangeNode): number {
    this.at(r);
    const mark0 = this.vars.length;
    const val0 = this.evalPipeline(dot, dotIface, r.pipe);
    // a named map or slice type (engine.files, VersionSet) ranges over its map or slice; its elements are typed
    const named = val0 instanceof GoStruct && val0.underlying !== undefined;
    const val = named ? (val0 as GoStruct).underlying : val0;
    const mark = this.vars.length;
    const ndecl = r.pipe.decl.length;
    const vars = this.vars;
    // one iteration: false means break
    const iterate = (index: ExecVal, elem: ExecVal, elemIface: boolean): boolean => {
      if (ndecl > 0) {
        const v = vars[mark - 1];
        v.value = elem;
        v.iface = elemIface;
      }
      if (ndecl > 1) {
        const v = vars[mark - 2];
        v.value = index;
        v.iface = false;
      }
      const code = this.walk(elem, elemIface, r.list);
      this.vars.length = mark;
      return code !== BREAK;
    };
    let ran = false;
    if (Array.isArray(val)) {
      const iface = sliceElemType(val) === 'interface {}';
      for (let i = 0; i < val.length; i++) {
        ran = true;
        if (!iterate(BigInt(i), val[i], iface)) break;
      }
    } else if (val instanceof Map) {
      const keys = sortedKeys(val);
      for (const k of keys) {
        ran = true;
        if (!iterate(k, val.get(k) as GoValue, !named)) break;
      }
    } else if (val instanceof Uint8Array) {
      for (let i = 0; i < val.length; i++) {
        ran = true;
        if (!iterate(BigInt(i), new GoNumber('uint8', BigInt(val[i])), false)) break;
      }
    } else if (val === undefined || val === null) {
      // a nil map or missing value: like an empty map
    } else if (this.env.goMinor >= 24 && (typeof val === 'bigint' || (val instanceof GoNumber && typeof val.value === 'bigint'))) {
      if (ndecl > 1) this.errorf(`can't use ${sprint([val])} to iterate over more than one variable`);
      const n = typeof val === 'bigint' ? val : (val as GoNumber).value as bigint;
      const kind = typeof val === 'bigint' ? null : (val as GoNumber).kind;
      for (let i = 0n; i < n; i++) {
        ran = true;
        const v: GoValue = kind === null ? i : new GoNumber(kind, i);
        if (!iterate(undefined, v, false)) break;
      }
    } else {
      this.errorf(`range can't iterate over ${sprint([val])}`);
    }
    let code = NORMAL;
    if (!ran && r.elseList !== null) code = this.walk(dot, dotIface, r.elseList);
    this.vars.length = mark0;
    return code === BREAK || code === CONTINUE ? NORMAL : code;
  }

  private walkTemplate(dot: ExecVal, dotIface: boolean, t: TemplateNode): void {
    this.at(t);
    const tmpl = this.env.lookup(t.name);
    if (tmpl === undefined) this.errorf(`template ${goQuote(t.name)} not defined`);
    this.budget.enterLazy(t.name, describeTemplate);
    const newDot = this.evalPipeline(dot, dotIface, t.pipe);
    const savedTree = this.tree;
    const savedVars = this.vars;
    if (this.trace !== undefined) this.via.push({ template: savedTree.name, parseName: savedTree.source.parseName, pos: t.pos });
    this.tree = tmpl;
    this.vars = [{ name: '$', value: newDot, iface: false }];
    try {
      this.walk(newDot, false, tmpl.root);
    } finally {
      if (this.trace !== undefined) this.via.pop();
      this.tree = savedTree;
      this.vars = savedVars;
      this.budget.leave();
    }
  }

  // ---- evaluation ----
  private evalPipeline(dot: ExecVal, dotIface: boolean, pipe: PipeNode | null): ExecVal {
    if (pipe === null) return undefined;
    this.at(pipe);
    let value: Final = MISSING;
    const cmds = pipe.cmds;
    for (let i = 0; i < cmds.length; i++) {
      value = this.evalCommand(dot, dotIface, cmds[i], value);
      // an interface{} is unwrapped: a nil inside one becomes no value
      if (value === null) value = undefined;
    }
    const v = value === MISSING ? undefined : value;
    const decl = pipe.decl;
    for (let i = 0; i < decl.length; i++) {
      if (pipe.isAssign) this.setVar(decl[i].ident[0], v);
      else this.vars.push({ name: decl[i].ident[0], value: v, iface: false });
    }
    return v;
  }

  private notAFunction(args: Node[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  private evalCommand(dot: ExecVal, dotIface: boolean, cmd: CommandNode, final: Final): ExecVal {
    this.budget.charge(1);
    const first = cmd.args[0];
    switch (first.type) {
      case N.Field:
        return this.evalFieldNode(dot, dotIface, first, cmd.args, final);
      case N.Chain:
        return this.evalChainNode(dot, dotIface, first, cmd.args, final);
      case N.Identifier: {
        // evalFunction, inlined to keep deep include recursion within the JS stack
        this.at(first);
        const fn = this.env.func(first.ident);
        if (fn === undefined) this.errorf(`${goQuote(first.ident)} is not a defined function`);
        return this.evalCall(dot, dotIface, fn, cmd, first.ident, cmd.args, final);
      }
      case N.Pipe:
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, dotIface, first);
      case N.Variable:
        return this.evalVariableNode(dot, dotIface, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case N.Bool:
        return first.value;
      case N.Dot:
        return dot;
      case N.Nil:
        this.errorf('nil is not a command');
      // falls through (errorf never returns)
      case N.Number:
        return this.idealConstant(first);
      case N.String:
        return first.text;
    }
    this.errorf(`can't evaluate command ${goQuote(nodeString(first))}`);
  }

  private idealConstant(c: NumberNode): ExecVal {
    this.at(c);
    if (c.isComplex) return complexValue(c.re, c.im);
    const t = c.text;
    const isHexInt = t.length > 2 && t[0] === '0' && (t[1] === 'x' || t[1] === 'X') && !/[pP]/.test(t);
    const isRune = t[0] === "'";
    if (c.isFloat && !isHexInt && !isRune && /[.eEpP]/.test(t)) return c.float64;
    if (c.isInt) return c.int64;
    if (c.isUint) this.errorf(`${t} overflows int`);
    return undefined;
  }

  private evalFieldNode(dot: ExecVal, dotIface: boolean, field: FieldNode, args: Node[] | null, final: Final): ExecVal {
    this.at(field);
    return this.evalFieldChain(dot, dotIface, dot, dotIface, field, field.ident, 0, args, final);
  }

  private evalChainNode(dot: ExecVal, dotIface: boolean, chain: ChainNode, args: Node[] | null, final: Final): ExecVal {
    this.at(chain);
    if (chain.field.length === 0) this.errorf('internal error: no fields in evalChainNode');
    if (chain.node.type === N.Nil) this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, dotIface, null, chain.node);
    return this.evalFieldChain(dot, dotIface, pipe, false, chain, chain.field, 0, args, final);
  }

  private evalVariableNode(dot: ExecVal, dotIface: boolean, v: VariableNode, args: Node[] | null, final: Final): ExecVal {
    this.at(v);
    const variable = this.varValue(v.ident[0]);
    if (v.ident.length === 1) {
      if (args !== null) this.notAFunction(args, final);
      return variable.value;
    }
    return this.evalFieldChain(dot, dotIface, variable.value, variable.iface, v, v.ident, 1, args, final);
  }

  private evalFieldChain(
    dot: ExecVal,
    dotIface: boolean,
    receiver: ExecVal,
    recvIface: boolean,
    node: Node,
    ident: string[],
    from: number,
    args: Node[] | null,
    final: Final,
  ): ExecVal {
    const n = ident.length;
    for (let i = from; i < n - 1; i++) {
      receiver = this.evalField(dot, dotIface, ident[i], node, null, MISSING, receiver, recvIface);
      recvIface = this.lastIface;
    }
    return this.evalField(dot, dotIface, ident[n - 1], node, args, final, receiver, recvIface);
  }

  private evalFunction(dot: ExecVal, dotIface: boolean, node: IdentifierNode, cmd: Node, args: Node[] | null, final: Final): ExecVal {
    this.at(node);
    const name = node.ident;
    const fn = this.env.func(name);
    if (fn === undefined) this.errorf(`${goQuote(name)} is not a defined function`);
    return this.evalCall(dot, dotIface, fn, cmd, name, args, final);
  }

  private evalField(
    dot: ExecVal,
    dotIface: boolean,
    fieldName: string,
    node: Node,
    args: Node[] | null,
    final: Final,
    receiver: ExecVal,
    recvIface: boolean,
  ): ExecVal {
    this.lastIface = false;
    if (receiver === undefined) {
      if (this.env.missingKey === 'error') this.errorf(`nil data; no entry for key ${goQuote(fieldName)}`);
      return undefined;
    }
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${fieldName}`);
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    if (receiver instanceof Map) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      const v = receiver.get(fieldName);
      this.lastIface = true;
      if (v !== undefined) return v;
      switch (this.env.missingKey) {
        case 'zero':
          return null;
        case 'error':
          this.errorf(`map has no entry for key ${goQuote(fieldName)}`);
        // falls through (errorf never returns)
        default:
          return undefined;
      }
    }
    if (receiver instanceof GoStruct) {
      const m = receiver.methods.get(fieldName);
      if (m !== undefined) return this.evalCall(dot, dotIface, m, node, fieldName, args, final);
      const f = receiver.fields.get(fieldName);
      if (f !== undefined) {
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        return f;
      }
    }
    const typ = recvIface ? 'interface {}' : goTypeName(receiver);
    this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
  }

  private evalCall(
    dot: ExecVal,
    dotIface: boolean,
    fn: GoFunction | Builtin,
    node: Node,
    name: string,
    args: Node[] | null,
    final: Final,
  ): ExecVal {
    const nArgs = args === null ? 0 : args.length - 1;
    const numIn = nArgs + (final !== MISSING ? 1 : 0);
    const params = fn.params;
    const variadic = fn.variadic;
    let numFixed = nArgs;
    if (variadic !== undefined) {
      numFixed = params.length;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${params.length} got ${nArgs}`);
    } else if (numIn !== params.length) {
      this.errorf(`wrong number of args for ${name}: want ${params.length} got ${numIn}`);
    }
    const builtin = isBuiltin(fn);
    if (builtin && (name === 'and' || name === 'or') && (fn === BUILTINS.get('and') || fn === BUILTINS.get('or'))) {
      // Go 1.18+: evaluate lazily, stop at the first false (and) / true (or) operand
      const isOr = name === 'or';
      let v: ExecVal = undefined;
      for (let i = 1; i <= nArgs; i++) {
        v = this.evalArg(dot, dotIface, 'value', (args as Node[])[i]);
        if (isTrue(v) === isOr) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }
    if (builtin && name === 'call' && fn === BUILTINS.get('call')) {
      // funcs.go call(): messages name the callee by its source text
      this.calleeName = nArgs > 0 ? nodeString((args as Node[])[1]) : '';
    }
    const argv: ExecVal[] = new Array(numIn);
    let i = 0;
    for (; i < numFixed && i < nArgs; i++) argv[i] = this.evalArg(dot, dotIface, params[i], (args as Node[])[i + 1]);
    if (variadic !== undefined) {
      for (; i < nArgs; i++) argv[i] = this.evalArg(dot, dotIface, variadic, (args as Node[])[i + 1]);
    }
    // where validateType of the final (piped) argument would report, as in Go
    const finalNode = this.node;
    if (final !== MISSING) {
      let t: FnParam = params[params.length - 1];
      if (variadic !== undefined) t = numIn - 1 < numFixed ? params[numIn - 1] : variadic;
      argv[i] = this.validateType(final, t);
    }
    let result: ExecVal;
    try {
      result = builtin ? fn.call(argv, this.benv) : fn.call(argv as GoValue[], this.ctx);
      if (builtin) this.calleeName = '';
    } catch (e) {
      if (e instanceof RenderBudgetError || isStackOverflow(e)) throw e;
      if (e instanceof GoArgTypeError) {
        // a struct-typed parameter (time.Time, *semver.Version, …): Go's evalArg/validateType reports it at the
        // argument — a constant as "can't handle", any other value as "wrong type for value"
        const k = e.argIndex;
        let at: Node | null = finalNode;
        if (k !== undefined && k < nArgs) at = (args as Node[])[k + 1];
        if (at !== null) this.at(at);
        const expected = /expected ([^;]+)/.exec(e.message)?.[1];
        if (at !== null && expected !== undefined && final === MISSING && (at.type === N.String || at.type === N.Number || at.type === N.Bool)) {
          // time.Duration is an int64 kind: a non-integer constant fails as for any integer parameter
          if (expected === 'time.Duration') this.errorf(`expected integer; found ${nodeString(at)}`);
          this.errorf(`can't handle ${nodeString(at)} for arg of type ${expected}`);
        }
        // no cause: Go's own conversion errors wrap nothing (Helm 4's error trace stops here)
        this.errorf(e.message);
      }
      this.at(node);
      const msg = e instanceof Error ? e.message : String(e);
      this.errorf(`error calling ${name}: ${msg}`, e);
    }
    return result;
  }

  private zeroOf(t: FnParam): ExecVal {
    switch (t) {
      case 'any':
        return null;
      case 'value':
        return undefined;
      case 'slice':
        return [];
      case 'strings':
        return typedSlice([], 'string');
      case 'map':
        return new Map();
      case 'bytes':
        return new Uint8Array(0);
    }
    return undefined;
  }

  private canBeNil(t: FnParam): boolean {
    return t === 'any' || t === 'value' || t === 'slice' || t === 'strings' || t === 'map' || t === 'bytes';
  }

  private validateType(value: ExecVal, t: FnParam | null): ExecVal {
    if (value === undefined) {
      if (t === null) return undefined;
      if (this.canBeNil(t)) return this.zeroOf(t);
      this.errorf(`invalid value; expected ${paramTypeName(t)}`);
    }
    if (t === null || t === 'value' || t === 'any') return value;
    if (value === null) this.errorf(`wrong type for value; expected ${paramTypeName(t)}; got interface {}`);
    const want = paramTypeName(t);
    // a named slice type ([]string's VersionSet) is assignable to its unnamed type
    if (t === 'strings' && value instanceof GoStruct && Array.isArray(value.underlying) && sliceElemType(value.underlying) === 'string') return value.underlying;
    const got = goTypeName(value);
    if (got === want || (t === 'map' && value instanceof Map)) return value;
    this.errorf(`wrong type for value; expected ${want}; got ${got}`);
  }

  private evalArg(dot: ExecVal, dotIface: boolean, t: FnParam | null, n: Node): ExecVal {
    this.at(n);
    switch (n.type) {
      case N.Dot:
        return this.validateType(dot, t);
      case N.Nil:
        if (t !== null && this.canBeNil(t)) return this.zeroOf(t);
        this.errorf(`cannot assign nil to ${t === null ? '<nil>' : paramTypeName(t)}`);
      // falls through (errorf never returns)
      case N.Field:
        return this.validateType(this.evalFieldNode(dot, dotIface, n, [n], MISSING), t);
      case N.Variable:
        return this.validateType(this.evalVariableNode(dot, dotIface, n, null, MISSING), t);
      case N.Pipe:
        return this.validateType(this.evalPipeline(dot, dotIface, n), t);
      case N.Identifier:
        return this.validateType(this.evalFunction(dot, dotIface, n, n, null, MISSING), t);
      case N.Chain:
        return this.validateType(this.evalChainNode(dot, dotIface, n, null, MISSING), t);
    }
    switch (t) {
      case 'bool':
        if (n.type === N.Bool) return n.value;
        this.errorf(`expected bool; found ${nodeString(n)}`);
      // falls through (errorf never returns)
      case 'float64':
        if (n.type === N.Number && n.isFloat) return n.float64;
        this.errorf(`expected float; found ${nodeString(n)}`);
      // falls through (errorf never returns)
      case 'int':
      case 'int64':
      case 'int32':
        if (n.type === N.Number && n.isInt) {
          if (t === 'int') return n.int64;
          if (t === 'int64') return new GoNumber('int64', n.int64);
          return new GoNumber('int32', BigInt.asIntN(32, n.int64));
        }
        this.errorf(`expected integer; found ${nodeString(n)}`);
      // falls through (errorf never returns)
      case 'uint32':
        if (n.type === N.Number && n.isUint) return new GoNumber('uint32', BigInt.asUintN(32, n.uint64));
        this.errorf(`expected unsigned integer; found ${nodeString(n)}`);
      // falls through (errorf never returns)
      case 'string':
        if (n.type === N.String) return n.text;
        this.errorf(`expected string; found ${nodeString(n)}`);
      // falls through (errorf never returns)
      case 'any':
      case 'value':
      case null:
        return this.evalEmptyInterface(dot, n);
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${paramTypeName(t)}`);
  }

  private evalEmptyInterface(dot: ExecVal, n: Node): ExecVal {
    this.at(n);
    switch (n.type) {
      case N.Bool:
        return n.value;
      case N.Dot:
        return dot;
      case N.Number:
        return this.idealConstant(n);
      case N.String:
        return n.text;
    }
    this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
  }

  private printValue(n: ActionNode, v: ExecVal): void {
    this.at(n);
    let s: string;
    if (v === undefined || v === null) s = '<no value>';
    else if (typeof v === 'string') s = v;
    else if (typeof v === 'bigint') s = v.toString();
    else if (typeof v === 'boolean') s = v ? 'true' : 'false';
    else if (v instanceof GoStruct && v.stringer !== undefined) s = v.stringer();
    else if (isFunc(v)) this.errorf(`can't print ${nodeString(n)} of type ${goTypeName(v)}`);
    else s = sprint([v]);
    if (this.trace !== undefined) {
      const start = this.outLen;
      this.write(s);
      if (this.traceText) {
        const tree = this.tree;
        this.trace({ start, end: this.outLen, template: tree.name, parseName: tree.source.parseName, line: 0, col: 0, action: '', pos: n.pipe.pos, via: this.via.length > 0 ? this.via.slice() : undefined });
        return;
      }
      const ec = errorContext(this.tree.source, n.pipe);
      this.trace({
        start,
        end: this.outLen,
        template: this.tree.name,
        parseName: this.tree.source.parseName,
        line: ec.line,
        col: ec.col,
        action: ec.context,
        pos: n.pipe.pos,
        via: this.via.length > 0 ? this.via.slice() : undefined,
      });
    } else {
      this.write(s);
    }
  }

  private traceTextNode(text: string, pos: number): void {
    const start = this.outLen;
    this.write(text);
    const tree = this.tree;
    (this.trace as (e: TraceEvent) => void)({
      start,
      end: this.outLen,
      template: tree.name,
      parseName: tree.source.parseName,
      line: 0,
      col: 0,
      action: '',
      pos,
      text: true,
      via: this.via.length > 0 ? this.via.slice() : undefined,
    });
  }
}

/** A JS stack overflow (deep template recursion): turned into a RenderBudgetError by Templates.execute. */
export function isStackOverflow(e: unknown): boolean {
  // no regular expression or call here: this runs with the stack exhausted
  return e instanceof RangeError && e.message === 'Maximum call stack size exceeded';
}

/** A complex128 constant (only literals like 1i make one): printed as Go prints it. */
function complexValue(re: number, im: number): GoValue {
  const f = (x: number): string => sprint([x]);
  const sign = im < 0 || Object.is(im, -0) ? '' : '+';
  return new GoStruct('complex128', new Map(), new Map(), undefined, false, () => `(${f(re)}${sign}${f(im)}i)`);
}

