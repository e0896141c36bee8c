/**
 * Environments for the value-set and helm-setup suites: a PATH without helm, and the extension hosts' logs of a
 * profile (their run folders come from workspace.ts).
 */
import * as fs from 'fs';
import * as path from 'path';

/** PATH without any folder holding a helm: the window has no helm to find on it. */
export function pathWithoutHelm(): string {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir && !fs.existsSync(path.join(dir, 'helm')))
    .join(path.delimiter);
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

