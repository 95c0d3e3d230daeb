import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import type { THearingDetail } from '@mpw/contracts';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { makeVillagers, type TestVillager } from './hearings.test-support.js';

let ctx: TestContext;
let w: World;
let secretary: Client;
let township: Client;
let scheduled: THearingDetail;
let live: THearingDetail;
let wang: TestVillager;
let zhang: TestVillager;
let outsider: TestVillager;
let ip = 0;

const db = () => ctx.platform.deps.db;
const base = '/api/v1/hearings';
const pub = '/api/v1/public/hearings';
const req = (method: 'GET' | 'POST', url: string, payload?: unknown, token?: string) =>
  ctx.app.inject({ method, url, remoteAddress: `10.2.0.${++ip % 250}`, ...(payload === undefined ? {} : { payload: payload as object }), headers: token ? { 'x-villager-token': token } : {} });
const ratingCount = async () => (await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from hearing_ratings`))[0]!.n;
const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const hearing = async (status: 'scheduled' | 'in_session') => {
  const h = (await secretary.post(`${base}/`, {
    regionCode: w.villageA1, title: `问政会${++ip}`, quarter: '2026-Q4', scheduledAt: future(3), place: '村委会议室',
    cadres: [{ name: '张书记', position: '村党组织书记' }, { name: '赵主任', position: '村委会主任' }],
  })).json() as THearingDetail;
  return status === 'in_session' ? ((await secretary.post(`${base}/${h.id}/start`)).json() as THearingDetail) : h;
};

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  secretary = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_secretary'])).username);
  township = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_discipline'])).username);
  [wang, zhang] = (await makeVillagers(db(), w.villageA1, 2)) as [TestVillager, TestVillager];
  [outsider] = (await makeVillagers(db(), w.villageA2, 1, '李')) as [TestVillager];
  scheduled = await hearing('scheduled');
  live = await hearing('in_session');
}, 120_000);
afterAll(() => ctx.close());

describe('questions on the portal', () => {
  it('takes an anonymous question without a session, even when anonymous=false is asked for', async () => {
    const a = await req('POST', `${pub}/questions`, { villageCode: w.villageA1, content: '村里的路灯什么时候修好？' });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.headers['cache-control']).toBe('no-store');
    expect(a.json()).toMatchObject({ askerLabel: '匿名村民', hearingId: null, status: 'open' });
    const b = await req('POST', `${pub}/questions`, { villageCode: w.villageA1, content: '没有核验也想署名提问', anonymous: false });
    expect(b.json().askerLabel).toBe('匿名村民');
  });

  it('shows a verified villager who asks by name as the masked name, marked 已核验', async () => {
    const res = await req('POST', `${pub}/questions`, { villageCode: w.villageA1, hearingId: scheduled.id, cadreId: scheduled.cadres[0]!.id, content: '今年的低保评议是怎么开展的？', anonymous: false }, wang.token);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().askerLabel).toBe('王*明（已核验）');
    expect(res.json().askerLabel).not.toContain(wang.name);
    const anonymous = await req('POST', `${pub}/questions`, { villageCode: w.villageA1, content: '核验了但选择匿名提问', anonymous: true }, zhang.token);
    expect(anonymous.json().askerLabel).toBe('匿名村民');
    const detail = (await req('GET', `${pub}/${scheduled.id}`)).json() as THearingDetail;
    expect(detail.questions.map((q) => q.askerLabel)).toEqual(['王*明（已核验）']);
    expect(JSON.stringify(detail)).not.toContain(wang.name);
  });

  it('refuses a named question with another village\'s session, and a session or cadre that is not the village\'s', async () => {
    const other = await req('POST', `${pub}/questions`, { villageCode: w.villageA1, content: '外村人署名提问', anonymous: false }, outsider.token);
    expect(other.statusCode).toBe(403);
    const wrongVillage = await req('POST', `${pub}/questions`, { villageCode: w.villageA2, hearingId: scheduled.id, content: '挂错村的问政会' });
    expect(wrongVillage.statusCode).toBe(400);
    expect(wrongVillage.json().details[0].path).toBe('hearingId');
    const wrongCadre = await req('POST', `${pub}/questions`, { villageCode: w.villageA1, hearingId: scheduled.id, cadreId: live.cadres[0]!.id, content: '问的是另一场会的干部' });
    expect(wrongCadre.statusCode).toBe(400);
    expect(wrongCadre.json().details[0].path).toBe('cadreId');
  });

  it('hides an abusive question from the portal and keeps it, with the reason, for staff', async () => {
    const q = (await req('POST', `${pub}/questions`, { villageCode: w.villageA1, hearingId: live.id, content: '一条含有辱骂内容的提问' })).json();
    expect((await req('GET', `${pub}/${live.id}`)).json().questions.map((x: { id: string }) => x.id)).toContain(q.id);
    expect((await secretary.post(`${base}/questions/${q.id}/hide`, { reason: '辱骂' })).statusCode).toBe(403);
    const hidden = await township.post(`${base}/questions/${q.id}/hide`, { reason: '含有辱骂他人的内容' });
    expect(hidden.statusCode, hidden.body).toBe(200);
    expect((await township.post(`${base}/questions/${q.id}/hide`, { reason: '再次屏蔽' })).statusCode).toBe(409);
    expect((await secretary.post(`${base}/questions/${q.id}/answer`, { answer: '不应能答复被屏蔽的问题' })).statusCode).toBe(409);
    const detail = (await req('GET', `${pub}/${live.id}`)).json() as THearingDetail;
    expect(detail.questions.map((x) => x.id)).not.toContain(q.id);
    expect(detail.questionCount).toBe(0);
    const list = (await req('GET', `${pub}/questions?villageCode=${w.villageA1}&pageSize=200`)).json();
    expect(list.data.map((x: { id: string }) => x.id)).not.toContain(q.id);
    expect(JSON.stringify(list)).not.toContain('hideReason');
    const staff = (await secretary.get(`${base}/questions?regionCode=${w.villageA1}&status=hidden`)).json();
    expect(staff.data).toEqual([expect.objectContaining({ id: q.id, status: 'hidden', hideReason: '含有辱骂他人的内容', content: '一条含有辱骂内容的提问' })]);
    expect((await secretary.get(`${base}/${live.id}`)).json().questions[0]).toMatchObject({ id: q.id, hideReason: '含有辱骂他人的内容' });
  });

  it('lists a village\'s public questions newest first, with a short public cache', async () => {
    const res = await req('GET', `${pub}/questions?villageCode=${w.villageA1}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, no-cache');
    const asked = res.json().data.map((q: { askedAt: string }) => q.askedAt);
    expect(asked).toEqual([...asked].sort().reverse());
    const ofSession = (await req('GET', `${pub}/questions?villageCode=${w.villageA1}&hearingId=${scheduled.id}`)).json();
    expect(ofSession.total).toBe(1);
    expect((await req('GET', `${pub}/questions?villageCode=${w.district}`)).statusCode).toBe(404);
  });
});

