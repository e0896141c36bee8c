/**
 * The one table of Helm facts. Completion, hover, diagnostics, ordering, the webview and the CLI all read it.
 * Every fact here was read from Helm's source (see the comments) and checked against real Helm binaries.
 */
import type { CommandName, HelmVersion, HookEventName } from './types';

export const HELM_DOCS_HOOKS = 'https://helm.sh/docs/topics/charts_hooks/';
export const HELM_DOCS_RESOURCE_POLICY =
  'https://helm.sh/docs/howto/charts_tips_and_tricks/#tell-helm-not-to-uninstall-a-resource';

export const ANNOTATION = {
  hook: 'helm.sh/hook',
  weight: 'helm.sh/hook-weight',
  deletePolicy: 'helm.sh/hook-delete-policy',
  outputLogPolicy: 'helm.sh/hook-output-log-policy',
  resourcePolicy: 'helm.sh/resource-policy',
} as const;

export type AnnotationKey = (typeof ANNOTATION)[keyof typeof ANNOTATION];

export interface AnnotationFact {
  key: AnnotationKey;
  summary: string;
  detail: string;
  /** Value is a comma-separated list. */
  list: boolean;
  docs: string;
}

export const ANNOTATIONS: readonly AnnotationFact[] = [
  {
    key: ANNOTATION.hook,
    summary: 'Makes this resource a Helm hook for the listed events.',
    detail:
      'Comma-separated events. Helm trims and lower-cases each item; if **any** item is unknown (a typo, ' +
      '`crd-install`, an empty item) the whole resource is dropped silently: it is neither a hook nor a normal ' +
      'resource. Hooks are not part of the release: `helm uninstall` never deletes them.',
    list: true,
    docs: HELM_DOCS_HOOKS,
  },
  {
    key: ANNOTATION.weight,
    summary: 'Orders hooks of the same event: lower weights run first.',
    detail:
      "Parsed with Go's `strconv.Atoi` on the raw string, without trimming: `\"-5\"`, `\"+5\"`, `\"007\"` parse; " +
      '`" 5"`, `"5.0"`, `"abc"` or a number out of range silently become **0**. Hooks with equal weights are ' +
      'ordered by `metadata.name` (byte-wise), not by kind. Weights are global across the chart and its subcharts.',
    list: false,
    docs: HELM_DOCS_HOOKS,
  },
  {
    key: ANNOTATION.deletePolicy,
    summary: 'When Helm deletes the hook object.',
    detail:
      'Comma-separated policies. Without this annotation Helm uses `before-hook-creation`. Unknown values are ' +
      'kept and never match anything, and because the list is then not empty the default ' +
      '`before-hook-creation` is **not** applied either. `CustomResourceDefinition` hooks are never deleted.',
    list: true,
    docs: HELM_DOCS_HOOKS,
  },
  {
    key: ANNOTATION.outputLogPolicy,
    summary: 'When Helm prints the logs of a Job or Pod hook (Helm 3.18+ and Helm 4).',
    detail:
      'Comma-separated policies `hook-succeeded`, `hook-failed`. Only `Job` and `Pod` hooks have logs; on other ' +
      'kinds the annotation has no effect. Unknown values are ignored.',
    list: true,
    docs: HELM_DOCS_HOOKS,
  },
  {
    key: ANNOTATION.resourcePolicy,
    summary: '`keep`: `helm uninstall` (and upgrades that remove it) leave this resource in place.',
    detail:
      'The value is trimmed and lower-cased at uninstall; anything other than `keep` leaves the resource ' +
      'silently behind (it is in neither the kept nor the deleted list). It does not stop a hook deletion policy.',
    list: false,
    docs: HELM_DOCS_RESOURCE_POLICY,
  },
];

export function annotationFact(key: string): AnnotationFact | undefined {
  return ANNOTATIONS.find((a) => a.key === key);
}

export interface EventFact {
  name: HookEventName;
  command: CommandName;
  when: string;
}

