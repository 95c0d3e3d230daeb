import { bigint, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { businessColumns } from './columns.js';

/**
 * 权力清单: a district catalogue item, or a local item (个性化权力事项) of a township or
 * village awaiting or holding district approval. `region_code` is the region that owns it.
 */
export const powerItems = pgTable(
  'power_items',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull(),
    scopeLevel: text('scope_level', { enum: ['district', 'township', 'village'] }).notNull(),
    status: text('status', { enum: ['active', 'pending_approval', 'rejected', 'retired'] }).notNull(),
    /** The version in force (the latest approved); a pending edit has a higher number. */
    currentVersion: integer('current_version').notNull(),
    name: text('name').notNull(),
    category: text('category').notNull(),
    reviewNote: text('review_note'),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('power_items_code_uq').on(t.regionCode, t.code), index('power_items_region_idx').on(t.regionCode)],
);

/** Every version of an item's content (flow included). Never updated: an edit inserts a new version. */
export const powerItemVersions = pgTable(
  'power_item_versions',
  {
    id: uuid('id').primaryKey(),
    itemId: uuid('item_id').notNull(),
    version: integer('version').notNull(),
    content: jsonb('content').notNull(),
    changeNote: text('change_note'),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('power_item_versions_uq').on(t.itemId, t.version)],
);

/** 事项办理: one use of a listed power in a village, bound to the item version it started on. */
export const matters = pgTable(
  'matters',
  {
    id: uuid('id').primaryKey(),
    /** Human-readable number, e.g. 330299101201-2026-0007. */
    matterNo: text('matter_no').notNull(),
    itemId: uuid('item_id').notNull(),
    itemVersion: integer('item_version').notNull(),
    title: text('title').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }),
    applicantName: text('applicant_name'),
    /** Sealed (secret box): never shown in public views. */
    applicantIdSealed: text('applicant_id_sealed'),
    applicantIdMasked: text('applicant_id_masked'),
    status: text('status', { enum: ['running', 'paused', 'completed', 'rejected', 'withdrawn'] }).notNull(),
    /** Index into the version's flow steps of the step now open. */
    currentStep: integer('current_step').notNull(),
    stepStartedAt: timestamp('step_started_at', { withTimezone: true, mode: 'date' }),
    stepDueOn: date('step_due_on', { mode: 'string' }),
    /** Step ids skipped because their condition did not hold for this matter. */
    skippedSteps: text('skipped_steps').array().notNull().default([]),
    decisionId: uuid('decision_id'),
    isPublic: boolean('is_public').notNull().default(true),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('matters_no_uq').on(t.matterNo), index('matters_region_idx').on(t.regionCode, t.status), index('matters_due_idx').on(t.status, t.stepDueOn)],
);

/** The matter's history: one row per transition (also in the audit log). */
export const matterEvents = pgTable(
  'matter_events',
  {
    id: uuid('id').primaryKey(),
    matterId: uuid('matter_id').notNull(),
    stepId: text('step_id'),
    stepIndex: integer('step_index'),
    action: text('action').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    actorRole: text('actor_role'),
    note: text('note'),
    data: jsonb('data'),
    isPublic: boolean('is_public').notNull().default(false),
    ...businessColumns(),
  },
  (t) => [index('matter_events_matter_idx').on(t.matterId, t.createdAt)],
);

/** Objections raised during a public notice (公示异议); an open one pauses the matter. */
export const matterObjections = pgTable(
  'matter_objections',
  {
    id: uuid('id').primaryKey(),
    matterId: uuid('matter_id').notNull(),
    stepId: text('step_id').notNull(),
    content: text('content').notNull(),
    raisedByName: text('raised_by_name'),
    answer: text('answer'),
    answeredAt: timestamp('answered_at', { withTimezone: true, mode: 'date' }),
    answeredBy: uuid('answered_by'),
    upheld: boolean('upheld'),
    ...businessColumns(),
  },
  (t) => [index('matter_objections_matter_idx').on(t.matterId)],
);

/** Files stored once by content hash in the blob store; linked to records by attachment_links. */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey(),
    sha256: text('sha256').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    mimeType: text('mime_type').notNull(),
    fileName: text('file_name').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    purpose: text('purpose'),
    ...businessColumns(),
  },
  (t) => [index('attachments_entity_idx').on(t.entityType, t.entityId), index('attachments_sha_idx').on(t.sha256)],
);

