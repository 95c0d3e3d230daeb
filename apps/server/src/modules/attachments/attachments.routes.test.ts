import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { attachments as attachmentsTable, queryRows } from '@mpw/db';
import { systemActor, type Actor } from '../../lib/actor.js';
import { audited } from '../audit/audit.log.js';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { storeAttachment } from './index.js';
import { GPS_LATITUDE, TEST_TARGET, multipartBody, registerTestAttachmentTarget, tinyJpeg, tinyPng, type MultipartFile } from './attachments.test-support.js';

let ctx: TestContext;
let w: World;
let secretaryA1: Client;
let secretaryA1Actor: Actor;
let townshipA: Client;
let admin: Client;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

beforeAll(async () => {
  registerTestAttachmentTarget();
  registerTestAttachmentTarget('test_secret', 'alert:alert:read');
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  const sec = await makeUser(ctx, w.villageA1, ['village_secretary']);
  secretaryA1 = await login(ctx.app, sec.username);
  secretaryA1Actor = { kind: 'user', userId: sec.id, username: sec.username, roles: ['village_secretary'], regionCode: w.villageA1, requestId: null };
  townshipA = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_staff'])).username);
  admin = await login(ctx.app, (await makeUser(ctx, w.district, ['district_admin'])).username);
});
afterAll(() => ctx.close());

const blobRoot = () => path.join(ctx.platform.deps.config.dataDir, 'blobs');
function blobFiles(): string[] {
  try {
    return readdirSync(blobRoot(), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(blobRoot(), path.join(e.parentPath, e.name)));
  } catch {
    return [];
  }
}

function upload(client: Client, fields: Record<string, string>, file?: MultipartFile, opts: { fileFirst?: boolean } = {}) {
  const { payload, headers } = multipartBody(fields, file, opts);
  return client.inject({ method: 'POST', url: '/api/v1/attachments', payload, headers });
}

const uploadTo = (client: Client, entityId: string, file: MultipartFile, purpose?: string) =>
  upload(client, { entityType: TEST_TARGET, entityId, ...(purpose ? { purpose } : {}) }, file);

async function rowCount() {
  const [r] = await queryRows<{ n: number }>(ctx.platform.deps.db, sql`select count(*)::int as n from attachments`);
  return Number(r!.n);
}

