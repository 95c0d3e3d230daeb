import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@mpw/db';
import {
  MICRO_POWER_REPORT_CATEGORIES,
  REPORT_CONCLUSION_LABELS,
  REPORT_LEVEL_LABELS,
  REPORT_LEVEL_ROLES,
  ROLE_DEFINITIONS,
  isWithinRegion,
  type TAssignReportRequest,
  type TConcludeReportRequest,
  type TIntakeReportRequest,
  type TProposeRewardRequest,
  type TReportAssignee,
  type TReportDetail,
  type TReportEventKind,
  type TReportHandoverRequest,
  type TReportLevel,
  type TReportListQuery,
  type TReportReceipt,
  type TReportStatus,
  type TReportSummary,
  type TRevealedReporter,
  type TTransferReportRequest,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound, validationError } from '../../lib/errors.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { chinaDate, chinaDayStart } from '../../lib/time.js';
import { audited, type AuditedTx } from '../audit/audit.log.js';
import { resolveAlertByData } from '../alerts/alerts.service.js';
import { registerAttachmentTarget } from '../attachments/attachments.targets.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { notify, notifyRole } from '../notifications/notifications.service.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import { getSetting } from '../settings/settings.service.js';
import type { SettingDefinition } from '../settings/settings.registry.js';
import { openReporter } from './reports.crypto.js';
import { addReportEvent } from './reports.events.js';
import { createReport } from './reports.intake.js';
import {
  canDecideReward,
  canFlags,
  conflictOf,
  filingRegionOf,
  handlingRegionFor,
  isAssigner,
  refusalOf,
  reportVisibleTo,
  townshipOf,
  transferRefusal,
  type ReportAction,
} from './reports.policy.js';
import { auditableState, maskedSubjectId, presentDetail, presentSummary } from './reports.presenter.js';
import * as repo from './reports.repository.js';
import { REPORT_FEEDBACK_DAYS, REPORT_REWARD_MAX_FEN, REPORT_REWARD_MIN_FEN, REPORT_TRANSFER_DAYS, REPORT_VERIFY_DAYS } from './reports.settings.js';

type ReportRow = repo.ReportRow;

const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, { message });
const forbidden = (message: string) => new AppError(ErrorCode.FORBIDDEN, { message });

/** Anonymous reports keep day-only timestamps on the row (docs/reports.md): staff learn the day, never the time. */
const stampOf = (r: Pick<ReportRow, 'isAnonymous'>) => (r.isAnonymous ? chinaDayStart(chinaDate()) : new Date());

const yuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

// ---- Reading ----

async function detailOf(db: DbOrTx, actor: Actor, row: repo.ReportViewRow): Promise<TReportDetail> {
  const events = await repo.listEvents(db, row.id);
  const messages = await repo.listMessages(db, row.id);
  const rewards = await repo.listRewards(db, row.id);
  const files = await repo.listReportAttachments(db, row.id);
  return presentDetail(row, { events, messages, rewards, attachments: files, can: canFlags(actor, row, rewards.map((r) => r.reward)) });
}

async function loadDetail(db: DbOrTx, actor: Actor, id: string): Promise<TReportDetail> {
  const row = await repo.getReportVisible(db, id, reportVisibleTo(actor));
  if (!row) throw notFound('举报');
  return detailOf(db, actor, row);
}

/**
 * The report as it stands after the actor's change. A village handler who passes a report up
 * no longer sees it afterwards; the answer is still the state they just produced (their buttons off).
 */
async function detailAfterChange(db: DbOrTx, actor: Actor, id: string): Promise<TReportDetail> {
  const row = (await repo.getReportVisible(db, id, reportVisibleTo(actor))) ?? (await repo.getReportVisible(db, id, sql`true`));
  if (!row) throw notFound('举报');
  return detailOf(db, actor, row);
}

export async function getReportById(db: DbOrTx, actor: Actor, id: string): Promise<TReportDetail> {
  return loadDetail(db, actor, id);
}

export async function findReports(db: Db, actor: Actor, q: TReportListQuery): Promise<{ data: TReportSummary[]; total: number }> {
  const today = chinaDate();
  const { rows, total } = await repo.findReports(db, filterOf(actor, q, today), { offset: (q.current - 1) * q.pageSize, limit: q.pageSize });
  return { data: rows.map((r) => presentSummary(r, today)), total };
}

