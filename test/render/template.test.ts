/**
 * text/template port: differential against real Helm (3.17.2 / Go 1.23, 4.1.4 / Go 1.25, 4.2.3 / Go 1.26) through
 * helmEval, plus unit tests of the API (errors, clone, re-entrancy, budget, trace).
 */
import * as assert from 'assert';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_LIMITS, RenderBudget } from '../../server/src/engine/render/budget';
import { FuncTable, GoError, GoStruct, GoValue, RenderBudgetError } from '../../server/src/engine/render/goValue';
import { TemplateError, Templates, TraceEvent } from '../../server/src/engine/render/template';
import { HelmKey, OracleCase, OracleResult, helmEval } from './helmOracle';

const GO_MINOR: Record<HelmKey, number> = { '3': 23, '4': 25, '4.2': 26 };

/** YAML → Go values as Helm reads values.yaml (numbers are float64). */
function toGo(v: unknown): GoValue {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(toGo);
  if (typeof v === 'object') {
    const m = new Map<string, GoValue>();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) m.set(k, toGo(x));
    return m;
  }
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

/** A few functions Helm charts use, enough to exercise argument conversion (not the Sprig port itself). */
function testFuncs(getSet: () => Templates, budget: () => RenderBudget): FuncTable {
  return {
    upper: { params: ['string'], call: (a) => (a[0] as string).toUpperCase() },
    list: { params: [], variadic: 'any', call: (a) => [...a] },
    include: {
      params: ['string', 'any'],
      call: (a) => getSet().execute(a[0] as string, a[1], budget()),
    },
    fail: {
      params: ['string'],
      call: (a) => {
        throw new GoError(a[0] as string);
      },
    },
  };
}

type Mine = { ok: true; output: string } | { ok: false; error: string };

/** Renders a snippet as the oracle does: inside define "case_N" in a file, executed with the chart's top object. */
function renderLikeHelm(c: OracleCase, i: number, key: HelmKey): Mine {
  let set: Templates | undefined;
  let budget = new RenderBudget();
  const funcs = testFuncs(
    () => set as Templates,
    () => budget,
  );
  set = new Templates(funcs, { missingKey: 'zero', goMinor: GO_MINOR[key] });
  const top = new Map<string, GoValue>([['Values', toGo(parseYaml(c.values ?? '') ?? {})]]);
  try {
    set.parse(`oracle/templates/_case_${i}.tpl`, `{{- define "case_${i}" }}${c.template}{{ end }}`);
    budget = new RenderBudget();
    return { ok: true, output: set.execute(`case_${i}`, top, budget).split('<no value>').join('') };
  } catch (e) {
    if (e instanceof TemplateError) return { ok: false, error: e.message };
    throw e;
  }
}

/**
 * The innermost Go message of an error, as "LOCATION|CONTEXT|MESSAGE" (Helm 3 prints Go's text; Helm 4 reflows
 * it over several lines; parse errors are rewritten by Helm as "parse error at (FILE:LINE): MSG").
 */
function normalizeError(text: string): string {
  const t = text.replace(/case_\d+/g, 'case_N').replace(/\n\nUse --debug flag.*$/s, '').trim();
  const parse = /parse error at \(([^)]*)\): (.*)$/s.exec(t);
  // Helm keeps only the text after the last ": " of a parse error
  const tail = (m: string): string => m.slice(m.lastIndexOf(': ') + 1).trim();
  if (parse) return `${parse[1]}||${tail(parse[2])}`;
  const goParse = /^template: ([^:]+:\d+): (?!executing)(.*)$/s.exec(t);
  if (goParse) return `${goParse[1]}||${tail(goParse[2])}`;
  const idx = t.lastIndexOf('executing "case_N');
  if (idx < 0) return t;
  const before = t.slice(0, idx);
  const loc = /([\w./-]+:\d+:\d+)(?::\s*|\s*)$/.exec(before);
  const rest = t.slice(idx);
  const m = /^executing "case_N" at <(.*?)>:\s*(.*)$/s.exec(rest);
  if (!m) return t;
  return `${loc ? loc[1] : '?'}|${m[1]}|${m[2].replace(/\s+/g, ' ').trim()}`;
}

const VALUES = `a: 1
f: 1.5
big: 1000000
s: str
e: ""
nul: null
t: true
l: [1, "x", null]
m: {b: 2, a: {c: 3}}
`;

