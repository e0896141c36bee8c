/**
 * bcrypt as golang.org/x/crypto/bcrypt computes it (version 2a), on a Blowfish written here
 * (golang.org/x/crypto/blowfish: block.go, cipher.go). Blowfish's initial P-array and S-boxes are the hexadecimal
 * digits of π's fractional part; they are computed once, on first use, instead of being tabulated.
 */

let PI_WORDS: Uint32Array | null = null;

/** The first n 32-bit words of π's fractional part (Machin's formula in fixed point). */
function piWords(n: number): Uint32Array {
  const bits = BigInt(n * 32 + 64);
  const one = 1n << bits;
  const arctanInv = (x: bigint): bigint => {
    // arctan(1/x) = Σ (-1)^k / ((2k+1) x^(2k+1))
    let sum = 0n;
    let term = one / x;
    const x2 = x * x;
    let k = 1n;
    let sign = 1n;
    while (term !== 0n) {
      sum += (sign * term) / k;
      term /= x2;
      k += 2n;
      sign = -sign;
    }
    return sum;
  };
  const pi = 4n * (4n * arctanInv(5n) - arctanInv(239n));
  const frac = pi & (one - 1n);
  const out = new Uint32Array(n);
  let v = frac >> 64n; // drop guard bits: n*32 bits remain
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffffffffn);
    v >>= 32n;
  }
  return out;
}

class Blowfish {
  p: Uint32Array;
  s0: Uint32Array;
  s1: Uint32Array;
  s2: Uint32Array;
  s3: Uint32Array;

  constructor() {
    if (!PI_WORDS) PI_WORDS = piWords(18 + 4 * 256);
    this.p = PI_WORDS.slice(0, 18);
    this.s0 = PI_WORDS.slice(18, 18 + 256);
    this.s1 = PI_WORDS.slice(18 + 256, 18 + 512);
    this.s2 = PI_WORDS.slice(18 + 512, 18 + 768);
    this.s3 = PI_WORDS.slice(18 + 768, 18 + 1024);
  }

  /** the last encrypted block (left, right) */
  readonly lr = new Uint32Array(2);

  /** encryptBlock: 16 Feistel rounds; result in this.lr. */
  encrypt(l: number, r: number): void {
    const p = this.p;
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    let xl = (l ^ p[0]) >>> 0;
    let xr = r >>> 0;
    for (let i = 1; i <= 16; i += 2) {
      xr ^= ((((s0[xl >>> 24] + s1[(xl >>> 16) & 0xff]) >>> 0) ^ s2[(xl >>> 8) & 0xff]) + s3[xl & 0xff]) ^ p[i];
      xr >>>= 0;
      xl ^= ((((s0[xr >>> 24] + s1[(xr >>> 16) & 0xff]) >>> 0) ^ s2[(xr >>> 8) & 0xff]) + s3[xr & 0xff]) ^ p[i + 1];
      xl >>>= 0;
    }
    xr ^= p[17];
    this.lr[0] = xr >>> 0;
    this.lr[1] = xl;
  }

  /** ExpandKey / expandKeyWithSalt: the key schedule, optionally mixing in a salt. */
  expand(key: Uint8Array, salt: Uint8Array | null): void {
    let j = 0;
    const word = (b: Uint8Array): number => {
      let w = 0;
      for (let i = 0; i < 4; i++) {
        if (j >= b.length) j = 0;
        w = ((w << 8) | b[j]) >>> 0;
        j++;
      }
      return w;
    };
    for (let i = 0; i < 18; i++) this.p[i] ^= word(key);
    j = 0;
    let l = 0;
    let r = 0;
    const fill = (arr: Uint32Array): void => {
      for (let i = 0; i < arr.length; i += 2) {
        if (salt) {
          l ^= word(salt);
          r ^= word(salt);
        }
        this.encrypt(l, r);
        l = this.lr[0];
        r = this.lr[1];
        arr[i] = l;
        arr[i + 1] = r;
      }
    };
    fill(this.p);
    fill(this.s0);
    fill(this.s1);
    fill(this.s2);
    fill(this.s3);
  }
}

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const STD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** bcrypt's base64: its own alphabet, no padding. */
export function bcryptBase64(b: Uint8Array): string {
  const std = Buffer.from(b).toString('base64').replace(/=+$/, '');
  let out = '';
  for (const c of std) out += BCRYPT_ALPHABET[STD_ALPHABET.indexOf(c)];
  return out;
}

/** bcryptBase64 decoding (for salts given in the encoded form). */
export function bcryptBase64Decode(s: string): Buffer {
  let std = '';
  for (const c of s) std += STD_ALPHABET[BCRYPT_ALPHABET.indexOf(c)];
  return Buffer.from(std, 'base64');
}

/** `$2a$COST$SALT(22)HASH(31)` for password (≤ 72 bytes) and a 16-byte salt. */
export function bcryptHash(password: Uint8Array, cost: number, salt: Uint8Array): string {
  const encodedSalt = bcryptBase64(salt);
  const csalt = bcryptBase64Decode(encodedSalt);
  const ckey = new Uint8Array(password.length + 1);
  ckey.set(password); // the trailing NUL is part of the key, as in C bcrypt
  const c = new Blowfish();
  c.expand(ckey, csalt);
  const rounds = 2 ** cost;
  for (let i = 0; i < rounds; i++) {
    c.expand(ckey, null);
    c.expand(csalt, null);
  }
  const magic = Buffer.from('OrpheanBeholderScryDoubt', 'latin1');
  for (let i = 0; i < 24; i += 8) {
    let l = magic.readUInt32BE(i);
    let r = magic.readUInt32BE(i + 4);
    for (let k = 0; k < 64; k++) {
      c.encrypt(l, r);
      l = c.lr[0];
      r = c.lr[1];
    }
    magic.writeUInt32BE(l, i);
    magic.writeUInt32BE(r, i + 4);
  }
  const hash = bcryptBase64(magic.subarray(0, 23));
  return `$2a$${String(cost).padStart(2, '0')}$${encodedSalt}${hash}`;
}
