import { bigint, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { businessColumns } from './columns.js';

/**
 * 村级财务: one ledger entry (凭证) of a village. `entry_no` is entry_id in ledger.csv.
 * Flow: draft → pending_review (accountant submits) → final (supervision committee
 * approves) | rejected. A final entry is never edited: a correction is a reversing entry.
 */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: uuid('id').primaryKey(),
    entryNo: text('entry_no').notNull(),
    entryDate: date('entry_date', { mode: 'string' }).notNull(),
    /** Accounting period YYYY-MM (China time), for monthly closing. */
    period: text('period').notNull(),
    direction: text('direction', { enum: ['income', 'expense'] }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** Code in the chart of accounts for village collective economic organisations. */
    accountCode: text('account_code'),
    /** The category as written (ledger.csv `category`), kept even when mapped to an account. */
    category: text('category').notNull(),
    counterpartyName: text('counterparty_name'),
    /** Identity number or unified social credit code (internal: masked in every public view). */
    counterpartyId: text('counterparty_id'),
    description: text('description'),
    decisionNo: text('decision_no'),
    decisionId: uuid('decision_id'),
    contractId: uuid('contract_id'),
    status: text('status', { enum: ['draft', 'pending_review', 'final', 'rejected'] }).notNull(),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true, mode: 'date' }),
    reviewNote: text('review_note'),
    reversesEntryId: uuid('reverses_entry_id'),
    reversedByEntryId: uuid('reversed_by_entry_id'),
    /** Recorded although a rule would refuse it (e.g. a large expense without a decision), with the reason. */
    flagged: boolean('flagged').notNull().default(false),
    flagReason: text('flag_reason'),
    source: text('source', { enum: ['manual', 'import'] }).notNull().default('manual'),
    /** Which import, file and line the row came from (imports only). */
    provenance: jsonb('provenance'),
    extra: jsonb('extra'),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('ledger_entries_no_uq').on(t.entryNo), index('ledger_entries_region_idx').on(t.regionCode, t.period), index('ledger_entries_counterparty_idx').on(t.counterpartyId)],
);

/** Monthly closing (月结) of a village's books: balances by account at the close. */
export const ledgerClosings = pgTable(
  'ledger_closings',
  {
    id: uuid('id').primaryKey(),
    period: text('period').notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }).notNull(),
    closedBy: uuid('closed_by'),
    incomeFen: bigint('income_fen', { mode: 'number' }).notNull(),
    expenseFen: bigint('expense_fen', { mode: 'number' }).notNull(),
    balances: jsonb('balances').notNull(),
    reopenedAt: timestamp('reopened_at', { withTimezone: true, mode: 'date' }),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('ledger_closings_uq').on(t.regionCode, t.period)],
);

/** 三资: collective assets and resources register. */
export const assets = pgTable(
  'assets',
  {
    id: uuid('id').primaryKey(),
    assetNo: text('asset_no').notNull(),
    kind: text('kind', { enum: ['land', 'building', 'equipment', 'funds', 'resource', 'other'] }).notNull(),
    name: text('name').notNull(),
    location: text('location'),
    quantity: text('quantity'),
    unit: text('unit'),
    valueFen: bigint('value_fen', { mode: 'number' }),
    status: text('status', { enum: ['self_used', 'leased', 'idle', 'sold'] }).notNull(),
    acquiredOn: date('acquired_on', { mode: 'string' }),
    notes: text('notes'),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('assets_no_uq').on(t.regionCode, t.assetNo), index('assets_region_idx').on(t.regionCode)],
);

