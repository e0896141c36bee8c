/**
 * The built-in renderer (server/src/engine/render/) beside real `helm template`, in the same run, on the corpus
 * charts with the oracle's release name, namespace and values file (../shared/corpus/oracle/<id>.json). Four targets
 * (issue 14), each as a ratio to Helm measured minutes apart on the same machine:
 *
 *   1. first render: a fresh node process, modules loaded through the code cache a previous run primed
 *      (server/src/node/codeCache.ts, as bin/helm-hooks.js enables it, with the V8 flags it sets for every entry
 *      point: the same mechanism, so the bench measures what users get), the chart's first `renderChart`; against
 *      `helm template` on the same chart as a whole process. Geometric mean over the corpus ≤ 0.5×. The whole
 *      process of ours (`helm-hooks template`, node's start and module load included) is shown beside it.
 *   2. CI: every corpus chart rendered one after another in one process (spawn to exit), against the sum of one
 *      `helm template` process per chart. ≤ 0.3×.
 *   3. warm: kube-prometheus-stack rendered again in a process that has rendered it before (median of several),
 *      against the wall time of `helm template` on it. ≤ 0.25×.
 *   4. peak RSS of a fresh process rendering the largest corpus chart (bytes of its folder) ≤ 150 MiB.
 *
 * `--render-profile`: the CI process again under `node --cpu-prof`, and its top frames by self time.
 *
 * Child: node out/scripts/bench/render.js --child first|ci|warm <chartDir|oracle ids…>   (prints one JSON line)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

// ---- the chart list and Helm's arguments --------------------------------------------------------------------------

export interface CorpusRun {
  /** The oracle id: `<owner>+<repo>__<chart>`. */
  id: string;
  label: string;
  chartDir: string;
  release: string;
  namespace: string;
  /** Absolute path of the values file, if the oracle used one. */
  valuesFile?: string;
  extraArgs: string[];
  /** Bytes of every file under the chart folder. */
  bytes: number;
}

function folderBytes(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) n += folderBytes(p);
    else if (e.isFile()) n += fs.statSync(p).size;
  }
  return n;
}

/** The corpus charts with the default-values oracle run of each (release `rel`, namespace `ns` in the corpus). */
export function corpusRuns(corpus: string): CorpusRun[] {
  const charts = path.join(corpus, 'charts');
  if (!fs.existsSync(charts)) return [];
  const runs: CorpusRun[] = [];
  for (const id of fs.readdirSync(charts).sort()) {
    const chartDir = path.join(charts, id);
    let o: { release_name?: string; namespace?: string; values_file?: string | null; extra_helm_args?: string[] } = {};
    try {
      o = JSON.parse(fs.readFileSync(path.join(corpus, 'oracle', `${id}.json`), 'utf8')) as typeof o;
    } catch {
      // no oracle file: Helm's defaults of the corpus
    }
    runs.push({
      id,
      label: id.replace(/^.*__/, ''),
      chartDir,
      release: o.release_name ?? 'rel',
      namespace: o.namespace ?? 'ns',
      valuesFile: o.values_file ? path.join(corpus, o.values_file) : undefined,
      extraArgs: o.extra_helm_args ?? [],
      bytes: folderBytes(chartDir),
    });
  }
  return runs;
}

function helmArgs(r: CorpusRun): string[] {
  return ['template', r.release, r.chartDir, '-n', r.namespace, ...(r.valuesFile ? ['-f', r.valuesFile] : []), ...r.extraArgs];
}

// ---- the child --------------------------------------------------------------------------------------------------

interface ChildRender {
  id: string;
  ms: number;
  /** CPU time of the render (user + system, all threads of the process: the GC's helpers included). */
  cpuMs: number;
  ok: boolean;
  bytes: number;
  error?: string;
}

export interface ChildReport {
  /** Requiring the renderer (through the code cache unless HELM_HOOKS_CODE_CACHE=off). */
  loadMs: number;
  renders: ChildRender[];
  /** warm: the repeated renders' times. */
  warmMs?: number[];
  maxRssKB: number;
}

