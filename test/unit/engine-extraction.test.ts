import * as assert from 'assert';
import { analyze, analyzeOne, dedent, diagnoseTemplate } from '../helpers/fixtures';

describe('engine: hook extraction', () => {
  it('reads kind, name, events, weight and policies of a literal hook', () => {
    const d = analyzeOne(dedent`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: db-migrate
        annotations:
          helm.sh/hook: pre-install,pre-upgrade
          helm.sh/hook-weight: "-5"
          helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
          helm.sh/hook-output-log-policy: hook-failed
    `);
    assert.strictEqual(d.kind, 'Job');
    assert.strictEqual(d.name, 'db-migrate');
    assert.deepStrictEqual(d.hook?.events, ['pre-install', 'pre-upgrade']);
    assert.strictEqual(d.hook?.weight, -5);
    assert.deepStrictEqual(d.hook?.deletePolicies, ['before-hook-creation', 'hook-succeeded']);
    assert.deepStrictEqual(d.hook?.outputLogPolicies, ['hook-failed']);
    assert.strictEqual(d.hook?.dropped, false);
    assert.strictEqual(d.conditional, false);
  });

  it('a resource without helm.sh/hook is not a hook', () => {
    const d = analyzeOne('kind: ConfigMap\nmetadata:\n  name: cm\n  annotations:\n    helm.sh/resource-policy: keep\n');
    assert.strictEqual(d.hook, undefined);
    assert.strictEqual(d.kind, 'ConfigMap');
  });

  it('trims and lower-cases events like Helm, and reads test-success as test', () => {
    const d = analyzeOne('kind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: " Pre-Install ,TEST-SUCCESS"\n');
    assert.deepStrictEqual(d.hook?.events, ['pre-install', 'test']);
  });

  it('keeps a duplicated event twice (the hook runs twice)', () => {
    const d = analyzeOne('kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install,pre-install\n');
    assert.deepStrictEqual(d.hook?.events, ['pre-install', 'pre-install']);
  });

  it('a typo in one event drops the whole resource', () => {
    const d = analyzeOne('kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install,post-instal\n');
    assert.strictEqual(d.hook?.dropped, true);
    assert.deepStrictEqual(d.hook?.events, []);
    assert.match(d.hook?.dropReason ?? '', /post-instal/);
  });

  it('an empty item from a trailing comma drops the whole resource', () => {
    const d = analyzeOne('kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install,\n');
    assert.strictEqual(d.hook?.dropped, true);
  });

  it('reads every document of a multi-document file', () => {
    const docs = analyze(dedent`
      kind: ServiceAccount
      metadata:
        name: sa
        annotations:
          helm.sh/hook: pre-install
      ---
      kind: Job
      metadata:
        name: job
        annotations:
          helm.sh/hook: pre-install
          helm.sh/hook-weight: "1"
      ---
      kind: ConfigMap
      metadata:
        name: plain
    `);
    assert.deepStrictEqual(
      docs.map((d) => [d.doc.index, d.kind, d.name, d.hook?.weight]),
      [
        [0, 'ServiceAccount', 'sa', 0],
        [1, 'Job', 'job', 1],
        [2, 'ConfigMap', 'plain', undefined],
      ],
    );
  });

  it('a leading --- and an empty document between separators produce no resource', () => {
    const docs = analyze('---\n# only a comment\n---\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: test\n---\n');
    assert.deepStrictEqual(docs.filter((d) => !d.empty).map((d) => d.name), ['j']);
  });

  it('a commented-out hook annotation is not a hook', () => {
    const d = analyzeOne('kind: Job\nmetadata:\n  name: j\n  annotations:\n    # helm.sh/hook: pre-install\n    a: b\n');
    assert.strictEqual(d.hook, undefined);
  });

  it('a comment after the value is not part of it', () => {
    const d = analyzeOne('kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install # runs first\n    helm.sh/hook-weight: "3" # three\n');
    assert.deepStrictEqual(d.hook?.events, ['pre-install']);
    assert.strictEqual(d.hook?.weight, 3);
  });

  it('reads annotations written as a flow mapping', () => {
    const d = analyzeOne('kind: Job\nmetadata:\n  name: j\n  annotations: {"helm.sh/hook": pre-install, "helm.sh/hook-weight": "2"}\n');
    assert.deepStrictEqual(d.hook?.events, ['pre-install']);
    assert.strictEqual(d.hook?.weight, 2);
  });

  it('reads a whole document written in flow style', () => {
    const d = analyzeOne('{kind: Job, metadata: {name: j, annotations: {helm.sh/hook: post-install}}}\n');
    assert.strictEqual(d.kind, 'Job');
    assert.strictEqual(d.name, 'j');
    assert.deepStrictEqual(d.hook?.events, ['post-install']);
  });

  it('reads quoted keys, single and double', () => {
    const d = analyzeOne(`kind: Job\nmetadata:\n  name: j\n  annotations:\n    "helm.sh/hook": "post-upgrade"\n    'helm.sh/hook-weight': '7'\n`);
    assert.deepStrictEqual(d.hook?.events, ['post-upgrade']);
    assert.strictEqual(d.hook?.weight, 7);
  });

  it('reads a hook from a file with CRLF line breaks', () => {
    const d = analyzeOne('kind: Job\r\nmetadata:\r\n  name: j\r\n  annotations:\r\n    helm.sh/hook: pre-delete\r\n    helm.sh/hook-weight: "4"\r\n');
    assert.deepStrictEqual(d.hook?.events, ['pre-delete']);
    assert.strictEqual(d.hook?.weight, 4);
    assert.strictEqual(d.name, 'j');
  });

  it('a templated event value is dynamic, not an unknown event', () => {
    const src = 'kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: {{ .Values.hookEvents | quote }}\n';
    const d = analyzeOne(src);
    assert.strictEqual(d.hook?.dropped, false);
    assert.strictEqual(d.hook?.dynamic, true);
    assert.deepStrictEqual(diagnoseTemplate(src).diagnostics, []);
  });

  it('a templated part of the event list is skipped; the literal part is still read', () => {
    const d = analyzeOne('kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install,{{ .Values.extraEvent }}\n');
    assert.strictEqual(d.hook?.dropped, false);
    assert.deepStrictEqual(d.hook?.events, ['pre-install']);
    assert.strictEqual(d.hook?.dynamic, true);
  });

  it('a templated weight is dynamic: no diagnostic, weight unknown (0)', () => {
    const src = 'kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: {{ .Values.weight | quote }}\n';
    const d = analyzeOne(src);
    assert.strictEqual(d.hook?.dynamic, true);
    assert.strictEqual(d.hook?.weightInvalid, false);
    assert.deepStrictEqual(diagnoseTemplate(src).diagnostics, []);
  });

  it('a hook inside {{ if }} is conditional, with the condition', () => {
    const d = analyzeOne(dedent`
      {{- if .Values.migrations.enabled }}
      kind: Job
      metadata:
        name: j
        annotations:
          helm.sh/hook: pre-upgrade
      {{- end }}
    `);
    assert.strictEqual(d.conditional, true);
    assert.strictEqual(d.condition, 'if .Values.migrations.enabled');
  });

  it('only the documents inside the {{ if }} are conditional', () => {
    const docs = analyze(dedent`
      kind: ServiceAccount
      metadata:
        name: always
      ---
      {{- if .Values.x }}
      kind: Job
      metadata:
        name: sometimes
        annotations:
          helm.sh/hook: pre-install
      {{- end }}
    `);
    assert.deepStrictEqual(docs.map((d) => [d.name, d.conditional]), [['always', false], ['sometimes', true]]);
  });

  it('a hook with generateName and no name has the empty name', () => {
    const d = analyzeOne('kind: Job\nmetadata:\n  generateName: migrate-\n  annotations:\n    helm.sh/hook: pre-install\n');
    assert.strictEqual(d.name, '');
    assert.strictEqual(d.nameDynamic, false);
  });

  it('a name built with include shows the templated part as {{…}}', () => {
    const d = analyzeOne('kind: Job\nmetadata:\n  name: {{ include "app.fullname" . }}-migrate\n  annotations:\n    helm.sh/hook: pre-install\n');
    assert.strictEqual(d.name, '{{…}}-migrate');
    assert.strictEqual(d.nameDynamic, true);
  });

  it('a quoted name with a templated middle keeps its literal parts', () => {
    const d = analyzeOne('kind: Job\nmetadata:\n  name: "db-{{ .Release.Name }}-migrate"\n  annotations:\n    helm.sh/hook: pre-install\n');
    assert.strictEqual(d.name, 'db-{{…}}-migrate');
  });

  it('a fully templated name is {{…}}', () => {
    const d = analyzeOne('kind: Job\nmetadata:\n  name: {{ .Values.name }}\n  annotations:\n    helm.sh/hook: pre-install\n');
    assert.strictEqual(d.name, '{{…}}');
    assert.strictEqual(d.nameDynamic, true);
  });

  it('annotations written by toYaml make the block dynamic', () => {
    const d = analyzeOne('kind: Job\nmetadata:\n  name: j\n  annotations:\n    {{- toYaml .Values.annotations | nindent 4 }}\n');
    assert.strictEqual(d.annotationsDynamic, true);
    assert.strictEqual(d.hook, undefined);
  });

  it('reads annotations built with dict inside an action (indirect)', () => {
    const d = analyzeOne(dedent`
      {{- $ann := dict "helm.sh/hook" "pre-upgrade" "helm.sh/hook-weight" "3" }}
      kind: Job
      metadata:
        name: j
        annotations: {{- toYaml $ann | nindent 4 }}
    `);
    assert.deepStrictEqual(d.hook?.events, ['pre-upgrade']);
    assert.strictEqual(d.hook?.weight, 3);
    assert.strictEqual(d.hook?.entry.indirect, true);
  });

  it('the helm.sh/hook key is case-sensitive: Helm.sh/hook is not a hook', () => {
    const d = analyzeOne('kind: Job\nmetadata:\n  name: j\n  annotations:\n    Helm.sh/hook: pre-install\n');
    assert.strictEqual(d.hook, undefined);
  });

  it('a Pod hook records its restartPolicy', () => {
    const d = analyzeOne('kind: Pod\nmetadata:\n  name: p\n  annotations:\n    helm.sh/hook: test\nspec:\n  restartPolicy: Never\n  containers: []\n');
    assert.strictEqual(d.restartPolicy?.value, 'Never');
  });
});
