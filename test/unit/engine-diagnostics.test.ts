import * as assert from 'assert';
import { DIAGNOSTIC_CODES, type DiagnosticCode, type HookDiagnostic } from '../../server/src/engine';
import { applyFix, caret, chart, dedent, diagnoseTemplate, textAt, type DiagnoseOptions } from '../helpers/fixtures';

/** A Job hook with the given annotation lines (written as they appear under `annotations:`). */
function job(...annotations: string[]): string {
  return 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n' + annotations.map((a) => `    ${a}\n`).join('');
}

/** Applies the diagnostic's preferred fix, checks the text, and checks that the diagnostic is gone afterwards. */
function assertFixed(text: string, d: HookDiagnostic, expected: string, opts: DiagnoseOptions = {}): void {
  const fixed = applyFix(text, d);
  assert.strictEqual(fixed, expected);
  const again = diagnoseTemplate(fixed, opts).withCode(d.code);
  assert.deepStrictEqual(again.map((x) => x.message), [], `${d.code} is gone after the fix`);
}

function codes(ds: HookDiagnostic[]): string[] {
  return ds.map((d) => d.code);
}

interface Mistake {
  /** Chart files with the mistake in `file`. */
  files: Record<string, string>;
  /** The same files written correctly. */
  correct: Record<string, string>;
  file: string;
}

const single = (wrong: string, right: string): Mistake => ({
  files: { 'templates/hook.yaml': wrong },
  correct: { 'templates/hook.yaml': right },
  file: 'templates/hook.yaml',
});

const crd = (annotations: string) => `kind: CustomResourceDefinition\nmetadata:\n  name: w.example.com\n${annotations}`;
const cm = (...annotations: string[]) => 'kind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n' + annotations.map((a) => `    ${a}\n`).join('');
const pod = (restart: string) => `kind: Pod\nmetadata:\n  name: p\n  annotations:\n    helm.sh/hook: test\nspec:\n  restartPolicy: ${restart}\n`;

/** A Job hook whose pod spec holds `podSpec` (lines written at the pod spec's indentation, 6 spaces). */
const podJob = (name: string, events: string, podSpec: string, weight = '0') =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\n  annotations:\n    helm.sh/hook: ${events}\n    helm.sh/hook-weight: "${weight}"\n` +
  `spec:\n  template:\n    spec:\n      restartPolicy: Never\n${podSpec}`;
const envFromCm = (name: string) => `      containers:\n        - name: c\n          image: alpine\n          envFrom:\n            - configMapRef:\n                name: ${name}\n`;
const plainCm = (name: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}data:\n  a: "1"\n`;
const hookCm = (name: string, events: string, weight: string) =>
  plainCm(name, `  annotations:\n    helm.sh/hook: ${events}\n    helm.sh/hook-weight: "${weight}"\n`);
const saAt = (name: string, weight: string) =>
  `kind: ServiceAccount\nmetadata:\n  name: ${name}\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "${weight}"\n`;
const jobTtl = (ttl: string) => job('helm.sh/hook: test') + `spec:\n  ttlSecondsAfterFinished: ${ttl}\n`;

/**
 * One mistake and its correct form for every code: the compiler insists that no code is left out. The `argocd-*`
 * codes come from the Argo CD target and have their own tests (test/unit/argocd.test.ts); `render-failed` comes
 * from a render, not the template text (test/cli/cli.test.ts, `lint` on a chart that does not render).
 */
const MISTAKES: Record<Exclude<DiagnosticCode, `argocd-${string}` | 'render-failed'>, Mistake> = {
  'unknown-hook-event': single(job('helm.sh/hook: pre-instal'), job('helm.sh/hook: pre-install')),
  'empty-hook-event': single(job('helm.sh/hook: pre-install,'), job('helm.sh/hook: pre-install')),
  'removed-hook-event': single(job('helm.sh/hook: crd-install'), job('helm.sh/hook: pre-install')),
  'deprecated-hook-event': single(job('helm.sh/hook: test-success'), job('helm.sh/hook: test')),
  'duplicate-hook-event': single(job('helm.sh/hook: test,test'), job('helm.sh/hook: test')),
  'invalid-hook-weight': single(job('helm.sh/hook: test', 'helm.sh/hook-weight: " 5"'), job('helm.sh/hook: test', 'helm.sh/hook-weight: "5"')),
  'hook-weight-out-of-range': single(
    job('helm.sh/hook: test', 'helm.sh/hook-weight: "9223372036854775808"'),
    job('helm.sh/hook: test', 'helm.sh/hook-weight: "9223372036854775807"'),
  ),
  'non-string-annotation': single(job('helm.sh/hook: test', 'helm.sh/hook-weight: 5'), job('helm.sh/hook: test', 'helm.sh/hook-weight: "5"')),
  'unknown-delete-policy': single(
    job('helm.sh/hook: test', 'helm.sh/hook-delete-policy: before-hook-creation,hook-succeded'),
    job('helm.sh/hook: test', 'helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded'),
  ),
  'unknown-output-log-policy': single(
    job('helm.sh/hook: test', 'helm.sh/hook-output-log-policy: hook-fail'),
    job('helm.sh/hook: test', 'helm.sh/hook-output-log-policy: hook-failed'),
  ),
  'output-log-policy-unsupported-kind': single(
    cm('helm.sh/hook: test', 'helm.sh/hook-output-log-policy: hook-failed'),
    job('helm.sh/hook: test', 'helm.sh/hook-output-log-policy: hook-failed'),
  ),
  'hook-annotation-without-hook': single(cm('helm.sh/hook-weight: "1"'), cm('helm.sh/hook: test', 'helm.sh/hook-weight: "1"')),
  'unknown-hook-annotation': single(job('helm.sh/hook: test', 'helm.sh/hook-wieght: "1"'), job('helm.sh/hook: test', 'helm.sh/hook-weight: "1"')),
  'invalid-resource-policy': single(cm('helm.sh/resource-policy: retain'), cm('helm.sh/resource-policy: keep')),
  'hook-pod-never-completes': single(pod('Always'), pod('Never')),
  // The Job needs the ConfigMap, and only the names put the ConfigMap first.
  'same-weight-tie-by-name': {
    files: { 'templates/cm.yaml': hookCm('a-config', 'pre-install', '0'), 'templates/job.yaml': podJob('migrate', 'pre-install', envFromCm('a-config')) },
    correct: { 'templates/cm.yaml': hookCm('a-config', 'pre-install', '0'), 'templates/job.yaml': podJob('migrate', 'pre-install', envFromCm('a-config'), '1') },
    file: 'templates/job.yaml',
  },
  'hook-in-crds-folder': {
    files: { 'crds/w.yaml': crd('  annotations:\n    helm.sh/hook: crd-install\n') },
    correct: { 'crds/w.yaml': crd('') },
    file: 'crds/w.yaml',
  },
  'hook-needs-release-resource': {
    files: { 'templates/cm.yaml': plainCm('settings'), 'templates/job.yaml': podJob('migrate', 'pre-install', envFromCm('settings')) },
    correct: { 'templates/cm.yaml': hookCm('settings', 'pre-install', '-1'), 'templates/job.yaml': podJob('migrate', 'pre-install', envFromCm('settings')) },
    file: 'templates/job.yaml',
  },
  'hook-runs-before-its-dependency': {
    files: { 'templates/sa.yaml': saAt('app-sa', '1'), 'templates/job.yaml': podJob('migrate', 'pre-install', '      serviceAccountName: app-sa\n') },
    correct: { 'templates/sa.yaml': saAt('app-sa', '-1'), 'templates/job.yaml': podJob('migrate', 'pre-install', '      serviceAccountName: app-sa\n') },
    file: 'templates/job.yaml',
  },
  'hook-leftover-blocks-next-run': single(
    job('helm.sh/hook: test', 'helm.sh/hook-delete-policy: hook-succeeded'),
    job('helm.sh/hook: test', 'helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded'),
  ),
  'hook-job-ttl': single(jobTtl('0'), jobTtl('600')),
  'crd-hook-never-deleted': single(
    crd('  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-delete-policy: hook-succeeded\n'),
    crd('  annotations:\n    helm.sh/hook: pre-install\n'),
  ),  // How Helm's YAML reader reads the document (features/renderedSurprises.ts; real Helm: test/render/surprises.test.ts).
  'duplicate-yaml-key': single(
    job('helm.sh/hook: test', 'helm.sh/hook-weight: "1"', 'helm.sh/hook-weight: "2"'),
    job('helm.sh/hook: test', 'helm.sh/hook-weight: "2"'),
  ),
  'yaml-merge-hook-annotation': single(
    'kind: Job\nmetadata:\n  name: migrate\n  labels: &l\n    helm.sh/hook-weight: "2"\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-weight: "5"\n    <<: *l\n',
    'kind: Job\nmetadata:\n  name: migrate\n  labels: &l\n    helm.sh/hook-weight: "2"\n  annotations:\n    <<: *l\n    helm.sh/hook: test\n    helm.sh/hook-weight: "5"\n',
  ),
  'non-string-name': single('kind: Job\nmetadata:\n  name: 007\n  annotations:\n    helm.sh/hook: test\n', 'kind: Job\nmetadata:\n  name: "007"\n  annotations:\n    helm.sh/hook: test\n'),
  'document-end-swallows-hook': single(plainCm('settings') + '...\n' + job('helm.sh/hook: test'), plainCm('settings') + '---\n' + job('helm.sh/hook: test')),
  'hook-in-list': single(
    'apiVersion: v1\nkind: List\nitems:\n- kind: ConfigMap\n  metadata:\n    name: c\n    annotations:\n      helm.sh/hook: test\n',
    'apiVersion: v1\nkind: List\nitems:\n- kind: ConfigMap\n  metadata:\n    name: c\n',
  ),
  'nested-hook-annotation': single(
    'kind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    metadata:\n      annotations:\n        helm.sh/hook: test\n',
    'kind: Job\nmetadata:\n  name: migrate\n  annotations:\n    helm.sh/hook: test\nspec:\n  template:\n    metadata:\n      annotations:\n        sidecar: "off"\n',
  ),
  'hook-never-renders': {
    files: { 'templates/hook-NOTES.txt': job('helm.sh/hook: test') },
    correct: { 'templates/hook-NOTES.txt': 'Installed {{ .Release.Name }}.\n', 'templates/hook.yaml': job('helm.sh/hook: test') },
    file: 'templates/hook-NOTES.txt',
  },
  'chart-yaml-boolean': {
    files: { 'Chart.yaml': 'apiVersion: v2\nname: on\nversion: 0.1.0\n' },
    correct: { 'Chart.yaml': 'apiVersion: v2\nname: "on"\nversion: 0.1.0\n' },
    file: 'Chart.yaml',
  },
};

