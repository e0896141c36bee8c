/**
 * Plain data types shared by every part of the engine and by its consumers (server, CLI, webview).
 * Structurally compatible with LSP positions and ranges, but the engine imports nothing from LSP.
 */

export type HelmVersion = 3 | 4;

/** Zero-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A half-open span of UTF-16 offsets in a file's text. */
export interface Span {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix a user most likely wants (VS Code's "preferred" quick fix). */
  isPreferred?: boolean;
}

export interface HookDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes: QuickFix[];
}

export type CommandName = 'install' | 'upgrade' | 'rollback' | 'uninstall' | 'test';

export type HookEventName =
  | 'pre-install'
  | 'post-install'
  | 'pre-delete'
  | 'post-delete'
  | 'pre-upgrade'
  | 'post-upgrade'
  | 'pre-rollback'
  | 'post-rollback'
  | 'test';

/** One hook as the order engine sees it: Helm's release.Hook plus where it comes from. */
export interface HookItem {
  kind: string;
  /** metadata.name as far as it is known; templated parts are shown as `{{…}}`. */
  name: string;
  /** The template path as Helm writes it: `<chart name>/templates/x.yaml`. */
  path: string;
  /** 1-based line of the document's hook annotation (or of the document start). */
  line: number;
  /** The weight Helm uses (0 when it cannot parse the annotation). */
  weight: number;
  /** The weight's exact decimal text when it is beyond JavaScript's safe integers (`weight` is then rounded). */
  weightExact?: string;
  /** The events as Helm resolves them (lower-cased, `test-success` → `test`), duplicates kept. */
  events: HookEventName[];
  deletePolicies: string[];
  outputLogPolicies: string[];
  /** Inside `{{ if }}`/`{{ with }}`/`{{ range }}`, or in a subchart behind a condition. */
  conditional: boolean;
  /** Some hook-relevant value (name, events, weight, policies) is templated: order is a best guess. */
  dynamic: boolean;
  /** Absolute path of the source file on disk. */
  file: string;
  /** Raw weight annotation text when it is not what Helm uses (e.g. `"abc"`), for explanations. */
  weightRaw?: string;
  /** The weight annotation is not an integer Helm can parse, so Helm uses 0. */
  weightInvalid?: boolean;
  /** Delete policies in effect (the default `before-hook-creation` when none is written). */
  effectiveDeletePolicies: string[];
  /** Helm waits for this kind to complete (only Job and Pod). */
  waits: boolean;
  /** Declared in a subchart. */
  subchart: boolean;
  /** Name is (partly) templated. */
  nameDynamic: boolean;
  /** Condition text when conditional (e.g. `.Values.migrations.enabled`). */
  condition?: string;
  /** Index in Helm's stored (kind-sorted) hook list. */
  storedIndex: number;
  /** Rendered mode: the hook is not rendered with the chart's default values, only with the chosen ones. */
  valuesOnly?: boolean;
  /** Rendered mode: which template document this hook comes from is a best guess (see `mappingNote`). */
  mappingUncertain?: boolean;
  /** Rendered mode: why the mapping to a template document is uncertain. */
  mappingNote?: string;
  /**
   * A Pod hook that never reaches Succeeded (restartPolicy Always, written or Kubernetes' default): Helm waits for it
   * until --timeout and fails. The same rule as the `hook-pod-never-completes` diagnostic (`podNeverCompletes`).
   */
  neverCompletes?: boolean;
}

export interface DroppedItem {
  kind: string;
  name: string;
  path: string;
  line: number;
  file: string;
  reason: string;
  /** Rendered mode: the template document is a best guess (Helm's log names the hook value, not the file). */
  mappingUncertain?: boolean;
}

/**
 * A hook the values in use switch off (default values today): Helm does not render it, so it is in no command's
 * order. Listed apart with the condition that switched it off.
 */
