/**
 * `helm-hooks order CHART --render …`: the order real Helm gives, through the same engine as the editor's
 * rendered mode. Helm's version is detected; its Helm 3 or 4 semantics are used.
 */
import * as path from 'path';
import type { ChartModel } from '../engine/hooks/chartModel';
import type { CommandName, OrderResult } from '../engine/types';
import { DEFAULT_NAMESPACE, DEFAULT_RELEASE, DEFAULT_RENDER_TIMEOUT_MS, HelmRenderer, RenderCancelled } from '../helm/renderedOrder';
import { UsageError, type OptionSpec, type ParsedArgs } from './args';
import { displayPath } from './lint';
import { paint, type Colors } from './terminal';

/** The options of rendered mode (`--render` and what only makes sense with it). */
export const RENDER_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  render: {},
  helm: { anyValue: 'PATH' },
  release: { anyValue: 'NAME' },
  namespace: { anyValue: 'NS', short: 'n' },
  values: { anyValue: 'FILE', short: 'f', repeatable: true },
  set: { anyValue: 'KEY=VALUE', repeatable: true },
  timeout: { anyValue: 'SECONDS' },
};

export const RENDER_HELP = `Rendered mode (runs helm; the chart's templates are rendered by Helm, hooks ordered from its output):
  --render          render with Helm: \`helm install RELEASE CHART --dry-run=client -o json\` (Helm 3.13+ and 4;
                    older Helm 3: --dry-run); where that Helm needs a cluster for it (Helm 3.17), \`helm template\`
                    with the same release, namespace and values. The detected Helm version decides the semantics.
  --helm PATH       the helm binary (default: helm on PATH)
  --release NAME    release name (default: ${DEFAULT_RELEASE})
  -n, --namespace NS  namespace (default: ${DEFAULT_NAMESPACE})
  -f, --values FILE values file, relative to the current folder; repeat for several, later ones win
  --set KEY=VALUE   a value, as helm --set; repeatable
  --timeout SECONDS time limit of each helm run (default: ${DEFAULT_RENDER_TIMEOUT_MS / 1000})
  JSON output has mode "rendered", helmVersionDetected, render {command, method, notes, …} and, when Helm could
  not render, renderErrors [{message, path, file, line, column, hint}] (exit status 1).
`;

/** `--release` & co. without `--render` are a mistake, not something to ignore silently. */
export function checkRenderOptions(parsed: ParsedArgs, command: string): void {
  if (parsed.options.has('render')) return;
  const given = Object.keys(RENDER_OPTIONS).filter((k) => k !== 'render' && parsed.options.has(k));
  if (given.length) throw new UsageError(`${given.map((k) => `--${k}`).join(', ')} ${given.length === 1 ? 'applies' : 'apply'} only with --render`, command);
}

/** `argv` (after the command name) asks for rendered mode. */
export function wantsRender(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--render');
}

export interface RenderedRun {
  result: OrderResult;
  /** Exit status: 0 rendered, 1 Helm could not render. */
  status: number;
}

export async function renderedOrderOf(model: ChartModel, parsed: ParsedArgs, cwd: string, only?: CommandName): Promise<RenderedRun> {
  const o = parsed.options;
  const text = (k: string): string | undefined => {
    const v = o.get(k);
    return typeof v === 'string' ? v : undefined;
  };
  let timeoutMs = DEFAULT_RENDER_TIMEOUT_MS;
  const t = text('timeout');
  if (t !== undefined) {
    const seconds = Number(t);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout takes a number of seconds (got '${t}')`, 'order');
    timeoutMs = seconds * 1000;
  }
  const release = text('release') ?? DEFAULT_RELEASE;
  if (!release.trim()) throw new UsageError('--release needs a name', 'order');
  const valuesFiles = (parsed.lists.get('values') ?? []).map((f) => path.resolve(cwd, f));
  try {
    const result = await new HelmRenderer().renderedOrder(model, {
      helm: text('helm') ?? 'helm',
      release,
      namespace: text('namespace') ?? DEFAULT_NAMESPACE,
      valuesFiles,
      set: parsed.lists.get('set') ?? [],
      timeoutMs,
      cwd,
      only,
    });
    return { result, status: result.renderErrors?.length ? 1 : 0 };
  } catch (e) {
    if (e instanceof RenderCancelled) throw new Error('the render was cancelled');
    throw e;
  }
}

/** What the text timeline says first in rendered mode: which Helm rendered how, its notes and its errors. */
export function formatRenderedPreamble(result: OrderResult, cwd: string, colors: Colors): string {
  const out: string[] = [];
  const r = result.render;
  if (r) {
    out.push(paint(colors, 'dim', `rendered by Helm ${result.helmVersionDetected ?? '(version unknown)'}: ${r.command.map(shellWord).join(' ')}`));
    if (r.durationMs) out.push(paint(colors, 'dim', `helm ran for ${(r.durationMs / 1000).toFixed(1)} s`));
    for (const n of r.notes) out.push(paint(colors, 'dim', `note: ${n}`));
  }
  for (const e of result.renderErrors ?? []) {
    const where = e.file ? `${displayPath(e.file, cwd)}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}: ` : e.path ? `${e.path}: ` : '';
    out.push(paint(colors, 'red', `Helm could not render the chart: ${where}`.trimEnd()));
    out.push(...e.message.split('\n').map((l) => `  ${l}`));
    if (e.renderedLine) out.push(paint(colors, 'dim', `  (line ${e.renderedLine} of the rendered output of ${e.path}, not of the template)`));
    if (e.hint) out.push(paint(colors, 'yellow', `  hint: ${e.hint}`));
  }
  return out.length ? out.join('\n') + '\n' : '';
}

function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
