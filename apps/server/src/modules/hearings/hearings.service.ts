import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@mpw/db';
import {
  regionLevelOf,
  type THearing,
  type THearingDetail,
  type THearingListQuery,
  type TCreateHearingRequest,
  type TUpdateHearingRequest,
  type TVillageQuestion,
  type TVillageQuestionListQuery,
  type TRatingCounts,
  type TSatisfactionLevel,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound, validationError } from '../../lib/errors.js';
import { chinaDate } from '../../lib/time.js';
import { audited, type AuditedTx } from '../audit/audit.log.js';
import { raiseAlert, resolveAlertByData } from '../alerts/alerts.service.js';
import { maskIdNumbers } from '../disclosures/disclosures.policy.js';
import { notifyRole } from '../notifications/notifications.service.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import { getSetting } from '../settings/settings.service.js';
import * as repo from './hearings.repository.js';
import { canWriteReport, isDissatisfied, refusalOf, type HearingAction } from './hearings.policy.js';
import { auditableHearing, countsByCadre, presentHearing, presentQuestion, type Audience } from './hearings.presenter.js';
import { DISSATISFIED_SHARE_PCT, MIN_RATINGS } from './hearings.settings.js';

const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, { message });

// ---- Reading ----

/** Sessions with their cadres, results and question counts, as `audience` may see them. */
export async function presentHearings(db: DbOrTx, rows: repo.HearingViewRow[], audience: Audience): Promise<THearing[]> {
  const ids = rows.map((r) => r.id);
  // One after another: `db` may be a transaction, whose single connection takes one query at a time.
  const cadres = await repo.listCadres(db, ids);
  const counts = await repo.ratingCountsOf(db, ids);
  const questions = await repo.questionCounts(db, ids, audience === 'public');
  const byCadre = countsByCadre(counts);
  return rows.map((r) => presentHearing(r, cadres, byCadre, questions.get(r.id), audience));
}

/** One session with its questions (the portal: without hidden ones). */
export async function presentHearingDetail(db: DbOrTx, row: repo.HearingViewRow, audience: Audience): Promise<THearingDetail> {
  const [hearing] = await presentHearings(db, [row], audience);
  const today = chinaDate();
  const questions = await repo.listHearingQuestions(db, row.id, audience === 'public');
  return { ...hearing!, questions: questions.map((q) => presentQuestion(q, today, audience)) };
}

export async function findHearings(db: Db, actor: Actor, q: THearingListQuery): Promise<{ data: THearing[]; total: number }> {
  const { rows, total } = await repo.findHearings(db, { scopeCode: actor.regionCode, regionCode: q.regionCode, status: q.status, quarter: q.quarter }, { offset: (q.current - 1) * q.pageSize, limit: q.pageSize });
  return { data: await presentHearings(db, rows, 'staff'), total };
}

export async function getHearingById(db: DbOrTx, actor: Actor, id: string): Promise<THearingDetail> {
  const row = await repo.getHearingInScope(db, id, actor.regionCode);
  if (!row) throw notFound('问政会');
  return presentHearingDetail(db, row, 'staff');
}

// ---- Scheduling ----

/** Cadre accounts must be accounts of the session's village (they write their own reports). */
async function checkCadreAccounts(db: DbOrTx, regionCode: string, cadres: TCreateHearingRequest['cadres']) {
  const ids = cadres.map((c) => c.userId).filter((x): x is string => !!x);
  const found = new Map((await repo.findUsers(db, ids)).map((u) => [u.id, u]));
  cadres.forEach((c, i) => {
    if (!c.userId) return;
    const u = found.get(c.userId);
    if (!u || u.status !== 'active' || u.regionCode !== regionCode) throw validationError(`cadres.${i}.userId`, '该账号不是本村的有效账号');
  });
  const seen = new Set<string>();
  cadres.forEach((c, i) => {
    const key = `${c.name}\u0000${c.position}`;
    if (seen.has(key)) throw validationError(`cadres.${i}.name`, '同一名干部不能重复列出');
    seen.add(key);
  });
}

