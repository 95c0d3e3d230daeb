import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, date } from 'drizzle-orm/pg-core';
import { businessColumns } from './columns.js';

/**
 * The villagers' side: household query codes (户查询码), villager sessions, 村民问政 (sessions,
 * cadres, questions, ratings) and the quarterly satisfaction survey. `region_code` is the village.
 * Contracts: packages/contracts/src/villagers.ts.
 */

/**
 * A household's query code (户查询码), printed on a card. Only a salted scrypt hash is kept; a
 * re-issue voids the active code (voided_at) and adds a row with the next serial.
 */
export const householdCodes = pgTable(
  'household_codes',
  {
    id: uuid('id').primaryKey(),
    householdId: text('household_id').notNull(),
    /** scrypt$<salt b64>$<hash b64> */
    codeHash: text('code_hash').notNull(),
    serial: integer('serial').notNull(),
    voidedAt: timestamp('voided_at', { withTimezone: true, mode: 'date' }),
    voidedBy: uuid('voided_by'),
    voidReason: text('void_reason'),
    ...businessColumns(),
  },
  (t) => [
    index('household_codes_household_idx').on(t.regionCode, t.householdId),
    uniqueIndex('household_codes_serial_uq').on(t.regionCode, t.householdId, t.serial),
  ],
);

/**
 * A villager's session after verification (identity number + name + query code): one person of
 * one household, short-lived. Only a hash of the token is stored. Like staff sessions, not audited
 * row by row; verification successes and failures are audited as events.
 */
export const villagerSessions = pgTable(
  'villager_sessions',
  {
    /** sha256 of the token. */
    id: text('id').primaryKey(),
    regionCode: text('region_code').notNull(),
    householdId: text('household_id').notNull(),
    /** The verified person (residents.id). */
    residentId: uuid('resident_id').notNull(),
    /** The household code the session was opened with: re-issuing the code ends the session. */
    householdCodeId: uuid('household_code_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('villager_sessions_household_idx').on(t.regionCode, t.householdId)],
);

/**
 * Failed verifications, for throttling across app instances: keyed by a keyed digest of the
 * identity number tried (`id:<hex>`) or of the client address (`client:<hex>`), never the raw
 * value. Rows older than the longest window are deleted by the daily job.
 */
export const verificationFailures = pgTable(
  'verification_failures',
  {
    id: uuid('id').primaryKey(),
    throttleKey: text('throttle_key').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('verification_failures_key_idx').on(t.throttleKey, t.at)],
);

/** 村民问政: a questioning session of a village, usually quarterly. */
export const hearings = pgTable(
  'hearings',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    /** 2026-Q4 */
    quarter: text('quarter').notNull(),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true, mode: 'date' }).notNull(),
    place: text('place').notNull(),
    description: text('description'),
    /** scheduled → in_session → closed | cancelled */
    status: text('status').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    cancelReason: text('cancel_reason'),
    ...businessColumns(),
  },
  (t) => [index('hearings_region_idx').on(t.regionCode, t.status)],
);

/** A cadre reporting at a session (述职述廉) and being rated. */
export const hearingCadres = pgTable(
  'hearing_cadres',
  {
    id: uuid('id').primaryKey(),
    hearingId: uuid('hearing_id').notNull(),
    name: text('name').notNull(),
    position: text('position').notNull(),
    userId: uuid('user_id'),
    sortOrder: integer('sort_order').notNull().default(0),
    report: text('report'),
    reportPublishedAt: timestamp('report_published_at', { withTimezone: true, mode: 'date' }),
    ...businessColumns(),
  },
  (t) => [index('hearing_cadres_hearing_idx').on(t.hearingId)],
);

/**
 * A villager's question: to a session (hearing_id, optionally one cadre) or to the village in
 * general (我要提问, hearing_id null). Answered in public by `due_on` (QUESTION_OVERDUE otherwise).
 */
export const villageQuestions = pgTable(
  'village_questions',
  {
    id: uuid('id').primaryKey(),
    hearingId: uuid('hearing_id'),
    cadreId: uuid('cadre_id'),
    content: text('content').notNull(),
    isAnonymous: boolean('is_anonymous').notNull(),
    /** Masked name of a verified, named asker (张*华); null when anonymous. */
    askerNameMasked: text('asker_name_masked'),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    /** open | answered | hidden */
    status: text('status').notNull(),
    answer: text('answer'),
    answeredAt: timestamp('answered_at', { withTimezone: true, mode: 'date' }),
    answeredBy: uuid('answered_by'),
    hideReason: text('hide_reason'),
    ...businessColumns(),
  },
  (t) => [index('village_questions_region_idx').on(t.regionCode, t.status), index('village_questions_hearing_idx').on(t.hearingId), index('village_questions_due_idx').on(t.status, t.dueOn)],
);

/**
 * One villager's rating of one cadre in one session (民主评议). `rater_digest` is a keyed digest
 * of (session, person): it makes "once per person" enforceable without storing who rated.
 */
export const hearingRatings = pgTable(
  'hearing_ratings',
  {
    id: uuid('id').primaryKey(),
    hearingId: uuid('hearing_id').notNull(),
    cadreId: uuid('cadre_id').notNull(),
    raterDigest: text('rater_digest').notNull(),
    /** satisfied | basically_satisfied | dissatisfied */
    level: text('level').notNull(),
    comment: text('comment'),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('hearing_ratings_once_uq').on(t.hearingId, t.cadreId, t.raterDigest), index('hearing_ratings_cadre_idx').on(t.cadreId)],
);

/**
 * The quarterly satisfaction survey (满意度测评): one answer per household per quarter.
 * `household_digest` is a keyed digest of (village, household, quarter); who answered is not stored.
 */
export const satisfactionResponses = pgTable(
  'satisfaction_responses',
  {
    id: uuid('id').primaryKey(),
    quarter: text('quarter').notNull(),
    householdDigest: text('household_digest').notNull(),
    disclosure: text('disclosure').notNull(),
    services: text('services').notNull(),
    integrity: text('integrity').notNull(),
    comment: text('comment'),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('satisfaction_responses_once_uq').on(t.regionCode, t.quarter, t.householdDigest), index('satisfaction_responses_quarter_idx').on(t.quarter, t.regionCode)],
);
