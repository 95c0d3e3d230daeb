import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@mpw/db';
import {
  DEFAULT_CHECKLISTS,
  hasPermission,
  isWithinRegion,
  regionLevelOf,
  type TChecklistArea,
  type TFinding,
  type TFindingListQuery,
  type TFindingRequest,
  type TInspectionPlan,
  type TInspectionPlanListQuery,
  type TInspectionPlanRequest,
  type TRole,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound, validationError } from '../../lib/errors.js';
import { audited, type AuditedTx } from '../audit/audit.log.js';
import { registerAttachmentTarget } from '../attachments/attachments.targets.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import { canWritePlan, planKindRefusal, planVisibleTo } from './inspections.policy.js';
import { auditablePlan, presentFinding, presentPlan } from './inspections.presenter.js';
import * as repo from './inspections.repository.js';
import { resolveProblemSource } from './problem-sources.js';

const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, { message });
const forbidden = (message: string) => new AppError(ErrorCode.FORBIDDEN, { message });
const pageOf = (q: { current: number; pageSize: number }) => ({ offset: (q.current - 1) * q.pageSize, limit: q.pageSize });

// ---- Plans (检查计划) ----

/** A plan read from below its issuing unit lists only the villages of the reader's own region. */
function scopeSeenBy(actor: Actor, p: repo.PlanView): string[] {
  const own = actor.regionCode;
  if (!own || isWithinRegion(p.regionCode, own)) return p.scopeRegionCodes;
  return p.scopeRegionCodes.filter((c) => isWithinRegion(c, own));
}

async function planOut(db: DbOrTx, actor: Actor, p: repo.PlanView): Promise<TInspectionPlan> {
  const seen = { ...p, scopeRegionCodes: scopeSeenBy(actor, p) };
  const names = await repo.regionNames(db, seen.scopeRegionCodes);
  const team = await repo.usersByIds(db, p.teamUserIds);
  return presentPlan(seen, names, team);
}

export async function getPlanById(db: DbOrTx, actor: Actor, id: string): Promise<TInspectionPlan> {
  const p = await repo.getPlan(db, id, planVisibleTo(actor));
  if (!p) throw notFound('检查计划');
  return planOut(db, actor, p);
}

export async function findPlans(db: Db, actor: Actor, q: TInspectionPlanListQuery): Promise<{ data: TInspectionPlan[]; total: number }> {
  const { rows, total } = await repo.findPlans(db, { visible: planVisibleTo(actor), kind: q.kind, status: q.status, year: q.year, regionCode: q.regionCode, q: q.q }, pageOf(q));
  return { data: await Promise.all(rows.map((p) => planOut(db, actor, p))), total };
}

/** The checked fields of a plan request: scope inside the issuing unit, a team of its accounts, a checklist. */
async function planFields(tx: DbOrTx, issuer: string, input: TInspectionPlanRequest) {
  if (input.endsOn < input.startsOn) throw validationError('endsOn', '结束日期不能早于开始日期');
  const refusal = planKindRefusal(input.kind, issuer);
  if (refusal) throw validationError('kind', refusal);
  const scope = [...new Set(input.scopeRegionCodes)];
  const live = await repo.liveRegionCodes(tx, scope);
  scope.forEach((code) => {
    const i = input.scopeRegionCodes.indexOf(code);
    if (regionLevelOf(code) !== 'village') throw validationError(`scopeRegionCodes.${i}`, '检查范围应为村（社区）');
    if (!isWithinRegion(code, issuer) || !live.has(code)) throw validationError(`scopeRegionCodes.${i}`, '该村不存在或不在制定单位的管辖范围内');
  });
  const team = [...new Set(input.teamUserIds)];
  const found = new Map((await repo.usersByIds(tx, team)).map((u) => [u.id, u]));
  team.forEach((id) => {
    const u = found.get(id);
    const i = input.teamUserIds.indexOf(id);
    if (!u || u.status !== 'active' || u.isMachine || !u.regionCode || !isWithinRegion(u.regionCode, issuer) || !hasPermission(u.roles as TRole[], 'inspection:plan:read')) {
      throw validationError(`teamUserIds.${i}`, '检查组成员须为制定单位管辖范围内在用的、可查看检查计划的工作人员账号');
    }
  });
  const focusAreas = [...new Set(input.focusAreas)];
  const checklist: TChecklistArea[] = input.checklist ?? focusAreas.map((area) => ({ area, items: DEFAULT_CHECKLISTS[area] }));
  checklist.forEach((a, i) => {
    if (!focusAreas.includes(a.area)) throw validationError(`checklist.${i}.area`, '检查清单的重点应在所选检查重点之内');
  });
  return { title: input.title, kind: input.kind, startsOn: input.startsOn, endsOn: input.endsOn, scopeRegionCodes: scope, focusAreas, methods: [...new Set(input.methods)], checklist, teamUserIds: team };
}

