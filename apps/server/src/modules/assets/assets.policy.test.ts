import { describe, expect, it } from 'vitest';
import { assetStatusAfter, counterpartyIdProblem, disposalFlagReason, isPersonCounterparty, isValidCreditCode, isValidIdNumber, maskPersonName } from './assets.policy.js';
import { parseDate, parseYuan } from './assets.import.js';

describe('assets policy (pure rules)', () => {
  it('checks GB 11643 identity numbers and GB 32100 credit codes', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('110105194902300020')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(counterpartyIdProblem('12345')).toContain('18位');
    expect(counterpartyIdProblem('91350100M000100Y43')).toBeNull();
  });

  it('masks persons, not organisations', () => {
    expect(maskPersonName('王小明')).toBe('王*明');
    expect(maskPersonName('张三')).toBe('张*');
    expect(maskPersonName('欧阳小明')).toBe('欧**明');
    expect(isPersonCounterparty('王小明', '11010519491231002X')).toBe(true);
    expect(isPersonCounterparty('某某建设有限公司', '91350100M000100Y43')).toBe(false);
    expect(isPersonCounterparty('红星农机专业合作社', null)).toBe(false);
    expect(isPersonCounterparty('李四', null)).toBe(true);
  });

  it('applies ASSET_NO_AUCTION at or above the threshold to disposals not publicly traded', () => {
    const t = 2_000_000;
    expect(disposalFlagReason({ contractType: '资产租赁', amountFen: t, procurementMethod: '直接委托' }, t)).toContain('20000.00');
    expect(disposalFlagReason({ contractType: '土地承包', amountFen: t, procurementMethod: null }, t)).toContain('未填写');
    expect(disposalFlagReason({ contractType: '资产出售', amountFen: t - 1, procurementMethod: '直接委托' }, t)).toBeNull();
    expect(disposalFlagReason({ contractType: '资产出售', amountFen: t * 10, procurementMethod: '公开拍卖' }, t)).toBeNull();
    expect(disposalFlagReason({ contractType: '工程', amountFen: t * 10, procurementMethod: '直接委托' }, t)).toBeNull();
    expect(assetStatusAfter('资产出售')).toBe('sold');
    expect(assetStatusAfter('土地承包')).toBe('leased');
    expect(assetStatusAfter('采购')).toBeNull();
  });

  it('reads dates and yuan as data-exchange.md lists them', () => {
    expect(parseDate('2026-03-01')).toBe('2026-03-01');
    expect(parseDate('2026/3/1')).toBe('2026-03-01');
    expect(parseDate('20260301')).toBe('2026-03-01');
    expect(parseDate('2026-02-30')).toBeNull();
    expect(parseYuan('30,000.00')).toBe(3_000_000);
    expect(parseYuan('8000.5')).toBe(800_050);
    expect(parseYuan('0.07')).toBe(7);
    expect(parseYuan('12.345')).toBeNull();
    expect(parseYuan('-5')).toBeNull();
  });
});