describe('uploading', () => {
  it('stores a file for a record in scope and answers its metadata', async () => {
    const res = await uploadTo(secretaryA1, w.villageA1, { name: '报销凭证.pdf', content: PDF, contentType: 'application/pdf' }, 'voucher');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      fileName: '报销凭证.pdf',
      mimeType: 'application/pdf',
      sizeBytes: PDF.length,
      entityType: TEST_TARGET,
      entityId: w.villageA1,
      purpose: 'voucher',
      regionCode: w.villageA1,
      createdBy: secretaryA1Actor.userId,
    });
    const meta = await secretaryA1.get(`/api/v1/attachments/${res.json().id}`);
    expect(meta.statusCode).toBe(200);
    expect(meta.json()).toEqual(res.json());
  });

  it('stores identical content once: two uploads, two records, one blob file', async () => {
    const before = blobFiles().length;
    const content = tinyPng({ seed: 42 });
    const a = await uploadTo(secretaryA1, w.villageA1, { name: 'a.png', content });
    const b = await uploadTo(townshipA, w.villageA2, { name: '另一个名字.png', content });
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().id).not.toBe(b.json().id);
    expect(a.json().sha256).toBe(b.json().sha256);
    expect(blobFiles().length).toBe(before + 1);
    expect(blobFiles()).toContain(path.join(a.json().sha256.slice(0, 2), a.json().sha256.slice(2, 4), a.json().sha256));
  });

  it('decides the type from the bytes: a PNG named .pdf and sent as application/pdf is stored as image/png', async () => {
    const res = await uploadTo(secretaryA1, w.villageA1, { name: 'scan.pdf', content: tinyPng({ seed: 7 }), contentType: 'application/pdf' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ mimeType: 'image/png', fileName: 'scan.png' });
  });

  it('refuses a text file (415 problem+json in Chinese), even named .pdf, and writes nothing', async () => {
    const rows = await rowCount();
    const blobs = blobFiles().length;
    const res = await uploadTo(secretaryA1, w.villageA1, { name: 'voucher.pdf', content: Buffer.from('这不是PDF文件\n'.repeat(50)), contentType: 'application/pdf' });
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('不支持的文件类型') });
    expect(res.json().message).toContain('PDF、PNG、JPEG、WebP');
    const html = await uploadTo(secretaryA1, w.villageA1, { name: 'x.png', content: Buffer.from('<svg onload=alert(1)>'), contentType: 'image/png' });
    expect(html.statusCode).toBe(415);
    // Voice recordings are for services that ask for them, not for this route.
    const mp3 = await uploadTo(secretaryA1, w.villageA1, { name: 'a.mp3', content: Buffer.concat([Buffer.from('ID3\x04\0\0\0\0\0\0', 'latin1'), Buffer.alloc(400, 0x55)]) });
    expect(mp3.statusCode).toBe(415);
    expect(await rowCount()).toBe(rows);
    expect(blobFiles().length).toBe(blobs);
  });

  it('refuses an empty file with 400', async () => {
    const res = await uploadTo(secretaryA1, w.villageA1, { name: 'empty.pdf', content: Buffer.alloc(0) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('文件为空'), details: [{ path: 'file', message: '文件为空' }] });
  });

  it('removes EXIF with GPS from a JPEG before storing it, keeping the orientation', async () => {
    const jpeg = tinyJpeg({ withMetadata: true, orientation: 6 });
    const res = await uploadTo(secretaryA1, w.villageA1, { name: 'IMG_0001.JPG', content: jpeg, contentType: 'image/jpeg' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ mimeType: 'image/jpeg', fileName: 'IMG_0001.jpg' });
    expect(res.json().sizeBytes).toBeLessThan(jpeg.length);
    const content = await secretaryA1.get(`/api/v1/attachments/${res.json().id}/content`);
    expect(content.statusCode).toBe(200);
    const stored = content.rawPayload;
    expect(stored.length).toBe(res.json().sizeBytes);
    for (const leak of [GPS_LATITUDE, Buffer.from('GPSLatitude'), Buffer.from('Camera-Model-X'), Buffer.from('secret comment')]) expect(stored.includes(leak)).toBe(false);
    expect(stored.includes(Buffer.from('Exif\0\0MM', 'latin1'))).toBe(true); // the orientation-only block
  });

  it('removes PNG text chunks', async () => {
    const res = await uploadTo(secretaryA1, w.villageA1, { name: 'map.png', content: tinyPng({ withText: true, seed: 9 }) });
    expect(res.statusCode).toBe(201);
    const stored = (await secretaryA1.get(`/api/v1/attachments/${res.json().id}/content`)).rawPayload;
    expect(stored).toEqual(tinyPng({ seed: 9 }));
  });

  it('applies the district size limit (413), and leaves no blob or record behind', async () => {
    const set = await admin.put('/api/v1/settings/attachments.maxSizeBytes', { value: 2048 });
    expect(set.statusCode, set.body).toBe(200);
    try {
      const rows = await rowCount();
      const blobs = blobFiles().length;
      const big = Buffer.concat([PDF, Buffer.alloc(5000, 0x20)]);
      const res = await uploadTo(secretaryA1, w.villageA1, { name: 'big.pdf', content: big });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '文件超过大小上限（2 KB）' });
      expect(await rowCount()).toBe(rows);
      expect(blobFiles().length).toBe(blobs);
      const exact = Buffer.concat([PDF, Buffer.alloc(2048 - PDF.length, 0x20)]);
      expect((await uploadTo(secretaryA1, w.villageA1, { name: 'exact.pdf', content: exact })).statusCode).toBe(201);
      const oneMore = Buffer.concat([exact, Buffer.from(' ')]);
      expect((await uploadTo(secretaryA1, w.villageA1, { name: 'over.pdf', content: oneMore })).statusCode).toBe(413);
    } finally {
      expect((await admin.put('/api/v1/settings/attachments.maxSizeBytes', { value: 20 * 1024 * 1024 })).statusCode).toBe(200);
    }
  });

  it('writes an audit event with the content hash, in the record region', async () => {
    const res = await uploadTo(secretaryA1, w.villageA1, { name: '会议签到表.pdf', content: Buffer.concat([PDF, Buffer.from('audit')]) }, 'sign_in_sheet');
    const id = res.json().id as string;
    const events = await queryRows<{ action: string; region_code: string; actor_id: string; entity_type: string; after: Record<string, unknown> }>(
      ctx.platform.deps.db,
      sql`select action, region_code, actor_id, entity_type, after from audit_events where entity_id = ${id}`,
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'attachment.file.upload',
      entity_type: 'attachment',
      region_code: w.villageA1,
      actor_id: secretaryA1Actor.userId,
      after: { fileName: '会议签到表.pdf', mimeType: 'application/pdf', sha256: res.json().sha256, entityType: TEST_TARGET, entityId: w.villageA1, purpose: 'sign_in_sheet' },
    });
  });

  it('answers 404 for a record outside the uploader scope, 400 for an unknown record type or misplaced fields', async () => {
    const file = { name: 'x.pdf', content: PDF };
    const outside = await uploadTo(secretaryA1, w.villageA2, file);
    expect(outside.statusCode).toBe(404);
    expect(outside.json().code).toBe('NOT_FOUND');
    expect((await uploadTo(secretaryA1, '999999999999', file)).statusCode).toBe(404);
    const unknown = await upload(secretaryA1, { entityType: 'no_such_type', entityId: '1' }, file);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details).toEqual([expect.objectContaining({ path: 'entityType' })]);
    const late = await upload(secretaryA1, { entityType: TEST_TARGET, entityId: w.villageA1 }, file, { fileFirst: true });
    expect(late.statusCode).toBe(400);
    expect(late.json().message).toContain('表单字段须放在 file 之前');
    const noFile = await upload(secretaryA1, { entityType: TEST_TARGET, entityId: w.villageA1 });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().details).toEqual([expect.objectContaining({ path: 'file' })]);
    const json = await secretaryA1.post('/api/v1/attachments', { entityType: TEST_TARGET });
    expect(json.statusCode).toBe(415);
    const badPurpose = await uploadTo(secretaryA1, w.villageA1, file, 'Bad Purpose!');
    expect(badPurpose.statusCode).toBe(400);
  });

  it('uploads to a matter in scope (a default record type), 404 for one outside or a malformed id', async () => {
    const matterIn = (region: string) =>
      audited(ctx.platform.deps.db, systemActor(), async (tx) => {
        const [row] = await queryRows<{ id: string }>(
          tx.tx,
          sql`insert into matters (id, matter_no, item_id, item_version, title, status, current_step, region_code)
              values (gen_random_uuid(), ${`${region}-T-${Math.random().toString(36).slice(2, 8)}`}, gen_random_uuid(), 1, '测试事项', 'running', 0, ${region}) returning id`,
        );
        return row!.id;
      });
    const mine = await matterIn(w.villageA1);
    const theirs = await matterIn(w.villageA2);
    const file = { name: '验收单.pdf', content: PDF };
    const ok = await upload(secretaryA1, { entityType: 'matter', entityId: mine, purpose: 'voucher' }, file);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ entityType: 'matter', entityId: mine, regionCode: w.villageA1 });
    expect((await upload(secretaryA1, { entityType: 'matter', entityId: theirs }, file)).statusCode).toBe(404);
    expect((await upload(townshipA, { entityType: 'matter', entityId: theirs }, file)).json().regionCode).toBe(w.villageA2);
    expect((await upload(secretaryA1, { entityType: 'matter', entityId: 'not-a-uuid' }, file)).statusCode).toBe(404);
    expect((await upload(secretaryA1, { entityType: 'decision_stage', entityId: mine }, file)).statusCode).toBe(404);
  });

  it('answers 400 to a malformed body: no boundary, or cut off in the middle of the file', async () => {
    const { payload, headers } = multipartBody({ entityType: TEST_TARGET, entityId: w.villageA1 }, { name: 'a.pdf', content: Buffer.concat([PDF, Buffer.alloc(3000, 0x20)]) });
    const cut = await secretaryA1.inject({ method: 'POST', url: '/api/v1/attachments', payload: payload.subarray(0, payload.length - 1000), headers });
    expect(cut.statusCode, cut.body).toBe(400);
    expect(cut.json().message).toContain('上传数据格式有误或不完整');
    const noBoundary = await secretaryA1.inject({ method: 'POST', url: '/api/v1/attachments', payload, headers: { 'content-type': 'multipart/form-data' } });
    expect(noBoundary.statusCode, noBoundary.body).toBe(400);
    const wrongName = multipartBody({ entityType: TEST_TARGET, entityId: w.villageA1 }, { name: 'a.pdf', content: PDF, field: 'upload' });
    const wrong = await secretaryA1.inject({ method: 'POST', url: '/api/v1/attachments', ...wrongName });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toContain('文件字段应名为 file');
  });

  it('is refused to accounts without attachment:file:upload (403)', async () => {
    const officer = await login(ctx.app, (await makeUser(ctx, w.district, ['department_officer'])).username);
    const res = await uploadTo(officer, w.villageA1, { name: 'x.pdf', content: PDF });
    expect(res.statusCode).toBe(403);
  });
});

