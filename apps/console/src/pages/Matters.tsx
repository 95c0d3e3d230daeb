import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Card, Checkbox, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { MATTER_STATUSES, ROLE_DEFINITIONS, type TRole } from '@mpw/contracts';
import { buildUrl } from '../api';
import { urlQuery, usePagedList, useUrlFilters } from '../hooks';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useRegion } from '../region';
import { fenToYuanText, fmtDate } from '../format';
import { MATTER_STATUS_COLOURS, type TMatterSummary } from '../domain';
import StartMatterModal from '../components/StartMatterModal';
import UrlDateRange from '../components/UrlDateRange';

/** The list's filters in the address bar (a dashboard link sets them); the same query serves the export. */
const MATTER_FILTERS = ['regionCode', 'status', 'overdue', 'itemId', 'q', 'createdFrom', 'createdTo'] as const;

export default function Matters() {
  const { t, tl, lang } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const { regionCode: headerRegion, findNode } = useRegion();
  const { params, get, setParam } = useUrlFilters();
  // A dashboard or assessment link may name a region below the header's (?regionCode=…).
  const query = urlQuery(params, MATTER_FILTERS, headerRegion, ['overdue']);
  const regionCode = String(query.regionCode ?? '');
  const status = get('status');
  const overdue = query.overdue === 'true';
  const itemId = get('itemId');
  const [q, setQ] = useState(get('q'));
  const [starting, setStarting] = useState(false);
  const list = usePagedList<TMatterSummary>('/matters', query);

  return (
    <Card
      title={t('matter.listTitle')}
      extra={
        can('matter:matter:start') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setStarting(true)} data-testid="matter-start">
            {t('matter.start')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">{t('users.scope', { region: findNode(regionCode)?.name ?? regionCode })}</Typography.Text>
        <Input.Search
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => setParam('q', v.trim())}
          placeholder={t('matter.searchPlaceholder')}
          style={{ width: 240 }}
          data-testid="matter-search"
        />
        <Select
          allowClear
          value={status || undefined}
          onChange={(v?: string) => setParam('status', v ?? '')}
          placeholder={t('matter.filterStatus')}
          style={{ width: 150 }}
          options={MATTER_STATUSES.map((s) => ({ value: s, label: tl('matter.status', s) }))}
          data-testid="matter-status-filter"
        />
        <Checkbox checked={overdue} onChange={(e) => setParam('overdue', e.target.checked ? 'true' : '')} data-testid="matter-overdue-filter">
          {t('matter.onlyOverdue')}
        </Checkbox>
        <UrlDateRange label={t('link.createdOn')} fromKey="createdFrom" toKey="createdTo" get={get} setParam={setParam} testId="matter-created" />
        {itemId && (
          <Tag closable onClose={() => setParam('itemId', '')}>
            {t('matter.filterItem', { name: list.data[0]?.itemName ?? itemId.slice(0, 8) })}
          </Tag>
        )}
        <Button icon={<DownloadOutlined />} href={buildUrl('/matters/export.xlsx', query)} download data-testid="matters-export">
          {t('common.exportExcel')}
        </Button>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<TMatterSummary>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 1100 }}
        data-testid="matters-table"
        rowClassName={(r) => (r.isOverdue ? 'row-overdue' : '')}
        onRow={(r) => ({ onClick: () => navigate(`/matters/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('matter.title'),
            dataIndex: 'title',
            render: (v: string, r) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/matters/${r.id}`} onClick={(e) => e.stopPropagation()} data-testid="matter-link">
                  {v}
                </Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.matterNo} · {r.itemCode} {r.itemName}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('matter.village'), dataIndex: 'regionName', width: 90 },
          { title: t('matter.statusCol'), dataIndex: 'status', width: 110, render: (s: string) => <Tag color={MATTER_STATUS_COLOURS[s]}>{tl('matter.status', s)}</Tag> },
          {
            title: t('matter.currentStep'),
            key: 'step',
            width: 200,
            render: (_: unknown, r) =>
              r.currentStepName ? (
                <Space orientation="vertical" size={0}>
                  <span>{r.currentStepName}</span>
                  {r.currentStepRole && <Typography.Text type="secondary">{ROLE_DEFINITIONS[r.currentStepRole as TRole]?.label[lang] ?? r.currentStepRole}</Typography.Text>}
                </Space>
              ) : (
                '—'
              ),
          },
          {
            title: t('matter.dueOn'),
            dataIndex: 'stepDueOn',
            width: 160,
            render: (v: string | null, r) =>
              v ? (
                <span className={r.isOverdue ? 'text-overdue' : undefined}>
                  {r.isOverdue && <WarningOutlined />} {fmtDate(v, lang)}
                  {r.isOverdue && <Tag color="red" style={{ marginInlineStart: 4 }}>{t('matter.overdue')}</Tag>}
                </span>
              ) : (
                '—'
              ),
          },
          { title: t('matter.amount'), dataIndex: 'amountFen', width: 120, align: 'right', render: (v: number | null) => (v === null ? '—' : t('settings.yuan', { v: fenToYuanText(v) })) },
          { title: t('matter.startedAt'), dataIndex: 'createdAt', width: 110, render: (v: string) => fmtDate(v, lang) },
        ]}
      />
      <StartMatterModal open={starting} onClose={() => setStarting(false)} onStarted={(m) => navigate(`/matters/${m.id}`)} />
    </Card>
  );
}
