import { z } from 'zod';
import { ALERT_RULES, type TAlertRule } from './alerts.js';
import { zCalendarDate } from './calendar.js';
import { ZPageQuery } from './common.js';
import { ZRegionCode } from './regions.js';

/**
 * The rules the data-comparison sweep evaluates (shared/spec/data-exchange.md, Alert rules):
 * every rule code except those raised by modules at write time (OVERDUE_STEP, …).
 */
export const SWEEP_RULE_CODES = [
  'KIN_BENEFIT',
  'DECEASED_PAYMENT',
  'NO_ENTITLEMENT_PAYMENT',
  'INELIGIBLE_VEHICLE',
  'INELIGIBLE_BUSINESS',
  'INELIGIBLE_PUBLIC_EMPLOYEE',
  'DUPLICATE_BENEFIT',
  'IDENTITY_MISMATCH',
  'UNKNOWN_PERSON',
  'INVALID_ID',
  'UNAPPROVED_LARGE_EXPENSE',
  'SPLIT_PAYMENT',
  'RELATED_PARTY_CONTRACT',
  'ASSET_NO_AUCTION',
  'DECISION_ORDER',
  'DECISION_QUORUM',
  'LATE_RECORD',
  'BENEFIT_OUTLIER',
] as const satisfies readonly TAlertRule[];
export type TSweepRuleCode = (typeof SWEEP_RULE_CODES)[number];

/** What one sweep did for one rule. */
export const ZSweepRuleCounts = z.object({
  /** Raised for the first time. */
  new: z.number().int(),
  /** Seen again (still open in the data), reopened ones included. */
  open: z.number().int(),
  /** Seen again after a sweep had found the cause gone. */
  reopened: z.number().int(),
  /** No longer seen: marked resolved by data (the status a person gave stays). */
  resolved: z.number().int(),
});
export type TSweepRuleCounts = z.infer<typeof ZSweepRuleCounts>;

/** POST /api/v1/alerts/sweeps: a full sweep of one district now. */
export const ZRunSweepRequest = z.object({
  /** Default: today in China time. */
  asOf: zCalendarDate('评估日期').optional(),
  /** The district (12 digits ending in 000000); default the account's district. */
  regionCode: ZRegionCode.refine((c) => c.endsWith('000000'), { message: '扫描范围必须是区县代码（以000000结尾）' }).optional(),
});
export type TRunSweepRequest = z.infer<typeof ZRunSweepRequest>;

export const ZAlertSweep = z.object({
  id: z.string(),
  kind: z.enum(['full', 'incremental']),
  asOf: z.string(),
  /** The district swept. */
  regionCode: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  importId: z.string().nullable(),
  /** Incremental sweeps: how many villages were re-checked (null: the whole district). */
  villages: z.number().int().nullable(),
  counts: z.partialRecord(z.enum(ALERT_RULES), ZSweepRuleCounts),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  message: z.string().nullable(),
});
export type TAlertSweep = z.infer<typeof ZAlertSweep>;

export const ZAlertSweepListQuery = ZPageQuery;
export type TAlertSweepListQuery = z.infer<typeof ZAlertSweepListQuery>;
