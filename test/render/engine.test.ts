/**
 * Helm's render driver, output assembly and functions, compared byte for byte with real `helm template` (3.17.2,
 * 4.1.4, 4.2.3): template snippets through the oracle's batch (`helmEval`), and small whole charts written to a
 * temporary folder (subcharts, globals, library charts, NOTES.txt, CRDs, --show-only, document splitting, errors).
 */
import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { memoryFileSystem } from '../../server/src/engine/render/chartFiles';
import { nodeFileSystem } from '../../server/src/engine/render/nodeFileSystem';
import { compileGlob } from '../../server/src/engine/render/helmFiles';
import { filepathMatch, splitManifests } from '../../server/src/engine/render/helmOutput';
import { sortTemplates } from '../../server/src/engine/render/helmEngine';
import { parseKubeVersion } from '../../server/src/engine/render/capabilities';
import { renderChart, type RenderOptions } from '../../server/src/engine/render/index';
import { main } from '../../server/src/cli';
import { helmBinary, HELM_KEYS, type HelmKey, type OracleCase, type OracleResult } from './helmOracle';

// ---------------------------------------------------------------------------------------------------------------
// The snippet oracle, mirrored: the same chart layout rendered by us
// ---------------------------------------------------------------------------------------------------------------

/** The subset of helm template flags the snippet cases use, as RenderOptions. */
function optionsOf(args: readonly string[], helmVersion: HelmKey): RenderOptions {
  const o: RenderOptions = { helmVersion, set: [], apiVersions: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = () => args[++i];
    if (a === '--set') o.set!.push(next());
    else if (a === '--kube-version') o.kubeVersion = next();
    else if (a === '--api-versions') o.apiVersions!.push(next());
    else if (a === '--is-upgrade') o.isUpgrade = true;
    else if (a === '--namespace' || a === '-n') o.namespace = next();
    else throw new Error(`unsupported flag in test: ${a}`);
  }
  return o;
}

