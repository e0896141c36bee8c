import * as assert from 'assert';
import * as fs from 'fs';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { applyEdits, dedent, textAt } from '../helpers/fixtures';
import { TestClient, TmpChart } from './lspTestClient';

const CHART_YAML = 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n';

function job(name: string, events: string, weight: string): string {
  return dedent`
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: ${name}
      annotations:
        "helm.sh/hook": ${events}
        "helm.sh/hook-weight": "${weight}"
    spec:
      template:
        spec:
          restartPolicy: Never
  `;
}

function serviceAccount(name: string, weight: string): string {
  return dedent`
    apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: ${name}
      annotations:
        "helm.sh/hook": pre-install
        "helm.sh/hook-weight": "${weight}"
  `;
}

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

describe('protocol: diagnostics and quick fixes', () => {
  let chart: TmpChart;
  let client: TestClient;

  beforeEach(async () => {
    chart = new TmpChart({ 'Chart.yaml': CHART_YAML, 'templates/migrate.yaml': job('db-migrate', 'pre-install', '0') });
    // The static engine's own updates, keystroke by keystroke (the built-in render's: builtin.test.ts).
    client = new TestClient({ initializationOptions: { helmHooks: { source: 'static' } } });
    await client.initialize();
  });

  afterEach(() => {
    client.dispose();
    chart.remove();
  });

  it('a typo in an event is published as unknown-hook-event on the event itself, with Helm\'s docs linked', async () => {
    const uri = chart.uri('templates/migrate.yaml');
    const text = job('db-migrate', 'pre-instal', '0');
    const ds = await client.openAndDiagnose(uri, text);
    assert.deepStrictEqual(codes(ds), ['unknown-hook-event']);
    const [d] = ds;
    assert.strictEqual(textAt(text, d.range), 'pre-instal');
    assert.strictEqual(d.source, 'helm-hooks');
    assert.strictEqual(d.severity, 1 /* Error */);
    // The code links to its own section of docs/DIAGNOSTICS.md.
    assert.match(d.codeDescription?.href ?? '', /^https:\/\/.*\/blob\/main\/docs\/DIAGNOSTICS\.md#unknown-hook-event$/);
    assert.match(d.message, /drops the whole resource/);
  });

  it('fixing the typo in the buffer clears the diagnostics, for the new version', async () => {
    const uri = chart.uri('templates/migrate.yaml');
    const broken = job('db-migrate', 'pre-instal', '0');
    await client.openAndDiagnose(uri, broken);
    const cleared = client.diagnostics.next((p) => p.uri === uri, 'diagnostics after the fix');
    await client.change(uri, broken, job('db-migrate', 'pre-install', '0'));
    const p = await cleared;
    assert.deepStrictEqual(p.diagnostics, []);
    assert.strictEqual(p.version, 2);
  });

  it('the quick fix of a diagnostic comes back as a preferred code action that edits the document', async () => {
    const uri = chart.uri('templates/migrate.yaml');
    const text = job('db-migrate', 'pre-instal', '0');
    const [d] = await client.openAndDiagnose(uri, text);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    });
    assert.ok(actions.length >= 1, 'at least one fix');
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred, 'one fix is preferred');
    assert.strictEqual(preferred.kind, 'quickfix');
    assert.strictEqual(preferred.title, 'Change to "pre-install"');
    assert.deepStrictEqual(preferred.diagnostics, [d]);
    const edits = preferred.edit?.changes?.[uri] ?? [];
    assert.strictEqual(applyEdits(text, edits), job('db-migrate', 'pre-install', '0'));
  });

  it('code actions for diagnostics of other tools, or only non-quickfix kinds, are empty', async () => {
    const uri = chart.uri('templates/migrate.yaml');
    const [d] = await client.openAndDiagnose(uri, job('db-migrate', 'pre-instal', '0'));
    const foreign = { ...d, source: 'yaml' };
    const none = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [foreign] } });
    assert.deepStrictEqual(none, []);
    const refactorOnly = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d], only: ['refactor'] },
    });
    assert.deepStrictEqual(refactorOnly, []);
  });

  it('an unsaved buffer wins over the disk: diagnostics and the order both read the buffer', async () => {
    const uri = chart.uri('templates/migrate.yaml');
    // On disk the hook is fine with weight 0; the editor holds an unsaved weight of 7 and a typo.
    const buffer = job('db-migrate', 'pre-install,post-instal', '7');
    const ds = await client.openAndDiagnose(uri, buffer);
    assert.deepStrictEqual(codes(ds), ['unknown-hook-event']);

    await client.change(uri, buffer, job('db-migrate', 'pre-install', '7'));
    const order = await client.request<{ commands: { install: { steps: Array<{ id: string; items: Array<{ name: string; weight: number }> }> } } }>(
      'helmHooks/order',
      { uri },
    );
    const pre = order.commands.install.steps.find((s) => s.id === 'pre-install');
    assert.deepStrictEqual(pre?.items.map((i) => [i.name, i.weight]), [['db-migrate', 7]]);
  });

  it('closing an unsaved buffer goes back to the disk and clears its diagnostics', async () => {
    const uri = chart.uri('templates/migrate.yaml');
    await client.openAndDiagnose(uri, job('db-migrate', 'pre-instal', '9'));
    const cleared = client.nextDiagnostics(uri);
    const changed = client.chartChanged.next((p) => p.chartRoot === chart.root, 'chartChanged after close');
    await client.close(uri);
    assert.deepStrictEqual(await cleared, []);
    await changed;
    const order = await client.request<{ hookCount: number; commands: { install: { steps: Array<{ id: string; items: Array<{ weight: number }> }> } } }>(
      'helmHooks/order',
      { uri: chart.uri() },
    );
    assert.deepStrictEqual(order.commands.install.steps.find((s) => s.id === 'pre-install')?.items.map((i) => i.weight), [0]);
  });

  it('an edit in one file that creates a same-weight tie that matters re-publishes the other open file of the chart', async () => {
    chart.write('templates/sa.yaml', serviceAccount('aa-runner', '-5'));
    const jobUri = chart.uri('templates/migrate.yaml');
    const saUri = chart.uri('templates/sa.yaml');
    // The Job runs as the ServiceAccount, which runs first by its lower weight.
    assert.deepStrictEqual(await client.openAndDiagnose(jobUri, `${job('zz-migrate', 'pre-install', '0')}      serviceAccountName: aa-runner\n`), []);
    const saText = serviceAccount('aa-runner', '-5');
    assert.deepStrictEqual(await client.openAndDiagnose(saUri, saText), []);

    // Now the ServiceAccount also has weight 0: it still runs first, but only because "aa-runner" < "zz-migrate".
    const tie = client.nextDiagnostics(jobUri, (ds) => ds.length > 0);
    await client.change(saUri, saText, serviceAccount('aa-runner', '0'));
    const ds = await tie;
    assert.deepStrictEqual(codes(ds), ['same-weight-tie-by-name']);
    assert.strictEqual(ds[0].severity, 4 /* Hint */);
    assert.match(ds[0].message, /needs ServiceAccount "aa-runner" \(serviceAccountName\) and runs after it only because of their names/);
  });

  describe('run-time pitfalls', () => {
    const withPod = (text: string, sa: string) => `${text}      serviceAccountName: ${sa}\n`;

    it('hook-needs-release-resource: a pre-install Job running as the release\'s ServiceAccount; making the ServiceAccount a lower hook clears it', async () => {
      chart.write('templates/sa.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: runner\n');
      const jobUri = chart.uri('templates/migrate.yaml');
      const saUri = chart.uri('templates/sa.yaml');
      const jobText = withPod(job('db-migrate', 'pre-install', '0'), 'runner');
      const ds = await client.openAndDiagnose(jobUri, jobText);
      assert.deepStrictEqual(codes(ds), ['hook-needs-release-resource']);
      assert.strictEqual(ds[0].severity, 1 /* Error */);
      assert.strictEqual(textAt(jobText, ds[0].range), 'runner');
      assert.match(ds[0].message, /created only after the pre-install hooks/);
      const saText = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: runner\n';
      await client.openAndDiagnose(saUri, saText);
      const cleared = client.nextDiagnostics(jobUri, (d) => d.length === 0);
      await client.change(saUri, saText, serviceAccount('runner', '-1'));
      assert.deepStrictEqual(await cleared, []);
    });

    it('hook-runs-before-its-dependency: raising the ServiceAccount hook\'s weight above the Job\'s re-publishes the Job', async () => {
      chart.write('templates/sa.yaml', serviceAccount('runner', '-1'));
      const jobUri = chart.uri('templates/migrate.yaml');
      const saUri = chart.uri('templates/sa.yaml');
      assert.deepStrictEqual(await client.openAndDiagnose(jobUri, withPod(job('db-migrate', 'pre-install', '0'), 'runner')), []);
      await client.openAndDiagnose(saUri, serviceAccount('runner', '-1'));
      const late = client.nextDiagnostics(jobUri, (d) => d.length > 0);
      await client.change(saUri, serviceAccount('runner', '-1'), serviceAccount('runner', '3'));
      const ds = await late;
      assert.deepStrictEqual(codes(ds), ['hook-runs-before-its-dependency']);
      assert.match(ds[0].message, /weight 3 is higher than 0/);
    });

    it('hook-leftover-blocks-next-run, hook-job-ttl and crd-hook-never-deleted are published with their fixes where there is one', async () => {
      const uri = chart.uri('templates/migrate.yaml');
      const text = job('db-migrate', 'post-upgrade', '0').replace(
        '"helm.sh/hook-weight": "0"\n',
        '"helm.sh/hook-weight": "0"\n    "helm.sh/hook-delete-policy": hook-succeeded\n',
      ).replace('spec:\n', 'spec:\n  ttlSecondsAfterFinished: 0\n');
      const ds = await client.openAndDiagnose(uri, text);
      assert.deepStrictEqual(codes(ds).sort(), ['hook-job-ttl', 'hook-leftover-blocks-next-run']);
      const leftover = ds.find((d) => d.code === 'hook-leftover-blocks-next-run')!;
      assert.strictEqual(leftover.severity, 2 /* Warning */);
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: leftover.range, context: { diagnostics: [leftover] } });
      const fixed = applyEdits(text, actions.find((a) => a.isPreferred)!.edit!.changes![uri]);
      assert.match(fixed, /"helm\.sh\/hook-delete-policy": before-hook-creation,hook-succeeded/);
      const crdUri = chart.uri('templates/crd.yaml');
      const crd = 'kind: CustomResourceDefinition\nmetadata:\n  name: w.example.com\n  annotations:\n    "helm.sh/hook": pre-install\n    "helm.sh/hook-delete-policy": hook-succeeded\n';
      assert.deepStrictEqual(codes(await client.openAndDiagnose(crdUri, crd)), ['crd-hook-never-deleted']);
    });

    it('follow the Helm version setting: hook-job-ttl is information with Helm 3', async () => {
      client.dispose();
      client = new TestClient({ settings: { helmVersion: '3' } });
      await client.initialize();
      const uri = chart.uri('templates/migrate.yaml');
      const text = job('db-migrate', 'post-install', '0').replace('spec:\n', 'spec:\n  ttlSecondsAfterFinished: 0\n');
      const ds = await client.openAndDiagnose(uri, text);
      assert.deepStrictEqual(codes(ds), ['hook-job-ttl']);
      assert.strictEqual(ds[0].severity, 3 /* Information */);
      assert.match(ds[0].message, /Helm 3 counts a hook deleted while it watches as done/);
    });
  });

  it('a change in the buffer tells the client that the chart changed', async () => {
    const uri = chart.uri('templates/migrate.yaml');
    const text = job('db-migrate', 'pre-install', '0');
    await client.openAndDiagnose(uri, text);
    const changed = client.chartChanged.next(() => true, 'chartChanged');
    await client.change(uri, text, job('db-migrate', 'pre-install', '3'));
    assert.deepStrictEqual(await changed, { chartRoot: chart.root });
  });

  it('a file outside any chart gets no diagnostics', async () => {
    const outside = new TmpChart({ 'templates/job.yaml': job('x', 'pre-instal', '0') }); // no Chart.yaml
    try {
      const outsideUri = outside.uri('templates/job.yaml');
      await client.open(outsideUri, job('x', 'pre-instal', '0'));
      // The server answers in order: once the chart file's diagnostics are here, the other file's would be too.
      await client.openAndDiagnose(chart.uri('templates/migrate.yaml'), job('db-migrate', 'pre-install', '0'));
      assert.deepStrictEqual(client.diagnostics.received.filter((p) => p.uri === outsideUri), []);
    } finally {
      outside.remove();
    }
  });

  it('a template created on disk joins the chart: the order and the open files follow', async () => {
    const uri = chart.uri('templates/migrate.yaml');
    await client.openAndDiagnose(uri, job('db-migrate', 'pre-install', '0'));
    chart.write('templates/sa.yaml', serviceAccount('zz-runner', '0'));
    const republished = client.nextDiagnostics(uri);
    const changed = client.chartChanged.next((p) => p.chartRoot === chart.root, 'chartChanged after create');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: chart.uri('templates/sa.yaml'), type: 1 }] });
    await changed;
    await republished;
    const summary = await client.request<{ chartName: string; chartRoot: string; hookCount: number }>('helmHooks/chartSummary', { uri });
    assert.deepStrictEqual([summary.chartName, summary.chartRoot, summary.hookCount], ['mychart', chart.root, 2]);
  });

  it('deleting Chart.yaml on disk ends the chart: its open files lose their diagnostics', async () => {
    const uri = chart.uri('templates/migrate.yaml');
    assert.strictEqual((await client.openAndDiagnose(uri, job('db-migrate', 'pre-instal', '0'))).length, 1);
    fs.rmSync(chart.file('Chart.yaml'));
    const cleared = client.nextDiagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: chart.uri('Chart.yaml'), type: 3 /* Deleted */ }] });
    assert.deepStrictEqual(await cleared, []);
    assert.strictEqual(await client.request('helmHooks/order', { uri }), null);
  });

  it('an unsaved new template (not on disk yet) is part of the chart while it is open', async () => {
    const uri = chart.uri('templates/new-hook.yaml');
    const ds = await client.openAndDiagnose(uri, job('new-hook', 'post-instal', '0'));
    assert.deepStrictEqual(codes(ds), ['unknown-hook-event']);
    let summary = await client.request<{ hookCount: number }>('helmHooks/chartSummary', { uri: chart.uri() });
    assert.strictEqual(summary.hookCount, 1, 'a dropped resource is not a hook');
    await client.change(uri, job('new-hook', 'post-instal', '0'), job('new-hook', 'post-install', '0'));
    summary = await client.request<{ hookCount: number }>('helmHooks/chartSummary', { uri: chart.uri() });
    assert.strictEqual(summary.hookCount, 2);
    await client.close(uri);
    summary = await client.request<{ hookCount: number }>('helmHooks/chartSummary', { uri: chart.uri() });
    assert.strictEqual(summary.hookCount, 1);
  });
});

