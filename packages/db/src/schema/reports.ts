import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { businessColumns } from './columns.js';

/**
 * Reports from the public (举报). `region_code` is where the matter happened (the village, or the
 * township for a township official). `barred_region_code` is the unit whose accounts must never
 * see the report (the reported cadre's village, the reported official's township), or null.
 * For anonymous reports `created_at`/`updated_at` are set to the start of the day of arrival:
 * staff only ever learn the day (docs/reports.md).
 */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey(),
    /** JB + district code + year + sequence, e.g. JB330102-2026-00042. */
    number: text('number').notNull(),
    channel: text('channel').notNull(),
    category: text('category').notNull(),
    subjectName: text('subject_name').notNull(),
    subjectPosition: text('subject_position').notNull(),
    subjectKind: text('subject_kind').notNull(),
    /** Filled by a handler during verification when known; used for conflict checks. */
    subjectIdNumber: text('subject_id_number'),
    barredRegionCode: text('barred_region_code'),
    content: text('content').notNull(),
    occurredWhen: text('occurred_when'),
    isAnonymous: boolean('is_anonymous').notNull(),
    /** Reporter identity and contact (JSON), sealed with the key outside the database; null when anonymous or erased. */
    reporterSealed: text('reporter_sealed'),
    wantsProtection: boolean('wants_protection').notNull().default(false),
    reporterErasedAt: timestamp('reporter_erased_at', { withTimezone: true, mode: 'date' }),
    /** HMAC of the receipt code (lookup) and scrypt hash of the passphrase: neither is stored in clear. */
    receiptHash: text('receipt_hash'),
    passphraseHash: text('passphrase_hash'),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    status: text('status').notNull(),
    priority: text('priority').notNull().default('normal'),
    handlingLevel: text('handling_level').notNull(),
    handlingRegionCode: text('handling_region_code').notNull(),
    assignedTo: uuid('assigned_to'),
    /** The current time limit (acceptance, transfer, verification, feedback). */
    dueOn: date('due_on', { mode: 'string' }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'date' }),
    notAcceptedReason: text('not_accepted_reason'),
    conclusion: text('conclusion'),
    conclusionNote: text('conclusion_note'),
    concludedAt: timestamp('concluded_at', { withTimezone: true, mode: 'date' }),
    feedback: text('feedback'),
    feedbackAt: timestamp('feedback_at', { withTimezone: true, mode: 'date' }),
    archivedAt: timestamp('archived_at', { withTimezone: true, mode: 'date' }),
    retaliationFlaggedAt: timestamp('retaliation_flagged_at', { withTimezone: true, mode: 'date' }),
    linkType: text('link_type'),
    linkId: text('link_id'),
    ...businessColumns(),
  },
  (t) => [
    uniqueIndex('reports_number_uq').on(t.number),
    uniqueIndex('reports_receipt_uq').on(t.receiptHash),
    index('reports_region_idx').on(t.regionCode, t.status),
    index('reports_handling_idx').on(t.handlingRegionCode, t.handlingLevel),
    index('reports_assigned_idx').on(t.assignedTo),
    index('reports_due_idx').on(t.status, t.dueOn),
  ],
);

/** A report's history, append-only: every step, note, transfer, question and reveal. */
export const reportEvents = pgTable(
  'report_events',
  {
    id: uuid('id').primaryKey(),
    reportId: uuid('report_id').notNull(),
    kind: text('kind').notNull(),
    /** For events that came from the reporter: the start of the day only. */
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorId: uuid('actor_id'),
    level: text('level'),
    note: text('note'),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    ...businessColumns(),
  },
  (t) => [index('report_events_report_idx').on(t.reportId, t.at)],
);

/** Questions from the handler to the reporter and the reporter's answers. */
export const reportMessages = pgTable(
  'report_messages',
  {
    id: uuid('id').primaryKey(),
    reportId: uuid('report_id').notNull(),
    direction: text('direction').notNull(),
    body: text('body').notNull(),
    /** From the reporter: the start of the day only. */
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    authorId: uuid('author_id'),
    ...businessColumns(),
  },
  (t) => [index('report_messages_report_idx').on(t.reportId, t.at)],
);

/** Rewards for confirmed real-name reports: proposed by the handler, decided by the district, then paid. */
export const reportRewards = pgTable(
  'report_rewards',
  {
    id: uuid('id').primaryKey(),
    reportId: uuid('report_id').notNull(),
    amountFen: integer('amount_fen').notNull(),
    status: text('status').notNull(),
    note: text('note'),
    proposedBy: uuid('proposed_by'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    decisionNote: text('decision_note'),
    paidAt: timestamp('paid_at', { withTimezone: true, mode: 'date' }),
    ...businessColumns(),
  },
  (t) => [index('report_rewards_report_idx').on(t.reportId)],
);

/** Every reveal of a reporter's identity: who, why, when (also in the audit log). */
export const reportReveals = pgTable(
  'report_reveals',
  {
    id: uuid('id').primaryKey(),
    reportId: uuid('report_id').notNull(),
    userId: uuid('user_id').notNull(),
    reason: text('reason').notNull(),
    ...businessColumns(),
  },
  (t) => [index('report_reveals_report_idx').on(t.reportId)],
);

/**
 * Proof-of-work challenges already spent on a report from the portal, by the SHA-256 of the
 * challenge text: shared by every app instance, so one solved challenge pays for one report
 * however many instances sit behind the load balancer. Rows past their expiry are useless and
 * deleted as new challenges are spent.
 */
export const spentChallenges = pgTable(
  'spent_challenges',
  {
    digest: text('digest').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('spent_challenges_expires_idx').on(t.expiresAt)],
);
