/**
 * A fresh run folder per suite under the system temp dir: the workspace the editor opens (copies, never the
 * repository's files) and room for profiles, logs and sockets. Removed when the suite passed, kept for inspection
 * (and named in the failure output) when it did not.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './tools';

export const EXAMPLE_CHART = 'upgrade-with-backup';
export const HOSTILE_CHART = 'hostile-chart';
/** The typo'd template, copied into the example chart's `templates/hooks/`. */
export const TYPO_TEMPLATE = 'warm-cache.yaml';

const FIXTURES = path.join(REPO_ROOT, 'test', 'e2e', 'fixtures');

export interface RunFolder {
  /** The run folder: workspace/, profiles, logs. */
  dir: string;
  /** What the editor opens: `upgrade-with-backup/` (the example chart plus the typo'd template) and `hostile-chart/`. */
  workspace: string;
  /** Absolute path of a file in the workspace. */
  file(...segments: string[]): string;
  /** 1-based number of the first line of a workspace file that contains `text`. */
  lineOf(relativePath: string, text: string): number;
  remove(): void;
}

/**
 * A fresh run folder whose workspace holds a copy of each `source` folder under its `folder` name (never the
 * repository's or the corpus's files themselves).
 */
export function runFolderWith(prefix: string, ...copies: Array<{ source: string; folder: string }>): RunFolder {
  // realpath: /tmp may be a symlink, and the editor reports real paths
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `helm-hooks-${prefix}-`)));
  const workspace = path.join(dir, 'workspace');
  fs.mkdirSync(workspace);
  for (const c of copies) fs.cpSync(c.source, path.join(workspace, c.folder), { recursive: true });
  const file = (...segments: string[]) => path.join(workspace, ...segments);
  return {
    dir,
    workspace,
    file,
    lineOf(relativePath: string, text: string): number {
      const lines = fs.readFileSync(file(relativePath), 'utf8').split('\n');
      const i = lines.findIndex((l) => l.includes(text));
      if (i < 0) throw new Error(`"${text}" is not in ${relativePath}`);
      return i + 1;
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The example chart (plus the typo'd template) and the hostile chart: what most suites open. */
export function createRunFolder(prefix: string): RunFolder {
  const run = runFolderWith(
    prefix,
    { source: path.join(REPO_ROOT, 'examples', EXAMPLE_CHART), folder: EXAMPLE_CHART },
    { source: path.join(FIXTURES, HOSTILE_CHART), folder: HOSTILE_CHART },
  );
  fs.copyFileSync(path.join(FIXTURES, TYPO_TEMPLATE), run.file(EXAMPLE_CHART, 'templates', 'hooks', TYPO_TEMPLATE));
  return run;
}

/** A free TCP port on 127.0.0.1 (the only address the tests' servers bind). */
export async function freePort(): Promise<number> {
  const net = await import('net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
