/**
 * `helm-hooks template CHART …`: the built-in renderer on the command line, printing exactly what
 * `helm template NAME CHART …` prints (release name `release-name` unless `--release` names one), or Helm's
 * message on stderr (`Error: …`) with exit status 1.
 */
import * as fs from 'fs';
import * as path from 'path';
import { nodeFileSystem } from '../engine/render/nodeFileSystem';
import { RenderBudget } from '../engine/render/budget';
import { renderChart, type HelmKey } from '../engine/render/index';
import type { ValueSet } from '../engine/documents/builtinSource';
import { parseArgs, UsageError, type OptionSpec, type ParsedArgs } from './args';

/** Where the command writes (the CLI's own CliIO satisfies it). */
export interface TemplateIO {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

export const TEMPLATE_USAGE =
  'helm-hooks template CHART [--release NAME] [--namespace NS] [-f FILE]... [--set K=V]... [--set-string K=V]... [--set-json K=JSON]... [--is-upgrade] [--kube-version V] [--api-versions G/V]... [--include-crds] [--show-only PATH]... [--helm-version 3|4|4.2]';

export const TEMPLATE_HELP = `Usage: ${TEMPLATE_USAGE}

Renders the chart with the built-in renderer (no helm binary needed) and prints what
\`helm template NAME CHART ...\` prints: every manifest, sorted as Helm sorts them, then the hooks.

Options:
  --release NAME         release name (default: release-name)
  -n, --namespace NS     namespace (default: default)
  -f, --values FILE      values file, relative to the current folder; repeatable, later ones win
  --set K=V              as helm --set; repeatable
  --set-string K=V       as helm --set-string; repeatable
  --set-json K=JSON      as helm --set-json; repeatable
  --set-literal K=V      as helm --set-literal; repeatable
  --is-upgrade           set .Release.IsUpgrade instead of .Release.IsInstall
  --kube-version V       Kubernetes version for .Capabilities.KubeVersion
  -a, --api-versions G/V extra API versions for .Capabilities.APIVersions; repeatable
  --include-crds         print the CRDs of crds/ folders too
  -s, --show-only PATH   only the manifests of this template (globs allowed); repeatable
  --skip-tests           leave out test hooks
  --no-hooks             leave out every hook
  --helm-version N       the Helm to behave as: 3 (3.17.2), 4 (4.1.4, default) or 4.2 (4.2.3)
  -h, --help             this help

Exit status: 0 rendered, 1 Helm would fail (its message on stderr), 2 bad usage.
`;

/** The command line is not an editor keystroke: a large chart may take its time (the editor's budget is 2 s). */
export const CLI_RENDER_TIMEOUT_MS = 60000;

/**
 * Helm's value flags, as `helm template` and `helm install` take them: one parsing for `template`, and for `order`
 * and `lint`, which render with the built-in renderer by default.
 */
export const VALUE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  release: { anyValue: 'NAME' },
  namespace: { anyValue: 'NS', short: 'n' },
  values: { anyValue: 'FILE', short: 'f', repeatable: true },
  set: { anyValue: 'K=V', repeatable: true },
  'set-string': { anyValue: 'K=V', repeatable: true },
  'set-json': { anyValue: 'K=JSON', repeatable: true },
  'set-literal': { anyValue: 'K=V', repeatable: true },
  'is-upgrade': {},
  'kube-version': { anyValue: 'VERSION' },
  'api-versions': { anyValue: 'GROUP/VERSION', short: 'a', repeatable: true },
};

/** The value options given on a command line, as `--name` (for messages about options that do not apply). */
export function givenValueOptions(parsed: ParsedArgs, names: readonly string[] = Object.keys(VALUE_OPTIONS)): string[] {
  return names.filter((k) => parsed.options.has(k)).map((k) => `--${k}`);
}

/**
 * The value set of the parsed value flags; `-f` files are read relative to `cwd`. A file that cannot be read is
 * Helm's own error (`open FILE: no such file or directory`), returned as its message.
 */
export function readValueSet(parsed: ParsedArgs, cwd: string): { ok: true; values: ValueSet } | { ok: false; message: string } {
  const { options, lists } = parsed;
  const text = (k: string): string | undefined => {
    const v = options.get(k);
    return typeof v === 'string' ? v : undefined;
  };
  const valuesFiles: { name: string; text: string }[] = [];
  for (const f of lists.get('values') ?? []) {
    try {
      valuesFiles.push({ name: f, text: fs.readFileSync(path.resolve(cwd, f), 'utf8') });
    } catch {
      return { ok: false, message: `open ${f}: no such file or directory` };
    }
  }
  const values: ValueSet = {
    release: text('release'),
    namespace: text('namespace'),
    valuesFiles,
    set: lists.get('set'),
    setString: lists.get('set-string'),
    setJson: lists.get('set-json'),
    setLiteral: lists.get('set-literal'),
    isUpgrade: options.has('is-upgrade'),
    kubeVersion: text('kube-version'),
    apiVersions: lists.get('api-versions'),
  };
  return { ok: true, values };
}

export const TEMPLATE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { short: 'h' },
  ...VALUE_OPTIONS,
  'include-crds': {},
  'show-only': { anyValue: 'PATH', short: 's', repeatable: true },
  'skip-tests': {},
  'no-hooks': {},
  'helm-version': { values: ['3', '4', '4.2'] },
};

/** Runs `template`; returns the exit status (usage mistakes throw UsageError). */
export function runTemplate(argv: string[], io: TemplateIO): number {
  const parsed = parseArgs(argv, TEMPLATE_OPTIONS, 'template');
  const { positionals, options, lists } = parsed;
  if (options.has('help')) {
    io.out(TEMPLATE_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('missing CHART: name a chart folder or .tgz', 'template');
  if (positionals.length > 1) throw new UsageError(`template takes one CHART (got ${positionals.length}: ${positionals.join(' ')})`, 'template');
  const version = options.get('helm-version');
  const helmVersion = (typeof version === 'string' ? version : '4') as HelmKey;
  const read = readValueSet(parsed, io.cwd);
  if (!read.ok) {
    io.err(`Error: ${read.message}\n`);
    return 1;
  }
  const v = read.values;
  const chartDir = path.resolve(io.cwd, positionals[0]).split(path.sep).join('/');
  // install.go LocateChart: a local path that does not exist is reported as given
  if (!fs.existsSync(chartDir)) {
    io.err(`Error: path ${JSON.stringify(positionals[0])} not found\n`);
    return 1;
  }
  const result = renderChart(nodeFileSystem, chartDir, {
    releaseName: v.release,
    namespace: v.namespace,
    valuesFiles: v.valuesFiles,
    set: v.set,
    setString: v.setString,
    setJson: v.setJson,
    setLiteral: v.setLiteral,
    isUpgrade: v.isUpgrade,
    kubeVersion: v.kubeVersion,
    apiVersions: v.apiVersions,
    includeCrds: options.has('include-crds'),
    showOnly: lists.get('show-only'),
    skipTests: options.has('skip-tests'),
    noHooks: options.has('no-hooks'),
    helmVersion,
    budget: new RenderBudget({ timeoutMs: CLI_RENDER_TIMEOUT_MS }),
  });
  if (!result.ok) {
    io.err(`Error: ${result.error}\n`);
    return 1;
  }
  io.out(result.output);
  return 0;
}
