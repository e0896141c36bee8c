/**
 * Chart-wide diagnostics in the real VS Code (code-server + Chromium, the extension installed from the VSIX): a
 * workspace holding a fresh copy of examples/broken-chart fills the Problems list before any file is opened, the
 * status bar counts the chart's errors and warnings, and problems follow the disk when files change outside the
 * editor. The expected problems are what `helm-hooks lint` finds in the same copy at that moment.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lintPaths, type LintReport } from '../../server/src/cli/lint';
import { ChartWorkspace } from '../../server/src/engine';
import { nodeFileSystem } from '../../server/src/engine/render/nodeFileSystem';
import { waitUntil, type Browser, type CodeServer } from './harness/codeServer';
import { REPO_ROOT, resultsDir, slug } from './harness/tools';
import { Workbench } from './harness/workbench';
import { closeWindow, openWindow } from './harness/window';
import { runFolderWith, type RunFolder } from './harness/workspace';

const CHART = 'broken-chart';

function createBrokenChartFolder(): RunFolder {
  return runFolderWith('problems', { source: path.join(REPO_ROOT, 'examples', CHART), folder: CHART });
}

interface Expected {
  report: LintReport;
  /** Problems the Problems list shows: VS Code leaves hints out of it (they only show in the editor). */
  total: number;
  errors: number;
  warnings: number;
  /** `code [Ln l, Col c]` of every finding. */
  rows: Set<string>;
}

/** What `helm-hooks lint` finds in the workspace's copy of the chart now (fresh engine: nothing cached). */
function lint(run: RunFolder): Expected {
  const root = run.file(CHART);
  const report = lintPaths(new ChartWorkspace(nodeFileSystem), [root], root, 4);
  const by = (s: string) => report.findings.filter((f) => f.severity === s).length;
  return {
    report,
    total: report.findings.filter((f) => f.severity !== 'hint').length,
    errors: by('error'),
    warnings: by('warning'),
    rows: new Set(report.findings.map((f) => `${f.code} [Ln ${f.line}, Col ${f.column}]`)),
  };
}

