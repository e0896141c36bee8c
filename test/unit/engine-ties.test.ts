/**
 * The tie diagnostic (equal weights ordered by name, not kind) is computed in one pass per run of equal weights; it
 * must name, for every hook, the same earlier hook as the definition: the first hook before it in the event's order
 * with the same weight, another name and a kind that installs later.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import { ChartWorkspace, diagnoseFile, memoryFileSystem } from '../../server/src/engine';
import { installOrder, EVENT_NAMES } from '../../server/src/engine/helmFacts';
import { hooksForEvent, kindComparator } from '../../server/src/engine/hooks/hookOrder';
import type { HookEventName, HookItem } from '../../server/src/engine/types';

const ROOT = '/w/chart';
const KINDS = ['Job', 'Pod', 'ConfigMap', 'Secret', 'ServiceAccount', 'Widget'];
const EVENTS = ['pre-install', 'post-install', 'pre-install,post-install'];

const hookArb = fc.record({ kind: fc.nat({ max: KINDS.length - 1 }), name: fc.nat({ max: 4 }), weight: fc.integer({ min: 0, max: 2 }), events: fc.nat({ max: EVENTS.length - 1 }) });

describe('engine: ties by name', () => {
  it('name the same earlier hook as the definition, over random charts', () => {
    let ties = 0;
    fc.assert(
      fc.property(fc.array(fc.array(hookArb, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 }), (files) => {
        const fsFiles: Record<string, string> = { [`${ROOT}/Chart.yaml`]: 'apiVersion: v2\nname: c\nversion: 1.0.0\n' };
        files.forEach((hooks, f) => {
          fsFiles[`${ROOT}/templates/f${f}.yaml`] = hooks
            .map((h) => `kind: ${KINDS[h.kind]}\nmetadata:\n  name: n${h.name}\n  annotations:\n    helm.sh/hook: ${EVENTS[h.events]}\n    helm.sh/hook-weight: "${h.weight}"\n`)
            .join('---\n');
        });
        const ws = new ChartWorkspace(memoryFileSystem(fsFiles));
        const m = ws.modelFor(`${ROOT}/Chart.yaml`)!;
        const hm = ws.hookModel(m, 4);
        const byKind = kindComparator(installOrder(4));
        // The definition, hook by hook.
        const want = new Map<HookItem, { earlier: HookItem; events: HookEventName[] }>();
        for (const event of EVENT_NAMES) {
          const ordered = hooksForEvent(hm.hooks, event);
          ordered.forEach((later, j) => {
            const earlier = ordered.slice(0, j).find((e) => e.weight === later.weight && e.name !== later.name && byKind(later.kind, e.kind) < 0);
            if (!earlier) return;
            const t = want.get(later);
            if (!t) want.set(later, { earlier, events: [event] });
            else if (t.earlier === earlier && !t.events.includes(event)) t.events.push(event);
          });
        }
        const expected = [...want].map(([l, t]) => `${l.file}:${l.line} ${t.events.join(' and ')}: ${l.kind} "${l.name}" after ${t.earlier.kind} "${t.earlier.name}"`).sort();
        const actual: string[] = [];
        for (const f of Object.keys(fsFiles).filter((p) => p.endsWith('.yaml') && p.includes('/templates/'))) {
          for (const d of diagnoseFile(m, f, hm, { helmVersion: 4 })) {
            if (d.code !== 'same-weight-tie-by-name') continue;
            const x = /^In (.*), (\S+) ("[^"]*") runs after (\S+) ("[^"]*")/.exec(d.message)!;
            actual.push(`${f}:${d.range.start.line + 1} ${x[1]}: ${x[2]} ${x[3]} after ${x[4]} ${x[5]}`);
          }
        }
        ties += actual.length;
        assert.deepStrictEqual(actual.sort(), expected);
      }),
      { numRuns: 400, seed: 11 },
    );
    assert.ok(ties > 100, `${ties} ties seen`);
  });
});
