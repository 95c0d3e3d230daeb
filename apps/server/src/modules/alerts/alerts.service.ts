import { randomUUID } from 'node:crypto';
import type { Db } from '@mpw/db';
import {
  ALERT_RULES,
  ALERT_SUBJECT_TYPES,
  ZRegionCode,
  type TAlert,
  type TAlertAssignee,
  type TAssignAlertRequest,
  type TAlertHeat,
  type TAlertHeatQuery,
  type TAlertListQuery,
  type TAlertRule,
  type TAlertSeverity,
  type TAlertSubjectType,
  type TAuditEvent,
  type TCloseAlertRequest,
  type TConfirmAlertRequest,
  type TDismissAlertRequest,
  type TReopenAlertRequest,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound, validationError } from '../../lib/errors.js';
import { audited, type AuditedTx } from '../audit/audit.log.js';
import * as auditRepo from '../audit/audit.repository.js';
import { presentEvent } from '../audit/audit.presenter.js';
import { notify, notifyRole } from '../notifications/notifications.service.js';
import { districtOf, getSetting } from '../settings/settings.service.js';
import { chinaDate } from '../../lib/time.js';
import * as repo from './alerts.repository.js';
import * as rectificationRepo from '../rectification/rectification.repository.js';
import { afterRaise, canHandleAlertOf, closeLinkRefusal, refusalOf, severityAfterRaise, severityFor, statusAfter, townshipOf, type AlertAction } from './alerts.policy.js';
import { auditableAlert, auditableHandling, presentAlert } from './alerts.presenter.js';
import { ALERT_ESCALATION_DAYS } from './alerts.settings.js';

export interface RaiseAlertInput {
  rule: TAlertRule;
  subjectType: TAlertSubjectType;
  /** decision_no for a decision, matter_no for a matter, id_number for a benefit, … (alerts.csv subject_id). */
  subjectId: string;
  /** The village the subject belongs to (alerts.csv village_code); a region code for `village`-level rules. */
  regionCode: string;
  /** Defaults to the rule's settled grade (ALERT_RULE_SEVERITY); required for rules without one. */
  severity?: TAlertSeverity;
  /** One line in Chinese, plain words: what a reviewer reads first. */
  summary: string;
  /** The rows that made it fire: `dataset:key` items separated by `;`. */
  evidence: string;
}

export interface RaiseAlertResult {
  id: string;
  /** new: first raise; seen: raised again while still known; reopened: its cause had gone and came back. */
  change: 'new' | 'seen' | 'reopened';
}

/** The handling fields a reopened alert starts again without (the assignee stays). */
const CLEARED_HANDLING = { handledBy: null, handledAt: null, handlingReason: null, falsePositive: null, closedBy: null, closedAt: null, closingNote: null, linkType: null, linkId: null } as const;

function checkInput(input: RaiseAlertInput) {
  // Callers are other modules, not users: a bad call is a programming error.
  if (!ALERT_RULES.includes(input.rule)) throw new Error(`unknown alert rule ${input.rule}`);
  if (!ALERT_SUBJECT_TYPES.includes(input.subjectType)) throw new Error(`unknown alert subject type ${input.subjectType}`);
  if (!input.subjectId) throw new Error('alert subjectId is empty');
  if (!ZRegionCode.safeParse(input.regionCode).success) throw new Error(`alert regionCode ${input.regionCode} is not a region code`);
  if (!input.summary.trim()) throw new Error('alert summary is empty');
}

/**
 * Raises an alert inside the caller's audited transaction. One alert per (rule, subject): a
 * later raise of the same cause updates it (last seen, summary, evidence, severity) and keeps
 * the status a person gave it; see `afterRaise` for when it reopens. A raise that changes
 * nothing but `last_seen_at` is not an audit event (a sweep sees most alerts again).
 */
