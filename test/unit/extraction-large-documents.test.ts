import * as assert from 'assert';
import { analyzeOne } from '../helpers/fixtures';

/** A big schema-like block, so the document is past the size where only its head is parsed. */
const bigSpec = (key = 'spec') => `${key}:\n  versions:\n` + Array.from({ length: 300 }, (_, i) => `    - name: v${i}\n      served: true\n`).join('');

describe('extraction: large documents', () => {
  it('reads the hook of a large CRD while parsing only its head', () => {
    const d = analyzeOne(
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: crds.example.com\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "-5"\n' +
        bigSpec(),
    );
    assert.strictEqual(d.kind, 'CustomResourceDefinition');
    assert.strictEqual(d.name, 'crds.example.com');
    assert.deepStrictEqual(d.hook?.events, ['pre-install']);
    assert.strictEqual(d.hook?.weight, -5);
  });

  it('still reads metadata written after a large spec', () => {
    const d = analyzeOne(bigSpec() + 'kind: Job\nmetadata:\n  name: late\n  annotations:\n    helm.sh/hook: post-install\n');
    assert.strictEqual(d.name, 'late');
    assert.deepStrictEqual(d.hook?.events, ['post-install']);
  });

  it('keeps the spec of a large Pod hook, for its restartPolicy', () => {
    const d = analyzeOne(
      'kind: Pod\nmetadata:\n  name: p\n  annotations:\n    helm.sh/hook: test\n' + bigSpec().replace('spec:\n', 'spec:\n  restartPolicy: Always\n') + 'status: {}\n',
    );
    assert.strictEqual(d.restartPolicy?.value, 'Always');
  });
});