/** 制定检查计划: a district special inspection or a township monthly self-check, as a draft. */
export async function createPlan(db: Db, actor: Actor, input: TInspectionPlanRequest): Promise<TInspectionPlan> {
  const issuer = input.regionCode ?? actor.regionCode;
  if (!issuer) throw validationError('regionCode', '请选择制定单位');
  const id = randomUUID();
  await audited(db, actor, async (w) => {
    if (!(await getRegionInScope(w.tx, issuer, actor.regionCode))) throw notFound('制定单位');
    const fields = await planFields(w.tx, issuer, input);
    const row = { id, ...fields, status: 'draft', regionCode: issuer, createdBy: actor.userId, updatedBy: actor.userId };
    await repo.insertPlan(w.tx, row);
    await w.record({ action: 'inspection.plan.create', entityType: 'inspection_plan', entityId: id, regionCode: issuer, after: auditablePlan(row) });
  });
  return getPlanById(db, actor, id);
}

async function onPlan(db: Db, actor: Actor, id: string, work: (w: AuditedTx, p: repo.PlanRow) => Promise<void>): Promise<TInspectionPlan> {
  await audited(db, actor, async (w) => {
    const p = await repo.lockPlan(w.tx, id, planVisibleTo(actor));
    if (!p) throw notFound('检查计划');
    if (!canWritePlan(actor, p)) throw forbidden('只有制定单位可以修改检查计划');
    await work(w, p);
  });
  return getPlanById(db, actor, id);
}

/** Changes a draft plan (the issuing unit stays). */
export function updatePlan(db: Db, actor: Actor, id: string, input: TInspectionPlanRequest): Promise<TInspectionPlan> {
  return onPlan(db, actor, id, async (w, p) => {
    if (p.status !== 'draft') throw conflict('只有草稿状态的检查计划可以修改');
    if (input.regionCode && input.regionCode !== p.regionCode) throw validationError('regionCode', '不能更改检查计划的制定单位');
    const fields = await planFields(w.tx, p.regionCode, input);
    await repo.updatePlan(w.tx, id, { ...fields, updatedAt: new Date(), updatedBy: actor.userId });
    await w.record({ action: 'inspection.plan.update', entityType: 'inspection_plan', entityId: id, regionCode: p.regionCode, before: auditablePlan(p), after: auditablePlan({ ...p, ...fields }) });
  });
}

/** draft → active (开始检查), active → completed (检查结束). */
export function movePlan(db: Db, actor: Actor, id: string, to: 'active' | 'completed'): Promise<TInspectionPlan> {
  return onPlan(db, actor, id, async (w, p) => {
    const from = to === 'active' ? 'draft' : 'active';
    if (p.status !== from) throw conflict(to === 'active' ? '只有草稿状态的检查计划可以开始' : '只有进行中的检查计划可以结束');
    await repo.updatePlan(w.tx, id, { status: to, updatedAt: new Date(), updatedBy: actor.userId });
    await w.record({ action: `inspection.plan.${to === 'active' ? 'activate' : 'complete'}`, entityType: 'inspection_plan', entityId: id, regionCode: p.regionCode, before: { status: p.status }, after: { status: to } });
  });
}

// ---- Findings (检查发现的问题) ----

export async function getFindingById(db: DbOrTx, actor: Actor, id: string): Promise<TFinding> {
  const f = await repo.getFinding(db, id, actor.regionCode);
  if (!f) throw notFound('问题');
  return presentFinding(f);
}

export async function findFindings(db: Db, actor: Actor, q: TFindingListQuery): Promise<{ data: TFinding[]; total: number }> {
  const { rows, total } = await repo.findFindings(db, { scopeCode: actor.regionCode, planId: q.planId, regionCode: q.regionCode, status: q.status, focusArea: q.focusArea, sourceType: q.sourceType }, pageOf(q));
  return { data: rows.map(presentFinding), total };
}

/**
 * 登记问题: in a village, under an active plan whose scope includes it, or straight from an alert,
 * a report or another source the actor can see (the village then comes from that record). Evidence
 * files are uploaded to the finding afterwards (attachment entity 'inspection_finding').
 */