export async function raiseAlert(w: AuditedTx, input: RaiseAlertInput): Promise<RaiseAlertResult> {
  checkInput(input);
  const severity = severityFor(input.rule, input.severity);
  const now = new Date();
  const key = { rule: input.rule, subjectType: input.subjectType, subjectId: input.subjectId };
  const fields = { regionCode: input.regionCode, severity, summary: input.summary.trim(), evidence: input.evidence };
  let existing = await repo.lockAlertBySubject(w.tx, key);
  if (!existing) {
    const id = randomUUID();
    const row = { id, ...key, ...fields, status: 'open' as const, firstRaisedAt: now, lastSeenAt: now, createdBy: w.actor.userId, updatedBy: w.actor.userId };
    if (await repo.insertAlertIfAbsent(w.tx, row)) {
      await w.record({ action: 'alert.alert.raise', entityType: 'alert', entityId: id, regionCode: input.regionCode, after: auditableAlert(row) });
      await assignDefaultHandlers(w, [id]);
      return { id, change: 'new' };
    }
    // Another transaction inserted it meanwhile: wait for it, then treat this as a second raise.
    existing = (await repo.lockAlertBySubject(w.tx, key))!;
  }
  const { status, cameBack } = afterRaise(existing);
  fields.severity = severityAfterRaise(existing, fields.severity);
  const changed = cameBack || (Object.keys(fields) as (keyof typeof fields)[]).some((k) => existing[k] !== fields[k]);
  // A closed alert whose cause came back is a new round of handling: the old judgement no longer applies.
  const reopened = status === 'open' && existing.status !== 'open';
  await repo.updateAlert(w.tx, existing.id, {
    ...fields,
    status,
    lastSeenAt: now,
    ...(cameBack ? { resolvedByDataAt: null } : {}),
    ...(reopened ? CLEARED_HANDLING : {}),
    ...(changed ? { updatedAt: now, updatedBy: w.actor.userId } : {}),
  });
  if (changed) {
    await w.record({
      action: cameBack ? 'alert.alert.reopen' : 'alert.alert.update',
      entityType: 'alert',
      entityId: existing.id,
      regionCode: input.regionCode,
      before: auditableAlert(existing),
      after: auditableAlert({ ...existing, ...fields, status }),
    });
  }
  return { id: existing.id, change: cameBack ? 'reopened' : 'seen' };
}

/**
 * Marks that a check no longer sees the alert's cause. The status stays as it is: a red
 * alert stays until a person verifies the rectification and closes it (domain.md, Alerts).
 * Returns false when there is no such alert or it was already marked.
 */
export async function resolveAlertByData(w: AuditedTx, key: { rule: TAlertRule; subjectType: TAlertSubjectType; subjectId: string }): Promise<boolean> {
  const existing = await repo.lockAlertBySubject(w.tx, key);
  if (!existing || existing.resolvedByDataAt) return false;
  const now = new Date();
  await repo.updateAlert(w.tx, existing.id, { resolvedByDataAt: now, updatedAt: now, updatedBy: w.actor.userId });
  await w.record({
    action: 'alert.alert.resolve_by_data',
    entityType: 'alert',
    entityId: existing.id,
    regionCode: existing.regionCode,
    before: { resolvedByDataAt: null },
    after: { resolvedByDataAt: now.toISOString() },
  });
  return true;
}

/** The start of a China date as an instant. */
const chinaDayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const DAY_MS = 86_400_000;

/** The repository window of first raising for China dates `from`..`to` (both days included). */
export function raisedWindowOf(q: { from?: string; to?: string }): { raisedFrom?: Date; raisedBefore?: Date } {
  return {
    raisedFrom: q.from ? chinaDayStart(q.from) : undefined,
    raisedBefore: q.to ? new Date(chinaDayStart(q.to).getTime() + DAY_MS) : undefined,
  };
}

export async function findAlerts(db: Db, actor: Actor, q: TAlertListQuery): Promise<{ data: TAlert[]; total: number }> {
  if (q.assigned === 'me' && !actor.userId) throw validationError('assigned', '系统账号没有分派给自己的预警');
  const { rows, total } = await repo.findAlerts(
    db,
    {
      scopeCode: actor.regionCode,
      regionCode: q.regionCode,
      rule: q.rule,
      status: q.status,
      severity: q.severity,
      assignedTo: q.assigned === 'me' ? actor.userId! : undefined,
      unassigned: q.assigned === 'unassigned',
      escalated: q.escalated,
      ...raisedWindowOf(q),
    },
    { offset: (q.current - 1) * q.pageSize, limit: q.pageSize },
  );
  return { data: rows.map(presentAlert), total };
}

export async function getAlertById(db: Db, actor: Actor, id: string): Promise<TAlert> {
  const row = await repo.getAlertInScope(db, id, actor.regionCode);
  if (!row) throw notFound('预警');
  return presentAlert(row);
}

