import { and, asc, eq, gte, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { assets, benefitRecipients, contractPayments, contracts, decisionStages, decisions, matters, powerItems, type DbOrTx } from '@mpw/db';

/**
 * The department and village records a generated disclosure is drawn from. Only the columns a
 * notice board may show are selected: identity numbers, bank accounts and sealed applicant ids
 * never leave the database here.
 */

export interface BenefitRow {
  name: string;
  program: string;
  householdSize: number | null;
  startDate: string;
  endDate: string | null;
  monthlyAmountFen: number | null;
}

/** Entitlements of the village active at some day of [from, to] (data-exchange.md: start ≤ d ≤ end or ongoing). */
export async function activeBenefits(db: DbOrTx, village: string, from: string, to: string): Promise<BenefitRow[]> {
  return db
    .select({
      name: benefitRecipients.name,
      program: benefitRecipients.program,
      householdSize: benefitRecipients.householdSize,
      startDate: benefitRecipients.startDate,
      endDate: benefitRecipients.endDate,
      monthlyAmountFen: benefitRecipients.monthlyAmountFen,
    })
    .from(benefitRecipients)
    .where(and(
      eq(benefitRecipients.regionCode, village),
      isNull(benefitRecipients.deletedAt),
      lte(benefitRecipients.startDate, to),
      or(isNull(benefitRecipients.endDate), gte(benefitRecipients.endDate, from)),
    ))
    .orderBy(asc(benefitRecipients.program), asc(benefitRecipients.startDate), asc(benefitRecipients.name));
}

/**
 * 低保 applications the village handled on the platform and that were completed (confirmed) in
 * [from, to]: the power item's name says 低保. The applicant's name is what the notice shows.
 */
export async function confirmedBenefitMatters(db: DbOrTx, village: string, from: string, to: string) {
  return db
    .select({ matterNo: matters.matterNo, title: matters.title, applicantName: matters.applicantName, amountFen: matters.amountFen, completedAt: matters.completedAt, itemName: powerItems.name })
    .from(matters)
    .innerJoin(powerItems, eq(powerItems.id, matters.itemId))
    .where(and(
      eq(matters.regionCode, village),
      isNull(matters.deletedAt),
      eq(matters.status, 'completed'),
      sql`${powerItems.name} like '%低保%'`,
      sql`(${matters.completedAt} at time zone 'Asia/Shanghai')::date between ${from}::date and ${to}::date`,
    ))
    .orderBy(asc(matters.completedAt), asc(matters.matterNo));
}

export type ContractSource = typeof contracts.$inferSelect;

/** Contracts of the village that were in force at some day of [from, to] or signed in it. */
export async function contractsInPeriod(db: DbOrTx, village: string, from: string, to: string, type?: ContractSource['contractType']): Promise<ContractSource[]> {
  return db
    .select()
    .from(contracts)
    .where(and(
      eq(contracts.regionCode, village),
      isNull(contracts.deletedAt),
      type ? eq(contracts.contractType, type) : undefined,
      lte(contracts.signedDate, to),
      or(
        eq(contracts.status, 'active'),
        gte(contracts.signedDate, from),
        and(isNotNull(contracts.endDate), gte(contracts.endDate, from)),
        sql`(${contracts.updatedAt} at time zone 'Asia/Shanghai')::date >= ${from}::date`,
      ),
    ))
    .orderBy(asc(contracts.signedDate), asc(contracts.contractNo));
}

export async function villageAssets(db: DbOrTx, village: string) {
  return db.select().from(assets).where(and(eq(assets.regionCode, village), isNull(assets.deletedAt))).orderBy(asc(assets.assetNo));
}

export async function paymentsOf(db: DbOrTx, contractIds: string[], to: string) {
  if (contractIds.length === 0) return [];
  return db
    .select({ contractId: contractPayments.contractId, paidOn: contractPayments.paidOn, amountFen: contractPayments.amountFen, note: contractPayments.note })
    .from(contractPayments)
    .where(and(inArray(contractPayments.contractId, contractIds), isNull(contractPayments.deletedAt), lte(contractPayments.paidOn, to)))
    .orderBy(asc(contractPayments.paidOn), asc(contractPayments.id));
}

export interface DecisionInfo {
  decisionNo: string;
  title: string;
  status: string;
  resolvedOn: string | null;
}

/** The decisions behind contracts (by id, else by number in the village), with the date the resolution passed. */
export async function decisionsFor(db: DbOrTx, village: string, list: { decisionId: string | null; decisionNo: string | null }[]): Promise<Map<string, DecisionInfo>> {
  const nos = [...new Set(list.map((c) => c.decisionNo).filter((n): n is string => !!n))];
  const ids = [...new Set(list.map((c) => c.decisionId).filter((n): n is string => !!n))];
  if (nos.length === 0 && ids.length === 0) return new Map();
  const rows = await db
    .select({ id: decisions.id, decisionNo: decisions.decisionNo, title: decisions.title, status: decisions.status })
    .from(decisions)
    .where(and(isNull(decisions.deletedAt), or(ids.length ? inArray(decisions.id, ids) : undefined, nos.length ? and(eq(decisions.regionCode, village), inArray(decisions.decisionNo, nos)) : undefined)));
  const resolved = rows.length
    ? await db
        .select({ decisionId: decisionStages.decisionId, heldOn: decisionStages.heldOn })
        .from(decisionStages)
        .where(and(inArray(decisionStages.decisionId, rows.map((r) => r.id)), eq(decisionStages.stage, 'resolution'), or(isNull(decisionStages.outcome), eq(decisionStages.outcome, 'passed')), isNull(decisionStages.deletedAt)))
    : [];
  const out = new Map<string, DecisionInfo>();
  for (const r of rows) {
    const info = { decisionNo: r.decisionNo, title: r.title, status: r.status, resolvedOn: resolved.find((s) => s.decisionId === r.id)?.heldOn ?? null };
    out.set(r.id, info);
    out.set(`no:${r.decisionNo}`, info);
  }
  return out;
}
