/**
 * The built-in renderer over the 40 real charts of ../shared/corpus (64 chart + value-set runs), compared document
 * by document with real `helm template` for Helm 3.17.2, 4.1.4 and 4.2.3, with the same release name, namespace and
 * values file as the corpus oracle.
 *
 * Helm runs twice per chart and version: documents that differ between its own two runs hold random parts
 * (passwords, certificates, …); those are compared with the differing spans masked. Every document that still
 * differs must be listed in knownDifferences.json with a one-line explanation, and every listed difference must
 * still differ, so the list stays true.
 */
import * as assert from 'assert';
import { execFile } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nodeFileSystem } from '../../server/src/engine/render/nodeFileSystem';
import { RenderBudget } from '../../server/src/engine/render/budget';
import { renderChart } from '../../server/src/engine/render/index';
import { helmBinary, HELM_KEYS, type HelmKey } from './helmOracle';

const CORPUS = process.env.HELM_HOOKS_CORPUS ?? path.resolve(__dirname, '../../../../shared/corpus');
const present = fs.existsSync(path.join(CORPUS, 'charts')) && fs.existsSync(path.join(CORPUS, 'oracle'));
const KNOWN_FILE = path.resolve(__dirname, '../../../test/render/knownDifferences.json');
/** HELM_HOOKS_CORPUS_DIFFS=DIR writes each differing document (Helm's two runs and ours) below DIR. */
const DIFF_DIR = process.env.HELM_HOOKS_CORPUS_DIFFS;
/** Parallel helm processes. */
const PARALLEL = 2;

interface OracleRun {
  id: string;
  variant?: string | null;
  chart_dir: string;
  release_name: string;
  namespace: string;
  values_file: string | null;
  extra_helm_args?: string[];
}

interface Doc {
  source: string;
  content: string;
  hook: boolean;
}

type Outcome = { ok: true; docs: Doc[]; nondeterministic?: boolean } | { ok: false; error: string };

interface Comparison {
  run: string;
  helm: HelmKey;
  docs: number;
  docsSame: number;
  hooks: number;
  hooksSame: number;
  /** Keys (`<source>#<n>`, or `*render*`) that differ, with a short description of how. */
  differing: Map<string, string>;
  ms: number;
}

/** Splits `helm template` output into its `---\n# Source: …` framed documents. */
export function parseOutput(out: string): Doc[] {
  const docs: Doc[] = [];
  const marker = '---\n# Source: ';
  const starts: number[] = [];
  for (let i = out.indexOf(marker); i >= 0; i = out.indexOf(marker, i + 1)) {
    if (i === 0 || out[i - 1] === '\n') starts.push(i);
  }
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k] + marker.length;
    const to = k + 1 < starts.length ? starts[k + 1] : out.length;
    const nl = out.indexOf('\n', from);
    const source = out.slice(from, nl < 0 || nl > to ? to : nl);
    const content = nl < 0 || nl > to ? '' : out.slice(nl + 1, to);
    docs.push({ source, content, hook: /^\s*["']?helm\.sh\/hook["']?\s*:/m.test(content) });
  }
  return docs;
}

function keyed(docs: Doc[]): Map<string, Doc> {
  const seen = new Map<string, number>();
  const out = new Map<string, Doc>();
  for (const d of docs) {
    const n = seen.get(d.source) ?? 0;
    seen.set(d.source, n + 1);
    out.set(`${d.source}#${n}`, d);
  }
  return out;
}

const TOKEN_SPLIT = /([^A-Za-z0-9+/=_-]+)/;
const DIGITS = /^[0-9]{6,}$/;

/**
 * When a render read the clock (`now`, `date`…), Helm's two runs usually fall in the same second while ours ran
 * later: lines may then differ only in all-digit tokens of equal length (timestamps such as 20260102150405).
 */
function sameButClock(ours: string, h1: string): boolean {
  const a = ours.split('\n');
  const b = h1.split('\n');
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const ta = a[i].split(TOKEN_SPLIT);
    const tb = b[i].split(TOKEN_SPLIT);
    if (ta.length !== tb.length) return false;
    for (let k = 0; k < ta.length; k++) {
      if (ta[k] !== tb[k] && !(DIGITS.test(ta[k]) && DIGITS.test(tb[k]) && ta[k].length === tb[k].length)) return false;
    }
  }
  return true;
}

