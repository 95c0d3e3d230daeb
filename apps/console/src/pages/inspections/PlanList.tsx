import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { FINDING_STATUSES, FOCUS_AREAS, INSPECTION_KINDS, INSPECTION_PLAN_STATUSES, PROBLEM_SOURCES, type TFinding, type TInspectionPlan } from '@mpw/contracts';
import { usePagedList } from '../../hooks';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { fmtDateTime } from '../../format';
import { findingListQuery, planListQuery } from './supervision-logic';
import { FindingStatusTag, PlanStatusTag, SourceText } from './parts';

/** 监督检查: inspection plans (filters kind / status / year) and, on a second tab, every finding in scope. */
export default function PlanList() {
  const { t } = useI18n();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'findings' ? 'findings' : 'plans';

  function setParam(key: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  }

  return (
    <Card
      title={t('insp.title')}
      extra={
        <Space wrap>
          {can('inspection:finding:write') && (
            <Link to="/inspections/findings/new">
              <Button icon={<PlusOutlined />} data-testid="finding-new-link">
                {t('insp.newFinding')}
              </Button>
            </Link>
          )}
          {can('inspection:plan:write') && (
            <Link to="/inspections/plans/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="plan-new-link">
                {t('insp.newPlan')}
              </Button>
            </Link>
          )}
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'findings' ? { tab: 'findings' } : {}, { replace: true })}
        items={[
          { key: 'plans', label: t('insp.tabPlans'), children: tab === 'plans' ? <Plans params={params} setParam={setParam} /> : null },
          { key: 'findings', label: t('insp.tabFindings'), children: tab === 'findings' ? <Findings params={params} setParam={setParam} /> : null },
        ]}
      />
    </Card>
  );
}

interface FilterProps {
  params: URLSearchParams;
  setParam: (key: string, value: string) => void;
}

