import * as assert from 'assert';
import type { CodeLens, CompletionItem, CompletionList, Hover, MarkupContent } from 'vscode-languageserver';
import { caret, dedent } from '../helpers/fixtures';
import { TestClient, TmpChart, within } from './lspTestClient';

const CHART_YAML = 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n';

const BACKUP_JOB = dedent`
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: backup
    annotations:
      "helm.sh/hook": pre-upgrade
      "helm.sh/hook-weight": "5"
  spec:
    template:
      spec:
        restartPolicy: Never
`;

const BANNER_JOB = dedent`
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: banner
    annotations:
      "helm.sh/hook": pre-upgrade,pre-install
      "helm.sh/hook-weight": "-1"
  spec:
    template:
      spec:
        restartPolicy: Never
`;

/** A template being typed: the caret `|` marks the cursor. */
function annotated(line: string): ReturnType<typeof caret> {
  return caret(dedent`
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: notify
      annotations:
        ${line}
    spec: {}
  `);
}

type OrderSteps = { chart: string; chartRoot: string; commands: Record<string, { steps: Array<{ id: string; type: string; items: Array<{ name: string; weight: number }> }> }> };

describe('protocol: initialize, completion, hover, CodeLens and custom requests', () => {
  let chart: TmpChart;
  let client: TestClient;

  before(() => {
    chart = new TmpChart({ 'Chart.yaml': CHART_YAML, 'templates/backup.yaml': BACKUP_JOB, 'templates/banner.yaml': BANNER_JOB });
  });

  after(() => chart.remove());

  beforeEach(async () => {
    client = new TestClient({ settings: {} });
    await client.initialize();
  });

  afterEach(() => client.dispose());

  it('announces incremental sync, completion with its trigger characters, hover, quick fixes and CodeLens', async () => {
    const other = new TestClient();
    try {
      const { capabilities } = await other.initialize();
      assert.deepStrictEqual(capabilities.textDocumentSync, 2 /* Incremental */);
      assert.deepStrictEqual(capabilities.completionProvider, { triggerCharacters: [':', ',', ' ', '"', "'", '-'], resolveProvider: false });
      assert.strictEqual(capabilities.hoverProvider, true);
      assert.deepStrictEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix'] });
      assert.ok(capabilities.codeLensProvider, 'codeLensProvider');
    } finally {
      other.dispose();
    }
  });

  it('after "helm.sh/hook: " the nine events are offered as enum members', async () => {
    const { text, position } = annotated('"helm.sh/hook": |');
    const uri = chart.uri('templates/notify.yaml');
    await client.open(uri, text);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    const labels = list.items.map((i) => i.label);
    for (const e of ['pre-install', 'post-install', 'pre-upgrade', 'post-upgrade', 'pre-delete', 'post-delete', 'pre-rollback', 'post-rollback', 'test']) {
      assert.ok(labels.includes(e), `offers ${e}: ${labels.join(', ')}`);
    }
    const item = list.items.find((i) => i.label === 'pre-upgrade')!;
    assert.strictEqual(item.kind, 20 /* EnumMember */);
    assert.strictEqual((item.documentation as MarkupContent | undefined)?.kind ?? 'markdown', 'markdown');
  });

  it('after "pre-install," pre-install is not offered again', async () => {
    const { text, position } = annotated('"helm.sh/hook": pre-install,|');
    const uri = chart.uri('templates/notify.yaml');
    await client.open(uri, text);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    const labels = list.items.map((i) => i.label);
    assert.ok(!labels.includes('pre-install'), labels.join(', '));
    assert.ok(labels.includes('pre-upgrade'), labels.join(', '));
  });

  it('annotation keys come as snippets that replace what is typed', async () => {
    const { text, position } = annotated('helm.sh/ho|');
    const uri = chart.uri('templates/notify.yaml');
    await client.open(uri, text);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    const key: CompletionItem | undefined = list.items.find((i) => i.label === 'helm.sh/hook');
    assert.ok(key, list.items.map((i) => i.label).join(', '));
    assert.strictEqual(key.kind, 10 /* Property */);
    assert.strictEqual(key.insertTextFormat, 2 /* Snippet */);
    assert.ok(key.textEdit && 'range' in key.textEdit, 'a textEdit with a range');
    assert.deepStrictEqual(key.textEdit.range.start, { line: position.line, character: position.character - 'helm.sh/ho'.length });
    // A short detail (a long one made VS Code cut the key), and the docs say their first sentence once.
    assert.ok((key.detail ?? '').length <= 24, key.detail);
    const docs = (key.documentation as MarkupContent).value;
    const first = docs.split('\n')[0];
    assert.strictEqual(docs.split(first).length - 1, 1, docs);
  });

  it('hover on a weight shows the integer Helm uses', async () => {
    const { text, position } = caret(BACKUP_JOB.replace('"5"', '"+0|5"'));
    const uri = chart.uri('templates/backup.yaml');
    await client.open(uri, text);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position });
    const contents = hover.contents as MarkupContent;
    assert.strictEqual(contents.kind, 'markdown');
    assert.match(contents.value, /Helm uses weight \*\*5\*\*/);
    assert.strictEqual(hover.range?.start.line, position.line);
  });

  it('hover on helm.sh/hook of a Job says how Helm waits and what a failure stops; on a policy without before-hook-creation, what the next run meets', async () => {
    const uri = chart.uri('templates/banner.yaml');
    const { text, position } = caret(BANNER_JOB.replace('"helm.sh/hook":', '"helm.sh/h|ook":'));
    await client.open(uri, text);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position });
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /for up to the whole --timeout \(default 5m\); if it fails, the later hooks of the phase never run/);
    assert.match(value, /Helm 4 waits on Job hooks .*hookOnly/);
    const policy = caret(BANNER_JOB.replace('"helm.sh/hook-weight": "-1"', '"helm.sh/hook-weight": "-1"\n    "helm.sh/hook-delete-policy": hook-succ|eeded'));
    await client.change(uri, text, policy.text);
    const h2 = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: policy.position });
    assert.match((h2.contents as MarkupContent).value, /Helm 4 applies over it server-side/);
    // hook-succeeded alone: the hover says the default before-hook-creation is now off.
    assert.match((h2.contents as MarkupContent).value, /before-hook-creation is off\*\* for this hook/);
  });

  it('with traces on, the server traces its own time from each edit to the diagnostics of that version', async () => {
    const traces: string[] = [];
    const traced = new Promise<void>((resolve) =>
      client.connection.onNotification('$/logTrace', (p: { message: string }) => {
        traces.push(p.message);
        if (/^diagnostics of version 2 /.test(p.message)) resolve();
      }),
    );
    await client.connection.sendNotification('$/setTrace', { value: 'messages' });
    const uri = chart.uri('templates/backup.yaml');
    await client.openAndDiagnose(uri, BACKUP_JOB);
    const edited = BACKUP_JOB.replace('"5"', '"6"');
    const published = client.nextDiagnostics(uri);
    await client.change(uri, BACKUP_JOB, edited);
    await published;
    await traced;
    const own = traces.map((m) => /^diagnostics of version (\d+) of (\S+) sent ([\d.]+) ms after its change$/.exec(m)).filter((m) => m !== null);
    assert.deepStrictEqual(own.map((m) => [m![1], m![2]]), [['1', uri], ['2', uri]]);
    for (const m of own) assert.ok(Number(m![3]) >= 0 && Number(m![3]) < 60_000, m![0]);
  });

  it('CodeLens above each hook runs the show-order command with the document and its line', async () => {
    const uri = chart.uri('templates/banner.yaml');
    await client.open(uri, BANNER_JOB);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.strictEqual(lenses.length, 1);
    const [lens] = lenses;
    assert.strictEqual(lens.command?.command, 'helmHooks.showExecutionOrder');
    assert.deepStrictEqual(lens.command?.arguments, [uri, lens.range.start.line]);
    assert.match(lens.command?.title ?? '', /pre-upgrade #1/);
  });

  it('CodeLens can be turned off in the settings', async () => {
    client.settings = { codeLens: { enable: false } };
    const uri = chart.uri('templates/banner.yaml');
    const republished = client.nextDiagnostics(uri);
    await client.open(uri, BANNER_JOB);
    await republished;
    const settled = client.nextDiagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await settled;
    assert.deepStrictEqual(await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } }), []);
  });

  it('helmHooks/order gives the chart\'s order, from a file or from the chart folder', async () => {
    for (const uri of [chart.uri('templates/backup.yaml'), chart.uri(), chart.uri('Chart.yaml')]) {
      const order = await client.request<OrderSteps>('helmHooks/order', { uri });
      assert.strictEqual(order.chart, 'mychart');
      assert.strictEqual(order.chartRoot, chart.root);
      const pre = order.commands.upgrade.steps.find((s) => s.id === 'pre-upgrade');
      assert.deepStrictEqual(pre?.items.map((i) => [i.name, i.weight]), [['banner', -1], ['backup', 5]]);
    }
  });

  it('helmHooks/order and chartSummary are null outside a chart', async () => {
    const nowhere = new TmpChart({ 'README.md': 'no chart here' });
    try {
      assert.strictEqual(await client.request('helmHooks/order', { uri: nowhere.uri('README.md') }), null);
      assert.strictEqual(await client.request('helmHooks/chartSummary', { uri: nowhere.uri() }), null);
    } finally {
      nowhere.remove();
    }
  });

  it('requests for a closed or never-opened document return null', async () => {
    const uri = chart.uri('templates/backup.yaml');
    await client.open(uri, BACKUP_JOB);
    await client.close(uri);
    const position = { line: 5, character: 10 };
    for (const unknown of [uri, chart.uri('templates/never-opened.yaml'), 'untitled:Untitled-1']) {
      const textDocument = { uri: unknown };
      assert.strictEqual(await client.request('textDocument/hover', { textDocument, position }), null);
      assert.strictEqual(await client.request('textDocument/completion', { textDocument, position }), null);
      assert.strictEqual(await client.request('textDocument/codeLens', { textDocument }), null);
      const range = { start: position, end: position };
      assert.strictEqual(await client.request('textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }), null);
    }
  });

  it('shutdown answers, and exit ends the process with code 0 after it', async () => {
    const exits: Array<number | undefined> = [];
    const realExit = process.exit;
    const exited = new Promise<void>((resolve) => {
      // The node connection calls process.exit on `exit`; in-process, record it instead.
      process.exit = ((code?: number) => {
        exits.push(code);
        resolve();
      }) as typeof process.exit;
    });
    try {
      assert.strictEqual(await client.request('shutdown', null), null);
      await client.connection.sendNotification('exit');
      await within(exited, 'process.exit');
    } finally {
      process.exit = realExit;
    }
    assert.deepStrictEqual(exits, [0]);
  });
});
