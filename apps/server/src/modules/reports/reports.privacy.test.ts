import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { attachments, auditEvents, notifications, queryRows, reportEvents, reportMessages, reports, type DbHandle } from '@mpw/db';
import { loadConfig } from '../../config.js';
import { openPlatform, type Platform } from '../../platform.js';
import { buildApp } from '../../app.js';
import { chinaDate, chinaDayStart } from '../../lib/time.js';
import { idNumberCheckChar } from '../books/books.policy.js';
import { multipartBody, tinyJpeg } from '../attachments/attachments.test-support.js';
import { makeUser, makeWorld, openTestDatabase, testEnv, type TestContext, type World } from '../../../test/helpers.js';
import { openReporter } from './reports.crypto.js';
import { solveChallenge } from './reports.pow.js';

/**
 * The privacy promises of docs/reports.md, checked against everything the app keeps: every row of
 * every table and every log line, with the app's real logger writing to a captured stream.
 */

const MARK_AGENT = 'MarkerAgent/7.3 (zq-privacy-probe-4471)';
const MARK_FORWARDED = '203.0.113.77';
const MARK_REMOTE = '198.51.100.213';
const PASSPHRASE = 'Marker-pass-9913';
const REAL_NAME = '甄实名';
const REAL_PHONE = '13912345678';
const REAL_ID = `33010219800101123${idNumberCheckChar('33010219800101123')}`;
const BASE = '/api/v1/public/reports';

let handle: DbHandle;
let platform: Platform;
let app: FastifyInstance;
let w: World;
const logLines: string[] = [];

beforeAll(async () => {
  handle = await openTestDatabase();
  // Behind a proxy that passes X-Forwarded-For, as deployed: the forwarded address is the client's.
  platform = await openPlatform(loadConfig(testEnv({ MICROPOWER_TRUST_PROXY: 'true' })), { handle, migrate: false });
  const stream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  app = await buildApp(platform.deps, { logger: { level: 'trace', stream }, serveWeb: false });
  await app.ready();
  const ctx = { platform, app } as TestContext;
  w = await makeWorld(ctx);
  const admin = await makeUser(ctx, w.district, ['district_admin']);
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: admin.username, password: 'Test-pass-2026' } });
  const cookie = `mpw_session=${login.cookies.find((c) => c.name === 'mpw_session')!.value}`;
  const set = await app.inject({ method: 'PUT', url: '/api/v1/settings/report.powDifficulty', headers: { cookie, 'x-csrf-token': login.json().csrfToken }, payload: { value: 4 } });
  expect(set.statusCode, set.body).toBe(200);
}, 180_000);
afterAll(async () => {
  await app.close();
  await handle.close();
});

/** A request as a phone behind the proxy would send it. */
const marked = { 'user-agent': MARK_AGENT, 'x-forwarded-for': MARK_FORWARDED };
function send(method: 'GET' | 'POST', url: string, payload?: object | Buffer, headers: Record<string, string> = {}) {
  return app.inject({ method, url, remoteAddress: MARK_REMOTE, headers: { ...marked, ...headers }, ...(payload ? { payload } : {}) });
}

async function submitMarked(extra: Record<string, unknown>) {
  const c = (await send('GET', `${BASE}/challenge?regionCode=${w.villageA1}`)).json();
  const res = await send('POST', BASE, {
    category: 'works',
    regionCode: w.villageA1,
    subjectName: '钱某',
    subjectPosition: '村党支部书记',
    subjectKind: 'village_cadre',
    content: '村小学围墙工程只干了一半就结账了。',
    passphrase: PASSPHRASE,
    challenge: c.challenge,
    nonce: solveChallenge(c.challenge, c.difficulty),
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; receiptCode: string };
}

/** Every row of every table outside the system catalogues, as JSON text. */
async function dumpDatabase(): Promise<string> {
  const tables = await queryRows<{ table_schema: string; table_name: string }>(platform.deps.db, sql`
    select table_schema, table_name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`);
  expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['reports', 'report_events', 'report_messages', 'attachments', 'audit_events', 'notifications']));
  const parts: string[] = [];
  for (const t of tables) {
    const rows = await queryRows<{ j: string }>(platform.deps.db, sql.raw(`select row_to_json(t)::text as j from "${t.table_schema}"."${t.table_name}" t`));
    parts.push(`## ${t.table_name}\n${rows.map((r) => r.j).join('\n')}`);
  }
  return parts.join('\n');
}

