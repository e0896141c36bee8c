/**
 * What `helm template` prints, from the rendered files: NOTES.txt taken out, each file split into YAML documents,
 * hooks told from manifests, manifests sorted by kind (InstallOrder), hooks appended, `--include-crds`,
 * `--show-only`, `--skip-tests`, `--no-hooks`.
 *
 * Mirrors helm `pkg/action/action.go` renderResources, `pkg/release/v1/util/manifest.go` SplitManifests,
 * `manifest_sorter.go` SortManifests, `kind_sorter.go` (v3: `pkg/releaseutil`), and `pkg/cmd/template.go` (v3:
 * `cmd/helm/template.go`) at v3.17.2, v4.1.4 and v4.2.3.
 */
import { ANNOTATION, installOrder, resolveEvent, structField } from '../helmFacts';
import { isGoMap, type GoValue } from './goValue';
import type { HelmKey } from './capabilities';
import { goTrimLeft, goTrimSpace, HelmRenderError, isGoSpace } from './helmEngine';
import { parseYaml } from './yaml/goYaml';
import { ContentCache } from './contentCache';

export interface OutputDocument {
  /** Template path as Helm prints it after `# Source:` (`<chart>/templates/x.yaml`, `<chart>/crds/x.yaml`). */
  path: string;
  /** The document as printed (without the `---` and `# Source:` lines). */
  content: string;
  hook: boolean;
}

export interface OutputOptions {
  helmVersion: HelmKey;
  /** The root chart's name (its NOTES.txt is the one kept). */
  chartName: string;
  includeCrds?: boolean;
  /** CRD files of the chart and its enabled subcharts, in Helm's order (CRDObjects). */
  crds?: readonly { filename: string; data: string }[];
  showOnly?: readonly string[];
  skipTests?: boolean;
  noHooks?: boolean;
}

export interface HelmOutput {
  output: string;
  documents: OutputDocument[];
  notes: string;
  /** `helm.sh/hook` values of the resources dropped for an unknown event (Helm logs "skipping unknown hooks"). */
  skippedHooks: string[];
}

// kind_sorter.go's InstallOrder and manifest_sorter.go's hook events: the one table of Helm facts (helmFacts.ts).
const RANK_V3 = new Map(installOrder(3).map((k, i) => [k, i]));
const RANK_V4 = new Map(installOrder(4).map((k, i) => [k, i]));

/**
 * manifest.go: SplitManifests — the document separator `(?:^|\s*\n)---\s*` (Go's \s is ASCII space, tab, CR,
 * LF, FF); empty documents dropped. Up to 4.1.4 each document is TrimSpace'd; 4.2.3 trims only its start and drops
 * whitespace-only documents.
 */
export function splitManifests(bigFile: string, helm: HelmKey): string[] {
  const v42 = helm === '4.2';
  const text = v42 ? goTrimLeft(bigFile) : goTrimSpace(bigFile);
  const out: string[] = [];
  for (const d of splitOnSeparators(text)) {
    if (v42) {
      if (goTrimSpace(d) === '') continue;
      out.push(goTrimLeft(d));
    } else {
      if (d === '') continue;
      out.push(goTrimSpace(d));
    }
  }
  return out;
}

function isReSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
}

/**
 * regexp.Split with `(?:^|\s*\n)---\s*`, leftmost-first as Go's RE2 matches it. A match other than at the start
 * ends in `\n---` after a run of blanks: the next `\n---` (indexOf) and the run of blanks before it (not before
 * where the scan stands) are the leftmost match.
 */
function splitOnSeparators(s: string): string[] {
  const parts: string[] = [];
  let last = 0;
  let i = 0;
  const n = s.length;
  while (i <= n) {
    let begin: number;
    let end: number;
    if (i === 0 && s.startsWith('---', 0)) {
      begin = 0;
      end = 3;
    } else {
      const k = s.indexOf('\n---', i);
      if (k < 0) break;
      begin = k;
      while (begin > i && isReSpace(s.charCodeAt(begin - 1))) begin--;
      end = k + 4;
    }
    while (end < n && isReSpace(s.charCodeAt(end))) end++;
    // Go's Split skips an empty match right after the previous one; ours are never empty (--- is required).
    parts.push(s.slice(last, begin));
    last = end;
    i = end;
    if (i === n) break;
  }
  parts.push(s.slice(last));
  return parts;
}

