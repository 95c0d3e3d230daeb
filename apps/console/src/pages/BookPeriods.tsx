import { useState } from 'react';
import { Alert, Button, Card, Input, Popconfirm, Space, Statistic, Table, Tag, Typography } from 'antd';
import { regionLevelOf, type TBalances, type TLedgerClosing } from '@mpw/contracts';
import { api, errorText } from '../api';
import { useLoad, usePagedList } from '../hooks';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useRegion } from '../region';
import { fenToYuanText, fmtDateTime } from '../format';
import { currentPeriod } from '../books';
import ReasonModal from '../components/ReasonModal';

/** 月结: balances by account for a month of the chosen village, close / reopen, past closings. */
export default function BookPeriods() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { regionCode, findNode } = useRegion();
  const [period, setPeriod] = useState(currentPeriod());
  const [error, setError] = useState<string | null>(null);
  const [reopening, setReopening] = useState(false);
  const isVillage = /^\d{12}$/.test(regionCode) && regionLevelOf(regionCode) === 'village';
  const balances = useLoad(() => (isVillage ? api.get<TBalances>('/books/balances', { regionCode, period }) : Promise.resolve(null)), [regionCode, period, isVillage]);
  const closings = usePagedList<TLedgerClosing>('/books/periods', { regionCode });
  const b = balances.data;

  async function close() {
    setError(null);
    try {
      await api.post('/books/periods/close', { regionCode, period });
      balances.reload();
      closings.reload();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('books.periodsTitle')}
        extra={
          <Space wrap>
            <Input type="month" value={period} onChange={(e) => e.target.value && setPeriod(e.target.value)} aria-label={t('books.period')} style={{ width: 170 }} data-testid="period-month" />
            {can('books:period:close') && b && !b.closed && (
              <Popconfirm title={t('books.closeConfirm', { period })} onConfirm={close}>
                <Button type="primary" data-testid="period-close">
                  {t('books.close')}
                </Button>
              </Popconfirm>
            )}
            {can('books:period:reopen') && b?.closed && (
              <Button danger onClick={() => setReopening(true)} data-testid="period-reopen">
                {t('books.reopen')}
              </Button>
            )}
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('books.periodsIntro')}</Typography.Paragraph>
        {!isVillage && <Alert type="info" showIcon title={t('books.pickVillage', { region: findNode(regionCode)?.name ?? regionCode })} />}
        {(error || balances.error) && <Alert type="error" showIcon title={error ?? balances.error} style={{ marginBottom: 16 }} />}
        {b && (
          <>
            <Space size={48} style={{ marginBottom: 16 }} wrap>
              <Statistic title={t('books.direction.income')} value={fenToYuanText(b.incomeFen)} suffix={t('settings.yuanUnit')} />
              <Statistic title={t('books.direction.expense')} value={fenToYuanText(b.expenseFen)} suffix={t('settings.yuanUnit')} />
              <Statistic title={t('books.net')} value={fenToYuanText(b.incomeFen - b.expenseFen)} suffix={t('settings.yuanUnit')} />
              <div>
                <Tag color={b.closed ? 'success' : 'default'} data-testid="period-state">
                  {b.closed ? t('books.closed') : t('books.open')}
                </Tag>
              </div>
            </Space>
            <Table
              rowKey={(r) => r.accountCode ?? r.accountName}
              size="small"
              pagination={false}
              loading={balances.loading}
              dataSource={b.accounts}
              data-testid="balances-table"
              columns={[
                { title: t('books.account'), key: 'a', render: (_: unknown, r) => `${r.accountCode ?? ''} ${r.accountName}` },
                { title: t('books.plainName'), dataIndex: 'plainName' },
                { title: t('books.direction.income'), dataIndex: 'incomeFen', align: 'right', render: (v: number) => fenToYuanText(v) },
                { title: t('books.direction.expense'), dataIndex: 'expenseFen', align: 'right', render: (v: number) => fenToYuanText(v) },
                { title: t('books.net'), dataIndex: 'netFen', align: 'right', render: (v: number) => fenToYuanText(v) },
              ]}
            />
          </>
        )}
      </Card>
      <Card title={t('books.closings')}>
        {closings.error && <Alert type="error" showIcon title={closings.error} style={{ marginBottom: 16 }} />}
        <Table<TLedgerClosing>
          rowKey="id"
          size="small"
          loading={closings.loading}
          dataSource={closings.data}
          pagination={closings.pagination}
          columns={[
            { title: t('books.period'), dataIndex: 'period', width: 100 },
            { title: t('matter.village'), dataIndex: 'regionName', width: 120 },
            { title: t('matter.statusCol'), dataIndex: 'isClosed', width: 100, render: (v: boolean) => <Tag color={v ? 'success' : 'warning'}>{v ? t('books.closed') : t('books.reopened')}</Tag> },
            { title: t('books.direction.income'), dataIndex: 'incomeFen', align: 'right', render: (v: number) => fenToYuanText(v) },
            { title: t('books.direction.expense'), dataIndex: 'expenseFen', align: 'right', render: (v: number) => fenToYuanText(v) },
            { title: t('books.closedAt'), dataIndex: 'closedAt', render: (v: string) => fmtDateTime(v, lang) },
          ]}
        />
      </Card>
      <ReasonModal
        open={reopening}
        title={t('books.reopen')}
        label={t('common.reason')}
        required
        danger
        maxLength={500}
        onClose={() => setReopening(false)}
        onSubmit={async (reason) => {
          await api.post('/books/periods/reopen', { regionCode, period, reason });
          setReopening(false);
          balances.reload();
          closings.reload();
        }}
      />
    </Space>
  );
}
