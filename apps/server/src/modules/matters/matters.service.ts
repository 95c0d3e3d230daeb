import { randomUUID } from 'node:crypto';
import type { Db } from '@mpw/db';
import { ErrorCode, ROLE_DEFINITIONS, regionLevelOf, type TFlowStep, type TMatterAction, type TPowerItemContent } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, notFound, validationError } from '../../lib/errors.js';
import { chinaDate } from '../../lib/time.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { audited, type AuditedTx } from '../audit/audit.log.js';
import { maskIdNumber } from '../audit/audit.redact.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import { getItemById, getItemVersion } from '../power/power.service.js';
import { ancestorsOf } from '../power/power.repository.js';
import { maskName, NEEDS_NOTE, publishesAtStep, nextStepIndex, previousStepIndex, restartIndex, skippedStepIds, STEP_ACTIONS, stepStates } from './matters.flow.js';
import { ports } from './matters.ports.js';
import * as repo from './matters.repository.js';
import type { TMatterActionRequest, TMatterDetail, TMatterListQuery, TStartMatterRequest } from './matters.schemas.js';

interface Loaded {
  matter: repo.MatterRow;
  content: TPowerItemContent;
  steps: TFlowStep[];
}

async function load(db: Db | AuditedTx['tx'], actor: Actor | null, id: string, forUpdate = false): Promise<Loaded> {
  const matter = await repo.getMatter(db, id, actor ? actor.regionCode : null, { forUpdate });
  if (!matter) throw notFound('事项');
  const version = await getItemVersion(db, null, matter.itemId, matter.itemVersion);
  return { matter, content: version.content, steps: version.content.flow.steps };
}

/** When the open step must be acted on: working days for action steps; for a notice, its end plus the time to close it. */
async function stepDue(db: Db | AuditedTx['tx'], regionCode: string, step: TFlowStep, startedOn: string): Promise<{ dueOn: string; noticeEndsOn: string | null }> {
  if (step.kind === 'notice') {
    const noticeEndsOn = ports.addCalendarDays(startedOn, step.days);
    return { dueOn: await ports.addWorkingDays(db, regionCode, noticeEndsOn, step.deadlineDays), noticeEndsOn };
  }
  return { dueOn: await ports.addWorkingDays(db, regionCode, startedOn, step.deadlineDays), noticeEndsOn: null };
}

async function recordEvent(w: AuditedTx, m: repo.MatterRow, step: TFlowStep | null, stepIndex: number | null, action: TMatterAction | 'complete' | 'due_soon', opts: { note?: string | null; data?: unknown; isPublic?: boolean } = {}) {
  await repo.insertEvent(w.tx, {
    id: randomUUID(),
    matterId: m.id,
    stepId: step?.id ?? null,
    stepIndex,
    action,
    actorId: w.actor.userId,
    actorName: w.actor.username,
    actorRole: w.actor.roles.join(',') || w.actor.kind,
    note: opts.note ?? null,
    data: (opts.data ?? null) as never,
    // Villagers see what each step discloses; internal notes of reviews stay internal.
    isPublic: opts.isPublic ?? Boolean(step && (step.disclose || step.kind === 'notice' || step.kind === 'disclosure' || step.kind === 'meeting')),
    regionCode: m.regionCode,
    createdBy: w.actor.userId,
    updatedBy: w.actor.userId,
  });
}

