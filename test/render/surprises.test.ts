/**
 * Reading rendered YAML exactly as Helm does, against real Helm 3.17.2, 4.1.4 and 4.2.3 (issue 15, "Reading the
 * rendered YAML exactly as Helm does"). Each case is a tiny chart written to a temp dir; Helm says which documents are
 * hooks (Helm 4: `install --dry-run=client -o json` gives kind, name, events and the exact weight of each; Helm 3,
 * whose dry run needs a cluster: the documents `helm template` prints without `--no-hooks` and not with it), and the
 * engine must read the same from Helm's own output and from the built-in render, in the same stored and execution
 * order. The diagnostic each case is about must fire on the built-in render (and on the template text where it is
 * literal), and the look-alike written correctly must stay quiet.
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ChartWorkspace } from '../../server/src/engine/hooks/chartWorkspace';
import { builtinOrder } from '../../server/src/engine/hooks/builtinOrder';
import { hooksForEvent } from '../../server/src/engine/hooks/hookOrder';
import { renderedOrder } from '../../server/src/engine/hooks/renderedHooks';
import { parseTemplateOutput } from '../../server/src/engine/documents/helmOutput';
import { nodeFileSystem } from '../../server/src/engine/render/nodeFileSystem';
import { renderedDiagnostics } from '../../server/src/engine/features/renderedDiagnostics';
import { diagnoseFile } from '../../server/src/engine/features/diagnostics';
import { EVENT_NAMES } from '../../server/src/engine/helmFacts';
import type { HelmVersion, HookItem } from '../../server/src/engine/types';
import { helmBinary, type HelmKey } from './helmOracle';

const CHART_YAML = 'apiVersion: v2\nname: c\nversion: 0.1.0\n';

interface Case {
  title: string;
  /** Chart files (relative to the chart root); Chart.yaml defaults to a plain application chart named `c`. */
  files: Record<string, string>;
  /** Diagnostics the case is about: code and the file (relative) it lands on. `literal`: the template text shows it. */
  expect: Array<{ code: string; file: string; literal: boolean }>;
}

