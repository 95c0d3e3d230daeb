import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import { createTestContext, makeWorld, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { issueHouseholdCodes } from './households.service.js';
import { purgeVerificationData } from './households.repository.js';
import { newIdNumber, seedHouseholds, type TestHousehold } from './households.test-support.js';

let ctx: TestContext;
let w: World;
let hs: TestHousehold[];
const codes = new Map<string, string>();

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  hs = await seedHouseholds(ctx.platform.deps, w.villageA1, 5);
  const { cards } = await issueHouseholdCodes(ctx.platform.deps.db, systemActor(), { regionCode: w.villageA1, householdIds: hs.slice(0, 4).map((h) => h.householdId) });
  for (const c of cards) codes.set(c.householdId, c.code);
});
afterAll(() => ctx.close());

const db = () => ctx.platform.deps.db;
let client = 0;
/** A fresh client address, so each case counts its own failures per client. */
const newClient = () => `10.2.${Math.floor(++client / 250)}.${client % 250}`;

function verify(body: Record<string, unknown>, remoteAddress = newClient()) {
  return ctx.app.inject({ method: 'POST', url: '/api/v1/public/households/verify', remoteAddress, payload: body });
}
const asPerson = (h: TestHousehold, m = 0, over: Record<string, unknown> = {}) => ({
  villageCode: h.village, idNumber: h.members[m]!.idNumber, name: h.members[m]!.name, queryCode: codes.get(h.householdId), ...over,
});
const withoutRequestId = (body: string) => {
  const { requestId: _r, ...rest } = JSON.parse(body) as Record<string, unknown>;
  return rest;
};

describe('villager verification', () => {
  it('identity number + name + the household code opens a 30-minute session; the code may be typed loosely', async () => {
    const h = hs[0]!;
    const typed = codes.get(h.householdId)!.toLowerCase().replace('-', ' ');
    const res = await verify(asPerson(h, 1, { queryCode: typed, idNumber: h.members[1]!.idNumber.toLowerCase() }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const s = res.json();
    expect(s).toMatchObject({ villageCode: w.villageA1, villageName: '甲一村', nameMasked: `刘${'*'.repeat([...h.members[1]!.name].length - 2)}${[...h.members[1]!.name].at(-1)}` });
    const minutes = (new Date(s.expiresAt).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/households/me', headers: { 'x-villager-token': s.token } });
    expect(me.statusCode).toBe(200);
  });

  it('wrong code, wrong name, unknown identity and a household without a code all get the same 401', async () => {
    const h = hs[1]!;
    const other = codes.get(hs[2]!.householdId)!;
    const attempts = [
      asPerson(h, 0, { queryCode: other }),
      asPerson(h, 0, { name: '张三' }),
      asPerson(h, 0, { idNumber: newIdNumber() }),
      asPerson(hs[4]!, 0, { queryCode: other }),
      asPerson(h, 0, { villageCode: w.villageA2 }),
    ];
    const bodies = [];
    for (const a of attempts) {
      const res = await verify(a);
      expect(res.statusCode, JSON.stringify(a)).toBe(401);
      bodies.push(withoutRequestId(res.body));
    }
    expect(bodies[0]).toMatchObject({ code: 'VERIFICATION_FAILED', message: '身份证号、姓名或查询码不正确，请核对本户查询卡后再试' });
    for (const b of bodies) expect(b).toEqual(bodies[0]);
  });

  it('bad input is 400 naming the field', async () => {
    const res = await verify({ villageCode: w.villageA1, idNumber: '1234', name: '', queryCode: 'ABC' });
    expect(res.statusCode).toBe(400);
    const paths = (res.json().details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['idNumber', 'name', 'queryCode']));
  });

  it('five failures lock the identity for 15 minutes (429 even with the right code, from any client); other people are not affected', async () => {
    const h = hs[2]!;
    for (let i = 0; i < 5; i++) expect((await verify(asPerson(h, 0, { queryCode: 'AAAA-AAAA' }))).statusCode).toBe(401);
    const locked = await verify(asPerson(h, 0));
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^尝试次数过多，请1[45]分钟后再试$/) });
    // The other member of the household is a different identity.
    expect((await verify(asPerson(h, 1))).statusCode).toBe(200);
    // When the window has passed, the right code works again.
    await ctx.platform.deps.db.execute(sql`update verification_failures set at = at - interval '16 minutes'`);
    expect((await verify(asPerson(h, 0))).statusCode).toBe(200);
  });

  it('twenty failures from one client lock that client for an hour, whoever it tries', async () => {
    const ip = newClient();
    for (let i = 0; i < 20; i++) {
      const res = await verify({ villageCode: w.villageA1, idNumber: newIdNumber(), name: '王五', queryCode: 'BBBB-BBBB' }, ip);
      expect(res.statusCode).toBe(401);
    }
    const locked = await verify(asPerson(hs[3]!), ip);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().message).toMatch(/^尝试次数过多，请\d+分钟后再试$/);
    expect((await verify(asPerson(hs[3]!))).statusCode).toBe(200);
  });

  it('audits every attempt with keyed digests only: no identity number, name or code in the log or the throttle table', async () => {
    const events = await queryRows<{ action: string; after: Record<string, unknown> }>(db(), sql`select action, after from audit_events where action like 'household.verify.%' order by seq`);
    expect(events.filter((e) => e.action === 'household.verify.succeeded').length).toBe(4);
    expect(events.filter((e) => e.action === 'household.verify.failed').length).toBeGreaterThanOrEqual(5 + 5 + 1 + 20 + 1);
    for (const e of events) {
      expect(e.after.idDigest).toMatch(/^[0-9a-f]{64}$/);
      expect(e.after.clientDigest).toMatch(/^[0-9a-f]{64}$/);
    }
    const secrets = [...hs.flatMap((h) => h.members.flatMap((m) => [m.idNumber, m.name])), ...[...codes.values()].flatMap((c) => [c, c.replace('-', '')])];
    for (const raw of secrets) {
      const [hit] = await queryRows<{ n: number }>(db(), sql`
        select count(*)::int as n from audit_events
        where action like 'household.%' and position(${raw} in coalesce(entity_id, '') || coalesce(before::text, '') || coalesce(after::text, '')) > 0`);
      expect(hit!.n, raw).toBe(0);
    }
    const keys = await queryRows<{ throttle_key: string }>(db(), sql`select distinct throttle_key from verification_failures`);
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k.throttle_key).toMatch(/^(id|client):[0-9a-f]{64}$/);
  });

  it('the daily clean-up removes old throttle rows and sessions expired more than a day ago', async () => {
    const old = new Date(Date.now() - 2 * 86_400_000);
    await db().execute(sql`insert into verification_failures (id, throttle_key, at) values (${randomUUID()}, 'id:old', ${old.toISOString()})`);
    await db().execute(sql`update villager_sessions set expires_at = ${old.toISOString()} where id = (select id from villager_sessions order by created_at limit 1)`);
    const before = await queryRows<{ s: number; f: number }>(db(), sql`select (select count(*)::int from villager_sessions) as s, (select count(*)::int from verification_failures) as f`);
    const r = await purgeVerificationData(db(), new Date(Date.now() - 86_400_000));
    expect(r).toEqual({ failures: 1, sessions: 1 });
    const after = await queryRows<{ s: number; f: number }>(db(), sql`select (select count(*)::int from villager_sessions) as s, (select count(*)::int from verification_failures) as f`);
    expect(after[0]).toEqual({ s: before[0]!.s - 1, f: before[0]!.f - 1 });
  });
});
