import { expect } from 'vitest';
import type { TRole } from '@mpw/contracts';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { systemActor } from '../../lib/actor.js';
import { itemFor } from '../power/power.authz.js';
import { startMatter } from './matters.service.js';

/** A matter at its public-notice step in a village inside (own) or outside (other) the role's scope. */
async function matterFor(env: MatrixEnv, role: TRole, own: boolean) {
  const village = env.villageFor(role, own);
  const item = await itemFor(env, 'district_admin', !own && village.startsWith(env.away.district.slice(0, 6)) ? false : true);
  return startMatter(env.ctx.platform.deps.db, systemActor(), env.ctx.platform.deps.secrets, { itemId: item.id, regionCode: village, title: '测试事项', isPublic: true });
}

export function cases(env: MatrixEnv): MatrixCase[] {
  return [
    { method: 'GET', route: '/api/v1/matters', permission: 'matter:matter:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/matters?pageSize=200' }) },
    { method: 'GET', route: '/api/v1/matters/filings', permission: 'matter:filing:decide', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/matters/filings' }) },
    {
      method: 'GET', route: '/api/v1/matters/export.xlsx', permission: 'matter:matter:read', scoped: true, ok: 200,
      request: async (r, o) => ({ url: `/api/v1/matters/export.xlsx?regionCode=${env.villageFor(r, o)}` }),
      check: (res) => expect(String((res as unknown as { headers: Record<string, string> }).headers['content-type'])).toContain('spreadsheetml'),
    },
    {
      method: 'GET', route: '/api/v1/matters/filings/export.xlsx', permission: 'matter:filing:decide', scoped: true, ok: 200,
      request: async (r, o) => ({ url: `/api/v1/matters/filings/export.xlsx?regionCode=${env.villageFor(r, o)}` }),
      check: (res) => expect(String((res as unknown as { headers: Record<string, string> }).headers['content-type'])).toContain('spreadsheetml'),
    },
    { method: 'GET', route: '/api/v1/matters/:id', permission: 'matter:matter:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/matters/${(await matterFor(env, r, o)).id}` }) },
    { method: 'GET', route: '/api/v1/matters/:id/flowchart.svg', permission: 'matter:matter:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/matters/${(await matterFor(env, r, o)).id}/flowchart.svg` }) },
    {
      method: 'POST', route: '/api/v1/matters', permission: 'matter:matter:start', scoped: true, ok: 201,
      // The flow's first step names the village secretary: others who may start matters are refused for this item.
      refusedRoles: { district_admin: 403, village_accountant: 403 },
      request: async (r, o) => {
        const village = env.villageFor(r, o);
        const item = await itemFor(env, 'district_admin', !village.startsWith(env.away.district.slice(0, 6)));
        return { url: '/api/v1/matters', payload: { itemId: item.id, regionCode: village, title: '发起测试' } };
      },
    },
    {
      method: 'POST', route: '/api/v1/matters/:id/actions', permission: 'matter:matter:act', scoped: true, ok: 200,
      // Recording an objection during a notice needs no step role: anyone in scope may take one down.
      request: async (r, o) => ({ url: `/api/v1/matters/${(await matterFor(env, r, o)).id}/actions`, payload: { action: 'object', note: '群众来电反映情况不实', objectorName: '村民甲' } }),
    },
  ];
}
