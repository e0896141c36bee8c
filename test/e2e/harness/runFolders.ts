/**
 * Run folders and environments for the value-set and helm-setup suites: a workspace holding a copy of one fixture
 * chart, a PATH without helm, and the extension hosts' logs of a profile.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RunFolder } from './workspace';

/** PATH without any folder holding a helm: the window has no helm to find on it. */
export function pathWithoutHelm(): string {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir && !fs.existsSync(path.join(dir, 'helm')))
    .join(path.delimiter);
}

/** A fresh run folder whose workspace holds a copy of `source` as `folder` (never the repository's files). */
export function runFolderWith(prefix: string, source: string, folder: string): RunFolder {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `helm-hooks-${prefix}-`)));
  const workspace = path.join(dir, 'workspace');
  fs.mkdirSync(workspace);
  fs.cpSync(source, path.join(workspace, folder), { recursive: true });
  const file = (...segments: string[]) => path.join(workspace, ...segments);
  return {
    dir,
    workspace,
    file,
    lineOf: (relativePath: string, text: string) => fs.readFileSync(file(relativePath), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Every extension host log of the profile (each window load has its own `exthostN` folder). */
export function exthostLogs(userDataDir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/exthost\.log$/i.test(entry.name)) out.push({ file: p, text: fs.readFileSync(p, 'utf8') });
    }
  };
  const logs = path.join(userDataDir, 'logs');
  if (fs.existsSync(logs)) walk(logs);
  return out;
}

