import * as assert from 'assert';
import { analyzeOne, dedent } from '../helpers/fixtures';

describe('extraction: annotation blocks written by actions', () => {
  it('an annotations block filled by toYaml on the next line is dynamic in a document with other helm.sh/ text', () => {
    const d = analyzeOne(dedent`
      kind: ConfigMap
      metadata:
        name: cm
        labels:
          helm.sh/chart: x
        annotations:
          {{- toYaml .Values.annotations | nindent 4 }}
      data: {}
    `);
    assert.strictEqual(d.annotationsDynamic, true);
  });

  it('a literal annotations block followed by literal data is not dynamic', () => {
    const d = analyzeOne('kind: ConfigMap\nmetadata:\n  name: cm\n  annotations:\n    a: b\ndata:\n  k: {{ .Values.k }}\n');
    assert.strictEqual(d.annotationsDynamic, false);
  });

  it('an action after the metadata block does not make the annotations dynamic', () => {
    const d = analyzeOne(dedent`
      kind: Job
      metadata:
        name: j
        annotations:
          helm.sh/hook: pre-install
      spec:
        backoffLimit: {{ .Values.backoff }}
    `);
    assert.strictEqual(d.annotationsDynamic, false);
    assert.deepStrictEqual(d.hook?.events, ['pre-install']);
  });
});
