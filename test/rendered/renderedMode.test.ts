/**
 * Rendered mode with the real Helm 4.1.4 and 3.17.2 binaries on small charts written for each test: what Helm
 * renders goes through the engine's hook semantics, each hook maps back to its template line, and everything Helm
 * says (dropped hooks, errors, its version) reaches the result.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ChartWorkspace, type ChartModel, type HookStepItem, type OrderResult } from '../../server/src/engine';
import { nodeFileSystem } from '../../server/src/engine/render/nodeFileSystem';
import { HelmRenderer, RenderCancelled, type RenderedOrderOptions } from '../../server/src/helm/renderedOrder';
import { dedent } from '../helpers/fixtures';
import { realHelm } from './helmBinaries';

const VERSIONS = [4, 3] as const;

let tmp: string;

/** Writes a chart below the test's folder and returns its model. */
function chart(name: string, files: Record<string, string>): ChartModel {
  const root = path.join(tmp, name);
  const all = { 'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`, ...files };
  for (const [rel, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return new ChartWorkspace(nodeFileSystem).modelFor(root)!;
}

function render(m: ChartModel, version: 3 | 4, opts: Partial<RenderedOrderOptions> = {}, renderer = new HelmRenderer()): Promise<OrderResult> {
  return renderer.renderedOrder(m, { helm: realHelm(version), release: 'rel', namespace: 'ns', valuesFiles: [], set: [], timeoutMs: 60000, ...opts });
}

function hooksOf(r: OrderResult, event: string): HookStepItem[] {
  for (const c of Object.values(r.commands)) for (const s of c?.steps ?? []) if (s.type === 'hooks' && s.id === event) return s.items;
  return [];
}

const names = (items: HookStepItem[]) => items.map((h) => `${h.kind} ${h.name}`);

/** Two hooks of equal weight whose order the release name decides: `<release>-migrate` against `m-seed`. */
const RELEASE_DECIDES = {
  'templates/migrate.yaml': dedent`
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: {{ .Release.Name }}-migrate
      annotations:
        helm.sh/hook: pre-install
  `,
  'templates/seed.yaml': dedent`
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: m-seed
      annotations:
        helm.sh/hook: pre-install
  `,
};

describe('rendered mode with real Helm binaries', function () {
  this.timeout(120000);

  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-rendered-')));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const version of VERSIONS) {
    describe(`Helm ${version}`, () => {
      it('detects the Helm version and follows its semantics', async () => {
        const r = await render(chart(`detect${version}`, RELEASE_DECIDES), version);
        assert.strictEqual(r.mode, 'rendered');
        assert.match(r.helmVersionDetected ?? '', new RegExp(`^v${version}\\.`));
        assert.strictEqual(r.helmVersion, version);
        assert.strictEqual(r.renderErrors, undefined);
      });

      it('the release name decides the order of hooks with equal weights (names compared, not kinds)', async () => {
        const m = chart(`release${version}`, RELEASE_DECIDES);
        const early = await render(m, version, { release: 'aaa' });
        const late = await render(m, version, { release: 'zzz' });
        assert.deepStrictEqual(names(hooksOf(early, 'pre-install')), ['Job aaa-migrate', 'Job m-seed']);
        assert.deepStrictEqual(names(hooksOf(late, 'pre-install')), ['Job m-seed', 'Job zzz-migrate']);
      });

      it('maps each hook to its template file and the line of its helm.sh/hook annotation', async () => {
        const m = chart(`lines${version}`, {
          'templates/jobs.yaml': dedent`
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: plain
            ---
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: {{ .Release.Name }}-first
              annotations:
                "helm.sh/hook": post-install
                "helm.sh/hook-weight": "2"
            ---
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: {{ .Release.Name }}-second
              annotations:
                "helm.sh/hook": post-install
                "helm.sh/hook-weight": "1"
          `,
        });
        const items = hooksOf(await render(m, version), 'post-install');
        assert.deepStrictEqual(
          items.map((h) => [h.name, h.weight, path.relative(m.chart.root, h.file), h.line, !!h.mappingUncertain]),
          [
            ['rel-second', 1, 'templates/jobs.yaml', 19, false],
            ['rel-first', 2, 'templates/jobs.yaml', 11, false],
          ],
        );
        assert.strictEqual(items[0].path, `lines${version}/templates/jobs.yaml`);
      });

      it('documents rendered by range map to their one template document; a literal name wins over a pattern', async () => {
        const m = chart(`range${version}`, {
          'templates/jobs.yaml': dedent`
            {{- range list "a" "b" }}
            ---
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: job-{{ . }}
              annotations:
                helm.sh/hook: pre-install
            {{- end }}
            ---
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: job-c
              annotations:
                helm.sh/hook: pre-install
          `,
        });
        const items = hooksOf(await render(m, version), 'pre-install');
        assert.deepStrictEqual(
          items.map((h) => [h.name, h.line, !!h.mappingUncertain]),
          [
            ['job-a', 8, false],
            ['job-b', 8, false],
            ['job-c', 16, false],
          ],
        );
      });

      it('lists a resource with an unknown event as dropped, from Helm’s log', async () => {
        const m = chart(`dropped${version}`, {
          'templates/typo.yaml': dedent`
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: typo
              annotations:
                helm.sh/hook: pre-instal
          `,
        });
        const r = await render(m, version);
        assert.strictEqual(r.hookCount, 0);
        assert.deepStrictEqual(
          r.dropped.map((d) => [d.kind, d.name, d.path, d.line, d.reason]),
          [['ConfigMap', 'typo', `dropped${version}/templates/typo.yaml`, 6, `"pre-instal" is not a hook event, so Helm skipped the whole resource (from Helm's log)`]],
        );
      });

      it('reads quoted hook values from Helm’s log exactly (a byte-order mark, a list with a bad item)', async () => {
        const m = chart(`quoted${version}`, {
          'templates/bom.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bom\n  annotations:\n    helm.sh/hook: "\\ufeffpre-install"\n',
          'templates/list.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: list\n  annotations:\n    helm.sh/hook: "pre-install, post-instal"\n',
        });
        const r = await render(m, version);
        assert.deepStrictEqual(
          r.dropped.map((d) => [d.name, d.reason]).sort(),
          [
            ['bom', `"\\ufeffpre-install" is not a hook event, so Helm skipped the whole resource (from Helm's log)`],
            ['list', `helm.sh/hook "pre-install, post-instal": "post-instal" is not a hook event, so Helm skipped the whole resource (from Helm's log)`],
          ],
        );
      });

      it('a template that renders invalid YAML names the file; the line Helm gives is of the rendered output', async () => {
        const m = chart(`yaml${version}`, { 'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   bad: [\n' });
        const [e] = (await render(m, version)).renderErrors ?? [];
        assert.strictEqual(e.path, `yaml${version}/templates/cm.yaml`);
        assert.strictEqual(e.file, path.join(m.chart.root, 'templates/cm.yaml'));
        assert.strictEqual(e.line, undefined);
        assert.strictEqual(e.renderedLine, 5);
        assert.match(e.hint ?? '', /helm template --debug/);
      });

      it('marks the hooks only the chosen values files and --set pairs bring in', async () => {
        const m = chart(`values${version}`, {
          'values.yaml': 'backup: false\n',
          'values-prod.yaml': 'backup: true\n',
          'templates/hooks.yaml': dedent`
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: always
              annotations:
                helm.sh/hook: pre-upgrade
            {{- if .Values.backup }}
            ---
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: backup
              annotations:
                helm.sh/hook: pre-upgrade
            {{- end }}
          `,
        });
        const renderer = new HelmRenderer();
        const byFile = await render(m, version, { valuesFiles: [path.join(m.chart.root, 'values-prod.yaml')] }, renderer);
        const bySet = await render(m, version, { set: ['backup=true'] }, renderer);
        const plain = await render(m, version, {}, renderer);
        for (const r of [byFile, bySet]) {
          assert.deepStrictEqual(
            hooksOf(r, 'pre-upgrade').map((h) => [h.name, !!h.valuesOnly]),
            [
              ['always', false],
              ['backup', true],
            ],
          );
        }
        assert.deepStrictEqual(names(hooksOf(plain, 'pre-upgrade')), ['Job always']);
      });

      it('reports missing dependencies as Helm wrote them, with a `helm dependency build` hint', async () => {
        const m = chart(`deps${version}`, {
          'Chart.yaml': dedent`
            apiVersion: v2
            name: deps${version}
            version: 0.1.0
            dependencies:
              - name: redis
                version: 1.x.x
                repository: https://example.invalid/charts
          `,
          'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
        });
        const r = await render(m, version);
        assert.deepStrictEqual(r.commands, {});
        const [e] = r.renderErrors ?? [];
        assert.match(e.message, /^Error: INSTALLATION FAILED: an error occurred while checking for chart dependencies/i);
        assert.match(e.message, /missing in charts\/ directory: redis/);
        assert.match(e.hint ?? '', /helm dependency build/);
      });

      it('points a template error at the file and line Helm names', async () => {
        const m = chart(`tplerr${version}`, {
          'templates/cm.yaml': dedent`
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ required "db.host is required" .Values.db.host }}
          `,
        });
        const [e] = (await render(m, version)).renderErrors ?? [];
        assert.strictEqual(e.path, `tplerr${version}/templates/cm.yaml`);
        assert.strictEqual(e.file, path.join(m.chart.root, 'templates/cm.yaml'));
        assert.strictEqual(e.line, 4);
        assert.ok(e.column! > 0);
        assert.match(e.message, /nil pointer evaluating interface \{\}\.host/);
      });
    });
  }

  it('Helm 3.17 renders with helm template, because its install --dry-run needs a cluster, and says so', async () => {
    const r = await render(chart('fallback', RELEASE_DECIDES), 3);
    assert.strictEqual(r.render?.method, 'template');
    assert.deepStrictEqual(r.render?.command.slice(1, 2), ['template']);
    assert.ok(r.render?.notes.some((n) => /needs a reachable Kubernetes cluster \(helm\/helm#13144\)/.test(n)));
    const h4 = await render(chart('nofallback', RELEASE_DECIDES), 4);
    assert.deepStrictEqual(h4.render?.command.slice(1, 3), ['install', '--dry-run=client']);
    assert.deepStrictEqual(h4.render?.notes, []);
  });

  it('webhook kinds follow the detected version: Helm 4 orders them before unknown kinds, Helm 3 does not know them', async () => {
    // Equal weight and name: only the kind sort (InstallOrder) separates the two hooks (spec §2.1, §5).
    const files = {
      'templates/hooks.yaml': dedent`
        apiVersion: example.com/v1
        kind: Backup
        metadata:
          name: same
          annotations:
            helm.sh/hook: pre-install
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata:
          name: same
          annotations:
            helm.sh/hook: pre-install
      `,
    };
    const h4 = await render(chart('webhooks4', files), 4);
    const h3 = await render(chart('webhooks3', files), 3);
    assert.deepStrictEqual(names(hooksOf(h4, 'pre-install')), ['MutatingWebhookConfiguration same', 'Backup same']);
    assert.deepStrictEqual(names(hooksOf(h3, 'pre-install')), ['Backup same', 'MutatingWebhookConfiguration same']);
  });

  describe('running helm', () => {
    /** A chart Helm needs many seconds to render. */
    const slow = () =>
      chart(`slow${Math.random().toString(36).slice(2, 8)}`, {
        'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: slow\ndata:\n  n: "{{ range until 30000 }}{{ range until 3000 }}{{ end }}{{ end }}"\n',
      });

    it('a render cancelled by its signal stops helm at once', async () => {
      const renderer = new HelmRenderer();
      await renderer.detect(realHelm(4), 30000);
      const controller = new AbortController();
      const started = performance.now();
      const pending = render(slow(), 4, { signal: controller.signal }, renderer);
      setTimeout(() => controller.abort(), 300);
      await assert.rejects(pending, RenderCancelled);
      assert.ok(performance.now() - started < 1500, `cancelled after ${(performance.now() - started).toFixed(0)} ms`);
      assert.deepStrictEqual(renderer.busy, []);
    });

    it('a newer render of the same chart supersedes the running one: one helm at a time per chart', async () => {
      const renderer = new HelmRenderer();
      const m = slow();
      const first = render(m, 4, {}, renderer);
      await new Promise((r) => setTimeout(r, 200));
      // The newer render has values that make the chart quick.
      fs.writeFileSync(path.join(m.chart.root, 'templates/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: quick\n');
      const second = render(m, 4, {}, renderer);
      await assert.rejects(first, RenderCancelled);
      const r = await second;
      assert.strictEqual(r.renderErrors, undefined);
      assert.deepStrictEqual(renderer.busy, []);
    });

    it('a render longer than the time limit fails with a timeout and a hint', async () => {
      const renderer = new HelmRenderer();
      await renderer.detect(realHelm(4), 30000);
      const r = await render(slow(), 4, { timeoutMs: 500, audience: 'editor' }, renderer);
      const [e] = r.renderErrors ?? [];
      assert.match(e.message, /did not finish rendering/);
      assert.match(e.hint ?? '', /helmHooks\.render\.timeout/);
      assert.ok(!/--\w/.test(e.hint ?? ''), 'no command-line flag in the editor');
      const cli = await render(slow(), 4, { timeoutMs: 500 }, renderer);
      assert.match(cli.renderErrors?.[0].hint ?? '', /--timeout/);
    });

    it('a helm that does not exist is a readable error with its problem named, never a spawn error', async () => {
      const missing = path.join(tmp, 'no-such-helm');
      const r = await render(chart('nohelm', RELEASE_DECIDES), 4, { helm: missing });
      const [e] = r.renderErrors ?? [];
      assert.strictEqual(e.message, `helm was not found at ${missing}`);
      assert.strictEqual(e.problem, 'helm-not-found');
      assert.ok(!/spawn|ENOENT/.test(`${e.message} ${e.hint}`), e.message);
      assert.strictEqual(r.helmVersionDetected, undefined);
    });

    it('a bare name not on PATH is looked for where installers put it, and the editor hint names no flag', async () => {
      const r = await render(chart('nohelm2', RELEASE_DECIDES), 4, { helm: `helm-hooks-no-such-helm-${process.pid}`, audience: 'editor' });
      const [e] = r.renderErrors ?? [];
      assert.match(e.message, /was not found on PATH, nor where installers put it \(.*\/usr\/local\/bin/);
      assert.strictEqual(e.problem, 'helm-not-found');
      assert.ok(!/--\w/.test(`${e.message} ${e.hint}`), `${e.message} ${e.hint}`);
    });

    it('a file that is not a program is a readable error too', async () => {
      const notHelm = path.join(tmp, 'not-a-helm.txt');
      fs.writeFileSync(notHelm, 'hello');
      fs.chmodSync(notHelm, 0o644);
      const r = await render(chart('nohelm3', RELEASE_DECIDES), 4, { helm: notHelm, audience: 'editor' });
      const [e] = r.renderErrors ?? [];
      assert.strictEqual(e.message, `${notHelm} is not an executable helm binary`);
      assert.strictEqual(e.problem, 'helm-not-runnable');
    });

    it('flags and names that look like options reach Helm as values, never as flags', async () => {
      const r = await render(chart('injection', RELEASE_DECIDES), 4, { release: '--post-renderer=/bin/sh', namespace: '--kubeconfig=/x' });
      const [e] = r.renderErrors ?? [];
      assert.match(e.message, /invalid release name/);
      assert.ok(r.render!.command.includes('--namespace=--kubeconfig=/x'));
    });
  });
});
