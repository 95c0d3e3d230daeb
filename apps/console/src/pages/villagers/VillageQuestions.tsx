import { Alert, Card, Select, Space, Switch, Typography } from 'antd';
import { VILLAGE_QUESTION_STATUSES, VILLAGE_QUESTION_TIMELINESS, type TVillageQuestion } from '@mpw/contracts';
import { usePagedList, useUrlFilters } from '../../hooks';
import { useI18n } from '../../i18n';
import { useRegion } from '../../region';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import UrlDateRange from '../../components/UrlDateRange';
import QuestionTable from './QuestionTable';
import { questionQuery, VILLAGER_API } from './villagers-logic';

/** 村民提问: every question of the region (我要提问 and those sent to a 问政会), its filters (status, overdue, hidden, asked and due dates, on time) in the address bar. */
export default function VillageQuestions() {
  const { t, tl } = useI18n();
  const { regionCode: headerRegion } = useRegion();
  const { params, get, setParam } = useUrlFilters();
  const query = questionQuery(params, headerRegion);
  const list = usePagedList<TVillageQuestion>(VILLAGER_API.questions, query);

  return (
    <Card title={t('vil.q.title')}>
      <Space wrap style={{ marginBottom: 16 }} data-testid="q-filters">
        <div style={{ width: 260 }}>
          <RegionTreeSelect value={(query.regionCode as string) || undefined} onChange={(v) => setParam('regionCode', v)} />
        </div>
        <Select
          allowClear
          value={get('status') || undefined}
          onChange={(v?: string) => setParam('status', v ?? '')}
          placeholder={t('vil.status')}
          style={{ width: 130 }}
          options={VILLAGE_QUESTION_STATUSES.map((s) => ({ value: s, label: tl('vil.q.status', s) }))}
          data-testid="q-status-filter"
        />
        <Space size={4}>
          <Switch size="small" checked={get('overdue') === 'true'} onChange={(on) => setParam('overdue', on ? 'true' : '')} data-testid="q-overdue-filter" />
          <Typography.Text>{t('vil.q.overdueOnly')}</Typography.Text>
        </Space>
        <Select
          allowClear
          value={get('hidden') || undefined}
          onChange={(v?: string) => setParam('hidden', v ?? '')}
          placeholder={t('link.hidden')}
          style={{ width: 140 }}
          options={['false', 'true'].map((s) => ({ value: s, label: tl('link.hidden', s) }))}
          data-testid="q-hidden-filter"
        />
        <UrlDateRange label={t('dq.askedOn')} fromKey="askedFrom" toKey="askedTo" get={get} setParam={setParam} testId="q-asked" />
        <UrlDateRange label={t('dq.dueOn')} fromKey="dueFrom" toKey="dueTo" get={get} setParam={setParam} testId="q-due" />
        <Select
          allowClear
          value={get('timeliness') || undefined}
          onChange={(v?: string) => setParam('timeliness', v ?? '')}
          placeholder={t('dq.timeliness')}
          style={{ width: 200 }}
          options={VILLAGE_QUESTION_TIMELINESS.map((s) => ({ value: s, label: tl('dq.timeliness', s) }))}
          data-testid="q-timeliness-filter"
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} data-testid="q-error" />}
      <QuestionTable data={list.data} loading={list.loading} pagination={list.pagination} onChanged={list.reload} showHearing />
    </Card>
  );
}
