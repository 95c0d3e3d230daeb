import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Card, Progress, Segmented, Select, Space, Table, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { ALERT_RULES, type TAlertPrecision, type TAlertPrecisionGroup, type TAlertPrecisionRow } from '@mpw/contracts';
import { api } from '../../api';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n';
import { useRegion } from '../../region';
import { interval, pct } from './alert-stats';

/** 规则准确率: per rule (and township / quarter), confirmed vs false positives with the Wilson 95% interval. */
export default function AlertPrecision() {
  const { t, tl } = useI18n();
  const { regionCode } = useRegion();
  const [groupBy, setGroupBy] = useState<TAlertPrecisionGroup>('rule');
  const [rule, setRule] = useState<string | undefined>();
  const data = useLoad(() => api.get<TAlertPrecision>('/alerts/precision', { regionCode, groupBy, rule }), [regionCode, groupBy, rule]);
  const byTownship = groupBy === 'township' || groupBy === 'township_quarter';
  const byQuarter = groupBy === 'quarter' || groupBy === 'township_quarter';

  return (
    <Card
      title={
        <Space>
          <Link to="/alerts">
            <ArrowLeftOutlined />
          </Link>
          {t('alert.precision.title')}
        </Space>
      }
      extra={
        <Space wrap>
          <Segmented<TAlertPrecisionGroup>
            value={groupBy}
            onChange={setGroupBy}
            options={[
              { value: 'rule', label: t('alert.precision.byRule') },
              { value: 'township', label: t('alert.precision.byTownship') },
              { value: 'quarter', label: t('alert.precision.byQuarter') },
              { value: 'township_quarter', label: t('alert.precision.byBoth') },
            ]}
          />
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} value={rule} onChange={setRule} placeholder={t('alert.filterRule')} style={{ width: 220 }} options={ALERT_RULES.map((r) => ({ value: r, label: tl('alert.rule', r) }))} />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('alert.precision.hint')}</Typography.Paragraph>
      {data.error && <Alert type="error" showIcon title={data.error} style={{ marginBottom: 12 }} />}
      <Table<TAlertPrecisionRow>
        rowKey={(r) => `${r.rule}|${r.townshipCode ?? ''}|${r.quarter ?? ''}`}
        size="small"
        loading={data.loading}
        dataSource={data.data?.rows ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
        data-testid="alert-precision"
        locale={{ emptyText: t('alert.none') }}
        columns={[
          { title: t('alert.rule'), dataIndex: 'rule', width: 200, render: (r: string) => tl('alert.rule', r) },
          ...(byTownship ? [{ title: t('alert.precision.township'), dataIndex: 'townshipName', width: 100 }] : []),
          ...(byQuarter ? [{ title: t('alert.precision.quarter'), dataIndex: 'quarter', width: 90 }] : []),
          { title: t('alert.precision.total'), dataIndex: 'total', width: 80, align: 'right' as const },
          { title: t('alert.precision.confirmed'), dataIndex: 'confirmed', width: 90, align: 'right' as const },
          { title: t('alert.precision.falsePositive'), dataIndex: 'falsePositive', width: 70, align: 'right' as const },
          { title: t('alert.precision.dismissed'), dataIndex: 'dismissed', width: 90, align: 'right' as const },
          { title: t('alert.precision.pending'), dataIndex: 'pending', width: 80, align: 'right' as const },
          {
            title: t('alert.precision.precision'),
            dataIndex: 'precision',
            width: 170,
            render: (p: number | null) =>
              p === null ? '—' : <Progress percent={Math.round(p * 1000) / 10} size="small" status={p >= 0.7 ? 'success' : p >= 0.4 ? 'normal' : 'exception'} format={() => pct(p)} />,
          },
          { title: t('alert.precision.ci'), key: 'ci', width: 150, render: (_: unknown, r) => interval(r.ciLow, r.ciHigh) },
        ]}
      />
    </Card>
  );
}
