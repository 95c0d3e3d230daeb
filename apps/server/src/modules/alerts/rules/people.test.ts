import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TAlertRule, TAlertSubjectType } from '@mpw/contracts';
import { createTestContext, makeWorld, type TestContext, type World } from '../../../../test/helpers.js';
import { peopleRules } from './people.js';
import { DEFAULT_RULE_SETTINGS, fixtures, hitsOf, newIdNumber } from './people.fixtures.js';

let ctx: TestContext;
let w: World;
let fx: ReturnType<typeof fixtures>;
const AS_OF = '2026-06-30';

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  fx = fixtures(ctx.platform.deps.db, w.district);
});
afterAll(() => ctx.close());

const rule = (code: TAlertRule, subjectType?: TAlertSubjectType) => {
  const def = peopleRules.find((r) => r.code === code && (!subjectType || r.subjectType === subjectType));
  if (!def) throw new Error(`no rule ${code}`);
  return def;
};
const hits = (code: TAlertRule, subjectType?: TAlertSubjectType, over: { asOf?: string; villages?: string[] | null; district?: string; outlierSigma?: number; outlierRatio?: number } = {}) =>
  hitsOf(ctx.platform.deps.db, rule(code, subjectType), {
    districtCode: over.district ?? w.district,
    asOf: over.asOf ?? AS_OF,
    villages: over.villages ?? null,
    settings: { ...DEFAULT_RULE_SETTINGS, ...(over.outlierSigma ? { outlierSigma: over.outlierSigma } : {}), ...(over.outlierRatio ? { outlierRatio: over.outlierRatio } : {}) },
  });

/** A person on 低保 in village A1 from 2026-01-01, registered as a resident. */
async function dibaoHolder(name: string, opts: { program?: string; start?: string; end?: string | null; household?: string | null; village?: string } = {}) {
  const id = newIdNumber();
  const village = opts.village ?? w.villageA1;
  await fx.resident({ idNumber: id, name, village, household: opts.household ?? null });
  await fx.benefit({ idNumber: id, name, village, program: opts.program ?? '低保', start: opts.start ?? '2026-01-01', end: opts.end ?? null });
  return id;
}