describe('reporter privacy', () => {
  let anon: { id: string; receiptCode: string };
  let real: { id: string; receiptCode: string };

  beforeAll(async () => {
    // A request elsewhere in the app with the same marks: its log line proves the capture works.
    expect((await send('GET', '/api/v1/public/villages')).statusCode).toBe(200);

    anon = await submitMarked({ anonymous: true });
    const access = await send('POST', `${BASE}/access`, { receiptCode: anon.receiptCode, passphrase: PASSPHRASE });
    expect(access.statusCode, access.body).toBe(200);
    const token = { 'x-report-token': access.json().token };
    expect((await send('GET', `${BASE}/mine`, undefined, token)).statusCode).toBe(200);
    expect((await send('POST', `${BASE}/mine/messages`, { body: '补充一点情况。' }, token)).statusCode).toBe(200);
    const { payload, headers } = multipartBody({}, { name: 'IMG_20261129_153012.jpg', content: tinyJpeg({ withMetadata: true }), contentType: 'image/jpeg' });
    expect((await send('POST', `${BASE}/mine/attachments`, payload, { ...headers, ...token })).statusCode).toBe(200);
    expect((await send('POST', `${BASE}/mine/retaliation`, { description: '有人打听是谁举报的。' }, token)).statusCode).toBe(200);
    // A wrong try is counted in memory, never written down.
    expect((await send('POST', `${BASE}/access`, { receiptCode: anon.receiptCode, passphrase: 'Wrong-pass-000' })).statusCode).toBe(401);

    real = await submitMarked({ anonymous: false, reporter: { name: REAL_NAME, phone: REAL_PHONE, idNumber: REAL_ID, address: '某某路8号', wantsProtection: true } });
  }, 120_000);

  it('keeps no client address or user agent in any table, nor in the log', async () => {
    const dump = await dumpDatabase();
    for (const mark of [MARK_AGENT, 'zq-privacy-probe', MARK_FORWARDED, MARK_REMOTE]) expect(dump).not.toContain(mark);
    const log = logLines.join('');
    expect(log).toContain('/api/v1/public/villages');
    for (const mark of [MARK_AGENT, 'zq-privacy-probe', MARK_FORWARDED, MARK_REMOTE]) expect(log).not.toContain(mark);
  });

  it('writes no log line at all for the reporter routes, and nothing of what the reporter typed', () => {
    const log = logLines.join('');
    expect(log).not.toContain('/public/reports');
    for (const secret of [anon.receiptCode, real.receiptCode, PASSPHRASE, REAL_NAME, REAL_PHONE, REAL_ID, '围墙工程']) expect(log).not.toContain(secret);
  });

  it('stores neither receipt code nor passphrase in clear', async () => {
    const dump = await dumpDatabase();
    for (const secret of [anon.receiptCode, real.receiptCode, anon.receiptCode.replace(/-/g, ''), PASSPHRASE]) expect(dump).not.toContain(secret);
  });

  it('keeps the reporter identity sealed: a direct read shows no name, phone or identity number', async () => {
    const dump = await dumpDatabase();
    for (const secret of [REAL_NAME, REAL_PHONE, REAL_ID]) expect(dump).not.toContain(secret);
    const [row] = await platform.deps.db.select().from(reports).where(eq(reports.id, real.id));
    expect(row!.reporterSealed).toMatch(/^v1\./);
    expect(row!.wantsProtection).toBe(true);
    // Only the key outside the database opens it.
    expect(openReporter(platform.deps.secrets, row!.reporterSealed!)).toMatchObject({ name: REAL_NAME, phone: REAL_PHONE, idNumber: REAL_ID });
  });

  it('records only the day for the anonymous report and everything its reporter did', async () => {
    const dayStart = chinaDayStart(chinaDate()).getTime();
    const [row] = await platform.deps.db.select().from(reports).where(eq(reports.id, anon.id));
    expect([row!.createdAt.getTime(), row!.updatedAt.getTime(), row!.retaliationFlaggedAt!.getTime()]).toEqual([dayStart, dayStart, dayStart]);
    const events = await platform.deps.db.select().from(reportEvents).where(eq(reportEvents.reportId, anon.id));
    expect(events.map((e) => e.kind).sort()).toEqual(['evidence', 'received', 'reply', 'retaliation']);
    for (const e of events) expect([e.kind, e.at.getTime(), e.createdAt.getTime(), e.updatedAt.getTime()]).toEqual([e.kind, dayStart, dayStart, dayStart]);
    const messages = await platform.deps.db.select().from(reportMessages).where(eq(reportMessages.reportId, anon.id));
    expect(messages).toHaveLength(1);
    expect([messages[0]!.at.getTime(), messages[0]!.createdAt.getTime(), messages[0]!.updatedAt.getTime()]).toEqual([dayStart, dayStart, dayStart]);
    const files = await platform.deps.db.select().from(attachments).where(eq(attachments.entityId, anon.id));
    expect(files).toHaveLength(1);
    expect([files[0]!.createdAt.getTime(), files[0]!.updatedAt.getTime()]).toEqual([dayStart, dayStart]);
    // The phone's file name (it carries the moment the picture was taken) is not kept.
    expect(files[0]!.fileName).not.toContain('20261129');
  });

  it('files every audit entry of the anonymous report at the district, never in the township or the village', async () => {
    const rows = await platform.deps.db.select().from(auditEvents).where(eq(auditEvents.entityId, anon.id));
    expect(rows.map((r) => r.action).sort()).toEqual(['report.evidence.add', 'report.message.reply', 'report.receive', 'report.retaliation.flag']);
    expect(new Set(rows.map((r) => r.regionCode))).toEqual(new Set([w.district]));
    expect(rows.every((r) => r.actorId === null && r.requestId === null)).toBe(true);
  });

  it('sends no message when a report arrives (the morning digest tells the day only)', async () => {
    const sent = await platform.deps.db.select().from(notifications).where(eq(notifications.entityType, 'report'));
    expect(sent).toEqual([]);
  });
});
