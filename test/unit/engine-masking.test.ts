import * as assert from 'assert';
import { maskTemplate } from '../../server/src/engine';
import { enclosingBlocks } from '../../server/src/engine/documents/templateMask';
import { caret, dedent } from '../helpers/fixtures';

/** Everything outside actions is unchanged: same length, same characters, same line breaks. */
function assertOffsetsPreserved(source: string, masked: string): void {
  assert.strictEqual(masked.length, source.length, 'masked text has the length of the source');
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\n' || c === '\r') assert.strictEqual(masked[i], c, `line break at ${i} is kept`);
    else assert.ok(masked[i] === c || masked[i] === ' ', `offset ${i}: "${c}" became "${masked[i]}"`);
  }
}

describe('engine: template masking', () => {
  it('blanks an action to spaces and keeps every other character at its offset', () => {
    const source = 'metadata:\n  name: {{ include "x.fullname" . }}-migrate\n';
    const m = maskTemplate(source);
    assertOffsetsPreserved(source, m.masked);
    assert.strictEqual(m.masked, 'metadata:\n  name: ' + ' '.repeat('{{ include "x.fullname" . }}'.length) + '-migrate\n');
  });

  it('leaves a file without actions untouched', () => {
    const source = 'kind: Job\nmetadata:\n  name: a\n';
    const m = maskTemplate(source);
    assert.strictEqual(m.masked, source);
    assert.deepStrictEqual(m.actions, []);
  });

  it('keeps the line breaks of an action that spans lines', () => {
    const source = 'a: {{- include "x"\n      (dict "a" 1) }}\nb: 2\n';
    const m = maskTemplate(source);
    assertOffsetsPreserved(source, m.masked);
    assert.strictEqual(m.masked.split('\n').length, source.split('\n').length);
    assert.ok(m.masked.endsWith('\nb: 2\n'));
  });

  it('turns {{- if }} … {{ end }} into a block with its condition', () => {
    const source = dedent`
      {{- if .Values.migrations.enabled }}
      kind: Job
      {{- end }}
    `;
    const m = maskTemplate(source);
    assert.strictEqual(m.blocks.length, 1);
    assert.strictEqual(m.blocks[0].keyword, 'if');
    assert.strictEqual(m.blocks[0].condition, '.Values.migrations.enabled');
    const inside = source.indexOf('kind');
    assert.deepStrictEqual(enclosingBlocks(m, inside).map((b) => b.keyword), ['if']);
    assert.deepStrictEqual(enclosingBlocks(m, source.length - 1), [], 'after {{ end }} nothing encloses');
  });

  it('nests blocks: with inside range inside if', () => {
    const source = '{{ if .A }}{{ range .B }}{{ with .C }}x: 1{{ end }}{{ end }}{{ end }}';
    const m = maskTemplate(source);
    const at = source.indexOf('x: 1');
    assert.deepStrictEqual(enclosingBlocks(m, at).map((b) => `${b.keyword} ${b.condition}`), ['if .A', 'range .B', 'with .C']);
  });

  it('blanks a define body: it prints nothing where it stands', () => {
    const source = dedent`
      {{- define "x.annotations" }}
      helm.sh/hook: pre-install
      {{- end }}
      kind: Job
    `;
    const m = maskTemplate(source);
    assertOffsetsPreserved(source, m.masked);
    assert.ok(!m.masked.includes('helm.sh/hook'), 'the define body is blanked');
    assert.ok(m.masked.includes('kind: Job'), 'text after the define stays');
  });

  it('does not treat a define body as a condition of what follows', () => {
    const source = '{{ define "a" }}x{{ end }}\nkind: Job\n';
    const m = maskTemplate(source);
    assert.deepStrictEqual(enclosingBlocks(m, source.indexOf('kind')), []);
  });

  it('does not end an action at "}}" inside a string', () => {
    const source = 'a: {{ printf "}}" }}-x\nb: 1\n';
    const m = maskTemplate(source);
    assert.strictEqual(m.actions.length, 1);
    assert.strictEqual(source.slice(m.actions[0].start, m.actions[0].end), '{{ printf "}}" }}');
    assert.strictEqual(m.masked, 'a: ' + ' '.repeat(17) + '-x\nb: 1\n');
  });

  it('does not end an action at "}}" inside a raw string', () => {
    const source = 'a: {{ `}}` }}!\n';
    const m = maskTemplate(source);
    assert.strictEqual(m.masked, 'a: ' + ' '.repeat(10) + '!\n');
  });

  it('masks a comment action, including "}}" inside the comment', () => {
    const source = '{{/* a }} b */}}\nkind: Job\n{{- /* trimmed */ -}}\n';
    const m = maskTemplate(source);
    assertOffsetsPreserved(source, m.masked);
    assert.deepStrictEqual(m.actions.map((a) => a.keyword), ['comment', 'comment']);
    assert.strictEqual(m.masked, ' '.repeat(16) + '\nkind: Job\n' + ' '.repeat(21) + '\n');
  });

  it('masks a half-typed action only to the end of its line', () => {
    const { text, offset } = caret('metadata:\n  name: {{ .Val|\n  annotations:\n    helm.sh/hook: pre-install\n');
    const m = maskTemplate(text);
    assertOffsetsPreserved(text, m.masked);
    assert.strictEqual(m.actions.length, 1);
    assert.ok(m.actions[0].unclosed);
    assert.strictEqual(m.actions[0].end, offset, 'the action ends at the end of its line');
    assert.ok(m.masked.includes('  annotations:\n    helm.sh/hook: pre-install\n'), 'the following lines are still analysable');
  });

  it('keeps CRLF line breaks and masks actions between them', () => {
    const source = 'kind: Job\r\nmetadata:\r\n  name: {{ .Release.Name }}\r\n  labels: {}\r\n';
    const m = maskTemplate(source);
    assertOffsetsPreserved(source, m.masked);
    assert.strictEqual(m.masked.split('\r\n').length, source.split('\r\n').length);
    assert.strictEqual(m.masked.split('\r\n')[2], '  name: ' + ' '.repeat('{{ .Release.Name }}'.length));
  });

  it('keeps tabs outside actions and blanks a tab inside one', () => {
    const source = 'a:\t{{\t.Values.x\t}}\t# c\n';
    const m = maskTemplate(source);
    assertOffsetsPreserved(source, m.masked);
    assert.strictEqual(m.masked, 'a:\t' + ' '.repeat('{{\t.Values.x\t}}'.length) + '\t# c\n');
  });

  it('reads the keyword of trimmed actions ({{- else -}}, {{- end -}})', () => {
    const m = maskTemplate('{{- if .A -}}x{{- else -}}y{{- end -}}');
    assert.deepStrictEqual(m.actions.map((a) => a.keyword), ['if', 'else', 'end']);
    assert.strictEqual(m.blocks.length, 1);
  });

  it('closes an unclosed block at the end of the text', () => {
    const source = '{{ if .A }}\nkind: Job\n';
    const m = maskTemplate(source);
    assert.strictEqual(m.blocks.length, 1);
    assert.strictEqual(m.blocks[0].end, source.length);
    assert.strictEqual(enclosingBlocks(m, source.indexOf('kind')).length, 1);
  });

  it('treats a variable named like a keyword ($end) as an expression', () => {
    const m = maskTemplate('{{ if .A }}{{ $end := 1 }}x{{ end }}');
    assert.deepStrictEqual(m.actions.map((a) => a.keyword), ['if', 'expr', 'end']);
    assert.strictEqual(m.blocks.length, 1);
  });
});