describe('KIN_BENEFIT', () => {
  it('fires for a cadre of the village, a household member and a declared relative, with a masked one-line summary', async () => {
    const self = await dibaoHolder('王自己');
    await fx.cadre({ idNumber: self, name: '王自己', village: w.villageA1, start: '2024-01-01' });

    const holder = await dibaoHolder('李户内', { household: 'H-KIN-1' });
    const cadreInHousehold = newIdNumber();
    await fx.resident({ idNumber: cadreInHousehold, name: '李主任', village: w.villageA1, household: 'H-KIN-1' });
    await fx.cadre({ idNumber: cadreInHousehold, name: '李主任', village: w.villageA1, start: '2024-01-01' });

    const sibling = await dibaoHolder('赵亲属');
    const cadreKin = newIdNumber();
    await fx.cadre({ idNumber: cadreKin, name: '赵书记', village: w.villageA1, position: '党组织书记', start: '2021-01-01' });
    await fx.kin(cadreKin, sibling, '兄弟姐妹');

    const h = await hits('KIN_BENEFIT');
    expect(h.get(self)?.summary).toBe(`王自己（身份证号尾号${self.slice(-4)}）享受低保（2026-01-01至今）期间，本人任本村村委会主任（2024-01-01至今）`);
    expect(h.get(self)?.evidence).toBe(`benefit_recipients:${self}/低保/${w.villageA1}/2026-01-01;cadres:${self}/村委会主任/2024-01-01`);
    expect(h.get(holder)?.summary).toContain(`同户李主任（身份证号尾号${cadreInHousehold.slice(-4)}）任本村村委会主任`);
    expect(h.get(holder)?.evidence).toContain(`residents:${cadreInHousehold}`);
    expect(h.get(sibling)?.summary).toContain('其亲属（兄弟姐妹）赵书记');
    expect(h.get(sibling)?.evidence).toContain(`kinship:${[cadreKin, sibling].sort().join('/')}`);
    expect(h.get(sibling)?.region_code).toBe(w.villageA1);
    for (const hit of h.values()) expect(hit.summary).not.toMatch(/\d{17}[\dX]/);
  });

  it('does not fire for the relative of a cadre of another village, or of kin of kin', async () => {
    const holder = await dibaoHolder('钱外村');
    const cadre = newIdNumber();
    await fx.cadre({ idNumber: cadre, name: '钱外村主任', village: w.villageA2, start: '2024-01-01' });
    await fx.kin(cadre, holder, '配偶');

    const kinOfKin = await dibaoHolder('孙隔代');
    const middle = newIdNumber();
    const cadre2 = newIdNumber();
    await fx.cadre({ idNumber: cadre2, name: '孙主任', village: w.villageA1, start: '2024-01-01' });
    await fx.kin(kinOfKin, middle, '配偶');
    await fx.kin(middle, cadre2, '兄弟姐妹');

    const h = await hits('KIN_BENEFIT');
    expect(h.has(holder)).toBe(false);
    expect(h.has(kinOfKin)).toBe(false);
  });

  it('judges the cadre term against the entitlement period: left before (no), one shared day (yes)', async () => {
    const left = await dibaoHolder('周离任', { start: '2026-02-01' });
    await fx.cadre({ idNumber: left, name: '周离任', village: w.villageA1, start: '2020-01-01', end: '2026-01-31' });
    const touching = await dibaoHolder('吴一天', { start: '2026-02-01' });
    await fx.cadre({ idNumber: touching, name: '吴一天', village: w.villageA1, start: '2020-01-01', end: '2026-02-01' });
    // An entitlement that ended before a later cadre term began.
    const later = await dibaoHolder('郑后任', { start: '2025-01-01', end: '2025-06-30' });
    await fx.cadre({ idNumber: later, name: '郑后任', village: w.villageA1, start: '2025-07-01' });
    // A term that starts after the as-of date is not "during" an open entitlement judged today.
    const future = await dibaoHolder('冯将任', { start: '2026-01-01' });
    await fx.cadre({ idNumber: future, name: '冯将任', village: w.villageA1, start: '2026-07-01' });

    const h = await hits('KIN_BENEFIT');
    expect(h.has(left)).toBe(false);
    expect(h.has(touching)).toBe(true);
    expect(h.has(later)).toBe(false);
    expect(h.has(future)).toBe(false);
  });

  it('leaves universal allowances alone (高龄津贴 is not means-tested)', async () => {
    const elder = await dibaoHolder('陈高龄', { program: '高龄津贴' });
    await fx.cadre({ idNumber: elder, name: '陈高龄', village: w.villageA1, start: '2024-01-01' });
    const h = await hits('KIN_BENEFIT');
    expect(h.has(elder)).toBe(false);
  });

  it('ignores entitlements that start after the as-of date', async () => {
    const id = await dibaoHolder('褚未来', { start: '2026-08-01' });
    await fx.cadre({ idNumber: id, name: '褚未来', village: w.villageA1, start: '2024-01-01' });
    expect((await hits('KIN_BENEFIT')).has(id)).toBe(false);
    expect((await hits('KIN_BENEFIT', undefined, { asOf: '2026-08-01' })).has(id)).toBe(true);
  });
});

describe('DECEASED_PAYMENT', () => {
  it('fires from the first day of the month after the death, not on the last day of that month', async () => {
    const id = newIdNumber();
    await fx.death(id, '张三', '2026-03-15');
    const sameMonth = await fx.payment({ idNumber: id, name: '张三', village: w.villageA1, program: '低保金', amountFen: 52000, paid: '2026-03-31' });
    const nextMonth = await fx.payment({ idNumber: id, name: '张三', village: w.villageA1, program: '低保金', amountFen: 52000, paid: '2026-04-01' });
    const h = await hits('DECEASED_PAYMENT');
    expect(h.has(sameMonth)).toBe(false);
    expect(h.get(nextMonth)?.summary).toBe(`张三（身份证号尾号${id.slice(-4)}）在2026-03-15死亡，2026-04-01仍发放低保金520.00元`);
    expect(h.get(nextMonth)?.evidence).toBe(`deaths:${id};payments:${nextMonth}`);
  });

  it('ignores payments dated after the as-of date', async () => {
    const id = newIdNumber();
    await fx.death(id, '李四', '2026-01-10');
    const later = await fx.payment({ idNumber: id, name: '李四', village: w.villageA1, program: '高龄津贴', amountFen: 10000, paid: '2026-07-05' });
    expect((await hits('DECEASED_PAYMENT')).has(later)).toBe(false);
    expect((await hits('DECEASED_PAYMENT', undefined, { asOf: '2026-07-31' })).has(later)).toBe(true);
  });
});

