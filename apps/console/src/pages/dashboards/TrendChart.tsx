import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { TDashboard } from '@mpw/contracts';
import { monthLabels } from './dashboard-logic';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** 月度趋势: one line per series over the window's months (loaded lazily: ECharts is only needed here). */
export default function TrendChart({ trends }: { trends: TDashboard['trends'] }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', boundaryGap: false, data: monthLabels(trends.months) },
      yAxis: { type: 'value', minInterval: 1 },
      series: trends.series.map((s) => ({ name: s.label, type: 'line', smooth: false, symbolSize: 6, data: s.values })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [trends]);
  return <div ref={el} style={{ width: '100%', height: 320 }} data-testid="dash-trends-chart" />;
}
