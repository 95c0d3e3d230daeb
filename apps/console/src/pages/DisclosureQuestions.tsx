import { Link } from 'react-router';
import { Alert, Button, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { DISCLOSURE_QUESTION_STATUSES, DISCLOSURE_QUESTION_TIMELINESS, type TDisclosureQuestionRow } from '@mpw/contracts';
import { buildUrl } from '../api';
import { urlQuery, usePagedList, useUrlFilters } from '../hooks';
import { useI18n } from '../i18n';
import { useRegion } from '../region';
import { fmtDate } from '../format';
import UrlDateRange from '../components/UrlDateRange';

/** The filters of the questions view, read from the address bar (dashboard links set them); the same query serves the export. */
export const QUESTION_FILTERS = ['regionCode', 'status', 'overdue', 'askedFrom', 'askedTo', 'dueFrom', 'dueTo', 'timeliness'] as const;

/** 公开事项提问: villagers' questions on disclosure items in scope, a view of the disclosures page (?view=questions). */
export default function DisclosureQuestions() {
  const { t, tl, lang } = useI18n();
  const { regionCode: headerRegion } = useRegion();
  const { params, get, setParam } = useUrlFilters();
  const query = urlQuery(params, QUESTION_FILTERS, headerRegion, ['overdue']);
  const list = usePagedList<TDisclosureQuestionRow>('/disclosures/questions', query);

  return (
    <>
      <Typography.Paragraph type="secondary">{t('dq.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }} data-testid="dq-filters">
        <Select
          allowClear
          value={get('status') || undefined}
          onChange={(v?: string) => setParam('status', v ?? '')}
          placeholder={t('dq.status')}
          style={{ width: 130 }}
          options={DISCLOSURE_QUESTION_STATUSES.map((s) => ({ value: s, label: tl('dq.status', s) }))}
          data-testid="dq-status-filter"
        />
        <Select
          allowClear
          value={get('timeliness') || undefined}
          onChange={(v?: string) => setParam('timeliness', v ?? '')}
          placeholder={t('dq.timeliness')}
          style={{ width: 200 }}
          options={DISCLOSURE_QUESTION_TIMELINESS.map((s) => ({ value: s, label: tl('dq.timeliness', s) }))}
          data-testid="dq-timeliness-filter"
        />
        <UrlDateRange label={t('dq.askedOn')} fromKey="askedFrom" toKey="askedTo" get={get} setParam={setParam} testId="dq-asked" />
        <UrlDateRange label={t('dq.dueOn')} fromKey="dueFrom" toKey="dueTo" get={get} setParam={setParam} testId="dq-due" />
        <Space size={4}>
          <Switch size="small" checked={get('overdue') === 'true'} onChange={(on) => setParam('overdue', on ? 'true' : '')} data-testid="dq-overdue-filter" />
          <Typography.Text>{t('dq.overdueOnly')}</Typography.Text>
        </Space>
        <Button icon={<DownloadOutlined />} href={buildUrl('/disclosures/questions/export.xlsx', query)} download data-testid="dq-export">
          {t('common.exportExcel')}
        </Button>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} data-testid="dq-error" />}
      <Table<TDisclosureQuestionRow>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 1000 }}
        data-testid="dq-table"
        locale={{ emptyText: t('dq.none') }}
        rowClassName={(r) => (r.isOverdue ? 'mpw-row-overdue' : '')}
        columns={[
          {
            title: t('dq.content'),
            dataIndex: 'content',
            render: (v: string, r) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text>{v}</Typography.Text>
                {r.isOverdue && <Tag color="red">{t('dq.overdue')}</Tag>}
              </Space>
            ),
          },
          { title: t('dq.disclosure'), dataIndex: 'disclosureTitle', width: 200, render: (v: string, r) => <Link to={`/disclosures/${r.disclosureId}`}>{v}</Link> },
          { title: t('matter.village'), dataIndex: 'regionName', width: 100, render: (v: string | null, r) => v ?? r.regionCode },
          { title: t('dq.askedOn'), dataIndex: 'askedAt', width: 110, render: (v: string) => fmtDate(v, lang) },
          { title: t('dq.dueOn'), dataIndex: 'dueOn', width: 110 },
          {
            title: t('dq.status'),
            key: 'status',
            width: 110,
            render: (_: unknown, r) => (r.answeredAt ? <Tag color="green">{tl('dq.status', 'answered')}</Tag> : <Tag>{tl('dq.status', 'open')}</Tag>),
          },
          { title: t('dq.answeredAt'), dataIndex: 'answeredAt', width: 110, render: (v: string | null) => (v ? fmtDate(v, lang) : '—') },
        ]}
      />
    </>
  );
}
