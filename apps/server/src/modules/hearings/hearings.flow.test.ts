import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import type { THearingDetail, TSatisfactionLevel } from '@mpw/contracts';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { importRegions } from '../regions/regions.service.js';
import { createUser } from '../users/users.service.js';
import { DEMO_ACCOUNTS, DEMO_REGIONS_CSV } from '../demo/demo.data.js';
import { seedDemoHearings } from '../demo/demo.hearings.js';
import { sweepOverdueQuestions } from './hearings.service.js';
import { makeVillagers, type TestVillager } from './hearings.test-support.js';

let ctx: TestContext;
let w: World;
let secretary: Client;
let accountant: Client;
let accountantId: string;
let villageDiscipline: Client;
let township: Client;
let townshipId: string;
let villagers: TestVillager[];
let ip = 0;

const db = () => ctx.platform.deps.db;
const base = '/api/v1/hearings';
const pub = '/api/v1/public/hearings';
/** Each anonymous request from its own address: the per-client limits are not what these tests are about. */
const anon = (method: 'GET' | 'POST', url: string, payload?: unknown, token?: string) =>
  ctx.app.inject({ method, url, remoteAddress: `10.1.0.${++ip % 250}`, ...(payload === undefined ? {} : { payload: payload as object }), headers: token ? { 'x-villager-token': token } : {} });
const alertsOf = (hearingId: string) =>
  queryRows<{ subject_id: string; subject_type: string; severity: string; summary: string; evidence: string; region_code: string; assigned_to: string | null }>(
    db(), sql`select subject_id, subject_type, severity, summary, evidence, region_code, assigned_to from alerts where rule = 'CADRE_DISSATISFACTION' and evidence like ${`hearings:${hearingId};%`}`,
  );
const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  secretary = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_secretary'])).username);
  const acc = await makeUser(ctx, w.villageA1, ['village_accountant']);
  accountantId = acc.id;
  accountant = await login(ctx.app, acc.username);
  villageDiscipline = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_discipline'])).username);
  const t = await makeUser(ctx, w.townshipA, ['township_discipline']);
  townshipId = t.id;
  township = await login(ctx.app, t.username);
  villagers = await makeVillagers(db(), w.villageA1, 10);
}, 120_000);
afterAll(() => ctx.close());

