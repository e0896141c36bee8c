/**
 * The built-in renderer (server/src/engine/render/) against random and hostile input: whatever the templates and
 * the values, it must only ever fail with its documented errors, answer within its budget (plus a margin for a busy
 * 2-core machine) and never take the process down.
 *
 *   - Templates directly (`Templates.parse` + `execute`): only TemplateError, GoError, GoPanic or RenderBudgetError
 *     may come out.
 *   - `renderChart` on small in-memory charts: it never throws at all (a broken chart is `{ ok: false, error }`).
 *
 * Every case runs in a worker thread (one kept alive, replaced after a kill): a case that runs a second past its
 * bound is stopped there and reported as a hang, a stack overflow or an out-of-memory ends only the worker, so one bad input
 * fails its own test instead of hanging or crashing the suite. Inputs come from a grammar (actions, pipelines,
 * variables, if/range/with/define/template/block, trim markers, every function of the renderer's tables with random
 * arguments of random Go types), from that grammar half-typed (cut, spliced, unbalanced), from random bytes, and
 * with random values.yaml (random structures, anchors and aliases, deep nesting, huge strings). The hostile section
 * writes out the known ways to make a template engine loop, recurse, blow up its output or backtrack.
 *
 * FUZZ_SEED changes the random inputs; FUZZ_RUNS scales their number.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { stringify as yamlStringify } from 'yaml';
import { helmFuncTable } from '../../server/src/engine/render/helmFuncs';
import { BUILTINS } from '../../server/src/engine/render/template/builtins';
import { sprigConversion } from '../../server/src/engine/render/sprig/conversion';
import { sprigCrypto } from '../../server/src/engine/render/sprig/crypto';
import { sprigDates } from '../../server/src/engine/render/sprig/dates';
import { sprigDefaults } from '../../server/src/engine/render/sprig/defaults';
import { sprigDicts } from '../../server/src/engine/render/sprig/dicts';
import { sprigEncoding } from '../../server/src/engine/render/sprig/encoding';
import { sprigLists } from '../../server/src/engine/render/sprig/lists';
import { sprigMath } from '../../server/src/engine/render/sprig/math';
import { sprigNetwork } from '../../server/src/engine/render/sprig/network';
import { sprigPaths } from '../../server/src/engine/render/sprig/paths';
import { sprigRandom } from '../../server/src/engine/render/sprig/random';
import { sprigReflect } from '../../server/src/engine/render/sprig/reflect';
import { sprigRegexFor } from '../../server/src/engine/render/sprig/regex';
import { sprigSemverFor } from '../../server/src/engine/render/sprig/semver';
import { sprigStrings } from '../../server/src/engine/render/sprig/strings';
import { sprigUrls } from '../../server/src/engine/render/sprig/urls';
import { FuzzStats } from './fuzzKit';

/** The renderer's time limit for one random case (RenderBudget.timeoutMs). */
const CASE_BUDGET_MS = 500;
/** What a random case may take on a busy 2-core machine: its budget plus a margin (GC, other processes). */
const CASE_BOUND_MS = CASE_BUDGET_MS + 1500;
/** The renderer's time limit in the hostile cases (half its default: the same paths, half the wait). */
const HOSTILE_BUDGET_MS = 1000;
const HOSTILE_BOUND_MS = HOSTILE_BUDGET_MS + 2500;
/** Past its bound plus this a case is stopped (worker terminated) and reported as a hang. */
const HANG_GRACE_MS = 1000;
const SEED = Number(process.env.FUZZ_SEED ?? 1414);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1);

// ---- the worker ------------------------------------------------------------------------------------------------------

/** One case for the worker. */
interface Job {
  mode: 'templates' | 'chart';
  /** The template under test (`templates/t.yaml` of the chart, or the `t` of the template set). */
  template: string;
  /** values.yaml (chart mode), or the data as YAML (templates mode). */
  values: string;
  /** Extra chart files (chart mode), relative to the chart root. */
  files?: Record<string, string>;
  timeoutMs: number;
  helm?: '3' | '4' | '4.2';
}

/** What the worker saw. `undocumented`: an error other than the documented ones came out. */
interface Outcome {
  kind: 'ok' | 'error' | 'undocumented' | 'hang' | 'worker-died';
  ms: number;
  message?: string;
  errorClass?: string;
  outputBytes?: number;
}

const RENDER_DIR = path.resolve(__dirname, '../../server/src/engine/render');
const CHART_FILES = path.resolve(__dirname, '../../server/src/engine/render/chartFiles.js');

