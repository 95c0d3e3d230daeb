import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@mpw/db';
import {
  SANCTION_CATEGORY_LABELS,
  SANCTION_MEASURE_LABELS,
  isWithinRegion,
  regionLevelOf,
  type TAccountabilityRequest,
  type TCaseDetail,
  type TCaseEventKind,
  type TCaseListQuery,
  type TCaseRequest,
  type TCaseStatus,
  type TCaseSummary,
  type TDecideCaseRequest,
  type TFaultToleranceStatus,
  type TProblemSource,
  type TPublicTypicalCase,
  type TTypicalCaseRequest,
  type TTypicalCaseStatus,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound, validationError } from '../../lib/errors.js';
import { chinaDate } from '../../lib/time.js';
import { audited, type AuditedTx } from '../audit/audit.log.js';
import { registerAttachmentTarget } from '../attachments/attachments.targets.js';
import { notifyRole } from '../notifications/notifications.service.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import { reportVisibleTo } from '../reports/reports.policy.js';
import { linkReportWithin } from '../reports/reports.service.js';
import { districtOf } from '../settings/settings.service.js';
import {
  accountabilityRefusal,
  actionsOf,
  anonymisationProblem,
  canApproveTypical,
  canWriteCase,
  caseVisibleTo,
  handlingRegionProblem,
  mayHandleAt,
  stepRefusal,
  toleranceApprovalRefusal,
  toleranceProposalRefusal,
  typicalDraftRefusal,
  STEP_FROM,
  type CaseStep,
} from './cases.policy.js';
import { auditableState, presentDetail, presentEvent, presentPublicTypical, presentSummary } from './cases.presenter.js';
import * as repo from './cases.repository.js';

type CaseRow = repo.CaseRow;

const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, { message });
const forbidden = (message: string) => new AppError(ErrorCode.FORBIDDEN, { message });

// ---- Reading ----

async function sourceLabelOf(db: DbOrTx, r: Pick<CaseRow, 'sourceType' | 'sourceId'>): Promise<string | null> {
  if (!r.sourceId) return null;
  // One line naming the source, for whoever reads the case file (the record itself keeps its own visibility).
  const system = null;
  switch (r.sourceType as TProblemSource) {
    case 'alert': return (await repo.getAlertInScope(db, r.sourceId, system))?.label ?? null;
    case 'report': return (await repo.getReportVisible(db, r.sourceId, sql`true`))?.label ?? null;
    case 'finding': return (await repo.getFindingInScope(db, r.sourceId, system))?.label ?? null;
    case 'matter': return (await repo.getMatterInScope(db, r.sourceId, system))?.label ?? null;
    case 'disclosure': return (await repo.getDisclosureInScope(db, r.sourceId, system))?.label ?? null;
    default: return null;
  }
}

async function detailOf(db: DbOrTx, actor: Actor, row: repo.CaseViewRow): Promise<TCaseDetail> {
  const [events, sanctions, typical, files, sourceLabel] = [
    await repo.listEvents(db, row.id),
    await repo.listSanctions(db, row.id),
    row.kind === 'main' ? await repo.getCurrentTypical(db, row.id) : null,
    await repo.listCaseAttachments(db, row.id),
    await sourceLabelOf(db, row),
  ];
  // 一案双查: a main case lists its accountability records; an accountability record its main case.
  const accountability = row.kind === 'main' ? await repo.listChildren(db, row.id) : row.parentCaseId ? [await repo.getCaseById(db, row.parentCaseId)].filter((x): x is repo.CaseViewRow => !!x) : [];
  return presentDetail(row, {
    sourceLabel,
    events: events.map(presentEvent),
    sanctions,
    accountability,
    typical,
    attachmentIds: files.map((f) => f.id),
    actions: actionsOf(actor, row, typical ? { status: typical.status as TTypicalCaseStatus, createdBy: typical.createdBy } : null),
  });
}

/**
 * 查阅案卷: the case file, if the actor may see it. Every read is recorded: a 'read' entry in the
 * case's history and a 'case.case.read' audit event, in one transaction with the read itself.
 */
