import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@mpw/db';
import {
  REPORT_STATUS_PUBLIC_LABELS,
  type TReportAccessRequest,
  type TReportChallenge,
  type TReportLevel,
  type TReportReceipt,
  type TReportStatus,
  type TReporterMessageRequest,
  type TReporterView,
  type TRetaliationRequest,
  type TSubmitReportRequest,
} from '@mpw/contracts';
import { anonymousActor, type Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, validationError } from '../../lib/errors.js';
import { dummyPasswordHash, verifyPassword } from '../../lib/passwords.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { chinaDate, chinaDayStart } from '../../lib/time.js';
import { audited, type AuditedTx } from '../audit/audit.log.js';
import { maxAttachmentBytes, storeAttachment } from '../attachments/attachments.service.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { firstDistrictCode } from '../jobs/jobs.repository.js';
import { districtOf, getSetting } from '../settings/settings.service.js';
import { receiptHash } from './reports.crypto.js';
import { addReportEvent } from './reports.events.js';
import { createReport, reporterAuditRegion } from './reports.intake.js';
import { ChallengeLedger, issueChallenge, type ChallengeRefusal } from './reports.pow.js';
import { filingRegionOf, townshipOf } from './reports.policy.js';
import * as repo from './reports.public.repository.js';
import { syncReportFiles } from './reports.service.js';
import { REPORT_ACCEPT_DAYS, REPORT_POW_DIFFICULTY, REPORT_TRANSFER_DAYS } from './reports.settings.js';
import { signReporterToken, verifyReporterToken } from './reports.token.js';

/**
 * Everything the reporter does acts as nobody: no account, no request id (so no audit row can be
 * joined with a log line), and every time the reporter causes to be stored is the start of the day.
 */
const reporterActor = (): Actor => anonymousActor(null);
const todayStart = () => chinaDayStart(chinaDate());

const challenges = new ChallengeLedger();

const CHALLENGE_REFUSALS: Record<ChallengeRefusal, string> = {
  forged: '验证信息无效，请刷新页面后重新提交',
  expired: '验证信息已过期，请重新提交',
  used: '验证信息已使用过，请重新提交',
  unsolved: '验证计算结果不正确，请重新提交',
};

/** A proof-of-work challenge at the difficulty of the district (of `regionCode`, else the deployment's first). */
export async function getChallenge(db: Db, secrets: SecretBox, regionCode?: string): Promise<TReportChallenge> {
  const district = regionCode ? districtOf(regionCode) : await firstDistrictCode(db);
  const difficulty = district ? await getSetting(db, REPORT_POW_DIFFICULTY, district) : REPORT_POW_DIFFICULTY.defaultValue;
  return issueChallenge(secrets, difficulty);
}

/** A report from the portal: the challenge is spent first, then the report is created as nobody's. */
export async function submitReport(db: Db, secrets: SecretBox, input: TSubmitReportRequest): Promise<TReportReceipt> {
  const refusal = await challenges.spend(db, secrets, input.challenge, input.nonce);
  if (refusal) throw validationError('challenge', CHALLENGE_REFUSALS[refusal]);
  const { challenge: _c, nonce: _n, ...body } = input;
  try {
    return await audited(db, reporterActor(), (w) => createReport(w, secrets, { ...body, channel: 'portal' }));
  } catch (err) {
    // Nothing was written: the solved challenge may pay for the corrected submission.
    if (err instanceof AppError && err.code === ErrorCode.VALIDATION_FAILED) await challenges.release(db, input.challenge);
    throw err;
  }
}

// ---- Access with receipt code and passphrase ----

const ACCESS_WINDOW_MS = 15 * 60_000;
/** Wrong tries allowed per receipt code, and per client, within the window. */
export const ACCESS_MAX_FAILURES_PER_CODE = 5;
export const ACCESS_MAX_FAILURES_PER_CLIENT = 20;

