import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { attachments, auditEvents, reportEvents, reportMessages, reports, spentChallenges } from '@mpw/db';
import { RECEIPT_CODE, leadingZeroBits, type TReporterView } from '@mpw/contracts';
import { anonymousActor, systemActor } from '../../lib/actor.js';
import { chinaDate, chinaDayStart } from '../../lib/time.js';
import { audited } from '../audit/audit.log.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { idNumberCheckChar } from '../books/books.policy.js';
import { multipartBody, tinyJpeg } from '../attachments/attachments.test-support.js';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { createReport, type NewReportInput } from './reports.intake.js';
import { openReporter, receiptHash } from './reports.crypto.js';
import { ChallengeLedger, issueChallenge, solveChallenge } from './reports.pow.js';
import { ACCESS_MAX_FAILURES_PER_CODE } from './reports.public.service.js';
import { signReporterToken } from './reports.token.js';

const VALID_ID = `11010119900307123${idNumberCheckChar('11010119900307123')}`;
const BAD_ID = `11010119900307123${idNumberCheckChar('11010119900307123') === '0' ? '1' : '0'}`;
const BASE = '/api/v1/public/reports';
const DIFFICULTY = 6;

let ctx: TestContext;
let w: World;
let township: Client;
let townshipUserId: string;
beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  const admin = await login(ctx.app, (await makeUser(ctx, w.district, ['district_admin'])).username);
  const set = await admin.put('/api/v1/settings/report.powDifficulty', { value: DIFFICULTY, reason: '测试' });
  expect(set.statusCode, set.body).toBe(200);
  const t = await makeUser(ctx, w.townshipA, ['township_discipline']);
  townshipUserId = t.id;
  township = await login(ctx.app, t.username);
}, 180_000);
afterAll(() => ctx.close());
const db = () => ctx.platform.deps.db;
const secrets = () => ctx.platform.deps.secrets;

/** Each call comes from its own address, so the per-client rate limits of one test do not touch another. */
let clientNo = 0;
const nextAddress = () => `198.51.100.${++clientNo}`;

function call(method: 'GET' | 'POST', url: string, opts: { payload?: object | Buffer; headers?: Record<string, string>; from?: string } = {}): Promise<LightMyRequestResponse> {
  return ctx.app.inject({ method, url, remoteAddress: opts.from ?? nextAddress(), headers: opts.headers, ...(opts.payload ? { payload: opts.payload } : {}) });
}

async function solvedChallenge(): Promise<{ challenge: string; nonce: string }> {
  const res = await call('GET', `${BASE}/challenge?regionCode=${w.villageA1}`);
  expect(res.statusCode, res.body).toBe(200);
  const { challenge, difficulty } = res.json();
  return { challenge, nonce: solveChallenge(challenge, difficulty) };
}

const submission = (over: Record<string, unknown> = {}) => ({
  category: 'finance',
  regionCode: w.villageA1,
  subjectName: '王某',
  subjectPosition: '村委会主任',
  subjectKind: 'village_cadre',
  content: '村里修路的钱去向不明，请核查。',
  occurredWhen: '2026年春',
  anonymous: true,
  passphrase: 'my-secret-pass',
  ...over,
});

