/**
 * The editor half of `npm run bench`: how big the VSIX is, and how long the extension takes to activate in the
 * real VS Code (code-server 4.139.1 + headless Chromium, through the e2e harness). Prints figures, asserts nothing.
 *
 * One code-server with the VSIX installed by `--install-extension`; each run is a new window (a fresh Chromium
 * profile, so nothing is restored from the last one) on a copy of examples/upgrade-with-backup, where
 * `workspaceContains:**\/Chart.yaml` activates the extension at startup. Per window:
 *   - ready: from opening a hook template (Quick Open, Enter) to its first CodeLens on screen — what a user waits
 *     for; it includes VS Code starting the extension host, our activation and the language server's first answer;
 *   - activation: the figure "Developer: Show Running Extensions" shows for Helm Hooks, read from its DOM. VS Code
 *     computes it as code loading + the synchronous part of activate() (abstractRuntimeExtensionsEditor.ts:
 *     `codeLoadingTime + activateCallTime`), so it ends where activate() first awaits;
 *   - activate resolved: "Finish Activate" of "Developer: Startup Performance" (activateResolvedTime): from there
 *     until activate()'s promise settles, i.e. `client.start()`: the language server spawned and initialized.
 * Leaving the page (about:blank) shuts the window down as a reload does, so its extension host and language server
 * stop before the next window starts. Every process is stopped in `finally`, also on failure.
 *
 * `node out/scripts/benchEditor.js` prints the figures; `npm run bench` imports `measureEditor`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { launchBrowser, startCodeServer, tail, waitUntil, type Browser, type CodeServer } from '../test/e2e/harness/codeServer';
import { loadTools, REPO_ROOT, type E2ETools } from '../test/e2e/harness/tools';
import { Workbench } from '../test/e2e/harness/workbench';
import { createRunFolder, EXAMPLE_CHART, type RunFolder } from '../test/e2e/harness/workspace';

export interface EditorFigures {
  vsixBytes: number;
  /** Entries of the VSIX (a zip): the extension's files plus vsce's manifest and content types. */
  vsixFiles: number;
  /** One per window: "Show Running Extensions" (code loading + synchronous activate()). */
  activationMs: number[];
  activationSource: string;
  /** One per window: "Finish Activate" of "Startup Performance" (activate()'s promise: the server started). */
  activateResolvedMs?: number[];
  /** One per window: opening the hook template to its first CodeLens on screen. */
  readyMs?: number[];
  codeServerVersion: string;
}

export interface VsixFigures {
  vsixBytes: number;
  vsixFiles: number;
}

const RUNS = 3;
/** The hook template opened in each window, and where it is in the workspace. */
const HOOK_TEMPLATE = 'db-backup.yaml';
const HOOK_TEMPLATE_PATH = `${EXAMPLE_CHART}/templates/hooks/${HOOK_TEMPLATE}`;
/** The Running Extensions list names an extension by its display name once the gallery service resolved it, else by id. */
const OUR_ROW = /Helm Hooks|helm-hooks\.helm-hooks/;
const WAIT = 60_000;

export const ACTIVATION_SOURCE =
  'VS Code "Developer: Show Running Extensions" (code loading + synchronous activate(), read from its DOM)';

