/**
 * Chart.yaml as Helm decodes it (pkg/chart/v2/metadata.go, dependency.go; Helm 3: pkg/chart/metadata.go):
 * sigs.k8s.io/yaml into the Metadata struct (json tags, case-insensitive keys, scalars stringified for string
 * fields), Validate with its sanitizing, and `.Chart` as templates see it (a *chart.Metadata struct in Helm 3, a
 * map of Go field names in Helm 4).
 */
import { GoError, GoMap, GoStruct, GoValue, typedSlice } from '../goValue';
import { formatFloat32, jsonKind, RawYaml, rawToGo } from './yaml';
import { parseVersion } from './semver';

export type HelmVersion = '3' | '4' | '4.2';

export interface ChartMaintainer {
  name: string;
  email: string;
  url: string;
}

export interface ChartDependency {
  name: string;
  version: string;
  repository: string;
  condition: string;
  tags: string[];
  enabled: boolean;
  importValues: GoValue[];
  alias: string;
}

export interface ChartMetadata {
  name: string;
  home: string;
  sources: string[];
  version: string;
  description: string;
  keywords: string[];
  maintainers: (ChartMaintainer | null)[];
  icon: string;
  apiVersion: string;
  condition: string;
  tags: string;
  appVersion: string;
  deprecated: boolean;
  annotations: Map<string, string> | null;
  kubeVersion: string;
  /** null when Chart.yaml has no `dependencies` (Go's nil slice; ProcessDependencies then does nothing). */
  dependencies: (ChartDependency | null)[] | null;
  type: string;
}

export function emptyMetadata(): ChartMetadata {
  return {
    name: '',
    home: '',
    sources: [],
    version: '',
    description: '',
    keywords: [],
    maintainers: [],
    icon: '',
    apiVersion: '',
    condition: '',
    tags: '',
    appVersion: '',
    deprecated: false,
    annotations: null,
    kubeVersion: '',
    dependencies: null,
    type: '',
  };
}

export function emptyDependency(): ChartDependency {
  return { name: '', version: '', repository: '', condition: '', tags: [], enabled: false, importValues: [], alias: '' };
}

/** json.UnmarshalTypeError text as sigs.k8s.io/yaml reports it. */
function typeError(value: RawYaml, field: string, goType: string): GoError {
  return new GoError(
    `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(value)} into Go struct field ${field} of type ${goType}`,
  );
}

