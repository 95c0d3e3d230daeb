import { bigint, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { businessColumns } from './columns.js';

/**
 * Inspections (监督检查), rectification (整改) and cases (案件): every problem found is tracked until
 * it is fixed or punished. A problem's origin is kept as (source_type, source_id): an alert, a
 * report, an inspection finding, an overdue disclosure or matter, or entered directly.
 */

/** An inspection plan: a district special inspection or a township monthly self-check. `region_code` is the issuing unit. */
export const inspectionPlans = pgTable(
  'inspection_plans',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    /** special (区专项检查) | self_check (乡镇月度自查) | routine */
    kind: text('kind').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    /** Village codes in scope. */
    scopeRegionCodes: text('scope_region_codes').array().notNull(),
    /** Focus areas (村级财务, 三资, 惠民政策, 工程项目, …). */
    focusAreas: text('focus_areas').array().notNull(),
    /** Methods (查阅资料, 实地走访, 个别谈话, 四不两直). */
    methods: text('methods').array().notNull(),
    /** The checklist per focus area: [{ area, items: [{ key, text }] }]. */
    checklist: jsonb('checklist').notNull(),
    /** Team members: user ids (leader first). */
    teamUserIds: uuid('team_user_ids').array().notNull(),
    status: text('status').notNull(),
    ...businessColumns(),
  },
  (t) => [index('inspection_plans_region_idx').on(t.regionCode, t.status)],
);

/** A finding of an inspection in one village, with evidence (attachments of entity 'inspection_finding'). */
export const inspectionFindings = pgTable(
  'inspection_findings',
  {
    id: uuid('id').primaryKey(),
    planId: uuid('plan_id'),
    focusArea: text('focus_area').notNull(),
    checklistKey: text('checklist_key'),
    description: text('description').notNull(),
    /** Where the problem came from when not found on the spot: alert | report | disclosure | matter. */
    sourceType: text('source_type'),
    sourceId: text('source_id'),
    /** open → rectifying → resolved | dismissed */
    status: text('status').notNull(),
    /** Why a finding was dismissed (核实无问题) or how it was resolved. */
    statusNote: text('status_note'),
    ...businessColumns(),
  },
  (t) => [index('inspection_findings_plan_idx').on(t.planId), index('inspection_findings_region_idx').on(t.regionCode, t.status)],
);

/** 整改通知书: issued by a township or the district to a village or township. `region_code` is the responsible unit. */
export const rectificationNotices = pgTable(
  'rectification_notices',
  {
    id: uuid('id').primaryKey(),
    /** e.g. 白坑镇纪整改〔2026〕12号 */
    number: text('number').notNull(),
    issuerRegionCode: text('issuer_region_code').notNull(),
    title: text('title').notNull(),
    requirement: text('requirement').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    responsibleName: text('responsible_name').notNull(),
    responsibleUserId: uuid('responsible_user_id'),
    status: text('status').notNull(),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('rectification_notices_number_uq').on(t.number), index('rectification_notices_region_idx').on(t.regionCode, t.status)],
);

/** One item of a notice: the ledger (台账) row. */
export const rectificationItems = pgTable(
  'rectification_items',
  {
    id: uuid('id').primaryKey(),
    noticeId: uuid('notice_id').notNull(),
    seq: integer('seq').notNull(),
    problem: text('problem').notNull(),
    requirement: text('requirement').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    responsibleName: text('responsible_name').notNull(),
    /** alert | report | finding | disclosure | matter | direct */
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id'),
    /** open → answered → closed (销号) | returned → answered …; closed → reopened (反弹) */
    status: text('status').notNull(),
    closedOn: date('closed_on', { mode: 'string' }),
    closedBy: uuid('closed_by'),
    /** Set when overdue and escalated one level up (the region it went to). */
    escalatedAt: timestamp('escalated_at', { withTimezone: true, mode: 'date' }),
    escalatedTo: text('escalated_to'),
    reopenCount: integer('reopen_count').notNull().default(0),
    ...businessColumns(),
  },
  (t) => [
    uniqueIndex('rectification_items_seq_uq').on(t.noticeId, t.seq),
    index('rectification_items_region_idx').on(t.regionCode, t.status),
    index('rectification_items_source_idx').on(t.sourceType, t.sourceId),
    index('rectification_items_due_idx').on(t.status, t.deadline),
  ],
);

