// @vscode/test-cli configuration (`npm run test:vscode`, or the VS Code Extension Test Runner): the extension-host
// tests of test/e2e/vscode-ext-tests/ in a downloaded VS Code desktop, for contributors with internet access.
// Not part of `npm test` (which runs offline: the same behaviours are tested through the UI of code-server, and
// `npm run test:exthost` runs these very tests inside code-server).
import { defineConfig } from '@vscode/test-cli';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

// A fresh workspace per run, never the repository's files: the example chart, plus the template with a typo'd
// event and the chart with HTML hook names that the UI tests use (test/e2e/fixtures/).
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-vscode-test-'));
fs.cpSync(path.join(root, 'examples', 'upgrade-with-backup'), path.join(workspace, 'upgrade-with-backup'), { recursive: true });
fs.copyFileSync(
  path.join(root, 'test', 'e2e', 'fixtures', 'warm-cache.yaml'),
  path.join(workspace, 'upgrade-with-backup', 'templates', 'hooks', 'warm-cache.yaml'),
);
fs.cpSync(path.join(root, 'test', 'e2e', 'fixtures', 'hostile-chart'), path.join(workspace, 'hostile-chart'), { recursive: true });
fs.mkdirSync(path.join(workspace, '.vscode'));
fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'files.autoSave': 'off' }));

export default defineConfig({
  label: 'extension-host',
  files: 'test/e2e/vscode-ext-tests/**/*.test.js',
  version: 'stable',
  extensionDevelopmentPath: root,
  workspaceFolder: workspace,
  launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  mocha: { ui: 'bdd', timeout: 60000 },
});