/** `pkg/release/v1/hook.go` — the nine events, in the order Helm's docs list them. */
export const EVENTS: readonly EventFact[] = [
  { name: 'pre-install', command: 'install', when: 'after templates are rendered, before any resource is created' },
  { name: 'post-install', command: 'install', when: 'after all resources are created (and ready with --wait)' },
  { name: 'pre-delete', command: 'uninstall', when: 'on uninstall, before any resource is deleted' },
  { name: 'post-delete', command: 'uninstall', when: "on uninstall, after all of the release's resources are deleted" },
  { name: 'pre-upgrade', command: 'upgrade', when: 'on upgrade, after rendering, before any resource is updated' },
  { name: 'post-upgrade', command: 'upgrade', when: 'on upgrade, after all resources are updated' },
  // Rollback renders nothing: it loads the target revision's stored manifest and hooks (`pkg/action/rollback.go`).
  { name: 'pre-rollback', command: 'rollback', when: 'on rollback, after the target revision is loaded, before any resource is rolled back' },
  { name: 'post-rollback', command: 'rollback', when: 'on rollback, after all resources are rolled back' },
  { name: 'test', command: 'test', when: 'when `helm test` runs' },
];

export const EVENT_NAMES: readonly HookEventName[] = EVENTS.map((e) => e.name);

/** Accepted by Helm as an alias of `test` (Helm 2 compatibility, `manifest_sorter.go`). */
export const DEPRECATED_EVENTS: Readonly<Record<string, HookEventName>> = { 'test-success': 'test' };

/** Events of older Helm versions that Helm 3 and 4 no longer know: the resource is dropped. */
export const REMOVED_EVENTS: Readonly<Record<string, string>> = {
  'crd-install':
    'Helm 2 only. Put CustomResourceDefinitions in the chart\'s `crds/` folder instead (installed before anything else on `helm install`).',
  'test-failure': 'Helm 2 only. Helm 3 and 4 have a single `test` event; a failing test Pod fails `helm test`.',
};

/**
 * Resolve one item of a `helm.sh/hook` value the way Helm does: `strings.ToLower(strings.TrimSpace(item))`,
 * then look it up among the events plus the `test-success` alias.
 */
export function resolveEvent(item: string): HookEventName | undefined {
  const v = goToLower(goTrimSpace(item));
  if ((EVENT_NAMES as readonly string[]).includes(v)) return v as HookEventName;
  return DEPRECATED_EVENTS[v];
}

export interface PolicyFact {
  name: string;
  detail: string;
}

export const DELETE_POLICIES: readonly PolicyFact[] = [
  {
    name: 'before-hook-creation',
    detail: 'Delete the previous object of this hook before the new one is created (the default when no policy is written).',
  },
  { name: 'hook-succeeded', detail: 'Delete the object after every hook of the phase succeeded (in reverse order).' },
  { name: 'hook-failed', detail: 'Delete the object if the hook failed.' },
];

export const OUTPUT_LOG_POLICIES: readonly PolicyFact[] = [
  { name: 'hook-succeeded', detail: 'Print the logs of the Job/Pod after the phase succeeded.' },
  { name: 'hook-failed', detail: 'Print the logs of the Job/Pod if the hook failed.' },
];

export const DEFAULT_DELETE_POLICY = 'before-hook-creation';
export const RESOURCE_POLICY_KEEP = 'keep';

/** Only these kinds are waited on (`pkg/kube` readiness): every other kind is "ready" as soon as it exists. */
export const WAITED_KINDS: readonly string[] = ['Job', 'Pod'];
/** The output-log policy only applies to kinds with logs. */
export const OUTPUT_LOG_KINDS: readonly string[] = ['Job', 'Pod'];
/** Never deleted by a hook delete policy (`pkg/action/hooks.go`). */
export const NEVER_DELETED_HOOK_KINDS: readonly string[] = ['CustomResourceDefinition'];

