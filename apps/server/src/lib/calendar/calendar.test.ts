import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addCalendarDays, addWorkingDays, isCalendarDate, isNationalScheduleKnown, isoWeekday, isWorkingDay, nationalDay, nationalDaysOfYear, nationalYears, workingDaysBetween, type CalendarOverrides } from './index.js';
import { buildNationalTable } from './national.js';

/** Every day of the range, inclusive. */
function range(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) out.push(d);
  return out;
}

/**
 * The State Council notices, written out by hand so that a package update that changes a
 * published year fails here (国办发明电〔2023〕7号 for 2024, 〔2024〕12号 for 2025, the
 * notice of November 2025 for 2026).
 */
const SCHEDULES: Record<number, { holidays: string[]; workdays: string[] }> = {
  2024: {
    holidays: ['2024-01-01', ...range('2024-02-10', '2024-02-17'), ...range('2024-04-04', '2024-04-06'), ...range('2024-05-01', '2024-05-05'), '2024-06-10', ...range('2024-09-15', '2024-09-17'), ...range('2024-10-01', '2024-10-07')],
    workdays: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
  },
  2025: {
    holidays: ['2025-01-01', ...range('2025-01-28', '2025-02-04'), ...range('2025-04-04', '2025-04-06'), ...range('2025-05-01', '2025-05-05'), ...range('2025-05-31', '2025-06-02'), ...range('2025-10-01', '2025-10-08')],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    holidays: [...range('2026-01-01', '2026-01-03'), ...range('2026-02-15', '2026-02-23'), ...range('2026-04-04', '2026-04-06'), ...range('2026-05-01', '2026-05-05'), ...range('2026-06-19', '2026-06-21'), ...range('2026-09-25', '2026-09-27'), ...range('2026-10-01', '2026-10-07')],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

describe('national schedule', () => {
  it('ships 2024–2026 exactly as the State Council published them', () => {
    for (const [year, s] of Object.entries(SCHEDULES)) {
      const days = nationalDaysOfYear(Number(year));
      expect(days.filter((d) => d.kind === 'holiday').map((d) => d.date), year).toEqual(s.holidays);
      expect(days.filter((d) => d.kind === 'workday').map((d) => d.date), year).toEqual(s.workdays);
      expect(isNationalScheduleKnown(Number(year))).toBe(true);
    }
    expect(nationalYears().first).toBeLessThanOrEqual(2024);
    expect(nationalYears().last).toBeGreaterThanOrEqual(2026);
  });

  it('2025 National Day and Mid-Autumn: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 worked', () => {
    for (const d of range('2025-10-01', '2025-10-08')) expect(isWorkingDay(d), d).toBe(false);
    expect(nationalDay('2025-10-01')).toEqual({ date: '2025-10-01', kind: 'holiday', name: '国庆节' });
    expect(nationalDay('2025-10-06')?.name).toBe('中秋节');
    expect(nationalDay('2026-04-05')?.name).toBe('清明节');
    expect(isoWeekday('2025-09-28')).toBe(7);
    expect(isoWeekday('2025-10-11')).toBe(6);
    expect(isWorkingDay('2025-09-28')).toBe(true);
    expect(isWorkingDay('2025-10-11')).toBe(true);
    expect(nationalDay('2025-09-28')).toMatchObject({ kind: 'workday', name: '国庆节' });
    expect(isWorkingDay('2025-10-09')).toBe(true);
    expect(isWorkingDay('2025-10-12')).toBe(false);
  });

  it('2026 Spring Festival: 02-15..02-23 off, Saturdays 02-14 and 02-28 worked', () => {
    for (const d of range('2026-02-15', '2026-02-23')) {
      expect(isWorkingDay(d), d).toBe(false);
      expect(nationalDay(d)?.name).toBe('春节');
    }
    expect(isWorkingDay('2026-02-14')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true);
    expect(isWorkingDay('2026-02-24')).toBe(true);
    expect(isWorkingDay('2026-02-21')).toBe(false);
  });

  it('treats a year without shipped data as weekends only', () => {
    expect(isNationalScheduleKnown(2099)).toBe(false);
    expect(nationalDaysOfYear(2099)).toEqual([]);
    // 2099-10-01 is a Thursday: with no national data it counts as an ordinary working day.
    expect(isWorkingDay('2099-10-01')).toBe(true);
    expect(isWorkingDay('2099-10-03')).toBe(false);
    expect(addWorkingDays('2099-09-30', 3)).toBe('2099-10-05');
  });
});

describe('working days', () => {
  it('counts from the day after the start, skipping holidays and counting adjusted Saturdays', () => {
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(addWorkingDays('2025-09-30', 3)).toBe('2025-10-11');
    expect(addWorkingDays('2025-09-26', 1)).toBe('2025-09-28');
    expect(addWorkingDays('2025-09-26', 3)).toBe('2025-09-30');
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
    // A step started on a holiday: the first working day after it is day 1.
    expect(addWorkingDays('2025-10-03', 1)).toBe('2025-10-09');
    // Across a year end and the 2026 New Year holiday (2026-01-04, a Sunday, is worked).
    expect(addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
    expect(addWorkingDays('2025-12-26', 4)).toBe('2026-01-04');
    expect(addWorkingDays('2025-12-26', 5)).toBe('2026-01-05');
  });

  it('gives the start itself for 0 days and refuses a negative or fractional count', () => {
    expect(addWorkingDays('2025-10-03', 0)).toBe('2025-10-03');
    expect(() => addWorkingDays('2025-10-03', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-10-03', 1.5)).toThrow(RangeError);
  });

  it('counts the working days after a up to and including b', () => {
    expect(workingDaysBetween('2025-09-30', '2025-10-09')).toBe(1);
    expect(workingDaysBetween('2025-09-30', '2025-10-08')).toBe(0);
    expect(workingDaysBetween('2025-09-26', '2025-10-12')).toBe(6);
    expect(workingDaysBetween('2025-10-12', '2025-09-26')).toBe(-6);
    expect(workingDaysBetween('2025-10-09', '2025-10-09')).toBe(0);
  });

  it('applies district overrides before the national schedule', () => {
    const overrides: CalendarOverrides = new Map([
      ['2025-10-09', 'holiday'],
      ['2025-10-05', 'workday'],
      ['2025-11-03', 'holiday'],
    ]);
    expect(isWorkingDay('2025-10-09', overrides)).toBe(false);
    expect(isWorkingDay('2025-10-05', overrides)).toBe(true);
    expect(isWorkingDay('2025-11-03', overrides)).toBe(false);
    expect(addWorkingDays('2025-09-30', 1, overrides)).toBe('2025-10-05');
    expect(addWorkingDays('2025-09-30', 2, overrides)).toBe('2025-10-10');
    expect(addWorkingDays('2025-10-31', 1, overrides)).toBe('2025-11-04');
    expect(addWorkingDays('2025-09-30', 2)).toBe('2025-10-10');
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
  });

  it('inverts: workingDaysBetween(a, addWorkingDays(a, n)) = n, and the due date is a working day', () => {
    const day = fc.integer({ min: 0, max: 4 * 366 }).map((n) => addCalendarDays('2024-01-01', n));
    const overrides = fc.array(fc.tuple(day, fc.constantFrom('holiday' as const, 'workday' as const)), { maxLength: 20 }).map((pairs) => new Map(pairs));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 60 }), overrides, (start, n, o) => {
        const due = addWorkingDays(start, n, o);
        expect(workingDaysBetween(start, due, o)).toBe(n);
        if (n > 0) expect(isWorkingDay(due, o)).toBe(true);
        expect(due >= start).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the server time zone', () => {
    const tz = process.env.TZ;
    try {
      process.env.TZ = 'America/Los_Angeles';
      expect(isWorkingDay('2026-02-14')).toBe(true);
      expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
      expect(isoWeekday('2025-09-28')).toBe(7);
      process.env.TZ = 'Pacific/Kiritimati';
      expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});

describe('dates', () => {
  it('adds calendar days across months, leap days and years', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addCalendarDays('2025-10-01', 0)).toBe('2025-10-01');
  });

  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isCalendarDate('2025-10-01')).toBe(true);
    for (const bad of ['2025-02-29', '2025-13-01', '2025-1-01', '20251001', '2025-10-01T00:00:00Z', '']) expect(isCalendarDate(bad), bad).toBe(false);
    expect(() => isWorkingDay('2025/10/01')).toThrow(RangeError);
    expect(() => addCalendarDays('2025-02-30', 1)).toThrow(RangeError);
  });
});

describe('buildNationalTable', () => {
  const pkg = {
    holidays: { '2030-01-01': "New Year's Day,元旦,1", '2031-01-01': "New Year's Day,元旦,1" },
    workdays: { '2030-01-05': "New Year's Day,元旦,1" },
  };

  it('reads the package format and lets a supplement replace a whole year', () => {
    const t = buildNationalTable(pkg, { 2031: { holidays: { '2031-01-01': '元旦', '2031-01-02': '元旦' }, workdays: {} }, 2032: { holidays: { '2032-01-01': '元旦' }, workdays: { '2031-12-28': '元旦' } } });
    expect(t.byDate.get('2030-01-01')).toEqual({ date: '2030-01-01', kind: 'holiday', name: '元旦' });
    expect(t.byDate.get('2030-01-05')?.kind).toBe('workday');
    expect(t.byDate.get('2031-01-02')?.name).toBe('元旦');
    expect(t.byDate.get('2031-12-28')?.kind).toBe('workday');
    expect([...t.years].sort()).toEqual([2030, 2031, 2032]);
  });

  it('refuses malformed data and a day that is both off and worked', () => {
    expect(() => buildNationalTable({ holidays: { '2030-02-30': 'x' }, workdays: {} }, {})).toThrow();
    expect(() => buildNationalTable({ holidays: {} }, {})).toThrow();
    expect(() => buildNationalTable(pkg, { 2032: { holidays: { '2032-01-03': '元旦' }, workdays: { '2032-01-03': '元旦' } } })).toThrow(/both/);
  });
});
