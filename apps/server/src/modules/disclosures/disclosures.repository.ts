import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, min, or, sql, type SQL } from 'drizzle-orm';
import { disclosureQuestions, disclosureVersions, disclosures, regions, type DbOrTx, type Tx } from '@mpw/db';
import { inRegionScope } from '../../lib/scope.js';

export type DisclosureRow = typeof disclosures.$inferSelect;
export type DisclosureViewRow = DisclosureRow & { regionName: string | null };
export type VersionRow = typeof disclosureVersions.$inferSelect;
export type QuestionRow = typeof disclosureQuestions.$inferSelect;

const live = isNull(disclosures.deletedAt);
const viewColumns = { disclosure: disclosures, regionName: regions.name };
const toView = (r: { disclosure: DisclosureRow; regionName: string | null }): DisclosureViewRow => ({ ...r.disclosure, regionName: r.regionName });

export async function insertDisclosure(tx: Tx, row: typeof disclosures.$inferInsert) {
  await tx.insert(disclosures).values(row);
}

/** Inserts unless the village already has an item of this kind and period; true when inserted. */
export async function insertDisclosureIfAbsent(tx: Tx, row: typeof disclosures.$inferInsert): Promise<boolean> {
  const inserted = await tx.insert(disclosures).values(row).onConflictDoNothing().returning({ id: disclosures.id });
  return inserted.length > 0;
}

export async function hasPeriodItem(db: DbOrTx, regionCode: string, kind: DisclosureRow['kind'], period: string): Promise<boolean> {
  const [row] = await db.select({ id: disclosures.id }).from(disclosures).where(and(eq(disclosures.regionCode, regionCode), eq(disclosures.kind, kind), eq(disclosures.period, period))).limit(1);
  return !!row;
}

/** The item a source (e.g. a matter's publication step) asked for, if it exists. */
export async function findBySource(db: DbOrTx, regionCode: string, sourceType: string, sourceId: string): Promise<DisclosureRow | null> {
  const [row] = await db.select().from(disclosures)
    .where(and(eq(disclosures.regionCode, regionCode), eq(disclosures.sourceType, sourceType), eq(disclosures.sourceId, sourceId), live)).limit(1);
  return row ?? null;
}

export async function updateDisclosure(tx: Tx, id: string, patch: Partial<typeof disclosures.$inferInsert>) {
  await tx.update(disclosures).set(patch).where(eq(disclosures.id, id));
}

/** The item, locked until the transaction ends: versions of one item are numbered one at a time. */
export async function lockDisclosureInScope(tx: Tx, id: string, scopeCode: string | null): Promise<DisclosureRow | null> {
  const [row] = await tx.select().from(disclosures).where(and(eq(disclosures.id, id), live, inRegionScope(disclosures.regionCode, scopeCode))).for('update');
  return row ?? null;
}

export async function getDisclosureInScope(db: DbOrTx, id: string, scopeCode: string | null): Promise<DisclosureViewRow | null> {
  const [row] = await db
    .select(viewColumns)
    .from(disclosures)
    .leftJoin(regions, eq(regions.code, disclosures.regionCode))
    .where(and(eq(disclosures.id, id), live, inRegionScope(disclosures.regionCode, scopeCode)));
  return row ? toView(row) : null;
}

export interface DisclosureFilter {
  scopeCode: string | null;
  regionCode?: string;
  kind?: DisclosureRow['kind'];
  status?: DisclosureRow['status'];
  period?: string;
  /** Drafts due before this date (China time). */
  overdueBefore?: string;
  /** First published (China date) on or after / on or before. */
  publishedFrom?: string;
  publishedTo?: string;
  dueFrom?: string;
  dueTo?: string;
  /** on_time: first published on or before the due date; late: published after it, or unpublished and due before `today`. */
  timeliness?: { kind: 'on_time' | 'late'; today: string };
}

/** China date of an item's first publication. */
const publishedDay = sql`(${disclosures.firstPublishedAt} at time zone 'Asia/Shanghai')::date`;