export async function getCaseById(db: Db, actor: Actor, id: string): Promise<TCaseDetail> {
  return audited(db, actor, async (w) => {
    const row = await repo.getCaseVisible(w.tx, id, caseVisibleTo(actor));
    if (!row) throw notFound('案件');
    await addEvent(w, row, 'read', null);
    await w.record({ action: 'case.case.read', entityType: 'case', entityId: row.id, regionCode: row.handlingRegionCode, after: { number: row.number } });
    return detailOf(w.tx, actor, row);
  });
}

/** The case after a change by the actor (no read event: the change itself is audited). */
async function detailAfterChange(db: DbOrTx, actor: Actor, id: string): Promise<TCaseDetail> {
  const row = (await repo.getCaseVisible(db, id, caseVisibleTo(actor))) ?? (await repo.getCaseById(db, id));
  if (!row) throw notFound('案件');
  return detailOf(db, actor, row);
}

export async function findCases(db: Db, actor: Actor, q: TCaseListQuery): Promise<{ data: TCaseSummary[]; total: number }> {
  if ((q.sanctionFrom || q.sanctionTo) && !q.sanction) throw validationError('sanction', '按处理决定日期筛选时请选择处理类别');
  const { rows, total } = await repo.findCases(
    db,
    {
      visible: caseVisibleTo(actor), status: q.status, kind: q.kind, regionCode: q.regionCode, sourceType: q.sourceType, faultTolerance: q.faultTolerance, q: q.q,
      createdFrom: q.createdFrom, createdTo: q.createdTo, filedFrom: q.filedFrom, filedTo: q.filedTo, executedFrom: q.executedFrom, executedTo: q.executedTo,
      sanction: q.sanction ? { category: q.sanction, from: q.sanctionFrom, to: q.sanctionTo } : undefined,
    },
    { offset: (q.current - 1) * q.pageSize, limit: q.pageSize },
  );
  return { data: rows.map(presentSummary), total };
}

/** 容错纠错台账: every case with a fault-tolerance proposal the actor can see, pending first. */
export async function findToleranceRegister(db: Db, actor: Actor, q: { current: number; pageSize: number; status?: TFaultToleranceStatus; regionCode?: string }) {
  const { rows, total } = await repo.findCases(
    db,
    { visible: caseVisibleTo(actor), toleranceOnly: true, faultTolerance: q.status, regionCode: q.regionCode },
    { offset: (q.current - 1) * q.pageSize, limit: q.pageSize },
  );
  return { data: rows.map(presentSummary), total };
}

// ---- Writing helpers ----

async function addEvent(w: AuditedTx, c: Pick<CaseRow, 'id' | 'handlingRegionCode'>, kind: TCaseEventKind, note: string | null, status?: { from: TCaseStatus | string | null; to: TCaseStatus | string }) {
  const now = new Date();
  await repo.insertEvent(w.tx, {
    id: randomUUID(),
    caseId: c.id,
    kind,
    fromStatus: status?.from ?? null,
    toStatus: status?.to ?? null,
    note,
    actorId: w.actor.userId,
    regionCode: c.handlingRegionCode,
    createdBy: w.actor.userId,
    updatedBy: w.actor.userId,
    createdAt: now,
    updatedAt: now,
  });
}

/** Opens an audited transaction on a case the actor can see and may write. */
async function onCase<T>(db: Db, actor: Actor, id: string, work: (w: AuditedTx, c: CaseRow) => Promise<T>, opts: { write?: boolean } = { write: true }): Promise<T> {
  return audited(db, actor, async (w) => {
    const c = await repo.lockCaseVisible(w.tx, id, caseVisibleTo(actor));
    if (!c) throw notFound('案件');
    if (opts.write !== false && !canWriteCase(actor, c)) throw forbidden('没有办理该案件的权限');
    return work(w, c);
  });
}