/**
 * Compares ours with helm's first run, ignoring what differs between helm's two runs: lines equal in both runs must
 * be equal in ours; a line that differs between them is split into tokens (runs of letters, digits and base64
 * characters, and the separators between them), and ours must have the same tokens where both runs agree.
 */
function sameMasked(ours: string, h1: string, h2: string, timeDependent: boolean): boolean {
  if (ours === h1) return true;
  if (h1 === h2) return timeDependent && sameButClock(ours, h1);
  const a = ours.split('\n');
  const b = h1.split('\n');
  const c = h2.split('\n');
  if (a.length !== b.length || b.length !== c.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (b[i] === c[i]) {
      if (a[i] !== b[i]) return false;
      continue;
    }
    const ta = a[i].split(TOKEN_SPLIT);
    const tb = b[i].split(TOKEN_SPLIT);
    const tc = c[i].split(TOKEN_SPLIT);
    if (ta.length !== tb.length || tb.length !== tc.length) return false;
    for (let k = 0; k < tb.length; k++) if (tb[k] === tc[k] && ta[k] !== tb[k]) return false;
  }
  return true;
}

function lastError(stderr: string): string {
  const i = stderr.lastIndexOf('Error: ');
  return (i >= 0 ? stderr.slice(i + 'Error: '.length) : stderr).trim();
}

/**
 * Helm's answers are kept between runs (real Helm output, keyed by the Helm version, the arguments and a hash of
 * every file of the chart and the values file), so a re-run costs seconds instead of minutes.
 * HELM_HOOKS_CORPUS_CACHE=off runs Helm every time.
 */
const CACHE_DIR = process.env.HELM_HOOKS_CORPUS_CACHE === 'off' ? undefined : path.join(os.tmpdir(), 'helm-hooks-corpus-render-cache');

function hashTree(h: ReturnType<typeof createHash>, p: string): void {
  const st = fs.statSync(p);
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(p).sort()) {
      h.update(`d:${name}\0`);
      hashTree(h, path.join(p, name));
    }
  } else if (st.isFile()) {
    h.update(fs.readFileSync(p));
  }
}

const treeHashes = new Map<string, string>();

function treeHash(p: string): string {
  let v = treeHashes.get(p);
  if (v === undefined) {
    const h = createHash('sha256');
    hashTree(h, p);
    v = h.digest('hex');
    treeHashes.set(p, v);
  }
  return v;
}

function cacheKey(key: HelmKey, args: string[], inputs: string[], run: number): string {
  const h = createHash('sha256');
  h.update(`${key}\0${args.join('\0')}\0${run}\0`);
  for (const p of inputs) h.update(treeHash(p));
  return h.digest('hex');
}

async function cachedHelm(key: HelmKey, args: string[], inputs: string[], run: number): Promise<Outcome> {
  if (!CACHE_DIR) return runHelm(key, args);
  const file = path.join(CACHE_DIR, `${cacheKey(key, args, inputs, run)}.json`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Outcome;
  } catch {
    const r = await runHelm(key, args);
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(r));
    return r;
  }
}

function runHelm(key: HelmKey, args: string[]): Promise<Outcome> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-home-'));
  return new Promise((resolve) => {
    execFile(
      helmBinary(key),
      args,
      {
        encoding: 'utf8',
        timeout: 300000,
        maxBuffer: 512 * 1024 * 1024,
        env: { ...process.env, HELM_CACHE_HOME: path.join(home, 'cache'), HELM_CONFIG_HOME: path.join(home, 'config'), HELM_DATA_HOME: path.join(home, 'data') },
      },
      (err, stdout, stderr) => {
        fs.rmSync(home, { recursive: true, force: true });
        if (err) resolve({ ok: false, error: lastError(String(stderr || err.message)) });
        else resolve({ ok: true, docs: parseOutput(String(stdout)) });
      },
    );
  });
}

