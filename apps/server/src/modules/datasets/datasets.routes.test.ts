import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { dataImports, queryRows } from '@mpw/db';
import { API_TOKEN_PATTERN, type TApiToken, type TCreatedApiToken, type TDataImport, type TDataImportDetail, type TDatasetImportReport } from '@mpw/contracts';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { blobStoreFor } from '../../lib/blob-store.js';
import { audited } from '../audit/audit.log.js';
import { multipartBody } from '../attachments/attachments.test-support.js';
import { idNumberCheckChar } from '../books/books.policy.js';
import { updateSetting } from '../settings/settings.service.js';
import { bearerToken, hashToken } from './datasets.tokens.js';

let ctx: TestContext;
let w: World;
let away: World;
let officer: Client;
let officerId: string;
let awayOfficer: Client;
let township: Client;
let secretary: Client;

const idNumber = (first17: string) => `${first17}${idNumberCheckChar(first17)}`;
const residentsCsv = (village: string, rows: { id: string; name: string; birth?: string }[]) =>
  ['id_number,name,gender,birth_date,household_id,relation_to_head,village_code', ...rows.map((r) => `${r.id},${r.name},男,${r.birth ?? '1980-01-01'},H${r.id.slice(-4)},户主,${village}`)].join('\n');

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  away = await makeWorld(ctx);
  const o = await makeUser(ctx, w.district, ['department_officer']);
  officerId = o.id;
  officer = await login(ctx.app, o.username);
  awayOfficer = await login(ctx.app, (await makeUser(ctx, away.district, ['department_officer'])).username);
  township = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_discipline'])).username);
  secretary = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_secretary'])).username);
}, 120_000);
afterAll(() => ctx.close());

const db = () => ctx.platform.deps.db;