describe('NO_ENTITLEMENT_PAYMENT', () => {
  it('fires for 低保金 / 特困供养金 without an entitlement of the matching program on the paid date', async () => {
    const id = await dibaoHolder('何有保', { start: '2026-01-01', end: '2026-03-31' });
    const inside = await fx.payment({ idNumber: id, name: '何有保', village: w.villageA1, program: '低保金', amountFen: 52000, paid: '2026-03-31' });
    const after = await fx.payment({ idNumber: id, name: '何有保', village: w.villageA1, program: '低保金', amountFen: 52000, paid: '2026-04-01' });
    const wrongProgram = await fx.payment({ idNumber: id, name: '何有保', village: w.villageA1, program: '特困供养金', amountFen: 80000, paid: '2026-02-10' });
    const universal = await fx.payment({ idNumber: id, name: '何有保', village: w.villageA1, program: '高龄津贴', amountFen: 10000, paid: '2026-05-10' });
    const h = await hits('NO_ENTITLEMENT_PAYMENT');
    expect(h.has(inside)).toBe(false);
    expect(h.get(after)?.summary).toBe(`何有保（身份证号尾号${id.slice(-4)}）于2026-04-01领取低保金520.00元，当日无有效的低保保障资格`);
    expect(h.has(wrongProgram)).toBe(true);
    expect(h.has(universal)).toBe(false);
  });
});

describe('INELIGIBLE_VEHICLE / BUSINESS / PUBLIC_EMPLOYEE', () => {
  it('fires for a household member’s car registered by the end of the period; not after it, not for a motorcycle', async () => {
    const holder = await dibaoHolder('吕有车', { household: 'H-CAR-1', start: '2025-01-01', end: '2025-12-31' });
    const son = newIdNumber();
    await fx.resident({ idNumber: son, name: '吕儿子', village: w.villageA1, household: 'H-CAR-1' });
    await fx.vehicle(son, '浙A10001', '小型汽车', '2025-12-31');
    const late = await dibaoHolder('施晚车', { start: '2025-01-01', end: '2025-12-31' });
    await fx.vehicle(late, '浙A10002', '小型汽车', '2026-01-01');
    const moto = await dibaoHolder('张摩托');
    await fx.vehicle(moto, '浙A10003', '摩托车', '2025-05-01');
    const elder = await dibaoHolder('孔高龄', { program: '高龄津贴' });
    await fx.vehicle(elder, '浙A10004', '大型汽车', '2025-05-01');
    const h = await hits('INELIGIBLE_VEHICLE');
    expect(h.get(holder)?.summary).toContain(`同户吕儿子（身份证号尾号${son.slice(-4)}）名下有小型汽车（浙A10001，2025-12-31登记）`);
    expect(h.get(holder)?.evidence).toContain('vehicles:浙A10001');
    expect(h.has(late)).toBe(false);
    expect(h.has(moto)).toBe(false);
    expect(h.has(elder)).toBe(false);
  });

  it('fires for any business registration of the holder or household; not for a relative outside the household', async () => {
    const holder = await dibaoHolder('曹老板');
    await fx.business(holder, '91330299MA0000001X', '某某商贸有限公司', '法定代表人');
    const outside = await dibaoHolder('严外亲');
    const brother = newIdNumber();
    await fx.kin(outside, brother, '兄弟姐妹');
    await fx.business(brother, '91330299MA0000002X', '某某建材有限公司', '股东');
    const h = await hits('INELIGIBLE_BUSINESS');
    expect(h.get(holder)?.summary).toContain('本人为某某商贸有限公司法定代表人');
    expect(h.get(holder)?.evidence).toContain(`businesses:91330299MA0000001X/${holder}/法定代表人`);
    expect(h.has(outside)).toBe(false);
  });

  it('fires for a state-funded job overlapping the period (one shared day counts), not one that ended before', async () => {
    const overlap = await dibaoHolder('华公职', { start: '2026-03-01' });
    await fx.publicEmployee(overlap, '华公职', '某镇中心学校', '2020-01-01', '2026-03-01');
    const before = await dibaoHolder('金离职', { start: '2026-03-01' });
    await fx.publicEmployee(before, '金离职', '某镇卫生院', '2020-01-01', '2026-02-28');
    const h = await hits('INELIGIBLE_PUBLIC_EMPLOYEE');
    expect(h.get(overlap)?.summary).toContain('本人为财政供养人员（某镇中心学校，2020-01-01至2026-03-01）');
    expect(h.has(before)).toBe(false);
  });
});

