/**
 * Reading a document as Helm's YAML reader does (go-yaml v2 through sigs.k8s.io/yaml, ported in goYaml.ts), and the
 * diagnostics where that reading surprises: each with the mistake and the look-alike that stays quiet. Real Helm
 * checks the same cases in test/render/surprises.test.ts.
 */
import * as assert from 'assert';
import { readHelmHead } from '../../server/src/engine/documents/headReader';
import { renderedDocuments, templateDocuments } from '../../server/src/engine/documents/manifestDocuments';
import { analyzeDocument } from '../../server/src/engine/hooks/hookExtraction';
import { hooksForEvent } from '../../server/src/engine/hooks/hookOrder';
import { chartYamlSurprises, documentSurprises, renderedSurpriseInputs, renderedSurprises } from '../../server/src/engine/features/renderedSurprises';
import { builtinOrder } from '../../server/src/engine/hooks/builtinOrder';
import { compareHookWeights } from '../../server/src/engine/helmFacts';
import { readYamlOutline } from '../../server/src/engine/render/yaml/goYaml';
import type { HookItem } from '../../server/src/engine/types';
import { chart } from '../helpers/fixtures';
import { builtinChart } from '../helpers/builtinChart';

const codes = (text: string) => documentSurprises(text).map((s) => s.code);

/** A rendered document read by the engine (the path Helm's output and the built-in render take). */
function rendered(text: string) {
  return analyzeDocument(renderedDocuments('/c/templates/x.yaml', 'c/templates/x.yaml', text, { inSubchart: false })[0]);
}

