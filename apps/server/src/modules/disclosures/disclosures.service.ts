import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@mpw/db';
import {
  DISCLOSURE_KIND_LABELS,
  contentProblems,
  periodProblem,
  regionLevelOf,
  type TAnswerQuestionRequest,
  type TAskQuestionRequest,
  type TCorrectDisclosureRequest,
  type TCreateDisclosureRequest,
  type TDisclosure,
  type TDisclosureContent,
  type TDisclosureDetail,
  type TDisclosureKind,
  type TDisclosureListQuery,
  type TDisclosureQuestionListQuery,
  type TDisclosureQuestionRow,
  type TOverdueSummary,
  type TPublicDisclosure,
  type TPublicDisclosureSummary,
  type TPublicDisclosureVersion,
  type TUpdateDisclosureRequest,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound, validationError } from '../../lib/errors.js';
import { chinaDate } from '../../lib/time.js';
import { audited, type AuditedTx } from '../audit/audit.log.js';
import { raiseAlert, resolveAlertByData } from '../alerts/alerts.service.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { notifyRole } from '../notifications/notifications.service.js';
import { getPublicVillage, getRegionInScope } from '../regions/regions.repository.js';
import { getSetting } from '../settings/settings.service.js';
import * as repo from './disclosures.repository.js';
import { FINANCE_MONTHLY_DUE_DAY, QUARTERLY_DUE_DAY, QUESTION_ANSWER_DAYS } from './disclosures.settings.js';
import {
  canCorrect,
  canEditDraft,
  canPublish,
  maskIdNumbers,
  monthlyDueOn,
  periodLabel,
  previousMonth,
  previousQuarter,
  privacyProblems,
  quarterlyDueOn,
} from './disclosures.policy.js';
import { presentDetail, presentDisclosure, presentPublicDisclosure, presentPublicSummary, presentPublicVersion, presentQuestionRow } from './disclosures.presenter.js';
import { assetsContractsFromRegisters, benefitsFromRegisters, financeStatementFromBooks, worksFromRegisters } from './disclosures.fill.js';

type Problem = { path: string; message: string };

function invalid(problems: Problem[]): AppError {
  return new AppError(ErrorCode.VALIDATION_FAILED, { message: `输入有误：${problems.map((p) => `${p.path}: ${p.message}`).join('；')}`, details: problems });
}

function conflict(message: string): AppError {
  return new AppError(ErrorCode.CONFLICT, { message });
}

/** The per-kind rules, checked whenever content is saved. */
function checkContent(kind: TDisclosureKind, content: TDisclosureContent) {
  const problems = contentProblems(kind, content);
  if (problems.length) throw invalid(problems);
}

/** The privacy guard at every publication: identity numbers and bank cards never reach the notice board. */
function checkPrivacy(title: string, content: TDisclosureContent) {
  const problems = privacyProblems(title, content);
  if (problems.length) throw new AppError(ErrorCode.VALIDATION_FAILED, { message: `公开内容含有个人敏感信息：${problems.map((p) => p.message).join('；')}`, details: problems });
}

async function loadDetail(db: DbOrTx, actor: Actor, id: string): Promise<TDisclosureDetail> {
  const row = await repo.getDisclosureInScope(db, id, actor.regionCode);
  if (!row) throw notFound('公开事项');
  return presentDetail(row, await repo.listVersions(db, id), await repo.listQuestions(db, id), chinaDate());
}

export async function getDisclosureById(db: DbOrTx, actor: Actor, id: string): Promise<TDisclosureDetail> {
  return loadDetail(db, actor, id);
}

export async function findDisclosures(db: Db, actor: Actor, q: TDisclosureListQuery): Promise<{ data: TDisclosure[]; total: number }> {
  const today = chinaDate();
  const { rows, total } = await repo.findDisclosures(
    db,
    {
      scopeCode: actor.regionCode, regionCode: q.regionCode, kind: q.kind, status: q.status, period: q.period, overdueBefore: q.overdue ? today : undefined,
      publishedFrom: q.publishedFrom, publishedTo: q.publishedTo, dueFrom: q.dueFrom, dueTo: q.dueTo, timeliness: q.timeliness ? { kind: q.timeliness, today } : undefined,
    },
    { offset: (q.current - 1) * q.pageSize, limit: q.pageSize },
  );
  return { data: rows.map((r) => presentDisclosure(r, today)), total };
}

