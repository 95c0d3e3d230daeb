import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import type { TDecision, TRecordDecisionStageRequest } from '@mpw/contracts';
import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { addCalendarDays } from '../../lib/calendar/index.js';
import { audited } from '../audit/audit.log.js';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { testDbKind } from '../../../test/test-db.js';
import { createDecision, recordStage } from './decisions.service.js';
import { exportDecisionsCsv } from './decisions.export.js';

let ctx: TestContext;
let w: World;
let secretary: Client;
let secretaryId: string;
let inspector: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  const s = await makeUser(ctx, w.villageA1, ['village_secretary']);
  secretaryId = s.id;
  secretary = await login(ctx.app, s.username);
  inspector = await login(ctx.app, (await makeUser(ctx, w.district, ['district_inspector'])).username);
});
afterAll(() => ctx.close());
afterEach(() => {
  vi.useRealTimers();
});

const daysAgo = (n: number) => addCalendarDays(chinaDate(), -n);

type Stage = TRecordDecisionStageRequest;
/** A major works decision's minutes, all held within the last week (none late). */
const MINUTES: Stage[] = [
  { stage: 'proposal', body: '村党支部委员会', heldOn: daysAgo(6), place: '村委会议室', chair: '王书记', recorder: '李会计', eligible: 5, attendees: 5, votesFor: 5, votesAgainst: 0, minutes: '提议硬化村道1.2公里' },
  { stage: 'consultation', body: '两委联席会议', heldOn: daysAgo(5), eligible: 8, attendees: 7, votesFor: 7, votesAgainst: 0 },
  { stage: 'review', body: '党员大会', heldOn: daysAgo(4), eligible: 90, attendees: 67, votesFor: 56, votesAgainst: 3, abstentions: 8 },
  { stage: 'resolution', body: '村民代表会议', heldOn: daysAgo(3), place: '村文化礼堂', chair: '王书记', recorder: '李会计', eligible: 57, attendees: 52, votesFor: 50, votesAgainst: 1, abstentions: 1, minutes: '表决通过' },
  { stage: 'resolution_published', heldOn: daysAgo(2), minutes: '决议在村务公开栏公布' },
  { stage: 'result_published', heldOn: daysAgo(0), minutes: '工程已验收，决算118万元' },
];
const minutesOf = (stage: Stage['stage']) => MINUTES.find((m) => m.stage === stage)!;

