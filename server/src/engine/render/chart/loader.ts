/**
 * Chart loading as Helm does it: pkg/chart/v2/loader (load.go LoadFiles, directory.go LoadDir, archive.go) and
 * pkg/chart/loader/archive (Helm 4), pkg/chart/loader (Helm 3.17). Files are read only through ChartFileSystem.
 */
import { gunzipSync } from 'zlib';
import { ChartFileSystem, LIMITS, joinPath, readTar } from '../chartFiles';
import { GoError, GoMap, compareGoStrings } from '../goValue';
import { IgnoreRules, HelmIgnoreError } from './helmignore';
import { ChartMetadata, HelmVersion, ValidationError, decodeMetadata, emptyMetadata, validateMetadata, goQuote, decodeDependency, ChartDependency } from './metadata';
import { formatFloat32, parseRawYaml, RawYaml } from './yaml';
import { loadValues } from './valuesFile';

export interface ChartFile<T> {
  name: string;
  data: T;
}

export interface ChartLock {
  generated: string;
  digest: string;
  dependencies: (ChartDependency | null)[];
}

export interface LoadedChart {
  /** metadata name (the alias once ProcessDependencies has run). */
  name: string;
  metadata: ChartMetadata;
  /** every file under templates/ (partials and NOTES.txt too), in Helm's order. */
  templates: ChartFile<string>[];
  /** chart.Files: every other file not ignored (crds/, README, requirements.* of v1 charts, charts/*.prov, …). */
  files: ChartFile<Uint8Array>[];
  /** values.yaml (empty map when absent). */
  values: GoMap;
  /** values.schema.json */
  schema?: Uint8Array;
  /** subcharts from charts/ (folders and .tgz), sorted by their folder/archive name. */
  dependencies: LoadedChart[];
  /** Chart.lock / requirements.lock */
  lock?: ChartLock;
  parent?: LoadedChart;
  /** this chart's own crds/ manifests (chart.CRDObjects without the subcharts'). */
  crds: ChartFile<Uint8Array>[];
  /** chart.Raw: every loaded file, Chart.yaml included. */
  raw: ChartFile<Uint8Array>[];
  /** metadata.type ('' | 'application' | 'library'): library charts' templates are parsed but never rendered. */
  type: string;
  /** The name under charts/ it was loaded from ('' for the top chart). */
  sourceName: string;
}

/** A chart that Helm refuses to load; `message` is Helm's error text. */
export class ChartLoadError extends Error {}

export interface LoadOptions {
  helmVersion?: HelmVersion;
}

const BOM = [0xef, 0xbb, 0xbf];
const MAX_FILE = 5 * 1024 * 1024; // archive.MaxDecompressedFileSize (Helm 4)
const decoder = new TextDecoder();

function trimBom(d: Uint8Array): Uint8Array {
  return d.length >= 3 && d[0] === BOM[0] && d[1] === BOM[1] && d[2] === BOM[2] ? d.subarray(3) : d;
}

/**
 * Loads the chart at `dir` (a folder, or a `.tgz` file). Throws ChartLoadError with Helm's message.
 */
export function loadChart(fs: ChartFileSystem, dir: string, opts?: LoadOptions): LoadedChart {
  const hv = opts?.helmVersion ?? '4';
  const clean = dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
  if (/\.tgz$/i.test(clean) && !fs.listDir(clean)) {
    const bytes = fs.readBytes(clean);
    if (!bytes) throw new ChartLoadError(`stat ${clean}: no such file or directory`);
    return loadFiles(loadArchiveFiles(bytes, hv), hv, 0, '');
  }
  if (hv !== '3' && fs.listDir(clean)) {
    // Helm 4 (pkg/chart/loader/load.go LoadDir) reads Chart.yaml first to pick the chart API version.
    const cy = joinPath(clean, 'Chart.yaml');
    const text = fs.readText(cy);
    if (text === undefined) throw new ChartLoadError(`unable to detect chart at ${cy}: open ${cy}: no such file or directory`);
    let api: RawYaml;
    try {
      api = parseRawYaml(text);
    } catch (e) {
      throw wrapYaml('cannot load Chart.yaml', e);
    }
    const raw = api instanceof Map ? api.get('apiVersion') : undefined;
    const v = typeof raw === 'bigint' || typeof raw === 'boolean' ? String(raw) : typeof raw === 'number' ? formatFloat32(raw) : raw;
    if (typeof v === 'string' && v !== 'v1' && v !== 'v2' && v !== '' && v !== 'v3') throw new ChartLoadError('unsupported chart version');
  }
  return loadFiles(loadDirFiles(fs, clean, hv), hv, 0, '');
}

