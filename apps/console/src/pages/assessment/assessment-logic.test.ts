import { describe, expect, it } from 'vitest';
import { ZAssessmentSchemeRequest, ZCreateTrainingRequest, ZReplaceSupervisionMemberRequest, ZSupervisionMemberInput } from '@mpw/contracts';
import {
  addAttendees,
  chinaToday,
  coverageIsLow,
  defaultPeriod,
  historyTarget,
  isAdjusted,
  isConsolePath,
  memberBody,
  newIndicatorKey,
  periodLabel,
  periodLocked,
  periodsFor,
  pickScheme,
  replaceBody,
  rosterQuery,
  rowsOf,
  scoreText,
  trainingBody,
  trainingQuery,
  unusedKinds,
  valueText,
  weightSum,
  weightsValid,
  type AttendeeRow,
} from './assessment-logic';

const VILLAGE = '330299101201';
const TOWNSHIP = '330299101000';

describe('filters from the address bar', () => {
  it('keeps the known keys, falls back to the header region and drops a flag that is not true', () => {
    expect(trainingQuery(new URLSearchParams('kind=warning_education&from=2026-01-01&x=1'), TOWNSHIP)).toEqual({ kind: 'warning_education', from: '2026-01-01', regionCode: TOWNSHIP });
    expect(rosterQuery(new URLSearchParams(`regionCode=${VILLAGE}&conflictsOnly=false&role=chair`), TOWNSHIP)).toEqual({ regionCode: VILLAGE, role: 'chair' });
    expect(rosterQuery(new URLSearchParams('conflictsOnly=true'), '')).toEqual({ conflictsOnly: 'true' });
  });
});

describe('periods', () => {
  // 2026-10-05 08:00 China time is in Q4; the last finished quarter is Q3.
  const now = new Date('2026-10-05T00:00:00Z');
  it('offers quarters or years newest first and opens on the last finished one', () => {
    expect(periodsFor('quarter', now, 3)).toEqual(['2026-Q4', '2026-Q3', '2026-Q2']);
    expect(periodsFor('year', now, 2)).toEqual(['2026', '2025']);
    expect(defaultPeriod('quarter', now)).toBe('2026-Q3');
    expect(defaultPeriod('quarter', new Date('2026-01-10T00:00:00Z'))).toBe('2025-Q4');
    expect(defaultPeriod('year', now)).toBe('2025');
  });
  it('dates fields in China time', () => {
    expect(chinaToday(new Date('2026-10-04T17:00:00Z'))).toBe('2026-10-05');
    expect(chinaToday(new Date('2026-10-04T15:00:00Z'))).toBe('2026-10-04');
  });
  it('labels periods in Chinese', () => {
    expect(periodLabel('2026-Q3')).toBe('2026年第3季度');
    expect(periodLabel('2025')).toBe('2025年度');
    expect(periodLabel('bad')).toBe('bad');
  });
});

describe('schemes and weights', () => {
  const scheme = (id: string, status: 'draft' | 'active' | 'retired') => ({ id, status, regionCode: '330299000000', name: id, targetLevel: 'village' as const, periodKind: 'quarter' as const, indicators: [], createdAt: '' });
  it('picks the scheme in the address bar, else the active one', () => {
    const list = [scheme('a', 'retired'), scheme('b', 'active')];
    expect(pickScheme(list, 'a')?.id).toBe('a');
    expect(pickScheme(list, null)?.id).toBe('b');
    expect(pickScheme(list, 'gone')?.id).toBe('b');
    expect(pickScheme([], null)).toBeUndefined();
  });
  it('sums weights without float noise and accepts exactly 100, as the contract does', () => {
    const ind = (key: string, weight: number) => ({ key, name: key + '指标', category: 'disclosure' as const, kind: 'disclosure_on_time' as const, weight, minRecords: 5 });
    const ok = [ind('ka', 33.3), ind('kb', 33.3), ind('kc', 33.4)];
    expect(weightSum(ok)).toBe(100);
    expect(weightsValid(ok)).toBe(true);
    expect(weightsValid([ind('a', 50), ind('b', 40)])).toBe(false);
    expect(weightsValid([])).toBe(false);
    const body = { regionCode: '330299000000', name: '测试方案', targetLevel: 'village', periodKind: 'quarter' };
    expect(ZAssessmentSchemeRequest.safeParse({ ...body, indicators: ok }).success).toBe(true);
    expect(ZAssessmentSchemeRequest.safeParse({ ...body, indicators: [ind('ka', 50), ind('kb', 40)] }).success).toBe(false);
  });
  it('gives a new indicator a free key and offers the kinds not used yet', () => {
    expect(newIndicatorKey('satisfaction', [])).toBe('satisfaction');
    expect(newIndicatorKey('satisfaction', ['satisfaction', 'satisfaction_2'])).toBe('satisfaction_3');
    expect(unusedKinds([{ kind: 'satisfaction' }])).not.toContain('satisfaction');
    expect(unusedKinds([{ kind: 'satisfaction' }])).toContain('disclosure_on_time');
  });
});

