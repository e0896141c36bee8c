/**
 * Compares what static analysis says about a chart's hooks with what Helm 4.1.4 produced for it (the corpus
 * oracle), and explains every per-event disagreement. Pure functions: the mocha suite prints and asserts.
 */
import {
  EVENT_NAMES,
  hooksForEvent,
  type DocumentAnalysis,
  type HookEventName,
  type HookItem,
  type HookModel,
} from '../../server/src/engine';

export interface OracleHook {
  index: number;
  name: string;
  kind: string;
  path: string;
  events: string[];
  weight?: number;
  delete_policies: string[];
  source_style: Record<string, string>;
  in_subchart: boolean;
}

export interface Oracle {
  id: string;
  variant: string | null;
  ok: boolean;
  values_file: string | null;
  hooks: OracleHook[];
  execution_order: Record<string, Array<{ index: number; name: string; kind: string; weight?: number; path: string }>>;
  nondeterministic_hook_names: string[];
  dropped_unknown_hook_values: unknown[];
  variant_origin?: string;
}

export type DisagreementType = 'only in Helm' | 'only in static' | 'order differs';

export type Cause =
  | 'templated name'
  | 'templated hook value'
  | 'templated weight'
  | 'conditional, off by default'
  | 'conditional, undecidable statically'
  | 'subchart condition'
  | 'indirect annotations'
  | 'annotations from values'
  | 'range loop'
  | 'BUG';

export interface Disagreement {
  event: HookEventName;
  type: DisagreementType;
  cause: Cause;
  /** The hook concerned, as `Kind name (path)`. */
  hook: string;
  detail: string;
}

export interface EventComparison {
  event: HookEventName;
  helm: string[];
  ours: string[];
  agree: boolean;
}

export interface ChartComparison {
  events: EventComparison[];
  disagreements: Disagreement[];
  /** Helm hook index → matched static hook (undefined when none). */
  matches: Array<HookItem | undefined>;
}

