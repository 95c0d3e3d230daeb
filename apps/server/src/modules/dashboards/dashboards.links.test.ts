import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TDashboard, TDashboardFigure } from '@mpw/contracts';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { randomUUID } from 'node:crypto';
import { systemActor } from '../../lib/actor.js';
import { audited } from '../audit/audit.log.js';
import { D, FROM, T, at, insert, seedDashboardWorld } from './dashboards.test-support.js';

/**
 * Every figure opens exactly the records it counts: each figure's console link is turned into the
 * list API call the console page makes (same path, same query), and the list's `total` must equal
 * the figure (a rate: its numerator). A figure whose list cannot count it is named below with the
 * reason; any other figure that does not match fails.
 */

/** The list API behind each console list page. */
const LIST_API: Record<string, string> = {
  '/matters': '/api/v1/matters',
  '/decisions': '/api/v1/decisions',
  '/books': '/api/v1/books/entries',
  '/disclosures': '/api/v1/disclosures',
  '/village-questions': '/api/v1/hearings/questions',
  '/reports': '/api/v1/reports',
  '/alerts': '/api/v1/alerts',
  '/rectification': '/api/v1/rectification/items',
  '/cases': '/api/v1/cases',
  '/satisfaction': '/api/v1/households/satisfaction',
};

/** Figures whose list cannot reproduce them (docs/dashboards.md, Links). */
const NOT_REPRODUCIBLE: Record<string, string> = {
  'cases.recovered': 'an amount of money, not a count of records',
  'satisfaction.score': 'a score; the survey page lists villages, not responses',
  'satisfaction.coverage': 'the survey page lists villages, not responses',
  'satisfaction.responses': 'the survey page lists villages, not responses',
};

let ctx: TestContext;
let w: World;
let district: Client;
let township: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  district = await login(ctx.app, (await makeUser(ctx, w.district, ['district_inspector'])).username);
  township = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_discipline'])).username);
  await seedDashboardWorld(ctx, w);
  await seedOutsideTheWindow();
}, 120_000);

/**
 * Records of 甲一村 a list without the window's filter would also count: created, entered,
 * published, asked, due and closed before the window; and a villager's question answered on time
 * in it (so the on-time figure is not zero).
 */
async function seedOutsideTheWindow() {
  const v = w.villageA1;
  const notice = randomUUID();
  const rows = [
    insert('decisions', { id: randomUUID(), decision_no: `DO-${randomUUID().slice(0, 8)}`, title: '窗口前的决策', status: 'in_progress', region_code: v, created_at: at(D(-100)) }),
    insert('ledger_entries', { id: randomUUID(), entry_no: `LO-${randomUUID().slice(0, 8)}`, entry_date: D(-100), period: D(-100).slice(0, 7), direction: 'income', amount_fen: 500, category: '其他', status: 'final', region_code: v }),
    insert('disclosures', { id: randomUUID(), kind: 'other', title: '窗口前按期公开', period: null, due_on: D(-95), status: 'published', first_published_at: at(D(-100)), region_code: v, created_at: at(D(-110)) }),
    insert('disclosures', { id: randomUUID(), kind: 'other', title: '窗口前逾期公开', period: null, due_on: D(-100), status: 'published', first_published_at: at(D(-90)), region_code: v, created_at: at(D(-110)) }),
    insert('village_questions', { id: randomUUID(), content: '窗口前的提问', is_anonymous: true, due_on: D(-95), status: 'answered', answer: '答复', answered_at: at(D(-96)), region_code: v, created_at: at(D(-100)) }),
    insert('village_questions', { id: randomUUID(), content: '按期答复的提问', is_anonymous: true, due_on: D(-6), status: 'answered', answer: '答复', answered_at: at(D(-7)), region_code: v, created_at: at(D(-10)) }),
    insert('rectification_notices', { id: notice, number: `甲镇纪整改〔窗口前〕${randomUUID().slice(0, 4)}号`, issuer_region_code: w.townshipA, title: '窗口前整改', requirement: '整改', issued_on: D(-120), deadline: D(-90), responsible_name: '责任人', status: 'closed', region_code: v }),
    insert('rectification_items', { id: randomUUID(), notice_id: notice, seq: 1, problem: '窗口前问题', requirement: '整改', deadline: D(-90), responsible_name: '责任人', source_type: 'direct', status: 'closed', closed_on: D(-100), region_code: v }),
  ];
  await audited(ctx.platform.deps.db, systemActor(), async (a) => {
    for (const q of rows) await a.tx.execute(q);
  });
}
afterAll(() => ctx.close());

/** The list call a console link makes: its API path and query, one row per page (only `total` matters). */
function listCall(link: string): string {
  const url = new URL(link, 'http://console');
  const params = new URLSearchParams(url.searchParams);
  let api = LIST_API[url.pathname];
  if (url.pathname === '/disclosures' && params.get('view') === 'questions') api = '/api/v1/disclosures/questions';
  params.delete('view');
  if (!api) throw new Error(`no list API for ${link}`);
  params.set('pageSize', '1');
  return `${api}?${params.toString()}`;
}

