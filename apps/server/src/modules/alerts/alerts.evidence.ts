import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@mpw/db';
import { DECISION_STAGE_LABELS, hasPermission, type TAlertEvidence, type TAlertEvidenceItem } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { maskIdNumbers } from '../disclosures/disclosures.policy.js';
import { getAlertById } from './alerts.service.js';
import * as repo from './alerts.repository.js';

type FieldKind = 'text' | 'id' | 'money' | 'timestamp' | 'direction' | 'stage';

interface FieldDef {
  col: string;
  /** Chinese column name (the header of shared/spec/data-exchange.md). */
  name: string;
  kind?: FieldKind;
  /** The fields a reviewer compares across the rows side by side. */
  highlight?: boolean;
}

interface DatasetDef {
  label: string;
  /** Department data (部门数据): shown only to accounts holding dataset:record:read. */
  department: boolean;
  table: string;
  /** Columns of the key, in the order of the evidence key parts (`a/b/c`). */
  keys: string[];
  fields: FieldDef[];
  /** The key of an unordered pair is matched in either order. */
  unordered?: boolean;
}

const f = (col: string, name: string, kind: FieldKind = 'text', highlight = false): FieldDef => ({ col, name, kind, highlight });
const h = (col: string, name: string, kind: FieldKind = 'text'): FieldDef => f(col, name, kind, true);

/**
 * The datasets an alert's evidence may name (`dataset:key`), with the table each is stored in,
 * its key columns and the columns shown. A fixed catalogue: identifiers never come from input.
 */
const DATASETS: Record<string, DatasetDef> = {
  payments: {
    label: '惠民惠农补贴发放', department: true, table: 'subsidy_payments', keys: ['payment_no'],
    fields: [f('payment_no', '发放流水号'), h('id_number', '身份证号', 'id'), h('name', '姓名'), f('region_code', '村代码'), h('program', '补贴项目'), h('amount_fen', '金额', 'money'), h('paid_date', '发放日期'), f('bank_account', '账号')],
  },
  deaths: {
    label: '死亡人员', department: true, table: 'deaths', keys: ['id_number'],
    fields: [h('id_number', '身份证号', 'id'), h('name', '姓名'), h('death_date', '死亡日期')],
  },
  residents: {
    label: '户籍人口', department: true, table: 'residents', keys: ['id_number'],
    fields: [h('id_number', '身份证号', 'id'), h('name', '姓名'), f('gender', '性别'), f('birth_date', '出生日期'), h('household_id', '户号'), f('relation_to_head', '与户主关系'), f('region_code', '村代码')],
  },
  benefit_recipients: {
    label: '救助保障对象', department: true, table: 'benefit_recipients', keys: ['id_number', 'program', 'region_code', 'start_date'],
    fields: [h('id_number', '身份证号', 'id'), h('name', '姓名'), f('region_code', '村代码'), h('program', '项目'), f('household_size', '保障人数'), h('start_date', '开始日期'), h('end_date', '结束日期'), f('monthly_amount_fen', '月标准', 'money')],
  },
  cadres: {
    label: '干部名册', department: true, table: 'cadres', keys: ['id_number', 'position', 'start_date'],
    fields: [h('id_number', '身份证号', 'id'), h('name', '姓名'), f('region_code', '任职单位代码'), h('position', '职务'), h('start_date', '任职开始'), h('end_date', '任职结束')],
  },
  kinship: {
    label: '亲属关系', department: true, table: 'kinship', keys: ['id_number_a', 'id_number_b'], unordered: true,
    fields: [h('id_number_a', '身份证号A', 'id'), h('id_number_b', '身份证号B', 'id'), h('relation', '关系')],
  },
  vehicles: {
    label: '机动车登记', department: true, table: 'vehicles', keys: ['plate'],
    fields: [f('plate', '号牌号码'), h('id_number', '所有人身份证号', 'id'), h('vehicle_type', '车辆类型'), h('registered_date', '登记日期')],
  },
  businesses: {
    label: '市场主体登记', department: true, table: 'businesses', keys: ['credit_code', 'id_number', 'role'],
    fields: [h('credit_code', '统一社会信用代码'), h('company_name', '企业名称'), h('id_number', '身份证号', 'id'), h('role', '角色'), f('registered_capital_fen', '注册资本', 'money')],
  },
  public_employees: {
    label: '财政供养人员', department: true, table: 'public_employees', keys: ['id_number'],
    fields: [h('id_number', '身份证号', 'id'), h('name', '姓名'), h('employer', '工作单位'), h('start_date', '入职日期'), h('end_date', '离职日期')],
  },
  ledger: {
    label: '村级财务收支', department: false, table: 'ledger_entries', keys: ['entry_no'],
    fields: [f('entry_no', '凭证流水号'), f('region_code', '村代码'), h('entry_date', '记账日期'), f('direction', '收支', 'direction'), h('amount_fen', '金额', 'money'), f('category', '科目'), h('counterparty_name', '对方单位或个人'), h('counterparty_id', '对方证件号', 'id'), f('description', '摘要'), h('decision_no', '决策编号')],
  },
  contracts: {
    label: '合同', department: false, table: 'contracts', keys: ['contract_no'],
    fields: [f('contract_no', '合同编号'), f('region_code', '村代码'), h('contract_type', '合同类型'), f('title', '合同名称'), h('counterparty_name', '相对方'), h('counterparty_id', '相对方证件号', 'id'), h('amount_fen', '合同金额', 'money'), h('signed_date', '签订日期'), h('procurement_method', '交易方式'), f('decision_no', '决策编号')],
  },
  hearings: {
    label: '村民问政会', department: false, table: 'hearings', keys: ['id'],
    fields: [h('title', '问政会'), f('region_code', '村代码'), f('quarter', '季度'), h('scheduled_at', '召开时间', 'timestamp'), f('place', '地点'), f('status', '状态')],
  },
  hearing_cadres: {
    label: '问政评议干部', department: false, table: 'hearing_cadres', keys: ['id'],
    fields: [h('name', '姓名'), h('position', '职务'), f('region_code', '村代码')],
  },
  village_questions: {
    label: '村民提问', department: false, table: 'village_questions', keys: ['id'],
    fields: [h('content', '问题'), f('region_code', '村代码'), h('due_on', '答复期限'), f('status', '状态'), h('answered_at', '答复时间', 'timestamp')],
  },
};