interface Change {
  patch: Partial<CaseRow>;
  action: string;
  event: { kind: TCaseEventKind; note?: string | null };
  audit?: Record<string, unknown>;
}

/** One step: the row, the history entry and the audit event. */
async function applyChange(w: AuditedTx, c: CaseRow, ch: Change): Promise<CaseRow> {
  const after = { ...c, ...ch.patch };
  const now = new Date();
  await repo.updateCase(w.tx, c.id, { ...ch.patch, updatedAt: now, updatedBy: w.actor.userId });
  await addEvent(w, c, ch.event.kind, ch.event.note ?? null, after.status !== c.status ? { from: c.status, to: after.status } : undefined);
  await w.record({
    action: `case.case.${ch.action}`,
    entityType: 'case',
    entityId: c.id,
    regionCode: c.handlingRegionCode,
    before: auditableState(c),
    after: { ...auditableState(after), ...ch.audit },
  });
  return after;
}

function checkDate(field: string, label: string, day: string, notBefore: { day: string | null; label: string } | null) {
  if (day > chinaDate()) throw validationError(field, `${label}不能晚于今天`);
  if (notBefore?.day && day < notBefore.day) throw validationError(field, `${label}不能早于${notBefore.label}（${notBefore.day}）`);
}

// ---- Creating ----

/** The region and label of a case's source, if the actor can see it; the field named in the error otherwise. */
async function resolveSource(db: DbOrTx, actor: Actor, sourceType: TProblemSource, sourceId: string | undefined): Promise<repo.SourceRecord | null> {
  if (sourceType === 'direct') {
    if (sourceId) throw validationError('sourceId', '直接录入的线索不填写来源编号');
    return null;
  }
  if (!sourceId) throw validationError('sourceId', '请填写问题来源的编号');
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!UUID.test(sourceId)) throw validationError('sourceId', '来源编号格式不正确');
  const scope = actor.kind === 'system' ? null : actor.regionCode;
  const found =
    sourceType === 'alert' ? await repo.getAlertInScope(db, sourceId, scope)
    : sourceType === 'report' ? await repo.getReportVisible(db, sourceId, reportVisibleTo(actor))
    : sourceType === 'finding' ? await repo.getFindingInScope(db, sourceId, scope)
    : sourceType === 'matter' ? await repo.getMatterInScope(db, sourceId, scope)
    : await repo.getDisclosureInScope(db, sourceId, scope);
  if (!found) throw validationError('sourceId', '找不到该问题来源，或不在您的管辖范围内');
  return found;
}

/**
 * 登记问题线索: a case in preliminary verification (初核), numbered AJ<district>-<year>-<seq>. Where it
 * happened comes from the source when not given; the handling unit is the actor's own (or its
 * district, to pass it up). A case taken from a report links the report to it.
 */
