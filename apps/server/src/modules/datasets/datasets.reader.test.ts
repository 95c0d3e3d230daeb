import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseDatasetDate, parseYuanToFen } from './datasets.definitions.js';
import { checkIdNumber } from './datasets.identity.js';
import { cellText, readRecords, sniffEncoding, UnreadableFileError, type DatasetFormat, type RawRecord, type ReadState } from './datasets.reader.js';

/** Feeds the bytes in chunks of `size`, so that characters and line breaks are cut at chunk ends. */
async function read(bytes: Buffer, format: DatasetFormat = 'csv', size = 3): Promise<{ records: RawRecord[]; state: ReadState }> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  const state: ReadState = { encoding: null };
  const records: RawRecord[] = [];
  for await (const r of readRecords(Readable.from(chunks), format, state)) records.push(r);
  return { records, state };
}

describe('sniffEncoding', () => {
  it('takes UTF-8 with a character cut at the end of the head, and GB18030 otherwise', () => {
    const utf8 = Buffer.from('身份证号,姓名');
    expect(sniffEncoding(utf8.subarray(0, utf8.length - 1), false)).toBe('utf-8');
    expect(sniffEncoding(utf8.subarray(0, utf8.length - 1), true)).toBe('gb18030');
    expect(sniffEncoding(iconv.encode('身份证号,姓名', 'gb18030'), true)).toBe('gb18030');
    expect(sniffEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]), true)).toBe('utf-8');
  });
});

describe('CSV reader', () => {
  it('gives the line where each record starts, across quoted line breaks, CRLF and blank lines cut at chunk ends', async () => {
    const text = 'a,b\r\n1,"x\r\ny"\r\n\r\n2,z\r\n,\r\n3,"say ""hi"""\r\n';
    const { records, state } = await read(Buffer.from(text));
    expect(state.encoding).toBe('utf-8');
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'x\ny'] },
      { line: 5, cells: ['2', 'z'] },
      { line: 7, cells: ['3', 'say "hi"'] },
    ]);
  });

  it('decodes GB18030 fed byte by byte and drops a UTF-8 BOM', async () => {
    const gb = await read(iconv.encode('姓名\n欧阳娜娜\n', 'gb18030'), 'csv', 1);
    expect(gb.state.encoding).toBe('gb18030');
    expect(gb.records.map((r) => r.cells[0])).toEqual(['姓名', '欧阳娜娜']);
    const bom = await read(Buffer.from('\ufeff姓名\n张三\n'), 'csv', 2);
    expect(bom.records.map((r) => r.cells[0])).toEqual(['姓名', '张三']);
  });

  it('refuses an XLSX workbook named .csv and broken quoting', async () => {
    await expect(read(Buffer.from('PK\x03\x04rest'))).rejects.toThrow(/XLSX/);
    await expect(read(Buffer.from('a,b\n"1,2\n'))).rejects.toBeInstanceOf(UnreadableFileError);
  });
});

describe('JSON reader', () => {
  it('splits an array of objects as it streams, braces inside strings included', async () => {
    const body = JSON.stringify([{ id_number: '1', name: '张{三}' }, { id_number: '2', note: 'a "quoted" ]', n: 5, x: null }]);
    const { records } = await read(Buffer.from(` ${body} `), 'json', 5);
    expect(records).toEqual([
      { line: 1, header: ['id_number', 'name'], cells: ['1', '张{三}'] },
      { line: 2, header: ['id_number', 'note', 'n', 'x'], cells: ['2', 'a "quoted" ]', '5', ''] },
    ]);
  });

  it('refuses what is not an array of objects', async () => {
    await expect(read(Buffer.from('{"a":1}'), 'json')).rejects.toThrow(/不是数组/);
    await expect(read(Buffer.from('[1,2]'), 'json')).rejects.toThrow(/不是对象/);
    await expect(read(Buffer.from('[{"a":1}'), 'json')).rejects.toThrow(/不完整/);
  });
});

