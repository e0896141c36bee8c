/**
 * Go's fmt and strconv, differential against real Helm: every snippet below is rendered by Helm 3.17.2, 4.1.4 and
 * 4.2.3 (one batched helm run per version) and by our sprintf/sprint/sprintln on the same Go values.
 */
import * as assert from 'assert';
import { GoNumber, GoPanic, GoStruct, GoValue, newMap, typedSlice } from '../../server/src/engine/render/goValue';
import { sprint, sprintf, sprintln } from '../../server/src/engine/render/fmt/goFmt';
import { kindName, typeName } from '../../server/src/engine/render/fmt/goTypes';
import {
  atoi,
  canBackquote,
  formatFloat,
  FloatFormat,
  NumError,
  parseFloat as goParseFloat,
  parseInt as goParseInt,
  parseUint,
  quote,
  quoteRune,
  quoteToASCII,
  unquote,
} from '../../server/src/engine/render/fmt/strconv';
import { HELM_KEYS, HelmKey, helmEval, OracleCase, OracleResult } from './helmOracle';

/** One operand: how the template writes it, and the Go value it evaluates to. */
interface Arg {
  t: string;
  v: GoValue;
  /** The value where it differs between Helm versions. */
  byKey?: Partial<Record<HelmKey, GoValue>>;
}

/** A template int literal (Go int). */
const I = (n: number | bigint): Arg => ({ t: String(n), v: BigInt(n) });
/** A template float literal (Go float64). */
const F = (t: string): Arg => ({ t, v: Number(t) });
/** A template string literal. */
const S = (s: string): Arg => ({ t: JSON.stringify(s), v: s });
const B = (b: boolean): Arg => ({ t: String(b), v: b });
const NIL: Arg = { t: 'nil', v: null };
const INF: Arg = { t: '(float64 "inf")', v: Infinity };
const NINF: Arg = { t: '(float64 "-inf")', v: -Infinity };
const NAN: Arg = { t: '(float64 "nan")', v: NaN };
const V = (path: string, v: GoValue): Arg => ({ t: '.Values.' + path, v });
const E = (t: string, v: GoValue): Arg => ({ t: '(' + t + ')', v });

// values.yaml of the chart every snippet runs in, and the Go values Helm reads from it (numbers are float64).
const VALUES = [
  'f1m: 1000000',
  'f1e5: 100000',
  'fbig: 123456789',
  'fsmall: 0.000001',
  'ftiny: 1.5e-7',
  'ftenth: 0.1',
  'fneg0: -0.0',
  'fint: 3',
  'fhuge: 1.0e+21',
  'fu64: 12345678901234567890',
  'fneg: -2.5',
  's: hello',
  'u: "héllo wörld"',
  'b: true',
  'n: null',
  'l: [1, "two", null, 2.5, true]',
  'm: {b: 1, a: [1, "x", null], c: {z: "q"}, "k y": false}',
  'e: {}',
  'el: []',
  'ctl: "tab\\there\\nnl \\u0001 \\u00ad é 😀"',
  '',
].join('\n');

const VL: GoValue = [1, 'two', null, 2.5, true];
const VM: GoValue = newMap([
  ['b', 1],
  ['a', [1, 'x', null]],
  ['c', newMap([['z', 'q']])],
  ['k y', false],
]);
const vals = {
  f1m: V('f1m', 1000000),
  f1e5: V('f1e5', 100000),
  fbig: V('fbig', 123456789),
  fsmall: V('fsmall', 0.000001),
  ftiny: V('ftiny', 1.5e-7),
  ftenth: V('ftenth', 0.1),
  fneg0: V('fneg0', -0),
  fint: V('fint', 3),
  fhuge: V('fhuge', 1e21),
  fu64: V('fu64', 12345678901234567890),
  fneg: V('fneg', -2.5),
  s: V('s', 'hello'),
  u: V('u', 'héllo wörld'),
  b: V('b', true),
  n: V('n', null),
  l: V('l', VL),
  m: V('m', VM),
  e: V('e', newMap()),
  el: V('el', []),
  ctl: V('ctl', 'tab\there\nnl \u0001 \u00ad é 😀'),
};

/** *semver.Version as Sprig's `semver` returns it: unexported fields, and a String() method. */
function semverValue(): GoStruct {
  const fields = new Map<string, GoValue>([
    ['major', new GoNumber('uint64', 1n)],
    ['minor', new GoNumber('uint64', 2n)],
    ['patch', new GoNumber('uint64', 3n)],
    ['pre', ''],
    ['metadata', ''],
    ['original', '1.2.3'],
  ]);
  return new GoStruct('*semver.Version', fields, new Map(), undefined, true, () => '1.2.3');
}
/** .Capabilities.KubeVersion under --kube-version 1.30.0: a plain struct (Helm 4 adds an unexported field). */
function kubeVersion(key: HelmKey): GoStruct {
  const fields: [string, GoValue][] =
    key === '3'
      ? [['Version', 'v1.30.0'], ['Major', '1'], ['Minor', '30']]
      : [['Version', 'v1.30.0'], ['normalizedVersion', 'v1.30.0'], ['Major', '1'], ['Minor', '30']];
  return new GoStruct(key === '3' ? 'chartutil.KubeVersion' : 'common.KubeVersion', new Map(fields));
}
const KV: Arg = { t: '.Capabilities.KubeVersion', v: kubeVersion('3'), byKey: { '4': kubeVersion('4'), '4.2': kubeVersion('4.2') } };
const KVL: Arg = { t: '(list .Capabilities.KubeVersion)', v: [kubeVersion('3')], byKey: { '4': [kubeVersion('4')], '4.2': [kubeVersion('4.2')] } };
const KVM: Arg = {
  t: '(dict "k" .Capabilities.KubeVersion)',
  v: newMap([['k', kubeVersion('3')]]),
  byKey: { '4': newMap([['k', kubeVersion('4')]]), '4.2': newMap([['k', kubeVersion('4.2')]]) },
};
const KUBE = ['--kube-version', '1.30.0'];

