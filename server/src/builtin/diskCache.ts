/**
 * The render worker's view of the disk: what a file held the last time it was read, kept while the file's `stat`
 * (size, modification time, inode) stays the same. Every render reads every file of the chart (Helm loads the whole
 * chart); most of them have not changed since the previous render, and a `stat` costs less than opening, reading and
 * decoding the file again. A file whose `stat` changed, or that the server says changed (a watcher event), is read
 * again; anything that is not a regular file is never kept. Bounded: past `maxBytes` of kept content the cache starts
 * over.
 */
import * as fs from 'fs';
import type { ChartFileSystem, DirEntry } from '../engine/render/chartFiles';

interface Kept<T> {
  size: number;
  mtimeNs: bigint;
  ino: bigint;
  value: T;
}

export class StatCachedFileSystem implements ChartFileSystem {
  private readonly texts = new Map<string, Kept<string>>();
  private readonly bytes = new Map<string, Kept<Uint8Array>>();
  private kept = 0;
  /** Reads answered from the cache, and reads that went to the disk (tests, traces). */
  readonly stats = { hits: 0, misses: 0 };

  constructor(
    private readonly disk: ChartFileSystem,
    private readonly maxBytes = 256 * 1024 * 1024,
  ) {}

  /** The file changed (or went away): its next read goes to the disk. */
  forget(path: string): void {
    this.texts.delete(path);
    this.bytes.delete(path);
  }

  readText(path: string): string | undefined {
    return this.read(this.texts, path, () => this.disk.readText(path), (t) => t.length);
  }

  readBytes(path: string): Uint8Array | undefined {
    return this.read(this.bytes, path, () => this.disk.readBytes(path), (b) => b.length);
  }

  listDir(path: string): DirEntry[] | undefined {
    return this.disk.listDir(path);
  }

  private read<T>(map: Map<string, Kept<T>>, path: string, load: () => T | undefined, size: (v: T) => number): T | undefined {
    let st: fs.BigIntStats | undefined;
    try {
      st = fs.statSync(path, { bigint: true, throwIfNoEntry: false });
    } catch {
      st = undefined;
    }
    if (!st || !st.isFile()) {
      map.delete(path);
      return load();
    }
    const k = map.get(path);
    if (k && k.mtimeNs === st.mtimeNs && k.ino === st.ino && k.size === Number(st.size)) {
      this.stats.hits++;
      return k.value;
    }
    this.stats.misses++;
    const value = load();
    if (value === undefined) {
      map.delete(path);
      return undefined;
    }
    // Kept only when the file did not change while it was read.
    let after: fs.BigIntStats | undefined;
    try {
      after = fs.statSync(path, { bigint: true, throwIfNoEntry: false });
    } catch {
      after = undefined;
    }
    if (after && after.mtimeNs === st.mtimeNs && after.size === st.size && after.ino === st.ino) {
      if (this.kept > this.maxBytes) {
        this.texts.clear();
        this.bytes.clear();
        this.kept = 0;
      }
      map.set(path, { size: Number(st.size), mtimeNs: st.mtimeNs, ino: st.ino, value });
      this.kept += size(value);
    } else map.delete(path);
    return value;
  }
}
