/**
 * The built-in render's trace: every rendered hook points back to the template line its document comes from, and a
 * hook annotation value that an action produced is diagnosed at that action (the call site in the manifest, the
 * `define` that printed it, the values.yaml line it comes from) — literal values are left to the static checks.
 */
import * as assert from 'assert';
import { builtinOrder } from '../../server/src/engine/hooks/builtinOrder';
import { renderedValueDiagnostics, locateValuesKey } from '../../server/src/engine/features/renderedValues';
import { renderedDiagnostics } from '../../server/src/engine/features/renderedDiagnostics';
import { renderChart } from '../../server/src/engine/render';
import { memoryFileSystem } from '../../server/src/engine/render/chartFiles';
import type { HookDiagnostic } from '../../server/src/engine/types';
import { applyEdits, chart, dedent, textAt, type TestChart } from '../helpers/fixtures';

const HELPERS = dedent`
  {{- define "app.fullname" -}}
  {{ .Release.Name }}-app
  {{- end }}
  {{- define "app.hookEvent" -}}
  pre-instal
  {{- end }}
  {{- define "app.annotations" -}}
  "helm.sh/hook": {{ .Values.hook.events }}
  "helm.sh/hook-delete-policy": {{ .Values.hook.deletePolicy }}
  {{- end }}
`;

function built(c: TestChart) {
  return builtinOrder(c.model, c.model.fs, {}, { version: 4 });
}

function diagnosticsOf(c: TestChart): Map<string, HookDiagnostic[]> {
  return renderedValueDiagnostics(c.model, built(c), { helmVersion: 4 });
}

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `fixture has ${needle}`);
  return text.slice(0, i).split('\n').length;
}

describe('trace: rendered hooks point at their template lines', () => {
  it('a hook printed inside an include chain maps to its own annotation line, with no guess', () => {
    const job = dedent`
      {{- range $i, $n := list "a" "b" }}
      ---
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: {{ include "app.fullname" $ }}-{{ $n }}
        annotations:
          "helm.sh/hook": pre-install
          "helm.sh/hook-weight": "{{ $i }}"
      spec: {}
      {{- end }}
    `;
    const c = chart({ 'templates/_helpers.tpl': HELPERS, 'templates/job.yaml': job, 'values.yaml': 'hook: {}\n' });
    const r = built(c);
    const hooks = r.rendered!.model.hooks;
    assert.deepStrictEqual(
      hooks.map((h) => [h.name, h.file, h.line, h.mappingUncertain]),
      [
        ['release-name-app-a', c.file('templates/job.yaml'), lineOf(job, '"helm.sh/hook"'), undefined],
        ['release-name-app-b', c.file('templates/job.yaml'), lineOf(job, '"helm.sh/hook"'), undefined],
      ],
    );
  });

  it('a hook whose annotations an include prints maps to the include', () => {
    const job = dedent`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: cm
        annotations:
          {{- include "app.annotations" . | nindent 4 }}
    `;
    const c = chart({ 'templates/_helpers.tpl': HELPERS, 'templates/cm.yaml': job, 'values.yaml': 'hook:\n  events: post-install\n  deletePolicy: hook-succeeded\n' });
    const h = built(c).rendered!.model.hooks[0];
    assert.strictEqual(h.file, c.file('templates/cm.yaml'));
    assert.strictEqual(h.line, lineOf(job, 'include "app.annotations"'));
    assert.strictEqual(h.mappingUncertain, undefined);
  });

  it('a hook Helm skips for an unknown event is placed exactly, from the trace', () => {
    const job = dedent`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: migrate
        annotations:
          "helm.sh/hook": {{ include "app.hookEvent" . }}
      spec: {}
    `;
    const c = chart({ 'templates/_helpers.tpl': HELPERS, 'templates/job.yaml': job, 'templates/other.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n    "helm.sh/hook": pre-instal\n' });
    const dropped = built(c).rendered!.model.dropped;
    assert.deepStrictEqual(
      dropped.map((d) => [d.kind, d.name, d.file, d.line, d.mappingUncertain]).sort(),
      [
        ['ConfigMap', 'x', c.file('templates/other.yaml'), 6, undefined],
        ['Job', 'migrate', c.file('templates/job.yaml'), lineOf(job, '"helm.sh/hook"'), undefined],
      ],
    );
  });
});