describe('a session from scheduling to published results (村民问政)', () => {
  let h: THearingDetail;
  const cadre = (name: string) => h.cadres.find((c) => c.name === name)!;

  it('schedules a session with its cadres; a wrong step is refused 409 and changes nothing', async () => {
    const res = await secretary.post(`${base}/`, {
      regionCode: w.villageA1, title: '2026年第四季度村民问政会', quarter: '2026-Q4', scheduledAt: future(3), place: '村委会议室',
      cadres: [
        { name: '李会计', position: '报账员', userId: accountantId },
        { name: '张书记', position: '村党组织书记' },
        { name: '赵主任', position: '村委会主任' },
        { name: '钱委员', position: '村委委员' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    h = res.json();
    expect(h).toMatchObject({ status: 'scheduled', villageName: '甲一村', questionCount: 0 });
    expect(h.cadres.map((c) => c.name)).toEqual(['李会计', '张书记', '赵主任', '钱委员']);
    for (const step of ['close']) {
      const r = await secretary.post(`${base}/${h.id}/${step}`);
      expect(r.statusCode).toBe(409);
      expect(r.json().code).toBe('CONFLICT');
    }
    expect((await secretary.get(`${base}/${h.id}`)).json().status).toBe('scheduled');
  });

  it('lets the cadre write their own report, a manager write any, and refuses others', async () => {
    expect((await accountant.put(`${base}/${h.id}/cadres/${cadre('李会计').id}/report`, { report: '本季度完成报账120笔，无违规支出，严格执行财务制度。' })).statusCode).toBe(200);
    expect((await accountant.put(`${base}/${h.id}/cadres/${cadre('张书记').id}/report`, { report: '替别人写的报告内容不应被接受。' })).statusCode).toBe(403);
    expect((await villageDiscipline.put(`${base}/${h.id}/cadres/${cadre('张书记').id}/report`, { report: '村纪检委员不是该干部也不负责问政会。' })).statusCode).toBe(403);
    const res = await secretary.put(`${base}/${h.id}/cadres/${cadre('张书记').id}/report`, { report: '本季度主持村“两委”工作，落实“四议两公开”，廉洁自律。' });
    expect(res.statusCode).toBe(200);
    const reports = Object.fromEntries((res.json() as THearingDetail).cadres.map((c) => [c.name, c.report]));
    expect(reports['李会计']).toContain('报账120笔');
    expect(reports['张书记']).toContain('四议两公开');
    // Public at once, without the cadre's account id.
    const p = (await anon('GET', `${pub}/${h.id}`)).json() as THearingDetail;
    expect(p.cadres.find((c) => c.name === '李会计')).toMatchObject({ userId: null, results: null });
    expect(p.cadres.find((c) => c.name === '李会计')!.report).toContain('报账120笔');
  });

  it('edits the arrangements before the start, keeping written reports', async () => {
    const res = await secretary.put(`${base}/${h.id}`, {
      title: '2026年第四季度村民问政会', quarter: '2026-Q4', scheduledAt: future(2), place: '村文化礼堂',
      cadres: [
        { name: '李会计', position: '报账员', userId: accountantId },
        { name: '张书记', position: '村党组织书记' },
        { name: '赵主任', position: '村委会主任' },
        { name: '钱委员', position: '村委委员' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    h = res.json();
    expect(h.place).toBe('村文化礼堂');
    expect(cadre('李会计').report).toContain('报账120笔');
  });

  it('takes questions before and during the session and answers them in public', async () => {
    const asked = await anon('POST', `${pub}/questions`, { villageCode: w.villageA1, hearingId: h.id, cadreId: cadre('张书记').id, content: '村道硬化工程什么时候开工？' });
    expect(asked.statusCode, asked.body).toBe(201);
    const q = asked.json();
    expect(q).toMatchObject({ askerLabel: '匿名村民', status: 'open', cadreName: '张书记' });
    expect((await secretary.post(`${base}/${h.id}/start`)).statusCode).toBe(200);
    expect((await secretary.post(`${base}/${h.id}/start`)).statusCode).toBe(409);
    expect((await secretary.put(`${base}/${h.id}`, { title: '改名', quarter: '2026-Q4', scheduledAt: future(1), place: '别处', cadres: [{ name: '甲', position: '乙' }] })).statusCode).toBe(409);
    expect((await anon('POST', `${pub}/questions`, { villageCode: w.villageA1, hearingId: h.id, content: '会上再问一个问题：低保名单何时公示？' })).statusCode).toBe(201);
    const answered = await secretary.post(`${base}/questions/${q.id}/answer`, { answer: '已完成招标，12月10日开工。' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({ status: 'answered', answer: '已完成招标，12月10日开工。' });
    expect(answered.json().answeredByName).toBeTruthy();
    expect((await secretary.post(`${base}/questions/${q.id}/answer`, { answer: '再答一次' })).statusCode).toBe(409);
    const p = (await anon('GET', `${pub}/${h.id}`)).json() as THearingDetail;
    expect(p).toMatchObject({ status: 'in_session', questionCount: 2, answeredCount: 1 });
    expect(p.questions[0]).toMatchObject({ id: q.id, answer: '已完成招标，12月10日开工。' });
    expect(JSON.stringify(p)).not.toMatch(/answeredBy"|hideReason/);
  });

  it('takes ratings in session; staff see them live, the public only after the close', async () => {
    // 李会计: 10 ratings, 3 不满意 = exactly 30% → alert. 张书记: 7 ratings, 2 不满意 (28.6%) → none.
    // 赵主任: exactly 5 ratings, 2 不满意 → alert. 钱委员: 4 ratings, all 不满意, under the minimum → none.
    const plan: Record<string, TSatisfactionLevel[]> = {
      李会计: ['dissatisfied', 'dissatisfied', 'dissatisfied', 'satisfied', 'satisfied', 'satisfied', 'satisfied', 'basically_satisfied', 'basically_satisfied', 'satisfied'],
      张书记: ['dissatisfied', 'dissatisfied', 'satisfied', 'satisfied', 'satisfied', 'basically_satisfied', 'satisfied'],
      赵主任: ['dissatisfied', 'dissatisfied', 'satisfied', 'satisfied', 'basically_satisfied'],
      钱委员: ['dissatisfied', 'dissatisfied', 'dissatisfied', 'dissatisfied'],
    };
    for (const [i, v] of villagers.entries()) {
      const ratings = Object.entries(plan).filter(([, levels]) => i < levels.length).map(([name, levels]) => ({ cadreId: cadre(name).id, level: levels[i]!, ...(i === 0 ? { comment: `${name}的工作需要改进` } : {}) }));
      const res = await anon('POST', `${pub}/${h.id}/ratings`, { ratings }, v.token);
      expect(res.statusCode, res.body).toBe(201);
    }
    const staff = (await secretary.get(`${base}/${h.id}`)).json() as THearingDetail;
    expect(staff.cadres.find((c) => c.name === '李会计')!.results).toMatchObject({ total: 10, dissatisfied: 3, satisfied: 5, basically_satisfied: 2 });
    const p = (await anon('GET', `${pub}/${h.id}`)).json() as THearingDetail;
    expect(p.cadres.every((c) => c.results === null)).toBe(true);
  });

  it('closes: results public, CADRE_DISSATISFACTION for exactly the cadres at or past the thresholds', async () => {
    const res = await secretary.post(`${base}/${h.id}/close`);
    expect(res.statusCode, res.body).toBe(200);
    h = res.json();
    const p = (await anon('GET', `${pub}/${h.id}`)).json() as THearingDetail;
    expect(p.status).toBe('closed');
    expect(p.cadres.find((c) => c.name === '李会计')!.results).toMatchObject({ total: 10, dissatisfied: 3, dissatisfiedShare: 0.3 });
    expect(p.cadres.find((c) => c.name === '钱委员')!.results).toMatchObject({ total: 4, dissatisfied: 4 });
    expect(JSON.stringify(p)).not.toMatch(/rater|comment/i);

    const raised = await alertsOf(h.id);
    expect(raised.map((a) => a.subject_id).sort()).toEqual([cadre('李会计').id, cadre('赵主任').id].sort());
    const li = raised.find((a) => a.subject_id === cadre('李会计').id)!;
    expect(li).toMatchObject({ subject_type: 'hearing_cadre', severity: 'yellow', region_code: w.villageA1, assigned_to: townshipId, evidence: `hearings:${h.id};hearing_cadres:${cadre('李会计').id}` });
    expect(li.summary).toContain('李会计');
    expect(li.summary).toContain('不满意3份');
    expect(li.summary).toContain('共收到评议10份');
  });

  it('refuses every step of a closed session with 409 and changes nothing', async () => {
    for (const step of ['start', 'close']) expect((await secretary.post(`${base}/${h.id}/${step}`)).statusCode).toBe(409);
    expect((await secretary.post(`${base}/${h.id}/cancel`, { reason: '误操作取消' })).statusCode).toBe(409);
    expect((await secretary.put(`${base}/${h.id}/cadres/${cadre('赵主任').id}/report`, { report: '会后补写的述职述廉报告内容。' })).statusCode).toBe(409);
    expect((await anon('POST', `${pub}/${h.id}/ratings`, { ratings: [{ cadreId: cadre('赵主任').id, level: 'satisfied' }] }, villagers[9]!.token)).statusCode).toBe(409);
    const after = (await secretary.get(`${base}/${h.id}`)).json() as THearingDetail;
    expect(after).toMatchObject({ status: 'closed', cancelReason: null });
    expect(after.cadres.find((c) => c.name === '赵主任')).toMatchObject({ report: null, results: { total: 5 } });
    expect(await alertsOf(h.id)).toHaveLength(2);
  });

  it('shows the comments to the discipline officer, never who left them', async () => {
    const res = await township.get(`${base}/${h.id}/ratings/comments`);
    expect(res.statusCode).toBe(200);
    const comments = res.json() as { cadreName: string; comment: string }[];
    expect(comments.map((c) => c.comment).sort()).toEqual(['张书记的工作需要改进', '李会计的工作需要改进', '赵主任的工作需要改进', '钱委员的工作需要改进'].sort());
    expect(Object.keys(comments[0]!).sort()).toEqual(['cadreId', 'cadreName', 'comment', 'createdAt', 'level']);
    expect((await secretary.get(`${base}/${h.id}/ratings/comments`)).statusCode).toBe(403);
  });

  it('cancels a scheduled session with a reason shown on the portal', async () => {
    const s = (await secretary.post(`${base}/`, { regionCode: w.villageA1, title: '临时问政会', quarter: '2026-Q4', scheduledAt: future(5), place: '村委会', cadres: [{ name: '张书记', position: '村党组织书记' }] })).json();
    expect((await secretary.post(`${base}/${s.id}/cancel`, { reason: '遇台风改期' })).statusCode).toBe(200);
    const list = (await anon('GET', `${pub}/?villageCode=${w.villageA1}`)).json();
    expect(list.data.find((x: { id: string }) => x.id === s.id)).toMatchObject({ status: 'cancelled', cancelReason: '遇台风改期' });
    expect((await anon('POST', `${pub}/questions`, { villageCode: w.villageA1, hearingId: s.id, content: '取消了还能提问吗？' })).statusCode).toBe(409);
  });
});

describe('QUESTION_OVERDUE for villagers\' questions', () => {
  const overdueAlerts = () =>
    queryRows<{ subject_id: string; resolved: boolean; region_code: string }>(db(), sql`select subject_id, resolved_by_data_at is not null as resolved, region_code from alerts where rule = 'QUESTION_OVERDUE' and subject_type = 'village_question'`);

  it('is raised once for each open question past its due date and resolved by data when answered or hidden', async () => {
    const a = (await anon('POST', `${pub}/questions`, { villageCode: w.villageA1, content: '村集体鱼塘承包费收了多少？' })).json();
    const b = (await anon('POST', `${pub}/questions`, { villageCode: w.villageA1, content: '这是一条需要屏蔽的不当言论内容' })).json();
    const later = new Date(Date.parse(`${a.dueOn}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(await sweepOverdueQuestions(db(), systemActor(), a.dueOn)).toBe(0);
    const first = await sweepOverdueQuestions(db(), systemActor(), later);
    expect(first).toBeGreaterThanOrEqual(2);
    expect(await sweepOverdueQuestions(db(), systemActor(), later)).toBe(0);
    const mine = (await overdueAlerts()).filter((x) => [a.id, b.id].includes(x.subject_id));
    expect(mine).toEqual(expect.arrayContaining([{ subject_id: a.id, resolved: false, region_code: w.villageA1 }, { subject_id: b.id, resolved: false, region_code: w.villageA1 }]));
    const listed = (await secretary.get(`${base}/questions?overdue=false&pageSize=200`)).json();
    expect(listed.total).toBeGreaterThanOrEqual(2);

    expect((await secretary.post(`${base}/questions/${a.id}/answer`, { answer: '承包费3.2万元，已入账并公开。' })).statusCode).toBe(200);
    expect((await township.post(`${base}/questions/${b.id}/hide`, { reason: '含有人身攻击内容' })).statusCode).toBe(200);
    const after = (await overdueAlerts()).filter((x) => [a.id, b.id].includes(x.subject_id));
    expect(after.every((x) => x.resolved)).toBe(true);
    const inbox = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from notifications where entity_type = 'village_question' and entity_id = ${a.id} and kind = 'overdue'`);
    expect(inbox[0]!.n).toBeGreaterThanOrEqual(1);
  });
});

describe('the demo village (白坑村)', () => {
  it('gets a closed session with results and one alert, an upcoming one with questions, and an answered general question', async () => {
    const started = Date.now();
    await importRegions(db(), systemActor(), DEMO_REGIONS_CSV, { strict: true, isDemo: true });
    const accounts = [];
    for (const a of DEMO_ACCOUNTS) accounts.push(await createUser(db(), systemActor(), { ...a, password: 'Demo-pass-2026' }, { mustChangePassword: false }));
    await seedDemoHearings(ctx.platform.deps, accounts);
    expect(Date.now() - started).toBeLessThan(30_000);

    const list = (await anon('GET', `${pub}/?villageCode=330299101201`)).json();
    expect(list.data.map((x: { status: string }) => x.status)).toEqual(['scheduled', 'closed']);
    const [upcoming, closed] = list.data as THearingDetail[];
    const past = (await anon('GET', `${pub}/${closed!.id}`)).json() as THearingDetail;
    expect(past.cadres.map((c) => c.results?.total)).toEqual([30, 30, 30]);
    expect(past.cadres.every((c) => (c.report ?? '').length > 10)).toBe(true);
    expect(past.questions).toEqual([expect.objectContaining({ status: 'answered' })]);
    const raised = await alertsOf(closed!.id);
    expect(raised).toEqual([expect.objectContaining({ subject_id: past.cadres[2]!.id, region_code: '330299101201' })]);
    expect(raised[0]!.assigned_to).toBe(accounts.find((a) => a.username === 'fl.jiwei')!.id);
    const next = (await anon('GET', `${pub}/${upcoming!.id}`)).json() as THearingDetail;
    expect(next.questions.map((q) => q.status).sort()).toEqual(['answered', 'open']);
    expect(next.cadres.map((c) => c.results)).toEqual([null, null, null]);
    const general = (await anon('GET', `${pub}/questions?villageCode=330299101201&pageSize=50`)).json();
    expect(general.data.filter((q: { hearingId: string | null; status: string }) => q.hearingId === null && q.status === 'answered')).toHaveLength(1);
  });
});
