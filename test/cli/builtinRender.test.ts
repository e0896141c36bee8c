/**
 * `helm-hooks order` and `lint` render with the built-in renderer by default: the value flags of `helm template`,
 * Helm's message at file:line:col when the chart does not render, diagnostics judged on what renders, and the
 * masked reading with `--static`. Checked against real Helm (.tools/helm/4) where it decides the answer.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'helm-hooks.js');
const HELM4 = path.join(ROOT, '.tools', 'helm', '4', 'helm');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', HELM_HOOKS_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json<T>(r: Run): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.code}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
}

interface OrderJson {
  mode: string;
  hookCount: number;
  commands: Record<string, { steps: Array<{ id: string; items: Array<{ kind: string; name: string; weight: number; line: number; file: string }> }> }>;
  render?: { method: string; command: string[]; release: string; namespace: string; valuesFiles: string[]; set: string[] };
  renderErrors?: Array<{ message: string; path?: string; file?: string; line?: number; column?: number }>;
}

interface Finding {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
}

let tmp: string;

function write(files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
}

function eventNames(o: OrderJson, command: string, event: string): string[] {
  const step = o.commands[command]?.steps.find((s) => s.id === event);
  assert.ok(step, `no ${event} step in ${command}`);
  return step.items.map((i) => `${i.kind}/${i.name}`);
}

/** Real Helm 4's order of one event for `helm install … --dry-run=client -o json` (spec §7: stable sort by weight, name). */
function helmEventOrder(args: string[], event: string): string[] {
  const env = { ...process.env, HELM_CACHE_HOME: path.join(tmp, '.cache'), HELM_CONFIG_HOME: path.join(tmp, '.config'), HELM_DATA_HOME: path.join(tmp, '.data') };
  const r = spawnSync(HELM4, ['install', ...args, '--dry-run=client', '-o', 'json'], { cwd: tmp, encoding: 'utf8', env });
  assert.strictEqual(r.status, 0, r.stderr);
  const hooks = (JSON.parse(r.stdout) as { hooks?: Array<{ name?: string; kind: string; events: string[]; weight?: number }> }).hooks ?? [];
  return hooks
    .filter((h) => h.events.includes(event))
    .map((h) => ({ kind: h.kind, name: h.name ?? '', weight: h.weight ?? 0 }))
    .sort((a, b) => a.weight - b.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((h) => `${h.kind}/${h.name}`);
}

/**
 * A chart whose hooks a static reading cannot know: names from a helper, annotations built by a helper from
 * values, a hook switched by a value, a weight from `--set-json`-able values, a hook only on upgrade.
 */
function helperChart(): void {
  write({
    'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
    'app/values.yaml': 'seed:\n  enabled: false\nmigrate:\n  weight: 5\n',
    'app/templates/_helpers.tpl':
      '{{- define "app.fullname" -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 }}{{- end -}}\n' +
      '{{- define "app.hook" -}}\n"helm.sh/hook": {{ .events | quote }}\n"helm.sh/hook-weight": {{ .weight | quote }}\n{{- end -}}\n',
    'app/templates/migrate.yaml':
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ include "app.fullname" . }}-migrate\n  annotations:\n' +
      '    {{- include "app.hook" (dict "events" "pre-install,pre-upgrade" "weight" .Values.migrate.weight) | nindent 4 }}\n' +
      'spec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: []\n',
    'app/templates/seed.yaml':
      '{{- if .Values.seed.enabled }}\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ include "app.fullname" . }}-seed\n  annotations:\n' +
      '    "helm.sh/hook": pre-install\n    "helm.sh/hook-weight": "1"\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: []\n{{- end }}\n',
    'app/templates/upgrade-only.yaml':
      '{{- if .Release.IsUpgrade }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "app.fullname" . }}-upgraded\n  annotations:\n' +
      '    "helm.sh/hook": pre-upgrade\n{{- end }}\n',
    'prod.yaml': 'seed:\n  enabled: true\n',
  });
}

beforeEach(function () {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-builtin-')));
});

