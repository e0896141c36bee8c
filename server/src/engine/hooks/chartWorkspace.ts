/**
 * The charts of a workspace, found from any file inside them and kept up to date as files change. The server,
 * the CLI and the benchmark all go through this one entry point.
 */
import { withArchives, type ChartFileSystem } from '../render/chartFiles';
import { ChartModel } from './chartModel';
import { findChartRoot, loadChart } from '../documents/chartTree';
import { buildHookModelFromFiles, chartCrds, orderResult, type HookModel } from './hookOrder';
import type { CommandName, HelmVersion, OrderResult } from '../types';

export class ChartWorkspace {
  readonly fs: ChartFileSystem;
  private readonly models = new Map<string, ChartModel>();
  private readonly hookModels = new WeakMap<ChartModel, { generation: number; version: HelmVersion; model: HookModel }>();

  constructor(fs: ChartFileSystem) {
    this.fs = withArchives(fs);
  }

  /** The top-level chart that contains `path` (a file or folder), or undefined when it is in no chart. */
  modelFor(path: string): ChartModel | undefined {
    const root = this.rootOf(path);
    if (!root) return undefined;
    const known = this.models.get(root);
    if (known) return known;
    const m = new ChartModel(this.fs, loadChart(this.fs, root));
    this.models.set(root, m);
    return m;
  }

  /** Chart root by path: finding one reads Chart.yaml files up the tree, so keep the answer until files come or go. */
  private readonly roots = new Map<string, string | undefined>();

  private rootOf(path: string): string | undefined {
    if (this.roots.has(path)) return this.roots.get(path);
    const root = findChartRoot(this.fs, path);
    if (this.roots.size > 10000) this.roots.clear();
    this.roots.set(path, root);
    return root;
  }

  /** Every chart loaded so far. */
  charts(): ChartModel[] {
    return [...this.models.values()];
  }

  /** A file's text changed (buffer edit or disk write): only its analysis is dropped. */
  fileChanged(path: string): ChartModel | undefined {
    const m = this.loadedModelFor(path);
    if (!m) return undefined;
    if (/\/(Chart\.ya?ml|Chart\.lock)$/.test(path) || path.endsWith('.tgz')) {
      (this.fs as { invalidate?(p: string): void }).invalidate?.(path);
      m.reload();
    } else m.invalidate(path);
    return m;
  }

  /** A file was created or deleted: the chart's structure is read again. */
  structureChanged(path: string): ChartModel | undefined {
    this.roots.clear();
    const m = this.loadedModelFor(path);
    if (path.endsWith('Chart.yaml') && !m) return undefined;
    if (m) {
      if (this.fs.readText(`${m.chart.root}/Chart.yaml`) === undefined) {
        this.models.delete(m.chart.root);
        return undefined;
      }
      if (path.endsWith('.tgz')) (this.fs as { invalidate?(p: string): void }).invalidate?.(path);
      m.reload();
    }
    return m;
  }

  private loadedModelFor(path: string): ChartModel | undefined {
    let best: ChartModel | undefined;
    for (const [root, m] of this.models) {
      if ((path === root || path.startsWith(root + '/')) && (!best || root.length > best.chart.root.length)) best = m;
    }
    return best;
  }

  /** Helm's stored hook list for a chart, recomputed only when a file of the chart changed. */
  hookModel(m: ChartModel, version: HelmVersion): HookModel {
    const hit = this.hookModels.get(m);
    if (hit && hit.generation === m.generation && hit.version === version) return hit.model;
    // Unchanged files keep their hook items, and the order is updated from the model this one replaces.
    const model = buildHookModelFromFiles(m.fileDocuments(), version, hit?.version === version ? hit.model : undefined);
    this.hookModels.set(m, { generation: m.generation, version, model });
    return model;
  }

  order(m: ChartModel, version: HelmVersion, only?: CommandName): OrderResult {
    return orderResult({ name: m.chart.name, root: m.chart.root }, this.hookModel(m, version), version, chartCrds(m.chart, (f) => m.fs.readText(f)), 'static', only);
  }
}