/** Failed tries in this process's memory only, forgotten when the window ends (like plugins/rate-limit.ts). */
class FailureCounter {
  private readonly counts = new Map<string, { resetAt: number; count: number }>();
  constructor(private readonly max: number) {}
  isBlocked(key: string, now: number): boolean {
    const c = this.counts.get(key);
    return !!c && c.resetAt > now && c.count >= this.max;
  }
  fail(key: string, now: number) {
    for (const [k, c] of this.counts) if (c.resetAt <= now) this.counts.delete(k);
    const c = this.counts.get(key);
    if (!c || c.resetAt <= now) this.counts.set(key, { resetAt: now + ACCESS_WINDOW_MS, count: 1 });
    else c.count++;
  }
}
const failuresByCode = new FailureCounter(ACCESS_MAX_FAILURES_PER_CODE);
const failuresByClient = new FailureCounter(ACCESS_MAX_FAILURES_PER_CLIENT);

/**
 * Exchanges the receipt code and passphrase for a short-lived token. An unknown code and a wrong
 * passphrase get the same answer after the same work; repeated failures are refused for a while.
 */
export async function accessReport(db: Db, secrets: SecretBox, input: TReportAccessRequest, clientKey: string): Promise<{ token: string; expiresAt: string }> {
  const now = Date.now();
  const codeKey = receiptHash(input.receiptCode);
  if (failuresByCode.isBlocked(codeKey, now) || failuresByClient.isBlocked(clientKey, now)) {
    throw new AppError(ErrorCode.RATE_LIMITED, { message: '查询失败次数过多，请15分钟后再试' });
  }
  const row = await repo.findReportByReceiptHash(db, codeKey);
  const ok = row?.passphraseHash ? await verifyPassword(input.passphrase, row.passphraseHash) : (await verifyPassword(input.passphrase, await dummyPasswordHash()), false);
  if (!row || !ok) {
    failuresByCode.fail(codeKey, now);
    failuresByClient.fail(clientKey, now);
    throw new AppError(ErrorCode.INVALID_CREDENTIALS, { message: '受理码或查询密码不正确' });
  }
  return signReporterToken(secrets, row.id);
}

function reportOfToken(secrets: SecretBox, token: string | undefined): string {
  const id = verifyReporterToken(secrets, token);
  if (!id) throw new AppError(ErrorCode.UNAUTHENTICATED, { message: '查询凭证无效或已过期，请重新输入受理码和查询密码' });
  return id;
}

// ---- The reporter's view ----

/** Steps of the history the reporter is told about, in plain words; internal steps are left out. */
function progressText(e: { kind: string; toStatus: string | null }): string | null {
  switch (e.kind) {
    case 'received':
      return '举报已收到';
    case 'accepted':
      return '举报已受理';
    case 'not_accepted':
      return '决定不予受理';
    case 'assigned':
      return '已安排专人核查';
    case 'transferred':
      return '已转交有关单位办理';
    case 'note':
      return e.toStatus === 'verifying' ? '正在核查' : null;
    case 'evidence':
      return '收到您补充的材料';
    case 'retaliation':
      return '收到您反映的打击报复情况，已提级办理';
    case 'concluded':
      return '核查已办结';
    case 'feedback':
      return '已向您反馈办理结果';
    case 'archived':
      return '已归档';
    default:
      return null;
  }
}

async function presentReporterView(db: DbOrTx, row: repo.ReportRow): Promise<TReporterView> {
  const [events, messages, files] = await Promise.all([repo.listEvents(db, row.id), repo.listMessages(db, row.id), repo.listReporterAttachments(db, row.id)]);
  const status = row.status as TReportStatus;
  const fedBack = status === 'feedback_given' || (status === 'archived' && row.feedback !== null);
  return {
    number: row.number,
    category: row.category as TReporterView['category'],
    status,
    statusText: REPORT_STATUS_PUBLIC_LABELS[status],
    receivedOn: row.receivedOn,
    anonymous: row.isAnonymous,
    content: row.content,
    progress: events.flatMap((e) => {
      const text = progressText(e);
      return text ? [{ on: chinaDate(e.at), text }] : [];
    }),
    messages: messages.map((m) => ({
      id: m.id,
      direction: m.direction as 'to_reporter' | 'from_reporter',
      body: m.body,
      at: m.direction === 'from_reporter' ? chinaDate(m.at) : m.at.toISOString(),
    })),
    feedback: row.notAcceptedReason ?? (fedBack ? row.feedback : null),
    conclusion: fedBack ? (row.conclusion as TReporterView['conclusion']) : null,
    attachments: files.map((f) => ({ id: f.id, fileName: f.fileName, mimeType: f.mimeType, sizeBytes: Number(f.sizeBytes) })),
    retaliationFlagged: row.retaliationFlaggedAt !== null,
    isOpen: status !== 'archived',
  };
}

