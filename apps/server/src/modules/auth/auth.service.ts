import { eq } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { users, type Db } from '@mpw/db';
import { ErrorCode, passwordProblem, permissionsOf, regionLevelOf, type TSessionInfo, type TRole } from '@mpw/contracts';
import { AppError } from '../../lib/errors.js';
import { anonymousActor, type Actor } from '../../lib/actor.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../lib/passwords.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { audited } from '../audit/audit.log.js';
import { countRecentEvents, latestEventTime } from '../audit/audit.repository.js';
import { getRegionName } from '../regions/regions.repository.js';
import { AUTH_ACTIONS, LOCKOUT_THRESHOLD, LOCKOUT_WINDOW_MINUTES } from './auth.policy.js';
import * as repo from './auth.repository.js';
import { startSession, type SessionContext } from './session.service.js';

export const normalizeUsername = (u: string) => u.trim().toLowerCase();

/**
 * Failed logins since the window start or the last success/unlock, whichever is later.
 * Counted per user name whether or not the account exists, so a lockout says nothing
 * about existence.
 */
async function recentFailures(db: Db, username: string): Promise<number> {
  const windowStart = new Date(Date.now() - LOCKOUT_WINDOW_MINUTES * 60_000);
  const reset = await latestEventTime(db, [AUTH_ACTIONS.loginSucceeded, AUTH_ACTIONS.unlocked], username);
  const since = reset && reset > windowStart ? reset : windowStart;
  return countRecentEvents(db, AUTH_ACTIONS.loginFailed, username, since);
}

export async function isLocked(db: Db, username: string): Promise<boolean> {
  return (await recentFailures(db, normalizeUsername(username))) >= LOCKOUT_THRESHOLD;
}

export interface LoginResult {
  token: string;
  info: TSessionInfo;
}

export async function login(
  db: Db,
  input: { username: string; password: string; requestId: string; previousSessionId?: string | null },
  opts: { absoluteHours: number; mfaRequiredFor: (regionCode: string) => Promise<boolean> },
): Promise<LoginResult> {
  const username = normalizeUsername(input.username);
  const actor = anonymousActor(input.requestId);
  const failures = await recentFailures(db, username);
  const user = await repo.getUserByUsername(db, username);
  const regionCode = user?.regionCode ?? null;

  const fail = async (reason: string) => {
    const lockedNow = failures + 1 >= LOCKOUT_THRESHOLD;
    await audited(db, actor, async (w) => {
      await w.record({ action: AUTH_ACTIONS.loginFailed, entityType: 'login', entityId: username, regionCode, after: { reason } });
      if (failures + 1 === LOCKOUT_THRESHOLD) {
        await w.record({ action: AUTH_ACTIONS.locked, entityType: 'login', entityId: username, regionCode, after: { minutes: LOCKOUT_WINDOW_MINUTES } });
      }
    });
    return new AppError(lockedNow ? ErrorCode.ACCOUNT_LOCKED : ErrorCode.INVALID_CREDENTIALS);
  };

  if (failures >= LOCKOUT_THRESHOLD) {
    // Still spend the hashing time, so a locked name answers as slowly as any other.
    await verifyPassword(input.password, await dummyPasswordHash());
    throw await fail('locked');
  }
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok || user.status !== 'active' || user.isMachine) {
    throw await fail(!user ? 'unknown_user' : !ok ? 'wrong_password' : 'account_unavailable');
  }

  if (input.previousSessionId) await repo.revokeSession(db, input.previousSessionId);
  const loginActor: Actor = { kind: 'user', userId: user.id, username: user.username, roles: user.roles as TRole[], regionCode: user.regionCode, requestId: input.requestId };
  await audited(db, loginActor, async (w) => {
    await w.tx.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
    await w.record({ action: AUTH_ACTIONS.loginSucceeded, entityType: 'login', entityId: username, regionCode: user.regionCode });
  });
  const session = await startSession(db, user, { absoluteHours: opts.absoluteHours, mfaPassed: !user.totpSecretSealed });
  const ctx: SessionContext = {
    id: '',
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles as TRole[],
    regionCode: user.regionCode,
    csrfToken: session.csrfToken,
    stage: user.totpSecretSealed
      ? 'mfa_required'
      : user.mustChangePassword
        ? 'password_change_required'
        : (await opts.mfaRequiredFor(user.regionCode))
          ? 'mfa_enrolment_required'
          : 'active',
    expiresAt: session.expiresAt,
  };
  return { token: session.token, info: await sessionInfo(db, ctx) };
}

export async function sessionInfo(db: Db, s: SessionContext): Promise<TSessionInfo> {
  const user = await repo.getUserById(db, s.userId);
  return {
    user: {
      id: s.userId,
      username: s.username,
      displayName: s.displayName,
      regionCode: s.regionCode,
      regionName: (await getRegionName(db, s.regionCode)) ?? s.regionCode,
      regionLevel: regionLevelOf(s.regionCode),
      roles: s.roles,
      permissions: [...permissionsOf(s.roles)],
      mustChangePassword: user?.mustChangePassword ?? false,
      mfaEnabled: Boolean(user?.totpSecretSealed),
    },
    csrfToken: s.csrfToken,
    stage: s.stage,
    expiresAt: s.expiresAt.toISOString(),
  };
}

