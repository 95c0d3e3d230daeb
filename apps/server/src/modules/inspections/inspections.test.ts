import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import { DEFAULT_CHECKLISTS, type TInspectionPlan } from '@mpw/contracts';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { audited } from '../audit/audit.log.js';
import { raiseAlert } from '../alerts/alerts.service.js';
import { newReport } from '../reports/reports.staff.test-support.js';

let ctx: TestContext;
let w: World;
let district: Client;
let township: Client;
let townshipB: Client;
let districtId: string;
let townshipId: string;
let townshipBId: string;

const db = () => ctx.platform.deps.db;

const special = (over: Record<string, unknown> = {}) => ({
  title: '2026年第四季度村级财务专项检查', kind: 'special', startsOn: '2026-10-01', endsOn: '2026-12-31',
  scopeRegionCodes: [w.villageA1, w.villageB1], focusAreas: ['village_finance', 'works'], methods: ['documents', 'four_nots'], teamUserIds: [districtId, townshipId], ...over,
});

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  const d = await makeUser(ctx, w.district, ['district_inspector']);
  districtId = d.id;
  district = await login(ctx.app, d.username);
  const t = await makeUser(ctx, w.townshipA, ['township_discipline']);
  townshipId = t.id;
  township = await login(ctx.app, t.username);
  const tb = await makeUser(ctx, w.townshipB, ['township_discipline']);
  townshipBId = tb.id;
  townshipB = await login(ctx.app, tb.username);
}, 120_000);
afterAll(() => ctx.close());

