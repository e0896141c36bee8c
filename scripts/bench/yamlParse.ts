/**
 * Micro-benchmark and differential check for the renderer's YAML parser (server/src/engine/render/yaml/goYaml.ts).
 *
 *   node out/scripts/bench/yamlParse.js check            every values.yaml / Chart.yaml of the corpus, plus 2,000
 *                                                        mutated variants and some hand-written edge cases: the
 *                                                        optimized parser must give deep-equal results (key order
 *                                                        included) and identical errors to goYamlReference.ts
 *   node out/scripts/bench/yamlParse.js bench [new|ref|both] [N]
 *                                                        the N (default 5) largest corpus values files: first parse
 *                                                        in a fresh process (median of 5 child processes), warm
 *                                                        parse (median of 30), bytes allocated and GC time per parse
 *
 * goYamlReference.ts is a frozen copy of the parser before it was optimized; it is only used here. Build with
 * `npx tsc -p .` first. On a loaded machine compare the cpu columns (process CPU time) and run A/B in one go
 * (`bench both`): wall times there mostly measure waiting for a core.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PerformanceObserver, performance } from 'perf_hooks';

const CORPUS = process.env.YAML_BENCH_CORPUS ?? '/work/shared/corpus/charts';

type Impl = typeof import('../../server/src/engine/render/yaml/goYaml');

function loadImpl(which: 'new' | 'ref'): Impl {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return which === 'new' ? require('../../server/src/engine/render/yaml/goYaml') : require('./goYamlReference');
}

function findFiles(dir: string, names: Set<string>, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findFiles(p, names, out);
    else if (names.has(e.name)) out.push(p);
  }
  return out.sort();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// ---------------------------------------------------------------------------------------------------------------
// Differential check
// ---------------------------------------------------------------------------------------------------------------

/** Deep equality of decoded values, Map key order included; numbers by Object.is (NaN, -0). */
function sameValue(a: unknown, b: unknown, where: string): string | undefined {
  if (typeof a !== typeof b) return `${where}: ${typeof a} vs ${typeof b}`;
  if (a === null || b === null || typeof a !== 'object') {
    return Object.is(a, b) ? undefined : `${where}: ${String(a)} vs ${String(b)}`;
  }
  if (a instanceof Map) {
    if (!(b instanceof Map)) return `${where}: Map vs ${b?.constructor?.name}`;
    if (a.size !== b.size) return `${where}: map size ${a.size} vs ${b.size}`;
    const ka = [...a.keys()];
    const kb = [...b.keys()];
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] !== kb[i]) return `${where}: key #${i} ${JSON.stringify(ka[i])} vs ${JSON.stringify(kb[i])}`;
      const d = sameValue(a.get(ka[i]), b.get(kb[i]), `${where}.${ka[i]}`);
      if (d) return d;
    }
    return undefined;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) return `${where}: array vs ${b?.constructor?.name}`;
    if (a.length !== b.length) return `${where}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = sameValue(a[i], b[i], `${where}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a.constructor !== (b as object).constructor) return `${where}: ${a.constructor?.name} vs ${(b as object).constructor?.name}`;
  return sameValue(Object.entries(a), Object.entries(b as object), where + '{}');
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