describe('protocol: settings', () => {
  let chart: TmpChart;
  let client: TestClient | undefined;

  beforeEach(() => {
    chart = new TmpChart({ 'Chart.yaml': CHART_YAML, 'templates/migrate.yaml': job('db-migrate', 'pre-install', '0') });
  });

  afterEach(() => {
    client?.dispose();
    chart.remove();
  });

  it('diagnostics follow the severities pulled from workspace/configuration, and a change of settings re-publishes', async () => {
    client = new TestClient({ settings: { diagnostics: { severity: { 'unknown-hook-event': 'warning' } } } });
    await client.initialize();
    const uri = chart.uri('templates/migrate.yaml');
    const ds = await client.openAndDiagnose(uri, job('db-migrate', 'pre-instal', '0'));
    assert.deepStrictEqual(ds.map((d) => [d.code, d.severity]), [['unknown-hook-event', 2 /* Warning */]]);

    client.settings = { diagnostics: { severity: { 'unknown-hook-event': 'off' } } };
    const silenced = client.nextDiagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepStrictEqual(await silenced, []);

    client.settings = { diagnostics: { enable: false } };
    const off = client.nextDiagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepStrictEqual(await off, []);
  });

  it('helmHooks.ties.showAll: a harmless tie gets the panel note and the hint only when every tie is asked for', async () => {
    // The ServiceAccount follows the Job at the same weight, by name; the Job does not run as it.
    chart.write('templates/sa.yaml', serviceAccount('zz-sa', '0'));
    client = new TestClient({ settings: {} });
    await client.initialize();
    type Order = { commands: { install: { steps: Array<{ id: string; items: Array<{ name: string; tieByName: boolean; tieNote?: string }> }> } } };
    const saRow = async () =>
      (await client!.request<Order>('helmHooks/order', { uri: chart.uri() })).commands.install.steps.find((s) => s.id === 'pre-install')!.items.find((i) => i.name === 'zz-sa')!;
    const uri = chart.uri('templates/sa.yaml');
    assert.deepStrictEqual(await client.openAndDiagnose(uri, serviceAccount('zz-sa', '0')), []);
    const before = await saRow();
    assert.deepStrictEqual([before.tieByName, before.tieNote], [true, undefined]);

    client.settings = { ties: { showAll: true } };
    const hinted = client.nextDiagnostics(uri, (ds) => ds.length > 0);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepStrictEqual(codes(await hinted), ['same-weight-tie-by-name']);
    assert.match((await saRow()).tieNote ?? '', /Same weight \(0\) as Job "db-migrate" before it/);
  });

  it('settings are per chart folder: each chart gets the Helm version and severities of its own folder', async () => {
    const helm3 = new TmpChart({ 'Chart.yaml': CHART_YAML, 'templates/migrate.yaml': job('db-migrate', 'pre-install', '0') });
    try {
      client = new TestClient({ settings: {} });
      client.folderSettings.set(helm3.uri(), { helmVersion: '3', diagnostics: { severity: { 'unknown-hook-event': 'information' } } });
      await client.initialize();
      const order = (c: TmpChart) => client!.request<{ helmVersion: number }>('helmHooks/order', { uri: c.uri() });
      assert.strictEqual((await order(helm3)).helmVersion, 3);
      assert.strictEqual((await order(chart)).helmVersion, 4);
      const text = job('db-migrate', 'pre-instal', '0');
      const in3 = await client.openAndDiagnose(helm3.uri('templates/migrate.yaml'), text);
      const in4 = await client.openAndDiagnose(chart.uri('templates/migrate.yaml'), text);
      assert.deepStrictEqual([in3[0].severity, in4[0].severity], [3 /* Information */, 1 /* Error */]);
    } finally {
      helm3.remove();
    }
  });

  it('without workspace/configuration the settings come from initializationOptions', async () => {
    client = new TestClient({ initializationOptions: { helmHooks: { diagnostics: { severity: { 'unknown-hook-event': 'hint' } } } } });
    await client.initialize();
    const uri = chart.uri('templates/migrate.yaml');
    const ds = await client.openAndDiagnose(uri, job('db-migrate', 'pre-instal', '0'));
    assert.deepStrictEqual(ds.map((d) => [d.code, d.severity]), [['unknown-hook-event', 4 /* Hint */]]);
  });

  it('registers file watchers for chart files when the client allows dynamic registration', async () => {
    client = new TestClient({ settings: {}, dynamicRegistration: true });
    await client.initialize();
    // Registration happens after `initialized`; a request round trip later it has arrived.
    await client.request('helmHooks/chartSummary', { uri: chart.uri() });
    const watch = client.registrations.flatMap((r) => r.registrations).find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.ok(watch, 'a didChangeWatchedFiles registration');
    const globs = (watch.registerOptions as { watchers: Array<{ globPattern: string }> }).watchers.map((w) => w.globPattern);
    assert.ok(globs.includes('**/Chart.yaml') && globs.includes('**/templates/**'), globs.join(' '));
  });
});
