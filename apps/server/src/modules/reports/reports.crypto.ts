import { createHash, randomInt } from 'node:crypto';
import { ZReporterIdentity, type TReporterIdentity } from '@mpw/contracts';
import type { SecretBox } from '../../lib/secret-box.js';

/** Receipt codes avoid 0/O/1/I so they survive being read out on the phone or copied by hand. */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** 16 characters from 32 symbols: 80 bits, so an unsalted hash is safe to store and look up by. */
export function newReceiptCode(): string {
  const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** What is stored of a receipt code (reports.receipt_hash): SHA-256 of its normalised form. */
export function receiptHash(code: string): string {
  return createHash('sha256').update(`mpw-receipt:${code.trim().toUpperCase()}`).digest('hex');
}

/** The reporter's identity and contact, sealed with the key outside the database (never stored in clear). */
export function sealReporter(secrets: SecretBox, identity: TReporterIdentity): string {
  return secrets.seal(JSON.stringify(identity));
}

export function openReporter(secrets: SecretBox, sealed: string): TReporterIdentity {
  return ZReporterIdentity.parse(JSON.parse(secrets.open(sealed)));
}
