import { hasPermission, isWithinRegion, regionLevelOf, type TPermission } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import type { PowerItemRow } from './power.repository.js';

const can = (actor: Actor, p: TPermission) => actor.kind === 'system' || hasPermission(actor.roles, p);

/** District catalogue items are the district's to change; local items their region's, with district approval. */
export function canEditItem(actor: Actor, item: PowerItemRow): boolean {
  if (actor.kind === 'system') return true;
  if (item.scopeLevel === 'district') return can(actor, 'power:item:write') && regionLevelOf(actor.regionCode!) === 'district';
  return can(actor, 'power:item:write') || (can(actor, 'power:item:propose') && actor.regionCode === item.regionCode);
}

/** Changes by the district apply at once; a township's or village's own items wait for district approval. */
export function needsApproval(actor: Actor): boolean {
  return !(actor.kind === 'system' || (can(actor, 'power:item:approve') && regionLevelOf(actor.regionCode!) === 'district'));
}

export function canApprove(actor: Actor, item: PowerItemRow): boolean {
  return can(actor, 'power:item:approve') && (actor.kind === 'system' || isWithinRegion(item.regionCode, actor.regionCode!));
}
