import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, login, makeUser, makeWorld, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { approveEntry, createEntry, submitEntry } from '../books/books.service.js';

let ctx: TestContext;
let world: World;

beforeAll(async () => {
  ctx = await createTestContext();
  world = await makeWorld(ctx);
});
afterAll(() => ctx.close());

describe('a monthly finance statement drawn from the books', () => {
  it('fills the draft from final entries only, with totals that match, ready to publish', async () => {
    const db = ctx.platform.deps.db;
    const final = async (e: { entryDate: string; direction: 'income' | 'expense'; amountFen: number; accountCode: string; counterpartyName: string; description: string }) => {
      const c = await createEntry(db, systemActor(), { regionCode: world.villageA1, ...e });
      await submitEntry(db, systemActor(), c.id);
      await approveEntry(db, systemActor(), c.id);
    };
    await final({ entryDate: '2025-06-03', direction: 'income', amountFen: 3_600_000, accountCode: '511', counterpartyName: '绿源合作社', description: '鱼塘承包费' });
    await final({ entryDate: '2025-06-10', direction: 'expense', amountFen: 128_050, accountCode: '541', counterpartyName: '办公用品店', description: '办公用品' });
    // A draft entry is not in the books yet: it must not appear.
    await createEntry(db, systemActor(), { regionCode: world.villageA1, entryDate: '2025-06-12', direction: 'expense', amountFen: 999_900, accountCode: '541', counterpartyName: '未审核', description: '未审核的支出' });

    const secretary = await login(ctx.app, (await makeUser(ctx, world.villageA1, ['village_secretary'])).username);
    const d = (await secretary.post('/api/v1/disclosures', { regionCode: world.villageA1, kind: 'finance_monthly', title: '2025年6月财务收支公开', period: '2025-06' })).json();
    const filled = await secretary.post(`/api/v1/disclosures/${d.id}/fill-from-books`);
    expect(filled.statusCode, filled.body).toBe(200);
    const content = filled.json().draft;
    expect(content.totals).toEqual({ incomeFen: 3_600_000, expenseFen: 128_050 });
    expect(content.summary).toContain('2025年6月');
    const rows = content.sections[2].table.rows as string[][];
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r[3])).toEqual(expect.arrayContaining(['36000.00', '1280.50']));
    expect(JSON.stringify(content)).not.toContain('未审核');
    expect((await secretary.post(`/api/v1/disclosures/${d.id}/publish`)).statusCode).toBe(200);
    // Once published it is not refilled: corrections are explicit.
    expect((await secretary.post(`/api/v1/disclosures/${d.id}/fill-from-books`)).statusCode).toBe(409);
    const other = (await secretary.post('/api/v1/disclosures', { regionCode: world.villageA1, kind: 'other', title: '其他公开' })).json();
    expect((await secretary.post(`/api/v1/disclosures/${other.id}/fill-from-books`)).statusCode).toBe(409);
  });
});