interface Head {
  kind: string;
  name: string;
  annotations: Map<string, string> | null;
}

/** sigs.k8s.io/yaml's conversion of a YAML scalar to a Go string field. */
function scalarString(v: GoValue): string | undefined {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'bigint') return v.toString();
  return undefined;
}

function jsonKindOf(v: GoValue): string {
  if (Array.isArray(v)) return 'array';
  if (isGoMap(v)) return 'object';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return 'number';
}

// Heads of documents already read (a warm re-render produces the same documents): never changed by callers.
const HEADS = new Map<HelmKey, ContentCache<Head>>();

/** readHeadUncached, cached by the document's text. */
function readHead(doc: string, helm: HelmKey): Head {
  let cache = HEADS.get(helm);
  if (cache === undefined) HEADS.set(helm, (cache = new ContentCache<Head>(20000, 64 * 1024 * 1024)));
  const hit = cache.get(doc);
  if (hit !== undefined) return hit;
  const head = readHeadUncached(doc, helm);
  cache.set(doc, head);
  return head;
}

/** manifest_sorter.go: yaml.Unmarshal into SimpleHead, with the errors of sigs.k8s.io/yaml + encoding/json. */
function readHeadUncached(doc: string, helm: HelmKey): Head {
  const pkg = helm === '3' ? 'releaseutil' : 'util';
  const v = parseYaml(doc);
  const head: Head = { kind: '', name: '', annotations: null };
  if (v === null) return head;
  const unmarshal = (what: string, type: string, got: GoValue): never => {
    throw new Error(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKindOf(got)} into Go ${what} of type ${type}`);
  };
  if (!isGoMap(v)) return unmarshal('value', `${pkg}.SimpleHead`, v);
  // encoding/json matches field names ignoring case: `Kind:` fills `kind` (helmFacts.structField).
  const str = (key: string, field: string): string => {
    const x = structField(v, key)?.entry;
    if (x === undefined) return '';
    const s = scalarString(x);
    return s === undefined ? unmarshal(`struct field SimpleHead.${field}`, 'string', x) : s;
  };
  str('apiVersion', 'apiVersion');
  head.kind = str('kind', 'kind');
  const md = structField(v, 'metadata')?.entry;
  if (md !== undefined && md !== null) {
    if (!isGoMap(md)) {
      return unmarshal(
        'struct field SimpleHead.metadata',
        'struct { Name string "json:\\"name\\""; Annotations map[string]string "json:\\"annotations\\"" }',
        md,
      );
    }
    const name = structField(md, 'name')?.entry;
    if (name !== undefined) {
      const s = scalarString(name);
      if (s === undefined) unmarshal('struct field .metadata.name', 'string', name);
      head.name = s ?? '';
    }
    const ann = structField(md, 'annotations')?.entry;
    if (ann !== undefined && ann !== null) {
      if (!isGoMap(ann)) unmarshal('struct field .metadata.annotations', 'map[string]string', ann);
      const m = new Map<string, string>();
      for (const [k, x] of ann as Map<string, GoValue>) {
        const s = scalarString(x);
        if (s === undefined) unmarshal('struct field .metadata.annotations', 'string', x);
        m.set(k, s ?? '');
      }
      head.annotations = m;
    }
  }
  return head;
}

interface Manifest {
  name: string;
  content: string;
  kind: string;
}

interface Hook extends Manifest {
  events: string[];
}

function sortByKind<T extends { kind: string }>(items: T[], helm: HelmKey): T[] {
  const rank = helm === '3' ? RANK_V3 : RANK_V4;
  // kind_sorter.go: lessByKind with a stable sort; unknown kinds last, alphabetically among themselves
  return items
    .map((m, i) => ({ m, i }))
    .sort((a, b) => {
      const ra = rank.get(a.m.kind);
      const rb = rank.get(b.m.kind);
      if (ra === undefined && rb === undefined) {
        if (a.m.kind !== b.m.kind) return a.m.kind < b.m.kind ? -1 : 1;
        return a.i - b.i;
      }
      if (ra === undefined) return 1;
      if (rb === undefined) return -1;
      return ra !== rb ? ra - rb : a.i - b.i;
    })
    .map((x) => x.m);
}

const NOTES_SUFFIX = 'NOTES.txt';

/** Assembles `helm template`'s standard output from the rendered files; throws HelmRenderError as Helm fails. */
export function assembleOutput(rendered: ReadonlyMap<string, string>, opts: OutputOptions): HelmOutput {
  const helm = opts.helmVersion;
  const files = new Map(rendered);
  // action.go: renderResources — NOTES.txt is pulled out (only the root chart's is kept without --render-subchart-notes)
  let notes = '';
  const rootNotes = `${opts.chartName}/templates/${NOTES_SUFFIX}`;
  for (const k of [...files.keys()].sort()) {
    if (!k.endsWith(NOTES_SUFFIX)) continue;
    if (k === rootNotes) notes += files.get(k)!;
    files.delete(k);
  }

  // manifest_sorter.go: SortManifests — files in sorted path order, documents in file order
  const hooks: Hook[] = [];
  const generic: Manifest[] = [];
  const skippedHooks: string[] = [];
  const paths = [...files.keys()].sort();
  for (const filePath of paths) {
    const content = files.get(filePath)!;
    if (baseName(filePath).startsWith('_')) continue;
    if (goTrimSpace(content) === '') continue;
    for (const m of splitManifests(content, helm)) {
      let head: Head;
      try {
        head = readHead(m, helm);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        throw new HelmRenderError(`YAML parse error on ${filePath}: ${msg}`, filePath);
      }
      const hookTypes = head.annotations && head.annotations.size > 0 ? head.annotations.get(ANNOTATION.hook) : undefined;
      if (hookTypes === undefined) {
        generic.push({ name: filePath, content: m, kind: head.kind });
        continue;
      }
      const events: string[] = [];
      let unknown = false;
      for (const part of hookTypes.split(',')) {
        // Go's strings.ToLower (PRE-İNSTALL is pre-install), deprecated names as Helm maps them (helmFacts).
        const ev = resolveEvent(part);
        if (!ev) {
          unknown = true;
          break;
        }
        events.push(ev);
      }
      if (unknown) {
        // Helm logs "skipping unknown hooks" and drops the resource
        skippedHooks.push(hookTypes);
        continue;
      }
      hooks.push({ name: filePath, content: m, kind: head.kind, events });
    }
  }
  const sortedHooks = sortByKind(hooks, helm);
  const sortedManifests = sortByKind(generic, helm);

  const documents: OutputDocument[] = [];
  let manifestText = '';
  if (opts.includeCrds) {
    for (const crd of opts.crds ?? []) {
      manifestText += `---\n# Source: ${crd.filename}\n${crd.data}\n`;
      documents.push({ path: crd.filename, content: crd.data, hook: false });
    }
  }
  for (const m of sortedManifests) {
    manifestText += `---\n# Source: ${m.name}\n${m.content}\n`;
    documents.push({ path: m.name, content: m.content, hook: false });
  }

  // template.go: the release manifest, trimmed, then the hooks
  let out = `${goTrimSpace(manifestText)}\n`;
  if (!opts.noHooks) {
    for (const h of sortedHooks) {
      if (opts.skipTests && h.events.includes('test')) continue;
      out += `---\n# Source: ${h.name}\n${h.content}\n`;
      documents.push({ path: h.name, content: h.content, hook: true });
    }
  }

  if (opts.showOnly && opts.showOnly.length > 0) {
    const split = splitManifests(out, helm);
    const chosen: string[] = [];
    const chosenDocs: OutputDocument[] = [];
    for (const f0 of opts.showOnly) {
      const f = f0.split('\\').join('/');
      let missing = true;
      split.forEach((manifest, idx) => {
        const sm = SOURCE_RE.exec(manifest);
        if (!sm) return;
        if (!filepathMatch(f, sm[1])) return;
        chosen.push(manifest);
        const d = documents[idx];
        if (d) chosenDocs.push(d);
        missing = false;
      });
      if (missing) throw new HelmRenderError(`could not find template ${f} in chart`, undefined, undefined, undefined, false);
    }
    let shown = '';
    for (const m of chosen) shown += `---\n${m}\n`;
    return { output: shown, documents: chosenDocs, notes, skippedHooks };
  }
  return { output: out, documents, notes, skippedHooks };
}

