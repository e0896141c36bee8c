/**
 * What a user would run instead of us, measured on the same chart, each in a process of its own so peak RSS is
 * that process's own:
 *   - `helm template` rendering the whole chart (wall time, peak RSS from GNU time),
 *   - the naive approach: mask + `yaml.parseAllDocuments` every template (naiveChild.ts),
 *   - yaml-language-server validating every template over LSP (stdio).
 * Each returns figures; `npm run bench` prints them. Nothing here asserts a speed.
 *
 * Self-test: node out/scripts/bench/competitors.js <chartDir> [--helm <path>]   (prints JSON)
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { LanguageServerProcess, peakRssOfPid } from './lspProcess';
import type { NaiveChildReport } from './naiveChild';
import { chartTemplateFiles } from './templateFiles';

export interface Measurement {
  /** Wall time of the measured work, in ms (for a child process: spawn to exit unless said otherwise). */
  wallMs: number;
  /** Peak resident set of the measuring process, in MB (NaN when it could not be read). */
  peakRssMB: number;
  note?: string;
}

/** The repository root (this file runs from out/scripts/bench/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** yaml-language-server, pinned: the version the benchmark installs into .tools/bench. */
export const YAML_LANGUAGE_SERVER_VERSION = '1.20.0';

// ---- helm template ------------------------------------------------------------------------------------------------

export interface HelmTemplateResult extends Measurement {
  exitCode: number | null;
  ok: boolean;
  /** How peak RSS was read: GNU time's %M (getrusage of the waited child), or polling /proc/<pid>/status. */
  rssMethod: 'gnu-time' | 'proc-poll';
  /** The end of helm's stderr when it failed. */
  stderr?: string;
}

let gnuTimeKnown: boolean | undefined;

/** /usr/bin/time is GNU time (it has -f/-o; BSD and busybox time differ). */
export function hasGnuTime(): boolean {
  if (gnuTimeKnown === undefined) {
    try {
      gnuTimeKnown = /GNU/.test(execFileSync('/usr/bin/time', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    } catch (err) {
      // GNU time prints its version on stderr in some builds.
      const e = err as { stderr?: unknown; stdout?: unknown };
      gnuTimeKnown = /GNU/.test(`${String(e.stdout ?? '')}${String(e.stderr ?? '')}`);
    }
  }
  return gnuTimeKnown;
}

function tail(s: string, n = 600): string {
  const t = s.trim();
  return t.length > n ? `…${t.slice(-n)}` : t;
}

/**
 * `helm template rel <chart> -n ns`, output discarded (stdout to /dev/null). Wall time is spawn to exit as this
 * process sees it (under GNU time it includes time's own fork+exec, well under a millisecond here).
 */
export async function measureHelmTemplate(
  chartDir: string,
  helmBin: string,
  options: { rssMethod?: 'gnu-time' | 'proc-poll' } = {},
): Promise<HelmTemplateResult> {
  const helmArgs = ['template', 'rel', chartDir, '-n', 'ns'];
  const gnu = options.rssMethod === 'proc-poll' ? false : hasGnuTime();
  const timeOut = gnu ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hh-bench-time-')), 'time.txt') : '';
  const [program, args] = gnu ? ['/usr/bin/time', ['-f', '%x %e %M', '-o', timeOut, helmBin, ...helmArgs]] : [helmBin, helmArgs];
  let stderr = '';
  let polledKB = 0;
  const t0 = performance.now();
  const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c: string) => {
    stderr = (stderr + c).slice(-8000);
  });
  const poll = gnu
    ? undefined
    : setInterval(() => {
        const mb = child.pid === undefined ? undefined : peakRssOfPid(child.pid);
        if (mb !== undefined) polledKB = Math.max(polledKB, mb * 1024);
      }, 2);
  const exitCode = await new Promise<number | null>((resolve) => {
    child.once('error', (err) => {
      stderr += `\n${err.message}`;
      resolve(null);
    });
    child.once('close', (code) => resolve(code));
  });
  const wallMs = performance.now() - t0;
  if (poll) clearInterval(poll);
  const result: HelmTemplateResult = { wallMs, peakRssMB: NaN, exitCode, ok: exitCode === 0, rssMethod: gnu ? 'gnu-time' : 'proc-poll' };
  if (gnu) {
    // The last line is "<exit> <elapsed s> <max RSS KB>"; a line before it may say "Command exited with non-zero status".
    const lines = fs.existsSync(timeOut) ? fs.readFileSync(timeOut, 'utf8').trim().split('\n') : [];
    fs.rmSync(path.dirname(timeOut), { recursive: true, force: true });
    const m = /^(\d+) ([\d.]+) (\d+)$/.exec(lines[lines.length - 1] ?? '');
    // "cannot run" (exit 126/127): the figures are GNU time's own, helm never started.
    if (/cannot run/.test(stderr)) result.note = 'helm did not start';
    else if (m) result.peakRssMB = Number(m[3]) / 1024;
    else result.note = `GNU time wrote no figures (${lines.join(' | ') || 'nothing'})`;
  } else {
    result.peakRssMB = polledKB > 0 ? polledKB / 1024 : NaN;
    result.note = `${options.rssMethod === 'proc-poll' ? 'asked for /proc polling' : 'no GNU /usr/bin/time'}: peak RSS is the highest VmHWM polled every 2 ms from /proc, which can miss the end of the run`;
  }
  if (!result.ok) {
    result.stderr = tail(stderr);
    result.note = [result.note, `helm exited ${exitCode}`].filter(Boolean).join('; ');
  }
  return result;
}