/** The repository filter of a 公开事项提问 list query (the list and its export), within the actor's scope. */
function questionFilterOf(actor: Actor, q: Omit<TDisclosureQuestionListQuery, 'current' | 'pageSize'>, today: string): repo.QuestionFilter {
  return {
    scopeCode: actor.regionCode, regionCode: q.regionCode, status: q.status, overdueBefore: q.overdue ? today : undefined,
    askedFrom: q.askedFrom, askedTo: q.askedTo, dueFrom: q.dueFrom, dueTo: q.dueTo, timeliness: q.timeliness ? { kind: q.timeliness, today } : undefined,
  };
}

/** 公开事项提问: the villagers' questions on disclosure items in the actor's scope. */
export async function findDisclosureQuestions(db: DbOrTx, actor: Actor, q: TDisclosureQuestionListQuery): Promise<{ data: TDisclosureQuestionRow[]; total: number }> {
  const today = chinaDate();
  const { rows, total } = await repo.findQuestions(db, questionFilterOf(actor, q, today), { offset: (q.current - 1) * q.pageSize, limit: q.pageSize });
  return { data: rows.map((r) => presentQuestionRow(r, today)), total };
}

/** A saved draft is a new row (version 0, −1, …): content rows are never updated in place. */
async function saveDraft(w: AuditedTx, item: { id: string; regionCode: string }, content: TDisclosureContent) {
  const previous = await repo.latestDraft(w.tx, item.id);
  const now = new Date();
  await repo.insertVersion(w.tx, {
    id: randomUUID(),
    disclosureId: item.id,
    version: previous ? previous.version - 1 : 0,
    content,
    correctionReason: null,
    publishedAt: now,
    publishedBy: null,
    regionCode: item.regionCode,
    createdBy: w.actor.userId,
    updatedBy: w.actor.userId,
  });
}

/** Starts a draft item in a village (a village account may leave out `regionCode`). */
export async function createDisclosure(db: Db, actor: Actor, input: TCreateDisclosureRequest): Promise<TDisclosureDetail> {
  const regionCode = input.regionCode ?? (actor.regionCode && regionLevelOf(actor.regionCode) === 'village' ? actor.regionCode : null);
  if (!regionCode) throw validationError('regionCode', '请选择公开事项所属的村');
  if (regionLevelOf(regionCode) !== 'village') throw validationError('regionCode', '公开事项只能属于一个村（12位村级区划代码）');
  const badPeriod = periodProblem(input.kind, input.period);
  if (badPeriod) throw validationError('period', badPeriod);
  if (input.content) checkContent(input.kind, input.content);
  return audited(db, actor, async (w) => {
    const village = await getRegionInScope(w.tx, regionCode, actor.regionCode);
    if (!village || village.level !== 'village') throw notFound('村庄');
    if (input.period && (await repo.hasPeriodItem(w.tx, regionCode, input.kind, input.period))) {
      throw conflict(`本村${periodLabel(input.period)}的“${DISCLOSURE_KIND_LABELS[input.kind]}”已存在，请在原事项上编辑或更正`);
    }
    const id = randomUUID();
    const row = {
      id,
      kind: input.kind,
      title: input.title,
      period: input.period ?? null,
      dueOn: input.dueOn ?? null,
      status: 'draft' as const,
      currentVersion: 0,
      sourceType: input.sourceType ?? null,
      sourceId: input.sourceId ?? null,
      regionCode,
      createdBy: actor.userId,
      updatedBy: actor.userId,
    };
    await repo.insertDisclosure(w.tx, row);
    if (input.content) await saveDraft(w, row, input.content);
    await w.record({
      action: 'disclosure.item.create',
      entityType: 'disclosure',
      entityId: id,
      regionCode,
      after: { kind: row.kind, title: row.title, period: row.period, dueOn: row.dueOn, status: row.status, sourceType: row.sourceType, sourceId: row.sourceId, hasContent: !!input.content },
    });
    return loadDetail(w.tx, actor, id);
  });
}

