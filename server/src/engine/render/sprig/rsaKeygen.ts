/**
 * RSA key generation for Sprig's genPrivateKey "rsa" (4096 bits) and the gen* certificate functions (2048 bits).
 *
 * Go's crypto/rsa (crypto/internal/fips140/rsa/keygen.go, what Helm runs) makes a key from two random primes whose two
 * top bits are set, each found by trial division and then Miller-Rabin with a number of rounds chosen for random (not
 * adversarial) candidates: 5 rounds for 1024-bit primes, 4 for 2048-bit ones (BoringSSL's table). Node's
 * `generateKeyPairSync('rsa')` (OpenSSL 3) runs 64 rounds on a 1024-bit prime and 128 on a 2048-bit one, which makes
 * it 2–3× slower than Go's here; `crypto.checkPrimeSync` raises any `checks` to the same minimum. So this module finds
 * the primes itself, as Go does, with the modular exponentiation done natively: an RSA public-key operation without
 * padding computes b^e mod n, so a public key whose modulus is the candidate w and whose exponent is the odd part m of
 * w − 1 gives b^m mod w (OpenSSL accepts exponents as large as the modulus for moduli up to 3072 bits, which covers
 * both prime sizes). Squarings and the key's other numbers are BigInt arithmetic.
 *
 * Candidates are searched incrementally from a random start over a sieve of the primes below 2^15 (2^20 for the
 * 2048-bit primes of a 4096-bit key), as OpenSSL's BN_generate_prime does (Go draws a fresh random number per
 * candidate; both give valid, unpredictable primes; the sieve saves most Miller-Rabin tests). The key is written as
 * Go writes it: e = 65537, d = e⁻¹ mod (p−1)(q−1), the CRT values, p the first prime found; p and q differ by more
 * than 2^(bits/2−100) (FIPS 186-5 A.1.3, which Go checks too). Randomness is `crypto.randomBytes`. If the runtime
 * refuses any step (a FIPS-only OpenSSL without unpadded RSA, say), key generation falls back to
 * `generateKeyPairSync` for the rest of the process.
 *
 * CPU time per key on the bench machine: RSA-2048 ~25 ms (OpenSSL's generateKeyPairSync 150 ms; Helm's genCA ~50 ms),
 * RSA-4096 ~225 ms (OpenSSL 1,230 ms; Helm ~520–700 ms).
 */
import * as crypto from 'crypto';

/** How many odd numbers one window of the incremental search covers (a 1024-bit prime gap averages ~710). */
const WINDOW = 4096;
const E = 65537n;

/** The odd primes below a limit, in runs whose product stays below 2^53 (so n mod product is one BigInt division). */
interface SmallPrimes {
  primes: Uint32Array;
  groups: Array<{ product: bigint; from: number; to: number }>;
}

const SIEVES = new Map<number, SmallPrimes>();

/**
 * The trial-division bound for primes of `bits` bits: a larger bound leaves fewer candidates for Miller-Rabin, whose
 * exponentiations cost ~0.4 ms at 1024 bits and ~3 ms at 2048 bits here, against ~1 µs per small prime at each start.
 */
export function sieveLimit(bits: number): number {
  return bits >= 1500 ? 1 << 20 : 1 << 15;
}

function smallPrimesBelow(limit: number): SmallPrimes {
  const cached = SIEVES.get(limit);
  if (cached) return cached;
  const composite = new Uint8Array(limit);
  const out: number[] = [];
  for (let i = 3; i < limit; i += 2) {
    if (composite[i]) continue;
    out.push(i);
    for (let j = i * i; j < limit; j += 2 * i) composite[j] = 1;
  }
  const primes = Uint32Array.from(out);
  const groups: SmallPrimes['groups'] = [];
  for (let i = 0; i < primes.length; ) {
    let product = 1;
    const from = i;
    while (i < primes.length && product * primes[i] < 2 ** 53) product *= primes[i++];
    groups.push({ product: BigInt(product), from, to: i });
  }
  const sp = { primes, groups };
  SIEVES.set(limit, sp);
  return sp;
}

/** Miller-Rabin rounds for a random candidate of this size (Go's keygen.go, after BoringSSL). */
export function millerRabinRounds(bits: number): number {
  if (bits >= 3747) return 3;
  if (bits >= 1345) return 4;
  if (bits >= 476) return 5;
  if (bits >= 400) return 6;
  if (bits >= 347) return 7;
  if (bits >= 308) return 8;
  if (bits >= 55) return 27;
  return 34;
}

