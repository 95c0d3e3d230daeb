import { describe, expect, it } from 'vitest';
// Values from the contracts are fine in tests (they run in node); the portal itself imports only types.
import { HEARING_STATUS_LABELS, SATISFACTION_LEVELS, SATISFACTION_LEVEL_LABELS, VILLAGE_QUESTION_STATUS_LABELS } from '@mpw/contracts';
import { fmtDateTime, levelShares, sortHearings, verifyLink } from './hearings';
import { H } from './strings';

describe('words that mirror the contracts', () => {
  it('names session statuses, rating levels and question statuses as the contracts do', () => {
    expect(H.hearingStatus).toEqual(HEARING_STATUS_LABELS);
    expect(H.level).toEqual(SATISFACTION_LEVEL_LABELS);
    expect([...H.levels]).toEqual([...SATISFACTION_LEVELS]);
    expect(H.questionStatus).toEqual(VILLAGE_QUESTION_STATUS_LABELS);
  });
});

describe('sessions', () => {
  it('lists the one in session first, then the coming ones soonest first, then closed newest first, cancelled last', () => {
    const h = (id: string, status: string, scheduledAt: string) => ({ id, status: status as 'scheduled', scheduledAt });
    const sorted = sortHearings([
      h('closed-old', 'closed', '2026-03-10T02:00:00Z'),
      h('cancelled', 'cancelled', '2026-12-20T02:00:00Z'),
      h('later', 'scheduled', '2027-01-15T02:00:00Z'),
      h('closed-new', 'closed', '2026-09-10T02:00:00Z'),
      h('now', 'in_session', '2026-11-29T02:00:00Z'),
      h('soon', 'scheduled', '2026-12-10T02:00:00Z'),
    ]);
    expect(sorted.map((x) => x.id)).toEqual(['now', 'soon', 'later', 'closed-new', 'closed-old', 'cancelled']);
  });
  it('writes a meeting time in China time', () => {
    expect(fmtDateTime('2026-12-09T06:30:00Z')).toBe('2026年12月9日 14:30');
    expect(fmtDateTime('2026-12-31T18:05:00+00:00')).toBe('2027年1月1日 02:05');
    expect(fmtDateTime(null)).toBe('—');
  });
});

describe('results and verification', () => {
  it('turns counts into whole percentages for the bars', () => {
    expect(levelShares({ satisfied: 6, basically_satisfied: 3, dissatisfied: 1, total: 10, dissatisfiedShare: 0.1 })).toEqual({ satisfied: 60, basically_satisfied: 30, dissatisfied: 10 });
    expect(levelShares({ satisfied: 0, basically_satisfied: 0, dissatisfied: 0, total: 0, dissatisfiedShare: null })).toEqual({ satisfied: 0, basically_satisfied: 0, dissatisfied: 0 });
  });
  it('sends the villager to the household page and back with ?return=', () => {
    expect(verifyLink('330299101201', '/v/330299101201/hearings/abc')).toBe('/v/330299101201/household?return=%2Fv%2F330299101201%2Fhearings%2Fabc');
  });
});