describe('cell values', () => {
  it('turns XLSX values into the text a CSV would hold', () => {
    expect(cellText(new Date(Date.UTC(2024, 0, 2)))).toBe('2024-01-02');
    expect(cellText({ richText: [{ text: '张' }, { text: '三' }] })).toBe('张三');
    expect(cellText({ formula: 'A1*2', result: 12.5 })).toBe('12.5');
    expect(cellText(null)).toBe('');
  });

  it('parses dates, yuan and identity numbers as the spec says', () => {
    expect(['2024-02-29', '2024/2/29', '20240229', '２０２４-02-29'].map(parseDatasetDate)).toEqual(['2024-02-29', '2024-02-29', '2024-02-29', '2024-02-29']);
    expect(['2023-02-29', '2024-2-3x', '240229', '2024.02.29'].map(parseDatasetDate)).toEqual([null, null, null, null]);
    expect(['1', '1.5', '1,234.56', '0.05'].map(parseYuanToFen)).toEqual([100, 150, 123456, 5]);
    expect(['1.234', '-1', 'abc', ''].map(parseYuanToFen)).toEqual([null, null, null, null]);
    expect(checkIdNumber(' 11010519491231002x ')).toEqual({ value: '11010519491231002X', valid: true });
    expect(checkIdNumber('110105194912310021').valid).toBe(false);
  });
});

describe('fast paths agree with the plain checks', () => {
  it('splits CSV exactly as csv-parse did: records, start lines and refusals', async () => {
    const { parse } = await import('csv-parse/sync');
    const alphabet = ['a', 'b', '张', ',', ',', '"', '"', '\n', '\n', ' ', '\r\n'];
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    for (let round = 0; round < 400; round++) {
      let text = '';
      for (let i = 0, n = rand(60); i < n; i++) text += alphabet[rand(alphabet.length)];
      let want: { line: number; cells: string[] }[] | 'error';
      try {
        const rows = parse(text.replace(/\r\n?/g, '\n'), { relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true, info: true, bom: true }) as unknown as { record: string[]; info: { lines: number } }[];
        want = rows.map((r) => ({ line: r.info.lines - r.record.reduce((k, c) => k + (c.match(/\n/g)?.length ?? 0), 0), cells: r.record }));
      } catch {
        want = 'error';
      }
      const got = await read(Buffer.from(text), 'csv', 1 + rand(7)).then(
        (r) => r.records,
        (err: unknown) => {
          expect(err).toBeInstanceOf(UnreadableFileError);
          return 'error' as const;
        },
      );
      expect(got, JSON.stringify(text)).toEqual(want);
    }
  });

  it('checks identity numbers as assets.policy does', async () => {
    const { isValidIdNumber } = await import('../assets/assets.policy.js');
    const { isValidIdNumberFast } = await import('./datasets.identity.js');
    const samples = ['11010519491231002X', '110105194912310021', '110105200002290014', '110105190002290011', '11010519490230002X', '1101051949123100', 'A1010519491231002X'];
    let seed = 11;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    for (let i = 0; i < 20000; i++) {
      const y = String(1800 + rand(400)).padStart(4, '0');
      const m = String(rand(14)).padStart(2, '0');
      const d = String(rand(33)).padStart(2, '0');
      samples.push(`${String(rand(999999)).padStart(6, '0')}${y}${m}${d}${String(rand(999)).padStart(3, '0')}${'0123456789X'[rand(11)]}`);
    }
    for (const s of samples) expect(isValidIdNumberFast(s), s).toBe(isValidIdNumber(s));
  });

  it('remembers keys and their first lines like a Map', async () => {
    const { KeyLines } = await import('./datasets.keys.js');
    const keys = new KeyLines();
    const map = new Map<string, number>();
    for (let i = 0; i < 50000; i++) {
      const key = i % 5 === 0 ? `张${i % 3000}\u0001${i % 4}` : `P${(i * 7919) % 20000}`;
      expect(keys.get(key)).toBe(map.get(key));
      if (!map.has(key)) {
        keys.set(key, i + 2);
        map.set(key, i + 2);
      }
    }
    expect(keys.size).toBe(map.size);
  });

  it('gives new rows ascending ids in the layout of a version 7 UUID', async () => {
    const { RowIds } = await import('./datasets.repository.js');
    const ids = new RowIds(Date.UTC(2026, 10, 29));
    const list = Array.from({ length: 300 }, () => ids.take());
    for (const id of list) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...list].sort()).toEqual(list);
    expect(new Set(list).size).toBe(list.length);
    expect(list[0]!.replace(/-/g, '').slice(0, 12)).toBe(Date.UTC(2026, 10, 29).toString(16).padStart(12, '0'));
  });
});
