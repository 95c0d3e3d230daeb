import { Link, useNavigate } from 'react-router';
import { Alert, Button, Card, Input, Select, Space, Table, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { CASE_KINDS, CASE_STATUSES, FAULT_TOLERANCE_STATUSES, PROBLEM_SOURCES, SANCTION_CATEGORIES, type TCaseSummary } from '@mpw/contracts';
import { buildUrl } from '../../api';
import { usePagedList, useUrlFilters } from '../../hooks';
import { useI18n } from '../../i18n';
import { useRegion } from '../../region';
import { useSession } from '../../session';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import UrlDateRange from '../../components/UrlDateRange';
import { dayOnly } from '../reports/report-logic';
import { caseListQuery } from './case-logic';
import { CaseKindTag, CaseStatusTag, ToleranceTag } from './CaseTags';

/** 案件管理: the cases handled at this account's level and below (the server decides), with filters kept in the address bar. */
export default function CaseList() {
  const { t, tl } = useI18n();
  const navigate = useNavigate();
  const { can } = useSession();
  const { findNode } = useRegion();
  const { params, get, setParam } = useUrlFilters();
  const query = caseListQuery(params);
  const list = usePagedList<TCaseSummary>('/cases', query);
  const range = (label: string, key: string) => <UrlDateRange label={label} fromKey={`${key}From`} toKey={`${key}To`} get={get} setParam={setParam} testId={`case-filter-${key}`} />;

  const filter = (key: string, placeholder: string, values: readonly string[], prefix: string, width = 130) => (
    <Select
      allowClear
      value={get(key) || undefined}
      onChange={(v?: string) => setParam(key, v ?? '')}
      placeholder={placeholder}
      style={{ width }}
      options={values.map((v) => ({ value: v, label: tl(prefix, v) }))}
      data-testid={`case-filter-${key}`}
    />
  );

  return (
    <Card
      title={t('case.title')}
      extra={
        can('case:case:write') && (
          <Link to="/cases/new">
            <Button type="primary" icon={<PlusOutlined />} data-testid="case-new-link">
              {t('case.new')}
            </Button>
          </Link>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }} data-testid="case-filters">
        {filter('status', t('case.filterStatus'), CASE_STATUSES, 'case.status', 150)}
        {filter('kind', t('case.filterKind'), CASE_KINDS, 'case.kind', 150)}
        {filter('sourceType', t('case.filterSource'), PROBLEM_SOURCES, 'case.source')}
        {filter('faultTolerance', t('case.filterTolerance'), FAULT_TOLERANCE_STATUSES, 'case.tolerance', 140)}
        <div style={{ width: 240 }}>
          <RegionTreeSelect value={get('regionCode') || undefined} onChange={(v) => setParam('regionCode', v)} />
        </div>
        {get('regionCode') && (
          <Button size="small" onClick={() => setParam('regionCode', '')}>
            ✕ {findNode(get('regionCode'))?.name ?? get('regionCode')}
          </Button>
        )}
        {range(t('case.filterCreated'), 'created')}
        {range(t('case.filterFiled'), 'filed')}
        {range(t('case.filterExecuted'), 'executed')}
        {filter('sanction', t('case.filterSanction'), SANCTION_CATEGORIES, 'case.category', 150)}
        {get('sanction') && range(t('case.filterSanctionDecided'), 'sanction')}
        <Input.Search
          allowClear
          defaultValue={get('q')}
          placeholder={t('case.searchPlaceholder')}
          onSearch={(v) => setParam('q', v.trim())}
          maxLength={50}
          style={{ width: 240 }}
          data-testid="case-search"
        />
        <Button icon={<DownloadOutlined />} href={buildUrl('/cases/export.xlsx', query)} download data-testid="cases-export">
          {t('common.exportExcel')}
        </Button>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} data-testid="cases-error" />}
      <Table<TCaseSummary>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 1040 }}
        data-testid="cases-table"
        rowClassName={() => 'case-row'}
        onRow={(r) => ({ onClick: () => navigate(`/cases/${r.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('case.none') }}
        columns={[
          {
            title: `${t('case.number')} / ${t('case.caseTitle')}`,
            dataIndex: 'number',
            width: 270,
            render: (v: string, r) => (
              <Space orientation="vertical" size={0} style={{ maxWidth: 254 }}>
                <Space size={4} wrap>
                  <Typography.Text strong>{v}</Typography.Text>
                  <CaseKindTag kind={r.kind} />
                  <ToleranceTag status={r.faultToleranceStatus} />
                </Space>
                <Typography.Text type="secondary" ellipsis={{ tooltip: r.title }} style={{ maxWidth: 254 }}>
                  {r.title}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('case.subject'),
            dataIndex: 'subjectName',
            width: 170,
            render: (v: string, r) => (
              <span>
                {v} <Typography.Text type="secondary">· {r.subjectPosition}</Typography.Text>
              </span>
            ),
          },
          { title: t('case.region'), dataIndex: 'regionName', width: 100, render: (v: string | null, r) => v ?? r.regionCode },
          { title: t('case.handling'), dataIndex: 'handlingRegionName', width: 100, render: (v: string | null, r) => v ?? r.handlingRegionCode },
          { title: t('case.sourceCol'), dataIndex: 'sourceType', width: 95, render: (s: string) => tl('case.source', s) },
          { title: t('case.statusCol'), dataIndex: 'status', width: 120, render: (_: string, r) => <CaseStatusTag status={r.status} /> },
          { title: t('case.filedOn'), dataIndex: 'filedOn', width: 105, render: (v: string | null) => dayOnly(v) },
          { title: t('case.createdAt'), dataIndex: 'createdAt', width: 105, render: (v: string) => dayOnly(v) },
        ]}
      />
    </Card>
  );
}
