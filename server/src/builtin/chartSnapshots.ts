/**
 * The language server's built-in source: one snapshot per chart (its latest built-in render, for the chart's value
 * set and Helm version), and everything the server answers from it — the order (`helmHooks/order`), the status
 * bar's summary, the per-file views of CodeLens and hover, the rendered diagnostics, "Verify with helm". All views
 * read the same snapshot, so they describe the same source and value set; while a newer render is pending they say
 * so (`stale`). server.ts only wires this in.
 */
import type { ChartWorkspace } from '../engine/hooks/chartWorkspace';
import type { ChartModel } from '../engine/hooks/chartModel';
import { withTemplateFile } from '../engine/hooks/builtinOrder';
import { placeFromBuiltin } from '../engine/hooks/renderedHooks';
import { withoutStaticDuplicates } from '../engine/features/renderedDiagnostics';
import type { RenderedFileView } from '../engine/features/codeLens';
import type { HelmVersion, HookDiagnostic, HookStep, OrderResult, Severity } from '../engine/types';
import type { ChartSummary, ValueSetParams } from '../lspExtensions';
import { BuiltinRenderService, type BuiltinRenderEvent, type BuiltinRenderOptions, type Snapshot } from './renderService';
import { fileView, snapshotFiles, type SnapshotFiles } from './snapshotView';
import { readValueSet, valueSetKey, valueSetLabel, type ChartValueSet } from './valueSets';

/** How long `helmHooks/order` waits for a chart's first render before answering with the static order. */
export const DEFAULT_ORDER_WAIT_MS = 5000;

export interface ChartSnapshotsHost {
  readonly ws: ChartWorkspace;
  buffersIn(chartRoot: string): Array<[string, string]>;
  readText(path: string): string | undefined;
  showAllTies(chartRoot: string): boolean;
  /** A fresh snapshot's order landed: tell the client, refresh CodeLens. */
  landed(chartRoot: string): void;
  /**
   * The snapshot's diagnostics are in (they follow its order). `changed`: what the render adds to diagnostics differs
   * from what was published last — publish the chart's files again; otherwise every file shows what it should.
   */
  diagnosed(chartRoot: string, changed: boolean): void;
  warn(message: string): void;
  trace(message: string): void;
  event?(e: BuiltinRenderEvent): void;
}

export interface SnapshotsOptions extends Partial<BuiltinRenderOptions> {
  /** Tests: what the render service does, as it does it. */
  event?(e: BuiltinRenderEvent): void;
}

export class ChartSnapshots {
  readonly service: BuiltinRenderService;
  private readonly files = new WeakMap<Snapshot, SnapshotFiles>();
  /** Per chart: what its last snapshot adds to diagnostics (rendered diagnostics and the render error), as a key. */
  private readonly diagnosticKeys = new Map<string, string>();
  /**
   * Charts whose snapshot landed with other diagnostics than the last ones published (another value set: the new
   * snapshot starts without any until its own come): their next `diagnosed` publishes even when it brings the old.
   */
  private readonly landedOther = new Set<string>();
  /** Per chart: its last snapshot that rendered, shown (stale) while the chart does not render with that value set. */
  private readonly lastGood = new Map<string, Snapshot>();

  constructor(
    private readonly host: ChartSnapshotsHost,
    options: SnapshotsOptions = {},
  ) {
    this.service = new BuiltinRenderService(
      {
        buffersIn: (root) => host.buffersIn(root),
        readText: (p) => host.readText(p),
        showAllTies: (root) => host.showAllTies(root),
        landed: (root, snapshot) => {
          if (snapshot.ok) this.lastGood.set(root, snapshot);
          if (!snapshot.diagnosed && JSON.stringify([...snapshot.diagnostics]) !== (this.diagnosticKeys.get(root) ?? '[]')) this.landedOther.add(root);
          host.landed(root);
        },
        diagnosed: (root, snapshot) => {
          const key = JSON.stringify([...snapshot.diagnostics]);
          // A chart's first render adds nothing to publish when it finds nothing.
          const changed = (this.diagnosticKeys.get(root) ?? '[]') !== key || this.landedOther.delete(root);
          this.diagnosticKeys.set(root, key);
          host.diagnosed(root, changed);
        },
        warn: (m) => host.warn(m),
        trace: (m) => host.trace(m),
        event: options.event ?? host.event,
      },
      options,
    );
  }

  get available(): boolean {
    return this.service.available;
  }

