import { lazy, Suspense, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Card, Col, Empty, Input, Row, Skeleton, Space, Spin, Table, Typography } from 'antd';
import { ReloadOutlined, RightOutlined } from '@ant-design/icons';
import type { TDashboard, TDashboardFigure } from '@mpw/contracts';
import { api } from '../../api';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n';
import { useRegion } from '../../region';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import {
  alertRuleFigures,
  cardGroups,
  columnRanges,
  DASHBOARD_API,
  figureText,
  heatCellColour,
  isConsolePath,
  ratioText,
  regionDashboardPath,
  wholeYear,
  windowFrom,
  yearToDate,
} from './dashboard-logic';

// ECharts loads only when a chart is drawn.
const TrendChart = lazy(() => import('./TrendChart'));
const RuleChart = lazy(() => import('./RuleChart'));

type HeatRow = TDashboard['heat']['rows'][number];

/** One figure: label, value, the counts behind a rate; the whole card opens the records behind it. */
function FigureCard({ f, group }: { f: TDashboardFigure; group: string }) {
  const { t } = useI18n();
  const ratio = ratioText(f);
  const body = (
    <Card size="small" hoverable={isConsolePath(f.link)} className="dash-figure" data-testid={`dash-figure-${group}.${f.key}`} style={{ height: '100%' }}>
      <Typography.Text type="secondary">{f.label}</Typography.Text>
      <div style={{ fontSize: 26, fontWeight: 600, lineHeight: 1.4 }} data-testid="dash-figure-value">
        {figureText(f.value, f.unit)}
      </div>
      <Space size={8} style={{ fontSize: 12 }}>
        {ratio && <Typography.Text type="secondary">{ratio}</Typography.Text>}
        {isConsolePath(f.link) ? (
          <Typography.Link>
            {t('dash.openRecords')} <RightOutlined />
          </Typography.Link>
        ) : (
          <Typography.Text type="secondary">{t('dash.noLink')}</Typography.Text>
        )}
      </Space>
    </Card>
  );
  return isConsolePath(f.link) ? (
    <Link to={f.link} aria-label={`${f.label} ${figureText(f.value, f.unit)}`} style={{ display: 'block', height: '100%' }}>
      {body}
    </Link>
  ) : (
    body
  );
}

function HeatTable({ heat, win }: { heat: TDashboard['heat']; win: { from: string; to: string } }) {
  const { t } = useI18n();
  const ranges = useMemo(() => columnRanges(heat.rows, heat.indicators.length), [heat]);
  return (
    <Table<HeatRow>
      rowKey="regionCode"
      size="small"
      bordered
      pagination={false}
      dataSource={heat.rows}
      scroll={{ x: 160 + heat.indicators.length * 110 }}
      data-testid="dash-heat"
      rowClassName={() => 'dash-heat-row'}
      locale={{ emptyText: t('dash.heatNone') }}
      columns={[
        {
          title: t('dash.heatRegion'),
          dataIndex: 'regionName',
          fixed: 'left',
          width: 140,
          render: (name: string, r) => (
            <Link to={regionDashboardPath(r.regionCode, win)} data-testid={`dash-heat-region-${r.regionCode}`}>
              {name}
            </Link>
          ),
        },
        ...heat.indicators.map((ind, i) => ({
          title: (
            <span style={{ fontSize: 12 }}>
              {ind.label}
              {ind.unit ? `（${ind.unit}）` : ''}
            </span>
          ),
          key: ind.key,
          width: 110,
          align: 'center' as const,
          onCell: (r: HeatRow) => ({ style: { background: heatCellColour(r.values[i], ranges[i]!, ind.better), padding: 0 } }),
          render: (_: unknown, r: HeatRow) => (
            <Link
              to={regionDashboardPath(r.regionCode, win)}
              data-testid={`dash-heat-${r.regionCode}-${ind.key}`}
              style={{ display: 'block', padding: '6px 4px', color: '#1f1f1f', fontWeight: 500 }}
              title={`${r.regionName} · ${ind.label}`}
            >
              {figureText(r.values[i], ind.unit)}
            </Link>
          ),
        })),
      ]}
    />
  );
}

/**
 * 统计分析: the figures of a region over a window, in groups of cards that open the records behind them;
 * monthly trends, alerts by rule and a sub-region × indicator heat table. Region and window live in the
 * address bar (?regionCode=&from=&to=), so heat-table cells link to a sub-region's dashboard.
 */
