import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import type { THouseholdView } from '@mpw/contracts';
import { createTestContext, makeWorld, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { approveEntry, createEntry, submitEntry } from '../books/books.service.js';
import { startMatter } from '../matters/matters.service.js';
import { findItems, seedDefaultCatalogue } from '../power/power.service.js';
import { importRegions } from '../regions/regions.service.js';
import { DEMO_DISTRICT, DEMO_REGIONS_CSV } from '../demo/demo.data.js';
import { DEMO_HOUSEHOLD, seedDemoHouseholds } from '../demo/demo.households.js';
import { demoRegistryFiles } from '../demo/demo.registry.js';
import { importDataset } from '../datasets/datasets.import.js';
import { issueHouseholdCodes } from './households.service.js';
import { seedBenefits, seedHouseholds, seedPayments, type TestHousehold } from './households.test-support.js';

let ctx: TestContext;
let w: World;
let mine: TestHousehold;
let theirs: TestHousehold;
const codes = new Map<string, string>();
const today = chinaDate();
const daysAgo = (n: number) => chinaDate(new Date(Date.now() - n * 86_400_000));

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  const deps = ctx.platform.deps;
  const actor = systemActor();
  [mine, theirs] = await seedHouseholds(deps, w.villageA1, 2) as [TestHousehold, TestHousehold];
  const [head, spouse] = mine.members as [TestHousehold['members'][0], TestHousehold['members'][0]];
  const neighbour = theirs.members[0]!;
  await seedBenefits(deps, [
    { person: head, village: w.villageA1, program: '低保', start: daysAgo(400), monthlyFen: 72_000 },
    { person: spouse, village: w.villageA1, program: '临时救助', start: daysAgo(900), end: daysAgo(800), monthlyFen: 30_000 },
    { person: neighbour, village: w.villageA1, program: '特困供养', start: daysAgo(300), monthlyFen: 99_900 },
  ]);
  await seedPayments(deps, [
    { person: head, village: w.villageA1, program: '低保金', paid: daysAgo(20), fen: 72_000 },
    { person: head, village: w.villageA1, program: '低保金', paid: daysAgo(50), fen: 72_000 },
    { person: head, village: w.villageA1, program: '低保金', paid: daysAgo(40 * 31), fen: 72_000 },
    { person: neighbour, village: w.villageA1, program: '特困供养金', paid: daysAgo(10), fen: 99_900 },
  ]);
  const entry = async (person: { idNumber: string; name: string }, amountFen: number, final: boolean) => {
    const e = await createEntry(deps.db, actor, { regionCode: w.villageA1, entryDate: daysAgo(5), direction: 'expense', amountFen, accountCode: '542', counterpartyName: person.name, counterpartyId: person.idNumber, description: '公益岗位补贴' });
    await submitEntry(deps.db, actor, e.id);
    if (final) await approveEntry(deps.db, actor, e.id);
  };
  await entry(spouse, 60_000, true);
  await entry(spouse, 11_100, false);
  await entry(neighbour, 22_200, true);

  await seedDefaultCatalogue(deps.db, actor, w.district);
  const items = (await findItems(deps.db, actor, { current: 1, pageSize: 200, applicableTo: w.villageA1 })).data;
  const relief = items.find((i) => i.content.name === '临时救助申请')!;
  await startMatter(deps.db, actor, deps.secrets, { itemId: relief.id, regionCode: w.villageA1, title: '我家的临时救助申请', applicantName: spouse.name, applicantIdNumber: spouse.idNumber, isPublic: false });
  await startMatter(deps.db, actor, deps.secrets, { itemId: relief.id, regionCode: w.villageA1, title: '邻居家的临时救助申请', applicantName: neighbour.name, applicantIdNumber: neighbour.idNumber, isPublic: true });

  const { cards } = await issueHouseholdCodes(deps.db, actor, { regionCode: w.villageA1, allWithoutCode: true });
  for (const c of cards) codes.set(c.householdId, c.code);
});
afterAll(() => ctx.close());

