import { bigint, boolean, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { businessColumns } from './columns.js';

/**
 * Training (教育培训), supervision teams (监督队伍), assessment (考核评价) and usage counters for the
 * dashboards. Contracts: packages/contracts/src/assessment.ts.
 */

/** A training or warning-education session. `region_code` is the organising unit. */
export const trainingSessions = pgTable(
  'training_sessions',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    /** training | warning_education | policy_study | on_site */
    kind: text('kind').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    /** Hours × 10 (one decimal). */
    hoursTenths: integer('hours_tenths').notNull(),
    organiser: text('organiser').notNull(),
    place: text('place'),
    description: text('description'),
    ...businessColumns(),
  },
  (t) => [index('training_sessions_region_idx').on(t.regionCode, t.heldOn)],
);

/** One attendance. `region_code` is the attendee's village or unit (coverage is counted there). */
export const trainingAttendances = pgTable(
  'training_attendances',
  {
    id: uuid('id').primaryKey(),
    sessionId: uuid('session_id').notNull(),
    /** user | supervision_member | other */
    attendeeKind: text('attendee_kind').notNull(),
    userId: uuid('user_id'),
    memberId: uuid('member_id'),
    name: text('name').notNull(),
    position: text('position'),
    hoursTenths: integer('hours_tenths').notNull(),
    ...businessColumns(),
  },
  (t) => [index('training_attendances_session_idx').on(t.sessionId), index('training_attendances_region_idx').on(t.regionCode), index('training_attendances_person_idx').on(t.userId, t.memberId)],
);

/**
 * A member of a village's supervision committee (村务监督委员会) or its discipline member (村纪检委员).
 * `id_number` is internal (conflict checks against cadres, residents and kinship); masked in views.
 */
export const supervisionMembers = pgTable(
  'supervision_members',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    idNumber: text('id_number').notNull(),
    /** chair | member | discipline */
    role: text('role').notNull(),
    gender: text('gender'),
    birthDate: date('birth_date', { mode: 'string' }),
    education: text('education'),
    backgrounds: text('backgrounds').array().notNull().default([]),
    isPartyMember: boolean('is_party_member').notNull().default(false),
    phone: text('phone'),
    termStart: date('term_start', { mode: 'string' }).notNull(),
    termEnd: date('term_end', { mode: 'string' }),
    electedOn: date('elected_on', { mode: 'string' }).notNull(),
    electionRecord: text('election_record').notNull(),
    /** serving | left */
    status: text('status').notNull(),
    leftOn: date('left_on', { mode: 'string' }),
    leftReason: text('left_reason'),
    /** The member this one replaced. */
    replacesMemberId: uuid('replaces_member_id'),
    ...businessColumns(),
  },
  (t) => [index('supervision_members_region_idx').on(t.regionCode, t.status), index('supervision_members_id_number_idx').on(t.idNumber)],
);

/** A district's assessment scheme: its indicators with weights and parameters. */
export const assessmentSchemes = pgTable(
  'assessment_schemes',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    /** Which level is assessed: township | village. */
    targetLevel: text('target_level').notNull(),
    /** quarter | year */
    periodKind: text('period_kind').notNull(),
    /** TAssessmentIndicator[] */
    indicators: jsonb('indicators').notNull(),
    /** draft | active | retired */
    status: text('status').notNull(),
    ...businessColumns(),
  },
  (t) => [index('assessment_schemes_region_idx').on(t.regionCode, t.status)],
);

/**
 * A computed result of one unit (township or village: `region_code`) for one period of a scheme,
 * with each indicator's explanation (records counted, rule, coverage). Recomputing replaces the
 * row until the period is locked; adjustments keep the computed score beside the adjusted one.
 */
export const assessmentResults = pgTable(
  'assessment_results',
  {
    id: uuid('id').primaryKey(),
    schemeId: uuid('scheme_id').notNull(),
    /** 2026-Q3 or 2026 */
    period: text('period').notNull(),
    computedScore: numeric('computed_score', { precision: 6, scale: 2 }).notNull(),
    adjustedScore: numeric('adjusted_score', { precision: 6, scale: 2 }),
    adjustmentReason: text('adjustment_reason'),
    rank: integer('rank'),
    /** Per indicator: { key, value, score, weight, records, coverage, explanation } */
    items: jsonb('items').notNull(),
    /** Share of indicators with enough records (0–1). */
    coverage: numeric('coverage', { precision: 4, scale: 3 }).notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true, mode: 'date' }).notNull(),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('assessment_results_uq').on(t.schemeId, t.period, t.regionCode)],
);

/** A locked period of a scheme: its results can no longer be recomputed or adjusted. */
export const assessmentLocks = pgTable(
  'assessment_locks',
  {
    id: uuid('id').primaryKey(),
    schemeId: uuid('scheme_id').notNull(),
    period: text('period').notNull(),
    lockedAt: timestamp('locked_at', { withTimezone: true, mode: 'date' }).notNull(),
    lockedBy: uuid('locked_by'),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('assessment_locks_uq').on(t.schemeId, t.period)],
);

/**
 * Daily usage counters per village (portal page views and household queries), for the dashboards.
 * Counts only, nothing about who; not audited row by row (an upsert per request would flood the log).
 */
export const usageCounters = pgTable(
  'usage_counters',
  {
    regionCode: text('region_code').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    /** portal_view | household_query | question | report */
    metric: text('metric').notNull(),
    count: bigint('count', { mode: 'number' }).notNull().default(0),
  },
  (t) => [uniqueIndex('usage_counters_uq').on(t.regionCode, t.day, t.metric)],
);
