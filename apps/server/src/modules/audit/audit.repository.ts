import { and, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { auditCheckpoints, auditEvents, type DbOrTx } from '@mpw/db';
import { queryRows } from '@mpw/db';
import { inRegionScope } from '../../lib/scope.js';

export type AuditEventRow = typeof auditEvents.$inferSelect;
export type CheckpointRow = typeof auditCheckpoints.$inferSelect;

export interface AuditEventFilter {
  scopeCode: string | null;
  action?: string;
  entityType?: string;
  entityId?: string;
  regionCode?: string;
}

function eventWhere(f: AuditEventFilter): SQL | undefined {
  return and(
    inRegionScope(auditEvents.regionCode, f.scopeCode),
    f.regionCode ? inRegionScope(auditEvents.regionCode, f.regionCode) : undefined,
    f.action ? eq(auditEvents.action, f.action) : undefined,
    f.entityType ? eq(auditEvents.entityType, f.entityType) : undefined,
    f.entityId ? eq(auditEvents.entityId, f.entityId) : undefined,
  );
}

export async function findAuditEvents(db: DbOrTx, f: AuditEventFilter, page: { offset: number; limit: number }) {
  const where = eventWhere(f);
  const [rows, [total]] = await Promise.all([
    db.select().from(auditEvents).where(where).orderBy(desc(auditEvents.seq)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(auditEvents).where(where),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function getAuditEventBySeq(db: DbOrTx, seq: number, scopeCode: string | null) {
  const [row] = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.seq, seq), scopeCode ? inRegionScope(auditEvents.regionCode, scopeCode) : undefined));
  return row ?? null;
}

export async function getAuditEventById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(auditEvents).where(eq(auditEvents.id, id));
  return row ?? null;
}

/** Leaf hashes [start, end) in order — the Merkle leaves, fetched in ranges for proofs. */
export async function getLeafHashes(db: DbOrTx, start: number, end: number): Promise<Buffer[]> {
  const rows = await db
    .select({ leafHash: auditEvents.leafHash })
    .from(auditEvents)
    .where(and(gte(auditEvents.seq, start), lt(auditEvents.seq, end)))
    .orderBy(auditEvents.seq);
  return rows.map((r) => Buffer.from(r.leafHash, 'hex'));
}

export async function countAuditEvents(db: DbOrTx): Promise<number> {
  const r = await queryRows<{ n: number }>(db, sql`select coalesce(max(seq) + 1, 0)::int as n from audit_events`);
  return Number(r[0]?.n ?? 0);
}

/** Events in seq order after `afterSeq`, a batch at a time, for the verifier. Raw rows: nothing normalised away. */
export async function getEventBatch(db: DbOrTx, afterSeq: number, limit: number) {
  return db.select().from(auditEvents).where(sql`${auditEvents.seq} > ${afterSeq}`).orderBy(auditEvents.seq).limit(limit);
}

export async function insertCheckpoint(db: DbOrTx, row: typeof auditCheckpoints.$inferInsert) {
  await db.insert(auditCheckpoints).values(row);
}

export async function findCheckpoints(db: DbOrTx, page?: { offset: number; limit: number }) {
  const q = db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.treeSize));
  const rows = page ? await q.limit(page.limit).offset(page.offset) : await q;
  const [total] = await db.select({ n: count() }).from(auditCheckpoints);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function getLatestCheckpoint(db: DbOrTx) {
  const [row] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.treeSize)).limit(1);
  return row ?? null;
}

export async function getCheckpointBySize(db: DbOrTx, treeSize: number) {
  const [row] = await db.select().from(auditCheckpoints).where(eq(auditCheckpoints.treeSize, treeSize));
  return row ?? null;
}

/** The earliest checkpoint that covers leaf `seq`. */
export async function getCheckpointCovering(db: DbOrTx, seq: number) {
  const [row] = await db
    .select()
    .from(auditCheckpoints)
    .where(sql`${auditCheckpoints.treeSize} > ${seq}`)
    .orderBy(auditCheckpoints.treeSize)
    .limit(1);
  return row ?? null;
}

export async function getAllCheckpointsAscending(db: DbOrTx) {
  return db.select().from(auditCheckpoints).orderBy(auditCheckpoints.treeSize);
}

export async function countRecentEvents(db: DbOrTx, action: string, entityId: string, since: Date) {
  const [r] = await db
    .select({ n: count() })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.entityId, entityId), gte(auditEvents.occurredAt, since.toISOString())));
  return Number(r?.n ?? 0);
}

export async function latestEventTime(db: DbOrTx, actions: string[], entityId: string): Promise<Date | null> {
  const r = await queryRows<{ t: string | Date | null }>(db, 
    sql`select max(occurred_at) as t from audit_events where entity_id = ${entityId} and action in (${sql.join(
      actions.map((a) => sql`${a}`),
      sql`, `,
    )})`,
  );
  const t = r[0]?.t;
  return t ? new Date(t) : null;
}
