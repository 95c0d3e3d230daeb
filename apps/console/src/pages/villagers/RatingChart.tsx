import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { SATISFACTION_LEVELS, type THearingCadre } from '@mpw/contracts';
import { useI18n } from '../../i18n';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLORS = { satisfied: '#52c41a', basically_satisfied: '#faad14', dissatisfied: '#f5222d' } as const;

/** 民主评议 per cadre as stacked horizontal bars (满意 / 基本满意 / 不满意); loaded lazily with ECharts. */
export default function RatingChart({ cadres }: { cadres: readonly THearingCadre[] }) {
  const { tl } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: cadres.map((c) => `${c.name}（${c.position}）`) },
      series: SATISFACTION_LEVELS.map((level) => ({
        name: tl('vil.level', level),
        type: 'bar',
        stack: 'all',
        itemStyle: { color: COLORS[level] },
        data: cadres.map((c) => c.results?.[level] ?? 0),
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [cadres, tl]);
  return <div ref={el} style={{ width: '100%', height: Math.max(140, 56 + cadres.length * 40) }} data-testid="hr-results-chart" />;
}
