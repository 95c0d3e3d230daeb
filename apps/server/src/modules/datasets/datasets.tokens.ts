import { createHash, randomBytes } from 'node:crypto';
import { and, count, desc, eq, gt, isNotNull, isNull, lte, or, type SQL } from 'drizzle-orm';
import { apiTokens, users, type DbOrTx } from '@mpw/db';
import { API_TOKEN_PATTERN, DATASETS, type TApiTokenStatus, type TDataset, type TRole } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { inRegionScope } from '../../lib/scope.js';

/**
 * API tokens of machine accounts (接口令牌): `mpw_` + 256 random bits, base64url. Only the
 * SHA-256 of a token is stored (a token is random, so a fast hash suffices: there is no
 * password to guess), with its first characters to recognise it in lists. This file holds the
 * token's shape and the api_tokens queries; the use cases are in datasets.service.ts.
 */

export const TOKEN_PREFIX_LENGTH = 12;

export function generateToken(): string {
  return `mpw_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function tokenPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX_LENGTH);
}

/** The token of an `Authorization: Bearer …` header; '' when the header names Bearer without one; null without Bearer. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer(?:\s+(.*))?$/i.exec(header.trim());
  return m ? (m[1] ?? '').trim() : null;
}

export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type ApiTokenViewRow = ApiTokenRow & { username: string | null };

export function tokenStatus(row: Pick<ApiTokenRow, 'revokedAt' | 'expiresAt'>, now = new Date()): TApiTokenStatus {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** What a valid token makes of a request: the machine account acting, and the datasets it may push. */
export interface TokenContext {
  tokenId: string;
  datasets: TDataset[];
  actor: Actor;
}

/**
 * The token's context when it is well formed, known, not revoked, not expired, and its machine
 * account is active; null otherwise (the caller answers 401 without saying which).
 */
export async function resolveToken(db: DbOrTx, token: string, requestId: string): Promise<TokenContext | null> {
  if (!API_TOKEN_PATTERN.test(token)) return null;
  const now = new Date();
  const [row] = await db
    .select({ token: apiTokens, user: { id: users.id, username: users.username, roles: users.roles, regionCode: users.regionCode, status: users.status, isMachine: users.isMachine } })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.deletedAt), isNull(users.deletedAt)));
  if (!row || tokenStatus(row.token, now) !== 'active') return null;
  if (row.user.status !== 'active' || !row.user.isMachine) return null;
  return {
    tokenId: row.token.id,
    datasets: row.token.datasets.filter((d): d is TDataset => (DATASETS as readonly string[]).includes(d)),
    actor: { kind: 'user', userId: row.user.id, username: row.user.username, roles: row.user.roles as TRole[], regionCode: row.user.regionCode, requestId },
  };
}

const viewColumns = { token: apiTokens, username: users.username };
const toView = (r: { token: ApiTokenRow; username: string | null }): ApiTokenViewRow => ({ ...r.token, username: r.username });

export async function insertToken(db: DbOrTx, row: typeof apiTokens.$inferInsert): Promise<void> {
  await db.insert(apiTokens).values(row);
}

export async function updateToken(db: DbOrTx, id: string, patch: Partial<typeof apiTokens.$inferInsert>): Promise<void> {
  await db.update(apiTokens).set(patch).where(eq(apiTokens.id, id));
}

export async function getTokenInScope(db: DbOrTx, id: string, scopeCode: string | null): Promise<ApiTokenViewRow | null> {
  const [row] = await db
    .select(viewColumns)
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.deletedAt), inRegionScope(apiTokens.regionCode, scopeCode)));
  return row ? toView(row) : null;
}

export async function lockTokenInScope(db: DbOrTx, id: string, scopeCode: string | null): Promise<ApiTokenRow | null> {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.deletedAt), inRegionScope(apiTokens.regionCode, scopeCode)))
    .for('update');
  return row ?? null;
}

function statusWhere(status: TApiTokenStatus | undefined, now: Date): SQL | undefined {
  if (status === 'revoked') return isNotNull(apiTokens.revokedAt);
  if (status === 'expired') return and(isNull(apiTokens.revokedAt), isNotNull(apiTokens.expiresAt), lte(apiTokens.expiresAt, now));
  if (status === 'active') return and(isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)));
  return undefined;
}

export async function findTokens(db: DbOrTx, f: { scopeCode: string | null; status?: TApiTokenStatus }, page: { offset: number; limit: number }) {
  const where = and(isNull(apiTokens.deletedAt), inRegionScope(apiTokens.regionCode, f.scopeCode), statusWhere(f.status, new Date()));
  const [rows, [total]] = await Promise.all([
    db.select(viewColumns).from(apiTokens).leftJoin(users, eq(users.id, apiTokens.userId)).where(where).orderBy(desc(apiTokens.createdAt)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(apiTokens).where(where),
  ]);
  return { rows: rows.map(toView), total: Number(total?.n ?? 0) };
}

/** The machine account of a department system, by its display name, in exactly this region. */
export async function findMachineAccount(db: DbOrTx, regionCode: string, name: string) {
  const [row] = await db
    .select({ id: users.id, username: users.username, status: users.status })
    .from(users)
    .where(and(eq(users.isMachine, true), eq(users.regionCode, regionCode), eq(users.displayName, name), isNull(users.deletedAt)))
    .orderBy(users.createdAt)
    .limit(1);
  return row ?? null;
}

export async function touchToken(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
}
