import type { TProblemSource, TRectificationAnswer, TRectificationItem, TRectificationItemDetail, TRectificationItemStatus, TRectificationNotice, TRectificationNoticeStatus } from '@mpw/contracts';
import type { AnswerView, ItemView, NoticeView } from './rectification.repository.js';

/** Past its deadline and not closed (China today): shown red. */
export const isOverdue = (i: { status: string; deadline: string }, today: string) => i.status !== 'closed' && i.deadline < today;

export function presentItem(i: ItemView, today: string): TRectificationItem {
  return {
    id: i.id,
    noticeId: i.noticeId,
    noticeNumber: i.noticeNumber,
    seq: i.seq,
    regionCode: i.regionCode,
    regionName: i.regionName,
    issuerRegionCode: i.issuerRegionCode,
    problem: i.problem,
    requirement: i.requirement,
    deadline: i.deadline,
    responsibleName: i.responsibleName,
    sourceType: i.sourceType as TProblemSource,
    sourceId: i.sourceId,
    sourceLabel: i.sourceLabel,
    status: i.status as TRectificationItemStatus,
    isOverdue: isOverdue(i, today),
    escalatedTo: i.escalatedTo,
    closedOn: i.status === 'closed' ? i.closedOn : null,
    closedOnTime: i.status === 'closed' && i.closedOn ? i.closedOn <= i.deadline : null,
    reopenCount: i.reopenCount,
  };
}

export function presentAnswer(a: AnswerView): TRectificationAnswer {
  return {
    id: a.id,
    measures: a.measures,
    answeredByName: a.answeredByName,
    answeredAt: a.createdAt.toISOString(),
    decision: (a.decision as 'accepted' | 'returned' | null) ?? null,
    decisionReason: a.decisionReason,
    decidedByName: a.decidedByName,
    decidedAt: a.decidedAt ? a.decidedAt.toISOString() : null,
    attachmentIds: a.attachmentIds,
  };
}

export function presentItemDetail(i: ItemView, answers: AnswerView[], today: string): TRectificationItemDetail {
  return { ...presentItem(i, today), answers: answers.filter((a) => a.itemId === i.id).map(presentAnswer) };
}

export function presentNotice(n: NoticeView): TRectificationNotice {
  return {
    id: n.id,
    number: n.number,
    regionCode: n.regionCode,
    regionName: n.regionName,
    issuerRegionCode: n.issuerRegionCode,
    issuerRegionName: n.issuerRegionName,
    title: n.title,
    requirement: n.requirement,
    issuedOn: n.issuedOn,
    deadline: n.deadline,
    responsibleName: n.responsibleName,
    responsibleUserId: n.responsibleUserId,
    status: n.status as TRectificationNoticeStatus,
    itemCount: n.itemCount,
    closedItemCount: n.closedItemCount,
    overdueItemCount: n.overdueItemCount,
  };
}

export const auditableItem = (i: { status: string; closedOn: string | null; reopenCount: number; escalatedTo: string | null }) => ({ status: i.status, closedOn: i.closedOn, reopenCount: i.reopenCount, escalatedTo: i.escalatedTo });
