import * as assert from 'assert';
import { analyze, chart, dedent } from '../helpers/fixtures';

/** A chart with one hook inside `wrap`, analysed with `values`; returns the hook document's enabledByDefault. */
function enabled(values: string, open: string, close = '{{- end }}', extraFiles: Record<string, string> = {}): boolean | undefined {
  const c = chart({
    'values.yaml': values,
    'templates/job.yaml': `${open}\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install\n${close}\n`,
    ...extraFiles,
  });
  const src = c.hookModel().hookDocuments;
  assert.strictEqual(src.length, 1, 'one hook document');
  return src[0].enabledByDefault;
}

describe('extraction: what renders with default values', () => {
  it('a hook outside any condition is on', () => {
    assert.strictEqual(enabled('', '', ''), true);
  });

  it('reads a boolean path of values.yaml', () => {
    assert.strictEqual(enabled('job:\n  enabled: false\n', '{{- if .Values.job.enabled }}'), false);
    assert.strictEqual(enabled('job:\n  enabled: true\n', '{{- if .Values.job.enabled }}'), true);
  });

  it('a missing key is false, like Helm (no value)', () => {
    assert.strictEqual(enabled('job: {}\n', '{{- if .Values.job.enabled }}'), false);
  });

  it('a field of a missing table is an error in Go templates: unknown, not false', () => {
    assert.strictEqual(enabled('', '{{- if .Values.job.enabled }}'), undefined);
  });

  it('evaluates and, or, not, eq and ne', () => {
    const v = 'a: true\nb: false\nflavor: cilium\n';
    assert.strictEqual(enabled(v, '{{- if and .Values.a (not .Values.b) }}'), true);
    assert.strictEqual(enabled(v, '{{- if and .Values.a .Values.b }}'), false);
    assert.strictEqual(enabled(v, '{{- if or .Values.b (eq .Values.flavor "cilium") }}'), true);
    assert.strictEqual(enabled(v, '{{- if ne .Values.flavor "cilium" }}'), false);
  });

  it('false decides an and even next to something unknown', () => {
    assert.strictEqual(enabled('a: false\n', '{{- if and (.Capabilities.APIVersions.Has "x/v1") .Values.a }}'), false);
    assert.strictEqual(enabled('a: true\n', '{{- if and (.Capabilities.APIVersions.Has "x/v1") .Values.a }}'), undefined);
  });

  it('.Release is unknown: a hook only rendered on install is undecided', () => {
    assert.strictEqual(enabled('a: true\n', '{{- if and .Values.a .Release.IsInstall }}'), undefined);
  });

  it('the else branch runs when the condition is false', () => {
    assert.strictEqual(enabled('a: false\n', '{{- if .Values.a }}\n{{- else }}'), true);
    assert.strictEqual(enabled('a: true\n', '{{- if .Values.a }}\n{{- else }}'), false);
  });

  it('an else if branch needs the earlier conditions false and its own true', () => {
    const open = '{{- if .Values.a }}\nkind: ConfigMap\n---\n{{- else if .Values.b }}';
    assert.strictEqual(enabled('a: false\nb: true\n', open), true);
    assert.strictEqual(enabled('a: true\nb: true\n', open), false);
  });

  it('with sets the dot for nested conditions', () => {
    assert.strictEqual(enabled('job:\n  hook: true\n', '{{- with .Values.job }}\n{{- if .hook }}', '{{- end }}\n{{- end }}'), true);
  });

  it('range over an empty list renders nothing; over a non-empty one at least once', () => {
    assert.strictEqual(enabled('jobs: []\n', '{{- range .Values.jobs }}'), false);
    assert.strictEqual(enabled('jobs: [a]\n', '{{- range $i, $j := .Values.jobs }}'), true);
  });

  it('renders a simple helper called by include', () => {
    const helpers = {
      'templates/_helpers.tpl': dedent`
        {{- define "app.job.create" -}}
        {{- if and .Values.job.enabled (not .Values.job.existing) -}}
            {{- true -}}
        {{- else -}}
            {{/* nothing */}}
        {{- end -}}
        {{- end -}}
      `,
    };
    const open = '{{- if (include "app.job.create" .) }}';
    assert.strictEqual(enabled('job:\n  enabled: true\n  existing: ""\n', open, undefined, helpers), true);
    assert.strictEqual(enabled('job:\n  enabled: false\n', open, undefined, helpers), false);
    assert.strictEqual(enabled('job:\n  enabled: true\n', '{{- if eq (include "app.job.create" .) "true" }}', undefined, helpers), true);
    assert.strictEqual(enabled('other: 1\n', open, undefined, helpers), undefined, 'a field of a missing table: unknown, never a guess');
  });

  it('a helper that needs Helm (tpl, .Release) leaves the hook undecided', () => {
    const helpers = { 'templates/_helpers.tpl': '{{- define "app.on" -}}{{ tpl .Values.expr . }}{{- end -}}' };
    assert.strictEqual(enabled('expr: "true"\n', '{{- if include "app.on" . }}', undefined, helpers), undefined);
  });

  it('a parent chart\'s define of the same name wins over a subchart\'s', () => {
    const c = chart({
      'Chart.yaml': 'apiVersion: v2\nname: mychart\nversion: 1.0.0\ndependencies:\n  - name: sub\n    version: 1.0.0\n',
      'templates/_helpers.tpl': '{{- define "on" -}}{{- end -}}',
      'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.0.0\n',
      'charts/sub/templates/_helpers.tpl': '{{- define "on" -}}true{{- end -}}',
      'charts/sub/templates/job.yaml': '{{- if include "on" . }}\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: test\n{{- end }}\n',
    });
    assert.strictEqual(c.hookModel().hookDocuments[0].enabledByDefault, false);
  });

  it('names the branch of an else in the condition text', () => {
    const [d] = analyze('{{- if .Values.a }}\n{{- else }}\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: test\n{{- end }}\n').filter((x) => !x.empty);
    assert.strictEqual(d.condition, 'else (not if .Values.a)');
  });

  it('documents without a chart (no values) leave enabledByDefault unset', () => {
    const [d] = analyze('kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: test\n');
    assert.strictEqual(d.enabledByDefault, undefined);
  });
});
