/**
 * The real VS Code: code-server (VS Code's workbench and extension host, run by Node 24) on 127.0.0.1 with a fresh
 * profile, the extension installed from the VSIX with `--install-extension` as users do, and Debian's Chromium
 * driven by playwright-core as the window.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { loadPlaywright, type BrowserContext, type Page } from './playwright';
import { ProcessGroup } from './processGroup';
import { type E2ETools } from './tools';
import { freePort, type RunFolder } from './workspace';

/** User settings of the test profile: quiet, deterministic, and nothing typed is ever saved by itself. */
export const TEST_SETTINGS = {
  'files.autoSave': 'off',
  'workbench.colorTheme': 'Light 2026',
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.editor.enablePreview': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'remote.autoForwardPorts': false,
  // Typing in tests: no pop-ups nobody asked for, no auto-inserted quotes, suggestions only from the extension.
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.wordBasedSuggestions': 'off',
  'editor.autoClosingQuotes': 'never',
  'editor.autoClosingBrackets': 'never',
  'editor.autoSurround': 'never',
  'editor.minimap.enabled': false,
  'editor.hover.enabled': true,
} as const;

export interface CodeServer {
  url: string;
  port: number;
  group: ProcessGroup;
  /** Where `--install-extension` put the extension (when a VSIX was given). */
  extensionDir: string | undefined;
  /** code-server's `--user-data-dir` (extensions' global storage is under `User/globalStorage`). */
  userDataDir: string;
  logFile: string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** Installed with `--install-extension` (a copy, so a concurrent `npm run package` cannot swap it mid-install). */
  vsix?: string;
  /** More code-server arguments, e.g. `--vscode-option enable-smoke-test-driver` for extension-host tests. */
  extraArgs?: string[];
  /** More user settings, over TEST_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Environment of code-server (and so of the extension host and language server) over the test's own, e.g. PATH. */
  env?: NodeJS.ProcessEnv;
  /** Keep Workspace Trust on (by default it is disabled: every folder is trusted). */
  workspaceTrust?: boolean;
}

export async function startCodeServer(run: RunFolder, tools: E2ETools, options: CodeServerOptions): Promise<CodeServer> {
  const userDataDir = path.join(run.dir, 'profile');
  const extensionsDir = path.join(run.dir, 'extensions');
  const tmp = path.join(run.dir, 'tmp');
  for (const d of [path.join(userDataDir, 'User'), extensionsDir, tmp]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...TEST_SETTINGS, ...options.settings }, null, 2));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    PATH: `${path.dirname(tools.node24)}:${options.env?.PATH ?? process.env.PATH ?? ''}`,
    EXTENSIONS_GALLERY: '{}', // no marketplace: nothing is fetched from the network
    XDG_CONFIG_HOME: path.join(run.dir, 'xdg-config'),
    XDG_DATA_HOME: path.join(run.dir, 'xdg-data'),
    TMPDIR: tmp, // code-server's IPC sockets stay in the run folder
  };
  const common = ['--config', '/dev/null', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  let installed: string | undefined;
  if (options.vsix) {
    const vsix = path.join(run.dir, path.basename(options.vsix));
    fs.copyFileSync(options.vsix, vsix);
    const install = spawnSync(tools.codeServer, [...common, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
    installed = fs.readdirSync(extensionsDir).find((d) => d.startsWith('helm-hooks.helm-hooks-'));
    if (install.status !== 0 || !installed) {
      throw new Error(`code-server --install-extension ${vsix} failed (exit ${install.status}):\n${install.stdout}\n${install.stderr}`);
    }
  }

  const port = await freePort();
  const logFile = path.join(run.dir, 'code-server.log');
  const group = ProcessGroup.start(
    'code-server',
    tools.codeServer,
    [
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      ...(options.extraArgs ?? []),
    ],
    { env, logFile },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = () => group.stop();
  try {
    await waitUntil(async () => (await httpStatus(`${url}/healthz`)) === 200, 60_000, () => {
      if (!group.alive()) throw new Error(`code-server exited:\n${tail(logFile)}`);
    });
  } catch (err) {
    await stop();
    throw new Error(`code-server did not come up on ${url}: ${err instanceof Error ? err.message : String(err)}\n${tail(logFile)}`);
  }
  return { url, port, group, extensionDir: installed ? path.join(extensionsDir, installed) : undefined, userDataDir, logFile, stop };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Every console message of the page and its frames (webviews included), as "type: text". */
  console: string[];
  pageErrors: string[];
  close(): Promise<void>;
}

/** Debian's Chromium, headless, fresh profile, no network services of its own. */
export async function launchBrowser(run: RunFolder, tools: E2ETools): Promise<Browser> {
  const playwright = loadPlaywright(tools.playwrightCore);
  const profile = path.join(run.dir, 'chromium');
  const context = await playwright.chromium.launchPersistentContext(profile, {
    executablePath: tools.chromium,
    headless: true,
    viewport: { width: 1400, height: 900 },
    deviceScaleFactor: 1,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleMessages: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => {
    consoleMessages.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return { context, page, console: consoleMessages, pageErrors, close: () => context.close() };
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, each?: () => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    each?.();
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
}
