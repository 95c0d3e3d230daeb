/**
 * Calendar dates as 'YYYY-MM-DD' strings (China time, see lib/time.ts `chinaDate`). Arithmetic is
 * done on UTC day numbers, so the result never depends on the server's time zone.
 */
import { isCalendarDate } from '@mpw/contracts';

export { isCalendarDate };

const DAY_MS = 86_400_000;

/** Days since 1970-01-01; throws RangeError on a malformed date (a programming error: inputs are validated at the boundary). */
export function dayNumber(date: string): number {
  if (!isCalendarDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The date `n` calendar days after `date` (before it when `n` is negative). */
export function addCalendarDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`days must be an integer: ${n}`);
  return fromDayNumber(dayNumber(date) + n);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return new Date(dayNumber(date) * DAY_MS).getUTCDay() || 7;
}

export function isWeekend(date: string): boolean {
  return isoWeekday(date) >= 6;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}