describe('ratings (民主评议)', () => {
  const rate = (h: THearingDetail, token: string | undefined, cadres = [0]) =>
    req('POST', `${pub}/${h.id}/ratings`, { ratings: cadres.map((i) => ({ cadreId: h.cadres[i]!.id, level: 'basically_satisfied' })) }, token);

  it('requires a verified villager of the village', async () => {
    const before = await ratingCount();
    const none = await rate(live, undefined);
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('VILLAGER_UNVERIFIED');
    expect((await rate(live, 'not-a-real-token')).statusCode).toBe(401);
    const other = await rate(live, outsider.token);
    expect(other.statusCode).toBe(403);
    expect((await req('GET', `${pub}/${live.id}/ratings/mine`)).statusCode).toBe(401);
    expect(await ratingCount()).toBe(before);
  });

  it('takes one rating per person per cadre; a second is refused 409 with nothing written', async () => {
    const first = await rate(live, wang.token);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.json().ratedCadreIds).toEqual([live.cadres[0]!.id]);
    const before = await ratingCount();
    const again = await rate(live, wang.token, [1, 0]);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CONFLICT', message: '您已评议过该干部' });
    expect(await ratingCount()).toBe(before);
    const mine = await req('GET', `${pub}/${live.id}/ratings/mine`, undefined, wang.token);
    expect(mine.headers['cache-control']).toBe('no-store');
    expect(mine.json().ratedCadreIds).toEqual([live.cadres[0]!.id]);
    // The other cadre is still open to this person, and another person rates independently.
    expect((await rate(live, wang.token, [1])).statusCode).toBe(201);
    expect((await rate(live, zhang.token, [0, 1])).statusCode).toBe(201);
    const stored = await queryRows<{ rater_digest: string }>(db(), sql`select distinct rater_digest from hearing_ratings where hearing_id = ${live.id}`);
    expect(stored).toHaveLength(2);
    expect(stored.map((r) => r.rater_digest).join()).not.toContain(wang.residentId);
  });

  it('refuses ratings outside the session', async () => {
    const before = await ratingCount();
    const early = await rate(scheduled, zhang.token);
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toContain('问政会进行期间');
    expect(await ratingCount()).toBe(before);
  });

  it('keeps staff-only data out of every public answer', async () => {
    const list = await req('GET', `${pub}/?villageCode=${w.villageA1}`);
    expect(list.headers['cache-control']).toBe('public, no-cache');
    const detail = await req('GET', `${pub}/${live.id}`);
    expect(detail.headers['cache-control']).toBe('public, no-cache');
    for (const body of [list.body, detail.body]) {
      expect(body).not.toMatch(/raterDigest|rater_digest|hideReason|createdBy|answeredBy"/);
      expect(body).not.toContain(wang.residentId);
    }
    expect((detail.json() as THearingDetail).cadres.every((c) => c.results === null && c.userId === null)).toBe(true);
    expect((await req('GET', `${pub}/${crypto.randomUUID()}`)).statusCode).toBe(404);
  });
});
