/**
 * ToRenderValuesWithSchemaValidation (pkg/chart/common/util/values.go; Helm 3.17: pkg/chartutil/values.go): the
 * top-level map templates receive — Chart, Capabilities, Release and the coalesced, schema-checked Values.
 */
import { GoError, GoMap, GoValue } from '../goValue';
import { CoalesceOptions, coalesceValues } from './coalesce';
import { HelmVersion, chartValue } from './metadata';
import type { LoadedChart } from './loader';
import { validateAgainstSchema } from './schema';

export interface ReleaseOptions {
  name: string;
  namespace: string;
  revision: number;
  isUpgrade: boolean;
  isInstall: boolean;
}

export interface RenderValuesOptions {
  helmVersion?: HelmVersion;
  skipSchemaValidation?: boolean;
  warn?: CoalesceOptions['warn'];
}

/** The `.Release` map. */
export function releaseMap(release: ReleaseOptions): GoMap {
  return new Map<string, GoValue>([
    ['Name', release.name],
    ['Namespace', release.namespace],
    ['IsUpgrade', release.isUpgrade],
    ['IsInstall', release.isInstall],
    ['Revision', BigInt(release.revision)],
    ['Service', 'Helm'],
  ]);
}

/**
 * ToRenderValuesWithSchemaValidation. Throws GoError with Helm's text ("values don't meet the specifications of
 * the schema(s) in the following chart(s):\n…", or a coalescing "type mismatch on …").
 */
export function toRenderValues(
  chart: LoadedChart,
  userValues: GoMap,
  release: ReleaseOptions,
  capabilities: GoValue,
  opts?: RenderValuesOptions,
): GoMap {
  const hv = opts?.helmVersion ?? '4';
  const top: GoMap = new Map<string, GoValue>([
    ['Chart', chartValue(chart.metadata, { helmVersion: hv })],
    ['Capabilities', capabilities],
    ['Release', releaseMap(release)],
  ]);
  const vals = coalesceValues(chart, userValues, { helmVersion: hv, warn: opts?.warn });
  if (!opts?.skipSchemaValidation) {
    const err = validateAgainstSchema(chart, vals, hv);
    if (err !== undefined) throw new GoError(`values don't meet the specifications of the schema(s) in the following chart(s):\n${err}`);
  }
  top.set('Values', vals);
  return top;
}