describe('results display', () => {
  it('shows scores with one decimal, marks adjusted ones and little data', () => {
    expect(scoreText(87.25)).toBe('87.3');
    expect(scoreText(90)).toBe('90');
    expect(scoreText(null)).toBe('—');
    expect(isAdjusted({ computedScore: 80, adjustedScore: null })).toBe(false);
    expect(isAdjusted({ computedScore: 80, adjustedScore: 80 })).toBe(false);
    expect(isAdjusted({ computedScore: 80, adjustedScore: 85 })).toBe(true);
    expect(coverageIsLow(0.5)).toBe(true);
    expect(coverageIsLow(0.8)).toBe(false);
    expect(valueText({ category: 'disclosure', value: 0.875 })).toBe('87.5%');
    expect(valueText({ category: 'satisfaction', value: 92 })).toBe('92');
    expect(valueText({ category: 'disclosure', value: null })).toBe('—');
    expect(periodLocked([])).toBe(false);
    expect(periodLocked([{ locked: true }, { locked: true }])).toBe(true);
    expect(periodLocked([{ locked: true }, { locked: false }])).toBe(false);
  });
  it('follows console paths only', () => {
    expect(isConsolePath('/rectification?regionCode=330299101201&status=closed')).toBe(true);
    expect(isConsolePath('//evil.example/x')).toBe(false);
    expect(isConsolePath('https://evil.example/')).toBe(false);
    expect(isConsolePath(null)).toBe(false);
  });
  it('reads a list answered as an array or as a page', () => {
    expect(rowsOf([1, 2])).toEqual([1, 2]);
    expect(rowsOf({ data: [3], total: 1 })).toEqual([3]);
    expect(rowsOf(null)).toEqual([]);
  });
});

describe('request bodies', () => {
  it('builds a training body the contract accepts, without a person listed twice', () => {
    const a: AttendeeRow[] = addAttendees(
      [{ kind: 'user', userId: '7b0c2f0e-8a53-4a8c-9d0e-1f4b8e2c1a01', name: '张书记', position: '村书记/主任', regionCode: VILLAGE }],
      [
        { kind: 'user', userId: '7b0c2f0e-8a53-4a8c-9d0e-1f4b8e2c1a01', name: '张书记', regionCode: VILLAGE },
        { kind: 'supervision_member', memberId: '7b0c2f0e-8a53-4a8c-9d0e-1f4b8e2c1a02', name: '周主任', regionCode: VILLAGE },
        { kind: 'other', name: ' 王大伯 ', position: ' ', regionCode: VILLAGE },
        { kind: 'other', name: '王大伯', regionCode: VILLAGE },
      ],
    );
    expect(a).toHaveLength(3);
    const body = trainingBody({ regionCode: TOWNSHIP, title: ' 警示教育大会 ', kind: 'warning_education', heldOn: '2026-10-20', hours: 2.5, organiser: '凤岭镇纪委', place: ' ' }, a);
    expect(body.title).toBe('警示教育大会');
    expect(body).not.toHaveProperty('place');
    expect(body.attendees[2]).toEqual({ kind: 'other', name: '王大伯', regionCode: VILLAGE });
    expect(ZCreateTrainingRequest.safeParse(body).success).toBe(true);
  });
  it('builds member and replace bodies the contract accepts; an empty identity number is left out', () => {
    const v = { regionCode: VILLAGE, name: ' 李委员 ', idNumber: '33029919800101123x', role: 'member' as const, termStart: '2026-03-01', electedOn: '2026-02-20', electionRecord: '村民代表会议选举产生', backgrounds: ['finance' as const], phone: '' };
    const body = memberBody(v);
    expect(body.idNumber).toBe('33029919800101123X');
    expect(body).not.toHaveProperty('phone');
    expect(ZSupervisionMemberInput.safeParse(body).success).toBe(true);
    expect(memberBody({ ...v, idNumber: '' })).not.toHaveProperty('idNumber');
    const replace = replaceBody({ reason: ' 本人辞职 ', leftOn: '2026-11-01', successor: v });
    expect(replace.successor).not.toHaveProperty('regionCode');
    expect(ZReplaceSupervisionMemberRequest.safeParse(replace).success).toBe(true);
    expect(replaceBody({ reason: '迁出本村', leftOn: '2026-11-01', successor: null })).toEqual({ reason: '迁出本村', leftOn: '2026-11-01' });
  });
  it('opens a history only for accounts and roster members', () => {
    expect(historyTarget({ kind: 'user', userId: 'u1', memberId: null })).toEqual({ kind: 'user', id: 'u1' });
    expect(historyTarget({ kind: 'supervision_member', userId: null, memberId: 'm1' })).toEqual({ kind: 'supervision_member', id: 'm1' });
    expect(historyTarget({ kind: 'other', userId: null, memberId: null })).toBeNull();
  });
});
