/**
 * The `helm-hooks` command line: `lint` (the editor's diagnostics for CI, as text, JSON or SARIF) and `order`
 * (each Helm command's hook timeline), both straight over the engine, reading charts from disk.
 *
 * Exit status: 0 nothing wrong, 1 `lint` found an error, 2 bad usage, 3 an internal error. Users never see a
 * stack trace unless `HELM_HOOKS_DEBUG=1`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ChartWorkspace } from './engine/hooks/chartWorkspace';
import { COMMAND_NAMES } from './engine/helmFacts';
import { nodeFileSystem } from './engine/render/nodeFileSystem';
import type { CommandName, HelmVersion, OrderResult } from './engine/types';
import { parseArgs, UsageError, type OptionSpec, type ParsedArgs } from './cli/args';
import type { ChartModel } from './engine/hooks/chartModel';
import { chartProblems, chartTargets, slashes } from './cli/chartTargets';
import { displayPath, formatLintJson, formatLintText, lintPaths, type LintSource } from './cli/lint';
import { formatSarif } from './cli/sarif';
import { useColors, type Colors } from './cli/terminal';
import { formatTimeline } from './cli/textTimeline';
import { withAllTies } from './engine/hooks/hookOrder';
import { formatArgoTimeline } from './cli/argocdTimeline';
import { argoOrderOf } from './engine/hooks/argocd';
import { checkRenderOptions, formatRenderedPreamble, RENDER_HELP, RENDER_OPTIONS, renderedOrderOf, wantsRender } from './cli/render';
import { CLI_RENDER_TIMEOUT_MS, givenValueOptions, readValueSet, runTemplate, TEMPLATE_HELP, TEMPLATE_USAGE, VALUE_OPTIONS } from './cli/template';
import { builtinOrder } from './engine/hooks/builtinOrder';
import { RenderBudget } from './engine/render/budget';

export const EXIT = { ok: 0, errorsFound: 1, usage: 2, internal: 3 } as const;

/** Where the CLI writes and what it runs in; `main` uses the process's own, tests may pass their own. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  colors: Colors;
  env: NodeJS.ProcessEnv;
}

const HELM_VERSIONS = ['3', '4'] as const;
/** `--target`: who runs the hooks — Helm itself, or Argo CD from `helm template` (docs/ARGOCD.md). */
const TARGETS = ['helm', 'argocd'] as const;

/** The value flags `order` and `lint` take for the built-in render (those of `helm template`). */
const VALUE_USAGE = '[--release NAME] [-n NS] [-f FILE]... [--set K=V]... [--set-string K=V]... [--set-json K=JSON]... [--set-literal K=V]... [--is-upgrade] [--kube-version V] [-a G/V]...';

const VALUE_HELP = `Value set of the built-in render (what \`helm template NAME CHART ...\` is given; no helm runs):
  --release NAME         release name (default: release-name, as helm template)
  -n, --namespace NS     namespace (default: default)
  -f, --values FILE      values file, relative to the current folder; repeatable, later ones win
  --set KEY=VALUE        as helm --set; repeatable (also --set-string, --set-json, --set-literal)
  --is-upgrade           render with .Release.IsUpgrade (helm template --is-upgrade)
  --kube-version V       Kubernetes version for .Capabilities.KubeVersion
  -a, --api-versions G/V extra API versions for .Capabilities.APIVersions; repeatable
  --timeout SECONDS      time limit of the render (default: ${CLI_RENDER_TIMEOUT_MS / 1000})
  --static               do not render: read the templates as written (the masked reading; takes no values)
`;

