/**
 * Main-thread cost of the static (masked) reading after an edit of a chart's `_helpers.tpl`: the time from the
 * edit (`ChartWorkspace.fileChanged`) to the fresh static order (`ChartWorkspace.order`), as the server pays it on
 * its own thread while the built-in render runs in its worker, plus the static diagnostics of every manifest (as
 * chart-wide diagnostics redo them). Also counts how many template analyses were redone
 * (objects not reused by identity), which should be none: no template's static reading depends on the helpers.
 *
 * node out/scripts/bench/helpersStatic.js [chart dir] [--edits N]   (prints JSON; default chart:
 * ../shared/corpus/charts/prometheus-community+helm-charts__kube-prometheus-stack)
 */
import * as fs from 'fs';
import * as path from 'path';
import { OverlayFileSystem } from '../../server/src/overlayFileSystem';
import { nodeFileSystem } from '../../server/src/engine/render/nodeFileSystem';
import { ChartWorkspace } from '../../server/src/engine/hooks/chartWorkspace';
import { diagnoseFile } from '../../server/src/engine/features/diagnostics';

export interface HelpersStaticResult {
  chart: string;
  edits: number;
  p50: number;
  p95: number;
  max: number;
  /** Analyses (of manifest templates) that were not the same objects after an edit, summed over all edits. */
  reanalysed: number;
  templates: number;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

export function benchHelpersStatic(chartDir: string, edits = 50): HelpersStaticResult {
  const root = path.resolve(chartDir);
  const helpers = path.join(root, 'templates', '_helpers.tpl');
  const original = fs.readFileSync(helpers, 'utf8');
  let text = original;
  const overlay = new OverlayFileSystem(nodeFileSystem);
  overlay.open(helpers, { getText: () => text });
  const ws = new ChartWorkspace(overlay);
  const m = ws.modelFor(helpers)!;
  // Warm as the server is after chart-wide diagnostics: every manifest diagnosed once.
  const diagnoseAll = () => {
    const hm = ws.hookModel(m, 4);
    for (const t of m.templates) if (t.role === 'manifest') diagnoseFile(m, t.file, hm, { helmVersion: 4 });
  };
  ws.order(m, 4);
  diagnoseAll();
  const times: number[] = [];
  let reanalysed = 0;
  for (let i = 0; i < edits; i++) {
    const before = m.fileDocuments();
    text = i % 2 === 0 ? `${original}\n{{/* edit ${i} */}}\n` : original;
    const t0 = process.hrtime.bigint();
    ws.fileChanged(helpers);
    ws.order(m, 4);
    diagnoseAll();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const after = m.fileDocuments();
    for (let k = 0; k < after.length; k++) if (after[k] !== before[k]) reanalysed++;
  }
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    chart: path.basename(root),
    edits,
    p50: r(quantile(times, 0.5)),
    p95: r(quantile(times, 0.95)),
    max: r(Math.max(...times)),
    reanalysed,
    templates: m.fileDocuments().length,
  };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--edits');
  const edits = at >= 0 ? Number(args[at + 1]) : 50;
  const dir = args.find((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1)) ?? path.join(__dirname, '../../../../shared/corpus/charts/prometheus-community+helm-charts__kube-prometheus-stack');
  process.stdout.write(JSON.stringify(benchHelpersStatic(dir, edits)) + '\n');
}
