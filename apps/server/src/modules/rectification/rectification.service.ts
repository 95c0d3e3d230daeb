import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@mpw/db';
import {
  isWithinRegion,
  regionLevelOf,
  type TRectificationAnswerRequest,
  type TRectificationItem,
  type TRectificationItemDetail,
  type TRectificationLedgerQuery,
  type TRectificationNotice,
  type TRectificationNoticeDetail,
  type TRectificationNoticeListQuery,
  type TRectificationNoticeRequest,
  type TRectificationStatsQuery,
  type TRectificationStatsRow,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound, validationError } from '../../lib/errors.js';
import { chinaDate } from '../../lib/time.js';
import { audited, type AuditedTx } from '../audit/audit.log.js';
import { closeAlertByRectification, raiseAlert, resolveAlertByData } from '../alerts/alerts.service.js';
import { registerAttachmentTarget } from '../attachments/attachments.targets.js';
import { resolveProblemSource, type ProblemSource } from '../inspections/problem-sources.js';
import { syncFindingWithItems } from '../inspections/inspections.service.js';
import { usersByIds } from '../inspections/inspections.repository.js';
import { notify, notifyRole } from '../notifications/notifications.service.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import { linkReportWithin } from '../reports/reports.service.js';
import { canAnswer, canDecide, escalationOf, issueRefusal, itemRefusal, responsibleRoleOf, type ItemAction } from './rectification.policy.js';
import { auditableItem, isOverdue, presentItem, presentItemDetail, presentNotice } from './rectification.presenter.js';
import * as repo from './rectification.repository.js';

const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, { message });
const forbidden = (message: string) => new AppError(ErrorCode.FORBIDDEN, { message });
const pageOf = (q: { current: number; pageSize: number }) => ({ offset: (q.current - 1) * q.pageSize, limit: q.pageSize });

// ---- Reading ----

export async function getNoticeById(db: DbOrTx, actor: Actor, id: string): Promise<TRectificationNoticeDetail> {
  const today = chinaDate();
  const n = await repo.getNotice(db, id, actor.regionCode, today);
  if (!n) throw notFound('整改通知书');
  const items = await repo.itemsOfNotice(db, id);
  const answers = await repo.answersOf(db, items.map((i) => i.id));
  return { ...presentNotice(n), items: items.map((i) => presentItemDetail(i, answers, today)) };
}

export async function findNotices(db: Db, actor: Actor, q: TRectificationNoticeListQuery): Promise<{ data: TRectificationNotice[]; total: number }> {
  const { rows, total } = await repo.findNotices(db, { scopeCode: actor.regionCode, regionCode: q.regionCode, status: q.status, q: q.q }, chinaDate(), pageOf(q));
  return { data: rows.map(presentNotice), total };
}

export async function getItemById(db: DbOrTx, actor: Actor, id: string): Promise<TRectificationItemDetail> {
  const i = await repo.getItem(db, id, actor.regionCode);
  if (!i) throw notFound('整改事项');
  return presentItemDetail(i, await repo.answersOf(db, [id]), chinaDate());
}

export function ledgerFilterOf(scopeCode: string | null, q: Omit<TRectificationLedgerQuery, 'current' | 'pageSize'>, today = chinaDate()): repo.LedgerFilter {
  if (q.regionCode && scopeCode && !isWithinRegion(q.regionCode, scopeCode)) throw notFound('区划');
  if (q.deadlineFrom && q.deadlineTo && q.deadlineTo < q.deadlineFrom) throw validationError('deadlineTo', '期限止不能早于期限起');
  if (q.closedFrom && q.closedTo && q.closedTo < q.closedFrom) throw validationError('closedTo', '销号日期止不能早于销号日期起');
  return {
    scopeCode, regionCode: q.regionCode, status: q.status, sourceType: q.sourceType, overdueBefore: q.overdue ? today : undefined, deadlineFrom: q.deadlineFrom, deadlineTo: q.deadlineTo,
    closedFrom: q.closedFrom, closedTo: q.closedTo, timeliness: q.timeliness ? { kind: q.timeliness, today } : undefined, q: q.q,
  };
}

