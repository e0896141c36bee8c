/**
 * Differential test of the template masker: the regular-expression scan in `templateMask.ts` must give exactly what
 * the first, character-by-character masker gives (test/helpers/referenceMask.ts): the masked text, every action, every
 * block with its branches, and which blocks enclose each offset. On every corpus template, and on random edits aimed
 * at what the scan decides on (delimiters, trim markers, strings, raw strings, character constants, comments, line
 * breaks).
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import { splitDocuments } from '../../server/src/engine/documents/manifestDocuments';
import { enclosingBlocks, maskTemplate, type MaskedTemplate } from '../../server/src/engine/documents/templateMask';
import type { Span } from '../../server/src/engine/types';
import { referenceMask } from '../helpers/referenceMask';
import { corpusTemplates, INLINE_SEEDS } from './fuzzKit';

function assertSameMask(source: string, label: string): void {
  const fast = maskTemplate(source);
  const ref = referenceMask(source);
  assert.strictEqual(fast.masked, ref.masked, `${label}: masked text`);
  assert.deepStrictEqual(fast.actions, ref.actions, `${label}: actions`);
  assert.deepStrictEqual(fast.blocks, ref.blocks, `${label}: blocks`);
  // Nesting: the masker records each block's parent as it opens; the reference's is worked out from the spans.
  for (const offset of probeOffsets(ref)) {
    assert.deepStrictEqual(enclosingBlocks(fast, offset), enclosingBlocks(ref, offset), `${label}: blocks around offset ${offset}`);
  }
}

/** Offsets where nesting can change: around every block's opening, branches and end, and the text's ends. */
function probeOffsets(m: MaskedTemplate): number[] {
  const out = new Set<number>([0, m.source.length]);
  for (const b of m.blocks) {
    for (const o of [b.openStart, b.start, b.end, ...(b.elses ?? []).map((e) => e.start)]) {
      out.add(Math.max(0, o - 1));
      out.add(o);
    }
  }
  return [...out];
}

const TOKENS = [
  '{{', '}}', '{{-', '-}}', '{{- ', ' -}}', '{{ ', ' }}', '"', '\\', '\\"', '`', "'", "'x'", "'\\''", '/*', '*/', '{{/* c */}}',
  '{{- /* c */ -}}', '\n', '\r\n', '\r', ' ', '\t', '{{ end }}', '{{- end }}', '{{ if .Values.a }}', '{{- if not .b -}}',
  '{{ else }}', '{{ else if .c }}', '{{- else with .d }}', '{{ range .e }}', '{{ with .f }}', '{{ define "x.y" }}',
  '{{ block "z" . }}', '{{ template "x.y" . }}', '{{ include "x" . | nindent 4 }}', '{{ "}}" }}', '{{ `}}` }}', '---\n',
  '{{end}}', '{{iff .x}}', '{{ if_x }}', '\u00a0', '\u2028', 'é', '\u{1F600}', '\ud800', '}', '{',
];

describe('fuzz: the regular-expression masker masks exactly what the character-by-character masker does', function () {
  this.timeout(300_000);

  const corpus = corpusTemplates(1_000_000);
  it(`every corpus template (${corpus ? corpus.length : '../shared/corpus is absent: none'}) is masked the same both ways`, () => {
    let actions = 0;
    for (const t of corpus ?? []) {
      assertSameMask(t.text, t.name);
      actions += referenceMask(t.text).actions.length;
    }
    if (corpus) console.log(`    [mask] ${corpus.length} corpus templates, ${actions} actions, 0 differences`);
  });

  it('random edits of templates are masked the same both ways', () => {
    const seeds = [...(corpus ?? []).filter((t) => t.text.length < 20_000).slice(0, 300).map((t) => t.text), ...INLINE_SEEDS];
    let inputs = 0;
    const edit = fc.record({
      seed: fc.nat({ max: seeds.length - 1 }),
      edits: fc.array(
        fc.record({
          at: fc.double({ min: 0, max: 1, noNaN: true }),
          del: fc.nat({ max: 8 }),
          insert: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 }), fc.array(fc.constantFrom(...TOKENS), { maxLength: 5 }).map((a) => a.join(''))),
        }),
        { minLength: 1, maxLength: 6 },
      ),
    });
    fc.assert(
      fc.property(edit, ({ seed, edits }) => {
        let text = seeds[seed];
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + e.insert + text.slice(at + e.del);
        }
        inputs++;
        assertSameMask(text, `input ${inputs}`);
      }),
      { numRuns: 3000, seed: 20261124 },
    );
    console.log(`    [fuzz] masker: ${inputs} edited templates masked both ways, 0 differences`);
  });

  it('texts made only of delimiters, quotes and line breaks are masked the same both ways', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS, 'a', ' '), { maxLength: 40 }), (parts) => {
        assertSameMask(parts.join(''), JSON.stringify(parts.join('')));
      }),
      { numRuns: 3000, seed: 424242 },
    );
  });

  it('short texts of single characters the scan decides on are masked the same both ways', () => {
    // One character at a time reaches the pairings tokens rarely make: `'\\'"'` (a quote hidden in a character
    // constant), a backslash at the end of a string, a trim marker without a blank.
    const chars = fc.constantFrom('}', '"', "'", '\\', '`', '\n', ' ');
    fc.assert(
      fc.property(fc.array(chars, { minLength: 4, maxLength: 10 }), fc.constantFrom('', '-', '- ', '/*', '- /*', '\r'), (cs, lead) => {
        const text = '{{' + lead + cs.join('') + '}}';
        assertSameMask(text, JSON.stringify(text));
      }),
      { numRuns: 60000, seed: 7 },
    );
  });
});

/** Helm's split, line by line: a line that starts with `---` ends a document; the next starts on the line after it. */
function referenceSplit(text: string): Span[] {
  const spans: Span[] = [];
  let docStart = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let nl = text.indexOf('\n', lineStart);
    if (nl < 0) nl = text.length;
    if (text.startsWith('---', lineStart)) {
      spans.push({ start: docStart, end: lineStart });
      docStart = nl < text.length ? nl + 1 : text.length;
    }
    lineStart = nl + 1;
  }
  spans.push({ start: docStart, end: text.length });
  return spans;
}

describe('fuzz: documents are split where Helm splits them', () => {
  it('the native separator scan gives the line-by-line split, on corpus templates and on random texts', () => {
    for (const t of corpusTemplates(1_000_000) ?? []) assert.deepStrictEqual(splitDocuments(maskTemplate(t.text).masked), referenceSplit(maskTemplate(t.text).masked), t.name);
    const piece = fc.constantFrom('---', '--', '-', '\n', '\r\n', '\r', '\u2028', ' ', 'a: 1', '--- # c', '----');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        assert.deepStrictEqual(splitDocuments(text), referenceSplit(text), JSON.stringify(text));
      }),
      { numRuns: 5000, seed: 31 },
    );
  });
});
