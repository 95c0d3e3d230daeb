import ExcelJS from 'exceljs';
import type { Db } from '@mpw/db';
import { PROBLEM_SOURCE_LABELS, RECTIFICATION_ITEM_STATUS_LABELS, type TProblemSource, type TRectificationItemStatus, type TRectificationLedgerQuery } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { cellText } from '../../lib/xlsx.js';
import { isOverdue } from './rectification.presenter.js';
import * as repo from './rectification.repository.js';
import { ledgerFilterOf } from './rectification.service.js';

/** Kept here too: the first exports imported it from this module (lib/xlsx.ts is its home). */
export { cellText };

export const LEDGER_HEADERS = ['序号', '通知书编号', '责任单位', '问题', '整改要求', '问题来源', '责任人', '整改期限', '状态', '销号日期', '是否按期', '反弹次数'] as const;

/**
 * The ledger (整改台账) as an .xlsx workbook: every item in the actor's scope matching the filter,
 * with Chinese headers. 是否按期: 是/否 for a closed item, 逾期 for an open one past its deadline.
 */
export async function exportLedgerXlsx(db: Db, actor: Actor, q: Omit<TRectificationLedgerQuery, 'current' | 'pageSize'>): Promise<Buffer> {
  const today = chinaDate();
  const { rows } = await repo.findItems(db, ledgerFilterOf(actor.regionCode, q, today), null);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Micro-Power Watch';
  const ws = wb.addWorksheet('整改台账');
  ws.addRow([...LEDGER_HEADERS]);
  ws.getRow(1).font = { bold: true };
  rows.forEach((i, n) => {
    const onTime = i.status === 'closed' && i.closedOn ? (i.closedOn <= i.deadline ? '是' : '否') : isOverdue(i, today) ? '逾期' : '';
    ws.addRow([
      n + 1,
      cellText(i.noticeNumber),
      cellText(i.regionName ?? i.regionCode),
      cellText(i.problem),
      cellText(i.requirement),
      cellText(PROBLEM_SOURCE_LABELS[i.sourceType as TProblemSource] + (i.sourceLabel ? `：${i.sourceLabel}` : '')),
      cellText(i.responsibleName),
      i.deadline,
      RECTIFICATION_ITEM_STATUS_LABELS[i.status as TRectificationItemStatus],
      i.status === 'closed' ? i.closedOn ?? '' : '',
      onTime,
      i.reopenCount,
    ]);
  });
  [6, 22, 14, 40, 40, 24, 10, 12, 10, 12, 10, 10].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