function childMain(argv: string[]): void {
  const mode = argv[0];
  const runs = JSON.parse(argv[1]) as CorpusRun[];
  const repeat = Number(argv[2] ?? 0);
  const t0 = performance.now();
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { enableCodeCache } = require('../../server/src/node/codeCache') as typeof import('../../server/src/node/codeCache');
  enableCodeCache([REPO_ROOT]);
  const { renderChart } = require('../../server/src/engine/render/index') as typeof import('../../server/src/engine/render/index');
  const { RenderBudget } = require('../../server/src/engine/render/budget') as typeof import('../../server/src/engine/render/budget');
  const { nodeFileSystem } = require('../../server/src/engine/render/nodeFileSystem') as typeof import('../../server/src/engine/render/nodeFileSystem');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const loadMs = performance.now() - t0;
  const render = (r: CorpusRun): ChildRender => {
    const s = performance.now();
    const c0 = process.cpuUsage();
    // as the CLI reads them: values files from disk, then the chart
    const valuesFiles = r.valuesFile ? [{ name: r.valuesFile, text: fs.readFileSync(r.valuesFile, 'utf8') }] : [];
    const res = renderChart(nodeFileSystem, r.chartDir.split(path.sep).join('/'), {
      releaseName: r.release,
      namespace: r.namespace,
      valuesFiles,
      helmVersion: '4',
      budget: new RenderBudget({ timeoutMs: 60000 }),
    });
    const ms = performance.now() - s;
    const c = process.cpuUsage(c0);
    const cpuMs = (c.user + c.system) / 1000;
    return res.ok ? { id: r.id, ms, cpuMs, ok: true, bytes: res.output.length } : { id: r.id, ms, cpuMs, ok: false, bytes: 0, error: res.error.slice(0, 300) };
  };
  const renders = runs.map(render);
  const report: ChildReport = { loadMs, renders, maxRssKB: 0 };
  if (mode === 'warm') {
    report.warmMs = [];
    for (let i = 0; i < repeat; i++) report.warmMs.push(render(runs[0]).ms);
  }
  report.maxRssKB = process.resourceUsage().maxRSS;
  process.stdout.write(JSON.stringify(report) + '\n');
}

// ---- measuring ---------------------------------------------------------------------------------------------------

function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}

const geomean = (xs: number[]) => (xs.length ? Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length) : NaN);

interface Timed<T> {
  wallMs: number;
  value: T;
}

/** Runs the child in a fresh node process; wall time is spawn to exit. */
function runChild(mode: 'first' | 'ci' | 'warm', runs: CorpusRun[], codeCache: string, extra: { repeat?: number; nodeArgs?: string[] } = {}): Timed<ChildReport> {
  const args = [...(extra.nodeArgs ?? []), __filename, '--child', mode, JSON.stringify(runs), String(extra.repeat ?? 0)];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, HELM_HOOKS_CODE_CACHE: codeCache } });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`render child (${mode}) failed: ${r.stderr.slice(-2000)}`);
  return { wallMs, value: JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as ChildReport };
}

/** `helm-hooks template` as a user runs it (bin/helm-hooks.js, code cache as the CLI keeps it), output discarded. */
function runCli(r: CorpusRun, codeCache: string): { wallMs: number; ok: boolean } {
  const args = [path.join(REPO_ROOT, 'bin', 'helm-hooks.js'), 'template', r.chartDir, '--release', r.release, '--namespace', r.namespace, ...(r.valuesFile ? ['-f', r.valuesFile] : [])];
  const t0 = performance.now();
  const p = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HELM_HOOKS_CODE_CACHE: codeCache } });
  return { wallMs: performance.now() - t0, ok: p.status === 0 };
}

