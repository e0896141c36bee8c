/** The hook engine's public surface: pure functions and data, no editor or LSP dependency. */
export * from './types';
export * from './helmFacts';
export { LineIndex } from './documents/lineIndex';
export { maskTemplate, type MaskedTemplate } from './documents/templateMask';
export { splitDocuments, templateDocuments, renderedDocuments, type ManifestDocument } from './documents/manifestDocuments';
export { analyzeDocument, type DocumentAnalysis, type AnnotationEntry, type HookInfo } from './hooks/hookExtraction';
export { memoryFileSystem, withArchives, readTar, LIMITS, type ChartFileSystem } from './render/chartFiles';
export { ChartModel } from './hooks/chartModel';
export { loadChart, findChartRoot, type ChartNode, type ChartTemplateFile } from './documents/chartTree';
export { ChartWorkspace } from './hooks/chartWorkspace';
export { buildHookModel, hooksForEvent, orderResult, type HookModel } from './hooks/hookOrder';
export { diagnoseFile, diagnoseDocuments, type DiagnosticOptions } from './features/diagnostics';
export { completeAt, type EngineCompletionItem } from './features/completion';
export { hoverAt, type EngineHover } from './features/hover';
export { codeLensesFor, type EngineCodeLens } from './features/codeLens';
export { renderedOrder, renderedHookModel } from './hooks/renderedHooks';
export { parseReleaseJson, parseTemplateOutput, parseSkippedHooks, parseRenderError, type RenderedRelease, type RenderedManifest } from './documents/helmOutput';
