/**
 * `helmHooks/renderedOrder` over JSON-RPC, against the real server and the real Helm 4 binary: helm runs only in a
 * trusted workspace, and a cancelled request answers null.
 */
import * as assert from 'assert';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import { renderedOrderRequest, workspaceTrustNotification, type RenderedOrderParams, type RenderedOrderResponse } from '../../server/src/lspExtensions';
import { dedent } from '../helpers/fixtures';
import { TestClient, TmpChart } from '../protocol/lspTestClient';
import { realHelm } from './helmBinaries';

const TEMPLATE = dedent`
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: {{ .Release.Name }}-migrate
    annotations:
      "helm.sh/hook": pre-upgrade
`;

function files(): Record<string, string> {
  return { 'Chart.yaml': 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n', 'values.yaml': 'x: 1\n', 'values-prod.yaml': 'x: 2\n', 'templates/job.yaml': TEMPLATE };
}

describe('protocol: rendered order over JSON-RPC with the real Helm 4', function () {
  this.timeout(60000);
  let chart: TmpChart;
  let client: TestClient | undefined;

  beforeEach(() => {
    chart = new TmpChart(files());
  });
  afterEach(() => {
    client?.dispose();
    client = undefined;
    chart.remove();
  });

  const params = (extra: Partial<RenderedOrderParams> = {}): RenderedOrderParams => ({
    uri: chart.uri('templates/job.yaml'),
    release: 'prod',
    namespace: 'apps',
    valuesFiles: [chart.uri('values-prod.yaml')],
    set: ['x=3'],
    helmPath: realHelm(4),
    ...extra,
  });

  it('never runs helm in a workspace the client has not said is trusted', async () => {
    client = new TestClient();
    await client.initialize();
    // A helm that cannot exist: had the server tried to run it, the error would say so.
    const r = await client.request<RenderedOrderResponse>(renderedOrderRequest, params({ helmPath: '/nonexistent/helm' }));
    assert.strictEqual(r?.mode, 'rendered');
    assert.deepStrictEqual(r?.commands, {});
    assert.match(r?.renderErrors?.[0].message ?? '', /not trusted/);
    assert.strictEqual(r?.render, undefined);
  });

  it('renders once the client reports trust, with the release, namespace, values files and --set pairs', async () => {
    client = new TestClient();
    await client.initialize();
    await client.connection.sendNotification(workspaceTrustNotification, { trusted: true });
    const r = await client.request<RenderedOrderResponse>(renderedOrderRequest, params());
    assert.strictEqual(r?.renderErrors, undefined, JSON.stringify(r?.renderErrors));
    assert.match(r?.helmVersionDetected ?? '', /^v4\./);
    const step = r?.commands.upgrade?.steps.find((s) => s.id === 'pre-upgrade');
    assert.deepStrictEqual(
      step?.type === 'hooks' ? step.items.map((h) => [h.name, h.file, h.line]) : [],
      [['prod-migrate', chart.file('templates/job.yaml'), 6]],
    );
    assert.deepStrictEqual(r?.render?.command.slice(-6), ['--namespace=apps', `--values=${chart.file('values-prod.yaml')}`, '--set=x=3', '--', 'prod', chart.root]);
  });

  it('trust given in initializationOptions, and taken back by a notification', async () => {
    client = new TestClient({ initializationOptions: { workspaceTrusted: true } });
    await client.initialize();
    const trusted = await client.request<RenderedOrderResponse>(renderedOrderRequest, params());
    assert.strictEqual(trusted?.renderErrors, undefined);
    await client.connection.sendNotification(workspaceTrustNotification, { trusted: false });
    const untrusted = await client.request<RenderedOrderResponse>(renderedOrderRequest, params());
    assert.match(untrusted?.renderErrors?.[0].message ?? '', /not trusted/);
  });

  it('names unsaved buffers, which Helm cannot see', async () => {
    client = new TestClient({ initializationOptions: { workspaceTrusted: true } });
    await client.initialize();
    await client.openAndDiagnose(chart.uri('templates/job.yaml'), TEMPLATE.replace('pre-upgrade', 'post-upgrade'));
    const r = await client.request<RenderedOrderResponse>(renderedOrderRequest, params());
    assert.ok(r?.render?.notes.some((n) => n.includes('unsaved changes in templates/job.yaml')), JSON.stringify(r?.render?.notes));
  });

  it('a cancelled render answers null at once: helm is stopped', async () => {
    client = new TestClient({ initializationOptions: { workspaceTrusted: true } });
    await client.initialize();
    chart.write('templates/slow.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: slow\ndata:\n  n: "{{ range until 30000 }}{{ range until 3000 }}{{ end }}{{ end }}"\n');
    const source = new CancellationTokenSource();
    const started = performance.now();
    const pending = client.connection.sendRequest<RenderedOrderResponse>(renderedOrderRequest, params(), source.token);
    setTimeout(() => source.cancel(), 300);
    const r = await pending.catch((e: unknown) => e);
    assert.ok(r === null || (r instanceof Error && /cancel/i.test(r.message)), String(r));
    assert.ok(performance.now() - started < 2000, `answered after ${(performance.now() - started).toFixed(0)} ms`);
  });

  it('answers null for a file in no chart', async () => {
    client = new TestClient({ initializationOptions: { workspaceTrusted: true } });
    await client.initialize();
    const r = await client.request<RenderedOrderResponse>(renderedOrderRequest, { ...params(), uri: 'file:///nonexistent/x.yaml' });
    assert.strictEqual(r, null);
  });
});
