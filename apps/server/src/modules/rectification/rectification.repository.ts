import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { cases, rectificationAnswers, rectificationItems, rectificationNotices, regions, users, type DbOrTx, type Tx } from '@mpw/db';
import { alias } from 'drizzle-orm/pg-core';
import { queryRows } from '@mpw/db';
import { inRegionScope, likeEscape, regionRange } from '../../lib/scope.js';
import { sourceLabelSql } from '../inspections/problem-sources.js';
import { rectificationOnTimeSql } from './rectification.on-time.js';

export type NoticeRow = typeof rectificationNotices.$inferSelect;
export type ItemRow = typeof rectificationItems.$inferSelect;
export type AnswerRow = typeof rectificationAnswers.$inferSelect;

const liveNotice = isNull(rectificationNotices.deletedAt);
const liveItem = isNull(rectificationItems.deletedAt);
const issuerRegion = alias(regions, 'issuer_region');

// ---- Notices (整改通知书) ----

export type NoticeView = NoticeRow & { regionName: string | null; issuerRegionName: string | null; itemCount: number; closedItemCount: number; overdueItemCount: number };
const noticeColumns = (today: string) => ({
  notice: rectificationNotices,
  regionName: regions.name,
  issuerRegionName: issuerRegion.name,
  itemCount: sql<number>`(select count(*)::int from rectification_items i where i.notice_id = ${rectificationNotices.id} and i.deleted_at is null)`,
  closedItemCount: sql<number>`(select count(*)::int from rectification_items i where i.notice_id = ${rectificationNotices.id} and i.deleted_at is null and i.status = 'closed')`,
  overdueItemCount: sql<number>`(select count(*)::int from rectification_items i where i.notice_id = ${rectificationNotices.id} and i.deleted_at is null and i.status <> 'closed' and i.deadline < ${today})`,
});
const noticeFrom = (db: DbOrTx, today: string) =>
  db.select(noticeColumns(today)).from(rectificationNotices)
    .leftJoin(regions, eq(regions.code, rectificationNotices.regionCode))
    .leftJoin(issuerRegion, eq(issuerRegion.code, rectificationNotices.issuerRegionCode));
const toNotice = (r: { notice: NoticeRow; regionName: string | null; issuerRegionName: string | null; itemCount: number; closedItemCount: number; overdueItemCount: number }): NoticeView => ({
  ...r.notice, regionName: r.regionName, issuerRegionName: r.issuerRegionName, itemCount: Number(r.itemCount), closedItemCount: Number(r.closedItemCount), overdueItemCount: Number(r.overdueItemCount),
});

export async function getNotice(db: DbOrTx, id: string, scopeCode: string | null, today: string): Promise<NoticeView | null> {
  const [row] = await noticeFrom(db, today).where(and(eq(rectificationNotices.id, id), liveNotice, inRegionScope(rectificationNotices.regionCode, scopeCode)));
  return row ? toNotice(row) : null;
}

/** A notice by id or number (an alert's close link names either). */
export async function getNoticeByIdOrNumber(db: DbOrTx, key: string, scopeCode: string | null): Promise<NoticeRow | null> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key);
  const [row] = await db.select().from(rectificationNotices)
    .where(and(isUuid ? or(eq(rectificationNotices.id, key), eq(rectificationNotices.number, key)) : eq(rectificationNotices.number, key), liveNotice, inRegionScope(rectificationNotices.regionCode, scopeCode)));
  return row ?? null;
}

export async function lockNotice(tx: Tx, id: string): Promise<NoticeRow | null> {
  const [row] = await tx.select().from(rectificationNotices).where(and(eq(rectificationNotices.id, id), liveNotice)).for('update');
  return row ?? null;
}

export interface NoticeFilter { scopeCode: string | null; regionCode?: string; status?: string; q?: string }

