import * as assert from 'assert';
import { maskTemplate } from '../../server/src/engine/documents/templateMask';

describe('extraction: else branches of blocks', () => {
  it('records else if and else on the block they belong to', () => {
    const src = '{{ if .a }}A{{ else if .b }}B{{ else }}C{{ end }}';
    const [b] = maskTemplate(src).blocks;
    assert.deepStrictEqual(
      b.elses?.map((e) => [e.keyword, e.condition, src.slice(e.start, e.start + 1)]),
      [
        ['if', '.b', 'B'],
        ['else', '', 'C'],
      ],
    );
  });

  it('an else inside a nested block belongs to the inner block', () => {
    const m = maskTemplate('{{ if .a }}{{ with .b }}x{{ else }}y{{ end }}{{ end }}');
    const outer = m.blocks.find((b) => b.keyword === 'if')!;
    const inner = m.blocks.find((b) => b.keyword === 'with')!;
    assert.strictEqual(outer.elses, undefined);
    assert.strictEqual(inner.elses?.length, 1);
  });

  it('masking keeps every offset, also around a define body and its actions', () => {
    const src = 'a: 1\n{{- define "x" }}\nb: {{ .c }}\n{{- end }}\nd: {{ .e }}\r\n';
    const m = maskTemplate(src);
    const lines = m.masked.split('\n');
    assert.deepStrictEqual(
      lines.map((l) => l.length),
      src.split('\n').map((l) => l.length),
    );
    assert.deepStrictEqual(lines.map((l) => l.trim()), ['a: 1', '', '', '', 'd:', '']);
    assert.ok(lines[4].endsWith('\r'), 'the carriage return is kept');
  });
});