async function newDecision(c: Client = secretary, body: Record<string, unknown> = {}): Promise<TDecision> {
  const res = await c.post('/api/v1/decisions', { title: '村道硬化工程', amountFen: 120_000_000, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function record(id: string, stage: Stage, c: Client = secretary) {
  return c.post(`/api/v1/decisions/${id}/stages`, stage);
}

async function recordOk(id: string, stage: Stage): Promise<TDecision> {
  const res = await record(id, stage);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** A decision whose proposal, consultation and review are recorded (passed). */
async function upToReview(): Promise<TDecision> {
  const d = await newDecision();
  for (const s of ['proposal', 'consultation', 'review'] as const) await recordOk(d.id, minutesOf(s));
  return d;
}

async function alertRows(subjectId: string) {
  return queryRows<{ rule: string; severity: string; status: string; region_code: string; evidence: string; summary: string }>(
    ctx.platform.deps.db,
    sql`select rule, severity, status, region_code, evidence, summary from alerts where subject_type = 'decision' and subject_id = ${subjectId}`,
  );
}

describe('a major works decision through all six stages', () => {
  it('numbers it, records every stage in order, passes at the resolution and completes at the result', async () => {
    const d = await newDecision();
    const year = chinaDate().slice(0, 4);
    expect(d).toMatchObject({ regionCode: w.villageA1, regionName: '甲一村', title: '村道硬化工程', amountFen: 120_000_000, isMajor: true, status: 'in_progress', nextStage: 'proposal', stages: [] });
    expect(d.decisionNo).toMatch(new RegExp(`^${w.villageA1}-${year}-\\d{4}$`));
    const next = await newDecision(secretary, { title: '村部修缮', amountFen: 4_999_999 });
    expect(Number(next.decisionNo.slice(-4))).toBe(Number(d.decisionNo.slice(-4)) + 1);
    expect(next.isMajor).toBe(false);

    const statuses: string[] = [];
    let latest = d;
    for (const m of MINUTES) {
      const before = Date.now();
      latest = await recordOk(d.id, m);
      statuses.push(latest.status);
      const s = latest.stages.at(-1)!;
      expect(s).toMatchObject({ stage: m.stage, heldOn: m.heldOn, isLate: false, recordedBy: secretaryId });
      expect(Date.parse(s.recordedAt)).toBeGreaterThanOrEqual(before - 1000);
    }
    expect(statuses).toEqual(['in_progress', 'in_progress', 'in_progress', 'passed', 'passed', 'completed']);
    expect(latest.nextStage).toBeNull();
    expect(latest.stages.map((s) => s.stage)).toEqual(MINUTES.map((m) => m.stage));
    expect(latest.stages.map((s) => s.outcome)).toEqual([null, null, 'passed', 'passed', null, null]);
    expect(latest.stages[3]).toMatchObject({ body: '村民代表会议', eligible: 57, attendees: 52, votesFor: 50, votesAgainst: 1, abstentions: 1, place: '村文化礼堂', chair: '王书记', recorder: '李会计', minutes: '表决通过' });

    const got = await secretary.get(`/api/v1/decisions/${d.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(latest);

    const events = await queryRows<{ action: string; region_code: string; after: { status?: string; stage?: string } }>(
      ctx.platform.deps.db,
      sql`select action, region_code, after from audit_events where entity_type = 'decision' and entity_id = ${d.id} order by seq`,
    );
    expect(events.map((e) => e.action)).toEqual(['decision.decision.create', ...MINUTES.map(() => 'decision.stage.record')]);
    expect(events.every((e) => e.region_code === w.villageA1)).toBe(true);
    expect(events.at(-1)!.after).toMatchObject({ stage: 'result_published', status: 'completed' });
    expect(await alertRows(d.decisionNo)).toEqual([]);
  });

  it('refuses any stage after the result is published', async () => {
    const d = await newDecision();
    for (const m of MINUTES) await recordOk(d.id, m);
    const again = await record(d.id, minutesOf('result_published'));
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('已经记录');
  });

  it('lists decisions in scope with filters', async () => {
    const d = await newDecision(secretary, { title: '垃圾分类亭采购' });
    const list = await secretary.get(`/api/v1/decisions?q=${encodeURIComponent('垃圾分类')}&status=in_progress`);
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((x: TDecision) => x.id)).toEqual([d.id]);
    expect(list.json().total).toBe(1);
    const byNo = await inspector.get(`/api/v1/decisions?q=${d.decisionNo}&regionCode=${w.villageA1}`);
    expect(byNo.json().data.map((x: TDecision) => x.id)).toEqual([d.id]);
    expect((await inspector.get(`/api/v1/decisions?q=${d.decisionNo}&regionCode=${w.villageA2}`)).json().total).toBe(0);
    expect((await secretary.get('/api/v1/decisions?status=completed&pageSize=200')).json().data.every((x: TDecision) => x.status === 'completed')).toBe(true);
  });
});

describe('order of the stages', () => {
  it('refuses a stage whose predecessor is missing (409, in Chinese) and a stage recorded twice', async () => {
    const d = await newDecision();
    const skipped = await record(d.id, minutesOf('consultation'));
    expect(skipped.statusCode).toBe(409);
    expect(skipped.headers['content-type']).toContain('application/problem+json');
    expect(skipped.json()).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('尚未记录“党组织提议”环节') });

    await recordOk(d.id, minutesOf('proposal'));
    const twice = await record(d.id, minutesOf('proposal'));
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toContain('“党组织提议”环节已经记录');

    await recordOk(d.id, minutesOf('consultation'));
    const noReview = await record(d.id, minutesOf('resolution'));
    expect(noReview.statusCode).toBe(409);
    expect(noReview.json().message).toContain('尚未记录“党员大会审议”环节');
    const stages = await queryRows<{ stage: string }>(ctx.platform.deps.db, sql`select stage from decision_stages where decision_id = ${d.id}`);
    expect(stages.map((s) => s.stage).sort()).toEqual(['consultation', 'proposal']);
  });

  it('refuses a date before the previous stage (400 naming heldOn); the same day is fine', async () => {
    const d = await newDecision();
    await recordOk(d.id, minutesOf('proposal'));
    const back = await record(d.id, { ...minutesOf('consultation'), heldOn: daysAgo(7) });
    expect(back.statusCode).toBe(400);
    expect(back.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'heldOn', message: expect.stringContaining('不能早于上一环节“党组织提议”') }] });
    await recordOk(d.id, { ...minutesOf('consultation'), heldOn: minutesOf('proposal').heldOn });
  });
});

describe('the legal rules of the voting meetings', () => {
  const cases: { name: string; stage: Stage; outcome: 'passed' | 'failed'; reason?: string }[] = [
    { name: '村民会议 with exactly half present', stage: { stage: 'resolution', body: '村民会议', heldOn: daysAgo(1), eligible: 400, attendees: 200, votesFor: 200, votesAgainst: 0 }, outcome: 'failed', reason: '到会人数不足' },
    { name: '村民会议 with one more than half present', stage: { stage: 'resolution', body: '村民会议', heldOn: daysAgo(1), eligible: 400, attendees: 201, votesFor: 101 }, outcome: 'passed' },
    { name: '村民会议 with exactly half of those present for', stage: { stage: 'resolution', body: '村民会议', heldOn: daysAgo(1), eligible: 400, attendees: 300, votesFor: 150, votesAgainst: 150 }, outcome: 'failed', reason: '赞成票不足' },
    { name: '村民代表会议 with one fewer than two thirds present', stage: { stage: 'resolution', body: '村民代表会议', heldOn: daysAgo(1), eligible: 30, attendees: 19, votesFor: 19 }, outcome: 'failed', reason: '到会人数不足' },
    { name: '村民代表会议 with exactly two thirds present', stage: { stage: 'resolution', body: '村民代表会议', heldOn: daysAgo(1), eligible: 30, attendees: 20, votesFor: 11, votesAgainst: 9 }, outcome: 'passed' },
    { name: '村民代表会议 with exactly half of those present for', stage: { stage: 'resolution', body: '村民代表会议', heldOn: daysAgo(1), eligible: 30, attendees: 24, votesFor: 12, votesAgainst: 10, abstentions: 2 }, outcome: 'failed', reason: '赞成票不足' },
  ];

  for (const c of cases) {
    it(`records a resolution by ${c.name} as ${c.outcome}`, async () => {
      const d = await upToReview();
      const after = await recordOk(d.id, c.stage);
      const s = after.stages.at(-1)!;
      expect(s.outcome).toBe(c.outcome);
      if (c.outcome === 'failed') {
        expect(s.outcomeReason).toContain(c.reason);
        expect(after.status).toBe('failed');
        expect(after.nextStage).toBeNull();
        // A failed decision takes no further stage: a new decision must start.
        const next = await record(d.id, minutesOf('resolution_published'));
        expect(next.statusCode).toBe(409);
        expect(next.json().message).toContain('请重新发起决策');
      } else {
        expect(s.outcomeReason).toBeNull();
        expect(after.status).toBe('passed');
        expect(after.nextStage).toBe('resolution_published');
      }
    });
  }

  it("records a Party members' meeting without a majority of all members as failed, and stops there", async () => {
    const d = await newDecision();
    await recordOk(d.id, minutesOf('proposal'));
    await recordOk(d.id, minutesOf('consultation'));
    const failed = await recordOk(d.id, { stage: 'review', body: '党员大会', heldOn: daysAgo(4), eligible: 90, attendees: 60, votesFor: 45, votesAgainst: 15 });
    expect(failed.status).toBe('failed');
    expect(failed.stages.at(-1)).toMatchObject({ outcome: 'failed', outcomeReason: expect.stringContaining('赞成票不足') });
    expect((await record(d.id, minutesOf('resolution'))).statusCode).toBe(409);
  });
});

describe('late records', () => {
  it('accepts a stage entered more than 7 days after it was held, marks it, and raises one LATE_RECORD alert', async () => {
    const d = await newDecision(secretary, { title: '河道清淤, 二期' });
    const p = await recordOk(d.id, { ...minutesOf('proposal'), heldOn: daysAgo(12) });
    expect(p.stages[0]!.isLate).toBe(true);
    let alerts = await alertRows(d.decisionNo);
    expect(alerts).toEqual([{ rule: 'LATE_RECORD', severity: 'yellow', status: 'open', region_code: w.villageA1, evidence: `decisions:${d.decisionNo}/proposal`, summary: expect.stringContaining('晚12天') }]);

    // A second late stage: the same alert, its evidence now naming both.
    const c = await recordOk(d.id, { ...minutesOf('consultation'), heldOn: daysAgo(8) });
    expect(c.stages[1]!.isLate).toBe(true);
    alerts = await alertRows(d.decisionNo);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.evidence).toBe(`decisions:${d.decisionNo}/proposal;decisions:${d.decisionNo}/consultation`);

    const listed = await inspector.get(`/api/v1/alerts?rule=LATE_RECORD&regionCode=${w.villageA1}&pageSize=200`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().data.filter((a: { subjectId: string }) => a.subjectId === d.decisionNo)).toHaveLength(1);
  });

  it('does not mark a stage entered exactly 7 days after it was held', async () => {
    const d = await newDecision();
    const p = await recordOk(d.id, { ...minutesOf('proposal'), heldOn: daysAgo(7) });
    expect(p.stages[0]!.isLate).toBe(false);
    expect(await alertRows(d.decisionNo)).toEqual([]);
  });

  it('follows the district setting decisions.lateRecordDays', async () => {
    const admin = await login(ctx.app, (await makeUser(ctx, w.district, ['district_admin'])).username);
    expect((await admin.put('/api/v1/settings/decisions.lateRecordDays', { value: 3 })).statusCode).toBe(200);
    try {
      const d = await newDecision();
      const p = await recordOk(d.id, { ...minutesOf('proposal'), heldOn: daysAgo(4) });
      expect(p.stages[0]!.isLate).toBe(true);
    } finally {
      expect((await admin.put('/api/v1/settings/decisions.lateRecordDays', { value: 7 })).statusCode).toBe(200);
    }
  });
});

describe('validation', () => {
  it('answers 400 in Chinese naming the field', async () => {
    const expect400 = async (res: Awaited<ReturnType<Client['post']>>, path: string, text: string) => {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().details).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringContaining(text) })]));
      expect(res.json().message).toContain(text);
    };
    await expect400(await secretary.post('/api/v1/decisions', { title: '  ' }), 'title', '请填写决策事项');
    await expect400(await secretary.post('/api/v1/decisions', { title: '修路', amountFen: 12.5 }), 'amountFen', '金额以分为单位');
    await expect400(await secretary.post('/api/v1/decisions', { title: '修路', amountFen: -1 }), 'amountFen', '金额不能为负');
    await expect400(await secretary.post('/api/v1/decisions', { title: '修路', regionCode: w.townshipA }), 'regionCode', '决策只能属于一个村');

    const d = await upToReview();
    const r = minutesOf('resolution');
    await expect400(await record(d.id, { ...r, attendees: 58 }), 'attendees', '实到人数（58）不能超过应到人数（57）');
    await expect400(await record(d.id, { ...r, votesFor: 50, votesAgainst: 2, abstentions: 1 }), 'votesFor', '赞成、反对、弃权票数之和（53）不能超过实到人数（52）');
    await expect400(await record(d.id, { ...r, body: undefined }), 'body', '决议须写明会议类型');
    await expect400(await record(d.id, { ...r, eligible: undefined }), 'eligible', '须填写应到人数');
    await expect400(await record(d.id, { ...r, votesFor: -3 }), 'votesFor', '赞成票不能为负');
    await expect400(await record(d.id, { ...r, heldOn: '2026-02-30' }), 'heldOn', '不是有效的日期');
    await expect400(await record(d.id, { ...r, heldOn: daysAgo(-1) }), 'heldOn', '不能晚于今天');
    await expect400(await record(d.id, { ...r, stage: 'vote' as never }), 'stage', '未知的决策环节');
    // Nothing was written by the refused requests.
    expect((await secretary.get(`/api/v1/decisions/${d.id}`)).json().stages).toHaveLength(3);
  });
});

describe('data scope', () => {
  it('answers 404 for a decision of another village, for reading and for recording', async () => {
    const d = await newDecision();
    const other = await login(ctx.app, (await makeUser(ctx, w.villageA2, ['village_secretary'])).username);
    for (const res of [await other.get(`/api/v1/decisions/${d.id}`), await record(d.id, minutesOf('proposal'), other)]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    expect((await other.post('/api/v1/decisions', { title: '越权', regionCode: w.villageA1 })).statusCode).toBe(404);
    const list = await other.get('/api/v1/decisions?pageSize=200');
    expect(list.json().data.every((x: TDecision) => x.regionCode === w.villageA2)).toBe(true);
    // The township above both reads it but may not write (no decision:decision:write).
    const township = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_staff'])).username);
    expect((await township.get(`/api/v1/decisions/${d.id}`)).statusCode).toBe(200);
    expect((await record(d.id, minutesOf('proposal'), township)).statusCode).toBe(403);
    const otherDistrict = await makeWorld(ctx);
    const away = await login(ctx.app, (await makeUser(ctx, otherDistrict.district, ['district_admin'])).username);
    expect((await away.get(`/api/v1/decisions/${d.id}`)).statusCode).toBe(404);
    expect((await away.get(`/api/v1/decisions/export.csv?regionCode=${w.villageA1}`)).statusCode).toBe(404);
    expect((await away.get('/api/v1/decisions/export.csv')).body).toBe(
      'decision_id,village_code,title,amount,stage,body,held_on,eligible,attendees,votes_for,votes_against,recorded_at\r\n',
    );
  });
});

describe('the public view', () => {
  it('shows villagers the stages, counts, votes, outcome and minutes, and no personal data', async () => {
    const d = await newDecision(secretary, { title: '文化礼堂改造' });
    for (const m of MINUTES.slice(0, 4)) await recordOk(d.id, m);
    const list = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/decisions?village=${w.villageA1}&pageSize=200` });
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((x: { id: string }) => x.id)).toContain(d.id);
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/decisions/${d.id}` });
    expect(res.statusCode).toBe(200);
    const pub = res.json();
    expect(Object.keys(pub).sort()).toEqual(['amountFen', 'decisionNo', 'id', 'regionCode', 'regionName', 'stages', 'status', 'title']);
    expect(pub).toMatchObject({ title: '文化礼堂改造', amountFen: 120_000_000, status: 'passed', regionName: '甲一村' });
    expect(pub.stages.map((s: { stage: string }) => s.stage)).toEqual(['proposal', 'consultation', 'review', 'resolution']);
    expect(Object.keys(pub.stages[3]).sort()).toEqual(
      ['abstentions', 'attendees', 'body', 'eligible', 'heldOn', 'isLate', 'minutes', 'outcome', 'outcomeReason', 'recordedAt', 'stage', 'votesAgainst', 'votesFor'],
    );
    expect(pub.stages[3]).toMatchObject({ body: '村民代表会议', heldOn: minutesOf('resolution').heldOn, eligible: 57, attendees: 52, votesFor: 50, votesAgainst: 1, abstentions: 1, outcome: 'passed', minutes: '表决通过' });
    // Who chaired and recorded, where, and which accounts did it, stay inside.
    for (const body of [res.body, list.body]) {
      expect(body).not.toMatch(/王书记|李会计|村文化礼堂|chair|recorder|place|createdBy|recordedBy|matterId/);
      expect(body).not.toContain(secretaryId);
    }
  });

  it("hides a decision of a matter kept out of public view, and answers 404 for an unknown village", async () => {
    const db = ctx.platform.deps.db;
    const matterId = randomUUID();
    await audited(db, systemActor(), (a) =>
      a.tx.execute(sql`insert into matters (id, matter_no, item_id, item_version, title, status, current_step, is_public, region_code)
        values (${matterId}, ${`${w.villageA1}-M-${matterId.slice(0, 6)}`}, ${randomUUID()}, 1, '低保申请', 'running', 0, false, ${w.villageA1})`),
    );
    const hidden = await createDecision(db, systemActor(), { regionCode: w.villageA1, title: '低保评议（张三）', matterId });
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/decisions/${hidden.id}` })).statusCode).toBe(404);
    const list = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/decisions?village=${w.villageA1}&pageSize=200` });
    expect(list.json().data.map((x: { id: string }) => x.id)).not.toContain(hidden.id);
    expect((await secretary.get(`/api/v1/decisions/${hidden.id}`)).statusCode).toBe(200);
    const unknown = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/decisions?village=${w.district.slice(0, 6)}109999` });
    expect(unknown.statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/public/decisions' })).statusCode).toBe(400);
  });
});