function run(f: () => unknown): Outcome {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    const name = e instanceof Error ? e.constructor.name : typeof e;
    return { ok: false, error: `${name}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The Chart.yaml target as the chart loader binds it (strings where chart.Metadata has strings). */
const CHART_TARGET = {
  struct: {
    name: 'string',
    version: 'string',
    appVersion: 'string',
    kubeVersion: 'string',
    description: 'string',
    type: 'string',
    apiVersion: 'string',
    keywords: { slice: 'string' },
    annotations: { map: 'string' },
    dependencies: { slice: { struct: { name: 'string', version: 'string', repository: 'string', condition: 'string' } } },
  },
} as const;

function compareOne(newImpl: Impl, refImpl: Impl, text: string): string | undefined {
  const cases: [string, (m: Impl) => unknown][] = [
    ['parseYaml', (m) => m.parseYaml(text)],
    ['parseYamlDocuments', (m) => m.parseYamlDocuments(text)],
    ['parseYamlInto', (m) => m.parseYamlInto(text, CHART_TARGET)],
    ['fromYaml', (m) => m.fromYaml(text)],
    ['fromYamlArray', (m) => m.fromYamlArray(text)],
  ];
  for (const [name, f] of cases) {
    const a = run(() => f(newImpl));
    const b = run(() => f(refImpl));
    if (a.ok !== b.ok) {
      return `${name}: new ${a.ok ? 'ok' : 'error ' + (a as { error: string }).error}, reference ${b.ok ? 'ok' : 'error ' + (b as { error: string }).error}`;
    }
    if (!a.ok || !b.ok) {
      if (!a.ok && !b.ok && a.error !== b.error) return `${name}: error\n  new: ${a.error}\n  ref: ${b.error}`;
      continue;
    }
    const d = sameValue(a.value, b.value, name);
    if (d) return d;
  }
  return undefined;
}

/** A deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = [
  ':', ': ', '-', '- ', '#', ' #', "'", '"', '\t', '\n', '[', ']', '{', '}', '&a ', '*a', '!', '!!str ', '!!int ', '|',
  '>', '|-', '>+', '%', '@', '`', ',', '?', '? ', '\\', '\\x4', '\\u00e9', '  ', '\r\n', '---\n', '...\n', '<<: *a',
  'é', '\u{1F600}', '\u2028', '\u0085', '\u0001', '~', 'null', 'yes', '0x1F', '0o17', '1_000', '.5', '1e3', '.inf',
  '2001-12-14', '&a [1, 2]', '*b', 'key: value', '- item', '"\\n"', "''", '{a: 1, b: [2]}', '\ufeff',
];

function mutate(text: string, r: () => number): string {
  const lines = text.split('\n');
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) {
    const li = Math.floor(r() * lines.length);
    const line = lines[li] ?? '';
    const col = Math.floor(r() * (line.length + 1));
    switch (Math.floor(r() * 8)) {
      case 0:
      case 1:
        lines[li] = line.slice(0, col) + INSERTS[Math.floor(r() * INSERTS.length)] + line.slice(col);
        break;
      case 2:
        lines[li] = line.slice(0, col) + line.slice(col + 1 + Math.floor(r() * 3));
        break;
      case 3:
        lines[li] = (r() < 0.5 ? ' ' : '  ') + line;
        break;
      case 4:
        lines[li] = line.replace(/^ {1,2}/, '');
        break;
      case 5:
        lines.splice(li, 0, line);
        break;
      case 6:
        lines.splice(li, 1);
        break;
      default: {
        const lj = Math.floor(r() * lines.length);
        [lines[li], lines[lj]] = [lines[lj], line];
      }
    }
  }
  return lines.join('\n');
}