/** Contracts (合同): works, purchases, services, asset leases and sales, land contracting. `contract_no` is contract_id in contracts.csv. */
export const contracts = pgTable(
  'contracts',
  {
    id: uuid('id').primaryKey(),
    contractNo: text('contract_no').notNull(),
    contractType: text('contract_type', { enum: ['工程', '采购', '服务', '资产租赁', '资产出售', '土地承包'] }).notNull(),
    title: text('title').notNull(),
    counterpartyName: text('counterparty_name').notNull(),
    counterpartyId: text('counterparty_id'),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    signedDate: date('signed_date', { mode: 'string' }).notNull(),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    procurementMethod: text('procurement_method', { enum: ['公开招标', '公开拍卖', '公开竞价', '竞争性谈判', '询价', '直接委托'] }),
    decisionNo: text('decision_no'),
    decisionId: uuid('decision_id'),
    assetId: uuid('asset_id'),
    status: text('status', { enum: ['active', 'completed', 'terminated'] }).notNull().default('active'),
    flagged: boolean('flagged').notNull().default(false),
    flagReason: text('flag_reason'),
    source: text('source', { enum: ['manual', 'import'] }).notNull().default('manual'),
    provenance: jsonb('provenance'),
    extra: jsonb('extra'),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('contracts_no_uq').on(t.contractNo), index('contracts_region_idx').on(t.regionCode), index('contracts_end_idx').on(t.status, t.endDate)],
);

/** Payments made against a contract (linked to the ledger entry that records them). */
export const contractPayments = pgTable(
  'contract_payments',
  {
    id: uuid('id').primaryKey(),
    contractId: uuid('contract_id').notNull(),
    paidOn: date('paid_on', { mode: 'string' }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    ledgerEntryId: uuid('ledger_entry_id'),
    note: text('note'),
    ...businessColumns(),
  },
  (t) => [index('contract_payments_contract_idx').on(t.contractId)],
);

/**
 * 村务公开: one disclosure item of a village (a monthly finance statement, a benefit list, …)
 * with its due date. Its published content lives in disclosure_versions, never changed.
 */
export const disclosures = pgTable(
  'disclosures',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind', { enum: ['finance_monthly', 'benefits', 'assets_contracts', 'works', 'decisions', 'matter', 'other'] }).notNull(),
    title: text('title').notNull(),
    /** The period covered, e.g. 2026-10 (month) or 2026-Q3 (quarter); empty for one-off items. */
    period: text('period'),
    dueOn: date('due_on', { mode: 'string' }),
    status: text('status', { enum: ['draft', 'published', 'withdrawn'] }).notNull(),
    currentVersion: integer('current_version').notNull().default(0),
    firstPublishedAt: timestamp('first_published_at', { withTimezone: true, mode: 'date' }),
    /** Where a power flow asked for this disclosure (matter id), if it did. */
    sourceType: text('source_type'),
    sourceId: text('source_id'),
    ...businessColumns(),
  },
  (t) => [index('disclosures_region_idx').on(t.regionCode, t.status), uniqueIndex('disclosures_period_uq').on(t.regionCode, t.kind, t.period)],
);

export const disclosureVersions = pgTable(
  'disclosure_versions',
  {
    id: uuid('id').primaryKey(),
    disclosureId: uuid('disclosure_id').notNull(),
    version: integer('version').notNull(),
    content: jsonb('content').notNull(),
    /** Why this version corrects the one before (required from version 2 on). */
    correctionReason: text('correction_reason'),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }).notNull(),
    publishedBy: uuid('published_by'),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('disclosure_versions_uq').on(t.disclosureId, t.version)],
);

/** Villagers' questions on a disclosed item (named or anonymous), answered in public by a due date. */
export const disclosureQuestions = pgTable(
  'disclosure_questions',
  {
    id: uuid('id').primaryKey(),
    disclosureId: uuid('disclosure_id').notNull(),
    content: text('content').notNull(),
    askerName: text('asker_name'),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    answer: text('answer'),
    answeredAt: timestamp('answered_at', { withTimezone: true, mode: 'date' }),
    answeredBy: uuid('answered_by'),
    ...businessColumns(),
  },
  (t) => [index('disclosure_questions_disclosure_idx').on(t.disclosureId), index('disclosure_questions_due_idx').on(t.answeredAt, t.dueOn)],
);
