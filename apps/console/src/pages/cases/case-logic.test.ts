import { describe, expect, it } from 'vitest';
import {
  CASE_EVENT_KINDS,
  CASE_KINDS,
  CASE_STATUSES,
  FAULT_TOLERANCE_STATUSES,
  GOVERNMENT_MEASURES,
  PARTY_MEASURES,
  PARTY_MEASURE_LABELS,
  PROBLEM_SOURCES,
  SANCTION_CATEGORIES,
  SANCTION_MEASURE_LABELS,
  TYPICAL_CASE_STATUSES,
  ZCaseDetail,
  ZCaseRequest,
  ZDecideCaseRequest,
} from '@mpw/contracts';
import { DICTIONARIES, translateLabel } from '../../i18n';
import { PAGES, pageForPath } from '../../routes';
import {
  ACTION_ORDER,
  actionButtons,
  actionPath,
  caseListQuery,
  caseRequestBody,
  caseSteps,
  cluePrefill,
  defaultMeasure,
  handlingLevels,
  measureOptions,
  mergePrefill,
  personalDataProblem,
  prefillFromAlert,
  prefillFromReport,
  recoveryTotalFen,
  sanctionsBody,
  sourcePath,
  yuanToFen,
} from './case-logic';

describe('case list and progress', () => {
  it('reads only the known filters from the address bar', () => {
    const q = caseListQuery(new URLSearchParams('status=filed&kind=main&faultTolerance=pending&q=%20王%20&current=3&bogus=1'));
    expect(q).toEqual({ status: 'filed', kind: 'main', faultTolerance: 'pending', q: '王' });
  });

  it('reads the windows a dashboard link sets, and drops a decision window without its sanction category', () => {
    const link = 'regionCode=330299101000&sanction=party&sanctionFrom=2026-01-01&sanctionTo=2026-03-31&filedFrom=2026-01-01';
    expect(caseListQuery(new URLSearchParams(link))).toEqual({ regionCode: '330299101000', sanction: 'party', sanctionFrom: '2026-01-01', sanctionTo: '2026-03-31', filedFrom: '2026-01-01' });
    expect(caseListQuery(new URLSearchParams('sanctionFrom=2026-01-01&sanctionTo=2026-03-31&executedTo=2026-02-01'))).toEqual({ executedTo: '2026-02-01' });
  });

  it('shows the main track, and a two-step track for a clue closed without filing', () => {
    expect(caseSteps('preliminary')).toEqual({ steps: ['preliminary', 'filed', 'investigating', 'reviewing', 'decided', 'executed'], current: 0, finished: false });
    expect(caseSteps('reviewing').current).toBe(3);
    expect(caseSteps('executed')).toMatchObject({ current: 5, finished: true });
    expect(caseSteps('closed_unfiled')).toEqual({ steps: ['preliminary', 'closed_unfiled'], current: 1, finished: true });
    for (const s of CASE_STATUSES) expect(caseSteps(s).steps[caseSteps(s).current]).toBe(s);
  });
});

describe('actions', () => {
  it('lists every action of the contract once, and turns the server’s list into ordered buttons', () => {
    const all = ZCaseDetail.shape.actions.element.options;
    expect([...ACTION_ORDER].sort()).toEqual([...all].sort());
    const buttons = actionButtons(['note', 'decide', 'withdraw_typical', 'unknown_action']);
    expect(buttons.map((b) => b.key)).toEqual(['decide', 'note', 'withdraw_typical']);
    expect(buttons[0]).toEqual({ key: 'decide', labelKey: 'case.action.decide', primary: true, danger: false });
    expect(buttons[2]!.danger).toBe(true);
    for (const a of ACTION_ORDER) {
      expect(DICTIONARIES.zh[`case.action.${a}`]).toBeTruthy();
      expect(DICTIONARIES.en[`case.action.${a}`]).toBeTruthy();
    }
  });

  it('posts each action to its endpoint; typical-case actions go through the typical case id', () => {
    expect(actionPath('file', 'c1')).toBe('/cases/c1/file');
    expect(actionPath('close_unfiled', 'c1')).toBe('/cases/c1/close-unfiled');
    expect(actionPath('note', 'c1')).toBe('/cases/c1/notes');
    expect(actionPath('decide_tolerance', 'c1')).toBe('/cases/c1/tolerance/decide');
    expect(actionPath('add_accountability', 'c1')).toBe('/cases/c1/accountability');
    expect(actionPath('draft_typical', 'c1')).toBe('/cases/c1/typical');
    expect(actionPath('publish_typical', 'c1', 't9')).toBe('/cases/typical/t9/publish');
    expect(() => actionPath('decide_typical', 'c1', null)).toThrow();
  });
});

