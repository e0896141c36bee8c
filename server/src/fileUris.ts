/**
 * Document URIs ↔ the engine's paths. The engine joins paths with `/` on every platform (Node's fs accepts
 * `c:/x/y` on Windows), so Windows paths are turned to forward slashes here and nowhere else.
 */
import { fileURLToPath, pathToFileURL } from 'url';

const WINDOWS = process.platform === 'win32';

/** The engine path of a `file:` URI; undefined for other schemes (git:, untitled:) and malformed URIs. */
export function uriToPath(uri: string): string | undefined {
  if (!/^file:/i.test(uri)) return undefined;
  try {
    // VS Code writes the drive colon as `%3A`, which fileURLToPath does not decode on every Node version.
    const p = fileURLToPath(uri.replace(/^file:\/\/\/([A-Za-z])%3A/i, 'file:///$1:'));
    const slashed = WINDOWS ? p.replace(/\\/g, '/') : p;
    return slashed.length > 1 ? slashed.replace(/\/+$/, '') : slashed;
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** Whether `path` is `root` or below it (paths as the server keeps them: absolute, `/`-separated). */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root + '/');
}
