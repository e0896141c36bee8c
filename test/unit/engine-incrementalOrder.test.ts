/**
 * After an edit the chart's order is updated from the previous model (the edited file's hooks taken out and put
 * back by binary search), not sorted again: it must equal a full sort after any sequence of edits.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import { ChartWorkspace, memoryFileSystem } from '../../server/src/engine';
import { hookOrderIndex, hooksForEvent } from '../../server/src/engine/hooks/hookOrder';
import { EVENT_NAMES } from '../../server/src/engine/helmFacts';

const ROOT = '/w/chart';
const KINDS = ['Job', 'Pod', 'ConfigMap', 'Secret', 'ServiceAccount', 'Widget'];
const EVENTS = ['pre-install', 'post-install', 'pre-upgrade', 'test', 'pre-install,pre-upgrade', 'post-install,post-install'];

interface Doc {
  kind: number;
  name: number;
  weight: number;
  events: number;
  hook: boolean;
}

const docArb: fc.Arbitrary<Doc> = fc.record({
  kind: fc.nat({ max: KINDS.length - 1 }),
  name: fc.nat({ max: 5 }),
  weight: fc.integer({ min: -2, max: 2 }),
  events: fc.nat({ max: EVENTS.length - 1 }),
  hook: fc.boolean(),
});

function fileText(docs: Doc[]): string {
  return docs
    .map((d) =>
      [
        'apiVersion: v1',
        `kind: ${KINDS[d.kind]}`,
        'metadata:',
        `  name: n${d.name}`,
        ...(d.hook ? ['  annotations:', `    helm.sh/hook: ${EVENTS[d.events]}`, `    helm.sh/hook-weight: "${d.weight}"`] : []),
      ].join('\n'),
    )
    .join('\n---\n');
}

describe('engine: incremental execution order', () => {
  it('equals a full (weight, name) sort of the stored list, and the whole order a fresh one, after every edit, file added or removed', () => {
    let edits = 0;
    let incremental = 0;
    fc.assert(
      fc.property(
        fc.array(fc.array(docArb, { maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.record({ file: fc.nat({ max: 7 }), docs: fc.option(fc.array(docArb, { maxLength: 4 }), { nil: undefined }) }), { minLength: 1, maxLength: 12 }),
        (initial, steps) => {
          const files: Record<string, string> = { [`${ROOT}/Chart.yaml`]: 'apiVersion: v2\nname: c\nversion: 1.0.0\n' };
          initial.forEach((docs, i) => (files[`${ROOT}/templates/f${i}.yaml`] = fileText(docs)));
          const ws = new ChartWorkspace(memoryFileSystem(files));
          const m = ws.modelFor(`${ROOT}/Chart.yaml`)!;
          hookOrderIndex(ws.hookModel(m, 4));
          for (const step of steps) {
            const path = `${ROOT}/templates/f${step.file}.yaml`;
            const existed = path in files;
            if (step.docs) files[path] = fileText(step.docs);
            else delete files[path];
            if (existed && step.docs) ws.fileChanged(path);
            else ws.structureChanged(path);
            const before = ws.hookModel(m, 4);
            const index = hookOrderIndex(before);
            edits++;
            if (index.derived) incremental++;
            for (const e of EVENT_NAMES) assert.deepStrictEqual(index.ordered(e), hooksForEvent(before.hooks, e), e);
            for (const h of before.hooks) for (const e of h.events) assert.strictEqual(index.ordered(e)[index.indexIn(e, h)], h);
            // What the panel and the CLI show (steps of unchanged events are kept from the previous order).
            const fresh = new ChartWorkspace(memoryFileSystem({ ...files }));
            assert.deepStrictEqual(ws.order(m, 4), fresh.order(fresh.modelFor(`${ROOT}/Chart.yaml`)!, 4));
          }
        },
      ),
      { numRuns: 300, seed: 4 },
    );
    assert.ok(edits > 1000, `${edits} edits`);
    assert.strictEqual(incremental, edits);
  });

  it('keeps the hook items of files an edit did not touch, so only the edited file is read again', () => {
    const files: Record<string, string> = { [`${ROOT}/Chart.yaml`]: 'apiVersion: v2\nname: c\nversion: 1.0.0\n' };
    for (let i = 0; i < 3; i++) files[`${ROOT}/templates/f${i}.yaml`] = fileText([{ kind: 0, name: i, weight: 0, events: 0, hook: true }]);
    const ws = new ChartWorkspace(memoryFileSystem(files));
    const m = ws.modelFor(`${ROOT}/Chart.yaml`)!;
    const first = ws.hookModel(m, 4);
    files[`${ROOT}/templates/f1.yaml`] = fileText([{ kind: 0, name: 1, weight: -1, events: 0, hook: true }]);
    ws.fileChanged(`${ROOT}/templates/f1.yaml`);
    const second = ws.hookModel(m, 4);
    assert.notStrictEqual(second, first);
    const same = second.hooks.filter((h) => first.hooks.includes(h)).map((h) => h.name);
    assert.deepStrictEqual(same.sort(), ['n0', 'n2']);
    assert.deepStrictEqual(hookOrderIndex(second).ordered('pre-install').map((h) => h.name), ['n1', 'n0', 'n2']);
  });

  it('an edit that leaves every hook as it was keeps the stored hook list itself; resources still follow the edit', () => {
    const files: Record<string, string> = { [`${ROOT}/Chart.yaml`]: 'apiVersion: v2\nname: c\nversion: 1.0.0\n' };
    const hookDoc: Doc = { kind: 0, name: 0, weight: 0, events: 0, hook: true };
    const plainDoc = (name: number): Doc => ({ kind: 2, name, weight: 0, events: 0, hook: false });
    files[`${ROOT}/templates/f0.yaml`] = fileText([hookDoc, plainDoc(1)]);
    files[`${ROOT}/templates/f1.yaml`] = fileText([{ ...hookDoc, name: 2, kind: 1 }]);
    const ws = new ChartWorkspace(memoryFileSystem(files));
    const m = ws.modelFor(`${ROOT}/Chart.yaml`)!;
    const first = ws.hookModel(m, 4);
    hookOrderIndex(first);
    // The ConfigMap after the hook is renamed: the hook document above it is untouched.
    files[`${ROOT}/templates/f0.yaml`] = fileText([hookDoc, plainDoc(3)]);
    ws.fileChanged(`${ROOT}/templates/f0.yaml`);
    const second = ws.hookModel(m, 4);
    assert.notStrictEqual(second, first);
    assert.strictEqual(second.hooks, first.hooks);
    assert.deepStrictEqual(second.resources.map((r) => r.name), ['n3']);
    const index = hookOrderIndex(second);
    assert.ok(index.derived);
    assert.deepStrictEqual(index.ordered('pre-install').map((h) => h.name), ['n0', 'n2']);
    const fresh = new ChartWorkspace(memoryFileSystem({ ...files }));
    assert.deepStrictEqual(ws.order(m, 4), fresh.order(fresh.modelFor(`${ROOT}/Chart.yaml`)!, 4));
  });
});
