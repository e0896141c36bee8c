/**
 * The disk with the editor's open buffers layered on top: an open (possibly unsaved) buffer wins over the file on
 * disk, and a buffer of a file not yet saved shows up in its folder's listing, so the chart model sees what the
 * user sees.
 */
import type { ChartFileSystem, DirEntry } from './engine/render/chartFiles';

export interface BufferSource {
  getText(): string;
}

export class OverlayFileSystem implements ChartFileSystem {
  private readonly buffers = new Map<string, BufferSource>();

  constructor(private readonly disk: ChartFileSystem) {}

  /** Layers an open document over `path`; the source is read lazily, so later edits need no second call. */
  open(path: string, buffer: BufferSource): void {
    this.buffers.set(path, buffer);
  }

  close(path: string): void {
    this.buffers.delete(path);
  }

  isOpen(path: string): boolean {
    return this.buffers.has(path);
  }

  existsOnDisk(path: string): boolean {
    return this.disk.readBytes(path) !== undefined;
  }

  readText(path: string): string | undefined {
    const b = this.buffers.get(path);
    return b ? b.getText() : this.disk.readText(path);
  }

  readBytes(path: string): Uint8Array | undefined {
    const b = this.buffers.get(path);
    return b ? new TextEncoder().encode(b.getText()) : this.disk.readBytes(path);
  }

  listDir(path: string): DirEntry[] | undefined {
    const listed = this.disk.listDir(path);
    const dir = path.replace(/\/+$/, '') + '/';
    let extra: DirEntry[] | undefined;
    for (const p of this.buffers.keys()) {
      if (!p.startsWith(dir)) continue;
      const rest = p.slice(dir.length);
      if (!rest || rest.includes('/')) continue;
      if (listed?.some((e) => e.name === rest) || extra?.some((e) => e.name === rest)) continue;
      (extra ??= []).push({ name: rest, kind: 'file' });
    }
    if (!extra) return listed;
    return [...(listed ?? []), ...extra];
  }
}
