/**
 * The order of a chart as Helm will run it, from the built-in renderer: the chart rendered in-process with a value
 * set, its documents read through the same seam as Helm's own output (renderedHooks.ts). No helm runs.
 */
import type { ChartModel } from './chartModel';
import { hookKey, renderedOrder, type RenderedOrder } from './renderedHooks';
import { builtinRelease, helmTemplateCommand, isDefaultValueSet, withDefaults, type BuiltinRender, type ValueSet } from '../documents/builtinSource';
import type { RenderBudget } from '../render/budget';
import type { ChartFileSystem } from '../render/chartFiles';
import type { CommandName, HelmVersion, OrderResult, RenderError, RenderInfo } from '../types';

export interface BuiltinOrderOptions {
  version: HelmVersion;
  only?: CommandName;
  /** Mark hooks that the chart's default values do not render (`valuesOnly`): one more render when values are set. */
  markValuesOnly?: boolean;
  budget?: () => RenderBudget;
}

export interface BuiltinOrder {
  order: OrderResult;
  /** The rendered hook model, when the chart rendered. */
  rendered?: RenderedOrder;
  render: BuiltinRender;
}

/** The template file on disk for Helm's template path in an error, when the chart has it. */
export function withTemplateFile(chart: ChartModel, error: RenderError): RenderError {
  if (!error.path || error.file) return error;
  const t = chart.templates.find((x) => x.helmPath === error.path);
  return t ? { ...error, file: t.file } : error;
}

function renderInfo(chart: ChartModel, values: ValueSet, version: HelmVersion, render: BuiltinRender): RenderInfo {
  const d = withDefaults(values);
  const notes: string[] = [];
  if (render.ok && render.nondeterministic) {
    notes.push('The chart calls a random or time-dependent function: names or values built with it differ from run to run, in Helm too.');
  }
  return {
    helmPath: '',
    helmVersionDetected: `v${version} (built-in)`,
    command: helmTemplateCommand(chart.chart.root, values),
    method: 'builtin',
    release: d.release,
    namespace: d.namespace,
    valuesFiles: (values.valuesFiles ?? []).map((f) => f.name),
    set: [...(values.set ?? []), ...(values.setString ?? []), ...(values.setJson ?? []), ...(values.setLiteral ?? [])],
    durationMs: Math.round(render.ms),
    notes,
  };
}

/** The built-in order of `chart` with a value set (`fs` gives the chart's files, unsaved buffers included). */
export function builtinOrder(chart: ChartModel, fs: ChartFileSystem, values: ValueSet, opts: BuiltinOrderOptions): BuiltinOrder {
  const render = builtinRelease(fs, chart.chart.root, values, opts.version, opts.budget?.(), true);
  const info = renderInfo(chart, values, opts.version, render);
  if (!render.ok) {
    const error = withTemplateFile(chart, render.error);
    if (render.internal) {
      error.hint = 'This is a bug of Helm Hooks\' built-in renderer, not of the chart: please report it; "Verify with helm" renders with real Helm.';
    }
    const order: OrderResult = {
      chart: chart.chart.name,
      chartRoot: chart.chart.root,
      mode: 'builtin',
      helmVersion: opts.version,
      commands: {},
      dropped: [],
      disabled: [],
      hookCount: 0,
      renderErrors: [error],
      render: info,
    };
    return { order, render };
  }
  let defaultHookKeys: Set<string> | undefined;
  if (opts.markValuesOnly !== false && !isDefaultValueSet(values)) {
    const base = builtinRelease(fs, chart.chart.root, { release: values.release, namespace: values.namespace }, opts.version, opts.budget?.());
    if (base.ok) {
      const baseOrder = renderedOrder(chart, { release: base.release, skippedHooks: base.skippedHooks, version: opts.version, mode: 'builtin' });
      defaultHookKeys = new Set(baseOrder.model.hooks.map(hookKey));
    } else {
      info.notes.push(`The chart does not render with its default values alone (${base.error.message.split('\n')[0]}), so hooks that only the chosen values bring in are not marked.`);
    }
  }
  const rendered = renderedOrder(chart, { release: render.release, skippedHooks: render.skippedHooks, version: opts.version, defaultHookKeys, only: opts.only, mode: 'builtin' });
  for (const p of rendered.crossCheck) info.notes.push(`The hook list differs from the order the renderer printed: ${p}`);
  return { order: { ...rendered.order, render: info }, rendered, render };
}
