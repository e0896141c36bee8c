import * as assert from 'assert';
import { builtinOrder } from '../../server/src/engine/hooks/builtinOrder';
import { analyze, chart, dedent } from '../helpers/fixtures';

/**
 * What renders with default values. The static (masked) reading evaluates no template condition: a hook inside
 * `{{ if }}`/`with`/`range` is undecided (`enabledByDefault` unset, "conditional"), one outside any is on. The built-in
 * render decides each case exactly as Helm does (Go templates, Sprig, `include`, `tpl`, `.Release`, `.Capabilities`).
 */
interface Both {
  /** The static reading's enabledByDefault. */
  static: boolean | undefined;
  /** Hooks in the built-in render (undefined: the chart does not render). */
  rendered: number | undefined;
}

function both(values: string, open: string, close = '{{- end }}', extraFiles: Record<string, string> = {}): Both {
  const c = chart({
    'values.yaml': values,
    'templates/job.yaml': `${open}\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install\n${close}\n`,
    ...extraFiles,
  });
  const src = c.hookModel().hookDocuments;
  assert.strictEqual(src.length, 1, 'one hook document');
  const r = builtinOrder(c.model, c.ws.fs, {}, { version: 4 });
  return { static: src[0].enabledByDefault, rendered: r.rendered?.model.hooks.length };
}

describe('extraction: what renders with default values (static: undecided; the built-in render decides)', () => {
  it('a hook outside any condition is on in both', () => {
    assert.deepStrictEqual(both('', '', ''), { static: true, rendered: 1 });
  });

  it('a boolean path of values.yaml', () => {
    assert.deepStrictEqual(both('job:\n  enabled: false\n', '{{- if .Values.job.enabled }}'), { static: undefined, rendered: 0 });
    assert.deepStrictEqual(both('job:\n  enabled: true\n', '{{- if .Values.job.enabled }}'), { static: undefined, rendered: 1 });
  });

  it('a missing key is false; a field of a missing table is an error in Go templates (no render)', () => {
    assert.deepStrictEqual(both('job: {}\n', '{{- if .Values.job.enabled }}'), { static: undefined, rendered: 0 });
    assert.deepStrictEqual(both('', '{{- if .Values.job.enabled }}'), { static: undefined, rendered: undefined });
  });

  it('and, or, not, eq and ne', () => {
    const v = 'a: true\nb: false\nflavor: cilium\n';
    assert.strictEqual(both(v, '{{- if and .Values.a (not .Values.b) }}').rendered, 1);
    assert.strictEqual(both(v, '{{- if and .Values.a .Values.b }}').rendered, 0);
    assert.strictEqual(both(v, '{{- if or .Values.b (eq .Values.flavor "cilium") }}').rendered, 1);
    assert.deepStrictEqual(both(v, '{{- if ne .Values.flavor "cilium" }}'), { static: undefined, rendered: 0 });
  });

  it('.Capabilities and .Release are known to the render', () => {
    assert.deepStrictEqual(both('a: true\n', '{{- if and (.Capabilities.APIVersions.Has "x/v1") .Values.a }}'), { static: undefined, rendered: 0 });
    assert.deepStrictEqual(both('a: true\n', '{{- if and .Values.a .Release.IsInstall }}'), { static: undefined, rendered: 1 });
  });

  it('else and else if branches', () => {
    assert.deepStrictEqual(both('a: false\n', '{{- if .Values.a }}\n{{- else }}'), { static: undefined, rendered: 1 });
    assert.strictEqual(both('a: true\n', '{{- if .Values.a }}\n{{- else }}').rendered, 0);
    const open = '{{- if .Values.a }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n---\n{{- else if .Values.b }}';
    assert.strictEqual(both('a: false\nb: true\n', open).rendered, 1);
    assert.strictEqual(both('a: true\nb: true\n', open).rendered, 0);
  });

  it('with and range', () => {
    assert.deepStrictEqual(both('job:\n  hook: true\n', '{{- with .Values.job }}\n{{- if .hook }}', '{{- end }}\n{{- end }}'), { static: undefined, rendered: 1 });
    assert.deepStrictEqual(both('jobs: []\n', '{{- range .Values.jobs }}'), { static: undefined, rendered: 0 });
  });

  it('a helper called by include is never evaluated statically; the render runs it', () => {
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
    assert.deepStrictEqual(both('job:\n  enabled: true\n  existing: ""\n', open, undefined, helpers), { static: undefined, rendered: 1 });
    assert.deepStrictEqual(both('job:\n  enabled: false\n', open, undefined, helpers), { static: undefined, rendered: 0 });
    assert.strictEqual(both('job:\n  enabled: true\n', '{{- if eq (include "app.job.create" .) "true" }}', undefined, helpers).rendered, 1);
  });

  it('tpl in a helper', () => {
    const helpers = { 'templates/_helpers.tpl': '{{- define "app.on" -}}{{ tpl .Values.expr . }}{{- end -}}' };
    assert.deepStrictEqual(both('expr: "true"\n', '{{- if include "app.on" . }}', undefined, helpers), { static: undefined, rendered: 1 });
  });

  it('a condition on a helper in a subchart stays undecided statically', () => {
    const c = chart({
      'Chart.yaml': 'apiVersion: v2\nname: mychart\nversion: 1.0.0\ndependencies:\n  - name: sub\n    version: 1.0.0\n',
      'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.0.0\n',
      'charts/sub/templates/_helpers.tpl': '{{- define "on" -}}true{{- end -}}',
      'charts/sub/templates/job.yaml': '{{- if include "on" . }}\napiVersion: v1\nkind: Pod\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: test\n{{- end }}\n',
    });
    assert.strictEqual(c.hookModel().hookDocuments[0].enabledByDefault, undefined);
    assert.strictEqual(c.hookModel().hooks[0].conditional, true);
    assert.deepStrictEqual(builtinOrder(c.model, c.ws.fs, {}, { version: 4 }).rendered?.model.hooks.map((h) => h.name), ['j']);
  });

  it('names the branch of an else in the condition text', () => {
    const [d] = analyze('{{- if .Values.a }}\n{{- else }}\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: test\n{{- end }}\n').filter((x) => !x.empty);
    assert.strictEqual(d.condition, 'else (not if .Values.a)');
    assert.strictEqual(d.conditional, true);
  });

  it('documents without a chart leave enabledByDefault unset', () => {
    const [d] = analyze('kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: test\n');
    assert.strictEqual(d.enabledByDefault, undefined);
  });
});
