import { randomUUID } from 'node:crypto';
import { queryRows, schema, type Db } from '@mpw/db';
import type { TAlertRule, TAlertSubjectType, TContractType, TDecisionStage, TProcurementMethod } from '@mpw/contracts';
import { systemActor } from '../../../lib/actor.js';
import { audited, type AuditedTx } from '../../audit/audit.log.js';
import type { RuleContext, RuleDef, RuleSettings } from './types.js';

/** Fixtures for the rule tests: rows written straight into the tables (inside an audited transaction), rules run directly. */

export const SETTINGS: RuleSettings = {
  largeExpenseThresholdFen: 5_000_000,
  assetDisposalThresholdFen: 2_000_000,
  splitPaymentWindowDays: 30,
  lateRecordDays: 7,
  outlierSigma: 3,
  outlierRatio: 2,
};

export const ruleContext = (districtCode: string, over: Partial<RuleContext> = {}): RuleContext => ({
  asOf: '2026-12-31',
  districtCode,
  villages: null,
  settings: SETTINGS,
  ...over,
});

export interface Hit {
  subject_id: string;
  region_code: string;
  summary: string;
  evidence: string;
  severity: string | null;
}

export function ruleOf(rules: readonly RuleDef[], code: TAlertRule, subjectType?: TAlertSubjectType): RuleDef {
  const rule = rules.find((r) => r.code === code && (!subjectType || r.subjectType === subjectType));
  if (!rule) throw new Error(`no rule ${code}`);
  return rule;
}

/** The rule's hits keyed by subject; fails on a subject returned twice (the engine needs one row per subject). */
export async function hitsOf(db: Db, rule: RuleDef, ctx: RuleContext): Promise<Map<string, Hit>> {
  const rows = await queryRows<Hit & Record<string, unknown>>(db, rule.hits(ctx));
  const map = new Map(rows.map((r) => [r.subject_id, r]));
  if (map.size !== rows.length) throw new Error(`${rule.code}: a subject returned more than once`);
  return map;
}

type Insert = (w: AuditedTx) => Promise<unknown>;

/** Writes fixture rows the way every business write happens: in one audited transaction. */
export async function write(db: Db, ...work: Insert[]): Promise<void> {
  await audited(db, systemActor(), async (w) => {
    for (const step of work) await step(w);
    await w.record({ action: 'test.fixture', entityType: 'fixture', entityId: null });
  });
}

let counter = 0;
const next = () => `${Date.now().toString(36)}${(++counter).toString().padStart(4, '0')}`;

export interface EntryInput {
  regionCode: string;
  entryDate: string;
  amountFen: number;
  direction?: 'income' | 'expense';
  counterpartyName?: string | null;
  counterpartyId?: string | null;
  description?: string | null;
  decisionNo?: string | null;
  status?: 'draft' | 'pending_review' | 'final' | 'rejected';
  entryNo?: string;
  id?: string;
  reversesEntryId?: string | null;
  reversedByEntryId?: string | null;
}

export function entry(e: EntryInput): Insert & { entryNo: string; id: string } {
  const id = e.id ?? randomUUID();
  const entryNo = e.entryNo ?? `L-${next()}`;
  const fn: Insert = ({ tx }) =>
    tx.insert(schema.ledgerEntries).values({
      id,
      entryNo,
      entryDate: e.entryDate,
      period: e.entryDate.slice(0, 7),
      direction: e.direction ?? 'expense',
      amountFen: e.amountFen,
      category: '管理费用',
      counterpartyName: e.counterpartyName === undefined ? '某建筑公司' : e.counterpartyName,
      counterpartyId: e.counterpartyId ?? null,
      description: e.description === undefined ? '工程款' : e.description,
      decisionNo: e.decisionNo ?? null,
      status: e.status ?? 'final',
      reversesEntryId: e.reversesEntryId ?? null,
      reversedByEntryId: e.reversedByEntryId ?? null,
      regionCode: e.regionCode,
    });
  return Object.assign(fn, { entryNo, id });
}

export interface ContractInput {
  regionCode: string;
  contractType?: TContractType;
  title?: string;
  amountFen: number;
  signedDate: string;
  procurementMethod?: TProcurementMethod | null;
  counterpartyName?: string;
  counterpartyId?: string | null;
  decisionNo?: string | null;
  status?: 'active' | 'completed' | 'terminated';
}

