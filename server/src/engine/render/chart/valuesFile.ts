/**
 * Reading a values file and merging values maps: pkg/chart/v2/loader/load.go LoadValues and MergeMaps (Helm 4;
 * Helm 3 reads a single document with sigs.k8s.io/yaml and merges with pkg/cli/values mergeMaps, the same rule).
 */
import { GoError, GoMap, GoValue } from '../goValue';
import { HelmVersion } from './metadata';
import { deepCopyMap } from './copy';
import { ContentCache } from '../contentCache';
import { jsonKind, parseGoYaml, splitYamlDocuments } from './yaml';

/** MergeMaps: b over a, maps merged recursively; a new top map, nested maps of `a` are not modified. */
export function mergeMaps(a: GoMap, b: GoMap): GoMap {
  const out: GoMap = new Map(a);
  for (const [k, v] of b) {
    if (v instanceof Map) {
      const bv = out.get(k);
      if (bv instanceof Map) {
        out.set(k, mergeMaps(bv, v));
        continue;
      }
    }
    out.set(k, v);
  }
  return out;
}

/**
 * Values file text → map (Helm 4: every document merged in order; Helm 3: the first document only). Throws
 * GoError with the text Helm prints after "cannot load values.yaml: " / "failed to parse FILE: ".
 */
export function loadValues(text: string, hv: HelmVersion): GoMap {
  const key = hv + '\u0000' + text;
  const hit = VALUES_CACHE.get(key);
  if (hit !== undefined) return deepCopyMap(hit);
  const v = loadValuesUncached(text, hv);
  // kept as a private copy: the caller may change what it gets
  VALUES_CACHE.set(key, deepCopyMap(v));
  return v;
}

// values.yaml of charts already read, by text (a warm re-render reads the same files): a copy is handed out.
const VALUES_CACHE = new ContentCache<GoMap>(500, 32 * 1024 * 1024);

function loadValuesUncached(text: string, hv: HelmVersion): GoMap {
  let values: GoMap = new Map();
  const docs = splitYamlDocuments(text);
  for (const doc of hv === '3' ? docs.slice(0, 1) : docs) {
    let v: GoValue;
    try {
      v = parseGoYaml(doc);
    } catch (e) {
      if (e instanceof GoError) throw new GoError(hv === '3' ? e.message : `cannot unmarshal yaml document: ${e.message}`);
      throw e;
    }
    if (v === null) continue;
    if (!(v instanceof Map)) {
      const msg = `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type map[string]interface {}`;
      throw new GoError(hv === '3' ? msg : `cannot unmarshal yaml document: ${msg}`);
    }
    values = hv === '3' ? v : mergeMaps(values, v);
  }
  return values;
}