/** The ledger (整改台账). `overdue=false` is every item (the flag only narrows). */
export async function findItems(db: Db, actor: Actor, q: TRectificationLedgerQuery): Promise<{ data: TRectificationItem[]; total: number }> {
  const today = chinaDate();
  const { rows, total } = await repo.findItems(db, ledgerFilterOf(actor.regionCode, q, today), pageOf(q));
  return { data: rows.map((i) => presentItem(i, today)), total };
}

/** 整改按期完成率 per township or village, computed in SQL. */
export async function rectificationStats(db: Db, actor: Actor, q: TRectificationStatsQuery): Promise<{ rows: TRectificationStatsRow[] }> {
  if (q.from && q.to && q.to < q.from) throw validationError('to', '截止日期不能早于起始日期');
  const rows = await repo.statsRows(db, { scopeCode: actor.regionCode, from: q.from, to: q.to, by: q.by, today: chinaDate() });
  return {
    rows: rows.map((r) => ({
      regionCode: r.region_code,
      regionName: r.region_name,
      due: Number(r.due),
      closedOnTime: Number(r.closed_on_time),
      closedLate: Number(r.closed_late),
      openOverdue: Number(r.open_overdue),
      onTimeRate: Number(r.due) ? Math.round((Number(r.closed_on_time) / Number(r.due)) * 10000) / 10000 : null,
    })),
  };
}

// ---- Issuing (下发整改通知书) ----

/**
 * 下发整改通知书 to a village or township strictly within the issuer's region, numbered
 * <issuer>纪整改〔<year>〕<seq>号. Each item's source must be visible to the issuer and lie in the
 * responsible unit; a finding turns 'rectifying', a report is linked to the item.
 */
export async function issueNotice(db: Db, actor: Actor, input: TRectificationNoticeRequest): Promise<TRectificationNoticeDetail> {
  const issuedOn = input.issuedOn ?? chinaDate();
  if (input.deadline < issuedOn) throw validationError('deadline', '整改期限不能早于下发日期');
  input.items.forEach((it, i) => {
    if (it.deadline && it.deadline < issuedOn) throw validationError(`items.${i}.deadline`, '整改期限不能早于下发日期');
  });
  const id = randomUUID();
  await audited(db, actor, async (w) => {
    // Out of scope is answered as absent (404), like every record; inside it, the level rule names the field.
    if (!(await getRegionInScope(w.tx, input.regionCode, actor.regionCode))) throw notFound('责任单位');
    const refusal = issueRefusal(actor.regionCode, input.regionCode);
    if (refusal) throw validationError('regionCode', refusal);
    const issuer = await getRegionInScope(w.tx, actor.regionCode!, actor.regionCode);
    if (input.responsibleUserId) {
      const [u] = await usersByIds(w.tx, [input.responsibleUserId]);
      if (!u || u.status !== 'active' || u.regionCode !== input.regionCode) throw validationError('responsibleUserId', '责任人账号须为责任单位在用的账号');
    }
    const sources: ProblemSource[] = [];
    for (const [i, it] of input.items.entries()) {
      const s = await resolveProblemSource(w.tx, actor, it.sourceType, it.sourceId, `items.${i}.sourceId`);
      if (s.regionCode && !isWithinRegion(s.regionCode, input.regionCode))
        throw validationError(`items.${i}.sourceId`, '问题来源不在责任单位的范围内');
      if (s.type === 'finding' && s.findingStatus === 'dismissed') throw validationError(`items.${i}.sourceId`, '该问题已核实为无问题，不能整改');
      sources.push(s);
    }
    const year = Number(issuedOn.slice(0, 4));
    const prefix = `${issuer?.name ?? actor.regionCode}纪整改〔${year}〕`;
    const number = `${prefix}${await repo.nextNoticeSeq(w.tx, prefix)}号`;
    const stamp = { regionCode: input.regionCode, createdBy: actor.userId, updatedBy: actor.userId };
    await repo.insertNotice(w.tx, {
      id, number, issuerRegionCode: actor.regionCode!, title: input.title, requirement: input.requirement, issuedOn, deadline: input.deadline,
      responsibleName: input.responsibleName, responsibleUserId: input.responsibleUserId ?? null, status: 'open', ...stamp,
    });
    const items = input.items.map((it, i) => ({
      id: randomUUID(), noticeId: id, seq: i + 1, problem: it.problem, requirement: it.requirement, deadline: it.deadline ?? input.deadline,
      responsibleName: it.responsibleName || input.responsibleName, sourceType: sources[i]!.type, sourceId: sources[i]!.id, status: 'open', reopenCount: 0, ...stamp,
    }));
    await repo.insertItems(w.tx, items);
    await w.record({
      action: 'rectification.notice.issue', entityType: 'rectification_notice', entityId: id, regionCode: input.regionCode,
      after: { number, issuerRegionCode: actor.regionCode, title: input.title, issuedOn, deadline: input.deadline, items: items.map((x) => ({ id: x.id, seq: x.seq, deadline: x.deadline, sourceType: x.sourceType, sourceId: x.sourceId })) },
    });
    for (const it of items) {
      if (it.sourceType === 'finding') await syncFindingWithItems(w, it.sourceId!);
      if (it.sourceType === 'report') await linkReportWithin(w, it.sourceId!, { linkType: 'rectification', linkId: it.id, label: `${number}第${it.seq}项` });
    }
    const message = { kind: 'assigned' as const, title: `收到整改通知书 ${number}`, body: `${input.title}：共${items.length}项，整改期限 ${input.deadline}。请逐项整改并回复。`, link: `/rectification/notices/${id}`, entityType: 'rectification_notice', entityId: id };
    await notifyRole(w, { regionCode: input.regionCode, roles: [responsibleRoleOf(input.regionCode)], ...message });
    if (input.responsibleUserId) await notify(w, { userIds: [input.responsibleUserId], ...message });
  });
  return getNoticeById(db, actor, id);
}

