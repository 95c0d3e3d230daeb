/**
 * Bad input is answered 400 problem+json naming the field with a Chinese message; a step at the
 * wrong time is 409; nothing is half-written either way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { caseAt, newCase } from './cases.test-support.js';

let ctx: TestContext;
let w: World;
let township: Client;
let preliminaryId: string;
let reviewingId: string;
let decidedId: string;
const db = () => ctx.platform.deps.db;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  township = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_discipline'])).username);
  preliminaryId = (await newCase(db(), w.villageA1, w.townshipA)).id;
  reviewingId = (await caseAt(db(), w.villageA1, w.townshipA, 'reviewing')).id;
  decidedId = (await caseAt(db(), w.villageA1, w.townshipA, 'decided')).id;
}, 120_000);
afterAll(() => ctx.close());

const long = (n: number) => '字'.repeat(n);
const clue = () => ({ title: '违规发放补贴', sourceType: 'direct', regionCode: w.villageA1, subjectName: '某某', subjectPosition: '村主任', summary: '线索摘要' });
const UNKNOWN = '5f0c6a52-0000-4000-8000-000000000000';

type Case = [label: string, method: 'GET' | 'POST', url: () => string, payload: () => unknown, path: string];
const CASES: Case[] = [
  ['list status', 'GET', () => '/api/v1/cases?status=lost', () => undefined, 'status'],
  ['list kind', 'GET', () => '/api/v1/cases?kind=side', () => undefined, 'kind'],
  ['list region', 'GET', () => '/api/v1/cases?regionCode=12', () => undefined, 'regionCode'],
  ['list tolerance', 'GET', () => '/api/v1/cases?faultTolerance=maybe', () => undefined, 'faultTolerance'],
  ['register status', 'GET', () => '/api/v1/cases/tolerance?status=maybe', () => undefined, 'status'],
  ['detail id', 'GET', () => '/api/v1/cases/not-a-uuid', () => undefined, 'id'],
  ['create title', 'POST', () => '/api/v1/cases', () => ({ ...clue(), title: ' ' }), 'title'],
  ['create title long', 'POST', () => '/api/v1/cases', () => ({ ...clue(), title: long(101) }), 'title'],
  ['create subject', 'POST', () => '/api/v1/cases', () => ({ ...clue(), subjectName: '' }), 'subjectName'],
  ['create position', 'POST', () => '/api/v1/cases', () => ({ ...clue(), subjectPosition: undefined }), 'subjectPosition'],
  ['create id number', 'POST', () => '/api/v1/cases', () => ({ ...clue(), subjectIdNumber: '12345' }), 'subjectIdNumber'],
  ['create summary', 'POST', () => '/api/v1/cases', () => ({ ...clue(), summary: long(5001) }), 'summary'],
  ['create source type', 'POST', () => '/api/v1/cases', () => ({ ...clue(), sourceType: 'rumour' }), 'sourceType'],
  ['create source missing', 'POST', () => '/api/v1/cases', () => ({ ...clue(), sourceType: 'report' }), 'sourceId'],
  ['create source unknown', 'POST', () => '/api/v1/cases', () => ({ ...clue(), sourceType: 'alert', sourceId: UNKNOWN }), 'sourceId'],
  ['create source on direct', 'POST', () => '/api/v1/cases', () => ({ ...clue(), sourceId: UNKNOWN }), 'sourceId'],
  ['create region shape', 'POST', () => '/api/v1/cases', () => ({ ...clue(), regionCode: 'abc' }), 'regionCode'],
  ['create region missing', 'POST', () => '/api/v1/cases', () => ({ ...clue(), regionCode: undefined }), 'regionCode'],
  ['create region district', 'POST', () => '/api/v1/cases', () => ({ ...clue(), regionCode: w.district }), 'regionCode'],
  ['create handling village', 'POST', () => '/api/v1/cases', () => ({ ...clue(), handlingRegionCode: w.villageA1 }), 'handlingRegionCode'],
  ['create handling other township', 'POST', () => '/api/v1/cases', () => ({ ...clue(), handlingRegionCode: w.townshipB }), 'handlingRegionCode'],
  ['file date', 'POST', () => `/api/v1/cases/${preliminaryId}/file`, () => ({ filedOn: '2026-02-30' }), 'filedOn'],
  ['file date future', 'POST', () => `/api/v1/cases/${preliminaryId}/file`, () => ({ filedOn: '2999-01-01' }), 'filedOn'],
  ['close reason', 'POST', () => `/api/v1/cases/${preliminaryId}/close-unfiled`, () => ({}), 'reason'],
  ['note text', 'POST', () => `/api/v1/cases/${preliminaryId}/notes`, () => ({ note: '' }), 'note'],
  ['note files', 'POST', () => `/api/v1/cases/${preliminaryId}/notes`, () => ({ note: '谈话', attachmentIds: [UNKNOWN] }), 'attachmentIds.0'],
  ['decide note', 'POST', () => `/api/v1/cases/${reviewingId}/decide`, () => ({ sanctions: [] }), 'note'],
  ['decide category', 'POST', () => `/api/v1/cases/${reviewingId}/decide`, () => ({ note: '决定', sanctions: [{ category: 'fine', measure: 'x' }] }), 'sanctions.0.category'],
  ['decide measure', 'POST', () => `/api/v1/cases/${reviewingId}/decide`, () => ({ note: '决定', sanctions: [{ category: 'party', measure: 'demerit' }] }), 'sanctions.0.measure'],
  ['decide recovery amount', 'POST', () => `/api/v1/cases/${reviewingId}/decide`, () => ({ note: '决定', sanctions: [{ category: 'recovery', measure: 'recovery' }] }), 'sanctions.0.amountFen'],
  ['decide amount fraction', 'POST', () => `/api/v1/cases/${reviewingId}/decide`, () => ({ note: '决定', sanctions: [{ category: 'recovery', measure: 'recovery', amountFen: 10.5 }] }), 'sanctions.0.amountFen'],
  ['decide amount on discipline', 'POST', () => `/api/v1/cases/${reviewingId}/decide`, () => ({ note: '决定', sanctions: [{ category: 'party', measure: 'warning', amountFen: 100 }] }), 'sanctions.0.amountFen'],
  ['decide two party sanctions', 'POST', () => `/api/v1/cases/${reviewingId}/decide`, () => ({ note: '决定', sanctions: [{ category: 'party', measure: 'warning' }, { category: 'party', measure: 'expulsion' }] }), 'sanctions.1.category'],
  ['decide date', 'POST', () => `/api/v1/cases/${reviewingId}/decide`, () => ({ note: '决定', decidedOn: '2000-01-01' }), 'decidedOn'],
  ['execute date', 'POST', () => `/api/v1/cases/${decidedId}/execute`, () => ({ executedOn: '2000-01-01' }), 'executedOn'],
  ['tolerance grounds', 'POST', () => `/api/v1/cases/${reviewingId}/tolerance`, () => ({ grounds: '' }), 'grounds'],
  ['tolerance approve', 'POST', () => `/api/v1/cases/${reviewingId}/tolerance/decide`, () => ({ approve: 'yes', note: '同意' }), 'approve'],
  ['accountability name', 'POST', () => `/api/v1/cases/${reviewingId}/accountability`, () => ({ subjectPosition: '副镇长', summary: '监督不力' }), 'subjectName'],
  ['accountability region', 'POST', () => `/api/v1/cases/${reviewingId}/accountability`, () => ({ subjectName: '某', subjectPosition: '副镇长', summary: '监督不力', regionCode: w.villageB1 }), 'regionCode'],
  ['typical summary', 'POST', () => `/api/v1/cases/${decidedId}/typical`, () => ({ title: '典型案例' }), 'summary'],
  ['typical lesson', 'POST', () => `/api/v1/cases/${decidedId}/typical`, () => ({ title: '典型案例', summary: '摘要', lesson: long(2001) }), 'lesson'],
];

describe('bad input', () => {
  it.each(CASES)('%s → 400 naming the field', async (_label, method, url, payloadOf, path) => {
    const payload = payloadOf();
    const res = await township.inject({ method, url: url(), ...(payload === undefined ? {} : { payload: payload as object }) });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.map((d: { path: string }) => d.path), res.body).toContain(path);
    expect(body.details.find((d: { path: string }) => d.path === path).message).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('typical-case approval input', () => {
  it('names the field to the approver (the township holds no approval permission: 403 first)', async () => {
    const inspector = await login(ctx.app, (await makeUser(ctx, w.district, ['district_inspector'])).username);
    for (const [url, payload, path] of [
      ['/api/v1/cases/typical/nope/decide', { approve: true }, 'tid'],
      [`/api/v1/cases/typical/${UNKNOWN}/decide`, { approve: 'yes' }, 'approve'],
      [`/api/v1/cases/typical/${UNKNOWN}/decide`, { approve: true, note: long(1001) }, 'note'],
    ] as const) {
      const res = await inspector.post(url, payload);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect((await township.post('/api/v1/cases/typical/nope/decide', { approve: true })).statusCode).toBe(403);
    expect((await inspector.post(`/api/v1/cases/typical/${UNKNOWN}/publish`, {})).statusCode).toBe(404);
  });
});

describe('steps at the wrong time', () => {
  it('answers 409 and changes nothing', async () => {
    const state = async (id: string) => (await queryRows<{ status: string; n: number }>(db(), sql`select status, (select count(*)::int from case_sanctions where case_id = ${id}) as n from cases where id = ${id}`))[0];
    const wrong: [string, string, unknown][] = [
      [preliminaryId, 'investigate', {}],
      [preliminaryId, 'review', {}],
      [preliminaryId, 'decide', { note: '决定', sanctions: [] }],
      [preliminaryId, 'execute', {}],
      [preliminaryId, 'accountability', { subjectName: '某', subjectPosition: '副镇长', summary: '监督不力' }],
      [preliminaryId, 'typical', { title: '案例', summary: '摘要' }],
      [reviewingId, 'file', {}],
      [reviewingId, 'close-unfiled', { reason: '了结' }],
      [reviewingId, 'execute', {}],
      [decidedId, 'decide', { note: '再次决定', sanctions: [{ category: 'party', measure: 'warning' }] }],
      [decidedId, 'tolerance', { grounds: '容错' }],
    ];
    for (const [id, step, payload] of wrong) {
      const before = await state(id);
      const res = await township.post(`/api/v1/cases/${id}/${step}`, payload);
      expect(res.statusCode, `${step}: ${res.body}`).toBe(409);
      expect(res.json().code).toBe('CONFLICT');
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
      expect(await state(id)).toEqual(before);
    }
    // Closed without filing is final.
    expect((await township.post(`/api/v1/cases/${preliminaryId}/close-unfiled`, { reason: '线索不实' })).json().status).toBe('closed_unfiled');
    expect((await township.post(`/api/v1/cases/${preliminaryId}/file`, {})).statusCode).toBe(409);
    // Unknown records are 404, not 409.
    expect((await township.post(`/api/v1/cases/${UNKNOWN}/file`, {})).statusCode).toBe(404);
    expect((await township.post(`/api/v1/cases/typical/${UNKNOWN}/publish`, {})).statusCode).toBe(403);
  });

  it('writes no case, number or history for a refused creation', async () => {
    const count = async () => (await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from cases where region_code like ${w.district.slice(0, 6) + '%'}`))[0]!.n;
    const before = await count();
    await township.post('/api/v1/cases', { ...clue(), sourceType: 'report', sourceId: UNKNOWN });
    await township.post('/api/v1/cases', { ...clue(), regionCode: w.villageB1 });
    expect(await count()).toBe(before);
    // The next accepted case takes the next number: no gap left by the refusals.
    const numbers = (await queryRows<{ number: string }>(db(), sql`select number from cases where region_code like ${w.district.slice(0, 6) + '%'} order by number`)).map((r) => r.number);
    const created = (await township.post('/api/v1/cases', clue())).json();
    expect(Number(created.number.slice(-5))).toBe(Number(numbers.at(-1)!.slice(-5)) + 1);
  });

  it('refuses a case outside the actor\'s region with 404', async () => {
    const res = await township.post('/api/v1/cases', { ...clue(), regionCode: w.villageB1 });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });
});
