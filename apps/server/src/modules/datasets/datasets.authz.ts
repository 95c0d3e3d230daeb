import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { dataImports } from '@mpw/db';
import type { TRole } from '@mpw/contracts';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { systemActor, type Actor } from '../../lib/actor.js';
import { audited } from '../audit/audit.log.js';
import { multipartBody } from '../attachments/attachments.test-support.js';
import { createToken } from './datasets.service.js';

/**
 * Imports are kept in the region of the account that made them; tokens in the region of the
 * account that issued them. Records for the matrix are made in the role's own region or a
 * region of the same level outside it.
 */
export function cases(env: MatrixEnv): MatrixCase[] {
  const db = () => env.ctx.platform.deps.db;
  const region = (role: TRole, own: boolean) => (own ? env.placeOf(role).own : env.placeOf(role).other);

  async function seedImport(role: TRole, own: boolean): Promise<string> {
    const id = randomUUID();
    await audited(db(), systemActor(), async (w) => {
      await w.tx.insert(dataImports).values({
        id, dataset: 'deaths', fileName: 'deaths.csv', format: 'csv', via: 'upload', status: 'committed', rowsRead: 1, rowsRejected: 1,
        rejected: [{ line: 2, reason: '死亡日期无法识别' }], startedAt: new Date(), finishedAt: new Date(), regionCode: region(role, own),
      });
      await w.record({ action: 'dataset.import.seed', entityType: 'data_import', entityId: id });
    });
    return id;
  }

  /** Tokens are issued by district accounts; the district is the role's own one or the other district. */
  async function seedToken(own: boolean): Promise<string> {
    const district = own ? env.home.district : env.away.district;
    const issuer: Actor = { ...systemActor(), kind: 'user', userId: null, username: 'matrix', roles: ['district_admin'], regionCode: district };
    return (await createToken(db(), issuer, { name: `矩阵对接系统${env.next()}`, datasets: ['deaths'] })).id;
  }

  const deathsCsv = () => `id_number,name,death_date\n11010519491231002${'X'},矩阵测试${env.next()},2024-01-0${(env.next() % 9) + 1}\n`;

  return [
    {
      method: 'POST', route: '/api/v1/datasets/imports', permission: 'dataset:import:write', scoped: false, ok: 201,
      request: async () => {
        const { payload, headers } = multipartBody({}, { name: 'deaths.csv', content: Buffer.from(deathsCsv()), contentType: 'text/csv' });
        return { url: '/api/v1/datasets/imports', payload, headers };
      },
      check: (res) => expect(res.json()).toMatchObject({ dataset: 'deaths', rowsRead: 1 }),
    },
    { method: 'GET', route: '/api/v1/datasets/imports', permission: 'dataset:import:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/datasets/imports?pageSize=200' }) },
    { method: 'GET', route: '/api/v1/datasets/imports/:id', permission: 'dataset:import:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/datasets/imports/${await seedImport(r, o)}` }) },
    {
      method: 'GET', route: '/api/v1/datasets/imports/:id/errors.csv', permission: 'dataset:import:read', scoped: true, ok: 200,
      request: async (r, o) => ({ url: `/api/v1/datasets/imports/${await seedImport(r, o)}/errors.csv` }),
      check: (res) => expect((res as unknown as { body: string }).body).toContain('死亡日期无法识别'),
    },
    { method: 'GET', route: '/api/v1/datasets/tokens', permission: 'dataset:token:manage', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/datasets/tokens?pageSize=200' }) },
    {
      method: 'POST', route: '/api/v1/datasets/tokens', permission: 'dataset:token:manage', scoped: false, ok: 201,
      request: async () => ({ url: '/api/v1/datasets/tokens', payload: { name: `矩阵令牌${env.next()}`, datasets: ['deaths'] } }),
      check: (res) => expect((res.json() as { token: string }).token).toMatch(/^mpw_/),
    },
    {
      method: 'POST', route: '/api/v1/datasets/tokens/:id/revoke', permission: 'dataset:token:manage', scoped: true, ok: 200,
      request: async (_r, o) => ({ url: `/api/v1/datasets/tokens/${await seedToken(o)}/revoke` }),
      check: (res) => expect(res.json()).toMatchObject({ status: 'revoked' }),
    },
    {
      // Signed-in accounts holding the permission may push too (the token path is tested in datasets.routes.test.ts).
      method: 'POST', route: '/api/v1/datasets/push/:dataset', permission: 'dataset:import:write', scoped: false, ok: 201,
      request: async () => ({ url: '/api/v1/datasets/push/deaths', payload: deathsCsv() }),
      check: (res) => expect(res.json()).toMatchObject({ dataset: 'deaths', rowsRead: 1 }),
    },
  ];
}