/** Hook annotation keys Helm does not know but third-party tools use: never flag these. */
export const THIRD_PARTY_ANNOTATIONS: readonly string[] = ['helm.sh/hook-weights'];

/** `pkg/release/v1/util/kind_sorter.go` (Helm 4); Helm 3 lacks the two webhook kinds at the end. */
const INSTALL_ORDER_V4: readonly string[] = [
  'PriorityClass',
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];

const WEBHOOK_KINDS = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

export function installOrder(version: HelmVersion): readonly string[] {
  return version === 4 ? INSTALL_ORDER_V4 : INSTALL_ORDER_V4.filter((k) => !WEBHOOK_KINDS.includes(k));
}

/** `UninstallOrder` in `kind_sorter.go`: not the reverse of InstallOrder (Service goes early). */
const UNINSTALL_ORDER_V4: readonly string[] = [
  // Helm 4 removes validation before mutation so webhooks don't block removal; Helm 3 has neither.
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'Ingress',
  'IngressClass',
  'Service',
  'CronJob',
  'Job',
  'StatefulSet',
  'HorizontalPodAutoscaler',
  'Deployment',
  'ReplicaSet',
  'ReplicationController',
  'Pod',
  'DaemonSet',
  'RoleBindingList',
  'RoleBinding',
  'RoleList',
  'Role',
  'ClusterRoleBindingList',
  'ClusterRoleBinding',
  'ClusterRoleList',
  'ClusterRole',
  'CustomResourceDefinition',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'StorageClass',
  'ConfigMap',
  'SecretList',
  'Secret',
  'ServiceAccount',
  'PodDisruptionBudget',
  'PodSecurityPolicy',
  'LimitRange',
  'ResourceQuota',
  'NetworkPolicy',
  'Namespace',
  'PriorityClass',
];

export function uninstallOrder(version: HelmVersion): readonly string[] {
  return version === 4 ? UNINSTALL_ORDER_V4 : UNINSTALL_ORDER_V4.filter((k) => !WEBHOOK_KINDS.includes(k));
}

export interface CommandFact {
  name: CommandName;
  pre?: HookEventName;
  post?: HookEventName;
  /** Phase sequence, in words, with `{pre}`/`{post}` standing for the hook phases. */
  sequence: string[];
}

/** Spec §4: what each command does, in order. */
export const COMMANDS: readonly CommandFact[] = [
  {
    name: 'install',
    pre: 'pre-install',
    post: 'post-install',
    sequence: ['verify', 'render', 'CRDs from crds/', 'pre-install', 'create resources', 'wait', 'post-install'],
  },
  {
    name: 'upgrade',
    pre: 'pre-upgrade',
    post: 'post-upgrade',
    sequence: ['verify', 'render', 'pre-upgrade', 'update resources', 'wait', 'post-upgrade'],
  },
  {
    name: 'rollback',
    pre: 'pre-rollback',
    post: 'post-rollback',
    sequence: ['load target revision', 'pre-rollback', 'update resources', 'wait', 'post-rollback'],
  },
  {
    name: 'uninstall',
    pre: 'pre-delete',
    post: 'post-delete',
    sequence: ['pre-delete', 'delete resources', 'post-delete'],
  },
  { name: 'test', sequence: ['test'] },
];

export const COMMAND_NAMES: readonly CommandName[] = COMMANDS.map((c) => c.name);

/** Flux's helm-controller embeds the Helm SDK: Helm's hook semantics hold (spec §9). Said once, on the hook key's hover. */
export const FLUX_NOTE =
  'Flux runs Helm itself (helm-controller embeds the Helm SDK): the Helm target holds there, with its own wait and post-render options (spec §9).';

/** The hook events one command runs (`test` for helm test). */
export function commandEvents(cmd: CommandName): HookEventName[] {
  const c = COMMANDS.find((x) => x.name === cmd)!;
  return c.pre && c.post ? [c.pre, c.post] : ['test'];
}

