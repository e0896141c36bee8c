import * as assert from 'assert';
import { chart, dedent } from '../helpers/fixtures';

describe('extraction: hook annotations that come from values', () => {
  it('annotations rendered with toYaml from a values map holding helm.sh/hook make a hook', () => {
    const c = chart({
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
    });
    const [h] = c.hookModel().hooks;
    assert.deepStrictEqual(h.events, ['post-install', 'pre-upgrade']);
    assert.strictEqual(h.weight, 5);
    assert.deepStrictEqual(h.deletePolicies, ['before-hook-creation', 'hook-succeeded']);
    assert.strictEqual(h.dynamic, true);
    const src = c.hookModel().hookDocuments[0];
    assert.strictEqual(src.hook?.entry.fromValues, 'migration.annotations');
    assert.strictEqual(c.file('templates/migrate.yaml'), h.file);
  });

  it('follows a variable that merges values maps (Bitnami common.tplvalues.merge)', () => {
    const c = chart({
      'values.yaml': 'commonAnnotations: {}\njob:\n  annotations:\n    helm.sh/hook: pre-install\n',
      'templates/job.yaml': dedent`
        kind: Job
        metadata:
          name: j
          {{- if or .Values.job.annotations .Values.commonAnnotations }}
          {{- $annotations := include "common.tplvalues.merge" (dict "values" (list .Values.job.annotations .Values.commonAnnotations) "context" .) }}
          annotations: {{- include "common.tplvalues.render" (dict "value" $annotations "context" $) | nindent 4 }}
          {{- end }}
        spec: {}
      `,
    });
    assert.deepStrictEqual(c.hookModel().hooks.map((h) => h.events), [['pre-install']]);
  });

  it('reads a with block whose dot is written by toYaml', () => {
    const c = chart({
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
    });
    assert.deepStrictEqual(c.hookModel().hooks[0].events, ['test']);
  });

  it('a map only tested by if is not what gets written: no hook', () => {
    const c = chart({
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
    });
    assert.deepStrictEqual(c.hookModel().hooks, []);
  });

  it('pod template annotations are not the resource\'s annotations', () => {
    const c = chart({
      'values.yaml': 'podAnnotations:\n  helm.sh/hook: pre-install\n',
      'templates/deploy.yaml': dedent`
        kind: Deployment
        metadata:
          name: d
        spec:
          template:
            metadata:
              annotations: {{- toYaml .Values.podAnnotations | nindent 8 }}
      `,
    });
    assert.deepStrictEqual(c.hookModel().hooks, []);
  });

  it('a weight from values joins a hook written in the template', () => {
    const c = chart({
      'values.yaml': 'extra:\n  helm.sh/hook-weight: "3"\n',
      'templates/job.yaml': dedent`
        kind: Job
        metadata:
          name: j
          annotations:
            helm.sh/hook: pre-install
            {{- toYaml .Values.extra | nindent 4 }}
      `,
    });
    const [h] = c.hookModel().hooks;
    assert.deepStrictEqual(h.events, ['pre-install']);
    assert.strictEqual(h.weight, 3);
  });
});
