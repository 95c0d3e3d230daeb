import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { queryRows, supervisionMembers, trainingAttendances, trainingSessions, users, type DbOrTx, type Tx } from '@mpw/db';
import { regionRange } from '../../lib/scope.js';

export type SessionRow = typeof trainingSessions.$inferSelect;
export type AttendanceRow = typeof trainingAttendances.$inferSelect;

/** `col` lies in the region subtree of `code` (null: everywhere). */
function within(col: SQL, code: string | null): SQL {
  if (code === null) return sql`true`;
  const { lo, hi } = regionRange(code);
  return sql`${col} between ${lo} and ${hi}`;
}

/**
 * A session is visible in a region when it was organised there or someone of the region attended
 * it (a district's warning-education class is part of every village that sent people).
 */
function visibleIn(code: string | null): SQL {
  if (code === null) return sql`true`;
  return sql`(${within(sql`s.region_code`, code)} or exists (
    select 1 from training_attendances va where va.session_id = s.id and va.deleted_at is null and ${within(sql`va.region_code`, code)}))`;
}

export interface SessionView {
  id: string;
  region_code: string;
  region_name: string | null;
  title: string;
  kind: string;
  held_on: string;
  hours_tenths: number;
  organiser: string;
  place: string | null;
  description: string | null;
  attendee_count: number;
}

const sessionSelect = sql`
  select s.id, s.region_code, r.name as region_name, s.title, s.kind, to_char(s.held_on, 'YYYY-MM-DD') as held_on, s.hours_tenths,
    s.organiser, s.place, s.description,
    (select count(*)::int from training_attendances a where a.session_id = s.id and a.deleted_at is null) as attendee_count
  from training_sessions s
  left join regions r on r.code = s.region_code`;

export interface SessionFilter {
  scopeCode: string | null;
  regionCode?: string;
  kind?: string;
  from?: string;
  to?: string;
}

function sessionWhere(f: SessionFilter): SQL {
  return sql.join([
    sql`s.deleted_at is null`,
    visibleIn(f.scopeCode),
    f.regionCode ? visibleIn(f.regionCode) : sql`true`,
    f.kind ? sql`s.kind = ${f.kind}` : sql`true`,
    f.from ? sql`s.held_on >= ${f.from}::date` : sql`true`,
    f.to ? sql`s.held_on <= ${f.to}::date` : sql`true`,
  ], sql` and `);
}

