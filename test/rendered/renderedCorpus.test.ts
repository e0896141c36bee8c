/**
 * Rendered mode over the shared corpus, with the real Helm 4.1.4 and Helm 3.17.2 binaries: for every chart and
 * value set, the per-event order that rendered mode computes (Helm's documents through the engine's own hook
 * semantics) must equal the order computed from Helm's own JSON stored in the corpus. Static mode's agreement on
 * the same renders is printed next to it, every disagreement with its cause.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildHookModel, ChartModel, ChartWorkspace, loadChart, type DocumentAnalysis, type HookModel, type HookStepItem, type OrderResult } from '../../server/src/engine';
import { loadValues } from '../../server/src/engine/render/chart/valuesFile';
import { nodeFileSystem } from '../../server/src/engine/render/nodeFileSystem';
import { HelmRenderer } from '../../server/src/helm/renderedOrder';
import { compareChart, type Disagreement, type Oracle } from '../corpus/corpusCompare';
import { limited, realHelm, type HelmBinaryKey } from './helmBinaries';

/** Every real Helm, newest first: 4.2.3, 4.1.4, 3.17.2. */
const KEYS = ['4.2', 4, 3] as const;

const CORPUS = process.env.HELM_HOOKS_CORPUS ?? path.resolve(__dirname, '../../../../shared/corpus');
const present = fs.existsSync(path.join(CORPUS, 'charts')) && fs.existsSync(path.join(CORPUS, 'oracle'));
/** Renders run two at a time: two helm processes keep a small machine busy without thrashing it. */
const PARALLEL = 2;

interface StoredOracle extends Oracle {
  release_name: string;
  namespace: string;
  helm: { version: string; command: string[] };
}

interface VersionRun {
  result?: OrderResult;
  /** Thrown outside the render (a bug). */
  crash?: string;
  ms: number;
  /** Per event with hooks on either side: same hooks in the same order. */
  agree: number;
  events: number;
  differences: string[];
}

interface OracleRun {
  file: string;
  label: string;
  oracle: StoredOracle;
  chartDir: string;
  runs: Partial<Record<HelmBinaryKey, VersionRun>>;
  static?: { agree: number; events: number; disagreements: Disagreement[] };
}

function pad(s: string | number, n: number): string {
  const t = String(s);
  return t.length >= n ? t : t + ' '.repeat(n - t.length);
}

/** A hook as both sides can name it: kind, name, weight, template path, delete policies. */
function oracleEntry(o: StoredOracle, index: number): string {
  const h = o.hooks[index];
  const name = o.nondeterministic_hook_names.includes(h.name) ? '<random>' : h.name;
  return `${h.kind} ${name} w${h.weight ?? 0} ${h.path} [${h.delete_policies.join(',')}]`;
}

function ourEntry(o: StoredOracle, h: HookStepItem): string {
  const name = o.nondeterministic_hook_names.includes(h.name) ? '<random>' : h.name;
  return `${h.kind} ${name} w${h.weight} ${h.path} [${h.deletePolicies.join(',')}]`;
}

/** Every hook step of a rendered result, by event. */
function stepsByEvent(result: OrderResult): Map<string, HookStepItem[]> {
  const out = new Map<string, HookStepItem[]>();
  for (const c of Object.values(result.commands)) {
    for (const s of c?.steps ?? []) if (s.type === 'hooks') out.set(s.id, s.items);
  }
  return out;
}

function compareRendered(o: StoredOracle, result: OrderResult): { agree: number; events: number; differences: string[] } {
  const steps = stepsByEvent(result);
  let agree = 0;
  let events = 0;
  const differences: string[] = [];
  for (const [event, expectedEntries] of Object.entries(o.execution_order)) {
    const expected = expectedEntries.map((e) => oracleEntry(o, e.index));
    const got = (steps.get(event) ?? []).map((h) => ourEntry(o, h));
    if (expected.length === 0 && got.length === 0) continue;
    events++;
    if (JSON.stringify(expected) === JSON.stringify(got)) agree++;
    else differences.push(`${event}: Helm [${expected.join('; ')}] vs rendered [${got.join('; ')}]`);
  }
  return { agree, events, differences };
}

/** The variant's values file writes hook annotations itself (charts that merge annotations from values). */
function variantSetsHooks(o: StoredOracle): boolean {
  if (!o.values_file) return false;
  try {
    return fs.readFileSync(path.join(CORPUS, o.values_file), 'utf8').includes('helm.sh/hook');
  } catch {
    return false;
  }
}

/**
 * The corpus classifier explains static disagreements for default values. A variant's values switch hooks on or
 * off that static mode (default values only) cannot know about: those are said so, not called bugs.
 */
