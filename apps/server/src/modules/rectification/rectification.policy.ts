import { isWithinRegion, parentCodeOf, regionLevelOf, type TRectificationItemStatus, type TRole } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';

/**
 * Who may issue a notice to whom: a township to its villages, the district to its townships and
 * villages — strictly below the issuer's own region. Null when allowed; else why not (Chinese).
 */
export function issueRefusal(issuerRegion: string | null, target: string): string | null {
  if (!issuerRegion || regionLevelOf(issuerRegion) === 'village') return '整改通知书由乡镇纪委或区纪委监委下发';
  if (target === issuerRegion || !isWithinRegion(target, issuerRegion)) return '责任单位应为下发单位管辖范围内的下级乡镇或村';
  return null;
}

/** The responsible unit answers (整改回复): an account of that very unit (a village's cadres for a village's item). */
export function canAnswer(actor: Actor, item: { regionCode: string }): boolean {
  return actor.kind === 'system' || actor.regionCode === item.regionCode;
}

/** The issuer decides (验收销号, 退回, 反弹重开): an account at the issuer's level or above, whose scope holds the issuer. */
export function canDecide(actor: Actor, item: { issuerRegionCode: string }): boolean {
  return actor.kind === 'system' || (!!actor.regionCode && isWithinRegion(item.issuerRegionCode, actor.regionCode));
}

export type ItemAction = 'answer' | 'accept' | 'return' | 'reopen';

const FROM: Record<ItemAction, readonly TRectificationItemStatus[]> = {
  answer: ['open', 'returned', 'reopened'],
  accept: ['answered'],
  return: ['answered'],
  reopen: ['closed'],
};
const REFUSAL: Record<ItemAction, string> = {
  answer: '该整改事项已回复待验收或已销号，不能再次回复',
  accept: '只有待验收的整改事项可以验收销号',
  return: '只有待验收的整改事项可以退回',
  reopen: '只有已销号的整改事项可以反弹重开',
};

export function itemRefusal(action: ItemAction, status: string): string | null {
  return FROM[action].includes(status as TRectificationItemStatus) ? null : REFUSAL[action];
}

/** Where an overdue item escalates (逾期升级): one level above the responsible unit, and who is told there. */
export function escalationOf(regionCode: string): { regionCode: string; role: TRole } | null {
  const parent = parentCodeOf(regionCode);
  if (!parent) return null;
  return { regionCode: parent, role: regionLevelOf(parent) === 'district' ? 'district_inspector' : 'township_discipline' };
}

/** Who in the responsible unit hears of a new notice: the village secretary, or the township's staff. */
export function responsibleRoleOf(regionCode: string): TRole {
  return regionLevelOf(regionCode) === 'village' ? 'village_secretary' : 'township_staff';
}
