/**
 * The Go regexp engine of the Sprig regex functions: the Pike VM (regexVm.ts) against real Helm on catastrophic
 * patterns and match-loop edge cases, and against the JS RegExp twin on random backtrack-safe patterns.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import { GoError, GoPanic, GoValue, RenderBudgetError } from '../../server/src/engine/render/goValue';
import { RenderBudget } from '../../server/src/engine/render/budget';
import { compileGoRegexp, goRegexpOps, jsExec, regexEngine, sprigRegexFor } from '../../server/src/engine/render/sprig/regex';
import { vmExec } from '../../server/src/engine/render/sprig/regexVm';
import { HelmKey, helmEval } from './helmOracle';

const ctx = { charge: (): void => undefined };
const table = sprigRegexFor('4');

interface Call {
  fn: string;
  args: (string | bigint)[];
  /** Template expression of the input when it is large (e.g. `(repeat 5000 "a")`). */
  rawInput?: string;
}

const lit = (a: string | bigint): string => (typeof a === 'bigint' ? a.toString() : JSON.stringify(a));

function templateOf(c: Call): string {
  const args = c.args.map(lit);
  if (c.rawInput) args[1] = c.rawInput;
  return `{{ ${c.fn} ${args.join(' ')} }}`;
}

function show(v: GoValue): string {
  if (Array.isArray(v)) return '[' + v.map(show).join(' ') + ']';
  return String(v);
}

function ours(c: Call, key: HelmKey = '4'): string {
  try {
    return 'OK ' + show((key === '4' ? table : sprigRegexFor(key))[c.fn].call(c.args, ctx));
  } catch (e) {
    if (e instanceof GoError || e instanceof GoPanic) return 'ERR ' + e.message;
    throw e;
  }
}

function theirs(r: { ok: true; output: string } | { ok: false; error: string }): string {
  if (r.ok) return 'OK ' + r.output;
  const m = /.*error calling \w+: ([\s\S]*?)\n\nUse --debug/.exec(r.error);
  return 'ERR ' + (m ? m[1].replace(/\n+$/, '') : r.error);
}

const C = (fn: string, ...args: (string | bigint)[]): Call => ({ fn, args });
const big = (fn: string, re: string, s: string, raw: string, ...rest: (string | bigint)[]): Call => ({ fn, args: [re, s, ...rest], rawInput: raw });

const A30B = 'a'.repeat(30) + 'b';
const A5000 = 'a'.repeat(5000);
const WORDS = 'word '.repeat(2000) + '!';

/** Patterns that backtrack exponentially or polynomially in JS; Go answers them in linear time. */
const CATASTROPHIC: Call[] = [
  big('regexMatch', '(a+)+$', A30B, '(repeat 30 "a" | printf "%sb")'),
  big('regexMatch', '^(a+)+$', A30B, '(repeat 30 "a" | printf "%sb")'),
  big('regexMatch', '(a|aa)*c', A5000, '(repeat 5000 "a")'),
  big('regexFind', '(a|aa)*c', A5000, '(repeat 5000 "a")'),
  big('regexMatch', '(x+x+)+y', 'x'.repeat(40), '(repeat 40 "x")'),
  big('regexMatch', '^(\\w+\\s?)*$', WORDS, '(repeat 2000 "word " | printf "%s!")'),
  big('regexFind', '(a*)*b', A5000, '(repeat 5000 "a")'),
  big('regexMatch', '(.*a){20}', 'a'.repeat(200), '(repeat 200 "a")'),
  big('regexReplaceAll', '(a|a?)+b', A30B.slice(0, 20) + 'c', '(repeat 20 "a" | printf "%sc")', '<$1>'),
  big('regexFindAll', '(?:a+)+b', 'a'.repeat(3000), '(repeat 3000 "a")', -1n),
  big('regexSplit', '(a|aa)+$', 'a'.repeat(2000) + 'b', '(repeat 2000 "a" | printf "%sb")', -1n),
  big('regexMatch', '^([a-z0-9]+-?)+\\.example\\.com$', 'a'.repeat(40) + '!', '(repeat 40 "a" | printf "%s!")'),
];

