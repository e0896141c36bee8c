/**
 * Sprig's crypto.go: bcrypt/htpasswd (x/crypto/bcrypt over our own Blowfish), derivePassword (Master Password:
 * scrypt + HMAC-SHA256), encryptAES/decryptAES (AES-256-CBC), genPrivateKey, and the certificate functions
 * (genCA…, buildCustomCert) — real keys from Node's crypto and X.509 certificates written as DER here, with the
 * template Go's x509.CreateCertificate builds from Sprig's getBaseCertTemplate.
 */
import * as crypto from 'crypto';
import { FuncTable, GoError, GoPanic, GoStruct, GoValue, GoArgTypeError } from '../goValue';
import { bcryptHash } from './bcrypt';
import { costlyFunction } from '../budget';
import { base64Decode, bytesToString } from './encoding';
import { generateRsaKey } from './rsaKeygen';

// ---------- DER ----------

function derLen(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n >>>= 8;
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLen(body.length), body]);
}

const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const octets = (b: Buffer): Buffer => tlv(0x04, b);
const bitString = (b: Buffer, unused = 0): Buffer => tlv(0x03, Buffer.concat([Buffer.from([unused]), b]));
const derNull = Buffer.from([0x05, 0x00]);
const derTrue = Buffer.from([0x01, 0x01, 0xff]);

function derInt(v: bigint): Buffer {
  if (v === 0n) return Buffer.from([0x02, 0x01, 0x00]);
  let hex = v.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let b = Buffer.from(hex, 'hex');
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

function oid(s: string): Buffer {
  const parts = s.split('.').map(Number);
  const out: number[] = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const bytes: number[] = [p & 0x7f];
    let x = Math.floor(p / 128);
    while (x > 0) {
      bytes.unshift((x & 0x7f) | 0x80);
      x = Math.floor(x / 128);
    }
    out.push(...bytes);
  }
  return tlv(0x06, Buffer.from(out));
}

interface Der {
  tag: number;
  start: number; // of the TLV
  body: number;
  end: number;
}

function readDer(b: Buffer, at: number): Der {
  if (at + 2 > b.length) throw new Error('truncated');
  const tag = b[at];
  let len = b[at + 1];
  let body = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[body + i];
    body += n;
  }
  if (body + len > b.length) throw new Error('truncated');
  return { tag, start: at, body, end: body + len };
}

function children(b: Buffer, d: Der): Der[] {
  const out: Der[] = [];
  for (let p = d.body; p < d.end; ) {
    const c = readDer(b, p);
    out.push(c);
    p = c.end;
  }
  return out;
}

const derBigInt = (b: Buffer, d: Der): bigint => BigInt('0x' + (b.subarray(d.body, d.end).toString('hex') || '0'));

// ---------- PEM (encoding/pem) ----------

export function pemEncode(type: string, der: Buffer): string {
  const b64 = der.toString('base64');
  let out = `-----BEGIN ${type}-----\n`;
  for (let i = 0; i < b64.length; i += 64) out += b64.slice(i, i + 64) + '\n';
  return out + `-----END ${type}-----\n`;
}

