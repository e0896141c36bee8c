/**
 * The code cache (server/src/node/codeCache.ts) in real node processes: what one run compiles the next one loads;
 * a module whose source changed (even to a text of the same length, which V8's own check lets through) runs its new
 * code; modules still behave as Node loads them; and the cache stays off when asked to or when its folder is unsafe.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CodeCacheStats } from '../../server/src/node/codeCache';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const CODE_CACHE_JS = path.join(REPO_ROOT, 'out', 'server', 'src', 'node', 'codeCache.js');

interface RunReport {
  value: string;
  stats: CodeCacheStats | null;
  filename: string;
  dirname: string;
  resolved: string;
  mainIsRunner: boolean;
  stack: string;
}

describe('code cache: bytecode kept between runs', function () {
  this.timeout(60_000);
  let tmp: string;
  let lib: string;
  let runner: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hh-code-cache-'));
    lib = path.join(tmp, 'lib');
    fs.mkdirSync(lib);
    fs.writeFileSync(
      path.join(lib, 'a.js'),
      [
        "const b = require('./b.js');",
        "exports.value = () => 'first' + b.suffix();",
        'exports.where = { filename: __filename, dirname: __dirname };',
        "exports.resolved = require.resolve('./b.js');",
        'exports.mainIsRunner = require.main === process.mainModule;',
        "exports.fail = () => new Error('from a').stack;",
        '',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(lib, 'b.js'), "exports.suffix = () => '!';\n");
    runner = path.join(tmp, 'run.js');
    fs.writeFileSync(
      runner,
      [
        `const cache = require(${JSON.stringify(CODE_CACHE_JS)});`,
        `cache.enableCodeCache([${JSON.stringify(lib)}]);`,
        `const a = require(${JSON.stringify(path.join(lib, 'a.js'))});`,
        'process.stdout.write(JSON.stringify({ value: a.value(), stats: cache.codeCacheStats() ?? null, ...a.where, resolved: a.resolved, mainIsRunner: a.mainIsRunner, stack: a.fail() }));',
        '',
      ].join('\n'),
    );
  });

  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const run = (cache: string): RunReport => {
    const r = spawnSync(process.execPath, [runner], { encoding: 'utf8', env: { ...process.env, HELM_HOOKS_CODE_CACHE: cache } });
    assert.strictEqual(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as RunReport;
  };
  const entries = (cache: string) => fs.readdirSync(cache, { recursive: true }).filter((f) => String(f).endsWith('.bin'));

  it('writes what a run compiled, and the next run loads it; modules keep their names, require and stack traces', () => {
    const cache = path.join(tmp, 'cache');
    const first = run(cache);
    assert.strictEqual(first.value, 'first!');
    assert.deepStrictEqual([first.stats?.modules, first.stats?.accepted], [2, 0]);
    assert.strictEqual(entries(cache).length, 2, 'one entry per module');
    const second = run(cache);
    assert.strictEqual(second.value, 'first!');
    assert.deepStrictEqual([second.stats?.modules, second.stats?.accepted, second.stats?.stale], [2, 2, 0]);
    assert.strictEqual(second.filename, path.join(lib, 'a.js'));
    assert.strictEqual(second.dirname, lib);
    assert.strictEqual(second.resolved, path.join(lib, 'b.js'));
    assert.ok(second.mainIsRunner, 'require.main is the program');
    assert.match(second.stack, new RegExp(`${path.join(lib, 'a.js').replace(/[\\/.]/g, '\\$&')}:6:`), 'the stack names the module and its line');
  });

  it('runs the new code of a module whose source changed, even to a text of the same length', () => {
    const cache = path.join(tmp, 'cache');
    run(cache);
    const a = path.join(lib, 'a.js');
    const before = fs.readFileSync(a, 'utf8');
    const after = before.replace("'first'", "'other'");
    assert.strictEqual(after.length, before.length);
    fs.writeFileSync(a, after);
    const changed = run(cache);
    assert.strictEqual(changed.value, 'other!');
    assert.deepStrictEqual([changed.stats?.accepted, changed.stats?.stale], [1, 1], 'b.js from the cache, a.js compiled again');
    const next = run(cache);
    assert.strictEqual(next.value, 'other!');
    assert.strictEqual(next.stats?.accepted, 2, 'the changed module was written again');
  });

  it('never hands V8 a damaged entry: one flipped byte, a truncated file, a folder in the way', () => {
    const cache = path.join(tmp, 'cache');
    run(cache);
    const [a, b] = entries(cache).map((f) => path.join(cache, String(f)));
    const bytes = fs.readFileSync(a);
    bytes[bytes.length - 10] ^= 0xff;
    fs.writeFileSync(a, bytes);
    fs.writeFileSync(b, fs.readFileSync(b).subarray(0, 50));
    const damaged = run(cache);
    assert.strictEqual(damaged.value, 'first!');
    assert.deepStrictEqual([damaged.stats?.accepted, damaged.stats?.stale], [0, 2]);
    assert.strictEqual(run(cache).stats?.accepted, 2, 'both entries were written again');
    fs.rmSync(a);
    fs.mkdirSync(a);
    const blocked = run(cache);
    assert.strictEqual(blocked.value, 'first!');
    assert.strictEqual(blocked.stats?.accepted, 1);
  });

  it('stays off with HELM_HOOKS_CODE_CACHE=off, and in a folder others may write to', () => {
    const off = run('off');
    assert.strictEqual(off.value, 'first!');
    assert.strictEqual(off.stats, null);
    if (typeof process.getuid !== 'function') return; // Windows: folder modes mean little there
    const shared = path.join(tmp, 'shared');
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o777);
    const unsafe = run(shared);
    assert.strictEqual(unsafe.value, 'first!');
    assert.strictEqual(unsafe.stats, null, 'a group- or world-writable folder is not used');
    assert.deepStrictEqual(entries(shared), []);
  });

  it('the CLI gives the same answer with its cache cold, warm, and off', () => {
    const cache = path.join(tmp, 'cli-cache');
    const chart = path.join(REPO_ROOT, 'examples', 'upgrade-with-backup');
    const cli = (c: string) => {
      const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'helm-hooks.js'), 'order', chart, '--format', 'json'], {
        encoding: 'utf8',
        env: { ...process.env, HELM_HOOKS_CODE_CACHE: c },
      });
      assert.strictEqual(r.status, 0, r.stderr);
      // The built-in render's time is the one thing that may differ from run to run.
      return r.stdout.replace(/"durationMs": \d+/g, '"durationMs": 0');
    };
    const cold = cli(cache);
    assert.ok(entries(cache).length > 10, `the engine's modules are cached: ${entries(cache).length}`);
    assert.strictEqual(cli(cache), cold);
    assert.strictEqual(cli('off'), cold);
  });
});
