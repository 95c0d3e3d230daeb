import {
  DECISION_STAGES,
  DECISION_STAGE_LABELS,
  RESOLUTION_BODIES,
  isCalendarDate,
  type TDecisionStage,
  type TDecisionStatus,
  type TRecordDecisionStageRequest,
  type TStageOutcome,
} from '@mpw/contracts';

/**
 * The rules of 四议两公开 as pure functions: stage order, the minutes' arithmetic, and the
 * quorum and majority of each voting meeting (shared/spec/domain.md, "Meetings and decisions").
 */

export interface Problem {
  path: string;
  message: string;
}

const label = (s: TDecisionStage) => `“${DECISION_STAGE_LABELS[s]}”`;
const ORDER_TEXT = DECISION_STAGES.map((s) => DECISION_STAGE_LABELS[s]).join('→');

/** Why `stage` cannot be recorded now (a 409), or null. */
export function orderProblem(status: TDecisionStatus, recorded: readonly TDecisionStage[], stage: TDecisionStage): string | null {
  if (status === 'failed') return `该决策已未通过，程序已终止，不能再记录${label(stage)}；如需继续，请重新发起决策`;
  if (recorded.includes(stage)) return `${label(stage)}环节已经记录，每个环节只能记录一次`;
  const missing = DECISION_STAGES.slice(0, DECISION_STAGES.indexOf(stage)).find((s) => !recorded.includes(s));
  if (missing) return `尚未记录${label(missing)}环节，不能记录${label(stage)}：四议两公开须按 ${ORDER_TEXT} 的顺序进行，不能跳过或倒置`;
  return null;
}

/** The stage to record next, or null when the procedure is over. */
export function nextStage(status: TDecisionStatus, recorded: readonly TDecisionStage[]): TDecisionStage | null {
  if (status === 'failed' || status === 'completed') return null;
  return DECISION_STAGES.find((s) => !recorded.includes(s)) ?? null;
}

/** The voting meetings: the Party members' meeting reviews, the villagers' (representatives') meeting resolves. */
export const isVotingStage = (stage: TDecisionStage) => stage === 'review' || stage === 'resolution';

/**
 * What the minutes must say, as 400 problems naming the field: counts that add up
 * (votes ≤ attendees ≤ eligible), a date not in the future and not before the previous stage,
 * and for a voting meeting its counts (and for a resolution its body).
 */
export function stageInputProblems(
  input: TRecordDecisionStageRequest,
  ctx: { today: string; previous: { stage: TDecisionStage; heldOn: string } | null },
): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  // Callers from other modules may not have checked the date itself.
  if (!isCalendarDate(input.heldOn)) add('heldOn', `不是有效的日期（${input.heldOn}），格式应为YYYY-MM-DD`);
  else if (input.heldOn > ctx.today) add('heldOn', `会议日期（${input.heldOn}）不能晚于今天（${ctx.today}）`);
  else if (ctx.previous && input.heldOn < ctx.previous.heldOn) {
    add('heldOn', `会议日期（${input.heldOn}）不能早于上一环节${label(ctx.previous.stage)}的日期（${ctx.previous.heldOn}）`);
  }
  if (input.stage === 'resolution' && !RESOLUTION_BODIES.includes(input.body as never)) {
    add('body', `决议须写明会议类型：${RESOLUTION_BODIES.join('或')}`);
  }
  const { eligible, attendees, votesFor, votesAgainst, abstentions } = input;
  if (isVotingStage(input.stage)) {
    if (eligible === undefined) add('eligible', `${label(input.stage)}须填写应到人数`);
    if (attendees === undefined) add('attendees', `${label(input.stage)}须填写实到人数`);
    if (votesFor === undefined) add('votesFor', `${label(input.stage)}须填写赞成票数`);
    if (eligible === 0) add('eligible', '应到人数必须大于0');
  }
  const votes = [votesFor, votesAgainst, abstentions].filter((v): v is number => v !== undefined);
  const voteSum = votes.reduce((a, b) => a + b, 0);
  if (attendees !== undefined && eligible !== undefined && attendees > eligible) {
    add('attendees', `实到人数（${attendees}）不能超过应到人数（${eligible}）`);
  } else if (attendees !== undefined && eligible === undefined && !isVotingStage(input.stage)) {
    add('eligible', '填写了实到人数，须同时填写应到人数');
  }
  if (votes.length > 0 && attendees !== undefined && voteSum > attendees) {
    add('votesFor', `赞成、反对、弃权票数之和（${voteSum}）不能超过实到人数（${attendees}）`);
  } else if (votes.length > 0 && attendees === undefined && !isVotingStage(input.stage)) {
    add('attendees', '填写了票数，须同时填写实到人数');
  }
  return problems;
}

