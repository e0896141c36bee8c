/** A minimal ustar writer, enough to build `charts/*.tgz` subchart archives in tests. */
import { gzipSync } from 'zlib';

function header(name: string, size: number, type: '0' | '5' | 'L'): Buffer {
  const h = Buffer.alloc(512, 0);
  h.write(name.slice(0, 100), 0, 'utf8');
  h.write('0000644\0', 100, 'ascii'); // mode
  h.write('0000000\0', 108, 'ascii'); // uid
  h.write('0000000\0', 116, 'ascii'); // gid
  h.write(size.toString(8).padStart(11, '0') + '\0', 124, 'ascii');
  h.write('00000000000\0', 136, 'ascii'); // mtime
  h.write('        ', 148, 'ascii'); // checksum is computed with spaces here
  h.write(type, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

function padded(data: Buffer): Buffer {
  const rest = data.length % 512;
  return rest ? Buffer.concat([data, Buffer.alloc(512 - rest, 0)]) : data;
}

/** A tar stream of the given files (names longer than 100 bytes use a GNU long-name entry). */
export function tar(files: Record<string, string | Uint8Array>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    if (Buffer.byteLength(name) > 100) {
      const long = Buffer.from(name + '\0', 'utf8');
      parts.push(header('././@LongLink', long.length, 'L'), padded(long));
    }
    parts.push(header(name, data.length, '0'), padded(data));
  }
  parts.push(Buffer.alloc(1024, 0));
  return Buffer.concat(parts);
}

/** A gzip'd tar, like `helm package` writes. */
export function tgz(files: Record<string, string | Uint8Array>): Uint8Array {
  return new Uint8Array(gzipSync(tar(files)));
}
