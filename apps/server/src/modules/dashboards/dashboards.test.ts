import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import { regionPrefix, type TDashboard, type TPublicStats, type TVillageWorkboard } from '@mpw/contracts';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { issueHouseholdCodes } from '../households/households.service.js';
import { seedHouseholds } from '../households/households.test-support.js';
import { quartersBetween } from './dashboards.service.js';
import { D, FROM, T, seedDashboardWorld } from './dashboards.test-support.js';

/**
 * One world (dashboards.test-support.ts): records of every kind written with known dates, and the
 * figures checked against the hand count and direct SQL. dashboards.links.test.ts checks every link.
 */

let ctx: TestContext;
let w: World;
let district: Client;
let townshipA: Client;
let townshipB: Client;
let townshipStaff: Client;
let village: Client;

const window = `from=${FROM}&to=${T}`;
const db = () => ctx.platform.deps.db;

const figure = (d: TDashboard, group: string, key: string) => {
  const f = d.groups.find((g) => g.key === group)?.figures.find((x) => x.key === key);
  if (!f) throw new Error(`no figure ${group}.${key}`);
  return f;
};
const dashboard = async (c: Client, query: string) => {
  const res = await c.get(`/api/v1/dashboards/?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as TDashboard;
};
/** A direct count over a region's subtree, for cross-checking. */
const count = async (table: string, region: string, where: SQL) => {
  const [r] = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from ${sql.raw(table)} t where t.deleted_at is null and t.region_code like ${`${regionPrefix(region)}%`} and ${where}`);
  return Number(r!.n);
};

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  district = await login(ctx.app, (await makeUser(ctx, w.district, ['district_inspector'])).username);
  townshipA = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_discipline'])).username);
  townshipB = await login(ctx.app, (await makeUser(ctx, w.townshipB, ['township_discipline'])).username);
  townshipStaff = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_staff'])).username);
  village = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_secretary'])).username);
  await seedDashboardWorld(ctx, w);
  // Two registered households of 甲一村, one of which checks its benefits on the portal; the village home is opened twice.
  const households = await seedHouseholds(ctx.platform.deps, w.villageA1, 2);
  const { cards } = await issueHouseholdCodes(db(), systemActor(), { regionCode: w.villageA1, householdIds: [households[0]!.householdId] });
  const h = households[0]!;
  const verified = await ctx.app.inject({ method: 'POST', url: '/api/v1/public/households/verify', payload: { villageCode: w.villageA1, idNumber: h.members[0]!.idNumber, name: h.members[0]!.name, queryCode: cards[0]!.code } });
  expect(verified.statusCode, verified.body).toBe(200);
  for (let i = 0; i < 2; i++) expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/villages/${w.villageA1}` })).statusCode).toBe(200);
}, 180_000);
afterAll(() => ctx.close());

describe('the township dashboard (甲镇)', () => {
  let d: TDashboard;
  beforeAll(async () => {
    d = await dashboard(townshipA, window);
  });

  it('defaults to the reader\'s own region and names the window', () => {
    expect(d.regionCode).toBe(w.townshipA);
    expect([d.from, d.to]).toEqual([FROM, T]);
  });

  it('counts platform records and portal use in the window', async () => {
    expect(figure(d, 'records', 'matters').value).toBe(3);
    expect(figure(d, 'records', 'matters').value).toBe(await count('matters', w.townshipA, sql`(t.created_at at time zone 'Asia/Shanghai')::date between ${FROM}::date and ${T}::date`));
    expect(figure(d, 'records', 'decisions').value).toBe(1);
    expect(figure(d, 'records', 'ledgerEntries').value).toBe(1);
    expect(figure(d, 'records', 'disclosuresPublished').value).toBe(2);
    // 5 counted yesterday and two visits of the village home today; 乙镇 and the old day are not counted.
    expect(figure(d, 'records', 'portalViews').value).toBe(7);
    expect(figure(d, 'records', 'householdQueries').value).toBe(1);
    const [today] = await queryRows<{ count: number }>(db(), sql`select count from usage_counters where region_code = ${w.villageA1} and day = ${T}::date and metric = 'portal_view'`);
    expect(Number(today!.count)).toBe(2);
  });

  it('counts matters by status and those overdue today', async () => {
    expect(figure(d, 'matters', 'started').value).toBe(3);
    expect(figure(d, 'matters', 'running').value).toBe(2);
    expect(figure(d, 'matters', 'completed').value).toBe(1);
    expect(figure(d, 'matters', 'overdue').value).toBe(2);
    expect(figure(d, 'matters', 'overdue').value).toBe(await count('matters', w.townshipA, sql`t.status in ('running', 'paused') and t.step_due_on < ${T}::date`));
    expect(figure(d, 'matters', 'overdue').link).toBe(`/matters?regionCode=${w.townshipA}&overdue=true`);
    expect(figure(d, 'matters', 'running').link).toBe(`/matters?regionCode=${w.townshipA}&createdFrom=${FROM}&createdTo=${T}&status=running`);
  });

  it('judges disclosures and questions by their due dates', () => {
    expect(figure(d, 'disclosures', 'onTimeRate')).toMatchObject({ value: 33.3, numerator: 1, denominator: 3, unit: '%' });
    expect(figure(d, 'disclosures', 'overdueDrafts')).toMatchObject({ value: 1, link: `/disclosures?regionCode=${w.townshipA}&overdue=true` });
    expect(figure(d, 'questions', 'asked').value).toBe(4);
    expect(figure(d, 'questions', 'onTimeRate')).toMatchObject({ value: 33.3, numerator: 1, denominator: 3 });
    expect(figure(d, 'questions', 'villageOnTimeRate')).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
    expect(figure(d, 'questions', 'disclosureOnTimeRate')).toMatchObject({ value: 50, numerator: 1, denominator: 2 });
    expect(figure(d, 'questions', 'overdue')).toMatchObject({ value: 1, link: null });
    expect(figure(d, 'questions', 'disclosureOverdue')).toMatchObject({ value: 1, link: `/disclosures?view=questions&regionCode=${w.townshipA}&overdue=true` });
    expect(figure(d, 'questions', 'villageOverdue')).toMatchObject({ value: 0, link: `/village-questions?regionCode=${w.townshipA}&status=open&overdue=true` });
  });

  it('counts only the reports the township may see', () => {
    expect(figure(d, 'reports', 'received').value).toBe(2);
    expect(figure(d, 'reports', 'accepted').value).toBe(1);
    expect(figure(d, 'reports', 'concluded').value).toBe(1);
    expect(figure(d, 'reports', 'confirmed').value).toBe(1);
    expect(figure(d, 'reports', 'microPowerShare')).toMatchObject({ value: 50, numerator: 1, denominator: 2 });
  });

  it('counts alerts by status and rule, with links the alert list understands', () => {
    expect(figure(d, 'alerts', 'raised').value).toBe(2);
    expect(figure(d, 'alerts', 'status.open').value).toBe(1);
    expect(figure(d, 'alerts', 'status.confirmed').value).toBe(1);
    expect(figure(d, 'alerts', 'openNow')).toMatchObject({ value: 2, link: `/alerts?regionCode=${w.townshipA}&status=open` });
    expect(figure(d, 'alertRules', 'rule.KIN_BENEFIT')).toMatchObject({ value: 1, label: '村干部或其近亲属享受救助', link: `/alerts?regionCode=${w.townshipA}&from=${FROM}&to=${T}&rule=KIN_BENEFIT` });
    expect(figure(d, 'alerts', 'status.open').link).toBe(`/alerts?regionCode=${w.townshipA}&from=${FROM}&to=${T}&status=open`);
  });

  it('counts rectification items closed by the issuer on time', async () => {
    expect(figure(d, 'rectification', 'onTimeRate')).toMatchObject({ value: 33.3, numerator: 1, denominator: 3 });
    expect(figure(d, 'rectification', 'closed').value).toBe(2);
    expect(figure(d, 'rectification', 'overdue').value).toBe(await count('rectification_items', w.townshipA, sql`t.status <> 'closed' and t.deadline < ${T}::date`));
    expect(figure(d, 'rectification', 'onTimeRate').link).toBe(`/rectification?regionCode=${w.townshipA}&deadlineFrom=${FROM}&deadlineTo=${T}&timeliness=on_time`);
  });

  it('counts the cases the township handles and their sanctions', () => {
    expect(figure(d, 'cases', 'opened').value).toBe(1);
    expect(figure(d, 'cases', 'filed').value).toBe(1);
    expect(figure(d, 'cases', 'executed').value).toBe(1);
    expect(figure(d, 'cases', 'sanction.party').value).toBe(1);
    // Another case's sanction decided in the window counts; the same case's earlier one does not.
    expect(figure(d, 'cases', 'sanction.government').value).toBe(1);
    expect(figure(d, 'cases', 'sanction.judicial').value).toBe(0);
    expect(figure(d, 'cases', 'recovered')).toMatchObject({ value: 1235, unit: '元' });
  });

  it('scores satisfaction and shows its coverage', () => {
    const quarters = quartersBetween(FROM, T);
    expect(figure(d, 'satisfaction', 'score')).toMatchObject({ value: 70, unit: '分' });
    expect(figure(d, 'satisfaction', 'coverage')).toMatchObject({ numerator: 2, denominator: 2 * quarters.length });
    expect(figure(d, 'satisfaction', 'score').link).toBe(`/satisfaction?quarter=${quarters[quarters.length - 1]}&regionCode=${w.townshipA}`);
  });

  it('draws monthly trends over the window', () => {
    const months = new Set(d.trends.months);
    expect(d.trends.months[0]).toBe(FROM.slice(0, 7));
    expect(d.trends.months.at(-1)).toBe(T.slice(0, 7));
    const started = d.trends.series.find((s) => s.key === 'matters_started')!;
    const expected = d.trends.months.map((m) => [D(-10), D(-20), D(-15)].filter((day) => day.startsWith(m)).length);
    expect(started.values).toEqual(expected);
    expect(d.trends.series.find((s) => s.key === 'rectification_closed')!.values.reduce((a, b) => a + b, 0)).toBe(2);
    expect(months.size).toBe(d.trends.months.length);
  });

  it('lays out its villages against the indicators', () => {
    expect(d.heat.indicators.map((i) => i.key)).toEqual(['overdueMatters', 'disclosureOnTimeRate', 'openAlerts', 'rectificationOnTimeRate', 'satisfactionScore']);
    expect(d.heat.rows.map((r) => r.regionCode)).toEqual([w.villageA1, w.villageA2]);
    expect(d.heat.rows[0]!.values).toEqual([2, 33.3, 2, 33.3, 70]);
    expect(d.heat.rows[1]!.values).toEqual([0, null, 0, null, null]);
  });

  it('gives every figure a console link except the portal counters and the totals of two lists', () => {
    const missing = d.groups.flatMap((g) => g.figures.filter((f) => !f.link).map((f) => `${g.key}.${f.key}`));
    expect(missing.sort()).toEqual(['questions.asked', 'questions.onTimeRate', 'questions.overdue', 'records.householdQueries', 'records.portalViews']);
  });
});

describe('scope', () => {
  it('the district sees its townships and every report and case it may read', async () => {
    const d = await dashboard(district, `regionCode=${w.district}&${window}`);
    expect(figure(d, 'records', 'matters').value).toBe(4);
    expect(figure(d, 'reports', 'received').value).toBe(4);
    expect(figure(d, 'reports', 'microPowerShare')).toMatchObject({ numerator: 3, denominator: 4 });
    expect(figure(d, 'cases', 'filed').value).toBe(3);
    expect(figure(d, 'records', 'portalViews').value).toBe(16);
    expect(d.heat.rows.map((r) => [r.regionCode, r.values[0]])).toEqual([[w.townshipA, 2], [w.townshipB, 1]]);
  });

  it('another township\'s records are never counted, and its region is not found', async () => {
    const b = await dashboard(townshipB, window);
    expect(figure(b, 'matters', 'overdue').value).toBe(1);
    expect(figure(b, 'alerts', 'raised').value).toBe(1);
    expect(figure(b, 'reports', 'received').value).toBe(1);
    const res = await townshipB.get(`/api/v1/dashboards/?regionCode=${w.townshipA}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
    expect((await townshipA.get(`/api/v1/dashboards/?regionCode=${w.district}`)).statusCode).toBe(404);
  });

  it('a village dashboard is its own single heat row', async () => {
    const d = await dashboard(townshipA, `regionCode=${w.villageA2}&${window}`);
    expect(figure(d, 'records', 'matters').value).toBe(1);
    expect(d.heat.rows.map((r) => r.regionCode)).toEqual([w.villageA2]);
  });

  it('leaves out the groups whose records the reader may not read', async () => {
    const d = await dashboard(townshipStaff, window);
    expect(d.groups.map((g) => g.key)).toEqual(['records', 'matters', 'disclosures', 'questions', 'rectification', 'satisfaction']);
    expect(d.heat.indicators.map((i) => i.key)).not.toContain('openAlerts');
    expect(d.trends.series.map((s) => s.key)).toEqual(['matters_started', 'rectification_closed']);
  });

  it('names the field of a bad window', async () => {
    const res = await townshipA.get(`/api/v1/dashboards/?from=${T}&to=${FROM}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].path).toBe('to');
    expect(res.json().message).toMatch(/结束日期/);
    expect((await townshipA.get('/api/v1/dashboards/?from=2026-02-30')).statusCode).toBe(400);
  });
});

describe('the village workboard', () => {
  it('sorts the village\'s open work into due, overdue and waiting, each with a link', async () => {
    const res = await village.get('/api/v1/dashboards/workboard');
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json() as TVillageWorkboard;
    expect(b.regionCode).toBe(w.villageA1);
    expect(b.overdue.map((i) => i.kind).sort()).toEqual(['disclosure', 'disclosure_question', 'matter_step', 'matter_step', 'rectification_item']);
    expect(b.overdue.every((i) => i.isOverdue && i.dueOn! < T)).toBe(true);
    expect(b.due.map((i) => i.kind).sort()).toEqual(['disclosure', 'rectification_returned', 'village_question']);
    // A village secretary does not read alerts: only the answer awaiting acceptance waits.
    expect(b.waiting.map((i) => i.kind)).toEqual(['rectification_answered']);
    for (const i of [...b.due, ...b.overdue, ...b.waiting]) expect(i.link).toMatch(/^\/(matters|disclosures|village-questions|rectification\/notices)\b/);
  });

  it('shows alerts waiting on the village to readers of alerts; refuses a township', async () => {
    const b = (await district.get(`/api/v1/dashboards/workboard?regionCode=${w.villageA1}`)).json() as TVillageWorkboard;
    expect(b.waiting.filter((i) => i.kind === 'alert')).toHaveLength(2);
    expect(b.waiting.find((i) => i.kind === 'alert')!.link).toMatch(/^\/alerts\/[0-9a-f-]{36}$/);
    const res = await district.get(`/api/v1/dashboards/workboard?regionCode=${w.townshipA}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].path).toBe('regionCode');
    expect((await village.get(`/api/v1/dashboards/workboard?regionCode=${w.villageA2}`)).statusCode).toBe(404);
  });
});