describe('engine: reading a document as Helm does', () => {
  describe('the go-yaml outline', () => {
    it('gives the first document only, and where `...` ends it', () => {
      const o = readYamlOutline('a: 1\n...\nb: 2\n');
      assert.strictEqual(o.root?.kind, 'mapping');
      assert.strictEqual(o.end?.line, 1);
      assert.strictEqual(readYamlOutline('a: 1\n').end, undefined);
    });

    it('resolves scalars as YAML 1.1: 007 is an int, on is a bool, "007" a string', () => {
      const o = readYamlOutline('a: 007\nb: on\nc: "007"\n');
      const tags = o.root?.kind === 'mapping' ? o.root.pairs.map((p) => (p.value.kind === 'scalar' ? p.value.tag : '?')) : [];
      assert.deepStrictEqual(tags, ['int', 'bool', 'str']);
    });
  });

  describe('the head Helm reads (SimpleHead)', () => {
    it('keeps the later of two equal keys', () => {
      const h = readHelmHead('kind: Job\nmetadata:\n  name: first\n  name: second\n');
      assert.strictEqual(h?.name, 'second');
    });

    it('converts an unquoted number the way Go does: 007 → "7", 1e3 → "1000", 1.10 → "1.1"', () => {
      const h = readHelmHead('kind: Job\nmetadata:\n  name: 007\n  annotations:\n    a: 1e3\n    b: 1.10\n    c: yes\n');
      assert.strictEqual(h?.name, '7');
      assert.deepStrictEqual([...(h?.annotations ?? [])], [['a', '1000'], ['b', '1.1'], ['c', 'true']]);
    });

    it('matches struct fields ignoring case, as encoding/json does', () => {
      const h = readHelmHead('Kind: Pod\nMETADATA:\n  Name: upper\n');
      assert.deepStrictEqual([h?.kind, h?.name], ['Pod', 'upper']);
    });

    it('gives nothing where Helm fails the render (a list as an annotation)', () => {
      assert.strictEqual(readHelmHead('kind: Job\nmetadata:\n  annotations:\n    a: [1]\n'), undefined);
    });
  });

  describe('rendered documents in the engine', () => {
    it('a duplicate weight: the later one is the hook weight', () => {
      const d = rendered('kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "1"\n    helm.sh/hook-weight: "-3"\n');
      assert.strictEqual(d.hook?.weight, -3);
    });

    it('a merge key after a written weight overrides it; one before it does not', () => {
      const base = 'kind: Job\nmetadata:\n  name: j\n  labels: &l\n    helm.sh/hook-weight: "2"\n  annotations:\n';
      assert.strictEqual(rendered(base + '    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "5"\n    <<: *l\n').hook?.weight, 2);
      assert.strictEqual(rendered(base + '    <<: *l\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "5"\n').hook?.weight, 5);
    });

    it('annotations given by an alias make a hook', () => {
      const d = rendered('kind: Secret\nmetadata:\n  name: s\n  labels: &hk\n    helm.sh/hook: post-install\n  annotations: *hk\n');
      assert.deepStrictEqual(d.hook?.events, ['post-install']);
    });

    it('`...` ends the document: the hook after it is not read', () => {
      const d = rendered('kind: ConfigMap\nmetadata:\n  name: before\n...\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install\n');
      assert.strictEqual(d.hook, undefined);
      assert.strictEqual(d.name, 'before');
    });

    it('an unquoted 007 name is "7" (it sorts there), a quoted one stays "007"', () => {
      assert.strictEqual(rendered('kind: Job\nmetadata:\n  name: 007\n  annotations:\n    helm.sh/hook: test\n').name, '7');
      assert.strictEqual(rendered('kind: Job\nmetadata:\n  name: "007"\n  annotations:\n    helm.sh/hook: test\n').name, '007');
    });
  });

  describe('int64 weights compared exactly', () => {
    it('9007199254740993 sorts after 9007199254740992 (one double, two weights)', () => {
      const a = rendered('kind: Job\nmetadata:\n  name: a\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-weight: "9007199254740993"\n').hook!;
      const b = rendered('kind: Job\nmetadata:\n  name: b\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-weight: "9007199254740992"\n').hook!;
      assert.strictEqual(a.weight, b.weight, 'the doubles are equal');
      assert.ok(compareHookWeights(a, b) > 0);
      assert.strictEqual(compareHookWeights({ weight: 5 }, { weight: 5 }), 0);
    });

    it('the hooks of an event run in exact weight order', () => {
      const c = chart({
        'templates/a.yaml': 'kind: Job\nmetadata:\n  name: a\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-weight: "9223372036854775807"\n',
        'templates/b.yaml': 'kind: Job\nmetadata:\n  name: b\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-weight: "9223372036854775806"\n',
      });
      assert.deepStrictEqual(hooksForEvent(c.hookModel().hooks as HookItem[], 'test').map((h) => h.name), ['b', 'a']);
    });
  });

  describe('the masked template text, where it is literal', () => {
    it('reads a merged hook annotation and the later duplicate, as Helm will', () => {
      const text = 'kind: Job\nmetadata:\n  name: 007\n  labels: &l\n    helm.sh/hook: pre-install\n  annotations:\n    <<: *l\n    helm.sh/hook-weight: "1"\n    helm.sh/hook-weight: "4"\n';
      const d = analyzeDocument(templateDocuments('/c/templates/x.yaml', 'c/templates/x.yaml', text, { inSubchart: false })[0]);
      assert.deepStrictEqual([d.name, d.hook?.events, d.hook?.weight], ['7', ['pre-install'], 4]);
    });

    it('a templated name is not converted', () => {
      const text = 'kind: Job\nmetadata:\n  name: 007-{{ .Release.Name }}\n  annotations:\n    helm.sh/hook: test\n';
      const d = analyzeDocument(templateDocuments('/c/templates/x.yaml', 'c/templates/x.yaml', text, { inSubchart: false })[0]);
      assert.strictEqual(d.name, '007-{{…}}');
    });
  });
});

