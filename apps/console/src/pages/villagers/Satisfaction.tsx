import { Alert, Card, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { SATISFACTION_DIMENSIONS, type TSatisfactionDimension, type TSatisfactionResults, type TSatisfactionRow } from '@mpw/contracts';
import { api } from '../../api';
import { useLoad, useUrlFilters } from '../../hooks';
import { useI18n } from '../../i18n';
import { useRegion } from '../../region';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import { coverage, DISSATISFIED_WARN_SHARE, isLowCoverage, isVillageCode, levelShare, LOW_COVERAGE_RESPONSES, LOW_COVERAGE_SHARE, percentText, quarterLabel, quarterOf, recentQuarters, VILLAGER_API } from './villagers-logic';

/** 满意度测评: per village of the chosen region for one quarter — answers, households, coverage, shares per dimension and the 0–100 score. */
export default function Satisfaction() {
  const { t, tl } = useI18n();
  const { regionCode: headerRegion } = useRegion();
  const { params, setParam } = useUrlFilters();
  const quarter = params.get('quarter') || quarterOf(new Date());
  const regionCode = params.get('regionCode') || headerRegion;
  const results = useLoad(() => api.get<TSatisfactionResults>(VILLAGER_API.satisfaction, { quarter, regionCode }), [quarter, regionCode]);
  const rows = results.data?.rows ?? [];

  const dimensionColumn = (d: TSatisfactionDimension) => ({
    title: tl('vil.dim', d),
    key: d,
    width: 150,
    render: (_: unknown, r: TSatisfactionRow) => {
      const c = r.dimensions[d];
      if (c.satisfied + c.basically_satisfied + c.dissatisfied === 0) return '—';
      return (
        <Tooltip title={t('vil.sv.counts', { s: c.satisfied, b: c.basically_satisfied, d: c.dissatisfied })}>
          <Space orientation="vertical" size={0} style={{ fontSize: 12 }}>
            <span>
              {t('vil.level.satisfied')} {percentText(levelShare(c, 'satisfied'))}
            </span>
            <span>
              {t('vil.level.basically_satisfied')} {percentText(levelShare(c, 'basically_satisfied'))}
            </span>
            <Typography.Text type={(levelShare(c, 'dissatisfied') ?? 0) >= DISSATISFIED_WARN_SHARE ? 'danger' : undefined} style={{ fontSize: 12 }}>
              {t('vil.level.dissatisfied')} {percentText(levelShare(c, 'dissatisfied'))}
            </Typography.Text>
          </Space>
        </Tooltip>
      );
    },
  });

  return (
    <Card title={t('vil.sv.title')}>
      <Space wrap style={{ marginBottom: 16 }} data-testid="sv-filters">
        <Select
          value={quarter}
          onChange={(v: string) => setParam('quarter', v)}
          style={{ width: 180 }}
          options={recentQuarters(new Date(), 8).map((q) => ({ value: q, label: quarterLabel(q) }))}
          data-testid="sv-quarter"
        />
        <div style={{ width: 260 }}>
          <RegionTreeSelect value={regionCode || undefined} onChange={(v) => setParam('regionCode', v)} />
        </div>
      </Space>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('vil.sv.hint', { share: Math.round(LOW_COVERAGE_SHARE * 100), n: LOW_COVERAGE_RESPONSES })}
      />
      {results.error && <Alert type="error" showIcon title={results.error} style={{ marginBottom: 16 }} data-testid="sv-error" />}
      <Table<TSatisfactionRow>
        rowKey="regionCode"
        size="middle"
        loading={results.loading}
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50 } : false}
        scroll={{ x: 1000 }}
        data-testid="sv-table"
        rowClassName={(r) => (isVillageCode(r.regionCode) ? 'sv-row' : 'sv-row sv-row-total')}
        locale={{ emptyText: t('vil.sv.none') }}
        columns={[
          {
            title: t('vil.sv.region'),
            dataIndex: 'regionName',
            width: 150,
            render: (v: string, r) =>
              isVillageCode(r.regionCode) ? (
                v
              ) : (
                <Space size={4}>
                  <Typography.Text strong>{v}</Typography.Text>
                  <Tag color="blue">{t('vil.sv.townshipTotal')}</Tag>
                </Space>
              ),
          },
          { title: t('vil.sv.responses'), dataIndex: 'responses', width: 90 },
          { title: t('vil.sv.households'), dataIndex: 'households', width: 90 },
          {
            title: t('vil.sv.coverage'),
            key: 'coverage',
            width: 130,
            render: (_: unknown, r) => (
              <Space size={4}>
                <span>{percentText(coverage(r))}</span>
                {r.responses === 0 && <Typography.Text type="secondary">{t('vil.sv.noAnswers')}</Typography.Text>}
                {isLowCoverage(r) && (
                  <Tag color="orange" data-testid="sv-low">
                    {t('vil.sv.lowSample')}
                  </Tag>
                )}
              </Space>
            ),
          },
          ...SATISFACTION_DIMENSIONS.map(dimensionColumn),
          {
            title: t('vil.sv.score'),
            dataIndex: 'score',
            width: 90,
            render: (v: number | null) => (v === null ? '—' : <Typography.Text strong>{Math.round(v * 10) / 10}</Typography.Text>),
          },
        ]}
      />
    </Card>
  );
}
