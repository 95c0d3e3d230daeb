import { createRequire } from 'node:module';
import { z } from 'zod';
import type { TCalendarDayKind } from '@mpw/contracts';
import { isCalendarDate, yearOf } from './dates.js';
import { NATIONAL_SUPPLEMENT, type YearSchedule } from './national-supplement.js';

/**
 * The national schedule (国务院办公厅 部分节假日安排): public holidays and the adjusted working
 * days (调休上班). The data comes from the npm package `chinese-days` (its published JSON, not its
 * functions: those parse dates in the server's local time zone and answer wrong days outside
 * UTC+8). To replace the source, change only this file.
 */
export interface NationalDay {
  date: string;
  kind: TCalendarDayKind;
  /** The festival, in Chinese (春节, 国庆节, …). */
  name: string;
}

export interface NationalTable {
  byDate: ReadonlyMap<string, NationalDay>;
  /** Years whose schedule is in the data; any other year is treated as weekends only. */
  years: ReadonlySet<number>;
}

const ZDate = z.string().refine(isCalendarDate, { message: 'not a YYYY-MM-DD date' });
/** dist/chinese-days.json: { holidays: { date: "English,中文,n" }, workdays: {…}, inLieuDays: {…} }. */
const ZPackageData = z.object({ holidays: z.record(ZDate, z.string()), workdays: z.record(ZDate, z.string()) });

/** The package shortens three festivals; we show the names the State Council notices use. */
const FULL_NAMES: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

/** "Spring Festival,春节,4" → 春节 (the package's value format). */
function chineseName(value: string): string {
  const parts = value.split(',');
  const name = (parts.length >= 2 ? parts[1]! : value).trim();
  return FULL_NAMES[name] ?? name;
}

/**
 * Merges the package's data with our supplement. A year in the supplement replaces every package
 * entry dated in that year, so a schedule can be shipped (or corrected) before the package
 * publishes it. Refuses data that names a day both a holiday and a working day.
 */
export function buildNationalTable(packageData: unknown, supplement: Readonly<Record<number, YearSchedule>>): NationalTable {
  const pkg = ZPackageData.parse(packageData);
  const replaced = new Set(Object.keys(supplement).map(Number));
  const byDate = new Map<string, NationalDay>();
  const years = new Set<number>();
  const add = (date: string, kind: TCalendarDayKind, name: string) => {
    const existing = byDate.get(date);
    if (existing && existing.kind !== kind) throw new Error(`national calendar: ${date} is both a holiday and a working day`);
    byDate.set(date, { date, kind, name });
    if (kind === 'holiday') years.add(yearOf(date));
  };
  for (const [date, value] of Object.entries(pkg.holidays)) if (!replaced.has(yearOf(date))) add(date, 'holiday', chineseName(value));
  for (const [date, value] of Object.entries(pkg.workdays)) if (!replaced.has(yearOf(date))) add(date, 'workday', chineseName(value));
  for (const [year, schedule] of Object.entries(supplement)) {
    for (const [date, name] of Object.entries(schedule.holidays)) {
      if (!isCalendarDate(date)) throw new Error(`national supplement ${year}: bad date ${date}`);
      add(date, 'holiday', name);
    }
    for (const [date, name] of Object.entries(schedule.workdays)) {
      if (!isCalendarDate(date)) throw new Error(`national supplement ${year}: bad date ${date}`);
      add(date, 'workday', name);
    }
  }
  return { byDate, years };
}

const require = createRequire(import.meta.url);
const TABLE = buildNationalTable(require('chinese-days/dist/chinese-days.json'), NATIONAL_SUPPLEMENT);

export function nationalDay(date: string): NationalDay | undefined {
  return TABLE.byDate.get(date);
}

/** Whether the shipped data holds the national schedule of `year` (otherwise: weekends only). */
export function isNationalScheduleKnown(year: number): boolean {
  return TABLE.years.has(year);
}

export function nationalYears(): { first: number; last: number } {
  const ys = [...TABLE.years];
  return { first: Math.min(...ys), last: Math.max(...ys) };
}

/** The national holidays and adjusted working days dated in `year`, in date order. */
export function nationalDaysOfYear(year: number): NationalDay[] {
  return [...TABLE.byDate.values()].filter((d) => yearOf(d.date) === year).sort((a, b) => a.date.localeCompare(b.date));
}
