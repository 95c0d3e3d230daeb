import { and, eq, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { queryRows, supervisionMembers, type DbOrTx, type Tx } from '@mpw/db';
import { regionRange } from '../../lib/scope.js';

export type MemberRow = typeof supervisionMembers.$inferSelect;

/** `col` lies in the region subtree of `code` (null: everywhere). */
function within(col: SQL, code: string | null): SQL {
  if (code === null) return sql`true`;
  const { lo, hi } = regionRange(code);
  return sql`${col} between ${lo} and ${hi}`;
}

/** A date as a YYYYMMDD integer: whole years between two of them are their difference divided by 10000. */
const ymdInt = (day: string) => Number(day.replaceAll('-', ''));

/** Birth date as YYYYMMDD text: the stored one, else read from the identity number. */
const birthText = sql`coalesce(to_char(m.birth_date, 'YYYYMMDD'), case when m.id_number ~ '^[0-9]{17}[0-9X]$' then substr(m.id_number, 7, 8) end)`;
export const ageSql = (today: string): SQL => sql`((${ymdInt(today)} - (${birthText})::int) / 10000)`;

/**
 * Members of the villagers' committee (村民委员会) of a village today (村民委员会组织法 art. 32 bars
 * them and their close relatives from the supervision committee): cadres whose position names the
 * committee (村委会主任, 村委会委员, 村民委员会副主任, …; 村务监督委员会 is not), in office today, and the
 * village's active 村书记/主任 accounts whose identity number is known.
 */
function committeeSql(today: string, villages: SQL): SQL {
  return sql`
    select c.region_code, upper(c.id_number) as id_number, c.name, c.position
    from cadres c
    where c.deleted_at is null and (c.position like '%村委会%' or c.position like '%村民委员会%')
      and c.start_date <= ${today}::date and (c.end_date is null or c.end_date >= ${today}::date)
      and c.region_code in (${villages})
    union
    select u.region_code, upper(u.id_number), u.display_name, '村书记/主任（平台账号）'
    from users u
    where u.deleted_at is null and u.status = 'active' and 'village_secretary' = any(u.roles)
      and coalesce(u.id_number, '') <> '' and u.region_code in (${villages})`;
}

export interface ConflictHit { member_id: string; kind: 'is_committee_member' | 'relative_of_committee_member'; position: string; cadre_name: string; cadre_id_number: string; relation: string | null }

/**
 * The conflicts of the serving members that `memberWhere` (over `m`) selects, one row per member,
 * kind and committee member: the member is on the village's committee, or a close relative of
 * someone who is — same household in the registry, or a kinship row either way (kin of kin are
 * not: shared/spec/data-exchange.md). One set-based query.
 */
export function conflictHitsSql(memberWhere: SQL, today: string): SQL {
  return sql`
    with mem as (
      select m.id, m.id_number, m.region_code from supervision_members m
      where m.deleted_at is null and m.status = 'serving' and ${memberWhere}
    ),
    committee as (${committeeSql(today, sql`select region_code from mem`)}),
    -- The kinship relation says what b is to a (stored with a < b, turned round on import).
    rel as (
      select r1.id_number as person, upper(r2.id_number) as relative, '同户家庭成员' as relation
      from residents r1
      join residents r2 on r2.household_id = r1.household_id and r2.id_number <> r1.id_number and r2.deleted_at is null
      where r1.deleted_at is null and r1.household_id is not null and r1.id_number in (select id_number from mem)
      union all
      select k.id_number_a, upper(k.id_number_b), '亲属（' || k.relation || '）'
      from kinship k where k.deleted_at is null and k.id_number_a in (select id_number from mem)
      union all
      select k.id_number_b, upper(k.id_number_a), '亲属（' || case k.relation when '父母' then '子女' when '子女' then '父母' else k.relation end || '）'
      from kinship k where k.deleted_at is null and k.id_number_b in (select id_number from mem)
    ),
    hits as (
      select mem.id as member_id, 'is_committee_member' as kind, cm.position, cm.name as cadre_name, cm.id_number as cadre_id_number, null::text as relation
      from mem join committee cm on cm.region_code = mem.region_code and cm.id_number = upper(mem.id_number)
      union all
      select mem.id, 'relative_of_committee_member', cm.position, cm.name, cm.id_number, rel.relation
      from mem
      join rel on rel.person = mem.id_number
      join committee cm on cm.region_code = mem.region_code and cm.id_number = rel.relative and cm.id_number <> upper(mem.id_number)
    )
    select distinct on (member_id, kind, cadre_id_number) member_id, kind, position, cadre_name, cadre_id_number, relation
    from hits
    order by member_id, kind, cadre_id_number, position, relation`;
}

export async function conflictsOf(db: DbOrTx, memberIds: string[], today: string): Promise<ConflictHit[]> {
  if (!memberIds.length) return [];
  return queryRows<ConflictHit & Record<string, unknown>>(db, conflictHitsSql(sql`m.id = any(${`{${memberIds.join(',')}}`}::uuid[])`, today));
}

// ---- The roster ----

export interface MemberView extends MemberRow { villageName: string | null; age: number | null; trainingTenths: number }

export interface MemberFilter { scopeCode: string | null; regionCode?: string; status?: string; role?: string; conflictsOnly?: boolean }

function memberWhere(f: MemberFilter, today: string): SQL {
  return sql.join([
    sql`m.deleted_at is null`,
    within(sql`m.region_code`, f.scopeCode),
    f.regionCode ? within(sql`m.region_code`, f.regionCode) : sql`true`,
    f.status ? sql`m.status = ${f.status}` : sql`true`,
    f.role ? sql`m.role = ${f.role}` : sql`true`,
    f.conflictsOnly ? sql`m.id in (select member_id from (${conflictHitsSql(sql`${within(sql`m.region_code`, f.scopeCode)} and ${f.regionCode ? within(sql`m.region_code`, f.regionCode) : sql`true`}`, today)}) x)` : sql`true`,
  ], sql` and `);
}

const yearBefore = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d.toISOString().slice(0, 10);
};

