import { lazy, Suspense } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Input, Progress, Segmented, Select, Space, Spin, Switch, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { PROBLEM_SOURCES, RECTIFICATION_ITEM_STATUSES, RECTIFICATION_NOTICE_STATUSES, RECTIFICATION_TIMELINESS, type TRectificationItem, type TRectificationNotice, type TRectificationStatsRow } from '@mpw/contracts';
import { api, buildUrl } from '../../api';
import { useLoad, usePagedList } from '../../hooks';
import { useI18n } from '../../i18n';
import { useRegion } from '../../region';
import { useSession } from '../../session';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import UrlDateRange from '../../components/UrlDateRange';
import { ledgerQuery, rateText } from './supervision-logic';
import { ItemStatusTag, NoticeStatusTag, SourceText } from './parts';

// ECharts is large: it loads with the chart, after the table.
const StatsChart = lazy(() => import('./StatsChart'));

type Tab = 'ledger' | 'notices' | 'stats';

/** 整改台账: every item in scope (filters, overdue rows red, Excel export), the notices, and the on-time completion rate. */
export default function Ledger() {
  const { t } = useI18n();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'notices' ? 'notices' : params.get('tab') === 'stats' ? 'stats' : 'ledger';
  const query = ledgerQuery(params);

  function setParam(key: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  }

  return (
    <Card
      title={t('rect.title')}
      extra={
        <Space wrap>
          {tab === 'ledger' && (
            <Tooltip title={t('rect.exportHint')}>
              <Button icon={<DownloadOutlined />} href={buildUrl('/rectification/items/export.xlsx', query)} download="rectification.xlsx" data-testid="rect-export">
                {t('common.exportExcel')}
              </Button>
            </Tooltip>
          )}
          {can('rectification:notice:issue') && (
            <Link to="/rectification/notices/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="rect-new-notice">
                {t('rect.newNotice')}
              </Button>
            </Link>
          )}
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'ledger' ? {} : { tab: k }, { replace: true })}
        items={[
          { key: 'ledger', label: t('rect.tabLedger'), children: tab === 'ledger' ? <Items params={params} setParam={setParam} /> : null },
          { key: 'notices', label: t('rect.tabNotices'), children: tab === 'notices' ? <Notices params={params} setParam={setParam} /> : null },
          { key: 'stats', label: t('rect.tabStats'), children: tab === 'stats' ? <Stats params={params} setParam={setParam} /> : null },
        ]}
      />
    </Card>
  );
}

interface FilterProps {
  params: URLSearchParams;
  setParam: (key: string, value: string) => void;
}

function UnitFilter({ params, setParam }: FilterProps) {
  const { findNode } = useRegion();
  const code = params.get('regionCode') ?? '';
  return (
    <>
      <div style={{ width: 220 }} data-testid="rect-unit-filter">
        <RegionTreeSelect value={code || undefined} onChange={(v) => setParam('regionCode', v)} />
      </div>
      {code && (
        <Button size="small" onClick={() => setParam('regionCode', '')}>
          ✕ {findNode(code)?.name ?? code}
        </Button>
      )}
    </>
  );
}

