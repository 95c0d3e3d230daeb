import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { alerts, disclosures, queryRows, rectificationItems, rectificationNotices, satisfactionResponses, villageQuestions } from '@mpw/db';
import type { TAssessmentResult, TAssessmentSchemeRequest, TRole } from '@mpw/contracts';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor, type Actor } from '../../lib/actor.js';
import { audited } from '../audit/audit.log.js';
import { answerItem, issueNotice } from '../rectification/rectification.service.js';
import { DETAIL_HEADERS, RESULT_HEADERS } from './assessment.export.js';
import { defaultSchemeTemplate, linkOf, periodRange, previousQuarter, scoreIndicator } from './assessment.policy.js';
import { indicatorCounts } from './assessment.repository.js';

/**
 * One world for the whole file: a district with townships 甲镇 (甲一村, 甲二村) and 乙镇 (乙一村), and
 * records of 2025-Q3 whose scores are worked out by hand below. Everything before and after the
 * quarter, and every state the village sets itself, must leave the scores unchanged.
 */
const PERIOD = '2025-Q3';
let ctx: TestContext;
let w: World;
let district: Client;
let townshipA: Client;
let townshipB: Client;
let village: Client;
let villageActor: Actor;
let schemeId: string;
let results: TAssessmentResult[];

const db = () => ctx.platform.deps.db;
const actorOf = (u: { id: string; username: string }, regionCode: string, role: TRole): Actor => ({ kind: 'user', userId: u.id, username: u.username, roles: [role], regionCode, requestId: null });
/** An instant given in China time. */
const at = (local: string) => new Date(`${local}+08:00`);

/** The scheme under test: the seven default indicators plus 事项办理 and 培训覆盖 (weights 100). */
function schemeRequest(): TAssessmentSchemeRequest {
  const weights: Record<string, number> = { institution: 5, inspection: 5, enforcement: 15, disclosure: 20, rectification: 20, satisfaction: 15, questions: 10 };
  const base = defaultSchemeTemplate().indicators.map((i) => ({ ...i, weight: weights[i.key]!, minRecords: i.key === 'satisfaction' ? 10 : 3 }));
  return {
    regionCode: w.district,
    name: '测试考核方案',
    targetLevel: 'village',
    periodKind: 'quarter',
    indicators: [
      ...base,
      { key: 'matters', name: '事项办理及时率', category: 'institution', kind: 'matters_on_time', weight: 5, minRecords: 3 },
      { key: 'training', name: '教育培训覆盖率', category: 'capacity', kind: 'training_coverage', weight: 5, minRecords: 5 },
    ],
  };
}

