import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  SWEEP_RULE_CODES,
  isWithinRegion,
  type TAlertRule,
  type TAlertSweep,
  type TAlertSweepListQuery,
  type TDataset,
  type TRunSweepRequest,
  type TSweepRuleCode,
} from '@mpw/contracts';
import { notFound, validationError } from '../../lib/errors.js';
import { systemActor, type Actor } from '../../lib/actor.js';
import { chinaDate, chinaHour } from '../../lib/time.js';
import type { AppDeps } from '../../types.js';
import { audited, type AuditEntry } from '../audit/audit.log.js';
import { onDatasetImported, type DatasetImported } from '../datasets/datasets.events.js';
import { enqueueJob } from '../jobs/jobs.repository.js';
import { registerJobHandler, registerSchedule } from '../jobs/jobs.worker.js';
import { districtOf } from '../settings/settings.service.js';
import { resolveRuleSettings } from './alerts.rules.settings.js';
import { assignDefaultHandlers } from './alerts.service.js';
import * as repo from './alerts.sweep.repository.js';
import { SWEEP_RULES, type RuleDef } from './rules/index.js';

export interface SweepOptions {
  /** The district to sweep (12 digits). */
  districtCode: string;
  /** YYYY-MM-DD; default today in China time. */
  asOf?: string;
  kind?: 'full' | 'incremental';
  /** Incremental: only these villages (null/undefined: the whole district). */
  villages?: string[] | null;
  /** Incremental: only rules that read this dataset. */
  dataset?: string | null;
  importId?: string | null;
  onProgress?: (rule: TAlertRule, done: number, total: number) => void;
}

export interface RuleCounts {
  new: number;
  open: number;
  resolved: number;
  /** Of `open`: seen again after a sweep had found the cause gone. */
  reopened: number;
}

export interface SweepResult {
  sweepId: string;
  asOf: string;
  kind: 'full' | 'incremental';
  /** Per rule evaluated: alerts raised for the first time, seen again (still open), and no longer seen (resolved by data). */
  perRule: Partial<Record<TAlertRule, RuleCounts>>;
}

const isSweepRule = (code: string): code is TSweepRuleCode => (SWEEP_RULE_CODES as readonly string[]).includes(code);

/** What `alert_sweeps.counts` holds: the per-rule counts and what was swept. */
export interface StoredSweepCounts {
  rules: Partial<Record<TAlertRule, RuleCounts>>;
  villages: number | null;
  dataset: string | null;
}

/** A full sweep cannot mark a rule's alerts of another district; an incremental one only its villages. */
function checkOptions(opts: SweepOptions) {
  if (!/^\d{6}000000$/.test(opts.districtCode)) throw new Error(`sweep district ${opts.districtCode} is not a district code`);
  if (opts.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf)) throw new Error(`sweep asOf ${opts.asOf} is not YYYY-MM-DD`);
}

/**
 * Evaluates the rules for one district as of a date and reconciles the alerts table.
 *
 * Each rule definition runs in its own audited transaction: its hits go into a work table, then
 * new subjects become open alerts, known ones are marked seen (and updated, audited, when their
 * summary, evidence, village or grade changed, or when they come back after being resolved by
 * data), and alerts of the swept scope that no longer fire are marked resolved by data — never
 * deleted, their status untouched. The sweep itself is a row of alert_sweeps, running → done
 * (or failed, with the reason, if a rule's query fails; the rules done before it stay done).
 */
export async function runSweep(deps: AppDeps, actor: Actor, opts: SweepOptions): Promise<SweepResult> {
  checkOptions(opts);
  const { db } = deps;
  const asOf = opts.asOf ?? chinaDate();
  const kind = opts.kind ?? 'full';
  const villages = kind === 'incremental' ? (opts.villages ?? null) : null;
  const dataset = kind === 'incremental' ? (opts.dataset ?? null) : null;
  const settings = await resolveRuleSettings(db, opts.districtCode, asOf);
  const defs = SWEEP_RULES.filter(
    (d) => isSweepRule(d.code) && settings.enabled[d.code] && (dataset === null || d.datasets.includes(dataset as TDataset)),
  );
  // Rules are planned from the tables' statistics: make sure a fresh load is not planned as empty.
  await repo.refreshStaleStatistics(db);
  const sweepId = randomUUID();
  const perRule: Partial<Record<TAlertRule, RuleCounts>> = {};
  const stored = (): StoredSweepCounts => ({ rules: perRule, villages: villages?.length ?? null, dataset });

  await audited(db, actor, async (w) => {
    await repo.insertSweep(w.tx, { id: sweepId, kind, asOf, importId: opts.importId ?? null, regionCode: opts.districtCode, counts: stored(), userId: actor.userId });
    await w.record({
      action: 'alert.sweep.start',
      entityType: 'alert_sweep',
      entityId: sweepId,
      regionCode: opts.districtCode,
      after: { kind, asOf, importId: opts.importId ?? null, dataset, villages, rules: [...new Set(defs.map((d) => d.code))] },
    });
  });

  try {
    let done = 0;
    for (const def of defs) {
      const counts = await sweepRule(deps, actor, def, { sweepId, asOf, districtCode: opts.districtCode, villages, severity: settings.severity[def.code as TSweepRuleCode], settings: settings.rules });
      const sum = (perRule[def.code] ??= { new: 0, open: 0, resolved: 0, reopened: 0 });
      sum.new += counts.new;
      sum.open += counts.open;
      sum.resolved += counts.resolved;
      sum.reopened += counts.reopened;
      opts.onProgress?.(def.code, ++done, defs.length);
    }
  } catch (err) {
    const message = (err as Error).message.slice(0, 2000);
    await audited(db, actor, async (w) => {
      await repo.finishSweep(w.tx, sweepId, 'failed', stored(), message, actor.userId);
      await w.record({ action: 'alert.sweep.fail', entityType: 'alert_sweep', entityId: sweepId, regionCode: opts.districtCode, after: { message, counts: perRule } });
    });
    throw err;
  }

  await audited(db, actor, async (w) => {
    await repo.finishSweep(w.tx, sweepId, 'done', stored(), null, actor.userId);
    await w.record({ action: 'alert.sweep.finish', entityType: 'alert_sweep', entityId: sweepId, regionCode: opts.districtCode, after: { counts: perRule } });
  });
  return { sweepId, asOf, kind, perRule };
}