export async function getReporterView(db: Db, secrets: SecretBox, token: string | undefined): Promise<TReporterView> {
  const row = await repo.getReport(db, reportOfToken(secrets, token));
  if (!row) throw new AppError(ErrorCode.UNAUTHENTICATED, { message: '查询凭证无效或已过期，请重新输入受理码和查询密码' });
  return presentReporterView(db, row);
}

/** The district's upload limit for the token's report (checked before the file is read). */
export async function reporterUploadLimit(db: Db, secrets: SecretBox, token: string | undefined): Promise<number> {
  const row = await repo.getReport(db, reportOfToken(secrets, token));
  if (!row) throw new AppError(ErrorCode.UNAUTHENTICATED, { message: '查询凭证无效或已过期，请重新输入受理码和查询密码' });
  return maxAttachmentBytes(db, row.regionCode);
}

/** Opens an audited transaction on the token's report, refusing once it is archived. */
async function onOpenReport<T>(db: Db, secrets: SecretBox, token: string | undefined, work: (w: AuditedTx, row: repo.ReportRow) => Promise<T>): Promise<T> {
  const id = reportOfToken(secrets, token);
  return audited(db, reporterActor(), async (w) => {
    const row = await repo.lockReport(w.tx, id);
    if (!row) throw new AppError(ErrorCode.UNAUTHENTICATED, { message: '查询凭证无效或已过期，请重新输入受理码和查询密码' });
    if (row.status === 'archived') throw new AppError(ErrorCode.CONFLICT, { message: '该举报已办结归档，不能再补充；如有新情况请重新举报' });
    return work(w, row);
  });
}

/** What a change by the reporter does to `updated_at`: for an anonymous report, the day only. */
const touched = (row: repo.ReportRow) => (row.isAnonymous ? todayStart() : new Date());

/** The reporter answers a question or adds information. */
export async function addReporterMessage(db: Db, secrets: SecretBox, token: string | undefined, input: TReporterMessageRequest): Promise<TReporterView> {
  return onOpenReport(db, secrets, token, async (w, row) => {
    const at = todayStart();
    const id = randomUUID();
    await repo.insertMessage(w.tx, { id, reportId: row.id, direction: 'from_reporter', body: input.body, at, authorId: null, regionCode: row.regionCode, createdAt: at, updatedAt: at });
    await addReportEvent(w, { reportId: row.id, regionCode: row.regionCode, kind: 'reply', at, level: row.handlingLevel as TReportLevel });
    await repo.updateReport(w.tx, row.id, { updatedAt: touched(row), updatedBy: null });
    await w.record({ action: 'report.message.reply', entityType: 'report', entityId: row.id, regionCode: reporterAuditRegion(row), after: { number: row.number, messageId: id, length: input.body.length } });
    return presentReporterView(w.tx, (await repo.getReport(w.tx, row.id))!);
  });
}

/** Files a reporter may add to one report (the rate limit alone would let a token fill the disk slowly). */
export const MAX_REPORTER_FILES = 30;

/**
 * The reporter adds evidence: sniffed, stripped of picture metadata and size-limited by the
 * attachments module; kept under a neutral name (phone file names carry the time a picture was
 * taken) and filed under the handling unit (reports.policy filingRegionOf), so the reported
 * village's accounts never list it.
 */
export async function addReporterAttachment(db: Db, secrets: SecretBox, token: string | undefined, file: Buffer): Promise<TReporterView> {
  return onOpenReport(db, secrets, token, async (w, row) => {
    if ((await repo.listReporterAttachments(w.tx, row.id)).length >= MAX_REPORTER_FILES) {
      throw new AppError(ErrorCode.CONFLICT, { message: `每件举报最多补充${MAX_REPORTER_FILES}个文件；如材料较多，请合并为PDF后上传` });
    }
    const at = todayStart();
    const saved = await storeAttachment(w, w.actor, {
      regionCode: filingRegionOf(row),
      entityType: 'report',
      entityId: row.id,
      purpose: 'reporter_evidence',
      fileName: '举报人补充材料',
      data: file,
      allowAudio: true,
      at,
      auditRegionCode: reporterAuditRegion(row),
    });
    await addReportEvent(w, { reportId: row.id, regionCode: row.regionCode, kind: 'evidence', at, level: row.handlingLevel as TReportLevel });
    await repo.updateReport(w.tx, row.id, { updatedAt: touched(row), updatedBy: null });
    await w.record({ action: 'report.evidence.add', entityType: 'report', entityId: row.id, regionCode: reporterAuditRegion(row), after: { number: row.number, attachmentId: saved.id } });
    return presentReporterView(w.tx, (await repo.getReport(w.tx, row.id))!);
  });
}

