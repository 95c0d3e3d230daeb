import { describe, expect, it } from 'vitest';
import {
  REPORT_CATEGORIES,
  REPORT_CHANNELS,
  REPORT_CONCLUSIONS,
  REPORT_EVENT_KINDS,
  REPORT_LEVELS,
  REPORT_LINK_TYPES,
  REPORT_STATUSES,
  REPORT_SUBJECT_KINDS,
  REWARD_STATUSES,
  ZIntakeReportRequest,
} from '@mpw/contracts';
import { DICTIONARIES } from '../../i18n';
import { PAGES, pageForPath } from '../../routes';
import { assigneeOptions, dayOnly, handoverLevels, intakeBody, listQuery, receiptHtml, regionProblem, type IntakeValues } from './report-logic';

const base: IntakeValues = {
  channel: 'phone',
  category: 'subsistence',
  regionCode: '330299101201',
  subjectName: ' 王某 ',
  subjectPosition: '村委会主任',
  subjectKind: 'village_cadre',
  content: ' 把亲戚报成低保户。 ',
  anonymous: false,
  reporterName: ' 李四 ',
  reporterPhone: '13800000000',
  reporterIdNumber: '',
  reporterAddress: '  ',
  wantsProtection: true,
  occurredWhen: ' ',
};

describe('report pages: pure logic', () => {
  it('shows the China day of a timestamp and keeps a plain day', () => {
    expect(dayOnly('2026-03-05')).toBe('2026-03-05');
    // 20:30 UTC is already the next morning in China.
    expect(dayOnly('2026-03-05T20:30:00.000Z')).toBe('2026-03-06');
    expect(dayOnly('2026-03-05T10:00:00.000Z')).toBe('2026-03-05');
    expect(dayOnly(null)).toBe('—');
  });

  it('reads only known, non-empty filters from the address bar', () => {
    const q = listQuery(new URLSearchParams('status=received&overdue=true&mine=false&q=+王+&page=3&regionCode='));
    expect(q).toEqual({ status: 'received', overdue: 'true', q: '王' });
  });

  it('reads the filters a dashboard link sets, a false flag included', () => {
    const q = listQuery(new URLSearchParams('regionCode=330299101000&receivedFrom=2026-01-01&receivedTo=2026-06-30&accepted=false&conclusion=confirmed&microPower=true'));
    expect(q).toEqual({ regionCode: '330299101000', receivedFrom: '2026-01-01', receivedTo: '2026-06-30', accepted: 'false', conclusion: 'confirmed', microPower: 'true' });
  });

  it('builds a real-name intake body the contract accepts, trimmed and without empty fields', () => {
    const body = intakeBody(base);
    expect(body.subjectName).toBe('王某');
    expect(body.reporter).toEqual({ name: '李四', phone: '13800000000', wantsProtection: true });
    expect('occurredWhen' in body).toBe(false);
    expect(ZIntakeReportRequest.safeParse(body).success).toBe(true);
  });

  it('sends no reporter at all for an anonymous report, even if fields were typed before switching', () => {
    const body = intakeBody({ ...base, anonymous: true, passphrase: 'abcdefgh1' });
    expect(body.reporter).toBeUndefined();
    expect(body.passphrase).toBe('abcdefgh1');
    expect(ZIntakeReportRequest.safeParse(body).success).toBe(true);
  });

  it('upper-cases a reporter identity number ending in x', () => {
    expect(intakeBody({ ...base, reporterIdNumber: '33029919800101123x' }).reporter?.idNumber).toBe('33029919800101123X');
  });

  it('asks for a village when a village cadre is reported, and never accepts the district', () => {
    expect(regionProblem('village_cadre', '330299101000')).toBe('report.regionMustBeVillage');
    expect(regionProblem('village_cadre', '330299101201')).toBeNull();
    expect(regionProblem('township_official', '330299101000')).toBeNull();
    expect(regionProblem('other', '330299000000')).toBe('report.regionNotDistrict');
    expect(regionProblem('other', undefined)).toBeNull();
  });

  it('lists conflicting candidates last, disabled, with their reason', () => {
    const opts = assigneeOptions([
      { userId: 'a', displayName: '甲', regionCode: '330299101000', level: 'township', conflict: '被举报人的近亲属' },
      { userId: 'b', displayName: '乙', regionCode: '330299101000', level: 'township', conflict: null },
    ]);
    expect(opts.map((o) => [o.value, o.disabled])).toEqual([
      ['b', false],
      ['a', true],
    ]);
    expect(opts[1]!.label).toContain('被举报人的近亲属');
  });

  it('offers the handover of the levels whose role the user holds', () => {
    expect(handoverLevels(['township_discipline'])).toEqual(['township']);
    expect(handoverLevels(['district_inspector', 'district_admin'])).toEqual(['district']);
    expect(handoverLevels(['village_secretary'])).toEqual([]);
  });

  it('escapes the printable receipt', () => {
    const html = receiptHtml({ id: 'x', number: 'JB<1>', receiptCode: 'K7QM-3XHP-9WTD-RB2F', receivedOn: '2026-03-05' }, { title: '回执', number: '编号', receivedOn: '日期', code: '受理码', hint: '请保管' });
    expect(html).toContain('JB&lt;1&gt;');
    expect(html).toContain('K7QM-3XHP-9WTD-RB2F');
    expect(html).not.toContain('<1>');
  });
});

describe('report pages: labels and routes', () => {
  const families: [string, readonly string[]][] = [
    ['report.status', REPORT_STATUSES],
    ['report.category', REPORT_CATEGORIES],
    ['report.channel', REPORT_CHANNELS],
    ['report.subjectKind', REPORT_SUBJECT_KINDS],
    ['report.levels', REPORT_LEVELS],
    ['report.conclusions', REPORT_CONCLUSIONS],
    ['report.event', REPORT_EVENT_KINDS],
    ['report.reward', REWARD_STATUSES],
    ['report.linkType', REPORT_LINK_TYPES],
  ];
  it.each(families)('%s has a Chinese and an English label for every value', (prefix, values) => {
    for (const v of values) {
      expect(DICTIONARIES.zh, `${prefix}.${v}`).toHaveProperty([`${prefix}.${v}`]);
      expect(DICTIONARIES.en, `${prefix}.${v}`).toHaveProperty([`${prefix}.${v}`]);
    }
  });

  it('puts the list and the intake in the menu behind their permissions; the detail selects the list', () => {
    const page = (key: string) => PAGES.find((p) => p.key === key);
    expect(page('reports')?.anyOf).toEqual(['report:report:read']);
    expect(page('reportIntake')?.anyOf).toEqual(['report:report:intake']);
    expect(page('report')?.inMenu).toBe(false);
    expect(DICTIONARIES.zh['menu.reports']).toBe('举报管理');
    expect(pageForPath('/reports/0f0e')?.key).toBe('reports');
    expect(pageForPath('/reports/new')?.key).toBe('reportIntake');
  });
});