/** Hand-written cases for the paths a corpus rarely takes (anchors, merges, tags, escapes, errors, bombs). */
const EDGE_CASES: string[] = [
  '',
  '\n',
  '# only a comment',
  '---\n...\n',
  'a: 1\n---\nb: 2\n',
  '%YAML 1.1\n%TAG !e! tag:example.com,2000:\n--- !e!foo\na: 1\n',
  '%YAML 1.2\n---\na: 1\n',
  'base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n',
  'a: &a [1, 2]\nb: *a\nc: *missing\n',
  'a: &a {b: *a}\n',
  'm: &m {a: 1}\nn: {<<: [*m, {b: 2}], c: 3}\n',
  'n: {<<: 1}\n',
  'n: {<<: [1]}\n',
  '? [1, 2]\n: complex\n',
  '? {a: 1}\n: complex\n',
  '1: int key\n1.5: float key\ntrue: bool key\n~: null key\n0x10: hex\n',
  'a: !!binary aGVsbG8=\nb: !!str 12\nc: !!int "12"\nd: !!float 1\ne: !!int x\n',
  'a: !!binary "not base64!"\n',
  'a: !custom 1\nb: !<tag:yaml.org,2002:str> 2\nc: !e!x 3\n',
  'a: "esc \\t \\n \\x41 \\u00e9 \\U0001F600 \\N \\_ \\L \\P \\/ "\n',
  'a: "bad \\q"\n',
  'a: "\\ud800"\n',
  "a: 'it''s'\nb: 'multi\n  line\n\n  folded'\n",
  'a: "multi\n  line \\\n  cont"\n',
  'a: |\n  lit\n   more\n\n  end\nb: >-\n  fold\n  ed\n\n  para\nc: |+\n  keep\n\nd: |2\n    indented\n',
  'a: |0\n  x\n',
  'a: |\n\tx\n',
  'a: plain\n  continued\n\n  para\n   deeper\nb: x # comment\n',
  'a: b: c\n',
  'a:\n- 1\n- 2\nb:\n  - x\n  -\n  - y: 1\n    z: 2\n',
  '- a\n- b: c\n  d: e\n- - nested\n  - seq\n',
  '[1, 2, {a: b}, [c], d: e, ? f : g]\n',
  '{a: 1, b, c: , : d}\n',
  '{a: 1\n',
  '[1, 2\n',
  'a: 1\n b: 2\n',
  'a:\n  b: 1\n c: 2\n',
  'key: "unterminated\n',
  'a: @x\n',
  'a: `x\n',
  '\ta: 1\n',
  'a:\n\t- 1\n',
  'a: 1\n\u0001\n',
  'a: .nan\nb: .inf\n',
  'a: 1e400\n',
  'a: 0b101\nb: -0b11\nc: 0o17\nd: 0777\ne: 1_000\nf: +12\ng: 9223372036854775808\nh: 18446744073709551616\n',
  'a: 2001-12-14t21:59:43.10-05:00\nb: 2001-12-14 21:59:43.10\nc: 2002-12-14\nd: 2002-02-30\n',
  'a: y\nb: n\nc: on\nd: OFF\ne: Yes\nf: ~\ng: Null\n',
  'appVersion: 1.10\nversion: 1.0.0\nname: 12\nkeywords: [1, true, 1.5]\nannotations: {a: 1}\n',
  'x: ' + '[' .repeat(50) + ']'.repeat(50) + '\n',
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n',
  'k' + 'x'.repeat(1100) + ': v\n',
  '"k' + 'x'.repeat(1100) + '": v\n',
  'a: 1\r\nb:\r\n  - 2\r\n',
  '\ufeffa: 1\n',
  'é: ü\n😀: "\u{1F600}"\n',
  'a: x\u2028y\nb: 1\u0085\n',
  '- ? a\n  : b\n',
  'a: - b\n',
  '- a\nb: c\n',
  'a: !!null ""\nb: !!bool yes\nc: !!timestamp 2001-01-01\nd: !!merge <<\n',
  '!!map {a: 1}',
  '!!seq [1]',
  '*a',
  '&a',
  'a: &x\nb: *x\n',
  '? - a\n',
  ': v\n',
  '- : v\n',
  'a:\n  - b\n  c: d\n',
  'a: [b, c]: d\n',
  "a: 'x' y\n",
  '{a: [}',
  '---\n--- a\n...\n--- b\n',
  'a: 1 # c\n# c\n  # c\nb: 2\n',
  'a:\n  # comment\n\n  b: 1\n',
  '  # leading\n\n\na: 1\n',
  'a: \ud800\n',
  'a: x\udc00y\n',
  '\u{1F600}: [\u{1F600}, "\u{1F600}\\t", \'\u{1F600}\']\n\u{1F600}\u{1F600}: |\n  \u{1F600}\n',
  '\u{1F600}'.repeat(600) + 'k: v\n',
  'a: b\n\u{1F600}\u{1F600} c: d: e\n',
  '- \u{1F600}\n  \u{1F600}: x\n',
  'a: \u{1F600} &x\n',
  'a: 1\n\u00a0b: 2\n',
  'a: \u007f\n',
  // Key order where UTF-16 and UTF-8 disagree (a surrogate pair against U+E000 and up), from the text and from escapes.
  '"\\U0001F600": 1\n"\\uE000": 2\n"\\uFFFD": 3\nz: 4\n',
  '\u{1F600}: 1\n\ue000: 2\n\ufffd: 3\nz: 4\n',
  '\ue000: 2\n"\\ud7ff": 1\nb: {\ufffd: 1, "\\U00010000": 2}\n',
  // Plain scalars against flow indicators and breaks.
  'a: [a?b, c[d, e]f, g{h}, i:j, k: l, m,n]\n',
  '{a?b: c, d]e: f}\n',
  'a: b?c[d]e{f}g,h\u0085i\u2028j\u2029k\n',
  'a: x:y z:\tw\n',
  // Ints around the direct path's small-decimal shortcut.
  '0: a\n-0: b\n00: c\n1: d\n-1: e\n123456789012345: f\n1234567890123456: g\n-123456789012345: h\n+1: i\n09: j\n',
  '- [0, -0, 00, 1, -1, 123456789012345, 1234567890123456, -123456789012345, +1, 09, 1_0, 0x10, 1.0, 9223372036854775807]\n',
];