const SEMVER: Arg = { t: '(semver "1.2.3")', v: semverValue() };

/** A sample of code points across all planes (every 61st, no surrogates), to compare Go's IsPrint with ours. */
const CODE_POINTS = (() => {
  let out = '';
  for (let r = 0xa0; r <= 0x10ffff; r += 61) if (r < 0xd800 || r > 0xdfff) out += String.fromCodePoint(r);
  return out;
})();

interface FmtCase {
  /** printf format, or undefined for print / println. */
  format?: string;
  /** print / println, or `direct` for `{{ X }}` (text/template prints the value with fmt.Fprint). */
  fn?: 'print' | 'println' | 'direct';
  args: Arg[];
  /** Extra helm arguments (--set …) for this case. */
  helmArgs?: string[];
  files?: Record<string, string>;
}

function P(format: string, ...args: Arg[]): FmtCase {
  return { format, args };
}

function templateOf(c: FmtCase): string {
  const args = c.args.map((a) => ' ' + a.t).join('');
  if (c.fn === 'direct') return `{{${args} }}`;
  if (c.format === undefined) return `{{ ${c.fn} ${args} }}`;
  if (c.format.includes('`')) throw new Error('format cannot be written as a raw string');
  return `{{ printf \`${c.format}\`${args} }}`;
}

function ours(c: FmtCase, key: HelmKey): string {
  const args = c.args.map((a) => (a.byKey && key in a.byKey ? (a.byKey[key] as GoValue) : a.v));
  if (c.format !== undefined) return sprintf(c.format, args);
  return c.fn === 'println' ? sprintln(args) : sprint(args);
}

