import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Drawer, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { ALERT_RULES, ALERT_SEVERITIES, ALERT_STATUSES, type TAlert } from '@mpw/contracts';
import { buildUrl } from '../api';
import { usePagedList } from '../hooks';
import { useI18n } from '../i18n';
import { useRegion } from '../region';
import { fmtDateTime } from '../format';
import { ALERT_STATUS_COLOURS, SEVERITY_COLOURS } from '../domain';

function SeverityTag({ severity }: { severity: string }) {
  const { tl } = useI18n();
  return (
    <Tag color={SEVERITY_COLOURS[severity]} variant="solid" data-testid={`severity-${severity}`}>
      {tl('alert.severity', severity)}
    </Tag>
  );
}

/** Where an alert's subject can be opened in the console. */
function subjectLink(a: TAlert): string | null {
  if (a.subjectType === 'matter') return `/matters?q=${encodeURIComponent(a.subjectId)}`;
  if (a.subjectType === 'decision') return `/decisions?q=${encodeURIComponent(a.subjectId)}`;
  return null;
}

/** 预警: alerts in scope with severity colours, filters by severity, status and rule, CSV export. */
export default function Alerts() {
  const { t, tl, lang } = useI18n();
  const { regionCode, findNode } = useRegion();
  const [params, setParams] = useSearchParams();
  const severity = params.get('severity') ?? '';
  const status = params.get('status') ?? '';
  const rule = params.get('rule') ?? '';
  const [open, setOpen] = useState<TAlert | null>(null);
  const list = usePagedList<TAlert>('/alerts', { regionCode, severity: severity || undefined, status: status || undefined, rule: rule || undefined });

  function setParam(key: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  }

  return (
    <Card
      title={t('alert.title')}
      extra={
        <Button icon={<DownloadOutlined />} href={buildUrl('/alerts/export.csv', { regionCode, rule: rule || undefined, status: status || undefined })} download="alerts.csv">
          {t('alert.export')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">{t('users.scope', { region: findNode(regionCode)?.name ?? regionCode })}</Typography.Text>
        <Space size={4} data-testid="alert-severity-filter">
          <Button size="small" type={!severity ? 'primary' : 'default'} onClick={() => setParam('severity', '')}>
            {t('alert.allSeverities')}
          </Button>
          {ALERT_SEVERITIES.map((s) => (
            <Button key={s} size="small" type={severity === s ? 'primary' : 'default'} onClick={() => setParam('severity', severity === s ? '' : s)}>
              <span className={`severity-dot severity-${s}`} /> {tl('alert.severity', s)}
            </Button>
          ))}
        </Space>
        <Select
          allowClear
          value={status || undefined}
          onChange={(v?: string) => setParam('status', v ?? '')}
          placeholder={t('matter.filterStatus')}
          style={{ width: 140 }}
          options={ALERT_STATUSES.map((s) => ({ value: s, label: tl('alert.status', s) }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={rule || undefined}
          onChange={(v?: string) => setParam('rule', v ?? '')}
          placeholder={t('alert.filterRule')}
          style={{ width: 260 }}
          options={ALERT_RULES.map((r) => ({ value: r, label: tl('alert.rule', r) }))}
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<TAlert>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 1100 }}
        data-testid="alerts-table"
        rowClassName={(a) => `alert-row alert-row-${a.severity}`}
        onRow={(a) => ({ onClick: () => setOpen(a), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('alert.none') }}
        columns={[
          { title: t('alert.severityCol'), dataIndex: 'severity', width: 80, render: (s: string) => <SeverityTag severity={s} /> },
          { title: t('alert.rule'), dataIndex: 'rule', width: 200, render: (r: string) => tl('alert.rule', r) },
          { title: t('alert.summary'), dataIndex: 'summary' },
          { title: t('matter.village'), dataIndex: 'regionName', width: 100 },
          { title: t('matter.statusCol'), dataIndex: 'status', width: 100, render: (s: string, a) => (
            <Space size={2} wrap>
              <Tag color={ALERT_STATUS_COLOURS[s]}>{tl('alert.status', s)}</Tag>
              {a.resolvedByDataAt && <Tag color="cyan">{t('alert.resolvedByData')}</Tag>}
            </Space>
          ) },
          { title: t('alert.firstRaisedAt'), dataIndex: 'firstRaisedAt', width: 170, render: (v: string) => fmtDateTime(v, lang) },
          { title: t('alert.lastSeenAt'), dataIndex: 'lastSeenAt', width: 170, render: (v: string) => fmtDateTime(v, lang) },
        ]}
      />
      <Drawer open={!!open} size={560} title={open ? tl('alert.rule', open.rule) : ''} onClose={() => setOpen(null)}>
        {open && (
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('alert.severityCol')}>
              <SeverityTag severity={open.severity} />
            </Descriptions.Item>
            <Descriptions.Item label={t('matter.statusCol')}>{tl('alert.status', open.status)}</Descriptions.Item>
            <Descriptions.Item label={t('alert.summary')}>{open.summary}</Descriptions.Item>
            <Descriptions.Item label={t('matter.village')}>{open.regionName}</Descriptions.Item>
            <Descriptions.Item label={t('alert.subject')}>
              {tl('alert.subjectType', open.subjectType)} · {subjectLink(open) ? <Link to={subjectLink(open)!}>{open.subjectId}</Link> : <Typography.Text code>{open.subjectId}</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t('alert.evidence')}>
              {open.evidence ? (
                <ul className="plain-ul">
                  {open.evidence.split(';').filter(Boolean).map((e) => (
                    <li key={e}>
                      <Typography.Text code>{e}</Typography.Text>
                    </li>
                  ))}
                </ul>
              ) : (
                '—'
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('alert.firstRaisedAt')}>{fmtDateTime(open.firstRaisedAt, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('alert.lastSeenAt')}>{fmtDateTime(open.lastSeenAt, lang)}</Descriptions.Item>
            {open.resolvedByDataAt && <Descriptions.Item label={t('alert.resolvedByData')}>{fmtDateTime(open.resolvedByDataAt, lang)}</Descriptions.Item>}
          </Descriptions>
        )}
      </Drawer>
    </Card>
  );
}
