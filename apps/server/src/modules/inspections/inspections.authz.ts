import { ROLE_DEFINITIONS, type TInspectionPlanRequest, type TRole } from '@mpw/contracts';
import { makeUser } from '../../../test/helpers.js';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { systemActor } from '../../lib/actor.js';
import { createFinding, createPlan, movePlan } from './inspections.service.js';

export function cases(env: MatrixEnv): MatrixCase[] {
  const db = () => env.ctx.platform.deps.db;
  const atDistrict = (r: TRole) => ROLE_DEFINITIONS[r].level === 'district';

  /** The issuing unit of a plan inside (own) or outside (other) the role's scope, and a plan request for it. */
  async function planRequest(role: TRole, own: boolean): Promise<TInspectionPlanRequest> {
    const issuer = atDistrict(role) ? (own ? env.home.district : env.away.district) : env.townshipFor(role, own);
    const member = await makeUser(env.ctx, issuer, [issuer.endsWith('000000') ? 'district_inspector' : 'township_discipline']);
    return {
      title: `矩阵检查${env.next()}`, kind: issuer.endsWith('000000') ? 'special' : 'self_check', startsOn: '2026-10-01', endsOn: '2026-10-31',
      scopeRegionCodes: [env.villageFor(role, own)], focusAreas: ['village_finance'], methods: ['documents'], teamUserIds: [member.id], regionCode: issuer,
    };
  }

  async function planFor(role: TRole, own: boolean, status: 'draft' | 'active' = 'draft') {
    const plan = await createPlan(db(), systemActor(), await planRequest(role, own));
    if (status === 'active') await movePlan(db(), systemActor(), plan.id, 'active');
    return plan;
  }

  const findingFor = (role: TRole, own: boolean) =>
    createFinding(db(), systemActor(), { regionCode: env.villageFor(role, own), focusArea: 'works', description: '矩阵测试问题', sourceType: 'direct', attachmentIds: [] });

  return [
    { method: 'GET', route: '/api/v1/inspections/plans', permission: 'inspection:plan:read', scoped: false, ok: 200, visibleAbove: true, request: async () => ({ url: '/api/v1/inspections/plans?pageSize=200' }) },
    { method: 'POST', route: '/api/v1/inspections/plans', permission: 'inspection:plan:write', scoped: true, ok: 201, request: async (r, o) => ({ url: '/api/v1/inspections/plans', payload: await planRequest(r, o) }) },
    { method: 'GET', route: '/api/v1/inspections/plans/:id', permission: 'inspection:plan:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/inspections/plans/${(await planFor(r, o)).id}` }) },
    {
      method: 'PUT', route: '/api/v1/inspections/plans/:id', permission: 'inspection:plan:write', scoped: true, ok: 200,
      request: async (r, o) => {
        const payload = await planRequest(r, o);
        const plan = await createPlan(db(), systemActor(), payload);
        return { url: `/api/v1/inspections/plans/${plan.id}`, payload: { ...payload, title: '矩阵改名' } };
      },
    },
    { method: 'POST', route: '/api/v1/inspections/plans/:id/activate', permission: 'inspection:plan:write', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/inspections/plans/${(await planFor(r, o)).id}/activate`, payload: {} }) },
    { method: 'POST', route: '/api/v1/inspections/plans/:id/complete', permission: 'inspection:plan:write', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/inspections/plans/${(await planFor(r, o, 'active')).id}/complete`, payload: {} }) },
    { method: 'GET', route: '/api/v1/inspections/findings', permission: 'inspection:plan:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/inspections/findings?pageSize=200' }) },
    {
      method: 'POST', route: '/api/v1/inspections/findings', permission: 'inspection:finding:write', scoped: true, ok: 201,
      request: async (r, o) => ({ url: '/api/v1/inspections/findings', payload: { regionCode: env.villageFor(r, o), focusArea: 'works', description: '矩阵测试：拆分工程' } }),
    },
    { method: 'GET', route: '/api/v1/inspections/findings/:id', permission: 'inspection:plan:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/inspections/findings/${(await findingFor(r, o)).id}` }) },
    { method: 'POST', route: '/api/v1/inspections/findings/:id/dismiss', permission: 'inspection:finding:write', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/inspections/findings/${(await findingFor(r, o)).id}/dismiss`, payload: { reason: '矩阵测试：核实无问题' } }) },
  ];
}