async function issueToken(c: Client, body: Record<string, unknown>): Promise<TCreatedApiToken> {
  const res = await c.post('/api/v1/datasets/tokens', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

function push(token: string, dataset: string, payload: string, contentType = 'text/csv; charset=utf-8') {
  return ctx.app.inject({ method: 'POST', url: `/api/v1/datasets/push/${dataset}`, payload, headers: { authorization: `Bearer ${token}`, 'content-type': contentType } });
}

/** An import row as the importer writes it, for the history routes (independent of the importer itself). */
async function seedImport(regionCode: string, over: Partial<typeof dataImports.$inferInsert> = {}) {
  const id = randomUUID();
  await audited(db(), systemActor(), async (wr) => {
    await wr.tx.insert(dataImports).values({
      id, dataset: 'residents', fileName: 'residents.csv', format: 'csv', via: 'upload', status: 'committed',
      rowsRead: 3, rowsImported: 2, rowsRejected: 1, rejected: [{ line: 3, reason: '出生日期无法识别' }],
      startedAt: new Date(), finishedAt: new Date(), regionCode, createdBy: officerId, ...over,
    });
    await wr.record({ action: 'test.seed', entityType: 'data_import', entityId: id });
  });
  return id;
}

describe('bearer header', () => {
  it('reads the token of a Bearer header only', () => {
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer mpw_x')).toBe('mpw_x');
    expect(bearerToken('bearer   mpw_y ')).toBe('mpw_y');
    expect(bearerToken('Bearer')).toBe('');
  });
});

describe('API tokens', () => {
  it('creates a machine account and a token shown once, reuses the account by name, and lists without the token', async () => {
    const t = await issueToken(officer, { name: '民政局救助系统', datasets: ['benefit_recipients', 'payments'] });
    expect(t.token).toMatch(API_TOKEN_PATTERN);
    expect(t.token.startsWith(t.prefix)).toBe(true);
    expect(t).toMatchObject({ name: '民政局救助系统', status: 'active', datasets: ['benefit_recipients', 'payments'], regionCode: w.district, revokedAt: null });
    const [user] = await queryRows<{ is_machine: boolean; roles: string[]; region_code: string; display_name: string }>(db(), sql`select is_machine, roles, region_code, display_name from users where id = ${t.userId}`);
    expect(user).toEqual({ is_machine: true, roles: ['department_officer'], region_code: w.district, display_name: '民政局救助系统' });
    // Only the hash is stored.
    const [stored] = await queryRows<{ token_hash: string }>(db(), sql`select token_hash from api_tokens where id = ${t.id}`);
    expect(stored!.token_hash).toBe(hashToken(t.token));
    expect(stored!.token_hash).not.toContain(t.token.slice(4));

    const again = await issueToken(officer, { name: '民政局救助系统', datasets: ['payments'], expiresAt: '2099-12-31' });
    expect(again.userId).toBe(t.userId);
    expect(again.token).not.toBe(t.token);
    expect(again.expiresAt).toBe(new Date('2099-12-31T23:59:59.999+08:00').toISOString());

    const list = await officer.get('/api/v1/datasets/tokens?pageSize=200');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(t.token);
    expect(list.body).not.toContain(again.token);
    expect((list.json().data as TApiToken[]).map((x) => x.id)).toEqual(expect.arrayContaining([t.id, again.id]));
    // Another district sees none of them.
    const other = await awayOfficer.get('/api/v1/datasets/tokens?pageSize=200');
    expect((other.json().data as TApiToken[]).some((x) => x.id === t.id)).toBe(false);
    expect((await awayOfficer.post(`/api/v1/datasets/tokens/${t.id}/revoke`)).statusCode).toBe(404);
  });

  it('refuses a bad request with the field named', async () => {
    const res = await officer.post('/api/v1/datasets/tokens', { name: '', datasets: [] });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const past = await officer.post('/api/v1/datasets/tokens', { name: '过期系统', datasets: ['deaths'], expiresAt: '2001-01-01' });
    expect(past.statusCode).toBe(400);
    expect(past.json().details[0].path).toBe('expiresAt');
    const unknown = await officer.post('/api/v1/datasets/tokens', { name: '某系统', datasets: ['secrets'] });
    expect(unknown.statusCode).toBe(400);
  });

  it('never puts the token or its hash into the audit log', async () => {
    const t = await issueToken(officer, { name: '公安户籍系统', datasets: ['residents'] });
    await push(t.token, 'deaths', 'id_number,name,death_date\n');
    expect((await officer.post(`/api/v1/datasets/tokens/${t.id}/revoke`)).statusCode).toBe(200);
    const rows = await queryRows<{ action: string; text: string }>(db(), sql`select action, coalesce(before::text, '') || coalesce(after::text, '') as text from audit_events where entity_id = ${t.id} or entity_id = ${t.userId}`);
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['dataset.token.create', 'dataset.token.revoke', 'user.account.create', 'dataset.token.use']));
    const all = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from audit_events where coalesce(before::text, '') || coalesce(after::text, '') || coalesce(entity_id, '') like ${`%${t.token.slice(4, 30)}%`} or coalesce(before::text, '') || coalesce(after::text, '') like ${`%${hashToken(t.token)}%`}`);
    expect(all[0]!.n).toBe(0);
  });

  it('answers 401 to a wrong, revoked or expired token, 403 to a dataset it was not issued for, and is refused on any other route', async () => {
    const t = await issueToken(officer, { name: '公安死亡登记', datasets: ['deaths'] });
    // Not issued for payments.
    const wrongSet = await push(t.token, 'payments', 'payment_id,id_number,name,village_code,program,amount,paid_date\n');
    expect(wrongSet.statusCode, wrongSet.body).toBe(403);
    expect(wrongSet.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect(wrongSet.json().message).toContain('payments');

    // Not on any other route, even one the machine account's role may use.
    for (const [method, url] of [['GET', '/api/v1/datasets/imports'], ['GET', '/api/v1/auth/me'], ['GET', '/api/v1/datasets/tokens'], ['GET', '/api/v1/public/disclosures/villages']] as const) {
      const res = await ctx.app.inject({ method, url, headers: { authorization: `Bearer ${t.token}` } });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json().message).toContain('接口令牌只能用于');
    }
    const upload = await ctx.app.inject({ method: 'POST', url: '/api/v1/datasets/imports', headers: { authorization: `Bearer ${t.token}` } });
    expect(upload.statusCode).toBe(401);

    const bad = await push(`mpw_${'A'.repeat(43)}`, 'deaths', 'id_number,name,death_date\n');
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await push('not-a-token', 'deaths', 'x')).statusCode).toBe(401);

    expect((await officer.post(`/api/v1/datasets/tokens/${t.id}/revoke`)).json()).toMatchObject({ status: 'revoked' });
    const revoked = await push(t.token, 'deaths', 'id_number,name,death_date\n');
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().message).toContain('已吊销');

    const e = await issueToken(officer, { name: '公安死亡登记', datasets: ['deaths'] });
    await audited(db(), systemActor(), async (wr) => {
      await wr.tx.execute(sql`update api_tokens set expires_at = now() - interval '1 minute' where id = ${e.id}`);
      await wr.record({ action: 'test.expire', entityType: 'api_token', entityId: e.id });
    });
    expect((await push(e.token, 'deaths', 'id_number,name,death_date\n')).statusCode).toBe(401);
    const listed = (await officer.get('/api/v1/datasets/tokens?status=expired')).json().data as TApiToken[];
    expect(listed.map((x) => x.id)).toContain(e.id);
  });

  it('refuses a body that is neither CSV nor JSON', async () => {
    const t = await issueToken(officer, { name: '公安死亡登记二', datasets: ['deaths'] });
    const res = await push(t.token, 'deaths', '<xml/>', 'application/xml');
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await push(t.token, 'unknown', 'x')).statusCode).toBe(400);
  });

  it('keeps token management to those who hold the permission', async () => {
    expect((await secretary.get('/api/v1/datasets/tokens')).statusCode).toBe(403);
    expect((await township.post('/api/v1/datasets/tokens', { name: 'x', datasets: ['deaths'] })).statusCode).toBe(403);
  });
});

describe('import history', () => {
  it('lists imports in scope with filters and shows detail and the error report; out of scope is 404', async () => {
    const own = await seedImport(w.district);
    const old = await seedImport(w.district, { dataset: 'deaths', fileName: 'deaths.csv', status: 'rejected', startedAt: new Date('2025-03-01T02:00:00Z'), rejected: [] , rowsRejected: 0 });
    const theirs = await seedImport(away.district);

    const list = await officer.get('/api/v1/datasets/imports?pageSize=200');
    expect(list.statusCode).toBe(200);
    const ids = (list.json().data as TDataImport[]).map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([own, old]));
    expect(ids).not.toContain(theirs);
    expect((list.json().data as TDataImport[]).find((r) => r.id === own)).toMatchObject({ dataset: 'residents', via: 'upload', rowsRejected: 1, hasErrorReport: true, createdBy: officerId });

    const byDataset = (await officer.get('/api/v1/datasets/imports?dataset=deaths')).json();
    expect(byDataset.data.map((r: TDataImport) => r.id)).toEqual([old]);
    expect((await officer.get('/api/v1/datasets/imports?status=rejected')).json().data.map((r: TDataImport) => r.id)).toEqual([old]);
    const march = (await officer.get('/api/v1/datasets/imports?from=2025-03-01&to=2025-03-01')).json();
    expect(march).toEqual({ data: [expect.objectContaining({ id: old })], total: 1 });
    expect((await officer.get('/api/v1/datasets/imports?from=2025-03-02&to=2025-03-31')).json().total).toBe(0);
    expect((await officer.get('/api/v1/datasets/imports?status=nope')).statusCode).toBe(400);

    // The other district sees neither; a township sees no district file (its scope is its own subtree).
    expect((await awayOfficer.get('/api/v1/datasets/imports?pageSize=200')).json().data.map((r: TDataImport) => r.id)).toEqual([theirs]);
    expect((await township.get('/api/v1/datasets/imports?pageSize=200')).json().data.map((r: TDataImport) => r.id)).not.toContain(theirs);
    expect((await township.get(`/api/v1/datasets/imports/${theirs}`)).statusCode).toBe(404);
    expect((await township.get(`/api/v1/datasets/imports/${theirs}/errors.csv`)).statusCode).toBe(404);

    const detail = await officer.get(`/api/v1/datasets/imports/${own}`);
    expect(detail.statusCode).toBe(200);
    expect((detail.json() as TDataImportDetail).rejectedRows).toEqual([{ line: 3, reason: '出生日期无法识别' }]);
    const other = await officer.get(`/api/v1/datasets/imports/${theirs}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('NOT_FOUND');
    expect((await officer.get(`/api/v1/datasets/imports/${theirs}/errors.csv`)).statusCode).toBe(404);
    expect((await officer.get('/api/v1/datasets/imports/not-a-uuid')).statusCode).toBe(400);

    // Without a stored report the rows kept on the import make the CSV; always with a BOM for Excel.
    const csv = await officer.get(`/api/v1/datasets/imports/${own}/errors.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain("filename*=UTF-8''residents-");
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.rawPayload.subarray(3).toString('utf8')).toBe('line,reason\r\n3,出生日期无法识别\r\n');
  });

  it('serves the stored error report file, adding the BOM only when it lacks one', async () => {
    const store = blobStoreFor(ctx.platform.deps.config.dataDir);
    const plain = await store.put(Buffer.from('行号,原因,原始内容\r\n2,身份证号不能为空,",张三"\r\n', 'utf8'));
    const withBom = await store.put(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('行号,原因\r\n5,姓名不能为空\r\n', 'utf8')]));
    const a = await seedImport(w.district, { errorReportSha256: plain.sha256 });
    const b = await seedImport(w.district, { errorReportSha256: withBom.sha256 });
    const ra = await officer.get(`/api/v1/datasets/imports/${a}/errors.csv`);
    expect(ra.rawPayload.toString('utf8')).toBe('\uFEFF行号,原因,原始内容\r\n2,身份证号不能为空,",张三"\r\n');
    const rb = await officer.get(`/api/v1/datasets/imports/${b}/errors.csv`);
    expect(rb.rawPayload.toString('utf8')).toBe('\uFEFF行号,原因\r\n5,姓名不能为空\r\n');
  });

  it('needs dataset:import:read', async () => {
    expect((await secretary.get('/api/v1/datasets/imports')).statusCode).toBe(403);
  });
});

describe('uploads (through the importer)', () => {
  const good1 = idNumber('33020219800101123');
  const good2 = idNumber('33020219850202234');

  it('imports an uploaded residents.csv, the dataset read from the file name, and reports the rejected row', async () => {
    const csv = residentsCsv(w.villageA1, [{ id: good1, name: '张三' }, { id: good2, name: '李四', birth: '1985-13-45' }]);
    const { payload, headers } = multipartBody({ strict: 'false' }, { name: 'residents.csv', content: Buffer.from(csv), contentType: 'text/csv' });
    const res = await officer.inject({ method: 'POST', url: '/api/v1/datasets/imports', payload, headers });
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json() as TDatasetImportReport;
    expect(report).toMatchObject({ dataset: 'residents', fileName: 'residents.csv', status: 'committed', rowsRead: 2, imported: 1, rejected: 1 });
    expect(report.rejectedRows.map((r) => r.line)).toEqual([3]);

    const detail = (await officer.get(`/api/v1/datasets/imports/${report.importId}`)).json() as TDataImportDetail;
    expect(detail).toMatchObject({ via: 'upload', regionCode: w.district, createdBy: officerId, rowsImported: 1, rowsRejected: 1 });
    const errors = await officer.get(`/api/v1/datasets/imports/${report.importId}/errors.csv`);
    expect(errors.statusCode).toBe(200);
    expect(errors.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(errors.rawPayload.toString('utf8')).toContain('3');
    // Another district's officer cannot read it.
    expect((await awayOfficer.get(`/api/v1/datasets/imports/${report.importId}`)).statusCode).toBe(404);
  });

  it('imports decisions.csv through the decisions module, raising LATE_RECORD for a late record', async () => {
    const no = `${w.villageA1}-2024-0099`;
    const csv = [
      'decision_id,village_code,title,amount,stage,body,held_on,eligible,attendees,votes_for,votes_against,recorded_at',
      `${no},${w.villageA1},修建村文化礼堂,120000,proposal,,2024-03-01,,,,,2024-03-20T09:00:00+08:00`,
      `${no},${w.villageA1},修建村文化礼堂,120000,consultation,,2024-03-05,,,,,2024-03-06T09:00:00+08:00`,
      `${no},${w.villageA1},修建村文化礼堂,120000,unknown,,2024-03-06,,,,,`,
    ].join('\n');
    const { payload, headers } = multipartBody({}, { name: 'decisions.csv', content: Buffer.from(csv), contentType: 'text/csv' });
    const res = await officer.inject({ method: 'POST', url: '/api/v1/datasets/imports', payload, headers });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ dataset: 'decisions', status: 'committed', rowsRead: 3, imported: 2, rejected: 1 });
    expect(res.json().rejectedRows.map((r: { line: number }) => r.line)).toEqual([4]);
    const alerts = await queryRows<{ rule: string; evidence: string }>(db(), sql`select rule, evidence from alerts where subject_type = 'decision' and subject_id = ${no}`);
    expect(alerts).toEqual([{ rule: 'LATE_RECORD', evidence: `decisions:${no}/proposal` }]);
  });

  it('imports nothing in strict mode when a row is bad', async () => {
    const csv = residentsCsv(w.villageA2, [{ id: idNumber('33020219900303345'), name: '王五' }, { id: '', name: '无号' }]);
    const { payload, headers } = multipartBody({ dataset: 'residents', strict: 'true' }, { name: '户籍导出.csv', content: Buffer.from(csv), contentType: 'text/csv' });
    const res = await officer.inject({ method: 'POST', url: '/api/v1/datasets/imports', payload, headers });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ dataset: 'residents', status: 'rejected', imported: 0 });
  });

  it('refuses other file types, an unknown dataset name and oversize files', async () => {
    const txt = multipartBody({}, { name: 'residents.txt', content: Buffer.from('x') });
    expect((await officer.inject({ method: 'POST', url: '/api/v1/datasets/imports', ...txt })).statusCode).toBe(415);
    const unnamed = multipartBody({}, { name: '导出.csv', content: Buffer.from('a,b\n1,2\n') });
    const r1 = await officer.inject({ method: 'POST', url: '/api/v1/datasets/imports', ...unnamed });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().details[0].path).toBe('dataset');
    const badField = multipartBody({ dataset: 'secrets' }, { name: 'residents.csv', content: Buffer.from('a\n') });
    expect((await officer.inject({ method: 'POST', url: '/api/v1/datasets/imports', ...badField })).statusCode).toBe(400);
    expect((await officer.post('/api/v1/datasets/imports', { file: 'x' })).statusCode).toBe(415);
    expect((await secretary.inject({ method: 'POST', url: '/api/v1/datasets/imports', ...txt })).statusCode).toBe(403);

    const small = await makeUser(ctx, away.district, ['department_officer']);
    const smallClient = await login(ctx.app, small.username);
    const admin = await makeUser(ctx, away.district, ['district_admin']);
    await updateSetting(db(), { kind: 'user', userId: admin.id, username: admin.username, roles: ['district_admin'], regionCode: away.district, requestId: null }, 'datasets.maxImportBytes', { value: 1024 });
    const big = residentsCsv(away.villageA1, Array.from({ length: 60 }, (_, i) => ({ id: idNumber(`3302021980010${String(1000 + i)}`), name: `居民${i}` })));
    expect(big.length).toBeGreaterThan(1024);
    const up = multipartBody({}, { name: 'residents.csv', content: Buffer.from(big) });
    const res = await smallClient.inject({ method: 'POST', url: '/api/v1/datasets/imports', ...up });
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('push (through the importer)', () => {
  it('takes CSV and JSON (English or Chinese keys) from a token and records the import as via api with the token', async () => {
    const t = await issueToken(officer, { name: '公安户籍推送', datasets: ['residents', 'deaths'] });
    const a = idNumber('33020219700505456');
    const csv = await push(t.token, 'residents', residentsCsv(w.villageA1, [{ id: a, name: '赵六' }]));
    expect(csv.statusCode, csv.body).toBe(201);
    expect(csv.json()).toMatchObject({ dataset: 'residents', status: 'committed', imported: 1, rejected: 0 });
    const b = idNumber('33020219710606567');
    const json = await push(t.token, 'residents', JSON.stringify([
      { 身份证号: b, 姓名: '钱七', 性别: '女', 出生日期: '1971-06-06', 户号: 'H9', 与户主关系: '户主', 村代码: w.villageA1 },
      { id_number: a, name: '赵六', gender: '男', birth_date: '1980-01-01', household_id: `H${a.slice(-4)}`, relation_to_head: '户主', village_code: w.villageA1 },
    ]), 'application/json');
    expect(json.statusCode, json.body).toBe(201);
    expect(json.json()).toMatchObject({ status: 'committed', rowsRead: 2, imported: 1, unchanged: 1 });

    const detail = (await officer.get(`/api/v1/datasets/imports/${json.json().importId}`)).json() as TDataImportDetail;
    expect(detail).toMatchObject({ via: 'api', tokenId: t.id, tokenName: '公安户籍推送', createdBy: t.userId });
    const [tok] = (await officer.get('/api/v1/datasets/tokens?pageSize=200')).json().data.filter((x: TApiToken) => x.id === t.id);
    expect(tok.lastUsedAt).not.toBeNull();
  });
});
