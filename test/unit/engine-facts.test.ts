import * as assert from 'assert';
import {
  ANNOTATIONS,
  COMMANDS,
  EVENT_NAMES,
  LineIndex,
  goTrimSpace,
  parseHookWeight,
  resolveEvent,
} from '../../server/src/engine';
import { didYouMean, editDistance } from '../../server/src/engine/features/didYouMean';
import { commandOfEvent, goToLower } from '../../server/src/engine/helmFacts';
import { analyzeOne, caret } from '../helpers/fixtures';

describe('engine: Helm facts', () => {
  describe('events', () => {
    it('knows the nine events of Helm 3 and 4', () => {
      assert.deepStrictEqual(
        [...EVENT_NAMES].sort(),
        ['post-delete', 'post-install', 'post-rollback', 'post-upgrade', 'pre-delete', 'pre-install', 'pre-rollback', 'pre-upgrade', 'test'],
      );
    });

    it('resolves an item like Helm: trimmed, lower-cased, test-success as test', () => {
      assert.strictEqual(resolveEvent(' PRE-INSTALL\t'), 'pre-install');
      assert.strictEqual(resolveEvent('test-success'), 'test');
      assert.strictEqual(resolveEvent('crd-install'), undefined);
      assert.strictEqual(resolveEvent(''), undefined);
      assert.strictEqual(resolveEvent('pre_install'), undefined);
    });

    it('trims like Go: a non-breaking space and U+0085 go, a byte-order mark stays', () => {
      assert.strictEqual(goTrimSpace('\u00a0pre-install\u0085'), 'pre-install');
      assert.strictEqual(goTrimSpace('\ufeffpre-install'), '\ufeffpre-install');
      assert.strictEqual(resolveEvent('\ufeffpre-install'), undefined, 'Helm drops a resource whose event starts with a BOM');
    });

    it("lower-cases like Go's strings.ToLower, without special casing", () => {
      assert.strictEqual(goToLower('PRE-\u0130NSTALL'), 'pre-install');
      assert.strictEqual(resolveEvent('PRE-\u0130NSTALL'), 'pre-install');
      assert.strictEqual(goToLower('\u03a3\u03a3'), '\u03c3\u03c3');
    });

    it('maps every event to its command', () => {
      assert.strictEqual(commandOfEvent('pre-delete').name, 'uninstall');
      assert.strictEqual(commandOfEvent('post-rollback').name, 'rollback');
      assert.strictEqual(commandOfEvent('test').name, 'test');
      assert.deepStrictEqual(COMMANDS.map((c) => c.name), ['install', 'upgrade', 'rollback', 'uninstall', 'test']);
    });

    it('documents the five annotations Helm reads', () => {
      assert.deepStrictEqual(ANNOTATIONS.map((a) => a.key), [
        'helm.sh/hook',
        'helm.sh/hook-weight',
        'helm.sh/hook-delete-policy',
        'helm.sh/hook-output-log-policy',
        'helm.sh/resource-policy',
      ]);
    });
  });

  describe("weights as strconv.Atoi reads them", () => {
    const cases: Array<[string, number | 'syntax' | 'range']> = [
      ['5', 5],
      ['+5', 5],
      ['-5', -5],
      ['007', 7],
      ['0', 0],
      ['9223372036854775807', 9223372036854775807],
      ['-9223372036854775808', -9223372036854775808],
      [' 5', 'syntax'],
      ['5 ', 'syntax'],
      ['5.0', 'syntax'],
      ['1e3', 'syntax'],
      ['abc', 'syntax'],
      ['', 'syntax'],
      ['1_000', 'syntax'],
      ['0x10', 'syntax'],
      ['+', 'syntax'],
      ['--5', 'syntax'],
      ['\u0663', 'syntax'],
      ['9223372036854775808', 'range'],
      ['-9223372036854775809', 'range'],
    ];
    for (const [raw, expected] of cases) {
      it(`${JSON.stringify(raw)} → ${expected}`, () => {
        const p = parseHookWeight(raw);
        if (typeof expected === 'number') assert.deepStrictEqual(p, { ok: true, value: expected });
        else assert.deepStrictEqual(p, { ok: false, reason: expected, value: 0 });
      });
    }

    it('a weight Helm cannot parse is 0 in the hook, and marked invalid', () => {
      const d = analyzeOne('kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "5.0"\n');
      assert.strictEqual(d.hook?.weight, 0);
      assert.strictEqual(d.hook?.weightInvalid, true);
    });
  });

  describe('did you mean', () => {
    it('suggests the nearest event for a typo', () => {
      assert.deepStrictEqual(didYouMean('pre-instal', EVENT_NAMES, 1), ['pre-install']);
      assert.deepStrictEqual(didYouMean('post-upgarde', EVENT_NAMES, 1), ['post-upgrade']);
      assert.deepStrictEqual(didYouMean('preinstall', EVENT_NAMES, 1), ['pre-install']);
      assert.deepStrictEqual(didYouMean('pre_install', EVENT_NAMES, 1), ['pre-install']);
    });

    it('suggests nothing for an unrelated word', () => {
      assert.deepStrictEqual(didYouMean('migrate', EVENT_NAMES), []);
      assert.deepStrictEqual(didYouMean('chart', ['hook', 'hook-weight']), []);
    });

    it('counts a swap of neighbours as one edit', () => {
      assert.strictEqual(editDistance('wieght', 'weight'), 1);
      assert.strictEqual(editDistance('abc', 'abc'), 0);
      assert.strictEqual(editDistance('', 'abc'), 3);
    });
  });

  describe('line index', () => {
    it('maps offsets to LSP positions and back', () => {
      const { text, offset, position } = caret('a: 1\nbb: |2\n');
      const li = new LineIndex(text);
      assert.deepStrictEqual(li.positionAt(offset), position);
      assert.deepStrictEqual(position, { line: 1, character: 4 });
      assert.strictEqual(li.offsetAt({ line: 1, character: 4 }), offset);
    });

    it('counts \\r\\n and a lone \\r as one line break each', () => {
      const li = new LineIndex('a\r\nb\rc\nd');
      assert.strictEqual(li.lineCount, 4);
      assert.deepStrictEqual(li.positionAt(3), { line: 1, character: 0 });
      assert.deepStrictEqual(li.positionAt(5), { line: 2, character: 0 });
      assert.strictEqual(li.lineEnd(0), 1, 'the line content ends before \\r\\n');
    });

    it('clamps positions past the end of a line or the text', () => {
      const li = new LineIndex('ab\r\ncd');
      assert.strictEqual(li.offsetAt({ line: 0, character: 99 }), 2);
      assert.strictEqual(li.offsetAt({ line: 9, character: 0 }), 6);
      assert.deepStrictEqual(li.positionAt(99), { line: 1, character: 2 });
      assert.deepStrictEqual(li.positionAt(-1), { line: 0, character: 0 });
    });

    it('counts characters in UTF-16 units, as LSP does', () => {
      const li = new LineIndex('name: 😀x');
      assert.deepStrictEqual(li.positionAt('name: 😀'.length), { line: 0, character: 8 });
    });
  });
});