interface RuleRun {
  sweepId: string;
  asOf: string;
  districtCode: string;
  villages: string[] | null;
  severity: RuleDef['defaultSeverity'] | null;
  settings: Parameters<RuleDef['hits']>[0]['settings'];
}

/** One rule definition: hits → work table → reconcile with alerts, audited, in one transaction. */
async function sweepRule(deps: AppDeps, actor: Actor, def: RuleDef, run: RuleRun): Promise<RuleCounts> {
  const scope: repo.ReconcileScope = { rule: def.code, subjectType: def.subjectType, districtCode: run.districtCode, villages: run.villages };
  return audited(deps.db, actor, async (w) => {
    // One sweep of a district at a time: a second waits rather than racing the first.
    await w.tx.execute(sql`select pg_advisory_xact_lock(7321010, hashtext(${`alerts.sweep:${run.districtCode}`}))`);
    // The rule queries are big joins run once: JIT compilation costs more than it saves (seconds per rule).
    await w.tx.execute(sql`set local jit = off`);
    const hits = def.hits({ asOf: run.asOf, districtCode: run.districtCode, villages: run.villages, settings: run.settings });
    await repo.loadHits(w.tx, hits, { override: run.severity, fallback: def.defaultSeverity });
    const created = await repo.insertNewAlerts(w.tx, scope, run.sweepId, actor.userId);
    const changed = await repo.updateChangedAlerts(w.tx, scope, run.sweepId, actor.userId);
    const seen = await repo.touchSeenAlerts(w.tx, scope, run.sweepId);
    const resolved = await repo.resolveUnseenAlerts(w.tx, scope, actor.userId);

    const base = { rule: def.code, subjectType: def.subjectType };
    const events: AuditEntry[] = [
      ...created.map((a) => ({
        action: 'alert.alert.raise',
        entityType: 'alert',
        entityId: a.id,
        regionCode: a.region_code,
        after: { ...base, subjectId: a.subject_id, regionCode: a.region_code, severity: a.severity, status: 'open', summary: a.summary, evidence: a.evidence, sweepId: run.sweepId },
      })),
      ...changed.map((a) => ({
        action: a.came_back ? 'alert.alert.reopen' : 'alert.alert.update',
        entityType: 'alert',
        entityId: a.id,
        regionCode: a.region_code,
        before: { ...base, subjectId: a.subject_id, regionCode: a.old_region_code, severity: a.old_severity, status: a.old_status, summary: a.old_summary, evidence: a.old_evidence },
        after: { ...base, subjectId: a.subject_id, regionCode: a.region_code, severity: a.severity, status: a.status, summary: a.summary, evidence: a.evidence, sweepId: run.sweepId },
      })),
      ...resolved.map((a) => ({
        action: 'alert.alert.resolve_by_data',
        entityType: 'alert',
        entityId: a.id,
        regionCode: a.region_code,
        before: { resolvedByDataAt: null },
        after: { resolvedByDataAt: new Date(a.resolved_at).toISOString(), sweepId: run.sweepId },
      })),
    ];
    await w.recordMany(events);
    if (created.length) await assignDefaultHandlers(w, created.map((a) => a.id));
    const reopened = changed.filter((a) => a.came_back).length;
    return { new: created.length, open: changed.length + seen, resolved: resolved.length, reopened };
  });
}

