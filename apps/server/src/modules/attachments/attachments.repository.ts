import { and, count, desc, eq, isNull, notInArray, type SQL } from 'drizzle-orm';
import { attachments, decisionStages, matters, type DbOrTx } from '@mpw/db';
import { inRegionScope } from '../../lib/scope.js';

export type AttachmentRow = typeof attachments.$inferSelect;

/** Rows the actor may see: live, in its region subtree, not of a hidden entity type. */
function visible(scopeCode: string | null, hiddenTypes: string[]): SQL {
  return and(
    isNull(attachments.deletedAt),
    inRegionScope(attachments.regionCode, scopeCode),
    hiddenTypes.length ? notInArray(attachments.entityType, hiddenTypes) : undefined,
  ) as SQL;
}

export async function getAttachmentInScope(db: DbOrTx, id: string, scopeCode: string | null, hiddenTypes: string[]): Promise<AttachmentRow | null> {
  const [row] = await db.select().from(attachments).where(and(eq(attachments.id, id), visible(scopeCode, hiddenTypes)));
  return row ?? null;
}

export async function findAttachments(
  db: DbOrTx,
  f: { scopeCode: string | null; hiddenTypes: string[]; entityType: string; entityId?: string },
  page: { offset: number; limit: number },
) {
  const where = and(
    visible(f.scopeCode, f.hiddenTypes),
    eq(attachments.entityType, f.entityType),
    f.entityId !== undefined ? eq(attachments.entityId, f.entityId) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db.select().from(attachments).where(where).orderBy(desc(attachments.createdAt), desc(attachments.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(attachments).where(where),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function insertAttachment(db: DbOrTx, row: typeof attachments.$inferInsert) {
  await db.insert(attachments).values(row);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The region of a live matter or decision stage in scope (the default upload targets, see
 * attachments.targets.ts); null when it is missing, deleted or outside the scope.
 */
export async function regionOfRecord(db: DbOrTx, table: 'matter' | 'decision_stage', id: string, scopeCode: string | null): Promise<string | null> {
  if (!UUID.test(id)) return null;
  const t = table === 'matter' ? matters : decisionStages;
  const [row] = await db
    .select({ regionCode: t.regionCode })
    .from(t)
    .where(and(eq(t.id, id), isNull(t.deletedAt), inRegionScope(t.regionCode, scopeCode)));
  return row?.regionCode ?? null;
}
