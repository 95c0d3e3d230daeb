import { describe, expect, it } from 'vitest';
import { DECISION_STAGES, POWER_CATEGORIES, ZCreatePowerItemRequest, ZPowerItemContent, type TFlowStep, type TPowerCategory } from '@mpw/contracts';
import { ASSET_DISPOSAL_THRESHOLD_SETTING, DEFAULT_CATALOGUE, MAJOR_MATTER_THRESHOLD_SETTING } from './power.catalogue.js';

const byCode = (code: string) => {
  const item = DEFAULT_CATALOGUE.find((i) => i.code === code);
  if (!item) throw new Error(`no item ${code}`);
  return item.content;
};
const byName = (pattern: RegExp) => DEFAULT_CATALOGUE.filter((i) => pattern.test(i.content.name));

/** Steps through which villagers see the matter: a notice, a disclosure, or a 两公开 meeting stage. */
const isPublic = (s: TFlowStep) => s.kind === 'disclosure' || s.kind === 'notice' || (s.kind === 'meeting' && (s.stage === 'resolution_published' || s.stage === 'result_published'));

const PREFIX_CATEGORY: Record<string, TPowerCategory> = {
  JC: '重大事项决策',
  CW: '财务管理',
  ZC: '资产资源',
  GC: '工程项目',
  MS: '民生保障',
  FW: '便民服务',
  ZZ: '组织建设',
  QT: '其他',
};

/** Items whose last steps are periodic ledger work, outside the applicant's time limit. */
const PERIODIC_TAIL: Record<string, number> = { 'FW-03': 1, 'QT-01': 2 };

