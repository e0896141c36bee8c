/**
 * Chart loading and values, as Helm does them: the API the render driver uses.
 */
export { LoadedChart, ChartFile, ChartLock, ChartLoadError, LoadOptions, loadChart, loadFiles, loadDirFiles, loadArchiveFiles, chartFullPath, chartPath, crdObjects, checkDependencies, checkIfInstallable } from './loader';
export { ChartMetadata, ChartDependency, ChartMaintainer, HelmVersion, metadataStruct, metadataMap, chartValue, metadataJson, ValidationError } from './metadata';
export { mergeValueOptions, ValueOptions } from './valueOptions';
export { mergeMaps, loadValues } from './valuesFile';
export { processDependencies, cloneChart, pathValue, valuesTable } from './dependencies';
export { coalesceValues, mergeValues, coalesceTables, mergeTables, CoalesceOptions, GLOBAL_KEY } from './coalesce';
export { toRenderValues, releaseMap, ReleaseOptions, RenderValuesOptions } from './renderValues';
export { validateAgainstSchema, validateAgainstSingleSchema } from './schema';
export { IgnoreRules, globMatch, compileGlob } from './helmignore';
export { parseInto, parseIntoString, parseJson, parseLiteralInto, parseIntoFile, typedVal, StrvalsError } from './strvals';
export { isCompatibleRange, parseVersion } from './semver';
