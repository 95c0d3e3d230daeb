import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import { QUERY_CODE_ALPHABET, type THouseholdCard } from '@mpw/contracts';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { seedHouseholds, type TestHousehold } from './households.test-support.js';

let ctx: TestContext;
let w: World;
let secretary: Client;
let township: Client;
let townshipStaff: Client;
let hs: TestHousehold[];

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  secretary = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_secretary'])).username);
  township = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_discipline'])).username);
  townshipStaff = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_staff'])).username);
  hs = await seedHouseholds(ctx.platform.deps, w.villageA1, 4);
  await seedHouseholds(ctx.platform.deps, w.villageA2, 1);
});
afterAll(() => ctx.close());

const db = () => ctx.platform.deps.db;
const verify = (h: TestHousehold, code: string, remoteAddress = '10.1.0.1') =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/public/households/verify', remoteAddress, payload: { villageCode: h.village, idNumber: h.members[0]!.idNumber, name: h.members[0]!.name, queryCode: code } });
const codeChars = new RegExp(`^[${QUERY_CODE_ALPHABET}]{4}-[${QUERY_CODE_ALPHABET}]{4}$`);

describe('household query codes (户查询码)', () => {
  let first: THouseholdCard;

  it('lists the registry households of the village with their heads and no code yet', async () => {
    const res = await secretary.get(`/api/v1/households/?regionCode=${w.villageA1}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.total).toBe(4);
    expect(body.data[0]).toMatchObject({ regionCode: w.villageA1, villageName: '甲一村', householdId: hs[0]!.householdId, headName: hs[0]!.members[0]!.name, memberCount: 2, codeStatus: 'none', codeSerial: 0 });
    // A village account sees its own village only; the township sees both of its villages.
    expect((await secretary.get('/api/v1/households?pageSize=100')).json().total).toBe(4);
    expect((await township.get('/api/v1/households/?pageSize=100')).json().total).toBe(5);
    const byName = (await secretary.get(`/api/v1/households/?q=${encodeURIComponent(hs[1]!.members[0]!.name)}`)).json();
    expect(byName.data.map((r: { householdId: string }) => r.householdId)).toEqual([hs[1]!.householdId]);
  });

  it('issues codes: cards carry the code once, the portal link with the code in the fragment, and a QR code; only a scrypt hash is stored', async () => {
    const res = await secretary.post('/api/v1/households/codes', { regionCode: w.villageA1, householdIds: [hs[0]!.householdId, hs[1]!.householdId] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { cards } = res.json() as { cards: THouseholdCard[] };
    expect(cards).toHaveLength(2);
    first = cards.find((c) => c.householdId === hs[0]!.householdId)!;
    expect(first).toMatchObject({ regionCode: w.villageA1, villageName: '甲一村', townshipName: '甲镇', headName: hs[0]!.members[0]!.name, serial: 1 });
    expect(first.code).toMatch(codeChars);
    expect(first.url).toMatch(new RegExp(`^http://localhost(:\\d+)?/portal/v/${w.villageA1}/household#code=${first.code}$`));
    expect(first.qrSvg).toContain('<svg');
    const stored = await queryRows<{ code_hash: string; serial: number }>(db(), sql`select code_hash, serial from household_codes where household_id = ${hs[0]!.householdId}`);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.code_hash).toMatch(/^scrypt\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    const bare = first.code.replace('-', '');
    const leaks = await queryRows<{ n: number }>(db(), sql`
      select count(*)::int as n from audit_events
      where position(${bare} in coalesce(before::text, '') || coalesce(after::text, '')) > 0 or position(${first.code} in coalesce(before::text, '') || coalesce(after::text, '')) > 0`);
    expect(leaks[0]!.n).toBe(0);
    const events = await queryRows<{ action: string; region_code: string }>(db(), sql`select action, region_code from audit_events where entity_type = 'household_code' and action = 'household.code.issue' and region_code = ${w.villageA1}`);
    expect(events).toHaveLength(2);

    const list = (await secretary.get(`/api/v1/households/?regionCode=${w.villageA1}&codeStatus=active`)).json();
    expect(list.total).toBe(2);
    expect(list.data[0]).toMatchObject({ codeStatus: 'active', codeSerial: 1, codeIssuedByName: expect.stringContaining('测试用户') });
    expect((await secretary.get(`/api/v1/households/?regionCode=${w.villageA1}&codeStatus=none`)).json().total).toBe(2);
  });

  it('re-issue needs a reason, voids the old code and ends the sessions opened with it', async () => {
    const session = await verify(hs[0]!, first.code);
    expect(session.statusCode, session.body).toBe(200);
    const token = session.json().token as string;
    const me = () => ctx.app.inject({ method: 'GET', url: '/api/v1/public/households/me', headers: { 'x-villager-token': token } });
    expect((await me()).statusCode).toBe(200);

    const noReason = await secretary.post('/api/v1/households/codes', { regionCode: w.villageA1, householdIds: [hs[0]!.householdId] });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details).toEqual([expect.objectContaining({ path: 'reason' })]);
    expect(noReason.json().message).toContain('原因');

    const res = await secretary.post('/api/v1/households/codes', { regionCode: w.villageA1, householdIds: [hs[0]!.householdId], reason: '查询卡遗失，补发' });
    expect(res.statusCode, res.body).toBe(201);
    const again = res.json().cards[0] as THouseholdCard;
    expect(again.serial).toBe(2);
    expect(again.code).not.toBe(first.code);

    expect((await me()).statusCode).toBe(401);
    const revoked = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from villager_sessions where household_id = ${hs[0]!.householdId} and revoked_at is not null`);
    expect(revoked[0]!.n).toBe(1);
    expect((await verify(hs[0]!, first.code, '10.1.0.2')).statusCode).toBe(401);
    expect((await verify(hs[0]!, again.code, '10.1.0.3')).statusCode).toBe(200);
    const codes = await queryRows<{ serial: number; voided: boolean; void_reason: string | null }>(db(), sql`
      select serial, voided_at is not null as voided, void_reason from household_codes where household_id = ${hs[0]!.householdId} order by serial`);
    expect(codes).toEqual([{ serial: 1, voided: true, void_reason: '查询卡遗失，补发' }, { serial: 2, voided: false, void_reason: null }]);
    const [event] = await queryRows<{ before: unknown; after: { reason: string; serial: number } }>(db(), sql`select before, after from audit_events where action = 'household.code.reissue' and region_code = ${w.villageA1}`);
    expect(event!.after).toMatchObject({ reason: '查询卡遗失，补发', serial: 2 });
  });

  it('issues to every household without a code, and says so when none is left', async () => {
    const res = await secretary.post('/api/v1/households/codes', { regionCode: w.villageA1, allWithoutCode: true });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().cards.map((c: THouseholdCard) => c.householdId).sort()).toEqual([hs[2]!.householdId, hs[3]!.householdId].sort());
    const none = await secretary.post('/api/v1/households/codes', { regionCode: w.villageA1, allWithoutCode: true });
    expect(none.statusCode).toBe(400);
    expect(none.json().details[0].path).toBe('householdIds');
  });

  it('a village outside the scope is 404; bad input is 400 naming the field', async () => {
    const other = await secretary.post('/api/v1/households/codes', { regionCode: w.villageA2, allWithoutCode: true });
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('NOT_FOUND');
    expect((await secretary.get(`/api/v1/households/?regionCode=${w.villageA2}`)).statusCode).toBe(404);

    const unknown = await secretary.post('/api/v1/households/codes', { regionCode: w.villageA1, householdIds: ['no-such-household'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details[0]).toMatchObject({ path: 'householdIds' });
    expect(unknown.json().message).toContain('no-such-household');

    const empty = await secretary.post('/api/v1/households/codes', { regionCode: w.villageA1 });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().details[0].path).toBe('householdIds');

    const badCode = await secretary.post('/api/v1/households/codes', { regionCode: '12345', householdIds: ['x'] });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().details[0].path).toBe('regionCode');

    const notVillage = await townshipStaff.post('/api/v1/households/codes', { regionCode: w.townshipA, allWithoutCode: true });
    expect(notVillage.statusCode).toBe(400);
    expect(notVillage.json().details[0].path).toBe('regionCode');
    // Township staff issue for the villages of their township.
    expect((await townshipStaff.post('/api/v1/households/codes', { regionCode: w.villageA2, allWithoutCode: true })).statusCode).toBe(201);
  });

  it('QR codes of portal addresses only, cached for good', async () => {
    const ok = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/qr.svg?path=${encodeURIComponent(`/portal/v/${w.villageA1}/disclosures`)}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toContain('image/svg+xml');
    expect(ok.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(ok.body).toContain('<svg');
    for (const path of ['https://evil.example/portal/', '/api/v1/users', '/portal//evil.example', `/portal/${'x'.repeat(300)}`, '/portal/v/<script>']) {
      const bad = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/qr.svg?path=${encodeURIComponent(path)}` });
      expect(bad.statusCode, path).toBe(400);
      expect(bad.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/public/qr.svg' })).statusCode).toBe(400);
  });
});