/** Hours (tenths) of sessions held in the 12 months up to today, attended on the roster entry or on an account with the same identity number. */
const trainingTenthsSql = (today: string) => sql`(
  select coalesce(sum(a.hours_tenths), 0)::int
  from training_attendances a join training_sessions s on s.id = a.session_id and s.deleted_at is null
  where a.deleted_at is null and s.held_on > ${yearBefore(today)}::date and s.held_on <= ${today}::date
    and (a.member_id = m.id or a.user_id in (select u.id from users u where upper(u.id_number) = m.id_number)))`;

const memberSelect = (today: string) => sql`
  select m.id, m.name, m.id_number as "idNumber", m.role, m.gender, to_char(m.birth_date, 'YYYY-MM-DD') as "birthDate", m.education, m.backgrounds,
    m.is_party_member as "isPartyMember", m.phone, to_char(m.term_start, 'YYYY-MM-DD') as "termStart", to_char(m.term_end, 'YYYY-MM-DD') as "termEnd",
    to_char(m.elected_on, 'YYYY-MM-DD') as "electedOn", m.election_record as "electionRecord", m.status, to_char(m.left_on, 'YYYY-MM-DD') as "leftOn",
    m.left_reason as "leftReason", m.replaces_member_id as "replacesMemberId", m.region_code as "regionCode",
    r.name as "villageName", ${ageSql(today)} as age, ${trainingTenthsSql(today)} as "trainingTenths"
  from supervision_members m left join regions r on r.code = m.region_code`;

type RawMember = Omit<MemberView, 'createdBy' | 'createdAt' | 'updatedBy' | 'updatedAt' | 'deletedAt'> & Record<string, unknown>;

