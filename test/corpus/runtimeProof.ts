/**
 * The run-time diagnostics (hooks that hang or fail in the cluster) cannot be checked against a cluster here, so on
 * the corpus each one is checked against what Helm itself renders for the hook: Helm 4.1.4's stored hook (the
 * oracle's delete policies) or the hook document `helm template` renders, with the value set that renders it (the
 * default values, a corpus variant, or the hook's own `if .Values.x` switched on). A finding is proven when the
 * rendered object shows exactly what the message claims; every proof is printed with the corpus results.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import { parse as parseYaml, parseAllDocuments, stringify } from 'yaml';
import type { DocumentAnalysis, HookDiagnostic } from '../../server/src/engine';
import { SHORT_JOB_TTL_SECONDS } from '../../server/src/engine/helmFacts';
import type { Oracle } from './corpusCompare';

export const RUNTIME_CODES: ReadonlySet<string> = new Set([
  'hook-needs-release-resource',
  'hook-runs-before-its-dependency',
  'hook-leftover-blocks-next-run',
  'hook-job-ttl',
  'crd-hook-never-deleted',
]);

export interface RuntimeProof {
  proven: boolean;
  /** How Helm's own output shows it (or why it could not be shown). */
  proof: string;
}

type Obj = Record<string, unknown>;