/** The list filter of a query, under the actor's visibility. */
export function filterOf(actor: Actor, q: Omit<TReportListQuery, 'current' | 'pageSize'>, today = chinaDate()): repo.ReportFilter {
  if (q.mine && !actor.userId) throw validationError('mine', '系统账号没有交办给自己的举报');
  return {
    visible: reportVisibleTo(actor),
    status: q.status,
    category: q.category,
    level: q.level,
    regionCode: q.regionCode,
    overdueBefore: q.overdue ? today : undefined,
    assignedTo: q.mine ? actor.userId! : undefined,
    q: q.q,
    receivedFrom: q.receivedFrom,
    receivedTo: q.receivedTo,
    accepted: q.accepted,
    concluded: q.concluded,
    conclusions: q.conclusion ? (q.conclusion === 'confirmed' ? ['true', 'partly_true'] : ['untrue']) : undefined,
    microPower: q.microPower,
    microCategories: MICRO_POWER_REPORT_CATEGORIES,
  };
}

// ---- Intake ----

/** A report received by phone, letter or visit, recorded by staff (the receipt code is answered once). */
export async function intakeReport(db: Db, secrets: SecretBox, actor: Actor, input: TIntakeReportRequest): Promise<TReportReceipt> {
  if (input.receivedOn && input.receivedOn > chinaDate()) throw validationError('receivedOn', '收到日期不能晚于今天');
  return audited(db, actor, async (w) => {
    if (!(await getRegionInScope(w.tx, input.regionCode, actor.regionCode))) throw notFound('区划');
    return createReport(w, secrets, input);
  });
}

// ---- Changing a report ----

/** Opens an audited transaction on one report the actor can see, after checking the step is theirs and allowed now. */
async function onReport<T>(db: Db, actor: Actor, id: string, action: ReportAction | null, work: (w: AuditedTx, r: ReportRow) => Promise<T>): Promise<T> {
  return audited(db, actor, async (w) => {
    const r = await repo.lockReportVisible(w.tx, id, reportVisibleTo(actor));
    if (!r) throw notFound('举报');
    if (action) {
      const rewards = action === 'proposeReward' ? (await repo.listRewards(w.tx, id)).map((x) => x.reward) : [];
      const refusal = refusalOf(actor, r, action, rewards);
      if (refusal) throw refusal.code === 'FORBIDDEN' ? forbidden(refusal.message) : conflict(refusal.message);
    }
    return work(w, r);
  });
}

/** The working day a time limit of `setting` working days, starting today, ends on (the handling unit's calendar). */
async function dueAfter(w: AuditedTx, handlingRegionCode: string, setting: SettingDefinition<number>): Promise<string> {
  const days = await getSetting(w.tx, setting, handlingRegionCode);
  return (await getCalendar(w.tx, handlingRegionCode)).addWorkingDays(chinaDate(), days);
}

interface Change {
  patch: Partial<ReportRow>;
  action: string;
  event: { kind: TReportEventKind; note?: string | null };
  /** Extra audit fields (never the reporter, the passphrase or the content). */
  audit?: Record<string, unknown>;
}

/**
 * Applies one step: updates the row, appends the history entry and the audit event. A step that
 * ends the current time limit marks its REPORT_OVERDUE alert as resolved by the data.
 */
async function applyChange(w: AuditedTx, r: ReportRow, c: Change): Promise<ReportRow> {
  const after = { ...r, ...c.patch };
  await repo.updateReport(w.tx, r.id, { ...c.patch, updatedAt: stampOf(r), updatedBy: w.actor.userId });
  await addReportEvent(w, {
    reportId: r.id,
    regionCode: r.regionCode,
    kind: c.event.kind,
    level: after.handlingLevel as TReportLevel,
    note: c.event.note ?? null,
    fromStatus: r.status as TReportStatus,
    toStatus: after.status as TReportStatus,
  });
  await w.record({
    action: `report.report.${c.action}`,
    entityType: 'report',
    entityId: r.id,
    regionCode: filingRegionOf(after),
    before: auditableState(r),
    after: { ...auditableState(after), ...c.audit },
  });
  if (after.status !== r.status || after.dueOn !== r.dueOn) {
    await resolveAlertByData(w, { rule: 'REPORT_OVERDUE', subjectType: 'report', subjectId: r.id });
  }
  return after;
}

