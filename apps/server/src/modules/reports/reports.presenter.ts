import type {
  TReportCategory,
  TReportChannel,
  TReportConclusion,
  TReportDetail,
  TReportEvent,
  TReportEventKind,
  TReportLevel,
  TReportLinkType,
  TReportMessage,
  TReportPriority,
  TReportReward,
  TReportStatus,
  TReportSubjectKind,
  TRewardStatus,
} from '@mpw/contracts';
import { chinaDate } from '../../lib/time.js';
import { maskIdNumber } from '../audit/audit.redact.js';
import { isOverdue } from './reports.policy.js';
import type { ReportRow, ReportViewRow, RewardRow } from './reports.repository.js';

export function presentSummary(r: ReportViewRow, today: string) {
  return {
    id: r.id,
    number: r.number,
    regionCode: r.regionCode,
    regionName: r.regionName,
    category: r.category as TReportCategory,
    channel: r.channel as TReportChannel,
    subjectName: r.subjectName,
    subjectPosition: r.subjectPosition,
    subjectKind: r.subjectKind as TReportSubjectKind,
    anonymous: r.isAnonymous,
    status: r.status as TReportStatus,
    priority: r.priority as TReportPriority,
    handlingLevel: r.handlingLevel as TReportLevel,
    handlingRegionCode: r.handlingRegionCode,
    assignedTo: r.assignedTo,
    assignedToName: r.assignedToName,
    receivedOn: r.receivedOn,
    dueOn: r.dueOn,
    isOverdue: isOverdue(r, today),
    conclusion: r.conclusion as TReportConclusion | null,
    retaliationFlagged: r.retaliationFlaggedAt !== null,
  };
}

/** Entries that came from the reporter: staff see their day only. */
const REPORTER_KINDS: readonly TReportEventKind[] = ['received', 'reply', 'evidence', 'retaliation'];

export function presentEvent(e: { event: { id: string; kind: string; at: Date; actorId: string | null; level: string | null; note: string | null; fromStatus: string | null; toStatus: string | null }; actorName: string | null }, anonymous: boolean): TReportEvent {
  const kind = e.event.kind as TReportEventKind;
  const dayOnly = REPORTER_KINDS.includes(kind) && (e.event.actorId === null || anonymous);
  return {
    id: e.event.id,
    kind,
    at: dayOnly ? chinaDate(e.event.at) : e.event.at.toISOString(),
    actorName: e.actorName,
    level: e.event.level as TReportLevel | null,
    note: e.event.note,
    fromStatus: e.event.fromStatus as TReportStatus | null,
    toStatus: e.event.toStatus as TReportStatus | null,
  };
}

export function presentMessage(m: { id: string; direction: string; body: string; at: Date }): TReportMessage {
  const direction = m.direction as TReportMessage['direction'];
  return { id: m.id, direction, body: m.body, at: direction === 'from_reporter' ? chinaDate(m.at) : m.at.toISOString() };
}

export function presentReward(r: { reward: RewardRow; proposedByName: string | null; decidedByName: string | null }): TReportReward {
  return {
    id: r.reward.id,
    amountFen: r.reward.amountFen,
    status: r.reward.status as TRewardStatus,
    note: r.reward.decisionNote ? [r.reward.note, `审批意见：${r.reward.decisionNote}`].filter(Boolean).join('\n') : r.reward.note,
    proposedByName: r.proposedByName,
    decidedByName: r.decidedByName,
    decidedAt: r.reward.decidedAt?.toISOString() ?? null,
    paidAt: r.reward.paidAt?.toISOString() ?? null,
  };
}

export function presentAttachment(a: { id: string; fileName: string; mimeType: string; sizeBytes: number; createdBy: string | null }) {
  // Reporter uploads are stored by the system (no account): the only files without an uploader.
  return { id: a.id, fileName: a.fileName, mimeType: a.mimeType, sizeBytes: a.sizeBytes, fromReporter: a.createdBy === null };
}

export function presentDetail(
  r: ReportViewRow,
  parts: {
    events: Parameters<typeof presentEvent>[0][];
    messages: Parameters<typeof presentMessage>[0][];
    rewards: Parameters<typeof presentReward>[0][];
    attachments: Parameters<typeof presentAttachment>[0][];
    can: TReportDetail['can'];
  },
  today = chinaDate(),
): TReportDetail {
  return {
    ...presentSummary(r, today),
    content: r.content,
    occurredWhen: r.occurredWhen,
    subjectIdNumber: r.subjectIdNumber,
    hasReporterIdentity: !r.isAnonymous && r.reporterSealed !== null,
    reporterErasedAt: r.reporterErasedAt?.toISOString() ?? null,
    wantsProtection: r.wantsProtection,
    conclusionNote: r.conclusionNote,
    feedback: r.feedback,
    notAcceptedReason: r.notAcceptedReason,
    linkType: r.linkType as TReportLinkType | null,
    linkId: r.linkId,
    archivedAt: r.archivedAt?.toISOString() ?? null,
    events: parts.events.map((e) => presentEvent(e, r.isAnonymous)),
    messages: parts.messages.map(presentMessage),
    rewards: parts.rewards.map(presentReward),
    attachments: parts.attachments.map(presentAttachment),
    can: parts.can,
  };
}

/** What the audit log keeps of a report's handling state: never the reporter, the passphrase or the content. */
export function auditableState(r: Pick<ReportRow, 'number' | 'status' | 'handlingLevel' | 'handlingRegionCode' | 'assignedTo' | 'dueOn'>) {
  return { number: r.number, status: r.status, handlingLevel: r.handlingLevel, handlingRegionCode: r.handlingRegionCode, assignedTo: r.assignedTo, dueOn: r.dueOn };
}

export const maskedSubjectId = (v: string | null) => (v ? maskIdNumber(v) : null);
