/**
 * `.Capabilities` as `helm template` builds it: the version's built-in defaults (the Kubernetes version derived from
 * its client-go, the API versions its scheme knows, its build info), overridden by `--kube-version` and extended by
 * `--api-versions`.
 *
 * Mirrors helm v3 `pkg/chartutil/capabilities.go`, v4 `pkg/chart/common/capabilities.go`, and the `helm template`
 * path of `pkg/action/install.go` (DefaultCapabilities.Copy, then KubeVersion and APIVersions from the flags).
 */
import { GoError, GoStruct, typedSlice, type GoFunction, type GoValue, newMap } from './goValue';

export type HelmKey = '3' | '4' | '4.2';

interface VersionDefaults {
  /** Type names as %T prints them. */
  pkg: 'chartutil' | 'common';
  kube: { major: number; minor: number };
  apiVersions: readonly string[];
  build: Array<[string, string]>;
}

// The API groups each Helm's client-go scheme registers, in its priority order (read from each helm binary with
// `{{ toJson .Capabilities.APIVersions }}`).
const API_COMMON_HEAD = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1',
  'apps/v1beta1',
  'apps/v1beta2',
  'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1',
  'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1',
  'authorization.k8s.io/v1beta1',
  'autoscaling/v1',
  'autoscaling/v2',
];
const API_BATCH_TO_FLOW = [
  'batch/v1',
  'batch/v1beta1',
  'certificates.k8s.io/v1',
  'certificates.k8s.io/v1beta1',
  'certificates.k8s.io/v1alpha1',
  'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1',
  'events.k8s.io/v1beta1',
  'extensions/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3',
];
const API_RBAC = ['policy/v1', 'policy/v1beta1', 'rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io/v1beta1', 'rbac.authorization.k8s.io/v1alpha1'];
const API_NODE = ['node.k8s.io/v1', 'node.k8s.io/v1alpha1', 'node.k8s.io/v1beta1'];
const API_STORAGE = ['storage.k8s.io/v1beta1', 'storage.k8s.io/v1', 'storage.k8s.io/v1alpha1'];
const API_CRD = ['apiextensions.k8s.io/v1beta1', 'apiextensions.k8s.io/v1'];

const DEFAULTS: Readonly<Record<HelmKey, VersionDefaults>> = {
  '3': {
    pkg: 'chartutil',
    kube: { major: 1, minor: 32 },
    apiVersions: [
      ...API_COMMON_HEAD,
      'autoscaling/v2beta1',
      'autoscaling/v2beta2',
      ...API_BATCH_TO_FLOW,
      'networking.k8s.io/v1',
      'networking.k8s.io/v1alpha1',
      'networking.k8s.io/v1beta1',
      ...API_NODE,
      ...API_RBAC,
      'resource.k8s.io/v1beta1',
      'resource.k8s.io/v1alpha3',
      'scheduling.k8s.io/v1alpha1',
      'scheduling.k8s.io/v1beta1',
      'scheduling.k8s.io/v1',
      ...API_STORAGE,
      'storagemigration.k8s.io/v1alpha1',
      ...API_CRD,
    ],
    build: [
      ['version', 'v3.17.2'],
      ['git_commit', 'cc0bbbd6d6276b83880042c1ecb34087e84d41eb'],
      ['git_tree_state', 'clean'],
      ['go_version', 'go1.23.7'],
    ],
  },
  '4': {
    pkg: 'common',
    kube: { major: 1, minor: 35 },
    apiVersions: [
      ...API_COMMON_HEAD,
      'autoscaling/v2beta1',
      'autoscaling/v2beta2',
      ...API_BATCH_TO_FLOW,
      'networking.k8s.io/v1',
      'networking.k8s.io/v1beta1',
      ...API_NODE,
      ...API_RBAC,
      'resource.k8s.io/v1',
      'resource.k8s.io/v1beta2',
      'resource.k8s.io/v1beta1',
      'resource.k8s.io/v1alpha3',
      'scheduling.k8s.io/v1alpha1',
      'scheduling.k8s.io/v1beta1',
      'scheduling.k8s.io/v1',
      ...API_STORAGE,
      'storagemigration.k8s.io/v1beta1',
      ...API_CRD,
    ],
    build: [
      ['version', 'v4.1.4'],
      ['git_commit', '05fa37973dc9e42b76e1d2883494c87174b6074f'],
      ['git_tree_state', 'clean'],
      ['go_version', 'go1.25.9'],
      ['kube_client_version', 'v1.35'],
    ],
  },
  '4.2': {
    pkg: 'common',
    kube: { major: 1, minor: 36 },
    apiVersions: [
      ...API_COMMON_HEAD,
      ...API_BATCH_TO_FLOW,
      'networking.k8s.io/v1',
      'networking.k8s.io/v1beta1',
      ...API_NODE,
      ...API_RBAC,
      'resource.k8s.io/v1',
      'resource.k8s.io/v1beta2',
      'resource.k8s.io/v1beta1',
      'resource.k8s.io/v1alpha3',
      'scheduling.k8s.io/v1alpha2',
      'scheduling.k8s.io/v1beta1',
      'scheduling.k8s.io/v1',
      ...API_STORAGE,
      'storagemigration.k8s.io/v1beta1',
      ...API_CRD,
    ],
    build: [
      ['version', 'v4.2.3'],
      ['git_commit', '43e8b7feece8beb0fcba47059ec9b522fd929a64'],
      ['git_tree_state', 'clean'],
      ['go_version', 'go1.26.5'],
      ['kube_client_version', 'v1.36'],
    ],
  },
};

