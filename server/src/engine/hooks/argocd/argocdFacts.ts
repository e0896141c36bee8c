/**
 * The one table of Argo CD facts: how Argo CD reads Helm's hook annotations and its own, and how it orders and waits.
 * Read from argoproj/argo-cd at commit 37ee0097 (2026-08-22); gitops-engine lives in its `gitops-engine/` folder.
 * Paths below are Argo CD's. docs/ARGOCD.md states every rule with its source.
 */

export const ARGOCD_ANNOTATION = {
  /** `gitops-engine/pkg/sync/common/types.go:16` AnnotationKeyHook */
  hook: 'argocd.argoproj.io/hook',
  /** `gitops-engine/pkg/sync/common/types.go:14` AnnotationSyncWave */
  syncWave: 'argocd.argoproj.io/sync-wave',
  /** `gitops-engine/pkg/sync/common/types.go:18` AnnotationKeyHookDeletePolicy */
  deletePolicy: 'argocd.argoproj.io/hook-delete-policy',
} as const;

export const ARGOCD_DOCS_HELM_HOOKS = 'https://argo-cd.readthedocs.io/en/stable/user-guide/helm/#helm-hooks';
export const ARGOCD_DOCS_SYNC_WAVES = 'https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/';

/** The sync phases, in `syncPhaseOrder` (`gitops-engine/pkg/sync/sync_tasks.go:16-21`). */
export type ArgoSyncPhase = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail';
export const SYNC_PHASE_ORDER: Readonly<Record<ArgoSyncPhase, number>> = { PreSync: -1, Sync: 0, PostSync: 1, SyncFail: 2 };

/** Hooks of Application deletion, not sync phases (`controller/hook.go:29-32`). */
export type ArgoDeleteHook = 'PreDelete' | 'PostDelete';

/** `argocd.argoproj.io/hook` values (`gitops-engine/pkg/sync/common/types.go:118-133`): compared case-sensitively. */
export const ARGOCD_HOOK_TYPES = ['PreSync', 'Sync', 'PostSync', 'SyncFail', 'Skip'] as const;
export type ArgoHookType = (typeof ARGOCD_HOOK_TYPES)[number];

/**
 * The Helm events Argo CD maps onto a sync phase (`gitops-engine/pkg/sync/hook/helm/type.go:12-32`): exactly these
 * four strings, after trimming, case-sensitive. Every other Helm event is dropped item by item.
 */
export const HELM_EVENT_TO_PHASE: Readonly<Record<string, ArgoSyncPhase>> = {
  'pre-install': 'PreSync',
  'pre-upgrade': 'PreSync',
  'post-upgrade': 'PostSync',
  'post-install': 'PostSync',
};

/**
 * Application-deletion hooks (`controller/hook.go:34-60`): either annotation, any trimmed comma-separated item equal
 * to the value (case-sensitive, no de-duplication needed). They run only when the Application is deleted.
 */
export const DELETE_HOOK_VALUES: ReadonlyArray<{ type: ArgoDeleteHook; argocd: string; helm: string }> = [
  { type: 'PreDelete', argocd: 'PreDelete', helm: 'pre-delete' },
  { type: 'PostDelete', argocd: 'PostDelete', helm: 'post-delete' },
];

/** Why a Helm event never runs under Argo CD, per event (`hook/helm/type.go` accepts four events only). */
export const HELM_EVENT_NEVER_RUNS: Readonly<Record<string, string>> = {
  'pre-rollback': 'Argo CD has no rollback hooks: a rollback is a sync to an older revision (PreSync/PostSync run)',
  'post-rollback': 'Argo CD has no rollback hooks: a rollback is a sync to an older revision (PreSync/PostSync run)',
  test: 'Argo CD never runs `helm test` hooks (and `skipTests` in the Application drops them from `helm template`)',
  'test-success': 'Argo CD never runs `helm test` hooks (and `skipTests` in the Application drops them from `helm template`)',
};

