import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { leadingZeroBits, type TReportChallenge } from '@mpw/contracts';
import type { DbOrTx } from '@mpw/db';
import type { SecretBox } from '../../lib/secret-box.js';
import { markChallengeSpent, unmarkChallenge } from './reports.challenges.repository.js';

/** How long a challenge may be solved and used. */
export const CHALLENGE_TTL_MS = 10 * 60_000;

/**
 * Proof-of-work for portal submissions. A challenge is `v1.<expiry ms>.<random>.<difficulty>.<mac>`,
 * signed with a key derived from the secret key: stateless (any instance holding the key can check
 * it) and tamper-proof (the difficulty cannot be lowered). Nothing about the client goes in it.
 */
function mac(secrets: SecretBox, body: string): string {
  return createHmac('sha256', secrets.deriveKey('report-pow')).update(body).digest('base64url');
}

export function issueChallenge(secrets: SecretBox, difficulty: number, now = Date.now()): TReportChallenge {
  const expiresAt = now + CHALLENGE_TTL_MS;
  const body = ['v1', String(expiresAt), randomBytes(16).toString('base64url'), String(difficulty)].join('.');
  return { challenge: `${body}.${mac(secrets, body)}`, difficulty, expiresAt: new Date(expiresAt).toISOString() };
}

export type ChallengeRefusal = 'forged' | 'expired' | 'used' | 'unsolved';

/**
 * Challenges already spent, kept in the database (spent_challenges) until they expire, so that
 * one solution pays for one report whichever instance receives it. Only the challenge's digest
 * is stored: nothing about the sender.
 */
export class ChallengeLedger {
  /** Checks the signature, the expiry, the solution, and that it was not used before; then marks it used. */
  async spend(db: DbOrTx, secrets: SecretBox, challenge: string, nonce: string, now = Date.now()): Promise<ChallengeRefusal | null> {
    const parts = challenge.split('.');
    if (parts.length !== 5 || parts[0] !== 'v1') return 'forged';
    const body = parts.slice(0, 4).join('.');
    const expected = Buffer.from(mac(secrets, body));
    const given = Buffer.from(parts[4]!);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
    const expiresAt = Number(parts[1]);
    const difficulty = Number(parts[3]);
    if (!Number.isFinite(expiresAt) || expiresAt <= now) return 'expired';
    const digest = createHash('sha256').update(`${challenge}:${nonce}`).digest();
    if (leadingZeroBits(digest) < difficulty) return 'unsolved';
    if (!(await markChallengeSpent(db, challengeDigest(challenge), new Date(expiresAt), new Date(now)))) return 'used';
    return null;
  }

  /** Gives a challenge back when the submission it paid for was refused for its content (nothing was written). */
  async release(db: DbOrTx, challenge: string): Promise<void> {
    await unmarkChallenge(db, challengeDigest(challenge));
  }
}

function challengeDigest(challenge: string): string {
  return createHash('sha256').update(challenge).digest('hex');
}

/** Finds a nonce for a challenge (what the portal does in the browser; used by tests and the demo). */
export function solveChallenge(challenge: string, difficulty: number): string {
  for (let n = 0; ; n++) {
    if (leadingZeroBits(createHash('sha256').update(`${challenge}:${n}`).digest()) >= difficulty) return String(n);
  }
}
