/**
 * The `helm-hooks` CLI as a user runs it: `node bin/helm-hooks.js …` in a child process, over tiny charts written
 * to a temporary folder by each test. `npm test` builds first, so bin/ finds out/.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { main, type CliIO } from '../../server/src/cli';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'helm-hooks.js');
const PACKAGE_VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', HELM_HOOKS_DEBUG: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json<T>(r: Run): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.code}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
}

let tmp: string;

/** Writes files below the test's temporary folder; returns the folder of the first path segment. */
function write(files: Record<string, string | Buffer>): void {
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
}

/** 1-based line and column of the `|` caret in a fixture line, and the text without it. */
function caret(text: string): { text: string; line: number; column: number } {
  const i = text.indexOf('|');
  const before = text.slice(0, i);
  const line = before.split('\n').length;
  const column = i - (before.lastIndexOf('\n') + 1) + 1;
  return { text: before + text.slice(i + 1), line, column };
}

function chartYaml(name: string, extra = ''): string {
  return `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n${extra}`;
}

function hook(kind: string, name: string, events: string, weight: string | undefined, extra = ''): string {
  const w = weight === undefined ? '' : `\n    "helm.sh/hook-weight": "${weight}"`;
  const apiVersion = kind === 'Job' ? 'batch/v1' : kind === 'MutatingWebhookConfiguration' ? 'admissionregistration.k8s.io/v1' : kind === 'Certificate' ? 'cert-manager.io/v1' : 'v1';
  const meta = name === '' ? '  generateName: gen-' : `  name: ${name}`;
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n${meta}\n  annotations:\n    "helm.sh/hook": ${events}${w}\n${extra}`;
}

/** A gzip'd ustar archive, enough for a packaged subchart. */
function tgz(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, text] of Object.entries(files)) {
    const body = Buffer.from(text, 'utf8');
    const h = Buffer.alloc(512);
    h.write(name, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0' + '00', 257);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return zlib.gzipSync(Buffer.concat(blocks));
}

interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

interface StepItem {
  kind: string;
  name: string;
  path: string;
  line: number;
  weight: number;
  events: string[];
  deletePolicies: string[];
  outputLogPolicies: string[];
  conditional: boolean;
  dynamic: boolean;
  file: string;
  tieByName?: boolean;
}

interface OrderJson {
  chart: string;
  mode: string;
  helmVersion: number;
  chartRoot: string;
  hookCount: number;
  dropped: Array<{ kind: string; name: string; reason: string }>;
  commands: Record<string, { steps: Array<{ id: string; type: string; items: StepItem[] }>; notes: string[] }>;
}

function hookNames(o: OrderJson, command: string, event: string): string[] {
  const step = o.commands[command].steps.find((s) => s.id === event);
  assert.ok(step, `no ${event} step in ${command}`);
  return step.items.map((i) => `${i.kind}/${i.name}`);
}

beforeEach(function () {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-cli-')));
});

afterEach(function () {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('helm-hooks lint', function () {
  const typo = caret(hook('Job', 'seed', '|pre-instal', '1'));

  it('reports a typo’d event as JSON with 1-based positions and a cwd-relative file, exit 1', function () {
    write({ 'shop/Chart.yaml': chartYaml('shop'), 'shop/templates/seed.yaml': typo.text });
    const r = cli(['lint', '--format', 'json', 'shop'], tmp);
    assert.strictEqual(r.code, 1, r.stderr);
    const findings = json<Finding[]>(r);
    assert.deepStrictEqual(
      findings.map((f) => ({ file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, severity: f.severity, code: f.code })),
      [
        {
          file: 'shop/templates/seed.yaml',
          line: typo.line,
          column: typo.column,
          endLine: typo.line,
          endColumn: typo.column + 'pre-instal'.length,
          severity: 'error',
          code: 'unknown-hook-event',
        },
      ],
    );
    assert.match(findings[0].message, /pre-install/);
  });

  it('gives files outside the current folder as absolute paths', function () {
    write({ 'shop/Chart.yaml': chartYaml('shop'), 'shop/templates/seed.yaml': typo.text, 'elsewhere/.keep': '' });
    const r = cli(['lint', '--format', 'json', path.join(tmp, 'shop')], path.join(tmp, 'elsewhere'));
    assert.deepStrictEqual(
      json<Finding[]>(r).map((f) => f.file),
      [`${tmp.split(path.sep).join('/')}/shop/templates/seed.yaml`],
    );
  });

  it('exits 0 on a clean chart and when there are only warnings and hints', function () {
    write({
      'clean/Chart.yaml': chartYaml('clean'),
      'clean/templates/job.yaml': hook('Job', 'migrate', 'pre-install,pre-upgrade', '5'),
      'warned/Chart.yaml': chartYaml('warned'),
      'warned/templates/job.yaml': hook('Job', 'twice', 'pre-install,pre-install', '0'),
    });
    const clean = cli(['lint', '--format', 'json', 'clean'], tmp);
    assert.strictEqual(clean.code, 0, clean.stderr);
    assert.deepStrictEqual(json<Finding[]>(clean), []);
    const warned = cli(['lint', '--format', 'json', 'warned'], tmp);
    assert.strictEqual(warned.code, 0);
    assert.deepStrictEqual(
      json<Finding[]>(warned).map((f) => [f.severity, f.code]),
      [['warning', 'duplicate-hook-event']],
    );
  });

  it('prints `path:line:col: severity code: message` and a summary, without colour when piped', function () {
    write({
      'shop/Chart.yaml': chartYaml('shop'),
      'shop/templates/seed.yaml': typo.text,
      'shop/templates/twice.yaml': hook('Job', 'twice', 'pre-install,pre-install', '0'),
    });
    const r = cli(['lint', 'shop'], tmp);
    assert.strictEqual(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    assert.strictEqual(lines[0], `shop/templates/seed.yaml:${typo.line}:${typo.column}: error unknown-hook-event: ${lines[0].split(': ').slice(2).join(': ')}`);
    assert.match(lines[1], /^shop\/templates\/twice\.yaml:\d+:\d+: warning duplicate-hook-event: .+/);
    assert.strictEqual(lines[lines.length - 1], '1 error, 1 warning, 0 hints in 2 files · templates rendered by the built-in renderer');
    const plain = cli(['lint', '--static', 'shop'], tmp).stdout.trimEnd().split('\n');
    assert.strictEqual(plain[plain.length - 1], '1 error, 1 warning, 0 hints in 2 files · templates read without rendering (--static)');
    assert.ok(!r.stdout.includes('\u001b['), 'no ANSI escapes when stdout is not a TTY');
  });

  it('finds every chart below a folder, skipping node_modules and .git, and lints crds/', function () {
    write({
      'charts-repo/a/Chart.yaml': chartYaml('a'),
      'charts-repo/a/templates/seed.yaml': typo.text,
      'charts-repo/nested/b/Chart.yaml': chartYaml('b'),
      'charts-repo/nested/b/crds/widget.yaml': hook('CustomResourceDefinition', 'widgets.example.com', 'pre-install', undefined),
      'charts-repo/node_modules/c/Chart.yaml': chartYaml('c'),
      'charts-repo/node_modules/c/templates/seed.yaml': typo.text,
      'charts-repo/.git/d/Chart.yaml': chartYaml('d'),
      'charts-repo/.git/d/templates/seed.yaml': typo.text,
    });
    const r = cli(['lint', '--format', 'json', 'charts-repo'], tmp);
    assert.deepStrictEqual(
      json<Finding[]>(r).map((f) => `${f.file} ${f.code}`),
      ['charts-repo/a/templates/seed.yaml unknown-hook-event', 'charts-repo/nested/b/crds/widget.yaml hook-in-crds-folder'],
    );
  });

  /** A Job hook whose pod runs as the ServiceAccount `sa`. */
  const jobAs = (name: string, sa: string, weight: string) =>
    hook('Job', name, 'pre-install', weight, `spec:\n  template:\n    spec:\n      serviceAccountName: ${sa}\n      restartPolicy: Never\n`);

  it('a folder inside a chart means that chart; a file means that file, judged within its chart', function () {
    write({
      'shop/Chart.yaml': chartYaml('shop'),
      'shop/templates/hooks/seed.yaml': typo.text,
      'shop/templates/twice.yaml': hook('Job', 'twice', 'pre-install,pre-install', '0'),
      // The Job's ServiceAccount is a hook of the same weight in another file, which runs after it by name: only
      // visible chart-wide.
      'shop/templates/sa.yaml': hook('ServiceAccount', 'zz-sa', 'pre-install', '3'),
      'shop/templates/job.yaml': jobAs('aa-job', 'zz-sa', '3'),
    });
    const folder = json<Finding[]>(cli(['lint', '--format', 'json', 'shop/templates/hooks'], tmp));
    assert.deepStrictEqual(
      folder.map((f) => `${f.file} ${f.code}`),
      ['shop/templates/hooks/seed.yaml unknown-hook-event', 'shop/templates/job.yaml hook-runs-before-its-dependency', 'shop/templates/twice.yaml duplicate-hook-event'],
    );
    const file = cli(['lint', '--format', 'json', 'shop/templates/job.yaml'], tmp);
    assert.strictEqual(file.code, 1);
    assert.deepStrictEqual(
      json<Finding[]>(file).map((f) => `${f.file} ${f.severity} ${f.code}`),
      ['shop/templates/job.yaml error hook-runs-before-its-dependency'],
    );
    assert.deepStrictEqual(json<Finding[]>(cli(['lint', '--format', 'json', 'shop/templates/sa.yaml'], tmp)), []);
  });

  it('does not lint a packaged subchart, but its hooks still take part in the order', function () {
    write({
      'shop/Chart.yaml': chartYaml('shop', 'dependencies:\n  - name: vendored\n    version: 1.0.0\n'),
      // The Job needs the archived ServiceAccount, which runs after it: weight 0 both, and "aa" < "zz".
      'shop/templates/job.yaml': jobAs('aa-job', 'zz-sa', '0'),
      'shop/charts/vendored-1.0.0.tgz': tgz({
        'vendored/Chart.yaml': chartYaml('vendored'),
        'vendored/templates/typo.yaml': typo.text,
        'vendored/templates/sa.yaml': hook('ServiceAccount', 'zz-sa', 'pre-install', '0'),
      }),
    });
    for (const mode of [[], ['--static']]) {
      const lint = cli(['lint', '--format', 'json', 'shop', ...mode], tmp);
      assert.strictEqual(lint.code, 1, lint.stdout);
      assert.deepStrictEqual(
        json<Finding[]>(lint).map((f) => `${f.file} ${f.code}`),
        ['shop/templates/job.yaml hook-runs-before-its-dependency'],
        `lint ${mode.join(' ')}`,
      );
      const order = json<OrderJson>(cli(['order', 'shop', '--format', 'json', '--command', 'install', ...mode], tmp));
      assert.deepStrictEqual(hookNames(order, 'install', 'pre-install'), ['Job/aa-job', 'ServiceAccount/zz-sa']);
      assert.strictEqual(order.commands.install.steps.find((s) => s.id === 'pre-install')!.items[1].path, 'shop/charts/vendored/templates/sa.yaml');
      assert.deepStrictEqual(order.dropped.map((d) => d.name), ['seed']);
    }
  });

  it('writes SARIF 2.1.0 with one rule per diagnostic code and relative, forward-slash locations', function () {
    write({ 'shop/Chart.yaml': chartYaml('shop'), 'shop/templates/seed.yaml': typo.text });
    const r = cli(['lint', '--format', 'sarif', 'shop'], tmp);
    assert.strictEqual(r.code, 1);
    interface Sarif {
      $schema: string;
      version: string;
      runs: Array<{
        tool: { driver: { name: string; version: string; rules: Array<{ id: string; shortDescription: { text: string }; helpUri: string }> } };
        results: Array<{
          ruleId: string;
          ruleIndex: number;
          level: string;
          message: { text: string };
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }>;
        }>;
      }>;
    }
    const sarif = json<Sarif>(r);
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    assert.strictEqual(sarif.version, '2.1.0');
    assert.strictEqual(sarif.runs.length, 1);
    const { driver } = sarif.runs[0].tool;
    assert.strictEqual(driver.name, 'helm-hooks');
    assert.strictEqual(driver.version, PACKAGE_VERSION);
    const ids = driver.rules.map((rule) => rule.id);
    for (const code of ['unknown-hook-event', 'invalid-hook-weight', 'same-weight-tie-by-name', 'non-string-annotation']) assert.ok(ids.includes(code), code);
    for (const rule of driver.rules) {
      assert.ok(rule.shortDescription.text.length > 0, rule.id);
      assert.match(rule.helpUri, /^https:\/\//);
    }
    assert.strictEqual(sarif.runs[0].results.length, 1);
    const [result] = sarif.runs[0].results;
    assert.strictEqual(result.ruleId, 'unknown-hook-event');
    assert.strictEqual(ids[result.ruleIndex], 'unknown-hook-event');
    assert.strictEqual(result.level, 'error');
    assert.match(result.message.text, /pre-instal/);
    const loc = result.locations[0].physicalLocation;
    assert.strictEqual(loc.artifactLocation.uri, 'shop/templates/seed.yaml');
    assert.deepStrictEqual(loc.region, { startLine: typo.line, startColumn: typo.column, endLine: typo.line, endColumn: typo.column + 'pre-instal'.length });
  });

  it('SARIF maps warnings to warning and hints and information to note', function () {
    write({
      'shop/Chart.yaml': chartYaml('shop'),
      'shop/templates/legacy.yaml': hook('Pod', 'legacy', 'test-success', undefined, 'spec:\n  restartPolicy: Never\n'),
      'shop/templates/twice.yaml': hook('Job', 'twice', 'pre-install,pre-install', '0'),
    });
    const r = cli(['lint', '--format', 'sarif', 'shop'], tmp);
    assert.strictEqual(r.code, 0);
    const levels = (json<{ runs: Array<{ results: Array<{ ruleId: string; level: string }> }> }>(r).runs[0].results).map((x) => `${x.ruleId} ${x.level}`);
    assert.deepStrictEqual(levels, ['deprecated-hook-event note', 'duplicate-hook-event warning']);
  });

  describe('bad usage exits 2 with a message on stderr and no stack trace', function () {
    const cases: Array<[string, string[], RegExp]> = [
      ['no PATH', ['lint'], /missing PATH/],
      ['an unknown flag', ['lint', '--strict', '.'], /unknown option --strict/],
      ['an unknown format', ['lint', '--format', 'xml', '.'], /--format must be one of text, json, sarif/],
      ['an unknown Helm version', ['lint', '--helm-version', '2', '.'], /--helm-version must be one of 3, 4/],
      ['a PATH that does not exist', ['lint', 'no-such-chart'], /no-such-chart: no such file or directory/],
      ['a folder with no chart', ['lint', 'empty'], /empty: no Helm chart/],
      ['a file in no chart', ['lint', 'empty/notes.txt'], /not inside a Helm chart/],
      ['an unknown command', ['deploy'], /unknown command 'deploy'/],
      ['no command at all', [], /Usage:/],
    ];
    for (const [what, args, message] of cases) {
      it(what, function () {
        write({ 'empty/notes.txt': 'nothing here\n' });
        const r = cli(args, tmp);
        assert.strictEqual(r.code, 2, r.stdout + r.stderr);
        assert.match(r.stderr, message);
        assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
        assert.strictEqual(r.stdout, '');
      });
    }
  });
});

describe('helm-hooks order', function () {
  /**
   * Helm's order, worked out by hand from spec §2 (and checked against `helm install --dry-run=client -o json`):
   * the stored list is kind-sorted (ServiceAccount, Secret, ConfigMap, Job); pre-install stable-sorts it by
   * (weight, name). Folder name and chart name differ on purpose: paths use the Chart.yaml name.
   */
  function tiesChart(): void {
    write({
      'folder-name/Chart.yaml': chartYaml('tied', 'dependencies:\n  - name: sub\n    version: 0.1.0\n    alias: aliased\n'),
      'folder-name/templates/a-job.yaml': hook('Job', 'migrate', 'pre-install', '0'),
      'folder-name/templates/b-sa.yaml': hook('ServiceAccount', 'zz-sa', 'pre-install', '0'),
      'folder-name/templates/c-config.yaml': hook('ConfigMap', 'config', 'pre-install,post-upgrade', '-1'),
      'folder-name/templates/d-same.yaml': `${hook('Job', 'same', 'pre-install', '5')}---\n${hook('ServiceAccount', 'same', 'pre-install', '5')}`,
      'folder-name/templates/e-generated.yaml': hook('Secret', '', 'pre-install', '5'),
      'folder-name/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
      'folder-name/charts/sub/Chart.yaml': chartYaml('sub'),
      'folder-name/charts/sub/templates/hook.yaml': hook('Job', 'n-sub', 'pre-install', '0'),
    });
  }

  it('orders one event by (weight, name) after the kind pre-sort, with weights global across subcharts', function () {
    tiesChart();
    const r = cli(['order', 'folder-name', '--format', 'json'], tmp);
    assert.strictEqual(r.code, 0, r.stderr);
    const o = json<OrderJson>(r);
    assert.strictEqual(o.chart, 'tied');
    assert.strictEqual(o.mode, 'builtin');
    assert.strictEqual(o.helmVersion, 4);
    assert.deepStrictEqual(Object.keys(o.commands), ['install', 'upgrade', 'rollback', 'uninstall', 'test']);
    assert.deepStrictEqual(hookNames(o, 'install', 'pre-install'), [
      'ConfigMap/config',
      'Job/migrate',
      'Job/n-sub',
      'ServiceAccount/zz-sa',
      'Secret/',
      'ServiceAccount/same',
      'Job/same',
    ]);
    const pre = o.commands.install.steps.find((s) => s.id === 'pre-install')!;
    assert.strictEqual(pre.type, 'hooks');
    const byName = new Map(pre.items.map((i) => [`${i.kind}/${i.name}`, i]));
    assert.strictEqual(byName.get('ServiceAccount/zz-sa')!.tieByName, true);
    assert.strictEqual(byName.get('Job/migrate')!.tieByName, false);
    const sub = byName.get('Job/n-sub')!;
    assert.strictEqual(sub.path, 'tied/charts/aliased/templates/hook.yaml');
    assert.strictEqual(sub.file, path.join(tmp, 'folder-name/charts/sub/templates/hook.yaml').split(path.sep).join('/'));
    const config = byName.get('ConfigMap/config')!;
    assert.deepStrictEqual(
      { path: config.path, line: config.line, weight: config.weight, events: config.events, deletePolicies: config.deletePolicies, outputLogPolicies: config.outputLogPolicies, conditional: config.conditional, dynamic: config.dynamic },
      { path: 'tied/templates/c-config.yaml', line: 6, weight: -1, events: ['pre-install', 'post-upgrade'], deletePolicies: [], outputLogPolicies: [], conditional: false, dynamic: false },
    );
    assert.deepStrictEqual(
      o.commands.install.steps.map((s) => `${s.type}:${s.id}`),
      ['phase:verify', 'phase:render', 'resources:crds', 'hooks:pre-install', 'resources:create', 'phase:wait', 'hooks:post-install'],
    );
    assert.deepStrictEqual(hookNames(o, 'upgrade', 'post-upgrade'), ['ConfigMap/config']);
    // The templates read without rendering give the same order here: every name and weight is literal.
    const masked = json<OrderJson>(cli(['order', 'folder-name', '--format', 'json', '--static'], tmp));
    assert.strictEqual(masked.mode, 'static');
    assert.deepStrictEqual(hookNames(masked, 'install', 'pre-install'), hookNames(o, 'install', 'pre-install'));
  });

  it('agrees with real Helm when a Helm binary is set up (.tools/helm)', function () {
    const helm = [4, 3].map((v) => path.join(ROOT, '.tools', 'helm', String(v), 'helm')).find((p) => fs.existsSync(p));
    if (!helm) {
      console.log('      (no Helm binary in .tools/helm: `npm run setup:helm` to compare with real Helm; the hand-worked order above still holds)');
      return;
    }
    tiesChart();
    const rendered = spawnSync(helm, ['install', 'rel', path.join(tmp, 'folder-name'), '--dry-run=client', '-o', 'json'], { encoding: 'utf8', env: { ...process.env, HELM_CACHE_HOME: path.join(tmp, '.cache'), HELM_CONFIG_HOME: path.join(tmp, '.config'), HELM_DATA_HOME: path.join(tmp, '.data') } });
    assert.strictEqual(rendered.status, 0, rendered.stderr);
    // Helm's JSON leaves out empty fields: a generateName hook has no name, a weight-0 hook no weight.
    const hooks = (JSON.parse(rendered.stdout) as { hooks: Array<{ name?: string; kind: string; events: string[]; weight?: number }> }).hooks;
    // Spec §7: the execution order of an event is the stored list filtered by event, stable-sorted by (weight, name).
    const helmOrder = hooks
      .filter((h) => h.events.includes('pre-install'))
      .map((h) => ({ kind: h.kind, name: h.name ?? '', weight: h.weight ?? 0 }))
      .sort((a, b) => a.weight - b.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((h) => `${h.kind}/${h.name}`);
    const ours = json<OrderJson>(cli(['order', 'folder-name', '--format', 'json', '--command', 'install'], tmp));
    assert.deepStrictEqual(hookNames(ours, 'install', 'pre-install'), helmOrder, `compared with ${helm}`);
  });

  it('--helm-version 3 and 4 disagree on a MutatingWebhookConfiguration hook next to an unknown kind (spec §5)', function () {
    write({
      'hooks/Chart.yaml': chartYaml('hooks'),
      'hooks/templates/a-cert.yaml': hook('Certificate', 'same', 'pre-install', '0'),
      'hooks/templates/b-webhook.yaml': hook('MutatingWebhookConfiguration', 'same', 'pre-install', '0'),
    });
    const v4 = json<OrderJson>(cli(['order', 'hooks', '--format', 'json', '--helm-version', '4'], tmp));
    const v3 = json<OrderJson>(cli(['order', 'hooks', '--format', 'json', '--helm-version', '3'], tmp));
    assert.strictEqual(v4.helmVersion, 4);
    assert.strictEqual(v3.helmVersion, 3);
    // Helm 4 knows the webhook kind (appended to InstallOrder); Helm 3 sorts both unknown kinds alphabetically.
    assert.deepStrictEqual(hookNames(v4, 'install', 'pre-install'), ['MutatingWebhookConfiguration/same', 'Certificate/same']);
    assert.deepStrictEqual(hookNames(v3, 'install', 'pre-install'), ['Certificate/same', 'MutatingWebhookConfiguration/same']);
  });

  it('hooks the values switch off: --static leaves a subchart its condition disables in no step (disabled[]), a template condition conditional; the render decides', function () {
    write({
      'sw/Chart.yaml': chartYaml('sw', 'dependencies:\n  - name: seeder\n    version: 1.0.0\n    condition: seeder.enabled\n'),
      'sw/values.yaml': 'seeder:\n  enabled: false\nmigrate:\n  enabled: true\n',
      'sw/charts/seeder/Chart.yaml': chartYaml('seeder'),
      'sw/charts/seeder/templates/seed.yaml': hook('Job', 'seed', 'post-install', undefined),
      'sw/templates/migrate.yaml': `{{- if .Values.migrate.enabled }}\n${hook('Job', 'migrate', 'post-install', undefined)}{{- end }}\n`,
    });
    const o = json<OrderJson & { disabled: Array<{ kind: string; name: string; enabled: boolean; condition?: string; events: string[] }> }>(
      cli(['order', 'sw', '--format', 'json', '--static'], tmp),
    );
    assert.deepStrictEqual(hookNames(o, 'install', 'post-install'), ['Job/migrate'], 'a template condition is not evaluated: the hook stays, conditional');
    assert.deepStrictEqual(
      o.disabled.map((d) => [d.kind, d.name, d.enabled, d.condition, d.events]),
      [['Job', 'seed', false, 'condition seeder.enabled', ['post-install']]],
    );
    const text = cli(['order', 'sw', '--command', 'install', '--static'], tmp).stdout;
    assert.match(text, /not rendered with these values/);
    assert.match(text, /Job +seed +post-install +sw\/charts\/seeder\/templates\/seed\.yaml:\d+ +off: condition seeder\.enabled/);
    // Switched on by the values, it is ordered like any hook.
    write({ 'sw/values.yaml': 'seeder:\n  enabled: true\nmigrate:\n  enabled: false\n' });
    const on = json<OrderJson & { disabled: unknown[] }>(cli(['order', 'sw', '--format', 'json', '--static'], tmp));
    assert.deepStrictEqual(hookNames(on, 'install', 'post-install'), ['Job/migrate', 'Job/seed']);
    assert.deepStrictEqual(on.disabled, []);
    // Rendered (the default), the values decide every condition: `--set` switches hooks on and off, and an off hook is simply not there.
    assert.deepStrictEqual(hookNames(json<OrderJson>(cli(['order', 'sw', '--format', 'json'], tmp)), 'install', 'post-install'), ['Job/seed']);
    const off = json<OrderJson>(cli(['order', 'sw', '--format', 'json', '--set', 'seeder.enabled=false', '--set', 'migrate.enabled=true'], tmp));
    assert.strictEqual(off.mode, 'builtin');
    assert.deepStrictEqual(hookNames(off, 'install', 'post-install'), ['Job/migrate']);
  });

  it('--command keeps only that command', function () {
    tiesChart();
    const o = json<OrderJson>(cli(['order', 'folder-name', '--command', 'upgrade', '--format', 'json'], tmp));
    assert.deepStrictEqual(Object.keys(o.commands), ['upgrade']);
    assert.deepStrictEqual(
      o.commands.upgrade.steps.map((s) => s.id),
      ['verify', 'render', 'pre-upgrade', 'update', 'wait', 'post-upgrade'],
    );
    const text = cli(['order', 'folder-name', '--command', 'test'], tmp);
    assert.strictEqual(text.code, 0);
    assert.match(text.stdout, /^helm test$/m);
    assert.doesNotMatch(text.stdout, /^helm install$/m);
  });

  it('each hook step says what a failed hook does: JSON failure object, timeline lines, per Helm version', function () {
    tiesChart();
    interface FailureJson {
      waitedHooks: number;
      maxDuration: string;
      releaseStatus: string;
      cleanedOnFailure: number[];
      recovery?: { flag: string; events: string[] };
      hooks: Array<{ position: number; deletedItself: boolean; earlierDeleted: number; earlierKept: number; neverRun: number; summary: string }>;
    }
    const o = json<OrderJson>(cli(['order', 'folder-name', '--format', 'json'], tmp));
    for (const [command, order] of Object.entries(o.commands)) {
      for (const step of order.steps.filter((x) => x.type === 'hooks')) {
        const f = (step as unknown as { failure?: FailureJson }).failure;
        assert.ok(f, `${command} ${step.id} has a failure object`);
        assert.strictEqual(f.hooks.length, step.items.length, `${command} ${step.id}: one outcome per hook`);
      }
    }
    const pre = o.commands.install.steps.find((x) => x.id === 'pre-install') as unknown as { items: StepItem[]; failure: FailureJson };
    assert.strictEqual(pre.failure.waitedHooks, 3, 'the three Jobs, not the ServiceAccounts, Secret or ConfigMap');
    assert.strictEqual(pre.failure.maxDuration, 'up to 3 × --timeout (15m with the default 5m)');
    assert.deepStrictEqual(pre.failure.recovery?.flag, '--rollback-on-failure');
    assert.deepStrictEqual(pre.failure.hooks[0], {
      position: 1,
      deletedItself: false,
      earlierDeleted: 0,
      earlierKept: 0,
      neverRun: pre.items.length - 1,
      summary: `its object stays (no hook-failed); ${pre.items.length - 1} later hooks never run`,
    });
    const v3 = json<OrderJson>(cli(['order', 'folder-name', '--format', 'json', '--helm-version', '3'], tmp));
    const pre3 = v3.commands.install.steps.find((x) => x.id === 'pre-install') as unknown as { failure: FailureJson };
    assert.strictEqual(pre3.failure.recovery?.flag, '--atomic');
    const text = cli(['order', 'folder-name', '--command', 'install'], tmp);
    assert.match(text.stdout, /waits on 3 of 7 \(Job and Pod hooks only; Helm 4: kstatus, hookOnly by default, watcher with --wait or --rollback-on-failure, legacy with --wait=legacy\)/);
    assert.match(text.stdout, /if a hook fails: helm install fails; no resource is created and post-install never runs\. Release status: failed/);
    assert.match(text.stdout, /with --rollback-on-failure: Helm uninstalls the release/);
  });

  it('prints an aligned timeline: step headers, right-aligned weights, ties, resources per kind, dropped resources', function () {
    tiesChart();
    write({
      'folder-name/templates/f-typo.yaml': hook('Job', 'lost', 'pre-instal', undefined),
      'folder-name/templates/g-web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n',
    });
    const r = cli(['order', 'folder-name', '--command', 'install'], tmp);
    assert.strictEqual(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    // Which source was used comes first: the built-in render, and the helm command that renders the same.
    assert.match(lines[0], /^rendered by the built-in renderer \(no helm ran\) in \d+ ms, as: helm template release-name \S+\/folder-name --namespace=default$/);
    assert.match(lines[1], /^tied \(folder-name\) · Helm 4 · 7 hooks · rendered by the built-in renderer$/);
    assert.ok(lines.includes('helm install'));
    assert.ok(lines.some((l) => l.trim() === '── pre-install ──  7 hooks'), r.stdout);
    const rows = lines.filter((l) => /^\s+\d+\s+-?\d+\s+\S+/.test(l));
    assert.strictEqual(rows.length, 7, r.stdout);
    // Weights end in one column; templates start in one column.
    const weightEnds = new Set(rows.map((l) => /^\s+\d+\s+-?\d+/.exec(l)![0].length));
    assert.strictEqual(weightEnds.size, 1, rows.join('\n'));
    const pathStarts = new Set(rows.map((l) => l.indexOf('tied/')));
    assert.strictEqual(pathStarts.size, 1, rows.join('\n'));
    const zz = rows.find((l) => l.includes('zz-sa'))!;
    assert.match(zz, /tied\/templates\/b-sa\.yaml:6/);
    // A tie by name is noted only when its order matters (no hook here uses zz-sa); --all-ties notes every tie.
    assert.doesNotMatch(zz, /ordered by name/);
    const all = cli(['order', 'folder-name', '--command', 'install', '--all-ties'], tmp);
    assert.strictEqual(all.code, 0, all.stderr);
    const zzAll = all.stdout.split('\n').find((l) => /^\s+\d+\s+-?\d+\s+ServiceAccount\s+zz-sa/.test(l))!;
    assert.match(zzAll, /same weight: ordered by name \(note below\)/);
    assert.match(all.stdout, /#\d+ ServiceAccount zz-sa: Same weight \(0\) as [^\n]* before it: Helm orders equal weights by name, not by kind\./);
    assert.match(rows.find((l) => l.includes('n-sub'))!, /subchart/);
    assert.match(rows.find((l) => / Job +same /.test(l))!, /same weight and name: ordered by kind/);
    assert.ok(lines.some((l) => /^\s+Deployment ×2: +web, api$/.test(l)), r.stdout);
    assert.match(r.stdout, /dropped by Helm[^\n]*\n\s+Job\s+lost\s+tied\/templates\/f-typo\.yaml:6\s+"pre-instal" is not a hook event, so Helm skipped the whole resource/);
    assert.ok(!r.stdout.includes('\u001b['));
    const masked = cli(['order', 'folder-name', '--command', 'install', '--static'], tmp);
    assert.match(masked.stdout.split('\n')[0], /^tied \(folder-name\) · Helm 4 · 7 hooks · static analysis of the templates \(not rendered\)$/);
    assert.match(masked.stdout, /dropped by Helm[^\n]*\n\s+Job\s+lost\s+tied\/templates\/f-typo\.yaml:6\s+unknown hook event "pre-instal"/);
  });

  it('notes a tie by name in the timeline when one hook uses what the other creates', function () {
    write({
      'folder-name/Chart.yaml': chartYaml('needs'),
      // Same weight: Helm runs "a-migrate" before "b-secret" by name, although the Job mounts that Secret.
      'folder-name/templates/a-job.yaml': hook(
        'Job',
        'a-migrate',
        'pre-install',
        '0',
        'spec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: m\n          image: busybox\n          envFrom:\n            - secretRef:\n                name: b-secret\n',
      ),
      'folder-name/templates/b-secret.yaml': hook('Secret', 'b-secret', 'pre-install', '0'),
    });
    const r = cli(['order', 'folder-name', '--command', 'install'], tmp);
    assert.strictEqual(r.code, 0, r.stderr);
    const job = r.stdout.split('\n').find((l) => /^\s+\d+\s+0\s+Job\s+a-migrate/.test(l));
    assert.ok(job, r.stdout);
    assert.match(job, /same weight: ordered by name \(note below\)/);
    assert.match(r.stdout, /#1 Job a-migrate: Needs Secret "b-secret" \(envFrom secretRef\)[^\n]*because of the names/);
    assert.match(r.stdout, /#2 Secret b-secret: Job "a-migrate" needs this Secret/);
  });

  it('needs exactly one chart: exit 2 otherwise', function () {
    tiesChart();
    write({ 'two/a/Chart.yaml': chartYaml('a'), 'two/b/Chart.yaml': chartYaml('b') });
    const cases: Array<[string[], RegExp]> = [
      [['order'], /missing CHART/],
      [['order', 'two'], /two holds 2 charts; name one of them:\n\s+two\/a\n\s+two\/b/],
      [['order', 'folder-name', 'two/a'], /order takes one CHART/],
      [['order', 'folder-name', '--format', 'sarif'], /--format must be one of text, json/],
      [['order', 'folder-name', '--command', 'deploy'], /--command must be one of install, upgrade, rollback, uninstall, test/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args, tmp);
      assert.strictEqual(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });
});

describe('helm-hooks --help and --version', function () {
  it('prints the package version', function () {
    const r = cli(['--version'], ROOT);
    assert.strictEqual(r.code, 0);
    assert.strictEqual(r.stdout, `${PACKAGE_VERSION}\n`);
  });

  it('prints help for the tool and for each command, exit 0', function () {
    const top = cli(['--help'], ROOT);
    assert.strictEqual(top.code, 0);
    assert.match(top.stdout, /helm-hooks lint \[--format text\|json\|sarif\] \[--helm-version 3\|4\] \[VALUES\.\.\.\] PATH\.\.\./);
    assert.match(top.stdout, /VALUES: \[--release NAME\] \[-n NS\] \[-f FILE\]\.\.\. \[--set K=V\]\.\.\./);
    assert.match(top.stdout, /helm-hooks order CHART/);
    for (const command of ['lint', 'order']) {
      const r = cli([command, '--help'], ROOT);
      assert.strictEqual(r.code, 0);
      assert.match(r.stdout, new RegExp(`^Usage: helm-hooks ${command} `));
      assert.strictEqual(cli(['help', command], ROOT).stdout, r.stdout);
    }
  });
});

describe('helm-hooks on an internal error', function () {
  function failingIO(env: NodeJS.ProcessEnv): CliIO & { errors: string } {
    const io = {
      errors: '',
      out(): void {
        throw new Error('disk full');
      },
      err(t: string): void {
        io.errors += t;
      },
      cwd: ROOT,
      colors: false,
      env,
    };
    return io;
  }

  it('says what went wrong without a stack trace, exit 3', function () {
    const io = failingIO({});
    assert.strictEqual(main(['--version'], io), 3);
    assert.match(io.errors, /^helm-hooks: internal error: disk full\n/);
    assert.doesNotMatch(io.errors, /\n\s+at /);
  });

  it('shows the stack trace with HELM_HOOKS_DEBUG=1', function () {
    const io = failingIO({ HELM_HOOKS_DEBUG: '1' });
    assert.strictEqual(main(['--version'], io), 3);
    assert.match(io.errors, /\n\s+at /);
  });
});

describe('the example charts', function () {
  const upgrade = path.join(ROOT, 'examples', 'upgrade-with-backup');
  const broken = path.join(ROOT, 'examples', 'broken-chart');

  if (!fs.existsSync(upgrade)) {
    it('examples/upgrade-with-backup is absent: its CLI checks did not run', function () {
      assert.ok(!fs.existsSync(upgrade));
    });
  } else {
    it('lint on examples/upgrade-with-backup: no error or warning, exit 0', function () {
      const r = cli(['lint', '--format', 'json', 'examples/upgrade-with-backup'], ROOT);
      assert.strictEqual(r.code, 0, r.stdout);
      assert.deepStrictEqual(json<Finding[]>(r).filter((f) => f.severity === 'error' || f.severity === 'warning'), []);
    });

    it('order on examples/upgrade-with-backup: the announcement, then the banner, then the backup before an upgrade', function () {
      const o = json<OrderJson>(cli(['order', 'examples/upgrade-with-backup', '--command', 'upgrade', '--format', 'json'], ROOT));
      const names = o.commands.upgrade.steps.find((s) => s.id === 'pre-upgrade')!.items.map((i) => i.name);
      const at = (word: string) => names.findIndex((n) => n.includes(word));
      for (const word of ['announce', 'banner-up', 'db-backup']) assert.ok(at(word) >= 0, `${word} in ${names.join(', ')}`);
      assert.ok(at('announce') < at('banner-up') && at('banner-up') < at('db-backup'), names.join(', '));
      const text = cli(['order', 'examples/upgrade-with-backup'], ROOT);
      assert.strictEqual(text.code, 0, text.stderr);
      assert.match(text.stdout, /── pre-upgrade ──/);
    });
  }

  const expectedFile = path.join(broken, 'EXPECTED.json');
  if (!fs.existsSync(expectedFile)) {
    it('examples/broken-chart/EXPECTED.json is absent: its CLI checks did not run', function () {
      assert.ok(!fs.existsSync(expectedFile));
    });
  } else {
    it('lint on examples/broken-chart: every expected code at its line, exit 1', function () {
      const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8')) as Array<{ file: string; code: string; line: number }>;
      const r = cli(['lint', '--format', 'json', 'examples/broken-chart'], ROOT);
      assert.strictEqual(r.code, 1, r.stderr);
      const found = new Set(json<Finding[]>(r).map((f) => `${f.file} ${f.code} ${f.line}`));
      const missing = expected.filter((e) => !found.has(`examples/broken-chart/${e.file} ${e.code} ${e.line}`));
      assert.deepStrictEqual(missing, [], `not reported:\n${missing.map((m) => `${m.file}:${m.line} ${m.code}`).join('\n')}`);
      assert.ok(expected.length > 0);
      // One mistake per file, named after its code: nothing else is reported, in particular by the run-time checks.
      const all = json<Finding[]>(r).map((f) => `${f.file.replace('examples/broken-chart/', '')} ${f.code} ${f.line}`);
      assert.deepStrictEqual(all.sort(), expected.map((e) => `${e.file} ${e.code} ${e.line}`).sort());
      for (const e of expected) assert.strictEqual(path.basename(e.file, '.yaml'), e.code);
    });
  }
});