/** Delete policies: Argo CD's own names and Helm's, each case-sensitive (`common/types.go:137-148`, `hook/helm/delete_policy.go:12-31`). */
export type ArgoDeletePolicy = 'BeforeHookCreation' | 'HookSucceeded' | 'HookFailed';
export const ARGOCD_DELETE_POLICIES: readonly ArgoDeletePolicy[] = ['BeforeHookCreation', 'HookSucceeded', 'HookFailed'];
export const HELM_DELETE_POLICY_TO_ARGO: Readonly<Record<string, ArgoDeletePolicy>> = {
  'before-hook-creation': 'BeforeHookCreation',
  'hook-succeeded': 'HookSucceeded',
  'hook-failed': 'HookFailed',
};

/**
 * `kindOrder` (`gitops-engine/pkg/sync/sync_tasks.go:23-69`): an old copy of Helm's InstallOrder, without
 * PriorityClass and the webhook configurations. Every kind missing here (custom resources too) gets 0, after all of
 * these, and then only the name decides among them.
 */
export const ARGOCD_KIND_ORDER: readonly string[] = [
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
];

/** The kind's rank as `Less` compares it: table kinds negative, every other kind 0 (`sync_tasks.go:65-68,103-108`). */
export function argoKindRank(kind: string): number {
  const i = ARGOCD_KIND_ORDER.indexOf(kind);
  return i < 0 ? 0 : i - ARGOCD_KIND_ORDER.length;
}

/**
 * Built-in health checks (`gitops-engine/pkg/health/health.go:104-150`), by kind, with what "healthy" means. A kind
 * without one counts as healthy at once; Argo CD's Lua health scripts (`resource_customizations/`) add checks for
 * many custom resources (Argo Rollouts, cert-manager, …), which a chart cannot tell statically.
 */
export const ARGOCD_HEALTH_CHECKS: Readonly<Record<string, string>> = {
  Job: 'until the Job completes (health_job.go)',
  Pod: 'until the Pod succeeds, or is Running and ready when it restarts (health_pod.go)',
  Deployment: 'until the rollout is complete and available (health_deployment.go)',
  StatefulSet: 'until every replica is updated and ready (health_statefulset.go)',
  ReplicaSet: 'until its replicas are available (health_replicaset.go)',
  DaemonSet: 'until every node runs the updated pod (health_daemonset.go)',
  Service: 'a LoadBalancer until it has an ingress address; other types at once (health_service.go)',
  Ingress: 'until it has a load-balancer address (health_ingress.go)',
  PersistentVolumeClaim: 'until it is Bound: a WaitForFirstConsumer claim in an earlier wave than its pod never gets there (health_pvc.go)',
  HorizontalPodAutoscaler: 'until it can scale (health_hpa.go)',
  APIService: 'until it is Available (health_apiservice.go)',
  Workflow: 'until the Argo Workflow succeeds (health_argo.go)',
};

/** `controller/sync.go:47,713`: Argo CD pauses between waves (2 s by default, `ARGOCD_SYNC_WAVE_DELAY`). */
export const SYNC_WAVE_DELAY_SECONDS = 2;

/** Where Argo CD's documentation and its code disagree; hover and docs/ARGOCD.md say so (the code wins). */
export const ARGOCD_DOCS_VS_CODE = {
  helmHooksIgnored:
    'The docs say "If you define any Argo CD hooks, all Helm hooks will be ignored"; the code decides per resource: ' +
    'only a resource whose own `argocd.argoproj.io/hook` has a valid value ignores its Helm events (`gitops-engine/pkg/sync/hook/hook.go:46-51`).',
  crdInstall:
    'The docs say `crd-install` is "supported as normal CRD handling"; but Argo CD renders with `helm template`, and Helm 3 and 4 drop a ' +
    'resource with the unknown event `crd-install` before Argo CD sees it (`gitops-engine/pkg/sync/hook/helm/hook.go:8` never gets it).',
  tieByKind:
    'Helm\'s docs say hooks of equal weight run "by kind, then name", and Helm\'s code orders them by name; Argo CD\'s code does order by ' +
    'kind, then name (`gitops-engine/pkg/sync/sync_tasks.go:86-111`).',
  hookSucceeded:
    'The docs say a `HookSucceeded` hook is deleted "when the sync succeeds"; the code deletes it only when the whole operation ' +
    'succeeded (every phase and wave), not after its own phase (`gitops-engine/pkg/sync/sync_context.go` Sync, `deleteHooks` on success only).',
} as const;
