import { randomInt } from 'node:crypto';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import type { TDataset } from '@mpw/contracts';
import { createTestContext, makeUser, makeWorld, type TestContext, type World } from '../../../test/helpers.js';
import type { Actor } from '../../lib/actor.js';
import { blobStoreFor } from '../../lib/blob-store.js';
import { idNumberCheckChar } from '../books/books.policy.js';
import { onDatasetImported, type DatasetImported } from './datasets.events.js';
import { datasetFromFileName, importDataset, type ImportOptions } from './datasets.import.js';

let ctx: TestContext;
let w: World;
let admin: Actor;
let township: Actor;
const events: DatasetImported[] = [];

const db = () => ctx.platform.deps.db;
/** A fresh area code per call keeps identity numbers unique across the tests of this file. */
function idMaker() {
  const area = String(110000 + randomInt(0, 880000)).padStart(6, '0');
  return (n: number, valid = true) => {
    const first17 = `${area}19800101${String(n).padStart(3, '0')}`;
    const check = idNumberCheckChar(first17);
    return `${first17}${valid ? check : check === '0' ? '1' : '0'}`;
  };
}
const csv = (...lines: string[]) => lines.join('\n');

async function run(actor: Actor, dataset: TDataset, input: string | Buffer, opts: Partial<ImportOptions> = {}) {
  return importDataset(ctx.platform.deps, actor, dataset, Buffer.isBuffer(input) ? input : Buffer.from(input), { fileName: `${dataset}.csv`, via: 'cli', ...opts });
}

async function rows<T extends Record<string, unknown>>(query: ReturnType<typeof sql>) {
  return queryRows<T>(db(), query);
}

async function blobText(sha: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of blobStoreFor(ctx.platform.deps.config.dataDir).get(sha)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  const a = await makeUser(ctx, w.district, ['department_officer']);
  admin = { kind: 'user', userId: a.id, username: a.username, roles: ['department_officer'], regionCode: w.district, requestId: null };
  const t = await makeUser(ctx, w.townshipA, ['township_staff']);
  township = { kind: 'user', userId: t.id, username: t.username, roles: ['township_staff'], regionCode: w.townshipA, requestId: null };
  onDatasetImported(async (_deps, e) => {
    events.push(e);
  });
}, 120_000);
afterAll(() => ctx.close());

describe('datasetFromFileName', () => {
  it('takes the spec names with csv, xlsx or json, in any case and under any folder', () => {
    expect(datasetFromFileName('residents.csv')).toBe('residents');
    expect(datasetFromFileName('RESIDENTS.XLSX')).toBe('residents');
    expect(datasetFromFileName('/data/2026/benefit_recipients.json')).toBe('benefit_recipients');
    expect(datasetFromFileName('C:\\exports\\payments.Csv')).toBe('payments');
    expect(datasetFromFileName('residents.txt')).toBeNull();
    expect(datasetFromFileName('户籍人口.csv')).toBeNull();
    expect(datasetFromFileName('residents-2026.csv')).toBeNull();
    expect(datasetFromFileName('alerts.csv')).toBeNull();
  });
});