describe('engine: diagnostics', () => {
  describe('every code', () => {
    for (const [code, m] of Object.entries(MISTAKES) as Array<[DiagnosticCode, Mistake]>) {
      it(`${code}: fires on the mistake with its default severity, not on the correct form`, () => {
        const ds = chart(m.files).diagnose(m.file);
        assert.deepStrictEqual(codes(ds), [code]);
        assert.strictEqual(ds[0].severity, DIAGNOSTIC_CODES[code].severity);
        assert.deepStrictEqual(chart(m.correct).diagnose(m.file), []);
      });
    }
  });

  it('a correct hook has no diagnostic at all', () => {
    const t = diagnoseTemplate(
      job(
        'helm.sh/hook: pre-install,pre-upgrade',
        'helm.sh/hook-weight: "-5"',
        'helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded',
        'helm.sh/hook-output-log-policy: hook-failed',
      ),
    );
    assert.deepStrictEqual(t.diagnostics, []);
  });

  it('every code has a default severity and a description', () => {
    for (const [code, fact] of Object.entries(DIAGNOSTIC_CODES)) {
      assert.ok(['error', 'warning', 'information', 'hint'].includes(fact.severity), code);
      assert.ok(fact.description.length > 10, code);
    }
    assert.strictEqual(DIAGNOSTIC_CODES['deprecated-hook-event'].severity, 'information');
    assert.strictEqual(DIAGNOSTIC_CODES['same-weight-tie-by-name'].severity, 'hint');
  });

  describe('unknown-hook-event', () => {
    it('a typo in an event is an error on that item, saying Helm drops the resource', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-instal'));
      const d = t.only('unknown-hook-event');
      assert.strictEqual(d.severity, 'error');
      assert.strictEqual(t.at(d), 'pre-instal');
      assert.match(d.message, /drops the whole resource/);
      assert.match(d.message, /Did you mean "pre-install"/);
    });

    it('did-you-mean fixes pre-instal to pre-install', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-instal'));
      assertFixed(t.text, t.only('unknown-hook-event'), job('helm.sh/hook: pre-install'));
    });

    it('flags the unknown item of a list, not the whole value', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: "pre-install, post-upgarde"'));
      const d = t.only('unknown-hook-event');
      assert.strictEqual(t.at(d), 'post-upgarde');
      assertFixed(t.text, d, job('helm.sh/hook: "pre-install, post-upgrade"'));
    });

    it('a word far from every event lists the events and offers no fix', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: migrate'));
      const d = t.only('unknown-hook-event');
      assert.match(d.message, /pre-install, post-install/);
      assert.deepStrictEqual(d.fixes, []);
    });

    it('a byte-order mark before an event is not space to Go: the resource is dropped, the fix removes the mark', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: "\ufeffpre-install"'));
      const d = t.only('unknown-hook-event');
      assert.match(d.message, /drops the whole resource/);
      assertFixed(t.text, d, job('helm.sh/hook: "pre-install"'));
    });

    it('events in another case are what Helm reads: no diagnostic', () => {
      assert.deepStrictEqual(diagnoseTemplate(job('helm.sh/hook: Pre-Install, POST-UPGRADE')).diagnostics, []);
    });
  });

  describe('empty-hook-event', () => {
    it('a trailing comma is an error on the comma, and the fix removes it', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install,'));
      const d = t.only('empty-hook-event');
      assert.strictEqual(d.severity, 'error');
      assert.strictEqual(t.at(d), ',');
      assert.match(d.message, /drops the whole resource/);
      assertFixed(t.text, d, job('helm.sh/hook: pre-install'));
    });

    it('a doubled comma is an empty event in the middle', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install,,post-install'));
      assertFixed(t.text, t.only('empty-hook-event'), job('helm.sh/hook: pre-install,post-install'));
    });

    it('an empty string "" drops the resource', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: ""'));
      const d = t.only('empty-hook-event');
      assert.strictEqual(t.at(d), '""');
      assert.match(d.message, /drops the whole resource/);
    });

    it('helm.sh/hook with no value at all (YAML null) reads as "" and drops the resource', () => {
      const t = diagnoseTemplate(job('helm.sh/hook:'));
      assert.strictEqual(t.only('empty-hook-event').severity, 'error');
    });
  });

  describe('removed-hook-event', () => {
    it('crd-install is a Helm 2 event: error, pointing to crds/', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: crd-install'));
      const d = t.only('removed-hook-event');
      assert.strictEqual(d.severity, 'error');
      assert.strictEqual(t.at(d), 'crd-install');
      assert.match(d.message, /drops the whole resource/);
      assert.match(d.message, /crds\//);
      assert.deepStrictEqual(codes(t.diagnostics), ['removed-hook-event'], 'not also an unknown event');
    });

    it('test-failure is a Helm 2 event: error, pointing to test', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: test-failure'));
      const d = t.only('removed-hook-event');
      assert.match(d.message, /single `test` event/);
    });
  });

  describe('deprecated-hook-event', () => {
    it('test-success still works as test: information, with a fix to test', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: test-success'));
      const d = t.only('deprecated-hook-event');
      assert.strictEqual(d.severity, 'information');
      assert.match(d.message, /reads as "test"/);
      assertFixed(t.text, d, job('helm.sh/hook: test'));
    });
  });

  describe('duplicate-hook-event', () => {
    it('an event listed twice is a warning on the second: the hook runs twice', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install,pre-install'));
      const d = t.only('duplicate-hook-event');
      assert.strictEqual(d.severity, 'warning');
      const li = t.text.indexOf('pre-install,') + 'pre-install,'.length;
      assert.strictEqual(t.at(d), 'pre-install');
      assert.strictEqual(textAt(t.text, d.range), t.text.slice(li, li + 'pre-install'.length));
      assert.match(d.message, /twice/);
      assertFixed(t.text, d, job('helm.sh/hook: pre-install'));
    });

    it('duplicates are found after trimming and lower-casing', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: "pre-install, PRE-INSTALL"'));
      assertFixed(t.text, t.only('duplicate-hook-event'), job('helm.sh/hook: "pre-install"'));
    });

    it('test and test-success are the same event', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: test,test-success'));
      assert.strictEqual(t.only('duplicate-hook-event').severity, 'warning');
    });
  });

  describe('invalid-hook-weight', () => {
    it('" 5" has a space strconv.Atoi does not trim: error, Helm uses 0; the fix trims it', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-weight: " 5"'));
      const d = t.only('invalid-hook-weight');
      assert.strictEqual(d.severity, 'error');
      assert.strictEqual(t.at(d), '" 5"');
      assert.match(d.message, /uses weight 0/);
      assertFixed(t.text, d, job('helm.sh/hook: pre-install', 'helm.sh/hook-weight: "5"'));
    });

    it("keeps single quotes when fixing ' 5'", () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', "helm.sh/hook-weight: ' 5'"));
      assertFixed(t.text, t.only('invalid-hook-weight'), job('helm.sh/hook: pre-install', "helm.sh/hook-weight: '5'"));
    });

    it('"5.0" is not an integer: the fix drops the fraction', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-weight: "5.0"'));
      assertFixed(t.text, t.only('invalid-hook-weight'), job('helm.sh/hook: pre-install', 'helm.sh/hook-weight: "5"'));
    });

    for (const raw of ['abc', '1e3', '', '5 ', '1_000', '0x10']) {
      it(`${JSON.stringify(raw)} is not an integer for strconv.Atoi: error, Helm uses 0`, () => {
        const t = diagnoseTemplate(job('helm.sh/hook: pre-install', `helm.sh/hook-weight: ${JSON.stringify(raw)}`));
        const d = t.only('invalid-hook-weight');
        assert.strictEqual(d.severity, 'error');
        assert.match(d.message, /weight 0/);
      });
    }

    for (const raw of ['+5', '-5', '007', '0', '-0', '9223372036854775807']) {
      it(`${JSON.stringify(raw)} parses with strconv.Atoi: no diagnostic`, () => {
        const t = diagnoseTemplate(job('helm.sh/hook: pre-install', `helm.sh/hook-weight: ${JSON.stringify(raw)}`));
        assert.deepStrictEqual(t.diagnostics, []);
      });
    }
  });

  describe('hook-weight-out-of-range', () => {
    it('"9223372036854775808" overflows int64: error, Helm uses 0', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-weight: "9223372036854775808"'));
      const d = t.only('hook-weight-out-of-range');
      assert.strictEqual(d.severity, 'error');
      assert.match(d.message, /weight 0/);
      assert.deepStrictEqual(t.withCode('invalid-hook-weight'), []);
    });

    it('"-9223372036854775809" underflows int64', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-weight: "-9223372036854775809"'));
      assert.strictEqual(t.only('hook-weight-out-of-range').severity, 'error');
    });

    it('the int64 limits themselves are valid', () => {
      for (const raw of ['9223372036854775807', '-9223372036854775808']) {
        const t = diagnoseTemplate(job('helm.sh/hook: pre-install', `helm.sh/hook-weight: "${raw}"`));
        assert.deepStrictEqual(t.diagnostics, [], raw);
      }
    });
  });

  describe('non-string-annotation', () => {
    it('an unquoted weight 5 is a number Kubernetes rejects: error on the value, fix quotes it', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-weight: 5'));
      const d = t.only('non-string-annotation');
      assert.strictEqual(d.severity, 'error');
      assert.strictEqual(t.at(d), '5');
      assert.match(d.message, /Kubernetes rejects/);
      assertFixed(t.text, d, job('helm.sh/hook: pre-install', 'helm.sh/hook-weight: "5"'));
    });

    it('an unquoted 5.0 is only non-string: Helm reads it as 5, not as 0', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-weight: 5.0'));
      assert.deepStrictEqual(codes(t.diagnostics), ['non-string-annotation']);
    });

    it('an unquoted true is a boolean', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-delete-policy: true'));
      const d = t.only('non-string-annotation');
      assert.match(d.message, /boolean/);
      assert.deepStrictEqual(codes(t.diagnostics), ['non-string-annotation'], 'the value is not also an unknown policy');
    });

    it('an unquoted yes is a boolean in YAML 1.1, as Kubernetes reads it', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/resource-policy: yes'));
      const d = t.only('non-string-annotation');
      assert.strictEqual(t.at(d), 'yes');
      assertFixed(t.text, d, job('helm.sh/hook: pre-install', 'helm.sh/resource-policy: "yes"'));
    });

    it('quoted values are strings: no diagnostic', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-weight: "5"', "helm.sh/hook-delete-policy: 'before-hook-creation,hook-succeeded'"));
      assert.deepStrictEqual(t.diagnostics, []);
    });

    it('a list as an annotation value fails the whole render', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: [pre-install]'));
      const d = t.only('non-string-annotation');
      assert.strictEqual(d.severity, 'error');
      assert.match(d.message, /list/);
      assert.match(d.message, /fails to render/);
      assert.deepStrictEqual(t.withCode('empty-hook-event'), [], 'not misread as an empty event');
    });
  });

  describe('unknown-delete-policy', () => {
    it('a typo is an error saying the default before-hook-creation is disabled; the fix corrects it', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-delete-policy: hook-succeded'));
      const d = t.only('unknown-delete-policy');
      assert.strictEqual(d.severity, 'error');
      assert.strictEqual(t.at(d), 'hook-succeded');
      assert.match(d.message, /default before-hook-creation is disabled/);
      assertFixed(t.text, d, job('helm.sh/hook: pre-install', 'helm.sh/hook-delete-policy: hook-succeeded'));
    });

    it('says which known policies stay in effect', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-delete-policy: hook-succeeded,bogus'));
      assert.match(t.only('unknown-delete-policy').message, /in effect: hook-succeeded/);
    });

    it('on Helm 3 an object that is never deleted makes the next run fail with "already exists"', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-delete-policy: bogus'), { helmVersion: 3 });
      assert.match(t.only('unknown-delete-policy').message, /already exists/);
    });

    it('a trailing comma is an empty policy that disables the default; the fix removes the comma', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-delete-policy: hook-failed,'));
      const d = t.only('unknown-delete-policy');
      assert.strictEqual(t.at(d), ',');
      assert.match(d.message, /An empty policy/);
      assertFixed(t.text, d, job('helm.sh/hook: pre-install', 'helm.sh/hook-delete-policy: hook-failed'));
    });

    it('policies are trimmed and lower-cased: " Hook-Succeeded" is known', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-delete-policy: "before-hook-creation, Hook-Succeeded"'));
      assert.deepStrictEqual(t.diagnostics, []);
    });
  });

  describe('unknown-output-log-policy', () => {
    it('a typo is an error Helm ignores; the fix corrects it', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-output-log-policy: hook-fail'));
      const d = t.only('unknown-output-log-policy');
      assert.strictEqual(d.severity, 'error');
      assert.match(d.message, /ignores it/);
      assertFixed(t.text, d, job('helm.sh/hook: pre-install', 'helm.sh/hook-output-log-policy: hook-failed'));
    });

    it('before-hook-creation is a delete policy, not an output-log policy', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-output-log-policy: before-hook-creation'));
      assert.strictEqual(t.only('unknown-output-log-policy').severity, 'error');
    });
  });

  describe('output-log-policy-unsupported-kind', () => {
    it('on a ConfigMap hook the output-log policy has no effect: warning on the key', () => {
      const t = diagnoseTemplate(dedent`
        kind: ConfigMap
        metadata:
          name: settings
          annotations:
            helm.sh/hook: pre-install
            helm.sh/hook-output-log-policy: hook-failed
      `);
      const d = t.only('output-log-policy-unsupported-kind');
      assert.strictEqual(d.severity, 'warning');
      assert.strictEqual(t.at(d), 'helm.sh/hook-output-log-policy');
      assert.match(d.message, /Job and Pod/);
    });

    it('Job and Pod hooks have logs: no diagnostic', () => {
      for (const kind of ['Job', 'Pod']) {
        const t = diagnoseTemplate(
          `kind: ${kind}\nmetadata:\n  name: x\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-output-log-policy: hook-failed\nspec:\n  restartPolicy: Never\n`,
        );
        assert.deepStrictEqual(t.diagnostics, [], kind);
      }
    });
  });

  describe('hook-annotation-without-hook', () => {
    it('a weight on a resource that is not a hook has no effect: warning on the key', () => {
      const t = diagnoseTemplate(dedent`
        kind: ConfigMap
        metadata:
          name: settings
          annotations:
            helm.sh/hook-weight: "5"
            helm.sh/hook-delete-policy: hook-succeeded
      `);
      const ds = t.withCode('hook-annotation-without-hook');
      assert.deepStrictEqual(ds.map((d) => t.at(d)), ['helm.sh/hook-weight', 'helm.sh/hook-delete-policy']);
      assert.ok(ds.every((d) => d.severity === 'warning'));
      assert.match(ds[0].message, /not a hook/);
    });

    it('reported in documents opened or closed inside an if that spans the --- between them', () => {
      // A real chart's pattern: `{{- if }}` … `---` … `{{- end }}`, the `end` being the first line of the next
      // document, and the annotations block the last lines of each document.
      const t = diagnoseTemplate(dedent`
        {{- if .Values.passwordUpdate.enabled }}
        apiVersion: v1
        kind: Secret
        metadata:
          name: previous
          annotations:
            helm.sh/hook-delete-policy: hook-succeeded
        ---
        {{- end }}
        {{- if .Values.passwordUpdate.enabled }}
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: next
          annotations:
            helm.sh/hook-delete-policy: before-hook-creation
        {{- end }}
      `);
      const ds = t.withCode('hook-annotation-without-hook');
      assert.deepStrictEqual(ds.map((d) => t.at(d)), ['helm.sh/hook-delete-policy', 'helm.sh/hook-delete-policy']);
      assert.deepStrictEqual(ds.map((d) => d.range.start.line), [6, 16]);
    });

    it('still not reported when an if inside the annotations block may write helm.sh/hook', () => {
      const t = diagnoseTemplate(dedent`
        kind: Job
        metadata:
          name: j
          annotations:
            {{- if .Values.asHook }}
            helm.sh/hook: pre-install
            {{- end }}
            helm.sh/hook-weight: "1"
      `);
      assert.deepStrictEqual(t.withCode('hook-annotation-without-hook'), []);
    });

    it('not reported when the rest of the annotations come from a template', () => {
      const t = diagnoseTemplate(dedent`
        kind: Job
        metadata:
          name: j
          annotations:
            {{- toYaml .Values.hookAnnotations | nindent 4 }}
            helm.sh/hook-weight: "5"
      `);
      assert.deepStrictEqual(t.withCode('hook-annotation-without-hook'), []);
    });
  });

  describe('unknown-hook-annotation', () => {
    it('helm.sh/hook-wieght is a near miss: warning on the key, fix to helm.sh/hook-weight', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-wieght: "5"'));
      const d = t.only('unknown-hook-annotation');
      assert.strictEqual(d.severity, 'warning');
      assert.strictEqual(t.at(d), 'helm.sh/hook-wieght');
      assert.match(d.message, /ignores it/);
      assertFixed(t.text, d, job('helm.sh/hook: pre-install', 'helm.sh/hook-weight: "5"'));
    });

    it('a quoted key keeps its quotes when fixed', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', '"helm.sh/hook-wieght": "5"'));
      assertFixed(t.text, t.only('unknown-hook-annotation'), job('helm.sh/hook: pre-install', '"helm.sh/hook-weight": "5"'));
    });

    it('helm.sh/hooks is a near miss of helm.sh/hook', () => {
      const t = diagnoseTemplate(job('helm.sh/hooks: pre-install'));
      assertFixed(t.text, t.only('unknown-hook-annotation'), job('helm.sh/hook: pre-install'));
    });

    it('Helm.sh/hook is ignored: keys are case-sensitive', () => {
      const t = diagnoseTemplate(job('Helm.sh/hook: pre-install'));
      const d = t.only('unknown-hook-annotation');
      assert.match(d.message, /case-sensitive/);
      assertFixed(t.text, d, job('helm.sh/hook: pre-install'));
    });

    it('the third-party helm.sh/hook-weights is not flagged', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-weights: "5"'));
      assert.deepStrictEqual(t.diagnostics, []);
    });

    it('helm.sh/chart is not a near miss of helm.sh/hook', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/chart: mychart-0.1.0'));
      assert.deepStrictEqual(t.diagnostics, []);
    });

    it('an unknown helm.sh/hook-… key is flagged even with no near miss', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-timeout: "300"'));
      assert.deepStrictEqual(t.only('unknown-hook-annotation').fixes, []);
    });
  });

  describe('invalid-resource-policy', () => {
    it('anything but keep leaves the resource silently behind: error, fix to keep', () => {
      const t = diagnoseTemplate('kind: Secret\nmetadata:\n  name: s\n  annotations:\n    helm.sh/resource-policy: retain\n');
      const d = t.only('invalid-resource-policy');
      assert.strictEqual(d.severity, 'error');
      assert.strictEqual(t.at(d), 'retain');
      assert.match(d.message, /left behind/);
      assertFixed(t.text, d, 'kind: Secret\nmetadata:\n  name: s\n  annotations:\n    helm.sh/resource-policy: "keep"\n');
    });

    it('keep is trimmed and lower-cased at uninstall: " Keep " is fine', () => {
      const t = diagnoseTemplate('kind: Secret\nmetadata:\n  name: s\n  annotations:\n    helm.sh/resource-policy: " Keep "\n');
      assert.deepStrictEqual(t.diagnostics, []);
    });
  });

  describe('hook-pod-never-completes', () => {
    const pod = (spec: string) => `kind: Pod\nmetadata:\n  name: smoke\n  annotations:\n    helm.sh/hook: test\nspec:\n${spec}`;

    it('restartPolicy Always never succeeds: warning on the value, fix to Never', () => {
      const t = diagnoseTemplate(pod('  restartPolicy: Always\n  containers: []\n'));
      const d = t.only('hook-pod-never-completes');
      assert.strictEqual(d.severity, 'warning');
      assert.strictEqual(t.at(d), 'Always');
      assert.match(d.message, /waits for it until the timeout/);
      assertFixed(t.text, d, pod('  restartPolicy: Never\n  containers: []\n'));
    });

    it('a missing restartPolicy defaults to Always: warning on spec, fix adds Never', () => {
      const t = diagnoseTemplate(pod('  containers:\n    - name: c\n      image: busybox\n'));
      const d = t.only('hook-pod-never-completes');
      assert.strictEqual(t.at(d), 'spec');
      assert.match(d.message, /defaults to Always/);
      assertFixed(t.text, d, pod('  restartPolicy: Never\n  containers:\n    - name: c\n      image: busybox\n'));
    });

    it('the added restartPolicy keeps CRLF line breaks', () => {
      const crlf = (s: string) => s.replace(/\n/g, '\r\n');
      const t = diagnoseTemplate(crlf(pod('  containers: []\n')));
      assertFixed(t.text, t.only('hook-pod-never-completes'), crlf(pod('  restartPolicy: Never\n  containers: []\n')));
    });

    it('Never and OnFailure complete: no diagnostic', () => {
      for (const p of ['Never', 'OnFailure']) {
        assert.deepStrictEqual(diagnoseTemplate(pod(`  restartPolicy: ${p}\n  containers: []\n`)).diagnostics, [], p);
      }
    });

    it('a Job is not flagged (its pods are managed by the Job)', () => {
      const t = diagnoseTemplate('kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: test\nspec:\n  template:\n    spec:\n      containers: []\n');
      assert.deepStrictEqual(t.diagnostics, []);
    });

    it('a templated restartPolicy is not flagged', () => {
      const t = diagnoseTemplate(pod('  restartPolicy: {{ .Values.restartPolicy }}\n  containers: []\n'));
      assert.deepStrictEqual(t.diagnostics, []);
    });

    it('a Pod that is not a hook is not flagged', () => {
      const t = diagnoseTemplate('kind: Pod\nmetadata:\n  name: p\n  annotations:\n    helm.sh/resource-policy: keep\nspec:\n  containers: []\n');
      assert.deepStrictEqual(t.diagnostics, []);
    });
  });

  // Every tie where kind and name order disagree: helmHooks.ties.showAll (by default only ties that matter, engine-ties.test.ts).
  describe('same-weight-tie-by-name with helmHooks.ties.showAll', () => {
    const all = { showAllTies: true };
    const sa = (name: string, weight?: string) =>
      `kind: ServiceAccount\nmetadata:\n  name: ${name}\n  annotations:\n    helm.sh/hook: pre-install\n` + (weight ? `    helm.sh/hook-weight: "${weight}"\n` : '');
    const jobNamed = (name: string) => `kind: Job\nmetadata:\n  name: ${name}\n  annotations:\n    helm.sh/hook: pre-install\n`;

    it('a ServiceAccount z-sa runs after the Job a-job at equal weight: hint on the ServiceAccount', () => {
      const c = chart({ 'templates/sa.yaml': sa('z-sa'), 'templates/job.yaml': jobNamed('a-job') });
      const ds = c.diagnose('templates/sa.yaml', all);
      assert.deepStrictEqual(codes(ds), ['same-weight-tie-by-name']);
      assert.strictEqual(ds[0].severity, 'hint');
      assert.strictEqual(textAt(sa('z-sa'), ds[0].range), 'helm.sh/hook');
      assert.match(ds[0].message, /ServiceAccount "z-sa" runs after Job "a-job"/);
      assert.match(ds[0].message, /by name, not by kind/);
      assert.deepStrictEqual(c.diagnose('templates/job.yaml', all), [], 'the Job is where kind order puts it');
    });

    it('the fix adds a lower weight, and then the hint is gone', () => {
      const c = chart({ 'templates/sa.yaml': sa('z-sa'), 'templates/job.yaml': jobNamed('a-job') });
      const [d] = c.diagnose('templates/sa.yaml', all);
      const fixed = applyFix(sa('z-sa'), d, 0);
      assert.strictEqual(fixed, sa('z-sa', '-1'));
      const c2 = chart({ 'templates/sa.yaml': fixed, 'templates/job.yaml': jobNamed('a-job') });
      assert.deepStrictEqual(c2.diagnose('templates/sa.yaml', all), []);
    });

    it('with a weight already written, the fix lowers it', () => {
      const c = chart({ 'templates/sa.yaml': sa('z-sa', '3'), 'templates/job.yaml': jobNamed('a-job').replace('pre-install\n', 'pre-install\n    helm.sh/hook-weight: "3"\n') });
      const [d] = c.diagnose('templates/sa.yaml', all);
      assert.strictEqual(applyFix(sa('z-sa', '3'), d, 0), sa('z-sa', '2'));
    });

    it('not reported when kind order and name order agree', () => {
      const c = chart({ 'templates/sa.yaml': sa('a-sa'), 'templates/job.yaml': jobNamed('z-job') });
      assert.deepStrictEqual(c.diagnose('templates/sa.yaml', all), []);
    });

    it('not reported when the weights differ', () => {
      const c = chart({ 'templates/sa.yaml': sa('z-sa', '-1'), 'templates/job.yaml': jobNamed('a-job') });
      assert.deepStrictEqual(c.diagnose('templates/sa.yaml', all), []);
    });

    it('the fix edits a weight written inside a dict without adding quotes', () => {
      const indirect = (w: string) =>
        `{{- $ann := dict "helm.sh/hook" "pre-install" "helm.sh/hook-weight" "${w}" }}\n` +
        'kind: ServiceAccount\nmetadata:\n  name: z-sa\n  annotations: {{- toYaml $ann | nindent 4 }}\n';
      const c = chart({ 'templates/sa.yaml': indirect('0'), 'templates/job.yaml': jobNamed('a-job') });
      const [d] = c.diagnose('templates/sa.yaml', all);
      assert.strictEqual(d.code, 'same-weight-tie-by-name');
      assert.strictEqual(applyFix(indirect('0'), d, 0), indirect('-1'));
    });

    it('not reported when either weight is templated', () => {
      const templated = jobNamed('a-job').replace('pre-install\n', 'pre-install\n    helm.sh/hook-weight: {{ .Values.weight | quote }}\n');
      const c = chart({ 'templates/sa.yaml': sa('z-sa'), 'templates/job.yaml': templated });
      assert.deepStrictEqual(c.diagnose('templates/sa.yaml', all), []);
    });

    it('a generateName hook is named as such in the hint', () => {
      const gen = 'kind: Job\nmetadata:\n  generateName: migrate-\n  annotations:\n    helm.sh/hook: pre-install\n';
      const c = chart({ 'templates/sa.yaml': sa('z-sa'), 'templates/job.yaml': gen });
      assert.match(c.diagnose('templates/sa.yaml', all)[0].message, /runs after Job \(generateName/);
    });

    it('reported once for a hook tied in several events', () => {
      const both = (s: string) => s.replace('helm.sh/hook: pre-install', 'helm.sh/hook: pre-install,pre-upgrade');
      const c = chart({ 'templates/sa.yaml': both(sa('z-sa')), 'templates/job.yaml': both(jobNamed('a-job')) });
      const ds = c.diagnose('templates/sa.yaml', all);
      assert.strictEqual(ds.length, 1);
      assert.match(ds[0].message, /In pre-install and pre-upgrade/);
    });

    it('follows the Helm version: a webhook kind is known to Helm 4 only', () => {
      const hook = (kind: string, name: string) => `kind: ${kind}\nmetadata:\n  name: ${name}\n  annotations:\n    helm.sh/hook: pre-install\n`;
      const c = chart({ 'templates/a.yaml': hook('Aardvark', 'a-aardvark'), 'templates/m.yaml': hook('MutatingWebhookConfiguration', 'z-webhook') });
      assert.deepStrictEqual(codes(c.diagnose('templates/m.yaml', { helmVersion: 4, ...all })), ['same-weight-tie-by-name']);
      assert.deepStrictEqual(c.diagnose('templates/m.yaml', { helmVersion: 3, ...all }), [], 'Helm 3: both kinds unknown, alphabetical');
    });
  });

  describe('hook-in-crds-folder', () => {
    it('a hook annotation in crds/ has no effect: warning', () => {
      const crd = 'kind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n  annotations:\n    helm.sh/hook: crd-install\n';
      const c = chart({ 'crds/widgets.yaml': crd });
      const ds = c.diagnose('crds/widgets.yaml');
      assert.deepStrictEqual(codes(ds), ['hook-in-crds-folder']);
      assert.strictEqual(ds[0].severity, 'warning');
      assert.strictEqual(textAt(crd, ds[0].range), 'helm.sh/hook');
      assert.match(ds[0].message, /not templated and never hooks/);
    });

    it('finds JSON keys and ignores mentions in comments', () => {
      const json = '{"kind": "CustomResourceDefinition", "metadata": {"annotations": {"helm.sh/hook": "crd-install"}}}\n';
      const c = chart({ 'crds/a.json': json, 'crds/b.yaml': '# was: helm.sh/hook: crd-install\nkind: CustomResourceDefinition\n' });
      const ds = c.diagnose('crds/a.json');
      assert.deepStrictEqual(ds.map((d) => textAt(json, d.range)), ['helm.sh/hook']);
      assert.deepStrictEqual(c.diagnose('crds/b.yaml'), []);
    });

    it('a CRD in crds/ without hook annotations is fine', () => {
      const c = chart({ 'crds/widgets.yaml': 'kind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n' });
      assert.deepStrictEqual(c.diagnose('crds/widgets.yaml'), []);
    });
  });

  describe('hook-needs-release-resource', () => {
    it('a pre-install Job running as a ServiceAccount the release creates: error on the name, saying the install fails', () => {
      const jobText = podJob('migrate', 'pre-install,pre-upgrade', '      serviceAccountName: app-sa\n');
      const c = chart({ 'templates/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app-sa\n', 'templates/job.yaml': jobText });
      const ds = c.diagnose('templates/job.yaml');
      assert.deepStrictEqual(codes(ds), ['hook-needs-release-resource']);
      assert.strictEqual(ds[0].severity, 'error');
      assert.strictEqual(textAt(jobText, ds[0].range), 'app-sa');
      assert.match(ds[0].message, /In pre-install, Job "migrate" needs ServiceAccount "app-sa" \(serviceAccountName\)/);
      assert.match(ds[0].message, /created only after the pre-install hooks/);
      assert.match(ds[0].message, /waits until --timeout .*the install fails/);
      assert.match(ds[0].message, /helm\.sh\/hook: pre-install,pre-upgrade/);
    });

    it('a Pod hook without its ServiceAccount is refused by Kubernetes at once', () => {
      const podText = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    helm.sh/hook: pre-install\nspec:\n  restartPolicy: Never\n  serviceAccountName: app-sa\n';
      const c = chart({ 'templates/sa.yaml': 'kind: ServiceAccount\nmetadata:\n  name: app-sa\n', 'templates/pod.yaml': podText });
      assert.match(c.diagnose('templates/pod.yaml')[0].message, /refuses to create the Pod .* fails at once/);
    });

    it('post-delete: the resource is deleted before the hook runs', () => {
      const c = chart({ 'templates/cm.yaml': plainCm('settings'), 'templates/job.yaml': podJob('cleanup', 'post-delete', envFromCm('settings')) });
      const [d] = c.diagnose('templates/job.yaml');
      assert.strictEqual(d.code, 'hook-needs-release-resource');
      assert.match(d.message, /deletes the release's resources before the post-delete hooks run/);
    });

    it('post-delete: a resource with helm.sh/resource-policy keep is still there, no diagnostic', () => {
      const kept = plainCm('settings', '  annotations:\n    helm.sh/resource-policy: keep\n');
      const c = chart({ 'templates/cm.yaml': kept, 'templates/job.yaml': podJob('cleanup', 'post-delete', envFromCm('settings')) });
      assert.deepStrictEqual(c.diagnose('templates/job.yaml'), []);
    });

    it('pre-upgrade and pre-rollback say nothing: the object may exist from the previous revision', () => {
      for (const event of ['pre-upgrade', 'pre-rollback', 'post-install']) {
        const c = chart({ 'templates/cm.yaml': plainCm('settings'), 'templates/job.yaml': podJob('m', event, envFromCm('settings')) });
        assert.deepStrictEqual(c.diagnose('templates/job.yaml'), [], event);
      }
    });

    it('optional references start without the object: no diagnostic', () => {
      const spec = `${envFromCm('settings').trimEnd()}\n                optional: true\n`;
      const c = chart({ 'templates/cm.yaml': plainCm('settings'), 'templates/job.yaml': podJob('m', 'pre-install', spec) });
      assert.deepStrictEqual(c.diagnose('templates/job.yaml'), []);
    });

    it('a resource inside a template condition is not a sure dependency statically (the render decides)', () => {
      const cm = `{{- if .Values.settings.enabled }}\n${plainCm('settings')}{{- end }}\n`;
      const off = chart({ 'values.yaml': 'settings:\n  enabled: false\n', 'templates/cm.yaml': cm, 'templates/job.yaml': podJob('m', 'pre-install', envFromCm('settings')) });
      assert.deepStrictEqual(off.diagnose('templates/job.yaml'), []);
      const on = chart({ 'values.yaml': 'settings:\n  enabled: true\n', 'templates/cm.yaml': cm, 'templates/job.yaml': podJob('m', 'pre-install', envFromCm('settings')) });
      assert.deepStrictEqual(on.diagnose('templates/job.yaml'), [], 'no condition is evaluated statically');
      const plain = chart({ 'templates/cm.yaml': plainCm('settings'), 'templates/job.yaml': podJob('m', 'pre-install', envFromCm('settings')) });
      assert.deepStrictEqual(codes(plain.diagnose('templates/job.yaml')), ['hook-needs-release-resource']);
    });

    it('templated names match when both are built the same way in one chart, and only then', () => {
      const name = '{{ include "app.fullname" . }}-settings';
      const same = chart({ 'templates/cm.yaml': plainCm(name), 'templates/job.yaml': podJob('m', 'pre-install', envFromCm(name)) });
      assert.deepStrictEqual(codes(same.diagnose('templates/job.yaml')), ['hook-needs-release-resource']);
      const other = chart({ 'templates/cm.yaml': plainCm('{{ .Release.Name }}-settings'), 'templates/job.yaml': podJob('m', 'pre-install', envFromCm(name)) });
      assert.deepStrictEqual(other.diagnose('templates/job.yaml'), []);
    });

    it('a missing imagePullSecret is a warning: the image is pulled without it', () => {
      const spec = '      imagePullSecrets:\n        - name: regcred\n';
      const c = chart({ 'templates/s.yaml': 'kind: Secret\nmetadata:\n  name: regcred\n', 'templates/job.yaml': podJob('m', 'pre-install', spec) });
      const [d] = c.diagnose('templates/job.yaml');
      assert.strictEqual(d.code, 'hook-needs-release-resource');
      assert.strictEqual(d.severity, 'warning');
      assert.match(d.message, /ImagePullBackOff/);
    });

    it('volumes: a PersistentVolumeClaim and a projected Secret are found', () => {
      const spec =
        '      volumes:\n        - name: data\n          persistentVolumeClaim:\n            claimName: data\n' +
        '        - name: p\n          projected:\n            sources:\n              - secret:\n                  name: creds\n';
      const c = chart({
        'templates/pvc.yaml': 'kind: PersistentVolumeClaim\nmetadata:\n  name: data\n',
        'templates/s.yaml': 'kind: Secret\nmetadata:\n  name: creds\n',
        'templates/job.yaml': podJob('m', 'pre-install', spec),
      });
      const ds = c.diagnose('templates/job.yaml');
      assert.deepStrictEqual(codes(ds), ['hook-needs-release-resource', 'hook-needs-release-resource']);
      assert.match(ds[0].message, /stays Pending/);
    });
  });

  describe('hook-runs-before-its-dependency', () => {
    const jobSa = podJob('migrate', 'pre-install', '      serviceAccountName: app-sa\n');

    it('the ServiceAccount hook has a higher weight: error on the name, saying both positions', () => {
      const c = chart({ 'templates/sa.yaml': saAt('app-sa', '5'), 'templates/job.yaml': jobSa });
      const [d] = c.diagnose('templates/job.yaml');
      assert.strictEqual(d.code, 'hook-runs-before-its-dependency');
      assert.strictEqual(d.severity, 'error');
      assert.strictEqual(textAt(jobSa, d.range), 'app-sa');
      assert.match(d.message, /In pre-install, Job "migrate" \(#1 of 2\) needs ServiceAccount "app-sa" .*\(#2\)/);
      assert.match(d.message, /weight 5 is higher than 0/);
    });

    it('equal weights: the name decides, not the kind', () => {
      const late = podJob('a-migrate', 'pre-install', '      serviceAccountName: z-sa\n');
      const c = chart({ 'templates/sa.yaml': saAt('z-sa', '0'), 'templates/job.yaml': late });
      const [d] = c.diagnose('templates/job.yaml');
      assert.strictEqual(d.code, 'hook-runs-before-its-dependency');
      assert.match(d.message, /Helm orders equal weights by name/);
    });

    it('equal weights and names: kind order puts the ServiceAccount first, no diagnostic', () => {
      const c = chart({ 'templates/sa.yaml': saAt('migrate', '0'), 'templates/job.yaml': podJob('migrate', 'pre-install', '      serviceAccountName: migrate\n') });
      assert.deepStrictEqual(c.diagnose('templates/job.yaml'), []);
    });

    it('a dependency of another event is not compared', () => {
      const c = chart({ 'templates/sa.yaml': saAt('app-sa', '5'), 'templates/job.yaml': jobSa.replace('pre-install', 'pre-upgrade') });
      assert.deepStrictEqual(c.diagnose('templates/job.yaml'), []);
    });

    it('in the same file, the fix lowers the dependency\'s weight below the hook\'s', () => {
      const text = `${jobSa}---\n${saAt('app-sa', '5')}`;
      const c = chart({ 'templates/job.yaml': text });
      const [d] = c.diagnose('templates/job.yaml');
      assert.strictEqual(d.code, 'hook-runs-before-its-dependency');
      const fixed = applyFix(text, d, 0);
      assert.strictEqual(fixed, `${jobSa}---\n${saAt('app-sa', '-1')}`);
      assert.deepStrictEqual(chart({ 'templates/job.yaml': fixed }).diagnose('templates/job.yaml'), []);
    });
  });

  describe('hook-leftover-blocks-next-run', () => {
    const only = (policy: string, kind = 'Job') => job('helm.sh/hook: pre-upgrade', `helm.sh/hook-delete-policy: ${policy}`).replace('kind: Job', `kind: ${kind}`);

    it('only hook-succeeded: a failed Job stays; Helm 3 fails with "already exists"', () => {
      const t = diagnoseTemplate(only('hook-succeeded'), { helmVersion: 3 });
      const d = t.only('hook-leftover-blocks-next-run');
      assert.strictEqual(d.severity, 'warning');
      assert.strictEqual(t.at(d), 'hook-succeeded');
      assert.match(d.message, /a failed run leaves it behind/);
      assert.match(d.message, /Helm 3 fails with "already exists"/);
    });

    it('Helm 4 applies over it: "field is immutable", or the old failed Job fails the hook again', () => {
      const d = diagnoseTemplate(only('hook-succeeded')).only('hook-leftover-blocks-next-run');
      assert.match(d.message, /server-side/);
      assert.match(d.message, /"field is immutable"/);
      assert.match(d.message, /it failed, so the hook fails at once/);
    });

    it('only hook-failed: every success leaves the Job, and Helm 4 counts the old completed Job as done', () => {
      const d = diagnoseTemplate(only('hook-failed')).only('hook-leftover-blocks-next-run');
      assert.match(d.message, /every successful run leaves it behind/);
      assert.match(d.message, /counts it done and the hook does not run again/);
    });

    it('a ConfigMap kept after success: Helm 3 fails, Helm 4 applies over it harmlessly', () => {
      assert.deepStrictEqual(codes(diagnoseTemplate(only('hook-failed', 'ConfigMap'), { helmVersion: 3 }).diagnostics), ['hook-leftover-blocks-next-run']);
      assert.deepStrictEqual(diagnoseTemplate(only('hook-failed', 'ConfigMap')).diagnostics, []);
    });

    it('look-alikes that leave nothing behind: no policy, before-hook-creation, hook-succeeded with hook-failed, hook-succeeded on a ConfigMap', () => {
      for (const v of [3, 4] as const) {
        assert.deepStrictEqual(diagnoseTemplate(job('helm.sh/hook: pre-upgrade'), { helmVersion: v }).diagnostics, []);
        assert.deepStrictEqual(diagnoseTemplate(only('before-hook-creation'), { helmVersion: v }).diagnostics, []);
        assert.deepStrictEqual(diagnoseTemplate(only('hook-succeeded,hook-failed'), { helmVersion: v }).diagnostics, []);
        assert.deepStrictEqual(diagnoseTemplate(only('hook-succeeded', 'ConfigMap'), { helmVersion: v }).diagnostics, []);
      }
    });

    it('an unknown policy is reported once, as unknown-delete-policy', () => {
      assert.deepStrictEqual(codes(diagnoseTemplate(only('hook-succeded')).diagnostics), ['unknown-delete-policy']);
    });

    it('the fix adds before-hook-creation in front', () => {
      const text = only('hook-succeeded');
      const d = diagnoseTemplate(text).only('hook-leftover-blocks-next-run');
      assertFixed(text, d, only('before-hook-creation,hook-succeeded'));
    });
  });

  describe('hook-job-ttl', () => {
    it('Helm 4: a TTL of 0 deletes the Job before the waiter sees it complete — warning on the value', () => {
      const t = diagnoseTemplate(jobTtl('0'));
      const d = t.only('hook-job-ttl');
      assert.strictEqual(d.severity, 'warning');
      assert.strictEqual(t.at(d), '0');
      assert.match(d.message, /NotFound .* never Complete/);
      assert.match(d.message, /waits until --timeout/);
      assert.match(d.message, /helm\/helm#32224/);
    });

    it('Helm 3 counts the deletion as done: information, saying a failure can pass unnoticed', () => {
      const d = diagnoseTemplate(jobTtl('30'), { helmVersion: 3 }).only('hook-job-ttl');
      assert.strictEqual(d.severity, 'information');
      assert.match(d.message, /counts a hook deleted while it watches as done/);
    });

    it('look-alikes: a TTL of a minute or more, a templated TTL, a CronJob hook', () => {
      assert.deepStrictEqual(diagnoseTemplate(jobTtl('60')).diagnostics, []);
      assert.deepStrictEqual(diagnoseTemplate(jobTtl('{{ .Values.ttl }}')).diagnostics, []);
      assert.deepStrictEqual(diagnoseTemplate(jobTtl('0').replace('kind: Job', 'kind: CronJob')).diagnostics, []);
    });
  });

  describe('crd-hook-never-deleted', () => {
    const crdHook = (policy: string) =>
      `kind: CustomResourceDefinition\nmetadata:\n  name: w.example.com\n  annotations:\n    helm.sh/hook: pre-install\n${policy}`;

    it('a delete policy on a CRD hook has no effect: warning on the key, fix removes the line', () => {
      const text = crdHook('    helm.sh/hook-delete-policy: before-hook-creation\n');
      const t = diagnoseTemplate(text, { helmVersion: 3 });
      const d = t.only('crd-hook-never-deleted');
      assert.strictEqual(t.at(d), 'helm.sh/hook-delete-policy');
      assert.match(d.message, /never deletes CustomResourceDefinition hooks/);
      assert.match(d.message, /"already exists"/);
      assertFixed(text, d, crdHook(''), { helmVersion: 3 });
    });

    it('a CRD hook without a policy, and a Job with one, are not flagged', () => {
      assert.deepStrictEqual(diagnoseTemplate(crdHook('')).diagnostics, []);
      assert.deepStrictEqual(diagnoseTemplate(job('helm.sh/hook: test', 'helm.sh/hook-delete-policy: hook-succeeded,hook-failed')).diagnostics, []);
    });
  });

  describe('templates are not YAML', () => {
    it('no diagnostic on a hook built from includes, conditions and toYaml', () => {
      const t = diagnoseTemplate(dedent`
        {{- if .Values.migrations.enabled }}
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: {{ include "app.fullname" . }}-migrate
          labels:
            {{- include "app.labels" . | nindent 4 }}
          annotations:
            helm.sh/hook: {{ .Values.migrations.hook | default "pre-upgrade" }}
            helm.sh/hook-weight: {{ .Values.migrations.weight | quote }}
            {{- with .Values.migrations.annotations }}
            {{- toYaml . | nindent 4 }}
            {{- end }}
        spec:
          template:
            spec:
              restartPolicy: Never
        {{- end }}
      `);
      assert.deepStrictEqual(t.diagnostics, []);
    });

    it('a literal typo next to a template action is still found', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-instal', 'helm.sh/hook-weight: {{ .Values.weight | quote }}'));
      assert.deepStrictEqual(codes(t.diagnostics), ['unknown-hook-event']);
    });

    it('a literal hook annotation in a _*.tpl partial is checked too', () => {
      const tpl = '{{- define "app.hookAnnotations" }}\nhelm.sh/hook: pre-instal\n{{- end }}\n';
      const c = chart({ 'templates/_helpers.tpl': tpl });
      const ds = c.diagnose('templates/_helpers.tpl');
      assert.deepStrictEqual(codes(ds), ['unknown-hook-event']);
      assert.strictEqual(textAt(tpl, ds[0].range), 'pre-instal');
    });

    it('NOTES.txt is never diagnosed', () => {
      const c = chart({ 'templates/NOTES.txt': 'helm.sh/hook: pre-instal\n' });
      assert.deepStrictEqual(c.diagnose('templates/NOTES.txt'), []);
    });
  });

  describe('options', () => {
    it('a severity override changes the severity', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install', 'helm.sh/hook-weight: "abc"'), { severity: { 'invalid-hook-weight': 'warning' } });
      assert.strictEqual(t.only('invalid-hook-weight').severity, 'warning');
    });

    it('off silences a code and nothing else', () => {
      const t = diagnoseTemplate(job('helm.sh/hook: pre-install,pre-install', 'helm.sh/hook-weight: "abc"'), { severity: { 'invalid-hook-weight': 'off' } });
      assert.deepStrictEqual(codes(t.diagnostics), ['duplicate-hook-event']);
    });
  });

  it('ranges are LSP positions: the diagnostic starts where the caret marks the typo', () => {
    const { text, position } = caret(job('helm.sh/hook: |pre-instal'));
    const d = diagnoseTemplate(text).only('unknown-hook-event');
    assert.deepStrictEqual(d.range.start, position);
    assert.deepStrictEqual(d.range.end, { line: position.line, character: position.character + 'pre-instal'.length });
  });

  it('ranges count UTF-16 units after an emoji on the line', () => {
    const { text, position } = caret(job('helm.sh/hook: "pre-😀-install, |pre-instal"'));
    const t = diagnoseTemplate(text);
    const starts = t.withCode('unknown-hook-event').map((d) => d.range.start);
    assert.deepStrictEqual(starts[1], position);
  });
});
