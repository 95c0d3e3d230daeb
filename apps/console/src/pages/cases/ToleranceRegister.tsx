import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Card, Select, Space, Table, Typography } from 'antd';
import { FAULT_TOLERANCE_STATUSES, type TCaseSummary } from '@mpw/contracts';
import { usePagedList } from '../../hooks';
import { useI18n } from '../../i18n';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import { dayOnly } from '../reports/report-logic';
import { CaseKindTag, CaseStatusTag, ToleranceTag } from './CaseTags';

/** 容错纠错台账: every case of this account's scope where fault tolerance was proposed, with its decision (GET /cases/tolerance). */
export default function ToleranceRegister() {
  const { t, tl } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const regionCode = params.get('regionCode') ?? '';
  const list = usePagedList<TCaseSummary>('/cases/tolerance', { status, regionCode });

  function setParam(key: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  }

  return (
    <Card title={t('case.toleranceTitle')}>
      <Typography.Paragraph type="secondary">{t('case.toleranceIntro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          value={status || undefined}
          onChange={(v?: string) => setParam('status', v ?? '')}
          placeholder={t('case.filterTolerance')}
          style={{ width: 150 }}
          options={FAULT_TOLERANCE_STATUSES.map((s) => ({ value: s, label: tl('case.tolerance', s) }))}
          data-testid="tolerance-status-filter"
        />
        <div style={{ width: 240 }}>
          <RegionTreeSelect value={regionCode || undefined} onChange={(v) => setParam('regionCode', v)} />
        </div>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<TCaseSummary>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 1000 }}
        data-testid="tolerance-table"
        onRow={(r) => ({ onClick: () => navigate(`/cases/${r.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('case.toleranceNone') }}
        columns={[
          {
            title: t('case.number'),
            dataIndex: 'number',
            width: 200,
            render: (v: string, r) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{v}</Typography.Text>
                <CaseKindTag kind={r.kind} />
              </Space>
            ),
          },
          { title: t('case.caseTitle'), dataIndex: 'title', ellipsis: true },
          { title: t('case.subject'), dataIndex: 'subjectName', width: 180, render: (v: string, r) => `${v} · ${r.subjectPosition}` },
          { title: t('case.handling'), dataIndex: 'handlingRegionName', width: 110, render: (v: string | null, r) => v ?? r.handlingRegionCode },
          { title: t('case.toleranceCol'), dataIndex: 'faultToleranceStatus', width: 120, render: (_: string, r) => <ToleranceTag status={r.faultToleranceStatus} /> },
          { title: t('case.statusCol'), dataIndex: 'status', width: 130, render: (_: string, r) => <CaseStatusTag status={r.status} /> },
          { title: t('case.decidedOn'), dataIndex: 'decidedOn', width: 105, render: (v: string | null) => dayOnly(v) },
        ]}
      />
    </Card>
  );
}
