import type { TCalendarDayKind } from '@mpw/contracts';
import { dayNumber, fromDayNumber, isWeekend } from './dates.js';
import { nationalDay } from './national.js';

/** A district's own changes (a local holiday, a moved 调休 day): date → kind. They win over the national schedule. */
export type CalendarOverrides = ReadonlyMap<string, TCalendarDayKind>;

/**
 * Whether people work on `date`: a district override if there is one, else the national schedule
 * (holiday or adjusted working day), else Monday–Friday. Beyond the years of the national data
 * only weekends are days off.
 */
export function isWorkingDay(date: string, overrides?: CalendarOverrides): boolean {
  const own = overrides?.get(date);
  if (own) return own === 'workday';
  const national = nationalDay(date);
  if (national) return national.kind === 'workday';
  return !isWeekend(date);
}

/**
 * The date `n` working days after `start` (`start` itself does not count, and may be a day
 * off): a step started on a date is due on `addWorkingDays(startDate, deadlineDays)`.
 * `n = 0` gives `start`.
 */
export function addWorkingDays(start: string, n: number, overrides?: CalendarOverrides): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
  let day = dayNumber(start);
  for (let left = n; left > 0; ) {
    day++;
    if (isWorkingDay(fromDayNumber(day), overrides)) left--;
  }
  return fromDayNumber(day);
}

/**
 * The working days after `a` up to and including `b`, so that
 * `workingDaysBetween(a, addWorkingDays(a, n)) === n`. Negative when `b` is before `a`
 * (e.g. how many working days a deadline is overdue); 0 when they are the same day.
 */
export function workingDaysBetween(a: string, b: string, overrides?: CalendarOverrides): number {
  const from = dayNumber(a);
  const to = dayNumber(b);
  if (to < from) return -workingDaysBetween(b, a, overrides);
  let count = 0;
  for (let day = from + 1; day <= to; day++) if (isWorkingDay(fromDayNumber(day), overrides)) count++;
  return count;
}