describe('sanctions editor', () => {
  it('offers the Party and government measures of the contracts, in their order, and one measure for transfer and recovery', () => {
    expect(measureOptions('party').map((o) => o.value)).toEqual([...PARTY_MEASURES]);
    expect(measureOptions('party')[3]).toEqual({ value: 'serious_warning', label: PARTY_MEASURE_LABELS.serious_warning });
    expect(measureOptions('government').map((o) => o.value)).toEqual([...GOVERNMENT_MEASURES]);
    expect(measureOptions(undefined)).toEqual([]);
    expect(defaultMeasure('recovery')).toBe('recovery');
    expect(defaultMeasure('judicial')).toBe('transfer');
    expect(defaultMeasure('party')).toBeUndefined();
  });

  it('converts yuan to fen exactly', () => {
    expect(yuanToFen(12345.67)).toBe(1234567);
    expect(yuanToFen(0.29)).toBe(29);
    expect(yuanToFen(19.99)).toBe(1999);
    expect(yuanToFen('1,234.5')).toBe(123450);
    expect(yuanToFen('8000')).toBe(800000);
    expect(yuanToFen('0')).toBeNull();
    expect(yuanToFen('-5')).toBeNull();
    expect(yuanToFen('1.234')).toBeNull();
    expect(yuanToFen('abc')).toBeNull();
    expect(yuanToFen(null)).toBeNull();
    expect(yuanToFen(Number.NaN)).toBeNull();
  });

  it('builds the request: empty rows dropped, single measures filled, recovery in fen, valid against the contract', () => {
    const body = sanctionsBody([
      { category: 'party', measure: 'serious_warning', note: '  违反群众纪律 ' },
      {},
      { category: 'recovery', amountYuan: 12345.6 },
      { category: 'judicial' },
      { category: 'government' }, // no measure chosen: not sent
    ]);
    expect(body).toEqual([
      { category: 'party', measure: 'serious_warning', note: '违反群众纪律' },
      { category: 'recovery', measure: 'recovery', amountFen: 1234560 },
      { category: 'judicial', measure: 'transfer' },
    ]);
    expect(ZDecideCaseRequest.safeParse({ note: '给予严重警告处分，追缴违纪资金', sanctions: body }).success).toBe(true);
    expect(recoveryTotalFen([{ category: 'recovery', amountYuan: 100 }, { category: 'recovery', amountYuan: '0.5' }, { category: 'party', measure: 'warning' }])).toBe(10050);
    expect(sanctionsBody(undefined)).toEqual([]);
  });
});

describe('new case from a clue', () => {
  it('takes the source from the address, ignoring unknown types', () => {
    expect(cluePrefill(new URLSearchParams('sourceType=report&sourceId=abc'))).toEqual({ sourceType: 'report', sourceId: 'abc' });
    expect(cluePrefill(new URLSearchParams('sourceType=alert'))).toEqual({ sourceType: 'alert' });
    expect(cluePrefill(new URLSearchParams('sourceType=nonsense&sourceId=x'))).toEqual({ sourceType: 'direct' });
    expect(cluePrefill(new URLSearchParams(''))).toEqual({ sourceType: 'direct' });
  });

  it('fills in from a report or an alert without overwriting what was typed', () => {
    const fromReport = prefillFromReport({ number: 'JB330299-2026-00001', regionCode: '330299101201', subjectName: '王某某', subjectPosition: '村委会主任', content: '虚报低保', subjectIdNumber: null });
    expect(fromReport).toEqual({ title: '王某某村委会主任问题线索（举报JB330299-2026-00001）', regionCode: '330299101201', subjectName: '王某某', subjectPosition: '村委会主任', summary: '虚报低保' });
    expect(prefillFromAlert({ regionCode: '330299101201', regionName: '白坑村', summary: '同一人重复领取' })).toEqual({ title: '白坑村预警问题线索', regionCode: '330299101201', summary: '同一人重复领取' });
    expect(mergePrefill({ title: '我的标题', subjectName: ' ' }, fromReport)).toEqual({ regionCode: '330299101201', subjectName: '王某某', subjectPosition: '村委会主任', summary: '虚报低保' });
  });

  it('builds a request the contract accepts: trimmed, no id for a direct clue, upper-case X', () => {
    const body = caseRequestBody({
      title: ' 白坑村低保问题 ',
      sourceType: 'direct',
      sourceId: 'ignored',
      regionCode: '330299101201',
      subjectName: ' 王某 ',
      subjectPosition: '村委会主任',
      subjectIdNumber: '33029919800101123x',
      summary: ' 线索 ',
    });
    expect(body).toEqual({ title: '白坑村低保问题', sourceType: 'direct', regionCode: '330299101201', subjectName: '王某', subjectPosition: '村委会主任', subjectIdNumber: '33029919800101123X', summary: '线索' });
    expect(ZCaseRequest.safeParse(body).success).toBe(true);
    const fromReport = caseRequestBody({ title: 't', sourceType: 'report', sourceId: ' r1 ', subjectName: 'a', subjectPosition: 'b', summary: 's', handlingRegionCode: '330299000000' });
    expect(fromReport).toMatchObject({ sourceType: 'report', sourceId: 'r1', handlingRegionCode: '330299000000' });
    expect(fromReport).not.toHaveProperty('regionCode');
  });

  it('offers the own level and the levels above for handling', () => {
    expect(handlingLevels('330299101000')).toEqual(['330299101000', '330299000000']);
    expect(handlingLevels('330299000000')).toEqual(['330299000000']);
  });

  it('links the source record’s console page', () => {
    expect(sourcePath('report', 'r1')).toBe('/reports/r1');
    expect(sourcePath('alert', 'a1')).toBe('/alerts/a1');
    expect(sourcePath('direct', null)).toBeNull();
    expect(sourcePath('report', null)).toBeNull();
  });
});