/** Opens step `index` (or completes the matter when there is none) and tells whoever must act. */
async function openStep(w: AuditedTx, m: repo.MatterRow, steps: TFlowStep[], index: number | null, opts: { returnedWith?: string } = {}) {
  const now = new Date();
  if (index === null) {
    await repo.updateMatter(w.tx, m.id, { status: 'completed', completedAt: now, stepDueOn: null, updatedAt: now, updatedBy: w.actor.userId });
    await recordEvent(w, m, null, null, 'complete', { isPublic: true });
    const decisionId = m.decisionId ?? (await repo.getMatter(w.tx, m.id, null))?.decisionId;
    if (decisionId) await ports.publishDecisionResult(w, decisionId, chinaDate(now));
    return;
  }
  const step = steps[index]!;
  const { dueOn, noticeEndsOn } = await stepDue(w.tx, m.regionCode, step, chinaDate(now));
  await repo.updateMatter(w.tx, m.id, { status: 'running', currentStep: index, stepStartedAt: now, stepDueOn: dueOn, updatedAt: now, updatedBy: w.actor.userId });
  if (m.isPublic && publishesAtStep(step)) {
    // A notice is posted the day it starts; a disclosure step is due with the step.
    await ports.openPublication(w, m, step, { openedOn: chinaDate(now), noticeEndsOn, dueOn: step.kind === 'notice' ? chinaDate(now) : dueOn });
  }
  const actingRegion = ROLE_DEFINITIONS[step.role].level === 'township' ? m.regionCode.slice(0, 9) + '000' : ROLE_DEFINITIONS[step.role].level === 'district' ? m.regionCode.slice(0, 6) + '000000' : m.regionCode;
  await ports.notifyRole(w, {
    regionCode: actingRegion,
    roles: [step.role],
    kind: opts.returnedWith ? 'returned' : step.kind === 'filing' ? 'filing' : 'assigned',
    title: opts.returnedWith ? `退回：${m.title}` : `待办：${m.title}`,
    body: opts.returnedWith
      ? `事项 ${m.matterNo} 被退回到“${step.name}”步骤（理由：${opts.returnedWith.slice(0, 200)}），请在 ${dueOn} 前重新办理。`
      : `事项 ${m.matterNo} 已到“${step.name}”步骤，请在 ${dueOn} 前办理。`,
    link: `/matters/${m.id}`,
    entityType: 'matter',
    entityId: m.id,
  });
}

export async function startMatter(db: Db, actor: Actor, secrets: SecretBox, input: TStartMatterRequest) {
  const village = await getRegionInScope(db, input.regionCode, actor.regionCode);
  if (!village) throw notFound('村');
  if (regionLevelOf(input.regionCode) !== 'village') throw validationError('regionCode', '事项须在村一级办理');
  const { row, item } = await getItemById(db, actor, input.itemId);
  if (row.status !== 'active') throw new AppError(ErrorCode.CONFLICT, { message: '该权力事项未生效，不能办理' });
  if (!ancestorsOf(input.regionCode).includes(row.regionCode)) throw notFound('权力事项');
  const steps = item.content.flow.steps;
  const thresholds = new Map<string, number>();
  for (const s of steps) if (s.when) thresholds.set(s.when.amountAtLeastSetting, await ports.thresholdFen(db, input.regionCode, s.when.amountAtLeastSetting));
  const skipped = skippedStepIds(steps, input.amountFen ?? null, (k) => thresholds.get(k)!);
  const first = nextStepIndex(steps, skipped, -1);
  if (first === null) throw new AppError(ErrorCode.CONFLICT, { message: '该事项流程没有适用的步骤' });
  const firstStep = steps[first]!;
  if (actor.kind !== 'system' && !actor.roles.includes(firstStep.role)) {
    throw new AppError(ErrorCode.FORBIDDEN, { message: `该事项应由“${ROLE_DEFINITIONS[firstStep.role].label.zh}”发起` });
  }
  const year = chinaDate().slice(0, 4);
  const id = randomUUID();
  await audited(db, actor, async (w) => {
    const matterNo = `${input.regionCode}-${year}-${String(await repo.nextMatterSeq(w.tx, input.regionCode, year)).padStart(4, '0')}`;
    const m: repo.MatterRow = {
      id,
      matterNo,
      itemId: row.id,
      itemVersion: item.version,
      title: input.title,
      amountFen: input.amountFen ?? null,
      applicantName: input.applicantName ?? null,
      applicantIdSealed: input.applicantIdNumber ? secrets.seal(input.applicantIdNumber.toUpperCase()) : null,
      applicantIdMasked: input.applicantIdNumber ? maskIdNumber(input.applicantIdNumber.toUpperCase()) : null,
      status: 'running',
      currentStep: first,
      stepStartedAt: new Date(),
      stepDueOn: null,
      skippedSteps: skipped,
      decisionId: null,
      isPublic: input.isPublic,
      completedAt: null,
      regionCode: input.regionCode,
      createdBy: actor.userId,
      createdAt: new Date(),
      updatedBy: actor.userId,
      updatedAt: new Date(),
      deletedAt: null,
    };
    await repo.insertMatter(w.tx, m);
    if (steps.some((s) => s.kind === 'meeting' && !skipped.includes(s.id))) {
      const decisionId = await ports.createDecision(w, { regionCode: input.regionCode, title: input.title, amountFen: input.amountFen ?? null, matterId: id });
      await repo.updateMatter(w.tx, id, { decisionId });
      m.decisionId = decisionId;
    }
    await recordEvent(w, m, null, null, 'start', { note: input.note ?? null, data: { itemCode: row.code, itemVersion: item.version, skipped }, isPublic: true });
    await w.record({
      action: 'matter.matter.start',
      entityType: 'matter',
      entityId: id,
      regionCode: input.regionCode,
      after: { matterNo, itemId: row.id, itemVersion: item.version, title: input.title, amountFen: input.amountFen ?? null, applicantName: input.applicantName ?? null, idNumber: input.applicantIdNumber ?? null, skipped },
    });
    if (firstStep.kind === 'application') {
      // Starting a matter is filing its application: that step is done by the one who starts it.
      await recordEvent(w, m, firstStep, first, 'submit', { note: input.note ?? null });
      await openStep(w, m, steps, nextStepIndex(steps, skipped, first));
    } else {
      await openStep(w, m, steps, first);
    }
  });
  return getMatterDetail(db, actor, id);
}