const hearingFields = (input: TUpdateHearingRequest) => ({
  title: input.title,
  quarter: input.quarter,
  scheduledAt: new Date(input.scheduledAt),
  place: input.place,
  description: input.description ?? null,
});

export async function createHearing(db: Db, actor: Actor, input: TCreateHearingRequest): Promise<THearingDetail> {
  if (regionLevelOf(input.regionCode) !== 'village') throw validationError('regionCode', '问政会只能由一个村召开（12位村级区划代码）');
  return audited(db, actor, async (w) => {
    const village = await getRegionInScope(w.tx, input.regionCode, actor.regionCode);
    if (!village || village.level !== 'village') throw notFound('村');
    await checkCadreAccounts(w.tx, input.regionCode, input.cadres);
    const id = randomUUID();
    const row = { id, ...hearingFields(input), status: 'scheduled' as const, regionCode: input.regionCode, createdBy: actor.userId, updatedBy: actor.userId };
    await repo.insertHearing(w.tx, row);
    const cadres = input.cadres.map((c, i) => ({ id: randomUUID(), hearingId: id, name: c.name, position: c.position, userId: c.userId ?? null, sortOrder: i, regionCode: input.regionCode, createdBy: actor.userId, updatedBy: actor.userId }));
    await repo.insertCadres(w.tx, cadres);
    await w.record({
      action: 'hearing.hearing.create',
      entityType: 'hearing',
      entityId: id,
      regionCode: input.regionCode,
      after: { ...auditableHearing(row), cadres: cadres.map((c) => ({ id: c.id, name: c.name, position: c.position, userId: c.userId })) },
    });
    return getHearingById(w.tx, actor, id);
  });
}

/** Opens an audited transaction on a session in scope whose status allows `action`; 409 otherwise, nothing changed. */
async function onHearing<T>(db: Db, actor: Actor, id: string, action: HearingAction, work: (w: AuditedTx, row: repo.HearingRow) => Promise<T>): Promise<T> {
  return audited(db, actor, async (w) => {
    const row = await repo.lockHearingInScope(w.tx, id, actor.regionCode);
    if (!row) throw notFound('问政会');
    const refusal = refusalOf(action, row.status as never);
    if (refusal) throw conflict(refusal);
    return work(w, row);
  });
}

/**
 * Changes the arrangements of a session not yet started. Cadres are matched by name and position:
 * a cadre kept keeps the report already written; a cadre a question is addressed to stays.
 */
export async function updateHearing(db: Db, actor: Actor, id: string, input: TUpdateHearingRequest): Promise<THearingDetail> {
  return onHearing(db, actor, id, 'edit', async (w, row) => {
    await checkCadreAccounts(w.tx, row.regionCode, input.cadres);
    const now = new Date();
    const fields = hearingFields(input);
    await repo.updateHearing(w.tx, id, { ...fields, updatedAt: now, updatedBy: actor.userId });
    const existing = await repo.listCadres(w.tx, [id]);
    const keyOf = (c: { name: string; position: string }) => `${c.name}\u0000${c.position}`;
    const wanted = new Map(input.cadres.map((c, i) => [keyOf(c), { ...c, sortOrder: i }]));
    const removed = existing.filter((c) => !wanted.has(keyOf(c)));
    const asked = await repo.cadresWithQuestions(w.tx, removed.map((c) => c.id));
    const stuck = removed.find((c) => asked.has(c.id));
    if (stuck) throw conflict(`村民已向${stuck.name}提问，不能把该干部移出本次问政会`);
    for (const c of removed) await repo.updateCadre(w.tx, c.id, { deletedAt: now, updatedAt: now, updatedBy: actor.userId });
    for (const c of existing.filter((x) => wanted.has(keyOf(x)))) {
      const want = wanted.get(keyOf(c))!;
      await repo.updateCadre(w.tx, c.id, { userId: want.userId ?? null, sortOrder: want.sortOrder, updatedAt: now, updatedBy: actor.userId });
    }
    const kept = new Set(existing.map(keyOf));
    await repo.insertCadres(
      w.tx,
      [...wanted.values()].filter((c) => !kept.has(keyOf(c))).map((c) => ({ id: randomUUID(), hearingId: id, name: c.name, position: c.position, userId: c.userId ?? null, sortOrder: c.sortOrder, regionCode: row.regionCode, createdBy: actor.userId, updatedBy: actor.userId })),
    );
    await w.record({
      action: 'hearing.hearing.update',
      entityType: 'hearing',
      entityId: id,
      regionCode: row.regionCode,
      before: { ...auditableHearing(row), cadres: existing.map((c) => ({ name: c.name, position: c.position, userId: c.userId })) },
      after: { ...auditableHearing({ ...row, ...fields }), cadres: input.cadres.map((c) => ({ name: c.name, position: c.position, userId: c.userId ?? null })) },
    });
    return getHearingById(w.tx, actor, id);
  });
}