export async function logout(db: Db, actor: Actor, sessionId: string): Promise<void> {
  await repo.revokeSession(db, sessionId);
  await audited(db, actor, (w) => w.record({ action: AUTH_ACTIONS.logout, entityType: 'login', entityId: actor.username }));
}

export async function changePassword(db: Db, actor: Actor, sessionId: string, input: { oldPassword: string; newPassword: string }) {
  const user = await repo.getUserById(db, actor.userId!);
  if (!user) throw new AppError(ErrorCode.UNAUTHENTICATED);
  if (!(await verifyPassword(input.oldPassword, user.passwordHash))) {
    throw new AppError(ErrorCode.VALIDATION_FAILED, { message: 'oldPassword: 原密码错误', details: [{ path: 'oldPassword', message: '原密码错误' }] });
  }
  const problem = passwordProblem(input.newPassword, user.username);
  if (problem) throw new AppError(ErrorCode.WEAK_PASSWORD, { message: `newPassword: ${problem}`, details: [{ path: 'newPassword', message: problem }] });
  if (input.oldPassword === input.newPassword) {
    throw new AppError(ErrorCode.WEAK_PASSWORD, { message: 'newPassword: 新密码不能与原密码相同', details: [{ path: 'newPassword', message: '新密码不能与原密码相同' }] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await audited(db, actor, async (w) => {
    await w.tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: new Date(), updatedAt: new Date(), updatedBy: actor.userId })
      .where(eq(users.id, user.id));
    await repo.revokeUserSessions(w.tx, user.id, sessionId);
    await w.record({ action: AUTH_ACTIONS.passwordChanged, entityType: 'user', entityId: user.id, regionCode: user.regionCode, after: { mustChangePassword: false } });
  });
}

function totpFor(username: string, secret: OTPAuth.Secret) {
  return new OTPAuth.TOTP({ issuer: 'MicroPowerWatch', label: username, algorithm: 'SHA1', digits: 6, period: 30, secret });
}

export async function setupTotp(db: Db, actor: Actor, secrets: SecretBox) {
  const secret = new OTPAuth.Secret({ size: 20 });
  await audited(db, actor, async (w) => {
    await w.tx.update(users).set({ totpPendingSealed: secrets.seal(secret.base32) }).where(eq(users.id, actor.userId!));
    await w.record({ action: 'auth.mfa.setup', entityType: 'user', entityId: actor.userId });
  });
  return { secret: secret.base32, otpauthUrl: totpFor(actor.username!, secret).toString() };
}

/** Checks a code against a sealed secret; refuses a code from a time step already used (replay). */
function checkCode(sealed: string, secrets: SecretBox, username: string, code: string, lastStep: number | null): number | null {
  const totp = totpFor(username, OTPAuth.Secret.fromBase32(secrets.open(sealed)));
  const delta = totp.validate({ token: code, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(Date.now() / 30_000) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

export async function enableTotp(db: Db, actor: Actor, sessionId: string, secrets: SecretBox, code: string) {
  const user = await repo.getUserById(db, actor.userId!);
  if (!user?.totpPendingSealed) throw new AppError(ErrorCode.VALIDATION_FAILED, { message: '请先生成动态验证码密钥', details: [{ path: 'code', message: '请先生成密钥' }] });
  const step = checkCode(user.totpPendingSealed, secrets, user.username, code, null);
  if (step === null) throw new AppError(ErrorCode.INVALID_MFA_CODE);
  await audited(db, actor, async (w) => {
    await w.tx
      .update(users)
      .set({ totpSecretSealed: user.totpPendingSealed, totpPendingSealed: null, totpLastStep: step })
      .where(eq(users.id, user.id));
    await repo.markSessionMfaPassed(w.tx, sessionId);
    await w.record({ action: AUTH_ACTIONS.mfaEnabled, entityType: 'user', entityId: user.id, regionCode: user.regionCode });
  });
}

export async function verifyTotp(db: Db, actor: Actor, sessionId: string, secrets: SecretBox, code: string) {
  const user = await repo.getUserById(db, actor.userId!);
  if (!user?.totpSecretSealed) throw new AppError(ErrorCode.VALIDATION_FAILED, { message: '未启用动态验证码' });
  const step = checkCode(user.totpSecretSealed, secrets, user.username, code, user.totpLastStep);
  if (step === null) {
    await audited(db, actor, (w) => w.record({ action: AUTH_ACTIONS.mfaFailed, entityType: 'user', entityId: user.id, regionCode: user.regionCode }));
    throw new AppError(ErrorCode.INVALID_MFA_CODE);
  }
  await audited(db, actor, async (w) => {
    await w.tx.update(users).set({ totpLastStep: step }).where(eq(users.id, user.id));
    await repo.markSessionMfaPassed(w.tx, sessionId);
    await w.record({ action: 'auth.mfa.verified', entityType: 'user', entityId: user.id, regionCode: user.regionCode });
  });
}
