import * as assert from 'assert';
import { analyzeOne } from '../helpers/fixtures';

describe('extraction: items of a list annotation', () => {
  it('the span of an item starts where Go\'s TrimSpace leaves it: a byte-order mark stays in the item', () => {
    const text = 'kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: "\ufeffpre-install, post-install"\n';
    const d = analyzeOne(text);
    const [first, second] = d.hook!.items;
    assert.strictEqual(text.slice(first.span.start, first.span.end), '\ufeffpre-install');
    assert.strictEqual(text.slice(second.span.start, second.span.end), 'post-install');
    assert.strictEqual(d.hook!.dropped, true, 'Helm does not know "\\ufeffpre-install"');
  });
});