/** decisions:<decision_no>/<stage> is a stage of a decision; decisions:<decision_no> the decision itself. */
const DECISION_STAGE_FIELDS: FieldDef[] = [
  f('decision_no', '决策编号'), f('title', '事项'), f('region_code', '村代码'), h('stage', '环节', 'stage'), f('body', '会议类型'), h('held_on', '日期'),
  f('eligible', '应到人数'), h('attendees', '实到人数'), h('votes_for', '赞成票'), f('votes_against', '反对票'), h('recorded_at', '录入时间', 'timestamp'),
];
const DECISION_FIELDS: FieldDef[] = [f('decision_no', '决策编号'), h('title', '事项'), f('region_code', '村代码'), h('amount_fen', '涉及金额', 'money'), f('status', '状态')];

const textCols = (fields: FieldDef[], alias?: string) =>
  sql.join(fields.map((x) => sql`${alias ? sql.raw(`${alias}.`) : sql``}${sql.identifier(x.col)}::text as ${sql.identifier(x.col)}`), sql`, `);

function queryFor(dataset: string, parts: string[]): { def: { label: string; department: boolean; fields: FieldDef[] }; query: SQL } | null {
  if (dataset === 'decisions') {
    const [no, stage] = parts;
    if (!no) return null;
    if (!stage) {
      return { def: { label: '四议两公开记录', department: false, fields: DECISION_FIELDS }, query: sql`select ${textCols(DECISION_FIELDS)} from decisions where decision_no = ${no} and deleted_at is null limit 1` };
    }
    const cols = DECISION_STAGE_FIELDS.map((x) => (['decision_no', 'title', 'region_code'].includes(x.col) ? sql`d.${sql.identifier(x.col)}::text as ${sql.identifier(x.col)}` : sql`s.${sql.identifier(x.col)}::text as ${sql.identifier(x.col)}`));
    return {
      def: { label: '四议两公开记录', department: false, fields: DECISION_STAGE_FIELDS },
      query: sql`select ${sql.join(cols, sql`, `)} from decision_stages s join decisions d on d.id = s.decision_id
                 where d.decision_no = ${no} and s.stage = ${stage} and s.deleted_at is null and d.deleted_at is null limit 1`,
    };
  }
  const def = DATASETS[dataset];
  if (!def || parts.length === 0 || parts.length > def.keys.length) return null;
  const values = def.unordered ? [...parts].sort() : parts;
  const conds = values.map((v, i) => sql`${sql.identifier(def.keys[i]!)}::text = ${v}`);
  return { def, query: sql`select ${textCols(def.fields)} from ${sql.identifier(def.table)} where ${sql.join(conds, sql` and `)} and deleted_at is null limit 1` };
}

