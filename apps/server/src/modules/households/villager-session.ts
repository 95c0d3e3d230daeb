/**
 * Villager sessions: opened by a successful household verification (households.service), read by
 * every portal route that needs a verified villager (the household view, the survey, ratings and
 * named questions in the hearings module). Only a sha256 of the token is stored; the token travels
 * in the `x-villager-token` header (VILLAGER_TOKEN_HEADER), which the logger redacts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { VILLAGER_TOKEN_HEADER } from '@mpw/contracts';
import { householdCodes, residents, villagerSessions, type DbOrTx } from '@mpw/db';
import { AppError, ErrorCode } from '../../lib/errors.js';

/** How long a verification lasts. */
export const VILLAGER_SESSION_MINUTES = 30;

export interface VillagerSession {
  sessionId: string;
  /** The village. */
  regionCode: string;
  householdId: string;
  residentId: string;
  householdCodeId: string;
  expiresAt: Date;
}

function tokenHash(token: string): string {
  return createHash('sha256').update(`mpw-villager:${token}`).digest('hex');
}

/** Opens a session for a verified person; returns the token (shown once) and its expiry. */
export async function openVillagerSession(
  tx: DbOrTx,
  input: { regionCode: string; householdId: string; residentId: string; householdCodeId: string },
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + VILLAGER_SESSION_MINUTES * 60_000);
  await tx.insert(villagerSessions).values({ id: tokenHash(token), ...input, createdAt: now, expiresAt });
  return { token, expiresAt };
}

/**
 * The live session of a token: not expired, not revoked, its household code still active (a
 * re-issued card ends every session opened with the old one) and its person still registered.
 */
export async function findVillagerSession(db: DbOrTx, token: string | undefined, now = new Date()): Promise<VillagerSession | null> {
  if (!token || token.length > 100) return null;
  const [row] = await db
    .select({ s: villagerSessions })
    .from(villagerSessions)
    .innerJoin(householdCodes, and(eq(householdCodes.id, villagerSessions.householdCodeId), isNull(householdCodes.voidedAt), isNull(householdCodes.deletedAt)))
    .innerJoin(residents, and(eq(residents.id, villagerSessions.residentId), isNull(residents.deletedAt)))
    .where(and(eq(villagerSessions.id, tokenHash(token)), isNull(villagerSessions.revokedAt), gt(villagerSessions.expiresAt, now)))
    .limit(1);
  if (!row) return null;
  const s = row.s;
  return { sessionId: s.id, regionCode: s.regionCode, householdId: s.householdId, residentId: s.residentId, householdCodeId: s.householdCodeId, expiresAt: s.expiresAt };
}

/** Ends a session (退出). */
export async function revokeVillagerSession(db: DbOrTx, token: string | undefined, now = new Date()): Promise<void> {
  if (!token) return;
  await db.update(villagerSessions).set({ revokedAt: now }).where(eq(villagerSessions.id, tokenHash(token)));
}

function headerToken(request: FastifyRequest): string | undefined {
  const v = request.headers[VILLAGER_TOKEN_HEADER];
  return typeof v === 'string' ? v : undefined;
}

/** The request's villager session, or null (for routes where verification is optional). */
export async function villagerOf(request: FastifyRequest): Promise<VillagerSession | null> {
  return findVillagerSession(request.server.deps.db, headerToken(request));
}

/** The request's villager session; 401 VILLAGER_UNVERIFIED without one, 403 when it is for another village. */
export async function requireVillager(request: FastifyRequest, villageCode?: string): Promise<VillagerSession> {
  const s = await villagerOf(request);
  if (!s) throw new AppError(ErrorCode.VILLAGER_UNVERIFIED);
  if (villageCode && s.regionCode !== villageCode) throw new AppError(ErrorCode.FORBIDDEN, { message: '您核验的是其他村的身份，请在本村重新核验' });
  return s;
}

export function villagerToken(request: FastifyRequest): string | undefined {
  return headerToken(request);
}
