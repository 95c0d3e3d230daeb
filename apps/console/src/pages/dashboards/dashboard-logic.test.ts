import { describe, expect, it } from 'vitest';
import {
  alertRuleFigures,
  cardGroups,
  chinaDay,
  columnRanges,
  figureText,
  heatCellColour,
  isConsolePath,
  monthLabels,
  ratioText,
  regionDashboardPath,
  wholeYear,
  windowFrom,
  yearToDate,
} from './dashboard-logic';

const fig = (key: string, value: number | null, link: string | null = null) => ({ key, label: key, value, unit: '件', link });

describe('dashboard window', () => {
  it('counts days in China time', () => {
    // 16:30 UTC on 31 December is already 1 January in China.
    expect(chinaDay(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
    expect(yearToDate(new Date('2026-12-31T16:30:00Z'))).toEqual({ from: '2027-01-01', to: '2027-01-01' });
    expect(yearToDate(new Date('2026-05-10T02:00:00Z'))).toEqual({ from: '2026-01-01', to: '2026-05-10' });
  });
  it('caps the current year at today and keeps past years whole', () => {
    const now = new Date('2026-05-10T02:00:00Z');
    expect(wholeYear(2025, now)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(wholeYear(2026, now)).toEqual({ from: '2026-01-01', to: '2026-05-10' });
  });
  it('reads the window from the address bar, ignoring bad dates and swapping a reversed one', () => {
    const now = new Date('2026-05-10T02:00:00Z');
    expect(windowFrom(new URLSearchParams(''), now)).toEqual({ from: '2026-01-01', to: '2026-05-10' });
    expect(windowFrom(new URLSearchParams('from=2026-03-01&to=2026-02-01'), now)).toEqual({ from: '2026-02-01', to: '2026-03-01' });
    expect(windowFrom(new URLSearchParams('from=yesterday&to=2026-04-30'), now)).toEqual({ from: '2026-01-01', to: '2026-04-30' });
  });
});

describe('figures', () => {
  it('formats rates, counts and missing values', () => {
    expect(figureText(87.456, '%')).toBe('87.5%');
    expect(figureText(100, '%')).toBe('100.0%');
    expect(figureText(12345, '件')).toBe('12,345 件');
    expect(figureText(null, '%')).toBe('—');
    expect(figureText(3, '')).toBe('3');
    expect(ratioText({ numerator: 12, denominator: 15 })).toBe('12 / 15');
    expect(ratioText({ numerator: null, denominator: 15 })).toBeNull();
    expect(ratioText({})).toBeNull();
  });
  it('draws the alerts-by-rule group as a chart and the others as cards', () => {
    const groups = [
      { key: 'matters', title: '事项', figures: [fig('matters.total', 3)] },
      { key: 'alertsByRule', title: '预警按规则', figures: [fig('MATTER_OVERDUE', 2, '/alerts?rule=MATTER_OVERDUE')] },
    ];
    expect(alertRuleFigures({ groups }).map((f) => f.key)).toEqual(['MATTER_OVERDUE']);
    expect(cardGroups({ groups }).map((g) => g.key)).toEqual(['matters']);
    // Without such a group: figures whose keys name an alert rule.
    const flat = [{ key: 'alerts', title: '预警', figures: [fig('alerts.total', 5), fig('alerts.rule.SPLIT_CONTRACT', 1)] }];
    expect(alertRuleFigures({ groups: flat }).map((f) => f.key)).toEqual(['alerts.rule.SPLIT_CONTRACT']);
    expect(cardGroups({ groups: flat })).toHaveLength(1);
  });
  it('opens only console paths', () => {
    expect(isConsolePath('/alerts?rule=X')).toBe(true);
    expect(isConsolePath('//evil.example/x')).toBe(false);
    expect(isConsolePath('https://evil.example/')).toBe(false);
    expect(isConsolePath(null)).toBe(false);
  });
});

describe('heat table', () => {
  it('shades each column between its own smallest and largest value', () => {
    const rows = [{ values: [1, null, 50] }, { values: [3, null, 50] }];
    const ranges = columnRanges(rows, 3);
    expect(ranges).toEqual([
      { min: 1, max: 3 },
      { min: 0, max: 0 },
      { min: 50, max: 50 },
    ]);
    // A rate column: the highest value is the best (green), the lowest the worst (red).
    expect(heatCellColour(3, ranges[0]!, 'higher')).toBe('hsla(120, 70%, 50%, 0.45)');
    expect(heatCellColour(1, ranges[0]!, 'higher')).toBe('hsla(0, 70%, 50%, 0.45)');
    expect(heatCellColour(2, ranges[0]!, 'higher')).toBe('hsla(60, 70%, 50%, 0.12)');
    // An overdue count: the same values read the other way round.
    expect(heatCellColour(3, ranges[0]!, 'lower')).toBe('hsla(0, 70%, 50%, 0.45)');
    expect(heatCellColour(1, ranges[0]!, 'lower')).toBe('hsla(120, 70%, 50%, 0.45)');
    expect(heatCellColour(null, ranges[1]!, 'higher')).toBe('#fafafa');
    expect(heatCellColour(50, ranges[2]!, 'lower')).toBe('#ffffff');
  });
  it('links a row to the region’s dashboard with the same window', () => {
    expect(regionDashboardPath('330299101201', { from: '2026-01-01', to: '2026-05-10' })).toBe('/dashboard?regionCode=330299101201&from=2026-01-01&to=2026-05-10');
  });
  it('labels months, naming the year at the start and at each January', () => {
    expect(monthLabels(['2025-11', '2025-12', '2026-01', '2026-02'])).toEqual(['2025年11月', '12月', '2026年1月', '2月']);
  });
});
