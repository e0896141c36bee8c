/**
 * Shared pieces of the fuzz suites: run every engine entry point over one template text, check that what comes
 * back is sane (ranges inside the text), time it, and count inputs, crashes and the slowest case.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  ChartWorkspace,
  LineIndex,
  analyzeDocument,
  codeLensesFor,
  completeAt,
  diagnoseFile,
  hoverAt,
  memoryFileSystem,
  templateDocuments,
  type Position,
  type Range,
} from '../../server/src/engine';

/** The bound asserted per input on a 2-core machine: every entry point over one file together. */
export const PER_INPUT_MS = 2000;

export const CORPUS = process.env.HELM_HOOKS_CORPUS ?? path.resolve(__dirname, '../../../../shared/corpus');

export class FuzzStats {
  inputs = 0;
  crashes = 0;
  slowestMs = 0;
  slowestWhat = '';

  constructor(readonly suite: string, readonly boundMs = PER_INPUT_MS) {}

  /** Runs `fn` once for one input, counting it, recording a throw as a crash and failing on a slow one. */
  time<T>(what: string, fn: () => T): T {
    this.inputs++;
    const started = performance.now();
    let result: T;
    try {
      result = fn();
    } catch (e) {
      this.crashes++;
      throw new Error(`${this.suite}: crash on ${what}: ${(e as Error)?.stack ?? String(e)}`);
    }
    const ms = performance.now() - started;
    if (ms > this.slowestMs) {
      this.slowestMs = ms;
      this.slowestWhat = what;
    }
    assert.ok(ms <= this.boundMs, `${this.suite}: ${what} took ${ms.toFixed(0)} ms (bound ${this.boundMs} ms)`);
    return result;
  }

  /** Async variant (server round trips). */
  async timeAsync<T>(what: string, fn: () => Promise<T>): Promise<T> {
    this.inputs++;
    const started = performance.now();
    let result: T;
    try {
      result = await fn();
    } catch (e) {
      this.crashes++;
      throw new Error(`${this.suite}: failure on ${what}: ${(e as Error)?.stack ?? String(e)}`);
    }
    const ms = performance.now() - started;
    if (ms > this.slowestMs) {
      this.slowestMs = ms;
      this.slowestWhat = what;
    }
    assert.ok(ms <= this.boundMs, `${this.suite}: ${what} took ${ms.toFixed(0)} ms (bound ${this.boundMs} ms)`);
    return result;
  }

  report(): void {
    console.log(
      `    [fuzz] ${this.suite}: ${this.inputs} inputs fuzzed, ${this.crashes} crashes, slowest ${this.slowestMs.toFixed(1)} ms` +
        `${this.slowestWhat ? ` (${this.slowestWhat})` : ''}, bound ${this.boundMs} ms per input`,
    );
  }
}

const CHART_YAML = 'apiVersion: v2\nname: fuzzchart\nversion: 0.1.0\n';
const ROOT = '/ws/fuzzchart';
export const FUZZ_FILE = `${ROOT}/templates/fuzz.yaml`;

/** A range is sane when it is ordered and both ends lie inside the text (LSP line/character). */
export function assertRangeInside(lines: LineIndex, r: Range, what: string): void {
  const check = (p: Position) => {
    assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character), `${what}: non-integer position ${JSON.stringify(p)}`);
    assert.ok(p.line >= 0 && p.line < lines.lineCount, `${what}: line ${p.line} outside 0..${lines.lineCount - 1}`);
    const len = lines.lineEnd(p.line) - lines.lineStart(p.line);
    assert.ok(p.character >= 0 && p.character <= len, `${what}: character ${p.character} outside line ${p.line} of length ${len}`);
  };
  check(r.start);
  check(r.end);
  const before = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
  assert.ok(before, `${what}: range ends before it starts ${JSON.stringify(r)}`);
}

/** Positions worth asking about: the given ones clamped into the text, plus the ends. */
function positionsFor(lines: LineIndex, offsets: number[]): Position[] {
  const n = lines.text.length;
  return [0, n, ...offsets.map((o) => Math.max(0, Math.min(n, o)))].map((o) => lines.positionAt(o));
}

/**
 * Every engine entry point over one template (given as text or raw bytes), with sanity checks:
 * templateDocuments + analyzeDocument, ChartWorkspace.modelFor + hookModel + order, diagnoseFile,
 * completeAt and hoverAt at a few offsets, codeLensesFor.
 */