export async function findNotices(db: DbOrTx, f: NoticeFilter, today: string, page: { offset: number; limit: number }) {
  const q = f.q?.trim();
  const where = and(
    liveNotice, inRegionScope(rectificationNotices.regionCode, f.scopeCode),
    f.regionCode ? inRegionScope(rectificationNotices.regionCode, f.regionCode) : undefined,
    f.status ? eq(rectificationNotices.status, f.status) : undefined,
    q ? or(ilike(rectificationNotices.number, `%${likeEscape(q)}%`), ilike(rectificationNotices.title, `%${likeEscape(q)}%`)) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    noticeFrom(db, today).where(where).orderBy(desc(rectificationNotices.issuedOn), desc(rectificationNotices.createdAt)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(rectificationNotices).where(where),
  ]);
  return { rows: rows.map(toNotice), total: Number(total?.n ?? 0) };
}

export async function insertNotice(tx: Tx, row: typeof rectificationNotices.$inferInsert) {
  await tx.insert(rectificationNotices).values(row);
}

export async function updateNotice(tx: Tx, id: string, patch: Partial<typeof rectificationNotices.$inferInsert>) {
  await tx.update(rectificationNotices).set(patch).where(eq(rectificationNotices.id, id));
}

const NUMBER_LOCK = 7321020;

/**
 * The next sequence of notices numbered `<prefix><seq>号` (prefix `<issuer name>纪整改〔<year>〕`).
 * Numbers are unique across the whole store and two issuers may share a name (a 甲镇 in two
 * districts), so the sequence runs per prefix, serialised by an advisory lock on it.
 */
