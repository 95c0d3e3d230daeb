/**
 * The journey: a case from a report to a sanction with a linked accountability record
 * (一案双查), and a typical case (以案促改) drafted, approved and published to the portal without
 * the subject's name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import * as reports from '../reports/reports.service.js';
import { newReport } from '../reports/reports.staff.test-support.js';

let ctx: TestContext;
let w: World;
let township: Client;
let inspector: Client;
const db = () => ctx.platform.deps.db;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  township = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_discipline'])).username);
  inspector = await login(ctx.app, (await makeUser(ctx, w.district, ['district_inspector'])).username);
}, 120_000);
afterAll(() => ctx.close());

const SUBJECT = '王大明';

describe('a case from a report to an executed sanction', () => {
  let caseId: string;
  let caseNumber: string;
  let reportId: string;

  it('registers the clue from a report and links the report to the case', async () => {
    const report = await newReport(ctx, w.villageA1, { subjectName: SUBJECT, subjectPosition: '村委会主任', subjectKind: 'other' });
    reportId = report.id;
    const res = await township.post('/api/v1/cases', {
      title: '甲一村村委会主任违规发放低保案',
      sourceType: 'report',
      sourceId: report.id,
      subjectName: SUBJECT,
      subjectPosition: '村委会主任',
      subjectIdNumber: '11010519491231002x',
      summary: '群众举报其将不符合条件的亲属纳入低保。',
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    caseId = c.id;
    caseNumber = c.number;
    expect(c.number).toMatch(new RegExp(`^AJ${w.district.slice(0, 6)}-\\d{4}-00001$`));
    expect(c).toMatchObject({ kind: 'main', status: 'preliminary', regionCode: w.villageA1, regionName: '甲一村', handlingRegionCode: w.townshipA, sourceType: 'report', sourceId: report.id, sourceLabel: report.number });
    expect(c.subjectIdNumberMasked).toBe('1101**********002X');
    expect(c.actions).toEqual(expect.arrayContaining(['file', 'close_unfiled', 'note']));
    expect(c.actions).not.toContain('decide');

    const linked = await reports.getReportById(db(), systemActor(), report.id);
    expect(linked.linkType).toBe('case');
    expect(linked.linkId).toBe(caseId);
    expect(linked.events.some((e) => e.kind === 'linked' && e.note?.includes(caseNumber))).toBe(true);
  });

  it('files, investigates, reviews, decides with sanctions and a recovery, and executes', async () => {
    expect((await township.post(`/api/v1/cases/${caseId}/file`, { note: '经初核，问题线索属实，予以立案。' })).json()).toMatchObject({ status: 'filed', filedOn: expect.any(String) });
    expect((await township.post(`/api/v1/cases/${caseId}/investigate`, {})).json().status).toBe('investigating');
    expect((await township.post(`/api/v1/cases/${caseId}/notes`, { note: '调取低保评议记录，谈话3人。' })).statusCode).toBe(200);
    expect((await township.post(`/api/v1/cases/${caseId}/review`, {})).json().status).toBe('reviewing');
    const decided = await township.post(`/api/v1/cases/${caseId}/decide`, {
      note: '给予党内严重警告、政务记过处分，追缴违规领取的低保金。',
      sanctions: [
        { category: 'party', measure: 'serious_warning' },
        { category: 'government', measure: 'demerit' },
        { category: 'recovery', measure: 'recovery', amountFen: 360_000, note: '2025年1月至12月低保金' },
        { category: 'recovery', measure: 'recovery', amountFen: 12_050 },
      ],
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const d = decided.json();
    expect(d).toMatchObject({ status: 'decided', recoveredFen: 372_050, decidedOn: expect.any(String) });
    expect(d.sanctions.map((s: { measureLabel: string }) => s.measureLabel)).toEqual(['严重警告', '记过', '追缴违纪违法资金', '追缴违纪违法资金']);
    expect(d.sanctions.every((s: { executedOn: string | null }) => s.executedOn === null)).toBe(true);
    expect(d.actions).toContain('execute');

    const rows = await queryRows<{ category: string; measure: string; amount_fen: string | number | null }>(db(), sql`select category, measure, amount_fen from case_sanctions where case_id = ${caseId} order by created_at, id`);
    expect(rows.map((r) => `${r.category}:${r.measure}:${r.amount_fen ?? ''}`).sort()).toEqual(['government:demerit:', 'party:serious_warning:', 'recovery:recovery:12050', 'recovery:recovery:360000']);

    const executed = (await township.post(`/api/v1/cases/${caseId}/execute`, { note: '处分决定已宣布，资金已追缴到位。' })).json();
    expect(executed.status).toBe('executed');
    expect(executed.sanctions.every((s: { executedOn: string | null }) => s.executedOn === executed.executedOn)).toBe(true);
    expect(executed.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'filed', 'investigating', 'note', 'reviewing', 'decided', 'executed']);
    const audit = await queryRows<{ action: string }>(db(), sql`select action from audit_events where entity_id = ${caseId} order by seq`);
    expect(audit.map((a) => a.action)).toEqual(['case.case.create', 'case.case.file', 'case.case.investigate', 'case.case.note', 'case.case.review', 'case.case.decide', 'case.case.execute']);
  });

  it('records the accountability of the supervising leader as a linked case (一案双查)', async () => {
    const res = await township.post(`/api/v1/cases/${caseId}/accountability`, { subjectName: '李监督', subjectPosition: '镇分管民政副镇长', summary: '对低保评议监督不力。', regionCode: w.townshipA });
    expect(res.statusCode, res.body).toBe(201);
    const acc = res.json();
    expect(acc).toMatchObject({ kind: 'accountability', parentCaseId: caseId, parentCaseNumber: caseNumber, status: 'preliminary', handlingRegionCode: w.townshipA, regionCode: w.townshipA, sourceType: 'report' });
    expect(acc.accountability.map((c: { id: string }) => c.id)).toEqual([caseId]);
    // It follows the same flow.
    expect((await township.post(`/api/v1/cases/${acc.id}/file`, {})).json().status).toBe('filed');
    const main = (await township.get(`/api/v1/cases/${caseId}`)).json();
    expect(main.accountability).toEqual([expect.objectContaining({ id: acc.id, subjectName: '李监督', kind: 'accountability', status: 'filed' })]);
    expect(main.events.some((e: { kind: string; note: string }) => e.kind === 'accountability_added' && e.note.includes(acc.number))).toBe(true);
    // An accountability record has no accountability of its own.
    expect((await township.post(`/api/v1/cases/${acc.id}/accountability`, { subjectName: '某', subjectPosition: '某', summary: '某' })).statusCode).toBe(409);
  });

  it('publishes an approved, anonymised typical case on the portal', async () => {
    const publicList = async () => {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/cases/typical?district=${w.district}` });
      expect(res.statusCode).toBe(200);
      return res;
    };
    const draft = { title: '村干部优亲厚友违规办理低保案', summary: '某村村委会主任王某将不符合条件的亲属纳入低保，受到党内严重警告、政务记过处分，违规资金全部追缴。', lesson: '低保评定必须经民主评议并公示。' };
    // Names, identity numbers and phone numbers are refused, naming the field; nothing is written.
    for (const [body, field] of [
      [{ ...draft, summary: `${SUBJECT}将亲属纳入低保。` }, 'summary'],
      [{ ...draft, summary: '某村主任大明将亲属纳入低保。' }, 'summary'],
      [{ ...draft, title: '李监督失职案' }, 'title'],
      [{ ...draft, lesson: '当事人身份证号11010519491231002X。' }, 'lesson'],
      [{ ...draft, summary: '联系电话13812345678。' }, 'summary'],
    ] as const) {
      const res = await township.post(`/api/v1/cases/${caseId}/typical`, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().details.map((d: { path: string }) => d.path)).toEqual([field]);
      expect(res.json().message).toMatch(/不得包含/);
    }
    expect(await queryRows(db(), sql`select id from typical_cases where case_id = ${caseId}`)).toEqual([]);

    const drafted = await township.post(`/api/v1/cases/${caseId}/typical`, draft);
    expect(drafted.statusCode, drafted.body).toBe(200);
    const tid = drafted.json().typical.id;
    expect(drafted.json().typical).toMatchObject({ status: 'draft', title: draft.title, caseNumber });
    expect((await publicList()).json()).toEqual([]);

    // Approval is the district's; publishing needs approval first.
    expect((await township.post(`/api/v1/cases/typical/${tid}/decide`, { approve: true })).statusCode).toBe(403);
    expect((await inspector.post(`/api/v1/cases/typical/${tid}/publish`, {})).statusCode).toBe(409);
    const refused = (await inspector.post(`/api/v1/cases/typical/${tid}/decide`, { approve: false, note: '请补充警示意义' })).json();
    expect(refused.typical.status).toBe('draft');
    expect(refused.events.some((e: { kind: string; note: string }) => e.kind === 'typical_decided' && e.note.includes('请补充警示意义'))).toBe(true);
    const approved = (await inspector.post(`/api/v1/cases/typical/${tid}/decide`, { approve: true, note: '同意' })).json();
    expect(approved.typical).toMatchObject({ status: 'approved', approvedByName: expect.any(String), approvedAt: expect.any(String) });
    expect(approved.actions).toContain('publish_typical');
    expect((await publicList()).json()).toEqual([]);

    const published = (await inspector.post(`/api/v1/cases/typical/${tid}/publish`, {})).json();
    expect(published.typical.status).toBe('published');
    const res = await publicList();
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.json()).toEqual([{ id: tid, title: draft.title, summary: draft.summary, lesson: draft.lesson, districtName: expect.stringMatching(/^测试区/), publishedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }]);
    expect(res.body).not.toContain(SUBJECT);
    expect(res.body).not.toContain(caseNumber);
    expect(res.body).not.toContain(caseId);
    // Another district's page does not show it; a village code finds its district.
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/public/cases/typical?district=110105000000' })).json()).toEqual([]);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/cases/typical?district=${w.villageB1}` })).json()).toHaveLength(1);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/public/cases/typical?district=abc' })).statusCode).toBe(400);

    expect((await inspector.post(`/api/v1/cases/typical/${tid}/withdraw`, {})).json().typical.status).toBe('withdrawn');
    expect((await publicList()).json()).toEqual([]);
  });
});

describe('the demo cases', () => {
  it('seed a township case from the demo report through to execution, its accountability, a published typical case, a district clue and a pending proposal', async () => {
    const { importRegions } = await import('../regions/regions.service.js');
    const { createUser } = await import('../users/users.service.js');
    const { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_REGIONS_CSV } = await import('../demo/demo.data.js');
    const { seedDemoReports } = await import('../demo/demo.reports.js');
    const { seedDemoCases } = await import('../demo/demo.cases.js');
    await importRegions(db(), systemActor(), DEMO_REGIONS_CSV, { strict: true, isDemo: true });
    const accounts = [];
    for (const a of DEMO_ACCOUNTS) accounts.push(await createUser(db(), systemActor(), { ...a, password: DEMO_PASSWORD }, { isDemo: true, mustChangePassword: false }));
    await seedDemoReports(ctx.platform.deps, accounts);
    await seedDemoCases(ctx.platform.deps, accounts);

    const rows = await queryRows<{ number: string; kind: string; status: string; handling_region_code: string; source_type: string; fault_tolerance_status: string | null; recovered_fen: string | number | null }>(
      db(), sql`select number, kind, status, handling_region_code, source_type, fault_tolerance_status, recovered_fen from cases where number like 'AJ330299-%' order by number`,
    );
    expect(rows.map((r) => [r.kind, r.status, r.handling_region_code, r.source_type, r.fault_tolerance_status])).toEqual([
      ['main', 'executed', '330299101000', 'report', null],
      ['accountability', 'preliminary', '330299101000', 'report', null],
      ['main', 'preliminary', '330299000000', 'direct', null],
      ['main', 'investigating', '330299102000', 'direct', 'pending'],
    ]);
    expect(Number(rows[0]!.recovered_fen)).toBe(2_860_000);
    const pub = (await ctx.app.inject({ method: 'GET', url: '/api/v1/public/cases/typical?district=330299000000' })).json();
    expect(pub).toHaveLength(1);
    expect(JSON.stringify(pub)).not.toContain('孙某');
    const [linked] = await queryRows<{ link_type: string }>(db(), sql`select link_type from reports where region_code = '330299101202'`);
    expect(linked!.link_type).toBe('case');
  });
});
