/**
 * "Verify with helm": Helm's output names no template line, so rendered mode guesses which template document each
 * hook comes from (`mappingUncertain`). With a built-in render of the same value set, each Helm hook takes the line
 * the built-in render traced for the hook with the same (template, kind, name), and the guess is gone; without one,
 * the guess stays, marked.
 */
import * as assert from 'assert';
import { builtinOrder } from '../../server/src/engine/hooks/builtinOrder';
import { placeFromBuiltin, renderedOrder } from '../../server/src/engine/hooks/renderedHooks';
import type { RenderedRelease } from '../../server/src/engine/documents/helmOutput';
import type { HookStep, OrderResult } from '../../server/src/engine/types';
import { chart, dedent } from '../helpers/fixtures';

const JOB = dedent`
  {{- if .Values.first }}
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: {{ .Release.Name }}-{{ .Values.first }}
    annotations:
      helm.sh/hook: pre-install
  spec: {}
  {{- end }}
  {{- range .Values.jobs }}
  ---
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: {{ $.Release.Name }}-{{ . }}
    annotations:
      helm.sh/hook: pre-install
  spec: {}
  {{- end }}
  ---
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: bad
    annotations:
      helm.sh/hook: pre-instal
`;

function lineOf(text: string, needle: string, nth = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `fixture has ${needle}`);
  return text.slice(0, i).split('\n').length;
}

const items = (o: OrderResult) => ((o.commands.install?.steps ?? []).find((s) => s.type === 'hooks' && s.id === 'pre-install') as HookStep).items;

describe('rendered mode: Helm\'s hooks placed from the built-in render of the same value set', () => {
  const c = chart({ 'templates/job.yaml': JOB, 'values.yaml': 'first: ""\njobs: [a, b]\n' });
  const built = builtinOrder(c.model, c.model.fs, {}, { version: 4 });
  assert.ok(built.render.ok);
  const render = built.render;
  // What real helm gives: the same documents, with no trace.
  const helmRelease = (): RenderedRelease => ({ manifests: render.release.manifests.map((m) => ({ helmPath: m.helmPath, content: m.content })) });
  const helmOrder = () => renderedOrder(c.model, { release: helmRelease(), skippedHooks: render.skippedHooks, version: 4 }).order;

  it('without a built-in render the positions are guesses, marked', () => {
    const h = items(helmOrder());
    assert.deepStrictEqual(h.map((x) => x.name), ['release-name-a', 'release-name-b']);
    assert.ok(h.every((x) => x.mappingUncertain), 'both could come from either templated document');
    assert.strictEqual(h[0].line, lineOf(JOB, 'helm.sh/hook'), 'the guess takes the first document, which does not render');
    assert.strictEqual(helmOrder().dropped[0].mappingUncertain, undefined, 'a single literal candidate is not a guess');
  });

  it('with one, each hook takes the traced line of the built-in hook with the same template, kind and name', () => {
    const o = helmOrder();
    const placed = placeFromBuiltin(o, built.order);
    assert.ok(placed >= 2);
    const h = items(o);
    const inRange = lineOf(JOB, 'helm.sh/hook', 1);
    assert.deepStrictEqual(
      h.map((x) => [x.name, x.file, x.line, x.mappingUncertain, x.mappingNote]),
      [
        ['release-name-a', c.file('templates/job.yaml'), inRange, undefined, undefined],
        ['release-name-b', c.file('templates/job.yaml'), inRange, undefined, undefined],
      ],
    );
    assert.deepStrictEqual(h.map((x) => x.line), items(built.order).map((x) => x.line));
  });

  it('a hook the built-in render does not have keeps its guess', () => {
    const o = helmOrder();
    const oc = chart({ 'templates/job.yaml': JOB, 'values.yaml': 'first: ""\njobs: [a]\n' });
    const other = builtinOrder(oc.model, oc.model.fs, {}, { version: 4 }).order;
    placeFromBuiltin(o, other);
    const h = items(o);
    assert.strictEqual(h[0].mappingUncertain, undefined);
    assert.strictEqual(h[1].name, 'release-name-b');
    assert.strictEqual(h[1].mappingUncertain, true);
  });
});
