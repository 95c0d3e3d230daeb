import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import type { TCreateTrainingRequest, TTrainingSession } from '@mpw/contracts';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { indicatorCounts } from '../assessment/assessment.repository.js';
import { newIdNumber } from '../households/households.test-support.js';
import { createMember, replaceMember } from '../supervision/supervision.service.js';
import { setUserStatus } from '../users/users.service.js';
import { TRAINING_HEADERS } from './training.export.js';
import { createTraining } from './training.service.js';

/**
 * 教育培训: sessions with attendance (CRUD, scope, bad input), coverage per unit against direct
 * counts, a person's history, the ledger in Excel. One world: a district, two townships, three villages.
 */

let ctx: TestContext;
let w: World;
let district: Client;
let townshipA: Client;
let villageA1: Client;
const db = () => ctx.platform.deps.db;
const today = chinaDate();
const daysAgo = (n: number) => chinaDate(new Date(Date.now() - n * 86_400_000));
type Person = { id: string; regionCode: string; name: string };
let secA1: Person;
let accA1: Person;
let secA2: Person;
let secB1: Person;
let memberA1: Person;
let memberB1: Person;

const member = async (regionCode: string, role: 'chair' | 'member' | 'discipline') => {
  const m = await createMember(db(), systemActor(), {
    regionCode, name: `成员${Math.random().toString(36).slice(2, 6)}`, idNumber: newIdNumber(), role, termStart: '2024-01-01', electedOn: '2023-12-20',
    electionRecord: '2023年12月20日村民代表会议选举产生', backgrounds: [], isPartyMember: false,
  });
  return { id: m.id, regionCode, name: m.name };
};
const account = async (regionCode: string, role: 'village_secretary' | 'village_accountant') => {
  const u = await makeUser(ctx, regionCode, [role]);
  return { id: u.id, regionCode, name: u.displayName };
};
const session = (over: Partial<TCreateTrainingRequest> = {}): TCreateTrainingRequest => ({
  regionCode: w.townshipA, title: '村级小微权力清单业务培训', kind: 'training', heldOn: daysAgo(3), hours: 2.5, organiser: '甲镇纪委', place: '镇政府三楼会议室',
  attendees: [], ...over,
});

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  secA1 = await account(w.villageA1, 'village_secretary');
  accA1 = await account(w.villageA1, 'village_accountant');
  secA2 = await account(w.villageA2, 'village_secretary');
  secB1 = await account(w.villageB1, 'village_secretary');
  const gone = await account(w.villageA2, 'village_accountant');
  await setUserStatus(db(), systemActor(), gone.id, 'disabled');
  memberA1 = await member(w.villageA1, 'chair');
  memberB1 = await member(w.villageB1, 'discipline');
  // A member who left: no longer someone to train.
  const left = await member(w.villageA2, 'member');
  await replaceMember(db(), systemActor(), left.id, { reason: '迁出本村', leftOn: daysAgo(30) });
  district = await login(ctx.app, (await makeUser(ctx, w.district, ['district_inspector'])).username);
  townshipA = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_staff'])).username);
  villageA1 = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_supervisor'])).username);
});
afterAll(() => ctx.close());

