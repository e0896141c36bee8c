/**
 * Renders a chart with real Helm, the way the issue and the corpus oracle do:
 * `helm install --dry-run=client -o json --namespace=NS [--values=F]… [--set=K=V]… -- RELEASE CHART`
 * (Helm before 3.13: `--dry-run`). Flags use the `--flag=value` form and the positionals follow `--`, so no
 * user-chosen text can ever be read as another flag.
 *
 * Helm 3.17's `install --dry-run` (client or not) first checks that a cluster is reachable and fails without one
 * ("Kubernetes cluster unreachable", helm/helm#13144); Helm 4 does not. Then the chart is rendered with
 * `helm template` instead, with the same release, namespace and values: it renders the same templates client-side
 * and prints every document with its `# Source:` path, hooks included. We never read Helm's order from either
 * output: the documents go through the engine's own hook semantics (renderedSource.ts).
 */
import { parseReleaseJson, parseSkippedHooks, parseTemplateOutput, type RenderedRelease } from '../engine/documents/helmOutput';
import { runHelm } from './helmProcess';
import type { DetectedHelm } from './helmVersion';

export interface RenderRequest {
  chartRoot: string;
  release: string;
  namespace: string;
  /** Absolute paths (or relative to `cwd`), passed as `--values=` in this order. */
  valuesFiles: readonly string[];
  /** `key=value` pairs, passed as `--set=` in this order. */
  set: readonly string[];
  timeoutMs: number;
  signal?: AbortSignal;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export type RenderFailure =
  | { kind: 'helm'; stderr: string; code: number | null }
  | { kind: 'timeout' | 'aborted' | 'too-large' | 'spawn' | 'output'; message: string };

export interface RenderOutcome {
  method: 'install' | 'template';
  /** The command line run last (binary first). */
  command: string[];
  release?: RenderedRelease;
  /** `helm.sh/hook` values Helm logged as skipped (unknown events). */
  skippedHooks: string[];
  failure?: RenderFailure;
  /** Wall time of every helm run for this render, in ms. */
  ms: number;
  notes: string[];
}

/** What a session remembers about helm binaries: whose `install --dry-run` needs a cluster. */
export interface RenderMemory {
  installNeedsCluster: Set<string>;
}

export function newRenderMemory(): RenderMemory {
  return { installNeedsCluster: new Set() };
}

const CLUSTER_UNREACHABLE = /Kubernetes cluster unreachable/;

function valueArgs(req: RenderRequest): string[] {
  return [`--namespace=${req.namespace}`, ...req.valuesFiles.map((f) => `--values=${f}`), ...req.set.map((s) => `--set=${s}`)];
}

export function installArgs(helm: DetectedHelm, req: RenderRequest): string[] {
  const clientFlag = helm.major > 3 || (helm.major === 3 && helm.minor >= 13);
  return ['install', clientFlag ? '--dry-run=client' : '--dry-run', '--output=json', ...valueArgs(req), '--', req.release, req.chartRoot];
}

export function templateArgs(req: RenderRequest): string[] {
  return ['template', ...valueArgs(req), '--', req.release, req.chartRoot];
}

const CLUSTER_NOTE = (h: DetectedHelm) =>
  `Helm ${h.version}'s \`helm install --dry-run\` needs a reachable Kubernetes cluster (helm/helm#13144), so the chart ` +
  'was rendered with `helm template` and the same release name, namespace and values; the hooks are ordered from its documents.';

export async function renderChart(helm: DetectedHelm, req: RenderRequest, memory: RenderMemory): Promise<RenderOutcome> {
  const key = `${helm.path}\u0000${helm.version}`;
  const notes: string[] = [];
  let ms = 0;
  const run = async (method: 'install' | 'template'): Promise<RenderOutcome> => {
    const args = method === 'install' ? installArgs(helm, req) : templateArgs(req);
    const r = await runHelm(helm.path, args, { signal: req.signal, timeoutMs: Math.max(1, req.timeoutMs - ms), cwd: req.cwd, env: req.env });
    ms += r.ms;
    const outcome: RenderOutcome = { method, command: [helm.path, ...args], skippedHooks: parseSkippedHooks(r.stderr), ms, notes };
    if (r.aborted) outcome.failure = { kind: 'aborted', message: 'cancelled' };
    else if (r.spawnError) outcome.failure = { kind: 'spawn', message: `Cannot run ${helm.path}: ${r.spawnError}` };
    else if (r.timedOut) outcome.failure = { kind: 'timeout', message: `Helm did not finish rendering in ${Math.round(req.timeoutMs / 1000)} s` };
    else if (r.outputTooLarge) outcome.failure = { kind: 'too-large', message: "Helm's output is too large to read" };
    else if (r.code !== 0) outcome.failure = { kind: 'helm', stderr: r.stderr, code: r.code };
    else {
      try {
        outcome.release = method === 'install' ? parseReleaseJson(r.stdout) : parseTemplateOutput(r.stdout);
      } catch (e) {
        outcome.failure = { kind: 'output', message: e instanceof Error ? e.message : String(e) };
      }
    }
    return outcome;
  };

  if (!memory.installNeedsCluster.has(key)) {
    const first = await run('install');
    if (first.failure?.kind !== 'helm' || !CLUSTER_UNREACHABLE.test(first.failure.stderr)) return first;
    memory.installNeedsCluster.add(key);
  }
  notes.push(CLUSTER_NOTE(helm));
  return run('template');
}
