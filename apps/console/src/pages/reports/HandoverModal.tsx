import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { REPORT_LEVEL_ROLES, type TReportHandoverRequest, type TReportLevel, type TUser } from '@mpw/contracts';
import { api, errorText, type Page } from '../../api';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { handoverLevels } from './report-logic';

interface Values {
  level: TReportLevel;
  fromUserId: string;
  toUserId: string;
  reason: string;
}

/** 工作交接: every open report of one handler goes to another of the same level (POST /reports/handover). */
export default function HandoverModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (moved: number) => void }) {
  const { t, tl } = useI18n();
  const { session } = useSession();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const levels = handoverLevels(session?.user.roles ?? []);
  const level = Form.useWatch('level', form) ?? levels[0];
  const people = useLoad(
    () =>
      open && level
        ? api.get<Page<TUser>>('/users', { role: REPORT_LEVEL_ROLES[level], regionCode: session?.user.regionCode, pageSize: 100 }).then((p) => p.data)
        : Promise.resolve([] as TUser[]),
    [open, level, session?.user.regionCode],
  );

  useEffect(() => {
    if (open) {
      setError(null);
      form.resetFields();
      form.setFieldsValue({ level: levels[0] });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, form]);

  async function submit(v: Values) {
    setSaving(true);
    setError(null);
    try {
      const body: TReportHandoverRequest = { fromUserId: v.fromUserId, toUserId: v.toUserId, reason: v.reason.trim() };
      const r = await api.post<{ moved: number }>('/reports/handover', body);
      onDone(r.moved);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  const all = people.data ?? [];
  const label = (u: TUser) => `${u.displayName}（${u.regionName}）${u.status === 'active' ? '' : ` · ${t('users.status.disabled')}`}`;
  const fromOptions = all.map((u) => ({ value: u.id, label: label(u) }));
  const toOptions = all.filter((u) => u.status === 'active').map((u) => ({ value: u.id, label: label(u) }));
  return (
    <Modal
      open={open}
      title={t('report.handover')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      forceRender
      okButtonProps={{ 'data-testid': 'report-handover-ok' } as never}
    >
      <Alert type="info" showIcon title={t('report.handoverHint')} style={{ marginBottom: 12 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="report-handover-error" />}
      {people.error && <Alert type="error" showIcon title={people.error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        {levels.length > 1 && (
          <Form.Item name="level" label={t('report.handoverRole')}>
            <Select options={levels.map((l) => ({ value: l, label: tl('report.levels', l) }))} />
          </Form.Item>
        )}
        <Form.Item name="fromUserId" label={t('report.handoverFrom')} rules={[{ required: true, message: t('report.handoverFromRequired') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} loading={people.loading} options={fromOptions} data-testid="report-handover-from" />
        </Form.Item>
        <Form.Item
          name="toUserId"
          label={t('report.handoverTo')}
          dependencies={['fromUserId']}
          rules={[
            { required: true, message: t('report.handoverToRequired') },
            ({ getFieldValue }) => ({
              validator: async (_, v: string) => {
                if (v && v === getFieldValue('fromUserId')) throw new Error(t('report.handoverSame'));
              },
            }),
          ]}
        >
          <Select showSearch={{ optionFilterProp: 'label' }} loading={people.loading} options={toOptions} data-testid="report-handover-to" />
        </Form.Item>
        <Form.Item name="reason" label={t('report.handoverReason')} rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="report-handover-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
