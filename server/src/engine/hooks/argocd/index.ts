/** Argo CD's view of a chart: facts, how it reads annotations, its sync and deletion order (editor features: features/argocdEditor.ts). */
export * from './argocdFacts';
export * from './argocdHooks';
export * from './argocdOrder';
export * from './argocdChart';
