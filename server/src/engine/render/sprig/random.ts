/**
 * Sprig's random strings (strings.go over Masterminds/goutils' CryptoRandom*), randBytes and uuidv4 (crypto.go).
 * randInt lives with the arithmetic in math.ts (it is inline in functions.go).
 */
import { randomBytes, randomInt, randomUUID } from 'crypto';
import { FuncTable, GoPanic } from '../goValue';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
let ASCII = '';
for (let c = 32; c <= 126; c++) ASCII += String.fromCharCode(c);

// goutils CryptoRandom: `count` characters drawn uniformly from the alphabet; a negative count is an error that
// Sprig drops (→ "").
function randomString(count: bigint, alphabet: string): string {
  if (count <= 0n) return '';
  if (count > 100000000n) throw new GoPanic('runtime error: makeslice: len out of range');
  const n = Number(count);
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export const sprigRandom: FuncTable = {
  randAlphaNum: { params: ['int'], nondeterministic: true, call: ([n]) => randomString(n as bigint, LETTERS + DIGITS) },
  randAlpha: { params: ['int'], nondeterministic: true, call: ([n]) => randomString(n as bigint, LETTERS) },
  randAscii: { params: ['int'], nondeterministic: true, call: ([n]) => randomString(n as bigint, ASCII) },
  randNumeric: { params: ['int'], nondeterministic: true, call: ([n]) => randomString(n as bigint, DIGITS) },
  randBytes: {
    params: ['int'],
    nondeterministic: true,
    call: ([n]) => {
      const c = n as bigint;
      if (c < 0n || c > 100000000n) throw new GoPanic('runtime error: makeslice: len out of range');
      return randomBytes(Number(c)).toString('base64');
    },
  },
  uuidv4: { params: [], nondeterministic: true, call: () => randomUUID() },
};
