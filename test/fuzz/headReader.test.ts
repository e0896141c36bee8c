/**
 * Differential fuzz: random edits of real hook templates, read with the fast head reader and with the full YAML
 * parser, must give identical analyses (the fast reader either reads a document exactly or leaves it to the parser).
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import { analysesBothWays, fastReadCount, headsWellFormed } from '../helpers/headReading';
import { corpusTemplates, INLINE_SEEDS } from './fuzzKit';

/** Edits aimed at what the fast reader decides on: indentation, quotes, colons, comments, indicators. */
const TOKENS = [
  ' ', '  ', '\n', '\r\n', '\t', '"', "'", "''", ':', ': ', ' #', '# ', '- ', '-', '[', ']', '{', '}', '{}', ',', '|', '>',
  '&a ', '*a', '!!str ', '? ', '<<: ', '~', 'null', 'yes', 'on', '0x1F', '1:30', '2024-01-01', '"\\t"', '-5', '.inf',
  'kind: Pod\n', 'spec:\n  restartPolicy: Never\n', 'metadata:\n', '  annotations:\n', '    helm.sh/hook: test\n',
  '"helm.sh/hook": ', 'helm.sh/hook-weight: ', 'name: ', '{{ .Values.x }}', '{{- if .Values.y }}', '{{ end }}',
];

describe('fuzz: on well-formed YAML the fast head reader reads what the full parser reads', function () {
  this.timeout(300_000);
  const corpus = corpusTemplates(400)?.filter((t) => t.text.includes('helm.sh/hook'));
  const seeds = [...(corpus ?? []).map((t) => t.text), ...INLINE_SEEDS.filter((s) => s.includes('helm.sh/'))];
  let inputs = 0;
  let fastRead = 0;
  let parsedDocs = 0;
  let compared = 0;
  let malformed = 0;

  it(`random edits of ${seeds.length} hook templates (${corpus ? `${corpus.length} from the corpus` : '../shared/corpus is absent: inline seeds only'}), read both ways`, () => {
    const edit = fc.record({
      seed: fc.nat({ max: seeds.length - 1 }),
      edits: fc.array(
        fc.record({
          at: fc.double({ min: 0, max: 1, noNaN: true }),
          del: fc.nat({ max: 12 }),
          insert: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 })),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(edit, ({ seed, edits }) => {
        let text = seeds[seed];
        // Edits land in the head of a document, where the reader decides.
        const head = Math.max(1, text.indexOf('spec:') > 0 ? text.indexOf('spec:') : text.length);
        for (const e of edits) {
          const at = Math.floor(e.at * Math.min(head, text.length));
          text = text.slice(0, at) + e.insert + text.slice(at + e.del);
        }
        inputs++;
        const count = fastReadCount(text);
        parsedDocs += count.parsed;
        fastRead += count.fast;
        const { fast, full } = analysesBothWays(text);
        const wellFormed = headsWellFormed(text);
        wellFormed.forEach((ok, i) => {
          if (ok) {
            compared++;
            assert.deepStrictEqual(fast[i], full[i], `document ${i}`);
          } else malformed++;
        });
      }),
      { numRuns: 4000, seed: 20261123 },
    );
    console.log(`    [fuzz] head reader: ${inputs} inputs, ${compared} documents compared (${malformed} with a YAML error in the head left out: Helm cannot read those either), 0 differences; of ${parsedDocs} documents that mention helm.sh/, ${fastRead} read by the fast path`);
  });
});
