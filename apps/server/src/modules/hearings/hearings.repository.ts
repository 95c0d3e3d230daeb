import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import { hearingCadres, hearingRatings, hearings, regions, residents, users, villageQuestions, type DbOrTx, type Tx } from '@mpw/db';
import { inRegionScope } from '../../lib/scope.js';

export type HearingRow = typeof hearings.$inferSelect;
export type HearingViewRow = HearingRow & { villageName: string | null };
export type CadreRow = typeof hearingCadres.$inferSelect;
export type QuestionRow = typeof villageQuestions.$inferSelect;
export type QuestionViewRow = QuestionRow & { cadreName: string | null; answeredByName: string | null };
export type RatingRow = typeof hearingRatings.$inferSelect;

type Page = { offset: number; limit: number };

const liveHearing = isNull(hearings.deletedAt);
const liveQuestion = isNull(villageQuestions.deletedAt);
const hearingView = { hearing: hearings, villageName: regions.name };
const toHearingView = (r: { hearing: HearingRow; villageName: string | null }): HearingViewRow => ({ ...r.hearing, villageName: r.villageName });

// ---- Sessions ----

export async function insertHearing(tx: Tx, row: typeof hearings.$inferInsert) {
  await tx.insert(hearings).values(row);
}

export async function updateHearing(tx: Tx, id: string, patch: Partial<typeof hearings.$inferInsert>) {
  await tx.update(hearings).set(patch).where(eq(hearings.id, id));
}

/** The session, locked until the transaction ends: status changes, ratings and questions of one session go one at a time. */
export async function lockHearingInScope(tx: Tx, id: string, scopeCode: string | null): Promise<HearingRow | null> {
  const [row] = await tx.select().from(hearings).where(and(eq(hearings.id, id), liveHearing, inRegionScope(hearings.regionCode, scopeCode))).for('update');
  return row ?? null;
}

export async function getHearingInScope(db: DbOrTx, id: string, scopeCode: string | null): Promise<HearingViewRow | null> {
  const [row] = await db.select(hearingView).from(hearings).leftJoin(regions, eq(regions.code, hearings.regionCode))
    .where(and(eq(hearings.id, id), liveHearing, inRegionScope(hearings.regionCode, scopeCode)));
  return row ? toHearingView(row) : null;
}

export interface HearingFilter {
  scopeCode: string | null;
  regionCode?: string;
  status?: HearingRow['status'];
  quarter?: string;
}

