import { or, sql, type SQL } from 'drizzle-orm';
import { inspectionPlans } from '@mpw/db';
import { isWithinRegion, regionLevelOf, type TInspectionKind } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { inRegionScope, regionRange } from '../../lib/scope.js';

/**
 * Who sees an inspection plan (检查计划): plans issued inside the actor's scope, and plans whose
 * scope includes a village in it (a township sees the district's special inspection of its villages).
 */
export function canSeePlan(actor: Actor, p: { regionCode: string; scopeRegionCodes: string[] }): boolean {
  if (actor.kind === 'system') return true;
  const scope = actor.regionCode;
  if (!scope) return false;
  return isWithinRegion(p.regionCode, scope) || p.scopeRegionCodes.some((c) => isWithinRegion(c, scope));
}

/** `canSeePlan` as a predicate on inspection_plans. */
export function planVisibleTo(actor: Actor): SQL {
  if (actor.kind === 'system') return sql`true`;
  if (!actor.regionCode) return sql`false`;
  const { lo, hi } = regionRange(actor.regionCode);
  return or(inRegionScope(inspectionPlans.regionCode, actor.regionCode), sql`exists (select 1 from unnest(${inspectionPlans.scopeRegionCodes}) as s(code) where s.code between ${lo} and ${hi})`) as SQL;
}

/** Which level issues a kind of plan: special inspections (专项检查) the district, monthly self-checks (月度自查) a township; routine either. */
export function planKindRefusal(kind: TInspectionKind, issuerRegion: string): string | null {
  const level = regionLevelOf(issuerRegion);
  if (level === 'village') return '检查计划由区纪委监委或乡镇纪委制定';
  if (kind === 'special' && level !== 'district') return '专项检查由区纪委监委制定';
  if (kind === 'self_check' && level !== 'township') return '月度自查由乡镇纪委制定';
  return null;
}

/** Whether the actor may change a plan: it is issued in the actor's own scope (a township may not edit the district's plan). */
export function canWritePlan(actor: Actor, p: { regionCode: string }): boolean {
  return actor.kind === 'system' || (!!actor.regionCode && isWithinRegion(p.regionCode, actor.regionCode));
}
