/**
 * The disk as the CLI and the server read it: one positioned read for a file that fits the scratch buffer, a size
 * check before the rest of a bigger one, and nothing that can block (a FIFO) or stream without end.
 */
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LIMITS } from '../../server/src/engine/render/chartFiles';
import { nodeFileSystem } from '../../server/src/engine/render/nodeFileSystem';

describe('nodeFileSystem.readText', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hh-nodefs-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const file = (name: string, data: string | Buffer) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, data);
    return p;
  };

  it('reads small, exactly-64 KiB and larger files whole, multi-byte characters across the buffer edge included', () => {
    for (const size of [0, 1, 65535, 65536, 65537, 200_000]) {
      // 'é' is two bytes: with an odd prefix one of them straddles every 64 KiB boundary.
      const text = ('x' + 'é'.repeat(size)).slice(0, size);
      const p = file(`t${size}.yaml`, text);
      assert.strictEqual(nodeFileSystem.readText(p), text, `size ${size}`);
    }
  });

  it('reads bytes whole, and a result is not changed by the next read', () => {
    const small = file('a.tgz', Buffer.from([1, 2, 3]));
    const large = file('b.tgz', Buffer.alloc(100_000, 7));
    const first = nodeFileSystem.readBytes(small)!;
    const second = nodeFileSystem.readBytes(file('c.tgz', Buffer.from([9, 9, 9, 9])))!;
    assert.deepStrictEqual([...first], [1, 2, 3]);
    assert.deepStrictEqual([...second], [9, 9, 9, 9]);
    assert.ok(Buffer.from(nodeFileSystem.readBytes(large)!).equals(fs.readFileSync(large)));
    assert.strictEqual(nodeFileSystem.readBytes(dir), undefined);
  });

  it('drops a byte-order mark and decodes invalid UTF-8 as TextDecoder does', () => {
    assert.strictEqual(nodeFileSystem.readText(file('bom.yaml', '\ufeffkind: Job\n')), 'kind: Job\n');
    const bad = Buffer.from([0x6b, 0xff, 0xc3, 0x28, 0xe2, 0x82, 0x0a, 0xf0, 0x9f, 0x98, 0x80]);
    assert.strictEqual(nodeFileSystem.readText(file('bad.yaml', bad)), new TextDecoder().decode(bad));
  });

  it('reads a directory, a missing path and a file over the size limit as absent', () => {
    assert.strictEqual(nodeFileSystem.readText(dir), undefined);
    assert.strictEqual(nodeFileSystem.readText(path.join(dir, 'missing.yaml')), undefined);
    // Sparse: no disk space is used.
    const big = path.join(dir, 'big.yaml');
    fs.writeFileSync(big, 'kind: Job\n');
    fs.truncateSync(big, LIMITS.maxArchiveBytes + 1);
    assert.strictEqual(nodeFileSystem.readText(big), undefined);
  });

  it('does not block on a FIFO that nobody writes to', () => {
    const fifo = path.join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    // In a child process: a read that blocks would hang this one (a synchronous call cannot be timed out).
    const script = `const { nodeFileSystem } = require(${JSON.stringify(require.resolve('../../server/src/engine/render/nodeFileSystem'))});
      process.stdout.write(JSON.stringify([nodeFileSystem.readText(process.argv[1]) ?? null, nodeFileSystem.readBytes(process.argv[1]) ?? null]));`;
    const r = spawnSync(process.execPath, ['-e', script, fifo], { timeout: 10_000, encoding: 'utf8' });
    assert.strictEqual(r.signal, null, 'the read blocked');
    assert.strictEqual(r.status, 0, r.stderr);
    assert.deepStrictEqual(JSON.parse(r.stdout), [null, null]);
  });
});
