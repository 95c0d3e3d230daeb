import type { Db } from '@mpw/db';
import { PROBLEM_SOURCE_LABELS, RECTIFICATION_ITEM_STATUS_LABELS, type TRectificationItem, type TRectificationLedgerQuery } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { allRows, cellText, serialColumn, sheet, workbook, type XlsxColumn } from '../../lib/xlsx.js';
import { findItems } from './rectification.service.js';

/** Kept here too: the first exports imported it from this module (lib/xlsx.ts is its home). */
export { cellText };

/** 是否按期: 是/否 for a closed item (accepted on or before its deadline), 逾期 for an open one past it, empty otherwise. */
const onTimeText = (i: TRectificationItem): string => (i.closedOnTime === true ? '是' : i.closedOnTime === false ? '否' : i.isOverdue ? '逾期' : '');

const COLUMNS: XlsxColumn<TRectificationItem>[] = [
  serialColumn(),
  { header: '通知书编号', width: 22, value: (i) => i.noticeNumber },
  { header: '责任单位', width: 14, value: (i) => i.regionName ?? i.regionCode },
  { header: '问题', width: 40, value: (i) => i.problem },
  { header: '整改要求', width: 40, value: (i) => i.requirement },
  { header: '问题来源', width: 24, value: (i) => PROBLEM_SOURCE_LABELS[i.sourceType] + (i.sourceLabel ? `：${i.sourceLabel}` : '') },
  { header: '责任人', width: 10, value: (i) => i.responsibleName },
  { header: '整改期限', kind: 'date', value: (i) => i.deadline },
  { header: '状态', width: 10, value: (i) => RECTIFICATION_ITEM_STATUS_LABELS[i.status] },
  { header: '销号日期', kind: 'date', value: (i) => i.closedOn },
  { header: '是否按期', width: 10, value: onTimeText },
  { header: '反弹次数', kind: 'number', width: 10, value: (i) => i.reopenCount },
];
export const LEDGER_HEADERS = COLUMNS.map((c) => c.header);

/**
 * The ledger (整改台账) as an .xlsx workbook: every item in the actor's scope matching the filter, in
 * the ledger's order, through the shared builder (date cells, neutralised text, the row cap).
 */
export async function exportLedgerXlsx(db: Db, actor: Actor, q: Omit<TRectificationLedgerQuery, 'current' | 'pageSize'>): Promise<Buffer> {
  const items = await allRows((current, pageSize) => findItems(db, actor, { ...q, current, pageSize }));
  return workbook(sheet('整改台账', COLUMNS, items));
}
