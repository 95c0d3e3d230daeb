import { text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Columns every business table carries (house rule): region, who/when created and updated, soft delete. */
export const businessColumns = () => ({
  regionCode: text('region_code').notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
});
