/**
 * The built-in render in the language server, over real JSON-RPC: the order, CodeLens, hover, summary and
 * diagnostics all come from the chart's latest render in the worker thread, for the chart's value set; unsaved
 * buffers count; a newer render supersedes an older one; a render past its time has its worker replaced. Waits are
 * on messages (chartChanged with `rendered`, the render service's events), never on a clock.
 */
import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { CodeLens, CompletionList, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver';
import type { BuiltinRenderEvent } from '../../server/src/builtin/renderService';
import type { OrderResult } from '../../server/src/engine/types';
import { dedent } from '../helpers/fixtures';
import { TestClient, TmpChart, within } from './lspTestClient';

const CHART_YAML = 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n';

const HELPERS = dedent`
  {{- define "mychart.fullname" -}}
  {{ .Release.Name }}-{{ .Chart.Name }}
  {{- end }}
`;

const MIGRATE = dedent`
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: {{ include "mychart.fullname" . }}-migrate
    annotations:
      "helm.sh/hook": pre-install,pre-upgrade
      "helm.sh/hook-weight": {{ .Values.migrateWeight | quote }}
  spec:
    template:
      spec:
        restartPolicy: Never
`;

const BACKUP = dedent`
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: {{ include "mychart.fullname" . }}-backup
    annotations:
      "helm.sh/hook": pre-upgrade
      "helm.sh/hook-weight": "0"
  spec:
    template:
      spec:
        restartPolicy: Never
`;

/** A ConfigMap whose render takes long (a second or more): `count` thousand loop turns. */
const SLOW = dedent`
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: big
  data:
    x: "{{- range $i := until (int .Values.count) }}{{- range $j := until 1000 }}{{ $j | add1 | toString | trunc 1 }}{{- end }}{{- end }}"
`;

/** A hook named after the `name` value, so each render shows which text it read. */
const NAMED = dedent`
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: {{ .Values.name }}
    annotations:
      "helm.sh/hook": post-install
`;

type Items = Array<{ kind: string; name: string; weight: number; position: number }>;

function hooksOf(order: OrderResult, event: string): Items {
  for (const cmd of Object.values(order.commands)) {
    const step = cmd?.steps.find((s) => s.type === 'hooks' && s.id === event);
    if (step) return step.items as unknown as Items;
  }
  return [];
}

const names = (order: OrderResult, event: string) => hooksOf(order, event).map((h) => h.name);

/** Records the render service's events and lets a test wait for the next one that matches. */
class Events {
  readonly seen: BuiltinRenderEvent[] = [];
  private waiters: Array<{ match: (e: BuiltinRenderEvent) => boolean; resolve: (e: BuiltinRenderEvent) => void }> = [];

  readonly listener = (e: BuiltinRenderEvent): void => {
    this.seen.push(e);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(e)) return true;
      w.resolve(e);
      return false;
    });
  };

  next<K extends BuiltinRenderEvent['kind']>(kind: K, what: string, ms?: number): Promise<Extract<BuiltinRenderEvent, { kind: K }>> {
    return within(
      new Promise<BuiltinRenderEvent>((resolve) => this.waiters.push({ match: (e) => e.kind === kind, resolve })),
      what,
      ms,
    ) as Promise<Extract<BuiltinRenderEvent, { kind: K }>>;
  }
}