function allowedActionsFor(actor: Actor, l: Loaded): TMatterAction[] {
  const m = l.matter;
  if (m.status !== 'running' && m.status !== 'paused') return [];
  const step = l.steps[m.currentStep]!;
  const actions: TMatterAction[] = [];
  if (actor.roles.includes(step.role) || actor.kind === 'system') {
    for (const a of STEP_ACTIONS[step.kind]) {
      if (m.status === 'paused' && a !== 'answer_objection') continue;
      if (a === 'return' && step.kind === 'review' && !step.canReturn) continue;
      actions.push(a);
    }
    actions.push('withdraw');
  }
  if (step.kind === 'notice' && !actions.includes('answer_objection')) actions.push('object');
  else if (step.kind === 'notice') actions.push('object');
  return actions;
}

/** One transition of a matter. Only the role the open step names may act, inside its scope. */
export async function actOnMatter(db: Db, actor: Actor, id: string, input: TMatterActionRequest) {
  await audited(db, actor, async (w) => {
    const l = await load(w.tx, actor, id, true);
    const { matter: m, steps } = l;
    const step = steps[m.currentStep]!;
    const action = input.action;
    if (m.status !== 'running' && m.status !== 'paused') throw new AppError(ErrorCode.CONFLICT, { message: '事项已办结，不能再操作' });
    const isObjection = action === 'object';
    if (!isObjection && actor.kind !== 'system' && !actor.roles.includes(step.role)) {
      throw new AppError(ErrorCode.FORBIDDEN, { message: `当前步骤“${step.name}”应由“${ROLE_DEFINITIONS[step.role].label.zh}”办理` });
    }
    if (!allowedActionsFor(actor, l).includes(action)) {
      throw new AppError(ErrorCode.CONFLICT, { message: m.status === 'paused' ? '公示期间有未答复的异议，事项已暂停，请先答复异议' : `当前步骤“${step.name}”不能执行此操作` });
    }
    if (NEEDS_NOTE.includes(action) && !input.note) throw validationError('note', '请填写理由');
    const before = { status: m.status, currentStep: m.currentStep, stepId: step.id };
    const today = chinaDate();

    switch (action) {
      case 'submit':
      case 'approve':
      case 'file_accept':
      case 'disclose':
        await recordEvent(w, m, step, m.currentStep, action, { note: input.note });
        await openStep(w, m, steps, nextStepIndex(steps, m.skippedSteps, m.currentStep));
        break;
      case 'execute': {
        if (step.kind === 'execution' && step.requiresVouchers && (await ports.countAttachments(w.tx, 'matter', m.id)) === 0) {
          throw validationError('attachments', '组织实施须上传凭证（发票、验收单、照片等）');
        }
        await recordEvent(w, m, step, m.currentStep, action, { note: input.note });
        await openStep(w, m, steps, nextStepIndex(steps, m.skippedSteps, m.currentStep));
        break;
      }
      case 'reject':
        await recordEvent(w, m, step, m.currentStep, action, { note: input.note, isPublic: true });
        await repo.updateMatter(w.tx, m.id, { status: 'rejected', completedAt: new Date(), stepDueOn: null, updatedAt: new Date(), updatedBy: actor.userId });
        break;
      case 'withdraw':
        await recordEvent(w, m, step, m.currentStep, action, { note: input.note, isPublic: true });
        await repo.updateMatter(w.tx, m.id, { status: 'withdrawn', completedAt: new Date(), stepDueOn: null, updatedAt: new Date(), updatedBy: actor.userId });
        break;
      case 'return': {
        await recordEvent(w, m, step, m.currentStep, action, { note: input.note });
        await openStep(w, m, steps, restartIndex(steps), { returnedWith: input.note });
        break;
      }
      case 'file_return': {
        await recordEvent(w, m, step, m.currentStep, action, { note: input.note });
        await openStep(w, m, steps, previousStepIndex(steps, m.skippedSteps, m.currentStep), { returnedWith: input.note });
        break;
      }
      case 'record_meeting': {
        if (step.kind !== 'meeting' || !input.meeting) throw validationError('meeting', '请填写会议记录');
        if (!m.decisionId) throw new AppError(ErrorCode.CONFLICT, { message: '该事项没有关联的四议两公开决策' });
        const outcome = await ports.recordDecisionStage(w, m.decisionId, step.stage, input.meeting);
        await recordEvent(w, m, step, m.currentStep, action, { note: input.note ?? outcome.reason, data: { ...input.meeting, outcome: outcome.outcome } });
        if (outcome.outcome === 'failed') {
          await repo.updateMatter(w.tx, m.id, { status: 'rejected', completedAt: new Date(), stepDueOn: null, updatedAt: new Date(), updatedBy: actor.userId });
        } else {
          await openStep(w, m, steps, nextStepIndex(steps, m.skippedSteps, m.currentStep));
        }
        break;
      }
      case 'close_notice': {
        if (step.kind !== 'notice') throw new AppError(ErrorCode.CONFLICT, { message: '当前不是公示步骤' });
        const { noticeEndsOn } = await stepDue(w.tx, m.regionCode, step, chinaDate(m.stepStartedAt ?? new Date()));
        if (noticeEndsOn && today < noticeEndsOn) throw new AppError(ErrorCode.CONFLICT, { message: `公示期至 ${noticeEndsOn}，期满后才能结束公示` });
        if ((await repo.countOpenObjections(w.tx, m.id)) > 0) throw new AppError(ErrorCode.CONFLICT, { message: '还有未答复的异议' });
        await recordEvent(w, m, step, m.currentStep, action, { note: input.note });
        await openStep(w, m, steps, nextStepIndex(steps, m.skippedSteps, m.currentStep));
        break;
      }
      case 'object':
        await raiseObjection(w, m, step, input.note ?? '', input.objectorName ?? null);
        break;
      case 'answer_objection': {
        if (!input.objectionId) throw validationError('objectionId', '请选择要答复的异议');
        if (!input.note) throw validationError('note', '请填写答复内容');
        const o = await repo.getObjection(w.tx, input.objectionId, m.id);
        if (!o || o.answeredAt) throw notFound('异议');
        await repo.updateObjection(w.tx, o.id, { answer: input.note, answeredAt: new Date(), answeredBy: actor.userId, upheld: input.upheld ?? false, updatedAt: new Date(), updatedBy: actor.userId });
        await recordEvent(w, m, step, m.currentStep, action, { note: input.note, data: { objectionId: o.id, upheld: input.upheld ?? false }, isPublic: true });
        if (input.upheld) {
          await repo.updateMatter(w.tx, m.id, { status: 'rejected', completedAt: new Date(), stepDueOn: null, updatedAt: new Date(), updatedBy: actor.userId });
        } else if ((await repo.countOpenObjections(w.tx, m.id)) === 0) {
          await repo.updateMatter(w.tx, m.id, { status: 'running', updatedAt: new Date(), updatedBy: actor.userId });
        }
        break;
      }
      default:
        throw new AppError(ErrorCode.CONFLICT, { message: '不支持的操作' });
    }
    const after = await repo.getMatter(w.tx, m.id, null);
    await w.record({ action: `matter.matter.${action}`, entityType: 'matter', entityId: m.id, regionCode: m.regionCode, before, after: { status: after!.status, currentStep: after!.currentStep, note: input.note ?? null } });
  });
  return getMatterDetail(db, actor, id);
}