describe('trace: annotation values produced by actions are diagnosed where they come from', () => {
  it('a helper that yields an unknown event: at the call site and at the define, never for a literal', () => {
    const job = dedent`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: migrate
        annotations:
          "helm.sh/hook": {{ include "app.hookEvent" . }}
      spec: {}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: literal
        annotations:
          "helm.sh/hook": pre-upgrad
    `;
    const c = chart({ 'templates/_helpers.tpl': HELPERS, 'templates/job.yaml': job });
    const ds = diagnosticsOf(c);
    const inJob = ds.get(c.file('templates/job.yaml')) ?? [];
    assert.strictEqual(inJob.length, 1, JSON.stringify(inJob));
    assert.strictEqual(inJob[0].code, 'unknown-hook-event');
    assert.strictEqual(textAt(job, inJob[0].range), '{{ include "app.hookEvent" . }}');
    assert.match(inJob[0].message, /renders as "pre-instal" with these values/);
    const inHelpers = ds.get(c.file('templates/_helpers.tpl')) ?? [];
    assert.strictEqual(inHelpers.length, 1, JSON.stringify(inHelpers));
    assert.strictEqual(textAt(HELPERS, inHelpers[0].range), 'pre-instal');
    assert.match(inHelpers[0].message, /included from templates\/job\.yaml:6/);
    // the did-you-mean fix edits the define's text
    assert.match(applyEdits(HELPERS, inHelpers[0].fixes[0].edits), /\npre-install\n/);
    // the literal typo is the static checks' to report
    assert.ok(!inJob.some((d) => d.message.includes('pre-upgrad')));
  });

  it('a delete policy typo in values.yaml: at the action in the define, the call site and the values.yaml line', () => {
    const cm = dedent`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: cm
        annotations:
          {{- include "app.annotations" . | nindent 4 }}
    `;
    const values = 'image: x\nhook:\n  events: post-install\n  deletePolicy: hook-succeded\n';
    const c = chart({ 'templates/_helpers.tpl': HELPERS, 'templates/cm.yaml': cm, 'values.yaml': values });
    const ds = diagnosticsOf(c);
    const call = ds.get(c.file('templates/cm.yaml')) ?? [];
    assert.deepStrictEqual(call.map((d) => [d.code, textAt(cm, d.range)]), [['unknown-delete-policy', '{{- include "app.annotations" . | nindent 4 }}']]);
    assert.match(call[0].message, /renders as "hook-succeded" with these values/);
    assert.match(call[0].message, /printed by `\.Values\.hook\.deletePolicy`/);
    const helper = ds.get(c.file('templates/_helpers.tpl')) ?? [];
    assert.deepStrictEqual(helper.map((d) => textAt(HELPERS, d.range)), ['{{ .Values.hook.deletePolicy }}']);
    const inValues = ds.get(c.file('values.yaml')) ?? [];
    assert.deepStrictEqual(inValues.map((d) => textAt(values, d.range)), ['deletePolicy: hook-succeded']);
    assert.strictEqual(applyEdits(values, inValues[0].fixes[0].edits), values.replace('hook-succeded', 'hook-succeeded'));
    // the call site prints the whole block: no fix there
    assert.deepStrictEqual(call[0].fixes, []);
  });

  it('a weight from values that is not an integer for Helm: 1000000 prints as 1e+06 and Helm uses 0', () => {
    const job = dedent`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: migrate
        annotations:
          "helm.sh/hook": pre-install
          "helm.sh/hook-weight": {{ .Values.weight | quote }}
      spec: {}
    `;
    const values = 'weight: 1000000\n';
    const c = chart({ 'templates/job.yaml': job, 'values.yaml': values });
    const ds = diagnosticsOf(c);
    const call = ds.get(c.file('templates/job.yaml')) ?? [];
    assert.deepStrictEqual(call.map((d) => d.code), ['invalid-hook-weight']);
    assert.match(call[0].message, /renders as "1e\+06" with these values/);
    assert.deepStrictEqual((ds.get(c.file('values.yaml')) ?? []).map((d) => textAt(values, d.range)), ['weight: 1000000']);
    assert.strictEqual(built(c).rendered!.model.hooks[0].weight, 0);
  });

  it('a value set with --set is reported at the action, not at values.yaml', () => {
    const job = dedent`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: migrate
        annotations:
          "helm.sh/hook": {{ .Values.event }}
      spec: {}
    `;
    const c = chart({ 'templates/job.yaml': job, 'values.yaml': 'event: pre-install\n' });
    const b = builtinOrder(c.model, c.model.fs, { set: ['event=pre-instal'] }, { version: 4, markValuesOnly: false });
    const ds = renderedValueDiagnostics(c.model, b, { helmVersion: 4 });
    assert.deepStrictEqual([...ds.keys()], [c.file('templates/job.yaml')]);
    // with the default values nothing is wrong
    assert.strictEqual(diagnosticsOf(c).size, 0);
  });
});