const TOP_HELP = `helm-hooks: Helm chart hooks made visible and safe

Usage:
  helm-hooks lint [--format text|json|sarif] [--helm-version 3|4] [VALUES...] PATH...
  helm-hooks lint --static [--format text|json|sarif] [--helm-version 3|4] PATH...
  helm-hooks lint --target argocd [--format text|json|sarif] [--helm-version 3|4] PATH...
  helm-hooks order CHART [--command install|upgrade|rollback|uninstall|test] [--format text|json] [--helm-version 3|4] [VALUES...]
  helm-hooks order CHART --static [--command ...] [--format text|json] [--helm-version 3|4]
  helm-hooks order CHART --target argocd [--format text|json] [--helm-version 3|4]
  helm-hooks order CHART --render [--helm PATH] [--release NAME] [--namespace NS] [-f FILE]... [--set k=v]...
  ${TEMPLATE_USAGE}
  helm-hooks --version
  helm-hooks help [lint|order|template]

  VALUES: ${VALUE_USAGE}

Commands:
  lint    report hook mistakes Helm accepts silently or rejects late (exit 1 on any error)
  order   show the order in which Helm runs the chart's hooks and resources, per command
  template  print what \`helm template\` prints, rendered by the built-in renderer (no helm needed)

order and lint render the chart with the built-in renderer (no helm, no cluster) by default.
Exit status: 0 no error found, 1 lint found an error or the chart does not render, 2 bad usage, 3 internal error.
Set HELM_HOOKS_DEBUG=1 to see stack traces.
`;

const LINT_HELP = `Usage: helm-hooks lint [--format text|json|sarif] [--helm-version 3|4] [VALUES...] PATH...
       helm-hooks lint --static [--format text|json|sarif] [--helm-version 3|4] PATH...
       helm-hooks lint --target helm|argocd [--format text|json|sarif] [--helm-version 3|4] PATH...

Lints every template (manifests and _*.tpl partials) of a chart and its subcharts, and its crds/ files.
Subcharts packaged as .tgz are read-only: they are not linted, but their hooks count (weights are chart-wide).

Each chart is checked twice: the templates as written (every mistake in the literal text), and the chart as the
built-in renderer renders it with the value set below (hooks built by helpers or values, names and weights as Helm
gives them: run-time and order findings say "as rendered with these values"). A chart that does not render is
reported as render-failed at the failing template's line and column, with Helm's message (information when the
chart's default values leave out a value that \`required\` or \`fail\` asks for).

PATH is
  a chart folder (with Chart.yaml), or any folder inside a chart: that whole chart;
  a folder holding charts below it: every chart found (node_modules and .git are skipped);
  a file inside a chart: that file, checked against the whole chart.

Options:
  --format text     path:line:col: severity code: message, then a summary that says how the templates were read (default)
  --format json     an array of {file, line, column, endLine, endColumn, severity, code, message};
                    lines and columns are 1-based, file is relative to the current folder when below it
  --format sarif    SARIF 2.1.0, for code scanning (runs[0].properties.documentSource says how the templates were read)
  --helm-version N  3 or 4 (default 4): the Helm whose rules and kind order apply (spec §5)
  --target argocd   also report how Argo CD runs the hooks (argocd-* codes: hooks that run at every sync,
                    hooks it never runs, ties it orders by kind, ignored argocd.argoproj.io/hook values)
  -h, --help        this help

${VALUE_HELP}
Exit status: 1 when any error is reported, 0 otherwise (warnings and hints do not fail), 2 on bad usage.
`;

const ORDER_HELP = `Usage: helm-hooks order CHART [--command install|upgrade|rollback|uninstall|test] [--format text|json] [--helm-version 3|4] [VALUES...]
       helm-hooks order CHART --static [--command ...] [--format text|json] [--helm-version 3|4]
       helm-hooks order CHART --target argocd [--format text|json] [--helm-version 3|4]
       helm-hooks order CHART --render [--helm PATH] [--release NAME] [--namespace NS] [-f FILE]... [--set k=v]...

Shows, for each Helm command, the sequence Helm follows: its phases, its hooks sorted exactly as Helm sorts them
(kind, then weight, then name), what each hook's delete policy does, and the resources in apply order.
By default the chart is rendered by the built-in renderer (no helm runs) with the value set below, so every hook
has the name, events, weight and policies Helm gives it; the timeline's first line says so and shows the
\`helm template\` command that renders the same. When the chart does not render (\`required\`, \`fail\`, a parse
error), Helm's message is printed with the template's file:line:col and the exit status is 1.
With --static the templates are read without rendering: a hook inside {{ if }} is marked conditional, a templated
name or weight is marked dynamic (its position is a best guess).

CHART is a chart folder, a folder or file inside a chart, or a folder holding exactly one chart.

Options:
  --command NAME    only this command (default: all five)
  --format text     an aligned timeline (default)
  --format json     {chart, mode: "builtin", helmVersion, commands: {install: {steps, notes}, ...}, chartRoot,
                    hookCount, dropped, render: {method: "builtin", command, release, namespace, valuesFiles, set,
                    durationMs, notes}, renderErrors?: [{message, path, file, line, column}]} ("static" with
                    --static, "rendered" with --render); a hook's "path" is Helm's template path
                    (<chart name>/templates/x.yaml), its "file" the absolute path on disk
  --helm-version N  3 or 4 (default 4; with --render the detected Helm version decides)
  --all-ties        note every tie Helm breaks by name (text timeline); by default only the ties whose order
                    matters are noted: one hook uses what the other creates (a Job and the Secret it mounts)
  --target argocd   Argo CD's sync (PreSync → Sync → PostSync, wave by wave) and Application deletion
                    (PreDelete → cascade delete → PostDelete) of the same chart, the hooks Argo CD never runs, and
                    how it differs from helm install; JSON: {target, chart, commands: {sync: {steps}, delete: {steps}},
                    ignored, differences} (docs/ARGOCD.md). Reads the templates; not with --command, --render or values.
  -h, --help        this help

${VALUE_HELP}
${RENDER_HELP}`;