/** Every audit event of an alert in scope, oldest first: raise, assignments, judgements, escalation. */
export async function getAlertHistory(db: Db, actor: Actor, id: string): Promise<TAuditEvent[]> {
  await getAlertById(db, actor, id);
  const { rows } = await auditRepo.findAuditEvents(db, { scopeCode: null, entityType: 'alert', entityId: id }, { offset: 0, limit: 500 });
  return rows.reverse().map(presentEvent);
}

/** Counts per village and rule (default: open alerts), for the heat table. */
export async function alertHeat(db: Db, actor: Actor, q: TAlertHeatQuery): Promise<TAlertHeat> {
  const rows = await repo.heatCounts(db, {
    scopeCode: actor.regionCode,
    regionCode: q.regionCode,
    rule: q.rule,
    severity: q.severity,
    status: q.status,
    ...raisedWindowOf(q),
  });
  const villages = new Map<string, TAlertHeat['villages'][number]>();
  const totals: Record<string, number> = {};
  for (const r of rows) {
    const n = Number(r.n);
    const v = villages.get(r.villageCode) ?? { villageCode: r.villageCode, villageName: r.villageName ?? r.villageCode, counts: {}, total: 0 };
    v.counts[r.rule] = n;
    v.total += n;
    villages.set(r.villageCode, v);
    totals[r.rule] = (totals[r.rule] ?? 0) + n;
  }
  return {
    rules: ALERT_RULES.filter((r) => totals[r] !== undefined),
    villages: [...villages.values()],
    totals,
    total: Object.values(totals).reduce((a, b) => a + b, 0),
  };
}

// ---- Handling ----

/**
 * Assigns open, unassigned alerts to their default handler: the township discipline officer
 * (乡镇纪委) of the alert's village (set-based: the sweep raises many at once). Alerts whose
 * township has no such active account stay unassigned. One audit event per assignment; each
 * handler gets one message for the lot. Returns how many were assigned.
 */
export async function assignDefaultHandlers(w: AuditedTx, alertIds: string[]): Promise<number> {
  let assigned = 0;
  const perHandler = new Map<string, string[]>();
  const now = new Date();
  for (let i = 0; i < alertIds.length; i += 5000) {
    const rows = await repo.assignDefaultHandlers(w.tx, alertIds.slice(i, i + 5000), w.actor.userId, now);
    await w.recordMany(
      rows.map((r) => ({ action: 'alert.alert.assign', entityType: 'alert', entityId: r.id, regionCode: r.region_code, before: { assignedTo: null }, after: { assignedTo: r.assigned_to, byDefault: true } })),
    );
    for (const r of rows) perHandler.set(r.assigned_to, [...(perHandler.get(r.assigned_to) ?? []), r.id]);
    assigned += rows.length;
  }
  for (const [userId, ids] of perHandler) await notifyAssigned(w, userId, ids);
  return assigned;
}

async function notifyAssigned(w: AuditedTx, userId: string, ids: string[]) {
  await notify(w, {
    userIds: [userId],
    kind: 'assigned',
    title: ids.length === 1 ? '有一条预警分派给您核查' : `有${ids.length}条预警分派给您核查`,
    body: '请在预警处置中查看依据，确认或排除，并填写理由。',
    link: ids.length === 1 ? `/alerts/${ids[0]}` : '/alerts?assigned=me',
    entityType: 'alert',
    entityId: ids.length === 1 ? ids[0] : null,
  });
}

/** Opens an audited transaction on one alert in the actor's scope, after checking the step is allowed. */
async function onAlert<T>(db: Db, actor: Actor, id: string, action: AlertAction, work: (w: AuditedTx, row: repo.AlertRow) => Promise<T>): Promise<T> {
  return audited(db, actor, async (w) => {
    const row = await repo.lockAlertInScope(w.tx, id, actor.regionCode);
    if (!row) throw notFound('预警');
    const refusal = refusalOf(action, row.status);
    if (refusal) throw new AppError(ErrorCode.CONFLICT, { message: refusal });
    return work(w, row);
  });
}

/** The accounts an alert may be given to: active people covering its village who may handle alerts. */
export async function listAssignees(db: Db, actor: Actor, id: string): Promise<TAlertAssignee[]> {
  const alert = await getAlertById(db, actor, id);
  const staff = await repo.findStaffCovering(db, alert.regionCode, ['township_discipline', 'district_inspector', 'district_admin']);
  const eligible = staff.filter((u) => canHandleAlertOf(u, alert.regionCode));
  const defaultId = eligible.find((u) => u.regionCode === townshipOf(alert.regionCode) && u.roles.includes('township_discipline'))?.id;
  return eligible.map((u) => ({ id: u.id, displayName: u.displayName, regionCode: u.regionCode, regionName: u.regionName ?? u.regionCode, isDefault: u.id === defaultId }));
}

