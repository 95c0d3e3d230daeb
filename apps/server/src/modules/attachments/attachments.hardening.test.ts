import { readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { zipArchive } from '../datasets/datasets.test-support.js';
import { hasZipEnd, SanitizingStream } from './attachments.ingest.js';
import { TEST_TARGET, multipartBody, registerTestAttachmentTarget, tinyJpeg, tinyPng, type MultipartFile } from './attachments.test-support.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const ZIP = () => zipArchive([{ name: 'payload/run.html', data: Buffer.from('<p>hidden</p>') }]);

/** Every hostile file: name, bytes, the status and the words of the refusal. */
const HOSTILE: { what: string; file: MultipartFile; status: number; message: RegExp }[] = [
  { what: 'JPEG+ZIP polyglot', file: { name: '现场照片.jpg', content: Buffer.concat([tinyJpeg(), ZIP()]), contentType: 'image/jpeg' }, status: 415, message: /同时含有ZIP压缩包（多格式混合文件）/ },
  { what: 'PDF+ZIP polyglot', file: { name: '凭证.pdf', content: Buffer.concat([PDF, ZIP()]), contentType: 'application/pdf' }, status: 415, message: /同时含有ZIP压缩包/ },
  { what: 'PNG signature in front of a page', file: { name: 'a.png', content: Buffer.concat([tinyPng(), Buffer.from('<html><body><script>alert(document.cookie)</script>')]), contentType: 'image/png' }, status: 415, message: /同时含有网页代码/ },
  { what: 'HTML named .png', file: { name: '照片.png', content: Buffer.from('<!doctype html><html><script>alert(1)</script></html>'), contentType: 'image/png' }, status: 415, message: /不支持的文件类型/ },
  { what: 'SVG with a script', file: { name: 'logo.png', content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), contentType: 'image/svg+xml' }, status: 415, message: /不支持的文件类型/ },
  { what: 'a zip named .pdf', file: { name: '凭证.pdf', content: ZIP(), contentType: 'application/pdf' }, status: 415, message: /不支持的文件类型/ },
  { what: 'a 0-byte file', file: { name: '空.pdf', content: Buffer.alloc(0), contentType: 'application/pdf' }, status: 400, message: /文件为空/ },
];

describe('polyglot detection', () => {
  it('finds a zip end record a zip tool would open, and nothing in ordinary files', () => {
    expect(hasZipEnd(ZIP())).toBe(true);
    expect(hasZipEnd(Buffer.concat([tinyJpeg(), ZIP()]))).toBe(true);
    expect(hasZipEnd(tinyJpeg({ withMetadata: true }))).toBe(false);
    expect(hasZipEnd(PDF)).toBe(false);
    // An end record whose comment would run past the end of the file is no zip.
    const cut = ZIP();
    cut.writeUInt16LE(100, cut.length - 2);
    expect(hasZipEnd(cut)).toBe(false);
  });

  it('spots markup cut across chunk boundaries', async () => {
    const file = Buffer.concat([tinyPng(), Buffer.from('...<ScRiPt>')]);
    const chunks: Buffer[] = [];
    for (let i = 0; i < file.length; i += 3) chunks.push(file.subarray(i, i + 3));
    const s = Readable.from(chunks).pipe(new SanitizingStream({ allowAudio: false }));
    await expect((async () => {
      for await (const _ of s) void _;
    })()).rejects.toThrow(/content is also/);
  });
});

describe('hostile attachment uploads', () => {
  let ctx: TestContext;
  let w: World;
  let secretary: Client;

  beforeAll(async () => {
    registerTestAttachmentTarget();
    ctx = await createTestContext();
    w = await makeWorld(ctx);
    secretary = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_secretary'])).username);
  }, 120_000);
  afterAll(() => ctx.close());

  const blobRoot = () => path.join(ctx.platform.deps.config.dataDir, 'blobs');
  const blobFiles = () => {
    try {
      return readdirSync(blobRoot(), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
    } catch {
      return [];
    }
  };
  const rowCount = async () => Number((await queryRows<{ n: number }>(ctx.platform.deps.db, sql`select count(*)::int as n from attachments`))[0]!.n);
  const upload = (file: MultipartFile) => {
    const { payload, headers } = multipartBody({ entityType: TEST_TARGET, entityId: w.villageA1, purpose: 'voucher' }, file);
    return secretary.inject({ method: 'POST', url: '/api/v1/attachments', payload, headers });
  };

  it('refuses each hostile file with a Chinese problem+json, storing neither blob nor row', async () => {
    const before = { blobs: blobFiles().length, rows: await rowCount() };
    for (const h of HOSTILE) {
      const res = await upload(h.file);
      expect(res.statusCode, `${h.what}: ${res.body}`).toBe(h.status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().message, h.what).toMatch(h.message);
    }
    expect(blobFiles().length).toBe(before.blobs);
    expect(await rowCount()).toBe(before.rows);
  });

  it('answers 413 from the declared length, without reading the body, and closes the connection', async () => {
    const rows = await rowCount();
    const { headers } = multipartBody({}, undefined);
    const body = new Readable({ read() {} });
    body.push('--x\r\n');
    const res = await secretary.inject({ method: 'POST', url: '/api/v1/attachments', payload: body, headers: { ...headers, 'content-length': String(500 * 1024 * 1024) } });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '文件超过大小上限（20 MB）' });
    expect(res.headers.connection).toBe('close');
    body.destroy();
    expect(await rowCount()).toBe(rows);
  });

  it('on a real connection, stops an endless body (no declared length) at the limit: 413, then the connection closes', async () => {
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const rows = await rowCount();
    const { payload, headers } = multipartBody({ entityType: TEST_TARGET, entityId: w.villageA1 }, { name: 'big.pdf', content: PDF });
    const head = payload.subarray(0, payload.indexOf(PDF) + PDF.length);
    const result = await new Promise<{ status: number; body: string; connection?: string; sent: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const req = http.request(`${address}/api/v1/attachments`, { method: 'POST', headers: { ...headers, cookie: secretary.cookie, 'x-csrf-token': secretary.csrf } }, (res) => {
        answered = true;
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body, connection: res.headers.connection, sent }));
      });
      req.on('error', (err) => (answered ? undefined : reject(err)));
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      const pump = () => {
        while (!answered && sent < 200 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
      };
      req.write(head);
      pump();
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '文件超过大小上限（20 MB）' });
    expect(result.connection).toBe('close');
    // The answer came soon after the limit, not after the 200 MB the client was willing to send.
    expect(result.sent).toBeLessThan(100 * 1024 * 1024);
    expect(await rowCount()).toBe(rows);
  });

  it('keeps a hostile file name as display text only and serves the file inert', async () => {
    const res = await upload({ name: '../../../etc/cron.d/\u0007evil\u202egnp.pdf', content: tinyPng({ seed: 7 }), contentType: 'text/html' });
    expect(res.statusCode, res.body).toBe(201);
    const saved = res.json();
    expect(saved).toMatchObject({ fileName: '_evil_gnp.png', mimeType: 'image/png' });
    // The blob is named by its hash, never by the client's name.
    expect(blobFiles()).toContain(saved.sha256);
    expect(blobFiles().some((n) => n.includes('evil'))).toBe(false);
    const long = await upload({ name: `${'长'.repeat(300)}.pdf`, content: PDF });
    expect(Array.from(long.json().fileName as string).length).toBe(124);
    const got = await secretary.get(`/api/v1/attachments/${saved.id}/content`);
    expect(got.headers).toMatchObject({
      'content-type': 'image/png',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    });
    expect(got.headers['content-disposition']).toMatch(/^attachment; /);
  });
});
