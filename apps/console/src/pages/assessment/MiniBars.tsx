import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/**
 * A small bar chart (one series, one bar per label); loaded lazily with ECharts by the pages that draw
 * one. `percent` shows 0–1 values as percentages on a 0–100 axis.
 */
export default function MiniBars({ labels, values, name, percent, color = '#1677ff', height = 220, testId }: {
  labels: readonly string[];
  values: readonly (number | null)[];
  name: string;
  percent?: boolean;
  color?: string;
  height?: number;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : percent ? `${v}%` : String(v)) },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: [...labels], axisLabel: { interval: 0, rotate: labels.length > 4 ? 30 : 0, fontSize: 11 } },
      yAxis: percent ? { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } } : { type: 'value', minInterval: 1 },
      series: [{ name, type: 'bar', barMaxWidth: 36, itemStyle: { color }, data: values.map((v) => (v === null ? null : percent ? Math.round(v * 1000) / 10 : v)) }],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [labels, values, name, percent, color]);
  return <div ref={el} style={{ width: '100%', height }} data-testid={testId} />;
}
