/**
 * Keystroke latency over LSP, as an editor sees it: the time from a one-character `textDocument/didChange` to the
 * `publishDiagnostics` for that document's new version, over many edits, against a server in its own process
 * (ours, or yaml-language-server for a comparison row). Each edit waits for its publish before the next, so the
 * figures are per keystroke, not throughput. Client-side times: they include JSON-RPC over the pipe both ways, so
 * they bound the server's own time from above. A server that traces its own time per published version (ours does,
 * in `$/logTrace`, once the client asks for traces) gets that time reported too: the issue's target is server time.
 *
 * The edit types one character at the end of a comment line, or else of a label value near the end of the file,
 * and deletes it again on the next edit, so the text never grows and every hook stays as it was.
 *
 * Self-test: node out/scripts/bench/keystroke.js <file> [--edits N] [--yaml-ls]   (prints JSON)
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LanguageServerProcess } from './lspProcess';

export interface KeystrokeOptions {
  /** `[program, ...args]`, e.g. `['node', 'bin/helm-hooks-language-server.js', '--stdio']`. */
  serverCommand: string[];
  file: string;
  languageId: string;
  /** Edits to time (200 in the benchmark); they alternate insert and delete. */
  edits: number;
  /** Settings by section, answered to `workspace/configuration` and sent with `didChangeConfiguration`. */
  settings?: unknown;
  /** Workspace root for initialize; default: the nearest folder up with a Chart.yaml, else the file's folder. */
  rootDir?: string;
  /** Longest wait for one publish, in ms (default 30 s); on a timeout the edits stop and a note says so. */
  timeoutMs?: number;
  /**
   * Stop starting new edits once the edits so far took this long, in ms (a slow server on a 20,000-line file would
   * otherwise take minutes); `edits` in the result says how many were timed. Default: no limit.
   */
  budgetMs?: number;
  /**
   * Typing pace: ms from one keystroke's diagnostics to the next keystroke (default 0: the next edit as soon as the
   * last one's diagnostics came). With a pace longer than the built-in render's quiet time, every keystroke starts a
   * render in the server's worker, which the next keystroke cancels (or which lands): the load renders put beside
   * the keystroke path.
   */
  paceMs?: number;
  /** Where to type and what (one UTF-16 unit), or where `editPosition` should choose; default: `editPosition(text)`. */
  at?: { line: number; character: number; char: string } | 'end' | 'hook';
}

export interface KeystrokeResult {
  /** didChange to its publishDiagnostics, in ms, over the edits that completed. */
  p50: number;
  p95: number;
  max: number;
  /**
   * The server's own time per edit, from its change handler to the diagnostics handed to its connection, as it
   * traces it (only servers that do; undefined otherwise). Excludes both pipes, the client and the JSON-RPC codecs.
   */
  server?: { p50: number; p95: number; max: number; edits: number };
  edits: number;
  /** didOpen to the first publishDiagnostics of the file (the server's cold load of the chart included). */
  firstPublishMs: number;
  /** The server process's VmHWM after the last edit. */
  peakRssMB: number;
  /** Whether the server's publishes carry the document version (else: the next publish after the change counted). */
  versioned: boolean;
  sync: 'incremental' | 'full';
  /** 0-based line that was edited, what it held, and the character typed at its end. */
  editedLine: number;
  editedText: string;
  typed: string;
  /** Diagnostics in the first publish and in the last edit's: equal when the edits left every hook as it was. */
  diagnosticsFirst: number;
  diagnosticsLast: number;
  note?: string;
}

/** Nearest-rank percentile. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Our server's trace line for one published version (`server.ts`). */
const SERVER_TIME = /^diagnostics of version (\d+) of (\S+) sent ([\d.]+) ms after its change$/;

function chartRootOf(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'Chart.yaml'))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(file);
  }
}

/**
 * Where to type. `hook`: the end of the first label line of the first hook document, so that the hook is read again
 * and its order derived anew. `end` (the default): the end of the last comment line, else of the last plain
 * `key: value` line under `labels:` or `matchLabels:`, else the empty line after the final line break (where the edit
 * types `#`, a comment), else the end of the last plain `key: value` line whose key does not decide a hook (not
 * `helm.sh/*`, `kind`, `apiVersion`, `name`, `namespace`, `restartPolicy`).
 */