describe('DUPLICATE_BENEFIT', () => {
  it('fires for overlapping periods of one program (touching periods share a day), not for consecutive ones or two programs', async () => {
    const twoVillages = await dibaoHolder('魏两村', { start: '2026-01-01' });
    await fx.benefit({ idNumber: twoVillages, name: '魏两村', village: w.villageB1, program: '低保', start: '2026-03-01' });
    const touching = await dibaoHolder('陶接续', { start: '2025-01-01', end: '2025-12-31' });
    await fx.benefit({ idNumber: touching, name: '陶接续', village: w.villageA1, program: '低保', start: '2025-12-31' });
    const consecutive = await dibaoHolder('姜连续', { start: '2025-01-01', end: '2025-12-31' });
    await fx.benefit({ idNumber: consecutive, name: '姜连续', village: w.villageA1, program: '低保', start: '2026-01-01' });
    const twoPrograms = await dibaoHolder('戚两项');
    await fx.benefit({ idNumber: twoPrograms, name: '戚两项', village: w.villageA1, program: '残疾人两项补贴', start: '2026-01-01' });
    const h = await hits('DUPLICATE_BENEFIT');
    expect(h.get(twoVillages)?.summary).toBe(`魏两村（身份证号尾号${twoVillages.slice(-4)}）有两条期间重叠的低保记录：甲一村2026-01-01至今，乙一村2026-03-01至今`);
    expect(h.get(twoVillages)?.region_code).toBe(w.villageA1);
    expect(h.has(touching)).toBe(true);
    expect(h.has(consecutive)).toBe(false);
    expect(h.has(twoPrograms)).toBe(false);
  });
});

describe('IDENTITY_MISMATCH / UNKNOWN_PERSON / INVALID_ID', () => {
  it('compares names by identity number: a different name fires, homonyms with different numbers do not', async () => {
    const id = newIdNumber();
    await fx.resident({ idNumber: id, name: '谢文', village: w.villageA1 });
    const other = newIdNumber();
    await fx.resident({ idNumber: other, name: '谢文', village: w.villageA2 });
    const wrongName = await fx.payment({ idNumber: id, name: '谢武', village: w.villageA1, program: '高龄津贴', amountFen: 10000, paid: '2026-05-01' });
    const homonym = await fx.payment({ idNumber: other, name: '谢文', village: w.villageA2, program: '高龄津贴', amountFen: 10000, paid: '2026-05-01' });
    const spaced = await fx.payment({ idNumber: id, name: '谢 文', village: w.villageA1, program: '高龄津贴', amountFen: 10000, paid: '2026-05-02' });
    await fx.benefit({ idNumber: id, name: '谢斌', village: w.villageA1, program: '高龄津贴', start: '2026-01-01' });
    const p = await hits('IDENTITY_MISMATCH', 'payment');
    expect(p.get(wrongName)?.summary).toBe(`发放流水${wrongName}（谢武，2026-05-01高龄津贴100.00元）的身份证号（${id.slice(-4)}结尾）在户籍中登记为谢文，发放名单为谢武`);
    expect(p.has(homonym)).toBe(false);
    expect(p.has(spaced)).toBe(false);
    const b = await hits('IDENTITY_MISMATCH', 'benefit');
    expect(b.get(id)?.summary).toContain('在户籍中登记为谢文');
    expect(b.has(other)).toBe(false);
  });

  it('UNKNOWN_PERSON for a well-formed number missing from the registry; INVALID_ID for one that fails the check', async () => {
    const unknown = newIdNumber();
    const known = newIdNumber();
    await fx.resident({ idNumber: known, name: '邹在册', village: w.villageA1 });
    const bad = '330299198001010000';
    const pUnknown = await fx.payment({ idNumber: unknown, name: '喻查无', village: w.villageA1, program: '高龄津贴', amountFen: 10000, paid: '2026-05-01' });
    const pKnown = await fx.payment({ idNumber: known, name: '邹在册', village: w.villageA1, program: '高龄津贴', amountFen: 10000, paid: '2026-05-01' });
    const pBad = await fx.payment({ idNumber: bad, name: '柏无效', village: w.villageA1, program: '高龄津贴', amountFen: 10000, paid: '2026-05-01', idValid: false });
    await fx.benefit({ idNumber: unknown, name: '喻查无', village: w.villageA1, program: '高龄津贴', start: '2026-01-01' });
    await fx.benefit({ idNumber: bad, name: '柏无效', village: w.villageA1, program: '高龄津贴', start: '2026-01-01', idValid: false });

    const up = await hits('UNKNOWN_PERSON', 'payment');
    expect(up.has(pUnknown)).toBe(true);
    expect(up.has(pKnown)).toBe(false);
    expect(up.has(pBad)).toBe(false);
    const ub = await hits('UNKNOWN_PERSON', 'benefit');
    expect(ub.get(unknown)?.evidence).toBe(`benefit_recipients:${unknown}/高龄津贴/${w.villageA1}/2026-01-01`);
    expect(ub.has(bad)).toBe(false);

    const ip = await hits('INVALID_ID', 'payment');
    expect(ip.get(pBad)?.summary).toContain('（0000结尾）未通过GB 11643格式或校验位检查');
    expect(ip.has(pUnknown)).toBe(false);
    const ib = await hits('INVALID_ID', 'benefit');
    expect(ib.has(bad)).toBe(true);
    expect(ib.has(unknown)).toBe(false);
  });
});

