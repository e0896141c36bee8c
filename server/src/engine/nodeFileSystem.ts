/** The disk, for the CLI and the server. Unreadable paths read as absent; nothing here throws. */
import * as fs from 'fs';
import type { ChartFileSystem, DirEntry } from './chartFiles';
import { LIMITS } from './chartFiles';

/** UTF-8 with replacement characters for invalid bytes and a leading byte-order mark dropped; one for every read. */
const decoder = new TextDecoder();

export const nodeFileSystem: ChartFileSystem = {
  readText(p) {
    const b = this.readBytes(p);
    return b ? decoder.decode(b) : undefined;
  },
  readBytes(p) {
    try {
      const st = fs.statSync(p);
      if (!st.isFile() || st.size > LIMITS.maxArchiveBytes) return undefined;
      return fs.readFileSync(p);
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
