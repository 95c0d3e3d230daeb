import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Divider, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { ROLE_DEFINITIONS, TRAINING_KINDS, type TSupervisionMember, type TTrainingSession, type TUser } from '@mpw/contracts';
import { api, errorText } from '../../../api';
import { useLoad } from '../../../hooks';
import { useI18n } from '../../../i18n';
import { useRegion } from '../../../region';
import { useSession } from '../../../session';
import RegionTreeSelect from '../../../components/RegionTreeSelect';
import { addAttendees, ASSESSMENT_API, attendeeKey, chinaToday, rowsOf, trainingBody, type AttendeeRow, type TrainingFormValues } from '../assessment-logic';

/**
 * 新建 / 编辑 a training session with its attendees: village accounts (when the viewer may read
 * accounts), serving supervision members of the roster, or people typed by name, of a chosen village.
 */
export default function TrainingForm({ open, session, defaultRegion, onClose, onSaved }: {
  open: boolean;
  session: TTrainingSession | null;
  defaultRegion: string;
  onClose: () => void;
  onSaved: (s: TTrainingSession) => void;
}) {
  const { t, tl, lang } = useI18n();
  const { can } = useSession();
  const { findNode } = useRegion();
  const [form] = Form.useForm<TrainingFormValues>();
  const [attendees, setAttendees] = useState<AttendeeRow[]>([]);
  const [pickRegion, setPickRegion] = useState(defaultRegion);
  const [typedName, setTypedName] = useState('');
  const [typedPosition, setTypedPosition] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const canReadAccounts = can('user:account:read');

  useEffect(() => {
    if (!open) return;
    setError(null);
    setTypedName('');
    setTypedPosition('');
    if (session) {
      form.setFieldsValue({ regionCode: session.regionCode, title: session.title, kind: session.kind, heldOn: session.heldOn, hours: session.hours, organiser: session.organiser, place: session.place ?? undefined, description: session.description ?? undefined });
      setAttendees(
        (session.attendees ?? []).map((a) => ({ kind: a.kind, userId: a.userId ?? undefined, memberId: a.memberId ?? undefined, name: a.name, position: a.position ?? undefined, regionCode: a.regionCode })),
      );
      setPickRegion(session.regionCode);
    } else {
      form.resetFields();
      form.setFieldsValue({ regionCode: defaultRegion, kind: 'training', hours: 2, heldOn: chinaToday() });
      setAttendees([]);
      setPickRegion(defaultRegion);
    }
  }, [open, session, defaultRegion, form]);

  const accounts = useLoad(
    () => (open && canReadAccounts && pickRegion ? api.get<unknown>('/users', { regionCode: pickRegion, status: 'active', pageSize: 200 }).then((r) => rowsOf<TUser>(r).filter((u) => !u.isMachine)) : Promise.resolve([])),
    [open, canReadAccounts, pickRegion],
  );
  const members = useLoad(
    () => (open && pickRegion ? api.get<unknown>(ASSESSMENT_API.members, { regionCode: pickRegion, status: 'serving', pageSize: 200 }).then((r) => rowsOf<TSupervisionMember>(r)) : Promise.resolve([])),
    [open, pickRegion],
  );
  const taken = useMemo(() => new Set(attendees.map(attendeeKey)), [attendees]);

  function addUser(id: string) {
    const u = accounts.data?.find((x) => x.id === id);
    if (u) setAttendees((list) => addAttendees(list, [{ kind: 'user', userId: u.id, name: u.displayName.replace(/（演示）$/, ''), position: u.roles.map((r) => ROLE_DEFINITIONS[r]?.label[lang] ?? r).join('、') || undefined, regionCode: u.regionCode }]));
  }
  function addMember(id: string) {
    const m = members.data?.find((x) => x.id === id);
    if (m) setAttendees((list) => addAttendees(list, [{ kind: 'supervision_member', memberId: m.id, name: m.name, position: tl('sup.role', m.role), regionCode: m.regionCode }]));
  }
  function addTyped() {
    const name = typedName.trim();
    if (!name || !pickRegion) return;
    setAttendees((list) => addAttendees(list, [{ kind: 'other', name, position: typedPosition.trim() || undefined, regionCode: pickRegion }]));
    setTypedName('');
    setTypedPosition('');
  }

  async function submit(v: TrainingFormValues) {
    setSaving(true);
    setError(null);
    try {
      const body = trainingBody(v, attendees);
      const saved = session ? await api.put<TTrainingSession>(ASSESSMENT_API.training(session.id), body) : await api.post<TTrainingSession>(ASSESSMENT_API.trainings, body);
      onSaved(saved);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      width={960}
      title={session ? t('trn.editTitle') : t('trn.newTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'trn-save' } as never}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="trn-form-error" />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Space wrap align="start" style={{ width: '100%' }}>
          <Form.Item name="regionCode" label={t('trn.unit')} rules={[{ required: true, message: t('trn.unitRequired') }]} style={{ width: 280 }}>
            <RegionTreeSelect />
          </Form.Item>
          <Form.Item name="title" label={t('trn.titleField')} rules={[{ required: true, whitespace: true, min: 2, message: t('trn.titleRequired') }]} style={{ width: 420 }}>
            <Input maxLength={100} data-testid="trn-title" />
          </Form.Item>
          <Form.Item name="kind" label={t('trn.kind')} rules={[{ required: true }]} style={{ width: 150 }}>
            <Select options={TRAINING_KINDS.map((k) => ({ value: k, label: tl('trn.kind', k) }))} data-testid="trn-kind" />
          </Form.Item>
          <Form.Item name="heldOn" label={t('trn.heldOn')} rules={[{ required: true, message: t('trn.heldOnRequired') }]} style={{ width: 170 }}>
            <Input type="date" data-testid="trn-held-on" />
          </Form.Item>
          <Form.Item name="hours" label={t('trn.hours')} rules={[{ required: true, message: t('trn.hoursRequired') }]} style={{ width: 110 }}>
            <InputNumber min={0.5} max={40} step={0.5} style={{ width: '100%' }} data-testid="trn-hours" />
          </Form.Item>
          <Form.Item name="organiser" label={t('trn.organiser')} rules={[{ required: true, whitespace: true, message: t('trn.organiserRequired') }]} style={{ width: 260 }}>
            <Input maxLength={60} data-testid="trn-organiser" />
          </Form.Item>
          <Form.Item name="place" label={t('trn.place')} style={{ width: 260 }}>
            <Input maxLength={100} />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('trn.description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
      <Divider style={{ margin: '8px 0 12px' }} />
      <Typography.Title level={5}>{t('trn.attendeesN', { n: attendees.length })}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }} data-testid="trn-attendee-pickers">
        <div style={{ width: 240 }}>
          <RegionTreeSelect value={pickRegion || undefined} onChange={setPickRegion} />
        </div>
        {canReadAccounts && (
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            value={null}
            placeholder={t('trn.addAccount')}
            style={{ width: 230 }}
            loading={accounts.loading}
            onChange={(id: string) => addUser(id)}
            options={(accounts.data ?? []).filter((u) => !taken.has(`user:${u.id}`)).map((u) => ({ value: u.id, label: `${u.displayName}（${u.regionName}）` }))}
            data-testid="trn-add-account"
          />
        )}
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          value={null}
          placeholder={t('trn.addMember')}
          style={{ width: 230 }}
          loading={members.loading}
          onChange={(id: string) => addMember(id)}
          options={(members.data ?? []).filter((m) => !taken.has(`member:${m.id}`)).map((m) => ({ value: m.id, label: `${m.name}（${m.villageName} ${tl('sup.role', m.role)}）` }))}
          data-testid="trn-add-member"
        />
        <Space.Compact>
          <Input value={typedName} onChange={(e) => setTypedName(e.target.value)} placeholder={t('trn.typeName')} maxLength={30} style={{ width: 120 }} onPressEnter={addTyped} data-testid="trn-type-name" />
          <Input value={typedPosition} onChange={(e) => setTypedPosition(e.target.value)} placeholder={t('trn.typePosition')} maxLength={40} style={{ width: 120 }} onPressEnter={addTyped} />
          <Button icon={<PlusOutlined />} disabled={!typedName.trim() || !pickRegion} onClick={addTyped} data-testid="trn-type-add">
            {t('trn.add')}
          </Button>
        </Space.Compact>
      </Space>
      <Table<AttendeeRow>
        rowKey={attendeeKey}
        size="small"
        pagination={false}
        dataSource={attendees}
        scroll={{ y: 260 }}
        data-testid="trn-attendees"
        locale={{ emptyText: t('trn.noAttendees') }}
        columns={[
          { title: t('trn.person'), dataIndex: 'name', width: 120, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('trn.personKind'), dataIndex: 'kind', width: 110, render: (k: string) => <Tag>{tl('trn.attendeeKind', k)}</Tag> },
          { title: t('trn.position'), dataIndex: 'position', render: (v?: string) => v ?? '—' },
          { title: t('trn.village'), dataIndex: 'regionCode', width: 160, render: (c: string) => findNode(c)?.name ?? c },
          {
            title: '',
            key: 'remove',
            width: 50,
            render: (_, a) => <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => setAttendees((list) => list.filter((x) => attendeeKey(x) !== attendeeKey(a)))} />,
          },
        ]}
      />
    </Modal>
  );
}
