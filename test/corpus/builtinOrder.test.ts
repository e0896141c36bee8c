/**
 * `helm-hooks order` without helm on every chart and value set of ../shared/corpus, compared with what Helm 4.1.4
 * itself ran (the oracle's `execution_order`): for every event, Helm's exact (kind, name) sequence. Names Helm
 * generates at random (the oracle's `nondeterministic_hook_names`) are compared by kind and position only.
 *
 * The agreement is printed for the static reading of the templates (before: no render, the old default) and for
 * the built-in render (after: the default now). Any difference of the built-in render fails the suite.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildHookModel, ChartModel, ChartWorkspace, EVENT_NAMES, hooksForEvent, loadChart, type HookItem } from '../../server/src/engine';
import { builtinOrder } from '../../server/src/engine/hooks/builtinOrder';
import { RenderBudget } from '../../server/src/engine/render/budget';
import { nodeFileSystem } from '../../server/src/engine/render/nodeFileSystem';
import { loadValues } from '../../server/src/engine/render/chart/valuesFile';
import { predictedOn, type Oracle } from './corpusCompare';

const CORPUS = process.env.HELM_HOOKS_CORPUS ?? path.resolve(__dirname, '../../../../shared/corpus');
const present = fs.existsSync(path.join(CORPUS, 'charts')) && fs.existsSync(path.join(CORPUS, 'oracle'));
const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'helm-hooks.js');
const HELM4 = path.join(ROOT, '.tools', 'helm', '4', 'helm');

interface OracleRun extends Oracle {
  release_name: string;
  namespace: string;
}

interface Tally {
  pairsEqual: number;
  pairs: number;
  eventsEqual: number;
  events: number;
}

interface ValueSetRun {
  id: string;
  oracle: OracleRun;
  staticTally: Tally;
  builtinTally: Tally;
  /** Every way the built-in order differs from Helm's, one line each. */
  differences: string[];
  renderMs: number;
}

const tally = (): Tally => ({ pairsEqual: 0, pairs: 0, eventsEqual: 0, events: 0 });

function readOracle(file: string): OracleRun {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as OracleRun;
}

/**
 * Compares one event's sequences position by position, adding to `t`; returns a description of each differing
 * position. `random` names are Helm's random ones: compared by kind only.
 */
function compareEvent(helm: Array<{ kind: string; name: string }>, ours: HookItem[], random: ReadonlySet<string>, t: Tally): string[] {
  const problems: string[] = [];
  const n = Math.max(helm.length, ours.length);
  for (let i = 0; i < n; i++) {
    const h = helm[i];
    const o = ours[i];
    const same = !!h && !!o && h.kind === o.kind && (random.has(h.name) || h.name === o.name);
    if (same) t.pairsEqual++;
    else problems.push(`#${i + 1}: Helm ${h ? `${h.kind}/${h.name}` : '(nothing)'}, ours ${o ? `${o.kind}/${o.name}` : '(nothing)'}`);
  }
  t.pairs += n;
  t.events++;
  if (problems.length === 0) t.eventsEqual++;
  return problems;
}

function percent(a: number, b: number): string {
  return b ? `${((100 * a) / b).toFixed(1)}%` : '100%';
}