async function seedRecords(townshipActor: Actor) {
  // 整改: 甲一村 has four items due in the quarter — closed on time, closed late, answered but not accepted
  // (through the real flow), closed on its deadline — and one due after the quarter; 甲二村 three closed on time.
  const notice = await issueNotice(db(), townshipActor, {
    regionCode: w.villageA1, title: '测试整改', requirement: '逐项整改', issuedOn: '2025-07-01', deadline: '2025-09-01', responsibleName: '责任人',
    items: [{ problem: '已回复未验收', requirement: '整改', sourceType: 'direct' }],
  });
  await answerItem(db(), villageActor, notice.items[0]!.id, { measures: '已整改完毕', attachmentIds: [] });
  await audited(db(), systemActor(), async ({ tx }) => {
    const items = (village: string, list: { deadline: string; closedOn: string | null }[]) => {
      const noticeId = randomUUID();
      const stamp = { regionCode: village, createdBy: null, updatedBy: null };
      return { noticeId, stamp, list };
    };
    for (const { noticeId, stamp, list } of [
      items(w.villageA1, [
        { deadline: '2025-08-10', closedOn: '2025-08-05' },
        { deadline: '2025-08-10', closedOn: '2025-08-20' },
        { deadline: '2025-09-15', closedOn: '2025-09-15' },
        { deadline: '2025-10-05', closedOn: '2025-10-01' },
      ]),
      items(w.villageA2, [
        { deadline: '2025-07-20', closedOn: '2025-07-19' },
        { deadline: '2025-08-20', closedOn: '2025-08-01' },
        { deadline: '2025-09-30', closedOn: '2025-09-30' },
      ]),
    ]) {
      await tx.insert(rectificationNotices).values({
        id: noticeId, number: `测试整改〔2025〕${noticeId.slice(0, 8)}号`, issuerRegionCode: w.townshipA, title: '测试', requirement: '整改', issuedOn: '2025-07-01', deadline: '2025-10-05', responsibleName: '责任人', status: 'open', ...stamp,
      });
      await tx.insert(rectificationItems).values(list.map((it, i) => ({
        id: randomUUID(), noticeId, seq: i + 1, problem: `问题${i + 1}`, requirement: '整改', deadline: it.deadline, responsibleName: '责任人', sourceType: 'direct', status: it.closedOn ? 'closed' : 'open', closedOn: it.closedOn, ...stamp,
      })));
    }

    // 公开: 甲一村 — on time late in the evening, a day late by China time (still the due day in UTC), never published; 甲二村 — one on time.
    const disclosure = (village: string, period: string, dueOn: string, published: Date | null) => ({
      id: randomUUID(), kind: 'other' as const, title: `公开${period}`, period, dueOn, status: published ? ('published' as const) : ('draft' as const), currentVersion: published ? 1 : 0, firstPublishedAt: published, regionCode: village,
    });
    await tx.insert(disclosures).values([
      disclosure(w.villageA1, '2025-07', '2025-07-10', at('2025-07-10T23:30:00')),
      disclosure(w.villageA1, '2025-08', '2025-08-10', at('2025-08-11T01:00:00')),
      disclosure(w.villageA1, '2025-09', '2025-09-10', null),
      disclosure(w.villageA1, '2025-06', '2025-06-10', at('2025-06-01T10:00:00')),
      disclosure(w.villageA2, '2025-08', '2025-08-15', at('2025-08-14T10:00:00')),
    ]);

    // 问政: answered on time, answered late, hidden by the township (not counted), still open.
    const question = (dueOn: string, status: string, answeredAt: Date | null) => ({
      id: randomUUID(), content: '请问', isAnonymous: true, dueOn, status, answer: answeredAt ? '答复' : null, answeredAt, regionCode: w.villageA1,
    });
    await tx.insert(villageQuestions).values([
      question('2025-08-01', 'answered', at('2025-07-30T09:00:00')),
      question('2025-08-01', 'answered', at('2025-08-03T09:00:00')),
      question('2025-08-15', 'hidden', null),
      question('2025-09-20', 'open', null),
    ]);

    // 满意度: two households in the quarter (260 and 160 points over six answers → 70.0), one in the quarter before.
    const response = (quarter: string, d: string, s: string, i: string) => ({ id: randomUUID(), quarter, householdDigest: randomUUID(), disclosure: d, services: s, integrity: i, regionCode: w.villageA1 });
    await tx.insert(satisfactionResponses).values([
      response(PERIOD, 'satisfied', 'satisfied', 'basically_satisfied'),
      response(PERIOD, 'dissatisfied', 'satisfied', 'basically_satisfied'),
      response('2025-Q2', 'dissatisfied', 'dissatisfied', 'dissatisfied'),
    ]);

    // 问题查处: one alert closed by the township, one open, one dismissed as a false positive (not a problem).
    const alert = (status: 'open' | 'closed' | 'dismissed', falsePositive: boolean | null) => ({
      id: randomUUID(), rule: 'LATE_RECORD', subjectType: 'decision', subjectId: `${w.villageA1}-2025-${randomUUID().slice(0, 6)}`, severity: 'yellow' as const, status, summary: '测试预警',
      firstRaisedAt: at('2025-08-01T10:00:00'), lastSeenAt: at('2025-08-01T10:00:00'), falsePositive, regionCode: w.villageA1,
    });
    await tx.insert(alerts).values([alert('closed', null), alert('open', null), alert('dismissed', true)]);
  });
}

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  district = await login(ctx.app, (await makeUser(ctx, w.district, ['district_inspector'])).username);
  const ta = await makeUser(ctx, w.townshipA, ['township_discipline']);
  townshipA = await login(ctx.app, ta.username);
  townshipB = await login(ctx.app, (await makeUser(ctx, w.townshipB, ['township_discipline'])).username);
  const vu = await makeUser(ctx, w.villageA1, ['village_secretary']);
  village = await login(ctx.app, vu.username);
  villageActor = actorOf(vu, w.villageA1, 'village_secretary');
  await seedRecords(actorOf(ta, w.townshipA, 'township_discipline'));
}, 120_000);
afterAll(() => ctx.close());

