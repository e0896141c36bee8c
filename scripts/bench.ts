/**
 * `npm run bench`: prints figures, asserts nothing. Measures the engine on the largest corpus chart (when
 * ../shared/corpus is there) and on a generated 200-template chart:
 *   - cold whole-chart analysis (a new workspace: read, mask, split, extract, order, diagnose every template),
 *   - a one-line edit to fresh diagnostics for that file (what the server does on didChange),
 *   - peak RSS of the process.
 * Targets (issue 2): one-line edit under 10 ms; a 200-template chart cold under 300 ms.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ChartWorkspace } from '../server/src/engine/chartWorkspace';
import { diagnoseFile } from '../server/src/engine/diagnostics';
import type { ChartFileSystem } from '../server/src/engine/chartFiles';
import { nodeFileSystem } from '../server/src/engine/nodeFileSystem';

const VERSION = 4 as const;

/** The disk with editor buffers on top, as the server sees it. */
function overlayFs(): ChartFileSystem & { buffers: Map<string, string> } {
  const buffers = new Map<string, string>();
  return {
    buffers,
    readText: (p) => buffers.get(p) ?? nodeFileSystem.readText(p),
    readBytes: (p) => nodeFileSystem.readBytes(p),
    listDir: (p) => nodeFileSystem.listDir(p),
  };
}

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function percentile(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

function coldAnalysis(root: string): { ms: number; templates: number; hooks: number; diagnostics: number } {
  const t0 = process.hrtime.bigint();
  const ws = new ChartWorkspace(nodeFileSystem);
  const model = ws.modelFor(root)!;
  const hm = ws.hookModel(model, VERSION);
  ws.order(model, VERSION);
  let diagnostics = 0;
  for (const t of model.templates) {
    if (t.file.includes('!/')) continue;
    diagnostics += diagnoseFile(model, t.file, hm, { helmVersion: VERSION }).length;
  }
  return { ms: ms(t0), templates: model.templates.length, hooks: hm.hooks.length, diagnostics };
}

function editLatency(root: string, edits: number): { p50: number; p95: number; max: number; file: string } {
  const fsx = overlayFs();
  const ws = new ChartWorkspace(fsx);
  const model = ws.modelFor(root)!;
  ws.hookModel(model, VERSION);
  // Edit the template with the most hooks: the worst case for chart-wide ties.
  const hookFiles = model.templates.filter((t) => t.role === 'manifest' && !t.file.includes('!/'));
  const target =
    hookFiles.find((t) => (fsx.readText(t.file) ?? '').includes('helm.sh/hook-weight')) ??
    hookFiles.find((t) => (fsx.readText(t.file) ?? '').includes('helm.sh/hook')) ??
    hookFiles[0];
  const original = fsx.readText(target.file) ?? '';
  const times: number[] = [];
  for (let i = 0; i < edits; i++) {
    // A one-line edit: a comment line at the end changes on every keystroke.
    fsx.buffers.set(target.file, `${original}\n# edit ${i}`);
    const t0 = process.hrtime.bigint();
    ws.fileChanged(target.file);
    const hm = ws.hookModel(model, VERSION);
    diagnoseFile(model, target.file, hm, { helmVersion: VERSION });
    times.push(ms(t0));
  }
  return { p50: median(times), p95: percentile(times, 95), max: Math.max(...times), file: path.relative(root, target.file) };
}

/** A chart of `n` templates: one in four holds a hook Job, the others Deployments, Services and ConfigMaps. */
function generateChart(dir: string, n: number): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: generated\nversion: 0.1.0\n');
  fs.writeFileSync(path.join(dir, 'values.yaml'), 'image: alpine:3.20\nenabled: true\n');
  fs.writeFileSync(path.join(dir, 'templates', '_helpers.tpl'), '{{- define "gen.name" -}}{{ .Release.Name }}-gen{{- end }}\n');
  const events = ['pre-install', 'post-install', 'pre-upgrade', 'post-upgrade', 'pre-delete', 'pre-rollback', 'test'];
  for (let i = 0; i < n; i++) {
    let body: string;
    if (i % 4 === 0) {
      const ev = events[i % events.length];
      body = `{{- if .Values.enabled }}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "gen.name" . }}-job-${i}
  labels:
    app.kubernetes.io/name: {{ include "gen.name" . }}
  annotations:
    "helm.sh/hook": ${ev}
    "helm.sh/hook-weight": "${(i * 7) % 11 - 5}"
    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: job
          image: {{ .Values.image }}
          command: ["/bin/sh", "-c", "echo ${i}"]
          env:
          {{- range $k, $v := .Values.env }}
            - name: {{ $k }}
              value: {{ $v | quote }}
          {{- end }}
{{- end }}
`;
    } else if (i % 4 === 1) {
      body = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "gen.name" . }}-dep-${i}
  labels:
    {{- include "gen.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicas | default 1 }}
  selector:
    matchLabels:
      app: dep-${i}
  template:
    metadata:
      labels:
        app: dep-${i}
    spec:
      containers:
        - name: app
          image: {{ .Values.image }}
          ports:
            - containerPort: 8080
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
`;
    } else if (i % 4 === 2) {
      body = `apiVersion: v1
kind: Service
metadata:
  name: {{ include "gen.name" . }}-svc-${i}
spec:
  ports:
    - port: 80
      targetPort: 8080
  selector:
    app: dep-${i - 1}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa-${i}
`;
    } else {
      body = `apiVersion: v1
kind: ConfigMap
metadata:
  name: cm-${i}
data:
  config.yaml: |
${Array.from({ length: 30 }, (_, k) => `    key${k}: value-${i}-${k}`).join('\n')}
`;
    }
    fs.writeFileSync(path.join(dir, 'templates', `t${String(i).padStart(4, '0')}.yaml`), body);
  }
}

function largestCorpusChart(): string | undefined {
  const corpus = process.env.HELM_HOOKS_CORPUS ?? path.resolve(__dirname, '../../../shared/corpus');
  const charts = path.join(corpus, 'charts');
  if (!fs.existsSync(charts)) return undefined;
  let best: { dir: string; n: number } | undefined;
  for (const d of fs.readdirSync(charts)) {
    const dir = path.join(charts, d);
    let n = 0;
    const walk = (p: string) => {
      for (const e of fs.readdirSync(p, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(p, e.name));
        else if (p.includes(`${path.sep}templates`)) n++;
      }
    };
    walk(dir);
    if (!best || n > best.n) best = { dir, n };
  }
  return best?.dir;
}

function row(cells: Array<string | number>): string {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(34) : String(c).padStart(12))).join(' ');
}

function main(): void {
  const generated = path.join(os.tmpdir(), 'helm-hooks-bench-200');
  generateChart(generated, 200);
  const targets: Array<[string, string]> = [['generated, 200 templates', generated]];
  const largest = largestCorpusChart();
  if (largest) targets.unshift([`corpus: ${path.basename(largest).replace(/^.*__/, '')}`, largest]);
  else console.log('(../shared/corpus is absent: only the generated chart is measured)');

  console.log(`Helm Hooks engine benchmark — node ${process.version}, ${os.cpus().length} cores, ${os.platform()}`);
  console.log(row(['chart', 'templates', 'hooks', 'first ms', 'cold ms p50', 'edit p50 ms', 'edit p95 ms']));
  for (const [label, dir] of targets) {
    const first = coldAnalysis(dir);
    const colds = Array.from({ length: 7 }, () => coldAnalysis(dir).ms);
    const edit = editLatency(dir, 200);
    console.log(
      row([label, first.templates, first.hooks, first.ms.toFixed(1), median(colds).toFixed(1), edit.p50.toFixed(2), edit.p95.toFixed(2)]),
    );
  }
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`peak RSS: ${rss.toFixed(0)} MB`);
  console.log('targets: one-line edit to fresh diagnostics < 10 ms (p95); 200-template chart cold < 300 ms');
  console.log('"first ms" includes module load and JIT warm-up in a fresh process; "cold ms" is a new workspace each time.');
  fs.rmSync(generated, { recursive: true, force: true });
}

main();