export async function assignAlert(db: Db, actor: Actor, id: string, input: TAssignAlertRequest): Promise<TAlert> {
  await onAlert(db, actor, id, 'assign', async (w, row) => {
    let userId = input.userId;
    if (userId) {
      const user = await repo.getStaffById(w.tx, userId);
      if (!user || !canHandleAlertOf(user, row.regionCode)) throw validationError('userId', '该账号不能处理此预警：须为在用的工作人员账号，管辖范围包含该村，并有预警处置权限');
    } else {
      const [first] = (await repo.findStaffCovering(w.tx, row.regionCode, ['township_discipline'])).filter((u) => u.regionCode === townshipOf(row.regionCode));
      if (!first) throw new AppError(ErrorCode.CONFLICT, { message: '该村所在乡镇没有在用的乡镇纪委账号，请指定处置人' });
      userId = first.id;
    }
    if (row.assignedTo === userId) return;
    const now = new Date();
    await repo.updateAlert(w.tx, id, { assignedTo: userId, assignedAt: now, updatedAt: now, updatedBy: actor.userId });
    await w.record({ action: 'alert.alert.assign', entityType: 'alert', entityId: id, regionCode: row.regionCode, before: { assignedTo: row.assignedTo }, after: { assignedTo: userId, byDefault: !input.userId } });
    await notifyAssigned(w, userId, [id]);
  });
  return getAlertById(db, actor, id);
}

async function judge(db: Db, actor: Actor, id: string, action: 'confirm' | 'dismiss', reason: string, falsePositive: boolean | null): Promise<TAlert> {
  await onAlert(db, actor, id, action, async (w, row) => {
    const now = new Date();
    const patch = { status: statusAfter(action), handledBy: actor.userId, handledAt: now, handlingReason: reason, falsePositive, updatedAt: now, updatedBy: actor.userId };
    await repo.updateAlert(w.tx, id, patch);
    await w.record({ action: `alert.alert.${action}`, entityType: 'alert', entityId: id, regionCode: row.regionCode, before: auditableHandling(row), after: auditableHandling({ ...row, ...patch }) });
  });
  return getAlertById(db, actor, id);
}

/** 确认: the rule was right; the reason says what was found. */
export function confirmAlert(db: Db, actor: Actor, id: string, input: TConfirmAlertRequest): Promise<TAlert> {
  return judge(db, actor, id, 'confirm', input.reason, null);
}

/** 排除: with a reason, and whether the rule was wrong (误报), which counts against its precision. */
export function dismissAlert(db: Db, actor: Actor, id: string, input: TDismissAlertRequest): Promise<TAlert> {
  return judge(db, actor, id, 'dismiss', input.reason, input.falsePositive);
}

/**
 * 办结: a confirmed or dismissed alert, with a note and what it was closed with. A red alert
 * only steps down this way: a person closes it when its rectification is verified.
 */
export async function closeAlert(db: Db, actor: Actor, id: string, input: TCloseAlertRequest): Promise<TAlert> {
  await onAlert(db, actor, id, 'close', async (w, row) => {
    const now = new Date();
    const linkType = input.linkType ?? 'none';
    const linkId = await checkCloseLink(w, actor, row, linkType, input.linkId);
    const patch = { status: 'closed' as const, closedBy: actor.userId, closedAt: now, closingNote: input.note, linkType, linkId, updatedAt: now, updatedBy: actor.userId };
    await repo.updateAlert(w.tx, id, patch);
    await w.record({ action: 'alert.alert.close', entityType: 'alert', entityId: id, regionCode: row.regionCode, before: auditableHandling(row), after: auditableHandling({ ...row, ...patch }) });
  });
  return getAlertById(db, actor, id);
}

/**
 * What a manual close links to, checked (returns the link id to store). A red confirmed alert steps
 * down only when its rectification is verified or a case is taken up: never with no link.
 * 'rectification' names a notice (id or number) whose items from this alert are all closed (销号);
 * 'case' names a case (id or number) that exists.
 */
