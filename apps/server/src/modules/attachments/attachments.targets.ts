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