export async function startHearing(db: Db, actor: Actor, id: string): Promise<THearingDetail> {
  return onHearing(db, actor, id, 'start', async (w, row) => {
    const now = new Date();
    await repo.updateHearing(w.tx, id, { status: 'in_session', startedAt: now, updatedAt: now, updatedBy: actor.userId });
    await w.record({ action: 'hearing.hearing.start', entityType: 'hearing', entityId: id, regionCode: row.regionCode, before: { status: row.status }, after: { status: 'in_session', startedAt: now.toISOString() } });
    return getHearingById(w.tx, actor, id);
  });
}

export async function cancelHearing(db: Db, actor: Actor, id: string, input: { reason: string }): Promise<THearingDetail> {
  return onHearing(db, actor, id, 'cancel', async (w, row) => {
    const now = new Date();
    await repo.updateHearing(w.tx, id, { status: 'cancelled', cancelReason: input.reason, updatedAt: now, updatedBy: actor.userId });
    await w.record({ action: 'hearing.hearing.cancel', entityType: 'hearing', entityId: id, regionCode: row.regionCode, before: { status: row.status }, after: { status: 'cancelled', cancelReason: input.reason } });
    return getHearingById(w.tx, actor, id);
  });
}

/**
 * Ends the session and publishes the results. In the same transaction, each cadre with at least
 * `hearings.minRatings` ratings and a 不满意 share at or above `hearings.dissatisfiedSharePct`
 * raises CADRE_DISSATISFACTION in the village (handled by the township discipline officer).
 */
export async function closeHearing(db: Db, actor: Actor, id: string): Promise<THearingDetail> {
  return onHearing(db, actor, id, 'close', async (w, row) => {
    const now = new Date();
    await repo.updateHearing(w.tx, id, { status: 'closed', closedAt: now, updatedAt: now, updatedBy: actor.userId });
    const cadres = await repo.listCadres(w.tx, [id]);
    const counts = countsByCadre(await repo.ratingCountsOf(w.tx, [id]));
    await w.record({
      action: 'hearing.hearing.close',
      entityType: 'hearing',
      entityId: id,
      regionCode: row.regionCode,
      before: { status: row.status },
      after: { status: 'closed', closedAt: now.toISOString(), results: cadres.map((c) => ({ cadreId: c.id, name: c.name, ...counts.get(c.id) })) },
    });
    await raiseDissatisfaction(w, row, cadres, counts);
    return getHearingById(w.tx, actor, id);
  });
}

