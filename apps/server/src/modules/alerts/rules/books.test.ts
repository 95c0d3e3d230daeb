import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import { systemActor } from '../../../lib/actor.js';
import { createTestContext, makeWorld, type TestContext, type World } from '../../../../test/helpers.js';
import { importLedgerCsv } from '../../books/books.exchange.js';
import { createContract } from '../../assets/assets.service.js';
import { runSweep } from '../alerts.sweep.js';
import { assetNoAuctionSummary, bookRules, largeExpenseSummary } from './books.js';
import { business, cadre, companyCode, contract, decision, entry, fullStages, hitsOf, kin, personId, resident, ruleContext, ruleOf, write, type Hit } from './rules.test-support.js';

let ctx: TestContext;
const db = () => ctx.platform.deps.db;

beforeAll(async () => {
  ctx = await createTestContext();
}, 60_000);
afterAll(() => ctx.close());

const unapproved = ruleOf(bookRules, 'UNAPPROVED_LARGE_EXPENSE');
const split = ruleOf(bookRules, 'SPLIT_PAYMENT');
const relatedContract = ruleOf(bookRules, 'RELATED_PARTY_CONTRACT', 'contract');
const relatedExpense = ruleOf(bookRules, 'RELATED_PARTY_CONTRACT', 'ledger_entry');
const noAuction = ruleOf(bookRules, 'ASSET_NO_AUCTION');

async function alertOf(rule: string, subjectId: string) {
  const [row] = await queryRows<{ summary: string; evidence: string; severity: string; region_code: string }>(
    db(),
    sql`select summary, evidence, severity, region_code from alerts where rule = ${rule} and subject_id = ${subjectId}`,
  );
  return row;
}

