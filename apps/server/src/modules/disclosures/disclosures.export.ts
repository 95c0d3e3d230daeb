import type { Db } from '@mpw/db';
import { DISCLOSURE_KIND_LABELS, DISCLOSURE_STATUS_LABELS, type TDisclosure, type TDisclosureListQuery, type TDisclosureQuestionListQuery, type TDisclosureQuestionRow } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { allRows, assertRegionInScope, serialColumn, sheet, workbook, type XlsxColumn } from '../../lib/xlsx.js';
import { findDisclosureQuestions, findDisclosures } from './disclosures.service.js';

const COLUMNS: XlsxColumn<TDisclosure>[] = [
  serialColumn(),
  { header: '公开事项', width: 30, value: (d) => d.title },
  { header: '村', width: 12, value: (d) => d.regionName },
  { header: '区划代码', width: 14, value: (d) => d.regionCode },
  { header: '公开类别', width: 20, value: (d) => DISCLOSURE_KIND_LABELS[d.kind] },
  { header: '期间', width: 10, value: (d) => d.period },
  { header: '应公开日期', kind: 'date', value: (d) => d.dueOn },
  { header: '状态', width: 10, value: (d) => DISCLOSURE_STATUS_LABELS[d.status] },
  { header: '当前版本', kind: 'number', width: 10, value: (d) => (d.status === 'draft' ? null : d.currentVersion) },
  { header: '是否更正', width: 10, value: (d) => d.isCorrected },
  { header: '是否逾期', width: 10, value: (d) => d.isOverdue },
  { header: '首次公开时间', kind: 'datetime', width: 18, value: (d) => d.firstPublishedAt },
  { header: '更新日期', kind: 'date', value: (d) => d.updatedAt },
];

/** 村务公开台账: every item of the list's filter in the actor's scope. */
export async function exportDisclosuresXlsx(db: Db, actor: Actor, q: Omit<TDisclosureListQuery, 'current' | 'pageSize'>): Promise<Buffer> {
  assertRegionInScope(actor, q.regionCode);
  const rows = await allRows((current, pageSize) => findDisclosures(db, actor, { ...q, current, pageSize }));
  return workbook(sheet('村务公开台账', COLUMNS, rows));
}

const QUESTION_COLUMNS: XlsxColumn<TDisclosureQuestionRow>[] = [
  serialColumn(),
  { header: '公开事项', width: 30, value: (q) => q.disclosureTitle },
  { header: '村', width: 12, value: (q) => q.regionName },
  { header: '区划代码', width: 14, value: (q) => q.regionCode },
  { header: '提问内容', width: 40, value: (q) => q.content },
  { header: '提问时间', kind: 'datetime', width: 18, value: (q) => q.askedAt },
  { header: '答复期限', kind: 'date', value: (q) => q.dueOn },
  { header: '答复', width: 40, value: (q) => q.answer },
  { header: '答复时间', kind: 'datetime', width: 18, value: (q) => q.answeredAt },
  { header: '是否超期', width: 10, value: (q) => q.isOverdue },
];

/** 公开事项提问台账: every question of the list's filter in the actor's scope (the asker's name is left out). */
export async function exportDisclosureQuestionsXlsx(db: Db, actor: Actor, q: Omit<TDisclosureQuestionListQuery, 'current' | 'pageSize'>): Promise<Buffer> {
  assertRegionInScope(actor, q.regionCode);
  const rows = await allRows((current, pageSize) => findDisclosureQuestions(db, actor, { ...q, current, pageSize }));
  return workbook(sheet('公开事项提问台账', QUESTION_COLUMNS, rows));
}