const cm = (name: string, annotations: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  annotations:\n${annotations}`;

const CASES: Case[] = [
  {
    title: 'a duplicate name and weight: the later value wins',
    files: {
      'templates/dup.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n  name: second\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "1"\n    helm.sh/hook-weight: "-3"\n',
      'templates/other.yaml': cm('middle', '    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "-2"\n'),
    },
    expect: [{ code: 'duplicate-yaml-key', file: 'templates/dup.yaml', literal: true }],
  },
  {
    title: 'a duplicate written by a template action is seen in the render only',
    files: {
      'values.yaml': 'weight: "7"\n',
      'templates/dup.yaml': cm('dyn', '    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "1"\n    {{- if .Values.weight }}\n    helm.sh/hook-weight: {{ .Values.weight | quote }}\n    {{- end }}\n'),
    },
    expect: [{ code: 'duplicate-yaml-key', file: 'templates/dup.yaml', literal: false }],
  },
  {
    title: 'a merge key after a written weight overrides it (go-yaml v2)',
    files: {
      'templates/merge.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: merged\n  labels: &common\n    helm.sh/hook-weight: "2"\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "5"\n    <<: *common\n',
      'templates/three.yaml': cm('three', '    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "3"\n'),
    },
    expect: [{ code: 'yaml-merge-hook-annotation', file: 'templates/merge.yaml', literal: true }],
  },
  {
    title: 'an alias brings the hook annotations in',
    files: {
      'templates/alias.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: aliased\n  labels: &hk\n    helm.sh/hook: post-install\n  annotations: *hk\n',
    },
    expect: [{ code: 'yaml-merge-hook-annotation', file: 'templates/alias.yaml', literal: true }],
  },
  {
    title: 'an unquoted 007 name sorts as "7", a 1e1 weight is 10',
    files: {
      'templates/num.yaml': cm('007', '    helm.sh/hook: pre-install\n    helm.sh/hook-weight: 1e1\n'),
      'templates/eight.yaml': cm('"8"', '    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "10"\n'),
      // The value is the number 8 (octal 010 in values.yaml), rendered unquoted: a name only the render shows.
      'templates/tpl.yaml': cm('{{ .Values.num }}', '    helm.sh/hook: pre-install\n'),
      'values.yaml': 'num: 010\n',
    },
    expect: [
      { code: 'non-string-name', file: 'templates/num.yaml', literal: true },
      { code: 'non-string-name', file: 'templates/tpl.yaml', literal: false },
    ],
  },
  {
    title: 'an unquoted 1e6 weight reaches Helm as "1e+06": not an integer, weight 0',
    files: {
      'templates/big.yaml': cm('big', '    helm.sh/hook: pre-install\n    helm.sh/hook-weight: 1e6\n'),
      'templates/minus.yaml': cm('minus', '    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "-1"\n'),
      'templates/one.yaml': cm('one', '    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "1"\n'),
    },
    expect: [],
  },
  {
    title: 'weights beyond 2^53 are compared exactly',
    files: {
      'templates/big.yaml':
        cm('a', '    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "9007199254740993"\n') +
        '---\n' +
        cm('b', '    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "9007199254740992"\n') +
        '---\n' +
        cm('c', '    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "9223372036854775807"\n') +
        '---\n' +
        cm('d', '    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "9223372036854775806"\n'),
    },
    expect: [],
  },
  {
    title: '`...` ends the document and swallows the hook after it',
    files: {
      'templates/dots.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: before\n...\n' + cm('swallowed', '    helm.sh/hook: pre-install\n'),
      'templates/kept.yaml': cm('kept', '    helm.sh/hook: pre-install\n'),
    },
    expect: [{ code: 'document-end-swallows-hook', file: 'templates/dots.yaml', literal: true }],
  },
  {
    title: 'the items of a kind: List are not hooks',
    files: {
      'templates/list.yaml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: in-list\n    annotations:\n      helm.sh/hook: pre-install\n',
    },
    expect: [{ code: 'hook-in-list', file: 'templates/list.yaml', literal: true }],
  },
  {
    title: 'helm.sh/hook on a pod template makes no hook',
    files: {
      'templates/nested.yaml':
        'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: nested\nspec:\n  template:\n    metadata:\n      annotations:\n        helm.sh/hook: pre-install\n    spec:\n      restartPolicy: Never\n      containers: []\n',
    },
    expect: [{ code: 'nested-hook-annotation', file: 'templates/nested.yaml', literal: true }],
  },
  {
    title: 'a file whose name ends in NOTES.txt never renders',
    files: {
      'templates/hook-NOTES.txt': cm('notes-hook', '    helm.sh/hook: pre-install\n'),
      'templates/NOTES.txt': 'Installed. Hooks use helm.sh/hook: pre-install annotations.\n',
      'templates/real.yaml': cm('real', '    helm.sh/hook: pre-install\n'),
    },
    expect: [{ code: 'hook-never-renders', file: 'templates/hook-NOTES.txt', literal: true }],
  },
  {
    title: 'a library chart never renders its hooks',
    files: {
      'Chart.yaml': CHART_YAML + 'dependencies:\n- name: lib\n  version: 0.1.0\n',
      'charts/lib/Chart.yaml': 'apiVersion: v2\nname: lib\nversion: 0.1.0\ntype: library\n',
      'charts/lib/templates/hook.yaml': cm('lib-hook', '    helm.sh/hook: pre-install\n'),
      'charts/lib/templates/_helpers.tpl': '{{- define "lib.name" }}lib{{ end }}\n',
      'templates/app.yaml': cm('app-{{ include "lib.name" . }}', '    helm.sh/hook: pre-install\n'),
    },
    expect: [{ code: 'hook-never-renders', file: 'charts/lib/templates/hook.yaml', literal: true }],
  },
  {
    title: 'a dependency condition `yes` is the values path "true"',
    files: {
      'Chart.yaml': CHART_YAML + 'dependencies:\n- name: sub\n  version: 0.1.0\n  condition: yes\n',
      'values.yaml': 'true: false\n',
      'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
      'charts/sub/templates/hook.yaml': cm('sub-hook', '    helm.sh/hook: pre-install\n'),
      'templates/app.yaml': cm('app', '    helm.sh/hook: pre-install\n'),
    },
    expect: [{ code: 'chart-yaml-boolean', file: 'Chart.yaml', literal: true }],
  },
  {
    title: 'struct fields match ignoring case: `Kind:` and `METADATA:` still make a hook',
    files: { 'templates/upper.yaml': 'apiVersion: v1\nKind: Pod\nMETADATA:\n  Name: upper\n  ANNOTATIONS:\n    helm.sh/hook: test\nspec:\n  restartPolicy: Never\n  containers: []\n' },
    expect: [],
  },
  {
    title: 'look-alikes written correctly stay quiet',
    files: {
      'templates/ok.yaml':
        cm('"007"', '    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "10"\n') +
        '---\n' +
        'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: job\n  labels: &l\n    app: x\n  annotations:\n    <<: *l\n    helm.sh/hook: post-install\nspec:\n  template:\n    metadata:\n      annotations:\n        sidecar: "off"\n    spec:\n      restartPolicy: Never\n      containers: []\n' +
        '---\n' +
        'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: plain\n',
      'templates/NOTES.txt': 'helm.sh/hook: pre-install is how hooks are written.\n',
    },
    expect: [],
  },
];

const SURPRISE_CODES = new Set(['duplicate-yaml-key', 'yaml-merge-hook-annotation', 'non-string-name', 'document-end-swallows-hook', 'hook-in-list', 'nested-hook-annotation', 'hook-never-renders', 'chart-yaml-boolean']);

function writeChart(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'surprise-'));
  const root = path.join(dir, 'c');
  const all = { 'Chart.yaml': CHART_YAML, ...files };
  for (const [rel, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

function helm(key: HelmKey, args: string[]): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-home-'));
  try {
    const r = spawnSync(helmBinary(key), args, {
      encoding: 'utf8',
      timeout: 120000,
      env: { ...process.env, HELM_CACHE_HOME: path.join(home, 'cache'), HELM_CONFIG_HOME: path.join(home, 'config'), HELM_DATA_HOME: path.join(home, 'data') },
    });
    assert.equal(r.status, 0, `helm ${key} ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** One hook as compared: kind, name, template path, events, exact weight. */
function row(h: { kind: string; name: string; path: string; events: readonly string[]; weight: string }): string {
  return `${h.kind} ${JSON.stringify(h.name)} ${h.path} [${h.events.join(',')}] ${h.weight}`;
}

function ours(h: HookItem): string {
  return row({ ...h, weight: h.weightExact ?? String(h.weight) });
}

/** Helm 4's stored hook list, weights kept exact (JSON numbers beyond 2^53 would round in JSON.parse). */
function helm4Hooks(key: HelmKey, root: string): string[] {
  const out = helm(key, ['install', 'release-name', root, '--dry-run=client', '-o', 'json']);
  const release = JSON.parse(out.replace(/("weight":\s*)(-?\d+)/g, '$1"$2"')) as { hooks?: Array<{ kind: string; name: string; path: string; events: string[]; weight?: string }> };
  return (release.hooks ?? []).map((h) => row({ ...h, weight: h.weight ?? '0' }));
}

/** The documents `helm template` prints only when hooks are on: Helm 3's hooks, in its stored order. */
function helm3HookDocuments(root: string): string[] {
  const all = parseTemplateOutput(helm('3', ['template', 'release-name', root])).manifests;
  const plain = parseTemplateOutput(helm('3', ['template', 'release-name', root, '--no-hooks'])).manifests;
  const left = plain.map((m) => `${m.helmPath}\u0000${m.content.trimEnd()}`);
  const hooks: string[] = [];
  for (const m of all) {
    const k = `${m.helmPath}\u0000${m.content.trimEnd()}`;
    const i = left.indexOf(k);
    if (i >= 0) left.splice(i, 1);
    else hooks.push(k);
  }
  return hooks;
}

function executionOrder(hooks: HookItem[]): string[] {
  return EVENT_NAMES.flatMap((e) => hooksForEvent(hooks, e).map((h) => `${e}: ${h.kind} ${h.name}`));
}

/** Helm 4's execution order, from its stored list: per event, stable-sorted by (exact weight, name). */
function helmExecutionOrder(rows: string[]): string[] {
  const parsed = rows.map((r) => {
    const m = /^(\S+) ("(?:[^"\\]|\\.)*") (\S+) \[([^\]]*)\] (-?\d+)$/.exec(r)!;
    return { kind: m[1], name: JSON.parse(m[2]) as string, events: m[4].split(',').filter(Boolean), weight: BigInt(m[5]) };
  });
  return EVENT_NAMES.flatMap((e) =>
    parsed
      .filter((h) => h.events.includes(e))
      .sort((a, b) => (a.weight < b.weight ? -1 : a.weight > b.weight ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((h) => `${e}: ${h.kind} ${h.name}`),
  );
}

describe('reading rendered YAML as Helm does, against real Helm', function () {
  this.timeout(180000);
  for (const c of CASES) {
    describe(c.title, () => {
      let root: string;
      before(() => {
        root = writeChart(c.files);
      });
      after(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

      for (const key of ['4', '4.2'] as const) {
        it(`Helm ${key === '4' ? '4.1.4' : '4.2.3'}: the same hooks (kind, name, events, exact weight) and order, from Helm's output and from the built-in render`, () => {
          const expected = helm4Hooks(key, root);
          const ws = new ChartWorkspace(nodeFileSystem);
          const model = ws.modelFor(root)!;
          const fromHelm = renderedOrder(model, { release: parseTemplateOutput(helm(key, ['template', 'release-name', root])), skippedHooks: [], version: 4 });
          assert.deepEqual(fromHelm.model.hooks.map(ours), expected, "reading Helm's own documents");
          const built = builtinOrder(model, nodeFileSystem, {}, { version: 4 });
          assert.ok(built.rendered, 'the built-in render renders the chart');
          assert.deepEqual(built.rendered.model.hooks.map(ours), expected, 'reading the built-in render');
          assert.deepEqual(executionOrder(built.rendered.model.hooks), helmExecutionOrder(expected), 'execution order');
        });
      }

      it('Helm 3.17.2: the same documents are hooks, in the same stored order', () => {
        const expected = helm3HookDocuments(root);
        const ws = new ChartWorkspace(nodeFileSystem);
        const model = ws.modelFor(root)!;
        const built = builtinOrder(model, nodeFileSystem, {}, { version: 3 as HelmVersion });
        assert.ok(built.rendered);
        const read = built.rendered.model.sources.map((s) => `${s.doc.helmPath}\u0000${s.doc.text.slice(s.doc.span.start, s.doc.span.end).trimEnd()}`);
        assert.deepEqual(read, expected);
      });

      it(c.expect.length ? `reports ${[...new Set(c.expect.map((e) => e.code))].join(', ')}, where Helm reads it` : 'reports no YAML surprise', () => {
        const ws = new ChartWorkspace(nodeFileSystem);
        const model = ws.modelFor(root)!;
        const built = builtinOrder(model, nodeFileSystem, {}, { version: 4 });
        const rendered = renderedDiagnostics(model, built, { helmVersion: 4 });
        const files = new Set([...Object.keys(c.files), 'Chart.yaml', ...c.expect.map((e) => e.file)]);
        const found: string[] = [];
        for (const rel of files) {
          const abs = path.join(root, rel);
          for (const d of rendered.get(abs) ?? []) if (SURPRISE_CODES.has(d.code)) found.push(`rendered ${d.code} ${rel}`);
          for (const d of diagnoseFile(model, abs, ws.hookModel(model, 4), { helmVersion: 4 })) if (SURPRISE_CODES.has(d.code)) found.push(`static ${d.code} ${rel}`);
        }
        for (const e of c.expect) {
          // Chart.yaml, NOTES.txt and library templates never render: only the static reading can see them.
          const rendersAtAll = e.code !== 'hook-never-renders' && e.code !== 'chart-yaml-boolean';
          if (rendersAtAll) assert.ok(found.includes(`rendered ${e.code} ${e.file}`), `rendered ${e.code} on ${e.file}: ${found.join('; ')}`);
          if (e.literal) assert.ok(found.includes(`static ${e.code} ${e.file}`), `static ${e.code} on ${e.file}: ${found.join('; ')}`);
          else assert.ok(!found.includes(`static ${e.code} ${e.file}`), `no static ${e.code} on ${e.file} (not literal)`);
        }
        const unexpected = found.filter((f) => !c.expect.some((e) => f.endsWith(` ${e.code} ${e.file}`)));
        assert.deepEqual(unexpected, []);
      });
    });
  }
});