afterEach(function () {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('helm-hooks order: the built-in render by default', function () {
  this.timeout(60000);

  it('gives hooks built by helpers and values the names and weights Helm gives them, with -f, --set and --set-json', function () {
    helperChart();
    const args = ['--release', 'prod', '-n', 'apps', '-f', 'prod.yaml', '--set', 'migrate.weight=-3', '--set-json', 'seed={"enabled":true}'];
    const r = cli(['order', 'app', '--format', 'json', ...args], tmp);
    assert.strictEqual(r.code, 0, r.stderr);
    const o = json<OrderJson>(r);
    assert.strictEqual(o.mode, 'builtin');
    assert.strictEqual(o.render?.method, 'builtin');
    assert.deepStrictEqual([o.render?.release, o.render?.namespace, o.render?.valuesFiles], ['prod', 'apps', ['prod.yaml']]);
    assert.deepStrictEqual(o.render?.command, ['helm', 'template', 'prod', path.join(tmp, 'app').split(path.sep).join('/'), '--namespace=apps', '--values=prod.yaml', '--set=migrate.weight=-3', '--set-json=seed={"enabled":true}']);
    assert.deepStrictEqual(eventNames(o, 'install', 'pre-install'), ['Job/prod-app-migrate', 'Job/prod-app-seed']);
    const migrate = o.commands.install.steps.find((s) => s.id === 'pre-install')!.items[0];
    assert.strictEqual(migrate.weight, -3);
    // The rendered hook points at its template document.
    assert.strictEqual(migrate.file, path.join(tmp, 'app', 'templates', 'migrate.yaml').split(path.sep).join('/'));
    if (fs.existsSync(HELM4)) {
      // `--set-json` is the built-in render's: helm install is given the same values with --set.
      assert.deepStrictEqual(eventNames(o, 'install', 'pre-install'), helmEventOrder(['prod', 'app', '-n', 'apps', '-f', 'prod.yaml', '--set', 'migrate.weight=-3', '--set', 'seed.enabled=true'], 'pre-install'));
    }
    // The masked reading cannot know any of it.
    const masked = json<OrderJson>(cli(['order', 'app', '--format', 'json', '--static'], tmp));
    assert.strictEqual(masked.mode, 'static');
    assert.notDeepStrictEqual(eventNames(masked, 'install', 'pre-install'), eventNames(o, 'install', 'pre-install'));
  });

  it('--is-upgrade renders the hooks a template keeps for upgrades', function () {
    helperChart();
    const install = json<OrderJson>(cli(['order', 'app', '--format', 'json', '--command', 'upgrade'], tmp));
    assert.deepStrictEqual(eventNames(install, 'upgrade', 'pre-upgrade'), ['Job/release-name-app-migrate']);
    const upgrade = json<OrderJson>(cli(['order', 'app', '--format', 'json', '--command', 'upgrade', '--is-upgrade'], tmp));
    assert.deepStrictEqual(eventNames(upgrade, 'upgrade', 'pre-upgrade'), ['ConfigMap/release-name-app-upgraded', 'Job/release-name-app-migrate']);
  });

  it('a chart that does not render: Helm\'s message at file:line:col, exit 1 (text and JSON)', function () {
    write({
      'req/Chart.yaml': 'apiVersion: v2\nname: req\nversion: 0.1.0\n',
      'req/values.yaml': 'image: {}\n',
      'req/templates/job.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ required "image.tag is required" .Values.image.tag }}\n  annotations:\n    "helm.sh/hook": pre-install\n',
    });
    const text = cli(['order', 'req'], tmp);
    assert.strictEqual(text.code, 1, text.stdout + text.stderr);
    assert.match(text.stdout, /^The chart does not render \(helm template fails the same way\): req\/templates\/job\.yaml:4:11:$/m);
    assert.match(text.stdout, /^ {2}execution error at \(req\/templates\/job\.yaml:4:11\): image\.tag is required$/m);
    assert.doesNotMatch(text.stdout, /helm install\n/, 'no timeline for a chart that does not render');
    const o = json<OrderJson>(cli(['order', 'req', '--format', 'json'], tmp));
    assert.strictEqual(o.mode, 'builtin');
    assert.deepStrictEqual(o.commands, {});
    const e = o.renderErrors![0];
    assert.deepStrictEqual([e.path, e.file, e.line, e.column], ['req/templates/job.yaml', path.join(tmp, 'req/templates/job.yaml').split(path.sep).join('/'), 4, 11]);
    if (fs.existsSync(HELM4)) {
      const helm = spawnSync(HELM4, ['template', 'req'], { cwd: tmp, encoding: 'utf8' });
      assert.strictEqual(helm.status, 1);
      assert.strictEqual(helm.stderr.split('\n')[0], `Error: ${e.message}`);
    }
    // Given the value, it renders.
    const fixed = cli(['order', 'req', '--format', 'json', '--set', 'image.tag=v1'], tmp);
    assert.strictEqual(fixed.code, 0, fixed.stderr);
    assert.deepStrictEqual(eventNames(json<OrderJson>(fixed), 'install', 'pre-install'), ['Job/v1']);
  });

  it('a values file that does not exist is Helm\'s error, exit 1', function () {
    helperChart();
    const r = cli(['order', 'app', '-f', 'nope.yaml'], tmp);
    assert.strictEqual(r.code, 1);
    assert.strictEqual(r.stderr, 'Error: open nope.yaml: no such file or directory\n');
  });

  it('options that do not fit the source asked for exit 2', function () {
    helperChart();
    const cases: Array<[string[], RegExp]> = [
      [['order', 'app', '--static', '--set', 'a=b'], /--set applies only to a render: --static reads the templates/],
      [['order', 'app', '--render', '--set-string', 'a=b'], /--set-string applies only to the built-in render, not with --render/],
      [['order', 'app', '--helm', '/bin/helm'], /--helm applies only with --render/],
      [['order', 'app', '--render', '--static'], /--render and --static exclude each other/],
      [['order', 'app', '--target', 'argocd', '-f', 'prod.yaml'], /--target argocd reads the templates .*--values/],
      [['lint', 'app', '--static', '-f', 'prod.yaml'], /--values applies only to a render/],
      [['order', 'app', '--timeout', 'soon'], /--timeout takes a number of seconds/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args, tmp);
      assert.strictEqual(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });
});

describe('helm-hooks lint: the template text and the built-in render', function () {
  this.timeout(60000);

  function requiredChart(): void {
    write({
      'req/Chart.yaml': 'apiVersion: v2\nname: req\nversion: 0.1.0\n',
      'req/values.yaml': 'image: {}\n',
      'req/templates/job.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ required "image.tag is required" .Values.image.tag }}\n  annotations:\n    "helm.sh/hook": pre-install\n',
      'req/templates/typo.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    "helm.sh/hook": pre-instal\n',
    });
  }

  it('a render that fails is render-failed at the failing action; the template text is still linted', function () {
    requiredChart();
    // With values that still leave it out: an error, exit 1.
    const r = cli(['lint', '--format', 'json', 'req', '--set', 'image.pullPolicy=Always'], tmp);
    assert.strictEqual(r.code, 1, r.stderr);
    const findings = json<Finding[]>(r);
    assert.deepStrictEqual(
      findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.code}`),
      ['req/templates/job.yaml:4:12 error render-failed', 'req/templates/typo.yaml:6:21 error unknown-hook-event'],
    );
    assert.match(findings[0].message, /helm template and helm install fail with "execution error at \(req\/templates\/job\.yaml:4:11\): image\.tag is required"/);
  });

  it('with the chart\'s default values, a value that `required` asks for is information, not an error', function () {
    requiredChart();
    fs.rmSync(path.join(tmp, 'req/templates/typo.yaml'));
    const r = cli(['lint', '--format', 'json', 'req'], tmp);
    assert.strictEqual(r.code, 0, r.stdout);
    const [f] = json<Finding[]>(r);
    assert.deepStrictEqual([f.line, f.column, f.severity, f.code], [4, 12, 'information', 'render-failed']);
    assert.match(f.message, /^Renders only when /);
    assert.match(f.message, /image\.tag is required/);
    // Read without rendering, there is nothing to say.
    assert.deepStrictEqual(json<Finding[]>(cli(['lint', '--format', 'json', '--static', 'req'], tmp)), []);
  });

  it('a pitfall only the render shows is reported at the hook\'s template line, once per problem', function () {
    write({
      'pods/Chart.yaml': 'apiVersion: v2\nname: pods\nversion: 0.1.0\n',
      'pods/values.yaml': 'restart: Always\n',
      // Two Pods from one document, both restarting forever because of a value: one finding.
      'pods/templates/tests.yaml':
        '{{- range $n := list "a" "b" }}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ $.Release.Name }}-{{ $n }}\n  annotations:\n    "helm.sh/hook": test\n' +
        'spec:\n  restartPolicy: {{ $.Values.restart }}\n  containers: []\n{{- end }}\n',
      // Written literally: the static finding stands, and the rendered one is not added.
      'pods/templates/literal.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: literal\n  annotations:\n    "helm.sh/hook": test\nspec:\n  restartPolicy: Always\n  containers: []\n',
    });
    const r = cli(['lint', '--format', 'json', 'pods'], tmp);
    const found = json<Finding[]>(r).map((f) => `${f.file}:${f.line}:${f.column} ${f.code}`);
    assert.deepStrictEqual(found, ['pods/templates/literal.yaml:8:18 hook-pod-never-completes', 'pods/templates/tests.yaml:8:5 hook-pod-never-completes']);
    assert.match(json<Finding[]>(r)[1].message, /\(as rendered with these values\)$/);
    // With a value that fixes it, only the literal one is left; read without rendering, only the literal one too.
    const fixed = json<Finding[]>(cli(['lint', '--format', 'json', 'pods', '--set', 'restart=Never'], tmp)).map((f) => f.file);
    assert.deepStrictEqual(fixed, ['pods/templates/literal.yaml']);
    assert.deepStrictEqual(json<Finding[]>(cli(['lint', '--format', 'json', '--static', 'pods'], tmp)).map((f) => f.file), ['pods/templates/literal.yaml']);
  });

  it('SARIF says which documents the findings were judged on', function () {
    requiredChart();
    const source = (args: string[]) =>
      (json<{ runs: Array<{ properties?: { documentSource?: string } }> }>(cli(['lint', '--format', 'sarif', ...args, 'req'], tmp)).runs[0].properties?.documentSource ?? '').split(':')[0];
    assert.strictEqual(source([]), 'builtin');
    assert.strictEqual(source(['--static']), 'static');
  });
});
