import { z } from 'zod';
import { defineSetting, zInt } from '../settings/settings.registry.js';

/** Village-finance policy: district settings with history, never constants (shared/spec/data-exchange.md). */
export const LARGE_EXPENSE_THRESHOLD_FEN = defineSetting({
  key: 'finance.largeExpenseThresholdFen',
  module: 'books',
  kind: 'money_fen',
  label: { zh: '大额支出标准（分）', en: 'Large-expense threshold (fen)' },
  description: {
    zh: '达到该金额的支出须有决议已通过的“四议两公开”决策（决议日期不晚于记账日期），否则不予记账（默认5万元，即5000000分）。',
    en: 'An expense at or above this needs a decision whose resolution passed on or before the entry date (default 50,000 yuan).',
  },
  schema: zInt(1, 1_000_000_000_000),
  defaultValue: 5_000_000,
});

export const ALLOW_FLAGGED_LARGE_EXPENSE = defineSetting({
  key: 'finance.allowFlaggedLargeExpense',
  module: 'books',
  kind: 'boolean',
  label: { zh: '允许标记后记录未经决策的大额支出', en: 'Allow flagged large expenses without a decision' },
  description: {
    zh: '开启后，未经决策的大额支出在填写原因时可以记账，但会被标记并产生“大额支出未经决策”预警。',
    en: 'When on, a large expense without a decision may be recorded with a reason; it is flagged and raises UNAPPROVED_LARGE_EXPENSE.',
  },
  schema: z.boolean({ message: '必须是开或关' }),
  defaultValue: false,
});

export const LARGE_ITEM_FEN = defineSetting({
  key: 'disclosure.largeItemFen',
  module: 'books',
  kind: 'money_fen',
  label: { zh: '财务公开逐笔列示标准（分）', en: 'Amount from which items are disclosed one by one (fen)' },
  description: {
    zh: '村民端月度收支公开中，达到该金额的收支逐笔列出（默认1万元，即1000000分）。',
    en: 'In the portal monthly summary, items at or above this amount are listed one by one (default 10,000 yuan).',
  },
  schema: zInt(1, 1_000_000_000_000),
  defaultValue: 1_000_000,
});