/** The worker's code: loads the renderer once, then runs each job it is sent and answers with its Outcome. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const R = workerData.renderDir;
const { renderChart } = require(R + '/index.js');
const { RenderBudget } = require(R + '/budget.js');
const { Templates, TemplateError } = require(R + '/template/index.js');
const { GoError, GoPanic, RenderBudgetError } = require(R + '/goValue.js');
const { helmFuncTable } = require(R + '/helmFuncs.js');
const { fromYaml } = require(R + '/yaml/goYaml.js');
const { memoryFileSystem } = require(workerData.chartFiles);
const S = (f) => require(R + '/sprig/' + f + '.js');
const sprig = Object.assign({}, S('strings').sprigStrings, S('lists').sprigLists, S('dicts').sprigDicts, S('defaults').sprigDefaults,
  S('reflect').sprigReflect, S('conversion').sprigConversion, S('math').sprigMath, S('encoding').sprigEncoding, S('dates').sprigDates,
  S('crypto').sprigCrypto, S('random').sprigRandom, S('paths').sprigPaths, S('urls').sprigUrls, S('network').sprigNetwork,
  S('regex').sprigRegexFor('4'), S('semver').sprigSemverFor('4'));
Error.stackTraceLimit = 10;
const documented = (e) => e instanceof TemplateError || e instanceof GoError || e instanceof GoPanic || e instanceof RenderBudgetError;
const CHART_YAML = 'apiVersion: v2\\nname: fuzz\\nversion: 0.1.0\\n';
parentPort.on('message', (job) => {
  const t0 = performance.now();
  let out;
  try {
    const budget = new RenderBudget({ timeoutMs: job.timeoutMs });
    if (job.mode === 'chart') {
      const files = { '/c/Chart.yaml': CHART_YAML, '/c/values.yaml': job.values, '/c/templates/t.yaml': job.template };
      for (const [p, v] of Object.entries(job.files || {})) files['/c/' + p] = v;
      const r = renderChart(memoryFileSystem(files), '/c', { helmVersion: job.helm || '4', budget });
      out = r.ok ? { kind: 'ok', outputBytes: r.output.length } : { kind: 'error', message: r.error };
    } else {
      let data = null;
      try { data = fromYaml(job.values); } catch (e) { data = null; }
      const t = new Templates(Object.assign({}, sprig, helmFuncTable('4')), { missingKey: 'zero', goMinor: 25 });
      t.funcs({ include: { params: ['string', 'any'], call: ([n, d]) => t.execute(n, d, budget) } });
      try {
        t.parse('t', job.template);
        const s = t.execute('t', data, budget);
        out = { kind: 'ok', outputBytes: s.length };
      } catch (e) {
        out = documented(e)
          ? { kind: 'error', errorClass: e.constructor.name, message: String(e.message).slice(0, 400) }
          : { kind: 'undocumented', errorClass: e && e.constructor ? e.constructor.name : typeof e, message: String(e && e.stack || e).slice(0, 1500) };
      }
    }
  } catch (e) {
    out = { kind: 'undocumented', errorClass: e && e.constructor ? e.constructor.name : typeof e, message: String(e && e.stack || e).slice(0, 1500) };
  }
  out.ms = performance.now() - t0;
  parentPort.postMessage(out);
});
parentPort.postMessage('ready');
`;

/** A worker kept alive between cases; stopped and replaced after a hang or a death. */
class RenderWorker {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;