// ---- the naive approach ---------------------------------------------------------------------------------------------

/** The child's report (its own time from after module load in `inProcessMs`), with the wall time and RSS in MB. */
export interface NaiveResult extends Measurement, Omit<NaiveChildReport, 'maxRssKB'> {}

/**
 * Mask + `yaml.parseAllDocuments` of every template, in a child node process. `wallMs` is the child's wall time
 * (spawn to exit: Node's start-up and module load included, as `helm template`'s start-up is); `inProcessMs` the
 * work alone; `peakRssMB` the child's `process.resourceUsage().maxRSS`.
 */
export async function measureNaive(chartDir: string): Promise<NaiveResult> {
  const entry = path.join(__dirname, 'naiveChild.js');
  let stdout = '';
  let stderr = '';
  const t0 = performance.now();
  const child = spawn(process.execPath, [entry, chartDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (c: string) => (stdout += c));
  child.stderr.on('data', (c: string) => (stderr = (stderr + c).slice(-8000)));
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', (err) => {
      stderr += `\n${err.message}`;
      resolve(null);
    });
    child.once('close', (c) => resolve(c));
  });
  const wallMs = performance.now() - t0;
  let report: NaiveChildReport;
  try {
    report = JSON.parse(stdout.trim().split('\n').pop() ?? '') as NaiveChildReport;
  } catch {
    return {
      wallMs,
      peakRssMB: NaN,
      inProcessMs: NaN,
      files: 0,
      bytes: 0,
      documents: 0,
      documentsWithErrors: 0,
      hooksSeen: 0,
      skippedArchives: 0,
      note: `naive child exited ${code} without a report: ${tail(stderr)}`,
    };
  }
  const notes: string[] = [];
  if (code !== 0) notes.push(`child exited ${code}`);
  if (report.files === 0) notes.push('no template files found');
  if (report.skippedArchives > 0) notes.push(`${report.skippedArchives} packed subchart(s) (charts/*.tgz) not unpacked, not read`);
  const { maxRssKB, ...counts } = report;
  return { wallMs, peakRssMB: maxRssKB / 1024, ...counts, note: notes.length ? notes.join('; ') : undefined };
}

// ---- yaml-language-server -----------------------------------------------------------------------------------------

/** Where the benchmark keeps its yaml-language-server (not committed: .tools/ is ignored). */
export const BENCH_TOOLS = path.join(REPO_ROOT, '.tools', 'bench');

/**
 * The entry script of yaml-language-server@YAML_LANGUAGE_SERVER_VERSION, installed into .tools/bench with npm
 * the first time (the only network use of the benchmark, and only when it is missing).
 */
export function ensureYamlLanguageServer(): string {
  const pkgDir = path.join(BENCH_TOOLS, 'node_modules', 'yaml-language-server');
  const entry = path.join(pkgDir, 'bin', 'yaml-language-server');
  const installed = (): string | undefined => {
    try {
      return (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version?: string }).version;
    } catch {
      return undefined;
    }
  };
  if (installed() !== YAML_LANGUAGE_SERVER_VERSION || !fs.existsSync(entry)) {
    fs.mkdirSync(BENCH_TOOLS, { recursive: true });
    execFileSync(
      'npm',
      ['install', '--prefix', BENCH_TOOLS, '--no-save', '--no-audit', '--no-fund', `yaml-language-server@${YAML_LANGUAGE_SERVER_VERSION}`],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (installed() !== YAML_LANGUAGE_SERVER_VERSION) throw new Error(`yaml-language-server@${YAML_LANGUAGE_SERVER_VERSION} did not install into ${BENCH_TOOLS}`);
  }
  return entry;
}

/**
 * yaml-language-server's settings for the benchmark: validation on, no schemas, and neither the JSON schema store
 * nor the Kubernetes CRD store (both would be fetched from the network).
 */
export const YAML_LS_SETTINGS = {
  yaml: { validate: true, schemas: {}, schemaStore: { enable: false }, kubernetesCRDStore: { enable: false } },
  http: { proxy: '', proxyStrictSSL: false },
};

/**
 * yaml-language-server 1.x validates a document this long after its last change (`validationDelayMs` in its
 * yamlSettings.ts; not a setting): every figure of it, cold or per keystroke, includes it.
 */
