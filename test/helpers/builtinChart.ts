/**
 * The built-in render of an in-memory chart, for tests that check what the render finds where the static (masked)
 * reading only says "templated" or "conditional": `builtinChart({ 'templates/job.yaml': … }, { values: '…' })`.
 */
import { builtinOrder } from '../../server/src/engine/hooks/builtinOrder';
import type { HookModel } from '../../server/src/engine/hooks/hookOrder';
import type { OrderResult } from '../../server/src/engine/types';
import { chart, type TestChart } from './fixtures';

export interface BuiltinChart {
  chart: TestChart;
  /** The built-in render's hook model (throws when the chart does not render). */
  model: HookModel;
  order: OrderResult;
}

export function builtinChart(files: Record<string, string>, opts: { values?: string } = {}): BuiltinChart {
  const c = chart(files);
  const r = builtinOrder(c.model, c.ws.fs, opts.values === undefined ? {} : { valuesFiles: [{ name: 'values.given.yaml', text: opts.values }] }, { version: 4 });
  if (!r.rendered) throw new Error(`the chart does not render: ${JSON.stringify(r.order.renderErrors)}`);
  return { chart: c, model: r.rendered.model, order: r.order };
}