// Snippets whose output (or error) must equal real Helm's.
const CASES: string[] = [
  // text, trim markers, comments
  'plain text',
  'a  {{- "b" -}}  c',
  'a\n\n{{- /* a comment */ -}}\n\nb',
  'x {{/* c */}} y',
  '{{- "\\t\\n" -}}|',
  "{{ `raw\\n` }}",
  '{{ "esc \\u00e9 \\x41 \\101" }}',
  // numbers and constants
  "{{ 1 }} {{ -2 }} {{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000 }} {{ 'a' }} {{ '\\n' }}",
  '{{ 1.5 }} {{ 1e3 }} {{ 1e21 }} {{ 0x1p-2 }} {{ .5 }} {{ 1. }}',
  '{{ true }} {{ false }} {{ "s" }}',
  '{{ .Values.big }} {{ .Values.f }} {{ .Values.a }}',
  // fields, maps, missing values
  '{{ .Values.m.b }} {{ .Values.m.a.c }} [{{ .Values.missing }}] [{{ .Values.nul }}]',
  '{{ $.Values.s }} {{ $x := .Values.m }}{{ $x.a.c }}',
  '{{ (.Values.m).b }} {{ (.Values.m.a).c }}',
  '{{ $x := .Values.missing }}[{{ $x.foo }}]',
  '{{ .Values.m }}',
  '{{ .Values.l }}',
  // variables
  '{{ $x := 1 }}{{ $x = 2 }}{{ $x }}',
  '{{ $x := 1 }}{{ if true }}{{ $x = 3 }}{{ $y := 4 }}{{ $y }}{{ end }}{{ $x }}',
  // if / else if / with / else with
  '{{ if .Values.a }}A{{ end }}{{ if .Values.e }}E{{ else }}noE{{ end }}',
  '{{ if .Values.missing }}1{{ else if .Values.nul }}2{{ else if .Values.t }}3{{ else }}4{{ end }}',
  '{{ with .Values.m }}{{ .b }}{{ end }}{{ with .Values.e }}x{{ else }}empty{{ end }}',
  '{{ with .Values.missing }}1{{ else with .Values.s }}{{ . }}{{ end }}',
  '{{ if 0 }}a{{ end }}{{ if 0.0 }}b{{ end }}{{ if "" }}c{{ end }}{{ if list }}d{{ end }}{{ if .Values.l }}e{{ end }}',
  // range
  '{{ range .Values.l }}[{{ . }}]{{ end }}',
  '{{ range $i, $v := .Values.l }}{{ $i }}={{ $v }};{{ end }}',
  '{{ range $k, $v := .Values.m }}{{ $k }}:{{ $v }};{{ end }}',
  '{{ range .Values.missing }}x{{ else }}none{{ end }}',
  '{{ range list }}x{{ else }}empty{{ end }}',
  '{{ range $v := list 1 2 3 }}{{ if eq $v 2 }}{{ continue }}{{ end }}{{ $v }}{{ end }}',
  '{{ range list 1 2 3 4 }}{{ if eq . 3 }}{{ break }}{{ end }}{{ . }}{{ end }}',
  '{{ range $i, $v := list "a" "b" }}{{ range list 1 2 }}{{ if eq . 2 }}{{ break }}{{ end }}{{ $v }}{{ . }}{{ end }}{{ end }}',
  '{{ range .Values.l }}{{ $.Values.s }}{{ end }}',
  // define / template / block / include
  '{{ template "inner" "x" }}{{ template "inner" }}{{ template "inner" .Values.m.a }}',
  '{{ block "blk" .Values.s }}[{{ . }}]{{ end }}',
  '{{ include "case_helper" 5 }}',
  '{{ include "dotfoo" nil }}|{{ include "dotfoo" .Values.missing }}|{{ template "dotfoo" .Values.missing }}|{{ template "dotfoo" }}',
  // builtins
  '{{ and 1 0 }} {{ and 1 2 }} {{ or 0 "" }} {{ or 0 "x" }} {{ not 0 }} {{ not .Values.s }}',
  '{{ and .Values.missing (fail "never") }}{{ or 1 (fail "never") }}',
  '{{ len "héllo" }} {{ len .Values.l }} {{ len .Values.m }}',
  '{{ index .Values.l 1 }} {{ index .Values.m "b" }} {{ index "abc" 0 }} {{ index .Values.m "zz" }}',
  '{{ eq 1 1 }} {{ eq "a" "b" "a" }} {{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt "b" "a" }} {{ ge 1.5 2.5 }}',
  '{{ eq .Values.missing nil }}|{{ eq .Values.a 1.0 }}|{{ eq .Values.nul .Values.missing }}',
  '{{ print 1 2 "a" "b" 3 }}|{{ println 1 "x" }}|{{ printf "%d %s %v %q" 1 "a" .Values.f "q" }}',
  '{{ html "<a href=\'x\'>&\\"" }} {{ js "it\'s <b> & \\"q\\" =" }} {{ urlquery "a b&c=d/é" }}',
  '{{ print nil }} {{ print .Values.missing }} {{ printf "%v" .Values.nul }}',
  '{{ "x" | printf "%s-%s" "a" }} {{ .Values.s | upper | printf "<%s>" }}',
  '{{ (list 1 2 3) | len }}',
  // chart-like whitespace control, nesting and printing
  'metadata:\n  labels:\n    {{- range $k, $v := .Values.m }}\n    {{ $k }}: {{ $v }}\n    {{- end }}\n',
  '{{- if .Values.a }}\nkey: {{ .Values.s }}\n{{- else }}\nother\n{{- end }}\n',
  '{{- with .Values.m }}\n  {{- with .a }}\n  c: {{ .c }}\n  {{- end }}\n{{- end }}',
  '{{- $root := . -}}\n{{- range $i, $e := .Values.l }}\n- {{ $i }} {{ $root.Values.s }} {{ $e }}\n{{- end }}',
  '{{ range $i, $e := .Values.l }}{{ if $i }},{{ end }}{{ $e }}{{ end }}',
  '{{ if and .Values.a (not .Values.missing) (eq .Values.s "str") }}ok{{ end }}',
  '{{ if or (eq .Values.s "x") (eq .Values.s "str") }}ok{{ end }}',
  '{{ $v := "" }}{{ if .Values.s }}{{ $v = .Values.s }}{{ end }}{{ $v }}',
  '{{ range .Values.m }}{{ . }}|{{ end }}',
  '{{ .Values.f }} {{ printf "%.2f" .Values.f }} {{ printf "%d" .Values.a }}',
  '{{ printf "%v %v" .Values.l .Values.m }}',
  '{{ printf "%s" .Values.a }}',
  '{{ printf "%q" .Values.s }} {{ printf "%x" .Values.s }} {{ printf "%5s|%-5s|" "a" "b" }}',
  '{{ 1 }}{{/* comment */}}{{ 2 }}',
  '{{- /* only a comment */ -}}',
  '  {{- "x" }}  \n  {{- "y" -}}  \n',
  '{{ if eq (len .Values.l) 3 }}three{{ end }}',
  '{{ index .Values.l 0 | printf "%v" }}',
  '{{ (index .Values.m "a").c }}',
  '{{ $m := .Values.m }}{{ range $k, $v := $m }}{{ if eq $k "b" }}{{ $v }}{{ end }}{{ end }}',
  '{{ range $x := list 1 2 }}{{ range $y := list 3 4 }}{{ $x }}{{ $y }} {{ end }}{{ end }}',
  '{{ range list 1 2 3 }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ . }}{{ else }}none{{ end }}',
  '{{ with $x := .Values.missing }}{{ else with $y := .Values.s }}{{ $y }}{{ end }}',
  '{{ if .Values.missing }}{{ else if .Values.missing2 }}{{ else }}else{{ end }}',
  '{{ eq .Values.s "str" "x" }} {{ ne .Values.a 2.0 }} {{ lt .Values.f 2.0 }}',
  '{{ len (index .Values.m "a") }}',
  '{{ print .Values.m.a }}',
  '{{ js .Values.m }} {{ html .Values.f }} {{ urlquery .Values.l }}',
  '{{ $x := 5 }}{{ range $x := list 1 }}{{ $x }}{{ end }}{{ $x }}',
  '{{ range $i, $v := .Values.m }}{{ $i }}{{ end }}',
  '{{ template "inner" .Values.s | printf "%s" }}',
  '{{ "a" }}{{ "b" -}}\n\n   {{- "c" }}',
  '{{ -5 }} {{ +5 }} {{ -0x10 }} {{ 1.0 }} {{ 2e0 }} {{ 0.1 }}',
  '{{ printf "%v" 1.0 }} {{ printf "%v" 1e6 }} {{ printf "%T" 1.0 }} {{ printf "%T" 0x1p0 }}',
  // lexer, trim, comments, variables, printing, comparisons across kinds
  'a {{- 1 }}',
  'a {{-1}}',
  '{{ 1 -}} b',
  '{{ -1 }}',
  '{{ .Values.if }}',
  '{{ $é := 1 }}{{ $é }}',
  '{{- /* c */}}  x',
  '{{/* c */ -}}\n  x',
  '{{/*\nmulti\n*/}}y',
  '{{ "a"\n}}',
  '{{ 1 |\n printf "%v" }}',
  '{{ $x := 1 }}{{ $x := 2 }}{{ $x }}',
  '{{ if $x := 1 }}{{ $x }}{{ end }}',
  '{{ range $x := .Values.l }}{{ $x = 5 }}{{ $x }}{{ end }}',
  '{{ $x := 0 }}{{ range .Values.l }}{{ $x = . }}{{ end }}{{ $x }}',
  '{{ with $x := .Values.m }}{{ $x.b }}{{ end }}',
  '{{ 1e100 }} {{ 1e-7 }} {{ -0.0 }} {{ 100000000.0 }} {{ 123456789.0 }}',
  '{{ 0x1.8p1 }} {{ 1_0.5 }}',
  '{{ \'\\u00e9\' }} {{ \'\\x41\' }} {{ \'\\\'\' }}',
  '{{ "\\a\\b\\f\\v" | printf "%q" }}',
  '{{ print 1.0 2 }}',
  '{{ print "a" 1 2 "b" }}',
  '{{ print true false }}',
  '{{ println }}',
  '{{ printf "%5.2f|%-4d|%x|%X|%o|%b|%e|%g" 3.14159 7 255 255 8 5 1234.5678 0.000001 }}',
  '{{ index .Values.m "a" "c" }}',
  '{{ and 1 .Values.missing }}|{{ or .Values.missing .Values.n }}',
  '{{ .Values.l | len }} {{ .Values.s | len }}',
  '{{ range .Values.m }}{{ else }}{{ end }}',
  '{{ range $k, $v := .Values.m }}{{ $k }}{{ continue }}{{ $v }}{{ end }}',
  '{{ html .Values.l }} {{ js 1 2 }} {{ urlquery "x" "y" }}',
  '{{ js "\\u2028 é \\u0001" }}',
  '{{ html "\\u0000" }}',
  '{{ printf "%T %T %T %T %T" 1 1.5 "s" true .Values.m }}',
  '{{ printf "%T" .Values.l }}',
  '{{ printf "%T" (index "a" 0) }}',
  '{{ eq 1 (index "a" 0) }}',
  '{{ eq (index "a" 0) 97 }}',
  '{{ lt -1 (index "a" 0) }}',
  '{{ eq "a" "a" "b" }}',
  '{{ eq 1 1 "x" }}',
  '{{ not .Values.l }} {{ not .Values.m }} {{ not .Values.n }}',
  '{{ if .Values.m.a }}{{ .Values.m.a.c }}{{ end }}',
  '{{ ((1)) }}',
  '{{ (printf "%d" 1) }}',
  '{{ .Values.m.a | len }}',
  '{{ $x := list 1 2 }}{{ index $x 1 }}',
];

