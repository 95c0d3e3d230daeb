import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import type { TSettingView } from '@mpw/contracts';
import { chinaDate } from '../../lib/time.js';
import { getSetting } from './settings.service.js';
import { CHECKPOINT_HOUR, MFA_REQUIRED_FOR_STAFF } from './settings.definitions.js';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const HOUR = 'audit.dailyCheckpointHour';

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function adminOf(w: World): Promise<{ client: Client; id: string }> {
  const admin = await makeUser(ctx, w.district, ['district_admin']);
  return { client: await login(ctx.app, admin.username), id: admin.id };
}

async function settingsOf(c: Client): Promise<TSettingView[]> {
  const res = await c.get('/api/v1/settings');
  expect(res.statusCode).toBe(200);
  return res.json();
}

const find = (list: TSettingView[], key: string) => list.find((s) => s.key === key)!;

async function settingRows(district: string, key: string) {
  return queryRows<{ value: unknown; effective_from: unknown; reason: string | null }>(
    ctx.platform.deps.db,
    sql`select value, effective_from, reason from setting_values where region_code = ${district} and key = ${key}`,
  );
}

describe('district settings', () => {
  it('lists every registered setting with its default, until one is changed', async () => {
    const w = await makeWorld(ctx);
    const { client } = await adminOf(w);
    const list = await settingsOf(client);
    expect(list.map((s) => s.key)).toEqual(expect.arrayContaining([HOUR, 'security.mfaRequiredForStaff']));
    expect(find(list, HOUR)).toMatchObject({
      module: 'audit',
      kind: 'integer',
      defaultValue: 1,
      value: 1,
      effectiveFrom: null,
      history: [],
      label: { zh: expect.stringContaining('校验点'), en: expect.any(String) },
    });
    expect(find(list, 'security.mfaRequiredForStaff')).toMatchObject({ kind: 'boolean', defaultValue: false, value: false, history: [] });
  });

  it('validates a new value with the setting own schema, answering 400 with a Chinese message', async () => {
    const w = await makeWorld(ctx);
    const { client } = await adminOf(w);
    const cases: [unknown, string][] = [
      ['3', '必须是数字'],
      [2.5, '必须是整数'],
      [24, '不能大于23'],
      [-1, '不能小于0'],
      [null, '必须是数字'],
    ];
    for (const [value, message] of cases) {
      const res = await client.put(`/api/v1/settings/${HOUR}`, { value });
      expect(res.statusCode, JSON.stringify(value)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().message).toContain(message);
      expect(res.json().details).toEqual([expect.objectContaining({ path: 'value' })]);
    }
    const bool = await client.put('/api/v1/settings/security.mfaRequiredForStaff', { value: 'yes' });
    expect(bool.statusCode).toBe(400);
    expect(bool.json().message).toContain('必须是开或关');
    const badDate = await client.put(`/api/v1/settings/${HOUR}`, { value: 3, effectiveFrom: '2030/01/01' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().message).toContain('生效日期格式');
    const unknown = await client.put('/api/v1/settings/no.such.setting', { value: 1 });
    expect(unknown.statusCode).toBe(404);
    expect(await settingRows(w.district, HOUR)).toEqual([]);
    expect(find(await settingsOf(client), HOUR).value).toBe(1);
  });

  it('changes a value today, keeps a future value out of force until its date, and keeps the history with reasons', async () => {
    const w = await makeWorld(ctx);
    const { client, id } = await adminOf(w);
    const db = ctx.platform.deps.db;
    const today = chinaDate();
    const future = addDays(today, 30);

    const now = await client.put(`/api/v1/settings/${HOUR}`, { value: 5, reason: '试点调整' });
    expect(now.statusCode).toBe(200);
    expect(find(now.json(), HOUR)).toMatchObject({ value: 5, effectiveFrom: today });
    expect(await getSetting(db, CHECKPOINT_HOUR, w.villageB1)).toBe(5);

    const later = await client.put(`/api/v1/settings/${HOUR}`, { value: 7, effectiveFrom: future, reason: '下月起改为7点' });
    expect(later.statusCode).toBe(200);
    const view = find(later.json(), HOUR);
    expect(view.value).toBe(5);
    expect(view.effectiveFrom).toBe(today);
    expect(view.history).toEqual([
      expect.objectContaining({ value: 7, effectiveFrom: future, reason: '下月起改为7点', changedBy: id }),
      expect.objectContaining({ value: 5, effectiveFrom: today, reason: '试点调整', changedBy: id }),
    ]);

    expect(await getSetting(db, CHECKPOINT_HOUR, w.district)).toBe(5);
    expect(await getSetting(db, CHECKPOINT_HOUR, w.villageA1, today)).toBe(5);
    expect(await getSetting(db, CHECKPOINT_HOUR, w.villageA1, addDays(future, -1))).toBe(5);
    expect(await getSetting(db, CHECKPOINT_HOUR, w.villageA1, future)).toBe(7);
    expect(await getSetting(db, CHECKPOINT_HOUR, w.villageA1, addDays(future, 100))).toBe(7);
    expect(await getSetting(db, CHECKPOINT_HOUR, w.villageA1, addDays(today, -1))).toBe(1);

    const rows = await settingRows(w.district, HOUR);
    expect(rows.map((r) => r.reason).sort()).toEqual(['下月起改为7点', '试点调整']);
  });

  it('audits each change with the value before and after', async () => {
    const w = await makeWorld(ctx);
    const { client } = await adminOf(w);
    const future = addDays(chinaDate(), 10);
    expect((await client.put(`/api/v1/settings/${HOUR}`, { value: 4, reason: '第一次' })).statusCode).toBe(200);
    expect((await client.put(`/api/v1/settings/${HOUR}`, { value: 6, effectiveFrom: future })).statusCode).toBe(200);
    const events = await queryRows<{ before: unknown; after: unknown; region_code: string; actor_name: string }>(
      ctx.platform.deps.db,
      sql`select before, after, region_code, actor_name from audit_events where action = 'settings.setting.update' and entity_id = ${HOUR} and region_code = ${w.district} order by seq`,
    );
    expect(events.map((e) => [e.before, e.after])).toEqual([
      [{ value: 1 }, { value: 4, effectiveFrom: chinaDate(), reason: '第一次' }],
      [{ value: 4 }, { value: 6, effectiveFrom: future, reason: null }],
    ]);
    expect(events[0]!.actor_name).toBeTruthy();
  });

  it('belongs to one district: another district keeps its own value', async () => {
    const a = await makeWorld(ctx);
    const b = await makeWorld(ctx);
    const adminA = await adminOf(a);
    const adminB = await adminOf(b);
    expect((await adminA.client.put(`/api/v1/settings/${HOUR}`, { value: 9 })).statusCode).toBe(200);
    expect((await adminA.client.put('/api/v1/settings/security.mfaRequiredForStaff', { value: false, reason: '明确关闭' })).statusCode).toBe(200);
    expect(find(await settingsOf(adminA.client), HOUR).value).toBe(9);
    const inB = find(await settingsOf(adminB.client), HOUR);
    expect(inB).toMatchObject({ value: 1, effectiveFrom: null, history: [] });
    expect(await getSetting(ctx.platform.deps.db, CHECKPOINT_HOUR, b.villageA1)).toBe(1);
    expect(await getSetting(ctx.platform.deps.db, CHECKPOINT_HOUR, a.villageA1)).toBe(9);
    expect(await getSetting(ctx.platform.deps.db, MFA_REQUIRED_FOR_STAFF, b.townshipA)).toBe(false);
  });

  it('can be read by a village account, which sees its district values, but not changed (403)', async () => {
    const w = await makeWorld(ctx);
    const { client: admin } = await adminOf(w);
    expect((await admin.put(`/api/v1/settings/${HOUR}`, { value: 3 })).statusCode).toBe(200);
    const v = await makeUser(ctx, w.villageA2, ['village_secretary']);
    const c = await login(ctx.app, v.username);
    expect(find(await settingsOf(c), HOUR).value).toBe(3);
    const res = await c.put(`/api/v1/settings/${HOUR}`, { value: 8 });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    expect(find(await settingsOf(admin), HOUR).value).toBe(3);
    expect(await settingRows(w.district, HOUR)).toHaveLength(1);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/settings' })).statusCode).toBe(401);
  });
});