describe('decisions.csv', () => {
  it('exports one row per stage, byte for byte, quoting a title with a comma', async () => {
    const fx = await makeWorld(ctx);
    const db = ctx.platform.deps.db;
    const actor = systemActor();
    const at = (iso: string) => vi.useFakeTimers({ toFake: ['Date'], now: new Date(iso) });
    at('2025-03-02T01:00:00Z');
    const a = await createDecision(db, actor, { regionCode: fx.villageA1, title: '村道硬化,一期', amountFen: 61_426_400 });
    const b = await createDecision(db, actor, { regionCode: fx.villageA1, title: '"美丽乡村"宣传栏' });
    await recordStage(db, actor, a.id, { stage: 'proposal', heldOn: '2025-03-01', eligible: 5, attendees: 5, votesFor: 5, votesAgainst: 0, chair: '王书记' });
    at('2025-03-05T08:15:30.456Z');
    await recordStage(db, actor, b.id, { stage: 'proposal', heldOn: '2025-03-05' });
    await recordStage(db, actor, a.id, { stage: 'consultation', heldOn: '2025-03-04', eligible: 8, attendees: 7, votesFor: 7, votesAgainst: 0 });
    at('2025-03-12T16:30:00Z');
    await recordStage(db, actor, a.id, { stage: 'review', body: '党员大会', heldOn: '2025-03-10', eligible: 90, attendees: 67, votesFor: 56, votesAgainst: 2, abstentions: 9 });
    await recordStage(db, actor, a.id, { stage: 'resolution', body: '村民代表会议', heldOn: '2025-03-12', eligible: 57, attendees: 52, votesFor: 50, votesAgainst: 1, minutes: '会议记录，不导出' });
    vi.useRealTimers();
    expect([a.decisionNo, b.decisionNo]).toEqual([`${fx.villageA1}-2025-0001`, `${fx.villageA1}-2025-0002`]);

    const expected = [
      'decision_id,village_code,title,amount,stage,body,held_on,eligible,attendees,votes_for,votes_against,recorded_at',
      `${a.decisionNo},${fx.villageA1},"村道硬化,一期",614264.00,proposal,,2025-03-01,5,5,5,0,2025-03-02T09:00:00+08:00`,
      `${a.decisionNo},${fx.villageA1},"村道硬化,一期",614264.00,consultation,,2025-03-04,8,7,7,0,2025-03-05T16:15:30+08:00`,
      `${a.decisionNo},${fx.villageA1},"村道硬化,一期",614264.00,review,党员大会,2025-03-10,90,67,56,2,2025-03-13T00:30:00+08:00`,
      `${a.decisionNo},${fx.villageA1},"村道硬化,一期",614264.00,resolution,村民代表会议,2025-03-12,57,52,50,1,2025-03-13T00:30:00+08:00`,
      `${b.decisionNo},${fx.villageA1},"""美丽乡村""宣传栏",,proposal,,2025-03-05,,,,,2025-03-05T16:15:30+08:00`,
      '',
    ].join('\r\n');
    const csv = await exportDecisionsCsv(db, { regionCode: fx.villageA1 });
    expect(Buffer.from(csv, 'utf8').equals(Buffer.from(expected, 'utf8'))).toBe(true);
    expect(csv).toBe(expected);

    const fxSecretary = await login(ctx.app, (await makeUser(ctx, fx.villageA1, ['village_secretary'])).username);
    const res = await fxSecretary.get('/api/v1/decisions/export.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('decisions.csv');
    expect(res.rawPayload.equals(Buffer.from(expected, 'utf8'))).toBe(true);
  });
});

// Real concurrency needs several connections: PostgreSQL only (PGlite has one).
describe.runIf(testDbKind() === 'postgres')('concurrent writes (PostgreSQL only)', () => {
  it('numbers decisions created at once in one village without a gap or a clash', async () => {
    const fx = await makeWorld(ctx);
    const made = await Promise.all(Array.from({ length: 6 }, (_, i) => createDecision(ctx.platform.deps.db, systemActor(), { regionCode: fx.villageA1, title: `并发${i}` })));
    expect(made.map((d) => Number(d.decisionNo.slice(-4))).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('records a stage sent twice at once exactly once; the other is refused with 409', async () => {
    const d = await createDecision(ctx.platform.deps.db, systemActor(), { regionCode: w.villageA1, title: '并发记录' });
    const results = await Promise.allSettled([0, 1, 2].map(() => recordStage(ctx.platform.deps.db, systemActor(), d.id, minutesOf('proposal'))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.map((r) => (r.reason as { code: string }).code)).toEqual(['CONFLICT', 'CONFLICT']);
  });
});