const SOURCE_RE = /# Source: [^/\n]+\/(.+)/;

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** path/filepath.Match on '/'-separated names; a malformed pattern matches nothing. */
export function filepathMatch(pattern: string, name: string): boolean {
  const m = matchFrom(pattern, 0, name, 0);
  return m === true;
}

/** Returns true / false, or 'bad' for a malformed pattern (treated as no match). */
function matchFrom(p: string, pi: number, s: string, si: number): boolean | 'bad' {
  while (pi < p.length) {
    const c = p[pi];
    if (c === '*') {
      // '*' matches any run of non-separators; try the shortest first, then longer ones
      let rest = pi + 1;
      while (rest < p.length && p[rest] === '*') rest++;
      for (let k = si; ; k++) {
        const r = matchFrom(p, rest, s, k);
        if (r === true || r === 'bad') return r;
        if (k >= s.length || s[k] === '/') break;
      }
      return false;
    }
    if (si >= s.length) return checkRestValid(p, pi);
    if (c === '?') {
      if (s[si] === '/') return false;
      pi++;
      si++;
      continue;
    }
    if (c === '[') {
      const r = matchClass(p, pi, s[si]);
      if (r === 'bad') return 'bad';
      if (!r.ok || s[si] === '/') return false;
      pi = r.next;
      si++;
      continue;
    }
    if (c === '\\') {
      if (pi + 1 >= p.length) return 'bad';
      if (p[pi + 1] !== s[si]) return false;
      pi += 2;
      si++;
      continue;
    }
    if (c !== s[si]) return false;
    pi++;
    si++;
  }
  return si === s.length;
}