describe('incremental scope', () => {
  it('a rule evaluated for some villages yields only subjects of those villages', async () => {
    const a = newIdNumber();
    const b = newIdNumber();
    await fx.death(a, '甲死者', '2026-01-05');
    await fx.death(b, '乙死者', '2026-01-05');
    const pa = await fx.payment({ idNumber: a, name: '甲死者', village: w.villageA1, program: '高龄津贴', amountFen: 10000, paid: '2026-03-01' });
    const pb = await fx.payment({ idNumber: b, name: '乙死者', village: w.villageB1, program: '高龄津贴', amountFen: 10000, paid: '2026-03-01' });
    const h = await hits('DECEASED_PAYMENT', undefined, { villages: [w.villageB1] });
    expect(h.has(pa)).toBe(false);
    expect(h.has(pb)).toBe(true);
    const none = await hits('DECEASED_PAYMENT', undefined, { villages: [] });
    expect(none.size).toBe(0);
  });
});

describe('BENEFIT_OUTLIER', () => {
  /** A district of three villages with ten residents each and the given 低保 holders. */
  async function district(holders: [number, number, number]) {
    const d = await makeWorld(ctx);
    const f = fixtures(ctx.platform.deps.db, d.district);
    const villages = [d.villageA1, d.villageA2, d.villageB1];
    for (const [i, village] of villages.entries()) {
      for (let k = 0; k < 10; k++) {
        const id = newIdNumber();
        await f.resident({ idNumber: id, name: `村民${k}`, village });
        if (k < holders[i]!) await f.benefit({ idNumber: id, name: `村民${k}`, village, program: '低保', start: '2026-01-01' });
      }
    }
    // A village in the registry of regions but with no residents: no share, never fires.
    return d;
  }

  it('does not fire exactly at twice the district-wide share, fires above it', async () => {
    // Shares 20%, 10%, 0%: district-wide 10%, twice that 20% — at the boundary, not above.
    const at = await district([2, 1, 0]);
    expect((await hits('BENEFIT_OUTLIER', undefined, { district: at.district })).size).toBe(0);
    // Shares 30%, 10%, 0%: district-wide 13.33%, twice that 26.67% < 30%.
    const above = await district([3, 1, 0]);
    const h = await hits('BENEFIT_OUTLIER', undefined, { district: above.district });
    expect([...h.keys()]).toEqual([above.villageA1]);
    expect(h.get(above.villageA1)?.summary).toBe('甲一村低保对象3人、户籍人口10人，占比30.00%；全区各村平均13.33%、标准差12.47%，全区总体13.33%（阈值：平均加3倍标准差，或总体的2倍）');
    expect(h.get(above.villageA1)?.evidence.split(';')[0]).toBe(`regions:${above.villageA1}`);
    expect(h.get(above.villageA1)?.evidence.split(';')).toHaveLength(4);
  });

  it('fires above the mean plus sigma standard deviations', async () => {
    const d = await district([3, 0, 0]);
    // Shares 30%, 0, 0: mean 10%, sd 14.14%; sigma 1 → 24.14% < 30%; ratio set out of reach.
    const h = await hits('BENEFIT_OUTLIER', undefined, { district: d.district, outlierSigma: 1, outlierRatio: 100 });
    expect([...h.keys()]).toEqual([d.villageA1]);
    const none = await hits('BENEFIT_OUTLIER', undefined, { district: d.district, outlierSigma: 2, outlierRatio: 100 });
    expect(none.size).toBe(0);
  });
});
