import type { Db } from '@mpw/db';
import { TRAINING_KIND_LABELS, type TTrainingKind } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { checkRowLimit, serialColumn, sheet, workbook, type XlsxColumn } from '../../lib/xlsx.js';
import { hoursOf } from './training.presenter.js';
import * as repo from './training.repository.js';
import { sessionFilterOf, type TTrainingListQuery } from './training.service.js';

const COLUMNS: XlsxColumn<repo.SessionView>[] = [
  serialColumn(),
  { header: '日期', kind: 'date', value: (s) => s.held_on },
  { header: '主题', width: 40, value: (s) => s.title },
  { header: '类型', width: 12, value: (s) => TRAINING_KIND_LABELS[s.kind as TTrainingKind] ?? s.kind },
  { header: '学时', kind: 'number', width: 8, value: (s) => hoursOf(s.hours_tenths) },
  { header: '组织单位', width: 24, value: (s) => s.organiser },
  { header: '所属区划', width: 14, value: (s) => s.region_name ?? s.region_code },
  { header: '地点', width: 24, value: (s) => s.place },
  { header: '参训人数', kind: 'number', width: 10, value: (s) => Number(s.attendee_count) },
];
export const TRAINING_HEADERS = COLUMNS.map((c) => c.header);

/** The training list (培训台账) as an .xlsx workbook: every session the list would show, with Chinese headers. */
export async function exportTrainingsXlsx(db: Db, actor: Actor, q: Omit<TTrainingListQuery, 'current' | 'pageSize'>): Promise<Buffer> {
  const filter = sessionFilterOf(actor, q);
  checkRowLimit((await repo.findSessions(db, filter, { offset: 0, limit: 1 })).total);
  const { rows } = await repo.findSessions(db, filter, null);
  return workbook(sheet('培训台账', COLUMNS, rows));
}
