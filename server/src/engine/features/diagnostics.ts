/**
 * Every hook mistake Helm accepts silently or rejects late, with a message that says what Helm will actually do.
 * Values that come from template actions are dynamic: they are never diagnosed.
 */
import {
  ANNOTATION,
  ANNOTATIONS,
  DELETE_POLICIES,
  DEPRECATED_EVENTS,
  DIAGNOSTIC_CODES,
  EVENT_NAMES,
  NEVER_DELETED_HOOK_KINDS,
  OUTPUT_LOG_KINDS,
  OUTPUT_LOG_POLICIES,
  REMOVED_EVENTS,
  RESOURCE_POLICY_KEEP,
  SHORT_JOB_TTL_SECONDS,
  THIRD_PARTY_ANNOTATIONS,
  WAITED_KINDS,
  DEFAULT_TIMEOUT,
  DEFAULT_DELETE_POLICY,
  goToLower,
  goTrimSpace,
  parseHookWeight,
  resolveEvent,
  type DiagnosticCode,
} from '../helmFacts';
import type { ChartModel } from '../hooks/chartModel';
import { didYouMean } from './didYouMean';
import {
  effectiveDeletePolicies,
  nameSourceText,
  renderTogether,
  rendersByDefault,
  splitListValue,
  type AnnotationEntry,
  type DocumentAnalysis,
  type ListItem,
} from '../hooks/hookExtraction';
import { podFactsOf, type PodReference } from '../hooks/podReferences';
import {
  hookOrderIndex,
  kindComparator,
  podNeverCompletes,
  referenceKey as nameKey,
  REFERENCED_KINDS,
  tieDependencies,
  type HookModel,
} from '../hooks/hookOrder';
import { installOrder } from '../helmFacts';
import { LineIndex, lineIndexOf } from '../documents/lineIndex';
import { hasActionIn } from '../documents/templateMask';
import { parseYaml } from '../render/yaml/goYaml';
import { isGoMap } from '../render/goValue';
import { chartYamlSurprises, documentSurprises, mayHoldSurprise } from './renderedSurprises';
import type { HelmVersion, HookDiagnostic, HookEventName, HookItem, QuickFix, Severity, Span } from '../types';

export interface DiagnosticOptions {
  helmVersion: HelmVersion;
  /** Per-code severity, or `off` to silence a code. */
  severity?: Partial<Record<string, Severity | 'off'>>;
  /**
   * `same-weight-tie-by-name` on every tie where kind order and name order disagree (`helmHooks.ties.showAll`);
   * by default only where one of the tied hooks needs the other's object.
   */
  showAllTies?: boolean;
}

const KNOWN_KEYS: readonly string[] = ANNOTATIONS.map((a) => a.key);

interface FixSpec {
  title: string;
  edits: Array<{ span: Span; newText: string }>;
  isPreferred?: boolean;
}

/** A diagnostic before its offsets become line/character positions (kept per document between edits). */
interface Finding {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  span: Span;
  fixes: FixSpec[];
}

class Collector {
  readonly findings: Finding[] = [];
  constructor(
    private readonly lines: LineIndex,
    private readonly opts: DiagnosticOptions,
  ) {}

  get helmVersion(): HelmVersion {
    return this.opts.helmVersion;
  }

  textOf(span: Span): string {
    return this.lines.text.slice(span.start, span.end);
  }

  add(code: DiagnosticCode, span: Span, message: string, fixes: FixSpec[] = [], severity?: Severity): void {
    const override = this.opts.severity?.[code];
    if (override === 'off') return;
    this.findings.push({ code, severity: override ?? severity ?? DIAGNOSTIC_CODES[code].severity, message, span, fixes });
  }

  get out(): HookDiagnostic[] {
    return this.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      range: this.lines.range(f.span.start, f.span.end),
      fixes: f.fixes.map(
        (x): QuickFix => ({
          title: x.title,
          isPreferred: x.isPreferred,
          edits: x.edits.map((e) => ({ range: this.lines.range(e.span.start, e.span.end), newText: e.newText })),
        }),
      ),
    }));
  }
}

/**
 * A document's findings depend on nothing but its analysis and the options, so they are kept with the analysis:
 * after an edit elsewhere in the file (which moves the analysis, not renews it) they are moved, not found again.
 */
const documentFindings = new WeakMap<DocumentAnalysis, { key: string; at: number; findings: Finding[] }>();

function moveSpan(s: Span, by: number): Span {
  return by === 0 ? s : { start: s.start + by, end: s.end + by };
}

/** What a document's findings depend on besides the document: the options. */
function findingsKey(opts: DiagnosticOptions): string {
  return `${opts.helmVersion} ${JSON.stringify(opts.severity ?? {})}`;
}

function diagnoseDocumentCached(c: Collector, d: DocumentAnalysis, lines: LineIndex, opts: DiagnosticOptions, key: string): void {
  let hit = documentFindings.get(d);
  if (!hit || hit.key !== key) {
    const own = new Collector(lines, opts);
    diagnoseDocument(own, d);
    hit = { key, at: d.contentStart, findings: own.findings };
    documentFindings.set(d, hit);
  }
  const by = d.contentStart - hit.at;
  for (const f of hit.findings) {
    c.findings.push(
      by === 0
        ? f
        : { ...f, span: moveSpan(f.span, by), fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ span: moveSpan(e.span, by), newText: e.newText })) })) },
    );
  }
}

