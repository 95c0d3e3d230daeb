import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { chinaDate } from '../../lib/time.js';

let ctx: TestContext;
let w: World;
let township: Client;
let village: Client;
let itemId: string;
let findingId: string;
let townshipId: string;

const db = () => ctx.platform.deps.db;
const later = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
const notice = (over: Record<string, unknown> = {}) => ({
  regionCode: w.villageA1, title: '整改通知', requirement: '按要求整改', deadline: later, responsibleName: '王书记', items: [{ problem: '问题', requirement: '要求' }], ...over,
});
const counts = async () => (await queryRows<{ n: number; i: number; a: number }>(db(), sql`select (select count(*)::int from rectification_notices) as n, (select count(*)::int from rectification_items) as i, (select count(*)::int from rectification_answers) as a`))[0]!;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  const t = await makeUser(ctx, w.townshipA, ['township_discipline']);
  townshipId = t.id;
  township = await login(ctx.app, t.username);
  village = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_secretary'])).username);
  const res = await township.post('/api/v1/rectification/notices', notice());
  itemId = res.json().items[0].id;
  findingId = (await township.post('/api/v1/inspections/findings', { regionCode: w.villageA1, focusArea: 'works', description: '问题' })).json().id;
  await township.post(`/api/v1/inspections/findings/${findingId}/dismiss`, { reason: '无问题' });
}, 120_000);
afterAll(() => ctx.close());

type Case = [label: string, method: 'GET' | 'POST', url: () => string, payload: () => unknown, path: string, status?: number];