/** An objection during a public notice pauses the matter until it is answered. */
async function raiseObjection(w: AuditedTx, m: repo.MatterRow, step: TFlowStep, content: string, name: string | null) {
  if (step.kind !== 'notice') throw new AppError(ErrorCode.CONFLICT, { message: '只能在公示期间提出异议' });
  if (content.trim().length < 5) throw validationError('content', '请写明异议内容（至少5个字）');
  await repo.insertObjection(w.tx, { id: randomUUID(), matterId: m.id, stepId: step.id, content, raisedByName: name, regionCode: m.regionCode, createdBy: w.actor.userId, updatedBy: w.actor.userId });
  await repo.updateMatter(w.tx, m.id, { status: 'paused', updatedAt: new Date(), updatedBy: w.actor.userId });
  await recordEvent(w, m, step, m.currentStep, 'object', { isPublic: true });
  await ports.notifyRole(w, {
    regionCode: m.regionCode,
    roles: [step.role],
    kind: 'assigned',
    title: `公示异议：${m.title}`,
    body: `事项 ${m.matterNo} 在公示期间收到异议，事项已暂停，请尽快核实答复。`,
    link: `/matters/${m.id}`,
    entityType: 'matter',
    entityId: m.id,
  });
}

/** A villager's objection from the portal, while the notice is up. */
export async function objectFromPublic(db: Db, actor: Actor, id: string, input: { content: string; name?: string }) {
  await audited(db, actor, async (w) => {
    const l = await load(w.tx, null, id, true);
    if (!l.matter.isPublic) throw notFound('事项');
    const step = l.steps[l.matter.currentStep]!;
    if (l.matter.status !== 'running' && l.matter.status !== 'paused') throw new AppError(ErrorCode.CONFLICT, { message: '事项不在公示期' });
    await raiseObjection(w, l.matter, step, input.content, input.name ?? null);
    await w.record({ action: 'matter.matter.object', entityType: 'matter', entityId: id, regionCode: l.matter.regionCode, after: { content: input.content, name: input.name ?? null } });
  });
}

