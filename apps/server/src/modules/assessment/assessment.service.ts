import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@mpw/db';
import {
  isWithinRegion,
  regionLevelOf,
  type TAssessmentIndicatorKind,
  type TAssessmentResult,
  type TAssessmentScheme,
  type TAssessmentSchemeRequest,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound, validationError } from '../../lib/errors.js';
import { chinaDate } from '../../lib/time.js';
import { audited } from '../audit/audit.log.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import { defaultSchemeTemplate, linkOf, periodRange, scoreIndicator, totalOf, type IndicatorCounts, type PeriodRange } from './assessment.policy.js';
import { presentResult, presentScheme } from './assessment.presenter.js';
import * as repo from './assessment.repository.js';

const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, { message });
const NO_COUNTS: IndicatorCounts = { records: 0, good: 0, answers: 0, points: 0 };

/** Schemes are made, changed, computed, adjusted and locked by the district alone. */
function requireDistrict(actor: Actor, what: string) {
  if (actor.regionCode !== null && regionLevelOf(actor.regionCode) !== 'district') throw new AppError(ErrorCode.FORBIDDEN, { message: `只有区级可以${what}` });
}

// ---- Schemes ----

export function getSchemeTemplate(): Omit<TAssessmentSchemeRequest, 'regionCode'> {
  return defaultSchemeTemplate();
}

export async function findSchemes(db: Db, actor: Actor, q: { current: number; pageSize: number; status?: string }): Promise<{ data: TAssessmentScheme[]; total: number }> {
  const { rows, total } = await repo.findSchemes(db, { scopeCode: actor.regionCode, status: q.status }, { offset: (q.current - 1) * q.pageSize, limit: q.pageSize });
  return { data: rows.map(presentScheme), total };
}

export async function getSchemeById(db: DbOrTx, actor: Actor, id: string): Promise<TAssessmentScheme> {
  const s = await repo.getScheme(db, id, actor.regionCode);
  if (!s) throw notFound('考核方案');
  return presentScheme(s);
}

export async function createScheme(db: Db, actor: Actor, input: TAssessmentSchemeRequest): Promise<TAssessmentScheme> {
  requireDistrict(actor, '制定考核方案');
  const id = randomUUID();
  await audited(db, actor, async (w) => {
    if (!(await getRegionInScope(w.tx, input.regionCode, actor.regionCode))) throw notFound('区划');
    if (regionLevelOf(input.regionCode) !== 'district') throw validationError('regionCode', '考核方案须由区制定，请选择区');
    const row = { id, ...fieldsOf(input), status: 'draft', regionCode: input.regionCode, createdBy: actor.userId, updatedBy: actor.userId };
    await repo.insertScheme(w.tx, row);
    await w.record({ action: 'assessment.scheme.create', entityType: 'assessment_scheme', entityId: id, regionCode: input.regionCode, after: { ...fieldsOf(input), status: 'draft' } });
  });
  return getSchemeById(db, actor, id);
}

const fieldsOf = (input: TAssessmentSchemeRequest) => ({ name: input.name, targetLevel: input.targetLevel, periodKind: input.periodKind, indicators: input.indicators });

/** A draft may be changed freely; an active or retired scheme is fixed (its results rest on it). */
export async function updateScheme(db: Db, actor: Actor, id: string, input: TAssessmentSchemeRequest): Promise<TAssessmentScheme> {
  requireDistrict(actor, '修改考核方案');
  await audited(db, actor, async (w) => {
    const s = await repo.lockScheme(w.tx, id, actor.regionCode);
    if (!s) throw notFound('考核方案');
    if (s.status !== 'draft') throw conflict('只有草稿状态的方案可以修改');
    if (input.regionCode !== s.regionCode) throw validationError('regionCode', '方案所属的区不能更改');
    await repo.updateScheme(w.tx, id, { ...fieldsOf(input), updatedBy: actor.userId, updatedAt: new Date() });
    await w.record({ action: 'assessment.scheme.update', entityType: 'assessment_scheme', entityId: id, regionCode: s.regionCode, before: { name: s.name, targetLevel: s.targetLevel, periodKind: s.periodKind, indicators: s.indicators }, after: fieldsOf(input) });
  });
  return getSchemeById(db, actor, id);
}

