/** The disk, for the CLI and the server. Unreadable paths read as absent; nothing here throws. */
import * as fs from 'fs';
import type { ChartFileSystem, DirEntry } from './chartFiles';
import { LIMITS } from './chartFiles';

/** A regular file within the size limit (never a FIFO or a device, which could block or never end). */
function readable(p: string): boolean {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  return !!st && st.isFile() && st.size <= LIMITS.maxArchiveBytes;
}

export const nodeFileSystem: ChartFileSystem = {
  readText(p) {
    try {
      if (!readable(p)) return undefined;
      // UTF-8, decoded natively as it is read: invalid bytes become replacement characters (as with TextDecoder), and
      // a leading byte-order mark is dropped.
      const text = fs.readFileSync(p, 'utf8');
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } catch {
      return undefined;
    }
  },
  readBytes(p) {
    try {
      return readable(p) ? fs.readFileSync(p) : undefined;
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
