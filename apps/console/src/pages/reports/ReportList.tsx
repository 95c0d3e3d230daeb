import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, App, Button, Card, Input, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, SwapOutlined } from '@ant-design/icons';
import { REPORT_CATEGORIES, REPORT_CONCLUSION_FILTERS, REPORT_LEVELS, REPORT_STATUSES, type TReportSummary } from '@mpw/contracts';
import { buildUrl } from '../../api';
import { usePagedList, useUrlFilters } from '../../hooks';
import { useI18n } from '../../i18n';
import { useRegion } from '../../region';
import { useSession } from '../../session';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import UrlDateRange from '../../components/UrlDateRange';
import HandoverModal from './HandoverModal';
import { dayOnly, listQuery } from './report-logic';
import { DueOn, ReportFlags, ReportStatusTag } from './ReportTags';

/** 举报管理: the reports this account may see, with filters, the CSV export (no reporter fields) and the handover dialog. */
export default function ReportList() {
  const { t, tl } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { can } = useSession();
  const { findNode } = useRegion();
  const { params, get, setParam } = useUrlFilters();
  const [handoverOpen, setHandoverOpen] = useState(false);
  const query = listQuery(params);
  const list = usePagedList<TReportSummary>('/reports', query);
  /** A yes/no filter of the address bar ('true' / 'false'), as dashboard links set it. */
  const yesNo = (key: string, yes: string, no: string, placeholder: string, width = 130) => (
    <Select
      allowClear
      value={get(key) || undefined}
      onChange={(v?: string) => setParam(key, v ?? '')}
      placeholder={placeholder}
      style={{ width }}
      options={[{ value: 'true', label: yes }, { value: 'false', label: no }]}
      data-testid={`report-${key}-filter`}
    />
  );

  return (
    <Card
      title={t('report.title')}
      extra={
        <Space wrap>
          {can('report:report:intake') && (
            <Link to="/reports/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="report-intake-link">
                {t('report.intake')}
              </Button>
            </Link>
          )}
          {can('report:report:assign') && (
            <Button icon={<SwapOutlined />} onClick={() => setHandoverOpen(true)} data-testid="report-handover">
              {t('report.handover')}
            </Button>
          )}
          <Tooltip title={t('report.exportHint')}>
            <Button icon={<DownloadOutlined />} href={buildUrl('/reports/export.csv', query)} download="reports.csv" data-testid="reports-export">
              {t('report.export')}
            </Button>
          </Tooltip>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }} data-testid="report-filters">
        <Select
          allowClear
          value={get('status') || undefined}
          onChange={(v?: string) => setParam('status', v ?? '')}
          placeholder={t('report.filterStatus')}
          style={{ width: 130 }}
          options={REPORT_STATUSES.map((s) => ({ value: s, label: tl('report.status', s) }))}
          data-testid="report-status-filter"
        />
        <Select
          allowClear
          value={get('category') || undefined}
          onChange={(v?: string) => setParam('category', v ?? '')}
          placeholder={t('report.filterCategory')}
          style={{ width: 130 }}
          options={REPORT_CATEGORIES.map((c) => ({ value: c, label: tl('report.category', c) }))}
        />
        <Select
          allowClear
          value={get('level') || undefined}
          onChange={(v?: string) => setParam('level', v ?? '')}
          placeholder={t('report.filterLevel')}
          style={{ width: 160 }}
          options={REPORT_LEVELS.map((l) => ({ value: l, label: tl('report.levels', l) }))}
        />
        <div style={{ width: 240 }}>
          <RegionTreeSelect value={get('regionCode') || undefined} onChange={(v) => setParam('regionCode', v)} />
        </div>
        {get('regionCode') && (
          <Button size="small" onClick={() => setParam('regionCode', '')}>
            ✕ {findNode(get('regionCode'))?.name ?? get('regionCode')}
          </Button>
        )}
        <UrlDateRange label={t('link.receivedOn')} fromKey="receivedFrom" toKey="receivedTo" get={get} setParam={setParam} testId="report-received" />
        {yesNo('accepted', t('link.accepted'), t('link.notAccepted'), t('link.accepted'))}
        {yesNo('concluded', t('link.concluded'), t('link.notConcluded'), t('link.concluded'))}
        <Select
          allowClear
          value={get('conclusion') || undefined}
          onChange={(v?: string) => setParam('conclusion', v ?? '')}
          placeholder={t('link.conclusion')}
          style={{ width: 170 }}
          options={REPORT_CONCLUSION_FILTERS.map((c) => ({ value: c, label: tl('link.conclusion', c) }))}
          data-testid="report-conclusion-filter"
        />
        {yesNo('microPower', t('link.microPower.true'), t('link.microPower.false'), t('link.microPower'), 190)}
        <Space size={4}>
          <Switch size="small" checked={get('overdue') === 'true'} onChange={(on) => setParam('overdue', on ? 'true' : '')} data-testid="report-overdue-filter" />
          <Typography.Text>{t('report.overdueOnly')}</Typography.Text>
        </Space>
        <Space size={4}>
          <Switch size="small" checked={get('mine') === 'true'} onChange={(on) => setParam('mine', on ? 'true' : '')} data-testid="report-mine-filter" />
          <Typography.Text>{t('report.mineOnly')}</Typography.Text>
        </Space>
        <Input.Search
          allowClear
          defaultValue={get('q')}
          placeholder={t('report.searchPlaceholder')}
          onSearch={(v) => setParam('q', v.trim())}
          maxLength={50}
          style={{ width: 220 }}
          data-testid="report-search"
        />
        <Tooltip title={t('report.exportHint')}>
          <Button icon={<DownloadOutlined />} href={buildUrl('/reports/export.xlsx', query)} download data-testid="reports-export-xlsx">
            {t('common.exportExcel')}
          </Button>
        </Tooltip>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} data-testid="reports-error" />}
      <Table<TReportSummary>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 1100 }}
        data-testid="reports-table"
        rowClassName={(r) => `report-row${r.isOverdue ? ' report-row-overdue' : ''}`}
        onRow={(r) => ({ onClick: () => navigate(`/reports/${r.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('report.none') }}
        columns={[
          {
            title: t('report.number'),
            dataIndex: 'number',
            width: 180,
            render: (v: string, r) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{v}</Typography.Text>
                <ReportFlags r={r} />
              </Space>
            ),
          },
          { title: t('report.receivedOn'), dataIndex: 'receivedOn', width: 105, render: (v: string) => dayOnly(v) },
          { title: t('report.category'), dataIndex: 'category', width: 95, render: (c: string) => tl('report.category', c) },
          { title: t('report.region'), dataIndex: 'regionName', width: 100, render: (v: string | null, r) => v ?? r.regionCode },
          {
            title: t('report.subject'),
            dataIndex: 'subjectName',
            render: (v: string, r) => (
              <span>
                {v} <Typography.Text type="secondary">· {r.subjectPosition}</Typography.Text>
              </span>
            ),
          },
          {
            title: t('report.channel'),
            dataIndex: 'channel',
            width: 125,
            render: (c: string, r) => (
              <Space size={2}>
                {tl('report.channel', c)}
                <Tag>{r.anonymous ? t('report.anonymous') : t('report.realName')}</Tag>
              </Space>
            ),
          },
          {
            title: t('report.handlingCol'),
            dataIndex: 'assignedToName',
            width: 150,
            render: (v: string | null, r) => (
              <Space orientation="vertical" size={0}>
                <span>{tl('report.levels', r.handlingLevel)}</span>
                <Typography.Text type="secondary">{v ?? t('report.unassigned')}</Typography.Text>
              </Space>
            ),
          },
          { title: t('report.statusCol'), dataIndex: 'status', width: 90, render: (_: string, r) => <ReportStatusTag status={r.status} /> },
          { title: t('report.dueOn'), dataIndex: 'dueOn', width: 105, render: (_: string, r) => <DueOn r={r} /> },
        ]}
      />
      <HandoverModal
        open={handoverOpen}
        onClose={() => setHandoverOpen(false)}
        onDone={(moved) => {
          setHandoverOpen(false);
          message.success(t('report.handoverDone', { n: moved }));
          list.reload();
        }}
      />
    </Card>
  );
}
