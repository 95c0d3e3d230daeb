/**
 * National schedules we ship ourselves, for a year the `chinese-days` package does not have yet
 * (or has wrong). Each entry replaces the package's data for that calendar year. Copy the dates
 * from the State Council notice (国务院办公厅关于YYYY年部分节假日安排的通知), e.g.
 *
 *   2027: {
 *     holidays: { '2027-01-01': '元旦', … },
 *     workdays: { '2027-02-06': '春节', … },   // 调休上班 (a Saturday or Sunday)
 *   },
 *
 * and remove the entry once the package carries the same data (docs/calendar.md).
 */
export interface YearSchedule {
  /** Every day off of the schedule, weekends inside a holiday included → festival name. */
  holidays: Readonly<Record<string, string>>;
  /** The adjusted working days (调休上班) → festival name. */
  workdays: Readonly<Record<string, string>>;
}

export const NATIONAL_SUPPLEMENT: Readonly<Record<number, YearSchedule>> = {};
