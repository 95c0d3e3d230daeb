import type { TAuditEvent, TCheckpoint } from '@mpw/contracts';
import type { AuditEventRow, CheckpointRow } from './audit.repository.js';
import { isoTimestamp, type AuditLeaf } from './audit.log.js';

/** The fields of a stored event that its leaf hash covers, in the form that was hashed. */
export function rowToLeaf(row: AuditEventRow): AuditLeaf {
  return {
    seq: Number(row.seq),
    id: row.id,
    occurredAt: isoTimestamp(row.occurredAt),
    actorId: row.actorId,
    actorName: row.actorName,
    actorRole: row.actorRole,
    regionCode: row.regionCode,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: row.before ?? null,
    after: row.after ?? null,
    requestId: row.requestId,
  };
}

export function presentEvent(row: AuditEventRow): TAuditEvent {
  return { ...rowToLeaf(row), leafHash: row.leafHash };
}

export function presentCheckpoint(row: Omit<CheckpointRow, 'createdBy'>): TCheckpoint {
  return {
    treeSize: Number(row.treeSize),
    rootHash: row.rootHash,
    timestamp: isoTimestamp(row.timestamp),
    hashAlg: row.hashAlg,
    signatureAlg: row.signatureAlg,
    keyId: row.keyId,
    publicKeyHex: row.publicKeyHex,
    signature: row.signature,
  };
}
