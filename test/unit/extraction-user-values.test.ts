import * as assert from 'assert';
import { chart, dedent } from '../helpers/fixtures';
import { builtinChart } from '../helpers/builtinChart';

/**
 * Annotations built from values and defaults, and values given on top of the chart's (`-f`): the static reading
 * reads what is written (a hook inside a condition is "conditional", a templated event is unknown); the built-in render
 * decides with the values in use. Each case checks both.
 */
const bitnamiStyle = dedent`
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: config-cli
    {{- $defaultAnnotations := ternary (dict "helm.sh/hook" "post-install,post-upgrade" "helm.sh/hook-weight" "5") (dict) .Values.useHelmHooks }}
    {{- $annotations := merge (.Values.job.annotations | default dict) $defaultAnnotations }}
    annotations: {{- toYaml $annotations | nindent 4 }}
  spec: {}
`;

describe('extraction: annotations built from values and defaults', () => {
  it('a ternary that gives the hook annotations only under a value: conditional statically, decided by the render', () => {
    const files = { 'values.yaml': 'useHelmHooks: true\njob:\n  annotations: {}\n', 'templates/job.yaml': bitnamiStyle };
    const s = chart(files).hookModel();
    assert.deepStrictEqual(s.hooks[0].events, ['post-install', 'post-upgrade'], 'the literal dict pair is read');
    assert.strictEqual(s.hooks[0].conditional, true);
    assert.strictEqual(s.hookDocuments[0].enabledByDefault, undefined, 'no value is evaluated');
    const b = builtinChart(files).model;
    assert.deepStrictEqual(b.hooks[0].events, ['post-install', 'post-upgrade']);
    assert.strictEqual(b.hooks[0].weight, 5);
  });

  it('the same ternary with the value false: the render has no hook', () => {
    const files = { 'values.yaml': 'useHelmHooks: false\njob:\n  annotations: {}\n', 'templates/job.yaml': bitnamiStyle };
    assert.strictEqual(chart(files).hookModel().hookDocuments[0].enabledByDefault, undefined);
    const b = builtinChart(files).model;
    assert.deepStrictEqual(b.hooks, [], 'not a hook with these values: in no order');
    assert.ok(b.resources.some((r) => r.name === 'config-cli'), 'a plain resource');
  });

  it('annotations from values override the defaults a template builds with dict (in the render)', () => {
    const files = {
      'values.yaml': 'useHelmHooks: true\njob:\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\n    helm.sh/hook-weight: "3"\n',
      'templates/job.yaml': bitnamiStyle,
    };
    const [h] = builtinChart(files).model.hooks;
    assert.deepStrictEqual(h.events, ['pre-install', 'pre-upgrade']);
    assert.strictEqual(h.weight, 3);
  });
});

describe('extraction: user values on top of the chart\'s defaults', () => {
  const files = {
    'values.yaml': 'migrate:\n  enabled: false\n  hook: pre-upgrade\n',
    'templates/job.yaml': '{{- if .Values.migrate.enabled }}\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: m\n  annotations:\n    helm.sh/hook: {{ .Values.migrate.hook }}\n{{- end }}\n',
  };

  it('statically the hook is conditional and its event templated', () => {
    const s = chart(files).hookModel();
    assert.strictEqual(s.hookDocuments[0].enabledByDefault, undefined);
    assert.strictEqual(s.hookDocuments[0].conditional, true);
    assert.deepStrictEqual(s.hookDocuments[0].hook?.events, []);
    assert.strictEqual(s.hookDocuments[0].hook?.dynamic, true);
  });

  it('with the defaults the render has no hook; values given on top switch it on and change its events', () => {
    assert.deepStrictEqual(builtinChart(files).model.hooks, []);
    const m = builtinChart(files, { values: 'migrate:\n  enabled: true\n  hook: pre-install\n' }).model;
    assert.deepStrictEqual(m.hooks.map((h) => [h.name, h.events]), [['m', ['pre-install']]]);
  });

  it('hook annotations that only the given values hold are found by the render', () => {
    const hook = { 'templates/hook.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  {{- with .Values.extraAnnotations }}\n  annotations: {{- toYaml . | nindent 4 }}\n  {{- end }}\n' };
    assert.deepStrictEqual(chart(hook).hookModel().hooks, []);
    const m = builtinChart(hook, { values: 'extraAnnotations:\n  helm.sh/hook: post-install\n' }).model;
    assert.deepStrictEqual(m.hooks.map((h) => h.events), [['post-install']]);
  });

  it('the workspace model uses the chart\'s defaults only', () => {
    const c = chart(files);
    assert.strictEqual(c.model.userValues, undefined);
  });
});