// ---- Answering and deciding ----

/** Opens an audited transaction on one item the actor can see, after the step's rules. */
async function onItem(db: Db, actor: Actor, id: string, action: ItemAction, work: (w: AuditedTx, item: repo.ItemView) => Promise<void>): Promise<TRectificationItemDetail> {
  await audited(db, actor, async (w) => {
    const locked = await repo.lockItem(w.tx, id, actor.regionCode);
    if (!locked) throw notFound('整改事项');
    const item = (await repo.getItem(w.tx, id, actor.regionCode))!;
    if (action === 'answer' && !canAnswer(actor, item)) throw forbidden('只有责任单位可以回复整改情况');
    if (action !== 'answer' && !canDecide(actor, item)) throw forbidden('只有下发单位或其上级可以验收、退回或重开整改事项');
    const refusal = itemRefusal(action, item.status);
    if (refusal) throw conflict(refusal);
    await work(w, item);
  });
  return getItemById(db, actor, id);
}

async function setItem(w: AuditedTx, item: repo.ItemView, patch: Partial<repo.ItemRow>, action: string, extra: Record<string, unknown> = {}) {
  await repo.updateItem(w.tx, item.id, { ...patch, updatedAt: new Date(), updatedBy: w.actor.userId });
  await w.record({ action: `rectification.item.${action}`, entityType: 'rectification_item', entityId: item.id, regionCode: item.regionCode, before: auditableItem(item), after: { ...auditableItem({ ...item, ...patch }), ...extra } });
}

/** Notice status follows its items: closed when every item is closed, open otherwise. */
async function syncNotice(w: AuditedTx, noticeId: string) {
  const n = await repo.lockNotice(w.tx, noticeId);
  if (!n) return;
  const statuses = await repo.itemStatusesOfNotice(w.tx, noticeId);
  const next = statuses.length > 0 && statuses.every((s) => s === 'closed') ? 'closed' : 'open';
  if (next === n.status) return;
  await repo.updateNotice(w.tx, noticeId, { status: next, updatedAt: new Date(), updatedBy: w.actor.userId });
  await w.record({ action: `rectification.notice.${next === 'closed' ? 'close' : 'reopen'}`, entityType: 'rectification_notice', entityId: noticeId, regionCode: n.regionCode, before: { status: n.status }, after: { status: next } });
}

