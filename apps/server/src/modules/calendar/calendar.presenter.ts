import type { TCalendarOverride } from '@mpw/contracts';
import type { CalendarDayRow } from './calendar.repository.js';

export function presentOverride(row: CalendarDayRow): TCalendarOverride {
  return {
    day: row.day,
    kind: row.kind,
    name: row.name,
    regionCode: row.regionCode,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}
