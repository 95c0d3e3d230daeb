import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { proposeReward } from './reports.service.js';
import { actorOf, concludedBy, newReport, REPORTER } from './reports.staff.test-support.js';

let ctx: TestContext;
let w: World;
let inspector: Client;
let inspectorId: string;
let reportId: string;
let rewardId: string;

const intake = () => ({
  category: 'works', regionCode: w.villageA1, subjectName: '某某', subjectPosition: '村主任', subjectKind: 'other',
  content: '工程款去向不明。', anonymous: false, reporter: REPORTER, channel: 'letter',
});

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  const u = await makeUser(ctx, w.district, ['district_inspector']);
  inspectorId = u.id;
  inspector = await login(ctx.app, u.username);
  // A district-level report the inspector handles, concluded true, with a reward proposed by someone else.
  reportId = (await newReport(ctx, w.villageA1, { subjectKind: 'township_official', subjectPosition: '副镇长' })).id;
  await concludedBy(ctx, reportId, actorOf(u), 'true');
  // Proposed by a colleague of the same level, so the inspector may decide it.
  const colleague = await makeUser(ctx, w.district, ['district_inspector']);
  rewardId = (await proposeReward(ctx.platform.deps.db, actorOf(colleague), reportId, { amountFen: 60_000 })).rewards[0]!.id;
}, 120_000);
afterAll(() => ctx.close());

type Case = [label: string, method: 'GET' | 'POST', url: () => string, payload: () => unknown, path: string];

const long = (n: number) => '字'.repeat(n);

