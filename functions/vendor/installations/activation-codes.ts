/**
 * Activation codes: what an admin hands a customer so their installation can register.
 * A code is shown once and stored only as its SHA-256; registration tries are counted per
 * source, and a wrong, used-up or expired code all get the same answer, so guessing
 * learns nothing about which codes exist.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** 32 letters and digits without I, O, 0 and 1, which people misread: 80 bits in 16 characters. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Failed registrations one source may make in an hour before every try is refused. */
export const MAX_FAILED_ACTIVATIONS_PER_HOUR = 10;

/** Refused before the code is looked at: this source has failed too often this hour. */
export class TooManyAttempts extends Error {
  override readonly name = 'TooManyAttempts';
  constructor(readonly retryAfterSeconds: number) {
    super('Too many failed activation attempts from this address. Try again later.');
  }
}

export function newActivationCode(random: Uint8Array = randomBytes(16)): string {
  return formatCode(random);
}

/** The same code for the same seed: the local control plane's printed code survives restarts. */
export function activationCodeFromSeed(seed: string): string {
  return formatCode(createHmac('sha256', seed).update('ownstack/local-activation-code').digest().subarray(0, 16));
}

function formatCode(bytes: Uint8Array): string {
  const chars = Array.from(bytes.subarray(0, 16), (b) => ALPHABET[b % ALPHABET.length]).join('');
  return chars.match(/.{4}/g)?.join('-') ?? chars;
}

export function hashActivationCode(code: string): string {
  return createHash('sha256').update(code.trim().toUpperCase(), 'utf8').digest('hex');
}

/** Counters key on a hash of the address: the table never holds a caller's IP in clear. */
export function hashSource(sourceIp: string): string {
  return createHash('sha256').update(`ownstack/activation-source/${sourceIp}`, 'utf8').digest('hex').slice(0, 32);
}

/** The UTC hour a counter belongs to, `YYYY-MM-DDTHH`. */
export const hourOf = (now: Date) => now.toISOString().slice(0, 13);
