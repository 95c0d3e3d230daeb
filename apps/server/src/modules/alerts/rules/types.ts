import type { SQL } from 'drizzle-orm';
import type { TAlertRule, TAlertSeverity, TAlertSubjectType, TDataset } from '@mpw/contracts';

/** What a rule is evaluated against: one district, as of a date, optionally only some villages. */
export interface RuleContext {
  /** YYYY-MM-DD: the as-of date of the sweep. */
  asOf: string;
  /** 12-digit district code; every rule looks only at rows of this district. */
  districtCode: string;
  /**
   * Incremental sweep: only subjects in these village codes are re-checked (null: all of the
   * district). A rule must apply this filter to the subject's region_code.
   */
  villages: string[] | null;
  /** The district's resolved settings for the rule (thresholds in fen, windows in days, …). */
  settings: RuleSettings;
}

export interface RuleSettings {
  largeExpenseThresholdFen: number;
  assetDisposalThresholdFen: number;
  splitPaymentWindowDays: number;
  lateRecordDays: number;
  outlierSigma: number;
  outlierRatio: number;
}

/**
 * One alert rule of shared/spec/data-exchange.md, written as set-based SQL: `hits(ctx)` is a
 * SELECT returning one row per subject that fires, with columns
 *   subject_id text, region_code text (the village), summary text (plain Chinese, one line),
 *   evidence text (`dataset:key` items joined by ';'), severity text (null: the rule's default).
 * The engine inserts these into a work table and reconciles them with the alerts table.
 */
export interface RuleDef {
  code: TAlertRule;
  subjectType: TAlertSubjectType;
  /** Datasets whose change can change this rule's result (an incremental sweep runs only these rules). */
  datasets: readonly TDataset[];
  defaultSeverity: TAlertSeverity;
  hits(ctx: RuleContext): SQL;
}
