/**
 * Hover and inlay hints on template actions from the built-in render's trace: what an action printed into hook
 * documents with the values in use, through include chains; names and weights as inlay hints.
 */
import * as assert from 'assert';
import { builtinOrder } from '../../server/src/engine/hooks/builtinOrder';
import { renderedActionHover, renderedActions, renderedInlayHints } from '../../server/src/engine/features/actionHover';
import { caret, chart, dedent, textAt } from '../helpers/fixtures';

const HELPERS = dedent`
  {{- define "app.fullname" -}}
  {{ .Release.Name }}-{{ .Values.suffix }}
  {{- end }}
`;

const JOB = dedent`
  {{- range $i, $n := list "a" "b" }}
  ---
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: {{ include "app.fullname" $ }}-{{ $n }}
    annotations:
      "helm.sh/hook": pre-install
      "helm.sh/hook-weight": "{{ $.Values.weight }}"
  spec: {}
  {{- end }}
  ---
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: {{ .Values.suffix }}-not-a-hook
`;

function setup(values = 'suffix: db\nweight: 3\n', set: string[] = []) {
  const c = chart({ 'templates/_helpers.tpl': HELPERS, 'templates/job.yaml': JOB, 'values.yaml': values });
  const built = builtinOrder(c.model, c.model.fs, { release: 'rel', set }, { version: 4, markValuesOnly: false });
  return { c, actions: renderedActions(c.model, built) };
}

function hoverAt(marked: string, file: string, actions: ReturnType<typeof setup>['actions']) {
  const k = caret(marked);
  return { hover: renderedActionHover(actions[file], k.text, k.position), text: k.text };
}

describe('trace: hover on template actions shows what they render to', () => {
  it('an include call site in a hook document: every value it printed, and the hook name it builds', () => {
    const { c, actions } = setup();
    const { hover, text } = hoverAt(JOB.replace('{{ include "app.fullname" $ }}', '{{ incl|ude "app.fullname" $ }}'), c.file('templates/job.yaml'), actions);
    assert.ok(hover, 'a hover');
    assert.strictEqual(textAt(text, hover.range), '{{ include "app.fullname" $ }}');
    assert.match(hover.markdown, /Renders as\*\* `rel-db` with the values in use \(2 times\)/);
    assert.match(hover.markdown, /Hook names: `rel-db-a`, `rel-db-b`/);
  });

  it('an action inside the define: its value and the call site that included it', () => {
    const { c, actions } = setup();
    const { hover } = hoverAt(HELPERS.replace('{{ .Values.suffix }}', '{{ .Values.suf|fix }}'), c.file('templates/_helpers.tpl'), actions);
    assert.ok(hover);
    assert.match(hover.markdown, /`db`/);
    assert.match(hover.markdown, /Included from templates\/job\.yaml:6/);
  });

  it('follows the values in use: another --set gives another answer', () => {
    const { c, actions } = setup(undefined, ['suffix=cache']);
    const { hover } = hoverAt(JOB.replace('{{ include "app.fullname" $ }}', '{{ include| "app.fullname" $ }}'), c.file('templates/job.yaml'), actions);
    assert.match(hover!.markdown, /`rel-cache`/);
  });

  it('no hover outside actions, nor on actions of documents that are not hooks', () => {
    const { c, actions } = setup();
    const file = c.file('templates/job.yaml');
    assert.strictEqual(hoverAt(JOB.replace('kind: Job', 'kind: J|ob'), file, actions).hover, undefined);
    assert.strictEqual(hoverAt(JOB.replace('{{ .Values.suffix }}-not', '{{ .Val|ues.suffix }}-not'), file, actions).hover, undefined);
  });

  it('inlay hints: the rendered name after the last action of the name, the weight Helm uses', () => {
    const { c, actions } = setup('suffix: db\nweight: 1.5\n');
    const hints = renderedInlayHints(actions[c.file('templates/job.yaml')], JOB);
    assert.deepStrictEqual(
      hints.map((h) => [h.position.line, JOB.split('\n')[h.position.line].slice(0, h.position.character).trimStart(), h.label]),
      [
        [5, 'name: {{ include "app.fullname" $ }}-{{ $n }}', ' → rel-db-a | rel-db-b'],
        [8, '"helm.sh/hook-weight": "{{ $.Values.weight }}', ' → weight 0 (Helm cannot read "1.5")'],
      ],
    );
    assert.deepStrictEqual(renderedInlayHints(actions[c.file('templates/job.yaml')], JOB, { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } }).length, 1);
  });
});