  private start(): Promise<void> {
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { renderDir: RENDER_DIR, chartFiles: CHART_FILES },
      // an input that makes the renderer allocate without bound ends the worker, not the test process
      resourceLimits: { maxOldGenerationSizeMb: 1536, stackSizeMb: 4 },
    });
    this.worker = w;
    this.ready = new Promise((resolve, reject) => {
      w.once('message', () => resolve());
      w.once('error', reject);
    });
    return this.ready;
  }

  async run(job: Job, hangMs: number): Promise<Outcome> {
    if (!this.worker) await this.start();
    else await this.ready;
    const w = this.worker!;
    const t0 = performance.now();
    return new Promise<Outcome>((resolve) => {
      const done = (o: Outcome) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        resolve(o);
      };
      const kill = (o: Outcome) => {
        this.worker = undefined;
        void w.terminate();
        done(o);
      };
      const onMessage = (o: Outcome) => done(o);
      const onError = (e: Error) => kill({ kind: 'worker-died', ms: performance.now() - t0, errorClass: e.constructor.name, message: String(e.stack ?? e).slice(0, 1500) });
      const onExit = (code: number) => kill({ kind: 'worker-died', ms: performance.now() - t0, message: `worker exited with ${code}` });
      const timer = setTimeout(() => kill({ kind: 'hang', ms: performance.now() - t0, message: `stopped after ${hangMs} ms` }), hangMs);
      w.on('message', onMessage);
      w.once('error', onError);
      w.once('exit', onExit);
      w.postMessage(job);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}

function describeJob(job: Job): string {
  const t = job.template.length > 300 ? `${JSON.stringify(job.template.slice(0, 300))}… (${job.template.length} chars)` : JSON.stringify(job.template);
  const v = job.values.length > 200 ? `${JSON.stringify(job.values.slice(0, 200))}… (${job.values.length} chars)` : JSON.stringify(job.values);
  return `${job.mode}: template ${t}, values ${v}`;
}

/** Asserts the invariants of one outcome: documented errors only, no hang, no death, within `boundMs`. */
function check(o: Outcome, job: Job, boundMs: number): void {
  const what = describeJob(job);
  assert.notStrictEqual(o.kind, 'hang', `hang (${o.message}) on ${what}`);
  assert.notStrictEqual(o.kind, 'worker-died', `the renderer took its thread down (${o.errorClass ?? ''} ${o.message}) on ${what}`);
  assert.notStrictEqual(o.kind, 'undocumented', `undocumented ${o.errorClass} thrown: ${o.message}\n  on ${what}`);
  assert.ok(o.ms <= boundMs, `took ${o.ms.toFixed(0)} ms (bound ${boundMs} ms) on ${what}`);
}

// ---- the grammar -----------------------------------------------------------------------------------------------------

const SPRIG_TABLES = [
  sprigStrings, sprigLists, sprigDicts, sprigDefaults, sprigReflect, sprigConversion, sprigMath, sprigEncoding, sprigDates,
  sprigCrypto, sprigRandom, sprigPaths, sprigUrls, sprigNetwork, sprigRegexFor('4'), sprigSemverFor('4'),
];
/** Every function name the renderer knows: Sprig's, Helm's, text/template's builtins, include and tpl. */
const FUNCTIONS = [
  ...new Set([...SPRIG_TABLES.flatMap((t) => Object.keys(t)), ...Object.keys(helmFuncTable('4')), ...BUILTINS.keys(), 'include', 'tpl']),
].sort();
/**
 * Functions whose work is CPU-bound per call whatever the arguments (key generation, bcrypt): the random cases call
 * them rarely, so the suite stays within its time; the hostile section calls them in loops.
 */
const EXPENSIVE = new Set(['genPrivateKey', 'genCA', 'genCAWithKey', 'genSelfSignedCert', 'genSelfSignedCertWithKey', 'genSignedCert', 'genSignedCertWithKey', 'bcrypt', 'htpasswd', 'derivePassword']);
const CHEAP_FUNCTIONS = FUNCTIONS.filter((f) => !EXPENSIVE.has(f));

const goString = (s: string) => JSON.stringify(s); // JSON's escapes are Go's
const INT_LITERALS = ['0', '1', '-1', '2', '3', '7', '10', '63', '64', '100', '1000', '65535', '2147483647', '-2147483648', '4294967296', '9223372036854775807', '-9223372036854775808', '18446744073709551615', '99999999999999999999', '1000000000', '0x1F', '0o17', '0b101', '1_000', "'a'", "'\\n'"];
const FLOAT_LITERALS = ['0.0', '1.5', '-2.25', '1e9', '1e308', '1e-320', '6.02e23', '.5', '1.', '0x1p-2'];
const STRING_LITERALS = ['""', '"a"', '"abc"', '" a b "', '"1.2.3"', '"v1.2.3-rc.1+b"', '">=1.0.0 <2"', '"%d %s %v %q %x %T %5.2f %-8s|"', '"a,b,c"', '"a.b.c"', '"{\\"a\\":1}"', '"[1,2]"', '"a: b\\nc: [1]"', '"2006-01-02T15:04:05Z"', '"1h30m"', '"10.0.0.0/8"', '"https://u:p@h:8/p?q=1#f"', '"ä€😀"', '"\\x00\\xff"', '"YWJj"', '"*"', '"**"', '"[a-z]+"', '"^a.*$"', '"(?i)A"', '"\\\\d{2,3}"', '"(unbalanced"', '"a|b"', '"{{ .Values.x }}"', '"{{"', '"t"', '"d"', '"b"', '`raw\\n`'];
const FIELDS = ['.', '$', '.Values', '.Values.a', '.Values.b.c', '.Values.list', '.Values.big', '.Values.str', '.Values.num', '.Values.missing.deep', '.Release.Name', '.Chart.Name', '.Capabilities.KubeVersion.Version', '.Files', '.Template.Name', '$.Values.a', '.a', '.b.c'];

const identArb = fc.constantFrom('x', 'y', 'v', 'k', 'i', '_');
const varArb = identArb.map((n) => `$${n}`);

/** An argument of a random Go type: int, float, string, bool, nil, a field, a variable, or a parenthesised pipeline. */
function argArb(pipeline: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...INT_LITERALS) },
    { weight: 2, arbitrary: fc.integer().map(String) },
    { weight: 2, arbitrary: fc.constantFrom(...FLOAT_LITERALS) },
    { weight: 4, arbitrary: fc.constantFrom(...STRING_LITERALS) },
    { weight: 2, arbitrary: fc.string({ maxLength: 12 }).map(goString) },
    { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'nil') },
    { weight: 4, arbitrary: fc.constantFrom(...FIELDS) },
    { weight: 2, arbitrary: varArb },
    { weight: 1, arbitrary: fc.constantFrom('(dict "a" 1 "b" (list 1 "x"))', '(list 1 2.5 "s" nil true)', '(list "b" "a")', '(dict)', '(list)', '(b64enc "x" | toBytes)') },
    { weight: 3, arbitrary: pipeline.map((p) => `(${p})`) },
  );
}

