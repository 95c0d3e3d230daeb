import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@mpw/db';
import {
  regionLevelOf,
  type TCreateDecisionRequest,
  type TDecision,
  type TDecisionListQuery,
  type TPublicDecision,
  type TRecordDecisionStageRequest,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound, validationError } from '../../lib/errors.js';
import { chinaDate } from '../../lib/time.js';
import { dayNumber } from '../../lib/calendar/dates.js';
import { audited, type AuditedTx } from '../audit/audit.log.js';
import { raiseAlert } from '../alerts/alerts.service.js';
import { lateRecordAlert } from '../alerts/rules/decisions.js';
import { getPublicVillage, getRegionInScope } from '../regions/regions.repository.js';
import { getSetting, districtOf } from '../settings/settings.service.js';
import * as repo from './decisions.repository.js';
import { LATE_RECORD_DAYS, MAJOR_MATTER_THRESHOLD_FEN } from './decisions.settings.js';
import { meetingOutcome, orderProblem, stageInputProblems, statusAfter, type Problem } from './decisions.policy.js';
import { auditableStage, inStageOrder, presentDecision, presentPublicDecision } from './decisions.presenter.js';

/**
 * Where a write goes: the database (the function opens its own audited transaction) or an
 * audited transaction another module already holds (e.g. matters creating a decision for a
 * matter), so both commit or roll back together.
 */
export type WriteTarget = Db | AuditedTx;

const isAuditedTx = (t: WriteTarget): t is AuditedTx => typeof (t as AuditedTx).record === 'function';

function inAudited<T>(target: WriteTarget, actor: Actor, work: (w: AuditedTx) => Promise<T>): Promise<T> {
  return isAuditedTx(target) ? work(target) : audited(target, actor, work);
}

function invalid(problems: Problem[]): AppError {
  return new AppError(ErrorCode.VALIDATION_FAILED, { message: `输入有误：${problems.map((p) => `${p.path}: ${p.message}`).join('；')}`, details: problems });
}

/** The district's major-matter amount for each region, read once per district. */
function thresholdsOf(db: DbOrTx) {
  const cache = new Map<string, Promise<number>>();
  return (regionCode: string) => {
    const district = districtOf(regionCode);
    if (!cache.has(district)) cache.set(district, getSetting(db, MAJOR_MATTER_THRESHOLD_FEN, district));
    return cache.get(district)!;
  };
}

async function loadDecision(db: DbOrTx, actor: Actor, id: string): Promise<TDecision> {
  const row = await repo.getDecisionInScope(db, id, actor.regionCode);
  if (!row) throw notFound('决策');
  return presentDecision(row, await repo.listStages(db, [id]), await thresholdsOf(db)(row.regionCode));
}

export async function getDecisionById(db: DbOrTx, actor: Actor, id: string): Promise<TDecision> {
  return loadDecision(db, actor, id);
}

export async function findDecisions(db: Db, actor: Actor, q: TDecisionListQuery): Promise<{ data: TDecision[]; total: number }> {
  const { rows, total } = await repo.findDecisions(
    db,
    { scopeCode: actor.regionCode, regionCode: q.regionCode, status: q.status, q: q.q, createdFrom: q.createdFrom, createdTo: q.createdTo },
    { offset: (q.current - 1) * q.pageSize, limit: q.pageSize },
  );
  const stages = await repo.listStages(db, rows.map((r) => r.id));
  const threshold = thresholdsOf(db);
  const data = await Promise.all(rows.map(async (r) => presentDecision(r, stages.filter((s) => s.decisionId === r.id), await threshold(r.regionCode))));
  return { data, total };
}

/**
 * Starts a decision in a village: numbered `<village>-<year>-NNNN` (year in China time).
 * A village account may leave out `regionCode`. Callers passing an AuditedTx should call
 * this before their own first `w.record()` (see docs/decisions.md, "Calling from another module").
 */
export async function createDecision(target: WriteTarget, actor: Actor, input: TCreateDecisionRequest): Promise<TDecision> {
  const regionCode = input.regionCode ?? (actor.regionCode && regionLevelOf(actor.regionCode) === 'village' ? actor.regionCode : null);
  if (!regionCode) throw validationError('regionCode', '请选择决策所属的村');
  if (regionLevelOf(regionCode) !== 'village') throw validationError('regionCode', '决策只能属于一个村（12位村级区划代码）');
  return inAudited(target, actor, async (w) => {
    const village = await getRegionInScope(w.tx, regionCode, actor.regionCode);
    if (!village || village.level !== 'village') throw notFound('村庄');
    const id = randomUUID();
    const decisionNo = await repo.nextDecisionNo(w.tx, regionCode, chinaDate().slice(0, 4));
    const row = {
      id,
      decisionNo,
      title: input.title.trim(),
      amountFen: input.amountFen ?? null,
      matterId: input.matterId ?? null,
      status: 'in_progress' as const,
      regionCode,
      createdBy: actor.userId,
      updatedBy: actor.userId,
    };
    await repo.insertDecision(w.tx, row);
    await w.record({
      action: 'decision.decision.create',
      entityType: 'decision',
      entityId: id,
      regionCode,
      after: { decisionNo, title: row.title, amountFen: row.amountFen, matterId: row.matterId, status: row.status },
    });
    return loadDecision(w.tx, actor, id);
  });
}