const bytesToBigInt = (b: Uint8Array): bigint => BigInt('0x' + (Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex') || '0'));

function bigIntToBytes(v: bigint, len: number): Buffer {
  const hex = v.toString(16).padStart(len * 2, '0');
  return Buffer.from(hex, 'hex');
}

const base64url = (v: bigint): string => {
  let hex = v.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  return Buffer.from(hex, 'hex').toString('base64url');
};

/** A random odd number of exactly `bits` bits with its two top bits set (Go's randomPrime). */
function randomStart(bits: number): Buffer {
  const b = crypto.randomBytes((bits + 7) >> 3);
  const excess = b.length * 8 - bits;
  if (excess !== 0) b[0] >>= excess;
  if (excess < 7) b[0] |= 0b1100_0000 >> excess;
  else {
    b[0] |= 0b0000_0001;
    b[1] |= 0b1000_0000;
  }
  b[b.length - 1] |= 1;
  return b;
}

/** n mod p for every small prime p. */
function residues(n: bigint, sp: SmallPrimes): Uint32Array {
  const out = new Uint32Array(sp.primes.length);
  for (const g of sp.groups) {
    const r = Number(n % g.product);
    for (let j = g.from; j < g.to; j++) out[j] = r % sp.primes[j];
  }
  return out;
}

/** b^e mod n natively: an unpadded RSA public operation with modulus n and exponent e (n odd, e < n, b < n). */
function nativeModPow(n: bigint, nBytes: number, e: bigint): (b: bigint) => bigint {
  const key = crypto.createPublicKey({ key: { kty: 'RSA', n: base64url(n), e: base64url(e) }, format: 'jwk' });
  return (b) => bytesToBigInt(crypto.publicEncrypt({ key, padding: crypto.constants.RSA_NO_PADDING }, bigIntToBytes(b, nBytes)));
}

/** Miller-Rabin (FIPS 186-5 B.3.1) with `rounds` random bases; w odd and large. */
export function probablyPrime(w: bigint, bits: number, rounds: number): boolean {
  const nBytes = (bits + 7) >> 3;
  const wMinus1 = w - 1n;
  let a = 0;
  let m = wMinus1;
  while ((m & 1n) === 0n) {
    m >>= 1n;
    a++;
  }
  const pow = nativeModPow(w, nBytes, m);
  const excess = nBytes * 8 - bits;
  for (let done = 0; done < rounds; ) {
    const raw = crypto.randomBytes(nBytes);
    if (excess) raw[0] >>= excess;
    const b = bytesToBigInt(raw);
    if (b <= 1n || b >= wMinus1) continue;
    let z = pow(b);
    if (z !== 1n && z !== wMinus1) {
      let witness = true;
      for (let i = 1; i < a; i++) {
        z = (z * z) % w;
        if (z === wMinus1) {
          witness = false;
          break;
        }
        if (z === 1n) break;
      }
      if (witness) return false;
    }
    done++;
  }
  return true;
}

/** A random probable prime of exactly `bits` bits with the two top bits set. */
export function randomPrime(bits: number): bigint {
  const sp = smallPrimesBelow(sieveLimit(bits));
  const primes = sp.primes;
  const rounds = millerRabinRounds(bits);
  const sieve = new Uint8Array(WINDOW);
  for (;;) {
    const startBytes = randomStart(bits);
    const start = bytesToBigInt(startBytes);
    const res = residues(start, sp);
    sieve.fill(0);
    // candidate k is start + 2k; it is divisible by p when 2k ≡ −r (mod p)
    for (let j = 0; j < primes.length; j++) {
      const p = primes[j];
      const need = (p - res[j]) % p; // 2k ≡ need
      let k = need % 2 === 0 ? need / 2 : (need + p) / 2;
      for (; k < WINDOW; k += p) sieve[k] = 1;
    }
    for (let k = 0; k < WINDOW; k++) {
      if (sieve[k]) continue;
      const w = start + BigInt(2 * k);
      if (w >> BigInt(bits - 2) !== 3n) break; // ran past the top bits: a new start
      if (probablyPrime(w, bits, rounds)) return w;
    }
  }
}

/** x⁻¹ mod m by the extended Euclidean algorithm, or null when gcd(x, m) ≠ 1. */
export function modInverse(x: bigint, m: bigint): bigint | null {
  let [r0, r1] = [m, ((x % m) + m) % m];
  let [t0, t1] = [0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  if (r0 !== 1n) return null;
  return t0 < 0n ? t0 + m : t0;
}

// ---------- PKCS #1 ----------

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) bytes.unshift(x & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function derInteger(v: bigint): Buffer {
  let hex = v.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let body = Buffer.from(hex, 'hex');
  if (body[0] & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return Buffer.concat([Buffer.from([0x02]), derLength(body.length), body]);
}

/** The RSAPrivateKey structure (RFC 8017 A.1.2) of a two-prime key. */
export function pkcs1PrivateKey(p: bigint, q: bigint): Buffer | null {
  const n = p * q;
  const phi = (p - 1n) * (q - 1n);
  const d = modInverse(E, phi);
  const qInv = modInverse(q, p);
  if (d === null || qInv === null || (E * d) % phi !== 1n) return null;
  const body = Buffer.concat([0n, n, E, d, p, q, d % (p - 1n), d % (q - 1n), qInv].map(derInteger));
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

let nativeFailed = false;

/** A new RSA private key of `bits` bits (e = 65537), as Go's rsa.GenerateKey makes one. */
export function generateRsaKey(bits: number): crypto.KeyObject {
  if (!nativeFailed && bits >= 1024 && bits % 2 === 0 && bits <= 6144) {
    try {
      for (;;) {
        const p = randomPrime(bits / 2);
        const q = randomPrime(bits / 2);
        const diff = p > q ? p - q : q - p;
        if (diff >> BigInt(bits / 2 - 100) === 0n) continue;
        const der = pkcs1PrivateKey(p, q);
        if (der === null) continue; // gcd(e, φ) ≠ 1: new primes, as Go does
        return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
      }
    } catch {
      nativeFailed = true;
    }
  }
  return crypto.generateKeyPairSync('rsa', { modulusLength: bits }).privateKey;
}
