/**
 * One VS Code window per suite: code-server with the VSIX installed, Chromium on it, the workspace of the suite's
 * run folder opened. `closeWindow` ends both, checks that nothing of code-server is left running, and keeps the run
 * folder and the logs when the suite failed (removes them otherwise).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { launchBrowser, startCodeServer, type Browser, type CodeServer, type CodeServerOptions } from './codeServer';
import { loadTools, resultsDir, vsixPath } from './tools';
import { Workbench } from './workbench';
import type { RunFolder } from './workspace';

export interface Window {
  server: CodeServer;
  browser: Browser;
  wb: Workbench;
}

/** Starts code-server on `run` (with the VSIX unless `options` says otherwise) and opens its workspace at `entry`. */
export async function openWindow(run: RunFolder, entry: string, options: Partial<CodeServerOptions> = {}): Promise<Window> {
  const tools = loadTools();
  const server = await startCodeServer(run, tools, { vsix: vsixPath(), ...options });
  const browser = await launchBrowser(run, tools);
  const wb = new Workbench(browser.page);
  await wb.open(server.url, run.workspace, entry);
  return { server, browser, wb };
}

/** Ends the window; on failure keeps the run folder and writes `<logName>-code-server.log` and the browser console. */
export async function closeWindow(run: RunFolder | undefined, window: Partial<Window>, failed: boolean, logName: string): Promise<void> {
  const { server, browser } = window;
  await browser?.close().catch(() => undefined);
  const group = server?.group;
  await server?.stop();
  if (group) assert.deepStrictEqual(group.members(), [], 'code-server, its extension host and the language server are all stopped');
  if (!run) return;
  if (failed) {
    const logs = resultsDir('logs');
    if (server && fs.existsSync(server.logFile)) fs.copyFileSync(server.logFile, path.join(logs, `${logName}-code-server.log`));
    fs.writeFileSync(path.join(logs, `${logName}-browser-console.log`), [...(browser?.console ?? []), ...(browser?.pageErrors ?? [])].join('\n'));
    console.log(`    run folder kept for inspection: ${run.dir}`);
  } else {
    run.remove();
  }
}
