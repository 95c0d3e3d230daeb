import { z } from 'zod';
import { ZRegionCode } from './regions.js';

/** A day off (放假) or a working day (上班): the two kinds of a special day. */
export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
export type TCalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];
export const CALENDAR_DAY_KIND_LABELS: Record<TCalendarDayKind, { zh: string; en: string }> = {
  holiday: { zh: '放假', en: 'Day off' },
  workday: { zh: '上班', en: 'Working day' },
};

/** Where a special day comes from: the State Council schedule, or the district's own override. */
export const CALENDAR_SOURCES = ['national', 'district'] as const;
export type TCalendarSource = (typeof CALENDAR_SOURCES)[number];
export const CALENDAR_SOURCE_LABELS: Record<TCalendarSource, { zh: string; en: string }> = {
  national: { zh: '国家安排', en: 'National schedule' },
  district: { zh: '本区调整', en: 'District override' },
};

/** The years the calendar API accepts; the library itself works for any date. */
export const CALENDAR_MIN_YEAR = 2000;
export const CALENDAR_MAX_YEAR = 2100;
/** The most working days one due-date computation may span (about four years). */
export const CALENDAR_MAX_WORKING_DAYS = 1000;

/** Whether `s` is a real calendar date written as YYYY-MM-DD (rejects 2025-02-30). */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === s;
}

/** A date 'YYYY-MM-DD' (China time); `label` names the field in every message. */
export const zCalendarDate = (label: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `缺少${label}（YYYY-MM-DD）` : `${label}格式应为YYYY-MM-DD`) })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: `${label}格式应为YYYY-MM-DD`, abort: true })
    .refine(isCalendarDate, { message: `${label}不是有效的日期`, abort: true })
    .refine((s) => Number(s.slice(0, 4)) >= CALENDAR_MIN_YEAR && Number(s.slice(0, 4)) <= CALENDAR_MAX_YEAR, {
      message: `${label}应在${CALENDAR_MIN_YEAR}年至${CALENDAR_MAX_YEAR}年之间`,
    });

/** A whole number in a query string, strictly (an empty value is refused, not read as 0). */
const zQueryInt = (label: string, min: number, max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `缺少${label}` : `${label}必须是整数`) })
    .regex(/^-?\d{1,6}$/, { message: `${label}必须是整数`, abort: true })
    .transform(Number)
    .pipe(z.number().min(min, { message: `${label}不能小于${min}` }).max(max, { message: `${label}不能大于${max}` }));

export const ZCalendarYearQuery = z.object({
  /** Defaults to the current year (China time). */
  year: zQueryInt('年份', CALENDAR_MIN_YEAR, CALENDAR_MAX_YEAR).optional(),
});
export type TCalendarYearQuery = z.infer<typeof ZCalendarYearQuery>;

export const ZWorkingDaysQuery = z.object({
  from: zCalendarDate('起始日期'),
  days: zQueryInt('工作日天数', 0, CALENDAR_MAX_WORKING_DAYS),
});
export type TWorkingDaysQuery = z.infer<typeof ZWorkingDaysQuery>;

export const ZPublicWorkingDaysQuery = ZWorkingDaysQuery.extend({ regionCode: ZRegionCode });
export type TPublicWorkingDaysQuery = z.infer<typeof ZPublicWorkingDaysQuery>;

export const ZCalendarDayParams = z.object({ day: zCalendarDate('日期') });

export const ZSetCalendarDayRequest = z.object({
  kind: z.enum(CALENDAR_DAY_KINDS, { message: '类型必须是 holiday（放假）或 workday（上班）' }),
  /** Why the district changes the day (e.g. 防汛抢险调休); shown beside the day. The server's messages prefix the field name (名称). */
  name: z.string({ message: '不能为空' }).trim().min(1, { message: '不能为空' }).max(40, { message: '不能超过40个字' }),
});
export type TSetCalendarDayRequest = z.infer<typeof ZSetCalendarDayRequest>;

/** A district override as stored. */
export const ZCalendarOverride = z.object({
  day: z.string(),
  kind: z.enum(CALENDAR_DAY_KINDS),
  name: z.string().nullable(),
  /** The district (12 digits, ending in 000000) the override belongs to. */
  regionCode: ZRegionCode,
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
});
export type TCalendarOverride = z.infer<typeof ZCalendarOverride>;

/** A day that is not an ordinary weekday or weekend, as it counts in the district. */
export const ZCalendarDayView = z.object({
  day: z.string(),
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: z.number().int().min(1).max(7),
  kind: z.enum(CALENDAR_DAY_KINDS),
  name: z.string().nullable(),
  source: z.enum(CALENDAR_SOURCES),
  /** The national entry a district override replaces (or repeats), if the day has one. */
  national: z.object({ kind: z.enum(CALENDAR_DAY_KINDS), name: z.string() }).nullable(),
});
export type TCalendarDayView = z.infer<typeof ZCalendarDayView>;

export const ZCalendarYearView = z.object({
  year: z.number().int(),
  districtCode: ZRegionCode,
  /** False when the shipped data has no national schedule for the year: only weekends are days off. */
  nationalScheduleKnown: z.boolean(),
  /** The years the shipped national data covers. */
  nationalYears: z.object({ first: z.number().int(), last: z.number().int() }),
  days: z.array(ZCalendarDayView),
});
export type TCalendarYearView = z.infer<typeof ZCalendarYearView>;

export const ZWorkingDaysResult = z.object({
  from: z.string(),
  days: z.number().int(),
  /** The date `days` working days after `from` (`from` itself does not count). */
  due: z.string(),
  districtCode: ZRegionCode,
  /** False when the span reaches a year without national data (counted with weekends only). */
  nationalScheduleKnown: z.boolean(),
});
export type TWorkingDaysResult = z.infer<typeof ZWorkingDaysResult>;
