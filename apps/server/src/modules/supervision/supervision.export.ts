import type { Db } from '@mpw/db';
import {
  EDUCATION_LEVEL_LABELS,
  PROFESSIONAL_BACKGROUND_LABELS,
  SUPERVISION_MEMBER_ROLE_LABELS,
  SUPERVISION_MEMBER_STATUS_LABELS,
  type TSupervisionMember,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { allRows, serialColumn, sheet, workbook, type XlsxColumn } from '../../lib/xlsx.js';
import { findMembers, type TSupervisionMemberListQuery } from './supervision.service.js';

const COLUMNS: XlsxColumn<TSupervisionMember>[] = [
  serialColumn(),
  { header: '村', width: 12, value: (m) => m.villageName },
  { header: '姓名', width: 10, value: (m) => m.name },
  { header: '身份证号', width: 22, value: (m) => m.idMasked },
  { header: '职务', width: 12, value: (m) => SUPERVISION_MEMBER_ROLE_LABELS[m.role] },
  { header: '性别', width: 6, value: (m) => m.gender },
  { header: '年龄', kind: 'number', width: 6, value: (m) => m.age },
  { header: '文化程度', width: 10, value: (m) => (m.education ? EDUCATION_LEVEL_LABELS[m.education] : null) },
  { header: '专业背景', width: 16, value: (m) => m.backgrounds.map((b) => PROFESSIONAL_BACKGROUND_LABELS[b]).join('、') },
  { header: '中共党员', width: 8, value: (m) => m.isPartyMember },
  { header: '任期开始', kind: 'date', value: (m) => m.termStart },
  { header: '任期结束', kind: 'date', value: (m) => m.termEnd },
  { header: '当选日期', kind: 'date', value: (m) => m.electedOn },
  { header: '选举情况', width: 30, value: (m) => m.electionRecord },
  { header: '状态', width: 8, value: (m) => SUPERVISION_MEMBER_STATUS_LABELS[m.status] },
  { header: '离任日期', kind: 'date', value: (m) => m.leftOn },
  { header: '离任原因', width: 24, value: (m) => m.leftReason },
  { header: '近12个月培训学时', kind: 'number', width: 12, value: (m) => m.trainingHours },
  { header: '任职回避问题', width: 40, value: (m) => m.conflicts.map((c) => c.detail).join('；') },
];
export const ROSTER_HEADERS = COLUMNS.map((c) => c.header);

/** The roster (监督队伍名册) as an .xlsx workbook with Chinese headers; identity numbers masked. */
export async function exportRosterXlsx(db: Db, actor: Actor, q: Omit<TSupervisionMemberListQuery, 'current' | 'pageSize'>): Promise<Buffer> {
  const members = await allRows((current, pageSize) => findMembers(db, actor, { ...q, current, pageSize }));
  return workbook(sheet('监督队伍名册', COLUMNS, members));
}
