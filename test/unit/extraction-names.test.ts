import * as assert from 'assert';
import { analyzeOne, chart, dedent } from '../helpers/fixtures';

describe('extraction: names with templated parts', () => {
  it('keeps a leading include as {{…}} in a document read cheaply (no helm.sh/ text)', () => {
    const d = analyzeOne('kind: ConfigMap\nmetadata:\n  name: {{ include "app.fullname" . }}-config\n');
    assert.strictEqual(d.name, '{{…}}-config');
    assert.strictEqual(d.nameDynamic, true);
  });

  it('keeps a leading include as {{…}} in a hook document', () => {
    const d = analyzeOne(dedent`
      kind: Job
      metadata:
        name: {{ template "app.fullname" . }}-admission-create
        annotations:
          helm.sh/hook: pre-install
    `);
    assert.strictEqual(d.name, '{{…}}-admission-create');
  });

  it('shows a pipeline with trunc and trimSuffix as one {{…}}, not one per action word', () => {
    const d = analyzeOne('kind: Job\nmetadata:\n  name: {{ printf "%s-x" (include "a" .) | trunc 63 | trimSuffix "-" }}\n  annotations:\n    helm.sh/hook: test\n');
    assert.strictEqual(d.name, '{{…}}');
  });

  it('drops a trailing comment and keeps literal text between two actions', () => {
    const d = analyzeOne('kind: Job\nmetadata:\n  name: {{ .Release.Name }}-db-{{ .Values.suffix }} # the migration\n  annotations:\n    helm.sh/hook: test\n');
    assert.strictEqual(d.name, '{{…}}-db-{{…}}');
  });

  it('orders hooks that share a templated prefix by their literal suffixes', () => {
    const job = (name: string) => `kind: Job\nmetadata:\n  name: {{ include "x" . }}-${name}\n  annotations:\n    helm.sh/hook: pre-install\n`;
    const c = chart({ 'templates/a.yaml': job('patch'), 'templates/b.yaml': job('create') });
    const names = c.order(4, 'install').commands.install!.steps.find((s) => s.id === 'pre-install')!.items.map((i) => i.name);
    assert.deepStrictEqual(names, ['{{…}}-create', '{{…}}-patch']);
  });
});
