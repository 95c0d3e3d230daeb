import type { TUser, TRole } from '@mpw/contracts';
import type { UserRow } from './users.repository.js';
import { maskIdNumber } from '../audit/audit.redact.js';

export function presentUser(row: UserRow): TUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    regionCode: row.regionCode,
    regionName: row.regionName ?? row.regionCode,
    roles: row.roles as TRole[],
    status: row.status,
    mustChangePassword: row.mustChangePassword,
    mfaEnabled: Boolean(row.totpSecretSealed),
    isMachine: row.isMachine,
    email: row.email,
    phone: row.phone,
    idNumberMasked: row.idNumber ? maskIdNumber(row.idNumber) : null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of an account: never the hash or secrets (redaction is a second fence). */
export function auditableUser(row: Pick<UserRow, 'username' | 'displayName' | 'regionCode' | 'roles' | 'status'> & { email?: string | null; phone?: string | null; idNumber?: string | null }) {
  return { username: row.username, displayName: row.displayName, regionCode: row.regionCode, roles: row.roles, status: row.status, email: row.email ?? null, phone: row.phone ?? null, idNumber: row.idNumber ? maskIdNumber(row.idNumber) : null };
}