describe('trace: the renderer', () => {
  it('is off unless asked for, and maps every printed stretch of a document to its template', () => {
    const fs = memoryFileSystem({
      '/c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
      '/c/templates/_h.tpl': '{{- define "n" -}}\nx-{{ .Values.a }}\n{{- end }}\n',
      '/c/templates/cm.yaml': '# comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "n" . }}\n',
      '/c/values.yaml': 'a: b\n',
    });
    const plain = renderChart(fs, '/c', { helmVersion: '4' });
    assert.ok(plain.ok && plain.trace === undefined);
    const r = renderChart(fs, '/c', { helmVersion: '4', trace: true });
    assert.ok(r.ok);
    const t = r.trace![0]!;
    assert.deepStrictEqual(t.start, { path: 'c/templates/cm.yaml', line: 3, character: 0 });
    const name = t.segments.find((s) => s.action !== undefined)!;
    assert.strictEqual(r.documents[0].content.slice(name.start, name.end), 'x-b');
    assert.deepStrictEqual([name.line, name.character, name.action], [6, 11, 'include "n" .']);
    const inner = name.includes![0];
    assert.strictEqual(inner.name, 'n');
    const value = inner.actions.find((s) => s.action === '.Values.a')!;
    assert.deepStrictEqual([inner.output.slice(value.start, value.end), value.path, value.line, value.character], ['b', 'c/templates/_h.tpl', 2, 5]);
  });

  it('locates nested keys of values.yaml by indentation', () => {
    const text = 'a:\n  b:\n    c: 1\n  c: 2\nb:\n  c: 3\n';
    const at = (p: string[]) => {
      const f = locateValuesKey(text, p);
      return f && text.slice(f.keyStart, f.valueEnd);
    };
    assert.strictEqual(at(['a', 'c']), 'c: 2');
    assert.strictEqual(at(['a', 'b', 'c']), 'c: 1');
    assert.strictEqual(at(['b', 'c']), 'c: 3');
    assert.strictEqual(at(['c']), undefined);
  });
});

describe('trace: a render stopped by required or fail', () => {
  const CHART_VALUES = 'image: {}\nfeature: {}\n';

  function stopped(files: Record<string, string>, set: string[] = []) {
    const c = chart({ 'values.yaml': CHART_VALUES, ...files });
    const b = builtinOrder(c.model, c.model.fs, { set }, { version: 4, markValuesOnly: false });
    assert.strictEqual(b.render.ok, false);
    return { c, ds: renderedDiagnostics(c.model, b, { helmVersion: 4 }) };
  }

  it('required with the default values is information that names the key, at the failing action', () => {
    const job = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  image: {{ required "image.tag is required" .Values.image.tag }}\n';
    const { c, ds } = stopped({ 'templates/cm.yaml': job });
    const [d] = ds.get(c.file('templates/cm.yaml')) ?? [];
    assert.strictEqual(d.severity, 'information');
    assert.match(d.message, /^Renders only when `image\.tag` is set: .*"image\.tag is required"/);
    assert.strictEqual(textAt(job, d.range).trim(), 'required "image.tag is required" .Values.image.tag }}');
  });

  it('a required inside a define: at the include (where Helm points) and at the required itself', () => {
    const helpers = '{{- define "app.image" -}}\n{{ .Values.image.repo | required "set image.repo" }}\n{{- end }}\n';
    const job = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  image: {{ include "app.image" . }}\n';
    const { c, ds } = stopped({ 'templates/_helpers.tpl': helpers, 'templates/cm.yaml': job });
    const call = ds.get(c.file('templates/cm.yaml')) ?? [];
    assert.deepStrictEqual(call.map((d) => [d.severity, textAt(job, d.range).trim()]), [['information', 'include "app.image" . }}']]);
    assert.match(call[0].message, /Renders only when `image\.repo` is set/);
    const inner = ds.get(c.file('templates/_helpers.tpl')) ?? [];
    assert.deepStrictEqual(inner.map((d) => [d.code, d.severity, textAt(helpers, d.range)]), [['render-failed', 'information', '{{ .Values.image.repo | required "set image.repo" }}']]);
  });

  it('fail with the default values is information too; with values the user set it is an error', () => {
    const job = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n{{- if not .Values.feature.on }}{{ fail "feature.on must be true" }}{{ end }}\n';
    const byDefault = stopped({ 'templates/cm.yaml': job });
    const [d] = byDefault.ds.get(byDefault.c.file('templates/cm.yaml')) ?? [];
    assert.strictEqual(d.severity, 'information');
    assert.match(d.message, /`fail` accepts: .*"feature\.on must be true"/);
    const withSet = stopped({ 'templates/cm.yaml': job }, ['feature.on=false']);
    const [e] = withSet.ds.get(withSet.c.file('templates/cm.yaml')) ?? [];
    assert.strictEqual(e.severity, 'error');
  });
});