function checkRestValid(p: string, pi: number): boolean | 'bad' {
  for (let i = pi; i < p.length; i++) {
    if (p[i] === '[') {
      const r = matchClass(p, i, 'a');
      if (r === 'bad') return 'bad';
      i = r.next - 1;
    } else if (p[i] === '\\' && i + 1 >= p.length) return 'bad';
  }
  return false;
}

function matchClass(p: string, pi: number, ch: string): { ok: boolean; next: number } | 'bad' {
  let i = pi + 1;
  let neg = false;
  if (p[i] === '^') {
    neg = true;
    i++;
  }
  let matched = false;
  let n = 0;
  while (true) {
    if (i >= p.length) return 'bad';
    if (p[i] === ']' && n > 0) {
      i++;
      break;
    }
    let lo = p[i];
    if (lo === '\\') {
      i++;
      if (i >= p.length) return 'bad';
      lo = p[i];
    } else if (lo === '-' || lo === ']') {
      return 'bad';
    }
    i++;
    let hi = lo;
    if (p[i] === '-') {
      i++;
      if (i >= p.length) return 'bad';
      hi = p[i];
      if (hi === '\\') {
        i++;
        if (i >= p.length) return 'bad';
        hi = p[i];
      } else if (hi === ']' || hi === '-') return 'bad';
      i++;
    }
    if (lo <= ch && ch <= hi) matched = true;
    n++;
  }
  return { ok: matched !== neg, next: i };
}

/** Whether a character is whitespace for Go's strings.TrimSpace (re-exported for callers that frame output). */
export { isGoSpace };