export function contract(c: ContractInput): Insert & { contractNo: string } {
  const contractNo = `HT-${next()}`;
  const fn: Insert = ({ tx }) =>
    tx.insert(schema.contracts).values({
      id: randomUUID(),
      contractNo,
      contractType: c.contractType ?? '工程',
      title: c.title ?? '村道硬化',
      counterpartyName: c.counterpartyName ?? '某建筑公司',
      counterpartyId: c.counterpartyId ?? null,
      amountFen: c.amountFen,
      signedDate: c.signedDate,
      procurementMethod: c.procurementMethod === undefined ? '公开招标' : c.procurementMethod,
      decisionNo: c.decisionNo ?? null,
      status: c.status ?? 'active',
      regionCode: c.regionCode,
    });
  return Object.assign(fn, { contractNo });
}

export interface StageInput {
  stage: TDecisionStage;
  heldOn: string;
  /** ISO timestamp; default noon China time on the meeting day. */
  recordedAt?: string;
  body?: string | null;
  eligible?: number | null;
  attendees?: number | null;
  votesFor?: number | null;
  outcome?: 'passed' | 'failed' | null;
}

export function decision(regionCode: string, stages: StageInput[], opts: { title?: string; decisionNo?: string } = {}): Insert & { decisionNo: string; title: string } {
  const id = randomUUID();
  const decisionNo = opts.decisionNo ?? `${regionCode}-2026-${next()}`;
  const title = opts.title ?? '修建村道';
  const fn: Insert = async ({ tx }) => {
    await tx.insert(schema.decisions).values({ id, decisionNo, title, status: 'in_progress', regionCode });
    for (const s of stages) {
      await tx.insert(schema.decisionStages).values({
        id: randomUUID(),
        decisionId: id,
        stage: s.stage,
        body: s.body ?? null,
        heldOn: s.heldOn,
        eligible: s.eligible ?? null,
        attendees: s.attendees ?? null,
        votesFor: s.votesFor ?? null,
        recordedAt: new Date(s.recordedAt ?? `${s.heldOn}T12:00:00+08:00`),
        outcome: s.outcome ?? null,
        regionCode,
      });
    }
  };
  return Object.assign(fn, { decisionNo, title });
}

/** A complete, regular procedure: every stage on the given days (all before or on `resolution`). */
export function fullStages(dates: string[]): StageInput[] {
  const stages: TDecisionStage[] = ['proposal', 'consultation', 'review', 'resolution', 'resolution_published', 'result_published'];
  return dates.flatMap((d, i) =>
    d ? [{ stage: stages[i]!, heldOn: d, ...(stages[i] === 'resolution' ? { body: '村民代表会议', eligible: 30, attendees: 25, votesFor: 20 } : {}) }] : [],
  );
}

export const cadre = (c: { idNumber: string; name: string; regionCode: string; position?: string; startDate: string; endDate?: string | null }): Insert => ({ tx }) =>
  tx.insert(schema.cadres).values({ idNumber: c.idNumber, name: c.name, position: c.position ?? '村委会主任', startDate: c.startDate, endDate: c.endDate ?? null, regionCode: c.regionCode });

export const resident = (r: { idNumber: string; name: string; householdId: string; regionCode: string }): Insert => ({ tx }) =>
  tx.insert(schema.residents).values({ idNumber: r.idNumber, name: r.name, householdId: r.householdId, regionCode: r.regionCode });

export const kin = (a: string, b: string, relation: string, regionCode: string): Insert => ({ tx }) =>
  tx.insert(schema.kinship).values({ idNumberA: a < b ? a : b, idNumberB: a < b ? b : a, relation, regionCode });

export const business = (b: { creditCode: string; companyName: string; idNumber: string; role: string; regionCode: string }): Insert => ({ tx }) =>
  tx.insert(schema.businesses).values({ creditCode: b.creditCode, companyName: b.companyName, idNumber: b.idNumber, role: b.role, regionCode: b.regionCode });

/** Distinct 18-character identity-number-shaped strings (the rules do not check them). */
let personCounter = 0;
export const personId = () => `330299198001${String(++personCounter).padStart(5, '0')}${Math.floor(Math.random() * 10)}`;
/** Distinct 18-character credit-code-shaped strings. */
let companyCounter = 0;
export const companyCode = () => `91330299MA${String(++companyCounter).padStart(4, '0')}${Math.random().toString(36).slice(2, 6).toUpperCase().padEnd(4, 'X')}`;