/** A Kubernetes version as Capabilities holds it. `normalized` exists in Helm 4 only (its String()). */
export interface KubeVersionInfo {
  version: string;
  normalized?: string;
  major: string;
  minor: string;
}

/** The version's default Kubernetes version (client-go minor + 1 ... as Helm derives it). */
export function defaultKubeVersion(helm: HelmKey): KubeVersionInfo {
  const { major, minor } = DEFAULTS[helm].kube;
  const v = `v${major}.${minor}.0`;
  return helm === '3' ? { version: v, major: String(major), minor: String(minor) } : { version: v, normalized: v, major: String(major), minor: String(minor) };
}

export function defaultApiVersions(helm: HelmKey): readonly string[] {
  return DEFAULTS[helm].apiVersions;
}

const SEMVER_RE = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const GENERIC_RE = /^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)*$/;

/**
 * `--kube-version`: Helm 3 reads it with Masterminds semver (`NewVersion`, lenient about missing minor/patch);
 * Helm 4 with Kubernetes' generic version parser (at least major.minor, suffixes kept in `.Version` only).
 * Throws GoError with the parser's message.
 */
export function parseKubeVersion(text: string, helm: HelmKey): KubeVersionInfo {
  if (helm === '3') {
    // Masterminds/semver v3 version.go: NewVersion
    const m = SEMVER_RE.exec(text);
    if (!m) throw new GoError('Invalid Semantic Version');
    const num = (s: string | undefined) => (s ? BigInt(s.replace('.', '')) : 0n);
    const major = num(m[1]);
    const minor = num(m[2]);
    const patch = num(m[3]);
    const pre = m[5] ?? '';
    const meta = m[8] ?? '';
    const max = 18446744073709551615n;
    if (major > max || minor > max || patch > max) throw new GoError('Invalid Semantic Version');
    const s = `${major}.${minor}.${patch}${pre ? `-${pre}` : ''}${meta ? `+${meta}` : ''}`;
    return { version: `v${s}`, major: String(major), minor: String(minor) };
  }
  // k8s.io/apimachinery/pkg/util/version: ParseGeneric
  const m = GENERIC_RE.exec(text);
  if (!m) throw new GoError(`could not parse ${goQuote(text)} as version`);
  const comps = m[1].split('.');
  if (comps.length < 2) throw new GoError(`illegal version string ${goQuote(text)}`);
  const nums: bigint[] = [];
  for (let i = 0; i < comps.length; i++) {
    const c = comps[i];
    if (i === 0 && c.startsWith('0') && c !== '0') throw new GoError(`illegal zero-prefixed version component ${goQuote(c)} in ${goQuote(text)}`);
    const n = BigInt(c);
    if (n > 18446744073709551615n) {
      throw new GoError(`illegal non-numeric version component ${goQuote(c)} in ${goQuote(text)}: strconv.ParseUint: parsing ${goQuote(c)}: value out of range`);
    }
    nums.push(n);
  }
  const version = text.startsWith('v') ? text : `v${text}`;
  return { version, normalized: `v${nums.join('.')}`, major: String(nums[0]), minor: String(nums[1]) };
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}

