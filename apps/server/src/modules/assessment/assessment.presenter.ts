import type { TAssessmentIndicator, TAssessmentResult, TAssessmentResultItem, TAssessmentScheme } from '@mpw/contracts';
import type { ResultView, SchemeRow } from './assessment.repository.js';

export function presentScheme(s: SchemeRow): TAssessmentScheme {
  return {
    id: s.id,
    regionCode: s.regionCode,
    name: s.name,
    targetLevel: s.targetLevel as TAssessmentScheme['targetLevel'],
    periodKind: s.periodKind as TAssessmentScheme['periodKind'],
    indicators: s.indicators as TAssessmentIndicator[],
    status: s.status as TAssessmentScheme['status'],
    createdAt: s.createdAt.toISOString(),
  };
}

const num = (v: string | null) => (v === null ? null : Number(v));

export function presentResult(r: ResultView, locked: boolean): TAssessmentResult {
  const computedScore = Number(r.computedScore);
  const adjustedScore = num(r.adjustedScore);
  return {
    id: r.id,
    schemeId: r.schemeId,
    period: r.period,
    regionCode: r.regionCode,
    regionName: r.regionName ?? r.regionCode,
    computedScore,
    adjustedScore,
    adjustmentReason: r.adjustmentReason,
    finalScore: adjustedScore ?? computedScore,
    rank: r.rank,
    coverage: Number(r.coverage),
    items: r.items as TAssessmentResultItem[],
    computedAt: r.computedAt.toISOString(),
    locked,
  };
}