const expected = (f: TDashboardFigure) => (f.unit === '%' ? f.numerator : f.value);

async function checkEveryLink(reader: Client, query: string) {
  const res = await reader.get(`/api/v1/dashboards/?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  const d = res.json() as TDashboard;
  const linked = d.groups.flatMap((g) => g.figures.filter((f) => f.link).map((f) => ({ key: `${g.key}.${f.key}`, figure: f })));
  const compared: string[] = [];
  for (const { key, figure } of linked) {
    if (key in NOT_REPRODUCIBLE) continue;
    const call = listCall(figure.link!);
    const list = await reader.get(call);
    expect(list.statusCode, `${key}: ${call} ${list.body}`).toBe(200);
    expect({ key, total: list.json().total }).toEqual({ key, total: expected(figure) });
    compared.push(key);
  }
  // Every exception is a real figure with a link (both readers see every group): the list cannot go stale.
  const present = linked.map((l) => l.key);
  for (const key of Object.keys(NOT_REPRODUCIBLE)) expect(present).toContain(key);
  return { d, compared };
}

describe('every dashboard link reproduces its figure', () => {
  it('for the township (reports and cases it may see), in its own region', async () => {
    const { d, compared } = await checkEveryLink(township, `from=${FROM}&to=${T}`);
    // Non-zero figures are among those compared: the world holds records inside and outside the window and region.
    const value = (k: string) => d.groups.flatMap((g) => g.figures.map((f) => [`${g.key}.${f.key}`, f] as const)).find(([key]) => key === k)![1];
    for (const k of ['matters.started', 'matters.overdue', 'reports.received', 'reports.confirmed', 'cases.executed', 'cases.sanction.government', 'questions.disclosureAsked', 'questions.disclosureOverdue', 'alerts.raised']) {
      expect(compared).toContain(k);
      expect(value(k).value, k).toBeGreaterThan(0);
    }
    expect(compared).toContain('questions.disclosureOnTimeRate');
    // The figures each list learned to count: compared, and not zero in this world.
    for (const k of ['records.decisions', 'records.ledgerEntries', 'records.disclosuresPublished', 'disclosures.late', 'questions.villageAsked', 'rectification.closed']) {
      expect(compared).toContain(k);
      expect(value(k).value, k).toBeGreaterThan(0);
    }
    for (const k of ['disclosures.onTimeRate', 'questions.villageOnTimeRate', 'rectification.onTimeRate']) {
      expect(compared).toContain(k);
      expect(value(k).numerator, k).toBeGreaterThan(0);
    }
  });

  it('for the district, and for one village picked by the district', async () => {
    const { compared } = await checkEveryLink(district, `regionCode=${w.district}&from=${FROM}&to=${T}`);
    expect(compared).toContain('reports.microPowerShare');
    await checkEveryLink(district, `regionCode=${w.villageA2}&from=${FROM}&to=${T}`);
  });
});

describe('the list filters behind the links', () => {
  const refused = async (url: string, field: string) => {
    const res = await district.get(url);
    expect(res.statusCode, `${url} ${res.body}`).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().details.map((x: { path: string }) => x.path)).toContain(field);
    return res.json() as { message: string };
  };

  it('refuses a bad date, naming the field, on every list and its export', async () => {
    expect((await refused('/api/v1/reports?receivedFrom=2026-02-30', 'receivedFrom')).message).toMatch(/收到日期起/);
    await refused('/api/v1/reports/export.xlsx?receivedTo=2026-1-5', 'receivedTo');
    await refused('/api/v1/reports?conclusion=maybe', 'conclusion');
    await refused('/api/v1/reports?microPower=yes', 'microPower');
    await refused('/api/v1/cases?filedFrom=tomorrow', 'filedFrom');
    await refused('/api/v1/cases/export.xlsx?executedTo=2026-13-01', 'executedTo');
    await refused(`/api/v1/cases?sanctionFrom=${FROM}`, 'sanction');
    await refused('/api/v1/cases?sanction=prison', 'sanction');
    expect((await refused('/api/v1/matters?createdFrom=2026-04-31', 'createdFrom')).message).toMatch(/发起日期起/);
    await refused('/api/v1/matters/export.xlsx?createdTo=x', 'createdTo');
    await refused('/api/v1/disclosures/questions?askedFrom=2026/01/01', 'askedFrom');
    await refused('/api/v1/disclosures/questions?timeliness=soon', 'timeliness');
    await refused('/api/v1/disclosures/questions/export.xlsx?dueTo=0', 'dueTo');
    expect((await refused('/api/v1/decisions?createdFrom=2026-02-29', 'createdFrom')).message).toMatch(/登记日期起/);
    await refused('/api/v1/decisions?createdTo=yesterday', 'createdTo');
    expect((await refused('/api/v1/books/entries?entryFrom=2026-06-31', 'entryFrom')).message).toMatch(/记账日期起/);
    await refused('/api/v1/books/entries?entryTo=2026-1-1', 'entryTo');
    expect((await refused('/api/v1/disclosures?publishedFrom=2026-00-10', 'publishedFrom')).message).toMatch(/首次公开日期起/);
    await refused('/api/v1/disclosures/export.xlsx?dueTo=2026-02-30', 'dueTo');
    await refused('/api/v1/disclosures?timeliness=early', 'timeliness');
    expect((await refused('/api/v1/hearings/questions?askedFrom=2026/03/01', 'askedFrom')).message).toMatch(/提问日期起/);
    await refused('/api/v1/hearings/questions?dueTo=x', 'dueTo');
    await refused('/api/v1/hearings/questions?timeliness=soon', 'timeliness');
    await refused('/api/v1/hearings/questions?hidden=no', 'hidden');
    expect((await refused('/api/v1/rectification/items?closedFrom=2026-04-31', 'closedFrom')).message).toMatch(/销号日期起/);
    await refused('/api/v1/rectification/items/export.xlsx?closedTo=0', 'closedTo');
    await refused('/api/v1/rectification/items?timeliness=never', 'timeliness');
    await refused(`/api/v1/rectification/items?closedFrom=${T}&closedTo=${FROM}`, 'closedTo');
    await refused('/api/v1/alerts/export.csv?from=2026-02-30', 'from');
  });

  it('splits judged disclosures, villagers\' questions and rectification items into on time and late', async () => {
    const d = (await township.get(`/api/v1/dashboards/?from=${FROM}&to=${T}`)).json() as TDashboard;
    const figure = (g: string, f: string) => d.groups.find((x) => x.key === g)!.figures.find((x) => x.key === f)!;
    const total = async (path: string, q: string) => {
      const res = await township.get(`${path}?regionCode=${w.townshipA}&${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().total as number;
    };
    const pairs: [string, string, string, string][] = [
      ['/api/v1/disclosures', `dueFrom=${FROM}&dueTo=${T}`, 'disclosures', 'onTimeRate'],
      ['/api/v1/hearings/questions', `dueFrom=${FROM}&dueTo=${T}`, 'questions', 'villageOnTimeRate'],
      ['/api/v1/rectification/items', `deadlineFrom=${FROM}&deadlineTo=${T}`, 'rectification', 'onTimeRate'],
    ];
    for (const [path, due, g, f] of pairs) {
      const rate = figure(g, f);
      expect({ path, late: await total(path, `${due}&timeliness=late`) }).toEqual({ path, late: rate.denominator! - rate.numerator! });
      expect(rate.denominator! - rate.numerator!, path).toBeGreaterThan(0);
    }
    // Hidden questions: listed to staff (with the reason) unless left out; never judged.
    expect((await total('/api/v1/hearings/questions', 'hidden=true'))).toBeGreaterThan(0);
    expect((await total('/api/v1/hearings/questions', 'hidden=false')) + (await total('/api/v1/hearings/questions', 'hidden=true'))).toBe(await total('/api/v1/hearings/questions', ''));
  });

  it('exports the alerts of the list\'s window', async () => {
    const window = `regionCode=${w.townshipA}&from=${FROM}&to=${T}`;
    const listed = (await township.get(`/api/v1/alerts?${window}`)).json().total as number;
    const rows = async (q: string) => {
      const res = await township.get(`/api/v1/alerts/export.csv?${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.body.trim().split(/\r?\n/).length - 1;
    };
    expect(await rows(window)).toBe(listed);
    // The alert raised before the window is exported without it.
    expect(await rows(`regionCode=${w.townshipA}`)).toBeGreaterThan(listed);
  });

  it('splits judged questions into on time and late, and exports what it lists', async () => {
    const d = (await township.get(`/api/v1/dashboards/?from=${FROM}&to=${T}`)).json() as TDashboard;
    const rate = d.groups.find((g) => g.key === 'questions')!.figures.find((f) => f.key === 'disclosureOnTimeRate')!;
    const total = async (q: string) => (await township.get(`/api/v1/disclosures/questions?regionCode=${w.townshipA}&dueFrom=${FROM}&dueTo=${T}&${q}`)).json().total as number;
    expect(await total('timeliness=late')).toBe(rate.denominator! - rate.numerator!);
    expect((await total('status=answered')) + (await total('status=open'))).toBe(await total(''));
    const list = (await township.get(`/api/v1/disclosures/questions?regionCode=${w.townshipA}`)).json();
    // Questions on a deleted item are not listed; the reader's scope holds every listed one.
    expect(list.data.map((q: { content: string }) => q.content)).not.toContain('已删除公开事项的提问');
    expect(list.data.every((q: { regionCode: string; disclosureTitle: string }) => q.regionCode.startsWith(w.townshipA.slice(0, 9)) && q.disclosureTitle)).toBe(true);
    const xlsx = await township.get(`/api/v1/disclosures/questions/export.xlsx?regionCode=${w.townshipA}`);
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    // Another township's reader sees none of 甲镇's questions.
    expect((await township.get(`/api/v1/disclosures/questions?regionCode=${w.townshipB}`)).json().total).toBe(0);
    expect((await township.get(`/api/v1/disclosures/questions/export.xlsx?regionCode=${w.townshipB}`)).statusCode).toBe(404);
  });
});
