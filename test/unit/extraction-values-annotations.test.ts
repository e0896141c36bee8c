import * as assert from 'assert';
import { chart, dedent } from '../helpers/fixtures';
import { builtinChart } from '../helpers/builtinChart';

/**
 * Hook annotations that come from values (`toYaml .Values.x.annotations`, Bitnami's `common.tplvalues.*`): the static
 * (masked) reading reads only what a template writes literally, so it does not find them; the built-in render does,
 * exactly as Helm writes them. Each case checks both.
 */
describe('extraction: hook annotations that come from values', () => {
  it('annotations rendered with toYaml from a values map holding helm.sh/hook: a hook in the render, not in the static reading', () => {
    const files = {
      'values.yaml': dedent`
        migration:
          annotations:
            helm.sh/hook: post-install, pre-upgrade
            helm.sh/hook-weight: "5"
            helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
      `,
      'templates/migrate.yaml': dedent`
        kind: Job
        metadata:
          name: migrate
          annotations: {{- toYaml .Values.migration.annotations | nindent 4 }}
        spec: {}
      `,
    };
    const s = chart(files).hookModel();
    assert.deepStrictEqual(s.hooks, [], 'the static reading evaluates no values');
    assert.strictEqual(s.resources[0].name, 'migrate');
    const b = builtinChart(files);
    const [h] = b.model.hooks;
    assert.deepStrictEqual(h.events, ['post-install', 'pre-upgrade']);
    assert.strictEqual(h.weight, 5);
    assert.deepStrictEqual(h.deletePolicies, ['before-hook-creation', 'hook-succeeded']);
    assert.strictEqual(h.dynamic, false, 'rendered: nothing is a guess');
    assert.strictEqual(h.file, b.chart.file('templates/migrate.yaml'));
  });

  it('a with block whose dot is written by toYaml', () => {
    const files = {
      'values.yaml': 'test:\n  annotations:\n    "helm.sh/hook": test-success\n',
      'templates/test.yaml': dedent`
        kind: Pod
        metadata:
          name: t
          {{- with .Values.test.annotations }}
          annotations:
            {{- toYaml . | nindent 4 }}
          {{- end }}
        spec:
          restartPolicy: Never
      `,
    };
    assert.deepStrictEqual(chart(files).hookModel().hooks, []);
    assert.deepStrictEqual(builtinChart(files).model.hooks.map((h) => h.events), [['test']]);
  });

  it('a map only tested by if is not what gets written: no hook in either reading', () => {
    const files = {
      'values.yaml': 'job:\n  annotations:\n    helm.sh/hook: pre-install\nother: {}\n',
      'templates/job.yaml': dedent`
        kind: Job
        metadata:
          name: j
          {{- if .Values.job.annotations }}
          annotations: {{- toYaml .Values.other | nindent 4 }}
          {{- end }}
        spec: {}
      `,
    };
    assert.deepStrictEqual(chart(files).hookModel().hooks, []);
    assert.deepStrictEqual(builtinChart(files).model.hooks, []);
  });

  it('pod template annotations are not the resource\'s annotations', () => {
    const files = {
      'values.yaml': 'podAnnotations:\n  helm.sh/hook: pre-install\n',
      'templates/deploy.yaml': dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: d
        spec:
          template:
            metadata:
              annotations: {{- toYaml .Values.podAnnotations | nindent 8 }}
      `,
    };
    assert.deepStrictEqual(chart(files).hookModel().hooks, []);
    assert.deepStrictEqual(builtinChart(files).model.hooks, []);
  });

  it('a weight from values joins a hook written in the template: the static reading keeps the hook, weight unknown', () => {
    const files = {
      'values.yaml': 'extra:\n  helm.sh/hook-weight: "3"\n',
      'templates/job.yaml': dedent`
        kind: Job
        metadata:
          name: j
          annotations:
            helm.sh/hook: pre-install
            {{- toYaml .Values.extra | nindent 4 }}
      `,
    };
    const [s] = chart(files).hookModel().hooks;
    assert.deepStrictEqual(s.events, ['pre-install']);
    assert.strictEqual(s.weight, 0, 'nothing written: Helm\'s default as far as the text shows');
    const [h] = builtinChart(files).model.hooks;
    assert.deepStrictEqual(h.events, ['pre-install']);
    assert.strictEqual(h.weight, 3);
  });
});
