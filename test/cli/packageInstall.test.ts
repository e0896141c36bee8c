/**
 * The CLI and the language server as an npm package: `npm pack`, then `npm install -g <tarball>` into an empty
 * prefix, as a user without this repository would. Only runtime dependencies come along, and both commands work.
 */
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The environment without what npm exports to the scripts it runs (this test runs inside `npm test`). */
function cleanNpmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) || k === 'NODE' || k === 'INIT_CWD') continue;
    env[k] = v;
  }
  return env;
}

function npm(args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync('npm', ['--loglevel=notice', ...args], { cwd, env: cleanNpmEnv(), encoding: 'utf8', timeout: 180000 });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('npm package: the CLI and the language server install on their own', function () {
  this.timeout(240000);
  let dir: string;
  let prefix: string;
  let pkgDir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-pack-'));
    prefix = path.join(dir, 'prefix');
    // npm test has just built out/: pack it as it is (the prepack build is for a user's own `npm pack`).
    const pack = npm(['pack', '--ignore-scripts', '--pack-destination', dir], ROOT);
    assert.strictEqual(pack.status, 0, pack.out);
    const tarball = fs.readdirSync(dir).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, `npm pack left no tarball in ${dir}: ${pack.out}`);
    const install = npm(['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', path.join(dir, tarball!)], dir);
    assert.strictEqual(install.status, 0, install.out);
    pkgDir = path.join(prefix, 'lib', 'node_modules', 'helm-hooks');
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds the compiled CLI and server but no tests, and installs runtime dependencies only', () => {
    assert.ok(fs.existsSync(path.join(pkgDir, 'out', 'server', 'src', 'cli.js')));
    // The language server's render worker and the renderer's deep-recursion worker, loaded by file name.
    for (const worker of [['builtin', 'chartRenderWorker.js'], ['engine', 'render', 'renderWorker.js']]) {
      assert.ok(fs.existsSync(path.join(pkgDir, 'out', 'server', 'src', ...worker)), worker.join('/'));
    }
    assert.ok(!fs.existsSync(path.join(pkgDir, 'out', 'test')), 'no compiled tests in the package');
    assert.ok(!fs.existsSync(path.join(pkgDir, 'server')), 'no TypeScript sources in the package');
    const deps = fs.readdirSync(path.join(pkgDir, 'node_modules'));
    assert.ok(deps.includes('yaml') && deps.includes('vscode-languageserver'), `runtime dependencies: ${deps}`);
    for (const dev of ['mocha', 'typescript', 'esbuild', '@vscode', 'jsdom', 'fast-check']) assert.ok(!deps.includes(dev), `${dev} is a devDependency`);
  });

  it('helm-hooks lint finds the broken example chart\'s errors and exits 1', () => {
    const r = spawnSync(path.join(prefix, 'bin', 'helm-hooks'), ['lint', '--format', 'json', path.join(ROOT, 'examples', 'broken-chart')], {
      encoding: 'utf8',
      env: { ...cleanNpmEnv(), HELM_HOOKS_CODE_CACHE: 'off' },
    });
    assert.strictEqual(r.status, 1, r.stderr);
    const findings = JSON.parse(r.stdout) as Array<{ code: string; severity: string }>;
    assert.ok(findings.some((f) => f.severity === 'error' && f.code === 'unknown-hook-event'), r.stdout);
  });

  it('helm-hooks order renders with the built-in renderer (no helm on PATH)', () => {
    const r = spawnSync(path.join(prefix, 'bin', 'helm-hooks'), ['order', '--format', 'json', '--release', 'prod', path.join(ROOT, 'examples', 'upgrade-with-backup')], {
      encoding: 'utf8',
      env: { ...cleanNpmEnv(), PATH: path.dirname(process.execPath), HELM_HOOKS_CODE_CACHE: 'off' },
    });
    assert.strictEqual(r.status, 0, r.stderr);
    const o = JSON.parse(r.stdout) as { mode: string; hookCount: number; render: { method: string; release: string }; renderErrors?: unknown[] };
    assert.deepStrictEqual([o.mode, o.render.method, o.render.release, o.renderErrors], ['builtin', 'builtin', 'prod', undefined]);
    assert.ok(o.hookCount > 0, r.stdout);
  });

  it('helm-hooks-language-server --stdio answers initialize over JSON-RPC', async () => {
    const child = spawn(path.join(prefix, 'bin', 'helm-hooks-language-server'), ['--stdio'], { env: { ...cleanNpmEnv(), HELM_HOOKS_CODE_CACHE: 'off' } });
    try {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      const reply = await new Promise<{ id: number; result: { capabilities: Record<string, unknown> } }>((resolve, reject) => {
        let buf = Buffer.alloc(0);
        const timer = setTimeout(() => reject(new Error(`no answer; got: ${buf.toString()}`)), 30000);
        child.stdout.on('data', (d: Buffer) => {
          buf = Buffer.concat([buf, d]);
          const text = buf.toString('utf8');
          const m = /Content-Length: (\d+)\r\n\r\n/.exec(text);
          if (!m) return;
          const start = m.index + m[0].length;
          const bytes = Buffer.from(text.slice(start), 'utf8');
          if (bytes.length < Number(m[1])) return;
          clearTimeout(timer);
          resolve(JSON.parse(bytes.subarray(0, Number(m[1])).toString('utf8')));
        });
        child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
      });
      assert.strictEqual(reply.id, 1);
      assert.ok(reply.result.capabilities.hoverProvider, JSON.stringify(reply.result.capabilities));
      assert.ok(reply.result.capabilities.completionProvider);
    } finally {
      child.kill();
    }
  });
});
