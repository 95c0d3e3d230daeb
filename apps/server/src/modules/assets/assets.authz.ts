import { expect } from 'vitest';
import type { TRole } from '@mpw/contracts';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { systemActor } from '../../lib/actor.js';
import { addCalendarDays } from '../../lib/calendar/dates.js';
import { chinaDate } from '../../lib/time.js';
import { createAsset, createContract } from './assets.service.js';

/** A fresh asset in a village inside (own) or outside (other) the role's scope. */
async function assetFor(env: MatrixEnv, role: TRole, own: boolean) {
  const n = env.next();
  return createAsset(env.ctx.platform.deps.db, systemActor(), { regionCode: env.villageFor(role, own), assetNo: `MX-A-${n}`, kind: 'building', name: `矩阵仓库${n}`, status: 'idle', valueFen: 100_000 });
}

/** A fresh works contract (amount 10,000 yuan) ending in ten days. */
async function contractFor(env: MatrixEnv, role: TRole, own: boolean) {
  const n = env.next();
  return createContract(env.ctx.platform.deps.db, systemActor(), {
    regionCode: env.villageFor(role, own), contractNo: `MX-C-${n}-${Math.random().toString(36).slice(2, 8)}`, contractType: '工程', title: `矩阵工程${n}`,
    counterpartyName: '某建设有限公司', amountFen: 1_000_000, signedDate: chinaDate(), endDate: addCalendarDays(chinaDate(), 10), procurementMethod: '询价', status: 'active',
  });
}

export function cases(env: MatrixEnv): MatrixCase[] {
  return [
    { method: 'GET', route: '/api/v1/assets/', permission: 'assets:asset:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/assets/?pageSize=200' }) },
    {
      method: 'POST', route: '/api/v1/assets/', permission: 'assets:asset:write', scoped: true, ok: 201,
      request: async (r, o) => ({ url: '/api/v1/assets/', payload: { regionCode: env.villageFor(r, o), assetNo: `MX-N-${env.next()}`, kind: 'land', name: '矩阵新地块', quantity: '12.5', unit: '亩' } }),
    },
    { method: 'GET', route: '/api/v1/assets/:id', permission: 'assets:asset:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/assets/${(await assetFor(env, r, o)).id}` }) },
    { method: 'PATCH', route: '/api/v1/assets/:id', permission: 'assets:asset:write', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/assets/${(await assetFor(env, r, o)).id}`, payload: { status: 'self_used' } }) },
    { method: 'DELETE', route: '/api/v1/assets/:id', permission: 'assets:asset:write', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/assets/${(await assetFor(env, r, o)).id}` }) },
    { method: 'GET', route: '/api/v1/assets/contracts', permission: 'assets:contract:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/assets/contracts?pageSize=200' }) },
    {
      method: 'GET', route: '/api/v1/assets/contracts/expiring', permission: 'assets:contract:read', scoped: false, ok: 200,
      request: async (r) => {
        await contractFor(env, r, true);
        await contractFor(env, r, false);
        return { url: '/api/v1/assets/contracts/expiring?days=30' };
      },
      check: (res) => expect((res.json() as { total: number }).total).toBeGreaterThan(0),
    },
    {
      method: 'GET', route: '/api/v1/assets/contracts/export.csv', permission: 'assets:contract:read', scoped: true, ok: 200,
      request: async (r, o) => ({ url: `/api/v1/assets/contracts/export.csv?regionCode=${(await contractFor(env, r, o)).regionCode}` }),
      check: (res) => {
        const body = (res as unknown as { body: string }).body;
        expect(body.startsWith('contract_id,village_code,contract_type,')).toBe(true);
        expect(body).toContain(',工程,');
      },
    },
    {
      method: 'POST', route: '/api/v1/assets/contracts/import', permission: 'assets:contract:write', scoped: true, ok: 200, outside: 200,
      request: async (r, o) => ({
        url: '/api/v1/assets/contracts/import',
        payload: `contract_id,village_code,contract_type,title,counterparty_name,amount,signed_date\nMX-I-${env.next()}-${Math.random().toString(36).slice(2, 8)},${env.villageFor(r, o)},服务,矩阵保洁服务,某物业有限公司,12000.00,${chinaDate()}\n`,
      }),
    },
    {
      method: 'POST', route: '/api/v1/assets/contracts', permission: 'assets:contract:write', scoped: true, ok: 201,
      request: async (r, o) => ({
        url: '/api/v1/assets/contracts',
        payload: { regionCode: env.villageFor(r, o), contractNo: `MX-P-${env.next()}-${Math.random().toString(36).slice(2, 8)}`, contractType: '采购', title: '矩阵采购', counterpartyName: '某商贸有限公司', amountFen: 50_000, signedDate: chinaDate() },
      }),
    },
    { method: 'GET', route: '/api/v1/assets/contracts/:id', permission: 'assets:contract:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/assets/contracts/${(await contractFor(env, r, o)).id}` }) },
    { method: 'PATCH', route: '/api/v1/assets/contracts/:id', permission: 'assets:contract:write', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/assets/contracts/${(await contractFor(env, r, o)).id}`, payload: { title: '矩阵工程（改）' } }) },
    { method: 'GET', route: '/api/v1/assets/contracts/:id/payments', permission: 'assets:contract:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/assets/contracts/${(await contractFor(env, r, o)).id}/payments` }) },
    {
      method: 'POST', route: '/api/v1/assets/contracts/:id/payments', permission: 'assets:contract:write', scoped: true, ok: 201,
      request: async (r, o) => ({ url: `/api/v1/assets/contracts/${(await contractFor(env, r, o)).id}/payments`, payload: { paidOn: chinaDate(), amountFen: 300_000 } }),
    },
  ];
}
