/**
 * helm found and trusted in two clicks, in the real VS Code (code-server, a remote window: machine-scoped settings
 * live in its Remote settings). With no helm on PATH or where installers put it, Verify with helm says so without
 * a spawn error or a command-line flag and offers Locate helm… (the file dialog; the setting lands in the Remote
 * settings) and Open Settings (the Remote tab, filtered to the setting); once helm is located Verify with helm
 * shows Helm's order, and an unsaved edit marks it out of date at once. In Restricted Mode the panel offers Trust
 * Workspace…, and once trusted, Verify with helm.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { installerFolders } from '../../server/src/helm/helmLocator';
import { waitUntil } from './harness/codeServer';
import type { FrameLocator } from './harness/playwright';
import { REPO_ROOT, resultsDir, slug } from './harness/tools';
import { Workbench } from './harness/workbench';
import { closeWindow, openWindow, type Window } from './harness/window';
import type { RunFolder } from './harness/workspace';
import { pathWithoutHelm } from './harness/runFolders';
import { runFolderWith } from './harness/workspace';

const FIXTURE = path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'value-set-chart');
const CHART = 'value-set-chart';
const HELM = path.join(REPO_ROOT, '.tools', 'helm', '4', 'helm');
const SHORT = 15_000;
const LONG = 60_000;

interface Session extends Window {
  run: RunFolder;
}

async function openSession(prefix: string, options: { settings?: Record<string, unknown>; workspaceTrust?: boolean }): Promise<Session> {
  const run = runFolderWith(prefix, { source: FIXTURE, folder: CHART });
  const window = await openWindow(run, CHART, { env: { PATH: pathWithoutHelm() }, ...options });
  await window.wb.openFile('seed.yaml');
  await window.wb.runCommand('Helm Hooks: Show Execution Order');
  await window.wb.orderPage().locator('.render-source').waitFor({ timeout: 90_000 });
  return { run, ...window };
}

async function closeSession(s: Session | undefined, failed: boolean, name: string): Promise<void> {
  if (s) await closeWindow(s.run, s, failed, name);
}

/**
 * The panel's tab to the front again. VS Code 1.139 opens the settings and Workspace Trust editors as modal
 * editors over the workbench: closed first (Escape, else their close button).
 */
async function showPanel(wb: Workbench): Promise<void> {
  const modal = wb.page.locator('.monaco-modal-editor-block');
  if (await modal.count()) {
    await wb.page.keyboard.press('Escape');
    await modal.waitFor({ state: 'detached', timeout: 3000 }).catch(async () => {
      await modal.locator('.codicon-close, .codicon-chrome-close').first().click({ timeout: SHORT });
      await modal.waitFor({ state: 'detached', timeout: SHORT });
    });
  }
  await wb.page.locator('.tab[data-resource-name^="webview-helmHooks.executionOrder"]').click({ timeout: SHORT });
  await wb.orderPage().locator('.render-source').waitFor({ timeout: LONG });
}

