import { randomUUID } from 'node:crypto';
import type { Db } from '@mpw/db';
import {
  DATASET_COLUMNS,
  DECISION_STAGES,
  DECISION_STAGE_LABELS,
  isWithinRegion,
  regionLevelOf,
  type TDecisionStage,
  type TDecisionStatus,
  type TLedgerImportReport,
  type TRecordDecisionStageRequest,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { normalizeHeader } from '../../lib/csv.js';
import { chinaDate } from '../../lib/time.js';
import { dayNumber } from '../../lib/calendar/dates.js';
import { audited, type AuditEntry, type AuditedTx } from '../audit/audit.log.js';
import { parseDate, yuanToFen } from '../books/books.exchange.js';
import { once, readRowBatches, type ImportInput, type ModuleImportOptions } from '../books/books.import-rows.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import { districtOf, getSetting } from '../settings/settings.service.js';
import * as repo from './decisions.repository.js';
import { raiseLateRecord } from './decisions.service.js';
import { LATE_RECORD_DAYS } from './decisions.settings.js';
import { isVotingStage, meetingOutcome, stageInputProblems, statusAfter } from './decisions.policy.js';
import { auditableStage, inStageOrder } from './decisions.presenter.js';

/**
 * decisions.csv of shared/spec/data-exchange.md: one row per stage of one decision, key
 * (decision_id, stage). `decision_id` is the decision's number. Imported records are evidence:
 * unlike the form, the import does not refuse stages out of order or after a failed meeting
 * (DECISION_ORDER judges those); it refuses rows whose own figures do not add up. The outcome
 * of a voting meeting, the decision's status, `is_late` and the LATE_RECORD alert follow the
 * same rules as a stage recorded on the form. An empty `recorded_at` means the record is made
 * now (a stage already recorded keeps its time). Same report shape as the ledger and contracts
 * imports. Decisions and stages carry their provenance (import_id, source_file, source_line: the
 * import, file and line that last wrote them); the audit events of the import name the file and
 * line of each row too.
 */

const STAGE_WORDS = new Map<string, TDecisionStage>(
  DECISION_STAGES.flatMap((s) => [
    [normalizeHeader(s), s],
    [normalizeHeader(DECISION_STAGE_LABELS[s]), s],
  ]),
);
STAGE_WORDS.set(normalizeHeader('村民会议决议'), 'resolution');
STAGE_WORDS.set(normalizeHeader('村民代表会议决议'), 'resolution');

/** ISO 8601 with an offset; without one (or a date alone) the time is China time. */
export function parseRecordedAt(text: string): Date | null {
  const t = text.trim();
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  let date: string | null = m ? parseDate(m[1]!) : null;
  if (!m) date = parseDate(t);
  if (!date) return null;
  if (!m || m[2] === undefined) return m?.[6] ? null : new Date(`${date}T00:00:00+08:00`);
  const seconds = `${m[4] ?? '00'}${m[5] ? m[5].slice(0, 4) : ''}`;
  const zone = m[6] ? (m[6] === 'Z' ? 'Z' : m[6].includes(':') ? m[6] : `${m[6].slice(0, 3)}:${m[6].slice(3)}`) : '+08:00';
  const at = new Date(`${date}T${m[2]}:${m[3]}:${seconds}${zone}`);
  return Number.isNaN(at.getTime()) ? null : at;
}

function parseCount(text: string, label: string): { value: number | undefined } | { reason: string } {
  const t = text.normalize('NFKC').trim();
  if (!t) return { value: undefined };
  if (!/^\d{1,7}$/.test(t)) return { reason: `${label}“${text}”应为非负整数` };
  return { value: Number(t) };
}

interface StageInput {
  line: number;
  decisionNo: string;
  regionCode: string;
  title: string;
  amountFen: number | null;
  stage: TDecisionStage;
  body: string | null;
  heldOn: string;
  eligible: number | null;
  attendees: number | null;
  votesFor: number | null;
  votesAgainst: number | null;
  /** null: not given in the file. */
  recordedAt: Date | null;
}

const FIELD_LABELS: Record<string, string> = { heldOn: '日期', body: '会议类型', eligible: '应到人数', attendees: '实到人数', votesFor: '赞成票', votesAgainst: '反对票' };

/** One row → the stage it records, or why it is rejected. Village existence and scope are checked later. */
function parseRow(v: Record<string, string>, now: Date): StageInput | { reason: string } {
  const text = (k: string) => (v[k] ?? '').normalize('NFKC').trim();
  const decisionNo = text('decision_id');
  if (!decisionNo) return { reason: '决策编号（decision_id）不能为空' };
  if (decisionNo.length > 64) return { reason: '决策编号不能超过64个字符' };
  const regionCode = text('village_code');
  if (!/^\d{12}$/.test(regionCode) || regionLevelOf(regionCode) !== 'village') return { reason: `村代码“${regionCode}”应为12位村级区划代码` };
  const title = (v.title ?? '').trim();
  if (title.length > 100) return { reason: '事项不能超过100个字' };
  const amountFen = text('amount') ? yuanToFen(text('amount')) : null;
  if (text('amount') && amountFen === null) return { reason: `涉及金额“${text('amount')}”应为元，最多两位小数` };
  const stage = STAGE_WORDS.get(normalizeHeader(text('stage')));
  if (!stage) return { reason: `环节“${text('stage')}”无法识别（应为 ${DECISION_STAGES.join('/')} 或 ${DECISION_STAGES.map((s) => DECISION_STAGE_LABELS[s]).join('、')}）` };
  const heldOn = parseDate(text('held_on'));
  if (!heldOn) return { reason: `日期“${text('held_on')}”无法识别（应为YYYY-MM-DD、YYYY/MM/DD或YYYYMMDD）` };
  const counts: Record<string, number | undefined> = {};
  for (const [key, field] of [['eligible', 'eligible'], ['attendees', 'attendees'], ['votes_for', 'votesFor'], ['votes_against', 'votesAgainst']] as const) {
    const c = parseCount(v[key] ?? '', FIELD_LABELS[field]!);
    if ('reason' in c) return c;
    counts[field] = c.value;
  }
  const body = text('body') || undefined;
  if (body && body.length > 40) return { reason: '会议类型不能超过40个字' };
  let recordedAt: Date | null = null;
  if (text('recorded_at')) {
    recordedAt = parseRecordedAt(text('recorded_at'));
    if (!recordedAt) return { reason: `录入时间“${text('recorded_at')}”无法识别（应为ISO 8601时间，如 2024-08-24T11:45:22+08:00）` };
    if (recordedAt.getTime() > now.getTime() + 5 * 60_000) return { reason: `录入时间（${text('recorded_at')}）不能晚于现在` };
    if (chinaDate(recordedAt) < heldOn) return { reason: `录入时间（${chinaDate(recordedAt)}）不能早于会议日期（${heldOn}）` };
  }
  // The form's rules on the minutes themselves (counts that add up, the resolution's body, a date not in the future).
  const input: TRecordDecisionStageRequest = { stage, heldOn, body, eligible: counts.eligible, attendees: counts.attendees, votesFor: counts.votesFor, votesAgainst: counts.votesAgainst };
  const problems = stageInputProblems(input, { today: chinaDate(now), previous: null });
  if (problems.length) return { reason: problems.map((p) => `${FIELD_LABELS[p.path] ?? p.path}：${p.message}`).join('；') };
  return {
    line: 0, decisionNo, regionCode, title, amountFen, stage, body: body ?? null, heldOn,
    eligible: counts.eligible ?? null, attendees: counts.attendees ?? null, votesFor: counts.votesFor ?? null, votesAgainst: counts.votesAgainst ?? null,
    recordedAt,
  };
}

/** The status a decision's recorded stages give, in their legal order; a failed meeting ends it. */
function statusOf(stages: Pick<repo.StageRow, 'stage' | 'outcome'>[]): TDecisionStatus {
  let status: TDecisionStatus = 'in_progress';
  for (const s of inStageOrder(stages)) if (status !== 'failed') status = statusAfter(status, s.stage, s.outcome);
  return status;
}

const STAGE_FIELDS = ['body', 'heldOn', 'eligible', 'attendees', 'votesFor', 'votesAgainst'] as const;

class StrictImportAbort extends Error {}

interface Group {
  decisionNo: string;
  /** The decision's first row in the file, its title and amount completed by later rows. */
  first: StageInput;
  /** Its rows in the current batch. */
  rows: StageInput[];
}

const DECISION_COLUMNS = DATASET_COLUMNS.decisions.map((c) => ({ ...c, aliases: c.aliases ? [...c.aliases] : undefined }));

interface ImportContext {
  fileName: string;
  importId: string;
  now: Date;
  /** decisions.lateRecordDays by district (the setting in force today). */
  lateDays: Map<string, number>;
  villages?: Set<string>;
}

/**
 * Imports decisions.csv (or the same dataset as XLSX or JSON) in one audited transaction:
 * decisions created or updated by number, stages upserted by (decision_id, stage), each with its
 * provenance (import_id, source_file, source_line); every rejected row reported with its line and
 * reason; with `strict`, nothing is imported if any row is rejected.
 *
 * The file is read as a stream, IMPORT_BATCH_ROWS rows at a time; a decision's rows need not be
 * next to each other (a later batch finds what an earlier one wrote). Per batch the decisions are
 * locked and read with one query and their stages with another; decisions, stages and audit
 * events are written with a few set-based statements.
 */
export async function importDecisionsCsv(db: Db, actor: Actor, file: ImportInput, opts: ModuleImportOptions = {}): Promise<TLedgerImportReport> {
  const report: TLedgerImportReport = { read: 0, created: 0, updated: 0, unchanged: 0, rejected: [] };
  const reject = (line: number, reason: string) => report.rejected.push({ line, reason });
  const ctx: ImportContext = { fileName: opts.fileName ?? 'decisions.csv', importId: opts.importId ?? randomUUID(), now: new Date(), lateDays: new Map(), villages: opts.villages };
  await audited(
    db,
    actor,
    once(async (w) => {
      const firstRows = new Map<string, StageInput>();
      const seen = new Map<string, number>();
      const villages = new Map<string, boolean>();
      for await (const rows of readRowBatches(file, DECISION_COLUMNS, { format: opts.format, batchRows: opts.batchRows })) {
        const groups = new Map<string, Group>();
        for (const r of rows) {
          report.read++;
          const p = parseRow(r.values, ctx.now);
          if ('reason' in p) {
            reject(r.line, p.reason);
            continue;
          }
          p.line = r.line;
          const key = `${p.decisionNo}\u0000${p.stage}`;
          if (seen.has(key)) {
            reject(r.line, `决策 ${p.decisionNo} 的“${DECISION_STAGE_LABELS[p.stage]}”环节与第${seen.get(key)}行重复`);
            continue;
          }
          if (actor.regionCode && !isWithinRegion(p.regionCode, actor.regionCode)) {
            reject(r.line, `村代码 ${p.regionCode} 不在本账号管辖范围内`);
            continue;
          }
          const f = firstRows.get(p.decisionNo);
          // The decision's own columns must say the same on each of its rows.
          if (f) {
            const clash =
              f.regionCode !== p.regionCode ? '村代码' : p.title && f.title && p.title !== f.title ? '事项' : p.amountFen !== null && f.amountFen !== null && p.amountFen !== f.amountFen ? '涉及金额' : null;
            if (clash) {
              reject(r.line, `决策 ${p.decisionNo} 的${clash}与第${f.line}行不一致`);
              continue;
            }
            if (!f.title && p.title) f.title = p.title;
            if (f.amountFen === null && p.amountFen !== null) f.amountFen = p.amountFen;
          } else firstRows.set(p.decisionNo, { ...p });
          let group = groups.get(p.decisionNo);
          if (!group) groups.set(p.decisionNo, (group = { decisionNo: p.decisionNo, first: firstRows.get(p.decisionNo)!, rows: [] }));
          group.rows.push(p);
          seen.set(key, r.line);
        }
        const valid: Group[] = [];
        for (const g of groups.values()) {
          const region = g.first.regionCode;
          if (!villages.has(region)) villages.set(region, (await getRegionInScope(w.tx, region, actor.regionCode))?.level === 'village');
          if (villages.get(region)) valid.push(g);
          else for (const r of g.rows) reject(r.line, `村代码 ${region} 不是已登记的村`);
        }
        // Strict mode writes on (so that the checks against stored rows report every bad row) and rolls back at the end.
        const outcomes = await writeBatch(w, valid, ctx);
        for (const g of valid) {
          for (const r of g.rows) {
            const o = outcomes.get(r.line)!;
            if (typeof o === 'string') report[o]++;
            else reject(r.line, o.reason);
          }
        }
      }
      if (opts.strict && report.rejected.length) throw new StrictImportAbort();
      await w.record({
        action: 'decision.import',
        entityType: 'decision_import',
        entityId: ctx.importId,
        after: { file: ctx.fileName, read: report.read, created: report.created, updated: report.updated, unchanged: report.unchanged, rejected: report.rejected.length },
      });
    }),
  ).catch((err) => {
    if (!(err instanceof StrictImportAbort)) throw err;
    report.created = report.updated = report.unchanged = 0;
    opts.villages?.clear();
  });
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}

type RowOutcome = 'created' | 'updated' | 'unchanged' | { reason: string };

async function lateDaysFor(w: AuditedTx, ctx: ImportContext, regionCode: string): Promise<number> {
  const key = districtOf(regionCode);
  let days = ctx.lateDays.get(key);
  if (days === undefined) ctx.lateDays.set(key, (days = await getSetting(w.tx, LATE_RECORD_DAYS, regionCode, chinaDate(ctx.now))));
  return days;
}

/**
 * The decisions of one batch and their stages, with the rules of a stage recorded on the form
 * (the outcome of a voting meeting, the decision's status, is_late and LATE_RECORD); the outcome
 * of each row by its line.
 */
async function writeBatch(w: AuditedTx, groups: Group[], ctx: ImportContext): Promise<Map<number, RowOutcome>> {
  const { actor } = w;
  const outcomes = new Map<number, RowOutcome>();
  if (groups.length === 0) return outcomes;
  const source = (line: number) => ({ file: ctx.fileName, line });
  const provenance = (line: number): repo.ImportProvenance => ({ importId: ctx.importId, sourceFile: ctx.fileName, sourceLine: line });
  const lockedByNo = new Map((await repo.lockDecisionsByNos(w.tx, groups.map((g) => g.decisionNo))).map((d) => [d.decisionNo, d]));

  // The decision of each group as it will be: found, or new.
  const kept: { g: Group; decision: repo.DecisionRow; isNew: boolean; before: repo.DecisionRow | null; rowChanged: boolean }[] = [];
  for (const g of groups) {
    const f = g.first;
    const found = lockedByNo.get(g.decisionNo) ?? null;
    const refusal =
      found && (found.deletedAt || found.regionCode !== f.regionCode)
        ? `决策编号 ${g.decisionNo} 已被其他村的决策使用`
        : found && actor.regionCode && !isWithinRegion(found.regionCode, actor.regionCode)
          ? `决策编号 ${g.decisionNo} 不在本账号管辖范围内`
          : !found && !f.title
            ? `决策 ${g.decisionNo} 是新决策，事项（title）不能为空`
            : null;
    if (refusal) {
      for (const r of g.rows) outcomes.set(r.line, { reason: refusal });
      continue;
    }
    if (!found) {
      const decision: repo.DecisionRow = {
        id: randomUUID(), decisionNo: g.decisionNo, title: f.title, amountFen: f.amountFen, matterId: null, status: 'in_progress', regionCode: f.regionCode,
        ...provenance(f.line), createdBy: actor.userId, updatedBy: actor.userId, createdAt: ctx.now, updatedAt: ctx.now, deletedAt: null,
      };
      kept.push({ g, decision, isNew: true, before: null, rowChanged: true });
      continue;
    }
    const title = f.title || found.title;
    // An empty amount cell leaves the amount as it was (a file without amounts does not erase them).
    const amountFen = f.amountFen ?? found.amountFen;
    const rowChanged = title !== found.title || amountFen !== found.amountFen;
    kept.push({ g, decision: { ...found, title, amountFen }, isNew: false, before: found, rowChanged });
  }

  const stagesOf = new Map<string, repo.StageRow[]>();
  for (const s of await repo.listStages(w.tx, kept.filter((k) => !k.isNew).map((k) => k.decision.id))) {
    const list = stagesOf.get(s.decisionId) ?? [];
    list.push(s);
    stagesOf.set(s.decisionId, list);
  }

  const newDecisions: repo.ImportedDecision[] = [];
  const patches: repo.DecisionPatch[] = [];
  const stageInserts: repo.ImportedStage[] = [];
  const stageUpdates: repo.ImportedStage[] = [];
  const events: AuditEntry[] = [];
  const late: { decision: repo.DecisionRow; stages: repo.StageRow[]; days: number }[] = [];
  for (const { g, decision, isNew, before, rowChanged } of kept) {
    const f = g.first;
    if (isNew) {
      events.push({ action: 'decision.decision.import', entityType: 'decision', entityId: decision.id, regionCode: decision.regionCode, after: { decisionNo: decision.decisionNo, title: decision.title, amountFen: decision.amountFen, status: decision.status, source: source(f.line) } });
    } else if (rowChanged) {
      events.push({
        action: 'decision.decision.import_update', entityType: 'decision', entityId: decision.id, regionCode: decision.regionCode,
        before: { title: before!.title, amountFen: before!.amountFen }, after: { title: decision.title, amountFen: decision.amountFen, source: source(f.line) },
      });
    }
    const lateRecordDays = await lateDaysFor(w, ctx, decision.regionCode);
    const stages = stagesOf.get(decision.id) ?? [];
    let lateWritten = false;
    let stagesChanged = false;
    for (const r of g.rows) {
      const existing = stages.find((s) => s.stage === r.stage);
      const recordedAt = r.recordedAt ?? existing?.recordedAt ?? ctx.now;
      const same = existing && STAGE_FIELDS.every((k) => existing[k] === r[k]) && existing.recordedAt.getTime() === recordedAt.getTime();
      if (same) {
        outcomes.set(r.line, 'unchanged');
        continue;
      }
      const result = isVotingStage(r.stage) ? meetingOutcome(r.stage, r.body ?? undefined, { eligible: r.eligible ?? 0, attendees: r.attendees ?? 0, votesFor: r.votesFor ?? 0 }) : null;
      const isLate = dayNumber(chinaDate(recordedAt)) - dayNumber(r.heldOn) > lateRecordDays;
      const fields = {
        body: r.body, heldOn: r.heldOn, eligible: r.eligible, attendees: r.attendees, votesFor: r.votesFor, votesAgainst: r.votesAgainst,
        recordedAt, isLate, outcome: result?.outcome ?? null, outcomeReason: result?.reason ?? null,
      };
      const written: repo.ImportedStage = { id: existing?.id ?? randomUUID(), decisionId: decision.id, stage: r.stage, ...fields, regionCode: decision.regionCode, ...provenance(r.line) };
      if (existing) {
        const updated = { ...existing, ...fields, ...provenance(r.line), updatedAt: ctx.now, updatedBy: actor.userId };
        stageUpdates.push(written);
        stages.splice(stages.indexOf(existing), 1, updated);
        events.push({
          action: 'decision.stage.import_update', entityType: 'decision', entityId: decision.id, regionCode: decision.regionCode,
          before: auditableStage(existing), after: { decisionNo: decision.decisionNo, ...auditableStage(updated), source: source(r.line) },
        });
        outcomes.set(r.line, 'updated');
      } else {
        const row: repo.StageRow = {
          ...written, place: null, chair: null, recorder: null, abstentions: null, minutes: null,
          createdBy: actor.userId, updatedBy: actor.userId, createdAt: ctx.now, updatedAt: ctx.now, deletedAt: null,
        };
        stageInserts.push(written);
        stages.push(row);
        events.push({
          action: 'decision.stage.import', entityType: 'decision', entityId: decision.id, regionCode: decision.regionCode,
          after: { decisionNo: decision.decisionNo, ...auditableStage(row), source: source(r.line) },
        });
        outcomes.set(r.line, 'created');
      }
      stagesChanged = true;
      if (isLate) lateWritten = true;
    }

    const status = statusOf(stages);
    if (status !== decision.status) {
      events.push({ action: 'decision.decision.import_status', entityType: 'decision', entityId: decision.id, regionCode: decision.regionCode, before: { status: decision.status }, after: { status } });
    }
    if (isNew) newDecisions.push({ id: decision.id, decisionNo: decision.decisionNo, title: decision.title, amountFen: decision.amountFen, status, regionCode: decision.regionCode, ...provenance(f.line) });
    else if (rowChanged || status !== decision.status) patches.push({ id: decision.id, title: decision.title, amountFen: decision.amountFen, status, provenance: rowChanged ? provenance(f.line) : null });
    if (isNew || rowChanged || stagesChanged || status !== decision.status) ctx.villages?.add(decision.regionCode);
    if (lateWritten) late.push({ decision: { ...decision, status }, stages, days: lateRecordDays });
  }

  await repo.insertImportedDecisions(w.tx, newDecisions, actor.userId);
  await repo.updateImportedDecisions(w.tx, patches, actor.userId);
  await repo.writeImportedStages(w.tx, stageInserts, stageUpdates, actor.userId);
  await w.recordMany(events);
  for (const l of late) await raiseLateRecord(w, l.decision, l.stages, l.days);
  return outcomes;
}