// Helper templates some cases call through include.
const HELPER =
  '{{- define "case_helper" }}h{{ . }}{{ end }}{{- define "inner" }}<{{ . }}>{{ end }}{{- define "dotfoo" }}[{{ .foo }}][{{ . }}]{{ end }}';

// Snippets that must fail with Go's message.
const ERROR_CASES: string[] = [
  '{{ upper .Values.missing }}',
  '{{ $x := .Values.missing }}{{ upper $x }}',
  '{{ .Values.missing.b }}',
  '{{ .Values.s.b }}',
  '{{ $x := .Values.s }}{{ $x.b }}',
  '{{ eq .Values.a 1 }}',
  '{{ lt 1 2.5 }}',
  '{{ len .Values.a }}',
  '{{ index .Values.l 5 }}',
  '{{ upper 1 }}',
  '{{ nosuch 1 }}',
  '{{ .Values.m.b 1 }}',
  '{{ index .Values.m 1 }}',
  '{{ index .Values.l 3 }}',
  '{{ eq .Values.m .Values.m }}',
  '{{ ) }}',
  '{{ 1.x }}',
  '{{ define "x" }}{{ $y }}{{ end }}',
  '{{ $a, $b := 1, 2 }}',
  '{{ range $i, $v := 3 }}{{ end }}',
];

