import { DECISION_STAGES, type TDecision, type TDecisionStage, type TDecisionStageView, type TPublicDecision } from '@mpw/contracts';
import type { DecisionViewRow, StageRow } from './decisions.repository.js';
import { nextStage } from './decisions.policy.js';

/** Stages in their legal order. */
export function inStageOrder<T extends { stage: TDecisionStage }>(stages: T[]): T[] {
  return [...stages].sort((a, b) => DECISION_STAGES.indexOf(a.stage) - DECISION_STAGES.indexOf(b.stage));
}

export function presentStage(s: StageRow): TDecisionStageView {
  return {
    id: s.id,
    stage: s.stage,
    body: s.body,
    heldOn: s.heldOn,
    place: s.place,
    chair: s.chair,
    recorder: s.recorder,
    eligible: s.eligible,
    attendees: s.attendees,
    votesFor: s.votesFor,
    votesAgainst: s.votesAgainst,
    abstentions: s.abstentions,
    minutes: s.minutes,
    recordedAt: s.recordedAt.toISOString(),
    recordedBy: s.createdBy,
    isLate: s.isLate,
    outcome: s.outcome,
    outcomeReason: s.outcomeReason,
  };
}

export function presentDecision(row: DecisionViewRow, stages: StageRow[], majorThresholdFen: number): TDecision {
  const ordered = inStageOrder(stages);
  return {
    id: row.id,
    decisionNo: row.decisionNo,
    regionCode: row.regionCode,
    regionName: row.regionName ?? row.regionCode,
    title: row.title,
    amountFen: row.amountFen,
    isMajor: row.amountFen !== null && row.amountFen >= majorThresholdFen,
    matterId: row.matterId,
    status: row.status,
    nextStage: nextStage(row.status, ordered.map((s) => s.stage)),
    stages: ordered.map(presentStage),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The portal's view: the meetings, their counts, votes, outcome and minutes; no names of who chaired or recorded, no account ids. */
export function presentPublicDecision(row: DecisionViewRow, stages: StageRow[]): TPublicDecision {
  return {
    id: row.id,
    decisionNo: row.decisionNo,
    regionCode: row.regionCode,
    regionName: row.regionName ?? row.regionCode,
    title: row.title,
    amountFen: row.amountFen,
    status: row.status,
    stages: inStageOrder(stages).map((s) => ({
      stage: s.stage,
      body: s.body,
      heldOn: s.heldOn,
      eligible: s.eligible,
      attendees: s.attendees,
      votesFor: s.votesFor,
      votesAgainst: s.votesAgainst,
      abstentions: s.abstentions,
      minutes: s.minutes,
      recordedAt: s.recordedAt.toISOString(),
      isLate: s.isLate,
      outcome: s.outcome,
      outcomeReason: s.outcomeReason,
    })),
  };
}

/** What the audit log keeps of a stage record. */
export function auditableStage(s: Omit<StageRow, 'id' | 'decisionId' | 'regionCode' | 'createdBy' | 'createdAt' | 'updatedBy' | 'updatedAt' | 'deletedAt' | 'importId' | 'sourceFile' | 'sourceLine'>) {
  return {
    stage: s.stage, body: s.body, heldOn: s.heldOn, place: s.place, chair: s.chair, recorder: s.recorder,
    eligible: s.eligible, attendees: s.attendees, votesFor: s.votesFor, votesAgainst: s.votesAgainst, abstentions: s.abstentions,
    minutes: s.minutes, recordedAt: s.recordedAt.toISOString(), isLate: s.isLate, outcome: s.outcome, outcomeReason: s.outcomeReason,
  };
}