/** Edits a draft: title, period, due date, content (a new draft row). Published items are corrected instead (409). */
export async function updateDisclosure(db: Db, actor: Actor, id: string, input: TUpdateDisclosureRequest): Promise<TDisclosureDetail> {
  return audited(db, actor, async (w) => {
    const item = await repo.lockDisclosureInScope(w.tx, id, actor.regionCode);
    if (!item) throw notFound('公开事项');
    if (!canEditDraft(item.status)) throw conflict('已公开的内容不能修改，如有错误请发布更正');
    const period = input.period === undefined ? item.period : input.period;
    const badPeriod = periodProblem(item.kind, period);
    if (badPeriod) throw validationError('period', badPeriod);
    if (input.content) checkContent(item.kind, input.content);
    if (period && period !== item.period && (await repo.hasPeriodItem(w.tx, item.regionCode, item.kind, period))) {
      throw conflict(`本村${periodLabel(period)}的“${DISCLOSURE_KIND_LABELS[item.kind]}”已存在`);
    }
    const patch = {
      title: input.title ?? item.title,
      period,
      dueOn: input.dueOn === undefined ? item.dueOn : input.dueOn,
    };
    await repo.updateDisclosure(w.tx, id, { ...patch, updatedAt: new Date(), updatedBy: actor.userId });
    if (input.content) await saveDraft(w, item, input.content);
    await w.record({
      action: 'disclosure.item.update',
      entityType: 'disclosure',
      entityId: id,
      regionCode: item.regionCode,
      before: { title: item.title, period: item.period, dueOn: item.dueOn },
      after: { ...patch, contentSaved: !!input.content },
    });
    return loadDetail(w.tx, actor, id);
  });
}

/** Inserts published version `version` and records it; shared by publish and correct. */
async function publishVersion(w: AuditedTx, item: repo.DisclosureRow, content: TDisclosureContent, version: number, reason: string | null) {
  const now = new Date();
  await repo.insertVersion(w.tx, {
    id: randomUUID(),
    disclosureId: item.id,
    version,
    content,
    correctionReason: reason,
    publishedAt: now,
    publishedBy: w.actor.userId,
    regionCode: item.regionCode,
    createdBy: w.actor.userId,
    updatedBy: w.actor.userId,
  });
  await repo.updateDisclosure(w.tx, item.id, {
    status: 'published',
    currentVersion: version,
    firstPublishedAt: item.firstPublishedAt ?? now,
    updatedAt: now,
    updatedBy: w.actor.userId,
  });
  await w.record({
    action: version === 1 ? 'disclosure.item.publish' : 'disclosure.item.correct',
    entityType: 'disclosure',
    entityId: item.id,
    regionCode: item.regionCode,
    before: { status: item.status, currentVersion: item.currentVersion },
    after: { status: 'published', currentVersion: version, correctionReason: reason, content },
  });
  // A late publication ends the overdue condition (the alert stays for a person to close).
  await resolveAlertByData(w, { rule: 'DISCLOSURE_OVERDUE', subjectType: 'disclosure', subjectId: item.id });
}

/** Publishes the saved draft as version 1. Refused (400, naming the place) when it shows an identity or bank card number. */
export async function publishDisclosure(db: Db, actor: Actor, id: string): Promise<TDisclosureDetail> {
  return audited(db, actor, async (w) => {
    const item = await repo.lockDisclosureInScope(w.tx, id, actor.regionCode);
    if (!item) throw notFound('公开事项');
    if (!canPublish(item.status)) throw conflict('该事项已公开；如需修改，请发布更正（公开内容不撤回）');
    const draft = await repo.latestDraft(w.tx, id);
    if (!draft) throw conflict('尚未填写公开内容，不能公开');
    const badPeriod = periodProblem(item.kind, item.period);
    if (badPeriod) throw validationError('period', badPeriod);
    const content = draft.content as TDisclosureContent;
    checkContent(item.kind, content);
    checkPrivacy(item.title, content);
    await publishVersion(w, item, content, 1, null);
    return loadDetail(w.tx, actor, id);
  });
}

