/**
 * The engine over 40 real charts, compared with what Helm 4.1.4 itself produced for them (../shared/corpus).
 * Static analysis cannot know everything Helm knows (release names, helpers, values), so every disagreement is
 * classified and explained; the ones that are not explained by the template are bugs and fail the suite.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildHookModel, ChartModel, ChartWorkspace, diagnoseFile, loadChart, type HookDiagnostic, type HookModel } from '../../server/src/engine';
import { nodeFileSystem } from '../../server/src/engine/render/nodeFileSystem';
import { loadValues } from '../../server/src/engine/render/chart/valuesFile';
import { lineIndexOf } from '../../server/src/engine/documents/lineIndex';
import { realHelm } from '../rendered/helmBinaries';
import { proveRuntimeFinding, RUNTIME_CODES, type RuntimeProof } from './runtimeProof';
import {
  compareChart,
  literalHooksFound,
  matchHooks,
  predictedOn,
  type Cause,
  type ChartComparison,
  type Disagreement,
  type LiteralCheck,
  type Oracle,
} from './corpusCompare';

const CORPUS = process.env.HELM_HOOKS_CORPUS ?? path.resolve(__dirname, '../../../../shared/corpus');
const present = fs.existsSync(path.join(CORPUS, 'charts')) && fs.existsSync(path.join(CORPUS, 'oracle'));

interface ChartRun {
  id: string;
  ms: number;
  templates: number;
  error?: string;
  model?: ChartModel;
  hooks?: HookModel;
  oracle?: Oracle;
  comparison?: ChartComparison;
  literal: LiteralCheck[];
  diagnostics: Array<{ file: string; d: HookDiagnostic }>;
  /** Run-time errors and warnings (hooks that hang or fail in the cluster), each checked against Helm's output. */
  runtime: Array<{ file: string; d: HookDiagnostic; proof: RuntimeProof }>;
  variants: Array<{
    variant: string;
    helm: number;
    found: number;
    unexplained: string[];
    literal: LiteralCheck[];
    notes: string[];
    /** Static analysis given the variant's values file, compared like the defaults. */
    withValues?: ChartComparison;
  }>;
}

function readOracle(file: string): Oracle {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Oracle;
}

function pad(s: string | number, n: number): string {
  const t = String(s);
  return t.length >= n ? t : t + ' '.repeat(n - t.length);
}

