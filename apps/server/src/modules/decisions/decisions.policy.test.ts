import { describe, expect, it } from 'vitest';
import { leastMeeting, meetingOutcome, nextStage, orderProblem, stageInputProblems, statusAfter } from './decisions.policy.js';
import { chinaTimestamp, fenToYuan } from './decisions.export.js';

const outcome = (stage: 'review' | 'resolution', body: string | undefined, eligible: number, attendees: number, votesFor: number) =>
  meetingOutcome(stage, body, { eligible, attendees, votesFor });

describe('villagers meeting (村民会议, art. 22): more than half present, more than half of those present agree', () => {
  it('fails with exactly half present, passes with one more', () => {
    expect(outcome('resolution', '村民会议', 100, 50, 50)).toEqual({ outcome: 'failed', reason: expect.stringContaining('到会人数不足') });
    expect(outcome('resolution', '村民会议', 100, 50, 50)!.reason).toContain('至少51人');
    expect(outcome('resolution', '村民会议', 100, 51, 26)).toEqual({ outcome: 'passed', reason: null });
    expect(outcome('resolution', '村民会议', 7, 3, 3)!.outcome).toBe('failed');
    expect(outcome('resolution', '村民会议', 7, 4, 3)!.outcome).toBe('passed');
  });

  it('fails with exactly half of those present voting for', () => {
    const r = outcome('resolution', '村民会议', 100, 60, 30)!;
    expect(r.outcome).toBe('failed');
    expect(r.reason).toContain('赞成票不足');
    expect(r.reason).toContain('至少31票');
    expect(r.reason).not.toContain('到会人数不足');
    expect(outcome('resolution', '村民会议', 100, 60, 31)!.outcome).toBe('passed');
  });

  it('names both failures when both fail', () => {
    const r = outcome('resolution', '村民会议', 100, 40, 10)!;
    expect(r.reason).toContain('到会人数不足');
    expect(r.reason).toContain('赞成票不足');
  });
});

describe("representatives' meeting (村民代表会议, art. 26): at least two thirds present, more than half of those present agree", () => {
  it('passes with exactly two thirds present, fails with one fewer', () => {
    expect(outcome('resolution', '村民代表会议', 30, 20, 11)).toEqual({ outcome: 'passed', reason: null });
    const r = outcome('resolution', '村民代表会议', 30, 19, 19)!;
    expect(r.outcome).toBe('failed');
    expect(r.reason).toContain('村民代表会议应到30人，实到19人');
    expect(r.reason).toContain('至少20人');
    // Not a multiple of three: 57 × 2/3 = 38 exactly; 58 × 2/3 = 38.67 → 39.
    expect(outcome('resolution', '村民代表会议', 57, 38, 20)!.outcome).toBe('passed');
    expect(outcome('resolution', '村民代表会议', 58, 38, 20)!.outcome).toBe('failed');
    expect(outcome('resolution', '村民代表会议', 58, 39, 20)!.outcome).toBe('passed');
  });

  it('fails with exactly half of those present voting for', () => {
    expect(outcome('resolution', '村民代表会议', 30, 24, 12)!.outcome).toBe('failed');
    expect(outcome('resolution', '村民代表会议', 30, 24, 13)!.outcome).toBe('passed');
  });
});

describe("Party members' meeting (review, local rule): at least two thirds present, more than half of all members agree", () => {
  it('takes the majority of all members due to attend, not of those present', () => {
    expect(outcome('review', undefined, 90, 60, 46)).toEqual({ outcome: 'passed', reason: null });
    const half = outcome('review', undefined, 90, 60, 45)!;
    expect(half.outcome).toBe('failed');
    expect(half.reason).toContain('应到人数（90人）');
    expect(half.reason).toContain('至少46票');
    // 40 of 60 present is a majority of those present, but not of the 90 members.
    expect(outcome('review', undefined, 90, 60, 40)!.outcome).toBe('failed');
  });

  it('needs two thirds present (exactly two thirds passes)', () => {
    expect(outcome('review', undefined, 90, 59, 59)!.reason).toContain('到会人数不足');
    expect(outcome('review', undefined, 90, 60, 60)!.outcome).toBe('passed');
  });

  it('other stages have no outcome', () => {
    expect(meetingOutcome('proposal', undefined, { eligible: 5, attendees: 1, votesFor: 0 })).toBeNull();
    expect(meetingOutcome('result_published', undefined, { eligible: 0, attendees: 0, votesFor: 0 })).toBeNull();
  });
});

describe('leastMeeting', () => {
  it('is exact in integers at the boundaries', () => {
    expect(leastMeeting(100, { num: 1, den: 2, strict: true })).toBe(51);
    expect(leastMeeting(101, { num: 1, den: 2, strict: true })).toBe(51);
    expect(leastMeeting(30, { num: 2, den: 3, strict: false })).toBe(20);
    expect(leastMeeting(31, { num: 2, den: 3, strict: false })).toBe(21);
    expect(leastMeeting(0, { num: 2, den: 3, strict: false })).toBe(0);
  });
});

