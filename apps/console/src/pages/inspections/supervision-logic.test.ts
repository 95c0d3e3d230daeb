import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECKLISTS, FOCUS_AREAS, RECTIFICATION_ITEM_STATUSES, type TPermission, type TRectificationItemStatus } from '@mpw/contracts';
import {
  ITEM_STATUS_COLORS,
  addDays,
  checklistFor,
  chinaToday,
  cleanChecklist,
  firstLine,
  isResponsibleUnit,
  itemActions,
  ledgerQuery,
  nextChecklistKey,
  noticeBody,
  onlyVillages,
  planListQuery,
  rateText,
  sourceFromParams,
  statsChartOption,
  teamCandidates,
} from './supervision-logic';

const DISTRICT = '330299000000';
const FENGLING = '330299101000';
const BAIKENG = '330299101201';
const HUANGNI = '330299102000';
const viewer = (regionCode: string, perms: TPermission[]) => ({ regionCode, can: (p: TPermission) => perms.includes(p) });

describe('ledger and list filters', () => {
  it('keeps known non-empty filters, overdue only as true, dates only as days, and swaps a reversed range', () => {
    const q = ledgerQuery(new URLSearchParams('status=answered&overdue=false&q=%20低保%20&deadlineFrom=2026-12-31&deadlineTo=2026-01-01&foo=bar&sourceType='));
    expect(q).toEqual({ status: 'answered', q: '低保', deadlineFrom: '2026-01-01', deadlineTo: '2026-12-31' });
    expect(ledgerQuery(new URLSearchParams('overdue=true&deadlineFrom=31/12/2026&regionCode=' + BAIKENG))).toEqual({ overdue: 'true', regionCode: BAIKENG });
    // The dashboard's links: closing date and on-time.
    expect(ledgerQuery(new URLSearchParams('closedFrom=2026-06-30&closedTo=2026-01-01&timeliness=on_time'))).toEqual({ closedFrom: '2026-01-01', closedTo: '2026-06-30', timeliness: 'on_time' });
    expect(ledgerQuery(new URLSearchParams('closedFrom=2026/01/01&closedTo=2026-06-30'))).toEqual({ closedTo: '2026-06-30' });
  });
  it('takes a year only as four digits', () => {
    expect(planListQuery(new URLSearchParams('year=2026&kind=special'))).toEqual({ year: '2026', kind: 'special' });
    expect(planListQuery(new URLSearchParams('year=26'))).toEqual({});
  });
});

describe('checklist follows the focus areas', () => {
  it('starts from the defaults, keeps edits of areas still chosen, drops the others, in FOCUS_AREAS order', () => {
    const first = checklistFor(['works', 'village_finance']);
    expect(first.map((a) => a.area)).toEqual(['village_finance', 'works']);
    expect(first[0]!.items).toEqual(DEFAULT_CHECKLISTS.village_finance);
    first[0]!.items[0]!.text = '改过的检查项';
    expect(DEFAULT_CHECKLISTS.village_finance[0]!.text).not.toBe('改过的检查项');
    const next = checklistFor(['village_finance', 'conduct'], first);
    expect(next.map((a) => a.area)).toEqual(['village_finance', 'conduct']);
    expect(next[0]!.items[0]!.text).toBe('改过的检查项');
    expect(checklistFor([...FOCUS_AREAS]).length).toBe(FOCUS_AREAS.length);
  });
  it('gives a hand-added item an unused short key and drops empty lines', () => {
    const area = { area: 'works' as const, items: [{ key: 'wox1', text: 'a' }, { key: 'wk1', text: ' ' }] };
    expect(nextChecklistKey(area)).toBe('wox2');
    expect(cleanChecklist([area])).toEqual([{ area: 'works', items: [{ key: 'wox1', text: 'a' }] }]);
  });
});

describe('scope, team and responsible unit', () => {
  it('keeps only village codes, once, sorted', () => {
    expect(onlyVillages([FENGLING, BAIKENG, '330299101202', BAIKENG, 'x'])).toEqual([BAIKENG, '330299101202']);
  });
  it('offers active people whose roles read plans', () => {
    const users = [
      { id: '1', displayName: '纪委', roles: ['township_discipline' as const], status: 'active' },
      { id: '2', displayName: '书记', roles: ['village_secretary' as const], status: 'active' },
      { id: '3', displayName: '停用', roles: ['township_discipline' as const], status: 'disabled' },
      { id: '4', displayName: '接口', roles: ['district_inspector' as const], status: 'active', isMachine: true },
    ];
    expect(teamCandidates(users).map((u) => u.id)).toEqual(['1']);
  });
  it('addresses a notice strictly below the issuer, to a village or township', () => {
    expect(isResponsibleUnit(FENGLING, BAIKENG)).toBe(true);
    expect(isResponsibleUnit(FENGLING, FENGLING)).toBe(false);
    expect(isResponsibleUnit(FENGLING, HUANGNI)).toBe(false);
    expect(isResponsibleUnit(DISTRICT, HUANGNI)).toBe(true);
    expect(isResponsibleUnit(DISTRICT, DISTRICT)).toBe(false);
  });
});