const GROUPS: Record<string, FmtCase[]> = {
  'integers: width, precision, flags and bases': [
    P('%d|%5d|%-5d|%05d|%+d|% d|%x|%X|%o|%O|%b', I(42), I(42), I(42), I(42), I(42), I(42), I(255), I(255), I(8), I(8), I(5)),
    P('%d|%5d|%-5d|%05d|%+d|% d|%x|%o|%b', I(-42), I(-42), I(-42), I(-42), I(-42), I(-42), I(-255), I(-8), I(-5)),
    P('%#x|%#X|%#o|%#b|%#O|%#v', I(255), I(255), I(8), I(5), I(8), I(7)),
    P('%.3d|%8.3d|%-8.3d|%08.3d|%.0d|%5.0d|%.0d', I(7), I(7), I(7), I(7), I(0), I(0), I(3)),
    P('%-05d|%0-5d|%+05d|% 05d|%x', I(3), I(3), I(3), I(3), I(-1)),
    P('%d %d', I(9223372036854775807n), I(-9223372036854775808n)),
    P('%x %X %o %b', I(-9223372036854775808n), I(9223372036854775807n), I(-1), I(-9223372036854775808n)),
    P('%c|%c|%c|%5c|%-3c|%c|%c', I(65), I(233), I(128512), I(66), I(67), I(-1), I(1114112)),
    P('%q|%q|%+q|%q|%q|%#q', I(65), I(10), I(233), I(0x2028), I(39), I(66)),
    P('%U|%#U|%#U|%.6U|%10U|%-10U|%#U', I(65), I(65), I(10), I(65), I(0x1f600), I(233), I(0x1f600)),
    P('%v|%d|%x', E('int64 5', new GoNumber('int64', 5n)), E('int64 -5', new GoNumber('int64', -5n)), E('int64 255', new GoNumber('int64', 255n))),
    P('%v %v %d', E('len "héllo"', 6n), E('add 1 2', new GoNumber('int64', 3n)), E('sub 1 2', new GoNumber('int64', -1n))),
    P('%s|%t|%e|%f', I(5), I(5), I(5), I(5)),
    P('%#v|%+v|%T|%T', I(5), I(5), I(5), E('int64 1', new GoNumber('int64', 1n))),
    P('%6.2d|%-+6d|%+.3x', I(5), I(5), I(10)),
  ],
  'floats: %v, %g, %e, %f and friends': [
    P('%v|%v|%v|%v|%v|%v', vals.f1m, vals.f1e5, vals.fbig, vals.fsmall, vals.ftiny, vals.fhuge),
    P('%v|%v|%v|%v|%v|%v', vals.ftenth, vals.fneg0, vals.fint, vals.fu64, vals.fneg, F('0.0001')),
    P('%v %v %v %v %v', F('1e20'), F('1e-4'), F('0.00001'), F('999999.0'), F('999999.5')),
    P('%v %v %v', F('5e-324'), F('1.7976931348623157e308'), F('2.2250738585072014e-308')),
    P('%f|%.2f|%8.3f|%-8.1f|%08.3f|%+.1f|% .1f|%+08.2f', F('3.14159'), F('3.14159'), F('3.14159'), F('3.14159'), F('3.14159'), F('3.14159'), F('3.14159'), F('-3.14159')),
    P('%.0f %.0f %.0f %.0f %.1f %.2f %.2f %.1f', F('0.5'), F('1.5'), F('2.5'), F('-0.5'), F('0.25'), F('0.125'), F('0.375'), F('0.05')),
    P('%e|%E|%.2e|%.0e|%12.3e|%-12.3E|%+e', F('123456.789'), F('123456.789'), F('0.000123'), F('5.5'), F('1.0'), F('1.0'), F('0.0')),
    P('%g|%G|%.3g|%.10g|%g|%g|%.3g|%.1g', F('1e-7'), F('1e-7'), F('1234567.0'), F('1234567.0'), F('100000.0'), F('1000000.0'), F('0.0001234'), F('0.15')),
    P('%#g|%#.3g|%#e|%#.0f|%#.0e|%#g|%#v', F('1.0'), F('1.0'), F('1.0'), F('1.0'), F('1.0'), F('123456789.0'), F('1.0')),
    P('%x|%X|%.3x|%#x|%x|%.0x|%x', F('1.0'), F('2.5'), F('1.0'), F('1.0'), F('-0.1'), F('1.5'), F('0.0')),
    P('%b|%b|%b', F('1.0'), F('0.1'), F('0.0')),
    P('%.30f|%.20e|%.25g', F('0.1'), F('0.1'), F('0.1')),
    P('%.3f|%.3f|%.1f|%.0f', F('9.9995'), F('1.0005'), F('9.95'), F('9.5')),
    P('%F|%.2F|%10.4v|%-10.4v|', F('2.5'), F('2.5'), F('3.14159'), F('3.14159')),
    P('%d|%s|%c|%q|%t|%U', F('1.5'), F('1.5'), F('1.5'), F('1.5'), F('1.5'), F('1.5')),
    P('%v|%v|%f|%e|%g', vals.f1m, vals.fhuge, vals.fu64, vals.fu64, vals.fu64),
    P('%5.1f|%05.1f|%-05.1f|%+05.1f|% 05.1f', vals.fneg, vals.fneg, vals.fneg, F('2.5'), F('2.5')),
    P('%T|%T|%T', F('1.5'), vals.f1m, vals.fneg0),
    P('%v %.3v %10v %-10v| %+v % v', F('0.1'), F('3.14159'), F('2.5'), F('2.5'), F('2.5'), F('2.5')),
    P('%.1000f', F('1.0')),
    P('%.17g %.17g %.16g %.15e', F('0.1'), F('0.3'), F('2.675'), F('1e23')),
    P('%v|%05v|%+v|% v|%-6v|%+f|% f|%08.2f|%x|%e', INF, INF, NAN, NAN, NINF, NAN, NAN, NINF, INF, NAN),
    { fn: 'print', args: [INF, NINF, NAN] },
  ],
  'strings, quoting and hex': [
    P('%s|%10s|%-10s|%.3s|%10.2s|%05s|%-05s', S('hello'), S('hello'), S('hello'), S('hello'), S('hello'), S('ab'), S('ab')),
    P('%s|%8s|%-8s|%.2s|%.4s', S('héllo'), S('héllo'), S('héllo'), S('héllo'), S('日本語です')),
    P('%q|%+q|%#q|%#q|%#+q', S('héllo\n"world"\\'), S('héllo 😀'), S('no`back'), S('ok'), S('é')),
    P('%q', vals.ctl),
    P('%+q|%#q', vals.ctl, vals.ctl),
    P('%q|%q|%q', S('\u00ad'), S('\u200b'), S('\ufeff')),
    P('%x|%X|% x|%# x|%#X|%.2x|%8x|%-8x|%x', S('hi!'), S('hi!'), S('hi!'), S('hi!'), S('hi!'), S('hello'), S('ab'), S('ab'), S('')),
    P('%x|%5x|%-5x|', S('é'), S(''), S('')),
    P('%v|%#v|%T|%d|%t', S('s'), S('s"q'), S('s'), S('s'), S('s')),
    P('%5v|%-5v|%.1v|%05v', S('ab'), S('ab'), S('ab'), S('ab')),
    P('%s|%v|%q', vals.u, vals.u, vals.u),
    P('%s %s', S(''), S('😀😀')),
    P('%-8q|%8q|%.0s|%.10s|%5s|%-5s|', S('é'), S('😀'), S('abc'), S('abc'), E('list "a" "b"', ['a', 'b']), E('list "a" "b"', ['a', 'b'])),
    P('%6.2f%%|%+.2e|%10.3e|%x|%X', F('99.5'), F('-1234.5'), F('-0.00012345'), F('1e21'), F('-1e-300')),
    P('%c%c%c|%q|%U', E('int64 72', new GoNumber('int64', 72n)), I(105), I(0x1f44b), E('int64 955', new GoNumber('int64', 955n)), E('int64 -1', new GoNumber('int64', -1n))),
  ],
  "quoting follows Go's Unicode 15.0 tables, whatever the host's Unicode version": [
    P('%q', S('\u1C89 \u2FFC \u{31350} \u0897 \u{1CC00} \u{16FF2} \u{2EBF0} \u31EF')),
    { format: '%q', args: [E('.Files.Get "cps.txt"', CODE_POINTS)], files: { 'cps.txt': CODE_POINTS } },
    { format: '%+q', args: [E('.Files.Get "cps.txt"', CODE_POINTS)], files: { 'cps.txt': CODE_POINTS } },
  ],
  'booleans and nil': [
    P('%t|%v|%5t|%-6t|%d|%s|%q', B(true), B(false), B(true), B(false), B(true), B(true), B(true)),
    P('%v|%s|%d|%T|%5v|%-6v|', NIL, NIL, NIL, NIL, NIL, NIL),
    P('%v|%s|%T', vals.n, vals.n, vals.n),
    P('%#v', NIL),
  ],
  'lists, maps and nested values': [
    P('%v', vals.l),
    P('%v|%+v|%s|%d', vals.m, vals.m, vals.m, vals.m),
    P('%#v', vals.m),
    P('%#v|%#v', vals.l, vals.e),
    P('%v|%v|%T|%T|%T', vals.e, vals.el, vals.e, vals.el, vals.l),
    P('%q|%x|%X', E('list "a" "b"', ['a', 'b']), E('list "hi" 255', ['hi', 255n]), E('list "hi" 255', ['hi', 255n])),
    P('%v|%T|%#v', E('splitList "," "a,b"', typedSlice(['a', 'b'], 'string')), E('splitList "," "a,b"', typedSlice(['a', 'b'], 'string')), E('splitList "," "a,b"', typedSlice(['a', 'b'], 'string'))),
    P('%v|%T|%d|%x', E('until 3', typedSlice([0n, 1n, 2n], 'int')), E('until 3', typedSlice([0n, 1n, 2n], 'int')), E('until 3', typedSlice([0n, 1n, 2n], 'int')), E('until 3', typedSlice([0n, 1n, 2n], 'int'))),
    P('%5v|%-4v|%05d|%.1f', E('list 1 2', [1n, 2n]), E('list 1 2', [1n, 2n]), E('list 1 -2', [1n, -2n]), E('list 1.25 2.5', [1.25, 2.5])),
    P('%v', E('dict "z" 1 "a" (list 1 (dict "k" nil)) "m" (dict)', newMap([['z', 1n], ['a', [1n, newMap([['k', null]])]], ['m', newMap()]]))),
    P('%x|%s', E('dict "ab" "cd"', newMap([['ab', 'cd']])), E('dict "b" 1 "a" 2', newMap([['b', 1n], ['a', 2n]]))),
    P('%v|%v', E('list nil nil', [null, null]), E('dict "x" nil', newMap([['x', null]]))),
    P('%s|%d|%#v', E('list nil', [null]), E('list nil', [null]), E('list nil', [null])),
    P('%v|%v', E('dict "é" 1 "z" 2 "Z" 3 "a" 4 "_" 5 "1" 6', newMap([['é', 1n], ['z', 2n], ['Z', 3n], ['a', 4n], ['_', 5n], ['1', 6n]])), E('dict "b" 1.5 "a" true', newMap([['b', 1.5], ['a', true]]))),
  ],
  'bytes': [
    { format: '%v|%s|%x|%X|%q|%#v|%T|%d|% x|%c', args: Array(10).fill(E('.Files.GetBytes "b.txt"', new Uint8Array([104, 105, 10, 0xc3, 0xa9]))), files: { 'b.txt': 'hi\né' } },
    { format: '%v|%s', args: Array(2).fill(E('list (.Files.GetBytes "b.txt")', [new Uint8Array([104, 105, 10, 0xc3, 0xa9])])), files: { 'b.txt': 'hi\né' } },
    { format: '%#v|%x|%o|%5v|%.1s', args: Array(5).fill(E('list (.Files.GetBytes "b.txt")', [new Uint8Array([104, 105, 10, 0xc3, 0xa9])])), files: { 'b.txt': 'hi\né' } },
    { format: '%5v|%08b|%.1s|%t|%U', args: Array(5).fill(E('.Files.GetBytes "b.txt"', new Uint8Array([104, 105, 10, 0xc3, 0xa9]))), files: { 'b.txt': 'hi\né' } },
  ],
  'structs and Stringers': [
    P('%v|%s|%T|%q|%x|%d|%5.2v|%-8v|', SEMVER, SEMVER, SEMVER, SEMVER, SEMVER, SEMVER, SEMVER, SEMVER),
    P('%v|%+v', E('list (semver "1.2.3")', [semverValue()]), E('dict "v" (semver "1.2.3")', newMap([['v', semverValue()]]))),
    P('%t|%c|%e', SEMVER, SEMVER, SEMVER),
    P('%#v|%+v|%+d', SEMVER, SEMVER, SEMVER),
    { format: '%v|%+v|%#v|%s|%d|%x|%5v|%T|%-4v|', args: Array(9).fill(KV), helmArgs: KUBE },
    { format: '%v|%+v|%#v|%v|%+v|%#v|%q', args: [KVL, KVL, KVL, KVM, KVM, KVM, KVL], helmArgs: KUBE },
    { fn: 'print', args: [KV, S('x'), KV, KV], helmArgs: KUBE },
  ],
  'type names': [
    P('%T|%T|%T|%T|%T|%T|%T|%T', I(1), F('1.0'), S('x'), B(true), vals.l, vals.m, E('splitList "," "a"', typedSlice(['a'], 'string')), E('until 2', typedSlice([0n, 1n], 'int'))),
    P('%T|%T|%10T|%-10T|%.3T', E('int64 1', new GoNumber('int64', 1n)), vals.el, I(1), I(1), vals.m),
  ],
  'argument indexes, star widths and error forms': [
    P('%[2]d %[1]d', I(1), I(2)),
    P('%[2]d %d %[1]d %d', I(1), I(2)),
    P('%[3]d|%[0]d|%[x]d|%[1]', I(1), I(2)),
    P('%[1]*d|%-*d|%*d', I(5), I(3), I(-4), I(7), S('x'), I(1)),
    P('%.*f|%*.*f|%.*d', I(2), F('3.14159'), I(8), I(3), F('2.5'), I(-1), I(5)),
    P('%*d|%.*d', F('1.5'), I(3), S('x'), I(4)),
    P('%*d', I(10000000), I(3)),
    P('%d %s', I(1)),
    P('%d', I(1), S('x'), NIL, F('2.5')),
    P('%', I(1)),
    P('%-', I(1)),
    P('%5', I(1)),
    P('%!|%z|%ä', I(1), I(2), S('s')),
    P('%d%%|%5%|%-5%', I(50)),
    P('%[2]*[1]d', I(3), I(8)),
    P('%[1]d %[1]x %[1]o', I(64)),
    P('%[1]d %v', I(64), S('x'), S('y')),
    P('%.[2]d|%[3]*.[2]*[1]f', F('12.0'), I(2), I(6)),
    P('%3.[2]d', I(7)),
    P('%[2]3d|%[1].2d', I(1), I(2)),
    P('%[5]d', I(1), I(2)),
    P('%999999999999d|', I(1)),
    P('%.', I(1)),
    P('%s %s', S('only')),
    P('%w', I(1)),
    P('%w|%w', S('x'), vals.m),
    P('%+5z|%#z', I(3), F('1.0')),
    P('%v %v', S('a'), B(true), I(3)),
    P('no verbs', S('extra')),
    P('%v'),
  ],
  'print and println spacing': [
    { fn: 'print', args: [S('a'), S('b')] },
    { fn: 'print', args: [I(1), I(2)] },
    { fn: 'print', args: [S('a'), I(1), I(2), S('b'), F('1.5'), B(true), S('c')] },
    { fn: 'print', args: [I(1), S('x'), I(2)] },
    { fn: 'print', args: [NIL, NIL, S('s'), NIL] },
    { fn: 'print', args: [vals.l, vals.m, vals.s, vals.f1m] },
    { fn: 'print', args: [vals.f1m, vals.fbig, vals.ftiny, vals.fneg0] },
    { fn: 'print', args: [SEMVER, SEMVER] },
    { fn: 'print', args: [] },
    { fn: 'println', args: [S('a'), S('b'), I(1), NIL] },
    { fn: 'println', args: [] },
    { fn: 'println', args: [vals.m, vals.ftenth] },
  ],
  'values printed directly by an action': [
    { fn: 'direct', args: [vals.m] },
    { fn: 'direct', args: [vals.l] },
    { fn: 'direct', args: [vals.f1m] },
    { fn: 'direct', args: [vals.fbig] },
    { fn: 'direct', args: [vals.fu64] },
    { fn: 'direct', args: [vals.ftiny] },
    { fn: 'direct', args: [vals.fneg0] },
    { fn: 'direct', args: [vals.e] },
    { fn: 'direct', args: [vals.ctl] },
    { fn: 'direct', args: [F('1e6')] },
    { fn: 'direct', args: [F('12345.678')] },
    { fn: 'direct', args: [I(-17)] },
    { fn: 'direct', args: [B(false)] },
    { fn: 'direct', args: [SEMVER] },
    { fn: 'direct', args: [E('until 4', typedSlice([0n, 1n, 2n, 3n], 'int'))] },
  ],
  '--set integers are int64': [
    { format: '%v|%T|%d|%x|%v|%T|%v|%T', args: [V('i', new GoNumber('int64', 5n)), V('i', new GoNumber('int64', 5n)), V('neg', new GoNumber('int64', -7n)), V('neg', new GoNumber('int64', -7n)), V('big', new GoNumber('int64', 9007199254740993n)), V('big', new GoNumber('int64', 9007199254740993n)), V('f', '1.5'), V('f', '1.5')], helmArgs: ['--set', 'i=5,neg=-7,big=9007199254740993,f=1.5'] },
    { fn: 'print', args: [V('i', new GoNumber('int64', 5n)), V('neg', new GoNumber('int64', -7n)), V('big', new GoNumber('int64', 9007199254740993n))], helmArgs: ['--set', 'i=5,neg=-7,big=9007199254740993,f=1.5'] },
    { format: '%*d|%.*f', args: [V('i', new GoNumber('int64', 5n)), I(1), V('i', new GoNumber('int64', 5n)), F('1.0')], helmArgs: ['--set', 'i=5,neg=-7,big=9007199254740993,f=1.5'] },
  ],
};

