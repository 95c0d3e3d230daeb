import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The append-only audit log (全程留痕). `seq` is the leaf index in the Merkle log and
 * is assigned under a transaction-scoped advisory lock, so it has no gaps and follows
 * commit order. Triggers (migration 0001) refuse UPDATE, DELETE and TRUNCATE.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull().unique(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'string' }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    actorRole: text('actor_role'),
    regionCode: text('region_code'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
    leafHash: text('leaf_hash').notNull(),
    /** H(previous chain hash || leaf hash): lets the verifier name the first event that breaks. */
    chainHash: text('chain_hash').notNull(),
  },
  (t) => [
    index('audit_events_region_idx').on(t.regionCode, t.seq),
    index('audit_events_action_entity_idx').on(t.action, t.entityId, t.occurredAt),
    index('audit_events_entity_idx').on(t.entityType, t.entityId),
  ],
);

/** Signed tree heads (RFC 9162 style). Append-only too. */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  treeSize: bigint('tree_size', { mode: 'number' }).primaryKey(),
  rootHash: text('root_hash').notNull(),
  timestamp: timestamp('timestamp', { withTimezone: true, mode: 'string' }).notNull(),
  hashAlg: text('hash_alg').notNull(),
  signatureAlg: text('signature_alg').notNull(),
  keyId: text('key_id').notNull(),
  publicKeyHex: text('public_key_hex').notNull(),
  signature: text('signature').notNull(),
  createdBy: uuid('created_by'),
});