describe('public statistics', () => {
  const year = Number(T.slice(0, 4));
  const inYear = (column: string) => sql`extract(year from ${sql.raw(column)} at time zone 'Asia/Shanghai') = ${year}`;

  it('answers a district\'s aggregates of the year, cacheable, matching direct counts', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/dashboards/stats?regionCode=${w.district}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const s = res.json() as TPublicStats;
    const value = (k: string) => s.figures.find((f) => f.key === k)?.value;
    expect(s.year).toBe(year);
    expect(value('matters_completed')).toBe(await count('matters', w.district, sql`t.status = 'completed' and ${inYear('t.completed_at')}`));
    expect(value('disclosures_published')).toBe(await count('disclosures', w.district, sql`t.first_published_at is not null and ${inYear('t.first_published_at')}`));
    expect(value('rectification_closed')).toBe(await count('rectification_items', w.district, sql`t.status = 'closed' and extract(year from t.closed_on) = ${year}`));
    expect(value('reports_received')).toBe(await count('reports', w.district, sql`extract(year from t.received_on) = ${year}`));
    expect(value('satisfaction_score')).toBe(70);
    expect(s.months.at(-1)).toBe(T.slice(0, 7));
    for (const series of s.series) expect(series.values).toHaveLength(s.months.length);
    // Aggregates only: no name, title or text of any record.
    expect(res.body).not.toMatch(/王某某|测试事项|测试问题|测试预警|测试举报/);
  });

  it('leaves report counts out of a village\'s statistics', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/dashboards/stats?regionCode=${w.villageA1}` });
    expect(res.statusCode).toBe(200);
    const s = res.json() as TPublicStats;
    expect(s.figures.map((f) => f.key)).not.toContain('reports_received');
    expect(s.series.map((x) => x.key)).not.toContain('reports_received');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/public/dashboards/stats?regionCode=999999999999' })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/public/dashboards/stats?regionCode=12' })).statusCode).toBe(400);
  });
});