/**
 * Records one stage of 四议两公开. Refused (409) out of order, twice, or after a failed
 * meeting; refused (400, naming the field) when the minutes do not add up or the date is in
 * the future or before the previous stage. A voting meeting that misses its quorum or majority
 * is recorded with outcome 'failed' and its reason, and the decision fails. A stage recorded
 * more than `decisions.lateRecordDays` after it was held is marked late and raises LATE_RECORD.
 * `recordedAt` is the server's clock. Same AuditedTx rule as createDecision.
 */
export async function recordStage(target: WriteTarget, actor: Actor, decisionId: string, input: TRecordDecisionStageRequest): Promise<TDecision> {
  return inAudited(target, actor, async (w) => {
    const decision = await repo.lockDecisionInScope(w.tx, decisionId, actor.regionCode);
    if (!decision) throw notFound('决策');
    const stages = inStageOrder(await repo.listStages(w.tx, [decisionId]));
    const conflict = orderProblem(decision.status, stages.map((s) => s.stage), input.stage);
    if (conflict) throw new AppError(ErrorCode.CONFLICT, { message: conflict, details: [{ path: 'stage', message: conflict }] });

    const recordedAt = new Date();
    const today = chinaDate(recordedAt);
    const previous = stages.at(-1) ?? null;
    const problems = stageInputProblems(input, { today, previous });
    if (problems.length) throw invalid(problems);

    const result = meetingOutcome(input.stage, input.body, { eligible: input.eligible ?? 0, attendees: input.attendees ?? 0, votesFor: input.votesFor ?? 0 });
    // Calendar days from the meeting to the China date of the record (data-exchange.md, LATE_RECORD).
    const lateDays = dayNumber(today) - dayNumber(input.heldOn);
    const lateRecordDays = await getSetting(w.tx, LATE_RECORD_DAYS, decision.regionCode, today);
    const isLate = lateDays > lateRecordDays;
    const stage = {
      id: randomUUID(),
      decisionId,
      stage: input.stage,
      body: input.body ?? null,
      heldOn: input.heldOn,
      place: input.place ?? null,
      chair: input.chair ?? null,
      recorder: input.recorder ?? null,
      eligible: input.eligible ?? null,
      attendees: input.attendees ?? null,
      votesFor: input.votesFor ?? null,
      votesAgainst: input.votesAgainst ?? null,
      abstentions: input.abstentions ?? null,
      minutes: input.minutes ?? null,
      recordedAt,
      isLate,
      outcome: result?.outcome ?? null,
      outcomeReason: result?.reason ?? null,
      regionCode: decision.regionCode,
      createdBy: actor.userId,
      updatedBy: actor.userId,
    };
    await repo.insertStage(w.tx, stage);
    const status = statusAfter(decision.status, input.stage, stage.outcome);
    if (status !== decision.status) await repo.updateDecision(w.tx, decisionId, { status, updatedAt: recordedAt, updatedBy: actor.userId });
    await w.record({
      action: 'decision.stage.record',
      entityType: 'decision',
      entityId: decisionId,
      regionCode: decision.regionCode,
      before: { status: decision.status },
      after: { decisionNo: decision.decisionNo, status, ...auditableStage(stage) },
    });
    if (isLate) await raiseLateRecord(w, decision, [...stages, stage], lateRecordDays);
    return loadDecision(w.tx, actor, decisionId);
  });
}

/**
 * One LATE_RECORD alert per decision; its evidence lists every late stage (decisions.csv key:
 * decision_id/stage). Lateness is judged with the setting in force now, as the alert sweep
 * judges it, and the text is the sweep's (lateRecordAlert), so a later sweep sees the same alert.
 */
export async function raiseLateRecord(w: AuditedTx, decision: repo.DecisionRow, stages: Pick<repo.StageRow, 'stage' | 'heldOn' | 'recordedAt'>[], lateDays: number) {
  const late = stages
    .map((s) => {
      const recordedOn = chinaDate(s.recordedAt);
      return { stage: s.stage, heldOn: s.heldOn, recordedOn, daysLate: dayNumber(recordedOn) - dayNumber(s.heldOn) };
    })
    .filter((s) => s.daysLate > lateDays);
  const { summary, evidence } = lateRecordAlert(decision, late);
  await raiseAlert(w, {
    rule: 'LATE_RECORD',
    subjectType: 'decision',
    subjectId: decision.decisionNo,
    regionCode: decision.regionCode,
    summary,
    evidence,
  });
}

export async function findPublicDecisions(db: Db, q: { village: string; current: number; pageSize: number }): Promise<{ data: TPublicDecision[]; total: number }> {
  if (!(await getPublicVillage(db, q.village))) throw notFound('村庄');
  const { rows, total } = await repo.findPublicDecisions(db, q.village, { offset: (q.current - 1) * q.pageSize, limit: q.pageSize });
  const stages = await repo.listStages(db, rows.map((r) => r.id));
  return { data: rows.map((r) => presentPublicDecision(r, stages.filter((s) => s.decisionId === r.id))), total };
}

export async function getPublicDecision(db: Db, id: string): Promise<TPublicDecision> {
  const row = await repo.getPublicDecision(db, id);
  if (!row) throw notFound('决策');
  return presentPublicDecision(row, await repo.listStages(db, [id]));
}