/** formatFloat cases: [value as template float literal, verb, precision] → printf "%.{prec}{verb}". */
const FLOAT_CASES: [string, FloatFormat, number][] = [];
{
  const numbers = ['0.1', '0.5', '1.5', '2.5', '1e21', '1e-7', '123456789.0', '1.0000000000000002', '0.3', '2.675', '1e100', '1.7976931348623157e308', '5e-324', '4.35', '0.045', '1e6', '99999.99', '-1.25', '-0.0', '6.02214076e23'];
  const formats: [FloatFormat, number][] = [['e', 0], ['e', 3], ['e', 17], ['E', 20], ['f', 0], ['f', 2], ['f', 20], ['g', -1], ['g', 1], ['g', 5], ['G', 17], ['g', 25], ['x', -1], ['X', 4], ['b', -1]];
  for (const n of numbers) for (const [f, p] of formats) FLOAT_CASES.push([n, f, p]);
}

/** Deterministic pseudo-random floats: wide exponents, short decimals, and dyadic values that make exact ties. */
const RANDOM_FLOATS: string[] = (() => {
  let seed = 0x2545f491;
  const next = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
  const out: string[] = [];
  for (let i = 0; i < 240; i++) {
    let x: number;
    switch (i % 4) {
      case 0:
        x = (next() - 0.5) * 10 ** Math.floor(next() * 60 - 30);
        break;
      case 1:
        x = Math.round(next() * 1e6) / 10 ** Math.floor(next() * 7);
        break;
      case 2:
        x = Math.round((next() - 0.5) * 4096) / 2 ** Math.floor(1 + next() * 8);
        break;
      default:
        x = next() * 2 ** Math.floor(next() * 200 - 100);
    }
    let t = String(x);
    if (!/[.e]/.test(t)) t += '.0';
    out.push(t);
  }
  return out;
})();
const RANDOM_FORMAT = '%v|%.0f|%.1f|%.2f|%.3f|%f|%e|%.3e|%g|%.4g|%.17g|%x|%b|%.10f|%+.1e|%8.2f';

