/**
 * Property tests over the engine's entry points: whatever the template text, the engine never throws, answers
 * within PER_INPUT_MS per file, and every range it returns lies inside the text.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import { ChartWorkspace, codeLensesFor, memoryFileSystem } from '../../server/src/engine';
import { FuzzStats, INLINE_SEEDS, PER_INPUT_MS, corpusTemplates, exerciseEngine, withNodeStackTraceLimit } from './fuzzKit';

/** Pieces that steer random edits towards the interesting paths: template actions, YAML syntax, hook keys. */
const TOKENS = [
  '{{', '}}', '{{- ', ' -}}', '{{ end }}', '{{- if .Values.x }}', '{{ else }}', '{{/* c */}}', '---', '\n---\n', '...',
  '\n', '\r\n', '\r', '\t', ' ', '"', "'", ':', ': ', '- ', '-', '[', ']', '{', '}', ',', '#', '|', '>-', '&a ', '*a', '!!str ',
  '? ', '%YAML 1.2\n', 'helm.sh/hook', '"helm.sh/hook": ', 'helm.sh/hook-weight: "', 'helm.sh/hook-delete-policy: ',
  'pre-install', 'post-upgrade,', 'test', 'kind: Job\n', 'annotations:\n    ', 'metadata:\n  name: ', '\ufeff', '\u0000',
  '\uFFFD', '\u2028', '😀', '\ud800',
];

type Edit = { at: number; del: number; insert: string };

const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  del: fc.nat({ max: 40 }),
  insert: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 12 }), fc.constant('')),
});

function applyEdits(text: string, edits: Edit[]): string {
  let t = text;
  for (const e of edits) {
    const at = Math.floor(e.at * t.length);
    t = t.slice(0, at) + e.insert + t.slice(at + e.del);
  }
  return t;
}

