import * as assert from 'assert';
import { buildHookModel, ChartModel, loadChart, memoryFileSystem } from '../../server/src/engine';
import { chart, dedent } from '../helpers/fixtures';

const ROOT = '/ws/mychart';

/** A chart analysed with `userValues` on top of its values.yaml, as `helm install -f` would. */
function withValues(files: Record<string, string>, userValues?: Record<string, unknown>) {
  const all: Record<string, string> = { [`${ROOT}/Chart.yaml`]: 'apiVersion: v2\nname: mychart\nversion: 1.0.0\n' };
  for (const [k, v] of Object.entries(files)) all[`${ROOT}/${k}`] = v;
  const fs = memoryFileSystem(all);
  const m = new ChartModel(fs, loadChart(fs, ROOT), userValues);
  return buildHookModel(m.documents(), 4);
}

const bitnamiStyle = dedent`
  kind: Job
  metadata:
    name: config-cli
    {{- $defaultAnnotations := ternary (dict "helm.sh/hook" "post-install,post-upgrade" "helm.sh/hook-weight" "5") (dict) .Values.useHelmHooks }}
    {{- $annotations := include "common.tplvalues.merge" (dict "values" (list .Values.job.annotations $defaultAnnotations) "context" .) }}
    annotations: {{- include "common.tplvalues.render" (dict "value" $annotations "context" $) | nindent 4 }}
  spec: {}
`;

describe('extraction: annotations built from values and defaults', () => {
  it('a ternary that gives the hook annotations only under a value: on when the value is true', () => {
    const m = withValues({ 'values.yaml': 'useHelmHooks: true\njob:\n  annotations: {}\n', 'templates/job.yaml': bitnamiStyle });
    assert.deepStrictEqual(m.hooks[0].events, ['post-install', 'post-upgrade']);
    assert.strictEqual(m.hookDocuments[0].enabledByDefault, true);
  });

  it('the same ternary with the value false: the document renders, but not as a hook', () => {
    const m = withValues({ 'values.yaml': 'useHelmHooks: false\njob:\n  annotations: {}\n', 'templates/job.yaml': bitnamiStyle });
    assert.strictEqual(m.hookDocuments[0].enabledByDefault, false);
    assert.deepStrictEqual(m.hooks, [], 'not a hook with these values: in no order');
    assert.strictEqual(m.disabled[0].name, 'config-cli');
  });

  it('annotations from values override the defaults a template builds with dict', () => {
    const m = withValues({
      'values.yaml': 'useHelmHooks: true\njob:\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\n    helm.sh/hook-weight: "3"\n',
      'templates/job.yaml': bitnamiStyle,
    });
    assert.deepStrictEqual(m.hooks[0].events, ['pre-install', 'pre-upgrade']);
    assert.strictEqual(m.hooks[0].weight, 3);
  });
});

describe('extraction: user values on top of the chart\'s defaults', () => {
  const files = {
    'values.yaml': 'migrate:\n  enabled: false\n  hook: pre-upgrade\n',
    'templates/job.yaml': '{{- if .Values.migrate.enabled }}\nkind: Job\nmetadata:\n  name: m\n  annotations:\n    helm.sh/hook: {{ .Values.migrate.hook }}\n{{- end }}\n',
  };

  it('with the defaults the hook is off', () => {
    assert.strictEqual(withValues(files).hookDocuments[0].enabledByDefault, false);
  });

  it('values given on top switch it on and change its events', () => {
    const m = withValues(files, { migrate: { enabled: true, hook: 'pre-install' } });
    assert.strictEqual(m.hookDocuments[0].enabledByDefault, true);
    assert.deepStrictEqual(m.hooks[0].events, ['pre-install']);
  });

  it('hook annotations that only the given values hold are found', () => {
    const m = withValues(
      { 'templates/hook.yaml': 'kind: ConfigMap\nmetadata:\n  name: c\n  {{- with .Values.extraAnnotations }}\n  annotations: {{- toYaml . | nindent 4 }}\n  {{- end }}\n' },
      { extraAnnotations: { 'helm.sh/hook': 'post-install' } },
    );
    assert.deepStrictEqual(m.hooks.map((h) => h.events), [['post-install']]);
  });

  it('the workspace model uses the chart\'s defaults only', () => {
    const c = chart(files);
    assert.strictEqual(c.model.userValues, undefined);
  });
});
