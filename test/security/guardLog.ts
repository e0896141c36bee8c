/**
 * What the process guard (processGuard.ts, preloaded into a child with `node --require`) writes, and how a test
 * reads it. Kept apart from the guard itself: importing this file patches nothing.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The child's environment variable naming the file the guard appends its records to (one JSON object a line). */
export const GUARD_LOG_ENV = 'HELM_HOOKS_GUARD_LOG';

/** The compiled preload, next to this file in out/test/security/. */
export const GUARD_PRELOAD = path.join(__dirname, 'processGuard.js');

export interface GuardRecord {
  /** `loaded`: the guard is in place (`target` lists what it wrapped); `network` and `spawn`: a call it saw. */
  kind: 'loaded' | 'network' | 'spawn';
  /** The API called, e.g. `net.Socket.prototype.connect`, `dns.promises.lookup`, `child_process.spawn`. */
  api: string;
  /** The arguments that say where to: host, port, socket path, URL, or the program and its arguments. */
  target: string;
  pid: number;
  /** The caller's frames, so a finding says who did it. */
  stack: string[];
}

/** Every record in the log; an absent log is an empty one (the guard writes `loaded` first thing, so tests check it). */
export function readGuardLog(file: string): GuardRecord[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as GuardRecord);
}

/** The APIs the guard wrapped in its process (from its `loaded` record). */
export function guardedApis(records: readonly GuardRecord[]): string[] {
  const loaded = records.find((r) => r.kind === 'loaded');
  return loaded ? loaded.target.split(',') : [];
}

/** A finding as a reader wants it: the call, where to, and the first frames of who called. */
export function describeRecord(r: GuardRecord): string {
  return `${r.kind} ${r.api}(${r.target}) in pid ${r.pid}\n    ${r.stack.slice(0, 6).join('\n    ')}`;
}