function floatVerb(f: FloatFormat, p: number): string {
  return p < 0 ? '%' + f : `%.${p}${f}`;
}

/** Strings given to Sprig's float64 (strconv.ParseFloat; an error reads as 0) and atoi (strconv.Atoi). */
const PARSE_FLOATS = ['1.5', '1_000.5', '0x1p-2', '0X1.8P1', '1e400', '-1e400', 'inf', '-Infinity', '+INF', 'infin', 'nan', 'NaN', '-nan', '1e', '.5', '5.', '.', '1__0', '_1', '1_', '0x1.fffffffffffff8p1023', '0x1p-1074', '0x1p-1075', '0x3p-1076', '4.9e-324', '2.4e-324', '1e-400', '0x1.8', '0x', '  1', '1 ', '+1.5e+3', '1.5E-3', '123456789012345678901234567890', '0.1e1_0', '1_0e1_0', '0_1', '0x_1p0', '9007199254740993', '2.2250738585072011e-308'];
const ATOIS = ['12', '-12', '+7', '', '-', '+', 'x', '1_0', '0x1F', '007', '99999999999999999999', '-99999999999999999999', '9223372036854775807', '9223372036854775808', '-9223372036854775808', ' 1', '1.0', '123456789012345678'];

function goStringLiteral(s: string): string {
  return JSON.stringify(s);
}

