import * as assert from 'assert';
import { analyzeOne, chart, dedent } from '../helpers/fixtures';
import { builtinChart } from '../helpers/builtinChart';

const job = (annotations: string) => `kind: Job\nmetadata:\n  name: j\n  annotations:\n${annotations}\nspec: {}\n`;

describe('extraction: templated hook values', () => {
  it('a whole event list templated inside quotes is dynamic, not an empty event that drops the resource', () => {
    const d = analyzeOne(job('    "helm.sh/hook": "{{ .Values.provisioner.hookType }}"'));
    assert.strictEqual(d.hook?.dropped, false);
    assert.deepStrictEqual(d.hook?.events, []);
    assert.strictEqual(d.hook?.dynamic, true);
  });

  it('a templated event is unknown statically (no value is evaluated); the built-in render reads it', () => {
    const files = {
      'values.yaml': 'updateJob:\n  helmHook: post-upgrade\n',
      'templates/job.yaml': 'apiVersion: batch/v1\n' + job('    "helm.sh/hook": {{ .Values.updateJob.helmHook }}'),
    };
    const [h] = chart(files).hookModel().hooks;
    assert.deepStrictEqual(h.events, []);
    assert.strictEqual(h.dynamic, true);
    const [r] = builtinChart(files).model.hooks;
    assert.deepStrictEqual(r.events, ['post-upgrade']);
    assert.strictEqual(r.dynamic, false);
  });

  it('`| default` is the render\'s to apply', () => {
    const files = {
      'values.yaml': 'testFramework:\n  enabled: true\n',
      'templates/job.yaml': 'apiVersion: batch/v1\n' + job('    "helm.sh/hook": {{ .Values.testFramework.hookType | default "test" }}'),
    };
    assert.deepStrictEqual(chart(files).hookModel().hooks[0].events, []);
    assert.deepStrictEqual(builtinChart(files).model.hooks[0].events, ['test']);
  });

  it('a templated weight and delete policy: Helm\'s defaults statically (weight 0, no policy), the values in the render', () => {
    const files = {
      'values.yaml': 'job:\n  weight: -3\n  policy: hook-succeeded\n',
      'templates/job.yaml':
        'apiVersion: batch/v1\n' +
        job('    helm.sh/hook: pre-install\n    helm.sh/hook-weight: {{ .Values.job.weight | quote }}\n    helm.sh/hook-delete-policy: "{{ .Values.job.policy }}"'),
    };
    const [h] = chart(files).hookModel().hooks;
    assert.strictEqual(h.weight, 0);
    assert.deepStrictEqual(h.deletePolicies, []);
    assert.strictEqual(h.dynamic, true);
    const [r] = builtinChart(files).model.hooks;
    assert.strictEqual(r.weight, -3);
    assert.deepStrictEqual(r.deletePolicies, ['hook-succeeded']);
  });

  it('leaves the events unknown when the value needs something only Helm knows', () => {
    const c = chart({ 'templates/job.yaml': job('    helm.sh/hook: {{ include "app.hookEvents" . }}') });
    const [h] = c.hookModel().hooks;
    assert.deepStrictEqual(h.events, []);
    assert.strictEqual(h.dynamic, true);
  });

  it('a templated value is never diagnosed, even when its default is unusual', () => {
    const c = chart({
      'values.yaml': 'job:\n  hook: pre-instal\n',
      'templates/job.yaml': job('    helm.sh/hook: {{ .Values.job.hook }}'),
    });
    assert.deepStrictEqual(c.diagnose('templates/job.yaml').filter((d) => d.severity === 'error'), []);
    assert.deepStrictEqual(c.hookModel().dropped, []);
  });

  it('a literal event next to a templated one still counts', () => {
    const d = analyzeOne(dedent`
      kind: Job
      metadata:
        name: j
        annotations:
          helm.sh/hook: pre-install,{{ .Values.extraEvent }}
    `);
    assert.deepStrictEqual(d.hook?.events, ['pre-install']);
  });
});
