import { bigint, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { businessColumns } from './columns.js';

/**
 * Department data (部门数据) of shared/spec/data-exchange.md, one table per dataset. Every row
 * carries its provenance: `import_id` (data_imports: which file, who, when) and `source_line`.
 * `region_code` is the village for datasets that name one; for person-level datasets without a
 * village (deaths, vehicles, businesses, public employees, kinship) it is the region of the
 * account that imported the file (the district), so the row stays in that district's scope.
 * `id_valid` is false when the identity number fails GB 11643: such rows are kept as evidence.
 * Writes go through the audited import (one audit event per file, not per row).
 */
const provenance = () => ({
  importId: uuid('import_id'),
  sourceLine: integer('source_line'),
  /** Columns of the file that are not in the spec, kept as they came. */
  extra: jsonb('extra'),
});

export const residents = pgTable(
  'residents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idNumber: text('id_number').notNull(),
    idValid: boolean('id_valid').notNull().default(true),
    name: text('name').notNull(),
    gender: text('gender'),
    birthDate: date('birth_date', { mode: 'string' }),
    householdId: text('household_id'),
    relationToHead: text('relation_to_head'),
    ...provenance(),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('residents_id_number_uq').on(t.idNumber), index('residents_household_idx').on(t.householdId), index('residents_region_idx').on(t.regionCode)],
);

export const cadres = pgTable(
  'cadres',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idNumber: text('id_number').notNull(),
    idValid: boolean('id_valid').notNull().default(true),
    name: text('name').notNull(),
    position: text('position').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    ...provenance(),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('cadres_key_uq').on(t.idNumber, t.position, t.startDate), index('cadres_region_idx').on(t.regionCode), index('cadres_id_number_idx').on(t.idNumber)],
);

/** Stored with id_number_a < id_number_b (the key is the unordered pair). */
export const kinship = pgTable(
  'kinship',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idNumberA: text('id_number_a').notNull(),
    idNumberB: text('id_number_b').notNull(),
    relation: text('relation').notNull(),
    ...provenance(),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('kinship_pair_uq').on(t.idNumberA, t.idNumberB), index('kinship_b_idx').on(t.idNumberB)],
);

export const deaths = pgTable(
  'deaths',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idNumber: text('id_number').notNull(),
    idValid: boolean('id_valid').notNull().default(true),
    name: text('name'),
    deathDate: date('death_date', { mode: 'string' }).notNull(),
    ...provenance(),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('deaths_id_number_uq').on(t.idNumber)],
);

export const vehicles = pgTable(
  'vehicles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    plate: text('plate').notNull(),
    idNumber: text('id_number').notNull(),
    idValid: boolean('id_valid').notNull().default(true),
    vehicleType: text('vehicle_type').notNull(),
    registeredDate: date('registered_date', { mode: 'string' }),
    ...provenance(),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('vehicles_plate_uq').on(t.plate), index('vehicles_id_number_idx').on(t.idNumber)],
);

export const businesses = pgTable(
  'businesses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    creditCode: text('credit_code').notNull(),
    companyName: text('company_name').notNull(),
    idNumber: text('id_number').notNull(),
    idValid: boolean('id_valid').notNull().default(true),
    role: text('role').notNull(),
    registeredCapitalFen: bigint('registered_capital_fen', { mode: 'number' }),
    ...provenance(),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('businesses_key_uq').on(t.creditCode, t.idNumber, t.role), index('businesses_id_number_idx').on(t.idNumber)],
);

export const publicEmployees = pgTable(
  'public_employees',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idNumber: text('id_number').notNull(),
    idValid: boolean('id_valid').notNull().default(true),
    name: text('name'),
    employer: text('employer'),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    ...provenance(),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('public_employees_id_number_uq').on(t.idNumber)],
);