/** Publishes version N+1 of a published item with the reason; earlier versions stay readable. */
export async function correctDisclosure(db: Db, actor: Actor, id: string, input: TCorrectDisclosureRequest): Promise<TDisclosureDetail> {
  return audited(db, actor, async (w) => {
    const item = await repo.lockDisclosureInScope(w.tx, id, actor.regionCode);
    if (!item) throw notFound('公开事项');
    if (!canCorrect(item.status)) throw conflict('尚未公开的事项无需更正，请直接编辑草稿');
    checkContent(item.kind, input.content);
    checkPrivacy(item.title, input.content);
    await publishVersion(w, item, input.content, item.currentVersion + 1, input.reason);
    return loadDetail(w.tx, actor, id);
  });
}

// ---- Questions ----

/** A villager asks about a published item (name optional; no IP or account is kept). Identity numbers typed in are masked. */
export async function askQuestion(db: Db, actor: Actor, id: string, input: TAskQuestionRequest): Promise<{ id: string; dueOn: string }> {
  return audited(db, actor, async (w) => {
    const item = await repo.getPublicDisclosure(w.tx, id);
    if (!item) throw notFound('公开事项');
    const today = chinaDate();
    const days = await getSetting(w.tx, QUESTION_ANSWER_DAYS, item.regionCode, today);
    const dueOn = (await getCalendar(w.tx, item.regionCode)).addWorkingDays(today, days);
    const qid = randomUUID();
    const row = { id: qid, disclosureId: id, content: maskIdNumbers(input.content), askerName: input.name ? maskIdNumbers(input.name) : null, dueOn, regionCode: item.regionCode };
    await repo.insertQuestion(w.tx, row);
    await w.record({ action: 'disclosure.question.ask', entityType: 'disclosure_question', entityId: qid, regionCode: item.regionCode, after: { disclosureId: id, content: row.content, askerName: row.askerName, dueOn } });
    await notifyRole(w, {
      regionCode: item.regionCode,
      roles: ['village_secretary', 'village_accountant'],
      kind: 'assigned',
      title: `村民提问：${item.title}`.slice(0, 50),
      body: `村民对公开事项提出了问题，请在 ${dueOn} 前公开答复。`,
      link: `/disclosures/${id}`,
      entityType: 'disclosure',
      entityId: id,
    });
    return { id: qid, dueOn };
  });
}

/** Answers a question in public (once: a published answer is not rewritten). */
export async function answerQuestion(db: Db, actor: Actor, id: string, questionId: string, input: TAnswerQuestionRequest): Promise<TDisclosureDetail> {
  return audited(db, actor, async (w) => {
    const item = await repo.getDisclosureInScope(w.tx, id, actor.regionCode);
    if (!item) throw notFound('公开事项');
    const q = await repo.lockQuestion(w.tx, id, questionId);
    if (!q) throw notFound('问题');
    if (q.answeredAt) throw conflict('该问题已答复，答复已公开，不能修改');
    const now = new Date();
    const answer = maskIdNumbers(input.answer);
    await repo.updateQuestion(w.tx, questionId, { answer, answeredAt: now, answeredBy: actor.userId, updatedAt: now, updatedBy: actor.userId });
    await w.record({ action: 'disclosure.question.answer', entityType: 'disclosure_question', entityId: questionId, regionCode: item.regionCode, before: { answer: null }, after: { disclosureId: id, answer } });
    await resolveAlertByData(w, { rule: 'QUESTION_OVERDUE', subjectType: 'question', subjectId: questionId });
    return loadDetail(w.tx, actor, id);
  });
}

// ---- Schedules, overdue items and questions ----

/**
 * Makes sure every village has the records due this period, as drafts with their due date:
 * last month's finance statement, last quarter's assets/contracts and benefits lists.
 * Returns how many were created.
 */
