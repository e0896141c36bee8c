/**
 * Parse tree nodes of text/template (text/template/parse/node.go) and their String() forms, which appear in
 * error messages ("executing ... at <.Values.x>"). Nodes are plain objects discriminated by `type`.
 */
import { goQuote } from './lex';

export const enum N {
  Text,
  Action,
  Bool,
  Chain,
  Command,
  Dot,
  Field,
  Identifier,
  If,
  List,
  Nil,
  Number,
  Pipe,
  Range,
  String,
  Template,
  Variable,
  With,
  Comment,
  Break,
  Continue,
  // parser-internal
  End,
  Else,
}

/** The parse of one file: every tree made from it shares it (ErrorContext reads positions against its text). */
export interface Source {
  /** ParseName: the name given to parse() (the file), used in locations. */
  parseName: string;
  text: string;
}

interface Base {
  pos: number;
}

export interface TextNode extends Base { type: N.Text; text: string }
export interface ActionNode extends Base { type: N.Action; line: number; pipe: PipeNode }
export interface BoolNode extends Base { type: N.Bool; value: boolean }
export interface ChainNode extends Base { type: N.Chain; node: Node; field: string[] }
export interface CommandNode extends Base { type: N.Command; args: Node[] }
export interface DotNode extends Base { type: N.Dot }
export interface FieldNode extends Base { type: N.Field; ident: string[] }
export interface IdentifierNode extends Base { type: N.Identifier; ident: string }
export interface ListNode extends Base { type: N.List; nodes: Node[] }
export interface NilNode extends Base { type: N.Nil }
export interface NumberNode extends Base {
  type: N.Number;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
  /** complex128: real and imaginary parts */
  re: number;
  im: number;
  text: string;
}
export interface PipeNode extends Base { type: N.Pipe; line: number; isAssign: boolean; decl: VariableNode[]; cmds: CommandNode[] }
export interface BranchNode extends Base {
  line: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}
export interface IfNode extends BranchNode { type: N.If }
export interface RangeNode extends BranchNode { type: N.Range }
export interface WithNode extends BranchNode { type: N.With }
export interface StringNode extends Base { type: N.String; quoted: string; text: string }
export interface TemplateNode extends Base { type: N.Template; line: number; name: string; pipe: PipeNode | null }
export interface VariableNode extends Base { type: N.Variable; ident: string[] }
export interface CommentNode extends Base { type: N.Comment; text: string }
export interface BreakNode extends Base { type: N.Break; line: number }
export interface ContinueNode extends Base { type: N.Continue; line: number }
export interface EndNode extends Base { type: N.End }
export interface ElseNode extends Base { type: N.Else; line: number }

export type Node =
  | TextNode
  | ActionNode
  | BoolNode
  | ChainNode
  | CommandNode
  | DotNode
  | FieldNode
  | IdentifierNode
  | ListNode
  | NilNode
  | NumberNode
  | PipeNode
  | IfNode
  | RangeNode
  | WithNode
  | StringNode
  | TemplateNode
  | VariableNode
  | CommentNode
  | BreakNode
  | ContinueNode
  | EndNode
  | ElseNode;

/** A parsed template: its name, its root list and the source it came from. */
export interface Tree {
  name: string;
  root: ListNode;
  source: Source;
}

/** Node.String() of node.go. */
export function nodeString(n: Node): string {
  switch (n.type) {
    case N.Text:
      return n.text;
    case N.Action:
      return '{{' + nodeString(n.pipe) + '}}';
    case N.Bool:
      return n.value ? 'true' : 'false';
    case N.Chain: {
      let s = n.node.type === N.Pipe ? '(' + nodeString(n.node) + ')' : nodeString(n.node);
      for (const f of n.field) s += '.' + f;
      return s;
    }
    case N.Command: {
      let s = '';
      for (let i = 0; i < n.args.length; i++) {
        if (i > 0) s += ' ';
        const a = n.args[i];
        s += a.type === N.Pipe ? '(' + nodeString(a) + ')' : nodeString(a);
      }
      return s;
    }
    case N.Dot:
      return '.';
    case N.Field:
      return '.' + n.ident.join('.');
    case N.Identifier:
      return n.ident;
    case N.List:
      return n.nodes.map(nodeString).join('');
    case N.Nil:
      return 'nil';
    case N.Number:
      return n.text;
    case N.Pipe: {
      let s = '';
      if (n.decl.length > 0) {
        s = n.decl.map(nodeString).join(', ') + (n.isAssign ? ' = ' : ' := ');
      }
      s += n.cmds.map(nodeString).join(' | ');
      return s;
    }
    case N.If:
    case N.Range:
    case N.With: {
      const word = n.type === N.If ? 'if' : n.type === N.Range ? 'range' : 'with';
      let s = '{{' + word + ' ' + nodeString(n.pipe) + '}}' + nodeString(n.list);
      if (n.elseList) s += '{{else}}' + nodeString(n.elseList);
      return s + '{{end}}';
    }
    case N.String:
      return n.quoted;
    case N.Template:
      return n.pipe ? `{{template ${goQuote(n.name)} ${nodeString(n.pipe)}}}` : `{{template ${goQuote(n.name)}}}`;
    case N.Variable:
      return n.ident.join('.');
    case N.Comment:
      return '{{' + n.text + '}}';
    case N.Break:
      return '{{break}}';
    case N.Continue:
      return '{{continue}}';
    case N.End:
      return '{{end}}';
    case N.Else:
      return '{{else}}';
  }
}

/** parse.IsEmptyTree: only whitespace text and comments. */
const NON_SPACE = /\S/;

export function isEmptyTree(n: Node): boolean {
  switch (n.type) {
    case N.List:
      for (const c of n.nodes) if (!isEmptyTree(c)) return false;
      return true;
    case N.Text:
      // trim().length === 0 without copying the text: JS's \s is exactly what trim() removes
      return !NON_SPACE.test(n.text);
    case N.Comment:
      return true;
    default:
      return false;
  }
}