function summary(m: repo.MatterRow, steps: TFlowStep[], itemName: string, itemCode: string, regionName: string | null) {
  const open = m.status === 'running' || m.status === 'paused';
  const step = open ? steps[m.currentStep] : undefined;
  return {
    id: m.id,
    matterNo: m.matterNo,
    title: m.title,
    itemId: m.itemId,
    itemCode,
    itemName,
    itemVersion: m.itemVersion,
    regionCode: m.regionCode,
    regionName: regionName ?? m.regionCode,
    status: m.status,
    amountFen: m.amountFen,
    currentStepName: step?.name ?? null,
    currentStepKind: step?.kind ?? null,
    currentStepRole: step?.role ?? null,
    stepDueOn: open ? m.stepDueOn : null,
    isOverdue: Boolean(open && m.stepDueOn && m.stepDueOn < chinaDate()),
    createdAt: m.createdAt.toISOString(),
  };
}

export async function getMatterDetail(db: Db, actor: Actor, id: string): Promise<TMatterDetail> {
  const l = await load(db, actor, id);
  const { matter: m, steps } = l;
  const { item } = await getItemById(db, null, m.itemId);
  const region = await getRegionInScope(db, m.regionCode, null);
  const [events, objections] = await Promise.all([repo.listEvents(db, m.id), repo.listObjections(db, m.id)]);
  const states = stepStates(steps, m.skippedSteps, m.currentStep, m.status);
  const step = steps[m.currentStep]!;
  const noticeEndsOn = step.kind === 'notice' && (m.status === 'running' || m.status === 'paused') ? ports.addCalendarDays(chinaDate(m.stepStartedAt ?? m.createdAt), step.days) : null;
  return {
    ...summary(m, steps, item.content.name, item.code, region?.name ?? null),
    applicantName: m.applicantName,
    applicantIdMasked: m.applicantIdMasked,
    decisionId: m.decisionId,
    noticeEndsOn,
    steps: steps.map((s, i) => ({ index: i, id: s.id, name: s.name, kind: s.kind, role: s.role, state: states[i]!, deadlineDays: s.deadlineDays, disclose: s.disclose, stage: s.kind === 'meeting' ? s.stage : null })),
    events: events.map((e) => ({
      id: e.id,
      action: e.action,
      stepId: e.stepId,
      stepName: e.stepIndex !== null ? (steps[e.stepIndex]?.name ?? null) : null,
      actorName: e.actorName,
      actorRole: e.actorRole,
      note: e.note,
      data: e.data ?? null,
      at: e.createdAt.toISOString(),
    })),
    objections: objections.map((o) => ({
      id: o.id,
      stepId: o.stepId,
      content: o.content,
      raisedByName: o.raisedByName,
      raisedAt: o.createdAt.toISOString(),
      answer: o.answer,
      answeredAt: o.answeredAt?.toISOString() ?? null,
      upheld: o.upheld,
    })),
    allowedActions: allowedActionsFor(actor, l),
  };
}

