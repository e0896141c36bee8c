/**
 * The template parse cache (template/index.ts): one text parsed under several names (a library chart vendored in
 * several subcharts) is parsed once, and each name still sees its own file name in trees and errors, with Go's
 * rules where a {{define}} shares the name of the file.
 */
import * as assert from 'assert';
import { RenderBudget } from '../../server/src/engine/render/budget';
import { FuncTable, GoValue } from '../../server/src/engine/render/goValue';
import { TemplateError, Templates } from '../../server/src/engine/render/template';

const FUNCS: FuncTable = { upper: { params: ['string'], call: (a) => (a[0] as string).toUpperCase() } };
// a text no other test parses, so the first parse below is the one that fills the cache
const TEXT = `{{- define "lib.name" -}}{{ upper .name }}{{- end -}}
{{- define "lib.bad" -}}{{ index .list 5 }}{{- end -}}
top {{ template "lib.name" . }} parse-cache-test-${process.pid}`;

function errorOf(f: () => unknown): TemplateError {
  try {
    f();
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  assert.fail('no error');
}

describe('template parse cache: the same text under another name', () => {
  it('shares the trees of the defines and gives the top-level template the new name', () => {
    const a = new Templates(FUNCS);
    a.parse('a/charts/common/templates/_lib.tpl', TEXT);
    const b = new Templates(FUNCS);
    b.parse('b/charts/common/templates/_lib.tpl', TEXT);
    const budget = new RenderBudget();
    const data = new Map<string, GoValue>([
      ['name', 'x'],
      ['list', [1n]],
    ]);
    assert.strictEqual(b.execute('b/charts/common/templates/_lib.tpl', data, budget), `top X parse-cache-test-${process.pid}`);
    assert.strictEqual(b.has('a/charts/common/templates/_lib.tpl'), false);
    assert.strictEqual(b.tree('lib.name')?.root, a.tree('lib.name')?.root, 'parsed once');
    assert.strictEqual(b.tree('lib.name')?.source.parseName, 'b/charts/common/templates/_lib.tpl');
    assert.strictEqual(a.tree('lib.name')?.source.parseName, 'a/charts/common/templates/_lib.tpl');
    // an execution error in a shared define names the file of the set it ran in (Go's ErrorContext: the ParseName)
    const eb = errorOf(() => b.execute('lib.bad', data, budget));
    assert.strictEqual(eb.message, 'template: b/charts/common/templates/_lib.tpl:2:27: executing "lib.bad" at <index .list 5>: error calling index: index out of range: 5');
    const ea = errorOf(() => a.execute('lib.bad', data, budget));
    assert.strictEqual(ea.message, eb.message.replace('template: b/', 'template: a/'));
    const tb = b.tree('b/charts/common/templates/_lib.tpl');
    assert.strictEqual(tb?.name, 'b/charts/common/templates/_lib.tpl');
    assert.strictEqual(tb?.source.parseName, 'b/charts/common/templates/_lib.tpl');
  });

  it('keeps Go\'s rule when a define has the name of the file: "multiple definition" under that name only', () => {
    const text = `{{ define "two" }}D{{ end }}T ${process.pid}`;
    const one = new Templates(FUNCS);
    one.parse('one', text);
    assert.strictEqual(one.execute('two', null, new RenderBudget()), 'D');
    const two = new Templates(FUNCS);
    const e = errorOf(() => two.parse('two', text));
    assert.strictEqual(e.message, 'template: two:1: template: multiple definition of template "two"');
    // and back: a set parsing it as "three" after "two" failed still gets both trees
    const three = new Templates(FUNCS);
    three.parse('three', text);
    assert.strictEqual(three.execute('three', null, new RenderBudget()), `T ${process.pid}`);
  });

  it('reports a parse error with the name it was parsed under, every time', () => {
    const text = `ok {{ nosuchfunc 1 }} ${process.pid}`;
    const ea = errorOf(() => new Templates(FUNCS).parse('x/a.yaml', text));
    const eb = errorOf(() => new Templates(FUNCS).parse('y/b.yaml', text));
    assert.strictEqual(ea.message, 'template: x/a.yaml:1: function "nosuchfunc" not defined');
    assert.strictEqual(eb.message, 'template: y/b.yaml:1: function "nosuchfunc" not defined');
  });

  it('re-checks the functions a cached text uses against the set that parses it again', () => {
    const text = `{{ upper "a" }} ${process.pid}`;
    new Templates(FUNCS).parse('f/one', text);
    const e = errorOf(() => new Templates({}).parse('f/two', text));
    assert.strictEqual(e.message, 'template: f/two:1: function "upper" not defined');
  });
});
