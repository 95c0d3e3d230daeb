import type { Db } from '@mpw/db';
import { CASE_KIND_LABELS, CASE_STATUS_LABELS, FAULT_TOLERANCE_STATUS_LABELS, PROBLEM_SOURCE_LABELS, type TCaseListQuery, type TCaseSummary } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { allRows, assertRegionInScope, serialColumn, sheet, workbook, type XlsxColumn } from '../../lib/xlsx.js';
import { findCases } from './cases.service.js';

const COLUMNS: XlsxColumn<TCaseSummary>[] = [
  serialColumn(),
  { header: '案件编号', width: 22, value: (c) => c.number },
  { header: '类别', width: 16, value: (c) => CASE_KIND_LABELS[c.kind] },
  { header: '主案编号', width: 22, value: (c) => c.parentCaseNumber },
  { header: '案由', width: 30, value: (c) => c.title },
  { header: '被调查人', width: 12, value: (c) => c.subjectName },
  { header: '职务', value: (c) => c.subjectPosition },
  { header: '发生地', width: 12, value: (c) => c.regionName ?? c.regionCode },
  { header: '发生地代码', width: 14, value: (c) => c.regionCode },
  { header: '承办单位', width: 12, value: (c) => c.handlingRegionName ?? c.handlingRegionCode },
  { header: '问题来源', width: 12, value: (c) => PROBLEM_SOURCE_LABELS[c.sourceType] },
  { header: '状态', width: 12, value: (c) => CASE_STATUS_LABELS[c.status] },
  { header: '立案日期', kind: 'date', value: (c) => c.filedOn },
  { header: '决定日期', kind: 'date', value: (c) => c.decidedOn },
  { header: '执行日期', kind: 'date', value: (c) => c.executedOn },
  { header: '容错纠错', width: 12, value: (c) => (c.faultToleranceStatus ? FAULT_TOLERANCE_STATUS_LABELS[c.faultToleranceStatus] : null) },
  { header: '登记日期', kind: 'date', value: (c) => c.createdAt },
];

/**
 * 案件台账: the cases of the list's filter that the actor's level handles (the list's visibility
 * rule). Like the list, reading it is not a read of any case file: no case content is in it.
 */
export async function exportCasesXlsx(db: Db, actor: Actor, q: Omit<TCaseListQuery, 'current' | 'pageSize'>): Promise<Buffer> {
  assertRegionInScope(actor, q.regionCode);
  const rows = await allRows((current, pageSize) => findCases(db, actor, { ...q, current, pageSize }));
  return workbook(sheet('案件台账', COLUMNS, rows));
}