/** 四议两公开: a village decision and its stage records. `decision_no` is decision_id in decisions.csv. */
export const decisions = pgTable(
  'decisions',
  {
    id: uuid('id').primaryKey(),
    decisionNo: text('decision_no').notNull(),
    title: text('title').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }),
    matterId: uuid('matter_id'),
    status: text('status', { enum: ['in_progress', 'passed', 'failed', 'completed'] }).notNull(),
    /** Provenance of an imported decision (decisions.csv): which import, file and line last wrote it; null when recorded on the form. */
    importId: uuid('import_id'),
    sourceFile: text('source_file'),
    sourceLine: integer('source_line'),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('decisions_no_uq').on(t.decisionNo), index('decisions_region_idx').on(t.regionCode)],
);

export const decisionStages = pgTable(
  'decision_stages',
  {
    id: uuid('id').primaryKey(),
    decisionId: uuid('decision_id').notNull(),
    stage: text('stage', { enum: ['proposal', 'consultation', 'review', 'resolution', 'resolution_published', 'result_published'] }).notNull(),
    /** For `resolution`: 村民会议 or 村民代表会议; other meetings name their body too. */
    body: text('body'),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    place: text('place'),
    chair: text('chair'),
    recorder: text('recorder'),
    eligible: integer('eligible'),
    attendees: integer('attendees'),
    votesFor: integer('votes_for'),
    votesAgainst: integer('votes_against'),
    abstentions: integer('abstentions'),
    minutes: text('minutes'),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
    isLate: boolean('is_late').notNull().default(false),
    outcome: text('outcome', { enum: ['passed', 'failed'] }),
    outcomeReason: text('outcome_reason'),
    /** Provenance of an imported stage (one row of decisions.csv): which import, file and line last wrote it. */
    importId: uuid('import_id'),
    sourceFile: text('source_file'),
    sourceLine: integer('source_line'),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('decision_stages_uq').on(t.decisionId, t.stage)],
);

/** Per-district overrides of the shipped national calendar (a local holiday, a changed 调休 day). */
export const calendarDays = pgTable(
  'calendar_days',
  {
    id: uuid('id').primaryKey(),
    day: date('day', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
    name: text('name'),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('calendar_days_uq').on(t.regionCode, t.day)],
);

/** In-app inbox (站内消息). Outbound copies (email, SMS) go through the job queue as an outbox. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
    ...businessColumns(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.readAt, t.createdAt)],
);

/**
 * 预警: one row per (rule, subject); a later sweep that sees the same cause updates it.
 * Columns follow the alerts.csv export of shared/spec/data-exchange.md.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey(),
    rule: text('rule').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    severity: text('severity', { enum: ['red', 'yellow', 'blue'] }).notNull(),
    status: text('status', { enum: ['open', 'confirmed', 'dismissed', 'closed'] }).notNull(),
    summary: text('summary').notNull(),
    evidence: text('evidence').notNull().default(''),
    firstRaisedAt: timestamp('first_raised_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull(),
    resolvedByDataAt: timestamp('resolved_by_data_at', { withTimezone: true, mode: 'date' }),
    /** Handling (预警处置): open → assigned → confirmed | dismissed (with a reason) → closed. */
    assignedTo: uuid('assigned_to'),
    assignedAt: timestamp('assigned_at', { withTimezone: true, mode: 'date' }),
    handledBy: uuid('handled_by'),
    handledAt: timestamp('handled_at', { withTimezone: true, mode: 'date' }),
    /** Why it was confirmed or dismissed; for a dismissal, whether the rule was wrong (false positive). */
    handlingReason: text('handling_reason'),
    falsePositive: boolean('false_positive'),
    closedBy: uuid('closed_by'),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    closingNote: text('closing_note'),
    /** What the alert was closed with: a rectification or case when those modules exist. */
    linkType: text('link_type'),
    linkId: text('link_id'),
    /** Set when it stayed unhandled past the escalation window and went up to the district. */
    escalatedAt: timestamp('escalated_at', { withTimezone: true, mode: 'date' }),
    /** The sweep that last saw it (null for alerts raised by a module at write time). */
    lastSweepId: uuid('last_sweep_id'),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('alerts_subject_uq').on(t.rule, t.subjectType, t.subjectId), index('alerts_region_idx').on(t.regionCode, t.status)],
);