describe('fmt: Sprintf, Sprint and Sprintln against real Helm', function () {
  this.timeout(120000);
  const flat: FmtCase[] = Object.values(GROUPS).flat();
  const results = new Map<HelmKey, OracleResult[]>();
  const floatResults = new Map<HelmKey, OracleResult[]>();
  const parseResults = new Map<HelmKey, OracleResult[]>();
  const randomResults = new Map<HelmKey, OracleResult[]>();

  before(function () {
    const cases: OracleCase[] = flat.map((c) => ({ template: templateOf(c), values: VALUES, args: c.helmArgs, files: c.files }));
    const floatCases: OracleCase[] = FLOAT_CASES.map(([n, f, p]) => ({ template: `{{ printf "${floatVerb(f, p)}" ${n} }}`, values: VALUES }));
    const parseCases: OracleCase[] = [
      ...PARSE_FLOATS.map((s) => ({ template: `{{ float64 ${goStringLiteral(s)} }}`, values: VALUES })),
      ...ATOIS.map((s) => ({ template: `{{ atoi ${goStringLiteral(s)} }}`, values: VALUES })),
    ];
    const randomCases: OracleCase[] = RANDOM_FLOATS.map((t) => ({ template: `{{ printf "${RANDOM_FORMAT}"${` ${t}`.repeat(16)} }}`, values: VALUES }));
    const n1 = cases.length;
    const n2 = n1 + floatCases.length;
    const n3 = n2 + parseCases.length;
    for (const key of HELM_KEYS) {
      const all = helmEval([...cases, ...floatCases, ...parseCases, ...randomCases], key);
      results.set(key, all.slice(0, n1));
      floatResults.set(key, all.slice(n1, n2));
      parseResults.set(key, all.slice(n2, n3));
      randomResults.set(key, all.slice(n3));
    }
  });

  function check(list: Map<HelmKey, OracleResult[]>, index: number, actual: (key: HelmKey) => string): void {
    for (const key of HELM_KEYS) {
      const r = (list.get(key) as OracleResult[])[index];
      if (!r.ok) assert.fail(`Helm ${key} failed: ${r.error}`);
      assert.strictEqual(actual(key), r.output, `Helm ${key}`);
    }
  }

  let index = 0;
  for (const [group, cases] of Object.entries(GROUPS)) {
    describe(group, () => {
      for (const c of cases) {
        const i = index++;
        it(`${templateOf(c)} prints as Helm prints it`, () => check(results, i, (key) => ours(c, key)));
      }
    });
  }

  describe('strconv.FormatFloat through printf', () => {
    it(`${FLOAT_CASES.length} value × verb × precision combinations print as Helm prints them`, () => {
      const failures: string[] = [];
      FLOAT_CASES.forEach(([n, f, p], i) => {
        for (const key of HELM_KEYS) {
          const r = (floatResults.get(key) as OracleResult[])[i];
          const want = r.ok ? r.output : 'ERROR ' + r.error;
          const got = formatFloat(Number(n), f, p, 64);
          if (got !== want) failures.push(`${floatVerb(f, p)} of ${n}: helm ${key} ${want}, ours ${got}`);
        }
      });
      assert.deepStrictEqual(failures, []);
    });
  });

  describe('pseudo-random floats', () => {
    it(`${RANDOM_FLOATS.length} floats print as Helm prints them under ${RANDOM_FORMAT}`, () => {
      const failures: string[] = [];
      RANDOM_FLOATS.forEach((t, i) => {
        const got = sprintf(RANDOM_FORMAT, Array<GoValue>(16).fill(Number(t)));
        for (const key of HELM_KEYS) {
          const r = (randomResults.get(key) as OracleResult[])[i];
          const want = r.ok ? r.output : 'ERROR ' + r.error;
          if (got !== want) failures.push(`${t}: helm ${key} ${want}, ours ${got}`);
        }
      });
      assert.deepStrictEqual(failures, []);
    });
  });

  describe('strconv.ParseFloat and Atoi through Sprig', () => {
    PARSE_FLOATS.forEach((s, i) => {
      it(`float64 ${JSON.stringify(s)} reads as Helm reads it`, () =>
        check(parseResults, i, () => {
          let v: number;
          try {
            v = goParseFloat(s);
          } catch (e) {
            if (!(e instanceof NumError)) throw e;
            v = 0;
          }
          return sprint([v]);
        }));
    });
    ATOIS.forEach((s, j) => {
      it(`atoi ${JSON.stringify(s)} reads as Helm reads it (the value Go returns with an error)`, () =>
        check(parseResults, PARSE_FLOATS.length + j, () => {
          try {
            return sprint([atoi(s)]);
          } catch (e) {
            if (!(e instanceof NumError)) throw e;
            return sprint([e.value === 0 ? 0n : e.value]);
          }
        }));
    });
  });
});

