import { randomUUID } from 'node:crypto';
import { reports } from '@mpw/db';
import { regionLevelOf, type TIntakeReportRequest, type TReportLevel, type TReportReceipt, type TReportSubjectKind, type TSubmitReportRequest } from '@mpw/contracts';
import type { AuditedTx } from '../audit/audit.log.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { validationError } from '../../lib/errors.js';
import { hashPassword } from '../../lib/passwords.js';
import { chinaDate, chinaDayStart } from '../../lib/time.js';
import { isValidIdNumber } from '../assets/assets.policy.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import { districtOf, getSetting } from '../settings/settings.service.js';
import { townshipOf } from './reports.policy.js';
import { newReceiptCode, receiptHash, sealReporter } from './reports.crypto.js';
import { addReportEvent } from './reports.events.js';
import { nextReportNumber } from './reports.number.js';
import { REPORT_ACCEPT_DAYS } from './reports.settings.js';

/** What both the portal submission and console intake give: the report body, its channel, and an optional passphrase. */
export type NewReportInput = Omit<TSubmitReportRequest, 'challenge' | 'nonce' | 'passphrase' | 'reporter'> & {
  reporter?: TIntakeReportRequest['reporter'];
  channel: 'portal' | 'phone' | 'letter' | 'visit';
  /** Defaults to today (China time). */
  receivedOn?: string;
  passphrase?: string;
};

export interface ReportRouting {
  handlingLevel: TReportLevel;
  handlingRegionCode: string;
  /** The unit whose accounts must never see the report, or null. */
  barredRegionCode: string | null;
}

/**
 * Where a new report goes: a village cadre's to the township, never seen by the village; a township
 * official's to the district, never seen by the township; anyone else's to the township.
 */
export function routeNewReport(subjectKind: TReportSubjectKind, regionCode: string): ReportRouting {
  if (subjectKind === 'township_official') {
    return { handlingLevel: 'district', handlingRegionCode: districtOf(regionCode), barredRegionCode: townshipOf(regionCode) };
  }
  return { handlingLevel: 'township', handlingRegionCode: townshipOf(regionCode), barredRegionCode: subjectKind === 'village_cadre' ? regionCode : null };
}

/**
 * Where the audit entries of what a reporter did are filed. Never the reported village. For an
 * anonymous report, the district: the audit log keeps the real time and commit order of every
 * entry, so only district-level audit readers may see when an anonymous reporter acted.
 */
export function reporterAuditRegion(r: { isAnonymous: boolean; regionCode: string; handlingRegionCode: string }): string {
  return r.isAnonymous ? districtOf(r.regionCode) : r.handlingRegionCode;
}

/** The place must exist: a village, or for a township official also the township itself. */
async function checkRegion(w: AuditedTx, input: NewReportInput): Promise<void> {
  const level = regionLevelOf(input.regionCode);
  const allowed = input.subjectKind === 'township_official' ? level === 'village' || level === 'township' : level === 'village';
  const region = allowed ? await getRegionInScope(w.tx, input.regionCode, null) : null;
  if (!region || region.level !== level) {
    throw validationError(
      'regionCode',
      input.subjectKind === 'township_official' ? '请选择事情发生的村或乡镇（区划不存在）' : input.subjectKind === 'village_cadre' ? '举报村干部须选择其所在的村（区划不存在或不是村）' : '请选择事情发生的村（区划不存在或不是村）',
    );
  }
}

/**
 * Creates a report inside the caller's audited transaction and answers its receipt (the receipt
 * code is shown once and only its hash is stored). Routes it to the level that must handle it,
 * seals the reporter identity, sets the acceptance time limit, and records the `received` event.
 * For an anonymous report every stored time is the start of the day of arrival.
 */
export async function createReport(w: AuditedTx, secrets: SecretBox, input: NewReportInput): Promise<TReportReceipt> {
  const receivedOn = input.receivedOn ?? chinaDate();
  if (input.reporter?.idNumber && !isValidIdNumber(input.reporter.idNumber)) {
    throw validationError('reporter.idNumber', '举报人身份证号未通过GB 11643校验，请核对');
  }
  if (!input.anonymous && !input.reporter) throw validationError('reporter', '实名举报请填写举报人姓名和联系电话');
  if (input.anonymous && input.reporter) throw validationError('reporter', '匿名举报不能填写举报人信息');
  await checkRegion(w, input);

  const routing = routeNewReport(input.subjectKind, input.regionCode);
  const acceptDays = await getSetting(w.tx, REPORT_ACCEPT_DAYS, input.regionCode, receivedOn);
  const dueOn = (await getCalendar(w.tx, input.regionCode)).addWorkingDays(receivedOn, acceptDays);
  const number = await nextReportNumber(w.tx, input.regionCode, Number(receivedOn.slice(0, 4)));
  const receiptCode = newReceiptCode();
  const passphraseHash = input.passphrase ? await hashPassword(input.passphrase) : null;
  // Staff only ever learn the day an anonymous report arrived.
  const stamp = input.anonymous ? chinaDayStart(receivedOn) : new Date();
  const id = randomUUID();

  await w.tx.insert(reports).values({
    id,
    number,
    channel: input.channel,
    category: input.category,
    subjectName: input.subjectName,
    subjectPosition: input.subjectPosition,
    subjectKind: input.subjectKind,
    subjectIdNumber: null,
    barredRegionCode: routing.barredRegionCode,
    content: input.content,
    occurredWhen: input.occurredWhen ?? null,
    isAnonymous: input.anonymous,
    reporterSealed: input.reporter && !input.anonymous ? sealReporter(secrets, input.reporter) : null,
    wantsProtection: !input.anonymous && !!input.reporter?.wantsProtection,
    receiptHash: receiptHash(receiptCode),
    passphraseHash,
    receivedOn,
    status: 'received',
    priority: 'normal',
    handlingLevel: routing.handlingLevel,
    handlingRegionCode: routing.handlingRegionCode,
    dueOn,
    regionCode: input.regionCode,
    createdBy: w.actor.userId,
    updatedBy: w.actor.userId,
    createdAt: stamp,
    updatedAt: stamp,
  });
  await addReportEvent(w, {
    reportId: id,
    regionCode: input.regionCode,
    kind: 'received',
    at: input.anonymous ? stamp : undefined,
    level: routing.handlingLevel,
    toStatus: 'received',
  });
  await w.record({
    action: 'report.receive',
    entityType: 'report',
    entityId: id,
    regionCode: reporterAuditRegion({ isAnonymous: input.anonymous, regionCode: input.regionCode, handlingRegionCode: routing.handlingRegionCode }),
    after: {
      number,
      channel: input.channel,
      category: input.category,
      subjectKind: input.subjectKind,
      anonymous: input.anonymous,
      receivedOn,
      status: 'received',
      handlingLevel: routing.handlingLevel,
      handlingRegionCode: routing.handlingRegionCode,
      dueOn,
      hasPassphrase: passphraseHash !== null,
    },
  });
  return { id, number, receiptCode, receivedOn };
}
