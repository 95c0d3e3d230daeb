import { expect } from 'vitest';
import type { TCaseStatus, TRole } from '@mpw/contracts';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { systemActor } from '../../lib/actor.js';
import * as service from './cases.service.js';
import { caseAt, typicalDraftFor } from './cases.test-support.js';

/**
 * Cases: a case in the role's own place is handled by the township of the role's village (visible
 * to that township and its district); the other place is another township (a township role) or
 * another district (a district role). Village roles and township staff hold no case permission.
 */
export function cases(env: MatrixEnv): MatrixCase[] {
  const db = () => env.ctx.platform.deps.db;
  const at = async (role: TRole, own: boolean, status: TCaseStatus) => (await caseAt(db(), env.villageFor(role, own), env.townshipFor(role, own), status)).id;
  const url = async (role: TRole, own: boolean, status: TCaseStatus, step: string) => `/api/v1/cases/${await at(role, own, status)}/${step}`;
  const typical = async (role: TRole, own: boolean, upTo: 'draft' | 'approved' | 'published') => {
    const t = await typicalDraftFor(db(), env.villageFor(role, own), env.townshipFor(role, own));
    if (upTo !== 'draft') await service.decideTypical(db(), systemActor(), t.typicalId, { approve: true });
    if (upTo === 'published') await service.publishTypical(db(), systemActor(), t.typicalId);
    return t.typicalId;
  };

  return [
    { method: 'GET', route: '/api/v1/cases/', permission: 'case:case:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/cases/?pageSize=200' }) },
    {
      method: 'POST', route: '/api/v1/cases/', permission: 'case:case:write', scoped: true, ok: 201,
      request: async (r, o) => ({ url: '/api/v1/cases/', payload: { title: '矩阵测试线索', sourceType: 'direct', regionCode: env.villageFor(r, o), subjectName: `矩阵某${env.next()}`, subjectPosition: '村主任', summary: '矩阵测试' } }),
    },
    {
      method: 'GET', route: '/api/v1/cases/export.xlsx', permission: 'case:case:read', scoped: true, ok: 200,
      request: async (r, o) => ({ url: `/api/v1/cases/export.xlsx?regionCode=${env.villageFor(r, o)}` }),
      check: (res) => expect(String((res as unknown as { headers: Record<string, string> }).headers['content-type'])).toContain('spreadsheetml'),
    },
    { method: 'GET', route: '/api/v1/cases/tolerance', permission: 'case:case:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/cases/tolerance?pageSize=200' }) },
    { method: 'GET', route: '/api/v1/cases/:id', permission: 'case:case:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/cases/${await at(r, o, 'preliminary')}` }) },
    { method: 'POST', route: '/api/v1/cases/:id/file', permission: 'case:case:write', scoped: true, ok: 200, request: async (r, o) => ({ url: await url(r, o, 'preliminary', 'file'), payload: {} }) },
    { method: 'POST', route: '/api/v1/cases/:id/close-unfiled', permission: 'case:case:write', scoped: true, ok: 200, request: async (r, o) => ({ url: await url(r, o, 'preliminary', 'close-unfiled'), payload: { reason: '矩阵测试：线索不实' } }) },
    { method: 'POST', route: '/api/v1/cases/:id/investigate', permission: 'case:case:write', scoped: true, ok: 200, request: async (r, o) => ({ url: await url(r, o, 'filed', 'investigate'), payload: {} }) },
    { method: 'POST', route: '/api/v1/cases/:id/review', permission: 'case:case:write', scoped: true, ok: 200, request: async (r, o) => ({ url: await url(r, o, 'investigating', 'review'), payload: {} }) },
    {
      method: 'POST', route: '/api/v1/cases/:id/decide', permission: 'case:case:write', scoped: true, ok: 200,
      request: async (r, o) => ({ url: await url(r, o, 'reviewing', 'decide'), payload: { note: '矩阵测试：诫勉谈话', sanctions: [{ category: 'party', measure: 'admonishment' }] } }),
    },
    { method: 'POST', route: '/api/v1/cases/:id/execute', permission: 'case:case:write', scoped: true, ok: 200, request: async (r, o) => ({ url: await url(r, o, 'decided', 'execute'), payload: {} }) },
    { method: 'POST', route: '/api/v1/cases/:id/notes', permission: 'case:case:write', scoped: true, ok: 200, request: async (r, o) => ({ url: await url(r, o, 'filed', 'notes'), payload: { note: '矩阵测试：谈话' } }) },
    { method: 'POST', route: '/api/v1/cases/:id/tolerance', permission: 'case:case:write', scoped: true, ok: 200, request: async (r, o) => ({ url: await url(r, o, 'investigating', 'tolerance'), payload: { grounds: '矩阵测试：为集体担当中的失误' } }) },
    {
      // Approved one level up: a township officer never approves a township case (its own level).
      method: 'POST', route: '/api/v1/cases/:id/tolerance/decide', permission: 'case:tolerance:approve', scoped: true, ok: 200, refusedRoles: { township_discipline: 403 },
      request: async (r, o) => {
        const id = await at(r, o, 'investigating');
        await service.proposeTolerance(db(), systemActor(), id, { grounds: '矩阵测试' });
        return { url: `/api/v1/cases/${id}/tolerance/decide`, payload: { approve: true, note: '矩阵测试：同意' } };
      },
    },
    {
      method: 'POST', route: '/api/v1/cases/:id/accountability', permission: 'case:case:write', scoped: true, ok: 201,
      request: async (r, o) => ({ url: await url(r, o, 'filed', 'accountability'), payload: { subjectName: '矩阵问责人', subjectPosition: '副镇长', summary: '矩阵测试：监督不力' } }),
    },
    {
      method: 'POST', route: '/api/v1/cases/:id/typical', permission: 'case:case:write', scoped: true, ok: 200,
      request: async (r, o) => ({ url: await url(r, o, 'decided', 'typical'), payload: { title: '矩阵测试典型案例', summary: '某村干部违规，受到处分。' } }),
    },
    { method: 'POST', route: '/api/v1/cases/typical/:tid/decide', permission: 'case:typical:approve', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/cases/typical/${await typical(r, o, 'draft')}/decide`, payload: { approve: true } }) },
    { method: 'POST', route: '/api/v1/cases/typical/:tid/publish', permission: 'case:typical:approve', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/cases/typical/${await typical(r, o, 'approved')}/publish`, payload: {} }) },
    { method: 'POST', route: '/api/v1/cases/typical/:tid/withdraw', permission: 'case:typical:approve', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/cases/typical/${await typical(r, o, 'published')}/withdraw`, payload: {} }) },
  ];
}