export interface CapabilitiesOptions {
  kubeVersion?: KubeVersionInfo;
  /** `--api-versions`, appended to the defaults. */
  apiVersions?: readonly string[];
}

/** The `.Capabilities` value (a pointer to Capabilities) for one Helm version. */
export function makeCapabilities(helm: HelmKey, opts: CapabilitiesOptions = {}): GoStruct {
  const d = DEFAULTS[helm];
  const kv = opts.kubeVersion ?? defaultKubeVersion(helm);
  const apis = [...d.apiVersions, ...(opts.apiVersions ?? [])];
  return capabilitiesStruct(d.pkg, kv, apis, d.build);
}

function capabilitiesStruct(pkg: string, kv: KubeVersionInfo, apis: string[], build: Array<[string, string]>): GoStruct {
  const kubeFields = new Map<string, GoValue>([['Version', kv.version]]);
  const kubeMethods = new Map<string, GoFunction>([['GitVersion', { params: [], call: () => kv.version }]]);
  // Helm 4 has an unexported normalizedVersion field: %v prints it, templates cannot reach it (lower case).
  if (kv.normalized !== undefined) kubeFields.set('normalizedVersion', kv.normalized);
  kubeFields.set('Major', kv.major);
  kubeFields.set('Minor', kv.minor);
  // encoding/json marshals the exported fields in declaration order (Version, Major, Minor)
  const kubeVersion = new GoStruct(`${pkg}.KubeVersion`, kubeFields, kubeMethods, undefined, false, () => kv.normalized ?? kv.version);

  const apiSlice = typedSlice([...apis], 'string');
  const apiVersions = new GoStruct(
    `${pkg}.VersionSet`,
    new Map(),
    new Map<string, GoFunction>([['Has', { params: ['string'], call: (args) => apis.includes(args[0] as string) }]]),
    () => typedSlice([...apis], 'string'),
    false,
    undefined,
    apiSlice,
  );

  const buildMap = () => newMap(build.map(([k, v]) => [k, v] as [string, GoValue]));
  const buildFields = new Map<string, GoValue>();
  const goNames: Record<string, string> = {
    version: 'Version',
    git_commit: 'GitCommit',
    git_tree_state: 'GitTreeState',
    go_version: 'GoVersion',
    kube_client_version: 'KubeClientVersion',
  };
  for (const [k, v] of build) buildFields.set(goNames[k], v);
  const helmVersion = new GoStruct('version.BuildInfo', buildFields, new Map(), buildMap);

  const fields = new Map<string, GoValue>([
    ['KubeVersion', kubeVersion],
    ['APIVersions', apiVersions],
    ['HelmVersion', helmVersion],
  ]);
  return new GoStruct(`*${pkg}.Capabilities`, fields, new Map(), undefined, true);
}

/** The KubeVersion's String(): the value `kubeVersion:` constraints are checked against. */
export function kubeVersionString(kv: KubeVersionInfo): string {
  return kv.normalized ?? kv.version;
}
