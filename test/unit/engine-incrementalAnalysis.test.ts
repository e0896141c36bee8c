/**
 * An edited file is analysed again reusing the untouched documents' analyses, moved by the edit. After any sequence
 * of edits the masked text, the analyses, the hook model (lines included) and the diagnostics must equal a fresh
 * analysis.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import { ChartWorkspace, diagnoseFile, memoryFileSystem } from '../../server/src/engine';
import { maskTemplate } from '../../server/src/engine/documents/templateMask';
import { corpusTemplates } from '../fuzz/fuzzKit';
import { analysisData } from '../helpers/headReading';

const ROOT = '/w/chart';
const FILE = `${ROOT}/templates/many.yaml`;

/** A file of many small documents: hooks and resources, some inside `if` blocks, with actions in values. */
function seedFile(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    const hook = i % 2 === 0;
    const body = [
      'apiVersion: batch/v1',
      `kind: ${hook ? 'Job' : 'ConfigMap'}`,
      'metadata:',
      `  name: {{ .Release.Name }}-d${i}`,
      '  labels:',
      `    app: a${i}`,
      ...(hook ? ['  annotations:', `    "helm.sh/hook": ${i % 4 ? 'pre-install' : 'post-upgrade,pre-instal'}`, `    "helm.sh/hook-weight": "${i % 3}"`] : []),
      'data:',
      `  k: {{ .Values.v${i} | quote }}`,
    ].join('\n');
    docs.push(i % 5 === 3 ? `{{- if .Values.on${i} }}\n${body}\n{{- end }}` : body);
  }
  return docs.join('\n---\n') + '\n';
}

const TOKENS = ['x', ' ', '\n', '#', '"', '-', '5', '{{ .Values.z }}', '{{- if .Values.q }}', '{{ end }}', '{{ $v := 1 }}', '\n---\n', 'pre-upgrade', '{{', '}}'];

function fresh(text: string) {
  const ws = new ChartWorkspace(memoryFileSystem({ [`${ROOT}/Chart.yaml`]: 'apiVersion: v2\nname: c\nversion: 1.0.0\n', [FILE]: text }));
  const m = ws.modelFor(FILE)!;
  const t = m.template(FILE)!;
  const hm = ws.hookModel(m, 4);
  return { docs: m.analyzeFile(t).documents, hm, diagnostics: diagnoseFile(m, FILE, hm, { helmVersion: 4 }) };
}

function check(seeds: string[], runs: number): { edits: number; reused: number } {
  let edits = 0;
  let reused = 0;
  fc.assert(
    fc.property(
      fc.nat({ max: seeds.length - 1 }),
      fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.nat({ max: 6 }), insert: fc.constantFrom(...TOKENS) }), { minLength: 1, maxLength: 8 }),
      (seed, steps) => {
        const files: Record<string, string> = { [`${ROOT}/Chart.yaml`]: 'apiVersion: v2\nname: c\nversion: 1.0.0\n', [FILE]: seeds[seed] };
        const ws = new ChartWorkspace(memoryFileSystem(files));
        const m = ws.modelFor(FILE)!;
        diagnoseFile(m, FILE, ws.hookModel(m, 4), { helmVersion: 4 });
        for (const s of steps) {
          const text = files[FILE];
          const at = Math.floor(s.at * text.length);
          files[FILE] = text.slice(0, at) + s.insert + text.slice(at + s.del);
          const before = m.analyzeFile(m.template(FILE)!).documents;
          ws.fileChanged(FILE);
          const hm = ws.hookModel(m, 4);
          const fa = m.analyzeFile(m.template(FILE)!);
          const docs = fa.documents;
          const masked = maskTemplate(files[FILE]);
          assert.strictEqual(fa.masked?.masked, masked.masked);
          assert.deepStrictEqual(fa.masked?.actions, masked.actions);
          assert.deepStrictEqual(fa.masked?.blocks, masked.blocks);
          const diagnostics = diagnoseFile(m, FILE, hm, { helmVersion: 4 });
          edits++;
          reused += docs.filter((d) => before.includes(d)).length;
          const want = fresh(files[FILE]);
          assert.deepStrictEqual(docs.map(analysisData), want.docs.map(analysisData));
          assert.deepStrictEqual(docs.map((d) => d.doc.span), want.docs.map((d) => d.doc.span));
          assert.ok(docs.every((d) => d.doc.text === files[FILE] || d.doc.template?.source === files[FILE]), 'every document points at the new text');
          assert.deepStrictEqual(hm.hooks, want.hm.hooks);
          assert.deepStrictEqual(hm.resources, want.hm.resources);
          assert.deepStrictEqual(hm.dropped, want.hm.dropped);
          assert.deepStrictEqual(diagnostics, want.diagnostics);
        }
      },
    ),
    { numRuns: runs, seed: 99 },
  );
  return { edits, reused };
}

describe('engine: incremental re-analysis of an edited file', () => {
  it('equals a fresh analysis after random edits of a 40-document file (hooks, if blocks, actions)', function () {
    this.timeout(120_000);
    const { edits, reused } = check([seedFile(40)], 150);
    console.log(`      ${edits} edits, ${reused} document analyses reused`);
    assert.ok(reused > edits * 10, 'untouched documents were reused, not read again');
  });

  const corpus = corpusTemplates(400)?.filter((t) => t.text.includes('helm.sh/hook') && (t.text.match(/^---/gm)?.length ?? 0) >= 1);
  it(
    corpus ? `equals a fresh analysis after random edits of ${corpus.length} multi-document corpus hook templates` : 'equals a fresh analysis after edits of corpus templates (../shared/corpus is absent: nothing to edit)',
    function () {
      this.timeout(120_000);
      if (!corpus) return;
      const { edits } = check(
        corpus.map((t) => t.text),
        200,
      );
      assert.ok(edits > 0);
    },
  );
});