const HELP: Readonly<Record<string, string>> = { lint: LINT_HELP, order: ORDER_HELP, template: TEMPLATE_HELP };

const COMMON: Readonly<Record<string, OptionSpec>> = {
  help: { short: 'h' },
  'helm-version': { values: HELM_VERSIONS },
};

/** The version in the package.json next to the code, wherever the build put it. */
export function toolVersion(): string {
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'helm-hooks' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here: look one folder up
    }
  }
  return '0.0.0';
}

function helmVersionOf(options: Map<string, string | true>): HelmVersion {
  return options.get('helm-version') === '3' ? 3 : 4;
}

const LINT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  ...COMMON,
  format: { values: ['text', 'json', 'sarif'] },
  target: { values: TARGETS },
  ...VALUE_OPTIONS,
  timeout: { anyValue: 'SECONDS' },
  static: {},
};

function runLint(argv: string[], io: CliIO): number {
  const parsed = parseArgs(argv, LINT_OPTIONS, 'lint');
  const { positionals, options } = parsed;
  if (options.has('help')) {
    io.out(LINT_HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError('missing PATH: name a chart, a folder of charts, or a file inside a chart', 'lint');
  checkRenderOptions(parsed, 'lint');
  let source: LintSource = { mode: 'static' };
  if (!options.has('static')) {
    const read = readValueSet(parsed, io.cwd);
    if (!read.ok) {
      io.err(`Error: ${read.message}\n`);
      return EXIT.errorsFound;
    }
    source = { mode: 'builtin', values: read.values, timeoutMs: timeoutOf(parsed, 'lint') };
  }
  const ws = new ChartWorkspace(nodeFileSystem);
  const report = lintPaths(ws, positionals, io.cwd, helmVersionOf(options), options.get('target') === 'argocd' ? 'argocd' : 'helm', source);
  for (const p of report.problems) io.err(`helm-hooks: warning: ${p}\n`);
  const format = options.get('format') ?? 'text';
  if (format === 'json') io.out(formatLintJson(report));
  else if (format === 'sarif') io.out(formatSarif(report, io.cwd, toolVersion()));
  else io.out(formatLintText(report, io.colors));
  return report.findings.some((f) => f.severity === 'error') ? EXIT.errorsFound : EXIT.ok;
}

const ORDER_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  ...COMMON,
  format: { values: ['text', 'json'] },
  command: { values: COMMAND_NAMES },
  target: { values: TARGETS },
  ...RENDER_OPTIONS,
  ...VALUE_OPTIONS,
  static: {},
  'all-ties': {},
};

/** The timeline notes only the ties whose order matters (one hook uses what the other creates); --all-ties: all. */
function tiesShown(result: OrderResult, options: ParsedArgs['options']): OrderResult {
  return options.has('all-ties') ? withAllTies(result) : result;
}

function runOrder(argv: string[], io: CliIO): number {
  const parsed = parseArgs(argv, ORDER_OPTIONS, 'order');
  const { positionals, options } = parsed;
  if (options.has('help')) {
    io.out(ORDER_HELP);
    return EXIT.ok;
  }
  checkRenderOptions(parsed, 'order');
  // Rendering waits for helm: `mainAsync` (what bin/helm-hooks.js runs) handles it before this point.
  if (options.has('render')) throw new UsageError('--render needs the asynchronous entry point (mainAsync)', 'order');
  const argo = options.get('target') === 'argocd';
  if (argo && options.has('command')) {
    throw new UsageError('--command is for the helm target: Argo CD has one sync and one Application deletion', 'order');
  }
  if (argo) {
    const values = givenValueOptions(parsed);
    if (values.length) throw new UsageError(`--target argocd reads the templates with the chart's default values: it does not take ${values.join(', ')}`, 'order');
  }
  const { ws, model } = orderChart(positionals, io);
  const version = helmVersionOf(options);
  if (argo) {
    const argoOrder = argoOrderOf(ws, model, version);
    if ((options.get('format') ?? 'text') === 'json') {
      // The issue's keys first (target, commands, ignored); the rest is additive.
      const { target, chart, commands, ignored, ...rest } = argoOrder;
      io.out(JSON.stringify({ target, chart, commands, ignored, ...rest }, null, 2) + '\n');
    } else io.out(formatArgoTimeline(argoOrder, io.colors));
    return EXIT.ok;
  }
  const command = options.get('command') as CommandName | undefined;
  let result: OrderResult;
  if (options.has('static')) {
    result = ws.order(model, version, command);
  } else {
    const read = readValueSet(parsed, io.cwd);
    if (!read.ok) {
      io.err(`Error: ${read.message}\n`);
      return EXIT.errorsFound;
    }
    const timeoutMs = timeoutOf(parsed, 'order');
    result = builtinOrder(model, nodeFileSystem, read.values, { version, only: command, budget: () => new RenderBudget({ timeoutMs }) }).order;
  }
  if ((options.get('format') ?? 'text') === 'json') {
    // The issue's keys first; the rest of OrderResult is additive.
    const { chart, mode, helmVersion, commands, ...rest } = result;
    io.out(JSON.stringify({ chart, mode, helmVersion, commands, ...rest }, null, 2) + '\n');
  } else {
    io.out(formatRenderedPreamble(result, io.cwd, io.colors));
    if (!result.renderErrors?.length) io.out(formatTimeline(tiesShown(result, options), io.cwd, io.colors));
  }
  return result.renderErrors?.length ? EXIT.errorsFound : EXIT.ok;
}

/** `--timeout SECONDS` of the built-in render (default CLI_RENDER_TIMEOUT_MS). */
function timeoutOf(parsed: ParsedArgs, command: string): number {
  const t = parsed.options.get('timeout');
  if (typeof t !== 'string') return CLI_RENDER_TIMEOUT_MS;
  const seconds = Number(t);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout takes a number of seconds (got '${t}')`, command);
  return seconds * 1000;
}

/** The one chart `order` works on. */
function orderChart(positionals: string[], io: CliIO): { ws: ChartWorkspace; model: ChartModel } {
  if (positionals.length === 0) throw new UsageError('missing CHART: name a chart folder', 'order');
  if (positionals.length > 1) throw new UsageError(`order takes one CHART (got ${positionals.length}: ${positionals.join(' ')})`, 'order');
  const ws = new ChartWorkspace(nodeFileSystem);
  const targets = chartTargets(ws, positionals, io.cwd, 'order');
  if (targets.length > 1) {
    const roots = targets.map((t) => `  ${displayPath(t.model.chart.root, io.cwd)}`).join('\n');
    throw new UsageError(`${positionals[0]} holds ${targets.length} charts; name one of them:\n${roots}`, 'order');
  }
  const model = targets[0].model;
  for (const p of chartProblems(model)) io.err(`helm-hooks: warning: ${p}\n`);
  return { ws, model };
}

/** `order --render`: Helm renders the chart; exit 1 when it cannot. */
async function runOrderRendered(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(argv, ORDER_OPTIONS, 'order');
  const { positionals, options } = parsed;
  if (options.has('help')) {
    io.out(ORDER_HELP);
    return EXIT.ok;
  }
  if (options.get('target') === 'argocd') throw new UsageError('--target argocd reads the templates: it does not take --render', 'order');
  checkRenderOptions(parsed, 'order');
  const { model } = orderChart(positionals, io);
  const command = options.get('command') as CommandName | undefined;
  const { result, status } = await renderedOrderOf(model, parsed, io.cwd, command);
  const asked = options.get('helm-version');
  if (asked && result.helmVersionDetected && Number(asked) !== result.helmVersion) {
    io.err(`helm-hooks: warning: --helm-version ${asked} ignored: rendered mode follows the detected Helm ${result.helmVersionDetected}\n`);
  }
  if ((options.get('format') ?? 'text') === 'json') {
    const { chart, mode, helmVersion, commands, ...rest } = result;
    io.out(JSON.stringify({ chart, mode, helmVersion, commands, ...rest }, null, 2) + '\n');
  } else {
    io.out(formatRenderedPreamble(result, io.cwd, io.colors));
    if (!result.renderErrors?.length) io.out(formatTimeline(tiesShown(result, options), io.cwd, io.colors));
  }
  return status === 0 ? EXIT.ok : EXIT.errorsFound;
}

function run(argv: string[], io: CliIO): number {
  const [first, ...rest] = argv;
  switch (first) {
    case undefined:
      io.err(TOP_HELP);
      return EXIT.usage;
    case '-h':
    case '--help':
      io.out(TOP_HELP);
      return EXIT.ok;
    case 'help': {
      const topic = rest[0];
      if (topic !== undefined && !HELP[topic]) throw new UsageError(`no help for '${topic}': the commands are lint, order and template`);
      io.out(topic ? HELP[topic] : TOP_HELP);
      return EXIT.ok;
    }
    case '-V':
    case '--version':
      io.out(`${toolVersion()}\n`);
      return EXIT.ok;
    case 'lint':
      return runLint(rest, io);
    case 'order':
      return runOrder(rest, io);
    case 'template':
      return runTemplate(rest, io);
    default:
      throw new UsageError(first.startsWith('-') ? `unknown option ${first}` : `unknown command '${first}': the commands are lint and order`);
  }
}

function defaultIO(): CliIO {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    cwd: slashes(safeRealPath(process.cwd())),
    colors: useColors(process.stdout, process.env),
    env: process.env,
  };
}

function safeRealPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

let pipeGuarded = false;

/** `helm-hooks lint . | head`: a closed pipe ends the output quietly instead of crashing with a trace. */
function guardPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

/** Runs the CLI and returns its exit status; never throws. Without `io`, it uses the process's streams. */
export function main(argv: string[], io?: CliIO): number {
  if (!io) {
    guardPipe();
    io = defaultIO();
  }
  try {
    return run(argv, io);
  } catch (e) {
    return reportFailure(e, io);
  }
}

/**
 * Runs the CLI, rendering with helm where asked (`order --render`), and resolves to its exit status; never
 * rejects. This is what bin/helm-hooks.js runs.
 */
export async function mainAsync(argv: string[], io?: CliIO): Promise<number> {
  if (argv[0] !== 'order' || !wantsRender(argv.slice(1))) return main(argv, io);
  if (!io) {
    guardPipe();
    io = defaultIO();
  }
  try {
    return await runOrderRendered(argv.slice(1), io);
  } catch (e) {
    return reportFailure(e, io);
  }
}

/** A usage error (exit 2) or an internal error (exit 3), said plainly. */
function reportFailure(e: unknown, io: CliIO): number {
  if (e instanceof UsageError) {
    const help = e.command ? `helm-hooks ${e.command} --help` : 'helm-hooks --help';
    io.err(`helm-hooks${e.command ? ` ${e.command}` : ''}: ${e.message}\nRun '${help}' for usage.\n`);
    return EXIT.usage;
  }
  const debug = io.env.HELM_HOOKS_DEBUG === '1';
  const message = e instanceof Error ? e.message : String(e);
  io.err(`helm-hooks: internal error: ${message}\n`);
  if (debug && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
  else io.err('Set HELM_HOOKS_DEBUG=1 to see the stack trace.\n');
  return EXIT.internal;
}