function Items({ params, setParam }: FilterProps) {
  const { t, tl } = useI18n();
  const navigate = useNavigate();
  const list = usePagedList<TRectificationItem>('/rectification/items', ledgerQuery(params));
  const get = (k: string) => params.get(k) ?? '';
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }} data-testid="rect-filters">
        <UnitFilter params={params} setParam={setParam} />
        <Select allowClear value={get('status') || undefined} onChange={(v?: string) => setParam('status', v ?? '')} placeholder={t('rect.filterStatus')} style={{ width: 120 }} options={RECTIFICATION_ITEM_STATUSES.map((s) => ({ value: s, label: tl('rect.itemStatus', s) }))} data-testid="rect-status-filter" />
        <Select allowClear value={get('sourceType') || undefined} onChange={(v?: string) => setParam('sourceType', v ?? '')} placeholder={t('rect.filterSource')} style={{ width: 120 }} options={PROBLEM_SOURCES.map((s) => ({ value: s, label: tl('rect.source', s) }))} />
        <Space size={4}>
          <Switch size="small" checked={get('overdue') === 'true'} onChange={(on) => setParam('overdue', on ? 'true' : '')} data-testid="rect-overdue-filter" />
          <Typography.Text>{t('rect.overdueOnly')}</Typography.Text>
        </Space>
        <Space size={4}>
          <Typography.Text type="secondary">{t('rect.deadlineRange')}</Typography.Text>
          <Input type="date" value={get('deadlineFrom')} onChange={(e) => setParam('deadlineFrom', e.target.value)} style={{ width: 145 }} aria-label={t('rect.deadlineRange')} />
          <span>~</span>
          <Input type="date" value={get('deadlineTo')} onChange={(e) => setParam('deadlineTo', e.target.value)} style={{ width: 145 }} aria-label={t('rect.deadlineRange')} />
        </Space>
        <UrlDateRange label={t('rect.closedOn')} fromKey="closedFrom" toKey="closedTo" get={get} setParam={setParam} testId="rect-closed" />
        <Select
          allowClear
          value={get('timeliness') || undefined}
          onChange={(v?: string) => setParam('timeliness', v ?? '')}
          placeholder={t('link.rectTimeliness')}
          style={{ width: 190 }}
          options={RECTIFICATION_TIMELINESS.map((s) => ({ value: s, label: tl('link.rectTimeliness', s) }))}
          data-testid="rect-timeliness-filter"
        />
        <Input.Search allowClear defaultValue={get('q')} placeholder={t('rect.search')} onSearch={(v) => setParam('q', v.trim())} maxLength={50} style={{ width: 220 }} data-testid="rect-search" />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} data-testid="rect-error" />}
      <Table<TRectificationItem>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 1040 }}
        data-testid="rect-items"
        rowClassName={(r) => `rect-row${r.isOverdue ? ' row-overdue' : ''}`}
        onRow={(r) => ({ onClick: () => navigate(`/rectification/notices/${r.noticeId}?item=${r.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('rect.none') }}
        columns={[
          {
            title: t('rect.noticeNumber'),
            dataIndex: 'noticeNumber',
            width: 190,
            render: (v: string, r) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{v}</Typography.Text>
                <Typography.Text type="secondary">{t('rect.notice.itemN', { n: r.seq })}</Typography.Text>
              </Space>
            ),
          },
          { title: t('rect.unit'), dataIndex: 'regionName', width: 90, render: (v: string | null, r) => v ?? r.regionCode },
          {
            title: t('rect.problem'),
            dataIndex: 'problem',
            render: (v: string) => (
              <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ marginBottom: 0 }}>
                {v}
              </Typography.Paragraph>
            ),
          },
          { title: t('rect.source'), dataIndex: 'sourceType', width: 100, render: (_: string, r) => <SourceText type={r.sourceType} id={r.sourceId} label={null} /> },
          { title: t('rect.responsible'), dataIndex: 'responsibleName', width: 90 },
          {
            title: t('rect.deadline'),
            dataIndex: 'deadline',
            width: 105,
            render: (v: string, r) =>
              r.isOverdue ? (
                <Space orientation="vertical" size={0}>
                  <span className="text-overdue">{v}</span>
                  <Tag color="red" data-testid="item-overdue">
                    {t('rect.overdue')}
                  </Tag>
                </Space>
              ) : (
                v
              ),
          },
          { title: t('rect.status'), dataIndex: 'status', width: 90, render: (_: string, r) => <ItemStatusTag status={r.status} /> },
          {
            title: t('rect.closedOn'),
            dataIndex: 'closedOn',
            width: 105,
            render: (v: string | null, r) =>
              v ? (
                <Space orientation="vertical" size={0}>
                  <span>{v}</span>
                  {r.closedOnTime !== null && <Typography.Text type={r.closedOnTime ? 'success' : 'warning'}>{r.closedOnTime ? t('rect.onTimeYes') : t('rect.onTimeNo')}</Typography.Text>}
                </Space>
              ) : (
                '—'
              ),
          },
          { title: t('rect.reopenCount'), dataIndex: 'reopenCount', width: 80, align: 'right' as const, render: (n: number) => (n > 0 ? <Tag color="magenta">{n}</Tag> : 0) },
        ]}
      />
    </>
  );
}

function Notices({ params, setParam }: FilterProps) {
  const { t, tl } = useI18n();
  const navigate = useNavigate();
  const get = (k: string) => params.get(k) ?? '';
  const query = { regionCode: get('regionCode') || undefined, status: get('status') || undefined, q: get('q') || undefined };
  const list = usePagedList<TRectificationNotice>('/rectification/notices', query);
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <UnitFilter params={params} setParam={setParam} />
        <Select
          allowClear
          value={RECTIFICATION_NOTICE_STATUSES.includes(get('status') as never) ? get('status') : undefined}
          onChange={(v?: string) => setParam('status', v ?? '')}
          placeholder={t('rect.filterStatus')}
          style={{ width: 130 }}
          options={RECTIFICATION_NOTICE_STATUSES.map((s) => ({ value: s, label: tl('rect.noticeStatus', s) }))}
        />
        <Input.Search allowClear defaultValue={get('q')} placeholder={t('rect.notice.search')} onSearch={(v) => setParam('q', v.trim())} maxLength={50} style={{ width: 220 }} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<TRectificationNotice>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 1000 }}
        data-testid="rect-notices"
        rowClassName={(r) => (r.overdueItemCount > 0 ? 'row-overdue' : '')}
        onRow={(r) => ({ onClick: () => navigate(`/rectification/notices/${r.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('rect.notice.none') }}
        columns={[
          { title: t('rect.notice.number'), dataIndex: 'number', width: 190, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('rect.notice.title'), dataIndex: 'title' },
          { title: t('rect.notice.unit'), dataIndex: 'regionName', width: 100, render: (v: string | null, r) => v ?? r.regionCode },
          { title: t('rect.notice.issuer'), dataIndex: 'issuerRegionName', width: 100, render: (v: string | null, r) => v ?? r.issuerRegionCode },
          { title: t('rect.notice.issuedOn'), dataIndex: 'issuedOn', width: 110 },
          { title: t('rect.notice.deadline'), dataIndex: 'deadline', width: 110 },
          {
            title: t('rect.notice.progress'),
            key: 'progress',
            width: 170,
            render: (_: unknown, r) => (
              <Space orientation="vertical" size={0}>
                <span>{t('rect.notice.progressText', { closed: r.closedItemCount, total: r.itemCount })}</span>
                {r.overdueItemCount > 0 && <Typography.Text type="danger">{t('rect.notice.overdueText', { n: r.overdueItemCount })}</Typography.Text>}
              </Space>
            ),
          },
          { title: t('rect.status'), dataIndex: 'status', width: 110, render: (_: string, r) => <NoticeStatusTag status={r.status} /> },
        ]}
      />
    </>
  );
}

function Stats({ params, setParam }: FilterProps) {
  const { t } = useI18n();
  const by = params.get('by') === 'village' ? 'village' : 'township';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const stats = useLoad(() => api.get<{ rows: TRectificationStatsRow[] }>('/rectification/stats', { by, from, to }), [by, from, to]);
  const rows = stats.data?.rows ?? [];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text type="secondary">{t('rect.stats.by')}</Typography.Text>
        <Segmented
          value={by}
          onChange={(v) => setParam('by', v === 'village' ? 'village' : '')}
          options={[
            { value: 'township', label: t('rect.stats.byTownship') },
            { value: 'village', label: t('rect.stats.byVillage') },
          ]}
          data-testid="rect-stats-by"
        />
        <Typography.Text type="secondary">{t('rect.stats.period')}</Typography.Text>
        <Input type="date" value={from} onChange={(e) => setParam('from', e.target.value)} style={{ width: 145 }} aria-label={t('rect.stats.period')} />
        <span>~</span>
        <Input type="date" value={to} onChange={(e) => setParam('to', e.target.value)} style={{ width: 145 }} aria-label={t('rect.stats.period')} />
      </Space>
      <Typography.Text type="secondary">{t('rect.stats.hint')}</Typography.Text>
      {stats.error && <Alert type="error" showIcon title={stats.error} />}
      {rows.some((r) => r.due > 0) && (
        <Suspense fallback={<Spin />}>
          <StatsChart rows={rows} />
        </Suspense>
      )}
      <Table<TRectificationStatsRow>
        rowKey="regionCode"
        size="small"
        loading={stats.loading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="rect-stats"
        locale={{ emptyText: t('rect.stats.none') }}
        columns={[
          { title: t('rect.stats.unit'), dataIndex: 'regionName', render: (v: string | null, r) => v ?? r.regionCode },
          { title: t('rect.stats.due'), dataIndex: 'due', width: 90, align: 'right' as const },
          { title: t('rect.stats.closedOnTime'), dataIndex: 'closedOnTime', width: 100, align: 'right' as const },
          { title: t('rect.stats.closedLate'), dataIndex: 'closedLate', width: 100, align: 'right' as const },
          { title: t('rect.stats.openOverdue'), dataIndex: 'openOverdue', width: 110, align: 'right' as const, render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : 0) },
          {
            title: t('rect.stats.rate'),
            dataIndex: 'onTimeRate',
            width: 200,
            render: (p: number | null) =>
              p === null ? '—' : <Progress percent={Math.round(p * 1000) / 10} size="small" status={p >= 0.9 ? 'success' : p >= 0.6 ? 'normal' : 'exception'} format={() => rateText(p)} />,
          },
        ]}
      />
    </Space>
  );
}