const TRANSITIONS = { activate: { from: 'draft', to: 'active', refusal: '只有草稿状态的方案可以启用' }, retire: { from: 'active', to: 'retired', refusal: '只有启用中的方案可以停用' } } as const;

export async function changeSchemeStatus(db: Db, actor: Actor, id: string, action: keyof typeof TRANSITIONS): Promise<TAssessmentScheme> {
  requireDistrict(actor, action === 'activate' ? '启用考核方案' : '停用考核方案');
  const t = TRANSITIONS[action];
  await audited(db, actor, async (w) => {
    const s = await repo.lockScheme(w.tx, id, actor.regionCode);
    if (!s) throw notFound('考核方案');
    if (s.status !== t.from) throw conflict(t.refusal);
    await repo.updateScheme(w.tx, id, { status: t.to, updatedBy: actor.userId, updatedAt: new Date() });
    await w.record({ action: `assessment.scheme.${action}`, entityType: 'assessment_scheme', entityId: id, regionCode: s.regionCode, before: { status: s.status }, after: { status: t.to } });
  });
  return getSchemeById(db, actor, id);
}

// ---- Computing ----

function rangeOf(s: repo.SchemeRow, period: string, today: string): PeriodRange {
  const range = periodRange(period, s.periodKind as 'quarter' | 'year');
  if (!range) throw validationError('period', s.periodKind === 'quarter' ? '该方案按季度考核，考核期格式应为 2026-Q3' : '该方案按年度考核，考核期格式应为 2026');
  if (range.from > today) throw validationError('period', '考核期尚未开始');
  return range;
}

/**
 * Computes every unit of the scheme's level in its district for a period, from the records: one
 * set-based count per indicator, then each unit's points, coverage and explanation. Replaces the
 * period's results (an adjustment stays beside the new computed score) and ranks them. A locked
 * period is refused.
 */
export async function computeResults(db: Db, actor: Actor, schemeId: string, period: string, today = chinaDate()): Promise<{ data: TAssessmentResult[]; total: number; locked: boolean }> {
  requireDistrict(actor, '计算考核结果');
  await audited(db, actor, async (w) => {
    const s = await repo.lockScheme(w.tx, schemeId, actor.regionCode);
    if (!s) throw notFound('考核方案');
    if (s.status !== 'active') throw conflict('方案未启用，不能计算考核结果');
    const range = rangeOf(s, period, today);
    if (await repo.isLocked(w.tx, schemeId, period)) throw conflict('该考核期已锁定，不能重新计算');
    const level = s.targetLevel as 'township' | 'village';
    const asOf = range.to < today ? range.to : today;
    const ctx: repo.CountContext = { district: s.regionCode, level, from: range.from, asOf, today, quarters: range.quarters };
    const indicators = s.indicators as TAssessmentScheme['indicators'];
    // One count per kind and parameters (two indicators of one kind with the same parameters share it).
    const keyOf = (i: TAssessmentScheme['indicators'][number]) => `${i.kind}:${i.maxAgeMonths ?? ''}`;
    const counts = new Map<string, Map<string, IndicatorCounts>>();
    for (const ind of indicators) if (!counts.has(keyOf(ind))) counts.set(keyOf(ind), await repo.indicatorCounts(w.tx, ind.kind, ctx, { maxAgeMonths: ind.maxAgeMonths }));
    const units = await repo.unitsOf(w.tx, s.regionCode, level);
    const now = new Date();
    const rows = units.map((u) => {
      const items = indicators.map((ind) => scoreIndicator(ind, counts.get(keyOf(ind))!.get(u.code) ?? NO_COUNTS, linkOf(ind.kind, u.code, range, asOf)));
      const { score, coverage } = totalOf(items);
      return {
        id: randomUUID(), schemeId, period, regionCode: u.code, computedScore: score.toFixed(2), items, coverage: coverage.toFixed(3), computedAt: now,
        createdBy: actor.userId, updatedBy: actor.userId, updatedAt: now,
      };
    });
    await repo.upsertResults(w.tx, rows);
    await repo.retireResultsExcept(w.tx, schemeId, period, units.map((u) => u.code), actor.userId);
    await repo.rerank(w.tx, schemeId, period);
    await w.record({
      action: 'assessment.result.compute', entityType: 'assessment_scheme', entityId: schemeId, regionCode: s.regionCode,
      after: { period, from: range.from, asOf, results: rows.map((r) => ({ regionCode: r.regionCode, computedScore: Number(r.computedScore), coverage: Number(r.coverage) })) },
    });
  });
  return findResults(db, actor, schemeId, period, {});
}

