/**
 * Cancelling a render (the editor's render worker: a newer edit supersedes the running render). The budget asks its
 * `cancelled` callback each time it reads the clock, so a cancelled render stops within CLOCK_EVERY steps; a flag
 * shared between threads cancels every job up to the id stored in it.
 */
import * as assert from 'assert';
import { CLOCK_EVERY, cancelledUpTo, RenderBudget } from '../../server/src/engine/render/budget';
import { RenderBudgetError } from '../../server/src/engine/render/goValue';
import { renderChart } from '../../server/src/engine/render';
import type { ChartFileSystem, DirEntry } from '../../server/src/engine/render/chartFiles';

/** A chart in memory: path (relative to /c) → text. */
function memoryChart(files: Record<string, string>): ChartFileSystem {
  const root = '/c';
  return {
    readText: (p) => (p.startsWith(root + '/') ? files[p.slice(root.length + 1)] : undefined),
    readBytes(p) {
      const t = this.readText(p);
      return t === undefined ? undefined : new TextEncoder().encode(t);
    },
    listDir(p) {
      const prefix = p === root ? '' : p.startsWith(root + '/') ? p.slice(root.length + 1) + '/' : undefined;
      if (prefix === undefined) return undefined;
      const out = new Map<string, DirEntry['kind']>();
      for (const name of Object.keys(files)) {
        if (!name.startsWith(prefix)) continue;
        const rest = name.slice(prefix.length);
        const slash = rest.indexOf('/');
        out.set(slash < 0 ? rest : rest.slice(0, slash), slash < 0 ? 'file' : 'dir');
      }
      return out.size ? [...out].map(([name, kind]) => ({ name, kind })) : undefined;
    },
  };
}

const LOOP = {
  'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
  'values.yaml': 'count: 200\n',
  'templates/cm.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: loop\ndata:\n  x: "{{ range $i := until (int .Values.count) }}{{ range $j := until 1000 }}{{ $j }}{{ end }}{{ end }}"\n',
};

describe('render cancellation', () => {
  it('the budget stops at its next clock reading once cancelled, not before', () => {
    let cancel = false;
    const b = new RenderBudget({ maxSteps: 1e9 }, () => cancel);
    for (let i = 0; i < 10 * CLOCK_EVERY; i++) b.charge(1);
    cancel = true;
    let stoppedAfter = -1;
    try {
      for (let i = 0; i < 10 * CLOCK_EVERY; i++) {
        b.charge(1);
        stoppedAfter = i + 1;
      }
    } catch (e) {
      assert.ok(e instanceof RenderBudgetError);
      assert.match((e as Error).message, /render cancelled/);
    }
    assert.ok(stoppedAfter >= 0 && stoppedAfter < CLOCK_EVERY, `stopped after ${stoppedAfter} steps`);
  });

  it('a shared flag cancels every job up to the id stored in it', () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const job4 = cancelledUpTo(flag, 4);
    const job5 = cancelledUpTo(flag, 5);
    assert.deepStrictEqual([job4(), job5()], [false, false]);
    Atomics.store(flag, 0, 4);
    assert.deepStrictEqual([job4(), job5()], [true, false]);
    Atomics.store(flag, 0, 5);
    assert.deepStrictEqual([job4(), job5()], [true, true]);
  });

  it('a cancelled render of a chart ends as a failed render; the same chart renders in full when not cancelled', () => {
    const fs = memoryChart(LOOP);
    let reads = 0;
    // Cancelled after a few clock readings: the render is well under way.
    const cancelled = renderChart(fs, '/c', { helmVersion: '3', budget: new RenderBudget({}, () => ++reads > 3) });
    assert.strictEqual(cancelled.ok, false);
    assert.match(cancelled.ok ? '' : cancelled.message, /render cancelled/);
    assert.ok(reads > 3);
    const full = renderChart(fs, '/c', { helmVersion: '3', budget: new RenderBudget({}, () => false) });
    assert.ok(full.ok, full.ok ? '' : full.message);
    assert.ok(full.output.includes('998999'));
  });
});