/** `npm run package` (esbuild --production + vsce), then the size and entry count of helm-hooks.vsix. */
export function measureVsix(): VsixFigures & { vsix: string } {
  const vsix = path.join(REPO_ROOT, 'helm-hooks.vsix');
  const pack = spawnSync('npm', ['run', 'package', '--silent'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
  if (pack.status !== 0) throw new Error(`npm run package failed (exit ${pack.status}):\n${pack.stdout}\n${pack.stderr}`);
  const bytes = fs.readFileSync(vsix);
  return { vsix, vsixBytes: bytes.length, vsixFiles: zipEntryCount(bytes) };
}

export async function measureEditor(opts: { log: (line: string) => void }): Promise<EditorFigures | { skipped: string }> {
  const { log } = opts;
  let tools: E2ETools;
  try {
    tools = loadTools();
  } catch (err) {
    // Installing code-server and Chromium takes minutes of apt and npm: that is setup-e2e.sh's job, not the bench's.
    return { skipped: err instanceof Error ? err.message : String(err) };
  }
  const started = Date.now();
  const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
  const { vsix, vsixBytes, vsixFiles } = measureVsix();
  log(`editor: npm run package: ${vsixBytes} bytes, ${vsixFiles} files (${seconds(started)})`);
  const codeServerVersion = codeServerVersionOf(tools);

  const run = createRunFolder('bench-editor');
  let server: CodeServer | undefined;
  const activationMs: number[] = [];
  const activateResolvedMs: number[] = [];
  const readyMs: number[] = [];
  let failed = true;
  try {
    let t = Date.now();
    server = await startCodeServer(run, tools, { vsix });
    log(`editor: code-server ${codeServerVersion} up, VSIX installed (${seconds(t)})`);
    for (let i = 0; i < RUNS; i++) {
      t = Date.now();
      const w = await measureWindow(run, tools, server, i);
      activationMs.push(w.activationMs);
      activateResolvedMs.push(w.activateResolvedMs);
      readyMs.push(w.readyMs);
      log(`editor: window ${i + 1}/${RUNS}: activation ${w.activationMs} ms, activate() resolved after ${w.activateResolvedMs} ms more, first CodeLens ${w.readyMs} ms after opening ${HOOK_TEMPLATE} (${seconds(t)})`);
    }
    failed = false;
  } finally {
    const logFile = server?.logFile;
    await server?.stop();
    if (failed) {
      log(`editor: failed; run folder kept for inspection: ${run.dir}`);
      if (logFile) log(tail(logFile, 15));
    } else {
      run.remove();
    }
  }
  log(`editor: measured in ${seconds(started)}`);
  return { vsixBytes, vsixFiles, activationMs, activationSource: ACTIVATION_SOURCE, activateResolvedMs, readyMs, codeServerVersion };
}

interface WindowFigures {
  activationMs: number;
  activateResolvedMs: number;
  readyMs: number;
}

async function measureWindow(run: RunFolder, tools: E2ETools, server: CodeServer, index: number): Promise<WindowFigures> {
  let browser: Browser | undefined;
  try {
    // A Chromium profile of its own: the window restores no editors and no state from the previous one.
    browser = await launchBrowser({ ...run, dir: path.join(run.dir, `window-${index + 1}`) }, tools);
    const page = browser.page;
    const wb = new Workbench(page);
    await wb.open(server.url, run.workspace, EXAMPLE_CHART);

    await wb.focusFirstGroup();
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ timeout: WAIT });
    await page.keyboard.type(HOOK_TEMPLATE_PATH);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: HOOK_TEMPLATE }).first().waitFor({ timeout: WAIT });
    const opened = Date.now();
    await page.keyboard.press('Enter');
    await wb.editor(HOOK_TEMPLATE).locator('.codelens-decoration', { hasText: /#\d/ }).first().waitFor({ timeout: WAIT });
    const readyMs = Date.now() - opened;

    const activationMs = await runningExtensionsActivation(wb);
    const stats = await startupActivationStats(wb);
    if (stats.loadCodeMs + stats.callActivateMs !== activationMs) {
      throw new Error(`Running Extensions shows ${activationMs} ms, Startup Performance ${stats.loadCodeMs} + ${stats.callActivateMs} ms`);
    }
    await page.goto('about:blank');
    return { activationMs, activateResolvedMs: stats.finishActivateMs, readyMs };
  } catch (err) {
    if (browser) await browser.page.screenshot({ path: path.join(run.dir, `window-${index + 1}-failure.png`) }).catch(() => undefined);
    throw err;
  } finally {
    await browser?.close().catch(() => undefined);
  }
}

/** "Startup Activation: 57ms" (or "Activation: …" when not at startup) in our row of Running Extensions. */
async function runningExtensionsActivation(wb: Workbench): Promise<number> {
  await wb.runCommand('Developer: Show Running Extensions');
  const rows = wb.page.locator('.runtime-extensions-editor .monaco-list-row');
  await rows.first().waitFor({ timeout: WAIT });
  const ours = rows.filter({ hasText: OUR_ROW }).first();
  // The list is sorted slowest first and only the rows on screen are in the DOM: page down until ours is there.
  for (let i = 0; i < 20 && !(await ours.isVisible()); i++) {
    if (i === 0) await rows.first().click({ timeout: WAIT });
    await wb.page.keyboard.press('PageDown');
    await wb.page.waitForTimeout(100);
  }
  const time = ours.locator('.activation-time');
  let text = '';
  // "Activating..." until the extension host reports the times.
  await waitUntil(async () => /\d+ms/.test((text = (await time.textContent({ timeout: WAIT })) ?? '')), WAIT);
  // VS Code 1.139 opens this editor as a modal, which takes the keyboard: close it.
  await wb.page.keyboard.press('Escape');
  await time.waitFor({ state: 'hidden', timeout: WAIT });
  return Number(/(\d+)ms/.exec(text)?.[1]);
}

