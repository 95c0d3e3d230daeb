import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '@mpw/db';
import { queryRows } from '@mpw/db';
import { canonicalJson, createHasher, type Hasher, type HashAlgorithm } from '../../lib/crypto/index.js';
import type { Actor } from '../../lib/actor.js';
import { redact } from './audit.redact.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  /** The region the record belongs to; defaults to the actor's region. */
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
}

/** The fields a leaf hash covers, in the form that is hashed (canonical JSON). */
export interface AuditLeaf {
  seq: number;
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  regionCode: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

const AUDIT_LOCK_KEY = 7321002;
const GENESIS = Buffer.alloc(32);

let hasher: Hasher = createHasher('sm3');

/** Set once at start-up from configuration; the log's hash algorithm is a property of the whole log. */
export function setAuditHashAlgorithm(alg: HashAlgorithm): void {
  hasher = createHasher(alg);
}
export function auditHasher(): Hasher {
  return hasher;
}

export function leafBytes(leaf: AuditLeaf): Buffer {
  return Buffer.from(canonicalJson(leaf), 'utf8');
}

export function computeLeafHash(h: Hasher, leaf: AuditLeaf): Buffer {
  return h.hash(Buffer.from([0]), leafBytes(leaf));
}

export function computeChainHash(h: Hasher, prevChain: Buffer | null, leafHash: Buffer): Buffer {
  return h.hash(prevChain ?? GENESIS, leafHash);
}

/** Normalises a timestamp read from either driver to the ISO form that was hashed. */
export function isoTimestamp(value: string | Date): string {
  return new Date(value).toISOString();
}

/**
 * Appends one event inside the caller's transaction. The advisory lock serialises appends
 * until commit, so `seq` is gap-free and in commit order — the Merkle leaf index.
 */
export async function appendAuditEvent(tx: Tx, actor: Actor, entry: AuditEntry): Promise<AuditLeaf> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const last = await queryRows<{ seq: number; chain_hash: string }>(tx, 
    sql`select seq, chain_hash from audit_events order by seq desc limit 1`,
  );
  const prev = last[0];
  const leaf: AuditLeaf = {
    seq: prev ? Number(prev.seq) + 1 : 0,
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    actorId: actor.userId,
    actorName: actor.username,
    actorRole: actor.roles.length ? actor.roles.join(',') : actor.kind === 'user' ? null : actor.kind,
    regionCode: entry.regionCode === undefined ? actor.regionCode : entry.regionCode,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: redact(entry.before),
    after: redact(entry.after),
    requestId: actor.requestId,
  };
  const leafHash = computeLeafHash(hasher, leaf);
  const chainHash = computeChainHash(hasher, prev ? Buffer.from(prev.chain_hash, 'hex') : null, leafHash);
  await tx.execute(sql`
    insert into audit_events (seq, id, occurred_at, actor_id, actor_name, actor_role, region_code, action,
      entity_type, entity_id, before, after, request_id, leaf_hash, chain_hash)
    values (${leaf.seq}, ${leaf.id}, ${leaf.occurredAt}, ${leaf.actorId}, ${leaf.actorName}, ${leaf.actorRole},
      ${leaf.regionCode}, ${leaf.action}, ${leaf.entityType}, ${leaf.entityId},
      ${leaf.before === null ? null : JSON.stringify(leaf.before)}::jsonb,
      ${leaf.after === null ? null : JSON.stringify(leaf.after)}::jsonb,
      ${leaf.requestId}, ${leafHash.toString('hex')}, ${chainHash.toString('hex')})`);
  return leaf;
}

/** Rows per INSERT of a batch append (15 parameters each, well under the protocol's limit). */
const BATCH_ROWS = 500;

/**
 * Appends many events inside the caller's transaction, as `appendAuditEvent` would one by one:
 * the advisory lock is taken once, the leaf and chain hashes are computed here in order, and the
 * rows go in with multi-row INSERTs. A bulk change (an alert sweep) stays one chain, gap-free.
 */
export async function appendAuditEvents(tx: Tx, actor: Actor, entries: readonly AuditEntry[]): Promise<AuditLeaf[]> {
  if (entries.length === 0) return [];
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const last = await queryRows<{ seq: number; chain_hash: string }>(tx, sql`select seq, chain_hash from audit_events order by seq desc limit 1`);
  let seq = last[0] ? Number(last[0].seq) + 1 : 0;
  let prevChain: Buffer | null = last[0] ? Buffer.from(last[0].chain_hash, 'hex') : null;
  const actorRole = actor.roles.length ? actor.roles.join(',') : actor.kind === 'user' ? null : actor.kind;
  const leaves: AuditLeaf[] = [];
  const rows: SQL[] = [];
  for (const entry of entries) {
    const leaf: AuditLeaf = {
      seq: seq++,
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      actorId: actor.userId,
      actorName: actor.username,
      actorRole,
      regionCode: entry.regionCode === undefined ? actor.regionCode : entry.regionCode,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      before: redact(entry.before),
      after: redact(entry.after),
      requestId: actor.requestId,
    };
    const leafHash = computeLeafHash(hasher, leaf);
    const chainHash = computeChainHash(hasher, prevChain, leafHash);
    prevChain = chainHash;
    leaves.push(leaf);
    rows.push(sql`(${leaf.seq}, ${leaf.id}, ${leaf.occurredAt}, ${leaf.actorId}, ${leaf.actorName}, ${leaf.actorRole},
      ${leaf.regionCode}, ${leaf.action}, ${leaf.entityType}, ${leaf.entityId},
      ${leaf.before === null ? null : JSON.stringify(leaf.before)}::jsonb,
      ${leaf.after === null ? null : JSON.stringify(leaf.after)}::jsonb,
      ${leaf.requestId}, ${leafHash.toString('hex')}, ${chainHash.toString('hex')})`);
  }
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    await tx.execute(sql`
      insert into audit_events (seq, id, occurred_at, actor_id, actor_name, actor_role, region_code, action,
        entity_type, entity_id, before, after, request_id, leaf_hash, chain_hash)
      values ${sql.join(rows.slice(i, i + BATCH_ROWS), sql`, `)}`);
  }
  return leaves;
}

export interface AuditedTx {
  tx: Tx;
  actor: Actor;
  /** Appends an audit event in this transaction; if it fails, the whole business write rolls back. */
  record(entry: AuditEntry): Promise<AuditLeaf>;
  /** Appends many events at once (one lock, multi-row inserts), in the order given. */
  recordMany(entries: readonly AuditEntry[]): Promise<AuditLeaf[]>;
}

/**
 * The one way to write business data: opens a transaction, marks it audited (the database
 * triggers refuse writes to business tables otherwise), and hands out `record`.
 */
export async function audited<T>(db: Db, actor: Actor, work: (w: AuditedTx) => Promise<T>): Promise<T> {
  // A deadlock or serialization failure aborts the whole transaction, so it is safe to run it again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('mpw.audited', 'on', true)`);
        return work({ tx, actor, record: (entry) => appendAuditEvent(tx, actor, entry), recordMany: (entries) => appendAuditEvents(tx, actor, entries) });
      });
    } catch (err) {
      if (attempt >= 3 || !isRetryable(err)) throw err;
    }
  }
}

function isRetryable(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;
  return code === '40P01' || code === '40001';
}