const resultOf = (code: string) => results.find((r) => r.regionCode === code)!;
const itemOf = (code: string, key: string) => resultOf(code).items.find((i) => i.key === key)!;

describe('schemes', () => {
  it('offers the default scheme as a template whose weights sum to 100', async () => {
    const res = await district.get('/api/v1/assessment/schemes/template');
    expect(res.statusCode).toBe(200);
    const t = res.json() as { indicators: { name: string; weight: number }[] };
    expect(t.indicators.map((i) => i.name)).toEqual(['制度建设', '监督检查', '问题查处', '公开及时率', '整改完成率', '群众满意度', '问政答复及时率']);
    expect(t.indicators.reduce((a, i) => a + i.weight, 0)).toBe(100);
  });

  it('refuses bad schemes with the field named, and a township as owner', async () => {
    const bad = schemeRequest();
    bad.indicators[0]!.weight = 50;
    const res = await district.post('/api/v1/assessment/schemes', bad);
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().details)).toContain('indicators');
    const township = await district.post('/api/v1/assessment/schemes', { ...schemeRequest(), regionCode: w.townshipA });
    expect(township.statusCode).toBe(400);
    expect(township.json().details[0].path).toBe('regionCode');
    expect((await townshipA.post('/api/v1/assessment/schemes', schemeRequest())).statusCode).toBe(403);
  });

  it('creates a draft, changes it while a draft, activates it and then refuses changes', async () => {
    const created = await district.post('/api/v1/assessment/schemes', { ...schemeRequest(), name: '草稿方案' });
    expect(created.statusCode, created.body).toBe(201);
    schemeId = created.json().id;
    expect(created.json().status).toBe('draft');
    const changed = await district.put(`/api/v1/assessment/schemes/${schemeId}`, schemeRequest());
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().name).toBe('测试考核方案');
    // A draft cannot be computed.
    expect((await district.post(`/api/v1/assessment/schemes/${schemeId}/periods/${PERIOD}/compute`)).statusCode).toBe(409);
    expect((await district.post(`/api/v1/assessment/schemes/${schemeId}/activate`)).json().status).toBe('active');
    expect((await district.put(`/api/v1/assessment/schemes/${schemeId}`, schemeRequest())).statusCode).toBe(409);
    // Township accounts read their district's schemes.
    const list = (await townshipA.get('/api/v1/assessment/schemes')).json() as { data: { id: string }[] };
    expect(list.data.map((s) => s.id)).toContain(schemeId);
  });
});