describe('UNAPPROVED_LARGE_EXPENSE', () => {
  let w: World;
  let passedNo: string;
  const e: Record<string, ReturnType<typeof entry>> = {};
  beforeAll(async () => {
    w = await makeWorld(ctx);
    const v = w.villageA1;
    const passed = decision(v, fullStages(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-10']));
    const failed = decision(v, [...fullStages(['2026-03-01', '2026-03-02', '2026-03-03']), { stage: 'resolution', heldOn: '2026-03-04', body: '村民会议', eligible: 100, attendees: 40, votesFor: 30, outcome: 'failed' }]);
    passedNo = passed.decisionNo;
    const elsewhere = decision(w.villageA2, fullStages(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']));
    Object.assign(e, {
      atThreshold: entry({ regionCode: v, entryDate: '2026-04-01', amountFen: 5_000_000, counterpartyName: '某建筑公司', description: '村道工程款' }),
      below: entry({ regionCode: v, entryDate: '2026-04-01', amountFen: 4_999_999 }),
      onResolutionDay: entry({ regionCode: v, entryDate: '2026-03-10', amountFen: 6_000_000, decisionNo: passed.decisionNo }),
      beforeResolution: entry({ regionCode: v, entryDate: '2026-03-09', amountFen: 6_000_000, decisionNo: passed.decisionNo, description: null, counterpartyName: null }),
      failedResolution: entry({ regionCode: v, entryDate: '2026-04-01', amountFen: 6_000_000, decisionNo: failed.decisionNo }),
      otherVillageDecision: entry({ regionCode: v, entryDate: '2026-04-01', amountFen: 6_000_000, decisionNo: elsewhere.decisionNo }),
      income: entry({ regionCode: v, entryDate: '2026-04-01', amountFen: 9_000_000, direction: 'income' }),
      draft: entry({ regionCode: v, entryDate: '2026-04-02', amountFen: 7_000_000, status: 'draft' }),
      pending: entry({ regionCode: v, entryDate: '2026-04-02', amountFen: 7_000_000, status: 'pending_review' }),
      rejected: entry({ regionCode: v, entryDate: '2026-04-02', amountFen: 7_000_000, status: 'rejected' }),
      afterAsOf: entry({ regionCode: v, entryDate: '2027-01-05', amountFen: 7_000_000 }),
      inA2: entry({ regionCode: w.villageA2, entryDate: '2026-04-03', amountFen: 8_000_000 }),
    });
    // A reversed expense and its reversal (an income-direction entry) cancel out, also while the reversal awaits review.
    const reversalId = crypto.randomUUID();
    e.reversed = entry({ regionCode: v, entryDate: '2026-04-05', amountFen: 8_000_000, reversedByEntryId: reversalId });
    e.reversal = entry({ regionCode: v, entryDate: '2026-04-06', amountFen: 8_000_000, direction: 'income', id: reversalId, reversesEntryId: e.reversed.id, status: 'pending_review' });
    // A reversal of an income is an expense-direction entry: it undoes money received, it is not spending.
    const incomeReversalId = crypto.randomUUID();
    e.reversedIncome = entry({ regionCode: v, entryDate: '2026-04-05', amountFen: 8_000_000, direction: 'income', reversedByEntryId: incomeReversalId });
    e.incomeReversal = entry({ regionCode: v, entryDate: '2026-04-06', amountFen: 8_000_000, id: incomeReversalId, reversesEntryId: e.reversedIncome.id });
    // A rejected reversal does not undo anything.
    const rejectedReversalId = crypto.randomUUID();
    e.notReallyReversed = entry({ regionCode: v, entryDate: '2026-04-07', amountFen: 8_000_000, reversedByEntryId: rejectedReversalId });
    e.rejectedReversal = entry({ regionCode: v, entryDate: '2026-04-08', amountFen: 8_000_000, direction: 'income', id: rejectedReversalId, reversesEntryId: e.notReallyReversed.id, status: 'rejected' });
    await write(db(), passed, failed, elsewhere, ...Object.values(e));
  });

  it('fires at the threshold without a decision resolved on or before the entry date, and not otherwise', async () => {
    const hits = await hitsOf(db(), unapproved, ruleContext(w.district));
    const fired = (k: string) => hits.has(e[k]!.entryNo);
    for (const k of ['atThreshold', 'beforeResolution', 'failedResolution', 'otherVillageDecision', 'draft', 'pending', 'inA2', 'notReallyReversed']) expect(fired(k), k).toBe(true);
    for (const k of ['below', 'onResolutionDay', 'income', 'rejected', 'afterAsOf', 'reversed', 'reversal', 'reversedIncome', 'incomeReversal', 'rejectedReversal']) expect(fired(k), k).toBe(false);
    expect(hits.size).toBe(8);
  });

  it('writes a plain summary, the entry as evidence, the default severity', async () => {
    const hits = await hitsOf(db(), unapproved, ruleContext(w.district));
    expect(hits.get(e.atThreshold!.entryNo)).toEqual({
      subject_id: e.atThreshold!.entryNo,
      region_code: w.villageA1,
      summary: '2026-04-01支出50000.00元（村道工程款，付给某建筑公司）达到大额支出标准，但没有注明经村民（代表）会议决议通过的决策编号',
      evidence: `ledger:${e.atThreshold!.entryNo}`,
      severity: null,
    });
    const before = hits.get(e.beforeResolution!.entryNo)!;
    expect(before.summary).toBe(`2026-03-09支出60000.00元达到大额支出标准，但决策“${passedNo}”在本村没有2026-03-09或之前通过的村民（代表）会议决议`);
    expect(before.summary).toBe(largeExpenseSummary({ entryDate: '2026-03-09', amountFen: 6_000_000, description: null, counterpartyName: null, decisionNo: passedNo }));
  });

  it('looks only at the district, and at the given villages in an incremental sweep', async () => {
    const other = await makeWorld(ctx);
    const there = entry({ regionCode: other.villageA1, entryDate: '2026-04-01', amountFen: 9_000_000 });
    await write(db(), there);
    expect((await hitsOf(db(), unapproved, ruleContext(w.district))).has(there.entryNo)).toBe(false);
    expect([...(await hitsOf(db(), unapproved, ruleContext(other.district))).keys()]).toEqual([there.entryNo]);
    const onlyA2 = await hitsOf(db(), unapproved, ruleContext(w.district, { villages: [w.villageA2] }));
    expect([...onlyA2.keys()]).toEqual([e.inA2!.entryNo]);
    expect((await hitsOf(db(), unapproved, ruleContext(w.district, { villages: [] }))).size).toBe(0);
  });

  it('follows the threshold setting', async () => {
    const hits = await hitsOf(db(), unapproved, ruleContext(w.district, { settings: { ...ruleContext(w.district).settings, largeExpenseThresholdFen: 4_999_999 } }));
    expect(hits.has(e.below!.entryNo)).toBe(true);
  });

  it('reads exactly as the alert the books module raises when the entry is imported', async () => {
    const no = `IMP-${w.villageB1}-1`;
    const report = await importLedgerCsv(db(), systemActor(), `entry_id,village_code,entry_date,direction,amount,category,counterparty_name,counterparty_id,description,decision_id\n${no},${w.villageB1},2026-05-06,expense,52000.5,工程支出,某建设公司,,村道硬化,\n`);
    expect(report.created).toBe(1);
    const raised = await alertOf('UNAPPROVED_LARGE_EXPENSE', no);
    const hit = (await hitsOf(db(), unapproved, ruleContext(w.district))).get(no)!;
    expect(hit).toMatchObject({ summary: raised!.summary, evidence: raised!.evidence, region_code: raised!.region_code });
    expect(raised!.severity).toBe(unapproved.defaultSeverity);
  });
});

describe('SPLIT_PAYMENT', () => {
  let w: World;
  const g: Record<string, ReturnType<typeof entry>[]> = {};
  beforeAll(async () => {
    w = await makeWorld(ctx);
    const v = w.villageA1;
    const id = () => companyCode();
    const [X, Y, Z, V, W, U, C] = [id(), id(), id(), id(), id(), id(), id()];
    const passed = decision(v, fullStages(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']));
    g.thirtyDays = [entry({ regionCode: v, entryDate: '2026-03-01', amountFen: 3_000_000, counterpartyId: X }), entry({ regionCode: v, entryDate: '2026-03-31', amountFen: 2_000_000, counterpartyId: X, counterpartyName: '另一写法的名称' })];
    g.thirtyOneDays = [entry({ regionCode: v, entryDate: '2026-03-01', amountFen: 3_000_000, counterpartyId: Y }), entry({ regionCode: v, entryDate: '2026-04-01', amountFen: 2_000_000, counterpartyId: Y })];
    g.justBelow = [entry({ regionCode: v, entryDate: '2026-03-01', amountFen: 3_000_000, counterpartyId: Z }), entry({ regionCode: v, entryDate: '2026-03-05', amountFen: 1_999_999, counterpartyId: Z })];
    g.oneApproved = [entry({ regionCode: v, entryDate: '2026-03-01', amountFen: 3_000_000, counterpartyId: V, decisionNo: passed.decisionNo }), entry({ regionCode: v, entryDate: '2026-03-02', amountFen: 2_000_000, counterpartyId: V })];
    g.differentNames = [entry({ regionCode: v, entryDate: '2026-03-01', amountFen: 3_000_000, counterpartyName: '甲公司' }), entry({ regionCode: v, entryDate: '2026-03-01', amountFen: 2_000_000, counterpartyName: '乙公司' })];
    g.sameName = [entry({ regionCode: v, entryDate: '2026-05-01', amountFen: 2_500_000, counterpartyName: '张三', description: '零星工程' }), entry({ regionCode: v, entryDate: '2026-05-02', amountFen: 2_500_000, counterpartyName: ' 张三 ', description: null })];
    g.chain = [
      entry({ regionCode: v, entryDate: '2026-06-01', amountFen: 3_000_000, counterpartyId: W }),
      entry({ regionCode: v, entryDate: '2026-06-21', amountFen: 3_000_000, counterpartyId: W }),
      entry({ regionCode: v, entryDate: '2026-07-16', amountFen: 3_000_000, counterpartyId: W }),
    ];
    g.withLarge = [entry({ regionCode: v, entryDate: '2026-03-01', amountFen: 6_000_000, counterpartyId: U }), entry({ regionCode: v, entryDate: '2026-03-02', amountFen: 1_000_000, counterpartyId: U })];
    g.twoVillages = [entry({ regionCode: v, entryDate: '2026-03-01', amountFen: 3_000_000, counterpartyId: C }), entry({ regionCode: w.villageA2, entryDate: '2026-03-02', amountFen: 3_000_000, counterpartyId: C })];
    g.noCounterparty = [entry({ regionCode: v, entryDate: '2026-03-01', amountFen: 3_000_000, counterpartyName: null }), entry({ regionCode: v, entryDate: '2026-03-01', amountFen: 3_000_000, counterpartyName: null })];
    g.rejectedOne = [entry({ regionCode: v, entryDate: '2026-08-01', amountFen: 3_000_000, counterpartyName: '李四' }), entry({ regionCode: v, entryDate: '2026-08-02', amountFen: 3_000_000, counterpartyName: '李四', status: 'rejected' })];
    await write(db(), passed, ...Object.values(g).flat());
  });

  it('fires on every entry of a group within 30 days whose sum reaches the threshold, and on no near miss', async () => {
    const hits = await hitsOf(db(), split, ruleContext(w.district));
    const fired = (k: string) => g[k]!.map((x) => hits.has(x.entryNo));
    expect(fired('thirtyDays')).toEqual([true, true]);
    expect(fired('sameName')).toEqual([true, true]);
    expect(fired('chain')).toEqual([true, true, true]);
    for (const k of ['thirtyOneDays', 'justBelow', 'oneApproved', 'differentNames', 'withLarge', 'twoVillages', 'noCounterparty', 'rejectedOne']) expect(fired(k), k).toEqual(g[k]!.map(() => false));
    expect(hits.size).toBe(7);
  });

  it('names the earliest group an entry belongs to', async () => {
    const hits = await hitsOf(db(), split, ruleContext(w.district));
    const [c1, c2, c3] = g.chain!;
    expect(hits.get(c1!.entryNo)!.evidence).toBe(`ledger:${c1!.entryNo};ledger:${c2!.entryNo}`);
    expect(hits.get(c2!.entryNo)!.evidence).toBe(`ledger:${c1!.entryNo};ledger:${c2!.entryNo}`);
    expect(hits.get(c3!.entryNo)!.evidence).toBe(`ledger:${c2!.entryNo};ledger:${c3!.entryNo}`);
    const [s1, s2] = g.sameName!;
    expect(hits.get(s2!.entryNo)).toMatchObject({
      region_code: w.villageA1,
      severity: null,
      summary: '2026-05-02支出25000.00元（付给 张三 ），与2026-05-01至2026-05-02间付给同一对象的其他1笔支出合计50000.00元，每笔都低于大额支出标准且未经决策，合计达到标准，疑似拆分支付',
      evidence: `ledger:${s1!.entryNo};ledger:${s2!.entryNo}`,
    });
  });

  it('follows the window and threshold settings', async () => {
    const base = ruleContext(w.district).settings;
    const wide = await hitsOf(db(), split, ruleContext(w.district, { settings: { ...base, splitPaymentWindowDays: 31 } }));
    expect(g.thirtyOneDays!.every((x) => wide.has(x.entryNo))).toBe(true);
    const lower = await hitsOf(db(), split, ruleContext(w.district, { settings: { ...base, largeExpenseThresholdFen: 4_999_999 } }));
    expect(g.justBelow!.every((x) => lower.has(x.entryNo))).toBe(true);
    expect((await hitsOf(db(), split, ruleContext(w.district, { villages: [w.villageA2] }))).size).toBe(0);
  });
});

describe('RELATED_PARTY_CONTRACT', () => {
  let w: World;
  const c: Record<string, ReturnType<typeof contract>> = {};
  const l: Record<string, ReturnType<typeof entry>> = {};
  let ids: Record<string, string>;
  let codes: Record<string, string>;
  beforeAll(async () => {
    w = await makeWorld(ctx);
    const v = w.villageA1;
    // The owner created before the cadre sorts first in the kinship pair (id_number_a).
    const earlyKin = personId();
    ids = { cadre: personId(), earlyKin, household: personId(), kin: personId(), kinOfKin: personId(), otherVillage: personId(), former: personId(), stranger: personId() };
    codes = Object.fromEntries(['self', 'household', 'kin', 'earlyKin', 'kinOfKin', 'otherVillage', 'former', 'supervisor'].map((k) => [k, companyCode()]));
    const setup = [
      cadre({ idNumber: ids.cadre!, name: '王主任', regionCode: v, startDate: '2025-01-01' }),
      cadre({ idNumber: ids.otherVillage!, name: '赵书记', regionCode: w.villageA2, position: '党组织书记', startDate: '2025-01-01' }),
      cadre({ idNumber: ids.former!, name: '钱会计', regionCode: v, position: '会计', startDate: '2026-02-01', endDate: '2026-02-28' }),
      resident({ idNumber: ids.cadre!, name: '王主任', householdId: 'H-1', regionCode: v }),
      resident({ idNumber: ids.household!, name: '王小妹', householdId: 'H-1', regionCode: v }),
      resident({ idNumber: ids.stranger!, name: '路人', householdId: 'H-2', regionCode: v }),
      kin(ids.cadre!, ids.kin!, '兄弟姐妹', w.district),
      kin(ids.earlyKin!, ids.cadre!, '配偶', w.district),
      kin(ids.kin!, ids.kinOfKin!, '配偶', w.district),
      business({ creditCode: codes.self!, companyName: '王氏建材公司', idNumber: ids.cadre!, role: '法定代表人', regionCode: w.district }),
      business({ creditCode: codes.self!, companyName: '王氏建材公司', idNumber: ids.household!, role: '股东', regionCode: w.district }),
      business({ creditCode: codes.household!, companyName: '小妹商贸公司', idNumber: ids.household!, role: '股东', regionCode: w.district }),
      business({ creditCode: codes.kin!, companyName: '兄弟工程队', idNumber: ids.kin!, role: '法定代表人', regionCode: w.district }),
      business({ creditCode: codes.earlyKin!, companyName: '配偶农资店', idNumber: ids.earlyKin!, role: '股东', regionCode: w.district }),
      business({ creditCode: codes.kinOfKin!, companyName: '远亲公司', idNumber: ids.kinOfKin!, role: '法定代表人', regionCode: w.district }),
      business({ creditCode: codes.otherVillage!, companyName: '邻村书记公司', idNumber: ids.otherVillage!, role: '法定代表人', regionCode: w.district }),
      business({ creditCode: codes.former!, companyName: '前会计公司', idNumber: ids.former!, role: '股东', regionCode: w.district }),
      business({ creditCode: codes.supervisor!, companyName: '监事公司', idNumber: ids.cadre!, role: '监事', regionCode: w.district }),
    ];
    const ct = (k: string, code: string, signedDate: string, regionCode = v) => (c[k] = contract({ regionCode, amountFen: 1_000_000, signedDate, counterpartyId: code, counterpartyName: k }));
    const ex = (k: string, code: string, entryDate: string, over: Partial<Parameters<typeof entry>[0]> = {}) => (l[k] = entry({ regionCode: v, amountFen: 300_000, entryDate, counterpartyId: code, ...over }));
    const rows = [
      ct('self', codes.self!, '2026-03-01'),
      ct('household', codes.household!, '2026-03-01'),
      ct('earlyKin', codes.earlyKin!, '2026-03-01'),
      ct('kinOfKin', codes.kinOfKin!, '2026-03-01'),
      ct('otherVillage', codes.otherVillage!, '2026-03-01'),
      ct('otherVillageThere', codes.otherVillage!, '2026-03-01', w.villageA2),
      ct('formerAfterTerm', codes.former!, '2026-03-01'),
      ct('formerLastDay', codes.former!, '2026-02-28'),
      ct('formerFirstDay', codes.former!, '2026-02-01'),
      ct('beforeCadreTerm', codes.self!, '2024-12-31'),
      ct('supervisorRole', codes.supervisor!, '2026-03-01'),
      ex('kin', codes.kin!, '2026-04-01'),
      ex('kinIncome', codes.kin!, '2026-04-01', { direction: 'income' }),
      ex('kinRejected', codes.kin!, '2026-04-01', { status: 'rejected' }),
      ex('selfLowercase', codes.self!.toLowerCase(), '2026-04-01'),
    ];
    await write(db(), ...setup, ...rows);
  });

  it('fires for the cadre, the household and declared kin, on the date, in the village', async () => {
    const hits = await hitsOf(db(), relatedContract, ruleContext(w.district));
    const fired = (k: string) => hits.has(c[k]!.contractNo);
    for (const k of ['self', 'household', 'earlyKin', 'otherVillageThere', 'formerLastDay', 'formerFirstDay']) expect(fired(k), k).toBe(true);
    for (const k of ['kinOfKin', 'otherVillage', 'formerAfterTerm', 'beforeCadreTerm', 'supervisorRole']) expect(fired(k), k).toBe(false);
    expect(hits.size).toBe(6);
  });

  it('says who is linked to whom, without identity numbers, red when the cadre is the owner', async () => {
    const hits = await hitsOf(db(), relatedContract, ruleContext(w.district));
    const self = hits.get(c.self!.contractNo)!;
    expect(self.severity).toBe('red');
    expect(self.summary).toBe(`2026-03-01签订的工程合同“村道硬化”（${c.self!.contractNo}，10000.00元），对方王氏建材公司的法定代表人是本村村委会主任王主任本人（另有1处关联）`);
    expect(self.evidence).toBe(
      `contracts:${c.self!.contractNo};businesses:${codes.self}/${ids.cadre}/法定代表人;cadres:${ids.cadre}/村委会主任/2025-01-01;` +
        `businesses:${codes.self}/${ids.household}/股东;residents:${ids.cadre};residents:${ids.household}`,
    );
    const household = hits.get(c.household!.contractNo)!;
    expect(household.severity).toBeNull();
    expect(household.summary).toContain('对方小妹商贸公司的股东是本村村委会主任王主任的同户家庭成员');
    const spouse = hits.get(c.earlyKin!.contractNo)!;
    expect(spouse.summary).toContain('是本村村委会主任王主任的亲属（配偶）');
    expect(spouse.evidence).toContain(`kinship:${ids.earlyKin}/${ids.cadre}`);
    for (const h of hits.values()) for (const id of Object.values(ids)) expect(h.summary).not.toContain(id);
  });

  it('fires for expenses too (the kin linked the other way round), not for income or rejected entries', async () => {
    const hits = await hitsOf(db(), relatedExpense, ruleContext(w.district));
    expect([...hits.keys()].sort()).toEqual([l.kin!.entryNo, l.selfLowercase!.entryNo].sort());
    const kinHit = hits.get(l.kin!.entryNo) as Hit;
    expect(kinHit.summary).toBe('2026-04-01支出3000.00元（工程款），对方兄弟工程队的法定代表人是本村村委会主任王主任的亲属（兄弟姐妹）');
    expect(kinHit.evidence).toBe(`ledger:${l.kin!.entryNo};businesses:${codes.kin}/${ids.kin}/法定代表人;cadres:${ids.cadre}/村委会主任/2025-01-01;kinship:${ids.cadre}/${ids.kin}`);
    expect(relatedExpense.subjectType).toBe('ledger_entry');
  });
});

describe('ASSET_NO_AUCTION', () => {
  let w: World;
  const c: Record<string, ReturnType<typeof contract>> = {};
  beforeAll(async () => {
    w = await makeWorld(ctx);
    const v = w.villageA1;
    Object.assign(c, {
      leaseDirect: contract({ regionCode: v, contractType: '资产租赁', title: '仓库出租', amountFen: 2_000_000, signedDate: '2026-03-01', procurementMethod: '直接委托' }),
      leaseBelow: contract({ regionCode: v, contractType: '资产租赁', amountFen: 1_999_999, signedDate: '2026-03-01', procurementMethod: '直接委托' }),
      saleAuction: contract({ regionCode: v, contractType: '资产出售', amountFen: 50_000_000, signedDate: '2026-03-01', procurementMethod: '公开拍卖' }),
      landEmpty: contract({ regionCode: v, contractType: '土地承包', title: '鱼塘承包', amountFen: 3_000_000, signedDate: '2026-03-02', procurementMethod: null }),
      landBidding: contract({ regionCode: v, contractType: '土地承包', amountFen: 3_000_000, signedDate: '2026-03-02', procurementMethod: '公开竞价' }),
      saleTender: contract({ regionCode: v, contractType: '资产出售', amountFen: 3_000_000, signedDate: '2026-03-02', procurementMethod: '公开招标' }),
      saleNegotiated: contract({ regionCode: v, contractType: '资产出售', amountFen: 3_000_000, signedDate: '2026-03-02', procurementMethod: '竞争性谈判', status: 'terminated' }),
      works: contract({ regionCode: v, contractType: '工程', amountFen: 50_000_000, signedDate: '2026-03-01', procurementMethod: '直接委托' }),
    });
    await write(db(), ...Object.values(c));
  });

  it('fires for leases, sales and land contracting at or above the threshold not publicly traded', async () => {
    const hits = await hitsOf(db(), noAuction, ruleContext(w.district));
    expect([...hits.keys()].sort()).toEqual([c.leaseDirect!.contractNo, c.landEmpty!.contractNo, c.saleNegotiated!.contractNo].sort());
    expect(hits.get(c.landEmpty!.contractNo)).toEqual({
      subject_id: c.landEmpty!.contractNo,
      region_code: w.villageA1,
      summary: `2026-03-02签订的土地承包合同“鱼塘承包”（${c.landEmpty!.contractNo}）金额30000.00元，达到资产处置标准，交易方式为“未填写”，未经公开招标、公开拍卖或公开竞价`,
      evidence: `contracts:${c.landEmpty!.contractNo}`,
      severity: null,
    });
    expect(hits.get(c.leaseDirect!.contractNo)!.summary).toBe(
      assetNoAuctionSummary({ contractNo: c.leaseDirect!.contractNo, contractType: '资产租赁', title: '仓库出租', amountFen: 2_000_000, signedDate: '2026-03-01', procurementMethod: '直接委托' }),
    );
    const higher = await hitsOf(db(), noAuction, ruleContext(w.district, { settings: { ...ruleContext(w.district).settings, assetDisposalThresholdFen: 2_000_001 } }));
    expect(higher.has(c.leaseDirect!.contractNo)).toBe(false);
  });

  it('reads exactly as the alert the assets module raises when the contract is written', async () => {
    const made = await createContract(db(), systemActor(), {
      regionCode: w.villageB1, contractType: '资产租赁', title: '厂房出租', counterpartyName: '某公司', amountFen: 4_000_000,
      signedDate: '2026-06-01', procurementMethod: '询价', status: 'active',
    } as Parameters<typeof createContract>[2]);
    const raised = await alertOf('ASSET_NO_AUCTION', made.contractNo);
    const hit = (await hitsOf(db(), noAuction, ruleContext(w.district))).get(made.contractNo)!;
    expect(hit).toMatchObject({ summary: raised!.summary, evidence: raised!.evidence, region_code: raised!.region_code });
    expect(raised!.severity).toBe(noAuction.defaultSeverity);
  });
});

describe('write-time raises and the sweep', () => {
  it('a sweep after the books and assets modules raised their alerts sees them unchanged', async () => {
    const w = await makeWorld(ctx);
    const no = `IMP-${w.villageA1}-9`;
    await importLedgerCsv(db(), systemActor(), `entry_id,village_code,entry_date,direction,amount,category,counterparty_name,counterparty_id,description,decision_id\n${no},${w.villageA1},2026-05-06,expense,60000,工程支出,某建设公司,,,${w.villageA1}-2026-9999\n`);
    const made = await createContract(db(), systemActor(), {
      regionCode: w.villageA1, contractType: '资产出售', title: '旧校舍出售', counterpartyName: '某公司', amountFen: 9_000_000,
      signedDate: '2026-06-01', procurementMethod: null, status: 'active',
    } as Parameters<typeof createContract>[2]);
    const before = await queryRows<{ id: string; summary: string; updated_at: string }>(db(), sql`select id, summary, updated_at from alerts where subject_id in (${no}, ${made.contractNo}) order by rule`);
    expect(before).toHaveLength(2);
    const result = await runSweep(ctx.platform.deps, systemActor(), { districtCode: w.district });
    expect(result.perRule.UNAPPROVED_LARGE_EXPENSE).toMatchObject({ new: 0, open: 1, resolved: 0 });
    expect(result.perRule.ASSET_NO_AUCTION).toMatchObject({ new: 0, open: 1, resolved: 0 });
    const after = await queryRows<{ id: string; summary: string; updated_at: string }>(db(), sql`select id, summary, updated_at from alerts where subject_id in (${no}, ${made.contractNo}) order by rule`);
    expect(after).toEqual(before);
    const updates = await queryRows(db(), sql`select 1 from audit_events where action = 'alert.alert.update' and entity_id in (${before[0]!.id}, ${before[1]!.id})`);
    expect(updates).toHaveLength(0);
  });
});