describe('typical cases stay anonymous', () => {
  it('refuses the subject’s name (also the given name of a long name), identity numbers and mobile numbers', () => {
    expect(personalDataProblem('某村原党支部书记王某虚报冒领低保金', ['王建国'])).toBeNull();
    expect(personalDataProblem('王建国虚报冒领', ['王建国'])).toBe('name');
    expect(personalDataProblem('建国利用职务便利', ['王建国'])).toBe('name');
    expect(personalDataProblem('王 建国', ['王建国'])).toBe('name');
    expect(personalDataProblem('村委会主任违规', ['', null, '李四'])).toBeNull();
    expect(personalDataProblem('身份证330299198001011234', [])).toBe('idNumber');
    expect(personalDataProblem('电话13912345678', [])).toBe('phone');
    expect(personalDataProblem('追缴资金12345678901234元', [])).toBeNull(); // 14 digits: neither
  });
});

describe('strings and routes', () => {
  it('labels every status, kind, source, tolerance, event, category, measure and typical status in both languages', () => {
    const keys = [
      ...CASE_STATUSES.map((v) => `case.status.${v}`),
      ...CASE_KINDS.map((v) => `case.kind.${v}`),
      ...PROBLEM_SOURCES.map((v) => `case.source.${v}`),
      ...FAULT_TOLERANCE_STATUSES.map((v) => `case.tolerance.${v}`),
      ...CASE_EVENT_KINDS.map((v) => `case.event.${v}`),
      ...SANCTION_CATEGORIES.map((v) => `case.category.${v}`),
      ...SANCTION_CATEGORIES.flatMap((c) => Object.keys(SANCTION_MEASURE_LABELS[c]).map((m) => `case.measure.${c}.${m}`)),
      ...TYPICAL_CASE_STATUSES.map((v) => `typical.status.${v}`),
    ];
    for (const k of keys) {
      expect(DICTIONARIES.zh[k as keyof typeof DICTIONARIES.zh], k).toBeTruthy();
      expect(DICTIONARIES.en[k as keyof typeof DICTIONARIES.en], k).toBeTruthy();
    }
    expect(translateLabel('zh', 'case.measure.party', 'probation')).toBe('留党察看');
    expect(translateLabel('zh', 'case.event', 'read')).toBe('查阅案卷');
  });

  it('registers the case pages; detail and new-case routes select the case list in the menu', () => {
    const paths = PAGES.map((p) => p.path);
    for (const p of ['/cases', '/cases/new', '/cases/tolerance', '/cases/:id']) expect(paths).toContain(p);
    expect(PAGES.find((p) => p.path === '/cases/:id')!.anyOf).toEqual(['case:case:read']);
    expect(PAGES.find((p) => p.path === '/cases/new')!.anyOf).toEqual(['case:case:write']);
    expect(pageForPath('/cases/0b5e')?.key).toBe('cases');
    expect(pageForPath('/cases/tolerance')?.key).toBe('caseTolerance');
  });
});
