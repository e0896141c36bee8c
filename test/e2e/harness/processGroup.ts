/**
 * Every process a test starts runs in its own process group (`detached: true` makes the child call setsid(), so
 * its pid is the group id) and is stopped with the whole group, `kill -TERM -- -PID`, then SIGKILL if it lingers:
 * code-server's extension host and the language server it spawned go with it. Groups still running when the test
 * process exits (a failed `before`, Ctrl+C) are killed by the exit handler below.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';

const running = new Set<ProcessGroup>();

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** stdout and stderr go to this file (appended). */
  logFile?: string;
  /** Keep stdout in memory (read it with `output()`); stderr still goes to the log file. */
  captureStdout?: boolean;
}

export class ProcessGroup {
  readonly pid: number;
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private exitCode: number | null | undefined;
  private stdout = '';

  private constructor(readonly name: string, command: string, args: string[], options: StartOptions) {
    const log = options.logFile ? fs.openSync(options.logFile, 'a') : 'ignore';
    this.child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true, // setsid(): a new session and process group led by the child
      stdio: ['ignore', options.captureStdout ? 'pipe' : log, log],
    });
    if (typeof log === 'number') fs.closeSync(log);
    if (this.child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
    this.pid = this.child.pid;
    this.child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      });
      this.child.on('error', () => {
        this.exitCode = null;
        resolve(null);
      });
    });
  }

  static start(name: string, command: string, args: string[], options: StartOptions = {}): ProcessGroup {
    const group = new ProcessGroup(name, command, args, options);
    running.add(group);
    void group.exited.then(() => {
      if (!group.alive()) running.delete(group);
    });
    return group;
  }

  output(): string {
    return this.stdout;
  }

  /** True while any process of the group is alive (the leader may have exited before its children). */
  alive(): boolean {
    try {
      process.kill(-this.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** The pids and command lines of the group's live processes, from /proc. */
  members(): Array<{ pid: number; ppid: number; args: string }> {
    const out: Array<{ pid: number; ppid: number; args: string }> = [];
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        // pid (comm) state ppid pgrp ...: comm may contain spaces and parentheses, so split after the last ')'.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(fields[2]) !== this.pid) continue;
        const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
        out.push({ pid: Number(entry), ppid: Number(fields[1]), args });
      } catch {
        // the process ended while we looked
      }
    }
    return out;
  }

  /** The TCP addresses ("ip:port") the group's processes listen on, from /proc/net/tcp{,6}. */
  listeningAddresses(): string[] {
    const inodes = new Set<string>();
    for (const { pid } of this.members()) {
      try {
        for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
          const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
          if (m) inodes.add(m[1]);
        }
      } catch {
        // gone, or not ours to read
      }
    }
    const out: string[] = [];
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      let text = '';
      try {
        text = fs.readFileSync(table, 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n').slice(1)) {
        const f = line.trim().split(/\s+/);
        if (f.length < 10 || f[3] !== '0A' || !inodes.has(f[9])) continue; // 0A = LISTEN
        const [hex, port] = f[1].split(':');
        out.push(`${decodeAddress(hex)}:${parseInt(port, 16)}`);
      }
    }
    return out;
  }

  /** SIGTERM to the whole group, SIGKILL after `graceMs` if anything of it is still alive. */
  async stop(graceMs = 5000): Promise<void> {
    signalGroup(this.pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (this.alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (this.alive()) signalGroup(this.pid, 'SIGKILL');
    while (this.alive() && Date.now() < deadline + 2000) await new Promise((r) => setTimeout(r, 50));
    if (this.exitCode === undefined) await Promise.race([this.exited, new Promise((r) => setTimeout(r, 1000))]);
    running.delete(this);
  }
}

/** /proc/net/tcp writes addresses as little-endian hex words: 0100007F is 127.0.0.1. */
function decodeAddress(hex: string): string {
  if (hex.length === 8) return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
  if (hex === '00000000000000000000000001000000') return '::1';
  if (/^0{32}$/.test(hex)) return '::';
  if (hex.startsWith('0000000000000000FFFF0000')) return `::ffff:${decodeAddress(hex.slice(24))}`;
  return hex;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** Groups still registered (for the suites' own leak checks). */
export function runningGroups(): ProcessGroup[] {
  return [...running].filter((g) => g.alive());
}

process.on('exit', () => {
  for (const group of running) signalGroup(group.pid, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const group of running) signalGroup(group.pid, 'SIGKILL');
    process.exit(130);
  });
}