/** A scalar decoded into a string field: sigs.k8s.io/yaml turns numbers and bools into their text first. */
function asString(v: RawYaml, field: string, prev: string): string {
  if (v === null) return prev;
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return formatFloat32(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  throw typeError(v, field, 'string');
}

function asBool(v: RawYaml, field: string, prev: boolean): boolean {
  if (v === null) return prev;
  if (typeof v === 'boolean') return v;
  throw typeError(v, field, 'bool');
}

function asStrings(v: RawYaml, field: string, prev: string[]): string[] {
  if (v === null) return [];
  if (!Array.isArray(v)) throw typeError(v, field, '[]string');
  return v.map((x) => asString(x, field, ''));
}

/** encoding/json field lookup: an exact json name first, else a case-insensitive one. */
function fieldFor<T extends string>(key: string, names: readonly T[]): T | undefined {
  const exact = names.find((n) => n === key);
  if (exact !== undefined) return exact;
  const lower = key.toLowerCase();
  return names.find((n) => n.toLowerCase() === lower);
}

const META_FIELDS = [
  'name', 'home', 'sources', 'version', 'description', 'keywords', 'maintainers', 'icon', 'apiVersion', 'condition',
  'tags', 'appVersion', 'deprecated', 'annotations', 'kubeVersion', 'dependencies', 'type',
] as const;
const DEP_FIELDS = ['name', 'version', 'repository', 'condition', 'tags', 'enabled', 'import-values', 'alias'] as const;
const MAINT_FIELDS = ['name', 'email', 'url'] as const;

/**
 * Decodes a YAML tree into `md` as json.Unmarshal into *Metadata does (fields absent from the document keep their
 * value, so requirements.yaml can be decoded on top of Chart.yaml). Throws GoError with the first type error.
 */
export function decodeMetadata(raw: RawYaml, md: ChartMetadata): void {
  if (raw === null) return;
  if (!(raw instanceof Map)) {
    throw new GoError(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(raw)} into Go value of type chart.Metadata`,
    );
  }
  let firstErr: GoError | undefined;
  const guard = (f: () => void) => {
    try {
      f();
    } catch (e) {
      if (e instanceof GoError) firstErr ??= e;
      else throw e;
    }
  };
  for (const [k, v] of raw) {
    const f = fieldFor(k, META_FIELDS);
    if (!f) continue;
    const path = `Metadata.${f}`;
    guard(() => {
      switch (f) {
        case 'sources':
          md.sources = asStrings(v, path, md.sources);
          break;
        case 'keywords':
          md.keywords = asStrings(v, path, md.keywords);
          break;
        case 'deprecated':
          md.deprecated = asBool(v, path, md.deprecated);
          break;
        case 'annotations':
          if (v === null) md.annotations = null;
          else if (!(v instanceof Map)) throw typeError(v, path, 'map[string]string');
          else {
            const m = md.annotations ?? new Map<string, string>();
            for (const [ak, av] of v) m.set(ak, asString(av, path, ''));
            md.annotations = m;
          }
          break;
        case 'maintainers':
          if (v === null) md.maintainers = [];
          else if (!Array.isArray(v)) throw typeError(v, path, '[]*chart.Maintainer');
          else md.maintainers = v.map((x) => decodeMaintainer(x, path));
          break;
        case 'dependencies':
          if (v === null) md.dependencies = null;
          else if (!Array.isArray(v)) throw typeError(v, path, '[]*chart.Dependency');
          else md.dependencies = v.map((x) => decodeDependency(x, path));
          break;
        default:
          md[f] = asString(v, path, md[f]);
      }
    });
  }
  if (firstErr) throw firstErr;
}

function decodeMaintainer(v: RawYaml, path: string): ChartMaintainer | null {
  if (v === null) return null;
  if (!(v instanceof Map)) throw typeError(v, path, 'chart.Maintainer');
  const m: ChartMaintainer = { name: '', email: '', url: '' };
  for (const [k, x] of v) {
    const f = fieldFor(k, MAINT_FIELDS);
    if (f) m[f] = asString(x, `${path}.${f}`, m[f]);
  }
  return m;
}

export function decodeDependency(v: RawYaml, path: string): ChartDependency | null {
  if (v === null) return null;
  if (!(v instanceof Map)) throw typeError(v, path, 'chart.Dependency');
  const d = emptyDependency();
  for (const [k, x] of v) {
    const f = fieldFor(k, DEP_FIELDS);
    const p = `${path}.${f}`;
    switch (f) {
      case undefined:
        break;
      case 'tags':
        d.tags = asStrings(x, p, d.tags);
        break;
      case 'enabled':
        d.enabled = asBool(x, p, d.enabled);
        break;
      case 'import-values':
        if (x === null) d.importValues = [];
        else if (!Array.isArray(x)) throw typeError(x, p, '[]interface {}');
        else d.importValues = x.map(rawToGo);
        break;
      default:
        d[f] = asString(x, p, d[f]);
    }
  }
  return d;
}

/** A chart.ValidationError: its text is "validation: " + message. */
export class ValidationError extends Error {
  constructor(msg: string) {
    super(`validation: ${msg}`);
  }
}

/** metadata.go sanitizeString: white space becomes ' ', unprintable runes are dropped. */
export function sanitizeString(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x20-\x7e]*$/.test(s)) return s;
  let out = '';
  for (const ch of s) {
    if (/^[\s\u0085]$/u.test(ch)) out += ' ';
    else if (/^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch)) out += ch;
  }
  return out;
}

const ALIAS_RE = /^[a-zA-Z0-9_-]+$/;

/** metadata.go Validate (sanitizes in place). Throws ValidationError. */
export function validateMetadata(md: ChartMetadata, helmVersion: HelmVersion): void {
  md.name = sanitizeString(md.name);
  md.description = sanitizeString(md.description);
  md.home = sanitizeString(md.home);
  md.icon = sanitizeString(md.icon);
  md.condition = sanitizeString(md.condition);
  md.tags = sanitizeString(md.tags);
  md.appVersion = sanitizeString(md.appVersion);
  md.kubeVersion = sanitizeString(md.kubeVersion);
  md.sources = md.sources.map(sanitizeString);
  md.keywords = md.keywords.map(sanitizeString);
  if (md.apiVersion === '') throw new ValidationError('chart.metadata.apiVersion is required');
  if (md.name === '') throw new ValidationError('chart.metadata.name is required');
  if (helmVersion !== '3' && (md.name === '.' || md.name === '..')) {
    throw new ValidationError(`chart.metadata.name ${goQuote(md.name)} is not allowed`);
  }
  if (md.name !== slashBase(md.name)) throw new ValidationError(`chart.metadata.name ${goQuote(md.name)} is invalid`);
  if (md.version === '') throw new ValidationError('chart.metadata.version is required');
  if (!parseVersion(md.version)) throw new ValidationError(`chart.metadata.version ${goQuote(md.version)} is invalid`);
  if (md.type !== '' && md.type !== 'application' && md.type !== 'library') {
    throw new ValidationError('chart.metadata.type must be application or library');
  }
  for (const m of md.maintainers) {
    if (!m) throw new ValidationError('maintainers must not contain empty or null nodes');
    m.name = sanitizeString(m.name);
    m.email = sanitizeString(m.email);
    m.url = sanitizeString(m.url);
  }
  const seen = new Set<string>();
  for (const d of md.dependencies ?? []) {
    if (!d) throw new ValidationError('dependencies must not contain empty or null nodes');
    d.name = sanitizeString(d.name);
    d.version = sanitizeString(d.version);
    d.repository = sanitizeString(d.repository);
    d.condition = sanitizeString(d.condition);
    d.tags = d.tags.map(sanitizeString);
    if (d.alias !== '' && !ALIAS_RE.test(d.alias)) {
      throw new ValidationError(`dependency ${goQuote(d.name)} has disallowed characters in the alias`);
    }
    const key = d.alias !== '' ? d.alias : d.name;
    if (seen.has(key)) throw new ValidationError(`more than one dependency with name or alias ${goQuote(key)}`);
    seen.add(key);
  }
}

/** filepath.Base on a slash path (Linux). */
function slashBase(p: string): string {
  if (p === '') return '.';
  let s = p;
  while (s.length > 0 && s.endsWith('/')) s = s.slice(0, -1);
  if (s === '') return '/';
  return s.slice(s.lastIndexOf('/') + 1);
}

/** strconv.Quote for the ASCII-printable common case (non-printables as Go escapes). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0d) out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

function copyDependency(d: ChartDependency): ChartDependency {
  return { ...d, tags: [...d.tags], importValues: [...d.importValues] };
}

/** A copy whose dependency entries can be changed without touching the original (getAliasDependency). */
export function copyMetadata(md: ChartMetadata): ChartMetadata {
  return { ...md, dependencies: md.dependencies ? md.dependencies.map((d) => (d ? copyDependency(d) : d)) : null };
}

const strs = (a: string[]): GoValue[] => typedSlice([...a], 'string');

function maintainerStruct(m: ChartMaintainer | null): GoValue {
  if (!m) return null;
  return new GoStruct(
    '*chart.Maintainer',
    new Map<string, GoValue>([
      ['Name', m.name],
      ['Email', m.email],
      ['URL', m.url],
    ]),
    new Map(),
    () => omitEmpty([['name', m.name], ['email', m.email], ['url', m.url]]),
    true,
  );
}

function dependencyStruct(d: ChartDependency | null): GoValue {
  if (!d) return null;
  return new GoStruct(
    '*chart.Dependency',
    new Map<string, GoValue>([
      ['Name', d.name],
      ['Version', d.version],
      ['Repository', d.repository],
      ['Condition', d.condition],
      ['Tags', strs(d.tags)],
      ['Enabled', d.enabled],
      ['ImportValues', [...d.importValues]],
      ['Alias', d.alias],
    ]),
    new Map(),
    () => {
      // name and repository have no omitempty
      const m: GoMap = new Map<string, GoValue>([['name', d.name]]);
      if (d.version) m.set('version', d.version);
      m.set('repository', d.repository);
      if (d.condition) m.set('condition', d.condition);
      if (d.tags.length) m.set('tags', strs(d.tags));
      if (d.enabled) m.set('enabled', true);
      if (d.importValues.length) m.set('import-values', [...d.importValues]);
      if (d.alias) m.set('alias', d.alias);
      return m;
    },
    true,
  );
}

/** Builds a map (in insertion = declaration order) leaving out Go's empty values, as omitempty does. */
function omitEmpty(entries: [string, GoValue][]): GoMap {
  const m: GoMap = new Map();
  for (const [k, v] of entries) {
    if (v === '' || v === false || v === null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (v instanceof Map && v.size === 0) continue;
    m.set(k, v);
  }
  return m;
}

function annotationsMap(md: ChartMetadata): GoMap {
  return new Map(md.annotations ?? []);
}

/** The json form of Metadata (json tags, omitempty), in declaration order. */
export function metadataJson(md: ChartMetadata): GoMap {
  return omitEmpty([
    ['name', md.name],
    ['home', md.home],
    ['sources', strs(md.sources)],
    ['version', md.version],
    ['description', md.description],
    ['keywords', strs(md.keywords)],
    ['maintainers', md.maintainers.map(maintainerStruct)],
    ['icon', md.icon],
    ['apiVersion', md.apiVersion],
    ['condition', md.condition],
    ['tags', md.tags],
    ['appVersion', md.appVersion],
    ['deprecated', md.deprecated],
    ['annotations', annotationsMap(md)],
    ['kubeVersion', md.kubeVersion],
    ['dependencies', (md.dependencies ?? []).map(dependencyStruct)],
    ['type', md.type],
  ]);
}

function metadataFields(md: ChartMetadata): Map<string, GoValue> {
  return new Map<string, GoValue>([
    ['Name', md.name],
    ['Home', md.home],
    ['Sources', strs(md.sources)],
    ['Version', md.version],
    ['Description', md.description],
    ['Keywords', strs(md.keywords)],
    ['Maintainers', md.maintainers.map(maintainerStruct)],
    ['Icon', md.icon],
    ['APIVersion', md.apiVersion],
    ['Condition', md.condition],
    ['Tags', md.tags],
    ['AppVersion', md.appVersion],
    ['Deprecated', md.deprecated],
    ['Annotations', annotationsMap(md)],
    ['KubeVersion', md.kubeVersion],
    ['Dependencies', (md.dependencies ?? []).map(dependencyStruct)],
    ['Type', md.type],
  ]);
}

/**
 * `.Chart` in Helm 3 as a *chart.Metadata: Go field names for `.Name`, `.AppVersion`…, json-tag marshalling
 * (omitempty) for toYaml/toJson. With `isRoot` it is the engine's `struct { chart.Metadata; IsRoot bool }`.
 */
export function metadataStruct(md: ChartMetadata, opts?: { isRoot?: boolean }): GoStruct {
  const fields = metadataFields(md);
  if (opts?.isRoot === undefined) return new GoStruct('*chart.Metadata', fields, new Map(), () => metadataJson(md), true);
  fields.set('IsRoot', opts.isRoot);
  return new GoStruct('struct { chart.Metadata; IsRoot bool }', fields, new Map(), () => {
    const m = metadataJson(md);
    m.set('IsRoot', opts.isRoot ?? false);
    return m;
  });
}

/** Helm 4's MetadataAsMap (pkg/chart/common.go structToMap): every field by its Go name, nested structs as maps. */
export function metadataMap(md: ChartMetadata, opts?: { isRoot?: boolean }): GoMap {
  const m: GoMap = new Map<string, GoValue>([
    ['Name', md.name],
    ['Home', md.home],
    ['Sources', [...md.sources]],
    ['Version', md.version],
    ['Description', md.description],
    ['Keywords', [...md.keywords]],
    [
      'Maintainers',
      md.maintainers.map((x) =>
        x
          ? new Map<string, GoValue>([
              ['Name', x.name],
              ['Email', x.email],
              ['URL', x.url],
            ])
          : null,
      ),
    ],
    ['Icon', md.icon],
    ['APIVersion', md.apiVersion],
    ['Condition', md.condition],
    ['Tags', md.tags],
    ['AppVersion', md.appVersion],
    ['Deprecated', md.deprecated],
    ['Annotations', annotationsMap(md)],
    ['KubeVersion', md.kubeVersion],
    [
      'Dependencies',
      (md.dependencies ?? []).map((d) =>
        d
          ? new Map<string, GoValue>([
              ['Name', d.name],
              ['Version', d.version],
              ['Repository', d.repository],
              ['Condition', d.condition],
              ['Tags', [...d.tags]],
              ['Enabled', d.enabled],
              ['ImportValues', [...d.importValues]],
              ['Alias', d.alias],
            ])
          : null,
      ),
    ],
    ['Type', md.type],
  ]);
  if (opts?.isRoot !== undefined) m.set('IsRoot', opts.isRoot);
  return m;
}

/** `.Chart` as the given Helm version exposes it: Helm 3 a struct, Helm 4 a map. */
export function chartValue(md: ChartMetadata, opts?: { helmVersion?: HelmVersion; isRoot?: boolean }): GoValue {
  return (opts?.helmVersion ?? '4') === '3' ? metadataStruct(md, opts) : metadataMap(md, opts);
}
