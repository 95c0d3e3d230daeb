import { createHmac, randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { QUERY_CODE_ALPHABET, QUERY_CODE_LENGTH } from '@mpw/contracts';
import type { SecretBox } from '../../lib/secret-box.js';

/**
 * Query codes (户查询码) and the keyed digests of the villagers' side. A code has 31^8 ≈ 2^40
 * possibilities: online guessing is stopped by the throttle, and the stored form is a salted
 * scrypt hash (`scrypt$<salt b64>$<hash b64>`), so a copy of the database does not hand out codes.
 */

// 16 MiB and about 20 ms a hash: a village's cards are issued in seconds, a guess stays costly.
const N = 2 ** 14;
const R = 8;
const P = 1;
const KEYLEN = 32;

function scrypt(code: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(code, salt, KEYLEN, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))));
}

/** A new code: 8 characters drawn uniformly (crypto) from QUERY_CODE_ALPHABET, bare (print it with formatQueryCode). */
export function newQueryCode(): string {
  return Array.from({ length: QUERY_CODE_LENGTH }, () => QUERY_CODE_ALPHABET[randomInt(QUERY_CODE_ALPHABET.length)]).join('');
}

export async function hashQueryCode(code: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${(await scrypt(code, salt)).toString('base64')}`;
}

export async function verifyQueryCode(code: string, stored: string): Promise<boolean> {
  const [kind, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(code, Buffer.from(salt, 'base64'));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Compared against when there is nothing to compare (unknown person, no code issued): every failure costs the same time. */
let dummy: Promise<string> | null = null;
export function dummyCodeHash(): Promise<string> {
  dummy ??= hashQueryCode(newQueryCode());
  return dummy;
}

const hmac = (key: Buffer, value: string) => createHmac('sha256', key).update(value).digest('hex');

/** Throttle keys (verification_failures.throttle_key) and the digests audit events carry: never the raw value. */
export function throttleKeys(secrets: SecretBox, idNumber: string, clientIp: string): { idKey: string; clientKey: string } {
  const key = secrets.deriveKey('villager-throttle');
  return { idKey: `id:${hmac(key, idNumber.toUpperCase())}`, clientKey: `client:${hmac(key, clientIp)}` };
}

/** satisfaction_responses.household_digest: one answer per household per quarter, without storing which household. */
export function householdDigest(secrets: SecretBox, villageCode: string, householdId: string, quarter: string): string {
  return hmac(secrets.deriveKey('survey-household'), `${villageCode}|${householdId}|${quarter}`);
}