async function sessionOf(h: TestHousehold, m = 0, code = codes.get(h.householdId)): Promise<string> {
  const res = await ctx.app.inject({
    method: 'POST', url: '/api/v1/public/households/verify', remoteAddress: `10.3.0.${m + 1}`,
    payload: { villageCode: h.village, idNumber: h.members[m]!.idNumber, name: h.members[m]!.name, queryCode: code },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().token;
}
const me = (token: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/public/households/me', headers: { 'x-villager-token': token } });

describe('the household view (我家的待遇)', () => {
  let view: THouseholdView;

  it('shows the members with masked identity numbers, their entitlements, payments from both sources and their matters', async () => {
    const token = await sessionOf(mine, 1);
    const res = await me(token);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    view = res.json();
    const [head, spouse] = mine.members as [TestHousehold['members'][0], TestHousehold['members'][0]];
    expect(view).toMatchObject({ villageCode: w.villageA1, villageName: '甲一村', surveyAnswered: false });
    expect(view.members).toEqual([
      { name: head.name, relation: '户主', idMasked: `${head.idNumber.slice(0, 4)}**********${head.idNumber.slice(14)}`, isSelf: false },
      { name: spouse.name, relation: '配偶', idMasked: `${spouse.idNumber.slice(0, 4)}**********${spouse.idNumber.slice(14)}`, isSelf: true },
    ]);
    expect(view.entitlements).toEqual(expect.arrayContaining([
      expect.objectContaining({ personName: head.name, program: '低保', monthlyAmountFen: 72_000, isCurrent: true, endDate: null }),
      expect.objectContaining({ personName: spouse.name, program: '临时救助', isCurrent: false }),
    ]));
    expect(view.entitlements).toHaveLength(2);
    // Newest first; the payment older than 36 months, the draft entry and the neighbour's are not there.
    expect(view.payments.map((p) => [p.source, p.personName, p.item, p.amountFen, p.paidDate])).toEqual([
      ['village_books', spouse.name, '公益支出', 60_000, daysAgo(5)],
      ['department', head.name, '低保金', 72_000, daysAgo(20)],
      ['department', head.name, '低保金', 72_000, daysAgo(50)],
    ]);
    expect(view.payments[0]!.description).toBe('公益岗位补贴');
    expect(view.paymentsTotalFen).toBe(204_000);
    expect(view.matters).toHaveLength(1);
    expect(view.matters[0]).toMatchObject({ title: '我家的临时救助申请', itemName: '临时救助申请', status: 'running', statusLabel: '办理中', currentStepName: '村级核实情况', isOverdue: false, applicantName: spouse.name });
    expect(view.matters[0]!.stepDueOn! >= today).toBe(true);
  });

  it('never shows another household\'s data', async () => {
    const body = JSON.stringify(view);
    for (const m of theirs.members) {
      expect(body).not.toContain(m.name);
      expect(body).not.toContain(m.idNumber);
      expect(body).not.toContain(`**********${m.idNumber.slice(14)}`);
    }
    expect(body).not.toContain('邻居家');
    expect(body).not.toContain('99900');
    const theirView = (await me(await sessionOf(theirs))).json() as THouseholdView;
    expect(theirView.members.map((m) => m.name)).toEqual(theirs.members.map((m) => m.name));
    expect(theirView.payments.map((p) => p.amountFen).sort()).toEqual([22_200, 99_900]);
    expect(theirView.matters.map((m) => m.title)).toEqual(['邻居家的临时救助申请']);
  });

  it('each view is audited without identity numbers', async () => {
    const rows = await queryRows<{ after: { idDigest: string }; region_code: string }>(ctx.platform.deps.db, sql`select after, region_code from audit_events where action = 'household.view'`);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) {
      expect(r.region_code).toBe(w.villageA1);
      expect(r.after.idDigest).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('no session, an expired, revoked or voided session: 401 VILLAGER_UNVERIFIED', async () => {
    const none = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/households/me' });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('VILLAGER_UNVERIFIED');
    expect((await me('not-a-token')).statusCode).toBe(401);

    const expired = await sessionOf(mine, 0);
    await ctx.platform.deps.db.execute(sql`update villager_sessions set expires_at = now() - interval '1 minute' where household_id = ${mine.householdId}`);
    expect((await me(expired)).statusCode).toBe(401);

    const out = await sessionOf(mine, 0);
    const logout = await ctx.app.inject({ method: 'POST', url: '/api/v1/public/households/logout', headers: { 'x-villager-token': out } });
    expect(logout.statusCode).toBe(200);
    expect((await me(out)).statusCode).toBe(401);

    const voided = await sessionOf(theirs);
    await issueHouseholdCodes(ctx.platform.deps.db, systemActor(), { regionCode: w.villageA1, householdIds: [theirs.householdId], reason: '重新发放' });
    expect((await me(voided)).statusCode).toBe(401);
  });

  it('the demo household verifies with its documented code and sees 低保, both kinds of payment and its application', async () => {
    const deps = ctx.platform.deps;
    const actor = systemActor();
    await importRegions(deps.db, actor, DEMO_REGIONS_CSV, { strict: true, isDemo: true });
    await seedDefaultCatalogue(deps.db, actor, DEMO_DISTRICT);
    for (const [dataset, csv] of demoRegistryFiles().files.filter(([d]) => ['residents', 'benefit_recipients', 'payments'].includes(d))) {
      const r = await importDataset(deps, actor, dataset as never, Buffer.from(csv), { fileName: `${dataset}.csv`, via: 'cli', strict: true, districtCode: DEMO_DISTRICT });
      expect(r.status).toBe('committed');
    }
    await seedDemoHouseholds(deps);
    expect(DEMO_HOUSEHOLD.queryCode).toBe('BKHH-8266');
    const res = await ctx.app.inject({
      method: 'POST', url: '/api/v1/public/households/verify', remoteAddress: '10.3.1.1',
      payload: { villageCode: DEMO_HOUSEHOLD.villageCode, idNumber: DEMO_HOUSEHOLD.idNumber, name: DEMO_HOUSEHOLD.name, queryCode: DEMO_HOUSEHOLD.queryCode },
    });
    expect(res.statusCode, res.body).toBe(200);
    const v = (await me(res.json().token)).json() as THouseholdView;
    expect(v.villageName).toBe('白坑村');
    expect(v.members.find((m) => m.isSelf)).toMatchObject({ name: DEMO_HOUSEHOLD.name, relation: '户主' });
    expect(v.entitlements).toEqual([expect.objectContaining({ program: '低保', isCurrent: true })]);
    expect(new Set(v.payments.map((p) => p.source))).toEqual(new Set(['department', 'village_books']));
    expect(v.matters).toEqual([expect.objectContaining({ itemName: '临时救助申请', status: 'running', currentStepName: expect.any(String) })]);
    expect(v.surveyAnswered).toBe(false);
    const [codes] = await queryRows<{ n: number }>(deps.db, sql`select count(*)::int as n from household_codes where region_code = ${DEMO_HOUSEHOLD.villageCode} and voided_at is null`);
    expect(codes!.n).toBe(12);
  });
});