/** Our row of the "Extension Activation Stats" table (Extension | Eager | Load Code | Call Activate | Finish Activate | …). */
async function startupActivationStats(wb: Workbench): Promise<{ loadCodeMs: number; callActivateMs: number; finishActivateMs: number }> {
  await wb.runCommand('Developer: Startup Performance');
  const editor = wb.editor('Startup Performance');
  await editor.locator('.view-lines .view-line').first().waitFor({ timeout: WAIT });
  // The table is far down the document: Find scrolls our row onto the screen. On a loaded machine the keys can reach
  // the editor before the Find widget opens (and are lost on the read-only text): the search is typed again then.
  const findOurRow = async () => {
    await editor.locator('.view-lines').first().click({ timeout: WAIT });
    await wb.page.keyboard.press('Control+F');
    await wb.page.locator('.find-widget.visible').first().waitFor({ timeout: WAIT });
    await wb.page.keyboard.press('Control+A');
    await wb.page.keyboard.type('| helm-hooks.helm-hooks ');
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.press('Escape');
  };
  await findOurRow();
  let cells: string[] = [];
  let searched = Date.now();
  await waitUntil(async () => {
    const row = [...(await wb.renderedLines(editor)).values()].find((l) => /^\|\s*helm-hooks\.helm-hooks\s*\|/.test(l));
    cells = row?.split('|').map((c) => c.trim()) ?? [];
    if (cells.length < 6 && Date.now() - searched > 5_000) {
      await findOurRow();
      searched = Date.now();
    }
    return cells.length >= 6;
  }, WAIT);
  const [loadCodeMs, callActivateMs, finishActivateMs] = cells.slice(3, 6).map(Number);
  if (![loadCodeMs, callActivateMs, finishActivateMs].every(Number.isFinite)) throw new Error(`unexpected Startup Performance row: ${cells.join(' | ')}`);
  return { loadCodeMs, callActivateMs, finishActivateMs };
}

function codeServerVersionOf(tools: E2ETools): string {
  const out = spawnSync(tools.codeServer, ['--version'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, PATH: `${path.dirname(tools.node24)}:${process.env.PATH ?? ''}` },
  }).stdout;
  // "4.139.1 53c2f32… with Code 1.139.1"
  const m = /^(\S+) \S+ with Code (\S+)/.exec(out ?? '');
  return m ? `${m[1]} (VS Code ${m[2]})` : (out ?? '').trim() || 'unknown';
}

/** Entries of a zip, from its end-of-central-directory record (no zip64: a VSIX this size never needs it). */
export function zipEntryCount(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535; search backwards for its signature.
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) return zip.readUInt16LE(i + 10);
  }
  throw new Error('not a zip: no end-of-central-directory record');
}

function describe(figures: EditorFigures | { skipped: string }): string[] {
  if ('skipped' in figures) return [`editor: skipped: ${figures.skipped}`];
  const list = (xs: number[] | undefined) => (xs ?? []).map((x) => `${x}`).join(', ');
  return [
    `VSIX: ${figures.vsixBytes} bytes (${(figures.vsixBytes / 1024).toFixed(0)} KiB), ${figures.vsixFiles} files`,
    `code-server ${figures.codeServerVersion}, ${figures.activationMs.length} windows:`,
    `  activation ms:              ${list(figures.activationMs)}   (${figures.activationSource})`,
    `  activate() resolved ms:     ${list(figures.activateResolvedMs)}   ("Finish Activate" of Developer: Startup Performance: the language server started)`,
    `  first CodeLens ms:          ${list(figures.readyMs)}   (opening ${HOOK_TEMPLATE_PATH} in a new window)`,
  ];
}

if (require.main === module) {
  measureEditor({ log: (line) => console.log(line) }).then(
    (figures) => console.log(describe(figures).join('\n')),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