export async function createCase(db: Db, actor: Actor, input: TCaseRequest): Promise<TCaseDetail> {
  return audited(db, actor, async (w) => {
    const source = await resolveSource(w.tx, actor, input.sourceType, input.sourceId);
    const regionCode = input.regionCode ?? source?.regionCode;
    if (!regionCode) throw validationError('regionCode', '请选择问题发生地（村或乡镇）');
    if (regionLevelOf(regionCode) === 'district') throw validationError('regionCode', '问题发生地应为村或乡镇');
    if (source && !isWithinRegion(source.regionCode, regionCode)) throw validationError('regionCode', '问题发生地与问题来源所在地不一致');
    const scope = actor.kind === 'system' ? null : actor.regionCode;
    if (!(await getRegionInScope(w.tx, regionCode, scope))) throw notFound('区划');
    const handlingRegionCode = input.handlingRegionCode ?? actor.regionCode;
    if (!handlingRegionCode) throw validationError('handlingRegionCode', '请选择办理单位');
    const problem = handlingRegionProblem(handlingRegionCode, regionCode);
    if (problem) throw validationError('handlingRegionCode', problem);
    if (!mayHandleAt(actor, handlingRegionCode)) throw validationError('handlingRegionCode', '只能由本级办理或报上级办理');
    if (!(await getRegionInScope(w.tx, handlingRegionCode, null))) throw validationError('handlingRegionCode', '办理单位不存在');

    const id = randomUUID();
    const number = await repo.nextCaseNumber(w.tx, handlingRegionCode, Number(chinaDate().slice(0, 4)));
    const row: CaseRow = {
      id, number, kind: 'main', parentCaseId: null, title: input.title, sourceType: input.sourceType, sourceId: input.sourceId ?? null,
      subjectName: input.subjectName, subjectPosition: input.subjectPosition, subjectIdNumber: input.subjectIdNumber ?? null,
      handlingRegionCode, status: 'preliminary', summary: input.summary, closedReason: null, filedOn: null, decidedOn: null, executedOn: null,
      recoveredFen: null, faultTolerance: false, faultToleranceGrounds: null, faultToleranceStatus: null, faultToleranceProposedBy: null,
      faultToleranceDecidedBy: null, faultToleranceDecidedAt: null, regionCode, createdBy: actor.userId, createdAt: new Date(), updatedBy: actor.userId,
      updatedAt: new Date(), deletedAt: null,
    };
    await repo.insertCase(w.tx, row);
    await addEvent(w, row, 'created', source ? `来源：${source.label}` : null, { from: null, to: 'preliminary' });
    await w.record({ action: 'case.case.create', entityType: 'case', entityId: id, regionCode: handlingRegionCode, after: { ...auditableState(row), sourceType: row.sourceType, sourceId: row.sourceId } });
    if (input.sourceType === 'report' && input.sourceId) {
      const linked = await linkReportWithin(w, input.sourceId, { linkType: 'case', linkId: id, label: number });
      if (!linked) throw validationError('sourceId', '找不到该举报，或不在您的管辖范围内');
    }
    return detailAfterChange(w.tx, actor, id);
  });
}

/** 一案双查: the accountability of a leader responsible for supervision, a case of its own linked to the main one. */
export async function addAccountability(db: Db, actor: Actor, id: string, input: TAccountabilityRequest): Promise<TCaseDetail> {
  return onCase(db, actor, id, async (w, main) => {
    const refusal = accountabilityRefusal(main);
    if (refusal) throw conflict(refusal);
    const regionCode = input.regionCode ?? main.regionCode;
    if (regionLevelOf(regionCode) === 'district' && regionCode !== main.handlingRegionCode) throw validationError('regionCode', '被问责人所在单位应为村、乡镇或办理单位本级');
    const problem = handlingRegionProblem(main.handlingRegionCode, regionCode);
    if (problem) throw validationError('regionCode', '被问责人所在单位须在主案办理单位的范围内');
    if (!(await getRegionInScope(w.tx, regionCode, null))) throw validationError('regionCode', '区划不存在');
    const childId = randomUUID();
    const number = await repo.nextCaseNumber(w.tx, main.handlingRegionCode, Number(chinaDate().slice(0, 4)));
    const title = `一案双查：${input.subjectPosition}${input.subjectName}监管责任（主案${main.number}）`.slice(0, 100);
    const now = new Date();
    const child: CaseRow = {
      ...main, id: childId, number, kind: 'accountability', parentCaseId: main.id, title, subjectName: input.subjectName, subjectPosition: input.subjectPosition,
      subjectIdNumber: null, status: 'preliminary', summary: input.summary, closedReason: null, filedOn: null, decidedOn: null, executedOn: null, recoveredFen: null,
      faultTolerance: false, faultToleranceGrounds: null, faultToleranceStatus: null, faultToleranceProposedBy: null, faultToleranceDecidedBy: null, faultToleranceDecidedAt: null,
      regionCode, createdBy: actor.userId, createdAt: now, updatedBy: actor.userId, updatedAt: now, deletedAt: null,
    };
    await repo.insertCase(w.tx, child);
    await addEvent(w, child, 'created', `一案双查，主案 ${main.number}`, { from: null, to: 'preliminary' });
    await addEvent(w, main, 'accountability_added', `${number}：${input.subjectPosition}${input.subjectName}`);
    await w.record({ action: 'case.accountability.create', entityType: 'case', entityId: childId, regionCode: main.handlingRegionCode, after: { ...auditableState(child), parentCaseId: main.id, parentCaseNumber: main.number } });
    return detailAfterChange(w.tx, actor, childId);
  });
}

