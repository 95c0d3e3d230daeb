import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { multipartBody } from '../attachments/attachments.test-support.js';
import { contentGuard, unsafeEntryName, XLSX_LIMITS, type ZipLimits } from './datasets.content-guard.js';
import { readRecords, UnreadableFileError, type RawRecord } from './datasets.reader.js';
import { sheetXml, workbookEntries, zipArchive } from './datasets.test-support.js';

/** 8 MB of one repeated row: a few KB deflated, a ratio near 1000. */
const bombSheet = () => Buffer.concat([Buffer.from('<worksheet><sheetData>'), Buffer.alloc(8 * 1024 * 1024, '<row/>'), Buffer.from('</sheetData></worksheet>')]);
const goodSheet = () => sheetXml([['id_number', 'name'], ['1', '张三'], ['2', '李四']]);

async function readXlsx(bytes: Buffer): Promise<RawRecord[]> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 1000) chunks.push(bytes.subarray(i, i + 1000));
  const out: RawRecord[] = [];
  for await (const r of readRecords(Readable.from(chunks), 'xlsx', { encoding: null })) out.push(r);
  return out;
}

/** Runs bytes through the guard of a format; resolves with the bytes that came out. */
async function guarded(bytes: Buffer, format: 'csv' | 'json' | 'xlsx', limits?: ZipLimits): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(bytes.length ? [bytes] : []), contentGuard(format, limits), new Writable({ write: (c: Buffer, _e, done) => (out.push(c), done()) }));
  return Buffer.concat(out);
}

describe('the workbook guard', () => {
  it('lets a well-formed workbook through unchanged, sizes before or after the data', async () => {
    for (const descriptor of [false, true]) {
      const file = zipArchive(workbookEntries(goodSheet(), [], { descriptor }));
      expect((await guarded(file, 'xlsx')).equals(file)).toBe(true);
      expect((await readXlsx(file)).map((r) => r.cells)).toEqual([['id_number', 'name'], ['1', '张三'], ['2', '李四']]);
    }
  });

  it('refuses a zip bomb of a few KB, sizes given before or after the data, before the workbook reader inflates it', async () => {
    for (const descriptor of [false, true]) {
      const bomb = zipArchive(workbookEntries(bombSheet(), [], { descriptor }));
      expect(bomb.length).toBeLessThan(32 * 1024);
      await expect(guarded(bomb, 'xlsx')).rejects.toThrow(/压缩比超过100倍（疑似压缩炸弹）/);
      const err = await readXlsx(bomb).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnreadableFileError);
      expect((err as Error).message).toMatch(/xl\/worksheets\/sheet1\.xml.*压缩炸弹/);
    }
  });

  it('caps the total inflated size and the number of entries', async () => {
    const file = zipArchive(workbookEntries(goodSheet()));
    await expect(guarded(file, 'xlsx', { ...XLSX_LIMITS, maxTotalBytes: 600 })).rejects.toThrow(/解压后超过/);
    await expect(guarded(file, 'xlsx', { ...XLSX_LIMITS, maxEntries: 3 })).rejects.toThrow(/条目超过3个/);
  });

  it('refuses entry names that climb out of the archive or are absolute', async () => {
    for (const name of ['../../etc/cron.d/job', 'xl/../../evil.xml', '/etc/passwd', 'C:/Windows/win.ini', 'xl\\..\\evil.xml', 'xl/a\u0000.xml']) {
      expect(unsafeEntryName(name), name).not.toBeNull();
      await expect(guarded(zipArchive(workbookEntries(goodSheet(), [{ name, data: Buffer.from('x') }])), 'xlsx'), name).rejects.toThrow(/压缩包内条目/);
    }
    expect(unsafeEntryName('xl/worksheets/sheet1.xml')).toBeNull();
    const err = await readXlsx(zipArchive(workbookEntries(goodSheet(), [{ name: '../../evil.xml', data: Buffer.from('x') }]))).catch((e: unknown) => e);
    expect((err as Error).message).toContain('路径穿越');
  });

  it('refuses an archive nested inside, by name or by content', async () => {
    const inner = zipArchive([{ name: 'a.txt', data: Buffer.from('hello') }]);
    await expect(guarded(zipArchive(workbookEntries(goodSheet(), [{ name: 'xl/embeddings/data.zip', data: inner }])), 'xlsx')).rejects.toThrow(/嵌套了压缩包/);
    await expect(guarded(zipArchive(workbookEntries(goodSheet(), [{ name: 'xl/media/image1.bin', data: inner }])), 'xlsx')).rejects.toThrow(/嵌套了压缩包（xl\/media\/image1\.bin）/);
  });

  it('decides by the bytes: an empty file, a workbook named .csv, a PDF named .json, text named .xlsx', async () => {
    await expect(guarded(Buffer.alloc(0), 'csv')).rejects.toThrow('文件为空');
    await expect(guarded(Buffer.alloc(0), 'xlsx')).rejects.toThrow('文件为空');
    await expect(guarded(zipArchive(workbookEntries(goodSheet())), 'csv')).rejects.toThrow(/XLSX（Excel）工作簿或ZIP压缩包，不是CSV文本/);
    await expect(guarded(Buffer.from('%PDF-1.4\n%%EOF\n'), 'json')).rejects.toThrow(/PDF文件，不是JSON文本/);
    await expect(guarded(Buffer.from('id_number,name\n1,张三\n'), 'xlsx')).rejects.toThrow(/不是XLSX/);
    const csv = Buffer.from('id_number,name\n1,张三\n');
    expect((await guarded(csv, 'csv')).equals(csv)).toBe(true);
  });
});