/** A history entry and an audit event for something that does not change the row (a question, a reveal, a reward step). */
async function recordOnly(w: AuditedTx, r: ReportRow, kind: TReportEventKind, note: string | null, audit: { action: string; after: Record<string, unknown> }) {
  await addReportEvent(w, { reportId: r.id, regionCode: r.regionCode, kind, level: r.handlingLevel as TReportLevel, note });
  await w.record({ action: audit.action, entityType: 'report', entityId: r.id, regionCode: filingRegionOf(r), after: { number: r.number, ...audit.after } });
}

async function notifyAssigned(w: AuditedTx, userId: string, r: Pick<ReportRow, 'id' | 'number' | 'dueOn'>) {
  await notify(w, {
    userIds: [userId],
    kind: 'assigned',
    title: `举报件 ${r.number} 交由您核查`,
    body: r.dueOn ? `请在 ${r.dueOn} 前核查办结。` : '请及时核查办结。',
    link: `/reports/${r.id}`,
    entityType: 'report',
    entityId: r.id,
  });
}

export async function acceptReport(db: Db, actor: Actor, id: string, input: { note?: string }): Promise<TReportDetail> {
  return onReport(db, actor, id, 'accept', async (w, r) => {
    const dueOn = await dueAfter(w, r.handlingRegionCode, REPORT_TRANSFER_DAYS);
    await applyChange(w, r, { patch: { status: 'accepted', acceptedAt: new Date(), dueOn }, action: 'accept', event: { kind: 'accepted', note: input.note }, audit: { note: input.note ?? null } });
    return detailAfterChange(w.tx, actor, id);
  });
}

/** 不予受理: the reason is what the reporter is told. */
export async function notAcceptReport(db: Db, actor: Actor, id: string, input: { reason: string }): Promise<TReportDetail> {
  return onReport(db, actor, id, 'notAccept', async (w, r) => {
    await applyChange(w, r, { patch: { status: 'not_accepted', notAcceptedReason: input.reason, dueOn: null }, action: 'not_accept', event: { kind: 'not_accepted', note: input.reason }, audit: { reason: input.reason } });
    return detailAfterChange(w.tx, actor, id);
  });
}

/** Why `user` cannot handle `r`, or null: wrong level or unit, inactive, or a conflict of interest. */
async function assigneeProblem(db: DbOrTx, r: ReportRow, user: repo.StaffRow | null, subjectIdNumber = r.subjectIdNumber): Promise<{ field?: string; conflict?: string } | null> {
  const role = REPORT_LEVEL_ROLES[r.handlingLevel as TReportLevel];
  if (!user || user.status !== 'active' || user.isMachine || !user.roles.includes(role) || user.regionCode !== r.handlingRegionCode) {
    return { field: `该账号不能承办此举报：须为办理单位在用的“${ROLE_DEFINITIONS[role].label.zh}”账号` };
  }
  const relatives = subjectIdNumber ? await repo.relativesOf(db, subjectIdNumber) : new Map<string, string>();
  const c = conflictOf(user, { name: r.subjectName, idNumber: subjectIdNumber, regionCode: r.regionCode }, relatives);
  return c ? { conflict: c } : null;
}

/** The people of the handling unit who could take the report, with why not (回避) where they cannot. */
export async function listAssignees(db: Db, actor: Actor, id: string): Promise<TReportAssignee[]> {
  const r = await repo.getReportVisible(db, id, reportVisibleTo(actor));
  if (!r) throw notFound('举报');
  if (!isAssigner(actor, r)) throw forbidden('只有该举报办理单位的负责人可以交办');
  const level = r.handlingLevel as TReportLevel;
  const staff = await repo.findStaffAt(db, r.handlingRegionCode, REPORT_LEVEL_ROLES[level]);
  const relatives = r.subjectIdNumber ? await repo.relativesOf(db, r.subjectIdNumber) : new Map<string, string>();
  return staff.map((u) => ({
    userId: u.id,
    displayName: u.displayName,
    regionCode: u.regionCode,
    level,
    conflict: conflictOf(u, { name: r.subjectName, idNumber: r.subjectIdNumber, regionCode: r.regionCode }, relatives),
  }));
}

