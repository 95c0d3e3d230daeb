import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeText, normalizeHeader, parseCsv, type ColumnSpec } from './csv.js';
import { AppError } from './errors.js';

const COLUMNS: ColumnSpec[] = [
  { key: 'code', zh: '区划代码' },
  { key: 'name', zh: '名称' },
  { key: 'parent_code', zh: '上级代码', required: false },
  { key: 'id_number', zh: '身份证号', aliases: ['身份证号码', '公民身份号码'], required: false },
];

describe('normalizeHeader', () => {
  it('ignores surrounding and inner spaces (ASCII, tabs and ideographic), case, and full-width forms', () => {
    expect(normalizeHeader('  code ')).toBe('code');
    expect(normalizeHeader('CODE')).toBe('code');
    expect(normalizeHeader('Parent_Code')).toBe('parent_code');
    expect(normalizeHeader('ＣＯＤＥ')).toBe('code');
    expect(normalizeHeader('ｐａｒｅｎｔ＿ｃｏｄｅ')).toBe('parent_code');
    expect(normalizeHeader('\u3000区划代码\u3000')).toBe('区划代码');
    expect(normalizeHeader('区划 代码\t')).toBe('区划代码');
    expect(normalizeHeader('名称')).not.toBe(normalizeHeader('名字'));
  });
});

describe('parseCsv', () => {
  it('maps English and Chinese headers in any order and form, and keeps unknown columns as extras', () => {
    const { rows, missingColumns } = parseCsv(' 名称 ,ＣＯＤＥ,备注, Parent_Code ,公民身份号码\n甲村, 330299101201 ,新设,330299101000,11010519491231002X\n', COLUMNS);
    expect(missingColumns).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        values: { name: '甲村', code: '330299101201', parent_code: '330299101000', id_number: '11010519491231002X' },
        extra: { 备注: '新设' },
      },
    ]);
  });

  it('lists the required columns that are missing, but not the optional ones', () => {
    expect(parseCsv('name,other\nx,y\n', COLUMNS).missingColumns).toEqual(['code']);
    expect(parseCsv('', COLUMNS)).toEqual({ rows: [], missingColumns: ['code', 'name'] });
  });

  it('drops a UTF-8 byte order mark, in a buffer or a string', () => {
    const text = 'code,name\n330299101201,白坑村\n';
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    for (const input of [withBom, `\uFEFF${text}`]) {
      const { rows, missingColumns } = parseCsv(input, COLUMNS);
      expect(missingColumns).toEqual([]);
      expect(rows[0]!.values).toEqual({ code: '330299101201', name: '白坑村' });
    }
  });

  it('detects and reads GB18030, including characters outside the BMP', () => {
    const text = '区划代码,名称\n330299101201,鑫犇𠀀村\n';
    const gb = iconv.encode(text, 'gb18030');
    expect(gb.equals(Buffer.from(text, 'utf8'))).toBe(false);
    expect(decodeText(gb)).toBe(text);
    expect(parseCsv(gb, COLUMNS).rows[0]!.values).toEqual({ code: '330299101201', name: '鑫犇𠀀村' });
    // UTF-8 is not mistaken for GB18030.
    expect(decodeText(Buffer.from(text, 'utf8'))).toBe(text);
  });

  it('numbers rows by the line they start on, across blank lines, CRLF and quoted line breaks', () => {
    const text = ['code,name', 'a,1', '', 'b,"two', 'lines"', 'c,3', '', '', 'd,"x\r\ny"', 'e,5'].join('\r\n');
    const { rows } = parseCsv(text, COLUMNS);
    expect(rows.map((r) => [r.values.code, r.line])).toEqual([
      ['a', 2],
      ['b', 4],
      ['c', 6],
      ['d', 9],
      ['e', 11],
    ]);
    expect(rows[1]!.values.name).toBe('two\nlines');
  });

  it('answers a malformed file with a validation error, not a crash', () => {
    let error: unknown;
    try {
      parseCsv('code,name\n1,"unclosed\n2,x\n', COLUMNS);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect((error as AppError).message).toContain('CSV');
  });
});
