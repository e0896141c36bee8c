/**
 * The shape of completion items as the editor gets them: the label whole (a few words in `labelDetails` beside it,
 * where VS Code shortens those instead of the label), a `detail` that is a heading and not the documentation's first
 * sentence again, and documentation that says each sentence once.
 */
import * as assert from 'assert';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver';
import { completeAt } from '../../server/src/engine/features/completion';
import { ANNOTATIONS, EVENTS } from '../../server/src/engine/helmFacts';
import { toCompletionItem } from '../../server/src/lspConversions';
import { caret, chart } from '../helpers/fixtures';

const job = (annotationLine: string) =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: notify\n  annotations:\n    ${annotationLine}\nspec: {}\n`;
const other = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: seed\n  annotations:\n    "helm.sh/hook": pre-install\n    "helm.sh/hook-weight": "0"\n';

/** The LSP items offered at the caret of `marked`, in a chart with one other pre-install hook. */
function complete(marked: string, labelDetailsSupport = true): CompletionItem[] {
  const { text, position } = caret(marked);
  const c = chart({ 'templates/seed.yaml': other, 'templates/notify.yaml': text });
  return completeAt(c.ws, c.file('templates/notify.yaml'), text, position, { helmVersion: 4 }).map((i) => toCompletionItem(i, labelDetailsSupport));
}

function docsOf(item: CompletionItem): string {
  const d = item.documentation;
  return typeof d === 'string' ? d : (d as MarkupContent | undefined)?.value ?? '';
}

/** Sentences of a Markdown text, without emphasis and list marks. */
function sentences(markdown: string): string[] {
  return markdown
    .replace(/\*\*|`|^- /gm, '')
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim().replace(/[.!?]$/, ''))
    .filter((s) => s.length > 0);
}

/** No sentence twice in the docs, and the detail is not one of them. */
function assertSaidOnce(item: CompletionItem): void {
  const said = sentences(docsOf(item));
  assert.ok(said.length > 0, `${item.label} has documentation`);
  assert.strictEqual(new Set(said).size, said.length, `${item.label}: a sentence twice in ${JSON.stringify(said)}`);
  const detail = (item.detail ?? '').replace(/[.!?]$/, '');
  assert.ok(!said.includes(detail), `${item.label}: the detail "${detail}" is also a sentence of the docs`);
  assert.notStrictEqual(said[0], detail, `${item.label}: the docs start with the detail`);
}

describe('completion items as the editor shows them', () => {
  it('annotation keys: the whole key as label, a short description beside it, the docs said once', () => {
    const items = complete(job('helm.sh/ho|'));
    assert.deepStrictEqual(items.map((i) => i.label), ANNOTATIONS.map((a) => a.key));
    for (const item of items) {
      assert.deepStrictEqual(Object.keys(item.labelDetails ?? {}), ['description'], item.label);
      assert.ok((item.labelDetails!.description ?? '').length <= 24, item.labelDetails!.description);
      // Clients without labelDetails show the detail beside the label: it stays short too.
      assert.ok((item.detail ?? '').length <= 24, item.detail);
      assertSaidOnce(item);
    }
    const hook = items.find((i) => i.label === 'helm.sh/hook')!;
    assert.match(docsOf(hook), /^Makes this resource a Helm hook/);
  });

  it('events: the command beside the name, when it runs said once, in the docs', () => {
    const items = complete(job('"helm.sh/hook": |'));
    assert.deepStrictEqual(items.map((i) => i.label), EVENTS.map((e) => e.name));
    for (const item of items) {
      const fact = EVENTS.find((e) => e.name === item.label)!;
      assert.strictEqual(item.labelDetails?.description, `helm ${fact.command}`);
      assert.ok(!(item.detail ?? '').includes(fact.when), `${item.label}: the detail does not repeat when it runs`);
      assert.strictEqual(docsOf(item).split(fact.when).length - 1, 1, `${item.label}: when it runs, once`);
      assertSaidOnce(item);
    }
  });

  it('weights: where the hook lands as the detail, its position per event in the docs, nothing twice', () => {
    const items = complete(job('"helm.sh/hook": pre-install\n    "helm.sh/hook-weight": "|'));
    assert.ok(items.length >= 3, items.map((i) => i.label).join(', '));
    for (const item of items) {
      assert.match(item.detail ?? '', /^pre-install: runs (after|before) seed/);
      assert.match(item.labelDetails?.description ?? '', /^(1st|2nd) of 2 in pre-install$/);
      assert.match(docsOf(item), /^- (1st|2nd) of 2 in pre-install\n/);
      assertSaidOnce(item);
    }
  });

  it('delete policies: the kind of value beside the name, what it does in the docs', () => {
    const items = complete(job('"helm.sh/hook": pre-install\n    "helm.sh/hook-delete-policy": |'));
    assert.deepStrictEqual(items.map((i) => i.labelDetails?.description), items.map(() => 'delete policy'));
    for (const item of items) assertSaidOnce(item);
  });

  it('a client without labelDetails support gets none (only the short detail)', () => {
    for (const item of complete(job('helm.sh/ho|'), false)) {
      assert.strictEqual(item.labelDetails, undefined);
      assert.ok((item.detail ?? '').length <= 24);
    }
  });
});
