/**
 * The built-in render in the language server, as an editor sees it (issue 15's editor targets), against our server
 * in its own process over stdio:
 *   - an edit of kube-prometheus-stack's `_helpers.tpl` (every template includes it) → the fresh order: the time
 *     from `didChange` to `helmHooks/chartChanged {rendered: true}` (the snapshot landed; the panel asks for the order
 *     then; each edit comes after the last render landed, so no quiet time applies); completion is asked for while
 *     each render runs, and its latency is reported. Two kinds of edit: `comment` types into a comment line (no define changes: every
 *     template renders to the same text), `define` adds and removes a character in the output of the chart's labels
 *     helper, which 143 of its templates include (every one of them renders to new text: the honest case);
 *   - opening the largest corpus chart → its first complete built-in order (`helmHooks/order`, mode `builtin`),
 *     against the wall time of `helm template` on the same chart in the same run: `later`, the file opened a while
 *     after the server started (as in VS Code: the extension starts with a workspace that has a Chart.yaml, the user
 *     opens a file later), and `immediate`, the file opened right after `initialized`.
 * Keystroke → fresh diagnostics is measured by keystroke.ts (the server renders in its worker meanwhile).
 *
 * Self-test: node out/scripts/bench/builtinEditor.js [--edits N] [--only comment|define|open] [--server dist]   (prints JSON)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { CompletionList } from 'vscode-languageserver-protocol';
import { DEFAULT_BUILTIN_RENDER_OPTIONS } from '../../server/src/builtin/renderService';
import { percentile } from './keystroke';
import { LanguageServerProcess } from './lspProcess';

const REPO = path.resolve(__dirname, '..', '..', '..');
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus', 'charts');
export const KPS = path.join(CORPUS, 'prometheus-community+helm-charts__kube-prometheus-stack');
/**
 * The server as `helm-hooks-language-server` runs it (out/, the default), or with `--server dist` as the VSIX runs it
 * (dist/server.js: one bundle, the worker through dist/chartRenderWorkerCached.js; the code cache in a folder of
 * this run, primed by a first start that is not counted).
 */
const SERVER_OUT = ['node', path.join(REPO, 'bin', 'helm-hooks-language-server.js'), '--stdio'];
const SERVER_DIST = ['node', path.join(REPO, 'dist', 'server.js'), '--stdio'];
let SERVER = SERVER_OUT;
const HELM = path.join(REPO, '.tools', 'helm', '4', 'helm');
/** The server's quiet time after an edit (builtin/renderService.ts DEFAULT_BUILTIN_RENDER_OPTIONS.debounceMs). */
export const QUIET_MS = DEFAULT_BUILTIN_RENDER_OPTIONS.debounceMs;

/** What the `_helpers.tpl` edits change: a comment line, or the output of the labels helper. */
export type HelperEditKind = 'comment' | 'define';

/** The labels helper of kube-prometheus-stack, and the line of its body the `define` edits change. */
const LABELS_DEFINE = '{{- define "kube-prometheus-stack.labels" }}';
const LABELS_LINE = 'app.kubernetes.io/managed-by: {{ .Release.Service }}\n';

/** How the `later` open waits after `initialized` before the file opens (ms). */
export const OPEN_LATER_MS = 2000;

interface OrderLike {
  mode: string;
  hookCount: number;
  stale?: boolean;
  renderErrors?: Array<{ message: string }>;
}

export interface HelperEditFigures {
  chart: string;
  kind: HelperEditKind;
  edits: number;
  /**
   * didChange → chartChanged {rendered}: what a user waits for. Each edit comes after the last render landed, so the
   * server renders at once (the quiet time only applies to edits that follow one another while a render runs).
   */
  fresh: { p50: number; p95: number; max: number };
  /** Completion asked for right after each edit, answered while the render runs. */
  completion: { p50: number; p95: number; max: number; answered: number };
  hookCount: number;
  note?: string;
}

export interface OpenFigures {
  chart: string;
  /** `later`: opened OPEN_LATER_MS after `initialized`; `immediate`: right after it. */
  when: 'later' | 'immediate';
  /** ms from `initialized` to didOpen. */
  openedAfterMs: number;
  /** didOpen → the first `helmHooks/order` answer in mode builtin (worker start and cold render included). */
  firstOrderMs: number;
  hookCount: number;
  mode: string;
  /** `helm template` on the same chart, same run (Helm 4). */
  helmTemplateMs: number;
  note?: string;
}

function stats(xs: number[]): { p50: number; p95: number; max: number } {
  const s = xs.slice().sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), max: s.length ? s[s.length - 1] : NaN };
}

