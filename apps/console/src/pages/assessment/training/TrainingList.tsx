import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Card, Input, Progress, Select, Space, Spin, Table, Tabs, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { TRAINING_KINDS, type TTrainingSession } from '@mpw/contracts';
import { api, buildUrl, type Query } from '../../../api';
import { useLoad, usePagedList, useUrlFilters } from '../../../hooks';
import { useI18n } from '../../../i18n';
import { useRegion } from '../../../region';
import { useSession } from '../../../session';
import RegionTreeSelect from '../../../components/RegionTreeSelect';
import { ASSESSMENT_API, coverageQuery, rowsOf, trainingQuery } from '../assessment-logic';
import TrainingForm from './TrainingForm';

// ECharts is large: it loads with the coverage chart only.
const MiniBars = lazy(() => import('../MiniBars'));

interface CoverageRow {
  regionCode: string;
  regionName: string;
  people: number;
  trained: number;
  rate: number | null;
  hours: number;
}

/** 教育培训: the sessions in scope (filters in the address bar, 导出Excel, 新建 with attendees) and the coverage per township or village. */
export default function TrainingList() {
  const { t, tl } = useI18n();
  const { can } = useSession();
  const { regionCode: headerRegion } = useRegion();
  const { params, get, setParam } = useUrlFilters();
  const navigate = useNavigate();
  const tab = get('tab') === 'coverage' ? 'coverage' : 'list';
  const [creating, setCreating] = useState(false);
  const query = trainingQuery(params, headerRegion);

  return (
    <Card
      title={t('trn.title')}
      extra={
        <Space wrap>
          {tab === 'list' && (
            <Button icon={<DownloadOutlined />} href={buildUrl(ASSESSMENT_API.trainingExport, query)} download="training.xlsx" data-testid="trn-export">
              {t('common.exportExcel')}
            </Button>
          )}
          {can('training:session:write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="trn-create">
              {t('trn.create')}
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }} data-testid="trn-filters">
        <div style={{ width: 260 }}>
          <RegionTreeSelect value={(query.regionCode as string) || undefined} onChange={(v) => setParam('regionCode', v)} />
        </div>
        {tab === 'list' && (
          <Select
            allowClear
            value={get('kind') || undefined}
            onChange={(v?: string) => setParam('kind', v ?? '')}
            placeholder={t('trn.kind')}
            style={{ width: 130 }}
            options={TRAINING_KINDS.map((k) => ({ value: k, label: tl('trn.kind', k) }))}
            data-testid="trn-kind-filter"
          />
        )}
        <Space size={4}>
          <Typography.Text type="secondary">{t('trn.window')}</Typography.Text>
          <Input type="date" value={get('from')} onChange={(e) => setParam('from', e.target.value)} style={{ width: 145 }} aria-label={t('trn.from')} data-testid="trn-from" />
          <span>~</span>
          <Input type="date" value={get('to')} onChange={(e) => setParam('to', e.target.value)} style={{ width: 145 }} aria-label={t('trn.to')} data-testid="trn-to" />
        </Space>
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParam('tab', k === 'coverage' ? 'coverage' : '')}
        items={[
          { key: 'list', label: t('trn.tabList'), children: tab === 'list' ? <Sessions query={query} onOpen={(id) => navigate(`/training/${id}`)} /> : null },
          { key: 'coverage', label: t('trn.tabCoverage'), children: tab === 'coverage' ? <Coverage params={params} headerRegion={headerRegion} onPick={(code) => setParam('regionCode', code)} /> : null },
        ]}
      />
      <TrainingForm
        open={creating}
        session={null}
        defaultRegion={(query.regionCode as string) || headerRegion}
        onClose={() => setCreating(false)}
        onSaved={(s) => {
          setCreating(false);
          navigate(`/training/${s.id}`);
        }}
      />
    </Card>
  );
}

function Sessions({ query, onOpen }: { query: Query; onOpen: (id: string) => void }) {
  const { t, tl } = useI18n();
  const list = usePagedList<TTrainingSession>(ASSESSMENT_API.trainings, query);
  return (
    <>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<TTrainingSession>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 900 }}
        data-testid="trn-table"
        rowClassName={() => 'trn-row'}
        onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('trn.none') }}
        columns={[
          { title: t('trn.heldOn'), dataIndex: 'heldOn', width: 110 },
          { title: t('trn.titleField'), dataIndex: 'title', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('trn.kind'), dataIndex: 'kind', width: 100, render: (k: string) => tl('trn.kind', k) },
          { title: t('trn.hours'), dataIndex: 'hours', width: 70 },
          { title: t('trn.organiser'), dataIndex: 'organiser', width: 160 },
          { title: t('trn.unit'), dataIndex: 'regionName', width: 120 },
          { title: t('trn.attendees'), dataIndex: 'attendeeCount', width: 90 },
        ]}
      />
    </>
  );
}

function Coverage({ params, headerRegion, onPick }: { params: URLSearchParams; headerRegion: string; onPick: (code: string) => void }) {
  const { t } = useI18n();
  const q = coverageQuery(params, headerRegion);
  const rows = useLoad(() => api.get<unknown>(ASSESSMENT_API.coverage, q).then((r) => rowsOf<CoverageRow>(r)), [JSON.stringify(q)]);
  const data = rows.data ?? [];
  return (
    <>
      <Typography.Paragraph type="secondary">{t('trn.coverageHint')}</Typography.Paragraph>
      {rows.error && <Alert type="error" showIcon title={rows.error} style={{ marginBottom: 16 }} />}
      {data.length > 0 && (
        <Suspense fallback={<Spin />}>
          <MiniBars labels={data.map((r) => r.regionName)} values={data.map((r) => r.rate)} name={t('trn.rate')} percent testId="trn-coverage-chart" />
        </Suspense>
      )}
      <Table<CoverageRow>
        rowKey="regionCode"
        size="middle"
        loading={rows.loading}
        dataSource={data}
        pagination={false}
        data-testid="trn-coverage"
        rowClassName={() => 'trn-coverage-row'}
        locale={{ emptyText: t('trn.coverageNone') }}
        columns={[
          {
            title: t('trn.region'),
            dataIndex: 'regionName',
            render: (v: string, r) => (
              <Typography.Link onClick={() => onPick(r.regionCode)} data-testid="trn-coverage-region">
                {v}
              </Typography.Link>
            ),
          },
          { title: t('trn.people'), dataIndex: 'people', width: 110 },
          { title: t('trn.trained'), dataIndex: 'trained', width: 110 },
          {
            title: t('trn.rate'),
            dataIndex: 'rate',
            width: 200,
            render: (rate: number | null) => (rate === null ? '—' : <Progress percent={Math.round(rate * 1000) / 10} size="small" strokeColor={rate < 0.5 ? '#cf1322' : undefined} format={(p) => `${p}%`} />),
          },
          { title: t('trn.totalHours'), dataIndex: 'hours', width: 110 },
        ]}
      />
    </>
  );
}
