import { z } from 'zod';
import { ALERT_RULE_LABELS, SWEEP_RULE_CODES, type TAlertSeverity, type TSweepRuleCode } from '@mpw/contracts';
import type { DbOrTx } from '@mpw/db';
import { defineSetting, zInt, type SettingDefinition } from '../settings/settings.registry.js';
import { getSetting } from '../settings/settings.service.js';
import { ASSET_DISPOSAL_THRESHOLD_FEN } from '../assets/assets.settings.js';
import { LARGE_EXPENSE_THRESHOLD_FEN } from '../books/books.settings.js';
import { LATE_RECORD_DAYS } from '../decisions/decisions.settings.js';
import { chinaDate } from '../../lib/time.js';
import type { RuleSettings } from './rules/types.js';

/**
 * District settings of the alert rules (shared/spec/data-exchange.md: "A rule may be switched off
 * or have its thresholds changed per district; every change is audited"). They are ordinary
 * settings: changed in 系统设置 with an effective date and history. Thresholds that other modules
 * already own (large expense, asset disposal, late record) are reused, not defined twice.
 */

const zOnOff = z.boolean({ message: '必须是开或关' });
/** '' keeps the rule's own grade. */
const zSeverityOverride = z.enum(['', 'red', 'yellow', 'blue'], { message: '必须是空（按规则默认）、red、yellow 或 blue' });

function ruleEnabledSetting(code: TSweepRuleCode) {
  return defineSetting({
    key: `alerts.rule.${code}.enabled`,
    module: 'alerts',
    kind: 'boolean',
    label: { zh: `启用预警规则：${ALERT_RULE_LABELS[code]}（${code}）`, en: `Alert rule ${code} on` },
    description: {
      zh: `关闭后，预警扫描不再评估“${ALERT_RULE_LABELS[code]}”规则，已有预警保持不变。`,
      en: `When off, the sweep no longer evaluates ${code}; existing alerts stay as they are.`,
    },
    schema: zOnOff,
    defaultValue: true,
  });
}

function ruleSeveritySetting(code: TSweepRuleCode) {
  return defineSetting({
    key: `alerts.rule.${code}.severity`,
    module: 'alerts',
    kind: 'string',
    label: { zh: `预警等级调整：${ALERT_RULE_LABELS[code]}（${code}）`, en: `Severity of ${code} alerts` },
    description: {
      zh: '留空按规则默认等级；填 red（红）、yellow（黄）或 blue（蓝）则本区该规则的预警一律按此等级。',
      en: "Empty: the rule's default grade; red, yellow or blue: every alert of the rule in the district gets this grade.",
    },
    schema: zSeverityOverride,
    defaultValue: '' as z.infer<typeof zSeverityOverride>,
  });
}

export const RULE_ENABLED = Object.fromEntries(SWEEP_RULE_CODES.map((c) => [c, ruleEnabledSetting(c)])) as Record<TSweepRuleCode, SettingDefinition<boolean>>;
export const RULE_SEVERITY = Object.fromEntries(SWEEP_RULE_CODES.map((c) => [c, ruleSeveritySetting(c)])) as Record<
  TSweepRuleCode,
  SettingDefinition<z.infer<typeof zSeverityOverride>>
>;

export const SPLIT_PAYMENT_WINDOW_DAYS = defineSetting({
  key: 'alerts.splitPaymentWindowDays',
  module: 'alerts',
  kind: 'days',
  label: { zh: '拆分支付识别天数', en: 'Split-payment window (days)' },
  description: {
    zh: '同一村付给同一对象、记账日期相差不超过该天数的多笔未经决策的小额支出，合计达到大额支出标准的，视为疑似拆分支付（默认30天）。',
    en: 'Expenses of one village to one counterparty at most this many days apart, together at or above the large-expense threshold, are a suspected split payment (default 30).',
  },
  schema: zInt(1, 366),
  defaultValue: 30,
});

export const OUTLIER_SIGMA = defineSetting({
  key: 'alerts.outlierSigma',
  module: 'alerts',
  kind: 'integer',
  label: { zh: '低保比例异常：标准差倍数', en: 'Benefit outlier: standard deviations' },
  description: {
    zh: '村低保对象占户籍人口比例高于全区各村平均值加该倍数的（总体）标准差时预警（默认3）。',
    en: "A village's share of subsistence-allowance holders above the district villages' mean plus this many (population) standard deviations raises an alert (default 3).",
  },
  schema: zInt(1, 10),
  defaultValue: 3,
});

export const OUTLIER_RATIO = defineSetting({
  key: 'alerts.outlierRatio',
  module: 'alerts',
  kind: 'integer',
  label: { zh: '低保比例异常：全区比例倍数', en: 'Benefit outlier: multiple of the district share' },
  description: {
    zh: '村低保对象占比高于全区总体占比的该倍数时预警（默认2倍）。',
    en: "A village's share above this multiple of the district-wide share raises an alert (default 2).",
  },
  schema: zInt(1, 100),
  defaultValue: 2,
});

export interface ResolvedRuleSettings {
  /** Thresholds and windows handed to every rule (RuleContext.settings). */
  rules: RuleSettings;
  enabled: Record<TSweepRuleCode, boolean>;
  /** The district's grade for a rule, or null for the rule's own. */
  severity: Record<TSweepRuleCode, TAlertSeverity | null>;
}

/**
 * The settings of `districtCode`: thresholds and windows as in force on `asOf` (the policy of the
 * date judged), switches and grades as in force today (how the district runs its sweeps now).
 */
export async function resolveRuleSettings(db: DbOrTx, districtCode: string, asOf: string): Promise<ResolvedRuleSettings> {
  const get = <T>(def: SettingDefinition<T>) => getSetting(db, def, districtCode, asOf);
  const now = <T>(def: SettingDefinition<T>) => getSetting(db, def, districtCode, chinaDate());
  const [largeExpenseThresholdFen, assetDisposalThresholdFen, splitPaymentWindowDays, lateRecordDays, outlierSigma, outlierRatio] = await Promise.all([
    get(LARGE_EXPENSE_THRESHOLD_FEN),
    get(ASSET_DISPOSAL_THRESHOLD_FEN),
    get(SPLIT_PAYMENT_WINDOW_DAYS),
    get(LATE_RECORD_DAYS),
    get(OUTLIER_SIGMA),
    get(OUTLIER_RATIO),
  ]);
  const enabled = {} as Record<TSweepRuleCode, boolean>;
  const severity = {} as Record<TSweepRuleCode, TAlertSeverity | null>;
  for (const code of SWEEP_RULE_CODES) {
    enabled[code] = await now(RULE_ENABLED[code]);
    const s = await now(RULE_SEVERITY[code]);
    severity[code] = s === '' ? null : s;
  }
  return {
    rules: { largeExpenseThresholdFen, assetDisposalThresholdFen, splitPaymentWindowDays, lateRecordDays, outlierSigma, outlierRatio },
    enabled,
    severity,
  };
}