export function exerciseEngine(content: string | Uint8Array, offsets: number[] = [], extra: Record<string, string | Uint8Array> = {}): void {
  const text = typeof content === 'string' ? content : new TextDecoder().decode(content);
  const lines = new LineIndex(text);

  // The document seam and extraction, directly.
  for (const doc of templateDocuments(FUZZ_FILE, 'fuzzchart/templates/fuzz.yaml', text, { inSubchart: false })) {
    assert.ok(doc.span.start >= 0 && doc.span.start <= doc.span.end && doc.span.end <= doc.text.length, `document span ${JSON.stringify(doc.span)}`);
    analyzeDocument(doc);
  }

  // Through the workspace, as the server and CLI do.
  const ws = new ChartWorkspace(memoryFileSystem({ [`${ROOT}/Chart.yaml`]: CHART_YAML, [FUZZ_FILE]: content, ...extra }));
  const model = ws.modelFor(FUZZ_FILE);
  assert.ok(model, 'the fuzz chart is found');
  for (const version of [4, 3] as const) {
    const hooks = ws.hookModel(model, version);
    for (const d of diagnoseFile(model, FUZZ_FILE, hooks, { helmVersion: version })) assertRangeInside(lines, d.range, `diagnostic ${d.code}`);
    const order = ws.order(model, version);
    assert.ok(order && typeof order === 'object', 'an order result');
    JSON.stringify(order); // serialisable for the panel and the CLI: no cycles, no BigInt
  }
  for (const position of positionsFor(lines, offsets)) {
    for (const item of completeAt(ws, FUZZ_FILE, text, position, { helmVersion: 4 })) {
      assert.strictEqual(typeof item.label, 'string');
      if (item.range) assertRangeInside(lines, item.range, `completion ${item.label}`);
    }
    const hover = hoverAt(ws, FUZZ_FILE, text, position, { helmVersion: 4 });
    if (hover) {
      assert.strictEqual(typeof hover.markdown, 'string');
      assertRangeInside(lines, hover.range, 'hover');
    }
  }
  for (const lens of codeLensesFor(ws, FUZZ_FILE, text, { helmVersion: 4 })) assertRangeInside(lines, lens.range, `code lens ${lens.title}`);
}

/** Up to `max` template texts from the shared corpus (read-only; never copied into the repository). */
export function corpusTemplates(max: number): Array<{ name: string; text: string }> | undefined {
  const charts = path.join(CORPUS, 'charts');
  if (!fs.existsSync(charts)) return undefined;
  const out: Array<{ name: string; text: string }> = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\/templates\/.*\.(ya?ml|tpl)$/.test(p)) {
        const text = fs.readFileSync(p, 'utf8');
        if (text.length < 200_000) out.push({ name: path.relative(charts, p), text });
      }
    }
  };
  walk(charts);
  // Hooks first (the interesting paths), then a spread of the rest, deterministic.
  const hooks = out.filter((t) => t.text.includes('helm.sh/hook'));
  const rest = out.filter((t) => !t.text.includes('helm.sh/hook'));
  const step = Math.max(1, Math.floor(rest.length / Math.max(1, max - hooks.length)));
  return [...hooks, ...rest.filter((_, i) => i % step === 0)].slice(0, max);
}

/** Seeds used when the corpus is absent: small hand-written templates with hooks and template actions. */
export const INLINE_SEEDS: string[] = [
  [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: {{ include "x.fullname" . }}-migrate',
    '  annotations:',
    '    "helm.sh/hook": pre-install,pre-upgrade',
    '    "helm.sh/hook-weight": "-5"',
    '    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded',
    'spec:',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '      containers: [{name: m, image: alpine}]',
    '',
  ].join('\n'),
  [
    '{{- if .Values.hooks.enabled }}',
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: "{{ .Release.Name }}-test"',
    '  annotations:',
    '    helm.sh/hook: test',
    '    {{- with .Values.podAnnotations }}',
    '    {{- toYaml . | nindent 4 }}',
    '    {{- end }}',
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: cm',
    '  annotations: {"helm.sh/hook": "post-install", "helm.sh/hook-weight": "3"}',
    '{{- end }}',
    '',
  ].join('\n'),
  '{{- define "x.fullname" -}}{{ .Release.Name }}{{- end }}\n',
];

/**
 * Mocha sets Error.stackTraceLimit to Infinity; the server and the CLI run with Node's default of 10. With no
 * limit, every YAMLError the parser makes inside 10,000 nested collections captures a 10,000-frame stack, and the
 * 10k-deep "{" case took 5.6 s instead of 0.2 s. Call in a describe() to time the engine as it runs in production.
 */
export function withNodeStackTraceLimit(): void {
  let saved: number | undefined;
  before(() => {
    saved = Error.stackTraceLimit;
    Error.stackTraceLimit = 10;
  });
  after(() => {
    if (saved !== undefined) Error.stackTraceLimit = saved;
  });
}