describe('corpus: helm-hooks order without helm (built-in render) gives Helm\'s exact hook order', function () {
  if (!present) {
    it('reports that the corpus is absent', () => {
      // eslint-disable-next-line no-console
      console.log(`  The shared corpus was not found at ${CORPUS} (set HELM_HOOKS_CORPUS to point at it): the built-in order was not compared with Helm.`);
      assert.strictEqual(present, false);
    });
    return;
  }

  this.timeout(600000);
  const oracleFiles = fs.readdirSync(path.join(CORPUS, 'oracle')).filter((f) => f.endsWith('.json')).sort();
  const runs: ValueSetRun[] = [];
  const failures: string[] = [];
  let randomNames = 0;

  before(() => {
    for (const f of oracleFiles) {
      const oracle = readOracle(path.join(CORPUS, 'oracle', f));
      const id = f.replace(/\.json$/, '');
      if (!oracle.ok) continue;
      const dir = path.join(CORPUS, 'charts', oracle.id);
      const ws = new ChartWorkspace(nodeFileSystem);
      const model = ws.modelFor(dir);
      if (!model) {
        failures.push(`${id}: no chart at ${dir}`);
        continue;
      }
      const valuesText = oracle.values_file ? fs.readFileSync(path.join(CORPUS, oracle.values_file), 'utf8') : undefined;
      // Before: the templates read without rendering, with the value set's values (as `order --static` would with them).
      const staticModel = valuesText === undefined ? ws.hookModel(model, 4) : buildHookModel(new ChartModel(ws.fs, loadChart(ws.fs, dir), loadValues(valuesText, '4')).documents(), 4);
      const staticOn = predictedOn(staticModel);
      // After: the built-in render with Helm's own release name, namespace and values file.
      const built = builtinOrder(
        model,
        nodeFileSystem,
        { release: oracle.release_name, namespace: oracle.namespace, valuesFiles: valuesText === undefined ? [] : [{ name: oracle.values_file!, text: valuesText }] },
        { version: 4, markValuesOnly: false, budget: () => new RenderBudget({ timeoutMs: 120000 }) },
      );
      if (!built.rendered) {
        failures.push(`${id}: the built-in render failed: ${built.order.renderErrors?.[0]?.message ?? 'no hook model'}`);
        continue;
      }
      const random = new Set(oracle.nondeterministic_hook_names);
      randomNames += random.size;
      const run: ValueSetRun = { id, oracle, staticTally: tally(), builtinTally: tally(), differences: [], renderMs: built.render.ms };
      for (const event of EVENT_NAMES) {
        const helm = (oracle.execution_order[event] ?? []).map((e) => oracle.hooks[e.index]);
        const ours = hooksForEvent(built.rendered.model.hooks, event);
        const before = hooksForEvent(staticOn, event);
        if (helm.length === 0 && ours.length === 0 && before.length === 0) continue;
        if (helm.length || before.length) compareEvent(helm, before, random, run.staticTally);
        if (helm.length || ours.length) for (const p of compareEvent(helm, ours, random, run.builtinTally)) run.differences.push(`${event} ${p}`);
      }
      runs.push(run);
    }
  });

  after(() => {
    const lines: string[] = [''];
    const sum = (pick: (r: ValueSetRun) => Tally): Tally =>
      runs.reduce((t, r) => {
        const x = pick(r);
        return { pairsEqual: t.pairsEqual + x.pairsEqual, pairs: t.pairs + x.pairs, eventsEqual: t.eventsEqual + x.eventsEqual, events: t.events + x.events };
      }, tally());
    const before = sum((r) => r.staticTally);
    const after = sum((r) => r.builtinTally);
    lines.push(`helm-hooks order vs Helm 4.1.4 on ${runs.length} chart/value-set pairs of the corpus (every event's (kind, name) sequence):`);
    for (const r of runs) {
      const s = r.staticTally;
      const b = r.builtinTally;
      lines.push(`  ${r.id.padEnd(100)} static ${`${s.pairsEqual}/${s.pairs}`.padEnd(7)} built-in ${`${b.pairsEqual}/${b.pairs}`.padEnd(7)} ${r.renderMs.toFixed(0)} ms`);
      for (const d of r.differences) lines.push(`      DIFFERENCE ${d}`);
    }
    lines.push(
      `Before (static reading of the templates, no render): ${before.pairsEqual}/${before.pairs} (kind, name) pairs equal (${percent(before.pairsEqual, before.pairs)}), ` +
        `${before.eventsEqual}/${before.events} events identical.`,
    );
    lines.push(
      `After (built-in render, no helm): ${after.pairsEqual}/${after.pairs} (kind, name) pairs equal (${percent(after.pairsEqual, after.pairs)}), ` +
        `${after.eventsEqual}/${after.events} events identical.`,
    );
    lines.push(`Names Helm generates at random are compared by kind and position only (${randomNames} such names in the oracle).`);
    for (const f of failures) lines.push(`FAILED ${f}`);
    // eslint-disable-next-line no-console
    console.log(lines.join('\n'));
  });

  it('renders every chart and value set Helm rendered', () => {
    assert.deepStrictEqual(failures, []);
    assert.strictEqual(runs.length, oracleFiles.filter((f) => readOracle(path.join(CORPUS, 'oracle', f)).ok).length);
  });

  it('lists, for every event, Helm\'s exact (kind, name) sequence', () => {
    const differences = runs.flatMap((r) => r.differences.map((d) => `${r.id} ${d}`));
    assert.deepStrictEqual(differences, []);
    const after = runs.reduce((n, r) => n + r.builtinTally.pairs, 0);
    assert.ok(after > 0, 'the corpus has hooks to compare');
  });

  describe('the CLI: helm-hooks order --format json on a corpus chart with -f and --set', function () {
    const variant = oracleFiles.find((f) => f.startsWith('bitnami+charts__mariadb@'));
    const oracle = variant ? readOracle(path.join(CORPUS, 'oracle', variant)) : undefined;

    interface OrderJson {
      mode: string;
      commands: Record<string, { steps: Array<{ id: string; items: Array<{ kind: string; name: string }> }> }>;
    }

    function order(args: string[]): OrderJson {
      const r = spawnSync(process.execPath, [BIN, 'order', ...args, '--format', 'json'], { cwd: CORPUS, encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
      const o = JSON.parse(r.stdout) as OrderJson;
      assert.strictEqual(o.mode, 'builtin');
      return o;
    }

    function events(o: OrderJson): Record<string, string[]> {
      const out: Record<string, string[]> = {};
      for (const c of Object.values(o.commands)) {
        for (const s of c.steps) if ((EVENT_NAMES as readonly string[]).includes(s.id) && s.items.length) out[s.id] = s.items.map((i) => `${i.kind}/${i.name}`);
      }
      return out;
    }

    it('with the variant\'s values file, every event as Helm ran it', function () {
      assert.ok(oracle && oracle.values_file, 'the corpus has a mariadb variant with a values file');
      const o = order([`charts/${oracle.id}`, '--release', oracle.release_name, '-n', oracle.namespace, '-f', oracle.values_file]);
      const helm: Record<string, string[]> = {};
      for (const [event, list] of Object.entries(oracle.execution_order)) if (list.length) helm[event] = list.map((e) => `${oracle.hooks[e.index].kind}/${oracle.hooks[e.index].name}`);
      assert.deepStrictEqual(events(o), helm);
    });

    it('with --set on top, the names real Helm 4 gives (.tools/helm/4)', function () {
      assert.ok(oracle && oracle.values_file);
      const args = [`charts/${oracle.id}`, '-n', oracle.namespace, '-f', oracle.values_file, '--set', 'fullnameOverride=db'];
      const o = events(order(['--release', oracle.release_name, ...args]));
      assert.ok(Object.values(o).flat().every((h) => /\/db-/.test(h)), `--set fullnameOverride=db names every hook db-…: ${JSON.stringify(o)}`);
      if (!fs.existsSync(HELM4)) {
        // eslint-disable-next-line no-console
        console.log('      (no Helm 4 in .tools/helm/4: `npm run setup:helm` to compare the --set render with real Helm)');
        return;
      }
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-corpus-cli-'));
      try {
        const env = { ...process.env, HELM_CACHE_HOME: path.join(home, 'cache'), HELM_CONFIG_HOME: path.join(home, 'config'), HELM_DATA_HOME: path.join(home, 'data') };
        const r = spawnSync(HELM4, ['install', oracle.release_name, ...args, '--dry-run=client', '-o', 'json'], { cwd: CORPUS, encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
        assert.strictEqual(r.status, 0, r.stderr);
        const hooks = (JSON.parse(r.stdout) as { hooks?: Array<{ name?: string; kind: string; events: string[]; weight?: number }> }).hooks ?? [];
        const helm: Record<string, string[]> = {};
        for (const event of EVENT_NAMES) {
          // Spec §7: Helm's stored list filtered by event, stable-sorted by (weight, name).
          const seq = hooks
            .filter((h) => h.events.includes(event))
            .map((h) => ({ kind: h.kind, name: h.name ?? '', weight: h.weight ?? 0 }))
            .sort((a, b) => a.weight - b.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
          if (seq.length) helm[event] = seq.map((h) => `${h.kind}/${h.name}`);
        }
        assert.deepStrictEqual(o, helm);
      } finally {
        fs.rmSync(home, { recursive: true, force: true });
      }
    });
  });
});
