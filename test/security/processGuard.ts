/**
 * A preload for child processes under test: `node --require out/test/security/processGuard.js …` with
 * HELM_HOOKS_GUARD_LOG naming a file. It wraps every Node API that opens a network connection, listens, sends a
 * datagram or resolves a name, and every child_process entry point, and appends one JSON line per call to that
 * file (guardLog.ts reads it).
 *
 * Network calls are recorded and then refused (a thrown error, or a rejected promise for the promise APIs), so a
 * process under test never reaches the network even when it would otherwise swallow the failure. Process calls are
 * recorded and then go through: the trust tests need to see a program that *is* allowed run.
 *
 * The modules are taken with `require`, not `import * as`: TypeScript's import helper copies a CommonJS module's
 * properties into a new object, and patching that copy would patch nothing.
 */
import fs = require('fs');
import childProcess = require('child_process');
import dgram = require('dgram');
import dns = require('dns');
import http = require('http');
import http2 = require('http2');
import https = require('https');
import net = require('net');
import tls = require('tls');
import { GUARD_LOG_ENV, type GuardRecord } from './guardLog';

const logFile = process.env[GUARD_LOG_ENV];
if (!logFile) throw new Error(`processGuard: set ${GUARD_LOG_ENV} to the file the guard writes its records to`);
const LOG: string = logFile;

type Fn = (this: unknown, ...args: unknown[]) => unknown;

/** The parts of an argument that say where a call goes; never the whole object (it may be a socket or an agent). */
function describeArg(a: unknown): string | undefined {
  if (typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean') return JSON.stringify(a);
  if (a instanceof URL) return JSON.stringify(a.href);
  if (Array.isArray(a)) return JSON.stringify(a.filter((x) => typeof x === 'string' || typeof x === 'number'));
  if (typeof a === 'object' && a !== null) {
    const o = a as Record<string, unknown>;
    const picked: Record<string, unknown> = {};
    for (const k of ['host', 'hostname', 'port', 'path', 'url', 'href', 'type', 'protocol']) {
      const v = o[k];
      if (typeof v === 'string' || typeof v === 'number') picked[k] = v;
    }
    return JSON.stringify(picked);
  }
  return undefined; // callbacks and the like
}

function record(kind: GuardRecord['kind'], api: string, args: readonly unknown[]): void {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  const stack = frames.map((f) => f.trim()).filter((f) => !f.includes('processGuard'));
  const target = args.map(describeArg).filter((x): x is string => x !== undefined).join(', ');
  const entry: GuardRecord = { kind, api, target, pid: process.pid, stack: stack.slice(0, 12) };
  fs.appendFileSync(LOG, JSON.stringify(entry) + '\n');
}

const wrapped: string[] = [];

function replace(owner: object, name: string, api: string, make: (original: Fn) => Fn): void {
  const o = owner as Record<string, unknown>;
  const original = o[name];
  if (typeof original !== 'function') return;
  o[name] = make(original as Fn);
  wrapped.push(api);
}

function refused(api: string): Error {
  return Object.assign(new Error(`helm-hooks test guard: ${api} refused (no network in this process)`), { code: 'EGUARDED' });
}

/** A network call: recorded, then refused with a thrown error. */
function refuseSync(owner: object, name: string, api: string): void {
  replace(owner, name, api, () =>
    function guarded(...args: unknown[]): unknown {
      record('network', api, args);
      throw refused(api);
    },
  );
}

/** A promise-returning network call: recorded, then a rejected promise. */
function refuseAsync(owner: object, name: string, api: string): void {
  replace(owner, name, api, () =>
    function guarded(...args: unknown[]): unknown {
      record('network', api, args);
      return Promise.reject(refused(api));
    },
  );
}

/** A process call: recorded, then the original runs. */
function observe(owner: object, name: string, api: string): void {
  replace(owner, name, api, (original) =>
    function guarded(this: unknown, ...args: unknown[]): unknown {
      record('spawn', api, args);
      return original.apply(this, args);
    },
  );
}

// ---- TCP, TLS, Unix sockets and named pipes: every stream connection ends in Socket.prototype.connect ---------------
refuseSync(net, 'connect', 'net.connect');
refuseSync(net, 'createConnection', 'net.createConnection');
refuseSync(net.Socket.prototype, 'connect', 'net.Socket.prototype.connect');
refuseSync(net.Server.prototype, 'listen', 'net.Server.prototype.listen');
refuseSync(tls, 'connect', 'tls.connect');
refuseSync(http, 'request', 'http.request');
refuseSync(http, 'get', 'http.get');
refuseSync(https, 'request', 'https.request');
refuseSync(https, 'get', 'https.get');
refuseSync(http2, 'connect', 'http2.connect');

// ---- UDP ------------------------------------------------------------------------------------------------------------
refuseSync(dgram, 'createSocket', 'dgram.createSocket');
for (const m of ['bind', 'connect', 'send']) refuseSync(dgram.Socket.prototype, m, `dgram.Socket.prototype.${m}`);

// ---- name resolution: the callback API, the promise API, and their Resolver classes -------------------------------
const isDnsQuery = (k: string): boolean => /^(lookup|resolve|reverse)/.test(k);
for (const k of Object.keys(dns).filter(isDnsQuery)) refuseSync(dns, k, `dns.${k}`);
for (const k of Object.getOwnPropertyNames(dns.Resolver.prototype).filter(isDnsQuery)) refuseSync(dns.Resolver.prototype, k, `dns.Resolver.prototype.${k}`);
for (const k of Object.keys(dns.promises).filter(isDnsQuery)) refuseAsync(dns.promises, k, `dns.promises.${k}`);
for (const k of Object.getOwnPropertyNames(dns.promises.Resolver.prototype).filter(isDnsQuery)) {
  refuseAsync(dns.promises.Resolver.prototype, k, `dns.promises.Resolver.prototype.${k}`);
}

// ---- fetch (undici inside Node) -------------------------------------------------------------------------------------
refuseAsync(globalThis, 'fetch', 'globalThis.fetch');

// ---- programs -------------------------------------------------------------------------------------------------------
for (const k of ['spawn', 'execFile', 'exec', 'fork', 'spawnSync', 'execFileSync', 'execSync']) observe(childProcess, k, `child_process.${k}`);

fs.appendFileSync(
  LOG,
  JSON.stringify({ kind: 'loaded', api: 'processGuard', target: wrapped.join(','), pid: process.pid, stack: [] } satisfies GuardRecord) + '\n',
);