/** pem.Decode, simplified: the first block (type and bytes), or null. */
export function pemDecode(text: string): { type: string; der: Buffer } | null {
  const m = /-----BEGIN ([^\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return null;
  const body = m[2]
    .split(/\r?\n/)
    .filter((l) => !l.includes(':'))
    .join('');
  const dec = base64Decode(body.replace(/\s+/g, ''));
  if (typeof dec === 'string') return null;
  return { type: m[1], der: Buffer.from(dec) };
}

// ---------- keys ----------

interface Key {
  kind: 'rsa' | 'ecdsa' | 'ed25519' | 'dsa';
  priv: crypto.KeyObject;
  pub: crypto.KeyObject;
  /** the PEM block Sprig's pemBlockForKey writes */
  pem: string;
}

function dsaPem(priv: crypto.KeyObject, pub: crypto.KeyObject): string {
  // Sprig's DSAKeyFormat: SEQUENCE { version 0, P, Q, G, Y, X }
  const p8 = priv.export({ type: 'pkcs8', format: 'der' });
  const top = readDer(p8, 0);
  const [, alg, keyOct] = children(p8, top);
  const params = children(p8, children(p8, alg)[1]);
  const [P, Q, G] = params.map((d) => derBigInt(p8, d));
  const X = derBigInt(p8, readDer(p8, keyOct.body));
  const spki = pub.export({ type: 'spki', format: 'der' });
  const bits = children(spki, readDer(spki, 0))[1];
  const Y = derBigInt(spki, readDer(spki, bits.body + 1));
  return pemEncode('DSA PRIVATE KEY', seq(derInt(0n), derInt(P), derInt(Q), derInt(G), derInt(Y), derInt(X)));
}

function keyFromPrivate(priv: crypto.KeyObject): Key {
  const pub = crypto.createPublicKey(priv);
  switch (priv.asymmetricKeyType) {
    case 'rsa':
      return { kind: 'rsa', priv, pub, pem: pemEncode('RSA PRIVATE KEY', priv.export({ type: 'pkcs1', format: 'der' })) };
    case 'ec':
      return { kind: 'ecdsa', priv, pub, pem: pemEncode('EC PRIVATE KEY', priv.export({ type: 'sec1', format: 'der' })) };
    case 'ed25519':
      return { kind: 'ed25519', priv, pub, pem: pemEncode('PRIVATE KEY', priv.export({ type: 'pkcs8', format: 'der' })) };
    case 'dsa':
      return { kind: 'dsa', priv, pub, pem: dsaPem(priv, pub) };
  }
  throw new GoError(`unable to get public key for type ${priv.asymmetricKeyType}`);
}

function generateKey(typ: string): Key | string {
  switch (typ) {
    case '':
    case 'rsa':
      return keyFromPrivate(generateRsaKey(4096));
    case 'dsa':
      return keyFromPrivate(crypto.generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey);
    case 'ecdsa':
      return keyFromPrivate(crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);
    case 'ed25519':
      return keyFromPrivate(crypto.generateKeyPairSync('ed25519').privateKey);
  }
  return 'Unknown type ' + typ;
}

function rsa2048(): Key {
  return keyFromPrivate(generateRsaKey(2048));
}

/** crypto.go parsePrivateKeyPEM, with its error texts. */
function parsePrivateKeyPEM(text: string): Key {
  const block = pemDecode(text);
  if (!block) throw new GoError('no PEM data in input');
  const load = (type: 'pkcs8' | 'pkcs1' | 'sec1', what: string): Key => {
    try {
      return keyFromPrivate(crypto.createPrivateKey({ key: block.der, format: 'der', type }));
    } catch (e) {
      throw new GoError(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  if (block.type === 'PRIVATE KEY') return load('pkcs8', 'decoding PEM as PKCS#8');
  if (!block.type.endsWith(' PRIVATE KEY')) throw new GoError(`no private key data in PEM block of type ${block.type}`);
  switch (block.type.slice(0, -12)) {
    case 'RSA':
      return load('pkcs1', 'parsing RSA private key from PEM');
    case 'EC':
      return load('sec1', 'parsing EC private key from PEM');
    case 'DSA': {
      try {
        const top = readDer(block.der, 0);
        const [, P, Q, G, , X] = children(block.der, top).map((d) => derBigInt(block.der, d));
        const p8 = seq(derInt(0n), seq(oid('1.2.840.10040.4.1'), seq(derInt(P), derInt(Q), derInt(G))), octets(derInt(X)));
        return keyFromPrivate(crypto.createPrivateKey({ key: p8, format: 'der', type: 'pkcs8' }));
      } catch (e) {
        throw new GoError(`parsing DSA private key from PEM: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  throw new GoError(`invalid private key type ${block.type}`);
}

// ---------- certificates ----------

const OID_CN = '2.5.4.3';

function isPrintable(s: string): boolean {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s);
}

function nameDer(cn: string): Buffer {
  if (cn === '') return seq();
  const value = isPrintable(cn) ? tlv(0x13, Buffer.from(cn, 'latin1')) : tlv(0x0c, Buffer.from(cn, 'utf8'));
  return seq(set(seq(oid(OID_CN), value)));
}

function derTime(ms: number): Buffer {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const y = d.getUTCFullYear();
  const p = (n: number): string => String(n).padStart(2, '0');
  const rest = p(d.getUTCMonth() + 1) + p(d.getUTCDate()) + p(d.getUTCHours()) + p(d.getUTCMinutes()) + p(d.getUTCSeconds()) + 'Z';
  if (y >= 1950 && y < 2050) return tlv(0x17, Buffer.from(p(y % 100) + rest, 'latin1'));
  return tlv(0x18, Buffer.from(String(y).padStart(4, '0') + rest, 'latin1'));
}

function sigAlg(k: Key): Buffer {
  switch (k.kind) {
    case 'rsa':
      return seq(oid('1.2.840.113549.1.1.11'), derNull);
    case 'ecdsa':
      return seq(oid('1.2.840.10045.4.3.2'));
    case 'ed25519':
      return seq(oid('1.3.101.112'));
  }
  throw new GoError('error creating certificate: x509: certificate private key does not implement crypto.Signer');
}

function sign(k: Key, tbs: Buffer): Buffer {
  if (k.kind === 'ed25519') return crypto.sign(null, tbs, k.priv);
  return crypto.sign('sha256', tbs, k.priv);
}

function ext(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(oid(id), derTrue, octets(value)) : seq(oid(id), octets(value));
}

/** net.ParseIP → the 4- or 16-byte form x509 writes (To4 when it is IPv4). */
function parseIP(s: string): Buffer | null {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) {
    const b = v4.slice(1).map((x) => (x.length > 1 && x[0] === '0' ? 256 : Number(x)));
    if (b.some((x) => x > 255)) return null;
    return Buffer.from(b);
  }
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return null;
  let head = s;
  let tail4: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const ip4 = parseIP(s.slice(lastColon + 1));
    if (!ip4 || ip4.length !== 4) return null;
    tail4 = [...ip4];
    head = s.slice(0, lastColon + 1) + '0:0';
  }
  const dbl = head.split('::');
  if (dbl.length > 2) return null;
  const grp = (x: string): number[] | null => {
    if (x === '') return [];
    const out: number[] = [];
    for (const g of x.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const a = grp(dbl[0]);
  const b = dbl.length === 2 ? grp(dbl[1]) : [];
  if (!a || !b) return null;
  let groups: number[];
  if (dbl.length === 2) {
    if (a.length + b.length > 7) return null;
    groups = [...a, ...new Array(8 - a.length - b.length).fill(0), ...b];
  } else {
    if (a.length !== 8) return null;
    groups = a;
  }
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  if (tail4.length) Buffer.from(tail4).copy(out, 12);
  // To4: ::ffff:a.b.c.d
  if (out.subarray(0, 10).every((x) => x === 0) && out[10] === 0xff && out[11] === 0xff) return out.subarray(12);
  return out;
}

interface Template {
  cn: string;
  ips: Buffer[];
  dns: string[];
  days: bigint;
  isCA: boolean;
}

function getNetIPs(v: GoValue): Buffer[] {
  if (v === null) return [];
  const arr = v as GoValue[];
  return arr.map((ip) => {
    if (typeof ip !== 'string') throw new GoError(`error parsing ip: ${goFmtV(ip)} is not a string`);
    const b = parseIP(ip);
    if (!b) throw new GoError(`error parsing ip: ${ip}`);
    return b;
  });
}

function getDNS(v: GoValue): string[] {
  if (v === null) return [];
  return (v as GoValue[]).map((d) => {
    if (typeof d !== 'string') throw new GoError(`error processing alternate dns name: ${goFmtV(d)} is not a string`);
    return d;
  });
}

/** %v of the simple values that reach these messages. */
function goFmtV(v: GoValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'number' && v !== 0 && isFinite(v)) {
    const exp = Math.floor(Math.log10(Math.abs(v)));
    if (exp < -4 || exp >= 21) {
      const [m, e] = v.toExponential().split('e');
      const n = Math.abs(Number(e));
      return `${m}e${Number(e) < 0 ? '-' : '+'}${n < 10 ? '0' + n : n}`;
    }
  }
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string') return String(v);
  return String(v);
}

interface Parent {
  subject: Buffer;
  skid: Buffer | null;
  pubSpki: Buffer;
}

function buildCert(t: Template, subjectKey: Key, parent: Parent | null, signer: Key): string {
  // x509.CreateCertificate's checks, in its order
  if (signer.kind === 'dsa') throw new GoError('error creating certificate: x509: certificate private key does not implement crypto.Signer');
  if (subjectKey.kind === 'dsa') throw new GoError('error creating certificate: x509: unsupported public key type: *dsa.PublicKey');
  const spki = subjectKey.pub.export({ type: 'spki', format: 'der' });
  const subject = nameDer(t.cn);
  const issuer = parent ? parent.subject : subject;
  const serial = BigInt('0x' + crypto.randomBytes(16).toString('hex'));
  const now = Date.now();
  const notAfter = now + Number(t.days) * 86400000;
  const exts: Buffer[] = [];
  // KeyUsage: DigitalSignature | KeyEncipherment (| CertSign for a CA), as a minimal BIT STRING
  exts.push(ext('2.5.29.15', true, t.isCA ? bitString(Buffer.from([0xa4]), 2) : bitString(Buffer.from([0xa0]), 5)));
  exts.push(ext('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2'))));
  exts.push(ext('2.5.29.19', true, t.isCA ? seq(derTrue) : seq()));
  let skid: Buffer | null = null;
  if (t.isCA) {
    const bits = children(spki, readDer(spki, 0))[1];
    skid = crypto.createHash('sha1').update(spki.subarray(bits.body + 1, bits.end)).digest();
    exts.push(ext('2.5.29.14', false, octets(skid)));
  }
  if (parent && !parent.subject.equals(subject) && parent.skid) {
    exts.push(ext('2.5.29.35', false, seq(tlv(0x80, parent.skid))));
  }
  if (t.dns.length > 0 || t.ips.length > 0) {
    const names = [...t.dns.map((d) => tlv(0x82, Buffer.from(d, 'utf8'))), ...t.ips.map((ip) => tlv(0x87, ip))];
    exts.push(ext('2.5.29.17', t.cn === '', seq(...names)));
  }
  const alg = sigAlg(signer);
  const tbs = seq(
    tlv(0xa0, derInt(2n)),
    derInt(serial),
    alg,
    issuer,
    seq(derTime(now), derTime(notAfter)),
    subject,
    spki,
    tlv(0xa3, seq(...exts)),
  );
  return pemEncode('CERTIFICATE', seq(tbs, alg, bitString(sign(signer, tbs))));
}

/** The subject, SubjectKeyId and key of a CA certificate (what CreateCertificate takes from `parent`). */
function parseParent(der: Buffer): Parent {
  const top = readDer(der, 0);
  const tbs = children(der, top)[0];
  const f = children(der, tbs);
  let i = 0;
  if (f[0].tag === 0xa0) i = 1;
  const subject = der.subarray(f[i + 4].start, f[i + 4].end);
  const pubSpki = der.subarray(f[i + 5].start, f[i + 5].end);
  let skid: Buffer | null = null;
  const extsWrap = f.find((x) => x.tag === 0xa3);
  if (extsWrap) {
    for (const e of children(der, readDer(der, extsWrap.body))) {
      const parts = children(der, e);
      const id = der.subarray(parts[0].body, parts[0].end).toString('hex');
      if (id === '551d0e') {
        const val = parts[parts.length - 1];
        const inner = readDer(der, val.body);
        skid = Buffer.from(der.subarray(inner.body, inner.end));
      }
    }
  }
  return { subject: Buffer.from(subject), skid, pubSpki: Buffer.from(pubSpki) };
}

const CERT_TYPE = 'sprig.certificate';
const GO_KINDS: Record<string, string> = { string: 'string', boolean: 'bool', number: 'float64', bigint: 'int' };

function certificate(cert: string, key: string): GoStruct {
  return new GoStruct(
    CERT_TYPE,
    new Map<string, GoValue>([
      ['Cert', cert],
      ['Key', key],
    ]),
  );
}

function certArg(v: GoValue): { cert: string; key: string } {
  if (!(v instanceof GoStruct) || v.typeName !== CERT_TYPE) {
    const got =
      v instanceof GoStruct ? v.typeName : v instanceof Map ? 'map[string]interface {}' : Array.isArray(v) ? '[]interface {}' : v === null ? 'nil' : GO_KINDS[typeof v] ?? typeof v;
    throw new GoArgTypeError(`wrong type for value; expected sprig.certificate; got ${got}`);
  }
  return { cert: v.fields.get('Cert') as string, key: v.fields.get('Key') as string };
}

function withPemKey(privPEM: string): Key {
  try {
    return parsePrivateKeyPEM(privPEM);
  } catch (e) {
    if (e instanceof GoError) throw new GoError(`parsing private key: ${e.message}`);
    throw e;
  }
}

function selfSigned(cn: string, ips: GoValue, dns: GoValue, days: bigint, key: Key, isCA: boolean): GoStruct {
  const t: Template = { cn, ips: isCA ? [] : getNetIPs(ips), dns: isCA ? [] : getDNS(dns), days, isCA };
  return certificate(buildCert(t, key, null, key), key.pem);
}

function signed(cn: string, ips: GoValue, dns: GoValue, days: bigint, ca: GoValue, key: Key): GoStruct {
  const c = certArg(ca);
  const block = pemDecode(c.cert);
  if (!block) throw new GoError('unable to decode certificate');
  let parent: Parent;
  try {
    new crypto.X509Certificate(block.der);
    parent = parseParent(block.der);
  } catch (e) {
    throw new GoError(`error parsing certificate: decodedSignerCert.Bytes: ${e instanceof Error ? e.message : String(e)}`);
  }
  let signer: Key;
  try {
    signer = parsePrivateKeyPEM(c.key);
  } catch (e) {
    if (e instanceof GoError) throw new GoError(`error parsing private key: ${e.message}`);
    throw e;
  }
  const t: Template = { cn, ips: getNetIPs(ips), dns: getDNS(dns), days, isCA: false };
  if (signer.kind !== 'dsa' && key.kind !== 'dsa' && !parent.pubSpki.equals(signer.pub.export({ type: 'spki', format: 'der' }))) {
    throw new GoError("error creating certificate: x509: provided PrivateKey doesn't match parent's PublicKey");
  }
  return certificate(buildCert(t, key, parent, signer), key.pem);
}

function buildCustomCert(b64cert: string, b64key: string): GoStruct {
  const cert = base64Decode(b64cert);
  if (typeof cert === 'string') throw new GoError('unable to decode base64 certificate');
  const key = base64Decode(b64key);
  if (typeof key === 'string') throw new GoError('unable to decode base64 private key');
  const certText = bytesToString(cert);
  const block = pemDecode(certText);
  if (!block) throw new GoError('unable to decode certificate');
  try {
    new crypto.X509Certificate(block.der);
  } catch (e) {
    throw new GoError(`error parsing certificate: decodedCert.Bytes: ${e instanceof Error ? e.message : String(e)}`);
  }
  const keyText = bytesToString(key);
  try {
    parsePrivateKeyPEM(keyText);
  } catch (e) {
    if (e instanceof GoError) throw new GoError(`error parsing private key: ${e.message}`);
    throw e;
  }
  return certificate(certText, keyText);
}

// ---------- derivePassword (Master Password algorithm) ----------

const TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv', 'CvcvCvcvnoCvcv', 'CvcvCvcvCvcvno', 'CvccnoCvcvCvcv', 'CvccCvcvnoCvcv', 'CvccCvcvCvcvno', 'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv', 'CvcvCvccCvcvno', 'CvcvnoCvcvCvcc', 'CvcvCvcvnoCvcc', 'CvcvCvcvCvccno', 'CvccnoCvccCvcv', 'CvccCvccnoCvcv',
    'CvccCvccCvcvno', 'CvcvnoCvccCvcc', 'CvcvCvccnoCvcc', 'CvcvCvccCvccno', 'CvccnoCvcvCvcc', 'CvccCvcvnoCvcc', 'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};
const CLASSES: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};
const SEED = 'com.lyndir.masterpassword';

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

export function derivePassword(counter: number, type: string, password: string, user: string, site: string): string {
  const templates = TEMPLATES[type];
  if (!templates) return `cannot find password template ${type}`;
  const userB = Buffer.from(user, 'utf8');
  const salt = Buffer.concat([Buffer.from(SEED), u32(userB.length), userB]);
  const key = crypto.scryptSync(Buffer.from(password, 'utf8'), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 256 * 1024 * 1024 });
  const siteB = Buffer.from(site, 'utf8');
  const seed = crypto
    .createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(SEED), u32(siteB.length), siteB, u32(counter)]))
    .digest();
  const temp = templates[seed[0] % templates.length];
  let out = '';
  for (let i = 0; i < temp.length; i++) {
    const chars = CLASSES[temp[i]];
    out += chars[seed[i + 1] % chars.length];
  }
  return out;
}

// ---------- AES ----------

function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(password, 'utf8').copy(key, 0, 0, 32);
  return key;
}

function encryptAES(password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const iv = crypto.randomBytes(16);
  const c = crypto.createCipheriv('aes-256-cbc', aesKey(password), iv); // PKCS#7 padding, as Sprig pads
  return Buffer.concat([iv, c.update(Buffer.from(plaintext, 'utf8')), c.final()]).toString('base64');
}

function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const dec = base64Decode(crypt64);
  if (typeof dec === 'string') throw new GoError(dec);
  const data = Buffer.from(dec);
  if (data.length < 16) throw new GoPanic(`runtime error: slice bounds out of range [:16] with capacity ${data.length}`);
  const body = data.subarray(16);
  if (body.length % 16 !== 0) throw new GoPanic('crypto/cipher: input not full blocks');
  const d = crypto.createDecipheriv('aes-256-cbc', aesKey(password), data.subarray(0, 16));
  d.setAutoPadding(false);
  const plain = Buffer.concat([d.update(body), d.final()]);
  if (plain.length === 0) throw new GoPanic('runtime error: index out of range [-1]');
  const cut = plain.length - plain[plain.length - 1];
  if (cut < 0) throw new GoPanic(`runtime error: slice bounds out of range [:${cut}]`);
  return bytesToString(plain.subarray(0, cut));
}

// ---------- bcrypt ----------

function sprigBcrypt(input: string): string {
  const pw = Buffer.from(input, 'utf8');
  if (pw.length > 72) return 'failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes';
  return bcryptHash(pw, 10, crypto.randomBytes(16));
}

export const sprigCrypto: FuncTable = {
  bcrypt: { params: ['string'], nondeterministic: true, call: ([s]) => sprigBcrypt(s as string) },
  htpasswd: {
    params: ['string', 'string'],
    nondeterministic: true,
    call: ([u, p]) => ((u as string).includes(':') ? `invalid username: ${u as string}` : `${u as string}:${sprigBcrypt(p as string)}`),
  },
  derivePassword: {
    params: ['uint32', 'string', 'string', 'string', 'string'],
    call: ([c, t, p, u, s]) => derivePassword(Number(c as bigint), t as string, p as string, u as string, s as string),
  },
  encryptAES: { params: ['string', 'string'], nondeterministic: true, call: ([p, t]) => encryptAES(p as string, t as string) },
  decryptAES: { params: ['string', 'string'], call: ([p, t]) => decryptAES(p as string, t as string) },
  genPrivateKey: {
    params: ['string'],
    nondeterministic: true,
    call: ([t]) => {
      const k = generateKey(t as string);
      return typeof k === 'string' ? k : k.pem;
    },
  },
  buildCustomCert: { params: ['string', 'string'], call: ([c, k]) => buildCustomCert(c as string, k as string) },
  genCA: { params: ['string', 'int'], nondeterministic: true, call: ([cn, d]) => selfSigned(cn as string, null, null, d as bigint, rsa2048(), true) },
  genCAWithKey: {
    params: ['string', 'int', 'string'],
    nondeterministic: true,
    call: ([cn, d, k]) => selfSigned(cn as string, null, null, d as bigint, withPemKey(k as string), true),
  },
  genSelfSignedCert: {
    params: ['string', 'slice', 'slice', 'int'],
    nondeterministic: true,
    call: ([cn, ips, dns, d]) => selfSigned(cn as string, ips, dns, d as bigint, rsa2048(), false),
  },
  genSelfSignedCertWithKey: {
    params: ['string', 'slice', 'slice', 'int', 'string'],
    nondeterministic: true,
    call: ([cn, ips, dns, d, k]) => selfSigned(cn as string, ips, dns, d as bigint, withPemKey(k as string), false),
  },
  genSignedCert: {
    params: ['string', 'slice', 'slice', 'int', 'any'],
    nondeterministic: true,
    call: ([cn, ips, dns, d, ca]) => signed(cn as string, ips, dns, d as bigint, ca, rsa2048()),
  },
  genSignedCertWithKey: {
    params: ['string', 'slice', 'slice', 'int', 'any', 'string'],
    nondeterministic: true,
    call: ([cn, ips, dns, d, ca, k]) => signed(cn as string, ips, dns, d as bigint, ca, withPemKey(k as string)),
  },
};

// Key generation, bcrypt and key derivation cost CPU time, not output: each call is charged a fixed cost in steps
// before it runs, and the charge reads the budget's clock, so a loop of them stops at the render's deadline
// (budget.ts costlyFunction). The costs are deterministic and kept low (a chart may make a few keys): the deadline,
// not the step count, is what stops a loop of them.
const CPU_COST: Record<string, number> = {
  bcrypt: 100_000, // cost 10 in pure JS: ~0.8 s here
  htpasswd: 100_000,
  derivePassword: 30_000, // scrypt N=32768, r=8, p=2: ~30 ms
  genPrivateKey: 200_000, // RSA-4096 for "rsa": 0.1–0.8 s (rsaKeygen.ts)
  genCA: 50_000, // RSA-2048: ~10–100 ms
  genSelfSignedCert: 50_000,
  genSignedCert: 50_000,
};
for (const name of Object.keys(sprigCrypto)) {
  if (name !== 'encryptAES' && name !== 'decryptAES') sprigCrypto[name] = costlyFunction(sprigCrypto[name], CPU_COST[name] ?? 0);
}