/** 交办 to a person of the handling unit; refused for the reported person and close relatives. */
export async function assignReport(db: Db, actor: Actor, id: string, input: TAssignReportRequest): Promise<TReportDetail> {
  return onReport(db, actor, id, 'assign', async (w, r) => {
    const user = await repo.getStaff(w.tx, input.userId);
    const problem = await assigneeProblem(w.tx, r, user);
    if (problem?.field) throw validationError('userId', problem.field);
    if (problem?.conflict) throw conflict(problem.conflict);
    if (r.assignedTo === input.userId) throw conflict('该举报已交办给此人');
    const first = r.status === 'accepted';
    const dueOn = first ? await dueAfter(w, r.handlingRegionCode, REPORT_VERIFY_DAYS) : r.dueOn;
    const after = await applyChange(w, r, {
      patch: { assignedTo: input.userId, status: first ? 'assigned' : r.status, dueOn },
      action: 'assign',
      event: { kind: 'assigned', note: [`交办给${user!.displayName}`, input.note].filter(Boolean).join('：') },
      audit: { note: input.note ?? null },
    });
    await notifyAssigned(w, input.userId, after);
    return detailAfterChange(w.tx, actor, id);
  });
}

/**
 * 转办 up or down between the four levels: the receiving unit assigns a person within
 * report.transferDays. Never to the barred unit (the reported cadre's own village or township).
 */
export async function transferReport(db: Db, actor: Actor, id: string, input: TTransferReportRequest): Promise<TReportDetail> {
  return onReport(db, actor, id, 'transfer', async (w, r) => {
    const refusal = transferRefusal(r, input.level);
    if (refusal) throw conflict(refusal);
    const handlingRegionCode = handlingRegionFor(input.level, r.regionCode)!;
    const dueOn = await dueAfter(w, handlingRegionCode, REPORT_TRANSFER_DAYS);
    const after = await applyChange(w, r, {
      patch: { handlingLevel: input.level, handlingRegionCode, assignedTo: null, status: 'accepted', acceptedAt: r.acceptedAt ?? new Date(), dueOn },
      action: 'transfer',
      event: { kind: 'transferred', note: `转交${REPORT_LEVEL_LABELS[input.level]}：${input.reason}` },
      audit: { reason: input.reason },
    });
    await syncReportFiles(w, after);
    await notifyReceivingUnit(w, after);
    return detailAfterChange(w.tx, actor, id);
  });
}

/** Tells the unit that must now assign the report (for a village level: its township) that it has arrived. */
async function notifyReceivingUnit(w: AuditedTx, r: ReportRow) {
  const level = r.handlingLevel as TReportLevel;
  const [regionCode, role] = level === 'district' ? [r.handlingRegionCode, 'district_inspector' as const] : [townshipOf(r.handlingRegionCode), 'township_discipline' as const];
  await notifyRole(w, {
    regionCode,
    roles: [role],
    kind: 'assigned',
    title: `举报件 ${r.number} 转至${REPORT_LEVEL_LABELS[level]}办理`,
    body: r.dueOn ? `请在 ${r.dueOn} 前交办到人。` : '请及时交办到人。',
    link: `/reports/${r.id}`,
    entityType: 'report',
    entityId: r.id,
  });
}

/**
 * Keeps a report's files filed under its handling unit (reports.policy filingRegionOf); called
 * whenever the handling unit changes (a transfer here, a retaliation flag on the reporter's side).
 */
export async function syncReportFiles(w: AuditedTx, r: Pick<ReportRow, 'id' | 'handlingRegionCode'>) {
  const region = filingRegionOf(r);
  const moved = await repo.moveReportAttachments(w.tx, r.id, region, w.actor.userId);
  if (moved.length) {
    await w.recordMany(moved.map((fileId) => ({ action: 'attachment.file.move', entityType: 'attachment', entityId: fileId, regionCode: region, after: { entityType: 'report', entityId: r.id, regionCode: region } })));
  }
}

/** Records the reported person's identity number once known (used for the conflict checks). */
export async function setSubjectIdNumber(db: Db, actor: Actor, id: string, input: { subjectIdNumber: string }): Promise<TReportDetail> {
  return onReport(db, actor, id, 'setSubject', async (w, r) => {
    const idNumber = input.subjectIdNumber.toUpperCase();
    if (r.assignedTo) {
      const problem = await assigneeProblem(w.tx, r, await repo.getStaff(w.tx, r.assignedTo), idNumber);
      if (problem?.conflict) throw conflict(`当前承办人应当回避：${problem.conflict}。请先改派其他人员`);
    }
    await applyChange(w, r, {
      patch: { subjectIdNumber: idNumber },
      action: 'subject',
      event: { kind: 'note', note: `填写被举报人身份证号（${maskedSubjectId(idNumber)}）` },
      audit: { subjectIdNumber: maskedSubjectId(idNumber), previous: maskedSubjectId(r.subjectIdNumber) },
    });
    return detailAfterChange(w.tx, actor, id);
  });
}