function staticDisagreements(o: StoredOracle, hooks: HookModel, docs: DocumentAnalysis[]): { agree: number; events: number; disagreements: Disagreement[] } {
  const c = compareChart(o, hooks, docs);
  const disagreements = c.disagreements.map((d): Disagreement => {
    if (!o.values_file || d.cause !== 'BUG') return d;
    if (/off by default, but Helm rendered it/.test(d.detail)) return { ...d, cause: 'conditional, off by default', detail: `the variant's values (${o.values_file}) switch it on` };
    if (/on by default, but Helm did not render it/.test(d.detail)) return { ...d, cause: 'conditional, off by default', detail: `the variant's values (${o.values_file}) switch it off` };
    if (/literal events differ/.test(d.detail) && variantSetsHooks(o)) {
      return { ...d, cause: 'templated hook value', detail: `${d.detail}: the variant's values (${o.values_file}) write helm.sh/hook over the template's default` };
    }
    return d;
  });
  return { agree: c.events.filter((e) => e.agree).length, events: c.events.length, disagreements };
}

describe('rendered mode: real Helm 4.1.4 and 3.17.2 over the corpus, compared with Helm’s stored JSON', function () {
  if (!present) {
    it('reports that the corpus is absent', () => {
      // eslint-disable-next-line no-console
      console.log(`  The shared corpus was not found at ${CORPUS} (set HELM_HOOKS_CORPUS to point at it): rendered corpus comparison not run.`);
      assert.strictEqual(present, false);
    });
    return;
  }

  this.timeout(15 * 60 * 1000);
  const oracleFiles = fs.readdirSync(path.join(CORPUS, 'oracle')).filter((f) => f.endsWith('.json')).sort();
  const runs: OracleRun[] = [];
  let wallMs = 0;
  const helmVersions: Partial<Record<HelmBinaryKey, string>> = {};

  before(async function () {
    const helm = { '4.2': realHelm('4.2'), 4: realHelm(4), 3: realHelm(3) } as const;
    const ws = new ChartWorkspace(nodeFileSystem);
    const models = new Map<string, { model: ChartModel; hooks: HookModel; docs: DocumentAnalysis[] }>();
    for (const f of oracleFiles) {
      const oracle = JSON.parse(fs.readFileSync(path.join(CORPUS, 'oracle', f), 'utf8')) as StoredOracle;
      const chartDir = path.join(CORPUS, 'charts', oracle.id);
      runs.push({ file: f, label: f.replace(/\.json$/, ''), oracle, chartDir, runs: {} });
      if (!models.has(chartDir)) {
        const model = ws.modelFor(chartDir);
        if (!model) throw new Error(`no chart at ${chartDir}`);
        models.set(chartDir, { model, hooks: ws.hookModel(model, 4), docs: model.documents() });
      }
    }
    // One renderer per Helm binary; each task renders one chart's value sets in turn (a chart renders one at a
    // time), two tasks at once. Default values first, so the value sets find the default hooks cached.
    const renderers = { '4.2': new HelmRenderer(), 4: new HelmRenderer(), 3: new HelmRenderer() } as const;
    const tasks: Array<{ version: HelmBinaryKey; items: OracleRun[] }> = [];
    for (const version of KEYS) {
      const byChart = new Map<string, OracleRun[]>();
      for (const r of runs) byChart.set(r.chartDir, [...(byChart.get(r.chartDir) ?? []), r]);
      for (const items of byChart.values()) tasks.push({ version, items: items.sort((a, b) => (a.oracle.values_file ? 1 : 0) - (b.oracle.values_file ? 1 : 0)) });
    }
    const started = performance.now();
    await limited(tasks, PARALLEL, async ({ version, items }) => {
      for (const r of items) {
        const m = models.get(r.chartDir)!;
        const t0 = performance.now();
        const run: VersionRun = { ms: 0, agree: 0, events: 0, differences: [] };
        try {
          run.result = await renderers[version].renderedOrder(m.model, {
            helm: helm[version],
            release: r.oracle.release_name,
            namespace: r.oracle.namespace,
            valuesFiles: r.oracle.values_file ? [path.join(CORPUS, r.oracle.values_file)] : [],
            set: [],
            timeoutMs: 120000,
          });
          if (run.result.helmVersionDetected) helmVersions[version] = run.result.helmVersionDetected;
          if (!run.result.renderErrors) Object.assign(run, compareRendered(r.oracle, run.result));
        } catch (e) {
          run.crash = e instanceof Error ? `${e.message}\n${e.stack}` : String(e);
        }
        run.ms = performance.now() - t0;
        r.runs[version] = run;
      }
    });
    wallMs = performance.now() - started;
    for (const r of runs) {
      const m = models.get(r.chartDir)!;
      if (!r.oracle.ok) continue;
      // Static mode given the same values as the render (`-f` on top of the chart's defaults): the values in use
      // decide which hooks are on.
      if (r.oracle.values_file) {
        const userValues = loadValues(fs.readFileSync(path.join(CORPUS, r.oracle.values_file), 'utf8'), '4');
        const vm = new ChartModel(ws.fs, loadChart(ws.fs, r.chartDir), userValues);
        const docs = vm.documents();
        r.static = staticDisagreements(r.oracle, buildHookModel(docs, 4), docs);
      } else r.static = staticDisagreements(r.oracle, m.hooks, m.docs);
    }
  });

  after(() => {
    const lines: string[] = [];
    const out = (s = '') => lines.push(s);
    const cell = (v: VersionRun | undefined) => (!v ? '-' : v.crash ? 'CRASH' : v.result?.renderErrors ? 'no render' : `${v.agree}/${v.events}`);
    out('');
    out(`Rendered mode (Helm ${KEYS.map((k) => helmVersions[k] ?? k).join(', ')}: real binaries) vs the order from Helm's stored JSON; static mode next to it`);
    out(`${pad('chart@values', 92)} ${KEYS.map((k) => `${pad(`helm ${helmVersions[k] ?? k}`, 13)} ${pad('ms', 6)}`).join(' ')} ${pad('static', 7)} static disagreements`);
    const zero = () => ({ agree: 0, events: 0, rendered: 0, ms: 0 });
    const totals = { '4.2': zero(), 4: zero(), 3: zero(), static: { agree: 0, events: 0 } };
    for (const r of runs) {
      for (const v of KEYS) {
        const x = r.runs[v];
        if (!x) continue;
        totals[v].ms += x.ms;
        if (x.result && !x.result.renderErrors) {
          totals[v].rendered++;
          totals[v].agree += x.agree;
          totals[v].events += x.events;
        }
      }
      const s = r.static;
      if (s) {
        totals.static.agree += s.agree;
        totals.static.events += s.events;
      }
      const causes = new Map<string, number>();
      for (const d of s?.disagreements ?? []) causes.set(d.cause, (causes.get(d.cause) ?? 0) + 1);
      out(
        `${pad(r.label, 92)} ${KEYS.map((k) => `${pad(cell(r.runs[k]), 13)} ${pad((r.runs[k]?.ms ?? 0).toFixed(0), 6)}`).join(' ')} ` +
          `${pad(s ? `${s.agree}/${s.events}` : '-', 7)} ${[...causes].map(([k, n]) => `${k}: ${n}`).join('; ')}`,
      );
    }
    const pct = (a: number, n: number) => (n ? ((100 * a) / n).toFixed(1) : '100.0');
    out('');
    for (const v of KEYS) {
      out(
        `Rendered, Helm ${helmVersions[v] ?? v}: ${totals[v].agree}/${totals[v].events} events identical to Helm's stored order (${pct(totals[v].agree, totals[v].events)}%), ` +
          `${totals[v].rendered}/${runs.length} renders; helm time ${(totals[v].ms / 1000).toFixed(1)} s (${(totals[v].ms / Math.max(1, runs.length)).toFixed(0)} ms a render, default-values renders included).`,
      );
    }
    const defaults = runs.filter((r) => !r.oracle.values_file && r.static);
    const dAgree = defaults.reduce((a, r) => a + r.static!.agree, 0);
    const dEvents = defaults.reduce((a, r) => a + r.static!.events, 0);
    out(
      `Static: ${totals.static.agree}/${totals.static.events} events with the same hooks in the same order (${pct(totals.static.agree, totals.static.events)}%); ` +
        `with default values (what static mode analyses) ${dAgree}/${dEvents} (${pct(dAgree, dEvents)}%). Every disagreement is listed below with its cause.`,
    );
    out(`Wall time of all renders: ${(wallMs / 1000).toFixed(1)} s, ${PARALLEL} at a time.`);
    const notes = new Set<string>();
    for (const r of runs) for (const v of KEYS) for (const n of r.runs[v]?.result?.render?.notes ?? []) notes.add(`Helm ${v}: ${n}`);
    if (notes.size) {
      out('');
      out('Render notes:');
      for (const n of notes) out(`  ${n}`);
    }
    const failures = runs.flatMap((r) =>
      (KEYS).flatMap((v) => (r.runs[v]?.result?.renderErrors ?? []).map((e) => `  ${r.label} (Helm ${v}): ${e.message.split('\n')[0]}`)),
    );
    if (failures.length) {
      out('');
      out('Renders that failed (compared only where the chart renders):');
      for (const f of failures) out(f);
    }
    out('');
    out('Every static disagreement:');
    for (const r of runs) for (const d of r.static?.disagreements ?? []) out(`  ${r.label} ${d.event}: ${d.type} [${d.cause}] ${d.hook} — ${d.detail}`);
    // eslint-disable-next-line no-console
    console.log(lines.join('\n'));
  });

  it('renders every chart without throwing', () => {
    const crashes = runs.flatMap((r) => (KEYS).filter((v) => r.runs[v]?.crash).map((v) => `${r.label} (Helm ${v}): ${r.runs[v]!.crash}`));
    assert.deepStrictEqual(crashes, []);
  });

  it('Helm 4: every chart Helm rendered for the corpus renders again, with the version detected', () => {
    const bad = runs.filter((r) => r.oracle.ok && (!r.runs[4]?.result || r.runs[4].result.renderErrors)).map((r) => `${r.label}: ${r.runs[4]?.result?.renderErrors?.[0]?.message}`);
    assert.deepStrictEqual(bad, []);
    assert.match(helmVersions[4] ?? '', /^v4\./);
  });

  it('Helm 4: per event, rendered mode runs the same hooks in the same order as Helm’s stored JSON (100%)', () => {
    const diffs = runs.flatMap((r) => (r.runs[4]?.differences ?? []).map((d) => `${r.label}: ${d}`));
    assert.deepStrictEqual(diffs, []);
  });

  it('Helm 4.2.3: every chart renders, with the version detected, and runs the same hooks in the same order as Helm 4.1.4’s stored JSON', () => {
    assert.match(helmVersions['4.2'] ?? '', /^v4\.2\./);
    const bad = runs.filter((r) => r.oracle.ok && (!r.runs['4.2']?.result || r.runs['4.2'].result.renderErrors)).map((r) => `${r.label}: ${r.runs['4.2']?.result?.renderErrors?.[0]?.message}`);
    assert.deepStrictEqual(bad, []);
    const diffs = runs.flatMap((r) => (r.runs['4.2']?.differences ?? []).map((d) => `${r.label}: ${d}`));
    assert.deepStrictEqual(diffs, []);
  });

  it('Helm 3: per event, rendered mode runs the same hooks in the same order as Helm’s stored JSON (100% where the chart renders)', () => {
    assert.match(helmVersions[3] ?? '', /^v3\./);
    const diffs = runs.flatMap((r) => (r.runs[3]?.differences ?? []).map((d) => `${r.label}: ${d}`));
    assert.deepStrictEqual(diffs, []);
    assert.ok(runs.some((r) => r.runs[3]?.result && !r.runs[3].result.renderErrors), 'Helm 3 rendered no chart at all');
  });

  it('reads every hook as Helm lists it (Helm 4’s JSON: kind, name, path, events, weight, policies) and in the order Helm stores them (both versions)', () => {
    const mismatches = runs.flatMap((r) =>
      (KEYS).flatMap((v) =>
        (r.runs[v]?.result?.render?.notes ?? []).filter((n) => n.startsWith('Helm Hooks reads a hook differently')).map((n) => `${r.label} (Helm ${v}): ${n}`),
      ),
    );
    assert.deepStrictEqual(mismatches, []);
  });

  it('maps every rendered hook back to a template file and line of the chart', () => {
    const unmapped = runs.flatMap((r) =>
      (KEYS).flatMap((v) =>
        [...stepsByEvent(r.runs[v]?.result ?? ({ commands: {} } as OrderResult)).values()]
          .flat()
          .filter((h) => !fs.existsSync(h.file) || h.line < 1)
          .map((h) => `${r.label} (Helm ${v}): ${h.kind} ${h.name} → ${h.file}:${h.line}`),
      ),
    );
    assert.deepStrictEqual(unmapped, []);
  });

  it('marks the hooks that only a variant’s values bring in', () => {
    // Every hook of a variant that the default render of the same chart lacks is marked, and no other.
    const wrong: string[] = [];
    for (const r of runs.filter((x) => x.oracle.values_file)) {
      const base = runs.find((x) => x.chartDir === r.chartDir && !x.oracle.values_file);
      const res = r.runs[4]?.result;
      if (!base || !res || res.renderErrors) continue;
      const baseNames = new Set(base.oracle.hooks.map((h) => `${h.path} ${h.kind} ${h.name}`));
      for (const h of [...stepsByEvent(res).values()].flat()) {
        const expected = !baseNames.has(`${h.path} ${h.kind} ${h.name}`);
        if (!!h.valuesOnly !== expected) wrong.push(`${r.label}: ${h.kind} ${h.name} valuesOnly=${!!h.valuesOnly}, expected ${expected}`);
      }
    }
    assert.deepStrictEqual(wrong, []);
  });

  it('static mode: every disagreement with Helm on the same renders is explained (none is a bug)', () => {
    const bugs = runs.flatMap((r) => (r.static?.disagreements ?? []).filter((d) => d.cause === 'BUG').map((d) => `${r.label} ${d.event}: ${d.type} ${d.hook} — ${d.detail}`));
    assert.deepStrictEqual(bugs, []);
  });
});
