import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Space, Table, Typography, type TablePaginationConfig } from 'antd';
import type { TVillageQuestion } from '@mpw/contracts';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { fmtDateTime } from '../../format';
import ReasonModal from '../../components/ReasonModal';
import { QuestionDue, QuestionStatusTag } from './VillagerTags';
import { questionButtons, VILLAGER_API } from './villagers-logic';

/**
 * Villagers' questions with 答复 (hearing:question:answer) and 屏蔽 with a reason
 * (hearing:question:moderate). Overdue open questions are drawn red. Used by the hearing page and by 村民提问.
 */
export default function QuestionTable({
  data,
  loading,
  pagination,
  onChanged,
  showHearing,
}: {
  data: TVillageQuestion[];
  loading: boolean;
  pagination?: TablePaginationConfig | false;
  onChanged: () => void;
  /** Show which hearing a question was sent to (the all-questions page). */
  showHearing?: boolean;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const [answering, setAnswering] = useState<TVillageQuestion | null>(null);
  const [hiding, setHiding] = useState<TVillageQuestion | null>(null);
  const perms = { answer: can('hearing:question:answer'), moderate: can('hearing:question:moderate') };

  return (
    <>
      <Table<TVillageQuestion>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data}
        pagination={pagination}
        scroll={{ x: 960 }}
        data-testid="q-table"
        rowClassName={(q) => `q-row${q.isOverdue && q.status === 'open' ? ' q-row-overdue' : ''}`}
        onRow={(q) => (q.isOverdue && q.status === 'open' ? { style: { background: '#fff1f0' } } : {})}
        locale={{ emptyText: t('vil.q.none') }}
        columns={[
          {
            title: t('vil.q.content'),
            dataIndex: 'content',
            render: (v: string, q) => (
              <Space orientation="vertical" size={2} style={{ maxWidth: 420 }}>
                <Typography.Text type={q.status === 'hidden' ? 'secondary' : undefined} delete={q.status === 'hidden'} data-testid="q-content">
                  {v}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {q.askerLabel} · {fmtDateTime(q.askedAt, lang)}
                  {q.cadreName ? ` · ${t('vil.q.toCadre', { name: q.cadreName })}` : ''}
                </Typography.Text>
                {q.answer && (
                  <Typography.Text style={{ fontSize: 13 }} data-testid="q-answer">
                    <Typography.Text strong>{t('vil.q.answerBy', { name: q.answeredByName ?? '—' })}</Typography.Text>
                    {q.answer}
                  </Typography.Text>
                )}
                {q.status === 'hidden' && q.hideReason && (
                  <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid="q-hide-reason">
                    {t('vil.q.hiddenBecause', { reason: q.hideReason })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          ...(showHearing
            ? [
                {
                  title: t('vil.q.hearing'),
                  dataIndex: 'hearingId',
                  width: 110,
                  render: (v: string | null) => (v ? <Link to={`/hearings/${v}`}>{t('vil.q.toHearing')}</Link> : t('vil.q.general')),
                },
              ]
            : []),
          { title: t('vil.status'), dataIndex: 'status', width: 90, render: (s: TVillageQuestion['status']) => <QuestionStatusTag status={s} /> },
          { title: t('vil.q.dueOn'), dataIndex: 'dueOn', width: 150, render: (_: string, q) => <QuestionDue q={q} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 140,
            render: (_: unknown, q) => {
              const b = questionButtons(q, perms);
              return (
                <Space size={4}>
                  {b.answer && (
                    <Button size="small" type="primary" onClick={() => setAnswering(q)} data-testid="q-answer-button">
                      {t('vil.q.answerAction')}
                    </Button>
                  )}
                  {b.hide && (
                    <Button size="small" danger onClick={() => setHiding(q)} data-testid="q-hide-button">
                      {t('vil.q.hide')}
                    </Button>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
      <ReasonModal
        open={!!answering}
        title={t('vil.q.answerTitle')}
        label={t('vil.q.answer')}
        required
        okText={t('vil.q.answerOk')}
        description={
          answering && (
            <>
              <Typography.Paragraph style={{ background: '#fafafa', padding: 12, borderRadius: 6 }}>
                <Typography.Text type="secondary">{answering.askerLabel}：</Typography.Text>
                {answering.content}
              </Typography.Paragraph>
              <Alert type="info" showIcon title={t('vil.q.answerPublic')} />
            </>
          )
        }
        maxLength={3000}
        testId="q-answer"
        onClose={() => setAnswering(null)}
        onSubmit={async (answer) => {
          if (!answering) return;
          await api.post(VILLAGER_API.answer(answering.id), { answer });
          setAnswering(null);
          message.success(t('vil.q.answered'));
          onChanged();
        }}
      />
      <ReasonModal
        open={!!hiding}
        title={t('vil.q.hideTitle')}
        label={t('vil.q.hideReason')}
        required
        danger
        okText={t('vil.q.hide')}
        description={<Alert type="warning" showIcon title={t('vil.q.hideWarning')} />}
        maxLength={500}
        testId="q-hide"
        onClose={() => setHiding(null)}
        onSubmit={async (reason) => {
          if (!hiding) return;
          await api.post(VILLAGER_API.hide(hiding.id), { reason });
          setHiding(null);
          message.success(t('vil.q.hidden'));
          onChanged();
        }}
      />
    </>
  );
}