describe('engine: YAML surprises', () => {
  const hook = (meta: string, rest = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n${meta}${rest}`;

  it('duplicate-yaml-key: a hook annotation written twice, on the ignored one; one key each is quiet', () => {
    const text = hook('  name: c\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-weight: "1"\n    helm.sh/hook-weight: "2"\n');
    const [s] = documentSurprises(text);
    assert.strictEqual(s.code, 'duplicate-yaml-key');
    assert.strictEqual(text.slice(s.at, s.at + s.length), 'helm.sh/hook-weight');
    assert.ok(text.slice(s.at).startsWith('helm.sh/hook-weight: "1"'), 'on the ignored key');
    assert.match(s.message, /keeps the last value "2"/);
    assert.deepStrictEqual(codes(hook('  name: c\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-weight: "2"\n')), []);
  });

  it('duplicate-yaml-key: not on documents that are no hooks', () => {
    assert.deepStrictEqual(codes(hook('  name: a\n  name: b\n  annotations:\n    helm.sh/hook-delete-policy: x\n')), []);
  });

  it('yaml-merge-hook-annotation: a merge overriding a written weight is a warning; bringing one in is information', () => {
    const base = '  name: c\n  labels: &l\n    helm.sh/hook-weight: "2"\n  annotations:\n    helm.sh/hook: test\n';
    const over = documentSurprises(hook(base + '    helm.sh/hook-weight: "5"\n    <<: *l\n'));
    assert.deepStrictEqual(over.map((s) => [s.code, s.severity]), [['yaml-merge-hook-annotation', undefined]]);
    assert.match(over[0].message, /"5" is ignored/);
    const brought = documentSurprises(hook(base + '    <<: *l\n'));
    assert.deepStrictEqual(brought.map((s) => [s.code, s.severity]), [['yaml-merge-hook-annotation', 'information']]);
    assert.deepStrictEqual(codes(hook(base + '    <<: *l\n    helm.sh/hook-weight: "5"\n')), []);
  });

  it('non-string-name: an unquoted number or boolean; a quoted one and a word are quiet', () => {
    const s = documentSurprises(hook('  name: 010\n  annotations:\n    helm.sh/hook: test\n'));
    assert.deepStrictEqual(s.map((x) => x.code), ['non-string-name']);
    assert.match(s[0].message, /reads it as "8"/);
    assert.deepStrictEqual(codes(hook('  name: "010"\n  annotations:\n    helm.sh/hook: test\n')), []);
    assert.deepStrictEqual(codes(hook('  name: onboarding\n  annotations:\n    helm.sh/hook: test\n')), []);
  });

  it('non-string-annotation: rendered only (the static check owns literal text)', () => {
    const text = hook('  name: c\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-weight: 5\n');
    assert.deepStrictEqual(codes(text), ['non-string-annotation']);
    assert.deepStrictEqual(documentSurprises(text, { isLiteral: () => true }).map((s) => s.code), []);
  });

  it('document-end-swallows-hook: `...` before a hook; `---` is quiet, and so is `...` before a plain resource', () => {
    const after = hook('  name: h\n  annotations:\n    helm.sh/hook: test\n');
    assert.deepStrictEqual(codes('kind: ConfigMap\nmetadata:\n  name: a\n...\n' + after), ['document-end-swallows-hook']);
    assert.deepStrictEqual(codes('kind: ConfigMap\nmetadata:\n  name: a\n---\n' + after).filter((c) => c === 'document-end-swallows-hook'), []);
    assert.deepStrictEqual(codes('kind: ConfigMap\nmetadata:\n  name: a\n...\nkind: Secret\nmetadata:\n  annotations:\n    helm.sh/resource-policy: keep\n'), []);
  });

  it('hook-in-list: an item with helm.sh/hook; a List of plain items is quiet', () => {
    const list = (ann: string) => `apiVersion: v1\nkind: List\nitems:\n- kind: ConfigMap\n  metadata:\n    name: i\n${ann}`;
    assert.deepStrictEqual(codes(list('    annotations:\n      helm.sh/hook: test\n')), ['hook-in-list']);
    assert.deepStrictEqual(codes(list('    annotations:\n      helm.sh/hook-delete-policy: x\n')), []);
    const typed = list('    annotations:\n      helm.sh/hook: test\n').replace('kind: List', 'kind: ConfigMapList');
    assert.match(documentSurprises(typed)[0].message, /kind: ConfigMapList/);
  });

  it('nested-hook-annotation: on a pod template; on the object itself it is quiet', () => {
    const job = (top: string, tpl: string) => `kind: Job\nmetadata:\n  name: j\n${top}spec:\n  template:\n    metadata:\n      annotations:\n${tpl}`;
    const [s] = documentSurprises(job('', '        helm.sh/hook: test\n'));
    assert.strictEqual(s.code, 'nested-hook-annotation');
    assert.match(s.message, /spec\.template\.metadata\.annotations/);
    assert.deepStrictEqual(codes(job('  annotations:\n    helm.sh/hook: test\n', '        sidecar: "off"\n')), []);
  });

  it('chart-yaml-boolean: a boolean name or condition; quoted and path conditions are quiet', () => {
    const s = chartYamlSurprises('apiVersion: v2\nname: on\nversion: 1.0.0\ndependencies:\n- name: sub\n  condition: yes\n');
    assert.deepStrictEqual(s.map((x) => [x.code, x.severity ?? 'default']), [['chart-yaml-boolean', 'default'], ['chart-yaml-boolean', 'warning']]);
    assert.match(s[1].message, /values path "true"/);
    assert.deepStrictEqual(chartYamlSurprises('apiVersion: v2\nname: "on"\nversion: 1.0.0\ndependencies:\n- name: sub\n  condition: sub.enabled\n'), []);
  });

  it('hook-never-renders: a hook in a library chart; the same template in an application chart is quiet', () => {
    const files = (type: string) => ({
      'Chart.yaml': `apiVersion: v2\nname: lib\nversion: 0.1.0\ntype: ${type}\n`,
      'templates/hook.yaml': 'kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-delete-policy: before-hook-creation\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n',
    });
    const lib = chart(files('library'));
    assert.deepStrictEqual(lib.diagnose('templates/hook.yaml').map((d) => d.code), ['hook-never-renders']);
    const app = chart(files('application'));
    assert.deepStrictEqual(app.diagnose('templates/hook.yaml').map((d) => d.code), []);
  });

  it('rendered findings land on the template line of the key they are about, marked as rendered', () => {
    const template = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.n }}\n  annotations:\n    helm.sh/hook: test\n';
    const out = renderedSurprises([
      { helmPath: 'c/templates/x.yaml', content: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 8\n  annotations:\n    helm.sh/hook: test', file: '/c/templates/x.yaml', line: 6, templateText: template },
    ]);
    const [d] = out.get('/c/templates/x.yaml') ?? [];
    assert.strictEqual(d.code, 'non-string-name');
    assert.strictEqual(d.range.start.line, 3);
    assert.match(d.message, /as rendered with these values/);
    assert.strictEqual(renderedSurprises([{ helmPath: 'c/templates/x.yaml', content: 'kind: ConfigMap\nmetadata:\n  name: a\n', file: '/f', line: 1 }]).size, 0);
  });

  it('a rendered finding in the second hook of a template is placed at that hook, not at the first', () => {
    const template =
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: first\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "1"\n' +
      '---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: second\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: {{ .Values.w }}\n';
    const { chart: c, model } = builtinChart({ 'templates/jobs.yaml': template }, { values: 'w: 5\n' });
    const built = builtinOrder(c.model, c.ws.fs, { valuesFiles: [{ name: 'values.given.yaml', text: 'w: 5\n' }] }, { version: 4 });
    assert.strictEqual(model.hooks.length, 2);
    const docs = renderedSurpriseInputs(c.model, built);
    const [d] = [...renderedSurprises(docs).values()].flat().filter((x) => x.code === 'non-string-annotation');
    assert.ok(d, `the unquoted weight is found: ${JSON.stringify(docs.map((x) => x.line))}`);
    const weightLine = template.split('\n').findIndex((l) => l.includes('.Values.w'));
    assert.strictEqual(d.range.start.line, weightLine, 'at the second Job\'s weight');
  });
});