async function raiseDissatisfaction(w: AuditedTx, hearing: repo.HearingRow, cadres: repo.CadreRow[], counts: Map<string, TRatingCounts>) {
  const today = chinaDate();
  const minRatings = await getSetting(w.tx, MIN_RATINGS, hearing.regionCode, today);
  const sharePct = await getSetting(w.tx, DISSATISFIED_SHARE_PCT, hearing.regionCode, today);
  const village = (await getRegionInScope(w.tx, hearing.regionCode, null))?.name ?? hearing.regionCode;
  for (const c of cadres) {
    const n = counts.get(c.id);
    if (!n || !isDissatisfied(n, minRatings, sharePct)) continue;
    await raiseAlert(w, {
      rule: 'CADRE_DISSATISFACTION',
      subjectType: 'hearing_cadre',
      subjectId: c.id,
      regionCode: hearing.regionCode,
      summary: `${village}“${hearing.title}”民主评议：${c.position}${c.name}共收到评议${n.total}份，其中不满意${n.dissatisfied}份，占${Math.round((n.dissatisfiedShare ?? 0) * 100)}%，达到${sharePct}%的预警线`,
      evidence: `hearings:${hearing.id};hearing_cadres:${c.id}`,
    });
  }
}

// ---- Reports (述职述廉) ----

/** Writes (or rewrites) a cadre's report: the cadre's own account or a village manager, until the session is closed. Public at once. */
export async function writeCadreReport(db: Db, actor: Actor, id: string, cadreId: string, input: { report: string }): Promise<THearingDetail> {
  return audited(db, actor, async (w) => {
    const row = await repo.lockHearingInScope(w.tx, id, actor.regionCode);
    if (!row) throw notFound('问政会');
    const cadre = await repo.lockCadre(w.tx, id, cadreId);
    if (!cadre) throw notFound('干部');
    if (!canWriteReport(actor, cadre)) throw new AppError(ErrorCode.FORBIDDEN, { message: '述职述廉报告由干部本人或村里负责问政会的同志填写' });
    const refusal = refusalOf('report', row.status as never);
    if (refusal) throw conflict(refusal);
    const now = new Date();
    const report = maskIdNumbers(input.report);
    await repo.updateCadre(w.tx, cadreId, { report, reportPublishedAt: now, updatedAt: now, updatedBy: actor.userId });
    await w.record({ action: 'hearing.cadre.report', entityType: 'hearing_cadre', entityId: cadreId, regionCode: row.regionCode, before: { report: cadre.report }, after: { hearingId: id, report } });
    return getHearingById(w.tx, actor, id);
  });
}

// ---- Questions (staff side) ----

export async function findVillageQuestions(db: Db, actor: Actor, q: TVillageQuestionListQuery): Promise<{ data: TVillageQuestion[]; total: number }> {
  const today = chinaDate();
  const { rows, total } = await repo.findQuestions(
    db,
    {
      scopeCode: actor.regionCode, regionCode: q.regionCode, hearingId: q.hearingId, status: q.status, overdueBefore: q.overdue ? today : undefined, hidden: q.hidden,
      askedFrom: q.askedFrom, askedTo: q.askedTo, dueFrom: q.dueFrom, dueTo: q.dueTo, timeliness: q.timeliness ? { kind: q.timeliness, today } : undefined,
    },
    { offset: (q.current - 1) * q.pageSize, limit: q.pageSize },
  );
  return { data: rows.map((r) => presentQuestion(r, today, 'staff')), total };
}

async function loadQuestion(db: DbOrTx, id: string, audience: Audience): Promise<TVillageQuestion> {
  const row = await repo.getQuestion(db, id);
  if (!row) throw notFound('问题');
  return presentQuestion(row, chinaDate(), audience);
}