/** Error cases whose message depends on the Go version (comparison texts, range over int). */
const V3_ERRORS = ERROR_CASES.map((t, i) => (/eq |lt |range/.test(t) ? i : -1)).filter((i) => i >= 0);

describe('text/template differential against real Helm', function () {
  this.timeout(120000);
  const results: Partial<Record<HelmKey, OracleResult[]>> = {};
  const errors: Partial<Record<HelmKey, OracleResult[]>> = {};
  const okCases = (): OracleCase[] => CASES.map((t) => ({ template: t, values: VALUES, files: { 'templates/_helper.tpl': HELPER } }));
  const errCases = (): OracleCase[] => ERROR_CASES.map((t) => ({ template: t, values: VALUES }));

  before(function () {
    for (const key of ['3', '4', '4.2'] as HelmKey[]) results[key] = helmEval(okCases(), key);
    // every error case on Helm 4 (Go 1.25); on Helm 3 (Go 1.23) the ones whose text differs between Go versions
    // (one helm run per failing case: a batch that fails is split in halves, which costs more runs)
    errors['4'] = errCases().map((c) => helmEval([c], '4')[0]);
    errors['3'] = [];
    for (const i of V3_ERRORS) (errors['3'] as OracleResult[])[i] = helmEval([errCases()[i]], '3')[0];
  });

  function mineWithHelper(c: OracleCase, i: number, key: HelmKey): Mine {
    // the chart's helper file is parsed into the same set, as Helm parses every template file
    const withHelper: OracleCase = { ...c, template: c.template };
    let set: Templates | undefined;
    let budget = new RenderBudget();
    set = new Templates(testFuncs(() => set as Templates, () => budget), { missingKey: 'zero', goMinor: GO_MINOR[key] });
    const top = new Map<string, GoValue>([['Values', toGo(parseYaml(c.values ?? '') ?? {})]]);
    try {
      set.parse('oracle/templates/_helper.tpl', HELPER);
      set.parse(`oracle/templates/_case_${i}.tpl`, `{{- define "case_${i}" }}${withHelper.template}{{ end }}`);
      budget = new RenderBudget();
      return { ok: true, output: set.execute(`case_${i}`, top, budget).split('<no value>').join('') };
    } catch (e) {
      if (e instanceof TemplateError) return { ok: false, error: e.message };
      throw e;
    }
  }

  for (const key of ['3', '4', '4.2'] as HelmKey[]) {
    CASES.forEach((t, i) => {
      it(`Helm ${key}: ${JSON.stringify(t).slice(0, 90)}`, () => {
        const want = (results[key] as OracleResult[])[i];
        const got = mineWithHelper(okCases()[i], i, key);
        if (want.ok) {
          assert.ok(got.ok, `expected output ${JSON.stringify(want.output)}, got error ${got.ok ? '' : got.error}`);
          assert.strictEqual(got.output, want.output);
        } else {
          assert.ok(!got.ok, `expected error ${want.error}, got output ${got.ok ? JSON.stringify(got.output) : ''}`);
          assert.strictEqual(normalizeError(got.error), normalizeError(want.error));
        }
      });
    });
  }

  for (const key of ['3', '4'] as HelmKey[]) {
    ERROR_CASES.forEach((t, i) => {
      if (key === '3' && !V3_ERRORS.includes(i)) return;
      it(`Helm ${key} error: ${JSON.stringify(t)}`, () => {
        const want = (errors[key] as OracleResult[])[i];
        const got = renderLikeHelm(errCases()[i], 0, key); // each error case ran alone, as case_0
        if (want.ok) {
          assert.ok(got.ok, `expected output, got error ${got.ok ? '' : got.error}`);
          assert.strictEqual(got.output, want.output);
          return;
        }
        assert.ok(!got.ok, `expected error ${want.error}, got output ${got.ok ? JSON.stringify(got.output) : ''}`);
        assert.strictEqual(normalizeError(got.error), normalizeError(want.error));
      });
    });
  }
});

