import type { TAuditEvent, TCheckpoint } from '@mpw/contracts';
import type { AuditEventRow, CheckpointRow } from './audit.repository.js';
import { isoTimestamp } from './audit.log.js';

export function presentEvent(row: AuditEventRow): TAuditEvent {
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
    leafHash: row.leafHash,
  };
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