/** Random templates: text, actions with pipelines, control structures (balanced most of the time), definitions. */
function templateArb(maxDepth: number): fc.Arbitrary<string> {
  const g = fc.letrec<{ pipeline: string; command: string; action: string; node: string; body: string }>((tie) => ({
    command: fc.oneof(
      { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...CHEAP_FUNCTIONS), fc.array(argArb(tie('pipeline')), { maxLength: 4 })).map(([f, a]) => [f, ...a].join(' ')) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...EXPENSIVE), fc.array(argArb(tie('pipeline')), { maxLength: 3 })).map(([f, a]) => [f, ...a].join(' ')) },
      { weight: 2, arbitrary: argArb(tie('pipeline')) },
    ),
    pipeline: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      tie('command'),
      fc.tuple(fc.option(varArb, { nil: undefined }), fc.constantFrom(':=', '='), fc.array(tie('command'), { minLength: 1, maxLength: 3 })).map(([v, op, cs]) =>
        (v ? `${v} ${op} ` : '') + cs.join(' | '),
      ),
      fc.tuple(varArb, varArb, fc.array(tie('command'), { minLength: 1, maxLength: 2 })).map(([a, b, cs]) => `${a}, ${b} := ${cs.join(' | ')}`),
    ),
    action: fc.tuple(fc.boolean(), tie('pipeline'), fc.boolean()).map(([l, p, r]) => `{{${l ? '- ' : ' '}${p}${r ? ' -' : ' '}}}`),
    node: fc.oneof(
      { depthSize: 'small', maxDepth, withCrossShrink: true },
      fc.constantFrom('a: ', '\n', '  - ', 'x', ' ', '---\n', 'kind: ConfigMap\n', '{{/* c */}}', '{{- /* c */ -}}', '{{ . }}', '{{ $ }}', '{{ end }}', '{{ else }}', '{{ break }}', '{{ continue }}'),
      tie('action'),
      tie('action'),
      fc.tuple(tie('pipeline'), tie('body'), fc.option(tie('body'), { nil: undefined })).map(([p, b, e]) => `{{ if ${p} }}${b}${e !== undefined ? `{{ else }}${e}` : ''}{{ end }}`),
      fc.tuple(tie('pipeline'), tie('body'), tie('body')).map(([p, b, e]) => `{{- if ${p} -}}${b}{{- else if not (${p}) }}${e}{{ end -}}`),
      fc.tuple(tie('pipeline'), tie('body'), fc.option(tie('body'), { nil: undefined })).map(([p, b, e]) => `{{ range ${p} }}${b}${e !== undefined ? `{{ else }}${e}` : ''}{{ end }}`),
      fc.tuple(varArb, varArb, tie('pipeline'), tie('body')).map(([k, v, p, b]) => `{{ range ${k}, ${v} := ${p} }}${b}{{ if ${k} }}{{ break }}{{ end }}{{ continue }}{{ end }}`),
      fc.tuple(tie('pipeline'), tie('body'), fc.option(tie('body'), { nil: undefined })).map(([p, b, e]) => `{{ with ${p} }}${b}${e !== undefined ? `{{ else with .Values.a }}${e}` : ''}{{ end }}`),
      fc.tuple(fc.constantFrom('t', 'd', 'b', 'x'), tie('body')).map(([n, b]) => `{{ define ${goString(n)} }}${b}{{ end }}`),
      fc.tuple(fc.constantFrom('t', 'd', 'b', 'x', 'missing'), fc.option(tie('pipeline'), { nil: undefined })).map(([n, p]) => `{{ template ${goString(n)}${p ? ` ${p}` : ''} }}`),
      fc.tuple(fc.constantFrom('d', 'b', 'x'), tie('pipeline'), tie('body')).map(([n, p, b]) => `{{ block ${goString(n)} ${p} }}${b}{{ end }}`),
      fc.tuple(fc.constantFrom('d', 'b', 'x', 't', 'missing'), tie('pipeline')).map(([n, p]) => `{{ include ${goString(n)} (${p}) | nindent 2 }}`),
      tie('pipeline').map((p) => `{{ tpl (print "{{ " ${goString(p)} " }}") . }}`),
    ),
    body: fc.array(tie('node'), { maxLength: 4 }).map((ns) => ns.join('')),
  }));
  return g.body;
}

