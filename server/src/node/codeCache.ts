/**
 * V8's code cache for our own modules, kept on disk between runs: the bytecode of every function a run compiled is
 * written when the process ends, and the next process loads it instead of compiling again. A Go binary such as helm
 * starts with its code compiled; without this cache every `helm-hooks` run and every server start compiled each
 * function of the engine on its first call, which was half of a small chart's first analysis.
 *
 * Only files under the given roots are cached (the package's own code and dependencies), never anything of a chart.
 * Each entry is keyed by the module's path and checked against a hash of its source (V8 itself only checks the
 * source's length), so an edited or rebuilt module never runs stale bytecode, and against a hash of its bytecode, so a
 * damaged file is never handed to V8. The cache lives in a folder only this user can write to; anything else (a
 * folder of another user, a file in the way, a write that fails) turns the cache off for the run, silently: it is an
 * optimisation, never a reason to fail.
 *
 * `HELM_HOOKS_CODE_CACHE`: a folder to keep the cache in, or `off`. Default: `<tmpdir>/helm-hooks-<uid>/…`.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import Module = require('module');
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { threadId } from 'worker_threads';

export interface CodeCacheStats {
  dir: string;
  /** Modules compiled through the cache. */
  modules: number;
  /** Of those, the ones whose cached bytecode V8 took. */
  accepted: number;
  /** Entries left unused: another source, or data V8 refused. */
  stale: number;
  /** Entries written when the process ended. */
  written: number;
}

interface Entry {
  script: vm.Script;
  file: string;
  sourceHash: Buffer;
  /** Size of the data loaded, 0 when none was usable. */
  loaded: number;
}

/** Entry layout: magic, sha256 of the module's source, sha256 of the bytecode, the bytecode. */
const MAGIC = Buffer.from('HHC2');
const HASH_BYTES = 32;
const HEAD_BYTES = MAGIC.length + 2 * HASH_BYTES;

const sha256 = (data: string | Buffer): Buffer => crypto.createHash('sha256').update(data).digest();

/**
 * The cache of this thread: its stats, roots (a worker thread started with the same roots shares the folder) and
 * entries. Kept on the thread's global object, not in this module: the bundled extension has a copy of this module in
 * each bundle (dist/server.js turns the cache on, dist/server-main.js asks for its roots), and they are one cache.
 */
interface ThreadCache {
  active?: CodeCacheStats;
  roots?: string[];
  entries?: Entry[];
  flagsSet?: boolean;
}
const THREAD_CACHE = Symbol.for('helm-hooks.codeCache');
const thread: ThreadCache = ((globalThis as unknown as Record<symbol, ThreadCache | undefined>)[THREAD_CACHE] ??= {});

/** What the cache did in this process (undefined when it is off). */
export function codeCacheStats(): CodeCacheStats | undefined {
  return thread.active && { ...thread.active };
}

/** The roots the cache covers in this thread (undefined when it is off): a worker thread enables the same. */
export function codeCacheRoots(): string[] | undefined {
  return thread.roots && [...thread.roots];
}

/**
 * Writes the cache now (what `saveAfterMs` and the process' end do): a worker thread, which the server may terminate
 * without an end of its own, writes after its first job, when the code that job compiled is there to keep.
 */
export function saveCodeCache(): void {
  if (thread.active && thread.entries) save(thread.entries, thread.active);
}

/** The folder the cache uses by default or as `HELM_HOOKS_CODE_CACHE` says; undefined when it is off. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env.HELM_HOOKS_CODE_CACHE;
  if (setting === 'off' || setting === '0') return undefined;
  const version = `v8-${process.versions.v8}-${process.arch}`;
  if (setting) return path.join(setting, version);
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  return path.join(os.tmpdir(), `helm-hooks-${user}`, 'code-cache', version);
}

/**
 * A folder only this user can write to, created if missing: it and each folder above it up to `base` must be a real
 * folder (no link) of this user, not writable by group or others (on Windows, where modes mean little, a folder).
 */
function ownFolder(dir: string, base: string): boolean {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  for (let d = dir; ; d = path.dirname(d)) {
    const st = fs.lstatSync(d);
    if (!st.isDirectory()) return false;
    if (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0)) return false;
    if (d === base || path.dirname(d) === d) return true;
  }
}

/**
 * V8 flags of every process that runs the engine, set by enableCodeCache before anything compiles through the cache
 * (V8 accepts cached bytecode only under the flags it was made with, so all our entry points set the same ones, here).
 * `--interrupt-budget` ×15 (default 67584): V8 optimises a function with TurboFan only after 15× more interpreted
 * work. A render is short and touches many functions: by default a first render spent about half its CPU on
 * optimising functions it barely ran again (BENCHMARKS.md, issue 14, speed round of 09:40).
 */
export const V8_FLAGS = '--interrupt-budget=1000000';

/**
 * Compiles every module under `roots` loaded from now on through the cache. Returns false (and caches nothing)
 * when the cache is off or its folder is not safe to use; V8_FLAGS are set either way. The cache is written when
 * the process ends, and with `saveAfterMs` also that long after this call (a server may never end gracefully: an
 * editor can kill it).
 */
