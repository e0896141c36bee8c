/**
 * Completion of hook annotation keys and values under `metadata.annotations`, working on masked text so Go template
 * actions around the cursor don't matter. Weights are suggested from the chart: the weights already used by hooks
 * of the same events, each with where this hook would land.
 */
import type { ChartWorkspace } from '../hooks/chartWorkspace';
import { documentAt, fileContext, ordinal, type FileContext } from './documentContext';
import {
  ANNOTATION,
  ANNOTATIONS,
  DELETE_POLICIES,
  EVENTS,
  HELM_DOCS_HOOKS,
  OUTPUT_LOG_POLICIES,
  RESOURCE_POLICY_KEEP,
  goTrimSpace,
  resolveEvent,
  type PolicyFact,
} from '../helmFacts';
import { compareGoStrings, hookOrderIndex } from '../hooks/hookOrder';
import { lineIndexOf, type LineIndex } from '../documents/lineIndex';
import { maskTemplate } from '../documents/templateMask';
import type { HelmVersion, HookEventName, HookItem, Position, Range } from '../types';

export interface EngineCompletionItem {
  label: string;
  kind: 'key' | 'value' | 'snippet';
  /**
   * A few words shown right of the label in the list (LSP `labelDetails.description`). With it VS Code lays the
   * label out whole and shortens only these words; a label with a `detail` beside it is cut instead ("helm.sh/ho…").
   */
  labelDescription?: string;
  /** The heading of the item's documentation: never the documentation's first sentence again. */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText: string;
  isSnippet?: boolean;
  /** The text this item replaces (from the start of the word to the cursor, or further). */
  range?: Range;
  filterText?: string;
  sortText?: string;
  preselect?: boolean;
}

interface LineSlice {
  before: string;
  lineStart: number;
}

