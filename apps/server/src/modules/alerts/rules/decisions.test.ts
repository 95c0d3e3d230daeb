import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import { systemActor } from '../../../lib/actor.js';
import { chinaDate } from '../../../lib/time.js';
import { addCalendarDays } from '../../../lib/calendar/index.js';
import { createTestContext, makeWorld, type TestContext, type World } from '../../../../test/helpers.js';
import { createDecision, recordStage } from '../../decisions/decisions.service.js';
import { runSweep } from '../alerts.sweep.js';
import { decisionRules, lateRecordAlert } from './decisions.js';
import { contract, decision, entry, fullStages, hitsOf, ruleContext, ruleOf, write, type StageInput } from './rules.test-support.js';

let ctx: TestContext;
const db = () => ctx.platform.deps.db;

beforeAll(async () => {
  ctx = await createTestContext();
}, 60_000);
afterAll(() => ctx.close());

const order = ruleOf(decisionRules, 'DECISION_ORDER');
const quorum = ruleOf(decisionRules, 'DECISION_QUORUM');
const late = ruleOf(decisionRules, 'LATE_RECORD');

type Made = ReturnType<typeof decision>;

describe('DECISION_ORDER', () => {
  let w: World;
  const d: Record<string, Made> = {};
  const money: Record<string, Parameters<typeof write>[1] & { contractNo?: string; entryNo?: string }> = {};
  beforeAll(async () => {
    w = await makeWorld(ctx);
    const v = w.villageA1;
    const mk = (k: string, stages: StageInput[]) => (d[k] = decision(v, stages, { title: k }));
    mk('regular', fullStages(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-10', '2026-03-11', '2026-06-01']));
    mk('sameDay', fullStages(['2026-03-01', '2026-03-01', '2026-03-01', '2026-03-01']));
    mk('inProgress', fullStages(['2026-03-01', '2026-03-02']));
    mk('inverted', fullStages(['2026-03-05', '2026-03-02', '2026-03-06', '2026-03-10']));
    mk('invertedLater', fullStages(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-10', '2026-03-09']));
    mk('noReview', [{ stage: 'proposal', heldOn: '2026-03-01' }, { stage: 'consultation', heldOn: '2026-03-02' }, { stage: 'resolution', heldOn: '2026-03-10', body: '村民代表会议', eligible: 30, attendees: 25, votesFor: 20 }]);
    mk('publishedWithoutResolution', [...fullStages(['2026-03-01', '2026-03-02', '2026-03-03']), { stage: 'resolution_published', heldOn: '2026-03-12' }]);
    mk('resultWithoutResolutionNotice', [...fullStages(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-10']), { stage: 'result_published', heldOn: '2026-06-01' }]);
    mk('contractBefore', fullStages(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-10']));
    mk('contractOnDay', fullStages(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-10']));
    mk('expenseInProgress', fullStages(['2026-03-01']));
    mk('failedThenPaid', [...fullStages(['2026-03-01', '2026-03-02', '2026-03-03']), { stage: 'resolution', heldOn: '2026-03-10', body: '村民会议', eligible: 100, attendees: 30, votesFor: 20, outcome: 'failed' }]);
    mk('rejectedExpense', fullStages(['2026-03-01']));
    mk('otherVillageMoney', fullStages(['2026-03-01']));
    money.contractBefore = contract({ regionCode: v, amountFen: 8_000_000, signedDate: '2026-03-09', decisionNo: d.contractBefore!.decisionNo, title: '村道工程' });
    money.contractOnDay = contract({ regionCode: v, amountFen: 8_000_000, signedDate: '2026-03-10', decisionNo: d.contractOnDay!.decisionNo });
    money.expenseInProgress = entry({ regionCode: v, amountFen: 100_000, entryDate: '2026-03-05', decisionNo: d.expenseInProgress!.decisionNo });
    money.failedThenPaid = contract({ regionCode: v, amountFen: 8_000_000, signedDate: '2026-03-20', decisionNo: d.failedThenPaid!.decisionNo, title: '买车' });
    money.rejectedExpense = entry({ regionCode: v, amountFen: 100_000, entryDate: '2026-03-05', decisionNo: d.rejectedExpense!.decisionNo, status: 'rejected' });
    money.otherVillage = entry({ regionCode: w.villageA2, amountFen: 100_000, entryDate: '2026-03-05', decisionNo: d.otherVillageMoney!.decisionNo });
    money.income = entry({ regionCode: v, amountFen: 100_000, entryDate: '2026-03-05', decisionNo: d.regular!.decisionNo, direction: 'income' });
    await write(db(), ...Object.values(d), ...Object.values(money));
  });

  it('fires for stages out of date order, missing stages before a resolution, and money moved before one', async () => {
    const hits = await hitsOf(db(), order, ruleContext(w.district));
    const fired = (k: string) => hits.has(d[k]!.decisionNo);
    for (const k of ['inverted', 'invertedLater', 'noReview', 'publishedWithoutResolution', 'contractBefore', 'expenseInProgress', 'failedThenPaid']) expect(fired(k), k).toBe(true);
    for (const k of ['regular', 'sameDay', 'inProgress', 'resultWithoutResolutionNotice', 'contractOnDay', 'rejectedExpense', 'otherVillageMoney']) expect(fired(k), k).toBe(false);
    expect(hits.size).toBe(7);
  });

  it('says what is wrong and names the rows', async () => {
    const hits = await hitsOf(db(), order, ruleContext(w.district));
    const no = (k: string) => d[k]!.decisionNo;
    expect(hits.get(no('inverted'))).toEqual({
      subject_id: no('inverted'),
      region_code: w.villageA1,
      summary: `决策“inverted”（${no('inverted')}）程序缺失或倒置：“党组织提议”（2026-03-05）晚于“两委会商议”（2026-03-02）`,
      evidence: `decisions:${no('inverted')}/proposal;decisions:${no('inverted')}/consultation`,
      severity: null,
    });
    expect(hits.get(no('noReview'))!.summary).toBe(`决策“noReview”（${no('noReview')}）程序缺失或倒置：缺少“党员大会审议”却已有“村民(代表)会议决议”`);
    expect(hits.get(no('noReview'))!.evidence).toBe(`decisions:${no('noReview')}/resolution`);
    expect(hits.get(no('publishedWithoutResolution'))!.summary).toContain('缺少“村民(代表)会议决议”却已有“决议公开”');
    expect(hits.get(no('contractBefore'))).toMatchObject({
      summary: `决策“contractBefore”（${no('contractBefore')}）程序缺失或倒置：2026-03-09签订合同“村道工程”（${money.contractBefore!.contractNo}），早于决议（2026-03-10）`,
      evidence: `contracts:${money.contractBefore!.contractNo}`,
    });
    expect(hits.get(no('expenseInProgress'))).toMatchObject({
      summary: `决策“expenseInProgress”（${no('expenseInProgress')}）程序缺失或倒置：2026-03-05支出1000.00元（${money.expenseInProgress!.entryNo}）时尚无通过的决议`,
      evidence: `ledger:${money.expenseInProgress!.entryNo}`,
    });
    expect(hits.get(no('failedThenPaid'))!.summary).toContain('时尚无通过的决议');
  });

  it('lists several problems in order with their evidence once each', async () => {
    const w2 = await makeWorld(ctx);
    const both = decision(w2.villageA1, [{ stage: 'consultation', heldOn: '2026-03-05' }, { stage: 'review', heldOn: '2026-03-04' }, { stage: 'resolution', heldOn: '2026-03-10', body: '村民会议', eligible: 10, attendees: 8, votesFor: 8 }], { title: '多处问题' });
    const c = contract({ regionCode: w2.villageA1, amountFen: 1_000_000, signedDate: '2026-03-01', decisionNo: both.decisionNo, title: '先签后议' });
    await write(db(), both, c);
    const hit = (await hitsOf(db(), order, ruleContext(w2.district))).get(both.decisionNo)!;
    expect(hit.summary).toBe(
      `决策“多处问题”（${both.decisionNo}）程序缺失或倒置：“两委会商议”（2026-03-05）晚于“党员大会审议”（2026-03-04）；缺少“党组织提议”却已有“村民(代表)会议决议”；2026-03-01签订合同“先签后议”（${c.contractNo}），早于决议（2026-03-10）`,
    );
    expect(hit.evidence).toBe(`decisions:${both.decisionNo}/consultation;decisions:${both.decisionNo}/review;decisions:${both.decisionNo}/resolution;contracts:${c.contractNo}`);
    expect((await hitsOf(db(), order, ruleContext(w2.district, { villages: [w2.villageA2] }))).size).toBe(0);
  });
});

describe('DECISION_QUORUM', () => {
  let w: World;
  const d: Record<string, Made> = {};
  const money: Parameters<typeof write>[1][] = [];
  beforeAll(async () => {
    w = await makeWorld(ctx);
    const before = fullStages(['2026-03-01', '2026-03-02', '2026-03-03']);
    const res = (over: Partial<StageInput>): StageInput[] => [...before, { stage: 'resolution', heldOn: '2026-03-10', ...over }];
    const mk = (k: string, over: Partial<StageInput>) => (d[k] = decision(w.villageA1, res(over), { title: k }));
    mk('repsTwoThirds', { body: '村民代表会议', eligible: 30, attendees: 20, votesFor: 11 });
    mk('repsBelow', { body: '村民代表会议', eligible: 30, attendees: 19, votesFor: 15 });
    mk('repsUneven', { body: '村民代表会议', eligible: 31, attendees: 20, votesFor: 15 });
    mk('villagersHalf', { body: '村民会议', eligible: 100, attendees: 50, votesFor: 40 });
    mk('villagersOverHalf', { body: '村民会议', eligible: 100, attendees: 51, votesFor: 40 });
    mk('votesHalf', { body: '村民会议', eligible: 100, attendees: 60, votesFor: 30 });
    mk('votesOverHalf', { body: '村民会议', eligible: 100, attendees: 60, votesFor: 31 });
    mk('both', { body: '村民代表会议', eligible: 30, attendees: 10, votesFor: 5 });
    mk('failedAndEnded', { body: '村民会议', eligible: 100, attendees: 30, votesFor: 10, outcome: 'failed' });
    d.failedButPublished = decision(w.villageA1, [...res({ body: '村民代表会议', eligible: 30, attendees: 19, votesFor: 15, outcome: 'failed' }), { stage: 'resolution_published', heldOn: '2026-03-11' }], { title: 'failedButPublished' });
    d.failedButPaid = decision(w.villageA1, res({ body: '村民会议', eligible: 400, attendees: 200, votesFor: 190, outcome: 'failed' }), { title: 'failedButPaid' });
    d.failedRejectedExpense = decision(w.villageA1, res({ body: '村民会议', eligible: 400, attendees: 200, votesFor: 190, outcome: 'failed' }), { title: 'failedRejectedExpense' });
    money.push(
      contract({ regionCode: w.villageA1, amountFen: 1_000_000, signedDate: '2026-03-20', decisionNo: d.failedButPaid.decisionNo }),
      entry({ regionCode: w.villageA1, amountFen: 1_000_000, entryDate: '2026-03-20', decisionNo: d.failedRejectedExpense.decisionNo, status: 'rejected' }),
    );
    mk('noCounts', { body: '村民会议' });
    d.reviewOnly = decision(w.villageA1, [...fullStages(['2026-03-01', '2026-03-02']), { stage: 'review', heldOn: '2026-03-03', eligible: 30, attendees: 5, votesFor: 1 }], { title: 'reviewOnly' });
    await write(db(), ...Object.values(d), ...money);
  });

  it('fires below two thirds (村民代表会议), at or below half (村民会议), or with votes for at or below half; a failed vote only when the village went on', async () => {
    const hits = await hitsOf(db(), quorum, ruleContext(w.district));
    const fired = (k: string) => hits.has(d[k]!.decisionNo);
    for (const k of ['repsBelow', 'repsUneven', 'villagersHalf', 'votesHalf', 'both', 'failedButPublished', 'failedButPaid']) expect(fired(k), k).toBe(true);
    for (const k of ['repsTwoThirds', 'villagersOverHalf', 'votesOverHalf', 'failedAndEnded', 'failedRejectedExpense', 'noCounts', 'reviewOnly']) expect(fired(k), k).toBe(false);
    expect(hits.size).toBe(7);
  });

  it('states the counts', async () => {
    const hits = await hitsOf(db(), quorum, ruleContext(w.district));
    const no = d.both!.decisionNo;
    expect(hits.get(no)).toEqual({
      subject_id: no,
      region_code: w.villageA1,
      summary: `决策“both”（${no}）2026-03-10的村民代表会议决议：应到30人，实到10人，到会不足三分之二；实到10人，赞成5票，赞成未过半数`,
      evidence: `decisions:${no}/resolution`,
      severity: null,
    });
    expect(hits.get(d.villagersHalf!.decisionNo)!.summary).toContain('应到100人，实到50人，到会未过半数');
  });
});

describe('LATE_RECORD', () => {
  let w: World;
  const d: Record<string, Made> = {};
  beforeAll(async () => {
    w = await makeWorld(ctx);
    const mk = (k: string, stages: StageInput[]) => (d[k] = decision(w.villageA1, stages, { title: k }));
    mk('sevenDays', [{ stage: 'proposal', heldOn: '2026-03-01', recordedAt: '2026-03-08T23:30:00+08:00' }]);
    mk('eightDays', [{ stage: 'proposal', heldOn: '2026-03-01', recordedAt: '2026-03-09T00:10:00+08:00' }]);
    mk('utcEvening', [{ stage: 'proposal', heldOn: '2026-03-01', recordedAt: '2026-03-08T17:00:00Z' }]);
    mk('utcBeforeMidnightChina', [{ stage: 'proposal', heldOn: '2026-03-01', recordedAt: '2026-03-08T15:59:59Z' }]);
    mk('two', [
      { stage: 'proposal', heldOn: '2026-03-01', recordedAt: '2026-03-20T10:00:00+08:00' },
      { stage: 'consultation', heldOn: '2026-03-10', recordedAt: '2026-03-11T10:00:00+08:00' },
      { stage: 'review', heldOn: '2026-03-12', recordedAt: '2026-03-30T10:00:00+08:00' },
    ]);
    mk('recordedAfterAsOf', [{ stage: 'proposal', heldOn: '2026-03-01', recordedAt: '2027-01-10T10:00:00+08:00' }]);
    await write(db(), ...Object.values(d));
  });

  it('fires when the China date of the record is more than 7 days after the meeting', async () => {
    const hits = await hitsOf(db(), late, ruleContext(w.district));
    const fired = (k: string) => hits.has(d[k]!.decisionNo);
    for (const k of ['eightDays', 'utcEvening', 'two']) expect(fired(k), k).toBe(true);
    for (const k of ['sevenDays', 'utcBeforeMidnightChina', 'recordedAfterAsOf']) expect(fired(k), k).toBe(false);
    expect(hits.size).toBe(3);
    expect(hits.get(d.utcEvening!.decisionNo)!.summary).toBe('决策“utcEvening”的会议记录疑似事后补记：“党组织提议”2026-03-01召开，2026-03-09才录入（晚8天）');
    const two = hits.get(d.two!.decisionNo)!;
    expect(two.evidence).toBe(`decisions:${d.two!.decisionNo}/proposal;decisions:${d.two!.decisionNo}/review`);
    expect(two).toMatchObject(
      lateRecordAlert(d.two!, [
        { stage: 'review', heldOn: '2026-03-12', recordedOn: '2026-03-30', daysLate: 18 },
        { stage: 'proposal', heldOn: '2026-03-01', recordedOn: '2026-03-20', daysLate: 19 },
      ]),
    );
    const three = await hitsOf(db(), late, ruleContext(w.district, { settings: { ...ruleContext(w.district).settings, lateRecordDays: 0 } }));
    expect(three.get(d.two!.decisionNo)!.evidence.split(';')).toHaveLength(3);
  });

  it('reads exactly as the alert the decisions module raises when a late stage is recorded', async () => {
    const today = chinaDate();
    const made = await createDecision(db(), systemActor(), { regionCode: w.villageB1, title: '补记的会议' });
    await recordStage(db(), systemActor(), made.id, { stage: 'proposal', heldOn: addCalendarDays(today, -12) });
    await recordStage(db(), systemActor(), made.id, { stage: 'consultation', heldOn: addCalendarDays(today, -10) });
    const [raised] = await queryRows<{ summary: string; evidence: string; severity: string; region_code: string }>(
      db(),
      sql`select summary, evidence, severity, region_code from alerts where rule = 'LATE_RECORD' and subject_id = ${made.decisionNo}`,
    );
    const hit = (await hitsOf(db(), late, ruleContext(w.district, { asOf: today }))).get(made.decisionNo)!;
    expect(hit).toMatchObject({ summary: raised!.summary, evidence: raised!.evidence, region_code: raised!.region_code });
    expect(hit.summary).toContain('晚12天');
    expect(raised!.severity).toBe(late.defaultSeverity);
  });

  it('a sweep after the decisions module raised LATE_RECORD sees it unchanged', async () => {
    const w2 = await makeWorld(ctx);
    const today = chinaDate();
    const made = await createDecision(db(), systemActor(), { regionCode: w2.villageA1, title: '事后补记' });
    await recordStage(db(), systemActor(), made.id, { stage: 'proposal', heldOn: addCalendarDays(today, -9) });
    const read = () => queryRows<{ id: string; summary: string; evidence: string; updated_at: string }>(db(), sql`select id, summary, evidence, updated_at from alerts where rule = 'LATE_RECORD' and subject_id = ${made.decisionNo}`);
    const before = await read();
    expect(before).toHaveLength(1);
    const result = await runSweep(ctx.platform.deps, systemActor(), { districtCode: w2.district });
    expect(result.perRule.LATE_RECORD).toMatchObject({ new: 0, open: 1, resolved: 0 });
    expect(await read()).toEqual(before);
    expect(await queryRows(db(), sql`select 1 from audit_events where action = 'alert.alert.update' and entity_id = ${before[0]!.id}`)).toHaveLength(0);
  });
});