/** 整改回复: measures and evidence from the responsible unit; files uploaded to the item are filed under the answer. */
export function answerItem(db: Db, actor: Actor, id: string, input: TRectificationAnswerRequest): Promise<TRectificationItemDetail> {
  return onItem(db, actor, id, 'answer', async (w, item) => {
    const answerId = randomUUID();
    await repo.insertAnswer(w.tx, { id: answerId, itemId: id, measures: input.measures, answeredBy: actor.userId, regionCode: item.regionCode, createdBy: actor.userId, updatedBy: actor.userId });
    const filed = await repo.fileAnswerAttachments(w.tx, id, answerId, [...new Set(input.attachmentIds)], actor.userId);
    input.attachmentIds.forEach((f, i) => {
      if (!filed.includes(f)) throw validationError(`attachmentIds.${i}`, '附件不存在或不属于该整改事项，请先上传到该整改事项');
    });
    await setItem(w, item, { status: 'answered' }, 'answer', { answerId, attachmentIds: filed });
    await notifyRole(w, {
      regionCode: item.issuerRegionCode, roles: [regionLevelOf(item.issuerRegionCode) === 'district' ? 'district_inspector' : 'township_discipline'],
      kind: 'assigned', title: `整改事项待验收：${item.noticeNumber}第${item.seq}项`, body: `${item.regionName ?? item.regionCode}已回复整改情况，请验收。`,
      link: `/rectification/items/${id}`, entityType: 'rectification_item', entityId: id,
    });
  });
}

async function decidePending(w: AuditedTx, itemId: string, decision: 'accepted' | 'returned', reason: string | null) {
  const a = await repo.pendingAnswer(w.tx, itemId);
  if (a) await repo.updateAnswer(w.tx, a.id, { decision, decisionReason: reason, decidedBy: w.actor.userId, decidedAt: new Date(), updatedAt: new Date(), updatedBy: w.actor.userId });
}

async function tellUnit(w: AuditedTx, item: repo.ItemView, title: string, body: string) {
  await notifyRole(w, { regionCode: item.regionCode, roles: [responsibleRoleOf(item.regionCode)], kind: 'assigned', title, body, link: `/rectification/items/${item.id}`, entityType: 'rectification_item', entityId: item.id });
}

/**
 * 验收销号: answered → closed today. The notice closes when all its items are; a finding resolves
 * when all its items are; a confirmed alert closes (linked to the notice) when all its items are.
 */
export function acceptItem(db: Db, actor: Actor, id: string, input: { note?: string }): Promise<TRectificationItemDetail> {
  return onItem(db, actor, id, 'accept', async (w, item) => {
    const today = chinaDate();
    await decidePending(w, id, 'accepted', input.note ?? null);
    await setItem(w, item, { status: 'closed', closedOn: today, closedBy: actor.userId }, 'accept', { note: input.note ?? null });
    await syncNotice(w, item.noticeId);
    await resolveAlertByData(w, { rule: 'RECTIFICATION_OVERDUE', subjectType: 'rectification_item', subjectId: id });
    if (item.sourceType === 'finding' && item.sourceId) await syncFindingWithItems(w, item.sourceId);
    const alertId = item.sourceType === 'alert' ? item.sourceId : item.sourceType === 'finding' && item.sourceId ? await repo.alertOfFinding(w.tx, item.sourceId) : null;
    if (alertId) {
      const all = await repo.itemsOfAlert(w.tx, alertId);
      if (all.every((x) => x.status === 'closed')) await closeAlertByRectification(w, alertId, { linkId: item.noticeNumber, note: '整改已验收销号' });
    }
    await tellUnit(w, item, `整改事项已验收销号：${item.noticeNumber}第${item.seq}项`, input.note ? `验收意见：${input.note}` : '经验收，该项整改已销号。');
  });
}

/** 退回: answered → returned with the reason; the unit answers again. */
export function returnItem(db: Db, actor: Actor, id: string, input: { reason: string }): Promise<TRectificationItemDetail> {
  return onItem(db, actor, id, 'return', async (w, item) => {
    await decidePending(w, id, 'returned', input.reason);
    await setItem(w, item, { status: 'returned' }, 'return', { reason: input.reason });
    await tellUnit(w, item, `整改事项被退回：${item.noticeNumber}第${item.seq}项`, `退回理由：${input.reason}`);
  });
}