/** Whether the line at `line` sits directly under an `annotations:` key (block mapping). */
function underAnnotations(masked: string, lines: LineIndex, line: number, indent: number): boolean {
  for (let l = line - 1; l >= 0; l--) {
    const text = masked.slice(lines.lineStart(l), lines.lineEnd(l));
    if (!text.trim() || text.trim().startsWith('#')) continue;
    const ind = text.length - text.trimStart().length;
    if (ind < indent) return /^\s*annotations:\s*(#.*)?$/.test(text);
    if (/^---/.test(text)) return false;
  }
  return false;
}

const KEY_SNIPPETS: Record<string, string> = {
  [ANNOTATION.hook]: `"${ANNOTATION.hook}": \${1|${EVENTS.map((e) => e.name).join(',')}|}`,
  [ANNOTATION.weight]: `"${ANNOTATION.weight}": "\${1:0}"`,
  [ANNOTATION.deletePolicy]: `"${ANNOTATION.deletePolicy}": \${1|before-hook-creation,hook-succeeded,hook-failed,before-hook-creation\\,hook-succeeded|}`,
  [ANNOTATION.outputLogPolicy]: `"${ANNOTATION.outputLogPolicy}": \${1|hook-failed,hook-succeeded,hook-succeeded\\,hook-failed|}`,
  [ANNOTATION.resourcePolicy]: `"${ANNOTATION.resourcePolicy}": ${RESOURCE_POLICY_KEEP}`,
};

const HOOK_JOB_SNIPPET = [
  'apiVersion: batch/v1',
  'kind: Job',
  'metadata:',
  '  name: ${1:{{ include "${2:chart}.fullname" . }}-${3:migrate}}',
  '  annotations:',
  '    "helm.sh/hook": ${4|pre-install,pre-upgrade,post-install,post-upgrade,pre-delete,post-delete,pre-rollback,post-rollback,test|}',
  '    "helm.sh/hook-weight": "${5:0}"',
  '    "helm.sh/hook-delete-policy": ${6|before-hook-creation\\,hook-succeeded,before-hook-creation,hook-succeeded|}',
  'spec:',
  '  backoffLimit: ${7:1}',
  '  template:',
  '    spec:',
  '      restartPolicy: Never',
  '      containers:',
  '        - name: ${3:migrate}',
  '          image: ${8:alpine:3.20}',
  '          command: [${9:"/bin/sh", "-c", "echo done"}]',
  '$0',
].join('\n');

export function completeAt(
  ws: ChartWorkspace,
  file: string,
  text: string,
  position: Position,
  opts: { helmVersion: HelmVersion },
): EngineCompletionItem[] {
  const lines = lineIndexOf(text);
  const offset = lines.offsetAt(position);
  const lineStart = lines.lineStart(position.line);
  const masked = text.indexOf('{{') >= 0 ? maskTemplate(text).masked : text;
  const slice: LineSlice = { before: text.slice(lineStart, offset), lineStart };
  const maskedBefore = masked.slice(lineStart, offset);

  const value = /^(\s*)(["']?)(helm\.sh\/[A-Za-z0-9._-]+)\2\s*:\s?(\s*)(["']?)([^"'#]*)$/.exec(slice.before);
  if (value) return completeValue(ws, file, text, offset, lines, value[3], value[5], value[6], opts, slice);

  const key = /^(\s*)(["']?)([A-Za-z0-9._/-]*)$/.exec(maskedBefore);
  if (key) {
    const indent = key[1].length;
    if (indent > 0 && underAnnotations(masked, lines, position.line, indent)) {
      const start = offset - key[2].length - key[3].length;
      const lineEnd = lines.lineEnd(position.line);
      // Replace what is already typed of the key (up to its colon), so completing inside a key doesn't duplicate it.
      const restOfLine = text.slice(offset, lineEnd);
      const colon = /^[^\s:]*["']?\s*:[^\n]*$/.test(restOfLine) ? lineEnd : offset;
      const range = lines.range(start, colon);
      return ANNOTATIONS.map((a, i) => ({
        label: a.key,
        kind: 'key' as const,
        // Short words beside the key (the whole key stays visible); the docs say the rest, once.
        labelDescription: a.key.startsWith('helm.sh/hook') ? 'Helm hook annotation' : 'Helm annotation',
        detail: a.key.startsWith('helm.sh/hook') ? 'Helm hook annotation' : 'Helm annotation',
        documentation: `${a.summary}\n\n${a.detail}\n\n[Helm docs](${a.docs})`,
        insertText: KEY_SNIPPETS[a.key],
        isSnippet: true,
        range,
        filterText: `${key[2]}${a.key}`,
        sortText: String(i),
      }));
    }
    if (indent === 0 && !key[2]) {
      return [
        {
          label: 'helm-hook-job',
          kind: 'snippet',
          labelDescription: 'Helm hook Job',
          detail: 'A Helm hook Job (restartPolicy Never, weight, delete policy)',
          documentation: `Scaffolds a Job that Helm runs as a hook.\n\n[Helm docs](${HELM_DOCS_HOOKS})`,
          insertText: HOOK_JOB_SNIPPET,
          isSnippet: true,
          range: lines.range(offset - key[3].length, offset),
        },
      ];
    }
  }
  return [];
}

function completeValue(
  ws: ChartWorkspace,
  file: string,
  text: string,
  offset: number,
  lines: LineIndex,
  key: string,
  quote: string,
  typed: string,
  opts: { helmVersion: HelmVersion },
  _slice: LineSlice,
): EngineCompletionItem[] {
  const lastComma = typed.lastIndexOf(',');
  const current = typed.slice(lastComma + 1);
  const currentStart = offset - current.length + (current.length - current.trimStart().length);
  const range = lines.range(currentStart, offset);
  const listed = typed
    .slice(0, Math.max(0, lastComma))
    .split(',')
    .map((s) => goTrimSpace(s).toLowerCase())
    .filter(Boolean);
  const policyItems = (facts: readonly PolicyFact[]): EngineCompletionItem[] =>
    facts
      .filter((p) => !listed.includes(p.name))
      .map((p, i) => {
        const what = key === ANNOTATION.deletePolicy ? 'delete policy' : 'output-log policy';
        return { label: p.name, kind: 'value' as const, labelDescription: what, detail: what, documentation: p.detail, insertText: p.name, range, sortText: String(i) };
      });

  switch (key) {
    case ANNOTATION.hook: {
      const used = new Set(listed.map((s) => resolveEvent(s)).filter(Boolean));
      return EVENTS.filter((e) => !used.has(e.name)).map((e, i) => ({
        label: e.name,
        kind: 'value' as const,
        // The command in the list and as the heading; when it runs, once, in the docs.
        labelDescription: `helm ${e.command}`,
        detail: `helm ${e.command}`,
        documentation: `**${e.name}** runs ${e.when}.\n\n[Helm docs](${HELM_DOCS_HOOKS})`,
        insertText: e.name,
        range,
        sortText: String(i),
      }));
    }
    case ANNOTATION.deletePolicy:
      return policyItems(DELETE_POLICIES);
    case ANNOTATION.outputLogPolicy:
      return policyItems(OUTPUT_LOG_POLICIES);
    case ANNOTATION.resourcePolicy:
      return [
        {
          label: RESOURCE_POLICY_KEEP,
          kind: 'value',
          labelDescription: 'resource policy',
          detail: 'Leave this resource in place on helm uninstall',
          insertText: RESOURCE_POLICY_KEEP,
          range,
        },
      ];
    case ANNOTATION.weight:
      return weightItems(fileContext(ws, file, text, opts.helmVersion), offset, lines, quote, current, currentStart);
    default:
      return [];
  }
}

/** Where a hook named `name` with weight `w` would land among `others` for one event. */
export function landing(others: HookItem[], name: string, w: number): string {
  const before = others.filter((h) => h.weight < w || (h.weight === w && compareGoStrings(h.name, name) <= 0));
  const after = others.filter((h) => !before.includes(h));
  const prev = before[before.length - 1];
  const next = after[0];
  const parts: string[] = [];
  if (prev) parts.push(`after ${prev.name || prev.kind} (weight ${prev.weight})`);
  if (next) parts.push(`before ${next.name || next.kind} (weight ${next.weight})`);
  if (!parts.length) return 'the only hook';
  return `runs ${parts.join(', ')}`;
}

function weightItems(
  ctx: FileContext,
  offset: number,
  lines: LineIndex,
  quote: string,
  current: string,
  currentStart: number,
): EngineCompletionItem[] {
  const doc = documentAt(ctx, offset);
  const events: HookEventName[] = doc?.hook?.events.length ? [...new Set(doc.hook.events)] : [];
  const index = ctx.hookModel ? hookOrderIndex(ctx.hookModel) : undefined;
  const self = doc ? index?.hookOf(doc) : undefined;
  const name = doc?.name ?? '';
  const weights = new Set<number>();
  const perEvent = new Map<HookEventName, HookItem[]>();
  for (const e of events) {
    const others = (index?.ordered(e) ?? []).filter((h) => h !== self);
    perEvent.set(e, others);
    for (const h of others) weights.add(h.weight);
  }
  const sorted = [...weights].sort((a, b) => a - b);
  if (sorted.length) {
    sorted.unshift(sorted[0] - 5);
    sorted.push(sorted[sorted.length - 1] + 5);
  } else sorted.push(0);
  // Replace the whole value including an already typed closing quote.
  const lineEnd = lines.lineEnd(lines.positionAt(offset).line);
  const rest = lines.text.slice(offset, lineEnd);
  const closing = quote && rest.startsWith(quote) ? 1 : 0;
  const start = quote ? currentStart - 1 : currentStart;
  const range = lines.range(start, offset + closing);
  return sorted.map((w, i) => {
    const where = events.map((e) => `${e}: ${landing(perEvent.get(e) ?? [], name, w)}`);
    const position = events.map((e) => {
      const list = perEvent.get(e) ?? [];
      const n = list.filter((h) => h.weight < w || (h.weight === w && compareGoStrings(h.name, name) <= 0)).length + 1;
      return `${ordinal(n)} of ${list.length + 1} in ${e}`;
    });
    return {
      label: String(w),
      kind: 'value' as const,
      // Where the hook lands in the list and the heading; its position per event and the rule in the docs.
      labelDescription: position.length ? position[0] + (position.length > 1 ? ', …' : '') : 'weight',
      detail: where.length ? where.join('; ') : 'weight',
      documentation:
        (position.length ? position.map((p) => `- ${p}`).join('\n') + '\n\n' : '') +
        'Lower weights run first; equal weights are ordered by name, not by kind.',
      insertText: `"${w}"`,
      filterText: `${quote}${current}${w}`,
      range,
      sortText: String(i).padStart(4, '0'),
    };
  });
}
