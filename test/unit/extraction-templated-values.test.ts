import * as assert from 'assert';
import { analyzeOne, chart, dedent } from '../helpers/fixtures';

const job = (annotations: string) => `kind: Job\nmetadata:\n  name: j\n  annotations:\n${annotations}\nspec: {}\n`;

describe('extraction: templated hook values', () => {
  it('a whole event list templated inside quotes is dynamic, not an empty event that drops the resource', () => {
    const d = analyzeOne(job('    "helm.sh/hook": "{{ .Values.provisioner.hookType }}"'));
    assert.strictEqual(d.hook?.dropped, false);
    assert.deepStrictEqual(d.hook?.events, []);
    assert.strictEqual(d.hook?.dynamic, true);
  });

  it('reads the events a templated value has with the chart\'s default values', () => {
    const c = chart({
      'values.yaml': 'updateJob:\n  helmHook: post-upgrade\n',
      'templates/job.yaml': job('    "helm.sh/hook": {{ .Values.updateJob.helmHook }}'),
    });
    const [h] = c.hookModel().hooks;
    assert.deepStrictEqual(h.events, ['post-upgrade']);
    assert.strictEqual(h.dynamic, true, 'still dynamic: a user may set other values');
  });

  it('uses the default of `| default` when the value is not set', () => {
    const c = chart({
      'values.yaml': 'testFramework:\n  enabled: true\n',
      'templates/job.yaml': job('    "helm.sh/hook": {{ .Values.testFramework.hookType | default "test" }}'),
    });
    assert.deepStrictEqual(c.hookModel().hooks[0].events, ['test']);
  });

  it('reads a templated weight and delete policy from the defaults, through quote', () => {
    const c = chart({
      'values.yaml': 'job:\n  weight: -3\n  policy: hook-succeeded\n',
      'templates/job.yaml': job(
        '    helm.sh/hook: pre-install\n    helm.sh/hook-weight: {{ .Values.job.weight | quote }}\n    helm.sh/hook-delete-policy: "{{ .Values.job.policy }}"',
      ),
    });
    const [h] = c.hookModel().hooks;
    assert.strictEqual(h.weight, -3);
    assert.deepStrictEqual(h.deletePolicies, ['hook-succeeded']);
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