/** 反弹重开: the problem came back; closed → reopened, counted, and the notice opens again. */
export function reopenItem(db: Db, actor: Actor, id: string, input: { reason: string }): Promise<TRectificationItemDetail> {
  return onItem(db, actor, id, 'reopen', async (w, item) => {
    await setItem(w, item, { status: 'reopened', closedOn: null, closedBy: null, reopenCount: item.reopenCount + 1 }, 'reopen', { reason: input.reason });
    await syncNotice(w, item.noticeId);
    if (item.sourceType === 'finding' && item.sourceId) await syncFindingWithItems(w, item.sourceId);
    await tellUnit(w, item, `整改事项反弹重开：${item.noticeNumber}第${item.seq}项`, `反弹情况：${input.reason}。请重新整改并回复。`);
  });
}

// ---- Overdue (逾期) ----

/**
 * Every item past its deadline and not closed: escalated once one level up (that level's
 * discipline officers are told) and a RECTIFICATION_OVERDUE alert raised in the responsible unit's
 * region. Alerts of items no longer overdue are marked resolved by data.
 */
export async function sweepOverdueRectification(db: Db, actor: Actor, today = chinaDate()): Promise<{ escalated: number; raised: number; resolved: number }> {
  const overdue = await repo.findOverdueItems(db, today);
  let escalated = 0;
  let raised = 0;
  for (const it of overdue) {
    await audited(db, actor, async (w) => {
      const up = escalationOf(it.regionCode);
      if (!it.escalatedAt && up) {
        const now = new Date();
        await repo.updateItem(w.tx, it.id, { escalatedAt: now, escalatedTo: up.regionCode, updatedAt: now, updatedBy: actor.userId });
        await w.record({ action: 'rectification.item.escalate', entityType: 'rectification_item', entityId: it.id, regionCode: it.regionCode, before: { escalatedTo: null }, after: { escalatedTo: up.regionCode, escalatedAt: now.toISOString(), deadline: it.deadline } });
        await notifyRole(w, {
          regionCode: up.regionCode, roles: [up.role], kind: 'overdue',
          title: `整改逾期升级：${it.noticeNumber}第${it.seq}项`, body: `整改期限为 ${it.deadline}，至今未验收销号，已升级至上一级督办。`,
          link: `/rectification/items/${it.id}`, entityType: 'rectification_item', entityId: it.id,
        });
        escalated++;
      }
      const r = await raiseAlert(w, {
        rule: 'RECTIFICATION_OVERDUE', subjectType: 'rectification_item', subjectId: it.id, regionCode: it.regionCode,
        summary: `整改逾期未销号：${it.noticeNumber}第${it.seq}项（期限${it.deadline}）`, evidence: `rectification_items:${it.id}`,
      });
      if (r.change !== 'seen') raised++;
    });
  }
  const still = new Set(overdue.map((i) => i.id));
  const gone = (await repo.findStandingOverdueAlertSubjects(db)).filter((id) => !still.has(id));
  let resolved = 0;
  if (gone.length) {
    await audited(db, actor, async (w) => {
      for (const id of gone) if (await resolveAlertByData(w, { rule: 'RECTIFICATION_OVERDUE', subjectType: 'rectification_item', subjectId: id })) resolved++;
    });
  }
  return { escalated, raised, resolved };
}

export { isOverdue };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Evidence of an answer is uploaded to the item first (entity 'rectification_item'), then filed under the answer that cites it. */
registerAttachmentTarget('rectification_item', {
  readPermission: 'rectification:notice:read',
  regionOf: async (db, actor, entityId) => (UUID.test(entityId) ? (await repo.getItem(db, entityId, actor.regionCode))?.regionCode ?? null : null),
});
registerAttachmentTarget('rectification_answer', {
  readPermission: 'rectification:notice:read',
  regionOf: async (db, actor, entityId) => {
    if (!UUID.test(entityId)) return null;
    const [a] = await repo.answersById(db, entityId);
    return a && (await repo.getItem(db, a.itemId, actor.regionCode)) ? a.regionCode : null;
  },
});
