import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import type { TSatisfactionResults, TSatisfactionRow } from '@mpw/contracts';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { issueHouseholdCodes } from './households.service.js';
import { quarterOf } from './households.policy.js';
import { seedHouseholds, type TestHousehold } from './households.test-support.js';

let ctx: TestContext;
let w: World;
let hs: TestHousehold[];
let hsA2: TestHousehold[];
let township: Client;
let village: Client;
let district: Client;
const codes = new Map<string, string>();
const quarter = quarterOf(chinaDate());

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  hs = await seedHouseholds(ctx.platform.deps, w.villageA1, 4);
  hsA2 = await seedHouseholds(ctx.platform.deps, w.villageA2, 2);
  await seedHouseholds(ctx.platform.deps, w.villageB1, 3);
  for (const v of [w.villageA1, w.villageA2]) {
    const { cards } = await issueHouseholdCodes(ctx.platform.deps.db, systemActor(), { regionCode: v, allWithoutCode: true });
    for (const c of cards) codes.set(c.householdId, c.code);
  }
  township = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_discipline'])).username);
  village = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_discipline'])).username);
  district = await login(ctx.app, (await makeUser(ctx, w.district, ['district_inspector'])).username);
});
afterAll(() => ctx.close());

let ip = 0;
async function tokenOf(h: TestHousehold, m = 0): Promise<string> {
  const res = await ctx.app.inject({
    method: 'POST', url: '/api/v1/public/households/verify', remoteAddress: `10.4.0.${++ip}`,
    payload: { villageCode: h.village, idNumber: h.members[m]!.idNumber, name: h.members[m]!.name, queryCode: codes.get(h.householdId) },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().token;
}
const survey = (token: string | null, payload?: unknown) =>
  ctx.app.inject({ method: payload ? 'POST' : 'GET', url: '/api/v1/public/households/survey', headers: token ? { 'x-villager-token': token } : {}, ...(payload ? { payload: payload as object } : {}) });

describe('the quarterly satisfaction survey (满意度测评)', () => {
  it('a verified household answers once a quarter; a second answer, from any member, is 409', async () => {
    const token = await tokenOf(hs[0]!, 0);
    expect((await survey(token)).json()).toEqual({ quarter, answered: false });
    const first = await survey(token, { disclosure: 'satisfied', services: 'basically_satisfied', integrity: 'dissatisfied', comment: '希望公开栏多更新' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ quarter, answered: true });
    expect((await survey(token)).json()).toEqual({ quarter, answered: true });

    const spouse = await tokenOf(hs[0]!, 1);
    const again = await survey(spouse, { disclosure: 'satisfied', services: 'satisfied', integrity: 'satisfied' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CONFLICT', message: '本户本季度已参加过测评' });
    const view = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/households/me', headers: { 'x-villager-token': spouse } });
    expect(view.json()).toMatchObject({ surveyAnswered: true, quarter });
  });

  it('needs a verified villager and complete answers', async () => {
    const none = await survey(null, { disclosure: 'satisfied', services: 'satisfied', integrity: 'satisfied' });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('VILLAGER_UNVERIFIED');
    const partial = await survey(await tokenOf(hs[1]!), { disclosure: 'satisfied', services: 'great' });
    expect(partial.statusCode).toBe(400);
    expect((partial.json().details as { path: string }[]).map((d) => d.path).sort()).toEqual(['integrity', 'services']);
  });

  it('stores no household or person, only a keyed digest', async () => {
    const rows = await queryRows<Record<string, unknown>>(ctx.platform.deps.db, sql`select * from satisfaction_responses where region_code = ${w.villageA1}`);
    expect(rows).toHaveLength(1);
    const text = JSON.stringify(rows);
    for (const m of hs[0]!.members) {
      expect(text).not.toContain(m.idNumber);
      expect(text).not.toContain(m.name);
    }
    expect(text).not.toContain(hs[0]!.householdId);
    expect(rows[0]!.household_digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('results per village and township: counts, coverage and score agree with direct counts', async () => {
    const answers: [TestHousehold, string, string, string][] = [
      [hs[1]!, 'satisfied', 'satisfied', 'satisfied'],
      [hs[2]!, 'basically_satisfied', 'dissatisfied', 'satisfied'],
      [hsA2[0]!, 'dissatisfied', 'dissatisfied', 'basically_satisfied'],
    ];
    for (const [h, disclosure, services, integrity] of answers) {
      expect((await survey(await tokenOf(h), { disclosure, services, integrity })).statusCode).toBe(201);
    }
    const res = await township.get('/api/v1/households/satisfaction');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as TSatisfactionResults;
    expect(body.quarter).toBe(quarter);
    expect(body.rows.map((r) => r.regionCode)).toEqual([w.townshipA, w.villageA1, w.villageA2]);

    const direct = await queryRows<{ region_code: string; responses: number; households: number; points: number; answers: number; d_sat: number; s_dis: number }>(ctx.platform.deps.db, sql`
      select g.code as region_code,
        (select count(*)::int from satisfaction_responses s where s.region_code = g.code and s.quarter = ${quarter}) as responses,
        (select count(distinct household_id)::int from residents r where r.region_code = g.code) as households,
        (select coalesce(sum(case x when 'satisfied' then 100 when 'basically_satisfied' then 60 else 0 end), 0)::int
           from satisfaction_responses s, unnest(array[s.disclosure, s.services, s.integrity]) as x where s.region_code = g.code and s.quarter = ${quarter}) as points,
        (select count(*)::int * 3 from satisfaction_responses s where s.region_code = g.code and s.quarter = ${quarter}) as answers,
        (select count(*)::int from satisfaction_responses s where s.region_code = g.code and s.quarter = ${quarter} and s.disclosure = 'satisfied') as d_sat,
        (select count(*)::int from satisfaction_responses s where s.region_code = g.code and s.quarter = ${quarter} and s.services = 'dissatisfied') as s_dis
      from regions g where g.code in (${w.villageA1}, ${w.villageA2}) order by g.code`);
    const byCode = new Map(body.rows.map((r) => [r.regionCode, r]));
    for (const d of direct) {
      const row = byCode.get(d.region_code)!;
      expect(row).toMatchObject({ responses: d.responses, households: d.households, quarter });
      expect(row.dimensions.disclosure.satisfied).toBe(d.d_sat);
      expect(row.dimensions.services.dissatisfied).toBe(d.s_dis);
      expect(row.score).toBe(Math.round((d.points / d.answers) * 10) / 10);
    }
    expect(byCode.get(w.villageA1)).toMatchObject({ responses: 3, households: 4 });
    const t = byCode.get(w.townshipA)!;
    const sum = (f: (r: TSatisfactionRow) => number) => f(byCode.get(w.villageA1)!) + f(byCode.get(w.villageA2)!);
    expect(t).toMatchObject({ responses: 4, households: 6 });
    expect(t.dimensions.integrity.satisfied).toBe(sum((r) => r.dimensions.integrity.satisfied));
    const all = direct.reduce((a, d) => ({ points: a.points + d.points, answers: a.answers + d.answers }), { points: 0, answers: 0 });
    expect(t.score).toBe(Math.round((all.points / all.answers) * 10) / 10);
  });

  it('scope: a village sees its own row; the district sees every township; another quarter is empty; outside scope is 404', async () => {
    const own = (await village.get('/api/v1/households/satisfaction')).json() as TSatisfactionResults;
    expect(own.rows.map((r) => r.regionCode)).toEqual([w.villageA1]);
    const all = (await district.get('/api/v1/households/satisfaction')).json() as TSatisfactionResults;
    expect(all.rows.map((r) => r.regionCode)).toEqual([w.townshipA, w.villageA1, w.villageA2, w.townshipB, w.villageB1]);
    expect(all.rows.find((r) => r.regionCode === w.villageB1)).toMatchObject({ responses: 0, households: 3, score: null });
    const old = (await township.get('/api/v1/households/satisfaction?quarter=2020-Q1')).json() as TSatisfactionResults;
    expect(old.rows.every((r) => r.responses === 0)).toBe(true);
    expect((await village.get(`/api/v1/households/satisfaction?regionCode=${w.villageA2}`)).statusCode).toBe(404);
    const bad = await township.get('/api/v1/households/satisfaction?quarter=2026-5');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('quarter');
  });
});
