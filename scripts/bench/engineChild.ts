/**
 * Our engine on one chart, cold, in a process of its own (so its peak RSS is its own): the time to load the
 * engine's modules, then a new workspace's whole-chart hook model and the order of every command (what the panel and
 * the CLI's `order` show), then the diagnostics of every template (what `lint` adds). Prints one JSON line.
 *
 * Usage: node out/scripts/bench/engineChild.js <chartDir> [--repeat N]
 * With HELM_HOOKS_CODE_CACHE=off the modules are compiled as in a first run; otherwise they come through the code
 * cache (server/src/node/codeCache.ts), as every run of the CLI and the server after the first gets them.
 */
import * as path from 'path';

export interface EngineChildReport {
  /** Requiring the engine (a fresh process pays it once; the server at start-up). */
  loadMs: number;
  /** First whole-chart hook model + order of every command, in this fresh process (JIT cold). */
  coldMs: number;
  /** Diagnostics of every template after that (lint). */
  lintMs: number;
  /** The same cold analysis (new workspace, nothing cached) repeated in the warmed-up process: median. */
  warmMs?: number;
  templates: number;
  hooks: number;
  diagnostics: number;
  maxRssKB: number;
}

function run(chartDir: string, repeat: number): EngineChildReport {
  const t0 = performance.now();
  /* eslint-disable @typescript-eslint/no-require-imports */
  // As the CLI and the server start: the package's modules go through the code cache (HELM_HOOKS_CODE_CACHE decides
  // where it is, or that it is off).
  const { enableCodeCache } = require('../../server/src/node/codeCache') as typeof import('../../server/src/node/codeCache');
  enableCodeCache([path.resolve(__dirname, '..', '..', '..')]);
  const { ChartWorkspace } = require('../../server/src/engine/hooks/chartWorkspace') as typeof import('../../server/src/engine/hooks/chartWorkspace');
  const { nodeFileSystem } = require('../../server/src/engine/render/nodeFileSystem') as typeof import('../../server/src/engine/render/nodeFileSystem');
  const { diagnoseFile } = require('../../server/src/engine/features/diagnostics') as typeof import('../../server/src/engine/features/diagnostics');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const t1 = performance.now();
  const cold = () => {
    const ws = new ChartWorkspace(nodeFileSystem);
    const model = ws.modelFor(chartDir);
    if (!model) throw new Error(`no chart at ${chartDir}`);
    const hm = ws.hookModel(model, 4);
    ws.order(model, 4);
    return { ws, model, hm };
  };
  const { model, hm } = cold();
  const t2 = performance.now();
  let diagnostics = 0;
  for (const t of model.templates) {
    if (t.file.includes('!/')) continue;
    diagnostics += diagnoseFile(model, t.file, hm, { helmVersion: 4 }).length;
  }
  const t3 = performance.now();
  const warm: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const s = performance.now();
    cold();
    warm.push(performance.now() - s);
  }
  warm.sort((a, b) => a - b);
  return {
    loadMs: t1 - t0,
    coldMs: t2 - t1,
    lintMs: t3 - t2,
    warmMs: warm.length ? warm[warm.length >> 1] : undefined,
    templates: model.templates.length,
    hooks: hm.hooks.length,
    diagnostics,
    maxRssKB: process.resourceUsage().maxRSS,
  };
}

if (require.main === module) {
  const dir = process.argv[2];
  const r = process.argv.indexOf('--repeat');
  if (!dir) {
    console.error('usage: engineChild.js <chartDir> [--repeat N]');
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(run(dir, r > 0 ? Number(process.argv[r + 1]) : 0)) + '\n');
}
