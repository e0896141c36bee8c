/**
 * The Argo CD target over the protocol: `helmHooks.target` turns on the argocd-* diagnostics, the Argo CD part of
 * the hover and the Argo CD CodeLens; `helmHooks.argocd.hints` gives hints under helm; `helmHooks/argocdOrder`
 * answers with the sync and the Application deletion.
 */
import * as assert from 'assert';
import type { CodeLens, Hover, MarkupContent } from 'vscode-languageserver';
import { dedent } from '../helpers/fixtures';
import { TestClient, TmpChart } from './lspTestClient';

const CHART_YAML = 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n';
const INIT_JOB = dedent`
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: init-db
    annotations:
      "helm.sh/hook": pre-install
      "helm.sh/hook-weight": "-5"
  spec:
    template:
      spec:
        restartPolicy: Never
`;

describe('protocol: the Argo CD target', () => {
  let chart: TmpChart;
  let client: TestClient;
  before(() => {
    chart = new TmpChart({ 'Chart.yaml': CHART_YAML, 'templates/init.yaml': INIT_JOB });
  });
  after(() => chart.remove());
  afterEach(() => client.dispose());

  async function start(settings: Record<string, unknown>): Promise<string> {
    client = new TestClient({ settings });
    await client.initialize();
    return chart.uri('templates/init.yaml');
  }

  it('with target argocd: argocd-runs-every-sync, the Argo CD hover and CodeLens', async () => {
    const uri = await start({ target: 'argocd' });
    const diagnostics = await client.openAndDiagnose(uri, INIT_JOB);
    const every = diagnostics.find((d) => d.code === 'argocd-runs-every-sync');
    assert.ok(every, JSON.stringify(diagnostics));
    assert.strictEqual(every.severity, 2 /* Warning */);
    const line = INIT_JOB.split('\n').findIndex((l) => l.includes('"helm.sh/hook"'));
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line, character: 8 } });
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /\*\*Argo CD\*\*: PreSync, wave -5: runs at every sync, not only at install/);
    assert.match(md, /Flux runs Helm itself/);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(lenses.some((l) => l.command?.title === 'Argo CD: PreSync, wave -5: runs at every sync, not only at install'), JSON.stringify(lenses));
  });

  it('with target helm: no argocd-* diagnostics, unless helmHooks.argocd.hints asks for them as hints', async () => {
    let uri = await start({});
    assert.deepStrictEqual((await client.openAndDiagnose(uri, INIT_JOB)).filter((d) => String(d.code).startsWith('argocd-')), []);
    client.dispose();
    uri = await start({ argocd: { hints: true } });
    const hints = (await client.openAndDiagnose(uri, INIT_JOB)).filter((d) => String(d.code).startsWith('argocd-'));
    assert.deepStrictEqual(hints.map((d) => [d.code, d.severity]), [['argocd-runs-every-sync', 4 /* Hint */]]);
  });

  it('helmHooks/argocdOrder answers with the sync and the Application deletion', async () => {
    await start({});
    const order = await client.request<{ target: string; commands: { sync: { steps: Array<{ id: string; items: Array<{ name: string; wave: number }> }> }; delete: { steps: Array<{ id: string }> } } }>(
      'helmHooks/argocdOrder',
      { uri: chart.uri() },
    );
    assert.strictEqual(order.target, 'argocd');
    assert.deepStrictEqual(order.commands.sync.steps.map((s) => s.id), ['PreSync', 'Sync', 'PostSync']);
    assert.deepStrictEqual(order.commands.sync.steps[0].items.map((i) => [i.name, i.wave]), [['init-db', -5]]);
    assert.deepStrictEqual(order.commands.delete.steps.map((s) => s.id), ['PreDelete', 'CascadeDelete', 'PostDelete']);
    assert.strictEqual(await client.request('helmHooks/argocdOrder', { uri: 'file:///nowhere/x.yaml' }), null);
  });
});
