/**
 * The Argo CD target over the 40 real charts of ../shared/corpus: per chart, how Argo CD's sync differs from
 * `helm install` — hooks that would run at every sync, hooks that never run, ties Helm and Argo CD order
 * differently. Two answers side by side:
 *  - from Helm's own rendering (the oracle: the hooks Helm 4.1.4 rendered with their annotations, and Helm's
 *    execution order), read with the same Argo CD rules (readArgoHook, compareTasks) — what Argo CD gets from
 *    `helm template` with these values;
 *  - from the static analysis of the templates (argoOrderOf), what the editor shows.
 * Every disagreement between them must be explained by a templated name or value, or a hook Helm renders that the
 * static reading cannot see; anything else fails.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ChartWorkspace } from '../../server/src/engine';
import { nodeFileSystem } from '../../server/src/engine/render/nodeFileSystem';
import { argoOrderOf, compareTasks, readArgoHook, type ArgoAnnotation, type ArgoOrderResult, type ArgoSyncPhase } from '../../server/src/engine/hooks/argocd';
import type { HookEventName } from '../../server/src/engine/types';

const CORPUS = process.env.HELM_HOOKS_CORPUS ?? path.resolve(__dirname, '../../../../shared/corpus');
const present = fs.existsSync(path.join(CORPUS, 'charts')) && fs.existsSync(path.join(CORPUS, 'oracle'));

interface OracleHook {
  index: number;
  name: string;
  kind: string;
  path: string;
  events: HookEventName[];
  weight: number;
  rendered_annotations: Record<string, string>;
}
interface Oracle {
  id: string;
  ok: boolean;
  variant?: string;
  hooks: OracleHook[];
  execution_order: Record<string, Array<{ index: number; name: string; kind: string; weight: number; path: string }>>;
}

interface ArgoFacts {
  everySync: string[];
  neverRuns: string[];
  ties: string[];
}

const id = (kind: string, p: string) => `${kind} ${p}`;

/** Argo CD's reading of what Helm rendered (the oracle's hooks and their annotations). */
function fromOracle(o: Oracle): ArgoFacts & { names: Map<string, string> } {
  const everySync = new Set<string>();
  const neverRuns = new Set<string>();
  const ties = new Set<string>();
  const names = new Map<string, string>();
  const readings = new Map<number, ReturnType<typeof readArgoHook>>();
  for (const h of o.hooks) {
    const ann = new Map<string, ArgoAnnotation>(Object.entries(h.rendered_annotations).map(([key, value]) => [key, { key, value, dynamic: false }]));
    const r = readArgoHook(ann);
    readings.set(h.index, r);
    names.set(id(h.kind, h.path), h.name);
    const ev = new Set(h.events);
    if (r.typesFrom === 'helm' && ((ev.has('pre-install') && !ev.has('pre-upgrade')) || (ev.has('post-install') && !ev.has('post-upgrade')))) everySync.add(id(h.kind, h.path));
    if (r.isHook && r.phases.length === 0 && r.deleteHooks.length === 0) neverRuns.add(id(h.kind, h.path));
  }
  for (const event of ['pre-install', 'post-install'] as const) {
    const phase: ArgoSyncPhase = event === 'pre-install' ? 'PreSync' : 'PostSync';
    const list = (o.execution_order[event] ?? []).filter((x, i, all) => all.findIndex((y) => y.index === x.index) === i);
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i];
        const b = list[j];
        const ka = { phase, wave: readings.get(a.index)!.wave, kind: a.kind, name: a.name };
        const kb = { phase, wave: readings.get(b.index)!.wave, kind: b.kind, name: b.name };
        if (compareTasks(ka, kb) > 0) ties.add(`${event}: ${id(a.kind, a.path)} / ${id(b.kind, b.path)}`);
      }
    }
  }
  return { everySync: [...everySync].sort(), neverRuns: [...neverRuns].sort(), ties: [...ties].sort(), names };
}

function fromStatic(r: ArgoOrderResult): ArgoFacts {
  const d = r.differences;
  return {
    everySync: [...new Set(d.runsEverySync.map((x) => id(x.kind, x.path)))].sort(),
    neverRuns: [...new Set(d.neverRuns.filter((x) => !/Skip/.test(x.detail)).map((x) => id(x.kind, x.path)))].sort(),
    ties: [...new Set(d.reorderedTies.filter((t) => t.event.endsWith('install')).map((t) => `${t.event}: ${id(t.first.kind, t.first.path)} / ${id(t.second.kind, t.second.path)}`))].sort(),
  };
}

const minus = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));

