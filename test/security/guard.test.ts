/**
 * The process guard proves itself before the other security tests lean on it: a child that deliberately connects,
 * resolves names and fetches is caught on every call, a quiet child is not, and the language server itself is
 * caught the moment it is asked for a socket or pipe transport instead of stdio.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { describeRecord, GUARD_LOG_ENV, GUARD_PRELOAD, guardedApis } from './guardLog';
import { runGuardedNode, Sandbox, SERVER_BIN } from './guardedProcess';

/** Each call the child makes, by the name the test expects the guard to record it under. */
const DELIBERATE_CALLS: Record<string, string> = {
  'net.connect': `net.connect(9, '127.0.0.1')`,
  'net.Socket.prototype.connect': `new net.Socket().connect({ path: '/tmp/helm-hooks-guard-test.sock' })`,
  'net.Server.prototype.listen': `net.createServer().listen(0, '127.0.0.1')`,
  'tls.connect': `tls.connect(443, 'example.invalid')`,
  'http.get': `http.get('http://example.invalid/')`,
  'https.request': `https.request({ hostname: 'example.invalid', port: 443 })`,
  'http2.connect': `http2.connect('https://example.invalid')`,
  'dgram.createSocket': `dgram.createSocket('udp4')`,
  'dns.lookup': `dns.lookup('example.invalid', () => {})`,
  'dns.resolve4': `dns.resolve4('example.invalid', () => {})`,
  'dns.Resolver.prototype.resolveTxt': `new dns.Resolver().resolveTxt('example.invalid', () => {})`,
  'dns.promises.lookup': `dns.promises.lookup('example.invalid')`,
  'dns.promises.Resolver.prototype.resolveAny': `new dns.promises.Resolver().resolveAny('example.invalid')`,
  'globalThis.fetch': `fetch('https://example.invalid/')`,
};

const CHILD_SCRIPT = `
const net = require('net'), tls = require('tls'), http = require('http'), https = require('https');
const http2 = require('http2'), dgram = require('dgram'), dns = require('dns'), childProcess = require('child_process');
const calls = ${JSON.stringify(DELIBERATE_CALLS)};
(async () => {
  const outcome = {};
  for (const [name, code] of Object.entries(calls)) {
    try {
      const r = eval(code);
      outcome[name] = r && typeof r.then === 'function' ? await r.then(() => 'went through', (e) => e.code || e.message) : 'went through';
    } catch (e) {
      outcome[name] = e.code || e.message;
    }
  }
  outcome['child_process.spawnSync'] = childProcess.spawnSync('true').status;
  process.stdout.write(JSON.stringify(outcome));
})();
`;

describe('security: the process guard catches what it claims to catch', function () {
  this.timeout(10000);
  let sandbox: Sandbox;
  beforeEach(() => (sandbox = new Sandbox()));
  afterEach(() => sandbox.remove());

  it('records and refuses every deliberate connection, listen, datagram, name lookup and fetch; records and runs a program', () => {
    const script = sandbox.path('deliberate.js');
    fs.writeFileSync(script, CHILD_SCRIPT);
    const run = runGuardedNode(sandbox, script, []);
    assert.strictEqual(run.code, 0, run.stderr);
    const outcome = JSON.parse(run.stdout) as Record<string, string | number>;
    const records = sandbox.records();
    const apis = guardedApis(records);
    console.log(`      the guard wraps ${apis.length} APIs; ${Object.keys(DELIBERATE_CALLS).length} deliberate network calls made`);
    for (const api of Object.keys(DELIBERATE_CALLS)) {
      assert.ok(apis.includes(api), `${api} is among the wrapped APIs`);
      assert.strictEqual(outcome[api], 'EGUARDED', `${api} was refused (got ${String(outcome[api])})`);
      assert.ok(
        records.some((r) => r.kind === 'network' && r.api === api),
        `${api} was recorded; records: ${records.map((r) => r.api).join(', ')}`,
      );
    }
    const lookup = records.find((r) => r.api === 'dns.lookup');
    assert.match(lookup?.target ?? '', /example\.invalid/, 'a record says where the call went');
    assert.ok(lookup?.stack.some((f) => f.includes('deliberate.js')), 'and who made it');
    // Programs are observed, not refused: the trust tests need a permitted helm to really run.
    assert.strictEqual(outcome['child_process.spawnSync'], 0);
    assert.deepStrictEqual(
      records.filter((r) => r.kind === 'spawn').map((r) => [r.api, r.target]),
      [['child_process.spawnSync', '"true"']],
    );
  });

  it('records nothing for a child that only reads files', () => {
    const script = sandbox.path('quiet.js');
    fs.writeFileSync(script, `require('fs').readFileSync(__filename); require('path').join('a', 'b'); process.stdout.write('done');`);
    const run = runGuardedNode(sandbox, script, []);
    assert.strictEqual(run.stdout, 'done', run.stderr);
    assert.strictEqual(sandbox.guardedProcesses(), 1, 'the guard was loaded');
    assert.deepStrictEqual(sandbox.findings().map(describeRecord), []);
  });

  it('will not load without a log to write to, so a guarded run cannot pass unguarded', () => {
    const env = { ...process.env };
    delete env[GUARD_LOG_ENV];
    const r = spawnSync(process.execPath, ['--require', GUARD_PRELOAD, '-e', 'process.stdout.write("ran")'], { encoding: 'utf8', env });
    assert.notStrictEqual(r.status, 0);
    assert.strictEqual(r.stdout, '');
    assert.match(r.stderr, new RegExp(GUARD_LOG_ENV));
  });

  it('catches the language server itself when asked for a pipe or socket transport instead of stdio', () => {
    const pipe = sandbox.path('client.sock');
    runGuardedNode(sandbox, SERVER_BIN, [`--pipe=${pipe}`]);
    runGuardedNode(sandbox, SERVER_BIN, ['--socket=45931']);
    const found = sandbox.findings('network');
    // vscode-jsonrpc's createServerPipeTransport / createServerSocketTransport: net.createConnection(pipe | port, host).
    assert.deepStrictEqual(
      found.map((r) => [r.api, r.target]),
      [
        ['net.createConnection', JSON.stringify(pipe)],
        ['net.createConnection', '45931, "127.0.0.1"'],
      ],
    );
    assert.ok(found.every((r) => r.stack.some((f) => f.includes('vscode-jsonrpc'))), found.map(describeRecord).join('\n'));
  });
});
