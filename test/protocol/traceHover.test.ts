/**
 * Over the protocol: a hover on a template action of a hook document shows what the chart's built-in render (in the
 * server's worker) printed there, and `textDocument/inlayHint` gives the rendered name and weight when
 * `helmHooks.inlayHints.renderedValues` is on.
 */
import * as assert from 'assert';
import type { Hover, InlayHint, InitializeResult, MarkupContent } from 'vscode-languageserver';
import { caret, dedent } from '../helpers/fixtures';
import { TestClient, TmpChart, WAIT_MS } from './lspTestClient';

const HELPERS = dedent`
  {{- define "app.fullname" -}}
  {{ .Release.Name }}-{{ .Values.suffix }}
  {{- end }}
`;

const JOB = dedent`
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: {{ include "app.full|name" . }}-migrate
    annotations:
      "helm.sh/hook": pre-install
      "helm.sh/hook-weight": "{{ .Values.weight }}"
  spec: {}
`;

describe('protocol: hover and inlay hints from the built-in render', function () {
  this.timeout(4 * WAIT_MS);
  let chart: TmpChart;
  let client: TestClient;
  const job = caret(JOB);

  before(() => {
    chart = new TmpChart({
      'Chart.yaml': 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n',
      'values.yaml': 'suffix: db\nweight: 7\n',
      'templates/_helpers.tpl': HELPERS,
      'templates/job.yaml': job.text,
    });
  });

  after(() => chart.remove());

  afterEach(() => client.dispose());

  async function rendered(settings: Record<string, unknown>): Promise<InitializeResult> {
    client = new TestClient({ settings });
    const init = await client.initialize();
    const landed = client.chartChanged.next((p) => p.chartRoot === chart.root && (p as { rendered?: boolean }).rendered === true, 'the first built-in render');
    await client.open(chart.uri('templates/job.yaml'), job.text);
    await landed;
    return init;
  }

  it('hover on an include shows what it rendered to with the values in use', async () => {
    const init = await rendered({});
    assert.strictEqual(init.capabilities.inlayHintProvider, true);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: chart.uri('templates/job.yaml') }, position: job.position });
    assert.ok(hover, 'a hover');
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /\*\*Renders as\*\* `release-name-db` with the values in use/);
    assert.match(md, /Hook name: `release-name-db-migrate`/);
  });

  it('inlay hints: off by default, the rendered name and weight when the setting is on', async () => {
    await rendered({});
    const params = { textDocument: { uri: chart.uri('templates/job.yaml') }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } } };
    assert.strictEqual(await client.request<InlayHint[] | null>('textDocument/inlayHint', params), null);
    client.dispose();
    await rendered({ inlayHints: { renderedValues: true } });
    const hints = (await client.request<InlayHint[] | null>('textDocument/inlayHint', params)) ?? [];
    assert.deepStrictEqual(
      hints.map((h) => [h.position.line, h.label]),
      [
        [3, ' → release-name-db-migrate'],
        [6, ' → weight 7'],
      ],
    );
  });
});
