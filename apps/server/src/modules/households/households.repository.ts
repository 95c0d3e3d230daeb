import { and, desc, eq, gt, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import {
  benefitRecipients,
  householdCodes,
  ledgerEntries,
  matters,
  powerItems,
  regions,
  queryRows,
  residents,
  satisfactionResponses,
  subsidyPayments,
  verificationFailures,
  villagerSessions,
  type DbOrTx,
  type Tx,
} from '@mpw/db';
import { inRegionScope, likeEscape } from '../../lib/scope.js';
import { HEAD_RELATION } from './households.policy.js';

export type HouseholdCodeRow = typeof householdCodes.$inferSelect;
export type ResidentRow = typeof residents.$inferSelect;

const liveCode = and(isNull(householdCodes.voidedAt), isNull(householdCodes.deletedAt));

/**
 * The households of the registry (residents grouped by village and household number), with the
 * head (户主, else the first registered member) and the household's active code.
 */
function householdsCte(where: SQL): SQL {
  return sql`
    select ${residents.regionCode} as region_code, ${residents.householdId} as household_id, count(*)::int as member_count,
      coalesce(
        min(${residents.name}) filter (where ${residents.relationToHead} = ${HEAD_RELATION}),
        (array_agg(${residents.name} order by ${residents.sourceLine} nulls last, ${residents.idNumber}))[1]
      ) as head_name
    from ${residents}
    where ${residents.deletedAt} is null and ${residents.householdId} is not null and ${where}
    group by ${residents.regionCode}, ${residents.householdId}`;
}

export type HouseholdListRow = {
  region_code: string;
  village_name: string;
  household_id: string;
  head_name: string | null;
  member_count: number;
  code_serial: number | null;
  active_serial: number | null;
  issued_at: string | Date | null;
  issued_by_name: string | null;
  total: number;
};

export interface HouseholdFilter {
  scopeCode: string | null;
  regionCode?: string;
  q?: string;
  codeStatus?: 'none' | 'active';
}

export async function findHouseholds(db: DbOrTx, f: HouseholdFilter, page: { offset: number; limit: number }): Promise<HouseholdListRow[]> {
  const scope = and(inRegionScope(residents.regionCode, f.scopeCode), f.regionCode ? inRegionScope(residents.regionCode, f.regionCode) : undefined) as SQL;
  const q = f.q?.trim();
  const like = q ? `%${likeEscape(q)}%` : null;
  return queryRows<HouseholdListRow>(db, sql`
    with h as (${householdsCte(scope)})
    select h.region_code, g.name as village_name, h.household_id, h.head_name, h.member_count,
      (select max(c.serial) from household_codes c where c.region_code = h.region_code and c.household_id = h.household_id and c.deleted_at is null) as code_serial,
      a.serial as active_serial, a.created_at as issued_at, u.display_name as issued_by_name,
      count(*) over ()::int as total
    from h
    join regions g on g.code = h.region_code
    left join household_codes a on a.region_code = h.region_code and a.household_id = h.household_id and a.voided_at is null and a.deleted_at is null
    left join users u on u.id = a.created_by
    where true
      ${like ? sql`and (h.household_id ilike ${like} or h.head_name ilike ${like})` : sql``}
      ${f.codeStatus === 'active' ? sql`and a.id is not null` : f.codeStatus === 'none' ? sql`and a.id is null` : sql``}
    order by h.region_code, h.household_id
    limit ${page.limit} offset ${page.offset}`);
}

export type VillageHousehold = {
  household_id: string;
  head_name: string | null;
  member_count: number;
};

/** Every household of one village, by household number. */
export async function householdsOfVillage(db: DbOrTx, village: string): Promise<VillageHousehold[]> {
  return queryRows<VillageHousehold>(db, sql`
    with h as (${householdsCte(sql`${residents.regionCode} = ${village}`)})
    select household_id, head_name, member_count from h order by household_id`);
}

/** The active codes of a village's households, locked for the re-issue. */
export async function activeCodes(tx: Tx, village: string, householdIds?: string[]): Promise<HouseholdCodeRow[]> {
  return tx.select().from(householdCodes)
    .where(and(eq(householdCodes.regionCode, village), liveCode, householdIds ? inArray(householdCodes.householdId, householdIds) : undefined))
    .for('update');
}

/** The highest serial per household of a village (0 when it never had a code). */
export async function lastSerials(tx: Tx, village: string): Promise<Map<string, number>> {
  const rows = await tx.select({ householdId: householdCodes.householdId, serial: sql<number>`max(${householdCodes.serial})::int` }).from(householdCodes)
    .where(eq(householdCodes.regionCode, village)).groupBy(householdCodes.householdId);
  return new Map(rows.map((r) => [r.householdId, Number(r.serial)]));
}

const ISSUE_LOCK = 7321081;

/** Issuing in one village is serialised: two clerks pressing the button at once get consecutive serials. */
export async function lockVillageCodes(tx: Tx, village: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${ISSUE_LOCK}, hashtext(${village}))`);
}

export async function voidCodes(tx: Tx, ids: string[], by: string | null, reason: string, now: Date): Promise<void> {
  if (!ids.length) return;
  await tx.update(householdCodes).set({ voidedAt: now, voidedBy: by, voidReason: reason, updatedBy: by, updatedAt: now }).where(inArray(householdCodes.id, ids));
}

/** Ends every session opened with these codes (a re-issued card). */
export async function revokeSessionsOfCodes(tx: Tx, codeIds: string[], now: Date): Promise<void> {
  if (!codeIds.length) return;
  await tx.update(villagerSessions).set({ revokedAt: now }).where(and(inArray(villagerSessions.householdCodeId, codeIds), isNull(villagerSessions.revokedAt)));
}

export async function insertCodes(tx: Tx, rows: (typeof householdCodes.$inferInsert)[]): Promise<void> {
  if (rows.length) await tx.insert(householdCodes).values(rows);
}

// ---- Verification ----

/** The registered person with this identity number in this village. */
export async function residentInVillage(db: DbOrTx, village: string, idNumber: string): Promise<ResidentRow | null> {
  const [row] = await db.select().from(residents).where(and(eq(residents.idNumber, idNumber), eq(residents.regionCode, village), isNull(residents.deletedAt))).limit(1);
  return row ?? null;
}

export async function activeCodeOf(db: DbOrTx, village: string, householdId: string): Promise<HouseholdCodeRow | null> {
  const [row] = await db.select().from(householdCodes).where(and(eq(householdCodes.regionCode, village), eq(householdCodes.householdId, householdId), liveCode)).limit(1);
  return row ?? null;
}

const THROTTLE_LOCK = 7321082;

/** Attempts for one identity are serialised, so parallel guesses cannot slip past the limit. */
export async function lockThrottleKey(tx: Tx, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${THROTTLE_LOCK}, hashtext(${key}))`);
}

