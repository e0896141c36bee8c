/**
 * The panel's value set drives the built-in render, in the real VS Code (code-server + Chromium, the VSIX): the
 * panel says the built-in renderer made the order, the form (release, a values file from `ci/` picked in the
 * QuickPick) changes the hooks' names, order and presence, the status bar and the CodeLens describe the same value
 * set, and after a window reload the value set is still the chart's — and the extension host's log has no
 * "provider FAILED: Channel has been closed".
 *
 * No helm is on PATH in this window: everything here is the built-in renderer's.
 */
import * as assert from 'assert';
import * as path from 'path';
import { tail, waitUntil, type Browser, type CodeServer } from './harness/codeServer';
import type { FrameLocator } from './harness/playwright';
import type { RunFolder } from './harness/workspace';
import { exthostLogs, pathWithoutHelm } from './harness/runFolders';
import { runFolderWith } from './harness/workspace';
import { REPO_ROOT, resultsDir, slug } from './harness/tools';
import { Workbench } from './harness/workbench';
import { closeWindow, openWindow } from './harness/window';

const FIXTURE = path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'value-set-chart');
const CHART = 'value-set-chart';
const SHORT = 15_000;
const LONG = 60_000;

describe('VS Code: the value set drives the built-in render (panel, status bar, CodeLens, reload)', function () {
  this.timeout(180_000);
  let run: RunFolder | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let wb: Workbench;
  let failed = false;

  const panel = (): FrameLocator => wb.orderPage();

  async function installHookNames(): Promise<string[]> {
    return panel().locator('.timeline .hook-row .name').allTextContents();
  }

  async function waitForNames(expected: string[]): Promise<string[]> {
    let names: string[] = [];
    await waitUntil(async () => {
      names = await installHookNames();
      return JSON.stringify(names) === JSON.stringify(expected);
    }, LONG).catch(() => undefined);
    return names;
  }

  /** The aria-labels of the Helm Hooks status bar item (its accessibility label carries the source sentence). */
  async function statusBarLabel(): Promise<string> {
    const item = wb.page.locator('.statusbar-item', { hasText: /\d+ hooks?$/ }).first();
    await item.waitFor({ timeout: LONG });
    return item.evaluateAll((els) => els.flatMap((e) => [e.getAttribute('aria-label') ?? '', ...Array.from(e.querySelectorAll('[aria-label]')).map((c) => c.getAttribute('aria-label') ?? '')]).join(' | '));
  }

  async function codeLenses(): Promise<string[]> {
    return wb.page.locator('.editor-group-container.active .contentWidgets .codelens-decoration').allInnerTexts();
  }

  before(async function () {
    this.timeout(300_000);
    run = runFolderWith('valueset', { source: FIXTURE, folder: CHART });
    ({ server, browser, wb } = await openWindow(run, CHART, { env: { PATH: pathWithoutHelm() } }));
    await wb.openFile('seed.yaml');
    await wb.runCommand('Helm Hooks: Show Execution Order');
    await panel().locator('.timeline').waitFor({ timeout: 90_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    failed = true;
    if (browser) await wb.screenshot(resultsDir('failures'), slug(`value set ${this.currentTest.title}`)).catch(() => undefined);
  });

  after(async function () {
    this.timeout(60_000);
    await closeWindow(run, { server, browser }, failed, 'valueset');
  });

  it('shows the built-in render by default: "as helm template would", release-name, values.yaml only', async function () {
    const source = panel().locator('.render-source');
    await source.waitFor({ timeout: LONG });
    await waitUntil(async () => /built-in renderer/.test((await source.textContent()) ?? ''), LONG);
    assert.match(((await source.textContent()) ?? '').replace(/\s+/g, ' '), /Rendered by Helm Hooks' built-in renderer, as helm template would/);
    assert.strictEqual(await source.locator('code').first().textContent(), 'helm template');
    assert.strictEqual(await panel().locator('.render-summary-text').textContent(), 'release release-name · namespace default · values.yaml only');
    assert.deepStrictEqual(await waitForNames(['release-name-seed', 'release-name-migrate']), ['release-name-seed', 'release-name-migrate']);
  });

  it('the form: a release name and a values file from ci/ picked in the QuickPick change names, order and presence', async function () {
    await panel().locator('[data-action="render-edit"]').click();
    await panel().locator('#render-form').waitFor({ state: 'visible', timeout: SHORT });
    await panel().locator('#render-release').fill('prod');
    await panel().locator('[data-action="add-values"]').click();
    const quickPick = wb.page.locator('.quick-input-widget');
    await quickPick.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: SHORT });
    const offered = await quickPick.locator('.quick-input-list .monaco-list-row .label-name').allTextContents();
    assert.ok(offered.includes('ci/extra-values.yaml'), `offered: ${offered.join(', ')}`);
    assert.ok(offered.some((o) => /Browse…/.test(o)), `offered: ${offered.join(', ')}`);
    assert.ok(!offered.some((o) => o.startsWith('templates/') || o === 'values.yaml' || o === 'Chart.yaml'), `offered: ${offered.join(', ')}`);
    await wb.page.keyboard.type('extra-values');
    await quickPick.locator('.quick-input-list .monaco-list-row', { hasText: 'ci/extra-values.yaml' }).first().click({ timeout: SHORT });
    await panel().locator('[data-values-file="ci/extra-values.yaml"]').waitFor({ timeout: SHORT });
    await panel().locator('[data-action="render-apply"]').click();
    const expected = ['prod-migrate', 'extra-check', 'prod-seed'];
    assert.deepStrictEqual(await waitForNames(expected), expected);
    assert.strictEqual(await panel().locator('.render-summary-text').textContent(), 'release prod · namespace default · values ci/extra-values.yaml');
  });

  it('the status bar and the CodeLens describe the same source and value set as the panel', async function () {
    await wb.openFile('seed.yaml');
    let label = '';
    await waitUntil(async () => {
      label = await statusBarLabel();
      return label.includes('release prod · namespace default · values ci/extra-values.yaml');
    }, LONG).catch(() => undefined);
    assert.match(label, /Rendered by Helm Hooks' built-in renderer: release prod · namespace default · values ci\/extra-values\.yaml/);
    assert.match(await wb.statusBarHookCount(), /^3 hooks$/);
    let lenses: string[] = [];
    await waitUntil(async () => {
      lenses = await codeLenses();
      return lenses.some((l) => l.includes('prod-seed') && l.includes('pre-install #3 of 3'));
    }, LONG).catch(() => undefined);
    assert.ok(lenses.some((l) => l.includes('prod-seed') && l.includes('pre-install #3 of 3')), `CodeLens: ${lenses.join(' / ')}`);
  });

  it('after a window reload the chart keeps its value set, and no provider failed while the client stopped', async function () {
    await wb.runCommand('Developer: Reload Window');
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: LONG });
    await wb.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${CHART}"]`).waitFor({ timeout: LONG });
    // The panel comes back by itself (its serializer), on the same chart, with the same value set.
    const summary = panel().locator('.render-summary-text');
    await summary.waitFor({ timeout: 90_000 });
    await waitUntil(async () => (await summary.textContent()) === 'release prod · namespace default · values ci/extra-values.yaml', LONG).catch(() => undefined);
    assert.strictEqual(await summary.textContent(), 'release prod · namespace default · values ci/extra-values.yaml');
    assert.deepStrictEqual(await waitForNames(['prod-migrate', 'extra-check', 'prod-seed']), ['prod-migrate', 'extra-check', 'prod-seed']);
    const logs = exthostLogs(server!.userDataDir);
    assert.ok(logs.length >= 2, `an extension host log per window load: ${logs.map((l) => l.file).join(', ')}\n${tail(server!.logFile)}`);
    const stopped = logs.find((l) => /Extension host terminating/.test(l.text));
    assert.ok(stopped, 'the first extension host stopped (its log says so)');
    const bad = logs.flatMap((l) => l.text.split('\n').filter((line) => /provider FAILED|Channel has been closed/.test(line)).map((line) => `${path.basename(path.dirname(l.file))}: ${line}`));
    assert.deepStrictEqual(bad, []);
  });
});
