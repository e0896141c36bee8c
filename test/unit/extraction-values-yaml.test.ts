import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { coalesceValues, parseValues, subchartValues, UNKNOWN } from '../../server/src/engine/documents/valuesConditions';
import { readValuesFast, topLevelChunks } from '../../server/src/engine/documents/valuesYaml';
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

/** Every corpus file with one of these names (none when ../shared/corpus is absent). */
function corpusFiles(names: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (names.includes(e.name)) files.push(p);
    }
  };
  const charts = path.join(CORPUS, 'charts');
  if (fs.existsSync(charts)) walk(charts);
  return files;
}

describe('extraction: the fast values reader on every values.yaml and Chart.yaml of the corpus', () => {
  const files = corpusFiles(['values.yaml', 'Chart.yaml']);
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

describe('extraction: large values files are read key by key, when a key is first asked for', () => {
  /** A values file over the size read at once, made of plain top-level keys. */
  const big = (body: string) => `${'# a long comment line to make the file large enough to be read lazily\n'.repeat(80)}${body}`;

  it('reads only the key asked for, and gives what the whole file gives', () => {
    const text = big('a:\n  enabled: true\nb:\n  list:\n  - x\n  - y\nc: on\n');
    const v = parseValues(text)!;
    assert.deepStrictEqual(Object.keys(v), ['a', 'b', 'c'], 'every key is there at once, in order');
    assert.ok(Object.getOwnPropertyDescriptor(v, 'b')!.get, 'b is not read yet');
    assert.deepStrictEqual(v.a, { enabled: true });
    assert.ok(Object.getOwnPropertyDescriptor(v, 'b')!.get, 'reading a did not read b');
    assert.strictEqual(Object.getOwnPropertyDescriptor(v, 'a')!.value !== undefined, true, 'a is kept once read');
    assert.deepStrictEqual(v, parse(text, { version: '1.1' }));
  });

  it('cuts only where that is certain: duplicate keys, quoted or YAML 1.1 word keys and a root sequence read the whole file', () => {
    assert.ok(topLevelChunks('a: 1\nb:\n- 2\n'), 'a sequence at its key\'s indent is part of the key');
    assert.strictEqual(topLevelChunks('a: 1\na: 2\n'), undefined);
    assert.strictEqual(topLevelChunks('"a b": 1\n'), undefined);
    assert.strictEqual(topLevelChunks('on: 1\n'), undefined);
    assert.strictEqual(topLevelChunks('- a\n'), undefined);
    assert.strictEqual(topLevelChunks('  x: 1\na: 2\n'), undefined);
    assert.strictEqual(topLevelChunks('a: 1\n---\nb: 2\n'), undefined);
  });

  it('a key its own lines cannot give is read from the whole file, and is UNKNOWN when the file cannot be read', () => {
    const tagged = parseValues(big('a: !!str 5\nb: 1\n'))!;
    assert.strictEqual(tagged.a, '5', 'the full parser reads the tag');
    assert.strictEqual(tagged.b, 1);
    const aliased = parseValues(big('a: &x\n  k: 1\nb: *x\nc: &y 2\nd: [*y]\n'))!;
    assert.deepStrictEqual(aliased, { a: { k: 1 }, b: { k: 1 }, c: 2, d: [2] }, 'an alias of an anchor under another key');
    const broken = parseValues(big('a: [1, 2\nb: 1\n'))!;
    assert.strictEqual(broken.a, UNKNOWN);
  });

  it('coalescing keeps unread keys unread, and writes and deletes through them', () => {
    const own = parseValues(big('a:\n  x: 1\nb:\n  y: 2\nglobal:\n  g: 1\n'))!;
    const merged = coalesceValues({ a: { z: 3 }, b: null }, own);
    assert.deepStrictEqual(merged, { a: { x: 1, z: 3 }, global: { g: 1 } });
    const sub = subchartValues({ sub: { a: { x: 9 } }, global: { h: 2 } }, 'sub', parseValues(big('a:\n  x: 1\nglobal:\n  g: 1\n')));
    assert.deepStrictEqual(sub, { a: { x: 9 }, global: { g: 1, h: 2 } });
  });

  const files = corpusFiles(['values.yaml']);
  it(files.length ? `gives, key by key, what the YAML parser gives for each of the ${files.length} values.yaml of the corpus` : 'key by key against the YAML parser (../shared/corpus is absent: nothing to read)', () => {
    let lazy = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      const v = parseValues(text);
      if (v && Object.keys(v).some((k) => Object.getOwnPropertyDescriptor(v, k)!.get)) lazy++;
      assert.deepStrictEqual(v, parse(text, { version: '1.1', uniqueKeys: false, maxAliasCount: 1000 }) ?? {}, f);
    }
    if (files.length) console.log(`      ${lazy} of ${files.length} read key by key`);
  });
});