/** Full sweeps of every district in the registry (the command line's default, the daily job). */
export async function sweepAllDistricts(
  deps: AppDeps,
  actor: Actor,
  opts: { asOf?: string; onDistrict?: (districtCode: string) => void; onProgress?: SweepOptions['onProgress'] } = {},
): Promise<{ districtCode: string; result: SweepResult }[]> {
  const out: { districtCode: string; result: SweepResult }[] = [];
  for (const districtCode of await repo.listDistrictCodes(deps.db)) {
    opts.onDistrict?.(districtCode);
    out.push({ districtCode, result: await runSweep(deps, actor, { districtCode, asOf: opts.asOf, kind: 'full', onProgress: opts.onProgress }) });
  }
  return out;
}

/** More changed people than this: an import is treated as touching every village of its district. */
const MANY_PEOPLE = 20_000;

/**
 * The villages an import touched: those of its rows, and for person-level rows the villages
 * where those people (or their households) hold entitlements, are paid, are registered or serve.
 */
export async function villagesAffected(deps: AppDeps, e: Pick<DatasetImported, 'districtCode' | 'villages' | 'idNumbers'>): Promise<string[]> {
  // A bulk load touches people all over the district: re-check every place there rather than
  // look up where each of them lives, is paid or serves (hundreds of thousands of look-ups).
  const fromPeople = e.idNumbers.length > MANY_PEOPLE ? await repo.placesOfDistrict(deps.db, e.districtCode) : await repo.villagesOfPeople(deps.db, e.districtCode, e.idNumbers);
  const district = e.districtCode.slice(0, 6);
  return [...new Set([...e.villages.filter((v) => v.startsWith(district)), ...fromPeople])].sort();
}

/** Incremental sweep after an import: only rules that read the dataset, only the villages it touched. */
async function sweepAfterImport(deps: AppDeps, payload: IncrementalPayload): Promise<SweepResult | null> {
  if (!SWEEP_RULES.some((d) => d.datasets.includes(payload.dataset))) return null;
  if (payload.villages.length === 0) return null;
  return runSweep(deps, systemActor(), {
    districtCode: payload.districtCode,
    kind: 'incremental',
    dataset: payload.dataset,
    villages: payload.villages,
    importId: payload.importId,
  });
}

interface IncrementalPayload {
  districtCode: string;
  dataset: TDataset;
  villages: string[];
  importId: string;
}

export const SWEEP_JOB = 'alerts.sweep';
export const DAILY_SWEEP_JOB = 'alerts.sweep.daily';
/** The daily full sweep runs once a day from this hour (China time), after the night's imports. */
const DAILY_SWEEP_HOUR = 2;

onDatasetImported(async (deps, e) => {
  if (!SWEEP_RULES.some((d) => d.datasets.includes(e.dataset))) return;
  const payload: IncrementalPayload = { districtCode: e.districtCode, dataset: e.dataset, villages: await villagesAffected(deps, e), importId: e.importId };
  if (payload.villages.length === 0) return;
  if (e.inline) await sweepAfterImport(deps, payload);
  else await enqueueJob(deps.db, SWEEP_JOB, { ...payload });
});

registerJobHandler(SWEEP_JOB, async (deps, payload) => {
  await sweepAfterImport(deps, payload as unknown as IncrementalPayload);
});

registerJobHandler(DAILY_SWEEP_JOB, async (deps) => {
  await sweepAllDistricts(deps, systemActor());
});

registerSchedule(DAILY_SWEEP_JOB, async (_deps, now) => (chinaHour(now) >= DAILY_SWEEP_HOUR ? `${DAILY_SWEEP_JOB}:${chinaDate(now)}` : null));

/** POST /alerts/sweeps: a full sweep of the account's district (or one it names, within its scope) now. */
export async function runSweepFor(deps: AppDeps, actor: Actor, input: TRunSweepRequest): Promise<TAlertSweep> {
  const own = actor.regionCode ? districtOf(actor.regionCode) : null;
  const districtCode = input.regionCode ?? own;
  if (!districtCode) throw validationError('regionCode', '请指定要扫描的区县');
  if (actor.regionCode !== null && !isWithinRegion(districtCode, actor.regionCode)) throw notFound('区县');
  if (!(await repo.regionExists(deps.db, districtCode))) throw notFound('区县');
  const result = await runSweep(deps, actor, { districtCode, asOf: input.asOf, kind: 'full' });
  const { rows } = await repo.findSweeps(deps.db, null, { offset: 0, limit: 1 }, result.sweepId);
  return presentSweep(rows[0]!);
}

export async function findSweeps(deps: AppDeps, actor: Actor, q: TAlertSweepListQuery): Promise<{ data: TAlertSweep[]; total: number }> {
  const { rows, total } = await repo.findSweeps(deps.db, actor.regionCode, { offset: (q.current - 1) * q.pageSize, limit: q.pageSize });
  return { data: rows.map(presentSweep), total };
}

function presentSweep(row: repo.SweepRow): TAlertSweep {
  const counts = (row.counts ?? {}) as Partial<StoredSweepCounts>;
  return {
    id: row.id,
    kind: row.kind,
    asOf: row.as_of,
    regionCode: row.region_code,
    status: row.status,
    importId: row.import_id,
    villages: counts.villages ?? null,
    counts: counts.rules ?? {},
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    message: row.message,
  };
}
