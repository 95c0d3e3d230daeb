import { ROLE_DEFINITIONS, type TPowerItemContent, type TRole } from '@mpw/contracts';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { systemActor } from '../../lib/actor.js';
import { createItem } from './power.service.js';

export function itemContent(name: string): TPowerItemContent {
  return {
    name,
    category: '便民服务',
    gbClass: '',
    legalBasis: ['村民委员会组织法'],
    responsibilities: [{ subject: '村民委员会', duty: '办理' }],
    flow: {
      steps: [
        { id: 'apply', name: '申请', kind: 'application', role: 'village_secretary', deadlineDays: 3, materials: [], disclose: '' },
        { id: 'notice', name: '公示', kind: 'notice', role: 'village_secretary', deadlineDays: 3, days: 5, materials: [], disclose: '申请事项' },
      ],
    },
    riskPoints: [],
    disclosure: [],
    timeLimitDays: 10,
    materials: [],
    isService: true,
    summary: '',
  };
}

/** An item visible to the role (own) or one it cannot see (other): a local item of a region outside its scope. */
export async function itemFor(env: MatrixEnv, role: TRole, own: boolean, status: 'active' | 'pending' = 'active') {
  const level = ROLE_DEFINITIONS[role].level;
  const region = own
    ? level === 'district' ? env.home.district : level === 'township' ? env.home.townshipA : env.home.villageA1
    : level === 'district' ? env.away.district : level === 'township' ? env.home.townshipB : env.home.villageA2;
  const db = env.ctx.platform.deps.db;
  const n = env.next();
  const item = await createItem(db, systemActor(), { code: `T-${n}`, content: itemContent(`测试事项${n}`), regionCode: region });
  if (status === 'pending') {
    // A local item proposed by its region and not yet approved by the district.
    const { sql } = await import('drizzle-orm');
    const { audited } = await import('../audit/audit.log.js');
    await audited(db, systemActor(), (w) => w.tx.execute(sql`update power_items set status = 'pending_approval' where id = ${item.id}`));
  }
  return item;
}

export function cases(env: MatrixEnv): MatrixCase[] {
  const own = (role: TRole, isOwn: boolean) => itemFor(env, role, isOwn);
  return [
    { method: 'GET', route: '/api/v1/power/items', permission: 'power:item:read', scoped: false, ok: 200, visibleAbove: true, request: async () => ({ url: '/api/v1/power/items?pageSize=200' }) },
    { method: 'GET', route: '/api/v1/power/items/:id', permission: 'power:item:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/power/items/${(await own(r, o)).id}` }) },
    { method: 'GET', route: '/api/v1/power/items/:id/versions', permission: 'power:item:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/power/items/${(await own(r, o)).id}/versions` }) },
    { method: 'GET', route: '/api/v1/power/items/:id/versions/:version', permission: 'power:item:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/power/items/${(await own(r, o)).id}/versions/1` }) },
    { method: 'GET', route: '/api/v1/power/items/:id/flowchart.svg', permission: 'power:item:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/power/items/${(await own(r, o)).id}/flowchart.svg` }) },
    {
      method: 'POST', route: '/api/v1/power/items', permission: 'power:item:propose', scoped: true, ok: 201,
      request: async (r, o) => {
        const level = ROLE_DEFINITIONS[r].level;
        const regionCode = o
          ? level === 'district' ? env.home.district : level === 'township' ? env.home.townshipA : env.home.villageA1
          : level === 'district' ? env.away.district : level === 'township' ? env.home.townshipB : env.home.villageA2;
        return { url: '/api/v1/power/items', payload: { code: `P-${env.next()}`, content: itemContent('新事项'), regionCode } };
      },
    },
    {
      method: 'PUT', route: '/api/v1/power/items/:id', permission: 'power:item:propose', scoped: true, ok: 200,
      request: async (r, o) => ({ url: `/api/v1/power/items/${(await own(r, o)).id}`, payload: { content: itemContent('修改后的事项'), changeNote: '调整' } }),
    },
    { method: 'POST', route: '/api/v1/power/items/:id/approve', permission: 'power:item:approve', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/power/items/${(await itemFor(env, r, o, 'pending')).id}/approve`, payload: {} }) },
    { method: 'POST', route: '/api/v1/power/items/:id/reject', permission: 'power:item:approve', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/power/items/${(await itemFor(env, r, o, 'pending')).id}/reject`, payload: { reason: '不符合区级规定' } }) },
    { method: 'POST', route: '/api/v1/power/items/:id/retire', permission: 'power:item:write', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/power/items/${(await own(r, o)).id}/retire`, payload: { reason: '合并到其他事项' } }) },
    { method: 'POST', route: '/api/v1/power/catalogue/seed', permission: 'power:item:write', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/power/catalogue/seed' }) },
  ];
}