export async function nextNoticeSeq(tx: Tx, prefix: string): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${NUMBER_LOCK}, hashtext(${prefix}))`);
  const [row] = await queryRows<{ last: number | null }>(tx, sql`
    select max(substring(number from ${prefix.length + 1} for length(number) - ${prefix.length + 1})::int) as last
    from rectification_notices where left(number, ${prefix.length}) = ${prefix} and number ~ '[0-9]+号$'`);
  return Number(row?.last ?? 0) + 1;
}

// ---- Items (台账) ----

export type ItemView = ItemRow & { noticeNumber: string; issuerRegionCode: string; regionName: string | null; sourceLabel: string | null };
const itemColumns = {
  item: rectificationItems,
  noticeNumber: rectificationNotices.number,
  issuerRegionCode: rectificationNotices.issuerRegionCode,
  regionName: regions.name,
  sourceLabel: sourceLabelSql(rectificationItems.sourceType, rectificationItems.sourceId),
};
const itemFrom = (db: DbOrTx) =>
  db.select(itemColumns).from(rectificationItems)
    .innerJoin(rectificationNotices, eq(rectificationNotices.id, rectificationItems.noticeId))
    .leftJoin(regions, eq(regions.code, rectificationItems.regionCode));
const toItem = (r: { item: ItemRow; noticeNumber: string; issuerRegionCode: string; regionName: string | null; sourceLabel: string | null }): ItemView => ({
  ...r.item, noticeNumber: r.noticeNumber, issuerRegionCode: r.issuerRegionCode, regionName: r.regionName, sourceLabel: r.sourceLabel,
});

export async function getItem(db: DbOrTx, id: string, scopeCode: string | null): Promise<ItemView | null> {
  const [row] = await itemFrom(db).where(and(eq(rectificationItems.id, id), liveItem, inRegionScope(rectificationItems.regionCode, scopeCode)));
  return row ? toItem(row) : null;
}

export async function itemsOfNotice(db: DbOrTx, noticeId: string): Promise<ItemView[]> {
  const rows = await itemFrom(db).where(and(eq(rectificationItems.noticeId, noticeId), liveItem)).orderBy(asc(rectificationItems.seq));
  return rows.map(toItem);
}

export async function lockItem(tx: Tx, id: string, scopeCode: string | null): Promise<ItemRow | null> {
  const [row] = await tx.select().from(rectificationItems).where(and(eq(rectificationItems.id, id), liveItem, inRegionScope(rectificationItems.regionCode, scopeCode))).for('update');
  return row ?? null;
}

export async function insertItems(tx: Tx, rows: (typeof rectificationItems.$inferInsert)[]) {
  if (rows.length) await tx.insert(rectificationItems).values(rows);
}

export async function updateItem(tx: Tx, id: string, patch: Partial<typeof rectificationItems.$inferInsert>) {
  await tx.update(rectificationItems).set(patch).where(eq(rectificationItems.id, id));
}

export interface LedgerFilter {
  scopeCode: string | null;
  regionCode?: string;
  status?: string;
  sourceType?: string;
  overdueBefore?: string;
  deadlineFrom?: string;
  deadlineTo?: string;
  closedFrom?: string;
  closedTo?: string;
  /** The on-time rule (rectification.on-time.ts) applied on `today`. */
  timeliness?: { kind: 'on_time' | 'late'; today: string };
  q?: string;
}

function ledgerWhere(f: LedgerFilter): SQL {
  const q = f.q?.trim();
  // `closedOn` and `onTime` do not depend on the day; `judged` is used only with `timeliness`, which carries it.
  const rule = rectificationOnTimeSql('rectification_items', f.timeliness?.today ?? '');
  return and(
    liveItem, inRegionScope(rectificationItems.regionCode, f.scopeCode),
    f.regionCode ? inRegionScope(rectificationItems.regionCode, f.regionCode) : undefined,
    f.status ? eq(rectificationItems.status, f.status) : undefined,
    f.sourceType ? eq(rectificationItems.sourceType, f.sourceType) : undefined,
    f.overdueBefore ? and(ne(rectificationItems.status, 'closed'), lt(rectificationItems.deadline, f.overdueBefore)) : undefined,
    f.deadlineFrom ? gte(rectificationItems.deadline, f.deadlineFrom) : undefined,
    f.deadlineTo ? lte(rectificationItems.deadline, f.deadlineTo) : undefined,
    f.closedFrom ? sql`${rule.closedOn} >= ${f.closedFrom}::date` : undefined,
    f.closedTo ? sql`${rule.closedOn} <= ${f.closedTo}::date` : undefined,
    f.timeliness?.kind === 'on_time' ? rule.onTime : undefined,
    f.timeliness?.kind === 'late' ? sql`${rule.judged} and not ${rule.onTime}` : undefined,
    q ? or(ilike(rectificationItems.problem, `%${likeEscape(q)}%`), ilike(rectificationNotices.number, `%${likeEscape(q)}%`), ilike(rectificationItems.responsibleName, `%${likeEscape(q)}%`)) : undefined,
  ) as SQL;
}

export async function findItems(db: DbOrTx, f: LedgerFilter, page: { offset: number; limit: number } | null) {
  const where = ledgerWhere(f);
  const query = itemFrom(db).where(where).orderBy(asc(rectificationItems.deadline), asc(rectificationNotices.number), asc(rectificationItems.seq));
  const rows = page ? await query.limit(page.limit).offset(page.offset) : await query;
  const [total] = await db.select({ n: count() }).from(rectificationItems).innerJoin(rectificationNotices, eq(rectificationNotices.id, rectificationItems.noticeId)).where(where);
  return { rows: rows.map(toItem), total: Number(total?.n ?? 0) };
}

/** Live items raised from one source record (e.g. every item from an alert). */
export async function itemsFromSource(db: DbOrTx, sourceType: string, sourceId: string, noticeId?: string): Promise<ItemRow[]> {
  return db.select().from(rectificationItems)
    .where(and(eq(rectificationItems.sourceType, sourceType), eq(rectificationItems.sourceId, sourceId), liveItem, noticeId ? eq(rectificationItems.noticeId, noticeId) : undefined));
}

export async function itemStatusesOfNotice(db: DbOrTx, noticeId: string): Promise<string[]> {
  const rows = await db.select({ status: rectificationItems.status }).from(rectificationItems).where(and(eq(rectificationItems.noticeId, noticeId), liveItem));
  return rows.map((r) => r.status);
}

/** Items past their deadline and not closed (the overdue sweep). */
export async function findOverdueItems(db: DbOrTx, today: string): Promise<(ItemRow & { noticeNumber: string })[]> {
  const rows = await db.select({ item: rectificationItems, noticeNumber: rectificationNotices.number }).from(rectificationItems)
    .innerJoin(rectificationNotices, eq(rectificationNotices.id, rectificationItems.noticeId))
    .where(and(liveItem, ne(rectificationItems.status, 'closed'), lt(rectificationItems.deadline, today)));
  return rows.map((r) => ({ ...r.item, noticeNumber: r.noticeNumber }));
}

/** Items whose RECTIFICATION_OVERDUE alert still stands (not yet marked resolved by data). */
export async function findStandingOverdueAlertSubjects(db: DbOrTx): Promise<string[]> {
  const rows = await queryRows<{ subject_id: string }>(db, sql`select subject_id from alerts where rule = 'RECTIFICATION_OVERDUE' and subject_type = 'rectification_item' and resolved_by_data_at is null`);
  return rows.map((r) => r.subject_id);
}

// ---- Answers ----

const answerer = alias(users, 'answerer');
const decider = alias(users, 'decider');
export type AnswerView = AnswerRow & { answeredByName: string | null; decidedByName: string | null; attachmentIds: string[] };

export async function answersOf(db: DbOrTx, itemIds: string[]): Promise<AnswerView[]> {
  if (itemIds.length === 0) return [];
  const rows = await db.select({
    answer: rectificationAnswers, answeredByName: answerer.displayName, decidedByName: decider.displayName,
    attachmentIds: sql<string[]>`coalesce((select array_agg(a.id::text order by a.created_at) from attachments a where a.entity_type = 'rectification_answer' and a.entity_id = ${rectificationAnswers.id}::text and a.deleted_at is null), '{}')`,
  }).from(rectificationAnswers)
    .leftJoin(answerer, eq(answerer.id, rectificationAnswers.answeredBy))
    .leftJoin(decider, eq(decider.id, rectificationAnswers.decidedBy))
    .where(and(inArray(rectificationAnswers.itemId, itemIds), isNull(rectificationAnswers.deletedAt)))
    .orderBy(asc(rectificationAnswers.createdAt));
  return rows.map((r) => ({ ...r.answer, answeredByName: r.answeredByName, decidedByName: r.decidedByName, attachmentIds: r.attachmentIds ?? [] }));
}

export async function pendingAnswer(tx: Tx, itemId: string): Promise<AnswerRow | null> {
  const [row] = await tx.select().from(rectificationAnswers).where(and(eq(rectificationAnswers.itemId, itemId), isNull(rectificationAnswers.decision), isNull(rectificationAnswers.deletedAt))).orderBy(desc(rectificationAnswers.createdAt)).limit(1);
  return row ?? null;
}

export async function insertAnswer(tx: Tx, row: typeof rectificationAnswers.$inferInsert) {
  await tx.insert(rectificationAnswers).values(row);
}

export async function updateAnswer(tx: Tx, id: string, patch: Partial<typeof rectificationAnswers.$inferInsert>) {
  await tx.update(rectificationAnswers).set(patch).where(eq(rectificationAnswers.id, id));
}

/**
 * Files the answerer uploaded to the item (entity 'rectification_item') that the answer cites: they
 * are filed under the answer (entity 'rectification_answer'). Returns the ids moved.
 */
export async function fileAnswerAttachments(tx: Tx, itemId: string, answerId: string, ids: string[], by: string | null): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<{ id: string }>(tx, sql`
    update attachments set entity_type = 'rectification_answer', entity_id = ${answerId}, updated_at = now(), updated_by = ${by}
    where id::text in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) and entity_type = 'rectification_item' and entity_id = ${itemId} and deleted_at is null
    returning id::text as id`);
  return rows.map((r) => r.id);
}

// ---- Stats ----

export type StatsRow = { region_code: string; region_name: string | null; due: number; closed_on_time: number; closed_late: number; open_overdue: number };

/**
 * On-time completion per township or village: items whose deadline falls in the period, judged by
 * the shared on-time rule (rectification.on-time.ts: closed, or past the deadline), and how they ended.
 */
export async function statsRows(db: DbOrTx, f: { scopeCode: string | null; from?: string; to?: string; by: 'township' | 'village'; today: string }): Promise<StatsRow[]> {
  const key = f.by === 'township' ? sql`substr(i.region_code, 1, 9) || '000'` : sql`i.region_code`;
  const range = f.scopeCode ? regionRange(f.scopeCode) : null;
  const scope = range ? sql`and i.region_code between ${range.lo} and ${range.hi}` : sql``;
  const rule = rectificationOnTimeSql('i', f.today);
  return queryRows<StatsRow>(db, sql`
    select k.code as region_code, r.name as region_name, k.due, k.closed_on_time, k.closed_late, k.open_overdue
    from (
      select ${key} as code,
        count(*)::int as due,
        (count(*) filter (where ${rule.onTime}))::int as closed_on_time,
        (count(*) filter (where ${rule.closedOn} > i.deadline))::int as closed_late,
        (count(*) filter (where ${rule.closedOn} is null))::int as open_overdue
      from rectification_items i
      where i.deleted_at is null and ${rule.judged}
        ${f.by === 'village' ? sql`and right(i.region_code, 3) <> '000'` : sql`and right(i.region_code, 6) <> '000000'`}
        ${f.from ? sql`and i.deadline >= ${f.from}` : sql``}
        ${f.to ? sql`and i.deadline <= ${f.to}` : sql``}
        ${scope}
      group by 1
    ) k left join regions r on r.code = k.code
    order by k.code`);
}

// ---- Cases (for an alert closed with a case link) ----

export async function caseExists(db: DbOrTx, key: string): Promise<boolean> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key);
  const [row] = await db.select({ id: cases.id }).from(cases).where(and(isUuid ? or(eq(cases.id, key), eq(cases.number, key)) : eq(cases.number, key), isNull(cases.deletedAt)));
  return !!row;
}

export async function answersById(db: DbOrTx, id: string): Promise<AnswerRow[]> {
  return db.select().from(rectificationAnswers).where(and(eq(rectificationAnswers.id, id), isNull(rectificationAnswers.deletedAt)));
}

/**
 * Live items raised from an alert: directly (source 'alert') or through a finding taken from it
 * (source 'finding' whose finding came from the alert). Optionally only one notice's.
 */
export async function itemsOfAlert(db: DbOrTx, alertId: string, noticeId?: string): Promise<ItemRow[]> {
  return db.select().from(rectificationItems).where(and(
    liveItem,
    noticeId ? eq(rectificationItems.noticeId, noticeId) : undefined,
    or(
      and(eq(rectificationItems.sourceType, 'alert'), eq(rectificationItems.sourceId, alertId)),
      and(eq(rectificationItems.sourceType, 'finding'), sql`${rectificationItems.sourceId} in (select f.id::text from inspection_findings f where f.source_type = 'alert' and f.source_id = ${alertId} and f.deleted_at is null)`),
    ),
  ));
}

/** The alert a finding was taken from, if it was. */
export async function alertOfFinding(db: DbOrTx, findingId: string): Promise<string | null> {
  const rows = await queryRows<{ source_id: string }>(db, sql`select source_id from inspection_findings where id::text = ${findingId} and source_type = 'alert'`);
  return rows[0]?.source_id ?? null;
}