export async function findMembers(db: DbOrTx, f: MemberFilter, today: string, page: { offset: number; limit: number } | null): Promise<{ rows: RawMember[]; total: number }> {
  const where = memberWhere(f, today);
  const [rows, [total]] = await Promise.all([
    queryRows<RawMember>(db, sql`${memberSelect(today)} where ${where}
      order by m.region_code, case m.status when 'serving' then 0 else 1 end, case m.role when 'chair' then 0 when 'member' then 1 else 2 end, m.term_start desc, m.id
      ${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}`),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from supervision_members m where ${where}`),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function getMember(db: DbOrTx, id: string, scopeCode: string | null, today: string): Promise<RawMember | null> {
  const [row] = await queryRows<RawMember>(db, sql`${memberSelect(today)} where m.id = ${id} and m.deleted_at is null and ${within(sql`m.region_code`, scopeCode)}`);
  return row ?? null;
}

export async function lockMember(tx: Tx, id: string, scopeCode: string | null): Promise<MemberRow | null> {
  const [row] = await tx.select().from(supervisionMembers)
    .where(and(eq(supervisionMembers.id, id), isNull(supervisionMembers.deletedAt), within(sql`${supervisionMembers.regionCode}`, scopeCode)))
    .for('update');
  return row ?? null;
}

/** A serving member of the village with this identity number (one person serves once per village). */
export async function servingWithIdNumber(tx: Tx, regionCode: string, idNumber: string, exceptId: string | null): Promise<boolean> {
  const rows = await tx.select({ id: supervisionMembers.id }).from(supervisionMembers).where(and(
    eq(supervisionMembers.regionCode, regionCode), eq(supervisionMembers.idNumber, idNumber), eq(supervisionMembers.status, 'serving'), isNull(supervisionMembers.deletedAt),
    exceptId ? ne(supervisionMembers.id, exceptId) : undefined,
  ));
  return rows.length > 0;
}

export async function insertMember(tx: Tx, row: typeof supervisionMembers.$inferInsert) {
  await tx.insert(supervisionMembers).values(row);
}

export async function updateMember(tx: Tx, id: string, patch: Partial<typeof supervisionMembers.$inferInsert>) {
  await tx.update(supervisionMembers).set(patch).where(eq(supervisionMembers.id, id));
}

// ---- Structure (队伍结构) ----

export interface VacancyRow { region_code: string; village_name: string; members: number; has_chair: boolean; has_discipline: boolean }

/**
 * Villages of the region whose team is incomplete: fewer than 3 committee members (chair and
 * members; 村民委员会组织法 art. 32 and common local rules ask for 3 to 5), no chair, or no discipline member.
 */
export async function vacancies(db: DbOrTx, regionCode: string): Promise<VacancyRow[]> {
  const { lo, hi } = regionRange(regionCode);
  return queryRows<VacancyRow & Record<string, unknown>>(db, sql`
    select v.code as region_code, v.name as village_name,
      count(m.id) filter (where m.role in ('chair', 'member'))::int as members,
      coalesce(bool_or(m.role = 'chair'), false) as has_chair,
      coalesce(bool_or(m.role = 'discipline'), false) as has_discipline
    from regions v
    left join supervision_members m on m.region_code = v.code and m.deleted_at is null and m.status = 'serving'
    where v.deleted_at is null and v.level = 'village' and v.code between ${lo} and ${hi}
    group by v.code, v.name
    having count(m.id) filter (where m.role in ('chair', 'member')) < 3 or not coalesce(bool_or(m.role = 'chair'), false) or not coalesce(bool_or(m.role = 'discipline'), false)
    order by v.code`);
}

export interface StructureCounts { villages: number; serving: number; conflicts: number }

export async function structureCounts(db: DbOrTx, regionCode: string, today: string): Promise<StructureCounts> {
  const [row] = await queryRows<{ villages: number; serving: number; conflicts: number }>(db, sql`
    select
      (select count(*)::int from regions v where v.deleted_at is null and v.level = 'village' and ${within(sql`v.code`, regionCode)}) as villages,
      (select count(*)::int from supervision_members m where m.deleted_at is null and m.status = 'serving' and ${within(sql`m.region_code`, regionCode)}) as serving,
      (select count(distinct member_id)::int from (${conflictHitsSql(within(sql`m.region_code`, regionCode), today)}) x) as conflicts`);
  return { villages: Number(row?.villages ?? 0), serving: Number(row?.serving ?? 0), conflicts: Number(row?.conflicts ?? 0) };
}

/** Serving members of the region counted by age band, education level and professional background. */
export async function structureShares(db: DbOrTx, regionCode: string, today: string) {
  const serving = sql`m.deleted_at is null and m.status = 'serving' and ${within(sql`m.region_code`, regionCode)}`;
  const age = ageSql(today);
  const [ages, education, backgrounds] = await Promise.all([
    queryRows<{ band: string; count: number }>(db, sql`
      select case when a is null then 'unknown' when a < 35 then 'under_35' when a < 45 then '35_44' when a < 55 then '45_54' when a < 60 then '55_59' else '60_plus' end as band,
        count(*)::int as count
      from (select ${age} as a from supervision_members m where ${serving}) x group by 1`),
    queryRows<{ level: string; count: number }>(db, sql`select coalesce(m.education, 'unknown') as level, count(*)::int as count from supervision_members m where ${serving} group by 1`),
    queryRows<{ background: string; count: number }>(db, sql`
      select b as background, count(distinct m.id)::int as count from supervision_members m cross join lateral unnest(m.backgrounds) as b where ${serving} group by 1`),
  ]);
  return { ages, education, backgrounds };
}
