/**
 * The fast head reader must read exactly what the full YAML parser reads: every analysis is computed both ways and
 * compared, over hand-written edge cases, every document of the corpus, and (in test/fuzz) random edits.
 */
import * as assert from 'assert';
import { readHead } from '../../server/src/engine/documents/headReader';
import { maskTemplate } from '../../server/src/engine/documents/templateMask';
import { corpusTemplates } from '../fuzz/fuzzKit';
import { analysesBothWays, fastReadCount } from '../helpers/headReading';

const HOOK = `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "x.fullname" . }}-migrate
  labels:
    {{- include "x.labels" . | nindent 4 }}
    app: x
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
    helm.sh/hook-weight: "-5"   # before the others
    helm.sh/hook-delete-policy: before-hook-creation
    'quoted': 'it''s'
spec:
  template:
    spec:
      restartPolicy: Never
`;

describe('fast head reader', () => {
  it('reads a plain block document itself, with the values, styles and ranges the parser gives', () => {
    const text = maskTemplate(HOOK).masked;
    const root = readHead(text);
    assert.ok(root, 'the fast path declined a plain block document');
    const { fast, full } = analysesBothWays(HOOK);
    assert.deepStrictEqual(fast, full);
    const a = fast[0] as { kind: string; name: string; annotations: Array<{ key: string; value: string; style: string }> };
    assert.strictEqual(a.kind, 'Job');
    assert.strictEqual(a.name, '{{…}}-migrate');
    assert.deepStrictEqual(
      a.annotations.map((e) => [e.key, e.value, e.style]),
      [
        ['helm.sh/hook', 'pre-install,pre-upgrade', 'plain'],
        ['helm.sh/hook-weight', '-5', 'double'],
        ['helm.sh/hook-delete-policy', 'before-hook-creation', 'plain'],
        ['quoted', "it's", 'single'],
      ],
    );
  });

  const declined: Array<[string, string]> = [
    ['a flow map under metadata', 'kind: Job\nmetadata: {name: a, annotations: {"helm.sh/hook": test}}\n'],
    ['an anchor on annotations', 'kind: Job\nmetadata:\n  annotations: &a\n    helm.sh/hook: test\n'],
    ['a multi-line plain annotation', 'kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: pre-install,\n      post-install\n'],
    ['a block scalar annotation', 'kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: |\n      test\n'],
    ['a merge key', 'kind: Job\nmetadata:\n  annotations:\n    <<: {a: b}\n    helm.sh/hook: test\n'],
    ['a tab for indentation', 'kind: Job\nmetadata:\n\tannotations:\n    helm.sh/hook: test\n'],
    ['a badly indented key', 'kind: Job\nmetadata:\n    name: a\n  annotations:\n    helm.sh/hook: test\n'],
    ['an unclosed quote', 'kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: "test\n      more"\n'],
    ['a root that is a list', '- kind: Job\n'],
  ];
  for (const [what, text] of declined) {
    it(`leaves ${what} to the full parser, and both readings agree`, () => {
      assert.strictEqual(readHead(maskTemplate(text).masked), undefined);
      const { fast, full } = analysesBothWays(text);
      assert.deepStrictEqual(fast, full);
    });
  }

  const agreed: Array<[string, string]> = [
    ['YAML 1.1 words and numbers as values', 'kind: Pod\nmetadata:\n  name: yes\n  annotations:\n    helm.sh/hook-weight: 5\n    a: on\n    b: ~\n    c: 0x1F\n    d: 1:30\n    e: 2024-01-01\n    f: null\nspec:\n  containers: []\n  restartPolicy: Always\n'],
    ['empty values and comments', 'kind:\nmetadata: # c\n  name:   \n  annotations:\n  # nothing\nspec:\n'],
    ['a compact sequence under a skipped key', 'kind: Job\nmetadata:\n  finalizers:\n  - a\n  - b\n  annotations:\n    helm.sh/hook: test\n'],
    ['CRLF line ends', 'kind: Job\r\nmetadata:\r\n  name: a\r\n  annotations:\r\n    helm.sh/hook: test # c\r\n'],
    ['keys with colons and quotes', 'kind: Job\nmetadata:\n  annotations:\n    "helm.sh/hook" : test\n    a:b: c\n    example.com/x: "a: b"\n'],
    ['metadata before kind, duplicates', 'metadata:\n  name: a\n  name: b\nkind: Pod\nkind: Job\nspec:\n  restartPolicy: Never\n'],
  ];
  for (const [what, text] of agreed) {
    it(`reads ${what} as the parser does`, () => {
      const { fast, full } = analysesBothWays(text);
      assert.deepStrictEqual(fast, full);
    });
  }

  const corpus = corpusTemplates(100_000);
  const title = corpus
    ? `agrees with the full parser on every document of ${corpus.length} corpus templates`
    : 'agrees with the full parser on every corpus document (../shared/corpus is absent: nothing to compare)';
  it(title, function () {
    this.timeout(120_000);
    if (!corpus) return;
    let docs = 0;
    let fastHits = 0;
    let parsed = 0;
    for (const t of corpus) {
      const { fast, full } = analysesBothWays(t.text);
      assert.deepStrictEqual(fast, full, t.name);
      docs += fast.length;
      const count = fastReadCount(t.text);
      parsed += count.parsed;
      fastHits += count.fast;
    }
    console.log(`      ${docs} documents compared; of ${parsed} that mention helm.sh/, ${fastHits} were read by the fast path`);
    assert.ok(docs > 0);
  });
});