/** directory.go LoadDir: a sorted walk that honours .helmignore (with its defaults). */
export function loadDirFiles(fs: ChartFileSystem, top: string, hv: HelmVersion): ChartFile<Uint8Array>[] {
  if (!fs.listDir(top)) {
    if (fs.readBytes(top)) throw new ChartLoadError(`${top} is not a directory`);
    throw new ChartLoadError(`stat ${top}: no such file or directory`);
  }
  let rules = new IgnoreRules();
  const ignoreText = fs.readText(joinPath(top, '.helmignore'));
  if (ignoreText !== undefined) {
    try {
      rules = IgnoreRules.parse(ignoreText);
    } catch (e) {
      if (e instanceof HelmIgnoreError) throw new ChartLoadError(e.message);
      throw e;
    }
  }
  rules.addDefaults();
  const files: ChartFile<Uint8Array>[] = [];
  const walk = (abs: string, rel: string, depth: number) => {
    if (depth > 64) return;
    const entries = fs.listDir(abs);
    if (!entries) return;
    const sorted = [...entries].sort((a, b) => compareGoStrings(a.name, b.name));
    for (const e of sorted) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      const a = joinPath(abs, e.name);
      if (e.kind === 'dir') {
        if (rules.ignore(r, true)) continue;
        walk(a, r, depth + 1);
        continue;
      }
      if (rules.ignore(r, false)) continue;
      if (files.length >= LIMITS.maxFilesPerChart) {
        throw new ChartLoadError(`chart has more than ${LIMITS.maxFilesPerChart} files`);
      }
      const data = fs.readBytes(a);
      if (!data) continue;
      if (hv !== '3' && data.length > MAX_FILE) {
        throw new ChartLoadError(`chart file ${goQuote(e.name)} is larger than the maximum file size ${MAX_FILE}`);
      }
      files.push({ name: r, data: trimBom(data) });
    }
  };
  walk(top, '', 0);
  return files;
}

/** archive.go LoadArchiveFiles: gunzip (bounded by LIMITS.maxArchiveBytes), untar, strip the top folder. */
export function loadArchiveFiles(bytes: Uint8Array, hv: HelmVersion): ChartFile<Uint8Array>[] {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new ChartLoadError('gzip: invalid header');
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes, { maxOutputLength: LIMITS.maxArchiveBytes });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new ChartLoadError(`decompressed chart is larger than the maximum size ${LIMITS.maxArchiveBytes}`);
    }
    throw new ChartLoadError(code === 'Z_BUF_ERROR' ? 'unexpected EOF' : 'gzip: invalid header');
  }
  const entries = readTar(tar, LIMITS.maxFilesPerChart);
  const files: ChartFile<Uint8Array>[] = [];
  for (const [hdName, data] of entries) {
    if (hdName.endsWith('/')) continue;
    const delim = hdName.includes('\\') ? '\\' : '/';
    const parts = hdName.split(delim);
    let n = parts.slice(1).join(delim).split(delim).join('/');
    if (n.startsWith('/')) throw new ChartLoadError('chart illegally contains absolute paths');
    n = pathClean(n);
    if (n === '.') throw new ChartLoadError(`chart illegally contains content outside the base directory: ${goQuote(hdName)}`);
    if (n.startsWith('..')) throw new ChartLoadError('chart illegally references parent directory');
    if (/^[a-zA-Z]:\//.test(n)) throw new ChartLoadError('chart contains illegally named files');
    if (parts[0] === 'Chart.yaml') throw new ChartLoadError('chart yaml not in base directory');
    if (hv !== '3' && data.length > MAX_FILE) {
      throw new ChartLoadError(`decompressed chart file ${goQuote(hdName)} is larger than the maximum file size ${MAX_FILE}`);
    }
    files.push({ name: n, data: trimBom(data) });
  }
  if (files.length === 0) throw new ChartLoadError('no files in chart archive');
  return files;
}

