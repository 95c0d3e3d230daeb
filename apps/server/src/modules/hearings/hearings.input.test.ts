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
let otherVillageUserId: string;
let h: THearingDetail;
let questionId: string;
let villager: TestVillager;
let ip = 0;

const db = () => ctx.platform.deps.db;
const base = '/api/v1/hearings';
const pub = '/api/v1/public/hearings';
const NO_SUCH = '5f0c6a52-0000-4000-8000-000000000000';
const hearing = (over: Record<string, unknown> = {}) => ({
  regionCode: w.villageA1, title: '第四季度问政会', quarter: '2026-Q4', scheduledAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), place: '村委会',
  cadres: [{ name: '张书记', position: '村党组织书记' }], ...over,
});
const counts = async () =>
  (await queryRows<{ h: number; c: number; q: number; r: number }>(db(), sql`select (select count(*)::int from hearings) as h, (select count(*)::int from hearing_cadres) as c, (select count(*)::int from village_questions) as q, (select count(*)::int from hearing_ratings) as r`))[0]!;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  secretary = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_secretary'])).username);
  township = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_discipline'])).username);
  otherVillageUserId = (await makeUser(ctx, w.villageA2, ['village_accountant'])).id;
  h = (await secretary.post(`${base}/`, hearing())).json();
  await secretary.post(`${base}/${h.id}/start`);
  questionId = (await ctx.app.inject({ method: 'POST', url: `${pub}/questions`, payload: { villageCode: w.villageA1, content: '村里的账目什么时候公开？' } })).json().id;
  [villager] = (await makeVillagers(db(), w.villageA1, 1)) as [TestVillager];
}, 120_000);
afterAll(() => ctx.close());

type Who = 'secretary' | 'township' | 'public' | 'villager';
type Case = [label: string, who: Who, method: 'GET' | 'POST' | 'PUT', url: () => string, payload: () => unknown, path: string];

