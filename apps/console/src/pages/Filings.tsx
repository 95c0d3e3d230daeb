import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Col, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { CheckOutlined, DownloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { api, buildUrl } from '../api';
import { useLoad } from '../hooks';
import { useI18n } from '../i18n';
import { fenToYuanText, fmtDate, fmtDateTime } from '../format';
import { hoursText, type TFilingInbox, type TMatterSummary } from '../domain';
import ReasonModal from '../components/ReasonModal';

/** 备案收件箱: matters waiting at a township filing step, recent decisions, figures per village. */
export default function Filings() {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const { data, loading, error, reload } = useLoad(() => api.get<TFilingInbox>('/matters/filings', page), [page.current, page.pageSize]);
  const [returning, setReturning] = useState<TMatterSummary | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function decide(m: TMatterSummary, action: 'file_accept' | 'file_return', note?: string) {
    await api.post(`/matters/${m.id}/actions`, { action, note: note || undefined });
    message.success(action === 'file_accept' ? t('filing.accepted', { title: m.title }) : t('filing.returned', { title: m.title }));
    reload();
  }

  function accept(m: TMatterSummary) {
    modal.confirm({
      title: t('filing.acceptConfirm', { title: m.title }),
      content: t('filing.acceptHint'),
      okText: t('matter.action.file_accept'),
      onOk: async () => {
        setBusy(m.id);
        try {
          await decide(m, 'file_accept');
        } finally {
          setBusy(null);
        }
      },
    });
  }

  const pending = data?.pending ?? [];
  const totals = (data?.byVillage ?? []).reduce((a, v) => ({ accepted: a.accepted + v.accepted, returned: a.returned + v.returned }), { accepted: 0, returned: 0 });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} />}
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('filing.pending')} value={data?.pendingTotal ?? 0} styles={data?.pendingTotal ? { content: { color: '#d46b08' } } : undefined} data-testid="filing-pending-count" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('filing.overdue')} value={data?.pendingOverdue ?? 0} styles={{ content: { color: '#cf1322' } }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('filing.acceptedTotal')} value={totals.accepted} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('filing.returnedTotal')} value={totals.returned} />
          </Card>
        </Col>
      </Row>

      <Card
        title={t('filing.title')}
        data-testid="filing-inbox"
        extra={
          <Button icon={<DownloadOutlined />} href={buildUrl('/matters/filings/export.xlsx')} download data-testid="filings-export">
            {t('common.exportExcel')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('filing.intro')}</Typography.Paragraph>
        <Table<TMatterSummary>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={pending}
          pagination={{ ...page, total: data?.pendingTotal ?? 0, hideOnSinglePage: true, showSizeChanger: true, onChange: (current, pageSize) => setPage({ current, pageSize }) }}
          scroll={{ x: 900 }}
          rowClassName={(r) => (r.isOverdue ? 'row-overdue' : '')}
          locale={{ emptyText: t('filing.none') }}
          data-testid="filing-pending"
          columns={[
            {
              title: t('matter.title'),
              dataIndex: 'title',
              render: (v: string, r) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/matters/${r.id}`}>{v}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.matterNo} · {r.itemCode} {r.itemName}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('matter.village'), dataIndex: 'regionName', width: 90 },
            { title: t('matter.amount'), dataIndex: 'amountFen', width: 120, align: 'right', render: (v: number | null) => (v === null ? '—' : t('settings.yuan', { v: fenToYuanText(v) })) },
            {
              title: t('matter.dueOn'),
              dataIndex: 'stepDueOn',
              width: 130,
              render: (v: string | null, r) => (v ? <span className={r.isOverdue ? 'text-overdue' : undefined}>{fmtDate(v, lang)}</span> : '—'),
            },
            {
              title: t('common.actions'),
              key: 'a',
              width: 200,
              fixed: 'right',
              render: (_: unknown, r) => (
                <Space size={4}>
                  <Button size="small" type="primary" icon={<CheckOutlined />} loading={busy === r.id} onClick={() => accept(r)} data-testid="filing-accept">
                    {t('matter.action.file_accept')}
                  </Button>
                  <Button size="small" icon={<RollbackOutlined />} onClick={() => setReturning(r)} data-testid="filing-return">
                    {t('matter.action.file_return')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('filing.recent')}>
            <Table
              rowKey={(r) => `${r.matterId}-${r.at}`}
              size="small"
              loading={loading}
              dataSource={data?.recent ?? []}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              locale={{ emptyText: t('filing.noRecent') }}
              data-testid="filing-recent"
              columns={[
                { title: t('filing.decidedAt'), dataIndex: 'at', width: 160, render: (v: string) => fmtDateTime(v, lang) },
                { title: t('matter.village'), dataIndex: 'regionName', width: 80 },
                {
                  title: t('filing.decision'),
                  dataIndex: 'action',
                  width: 76,
                  render: (a: string) => <Tag color={a === 'file_accept' ? 'green' : 'orange'}>{a === 'file_accept' ? t('filing.acceptedTag') : t('filing.returnedTag')}</Tag>,
                },
                { title: t('common.reason'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
                { title: t('filing.by'), dataIndex: 'actorName', width: 90, render: (v: string | null) => v ?? '—' },
                { title: '', key: 'open', width: 60, render: (_: unknown, r) => <Link to={`/matters/${r.matterId}`}>{t('filing.open')}</Link> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('filing.byVillage')}>
            <Table
              rowKey="regionCode"
              size="small"
              loading={loading}
              dataSource={data?.byVillage ?? []}
              pagination={false}
              locale={{ emptyText: t('filing.noRecent') }}
              data-testid="filing-by-village"
              columns={[
                { title: t('matter.village'), dataIndex: 'regionName' },
                { title: t('filing.pendingShort'), dataIndex: 'pending', width: 70, align: 'right' },
                { title: t('filing.acceptedTag'), dataIndex: 'accepted', width: 70, align: 'right' },
                { title: t('filing.returnedTag'), dataIndex: 'returned', width: 70, align: 'right' },
                {
                  title: t('filing.avgHours'),
                  dataIndex: 'averageHoursToDecision',
                  width: 110,
                  align: 'right',
                  render: (h: number | null) => hoursText(h, { h: t('filing.hoursUnit'), d: t('filing.daysUnit') }),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>

      <ReasonModal
        open={!!returning}
        title={t('filing.returnTitle', { title: returning?.title ?? '' })}
        description={t('filing.returnHint')}
        label={t('common.reason')}
        required
        danger
        okText={t('matter.action.file_return')}
        onClose={() => setReturning(null)}
        onSubmit={async (text) => {
          if (!returning) return;
          await decide(returning, 'file_return', text);
          setReturning(null);
        }}
        testId="filing-return-dialog"
      />
    </Space>
  );
}