// ---- The flow ----

async function step(db: Db, actor: Actor, id: string, s: CaseStep, build: (c: CaseRow) => Omit<Change, 'action'> & { action?: string }, after?: (w: AuditedTx, c: CaseRow) => Promise<void>): Promise<TCaseDetail> {
  return onCase(db, actor, id, async (w, c) => {
    const refusal = stepRefusal(c, s);
    if (refusal) throw conflict(refusal);
    const ch = build(c);
    const next = await applyChange(w, c, { ...ch, action: ch.action ?? s, patch: { status: STEP_FROM[s].to, ...ch.patch } });
    if (after) await after(w, next);
    return detailAfterChange(w.tx, actor, id);
  });
}

/** 立案. */
export function fileCase(db: Db, actor: Actor, id: string, input: { filedOn?: string; note?: string }): Promise<TCaseDetail> {
  const filedOn = input.filedOn ?? chinaDate();
  return step(db, actor, id, 'file', (c) => {
    checkDate('filedOn', '立案日期', filedOn, { day: chinaDate(c.createdAt), label: '线索登记日期' });
    return { patch: { filedOn }, event: { kind: 'filed', note: input.note ?? null }, audit: { note: input.note ?? null } };
  });
}

/** 初核了结: closed without filing, with the reason. */
export function closeUnfiled(db: Db, actor: Actor, id: string, input: { reason: string }): Promise<TCaseDetail> {
  return step(db, actor, id, 'close_unfiled', () => ({ patch: { closedReason: input.reason }, event: { kind: 'closed_unfiled', note: input.reason } }));
}

export function startInvestigation(db: Db, actor: Actor, id: string, input: { note?: string }): Promise<TCaseDetail> {
  return step(db, actor, id, 'investigate', () => ({ patch: {}, event: { kind: 'investigating', note: input.note ?? null } }));
}

export function sendToReview(db: Db, actor: Actor, id: string, input: { note?: string }): Promise<TCaseDetail> {
  return step(db, actor, id, 'review', () => ({ patch: {}, event: { kind: 'reviewing', note: input.note ?? null } }));
}

const yuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

/**
 * 处理决定: Party discipline, 政务处分, transfer to judicial organs, recovery of funds (追缴; the sum
 * is kept as recovered_fen). No sanction at all is allowed (容错 approved, or 不予处分).
 */
export function decideCase(db: Db, actor: Actor, id: string, input: TDecideCaseRequest): Promise<TCaseDetail> {
  const decidedOn = input.decidedOn ?? chinaDate();
  let seen = { party: false, government: false };
  input.sanctions.forEach((s, i) => {
    if (s.category !== 'recovery' && s.amountFen !== undefined) throw validationError(`sanctions.${i}.amountFen`, '只有追缴资金需要填写金额');
    if (s.category === 'party' || s.category === 'government') {
      if (seen[s.category]) throw validationError(`sanctions.${i}.category`, `同一决定只能给予一项${SANCTION_CATEGORY_LABELS[s.category]}`);
      seen = { ...seen, [s.category]: true };
    }
  });
  const recovered = input.sanctions.filter((s) => s.category === 'recovery').reduce((sum, s) => sum + (s.amountFen ?? 0), 0);
  const words = input.sanctions.map((s) => (s.category === 'recovery' ? `追缴${yuan(s.amountFen!)}元` : SANCTION_MEASURE_LABELS[s.category][s.measure])).join('、');
  return step(
    db, actor, id, 'decide',
    (c) => {
      checkDate('decidedOn', '决定日期', decidedOn, { day: c.filedOn, label: '立案日期' });
      return {
        patch: { decidedOn, recoveredFen: recovered > 0 ? recovered : null },
        event: { kind: 'decided', note: words ? `${input.note}（${words}）` : input.note },
        audit: { sanctions: input.sanctions.map((s) => ({ category: s.category, measure: s.measure, amountFen: s.amountFen ?? null })) },
      };
    },
    async (w, c) => {
      // Kept in the order decided: one millisecond apart, since the history reads by time.
      const base = Date.now();
      await repo.insertSanctions(w.tx, input.sanctions.map((s, i) => ({
        id: randomUUID(), caseId: c.id, category: s.category, measure: s.measure, amountFen: s.amountFen ?? null, decidedOn, executedOn: null, note: s.note ?? null,
        regionCode: c.handlingRegionCode, createdBy: w.actor.userId, updatedBy: w.actor.userId, createdAt: new Date(base + i), updatedAt: new Date(base + i),
      })));
    },
  );
}