const CASES: Case[] = [
  ['list status', 'GET', () => '/api/v1/reports?status=lost', () => (undefined), 'status'],
  ['list level', 'GET', () => '/api/v1/reports?level=province', () => (undefined), 'level'],
  ['list region', 'GET', () => '/api/v1/reports?regionCode=12', () => (undefined), 'regionCode'],
  ['list overdue', 'GET', () => '/api/v1/reports?overdue=yes', () => (undefined), 'overdue'],
  ['list q', 'GET', () => `/api/v1/reports?q=${long(51)}`, () => (undefined), 'q'],
  ['export category', 'GET', () => '/api/v1/reports/export.csv?category=bribery', () => (undefined), 'category'],
  ['detail id', 'GET', () => '/api/v1/reports/not-a-uuid', () => (undefined), 'id'],
  ['print id', 'GET', () => '/api/v1/reports/123/print', () => (undefined), 'id'],
  ['intake category', 'POST', () => '/api/v1/reports', () => ({ ...intake(), category: 'gossip' }), 'category'],
  ['intake region', 'POST', () => '/api/v1/reports', () => ({ ...intake(), regionCode: 'abc' }), 'regionCode'],
  ['intake subject name', 'POST', () => '/api/v1/reports', () => ({ ...intake(), subjectName: ' ' }), 'subjectName'],
  ['intake subject position', 'POST', () => '/api/v1/reports', () => ({ ...intake(), subjectPosition: long(51) }), 'subjectPosition'],
  ['intake subject kind', 'POST', () => '/api/v1/reports', () => ({ ...intake(), subjectKind: 'mayor' }), 'subjectKind'],
  ['intake content', 'POST', () => '/api/v1/reports', () => ({ ...intake(), content: long(5001) }), 'content'],
  ['intake occurred', 'POST', () => '/api/v1/reports', () => ({ ...intake(), occurredWhen: long(101) }), 'occurredWhen'],
  ['intake anonymous', 'POST', () => '/api/v1/reports', () => ({ ...intake(), anonymous: 'no' }), 'anonymous'],
  ['intake reporter missing', 'POST', () => '/api/v1/reports', () => ({ ...intake(), reporter: undefined }), 'reporter'],
  ['intake reporter on anonymous', 'POST', () => '/api/v1/reports', () => ({ ...intake(), anonymous: true }), 'reporter'],
  ['intake reporter name', 'POST', () => '/api/v1/reports', () => ({ ...intake(), reporter: { ...REPORTER, name: '' } }), 'reporter.name'],
  ['intake reporter phone', 'POST', () => '/api/v1/reports', () => ({ ...intake(), reporter: { ...REPORTER, phone: '12345' } }), 'reporter.phone'],
  ['intake reporter id shape', 'POST', () => '/api/v1/reports', () => ({ ...intake(), reporter: { ...REPORTER, idNumber: '1234' } }), 'reporter.idNumber'],
  ['intake reporter id check', 'POST', () => '/api/v1/reports', () => ({ ...intake(), reporter: { ...REPORTER, idNumber: '110105194912310021' } }), 'reporter.idNumber'],
  ['intake channel', 'POST', () => '/api/v1/reports', () => ({ ...intake(), channel: 'portal' }), 'channel'],
  ['intake received on', 'POST', () => '/api/v1/reports', () => ({ ...intake(), receivedOn: '2026-02-30' }), 'receivedOn'],
  ['intake received in future', 'POST', () => '/api/v1/reports', () => ({ ...intake(), receivedOn: '2999-01-01' }), 'receivedOn'],
  ['intake passphrase', 'POST', () => '/api/v1/reports', () => ({ ...intake(), passphrase: 'short' }), 'passphrase'],
  ['intake village cadre in a township', 'POST', () => '/api/v1/reports', () => ({ ...intake(), subjectKind: 'village_cadre', regionCode: w.townshipA }), 'regionCode'],
  ['accept note', 'POST', () => `/api/v1/reports/${reportId}/accept`, () => ({ note: long(1001) }), 'note'],
  ['not-accept reason', 'POST', () => `/api/v1/reports/${reportId}/not-accept`, () => ({}), 'reason'],
  ['assign user', 'POST', () => `/api/v1/reports/${reportId}/assign`, () => ({ userId: 'me' }), 'userId'],
  ['assign note', 'POST', () => `/api/v1/reports/${reportId}/assign`, () => ({ userId: '5f0c6a52-0000-4000-8000-000000000000', note: long(1001) }), 'note'],
  ['transfer level', 'POST', () => `/api/v1/reports/${reportId}/transfer`, () => ({ level: 'city', reason: '上报' }), 'level'],
  ['transfer reason', 'POST', () => `/api/v1/reports/${reportId}/transfer`, () => ({ level: 'township', reason: long(1001) }), 'reason'],
  ['subject id', 'POST', () => `/api/v1/reports/${reportId}/subject`, () => ({ subjectIdNumber: '33010219800101' }), 'subjectIdNumber'],
  ['subject missing', 'POST', () => `/api/v1/reports/${reportId}/subject`, () => ({}), 'subjectIdNumber'],
  ['note text', 'POST', () => `/api/v1/reports/${reportId}/notes`, () => ({ note: '' }), 'note'],
  ['note files', 'POST', () => `/api/v1/reports/${reportId}/notes`, () => ({ note: '走访', attachmentIds: ['x'] }), 'attachmentIds.0'],
  ['conclude conclusion', 'POST', () => `/api/v1/reports/${reportId}/conclude`, () => ({ conclusion: 'maybe', note: '说明' }), 'conclusion'],
  ['conclude note', 'POST', () => `/api/v1/reports/${reportId}/conclude`, () => ({ conclusion: 'true' }), 'note'],
  ['feedback text', 'POST', () => `/api/v1/reports/${reportId}/feedback`, () => ({ text: long(2001) }), 'text'],
  ['question body', 'POST', () => `/api/v1/reports/${reportId}/questions`, () => ({ body: '' }), 'body'],
  ['reveal reason', 'POST', () => `/api/v1/reports/${reportId}/reveal`, () => ({ reason: long(501) }), 'reason'],
  ['link type', 'POST', () => `/api/v1/reports/${reportId}/link`, () => ({ linkType: 'ticket', linkId: 'A-1' }), 'linkType'],
  ['link id', 'POST', () => `/api/v1/reports/${reportId}/link`, () => ({ linkType: 'case', linkId: '' }), 'linkId'],
  ['reward amount text', 'POST', () => `/api/v1/reports/${reportId}/rewards`, () => ({ amountFen: '500' }), 'amountFen'],
  ['reward amount fraction', 'POST', () => `/api/v1/reports/${reportId}/rewards`, () => ({ amountFen: 60000.5 }), 'amountFen'],
  ['reward amount negative', 'POST', () => `/api/v1/reports/${reportId}/rewards`, () => ({ amountFen: -1 }), 'amountFen'],
  ['reward note', 'POST', () => `/api/v1/reports/${reportId}/rewards`, () => ({ amountFen: 60_000, note: long(1001) }), 'note'],
  ['reward id', 'POST', () => `/api/v1/reports/${reportId}/rewards/nope/decide`, () => ({ approve: true }), 'rid'],
  ['decide approve', 'POST', () => `/api/v1/reports/${reportId}/rewards/${rewardId}/decide`, () => ({ approve: 'yes' }), 'approve'],
  ['decide note', 'POST', () => `/api/v1/reports/${reportId}/rewards/${rewardId}/decide`, () => ({ approve: true, note: long(1001) }), 'note'],
  ['handover from', 'POST', () => '/api/v1/reports/handover', () => ({ fromUserId: 'x', toUserId: inspectorId, reason: '调岗' }), 'fromUserId'],
  ['handover to', 'POST', () => '/api/v1/reports/handover', () => ({ fromUserId: inspectorId, toUserId: 'y', reason: '调岗' }), 'toUserId'],
  ['handover reason', 'POST', () => '/api/v1/reports/handover', () => ({ fromUserId: inspectorId, toUserId: inspectorId }), 'reason'],
];

describe('bad input', () => {
  it.each(CASES)('%s → 400 naming the field', async (_label, method, url, payloadOf, path) => {
    const payload = payloadOf();
    const res = await inspector.inject({ method, url: url(), ...(payload === undefined ? {} : { payload: payload as object }) });
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.map((d: { path: string }) => d.path), res.body).toContain(path);
    const detail = body.details.find((d: { path: string }) => d.path === path);
    expect(detail.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});
