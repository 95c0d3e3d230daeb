import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Card, Select, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { HEARING_STATUSES, type THearing } from '@mpw/contracts';
import { usePagedList, useUrlFilters } from '../../hooks';
import { useI18n } from '../../i18n';
import { useRegion } from '../../region';
import { useSession } from '../../session';
import { fmtDateTime } from '../../format';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import HearingForm from './HearingForm';
import { HearingStatusTag } from './VillagerTags';
import { hearingQuery, recentQuarters, VILLAGER_API } from './villagers-logic';

/** 村民问政: the hearings of the chosen region (village, quarter, status in the address bar); 新建问政会 for managers. */
export default function HearingList() {
  const { t, tl, lang } = useI18n();
  const navigate = useNavigate();
  const { can } = useSession();
  const { regionCode: headerRegion } = useRegion();
  const { params, setParam } = useUrlFilters();
  const [creating, setCreating] = useState(false);
  const get = (k: string) => params.get(k) ?? '';
  const query = hearingQuery(params, headerRegion);
  const list = usePagedList<THearing>(VILLAGER_API.hearings, query);

  return (
    <Card
      title={t('vil.hr.title')}
      extra={
        can('hearing:hearing:manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="hr-create">
            {t('vil.hr.create')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }} data-testid="hr-filters">
        <div style={{ width: 260 }}>
          <RegionTreeSelect value={(query.regionCode as string) || undefined} onChange={(v) => setParam('regionCode', v)} />
        </div>
        <Select
          allowClear
          value={get('quarter') || undefined}
          onChange={(v?: string) => setParam('quarter', v ?? '')}
          placeholder={t('vil.quarter')}
          style={{ width: 130 }}
          options={recentQuarters(new Date(), 8).map((q) => ({ value: q, label: q }))}
          data-testid="hr-quarter-filter"
        />
        <Select
          allowClear
          value={get('status') || undefined}
          onChange={(v?: string) => setParam('status', v ?? '')}
          placeholder={t('vil.status')}
          style={{ width: 130 }}
          options={HEARING_STATUSES.map((s) => ({ value: s, label: tl('vil.hr.status', s) }))}
          data-testid="hr-status-filter"
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<THearing>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 900 }}
        data-testid="hr-table"
        rowClassName={() => 'hr-row'}
        onRow={(r) => ({ onClick: () => navigate(`/hearings/${r.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('vil.hr.none') }}
        columns={[
          { title: t('vil.hr.titleField'), dataIndex: 'title', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('vil.village'), dataIndex: 'villageName', width: 110 },
          { title: t('vil.quarter'), dataIndex: 'quarter', width: 100 },
          { title: t('vil.hr.scheduledAt'), dataIndex: 'scheduledAt', width: 170, render: (v: string) => fmtDateTime(v, lang) },
          { title: t('vil.hr.cadres'), dataIndex: 'cadres', width: 80, render: (c: THearing['cadres']) => c.length },
          { title: t('vil.hr.questions'), dataIndex: 'questionCount', width: 110, render: (n: number, r) => t('vil.hr.answeredOf', { a: r.answeredCount, n }) },
          { title: t('vil.status'), dataIndex: 'status', width: 100, render: (s: THearing['status']) => <HearingStatusTag status={s} /> },
        ]}
      />
      <HearingForm
        open={creating}
        defaultRegion={headerRegion}
        onClose={() => setCreating(false)}
        onSaved={(h) => {
          setCreating(false);
          navigate(`/hearings/${h.id}`);
        }}
      />
    </Card>
  );
}
