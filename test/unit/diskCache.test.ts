/**
 * The render worker's disk cache (builtin/diskCache.ts): a file is read from the disk once and again only when its
 * stat changes or the server says it changed; what is not a regular file is never kept.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { StatCachedFileSystem } from '../../server/src/builtin/diskCache';
import { nodeFileSystem } from '../../server/src/engine/render/nodeFileSystem';

describe('render worker: disk cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-diskcache-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a file once while its stat stays the same', () => {
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, 'one: 1\n');
    const c = new StatCachedFileSystem(nodeFileSystem);
    assert.strictEqual(c.readText(file), 'one: 1\n');
    assert.strictEqual(c.readText(file), 'one: 1\n');
    assert.deepStrictEqual(Buffer.from(c.readBytes(file) ?? []).toString(), 'one: 1\n');
    assert.deepStrictEqual(c.stats, { hits: 1, misses: 2 });
  });

  it('reads a file again when it changed on disk, even to text of the same size', () => {
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, 'one: 1\n');
    const c = new StatCachedFileSystem(nodeFileSystem);
    assert.strictEqual(c.readText(file), 'one: 1\n');
    fs.writeFileSync(file, 'two: 2\n');
    // A modification time other than the first, whatever the file system's clock resolution.
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    assert.strictEqual(c.readText(file), 'two: 2\n');
    fs.writeFileSync(file, 'three: 3\n');
    assert.strictEqual(c.readText(file), 'three: 3\n', 'a new size');
  });

  it('a file deleted reads as absent; forget() makes the next read go to the disk', () => {
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, 'one: 1\n');
    const c = new StatCachedFileSystem(nodeFileSystem);
    c.readText(file);
    c.forget(file);
    c.readText(file);
    assert.deepStrictEqual(c.stats, { hits: 0, misses: 2 });
    fs.rmSync(file);
    assert.strictEqual(c.readText(file), undefined);
    assert.strictEqual(c.readBytes(file), undefined);
  });

  it('keeps nothing that is not a regular file', () => {
    const c = new StatCachedFileSystem(nodeFileSystem);
    assert.strictEqual(c.readText(dir), undefined);
    assert.strictEqual(c.readText(dir), undefined);
    assert.deepStrictEqual(c.stats, { hits: 0, misses: 0 });
  });
});