export default function Dashboard() {
  const { t } = useI18n();
  const { regionCode: headerRegion, findNode } = useRegion();
  const [params, setParams] = useSearchParams();
  const regionCode = params.get('regionCode') || headerRegion;
  const win = windowFrom(params, new Date());
  const dash = useLoad(() => api.get<TDashboard>(DASHBOARD_API.dashboard, { regionCode, from: win.from, to: win.to }), [regionCode, win.from, win.to]);
  const d = dash.data;
  const thisYear = Number(yearToDate(new Date()).to.slice(0, 4));

  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const setParam = (key: string, value: string) => update({ [key]: value });
  const setWindow = (w: { from: string; to: string }) => update(w);

  const rules = d ? alertRuleFigures(d) : [];
  const groups = d ? cardGroups(d) : [];
  const hasTrends = !!d && d.trends.months.length > 0 && d.trends.series.some((s) => s.values.some((v) => v !== 0));
  const isEmpty = !!d && groups.every((g) => g.figures.length === 0) && rules.length === 0;
  const regionName = d?.regionName ?? findNode(regionCode)?.name ?? regionCode;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="dashboard">
      <Card
        title={t('dash.titleOf', { region: regionName })}
        extra={
          <Button icon={<ReloadOutlined />} onClick={dash.reload} loading={dash.loading} data-testid="dash-reload">
            {t('common.retry')}
          </Button>
        }
      >
        <Space wrap data-testid="dash-filters">
          <Typography.Text>{t('dash.region')}</Typography.Text>
          <div style={{ width: 280 }} data-testid="dash-region">
            <RegionTreeSelect value={regionCode || undefined} onChange={(v) => setParam('regionCode', v)} />
          </div>
          <Button size="small" type={win.from === `${thisYear}-01-01` && win.to === yearToDate(new Date()).to ? 'primary' : 'default'} onClick={() => setWindow(yearToDate(new Date()))}>
            {t('dash.thisYear')}
          </Button>
          <Button size="small" onClick={() => setWindow(wholeYear(thisYear - 1, new Date()))}>
            {t('dash.lastYear')}
          </Button>
          <Input type="date" value={win.from} onChange={(e) => e.target.value && setParam('from', e.target.value)} style={{ width: 150 }} aria-label={t('dash.from')} title={t('dash.from')} data-testid="dash-from" />
          <span>—</span>
          <Input type="date" value={win.to} onChange={(e) => e.target.value && setParam('to', e.target.value)} style={{ width: 150 }} aria-label={t('dash.to')} title={t('dash.to')} data-testid="dash-to" />
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
          {t('dash.window', { from: win.from, to: win.to })} · {t('dash.hint')}
        </Typography.Paragraph>
      </Card>

      {dash.error && (
        <Alert
          type="error"
          showIcon
          title={dash.error}
          data-testid="dash-error"
          action={
            <Space>
              {params.get('regionCode') && (
                <Button size="small" onClick={() => setParam('regionCode', '')} data-testid="dash-back-to-scope">
                  {t('dash.backToScope')}
                </Button>
              )}
              <Button size="small" onClick={dash.reload}>
                {t('common.retry')}
              </Button>
            </Space>
          }
        />
      )}

      {dash.loading && !d ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : d && isEmpty ? (
        <Card>
          <Empty description={t('dash.noData')} data-testid="dash-empty" />
        </Card>
      ) : d ? (
        <Spin spinning={dash.loading}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {groups
              .filter((g) => g.figures.length > 0)
              .map((g) => (
                <Card key={g.key} title={g.title} size="small" data-testid={`dash-group-${g.key}`}>
                  <Row gutter={[12, 12]}>
                    {g.figures.map((f) => (
                      <Col key={f.key} xs={24} sm={12} md={8} xl={6}>
                        <FigureCard f={f} group={g.key} />
                      </Col>
                    ))}
                  </Row>
                </Card>
              ))}

            <Row gutter={[16, 16]}>
              <Col xs={24} xl={14}>
                <Card title={t('dash.trends')} size="small" data-testid="dash-trends" style={{ height: '100%' }}>
                  {hasTrends ? (
                    <Suspense fallback={<Spin description={t('dash.chartLoading')} />}>
                      <TrendChart trends={d.trends} />
                    </Suspense>
                  ) : (
                    <Empty description={t('dash.trendsNone')} />
                  )}
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card title={t('dash.rules')} size="small" data-testid="dash-rules" extra={rules.length > 0 && <Typography.Text type="secondary">{t('dash.rulesHint')}</Typography.Text>} style={{ height: '100%' }}>
                  {rules.some((f) => (f.value ?? 0) > 0) ? (
                    <>
                      <Suspense fallback={<Spin description={t('dash.chartLoading')} />}>
                        <RuleChart figures={rules} />
                      </Suspense>
                      {/* The same figures as links: reachable by keyboard and readable by screen readers. */}
                      <Space wrap size={[12, 4]} style={{ fontSize: 12 }} data-testid="dash-rule-links">
                        {rules.map((f) =>
                          isConsolePath(f.link) ? (
                            <Link key={f.key} to={f.link} data-testid="dash-rule-link">
                              {f.label}（{figureText(f.value, f.unit)}）
                            </Link>
                          ) : null,
                        )}
                      </Space>
                    </>
                  ) : (
                    <Empty description={t('dash.rulesNone')} />
                  )}
                </Card>
              </Col>
            </Row>

            <Card title={t('dash.heat')} size="small" data-testid="dash-heat-card">
              <Typography.Paragraph type="secondary">{t('dash.heatHint')}</Typography.Paragraph>
              <HeatTable heat={d.heat} win={win} />
            </Card>
          </Space>
        </Spin>
      ) : null}
    </Space>
  );
}
