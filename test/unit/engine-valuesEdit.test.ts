import * as assert from 'assert';
import { ChartWorkspace, memoryFileSystem, type ChartFileSystem } from '../../server/src/engine';
import { conditionInputs, loadChart } from '../../server/src/engine/documents/chartTree';

/**
 * An edit of values.yaml in the static reading: the values decide only which subcharts render (Helm's dependency
 * processing of `condition:` and `tags:`, run by the renderer's own code, which loads the whole chart). An edit that
 * changes no value a condition or tag reads runs none of it; an edit that does changes the hooks exactly as Helm's
 * processing decides, in the parent's values.yaml or in the subchart's own.
 */
const hookJob = (name: string) => `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\n  annotations:\n    helm.sh/hook: pre-install\n`;

function workspace() {
  const files: Record<string, string> = {
    '/ws/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: db\n    version: 1.0.0\n    condition: db.enabled\n  - name: extra\n    version: 1.0.0\n    tags: [extras]\n',
    '/ws/app/values.yaml': 'image: nginx\ndb:\n  enabled: true\n  size: 1\n',
    '/ws/app/templates/job.yaml': hookJob('app-job'),
    '/ws/app/charts/db/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 1.0.0\n',
    '/ws/app/charts/db/values.yaml': 'enabled: true\nport: 5432\n',
    '/ws/app/charts/db/templates/job.yaml': hookJob('db-job'),
    '/ws/app/charts/extra/Chart.yaml': 'apiVersion: v2\nname: extra\nversion: 1.0.0\n',
    '/ws/app/charts/extra/templates/job.yaml': hookJob('extra-job'),
  };
  const memory = memoryFileSystem(files);
  const reads: string[] = [];
  const fs: ChartFileSystem = {
    readText: (p) => (reads.push(p), memory.readText(p)),
    readBytes: (p) => (reads.push(p), memory.readBytes(p)),
    listDir: (p) => memory.listDir(p),
  };
  const ws = new ChartWorkspace(fs);
  const m = ws.modelFor('/ws/app')!;
  const hooks = () => ws.hookModel(m, 4).hooks.map((h) => h.name).sort();
  /** Edits a file; the hooks after it, and whether Helm's dependency processing ran (it reads every Chart.yaml). */
  const edit = (file: string, from: string, to: string): { hooks: string[]; processed: boolean } => {
    assert.ok(files[file].includes(from), `${from} in ${file}`);
    files[file] = files[file].replace(from, to);
    reads.length = 0;
    ws.fileChanged(file);
    const after = hooks();
    return { hooks: after, processed: reads.includes('/ws/app/charts/db/Chart.yaml') };
  };
  return { hooks, edit };
}

const PARENT = '/ws/app/values.yaml';
const DB = '/ws/app/charts/db/values.yaml';

describe('engine: an edit of values.yaml runs the dependency processing only when a value it reads changed', () => {
  it('follows conditions and tags through a sequence of edits, in the parent values and the subchart\'s own', () => {
    const { hooks, edit } = workspace();
    assert.deepStrictEqual(hooks(), ['app-job', 'db-job', 'extra-job']);
    const all = ['app-job', 'db-job', 'extra-job'];
    const noDb = ['app-job', 'extra-job'];
    // The first edit of a file processes (nothing is known of it yet); the next unrelated one does not.
    assert.deepStrictEqual(edit(PARENT, 'nginx', 'httpd'), { hooks: all, processed: true });
    assert.deepStrictEqual(edit(PARENT, 'httpd', 'caddy'), { hooks: all, processed: false }, 'an unrelated value');
    assert.deepStrictEqual(edit(PARENT, 'size: 1', 'size: 2'), { hooks: all, processed: false }, 'a value beside the condition');
    assert.deepStrictEqual(edit(PARENT, 'enabled: true', 'enabled: false'), { hooks: noDb, processed: true }, 'db.enabled false');
    assert.deepStrictEqual(edit(PARENT, 'caddy', 'nginx'), { hooks: noDb, processed: false }, 'still off after an unrelated edit');
    // A string is no boolean: Helm skips that condition path, and the subchart renders (types are kept apart).
    assert.deepStrictEqual(edit(PARENT, 'enabled: false', 'enabled: "false"'), { hooks: all, processed: true }, '"false" is a string');
    // Without db.enabled in the parent, the subchart's own values decide (coalesced under its name).
    assert.deepStrictEqual(edit(PARENT, '  enabled: "false"\n', ''), { hooks: all, processed: true });
    assert.deepStrictEqual(edit(DB, 'enabled: true', 'enabled: false'), { hooks: noDb, processed: true }, 'the subchart\'s own enabled: false');
    assert.deepStrictEqual(edit(DB, 'port: 5432', 'port: 5433'), { hooks: noDb, processed: false }, 'an unrelated value of the subchart');
    assert.deepStrictEqual(edit(DB, 'enabled: false', 'enabled: true'), { hooks: all, processed: true });
    // Tags are read from the top chart's values.
    assert.deepStrictEqual(edit(PARENT, 'image: nginx\n', 'image: nginx\ntags:\n  extras: false\n'), { hooks: ['app-job', 'db-job'], processed: true }, 'tag extras false');
    assert.deepStrictEqual(edit(PARENT, 'size: 2', 'size: 3'), { hooks: ['app-job', 'db-job'], processed: false });
    // A text that does not parse: anything may have changed, so Helm's processing runs (and decides).
    assert.strictEqual(edit(PARENT, 'size: 3', 'size: [').processed, true, 'a broken values.yaml');
  });

  it('conditionInputs: the values a condition or tag reads, by path from the top chart, in Go types', () => {
    const files = {
      '/ws/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: db\n    version: 1.0.0\n    condition: db.enabled,global.dbOn\n',
      '/ws/app/charts/db/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 1.0.0\n',
    };
    const tree = loadChart(memoryFileSystem(files), '/ws/app');
    const db = tree.subcharts[0];
    const top = (text: string) => conditionInputs(tree, tree, text);
    assert.strictEqual(top('a: 1\ndb:\n  enabled: true\n'), top('a: 2\ndb:\n  enabled: true\n  other: x\n'), 'unrelated keys do not count');
    assert.notStrictEqual(top('db:\n  enabled: true\n'), top('db:\n  enabled: 1\n'), 'a boolean and a number differ');
    assert.notStrictEqual(top('global:\n  dbOn: true\n'), top('global:\n  dbOn: false\n'), 'a global a condition reads');
    assert.notStrictEqual(top('tags: {}\n'), top('tags:\n  a: true\n'), 'the top chart\'s tags');
    assert.strictEqual(top('db: ['), undefined, 'a text that does not parse');
    // In the subchart's own values the condition's path is relative to it: db.enabled is `enabled` there.
    const sub = (text: string) => conditionInputs(tree, db, text);
    assert.notStrictEqual(sub('enabled: true\n'), sub('enabled: false\n'));
    assert.strictEqual(sub('enabled: true\nport: 1\ntags:\n  x: 1\n'), sub('enabled: true\nport: 2\n'), 'its own tags are not the top chart\'s');
  });
});
