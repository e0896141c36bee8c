/**
 * Where things are: the repository, the tools scripts/setup-e2e.sh installed, and the artifacts folder.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The repository root: the nearest folder above this file whose package.json is the extension's. */
export const REPO_ROOT: string = (() => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'helm-hooks') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no helm-hooks package.json above ${__dirname}`);
  }
})();

/** Screenshots, logs and profiles of failed runs (git-ignored). */
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', 'e2e');

export interface E2ETools {
  node24: string;
  codeServer: string;
  playwrightCore: string;
  chromium: string;
  nvim: string;
}

const SETUP_HINT = 'run `bash scripts/setup-e2e.sh` (npm test and npm run test:e2e do this first)';

/** Reads `.tools/e2e/tools.json` (written by scripts/setup-e2e.sh) and checks that every tool is there. */
export function loadTools(): E2ETools {
  const dir = process.env.E2E_TOOLS ?? path.join(REPO_ROOT, '.tools', 'e2e');
  const file = path.join(dir, 'tools.json');
  if (!fs.existsSync(file)) throw new Error(`The e2e tools are not installed (${file} is missing): ${SETUP_HINT}.`);
  const tools = JSON.parse(fs.readFileSync(file, 'utf8')) as E2ETools;
  for (const [name, p] of Object.entries(tools)) {
    if (!p || !fs.existsSync(p)) throw new Error(`The e2e tool "${name}" is missing (${p || 'not found'}): ${SETUP_HINT}.`);
  }
  return tools;
}

/** The VSIX the tests install, as users do; built by `npm run package` before the e2e suite. */
export function vsixPath(): string {
  // E2E_VSIX: test another build (e.g. one with a deliberate bug, to see the tests fail)
  const vsix = process.env.E2E_VSIX ?? path.join(REPO_ROOT, 'helm-hooks.vsix');
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` (npm run test:e2e does this first).`);
  return vsix;
}

export function resultsDir(...segments: string[]): string {
  const dir = path.join(RESULTS_DIR, ...segments);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A file name from a test title. */
export function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}