export async function ensureDueDisclosures(db: Db, actor: Actor, today = chinaDate()): Promise<number> {
  const month = previousMonth(today);
  const quarter = previousQuarter(today);
  let created = 0;
  for (const v of await repo.listVillages(db)) {
    const monthlyDay = await getSetting(db, FINANCE_MONTHLY_DUE_DAY, v.code, today);
    const quarterlyDay = await getSetting(db, QUARTERLY_DUE_DAY, v.code, today);
    const wanted: { kind: TDisclosureKind; period: string; dueOn: string }[] = [
      { kind: 'finance_monthly', period: month, dueOn: monthlyDueOn(month, monthlyDay) },
      { kind: 'assets_contracts', period: quarter, dueOn: quarterlyDueOn(quarter, quarterlyDay) },
      { kind: 'benefits', period: quarter, dueOn: quarterlyDueOn(quarter, quarterlyDay) },
    ];
    for (const d of wanted) {
      if (await repo.hasPeriodItem(db, v.code, d.kind, d.period)) continue;
      await audited(db, actor, async (w) => {
        const row = {
          id: randomUUID(),
          ...d,
          title: `${v.name}${periodLabel(d.period)}${DISCLOSURE_KIND_LABELS[d.kind]}`,
          status: 'draft' as const,
          currentVersion: 0,
          regionCode: v.code,
          createdBy: actor.userId,
          updatedBy: actor.userId,
        };
        if (!(await repo.insertDisclosureIfAbsent(w.tx, row))) return;
        await w.record({ action: 'disclosure.item.schedule', entityType: 'disclosure', entityId: row.id, regionCode: v.code, after: { kind: row.kind, title: row.title, period: row.period, dueOn: row.dueOn, status: row.status } });
        created++;
      });
    }
  }
  return created;
}

/**
 * DISCLOSURE_OVERDUE for every draft past its due date (the secretary is told once, when the
 * alert is new) and QUESTION_OVERDUE for every unanswered question past its due date.
 */
export async function sweepOverdue(db: Db, actor: Actor, today = chinaDate()): Promise<{ disclosures: number; questions: number }> {
  let newItems = 0;
  let newQuestions = 0;
  for (const d of await repo.findOverdueDrafts(db, today)) {
    await audited(db, actor, async (w) => {
      const raised = await raiseAlert(w, {
        rule: 'DISCLOSURE_OVERDUE',
        subjectType: 'disclosure',
        subjectId: d.id,
        regionCode: d.regionCode,
        summary: `${d.regionName ?? d.regionCode}“${d.title}”应于${d.dueOn}前公开，至今未公开`,
        evidence: `disclosures:${d.id}`,
      });
      if (raised.change === 'seen') return;
      newItems++;
      await notifyRole(w, {
        regionCode: d.regionCode,
        roles: ['village_secretary'],
        kind: 'overdue',
        title: `公开逾期：${d.title}`.slice(0, 50),
        body: `“${d.title}”应于 ${d.dueOn} 前公开，请尽快公开。`,
        link: `/disclosures/${d.id}`,
        entityType: 'disclosure',
        entityId: d.id,
      });
    });
  }
  for (const { question: q, title } of await repo.findOverdueQuestions(db, today)) {
    await audited(db, actor, async (w) => {
      const raised = await raiseAlert(w, {
        rule: 'QUESTION_OVERDUE',
        subjectType: 'question',
        subjectId: q.id,
        regionCode: q.regionCode,
        summary: `村民对“${title}”的提问应于${q.dueOn}前答复，至今未答复`,
        evidence: `disclosures:${q.disclosureId};disclosure_questions:${q.id}`,
      });
      if (raised.change === 'seen') return;
      newQuestions++;
      await notifyRole(w, {
        regionCode: q.regionCode,
        roles: ['village_secretary'],
        kind: 'overdue',
        title: `答复逾期：${title}`.slice(0, 50),
        body: `村民提问应于 ${q.dueOn} 前答复，请尽快公开答复。`,
        link: `/disclosures/${q.disclosureId}`,
        entityType: 'disclosure',
        entityId: q.disclosureId,
      });
    });
  }
  return { disclosures: newItems, questions: newQuestions };
}

/** The township's overview: per village in scope, overdue drafts and overdue unanswered questions. */
export async function overdueSummary(db: Db, actor: Actor, q: { regionCode?: string }): Promise<TOverdueSummary> {
  const today = chinaDate();
  const { items, questions } = await repo.overdueByVillage(db, actor.regionCode, q.regionCode, today);
  const codes = [...new Set([...items.map((i) => i.regionCode), ...questions.map((i) => i.regionCode)])].sort();
  const names = await repo.regionNames(db, codes);
  const data = codes.map((code) => {
    const i = items.find((x) => x.regionCode === code);
    return {
      regionCode: code,
      regionName: names.get(code) ?? code,
      overdueCount: Number(i?.n ?? 0),
      oldestDueOn: i?.oldest ?? '',
      unansweredOverdueQuestions: Number(questions.find((x) => x.regionCode === code)?.n ?? 0),
    };
  });
  return { data, total: data.length };
}

