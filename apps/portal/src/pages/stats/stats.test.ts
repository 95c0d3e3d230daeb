import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { monthBarWidths, monthNumber, seriesSummary, valueText } from './stats';

describe('公开统计 helpers', () => {
  it('writes values with their unit in plain words', () => {
    expect(valueText(12, '件')).toBe('12 件');
    expect(valueText(87.46, '%')).toBe('87.5%');
    expect(valueText(100, '%')).toBe('100%');
    expect(valueText(3, '')).toBe('3');
    expect(valueText(null, '件')).toBeNull();
  });
  it('draws month bars relative to the busiest month; a small month still shows', () => {
    expect(monthBarWidths([0, 1, 100, 50])).toEqual([0, 2, 100, 50]);
    expect(monthBarWidths([0, 0])).toEqual([0, 0]);
  });
  it('sums a series and finds its first busiest month', () => {
    expect(seriesSummary(['2026-01', '2026-02', '2026-03'], [2, 5, 5])).toEqual({ total: 12, peakMonth: '2026-02', peak: 5 });
    expect(seriesSummary(['2026-01'], [0])).toEqual({ total: 0, peakMonth: null, peak: 0 });
    expect(monthNumber('2026-03')).toBe(3);
  });
  it('imports no runtime code from the contracts and no chart library', () => {
    const page = readFileSync(new URL('./Stats.tsx', import.meta.url), 'utf8');
    for (const line of page.split('\n').filter((l) => l.startsWith('import ') && l.includes('@mpw/contracts'))) expect(line).toMatch(/^import type /);
    expect(page).not.toMatch(/echarts|chart\.js|recharts/);
  });
});