/** 核查记录, with files already uploaded to the report. The first note starts verification. */
export async function addNote(db: Db, actor: Actor, id: string, input: { note: string; attachmentIds: string[] }): Promise<TReportDetail> {
  return onReport(db, actor, id, 'note', async (w, r) => {
    const files = new Map((await repo.listReportAttachments(w.tx, r.id)).map((a) => [a.id, a.fileName]));
    input.attachmentIds.forEach((fileId, i) => {
      if (!files.has(fileId)) throw validationError(`attachmentIds.${i}`, '附件不存在或不属于该举报，请先上传到该举报');
    });
    const names = input.attachmentIds.map((f) => files.get(f)!);
    await applyChange(w, r, {
      patch: { status: 'verifying' },
      action: 'note',
      event: { kind: 'note', note: names.length ? `${input.note}\n附件：${names.join('、')}` : input.note },
      audit: { attachmentIds: input.attachmentIds },
    });
    return detailAfterChange(w.tx, actor, id);
  });
}

/** 办结 with a conclusion; the result is then fed back within report.feedbackDays. */
export async function concludeReport(db: Db, actor: Actor, id: string, input: TConcludeReportRequest): Promise<TReportDetail> {
  return onReport(db, actor, id, 'conclude', async (w, r) => {
    const dueOn = await dueAfter(w, r.handlingRegionCode, REPORT_FEEDBACK_DAYS);
    await applyChange(w, r, {
      patch: { status: 'concluded', conclusion: input.conclusion, conclusionNote: input.note, concludedAt: new Date(), dueOn },
      action: 'conclude',
      event: { kind: 'concluded', note: `${REPORT_CONCLUSION_LABELS[input.conclusion]}：${input.note}` },
      audit: { conclusion: input.conclusion },
    });
    return detailAfterChange(w.tx, actor, id);
  });
}

/** 反馈: the text is what the reporter reads as the result. */
export async function giveFeedback(db: Db, actor: Actor, id: string, input: { text: string }): Promise<TReportDetail> {
  return onReport(db, actor, id, 'feedback', async (w, r) => {
    await applyChange(w, r, { patch: { status: 'feedback_given', feedback: input.text, feedbackAt: new Date(), dueOn: null }, action: 'feedback', event: { kind: 'feedback', note: input.text } });
    return detailAfterChange(w.tx, actor, id);
  });
}

export async function archiveReport(db: Db, actor: Actor, id: string): Promise<TReportDetail> {
  return onReport(db, actor, id, 'archive', async (w, r) => {
    await applyChange(w, r, { patch: { status: 'archived', archivedAt: new Date(), dueOn: null }, action: 'archive', event: { kind: 'archived' } });
    return detailAfterChange(w.tx, actor, id);
  });
}

/** A question to the reporter, read on the portal with the receipt code and passphrase. */
export async function askReporter(db: Db, actor: Actor, id: string, input: { body: string }): Promise<TReportDetail> {
  return onReport(db, actor, id, 'ask', async (w, r) => {
    const messageId = randomUUID();
    const now = new Date();
    await repo.insertMessage(w.tx, {
      id: messageId, reportId: r.id, direction: 'to_reporter', body: input.body, at: now, authorId: actor.userId,
      regionCode: r.regionCode, createdBy: actor.userId, updatedBy: actor.userId, createdAt: now, updatedAt: now,
    });
    await recordOnly(w, r, 'question', input.body, { action: 'report.message.ask', after: { messageId } });
    return detailAfterChange(w.tx, actor, id);
  });
}

/**
 * Opens the sealed reporter identity for the assigned handler, with a reason. Every reveal is a
 * new audited action (a report_reveals row, a history entry); the identity is never in the audit log.
 */
export async function revealReporter(db: Db, secrets: SecretBox, actor: Actor, id: string, input: { reason: string }): Promise<TRevealedReporter> {
  return onReport(db, actor, id, 'reveal', async (w, r) => {
    const identity = openReporter(secrets, r.reporterSealed!);
    const revealId = randomUUID();
    const now = new Date();
    await repo.insertReveal(w.tx, { id: revealId, reportId: r.id, userId: actor.userId!, reason: input.reason, regionCode: r.regionCode, createdBy: actor.userId, updatedBy: actor.userId });
    await recordOnly(w, r, 'reveal', input.reason, { action: 'report.identity.reveal', after: { revealId, reason: input.reason } });
    return { ...identity, revealedAt: now.toISOString() };
  });
}