const CASES: Case[] = [
  ['session at a township', 'secretary', 'POST', () => `${base}/`, () => hearing({ regionCode: w.townshipA }), 'regionCode'],
  ['session region malformed', 'secretary', 'POST', () => `${base}/`, () => hearing({ regionCode: '33' }), 'regionCode'],
  ['session title missing', 'secretary', 'POST', () => `${base}/`, () => hearing({ title: ' ' }), 'title'],
  ['session quarter malformed', 'secretary', 'POST', () => `${base}/`, () => hearing({ quarter: '2026Q4' }), 'quarter'],
  ['session time not a time', 'secretary', 'POST', () => `${base}/`, () => hearing({ scheduledAt: '下周三' }), 'scheduledAt'],
  ['session place missing', 'secretary', 'POST', () => `${base}/`, () => hearing({ place: '' }), 'place'],
  ['session without cadres', 'secretary', 'POST', () => `${base}/`, () => hearing({ cadres: [] }), 'cadres'],
  ['cadre position missing', 'secretary', 'POST', () => `${base}/`, () => hearing({ cadres: [{ name: '张书记', position: '村党组织书记' }, { name: '李四', position: '' }] }), 'cadres.1.position'],
  ['cadre account malformed', 'secretary', 'POST', () => `${base}/`, () => hearing({ cadres: [{ name: '张书记', position: '书记', userId: 'abc' }] }), 'cadres.0.userId'],
  ['cadre account of another village', 'secretary', 'POST', () => `${base}/`, () => hearing({ cadres: [{ name: '张书记', position: '书记', userId: otherVillageUserId }] }), 'cadres.0.userId'],
  ['cadre account unknown', 'secretary', 'POST', () => `${base}/`, () => hearing({ cadres: [{ name: '张书记', position: '书记', userId: NO_SUCH }] }), 'cadres.0.userId'],
  ['cadre listed twice', 'secretary', 'POST', () => `${base}/`, () => hearing({ cadres: [{ name: '张书记', position: '书记' }, { name: '张书记', position: '书记' }] }), 'cadres.1.name'],
  ['session id malformed', 'secretary', 'GET', () => `${base}/abc`, () => undefined, 'id'],
  ['list status unknown', 'secretary', 'GET', () => `${base}/?status=lost`, () => undefined, 'status'],
  ['questions overdue flag', 'secretary', 'GET', () => `${base}/questions?overdue=yes`, () => undefined, 'overdue'],
  ['report too short', 'secretary', 'PUT', () => `${base}/${h.id}/cadres/${h.cadres[0]!.id}/report`, () => ({ report: '好' }), 'report'],
  ['cancel without reason', 'secretary', 'POST', () => `${base}/${h.id}/cancel`, () => ({}), 'reason'],
  ['answer empty', 'secretary', 'POST', () => `${base}/questions/${questionId}/answer`, () => ({ answer: ' ' }), 'answer'],
  ['hide without reason', 'township', 'POST', () => `${base}/questions/${questionId}/hide`, () => ({ reason: '' }), 'reason'],
  ['question too short', 'public', 'POST', () => `${pub}/questions`, () => ({ villageCode: w.villageA1, content: '为啥' }), 'content'],
  ['question village malformed', 'public', 'POST', () => `${pub}/questions`, () => ({ villageCode: 'x', content: '村里的账目什么时候公开？' }), 'villageCode'],
  ['question to a cadre without a session', 'public', 'POST', () => `${pub}/questions`, () => ({ villageCode: w.villageA1, cadreId: h.cadres[0]!.id, content: '直接问干部的问题' }), 'cadreId'],
  ['question to an unknown session', 'public', 'POST', () => `${pub}/questions`, () => ({ villageCode: w.villageA1, hearingId: NO_SUCH, content: '不存在的问政会' }), 'hearingId'],
  ['public list without village', 'public', 'GET', () => `${pub}/`, () => undefined, 'villageCode'],
  ['public questions page size', 'public', 'GET', () => `${pub}/questions?villageCode=${w.villageA1}&pageSize=1000`, () => undefined, 'pageSize'],
  ['rating level unknown', 'villager', 'POST', () => `${pub}/${h.id}/ratings`, () => ({ ratings: [{ cadreId: h.cadres[0]!.id, level: 'great' }] }), 'ratings.0.level'],
  ['rating of nobody', 'villager', 'POST', () => `${pub}/${h.id}/ratings`, () => ({ ratings: [] }), 'ratings'],
  ['rating of a cadre not on the session', 'villager', 'POST', () => `${pub}/${h.id}/ratings`, () => ({ ratings: [{ cadreId: NO_SUCH, level: 'satisfied' }] }), 'ratings.0.cadreId'],
  ['rating of one cadre twice at once', 'villager', 'POST', () => `${pub}/${h.id}/ratings`, () => ({ ratings: [{ cadreId: h.cadres[0]!.id, level: 'satisfied' }, { cadreId: h.cadres[0]!.id, level: 'dissatisfied' }] }), 'ratings.1.cadreId'],
  ['rating comment too long', 'villager', 'POST', () => `${pub}/${h.id}/ratings`, () => ({ ratings: [{ cadreId: h.cadres[0]!.id, level: 'satisfied', comment: '长'.repeat(301) }] }), 'ratings.0.comment'],
];

describe('bad input is answered 400 problem+json naming the field, and writes nothing', () => {
  for (const [label, who, method, url, payload, path] of CASES) {
    it(label, async () => {
      const before = await counts();
      const opts = { method, url: url(), ...(payload() === undefined ? {} : { payload: payload() as object }) };
      const res =
        who === 'secretary' ? await secretary.inject(opts)
        : who === 'township' ? await township.inject(opts)
        : await ctx.app.inject({ ...opts, remoteAddress: `10.3.0.${++ip}`, headers: who === 'villager' ? { 'x-villager-token': villager.token } : {} });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = res.json();
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.details.map((d: { path: string }) => d.path)).toContain(path);
      expect(body.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(await counts()).toEqual(before);
    });
  }

  it('left the session and its question as they were', async () => {
    const detail = (await secretary.get(`${base}/${h.id}`)).json() as THearingDetail;
    expect(detail).toMatchObject({ status: 'in_session', cancelReason: null });
    expect(detail.cadres[0]).toMatchObject({ report: null, results: { total: 0 } });
  });
});