describe('inspection plans (检查计划)', () => {
  let plan: TInspectionPlan;

  it('the district issues a special inspection with the default checklist; it moves draft → active → completed', async () => {
    const res = await district.post('/api/v1/inspections/plans', special());
    expect(res.statusCode, res.body).toBe(201);
    plan = res.json();
    expect(plan).toMatchObject({ status: 'draft', regionCode: w.district, kind: 'special', findingCount: 0 });
    expect(plan.scope).toEqual([{ regionCode: w.villageA1, regionName: '甲一村' }, { regionCode: w.villageB1, regionName: '乙一村' }]);
    expect(plan.checklist).toEqual([{ area: 'village_finance', items: DEFAULT_CHECKLISTS.village_finance }, { area: 'works', items: DEFAULT_CHECKLISTS.works }]);
    expect(plan.team.map((m) => m.userId)).toEqual([districtId, townshipId]);

    const put = await district.put(`/api/v1/inspections/plans/${plan.id}`, special({ title: '改名后的专项检查', checklist: [{ area: 'works', items: [{ key: 'x1', text: '是否拆分工程' }] }] }));
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ title: '改名后的专项检查', checklist: [{ area: 'works', items: [{ key: 'x1', text: '是否拆分工程' }] }] });

    // A township sees the district's plan of its villages but may not change it.
    expect((await township.get(`/api/v1/inspections/plans/${plan.id}`)).statusCode).toBe(200);
    expect((await township.post(`/api/v1/inspections/plans/${plan.id}/activate`, {})).statusCode).toBe(403);

    expect((await district.post(`/api/v1/inspections/plans/${plan.id}/complete`, {})).statusCode).toBe(409);
    expect((await district.post(`/api/v1/inspections/plans/${plan.id}/activate`, {})).json()).toMatchObject({ status: 'active' });
    expect((await district.put(`/api/v1/inspections/plans/${plan.id}`, special())).statusCode).toBe(409);
    const events = await queryRows<{ action: string }>(db(), sql`select action from audit_events where entity_id = ${plan.id} order by seq`);
    expect(events.map((e) => e.action)).toEqual(['inspection.plan.create', 'inspection.plan.update', 'inspection.plan.activate']);
  });

  it('refuses a special inspection from a township, a self-check from the district, and a scope or team outside the unit', async () => {
    const byTownship = await township.post('/api/v1/inspections/plans', special({ scopeRegionCodes: [w.villageA1], teamUserIds: [townshipId] }));
    expect(byTownship.statusCode).toBe(400);
    expect(byTownship.json().details[0].path).toBe('kind');
    expect((await district.post('/api/v1/inspections/plans', special({ kind: 'self_check' }))).json().details[0].path).toBe('kind');
    const scope = await township.post('/api/v1/inspections/plans', special({ kind: 'self_check', scopeRegionCodes: [w.villageA1, w.villageB1], teamUserIds: [townshipId] }));
    expect(scope.statusCode).toBe(400);
    expect(scope.json().details[0].path).toBe('scopeRegionCodes.1');
    const team = await township.post('/api/v1/inspections/plans', special({ kind: 'self_check', scopeRegionCodes: [w.villageA1], teamUserIds: [townshipId, townshipBId] }));
    expect(team.json().details[0].path).toBe('teamUserIds.1');
    const ok = await township.post('/api/v1/inspections/plans', special({ kind: 'self_check', title: '10月自查', scopeRegionCodes: [w.villageA1, w.villageA2], teamUserIds: [townshipId] }));
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('lists plans by visibility: the district all, a township its own and the district plan of its villages', async () => {
    const ids = async (c: Client) => ((await c.get('/api/v1/inspections/plans?pageSize=100')).json().data as TInspectionPlan[]).map((p) => p.title).sort();
    expect(await ids(district)).toEqual(['10月自查', '改名后的专项检查']);
    expect(await ids(township)).toEqual(['10月自查', '改名后的专项检查']);
    expect(await ids(townshipB)).toEqual(['改名后的专项检查']);
    expect((await district.get('/api/v1/inspections/plans?kind=self_check')).json().total).toBe(1);
  });

  it('records findings under an active plan, from an alert or a report, and dismisses one', async () => {
    const f = await township.post('/api/v1/inspections/findings', { planId: plan.id, regionCode: w.villageA1, focusArea: 'works', checklistKey: 'x1', description: '村道硬化工程拆分为三个小项目' });
    expect(f.statusCode, f.body).toBe(201);
    expect(f.json()).toMatchObject({ planId: plan.id, planTitle: '改名后的专项检查', checklistText: '是否拆分工程', sourceType: 'direct', status: 'open', createdByName: expect.any(String) });
    const outside = await township.post('/api/v1/inspections/findings', { planId: plan.id, regionCode: w.villageA2, focusArea: 'works', description: '不在范围' });
    expect(outside.json().details[0].path).toBe('regionCode');
    expect((await township.post('/api/v1/inspections/findings', { planId: plan.id, regionCode: w.villageA1, focusArea: 'conduct', description: '重点不在计划内' })).json().details[0].path).toBe('focusArea');
    expect((await township.post('/api/v1/inspections/findings', { planId: plan.id, regionCode: w.villageA1, focusArea: 'works', checklistKey: 'zz', description: '无此项' })).json().details[0].path).toBe('checklistKey');

    const alert = await audited(db(), systemActor(), (tx) => raiseAlert(tx, { rule: 'LATE_RECORD', subjectType: 'decision', subjectId: `${w.villageB1}-2026-0001`, regionCode: w.villageB1, summary: '会议记录晚录入', evidence: 'decisions:x' }));
    // Township A cannot see township B's alert: the field is named, nothing is created.
    const hidden = await township.post('/api/v1/inspections/findings', { focusArea: 'decisions', description: '来自预警', sourceType: 'alert', sourceId: alert.id });
    expect(hidden.statusCode).toBe(400);
    expect(hidden.json().details[0].path).toBe('sourceId');
    const fromAlert = await district.post('/api/v1/inspections/findings', { focusArea: 'decisions', description: '来自预警', sourceType: 'alert', sourceId: alert.id });
    expect(fromAlert.json()).toMatchObject({ regionCode: w.villageB1, sourceLabel: '会议记录晚录入', planId: null });

    const report = await newReport(ctx, w.villageA2);
    const fromReport = await township.post('/api/v1/inspections/findings', { focusArea: 'benefit_policies', description: '举报反映低保优亲厚友', sourceType: 'report', sourceId: report.id });
    expect(fromReport.statusCode, fromReport.body).toBe(201);
    expect(fromReport.json()).toMatchObject({ regionCode: w.villageA2, sourceType: 'report', sourceLabel: '群众举报' });

    const dismissed = await township.post(`/api/v1/inspections/findings/${fromReport.json().id}/dismiss`, { reason: '经核实，对象符合条件' });
    expect(dismissed.json()).toMatchObject({ status: 'dismissed' });
    expect((await township.post(`/api/v1/inspections/findings/${fromReport.json().id}/dismiss`, { reason: '再次' })).statusCode).toBe(409);

    expect((await district.get(`/api/v1/inspections/plans/${plan.id}`)).json()).toMatchObject({ findingCount: 1, openFindingCount: 1 });
    const listed = (await townshipB.get('/api/v1/inspections/findings?pageSize=100')).json();
    expect(listed.data.map((x: { regionCode: string }) => x.regionCode)).toEqual([w.villageB1]);
    expect((await townshipB.get(`/api/v1/inspections/findings/${f.json().id}`)).statusCode).toBe(404);
    expect((await district.get(`/api/v1/inspections/findings?planId=${plan.id}`)).json().total).toBe(1);

    await district.post(`/api/v1/inspections/plans/${plan.id}/complete`, {});
    expect((await district.post('/api/v1/inspections/findings', { planId: plan.id, regionCode: w.villageA1, focusArea: 'works', description: '结束后' })).json().details[0].path).toBe('planId');
  });
});