/** Submatch, empty-match, FindAll, Split and ReplaceAll edge cases (both engines, against Helm). */
const EDGES: Call[] = [
  C('regexReplaceAll', '(a*)*', 'b', '<$1>'), C('regexReplaceAll', '(a*)+', 'b', '<$1>'), C('regexReplaceAll', '(a|b)*', 'ab', '<$1>'),
  C('regexReplaceAll', '(?:(a)|b)*', 'ab', '<$1>'), C('regexReplaceAll', '(?:(a)|(b))+', 'abab', '<$1|$2>'), C('regexFind', '(|a)*', 'aa'),
  C('regexFind', '(|a)+', 'aa'), C('regexFind', '(?:a??)*', 'aa'), C('regexFind', '(?:^|a)*', 'aa'), C('regexFind', '(?:\\b|a)*', 'aa'),
  C('regexReplaceAll', '(a*)+$', 'aab', '<$1>'), C('regexReplaceAll', '(a?)*?b', 'aab', '<$1>'), C('regexReplaceAll', '(a){2}', 'aaa', '<$1>'),
  C('regexReplaceAll', '(?:(a)|b){2}', 'ab', '<$1>'), C('regexReplaceAll', '(a){0}b', 'ab', '<$1>'), C('regexReplaceAll', '(a)|(b)', 'ab', '[$1$2]'),
  C('regexReplaceAll', '(a)?(b)', 'b', '[$1|$2]'), C('regexReplaceAll', '(a?)?b', 'b', '[$1]'), C('regexReplaceAll', '((a)|b)+', 'ab', '[$1$2]'),
  C('regexReplaceAll', '(?P<x>a)|(?P<x>b)', 'ab', '[$x]'), C('regexReplaceAll', '(a)(?:x|(b))*', 'abxb', '[$2]'),
  C('regexFindAll', 'a*?', 'baaa', -1n), C('regexFindAll', 'a??', 'aa', -1n), C('regexFindAll', '\\b', 'ab cd', -1n), C('regexFindAll', '$', 'ab', -1n),
  C('regexFindAll', '(?m)^', 'a\nb\n', -1n), C('regexFindAll', 'a|', 'bab', -1n), C('regexFindAll', '|a', 'bab', -1n), C('regexFindAll', 'x*', '☺x😀', -1n),
  C('regexFindAll', '.', '😀a', 1n), C('regexFindAll', '(?U)a+', 'aaa', -1n), C('regexFindAll', '\\B', 'ab c', -1n),
  C('regexSplit', 'a*', 'baaacad', -1n), C('regexSplit', '', '☺😀x', -1n), C('regexSplit', 'x*', 'axxb', 3n), C('regexSplit', '$', 'ab', -1n),
  C('regexSplit', '^', 'ab', -1n), C('regexSplit', 'b', 'bab', -1n), C('regexSplit', '\\s*,\\s*', 'a , b,c ,', -1n),
  C('regexReplaceAll', 'a*', 'baaac', '-'), C('regexReplaceAll', '', '😀a', '-'), C('regexReplaceAll', 'x*', 'axxb', '[$0]'), C('regexReplaceAll', '\\b', 'ab cd', '|'),
  C('regexReplaceAll', '(?m)$', 'a\nb', '!'), C('regexReplaceAllLiteral', 'a*', 'baaac', '$0'), C('regexReplaceAll', '(?i)ß', 'ẞß', 'x'),
  C('regexReplaceAll', '(?i)[^k]', 'kK\u212ax', '.'), C('regexFind', '(?i)\\W', 'k\u212a!'), C('regexFind', '(?i)\\w+', '\u017fk'),
  C('regexFind', '(a+)(b+)?', 'aaab'), C('regexFind', '(a|ab)(c|bcd)(d*)', 'abcd'), C('regexReplaceAll', '(a|ab)(c|bcd)(d*)', 'abcd', '[$1|$2|$3]'),
  C('regexReplaceAll', '(a+?)(a*)', 'aaa', '[$1|$2]'), C('regexReplaceAll', '(?U)(a+)(a*)', 'aaa', '[$1|$2]'), C('regexReplaceAll', '(a{2,3}?)(a*)', 'aaaa', '[$1|$2]'),
  C('regexMatch', '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', 'my-release-1'), C('regexMatch', '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', 'my-release-'),
  C('regexReplaceAll', '^(?:([^/]+)/)?([^:@]+)(?::([^@]+))?(?:@(.+))?$', 'ghcr.io/org/app:1.2.3@sha256:abc', '$1|$2|$3|$4'),
  C('regexReplaceAll', '^([^:]+):(\\d+)$', 'db.example.com:5432', '$1 $2'),
  C('regexReplaceAll', '^v?(\\d+)\\.(\\d+)\\.(\\d+)(?:-([0-9A-Za-z.-]+))?(?:\\+([0-9A-Za-z.-]+))?$', 'v1.22.3-rc.1+build.5', '$1|$2|$3|$4|$5'),
];