/** `helm template` as a whole process (spawn to exit), output discarded; peak RSS via GNU time when it is there. */
function runHelm(helm: string, r: CorpusRun, home: string): { wallMs: number; ok: boolean; error?: string } {
  const env = { ...process.env, HELM_CACHE_HOME: path.join(home, 'cache'), HELM_CONFIG_HOME: path.join(home, 'config'), HELM_DATA_HOME: path.join(home, 'data') };
  const t0 = performance.now();
  const p = spawnSync(helm, helmArgs(r), { stdio: ['ignore', 'ignore', 'pipe'], env, encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  return p.status === 0 ? { wallMs, ok: true } : { wallMs, ok: false, error: String(p.stderr).trim().slice(-300) };
}

// ---- the section -------------------------------------------------------------------------------------------------

export interface RenderBenchOptions {
  say(line?: string): void;
  table(header: string[], rows: string[][]): void;
  corpus: string;
  /** The helm binary (absent: our figures only). */
  helm: string;
  runs: number;
  /** A temporary folder this section may use (its code cache goes there). */
  tmp: string;
  profile?: boolean;
  /** Only these charts (labels or ids), e.g. for a quick look. */
  charts?: string[];
  log?(line: string): void;
}

const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const r2 = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '–');
const r3 = (x: number) => (Number.isFinite(x) ? `${x.toFixed(3)}×` : '–');

export interface RenderBenchResult {
  firstGeomean: number;
  ciRatio: number;
  warmRatio: number;
  rssMiB: number;
}

/** The renderer's section of `npm run bench`. Returns the four figures (NaN where not measured). */
export function benchRender(o: RenderBenchOptions): RenderBenchResult {
  const { say, table } = o;
  const log = o.log ?? ((l: string) => process.stderr.write(`  ${l}\n`));
  const result: RenderBenchResult = { firstGeomean: NaN, ciRatio: NaN, warmRatio: NaN, rssMiB: NaN };
  let runs = corpusRuns(o.corpus);
  if (o.charts?.length) runs = runs.filter((r) => o.charts!.includes(r.label) || o.charts!.includes(r.id));
  if (runs.length === 0) {
    say(`(${path.join(o.corpus, 'charts')} is absent: the renderer's figures are measured on the corpus, so there are none. Set HELM_HOOKS_CORPUS.)`);
    return result;
  }
  const haveHelm = fs.existsSync(o.helm);
  if (!haveHelm) say(`(${o.helm} is absent — \`npm run setup:helm\` unpacks it: our figures only, no ratios.)`);
  const helmVersion = haveHelm ? spawnSync(o.helm, ['version', '--short'], { encoding: 'utf8' }).stdout.trim() : 'absent';
  const codeCache = path.join(o.tmp, 'render-code-cache');
  const home = fs.mkdtempSync(path.join(o.tmp, 'helm-home-'));
  const N = Math.max(1, o.runs);

  // Prime the code cache: one uncounted run of every chart in one process (what an earlier CLI run leaves).
  log('renderer: priming the code cache');
  runChild('ci', runs, codeCache);

  // 1. first render per chart, and Helm per chart; taking turns so that the machine's load hits both alike.
  const rows: string[][] = [];
  const firstRatios: number[] = [];
  const helmMs = new Map<string, number>();
  const failures: string[] = [];
  for (const r of runs) {
    log(`renderer: ${r.label}`);
    const first: number[] = [];
    const load: number[] = [];
    const childWall: number[] = [];
    const rss: number[] = [];
    const cli: number[] = [];
    const helm: number[] = [];
    let ours: ChildRender | undefined;
    let helmOk = true;
    let helmError: string | undefined;
    for (let i = 0; i < N; i++) {
      const c = runChild('first', [r], codeCache);
      ours = c.value.renders[0];
      first.push(ours.ms);
      load.push(c.value.loadMs);
      childWall.push(c.wallMs);
      rss.push(c.value.maxRssKB / 1024);
      cli.push(runCli(r, codeCache).wallMs);
      if (haveHelm) {
        const h = runHelm(o.helm, r, home);
        helm.push(h.wallMs);
        helmOk &&= h.ok;
        helmError ??= h.error;
      }
    }
    const hm = median(helm);
    helmMs.set(r.id, hm);
    const fm = median(first);
    if (haveHelm && helmOk && ours?.ok) firstRatios.push(fm / hm);
    if (!ours?.ok) failures.push(`${r.label}: we failed: ${ours?.error}`);
    if (haveHelm && !helmOk) failures.push(`${r.label}: helm failed: ${helmError}`);
    rows.push([
      r.label,
      (r.bytes / 1e6).toFixed(2),
      haveHelm ? f0(hm) + (helmOk ? '' : ' (failed)') : '–',
      f1(fm) + (ours?.ok ? '' : ' (failed)'),
      r2(fm / hm),
      f0(median(load)),
      f0(median(cli)),
      r2(median(cli) / hm),
      f0(median(rss)),
    ]);
  }
  say(
    `Corpus charts (${runs.length}), each with the oracle's release name, namespace and values file; ${helmVersion}; ${N} fresh process(es) per figure, ` +
      'ours and Helm taking turns (median). `first render ms`: `renderChart` in a fresh node process after its modules loaded through the code ' +
      'cache an earlier run left; `load ms`: that module load; `helm-hooks template ms`: our CLI as a whole process (node\'s start, module ' +
      'load, render, output); Helm: `helm template` as a whole process (spawn to exit, output discarded).',
  );
  say();
  table(['chart', 'MB', 'helm template ms', 'first render ms', 'first ÷ helm', 'load ms', 'helm-hooks template ms', 'CLI ÷ helm', 'peak RSS MiB'], rows);
  say();
  result.firstGeomean = geomean(firstRatios);
  if (failures.length) {
    say(`Not counted in the ratios (${failures.length}):`);
    for (const f of failures) say(`- ${f.replace(/\n/g, ' ')}`);
    say();
  }

  // 2. CI: every chart one after another in one process.
  log('renderer: CI (every chart in one process)');
  const ci: number[] = [];
  const ciInProcess: number[] = [];
  let ciReport: ChildReport | undefined;
  for (let i = 0; i < N; i++) {
    const c = runChild('ci', runs, codeCache);
    ci.push(c.wallMs);
    ciInProcess.push(c.value.renders.reduce((s, x) => s + x.ms, 0));
    ciReport = c.value;
  }
  const helmSum = haveHelm ? [...helmMs.values()].reduce((s, x) => s + x, 0) : NaN;
  result.ciRatio = median(ci) / helmSum;

  // 3. warm: kube-prometheus-stack re-rendered in a process that rendered it before.
  const kps = runs.find((r) => r.label === 'kube-prometheus-stack') ?? runs.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  log(`renderer: warm ${kps.label}`);
  const warmReports = Array.from({ length: N }, () => runChild('warm', [kps], codeCache, { repeat: 15 }).value);
  // the first five re-renders let the JIT settle; the median of the rest
  const warmMs = median(warmReports.flatMap((w) => (w.warmMs ?? []).slice(5)));
  const kpsHelm = helmMs.get(kps.id) ?? NaN;
  result.warmRatio = warmMs / kpsHelm;

  // 4. peak RSS on the largest chart.
  const largest = runs.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  log(`renderer: peak RSS on ${largest.label}`);
  const rssRuns = Array.from({ length: N }, () => runChild('first', [largest], codeCache).value.maxRssKB / 1024);
  result.rssMiB = median(rssRuns);

  say('The targets:');
  say();
  const met = (x: number, limit: number) => (Number.isFinite(x) ? (x <= limit ? 'met' : '**not met**') : 'not measured');
  table(
    ['target', 'measured', 'limit', ''],
    [
      [`first render in a fresh process ÷ \`helm template\` process, geometric mean over ${firstRatios.length} charts`, r3(result.firstGeomean), '≤ 0.5×', met(result.firstGeomean, 0.5)],
      [
        `CI: ${runs.length} charts in one process ÷ sum of ${runs.length} \`helm template\` processes`,
        `${r3(result.ciRatio)} (${f0(median(ci))} ms against ${f0(helmSum)} ms; renders alone ${f0(median(ciInProcess))} ms, module load ${f0(ciReport?.loadMs ?? NaN)} ms)`,
        '≤ 0.3×',
        met(result.ciRatio, 0.3),
      ],
      [`warm re-render of ${kps.label} ÷ \`helm template\` on it`, `${r3(result.warmRatio)} (${f1(warmMs)} ms against ${f0(kpsHelm)} ms)`, '≤ 0.25×', met(result.warmRatio, 0.25)],
      [`peak RSS of a fresh process rendering the largest chart (${largest.label}, ${(largest.bytes / 1e6).toFixed(1)} MB)`, `${f0(result.rssMiB)} MiB`, '≤ 150 MiB', met(result.rssMiB, 150)],
    ],
  );
  say();
  // Not a target: each chart's render inside the CI process, where the renderer's code is already compiled by the
  // charts before it but this chart's files are new — a chart opened in a running language server is in this case.
  const inCiRatios: number[] = [];
  for (const x of ciReport?.renders ?? []) {
    const h = helmMs.get(x.id);
    if (x.ok && h !== undefined && Number.isFinite(h)) inCiRatios.push(x.ms / h);
  }
  say(
    `Also: every chart's whole \`helm-hooks template\` process against Helm's, geometric mean ${r3(geomean(rows.map((row) => parseFloat(row[7])).filter((x) => Number.isFinite(x))))}; ` +
      `first render alone, worst ${r3(Math.max(...firstRatios))}, ${firstRatios.filter((x) => x <= 0.5).length}/${firstRatios.length} charts at or under 0.5×; ` +
      `a chart's render in the CI process (code warm from the charts before it, the chart's files new) against its \`helm template\` process, geometric mean ${r3(geomean(inCiRatios))}, ` +
      `${inCiRatios.filter((x) => x <= 0.5).length}/${inCiRatios.length} at or under 0.5×.`,
  );
  say();

  if (o.profile) {
    log('renderer: profiling the CI process (--cpu-prof)');
    const dir = path.join(o.tmp, 'render-prof');
    fs.mkdirSync(dir, { recursive: true });
    runChild('ci', runs, codeCache, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (file) {
      const top = topFrames(path.join(dir, file), 25);
      say(`Profile of the CI process (\`node --cpu-prof\`, ${runs.length} charts), top frames by self time:`);
      say();
      table(['function', 'file:line', 'self ms', 'share'], top.map((t) => [t.fn, t.where, f1(t.ms), `${(t.share * 100).toFixed(1)}%`]));
      say();
      const byFile = topFiles(path.join(dir, file), 12);
      say('By file (self time):');
      say();
      table(['file', 'self ms', 'share'], byFile.map((t) => [t.where, f1(t.ms), `${(t.share * 100).toFixed(1)}%`]));
      say();
    }
  }
  fs.rmSync(home, { recursive: true, force: true });
  return result;
}

// ---- profiles ------------------------------------------------------------------------------------------------------

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

function selfTimes(file: string): { frames: Map<string, { fn: string; where: string; ms: number }>; total: number } {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const frames = new Map<string, { fn: string; where: string; ms: number }>();
  let total = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const n = byId.get(prof.samples[i]);
    const ms = (prof.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    if (!n) continue;
    const url = n.callFrame.url.replace(/^file:\/\//, '');
    const rel = url.startsWith(REPO_ROOT) ? path.relative(REPO_ROOT, url) : url || '(native)';
    const where = `${rel}:${n.callFrame.lineNumber + 1}`;
    const fn = n.callFrame.functionName || '(anonymous)';
    const key = `${fn}@${where}`;
    const e = frames.get(key) ?? { fn, where, ms: 0 };
    e.ms += ms;
    frames.set(key, e);
  }
  return { frames, total };
}

export function topFrames(file: string, n: number): Array<{ fn: string; where: string; ms: number; share: number }> {
  const { frames, total } = selfTimes(file);
  return [...frames.values()]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, n)
    .map((f) => ({ ...f, share: f.ms / total }));
}

export function topFiles(file: string, n: number): Array<{ where: string; ms: number; share: number }> {
  const { frames, total } = selfTimes(file);
  const files = new Map<string, number>();
  for (const f of frames.values()) {
    const k = f.where.replace(/:\d+$/, '');
    files.set(k, (files.get(k) ?? 0) + f.ms);
  }
  return [...files.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([where, ms]) => ({ where, ms, share: ms / total }));
}

if (require.main === module) {
  if (process.argv[2] === '--child') childMain(process.argv.slice(3));
  else {
    // alone: node out/scripts/bench/render.js [--runs N] [--profile] [chart …]
    const a = process.argv.slice(2);
    const runsAt = a.indexOf('--runs');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-bench-render-'));
    try {
      benchRender({
        say: (l = '') => console.log(l),
        table: (h, rows) => {
          console.log(`| ${h.join(' | ')} |`);
          console.log(`|${h.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
          for (const r of rows) console.log(`| ${r.join(' | ')} |`);
        },
        corpus: process.env.HELM_HOOKS_CORPUS ?? path.resolve(REPO_ROOT, '../shared/corpus'),
        helm: path.join(REPO_ROOT, '.tools', 'helm', '4', 'helm'),
        runs: runsAt >= 0 ? Number(a[runsAt + 1]) : 3,
        tmp,
        profile: a.includes('--profile'),
        charts: a.filter((x, i) => !x.startsWith('--') && a[i - 1] !== '--runs'),
      });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
}