function Plans({ params, setParam }: FilterProps) {
  const { t, tl, lang } = useI18n();
  const navigate = useNavigate();
  const list = usePagedList<TInspectionPlan>('/inspections/plans', planListQuery(params));
  const get = (k: string) => params.get(k) ?? '';
  const thisYear = new Date().getFullYear();
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }} data-testid="plan-filters">
        <Select allowClear value={get('kind') || undefined} onChange={(v?: string) => setParam('kind', v ?? '')} placeholder={t('insp.filterKind')} style={{ width: 130 }} options={INSPECTION_KINDS.map((k) => ({ value: k, label: tl('insp.kind', k) }))} />
        <Select allowClear value={get('status') || undefined} onChange={(v?: string) => setParam('status', v ?? '')} placeholder={t('insp.filterStatus')} style={{ width: 120 }} options={INSPECTION_PLAN_STATUSES.map((s) => ({ value: s, label: tl('insp.status', s) }))} />
        <Select
          allowClear
          value={get('year') || undefined}
          onChange={(v?: string) => setParam('year', v ?? '')}
          placeholder={t('insp.filterYear')}
          style={{ width: 110 }}
          options={[0, 1, 2, 3].map((d) => ({ value: String(thisYear - d), label: String(thisYear - d) }))}
        />
        <Input.Search allowClear defaultValue={get('q')} placeholder={t('insp.search')} onSearch={(v) => setParam('q', v.trim())} maxLength={50} style={{ width: 220 }} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<TInspectionPlan>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 1000 }}
        data-testid="plans-table"
        onRow={(r) => ({ onClick: () => navigate(`/inspections/plans/${r.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('insp.none') }}
        columns={[
          { title: t('insp.planTitle'), dataIndex: 'title', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('insp.kind'), dataIndex: 'kind', width: 100, render: (k: string) => tl('insp.kind', k) },
          { title: t('insp.issuer'), dataIndex: 'regionName', width: 110, render: (v: string | null, r) => v ?? r.regionCode },
          { title: t('insp.period'), key: 'period', width: 200, render: (_: unknown, r) => `${r.startsOn} ~ ${r.endsOn}` },
          { title: t('insp.scope'), key: 'scope', width: 90, render: (_: unknown, r) => t('insp.scopeCount', { n: r.scope.length }) },
          {
            title: t('insp.findingCount'),
            key: 'findings',
            width: 110,
            render: (_: unknown, r) => (
              <Space size={4}>
                {r.findingCount}
                {r.openFindingCount > 0 && <Tag color="orange">{`${t('insp.openFindingCount')} ${r.openFindingCount}`}</Tag>}
              </Space>
            ),
          },
          { title: t('insp.filterStatus'), dataIndex: 'status', width: 90, render: (_: string, r) => <PlanStatusTag status={r.status} /> },
          { title: t('insp.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => fmtDateTime(v, lang) },
        ]}
      />
    </>
  );
}

/** The findings table; with `planId` it lists one plan's findings (used by the plan detail). */
export function FindingsTable({ query, compact }: { query: Record<string, string>; compact?: boolean }) {
  const { t, tl, lang } = useI18n();
  const navigate = useNavigate();
  const list = usePagedList<TFinding>('/inspections/findings', query);
  return (
    <>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<TFinding>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 900 }}
        data-testid="findings-table"
        onRow={(r) => ({ onClick: () => navigate(`/inspections/findings/${r.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('insp.finding.none') }}
        columns={[
          { title: t('insp.finding.village'), dataIndex: 'regionName', width: 100, render: (v: string | null, r) => v ?? r.regionCode },
          { title: t('insp.finding.focusArea'), dataIndex: 'focusArea', width: 100, render: (a: string) => tl('insp.area', a) },
          {
            title: t('insp.finding.description'),
            dataIndex: 'description',
            render: (v: string, r) => (
              <Space orientation="vertical" size={0}>
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                  {v}
                </Typography.Paragraph>
                {r.checklistText && <Typography.Text type="secondary">{r.checklistText}</Typography.Text>}
              </Space>
            ),
          },
          ...(compact ? [] : [{ title: t('insp.finding.plan'), dataIndex: 'planTitle', width: 160, render: (v: string | null) => v ?? t('insp.finding.noPlan') }]),
          { title: t('insp.finding.source'), dataIndex: 'sourceType', width: 150, render: (_: string, r: TFinding) => <SourceText type={r.sourceType} id={r.sourceId} label={r.sourceLabel} /> },
          { title: t('insp.finding.status'), dataIndex: 'status', width: 110, render: (_: string, r: TFinding) => <FindingStatusTag status={r.status} /> },
          { title: t('insp.finding.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => fmtDateTime(v, lang) },
        ]}
      />
    </>
  );
}

function Findings({ params, setParam }: FilterProps) {
  const { t, tl } = useI18n();
  const get = (k: string) => params.get(k) ?? '';
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select allowClear value={get('status') || undefined} onChange={(v?: string) => setParam('status', v ?? '')} placeholder={t('insp.finding.filterStatus')} style={{ width: 130 }} options={FINDING_STATUSES.map((s) => ({ value: s, label: tl('insp.findingStatus', s) }))} />
        <Select allowClear value={get('focusArea') || undefined} onChange={(v?: string) => setParam('focusArea', v ?? '')} placeholder={t('insp.finding.filterArea')} style={{ width: 130 }} options={FOCUS_AREAS.map((a) => ({ value: a, label: tl('insp.area', a) }))} />
        <Select allowClear value={get('sourceType') || undefined} onChange={(v?: string) => setParam('sourceType', v ?? '')} placeholder={t('insp.finding.filterSource')} style={{ width: 130 }} options={PROBLEM_SOURCES.map((s) => ({ value: s, label: tl('rect.source', s) }))} />
      </Space>
      <FindingsTable query={findingListQuery(params) as Record<string, string>} />
    </>
  );
}
