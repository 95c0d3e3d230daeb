import type { Db } from '@mpw/db';
import { wilsonInterval, type TAlertPrecision, type TAlertPrecisionQuery, type TAlertRule } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import * as repo from './alerts.repository.js';

/**
 * Measured precision of each rule (规则准确率), from the recorded outcome of every alert in
 * scope: confirmed / (confirmed + dismissed as false positive), with a 95 % Wilson interval.
 * Dismissals for other reasons and pending alerts are counted but do not enter the ratio.
 */
export async function alertPrecision(db: Db, actor: Actor, q: TAlertPrecisionQuery): Promise<TAlertPrecision> {
  const rows = await repo.outcomeCounts(db, {
    scopeCode: actor.regionCode,
    regionCode: q.regionCode,
    rule: q.rule,
    byTownship: q.groupBy === 'township' || q.groupBy === 'township_quarter',
    byQuarter: q.groupBy === 'quarter' || q.groupBy === 'township_quarter',
  });
  return {
    groupBy: q.groupBy,
    rows: rows.map((r) => {
      const decided = r.confirmed + r.false_positive;
      const ci = wilsonInterval(r.confirmed, decided);
      return {
        rule: r.rule as TAlertRule,
        townshipCode: r.township_code,
        townshipName: r.township_code ? (r.township_name ?? r.township_code) : null,
        quarter: r.quarter,
        total: Number(r.total),
        confirmed: Number(r.confirmed),
        falsePositive: Number(r.false_positive),
        dismissed: Number(r.dismissed),
        pending: Number(r.pending),
        precision: decided ? r.confirmed / decided : null,
        ciLow: ci?.low ?? null,
        ciHigh: ci?.high ?? null,
      };
    }),
  };
}
