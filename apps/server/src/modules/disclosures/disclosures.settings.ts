import { defineSetting, zInt } from '../settings/settings.registry.js';

/** 村务公开 time limits: district policy (domain.md, Disclosure), changed in 系统设置 with history. */
export const FINANCE_MONTHLY_DUE_DAY = defineSetting({
  key: 'disclosure.financeMonthlyDueDay',
  module: 'disclosures',
  kind: 'integer',
  label: { zh: '财务月度公开截止日', en: 'Day of the month the monthly finance statement is due' },
  description: {
    zh: '每月财务收支须在次月该日前公开（默认10日：10月的收支于11月10日前公开）。',
    en: 'The finance statement of month M is due on this day of month M+1 (default 10).',
  },
  schema: zInt(1, 28),
  defaultValue: 10,
});

export const QUARTERLY_DUE_DAY = defineSetting({
  key: 'disclosure.quarterlyDueDay',
  module: 'disclosures',
  kind: 'integer',
  label: { zh: '季度公开截止日', en: 'Day by which quarterly items are due' },
  description: {
    zh: '季度公开事项（集体资产资源与合同、惠民资金）须在下一季度首月该日前公开（默认20日）。',
    en: 'Quarterly items of a quarter are due on this day of the first month of the next quarter (default 20).',
  },
  schema: zInt(1, 28),
  defaultValue: 20,
});

export const QUESTION_ANSWER_DAYS = defineSetting({
  key: 'disclosure.questionAnswerDays',
  module: 'disclosures',
  kind: 'days',
  label: { zh: '村民提问答复期限（工作日）', en: 'Working days to answer a villager’s question' },
  description: {
    zh: '村民对公开内容提出的问题，须在该数量的工作日内公开答复，逾期产生黄色预警。',
    en: 'A question on a disclosure is due this many working days after it was asked; overdue ones raise a yellow alert.',
  },
  schema: zInt(1, 60),
  defaultValue: 5,
});
