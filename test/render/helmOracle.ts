/**
 * Real Helm as the oracle for the built-in renderer: evaluates many template snippets with one `helm template` run
 * per batch (per Helm version), so tests and fixture generators can compare the renderer with Helm cheaply.
 *
 * Each snippet becomes `define "case_N"` in a partial plus a ConfigMap whose data is `include "case_N" . | b64enc`,
 * so any output (not only valid YAML) comes back intact; Helm's own replacement of "<no value>" in a rendered file is
 * applied to the decoded text, as it would be had the snippet been the file. A batch that fails is split in halves
 * until each failing snippet is run alone, so every case gets either its output or Helm's error message.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The keys of scripts/setup-helm.js: 3 = 3.17.2, 4 = 4.1.4, 4.2 = 4.2.3. */
export type HelmKey = '3' | '4' | '4.2';
export const HELM_KEYS: readonly HelmKey[] = ['3', '4', '4.2'];

interface SetupHelm {
  ensureHelm(version: string): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const setup = require(path.join(ROOT, 'scripts', 'setup-helm.js')) as SetupHelm;
const binCache = new Map<string, string>();

/** Absolute path of a real helm binary, unpacked on first use. */
export function helmBinary(key: HelmKey): string {
  let p = binCache.get(key);
  if (!p) {
    p = setup.ensureHelm(key);
    binCache.set(key, p);
  }
  return p;
}

export interface OracleCase {
  /** The template text, as it would appear in a template file. */
  template: string;
  /** values.yaml of the chart the snippet runs in (default: empty). */
  values?: string;
  /** Extra files of the chart (path relative to the chart root → content), for .Files and friends. */
  files?: Record<string, string>;
  /** Extra `helm template` arguments, e.g. ['--set', 'a=1'] or ['--kube-version', '1.30.0']. */
  args?: string[];
}

export type OracleResult = { ok: true; output: string } | { ok: false; error: string };

/** Runs every case through real Helm `key`; results in input order. */
export function helmEval(cases: readonly OracleCase[], key: HelmKey = '4'): OracleResult[] {
  const results: OracleResult[] = new Array(cases.length);
  // Cases that share values, files and args share a chart.
  const groups = new Map<string, number[]>();
  cases.forEach((c, i) => {
    const k = JSON.stringify([c.values ?? '', c.files ?? {}, c.args ?? []]);
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  });
  for (const idx of groups.values()) runSplit(cases, idx, key, results);
  return results;
}

function runSplit(cases: readonly OracleCase[], idx: number[], key: HelmKey, results: OracleResult[]): void {
  const r = runBatch(cases, idx, key);
  if (r.ok) {
    idx.forEach((i) => (results[i] = { ok: true, output: r.outputs.get(i) ?? '' }));
    return;
  }
  if (idx.length === 1) {
    results[idx[0]] = { ok: false, error: r.error };
    return;
  }
  const mid = idx.length >> 1;
  runSplit(cases, idx.slice(0, mid), key, results);
  runSplit(cases, idx.slice(mid), key, results);
}

function runBatch(
  cases: readonly OracleCase[],
  idx: number[],
  key: HelmKey,
): { ok: true; outputs: Map<number, string> } | { ok: false; error: string } {
  const first = cases[idx[0]];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-oracle-'));
  try {
    const chart = path.join(dir, 'oracle');
    fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
    fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: oracle\nversion: 0.1.0\nappVersion: "1.0"\n');
    fs.writeFileSync(path.join(chart, 'values.yaml'), first.values ?? '');
    for (const [p, content] of Object.entries(first.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(chart, p)), { recursive: true });
      fs.writeFileSync(path.join(chart, p), content);
    }
    for (const i of idx) {
      fs.writeFileSync(path.join(chart, 'templates', `_case_${i}.tpl`), `{{- define "case_${i}" }}${cases[i].template}{{ end }}`);
      fs.writeFileSync(
        path.join(chart, 'templates', `case_${i}.yaml`),
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: case-${i}\ndata:\n  out: {{ include "case_${i}" . | b64enc | quote }}\n`,
      );
    }
    const r = spawnSync(helmBinary(key), ['template', 'release-name', chart, ...(first.args ?? [])], {
      encoding: 'utf8',
      timeout: 120000,
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, HELM_CACHE_HOME: path.join(dir, 'cache'), HELM_CONFIG_HOME: path.join(dir, 'config'), HELM_DATA_HOME: path.join(dir, 'data') },
    });
    if (r.status !== 0) return { ok: false, error: (r.stderr || String(r.error)).trim().split(dir + '/').join('') };
    const outputs = new Map<number, string>();
    const re = /name: case-(\d+)\ndata:\n {2}out: "([A-Za-z0-9+/=]*)"/g;
    for (const m of r.stdout.matchAll(re)) {
      outputs.set(Number(m[1]), Buffer.from(m[2], 'base64').toString('utf8').split('<no value>').join(''));
    }
    return { ok: true, outputs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `helm template` on a chart folder with arguments; stdout or the error text. */
export function helmTemplate(chartDir: string, args: readonly string[], key: HelmKey = '4'): OracleResult {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-home-'));
  try {
    const r = spawnSync(helmBinary(key), ['template', ...args.slice(0, 1), chartDir, ...args.slice(1)], {
      encoding: 'utf8',
      timeout: 300000,
      maxBuffer: 512 * 1024 * 1024,
      env: { ...process.env, HELM_CACHE_HOME: path.join(home, 'cache'), HELM_CONFIG_HOME: path.join(home, 'config'), HELM_DATA_HOME: path.join(home, 'data') },
    });
    return r.status === 0 ? { ok: true, output: r.stdout } : { ok: false, error: (r.stderr || String(r.error)).trim() };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
