/**
 * `helm-hooks order CHART --render …`: the order real Helm gives, through the same engine as the editor's
 * rendered mode. Helm's version is detected; its Helm 3 or 4 semantics are used.
 */
import * as path from 'path';
import type { ChartModel } from '../engine/hooks/chartModel';
import type { CommandName, OrderResult, RenderError } from '../engine/types';
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

export const RENDER_HELP = `Rendered mode (runs helm instead of the built-in renderer; hooks ordered from its output):
  --render          render with Helm: \`helm install RELEASE CHART --dry-run=client -o json\` (Helm 3.13+ and 4;
                    older Helm 3: --dry-run); where that Helm needs a cluster for it (Helm 3.17), \`helm template\`
                    with the same release, namespace and values. The detected Helm version decides the semantics.
                    Takes --release (default: ${DEFAULT_RELEASE}), -n (default: ${DEFAULT_NAMESPACE}), -f and --set
                    as above, not the other value flags.
  --helm PATH       the helm binary (default: helm on PATH)
  --timeout SECONDS time limit of each helm run (default: ${DEFAULT_RENDER_TIMEOUT_MS / 1000})
  JSON output has mode "rendered", helmVersionDetected, render {command, method, notes, …} and, when Helm could
  not render, renderErrors [{message, path, file, line, column, hint}] (exit status 1).
`;

/** Value flags the built-in render takes that rendered mode (real helm) does not pass on. */
const BUILTIN_ONLY = ['set-string', 'set-json', 'set-literal', 'is-upgrade', 'kube-version', 'api-versions'];
/** What the masked reading (`--static`) cannot take: it reads the template text as written, with no values. */
const NOT_STATIC = ['release', 'namespace', 'values', 'set', ...BUILTIN_ONLY, 'timeout'];

function given(parsed: ParsedArgs, names: readonly string[]): string[] {
  return names.filter((k) => parsed.options.has(k)).map((k) => `--${k}`);
}

function applies(list: string[]): string {
  return `${list.join(', ')} ${list.length === 1 ? 'applies' : 'apply'}`;
}

/**
 * Options that do not fit the source of documents asked for are a mistake, not something to ignore silently:
 * `--helm` without `--render`, the built-in render's extra value flags with `--render`, any value with `--static`.
 */
export function checkRenderOptions(parsed: ParsedArgs, command: string): void {
  const o = parsed.options;
  if (o.has('render') && o.has('static')) throw new UsageError('--render and --static exclude each other', command);
  if (o.has('render')) {
    const extra = given(parsed, BUILTIN_ONLY);
    if (extra.length) throw new UsageError(`${applies(extra)} only to the built-in render, not with --render (helm is given --release, --namespace, -f and --set)`, command);
    return;
  }
  const helm = given(parsed, ['helm']);
  if (helm.length) throw new UsageError(`${applies(helm)} only with --render`, command);
  if (o.has('static')) {
    const values = given(parsed, NOT_STATIC);
    if (values.length) throw new UsageError(`${applies(values)} only to a render: --static reads the templates as written, with no values`, command);
  }
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
  const builtin = r?.method === 'builtin';
  if (r && builtin) {
    // No helm ran: say what it would have run, so a user can check the built-in render against it.
    out.push(paint(colors, 'dim', `rendered by the built-in renderer (no helm ran) in ${r.durationMs} ms, as: ${r.command.map(shellWord).join(' ')}`));
    for (const n of r.notes) out.push(paint(colors, 'dim', `note: ${n}`));
  } else if (r) {
    out.push(paint(colors, 'dim', `rendered by Helm ${result.helmVersionDetected ?? '(version unknown)'}: ${r.command.map(shellWord).join(' ')}`));
    if (r.durationMs) out.push(paint(colors, 'dim', `helm ran for ${(r.durationMs / 1000).toFixed(1)} s`));
    for (const n of r.notes) out.push(paint(colors, 'dim', `note: ${n}`));
  }
  for (const e of result.renderErrors ?? []) {
    const where = renderErrorPlace(e, cwd);
    const who = builtin ? 'The chart does not render (helm template fails the same way)' : 'Helm could not render the chart';
    out.push(paint(colors, 'red', `${who}: ${where ? `${where}: ` : ''}`.trimEnd()));
    out.push(...e.message.split('\n').map((l) => `  ${l}`));
    if (e.renderedLine) out.push(paint(colors, 'dim', `  (line ${e.renderedLine} of the rendered output of ${e.path}, not of the template)`));
    if (e.hint) out.push(paint(colors, 'yellow', `  hint: ${e.hint}`));
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/** `file:line:col` of a render error (the template on disk when the chart has it, else Helm's path), or ''. */
export function renderErrorPlace(e: RenderError, cwd: string): string {
  const at = e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : '';
  if (e.file) return `${displayPath(e.file, cwd)}${at}`;
  return e.path ? `${e.path}${at}` : '';
}

function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
