import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import type { TTrainingSession } from '@mpw/contracts';
import { api } from '../../../api';
import { useLoad } from '../../../hooks';
import { useI18n } from '../../../i18n';
import { useSession } from '../../../session';
import ReasonModal from '../../../components/ReasonModal';
import { ASSESSMENT_API, historyTarget } from '../assessment-logic';
import TrainingForm from './TrainingForm';
import HistoryDrawer from './HistoryDrawer';

type Attendee = NonNullable<TTrainingSession['attendees']>[number];

/** A training session: its facts and attendees; a person opens their training history; edit and delete (with a reason) for writers. */
export default function TrainingDetail() {
  const { id = '' } = useParams();
  const { t, tl } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const item = useLoad(() => api.get<TTrainingSession>(ASSESSMENT_API.training(id)), [id]);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [person, setPerson] = useState<{ kind: 'user' | 'supervision_member'; id: string; name: string } | null>(null);
  const s = item.data;
  const canWrite = can('training:session:write');

  return (
    <Card
      title={
        <Space>
          <Link to="/training">
            <ArrowLeftOutlined />
          </Link>
          {s?.title ?? t('trn.title')}
        </Space>
      }
      extra={
        s &&
        canWrite && (
          <Space>
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="trn-edit">
              {t('common.edit')}
            </Button>
            <Button danger icon={<DeleteOutlined />} onClick={() => setDeleting(true)} data-testid="trn-delete">
              {t('common.delete')}
            </Button>
          </Space>
        )
      }
    >
      {item.error && <Alert type="error" showIcon title={item.error} />}
      {item.loading && !s && <Spin />}
      {s && (
        <>
          <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }} style={{ marginBottom: 16 }} data-testid="trn-detail">
            <Descriptions.Item label={t('trn.kind')}>{tl('trn.kind', s.kind)}</Descriptions.Item>
            <Descriptions.Item label={t('trn.heldOn')}>{s.heldOn}</Descriptions.Item>
            <Descriptions.Item label={t('trn.hours')}>{s.hours}</Descriptions.Item>
            <Descriptions.Item label={t('trn.organiser')}>{s.organiser}</Descriptions.Item>
            <Descriptions.Item label={t('trn.unit')}>{s.regionName}</Descriptions.Item>
            <Descriptions.Item label={t('trn.place')}>{s.place ?? '—'}</Descriptions.Item>
            {s.description && (
              <Descriptions.Item label={t('trn.description')} span={3}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{s.description}</Typography.Paragraph>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5}>{t('trn.attendeesN', { n: s.attendeeCount })}</Typography.Title>
          <Table<Attendee>
            rowKey="id"
            size="small"
            dataSource={s.attendees ?? []}
            pagination={(s.attendees?.length ?? 0) > 50 ? { pageSize: 50 } : false}
            data-testid="trn-attendee-table"
            rowClassName={() => 'trn-attendee-row'}
            locale={{ emptyText: t('trn.noAttendees') }}
            columns={[
              {
                title: t('trn.person'),
                dataIndex: 'name',
                width: 140,
                render: (v: string, a) => {
                  const target = historyTarget(a);
                  return target ? (
                    <Typography.Link onClick={() => setPerson({ ...target, name: a.name })} data-testid="trn-person">
                      {v}
                    </Typography.Link>
                  ) : (
                    v
                  );
                },
              },
              { title: t('trn.personKind'), dataIndex: 'kind', width: 110, render: (k: string) => <Tag>{tl('trn.attendeeKind', k)}</Tag> },
              { title: t('trn.position'), dataIndex: 'position', render: (v: string | null) => v ?? '—' },
              { title: t('trn.village'), dataIndex: 'regionName', width: 160 },
              { title: t('trn.hours'), dataIndex: 'hours', width: 80 },
            ]}
          />
          <TrainingForm
            open={editing}
            session={s}
            defaultRegion={s.regionCode}
            onClose={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              message.success(t('common.saved'));
              item.reload();
            }}
          />
          <ReasonModal
            open={deleting}
            title={t('trn.deleteTitle', { title: s.title })}
            label={t('trn.deleteReason')}
            required
            danger
            okText={t('common.delete')}
            testId="trn-delete-reason"
            onClose={() => setDeleting(false)}
            onSubmit={async (reason) => {
              await api.del(ASSESSMENT_API.training(s.id), { body: { reason } });
              message.success(t('common.deleted'));
              navigate('/training');
            }}
          />
        </>
      )}
      <HistoryDrawer person={person} onClose={() => setPerson(null)} />
    </Card>
  );
}
