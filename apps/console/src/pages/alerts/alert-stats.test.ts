import { describe, expect, it } from 'vitest';
import { heatColour, interval, pct } from './alert-stats';

describe('alert statistics helpers', () => {
  it('shades heat cells by the share of the largest count', () => {
    expect(heatColour(0, 5)).toBe('transparent');
    expect(heatColour(5, 5)).toBe('rgba(245, 34, 45, 0.72)');
    expect(heatColour(1, 4)).toBe('rgba(245, 34, 45, 0.27)');
  });

  it('writes precision and its interval as percentages', () => {
    expect(pct(0.8)).toBe('80.0%');
    expect(pct(null)).toBe('—');
    expect(interval(0.37553, 0.96378)).toBe('37.6% – 96.4%');
    expect(interval(null, null)).toBe('—');
  });
});