describe('corpus: static analysis compared with Helm 4.1.4 on real charts', function () {
  if (!present) {
    it('reports that the corpus is absent', () => {
      // eslint-disable-next-line no-console
      console.log(`  The shared corpus was not found at ${CORPUS} (set HELM_HOOKS_CORPUS to point at it): corpus comparison not run.`);
      assert.strictEqual(present, false);
    });
    return;
  }

  this.timeout(300000);
  const ids = fs.readdirSync(path.join(CORPUS, 'charts')).filter((d) => fs.statSync(path.join(CORPUS, 'charts', d)).isDirectory()).sort();
  const oracleFiles = fs.readdirSync(path.join(CORPUS, 'oracle')).filter((f) => f.endsWith('.json'));
  const runs: ChartRun[] = [];
  let everyOracle: Oracle[] | undefined;
  /** Every oracle of the corpus (a subchart's hook may be proven with the values of its chart's own variant). */
  const allOracles = (): Oracle[] => (everyOracle ??= oracleFiles.map((f) => readOracle(path.join(CORPUS, 'oracle', f))));

  before(() => {
    for (const id of ids) {
      const run: ChartRun = { id, ms: 0, templates: 0, literal: [], diagnostics: [], runtime: [], variants: [] };
      runs.push(run);
      const dir = path.join(CORPUS, 'charts', id);
      try {
        const t0 = performance.now();
        const ws = new ChartWorkspace(nodeFileSystem);
        const model = ws.modelFor(dir);
        if (!model) throw new Error('no chart found');
        const hooks = ws.hookModel(model, 4);
        run.ms = performance.now() - t0;
        run.model = model;
        run.hooks = hooks;
        run.templates = model.templates.length;
        const docs = model.documents();
        const oracles = [`${id}.json`, ...oracleFiles.filter((x) => x.startsWith(`${id}@`))]
          .filter((f) => fs.existsSync(path.join(CORPUS, 'oracle', f)))
          .map((f) => readOracle(path.join(CORPUS, 'oracle', f)));
        for (const t of model.templates) {
          for (const d of diagnoseFile(model, t.file, hooks, { helmVersion: 4 })) {
            run.diagnostics.push({ file: path.relative(dir, t.file), d });
            if (!RUNTIME_CODES.has(d.code) || (d.severity !== 'error' && d.severity !== 'warning')) continue;
            // The document the finding is in, checked against what Helm renders for it.
            const fa = model.analyzeFile(t);
            const at = lineIndexOf(fa.text).offsetAt(d.range.start);
            const doc = fa.documents.find((x) => x.doc.span.start <= at && at <= x.doc.span.end);
            const proof = doc
              ? proveRuntimeFinding(realHelm(4), CORPUS, dir, oracles, allOracles(), doc, d)
              : { proven: false, proof: 'no document at the finding' };
            run.runtime.push({ file: path.relative(dir, t.file), d, proof });
          }
        }
        const defaultFile = path.join(CORPUS, 'oracle', `${id}.json`);
        if (fs.existsSync(defaultFile)) {
          const oracle = readOracle(defaultFile);
          if (oracle.ok) {
            run.oracle = oracle;
            run.comparison = compareChart(oracle, hooks, docs);
            run.literal = literalHooksFound(oracle, hooks, run.comparison.matches);
          }
        }
        for (const f of oracleFiles.filter((x) => x.startsWith(`${id}@`))) {
          const oracle = readOracle(path.join(CORPUS, 'oracle', f));
          if (!oracle.ok) continue;
          // The chart analysed with the variant's values on top of its defaults (`helm install -f`): the values in
          // use decide which hooks are on, so the variant's hooks are looked for in that model.
          const userValues = oracle.values_file ? loadValues(fs.readFileSync(path.join(CORPUS, oracle.values_file), 'utf8'), '4') : undefined;
          const vm = userValues ? new ChartModel(ws.fs, loadChart(ws.fs, dir), userValues) : undefined;
          const variantHooks = vm ? buildHookModel(vm.documents(), 4) : hooks;
          const withValues: ChartComparison | undefined = vm ? compareChart(oracle, variantHooks, vm.documents()) : undefined;
          const matches = matchHooks(oracle, variantHooks);
          const unexplained: string[] = [];
          const notes: string[] = [];
          oracle.hooks.forEach((h, i) => {
            const m = matches[i];
            const what = `${h.kind} ${h.name} (${h.path})`;
            if (m) {
              const src = variantHooks.sources[variantHooks.hooks.indexOf(m)];
              if (!src.conditional) notes.push(`${what}: found, but not marked conditional`);
              return;
            }
            const style = h.source_style.hook ?? 'absent';
            if (style === 'literal') unexplained.push(`${what}: literal hook not found`);
            else notes.push(`${what}: not found (helm.sh/hook is ${style}: the variant's values supply it)`);
          });
          run.variants.push({
            variant: oracle.variant ?? f,
            helm: oracle.hooks.length,
            found: matches.filter(Boolean).length,
            unexplained,
            literal: literalHooksFound(oracle, variantHooks, matches),
            notes,
            withValues,
          });
        }
      } catch (e) {
        run.error = e instanceof Error ? `${e.message}\n${e.stack}` : String(e);
      }
    }
  });

  after(() => {
    const lines: string[] = [];
    const out = (s = '') => lines.push(s);
    const causes = new Map<Cause, number>();
    const types = new Map<string, number>();
    let agreeing = 0;
    let total = 0;
    let agreeingAll = 0;
    out('');
    out('Static analysis vs Helm 4.1.4 (default values)');
    out(`${pad('chart', 62)} ${pad('ms', 6)} ${pad('tpl', 4)} ${pad('helm', 5)} ${pad('static', 7)} ${pad('on', 4)} ${pad('events', 7)} disagreements`);
    for (const r of runs) {
      const c = r.comparison;
      const ok = c ? c.events.filter((e) => e.agree).length : 0;
      const n = c ? c.events.length : 0;
      agreeing += ok;
      total += n;
      if (c && c.disagreements.length === 0) agreeingAll++;
      const counts = new Map<string, number>();
      for (const d of c?.disagreements ?? []) {
        counts.set(d.cause, (counts.get(d.cause) ?? 0) + 1);
        causes.set(d.cause, (causes.get(d.cause) ?? 0) + 1);
        types.set(d.type, (types.get(d.type) ?? 0) + 1);
      }
      const summary = [...counts].map(([k, v]) => `${k}: ${v}`).join('; ');
      out(
        `${pad(r.id, 62)} ${pad(r.ms.toFixed(0), 6)} ${pad(r.templates, 4)} ${pad(r.oracle?.hooks.length ?? '-', 5)} ${pad(r.hooks?.hooks.length ?? '-', 7)} ` +
          `${pad(r.hooks ? predictedOn(r.hooks).length : '-', 4)} ${pad(c ? `${ok}/${n}` : '-', 7)} ${r.error ? 'CRASH' : summary}`,
      );
    }
    const totalMs = runs.reduce((a, r) => a + r.ms, 0);
    out('');
    out(`Agreement: ${agreeing}/${total} events with hooks in Helm or static analysis have identical hooks and order (${total ? ((100 * agreeing) / total).toFixed(1) : '100'}%).`);
    out(`Charts agreeing on every event: ${agreeingAll}/${runs.filter((r) => r.comparison).length}.`);
    out(`Disagreements by type: ${[...types].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}.`);
    out(`Disagreements by cause: ${[...causes].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}.`);
    out(`Cold analysis: ${totalMs.toFixed(0)} ms for ${runs.length} charts (${runs.reduce((a, r) => a + r.templates, 0)} templates).`);
    out('');
    out('Every disagreement:');
    for (const r of runs) {
      for (const d of r.comparison?.disagreements ?? []) out(`  ${r.id} ${d.event}: ${d.type} [${d.cause}] ${d.hook} — ${d.detail}`);
    }
    out('');
    out('Variants (extra values that switch hooks on): Helm hooks found as static documents (default values);');
    out('then static analysis given the variant\'s values file: events agreeing, disagreements');
    let vAgree = 0;
    let vTotal = 0;
    for (const r of runs) {
      for (const v of r.variants) {
        const w = v.withValues;
        const ok = w ? w.events.filter((e) => e.agree).length : 0;
        vAgree += ok;
        vTotal += w ? w.events.length : 0;
        out(`  ${pad(`${r.id}@${v.variant}`, 90)} ${pad(`${v.found}/${v.helm}`, 6)} ${w ? `${ok}/${w.events.length}` : '-'}`);
        for (const n of v.notes) out(`      ${n}`);
        for (const u of v.unexplained) out(`      UNEXPLAINED ${u}`);
        for (const d of w?.disagreements ?? []) out(`      with values: ${d.event}: ${d.type} [${d.cause}] ${d.hook} — ${d.detail}`);
      }
    }
    out(`Agreement with the variants' values: ${vAgree}/${vTotal} events (${vTotal ? ((100 * vAgree) / vTotal).toFixed(1) : '100'}%).`);
    const sev = new Map<string, number>();
    for (const r of runs) for (const { d } of r.diagnostics) sev.set(`${d.severity} ${d.code}`, (sev.get(`${d.severity} ${d.code}`) ?? 0) + 1);
    out('');
    out(`Diagnostics over every template: ${[...sev].map(([k, v]) => `${k} ×${v}`).join(', ') || 'none'}.`);
    for (const r of runs) {
      for (const { file, d } of r.diagnostics) {
        if (d.severity === 'error' || d.severity === 'warning') out(`  ${d.severity} ${r.id}/${file}:${d.range.start.line + 1} ${d.code}: ${d.message}`);
      }
    }
    out('');
    out('Run-time findings (errors and warnings of hooks that hang or fail in the cluster), each checked against the objects Helm renders:');
    for (const r of runs) {
      for (const { file, d, proof } of r.runtime) {
        out(`  ${proof.proven ? 'PROVEN' : 'UNPROVEN'} ${d.severity} ${r.id}/${file}:${d.range.start.line + 1} ${d.code}`);
        out(`      ${proof.proof}`);
      }
    }
    // eslint-disable-next-line no-console
    console.log(lines.join('\n'));
  });

  it('analyses every chart without throwing', () => {
    const crashed = runs.filter((r) => r.error).map((r) => `${r.id}: ${r.error}`);
    assert.deepStrictEqual(crashed, []);
    assert.strictEqual(runs.length, ids.length);
  });

  it('finds every literally written hook with the events and weight Helm gives it', () => {
    const problems = runs.flatMap((r) => [
      ...r.literal.map((p) => `${r.id}: ${p.hook}: ${p.problem}`),
      ...r.variants.flatMap((v) => v.literal.map((p) => `${r.id}@${v.variant}: ${p.hook}: ${p.problem}`)),
    ]);
    assert.deepStrictEqual(problems, []);
  });

  it('explains every disagreement with Helm by the template (none is a bug), with default and with variant values', () => {
    const bugs: Disagreement[] = runs.flatMap((r) =>
      [
        ...(r.comparison?.disagreements ?? []).map((d) => ({ ...d, hook: `${r.id}: ${d.hook}` })),
        ...r.variants.flatMap((v) => (v.withValues?.disagreements ?? []).map((d) => ({ ...d, hook: `${r.id}@${v.variant}: ${d.hook}` }))),
      ].filter((d) => d.cause === 'BUG'),
    );
    assert.deepStrictEqual(
      bugs.map((b) => `${b.event} ${b.type}: ${b.hook} — ${b.detail}`),
      [],
    );
  });

  it('finds the hooks that variants switch on, as conditional documents', () => {
    const unexplained = runs.flatMap((r) => r.variants.flatMap((v) => v.unexplained.map((u) => `${r.id}@${v.variant}: ${u}`)));
    assert.deepStrictEqual(unexplained, []);
  });

  it('raises no error or warning that Helm does not prove', () => {
    const proven = (r: ChartRun) => (r.oracle?.dropped_unknown_hook_values.length ?? 0) > 0;
    // A run-time finding is proven by the hook Helm renders (next test); everything else by Helm's dropped hooks.
    const provenRuntime = (r: ChartRun, d: HookDiagnostic) => r.runtime.some((x) => x.d === d && x.proof.proven);
    const bad = runs.flatMap((r) =>
      proven(r)
        ? []
        : r.diagnostics
            .filter(({ d }) => (d.severity === 'error' || d.severity === 'warning') && !provenRuntime(r, d))
            .map(({ file, d }) => `${r.id}/${file}:${d.range.start.line + 1} ${d.severity} ${d.code}: ${d.message}`),
    );
    assert.deepStrictEqual(bad, []);
  });

  it('proves every run-time error and warning with the objects Helm renders for the hook', () => {
    const unproven = runs.flatMap((r) => r.runtime.filter((x) => !x.proof.proven).map((x) => `${r.id}/${x.file}:${x.d.range.start.line + 1} ${x.d.code}: ${x.proof.proof}`));
    assert.deepStrictEqual(unproven, []);
  });
});