/** path.Clean for slash paths. */
function pathClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const s = out.join('/');
  return rooted ? `/${s}` : s || '.';
}

function wrapYaml(prefix: string, e: unknown): ChartLoadError {
  if (e instanceof GoError || e instanceof ChartLoadError) return new ChartLoadError(`${prefix}: ${e.message}`);
  throw e;
}

function decodeLock(raw: RawYaml): ChartLock {
  const lock: ChartLock = { generated: '', digest: '', dependencies: [] };
  if (!(raw instanceof Map)) return lock;
  for (const [k, v] of raw) {
    const key = k.toLowerCase();
    if (key === 'digest' && typeof v === 'string') lock.digest = v;
    else if (key === 'generated' && typeof v === 'string') lock.generated = v;
    else if (key === 'dependencies' && Array.isArray(v)) lock.dependencies = v.map((d) => decodeDependency(d, 'Lock.dependencies'));
  }
  return lock;
}

/** load.go LoadFiles. `sourceName` is the charts/ entry this chart came from. */
export function loadFiles(files: ChartFile<Uint8Array>[], hv: HelmVersion, depth: number, sourceName: string): LoadedChart {
  if (depth > LIMITS.maxDepth) throw new ChartLoadError(`subcharts nested deeper than ${LIMITS.maxDepth} levels`);
  let metadata: ChartMetadata | undefined;
  const c: LoadedChart = {
    name: '',
    metadata: emptyMetadata(),
    templates: [],
    files: [],
    values: new Map(),
    dependencies: [],
    crds: [],
    raw: [],
    type: '',
    sourceName,
  };
  const subcharts = new Map<string, ChartFile<Uint8Array>[]>();
  for (const f of files) {
    c.raw.push(f);
    if (f.name === 'Chart.yaml') {
      metadata ??= emptyMetadata();
      try {
        decodeMetadata(parseRawYaml(decoder.decode(f.data)), metadata);
      } catch (e) {
        throw wrapYaml('cannot load Chart.yaml', e);
      }
      if (metadata.apiVersion === '') metadata.apiVersion = 'v1';
    }
  }
  for (const f of files) {
    const n = f.name;
    if (n === 'Chart.yaml') continue;
    if (n === 'Chart.lock') {
      try {
        c.lock = decodeLock(parseRawYaml(decoder.decode(f.data)));
      } catch (e) {
        throw wrapYaml('cannot load Chart.lock', e);
      }
    } else if (n === 'values.yaml') {
      try {
        c.values = loadValues(decoder.decode(f.data), hv);
      } catch (e) {
        throw wrapYaml('cannot load values.yaml', e);
      }
    } else if (n === 'values.schema.json') {
      c.schema = f.data;
    } else if (n === 'requirements.yaml') {
      metadata ??= emptyMetadata();
      try {
        decodeMetadata(parseRawYaml(decoder.decode(f.data)), metadata);
      } catch (e) {
        throw wrapYaml('cannot load requirements.yaml', e);
      }
      if (metadata.apiVersion === 'v1') c.files.push(f);
    } else if (n === 'requirements.lock') {
      try {
        c.lock = decodeLock(parseRawYaml(decoder.decode(f.data)));
      } catch (e) {
        throw wrapYaml('cannot load requirements.lock', e);
      }
      metadata ??= emptyMetadata();
      if (metadata.apiVersion === 'v1') c.files.push(f);
    } else if (n.startsWith('templates/')) {
      c.templates.push({ name: n, data: decoder.decode(f.data) });
    } else if (n.startsWith('charts/')) {
      if (extOf(n) === '.prov') {
        c.files.push(f);
        continue;
      }
      const fname = n.slice('charts/'.length);
      const slash = fname.indexOf('/');
      const cname = slash < 0 ? fname : fname.slice(0, slash);
      let list = subcharts.get(cname);
      if (!list) subcharts.set(cname, (list = []));
      list.push({ name: fname, data: f.data });
    } else {
      c.files.push(f);
    }
  }
  if (!metadata) throw new ChartLoadError('Chart.yaml file is missing');
  c.metadata = metadata;
  try {
    validateMetadata(metadata, hv);
  } catch (e) {
    if (e instanceof ValidationError) throw new ChartLoadError(e.message);
    throw e;
  }
  c.name = metadata.name;
  c.type = metadata.type;
  for (const f of c.files) {
    if (f.name.startsWith('crds/') && /\.(ya?ml|json)$/i.test(f.name)) c.crds.push(f);
  }
  // Go ranges over a map here (random order); sorted names make the result stable.
  const names = [...subcharts.keys()].sort(compareGoStrings);
  for (const n of names) {
    const list = subcharts.get(n)!;
    if (n.startsWith('_') || n.startsWith('.')) continue;
    const isTgz = extOf(n) === '.tgz';
    if (isTgz && list[0].name !== n) {
      // returned as is by LoadFiles (not wrapped in "error unpacking subchart")
      throw new ChartLoadError(`error unpacking subchart tar in ${c.name}: expected ${n}, got ${list[0].name}`);
    }
    let sc: LoadedChart;
    try {
      if (isTgz) {
        sc = loadFiles(loadArchiveFiles(list[0].data, hv), hv, depth + 1, n);
      } else {
        const buff: ChartFile<Uint8Array>[] = [];
        for (const f of list) {
          const i = f.name.indexOf('/');
          if (i < 0) continue;
          buff.push({ name: f.name.slice(i + 1), data: f.data });
        }
        sc = loadFiles(buff, hv, depth + 1, n);
      }
    } catch (e) {
      if (e instanceof ChartLoadError) throw new ChartLoadError(`error unpacking subchart ${n} in ${c.name}: ${e.message}`);
      throw e;
    }
    sc.parent = c;
    c.dependencies.push(sc);
  }
  return c;
}