/** Renders case `c` as the oracle's batch does, under the same case number `i` (positions in errors depend on it). */
function oursEval(c: OracleCase, i: number, key: HelmKey): OracleResult {
  {
    const files: Record<string, string> = {
      '/oracle/Chart.yaml': 'apiVersion: v2\nname: oracle\nversion: 0.1.0\nappVersion: "1.0"\n',
      '/oracle/values.yaml': c.values ?? '',
      [`/oracle/templates/_case_${i}.tpl`]: `{{- define "case_${i}" }}${c.template}{{ end }}`,
      [`/oracle/templates/case_${i}.yaml`]: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: case-${i}\ndata:\n  out: {{ include "case_${i}" . | b64enc | quote }}\n`,
    };
    for (const [p, content] of Object.entries(c.files ?? {})) files[`/oracle/${p}`] = content;
    const r = renderChart(memoryFileSystem(files), '/oracle', optionsOf(c.args ?? [], key));
    if (!r.ok) return { ok: false, error: `Error: ${r.error}` };
    const m = /name: case-\d+\ndata:\n {2}out: "([A-Za-z0-9+/=]*)"/.exec(r.output);
    return { ok: true, output: m ? Buffer.from(m[1], 'base64').toString('utf8').split('<no value>').join('') : `<no output: ${r.output}>` };
  }
}

const SNIPPETS: Array<{ title: string; c: OracleCase; fails?: boolean }> = [
  { title: 'include renders a define with the given data', c: { template: '{{ include "x" "a" }}', files: { 'templates/_x.tpl': '{{ define "x" }}[{{ . }}]{{ end }}' } } },
  { title: 'include of a missing template fails as Helm reports it', fails: true, c: { template: '{{ include "nope" . }}' } },
  { title: 'tpl renders a string against the values', c: { template: '{{ tpl "{{ .Values.a }}-{{ .Release.Name }}" . }}', values: 'a: hi\n' } },
  { title: 'tpl sees defines of the chart and its own defines', c: { files: { 'templates/_d.tpl': '{{ define "d" }}D{{ end }}' }, template: '{{ tpl "{{ define \\"e\\" }}E{{ end }}{{ include \\"d\\" . }}{{ include \\"e\\" . }}" . }}' } },
  { title: 'tpl of a parse error names the text and gotpl', fails: true, c: { template: '{{ tpl "{{ x }}" . }}' } },
  { title: 'tpl execution errors are wrapped with the text', fails: true, c: { template: '{{ tpl "{{ .Values.a.b.c }}" . }}' } },
  { title: 'tpl of an empty or blank text inside tpl renders that text, not the enclosing one', c: { template: '{{ tpl "a{{ tpl \\"\\" . }}b{{ tpl \\" \\" . }}c{{ tpl \\"{{/* x */}}\\" . }}d" . }}' } },
  { title: 'tpl replaces <no value> in its output', c: { template: '{{ tpl "[{{ .Values.nope }}]" . }}' } },
  { title: 'required passes a set value through', c: { template: '{{ required "need a" .Values.a }}', values: 'a: 5\n' } },
  { title: 'required fails on a missing value with its message', fails: true, c: { template: '{{ required "need a" .Values.a }}' } },
  { title: 'required fails on an empty string', fails: true, c: { template: '{{ required "empty a" .Values.a }}', values: 'a: ""\n' } },
  { title: 'fail stops the render with an execution error', fails: true, c: { template: 'x{{ fail "boom" }}' } },
  { title: 'fail inside an include reports the outer position', fails: true, c: { template: '{{ include "f" . }}', files: { 'templates/_f.tpl': '{{ define "f" }}\n{{ fail "deep" }}{{ end }}' } } },
  { title: 'lookup returns an empty map without a cluster', c: { template: '{{ lookup "v1" "Secret" "ns" "x" | toJson }}|{{ (lookup "v1" "Secret" "ns" "x").data }}' } },
  { title: 'a nil pointer error inside include is reformatted per version', fails: true, c: { template: '{{ include "g" . }}', files: { 'templates/_g.tpl': '{{ define "g" }}{{ .Values.a.b.c }}{{ end }}' } } },
  { title: 'an error inside a builtin keeps Go text', fails: true, c: { template: '{{ index .Values.x 5 }}' } },
  { title: 'toYaml, toJson and fromYaml round trip values', c: { template: '{{ toYaml .Values }}|{{ toJson .Values }}|{{ (fromYaml "a: [1, 2]").a }}', values: 'b:\n  c: 1000000\n  d: [x, true]\n' } },
  { title: 'fromYaml puts a parse error into Error', c: { template: '{{ (fromYaml "a: [").Error }}|{{ fromYamlArray "- 1\\n- b" | toJson }}' } },
  { title: 'fromJson and fromJsonArray decode JSON', c: { template: '{{ (fromJson "{\\"a\\": 1.5}").a }}|{{ fromJsonArray "[1, \\"x\\"]" | toJson }}|{{ (fromJson "[1]").Error }}' } },
  { title: 'getHostByName returns nothing without DNS', c: { template: '[{{ getHostByName "example.com" }}]' } },
  { title: 'env and expandenv are not defined', fails: true, c: { template: '{{ env "HOME" }}' } },
  { title: '.Template.Name and .Template.BasePath name the executing file', c: { template: '{{ .Template.Name }}|{{ .Template.BasePath }}' } },
  { title: '.Capabilities defaults per Helm version', c: { template: '{{ .Capabilities.KubeVersion }}|{{ .Capabilities.KubeVersion.Version }}|{{ .Capabilities.KubeVersion.Major }}.{{ .Capabilities.KubeVersion.Minor }}|{{ .Capabilities.KubeVersion.GitVersion }}|{{ .Capabilities.APIVersions.Has "batch/v1" }}|{{ .Capabilities.APIVersions.Has "x/v9" }}|{{ .Capabilities.HelmVersion.Version }}' } },
  { title: '.Capabilities with --kube-version and --api-versions', c: { template: '{{ .Capabilities.KubeVersion }}|{{ .Capabilities.KubeVersion.Version }}|{{ .Capabilities.KubeVersion.Minor }}|{{ .Capabilities.APIVersions.Has "x.io/v9" }}', args: ['--kube-version', 'v1.29.3', '--api-versions', 'x.io/v9'] } },
  { title: '.Capabilities marshals to JSON', c: { template: '{{ toJson .Capabilities.KubeVersion }}|{{ .Capabilities.HelmVersion | toJson }}' } },
  { title: '.Release for an install and an upgrade', c: { template: '{{ .Release.Name }}|{{ .Release.Namespace }}|{{ .Release.IsInstall }}|{{ .Release.IsUpgrade }}|{{ .Release.Revision }}|{{ .Release.Service }}' } },
  { title: '.Release.IsUpgrade with --is-upgrade', c: { template: '{{ .Release.IsInstall }}|{{ .Release.IsUpgrade }}', args: ['--is-upgrade'] } },
  { title: '.Chart fields and IsRoot', c: { template: '{{ .Chart.Name }}|{{ .Chart.Version }}|{{ .Chart.AppVersion }}|{{ .Chart.IsRoot }}|{{ .Chart.APIVersion }}' } },
  {
    title: '.Files.Get, GetBytes, Lines and Glob',
    c: {
      template: '{{ .Files.Get "files/a.txt" }}|{{ len (.Files.GetBytes "files/a.txt") }}|{{ range .Files.Lines "files/a.txt" }}<{{ . }}>{{ end }}|{{ .Files.Get "nope" }}|{{ len (.Files.Glob "files/*.txt") }}',
      files: { 'files/a.txt': 'one\ntwo\n', 'files/b.txt': 'bee', 'files/sub/c.txt': 'sea' },
    },
  },
  {
    title: '.Files.AsConfig and AsSecrets of a glob',
    c: { template: '{{ (.Files.Glob "files/**").AsConfig }}\n{{ (.Files.Glob "files/*.txt").AsSecrets }}', files: { 'files/a.txt': 'one\ntwo\n', 'files/b.txt': 'bee', 'files/sub/c.conf': 'x: 1' } },
  },
  {
    title: 'ranging over .Files.Glob gives names and bytes in order',
    c: { template: '{{ range $name, $data := .Files.Glob "files/*" }}{{ $name }}={{ $data | toString }};{{ end }}{{ index .Files "files/a.txt" | toString }}', files: { 'files/b.txt': 'B', 'files/a.txt': 'A' } },
  },
  { title: 'a glob with braces and classes', c: { template: '{{ (.Files.Glob "files/{a,b}.[tc]xt").AsConfig }}', files: { 'files/a.txt': 'A', 'files/b.cxt': 'B', 'files/c.txt': 'C' } } },
  {
    title: 'a named map type (.Files.Glob) in if, len, index, printf, kindOf and range',
    c: {
      template: '{{ if .Files.Glob "nope/*" }}y{{ else }}n{{ end }}|{{ len (.Files.Glob "x/*") }}|{{ index (.Files.Glob "x/*") "x/a" | toString }}|{{ printf "%v %T" (.Files.Glob "x/*") (.Files.Glob "x/*") }}|{{ kindOf (.Files.Glob "x/*") }}|{{ range $k, $v := .Files.Glob "x/*" }}{{ $k }};{{ end }}|{{ .Files.Glob "x/*" | toJson }}',
      files: { 'x/a': 'A', 'x/b': 'B' },
    },
  },
  { title: 'dig rejects .Values (a named map type) as Helm does', fails: true, c: { template: '{{ dig "a" "" .Values }}', values: 'a: 1\n' } },
  { title: 'a struct-typed argument of the wrong type fails without "error calling"', fails: true, c: { template: '{{ dateModify "1h" "x" }}' } },
  { title: 'binary strings keep their bytes through b64dec, b64enc, sha256sum and len', c: { template: '{{ "/+7/AA==" | b64dec | b64enc }}|{{ "/+7/AA==" | b64dec | sha256sum }}|{{ "/+7/AA==" | b64dec | len }}' } },
  { title: 'toYamlPretty uses the yaml.v3 layout', c: { template: '{{ toYamlPretty .Values }}', values: 'a:\n  - x: 1\n    y: [1, 2]\nb: {c: "1"}\n' } },
  { title: 'fromJson and fromJsonArray of null', c: { template: '{{ fromJson "null" }}|{{ fromJsonArray "null" }}|{{ (fromJson "{\\"a\\": 1, \\"b\\": [}").a }}' } },
  {
    title: 'fromToml decodes tables, arrays of tables, int64, datetimes and reports errors as BurntSushi/toml',
    c: {
      template:
        '{{ $t := fromToml "a = 1\\nb = \\"x\\"\\n[c]\\nd = [1, 2.5, true]\\ne = 1979-05-27T07:32:00Z\\nf = 1979-05-27T07:32:00\\ng = 1979-05-27\\n[[h]]\\ni = 1\\n[[h]]\\ni = 2\\n" }}{{ $t }}|{{ typeOf $t.a }}|{{ typeOf $t.h }}|{{ (fromToml "a = ").Error }}|{{ (fromToml "a = 1\\na = 2").Error }}|{{ (fromToml "[x]\\n[x]").Error }}|{{ (fromToml "a = 1 b").Error }}',
    },
  },
  { title: 'include recursion stops with Helm message', fails: true, c: { template: '{{ include "r" . }}', files: { 'templates/_r.tpl': '{{ define "r" }}{{ include "r" . }}{{ end }}' } } },
];

// ---------------------------------------------------------------------------------------------------------------
// Whole charts
// ---------------------------------------------------------------------------------------------------------------

interface ChartCase {
  title: string;
  files: Record<string, string>;
  args?: string[];
  /** Only for these versions (default: all). */
  helm?: HelmKey[];
}

const CHART = (name: string, extra = '') => `apiVersion: v2\nname: ${name}\nversion: 0.1.0\nappVersion: "1.0"\n${extra}`;
const CM = (name: string, data = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${data ? `data:\n${data}` : ''}`;

const CHARTS: ChartCase[] = [
  {
    title: 'manifests sorted by kind, hooks appended after them, NOTES.txt not printed',
    files: {
      'Chart.yaml': CHART('top'),
      'templates/a.yaml': CM('a') + '---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n',
      'templates/b.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: post-install,pre-upgrade\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "-5"\n',
      'templates/c.yaml': 'apiVersion: x.io/v1\nkind: Zeta\nmetadata:\n  name: z\n---\napiVersion: x.io/v1\nkind: Alpha\nmetadata:\n  name: al\n---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: vw\n',
      'templates/d.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\n  annotations:\n    helm.sh/hook: pre-instal\n',
      'templates/NOTES.txt': 'Thanks for installing {{ .Release.Name }}\n',
    },
  },
  {
    // SimpleHead is filled through encoding/json (field names ignoring case) and events are lower-cased by Go's rules
    // (PRE-İNSTALL is pre-install): both documents are hooks, printed after the manifests.
    title: 'a hook head read as Helm reads it: `Kind:`/`METADATA:` fields, an event lower-cased the Go way',
    files: {
      'Chart.yaml': CHART('top'),
      'templates/a.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: upper-event\n  annotations:\n    helm.sh/hook: PRE-\u0130NSTALL\n',
      'templates/b.yaml': 'apiVersion: v1\nKind: Pod\nMETADATA:\n  Name: upper-fields\n  ANNOTATIONS:\n    helm.sh/hook: test\n',
      'templates/c.yaml': CM('c'),
    },
  },
  {
    title: 'subcharts get their own values, globals and .Chart; parent defines win',
    files: {
      'Chart.yaml': CHART('parent', 'dependencies:\n  - name: child\n    version: 0.1.0\n  - name: other\n    version: 0.1.0\n    condition: other.enabled\n'),
      'values.yaml': 'global:\n  g: G\nchild:\n  x: from-parent\nother:\n  enabled: false\n',
      'templates/p.yaml': CM('p-{{ .Chart.Name }}', '  sub: {{ .Subcharts.child.Values.x }}\n  g: {{ .Values.global.g }}\n  d: {{ include "shared" . }}\n'),
      'templates/_p.tpl': '{{ define "shared" }}parent{{ end }}',
      'charts/child/Chart.yaml': CHART('child'),
      'charts/child/values.yaml': 'x: default\ny: why\n',
      'charts/child/templates/c.yaml': CM('c-{{ .Chart.Name }}', '  x: {{ .Values.x }}\n  y: {{ .Values.y }}\n  g: {{ .Values.global.g }}\n  d: {{ include "shared" . }}\n  root: {{ .Chart.IsRoot }}\n  t: {{ .Template.Name }}\n  b: {{ .Template.BasePath }}\n'),
      'charts/child/templates/_c.tpl': '{{ define "shared" }}child{{ end }}',
      'charts/other/Chart.yaml': CHART('other'),
      'charts/other/templates/o.yaml': CM('other'),
    },
  },
  {
    title: 'a library chart contributes only its helpers',
    files: {
      'Chart.yaml': CHART('app', 'dependencies:\n  - name: lib\n    version: 0.1.0\n'),
      'templates/a.yaml': '{{ include "lib.cm" . }}',
      'charts/lib/Chart.yaml': CHART('lib', 'type: library\n'),
      'charts/lib/templates/_cm.tpl': '{{ define "lib.cm" }}' + CM('from-lib') + '{{ end }}',
      'charts/lib/templates/ignored.yaml': CM('never'),
    },
  },
  {
    title: 'document splitting: separators glued to text, empty documents, trailing spaces and comments',
    files: {
      'Chart.yaml': CHART('split'),
      'templates/a.yaml': '\n\n---\n---\n' + CM('one') + '---   \n\n' + CM('two') + '   \n---\n# just a comment\n---\n{{- "" }}\n' + CM('three') + '\n\n\n',
      'templates/b.yaml': '---' + CM('glued') + '\n--- \n  ' + CM('indented'),
      'templates/empty.yaml': '{{- if false }}x{{ end }}\n\n',
      'templates/text.yaml': '# only a comment\n',
    },
  },
  {
    title: 'CRDs are printed first with --include-crds',
    args: ['--include-crds'],
    files: {
      'Chart.yaml': CHART('crdy', 'dependencies:\n  - name: sub\n    version: 0.1.0\n'),
      'crds/a.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: as.x.io\n',
      'crds/notes.txt': 'not a manifest',
      'templates/a.yaml': CM('a'),
      'charts/sub/Chart.yaml': CHART('sub'),
      'charts/sub/crds/b.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: bs.x.io\n',
    },
  },
  {
    title: '--show-only prints the matching templates',
    args: ['--show-only', 'templates/b.yaml', '-s', 'templates/h*.yaml'],
    files: {
      'Chart.yaml': CHART('shown'),
      'templates/a.yaml': CM('a'),
      'templates/b.yaml': CM('b1') + '---\n' + CM('b2'),
      'templates/hook.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: h\n  annotations:\n    helm.sh/hook: pre-install\n',
    },
  },
  { title: '--show-only of a missing template fails', args: ['--show-only', 'templates/nope.yaml'], files: { 'Chart.yaml': CHART('shown'), 'templates/a.yaml': CM('a') } },
  {
    title: '--skip-tests leaves out test hooks',
    args: ['--skip-tests'],
    files: { 'Chart.yaml': CHART('tests'), 'templates/a.yaml': CM('a'), 'templates/t.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test-success\n' },
  },
  { title: 'a fail in a template is an execution error', files: { 'Chart.yaml': CHART('failing'), 'templates/a.yaml': CM('a') + '{{ fail "stop here" }}\n' } },
  { title: 'a parse error names the file and line', files: { 'Chart.yaml': CHART('broken'), 'templates/a.yaml': 'a: 1\n{{ if }}\n' } },
  { title: 'rendered YAML that does not parse fails with the file name', files: { 'Chart.yaml': CHART('badyaml'), 'templates/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   bad: indent\n' } },
  { title: 'a chart kubeVersion constraint that the cluster does not meet fails', files: { 'Chart.yaml': CHART('kv', 'kubeVersion: "<1.20.0"\n'), 'templates/a.yaml': CM('a') } },
  { title: 'an invalid --kube-version fails before rendering', args: ['--kube-version', 'banana'], files: { 'Chart.yaml': CHART('kv2'), 'templates/a.yaml': CM('a') } },
  { title: 'a library chart cannot be rendered on its own', files: { 'Chart.yaml': CHART('lonelib', 'type: library\n'), 'templates/_a.tpl': '{{ define "x" }}{{ end }}' } },
  {
    title: 'a template with only spaces renders nothing and a missing value prints nothing',
    files: { 'Chart.yaml': CHART('quiet'), 'templates/a.yaml': '   \n', 'templates/b.yaml': CM('b', '  v: "{{ .Values.missing }}"\n  w: {{ .Values.missing.deeper | default "d" }}\n') },
  },
];

function tmpChart(files: Record<string, string>, root: string, name: string): string {
  const dir = path.join(root, name);
  for (const [p, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), content);
  }
  return dir;
}

function runHelm(key: HelmKey, args: string[]): Promise<{ ok: boolean; text: string }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-home-'));
  return new Promise((resolve) => {
    execFile(
      helmBinary(key),
      args,
      { encoding: 'utf8', timeout: 120000, env: { ...process.env, HELM_CACHE_HOME: path.join(home, 'c'), HELM_CONFIG_HOME: path.join(home, 'f'), HELM_DATA_HOME: path.join(home, 'd') } },
      (err, stdout, stderr) => {
        fs.rmSync(home, { recursive: true, force: true });
        resolve(err ? { ok: false, text: String(stderr).trim() } : { ok: true, text: String(stdout) });
      },
    );
  });
}

/** helmEval in a child process, so the three Helm versions and the chart runs overlap. */
function helmEvalAsync(cases: readonly OracleCase[], key: HelmKey): Promise<OracleResult[]> {
  const oracle = require.resolve('./helmOracle');
  const script = `const {helmEval}=require(${JSON.stringify(oracle)});let s='';process.stdin.on('data',d=>s+=d).on('end',()=>process.stdout.write(JSON.stringify(helmEval(JSON.parse(s),${JSON.stringify(key)}))));`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      if (err) reject(err);
      else resolve(JSON.parse(stdout) as OracleResult[]);
    });
    child.stdin?.end(JSON.stringify(cases));
  });
}