// ---- What villagers read ----

export async function findPublicDisclosures(db: Db, q: { village: string; kind?: TDisclosureKind; current: number; pageSize: number }): Promise<{ data: TPublicDisclosureSummary[]; total: number }> {
  if (!(await getPublicVillage(db, q.village))) throw notFound('村庄');
  const { rows, total } = await repo.findPublicDisclosures(db, q.village, q.kind, { offset: (q.current - 1) * q.pageSize, limit: q.pageSize });
  const last = await repo.lastPublishedAt(db, rows.map((r) => r.id));
  return { data: rows.map((r) => presentPublicSummary(r, last.get(r.id))), total };
}

export async function getPublicDisclosure(db: DbOrTx, id: string): Promise<TPublicDisclosure> {
  const row = await repo.getPublicDisclosure(db, id);
  if (!row) throw notFound('公开事项');
  return presentPublicDisclosure(row, await repo.listPublishedVersions(db, id), await repo.listQuestions(db, id));
}

export async function getPublicVersion(db: Db, id: string, version: number): Promise<TPublicDisclosureVersion> {
  const row = await repo.getPublicDisclosure(db, id);
  if (!row) throw notFound('公开事项');
  const v = (await repo.listPublishedVersions(db, id)).find((x) => x.version === version);
  if (!v) throw notFound('该版本');
  return presentPublicVersion(row, v);
}

/**
 * Fills a draft monthly finance statement from the village's final ledger entries (the
 * accountant's books, reviewed by the supervision committee), ready to check and publish.
 */
export async function fillFromBooks(db: Db, actor: Actor, id: string): Promise<TDisclosureDetail> {
  const item = await getDisclosureById(db, actor, id);
  if (item.kind !== 'finance_monthly' || !item.period) throw conflict('只有月度财务公开可以从账簿生成');
  if (item.status !== 'draft') throw conflict('已公开的内容不能修改，如有错误请发布更正');
  const content = await financeStatementFromBooks(db, item.regionCode, item.period);
  return updateDisclosure(db, actor, id, { content });
}

/** The kinds the platform can draw from its own records, and where from (for messages). */
export const GENERATED_KINDS: Partial<Record<TDisclosureKind, string>> = {
  finance_monthly: '账簿',
  benefits: '救助保障对象名单',
  assets_contracts: '资产和合同台账',
  works: '工程合同和付款记录',
};

/**
 * Fills a draft from the records behind its kind: the monthly statement from the books, the
 * benefit list from the department's benefit_recipients (and 低保 matters), the asset and contract
 * list from the register, works from the 工程 contracts and their payments. The secretary checks
 * it and publishes; the privacy guard applies at publication as always.
 */
export async function fillFromData(db: Db, actor: Actor, id: string): Promise<TDisclosureDetail> {
  const item = await getDisclosureById(db, actor, id);
  if (!GENERATED_KINDS[item.kind]) throw conflict(`“${DISCLOSURE_KIND_LABELS[item.kind]}”不能自动生成，请手工填写`);
  if (item.status !== 'draft') throw conflict('已公开的内容不能修改，如有错误请发布更正');
  const today = chinaDate();
  let content: TDisclosureContent;
  switch (item.kind) {
    case 'finance_monthly':
      if (!item.period) throw validationError('period', '财务收支月度公开须填写月份（YYYY-MM）');
      content = await financeStatementFromBooks(db, item.regionCode, item.period);
      break;
    case 'benefits':
      content = await benefitsFromRegisters(db, item.regionCode, item.period, today);
      break;
    case 'assets_contracts':
      content = await assetsContractsFromRegisters(db, item.regionCode, item.period, today);
      break;
    default:
      content = await worksFromRegisters(db, item.regionCode, item.period, today);
  }
  return updateDisclosure(db, actor, id, { content });
}

// ---- Items a power flow says to publish ----