type MatterListFilter = Partial<Omit<TMatterListQuery, 'current' | 'pageSize'>>;

/** The repository filter of a list query (the list and its export), within the actor's scope. */
export function matterFilterOf(actor: Actor, q: MatterListFilter): repo.MatterFilter {
  return {
    scopeCode: actor.regionCode, regionCode: q.regionCode, status: q.status, itemId: q.itemId, q: q.q,
    overdueBefore: q.overdue === 'true' ? chinaDate() : undefined, createdFrom: q.createdFrom, createdTo: q.createdTo,
  };
}

export async function findMatters(db: Db, actor: Actor, q: MatterListFilter & { current: number; pageSize: number }, extra: Pick<repo.MatterFilter, 'awaitingFiling'> = {}) {
  const { rows, total } = await repo.findMatters(db, { ...matterFilterOf(actor, q), ...extra }, { offset: (q.current - 1) * q.pageSize, limit: q.pageSize });
  // A page's matters run on a few item versions: read each once, not once per row.
  const versions = new Map<string, ReturnType<typeof getItemVersion>>();
  const versionOf = (m: repo.MatterRow) => {
    const key = `${m.itemId}:${m.itemVersion}`;
    let v = versions.get(key);
    if (!v) versions.set(key, (v = getItemVersion(db, null, m.itemId, m.itemVersion)));
    return v;
  };
  const data = [];
  for (const r of rows) {
    const v = await versionOf(r.matter);
    data.push(summary(r.matter, v.content.flow.steps, r.itemName, r.itemCode, r.regionName));
  }
  return { data, total };
}

/** What villagers see: public matters of a village, their steps and public events; applicants' names masked. */
export async function findPublicMatters(db: Db, village: string, page: { current: number; pageSize: number }) {
  const { rows, total } = await repo.findMatters(db, { scopeCode: village, publicOnly: true }, { offset: (page.current - 1) * page.pageSize, limit: page.pageSize });
  const data = [];
  for (const r of rows) data.push(await publicView(db, r.matter, r.itemName, false));
  return { data, total };
}

export async function getPublicMatter(db: Db, id: string) {
  const m = await repo.getMatter(db, id, null);
  if (!m || !m.isPublic) throw notFound('事项');
  const { item } = await getItemById(db, null, m.itemId);
  return publicView(db, m, item.content.name, true);
}