export async function linkReport(db: Db, actor: Actor, id: string, input: { linkType: 'case' | 'rectification'; linkId: string }): Promise<TReportDetail> {
  return onReport(db, actor, id, 'link', async (w, r) => {
    await applyChange(w, r, {
      patch: { linkType: input.linkType, linkId: input.linkId },
      action: 'link',
      event: { kind: 'linked', note: `${input.linkType === 'case' ? '关联案件' : '关联整改'}：${input.linkId}` },
      audit: { linkType: input.linkType, linkId: input.linkId, previous: r.linkType ? { linkType: r.linkType, linkId: r.linkId } : null },
    });
    return detailAfterChange(w.tx, actor, id);
  });
}

/**
 * Records, inside another module's transaction, that a report led to a case or a rectification
 * item (the case and rectification modules call this when a problem is taken from a report).
 * The report must be visible to the acting account; returns false (and changes nothing) if not.
 */
export async function linkReportWithin(w: AuditedTx, reportId: string, link: { linkType: 'case' | 'rectification'; linkId: string; label: string }): Promise<boolean> {
  const r = await repo.lockReportVisible(w.tx, reportId, reportVisibleTo(w.actor));
  if (!r) return false;
  await applyChange(w, r, {
    patch: { linkType: link.linkType, linkId: link.linkId },
    action: 'link',
    event: { kind: 'linked', note: `${link.linkType === 'case' ? '关联案件' : '关联整改'}：${link.label}` },
    audit: { linkType: link.linkType, linkId: link.linkId, previous: r.linkType ? { linkType: r.linkType, linkId: r.linkId } : null },
  });
  return true;
}

// ---- Rewards ----

/** Proposes a reward for a confirmed real-name report, within the district's range. */
export async function proposeReward(db: Db, actor: Actor, id: string, input: TProposeRewardRequest): Promise<TReportDetail> {
  return onReport(db, actor, id, 'proposeReward', async (w, r) => {
    const [min, max] = [await getSetting(w.tx, REPORT_REWARD_MIN_FEN, r.regionCode), await getSetting(w.tx, REPORT_REWARD_MAX_FEN, r.regionCode)];
    if (input.amountFen < min || input.amountFen > max) throw validationError('amountFen', `奖励金额应在${yuan(min)}元至${yuan(max)}元之间`);
    const rewardId = randomUUID();
    await repo.insertReward(w.tx, {
      id: rewardId, reportId: r.id, amountFen: input.amountFen, status: 'proposed', note: input.note ?? null, proposedBy: actor.userId,
      regionCode: r.regionCode, createdBy: actor.userId, updatedBy: actor.userId,
    });
    await recordOnly(w, r, 'reward', `提出奖励${yuan(input.amountFen)}元${input.note ? `：${input.note}` : ''}`, { action: 'report.reward.propose', after: { rewardId, amountFen: input.amountFen } });
    return detailAfterChange(w.tx, actor, id);
  });
}

async function onReward(db: Db, actor: Actor, id: string, rewardId: string, work: (w: AuditedTx, r: ReportRow, reward: repo.RewardRow) => Promise<void>): Promise<TReportDetail> {
  if (!canDecideReward(actor)) throw forbidden('只有区纪委监委可以审批举报奖励');
  return onReport(db, actor, id, null, async (w, r) => {
    const reward = await repo.lockReward(w.tx, r.id, rewardId);
    if (!reward) throw notFound('奖励');
    await work(w, r, reward);
    return detailAfterChange(w.tx, actor, id);
  });
}

