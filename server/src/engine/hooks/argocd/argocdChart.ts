/** The chart's Argo CD model, computed from the hook model in use and cached with it. */
import type { ChartModel } from '../chartModel';
import type { ChartWorkspace } from '../chartWorkspace';
import type { DocumentAnalysis } from '../hookExtraction';
import type { HookModel } from '../hookOrder';
import type { HelmVersion } from '../../types';
import { argoObjects, argoOrder, type ArgoObject, type ArgoOrderResult } from './argocdOrder';

export type DeployTarget = 'helm' | 'argocd';

export interface ArgoChart {
  result: ArgoOrderResult;
  objects: ArgoObject[];
  byDoc: Map<DocumentAnalysis, ArgoObject>;
}

const cache = new WeakMap<HookModel, ArgoChart>();

/** The chart's Argo CD model for the hook model in use (recomputed only when the chart changed). */
export function argoChart(model: ChartModel, hookModel: HookModel, version: HelmVersion): ArgoChart {
  const hit = cache.get(hookModel);
  if (hit && hit.result.helmVersion === version) return hit;
  const docs = model.documents();
  const result = argoOrder({ name: model.chart.name, root: model.chart.root }, docs, hookModel, version);
  const { objects } = argoObjects(docs, hookModel);
  const byDoc = new Map(objects.map((o) => [o.doc, o] as const));
  const out = { result, objects, byDoc };
  cache.set(hookModel, out);
  return out;
}

/** `helm-hooks order --target argocd`: the Argo CD order of a chart in a workspace. */
export function argoOrderOf(ws: ChartWorkspace, model: ChartModel, version: HelmVersion): ArgoOrderResult {
  return argoChart(model, ws.hookModel(model, version), version).result;
}