describe('default district catalogue', () => {
  it('has at least 32 items with unique, well-formed codes matching their category', () => {
    expect(DEFAULT_CATALOGUE.length).toBeGreaterThanOrEqual(32);
    const codes = DEFAULT_CATALOGUE.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const { code, content } of DEFAULT_CATALOGUE) {
      expect(code).toMatch(/^(JC|CW|ZC|GC|MS|FW|ZZ|QT)-\d{2}$/);
      expect(content.category, code).toBe(PREFIX_CATEGORY[code.slice(0, 2)]);
    }
    expect(new Set(DEFAULT_CATALOGUE.map((i) => i.content.name)).size).toBe(codes.length);
  });

  it('parses every item with the contract, as a create request would', () => {
    for (const item of DEFAULT_CATALOGUE) {
      const parsed = ZPowerItemContent.safeParse(item.content);
      expect(parsed.success, `${item.code}: ${parsed.error?.message}`).toBe(true);
      expect(ZCreatePowerItemRequest.safeParse(item).success, item.code).toBe(true);
    }
  });

  it('uses every category', () => {
    const used = new Set(DEFAULT_CATALOGUE.map((i) => i.content.category));
    for (const category of POWER_CATEGORIES) expect(used.has(category), category).toBe(true);
  });

  it.each([
    ['重大事项决策', /重大事项决策/],
    ['小型工程项目', /小型工程项目/],
    ['工程招投标', /工程.*招投标/],
    ['村级采购', /村级采购/],
    ['集体资产资源处置', /集体资产资源处置/],
    ['集体资产资源出租', /集体资产资源出租/],
    ['土地承包', /土地承包/],
    ['土地流转', /土地.*流转/],
    ['征地补偿款分配', /征地补偿款分配/],
    ['村级财务报账', /村级财务报账/],
    ['村级用工/聘用', /村级用工|聘用/],
    ['低保', /低保/],
    ['特困', /特困/],
    ['临时救助', /临时救助/],
    ['残疾人两项补贴', /残疾人两项补贴/],
    ['高龄津贴', /高龄津贴/],
    ['宅基地申请', /宅基地申请/],
    ['农房建设', /农房建设/],
    ['证明出具', /证明出具/],
    ['印章使用', /印章使用/],
    ['劳务用工', /劳务用工/],
    ['发展党员', /发展党员/],
  ])('covers %s', (_topic, pattern) => {
    expect(byName(pattern).length).toBeGreaterThan(0);
  });

  it('fills in every part of each item', () => {
    for (const { code, content } of DEFAULT_CATALOGUE) {
      expect(content.gbClass, code).toMatch(/^村务(决策|管理|服务|监督)/);
      expect(content.legalBasis.length, code).toBeGreaterThan(0);
      expect(content.responsibilities.length, code).toBeGreaterThanOrEqual(2);
      expect(content.riskPoints.length, code).toBeGreaterThan(0);
      expect(content.disclosure.length, code).toBeGreaterThan(0);
      expect(content.materials.length, code).toBeGreaterThan(0);
      expect(content.summary.length, code).toBeGreaterThan(10);
      // The time limit adds up the step deadlines up to the applicant's result; the certificate
      // and seal items end with periodic ledger steps (monthly check, quarterly disclosure) that do not count.
      const uncounted = PERIODIC_TAIL[code] ?? 0;
      const counted = content.flow.steps.slice(0, content.flow.steps.length - uncounted);
      expect(content.timeLimitDays, code).toBe(counted.reduce((sum, s) => sum + s.deadlineDays, 0));
    }
  });

  it('makes every matter public: each flow has a notice or disclosure step that always applies', () => {
    for (const { code, content } of DEFAULT_CATALOGUE) {
      expect(content.flow.steps.some((s) => isPublic(s) && !s.when), code).toBe(true);
    }
  });

  it('conditions refer only to the district threshold settings', () => {
    const known = new Set([MAJOR_MATTER_THRESHOLD_SETTING, ASSET_DISPOSAL_THRESHOLD_SETTING]);
    for (const { code, content } of DEFAULT_CATALOGUE) {
      for (const s of content.flow.steps) if (s.when) expect(known.has(s.when.amountAtLeastSetting), `${code} ${s.id}`).toBe(true);
    }
  });

  it('runs major-matter decisions through all six stages of 四议两公开, unconditionally and in order', () => {
    const steps = byCode('JC-01').flow.steps;
    const stages = steps.flatMap((s) => (s.kind === 'meeting' ? [s.stage] : []));
    expect(stages).toEqual([...DECISION_STAGES]);
    expect(steps.every((s) => !s.when)).toBe(true);
    expect(steps[0]).toMatchObject({ kind: 'meeting', stage: 'proposal', role: 'village_secretary' });
    expect(steps.some((s) => s.kind === 'filing' && s.role === 'township_staff')).toBe(true);
  });

  it('adds the 四议 to works, purchases and asset matters from the major-matter amount, the two committees deciding below it', () => {
    for (const pattern of [/小型工程项目/, /村级采购/, /集体资产资源处置/, /集体资产资源出租/, /资金使用/, /工程项目变更/, /合同签订/]) {
      const items = byName(pattern);
      expect(items.length, String(pattern)).toBeGreaterThan(0);
      for (const { code, content } of items) {
        const steps = content.flow.steps;
        const conditional = steps.filter((s) => s.kind === 'meeting' && s.when?.amountAtLeastSetting === MAJOR_MATTER_THRESHOLD_SETTING);
        expect(conditional.map((s) => (s.kind === 'meeting' ? s.stage : '')), code).toEqual(['proposal', 'consultation', 'review', 'resolution', 'resolution_published']);
        const study = steps.findIndex((s) => s.kind === 'review' && s.role === 'village_secretary' && !s.when && /两委/.test(s.name));
        expect(study, code).toBeGreaterThan(-1);
        expect(study, code).toBeLessThan(steps.indexOf(conditional[0]!));
      }
    }
  });

  it('applies 四议两公开 stages only in unbroken legal order, whatever the amount', () => {
    // The decisions register refuses a stage whose earlier stages are missing, so for every
    // combination of thresholds met, the meetings that apply must be a prefix of the six stages.
    for (const { code, content } of DEFAULT_CATALOGUE) {
      const settings = [...new Set(content.flow.steps.flatMap((s) => (s.when ? [s.when.amountAtLeastSetting] : [])))];
      for (let mask = 0; mask < 1 << settings.length; mask++) {
        const met = new Set(settings.filter((_, i) => mask & (1 << i)));
        const stages = content.flow.steps.flatMap((s) => (s.kind === 'meeting' && (!s.when || met.has(s.when.amountAtLeastSetting)) ? [s.stage] : []));
        expect(stages, `${code} with ${[...met].join(', ') || 'no threshold'} met`).toEqual(DECISION_STAGES.slice(0, stages.length));
      }
    }
  });

  it('sends asset sales and leases above the disposal amount to public bidding', () => {
    for (const code of ['ZC-01', 'ZC-02']) {
      const bidding = byCode(code).flow.steps.find((s) => s.when?.amountAtLeastSetting === ASSET_DISPOSAL_THRESHOLD_SETTING);
      expect(bidding, code).toMatchObject({ kind: 'notice' });
      expect(bidding!.name, code).toMatch(/公开(竞价|招租)/);
    }
  });

  it('runs 低保 as application → village review → 7-day notice → township confirmation → filing → disclosure, in about 30 working days', () => {
    const item = byName(/低保/)[0]!.content;
    const steps = item.flow.steps;
    expect(steps.map((s) => s.kind)).toEqual(['application', 'review', 'notice', 'review', 'filing', 'disclosure']);
    expect(steps[1]).toMatchObject({ role: 'village_secretary' });
    expect(steps[1]!.name).toMatch(/民主评议/);
    expect(steps[2]).toMatchObject({ kind: 'notice', days: 7 });
    expect(steps[3]).toMatchObject({ role: 'township_staff', deadlineDays: 10 });
    expect(steps[4]).toMatchObject({ role: 'township_staff' });
    expect(steps.reduce((sum, s) => sum + s.deadlineDays, 0)).toBe(30);
    expect(item.timeLimitDays).toBeLessThanOrEqual(45);
    // Applicants related to cadres must declare it; the township files them separately.
    expect(steps[0]!.materials.join()).toMatch(/近亲属/);
    expect(item.isService).toBe(true);
  });

  it('has the supervision committee review village finance before the secretary signs', () => {
    const steps = byCode('CW-01').flow.steps;
    const supervisor = steps.findIndex((s) => s.kind === 'review' && s.role === 'village_supervisor');
    const secretary = steps.findIndex((s) => s.kind === 'review' && s.role === 'village_secretary');
    expect(supervisor).toBeGreaterThan(-1);
    expect(supervisor).toBeLessThan(secretary);
  });

  it('records who asked for a seal, for which document, who approved it and when', () => {
    const item = byName(/印章使用/)[0]!.content;
    const recorded = [...item.materials, ...item.flow.steps.flatMap((s) => s.materials)].join('、');
    for (const field of ['申请人', '文件名称', '审批人', '用印时间']) expect(recorded).toContain(field);
    expect(item.summary).toMatch(/人印分离/);
    // The approver is not the keeper who applies the seal.
    const approve = item.flow.steps.find((s) => s.kind === 'review')!;
    const stamp = item.flow.steps.find((s) => s.kind === 'execution')!;
    expect(approve.role).not.toBe(stamp.role);
  });

  it('marks services for villagers as services', () => {
    for (const { code, content } of DEFAULT_CATALOGUE) {
      if (content.category === '民生保障' || content.category === '便民服务') expect(content.isService, code).toBe(true);
    }
    expect(DEFAULT_CATALOGUE.filter((i) => !i.content.isService).length).toBeGreaterThan(15);
  });
});