/** Failures of a key since `since`: how many, and the oldest (when the window frees up). */
export async function failuresSince(db: DbOrTx, key: string, since: Date): Promise<{ n: number; oldest: Date | null }> {
  const [row] = await db.select({ n: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${verificationFailures.at})` }).from(verificationFailures)
    .where(and(eq(verificationFailures.throttleKey, key), gt(verificationFailures.at, since)));
  return { n: Number(row?.n ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null };
}

export async function insertFailures(tx: Tx, rows: { id: string; throttleKey: string; at: Date }[]): Promise<void> {
  await tx.insert(verificationFailures).values(rows);
}

export async function clearFailures(tx: Tx, key: string): Promise<void> {
  await tx.delete(verificationFailures).where(eq(verificationFailures.throttleKey, key));
}

/** The daily clean-up: throttle rows and sessions past any use. */
export async function purgeVerificationData(db: DbOrTx, before: Date): Promise<{ failures: number; sessions: number }> {
  const f = await db.delete(verificationFailures).where(lt(verificationFailures.at, before)).returning({ id: verificationFailures.id });
  const s = await db.delete(villagerSessions).where(lt(villagerSessions.expiresAt, before)).returning({ id: villagerSessions.id });
  return { failures: f.length, sessions: s.length };
}

// ---- The household view ----

export async function membersOf(db: DbOrTx, village: string, householdId: string): Promise<ResidentRow[]> {
  return db.select().from(residents)
    .where(and(eq(residents.regionCode, village), eq(residents.householdId, householdId), isNull(residents.deletedAt)))
    .orderBy(sql`${residents.relationToHead} = ${HEAD_RELATION} desc`, sql`${residents.sourceLine} nulls last`, residents.idNumber);
}

export async function entitlementsOf(db: DbOrTx, idNumbers: string[]) {
  if (!idNumbers.length) return [];
  return db.select().from(benefitRecipients).where(and(inArray(benefitRecipients.idNumber, idNumbers), isNull(benefitRecipients.deletedAt)))
    .orderBy(desc(benefitRecipients.startDate));
}

export async function departmentPaymentsOf(db: DbOrTx, idNumbers: string[], since: string) {
  if (!idNumbers.length) return [];
  return db.select({ idNumber: subsidyPayments.idNumber, program: subsidyPayments.program, amountFen: subsidyPayments.amountFen, paidDate: subsidyPayments.paidDate })
    .from(subsidyPayments)
    .where(and(inArray(subsidyPayments.idNumber, idNumbers), isNull(subsidyPayments.deletedAt), sql`${subsidyPayments.paidDate} >= ${since}`));
}

/** Final, standing expenses of the village books paid to these people (reversals and reversed entries left out). */
export async function bookPaymentsOf(db: DbOrTx, idNumbers: string[], since: string) {
  if (!idNumbers.length) return [];
  return db.select({ idNumber: ledgerEntries.counterpartyId, category: ledgerEntries.category, amountFen: ledgerEntries.amountFen, entryDate: ledgerEntries.entryDate, description: ledgerEntries.description })
    .from(ledgerEntries)
    .where(and(
      inArray(ledgerEntries.counterpartyId, idNumbers), eq(ledgerEntries.direction, 'expense'), eq(ledgerEntries.status, 'final'),
      isNull(ledgerEntries.reversedByEntryId), isNull(ledgerEntries.reversesEntryId), isNull(ledgerEntries.deletedAt), sql`${ledgerEntries.entryDate} >= ${since}`,
    ));
}

/** The village's matters that name an applicant (the sealed identity number is opened by the service). */
export async function mattersWithApplicant(db: DbOrTx, village: string) {
  return db.select({ matter: matters, itemName: powerItems.name }).from(matters)
    .innerJoin(powerItems, eq(powerItems.id, matters.itemId))
    .where(and(eq(matters.regionCode, village), isNotNull(matters.applicantIdSealed), isNull(matters.deletedAt)))
    .orderBy(desc(matters.createdAt));
}

// ---- Satisfaction survey ----

export async function hasResponse(db: DbOrTx, village: string, quarter: string, digest: string): Promise<boolean> {
  const [row] = await db.select({ id: satisfactionResponses.id }).from(satisfactionResponses)
    .where(and(eq(satisfactionResponses.regionCode, village), eq(satisfactionResponses.quarter, quarter), eq(satisfactionResponses.householdDigest, digest), isNull(satisfactionResponses.deletedAt)))
    .limit(1);
  return Boolean(row);
}

export async function insertResponse(tx: Tx, row: typeof satisfactionResponses.$inferInsert): Promise<boolean> {
  const inserted = await tx.insert(satisfactionResponses).values(row).onConflictDoNothing().returning({ id: satisfactionResponses.id });
  return inserted.length > 0;
}

export interface SatisfactionVillageRow {
  region_code: string;
  region_name: string;
  parent_code: string | null;
  households: number;
  responses: number;
  [counter: string]: string | number | null;
}

/** Per village in scope: households in the registry, responses of the quarter, and answers per dimension and level. */
export async function satisfactionByVillage(db: DbOrTx, scopeCode: string | null, quarter: string): Promise<SatisfactionVillageRow[]> {
  const counts = (['disclosure', 'services', 'integrity'] as const).flatMap((d) =>
    (['satisfied', 'basically_satisfied', 'dissatisfied'] as const).map((l) => sql`count(*) filter (where s.${sql.raw(d)} = ${l})::int as ${sql.raw(`${d}__${l}`)}`),
  );
  return queryRows<SatisfactionVillageRow>(db, sql`
    select ${regions.code} as region_code, ${regions.name} as region_name, ${regions.parentCode} as parent_code,
      coalesce(h.n, 0)::int as households, coalesce(s.responses, 0)::int as responses, ${sql.raw(
        (['disclosure', 'services', 'integrity'] as const).flatMap((d) => (['satisfied', 'basically_satisfied', 'dissatisfied'] as const).map((l) => `coalesce(s.${d}__${l}, 0)::int as ${d}__${l}`)).join(', '),
      )}
    from ${regions}
    left join (
      select region_code, count(distinct household_id)::int as n from residents
      where deleted_at is null and household_id is not null group by region_code
    ) h on h.region_code = ${regions.code}
    left join (
      select s.region_code, count(*)::int as responses, ${sql.join(counts, sql`, `)}
      from satisfaction_responses s where s.quarter = ${quarter} and s.deleted_at is null group by s.region_code
    ) s on s.region_code = ${regions.code}
    where ${regions.level} = 'village' and ${regions.deletedAt} is null and ${inRegionScope(regions.code, scopeCode)}
    order by ${regions.code}`);
}