/** The grammar's templates broken as an editor sees them mid-typing: cut, spliced with bytes, actions left open. */
function halfTypedArb(maxDepth: number): fc.Arbitrary<string> {
  const edit = fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    del: fc.nat({ max: 12 }),
    insert: fc.oneof(
      fc.constantFrom('{{', '}}', '{{-', '-}}', '{{ if', '{{ end', '(', ')', '|', '"', '`', "'", ':=', '$', '.', ' ', '\n', '{{/*', '*/}}', '\u0000', '\ufffd', '\ud800', '😀', '-', '1e', '0x', '\\'),
      fc.string({ maxLength: 6 }),
      fc.constant(''),
    ),
  });
  return fc.tuple(templateArb(maxDepth), fc.array(edit, { minLength: 1, maxLength: 6 }), fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined })).map(([t, edits, cut]) => {
    let s = t;
    for (const e of edits) {
      const at = Math.floor(e.at * s.length);
      s = s.slice(0, at) + e.insert + s.slice(at + e.del);
    }
    return cut === undefined ? s : s.slice(0, Math.floor(cut * s.length));
  });
}

// ---- values ------------------------------------------------------------------------------------------------------

const keyArb = fc.oneof(fc.constantFrom('a', 'b', 'c', 'list', 'str', 'num', 'big', 'enabled', 'x', 'y', 'on', 'yes', '1', '<<', ''), fc.string({ maxLength: 6 }));

/** Random structures, written out as YAML by the yaml package (so the text is valid YAML). */
const structureArb: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', maxDepth: 5, withCrossShrink: true },
    fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 16 }), fc.constantFrom('1e3', '0x10', '~', 'null', 'yes', '2001-12-14t21:59:43.10-05:00', '1_000', '.inf', '-.nan', '0o17', '012')),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(keyArb, tie('v'), { maxKeys: 4 }),
  ),
})).v;