describe('training sessions (教育培训)', () => {
  let s: TTrainingSession;

  it('records a session with attendees by account, roster entry and name; reads, replaces and deletes it (soft, with a reason)', async () => {
    const res = await townshipA.post('/api/v1/training/', session({
      attendees: [
        { kind: 'user', userId: secA1.id, name: '张书记', position: '村党组织书记', regionCode: w.villageA1 },
        // The unit of an account or a member is its own, whatever the request says.
        { kind: 'supervision_member', memberId: memberA1.id, name: memberA1.name, regionCode: w.villageA2 },
        { kind: 'other', name: '李会计', position: '村报账员', regionCode: w.villageA2 },
      ],
    }));
    expect(res.statusCode, res.body).toBe(201);
    s = res.json();
    expect(s).toMatchObject({ regionCode: w.townshipA, regionName: '甲镇', hours: 2.5, attendeeCount: 3 });
    expect(s.attendees!.map((a) => [a.kind, a.regionCode, a.hours]).sort()).toEqual([
      ['other', w.villageA2, 2.5], ['supervision_member', w.villageA1, 2.5], ['user', w.villageA1, 2.5],
    ]);

    const list = (await townshipA.get('/api/v1/training/?pageSize=50')).json();
    expect(list.data.map((x: TTrainingSession) => x.id)).toContain(s.id);

    const put = await townshipA.put(`/api/v1/training/${s.id}`, session({
      title: '村级小微权力清单业务培训（第二期）', hours: 3,
      attendees: [{ kind: 'user', userId: secA1.id, name: '张书记', regionCode: w.villageA1 }, { kind: 'user', userId: accA1.id, name: '刘会计', regionCode: w.villageA1 }],
    }));
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ title: '村级小微权力清单业务培训（第二期）', hours: 3, attendeeCount: 2 });
    // The replaced attendances are kept, marked deleted.
    const [n] = await queryRows<{ live: number; gone: number }>(db(), sql`select count(*) filter (where deleted_at is null)::int as live, count(*) filter (where deleted_at is not null)::int as gone from training_attendances where session_id = ${s.id}`);
    expect(n).toEqual({ live: 2, gone: 3 });

    const del = await townshipA.inject({ method: 'DELETE', url: `/api/v1/training/${s.id}`, payload: { reason: '重复录入' } });
    expect(del.statusCode, del.body).toBe(200);
    expect((await townshipA.get(`/api/v1/training/${s.id}`)).statusCode).toBe(404);
    const [ev] = await queryRows<{ after: { reason: string } }>(db(), sql`select after from audit_events where entity_id = ${s.id} and action = 'training.session.delete'`);
    expect(ev!.after.reason).toBe('重复录入');
    const [row] = await queryRows<{ deleted: boolean }>(db(), sql`select deleted_at is not null as deleted from training_sessions where id = ${s.id}`);
    expect(row!.deleted).toBe(true);
  });

  it('keeps to the scope: another township is absent (404), attendees outside it are refused by field (400)', async () => {
    expect((await townshipA.post('/api/v1/training/', session({ regionCode: w.townshipB }))).statusCode).toBe(404);
    const outsider = await townshipA.post('/api/v1/training/', session({ attendees: [{ kind: 'user', userId: secB1.id, name: '外镇书记', regionCode: w.villageB1 }] }));
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().details[0].path).toBe('attendees.0.userId');
    const nobody = await townshipA.post('/api/v1/training/', session({ attendees: [{ kind: 'supervision_member', memberId: '00000000-0000-4000-8000-000000000000', name: '无此人', regionCode: w.villageA1 }] }));
    expect(nobody.json().details[0].path).toBe('attendees.0.memberId');
    const twice = await townshipA.post('/api/v1/training/', session({ attendees: [1, 2].map(() => ({ kind: 'user' as const, userId: secA1.id, name: '张书记', regionCode: w.villageA1 })) }));
    expect(twice.json().details[0].path).toBe('attendees.1');

    const b = await createTraining(db(), systemActor(), session({ regionCode: w.townshipB, heldOn: daysAgo(100), attendees: [{ kind: 'user', userId: secB1.id, name: '乙书记', regionCode: w.villageB1 }] }));
    expect((await townshipA.get(`/api/v1/training/${b.id}`)).statusCode).toBe(404);
    expect((await townshipA.put(`/api/v1/training/${b.id}`, session())).statusCode).toBe(404);
    expect((await townshipA.get(`/api/v1/training/?regionCode=${w.villageB1}`)).statusCode).toBe(404);

    // A district class attended by people of two villages: a village sees it, with its own people only.
    const d = await createTraining(db(), systemActor(), session({
      regionCode: w.district, kind: 'warning_education', title: '警示教育大会', heldOn: daysAgo(100),
      attendees: [{ kind: 'user', userId: secA1.id, name: '张书记', regionCode: w.villageA1 }, { kind: 'user', userId: secB1.id, name: '乙书记', regionCode: w.villageB1 }],
    }));
    const seen = (await villageA1.get(`/api/v1/training/${d.id}`)).json();
    expect(seen.attendeeCount).toBe(2);
    expect(seen.attendees.map((a: { regionCode: string }) => a.regionCode)).toEqual([w.villageA1]);
    expect((await district.get(`/api/v1/training/${d.id}`)).json().attendees).toHaveLength(2);
    expect((await villageA1.get('/api/v1/training/?pageSize=100')).json().data.map((x: TTrainingSession) => x.id)).toContain(d.id);
  });

  it('answers bad input with 400 naming the fields', async () => {
    const res = await townshipA.post('/api/v1/training/', { regionCode: w.townshipA, title: '', kind: 'party', heldOn: '2026-13-01', hours: 0, organiser: '甲镇' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    const paths = (res.json().details as { path: string }[]).map((d) => d.path);
    for (const f of ['title', 'kind', 'heldOn', 'hours']) expect(paths.some((p) => p.includes(f)), `${f} in ${paths}`).toBe(true);
    expect((await townshipA.inject({ method: 'DELETE', url: '/api/v1/training/00000000-0000-4000-8000-000000000000', payload: {} })).statusCode).toBe(400);
    expect((await townshipA.get('/api/v1/training/coverage?from=2026-05-01&to=2026-04-01')).json().details[0].path).toBe('to');
  });
});

