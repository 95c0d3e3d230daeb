import type { DbOrTx } from '@mpw/db';
import {
  REPORT_CATEGORY_LABELS,
  REPORT_CHANNEL_LABELS,
  REPORT_CONCLUSION_LABELS,
  REPORT_LEVEL_LABELS,
  REPORT_STATUS_LABELS,
  REPORT_SUBJECT_KIND_LABELS,
  isWithinRegion,
  type TReportCategory,
  type TReportChannel,
  type TReportConclusion,
  type TReportLevel,
  type TReportListQuery,
  type TReportStatus,
  type TReportSubjectKind,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { notFound } from '../../lib/errors.js';
import { formatCsv, type CsvCell } from '../../lib/csv.js';
import { chinaDate } from '../../lib/time.js';
import { isOverdue } from './reports.policy.js';
import * as repo from './reports.repository.js';
import { filterOf } from './reports.service.js';

/** The columns of the report export. Nothing about the reporter: not the name, contact, anonymity or protection request. */
export const REPORTS_CSV_COLUMNS = [
  '举报编号',
  '收到日期',
  '来源',
  '类别',
  '发生地代码',
  '发生地',
  '被举报人',
  '被举报人职务',
  '被举报人身份',
  '办理层级',
  '办理单位代码',
  '状态',
  '承办人',
  '办理期限',
  '是否逾期',
  '核查结论',
  '优先级',
] as const;

/** A cell a spreadsheet would read as a formula (=, +, -, @) is written as text. */
const text = (v: string | null): CsvCell => (v && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/**
 * The reports the actor can see, filtered like the list, as CSV with Chinese headers (UTF-8).
 * A region filter outside the actor's scope is answered 404, as for any record out of scope.
 */
export async function exportReportsCsv(db: DbOrTx, actor: Actor, q: Omit<TReportListQuery, 'current' | 'pageSize'>): Promise<string> {
  if (q.regionCode && actor.regionCode && !isWithinRegion(q.regionCode, actor.regionCode)) throw notFound('区划');
  const today = chinaDate();
  const rows = await repo.listReportsForExport(db, filterOf(actor, q, today));
  return formatCsv(
    REPORTS_CSV_COLUMNS,
    rows.map((r) => [
      r.number,
      r.receivedOn,
      REPORT_CHANNEL_LABELS[r.channel as TReportChannel] ?? r.channel,
      REPORT_CATEGORY_LABELS[r.category as TReportCategory] ?? r.category,
      r.regionCode,
      r.regionName,
      text(r.subjectName),
      text(r.subjectPosition),
      REPORT_SUBJECT_KIND_LABELS[r.subjectKind as TReportSubjectKind] ?? r.subjectKind,
      REPORT_LEVEL_LABELS[r.handlingLevel as TReportLevel] ?? r.handlingLevel,
      r.handlingRegionCode,
      REPORT_STATUS_LABELS[r.status as TReportStatus] ?? r.status,
      r.assignedToName,
      r.dueOn,
      isOverdue(r, today) ? '是' : '否',
      r.conclusion ? REPORT_CONCLUSION_LABELS[r.conclusion as TReportConclusion] : null,
      r.priority === 'high' ? '紧急' : '一般',
    ]),
  );
}