/** Charts of the corpus by size on disk: the largest is the one "opening the largest chart" means. */
export function largestCorpusChart(): string | undefined {
  if (!fs.existsSync(CORPUS)) return undefined;
  const size = (dir: string): number => {
    let total = 0;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) total += size(p);
      else if (e.isFile()) total += fs.statSync(p).size;
    }
    return total;
  };
  let best: { dir: string; bytes: number } | undefined;
  for (const name of fs.readdirSync(CORPUS)) {
    const dir = path.join(CORPUS, name);
    if (!fs.existsSync(path.join(dir, 'Chart.yaml'))) continue;
    const bytes = size(dir);
    if (!best || bytes > best.bytes) best = { dir, bytes };
  }
  return best?.dir;
}

/** The server, initialized with the chart as its workspace folder; configured unless `configure` is false. */
async function startServer(root: string, configure = true): Promise<LanguageServerProcess> {
  const server = new LanguageServerProcess({ command: SERVER, cwd: root, settings: { helmHooks: {} } });
  await server.initialize(root, pathToFileURL(root).href, 30_000);
  if (configure) await server.configure(5000);
  return server;
}

/** The text of the `n`th edit of `_helpers.tpl`: the edit and the original in turn. */
function helperText(original: string, kind: HelperEditKind, n: number): string | undefined {
  if (n % 2 === 1) return original;
  if (kind === 'comment') return '{{/* helm-hooks bench */}}\n' + original;
  const at = original.indexOf(LABELS_DEFINE);
  const line = at < 0 ? -1 : original.indexOf(LABELS_LINE, at);
  if (line < 0) return undefined;
  // `Helmx` for `Helm`: still a plain YAML string, in every document that includes the labels.
  const end = line + LABELS_LINE.length - 1;
  return original.slice(0, end) + 'x' + original.slice(end);
}

/**
 * Edits of `_helpers.tpl`, the edit and the original in turn: a comment line typed into and cleared (`comment`), or
 * a character added to and removed from the labels helper's output (`define`). Each one re-renders the whole chart.
 */
export async function measureHelperEdits(chart = KPS, edits = 40, kind: HelperEditKind = 'define'): Promise<HelperEditFigures> {
  const root = fs.realpathSync(chart);
  const helpers = path.join(root, 'templates', '_helpers.tpl');
  const hookFile = fs.readdirSync(path.join(root, 'templates'), { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(root, 'templates', f))
    .find((f) => f.endsWith('.yaml') && /helm\.sh\/hook"?:/.test(fs.readFileSync(f, 'utf8')));
  const original = fs.readFileSync(helpers, 'utf8');
  const uri = pathToFileURL(helpers).href;
  const server = await startServer(root);
  const rendered: Array<() => void> = [];
  server.connection.onNotification('helmHooks/chartChanged', (p: { chartRoot: string; rendered?: boolean }) => {
    if (p.rendered && p.chartRoot === root) rendered.splice(0).forEach((r) => r());
  });
  const nextRender = () => new Promise<number>((resolve) => rendered.push(() => resolve(performance.now())));
  const fresh: number[] = [];
  const completion: number[] = [];
  let hookCount = NaN;
  const notes: string[] = [];
  try {
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text: original } });
    const hookUri = hookFile ? pathToFileURL(hookFile).href : undefined;
    const hookText = hookFile ? fs.readFileSync(hookFile, 'utf8') : '';
    if (hookUri) await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: hookUri, languageId: 'helm', version: 1, text: hookText } });
    const first = await server.guard(server.connection.sendRequest<OrderLike>('helmHooks/order', { uri, waitMs: 60_000 }), 70_000, 'the first order');
    hookCount = first.hookCount;
    if (first.mode !== 'builtin') notes.push(`the first order is ${first.mode}: ${first.renderErrors?.[0]?.message ?? ''}`);
    // Warm-up: the first renders compile the renderer in the worker.
    if (helperText(original, kind, 0) === undefined) throw new Error(`no "${LABELS_LINE.trim()}" in the labels helper of ${helpers}`);
    let text = original;
    for (let i = 0; i < edits + 5; i++) {
      const next = helperText(original, kind, i) ?? original;
      const landed = nextRender();
      const t0 = performance.now();
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [{ text: next }] });
      text = next;
      // Completion in a hook template once the quiet time is over, while the render runs.
      let answered: Promise<number> | undefined;
      if (hookUri) {
        answered = new Promise<number>((resolve) => setTimeout(resolve, QUIET_MS + 5)).then(async () => {
          const c0 = performance.now();
          await server.connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri: hookUri }, position: { line: 0, character: 0 } });
          return performance.now() - c0;
        });
      }
      const at = await server.guard(landed, 60_000, `the render after edit ${i + 1}`);
      const c = answered ? await answered : undefined;
      if (i < 5) continue;
      fresh.push(at - t0);
      if (c !== undefined) completion.push(c);
    }
    void text;
  } catch (err) {
    notes.push(`failed: ${(err as Error).message}`);
  } finally {
    await server.stop();
  }
  const c = stats(completion);
  return {
    chart: path.basename(root),
    kind,
    edits: fresh.length,
    fresh: stats(fresh),
    completion: { ...c, answered: completion.length },
    hookCount,
    note: notes.length ? notes.join('; ') : undefined,
  };
}