describe('notice body', () => {
  it('trims, leaves out defaults equal to the notice, and sends no id for direct items', () => {
    const body = noticeBody({
      regionCode: BAIKENG,
      title: ' 整改通知 ',
      requirement: ' 立即整改 ',
      deadline: '2026-12-31',
      responsibleName: ' 张书记 ',
      responsibleUserId: '',
      items: [
        { problem: ' 问题一 ', requirement: ' 要求一 ', deadline: '2026-12-31', responsibleName: '张书记', sourceType: 'direct', sourceId: 'ignored' },
        { problem: '问题二', requirement: '要求二', deadline: '2026-11-30', responsibleName: '李会计', sourceType: 'alert', sourceId: ' a1 ' },
      ],
    });
    expect(body).toEqual({
      regionCode: BAIKENG,
      title: '整改通知',
      requirement: '立即整改',
      deadline: '2026-12-31',
      responsibleName: '张书记',
      items: [
        { problem: '问题一', requirement: '要求一', sourceType: 'direct' },
        { problem: '问题二', requirement: '要求二', sourceType: 'alert', sourceId: 'a1', deadline: '2026-11-30', responsibleName: '李会计' },
      ],
    });
  });
});

describe('item actions by permission, region and status', () => {
  const item = (status: TRectificationItemStatus) => ({ status, regionCode: BAIKENG, issuerRegionCode: FENGLING });
  const village = viewer(BAIKENG, ['rectification:notice:read', 'rectification:item:answer']);
  const township = viewer(FENGLING, ['rectification:notice:read', 'rectification:item:decide']);
  const district = viewer(DISTRICT, ['rectification:notice:read', 'rectification:item:decide']);
  const otherTownship = viewer(HUANGNI, ['rectification:notice:read', 'rectification:item:decide']);
  it('lets the responsible unit answer while the item waits for measures', () => {
    expect(RECTIFICATION_ITEM_STATUSES.filter((s) => itemActions(item(s), village).answer)).toEqual(['open', 'returned', 'reopened']);
    expect(itemActions(item('open'), township).answer).toBe(false);
    expect(itemActions(item('open'), viewer(BAIKENG, ['rectification:notice:read'])).answer).toBe(false);
  });
  it('lets the issuer (or above) accept or return an answer and reopen a closed item; never another township', () => {
    expect(itemActions(item('answered'), township)).toEqual({ answer: false, accept: true, return: true, reopen: false });
    expect(itemActions(item('closed'), district)).toEqual({ answer: false, accept: false, return: false, reopen: true });
    expect(itemActions(item('answered'), otherTownship)).toEqual({ answer: false, accept: false, return: false, reopen: false });
    expect(itemActions(item('answered'), village).accept).toBe(false);
  });
  it('has a colour for every status', () => {
    for (const s of RECTIFICATION_ITEM_STATUSES) expect(ITEM_STATUS_COLORS[s]).toBeTruthy();
  });
});

describe('stats, dates and sources', () => {
  it('formats a rate and charts units with something due, lowest first', () => {
    expect(rateText(0.85666)).toBe('85.7%');
    expect(rateText(1)).toBe('100.0%');
    expect(rateText(null)).toBe('—');
    const option = statsChartOption(
      [
        { regionCode: FENGLING, regionName: '凤岭镇', due: 4, closedOnTime: 3, closedLate: 0, openOverdue: 1, onTimeRate: 0.75 },
        { regionCode: HUANGNI, regionName: '黄泥镇', due: 0, closedOnTime: 0, closedLate: 0, openOverdue: 0, onTimeRate: null },
        { regionCode: '330299103000', regionName: '石门镇', due: 2, closedOnTime: 1, closedLate: 1, openOverdue: 0, onTimeRate: 0.5 },
      ],
      { rate: '按期完成率', due: '应完成' },
    );
    expect(option.xAxis.data).toEqual(['石门镇', '凤岭镇']);
    expect(option.series[0]!.data.map((d) => d.value)).toEqual([50, 75]);
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toBe('凤岭镇<br/>按期完成率：75.0%<br/>应完成：4');
  });
  it('counts days in China time', () => {
    expect(chinaToday(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  });
  it('accepts only known sources with an id from the address bar', () => {
    expect(sourceFromParams(new URLSearchParams('sourceType=alert&sourceId=abc'), ['alert', 'report'])).toEqual({ sourceType: 'alert', sourceId: 'abc' });
    expect(sourceFromParams(new URLSearchParams('sourceType=case&sourceId=abc'), ['alert', 'report'])).toBeNull();
    expect(sourceFromParams(new URLSearchParams('sourceType=alert'), ['alert'])).toBeNull();
    expect(firstLine('\n  第一行问题  \n第二行', 4)).toBe('第一行…');
  });
});