describe('reading', () => {
  let inA1: string;
  let inA2: string;
  beforeAll(async () => {
    inA1 = (await uploadTo(secretaryA1, w.villageA1, { name: '甲一.pdf', content: Buffer.concat([PDF, Buffer.from('A1')]) })).json().id;
    inA2 = (await uploadTo(townshipA, w.villageA2, { name: '甲二.pdf', content: Buffer.concat([PDF, Buffer.from('A2')]) })).json().id;
  });

  it('downloads with the sniffed type, as an attachment, not sniffable, privately cached, revalidated by hash', async () => {
    const res = await secretaryA1.get(`/api/v1/attachments/${inA1}/content`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="__.pdf"; filename*=UTF-8''%E7%94%B2%E4%B8%80.pdf`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toContain('private');
    expect(res.headers['content-security-policy']).toContain('sandbox');
    expect(res.rawPayload).toEqual(Buffer.concat([PDF, Buffer.from('A1')]));
    const etag = res.headers.etag as string;
    const again = await secretaryA1.inject({ method: 'GET', url: `/api/v1/attachments/${inA1}/content`, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('answers 404 outside the reader scope, for metadata and content alike', async () => {
    for (const url of [`/api/v1/attachments/${inA2}`, `/api/v1/attachments/${inA2}/content`, '/api/v1/attachments/00000000-0000-4000-8000-000000000000']) {
      const res = await secretaryA1.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    expect((await townshipA.get(`/api/v1/attachments/${inA1}`)).statusCode).toBe(200);
    expect((await townshipA.get(`/api/v1/attachments/${inA2}/content`)).statusCode).toBe(200);
    expect((await secretaryA1.get('/api/v1/attachments/not-a-uuid')).statusCode).toBe(400);
  });

  it('lists the files of a record, only those in scope', async () => {
    const mine = await secretaryA1.get(`/api/v1/attachments?entityType=${TEST_TARGET}&pageSize=200`);
    expect(mine.statusCode).toBe(200);
    const ids = (mine.json().data as { id: string; regionCode: string }[]).map((a) => a.id);
    expect(ids).toContain(inA1);
    expect(ids).not.toContain(inA2);
    expect((mine.json().data as { regionCode: string }[]).every((a) => a.regionCode === w.villageA1)).toBe(true);
    const one = await townshipA.get(`/api/v1/attachments?entityType=${TEST_TARGET}&entityId=${w.villageA2}&pageSize=200`);
    expect((one.json().data as { id: string }[]).map((a) => a.id)).toContain(inA2);
    expect((one.json().data as { entityId: string }[]).every((a) => a.entityId === w.villageA2)).toBe(true);
    expect(one.json().total).toBe(one.json().data.length);
    const paged = await townshipA.get(`/api/v1/attachments?entityType=${TEST_TARGET}&pageSize=1&current=2`);
    expect(paged.json().data).toHaveLength(1);
    expect((await secretaryA1.get('/api/v1/attachments')).statusCode).toBe(400);
  });

  it('hides the files of a record type that asks for a read permission from those without it', async () => {
    const secret = await upload(secretaryA1, { entityType: 'test_secret', entityId: w.villageA1 }, { name: 's.pdf', content: Buffer.concat([PDF, Buffer.from('secret')]) });
    expect(secret.statusCode).toBe(201);
    const id = secret.json().id as string;
    expect((await secretaryA1.get(`/api/v1/attachments/${id}`)).statusCode).toBe(404);
    expect((await secretaryA1.get(`/api/v1/attachments/${id}/content`)).statusCode).toBe(404);
    expect((await secretaryA1.get('/api/v1/attachments?entityType=test_secret')).json()).toEqual({ data: [], total: 0 });
    const supervisor = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_supervisor'])).username);
    expect((await supervisor.get(`/api/v1/attachments/${id}`)).statusCode).toBe(200);
    expect((await supervisor.get('/api/v1/attachments?entityType=test_secret')).json().total).toBe(1);
  });

  it('needs a session (401)', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/attachments/${inA1}/content` })).statusCode).toBe(401);
  });
});