export async function createFinding(db: Db, actor: Actor, input: TFindingRequest): Promise<TFinding> {
  if (input.attachmentIds.length) throw validationError('attachmentIds.0', '请先登记问题，再把证据材料上传到该问题');
  if (input.sourceType === 'finding') throw validationError('sourceType', '问题来源不能是另一个检查发现的问题');
  const id = randomUUID();
  await audited(db, actor, async (w) => {
    const source = await resolveProblemSource(w.tx, actor, input.sourceType, input.sourceId, 'sourceId');
    if (source.regionCode && input.regionCode && source.regionCode !== input.regionCode) throw validationError('regionCode', '问题所在村与问题来源记录的村不一致');
    const regionCode = input.regionCode ?? source.regionCode;
    if (!regionCode) throw validationError('regionCode', '请选择问题所在的村');
    if (regionLevelOf(regionCode) !== 'village') throw validationError('regionCode', '问题所在地应为村（社区）');
    if (!(await getRegionInScope(w.tx, regionCode, actor.regionCode))) throw notFound('区划');
    let checklist: TChecklistArea[] | null = null;
    if (input.planId) {
      const plan = await repo.lockPlan(w.tx, input.planId, planVisibleTo(actor));
      if (!plan) throw validationError('planId', '检查计划不存在或不在您的管辖范围内');
      if (plan.status !== 'active') throw validationError('planId', '只能在进行中的检查计划下登记问题');
      if (!plan.scopeRegionCodes.includes(regionCode)) throw validationError('regionCode', '该村不在检查计划的检查范围内');
      if (!plan.focusAreas.includes(input.focusArea)) throw validationError('focusArea', '该检查重点不在检查计划之内');
      checklist = plan.checklist as TChecklistArea[];
    }
    if (input.checklistKey) {
      const items = (checklist ?? [{ area: input.focusArea, items: DEFAULT_CHECKLISTS[input.focusArea] }]).find((a) => a.area === input.focusArea)?.items ?? [];
      if (!items.some((i) => i.key === input.checklistKey)) throw validationError('checklistKey', '检查清单中没有该检查项');
    }
    const row = {
      id, planId: input.planId ?? null, focusArea: input.focusArea, checklistKey: input.checklistKey ?? null, description: input.description,
      sourceType: source.type, sourceId: source.id, status: 'open', regionCode, createdBy: actor.userId, updatedBy: actor.userId,
    };
    await repo.insertFinding(w.tx, row);
    await w.record({ action: 'inspection.finding.create', entityType: 'inspection_finding', entityId: id, regionCode, after: { planId: row.planId, focusArea: row.focusArea, checklistKey: row.checklistKey, sourceType: row.sourceType, sourceId: row.sourceId, status: 'open' } });
  });
  return getFindingById(db, actor, id);
}

/** 经核实无问题: an open finding is dismissed with the reason. */
export async function dismissFinding(db: Db, actor: Actor, id: string, input: { reason: string }): Promise<TFinding> {
  await audited(db, actor, async (w) => {
    const f = await repo.lockFinding(w.tx, id, actor.regionCode);
    if (!f) throw notFound('问题');
    if (f.status !== 'open') throw conflict('只有待处理的问题可以核实为无问题');
    await repo.updateFinding(w.tx, id, { status: 'dismissed', statusNote: input.reason, updatedAt: new Date(), updatedBy: actor.userId });
    await w.record({ action: 'inspection.finding.dismiss', entityType: 'inspection_finding', entityId: id, regionCode: f.regionCode, before: { status: f.status }, after: { status: 'dismissed', reason: input.reason } });
  });
  return getFindingById(db, actor, id);
}

/**
 * Keeps a finding in step with the rectification items raised from it (called by the rectification
 * module inside its transaction): rectifying while any is not closed, resolved when all are.
 */
export async function syncFindingWithItems(w: AuditedTx, findingId: string): Promise<void> {
  const f = await repo.lockFinding(w.tx, findingId, null);
  if (!f || f.status === 'dismissed') return;
  const statuses = await repo.itemStatusesOfFinding(w.tx, findingId);
  if (statuses.length === 0) return;
  const next = statuses.every((s) => s === 'closed') ? 'resolved' : 'rectifying';
  if (next === f.status) return;
  const note = next === 'resolved' ? '整改事项已全部验收销号' : f.statusNote;
  await repo.updateFinding(w.tx, findingId, { status: next, statusNote: note, updatedAt: new Date(), updatedBy: w.actor.userId });
  await w.record({ action: `inspection.finding.${next === 'resolved' ? 'resolve' : 'rectify'}`, entityType: 'inspection_finding', entityId: findingId, regionCode: f.regionCode, before: { status: f.status }, after: { status: next } });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Evidence of a finding (证据材料): uploaded to the finding, read by whoever may read inspections. */
registerAttachmentTarget('inspection_finding', {
  readPermission: 'inspection:plan:read',
  regionOf: async (db, actor, entityId) => {
    if (!UUID.test(entityId)) return null;
    const f = await repo.getFinding(db, entityId, actor.regionCode);
    return f ? f.regionCode : null;
  },
});
