import { expect } from 'vitest';
import type { TRole } from '@mpw/contracts';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { approveEntry, closePeriod, createEntry, submitEntry } from './books.service.js';
import { shiftPeriod } from './books.policy.js';

/** Entries are made by the system actor in a village inside (own) or outside (other) the role's scope. */
export function cases(env: MatrixEnv): MatrixCase[] {
  const db = () => env.ctx.platform.deps.db;
  const draft = (role: TRole, own: boolean) =>
    createEntry(db(), systemActor(), {
      regionCode: env.villageFor(role, own), entryDate: chinaDate(), direction: 'expense', amountFen: 12_345, accountCode: '541',
      counterpartyName: '某文具店', description: `矩阵测试办公用品${env.next()}`,
    });
  const pending = async (role: TRole, own: boolean) => submitEntry(db(), systemActor(), (await draft(role, own)).id);
  const final = async (role: TRole, own: boolean) => approveEntry(db(), systemActor(), (await pending(role, own)).id);
  /** A month long past, different for every request, so closings never meet. */
  let months = 0;
  const oldPeriod = () => shiftPeriod('1970-01', ++months);

  return [
    { method: 'GET', route: '/api/v1/books/entries', permission: 'books:entry:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/books/entries?pageSize=200' }) },
    { method: 'GET', route: '/api/v1/books/entries/:id', permission: 'books:entry:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/books/entries/${(await draft(r, o)).id}` }) },
    {
      method: 'POST', route: '/api/v1/books/entries', permission: 'books:entry:write', scoped: true, ok: 201,
      request: async (r, o) => ({
        url: '/api/v1/books/entries',
        payload: { regionCode: env.villageFor(r, o), entryDate: chinaDate(), direction: 'income', amountFen: 50_000, accountCode: '511', counterpartyName: '张三', description: `鱼塘承包费${env.next()}` },
      }),
      check: (res) => expect(res.json()).toMatchObject({ status: 'draft', source: 'manual' }),
    },
    { method: 'POST', route: '/api/v1/books/entries/:id/submit', permission: 'books:entry:write', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/books/entries/${(await draft(r, o)).id}/submit` }) },
    { method: 'POST', route: '/api/v1/books/entries/:id/approve', permission: 'books:entry:review', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/books/entries/${(await pending(r, o)).id}/approve`, payload: {} }) },
    { method: 'POST', route: '/api/v1/books/entries/:id/reject', permission: 'books:entry:review', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/books/entries/${(await pending(r, o)).id}/reject`, payload: { reason: '缺少发票' } }) },
    { method: 'POST', route: '/api/v1/books/entries/:id/reverse', permission: 'books:entry:write', scoped: true, ok: 201, request: async (r, o) => ({ url: `/api/v1/books/entries/${(await final(r, o)).id}/reverse`, payload: { reason: '金额录错' } }) },
    { method: 'GET', route: '/api/v1/books/balances', permission: 'books:entry:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/books/balances?regionCode=${env.villageFor(r, o)}&period=${chinaDate().slice(0, 7)}` }) },
    { method: 'GET', route: '/api/v1/books/periods', permission: 'books:entry:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/books/periods?pageSize=200' }) },
    {
      method: 'POST', route: '/api/v1/books/periods/close', permission: 'books:period:close', scoped: true, ok: 201,
      request: async (r, o) => ({ url: '/api/v1/books/periods/close', payload: { regionCode: env.villageFor(r, o), period: oldPeriod() } }),
    },
    {
      method: 'POST', route: '/api/v1/books/periods/reopen', permission: 'books:period:reopen', scoped: true, ok: 200,
      // Closing is the accountant's; reopening a closed month is the district administrator's alone.
      request: async (r, o) => {
        const period = oldPeriod();
        await closePeriod(db(), systemActor(), { regionCode: env.villageFor(r, o), period });
        return { url: '/api/v1/books/periods/reopen', payload: { regionCode: env.villageFor(r, o), period, reason: '补录漏记凭证' } };
      },
    },
    {
      method: 'POST', route: '/api/v1/books/import', permission: 'books:entry:write', scoped: true, ok: 200, outside: 200,
      request: async (r, o) => ({ url: '/api/v1/books/import', payload: `entry_id,village_code,entry_date,direction,amount,category\nMX-${env.next()}-${Date.now()},${env.villageFor(r, o)},${chinaDate()},income,100.50,经营收入\n` }),
    },
    {
      method: 'GET', route: '/api/v1/books/export.csv', permission: 'books:entry:read', scoped: true, ok: 200,
      request: async (r, o) => {
        await final(r, o);
        return { url: `/api/v1/books/export.csv?regionCode=${env.villageFor(r, o)}` };
      },
      check: (res) => expect((res as unknown as { body: string }).body.startsWith('entry_id,village_code,entry_date,direction,amount,category,')).toBe(true),
    },
  ];
}