describe('computing a quarter from the records', () => {
  it('refuses a period that does not fit the scheme or has not begun', async () => {
    expect((await district.post(`/api/v1/assessment/schemes/${schemeId}/periods/2025/compute`)).json().details[0].path).toBe('period');
    expect((await district.post(`/api/v1/assessment/schemes/${schemeId}/periods/2099-Q1/compute`)).statusCode).toBe(400);
  });

  it('scores every village as worked out by hand, counting only verified states', async () => {
    const res = await district.post(`/api/v1/assessment/schemes/${schemeId}/periods/${PERIOD}/compute`);
    expect(res.statusCode, res.body).toBe(200);
    results = res.json().data;
    expect(results.map((r) => r.regionCode).sort()).toEqual([w.villageA1, w.villageA2, w.villageB1].sort());

    // 甲一村: 整改 2/4 (the answered item awaiting acceptance does not count) → 20 × 0.5 = 10;
    // 公开 1/3 → 20 × 0.3333 = 6.67; 满意度 70.0 → 15 × 0.7 = 10.5; 问政 1/3 → 10 × 0.3333 = 3.33;
    // 问题查处 1/2 (the false positive is no problem) → 15 × 0.5 = 7.5; 培训 0/1 (its secretary) → 0.
    const rect = itemOf(w.villageA1, 'rectification');
    expect([rect.records, rect.value, rect.points]).toEqual([4, 0.5, 10]);
    expect(rect.explanation).toBe('本期到期整改事项4项，按期销号2项（以上级验收销号为准，已回复未验收的不计），按期率50%。');
    expect(rect.link).toBe(`/rectification?regionCode=${w.villageA1}&deadlineFrom=2025-07-01&deadlineTo=2025-09-30`);
    expect([itemOf(w.villageA1, 'disclosure').records, itemOf(w.villageA1, 'disclosure').points]).toEqual([3, 6.67]);
    expect([itemOf(w.villageA1, 'satisfaction').records, itemOf(w.villageA1, 'satisfaction').value, itemOf(w.villageA1, 'satisfaction').points]).toEqual([2, 70, 10.5]);
    expect([itemOf(w.villageA1, 'questions').records, itemOf(w.villageA1, 'questions').points]).toEqual([3, 3.33]);
    expect([itemOf(w.villageA1, 'enforcement').records, itemOf(w.villageA1, 'enforcement').points]).toEqual([2, 7.5]);
    expect([itemOf(w.villageA1, 'training').records, itemOf(w.villageA1, 'training').points]).toEqual([1, 0]);
    expect(resultOf(w.villageA1).computedScore).toBe(38);
    // 甲二村: 整改 3/3 → 20; 公开 1/1 → 20.
    expect(resultOf(w.villageA2).computedScore).toBe(40);
    // 乙一村: no records at all → 0, and every indicator says so.
    expect(resultOf(w.villageB1).computedScore).toBe(0);
    expect(resultOf(w.villageB1).items.every((i) => i.value === null && i.points === 0 && i.explanation.includes('本期无可计分记录，按0分计'))).toBe(true);
  });

  it('agrees with a direct count of the ledger', async () => {
    const range = periodRange(PERIOD, 'quarter')!;
    const [row] = await queryRows<{ due: number; on_time: number }>(db(), sql`
      select count(*)::int as due, (count(*) filter (where status = 'closed' and closed_on <= deadline))::int as on_time
      from rectification_items where region_code = ${w.villageA1} and deadline between ${range.from} and ${range.to} and deleted_at is null`);
    const rect = itemOf(w.villageA1, 'rectification');
    expect([rect.records, Math.round((rect.value ?? 0) * rect.records)]).toEqual([row!.due, row!.on_time]);
  });

  it('assesses townships with the records of all their villages', async () => {
    const rect = schemeRequest().indicators.find((i) => i.key === 'rectification')!;
    const created = await district.post('/api/v1/assessment/schemes', { ...schemeRequest(), name: '乡镇考核', targetLevel: 'township', indicators: [{ ...rect, weight: 100 }] });
    const id = created.json().id as string;
    await district.post(`/api/v1/assessment/schemes/${id}/activate`);
    const res = await district.post(`/api/v1/assessment/schemes/${id}/periods/${PERIOD}/compute`);
    expect(res.statusCode, res.body).toBe(200);
    // 甲镇: 甲一村 2 of 4 and 甲二村 3 of 3 → 5 of 7 → 100 × 0.7143.
    expect((res.json().data as TAssessmentResult[]).map((r) => [r.regionCode, r.computedScore, r.rank])).toEqual([[w.townshipA, 71.43, 1], [w.townshipB, 0, 2]]);
  });

  it('ranks by final score and shows coverage, flagging indicators on little data', async () => {
    expect(results.map((r) => [r.regionCode, r.rank])).toEqual([[w.villageA2, 1], [w.villageA1, 2], [w.villageB1, 3]]);
    // 甲一村 rests on enough records for 整改, 公开 and 问政: 3 of 9 indicators.
    expect(resultOf(w.villageA1).coverage).toBe(0.333);
    expect(itemOf(w.villageA1, 'satisfaction').enoughData).toBe(false);
    expect(itemOf(w.villageA1, 'satisfaction').explanation).toContain('数据不足');
    expect(resultOf(w.villageA2).coverage).toBe(0.111);
    expect(itemOf(w.villageA2, 'disclosure').explanation).toContain('记录少于3条，数据不足');
    expect(resultOf(w.villageB1).coverage).toBe(0);
  });
});

