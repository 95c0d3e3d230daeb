import { describe, expect, it } from 'vitest';
import {
  canEditReport,
  coverage,
  dissatisfiedIsHigh,
  hearingActions,
  hearingBody,
  householdQuery,
  isLowCoverage,
  isVillageCode,
  levelShare,
  percentText,
  questionButtons,
  questionQuery,
  quarterLabel,
  quarterOf,
  recentQuarters,
} from './villagers-logic';

describe('filters from the address bar', () => {
  it('falls back to the header region and drops empty values', () => {
    expect(householdQuery(new URLSearchParams('q=%20&codeStatus=none'), '330299101201')).toEqual({ regionCode: '330299101201', codeStatus: 'none' });
    expect(householdQuery(new URLSearchParams('regionCode=330299101202&q=张'), '330299101201')).toEqual({ regionCode: '330299101202', q: '张' });
  });
  it('keeps overdue only when true', () => {
    expect(questionQuery(new URLSearchParams('overdue=false&status=open'), '330299')).toEqual({ regionCode: '330299', status: 'open' });
    expect(questionQuery(new URLSearchParams('overdue=true'), '')).toEqual({ overdue: 'true' });
  });
  it('passes the dashboard link filters on unchanged', () => {
    const link = 'regionCode=330299101201&hidden=false&askedFrom=2026-01-01&askedTo=2026-03-31&dueFrom=2026-01-05&dueTo=2026-03-31&timeliness=on_time';
    expect(questionQuery(new URLSearchParams(link), '330299')).toEqual(Object.fromEntries(new URLSearchParams(link)));
  });
});

describe('quarters in China time', () => {
  it('takes the China date, not the UTC one', () => {
    // 2026-12-31 17:00 UTC is 2027-01-01 01:00 in China.
    expect(quarterOf(new Date('2026-12-31T17:00:00Z'))).toBe('2027-Q1');
    expect(quarterOf(new Date('2026-12-31T15:00:00Z'))).toBe('2026-Q4');
  });
  it('lists recent quarters across a year boundary', () => {
    expect(recentQuarters(new Date('2026-02-10T00:00:00Z'), 3)).toEqual(['2026-Q1', '2025-Q4', '2025-Q3']);
    expect(quarterLabel('2026-Q4')).toBe('2026年第4季度');
    expect(quarterLabel('bad')).toBe('bad');
  });
});

describe('shares and coverage', () => {
  it('computes coverage and marks small samples', () => {
    expect(coverage({ responses: 30, households: 120 })).toBe(0.25);
    expect(coverage({ responses: 0, households: 0 })).toBeNull();
    expect(isLowCoverage({ responses: 30, households: 120 })).toBe(false);
    expect(isLowCoverage({ responses: 15, households: 120 })).toBe(true);
    expect(isLowCoverage({ responses: 5, households: 12 })).toBe(false);
    expect(isLowCoverage({ responses: 3, households: 10 })).toBe(true);
    expect(isLowCoverage({ responses: 0, households: 12 })).toBe(false);
  });
  it('formats shares', () => {
    expect(levelShare({ satisfied: 2, basically_satisfied: 1, dissatisfied: 1 }, 'satisfied')).toBe(0.5);
    expect(levelShare({ satisfied: 0, basically_satisfied: 0, dissatisfied: 0 }, 'satisfied')).toBeNull();
    expect(percentText(0.333)).toBe('33%');
    expect(percentText(null)).toBe('—');
    expect(dissatisfiedIsHigh({ satisfied: 3, basically_satisfied: 0, dissatisfied: 2, total: 5, dissatisfiedShare: 0.4 })).toBe(true);
    expect(dissatisfiedIsHigh(null)).toBe(false);
  });
});

describe('hearings', () => {
  it('builds the create body without blank cadre rows or empty notes', () => {
    const body = hearingBody({
      regionCode: '330299101201',
      title: ' 四季度问政会 ',
      quarter: '2026-Q4',
      scheduledAt: '2026-12-20T01:00:00.000Z',
      place: ' 村委会 ',
      description: '  ',
      cadres: [{ name: ' 张三 ', position: '书记', userId: undefined }, { name: '', position: ' ' }, { name: '李四', position: '主任', userId: '6f1c1b7e-0000-4000-8000-000000000001' }],
    });
    expect(body).toEqual({
      regionCode: '330299101201',
      title: '四季度问政会',
      quarter: '2026-Q4',
      scheduledAt: '2026-12-20T01:00:00.000Z',
      place: '村委会',
      cadres: [
        { name: '张三', position: '书记' },
        { name: '李四', position: '主任', userId: '6f1c1b7e-0000-4000-8000-000000000001' },
      ],
    });
  });
  it('offers the state changes of each status', () => {
    expect(hearingActions('scheduled')).toEqual(['start', 'cancel']);
    expect(hearingActions('in_session')).toEqual(['close']);
    expect(hearingActions('closed')).toEqual([]);
  });
  it('lets the cadre or a manager write the report', () => {
    expect(canEditReport({ status: 'scheduled' }, { userId: 'u1' }, { id: 'u1', canManage: false })).toBe(true);
    expect(canEditReport({ status: 'scheduled' }, { userId: 'u1' }, { id: 'u2', canManage: false })).toBe(false);
    expect(canEditReport({ status: 'in_session' }, { userId: null }, { id: 'u2', canManage: true })).toBe(true);
    expect(canEditReport({ status: 'cancelled' }, { userId: 'u1' }, { id: 'u1', canManage: true })).toBe(false);
  });
  it('shows answer on open questions and hide to moderators', () => {
    expect(questionButtons({ status: 'open' }, { answer: true, moderate: false })).toEqual({ answer: true, hide: false });
    expect(questionButtons({ status: 'answered' }, { answer: true, moderate: true })).toEqual({ answer: false, hide: true });
    expect(questionButtons({ status: 'hidden' }, { answer: true, moderate: true })).toEqual({ answer: false, hide: false });
  });
  it('recognises village codes', () => {
    expect(isVillageCode('330299101201')).toBe(true);
    expect(isVillageCode('330299101000')).toBe(false);
    expect(isVillageCode('330299000000')).toBe(false);
    expect(isVillageCode(undefined)).toBe(false);
  });
});