/** filepath.Ext */
function extOf(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

/** chart.ChartFullPath: `top/charts/sub/charts/subsub`. */
export function chartFullPath(c: LoadedChart): string {
  return c.parent ? `${chartFullPath(c.parent)}/charts/${c.name}` : c.name;
}

/** chart.ChartPath: `top.sub.subsub`. */
export function chartPath(c: LoadedChart): string {
  return c.parent ? `${chartPath(c.parent)}.${c.name}` : c.name;
}

/** Every CRD file of the chart and its subcharts (chart.CRDObjects), with Helm's file name `<full path>/<name>`. */
export function crdObjects(c: LoadedChart): { name: string; filename: string; data: Uint8Array }[] {
  const out = c.crds.map((f) => ({ name: f.name, filename: `${chartFullPath(c)}/${f.name}`, data: f.data }));
  for (const d of c.dependencies) out.push(...crdObjects(d));
  return out;
}

/** cmd install.go checkIfInstallable: Helm's error text for a chart `helm template` refuses (library charts). */
export function checkIfInstallable(c: LoadedChart): string | undefined {
  const t = c.metadata.type;
  return t === '' || t === 'application' ? undefined : `${t} charts are not installable`;
}

/**
 * action.CheckDependencies as `helm template` reports it: every Chart.yaml dependency must be in charts/.
 * Returns Helm's error text, or undefined.
 */
export function checkDependencies(c: LoadedChart, helmVersion: HelmVersion = '4'): string | undefined {
  const reqs = c.metadata.dependencies;
  if (!reqs) return undefined;
  const missing: string[] = [];
  for (const r of reqs) {
    if (!r) continue;
    if (!c.dependencies.some((d) => d.name === r.name)) missing.push(r.name);
  }
  if (!missing.length) return undefined;
  const cmd = helmVersion === '4.2' ? "'helm dependency build'" : '`helm dependency build`';
  const head = helmVersion === '3' ? 'An error occurred' : 'an error occurred';
  return (
    `${head} while checking for chart dependencies. You may need to run ${cmd} to fetch ` +
    `missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`
  );
}