async function submit(over: Record<string, unknown> = {}) {
  const res = await call('POST', BASE, { payload: { ...submission(over), ...(await solvedChallenge()) } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: string; receiptCode: string; receivedOn: string };
}

async function access(receiptCode: string, passphrase = 'my-secret-pass', from?: string) {
  return call('POST', `${BASE}/access`, { payload: { receiptCode, passphrase }, from });
}

async function tokenFor(receiptCode: string): Promise<string> {
  const res = await access(receiptCode);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().token;
}

const mine = (token: string) => ({ 'x-report-token': token });

/** The handler's question: through the staff route when it exists, else written as the staff route would. */
async function askReporter(reportId: string, body: string) {
  if (ctx.app.hasRoute({ method: 'POST', url: '/api/v1/reports/:id/questions' })) {
    expect((await township.post(`/api/v1/reports/${reportId}/accept`, {})).statusCode).toBe(200);
    const assigned = await township.post(`/api/v1/reports/${reportId}/assign`, { userId: townshipUserId });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const asked = await township.post(`/api/v1/reports/${reportId}/questions`, { body });
    expect(asked.statusCode, asked.body).toBe(200);
    return;
  }
  await audited(db(), systemActor(), async (tx) => {
    const now = new Date();
    const [row] = await tx.tx.select().from(reports).where(eq(reports.id, reportId));
    await tx.tx.insert(reportMessages).values({ id: crypto.randomUUID(), reportId, direction: 'to_reporter', body, at: now, authorId: null, regionCode: row!.regionCode });
    await tx.tx.update(reports).set({ status: 'assigned', assignedTo: townshipUserId }).where(eq(reports.id, reportId));
    await tx.record({ action: 'report.question', entityType: 'report', entityId: reportId, regionCode: row!.handlingRegionCode, after: { length: body.length } });
  });
}

const body = (over: Partial<NewReportInput> = {}): NewReportInput => ({
  category: 'finance',
  regionCode: w.villageA1,
  subjectName: '王某',
  subjectPosition: '村委会主任',
  subjectKind: 'village_cadre',
  content: '村里修路的钱去向不明。',
  anonymous: true,
  channel: 'portal',
  ...over,
});

describe('createReport', () => {
  it('routes a village cadre report to the township, bars the village, stamps the day only', async () => {
    const r = await audited(db(), anonymousActor(), (tx) => createReport(tx, secrets(), body({ passphrase: 'secret-pass-1' })));
    expect(r.number).toMatch(new RegExp(`^JB${w.district.slice(0, 6)}-\\d{4}-\\d{5}$`));
    const [row] = await db().select().from(reports).where(eq(reports.id, r.id));
    expect(row).toMatchObject({ status: 'received', handlingLevel: 'township', handlingRegionCode: w.townshipA, barredRegionCode: w.villageA1, reporterSealed: null });
    expect(row!.receiptHash).toBe(receiptHash(r.receiptCode));
    expect(row!.passphraseHash).not.toContain('secret-pass-1');
    const today = chinaDate();
    expect(row!.createdAt.getTime()).toBe(chinaDayStart(today).getTime());
    const cal = await getCalendar(db(), w.villageA1);
    expect(row!.dueOn).toBe(cal.addWorkingDays(today, 15));
    const events = await db().select().from(reportEvents).where(eq(reportEvents.reportId, r.id));
    expect(events.map((e) => [e.kind, e.at.getTime()])).toEqual([['received', chinaDayStart(today).getTime()]]);
    const [audit] = await db().select().from(auditEvents).where(eq(auditEvents.entityId, r.id));
    // Filed at the district: only district-level audit readers see when an anonymous report came.
    expect(audit).toMatchObject({ action: 'report.receive', regionCode: w.district });
    expect(JSON.stringify(audit!.after)).not.toContain(r.receiptCode);
  });

  it('routes a township official report to the district and bars the township; seals a real-name reporter', async () => {
    const reporter = { name: '李四', phone: '13800000000', idNumber: VALID_ID, wantsProtection: true };
    const r = await audited(db(), systemActor(), (tx) => createReport(tx, secrets(), body({ subjectKind: 'township_official', regionCode: w.townshipA, anonymous: false, reporter, channel: 'phone', receivedOn: '2026-03-02' })));
    const [row] = await db().select().from(reports).where(eq(reports.id, r.id));
    expect(row).toMatchObject({ handlingLevel: 'district', handlingRegionCode: w.district, barredRegionCode: w.townshipA, wantsProtection: true, receivedOn: '2026-03-02' });
    expect(row!.reporterSealed).not.toContain('李四');
    expect(openReporter(secrets(), row!.reporterSealed!)).toMatchObject({ name: '李四', phone: '13800000000' });
    const [audit] = await db().select().from(auditEvents).where(eq(auditEvents.entityId, r.id));
    expect(JSON.stringify(audit)).not.toContain('李四');
    expect(JSON.stringify(audit)).not.toContain('13800000000');
  });

  it('refuses a bad place, a cadre report on a township, and a bad identity number, naming the field', async () => {
    const run = (over: Partial<NewReportInput>) => audited(db(), systemActor(), (tx) => createReport(tx, secrets(), body(over)));
    await expect(run({ regionCode: `${w.district.slice(0, 6)}109999` })).rejects.toMatchObject({ status: 400, details: [{ path: 'regionCode' }] });
    await expect(run({ regionCode: w.townshipA })).rejects.toMatchObject({ status: 400, details: [{ path: 'regionCode' }] });
    await expect(run({ anonymous: false, reporter: { name: '李四', phone: '13800000000', idNumber: BAD_ID, wantsProtection: false } })).rejects.toMatchObject({ status: 400, details: [{ path: 'reporter.idNumber' }] });
  });
});

describe('reporter routes', () => {
  it('hands out a signed challenge at the district difficulty, never cached', async () => {
    const res = await call('GET', `${BASE}/challenge?regionCode=${w.villageA1}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const c = res.json();
    expect(c.difficulty).toBe(DIFFICULTY);
    expect(c.challenge.split('.')).toHaveLength(5);
    expect(Date.parse(c.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
  });

  it('goes round anonymously: submit, access, question, reply, evidence, retaliation', async () => {
    const receipt = await submit();
    expect(receipt.receiptCode).toMatch(RECEIPT_CODE);
    expect(receipt.receivedOn).toBe(chinaDate());

    const token = await tokenFor(receipt.receiptCode.toLowerCase());
    const view0 = await call('GET', `${BASE}/mine`, { headers: mine(token) });
    expect(view0.statusCode, view0.body).toBe(200);
    expect(view0.headers['cache-control']).toBe('no-store');
    const v0: TReporterView = view0.json();
    expect(v0).toMatchObject({ number: receipt.number, status: 'received', anonymous: true, isOpen: true, retaliationFlagged: false, feedback: null, conclusion: null });
    expect(v0.progress).toEqual([{ on: chinaDate(), text: '举报已收到' }]);

    await askReporter(receipt.id, '请说明修路的具体地点？');
    const reply = await call('POST', `${BASE}/mine/messages`, { headers: mine(token), payload: { body: '在村东头到水库那段。' } });
    expect(reply.statusCode, reply.body).toBe(200);
    const v1: TReporterView = reply.json();
    expect(v1.messages.map((m) => [m.direction, m.body])).toEqual([
      ['to_reporter', '请说明修路的具体地点？'],
      ['from_reporter', '在村东头到水库那段。'],
    ]);
    expect(v1.messages[1]!.at).toBe(chinaDate());
    expect(v1.messages[0]!.at).toMatch(/T/);

    const { payload, headers } = multipartBody({}, { name: 'IMG_20261129_071233.jpg', content: tinyJpeg({ withMetadata: true }), contentType: 'image/jpeg' });
    const upload = await call('POST', `${BASE}/mine/attachments`, { headers: { ...headers, ...mine(token) }, payload });
    expect(upload.statusCode, upload.body).toBe(200);
    const v2: TReporterView = upload.json();
    expect(v2.attachments).toHaveLength(1);
    expect(v2.attachments[0]).toMatchObject({ mimeType: 'image/jpeg', fileName: '举报人补充材料.jpg' });
    expect(v2.progress.map((p) => p.text)).toContain('收到您补充的材料');
    const [file] = await db().select().from(attachments).where(eq(attachments.id, v2.attachments[0]!.id));
    expect(file).toMatchObject({ entityType: 'report', entityId: receipt.id, createdBy: null, regionCode: w.townshipA });
    expect(file!.createdAt.getTime()).toBe(chinaDayStart(chinaDate()).getTime());

    const flag = await call('POST', `${BASE}/mine/retaliation`, { headers: mine(token), payload: { description: '村主任在村民大会上点名批评我。' } });
    expect(flag.statusCode, flag.body).toBe(200);
    expect(flag.json()).toMatchObject({ retaliationFlagged: true });
    const [row] = await db().select().from(reports).where(eq(reports.id, receipt.id));
    expect(row).toMatchObject({ priority: 'high', handlingLevel: 'district', handlingRegionCode: w.district, barredRegionCode: w.villageA1, status: 'accepted', assignedTo: null });
    expect(row!.retaliationFlaggedAt!.getTime()).toBe(chinaDayStart(chinaDate()).getTime());
    expect(row!.updatedAt.getTime()).toBe(chinaDayStart(chinaDate()).getTime());
    // The reporter's file follows the report to the district, still stamped with the day only.
    const [moved] = await db().select().from(attachments).where(eq(attachments.id, file!.id));
    expect(moved!.regionCode).toBe(w.district);
    expect(moved!.updatedAt.getTime()).toBe(chinaDayStart(chinaDate()).getTime());
    const kinds = (await db().select().from(reportEvents).where(eq(reportEvents.reportId, receipt.id))).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['received', 'reply', 'evidence', 'retaliation']));
  });

  it('moves a village-level report to the township, and a district one stays with priority high', async () => {
    const a = await submit({ subjectKind: 'other', subjectPosition: '村民' });
    await audited(db(), systemActor(), (x) => x.tx.update(reports).set({ handlingLevel: 'village_discipline', handlingRegionCode: w.villageA1, status: 'assigned' }).where(eq(reports.id, a.id)));
    const ta = await tokenFor(a.receiptCode);
    expect((await call('POST', `${BASE}/mine/retaliation`, { headers: mine(ta), payload: { description: '被威胁。' } })).statusCode).toBe(200);
    const [ra] = await db().select().from(reports).where(eq(reports.id, a.id));
    expect(ra).toMatchObject({ handlingLevel: 'township', handlingRegionCode: w.townshipA, priority: 'high', status: 'accepted' });

    const b = await submit({ subjectKind: 'township_official', regionCode: w.townshipB, subjectPosition: '副镇长' });
    const tb = await tokenFor(b.receiptCode);
    expect((await call('POST', `${BASE}/mine/retaliation`, { headers: mine(tb), payload: { description: '被威胁。' } })).statusCode).toBe(200);
    const [rb] = await db().select().from(reports).where(eq(reports.id, b.id));
    expect(rb).toMatchObject({ handlingLevel: 'district', handlingRegionCode: w.district, priority: 'high', status: 'received', barredRegionCode: w.townshipB });
  });

  it('refuses a reused, expired, forged or unsolved challenge', async () => {
    const solved = await solvedChallenge();
    expect((await call('POST', BASE, { payload: { ...submission(), ...solved } })).statusCode).toBe(201);
    const again = await call('POST', BASE, { payload: { ...submission(), ...solved } });
    expect(again.statusCode).toBe(400);
    expect(again.json().details).toEqual([{ path: 'challenge', message: expect.stringContaining('已使用') }]);

    const old = issueChallenge(secrets(), DIFFICULTY, Date.now() - 11 * 60_000);
    const expired = await call('POST', BASE, { payload: { ...submission(), challenge: old.challenge, nonce: solveChallenge(old.challenge, DIFFICULTY) } });
    expect(expired.statusCode).toBe(400);
    expect(expired.json().details[0].message).toContain('过期');

    // Lowering the difficulty written in the challenge breaks its signature.
    const fresh = (await call('GET', `${BASE}/challenge`)).json().challenge as string;
    const parts = fresh.split('.');
    parts[3] = '0';
    const forged = await call('POST', BASE, { payload: { ...submission(), challenge: parts.join('.'), nonce: '0' } });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().details[0]).toMatchObject({ path: 'challenge', message: expect.stringContaining('无效') });

    const c = (await call('GET', `${BASE}/challenge?regionCode=${w.villageA1}`)).json().challenge as string;
    let wrong = 0;
    while (leadingZeroBits(createHash('sha256').update(`${c}:${wrong}`).digest()) >= DIFFICULTY) wrong++;
    const unsolved = await call('POST', BASE, { payload: { ...submission(), challenge: c, nonce: String(wrong) } });
    expect(unsolved.statusCode).toBe(400);
    expect(unsolved.json().details[0]).toMatchObject({ path: 'challenge', message: expect.stringContaining('计算结果不正确') });
  });

  it('keeps spent challenges in the database, so another instance refuses one spent here; only a digest is kept', async () => {
    const solved = await solvedChallenge();
    expect((await call('POST', BASE, { payload: { ...submission(), ...solved } })).statusCode).toBe(201);
    // A ledger of another app instance: it shares nothing with this one but the database.
    const elsewhere = new ChallengeLedger();
    expect(await elsewhere.spend(db(), secrets(), solved.challenge, solved.nonce)).toBe('used');
    const stored = await db().select().from(spentChallenges);
    expect(stored.some((r) => r.digest === createHash('sha256').update(solved.challenge).digest('hex'))).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(solved.challenge);
    // A fresh challenge spent on the other instance is refused here.
    const other = await solvedChallenge();
    expect(await elsewhere.spend(db(), secrets(), other.challenge, other.nonce)).toBeNull();
    const here = await call('POST', BASE, { payload: { ...submission(), ...other } });
    expect(here.statusCode).toBe(400);
    expect(here.json().details[0].message).toContain('已使用');
  });

  it('gives a refused submission its challenge back, so the corrected one can use it', async () => {
    const solved = await solvedChallenge();
    const bad = await call('POST', BASE, { payload: { ...submission({ regionCode: w.townshipA }), ...solved } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('regionCode');
    expect((await call('POST', BASE, { payload: { ...submission(), ...solved } })).statusCode).toBe(201);
  });

  it('answers 400 naming the field for bad input on every field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ category: 'gossip' }, 'category'],
      [{ regionCode: '12345' }, 'regionCode'],
      [{ regionCode: `${w.district.slice(0, 6)}109999` }, 'regionCode'],
      [{ subjectName: '' }, 'subjectName'],
      [{ subjectPosition: ' ' }, 'subjectPosition'],
      [{ subjectKind: 'mayor' }, 'subjectKind'],
      [{ content: '' }, 'content'],
      [{ content: '字'.repeat(5001) }, 'content'],
      [{ occurredWhen: '年'.repeat(101) }, 'occurredWhen'],
      [{ anonymous: 'yes' }, 'anonymous'],
      [{ anonymous: false }, 'reporter'],
      [{ reporter: { name: '张三', phone: '13800000000' } }, 'reporter'],
      [{ anonymous: false, reporter: { name: '', phone: '13800000000' } }, 'reporter.name'],
      [{ anonymous: false, reporter: { name: '张三', phone: '12345' } }, 'reporter.phone'],
      [{ anonymous: false, reporter: { name: '张三', phone: '13800000000', idNumber: '1234' } }, 'reporter.idNumber'],
      [{ anonymous: false, reporter: { name: '张三', phone: '13800000000', idNumber: BAD_ID } }, 'reporter.idNumber'],
      [{ anonymous: false, reporter: { name: '张三', phone: '13800000000', address: '址'.repeat(201) } }, 'reporter.address'],
      [{ passphrase: 'short' }, 'passphrase'],
      [{ challenge: 'x' }, 'challenge'],
      [{ nonce: 'abc' }, 'nonce'],
    ];
    for (const [over, field] of cases) {
      const res = await call('POST', BASE, { payload: { ...(await solvedChallenge()), ...submission(over) } });
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().details.map((d: { path: string }) => d.path), field).toContain(field);
    }
    const r = await submit();
    const t = await tokenFor(r.receiptCode);
    const accessCases: [Record<string, unknown>, string][] = [
      [{ receiptCode: 'ABCD', passphrase: 'my-secret-pass' }, 'receiptCode'],
      [{ receiptCode: r.receiptCode, passphrase: 'x' }, 'passphrase'],
    ];
    for (const [payload, field] of accessCases) {
      const res = await call('POST', `${BASE}/access`, { payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0].path).toBe(field);
    }
    const emptyMessage = await call('POST', `${BASE}/mine/messages`, { headers: mine(t), payload: { body: ' ' } });
    expect(emptyMessage.statusCode).toBe(400);
    expect(emptyMessage.json().details[0].path).toBe('body');
    const emptyFlag = await call('POST', `${BASE}/mine/retaliation`, { headers: mine(t), payload: { description: '' } });
    expect(emptyFlag.statusCode).toBe(400);
    expect(emptyFlag.json().details[0].path).toBe('description');
    const { payload, headers } = multipartBody({}, { name: 'a.exe', content: Buffer.from('MZ this is not a picture at all, not a pdf either') });
    const badFile = await call('POST', `${BASE}/mine/attachments`, { headers: { ...headers, ...mine(t) }, payload });
    expect(badFile.statusCode).toBe(415);
    expect(badFile.json().details[0].path).toBe('file');
    const noFile = multipartBody({ note: 'x' });
    const missing = await call('POST', `${BASE}/mine/attachments`, { headers: { ...noFile.headers, ...mine(t) }, payload: noFile.payload });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().details[0].path).toBe('file');
  });

  it('answers the same to an unknown code and a wrong passphrase, and throttles repeated failures', async () => {
    const r = await submit();
    const from = nextAddress();
    const unknown = await access('ABCD-EFGH-JKLM-NPQR', 'my-secret-pass', from);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().message).toBe('受理码或查询密码不正确');
    for (let i = 1; i < ACCESS_MAX_FAILURES_PER_CODE; i++) {
      const res = await access(r.receiptCode, `wrong-pass-${i}`, nextAddress());
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toBe('受理码或查询密码不正确');
    }
    const last = await access(r.receiptCode, 'wrong-pass-last', nextAddress());
    expect(last.statusCode).toBe(401);
    // Now even the right passphrase, from anywhere, waits for the window to end.
    const blocked = await access(r.receiptCode, 'my-secret-pass', nextAddress());
    expect(blocked.statusCode).toBe(429);
    // Another report is not affected.
    const other = await submit();
    expect((await access(other.receiptCode)).statusCode).toBe(200);
  });

  it('refuses a missing, forged or expired token, and additions to an archived report', async () => {
    const r = await submit();
    expect((await call('GET', `${BASE}/mine`)).statusCode).toBe(401);
    const token = await tokenFor(r.receiptCode);
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect((await call('GET', `${BASE}/mine`, { headers: mine(forged) })).statusCode).toBe(401);
    const expired = signReporterToken(secrets(), r.id, Date.now() - 31 * 60_000).token;
    expect((await call('GET', `${BASE}/mine`, { headers: mine(expired) })).statusCode).toBe(401);
    await audited(db(), systemActor(), (x) => x.tx.update(reports).set({ status: 'archived', archivedAt: new Date() }).where(eq(reports.id, r.id)));
    const late = await call('POST', `${BASE}/mine/messages`, { headers: mine(token), payload: { body: '还有新情况' } });
    expect(late.statusCode).toBe(409);
    const view = (await call('GET', `${BASE}/mine`, { headers: mine(token) })).json();
    expect(view.isOpen).toBe(false);
  });

  it('writes an audit event per reporter action without the message text, the code or the passphrase', async () => {
    const r = await submit({ passphrase: 'audit-check-pass' });
    const token = (await access(r.receiptCode, 'audit-check-pass')).json().token;
    await call('POST', `${BASE}/mine/messages`, { headers: mine(token), payload: { body: '补充：账本在会计家里。' } });
    const events = await db().select().from(auditEvents).where(and(eq(auditEvents.entityType, 'report'), eq(auditEvents.entityId, r.id)));
    expect(events.map((e) => e.action).sort()).toEqual(['report.message.reply', 'report.receive']);
    const text = JSON.stringify(events);
    for (const secret of [r.receiptCode, 'audit-check-pass', '账本在会计家里']) expect(text).not.toContain(secret);
    expect(events.every((e) => e.requestId === null && e.actorId === null)).toBe(true);
  });
});
