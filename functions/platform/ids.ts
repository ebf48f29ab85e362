/**
 * Ids that sort by creation time (a 48-bit millisecond timestamp, then 80 random bits,
 * Crockford base32, 26 characters: the ULID layout), so keys built from them list in
 * creation order without a second index.
 */
import { randomBytes } from 'node:crypto';
import type { IdSource } from './ports.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function ulid(now: number = Date.now(), random: Uint8Array = randomBytes(10)): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let bits = 0n;
  for (const byte of random) bits = (bits << 8n) | BigInt(byte);
  let rand = '';
  for (let i = 0; i < 16; i++) {
    rand = ALPHABET[Number(bits & 31n)] + rand;
    bits >>= 5n;
  }
  return time + rand;
}

export const ulidSource: IdSource = { next: () => ulid() };
