import * as assert from 'assert';
import { parse } from 'yaml';
import { readValuesFast } from '../../server/src/engine/valuesYaml';

/** The fast reader must give exactly what a YAML 1.1 parser gives, or give up. */
function same(text: string): void {
  const fast = readValuesFast(text);
  assert.notStrictEqual(fast, undefined, 'the fast reader should handle this');
  assert.deepStrictEqual(fast, parse(text, { version: '1.1' }) ?? {});
}

describe('extraction: reading values.yaml fast', () => {
  it('reads nested block mappings and sequences, with comments everywhere', () => {
    same('# top\na:\n  b: 1 # one\n  # c is off\n  c: false\nlist:\n  - x\n  - name: y\n    port: 80\n- z\n'.replace('- z\n', ''));
  });

  it('reads a sequence at its key\'s own indentation', () => {
    same('deps:\n- name: a\n  tags:\n  - t1\n- name: b\n');
  });

  it('resolves scalars like YAML 1.1: yes/on/off are booleans, ~ is null, 0x and 0o forms are numbers', () => {
    same('a: yes\nb: Off\nc: ~\nd:\ne: 0x1F\nf: 017\ng: 1_000\nh: .5\ni: -1.5e3\nj: .inf\nk: "yes"\nl: \'it\'\'s\'\nm: 1.0\nn: +12\n');
  });

  it('keeps # inside quotes and inside plain words', () => {
    same('a: "x # y"\nb: \'# z\'\nc: a#b\nurl: http://host:80/#frag\n');
  });

  it('reads block scalars: literal, folded, chomping', () => {
    same('a: |\n  line 1\n\n  line 3\nb: >-\n  folded\n  text\n\n  next\nc: |+\n  keep\n\nd: x\n');
  });

  it('reads a plain scalar that goes on over several lines', () => {
    same('description: A chart that\n  does things\n\n  and more\nname: x\n');
  });

  it('reads one-line flow collections and a value on the next, deeper line', () => {
    same('a: []\nb: {}\nc: [1, "two", {x: y}]\nd:\n  {}\ne:\n  []\n  # trailing comment\n');
  });

  it('reads quoted keys and keys with dots and slashes', () => {
    same('annotations:\n  "helm.sh/hook": pre-install\n  helm.sh/hook-weight: "5"\n  \'single\': 1\n');
  });

  it('gives up on anchors, aliases and tags (the full parser reads them)', () => {
    assert.strictEqual(readValuesFast('a: &x 1\nb: *x\n'), undefined);
    assert.strictEqual(readValuesFast('a: !!str 1\n'), undefined);
  });

  it('gives up on a second document and on tabs used as indentation', () => {
    assert.strictEqual(readValuesFast('a: 1\n---\nb: 2\n'), undefined);
    assert.strictEqual(readValuesFast('a:\n\tb: 1\n'), undefined);
  });

  it('an empty or comment-only file is an empty map', () => {
    assert.deepStrictEqual(readValuesFast('# nothing\n\n'), {});
    assert.deepStrictEqual(readValuesFast(''), {});
  });
});
