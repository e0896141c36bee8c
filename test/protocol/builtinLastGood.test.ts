/**
 * The built-in source when a chart stops rendering: the order comes from the chart's last good built-in render with
 * the same value set, carrying the failure, rather than from the static reading (issue 15, "One source of truth"),
 * and the status bar's summary and the hovers and CodeLens read the same render; a chart that never rendered with
 * that value set answers with the static reading as before.
 */
import * as assert from 'assert';
import type { OrderResult } from '../../server/src/engine/types';
import { dedent } from '../helpers/fixtures';
import { TestClient, TmpChart, within } from './lspTestClient';

const CHART_YAML = 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n';

const JOB = dedent`
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: {{ .Release.Name }}-migrate
    annotations:
      "helm.sh/hook": pre-install
`;

function names(order: OrderResult, event: string): string[] {
  for (const cmd of Object.values(order.commands)) {
    const step = cmd?.steps.find((s) => s.type === 'hooks' && s.id === event);
    if (step && step.type === 'hooks') return step.items.map((h) => h.name);
  }
  return [];
}

describe('protocol: a chart that stops rendering keeps its last good built-in order', function () {
  this.timeout(60000);
  let chart: TmpChart | undefined;
  let client: TestClient | undefined;

  afterEach(async () => {
    await client?.shutdown().catch(() => undefined);
    client?.dispose();
    client = undefined;
    chart?.remove();
  });

  it('after an edit that breaks the render: the last render with the failure, in the order and the summary; the static reading only when nothing rendered', async () => {
    chart = new TmpChart({ 'Chart.yaml': CHART_YAML, 'templates/job.yaml': JOB });
    client = new TestClient({ settings: {} });
    await client.initialize();
    const c = client;
    const uri = chart.uri('templates/job.yaml');
    const order = () => c.request<OrderResult>('helmHooks/order', { uri: chart!.uri(), waitMs: 20000 });
    await c.open(uri, JOB);
    let o = await order();
    assert.strictEqual(o.mode, 'builtin');
    assert.deepStrictEqual(names(o, 'pre-install'), ['release-name-migrate']);

    const broken = JOB.replace('-migrate', '-migrate{{ fail "broken on purpose" }}');
    const landed = within(c.chartChanged.next((p) => p.rendered === true, 'the failed render'), 'the failed render', 20000);
    await c.change(uri, JOB, broken);
    await landed;
    o = await order();
    assert.strictEqual(o.mode, 'builtin', 'the last good render, not the static reading');
    assert.strictEqual(o.stale, undefined, 'nothing is rendering: not "updating"');
    assert.match(o.fallback ?? '', /last good built-in render/);
    const summary = await c.request<{ mode?: string; hookCount?: number; renderError?: string; stale?: boolean }>('helmHooks/chartSummary', { uri });
    assert.strictEqual(summary.mode, 'builtin', 'the status bar counts the same render as the panel');
    assert.strictEqual(summary.hookCount, 1);
    assert.match(summary.renderError ?? '', /broken on purpose/);
    assert.match(o.renderErrors?.[0]?.message ?? '', /broken on purpose/);
    assert.deepStrictEqual(names(o, 'pre-install'), ['release-name-migrate']);

    // Another value set that never rendered: the static reading with the failure.
    const again = within(c.chartChanged.next((p) => p.rendered === true, 'a render with another release'), 'a render with another release', 20000);
    await c.connection.sendNotification('helmHooks/valueSet', { chartRoot: chart.root, release: 'prod' });
    await again;
    o = await order();
    assert.strictEqual(o.mode, 'static');
    assert.match(o.fallback ?? '', /does not render/);
    const staticSummary = await c.request<{ mode?: string; renderError?: string }>('helmHooks/chartSummary', { uri });
    assert.strictEqual(staticSummary.mode, 'static');
    assert.match(staticSummary.renderError ?? '', /broken on purpose/);
  });
});
