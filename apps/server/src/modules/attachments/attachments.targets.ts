import type { DbOrTx } from '@mpw/db';
import { hasPermission, type TPermission } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { regionOfRecord } from './attachments.repository.js';

/**
 * A kind of record files can be uploaded to through POST /api/v1/attachments. The module that
 * owns the record registers it (e.g. matters: 'matter', 'decision_stage'), so an upload can only
 * name a record that exists in the uploader's scope, and the file takes that record's region.
 */
export interface AttachmentTarget {
  /** The region of record `entityId` if it exists and lies in the actor's scope; null otherwise (answered 404). */
  regionOf(db: DbOrTx, actor: Actor, entityId: string): Promise<string | null>;
  /** A permission needed, besides region scope, to see this type's files (e.g. the evidence of a report). */
  readPermission?: TPermission;
  /**
   * A record-level rule on top of region scope (e.g. a report is visible to some accounts of a
   * region and not others). Files of such a type are listed only for one record at a time.
   */
  canRead?(db: DbOrTx, actor: Actor, entityId: string): Promise<boolean>;
  /** Accept voice recordings for this type (e.g. the evidence of a report). */
  allowAudio?: boolean;
}

const targets = new Map<string, AttachmentTarget>();

export function registerAttachmentTarget(entityType: string, target: AttachmentTarget): void {
  targets.set(entityType, target);
}

export function getAttachmentTarget(entityType: string): AttachmentTarget | undefined {
  return targets.get(entityType);
}

/** Whether the actor may see files of this type (region scope is checked separately). */
export function canReadEntityType(actor: Actor, entityType: string): boolean {
  const permission = targets.get(entityType)?.readPermission;
  return !permission || actor.kind === 'system' || hasPermission(actor.roles, permission);
}

/** Whether the record-level rule of the type (if any) lets the actor see files of this record. */
export async function canReadRecord(db: DbOrTx, actor: Actor, entityType: string, entityId: string): Promise<boolean> {
  const target = targets.get(entityType);
  return !target?.canRead || actor.kind === 'system' || target.canRead(db, actor, entityId);
}

/** Types with a record-level rule: never listed across records. */
export function recordRuledTypes(): string[] {
  return [...targets.entries()].filter(([, t]) => t.canRead).map(([k]) => k);
}

/** Entity types whose files this actor may not see: excluded from every read. */
export function hiddenEntityTypes(actor: Actor): string[] {
  return [...targets.keys()].filter((t) => !canReadEntityType(actor, t));
}

/**
 * The record types known today: vouchers of a matter (事项凭证) and the sign-in sheet or minutes
 * of a decision stage (会议签到表). The matters module may register its own to add rules (e.g.
 * only while a step is open); a later registration replaces these.
 */
registerAttachmentTarget('matter', { regionOf: (db, actor, id) => regionOfRecord(db, 'matter', id, actor.regionCode) });
registerAttachmentTarget('decision_stage', { regionOf: (db, actor, id) => regionOfRecord(db, 'decision_stage', id, actor.regionCode) });
