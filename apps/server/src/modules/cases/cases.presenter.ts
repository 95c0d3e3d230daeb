import { SANCTION_MEASURE_LABELS, type TCaseDetail, type TCaseEvent, type TCaseSanction, type TCaseSummary, type TPublicTypicalCase, type TSanctionCategory, type TTypicalCase } from '@mpw/contracts';
import { chinaDate } from '../../lib/time.js';
import { maskedSubjectId } from '../reports/reports.presenter.js';
import type { CaseAction } from './cases.policy.js';
import type { CaseRow, CaseViewRow, SanctionRow, TypicalViewRow } from './cases.repository.js';

type Of<T> = T extends readonly (infer U)[] ? U : never;

export function presentSummary(r: CaseViewRow): TCaseSummary {
  return {
    id: r.id,
    number: r.number,
    kind: r.kind as TCaseSummary['kind'],
    parentCaseId: r.parentCaseId,
    parentCaseNumber: r.parentCaseNumber,
    title: r.title,
    regionCode: r.regionCode,
    regionName: r.regionName,
    handlingRegionCode: r.handlingRegionCode,
    handlingRegionName: r.handlingRegionName,
    sourceType: r.sourceType as TCaseSummary['sourceType'],
    sourceId: r.sourceId,
    subjectName: r.subjectName,
    subjectPosition: r.subjectPosition,
    status: r.status as TCaseSummary['status'],
    filedOn: r.filedOn,
    decidedOn: r.decidedOn,
    executedOn: r.executedOn,
    faultToleranceStatus: r.faultToleranceStatus as TCaseSummary['faultToleranceStatus'],
    createdAt: r.createdAt.toISOString(),
  };
}

export function presentSanction(s: SanctionRow): TCaseSanction {
  const category = s.category as TSanctionCategory;
  return {
    id: s.id,
    category,
    measure: s.measure,
    measureLabel: SANCTION_MEASURE_LABELS[category]?.[s.measure] ?? s.measure,
    amountFen: s.amountFen,
    decidedOn: s.decidedOn,
    executedOn: s.executedOn,
    note: s.note,
  };
}

export function presentTypical(t: TypicalViewRow): TTypicalCase {
  return {
    id: t.id,
    caseId: t.caseId,
    caseNumber: t.caseNumber,
    regionCode: t.regionCode,
    regionName: t.regionName,
    title: t.title,
    summary: t.summary,
    lesson: t.lesson,
    status: t.status as TTypicalCase['status'],
    approvedByName: t.approvedByName,
    approvedAt: t.approvedAt?.toISOString() ?? null,
    publishedAt: t.publishedAt?.toISOString() ?? null,
  };
}

export function presentEvent(e: { event: { id: string; kind: string; createdAt: Date; fromStatus: string | null; toStatus: string | null; note: string | null }; actorName: string | null }): TCaseEvent {
  return {
    id: e.event.id,
    kind: e.event.kind as TCaseEvent['kind'],
    at: e.event.createdAt.toISOString(),
    actorName: e.actorName,
    fromStatus: e.event.fromStatus as TCaseEvent['fromStatus'],
    toStatus: e.event.toStatus as TCaseEvent['toStatus'],
    note: e.event.note,
  };
}

export function presentDetail(
  r: CaseViewRow,
  parts: {
    sourceLabel: string | null;
    events: TCaseEvent[];
    sanctions: SanctionRow[];
    accountability: CaseViewRow[];
    typical: TypicalViewRow | null;
    attachmentIds: string[];
    actions: CaseAction[];
  },
): TCaseDetail {
  return {
    ...presentSummary(r),
    summary: r.summary,
    subjectIdNumberMasked: maskedSubjectId(r.subjectIdNumber),
    sourceLabel: parts.sourceLabel,
    closedReason: r.closedReason,
    recoveredFen: r.recoveredFen,
    faultToleranceGrounds: r.faultToleranceGrounds,
    faultToleranceDecidedByName: r.toleranceDecidedByName,
    faultToleranceDecidedAt: r.faultToleranceDecidedAt?.toISOString() ?? null,
    events: parts.events,
    sanctions: parts.sanctions.map(presentSanction),
    accountability: parts.accountability.map(presentSummary),
    typical: parts.typical ? presentTypical(parts.typical) : null,
    attachmentIds: parts.attachmentIds,
    actions: parts.actions as Of<TCaseDetail['actions']>[],
  };
}

/** What the audit log keeps of a case: its state, never the subject's identity number. */
export function auditableState(r: Pick<CaseRow, 'number' | 'kind' | 'status' | 'handlingRegionCode' | 'regionCode' | 'filedOn' | 'decidedOn' | 'executedOn' | 'recoveredFen' | 'faultToleranceStatus' | 'closedReason'>) {
  return {
    number: r.number,
    kind: r.kind,
    status: r.status,
    regionCode: r.regionCode,
    handlingRegionCode: r.handlingRegionCode,
    filedOn: r.filedOn,
    decidedOn: r.decidedOn,
    executedOn: r.executedOn,
    recoveredFen: r.recoveredFen,
    faultToleranceStatus: r.faultToleranceStatus,
    closedReason: r.closedReason,
  };
}

export function presentPublicTypical(t: { id: string; title: string; summary: string; lesson: string | null; publishedAt: Date | null; districtName: string | null }): TPublicTypicalCase {
  return {
    id: t.id,
    title: t.title,
    summary: t.summary,
    lesson: t.lesson,
    districtName: t.districtName,
    publishedOn: t.publishedAt ? chinaDate(t.publishedAt) : '',
  };
}