export interface FlowPublication {
  matterId: string;
  matterNo: string;
  matterTitle: string;
  itemName: string;
  regionCode: string;
  stepId: string;
  stepName: string;
  stepKind: 'notice' | 'disclosure' | 'meeting';
  /** What the flow says villagers see at this step. */
  disclose: string;
  applicantName: string | null;
  amountFen: number | null;
  /** Day the step opened (China date). */
  openedOn: string;
  /** For a notice: the last day it stays up. */
  noticeEndsOn: string | null;
  /** When it must be on the board. */
  dueOn: string;
}

/** The item a flow step asks for: source `matter`, id `<matter id>:<step id>`. */
export const flowSourceId = (matterId: string, stepId: string) => `${matterId}:${stepId}`;

/**
 * When a matter reaches a step that publishes (a 公示 notice, a 结果公开 disclosure step, or the
 * 决议公开 / 实施结果公开 meetings of 四议两公开), the village gets a draft disclosure of it with
 * its due date, filled with what the matter holds and the flow says to disclose. The secretary
 * checks and publishes it (the privacy guard applies then); an overdue draft raises
 * DISCLOSURE_OVERDUE like any other. Runs inside the matter's transaction; a step reopened
 * later (a returned matter) keeps the item made the first time. Returns the item's id.
 */
export async function openFlowPublication(w: AuditedTx, p: FlowPublication): Promise<string> {
  const sourceId = flowSourceId(p.matterId, p.stepId);
  const existing = await repo.findBySource(w.tx, p.regionCode, 'matter', sourceId);
  if (existing) return existing.id;
  const kind: TDisclosureKind = p.stepKind === 'meeting' ? 'decisions' : 'matter';
  // The flow says whether names are disclosed (e.g. 低保: 申请人姓名); otherwise only the surname.
  const showName = /姓名|名单/.test(p.disclose);
  const applicant = p.applicantName ? maskIdNumbers(showName ? p.applicantName : maskName(p.applicantName)) : null;
  const rows: string[][] = [
    ['事项', maskIdNumbers(p.matterTitle)],
    ['事项编号', p.matterNo],
    ['办理依据', p.itemName],
    ...(applicant ? [['申请人', applicant]] : []),
    ...(p.amountFen !== null ? [['金额(元)', (p.amountFen / 100).toFixed(2)]] : []),
    ...(p.noticeEndsOn ? [['公示期', `${p.openedOn} 至 ${p.noticeEndsOn}`]] : []),
  ];
  const content: TDisclosureContent = {
    summary: (p.stepKind === 'notice'
      ? `“${p.matterTitle}”进入公示（${p.openedOn}至${p.noticeEndsOn}），公示期内可以在本页提问或提出异议。`
      : `“${p.matterTitle}”已到“${p.stepName}”环节，现予公开。`) + (p.disclose ? `公开内容：${p.disclose}。` : ''),
    sections: [{ heading: '事项信息', table: { columns: ['项目', '内容'], rows } }, { heading: p.stepName, text: p.disclose || '（请补充公开内容）' }],
  };
  const id = randomUUID();
  const row = {
    id,
    kind,
    title: `${p.stepName}：${p.matterTitle}`.slice(0, 100),
    period: null,
    dueOn: p.dueOn,
    status: 'draft' as const,
    currentVersion: 0,
    sourceType: 'matter',
    sourceId,
    regionCode: p.regionCode,
    createdBy: w.actor.userId,
    updatedBy: w.actor.userId,
  };
  await repo.insertDisclosure(w.tx, row);
  await saveDraft(w, row, content);
  await w.record({
    action: 'disclosure.item.schedule',
    entityType: 'disclosure',
    entityId: id,
    regionCode: p.regionCode,
    after: { kind, title: row.title, dueOn: row.dueOn, status: row.status, sourceType: row.sourceType, sourceId, matterNo: p.matterNo, step: p.stepName },
  });
  await notifyRole(w, {
    regionCode: p.regionCode,
    roles: ['village_secretary'],
    kind: 'assigned',
    title: `待公开：${row.title}`.slice(0, 50),
    body: `事项 ${p.matterNo} 已到“${p.stepName}”，请核对公开内容并在 ${p.dueOn} 前公开。`,
    link: `/disclosures/${id}`,
    entityType: 'disclosure',
    entityId: id,
  });
  return id;
}

/** Masks a name for public view: the surname stays (张三 → 张*, 欧阳小明 → 欧**明). */
function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}
