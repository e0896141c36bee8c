/**
 * A diagnostic's code link over the protocol: the VS Code client sends where its copy of docs/DIAGNOSTICS.md is and
 * each code's line (initializationOptions.diagnosticDocs) and gets `<page>#L<line>`; a client that sends nothing
 * (Neovim, any other editor) gets the repository's anchor.
 */
import * as assert from 'assert';
import { dedent } from '../helpers/fixtures';
import { TestClient, TmpChart } from './lspTestClient';
import { diagnosticDocsUrl } from '../../server/src/engine/helmFacts';

const CHART_YAML = 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n';
const PAGE_URI = 'file:///opt/extensions/helm-hooks/docs/DIAGNOSTICS.md';

const typo = dedent`
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: migrate
    annotations:
      "helm.sh/hook": pre-instal
`;

describe('protocol: diagnostic code links', () => {
  let chart: TmpChart;
  let client: TestClient | undefined;

  beforeEach(() => {
    chart = new TmpChart({ 'Chart.yaml': CHART_YAML, 'templates/migrate.yaml': typo });
  });

  afterEach(() => {
    client?.dispose();
    client = undefined;
    chart.remove();
  });

  async function linksWith(initializationOptions: unknown): Promise<Array<string | undefined>> {
    client = new TestClient({ initializationOptions });
    await client.initialize();
    const ds = await client.openAndDiagnose(chart.uri('templates/migrate.yaml'), typo);
    assert.deepStrictEqual(ds.map((d) => d.code), ['unknown-hook-event']);
    return ds.map((d) => d.codeDescription?.href);
  }

  it('with the client\'s page and lines, the code links to its line there', async () => {
    const links = await linksWith({ helmHooks: { source: 'static' }, diagnosticDocs: { uri: PAGE_URI, lines: { 'unknown-hook-event': 9 } } });
    assert.deepStrictEqual(links, [`${PAGE_URI}#L9`]);
  });

  it('without them, the code links to the repository\'s section', async () => {
    const links = await linksWith({ helmHooks: { source: 'static' } });
    assert.deepStrictEqual(links, [diagnosticDocsUrl('unknown-hook-event')]);
  });

  it('a code missing from the client\'s lines, or malformed options, keep the repository\'s link', async () => {
    assert.deepStrictEqual(
      await linksWith({ helmHooks: { source: 'static' }, diagnosticDocs: { uri: PAGE_URI, lines: { 'render-failed': 397 } } }),
      [diagnosticDocsUrl('unknown-hook-event')],
    );
    client?.dispose();
    assert.deepStrictEqual(
      await linksWith({ helmHooks: { source: 'static' }, diagnosticDocs: { uri: 42, lines: 'x' } }),
      [diagnosticDocsUrl('unknown-hook-event')],
    );
  });
});
