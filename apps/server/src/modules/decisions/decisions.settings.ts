import { defineSetting, zInt } from '../settings/settings.registry.js';

/** 四议两公开 thresholds: district policy, changed in 系统设置 with history (never constants). */
export const MAJOR_MATTER_THRESHOLD_FEN = defineSetting({
  key: 'decisions.majorMatterThresholdFen',
  module: 'decisions',
  kind: 'money_fen',
  label: { zh: '重大事项金额标准（分）', en: 'Major-matter amount (fen)' },
  description: {
    zh: '涉及金额达到该标准的事项须完整履行“四议两公开”程序（默认5万元，即5000000分）。',
    en: 'Matters whose amount reaches this must go through the full four-discussions-two-disclosures procedure (default 50,000 yuan).',
  },
  schema: zInt(0, 1_000_000_000_000),
  defaultValue: 5_000_000,
});

export const LATE_RECORD_DAYS = defineSetting({
  key: 'decisions.lateRecordDays',
  module: 'decisions',
  kind: 'days',
  label: { zh: '会议记录补记预警天数', en: 'Days after which a meeting record counts as late' },
  description: {
    zh: '会议召开（或公告张贴）后超过该天数才录入的记录标为补记，并产生“事后补记”黄色预警。',
    en: 'A stage recorded more than this many days after it was held is marked late and raises a LATE_RECORD alert.',
  },
  schema: zInt(1, 365),
  defaultValue: 7,
});
