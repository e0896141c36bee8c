/**
 * YAML reading for chart loading. Values files go through the renderer's own YAML reader (`../yaml/goYaml`,
 * sigs.k8s.io/yaml semantics). Chart.yaml, requirements.yaml and the lock files are checked by that reader too,
 * then decoded here (the `yaml` package, YAML 1.1 schema) into trees that keep YAML's int/float/bool distinction,
 * because sigs.k8s.io/yaml turns scalars into strings for string-typed struct fields (`version: 1.10` → "1.1").
 */
import { parseDocument, isMap, isSeq, isScalar, isAlias, Node, Document } from 'yaml';
import { ContentCache } from '../contentCache';
import { GoError, GoMap, GoValue } from '../goValue';
import { parseYaml } from '../yaml/goYaml';

/** A decoded YAML scalar that remembers whether it was an int (`bigint`) or a float (`number`). */
export type RawYaml = null | boolean | string | number | bigint | RawYaml[] | Map<string, RawYaml>;

/** strconv.FormatFloat(f, 'g', -1, 32): the shortest float32 text, %e form past exponent 6 (sigs.k8s.io/yaml). */
export function formatFloat32(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const x = Math.fround(f);
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  let digits = '';
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const s = Math.abs(x).toExponential(p - 1);
    if (Math.fround(Number(s)) === Math.abs(x) || p === 9) {
      const [m, e] = s.split('e');
      digits = m.replace('.', '');
      exp = Number(e);
      break;
    }
  }
  digits = digits.replace(/0+$/, '') || '0';
  const sign = x < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ae = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
  }
  if (exp >= 0) {
    const intPart = digits.length > exp + 1 ? digits.slice(0, exp + 1) : digits.padEnd(exp + 1, '0');
    const frac = digits.length > exp + 1 ? digits.slice(exp + 1) : '';
    return sign + intPart + (frac ? `.${frac}` : '');
  }
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

/** How sigs.k8s.io/yaml names a non-string map key. */
function keyString(k: unknown): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'bigint') return k.toString();
  if (typeof k === 'number') return Number.isInteger(k) ? String(k) : formatFloat32(k);
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  if (k === null || k === undefined) return 'null';
  return String(k);
}

function firstError(doc: Document): string | undefined {
  const e = doc.errors[0];
  if (!e) return undefined;
  const line = e.linePos?.[0]?.line;
  return `error converting YAML to JSON: yaml: ${line ? `line ${line}: ` : ''}${e.message.split('\n')[0]}`;
}

function toRaw(node: unknown, doc: Document, depth: number): RawYaml {
  if (depth > 200) throw new GoError('error converting YAML to JSON: yaml: exceeded max depth');
  if (isAlias(node)) return toRaw(node.resolve(doc), doc, depth + 1);
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return null;
    if (typeof v === 'boolean' || typeof v === 'string' || typeof v === 'bigint') return v;
    if (typeof v === 'number') {
      // The YAML 1.1 schema gives ints as numbers unless intAsBigInt; keep ints as bigint.
      return v;
    }
    if (v instanceof Date) return v.toISOString();
    return String(v);
  }
  if (isSeq(node)) return node.items.map((it) => toRaw(it, doc, depth + 1));
  if (isMap(node)) {
    const m = new Map<string, RawYaml>();
    for (const pair of node.items) {
      let k: unknown = pair.key;
      if (isScalar(k)) k = k.value;
      else if (isAlias(k)) {
        const r = k.resolve(doc);
        k = isScalar(r) ? r.value : null;
      }
      if (k === '<<' && pair.value) {
        // merge keys: earlier explicit keys win
        const src = toRaw(pair.value, doc, depth + 1);
        const srcs = Array.isArray(src) ? src : [src];
        for (const s of srcs) if (s instanceof Map) for (const [sk, sv] of s) if (!m.has(sk)) m.set(sk, sv);
        continue;
      }
      m.set(keyString(k), toRaw(pair.value as Node | null, doc, depth + 1));
    }
    return m;
  }
  return null;
}

const YAML_OPTS = { version: '1.1' as const, intAsBigInt: true, uniqueKeys: false, merge: false, prettyErrors: true };

// Trees already read (Chart.yaml, Chart.lock of an unchanged chart): callers only read them.
const RAW_CACHE = new ContentCache<RawYaml>(2000, 16 * 1024 * 1024);

/** Parses one YAML document into a RawYaml tree (ints as bigint). Throws GoError on a syntax error. Cached by text. */
export function parseRawYaml(text: string): RawYaml {
  const hit = RAW_CACHE.get(text);
  if (hit !== undefined) return hit;
  const r = parseRawYamlUncached(text);
  RAW_CACHE.set(text, r);
  return r;
}

function parseRawYamlUncached(text: string): RawYaml {
  // The renderer's YAML reader decides validity and words errors as go-yaml does; the tree is read again here
  // only to keep ints apart from floats.
  parseYaml(text);
  const doc = parseDocument(text, YAML_OPTS);
  const err = firstError(doc);
  if (err) throw new GoError(err);
  return toRaw(doc.contents, doc, 0);
}

/** RawYaml → Go value as sigs.k8s.io/yaml gives it for interface{} targets: every number a float64. */
export function rawToGo(v: RawYaml): GoValue {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(rawToGo);
  if (v instanceof Map) {
    const m: GoMap = new Map();
    for (const [k, x] of v) m.set(k, rawToGo(x));
    return m;
  }
  return v;
}

/** Parses a YAML document into Go values as sigs.k8s.io/yaml does (the renderer's YAML reader). */
export function parseGoYaml(text: string): GoValue {
  return parseYaml(text);
}

/**
 * k8s.io/apimachinery's YAMLReader: splits a stream into documents at lines that start with `---` followed only
 * by blanks or a comment; empty documents are dropped (Helm 4 LoadValues).
 */
export function splitYamlDocuments(text: string): string[] {
  // Fast path: no line starts with "---".
  if (!text.startsWith('---') && text.indexOf('\n---') < 0) return text.length ? [text] : [];
  const out: string[] = [];
  let docStart = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? text.length : nl + 1;
    if (text.startsWith('---', lineStart)) {
      const rest = text.slice(lineStart + 3, lineEnd).trim();
      if (rest === '' || rest.startsWith('#')) {
        if (lineStart > docStart) out.push(text.slice(docStart, lineStart));
        docStart = lineEnd;
      }
    }
    const next = text.indexOf('\n---', lineEnd - 1);
    if (next < 0) break;
    lineStart = next + 1;
  }
  if (docStart < text.length) out.push(text.slice(docStart));
  return out;
}

/** Go's %T of a decoded JSON/YAML value, for json.Unmarshal's type messages. */
export function jsonKind(v: RawYaml | GoValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}
