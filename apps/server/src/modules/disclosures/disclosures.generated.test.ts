import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benefitRecipients } from '@mpw/db';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { audited } from '../audit/audit.log.js';
import { addContractPayment, createAsset, createContract } from '../assets/assets.service.js';
import { createDecision, recordStage } from '../decisions/decisions.service.js';
import { hasUnmaskedIdNumber } from './disclosures.policy.js';
import { periodRange } from './disclosures.fill.js';

let ctx: TestContext;
let w: World;
let secretary: Client;
const db = () => ctx.platform.deps.db;
// Valid GB 11643 numbers (check digits computed), as a department file carries them.
const ID_A = '110101199003074477';
const ID_B = '110101198001010010';

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  secretary = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_secretary'])).username);
});
afterAll(() => ctx.close());

async function draft(kind: string, title: string, period?: string) {
  const res = await secretary.post('/api/v1/disclosures', { regionCode: w.villageA1, kind, title, ...(period ? { period } : {}) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

async function fillAndPublish(id: string) {
  const filled = await secretary.post(`/api/v1/disclosures/${id}/fill-from-data`);
  expect(filled.statusCode, filled.body).toBe(200);
  const published = await secretary.post(`/api/v1/disclosures/${id}/publish`);
  expect(published.statusCode, published.body).toBe(200);
  const shown = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/disclosures/${id}` });
  expect(shown.statusCode).toBe(200);
  return { draft: filled.json().draft, public: shown.json(), body: shown.body };
}

describe('periods', () => {
  it('covers a month, a quarter, or the day', () => {
    expect(periodRange('2026-02', '2026-11-29')).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodRange('2026-Q3', '2026-11-29')).toMatchObject({ from: '2026-07-01', to: '2026-09-30', label: '2026年第3季度' });
    expect(periodRange(null, '2026-11-29')).toMatchObject({ from: '2026-11-29', to: '2026-11-29' });
  });
});

describe('benefit recipients drawn from the department data', () => {
  it('lists names, household size and amounts of the period, never an identity number, and passes the privacy guard', async () => {
    await audited(db(), systemActor(), async (tx) => {
      const row = (x: Partial<typeof benefitRecipients.$inferInsert>) => ({ regionCode: w.villageA1, householdSize: 1, monthlyAmountFen: 0, ...x }) as typeof benefitRecipients.$inferInsert;
      await tx.tx.insert(benefitRecipients).values([
        row({ idNumber: ID_A, name: '王小明', program: '低保', householdSize: 3, startDate: '2025-01-01', monthlyAmountFen: 186_000 }),
        row({ idNumber: ID_B, name: '李秀英', program: '特困供养', startDate: '2025-08-01', endDate: '2025-12-31', monthlyAmountFen: 120_000 }),
        row({ idNumber: '110101195001010017', name: '张大山', program: '残疾人两项补贴', startDate: '2024-05-01', monthlyAmountFen: 15_000 }),
        row({ idNumber: '110101194001010012', name: '赵老汉', program: '高龄津贴', startDate: '2024-05-01', monthlyAmountFen: 10_000 }),
        // Ended before the quarter, and in another village: not listed.
        row({ idNumber: '110101196001010011', name: '钱已停', program: '低保', startDate: '2024-01-01', endDate: '2025-06-30', monthlyAmountFen: 50_000 }),
        row({ idNumber: '110101196001010038', name: '孙邻村', program: '低保', regionCode: w.villageA2, startDate: '2024-01-01', monthlyAmountFen: 50_000 }),
        // A department file with the identity number typed into the name column too.
        row({ idNumber: '110101197001010016', name: `周某${ID_A}`, program: '临时救助', startDate: '2025-09-10', endDate: '2025-09-10', monthlyAmountFen: 200_000 }),
      ]);
      await tx.record({ action: 'test.benefits.seed', entityType: 'benefit_recipient', entityId: 'seed', regionCode: w.villageA1 });
    });
    const d = await draft('benefits', '2025年第3季度救助对象公开', '2025-Q3');
    const { draft: content, public: shown, body } = await fillAndPublish(d.id);
    expect(content.totals).toEqual({ households: 5, persons: 7, monthlyAmountFen: 186_000 + 120_000 + 15_000 + 10_000 + 200_000 });
    const dibao = content.sections.find((s: { heading: string }) => s.heading === '低保对象名单');
    expect(dibao.table.rows).toEqual([['王小明', '3', '1860.00', '2025-01-01 至 今']]);
    expect(content.sections.find((s: { heading: string }) => s.heading === '特困供养对象名单').table.rows[0][0]).toBe('李秀英');
    // A disability allowance is a health detail: counts only, no names.
    const disabled = content.sections.find((s: { heading: string }) => s.heading === '残疾人两项补贴');
    expect(disabled.text).toContain('共1人');
    expect(JSON.stringify(content)).not.toContain('张大山');
    // Other programs: surname only.
    expect(JSON.stringify(content)).toContain('赵*汉');
    expect(JSON.stringify(content)).not.toContain('赵老汉');
    expect(JSON.stringify(content)).not.toMatch(/钱已停|孙邻村/);
    // The identity number typed into a name arrives masked.
    expect(content.sections.find((s: { heading: string }) => s.heading === '临时救助对象名单').table.rows[0][0]).toBe('周某1101**********4477');
    // No identity number anywhere in what villagers read, not even the one typed into a name.
    for (const id of [ID_A, ID_B, '110101195001010017', '110101194001010012', '110101197001010016']) expect(body).not.toContain(id);
    expect(hasUnmaskedIdNumber(body)).toBe(false);
    expect(shown.content.sections[0].table.rows.map((r: string[]) => r[0])).toEqual(['低保', '特困供养', '临时救助', '残疾人两项补贴', '高龄津贴']);
  });
});

describe('assets, contracts and works drawn from the register', () => {
  it('lists each asset with its lessee, amount, term, method and decision; works with payments and progress', async () => {
    const actor = systemActor();
    const decision = await createDecision(db(), actor, { regionCode: w.villageA1, title: '村道硬化工程', amountFen: 8_000_000 });
    for (const [stage, heldOn, extra] of [['proposal', '2025-06-01', {}], ['consultation', '2025-06-03', {}], ['review', '2025-06-05', { eligible: 90, attendees: 67, votesFor: 56 }], ['resolution', '2025-06-08', { body: '村民代表会议', eligible: 57, attendees: 52, votesFor: 50 }]] as const) {
      await recordStage(db(), actor, decision.id, { stage, heldOn, ...extra });
    }
    const pond = await createAsset(db(), actor, { regionCode: w.villageA1, assetNo: 'ZC-01', kind: 'resource', name: '村东鱼塘', location: '村东', quantity: '12', unit: '亩', valueFen: 30_000_000, status: 'idle' });
    await createAsset(db(), actor, { regionCode: w.villageA1, assetNo: 'ZC-02', kind: 'building', name: '老村部', status: 'self_used' });
    await createContract(db(), actor, {
      regionCode: w.villageA1, contractNo: 'A1-HT-LEASE', contractType: '资产租赁', title: '村东鱼塘出租', counterpartyName: '王小明', counterpartyId: ID_A,
      amountFen: 3_600_000, signedDate: '2025-07-02', startDate: '2025-07-05', endDate: '2028-07-04', procurementMethod: '公开竞价', assetId: pond.id, status: 'active',
    });
    const road = await createContract(db(), actor, {
      regionCode: w.villageA1, contractNo: 'A1-HT-ROAD', contractType: '工程', title: '村道硬化', counterpartyName: '宏达建设有限公司',  
      amountFen: 8_000_000, signedDate: '2025-06-20', startDate: '2025-07-01', endDate: '2025-10-31', procurementMethod: '公开招标', decisionNo: decision.decisionNo, status: 'active',
    });
    await addContractPayment(db(), actor, road.id, { paidOn: '2025-06-25', amountFen: 2_400_000, note: '预付款' });
    await addContractPayment(db(), actor, road.id, { paidOn: '2025-08-15', amountFen: 4_000_000, note: '进度款' });

    const a = await draft('assets_contracts', '2025年第3季度资产和合同公开', '2025-Q3');
    const { draft: ac, body: acBody } = await fillAndPublish(a.id);
    const assetRows = ac.sections.find((s: { heading: string }) => s.heading === '集体资产资源').table.rows as string[][];
    const pondRow = assetRows.find((r) => r[0] === 'ZC-01')!;
    expect(pondRow).toEqual(['ZC-01', '村东鱼塘', expect.any(String), '村东', '12亩', '300000.00', '出租', '王*明', '36000.00', '2025-07-05 至 2028-07-04', '公开竞价', '无']);
    const contractRows = ac.sections.find((s: { heading: string }) => s.heading === '合同').table.rows as string[][];
    expect(contractRows.map((r) => r[0]).sort()).toEqual(['A1-HT-LEASE', 'A1-HT-ROAD']);
    expect(contractRows.find((r) => r[0] === 'A1-HT-ROAD')![8]).toBe(`${decision.decisionNo} 村道硬化工程（2025-06-08决议）`);
    expect(ac.totals).toMatchObject({ assetCount: 2, contractCount: 2, contractAmountFen: 11_600_000 });
    expect(acBody).not.toContain(ID_A);
    expect(hasUnmaskedIdNumber(acBody)).toBe(false);

    const wk = await draft('works', '2025年第3季度村级工程公开', '2025-Q3');
    const { draft: works } = await fillAndPublish(wk.id);
    const project = works.sections[0].table.rows[0] as string[];
    expect(project).toEqual(['A1-HT-ROAD', '村道硬化', '宏达建设有限公司', '80000.00', '公开招标', `${decision.decisionNo} 村道硬化工程（2025-06-08决议）`, '2025-07-01 至 2025-10-31', '64000.00', '40000.00', '80%', '履行中']);
    expect(works.sections[1].table.rows).toEqual([['A1-HT-ROAD', '2025-06-25', '24000.00', '预付款'], ['A1-HT-ROAD', '2025-08-15', '40000.00', '进度款']]);
    expect(works.totals).toEqual({ projectCount: 1, contractAmountFen: 8_000_000, paidFen: 6_400_000, paidInPeriodFen: 4_000_000 });
  });

  it('refuses kinds that are written by hand, and items already published', async () => {
    const other = await draft('other', '其他事项');
    expect((await secretary.post(`/api/v1/disclosures/${other.id}/fill-from-data`)).statusCode).toBe(409);
    const wk = await draft('works', '一次性工程公开');
    expect((await secretary.post(`/api/v1/disclosures/${wk.id}/fill-from-data`)).statusCode).toBe(200);
    expect((await secretary.post(`/api/v1/disclosures/${wk.id}/publish`)).statusCode).toBe(200);
    expect((await secretary.post(`/api/v1/disclosures/${wk.id}/fill-from-data`)).statusCode).toBe(409);
  });
});

describe('published content revalidates', () => {
  it('answers no-cache with an ETag, 304 while unchanged, and the new content after a correction', async () => {
    const d = await draft('other', '村民小组长补贴公开');
    await secretary.patch(`/api/v1/disclosures/${d.id}`, { content: { summary: '每人每月200元。', sections: [] } });
    expect((await secretary.post(`/api/v1/disclosures/${d.id}/publish`)).statusCode).toBe(200);
    const url = `/api/v1/public/disclosures/${d.id}`;
    const first = await ctx.app.inject({ method: 'GET', url });
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await ctx.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    await secretary.post(`/api/v1/disclosures/${d.id}/correct`, { content: { summary: '每人每月300元。', sections: [] }, reason: '金额笔误' });
    const after = await ctx.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.json().content.summary).toBe('每人每月300元。');
    expect(after.headers.etag).not.toBe(etag);
    for (const u of [`/api/v1/public/assets?village=${w.villageA1}`, `/api/v1/public/books/summary?village=${w.villageA1}&period=2025-06`, `/api/v1/public/books/entries?village=${w.villageA1}&period=2025-06`, `/api/v1/public/disclosures?village=${w.villageA1}`]) {
      const res = await ctx.app.inject({ method: 'GET', url: u });
      expect(res.statusCode, u).toBe(200);
      expect(res.headers['cache-control'], u).toBe('public, no-cache');
      expect((await ctx.app.inject({ method: 'GET', url: u, headers: { 'if-none-match': String(res.headers.etag) } })).statusCode, u).toBe(304);
    }
  });
});
