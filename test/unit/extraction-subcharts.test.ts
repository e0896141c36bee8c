import * as assert from 'assert';
import { ChartWorkspace, memoryFileSystem } from '../../server/src/engine';
import { ChartModel } from '../../server/src/engine/hooks/chartModel';
import { loadChart } from '../../server/src/engine/documents/chartTree';
import { chart } from '../helpers/fixtures';
import { builtinChart } from '../helpers/builtinChart';

const hook = (cond = '') =>
  `${cond ? `{{- if ${cond} }}\n` : ''}apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: post-install\n${cond ? '{{- end }}\n' : ''}`;
const sub = 'apiVersion: v2\nname: sub\nversion: 1.0.0\n';
const parent = (dep: string) => `apiVersion: v2\nname: mychart\nversion: 1.0.0\ndependencies:\n  - name: sub\n    version: 1.0.0\n${dep}`;

/**
 * Which subcharts render is decided by Helm's dependency processing (`condition:`, `tags:`, aliases), run by the
 * renderer's own code (render/chart/dependencies.ts) even for the static reading. A template's own `{{ if }}` is never
 * evaluated statically: the hook is "conditional" there, and the built-in render decides.
 */
describe('extraction: subcharts with default values', () => {
  it('a dependency condition false in the parent values turns the subchart\'s hooks off', () => {
    const c = chart({
      'Chart.yaml': parent('    condition: sub.enabled\n'),
      'values.yaml': 'sub:\n  enabled: false\n',
      'charts/sub/Chart.yaml': sub,
      'charts/sub/templates/job.yaml': hook(),
    });
    // Off with these values: in no order, listed apart with the subchart's condition.
    assert.deepStrictEqual(c.hookModel().hooks, []);
    const [h] = c.hookModel().disabled;
    assert.match(h.condition ?? '', /condition sub\.enabled/);
    assert.strictEqual(h.enabled, false);
    assert.strictEqual(c.hookModel().hookDocuments[0].enabledByDefault, false);
  });

  it('the first condition path that holds a boolean decides; a missing one is skipped', () => {
    const c = chart({
      'Chart.yaml': parent('    condition: missing.enabled,sub.enabled\n'),
      'values.yaml': 'sub:\n  enabled: true\n',
      'charts/sub/Chart.yaml': sub,
      'charts/sub/templates/job.yaml': hook(),
    });
    assert.strictEqual(c.hookModel().hookDocuments[0].enabledByDefault, true);
  });

  it('a false tag turns a dependency off unless its condition says otherwise', () => {
    const files = {
      'values.yaml': 'tags:\n  extras: false\n',
      'charts/sub/Chart.yaml': sub,
      'charts/sub/templates/job.yaml': hook(),
    };
    assert.strictEqual(chart({ ...files, 'Chart.yaml': parent('    tags: [extras]\n') }).hookModel().hookDocuments[0].enabledByDefault, false);
    const withCond = chart({ ...files, 'values.yaml': 'tags:\n  extras: false\nsub:\n  enabled: true\n', 'Chart.yaml': parent('    tags: [extras]\n    condition: sub.enabled\n') });
    assert.strictEqual(withCond.hookModel().hookDocuments[0].enabledByDefault, true);
  });

  it('the parent\'s values for the subchart override the subchart\'s own defaults (a template condition: the render decides)', () => {
    const files = {
      'Chart.yaml': parent(''),
      'values.yaml': 'sub:\n  job:\n    enabled: true\n',
      'charts/sub/Chart.yaml': sub,
      'charts/sub/values.yaml': 'job:\n  enabled: false\n  other: 1\n',
      'charts/sub/templates/job.yaml': hook('and .Values.job.enabled .Values.job.other'),
    };
    const s = chart(files).hookModel();
    assert.strictEqual(s.hookDocuments[0].enabledByDefault, undefined);
    assert.strictEqual(s.hooks[0].conditional, true);
    assert.deepStrictEqual(builtinChart(files).model.hooks.map((h) => h.path), ['mychart/charts/sub/templates/job.yaml']);
  });

  it('an aliased dependency reads the parent values under its alias', () => {
    const files = {
      'Chart.yaml': parent('    alias: worker\n    condition: worker.enabled\n'),
      'values.yaml': 'worker:\n  enabled: true\n  job: true\n',
      'charts/sub/Chart.yaml': sub,
      'charts/sub/templates/job.yaml': hook(),
    };
    const c = chart(files);
    assert.strictEqual(c.hookModel().hooks[0].path, 'mychart/charts/worker/templates/job.yaml');
    assert.strictEqual(c.hookModel().hookDocuments[0].enabledByDefault, true);
    const off = chart({ ...files, 'values.yaml': 'worker:\n  enabled: false\n' });
    assert.strictEqual(off.hookModel().hookDocuments[0].enabledByDefault, false);
  });

  it('globals flow down from the parent (in the render; statically the template condition is undecided)', () => {
    const files = {
      'Chart.yaml': parent(''),
      'values.yaml': 'global:\n  hooks: false\n',
      'charts/sub/Chart.yaml': sub,
      'charts/sub/values.yaml': 'global:\n  hooks: true\n',
      'charts/sub/templates/job.yaml': hook('.Values.global.hooks'),
    };
    assert.strictEqual(chart(files).hookModel().hookDocuments[0].enabledByDefault, undefined);
    assert.deepStrictEqual(builtinChart(files).model.hooks, []);
  });

  it('an apiVersion v1 chart declares its dependencies (and their conditions) in requirements.yaml', () => {
    const c = chart({
      'Chart.yaml': 'apiVersion: v1\nname: mychart\nversion: 1.0.0\n',
      'requirements.yaml': 'dependencies:\n  - name: sub\n    version: 1.0.0\n    condition: sub.enabled\n',
      'values.yaml': 'sub:\n  enabled: false\n',
      'charts/sub/Chart.yaml': sub,
      'charts/sub/templates/job.yaml': hook(),
    });
    const [h] = c.hookModel().disabled;
    assert.match(h.condition ?? '', /condition sub\.enabled/);
    assert.strictEqual(c.hookModel().hookDocuments[0].enabledByDefault, false);
  });

  it('a nested subchart\'s condition is read in its own parent\'s values', () => {
    const c = chart({
      'Chart.yaml': parent(''),
      'values.yaml': 'sub:\n  inner:\n    enabled: false\n',
      'charts/sub/Chart.yaml': sub + 'dependencies:\n  - name: inner\n    version: 1.0.0\n    condition: inner.enabled\n',
      'charts/sub/values.yaml': 'inner:\n  enabled: true\n',
      'charts/sub/charts/inner/Chart.yaml': 'apiVersion: v2\nname: inner\nversion: 1.0.0\n',
      'charts/sub/charts/inner/templates/job.yaml': hook(),
    });
    assert.strictEqual(c.hookModel().hookDocuments[0].enabledByDefault, false);
  });

  it('hook annotations the parent gives a subchart in its values reach the subchart\'s templates (in the render)', () => {
    const files = {
      'Chart.yaml': parent(''),
      'values.yaml': 'other:\n  x: 1\nsub:\n  job:\n    annotations:\n      helm.sh/hook: pre-upgrade\n',
      'charts/sub/Chart.yaml': sub,
      'charts/sub/values.yaml': 'job:\n  annotations: {}\n',
      'charts/sub/templates/job.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations: {{- toYaml .Values.job.annotations | nindent 4 }}\n',
    };
    assert.deepStrictEqual(chart(files).hookModel().hooks, [], 'the static reading evaluates no values');
    assert.deepStrictEqual(builtinChart(files).model.hooks.map((h) => h.events), [['pre-upgrade']]);
  });

  it('values given to the model on top of the chart\'s decide which subcharts render', () => {
    const fs = memoryFileSystem({
      '/ws/mychart/Chart.yaml': parent('    condition: sub.enabled\n'),
      '/ws/mychart/values.yaml': 'sub:\n  enabled: false\n',
      '/ws/mychart/charts/sub/Chart.yaml': sub,
      '/ws/mychart/charts/sub/templates/job.yaml': hook(),
    });
    const on = new ChartModel(fs, loadChart(fs, '/ws/mychart'), new Map([['sub', new Map([['enabled', true]])]]));
    assert.strictEqual(on.documents().find((d) => d.hook)?.enabledByDefault, true);
    const off = new ChartModel(fs, loadChart(fs, '/ws/mychart'));
    assert.strictEqual(off.documents().find((d) => d.hook)?.enabledByDefault, false);
  });

  it('editing values.yaml re-reads which subcharts render, and re-reads nothing when that stays', () => {
    const files: Record<string, string> = {
      '/ws/mychart/Chart.yaml': parent('    condition: sub.enabled\n'),
      '/ws/mychart/values.yaml': 'sub:\n  enabled: false\n',
      '/ws/mychart/templates/cm.yaml': 'kind: ConfigMap\nmetadata:\n  name: c\n',
      '/ws/mychart/charts/sub/Chart.yaml': sub,
      '/ws/mychart/charts/sub/templates/job.yaml': hook(),
    };
    const ws = new ChartWorkspace(memoryFileSystem(files));
    const m = ws.modelFor('/ws/mychart')!;
    assert.strictEqual(ws.hookModel(m, 4).hookDocuments[0].enabledByDefault, false);
    files['/ws/mychart/values.yaml'] = 'sub:\n  enabled: true\n';
    ws.fileChanged('/ws/mychart/values.yaml');
    assert.strictEqual(ws.hookModel(m, 4).hookDocuments[0].enabledByDefault, true);
    const before = m.fileDocuments();
    files['/ws/mychart/values.yaml'] = 'sub:\n  enabled: true\nother: 1\n';
    ws.fileChanged('/ws/mychart/values.yaml');
    const after = m.fileDocuments();
    assert.ok(after.every((docs, i) => docs === before[i]), 'the same subcharts render: every analysis is reused');
  });
});
