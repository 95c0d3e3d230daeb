import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Card, Select, Space, Table, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { ALERT_SEVERITIES, ALERT_STATUSES, type TAlertHeat } from '@mpw/contracts';
import { api } from '../../api';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n';
import { useRegion } from '../../region';
import { heatColour } from './alert-stats';

type VillageRow = TAlertHeat['villages'][number];

/** 预警热力表: villages as rows, rules as columns, counts of alerts (default open); a cell opens the filtered list. */
export default function AlertHeat() {
  const { t, tl } = useI18n();
  const navigate = useNavigate();
  const { regionCode } = useRegion();
  const [status, setStatus] = useState<string>('open');
  const [severity, setSeverity] = useState<string | undefined>();
  const heat = useLoad(() => api.get<TAlertHeat>('/alerts/heat', { regionCode, status, severity }), [regionCode, status, severity]);
  const max = Math.max(1, ...(heat.data?.villages.flatMap((v) => Object.values(v.counts)) ?? [1]));

  const open = (village: string | null, rule: string | null) => {
    const q = new URLSearchParams({ status });
    if (village) q.set('regionCode', village);
    if (rule) q.set('rule', rule);
    if (severity) q.set('severity', severity);
    navigate(`/alerts?${q.toString()}`);
  };
  const cell = (n: number | undefined, village: string | null, rule: string | null, testId?: string) =>
    n ? (
      <Button type="link" size="small" onClick={() => open(village, rule)} data-testid={testId} style={{ fontWeight: 600, color: '#1f1f1f' }}>
        {n}
      </Button>
    ) : (
      <Typography.Text type="secondary">·</Typography.Text>
    );

  const rules = heat.data?.rules ?? [];
  const totalsRow: VillageRow = { villageCode: '', villageName: t('alert.heat.total'), counts: heat.data?.totals ?? {}, total: heat.data?.total ?? 0 };
  return (
    <Card
      title={
        <Space>
          <Link to="/alerts">
            <ArrowLeftOutlined />
          </Link>
          {t('alert.heat.title')}
        </Space>
      }
      extra={
        <Space wrap>
          <Select value={status} onChange={setStatus} style={{ width: 120 }} options={ALERT_STATUSES.map((s) => ({ value: s, label: tl('alert.status', s) }))} />
          <Select allowClear value={severity} onChange={setSeverity} placeholder={t('alert.allSeverities')} style={{ width: 110 }} options={ALERT_SEVERITIES.map((s) => ({ value: s, label: tl('alert.severity', s) }))} />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('alert.heat.hint')}</Typography.Paragraph>
      {heat.error && <Alert type="error" showIcon title={heat.error} style={{ marginBottom: 12 }} />}
      <Table<VillageRow>
        rowKey={(v) => v.villageCode || 'total'}
        size="small"
        bordered
        loading={heat.loading}
        pagination={false}
        scroll={{ x: 200 + rules.length * 110 }}
        data-testid="alert-heat"
        dataSource={heat.data?.villages.length ? [...heat.data.villages, totalsRow] : []}
        locale={{ emptyText: t('alert.none') }}
        columns={[
          { title: t('alert.heat.village'), dataIndex: 'villageName', fixed: 'left', width: 140, render: (name: string, v) => (v.villageCode ? name : <Typography.Text strong>{name}</Typography.Text>) },
          ...rules.map((r) => ({
            title: <span style={{ fontSize: 12 }}>{tl('alert.rule', r)}</span>,
            key: r,
            width: 110,
            align: 'center' as const,
            onCell: (v: VillageRow) => ({ style: v.villageCode ? { background: heatColour(v.counts[r] ?? 0, max) } : {} }),
            render: (_: unknown, v: VillageRow) => cell(v.counts[r], v.villageCode || null, r, v.villageCode ? `heat-${v.villageCode}-${r}` : undefined),
          })),
          { title: t('alert.heat.total'), dataIndex: 'total', width: 80, align: 'center' as const, fixed: 'right', render: (n: number, v) => cell(n, v.villageCode || null, null) },
        ]}
      />
    </Card>
  );
}