async function publicView(db: Db, m: repo.MatterRow, itemName: string, detailed: boolean) {
  const v = await getItemVersion(db, null, m.itemId, m.itemVersion);
  const steps = v.content.flow.steps;
  const open = m.status === 'running' || m.status === 'paused';
  const step = steps[m.currentStep]!;
  const base = {
    id: m.id,
    matterNo: m.matterNo,
    title: m.title,
    itemId: m.itemId,
    itemName,
    regionCode: m.regionCode,
    status: m.status,
    applicantName: maskName(m.applicantName),
    amountFen: m.amountFen,
    currentStepName: open ? step.name : null,
    noticeEndsOn: open && step.kind === 'notice' ? ports.addCalendarDays(chinaDate(m.stepStartedAt ?? m.createdAt), step.days) : null,
    createdAt: m.createdAt.toISOString(),
  };
  if (!detailed) return base;
  const states = stepStates(steps, m.skippedSteps, m.currentStep, m.status);
  const [events, objections] = await Promise.all([repo.listEvents(db, m.id, true), repo.listObjections(db, m.id)]);
  return {
    ...base,
    steps: steps.map((s, i) => ({ index: i, name: s.name, kind: s.kind, state: states[i]!, disclose: s.disclose })),
    events: events.map((e) => ({ stepName: e.stepIndex !== null ? (steps[e.stepIndex]?.name ?? null) : null, action: e.action, note: e.action === 'object' ? null : e.note, at: e.createdAt.toISOString() })),
    objections: objections.map((o) => ({ raisedAt: o.createdAt.toISOString(), answer: o.answer, answeredAt: o.answeredAt?.toISOString() ?? null })),
  };
}

/**
 * The township's filing inbox: a page of the matters waiting at a filing step (with the total and
 * how many are overdue), decisions made, and per village the waiting count and time to decision.
 */
export async function getFilingInbox(db: Db, actor: Actor, page: { current: number; pageSize: number } = { current: 1, pageSize: 20 }) {
  const { data: pending, total: pendingTotal } = await findMatters(db, actor, { ...page, status: 'running' }, { awaitingFiling: true });
  const waiting = await repo.pendingFilingsByVillage(db, actor.regionCode, chinaDate());
  const decided = await repo.filingDecisions(db, actor.regionCode);
  const byVillage = new Map<string, { regionCode: string; regionName: string; pending: number; accepted: number; returned: number; hours: number[] }>();
  const entry = (code: string, name: string) => {
    if (!byVillage.has(code)) byVillage.set(code, { regionCode: code, regionName: name, pending: 0, accepted: 0, returned: 0, hours: [] });
    return byVillage.get(code)!;
  };
  for (const v of waiting) entry(v.regionCode, v.regionName ?? v.regionCode).pending = Number(v.pending);
  for (const d of decided) {
    const e = entry(d.event.regionCode, d.regionName ?? d.event.regionCode);
    if (d.event.action === 'file_accept') e.accepted++;
    else e.returned++;
    const events = await repo.listEvents(db, d.event.matterId);
    const opened = [...events].reverse().find((x) => x.createdAt < d.event.createdAt && x.stepIndex !== null && x.stepIndex < (d.event.stepIndex ?? 0));
    if (opened) e.hours.push((d.event.createdAt.getTime() - opened.createdAt.getTime()) / 3600_000);
  }
  return {
    pending,
    pendingTotal,
    pendingOverdue: waiting.reduce((n, v) => n + Number(v.overdue), 0),
    recent: decided.slice(0, 50).map((d) => ({ matterId: d.event.matterId, matterNo: d.matterNo, title: d.title, regionCode: d.event.regionCode, regionName: d.regionName ?? d.event.regionCode, action: d.event.action, note: d.event.note, at: d.event.createdAt.toISOString(), actorName: d.event.actorName })),
    byVillage: [...byVillage.values()].map(({ hours, ...v }) => ({ ...v, averageHoursToDecision: hours.length ? Math.round((hours.reduce((a, b) => a + b, 0) / hours.length) * 10) / 10 : null })),
  };
}

