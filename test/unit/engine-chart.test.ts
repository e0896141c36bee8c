import * as assert from 'assert';
import { ChartWorkspace, findChartRoot, memoryFileSystem, readTar } from '../../server/src/engine';
import { chart } from '../helpers/fixtures';
import { tar, tgz } from '../helpers/tarball';
import { inSubchartPath } from '../../server/src/engine/documents/manifestDocuments';

const job = (name: string, events = 'pre-install') =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\n  annotations:\n    helm.sh/hook: ${events}\n`;

const subChartYaml = 'apiVersion: v2\nname: sub\nversion: 1.0.0\n';

describe('engine: chart model', () => {
  it("uses the Chart.yaml name in template paths, not the folder's name", () => {
    const c = chart({ 'Chart.yaml': 'apiVersion: v2\nname: realname\nversion: 0.1.0\n', 'templates/a.yaml': job('j') }, { root: '/ws/some-folder' });
    assert.deepStrictEqual(c.hookModel().hooks.map((h) => h.path), ['realname/templates/a.yaml']);
    assert.strictEqual(c.order().chart, 'realname');
    assert.strictEqual(c.order().chartRoot, '/ws/some-folder');
  });

  it('keeps folders under templates/ in the path', () => {
    const c = chart({ 'templates/jobs/migrate.yaml': job('j') });
    assert.deepStrictEqual(c.hookModel().hooks.map((h) => h.path), ['mychart/templates/jobs/migrate.yaml']);
  });

  it("names a subchart by its Chart.yaml name, not its folder's", () => {
    const c = chart({ 'charts/sub-folder/Chart.yaml': subChartYaml, 'charts/sub-folder/templates/a.yaml': job('j') });
    assert.deepStrictEqual(c.hookModel().hooks.map((h) => h.path), ['mychart/charts/sub/templates/a.yaml']);
  });

  it('names an aliased subchart by its alias', () => {
    const c = chart({
      'Chart.yaml': 'apiVersion: v2\nname: mychart\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 1.0.0\n    alias: database\n',
      'charts/sub/Chart.yaml': subChartYaml,
      'charts/sub/templates/a.yaml': job('j'),
    });
    assert.deepStrictEqual(c.hookModel().hooks.map((h) => h.path), ['mychart/charts/database/templates/a.yaml']);
  });

  it('renders a dependency declared twice with two aliases twice', () => {
    const c = chart({
      'Chart.yaml':
        'apiVersion: v2\nname: mychart\nversion: 0.1.0\ndependencies:\n' +
        '  - name: sub\n    version: 1.0.0\n    alias: first\n' +
        '  - name: sub\n    version: 1.0.0\n    alias: second\n',
      'charts/sub/Chart.yaml': subChartYaml,
      'charts/sub/templates/a.yaml': job('j'),
    });
    assert.deepStrictEqual(c.hookModel().hooks.map((h) => h.path), ['mychart/charts/first/templates/a.yaml', 'mychart/charts/second/templates/a.yaml']);
    assert.strictEqual(c.order().commands.install!.steps.find((s) => s.id === 'pre-install')!.items.length, 2);
  });

  it('marks hooks of a subchart behind a condition as conditional', () => {
    const c = chart({
      'Chart.yaml': 'apiVersion: v2\nname: mychart\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 1.0.0\n    condition: sub.enabled\n',
      'charts/sub/Chart.yaml': subChartYaml,
      'charts/sub/templates/a.yaml': job('j'),
    });
    const [h] = c.hookModel().hooks;
    assert.strictEqual(h.conditional, true);
    assert.match(h.condition ?? '', /sub\.enabled/);
  });

  it('reads a nested subchart with its full path', () => {
    const c = chart({
      'charts/a/Chart.yaml': 'apiVersion: v2\nname: a\nversion: 1.0.0\n',
      'charts/a/charts/b/Chart.yaml': 'apiVersion: v2\nname: b\nversion: 1.0.0\n',
      'charts/a/charts/b/templates/x.yaml': job('deep'),
    });
    assert.deepStrictEqual(c.hookModel().hooks.map((h) => h.path), ['mychart/charts/a/charts/b/templates/x.yaml']);
  });

  describe('subchart archives', () => {
    it('reads the hooks of a .tgz subchart', () => {
      const archive = tgz({ 'sub/Chart.yaml': subChartYaml, 'sub/templates/job.yaml': job('packed') });
      const c = chart({ 'charts/sub-1.0.0.tgz': archive, 'templates/a.yaml': job('top') });
      const hooks = c.hookModel().hooks;
      assert.deepStrictEqual(hooks.map((h) => [h.name, h.path]), [
        ['packed', 'mychart/charts/sub/templates/job.yaml'],
        ['top', 'mychart/templates/a.yaml'],
      ]);
      assert.strictEqual(hooks[0].file, '/ws/mychart/charts/sub-1.0.0.tgz!/sub/templates/job.yaml');
      assert.strictEqual(hooks[0].subchart, true);
    });

    it('reads entries with names longer than 100 bytes', () => {
      const long = `sub/templates/${'x'.repeat(120)}.yaml`;
      const entries = readTar(tar({ 'sub/Chart.yaml': subChartYaml, [long]: job('long') }));
      assert.deepStrictEqual([...entries.keys()], ['sub/Chart.yaml', long]);
    });

    it('a corrupt archive is reported as a problem, not a crash', () => {
      const c = chart({ 'charts/broken-1.0.0.tgz': new Uint8Array([1, 2, 3, 4]), 'templates/a.yaml': job('top') });
      assert.deepStrictEqual(c.hookModel().hooks.map((h) => h.name), ['top']);
      assert.ok(c.model.chart.problems.some((p) => p.includes('broken-1.0.0.tgz')));
    });
  });

  it('NOTES.txt and _*.tpl partials produce no documents', () => {
    const c = chart({
      'templates/NOTES.txt': 'Thanks for installing.\nhelm.sh/hook: pre-install\n',
      'templates/_helpers.tpl': '{{- define "x" }}\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install\n{{- end }}\n',
      'templates/_inline.yaml': job('partial-named'),
      'templates/real.yaml': job('real'),
    });
    assert.deepStrictEqual(c.hookModel().hooks.map((h) => h.name), ['real']);
    assert.deepStrictEqual(c.model.documents().map((d) => d.doc.helmPath), ['mychart/templates/real.yaml']);
  });

  it('findChartRoot from a subchart file returns the top chart', () => {
    const fs = memoryFileSystem({
      '/ws/mychart/Chart.yaml': 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n',
      '/ws/mychart/charts/sub/Chart.yaml': subChartYaml,
      '/ws/mychart/charts/sub/templates/a.yaml': job('j'),
      '/ws/mychart/templates/b.yaml': job('k'),
    });
    assert.strictEqual(findChartRoot(fs, '/ws/mychart/charts/sub/templates/a.yaml'), '/ws/mychart');
    assert.strictEqual(findChartRoot(fs, '/ws/mychart/templates/b.yaml'), '/ws/mychart');
    assert.strictEqual(findChartRoot(fs, '/ws/elsewhere/x.yaml'), undefined);
  });

  it('the workspace gives the top chart model for a subchart file', () => {
    const ws = new ChartWorkspace(
      memoryFileSystem({
        '/ws/mychart/Chart.yaml': 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n',
        '/ws/mychart/charts/sub/Chart.yaml': subChartYaml,
        '/ws/mychart/charts/sub/templates/a.yaml': job('j'),
      }),
    );
    const m = ws.modelFor('/ws/mychart/charts/sub/templates/a.yaml');
    assert.strictEqual(m?.chart.root, '/ws/mychart');
    assert.strictEqual(ws.modelFor('/ws/mychart/templates/x.yaml'), m, 'one model per chart');
  });

  it('after a file changes, the order reflects the new text', () => {
    const files: Record<string, string> = {
      '/ws/mychart/Chart.yaml': 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n',
      '/ws/mychart/templates/a.yaml': job('before'),
    };
    const ws = new ChartWorkspace(memoryFileSystem(files));
    const m = ws.modelFor('/ws/mychart')!;
    assert.deepStrictEqual(ws.hookModel(m, 4).hooks.map((h) => h.name), ['before']);
    files['/ws/mychart/templates/a.yaml'] = job('after');
    ws.fileChanged('/ws/mychart/templates/a.yaml');
    assert.deepStrictEqual(ws.hookModel(m, 4).hooks.map((h) => h.name), ['after']);
  });

  it('install applies the CRDs of every crds/ folder, subcharts included', () => {
    const crd = 'kind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n';
    const c = chart({
      'crds/a.yaml': crd,
      'charts/sub/Chart.yaml': subChartYaml,
      'charts/sub/crds/b.yaml': crd,
    });
    const crds = c.order().commands.install!.steps.find((s) => s.id === 'crds')!;
    assert.deepStrictEqual(crds.items.map((i) => i.path).sort(), ['mychart/charts/sub/crds/b.yaml', 'mychart/crds/a.yaml']);
  });

  it('install names each CRD of a crds/ file (metadata.name), one row per document at its line', () => {
    const c = chart({
      'crds/two.yaml':
        '# CRDs of the chart\n---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n  labels:\n    name: not-this\n' +
        '---\nkind: CustomResourceDefinition\nmetadata:\n  annotations:\n    name: nor-this\n  name: gadgets.example.com\n',
      'crds/unnamed.yaml': 'kind: CustomResourceDefinition\nspec: {}\n',
      // JSON (crds/ takes .json) and a tab in a block: the fast head reader leaves them to Helm's own reading.
      'crds/three.json': '{"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "gizmos.example.com"}}\n',
      'crds/tabbed.yaml': 'kind: CustomResourceDefinition\nmetadata:\n  name: tabbed.example.com\ndescription: |\n  a\ttab\n',
    });
    const crds = c.order().commands.install!.steps.find((s) => s.id === 'crds')!;
    assert.deepStrictEqual(
      crds.items.map((i) => [i.path, i.name, i.line]),
      [
        ['mychart/crds/tabbed.yaml', 'tabbed.example.com', 1],
        ['mychart/crds/three.json', 'gizmos.example.com', 1],
        ['mychart/crds/two.yaml', 'widgets.example.com', 3],
        ['mychart/crds/two.yaml', 'gadgets.example.com', 10],
        ['mychart/crds/unnamed.yaml', '', 1],
      ],
    );
  });

  it('only crds/ files with a manifest extension are applied, and a conditional subchart marks its CRDs', () => {
    const crd = 'kind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n';
    const c = chart({
      'Chart.yaml': 'apiVersion: v2\nname: mychart\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 1.0.0\n    condition: sub.enabled\n',
      'crds/README.md': '# not applied',
      'crds/a.JSON': '{}',
      'charts/sub/Chart.yaml': subChartYaml,
      'charts/sub/crds/b.yml': crd,
    });
    const crds = c.order().commands.install!.steps.find((s) => s.id === 'crds')!;
    assert.deepStrictEqual(crds.items.map((i) => [i.path, i.conditional]), [
      ['mychart/crds/a.JSON', false],
      ['mychart/charts/sub/crds/b.yml', true],
    ]);
  });
});

describe('engine: a Helm template path is a subchart\'s when its second segment is charts', () => {
  it('subchart paths, and a top chart\'s templates/charts/ folder that is not one', () => {
    assert.strictEqual(inSubchartPath('mychart/charts/db/templates/job.yaml'), true);
    assert.strictEqual(inSubchartPath('mychart/charts/db/charts/inner/templates/job.yaml'), true);
    assert.strictEqual(inSubchartPath('mychart/templates/job.yaml'), false);
    assert.strictEqual(inSubchartPath('mychart/templates/charts/job.yaml'), false, 'a folder named charts under templates/');
  });
});
