import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@mpw/db';
import type {
  TCalendarDayView,
  TCalendarOverride,
  TCalendarYearView,
  TPublicWorkingDaysQuery,
  TSetCalendarDayRequest,
  TWorkingDaysQuery,
  TWorkingDaysResult,
} from '@mpw/contracts';
import * as cal from '../../lib/calendar/index.js';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound } from '../../lib/errors.js';
import { chinaDate } from '../../lib/time.js';
import { audited } from '../audit/audit.log.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import { districtOf } from '../settings/settings.service.js';
import { canManageCalendar } from './calendar.policy.js';
import { presentOverride } from './calendar.presenter.js';
import * as repo from './calendar.repository.js';

/** The working-day calendar of one district: the national schedule with the district's overrides. */
export interface DistrictCalendar {
  districtCode: string;
  overrides: cal.CalendarOverrides;
  isWorkingDay(date: string): boolean;
  /** The date `n` working days after `start`: a step started on `start` is due then. */
  addWorkingDays(start: string, n: number): string;
  workingDaysBetween(a: string, b: string): number;
  addCalendarDays(date: string, n: number): string;
}

/** The calendar in force for `regionCode` (any level): its district's overrides loaded once. */
export async function getCalendar(db: DbOrTx, regionCode: string): Promise<DistrictCalendar> {
  const districtCode = districtOf(regionCode);
  const overrides: cal.CalendarOverrides = new Map((await repo.findOverrides(db, districtCode)).map((r) => [r.day, r.kind]));
  return {
    districtCode,
    overrides,
    isWorkingDay: (date) => cal.isWorkingDay(date, overrides),
    addWorkingDays: (start, n) => cal.addWorkingDays(start, n, overrides),
    workingDaysBetween: (a, b) => cal.workingDaysBetween(a, b, overrides),
    addCalendarDays: cal.addCalendarDays,
  };
}

function actorDistrict(actor: Actor): string {
  if (!actor.regionCode) throw new AppError(ErrorCode.FORBIDDEN, { message: '工作日历属于区，需使用绑定区划的账号' });
  return districtOf(actor.regionCode);
}

/** The district that `actor` may change the calendar of. */
function managedDistrict(actor: Actor): string {
  if (!canManageCalendar(actor)) throw new AppError(ErrorCode.FORBIDDEN, { message: '只有区级账号可以调整本区工作日历' });
  return actorDistrict(actor);
}

const yearsKnown = (from: string, to: string) => {
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) if (!cal.isNationalScheduleKnown(y)) return false;
  return true;
};

/** The actor's district overrides, optionally within [from, to]. */
export async function listOverrides(db: DbOrTx, actor: Actor, range?: { from: string; to: string }): Promise<TCalendarOverride[]> {
  return (await repo.findOverrides(db, actorDistrict(actor), range)).map(presentOverride);
}

/** Every day of `year` that is not an ordinary weekday or weekend in the actor's district, with its source. */
export async function getYearCalendar(db: DbOrTx, actor: Actor, year = Number(chinaDate().slice(0, 4))): Promise<TCalendarYearView> {
  const districtCode = actorDistrict(actor);
  const days = new Map<string, TCalendarDayView>();
  for (const n of cal.nationalDaysOfYear(year)) {
    days.set(n.date, { day: n.date, weekday: cal.isoWeekday(n.date), kind: n.kind, name: n.name, source: 'national', national: { kind: n.kind, name: n.name } });
  }
  for (const r of await repo.findOverrides(db, districtCode, { from: `${year}-01-01`, to: `${year}-12-31` })) {
    const n = cal.nationalDay(r.day);
    days.set(r.day, { day: r.day, weekday: cal.isoWeekday(r.day), kind: r.kind, name: r.name, source: 'district', national: n ? { kind: n.kind, name: n.name } : null });
  }
  return {
    year,
    districtCode,
    nationalScheduleKnown: cal.isNationalScheduleKnown(year),
    nationalYears: cal.nationalYears(),
    days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}

async function dueDate(db: DbOrTx, regionCode: string, q: TWorkingDaysQuery): Promise<TWorkingDaysResult> {
  const c = await getCalendar(db, regionCode);
  const due = c.addWorkingDays(q.from, q.days);
  return { from: q.from, days: q.days, due, districtCode: c.districtCode, nationalScheduleKnown: yearsKnown(q.from, due) };
}

/** The due date of `days` working days from `from`, in the actor's district. */
export async function getDueDate(db: DbOrTx, actor: Actor, q: TWorkingDaysQuery): Promise<TWorkingDaysResult> {
  return dueDate(db, actorDistrict(actor), q);
}

/** The same for the portal: any live region; an unknown one answers 404. */
export async function getPublicDueDate(db: DbOrTx, q: TPublicWorkingDaysQuery): Promise<TWorkingDaysResult> {
  if (!(await getRegionInScope(db, q.regionCode, null))) throw notFound('区划');
  return dueDate(db, q.regionCode, q);
}

/**
 * Sets the district's override of `day` (creates it, changes it, or brings back a removed one:
 * one row per district and day). An unchanged override writes nothing.
 */
export async function setOverride(db: Db, actor: Actor, input: { day: string } & TSetCalendarDayRequest): Promise<TCalendarOverride> {
  const district = managedDistrict(actor);
  const { day, kind, name } = input;
  return audited(db, actor, async (w) => {
    let existing = await repo.lockOverrideRow(w.tx, district, day);
    if (!existing) {
      const created = await repo.insertOverrideIfAbsent(w.tx, { id: randomUUID(), day, kind, name, regionCode: district, createdBy: actor.userId, updatedBy: actor.userId });
      if (created) {
        await w.record({ action: 'calendar.day.set', entityType: 'calendar_day', entityId: day, regionCode: district, before: null, after: { kind, name } });
        return presentOverride(created);
      }
      // Another request created the row since we looked; it is committed and ours to update now.
      existing = (await repo.lockOverrideRow(w.tx, district, day))!;
    }
    const before = existing.deletedAt ? null : { kind: existing.kind, name: existing.name };
    if (before && before.kind === kind && before.name === name) return presentOverride(existing);
    const row = await repo.updateOverride(w.tx, existing.id, { kind, name, deletedAt: null, updatedBy: actor.userId, updatedAt: new Date() });
    await w.record({ action: 'calendar.day.set', entityType: 'calendar_day', entityId: day, regionCode: district, before, after: { kind, name } });
    return presentOverride(row);
  });
}

/** Removes the district's override of `day` (soft delete): the national schedule applies again. */
export async function removeOverride(db: Db, actor: Actor, day: string): Promise<void> {
  const district = managedDistrict(actor);
  await audited(db, actor, async (w) => {
    const existing = await repo.lockOverrideRow(w.tx, district, day);
    if (!existing || existing.deletedAt) throw notFound('本区对该日的调整');
    await repo.updateOverride(w.tx, existing.id, { deletedAt: new Date(), updatedBy: actor.userId, updatedAt: new Date() });
    await w.record({ action: 'calendar.day.remove', entityType: 'calendar_day', entityId: day, regionCode: district, before: { kind: existing.kind, name: existing.name }, after: null });
  });
}