describe('storeAttachment, called by other modules', () => {
  const db = () => ctx.platform.deps.db;
  const input = (over: Partial<Parameters<typeof storeAttachment>[2]> = {}) => ({
    regionCode: w.villageA1,
    entityType: 'matter',
    entityId: '11111111-1111-4111-8111-111111111111',
    purpose: 'voucher',
    fileName: '凭证.pdf',
    data: Buffer.concat([PDF, Buffer.from(String(Math.random()))]),
    ...over,
  });

  it('writes inside the caller transaction, and rolls back with it', async () => {
    const saved = await audited(db(), secretaryA1Actor, async (tx) => {
      const a = await storeAttachment(tx, secretaryA1Actor, input({ data: Readable.from([PDF, Buffer.from('streamed')]) }));
      await tx.record({ action: 'matter.matter.act', entityType: 'matter', entityId: a.entityId, regionCode: w.villageA1 });
      return a;
    });
    expect(saved).toMatchObject({ entityType: 'matter', mimeType: 'application/pdf', sizeBytes: PDF.length + 8 });
    const rows = await db().select().from(attachmentsTable).where(sql`${attachmentsTable.id} = ${saved.id}`);
    expect(rows).toHaveLength(1);

    const entityId = '22222222-2222-4222-8222-222222222222';
    await expect(
      audited(db(), secretaryA1Actor, async (tx) => {
        await storeAttachment(tx, secretaryA1Actor, input({ entityId }));
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    expect(await db().select().from(attachmentsTable).where(sql`${attachmentsTable.entityId} = ${entityId}`)).toEqual([]);
    const events = await queryRows(db(), sql`select 1 from audit_events where after->>'entityId' = ${entityId}`);
    expect(events).toEqual([]);
  });

  it('refuses a region outside the actor scope (404), and accepts voice recordings when asked', async () => {
    await expect(storeAttachment(db(), secretaryA1Actor, input({ regionCode: w.villageA2 }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const mp3 = Buffer.concat([Buffer.from('ID3\x04\0\0\0\0\0\0', 'latin1'), Buffer.alloc(400, 0x55)]);
    await expect(storeAttachment(db(), systemActor(), input({ data: mp3, fileName: 'report.mp3' }))).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const audio = await storeAttachment(db(), systemActor(), input({ data: mp3, fileName: '录音', allowAudio: true, entityType: 'report' }));
    expect(audio).toMatchObject({ mimeType: 'audio/mpeg', fileName: '录音.mp3', createdBy: null });
  });

  it('cannot be bypassed: the attachments table refuses writes outside audited()', async () => {
    await expect(
      db().insert(attachmentsTable).values({ id: '33333333-3333-4333-8333-333333333333', sha256: 'x', sizeBytes: 1, mimeType: 'application/pdf', fileName: 'x.pdf', entityType: 'matter', entityId: 'x', regionCode: w.villageA1 }),
    ).rejects.toThrow();
  });
});
