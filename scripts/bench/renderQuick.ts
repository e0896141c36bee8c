/**
 * A quick A/B timer for the built-in renderer: `node out/scripts/bench/renderQuick.js <cold|warm> [N] [ids…]`.
 * cold: this (fresh) process renders each chart once; warm: renders each chart 1 + N times, median of the last N.
 * Prints ms per chart and a sha256 of the output, so a change can be checked for identical output as well as speed.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { corpusRuns } from './render';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

function main(): void {
  const mode = process.argv[2] ?? 'cold';
  const n = Number(process.argv[3] ?? 10);
  const ids = process.argv.slice(4);
  const wanted = ids.length ? ids : ['prometheus-community+helm-charts__kube-prometheus-stack', 'bitnami+charts__mysql'];
  const corpus = path.resolve(REPO_ROOT, '..', 'shared', 'corpus');
  const runs = corpusRuns(corpus).filter((r) => wanted.includes(r.id));
  const t0 = performance.now();
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { enableCodeCache } = require('../../server/src/node/codeCache') as typeof import('../../server/src/node/codeCache');
  enableCodeCache([REPO_ROOT]);
  const { renderChart } = require('../../server/src/engine/render/index') as typeof import('../../server/src/engine/render/index');
  const { RenderBudget } = require('../../server/src/engine/render/budget') as typeof import('../../server/src/engine/render/budget');
  const { nodeFileSystem } = require('../../server/src/engine/render/nodeFileSystem') as typeof import('../../server/src/engine/render/nodeFileSystem');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const loadMs = performance.now() - t0;
  console.log(`load ${loadMs.toFixed(1)} ms`);
  for (const r of runs) {
    const once = (): { ms: number; hash: string } => {
      const s = performance.now();
      const valuesFiles = r.valuesFile ? [{ name: r.valuesFile, text: fs.readFileSync(r.valuesFile, 'utf8') }] : [];
      const res = renderChart(nodeFileSystem, r.chartDir.split(path.sep).join('/'), {
        releaseName: r.release,
        namespace: r.namespace,
        valuesFiles,
        helmVersion: '4',
        budget: new RenderBudget({ timeoutMs: 60000 }),
      });
      const ms = performance.now() - s;
      const text = res.ok ? res.output : `ERROR ${res.error}`;
      return { ms, hash: crypto.createHash('sha256').update(text).digest('hex').slice(0, 12) };
    };
    const first = once();
    if (mode === 'cold') {
      console.log(`${r.label} cold ${first.ms.toFixed(1)} ms ${first.hash}`);
      continue;
    }
    const times: number[] = [];
    let hash = first.hash;
    for (let i = 0; i < n; i++) {
      const x = once();
      times.push(x.ms);
      if (x.hash !== first.hash) hash = `${first.hash}/DIFFERS:${x.hash}`;
    }
    times.sort((a, b) => a - b);
    console.log(`${r.label} first ${first.ms.toFixed(1)} ms, warm median ${times[times.length >> 1].toFixed(1)} ms ${hash}`);
  }
}

main();