export function editPosition(text: string, where: 'end' | 'hook' = 'end'): { line: number; character: number; char: string } {
  const lines = text.split(/\r\n|\r|\n/);
  const plain = /^(\s+)([A-Za-z0-9_./-]+): ([A-Za-z0-9][A-Za-z0-9_.-]*)\s*$/;
  const endOf = (i: number) => ({ line: i, character: lines[i].replace(/\s+$/, '').length, char: 'x' });
  if (where === 'end') for (let i = lines.length - 1; i >= 0; i--) if (/^\s*#/.test(lines[i]) && !/\{\{|\}\}/.test(lines[i])) return endOf(i);
  const parentKey = (i: number): string | undefined => {
    const indent = /^\s*/.exec(lines[i])![0].length;
    for (let j = i - 1; j >= 0; j--) {
      const m = /^(\s*)([A-Za-z0-9_./-]+):\s*$/.exec(lines[j]);
      if (m && m[1].length < indent) return m[2];
      if (lines[j].trim() && /^\s*/.exec(lines[j])![0].length < indent && !m) return undefined;
    }
    return undefined;
  };
  if (where === 'hook') {
    // The first label after the first hook annotation: the hook's document is read again, its hook item is new.
    const hook = lines.findIndex((l) => /helm\.sh\/hook["']?\s*:/.test(l));
    for (let i = Math.max(0, hook); hook >= 0 && i < lines.length && !/^---/.test(lines[i]); i++) {
      if (plain.test(lines[i]) && ['labels', 'matchLabels'].includes(parentKey(i) ?? '')) return endOf(i);
    }
    throw new Error('no label line in the first hook document');
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    if (plain.test(lines[i]) && ['labels', 'matchLabels'].includes(parentKey(i) ?? '')) return endOf(i);
  }
  // The empty line after a final line break: the typed character is a comment sign there.
  if (lines.length > 1 && lines[lines.length - 1] === '') return { line: lines.length - 1, character: 0, char: '#' };
  // Keys whose value decides what a resource is, its name (hook order ties) or a hook diagnostic are left alone.
  const decisive = /^(helm\.sh\/.*|kind|apiVersion|name|namespace|restartPolicy)$/;
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = plain.exec(lines[i]);
    if (m && !decisive.test(m[2])) return endOf(i);
  }
  throw new Error('no comment line or plain key: value line to type into');
}

function offsetOf(text: string, pos: { line: number; character: number }): number {
  const breaks = /\r\n|\r|\n/g;
  let offset = 0;
  for (let line = 0; line < pos.line; line++) {
    const m = breaks.exec(text);
    if (!m) throw new Error(`line ${pos.line} is past the end of the text`);
    offset = m.index + m[0].length;
  }
  return offset + pos.character;
}

export async function measureKeystrokes(opts: KeystrokeOptions): Promise<KeystrokeResult> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const file = fs.realpathSync(opts.file);
  const root = fs.realpathSync(opts.rootDir ?? chartRootOf(file));
  const uri = pathToFileURL(file).href;
  const original = fs.readFileSync(file, 'utf8');
  const { char, ...pos } = typeof opts.at === 'object' ? opts.at : editPosition(original, opts.at);
  const at = offsetOf(original, pos);
  const withChar = `${original.slice(0, at)}${char}${original.slice(at)}`;
  const notes: string[] = [];
  const server = new LanguageServerProcess({ command: opts.serverCommand, cwd: root, settings: opts.settings });
  const result: KeystrokeResult = {
    p50: NaN,
    p95: NaN,
    max: NaN,
    edits: 0,
    firstPublishMs: NaN,
    peakRssMB: NaN,
    versioned: false,
    sync: 'full',
    editedLine: pos.line,
    editedText: original.split(/\r\n|\r|\n/)[pos.line].trim(),
    typed: char,
    diagnosticsFirst: NaN,
    diagnosticsLast: NaN,
  };
  const times: number[] = [];
  /** The server's own times by document version, from its trace lines. */
  const serverTimes = new Map<number, number>();
  server.connection.onNotification('$/logTrace', (p: { message?: string }) => {
    const m = SERVER_TIME.exec(p.message ?? '');
    if (m && m[2] === uri) serverTimes.set(Number(m[1]), Number(m[3]));
  });
  try {
    const init = await server.initialize(root, pathToFileURL(root).href, timeoutMs);
    await server.connection.sendNotification('$/setTrace', { value: 'messages' });
    const sync = init.capabilities.textDocumentSync;
    const kind = typeof sync === 'number' ? sync : sync?.change;
    result.sync = kind === 2 ? 'incremental' : 'full';
    if (kind === 0) notes.push('the server asks for no document sync');
    if (opts.settings !== undefined && !(await server.configure(5000))) notes.push('the server did not pull workspace/configuration');

    const isOurs = (p: PublishDiagnosticsParams) => p.uri === uri;
    const first = server.nextPublish(isOurs);
    const t0 = performance.now();
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: opts.languageId, version: 1, text: original } });
    const firstParams = await server.guard(first, timeoutMs, 'the first diagnostics');
    result.firstPublishMs = performance.now() - t0;
    result.versioned = typeof firstParams.version === 'number';
    result.diagnosticsFirst = result.diagnosticsLast = firstParams.diagnostics.length;
    if (!result.versioned) notes.push('publishes carry no version: the next publish of the file after each change is counted');

    const editsStarted = performance.now();
    for (let i = 0; i < opts.edits; i++) {
      if (opts.budgetMs !== undefined && performance.now() - editsStarted > opts.budgetMs) {
        notes.push(`stopped after ${i} of ${opts.edits} edits: the ${opts.budgetMs} ms budget was spent`);
        break;
      }
      if (opts.paceMs) await new Promise((resolve) => setTimeout(resolve, opts.paceMs));
      const version = i + 2;
      const inserting = i % 2 === 0;
      const change =
        result.sync === 'incremental'
          ? inserting
            ? { range: { start: pos, end: pos }, text: char }
            : { range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: '' }
          : { text: inserting ? withChar : original };
      const published = server.nextPublish((p) => isOurs(p) && (!result.versioned || p.version === version));
      const started = performance.now();
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      try {
        result.diagnosticsLast = (await server.guard(published, timeoutMs, `diagnostics of version ${version}`)).diagnostics.length;
      } catch (err) {
        notes.push(`edit ${i + 1}: ${(err as Error).message}; stopped`);
        break;
      }
      times.push(performance.now() - started);
    }
    result.peakRssMB = server.peakRssMB() ?? NaN;
  } catch (err) {
    notes.push(`failed: ${(err as Error).message}`);
    result.peakRssMB = server.peakRssMB() ?? NaN;
  } finally {
    await server.stop();
  }
  const sorted = times.slice().sort((a, b) => a - b);
  result.edits = times.length;
  result.p50 = percentile(sorted, 50);
  result.p95 = percentile(sorted, 95);
  result.max = sorted.length ? sorted[sorted.length - 1] : NaN;
  // Versions 2.. are the timed edits; a server that traces its time for none of them reports no server figure.
  const own = [...Array(times.length).keys()].map((i) => serverTimes.get(i + 2)).filter((t): t is number => t !== undefined);
  if (own.length) {
    own.sort((a, b) => a - b);
    result.server = { p50: percentile(own, 50), p95: percentile(own, 95), max: own[own.length - 1], edits: own.length };
  }
  if (notes.length) result.note = notes.join('; ');
  return result;
}