export interface DisabledItem {
  kind: string;
  name: string;
  path: string;
  line: number;
  file: string;
  events: HookEventName[];
  weight: number;
  enabled: false;
  /** The condition that is false with these values (`.Values.migrations.enabled`, a subchart's `condition:`). */
  condition?: string;
  /** In words, e.g. "not rendered with the default values: .Values.migrations.enabled is false". */
  reason: string;
  subchart: boolean;
}

export interface ResourceItem {
  kind: string;
  name: string;
  path: string;
  line: number;
  file: string;
  conditional: boolean;
  nameDynamic: boolean;
}

export interface HookStepItem extends HookItem {
  /** 1-based position among the hooks of this event. */
  position: number;
  /** The hook shares its weight with the previous hook of this event and follows it only by name. */
  tieByName: boolean;
  /**
   * Why the order of this hook and another of the same weight matters, in words: one needs an object the other
   * creates, and only their names order them. Absent on harmless ties, unless every tie was asked for
   * (`helmHooks.ties.showAll`, `withAllTies`). The panel shows the tie badge only where this is set.
   */
  tieNote?: string;
  /** What happens to the object, in words (deleted before next run / after success / kept). */
  outcome: string;
}

export interface HookStep {
  id: HookEventName;
  type: 'hooks';
  title: string;
  items: HookStepItem[];
  /** After every hook of the phase succeeded, in reverse order: objects deleted by `hook-succeeded`. */
  deletedAfterSuccess: Array<{ kind: string; name: string }>;
  /** How long the phase may take and what Helm does when one of its hooks fails (absent in hand-made steps). */
  failure?: HookStepFailure;
}

/** What one hook's failure does to the objects of its phase (spec §3: `execHook` in `pkg/action/hooks.go`). */
export interface HookFailureOutcome {
  /** The hook's position in the step (1-based, as `items[i].position`). */
  position: number;
  /** The failed hook's own object is deleted (its `hook-failed` policy); otherwise it stays for inspection. */
  deletedItself: boolean;
  /** Earlier hooks of the phase deleted by their `hook-succeeded` policy (positions in `cleanedOnFailure`). */
  earlierDeleted: number;
  /** Earlier hooks whose objects stay. */
  earlierKept: number;
  /** Later hooks of the phase that never run. */
  neverRun: number;
  /** The same in words. */
  summary: string;
}

/** How long a hook phase may take and what a failed hook leaves behind, for the Helm version in use (spec §8). */
export interface HookStepFailure {
  /** How Helm waits on the hooks: only Job and Pod hooks are waited on, by which strategy. */
  wait: string;
  /** The wait strategy in a few words, e.g. "Helm 4: kstatus, hookOnly by default, …". */
  strategy: string;
  /** How many hooks of the phase Helm waits on (Jobs and Pods). */
  waitedHooks: number;
  /** Each waited hook gets the whole `--timeout` (default 5m), so the phase may take up to `waitedHooks` times it. */
  timeout: string;
  /** The phase's longest wait in words, e.g. "up to 3 × --timeout (15m with the default 5m)". */
  maxDuration: string;
  /** Positions of the hooks a failure later in the phase deletes (`hook-succeeded`, not CustomResourceDefinitions). */
  cleanedOnFailure: number[];
  /** From which Helm version earlier `hook-succeeded` hooks are deleted on a failure. */
  cleanupSince: string;
  /** The release status a failed hook of this phase leaves behind. */
  releaseStatus: string;
  /** What the command does when a hook of this phase fails. */
  afterFailure: string;
  /** `--rollback-on-failure` (Helm 4) / `--atomic` (Helm 3) on install and upgrade: what Helm runs then. */
  recovery?: { flag: string; action: string; events: HookEventName[]; note: string };
  /** Per hook, in the order of `items`: what its failure does. */
  hooks: HookFailureOutcome[];
}

export interface ResourceStep {
  id: string;
  type: 'resources';
  title: string;
  /** Resources in Helm's apply (or delete) order. */
  items: ResourceItem[];
}

export interface PhaseStep {
  id: string;
  type: 'phase';
  title: string;
  detail: string;
  items: never[];
}

