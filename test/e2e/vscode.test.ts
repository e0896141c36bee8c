/**
 * The extension in the real VS Code: code-server runs the workbench and the extension host, Debian's Chromium is
 * the window, the extension is installed from helm-hooks.vsix with `--install-extension`, and every check goes
 * through what a user sees and does (Quick Open, typing, Problems panel, Ctrl+Space, Ctrl+., the webview).
 *
 * One code-server per suite; the tests run in order on a fresh copy of examples/upgrade-with-backup (plus a
 * template with a typo'd event, and a chart whose hook names are HTML). Screenshots land in test-results/e2e/.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { tail, waitUntil, type Browser, type CodeServer } from './harness/codeServer';
import { REPO_ROOT, resultsDir, slug } from './harness/tools';
import { Workbench } from './harness/workbench';
import { closeWindow, openWindow } from './harness/window';
import { createRunFolder, EXAMPLE_CHART, HOSTILE_CHART, TYPO_TEMPLATE, type RunFolder } from './harness/workspace';

const TYPO_FILE = `${EXAMPLE_CHART}/templates/hooks/${TYPO_TEMPLATE}`;
const DB_BACKUP = `${EXAMPLE_CHART}/templates/hooks/db-backup.yaml`;
const BANNER_UP = `${EXAMPLE_CHART}/templates/hooks/banner-up.yaml`;
const HOSTILE_FILE = `${HOSTILE_CHART}/templates/hostile.yaml`;
/** The annotation with the typo in the fixture template. */
const TYPO_ANNOTATION = '"helm.sh/hook": "post-instal"';

/** Helm's order for `helm upgrade` of the example chart (its README, checked with Helm 4.1.4 and 3.17.2). */
const UPGRADE_ORDER = ['upgrade-announce', 'banner-up', 'db-backup', 'banner-down', 'report-status'];
const UNINSTALL_ORDER = ['final-backup'];
const SHORT_WAIT = 15_000;
const HOOK_EVENTS = ['pre-install', 'post-install', 'pre-delete', 'post-delete', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'test'];

/** 1-based column of the mistyped event (inside the quotes) on `line` of the typo'd template. */
function typoColumn(run: RunFolder, line: number): number {
  return fs.readFileSync(run.file(TYPO_FILE), 'utf8').split('\n')[line - 1].indexOf('post-instal') + 1;
}

