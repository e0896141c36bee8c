/**
 * Which Helm a binary is (`helm version`): the Helm 3 vs 4 semantics of rendered mode follow it (spec §5), and the
 * render command depends on it (`--dry-run=client` exists from Helm 3.13).
 */
import type { HelmVersion } from '../engine/types';
import { runHelm, type HelmRunOptions } from './helmProcess';

export interface DetectedHelm {
  /** The binary as given (a path, or a name looked up on PATH). */
  path: string;
  /** As Helm prints it, e.g. `v3.17.2`. */
  version: string;
  major: number;
  minor: number;
  patch: number;
}

/** Reads `v4.1.4` out of `helm version` output (`--template {{.Version}}`, or the `version.BuildInfo{…}` line). */
export function parseHelmVersionOutput(stdout: string): Omit<DetectedHelm, 'path'> | undefined {
  const m = /\bv?(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.+-]*)?/.exec(stdout.includes('Version:"') ? stdout.slice(stdout.indexOf('Version:"')) : stdout);
  if (!m) return undefined;
  const version = m[0].startsWith('v') ? m[0] : `v${m[0]}`;
  return { version, major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/** The semantics to use for a detected Helm: 3 for Helm 3, 4 for Helm 4 and later. */
export function semanticsOf(h: DetectedHelm): HelmVersion {
  return h.major <= 3 ? 3 : 4;
}

export class HelmDetectionError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly problem?: 'helm-not-found' | 'helm-not-runnable',
  ) {
    super(message);
    this.name = 'HelmDetectionError';
  }
}

/** Runs `helm version --template {{.Version}}`; throws a `HelmDetectionError` with a readable message. */
export async function detectHelm(helm: string, opts: Omit<HelmRunOptions, 'maxOutputBytes'>): Promise<DetectedHelm> {
  const r = await runHelm(helm, ['version', '--template', '{{.Version}}'], { ...opts, maxOutputBytes: 64 * 1024 });
  if (r.aborted) throw new HelmDetectionError('cancelled');
  if (r.spawnError) {
    // The system's words (spawn … EACCES) mean nothing to a chart author: say what is wrong with the file.
    const missing = /ENOENT/.test(r.spawnError);
    throw new HelmDetectionError(
      missing ? `helm was not found at ${helm}` : `${helm} could not be started (is it an executable helm binary?)`,
      'Choose the helm binary (helmHooks.helm.path).',
      missing ? 'helm-not-found' : 'helm-not-runnable',
    );
  }
  if (r.timedOut) throw new HelmDetectionError(`\`${helm} version\` did not answer in ${opts.timeoutMs} ms`);
  const parsed = r.code === 0 ? parseHelmVersionOutput(r.stdout) : undefined;
  if (!parsed) {
    throw new HelmDetectionError(
      `\`${helm} version\` did not print a Helm version (exit ${r.code}): ${(r.stderr || r.stdout).trim().slice(0, 500)}`,
      'Is this the helm binary?',
    );
  }
  if (parsed.major < 3) throw new HelmDetectionError(`${helm} is Helm ${parsed.version}: Helm 2 is not supported`, 'Use Helm 3 or 4.');
  return { path: helm, ...parsed };
}
