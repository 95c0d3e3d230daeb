import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '@mpw/db';
import type { TRole } from '@mpw/contracts';
import type { SessionStage } from '../../types.js';
import { SESSION_TOUCH_SECONDS } from './auth.policy.js';
import * as repo from './auth.repository.js';

export interface SessionContext {
  id: string;
  userId: string;
  username: string;
  displayName: string;
  roles: TRole[];
  regionCode: string;
  csrfToken: string;
  stage: SessionStage;
  expiresAt: Date;
}

export const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');

export async function startSession(
  db: Db,
  user: { id: string; regionCode: string },
  opts: { absoluteHours: number; mfaPassed: boolean },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + opts.absoluteHours * 3600_000);
  await repo.insertSession(db, { id: tokenId(token), userId: user.id, regionCode: user.regionCode, csrfToken, mfaPassed: opts.mfaPassed, expiresAt });
  return { token, csrfToken, expiresAt };
}

/**
 * Resolves a cookie token to a live session: not revoked, within idle and absolute
 * timeouts, and its account still active (a disabled account's sessions end at once).
 */
export async function resolveSession(
  db: Db,
  token: string,
  opts: { idleMinutes: number; mfaRequiredFor: (regionCode: string) => Promise<boolean> },
): Promise<SessionContext | null> {
  const id = tokenId(token);
  const row = await repo.getSessionWithUser(db, id);
  if (!row) return null;
  const now = Date.now();
  if (row.revokedAt || row.expiresAt.getTime() <= now || row.status !== 'active' || row.userDeletedAt) return null;
  if (row.lastSeenAt.getTime() + opts.idleMinutes * 60_000 <= now) {
    await repo.revokeSession(db, id);
    return null;
  }
  if (now - row.lastSeenAt.getTime() > SESSION_TOUCH_SECONDS * 1000) await repo.touchSession(db, id);
  let stage: SessionStage = 'active';
  if (row.totpSecretSealed && !row.mfaPassed) stage = 'mfa_required';
  else if (row.mustChangePassword) stage = 'password_change_required';
  else if (!row.totpSecretSealed && !row.isMachine && (await opts.mfaRequiredFor(row.userRegionCode))) stage = 'mfa_enrolment_required';
  return {
    id,
    userId: row.userId,
    username: row.username,
    displayName: row.displayName,
    roles: row.roles as TRole[],
    regionCode: row.userRegionCode,
    csrfToken: row.csrfToken,
    stage,
    expiresAt: row.expiresAt,
  };
}
