import { date, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { businessColumns } from './columns.js';

/** District policy values (thresholds, deadlines, switches). Each change is a new row: the history. */
export const settingValues = pgTable(
  'setting_values',
  {
    id: uuid('id').primaryKey(),
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    reason: text('reason'),
    ...businessColumns(),
  },
  (t) => [index('setting_values_lookup_idx').on(t.regionCode, t.key, t.effectiveFrom)],
);