/** Approves or refuses a proposed reward; the person who proposed it cannot decide it. */
export async function decideReward(db: Db, actor: Actor, id: string, rewardId: string, input: { approve: boolean; note?: string }): Promise<TReportDetail> {
  return onReward(db, actor, id, rewardId, async (w, r, reward) => {
    if (reward.status !== 'proposed') throw conflict('只有待审批的奖励可以审批');
    if (reward.proposedBy && reward.proposedBy === actor.userId) throw conflict('提出奖励的人不能审批自己的提议');
    const status = input.approve ? 'approved' : 'rejected';
    const now = new Date();
    await repo.updateReward(w.tx, reward.id, { status, decidedBy: actor.userId, decidedAt: now, decisionNote: input.note ?? null, updatedAt: now, updatedBy: actor.userId });
    await recordOnly(w, r, 'reward', `${input.approve ? '批准' : '不批准'}奖励${yuan(reward.amountFen)}元${input.note ? `：${input.note}` : ''}`, {
      action: 'report.reward.decide',
      after: { rewardId: reward.id, status, note: input.note ?? null },
    });
  });
}

export async function markRewardPaid(db: Db, actor: Actor, id: string, rewardId: string): Promise<TReportDetail> {
  return onReward(db, actor, id, rewardId, async (w, r, reward) => {
    if (reward.status !== 'approved') throw conflict('只有已批准的奖励可以登记发放');
    const now = new Date();
    await repo.updateReward(w.tx, reward.id, { status: 'paid', paidAt: now, updatedAt: now, updatedBy: actor.userId });
    await recordOnly(w, r, 'reward', `奖励${yuan(reward.amountFen)}元已发放`, { action: 'report.reward.paid', after: { rewardId: reward.id, status: 'paid' } });
  });
}

// ---- Handover ----

/**
 * 工作交接: every open report of one handler goes to another person of the same unit and level,
 * one history entry each. Nothing of the old handler's reveals carries over (each reveal is its own act).
 */
export async function handoverReports(db: Db, actor: Actor, input: TReportHandoverRequest): Promise<{ moved: number }> {
  if (input.fromUserId === input.toUserId) throw validationError('toUserId', '新承办人不能与原承办人相同');
  const inScope = (u: repo.StaffRow | null): u is repo.StaffRow => !!u && (!actor.regionCode || isWithinRegion(u.regionCode, actor.regionCode));
  return audited(db, actor, async (w) => {
    const from = await repo.getStaff(w.tx, input.fromUserId);
    if (!inScope(from)) throw notFound('原承办人');
    const to = await repo.getStaff(w.tx, input.toUserId);
    if (!inScope(to)) throw notFound('新承办人');
    if (to.status !== 'active' || to.isMachine) throw validationError('toUserId', '新承办人账号未启用');
    if (to.regionCode !== from.regionCode) throw validationError('toUserId', '新承办人须与原承办人属于同一单位');
    const open = await repo.lockOpenReportsOf(w.tx, from.id, reportVisibleTo(actor));
    const conflicts: string[] = [];
    for (const r of open) {
      const problem = await assigneeProblem(w.tx, r, to);
      if (problem?.field) throw validationError('toUserId', `${problem.field}（举报件 ${r.number}）`);
      if (problem?.conflict) conflicts.push(`${r.number}：${problem.conflict}`);
    }
    if (conflicts.length) throw conflict(`新承办人不能接办以下举报，请先另行交办：${conflicts.join('；')}`);
    for (const r of open) {
      await applyChange(w, r, { patch: { assignedTo: to.id }, action: 'handover', event: { kind: 'handover', note: `由${from.displayName}交接给${to.displayName}：${input.reason}` }, audit: { reason: input.reason, fromUserId: from.id } });
    }
    if (open.length === 1) await notifyAssigned(w, to.id, open[0]!);
    else if (open.length > 1) {
      await notify(w, { userIds: [to.id], kind: 'assigned', title: `${open.length}件举报交接给您办理`, body: `原承办人${from.displayName}的在办举报已交接给您，请在举报管理中查看。`, link: '/reports?mine=true', entityType: 'report', entityId: null });
    }
    return { moved: open.length };
  });
}

// ---- Files ----

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Files of a report (POST /api/v1/attachments with entityType 'report'): only someone who can see
 * the report may add to it; the file is filed under the handling unit, out of the barred unit's reach.
 */
registerAttachmentTarget('report', {
  readPermission: 'report:report:read',
  allowAudio: true,
  regionOf: async (db, actor, entityId) => {
    if (!UUID.test(entityId)) return null;
    const r = await repo.getReportVisible(db, entityId, reportVisibleTo(actor));
    return r ? filingRegionOf(r) : null;
  },
  // Two village levels share a village's region: a report handed to one is not the other's to read.
  canRead: async (db, actor, entityId) => UUID.test(entityId) && (await repo.getReportVisible(db, entityId, reportVisibleTo(actor))) !== null,
});