/** The matter's flowchart (the version it runs on) with done, current and skipped steps marked. */
export async function getMatterFlowchartSvg(db: Db, actor: Actor | null, id: string, theme: 'screen' | 'print' = 'screen') {
  const { matter: m, steps } = await load(db, actor, id);
  if (!actor && !m.isPublic) throw notFound('事项');
  const states = stepStates(steps, m.skippedSteps, m.currentStep, m.status);
  const { renderFlowchartSvg } = await import('@mpw/flowchart');
  return renderFlowchartSvg({ steps }, {
    title: m.title,
    theme,
    highlightStepId: steps.find((_, i) => states[i] === 'current')?.id,
    completedStepIds: steps.filter((_, i) => states[i] === 'done').map((s) => s.id),
    skippedStepIds: m.skippedSteps,
  });
}

/** Reminds whoever must act when a step falls due on the next working day (once per step). */
export async function remindDueSoon(db: Db, actor: Actor, today = chinaDate()): Promise<number> {
  let sent = 0;
  const open = await repo.findDueBetween(db, today, ports.addCalendarDays(today, 3));
  for (const m of open) {
    const due = await ports.addWorkingDays(db, m.regionCode, today, 1);
    if (!m.stepDueOn || m.stepDueOn > due) continue;
    await audited(db, actor, async (w) => {
      const v = await getItemVersion(w.tx, null, m.itemId, m.itemVersion);
      const step = v.content.flow.steps[m.currentStep]!;
      if (await repo.hasEvent(w.tx, m.id, 'due_soon', step.id)) return;
      await recordEvent(w, m, step, m.currentStep, 'due_soon', { note: `应于 ${m.stepDueOn} 前办理`, isPublic: false });
      const level = ROLE_DEFINITIONS[step.role].level;
      await ports.notifyRole(w, {
        regionCode: level === 'township' ? m.regionCode.slice(0, 9) + '000' : level === 'district' ? m.regionCode.slice(0, 6) + '000000' : m.regionCode,
        roles: [step.role],
        kind: 'due_soon',
        title: `即将到期：${m.title}`,
        body: `${m.matterNo} 的“${step.name}”步骤将于 ${m.stepDueOn} 到期，请及时办理。`,
        link: `/matters/${m.id}`,
        entityType: 'matter',
        entityId: m.id,
      });
      await w.record({ action: 'matter.matter.due_soon', entityType: 'matter', entityId: m.id, regionCode: m.regionCode, after: { stepId: step.id, dueOn: m.stepDueOn } });
      sent++;
    });
  }
  return sent;
}

/** Raises OVERDUE_STEP for every open step past its deadline, once per step; tells the township. */
export async function sweepOverdue(db: Db, actor: Actor, today = chinaDate()): Promise<number> {
  const overdue = await repo.findOverdue(db, today);
  let raised = 0;
  for (const m of overdue) {
    await audited(db, actor, async (w) => {
      const v = await getItemVersion(w.tx, null, m.itemId, m.itemVersion);
      const step = v.content.flow.steps[m.currentStep]!;
      await ports.raiseOverdueAlert(w, { matterNo: m.matterNo, stepId: step.id, regionCode: m.regionCode, summary: `事项“${m.title}”（${m.matterNo}）的“${step.name}”步骤已超过办理期限（${m.stepDueOn}）` });
      if (await repo.hasEvent(w.tx, m.id, 'overdue', step.id)) return;
      await recordEvent(w, m, step, m.currentStep, 'overdue', { note: `应于 ${m.stepDueOn} 前办理`, isPublic: false });
      await ports.notifyRole(w, {
        regionCode: m.regionCode.slice(0, 9) + '000',
        roles: ['township_discipline', 'township_staff'],
        kind: 'overdue',
        title: `逾期：${m.title}`,
        body: `${m.matterNo} 的“${step.name}”步骤已逾期（期限 ${m.stepDueOn}）。`,
        link: `/matters/${m.id}`,
        entityType: 'matter',
        entityId: m.id,
      });
      await w.record({ action: 'matter.matter.overdue', entityType: 'matter', entityId: m.id, regionCode: m.regionCode, after: { stepId: step.id, dueOn: m.stepDueOn } });
      raised++;
    });
  }
  return raised;
}
