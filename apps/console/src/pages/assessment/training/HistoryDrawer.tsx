import { Link } from 'react-router';
import { Alert, Drawer, Statistic, Table, Typography } from 'antd';
import type { TTrainingSession } from '@mpw/contracts';
import { api } from '../../../api';
import { useLoad } from '../../../hooks';
import { useI18n } from '../../../i18n';
import { ASSESSMENT_API, rowsOf } from '../assessment-logic';

type HistoryRow = Pick<TTrainingSession, 'id' | 'title' | 'kind' | 'heldOn' | 'hours' | 'organiser'> & { sessionId?: string };

/** The history answer may be a list, a page or `{ sessions }`: the sessions either way. */
function historyRows(raw: unknown): HistoryRow[] {
  if (raw && typeof raw === 'object' && Array.isArray((raw as { sessions?: unknown }).sessions)) return (raw as { sessions: HistoryRow[] }).sessions;
  return rowsOf<HistoryRow>(raw);
}

/** 个人培训记录: every session a console account or a roster member attended, with the hours. */
export default function HistoryDrawer({ person, onClose }: { person: { kind: 'user' | 'supervision_member'; id: string; name: string } | null; onClose: () => void }) {
  const { t, tl } = useI18n();
  const history = useLoad(() => (person ? api.get<unknown>(ASSESSMENT_API.history(person.kind, person.id)).then(historyRows) : Promise.resolve([])), [person?.kind, person?.id]);
  const rows = history.data ?? [];
  const hours = Math.round(rows.reduce((a, r) => a + (r.hours ?? 0), 0) * 10) / 10;
  return (
    <Drawer open={!!person} onClose={onClose} size={640} title={person ? t('trn.historyTitle', { name: person.name }) : ''} data-testid="trn-history">
      {history.error && <Alert type="error" showIcon title={history.error} style={{ marginBottom: 16 }} />}
      <Statistic title={t('trn.historyHours')} value={hours} suffix={t('trn.hoursUnit')} style={{ marginBottom: 16 }} />
      <Table<HistoryRow>
        rowKey={(r) => r.sessionId ?? r.id}
        size="small"
        loading={history.loading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('trn.historyNone') }}
        columns={[
          { title: t('trn.heldOn'), dataIndex: 'heldOn', width: 110 },
          { title: t('trn.titleField'), dataIndex: 'title', render: (v: string, r) => <Link to={`/training/${r.sessionId ?? r.id}`} onClick={onClose}>{v}</Link> },
          { title: t('trn.kind'), dataIndex: 'kind', width: 100, render: (k: string) => tl('trn.kind', k) },
          { title: t('trn.hours'), dataIndex: 'hours', width: 70 },
          { title: t('trn.organiser'), dataIndex: 'organiser', width: 140, render: (v?: string) => <Typography.Text ellipsis>{v ?? '—'}</Typography.Text> },
        ]}
      />
    </Drawer>
  );
}