export async function findDisclosures(db: DbOrTx, f: DisclosureFilter, page: { offset: number; limit: number }) {
  const t = f.timeliness;
  const where = and(
    live,
    inRegionScope(disclosures.regionCode, f.scopeCode),
    f.regionCode ? inRegionScope(disclosures.regionCode, f.regionCode) : undefined,
    f.kind ? eq(disclosures.kind, f.kind) : undefined,
    f.status ? eq(disclosures.status, f.status) : undefined,
    f.period ? eq(disclosures.period, f.period) : undefined,
    f.overdueBefore ? and(eq(disclosures.status, 'draft'), lt(disclosures.dueOn, f.overdueBefore)) : undefined,
    f.publishedFrom ? sql`${publishedDay} >= ${f.publishedFrom}::date` : undefined,
    f.publishedTo ? sql`${publishedDay} <= ${f.publishedTo}::date` : undefined,
    f.dueFrom ? gte(disclosures.dueOn, f.dueFrom) : undefined,
    f.dueTo ? lte(disclosures.dueOn, f.dueTo) : undefined,
    t?.kind === 'on_time' ? and(isNotNull(disclosures.firstPublishedAt), sql`${publishedDay} <= ${disclosures.dueOn}`) : undefined,
    t?.kind === 'late'
      ? or(and(isNotNull(disclosures.firstPublishedAt), sql`${publishedDay} > ${disclosures.dueOn}`), and(isNull(disclosures.firstPublishedAt), lt(disclosures.dueOn, t.today)))
      : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db.select(viewColumns).from(disclosures).leftJoin(regions, eq(regions.code, disclosures.regionCode)).where(where)
      .orderBy(desc(disclosures.createdAt), asc(disclosures.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(disclosures).where(where),
  ]);
  return { rows: rows.map(toView), total: Number(total?.n ?? 0) };
}

/**
 * Versions of an item. Rows with `version` ≥ 1 are the published versions; rows with
 * `version` ≤ 0 are saved drafts (0, −1, −2, … newest lowest), since the table is the only
 * immutable store for content and a draft is never edited in place either.
 */
export async function listVersions(db: DbOrTx, disclosureId: string): Promise<VersionRow[]> {
  return db.select().from(disclosureVersions).where(and(eq(disclosureVersions.disclosureId, disclosureId), isNull(disclosureVersions.deletedAt))).orderBy(asc(disclosureVersions.version));
}

export async function listPublishedVersions(db: DbOrTx, disclosureId: string): Promise<VersionRow[]> {
  return db.select().from(disclosureVersions)
    .where(and(eq(disclosureVersions.disclosureId, disclosureId), gte(disclosureVersions.version, 1), isNull(disclosureVersions.deletedAt)))
    .orderBy(asc(disclosureVersions.version));
}

/** The newest saved draft of an item, if any. */
export async function latestDraft(db: DbOrTx, disclosureId: string): Promise<VersionRow | null> {
  const [row] = await db.select().from(disclosureVersions)
    .where(and(eq(disclosureVersions.disclosureId, disclosureId), lte(disclosureVersions.version, 0)))
    .orderBy(asc(disclosureVersions.version)).limit(1);
  return row ?? null;
}

export async function insertVersion(tx: Tx, row: typeof disclosureVersions.$inferInsert) {
  await tx.insert(disclosureVersions).values(row);
}

/** What villagers may see: live items that have been published. */
const publicVisible = and(live, eq(disclosures.status, 'published'), gte(disclosures.currentVersion, 1));

export async function findPublicDisclosures(db: DbOrTx, village: string, kind: DisclosureRow['kind'] | undefined, page: { offset: number; limit: number }) {
  const where = and(publicVisible, eq(disclosures.regionCode, village), kind ? eq(disclosures.kind, kind) : undefined);
  const [rows, [total]] = await Promise.all([
    db.select(viewColumns).from(disclosures).leftJoin(regions, eq(regions.code, disclosures.regionCode)).where(where)
      .orderBy(desc(disclosures.firstPublishedAt), asc(disclosures.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(disclosures).where(where),
  ]);
  return { rows: rows.map(toView), total: Number(total?.n ?? 0) };
}

export async function getPublicDisclosure(db: DbOrTx, id: string): Promise<DisclosureViewRow | null> {
  const [row] = await db.select(viewColumns).from(disclosures).leftJoin(regions, eq(regions.code, disclosures.regionCode)).where(and(eq(disclosures.id, id), publicVisible));
  return row ? toView(row) : null;
}

/** When each of the given items' latest published version went up. */
export async function lastPublishedAt(db: DbOrTx, ids: string[]): Promise<Map<string, Date>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: disclosureVersions.disclosureId, at: sql<Date>`max(${disclosureVersions.publishedAt})` })
    .from(disclosureVersions)
    .where(and(inArray(disclosureVersions.disclosureId, ids), gte(disclosureVersions.version, 1)))
    .groupBy(disclosureVersions.disclosureId);
  return new Map(rows.map((r) => [r.id, new Date(r.at)]));
}