/** values.yaml texts: random structures, anchors and aliases (merge keys too), deep nesting, huge strings, broken YAML. */
const valuesArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.dictionary(keyArb, structureArb, { maxKeys: 6 }).map((o) => yamlStringify(o)) },
  {
    weight: 2,
    arbitrary: fc.tuple(structureArb, fc.nat({ max: 6 })).map(([v, n]) => {
      const base = yamlStringify({ v }).trimEnd().replace(/^v:/, 'a: &x');
      const uses = Array.from({ length: n }, (_, i) => (i % 2 ? `k${i}: *x` : `k${i}:\n  <<: *x\n  extra: ${i}`)).join('\n');
      return `${base}\nlist: [*x, *x]\n${uses}\n`;
    }),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((d) => `a: ${'['.repeat(d)}1${']'.repeat(d)}\n`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 300 }).map((d) => Array.from({ length: d }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n') },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2_000_000 }).map((n) => `big: ${'x'.repeat(n)}\nstr: "${'é'.repeat(n >> 4)}"\n`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '---\n---\n', 'a: [1', 'a: &a *a', 'a: *nope', '? [a]\n: b', '- 1\n- 2', 'a: !!binary aGk=', 'a: !!int x', '%YAML 1.1\n---\na: 1', 'a: 1\na: 2') },
);

// ---- hostile cases -----------------------------------------------------------------------------------------------

/** values.yaml whose aliases expand to 9^depth leaves (the "billion laughs" of YAML). */
function aliasBomb(depth: number): string {
  const lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= depth; i++) lines.push(`l${i}: &l${i} [${Array.from({ length: 9 }, () => `*l${i - 1}`).join(',')}]`);
  return lines.join('\n') + '\n';
}

const DEEP_DICT = '{{- $d := dict }}{{- range until 100000 }}{{ $d = dict "a" $d }}{{ end }}';
const BIG_MAP = '{{- $d := dict }}{{- range until 2000 }}{{ $_ := set $d (toString .) (list 1 2 3 4 5 6 7 8 9 10) }}{{ end }}';

interface Hostile {
  name: string;
  template: string;
  values?: string;
  mode?: 'templates' | 'chart';
}

const HOSTILE: Hostile[] = [
  { name: 'range until 1000000000', template: '{{ range until 1000000000 }}x{{ end }}' },
  { name: 'until inside nested ranges (10^5 × 10^5 × 10^3)', template: '{{ range until 100000 }}{{ range until 100000 }}{{ range until 1000 }}x{{ end }}{{ end }}{{ end }}' },
  { name: 'range over an integer 10^18 (Go 1.22+)', template: '{{ range 1000000000000000000 }}{{ end }}' },
  { name: 'untilStep 0 1000000000 1', template: '{{ untilStep 0 1000000000 1 | len }}' },
  { name: 'seq 1 1000000000', template: '{{ seq 1 1000000000 | len }}' },
  { name: 'unbounded include recursion', template: '{{ define "a" }}{{ include "a" . }}{{ end }}{{ include "a" . }}' },
  { name: 'mutual include recursion', template: '{{ define "a" }}x{{ include "b" . }}{{ end }}{{ define "b" }}{{ include "a" . }}{{ end }}{{ include "a" . }}' },
  { name: 'unbounded template recursion', template: '{{ define "a" }}{{ template "a" . }}{{ end }}{{ template "a" . }}' },
  { name: 'tpl of itself (values)', template: '{{ tpl .Values.t . }}', values: 't: "{{ tpl .Values.t . }}"\n' },
  { name: 'tpl inside include inside tpl', template: '{{ define "x" }}{{ tpl "{{ include \\"x\\" . }}" . }}{{ end }}{{ include "x" . }}' },
  { name: 'repeat 1000000000', template: '{{ repeat 1000000000 "abc" }}' },
  { name: 'output growth: 100 KB string printed 10^4 times', template: '{{ $s := repeat 10000 "abcdefghij" }}{{ range until 10000 }}{{ $s }}{{ end }}' },
  { name: 'output growth: a string doubled 40 times', template: '{{ $s := "ab" }}{{ range until 40 }}{{ $s = print $s $s }}{{ end }}{{ len $s }}' },
  { name: 'output growth: a list doubled 40 times (concat)', template: '{{ $d := list 1 }}{{ range until 40 }}{{ $d = concat $d $d }}{{ end }}{{ len $d }}' },
  { name: 'nested toYaml of a huge structure, 1000 times', template: `${BIG_MAP}{{ range until 1000 }}{{ toYaml $d }}{{ end }}` },
  { name: 'toYaml of a 100,000-deep dict', template: `${DEEP_DICT}{{ toYaml $d | len }}` },
  { name: 'toJson of a 100,000-deep dict', template: `${DEEP_DICT}{{ toJson $d | len }}` },
  { name: 'deepCopy of a 100,000-deep dict', template: `${DEEP_DICT}{{ deepCopy $d | len }}` },
  { name: 'printing a 100,000-deep list', template: '{{ $d := list }}{{ range until 100000 }}{{ $d = list $d }}{{ end }}{{ $d | len }}{{ printf "%v" $d | len }}' },
  { name: 'YAML alias bomb in values.yaml (9^9 leaves)', template: '{{ .Values.l9 | len }}', values: aliasBomb(9) },
  { name: 'YAML alias bomb in values.yaml, printed', template: '{{ toYaml .Values | len }}', values: aliasBomb(7) },
  { name: 'YAML alias bomb through fromYaml', template: '{{ fromYaml .Values.s | toJson | len }}', values: `s: |\n${aliasBomb(9).replace(/^/gm, '  ')}` },
  { name: 'a 10 MB template', template: `a: ${'x'.repeat(10 * 1024 * 1024)}\n` },
  { name: 'a 10 MB template of actions', template: '{{ "x" }}'.repeat(1_100_000) },
  { name: 'a binary template', template: Buffer.from(Uint8Array.from({ length: 1 << 16 }, (_, i) => (i * 7919) & 0xff)).toString('latin1') },
  { name: 'parentheses nested 100,000 deep', template: `{{ ${'('.repeat(100_000)}1${')'.repeat(100_000)} }}` },
  { name: 'if nested 50,000 deep', template: '{{ if true }}'.repeat(50_000) + 'x' + '{{ end }}'.repeat(50_000) },
  { name: 'range nested 20,000 deep', template: '{{ range list 1 }}'.repeat(20_000) + 'x' + '{{ end }}'.repeat(20_000) },
  { name: 'a pipeline of 100,000 commands', template: `{{ 1 ${'| print '.repeat(100_000)}}}` },
  { name: 'regexMatch "(a+)+$" on 30 a then b', template: '{{ regexMatch "(a+)+$" (repeat 30 "a" | printf "%sb") }}' },
  { name: 'regexMatch "(a|a)*c" on 40 a', template: '{{ regexMatch "(a|a)*c" (repeat 40 "a") }}' },
  { name: 'regexFindAll "(x+x+)+y" on 5000 x', template: '{{ regexFindAll "(x+x+)+y" (repeat 5000 "x") -1 | len }}' },
  { name: 'regexReplaceAll "(a*)*b" on 30,000 a', template: '{{ regexReplaceAll "(a*)*b" (repeat 30000 "a") "z" | len }}' },
  { name: 'regexSplit "(\\\\w+\\\\s?)*$" on 40 words then !', template: '{{ regexSplit "(\\\\w+\\\\s?)*$" (printf "%s!" (repeat 40 "ab ")) -1 | len }}' },
  { name: 'printf "%0*d" with width 10^9', template: '{{ printf "%0*d" 1000000000 1 }}' },
  { name: 'printf "%01000000000d"', template: '{{ printf "%01000000000d" 1 }}' },
  { name: 'printf "%.1000000000f"', template: '{{ printf "%.1000000000f" 1.5 }}' },
  { name: 'printf "%-*s" with width 10^9 in a loop', template: '{{ range until 1000 }}{{ printf "%-*s" 100000000 "x" }}{{ end }}' },
  { name: 'indent 1000000000', template: '{{ indent 1000000000 "a" }}' },
  { name: 'randAlphaNum 1000000000', template: '{{ randAlphaNum 1000000000 | len }}' },
  { name: 'substr / trunc with huge bounds', template: '{{ substr 0 1000000000 "abc" }}{{ trunc -1000000000 "abc" }}{{ trunc 1000000000 "abc" }}' },
  { name: 'wrap of a 2 MB string', template: '{{ wrap 1 (repeat 1000000 "a ") | len }}' },
  { name: 'replace "" in a 1 MB string', template: '{{ replace "" "xx" (repeat 1000000 "a") | len }}' },
  { name: 'splitList "" of a 10 MB string', template: '{{ splitList "" (repeat 10000000 "a") | len }}' },
  { name: 'sortAlpha of 10^6 items', template: '{{ sortAlpha (untilStep 0 1000000 1) | len }}' },
  { name: 'sha256sum of 1 KB, 10^5 times', template: '{{ range until 100000 }}{{ sha256sum (repeat 1000 "a") }}{{ end }}' },
  { name: 'bcrypt in a loop', template: '{{ range until 1000 }}{{ bcrypt "x" }}{{ end }}' },
  { name: 'genPrivateKey rsa in a loop', template: '{{ range until 100 }}{{ genPrivateKey "rsa" | len }}{{ end }}' },
  { name: 'genCA in a loop', template: '{{ range until 100 }}{{ (genCA "x" 365).Cert | len }}{{ end }}' },
  { name: 'derivePassword in a loop', template: '{{ range until 10000 }}{{ derivePassword 1 "long" "password" "user" "example.com" }}{{ end }}' },
  { name: 'atoi / float64 of a 10^6-digit number', template: '{{ atoi (repeat 1000000 "9") }} {{ float64 (repeat 1000000 "9") }}' },
  { name: 'semverCompare with a 100,000-part constraint', template: '{{ semverCompare (repeat 100000 "1 || ") "1.0.0" }}' },
  { name: 'b64dec of 10 MB', template: '{{ b64dec (repeat 10000000 "A") | len }}' },
  { name: '.Files.Glob with 10,000 stars', template: '{{ .Files.Glob (repeat 10000 "*") | len }}' },
  { name: '.Files.Glob "*a" × 30 (glob backtracking)', template: '{{ .Files.Glob (repeat 30 "*a") | len }}' },
  { name: 'dateModify by 10^12 hours', template: '{{ dateModify "1000000000000h" now }}' },
  { name: 'fromYaml of a 1000-deep flow', template: `{{ fromYaml ${goString(`a: ${'['.repeat(1000)}${']'.repeat(1000)}`)} | toJson | len }}` },
  { name: 'fromJson of a 100,000-deep array', template: `{{ fromJsonArray ${goString('['.repeat(100_000) + ']'.repeat(100_000))} | len }}` },
  { name: 'values.yaml nested 100,000 deep (flow)', template: '{{ .Values | len }}', values: `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` },
  { name: 'a 10 MB values.yaml string', template: '{{ .Values.s | len }}', values: `s: ${'y'.repeat(10 * 1024 * 1024)}\n` },
  // the same through Templates directly, where no Helm driver catches anything
  { name: 'Templates: range until 1000000000', template: '{{ range until 1000000000 }}x{{ end }}', mode: 'templates' },
  { name: 'Templates: unbounded template recursion', template: '{{ define "a" }}{{ template "a" . }}{{ end }}{{ template "a" . }}', mode: 'templates' },
  { name: 'Templates: unbounded include recursion', template: '{{ define "a" }}{{ include "a" . }}{{ end }}{{ include "a" . }}', mode: 'templates' },
  { name: 'Templates: parentheses nested 100,000 deep', template: `{{ ${'('.repeat(100_000)}1${')'.repeat(100_000)} }}`, mode: 'templates' },
  { name: 'Templates: a 100,000-deep dict printed', template: `${DEEP_DICT}{{ $d }}`, mode: 'templates' },
];

// ---- the suite -------------------------------------------------------------------------------------------------------

describe('fuzz: the built-in renderer fails only with its documented errors, in bounded time, without crashing', function () {
  this.timeout(600_000);
  const stats = new FuzzStats('renderer', CASE_BOUND_MS);
  const hostileStats = new FuzzStats('renderer hostile', HOSTILE_BOUND_MS);
  const worker = new RenderWorker();
  let slowest: { ms: number; what: string } = { ms: 0, what: '' };
  /** Outcomes by kind: how many inputs rendered, failed with a documented error, hung, … */
  const kinds = new Map<string, number>();

  after(async () => {
    await worker.close();
    stats.report();
    hostileStats.report();
    console.log(`    [fuzz] renderer: outcomes ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    console.log(`    [fuzz] renderer: ${FUNCTIONS.length} function names in the grammar; slowest case ${slowest.ms.toFixed(0)} ms: ${slowest.what.slice(0, 160)}`);
  });

  async function runCase(job: Job, boundMs: number, s: FuzzStats): Promise<void> {
    s.inputs++;
    const o = await worker.run(job, boundMs + HANG_GRACE_MS);
    const key = `${s.suite === 'renderer' ? 'random' : 'hostile'} ${o.kind}`;
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
    if (o.kind === 'hang' || o.kind === 'worker-died' || o.kind === 'undocumented') s.crashes++;
    if (o.ms > s.slowestMs) {
      s.slowestMs = o.ms;
      s.slowestWhat = describeJob(job).slice(0, 160);
    }
    if (o.ms > slowest.ms) slowest = { ms: o.ms, what: describeJob(job) };
    check(o, job, boundMs);
  }

  const property = (arb: fc.Arbitrary<Job>, numRuns: number, seed: number) =>
    fc.assert(
      fc.asyncProperty(arb, (job) => runCase(job, CASE_BOUND_MS, stats)),
      // A failing case may be a hang: no shrinking (each step could run to the kill); the case is printed whole.
      { numRuns: Math.max(1, Math.round(numRuns * RUNS)), seed, endOnFailure: true, verbose: 1 },
    );

  const job = (mode: Job['mode']) => (template: string, values: string): Job => ({ mode, template, values, timeoutMs: CASE_BUDGET_MS });

  it('grammar templates through Templates (parse + execute), random data', async () => {
    await property(fc.tuple(templateArb(4), valuesArb).map(([t, v]) => job('templates')(t, v)), 300, SEED);
  });

  it('grammar templates through renderChart on an in-memory chart, random values.yaml', async () => {
    await property(fc.tuple(templateArb(4), valuesArb).map(([t, v]) => job('chart')(t, v)), 150, SEED + 1);
  });

  it('half-typed templates: the grammar cut, spliced and left unbalanced', async () => {
    await property(
      fc.tuple(halfTypedArb(3), valuesArb, fc.boolean()).map(([t, v, chart]) => job(chart ? 'chart' : 'templates')(t, v)),
      200,
      SEED + 2,
    );
  });

  it('random bytes and random strings as templates', async () => {
    await property(
      fc.tuple(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b).toString('latin1')),
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.array(fc.constantFrom('{{', '}}', '-', ' ', '(', ')', '|', '$', '.', '"', 'if', 'end', 'range', 'define', 'x', ':=', '\n'), { maxLength: 60 }).map((a) => a.join('')),
        ),
        fc.boolean(),
      ).map(([t, chart]) => job(chart ? 'chart' : 'templates')(t, '')),
      150,
      SEED + 3,
    );
  });

  it('random values.yaml under a template that walks them (toYaml, toJson, range, printf)', async () => {
    const walker = '{{ toYaml .Values }}{{ toJson .Values }}{{ range $k, $v := .Values }}{{ $k }}={{ printf "%v %T" $v $v }}{{ end }}{{ .Values | len }}';
    await property(valuesArb.map((v) => job('chart')(walker, v)), 80, SEED + 4);
  });

  it('Helm 3 and 4.2 too: grammar templates on charts', async () => {
    await property(
      fc.tuple(templateArb(3), valuesArb, fc.constantFrom('3', '4.2') as fc.Arbitrary<'3' | '4.2'>).map(([t, v, helm]) => ({ ...job('chart')(t, v), helm })),
      60,
      SEED + 5,
    );
  });

  describe('hostile inputs (each stopped at the renderer\'s budget)', () => {
    for (const h of HOSTILE) {
      it(h.name, async () => {
        const j: Job = { mode: h.mode ?? 'chart', template: h.template, values: h.values ?? '', timeoutMs: HOSTILE_BUDGET_MS };
        await runCase(j, HOSTILE_BOUND_MS, hostileStats);
      });
    }
  });

  it('the grammar reaches every function of the renderer\'s tables', () => {
    for (const f of ['include', 'tpl', 'toYaml', 'regexMatch', 'printf', 'semverCompare', 'genCA', 'lookup', 'index', 'slice', 'call']) {
      assert.ok(FUNCTIONS.includes(f), `${f} is in the grammar`);
    }
    assert.ok(FUNCTIONS.length > 150, `${FUNCTIONS.length} functions`);
  });
});