describe('coverage and history', () => {
  const from = daysAgo(60);

  beforeAll(async () => {
    // In the window: secA1 twice, memberA1 once, memberB1 once, someone by name in A2 (not a person to train).
    await createTraining(db(), systemActor(), session({ heldOn: daysAgo(20), hours: 2, attendees: [
      { kind: 'user', userId: secA1.id, name: '张书记', regionCode: w.villageA1 },
      { kind: 'supervision_member', memberId: memberA1.id, name: memberA1.name, regionCode: w.villageA1 },
      { kind: 'other', name: '旁听人员', regionCode: w.villageA2 },
    ] }));
    await createTraining(db(), systemActor(), session({ regionCode: w.district, kind: 'warning_education', heldOn: daysAgo(10), hours: 1.5, attendees: [
      { kind: 'user', userId: secA1.id, name: '张书记', regionCode: w.villageA1 },
      { kind: 'supervision_member', memberId: memberB1.id, name: memberB1.name, regionCode: w.villageB1 },
    ] }));
    // Before the window: accA1 (counts in the history, not in the coverage).
    await createTraining(db(), systemActor(), session({ heldOn: daysAgo(400), hours: 4, attendees: [{ kind: 'user', userId: accA1.id, name: '刘会计', regionCode: w.villageA1 }] }));
  });

  /** People to train, counted straight from the tables: active accounts in villages and serving members. */
  async function directPeople(prefix: string): Promise<number> {
    const [r] = await queryRows<{ n: number }>(db(), sql`
      select (select count(*) from users u join regions v on v.code = u.region_code and v.level = 'village' where u.status = 'active' and u.deleted_at is null and u.region_code like ${prefix + '%'})::int
        + (select count(*) from supervision_members m where m.status = 'serving' and m.deleted_at is null and m.region_code like ${prefix + '%'})::int as n`);
    return Number(r!.n);
  }

  it('counts, per township, the people to train and those trained in the window, against direct counts', async () => {
    const res = await district.get(`/api/v1/training/coverage?regionCode=${w.district}&from=${from}&to=${today}`);
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json() as { regionCode: string; people: number; trained: number; rate: number | null; hours: number }[];
    expect(rows.map((r) => r.regionCode)).toEqual([w.townshipA, w.townshipB]);
    const [a, b] = rows as [typeof rows[0], typeof rows[0]];
    expect(a.people).toBe(await directPeople(w.townshipA.slice(0, 9)));
    expect(b.people).toBe(await directPeople(w.townshipB.slice(0, 9)));
    // A: secA1 and memberA1 of (secA1, accA1, secA2, the village supervisor account, memberA1); B: memberB1 of (secB1, memberB1).
    expect(a.people).toBe(5);
    expect(b.people).toBe(2);
    expect([a.trained, b.trained]).toEqual([2, 1]);
    expect(a.rate).toBe(0.4);
    expect(b.rate).toBe(0.5);
    // Hours of A's people in the window: 2 + 2 + 2 (by name) + 1.5.
    expect(a.hours).toBe(7.5);
    expect(b.hours).toBe(1.5);

    const villages = (await townshipA.get(`/api/v1/training/coverage?from=${from}&to=${today}`)).json();
    expect(villages.map((r: { regionCode: string; trained: number }) => [r.regionCode, r.trained])).toEqual([[w.villageA1, 2], [w.villageA2, 0]]);
    expect((await townshipA.get(`/api/v1/training/coverage?regionCode=${w.townshipB}`)).statusCode).toBe(404);
    const own = (await villageA1.get('/api/v1/training/coverage?from=' + from)).json();
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ regionCode: w.villageA1, trained: 2 });
  });

  it('gives the assessment the same coverage per village and per township as the coverage route', async () => {
    const route = async (regionCode: string) =>
      Object.fromEntries(((await district.get(`/api/v1/training/coverage?regionCode=${regionCode}&from=${from}&to=${today}`)).json() as { regionCode: string; people: number; trained: number }[])
        .filter((r) => r.people > 0).map((r) => [r.regionCode, [r.people, r.trained]]));
    const assessed = async (level: 'village' | 'township') =>
      Object.fromEntries([...(await indicatorCounts(db(), 'training_coverage', { district: w.district, level, from, asOf: today, today, quarters: [] }))].map(([code, c]) => [code, [c.records, c.good]]));
    const villages = { ...(await route(w.townshipA)), ...(await route(w.townshipB)) };
    expect(villages[w.villageA1]![1]).toBe(2);
    expect(await assessed('village')).toEqual(villages);
    expect(await assessed('township')).toEqual(await route(w.district));
  });

  it("lists a person's sessions with total hours and hours of the last 12 months", async () => {
    const acc = (await townshipA.get(`/api/v1/training/people/user/${accA1.id}/history`)).json();
    expect(acc).toMatchObject({ name: accA1.name, regionCode: w.villageA1, sessionCount: 1, totalHours: 4, last12MonthsHours: 0 });
    const sec = (await villageA1.get(`/api/v1/training/people/user/${secA1.id}/history`)).json();
    expect(sec.sessions.map((x: { kind: string }) => x.kind)).toEqual(['warning_education', 'training', 'warning_education']);
    expect(sec.totalHours).toBe(1.5 + 2 + 2.5);
    expect(sec.last12MonthsHours).toBe(6);
    const mem = (await district.get(`/api/v1/training/people/supervision_member/${memberA1.id}/history`)).json();
    expect(mem).toMatchObject({ sessionCount: 1, totalHours: 2 });
    expect((await townshipA.get(`/api/v1/training/people/supervision_member/${memberB1.id}/history`)).statusCode).toBe(404);
    expect((await townshipA.get(`/api/v1/training/people/nobody/${memberB1.id}/history`)).statusCode).toBe(400);
  });

  it('exports the list to .xlsx with Chinese headers and formula text neutralised', async () => {
    await createTraining(db(), systemActor(), session({ title: '=HYPERLINK("http://x")', organiser: '+甲镇', heldOn: daysAgo(1) }));
    const res = await townshipA.get(`/api/v1/training/export.xlsx?from=${from}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...TRAINING_HEADERS]);
    const list = (await townshipA.get(`/api/v1/training/?from=${from}&pageSize=200`)).json();
    expect(ws.rowCount - 1).toBe(list.total);
    const titles = Array.from({ length: ws.rowCount - 1 }, (_, i) => String(ws.getRow(i + 2).getCell(3).value));
    expect(titles).toEqual(list.data.map((x: TTrainingSession) => (x.title.startsWith('=') ? `'${x.title}` : x.title)));
    expect(titles).toContain(`'=HYPERLINK("http://x")`);
    expect(ws.getRow(2).getCell(6).value).toBe("'+甲镇");
  });
});