// ---- Questions ----

export async function insertQuestion(tx: Tx, row: typeof disclosureQuestions.$inferInsert) {
  await tx.insert(disclosureQuestions).values(row);
}

export async function listQuestions(db: DbOrTx, disclosureId: string): Promise<QuestionRow[]> {
  return db.select().from(disclosureQuestions).where(and(eq(disclosureQuestions.disclosureId, disclosureId), isNull(disclosureQuestions.deletedAt))).orderBy(asc(disclosureQuestions.createdAt), asc(disclosureQuestions.id));
}

export interface QuestionFilter {
  scopeCode: string | null;
  regionCode?: string;
  status?: 'open' | 'answered';
  /** Unanswered and due before this date. */
  overdueBefore?: string;
  askedFrom?: string;
  askedTo?: string;
  dueFrom?: string;
  dueTo?: string;
  /** on_time: answered on or before the due date; late: answered after it, or unanswered and due before `today`. */
  timeliness?: { kind: 'on_time' | 'late'; today: string };
}

export type QuestionViewRow = QuestionRow & { disclosureTitle: string; regionName: string | null };

/** China dates of a question's asking and answering. */
const askedDay = sql`(${disclosureQuestions.createdAt} at time zone 'Asia/Shanghai')::date`;
const answeredDay = sql`(${disclosureQuestions.answeredAt} at time zone 'Asia/Shanghai')::date`;

function questionWhere(f: QuestionFilter): SQL | undefined {
  const t = f.timeliness;
  return and(
    isNull(disclosureQuestions.deletedAt),
    live,
    inRegionScope(disclosureQuestions.regionCode, f.scopeCode),
    f.regionCode ? inRegionScope(disclosureQuestions.regionCode, f.regionCode) : undefined,
    f.status === 'open' ? isNull(disclosureQuestions.answeredAt) : f.status === 'answered' ? isNotNull(disclosureQuestions.answeredAt) : undefined,
    f.overdueBefore ? and(isNull(disclosureQuestions.answeredAt), lt(disclosureQuestions.dueOn, f.overdueBefore)) : undefined,
    f.askedFrom ? sql`${askedDay} >= ${f.askedFrom}::date` : undefined,
    f.askedTo ? sql`${askedDay} <= ${f.askedTo}::date` : undefined,
    f.dueFrom ? gte(disclosureQuestions.dueOn, f.dueFrom) : undefined,
    f.dueTo ? lte(disclosureQuestions.dueOn, f.dueTo) : undefined,
    t?.kind === 'on_time' ? and(isNotNull(disclosureQuestions.answeredAt), sql`${answeredDay} <= ${disclosureQuestions.dueOn}`) : undefined,
    t?.kind === 'late'
      ? or(and(isNotNull(disclosureQuestions.answeredAt), sql`${answeredDay} > ${disclosureQuestions.dueOn}`), and(isNull(disclosureQuestions.answeredAt), lt(disclosureQuestions.dueOn, t.today)))
      : undefined,
  );
}

