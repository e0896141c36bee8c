/**
 * Builds the VSIX the way a release does (`npm run package`: esbuild --production, then vsce) and checks what is
 * inside: only the bundles, the media, the grammar and the manifest; no sources, tests, build output or
 * node_modules; bundles that need nothing at run time but Node built-ins and `vscode`; under 1 MB.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';
import { inflateRawSync } from 'zlib';
import { diagnosticHeadingLines } from '../../client/src/diagnosticDocs';
import { DIAGNOSTIC_CODES } from '../../server/src/engine/helmFacts';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const vsixPath = path.join(repoRoot, 'helm-hooks.vsix');
const SIZE_LIMIT = 1024 * 1024;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/** Reads a zip's central directory (enough for a VSIX: no zip64, no encryption). */
function zipEntries(zip: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'end of central directory found');
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.strictEqual(zip.readUInt32LE(offset), 0x02014b50, 'central directory header');
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({
      method: zip.readUInt16LE(offset + 10),
      compressedSize: zip.readUInt32LE(offset + 20),
      size: zip.readUInt32LE(offset + 24),
      localHeaderOffset: zip.readUInt32LE(offset + 42),
      name: zip.toString('utf8', offset + 46, offset + 46 + nameLength),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function readEntry(zip: Buffer, entry: ZipEntry): Buffer {
  const local = entry.localHeaderOffset;
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  return entry.method === 0 ? Buffer.from(data) : inflateRawSync(data);
}

/** Module names a bundle still `require`s at run time. */
function runtimeRequires(code: string): string[] {
  const names = new Set<string>();
  for (const m of code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) names.add(m[1]);
  return [...names].sort();
}

const isBuiltin = (name: string) => builtinModules.includes(name.replace(/^node:/, ''));

describe('VSIX package', function () {
  // Bundling three entry points and zipping takes seconds; a cold machine can be slow.
  this.timeout(240000);

  let zip: Buffer;
  let entries: ZipEntry[];
  let files: string[];

  before(() => {
    fs.rmSync(vsixPath, { force: true });
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: 'pipe', env: { ...process.env, CI: 'true' } });
    zip = fs.readFileSync(vsixPath);
    entries = zipEntries(zip);
    files = entries.map((e) => e.name).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
  });

  it('is under 1 MB', () => {
    const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
    console.log(`      helm-hooks.vsix: ${(zip.length / 1024).toFixed(1)} KiB (${files.length} files, ${(unpacked / 1024).toFixed(1)} KiB unpacked)`);
    assert.ok(zip.length < SIZE_LIMIT, `${zip.length} bytes`);
  });

  it('holds the bundles, the codicons, the media, the grammar and the manifest', () => {
    for (const required of [
      'package.json',
      'dist/client.js',
      'dist/server.js',
      'dist/server-main.js',
      'dist/chartRenderWorker.js',
      'dist/chartRenderWorkerCached.js',
      'dist/renderWorker.js',
      'dist/webview.js',
      'dist/codicons/codicon.css',
      'dist/codicons/codicon.ttf',
      'media/panel.css',
      'syntaxes/helm-hooks.injection.json',
    ]) {
      assert.ok(files.includes(required), `${required} is packaged; files: ${files.join(', ')}`);
    }
    assert.ok(files.some((f) => /^LICENSE(\.txt|\.md)?$/i.test(f)), 'a license is packaged');
  });

  it('packs docs/DIAGNOSTICS.md, which the code links open offline, with a section for every code', () => {
    const byName = new Map(entries.map((e) => [e.name, e]));
    const entry = byName.get('extension/docs/DIAGNOSTICS.md');
    assert.ok(entry, `docs/DIAGNOSTICS.md is packaged; files: ${files.join(', ')}`);
    const packaged = readEntry(zip, entry).toString('utf8');
    assert.strictEqual(packaged, fs.readFileSync(path.join(repoRoot, 'docs', 'DIAGNOSTICS.md'), 'utf8'), 'the packaged page is the page');
    const lines = diagnosticHeadingLines(packaged);
    const missing = Object.keys(DIAGNOSTIC_CODES).filter((code) => lines[code] === undefined);
    assert.deepStrictEqual(missing, [], 'every code has its section in the packaged page');
  });

  it("packs every image the README shows, so the Marketplace page isn't broken", () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((p) => !/^https?:/.test(p));
    assert.ok(images.length > 0, 'the README shows screenshots');
    for (const img of images) assert.ok(files.includes(img), `${img} is packaged`);
  });

  it('holds no sources, tests, build output, source maps or node_modules', () => {
    const forbidden = files.filter(
      (f) =>
        f.includes('node_modules/') ||
        /\.(ts|tsx|map)$/.test(f) ||
        /^(test|out|client|server|webview|scripts|examples|bin|\.ci|\.github|\.vscode)\//.test(f) ||
        /(^|\/)(tsconfig[^/]*\.json|\.mocharc[^/]*|esbuild\.js|package-lock\.json|\.vscodeignore|\.gitignore)$/.test(f),
    );
    assert.deepStrictEqual(forbidden, []);
  });

  it('ships bundles that need nothing at run time but Node built-ins and vscode', () => {
    const byName = new Map(entries.map((e) => [e.name, e]));
    const code = (file: string) => readEntry(zip, byName.get(`extension/${file}`)!).toString('utf8');
    assert.deepStrictEqual(runtimeRequires(code('dist/client.js')).filter((m) => m !== 'vscode' && !isBuiltin(m)), []);
    assert.deepStrictEqual(runtimeRequires(code('dist/server.js')).filter((m) => !isBuiltin(m)), []);
    assert.match(code('dist/server.js'), /server-main\.js/, 'the entry loads the server bundle');
    assert.deepStrictEqual(runtimeRequires(code('dist/server-main.js')).filter((m) => !isBuiltin(m)), []);
    // The server's render worker and the renderer's deep-recursion worker, started by file name next to the bundle.
    assert.match(code('dist/server-main.js'), /chartRenderWorker\.js/, 'the server starts its render worker by this name');
    assert.match(code('dist/chartRenderWorker.js'), /renderWorker\.js/, 'the render worker finds the deep-recursion worker by this name');
    assert.deepStrictEqual(runtimeRequires(code('dist/chartRenderWorker.js')).filter((m) => !isBuiltin(m)), []);
    assert.deepStrictEqual(runtimeRequires(code('dist/renderWorker.js')), ['./chartRenderWorker.js'], 'the deep-recursion worker is in the workers\' bundle');
    // With the code cache on, the render worker starts through the cache's own start, which loads the workers' bundle.
    assert.match(code('dist/server-main.js'), /chartRenderWorkerCached\.js/, 'the server knows the cached start by this name');
    assert.match(code('dist/chartRenderWorkerCached.js'), /chartRenderWorker\.js/, 'the cached start loads the workers\' bundle');
    assert.deepStrictEqual(runtimeRequires(code('dist/chartRenderWorkerCached.js')).filter((m) => !isBuiltin(m)), []);
    assert.deepStrictEqual(runtimeRequires(code('dist/webview.js')), [], 'the page runs in a browser: no require at all');
  });

  it("points the packaged manifest's entry, grammar and icons at packaged files", () => {
    const byName = new Map(entries.map((e) => [e.name, e]));
    const manifest = JSON.parse(readEntry(zip, byName.get('extension/package.json')!).toString('utf8'));
    const rel = (p: string) => path.posix.normalize(p.replace(/^\.\//, ''));
    assert.ok(files.includes(rel(manifest.main)), `main ${manifest.main}`);
    for (const g of manifest.contributes.grammars) assert.ok(files.includes(rel(g.path)), `grammar ${g.path}`);
    assert.strictEqual(manifest.engines.vscode, '^1.91.0');
  });
});