describe('VS Code: helm located in two clicks (a remote window without helm on PATH)', function () {
  this.timeout(180_000);
  let s: Session | undefined;
  let failed = false;
  const panel = (): FrameLocator => s!.wb.orderPage();
  const remoteSettings = () => path.join(s!.server.userDataDir, 'Machine', 'settings.json');

  before(async function () {
    this.timeout(300_000);
    assert.ok(fs.existsSync(HELM), `the real Helm 4 is missing at ${HELM}: run \`npm run setup:helm\``);
    // The window must really have no helm: neither on its PATH nor where installers put it on this machine.
    const present = installerFolders({ platform: process.platform, env: process.env, home: os.homedir() }).filter((d) => fs.existsSync(path.join(d, 'helm')));
    assert.deepStrictEqual(present, [], 'this machine has a helm where installers put it, so "helm not found" cannot be shown here');
    s = await openSession('helmsetup', {});
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    failed = true;
    if (s) await s.wb.screenshot(resultsDir('failures'), slug(`helm setup ${this.currentTest.title}`)).catch(() => undefined);
  });

  after(async function () {
    this.timeout(60_000);
    await closeSession(s, failed, 'helmsetup');
  });

  it('Verify with helm without helm: what is wrong and two ways out, no spawn error, no command-line flag', async function () {
    await panel().locator('[data-action="verify"]').click();
    const report = panel().locator('.verify-errors');
    await report.waitFor({ timeout: LONG });
    const text = ((await report.textContent()) ?? '').replace(/\s+/g, ' ');
    assert.match(text, /helm cannot be run/);
    assert.match(text, /helm was not found on PATH, nor where installers put it \(.*\/usr\/local\/bin/);
    const whole = (await panel().locator('body').textContent()) ?? '';
    assert.ok(!/ENOENT|spawn|--helm|Cannot run/.test(whole), `raw error or flag in the panel: ${whole.slice(0, 400)}`);
    await report.locator('[data-action="locate-helm"]').waitFor({ timeout: SHORT });
    await report.locator('[data-action="open-helm-settings"]').waitFor({ timeout: SHORT });
    assert.strictEqual(await panel().locator('.codicon-pass').count(), 0, 'no success mark beside the failure');
  });

  it('Open Settings opens the Remote settings tab, filtered to helmHooks.helm.path', async function () {
    const wb = s!.wb;
    await panel().locator('[data-action="open-helm-settings"]').click();
    const editor = wb.page.locator('.settings-editor');
    await editor.waitFor({ timeout: LONG });
    const selectedTab = editor.locator('.settings-tabs-widget .action-item .action-label.checked');
    await waitUntil(async () => /Remote/.test((await selectedTab.first().textContent().catch(() => '')) ?? ''), SHORT);
    const query = (await editor.locator('.settings-header .suggest-input-container .view-lines').first().textContent()) ?? '';
    assert.strictEqual(query.replace(/\u00a0/g, ' ').trim(), '@id:helmHooks.helm.path');
    await editor.locator('.setting-item-contents').first().waitFor({ timeout: SHORT });
    assert.match((await editor.locator('.setting-item-contents').first().innerText()) ?? '', /Path/);
    await showPanel(wb);
  });

  it('Locate helm… writes the Remote settings and Verify with helm then shows Helm’s order, identical to the built-in one', async function () {
    const wb = s!.wb;
    await panel().locator('[data-action="locate-helm"]').click();
    // code-server's file dialog is VS Code's simple file dialog: a path typed into a quick input.
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: SHORT });
    const values = () => input.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    // The dialog first fills in the folder it starts from; typing before that would be overwritten.
    await waitUntil(async () => (await values()).some((v) => v.startsWith('/')), SHORT);
    await wb.page.waitForTimeout(300);
    await wb.page.keyboard.press('Control+A');
    await wb.page.keyboard.type(HELM);
    await waitUntil(async () => (await values()).includes(HELM), SHORT);
    await wb.page.waitForTimeout(500); // the dialog reads the folder the typed path names
    await wb.page.keyboard.press('Enter');
    await waitUntil(() => fs.existsSync(remoteSettings()) && fs.readFileSync(remoteSettings(), 'utf8').includes(HELM), LONG);
    const written = JSON.parse(fs.readFileSync(remoteSettings(), 'utf8')) as Record<string, unknown>;
    assert.strictEqual(written['helmHooks.helm.path'], HELM, 'written to the Remote settings, where a machine-scoped setting applies in this window');
    const userSettings = fs.readFileSync(path.join(s!.server.userDataDir, 'User', 'settings.json'), 'utf8');
    assert.ok(!userSettings.includes('helmHooks.helm.path'), 'not to the local User settings, where it would be greyed out');

    const status = panel().locator('[data-key="verify-status"]');
    await waitUntil(async () => /Identical|differs|no built-in render/.test((await status.textContent().catch(() => '')) ?? ''), 120_000);
    assert.match(((await panel().locator('.render-source').textContent()) ?? '').replace(/\s+/g, ' '), /Rendered by Helm v4\.1\.4 \(Verify with helm\)/);
    assert.match((await status.textContent()) ?? '', /Identical: Helm v4\.1\.4 renders the same hooks in the same order as the built-in renderer/);
    assert.deepStrictEqual(await panel().locator('.timeline .hook-row .name').allTextContents(), ['release-name-seed', 'release-name-migrate']);
    assert.strictEqual(await panel().locator('.verify-errors').count(), 0);
  });

  it('an unsaved edit marks Helm’s order out of date at once ("Helm rendered the files on disk; re-run")', async function () {
    const wb = s!.wb;
    await wb.openFile('seed.yaml');
    const line = s!.run.lineOf(`${CHART}/templates/seed.yaml`, '"helm.sh/hook-weight"');
    await wb.goTo(line);
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.type(' # edited');
    const status = panel().locator('[data-key="verify-status"]');
    await waitUntil(async () => /Helm rendered the files on disk; re-run/.test((await status.textContent()) ?? ''), SHORT);
    assert.ok(!/Identical/.test((await status.textContent()) ?? ''), 'the success line is gone');
    await status.locator('[data-action="verify"]').waitFor({ timeout: SHORT });
    await wb.page.keyboard.press('Control+Z');
  });
});

describe('VS Code: Restricted Mode offers Trust Workspace… (the built-in render works meanwhile)', function () {
  this.timeout(180_000);
  let s: Session | undefined;
  let failed = false;
  const panel = (): FrameLocator => s!.wb.orderPage();

  before(async function () {
    this.timeout(300_000);
    s = await openSession('restricted', {
      workspaceTrust: true,
      settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false },
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    failed = true;
    if (s) await s.wb.screenshot(resultsDir('failures'), slug(`restricted ${this.currentTest.title}`)).catch(() => undefined);
  });

  after(async function () {
    this.timeout(60_000);
    await closeSession(s, failed, 'restricted');
  });

  it('shows the order with Trust Workspace… in place of Verify with helm, and Verify with helm once trusted', async function () {
    const wb = s!.wb;
    assert.strictEqual(await panel().locator('[data-action="verify"]').count(), 0, 'no Verify with helm in Restricted Mode');
    await panel().locator('.timeline .hook-row').first().waitFor({ timeout: LONG });
    const trust = panel().locator('.render-source [data-action="trust"]');
    await trust.click({ timeout: SHORT });
    const trustEditor = wb.page.locator('.workspace-trust-editor');
    await trustEditor.waitFor({ timeout: LONG });
    await trustEditor.locator('.monaco-button', { hasText: /^Trust$/ }).first().click({ timeout: SHORT });
    await showPanel(wb);
    await panel().locator('[data-action="verify"]').waitFor({ timeout: LONG });
    assert.strictEqual(await panel().locator('[data-action="trust"]').count(), 0);
  });
});