describe('hostile uploads through the routes', () => {
  let ctx: TestContext;
  let w: World;
  let officer: Client;

  beforeAll(async () => {
    ctx = await createTestContext();
    w = await makeWorld(ctx);
    officer = await login(ctx.app, (await makeUser(ctx, w.district, ['department_officer'])).username);
  }, 120_000);
  afterAll(() => ctx.close());

  const blobRoot = () => path.join(ctx.platform.deps.config.dataDir, 'blobs');
  const blobFiles = () => {
    try {
      return readdirSync(blobRoot(), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    } catch {
      return 0;
    }
  };
  const importRows = async () => Number((await queryRows<{ n: number }>(ctx.platform.deps.db, sql`select count(*)::int as n from data_imports`))[0]!.n);
  const upload = (name: string, content: Buffer) => officer.inject({ method: 'POST', url: '/api/v1/datasets/imports', ...multipartBody({}, { name, content }) });

  it('refuses each hostile file with a Chinese message naming the reason, storing neither blob nor import record', async () => {
    const before = { blobs: blobFiles(), rows: await importRows() };
    const cases: [string, Buffer, number, RegExp][] = [
      ['residents.xlsx', zipArchive(workbookEntries(bombSheet(), [], { descriptor: true })), 400, /压缩炸弹/],
      ['residents.xlsx', zipArchive(workbookEntries(goodSheet(), [{ name: '../../../tmp/evil.sh', data: Buffer.from('#!/bin/sh') }])), 400, /路径穿越/],
      ['residents.xlsx', zipArchive(workbookEntries(goodSheet(), [{ name: 'xl/embeddings/x.zip', data: zipArchive([{ name: 'a', data: Buffer.from('a') }]) }])), 400, /嵌套了压缩包/],
      ['residents.csv', Buffer.alloc(0), 400, /文件为空/],
      ['residents.csv', zipArchive(workbookEntries(goodSheet())), 415, /不是CSV文本/],
      ['residents.xlsx', Buffer.from('<html><script>alert(1)</script></html>'), 415, /不是XLSX/],
    ];
    for (const [name, content, status, message] of cases) {
      const res = await upload(name, content);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().message).toMatch(message);
    }
    expect(blobFiles()).toBe(before.blobs);
    expect(await importRows()).toBe(before.rows);
  });

  it('answers 413 from the declared length, without reading the body, and closes the connection', async () => {
    const rows = await importRows();
    const { headers } = multipartBody({}, { name: 'residents.csv', content: Buffer.alloc(0) });
    // A body that never ends: reading it would never finish.
    const body = new Readable({ read() {} });
    body.push('--x\r\n');
    const res = await officer.inject({ method: 'POST', url: '/api/v1/datasets/imports', payload: body, headers: { ...headers, 'content-length': String(1024 * 1024 * 1024) } });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(res.json().message).toContain('文件超过本区上限');
    expect(res.headers.connection).toBe('close');
    body.destroy();
    expect(await importRows()).toBe(rows);
  });

  it('keeps a file name as display text only: no folders, no control or direction characters', async () => {
    const csv = `id_number,name,gender,birth_date,household_id,relation_to_head,village_code\n330202198001011236,张三,男,1980-01-01,H1,户主,${w.villageA1}\n`;
    const res = await upload('..\\..\\etc/resid\u0007ents\u202e.csv', Buffer.from(csv));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().fileName).toBe('residents.csv');
  });
});