async function pool<T>(tasks: Array<() => Promise<T>>, n: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]();
      }
    }),
  );
  return out;
}

function chartOptions(args: readonly string[], helmVersion: HelmKey): RenderOptions {
  const o: RenderOptions = { helmVersion, showOnly: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--include-crds') o.includeCrds = true;
    else if (a === '--skip-tests') o.skipTests = true;
    else if (a === '--show-only' || a === '-s') o.showOnly!.push(args[++i]);
    else if (a === '--kube-version') o.kubeVersion = args[++i];
    else throw new Error(`unsupported flag in test: ${a}`);
  }
  return o;
}

/** Deep equality; a long mismatch is cut before diffing (mocha's diff of 100 KB strings takes seconds). */
function sameResult<T extends object>(ours: T, theirs: T): void {
  if (JSON.stringify(ours) === JSON.stringify(theirs)) return;
  const cut = (o: T) => JSON.parse(JSON.stringify(o, (_k, v: unknown) => (typeof v === 'string' && v.length > 3000 ? `${v.slice(0, 1500)} … ${v.slice(-1500)}` : v))) as T;
  assert.deepStrictEqual(cut(ours), cut(theirs));
}

describe('render engine: Helm render driver and output compared with real helm', function () {
  this.timeout(120000);
  const snippetHelm = new Map<HelmKey, OracleResult[]>();
  const chartHelm = new Map<string, { ok: boolean; text: string }>();
  let root = '';

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'render-engine-'));
    const tasks: Array<() => Promise<void>> = [];
    CHARTS.forEach((c, i) => {
      const dir = tmpChart(c.files, root, `chart${i}`);
      for (const key of c.helm ?? HELM_KEYS) {
        tasks.push(async () => {
          chartHelm.set(`${i}|${key}`, await runHelm(key, ['template', dir, ...(c.args ?? [])]));
        });
      }
    });
    const charts = pool(tasks, 4);
    // Cases expected to fail get a batch of their own (a distinct values file), so Helm's batch need not bisect.
    const cases = SNIPPETS.map((s, i) => (s.fails ? { ...s.c, values: `${s.c.values ?? ''}# alone ${i}\n` } : s.c));

    await Promise.all([charts, ...HELM_KEYS.map(async (key) => snippetHelm.set(key, await helmEvalAsync(cases, key)))]);
  });

  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  for (const key of HELM_KEYS) {
    describe(`Helm ${key}`, () => {
      SNIPPETS.forEach((s, i) => {
        it(`${s.title}`, () => {
          const theirs = snippetHelm.get(key)![i];
          const ours = oursEval(s.c, i, key);
          sameResult(ours, theirs);
        });
      });
      CHARTS.forEach((c, i) => {
        if (c.helm && !c.helm.includes(key)) return;
        it(`chart: ${c.title}`, () => {
          const theirs = chartHelm.get(`${i}|${key}`)!;
          const dir = path.join(root, `chart${i}`).split(path.sep).join('/');
          const r = renderChart(nodeFileSystem, dir, chartOptions(c.args ?? [], key));
          const ours = r.ok ? { ok: true, text: r.output } : { ok: false, text: `Error: ${r.error}` };
          sameResult(ours, theirs);
        });
      });
    });
  }

  describe('helm-hooks template (CLI)', () => {
    const cli = (argv: string[]) => {
      let out = '';
      let err = '';
      const code = main(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd: root, colors: false, env: {} });
      return { code, out, err };
    };
    it('prints what helm template prints, with the release name and Helm version given', () => {
      const theirs = chartHelm.get('0|4')!;
      const r = cli(['template', 'chart0', '--helm-version', '4']);
      assert.deepStrictEqual({ code: r.code, out: r.out, err: r.err }, { code: 0, out: theirs.text, err: '' });
      const named = cli(['template', 'chart1', '--release', 'rel', '-n', 'ns', '--helm-version', '3']);
      assert.strictEqual(named.code, 0);
      assert.ok(!named.out.includes('release-name'));
    });
    it('fails with Helm message on stderr and exit status 1', () => {
      const i = CHARTS.findIndex((c) => c.title.startsWith('a fail in a template'));
      const theirs = chartHelm.get(`${i}|4.2`)!;
      const r = cli(['template', `chart${i}`, '--helm-version', '4.2']);
      assert.deepStrictEqual({ code: r.code, out: r.out, err: r.err }, { code: 1, out: '', err: `${theirs.text}\n` });
      assert.deepStrictEqual(cli(['template', 'nope']), { code: 1, out: '', err: 'Error: path "nope" not found\n' });
    });
  });

  describe('units', () => {
    it('templates parse deepest first, then in reverse name order', () => {
      assert.deepStrictEqual(sortTemplates(['a/templates/b.yaml', 'a/charts/c/templates/x.yaml', 'a/templates/a.yaml', 'a/templates/_h.tpl']), [
        'a/charts/c/templates/x.yaml',
        'a/templates/b.yaml',
        'a/templates/a.yaml',
        'a/templates/_h.tpl',
      ]);
    });
    it('a document separator needs a newline before it but swallows the spaces after it', () => {
      assert.deepStrictEqual(splitManifests('a: 1\n---  \n  b: 2\nc: 3 ---\nd', '4'), ['a: 1', 'b: 2\nc: 3 ---\nd']);
      assert.deepStrictEqual(splitManifests('x: 1  \n', '4.2'), ['x: 1  \n']);
      assert.deepStrictEqual(splitManifests('x: 1  \n', '4'), ['x: 1']);
    });
    it('gobwas globs: * stays in a segment, ** crosses them, a bad pattern does not compile', () => {
      assert.ok(compileGlob('files/*')!.test('files/a'));
      assert.ok(!compileGlob('files/*')!.test('files/a/b'));
      assert.ok(compileGlob('files/**')!.test('files/a/b'));
      assert.ok(compileGlob('{a,b}/?.txt')!.test('b/x.txt'));
      assert.strictEqual(compileGlob('files/[a'), undefined);
    });
    it('--show-only patterns match like filepath.Match', () => {
      assert.ok(filepathMatch('templates/*.yaml', 'templates/a.yaml'));
      assert.ok(!filepathMatch('templates/*', 'templates/sub/a.yaml'));
      assert.ok(filepathMatch('templates/[^b]*.yaml', 'templates/a.yaml'));
      assert.ok(!filepathMatch('templates/[', 'templates/['));
    });
    it('--kube-version is parsed per Helm: semver for 3, generic for 4', () => {
      assert.deepStrictEqual(parseKubeVersion('1.30', '3'), { version: 'v1.30.0', major: '1', minor: '30' });
      assert.deepStrictEqual(parseKubeVersion('v1.30.2-gke.1', '4'), { version: 'v1.30.2-gke.1', normalized: 'v1.30.2', major: '1', minor: '30' });
      assert.throws(() => parseKubeVersion('1', '4'), /illegal version string "1"/);
    });
  });
});