describe('strconv: formatting edge cases', () => {
  it('a float64 of 1000000 prints 1e+06 and 100000 prints 100000 with %v', () => {
    assert.strictEqual(sprint([1000000]), '1e+06');
    assert.strictEqual(sprint([100000]), '100000');
    assert.strictEqual(sprint([1e21]), '1e+21');
    assert.strictEqual(sprint([0.000001]), '1e-06');
    assert.strictEqual(sprint([-0]), '-0');
  });
  it('exact halves round to even in %f and %e', () => {
    assert.strictEqual(formatFloat(0.5, 'f', 0, 64), '0');
    assert.strictEqual(formatFloat(1.5, 'f', 0, 64), '2');
    assert.strictEqual(formatFloat(2.5, 'f', 0, 64), '2');
    assert.strictEqual(formatFloat(0.125, 'f', 2, 64), '0.12');
    assert.strictEqual(formatFloat(0.375, 'f', 2, 64), '0.38');
    assert.strictEqual(formatFloat(2.5, 'e', 0, 64), '2e+00');
  });
  it('float32 values format with their own shortest digits', () => {
    assert.strictEqual(formatFloat(Math.fround(0.1), 'g', -1, 32), '0.1');
    assert.strictEqual(formatFloat(Math.fround(0.1), 'g', -1, 64), '0.10000000149011612');
    assert.strictEqual(formatFloat(16777217, 'g', -1, 32), '1.6777216e+07');
    assert.strictEqual(formatFloat(Math.fround(3.4028234663852886e38), 'g', -1, 32), '3.4028235e+38');
    assert.strictEqual(sprint([new GoNumber('float32', Math.fround(1.1))]), '1.1');
    assert.strictEqual(sprintf('%T %.2f', [new GoNumber('float32', Math.fround(1.1)), new GoNumber('float32', Math.fround(1.125))]), 'float32 1.12');
  });
  it('infinities and NaN print as Go prints them, never zero-padded', () => {
    assert.strictEqual(formatFloat(Infinity, 'g', -1, 64), '+Inf');
    assert.strictEqual(sprint([Infinity, -Infinity, NaN]), '+Inf -Inf NaN');
  });
  it('a Stringer that panics prints the panic in place, as fmt recovers it', () => {
    const bad = new GoStruct('*x.T', new Map(), new Map(), undefined, true, () => {
      throw new GoPanic('boom');
    });
    assert.strictEqual(sprintf('%v|%s|%d', [bad, bad, bad]), '%!v(PANIC=String method: boom)|%!s(PANIC=String method: boom)|&{}');
  });
  it('uint kinds print in hex under %#v and signed kinds in decimal', () => {
    assert.strictEqual(sprintf('%#v %#v %v', [new GoNumber('uint8', 10n), new GoNumber('int32', -10n), new GoNumber('uint64', 18446744073709551615n)]), '0xa -10 18446744073709551615');
  });
  it('a huge %.Nf precision keeps the exact binary value', () => {
    assert.strictEqual(formatFloat(0.1, 'f', 55, 64), '0.1000000000000000055511151231257827021181583404541015625');
    assert.strictEqual(formatFloat(5e-324, 'e', 3, 64), '4.941e-324');
  });
  it('a large []byte printed again prints the same, and another array of the same length its own bytes', () => {
    // large enough for the text kept per array (goFmt.ts decimalBytes)
    const a = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) % 256);
    const b = Uint8Array.from({ length: 3000 }, (_, i) => (i * 11) % 256);
    const expected = (x: Uint8Array) => '[' + Array.from(x).join(' ') + ']';
    for (let k = 0; k < 3; k++) {
      assert.strictEqual(sprint([a]), expected(a));
      assert.strictEqual(sprintf('%v', [newMap([['f', b]])]), `map[f:${expected(b)}]`);
    }
    assert.strictEqual(sprint([a.subarray(1, 2000)]), expected(a.subarray(1, 2000)));
  });
});

