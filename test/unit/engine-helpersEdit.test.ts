import * as assert from 'assert';
import { ChartWorkspace, diagnoseFile, memoryFileSystem } from '../../server/src/engine';

/**
 * The static reading of a template depends on its own text only: an edit of `_helpers.tpl` (or of any file without
 * manifests: NOTES.txt, a file under files/) re-reads that file alone, and every other template keeps its analysis
 * (the same objects), whatever the helpers define and however the templates use them.
 */
function workspace() {
  const files: Record<string, string> = {
    '/ws/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
    '/ws/app/values.yaml': 'job:\n  enabled: true\n',
    '/ws/app/templates/_helpers.tpl': '{{- define "app.fullname" -}}{{ .Release.Name }}-app{{- end -}}\n{{- define "app.create" -}}{{ .Values.job.enabled }}{{- end -}}\n',
    '/ws/app/templates/NOTES.txt': 'Installed {{ include "app.fullname" . }}\n',
    '/ws/app/templates/job.yaml':
      '{{- if include "app.create" . }}\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ include "app.fullname" . }}-migrate\n  annotations:\n    helm.sh/hook: pre-install\nspec:\n  template:\n    spec:\n      serviceAccountName: {{ include "app.fullname" . }}\n{{- end }}\n',
    '/ws/app/templates/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ include "app.fullname" . }}\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "-1"\n',
    '/ws/app/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n',
  };
  const ws = new ChartWorkspace(memoryFileSystem(files));
  const m = ws.modelFor('/ws/app')!;
  // Warm everything a session computes: the order and every file's diagnostics (pod references included).
  const warm = () => {
    const hm = ws.hookModel(m, 4);
    for (const t of m.templates) diagnoseFile(m, t.file, hm, { helmVersion: 4 });
    return hm;
  };
  return { files, ws, m, warm };
}

describe('engine: an edit of a file without manifests re-reads that file only', () => {
  for (const file of ['templates/_helpers.tpl', 'templates/NOTES.txt']) {
    it(`${file}: every template's analysis is the same object after the edit`, () => {
      const { files, ws, m, warm } = workspace();
      const hmBefore = warm();
      const before = m.fileDocuments();
      const manifests = m.templates.filter((t) => t.role === 'manifest').map((t) => m.analyzeFile(t));
      const path = `/ws/app/${file}`;
      files[path] = files[path].replace('-app', '-renamed').replace('Installed', 'Ready:');
      ws.fileChanged(path);
      const hmAfter = warm();
      const after = m.fileDocuments();
      assert.strictEqual(after.length, before.length);
      after.forEach((docs, i) => assert.strictEqual(docs, before[i], `documents of template ${i} reused`));
      m.templates.filter((t) => t.role === 'manifest').forEach((t, i) => assert.strictEqual(m.analyzeFile(t), manifests[i], `analysis of ${t.helmPath} reused`));
      hmAfter.hooks.forEach((h, i) => assert.strictEqual(h, hmBefore.hooks[i], 'hook items reused'));
      assert.deepStrictEqual(hmAfter.hooks.map((h) => [h.kind, h.name, h.conditional]), [
        ['ServiceAccount', '{{…}}', false],
        ['Job', '{{…}}-migrate', true],
      ]);
    });
  }

  it('an edit of a manifest re-reads that manifest only', () => {
    const { files, ws, m, warm } = workspace();
    warm();
    const before = m.fileDocuments();
    files['/ws/app/templates/cm.yaml'] = files['/ws/app/templates/cm.yaml'].replace('plain', 'plain2');
    ws.fileChanged('/ws/app/templates/cm.yaml');
    warm();
    const after = m.fileDocuments();
    const changed = after.map((d, i) => d !== before[i]);
    const cmIndex = m.templates.filter((t) => t.role === 'manifest').findIndex((t) => t.file.endsWith('/cm.yaml'));
    assert.deepStrictEqual(changed, after.map((_, i) => i === cmIndex));
  });
});
