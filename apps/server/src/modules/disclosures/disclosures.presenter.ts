import {
  DISCLOSURE_KIND_LABELS,
  ZDisclosureContent,
  type TDisclosure,
  type TDisclosureContent,
  type TDisclosureDetail,
  type TDisclosureQuestion,
  type TDisclosureQuestionRow,
  type TPublicDisclosure,
  type TPublicDisclosureSummary,
  type TPublicDisclosureVersion,
} from '@mpw/contracts';
import type { DisclosureViewRow, QuestionRow, QuestionViewRow, VersionRow } from './disclosures.repository.js';
import { isOverdue } from './disclosures.policy.js';

export const CORRECTED_LABEL = '已更正';

/** The portal page of an item: where the poster's QR code points. */
export const portalPath = (village: string, id: string) => `/portal/v/${village}/disclosures/${id}`;

/** Stored content was validated when written; parse again so a reader never gets a shape the API does not promise. */
const contentOf = (v: VersionRow): TDisclosureContent => ZDisclosureContent.parse(v.content);

export function presentDisclosure(row: DisclosureViewRow, today: string): TDisclosure {
  return {
    id: row.id,
    regionCode: row.regionCode,
    regionName: row.regionName ?? row.regionCode,
    kind: row.kind,
    title: row.title,
    period: row.period,
    dueOn: row.dueOn,
    status: row.status,
    isOverdue: isOverdue(row, today),
    currentVersion: row.currentVersion,
    isCorrected: row.currentVersion > 1,
    firstPublishedAt: row.firstPublishedAt?.toISOString() ?? null,
    sourceType: row.sourceType,
    sourceId: row.sourceId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentQuestion(q: QuestionRow, today: string): TDisclosureQuestion {
  return {
    id: q.id,
    content: q.content,
    askerName: q.askerName,
    askedAt: q.createdAt.toISOString(),
    dueOn: q.dueOn,
    answer: q.answer,
    answeredAt: q.answeredAt?.toISOString() ?? null,
    isOverdue: q.answeredAt === null && q.dueOn < today,
  };
}

export function presentQuestionRow(q: QuestionViewRow, today: string): TDisclosureQuestionRow {
  return { ...presentQuestion(q, today), disclosureId: q.disclosureId, disclosureTitle: q.disclosureTitle, regionCode: q.regionCode, regionName: q.regionName };
}

export function presentDetail(row: DisclosureViewRow, versions: VersionRow[], questions: QuestionRow[], today: string): TDisclosureDetail {
  const published = versions.filter((v) => v.version >= 1);
  const draft = row.status === 'draft' ? versions.filter((v) => v.version <= 0).sort((a, b) => a.version - b.version)[0] : undefined;
  return {
    ...presentDisclosure(row, today),
    draft: draft ? contentOf(draft) : null,
    versions: published.map((v) => ({ version: v.version, content: contentOf(v), correctionReason: v.correctionReason, publishedAt: v.publishedAt.toISOString(), publishedBy: v.publishedBy })),
    questions: questions.map((q) => presentQuestion(q, today)),
  };
}

export function presentPublicSummary(row: DisclosureViewRow, lastPublishedAt: Date | undefined): TPublicDisclosureSummary {
  const isCorrected = row.currentVersion > 1;
  return {
    id: row.id,
    regionCode: row.regionCode,
    regionName: row.regionName ?? row.regionCode,
    kind: row.kind,
    kindLabel: DISCLOSURE_KIND_LABELS[row.kind],
    title: row.title,
    period: row.period,
    version: row.currentVersion,
    isCorrected,
    correctedLabel: isCorrected ? CORRECTED_LABEL : null,
    firstPublishedAt: row.firstPublishedAt!.toISOString(),
    lastPublishedAt: (lastPublishedAt ?? row.firstPublishedAt!).toISOString(),
  };
}

/** The portal's view: current content, the version history with reasons, and questions with answers (who asked only if they gave a name). */
export function presentPublicDisclosure(row: DisclosureViewRow, versions: VersionRow[], questions: QuestionRow[]): TPublicDisclosure {
  const current = versions.find((v) => v.version === row.currentVersion)!;
  return {
    ...presentPublicSummary(row, current.publishedAt),
    content: contentOf(current),
    versions: versions.map((v) => ({ version: v.version, publishedAt: v.publishedAt.toISOString(), correctionReason: v.correctionReason })),
    questions: questions.map((q) => ({ id: q.id, content: q.content, askerName: q.askerName, askedAt: q.createdAt.toISOString(), dueOn: q.dueOn, answer: q.answer, answeredAt: q.answeredAt?.toISOString() ?? null })),
    portalPath: portalPath(row.regionCode, row.id),
  };
}

export function presentPublicVersion(row: DisclosureViewRow, v: VersionRow): TPublicDisclosureVersion {
  return { id: row.id, title: row.title, version: v.version, publishedAt: v.publishedAt.toISOString(), correctionReason: v.correctionReason, content: contentOf(v), isCurrent: v.version === row.currentVersion };
}