describe('reading, adjusting and locking', () => {
  it('shows a township its own villages only; no village account reads results', async () => {
    const url = `/api/v1/assessment/schemes/${schemeId}/periods/${PERIOD}/results`;
    const a = (await townshipA.get(url)).json() as { data: TAssessmentResult[] };
    expect(a.data.map((r) => r.regionCode).sort()).toEqual([w.villageA1, w.villageA2].sort());
    expect((await townshipB.get(url)).json().data.map((r: TAssessmentResult) => r.regionCode)).toEqual([w.villageB1]);
    expect((await townshipB.get(`${url}?regionCode=${w.villageA1}`)).statusCode).toBe(404);
    expect((await village.get(url)).statusCode).toBe(403);
  });

  it('adjusts with a reason, keeps the computed score beside it, re-ranks and keeps it through a recompute', async () => {
    const id = resultOf(w.villageA1).id;
    expect((await townshipA.post(`/api/v1/assessment/results/${id}/adjust`, { score: 45, reason: '现场核查加分' })).statusCode).toBe(403);
    expect((await district.post(`/api/v1/assessment/results/${id}/adjust`, { score: 120, reason: '超出' })).json().details[0].path).toBe('score');
    const res = await district.post(`/api/v1/assessment/results/${id}/adjust`, { score: 45, reason: '现场核查加分' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ computedScore: 38, adjustedScore: 45, finalScore: 45, adjustmentReason: '现场核查加分', rank: 1 });
    const again = (await district.post(`/api/v1/assessment/schemes/${schemeId}/periods/${PERIOD}/compute`)).json().data as TAssessmentResult[];
    expect(again.find((r) => r.regionCode === w.villageA1)).toMatchObject({ computedScore: 38, adjustedScore: 45, rank: 1 });
    expect(again.find((r) => r.regionCode === w.villageA2)!.rank).toBe(2);
    const [audit] = await queryRows<{ before: { computedScore: number; adjustedScore: number | null }; after: { adjustedScore: number } }>(db(), sql`
      select before, after from audit_events where action = 'assessment.result.adjust' and entity_id = ${id}`);
    expect(audit).toMatchObject({ before: { computedScore: 38, adjustedScore: null }, after: { adjustedScore: 45 } });
    results = again;
  });

  it('exports the results with Chinese headers, ranks, scores, each indicator and coverage', async () => {
    const res = await district.inject({ method: 'GET', url: `/api/v1/assessment/schemes/${schemeId}/periods/${PERIOD}/results/export.xlsx` });
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.getWorksheet('考核结果')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const names = schemeRequest().indicators.map((i) => `${i.name}（${i.weight}分）`);
    expect(rows[0]).toEqual([...RESULT_HEADERS, ...names, '数据覆盖率(%)', '数据不足的指标']);
    expect(rows.length - 1).toBe(3);
    for (const [n, r] of results.entries()) {
      const row = rows[n + 1]!;
      expect(row.slice(0, 4)).toEqual([r.rank, r.regionName, r.finalScore, r.computedScore]);
      expect(row[4] ?? null).toBe(r.adjustedScore);
      expect(row.slice(6, 6 + names.length)).toEqual(r.items.map((i) => i.points));
      expect(row[6 + names.length]).toBe(Math.round(r.coverage * 1000) / 10);
    }
    const detail: unknown[][] = [];
    wb.getWorksheet('计分说明')!.eachRow((r) => detail.push((r.values as unknown[]).slice(1)));
    expect(detail.length - 1).toBe(3 * names.length);
    expect(detail[0]).toEqual([...DETAIL_HEADERS]);
    expect(detail.some((d) => d[0] === '甲一村' && d[7] === itemOf(w.villageA1, 'rectification').explanation && d[6] === '是')).toBe(true);
    // A township's workbook holds its own villages only.
    const mine = await townshipB.inject({ method: 'GET', url: `/api/v1/assessment/schemes/${schemeId}/periods/${PERIOD}/results/export.xlsx` });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(mine.rawPayload as unknown as ArrayBuffer);
    expect(wb2.getWorksheet('考核结果')!.rowCount).toBe(2);
  });

  it('locks the period (audited); computing and adjusting are refused afterwards', async () => {
    const res = await district.post(`/api/v1/assessment/schemes/${schemeId}/periods/${PERIOD}/lock`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().locked).toBe(true);
    expect((await district.post(`/api/v1/assessment/schemes/${schemeId}/periods/${PERIOD}/compute`)).statusCode).toBe(409);
    expect((await district.post(`/api/v1/assessment/results/${resultOf(w.villageA2).id}/adjust`, { score: 50, reason: '锁定后调整' })).statusCode).toBe(409);
    expect((await district.post(`/api/v1/assessment/schemes/${schemeId}/periods/${PERIOD}/lock`)).statusCode).toBe(409);
    const [n] = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from audit_events where action = 'assessment.period.lock' and after->>'schemeId' = ${schemeId}`);
    expect(n!.n).toBe(1);
    // Another period of the same scheme is still open.
    expect((await district.post(`/api/v1/assessment/schemes/${schemeId}/periods/2025-Q4/compute`)).statusCode).toBe(200);
  });

  it('names the quarter before a date', () => {
    expect([previousQuarter('2026-01-15'), previousQuarter('2026-11-29')]).toEqual(['2025-Q4', '2026-Q3']);
  });
});

describe('制度建设: the power list published and current', () => {
  it('counts the items that apply to each village at the end of the period, in force and revised within maxAgeMonths', async () => {
    const p = await makeWorld(ctx);
    const items: { region: string; status: string; created: string; versions: string[] }[] = [
      { region: p.district, status: 'active', created: '2025-01-05', versions: ['2025-01-05'] }, // fresh
      { region: p.district, status: 'active', created: '2024-06-01', versions: ['2024-06-01'] }, // stale: older than 12 months on 2025-09-30
      { region: p.townshipA, status: 'active', created: '2025-08-01', versions: ['2025-08-01'] }, // 甲镇's own item
      { region: p.villageA1, status: 'pending_approval', created: '2025-07-01', versions: ['2025-07-01'] }, // listed, not yet published
      { region: p.villageA1, status: 'active', created: '2024-01-10', versions: ['2024-01-10', '2025-05-20'] }, // revised: current again
      { region: p.villageA2, status: 'retired', created: '2025-02-01', versions: ['2025-02-01'] }, // left out
      { region: p.villageA2, status: 'active', created: '2025-10-15', versions: ['2025-10-15'] }, // after the period: left out
    ];
    await audited(db(), systemActor(), async ({ tx }) => {
      for (const [n, it] of items.entries()) {
        const id = randomUUID();
        await tx.execute(sql`insert into power_items (id, code, scope_level, status, current_version, name, category, region_code, created_at)
          values (${id}, ${`T-${n}`}, ${it.region === p.district ? 'district' : it.region === p.townshipA ? 'township' : 'village'}, ${it.status}, ${it.versions.length}, ${`事项${n}`}, '其他', ${it.region}, ${at(`${it.created}T10:00:00`)})`);
        for (const [v, day] of it.versions.entries())
          await tx.execute(sql`insert into power_item_versions (id, item_id, version, content, region_code, created_at) values (${randomUUID()}, ${id}, ${v + 1}, '{}'::jsonb, ${it.region}, ${at(`${day}T10:00:00`)})`);
      }
    });
    const range = periodRange(PERIOD, 'quarter')!;
    const counts = await indicatorCounts(db(), 'power_list_current', { district: p.district, level: 'village', from: range.from, asOf: range.to, today: '2026-01-01', quarters: range.quarters });
    const byUnit = Object.fromEntries([...counts].map(([code, c]) => [code, [c.records, c.good]]));
    expect(byUnit).toEqual({ [p.villageA1]: [5, 3], [p.villageA2]: [3, 2], [p.villageB1]: [2, 1] });
    // A stricter scheme rule (6 months) makes the district item of 2025-01 stale too.
    const strict = await indicatorCounts(db(), 'power_list_current', { district: p.district, level: 'village', from: range.from, asOf: range.to, today: '2026-01-01', quarters: range.quarters }, { maxAgeMonths: 6 });
    expect(strict.get(p.villageA2)).toMatchObject({ records: 3, good: 1 });
    // Townships: the district's, their own and their villages' items.
    const townships = await indicatorCounts(db(), 'power_list_current', { district: p.district, level: 'township', from: range.from, asOf: range.to, today: '2026-01-01', quarters: range.quarters });
    expect(townships.get(p.townshipA)).toMatchObject({ records: 5, good: 3 });
    const ind = defaultSchemeTemplate().indicators.find((i) => i.kind === 'power_list_current')!;
    const scored = scoreIndicator(ind, counts.get(p.villageA1)!, linkOf('power_list_current', p.villageA1, range, range.to));
    expect([scored.value, scored.points]).toEqual([0.6, 6]);
    expect(scored.explanation).toBe('期末适用的权力清单事项5项（区级清单及乡镇、本村事项，待审批的也计入），已审批公布且12个月内修订的3项，现行率60%。');
    expect(scored.link).toBe(`/power?regionCode=${p.villageA1}`);
  });
});
