import type { Db, DbOrTx } from '@mpw/db';
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
  type TReportSummary,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { notFound } from '../../lib/errors.js';
import { formatCsv, type CsvCell } from '../../lib/csv.js';
import { chinaDate } from '../../lib/time.js';
import { allRows, assertRegionInScope, serialColumn, sheet, workbook, type XlsxColumn } from '../../lib/xlsx.js';
import { isOverdue } from './reports.policy.js';
import * as repo from './reports.repository.js';
import { filterOf, findReports } from './reports.service.js';

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

/**
 * The columns of the report ledger in Excel: what the list shows about the report and the reported
 * person, never the reporter (no name, contact, identity, anonymity or protection request).
 */
const XLSX_COLUMNS: XlsxColumn<TReportSummary>[] = [
  serialColumn(),
  { header: '举报编号', width: 22, value: (r) => r.number },
  { header: '收到日期', kind: 'date', value: (r) => r.receivedOn },
  { header: '来源', width: 10, value: (r) => REPORT_CHANNEL_LABELS[r.channel] },
  { header: '类别', width: 12, value: (r) => REPORT_CATEGORY_LABELS[r.category] },
  { header: '发生地', width: 12, value: (r) => r.regionName ?? r.regionCode },
  { header: '发生地代码', width: 14, value: (r) => r.regionCode },
  { header: '被举报人', width: 12, value: (r) => r.subjectName },
  { header: '被举报人职务', value: (r) => r.subjectPosition },
  { header: '被举报人身份', value: (r) => REPORT_SUBJECT_KIND_LABELS[r.subjectKind] },
  { header: '办理层级', width: 12, value: (r) => REPORT_LEVEL_LABELS[r.handlingLevel] },
  { header: '办理单位代码', width: 14, value: (r) => r.handlingRegionCode },
  { header: '状态', width: 10, value: (r) => REPORT_STATUS_LABELS[r.status] },
  { header: '承办人', width: 10, value: (r) => r.assignedToName },
  { header: '办理期限', kind: 'date', value: (r) => r.dueOn },
  { header: '是否逾期', width: 10, value: (r) => r.isOverdue },
  { header: '核查结论', width: 10, value: (r) => (r.conclusion ? REPORT_CONCLUSION_LABELS[r.conclusion] : null) },
  { header: '优先级', width: 8, value: (r) => (r.priority === 'high' ? '紧急' : '一般') },
];

/** 举报台账 in Excel: the reports the actor can see, filtered like the list, without any reporter data. */
export async function exportReportsXlsx(db: Db, actor: Actor, q: Omit<TReportListQuery, 'current' | 'pageSize'>): Promise<Buffer> {
  assertRegionInScope(actor, q.regionCode);
  const rows = await allRows((current, pageSize) => findReports(db, actor, { ...q, current, pageSize }));
  return workbook(sheet('举报台账', XLSX_COLUMNS, rows));
}