export type OrderStep = HookStep | ResourceStep | PhaseStep;

export interface CommandOrder {
  steps: OrderStep[];
  /** Notes that apply to the whole command (e.g. rollback runs the target revision's hooks). */
  notes: string[];
}

/** A rendering error as Helm wrote it, with the template position when Helm names one. */
export interface RenderError {
  /** Helm's message, as it wrote it (stderr without its log lines). */
  message: string;
  /** Template path as Helm writes it (`mychart/templates/x.yaml`), when the message names one. */
  path?: string;
  /** Absolute path of that template on disk, when it is in the chart. */
  file?: string;
  /** 1-based template line (and column) Helm names. */
  line?: number;
  column?: number;
  /** A 1-based line of the *rendered* output (YAML parse errors): not a template line. */
  renderedLine?: number;
  /** What usually fixes it, e.g. run `helm dependency build`. */
  hint?: string;
  /**
   * Helm could not run at all, for a reason the editor offers a fix for: `helm-not-found` (Locate helm…, Open
   * Settings) or `untrusted` (Trust Workspace…). Absent for Helm's own errors.
   */
  problem?: 'helm-not-found' | 'helm-not-runnable' | 'untrusted';
}

/**
 * Where an order's documents come from: `static` the masked templates (no render), `builtin` the built-in renderer
 * (`helm template` in-process, no helm), `rendered` real helm.
 */
export type OrderMode = 'static' | 'builtin' | 'rendered';

/** How a rendered order was obtained: from real Helm, or from the built-in renderer (`method: 'builtin'`). */
export interface RenderInfo {
  /** The helm binary run (empty for the built-in renderer). */
  helmPath: string;
  /** What `helm version` reported, e.g. `v4.1.4` (the built-in renderer: the Helm version whose behaviour it follows, e.g. `v4 (built-in)`). */
  helmVersionDetected: string;
  /** The command line that rendered the chart (arguments, binary first); built-in: the equivalent `helm template` line. */
  command: string[];
  /** `install`: `helm install --dry-run … -o json`; `template`: `helm template` (see `notes`); `builtin`: no helm ran. */
  method: 'install' | 'template' | 'builtin';
  release: string;
  namespace: string;
  valuesFiles: string[];
  set: string[];
  /** Wall time of the helm runs, in ms. */
  durationMs: number;
  /** Things worth knowing about this render (fallbacks, unsaved buffers Helm cannot see, …). */
  notes: string[];
}

export interface OrderResult {
  chart: string;
  /** Absolute path of the chart root. */
  chartRoot: string;
  mode: OrderMode;
  helmVersion: HelmVersion;
  commands: Partial<Record<CommandName, CommandOrder>>;
  /** Resources Helm drops silently (unknown hook event). */
  dropped: DroppedItem[];
  /** Hooks the values in use switch off: in no command's steps. */
  disabled: DisabledItem[];
  hookCount: number;
  /** Rendered mode: what `helm version` reported (`v3.17.2`); the Helm 3/4 semantics follow it. */
  helmVersionDetected?: string;
  /** Rendered mode: Helm could not render the chart (then `commands` is empty). */
  renderErrors?: RenderError[];
  /** Rendered mode: how Helm was run. */
  render?: RenderInfo;
  /**
   * Built-in mode (language server): this is the last finished render, and a newer one (after an edit, a file
   * change or a new value set) is still running; a `helmHooks/chartChanged` follows when it lands.
   */
  stale?: boolean;
  /**
   * Why this order is not from the source asked for, in words the panel shows: the built-in render failed (see
   * `renderErrors`) or has not finished yet, so the static reading of the templates answers (`mode: 'static'`).
   */
  fallback?: string;
  /**
   * "Verify with helm" (`helmHooks/renderedOrder`): how Helm's order compares with the built-in render of the same
   * value set, when the server has one. `identical` when every event's hooks (kind, name, weight, policies) agree.
   */
  verify?: { identical: boolean; differences: string[] };
}