/** Answers a question in public, once, with the answerer's name. Ends its QUESTION_OVERDUE. */
export async function answerVillageQuestion(db: Db, actor: Actor, id: string, input: { answer: string }): Promise<TVillageQuestion> {
  return audited(db, actor, async (w) => {
    const q = await repo.lockQuestionInScope(w.tx, id, actor.regionCode);
    if (!q) throw notFound('问题');
    if (q.status === 'answered') throw conflict('该问题已答复，答复已公开，不能修改');
    if (q.status === 'hidden') throw conflict('该问题已被屏蔽，不能答复');
    const now = new Date();
    const answer = maskIdNumbers(input.answer);
    await repo.updateQuestion(w.tx, id, { status: 'answered', answer, answeredAt: now, answeredBy: actor.userId, updatedAt: now, updatedBy: actor.userId });
    await w.record({ action: 'hearing.question.answer', entityType: 'village_question', entityId: id, regionCode: q.regionCode, before: { status: q.status, answer: null }, after: { status: 'answered', answer } });
    await resolveAlertByData(w, { rule: 'QUESTION_OVERDUE', subjectType: 'village_question', subjectId: id });
    return loadQuestion(w.tx, id, 'staff');
  });
}

/** Hides an abusive question from the portal with a reason (kept, never deleted). Ends its QUESTION_OVERDUE. */
export async function hideVillageQuestion(db: Db, actor: Actor, id: string, input: { reason: string }): Promise<TVillageQuestion> {
  return audited(db, actor, async (w) => {
    const q = await repo.lockQuestionInScope(w.tx, id, actor.regionCode);
    if (!q) throw notFound('问题');
    if (q.status === 'hidden') throw conflict('该问题已被屏蔽');
    const now = new Date();
    await repo.updateQuestion(w.tx, id, { status: 'hidden', hideReason: input.reason, updatedAt: now, updatedBy: actor.userId });
    await w.record({ action: 'hearing.question.hide', entityType: 'village_question', entityId: id, regionCode: q.regionCode, before: { status: q.status }, after: { status: 'hidden', hideReason: input.reason } });
    await resolveAlertByData(w, { rule: 'QUESTION_OVERDUE', subjectType: 'village_question', subjectId: id });
    return loadQuestion(w.tx, id, 'staff');
  });
}

// ---- Ratings (staff side) ----

export async function findRatingComments(db: Db, actor: Actor, id: string) {
  const row = await repo.getHearingInScope(db, id, actor.regionCode);
  if (!row) throw notFound('问政会');
  const rows = await repo.ratingComments(db, id);
  return rows.map((r) => ({ cadreId: r.cadreId, cadreName: r.cadreName, level: r.level as TSatisfactionLevel, comment: r.comment!, createdAt: r.createdAt.toISOString() }));
}

// ---- The daily sweep ----

/**
 * QUESTION_OVERDUE for every open villager's question past its due date (subject type
 * `village_question`); the village secretary is told once, when the alert is new. Answering or
 * hiding the question marks the alert resolved by data. Returns how many alerts were new.
 */
export async function sweepOverdueQuestions(db: Db, actor: Actor, today = chinaDate()): Promise<number> {
  let raisedNew = 0;
  for (const { question: q, villageName, hearingTitle } of await repo.findOverdueQuestions(db, today)) {
    await audited(db, actor, async (w) => {
      const where = hearingTitle ? `在“${hearingTitle}”上` : '通过“我要提问”';
      const raised = await raiseAlert(w, {
        rule: 'QUESTION_OVERDUE',
        subjectType: 'village_question',
        subjectId: q.id,
        regionCode: q.regionCode,
        summary: `${villageName ?? q.regionCode}村民${where}提出的问题应于${q.dueOn}前答复，至今未答复`,
        evidence: q.hearingId ? `hearings:${q.hearingId};village_questions:${q.id}` : `village_questions:${q.id}`,
      });
      if (raised.change === 'seen') return;
      raisedNew++;
      await notifyRole(w, {
        regionCode: q.regionCode,
        roles: ['village_secretary'],
        kind: 'overdue',
        title: '村民提问答复逾期',
        body: `村民提出的问题应于 ${q.dueOn} 前答复，请尽快公开答复。`,
        link: '/village-questions?overdue=true',
        entityType: 'village_question',
        entityId: q.id,
      });
    });
  }
  return raisedNew;
}