describe('fuzz: the engine never throws, answers in bounded time, and its ranges lie inside the text', function () {
  this.timeout(300_000);
  const stats = new FuzzStats('engine');
  withNodeStackTraceLimit();

  const corpus = corpusTemplates(400);
  const seeds = corpus && corpus.length ? corpus : INLINE_SEEDS.map((text, i) => ({ name: `inline seed ${i}`, text }));
  before(() => {
    if (!corpus) console.log('    [fuzz] the shared corpus is absent (set HELM_HOOKS_CORPUS): fuzzing the inline seeds instead');
    else console.log(`    [fuzz] seeds: ${seeds.length} templates read from the shared corpus`);
  });

  const offsetsArb = fc.array(fc.nat({ max: 200_000 }), { maxLength: 4 });

  it('random edits (insert, delete, replace slices) of real templates', () => {
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 8 }), offsetsArb, (i, edits, offsets) => {
        const text = applyEdits(seeds[i].text, edits);
        stats.time(`edited ${seeds[i].name}`, () => exerciseEngine(text, offsets.map((o) => o % (text.length + 1))));
      }),
      { numRuns: 300, seed: Number(process.env.FUZZ_SEED ?? 4242), verbose: 1 },
    );
  });

  it('truncated files (every seed cut at a random point)', () => {
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (i, cut) => {
        const text = seeds[i].text.slice(0, Math.floor(cut * seeds[i].text.length));
        stats.time(`truncated ${seeds[i].name}`, () => exerciseEngine(text, [text.length, Math.floor(text.length / 2)]));
      }),
      { numRuns: 200, seed: Number(process.env.FUZZ_SEED ?? 4243) },
    );
  });

  it('every seed unedited, and with CRLF, lone CR and a byte-order mark', () => {
    for (const s of seeds) {
      const variants: Record<string, string> = {
        as: s.text,
        crlf: s.text.replace(/\r?\n/g, '\r\n'),
        cr: s.text.replace(/\r?\n/g, '\r'),
        bom: '\ufeff' + s.text,
        'bom+crlf': '\ufeff' + s.text.replace(/\r?\n/g, '\r\n'),
      };
      for (const [v, text] of Object.entries(variants)) stats.time(`${v} ${s.name}`, () => exerciseEngine(text, [Math.floor(text.length / 3)]));
    }
  });

  it('random bytes, random strings and invalid UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), offsetsArb, (bytes, offsets) => {
        stats.time('random bytes', () => exerciseEngine(bytes, offsets));
      }),
      { numRuns: 150, seed: Number(process.env.FUZZ_SEED ?? 4244) },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), offsetsArb, (text, offsets) => {
        stats.time('random string', () => exerciseEngine(text, offsets));
      }),
      { numRuns: 150, seed: Number(process.env.FUZZ_SEED ?? 4245) },
    );
    const hook = new TextEncoder().encode(INLINE_SEEDS[0]);
    const invalid = [
      Uint8Array.from([0xff, 0xfe, 0x00, 0x6b]), // UTF-16 BOM
      Uint8Array.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xed, 0xa0, 0x80]), // bad sequences, a surrogate
      Uint8Array.from([...hook.subarray(0, 120), 0x80, 0xbf, 0xc0, 0xaf, ...hook.subarray(120)]), // overlong + stray continuation bytes inside a hook
      Uint8Array.from([0xef, 0xbb, 0xbf, ...hook]), // UTF-8 BOM as bytes
    ];
    for (const bytes of invalid) stats.time('invalid UTF-8', () => exerciseEngine(bytes, [10, 100, 200]));
  });

  it('deeply nested YAML (10,000 levels), alias bombs (30 levels), a 10 MB line and a 4.9 MB line', () => {
    const header = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: n\n  annotations:\n    "helm.sh/hook": pre-install\n';
    const deep = 10_000;
    const hostile: Record<string, string> = {
      'nested "- " x10k': '- '.repeat(deep) + 'x\n',
      'nested "[" x10k': header + 'data: ' + '['.repeat(deep) + ']'.repeat(deep) + '\n',
      'nested "{" x10k (unclosed)': header + 'data: ' + '{a: '.repeat(deep) + '\n',
      'nested "{" x10k in annotations': 'kind: Job\nmetadata:\n  annotations: ' + '{"helm.sh/hook": '.repeat(deep) + 'pre-install' + '}'.repeat(deep) + '\n',
      'nested "- " x10k as annotation value': 'kind: Job\nmetadata:\n  annotations:\n    "helm.sh/hook": ' + '- '.repeat(deep) + 'x\n',
      'nested {{ x10k': header + '{{'.repeat(deep) + '\n',
      'indent staircase x2000': header + Array.from({ length: 2000 }, (_, i) => ' '.repeat(i) + 'k:').join('\n') + '\n',
      'alias bomb x30 in data': header + 'data:\n' + aliasBomb(30, '  '),
      'alias bomb x30 as annotations': 'kind: Job\nmetadata:\n  name: n\n' + aliasBomb(30, '  ') + '  annotations: *a29\n',
      'alias bomb x30 at top': aliasBomb(30, ''),
      '10 MB line': header + 'data: "' + 'x'.repeat(10 * 1024 * 1024) + '"\n',
      '10 MB line of template actions': '{{ ' + 'x'.repeat(10 * 1024 * 1024) + '\n',
      '4.9 MB line (under the file limit)': header + 'data: "' + 'x'.repeat(4_900_000) + '"\n',
      '4.9 MB of "{{" (under the file limit)': header + '{{ '.repeat(1_600_000) + '\n',
      '100,000 documents': header + '---\n'.repeat(100_000),
      '1,000 hooks in one file': ('---\n' + INLINE_SEEDS[0]).repeat(1_000),
    };
    for (const [name, text] of Object.entries(hostile)) stats.time(name, () => exerciseEngine(text, [text.length >> 1, text.length - 1]));
  });

  it('code lenses for a file of 5,000 hooks in linear time (each event ordered once, not once per hook)', () => {
    // Found by this suite: codeLensesFor sorted an event's hooks again for every hook, 4.5 s for 4,000 hooks.
    const text = ('---\n' + INLINE_SEEDS[0]).repeat(5_000);
    const ws = new ChartWorkspace(memoryFileSystem({ '/ws/c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n', '/ws/c/templates/f.yaml': text }));
    ws.hookModel(ws.modelFor('/ws/c/templates/f.yaml')!, 4);
    const started = performance.now();
    const lenses = stats.time('code lenses of 5,000 hooks', () => codeLensesFor(ws, '/ws/c/templates/f.yaml', text, { helmVersion: 4 }));
    const ms = performance.now() - started;
    assert.strictEqual(lenses.length, 5_000);
    assert.match(lenses[4_999].title, /^pre-install #5000 · pre-upgrade #5000 · weight -5$/);
    assert.ok(ms < 1000, `${ms} ms`);
  });

  it('the bound held for every input, with no crash', () => {
    stats.report();
    if (stats.crashes !== 0) throw new Error(`${stats.crashes} crashes`);
    if (stats.slowestMs > PER_INPUT_MS) throw new Error(`slowest ${stats.slowestMs} ms`);
  });
});

/** `a0: &a0 [x, x]`, `a1: &a1 [*a0, *a0]`, ... : 2^levels leaves once expanded. */
function aliasBomb(levels: number, indent: string): string {
  const lines = [`${indent}a0: &a0 [x, x]`];
  for (let i = 1; i < levels; i++) lines.push(`${indent}a${i}: &a${i} [*a${i - 1}, *a${i - 1}]`);
  return lines.join('\n') + '\n';
}