/** A static name (`{{…}}-migrate`) as a pattern: templated parts match anything. */
export function namePattern(staticName: string): RegExp {
  const parts = staticName.split('{{…}}').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`);
}

function label(kind: string, name: string, path: string): string {
  return `${kind} ${name || '(generateName)'} (${path})`;
}

function insideRange(src: DocumentAnalysis): boolean {
  const t = src.doc.template;
  if (!t) return false;
  return t.blocks.some((b) => b.keyword === 'range' && b.start <= src.contentStart && src.contentStart < b.end);
}

/**
 * Matches Helm's hooks onto static hooks: by (path, kind) first, preferring a static name whose pattern matches
 * Helm's name, in stored order. A static document inside `range` may stand for several Helm hooks.
 */
export function matchHooks(oracle: Oracle, model: HookModel): Array<HookItem | undefined> {
  const used = new Set<HookItem>();
  const srcOf = new Map(model.hooks.map((h, i) => [h, model.sources[i]]));
  const masked = new Set(oracle.nondeterministic_hook_names);
  return oracle.hooks.map((h) => {
    const candidates = model.hooks.filter((s) => s.path === h.path && (s.kind === h.kind || srcOf.get(s)!.kindDynamic));
    const free = (s: HookItem) => !used.has(s) || insideRange(srcOf.get(s)!);
    const byName = candidates.find((s) => free(s) && (masked.has(h.name) || namePattern(s.name).test(h.name)));
    const hit = byName ?? candidates.find(free);
    if (hit) used.add(hit);
    return hit;
  });
}

function sameEvents(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}

/** Helm's event list of an oracle hook, resolved like Helm (`test-success` → `test`). */
export function helmEvents(h: OracleHook): string[] {
  return h.events.map((e) => (e === 'test-success' ? 'test' : e));
}

/** What static analysis predicts for default values: every hook not known to be off. */
export function predictedOn(model: HookModel): HookItem[] {
  return model.hooks.filter((_, i) => model.sources[i].enabledByDefault !== false);
}

function explainOnlyHelm(
  h: OracleHook,
  match: HookItem | undefined,
  src: DocumentAnalysis | undefined,
  docs: DocumentAnalysis[],
  event: HookEventName,
  sharedMatch: boolean,
): { cause: Cause; detail: string } {
  const style = h.source_style.hook ?? 'absent';
  if (match && src) {
    if (sharedMatch && insideRange(src)) return { cause: 'range loop', detail: 'one template document inside range renders several hooks' };
    if (src.enabledByDefault === false) {
      return { cause: 'BUG', detail: `static analysis says "${src.condition}" is off by default, but Helm rendered it with default values` };
    }
    if (!match.events.includes(event)) {
      if (src.hook?.entry.dynamic || style !== 'literal') return { cause: 'templated hook value', detail: `events come from a template (${style}); static: [${match.events.join(', ')}]` };
      return { cause: 'BUG', detail: `literal events differ: Helm [${h.events.join(', ')}], static [${match.events.join(', ')}]` };
    }
    return { cause: 'BUG', detail: 'matched, but missing from the static order' };
  }
  const here = docs.filter((d) => d.doc.helmPath === h.path && !d.empty);
  const sameKind = here.filter((d) => d.kind === h.kind || d.kindDynamic);
  if (style === 'indirect' || style === 'template-expression') {
    const fromValues = sameKind.some((d) => d.annotationsDynamic);
    return {
      cause: fromValues ? 'annotations from values' : 'indirect annotations',
      detail: `helm.sh/hook is ${style} in the template${fromValues ? ' (rendered from values the defaults do not set)' : ''}`,
    };
  }
  if (style === 'templated-value') return { cause: 'templated hook value', detail: 'helm.sh/hook value is a template action' };
  if (sameKind.length === 0 && here.some((d) => d.kindDynamic)) return { cause: 'indirect annotations', detail: 'kind is templated' };
  return { cause: 'BUG', detail: `a ${style} hook that static analysis did not find (${sameKind.length} ${h.kind} document(s) at this path)` };
}

function explainOnlyStatic(s: HookItem, src: DocumentAnalysis, matchedHelm: OracleHook | undefined, event: HookEventName): { cause: Cause; detail: string } {
  if (matchedHelm) {
    if (!helmEvents(matchedHelm).includes(event)) {
      if (src.hook?.dynamic) return { cause: 'templated hook value', detail: `static events [${s.events.join(', ')}] are a default; Helm [${matchedHelm.events.join(', ')}]` };
      return { cause: 'BUG', detail: `literal events differ: Helm [${matchedHelm.events.join(', ')}], static [${s.events.join(', ')}]` };
    }
  }
  if (src.conditional) {
    const sub = !!src.doc.fileCondition && src.condition?.startsWith('condition ');
    if (src.enabledByDefault === undefined) {
      return { cause: sub && !src.doc.template?.blocks.length ? 'subchart condition' : 'conditional, undecidable statically', detail: src.condition ?? '' };
    }
    return { cause: 'BUG', detail: `static analysis says "${src.condition}" is on by default, but Helm did not render it` };
  }
  return { cause: 'BUG', detail: 'an unconditional hook document Helm did not render' };
}

/** Per-event comparison of Helm's execution order with the static one. */
export function compareChart(oracle: Oracle, model: HookModel, docs: DocumentAnalysis[]): ChartComparison {
  const matches = matchHooks(oracle, model);
  const srcOf = new Map(model.hooks.map((h, i) => [h, model.sources[i]]));
  const helmOf = new Map<HookItem, OracleHook>();
  matches.forEach((s, i) => s && !helmOf.has(s) && helmOf.set(s, oracle.hooks[i]));
  const masked = new Set(oracle.nondeterministic_hook_names);
  const ours = predictedOn(model);
  const events: EventComparison[] = [];
  const disagreements: Disagreement[] = [];
  for (const event of EVENT_NAMES) {
    const helmSeq = (oracle.execution_order[event] ?? []).map((e) => oracle.hooks[e.index]);
    const staticSeq = hooksForEvent(ours, event);
    if (helmSeq.length === 0 && staticSeq.length === 0) continue;
    const helmMatched = helmSeq.map((h) => matches[h.index]);
    const agree = helmSeq.length === staticSeq.length && helmMatched.every((s, i) => s === staticSeq[i]);
    events.push({
      event,
      helm: helmSeq.map((h) => (masked.has(h.name) ? '<random>' : h.name)),
      ours: staticSeq.map((s) => s.name),
      agree,
    });
    if (agree) continue;
    const inStatic = new Set(staticSeq);
    const seen = new Set<HookItem>();
    let setsDiffer = false;
    helmSeq.forEach((h, i) => {
      const m = helmMatched[i];
      const shared = !!m && seen.has(m);
      if (m) seen.add(m);
      if (m && inStatic.has(m) && !shared) return;
      setsDiffer = true;
      const why = explainOnlyHelm(h, m, m && srcOf.get(m), docs, event, shared);
      disagreements.push({ event, type: 'only in Helm', hook: label(h.kind, h.name, h.path), ...why });
    });
    for (const s of staticSeq) {
      if (seen.has(s)) continue;
      setsDiffer = true;
      const why = explainOnlyStatic(s, srcOf.get(s)!, helmOf.get(s), event);
      disagreements.push({ event, type: 'only in static', hook: label(s.kind, s.name, s.path), ...why });
    }
    if (!setsDiffer) {
      // Same hooks, different order: find the first position that differs and say why.
      const at = helmMatched.findIndex((s, i) => s !== staticSeq[i]);
      const a = helmMatched[at]!;
      const b = staticSeq[at];
      const involved = [a, b];
      const cause: Cause = involved.some((x) => x.nameDynamic)
        ? 'templated name'
        : involved.some((x) => srcOf.get(x)?.hook?.weightEntry?.dynamic)
          ? 'templated weight'
          : 'BUG';
      disagreements.push({
        event,
        type: 'order differs',
        hook: label(a.kind, a.name, a.path),
        cause,
        detail: `position ${at + 1}: Helm runs ${helmSeq[at].kind} ${helmSeq[at].name}, static runs ${b.kind} ${b.name}`,
      });
    }
  }
  return { events, disagreements, matches };
}

export interface LiteralCheck {
  hook: string;
  problem: string;
}

/**
 * Every Helm hook whose `helm.sh/hook` is written literally must be found statically with Helm's events (and its
 * weight, when the weight is literal or absent too).
 */
export function literalHooksFound(oracle: Oracle, model: HookModel, matches: Array<HookItem | undefined>): LiteralCheck[] {
  const problems: LiteralCheck[] = [];
  oracle.hooks.forEach((h, i) => {
    if (h.source_style.hook !== 'literal') return;
    const m = matches[i];
    const what = label(h.kind, h.name, h.path);
    if (!m) {
      problems.push({ hook: what, problem: 'not found by static analysis' });
      return;
    }
    if (!sameEvents(helmEvents(h), m.events)) problems.push({ hook: what, problem: `events: Helm [${h.events}], static [${m.events}]` });
    const ws = h.source_style['hook-weight'] ?? 'absent';
    if ((ws === 'literal' || ws === 'absent') && (h.weight ?? 0) !== m.weight) {
      problems.push({ hook: what, problem: `weight: Helm ${h.weight ?? 0}, static ${m.weight}` });
    }
  });
  void model;
  return problems;
}