describe('stage order', () => {
  it('refuses a stage whose predecessor is missing, naming it', () => {
    expect(orderProblem('in_progress', [], 'consultation')).toContain('尚未记录“党组织提议”环节');
    expect(orderProblem('in_progress', ['proposal', 'consultation'], 'resolution')).toContain('尚未记录“党员大会审议”环节');
    expect(orderProblem('in_progress', ['proposal'], 'consultation')).toBeNull();
  });
  it('refuses a stage recorded twice, and anything after a failed meeting', () => {
    expect(orderProblem('in_progress', ['proposal'], 'proposal')).toContain('已经记录');
    expect(orderProblem('failed', ['proposal', 'consultation', 'review'], 'resolution')).toContain('重新发起决策');
  });
  it('gives the next stage and the status after each stage', () => {
    expect(nextStage('in_progress', [])).toBe('proposal');
    expect(nextStage('passed', ['proposal', 'consultation', 'review', 'resolution'])).toBe('resolution_published');
    expect(nextStage('failed', ['proposal'])).toBeNull();
    expect(statusAfter('in_progress', 'review', 'passed')).toBe('in_progress');
    expect(statusAfter('in_progress', 'review', 'failed')).toBe('failed');
    expect(statusAfter('in_progress', 'resolution', 'passed')).toBe('passed');
    expect(statusAfter('passed', 'resolution_published', null)).toBe('passed');
    expect(statusAfter('passed', 'result_published', null)).toBe('completed');
  });
});

describe('the minutes', () => {
  const today = '2026-03-10';
  const base = { stage: 'resolution' as const, body: '村民代表会议', heldOn: '2026-03-05', eligible: 30, attendees: 25, votesFor: 20, votesAgainst: 3, abstentions: 2 };
  const paths = (input: Parameters<typeof stageInputProblems>[0], previous: { stage: 'review'; heldOn: string } | null = null) =>
    stageInputProblems(input, { today, previous }).map((p) => p.path);

  it('accepts votes that add up to the attendees and attendees equal to the eligible', () => {
    expect(stageInputProblems(base, { today, previous: { stage: 'review', heldOn: '2026-03-05' } })).toEqual([]);
    expect(paths({ ...base, attendees: 30 })).toEqual([]);
  });
  it('names the field whose count does not add up', () => {
    expect(stageInputProblems({ ...base, attendees: 31 }, { today, previous: null })).toEqual([{ path: 'attendees', message: '实到人数（31）不能超过应到人数（30）' }]);
    expect(stageInputProblems({ ...base, abstentions: 3 }, { today, previous: null })).toEqual([{ path: 'votesFor', message: '赞成、反对、弃权票数之和（26）不能超过实到人数（25）' }]);
  });
  it('requires the body of a resolution and the counts of a voting meeting', () => {
    expect(paths({ ...base, body: undefined })).toEqual(['body']);
    expect(paths({ ...base, body: '两委会' })).toEqual(['body']);
    expect(paths({ stage: 'review', heldOn: '2026-03-05' })).toEqual(['eligible', 'attendees', 'votesFor']);
    expect(paths({ stage: 'review', heldOn: '2026-03-05', eligible: 0, attendees: 0, votesFor: 0 })).toEqual(['eligible']);
    expect(paths({ stage: 'resolution_published', heldOn: '2026-03-05' })).toEqual([]);
    expect(paths({ stage: 'proposal', heldOn: '2026-03-05', attendees: 5 })).toEqual(['eligible']);
    expect(paths({ stage: 'proposal', heldOn: '2026-03-05', votesFor: 5 })).toEqual(['attendees']);
  });
  it('refuses a date in the future or before the previous stage (the same day is fine)', () => {
    expect(stageInputProblems({ ...base, heldOn: '2026-03-11' }, { today, previous: null })[0]!.message).toBe('会议日期（2026-03-11）不能晚于今天（2026-03-10）');
    expect(paths({ ...base, heldOn: today })).toEqual([]);
    expect(paths({ ...base, heldOn: '2026-02-29' })).toEqual(['heldOn']);
    expect(stageInputProblems({ ...base, heldOn: '2026-03-04' }, { today, previous: { stage: 'review', heldOn: '2026-03-05' } })[0]).toEqual({
      path: 'heldOn',
      message: '会议日期（2026-03-04）不能早于上一环节“党员大会审议”的日期（2026-03-05）',
    });
  });
});

describe('export formats', () => {
  it('writes fen as yuan with two decimals, exactly', () => {
    expect(fenToYuan(null)).toBe('');
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(61426400)).toBe('614264.00');
    expect(fenToYuan(999_999_999_999_99)).toBe('999999999999.99');
  });
  it('writes timestamps in China time, to the second', () => {
    expect(chinaTimestamp(new Date('2024-08-24T03:45:22.789Z'))).toBe('2024-08-24T11:45:22+08:00');
    expect(chinaTimestamp(new Date('2024-08-24T16:00:00Z'))).toBe('2024-08-25T00:00:00+08:00');
  });
});