function check(): void {
  const newImpl = loadImpl('new');
  const refImpl = loadImpl('ref');
  const files = findFiles(CORPUS, new Set(['values.yaml', 'Chart.yaml']));
  let failures = 0;
  let checked = 0;
  let errors = 0;
  const report = (label: string, text: string, d: string): void => {
    failures++;
    if (failures <= 20) {
      console.log(`MISMATCH ${label}: ${d}`);
      if (text.length < 400) console.log('  input: ' + JSON.stringify(text));
    }
  };
  const one = (label: string, text: string): void => {
    checked++;
    const d = compareOne(newImpl, refImpl, text);
    if (d) report(label, text, d);
    if (!run(() => refImpl.parseYaml(text)).ok) errors++;
  };
  for (const f of files) one(path.relative(CORPUS, f), fs.readFileSync(f, 'utf8'));
  EDGE_CASES.forEach((t, i) => one(`edge case #${i}`, t));
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const r = rng(20261206);
  for (let i = 0; i < 2000; i++) {
    const fi = Math.floor(r() * texts.length);
    let t = texts[fi];
    // Half the variants are a window of ~40 lines (more distinct syntax per millisecond), half the whole file.
    if (i % 2 === 0) {
      const lines = t.split('\n');
      const from = Math.floor(r() * lines.length);
      t = lines.slice(from, from + 10 + Math.floor(r() * 60)).join('\n');
    }
    one(`mutant #${i} of ${path.relative(CORPUS, files[fi])}`, mutate(t, r));
  }
  console.log(
    `${checked} inputs (${files.length} corpus files, ${EDGE_CASES.length} edge cases, 2000 mutants; ${errors} of them errors): ` +
      (failures === 0 ? 'all identical' : `${failures} MISMATCHES`),
  );
  if (failures > 0) process.exitCode = 1;
}

// ---------------------------------------------------------------------------------------------------------------
// Timing
// ---------------------------------------------------------------------------------------------------------------

/** Child process: load the module, parse the file once, print the times (module load, parse) in ms. */
function coldChild(which: 'new' | 'ref', file: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const t0 = performance.now();
  const m = loadImpl(which);
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  m.parseYaml(text);
  const c2 = process.cpuUsage(c1);
  const t2 = performance.now();
  process.stdout.write(JSON.stringify({ load: t1 - t0, parse: t2 - t1, cpu: (c2.user + c2.system) / 1000 }));
}

/**
 * Child process run with a young generation big enough that no GC happens during a parse: the heap growth over one
 * parse (after three to warm up) is what it allocated. Prints KB.
 */
function allocChild(which: 'new' | 'ref', file: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const m = loadImpl(which);
  for (let i = 0; i < 3; i++) m.parseYaml(text);
  const before = process.memoryUsage().heapUsed;
  m.parseYaml(text);
  const after = process.memoryUsage().heapUsed;
  process.stdout.write(String(Math.round((after - before) / 1024)));
}

interface Row {
  file: string;
  kb: number;
  coldMs: number;
  coldCpuMs: number;
  warmMs: number;
  warmCpuMs: number;
  allocKb: number;
  gcMs: number;
}

