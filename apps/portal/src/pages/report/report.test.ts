import { describe, expect, it } from 'vitest';
// Values from the contracts are fine in tests (node); the pages import only types.
import { RECEIPT_CODE as CONTRACT_RECEIPT_CODE, REPORT_CATEGORIES, REPORT_CATEGORY_LABELS, REPORT_CONCLUSION_LABELS, REPORT_SUBJECT_KINDS, REPORT_SUBJECT_KIND_LABELS, ZReceiptCode, ZSubmitReportRequest } from '@mpw/contracts';
import { EMPTY_FORM, mapServerFields, reportBody, validateReport, type ReportFormValues } from './form';
import { formatReceiptCode, problemError, RECEIPT_CODE } from './reportApi';
import { R } from './text';

const filled: ReportFormValues = {
  ...EMPTY_FORM,
  category: 'subsistence',
  regionCode: '330299101201',
  subjectName: '王某',
  subjectPosition: '村会计',
  subjectKind: 'village_cadre',
  content: '  村会计把不符合条件的亲戚报进了低保。  ',
  passphrase: 'qingshan-2026',
  passphrase2: 'qingshan-2026',
};

describe('words that mirror the contracts', () => {
  it('lists the categories, subject kinds and conclusions in the contracts order with the same labels', () => {
    expect(R.categories.map(([k]) => k)).toEqual([...REPORT_CATEGORIES]);
    for (const [k, label] of R.categories) expect(label).toBe(REPORT_CATEGORY_LABELS[k]);
    expect(R.subjectKinds.map(([k]) => k)).toEqual([...REPORT_SUBJECT_KINDS]);
    for (const [k, label] of R.subjectKinds) expect(label).toBe(REPORT_SUBJECT_KIND_LABELS[k]);
    expect(R.conclusions).toEqual(REPORT_CONCLUSION_LABELS);
  });
  it('has the same receipt code pattern', () => {
    expect(RECEIPT_CODE.source).toBe(CONTRACT_RECEIPT_CODE.source);
  });
});

describe('report form', () => {
  it('names every missing field of an empty form', () => {
    const e = validateReport(EMPTY_FORM);
    expect(Object.keys(e).sort()).toEqual(['category', 'content', 'passphrase', 'regionCode', 'subjectKind', 'subjectName', 'subjectPosition'].sort());
    expect(e.subjectName).toBe('请填写被举报人姓名');
  });
  it('asks for the same passphrase twice', () => {
    expect(validateReport({ ...filled, passphrase2: 'qingshan-2025' })).toEqual({ passphrase2: R.passphraseMismatch });
    expect(validateReport({ ...filled, passphrase: 'short', passphrase2: 'short' })).toEqual({ passphrase: R.passphraseShort });
  });
  it('asks a real-name reporter for name and a valid phone, checks an identity number given', () => {
    const e = validateReport({ ...filled, anonymous: false, phone: '12345', idNumber: '33010219800101' });
    expect(e).toEqual({ name: '请填写举报人姓名', phone: R.phoneInvalid, idNumber: R.idInvalid });
  });
  it('builds an anonymous body the contracts accept, without any reporter data', () => {
    expect(validateReport(filled)).toEqual({});
    const body = reportBody({ ...filled, name: '不该发送', phone: '13800000000' });
    expect(body.reporter).toBeUndefined();
    expect(body.content).toBe('村会计把不符合条件的亲戚报进了低保。');
    const parsed = ZSubmitReportRequest.safeParse({ ...body, challenge: 'c'.repeat(20), nonce: '123' });
    expect(parsed.success).toBe(true);
  });
  it('builds a real-name body the contracts accept', () => {
    const v = { ...filled, anonymous: false, name: '李四', phone: '13800000000', idNumber: '33010219800101001x', wantsProtection: true };
    expect(validateReport(v)).toEqual({});
    const body = reportBody(v);
    expect(body.reporter).toEqual({ name: '李四', phone: '13800000000', idNumber: '33010219800101001X', address: undefined, wantsProtection: true });
    expect(ZSubmitReportRequest.safeParse({ ...body, challenge: 'c'.repeat(20), nonce: '1' }).success).toBe(true);
  });
  it('puts the server field messages next to the form fields', () => {
    const err = problemError(400, {
      code: 'VALIDATION_FAILED',
      message: '请求参数不正确',
      details: [
        { path: 'reporter.phone', message: '联系电话应为11位手机号或带区号的固定电话' },
        { path: 'subjectName', message: '请填写被举报人姓名' },
        { path: 'nonce', message: '验证信息无效' },
      ],
    });
    expect(err.message).toBe('联系电话应为11位手机号或带区号的固定电话');
    const { byField, rest } = mapServerFields(err.fields);
    expect(byField).toEqual({ phone: '联系电话应为11位手机号或带区号的固定电话', subjectName: '请填写被举报人姓名' });
    expect(rest).toEqual(['验证信息无效']);
  });
  it('keeps the server message when no field is named, and a plain fallback otherwise', () => {
    expect(problemError(401, { message: '受理码或查询密码不正确' }).message).toBe('受理码或查询密码不正确');
    expect(problemError(429, {}).message).toBe('操作太频繁，请过几分钟再试');
  });
});

describe('receipt code input', () => {
  it('formats what is typed into groups the contracts accept', () => {
    expect(formatReceiptCode('k7qm3xhp 9wtd-rb2f')).toBe('K7QM-3XHP-9WTD-RB2F');
    expect(formatReceiptCode('k7q')).toBe('K7Q');
    expect(formatReceiptCode('k7qm')).toBe('K7QM');
    expect(formatReceiptCode('K7QM3XHP9WTDRB2FEXTRA')).toBe('K7QM-3XHP-9WTD-RB2F');
    expect(ZReceiptCode.safeParse(formatReceiptCode('k7qm3xhp9wtdrb2f')).success).toBe(true);
  });
});
