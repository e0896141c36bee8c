/**
 * The engine is laid out by the stages data flows through: render → documents → hooks → features. A module may
 * import its own stage or an earlier one, never a later one, and no chain of imports comes back to where it started.
 * `types.ts` and `helmFacts.ts` at the engine's root are the shared vocabulary and the one table of Helm facts: every
 * stage reads them and they import nothing but each other.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ENGINE = path.resolve(__dirname, '../../../server/src/engine');
const STAGES = ['render', 'documents', 'hooks', 'features'] as const;
const ROOT_LEAVES = new Set(['types.ts', 'helmFacts.ts']);

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Relative imports and re-exports of a TypeScript file (type-only ones too: they are arrows of the design). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const base = path.resolve(path.dirname(file), m[1]);
    const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((p) => fs.existsSync(p));
    if (hit) out.push(hit);
  }
  return out;
}

/** -1 for the root leaves, the stage's index otherwise, Infinity for the engine's index (the public surface). */
function rankOf(file: string): number {
  const rel = path.relative(ENGINE, file).split(path.sep);
  if (rel.length === 1) return ROOT_LEAVES.has(rel[0]) ? -1 : Infinity;
  const i = STAGES.indexOf(rel[0] as (typeof STAGES)[number]);
  assert.ok(i >= 0, `${rel.join('/')} is in no stage folder (${STAGES.join(', ')})`);
  return i;
}

describe('engine layout: stages, arrows down the flow only', () => {
  const files = sources(ENGINE);
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const rel = (f: string) => path.relative(ENGINE, f).split(path.sep).join('/');

  it('reads the engine (the check is not vacuous)', () => {
    assert.ok(files.length > 40, `only ${files.length} engine files found in ${ENGINE}`);
    assert.ok([...graph.values()].reduce((n, l) => n + l.length, 0) > 100);
  });

  it('every engine file is in a stage folder, or is one of the shared root leaves or the index', () => {
    for (const f of files) rankOf(f);
  });

  it('no module imports a later stage', () => {
    const backwards: string[] = [];
    for (const [f, deps] of graph) for (const d of deps) if (rankOf(d) > rankOf(f)) backwards.push(`${rel(f)} -> ${rel(d)}`);
    assert.deepStrictEqual(backwards, []);
  });

  it('has no import cycle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, trail: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(f)), f].map(rel).join(' -> '));
        return;
      }
      state.set(f, 'open');
      for (const d of graph.get(f) ?? []) visit(d, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    assert.deepStrictEqual(cycles, []);
  });
});