const CASES: Case[] = [
  ['notice region', 'POST', () => '/api/v1/rectification/notices', () => notice({ regionCode: '33' }), 'regionCode'],
  ['notice to the issuer itself', 'POST', () => '/api/v1/rectification/notices', () => notice({ regionCode: w.townshipA }), 'regionCode'],
  ['notice title missing', 'POST', () => '/api/v1/rectification/notices', () => notice({ title: '  ' }), 'title'],
  ['notice deadline format', 'POST', () => '/api/v1/rectification/notices', () => notice({ deadline: '2026/12/01' }), 'deadline'],
  ['notice deadline not a date', 'POST', () => '/api/v1/rectification/notices', () => notice({ deadline: '2026-02-30' }), 'deadline'],
  ['notice deadline before issue', 'POST', () => '/api/v1/rectification/notices', () => notice({ issuedOn: chinaDate(), deadline: '2020-01-01' }), 'deadline'],
  ['no items', 'POST', () => '/api/v1/rectification/notices', () => notice({ items: [] }), 'items'],
  ['item problem missing', 'POST', () => '/api/v1/rectification/notices', () => notice({ items: [{ problem: 'a', requirement: 'b' }, { requirement: 'b' }] }), 'items.1.problem'],
  ['item source unknown type', 'POST', () => '/api/v1/rectification/notices', () => notice({ items: [{ problem: 'a', requirement: 'b', sourceType: 'rumour' }] }), 'items.0.sourceType'],
  ['item source id missing', 'POST', () => '/api/v1/rectification/notices', () => notice({ items: [{ problem: 'a', requirement: 'b', sourceType: 'alert' }] }), 'items.0.sourceId'],
  ['item source does not exist', 'POST', () => '/api/v1/rectification/notices', () => notice({ items: [{ problem: 'a', requirement: 'b' }, { problem: 'a', requirement: 'b', sourceType: 'report', sourceId: '5f0c6a52-0000-4000-8000-000000000000' }] }), 'items.1.sourceId'],
  ['item source id not a uuid', 'POST', () => '/api/v1/rectification/notices', () => notice({ items: [{ problem: 'a', requirement: 'b', sourceType: 'finding', sourceId: 'x; drop table' }] }), 'items.0.sourceId'],
  ['item from a dismissed finding', 'POST', () => '/api/v1/rectification/notices', () => notice({ items: [{ problem: 'a', requirement: 'b', sourceType: 'finding', sourceId: findingId }] }), 'items.0.sourceId'],
  ['direct item with an id', 'POST', () => '/api/v1/rectification/notices', () => notice({ items: [{ problem: 'a', requirement: 'b', sourceId: findingId }] }), 'items.0.sourceId'],
  ['item deadline before issue', 'POST', () => '/api/v1/rectification/notices', () => notice({ items: [{ problem: 'a', requirement: 'b', deadline: '2020-01-01' }] }), 'items.0.deadline'],
  ['responsible account elsewhere', 'POST', () => '/api/v1/rectification/notices', () => notice({ responsibleUserId: '5f0c6a52-0000-4000-8000-000000000000' }), 'responsibleUserId'],
  ['answer empty', 'POST', () => `/api/v1/rectification/items/${itemId}/answers`, () => ({ measures: '' }), 'measures'],
  ['answer file not of the item', 'POST', () => `/api/v1/rectification/items/${itemId}/answers`, () => ({ measures: '已整改', attachmentIds: ['5f0c6a52-0000-4000-8000-000000000000'] }), 'attachmentIds.0'],
  ['return without reason', 'POST', () => `/api/v1/rectification/items/${itemId}/return`, () => ({}), 'reason'],
  ['reopen without reason', 'POST', () => `/api/v1/rectification/items/${itemId}/reopen`, () => ({ reason: ' ' }), 'reason'],
  ['item id', 'GET', () => '/api/v1/rectification/items/abc', () => undefined, 'id'],
  ['ledger status', 'GET', () => '/api/v1/rectification/items?status=lost', () => undefined, 'status'],
  ['ledger overdue flag', 'GET', () => '/api/v1/rectification/items?overdue=yes', () => undefined, 'overdue'],
  ['ledger deadline range', 'GET', () => '/api/v1/rectification/items?deadlineFrom=2026-05-01&deadlineTo=2026-04-01', () => undefined, 'deadlineTo'],
  ['stats by', 'GET', () => '/api/v1/rectification/stats?by=county', () => undefined, 'by'],
  ['stats range', 'GET', () => '/api/v1/rectification/stats?from=2026-05-01&to=2026-04-01', () => undefined, 'to'],
  ['finding focus area', 'POST', () => '/api/v1/inspections/findings', () => ({ regionCode: w.villageA1, focusArea: 'gossip', description: 'x' }), 'focusArea'],
  ['finding at a township', 'POST', () => '/api/v1/inspections/findings', () => ({ regionCode: w.townshipA, focusArea: 'works', description: 'x' }), 'regionCode'],
  ['finding with files up front', 'POST', () => '/api/v1/inspections/findings', () => ({ regionCode: w.villageA1, focusArea: 'works', description: 'x', attachmentIds: ['5f0c6a52-0000-4000-8000-000000000000'] }), 'attachmentIds.0'],
  ['plan ends before it starts', 'POST', () => '/api/v1/inspections/plans', () => ({ title: '自查', kind: 'self_check', startsOn: '2026-10-31', endsOn: '2026-10-01', scopeRegionCodes: [w.villageA1], focusAreas: ['works'], methods: ['documents'], teamUserIds: ['5f0c6a52-0000-4000-8000-000000000000'] }), 'endsOn'],
  ['plan team unknown', 'POST', () => '/api/v1/inspections/plans', () => ({ title: '自查', kind: 'self_check', startsOn: '2026-10-01', endsOn: '2026-10-31', scopeRegionCodes: [w.villageA1], focusAreas: ['works'], methods: ['documents'], teamUserIds: ['5f0c6a52-0000-4000-8000-000000000000'] }), 'teamUserIds.0'],
  ['plan checklist outside its areas', 'POST', () => '/api/v1/inspections/plans', () => ({ title: '自查', kind: 'self_check', startsOn: '2026-10-01', endsOn: '2026-10-31', scopeRegionCodes: [w.villageA1], focusAreas: ['works'], methods: ['documents'], teamUserIds: [townshipId], checklist: [{ area: 'conduct', items: [] }] }), 'checklist.0.area'],
];

describe('bad input is answered 4xx problem+json naming the field, and writes nothing', () => {
  for (const [label, method, url, payload, path, status] of CASES) {
    it(label, async () => {
      const before = await counts();
      const client = url().includes('/answers') ? village : township;
      const res = await client.inject({ method, url: url(), ...(payload() === undefined ? {} : { payload: payload() as object }) });
      expect(res.statusCode, res.body).toBe(status ?? 400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = res.json();
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.details.map((d: { path: string }) => d.path)).toContain(path);
      expect(typeof body.message).toBe('string');
      expect(await counts()).toEqual(before);
    });
  }

  it('the refused answers left the item open with no answer recorded', async () => {
    const detail = (await township.get(`/api/v1/rectification/items/${itemId}`)).json();
    expect(detail).toMatchObject({ status: 'open', answers: [] });
  });
});