describe('VS Code: the chart\'s problems without opening its files (examples/broken-chart)', function () {
  this.timeout(120_000);
  let run: RunFolder;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let wb: Workbench;
  let failed = false;
  const shots = resultsDir('screenshots');

  /** The number on the Problems tab's badge (every problem VS Code holds; ours are the only ones here). */
  async function problemsBadge(): Promise<number> {
    const badge = wb.page.locator('.composite-bar .action-item', { has: wb.page.locator('[aria-label^="Problems"], .action-label[title^="Problems"]') }).locator('.badge-content');
    if ((await badge.count()) === 0) return 0;
    const text = ((await badge.first().textContent()) ?? '').trim();
    return text ? Number(text) : 0;
  }

  async function waitForBadge(expected: number, what: string): Promise<void> {
    let got = -1;
    await waitUntil(async () => (got = await problemsBadge()) === expected, 60_000).catch(() => undefined);
    assert.strictEqual(got, expected, `${what}: the Problems badge shows ${got}, \`helm-hooks lint\` finds ${expected}`);
  }

  /** The Problems list's rows whose text matches `filter` (typed into its filter box, then cleared). */
  async function filteredProblems(filter: string): Promise<string[]> {
    await wb.showProblems();
    const input = wb.page.locator('.markers-panel-action-filter input, input[placeholder^="Filter (e.g. text"]').first();
    await input.fill(filter);
    await wb.page.waitForTimeout(500); // the list filters on a short delay
    const rows = (await wb.problems()).map((r) => r.text);
    await input.fill('');
    return rows;
  }

  /** Our status bar item: text (codicons are empty spans) and its accessible label. */
  async function statusItem(): Promise<{ text: string; label: string }> {
    const item = wb.page.locator('.statusbar-item', { hasText: /\d+ hooks?$/ }).first();
    await item.waitFor({ timeout: 60_000 });
    const text = ((await item.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    const label = (await item.locator('a, .statusbar-item-label').first().getAttribute('aria-label')) ?? (await item.getAttribute('aria-label')) ?? '';
    return { text, label };
  }

  before(async function () {
    this.timeout(300_000);
    run = createBrokenChartFolder();
    ({ server, browser, wb } = await openWindow(run, CHART));
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    failed = true;
    if (browser) await wb.screenshot(resultsDir('failures'), slug(this.currentTest.title)).catch(() => undefined);
  });

  after(async function () {
    this.timeout(60_000);
    await closeWindow(run, { server, browser }, failed, 'chart-problems');
  });

  it('fills the Problems list with every file\'s problems while no file is open', async function () {
    const expected = lint(run);
    assert.ok(expected.total >= 15 && expected.rows.size >= 15, `the example chart has its deliberate mistakes: ${expected.total}`);
    assert.strictEqual(await wb.page.locator('.tabs-container .tab').count(), 0, 'no editor is open');
    await wb.showProblems();
    await waitForBadge(expected.total, 'before any file is opened');

    // Room to read many rows of the (virtualised) list.
    await wb.runCommand('View: Toggle Maximized Panel');
    let rows = await wb.problems();
    await waitUntil(async () => (rows = await wb.problems()).length >= 12, 30_000).catch(() => undefined);
    assert.ok(rows.length >= 12, `many problems on screen:\n${rows.map((r) => r.text).join('\n')}`);
    for (const r of rows) {
      const m = /([a-z-]+)\s*\[Ln (\d+), Col (\d+)\]/.exec(r.text);
      assert.ok(m && expected.rows.has(`${m[1]} [Ln ${m[2]}, Col ${m[3]}]`), `a problem \`helm-hooks lint\` reports too: ${r.text}`);
    }
    const files = await wb.page.locator('.markers-panel .monaco-list-row .file-icon, .markers-panel .monaco-list-row .label-name').allTextContents();
    assert.ok(new Set(files.map((f) => f.trim()).filter((f) => f.endsWith('.yaml'))).size >= 8, `problems of many files: ${files.join(', ')}`);
    await wb.screenshot(shots, 'problems-chart-wide');
    await wb.runCommand('View: Toggle Maximized Panel');
    assert.strictEqual(await wb.page.locator('.tabs-container .tab').count(), 0, 'still no editor open');
  });

  it('shows the chart\'s errors and warnings beside its hook count in the status bar', async function () {
    const expected = lint(run);
    await wb.openFile('Chart.yaml');
    let item = await statusItem();
    const pattern = new RegExp(`^${expected.errors} ${expected.warnings} · (\\d+) hooks$`);
    await waitUntil(async () => pattern.test((item = await statusItem()).text), 30_000).catch(() => undefined);
    assert.match(item.text, pattern, `"$(error) ${expected.errors} $(warning) ${expected.warnings} · N hooks"`);
    const icons = await wb.page.locator('.statusbar-item', { hasText: /\d+ hooks?$/ }).first().locator('.codicon').evaluateAll((els) => els.map((e) => e.className));
    assert.ok(icons.some((c) => c.includes('codicon-error')) && icons.some((c) => c.includes('codicon-warning')), `error and warning icons: ${icons}`);
    assert.match(item.label, new RegExp(`Chart "${CHART}": \\d+ hooks; ${expected.errors} errors, ${expected.warnings} warnings`), item.label);
    await wb.screenshot(shots, 'status-bar-chart-problems');
  });

  it('follows the disk: a file fixed and a file deleted outside the editor leave the Problems list', async function () {
    const typo = path.join(CHART, 'templates', 'unknown-hook-event.yaml');
    const text = fs.readFileSync(run.file(typo), 'utf8');
    const annotation = '"helm.sh/hook": "pre-instal"';
    assert.ok(text.includes(annotation), 'the typo is there');
    assert.strictEqual((await filteredProblems('unknown-hook-event')).length, 1, 'the typo is in the Problems list');
    fs.writeFileSync(run.file(typo), text.replace(annotation, '"helm.sh/hook": "pre-install"'));
    // The Job Helm dropped is a hook again: it may meet other hooks (ties, dependencies), as lint says.
    const fixed = lint(run);
    await waitForBadge(fixed.total, 'after the fix on disk');
    let left: string[] = [];
    await waitUntil(async () => (left = await filteredProblems('unknown-hook-event')).length === 0, 15_000).catch(() => undefined);
    assert.deepStrictEqual(left, [], 'the fixed typo left the Problems list');

    fs.rmSync(run.file(CHART, 'templates', 'duplicate-hook-event.yaml'));
    const deleted = lint(run);
    assert.ok(deleted.total < fixed.total, 'the deleted file had a problem');
    await waitForBadge(deleted.total, 'after a file was deleted');
    assert.deepStrictEqual(await filteredProblems('duplicate-hook-event'), [], 'the deleted file\'s problem is gone');
    // The status bar of the open Chart.yaml follows too.
    let item = await statusItem();
    const pattern = new RegExp(`^${deleted.errors} ${deleted.warnings} · \\d+ hooks$`);
    await waitUntil(async () => pattern.test((item = await statusItem()).text), 30_000).catch(() => undefined);
    assert.match(item.text, pattern);
  });
});
