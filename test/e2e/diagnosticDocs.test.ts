/**
 * A diagnostic's code link in the real VS Code (code-server, a remote window; the extension installed from the
 * VSIX): clicking the code in the Problems list opens the docs/DIAGNOSTICS.md shipped in the extension, in the
 * editor, at that code's section: no network, no browser tab.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { diagnosticHeadingLines } from '../../client/src/diagnosticDocs';
import { waitUntil, type Browser, type CodeServer } from './harness/codeServer';
import { REPO_ROOT, resultsDir, slug } from './harness/tools';
import { Workbench } from './harness/workbench';
import { closeWindow, openWindow } from './harness/window';
import { createRunFolder, EXAMPLE_CHART, TYPO_TEMPLATE, type RunFolder } from './harness/workspace';

const CODE = 'unknown-hook-event';

describe('VS Code: a diagnostic code link opens its section of the shipped DIAGNOSTICS.md', function () {
  this.timeout(120_000);
  let run: RunFolder;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let wb: Workbench;
  let failed = false;

  before(async function () {
    this.timeout(300_000);
    run = createRunFolder('docs-links');
    ({ server, browser, wb } = await openWindow(run, EXAMPLE_CHART));
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    failed = true;
    if (browser) await wb.screenshot(resultsDir('failures'), slug(this.currentTest.title)).catch(() => undefined);
  });

  after(async function () {
    this.timeout(60_000);
    await closeWindow(run, { server, browser }, failed, 'diagnostic-docs');
  });

  it(`clicking ${CODE} in the Problems list opens DIAGNOSTICS.md at "## ${CODE}"`, async function () {
    const heading = diagnosticHeadingLines(fs.readFileSync(path.join(REPO_ROOT, 'docs', 'DIAGNOSTICS.md'), 'utf8'))[CODE];
    assert.ok(heading > 1, 'the page has the section');
    await wb.openFile(TYPO_TEMPLATE, 'hooks');
    const panel = await wb.showProblems();
    // The row shows `helm-hooks(unknown-hook-event)`, the code underlined as a link.
    const link = panel.locator('.monaco-list-row').filter({ hasText: CODE }).locator(`text="${CODE}"`).first();
    await link.waitFor({ timeout: 60_000 });
    await link.click();
    let title = '';
    await waitUntil(async () => (title = await wb.activeEditorTitle().catch(() => '')) === 'DIAGNOSTICS.md', 30_000).catch(() => undefined);
    assert.strictEqual(title, 'DIAGNOSTICS.md', 'the page opens in an editor tab');
    let cursor = { line: -1, column: -1 };
    await waitUntil(async () => (cursor = await wb.cursor()).line === heading, 15_000).catch(() => undefined);
    assert.strictEqual(cursor.line, heading, `the cursor is on "## ${CODE}"`);
    const editor = wb.editor('DIAGNOSTICS.md');
    assert.strictEqual((await wb.renderedLines(editor)).get(heading), `## ${CODE}`);
    await wb.screenshot(resultsDir('screenshots'), 'diagnostic-code-link');
  });
});