describe('protocol: the built-in render (order, CodeLens, hover, diagnostics from one snapshot)', function () {
  // A worker thread starts and loads the renderer; slow renders take a second or two.
  this.timeout(60000);
  let chart: TmpChart;
  let client: TestClient | undefined;
  let events: Events;

  const start = async (options: { builtin?: Record<string, unknown>; settings?: Record<string, unknown>; workspaceFolders?: string[] } = {}): Promise<TestClient> => {
    events = new Events();
    client = new TestClient({ settings: options.settings ?? {}, workspaceFolders: options.workspaceFolders, server: { builtin: { event: events.listener, ...options.builtin } } });
    await client.initialize();
    return client;
  };

  /** The next `helmHooks/chartChanged` that says a fresh render landed. */
  const rendered = (c: TestClient, ms = 20000) => within(c.chartChanged.next((p) => p.rendered === true, 'a fresh built-in render'), 'a fresh built-in render', ms);

  const c0 = (): TestClient => {
    assert.ok(client, 'started');
    return client;
  };

  const order = (c: TestClient, params: Record<string, unknown> = {}) => c.request<OrderResult>('helmHooks/order', { uri: chart.uri(), waitMs: 20000, ...params });

  afterEach(async () => {
    await client?.shutdown().catch(() => undefined);
    client?.dispose();
    client = undefined;
    chart?.remove();
  });

  it('names from include "x.fullname" show in the order, CodeLens and hover; an unsaved edit of _helpers.tpl renames them', async () => {
    chart = new TmpChart({
      'Chart.yaml': CHART_YAML,
      'values.yaml': 'migrateWeight: -5\n',
      'templates/_helpers.tpl': HELPERS,
      'templates/migrate.yaml': MIGRATE,
      'templates/backup.yaml': BACKUP,
    });
    const c = await start();
    const uri = chart.uri('templates/migrate.yaml');
    const first = rendered(c);
    await c.open(uri, MIGRATE);
    await first;

    const o = await order(c);
    assert.strictEqual(o.mode, 'builtin');
    assert.ok(!o.stale, 'fresh');
    assert.deepStrictEqual(names(o, 'pre-install'), ['release-name-mychart-migrate']);
    // Rendered weight -5 (from values) puts migrate before backup (weight 0) in pre-upgrade.
    assert.deepStrictEqual(names(o, 'pre-upgrade'), ['release-name-mychart-migrate', 'release-name-mychart-backup']);

    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.deepStrictEqual(titles, ['Job release-name-mychart-migrate · pre-install #1 of 1 · pre-upgrade #1 of 2 · weight -5']);

    // Hover on the hook key: the rendered hook and its places.
    const hookLine = MIGRATE.split('\n').findIndex((l) => l.includes('"helm.sh/hook"'));
    const hover = await c.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: hookLine, character: MIGRATE.split('\n')[hookLine].indexOf('helm.sh') + 2 } });
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /Job release-name-mychart-migrate\*\* · pre-install, pre-upgrade · weight -5/);
    assert.match(md, /pre-upgrade: 1st of 2 hooks in this chart, weight -5 \(before Job release-name-mychart-backup \(weight 0\)\)/);

    // An unsaved edit of the helper renames every hook after the next render.
    const helpers = chart.uri('templates/_helpers.tpl');
    await c.open(helpers, HELPERS);
    const renamed = rendered(c);
    await c.change(helpers, HELPERS, HELPERS.replace('{{ .Release.Name }}-{{ .Chart.Name }}', 'db-{{ .Release.Name }}'));
    await renamed;
    const after = await order(c);
    assert.deepStrictEqual(names(after, 'pre-upgrade'), ['db-release-name-migrate', 'db-release-name-backup']);
    const lens2 = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.match(lens2[0].command?.title ?? '', /^Job db-release-name-migrate · pre-install #1 of 1/);
    const summary = await c.request<{ hookCount: number; mode: string; stale: boolean; valueSet: string }>('helmHooks/chartSummary', { uri });
    assert.deepStrictEqual([summary.hookCount, summary.mode, summary.stale, summary.valueSet], [2, 'builtin', false, 'release-name · default · chart values']);
  });

  it('the value set (release, --set, an unsaved values file) changes the order', async () => {
    chart = new TmpChart({
      'Chart.yaml': CHART_YAML,
      'values.yaml': 'migrateWeight: -5\n',
      'ci/late.yaml': 'migrateWeight: 7\n',
      'templates/_helpers.tpl': HELPERS,
      'templates/migrate.yaml': MIGRATE,
      'templates/backup.yaml': BACKUP,
    });
    const c = await start();
    await order(c);
    let landed = rendered(c);
    await c.connection.sendNotification('helmHooks/valueSet', { chartRoot: chart.root, release: 'prod', set: ['migrateWeight=3'] });
    await landed;
    let o = await order(c);
    assert.deepStrictEqual(names(o, 'pre-upgrade'), ['prod-mychart-backup', 'prod-mychart-migrate']);
    assert.strictEqual(o.render?.release, 'prod');

    // A values file is read as the editor has it: the unsaved buffer wins over the disk.
    const late = chart.uri('ci/late.yaml');
    await c.open(late, 'migrateWeight: -9\n', 'yaml');
    landed = rendered(c);
    await c.connection.sendNotification('helmHooks/valueSet', { chartRoot: chart.uri(), valuesFiles: [late] });
    await landed;
    o = await order(c);
    assert.deepStrictEqual(hooksOf(o, 'pre-upgrade').map((h) => [h.name, h.weight]), [['release-name-mychart-migrate', -9], ['release-name-mychart-backup', 0]]);
    const summary = await c.request<{ valueSet: string }>('helmHooks/chartSummary', { uri: chart.uri() });
    assert.strictEqual(summary.valueSet, 'release-name · default · ci/late.yaml');

    // Static mode stays available on request.
    const stat = await order(c, { mode: 'static' });
    assert.strictEqual(stat.mode, 'static');
  });

  it('a failing render: the diagnostic at the action (information for a required value the defaults leave out), renderErrors and the static order as fallback', async () => {
    const template = dedent`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: migrate
        annotations:
          "helm.sh/hook": pre-install
          password: {{ required "db.password is required" .Values.db.password | quote }}
    `;
    chart = new TmpChart({ 'Chart.yaml': CHART_YAML, 'values.yaml': 'db: {}\n', 'templates/job.yaml': template });
    const c = await start();
    const uri = chart.uri('templates/job.yaml');
    const failing = (d: Diagnostic[]) => d.some((x) => x.code === 'render-failed');
    const published = c.nextDiagnostics(uri, failing);
    await c.open(uri, template);
    const ds = (await published).filter((d) => d.code === 'render-failed');
    assert.strictEqual(ds.length, 1);
    assert.strictEqual(ds[0].severity, 3 /* Information */);
    assert.match(ds[0].message, /^Renders only when `db\.password` is set/);
    const line = template.split('\n')[ds[0].range.start.line];
    assert.strictEqual(line.slice(ds[0].range.start.character, ds[0].range.end.character), 'required "db.password is required" .Values.db.password | quote }}');

    const o = await order(c);
    assert.strictEqual(o.mode, 'static');
    assert.match(o.fallback ?? '', /does not render/);
    assert.match(o.renderErrors?.[0].message ?? '', /db\.password is required/);
    assert.strictEqual(o.renderErrors?.[0].file, chart.file('templates/job.yaml'));
    assert.deepStrictEqual(names(o, 'pre-install'), ['migrate'], 'the static order answers');

    // With values that make the chart fail for real, it is an error.
    const again = c.nextDiagnostics(uri, (d) => d.some((x) => x.code === 'render-failed' && x.severity === 1));
    await c.connection.sendNotification('helmHooks/valueSet', { chartRoot: chart.root, set: ['db.user=x'] });
    const err = (await again).find((d) => d.code === 'render-failed')!;
    assert.match(err.message, /db\.password is required/);
  });

  it('completion answers while a slow render runs; an order asked for meanwhile is the last snapshot, marked stale', async () => {
    chart = new TmpChart({ 'Chart.yaml': CHART_YAML, 'values.yaml': 'count: 1\nname: first\n', 'templates/big.yaml': SLOW, 'templates/named.yaml': NAMED });
    const c = await start();
    const uri = chart.uri('templates/named.yaml');
    await order(c);
    await c.open(uri, NAMED);
    // The values now make the render slow.
    const values = chart.uri('values.yaml');
    await c.open(values, 'count: 1\nname: first\n', 'yaml');
    const started = events.next('started', 'the slow render to start');
    await c.change(values, 'count: 1\nname: first\n', 'count: 300\nname: second\n');
    const job = await started;
    const landed = events.next('landed', 'the slow render to land', 30000);
    let done = false;
    void landed.then(() => (done = true));

    const text = NAMED.replace('post-install', 'post-|');
    const edited = text.replace('|', '');
    await c.change(uri, NAMED, edited);
    const list = await c.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: edited.split('\n')[5].length } });
    assert.ok(!done, 'completion answered while the render ran');
    assert.ok(list.items.some((i) => i.label === 'post-install'), JSON.stringify(list.items.map((i) => i.label)));
    const stale = await order(c, { waitMs: 0 });
    assert.ok(!done, 'the order answered while the render ran');
    assert.strictEqual(stale.stale, true);
    assert.deepStrictEqual(names(stale, 'post-install'), ['first'], 'the last snapshot');

    // The render that started before the edit of named.yaml is cancelled (the worker stops it: it would run for
    // seconds more); the next one lands with both edits.
    // (An earlier job may be cancelled too: the first render's diagnostics, cut short by the edit of values.yaml.)
    while (!events.seen.some((e) => e.kind === 'cancelled' && e.id === job.id)) await events.next('cancelled', 'the superseded render to be cancelled', 30000);
    assert.ok(!events.seen.some((e) => e.kind === 'landed' && e.id === job.id), 'the superseded render never landed');
    const fresh = rendered(c, 30000);
    await fresh;
    const o = await order(c, { waitMs: 0 });
    assert.ok(!o.stale);
    assert.deepStrictEqual(hooksOf(o, 'post-install').length, 0, 'named.yaml now says "post-", no event');
    assert.strictEqual(o.dropped.length, 1, JSON.stringify(o.dropped));
  });

  it('a render past its time has its worker terminated; a new worker renders the next request', async () => {
    chart = new TmpChart({ 'Chart.yaml': CHART_YAML, 'values.yaml': 'count: 2000\nname: slow\n', 'templates/big.yaml': SLOW, 'templates/named.yaml': NAMED });
    const c = await start({ builtin: { killAfterMs: 300, limits: { maxSteps: 1e9, maxDepth: 3000, maxOutputBytes: 1e9, timeoutMs: 60000 } } });
    const killed = events.next('killed', 'the worker to be killed');
    const o = await order(c);
    await killed;
    assert.strictEqual(o.mode, 'static');
    assert.match(o.renderErrors?.[0].message ?? '', /took longer than 0\.3 s and was stopped/);
    assert.ok(c.logs.received.some((l) => /worker was stopped and a new one starts/.test(l.message)));

    // Fast values: a new worker (the second spawned) renders them.
    const values = chart.uri('values.yaml');
    await c.open(values, 'count: 2000\nname: slow\n', 'yaml');
    const landed = rendered(c);
    await c.change(values, 'count: 2000\nname: slow\n', 'count: 0\nname: quick\n');
    await landed;
    const fresh = await order(c);
    assert.strictEqual(fresh.mode, 'builtin');
    assert.deepStrictEqual(names(fresh, 'post-install'), ['quick']);
    assert.strictEqual(events.seen.filter((e) => e.kind === 'spawned').length, 2);
  });

  it('a workspace folder that is a chart renders at start, before any of its files opens; the first order is that render', async () => {
    chart = new TmpChart({ 'Chart.yaml': CHART_YAML, 'values.yaml': 'migrateWeight: -5\n', 'templates/_helpers.tpl': HELPERS, 'templates/migrate.yaml': MIGRATE });
    const c = await start({ workspaceFolders: [chart.uri()] });
    const landed = events.seen.find((e) => e.kind === 'landed') ?? (await events.next('landed', 'the render started at initialize'));
    assert.strictEqual(landed.kind === 'landed' && landed.chartRoot, chart.root);
    assert.ok(!events.seen.some((e) => e.kind === 'started' && e.chartRoot !== chart.root), 'only the workspace chart rendered');
    // Opening a file of it as it is on disk renders nothing again: the order is the render from the start.
    const uri = chart.uri('templates/migrate.yaml');
    await c.open(uri, MIGRATE);
    const o = await order(c, { waitMs: 0 });
    assert.strictEqual(o.mode, 'builtin');
    assert.ok(!o.stale);
    assert.deepStrictEqual(names(o, 'pre-install'), ['release-name-mychart-migrate'], JSON.stringify(o.commands.install));
    assert.strictEqual(events.seen.filter((e) => e.kind === 'started').length, 1);
    assert.strictEqual(events.seen.filter((e) => e.kind === 'spawned').length, 1);
  });

  it('a workspace folder that holds charts (not one itself) starts the worker at start and renders nothing yet', async () => {
    chart = new TmpChart({ 'Chart.yaml': CHART_YAML, 'values.yaml': 'migrateWeight: -5\n', 'templates/_helpers.tpl': HELPERS, 'templates/migrate.yaml': MIGRATE });
    await start({ workspaceFolders: [pathToFileURL(path.dirname(chart.root)).href] });
    const spawned = events.seen.find((e) => e.kind === 'spawned') ?? (await events.next('spawned', 'the worker to start at initialize'));
    assert.strictEqual(spawned.kind, 'spawned');
    const o = await order(c0(), { waitMs: 20000 });
    assert.strictEqual(o.mode, 'builtin', 'the first order asked for renders the chart');
    assert.strictEqual(events.seen.filter((e) => e.kind === 'spawned').length, 1, 'in the worker started at initialize');
  });

  it('helmHooks.source "static" keeps the static reading everywhere', async () => {
    chart = new TmpChart({ 'Chart.yaml': CHART_YAML, 'values.yaml': 'migrateWeight: -5\n', 'templates/_helpers.tpl': HELPERS, 'templates/migrate.yaml': MIGRATE });
    const c = await start({ settings: { source: 'static' } });
    const uri = chart.uri('templates/migrate.yaml');
    await c.open(uri, MIGRATE);
    const o = await order(c);
    assert.strictEqual(o.mode, 'static');
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.doesNotMatch(lenses[0].command?.title ?? '', /release-name/);
    assert.ok(!events.seen.some((e) => e.kind === 'started'), 'nothing rendered');
  });
});
