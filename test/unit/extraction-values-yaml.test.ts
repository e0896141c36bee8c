import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { readValuesFast } from '../../server/src/engine/valuesYaml';
import { CORPUS } from '../fuzz/fuzzKit';

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

  it('reads anchors and aliases of scalars and blocks as the parser does', () => {
    same('a: &x 1\nb: *x\n');
    same('image: &image\n  repository: r\n  tag: "1"\nother:\n  image: *image\nlist:\n  - &p 80\n  - *p\n');
  });

  it('reads YAML 1.1 timestamps and sexagesimal numbers as the parser does', () => {
    same('configs:\n  - from: 2020-09-07\n    store: x\nwhen: 2001-12-14t21:59:43.10-05:00\nsix: 1:30\n');
  });

  it('gives up on tags, merge keys and an alias of an unknown anchor (the full parser reads them)', () => {
    assert.strictEqual(readValuesFast('a: !!str 1\n'), undefined);
    assert.strictEqual(readValuesFast('base: &b\n  x: 1\nc:\n  <<: *b\n  y: 2\n'), undefined);
    assert.strictEqual(readValuesFast('a: *nowhere\n'), undefined);
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

describe('extraction: the fast values reader on every values.yaml and Chart.yaml of the corpus', () => {
  const charts = path.join(CORPUS, 'charts');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'values.yaml' || e.name === 'Chart.yaml') files.push(p);
    }
  };
  if (fs.existsSync(charts)) walk(charts);
  it(files.length ? `gives what the YAML parser gives for each of ${files.length} files, or gives up` : 'compares with the YAML parser (../shared/corpus is absent: nothing to read)', () => {
    let fast = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      const got = readValuesFast(text);
      if (got === undefined) continue;
      fast++;
      assert.deepStrictEqual(got, parse(text, { version: '1.1' }) ?? {}, f);
    }
    if (files.length) console.log(`      ${fast} of ${files.length} read by the fast reader`);
  });
});
