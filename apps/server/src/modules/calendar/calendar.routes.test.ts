import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { calendarDays, queryRows } from '@mpw/db';
import type { TCalendarYearView } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { getCalendar, listOverrides, removeOverride, setOverride } from './index.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const db = () => ctx.platform.deps.db;

async function adminOf(w: World): Promise<Client> {
  return login(ctx.app, (await makeUser(ctx, w.district, ['district_admin'])).username);
}
async function villagerStaffOf(w: World): Promise<Client> {
  return login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_secretary'])).username);
}
async function dueIn(c: Client, from: string, days: number): Promise<string> {
  const res = await c.get(`/api/v1/calendar/working-days?from=${from}&days=${days}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().due;
}
async function publicDue(regionCode: string, from: string, days: number) {
  return ctx.app.inject({ method: 'GET', url: `/api/v1/public/calendar/working-days?from=${from}&days=${days}&regionCode=${regionCode}` });
}
async function auditEvents(district: string, day: string) {
  return queryRows<{ action: string; before: unknown; after: unknown; region_code: string; actor_name: string | null }>(
    db(),
    sql`select action, before, after, region_code, actor_name from audit_events where entity_type = 'calendar_day' and entity_id = ${day} and region_code = ${district} order by seq`,
  );
}

describe('the year calendar', () => {
  it('lists the national holidays and adjusted working days of a year with their source', async () => {
    const w = await makeWorld(ctx);
    const c = await villagerStaffOf(w);
    const res = await c.get('/api/v1/calendar?year=2025');
    expect(res.statusCode, res.body).toBe(200);
    const view: TCalendarYearView = res.json();
    expect(view).toMatchObject({ year: 2025, districtCode: w.district, nationalScheduleKnown: true });
    expect(view.nationalYears.last).toBeGreaterThanOrEqual(2026);
    const byDay = new Map(view.days.map((d) => [d.day, d]));
    for (let d = 1; d <= 8; d++) expect(byDay.get(`2025-10-0${d}`), `10-0${d}`).toMatchObject({ kind: 'holiday', name: d === 6 ? '中秋节' : '国庆节', source: 'national' });
    expect(byDay.get('2025-09-28')).toEqual({ day: '2025-09-28', weekday: 7, kind: 'workday', name: '国庆节', source: 'national', national: { kind: 'workday', name: '国庆节' } });
    expect(byDay.get('2025-10-11')).toMatchObject({ weekday: 6, kind: 'workday' });
    expect(byDay.has('2025-10-09')).toBe(false);
    expect(view.days.map((d) => d.day)).toEqual([...view.days.map((d) => d.day)].sort());
  });

  it('says when a year has no national data (weekends only) and defaults to the current year', async () => {
    const c = await villagerStaffOf(await makeWorld(ctx));
    const far = (await c.get('/api/v1/calendar?year=2099')).json();
    expect(far).toMatchObject({ year: 2099, nationalScheduleKnown: false, days: [] });
    const current = await c.get('/api/v1/calendar');
    expect(current.statusCode).toBe(200);
    expect(current.json().year).toBe(Number(chinaDate().slice(0, 4)));
  });
});

describe('due dates', () => {
  it('counts working days across holidays and adjusted working days', async () => {
    const w = await makeWorld(ctx);
    const c = await villagerStaffOf(w);
    expect(await dueIn(c, '2025-09-30', 1)).toBe('2025-10-09');
    expect(await dueIn(c, '2025-09-26', 1)).toBe('2025-09-28');
    expect(await dueIn(c, '2026-02-13', 2)).toBe('2026-02-24');
    expect(await dueIn(c, '2025-10-03', 0)).toBe('2025-10-03');
    const res = await c.get('/api/v1/calendar/working-days?from=2026-12-30&days=5');
    expect(res.json()).toMatchObject({ from: '2026-12-30', days: 5, districtCode: w.district });
    // A span into a year without national data is flagged.
    expect(res.json().nationalScheduleKnown).toBe((await c.get('/api/v1/calendar?year=2027')).json().nationalScheduleKnown);
    expect((await c.get('/api/v1/calendar/working-days?from=2099-01-05&days=1')).json()).toMatchObject({ due: '2099-01-06', nationalScheduleKnown: false });
  });

  it('are served to the portal without an account, for any live region', async () => {
    const w = await makeWorld(ctx);
    const res = await publicDue(w.villageB1, '2025-09-30', 1);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ from: '2025-09-30', days: 1, due: '2025-10-09', districtCode: w.district, nationalScheduleKnown: true });
    expect(res.headers['cache-control']).toContain('public');
    const unknown = await publicDue(`${w.district.slice(0, 6)}109999`, '2025-09-30', 1);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('NOT_FOUND');
  });
});

describe('district overrides', () => {
  it('change the calendar of their own district only', async () => {
    const a = await makeWorld(ctx);
    const b = await makeWorld(ctx);
    const adminA = await adminOf(a);
    const staffA = await villagerStaffOf(a);
    const staffB = await villagerStaffOf(b);

    const put = await adminA.put('/api/v1/calendar/days/2025-10-09', { kind: 'holiday', name: '  防汛抢险放假 ' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ day: '2025-10-09', kind: 'holiday', name: '防汛抢险放假', regionCode: a.district });
    expect((await adminA.put('/api/v1/calendar/days/2025-10-08', { kind: 'workday', name: '补班' })).statusCode).toBe(200);

    expect(await dueIn(staffA, '2025-09-30', 1)).toBe('2025-10-08');
    expect(await dueIn(staffA, '2025-09-30', 2)).toBe('2025-10-10');
    expect(await dueIn(staffB, '2025-09-30', 1)).toBe('2025-10-09');
    expect((await publicDue(a.villageB1, '2025-09-30', 2)).json().due).toBe('2025-10-10');
    expect((await publicDue(b.villageB1, '2025-09-30', 2)).json().due).toBe('2025-10-10');
    expect((await publicDue(b.villageB1, '2025-09-30', 1)).json().due).toBe('2025-10-09');

    const calA = await getCalendar(db(), a.townshipB);
    expect(calA.districtCode).toBe(a.district);
    expect(calA.isWorkingDay('2025-10-09')).toBe(false);
    expect(calA.addWorkingDays('2025-09-30', 1)).toBe('2025-10-08');
    expect(calA.workingDaysBetween('2025-09-30', '2025-10-10')).toBe(2);
    expect(calA.addCalendarDays('2025-09-30', 2)).toBe('2025-10-02');
    expect((await getCalendar(db(), b.villageA1)).isWorkingDay('2025-10-09')).toBe(true);

    const viewA: TCalendarYearView = (await staffA.get('/api/v1/calendar?year=2025')).json();
    expect(viewA.days.find((d) => d.day === '2025-10-09')).toEqual({ day: '2025-10-09', weekday: 4, kind: 'holiday', name: '防汛抢险放假', source: 'district', national: null });
    expect(viewA.days.find((d) => d.day === '2025-10-08')).toMatchObject({ kind: 'workday', source: 'district', national: { kind: 'holiday', name: '国庆节' } });
    const viewB: TCalendarYearView = (await staffB.get('/api/v1/calendar?year=2025')).json();
    expect(viewB.days.find((d) => d.day === '2025-10-09')).toBeUndefined();
    expect(viewB.days.find((d) => d.day === '2025-10-08')).toMatchObject({ kind: 'holiday', source: 'national' });
  });

  it('are written through the audit mechanism with before and after, and removed by soft delete', async () => {
    const w = await makeWorld(ctx);
    const admin = await adminOf(w);
    const day = '2026-03-02';
    expect((await admin.put(`/api/v1/calendar/days/${day}`, { kind: 'holiday', name: '地方节日' })).statusCode).toBe(200);
    expect((await admin.put(`/api/v1/calendar/days/${day}`, { kind: 'holiday', name: '三月三' })).statusCode).toBe(200);
    // The same value again changes nothing and records nothing.
    expect((await admin.put(`/api/v1/calendar/days/${day}`, { kind: 'holiday', name: '三月三' })).statusCode).toBe(200);
    const del = await admin.delete(`/api/v1/calendar/days/${day}`);
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json()).toEqual({ ok: true });
    expect((await admin.delete(`/api/v1/calendar/days/${day}`)).statusCode).toBe(404);
    expect((await admin.put(`/api/v1/calendar/days/${day}`, { kind: 'workday', name: '恢复' })).statusCode).toBe(200);

    const events = await auditEvents(w.district, day);
    expect(events.map((e) => [e.action, e.before, e.after])).toEqual([
      ['calendar.day.set', null, { kind: 'holiday', name: '地方节日' }],
      ['calendar.day.set', { kind: 'holiday', name: '地方节日' }, { kind: 'holiday', name: '三月三' }],
      ['calendar.day.remove', { kind: 'holiday', name: '三月三' }, null],
      ['calendar.day.set', null, { kind: 'workday', name: '恢复' }],
    ]);
    expect(events.every((e) => e.actor_name)).toBe(true);
    // One row per district and day: the removal was a soft delete, and setting again revived it.
    const rows = await queryRows<{ kind: string; deleted_at: unknown }>(db(), sql`select kind, deleted_at from calendar_days where region_code = ${w.district} and day = ${day}`);
    expect(rows).toEqual([{ kind: 'workday', deleted_at: null }]);
  });

  it('survives concurrent first settings of the same day (a real race on PostgreSQL; serialised on PGlite)', async () => {
    const w = await makeWorld(ctx);
    const admin = await adminOf(w);
    const day = '2026-03-10';
    const names = ['甲', '乙', '丙', '丁', '戊'];
    const results = await Promise.all(names.map((name) => admin.put(`/api/v1/calendar/days/${day}`, { kind: 'holiday', name })));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    const events = await auditEvents(w.district, day);
    expect(events).toHaveLength(5);
    expect(events.filter((e) => e.before === null)).toHaveLength(1);
    const rows = await queryRows<{ name: string }>(db(), sql`select name from calendar_days where region_code = ${w.district} and day = ${day}`);
    expect(rows).toEqual([{ name: (events.at(-1)!.after as { name: string }).name }]);
  });

  it('hides a removed override from reads', async () => {
    const w = await makeWorld(ctx);
    const admin = await adminOf(w);
    await admin.put('/api/v1/calendar/days/2026-03-03', { kind: 'holiday', name: '甲' });
    await admin.put('/api/v1/calendar/days/2026-03-04', { kind: 'holiday', name: '乙' });
    await admin.delete('/api/v1/calendar/days/2026-03-03');
    const actor = adminActor(w);
    expect((await listOverrides(db(), actor)).map((o) => o.day)).toEqual(['2026-03-04']);
    expect((await getCalendar(db(), w.villageA1)).isWorkingDay('2026-03-03')).toBe(true);
    await removeOverride(db(), actor, '2026-03-04');
    expect(await listOverrides(db(), actor)).toEqual([]);
  });

  it('cannot be written outside the audit mechanism', async () => {
    const w = await makeWorld(ctx);
    let error: unknown;
    try {
      await db().insert(calendarDays).values({ id: crypto.randomUUID(), day: '2026-03-05', kind: 'holiday', name: '绕过', regionCode: w.district });
    } catch (err) {
      error = err;
    }
    expect(`${(error as Error)?.message} ${((error as Error)?.cause as Error | undefined)?.message ?? ''}`).toMatch(/outside an audited transaction/);
  });

  it('can be changed only by district accounts holding calendar:day:write', async () => {
    const w = await makeWorld(ctx);
    const village = await villagerStaffOf(w);
    const township = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_staff'])).username);
    for (const c of [village, township]) {
      const res = await c.put('/api/v1/calendar/days/2026-03-06', { kind: 'holiday', name: '越权' });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
      expect((await c.delete('/api/v1/calendar/days/2026-03-06')).statusCode).toBe(403);
    }
    // The policy holds even for an account below the district that somehow has the permission.
    const below: Actor = { ...adminActor(w), regionCode: w.townshipA };
    await expect(setOverride(db(), below, { day: '2026-03-06', kind: 'holiday', name: '越权' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await auditEvents(w.district, '2026-03-06')).toEqual([]);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/calendar?year=2025' })).statusCode).toBe(401);
  });
});

function adminActor(w: World): Actor {
  return { kind: 'user', userId: null, username: 'calendar-test', roles: ['district_admin'], regionCode: w.district, requestId: null };
}

describe('validation', () => {
  it('answers 400 VALIDATION_FAILED with a Chinese message naming the field', async () => {
    const w = await makeWorld(ctx);
    const admin = await adminOf(w);
    const cases: [Promise<{ statusCode: number; json(): { code: string; message: string; details: { path: string }[] } }>, string, string][] = [
      [admin.get('/api/v1/calendar?year=abc'), 'year', '年份必须是整数'],
      [admin.get('/api/v1/calendar?year=1999'), 'year', '年份不能小于2000'],
      [admin.get('/api/v1/calendar?year=2101'), 'year', '年份不能大于2100'],
      [admin.get('/api/v1/calendar/working-days?days=3'), 'from', '缺少起始日期'],
      [admin.get('/api/v1/calendar/working-days?from=2025/10/01&days=3'), 'from', '起始日期格式应为YYYY-MM-DD'],
      [admin.get('/api/v1/calendar/working-days?from=2025-02-30&days=3'), 'from', '起始日期不是有效的日期'],
      [admin.get('/api/v1/calendar/working-days?from=2025-10-01'), 'days', '缺少工作日天数'],
      [admin.get('/api/v1/calendar/working-days?from=2025-10-01&days='), 'days', '工作日天数必须是整数'],
      [admin.get('/api/v1/calendar/working-days?from=2025-10-01&days=1.5'), 'days', '工作日天数必须是整数'],
      [admin.get('/api/v1/calendar/working-days?from=2025-10-01&days=-1'), 'days', '工作日天数不能小于0'],
      [admin.get('/api/v1/calendar/working-days?from=2025-10-01&days=1001'), 'days', '工作日天数不能大于1000'],
      [admin.put('/api/v1/calendar/days/2025-13-01', { kind: 'holiday', name: '错' }), 'day', '日期不是有效的日期'],
      [admin.put('/api/v1/calendar/days/tomorrow', { kind: 'holiday', name: '错' }), 'day', '日期格式应为YYYY-MM-DD'],
      [admin.put('/api/v1/calendar/days/2026-03-09', { kind: 'rest', name: '错' }), 'kind', '类型必须是 holiday（放假）或 workday（上班）'],
      [admin.put('/api/v1/calendar/days/2026-03-09', { kind: 'holiday', name: '   ' }), 'name', '名称 不能为空'],
      [admin.put('/api/v1/calendar/days/2026-03-09', { kind: 'holiday' }), 'name', '名称 不能为空'],
      [admin.put('/api/v1/calendar/days/2026-03-09', { kind: 'holiday', name: '长'.repeat(41) }), 'name', '名称 不能超过40个字'],
      [admin.delete('/api/v1/calendar/days/2026-02-31'), 'day', '日期不是有效的日期'],
      [publicDue('12345', '2025-10-01', 1), 'regionCode', '区划代码必须是12位数字'],
      [publicDue(w.villageA1, '1999-12-31', 1), 'from', '起始日期应在2000年至2100年之间'],
    ];
    for (const [request, path, message] of cases) {
      const res = await request;
      expect(res.statusCode, `${path}: ${message}`).toBe(400);
      const body = res.json();
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.message).toContain(message);
      expect(body.details.map((d) => d.path)).toContain(path);
    }
    expect(await listOverrides(db(), adminActor(w))).toEqual([]);
  });
});