/** 执行完毕: every sanction of the decision is marked executed on the same day. */
export function executeCase(db: Db, actor: Actor, id: string, input: { executedOn?: string; note?: string }): Promise<TCaseDetail> {
  const executedOn = input.executedOn ?? chinaDate();
  return step(
    db, actor, id, 'execute',
    (c) => {
      checkDate('executedOn', '执行日期', executedOn, { day: c.decidedOn, label: '决定日期' });
      return { patch: { executedOn }, event: { kind: 'executed', note: input.note ?? null } };
    },
    async (w, c) => repo.markSanctionsExecuted(w.tx, c.id, executedOn, w.actor.userId),
  );
}

/** 办案记录, with files already uploaded to the case (attachments of entity type 'case'). */
export async function addNote(db: Db, actor: Actor, id: string, input: { note: string; attachmentIds: string[] }): Promise<TCaseDetail> {
  return onCase(db, actor, id, async (w, c) => {
    const files = new Map((await repo.listCaseAttachments(w.tx, c.id)).map((a) => [a.id, a.fileName]));
    input.attachmentIds.forEach((fileId, i) => {
      if (!files.has(fileId)) throw validationError(`attachmentIds.${i}`, '附件不存在或不属于该案件，请先上传到该案件');
    });
    const names = input.attachmentIds.map((f) => files.get(f)!);
    await addEvent(w, c, 'note', names.length ? `${input.note}\n附件：${names.join('、')}` : input.note);
    await w.record({ action: 'case.case.note', entityType: 'case', entityId: c.id, regionCode: c.handlingRegionCode, after: { number: c.number, attachmentIds: input.attachmentIds } });
    return detailAfterChange(w.tx, actor, id);
  });
}

// ---- 容错纠错 ----

/** Proposes fault tolerance with its grounds; the level above the handling unit is told. */
export async function proposeTolerance(db: Db, actor: Actor, id: string, input: { grounds: string }): Promise<TCaseDetail> {
  return onCase(db, actor, id, async (w, c) => {
    const refusal = toleranceProposalRefusal(c);
    if (refusal) throw conflict(refusal);
    const after = await applyChange(w, c, {
      patch: { faultTolerance: true, faultToleranceGrounds: input.grounds, faultToleranceStatus: 'pending', faultToleranceProposedBy: actor.userId, faultToleranceDecidedBy: null, faultToleranceDecidedAt: null },
      action: 'tolerance.propose',
      event: { kind: 'tolerance_proposed', note: input.grounds },
    });
    await notifyRole(w, {
      regionCode: districtOf(after.handlingRegionCode),
      roles: ['district_inspector'],
      kind: 'filing',
      title: `案件 ${after.number} 提出容错纠错，请审批`,
      body: '办理单位提出容错纠错申请，请在案件管理中审批。',
      link: `/cases/${after.id}`,
      entityType: 'case',
      entityId: after.id,
    });
    return detailAfterChange(w.tx, actor, id);
  });
}