/** Newest meeting first. */
export async function findHearings(db: DbOrTx, f: HearingFilter, page: Page) {
  const where = and(
    liveHearing,
    inRegionScope(hearings.regionCode, f.scopeCode),
    f.regionCode ? inRegionScope(hearings.regionCode, f.regionCode) : undefined,
    f.status ? eq(hearings.status, f.status) : undefined,
    f.quarter ? eq(hearings.quarter, f.quarter) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db.select(hearingView).from(hearings).leftJoin(regions, eq(regions.code, hearings.regionCode)).where(where)
      .orderBy(desc(hearings.scheduledAt), asc(hearings.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(hearings).where(where),
  ]);
  return { rows: rows.map(toHearingView), total: Number(total?.n ?? 0) };
}

// ---- Cadres ----

export async function insertCadres(tx: Tx, rows: (typeof hearingCadres.$inferInsert)[]) {
  if (rows.length) await tx.insert(hearingCadres).values(rows);
}

export async function updateCadre(tx: Tx, id: string, patch: Partial<typeof hearingCadres.$inferInsert>) {
  await tx.update(hearingCadres).set(patch).where(eq(hearingCadres.id, id));
}

/** The live cadres of the given sessions, in the order they were listed. */
export async function listCadres(db: DbOrTx, hearingIds: string[]): Promise<CadreRow[]> {
  if (hearingIds.length === 0) return [];
  return db.select().from(hearingCadres).where(and(inArray(hearingCadres.hearingId, hearingIds), isNull(hearingCadres.deletedAt)))
    .orderBy(asc(hearingCadres.sortOrder), asc(hearingCadres.id));
}

export async function lockCadre(tx: Tx, hearingId: string, cadreId: string): Promise<CadreRow | null> {
  const [row] = await tx.select().from(hearingCadres)
    .where(and(eq(hearingCadres.id, cadreId), eq(hearingCadres.hearingId, hearingId), isNull(hearingCadres.deletedAt))).for('update');
  return row ?? null;
}

/** Cadres that villagers' questions are addressed to (such a cadre stays on the session). */
export async function cadresWithQuestions(db: DbOrTx, cadreIds: string[]): Promise<Set<string>> {
  if (cadreIds.length === 0) return new Set();
  const rows = await db.selectDistinct({ id: villageQuestions.cadreId }).from(villageQuestions).where(and(inArray(villageQuestions.cadreId, cadreIds), liveQuestion));
  return new Set(rows.map((r) => r.id!));
}

/** Accounts named as cadres: their village and whether they are active. */
export async function findUsers(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select({ id: users.id, regionCode: users.regionCode, status: users.status }).from(users).where(and(inArray(users.id, ids), isNull(users.deletedAt)));
}

// ---- Questions ----

const questionView = { question: villageQuestions, cadreName: hearingCadres.name, answeredByName: users.displayName };
const toQuestionView = (r: { question: QuestionRow; cadreName: string | null; answeredByName: string | null }): QuestionViewRow => ({ ...r.question, cadreName: r.cadreName, answeredByName: r.answeredByName });
const questionsJoined = (db: DbOrTx) =>
  db.select(questionView).from(villageQuestions)
    .leftJoin(hearingCadres, eq(hearingCadres.id, villageQuestions.cadreId))
    .leftJoin(users, eq(users.id, villageQuestions.answeredBy));

export async function insertQuestion(tx: Tx, row: typeof villageQuestions.$inferInsert) {
  await tx.insert(villageQuestions).values(row);
}

export async function updateQuestion(tx: Tx, id: string, patch: Partial<typeof villageQuestions.$inferInsert>) {
  await tx.update(villageQuestions).set(patch).where(eq(villageQuestions.id, id));
}

export async function lockQuestionInScope(tx: Tx, id: string, scopeCode: string | null): Promise<QuestionRow | null> {
  const [row] = await tx.select().from(villageQuestions).where(and(eq(villageQuestions.id, id), liveQuestion, inRegionScope(villageQuestions.regionCode, scopeCode))).for('update');
  return row ?? null;
}

export async function getQuestion(db: DbOrTx, id: string): Promise<QuestionViewRow | null> {
  const [row] = await questionsJoined(db).where(and(eq(villageQuestions.id, id), liveQuestion));
  return row ? toQuestionView(row) : null;
}

export interface QuestionFilter {
  scopeCode: string | null;
  regionCode?: string;
  hearingId?: string;
  status?: QuestionRow['status'];
  /** Open questions due before this date. */
  overdueBefore?: string;
  /** The portal: hidden questions are left out. */
  publicOnly?: boolean;
  /** false: hidden questions left out; true: hidden ones only. */
  hidden?: boolean;
  askedFrom?: string;
  askedTo?: string;
  dueFrom?: string;
  dueTo?: string;
  /** Hidden questions are not judged. on_time: answered on or before the due date; late: answered after it, or open and due before `today`. */
  timeliness?: { kind: 'on_time' | 'late'; today: string };
}

/** China dates of a question's asking and answering. */
const askedDay = sql`(${villageQuestions.createdAt} at time zone 'Asia/Shanghai')::date`;
const answeredDay = sql`(${villageQuestions.answeredAt} at time zone 'Asia/Shanghai')::date`;

function questionWhere(f: QuestionFilter) {
  const t = f.timeliness;
  return and(
    liveQuestion,
    inRegionScope(villageQuestions.regionCode, f.scopeCode),
    f.regionCode ? inRegionScope(villageQuestions.regionCode, f.regionCode) : undefined,
    f.hearingId ? eq(villageQuestions.hearingId, f.hearingId) : undefined,
    f.status ? eq(villageQuestions.status, f.status) : undefined,
    f.overdueBefore ? and(eq(villageQuestions.status, 'open'), lt(villageQuestions.dueOn, f.overdueBefore)) : undefined,
    f.publicOnly ? ne(villageQuestions.status, 'hidden') : undefined,
    f.hidden === true ? eq(villageQuestions.status, 'hidden') : f.hidden === false ? ne(villageQuestions.status, 'hidden') : undefined,
    f.askedFrom ? sql`${askedDay} >= ${f.askedFrom}::date` : undefined,
    f.askedTo ? sql`${askedDay} <= ${f.askedTo}::date` : undefined,
    f.dueFrom ? gte(villageQuestions.dueOn, f.dueFrom) : undefined,
    f.dueTo ? lte(villageQuestions.dueOn, f.dueTo) : undefined,
    t ? ne(villageQuestions.status, 'hidden') : undefined,
    t?.kind === 'on_time' ? and(isNotNull(villageQuestions.answeredAt), sql`${answeredDay} <= ${villageQuestions.dueOn}`) : undefined,
    t?.kind === 'late'
      ? or(and(isNotNull(villageQuestions.answeredAt), sql`${answeredDay} > ${villageQuestions.dueOn}`), and(isNull(villageQuestions.answeredAt), lt(villageQuestions.dueOn, t.today)))
      : undefined,
  );
}

/** Newest first. */
export async function findQuestions(db: DbOrTx, f: QuestionFilter, page: Page) {
  const where = questionWhere(f);
  const [rows, [total]] = await Promise.all([
    questionsJoined(db).where(where).orderBy(desc(villageQuestions.createdAt), asc(villageQuestions.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(villageQuestions).where(where),
  ]);
  return { rows: rows.map(toQuestionView), total: Number(total?.n ?? 0) };
}

/** Every question of a session, oldest first (the order they were put). */
export async function listHearingQuestions(db: DbOrTx, hearingId: string, publicOnly: boolean): Promise<QuestionViewRow[]> {
  const rows = await questionsJoined(db).where(questionWhere({ scopeCode: null, hearingId, publicOnly })).orderBy(asc(villageQuestions.createdAt), asc(villageQuestions.id));
  return rows.map(toQuestionView);
}

/** Per session: questions (hidden ones only for staff) and how many are answered. */
export async function questionCounts(db: DbOrTx, hearingIds: string[], publicOnly: boolean): Promise<Map<string, { total: number; answered: number }>> {
  if (hearingIds.length === 0) return new Map();
  const rows = await db
    .select({ hearingId: villageQuestions.hearingId, total: count(), answered: sql<number>`count(*) filter (where ${villageQuestions.status} = 'answered')` })
    .from(villageQuestions)
    .where(and(questionWhere({ scopeCode: null, publicOnly }), inArray(villageQuestions.hearingId, hearingIds)))
    .groupBy(villageQuestions.hearingId);
  return new Map(rows.map((r) => [r.hearingId!, { total: Number(r.total), answered: Number(r.answered) }]));
}

/** Open questions past their due date, with the village's name and the session's title (the daily sweep). */
export async function findOverdueQuestions(db: DbOrTx, today: string) {
  return db
    .select({ question: villageQuestions, villageName: regions.name, hearingTitle: hearings.title })
    .from(villageQuestions)
    .leftJoin(regions, eq(regions.code, villageQuestions.regionCode))
    .leftJoin(hearings, eq(hearings.id, villageQuestions.hearingId))
    .where(and(liveQuestion, eq(villageQuestions.status, 'open'), lt(villageQuestions.dueOn, today)))
    .orderBy(asc(villageQuestions.dueOn), asc(villageQuestions.id));
}

// ---- Ratings ----

/** Inserts the ratings that are new; returns how many were inserted (a repeat of person and cadre is skipped). */
export async function insertRatings(tx: Tx, rows: (typeof hearingRatings.$inferInsert)[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await tx.insert(hearingRatings).values(rows).onConflictDoNothing().returning({ id: hearingRatings.id });
  return inserted.length;
}

export async function ratedCadreIds(db: DbOrTx, hearingId: string, raterDigest: string): Promise<string[]> {
  const rows = await db.select({ cadreId: hearingRatings.cadreId }).from(hearingRatings)
    .where(and(eq(hearingRatings.hearingId, hearingId), eq(hearingRatings.raterDigest, raterDigest), isNull(hearingRatings.deletedAt)));
  return rows.map((r) => r.cadreId);
}

/** Counts per cadre and level for the given sessions. */
export async function ratingCountsOf(db: DbOrTx, hearingIds: string[]) {
  if (hearingIds.length === 0) return [];
  return db.select({ cadreId: hearingRatings.cadreId, level: hearingRatings.level, n: count() }).from(hearingRatings)
    .where(and(inArray(hearingRatings.hearingId, hearingIds), isNull(hearingRatings.deletedAt)))
    .groupBy(hearingRatings.cadreId, hearingRatings.level);
}

/** The comments left with ratings of a session, newest first (never who left them: the table does not know). */
export async function ratingComments(db: DbOrTx, hearingId: string) {
  return db
    .select({ cadreId: hearingRatings.cadreId, cadreName: hearingCadres.name, level: hearingRatings.level, comment: hearingRatings.comment, createdAt: hearingRatings.createdAt })
    .from(hearingRatings)
    .innerJoin(hearingCadres, eq(hearingCadres.id, hearingRatings.cadreId))
    .where(and(eq(hearingRatings.hearingId, hearingId), isNull(hearingRatings.deletedAt), sql`${hearingRatings.comment} is not null and ${hearingRatings.comment} <> ''`))
    .orderBy(desc(hearingRatings.createdAt), asc(hearingRatings.id));
}

// ---- Villagers ----

export async function residentName(db: DbOrTx, residentId: string): Promise<string | null> {
  const [row] = await db.select({ name: residents.name }).from(residents).where(and(eq(residents.id, residentId), isNull(residents.deletedAt)));
  return row?.name ?? null;
}
