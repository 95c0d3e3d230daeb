import { regionLevelOf } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';

/**
 * A district's calendar is district policy: only an account bound to the district itself may
 * change it (the permission alone would let a township role, if ever granted it, change the
 * whole district's deadlines).
 */
export function canManageCalendar(actor: Actor): boolean {
  return actor.regionCode !== null && regionLevelOf(actor.regionCode) === 'district';
}