/** Approves or refuses a proposal, one level up (cases.policy toleranceApprovalRefusal). */
export async function decideTolerance(db: Db, actor: Actor, id: string, input: { approve: boolean; note: string }): Promise<TCaseDetail> {
  return onCase(db, actor, id, async (w, c) => {
    const refusal = toleranceApprovalRefusal(actor, c);
    if (refusal) throw refusal.forbidden ? forbidden(refusal.message) : conflict(refusal.message);
    const status: TFaultToleranceStatus = input.approve ? 'approved' : 'rejected';
    await applyChange(w, c, {
      patch: { faultToleranceStatus: status, faultToleranceDecidedBy: actor.userId, faultToleranceDecidedAt: new Date() },
      action: 'tolerance.decide',
      event: { kind: 'tolerance_decided', note: `${input.approve ? '批准容错' : '不予容错'}：${input.note}` },
      audit: { note: input.note },
    });
    return detailAfterChange(w.tx, actor, id);
  }, { write: false });
}

// ---- Typical cases (以案促改) ----

async function checkAnonymised(db: DbOrTx, c: CaseRow, input: TTypicalCaseRequest) {
  const names = await repo.subjectNamesOf(db, c.id);
  for (const field of ['title', 'summary', 'lesson'] as const) {
    const text = input[field];
    if (!text) continue;
    const problem = anonymisationProblem(text, names);
    if (problem) throw validationError(field, problem);
  }
  if (c.subjectIdNumber && JSON.stringify(input).toUpperCase().includes(c.subjectIdNumber)) throw validationError('summary', '不得包含身份证号码');
}

/** Drafts (or re-drafts) the anonymised summary of a decided case for approval. */
export async function draftTypical(db: Db, actor: Actor, id: string, input: TTypicalCaseRequest): Promise<TCaseDetail> {
  return onCase(db, actor, id, async (w, c) => {
    if (c.kind !== 'main') throw conflict('问责记录不单独作为典型案例，请在主案中起草');
    const current = await repo.getCurrentTypical(w.tx, c.id);
    const currentStatus = current && current.status !== 'withdrawn' ? (current.status as TTypicalCaseStatus) : null;
    const refusal = typicalDraftRefusal(c, currentStatus);
    if (refusal) throw conflict(refusal);
    await checkAnonymised(w.tx, c, input);
    const now = new Date();
    const text = { title: input.title, summary: input.summary, lesson: input.lesson ?? null };
    let typicalId: string;
    if (current && currentStatus === 'draft') {
      typicalId = current.id;
      await repo.updateTypical(w.tx, current.id, { ...text, updatedAt: now, updatedBy: actor.userId });
    } else {
      typicalId = randomUUID();
      await repo.insertTypical(w.tx, { id: typicalId, caseId: c.id, ...text, status: 'draft', regionCode: c.handlingRegionCode, createdBy: actor.userId, updatedBy: actor.userId, createdAt: now, updatedAt: now });
    }
    await addEvent(w, c, 'typical_drafted', input.title);
    await w.record({ action: 'case.typical.draft', entityType: 'typical_case', entityId: typicalId, regionCode: c.handlingRegionCode, after: { caseId: c.id, number: c.number, status: 'draft', ...text } });
    return detailAfterChange(w.tx, actor, id);
  });
}

async function onTypical(db: Db, actor: Actor, tid: string, work: (w: AuditedTx, t: repo.TypicalRow, c: CaseRow) => Promise<void>): Promise<TCaseDetail> {
  return audited(db, actor, async (w) => {
    const t = await repo.lockTypicalVisible(w.tx, tid, caseVisibleTo(actor));
    if (!t) throw notFound('典型案例');
    if (!canApproveTypical(actor)) throw forbidden('没有审批典型案例的权限');
    const c = (await repo.lockCaseVisible(w.tx, t.caseId, caseVisibleTo(actor)))!;
    await work(w, t, c);
    return detailAfterChange(w.tx, actor, c.id);
  });
}