  /**
   * A buffer was opened or edited (`root`: its chart). The chart's first render starts; a change of content renders
   * it again after the quiet time, and so does any chart whose value set reads that file.
   */
  touched(path: string, root: string | undefined, version: HelmVersion, contentChanged: boolean, start = true): void {
    if (!this.available) return;
    if (root && !this.service.roots().includes(root)) {
      if (start) this.service.current(root, version);
    }
    else if (root && contentChanged) this.service.edited(root);
    if (contentChanged) for (const other of this.service.roots()) if (other !== root && this.service.valueSetOf(other)?.valuesFiles.includes(path)) this.service.edited(other);
  }

  /**
   * The server is up (`initialized`): the render worker starts and warms up while nothing is open yet, and each chart
   * in `roots` (workspace folders that are charts themselves) renders at once, before a file of it opens.
   */
  prestart(roots: Array<{ root: string; version: HelmVersion }> = []): void {
    if (!this.available) return;
    this.service.prestart();
    for (const r of roots) this.service.prerender(r.root, r.version);
  }

  /**
   * The chart's settings changed: a chart already rendered renders again when its Helm version or which ties to
   * report changed (a configuration notice that changes neither, as an editor sends at start, renders nothing).
   */
  settingsChanged(root: string, version: HelmVersion): void {
    this.service.settingsChanged(root, version);
  }

  diskChanged(path: string, structural: boolean, root: string | undefined): void {
    this.service.diskChanged(path, structural, root);
  }

  /** `helmHooks/valueSet`: the chart's value set (the panel's form). */
  setValueSet(m: ChartModel, params: ValueSetParams, version: HelmVersion): void {
    this.service.setValueSet(m.chart.root, readValueSet(params, m.chart.root), version);
  }

  valueSetOf(root: string): ChartValueSet | undefined {
    return this.service.valueSetOf(root);
  }

  forget(root: string): void {
    this.diagnosticKeys.delete(root);
    this.landedOther.delete(root);
    this.lastGood.delete(root);
    this.service.forget(root);
  }

  dispose(): void {
    this.service.dispose();
  }

  private filesOf(s: Snapshot): SnapshotFiles {
    let f = this.files.get(s);
    if (!f) this.files.set(s, (f = snapshotFiles(s.order)));
    return f;
  }

  /**
   * `helmHooks/order` in built-in mode: the snapshot's order (stale while a newer render runs); when the chart does not
   * render, its last good render with that value set (stale) with `renderErrors`, else the static order with them; the
   * static order before the first render (after `waitMs`).
   */
  async order(m: ChartModel, version: HelmVersion, waitMs: number): Promise<OrderResult> {
    const root = m.chart.root;
    let cur = this.service.current(root, version);
    const key = valueSetKey(cur.valueSet, version);
    if (!cur.snapshot || cur.snapshot.key !== key) {
      await this.service.whenFresh(root, version, waitMs);
      cur = this.service.current(root, version);
    }
    const snap = cur.snapshot;
    const label = valueSetLabel(cur.valueSet, root);
    if (!snap) {
      return {
        ...this.host.ws.order(m, version),
        stale: true,
        fallback: `The static reading of the templates: the built-in render (${label}) has not finished yet.`,
      };
    }
    if (snap.ok) return { ...snap.order, stale: cur.stale || undefined };
    const errors = (snap.order.renderErrors ?? []).map((e) => withTemplateFile(m, e));
    const good = this.lastGood.get(root);
    if (good && good.key === snap.key) {
      // It rendered with this value set before: that render, with why it does not render now (stale only while a
      // newer render runs, as everywhere: the panel says "updating" for it).
      return { ...good.order, renderErrors: errors, stale: cur.stale || undefined, fallback: `The chart does not render with ${label} now: its last good built-in render is shown.` };
    }
    return {
      ...this.host.ws.order(m, version),
      renderErrors: errors,
      render: snap.order.render,
      stale: cur.stale || undefined,
      fallback: `The chart does not render with ${label}: the static reading of the templates is shown instead.`,
    };
  }

  /** The status bar's summary in built-in mode (undefined: answer with the static one). */
  summary(m: ChartModel, version: HelmVersion): Partial<ChartSummary> & { hookCount?: number } {
    const root = m.chart.root;
    const cur = this.service.current(root, version);
    const label = valueSetLabel(cur.valueSet, root);
    const snap = cur.snapshot;
    if (!snap) return { mode: 'static', stale: true, valueSet: label };
    if (!snap.ok) {
      const renderError = (snap.order.renderErrors?.[0]?.message ?? '').split('\n')[0];
      // As the order: the last good render of this value set when there is one, else the static reading.
      const good = this.lastGood.get(root);
      if (good && good.key === snap.key) return { mode: 'builtin', stale: cur.stale, valueSet: label, renderError, hookCount: good.hookCount };
      return { mode: 'static', stale: cur.stale, valueSet: label, renderError };
    }
    return { mode: 'builtin', stale: cur.stale, valueSet: label, hookCount: snap.hookCount };
  }