function runAll(calls: Call[]): string[] {
  return calls.map((c) => ours(c));
}

describe('Go regexp engine: the Pike VM', function () {
  this.timeout(300000);
  let helm: string[] = [];

  before(function () {
    helm = helmEval([...CATASTROPHIC, ...EDGES].map((c) => ({ template: templateOf(c) })), '4').map(theirs);
  });

  afterEach(function () {
    regexEngine.fastPath = true;
  });

  it('answers catastrophic patterns as Go does, in milliseconds', function () {
    const want = helm.slice(0, CATASTROPHIC.length);
    for (const [i, c] of CATASTROPHIC.entries()) {
      const t0 = process.hrtime.bigint();
      const got = ours(c);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      assert.strictEqual(got, want[i], templateOf(c));
      assert.ok(ms < 300, `${templateOf(c)} took ${ms.toFixed(1)} ms`);
    }
  });

  for (const fast of [true, false]) {
    it(`matches Helm on submatch, empty-match, FindAll, Split and ReplaceAll edge cases (fast path ${fast ? 'on' : 'off'})`, function () {
      regexEngine.fastPath = fast;
      const want = helm.slice(CATASTROPHIC.length);
      const got = runAll(EDGES);
      const diffs = EDGES.map((c, i) => (got[i] === want[i] ? '' : `${templateOf(c)}\n  ours:  ${got[i]}\n  helm:  ${want[i]}`)).filter(Boolean);
      assert.deepStrictEqual(diffs, []);
    });
  }

  it('matches Helm 3 and Helm 4.2 on the same edge cases (VM only)', function () {
    regexEngine.fastPath = false;
    for (const key of ['3', '4.2'] as const) {
      const want = helmEval(EDGES.map((c) => ({ template: templateOf(c) })), key).map(theirs);
      const diffs = EDGES.map((c, i) => (ours(c, key) === want[i] ? '' : `${key}: ${templateOf(c)}: ${ours(c, key)} vs ${want[i]}`)).filter(Boolean);
      assert.deepStrictEqual(diffs, []);
    }
  });

  it('stops a huge input with the render budget error', function () {
    const budget = new RenderBudget({ maxSteps: 1_000_000 });
    const s = 'a'.repeat(200000);
    assert.throws(() => table.regexMatch.call(['(a|aa)*c', s], budget), RenderBudgetError);
    const b2 = new RenderBudget({ maxSteps: 1_000_000 });
    assert.throws(() => table.regexReplaceAll.call(['(a|b)*?c', s, 'x'], b2), RenderBudgetError);
  });

  it('charges the budget in proportion to the work', function () {
    const small = new RenderBudget();
    table.regexMatch.call(['(a|aa)*c', 'a'.repeat(100)], small);
    const large = new RenderBudget();
    table.regexMatch.call(['(a|aa)*c', 'a'.repeat(10000)], large);
    assert.ok(large.steps > 50 * small.steps, `${small.steps} vs ${large.steps}`);
  });

  it('takes the JS fast path only for backtrack-safe patterns', function () {
    for (const p of ['^[a-z0-9-]+$', '^v?[0-9]+\\.[0-9]+', '^([^:]+):(\\d+)$', '(?i)hello', 'a{2,5}b', '(ab)?c']) {
      assert.ok(compileGoRegexp(p).fast, p);
    }
    for (const p of ['(a+)+$', '(a|aa)*c', '(a*)*', '(?:ab)*', '(a)*', '(a?)?', '(?:(a)|b){2}', '(?:a|b){2,}', '(?i)\\bk']) {
      assert.strictEqual(compileGoRegexp(p).fast, null, p);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// differential property test: VM vs the JS twin on random backtrack-safe patterns

const atom = fc.constantFrom('a', 'b', 'x', '.', '[ab]', '[^a]', '\\d', '\\w', '\\s', '[a-c]', '(?i:A)', '\\.', '-');
const quant = fc.constantFrom('', '', '', '*', '+', '?', '*?', '+?', '??', '{2}', '{1,3}', '{0,2}?', '{2,}');
const piece: fc.Arbitrary<string> = fc.tuple(atom, quant).map(([a, q]) => a + q);
const anchor = fc.constantFrom('^', '$', '\\b', '\\B', '(?m:^)', '(?m:$)', '\\A', '\\z');

const { pattern } = fc.letrec<{ pattern: string; group: string; seq: string }>((tie) => ({
  seq: fc.array(fc.oneof({ weight: 5, arbitrary: piece }, { weight: 1, arbitrary: anchor }, { weight: 2, arbitrary: tie('group') }), { minLength: 1, maxLength: 4 }).map((a) => a.join('')),
  group: fc
    .tuple(fc.constantFrom('(', '(?:', '(?P<n>'), fc.array(tie('seq'), { minLength: 1, maxLength: 3 }), fc.constantFrom(')', ')?', ')??', '){2}', '){0,1}'))
    .map(([open, alts, close]) => open + alts.join('|') + close),
  pattern: fc.array(tie('seq'), { minLength: 1, maxLength: 3 }).map((a) => a.join('|')),
}));
const input = fc.array(fc.constantFrom('a', 'b', 'x', '1', ' ', '\n', '.', '-', 'A', 'é', '😀'), { maxLength: 12 }).map((a) => a.join(''));

describe('Go regexp engine: VM vs JS RegExp on random safe patterns', function () {
  this.timeout(120000);

  it('gives the same matches and submatch positions at every start (inputs without surrogates)', function () {
    let checked = 0;
    fc.assert(
      fc.property(pattern, input, (p, s) => {
        let g;
        try {
          g = compileGoRegexp(p);
        } catch {
          return true; // e.g. a repetition the parser refuses; not a matching question
        }
        // Inputs with surrogate pairs never take the fast path (V8 may start a search inside a pair).
        if (!g.fast || /[\ud800-\udfff]/.test(s)) return true;
        checked++;
        const ncap = 2 * g.names.length;
        for (let pos = 0; pos <= s.length; pos++) {
          for (const n of [0, 2, ncap]) {
            const js = jsExec(g, s, pos, n);
            const vm = vmExec(g.prog, s, pos, n);
            assert.deepStrictEqual(vm, js, `${p} on ${JSON.stringify(s)} at ${pos} (ncap ${n})`);
          }
        }
        return true;
      }),
      { numRuns: 5000 },
    );
    assert.ok(checked > 1000, `only ${checked} safe patterns`);
  });

  it('gives the same FindAll, ReplaceAll and Split results with and without the fast path', function () {
    fc.assert(
      fc.property(pattern, input, (p, s) => {
        let g;
        try {
          g = compileGoRegexp(p);
        } catch {
          return true;
        }
        const run = (): unknown => [
          goRegexpOps.findAllSubmatchIndex(g, s, -1),
          goRegexpOps.replaceAll(g, s, '<$1$n>'),
          goRegexpOps.split(g, s, -1),
        ];
        regexEngine.fastPath = true;
        const a = run();
        regexEngine.fastPath = false;
        const b = run();
        regexEngine.fastPath = true;
        assert.deepStrictEqual(b, a, `${p} on ${JSON.stringify(s)}`);
        return true;
      }),
      { numRuns: 2000 },
    );
  });
});