export async function findSessions(db: DbOrTx, f: SessionFilter, page: { offset: number; limit: number } | null): Promise<{ rows: SessionView[]; total: number }> {
  const where = sessionWhere(f);
  const [rows, [total]] = await Promise.all([
    queryRows<SessionView & Record<string, unknown>>(db, sql`${sessionSelect} where ${where} order by s.held_on desc, s.created_at desc, s.id
      ${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}`),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from training_sessions s where ${where}`),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function getSession(db: DbOrTx, id: string, scopeCode: string | null): Promise<SessionView | null> {
  const [row] = await queryRows<SessionView & Record<string, unknown>>(db, sql`${sessionSelect} where s.id = ${id} and s.deleted_at is null and ${visibleIn(scopeCode)}`);
  return row ?? null;
}

export interface AttendeeView {
  id: string;
  attendee_kind: string;
  user_id: string | null;
  member_id: string | null;
  name: string;
  position: string | null;
  region_code: string;
  region_name: string | null;
  hours_tenths: number;
}

/** The live attendances of a session inside `scopeCode` (a village sees its own people of a district class). */
export async function attendeesOf(db: DbOrTx, sessionId: string, scopeCode: string | null): Promise<AttendeeView[]> {
  return queryRows<AttendeeView & Record<string, unknown>>(db, sql`
    select a.id, a.attendee_kind, a.user_id, a.member_id, a.name, a.position, a.region_code, r.name as region_name, a.hours_tenths
    from training_attendances a left join regions r on r.code = a.region_code
    where a.session_id = ${sessionId} and a.deleted_at is null and ${within(sql`a.region_code`, scopeCode)}
    order by a.region_code, a.name, a.id`);
}

export async function lockSession(tx: Tx, id: string, scopeCode: string | null): Promise<SessionRow | null> {
  const [row] = await tx.select().from(trainingSessions)
    .where(and(eq(trainingSessions.id, id), isNull(trainingSessions.deletedAt), within(sql`${trainingSessions.regionCode}`, scopeCode)))
    .for('update');
  return row ?? null;
}

export async function insertSession(tx: Tx, row: typeof trainingSessions.$inferInsert) {
  await tx.insert(trainingSessions).values(row);
}

export async function updateSession(tx: Tx, id: string, patch: Partial<typeof trainingSessions.$inferInsert>) {
  await tx.update(trainingSessions).set(patch).where(eq(trainingSessions.id, id));
}

export async function liveAttendances(tx: Tx, sessionId: string): Promise<AttendanceRow[]> {
  return tx.select().from(trainingAttendances).where(and(eq(trainingAttendances.sessionId, sessionId), isNull(trainingAttendances.deletedAt)));
}

export async function insertAttendances(tx: Tx, rows: (typeof trainingAttendances.$inferInsert)[]) {
  if (rows.length) await tx.insert(trainingAttendances).values(rows);
}

export async function softDeleteAttendances(tx: Tx, sessionId: string, by: string | null) {
  await tx.update(trainingAttendances).set({ deletedAt: new Date(), updatedAt: new Date(), updatedBy: by })
    .where(and(eq(trainingAttendances.sessionId, sessionId), isNull(trainingAttendances.deletedAt)));
}

/** Accounts by id, with their region (attendees named by account). */
export async function usersByIds(db: DbOrTx, ids: string[]) {
  if (!ids.length) return [];
  return db.select({ id: users.id, regionCode: users.regionCode, displayName: users.displayName, status: users.status, idNumber: users.idNumber })
    .from(users).where(and(inArray(users.id, ids), isNull(users.deletedAt)));
}

/** Supervision-team members by id, with their village. */
export async function membersByIds(db: DbOrTx, ids: string[]) {
  if (!ids.length) return [];
  return db.select({ id: supervisionMembers.id, regionCode: supervisionMembers.regionCode, name: supervisionMembers.name, role: supervisionMembers.role })
    .from(supervisionMembers).where(and(inArray(supervisionMembers.id, ids), isNull(supervisionMembers.deletedAt)));
}

export async function liveRegionCodes(db: DbOrTx, codes: string[]): Promise<Set<string>> {
  if (!codes.length) return new Set();
  const rows = await queryRows<{ code: string }>(db, sql`select code from regions where deleted_at is null and code = any(${`{${codes.join(',')}}`}::text[])`);
  return new Set(rows.map((r) => r.code));
}

// ---- A person's history ----

export interface PersonRow { id: string; name: string; region_code: string; region_name: string | null; id_number: string | null }

export async function getPerson(db: DbOrTx, kind: 'user' | 'supervision_member', id: string, scopeCode: string | null): Promise<PersonRow | null> {
  const q = kind === 'user'
    ? sql`select u.id, u.display_name as name, u.region_code, r.name as region_name, u.id_number from users u left join regions r on r.code = u.region_code
        where u.id = ${id} and u.deleted_at is null and ${within(sql`u.region_code`, scopeCode)}`
    : sql`select m.id, m.name, m.region_code, r.name as region_name, m.id_number from supervision_members m left join regions r on r.code = m.region_code
        where m.id = ${id} and m.deleted_at is null and ${within(sql`m.region_code`, scopeCode)}`;
  const [row] = await queryRows<PersonRow & Record<string, unknown>>(db, q);
  return row ?? null;
}

export interface HistoryRow { session_id: string; title: string; kind: string; held_on: string; hours_tenths: number; organiser: string; region_code: string; region_name: string | null }

/** Sessions a person attended (by account or by roster entry), one row per session, newest first. */
export async function historyOf(db: DbOrTx, kind: 'user' | 'supervision_member', id: string): Promise<HistoryRow[]> {
  const who = kind === 'user' ? sql`a.user_id = ${id}` : sql`a.member_id = ${id}`;
  return queryRows<HistoryRow & Record<string, unknown>>(db, sql`
    select s.id as session_id, s.title, s.kind, to_char(s.held_on, 'YYYY-MM-DD') as held_on, max(a.hours_tenths)::int as hours_tenths,
      s.organiser, s.region_code, r.name as region_name
    from training_attendances a
    join training_sessions s on s.id = a.session_id and s.deleted_at is null
    left join regions r on r.code = s.region_code
    where a.deleted_at is null and ${who}
    group by s.id, s.title, s.kind, s.held_on, s.organiser, s.region_code, r.name, s.created_at
    order by s.held_on desc, s.created_at desc`);
}

// ---- Coverage (覆盖率) ----

/**
 * The units coverage is counted for: the children of a region (a village is its own single unit) —
 * GET /training/coverage — or every township or village of a district — the assessment's
 * 教育培训覆盖率. Both read the one query below, so the two figures cannot drift apart.
 */
export type CoverageUnits = { childrenOf: string } | { district: string; level: 'township' | 'village' };

export interface CoverageRow { region_code: string; region_name: string; people: number; trained: number; hours_tenths: number }

/**
 * Per unit (see CoverageUnits): the people who should be trained — active village accounts and serving supervision-team members, one person
 * once when an account and a roster entry share an identity number — and how many of them
 * attended at least one live session held in [from, to]; hours are all attendances of the unit's
 * people in the window.
 */
export async function coverageRows(db: DbOrTx, units: CoverageUnits, from: string, to: string): Promise<CoverageRow[]> {
  const scope = 'childrenOf' in units ? units.childrenOf : units.district;
  const { lo, hi } = regionRange(scope);
  const picked = 'childrenOf' in units
    ? sql`(c.parent_code = ${units.childrenOf} or (c.code = ${units.childrenOf} and c.level = 'village'))`
    : sql`c.level = ${units.level} and c.code between ${lo} and ${hi}`;
  return queryRows<CoverageRow & Record<string, unknown>>(db, sql`
    with units as (
      select c.code, c.name,
        rpad(left(c.code, case c.level when 'district' then 6 when 'township' then 9 else 12 end), 12, '0') as lo,
        rpad(left(c.code, case c.level when 'district' then 6 when 'township' then 9 else 12 end), 12, '9') as hi
      from regions c
      where c.deleted_at is null and ${picked}
    ),
    people as (
      select coalesce('id:' || upper(nullif(u.id_number, '')), 'user:' || u.id::text) as pkey, u.region_code, u.id as user_id, null::uuid as member_id
      from users u join regions v on v.code = u.region_code and v.level = 'village'
      where u.deleted_at is null and u.status = 'active' and not u.is_machine and u.region_code between ${lo} and ${hi}
      union all
      select 'id:' || upper(m.id_number), m.region_code, null::uuid, m.id
      from supervision_members m
      where m.deleted_at is null and m.status = 'serving' and m.region_code between ${lo} and ${hi}
    ),
    att as (
      select a.user_id, a.member_id, a.region_code, a.hours_tenths
      from training_attendances a join training_sessions s on s.id = a.session_id and s.deleted_at is null
      where a.deleted_at is null and s.held_on between ${from}::date and ${to}::date and a.region_code between ${lo} and ${hi}
    ),
    trained as (
      select distinct p.pkey, p.region_code from people p
      where exists (select 1 from att where att.user_id = p.user_id or att.member_id = p.member_id)
    )
    select u.code as region_code, u.name as region_name,
      (select count(distinct p.pkey)::int from people p where p.region_code between u.lo and u.hi) as people,
      (select count(distinct t.pkey)::int from trained t where t.region_code between u.lo and u.hi) as trained,
      (select coalesce(sum(att.hours_tenths), 0)::int from att where att.region_code between u.lo and u.hi) as hours_tenths
    from units u
    order by u.code`);
}
