/**
 * The render worker's warm-up chart (builtin/warmChart.ts): it must exercise what a real chart's first render does —
 * helpers through include, a hook whose annotations a helper builds, values — or the warm-up warms nothing.
 */
import * as assert from 'assert';
import { WARM_CHART_ROOT, warmChartFileSystem } from '../../server/src/builtin/warmChart';
import { builtinOrder } from '../../server/src/engine/hooks/builtinOrder';
import { ChartWorkspace } from '../../server/src/engine/hooks/chartWorkspace';
import { RenderBudget } from '../../server/src/engine/render/budget';
import type { HookStep } from '../../server/src/engine/types';

describe('render worker: the warm-up chart', () => {
  it('renders, and its hook comes from a helper with the values in use (the release name holds the chart name: fullname is the release name)', () => {
    const ws = new ChartWorkspace(warmChartFileSystem);
    const m = ws.modelFor(WARM_CHART_ROOT);
    assert.ok(m, 'a chart');
    const r = builtinOrder(m, ws.fs, { release: 'warm', namespace: 'warm' }, { version: 3, budget: () => new RenderBudget() });
    assert.ok(r.render.ok, JSON.stringify(r.order.renderErrors));
    assert.strictEqual(r.order.mode, 'builtin');
    const steps = r.order.commands.install?.steps ?? [];
    const pre = steps.find((s): s is HookStep => s.type === 'hooks' && s.id === 'pre-install');
    assert.deepStrictEqual(pre?.items.map((h) => [h.kind, h.name, h.weight]), [['Job', 'warm-migrate', -5]]);
  });

  it('reads nothing outside its root', () => {
    assert.strictEqual(warmChartFileSystem.readText('/etc/hostname'), undefined);
    assert.strictEqual(warmChartFileSystem.listDir('/'), undefined);
    assert.deepStrictEqual(warmChartFileSystem.listDir(WARM_CHART_ROOT + '/templates')?.map((e) => e.name).sort(), ['NOTES.txt', '_helpers.tpl', 'deployment.yaml', 'migrate-job.yaml']);
  });
});