// ---- Reading, adjusting, locking ----

export async function findResults(db: DbOrTx, actor: Actor, schemeId: string, period: string, q: { regionCode?: string }): Promise<{ data: TAssessmentResult[]; total: number; locked: boolean }> {
  const s = await repo.getScheme(db, schemeId, actor.regionCode);
  if (!s) throw notFound('考核方案');
  rangeOf(s, period, '9999-12-31');
  if (q.regionCode && actor.regionCode && !isWithinRegion(q.regionCode, actor.regionCode)) throw notFound('区划');
  const locked = await repo.isLocked(db, schemeId, period);
  const rows = await repo.resultsOf(db, schemeId, period, actor.regionCode, q.regionCode);
  return { data: rows.map((r) => presentResult(r, locked)), total: rows.length, locked };
}

/** 调整: the district sets a final score with a reason; the computed score and its explanation stay. */
export async function adjustResult(db: Db, actor: Actor, id: string, input: { score: number; reason: string }): Promise<TAssessmentResult> {
  requireDistrict(actor, '调整考核结果');
  let schemeId = '';
  let period = '';
  await audited(db, actor, async (w) => {
    const r = await repo.lockResult(w.tx, id, actor.regionCode);
    if (!r || !(await repo.getScheme(w.tx, r.schemeId, actor.regionCode))) throw notFound('考核结果');
    if (await repo.isLocked(w.tx, r.schemeId, r.period)) throw conflict('该考核期已锁定，不能调整');
    schemeId = r.schemeId;
    period = r.period;
    const adjustedScore = input.score.toFixed(2);
    await repo.updateResult(w.tx, id, { adjustedScore, adjustmentReason: input.reason, updatedBy: actor.userId, updatedAt: new Date() });
    await repo.rerank(w.tx, r.schemeId, r.period);
    await w.record({
      action: 'assessment.result.adjust', entityType: 'assessment_result', entityId: id, regionCode: r.regionCode,
      before: { computedScore: Number(r.computedScore), adjustedScore: r.adjustedScore === null ? null : Number(r.adjustedScore), adjustmentReason: r.adjustmentReason },
      after: { computedScore: Number(r.computedScore), adjustedScore: Number(adjustedScore), adjustmentReason: input.reason },
    });
  });
  const view = await repo.getResultView(db, id);
  return presentResult(view!, await repo.isLocked(db, schemeId, period));
}

/** 锁定: the period's results become final; computing and adjusting are refused afterwards. */
export async function lockPeriod(db: Db, actor: Actor, schemeId: string, period: string): Promise<{ data: TAssessmentResult[]; total: number; locked: boolean }> {
  requireDistrict(actor, '锁定考核结果');
  await audited(db, actor, async (w) => {
    const s = await repo.lockScheme(w.tx, schemeId, actor.regionCode);
    if (!s) throw notFound('考核方案');
    rangeOf(s, period, '9999-12-31');
    const results = await repo.resultsOf(w.tx, schemeId, period, null);
    if (results.length === 0) throw conflict('该考核期尚未计算结果，不能锁定');
    const id = randomUUID();
    if (!(await repo.insertLock(w.tx, { id, schemeId, period, lockedAt: new Date(), lockedBy: actor.userId, regionCode: s.regionCode, createdBy: actor.userId, updatedBy: actor.userId })))
      throw conflict('该考核期已锁定');
    await w.record({
      action: 'assessment.period.lock', entityType: 'assessment_lock', entityId: id, regionCode: s.regionCode,
      after: { schemeId, period, results: results.map((r) => ({ regionCode: r.regionCode, finalScore: Number(r.adjustedScore ?? r.computedScore), rank: r.rank })) },
    });
  });
  return findResults(db, actor, schemeId, period, {});
}
