import type { TChecklistArea, TFinding, TFindingStatus, TFocusArea, TInspectionKind, TInspectionMethod, TInspectionPlan, TInspectionPlanStatus, TProblemSource } from '@mpw/contracts';
import type { FindingView, PlanView } from './inspections.repository.js';

export function presentPlan(p: PlanView, names: Map<string, string>, team: { id: string; displayName: string }[]): TInspectionPlan {
  const byId = new Map(team.map((u) => [u.id, u.displayName]));
  return {
    id: p.id,
    title: p.title,
    kind: p.kind as TInspectionKind,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    regionCode: p.regionCode,
    regionName: p.regionName,
    scope: p.scopeRegionCodes.map((c) => ({ regionCode: c, regionName: names.get(c) ?? null })),
    focusAreas: p.focusAreas as TFocusArea[],
    methods: p.methods as TInspectionMethod[],
    checklist: p.checklist as TChecklistArea[],
    team: p.teamUserIds.map((id) => ({ userId: id, displayName: byId.get(id) ?? '' })),
    status: p.status as TInspectionPlanStatus,
    findingCount: p.findingCount,
    openFindingCount: p.openFindingCount,
    createdAt: p.createdAt.toISOString(),
  };
}

export function presentFinding(f: FindingView): TFinding {
  const checklist = (f.planChecklist ?? null) as TChecklistArea[] | null;
  const text = f.checklistKey ? checklist?.find((a) => a.area === f.focusArea)?.items.find((i) => i.key === f.checklistKey)?.text ?? null : null;
  return {
    id: f.id,
    planId: f.planId,
    planTitle: f.planTitle,
    regionCode: f.regionCode,
    regionName: f.regionName,
    focusArea: f.focusArea as TFocusArea,
    checklistKey: f.checklistKey,
    checklistText: text,
    description: f.description,
    sourceType: (f.sourceType ?? 'direct') as TProblemSource,
    sourceId: f.sourceId,
    sourceLabel: f.sourceLabel,
    status: f.status as TFindingStatus,
    createdByName: f.createdByName,
    createdAt: f.createdAt.toISOString(),
    rectificationItemIds: f.itemIds,
  };
}

/** The fields of a plan an audit event keeps. */
export const auditablePlan = (p: { title: string; kind: string; startsOn: string; endsOn: string; scopeRegionCodes: string[]; focusAreas: string[]; methods: string[]; teamUserIds: string[]; status: string }) => ({
  title: p.title, kind: p.kind, startsOn: p.startsOn, endsOn: p.endsOn, scopeRegionCodes: p.scopeRegionCodes, focusAreas: p.focusAreas, methods: p.methods, teamUserIds: p.teamUserIds, status: p.status,
});