describe('VS Code (code-server + Chromium) with the Helm Hooks VSIX', function () {
  this.timeout(120_000);
  let run: RunFolder;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let wb: Workbench;
  let failed = false;
  const shots = resultsDir('screenshots');

  before(async function () {
    this.timeout(300_000);
    run = createRunFolder('vscode');
    ({ server, browser, wb } = await openWindow(run, EXAMPLE_CHART));
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    failed = true;
    if (browser) await wb.screenshot(resultsDir('failures'), slug(this.currentTest.title)).catch(() => undefined);
  });

  after(async function () {
    this.timeout(60_000);
    await closeWindow(run, { server, browser }, failed, 'vscode');
  });

  it('activates on the example chart and starts the language server as a child process of the extension host', async function () {
    assert.ok(server);
    assert.ok(server.extensionDir, 'installed from the VSIX');
    const serverJs = path.join(server.extensionDir, 'dist', 'server.js');
    let members = server.group.members();
    await waitUntil(() => {
      members = server!.group.members();
      return members.some((p) => p.args.includes(serverJs));
    }, 60_000).catch(() => undefined);
    const languageServer = members.find((p) => p.args.includes(serverJs));
    assert.ok(languageServer, `no process runs ${serverJs}; code-server's processes:\n${members.map((p) => p.args).join('\n')}\n${tail(server.logFile)}`);
    const host = members.find((p) => p.pid === languageServer.ppid);
    assert.ok(host && host.args.includes('--type=extensionHost'), `the language server's parent is the extension host, not: ${host?.args}`);

    const listening = server.group.listeningAddresses();
    assert.ok(listening.includes(`127.0.0.1:${server.port}`), `code-server listens on 127.0.0.1:${server.port}: ${listening}`);
    assert.deepStrictEqual(listening.filter((a) => !/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1):/.test(a)), [], 'nothing listens beyond the loopback');

    await wb.openFile('Chart.yaml', EXAMPLE_CHART);
    assert.strictEqual(await wb.statusBarHookCount(), '11 hooks', 'the status bar shows the example chart\'s hook count');
  });

  it('shows unknown-hook-event in the Problems panel at the line of the typo', async function () {
    const editor = await wb.openFile(TYPO_TEMPLATE);
    await editor.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
    const line = run.lineOf(TYPO_FILE, TYPO_ANNOTATION);
    const column = typoColumn(run, line);
    let rows = await wb.problems();
    await waitUntil(async () => (rows = await wb.problems()).some((r) => r.text.includes('unknown-hook-event')), 30_000).catch(() => undefined);
    const typo = rows.filter((r) => r.text.includes('unknown-hook-event'));
    assert.strictEqual(typo.length, 1, `one unknown-hook-event problem; the panel shows:\n${rows.map((r) => r.text).join('\n')}`);
    assert.match(typo[0].text, /"post-instal"/);
    assert.match(typo[0].text, /post-install/, 'it suggests the event that was meant');
    assert.ok(typo[0].text.includes(`[Ln ${line}, Col ${column}]`), `at line ${line}, column ${column}: ${typo[0].text}`);
    assert.match(typo[0].ariaLabel, /^Error:/, 'an error');
    await wb.screenshot(shots, 'editor-diagnostics-light');
  });

  it('restarts a killed language server, and the diagnostics come back', async function () {
    assert.ok(server);
    const serverJs = path.join(server.extensionDir!, 'dist', 'server.js');
    const languageServer = () => server!.group.members().find((p) => p.args.includes(serverJs));
    const killed = languageServer();
    assert.ok(killed, 'the language server runs');
    process.kill(killed.pid, 'SIGKILL');
    let restarted: ReturnType<typeof languageServer>;
    await waitUntil(() => (restarted = languageServer()) !== undefined && restarted.pid !== killed.pid, 60_000).catch(() => undefined);
    assert.ok(restarted && restarted.pid !== killed.pid, `no new language server after SIGKILL of ${killed.pid}\n${tail(server.logFile)}`);
    // The diagnostics of the open template are published again by the new server.
    let rows = await wb.problems();
    await waitUntil(async () => (rows = await wb.problems()).some((r) => r.text.includes('unknown-hook-event')), 60_000).catch(() => undefined);
    assert.strictEqual(rows.filter((r) => r.text.includes('unknown-hook-event')).length, 1, `after the restart the panel shows:\n${rows.map((r) => r.text).join('\n')}`);
  });

  it('applies the quick fix: the event is corrected and the diagnostic disappears', async function () {
    const editor = await wb.openFile(TYPO_TEMPLATE);
    const line = run.lineOf(TYPO_FILE, TYPO_ANNOTATION);
    const column = typoColumn(run, line);
    await wb.goTo(line, column + 2);
    await wb.applyQuickFix('Change to "post-install"');
    await waitUntil(async () => (await wb.renderedLines(editor)).get(line)?.includes('"post-install"') === true, 15_000).catch(() => undefined);
    assert.strictEqual((await wb.lineText(editor, line)).trim(), '"helm.sh/hook": "post-install"');
    let rows = await wb.problems();
    await waitUntil(async () => !(rows = await wb.problems()).some((r) => r.text.includes('unknown-hook-event')), 30_000).catch(() => undefined);
    assert.deepStrictEqual(rows.filter((r) => r.text.includes(TYPO_TEMPLATE) || r.text.includes('unknown-hook-event')), []);
    assert.strictEqual(await editor.locator('.squiggly-error').count(), 0, 'no error squiggle left');
  });

  it('completes hook events after "helm.sh/hook": and leaves out the ones already listed', async function () {
    const editor = await wb.openFile(TYPO_TEMPLATE);
    const line = run.lineOf(TYPO_FILE, '"helm.sh/hook":');
    await wb.replaceLine(line, '"helm.sh/hook": ');
    const all = await wb.suggestions();
    await wb.page.keyboard.press('Escape');
    for (const event of HOOK_EVENTS) assert.ok(all.includes(event), `"${event}" offered after "helm.sh/hook": — got ${JSON.stringify(all)}`);

    await wb.page.keyboard.type('"pre-install,');
    const rest = await wb.suggestions();
    await wb.page.keyboard.press('Escape');
    assert.strictEqual((await wb.lineText(editor, line)).trim(), '"helm.sh/hook": "pre-install,');
    assert.ok(!rest.includes('pre-install'), `pre-install is already listed, yet offered: ${JSON.stringify(rest)}`);
    for (const event of HOOK_EVENTS.filter((e) => e !== 'pre-install')) assert.ok(rest.includes(event), `"${event}" still offered: ${JSON.stringify(rest)}`);

    await wb.runCommand('File: Revert File');
    await waitUntil(async () => (await wb.renderedLines(editor)).get(line)?.includes('"post-instal"') === true, 15_000);
  });

  it('shows the parsed weight and the hook\'s position in a hover on the weight', async function () {
    const editor = await wb.openFile('db-backup.yaml');
    const line = run.lineOf(DB_BACKUP, '"helm.sh/hook-weight"');
    const text = await wb.lineText(editor, line);
    assert.match(text, /"helm\.sh\/hook-weight": "5"/);
    await wb.goTo(line, text.lastIndexOf('5') + 1);
    const hover = await wb.hoverAtCursor();
    assert.match(hover, /weight 5\b/, `the parsed value: ${hover}`);
    assert.match(hover, /pre-upgrade: 3rd of 3 hooks/, `db-backup's position in pre-upgrade: ${hover}`);
    await wb.page.keyboard.press('Escape');
  });

  it('Show Execution Order: upgrade in Helm\'s order, uninstall differs', async function () {
    await wb.openFile('db-backup.yaml');
    await wb.runCommand('Helm Hooks: Show Execution Order');
    const panel = wb.orderPage();
    await panel.locator('.timeline').waitFor({ timeout: 60_000 });
    await wb.selectPanelCommand('upgrade');
    assert.deepStrictEqual(await wb.waitForPanelHookNames(UPGRADE_ORDER), UPGRADE_ORDER);
    const steps = await panel.locator('.timeline > .step').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
    assert.ok(
      steps.indexOf('step|hooks|pre-upgrade') < steps.indexOf('step|hooks|post-upgrade') && steps.includes('step|hooks|pre-upgrade'),
      `pre-upgrade hooks come before post-upgrade hooks: ${JSON.stringify(steps)}`,
    );
    await wb.selectPanelCommand('uninstall');
    assert.deepStrictEqual(await wb.waitForPanelHookNames(UNINSTALL_ORDER), UNINSTALL_ORDER);
    await wb.selectPanelCommand('upgrade');
  });

  it('shows under each phase how long Helm may wait and what a failed hook leaves behind', async function () {
    await wb.selectPanelCommand('upgrade');
    assert.deepStrictEqual(await wb.waitForPanelHookNames(UPGRADE_ORDER), UPGRADE_ORDER);
    const panel = wb.orderPage();
    const failure = panel.locator('[data-key="failure|pre-upgrade"]');
    await failure.waitFor({ timeout: 15_000 });
    const text = (await failure.textContent()) ?? '';
    assert.match(text, /Helm waits on 3 hooks of 3 \(Job and Pod only; Helm 4: kstatus.*\).*up to 3 × --timeout \(15m with the default 5m\)/);
    assert.match(text, /If a pre-upgrade hook fails/);
    assert.match(text, /Release status: failed for the new revision; the previous revision stays deployed/);
    assert.match(text, /With --rollback-on-failure: Helm rolls back to the last deployed revision \(pre-rollback, post-rollback hooks run\)/);
    const backupRow = panel.locator('.hook-row', { has: panel.locator('.name', { hasText: /^db-backup$/ }) }).first();
    assert.strictEqual(
      ((await backupRow.locator('.explain-failure').textContent()) ?? '').trim(),
      'If it fails: its object stays (no hook-failed); 2 earlier hooks deleted (hook-succeeded).',
    );
    assert.ok(await panel.locator('[data-key="failure|post-upgrade"]').isVisible(), 'post-upgrade has its own failure section');
  });

  it('reorders the panel live when a weight is edited (unsaved) in the editor', async function () {
    const editor = await wb.openFile('db-backup.yaml');
    await wb.selectPanelCommand('upgrade');
    assert.deepStrictEqual(await wb.waitForPanelHookNames(UPGRADE_ORDER), UPGRADE_ORDER);
    const line = run.lineOf(DB_BACKUP, '"helm.sh/hook-weight"');
    await wb.focusFirstGroup();
    await wb.replaceLine(line, '"helm.sh/hook-weight": "-20"');
    const backupFirst = ['db-backup', 'upgrade-announce', 'banner-up', 'banner-down', 'report-status'];
    assert.deepStrictEqual(await wb.waitForPanelHookNames(backupFirst), backupFirst, 'weight -20 runs db-backup first');
    assert.ok(fs.readFileSync(run.file(DB_BACKUP), 'utf8').includes('"helm.sh/hook-weight": "5"'), 'the file on disk is unchanged (autosave off)');

    await wb.focusFirstGroup();
    await wb.runCommand('File: Revert File');
    assert.deepStrictEqual(await wb.waitForPanelHookNames(UPGRADE_ORDER), UPGRADE_ORDER, 'back to weight 5 after the revert');
    assert.match(await wb.lineText(editor, line), /"5"/);
  });

  it('opens the hook\'s file at its line when its row is clicked', async function () {
    await wb.selectPanelCommand('upgrade');
    const row = wb.orderPage().locator('.hook-row', { has: wb.orderPage().locator('.name', { hasText: /^banner-up$/ }) }).first();
    const rowLine = Number(await row.getAttribute('data-line'));
    const expected = run.lineOf(BANNER_UP, '"helm.sh/hook"');
    assert.strictEqual(rowLine, expected, 'the row names the line of banner-up\'s helm.sh/hook annotation');
    await row.locator('a.file').click();
    await waitUntil(async () => (await wb.activeEditorTitle()) === 'banner-up.yaml', 15_000).catch(() => undefined);
    assert.strictEqual(await wb.activeEditorTitle(), 'banner-up.yaml');
    let cursor = await wb.cursor();
    await waitUntil(async () => (cursor = await wb.cursor()).line === expected, 15_000).catch(() => undefined);
    assert.deepStrictEqual(cursor, { line: expected, column: 1 });
  });

  it('the panel\'s Argo CD view: the sync wave by wave, the Application deletion, the hooks Argo CD never runs', async function () {
    const panel = wb.orderPage();
    await panel.locator('[data-action="target"][data-target="argocd"]').click();
    const pre = panel.locator('.argo-step[data-step="PreSync"]');
    await pre.waitFor({ timeout: 30_000 });
    // Argo CD's order (docs/ARGOCD.md): waves -10, -5, 0, 5; in wave 0 by kind then name.
    const presync = ['upgrade-announce', 'schema-setup-sa', 'banner-up', 'schema-setup', 'db-backup'];
    let names: string[] = [];
    await waitUntil(async () => JSON.stringify((names = await pre.locator('.argo-row .name').allTextContents())) === JSON.stringify(presync), 15_000).catch(() => undefined);
    assert.deepStrictEqual(names, presync);
    const steps = await panel.locator('.argo-step').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')));
    assert.deepStrictEqual(steps, ['PreSync', 'Sync', 'PostSync']);
    assert.match((await pre.locator('.wave-wait').first().textContent()) ?? '', /wave -10: .*Job\/upgrade-announce is healthy/);
    const schemaSetup = pre.locator('.argo-row', { has: panel.locator('.name', { hasText: /^schema-setup$/ }) });
    assert.match((await schemaSetup.textContent()) ?? '', /runs at every sync, not only at install/);
    const ignored = (await panel.locator('.argo-ignored').textContent()) ?? '';
    assert.match(ignored, /rollback-announce/);
    assert.match(ignored, /smoke-test/);
    assert.match(ignored, /helm test/);
    const post = await panel.locator('.argo-step[data-step="PostSync"] .argo-row .name').allTextContents();
    assert.ok(post.includes('report-status') && post.includes('install-notify'), `PostSync: ${post}`);
    await panel.locator('[data-argo-tab="delete"]').click();
    await panel.locator('.argo-step[data-step="PreDelete"]').waitFor({ timeout: SHORT_WAIT });
    assert.deepStrictEqual(await panel.locator('.argo-step[data-step="PreDelete"] .name').allTextContents(), ['final-backup']);
    await wb.screenshot(shots, 'panel-argocd');
    // Back to Helm for the tests that follow.
    await panel.locator('[data-action="target"][data-target="helm"]').click();
    await panel.locator('#tab-upgrade').waitFor({ timeout: SHORT_WAIT });
    await wb.selectPanelCommand('upgrade');
    assert.deepStrictEqual(await wb.waitForPanelHookNames(UPGRADE_ORDER), UPGRADE_ORDER);
  });

  it('renders hook names that are HTML as text and runs no script from them (escaping + CSP)', async function () {
    const source = fs.readFileSync(run.file(HOSTILE_FILE), 'utf8');
    const hostileNames = [...source.matchAll(/^\s+name: "(.*)"$/gm)].map((m) => m[1]);
    assert.strictEqual(hostileNames.length, 2);
    await wb.openFile('hostile.yaml');
    await wb.runCommand('Helm Hooks: Show Execution Order');
    await wb.selectPanelCommand('install');
    const panel = wb.orderPage();
    assert.deepStrictEqual(await wb.waitForPanelHookNames(hostileNames, 30_000), hostileNames, 'the names are shown literally, in order');
    assert.strictEqual(await panel.locator('img').count(), 0, 'no <img> element was created from a name');
    const scripts = await panel.locator('script').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    assert.ok(!scripts.some((s) => s.includes('hhXss')), 'no <script> element was created from a name');

    const handle = await wb.page.frameLocator('iframe.webview.ready').locator('iframe#active-frame').elementHandle();
    const frame = await handle?.contentFrame();
    assert.ok(frame, 'the webview content frame');
    const probe = await frame.evaluate(async () => {
      const w = window as unknown as { hhXss?: number; hhProbe?: number };
      const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '';
      // The CSP itself, independent of escaping: an inline handler injected into this page must be refused.
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const div = document.createElement('div');
      div.innerHTML = '<img src="data:," onerror="window.hhProbe=1"><img src=x onerror="window.hhProbe=2">';
      document.body.appendChild(div);
      await new Promise((r) => setTimeout(r, 1000));
      div.remove();
      return { csp, hhXss: w.hhXss ?? null, hhProbe: w.hhProbe ?? null, violations };
    });
    assert.strictEqual(probe.hhXss, null, 'no handler from a hook name ran');
    assert.match(probe.csp, /default-src 'none'/);
    assert.match(probe.csp, /script-src 'nonce-[^']+'/);
    assert.doesNotMatch(probe.csp, /unsafe-inline|unsafe-eval/);
    assert.strictEqual(probe.hhProbe, null, 'the CSP refuses inline event handlers');
    assert.ok(probe.violations.includes('script-src-attr'), `a CSP violation was reported: ${JSON.stringify(probe.violations)}`);
    const ran = browser!.console.filter((m) => m.includes('HH-XSS-RAN') && !m.includes('Content Security Policy'));
    assert.deepStrictEqual(ran, [], 'nothing from a hook name reached the console');
    assert.ok(!browser!.console.some((m) => m.startsWith('dialog:')), 'no dialog opened');
  });

  it('saves screenshots of the editor with diagnostics and of the panel, light and dark', async function () {
    const docs = process.env.E2E_UPDATE_DOCS === '1' ? path.join(REPO_ROOT, 'docs') : undefined;
    for (const theme of ['Light 2026', 'Dark 2026'] as const) {
      const name = theme.startsWith('Dark') ? 'dark' : 'light';
      await wb.setTheme(theme);
      // the editor: the typo'd template with its squiggle and the Problems panel
      const editor = await wb.openFile(TYPO_TEMPLATE);
      await editor.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
      await wb.showProblems();
      await wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'unknown-hook-event' }).first().waitFor({ timeout: 30_000 });
      await wb.goTo(run.lineOf(TYPO_FILE, TYPO_ANNOTATION));
      const editorShot = await wb.screenshot(shots, `editor-diagnostics-${name}`);
      // the panel, beside the hook it was opened from, with room to show it
      await wb.openFile('upgrade-announce.yaml');
      await wb.goTo(run.lineOf(`${EXAMPLE_CHART}/templates/hooks/upgrade-announce.yaml`, '"helm.sh/hook"'));
      await wb.runCommand('Helm Hooks: Show Execution Order');
      await wb.selectPanelCommand('upgrade');
      assert.deepStrictEqual(await wb.waitForPanelHookNames(UPGRADE_ORDER), UPGRADE_ORDER);
      await wb.runCommand('View: Close Primary Side Bar');
      // The bottom panel (Problems) may have closed already when the webview took the focus: "Hide Panel" is then
      // not offered by the command palette.
      if (await wb.page.locator('.part.panel.bottom').isVisible()) await wb.runCommand('View: Hide Panel');
      await wb.page.waitForTimeout(500); // let the layout settle
      const panelShot = await wb.screenshot(shots, `order-panel-${name}`);
      const panelOnly = path.join(shots, `order-panel-only-${name}.png`);
      await wb.page.locator('.editor-group-container', { has: wb.page.locator('.tab.active[data-resource-name^="webview-helmHooks.executionOrder"]') }).screenshot({ path: panelOnly });
      await wb.focusFirstGroup();
      await wb.page.keyboard.press('Control+Shift+E'); // the explorer back for the next shot
      for (const file of [editorShot, panelShot, panelOnly]) assert.ok(fs.statSync(file).size > 10_000, `${file} is a real screenshot`);
      if (docs) {
        fs.mkdirSync(docs, { recursive: true });
        fs.copyFileSync(panelOnly, path.join(docs, `order-panel-${name}.png`));
      }
    }
  });

  it("keeps the language server's bytecode in the extension's storage (the code cache), for the next start", async function () {
    assert.ok(server);
    const storage = path.join(server.userDataDir, 'User', 'globalStorage', 'helm-hooks.helm-hooks', 'code-cache');
    const entries = () => (fs.existsSync(storage) ? fs.readdirSync(storage, { recursive: true }).map(String).filter((f) => f.endsWith('.bin')) : []);
    // The server bundle (dist/server-main.js) and the render worker's (dist/chartRenderWorker.js): each thread writes
    // its entry 20 s after it started (and the server when it ends).
    await waitUntil(() => entries().length >= 2, 60_000).catch(() => undefined);
    const all = entries();
    assert.strictEqual(all.length, 2, `the server's and the render worker's bundles are cached under ${storage}: ${all.join(', ')}`);
    const sizes = all.map((f) => fs.statSync(path.join(storage, f)).size);
    assert.ok(Math.min(...sizes) > 100_000, `each entry holds its bundle's compiled functions: ${sizes.join(', ')} bytes`);
  });

  it('shows, at the include, the event typo a helper prints (found by the built-in render, not by reading the file)', async function () {
    // A hook whose annotations come from a helper: the typo is in _hook-helpers.tpl, the template only includes it.
    const helpers = run.file(EXAMPLE_CHART, 'templates', '_hook-helpers.tpl');
    const template = run.file(EXAMPLE_CHART, 'templates', 'hooks', 'from-helper.yaml');
    fs.writeFileSync(helpers, '{{- define "upgrade-with-backup.seedHook" -}}\nhelm.sh/hook: pre-instal\nhelm.sh/hook-weight: "1"\n{{- end }}\n');
    fs.writeFileSync(
      template,
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-seed\n  annotations:\n    {{- include "upgrade-with-backup.seedHook" . | nindent 4 }}\n' +
        'spec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: seed\n          image: busybox\n',
    );
    try {
      // Quick Open lists a file created a moment ago once the workbench's file search has seen it: try until then.
      await waitUntil(async () => {
        try {
          await wb.openFile('from-helper.yaml');
          return true;
        } catch {
          await wb.page.keyboard.press('Escape');
          return false;
        }
      }, 60_000);
      const includeLine = fs.readFileSync(template, 'utf8').split('\n').findIndex((l) => l.includes('include "upgrade-with-backup.seedHook"')) + 1;
      let rows = await wb.problems();
      const fromHelper = () => rows.filter((r) => r.text.includes('unknown-hook-event') && r.text.includes('renders as "pre-instal"'));
      await waitUntil(async () => ((rows = await wb.problems()), fromHelper().length > 0), 60_000).catch(() => undefined);
      const shown = rows.map((r) => r.text).join('\n');
      assert.strictEqual(fromHelper().length, 1, `one problem at the include for the helper's typo; the panel shows:\n${shown}`);
      const [problem] = fromHelper();
      assert.match(problem.text, /renders as "pre-instal" with these values, from `include "upgrade-with-backup.seedHook"/);
      assert.ok(problem.text.includes(`[Ln ${includeLine},`), `at the include, line ${includeLine}: ${problem.text}`);
      assert.match(problem.ariaLabel, /^Error:/, 'an error');
      // …and at the helper's own line in _hook-helpers.tpl, where the typo is to be fixed.
      assert.ok(rows.some((r) => r.text.includes('Unknown hook event "pre-instal"') && r.text.includes('[Ln 2,')), `the typo in the define, line 2:\n${shown}`);
    } finally {
      fs.rmSync(template, { force: true });
      fs.rmSync(helpers, { force: true });
    }
  });
});
