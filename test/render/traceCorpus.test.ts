/**
 * The renderer's trace on real charts of ../shared/corpus: every document it prints maps to a template file of the
 * chart and a line of it where that document plausibly starts — the document's first characters are that line's
 * literal text, or that line holds the action that printed them — and every printed action's output maps to an
 * action (`{{`) in its template. Charts with helpers everywhere (Bitnami), subcharts and values variants.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { nodeFileSystem } from '../../server/src/engine/render/nodeFileSystem';
import { RenderBudget } from '../../server/src/engine/render/budget';
import { renderChart, type DocumentTrace, type TracedPlace } from '../../server/src/engine/render/index';

const CORPUS = process.env.HELM_HOOKS_CORPUS ?? path.resolve(__dirname, '../../../../shared/corpus');
const present = fs.existsSync(path.join(CORPUS, 'charts'));

/** Chart and values variant (a file of the corpus' values/ folder). */
const RUNS: Array<[string, string | undefined]> = [
  ['prometheus-community+helm-charts__kube-prometheus-stack', undefined],
  ['bitnami+charts__keycloak', 'config-cli.yaml'],
  ['bitnami+charts__postgresql', 'password-update-job.yaml'],
  ['argoproj+argo-helm__argo-cd', undefined],
  ['grafana+helm-charts__loki-stack', undefined],
];

/** The chart's files below a Helm template path: `<chart>/charts/<sub>/templates/x.yaml` (subcharts by folder name). */
function fileOf(chartDir: string, helmPath: string): string {
  return path.join(chartDir, ...helmPath.split('/').slice(1));
}

const texts = new Map<string, string[] | undefined>();
function lineOf(chartDir: string, p: TracedPlace): string | undefined {
  const f = fileOf(chartDir, p.path);
  if (!texts.has(f)) texts.set(f, fs.existsSync(f) ? fs.readFileSync(f, 'utf8').split('\n') : undefined);
  return texts.get(f)?.[p.line - 1];
}

/** Whether `character` of `line` is inside a `{{ … }}` (its pipeline). */
function insideAction(line: string, character: number): boolean {
  const before = line.slice(0, character);
  return before.lastIndexOf('{{') > before.lastIndexOf('}}');
}

describe('trace on the corpus: documents and actions map to their template lines', function () {
  if (!present) {
    it('reports that the corpus is absent', () => {
      // eslint-disable-next-line no-console
      console.log(`  The shared corpus was not found at ${CORPUS} (set HELM_HOOKS_CORPUS to point at it): trace corpus test not run.`);
      assert.strictEqual(present, false);
    });
    return;
  }
  this.timeout(300000);

  for (const [id, variant] of RUNS) {
    it(`${id}${variant ? `@${variant}` : ''}`, () => {
      const chartDir = path.join(CORPUS, 'charts', id);
      const valuesFiles = variant ? [{ name: variant, text: fs.readFileSync(path.join(CORPUS, 'values', `${id}@${variant}`), 'utf8') }] : undefined;
      const r = renderChart(nodeFileSystem, chartDir, {
        helmVersion: '4',
        releaseName: 'rel',
        namespace: 'ns',
        valuesFiles,
        trace: true,
        budget: new RenderBudget({ timeoutMs: 120000 }),
      });
      assert.ok(r.ok, r.ok ? '' : r.message);
      assert.ok(r.trace && r.trace.length === r.documents.length, 'a trace entry per document');
      let traced = 0;
      let actions = 0;
      r.documents.forEach((d, i) => {
        const t: DocumentTrace | undefined = r.trace![i];
        if (d.path.includes('/crds/')) return; // CRDs are not templates: not traced
        assert.ok(t, `${d.path}: traced`);
        traced++;
        const line = lineOf(chartDir, t.start);
        assert.ok(line !== undefined, `${d.path}: ${t.start.path}:${t.start.line} is a line of a chart file`);
        const first = t.segments[0];
        if (first.action === undefined) {
          // literal text: the document's first characters are the template's, at that place
          const n = Math.min(first.end - first.start, d.content.indexOf('\n') < 0 ? d.content.length : d.content.indexOf('\n'), 40);
          assert.strictEqual(line.slice(t.start.character, t.start.character + n), d.content.slice(0, n), `${d.path} starts at ${t.start.path}:${t.start.line}`);
        } else {
          assert.ok(insideAction(line, t.start.character), `${d.path}: its first text comes from an action at ${t.start.path}:${t.start.line}: ${line}`);
        }
        for (const s of t.segments) {
          if (s.action === undefined) continue;
          actions++;
          const at = lineOf(chartDir, s);
          assert.ok(at !== undefined && insideAction(at, s.character), `${d.path}: action ${s.action} at ${s.path}:${s.line}:${s.character}`);
          for (const inc of s.includes ?? []) {
            for (const x of inc.actions) {
              if (x.action === undefined) continue;
              const inner = lineOf(chartDir, x);
              assert.ok(inner !== undefined && insideAction(inner, x.character), `define ${inc.name}: action ${x.action} at ${x.path}:${x.line}:${x.character}`);
            }
          }
        }
      });
      assert.ok(traced > 0 && actions > 0, `${traced} documents and ${actions} actions traced`);
    });
  }
});
