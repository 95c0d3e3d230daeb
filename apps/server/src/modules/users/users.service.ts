import { isValidIdNumber } from '../assets/assets.policy.js';
import { randomUUID } from 'node:crypto';
import type { Db } from '@mpw/db';
import { isWithinRegion, passwordProblem, type TCreateUserRequest, type TUpdateUserRequest, type TUser, type TUserListQuery } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound } from '../../lib/errors.js';
import { hashPassword } from '../../lib/passwords.js';
import { audited } from '../audit/audit.log.js';
import { revokeUserSessions } from '../auth/auth.repository.js';
import { AUTH_ACTIONS } from '../auth/auth.policy.js';
import { normalizeUsername } from '../auth/auth.service.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import * as repo from './users.repository.js';
import { auditableUser, presentUser } from './users.presenter.js';
import { rolesProblem } from './users.policy.js';

async function getInScope(db: Db, actor: Actor, id: string) {
  const row = await repo.getUserInScope(db, id, actor.regionCode);
  if (!row) throw notFound('账号');
  return row;
}

export async function getUserById(db: Db, actor: Actor, id: string): Promise<TUser> {
  return presentUser(await getInScope(db, actor, id));
}

export async function findUsers(db: Db, actor: Actor, q: TUserListQuery) {
  const { rows, total } = await repo.findUsers(
    db,
    { scopeCode: actor.regionCode, regionCode: q.regionCode, q: q.q, role: q.role, status: q.status },
    { offset: (q.current - 1) * q.pageSize, limit: q.pageSize },
  );
  return { data: rows.map(presentUser), total };
}

function checkPassword(password: string, username: string) {
  const problem = passwordProblem(password, username);
  if (problem) throw new AppError(ErrorCode.WEAK_PASSWORD, { message: `password: ${problem}`, details: [{ path: 'password', message: problem }] });
}

/** A staff identity number must pass the GB 11643 check (it is matched against the registry and kinship data). */
function staffIdNumber(value: string | null | undefined): string | null {
  if (!value) return null;
  if (!isValidIdNumber(value)) throw new AppError(ErrorCode.VALIDATION_FAILED, { message: 'idNumber: 身份证号校验位不正确', details: [{ path: 'idNumber', message: '身份证号校验位不正确' }] });
  return value;
}

export async function createUser(db: Db, actor: Actor, input: TCreateUserRequest, opts: { isDemo?: boolean; mustChangePassword?: boolean } = {}): Promise<TUser> {
  const username = normalizeUsername(input.username);
  if (actor.regionCode && !isWithinRegion(input.regionCode, actor.regionCode)) throw notFound('区划');
  const region = await getRegionInScope(db, input.regionCode, actor.regionCode);
  if (!region) throw notFound('区划');
  const problem = rolesProblem(input.regionCode, input.roles);
  if (problem) throw new AppError(ErrorCode.VALIDATION_FAILED, { message: `roles: ${problem}`, details: [{ path: 'roles', message: problem }] });
  checkPassword(input.password, username);
  if (await repo.usernameTaken(db, username)) throw new AppError(ErrorCode.CONFLICT, { message: `username: 用户名 ${username} 已被使用`, details: [{ path: 'username', message: '已被使用' }] });
  const id = randomUUID();
  const row = {
    id,
    username,
    displayName: input.displayName,
    roles: [...new Set(input.roles)],
    email: input.email ?? null,
    phone: input.phone ?? null,
    idNumber: staffIdNumber(input.idNumber),
    passwordHash: await hashPassword(input.password),
    mustChangePassword: opts.mustChangePassword ?? true,
    isDemo: opts.isDemo ?? false,
    regionCode: input.regionCode,
    createdBy: actor.userId,
    updatedBy: actor.userId,
  };
  await audited(db, actor, async (w) => {
    await repo.insertUser(w.tx, row);
    await w.record({ action: 'user.account.create', entityType: 'user', entityId: id, regionCode: input.regionCode, after: auditableUser({ ...row, status: 'active' }) });
  });
  return getUserById(db, actor, id);
}

export async function updateUser(db: Db, actor: Actor, id: string, input: TUpdateUserRequest): Promise<TUser> {
  const row = await getInScope(db, actor, id);
  if (input.roles) {
    const problem = rolesProblem(row.regionCode, input.roles);
    if (problem) throw new AppError(ErrorCode.VALIDATION_FAILED, { message: `roles: ${problem}`, details: [{ path: 'roles', message: problem }] });
  }
  const patch = {
    displayName: input.displayName ?? row.displayName,
    roles: input.roles ? [...new Set(input.roles)] : row.roles,
    email: input.email === undefined ? row.email : input.email,
    phone: input.phone === undefined ? row.phone : input.phone,
    idNumber: input.idNumber === undefined ? row.idNumber : staffIdNumber(input.idNumber),
  };
  await audited(db, actor, async (w) => {
    await repo.updateUser(w.tx, id, { ...patch, updatedAt: new Date(), updatedBy: actor.userId });
    await w.record({ action: 'user.account.update', entityType: 'user', entityId: id, regionCode: row.regionCode, before: auditableUser(row), after: auditableUser({ ...row, ...patch }) });
  });
  return getUserById(db, actor, id);
}

/** Sets a new initial password; the holder must change it at next login. All sessions end. */
export async function resetPassword(db: Db, actor: Actor, id: string, password: string): Promise<TUser> {
  const row = await getInScope(db, actor, id);
  checkPassword(password, row.username);
  const passwordHash = await hashPassword(password);
  await audited(db, actor, async (w) => {
    await repo.updateUser(w.tx, id, { passwordHash, mustChangePassword: true, updatedAt: new Date(), updatedBy: actor.userId });
    await revokeUserSessions(w.tx, id);
    await w.record({ action: 'user.account.reset_password', entityType: 'user', entityId: id, regionCode: row.regionCode, after: { mustChangePassword: true } });
  });
  return getUserById(db, actor, id);
}

export async function setUserStatus(db: Db, actor: Actor, id: string, status: 'active' | 'disabled'): Promise<TUser> {
  const row = await getInScope(db, actor, id);
  if (status === 'disabled' && id === actor.userId) throw new AppError(ErrorCode.CONFLICT, { message: '不能停用自己的账号' });
  await audited(db, actor, async (w) => {
    await repo.updateUser(w.tx, id, { status, updatedAt: new Date(), updatedBy: actor.userId });
    // A disabled account's sessions end at once.
    if (status === 'disabled') await revokeUserSessions(w.tx, id);
    await w.record({ action: status === 'disabled' ? 'user.account.disable' : 'user.account.enable', entityType: 'user', entityId: id, regionCode: row.regionCode, before: { status: row.status }, after: { status } });
  });
  return getUserById(db, actor, id);
}

/** Lifts a login lockout: the failure count restarts after this event. */
export async function unlockUser(db: Db, actor: Actor, id: string): Promise<TUser> {
  const row = await getInScope(db, actor, id);
  await audited(db, actor, (w) => w.record({ action: AUTH_ACTIONS.unlocked, entityType: 'login', entityId: row.username, regionCode: row.regionCode }));
  return getUserById(db, actor, id);
}

export async function findUserIdByUsername(db: Db, username: string): Promise<string | null> {
  const { rows } = await repo.findUsers(db, { scopeCode: null, q: normalizeUsername(username) }, { offset: 0, limit: 1 });
  return rows.find((r) => r.username === normalizeUsername(username))?.id ?? null;
}