// ---- self-test --------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const valueOf = (flag: string): string | undefined => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const edits = Number(valueOf('--edits') ?? 200);
  const budget = valueOf('--budget-ms');
  const yamlLs = args.includes('--yaml-ls');
  const file = args.find((a, i) => !a.startsWith('--') && !['--edits', '--budget-ms'].includes(args[i - 1]));
  if (!file) {
    process.stderr.write('usage: keystroke.js <file> [--edits N] [--budget-ms MS] [--yaml-ls]\n');
    process.exit(2);
  }
  const repo = path.resolve(__dirname, '..', '..', '..');
  const budgetMs = budget === undefined ? undefined : Number(budget);
  let opts: KeystrokeOptions;
  let about: Record<string, unknown>;
  if (yamlLs) {
    // Loaded only here: the competitors module installs yaml-language-server when it is missing.
    const c = await import('./competitors');
    opts = { serverCommand: ['node', c.ensureYamlLanguageServer(), '--stdio'], file, languageId: 'yaml', edits, budgetMs, settings: c.YAML_LS_SETTINGS };
    about = { server: `yaml-language-server ${c.YAML_LANGUAGE_SERVER_VERSION}`, validationDelayMs: c.YAML_LS_VALIDATION_DELAY_MS };
  } else {
    opts = { serverCommand: ['node', path.join(repo, 'bin', 'helm-hooks-language-server.js'), '--stdio'], file, languageId: 'helm', edits, budgetMs };
    about = { server: 'helm-hooks-language-server' };
  }
  const result = await measureKeystrokes(opts);
  process.stdout.write(`${JSON.stringify({ ...about, file, ...result }, null, 2)}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