describe('every department dataset', () => {
  it('imports a small file with provenance, and a re-import changes nothing', async () => {
    const id = idMaker();
    const files: [TDataset, string, string][] = [
      ['residents', 'residents', csv('id_number,name,gender,birth_date,household_id,relation_to_head,village_code', `${id(1)},张一,男,1980-01-01,H1,户主,${w.villageA1}`, `${id(2)},李二,女,1982-02-02,H1,配偶,${w.villageA1}`)],
      ['cadres', 'cadres', csv('id_number,name,region_code,position,start_date,end_date', `${id(1)},张一,${w.villageA1},党组织书记,2021-01-01,`, `${id(3)},王三,${w.townshipA},乡镇干部,2020-05-01,2023-04-30`)],
      ['kinship', 'kinship', csv('id_number_a,id_number_b,relation', `${id(1)},${id(4)},兄弟姐妹`)],
      ['deaths', 'deaths', csv('id_number,name,death_date', `${id(5)},赵五,2024-03-01`)],
      ['vehicles', 'vehicles', csv('plate,id_number,vehicle_type,registered_date', `浙A${id(2).slice(-5)},${id(2)},小型汽车,2022-06-01`)],
      ['businesses', 'businesses', csv('credit_code,company_name,id_number,role,registered_capital', `91330200MA2${id(1).slice(-7)},甲公司,${id(1)},法定代表人,"1,000,000.50"`)],
      ['public_employees', 'public_employees', csv('id_number,name,employer,start_date,end_date', `${id(6)},孙六,区教育局,2010-09-01,`)],
      ['benefit_recipients', 'benefit_recipients', csv('id_number,name,village_code,program,household_size,start_date,end_date,monthly_amount', `${id(2)},李二,${w.villageA1},低保,2,2024-01-01,,850.5`)],
      ['payments', 'subsidy_payments', csv('payment_id,id_number,name,village_code,program,amount,paid_date,bank_account', `P-${id(2)}-1,${id(2)},李二,${w.villageA1},低保金,850.50,2024-02-10,6217****1234`)],
    ];
    for (const [dataset, table, content] of files) {
      const first = await run(admin, dataset, content);
      const n = content.split('\n').length - 1;
      expect(first, dataset).toMatchObject({ status: 'committed', rowsRead: n, imported: n, updated: 0, unchanged: 0, rejected: 0, flagged: 0 });
      const stored = await rows<{ import_id: string; source_line: number; region_code: string; created_by: string }>(sql`select import_id, source_line, region_code, created_by from ${sql.raw(table)} where import_id = ${first.importId} order by source_line`);
      expect(stored.map((r) => r.source_line), dataset).toEqual(Array.from({ length: n }, (_, i) => i + 2));
      expect(stored.every((r) => r.created_by === admin.userId && r.region_code.startsWith(w.district.slice(0, 6))), dataset).toBe(true);
      const again = await run(admin, dataset, content);
      expect(again, dataset).toMatchObject({ status: 'committed', rowsRead: n, imported: 0, updated: 0, unchanged: n, rejected: 0 });
      const total = await rows<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)} where import_id = ${first.importId}`);
      expect(total[0]!.n, `${dataset}: rows keep the provenance of the import that wrote them`).toBe(n);
    }
    const money = await rows<{ registered_capital_fen: number }>(sql`select registered_capital_fen from businesses where id_number = ${id(1)}`);
    expect(Number(money[0]!.registered_capital_fen)).toBe(100000050);
    const pay = await rows<{ amount_fen: number; region_code: string }>(sql`select amount_fen, region_code from subsidy_payments where payment_no = ${`P-${id(2)}-1`}`);
    expect(pay[0]).toMatchObject({ region_code: w.villageA1 });
    expect(Number(pay[0]!.amount_fen)).toBe(85050);
    const death = await rows<{ region_code: string }>(sql`select region_code from deaths where id_number = ${id(5)}`);
    expect(death[0]!.region_code, 'person-level data without a village belongs to the district').toBe(w.district);
  });

  it('records the file, keeps the original in the blob store and writes one audit event per file', async () => {
    const id = idMaker();
    const content = csv('id_number,name,death_date', `${id(1)},甲,2024-01-01`, `${id(2)},乙,2024-01-02`);
    const r = await run(admin, 'deaths', content);
    const rec = await rows<{ status: string; blob_sha256: string; rows_imported: number; encoding: string; format: string; via: string; size_bytes: number }>(
      sql`select status, blob_sha256, rows_imported, encoding, format, via, size_bytes from data_imports where id = ${r.importId}`,
    );
    expect(rec[0]).toMatchObject({ status: 'committed', rows_imported: 2, encoding: 'utf-8', format: 'csv', via: 'cli' });
    expect(Number(rec[0]!.size_bytes)).toBe(Buffer.byteLength(content));
    expect(await blobText(rec[0]!.blob_sha256)).toBe(content);
    const audit = await rows<{ action: string; after: { imported: number } }>(sql`select action, after from audit_events where entity_id = ${r.importId}`);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.action).toBe('dataset.import.commit');
    expect(audit[0]!.after.imported).toBe(2);
  });

  it('tells listeners which villages and people changed', async () => {
    const id = idMaker();
    events.length = 0;
    const content = csv('id_number,name,village_code', `${id(1)},甲,${w.villageA1}`, `${id(2)},乙,${w.villageA2}`);
    const r = await run(admin, 'residents', content, { inline: true });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ importId: r.importId, dataset: 'residents', districtCode: w.district, villages: [w.villageA1, w.villageA2].sort(), idNumbers: [id(1), id(2)].sort(), inline: true });
    events.length = 0;
    await run(admin, 'residents', content);
    expect(events, 'nothing changed, nothing to re-check').toHaveLength(0);
  });
});

describe('matching and updating', () => {
  it('updates by key; a column missing from a later file leaves stored values alone', async () => {
    const id = idMaker();
    await run(admin, 'residents', csv('id_number,name,gender,household_id,village_code', `${id(1)},张一,男,H1,${w.villageA1}`, `${id(2)},李二,女,H1,${w.villageA1}`));
    const r = await run(admin, 'residents', csv('id_number,name,village_code', `${id(1)},张一,${w.villageA1}`, `${id(2)},李贰,${w.villageA2}`, `${id(3)},王三,${w.villageA2}`));
    expect(r).toMatchObject({ status: 'committed', imported: 1, updated: 1, unchanged: 1 });
    const stored = await rows<{ name: string; gender: string; household_id: string; region_code: string; import_id: string }>(
      sql`select name, gender, household_id, region_code, import_id from residents where id_number = ${id(2)}`,
    );
    expect(stored[0]).toMatchObject({ name: '李贰', gender: '女', household_id: 'H1', region_code: w.villageA2, import_id: r.importId });
  });

  it('reads Chinese headers in any order, the identity column variants, and keeps unknown columns', async () => {
    const id = idMaker();
    const content = csv(' 村代码 ,备注,ＸＹ,公民身份号码,姓名,出生日期', `${w.villageA1},低保户,x1,${id(1).toLowerCase()},张一,1980/1/2`, `${w.villageA1},,,${id(2)},李二,19820202`);
    const r = await run(admin, 'residents', content);
    expect(r).toMatchObject({ status: 'committed', imported: 2, rejected: 0 });
    const stored = await rows<{ id_number: string; extra: Record<string, string> | null; birth_date: string }>(
      sql`select id_number, extra, birth_date::text as birth_date from residents where import_id = ${r.importId} order by source_line`,
    );
    expect(stored[0]).toMatchObject({ id_number: id(1), extra: { 备注: '低保户', ＸＹ: 'x1' }, birth_date: '1980-01-02' });
    expect(stored[1]).toMatchObject({ id_number: id(2), extra: null, birth_date: '1982-02-02' });
  });

  it('accepts the three date forms and refuses dates that are not on the calendar', async () => {
    const id = idMaker();
    const r = await run(admin, 'deaths', csv('身份证号,死亡日期', `${id(1)},2024-03-05`, `${id(2)},2024/3/5`, `${id(3)},20240305`, `${id(4)},2023-02-29`, `${id(5)},2024.03.05`, `${id(6)},05/03/2024`));
    expect(r).toMatchObject({ status: 'committed', imported: 3, rejected: 3 });
    expect(r.rejectedRows.map((x) => x.line)).toEqual([5, 6, 7]);
    expect(r.rejectedRows[0]!.reason).toContain('死亡日期“2023-02-29”不是有效日期');
    const dates = await rows<{ d: string }>(sql`select death_date::text as d from deaths where import_id = ${r.importId}`);
    expect(dates.map((x) => x.d)).toEqual(['2024-03-05', '2024-03-05', '2024-03-05']);
  });

  it('stores a kinship pair in order, the relation turned round with it', async () => {
    const id = idMaker();
    const r = await run(admin, 'kinship', csv('身份证号A,身份证号B,关系', `${id(9)},${id(1)},父母`, `${id(2)},${id(3)},配偶`));
    expect(r).toMatchObject({ imported: 2 });
    const stored = await rows<{ id_number_a: string; id_number_b: string; relation: string }>(sql`select id_number_a, id_number_b, relation from kinship where import_id = ${r.importId} order by source_line`);
    expect(stored[0]).toEqual({ id_number_a: id(1), id_number_b: id(9), relation: '子女' });
    const swapped = await run(admin, 'kinship', csv('身份证号A,身份证号B,关系', `${id(1)},${id(9)},子女`));
    expect(swapped).toMatchObject({ imported: 0, unchanged: 1 });
    const dup = await run(admin, 'kinship', csv('id_number_a,id_number_b,relation', `${id(4)},${id(5)},配偶`, `${id(5)},${id(4)},配偶`, `${id(6)},${id(6)},配偶`));
    expect(dup.rejectedRows).toEqual([
      { line: 3, reason: '与第2行重复（身份证号A、身份证号B相同）' },
      { line: 4, reason: '身份证号A与身份证号B相同' },
    ]);
  });
});

describe('encodings and formats', () => {
  it('reads a GB18030 file and a UTF-8 file with BOM', async () => {
    const id = idMaker();
    const text = csv('身份证号,姓名,性别,村代码', `${id(1)},张一,男,${w.villageA1}`, `${id(2)},欧阳娜娜,女,${w.villageA1}`);
    const gb = await run(admin, 'residents', iconv.encode(text, 'gb18030'));
    expect(gb).toMatchObject({ status: 'committed', imported: 2, rejected: 0 });
    const names = await rows<{ name: string }>(sql`select name from residents where import_id = ${gb.importId} order by source_line`);
    expect(names.map((n) => n.name)).toEqual(['张一', '欧阳娜娜']);
    const enc = await rows<{ encoding: string }>(sql`select encoding from data_imports where id = ${gb.importId}`);
    expect(enc[0]!.encoding).toBe('gb18030');

    const bom = await run(admin, 'residents', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv('身份证号,姓名,村代码', `${id(3)},王三,${w.villageA1}`))]));
    expect(bom).toMatchObject({ status: 'committed', imported: 1 });
  });

  it('decides GB18030 on the first 64 KB even when a character is cut at a chunk end', async () => {
    const id = idMaker();
    const lines = ['身份证号,姓名,村代码'];
    for (let i = 1; i <= 900; i++) lines.push(`${id(i)},欧阳测试名字很长的人${i},${w.villageA1}`);
    const bytes = iconv.encode(csv(...lines), 'gb18030');
    // Odd-sized chunks split two-byte characters.
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 4097) chunks.push(bytes.subarray(i, i + 4097));
    const r = await importDataset(ctx.platform.deps, admin, 'residents', Readable.from(chunks), { fileName: 'residents.csv', via: 'cli' });
    expect(r).toMatchObject({ status: 'committed', imported: 900, rejected: 0 });
    const last = await rows<{ name: string }>(sql`select name from residents where id_number = ${id(900)}`);
    expect(last[0]!.name).toBe('欧阳测试名字很长的人900');
  });

  it('reads the first sheet of an XLSX workbook', async () => {
    const id = idMaker();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('发放');
    ws.addRow(['发放流水号', '身份证号码', '姓名', '村代码', '补贴项目', '金额', '发放日期', '备注']);
    ws.addRow([`X-${id(1)}`, id(1), '张一', w.villageA1, '高龄津贴', 120.5, new Date(Date.UTC(2024, 4, 6)), '首发']);
    ws.addRow([]);
    ws.addRow([`X-${id(2)}`, id(2), '李二', w.villageA2, '耕地地力保护补贴', '88', '2024/05/07', null]);
    wb.addWorksheet('说明').addRow(['这张表不导入']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await run(admin, 'payments', buf, { fileName: 'payments.xlsx' });
    expect(r).toMatchObject({ status: 'committed', rowsRead: 2, imported: 2, rejected: 0 });
    const stored = await rows<{ payment_no: string; amount_fen: number; paid_date: string; source_line: number; extra: unknown }>(
      sql`select payment_no, amount_fen, paid_date::text as paid_date, source_line, extra from subsidy_payments where import_id = ${r.importId} order by source_line`,
    );
    expect(stored.map((s) => [s.payment_no, Number(s.amount_fen), s.paid_date, s.source_line])).toEqual([
      [`X-${id(1)}`, 12050, '2024-05-06', 2],
      [`X-${id(2)}`, 8800, '2024-05-07', 4],
    ]);
    expect(stored[0]!.extra).toEqual({ 备注: '首发' });
  });

  it('reads JSON: an array of objects keyed like the header', async () => {
    const id = idMaker();
    const body = JSON.stringify([
      { id_number: id(1), name: '张一', death_date: '2024-01-01', note: { a: 1 } },
      { 身份证号: id(2), 姓名: '李二', 死亡日期: '20240102' },
      { id_number: id(3), death_date: 'bad' },
    ]);
    const r = await run(admin, 'deaths', body, { fileName: 'deaths.json' });
    expect(r).toMatchObject({ status: 'committed', rowsRead: 3, imported: 2, rejected: 1 });
    expect(r.rejectedRows[0]).toMatchObject({ line: 3 });
    const bad = await run(admin, 'deaths', '{"id_number": 1}', { fileName: 'deaths.json' });
    expect(bad).toMatchObject({ status: 'rejected', imported: 0 });
    expect(bad.message).toContain('JSON');
  });
});

describe('bad files and bad rows', () => {
  it('refuses a 0-byte file, binary garbage, a file without a required column, and keeps a record of each', async () => {
    const empty = await run(admin, 'residents', Buffer.alloc(0));
    expect(empty).toMatchObject({ status: 'rejected', rowsRead: 0, imported: 0 });
    expect(empty.message).toContain('文件为空');

    const binary = await run(admin, 'residents', Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x80, 0x00, 0x13, 0x37]));
    expect(binary.status).toBe('rejected');
    expect(binary.message).toMatch(/不是文本|UTF-16/);

    // Bytes that are neither UTF-8 nor a CSV header: read as GB18030, no column matches.
    const garbage = Buffer.from(Array.from({ length: 300 }, (_, i) => 0x81 + (i % 100)));
    const g = await run(admin, 'residents', garbage);
    expect(g.status).toBe('rejected');
    expect(g.message).toContain('文件缺少必需的列');

    const id = idMaker();
    const missing = await run(admin, 'residents', csv('id_number,name', `${id(1)},张一`));
    expect(missing).toMatchObject({ status: 'rejected', imported: 0 });
    expect(missing.message).toBe('文件缺少必需的列：村代码（village_code），整个文件未导入');
    const none = await rows<{ n: number }>(sql`select count(*)::int as n from residents where id_number = ${id(1)}`);
    expect(none[0]!.n).toBe(0);

    const records = await rows<{ id: string; status: string; message: string; blob_sha256: string | null }>(
      sql`select id, status, message, blob_sha256 from data_imports where id in (${empty.importId}, ${binary.importId}, ${missing.importId})`,
    );
    expect(records).toHaveLength(3);
    expect(records.every((x) => x.status === 'rejected' && x.message)).toBe(true);
    const missingRecord = records.find((x) => x.id === missing.importId)!;
    expect(await blobText(missingRecord.blob_sha256!)).toBe(csv('id_number,name', `${id(1)},张一`));
    const audit = await rows<{ action: string }>(sql`select action from audit_events where entity_id = ${missing.importId}`);
    expect(audit.map((a) => a.action)).toEqual(['dataset.import.reject']);
  });

  it('ends with a failed record, imports nothing and does not hang when the input stream breaks part-way', async () => {
    const id = idMaker();
    const lines = ['id_number,name,gender,birth_date,household_id,relation_to_head,village_code', ...Array.from({ length: 50 }, (_, i) => `${id(i + 1)},人${i},男,1980-01-01,H${i},户主,${w.villageA1}`)];
    const source = new Readable({ read() {} });
    source.push(Buffer.from(lines.join('\n') + '\n'));
    setTimeout(() => source.destroy(new Error('client went away')), 50);
    const report = await importDataset(ctx.platform.deps, admin, 'residents', source, { fileName: 'residents.csv', via: 'upload' });
    expect(report.status).toBe('failed');
    expect(report.imported).toBe(0);
    const n = await rows<{ n: number }>(sql`select count(*)::int as n from residents where id_number = ${id(1)}`);
    expect(n[0]!.n).toBe(0);
    const rec = await rows<{ status: string }>(sql`select status from data_imports where id = ${report.importId}`);
    expect(rec[0]!.status).toBe('failed');
  });

  it('refuses a file with broken quoting or a UTF-8 file that breaks further on', async () => {
    const id = idMaker();
    const quoted = await run(admin, 'deaths', csv('id_number,death_date', `${id(1)},2024-01-01`, `"${id(2)},2024-01-01`));
    expect(quoted.status).toBe('rejected');
    expect(quoted.message).toContain('不是有效的CSV');
    const head = Buffer.from(`id_number,name,death_date\n${`${id(3)},甲,2024-01-01\n`.repeat(3000)}`);
    const tail = iconv.encode(`${id(4)},欧阳,2024-01-01\n`, 'gb18030');
    const mixed = await run(admin, 'deaths', Buffer.concat([head, tail]));
    expect(mixed.status).toBe('rejected');
    expect(mixed.message).toContain('不是有效的UTF-8');
    const none = await rows<{ n: number }>(sql`select count(*)::int as n from deaths where id_number in (${id(1)}, ${id(3)})`);
    expect(none[0]!.n).toBe(0);
  });

  it('rejects bad rows with their line and a reason naming the column, imports the rest, and writes an error report', async () => {
    const id = idMaker();
    const content = csv(
      'id_number,name,village_code,program,household_size,start_date,end_date,monthly_amount',
      `${id(1)},张一,${w.villageA1},低保,2,2024-01-01,,850.50`,
      `${id(2)},,${w.villageA1},低保,1,2024-01-01,,100`,
      `${id(3)},王三,${w.villageA1},低保,1,2024-13-01,,100`,
      `${id(4)},赵四,${w.villageA1},低保,1,2024-01-01,,12.345`,
      `${id(5)},钱五,${w.villageA1},救济粮,1,2024-01-01,,100`,
      `${id(1)},张一,${w.villageA1},低保,2,2024-01-01,,900`,
      `${id(6)},孙六,${w.townshipA},低保,1,2024-01-01,,100`,
      `${id(7)},周七,999999999999,低保,1,2024-01-01,,100`,
      `,无证,${w.villageA1},低保,1,2024-01-01,,100`,
      `${id(8)},吴八,${w.villageA1},低保,1,2024-05-01,2024-04-01,100`,
      `${id(9, false)},郑九,${w.villageA1},高龄津贴,1,2024-01-01,,100`,
    );
    const r = await run(admin, 'benefit_recipients', content);
    expect(r).toMatchObject({ status: 'committed', rowsRead: 11, imported: 2, rejected: 9, flagged: 1 });
    expect(r.rejectedRows).toEqual([
      { line: 3, reason: '姓名（name）不能为空' },
      { line: 4, reason: '开始日期“2024-13-01”不是有效日期（应为YYYY-MM-DD、YYYY/MM/DD或YYYYMMDD）' },
      { line: 5, reason: '月标准“12.345”应为不小于0的元金额，最多两位小数' },
      { line: 6, reason: '项目“救济粮”无法识别（应为 低保、特困供养、临时救助、残疾人两项补贴、高龄津贴、其他）' },
      { line: 7, reason: '与第2行重复（身份证号、项目、村代码、开始日期相同）' },
      { line: 8, reason: `村代码 ${w.townshipA} 不是村` },
      { line: 9, reason: '村代码 999999999999 不在本账号管辖范围内' },
      { line: 10, reason: '身份证号（id_number）不能为空' },
      { line: 11, reason: '结束日期2024-04-01早于开始日期2024-05-01' },
    ]);
    const flagged = await rows<{ id_valid: boolean }>(sql`select id_valid from benefit_recipients where id_number = ${id(9, false)}`);
    expect(flagged[0]!.id_valid).toBe(false);
    const rec = await rows<{ error_report_sha256: string; rows_rejected: number; rejected: unknown[] }>(sql`select error_report_sha256, rows_rejected, rejected from data_imports where id = ${r.importId}`);
    expect(rec[0]!.rows_rejected).toBe(9);
    expect(rec[0]!.rejected).toHaveLength(9);
    const report = await blobText(rec[0]!.error_report_sha256);
    expect(report.split('\r\n')[0]).toBe('行号(line),原因(reason),id_number,name,village_code,program,household_size,start_date,end_date,monthly_amount');
    expect(report).toContain(`4,开始日期“2024-13-01”不是有效日期（应为YYYY-MM-DD、YYYY/MM/DD或YYYYMMDD）,${id(3)},王三`);
  });

  it('strict mode imports nothing when any row is bad', async () => {
    const id = idMaker();
    const content = csv('id_number,name,death_date', `${id(1)},甲,2024-01-01`, `${id(2)},乙,not-a-date`);
    const r = await run(admin, 'deaths', content, { strict: true });
    expect(r).toMatchObject({ status: 'rejected', imported: 0, updated: 0, rejected: 1 });
    expect(r.message).toContain('严格模式');
    const none = await rows<{ n: number }>(sql`select count(*)::int as n from deaths where id_number = ${id(1)}`);
    expect(none[0]!.n).toBe(0);
    const rec = await rows<{ status: string; strict: boolean; error_report_sha256: string | null }>(sql`select status, strict, error_report_sha256 from data_imports where id = ${r.importId}`);
    expect(rec[0]).toMatchObject({ status: 'rejected', strict: true });
    expect(rec[0]!.error_report_sha256).toMatch(/^[0-9a-f]{64}$/);
    const ok = await run(admin, 'deaths', csv('id_number,name,death_date', `${id(1)},甲,2024-01-01`), { strict: true });
    expect(ok).toMatchObject({ status: 'committed', imported: 1 });
  });

  it('keeps an identity number that fails its check, flagged', async () => {
    const id = idMaker();
    const r = await run(admin, 'vehicles', csv('号牌号码,所有人身份证号码,车辆类型', `浙B12345${id(1).slice(-2)},${id(1, false)},摩托车`, `浙B54321${id(2).slice(-2)},12345,小型汽车`));
    expect(r).toMatchObject({ status: 'committed', imported: 2, flagged: 2, rejected: 0 });
    const stored = await rows<{ id_valid: boolean }>(sql`select id_valid from vehicles where import_id = ${r.importId}`);
    expect(stored.map((s) => s.id_valid)).toEqual([false, false]);
  });

  it('rejects villages outside the importer’s region and rows another region imported', async () => {
    const id = idMaker();
    const r = await run(township, 'residents', csv('id_number,name,village_code', `${id(1)},甲,${w.villageA1}`, `${id(2)},乙,${w.villageB1}`));
    expect(r).toMatchObject({ status: 'committed', imported: 1, rejected: 1 });
    expect(r.rejectedRows[0]).toEqual({ line: 3, reason: `村代码 ${w.villageB1} 不在本账号管辖范围内` });
    await run(admin, 'residents', csv('id_number,name,village_code', `${id(3)},丙,${w.villageB1}`));
    const foreign = await run(township, 'residents', csv('id_number,name,village_code', `${id(3)},丙,${w.villageA1}`));
    expect(foreign).toMatchObject({ imported: 0, updated: 0, rejected: 1 });
    expect(foreign.rejectedRows[0]!.reason).toContain('其他辖区');
    // Data without a village belongs to the district, which a township account shares.
    await run(admin, 'deaths', csv('id_number,death_date', `${id(4)},2024-01-01`));
    const same = await run(township, 'deaths', csv('id_number,death_date', `${id(4)},2024-02-01`));
    expect(same).toMatchObject({ updated: 1, rejected: 0 });
  });
});

describe('module datasets', () => {
  it('passes regions and contracts to their modules and records them the same way', async () => {
    const code = `${w.district.slice(0, 6)}103000`;
    const r = await run(admin, 'regions', csv('区划代码,名称,级别,上级代码', `${code},丙镇,乡镇,${w.district}`, `${code.slice(0, 9)}201,丙一村,村,${code}`, '123,坏,村,'));
    expect(r).toMatchObject({ status: 'committed', dataset: 'regions', rowsRead: 3, imported: 2, rejected: 1 });
    const rec = await rows<{ status: string; rows_imported: number; error_report_sha256: string | null; blob_sha256: string | null }>(
      sql`select status, rows_imported, error_report_sha256, blob_sha256 from data_imports where id = ${r.importId}`,
    );
    expect(rec[0]).toMatchObject({ status: 'committed', rows_imported: 2 });
    expect(rec[0]!.error_report_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rec[0]!.blob_sha256).toMatch(/^[0-9a-f]{64}$/);

    const missing = await run(admin, 'contracts', csv('contract_id,village_code', `HT-1,${w.villageA1}`));
    expect(missing.status).toBe('rejected');
    expect(missing.message).toContain('缺少');
  });
});