describe('strconv: quoting', () => {
  it('Quote keeps printable runes and escapes the rest', () => {
    assert.strictEqual(quote('é\u00ad\t\u0007\u007f😀\u200b'), '"é\\u00ad\\t\\a\\x7f😀\\u200b"');
    assert.strictEqual(quoteToASCII('é😀'), '"\\u00e9\\U0001f600"');
  });
  it('QuoteRune quotes one rune and replaces invalid ones', () => {
    assert.strictEqual(quoteRune(39), "'\\''");
    assert.strictEqual(quoteRune(0xd800), "'�'");
    assert.strictEqual(quoteRune(0x110000), "'�'");
  });
  it('CanBackquote refuses control characters, backquotes and a BOM', () => {
    assert.strictEqual(canBackquote('a\tb'), true);
    assert.strictEqual(canBackquote('a\nb'), false);
    assert.strictEqual(canBackquote('a`b'), false);
    assert.strictEqual(canBackquote('\ufeff'), false);
  });
  it('Unquote reads Go literals and rejects malformed ones with invalid syntax', () => {
    assert.strictEqual(unquote('"a\\x41\\u00e9\\U0001F600\\101\\n"'), 'aAé😀A\n');
    assert.strictEqual(unquote("'a'"), 'a');
    assert.strictEqual(unquote("'\\''"), "'");
    assert.strictEqual(unquote('`a\\n\rb`'), 'a\\nb');
    assert.strictEqual(unquote('"é"'), 'é');
    for (const bad of ['"', 'x', '"a', '\'ab\'', '"\\q"', '"\\400"', '"a"b"', '"\\uD800"', '"\\\'"', '"a\nb"', '`a`b`', "'\\\"'", '"\\x4"', 'ab']) {
      assert.throws(() => unquote(bad), (e: Error) => e.message === 'invalid syntax', bad);
    }
  });
});

describe('strconv: parsing', () => {
  function err(f: () => unknown): string {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  }
  it('Atoi reports Go errors by message', () => {
    assert.strictEqual(atoi('-42'), -42n);
    assert.strictEqual(err(() => atoi('x')), 'strconv.Atoi: parsing "x": invalid syntax');
    assert.strictEqual(err(() => atoi('99999999999999999999')), 'strconv.Atoi: parsing "99999999999999999999": value out of range');
    assert.strictEqual(err(() => atoi('')), 'strconv.Atoi: parsing "": invalid syntax');
  });
  it('ParseInt reads base prefixes and underscores only in base 0, and clamps out-of-range values', () => {
    assert.strictEqual(goParseInt('0x_1F', 0, 64), 31n);
    assert.strictEqual(goParseInt('-0b101', 0, 64), -5n);
    assert.strictEqual(goParseInt('0o17', 0, 64), 15n);
    assert.strictEqual(goParseInt('017', 0, 64), 15n);
    assert.strictEqual(goParseInt('z', 36, 64), 35n);
    assert.strictEqual(err(() => goParseInt('1_0', 10, 64)), 'strconv.ParseInt: parsing "1_0": invalid syntax');
    assert.strictEqual(err(() => goParseInt('_10', 0, 64)), 'strconv.ParseInt: parsing "_10": invalid syntax');
    assert.strictEqual(err(() => goParseInt('128', 10, 8)), 'strconv.ParseInt: parsing "128": value out of range');
    assert.strictEqual(err(() => goParseInt('1', 1, 64)), 'strconv.ParseInt: parsing "1": invalid base 1');
    assert.strictEqual(err(() => goParseInt('1', 10, 65)), 'strconv.ParseInt: parsing "1": invalid bit size 65');
    try {
      goParseInt('-129', 10, 8);
      assert.fail('no error');
    } catch (e) {
      assert.ok(e instanceof NumError);
      assert.strictEqual(e.value, -128n);
    }
    assert.strictEqual(parseUint('18446744073709551615', 10, 64), 18446744073709551615n);
    assert.strictEqual(err(() => parseUint('-1', 10, 64)), 'strconv.ParseUint: parsing "-1": invalid syntax');
  });
  it('ParseFloat reports syntax and range errors as Go does', () => {
    assert.strictEqual(err(() => goParseFloat('1x')), 'strconv.ParseFloat: parsing "1x": invalid syntax');
    assert.strictEqual(err(() => goParseFloat('1e400')), 'strconv.ParseFloat: parsing "1e400": value out of range');
    assert.strictEqual(goParseFloat('3.4e39', 64), 3.4e39);
    assert.strictEqual(err(() => goParseFloat('3.5e38', 32)), 'strconv.ParseFloat: parsing "3.5e38": value out of range');
  });
});

describe('goTypes: type and kind names', () => {
  it('names every value as reflect does', () => {
    const s = semverValue();
    const rows: [GoValue, string, string][] = [
      [null, '<nil>', 'invalid'],
      ['x', 'string', 'string'],
      [true, 'bool', 'bool'],
      [1.5, 'float64', 'float64'],
      [1n, 'int', 'int'],
      [new GoNumber('int64', 1n), 'int64', 'int64'],
      [new GoNumber('uint8', 1n), 'uint8', 'uint8'],
      [[1n], '[]interface {}', 'slice'],
      [typedSlice(['a'], 'string'), '[]string', 'slice'],
      [new Uint8Array([1]), '[]uint8', 'slice'],
      [newMap(), 'map[string]interface {}', 'map'],
      [s, '*semver.Version', 'ptr'],
      [new GoStruct('chartutil.KubeVersion', new Map()), 'chartutil.KubeVersion', 'struct'],
    ];
    for (const [v, t, k] of rows) {
      assert.strictEqual(typeName(v), t);
      assert.strictEqual(kindName(v), k);
    }
  });
});