  /** CodeLens' and hover's view of one file, from the chart's snapshot; undefined when the static model answers. */
  view(m: ChartModel, file: string): RenderedFileView | undefined {
    const usable = this.usable(m.chart.root);
    if (!usable) return undefined;
    return fileView(this.filesOf(usable.snapshot), file, usable.stale, valueSetLabel(usable.snapshot.valueSet, m.chart.root));
  }

  /** Whether the chart has no usable snapshot yet (the static model answers). */
  staticFor(m: ChartModel): boolean {
    return !this.usable(m.chart.root);
  }

  /**
   * The snapshot the views read: the latest when it rendered, else the last good render of the same value set (from
   * before the latest edits, so stale), else none.
   */
  private usable(root: string): { snapshot: Snapshot; stale: boolean } | undefined {
    const peek = this.service.peek(root);
    if (!peek) return undefined;
    if (peek.snapshot.ok) return peek;
    const good = this.lastGood.get(root);
    return good && good.key === peek.snapshot.key ? { snapshot: good, stale: true } : undefined;
  }

  /**
   * The diagnostics the snapshot adds to a file: those of the rendered documents, and a render failure at the
   * failing template position (features/renderedDiagnostics.ts, computed in the worker), without those a static
   * diagnostic already gives, with the severities of the settings.
   */
  diagnostics(m: ChartModel, file: string, found: readonly HookDiagnostic[], severity: Partial<Record<string, Severity | 'off'>>): HookDiagnostic[] {
    const rendered = this.service.peek(m.chart.root)?.snapshot.diagnostics.get(file);
    if (!rendered?.length) return [];
    const out: HookDiagnostic[] = [];
    for (const d of withoutStaticDuplicates(m, file, found, rendered)) {
      const level = severity[d.code];
      if (level === 'off') continue;
      out.push(level && level !== d.severity ? { ...d, severity: level } : d);
    }
    return out;
  }

  /**
   * "Verify with helm": how Helm's order compares with the built-in render of the same value set, when the chart's
   * snapshot has that value set, is fresh and rendered. Undefined when there is nothing to compare with.
   */
  verify(m: ChartModel, helm: OrderResult, params: unknown): OrderResult['verify'] {
    const peek = this.service.peek(m.chart.root);
    if (!peek || peek.stale || !peek.snapshot.ok || !helm.render || helm.renderErrors?.length) return undefined;
    const asked = readValueSet(params, m.chart.root);
    if (valueSetKey(asked, peek.snapshot.version) !== valueSetKey(peek.snapshot.valueSet, peek.snapshot.version)) return undefined;
    // Helm's hooks take the template lines the built-in render traced (rendered mode could only guess them).
    placeFromBuiltin(helm, peek.snapshot.order);
    const differences = compareOrders(helm, peek.snapshot.order);
    return { identical: differences.length === 0, differences };
  }
}

/** Every event's hooks, in order, as (kind, name, weight, policies) lines. */
function eventLists(order: OrderResult): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const cmd of Object.values(order.commands)) {
    for (const step of cmd?.steps ?? []) {
      if (step.type !== 'hooks' || out.has(step.id)) continue;
      out.set(
        step.id,
        (step as HookStep).items.map((h) => `${h.kind} ${h.name} (weight ${h.weight}${h.deletePolicies.length ? `, ${h.deletePolicies.join(',')}` : ''})`),
      );
    }
  }
  return out;
}

/** The differences between Helm's order and the built-in one, per event, in words. */
export function compareOrders(helm: OrderResult, builtin: OrderResult): string[] {
  const a = eventLists(helm);
  const b = eventLists(builtin);
  const out: string[] = [];
  for (const event of new Set([...a.keys(), ...b.keys()])) {
    const h = a.get(event) ?? [];
    const o = b.get(event) ?? [];
    const n = Math.max(h.length, o.length);
    for (let i = 0; i < n; i++) {
      if (h[i] === o[i]) continue;
      out.push(`${event} #${i + 1}: Helm ${h[i] ?? 'has no hook'}, built-in ${o[i] ?? 'has no hook'}`);
    }
  }
  const dropped = (r: OrderResult) => r.dropped.map((d) => `${d.kind} ${d.name}`).sort().join(', ');
  if (dropped(helm) !== dropped(builtin)) out.push(`dropped resources: Helm [${dropped(helm)}], built-in [${dropped(builtin)}]`);
  return out;
}