/** Diagnostics of one file of a chart. `hookModel` gives the chart-wide context (ties between hooks). */
export function diagnoseFile(model: ChartModel, file: string, hookModel: HookModel | undefined, opts: DiagnosticOptions): HookDiagnostic[] {
  const template = model.template(file);
  if (!template) {
    if (model.chart.crds.includes(file) || /\/crds\//.test(file)) return diagnoseCrdFile(model.fs.readText(file) ?? '', opts);
    if (/(^|\/)Chart\.yaml$/.test(file)) return diagnoseChartYaml(model.fs.readText(file) ?? '', opts);
    return [];
  }
  const fa = model.analyzeFile(template);
  const lines = lineIndexOf(fa.text);
  const c = new Collector(lines, opts);
  if (template.role === 'partial') {
    diagnosePartial(c, fa.text);
    return c.out;
  }
  if (template.role === 'notes') {
    // templates/NOTES.txt is the release notes (prose may well quote annotations); another file whose name ends in
    // NOTES.txt that holds a manifest is a hook that never renders.
    if (!template.helmPath.endsWith('/templates/NOTES.txt') && /^kind:/m.test(fa.text) && /^metadata:/m.test(fa.text)) diagnoseNeverRenders(c, fa.text, 'notes');
    return c.out;
  }
  if (template.role !== 'manifest') return c.out;
  if (isLibraryChart(model, template.chart.root)) diagnoseNeverRenders(c, fa.text, 'library');
  const key = findingsKey(opts);
  for (const d of fa.documents) diagnoseDocumentCached(c, d, lines, opts, key);
  if (hookModel) {
    if (opts.showAllTies) diagnoseTies(c, fa.documents, hookModel, opts.helmVersion);
    else diagnoseTiesThatMatter(c, fa.documents, hookModel);
    diagnoseDependencies(c, model, fa.documents, hookModel);
  }
  return c.out;
}

/** Diagnostics of a single document analysis (no chart context): for tests and the rendered mode. */
export function diagnoseDocuments(text: string, docs: DocumentAnalysis[], opts: DiagnosticOptions): HookDiagnostic[] {
  const c = new Collector(lineIndexOf(text), opts);
  for (const d of docs) diagnoseDocument(c, d);
  return c.out;
}

/**
 * Diagnostics of rendered hook documents (`docs`, read from `text`: one template path's rendered output) against a
 * hook model built from rendered documents: the per-document checks, ties, and dependencies on `resources` (the
 * rendered ordinary resources). Positions are in `text`; features/renderedDiagnostics.ts places them in templates.
 */
export function diagnoseRenderedDocuments(
  text: string,
  docs: DocumentAnalysis[],
  hookModel: HookModel,
  resources: () => DocumentAnalysis[],
  opts: DiagnosticOptions,
): HookDiagnostic[] {
  const c = new Collector(lineIndexOf(text), opts);
  for (const d of docs) diagnoseDocument(c, d);
  if (opts.showAllTies) diagnoseTies(c, docs, hookModel, opts.helmVersion);
  else diagnoseTiesThatMatter(c, docs, hookModel);
  diagnoseDependencies(c, { documents: resources }, docs, hookModel);
  return c.out;
}

function quoteLike(entry: AnnotationEntry, value: string): string {
  return entry.style === 'single' ? `'${value.replace(/'/g, "''")}'` : JSON.stringify(value);
}

function diagnoseDocument(c: Collector, d: DocumentAnalysis): void {
  if (d.doc.template) diagnoseYamlReading(c, d);
  const has = (k: string) => d.annotations.some((e) => e.key === k);
  for (const entry of d.annotations) {
    if (entry.dynamic) continue;
    diagnoseKey(c, entry);
    diagnoseNonString(c, entry);
    // Helm reads an unquoted number or boolean through sigs.k8s.io/yaml as the YAML value's canonical text
    // (`5.0` → "5", `yes` → "true"), not as written, and Kubernetes rejects the object anyway
    // (non-string-annotation): diagnosing the written text would tell the wrong story. Only the event list still
    // matters, because it decides whether Helm drops the resource before Kubernetes ever sees it.
    if ((entry.valueKind === 'number' || entry.valueKind === 'bool') && entry.key !== ANNOTATION.hook) continue;
    if (entry.valueKind === 'collection') continue;
    switch (entry.key) {
      case ANNOTATION.hook:
        diagnoseEvents(c, entry);
        break;
      case ANNOTATION.weight:
        diagnoseWeight(c, entry);
        break;
      case ANNOTATION.deletePolicy:
        diagnosePolicies(c, entry, 'unknown-delete-policy', DELETE_POLICIES.map((p) => p.name));
        break;
      case ANNOTATION.outputLogPolicy:
        diagnosePolicies(c, entry, 'unknown-output-log-policy', OUTPUT_LOG_POLICIES.map((p) => p.name));
        if (d.kind && !OUTPUT_LOG_KINDS.includes(d.kind) && has(ANNOTATION.hook)) {
          c.add(
            'output-log-policy-unsupported-kind',
            entry.keySpan,
            `Helm only prints logs of Job and Pod hooks: on a ${d.kind} this annotation has no effect.`,
          );
        }
        break;
      case ANNOTATION.resourcePolicy:
        diagnoseResourcePolicy(c, entry);
        break;
    }
  }
  if (!has(ANNOTATION.hook) && !d.annotationsDynamic) {
    for (const k of [ANNOTATION.weight, ANNOTATION.deletePolicy, ANNOTATION.outputLogPolicy]) {
      const e = d.annotations.find((x) => x.key === k);
      if (e && !e.indirect) {
        c.add('hook-annotation-without-hook', e.keySpan, `${k} has no effect: this resource has no helm.sh/hook annotation, so it is not a hook.`);
      }
    }
  }
  if (d.hook && !d.hook.dropped && d.kind === 'Pod') diagnosePodRestart(c, d);
  if (d.hook && !d.hook.dropped) {
    diagnoseLeftover(c, d);
    diagnoseCrdHookPolicy(c, d);
    if (d.kind === 'Job') diagnoseJobTtl(c, d);
  }
}

const HELM_PREFIX = 'helm.sh/';
const KNOWN_KEY_SUFFIXES: readonly string[] = KNOWN_KEYS.map((k) => k.slice(HELM_PREFIX.length));

function diagnoseKey(c: Collector, entry: AnnotationEntry): void {
  const key = entry.key;
  if (KNOWN_KEYS.includes(key) || THIRD_PARTY_ANNOTATIONS.includes(key)) return;
  const lower = key.toLowerCase();
  if (!lower.startsWith(HELM_PREFIX)) return;
  // Helm reads the keys with a case-sensitive map lookup (`manifest_sorter.go`): `Helm.sh/hook` is not a hook.
  const caseOnly = KNOWN_KEYS.find((k) => k === lower);
  // Compare what follows `helm.sh/` only, so unrelated keys such as `helm.sh/chart` are not near misses of `hook`.
  const suffix = lower.slice(HELM_PREFIX.length);
  const suggestions = caseOnly ? [caseOnly] : didYouMean(suffix, KNOWN_KEY_SUFFIXES, 1).map((s) => HELM_PREFIX + s);
  if (!suggestions.length && !suffix.startsWith('hook')) return;
  const target = suggestions[0];
  const what = caseOnly
    ? `Annotation keys are case-sensitive: Helm only reads "${caseOnly}", so "${key}" is ignored.`
    : `Helm does not know the annotation "${key}" and ignores it${target ? ` — did you mean "${target}"?` : '.'}`;
  c.add(
    'unknown-hook-annotation',
    entry.keySpan,
    what,
    target ? [{ title: `Change to "${target}"`, isPreferred: true, edits: [{ span: keyTextSpan(entry), newText: target }] }] : [],
  );
}

/** The span of the key's characters without its quotes. */
function keyTextSpan(entry: AnnotationEntry): Span {
  const { start, end } = entry.keySpan;
  return end - start === entry.key.length + 2 ? { start: start + 1, end: end - 1 } : entry.keySpan;
}

function diagnoseNonString(c: Collector, entry: AnnotationEntry): void {
  if (entry.valueKind === 'collection') {
    // Helm decodes every document's metadata into `map[string]string` (`manifest_sorter.go` SimpleHead): a list or
    // map value fails the whole render, whatever the key.
    c.add(
      'non-string-annotation',
      entry.valueSpan,
      `${entry.key} holds a YAML ${entry.valueSpan.end > entry.valueSpan.start && /^\s*[[-]/.test(c.textOf(entry.valueSpan)) ? 'list' : 'map'}, not a string: ` +
        'Helm fails to render the chart ("YAML parse error … cannot unmarshal … into Go struct field .metadata.annotations of type string"). Write a quoted string.',
    );
    return;
  }
  if (!entry.key.toLowerCase().startsWith('helm.sh/')) return;
  if (entry.valueKind === 'number' || entry.valueKind === 'bool') {
    const text = entry.value ?? '';
    const type = entry.valueKind === 'number' ? 'number' : 'bool';
    c.add(
      'non-string-annotation',
      entry.valueSpan,
      `${entry.key}: ${text} is a YAML ${entry.valueKind === 'number' ? 'number' : 'boolean'}, not a string. Helm renders and sorts it, ` +
        `but Kubernetes rejects the object when the hook is applied ("cannot unmarshal ${type} into Go struct field ` +
        'ObjectMeta.metadata.annotations of type string"), so the command fails at that hook. Quote it.',
      [{ title: `Quote the value: "${text}"`, isPreferred: true, edits: [{ span: entry.valueSpan, newText: JSON.stringify(text) }] }],
    );
  } else if (entry.valueKind === 'null' && entry.key !== ANNOTATION.hook && entry.key !== ANNOTATION.weight) {
    c.add(
      'non-string-annotation',
      entry.keySpan,
      `${entry.key} has no value (YAML null): Helm and Kubernetes read it as an empty string. Write a quoted value.`,
      [],
      'warning',
    );
  }
}

/** Items whose span really holds the trimmed item: edits are only offered on those, never on a guess. */
function checkedItems(c: Collector, items: ListItem[]): ListItem[] {
  return items.map((i) => (i.exact && c.textOf(i.span) !== goTrimSpace(i.raw) ? { ...i, exact: false, span: i.span } : i));
}

function removeItemEdit(items: ListItem[], i: number): Span | undefined {
  const item = items[i];
  if (!item.exact) return undefined;
  if (i > 0 && items[i - 1].exact) return { start: items[i - 1].span.end, end: item.span.end };
  if (i + 1 < items.length && items[i + 1].exact) return { start: item.span.start, end: items[i + 1].span.start };
  return undefined;
}

function diagnoseEvents(c: Collector, entry: AnnotationEntry): void {
  const items = checkedItems(c, splitListValue(entry));
  const seen = new Map<string, number>();
  const all = items.length === 1 && items[0].normalized === '';
  items.forEach((item, i) => {
    const n = item.normalized;
    const span = item.exact && item.span.end > item.span.start ? item.span : entry.valueSpan.end > entry.valueSpan.start ? entry.valueSpan : entry.keySpan;
    if (n === '') {
      const remove = removeItemEdit(items, i);
      c.add(
        'empty-hook-event',
        remove ?? span,
        all
          ? 'helm.sh/hook is empty: Helm treats "" as an unknown event and drops the whole resource (it is neither a hook nor a resource).'
          : 'An empty event (a stray comma): Helm treats it as an unknown event and drops the whole resource silently.',
        remove ? [{ title: 'Remove the stray comma', isPreferred: true, edits: [{ span: remove, newText: '' }] }] : [],
      );
      return;
    }
    if (REMOVED_EVENTS[n] !== undefined) {
      c.add('removed-hook-event', span, `"${n}" is not a hook event since Helm 3: Helm drops the whole resource silently. ${REMOVED_EVENTS[n]}`);
      return;
    }
    const ev = resolveEvent(item.raw);
    if (!ev) {
      const sugg = didYouMean(n, EVENT_NAMES, 2);
      c.add(
        'unknown-hook-event',
        span,
        `Unknown hook event "${n}": Helm drops the whole resource silently — it is neither a hook nor a resource.` +
          (sugg.length ? ` Did you mean ${sugg.map((s) => `"${s}"`).join(' or ')}?` : ` Events: ${EVENT_NAMES.join(', ')}.`),
        item.exact ? sugg.map((s, k) => ({ title: `Change to "${s}"`, isPreferred: k === 0, edits: [{ span: item.span, newText: s }] })) : [],
      );
      return;
    }
    if (DEPRECATED_EVENTS[n]) {
      c.add(
        'deprecated-hook-event',
        span,
        `"${n}" is a Helm 2 name that Helm still reads as "${DEPRECATED_EVENTS[n]}". Write "${DEPRECATED_EVENTS[n]}".`,
        item.exact ? [{ title: `Change to "${DEPRECATED_EVENTS[n]}"`, isPreferred: true, edits: [{ span: item.span, newText: DEPRECATED_EVENTS[n] }] }] : [],
      );
    }
    const prev = seen.get(ev);
    if (prev !== undefined) {
      const remove = removeItemEdit(items, i);
      c.add(
        'duplicate-hook-event',
        span,
        `"${ev}" is listed twice: Helm runs this hook twice in the ${ev} phase.`,
        remove ? [{ title: `Remove the second "${item.normalized}"`, isPreferred: true, edits: [{ span: remove, newText: '' }] }] : [],
      );
    } else seen.set(ev, i);
  });
}

function diagnoseWeight(c: Collector, entry: AnnotationEntry): void {
  const raw = entry.value ?? '';
  const parsed = parseHookWeight(raw);
  if (parsed.ok) return;
  const span = entry.valueSpan.end > entry.valueSpan.start ? entry.valueSpan : entry.keySpan;
  if (parsed.reason === 'range') {
    c.add('hook-weight-out-of-range', span, `Weight ${raw} is outside the 64-bit integer range: strconv.Atoi fails and Helm silently uses weight 0.`);
    return;
  }
  const trimmed = goTrimSpace(raw);
  let fix: string | undefined;
  if (parseHookWeight(trimmed).ok) fix = trimmed;
  else if (/^[+-]?\d+\.0*$/.test(trimmed)) fix = trimmed.replace(/\.0*$/, '');
  const why =
    raw === ''
      ? 'is empty'
      : trimmed !== raw && parseHookWeight(trimmed).ok
        ? 'has spaces, which strconv.Atoi does not trim'
        : 'is not an integer for strconv.Atoi';
  c.add(
    'invalid-hook-weight',
    span,
    `The weight ${JSON.stringify(raw)} ${why}: Helm silently uses weight 0 for this hook.`,
    fix !== undefined && entry.valueKind === 'string'
      ? [{ title: `Change to "${fix}"`, isPreferred: true, edits: [{ span: entry.valueSpan, newText: quoteLike(entry, fix) }] }]
      : [],
  );
}

function diagnosePolicies(c: Collector, entry: AnnotationEntry, code: 'unknown-delete-policy' | 'unknown-output-log-policy', known: string[]): void {
  const items = checkedItems(c, splitListValue(entry));
  const policies = items.map((i) => i.normalized);
  items.forEach((item, i) => {
    if (known.includes(item.normalized)) return;
    const span = item.exact && item.span.end > item.span.start ? item.span : entry.valueSpan.end > entry.valueSpan.start ? entry.valueSpan : entry.keySpan;
    const sugg = didYouMean(item.normalized, known, 2);
    const shown = item.normalized === '' ? 'An empty policy' : `Unknown policy "${item.normalized}"`;
    let effect: string;
    if (code === 'unknown-delete-policy') {
      // `execHook` only adds before-hook-creation when the list is empty; an unknown value is kept and never matches.
      const eff = effectiveDeletePolicies(policies).filter((p) => known.includes(p));
      effect =
        ': Helm keeps it in the list, where it never matches, and since the list is not empty the default before-hook-creation is disabled' +
        (eff.length
          ? ` (in effect: ${eff.join(', ')}).`
          : c.helmVersion === 3
            ? ' (in effect: none — the old object is never deleted, so the next run fails with "already exists").'
            : ' (in effect: none — the old object is never deleted, so the next run applies over it instead of creating it anew).');
    } else {
      effect = ': Helm ignores it.';
    }
    const remove = item.normalized === '' ? removeItemEdit(items, i) : undefined;
    const fixes: FixSpec[] = remove
      ? [{ title: 'Remove the stray comma', isPreferred: true, edits: [{ span: remove, newText: '' }] }]
      : item.exact && item.span.end > item.span.start
        ? sugg.map((s, k) => ({ title: `Change to "${s}"`, isPreferred: k === 0, edits: [{ span: item.span, newText: s }] }))
        : [];
    c.add(
      code,
      remove ?? span,
      shown + effect + (sugg.length ? ` Did you mean ${sugg.map((s) => `"${s}"`).join(' or ')}?` : ` Known: ${known.join(', ')}.`),
      fixes,
    );
  });
}

function diagnoseResourcePolicy(c: Collector, entry: AnnotationEntry): void {
  const v = goToLower(goTrimSpace(entry.value ?? ''));
  if (v === RESOURCE_POLICY_KEEP) return;
  const span = entry.valueSpan.end > entry.valueSpan.start ? entry.valueSpan : entry.keySpan;
  c.add(
    'invalid-resource-policy',
    span,
    `helm.sh/resource-policy only knows "keep". With ${JSON.stringify(entry.value ?? '')} Helm neither keeps nor deletes this resource at uninstall: it is silently left behind and no longer managed.`,
    entry.valueKind === 'string' ? [{ title: 'Change to "keep"', isPreferred: true, edits: [{ span: entry.valueSpan, newText: quoteLike(entry, 'keep') }] }] : [],
  );
}

function diagnosePodRestart(c: Collector, d: DocumentAnalysis): void {
  if (!podNeverCompletes(d)) return;
  const rp = d.restartPolicy;
  const msg =
    `A Pod hook ${rp ? `with restartPolicy ${rp.value ?? '(empty)'}` : 'without restartPolicy (Kubernetes defaults to Always)'} never reaches "Succeeded": ` +
    'Helm waits for it until the timeout and then fails the command. Use Never or OnFailure.';
  if (rp) {
    const empty = rp.span.end === rp.span.start;
    c.add('hook-pod-never-completes', empty ? d.specKeySpan ?? rp.span : rp.span, msg, [
      // `restartPolicy:` with no value: the span sits right after the colon, so the value needs its space.
      { title: 'Set restartPolicy: Never', isPreferred: true, edits: [{ span: rp.span, newText: empty ? ' Never' : 'Never' }] },
    ]);
  } else {
    const text = d.doc.text;
    const spec = d.specKeySpan!;
    const lineStart = text.lastIndexOf('\n', spec.start - 1) + 1;
    const indent = ' '.repeat(d.specChildIndent ?? spec.start - lineStart + 2);
    const { at, nl } = endOfLine(text, spec.end);
    // Only a block mapping under `spec:` can take a new line; `spec: {…}` on one line cannot.
    const blockSpec = /^:[ \t]*(#.*)?$/.test(text.slice(spec.end, at));
    c.add(
      'hook-pod-never-completes',
      spec,
      msg,
      blockSpec ? [{ title: 'Add restartPolicy: Never', isPreferred: true, edits: [{ span: { start: at, end: at }, newText: `${nl}${indent}restartPolicy: Never` }] }] : [],
    );
  }
}

/** Where to insert a new line after the line holding `offset` (before its `\r\n`), and the file's line break. */
function endOfLine(text: string, offset: number): { at: number; nl: string } {
  const lf = text.indexOf('\n', offset);
  if (lf < 0) return { at: text.length, nl: /\r\n/.test(text) ? '\r\n' : '\n' };
  const crlf = text.charCodeAt(lf - 1) === 13;
  return { at: crlf ? lf - 1 : lf, nl: crlf ? '\r\n' : '\n' };
}

/** How a hook is named in messages: a `generateName` hook has the empty name, which sorts first. */
function shownName(name: string): string {
  return name === '' ? '(generateName, empty name)' : `"${name}"`;
}

/**
 * Equal weights are ordered by name, not kind (`hookByWeight` in `pkg/action/hooks.go`): flag a hook that runs
 * after a hook of a later kind (in InstallOrder) only because of its name. Once per hook, listing its events.
 */
function diagnoseTies(c: Collector, docs: DocumentAnalysis[], model: HookModel, version: HelmVersion): void {
  const index = hookOrderIndex(model);
  const byKind = kindComparator(installOrder(version));
  const ties = new Map<HookItem, { earlier: HookItem; events: HookEventName[] }>();
  // A templated name or weight is a guess: no advice on guesses.
  const known = (h: HookItem) => !h.nameDynamic && !index.sourceOf(h)?.hook?.weightEntry?.dynamic;
  const mine = docs.map((d) => index.hookOf(d)).filter((h): h is HookItem => !!h && known(h));
  for (const event of EVENT_NAMES) {
    const ordered = index.ordered(event);
    // This file's hooks in the event, in execution order; equal weights sit next to each other.
    const here = mine
      .filter((h) => h.events.includes(event))
      .map((h) => ({ h, j: index.indexIn(event, h) }))
      .sort((a, b) => a.j - b.j);
    // One pass over each run of equal weights, remembering per kind the first known hooks of two different names:
    // the earliest hook before `later` of a later kind and another name is among them (a scan per hook made a file
    // of thousands of equal-weight hooks quadratic).
    let run: { weight: number; scan: number; firsts: Map<string, Array<{ e: HookItem; at: number }>> } | undefined;
    for (const { h: later, j } of here) {
      if (!run || run.weight !== later.weight || run.scan > j) {
        let from = j;
        while (from > 0 && ordered[from - 1].weight === later.weight) from--;
        run = { weight: later.weight, scan: from, firsts: new Map() };
      }
      for (; run.scan < j; run.scan++) {
        const e = ordered[run.scan];
        if (!known(e)) continue;
        const list = run.firsts.get(e.kind) ?? [];
        if (list.length < 2 && !list.some((x) => x.e.name === e.name)) run.firsts.set(e.kind, [...list, { e, at: run.scan }]);
      }
      let earlier: { e: HookItem; at: number } | undefined;
      for (const [kind, list] of run.firsts) {
        if (byKind(later.kind, kind) >= 0) continue;
        const first = list.find((x) => x.e.name !== later.name);
        if (first && (!earlier || first.at < earlier.at)) earlier = first;
      }
      if (!earlier) continue;
      const tie = ties.get(later);
      if (!tie) ties.set(later, { earlier: earlier.e, events: [event] });
      else if (tie.earlier === earlier.e && !tie.events.includes(event)) tie.events.push(event);
    }
  }
  for (const [later, { earlier, events }] of ties) {
    const src = index.sourceOf(later)!;
    const hookEntry = src.hook!.entry;
    const fixes = weightFixes(src, String(later.weight - 1), `so it runs before ${earlier.kind} ${shownName(earlier.name)}`);
    c.add(
      'same-weight-tie-by-name',
      hookEntry.keySpan,
      `In ${events.join(' and ')}, ${later.kind} ${shownName(later.name)} runs after ${earlier.kind} ${shownName(earlier.name)}: ` +
        `both have weight ${later.weight}, and Helm orders equal weights by name, not by kind (despite its docs).`,
      fixes,
    );
  }
}

/**
 * A tie matters where one hook's pod needs an object the other hook creates (`tieDependencies`): then only the names
 * decide whether it exists when the pod starts. Reported on the dependent, once, listing its events. A dependency
 * that surely renders and runs after it is `hook-runs-before-its-dependency`'s error instead.
 */
function diagnoseTiesThatMatter(c: Collector, docs: DocumentAnalysis[], model: HookModel): void {
  const index = hookOrderIndex(model);
  const mine = new Set(docs.map((d) => index.hookOf(d)).filter((h): h is HookItem => !!h));
  if (!mine.size) return;
  // A templated name or weight is a guess: no advice on guesses.
  const known = (h: HookItem) => !h.nameDynamic && !index.sourceOf(h)?.hook?.weightEntry?.dynamic;
  const found = new Map<HookItem, { dependency: HookItem; via: string; inOrder: boolean; events: HookEventName[] }>();
  for (const event of EVENT_NAMES) {
    for (const dep of tieDependencies(index, event)) {
      const x = dep.dependent;
      if (!mine.has(x) || !known(x) || !known(dep.dependency)) continue;
      if (!dep.inOrder && dep.ref.renders === true) continue;
      const f = found.get(x);
      if (!f) found.set(x, { dependency: dep.dependency, via: dep.ref.via, inOrder: dep.inOrder, events: [event] });
      else if (f.dependency === dep.dependency && !f.events.includes(event)) f.events.push(event);
    }
  }
  for (const [x, { dependency: t, via, inOrder, events }] of found) {
    const src = index.sourceOf(x)!;
    const hookEntry = src.hook!.entry;
    const w = String(x.weight + 1);
    const fixes = weightFixes(src, w, `so it runs after ${t.kind} ${shownName(t.name)} whatever the names`);
    c.add(
      'same-weight-tie-by-name',
      hookEntry.keySpan,
      `In ${events.join(' and ')}, ${x.kind} ${shownName(x.name)} needs ${t.kind} ${shownName(t.name)} (${via}) and runs ` +
        (inOrder
          ? `after it only because of their names: both have weight ${x.weight}, and Helm orders equal weights by name, not by kind (despite its docs). A rename can reverse them.`
          : `before it because of their names: both have weight ${x.weight}, and Helm orders equal weights by name, not by kind (despite its docs). It may start before ${t.kind} ${shownName(t.name)} exists.`),
      fixes,
    );
  }
}

/** A fix that writes `w` as the hook's weight: in the weight's value, or as a new line under `helm.sh/hook`. */
function weightFixes(src: DocumentAnalysis, w: string, why: string): FixSpec[] {
  const hookEntry = src.hook!.entry;
  const weightEntry = src.hook!.weightEntry;
  if (weightEntry && !weightEntry.dynamic && weightEntry.valueSpan.end > weightEntry.valueSpan.start) {
    // An indirect entry's span is the text inside the action's string literal: no quotes of our own there.
    const newText = weightEntry.indirect ? w : quoteLike(weightEntry, w);
    return [{ title: `Set weight to ${w} ${why}`, edits: [{ span: weightEntry.valueSpan, newText }] }];
  }
  if (weightEntry || hookEntry.indirect) return [];
  const text = src.doc.text;
  const lineStart = text.lastIndexOf('\n', hookEntry.keySpan.start - 1) + 1;
  const indent = text.slice(lineStart, hookEntry.keySpan.start);
  if (!/^[ \t]*$/.test(indent)) return [];
  const { at, nl } = endOfLine(text, hookEntry.keySpan.start);
  return [{ title: `Add weight ${w} ${why}`, edits: [{ span: { start: at, end: at }, newText: `${nl}${indent}${ANNOTATION.weight}: ${JSON.stringify(w)}` }] }];
}

/** `_*.tpl` partials print nothing themselves; literal hook annotations written in them are still checked. */
function diagnosePartial(c: Collector, text: string): void {
  const re = /^([ \t]*)(["']?)(helm\.sh\/hook(?:-[a-z-]+)?)\2[ \t]*:[ \t]*(.*?)[ \t]*(?:#.*)?$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const raw = m[4];
    if (!raw || raw.includes('{{') || m[3] !== ANNOTATION.hook) continue;
    const valueStart = m.index + m[0].indexOf(raw, m[1].length + m[3].length);
    const quoted = /^(["'])(.*)\1$/.exec(raw);
    const value = quoted ? quoted[2] : raw;
    if (quoted && value.includes(quoted[1])) continue;
    const entry: AnnotationEntry = {
      key: m[3],
      keySpan: { start: m.index + m[1].length, end: m.index + m[1].length + m[3].length + 2 * m[2].length },
      value,
      valueSpan: { start: valueStart, end: valueStart + raw.length },
      valueKind: 'string',
      style: quoted ? (quoted[1] === '"' ? 'double' : 'single') : 'plain',
      dynamic: false,
      indirect: false,
      valueTextOffset: quoted ? valueStart + 1 : valueStart,
    };
    diagnoseEvents(c, entry);
  }
}

/** Files in `crds/` are applied as they are, never templated and never hooks. */
function diagnoseCrdFile(text: string, opts: DiagnosticOptions): HookDiagnostic[] {
  const c = new Collector(lineIndexOf(text), opts);
  // Keys only (block, flow or JSON style), not mentions in comments or descriptions.
  const re = /(^|[\s{,])["']?(helm\.sh\/hook[a-z-]*)["']?[ \t]*:/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].indexOf(m[2]);
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    if (/^[ \t]*#/.test(text.slice(lineStart, start))) continue;
    c.add(
      'hook-in-crds-folder',
      { start, end: start + m[2].length },
      'Files in crds/ are installed as they are before anything else on helm install (never on upgrade): they are not templated and never hooks, so this annotation has no effect.',
    );
  }
  return c.out;
}

// ---------------------------------------------------------------------------------------------------------------
// Run time (spec §3, §4, §8): hooks that are valid, render fine, and then hang or fail in the cluster.

/** The delete-policy entry of a hook when Helm's list is known exactly (literal, no unknown value). */
function literalDeletePolicies(d: DocumentAnalysis): { entry: AnnotationEntry; policies: string[] } | undefined {
  const entry = d.annotations.find((a) => a.key === ANNOTATION.deletePolicy);
  if (!entry || entry.dynamic || entry.valueKind !== 'string') return undefined;
  const known = DELETE_POLICIES.map((p) => p.name);
  const policies = d.hook!.deletePolicies;
  // An unknown value is unknown-delete-policy's finding, which already says what it leaves behind.
  if (!policies.every((p) => known.includes(p))) return undefined;
  return { entry, policies };
}

/** `before-hook-creation,` put in front of the policies written, when the value maps 1:1 onto the source. */
function addBeforeHookCreationFix(entry: AnnotationEntry): FixSpec[] {
  if (entry.valueTextOffset === undefined || entry.indirect) return [];
  const at = entry.valueTextOffset;
  return [{ title: `Add ${DEFAULT_DELETE_POLICY}`, isPreferred: true, edits: [{ span: { start: at, end: at }, newText: `${DEFAULT_DELETE_POLICY},` }] }];
}

/**
 * Without `before-hook-creation` nothing deletes the previous object before the next run creates it
 * (`execHook` in `pkg/action/hooks.go`): Helm 3 creates and fails on "already exists"; Helm 4 applies server-side
 * over it (`ClientCreateOptionServerSideApply`), which updates ordinary kinds in place but not a Job or Pod.
 */
function diagnoseLeftover(c: Collector, d: DocumentAnalysis): void {
  if (!d.kind || NEVER_DELETED_HOOK_KINDS.includes(d.kind)) return;
  const written = literalDeletePolicies(d);
  if (!written || written.policies.includes(DEFAULT_DELETE_POLICY)) return;
  const succeeded = written.policies.includes('hook-succeeded');
  const failed = written.policies.includes('hook-failed');
  const waited = WAITED_KINDS.includes(d.kind);
  // Deleted after success, and a kind that cannot fail on its own (not waited on): only a later hook's failure
  // could leave it, and from Helm 3.19 / 4.0 that deletes it too.
  if (succeeded && (failed || !waited)) return;
  // Helm 4 applies over an ordinary object: it is updated in place, nothing fails.
  if (c.helmVersion === 4 && !waited) return;
  const when = succeeded
    ? `a failed run leaves it behind (only ${written.policies.join(', ')}: nothing deletes a failed ${d.kind})`
    : `every successful run leaves it behind (${written.policies.length ? written.policies.join(', ') : 'no policy in effect'}: it is not deleted after success)`;
  const next =
    c.helmVersion === 3
      ? 'the next run creates it again and Helm 3 fails with "already exists".'
      : `the next run applies it server-side over the old ${d.kind}: a changed pod template fails with "field is immutable", ` +
        `and an unchanged one leaves the old ${d.kind} as it is — ${succeeded ? `it failed, so the hook fails at once (Helm 4.1.1+; before, at --timeout)` : `it already ${d.kind === 'Job' ? 'completed' : 'succeeded'}, so Helm counts it done and the hook does not run again`}` +
        ' (a release installed client-side, by Helm 3 or --server-side=false, creates it instead and fails with "already exists").';
  c.add(
    'hook-leftover-blocks-next-run',
    written.entry.valueSpan,
    `No before-hook-creation: ${when}, so ${next} Add before-hook-creation.`,
    addBeforeHookCreationFix(written.entry),
  );
}

/** `deleteHookByPolicy` returns before deleting a CustomResourceDefinition, whatever the policy says. */
function diagnoseCrdHookPolicy(c: Collector, d: DocumentAnalysis): void {
  if (!d.kind || !NEVER_DELETED_HOOK_KINDS.includes(d.kind)) return;
  const entry = d.annotations.find((a) => a.key === ANNOTATION.deletePolicy);
  if (!entry || entry.dynamic) return;
  const next =
    c.helmVersion === 3
      ? 'the CRD stays, and the next run of this hook fails with "already exists" (Helm 3 creates hooks).'
      : 'the CRD stays, and the next run applies it server-side over the existing one.';
  const fixes: FixSpec[] = [];
  if (!entry.indirect) {
    const text = d.doc.text;
    const lineStart = text.lastIndexOf('\n', entry.keySpan.start - 1) + 1;
    const nl = text.indexOf('\n', entry.valueSpan.end);
    if (/^[ \t]*$/.test(text.slice(lineStart, entry.keySpan.start)) && nl >= 0) {
      fixes.push({ title: `Remove ${ANNOTATION.deletePolicy}`, isPreferred: true, edits: [{ span: { start: lineStart, end: nl + 1 }, newText: '' }] });
    }
  }
  c.add(
    'crd-hook-never-deleted',
    entry.keySpan,
    `Helm never deletes CustomResourceDefinition hooks (deleting one would delete every custom resource of it): this delete policy has no effect, ${next} ` +
      'Put CRDs in crds/ or make them ordinary resources.',
    fixes,
  );
}

/**
 * Helm 4's kstatus waiter sees a Job deleted by its TTL as NotFound, never as Complete, and waits until the timeout
 * (helm/helm#32224; `pkg/kube/statuswait.go`). Helm 3's watch counted a Deleted event as done.
 */
function diagnoseJobTtl(c: Collector, d: DocumentAnalysis): void {
  const ttl = podFactsOf(d).ttl;
  if (!ttl || ttl.seconds >= SHORT_JOB_TTL_SECONDS || ttl.seconds < 0) return;
  const after = ttl.seconds === 0 ? 'as soon as it finishes' : `${ttl.seconds} s after it finishes`;
  if (c.helmVersion === 4) {
    c.add(
      'hook-job-ttl',
      ttl.span,
      `ttlSecondsAfterFinished: ${ttl.seconds} — Kubernetes deletes this Job ${after}. Helm 4 waits for the hook until it sees it Complete; ` +
        `a Job deleted first is NotFound to its kstatus waiter, never Complete, so Helm waits until --timeout (default ${DEFAULT_TIMEOUT}) and the command fails ` +
        `(helm/helm#32224). Helm 3 counted the deletion as done. Use a TTL of at least ${SHORT_JOB_TTL_SECONDS} s, or let Helm delete the Job with helm.sh/hook-delete-policy hook-succeeded.`,
    );
  } else {
    c.add(
      'hook-job-ttl',
      ttl.span,
      `ttlSecondsAfterFinished: ${ttl.seconds} — Kubernetes deletes this Job ${after}. Helm 3 counts a hook deleted while it watches as done: ` +
        'no hang, but a Job that failed and vanished before Helm saw it passes as a success. Helm 4 waits until --timeout instead (helm/helm#32224).',
      [],
      'information',
    );
  }
}

/** Ordinary resources and hooks that a pod reference can name, per chart model (built once per hook model). */
interface DependencyIndex {
  resources: Map<string, DocumentAnalysis[]>;
  hooks: Map<string, HookItem[]>;
}

const dependencyIndexes = new WeakMap<HookModel, DependencyIndex>();

function dependencyIndex(model: Pick<ChartModel, 'documents'>, hookModel: HookModel): DependencyIndex {
  let index = dependencyIndexes.get(hookModel);
  if (index) return index;
  index = { resources: new Map(), hooks: new Map() };
  const order = hookOrderIndex(hookModel);
  for (const h of hookModel.hooks) {
    if (!REFERENCED_KINDS.has(h.kind)) continue;
    const src = order.sourceOf(h);
    const name = src && nameSourceText(src);
    const key = src && name && nameKey(h.kind, src, name, src.nameDynamic);
    if (!key) continue;
    const list = index.hooks.get(key) ?? [];
    list.push(h);
    index.hooks.set(key, list);
  }
  for (const d of model.documents()) {
    if (d.empty || d.hook || !d.kind || !REFERENCED_KINDS.has(d.kind)) continue;
    const name = nameSourceText(d);
    const key = name && nameKey(d.kind, d, name, d.nameDynamic);
    if (!key) continue;
    const list = index.resources.get(key) ?? [];
    list.push(d);
    index.resources.set(key, list);
  }
  dependencyIndexes.set(hookModel, index);
  return index;
}

/** Only what surely renders (outside any template condition, in a subchart that renders) is a dependency worth an error. */
function surelyRendered(d: DocumentAnalysis): boolean {
  return d.conditional ? rendersByDefault(d) === true : rendersByDefault(d) !== false;
}

function refWhat(ref: PodReference): string {
  return `${ref.kind} ${JSON.stringify(ref.name)}`;
}

/** What a pod does without the object it names, and so what Helm does. */
function missingEffect(ref: PodReference, hookKind: string): { effect: string; severity?: Severity } {
  switch (ref.via) {
    case 'imagePullSecrets':
      return { effect: 'the image is pulled without the secret: a private image fails with ImagePullBackOff and Helm waits until --timeout', severity: 'warning' };
    case 'serviceAccountName':
      return hookKind === 'Pod'
        ? { effect: 'Kubernetes refuses to create the Pod ("error looking up service account"), so the hook fails at once' }
        : { effect: `the ${hookKind} controller cannot create its pod, so it never completes and Helm waits until --timeout (default ${DEFAULT_TIMEOUT})` };
    default:
      // A pod that cannot start is not Failed: even Helm 4.1.1+, which fails fast on a failed hook, waits it out.
      if (ref.kind === 'PersistentVolumeClaim') {
        return { effect: `the pod stays Pending (its claim does not exist) and Helm waits until --timeout (default ${DEFAULT_TIMEOUT})` };
      }
      return ref.via.startsWith('env')
        ? { effect: `the container cannot start (CreateContainerConfigError) and Helm waits until --timeout (default ${DEFAULT_TIMEOUT})` }
        : { effect: `the pod stays in ContainerCreating (the volume cannot be mounted) and Helm waits until --timeout (default ${DEFAULT_TIMEOUT})` };
  }
}

/**
 * A hook's pod needs objects by name. In pre-install the release's resources do not exist yet (they are created
 * after the pre-install hooks) and in post-delete they are gone (`pkg/action/{install,uninstall}.go`); another hook
 * of the same event exists only once Helm has run it, in (weight, name) order (`pkg/action/hooks.go`).
 * pre-upgrade and pre-rollback are left alone: whether the object is new in this chart version is not known here.
 */
function diagnoseDependencies(c: Collector, model: Pick<ChartModel, 'documents'>, docs: DocumentAnalysis[], hookModel: HookModel): void {
  let index: DependencyIndex | undefined;
  const order = hookOrderIndex(hookModel);
  for (const d of docs) {
    if (!d.hook || d.hook.dropped || !d.kind || d.enabledByDefault === false || (d.conditional && d.enabledByDefault !== true)) continue;
    const self = order.hookOf(d);
    if (!self) continue;
    const refs = podFactsOf(d).refs.filter((r) => !r.optional && r.renders === true);
    if (!refs.length) continue;
    index ??= dependencyIndex(model, hookModel);
    const waited = WAITED_KINDS.includes(d.kind);
    const events = [...new Set(self.events)];
    for (const ref of refs) {
      const key = nameKey(ref.kind, d, ref.name, ref.templated);
      if (!key) continue;
      const hookTargets = (index.hooks.get(key) ?? []).filter((h) => h !== self);
      let reported = false;
      for (const event of events) {
        if (reported) break;
        const target = hookTargets.find((h) => h.events.includes(event));
        if (target) {
          const list = order.ordered(event);
          const mine = order.indexIn(event, self);
          const theirs = order.indexIn(event, target);
          if (mine < 0 || theirs < mine) continue;
          const why =
            target.weight > self.weight
              ? `its weight ${target.weight} is higher than ${self.weight}`
              : `both have weight ${self.weight} and Helm orders equal weights by name (${JSON.stringify(target.name)} sorts after ${JSON.stringify(self.name)})`;
          const { effect, severity } = missingEffect(ref, d.kind);
          const fixes: FixSpec[] = [];
          const src = order.sourceOf(target)!;
          const w = String(self.weight - 1);
          const weightEntry = src.hook?.weightEntry;
          if (src.doc.file === d.doc.file && weightEntry && !weightEntry.dynamic && weightEntry.valueSpan.end > weightEntry.valueSpan.start) {
            fixes.push({
              title: `Set the weight of ${target.kind} ${target.name} to ${w}`,
              isPreferred: true,
              edits: [{ span: weightEntry.valueSpan, newText: weightEntry.indirect ? w : quoteLike(weightEntry, w) }],
            });
          }
          c.add(
            'hook-runs-before-its-dependency',
            ref.span,
            `In ${event}, ${d.kind} ${JSON.stringify(self.name)} (#${mine + 1} of ${list.length}) needs ${refWhat(ref)} (${ref.via}), a hook Helm runs after it (#${theirs + 1}): ` +
              `${why}. When this hook starts, ${ref.kind} ${JSON.stringify(target.name)} does not exist yet: ${effect}. Give it a lower weight (e.g. "${w}").`,
            fixes,
            severity,
          );
          reported = true;
          continue;
        }
        if (event !== 'pre-install' && event !== 'post-delete') continue;
        // Other workloads are not waited on: at pre-install their pods start once the object is created a moment later.
        if (!waited && event === 'pre-install') continue;
        const resources = (index.resources.get(key) ?? []).filter(surelyRendered);
        // Resources with a resource policy are not deleted at uninstall (`keep`, or any other value): they remain.
        const present = event === 'post-delete' ? resources.filter((r) => !r.annotations.some((a) => a.key === ANNOTATION.resourcePolicy)) : resources;
        if (!present.length) continue;
        const { effect, severity } = missingEffect(ref, d.kind);
        const phase =
          event === 'pre-install'
            ? 'the release\'s resources are created only after the pre-install hooks, so it does not exist yet'
            : 'helm uninstall deletes the release\'s resources before the post-delete hooks run, so it is gone';
        const outcome =
          event === 'pre-install'
            ? 'the install fails'
            : waited
              ? 'the uninstall reports the failure after everything else was deleted'
              : `Helm does not wait for a ${d.kind}, so its pods just never run`;
        c.add(
          'hook-needs-release-resource',
          ref.span,
          `In ${event}, ${d.kind} ${JSON.stringify(self.name)} needs ${refWhat(ref)} (${ref.via}), which this chart creates as an ordinary resource: ` +
            `${phase}. ${capitalize(effect)}; ${outcome}. Make ${ref.kind} ${JSON.stringify(ref.name)} a hook of the same events (helm.sh/hook: ${events.join(',')}) ` +
            'with a lower weight than this one.',
          [],
          waited ? severity : 'warning',
        );
        reported = true;
      }
    }
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---- how Helm's YAML reader reads the literal template text (features/renderedSurprises.ts) -----------------------

/**
 * A template document's literal YAML read as Helm will read it once rendered: duplicate keys, merge keys, unquoted
 * numeric names, `...`, List items and nested hook annotations. Only what the masked text proves: a finding on a line
 * that a template action writes is left to the rendered reading.
 */
function diagnoseYamlReading(c: Collector, d: DocumentAnalysis): void {
  const t = d.doc.template!;
  const { start, end } = d.doc.span;
  const slice = d.doc.text.slice(start, end);
  if (!mayHoldSurprise(slice)) return;
  const text = d.doc.text;
  const isLiteral = (offset: number): boolean => {
    const at = start + offset;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd < 0) lineEnd = text.length;
    return !hasActionIn(t, lineStart, lineEnd);
  };
  const together = (x: number, y: number) => renderTogether(t, start + x, start + y);
  for (const s of documentSurprises(slice, { isLiteral, renderTogether: together })) {
    c.add(s.code, { start: start + s.at, end: start + s.at + s.length }, s.message, [], s.severity);
  }
}

/** A hook written where Helm never renders: a file whose name ends in NOTES.txt, or any template of a library chart. */
function diagnoseNeverRenders(c: Collector, text: string, why: 'notes' | 'library'): void {
  const re = /^[ \t]*["']?(helm\.sh\/hook)["']?[ \t]*:/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index + m[0].indexOf('helm.sh/hook');
    c.add(
      'hook-never-renders',
      { start: at, end: at + 'helm.sh/hook'.length },
      why === 'notes'
        ? 'Helm takes every template whose file name ends in NOTES.txt out of the manifests (the chart\'s templates/NOTES.txt is the release notes): this hook is never created. Rename the file, e.g. to .yaml.'
        : 'This chart is a library chart (type: library in Chart.yaml): Helm renders none of its templates, only their named templates can be included elsewhere, so this hook is never created.',
    );
  }
}

/** Chart.yaml `type: library`, read as Helm reads it (go-yaml v2); remembered per Chart.yaml text. */
const libraryCharts = new Map<string, boolean>();

function isLibraryChart(model: ChartModel, root: string): boolean {
  const text = model.fs.readText(`${root}/Chart.yaml`);
  if (text === undefined || !/\blibrary\b/i.test(text)) return false;
  let hit = libraryCharts.get(text);
  if (hit === undefined) {
    try {
      const v = parseYaml(text);
      const type = isGoMap(v) ? v.get('type') : undefined;
      hit = typeof type === 'string' && type.toLowerCase() === 'library';
    } catch {
      hit = false;
    }
    if (libraryCharts.size > 200) libraryCharts.clear();
    libraryCharts.set(text, hit);
  }
  return hit;
}

/** Chart.yaml names and conditions that YAML 1.1 reads as booleans. */
function diagnoseChartYaml(text: string, opts: DiagnosticOptions): HookDiagnostic[] {
  const c = new Collector(lineIndexOf(text), opts);
  for (const s of chartYamlSurprises(text)) c.add(s.code, { start: s.at, end: s.at + s.length }, s.message, [], s.severity);
  return c.out;
}
