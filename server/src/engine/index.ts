/** The hook engine's public surface: pure functions and data, no editor or LSP dependency. */
export * from './types';
export * from './helmFacts';
export { LineIndex } from './lineIndex';
export { maskTemplate, type MaskedTemplate } from './templateMask';
export { splitDocuments, templateDocuments, renderedDocuments, type ManifestDocument } from './manifestDocuments';
export { analyzeDocument, type DocumentAnalysis, type AnnotationEntry, type HookInfo } from './hookExtraction';
export { memoryFileSystem, withArchives, readTar, LIMITS, type ChartFileSystem } from './chartFiles';
export { ChartModel, loadChart, findChartRoot, type ChartNode, type ChartTemplateFile } from './chartModel';
export { ChartWorkspace } from './chartWorkspace';
export { buildHookModel, hooksForEvent, orderResult, type HookModel } from './hookOrder';
export { diagnoseFile, diagnoseDocuments, type DiagnosticOptions } from './diagnostics';
export { completeAt, type EngineCompletionItem } from './completion';
export { hoverAt, type EngineHover } from './hover';
export { codeLensesFor, type EngineCodeLens } from './codeLens';
export { renderedOrder, renderedHookModel, parseReleaseJson, parseTemplateOutput, parseSkippedHooks, parseRenderError, type RenderedRelease, type RenderedManifest } from './renderedSource';