/** 公开事项提问: questions on live items in scope, newest first, with their item's title. */
export async function findQuestions(db: DbOrTx, f: QuestionFilter, page: { offset: number; limit: number }): Promise<{ rows: QuestionViewRow[]; total: number }> {
  const where = questionWhere(f);
  const [rows, [total]] = await Promise.all([
    db.select({ question: disclosureQuestions, disclosureTitle: disclosures.title, regionName: regions.name })
      .from(disclosureQuestions)
      .innerJoin(disclosures, eq(disclosures.id, disclosureQuestions.disclosureId))
      .leftJoin(regions, eq(regions.code, disclosureQuestions.regionCode))
      .where(where)
      .orderBy(desc(disclosureQuestions.createdAt), asc(disclosureQuestions.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(disclosureQuestions).innerJoin(disclosures, eq(disclosures.id, disclosureQuestions.disclosureId)).where(where),
  ]);
  return { rows: rows.map((r) => ({ ...r.question, disclosureTitle: r.disclosureTitle, regionName: r.regionName })), total: Number(total?.n ?? 0) };
}

export async function lockQuestion(tx: Tx, disclosureId: string, questionId: string): Promise<QuestionRow | null> {
  const [row] = await tx.select().from(disclosureQuestions)
    .where(and(eq(disclosureQuestions.id, questionId), eq(disclosureQuestions.disclosureId, disclosureId), isNull(disclosureQuestions.deletedAt))).for('update');
  return row ?? null;
}

export async function updateQuestion(tx: Tx, id: string, patch: Partial<typeof disclosureQuestions.$inferInsert>) {
  await tx.update(disclosureQuestions).set(patch).where(eq(disclosureQuestions.id, id));
}

// ---- The daily sweep and the township's overview ----

/** Every live village (the sweep runs as the system: all of them). */
export async function listVillages(db: DbOrTx): Promise<{ code: string; name: string }[]> {
  return db.select({ code: regions.code, name: regions.name }).from(regions).where(and(eq(regions.level, 'village'), isNull(regions.deletedAt))).orderBy(asc(regions.code));
}

export async function findOverdueDrafts(db: DbOrTx, today: string): Promise<DisclosureViewRow[]> {
  const rows = await db.select(viewColumns).from(disclosures).leftJoin(regions, eq(regions.code, disclosures.regionCode))
    .where(and(live, eq(disclosures.status, 'draft'), isNotNull(disclosures.dueOn), lt(disclosures.dueOn, today)))
    .orderBy(asc(disclosures.dueOn), asc(disclosures.id));
  return rows.map(toView);
}

export async function findOverdueQuestions(db: DbOrTx, today: string) {
  return db
    .select({ question: disclosureQuestions, title: disclosures.title })
    .from(disclosureQuestions)
    .innerJoin(disclosures, eq(disclosures.id, disclosureQuestions.disclosureId))
    .where(and(isNull(disclosureQuestions.deletedAt), isNull(disclosureQuestions.answeredAt), lt(disclosureQuestions.dueOn, today), live))
    .orderBy(asc(disclosureQuestions.dueOn), asc(disclosureQuestions.id));
}

/** Per village in scope: overdue drafts (count, oldest due date) and overdue unanswered questions. */
export async function overdueByVillage(db: DbOrTx, scopeCode: string | null, regionCode: string | undefined, today: string) {
  const scoped = and(inRegionScope(disclosures.regionCode, scopeCode), regionCode ? inRegionScope(disclosures.regionCode, regionCode) : undefined);
  const [items, questions] = await Promise.all([
    db.select({ regionCode: disclosures.regionCode, regionName: regions.name, n: count(), oldest: min(disclosures.dueOn) })
      .from(disclosures).leftJoin(regions, eq(regions.code, disclosures.regionCode))
      .where(and(live, scoped, eq(disclosures.status, 'draft'), lt(disclosures.dueOn, today)))
      .groupBy(disclosures.regionCode, regions.name),
    db.select({ regionCode: disclosures.regionCode, n: count() })
      .from(disclosureQuestions).innerJoin(disclosures, eq(disclosures.id, disclosureQuestions.disclosureId))
      .where(and(live, scoped, isNull(disclosureQuestions.deletedAt), isNull(disclosureQuestions.answeredAt), lt(disclosureQuestions.dueOn, today)))
      .groupBy(disclosures.regionCode),
  ]);
  return { items, questions };
}

export async function regionNames(db: DbOrTx, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, codes));
  return new Map(rows.map((r) => [r.code, r.name]));
}