export function enableCodeCache(roots: string[], env: NodeJS.ProcessEnv = process.env, saveAfterMs?: number): boolean {
  if (!thread.flagsSet) {
    v8.setFlagsFromString(V8_FLAGS);
    thread.flagsSet = true;
  }
  if (thread.active) return true;
  const dir = codeCacheDir(env);
  if (!dir || typeof vm.Script.prototype.createCachedData !== 'function') return false;
  try {
    // Checked up to the folder named in the setting, or by default up to `helm-hooks-<uid>` in the shared tmp folder.
    const setting = env.HELM_HOOKS_CODE_CACHE;
    const base = setting ? path.resolve(setting) : path.join(os.tmpdir(), path.relative(os.tmpdir(), dir).split(path.sep)[0]);
    if (!ownFolder(dir, base)) return false;
  } catch {
    return false;
  }
  const stats: CodeCacheStats = { dir, modules: 0, accepted: 0, stale: 0, written: 0 };
  const prefixes = roots.map((r) => path.resolve(r) + path.sep);
  const entries: Entry[] = [];
  const proto = Module.prototype as unknown as { _compile(content: string, filename: string): unknown };
  const compile = proto._compile;
  proto._compile = function (this: Module, content: string, filename: string): unknown {
    if (!prefixes.some((p) => filename.startsWith(p))) return compile.call(this, content, filename);
    const entry = load(dir, filename, content, stats);
    entries.push(entry);
    const wrapper = entry.script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
  };
  thread.active = stats;
  thread.roots = roots.map((r) => path.resolve(r));
  thread.entries = entries;
  process.once('exit', () => save(entries, stats));
  if (saveAfterMs !== undefined) setTimeout(() => save(entries, stats), saveAfterMs).unref();
  return true;
}

function load(dir: string, filename: string, content: string, stats: CodeCacheStats): Entry {
  stats.modules++;
  const file = path.join(dir, `${crypto.createHash('sha1').update(filename).digest('hex')}.bin`);
  const sourceHash = sha256(content);
  let cachedData: Buffer | undefined;
  try {
    const data = fs.readFileSync(file);
    const bytecode = data.subarray(HEAD_BYTES);
    // V8 verifies a code cache's checksum only in debug builds: a damaged entry is never handed to it.
    if (
      data.length > HEAD_BYTES &&
      data.subarray(0, MAGIC.length).equals(MAGIC) &&
      data.subarray(MAGIC.length, MAGIC.length + HASH_BYTES).equals(sourceHash) &&
      data.subarray(MAGIC.length + HASH_BYTES, HEAD_BYTES).equals(sha256(bytecode))
    ) {
      cachedData = bytecode;
    } else stats.stale++;
  } catch {
    // no entry yet
  }
  // A leading `#!` line is no JavaScript inside the wrapper: it becomes a comment, so lines keep their numbers.
  const source = content.startsWith('#!') ? `//${content.slice(2)}` : content;
  const script = new vm.Script(Module.wrap(source), { filename, cachedData });
  let loaded = 0;
  if (cachedData && !script.cachedDataRejected) {
    stats.accepted++;
    loaded = cachedData.length;
  } else if (cachedData) stats.stale++;
  return { script, file, sourceHash, loaded };
}

/**
 * Writes each module's bytecode as this run left it: new entries, and entries this run compiled noticeably more of
 * (a run that read hooks after one that read none). Written to a temporary name and renamed, so that a process
 * starting meanwhile reads the old entry or the new one, never half of one.
 */
function save(entries: Entry[], stats: CodeCacheStats): void {
  for (const e of entries) {
    try {
      const data = e.script.createCachedData();
      if (e.loaded && data.length <= e.loaded * 1.05) continue;
      const tmp = `${e.file}.${process.pid}.${threadId}.tmp`; // the server's thread and its worker share the pid
      fs.writeFileSync(tmp, Buffer.concat([MAGIC, e.sourceHash, sha256(data), data]), { mode: 0o600 });
      fs.renameSync(tmp, e.file);
      e.loaded = data.length;
      stats.written++;
    } catch {
      // a full disk or a folder removed meanwhile: the next run compiles again
    }
  }
}

/** The `require` a module's code gets, as Node builds it for a module it compiles itself. */
function requireFor(mod: Module): NodeJS.Require {
  const req = ((id: string) => mod.require(id)) as NodeJS.Require;
  const internal = Module as unknown as {
    _resolveFilename(request: string, parent: Module, isMain: boolean, options?: { paths?: string[] }): string;
    _resolveLookupPaths(request: string, parent: Module): string[] | null;
    _cache: NodeJS.Require['cache'];
    _extensions: NodeJS.Require['extensions'];
  };
  req.resolve = ((request: string, options?: { paths?: string[] }) => internal._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  req.resolve.paths = (request: string) => internal._resolveLookupPaths(request, mod);
  req.main = require.main;
  req.cache = internal._cache;
  req.extensions = internal._extensions;
  return req;
}