export const YAML_LS_VALIDATION_DELAY_MS = 200;

export interface YamlLanguageServerResult extends Measurement {
  files: number;
  /** Files that had diagnostics published before the end (or the timeout). */
  filesPublished: number;
  /** Sum over files of the last published diagnostics. */
  diagnostics: number;
  /** ms from initialize sent to its answer: the server process had just been spawned, so its start-up is included. */
  initializeMs: number;
  /** Publishes received in all (yaml-language-server may publish a file more than once). */
  publishes: number;
}

/**
 * yaml-language-server validating every template of the chart: `didOpen` of each file (languageId `yaml`), timed
 * from the first `didOpen` until every file had a `publishDiagnostics`. Peak RSS is the server's VmHWM just
 * before shutdown. yaml-language-server 1.x validates each document 200 ms after its last change
 * (`validationDelayMs`, not a setting), so that delay is inside `wallMs`.
 */
export async function measureYamlLanguageServer(
  chartDir: string,
  options: { entry?: string; timeoutMs?: number } = {},
): Promise<YamlLanguageServerResult> {
  const entry = options.entry ?? ensureYamlLanguageServer();
  const timeoutMs = options.timeoutMs ?? 60_000;
  const root = fs.realpathSync(chartDir);
  const { files, skippedArchives } = chartTemplateFiles(root);
  // The editor hands the server text it already has: reading files is not the server's time.
  const docs = files.map((f) => ({ uri: pathToFileURL(f).href, text: fs.readFileSync(f, 'utf8') }));
  const notes: string[] = [`includes yaml-language-server's fixed ${YAML_LS_VALIDATION_DELAY_MS} ms validation delay`];
  if (skippedArchives.length) notes.push(`${skippedArchives.length} packed subchart(s) not opened`);
  const server = new LanguageServerProcess({ command: ['node', entry, '--stdio'], cwd: root, settings: YAML_LS_SETTINGS });
  const result: YamlLanguageServerResult = {
    wallMs: NaN,
    peakRssMB: NaN,
    files: docs.length,
    filesPublished: 0,
    diagnostics: 0,
    initializeMs: NaN,
    publishes: 0,
  };
  try {
    const ti = performance.now();
    await server.initialize(root, pathToFileURL(root).href, timeoutMs);
    result.initializeMs = performance.now() - ti;
    if (!(await server.configure(5000))) notes.push('the server did not pull workspace/configuration');
    const latest = new Map<string, number>();
    const remaining = new Set(docs.map((d) => d.uri));
    let allPublished!: () => void;
    const done = new Promise<void>((resolve) => (allPublished = resolve));
    const seen = server.published.length;
    // Later publishes of a file replace its earlier ones.
    const unsubscribe = server.onPublish((p) => {
      latest.set(p.uri, p.diagnostics.length);
      remaining.delete(p.uri);
      if (remaining.size === 0) allPublished();
    });
    const t0 = performance.now();
    for (const d of docs) {
      void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: d.uri, languageId: 'yaml', version: 1, text: d.text } });
    }
    if (docs.length === 0) allPublished();
    try {
      await server.guard(done, timeoutMs, 'diagnostics for every file');
      result.wallMs = performance.now() - t0;
    } catch (err) {
      result.wallMs = performance.now() - t0;
      notes.push(`${(err as Error).message}: ${docs.length - remaining.size} of ${docs.length} files had diagnostics`);
    }
    result.peakRssMB = server.peakRssMB() ?? NaN;
    result.filesPublished = docs.length - remaining.size;
    result.diagnostics = [...latest.values()].reduce((a, b) => a + b, 0);
    result.publishes = server.published.length - seen;
    unsubscribe();
  } catch (err) {
    notes.push(`failed: ${(err as Error).message}`);
    if (Number.isNaN(result.peakRssMB)) result.peakRssMB = server.peakRssMB() ?? NaN;
  } finally {
    await server.stop();
  }
  result.note = notes.join('; ');
  return result;
}

// ---- self-test --------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const helmAt = args.indexOf('--helm');
  const helm = helmAt >= 0 ? args[helmAt + 1] : path.join(REPO_ROOT, '.tools', 'helm', '4', 'helm');
  const chart = args.find((a, i) => !a.startsWith('--') && (helmAt < 0 || i !== helmAt + 1));
  if (!chart) {
    process.stderr.write('usage: competitors.js <chartDir> [--helm <path>]\n');
    process.exit(2);
  }
  const out: Record<string, unknown> = { chart };
  out.helmTemplate = fs.existsSync(helm) ? await measureHelmTemplate(chart, helm) : { note: `no helm at ${helm} (npm run setup:helm)` };
  out.naive = await measureNaive(chart);
  out.yamlLanguageServer = { version: YAML_LANGUAGE_SERVER_VERSION, ...(await measureYamlLanguageServer(chart)) };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