export function commandOfEvent(event: HookEventName): CommandFact {
  const cmd = EVENTS.find((e) => e.name === event)!.command;
  return COMMANDS.find((c) => c.name === cmd)!;
}

/**
 * Go's `strings.TrimSpace`: `unicode.IsSpace`, i.e. ASCII \t\n\v\f\r and space, U+0085, U+00A0 and the other
 * Unicode White_Space characters. Not JavaScript's `\s`, which also strips U+FEFF (a BOM) where Go keeps it.
 */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const GO_TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');
export function goTrimSpace(s: string): string {
  return s.replace(GO_TRIM, '');
}

/**
 * Go's `strings.ToLower`, rune by rune without special casing: `İ` (U+0130) becomes `i` and `Σ` always `σ`,
 * where JavaScript's `toLowerCase` gives `i̇` and a context-dependent final sigma.
 */
export function goToLower(s: string): string {
  return s.replace(/\u0130/g, 'i').replace(/\u03a3/g, '\u03c3').toLowerCase();
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

export type WeightParse =
  | { ok: true; value: number }
  | { ok: false; reason: 'syntax' | 'range'; value: 0 };

/**
 * Go's `strconv.Atoi` on the raw annotation string (`manifest_sorter.go` `calculateHookWeight`): an optional sign
 * and decimal digits only, no spaces, no underscores; out of int64 range is an error. Any error means weight 0.
 */
export function parseHookWeight(raw: string): WeightParse {
  if (!/^[+-]?[0-9]+$/.test(raw)) return { ok: false, reason: 'syntax', value: 0 };
  const big = BigInt(raw);
  if (big > INT64_MAX || big < INT64_MIN) return { ok: false, reason: 'range', value: 0 };
  return { ok: true, value: Number(big) };
}

/**
 * Compares two hook weights as Helm's int64 comparison does (`pkg/action/hooks.go`). Weights beyond JavaScript's
 * safe integers carry their exact decimal text in `weightExact` (9007199254740993 and 9007199254740992 are one
 * double but two weights to Helm).
 */
export function compareHookWeights(a: { weight: number; weightExact?: string }, b: { weight: number; weightExact?: string }): number {
  if (a.weightExact === undefined && b.weightExact === undefined) return a.weight - b.weight;
  const x = BigInt(a.weightExact ?? a.weight);
  const y = BigInt(b.weightExact ?? b.weight);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Diagnostic codes, their default severity and a one-line description (for settings docs and SARIF rules). */
export const DIAGNOSTIC_CODES = {
  'unknown-hook-event': { severity: 'error', description: 'An event Helm does not know: the whole resource is dropped.' },
  'empty-hook-event': { severity: 'error', description: 'An empty event (trailing comma or ""): the whole resource is dropped.' },
  'removed-hook-event': { severity: 'error', description: 'A Helm 2 event (crd-install, test-failure): the whole resource is dropped.' },
  'deprecated-hook-event': { severity: 'information', description: 'test-success is an old alias of test.' },
  'duplicate-hook-event': { severity: 'warning', description: 'An event listed twice: the hook runs twice in that phase.' },
  'invalid-hook-weight': { severity: 'error', description: 'Not an integer for strconv.Atoi: Helm silently uses 0.' },
  'hook-weight-out-of-range': { severity: 'error', description: 'Outside the int64 range: Helm silently uses 0.' },
  'non-string-annotation': { severity: 'error', description: 'Unquoted number/bool/null annotation: Kubernetes rejects it when the hook is applied.' },
  'unknown-delete-policy': { severity: 'error', description: 'Ignored, and it disables the default before-hook-creation.' },
  'unknown-output-log-policy': { severity: 'error', description: 'Ignored by Helm.' },
  'output-log-policy-unsupported-kind': { severity: 'warning', description: 'Output-log policies only apply to Job and Pod hooks.' },
  'hook-annotation-without-hook': { severity: 'warning', description: 'A hook weight or policy without helm.sh/hook has no effect.' },
  'unknown-hook-annotation': { severity: 'warning', description: 'A near miss of a Helm hook annotation key: Helm ignores it.' },
  'invalid-resource-policy': { severity: 'error', description: 'Anything but keep: the resource is silently left behind at uninstall.' },
  'hook-pod-never-completes': { severity: 'warning', description: 'A Pod hook that restarts forever: Helm waits until its timeout.' },
  'same-weight-tie-by-name': { severity: 'hint', description: 'Equal weights are ordered by name, not kind.' },
  'hook-in-crds-folder': { severity: 'warning', description: 'Files in crds/ are not templated and never hooks.' },
  'hook-needs-release-resource': {
    severity: 'error',
    description: "A hook's pod needs an object the chart creates as an ordinary resource, which does not exist in that phase (pre-install, post-delete).",
  },
  'hook-runs-before-its-dependency': { severity: 'error', description: "A hook's pod needs another hook of the same event that Helm runs after it." },
  'hook-leftover-blocks-next-run': {
    severity: 'warning',
    description: 'Delete policies without before-hook-creation can leave the object behind, and the next run meets it.',
  },
  'hook-job-ttl': { severity: 'warning', description: "A Job hook whose short ttlSecondsAfterFinished can delete it before Helm 4's waiter sees it complete." },
  'crd-hook-never-deleted': { severity: 'warning', description: 'Helm never deletes CustomResourceDefinition hooks: the delete policy has no effect.' },
  // How Helm's YAML reader (sigs.k8s.io/yaml, go-yaml v2, YAML 1.1) reads a document (features/renderedSurprises.ts).
  'duplicate-yaml-key': { severity: 'warning', description: 'A name or hook annotation written twice: Helm keeps the later value.' },
  'yaml-merge-hook-annotation': { severity: 'warning', description: 'A merge key << or an alias sets a hook annotation (a later merge even overrides a key written before it).' },
  'non-string-name': { severity: 'error', description: 'An unquoted number or boolean name: Helm reads its YAML 1.1 value (007 is "7"); Kubernetes rejects it.' },
  'document-end-swallows-hook': { severity: 'error', description: '`...` ends the YAML document: the hook after it is never read.' },
  'hook-in-list': { severity: 'warning', description: 'Items of a kind: List are not hooks: they are created as ordinary resources.' },
  'nested-hook-annotation': { severity: 'warning', description: "helm.sh/hook anywhere but the object's own metadata.annotations (a pod template) makes no hook." },
  'hook-never-renders': { severity: 'warning', description: 'A hook in a library chart or in a file whose name ends in NOTES.txt: Helm never renders it.' },
  'chart-yaml-boolean': { severity: 'error', description: 'A Chart.yaml name or condition that YAML 1.1 reads as a boolean (on, yes, n): Helm reads "true"/"false".' },
  'render-failed': { severity: 'error', description: 'The chart does not render with the values in use: helm template and helm install fail with this message.' },
  // Argo CD target (engine/argocd/, docs/ARGOCD.md): only with helmHooks.target "argocd", or as hints with helmHooks.argocd.hints.
  'argocd-runs-every-sync': { severity: 'warning', description: 'Argo CD: a pre-install-only or post-install-only hook runs at every sync.' },
  'argocd-hook-never-runs': { severity: 'warning', description: 'Argo CD never runs this hook (test, rollback, an upper-case event, Skip).' },
  'argocd-order-differs': { severity: 'information', description: 'Argo CD orders this hook or resource differently from Helm (a tie by kind, a weight on a non-hook).' },
  'argocd-annotation-ignored': { severity: 'warning', description: 'Argo CD ignores an invalid argocd.argoproj.io/hook value (the Helm annotation is used).' },
} as const satisfies Record<string, { severity: 'error' | 'warning' | 'information' | 'hint'; description: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** The project's repository, as package.json's `repository.url` says (a unit test keeps the two equal). */
export const PROJECT_REPOSITORY = 'https://example.invalid/helm-hooks';

/** One section per diagnostic code: what Helm does, why it matters, the fix, and the Helm source behind it. */
export const DIAGNOSTICS_DOCS = `${PROJECT_REPOSITORY}/blob/main/docs/DIAGNOSTICS.md`;

/**
 * Where a diagnostic code is explained: its own section of docs/DIAGNOSTICS.md. Each section's heading is exactly the
 * code, and GitHub's anchor of a heading is its lower-cased text (codes are lower case, `-` is kept).
 */
export function diagnosticDocsUrl(code: string): string {
  return `${DIAGNOSTICS_DOCS}#${code}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Run time (spec §3, §4, §8): waiting, timeouts and what a failed hook leaves behind. Read from Helm's
// `pkg/action/{hooks,install,upgrade,rollback,uninstall}.go` and `pkg/kube/{client,statuswait}.go`.

/** `--timeout` of install, upgrade, rollback, uninstall and test: each hook's wait gets all of it. */
export const DEFAULT_TIMEOUT = '5m';

/**
 * Below this `ttlSecondsAfterFinished` a hook Job may be deleted by Kubernetes' TTL controller before Helm 4's
 * kstatus waiter has seen it complete (helm/helm#32224). The waiter follows a watch, so it normally sees completion
 * within seconds; a minute covers a slow watch, a relist or a busy API server. `0` deletes the Job at once.
 */
export const SHORT_JOB_TTL_SECONDS = 60;

/** How Helm waits on one hook, per major version. */
export function hookWaitText(version: HelmVersion): string {
  return version === 4
    ? 'Helm 4 waits on Job hooks (until Complete) and Pod hooks (until Succeeded) through kstatus: the `hookOnly` ' +
        'strategy by default, `watcher` with --wait or --rollback-on-failure, `legacy` (Helm 3\'s code) with ' +
        '--wait=legacy (`pkg/kube/statuswait.go`). Every other kind counts as ready once applied. A failed Job or Pod ' +
        'fails the hook at once from Helm 4.1.1 (before: at the timeout).'
    : 'Helm 3 watches Job hooks (until Complete) and Pod hooks (until Succeeded); a failed Job or Pod fails the hook ' +
        'at once, and a hook deleted while Helm watches counts as done (`pkg/kube/client.go` watchUntilReady). Every ' +
        'other kind counts as ready once created.';
}

/** The wait strategy in a few words, per major version (`pkg/cmd/flags.go`, `pkg/kube/client.go`). */
export function hookWaitStrategy(version: HelmVersion): string {
  return version === 4
    ? 'Helm 4: kstatus, hookOnly by default, watcher with --wait or --rollback-on-failure, legacy with --wait=legacy'
    : 'Helm 3: a watch until Complete (Job) or Succeeded (Pod)';
}

/** Where the earlier hooks of a failed phase are deleted by their `hook-succeeded` policy (`pkg/action/hooks.go`). */
export function earlierHooksCleanedText(version: HelmVersion): string {
  return version === 4
    ? 'earlier hooks of this phase with hook-succeeded are deleted too'
    : 'earlier hooks of this phase with hook-succeeded are deleted too from Helm 3.19 (3.18 and older keep them)';
}

/** The flag that undoes a failed install or upgrade. */
export function rollbackFlag(version: HelmVersion): string {
  return version === 4 ? '--rollback-on-failure' : '--atomic';
}

export interface PhaseFailureFact {
  /** The release status a failed hook of this phase leaves behind, and what else stays as it is. */
  releaseStatus: string;
  /** What the command does besides failing. */
  afterFailure: string;
  /** With --rollback-on-failure (Helm 4) / --atomic (Helm 3): what Helm then runs, and its hook events. */
  recovery?: { action: string; events: HookEventName[]; note: string };
}

/** Spec §8 "When a hook fails", per event. */
export const PHASE_FAILURE: Readonly<Record<HookEventName, PhaseFailureFact>> = {
  'pre-install': {
    releaseStatus: 'failed (nothing of the release was created)',
    afterFailure: 'helm install fails; no resource is created and post-install never runs.',
    recovery: {
      action: 'uninstalls the release',
      events: ['pre-delete', 'post-delete'],
      note: "the release's pre-delete and post-delete hooks run (pkg/action/install.go failRelease)",
    },
  },
  'post-install': {
    releaseStatus: "failed (the release's resources stay created)",
    afterFailure: 'helm install fails after the resources were created.',
    recovery: {
      action: 'uninstalls the release',
      events: ['pre-delete', 'post-delete'],
      note: "the release's pre-delete and post-delete hooks run and its resources are deleted (pkg/action/install.go failRelease)",
    },
  },
  'pre-upgrade': {
    releaseStatus: 'failed for the new revision; the previous revision stays deployed (no resource was updated)',
    afterFailure: 'helm upgrade fails before any resource is updated; post-upgrade never runs.',
    recovery: {
      action: 'rolls back to the last deployed revision',
      events: ['pre-rollback', 'post-rollback'],
      note: "that revision's stored pre-rollback and post-rollback hooks run, not this chart's (pkg/action/upgrade.go failRelease)",
    },
  },
  'post-upgrade': {
    releaseStatus: 'failed for the new revision (its resources are already updated); the previous revision stays deployed',
    afterFailure: 'helm upgrade fails after the resources were updated.',
    recovery: {
      action: 'rolls back to the last deployed revision',
      events: ['pre-rollback', 'post-rollback'],
      note: "that revision's stored pre-rollback and post-rollback hooks run, not this chart's (pkg/action/upgrade.go failRelease)",
    },
  },
  'pre-rollback': {
    releaseStatus:
      'pending-rollback: the new revision is stored before the hooks run and never updated, so later upgrades fail with "another operation is in progress"',
    afterFailure: 'helm rollback fails before any resource is changed; post-rollback never runs.',
  },
  'post-rollback': {
    releaseStatus: 'pending-rollback (the resources are already rolled back; the revision is never marked deployed)',
    afterFailure: 'helm rollback fails after the resources were rolled back.',
  },
  'pre-delete': {
    releaseStatus: 'unchanged (deployed): the uninstall stops before deleting anything',
    afterFailure: 'helm uninstall fails; no resource is deleted and post-delete never runs.',
  },
  'post-delete': {
    releaseStatus: 'uninstalled: the resources are already deleted and the release is removed; the failure is only reported',
    afterFailure: 'helm uninstall reports the error after it finished (pkg/action/uninstall.go).',
  },
  test: {
    releaseStatus: 'unchanged: only the test hook\'s last run is recorded as failed',
    afterFailure: 'helm test fails; later test hooks never run.',
  },
};

/** Kinds whose objects run pods from a pod template (or are a pod), and where the pod spec sits. */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
};

/** encoding/json's field match: exact, else case-insensitive (with the two non-ASCII folds Go's foldName makes). */
function foldKey(s: string): string {
  return s.replace(/\u017f/g, 's').replace(/\u212a/g, 'k').toLowerCase();
}

/** Go's string order (UTF-8 bytes), which is the order of code points. */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * The entry encoding/json fills a struct field from, as Helm decodes a document's head (sigs.k8s.io/yaml → JSON →
 * SimpleHead): every key that matches the field name (exactly or ignoring case) is decoded in Go's sorted key order,
 * so the last of them wins (`Kind:` fills `kind` when `kind:` is absent).
 */
export function structField<T>(entries: ReadonlyMap<string, T>, field: string): { key: string; entry: T } | undefined {
  const want = foldKey(field);
  let best: string | undefined;
  for (const k of entries.keys()) if (k === field || foldKey(k) === want) if (best === undefined || compareCodePoints(k, best) > 0) best = k;
  return best === undefined ? undefined : { key: best, entry: entries.get(best)! };
}
