/**
 * The renderer's RSA key generation (sprig/rsaKeygen.ts: Go's prime search with native exponentiation), checked
 * against OpenSSL's primality test and against the RSA structure Go writes (PKCS #1, e = 65537, d = e⁻¹ mod φ).
 */
import * as assert from 'assert';
import * as crypto from 'crypto';
import { generateRsaKey, millerRabinRounds, modInverse, pkcs1PrivateKey, probablyPrime, randomPrime } from '../../server/src/engine/render/sprig/rsaKeygen';

/** The INTEGERs of a DER SEQUENCE of INTEGERs (enough for an RSAPrivateKey). */
function derIntegers(der: Buffer): bigint[] {
  const len = (at: number): [number, number] => {
    const b = der[at];
    if (b < 0x80) return [b, at + 1];
    let n = 0;
    for (let i = 0; i < (b & 0x7f); i++) n = n * 256 + der[at + 1 + i];
    return [n, at + 1 + (b & 0x7f)];
  };
  assert.strictEqual(der[0], 0x30);
  const [total, body] = len(1);
  assert.strictEqual(body + total, der.length);
  const out: bigint[] = [];
  for (let p = body; p < der.length; ) {
    assert.strictEqual(der[p], 0x02, 'an INTEGER');
    const [n, at] = len(p + 1);
    out.push(BigInt('0x' + (der.subarray(at, at + n).toString('hex') || '0')));
    p = at + n;
  }
  return out;
}

const bitLength = (v: bigint): number => v.toString(2).length;

describe('RSA key generation (sprig/rsaKeygen.ts)', function () {
  this.timeout(60000);

  it("uses Go's Miller-Rabin round counts for random candidates", () => {
    const cases: Array<[number, number]> = [[4096, 3], [3747, 3], [3746, 4], [2048, 4], [1345, 4], [1344, 5], [1024, 5], [476, 5], [475, 6], [400, 6], [347, 7], [308, 8], [307, 27], [55, 27], [54, 34]];
    for (const [bits, rounds] of cases) assert.strictEqual(millerRabinRounds(bits), rounds, `${bits} bits`);
  });

  it('finds primes of exactly the size asked for, top two bits set, that OpenSSL also calls prime', () => {
    for (const bits of [512, 512, 768, 1024]) {
      const p = randomPrime(bits);
      assert.strictEqual(bitLength(p), bits);
      assert.strictEqual(p >> BigInt(bits - 2), 3n, 'top two bits');
      assert.ok(crypto.checkPrimeSync(p), `${p} is prime for OpenSSL`);
    }
  });

  it('rejects composites: strong pseudoprimes, Carmichael numbers and products of two large primes', () => {
    const composites = [3215031751n, 9585921133193329n, 318665857834031151167461n, 3825123056546413051n];
    for (const c of composites) assert.strictEqual(probablyPrime(c, bitLength(c), millerRabinRounds(bitLength(c))), false, String(c));
    for (let i = 0; i < 3; i++) {
      const n = randomPrime(256) * randomPrime(256);
      assert.strictEqual(probablyPrime(n, 512, millerRabinRounds(512)), false);
    }
    const p = crypto.generatePrimeSync(512, { bigint: true });
    assert.strictEqual(probablyPrime(p, 512, millerRabinRounds(512)), true, 'a prime from OpenSSL');
  });

  it('modInverse inverts and reports a shared factor', () => {
    assert.strictEqual(modInverse(3n, 11n), 4n);
    assert.strictEqual(modInverse(65537n, 65537n * 4n), null);
    const m = crypto.generatePrimeSync(256, { bigint: true });
    const x = 123456789123456789n;
    assert.strictEqual((x * (modInverse(x, m) ?? 0n)) % m, 1n);
  });

  it("writes a 2048-bit key as Go's rsa.GenerateKey does: PKCS #1, e = 65537, d = e⁻¹ mod (p−1)(q−1), CRT values", () => {
    const key = generateRsaKey(2048);
    assert.deepStrictEqual(key.asymmetricKeyDetails, { modulusLength: 2048, publicExponent: 65537n });
    const [version, n, e, d, p, q, dp, dq, qInv, ...rest] = derIntegers(key.export({ type: 'pkcs1', format: 'der' }));
    assert.deepStrictEqual(rest, []);
    assert.strictEqual(version, 0n);
    assert.strictEqual(e, 65537n);
    assert.strictEqual(p * q, n);
    assert.strictEqual(bitLength(n), 2048);
    assert.strictEqual(bitLength(p), 1024);
    assert.strictEqual(bitLength(q), 1024);
    assert.ok(crypto.checkPrimeSync(p) && crypto.checkPrimeSync(q));
    const phi = (p - 1n) * (q - 1n);
    assert.ok(d < phi);
    assert.strictEqual((e * d) % phi, 1n);
    assert.strictEqual(dp, d % (p - 1n));
    assert.strictEqual(dq, d % (q - 1n));
    assert.strictEqual((qInv * q) % p, 1n);
    assert.ok((p > q ? p - q : q - p) >> 924n > 0n, '|p − q| > 2^(nlen/2 − 100)');
    // the key works: a signature verifies and OAEP round-trips
    const sig = crypto.sign('sha256', Buffer.from('hooks'), key);
    assert.ok(crypto.verify('sha256', Buffer.from('hooks'), crypto.createPublicKey(key), sig));
    const ct = crypto.publicEncrypt(crypto.createPublicKey(key), Buffer.from('secret'));
    assert.strictEqual(crypto.privateDecrypt(key, ct).toString(), 'secret');
  });

  it('makes a 4096-bit key (genPrivateKey "rsa") and a new key on every call', () => {
    const key = generateRsaKey(4096);
    assert.deepStrictEqual(key.asymmetricKeyDetails, { modulusLength: 4096, publicExponent: 65537n });
    const sig = crypto.sign('sha256', Buffer.from('x'), key);
    assert.ok(crypto.verify('sha256', Buffer.from('x'), crypto.createPublicKey(key), sig));
    const a = generateRsaKey(2048).export({ type: 'pkcs1', format: 'der' });
    const b = generateRsaKey(2048).export({ type: 'pkcs1', format: 'der' });
    assert.notDeepStrictEqual(a, b);
  });

  it('refuses primes for which 65537 has no inverse (Go draws new primes then)', () => {
    let p = 0n;
    for (let k = 1n; ; k++) {
      p = 65537n * 2n * k + 1n;
      if (crypto.checkPrimeSync(p)) break;
    }
    const q = crypto.generatePrimeSync(64, { bigint: true });
    assert.strictEqual(pkcs1PrivateKey(p, q), null);
    const coprime = (): bigint => {
      for (;;) {
        const r = crypto.generatePrimeSync(64, { bigint: true });
        if ((r - 1n) % 65537n !== 0n) return r;
      }
    };
    assert.notStrictEqual(pkcs1PrivateKey(coprime(), coprime()), null);
  });
});
