import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Input, Select, Space, Switch, Table, Typography } from 'antd';
import { DownloadOutlined, FireOutlined, LineChartOutlined } from '@ant-design/icons';
import { ALERT_RULES, ALERT_SEVERITIES, ALERT_STATUSES, type TAlert } from '@mpw/contracts';
import { buildUrl } from '../api';
import { usePagedList } from '../hooks';
import { useI18n } from '../i18n';
import { useRegion } from '../region';
import { fmtDateTime } from '../format';
import RegionTreeSelect from '../components/RegionTreeSelect';
import { AlertStatusTags, SeverityTag } from './alerts/AlertTags';

/** 预警: alerts in scope with filters (rule, region, severity, status, assignment, escalation, dates) and the alerts.csv download. */
export default function Alerts() {
  const { t, tl, lang } = useI18n();
  const navigate = useNavigate();
  const { regionCode: headerRegion, findNode } = useRegion();
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? '';
  const severity = get('severity');
  const status = get('status');
  const rule = get('rule');
  const assigned = get('assigned');
  const escalated = get('escalated');
  const from = get('from');
  const to = get('to');
  const regionCode = get('regionCode') || headerRegion;
  const query = {
    regionCode,
    severity: severity || undefined,
    status: status || undefined,
    rule: rule || undefined,
    assigned: assigned || undefined,
    escalated: escalated || undefined,
    from: from || undefined,
    to: to || undefined,
  };
  const list = usePagedList<TAlert>('/alerts', query);

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
        <Space wrap>
          <Link to="/alerts/heat">
            <Button icon={<FireOutlined />}>{t('menu.alertHeat')}</Button>
          </Link>
          <Link to="/alerts/precision">
            <Button icon={<LineChartOutlined />}>{t('menu.alertPrecision')}</Button>
          </Link>
          <Button
            icon={<DownloadOutlined />}
            href={buildUrl('/alerts/export.csv', { regionCode, rule: rule || undefined, status: status || undefined, severity: severity || undefined, from: from || undefined, to: to || undefined })}
            download="alerts.csv"
            data-testid="alerts-download"
          >
            {t('alert.export')}
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }} data-testid="alert-filters">
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
        <div style={{ width: 240 }}>
          <RegionTreeSelect value={get('regionCode') || undefined} onChange={(v) => setParam('regionCode', v)} />
        </div>
        {get('regionCode') && (
          <Button size="small" onClick={() => setParam('regionCode', '')}>
            ✕ {findNode(get('regionCode'))?.name ?? get('regionCode')}
          </Button>
        )}
        <Select
          allowClear
          value={status || undefined}
          onChange={(v?: string) => setParam('status', v ?? '')}
          placeholder={t('matter.filterStatus')}
          style={{ width: 130 }}
          options={ALERT_STATUSES.map((s) => ({ value: s, label: tl('alert.status', s) }))}
          data-testid="alert-status-filter"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={rule || undefined}
          onChange={(v?: string) => setParam('rule', v ?? '')}
          placeholder={t('alert.filterRule')}
          style={{ width: 240 }}
          options={ALERT_RULES.map((r) => ({ value: r, label: tl('alert.rule', r) }))}
        />
        <Select
          allowClear
          value={assigned || undefined}
          onChange={(v?: string) => setParam('assigned', v ?? '')}
          placeholder={t('alert.filterAssigned')}
          style={{ width: 130 }}
          options={[
            { value: 'me', label: t('alert.assignedMe') },
            { value: 'unassigned', label: t('alert.unassigned') },
          ]}
        />
        <Space size={4}>
          <Switch size="small" checked={escalated === 'true'} onChange={(on) => setParam('escalated', on ? 'true' : '')} />
          <Typography.Text>{t('alert.filterEscalated')}</Typography.Text>
        </Space>
        <Input type="date" value={from} onChange={(e) => setParam('from', e.target.value)} style={{ width: 150 }} aria-label={t('alert.filterFrom')} title={t('alert.filterFrom')} />
        <Input type="date" value={to} onChange={(e) => setParam('to', e.target.value)} style={{ width: 150 }} aria-label={t('alert.filterTo')} title={t('alert.filterTo')} />
        <Button icon={<DownloadOutlined />} href={buildUrl('/alerts/export.xlsx', query)} download data-testid="alerts-export">
          {t('common.exportExcel')}
        </Button>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<TAlert>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 1200 }}
        data-testid="alerts-table"
        rowClassName={(a) => `alert-row alert-row-${a.severity}`}
        onRow={(a) => ({ onClick: () => navigate(`/alerts/${a.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('alert.none') }}
        columns={[
          { title: t('alert.severityCol'), dataIndex: 'severity', width: 70, render: (s: string) => <SeverityTag severity={s} /> },
          { title: t('alert.rule'), dataIndex: 'rule', width: 200, render: (r: string) => tl('alert.rule', r) },
          { title: t('alert.summary'), dataIndex: 'summary' },
          { title: t('matter.village'), dataIndex: 'regionName', width: 100 },
          { title: t('matter.statusCol'), dataIndex: 'status', width: 170, render: (_: string, a) => <AlertStatusTags alert={a} /> },
          { title: t('alert.assignee'), dataIndex: 'assigneeName', width: 110, render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('alert.unassigned')}</Typography.Text> },
          { title: t('alert.firstRaisedAt'), dataIndex: 'firstRaisedAt', width: 160, render: (v: string) => fmtDateTime(v, lang) },
          { title: t('alert.lastSeenAt'), dataIndex: 'lastSeenAt', width: 160, render: (v: string) => fmtDateTime(v, lang) },
        ]}
      />
    </Card>
  );
}