describe('corpus: Argo CD sync compared with helm install on real charts', function () {
  if (!present) {
    it('reports that the corpus is absent', () => {
      // eslint-disable-next-line no-console
      console.log(`  The shared corpus was not found at ${CORPUS}: the Argo CD corpus run did not happen.`);
      assert.strictEqual(present, false);
    });
    return;
  }
  this.timeout(300000);
  const oracles = fs
    .readdirSync(path.join(CORPUS, 'oracle'))
    .filter((f) => f.endsWith('.json') && !f.includes('@'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(CORPUS, 'oracle', f), 'utf8')) as Oracle)
    .filter((o) => o.ok);

  it('prints, per chart, the hooks Argo CD runs at every sync, never runs, and the ties it reorders; static agrees with Helm-rendered', () => {
    const ws = new ChartWorkspace(nodeFileSystem);
    const lines: string[] = [];
    const unexplained: string[] = [];
    const totals = { charts: 0, withHooks: 0, everySync: 0, neverRuns: 0, ties: 0, chartsAffected: 0, explained: 0 };
    for (const o of oracles.sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const dir = path.join(CORPUS, 'charts', o.id);
      const model = ws.modelFor(dir);
      if (!model) continue;
      totals.charts++;
      const truth = fromOracle(o);
      const stat = fromStatic(argoOrderOf(ws, model, 4));
      if (o.hooks.length) totals.withHooks++;
      totals.everySync += truth.everySync.length;
      totals.neverRuns += truth.neverRuns.length;
      totals.ties += truth.ties.length;
      if (truth.everySync.length + truth.neverRuns.length + truth.ties.length) totals.chartsAffected++;
      lines.push(
        `  ${o.id.padEnd(66)} hooks ${String(o.hooks.length).padStart(3)} · every sync ${String(truth.everySync.length).padStart(2)} · never run ${String(truth.neverRuns.length).padStart(2)} · ties reordered ${String(truth.ties.length).padStart(2)}`,
      );
      for (const x of truth.everySync) lines.push(`      every sync: ${x}`);
      for (const x of truth.neverRuns) lines.push(`      never runs: ${x}`);
      for (const x of truth.ties) lines.push(`      reordered:  ${x}`);
      // Static vs Helm-rendered: a difference must come from something the templates cannot tell.
      const diffs = [
        ...minus(truth.everySync, stat.everySync).map((x) => `every sync missed: ${x}`),
        ...minus(stat.everySync, truth.everySync).map((x) => `every sync extra: ${x}`),
        ...minus(truth.neverRuns, stat.neverRuns).map((x) => `never runs missed: ${x}`),
        ...minus(stat.neverRuns, truth.neverRuns).map((x) => `never runs extra: ${x}`),
        ...minus(truth.ties, stat.ties).map((x) => `tie missed: ${x}`),
        ...minus(stat.ties, truth.ties).map((x) => `tie extra: ${x}`),
      ];
      for (const d of diffs) {
        const why = explain(d, model, truth.names);
        if (why) {
          totals.explained++;
          lines.push(`      static differs (${why}): ${d}`);
        } else unexplained.push(`${o.id}: ${d}`);
      }
    }
    // eslint-disable-next-line no-console
    console.log(
      [
        '',
        `  Argo CD vs helm install, default values (hooks as Helm 4.1.4 rendered them, read with Argo CD's rules):`,
        ...lines,
        `  ${totals.charts} charts, ${totals.withHooks} with hooks; ${totals.chartsAffected} behave differently under Argo CD: ` +
          `${totals.everySync} hooks run at every sync, ${totals.neverRuns} never run, ${totals.ties} pairs of hooks run in another order.`,
        `  Static analysis agrees with the Helm-rendered answer except ${totals.explained} explained difference(s) and ${unexplained.length} unexplained.`,
        ...unexplained.map((u) => `  UNEXPLAINED ${u}`),
        '',
      ].join('\n'),
    );
    assert.ok(totals.charts >= 30, `only ${totals.charts} charts read`);
    assert.deepStrictEqual(unexplained, []);
  });
});

/** Why a static answer may differ from the rendered one: names built by templates, hooks the defaults switch, … */
function explain(diff: string, model: NonNullable<ReturnType<ChartWorkspace['modelFor']>>, names: Map<string, string>): string | undefined {
  const paths = [...diff.matchAll(/(\S+) (\S+\.(?:ya?ml|tpl))/g)].map((m) => m[2]);
  const docs = model.documents().filter((d) => paths.includes(d.doc.helmPath));
  if (docs.some((d) => d.nameDynamic)) return 'templated name: Helm orders by the rendered one';
  if (docs.some((d) => d.hook?.dynamic || d.annotationsDynamic)) return 'templated hook annotations';
  if (docs.some((d) => d.conditional && d.enabledByDefault === undefined)) return 'condition not decidable statically';
  if (docs.length === 0 && paths.some((p) => [...names.keys()].some((k) => k.endsWith(p)))) return 'rendered by a helper the static reading does not follow';
  return undefined;
}
