import { boolean, index, pgTable, text } from 'drizzle-orm/pg-core';
import { businessColumns } from './columns.js';

/** Administrative divisions (统计用区划代码). `region_code` is the region's own code (its scope key). */
export const regions = pgTable(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level', { enum: ['district', 'township', 'village'] }).notNull(),
    parentCode: text('parent_code'),
    isDemo: boolean('is_demo').notNull().default(false),
    ...businessColumns(),
  },
  (t) => [index('regions_region_code_idx').on(t.regionCode), index('regions_parent_idx').on(t.parentCode)],
);