/** benefit_recipients.csv (救助保障对象); region_code is its village_code. */
export const benefitRecipients = pgTable(
  'benefit_recipients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idNumber: text('id_number').notNull(),
    idValid: boolean('id_valid').notNull().default(true),
    name: text('name').notNull(),
    program: text('program').notNull(),
    householdSize: integer('household_size'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    monthlyAmountFen: bigint('monthly_amount_fen', { mode: 'number' }),
    ...provenance(),
    ...businessColumns(),
  },
  (t) => [
    uniqueIndex('benefit_recipients_key_uq').on(t.idNumber, t.program, t.regionCode, t.startDate),
    index('benefit_recipients_region_idx').on(t.regionCode, t.program),
  ],
);

/** payments.csv (惠民惠农补贴发放); region_code is its village_code. `payment_no` is payment_id. */
export const subsidyPayments = pgTable(
  'subsidy_payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    paymentNo: text('payment_no').notNull(),
    idNumber: text('id_number').notNull(),
    idValid: boolean('id_valid').notNull().default(true),
    name: text('name'),
    program: text('program').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    paidDate: date('paid_date', { mode: 'string' }).notNull(),
    /** As the department sent it (often masked); internal only, never in a public view. */
    bankAccount: text('bank_account'),
    ...provenance(),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('subsidy_payments_no_uq').on(t.paymentNo), index('subsidy_payments_id_number_idx').on(t.idNumber, t.paidDate), index('subsidy_payments_region_idx').on(t.regionCode, t.paidDate)],
);

/**
 * One imported file (数据导入批次): who sent it, how (command line, console upload, a department
 * system's token), what came of it. The file itself is kept in the blob store (`blob_sha256`),
 * so what any row was at any import can be recovered. `region_code` is the importer's region.
 */
export const dataImports = pgTable(
  'data_imports',
  {
    id: uuid('id').primaryKey(),
    dataset: text('dataset').notNull(),
    fileName: text('file_name').notNull(),
    format: text('format', { enum: ['csv', 'xlsx', 'json'] }).notNull(),
    encoding: text('encoding'),
    blobSha256: text('blob_sha256'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    via: text('via', { enum: ['cli', 'upload', 'api'] }).notNull(),
    tokenId: uuid('token_id'),
    strict: boolean('strict').notNull().default(false),
    status: text('status', { enum: ['running', 'committed', 'rejected', 'failed'] }).notNull(),
    rowsRead: integer('rows_read').notNull().default(0),
    rowsImported: integer('rows_imported').notNull().default(0),
    rowsUpdated: integer('rows_updated').notNull().default(0),
    rowsUnchanged: integer('rows_unchanged').notNull().default(0),
    rowsRejected: integer('rows_rejected').notNull().default(0),
    /** Rows whose identity number failed GB 11643 (imported, flagged). */
    rowsFlagged: integer('rows_flagged').notNull().default(0),
    /** The first rejected rows `{line, reason}` (the full list is in the error report blob). */
    rejected: jsonb('rejected'),
    errorReportSha256: text('error_report_sha256'),
    message: text('message'),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    ...businessColumns(),
  },
  (t) => [index('data_imports_region_idx').on(t.regionCode, t.startedAt), index('data_imports_dataset_idx').on(t.dataset, t.startedAt)],
);

/**
 * API tokens of machine accounts (部门系统接口令牌): a department system posts datasets with one.
 * Only a hash is stored; `datasets` limits what it may post; revocable; every use is an import row.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    name: text('name').notNull(),
    /** First characters of the token, to recognise it in lists (the rest is never shown again). */
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull(),
    datasets: text('datasets').array().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    revokedBy: uuid('revoked_by'),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

/**
 * One run of the rules engine (预警扫描): full or incremental (after an import), as of a date,
 * over one district; per-rule counts of new, still open and resolved alerts.
 */
export const alertSweeps = pgTable(
  'alert_sweeps',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind', { enum: ['full', 'incremental'] }).notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    importId: uuid('import_id'),
    status: text('status', { enum: ['running', 'done', 'failed'] }).notNull(),
    counts: jsonb('counts'),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    message: text('message'),
    ...businessColumns(),
  },
  (t) => [index('alert_sweeps_region_idx').on(t.regionCode, t.startedAt)],
);