interface Rendered {
  source: string;
  obj: Obj;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const get = (o: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (isObj(v) ? v[k] : undefined), o);

const renders = new Map<string, Rendered[] | string>();

/** `helm template` of a corpus chart with one value set; documents with their `# Source:` path. Cached. */
function helmTemplate(helm: string, chartDir: string, valuesFile: string | undefined, set: string[]): Rendered[] | string {
  const key = JSON.stringify([chartDir, valuesFile, set]);
  const hit = renders.get(key);
  if (hit) return hit;
  const args = ['template', 'rel', chartDir, '-n', 'ns', ...(valuesFile ? ['-f', valuesFile] : []), ...set.flatMap((s) => ['--set', s])];
  const r = spawnSync(helm, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  let out: Rendered[] | string;
  if (r.status !== 0) out = `helm template failed: ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`;
  else {
    out = [];
    for (const chunk of r.stdout.split(/^---[ \t]*$/m)) {
      const source = /^# Source: (.*)$/m.exec(chunk)?.[1];
      if (!source) continue;
      for (const doc of parseAllDocuments(chunk)) {
        const obj: unknown = doc.toJS();
        if (isObj(obj)) out.push({ source, obj });
      }
    }
  }
  renders.set(key, out);
  return out;
}

/** The subcharts a document sits in, outermost first (`app/charts/db/templates/x.yaml` → `['db']`). */
function subchartsOf(d: DocumentAnalysis): string[] {
  return d.doc.helmPath
    .split('/templates/')[0]
    .split('/')
    .slice(1)
    .filter((_, i) => i % 2 === 1);
}

/**
 * The hook's own condition switched on, as `--set` pairs: `if .Values.a.b` parts (under the subchart's key), and a
 * direct subchart's dependency `condition` (its first path). Undefined when a part is not that simple.
 */
function enablingSets(d: DocumentAnalysis): string[] | undefined {
  const subs = subchartsOf(d);
  const prefix = subs.map((s) => `${s}.`).join('');
  const sets: string[] = [];
  for (const part of (d.condition ?? '').split(' → ')) {
    if (!part) continue;
    const m = /^if \.Values\.([A-Za-z0-9_.]+)$/.exec(part.trim());
    const c = /^condition ([A-Za-z0-9_.]+)/.exec(part.trim());
    if (m) sets.push(`${prefix}${m[1]}=true`);
    else if (c && subs.length === 1) sets.push(`${c[1]}=true`);
    else return undefined;
  }
  return sets;
}

/**
 * For a hook of a subchart: the values of a corpus variant of that chart on its own that renders the same template
 * (e.g. bitnami/postgresql@password-update-job for airflow's postgresql), nested under the subchart's key.
 */
function subchartVariantValues(corpus: string, allOracles: Oracle[], d: DocumentAnalysis): { label: string; file: string } | undefined {
  const subs = subchartsOf(d);
  if (subs.length !== 1) return undefined;
  const sub = subs[0];
  const rel = d.doc.helmPath.slice(d.doc.helmPath.indexOf(`/charts/${sub}/`) + `/charts/${sub}/`.length);
  const o = allOracles.find((x) => x.ok && x.values_file && x.hooks.some((h) => h.path === `${sub}/${rel}` && h.kind === d.kind));
  if (!o?.values_file) return undefined;
  const values: unknown = parseYaml(fs.readFileSync(path.join(corpus, o.values_file), 'utf8'));
  // Bitnami's password-update hooks `required` the new password of every user the parent chart configures (a parent
  // may add a custom user the chart's own variant does not have): give each one, as that variant does for its users.
  const extra = isObj(values) && isObj(values.auth) ? { auth: { ...NEW_PASSWORDS, ...values.auth } } : {};
  const file = path.join(os.tmpdir(), `helm-hooks-corpus-${process.pid}-${sub}-${path.basename(o.values_file)}`);
  fs.writeFileSync(file, stringify({ [sub]: { ...(isObj(values) ? values : {}), ...extra } }));
  return { label: `${o.values_file} under ${sub}: (with every user's new password)`, file };
}

/** The new passwords Bitnami's password-update hooks require, for any user a parent chart configures. */
const NEW_PASSWORDS = { rootPassword: 'new-pw', postgresPassword: 'new-pw', password: 'new-pw', replicationPassword: 'new-pw' };

function hookOf(rendered: Rendered[], d: DocumentAnalysis): Rendered | undefined {
  return rendered.find((r) => r.source === d.doc.helmPath && r.obj.kind === d.kind && isObj(get(r.obj, 'metadata', 'annotations')) && 'helm.sh/hook' in (get(r.obj, 'metadata', 'annotations') as Obj));
}

function policies(r: Rendered): string[] {
  const v = get(r.obj, 'metadata', 'annotations', 'helm.sh/hook-delete-policy');
  return typeof v === 'string' ? v.split(',').map((p) => p.trim().toLowerCase()) : [];
}

/** The names a rendered pod spec gives to objects of `kind`. */
function podRefs(r: Rendered, kind: string): string[] {
  const spec = r.obj.kind === 'Pod' ? get(r.obj, 'spec') : r.obj.kind === 'CronJob' ? get(r.obj, 'spec', 'jobTemplate', 'spec', 'template', 'spec') : get(r.obj, 'spec', 'template', 'spec');
  if (!isObj(spec)) return [];
  const out: string[] = [];
  const add = (v: unknown) => typeof v === 'string' && out.push(v);
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  if (kind === 'ServiceAccount') add(spec.serviceAccountName ?? spec.serviceAccount);
  for (const v of list(spec.volumes)) {
    if (kind === 'ConfigMap') add(get(v, 'configMap', 'name'));
    if (kind === 'Secret') add(get(v, 'secret', 'secretName'));
    if (kind === 'PersistentVolumeClaim') add(get(v, 'persistentVolumeClaim', 'claimName'));
    for (const s of list(get(v, 'projected', 'sources'))) add(get(s, kind === 'ConfigMap' ? 'configMap' : 'secret', 'name'));
  }
  if (kind === 'Secret') for (const s of list(spec.imagePullSecrets)) add(get(s, 'name'));
  for (const c of [...list(spec.initContainers), ...list(spec.containers)]) {
    for (const f of list(get(c, 'envFrom'))) add(get(f, kind === 'ConfigMap' ? 'configMapRef' : 'secretRef', 'name'));
    for (const e of list(get(c, 'env'))) add(get(e, 'valueFrom', kind === 'ConfigMap' ? 'configMapKeyRef' : 'secretKeyRef', 'name'));
  }
  return out;
}

/** Checks what the finding says against the rendered hook. */
function check(code: string, hook: Rendered, all: Rendered[]): string | undefined {
  const name = String(get(hook.obj, 'metadata', 'name') ?? '');
  const what = `${String(hook.obj.kind)} ${name}`;
  switch (code) {
    case 'hook-leftover-blocks-next-run': {
      const p = policies(hook);
      const waited = hook.obj.kind === 'Job' || hook.obj.kind === 'Pod';
      const leaves = p.length > 0 && !p.includes('before-hook-creation') && (!p.includes('hook-succeeded') || (waited && !p.includes('hook-failed')));
      return leaves ? `${what} renders with helm.sh/hook-delete-policy "${p.join(',')}": no before-hook-creation` : undefined;
    }
    case 'hook-job-ttl': {
      const ttl = get(hook.obj, 'spec', 'ttlSecondsAfterFinished');
      return hook.obj.kind === 'Job' && typeof ttl === 'number' && ttl < SHORT_JOB_TTL_SECONDS ? `${what} renders with spec.ttlSecondsAfterFinished: ${ttl}` : undefined;
    }
    case 'crd-hook-never-deleted':
      return hook.obj.kind === 'CustomResourceDefinition' && policies(hook).length ? `${what} renders with a delete policy "${policies(hook).join(',')}"` : undefined;
    case 'hook-needs-release-resource':
    case 'hook-runs-before-its-dependency': {
      const events = String(get(hook.obj, 'metadata', 'annotations', 'helm.sh/hook') ?? '').split(',').map((e) => e.trim());
      for (const kind of ['ServiceAccount', 'ConfigMap', 'Secret', 'PersistentVolumeClaim']) {
        for (const ref of podRefs(hook, kind)) {
          const target = all.find((r) => r.obj.kind === kind && get(r.obj, 'metadata', 'name') === ref);
          if (!target) continue;
          const targetHook = get(target.obj, 'metadata', 'annotations', 'helm.sh/hook');
          if (code === 'hook-needs-release-resource' && targetHook === undefined && events.some((e) => e === 'pre-install' || e === 'post-delete')) {
            return `${what} (${events.join(',')}) names ${kind} ${ref}, which renders as an ordinary resource (${target.source})`;
          }
          if (code === 'hook-runs-before-its-dependency' && typeof targetHook === 'string') {
            const w = (r: Rendered) => Number(get(r.obj, 'metadata', 'annotations', 'helm.sh/hook-weight') ?? 0) || 0;
            const later = w(target) > w(hook) || (w(target) === w(hook) && String(get(target.obj, 'metadata', 'name')) > name);
            if (later) return `${what} (weight ${w(hook)}) names ${kind} ${ref}, a hook with weight ${w(target)} that sorts after it`;
          }
        }
      }
      return undefined;
    }
  }
  return undefined;
}

/**
 * Proves one run-time finding of document `d` with the real `helm` (Helm 4.1.4): first with the value sets of the
 * corpus whose Helm output holds the hook, then with the hook's own condition switched on.
 */
export function proveRuntimeFinding(
  helm: string,
  corpus: string,
  chartDir: string,
  oracles: Oracle[],
  allOracles: Oracle[],
  d: DocumentAnalysis,
  finding: HookDiagnostic,
): RuntimeProof {
  const sets: Array<{ label: string; values?: string; set: string[] }> = [];
  for (const o of oracles) {
    if (!o.ok || !o.hooks.some((h) => h.path === d.doc.helmPath && h.kind === d.kind)) continue;
    sets.push({ label: o.variant && o.variant !== 'default' ? `values ${o.variant}` : 'default values', values: o.values_file ? path.join(corpus, o.values_file) : undefined, set: [] });
  }
  const enabling = enablingSets(d);
  if (enabling) sets.push({ label: enabling.length ? `--set ${enabling.join(' --set ')}` : 'default values', set: enabling });
  const nested = subchartVariantValues(corpus, allOracles, d);
  if (nested && enabling) sets.push({ label: `${nested.label} ${enabling.map((x) => `--set ${x}`).join(' ')}`.trim(), values: nested.file, set: enabling });
  const tried: string[] = [];
  try {
    return proveWith(helm, chartDir, sets, d, finding, tried);
  } finally {
    if (nested) fs.rmSync(nested.file, { force: true });
  }
}

function proveWith(
  helm: string,
  chartDir: string,
  sets: Array<{ label: string; values?: string; set: string[] }>,
  d: DocumentAnalysis,
  finding: HookDiagnostic,
  tried: string[],
): RuntimeProof {
  for (const s of sets) {
    if (s.values && !fs.existsSync(s.values)) continue;
    const rendered = helmTemplate(helm, chartDir, s.values, s.set);
    if (typeof rendered === 'string') {
      tried.push(`${s.label}: ${rendered}`);
      continue;
    }
    const hook = hookOf(rendered, d);
    if (!hook) {
      tried.push(`${s.label}: not rendered as a hook`);
      continue;
    }
    const shown = check(finding.code, hook, rendered);
    if (shown) return { proven: true, proof: `helm template with ${s.label}: ${shown}` };
    tried.push(`${s.label}: the rendered hook does not show it`);
  }
  return { proven: false, proof: tried.length ? tried.join('; ') : 'no value set renders this hook' };
}
