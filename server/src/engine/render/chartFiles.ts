/**
 * File access for the engine. The engine never touches `fs` directly: the CLI reads the disk, the server reads the
 * disk with open editor buffers layered on top, tests use an in-memory map. Subchart archives (`charts/*.tgz`) are
 * read into memory (bounded) and served under the virtual path `<archive>.tgz!/<entry>`.
 */
import { gunzipSync } from 'zlib';

export interface DirEntry {
  name: string;
  kind: 'file' | 'dir';
}

export interface ChartFileSystem {
  readText(path: string): string | undefined;
  readBytes(path: string): Uint8Array | undefined;
  listDir(path: string): DirEntry[] | undefined;
}

/** Limits that keep a hostile chart from hanging or exhausting the engine. */
export const LIMITS = {
  /** Text files larger than this are not analysed. */
  maxFileBytes: 5 * 1024 * 1024,
  /** A subchart archive may not inflate beyond this. */
  maxArchiveBytes: 64 * 1024 * 1024,
  /** Files looked at per chart (templates and subcharts together). */
  maxFilesPerChart: 20000,
  /** Subchart nesting. */
  maxDepth: 8,
};

export const ARCHIVE_SEPARATOR = '!/';

/** Reads a tar stream (ustar, pax and GNU long names) into a map of entry name → bytes. Regular files only. */
export function readTar(data: Uint8Array, maxEntries = LIMITS.maxFilesPerChart): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  let off = 0;
  let longName: string | undefined;
  const dec = new TextDecoder();
  const field = (o: number, len: number) => {
    const b = data.subarray(o, o + len);
    const z = b.indexOf(0);
    return dec.decode(z < 0 ? b : b.subarray(0, z));
  };
  while (off + 512 <= data.length && out.size < maxEntries) {
    if (data[off] === 0) break;
    let name = field(off, 100);
    const size = parseInt(field(off + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(data[off + 156] || 48);
    const magic = field(off + 257, 6);
    const prefix = magic.startsWith('ustar') ? field(off + 345, 155) : '';
    if (prefix) name = `${prefix}/${name}`;
    if (!Number.isFinite(size) || size < 0) break;
    const body = data.subarray(off + 512, off + 512 + size);
    if (type === 'L') {
      longName = field(off + 512, size).replace(/\0+$/, '');
    } else if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(dec.decode(body));
      if (m) longName = m[1];
    } else if (type === '0' || type === '\0' || type === '7') {
      out.set(longName ?? name, body);
      longName = undefined;
    } else {
      longName = undefined;
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** Wraps a file system so that `x.tgz!/entry` paths read from the (gzip'd tar) archive `x.tgz`. */
export function withArchives(base: ChartFileSystem): ChartFileSystem {
  const archives = new Map<string, Map<string, Uint8Array> | null>();
  const open = (archive: string): Map<string, Uint8Array> | null => {
    if (archives.has(archive)) return archives.get(archive)!;
    let entries: Map<string, Uint8Array> | null = null;
    try {
      const bytes = base.readBytes(archive);
      if (bytes) entries = readTar(gunzipSync(bytes, { maxOutputLength: LIMITS.maxArchiveBytes }));
    } catch {
      entries = null; // not gzip, truncated, or a zip bomb past the limit: treated as no subchart
    }
    archives.set(archive, entries);
    return entries;
  };
  const split = (p: string): [string, string] | undefined => {
    const i = p.indexOf(ARCHIVE_SEPARATOR);
    return i < 0 ? undefined : [p.slice(0, i), p.slice(i + ARCHIVE_SEPARATOR.length)];
  };
  return {
    readBytes(p) {
      const s = split(p);
      if (!s) return base.readBytes(p);
      return open(s[0])?.get(s[1]);
    },
    readText(p) {
      const s = split(p);
      if (!s) return base.readText(p);
      const b = open(s[0])?.get(s[1]);
      return b ? new TextDecoder().decode(b) : undefined;
    },
    listDir(p) {
      const s = split(p);
      if (!s) return base.listDir(p);
      const entries = open(s[0]);
      if (!entries) return undefined;
      const dir = s[1] === '' ? '' : s[1].replace(/\/?$/, '/');
      const seen = new Map<string, DirEntry>();
      for (const name of entries.keys()) {
        if (!name.startsWith(dir)) continue;
        const rest = name.slice(dir.length);
        if (!rest) continue;
        const slash = rest.indexOf('/');
        const child = slash < 0 ? rest : rest.slice(0, slash);
        if (!seen.has(child)) seen.set(child, { name: child, kind: slash < 0 ? 'file' : 'dir' });
      }
      return [...seen.values()];
    },
    invalidate(p: string) {
      archives.delete(p);
    },
  } as ChartFileSystem & { invalidate(p: string): void };
}

export function joinPath(dir: string, name: string): string {
  if (dir.endsWith('/') || dir.endsWith(ARCHIVE_SEPARATOR)) return dir + name;
  return `${dir}/${name}`;
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** An in-memory file system (tests, fuzzing, the benchmark's generated charts). */
export function memoryFileSystem(files: Record<string, string | Uint8Array>): ChartFileSystem {
  const norm = (p: string) => p.replace(/\/+$/, '');
  return {
    readText(p) {
      const v = files[norm(p)];
      return typeof v === 'string' ? v : v ? new TextDecoder().decode(v) : undefined;
    },
    readBytes(p) {
      const v = files[norm(p)];
      return typeof v === 'string' ? new TextEncoder().encode(v) : v;
    },
    listDir(p) {
      const dir = norm(p) + '/';
      const seen = new Map<string, DirEntry>();
      for (const name of Object.keys(files)) {
        if (!name.startsWith(dir)) continue;
        const rest = name.slice(dir.length);
        const slash = rest.indexOf('/');
        const child = slash < 0 ? rest : rest.slice(0, slash);
        if (child && !seen.has(child)) seen.set(child, { name: child, kind: slash < 0 ? 'file' : 'dir' });
      }
      return seen.size ? [...seen.values()] : undefined;
    },
  };
}
