import type { THearing, THearingCadre, THearingStatus, TRatingCounts, TSatisfactionLevel, TVillageQuestion, TVillageQuestionStatus } from '@mpw/contracts';
import type { CadreRow, HearingViewRow, QuestionViewRow } from './hearings.repository.js';
import { askerLabel, isQuestionOverdue, ratingCounts } from './hearings.policy.js';

/** Who is reading: staff see live results, account ids and hide reasons; the portal sees none of those. */
export type Audience = 'staff' | 'public';

/** Rating counts per cadre, from the grouped rows of the repository. */
export function countsByCadre(rows: { cadreId: string; level: string; n: number }[]): Map<string, TRatingCounts> {
  const raw = new Map<string, Partial<Record<TSatisfactionLevel, number>>>();
  for (const r of rows) raw.set(r.cadreId, { ...raw.get(r.cadreId), [r.level]: Number(r.n) });
  return new Map([...raw].map(([id, c]) => [id, ratingCounts(c)]));
}

export function presentCadre(c: CadreRow, status: THearingStatus, counts: TRatingCounts | undefined, audience: Audience): THearingCadre {
  const showResults = audience === 'staff' || status === 'closed';
  return {
    id: c.id,
    name: c.name,
    position: c.position,
    userId: audience === 'staff' ? c.userId : null,
    report: c.report,
    reportPublishedAt: c.reportPublishedAt?.toISOString() ?? null,
    results: showResults ? (counts ?? ratingCounts({})) : null,
  };
}

export function presentHearing(
  row: HearingViewRow,
  cadres: CadreRow[],
  counts: Map<string, TRatingCounts>,
  questions: { total: number; answered: number } | undefined,
  audience: Audience,
): THearing {
  return {
    id: row.id,
    regionCode: row.regionCode,
    villageName: row.villageName ?? row.regionCode,
    title: row.title,
    quarter: row.quarter,
    scheduledAt: row.scheduledAt.toISOString(),
    place: row.place,
    description: row.description,
    status: row.status as THearingStatus,
    startedAt: row.startedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    cancelReason: row.cancelReason,
    cadres: cadres.filter((c) => c.hearingId === row.id).map((c) => presentCadre(c, row.status as THearingStatus, counts.get(c.id), audience)),
    questionCount: questions?.total ?? 0,
    answeredCount: questions?.answered ?? 0,
  };
}

export function presentQuestion(q: QuestionViewRow, today: string, audience: Audience): TVillageQuestion {
  const status = q.status as TVillageQuestionStatus;
  return {
    id: q.id,
    regionCode: q.regionCode,
    hearingId: q.hearingId,
    cadreId: q.cadreId,
    cadreName: q.cadreName,
    content: q.content,
    askerLabel: askerLabel(q),
    askedAt: q.createdAt.toISOString(),
    dueOn: q.dueOn,
    status,
    answer: q.answer,
    answeredAt: q.answeredAt?.toISOString() ?? null,
    answeredByName: q.answeredByName,
    isOverdue: isQuestionOverdue({ status, dueOn: q.dueOn }, today),
    ...(audience === 'staff' ? { hideReason: q.hideReason } : {}),
  };
}

/** What the audit log keeps of a session (no free text beyond what is public anyway). */
export function auditableHearing(h: { title: string; quarter: string; scheduledAt: Date; place: string; description: string | null; status: string }) {
  return { title: h.title, quarter: h.quarter, scheduledAt: h.scheduledAt.toISOString(), place: h.place, description: h.description, status: h.status };
}
