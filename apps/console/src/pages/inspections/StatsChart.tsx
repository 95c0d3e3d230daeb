import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { TRectificationStatsRow } from '@mpw/contracts';
import { useI18n } from '../../i18n';
import { statsChartOption } from './supervision-logic';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** 按期完成率 as bars, one per township or village (loaded lazily: ECharts is only needed here). */
export default function StatsChart({ rows }: { rows: readonly TRectificationStatsRow[] }) {
  const { t } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption(statsChartOption(rows, { rate: t('rect.stats.rate'), due: t('rect.stats.due') }));
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [rows, t]);
  return <div ref={el} style={{ width: '100%', height: 320 }} data-testid="rect-stats-chart" />;
}
