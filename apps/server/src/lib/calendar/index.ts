/**
 * The working-day calendar (工作日历) that deadlines use: pure functions on 'YYYY-MM-DD' dates in
 * China time, over the national schedule shipped as data and a district's overrides.
 */
export { addCalendarDays, isCalendarDate, isoWeekday, isWeekend } from './dates.js';
export { isNationalScheduleKnown, nationalDay, nationalDaysOfYear, nationalYears, type NationalDay } from './national.js';
export { addWorkingDays, isWorkingDay, workingDaysBetween, type CalendarOverrides } from './working-days.js';