interface Quorum {
  num: number;
  den: number;
  /** true: more than num/den; false: at least num/den. */
  strict: boolean;
  text: string;
}

interface MeetingRule {
  quorum: Quorum;
  /** The count a majority is taken of: those present, or all members due to attend. */
  majorityOf: 'attendees' | 'eligible';
}

/**
 * 村民会议 (art. 22): more than half of the villagers aged 18+ present; more than half of those
 * present agree. 村民代表会议 (art. 26): at least two thirds present; more than half of those
 * present agree. 党员大会 (review, local rule): at least two thirds present; more than half of
 * all members due to attend agree.
 */
export const MEETING_RULES: Record<'村民会议' | '村民代表会议' | '党员大会', MeetingRule> = {
  村民会议: { quorum: { num: 1, den: 2, strict: true, text: '超过半数' }, majorityOf: 'attendees' },
  村民代表会议: { quorum: { num: 2, den: 3, strict: false, text: '达到三分之二以上' }, majorityOf: 'attendees' },
  党员大会: { quorum: { num: 2, den: 3, strict: false, text: '达到三分之二以上' }, majorityOf: 'eligible' },
};

/** The least count that meets a fraction of `total`, in integers (no floating point at the boundary). */
export function leastMeeting(total: number, q: Pick<Quorum, 'num' | 'den' | 'strict'>): number {
  return q.strict ? Math.floor((total * q.num) / q.den) + 1 : Math.ceil((total * q.num) / q.den);
}

export interface MeetingOutcome {
  outcome: TStageOutcome;
  reason: string | null;
}

/**
 * The outcome of a voting meeting, or null for the other stages. A meeting that misses its
 * quorum or majority is recorded as failed with the reason, never refused.
 */
export function meetingOutcome(
  stage: TDecisionStage,
  body: string | undefined,
  counts: { eligible: number; attendees: number; votesFor: number },
): MeetingOutcome | null {
  if (!isVotingStage(stage)) return null;
  const meeting = stage === 'review' ? '党员大会' : (body as '村民会议' | '村民代表会议');
  const rule = MEETING_RULES[meeting];
  const reasons: string[] = [];
  const needPresent = leastMeeting(counts.eligible, rule.quorum);
  if (counts.attendees < needPresent) {
    reasons.push(`到会人数不足：${meeting}应到${counts.eligible}人，实到${counts.attendees}人，须${rule.quorum.text}（至少${needPresent}人）`);
  }
  const base = rule.majorityOf === 'attendees' ? counts.attendees : counts.eligible;
  const needFor = leastMeeting(base, { num: 1, den: 2, strict: true });
  if (counts.votesFor < needFor) {
    const of = rule.majorityOf === 'attendees' ? `实到人数（${base}人）` : `应到人数（${base}人）`;
    reasons.push(`赞成票不足：赞成${counts.votesFor}票，须超过${of}的半数（至少${needFor}票）`);
  }
  return reasons.length ? { outcome: 'failed', reason: reasons.join('；') } : { outcome: 'passed', reason: null };
}

/** The decision's status after a stage is recorded. */
export function statusAfter(status: TDecisionStatus, stage: TDecisionStage, outcome: TStageOutcome | null): TDecisionStatus {
  if (outcome === 'failed') return 'failed';
  if (stage === 'resolution') return 'passed';
  if (stage === 'result_published') return 'completed';
  return status;
}