/** The responsible unit's answer to an item (measures and evidence) and the issuer's decision on it. */
export const rectificationAnswers = pgTable(
  'rectification_answers',
  {
    id: uuid('id').primaryKey(),
    itemId: uuid('item_id').notNull(),
    measures: text('measures').notNull(),
    answeredBy: uuid('answered_by'),
    /** accepted (销号) | returned (退回) | null while pending */
    decision: text('decision'),
    decisionReason: text('decision_reason'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    ...businessColumns(),
  },
  (t) => [index('rectification_answers_item_idx').on(t.itemId)],
);

/**
 * 案件: from a clue to execution. `region_code` is where it happened; `handling_region_code` the
 * handling level (case files are visible only to that level and above). An accountability record
 * (一案双查) is a case of kind 'accountability' whose `parent_case_id` is the main case.
 */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull(),
    kind: text('kind').notNull(),
    parentCaseId: uuid('parent_case_id'),
    title: text('title').notNull(),
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id'),
    subjectName: text('subject_name').notNull(),
    subjectPosition: text('subject_position').notNull(),
    subjectIdNumber: text('subject_id_number'),
    handlingRegionCode: text('handling_region_code').notNull(),
    /** preliminary (初核) → filed (立案) | closed_unfiled → investigating → reviewing (审理) → decided → executed */
    status: text('status').notNull(),
    summary: text('summary').notNull(),
    closedReason: text('closed_reason'),
    filedOn: date('filed_on', { mode: 'string' }),
    decidedOn: date('decided_on', { mode: 'string' }),
    executedOn: date('executed_on', { mode: 'string' }),
    recoveredFen: bigint('recovered_fen', { mode: 'number' }),
    /** 容错纠错: excused as an honest mistake made for the collective, with grounds, approved one level up. */
    faultTolerance: boolean('fault_tolerance').notNull().default(false),
    faultToleranceGrounds: text('fault_tolerance_grounds'),
    /** pending | approved | rejected */
    faultToleranceStatus: text('fault_tolerance_status'),
    /** Who proposed it: the approver must be someone else, one level up. */
    faultToleranceProposedBy: uuid('fault_tolerance_proposed_by'),
    faultToleranceDecidedBy: uuid('fault_tolerance_decided_by'),
    faultToleranceDecidedAt: timestamp('fault_tolerance_decided_at', { withTimezone: true, mode: 'date' }),
    ...businessColumns(),
  },
  (t) => [
    uniqueIndex('cases_number_uq').on(t.number),
    index('cases_handling_idx').on(t.handlingRegionCode, t.status),
    index('cases_source_idx').on(t.sourceType, t.sourceId),
    index('cases_parent_idx').on(t.parentCaseId),
  ],
);

/** A case's history, append-only. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    kind: text('kind').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    note: text('note'),
    actorId: uuid('actor_id'),
    ...businessColumns(),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.createdAt)],
);

/** What a case decided: Party discipline, government sanction, transfer to judicial organs, recovery. */
export const caseSanctions = pgTable(
  'case_sanctions',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    /** party | government | judicial | recovery */
    category: text('category').notNull(),
    measure: text('measure').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    executedOn: date('executed_on', { mode: 'string' }),
    note: text('note'),
    ...businessColumns(),
  },
  (t) => [index('case_sanctions_case_idx').on(t.caseId)],
);

/** 以案促改: an anonymised summary of a case published to the portal after approval. */
export const typicalCases = pgTable(
  'typical_cases',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    lesson: text('lesson'),
    /** draft → approved → published | withdrawn */
    status: text('status').notNull(),
    approvedBy: uuid('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true, mode: 'date' }),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
    ...businessColumns(),
  },
  (t) => [index('typical_cases_region_idx').on(t.regionCode, t.status)],
);
