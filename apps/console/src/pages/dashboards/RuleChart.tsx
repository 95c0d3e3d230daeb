import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { TDashboardFigure } from '@mpw/contracts';
import { isConsolePath } from './dashboard-logic';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** 预警按规则: one horizontal bar per rule; a bar opens the alerts of its rule (loaded lazily with ECharts). */
export default function RuleChart({ figures }: { figures: readonly TDashboardFigure[] }) {
  const el = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: figures.map((f) => f.label) },
      series: [
        {
          type: 'bar',
          itemStyle: { color: '#fa8c16' },
          label: { show: true, position: 'right' },
          data: figures.map((f) => f.value ?? 0),
          cursor: 'pointer',
        },
      ],
    });
    chart.on('click', (p) => {
      const link = figures[p.dataIndex]?.link;
      if (isConsolePath(link)) navigate(link);
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [figures, navigate]);
  return <div ref={el} style={{ width: '100%', height: Math.max(160, 24 + figures.length * 34) }} data-testid="dash-rules-chart" />;
}