/** The masked form of an identity number (or credit code): first 4 and last 4 characters kept. */
export function maskId(value: string): string {
  return value.length >= 10 ? `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}` : '*'.repeat(value.length);
}

const yuan = (fen: string) => `${(Number(fen) / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
const chinaTime = (ts: string) => new Date(new Date(ts).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

function display(kind: FieldKind, value: string, masked: boolean): string {
  switch (kind) {
    case 'id': return masked ? maskId(value) : value;
    case 'money': return yuan(value);
    case 'timestamp': return chinaTime(value);
    case 'direction': return value === 'income' ? '收入' : value === 'expense' ? '支出' : value;
    case 'stage': return DECISION_STAGE_LABELS[value as keyof typeof DECISION_STAGE_LABELS] ?? value;
    default: return value;
  }
}

/** `dataset:key;dataset:key` → items; a composite key is joined by `/`. */
export function parseEvidence(evidence: string): { dataset: string; key: string; parts: string[] }[] {
  return evidence
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 50)
    .map((item) => {
      const at = item.indexOf(':');
      const dataset = at < 0 ? item : item.slice(0, at);
      const key = at < 0 ? '' : item.slice(at + 1);
      return { dataset, key, parts: key.split('/').filter(Boolean) };
    });
}

/**
 * The rows that made an alert fire, side by side (依据): each `dataset:key` of its evidence looked
 * up in the stored data. Department rows need dataset:record:read (else only the masked key is
 * shown); identity numbers are shown in full only with that permission.
 */
export async function getAlertEvidence(db: Db, actor: Actor, id: string): Promise<TAlertEvidence> {
  const alert = await getAlertById(db, actor, id);
  const canRead = actor.kind === 'system' || hasPermission(actor.roles, 'dataset:record:read');
  const masked = !canRead;
  const items: TAlertEvidenceItem[] = [];
  for (const { dataset, key, parts } of parseEvidence(alert.evidence)) {
    const shownKey = masked ? maskIdNumbers(key) : key;
    const found = queryFor(dataset, parts);
    if (!found) {
      items.push({ dataset, key: shownKey, label: null, missing: true, restricted: false, fields: [] });
      continue;
    }
    const { def, query } = found;
    if (def.department && !canRead) {
      items.push({ dataset, key: shownKey, label: def.label, missing: false, restricted: true, fields: [] });
      continue;
    }
    const [row] = await repo.findEvidenceRows(db, query);
    items.push({
      dataset,
      key: shownKey,
      label: def.label,
      missing: !row,
      restricted: false,
      fields: row
        ? def.fields.map((x) => {
            const v = row[x.col];
            return { name: x.name, value: v === null || v === undefined ? null : display(x.kind ?? 'text', String(v), masked), highlight: !!x.highlight };
          })
        : [],
    });
  }
  return { alertId: alert.id, masked, items };
}
