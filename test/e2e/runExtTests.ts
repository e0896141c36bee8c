/**
 * `npm run test:exthost`: the extension-host tests of test/e2e/vscode-ext-tests/ (written for @vscode/test-cli,
 * which downloads VS Code) run offline inside code-server instead. The extension is loaded in development mode from
 * the repository (dist/ from `npm run bundle`); VS Code calls the tests' run() in the extension host, and the page
 * reports the exit code through the smoke-test driver's `codeAutomationExit`. Not part of `npm test`.
 */
import * as path from 'path';
import { format } from 'util';
import { launchBrowser, startCodeServer } from './harness/codeServer';
import { loadTools, REPO_ROOT } from './harness/tools';
import { createRunFolder } from './harness/workspace';

async function main(): Promise<number> {
  const tools = loadTools();
  const run = createRunFolder('exthost');
  // the web workbench honours the URL's extensionDevelopmentPath/extensionTestsPath only with the smoke-test driver
  const server = await startCodeServer(run, tools, { extraArgs: ['--vscode-option', 'enable-smoke-test-driver'] });
  const browser = await launchBrowser(run, tools);
  let code: number | 'timeout' = 'timeout';
  try {
    let exit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    // The workbench's own chatter is left out; the tests' output (mocha's spec reporter) is printed.
    const chatter = /^(Ignoring fetching|Creating a socket|Creation of workbench|Updating additional|\[[A-Za-z -]+[\]:])/;
    await browser.page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      if (!chatter.test(line)) console.log(line);
    });
    await browser.page.exposeFunction('codeAutomationExit', (c: number) => exit(c));
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(REPO_ROOT)],
      ['extensionTestsPath', remote(path.join(REPO_ROOT, 'test', 'e2e', 'vscode-ext-tests'))],
    ];
    await browser.page.goto(`${server.url}/?folder=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer: NodeJS.Timeout | undefined;
    code = await Promise.race([exited, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 180_000)))]);
    clearTimeout(timer);
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
  console.log(`extension-host tests: exit ${code}`);
  if (code === 0) run.remove();
  else console.log(`run folder kept: ${run.dir}`);
  return code === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