/** Runs the tasks with at most `n` at a time. */
async function pool<T>(tasks: Array<() => Promise<T>>, n: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, worker));
  return results;
}

function compare(run: string, helm: HelmKey, ours: Outcome, h1: Outcome, h2: Outcome, ms: number): Comparison {
  const c: Comparison = { run, helm, docs: 0, docsSame: 0, hooks: 0, hooksSame: 0, differing: new Map(), ms };
  if (h1.ok) {
    for (const d of h1.docs) {
      c.docs++;
      if (d.hook) c.hooks++;
    }
  }
  if (!h1.ok || !ours.ok) {
    const theirs = h1.ok ? 'helm rendered' : `helm failed: ${h1.error}`;
    const mine = ours.ok ? 'we rendered' : `we failed: ${ours.error}`;
    if (h1.ok || ours.ok || h1.error !== ours.error) c.differing.set('*render*', `${theirs} / ${mine}`.slice(0, 300));
    return c;
  }
  const a = keyed(ours.docs);
  const b = keyed(h1.docs);
  const b2 = h2.ok ? keyed(h2.docs) : b;
  for (const [k, d] of b) {
    const mine = a.get(k);
    const other = b2.get(k)?.content ?? d.content;
    if (mine && sameMasked(mine.content, d.content, other, ours.nondeterministic === true)) {
      c.docsSame++;
      if (d.hook) c.hooksSame++;
    } else {
      c.differing.set(k, mine ? 'content differs' : 'missing from ours');
      if (DIFF_DIR) {
        const base = path.join(DIFF_DIR, `${run}@${helm}`, k.replace(/[/#]/g, '_'));
        fs.mkdirSync(path.dirname(base), { recursive: true });
        fs.writeFileSync(`${base}.helm1`, d.content);
        fs.writeFileSync(`${base}.helm2`, other);
        fs.writeFileSync(`${base}.ours`, mine?.content ?? '');
      }
    }
  }
  for (const k of a.keys()) if (!b.has(k)) c.differing.set(k, 'only in ours');
  return c;
}

function pad(s: string | number, n: number): string {
  const t = String(s);
  return t.length >= n ? t : t + ' '.repeat(n - t.length);
}

interface KnownEntry {
  why: string;
  /** Helm versions the difference applies to (absent: all three). */
  helm?: HelmKey[];
}

describe('corpus render: the built-in renderer compared with helm template on real charts', function () {
  if (!present) {
    it('reports that the corpus is absent', () => {
      // eslint-disable-next-line no-console
      console.log(`  The shared corpus was not found at ${CORPUS} (set HELM_HOOKS_CORPUS to point at it): corpus render comparison not run.`);
      assert.strictEqual(present, false);
    });
    return;
  }
  this.timeout(900000);

  const runs: OracleRun[] = fs
    .readdirSync(path.join(CORPUS, 'oracle'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const o = JSON.parse(fs.readFileSync(path.join(CORPUS, 'oracle', f), 'utf8')) as OracleRun;
      return { ...o, id: f.replace(/\.json$/, '') };
    });
  const comparisons: Comparison[] = [];
  const known = JSON.parse(fs.readFileSync(KNOWN_FILE, 'utf8')) as Record<string, KnownEntry>;

  before(async () => {
    const tasks: Array<() => Promise<void>> = [];
    for (const run of runs) {
      const chartDir = path.join(CORPUS, run.chart_dir);
      const args = ['template', run.release_name, chartDir, '-n', run.namespace];
      if (run.values_file) args.push('-f', path.join(CORPUS, run.values_file));
      args.push(...(run.extra_helm_args ?? []));
      for (const helm of HELM_KEYS) {
        tasks.push(async () => {
          const inputs = [chartDir, ...(run.values_file ? [path.join(CORPUS, run.values_file)] : [])];
          const h1 = await cachedHelm(helm, args, inputs, 1);
          const h2 = await cachedHelm(helm, args, inputs, 2);
          const t0 = performance.now();
          let ours: Outcome;
          try {
            const r = renderChart(nodeFileSystem, chartDir.split(path.sep).join('/'), {
              releaseName: run.release_name,
              namespace: run.namespace,
              valuesFiles: run.values_file ? [{ name: path.join(CORPUS, run.values_file), text: fs.readFileSync(path.join(CORPUS, run.values_file), 'utf8') }] : [],
              helmVersion: helm,
              budget: new RenderBudget({ timeoutMs: 60000 }),
            });
            ours = r.ok ? { ok: true, docs: parseOutput(r.output), nondeterministic: r.nondeterministic } : { ok: false, error: r.error };
          } catch (e) {
            ours = { ok: false, error: `internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}` };
          }
          comparisons.push(compare(run.id, helm, ours, h1, h2, performance.now() - t0));
        });
      }
    }
    await pool(tasks, PARALLEL);
    comparisons.sort((x, y) => (x.run === y.run ? HELM_KEYS.indexOf(x.helm) - HELM_KEYS.indexOf(y.helm) : x.run < y.run ? -1 : 1));
    const lines = [`  ${pad('chart@values', 96)} ${pad('helm', 4)} ${pad('docs same', 10)} ${pad('hooks same', 10)} ms`];
    const totals = new Map<HelmKey, [number, number, number, number]>();
    for (const c of comparisons) {
      const render = c.differing.get('*render*');
      lines.push(
        `  ${pad(c.run, 96)} ${pad(c.helm, 4)} ${pad(render ? 'FAILED' : `${c.docsSame}/${c.docs}`, 10)} ${pad(render ? '' : `${c.hooksSame}/${c.hooks}`, 10)} ${Math.round(c.ms)}`,
      );
      const t = totals.get(c.helm) ?? [0, 0, 0, 0];
      totals.set(c.helm, [t[0] + c.docsSame, t[1] + c.docs, t[2] + c.hooksSame, t[3] + c.hooks]);
    }
    for (const [h, t] of totals) lines.push(`  total Helm ${h}: documents ${t[0]}/${t[1]} identical, hooks ${t[2]}/${t[3]} identical`);
    // eslint-disable-next-line no-console
    console.log(lines.join('\n'));
  });

  const knownFor = (run: string, helm: HelmKey, key: string): KnownEntry | undefined => {
    const e = known[`${run} ${key}`];
    return e && (!e.helm || e.helm.includes(helm)) ? e : undefined;
  };

  for (const helm of HELM_KEYS) {
    it(`every document that differs from Helm ${helm} is a listed known difference`, () => {
      const unlisted: string[] = [];
      for (const c of comparisons) {
        if (c.helm !== helm) continue;
        for (const [k, how] of c.differing) if (!knownFor(c.run, helm, k)) unlisted.push(`${c.run} ${k} (${how})`);
      }
      assert.deepStrictEqual(unlisted, [], `${unlisted.length} unlisted differences:\n${unlisted.join('\n')}`);
    });
  }

  it('every listed known difference still differs', () => {
    const stale: string[] = [];
    for (const [key, entry] of Object.entries(known)) {
      if (!entry.why || !entry.why.trim()) stale.push(`${key}: no explanation`);
      const sp = key.indexOf(' ');
      const run = key.slice(0, sp);
      const docKey = key.slice(sp + 1);
      for (const helm of entry.helm ?? HELM_KEYS) {
        const c = comparisons.find((x) => x.run === run && x.helm === helm);
        if (!c) stale.push(`${key} (Helm ${helm}): no such chart run`);
        else if (!c.differing.has(docKey)) stale.push(`${key} (Helm ${helm}): now identical`);
      }
    }
    assert.deepStrictEqual(stale, [], `${stale.length} stale entries:\n${stale.join('\n')}`);
  });
});