describe('text/template API', () => {
  const noFuncs: FuncTable = {};
  const run = (text: string, data: GoValue = null, opts?: { missingKey?: 'default' | 'zero' | 'error'; goMinor?: number }): string => {
    const t = new Templates(noFuncs, opts);
    t.parse('t', text);
    return t.execute('t', data, new RenderBudget());
  };
  const err = (fn: () => unknown): TemplateError => {
    try {
      fn();
    } catch (e) {
      if (e instanceof TemplateError) return e;
      throw e;
    }
    throw new Error('no error');
  };

  it('an exec error carries Go\'s full text, template name, line and byte column', () => {
    const e = err(() => run('line1\n  {{ .a.b }}', new Map([['a', null]])));
    assert.strictEqual(e.message, 'template: t:2:7: executing "t" at <.a.b>: nil pointer evaluating interface {}.b');
    assert.strictEqual(e.kind, 'exec');
    assert.strictEqual(e.line, 2);
    assert.strictEqual(e.col, 7);
    assert.strictEqual(e.action, '.a.b');
    assert.strictEqual(e.reason, 'nil pointer evaluating interface {}.b');
  });

  it('columns count UTF-8 bytes from the last newline; the context is the whole node', () => {
    const e = err(() => run('x\né{{ .aaaaaaaaaa.bbbbbbbbbbbbb }}', new Map([['aaaaaaaaaa', 'x']])));
    assert.strictEqual(
      e.message,
      'template: t:2:16: executing "t" at <.aaaaaaaaaa.bbbbbbbbbbbbb>: can\'t evaluate field bbbbbbbbbbbbb in type interface {}',
    );
  });

  it('parse errors read "template: NAME:LINE: MSG"', () => {
    assert.strictEqual(err(() => run('a\n{{ if }}')).message, 'template: t:2: missing value for if');
    assert.strictEqual(err(() => run('{{ end }}')).message, 'template: t:1: unexpected {{end}}');
    assert.strictEqual(err(() => run('{{ $x }}')).message, 'template: t:1: undefined variable "$x"');
    assert.strictEqual(err(() => run('{{ break }}')).message, 'template: t:1: {{break}} outside {{range}}');
    assert.strictEqual(err(() => run('{{ if 1 }}')).message, 'template: t:1: unexpected EOF');
    assert.strictEqual(err(() => run('{{ "a" | "b" }}')).message, 'template: t:1: non executable command in pipeline stage 2');
    assert.strictEqual(err(() => run('{{ 1.x }}')).message, 'template: t:1: bad number syntax: "1.x"');
    assert.strictEqual(err(() => run('{{ .a')).message, 'template: t:1: unclosed action');
    assert.strictEqual(err(() => run('{{ 08 }}')).message, 'template: t:1: integer overflow: "08"');
    assert.strictEqual(
      err(() => run('{{ define "a" }}x{{ end }}{{ define "a" }}y{{ end }}')).message,
      'template: t:1: template: multiple definition of template "a"',
    );
    assert.strictEqual(err(() => run('{{ 1 }')).kind, 'parse');
  });

  it('missingkey=default yields no value, zero yields a nil interface, error fails', () => {
    const data = new Map<string, GoValue>([['a', new Map()]]);
    assert.strictEqual(run('{{ .a.x.y }}', data), '<no value>');
    assert.strictEqual(err(() => run('{{ .a.x.y }}', data, { missingKey: 'zero' })).message.endsWith('nil pointer evaluating interface {}.y'), true);
    assert.strictEqual(
      err(() => run('{{ .a.x }}', data, { missingKey: 'error' })).message,
      'template: t:1:5: executing "t" at <.a.x>: map has no entry for key "x"',
    );
  });

  it('a redefinition replaces a template unless the new body is empty', () => {
    const t = new Templates();
    t.parse('f1', '{{ define "d" }}one{{ end }}');
    t.parse('f2', '{{ define "d" }}two{{ end }}');
    assert.strictEqual(t.execute('d', null, new RenderBudget()), 'two');
    t.parse('f3', '{{ define "d" }}  {{/* nothing */}} {{ end }}');
    assert.strictEqual(t.execute('d', null, new RenderBudget()), 'two');
    assert.deepStrictEqual(t.names().sort(), ['d', 'f1', 'f2', 'f3']);
  });

  it('a clone is independent of its original', () => {
    const a = new Templates();
    a.parse('x', 'A');
    const b = a.clone();
    b.parse('x', 'B');
    b.parse('y', 'Y');
    assert.strictEqual(a.execute('x', null, new RenderBudget()), 'A');
    assert.strictEqual(b.execute('x', null, new RenderBudget()), 'B');
    assert.strictEqual(a.has('y'), false);
    b.funcs({ f: { params: [], call: () => 'F' } });
    assert.throws(() => a.parse('z', '{{ f }}'), /function "f" not defined/);
    b.parse('z', '{{ f }}');
    assert.strictEqual(b.execute('z', null, new RenderBudget()), 'F');
  });

  it('execute is re-entrant: a function may execute another template', () => {
    let set: Templates | undefined;
    const budget = new RenderBudget();
    set = new Templates({
      inc: { params: ['string', 'any'], call: (a) => (set as Templates).execute(a[0] as string, a[1], budget) },
    });
    set.parse('main', '{{ define "p" }}[{{ . }}]{{ end }}<{{ inc "p" 1 }}{{ inc "p" (inc "p" 2) }}>');
    assert.strictEqual(set.execute('main', null, budget), '<[1][[2]]>');
    assert.strictEqual(budget.depth, 0);
  });

  it('an error inside a nested execute is wrapped as "error calling NAME"', () => {
    let set: Templates | undefined;
    const budget = new RenderBudget();
    set = new Templates({
      inc: { params: ['string', 'any'], call: (a) => (set as Templates).execute(a[0] as string, a[1], budget) },
    });
    set.parse('main', '{{ define "p" }}{{ .x.y }}{{ end }}{{ inc "p" 1 }}');
    assert.strictEqual(
      err(() => set?.execute('main', null, budget)).message,
      'template: main:1:38: executing "main" at <inc "p" 1>: error calling inc: template: main:1:21: executing "p" at <.x.y>: can\'t evaluate field x in type int',
    );
    assert.strictEqual(err(() => set?.execute('nope', null, budget)).message, 'template: no template "nope" associated with template "gotpl"');
  });

  it('untyped constants convert to the parameter type; other values must match it', () => {
    const seen: string[] = [];
    const t = new Templates({
      i: { params: ['int'], call: (a) => (seen.push(typeof a[0]), a[0]) },
      f: { params: ['float64'], call: (a) => (seen.push(typeof a[0]), a[0]) },
      v: { params: ['any'], call: (a) => (seen.push(typeof a[0]), a[0]) },
    });
    t.parse('t', '{{ i 1 }} {{ f 1 }} {{ v 1 }} {{ v 1.5 }}');
    assert.strictEqual(t.execute('t', null, new RenderBudget()), '1 1 1 1.5');
    assert.deepStrictEqual(seen, ['bigint', 'number', 'bigint', 'number']);
    t.parse('u', '{{ i 1.5 }}');
    assert.strictEqual(err(() => t.execute('u', null, new RenderBudget())).message, 'template: u:1:5: executing "u" at <1.5>: expected integer; found 1.5');
    t.parse('w', '{{ i . }}');
    assert.strictEqual(
      err(() => t.execute('w', 2.5, new RenderBudget())).message,
      'template: w:1:5: executing "w" at <.>: wrong type for value; expected int; got float64',
    );
    t.parse('x', '{{ i 1 2 }}');
    assert.strictEqual(err(() => t.execute('x', null, new RenderBudget())).message, 'template: x:1:3: executing "x" at <i>: wrong number of args for i: want 1 got 2');
  });

  it('struct fields and methods: methods take arguments, fields refuse them, a Stringer prints itself', () => {
    const files = new GoStruct(
      'engine.files',
      new Map<string, GoValue>([['Count', 2n]]),
      new Map([['Get', { params: ['string'], call: (a: GoValue[]) => `content of ${a[0] as string}` }]]),
    );
    const version = new GoStruct('*semver.Version', new Map(), new Map(), undefined, true, () => '1.2.3');
    const data = new Map<string, GoValue>([
      ['Files', files],
      ['V', version],
    ]);
    assert.strictEqual(run('{{ .Files.Get "a.txt" }}|{{ "b" | .Files.Get }}|{{ .Files.Count }}|{{ .V }}', data), 'content of a.txt|content of b|2|1.2.3');
    assert.strictEqual(
      err(() => run('{{ .Files.Count 1 }}', data)).message,
      'template: t:1:9: executing "t" at <.Files.Count>: Count has arguments but cannot be invoked as function',
    );
    assert.strictEqual(
      err(() => run('{{ .Files.Nope }}', data)).message,
      'template: t:1:9: executing "t" at <.Files.Nope>: can\'t evaluate field Nope in type interface {}',
    );
    assert.strictEqual(
      err(() => run('{{ .Files.Get 1 }}', data)).message,
      'template: t:1:14: executing "t" at <1>: expected string; found 1',
    );
  });

  it('renders 200 include-heavy templates in well under 100 ms once warm', () => {
    let set: Templates | undefined;
    let budget = new RenderBudget();
    const funcs: FuncTable = {
      include: { params: ['string', 'any'], call: (a) => (set as Templates).execute(a[0] as string, a[1], budget) },
      trunc: { params: ['int', 'string'], call: (a) => (a[1] as string).slice(0, Number(a[0])) },
    };
    const helpers =
      '{{- define "name" -}}{{ .Values.name | trunc 63 }}{{- end }}' +
      '{{- define "labels" -}}\napp: {{ include "name" . }}\nrelease: {{ .Release.Name }}\n{{- range $k, $v := .Values.labels }}\n{{ $k }}: {{ $v }}\n{{- end }}{{- end }}';
    const file = (i: number): string =>
      `{{- if .Values.enabled }}\nkind: ConfigMap\nmetadata:\n  name: {{ include "name" . }}-${i}\n  labels:\n{{ include "labels" . }}\ndata:\n` +
      '{{- range $i, $x := .Values.items }}\n  item{{ $i }}: {{ $x.name }}{{ if $x.port }} {{ $x.port }}{{ end }}\n{{- end }}\n{{- end }}';
    const items: GoValue[] = [];
    for (let i = 0; i < 10; i++) items.push(new Map<string, GoValue>([['name', `n${i}`], ['port', i * 10]]));
    const labels = new Map<string, GoValue>();
    for (let i = 0; i < 5; i++) labels.set(`l${i}`, `v${i}`);
    const top = new Map<string, GoValue>([
      ['Values', new Map<string, GoValue>([['name', 'chart'], ['enabled', true], ['items', items], ['labels', labels]])],
      ['Release', new Map<string, GoValue>([['Name', 'rel']])],
    ]);
    const render = (): number => {
      set = new Templates(funcs, { missingKey: 'zero' });
      set.parse('c/templates/_helpers.tpl', helpers);
      for (let i = 0; i < 200; i++) set.parse(`c/templates/t${i}.yaml`, file(i));
      budget = new RenderBudget();
      let n = 0;
      for (let i = 0; i < 200; i++) n += set.execute(`c/templates/t${i}.yaml`, top, budget).length;
      return n;
    };
    for (let i = 0; i < 5; i++) render();
    const started = process.hrtime.bigint();
    const n = render();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(n > 200 * 200);
    assert.ok(ms < 100, `took ${ms} ms`);
  });

  it('slice cuts strings by bytes and slices by index, with Go\'s errors (Helm shadows it with Sprig\'s)', () => {
    const data = new Map<string, GoValue>([['l', [1n, 2n, 3n, 4n]]]);
    assert.strictEqual(run('{{ slice "abcd" 1 3 }}|{{ slice "abcd" 2 }}|{{ slice "abcd" }}|{{ slice .l 1 3 }}|{{ slice .l 1 2 4 }}', data), 'bc|cd|abcd|[2 3]|[2]');
    assert.match(err(() => run('{{ slice "abcd" 3 1 }}')).message, /error calling slice: invalid slice index: 3 > 1$/);
    assert.match(err(() => run('{{ slice "abcd" 1 2 3 }}')).message, /error calling slice: cannot 3-index slice a string$/);
    assert.match(err(() => run('{{ slice "abcd" 9 }}')).message, /error calling slice: index out of range: 9$/);
    assert.match(err(() => run('{{ slice 1 }}')).message, /error calling slice: can't slice item of type int$/);
    assert.match(err(() => run('{{ slice .x }}', new Map())).message, /error calling slice: slice of untyped nil$/);
  });

  it('call invokes a function value with converted arguments', () => {
    const add: GoValue = { kind: 'func', name: 'add', fn: { params: ['int', 'int'], call: (a: GoValue[]) => (a[0] as bigint) + (a[1] as bigint) } };
    const data = new Map<string, GoValue>([['add', add]]);
    assert.strictEqual(run('{{ call .add 1 2 }}', data), '3');
    assert.match(err(() => run('{{ call .add 1 }}', data)).message, /error calling call: wrong number of args for \.add: got 1 want 2$/);
    assert.match(err(() => run('{{ call .nope 1 }}', data)).message, /error calling call: call of nil$/);
    assert.match(err(() => run('{{ call .add 1 1.5 }}', data)).message, /error calling call: arg 1: value has type float64; should be int$/);
  });

  it('range over an integer needs Go 1.24+', () => {
    assert.strictEqual(run('{{ range 3 }}{{ . }}{{ end }}'), '012');
    assert.strictEqual(
      err(() => run('{{ range 3 }}{{ . }}{{ end }}', null, { goMinor: 23 })).message,
      'template: t:1:9: executing "t" at <3>: range can\'t iterate over 3',
    );
  });

  it('the budget stops a huge loop quickly, naming the action', () => {
    const started = Date.now();
    assert.throws(
      () => {
        const t = new Templates();
        t.parse('t', '{{ range 1000000000 }}{{ . }}{{ end }}');
        t.execute('t', null, new RenderBudget({ timeoutMs: 300 }));
      },
      (e: unknown) => e instanceof RenderBudgetError && /took longer than 300 ms, at t:1:\d+: executing "t" at </.test(e.message),
    );
    assert.ok(Date.now() - started < 1500);
    // the defaults stop such a loop within about two seconds
    assert.ok(DEFAULT_LIMITS.timeoutMs <= 2000);
  });

  it('the step limit stops a loop even before the clock does', () => {
    assert.throws(
      () => {
        const t = new Templates();
        t.parse('t', '{{ range 1000000000 }}{{ end }}');
        t.execute('t', null, new RenderBudget({ maxSteps: 10000 }));
      },
      (e: unknown) => e instanceof RenderBudgetError && /more than 10000 steps/.test(e.message),
    );
  });

  it('the budget stops unbounded template recursion', () => {
    const t = new Templates();
    t.parse('t', '{{ define "r" }}x{{ template "r" . }}{{ end }}{{ template "r" . }}');
    assert.throws(
      () => t.execute('t', null, new RenderBudget({ maxDepth: 500 })),
      (e: unknown) => e instanceof RenderBudgetError && /nesting deeper than 500/.test(e.message),
    );
    // without an explicit limit the default still stops it (depth or the JS stack), as a budget error
    assert.throws(() => t.execute('t', null, new RenderBudget()), (e: unknown) => e instanceof RenderBudgetError);
  });

  it('the budget limits output size', () => {
    assert.throws(
      () => {
        const t = new Templates();
        t.parse('t', '{{ range 100000 }}0123456789{{ end }}');
        t.execute('t', null, new RenderBudget({ maxOutputBytes: 1000 }));
      },
      (e: unknown) => e instanceof RenderBudgetError && /output larger than 1000/.test(e.message),
    );
  });

  it('trace reports each printed action with its output range and source position', () => {
    const events: TraceEvent[] = [];
    const t = new Templates();
    t.parse('f', 'a: {{ .x }}\nb: {{ .y }}{{ $z := 1 }}');
    const out = t.execute('f', new Map<string, GoValue>([['x', 'X1'], ['y', 'Y']]), new RenderBudget(), { trace: (e) => events.push(e) });
    assert.strictEqual(out, 'a: X1\nb: Y');
    assert.deepStrictEqual(
      events.map((e) => [out.slice(e.start, e.end), e.template, e.line, e.col, e.action]),
      [
        ['X1', 'f', 1, 6, '.x'],
        ['Y', 'f', 2, 6, '.y'],
      ],
    );
  });
});
