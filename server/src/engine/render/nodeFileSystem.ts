/** The disk, for the CLI and the server. Unreadable paths read as absent; nothing here throws. */
import * as fs from 'fs';
import type { ChartFileSystem, DirEntry } from './chartFiles';
import { LIMITS } from './chartFiles';

/** Opened without blocking: opening a FIFO with no writer would otherwise wait for one. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);
/** Most templates fit: they are read into it with one positioned read, and decoded from it. */
const SCRATCH_BYTES = 64 * 1024;
let scratch: Buffer | undefined;

/**
 * A file's bytes, read with one positioned read (`pread`) when they fit in the scratch buffer: no `stat` first. A
 * positioned read fails on a FIFO, a socket, a terminal (not seekable) and a directory, so none of them can block or
 * stream; a file that fills the buffer is checked (`fstat`: a regular file within the size limit) before the rest
 * is read. Returns the buffer and the length read.
 */
function readBounded(p: string): [Buffer, number] | undefined {
  const fd = fs.openSync(p, OPEN_FLAGS);
  try {
    const buf = (scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES));
    const n = fs.readSync(fd, buf, 0, SCRATCH_BYTES, 0);
    if (n < SCRATCH_BYTES) return [buf, n];
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > LIMITS.maxArchiveBytes) return undefined;
    const all = Buffer.allocUnsafe(st.size);
    buf.copy(all, 0, 0, n);
    let got = n;
    while (got < all.length) {
      const k = fs.readSync(fd, all, got, all.length - got, got);
      if (k <= 0) break;
      got += k;
    }
    return [all, got];
  } finally {
    fs.closeSync(fd);
  }
}

export const nodeFileSystem: ChartFileSystem = {
  readText(p) {
    try {
      const r = readBounded(p);
      if (!r) return undefined;
      // UTF-8: invalid bytes become replacement characters (as with TextDecoder), and a leading byte-order mark is
      // dropped.
      const text = r[0].toString('utf8', 0, r[1]);
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } catch {
      return undefined;
    }
  },
  readBytes(p) {
    try {
      const r = readBounded(p);
      // The scratch buffer is reused by the next read: its bytes are copied out.
      return r && (r[0] === scratch ? Buffer.from(r[0].subarray(0, r[1])) : r[0].subarray(0, r[1]));
    } catch {
      return undefined;
    }
  },
  listDir(p) {
    try {
      const out: DirEntry[] = [];
      for (const d of fs.readdirSync(p, { withFileTypes: true })) {
        let isDir = d.isDirectory();
        let isFile = d.isFile();
        if (d.isSymbolicLink()) {
          try {
            const st = fs.statSync(`${p}/${d.name}`);
            isDir = st.isDirectory();
            isFile = st.isFile();
          } catch {
            continue; // dangling link
          }
        }
        if (isDir || isFile) out.push({ name: d.name, kind: isDir ? 'dir' : 'file' });
      }
      return out;
    } catch {
      return undefined;
    }
  },
};