async function checkCloseLink(w: AuditedTx, actor: Actor, row: repo.AlertRow, linkType: string, linkId: string | undefined): Promise<string | null> {
  const refusal = closeLinkRefusal(row, linkType);
  if (refusal) throw new AppError(ErrorCode.CONFLICT, { message: refusal, details: [{ path: 'linkType', message: refusal }] });
  if (linkType === 'rectification') {
    const notice = await rectificationRepo.getNoticeByIdOrNumber(w.tx, linkId!, actor.regionCode);
    if (!notice) throw validationError('linkId', '整改通知书不存在或不在您的管辖范围内');
    const items = await rectificationRepo.itemsOfAlert(w.tx, row.id, notice.id);
    if (items.length === 0) throw validationError('linkId', '该整改通知书中没有来自此预警的整改事项');
    if (items.some((i) => i.status !== 'closed')) throw new AppError(ErrorCode.CONFLICT, { message: '来自此预警的整改事项尚未全部验收销号', details: [{ path: 'linkId', message: '整改事项尚未全部验收销号' }] });
    return notice.number;
  }
  if (linkType === 'case') {
    if (!(await rectificationRepo.caseExists(w.tx, linkId!))) throw validationError('linkId', '案件不存在');
    return linkId!;
  }
  return null;
}

/**
 * 整改已验收销号: closes a confirmed alert once every rectification item raised from it is closed
 * (called by the rectification module in its transaction). Other statuses are left alone.
 */
export async function closeAlertByRectification(w: AuditedTx, alertId: string, link: { linkId: string; note: string }): Promise<boolean> {
  const row = await repo.lockAlertInScope(w.tx, alertId, null);
  if (!row || row.status !== 'confirmed') return false;
  const now = new Date();
  const patch = { status: 'closed' as const, closedBy: w.actor.userId, closedAt: now, closingNote: link.note, linkType: 'rectification', linkId: link.linkId, updatedAt: now, updatedBy: w.actor.userId };
  await repo.updateAlert(w.tx, alertId, patch);
  await w.record({ action: 'alert.alert.close', entityType: 'alert', entityId: alertId, regionCode: row.regionCode, before: auditableHandling(row), after: { ...auditableHandling({ ...row, ...patch }), byRectification: true } });
  return true;
}

/** 重新打开: a person takes a closed or dismissed alert up again; the old judgement is cleared (kept in the history). */
export async function reopenAlert(db: Db, actor: Actor, id: string, input: TReopenAlertRequest): Promise<TAlert> {
  await onAlert(db, actor, id, 'reopen', async (w, row) => {
    const now = new Date();
    const patch = { status: 'open' as const, ...CLEARED_HANDLING, updatedAt: now, updatedBy: actor.userId };
    await repo.updateAlert(w.tx, id, patch);
    await w.record({ action: 'alert.alert.reopen', entityType: 'alert', entityId: id, regionCode: row.regionCode, before: auditableHandling(row), after: { ...auditableHandling({ ...row, ...patch }), reason: input.reason } });
    if (row.assignedTo) await notifyAssigned(w, row.assignedTo, [id]);
  });
  return getAlertById(db, actor, id);
}

// ---- Escalation ----

/**
 * 升级: every open alert first raised more than the district's `alerts.escalationDays` ago (as of
 * `now`) gets `escalated_at`, one audit event each, and the district inspectors one message per
 * district. Set-based; safe to run more than once a day. Returns how many were escalated.
 */
export async function escalateOverdueAlerts(db: Db, actor: Actor, now = new Date()): Promise<number> {
  let escalated = 0;
  for (const district of await repo.districtsWithOpenAlerts(db)) {
    const days = await getSetting(db, ALERT_ESCALATION_DAYS, districtOf(district), chinaDate(now));
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    escalated += await audited(db, actor, async (w) => {
      const rows = await repo.escalateOpenAlerts(w.tx, district, cutoff, now);
      await w.recordMany(
        rows.map((r) => ({ action: 'alert.alert.escalate', entityType: 'alert', entityId: r.id, regionCode: r.region_code, before: { escalatedAt: null }, after: { escalatedAt: now.toISOString(), days } })),
      );
      if (rows.length) {
        await notifyRole(w, {
          regionCode: district,
          roles: ['district_inspector'],
          kind: 'overdue',
          title: `${rows.length}条预警逾期未处置，已升级`,
          body: `这些预警自首次发现起超过${days}天仍未确认或排除，请督促处置。`,
          link: '/alerts?escalated=true&status=open',
          entityType: 'alert',
          entityId: rows.length === 1 ? rows[0]!.id : null,
        });
      }
      return rows.length;
    });
  }
  return escalated;
}
