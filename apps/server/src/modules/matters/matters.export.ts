import type { Db } from '@mpw/db';
import { MATTER_STATUS_LABELS, ROLE_DEFINITIONS, type TFlowStep, type TRole } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { allRows, assertRegionInScope, checkRowLimit, serialColumn, sheet, workbook, type XlsxColumn } from '../../lib/xlsx.js';
import { getItemVersion } from '../power/power.service.js';
import * as repo from './matters.repository.js';
import type { TMatterListQuery } from './matters.schemas.js';
import { matterFilterOf } from './matters.service.js';


export type TMatterExportQuery = Omit<TMatterListQuery, 'current' | 'pageSize'>;

/** A matter as the ledger shows it: the row, its power item and the open step of the version it runs on. */
interface LedgerMatter {
  row: repo.MatterRow;
  itemCode: string;
  itemName: string;
  regionName: string;
  step: TFlowStep | null;
  dueOn: string | null;
  isOverdue: boolean;
}

/**
 * The matters of a list filter with their open steps. The flow lives in the item version a matter
 * started on: each distinct version is read once, not once per matter.
 */
async function ledgerMatters(db: Db, f: repo.MatterFilter): Promise<LedgerMatter[]> {
  const rows = await allRows(async (current, pageSize) => {
    const { rows: data, total } = await repo.findMatters(db, f, { offset: (current - 1) * pageSize, limit: pageSize });
    return { data, total };
  });
  const versions = new Map<string, TFlowStep[]>();
  for (const key of new Set(rows.map((r) => `${r.matter.itemId}@${r.matter.itemVersion}`))) {
    const [itemId, version] = key.split('@') as [string, string];
    versions.set(key, (await getItemVersion(db, null, itemId, Number(version))).content.flow.steps);
  }
  const today = chinaDate();
  return rows.map(({ matter: m, itemCode, itemName, regionName }) => {
    const open = m.status === 'running' || m.status === 'paused';
    const dueOn = open ? m.stepDueOn : null;
    return {
      row: m,
      itemCode,
      itemName,
      regionName: regionName ?? m.regionCode,
      step: open ? (versions.get(`${m.itemId}@${m.itemVersion}`)![m.currentStep] ?? null) : null,
      dueOn,
      isOverdue: Boolean(dueOn && dueOn < today),
    };
  });
}

const MATTER_COLUMNS: XlsxColumn<LedgerMatter>[] = [
  serialColumn(),
  { header: '事项编号', width: 24, value: (m) => m.row.matterNo },
  { header: '事项标题', width: 30, value: (m) => m.row.title },
  { header: '权力事项编码', value: (m) => m.itemCode },
  { header: '权力事项', width: 24, value: (m) => m.itemName },
  { header: '村', width: 12, value: (m) => m.regionName },
  { header: '区划代码', width: 14, value: (m) => m.row.regionCode },
  { header: '状态', width: 14, value: (m) => MATTER_STATUS_LABELS[m.row.status] },
  { header: '当前步骤', value: (m) => m.step?.name },
  { header: '当前办理角色', value: (m) => (m.step ? ROLE_DEFINITIONS[m.step.role as TRole]?.label.zh ?? m.step.role : null) },
  { header: '步骤期限', kind: 'date', value: (m) => m.dueOn },
  { header: '是否逾期', width: 10, value: (m) => m.isOverdue },
  { header: '金额（元）', kind: 'money', width: 14, value: (m) => m.row.amountFen },
  { header: '发起日期', kind: 'date', value: (m) => m.row.createdAt.toISOString() },
];

/** 事项台账: every matter of the list's filter in the actor's scope. The applicant is not in the list, nor here. */
export async function exportMattersXlsx(db: Db, actor: Actor, q: TMatterExportQuery): Promise<Buffer> {
  assertRegionInScope(actor, q.regionCode);
  const matters = await ledgerMatters(db, matterFilterOf(actor, q));
  return workbook(sheet('事项台账', MATTER_COLUMNS, matters));
}

const FILING_DECISION_LABELS: Record<string, string> = { file_accept: '通过', file_return: '退回' };

type FilingDecision = Awaited<ReturnType<typeof repo.filingDecisions>>[number];

const DECISION_COLUMNS: XlsxColumn<FilingDecision>[] = [
  serialColumn(),
  { header: '决定时间', kind: 'datetime', width: 18, value: (d) => d.event.createdAt.toISOString() },
  { header: '村', width: 12, value: (d) => d.regionName ?? d.event.regionCode },
  { header: '事项编号', width: 24, value: (d) => d.matterNo },
  { header: '事项标题', width: 30, value: (d) => d.title },
  { header: '决定', width: 8, value: (d) => FILING_DECISION_LABELS[d.event.action] ?? d.event.action },
  { header: '理由', width: 30, value: (d) => d.event.note },
  { header: '办理人', value: (d) => d.event.actorName },
];

/**
 * 备案台账 (the township's filing inbox as a workbook): 待备案 — every running matter waiting at a
 * filing step — and 备案记录 — every filing decision in scope, newest first; `regionCode` narrows both.
 */
export async function exportFilingsXlsx(db: Db, actor: Actor, q: { regionCode?: string }): Promise<Buffer> {
  assertRegionInScope(actor, q.regionCode);
  const pending = (await ledgerMatters(db, matterFilterOf(actor, { status: 'running', regionCode: q.regionCode }))).filter((m) => m.step?.kind === 'filing');
  const decisions = await repo.filingDecisions(db, q.regionCode ?? actor.regionCode);
  checkRowLimit(decisions.length);
  const pendingColumns = MATTER_COLUMNS.filter((c) => !['状态', '当前步骤', '当前办理角色'].includes(c.header)).map((c) => (c.header === '步骤期限' ? { ...c, header: '备案期限' } : c));
  return workbook(sheet('待备案', pendingColumns, pending), sheet('备案记录', DECISION_COLUMNS, decisions));
}