/** One level up from where a report is handled (village levels → township → district; the district stays). */
export function levelAbove(level: TReportLevel, regionCode: string): { level: TReportLevel; regionCode: string } {
  if (level === 'village_discipline' || level === 'village_supervision') return { level: 'township', regionCode: townshipOf(regionCode) };
  if (level === 'township') return { level: 'district', regionCode: districtOf(regionCode) };
  return { level, regionCode };
}

/**
 * The reporter says they suffer retaliation: priority high, and (the first time) handling moves
 * one level up, where a person must be assigned again. A report waiting for acceptance keeps its
 * time limit; one that was not accepted is put before the upper level to decide again.
 */
export async function flagRetaliation(db: Db, secrets: SecretBox, token: string | undefined, input: TRetaliationRequest): Promise<TReporterView> {
  return onOpenReport(db, secrets, token, async (w, row) => {
    const at = todayStart();
    const today = chinaDate();
    const fromStatus = row.status as TReportStatus;
    const first = row.retaliationFlaggedAt === null;
    const up = first ? levelAbove(row.handlingLevel as TReportLevel, row.handlingRegionCode) : { level: row.handlingLevel as TReportLevel, regionCode: row.handlingRegionCode };
    const moved = up.level !== row.handlingLevel;
    let status = fromStatus;
    let dueOn = row.dueOn;
    if (moved && fromStatus === 'not_accepted') {
      status = 'received';
      dueOn = (await getCalendar(w.tx, row.regionCode)).addWorkingDays(today, await getSetting(w.tx, REPORT_ACCEPT_DAYS, row.regionCode, today));
    } else if (moved && fromStatus !== 'received') {
      status = 'accepted';
      dueOn = (await getCalendar(w.tx, row.regionCode)).addWorkingDays(today, await getSetting(w.tx, REPORT_TRANSFER_DAYS, row.regionCode, today));
    }
    const patch = {
      priority: 'high',
      retaliationFlaggedAt: row.retaliationFlaggedAt ?? at,
      handlingLevel: up.level,
      handlingRegionCode: up.regionCode,
      status,
      dueOn,
      ...(moved && status !== 'received' ? { assignedTo: null } : {}),
      ...(fromStatus === 'not_accepted' && status === 'received' ? { notAcceptedReason: null } : {}),
      updatedAt: touched(row),
      updatedBy: null,
    };
    await repo.updateReport(w.tx, row.id, patch);
    if (moved) {
      // The files follow the handling unit; an anonymous reporter's files keep the day only.
      await syncReportFiles(w, { id: row.id, handlingRegionCode: up.regionCode });
      if (row.isAnonymous) await repo.stampReportAttachmentsDay(w.tx, row.id, at);
    }
    await addReportEvent(w, { reportId: row.id, regionCode: row.regionCode, kind: 'retaliation', at, level: up.level, note: input.description, fromStatus, toStatus: status });
    await w.record({
      action: 'report.retaliation.flag',
      entityType: 'report',
      entityId: row.id,
      regionCode: reporterAuditRegion(row),
      before: { priority: row.priority, handlingLevel: row.handlingLevel, handlingRegionCode: row.handlingRegionCode, status: fromStatus, assignedTo: row.assignedTo, dueOn: row.dueOn },
      after: { priority: 'high', handlingLevel: up.level, handlingRegionCode: up.regionCode, status, assignedTo: patch.assignedTo === null ? null : row.assignedTo, dueOn },
    });
    return presentReporterView(w.tx, (await repo.getReport(w.tx, row.id))!);
  });
}