/**
 * didOpen of a template of the chart → the first built-in order, against `helm template` on the same chart. The
 * server's workspace folder is the chart. `later`: the server is initialized and configured and the file opens
 * OPEN_LATER_MS after `initialized`; `immediate`: the file opens right after `initialized`.
 */
export async function measureOpen(chart: string, when: 'later' | 'immediate' = 'later', stayMs = 0): Promise<OpenFigures> {
  const root = fs.realpathSync(chart);
  const notes: string[] = [];
  const h0 = performance.now();
  const helm = spawnSync(HELM, ['template', 'release-name', root], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, HELM_CACHE_HOME: path.join(require('os').tmpdir(), 'helm-bench-cache') } });
  const helmTemplateMs = performance.now() - h0;
  if (helm.status !== 0) notes.push(`helm template failed: ${helm.stderr.split('\n')[0]}`);
  const template = fs.readdirSync(path.join(root, 'templates'), { recursive: true, encoding: 'utf8' }).map((f) => path.join(root, 'templates', f)).find((f) => f.endsWith('.yaml'));
  const server = await startServer(root, false);
  const initialized = performance.now();
  let firstOrderMs = NaN;
  let hookCount = NaN;
  let mode = '';
  let openedAfterMs = NaN;
  try {
    if (when === 'later') {
      await server.configure(5000);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, initialized + OPEN_LATER_MS - performance.now())));
    }
    const file = template ?? path.join(root, 'Chart.yaml');
    const uri = pathToFileURL(file).href;
    const t0 = performance.now();
    openedAfterMs = t0 - initialized;
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text: fs.readFileSync(file, 'utf8') } });
    const order = await server.guard(server.connection.sendRequest<OrderLike>('helmHooks/order', { uri, waitMs: 60_000 }), 70_000, 'the first order');
    firstOrderMs = performance.now() - t0;
    hookCount = order.hookCount;
    mode = order.mode;
    if (order.mode !== 'builtin') notes.push(`answered ${order.mode}: ${order.renderErrors?.[0]?.message ?? ''}`);
  } catch (err) {
    notes.push(`failed: ${(err as Error).message}`);
  } finally {
    if (stayMs > 0) await new Promise((resolve) => setTimeout(resolve, stayMs));
    await server.stop();
  }
  return { chart: path.basename(root), when, openedAfterMs, firstOrderMs, hookCount, mode, helmTemplateMs, note: notes.length ? notes.join('; ') : undefined };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const edits = args.includes('--edits') ? Number(args[args.indexOf('--edits') + 1]) : 40;
  if (!fs.existsSync(KPS)) {
    process.stdout.write(`${JSON.stringify({ skipped: `no corpus at ${CORPUS}` })}\n`);
    return;
  }
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  if (args.includes('--server') && args[args.indexOf('--server') + 1] === 'dist') {
    SERVER = SERVER_DIST;
    process.env.HELM_HOOKS_CODE_CACHE = fs.mkdtempSync(path.join(require('os').tmpdir(), 'helm-hooks-bench-cache-'));
    const largest = largestCorpusChart();
    // Uncounted: the first start writes the code cache (the server 20 s after its start, the worker after its first job).
    if (largest) await measureOpen(largest, 'later', 22_000);
  }
  const out: Record<string, unknown> = {};
  if (!only || only === 'comment') out.commentEdits = await measureHelperEdits(KPS, edits, 'comment');
  if (!only || only === 'define') out.defineEdits = await measureHelperEdits(KPS, edits, 'define');
  const largest = only && only !== 'open' ? undefined : largestCorpusChart();
  if (largest) {
    out.openLater = await measureOpen(largest, 'later');
    out.openImmediate = await measureOpen(largest, 'immediate');
  }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