async function measure(which: 'new' | 'ref', files: string[]): Promise<Row[]> {
  const m = loadImpl(which);
  const rows: Row[] = [];
  let gcTime = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcTime += e.duration;
  });
  obs.observe({ entryTypes: ['gc'] });
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const colds: number[] = [];
    const coldCpus: number[] = [];
    for (let i = 0; i < 5; i++) {
      const out = JSON.parse(execFileSync(process.execPath, [__filename, 'cold', which, file], { encoding: 'utf8' }));
      colds.push(out.parse);
      coldCpus.push(out.cpu);
    }
    for (let i = 0; i < 10; i++) m.parseYaml(text);
    const warms: number[] = [];
    const warmCpus: number[] = [];
    const gc0 = gcTime;
    const runs = 30;
    for (let i = 0; i < runs; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      m.parseYaml(text);
      const t1 = performance.now();
      const c1 = process.cpuUsage(c0);
      warms.push(t1 - t0);
      warmCpus.push((c1.user + c1.system) / 1000);
    }
    // GC entries are delivered asynchronously.
    await new Promise((r) => setTimeout(r, 50));
    const allocOut = execFileSync(
      process.execPath,
      ['--min-semi-space-size=256', '--max-semi-space-size=256', __filename, 'alloc', which, file],
      { encoding: 'utf8' },
    );
    const allocKb = Number(allocOut);
    rows.push({
      file: path.relative(CORPUS, file),
      kb: Math.round(text.length / 1024),
      coldMs: median(colds),
      coldCpuMs: median(coldCpus),
      warmMs: median(warms),
      warmCpuMs: median(warmCpus),
      allocKb,
      gcMs: (gcTime - gc0) / runs,
    });
  }
  obs.disconnect();
  return rows;
}

async function bench(which: string, count: number): Promise<void> {
  const files = findFiles(CORPUS, new Set(['values.yaml']))
    .map((f) => ({ f, size: fs.statSync(f).size }))
    .sort((a, b) => b.size - a.size)
    .slice(0, count)
    .map((x) => x.f);
  const impls: ('new' | 'ref')[] = which === 'both' ? ['ref', 'new'] : [which as 'new' | 'ref'];
  const results = new Map<string, Row[]>();
  for (const impl of impls) results.set(impl, await measure(impl, files));
  console.log('first = parse in a fresh process (the call only, after module load), median of 5; warm = median of 30');
  console.log('wall = elapsed ms, cpu = process CPU ms (user+system, all threads: steadier on a loaded machine)');
  console.log('alloc = KB allocated by one warm parse (heap growth with a young generation too big to collect);');
  console.log('gc = GC pause ms per warm parse (observed over the 30 warm runs)');
  for (const impl of impls) {
    console.log(`\n[${impl === 'new' ? 'goYaml.ts' : 'goYamlReference.ts (before)'}]`);
    console.log(
      'file'.padEnd(58) + 'KB'.padStart(5) + 'first wall'.padStart(11) + 'cpu'.padStart(7) + 'warm wall'.padStart(10) +
        'cpu'.padStart(7) + 'alloc KB'.padStart(10) + 'gc ms'.padStart(7),
    );
    for (const r of results.get(impl) ?? []) {
      console.log(
        r.file.slice(0, 57).padEnd(58) + String(r.kb).padStart(5) + r.coldMs.toFixed(1).padStart(11) +
          r.coldCpuMs.toFixed(1).padStart(7) + r.warmMs.toFixed(2).padStart(10) + r.warmCpuMs.toFixed(2).padStart(7) +
          String(r.allocKb).padStart(10) + r.gcMs.toFixed(2).padStart(7),
      );
    }
  }
}

async function main(): Promise<void> {
  const [cmd, a, b] = process.argv.slice(2);
  if (cmd === 'cold') return coldChild(a as 'new' | 'ref', b);
  if (cmd === 'alloc') return allocChild(a as 'new' | 'ref', b);
  if (cmd === 'check') return check();
  if (cmd === 'bench' || cmd === undefined) return await bench(a ?? 'both', Number(b ?? 5));
  console.error('usage: yamlParse.js check | bench [new|ref|both] [N]');
  process.exitCode = 2;
}

void main();