async function changeTypical(w: AuditedTx, t: repo.TypicalRow, c: CaseRow, patch: Partial<repo.TypicalRow>, action: string, event: { kind: TCaseEventKind; note: string } | null, extra: Record<string, unknown> = {}) {
  const now = new Date();
  await repo.updateTypical(w.tx, t.id, { ...patch, updatedAt: now, updatedBy: w.actor.userId });
  if (event) await addEvent(w, c, event.kind, event.note);
  await w.record({ action: `case.typical.${action}`, entityType: 'typical_case', entityId: t.id, regionCode: t.regionCode, before: { status: t.status }, after: { status: patch.status ?? t.status, caseId: c.id, number: c.number, ...extra } });
}

/** Approves a draft (it may then be published) or leaves it a draft with the reason, for the drafter to redo. */
export async function decideTypical(db: Db, actor: Actor, tid: string, input: { approve: boolean; note?: string }): Promise<TCaseDetail> {
  return onTypical(db, actor, tid, async (w, t, c) => {
    if (t.status !== 'draft') throw conflict('只有待审批的典型案例可以审批');
    if (t.createdBy && t.createdBy === actor.userId) throw forbidden('起草人不能审批自己起草的典型案例');
    const note = `${input.approve ? '批准' : '退回修改'}${input.note ? `：${input.note}` : ''}`;
    const patch = input.approve ? { status: 'approved', approvedBy: actor.userId, approvedAt: new Date() } : {};
    await changeTypical(w, t, c, patch, 'decide', { kind: 'typical_decided', note }, { approve: input.approve, note: input.note ?? null });
  });
}

/** Publishes an approved typical case to the portal (以案促改). */
export async function publishTypical(db: Db, actor: Actor, tid: string): Promise<TCaseDetail> {
  return onTypical(db, actor, tid, async (w, t, c) => {
    if (t.status !== 'approved') throw conflict('只有已批准的典型案例可以发布');
    await checkAnonymised(w.tx, c, { title: t.title, summary: t.summary, lesson: t.lesson ?? undefined });
    await changeTypical(w, t, c, { status: 'published', publishedAt: new Date() }, 'publish', { kind: 'note', note: `典型案例已发布：${t.title}` });
  });
}

export async function withdrawTypical(db: Db, actor: Actor, tid: string): Promise<TCaseDetail> {
  return onTypical(db, actor, tid, async (w, t, c) => {
    if (t.status !== 'published') throw conflict('只有已发布的典型案例可以撤回');
    await changeTypical(w, t, c, { status: 'withdrawn' }, 'withdraw', { kind: 'note', note: `典型案例已撤回：${t.title}` });
  });
}

/** The portal's warning-education page: published typical cases of the district of `regionCode`. */
export async function listPublicTypical(db: Db, regionCode: string): Promise<TPublicTypicalCase[]> {
  const rows = await repo.listPublishedTypical(db, districtOf(regionCode), 100);
  return rows.map(presentPublicTypical);
}

// ---- Files ----

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Files of a case (POST /api/v1/attachments with entityType 'case'): filed under the handling
 * unit, readable by whoever can see the case file (the handling level and above).
 */
registerAttachmentTarget('case', {
  readPermission: 'case:case:read',
  regionOf: async (db, actor, entityId) => {
    if (!UUID.test(entityId)) return null;
    const c = await repo.getCaseVisible(db, entityId, caseVisibleTo(actor));
    return c && canWriteCase(actor, c) ? c.handlingRegionCode : null;
  },
  canRead: async (db, actor, entityId) => UUID.test(entityId) && (await repo.getCaseVisible(db, entityId, caseVisibleTo(actor))) !== null,
});

/** For other modules (an alert closed with linkType 'case'): the case by id or number, if the actor can see it. */
export async function findVisibleCase(db: DbOrTx, actor: Actor, idOrNumber: string): Promise<TCaseSummary | null> {
  const row = UUID.test(idOrNumber) ? await repo.getCaseVisible(db, idOrNumber, caseVisibleTo(actor)) : await repo.getCaseVisibleByNumber(db, idOrNumber, caseVisibleTo(actor));
  return row ? presentSummary(row) : null;
}
