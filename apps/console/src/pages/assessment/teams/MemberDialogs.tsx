import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, Switch, Typography } from 'antd';
import type { TSupervisionMember } from '@mpw/contracts';
import { api, errorText } from '../../../api';
import { useI18n } from '../../../i18n';
import RegionTreeSelect from '../../../components/RegionTreeSelect';
import { ASSESSMENT_API, chinaToday, memberBody, replaceBody, type MemberFormValues } from '../assessment-logic';
import MemberFields from './MemberFields';

/** 添加 / 编辑 a member of a village's supervision team. */
export function MemberModal({ open, member, defaultRegion, onClose, onSaved }: { open: boolean; member: TSupervisionMember | null; defaultRegion: string; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<MemberFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (member)
      form.setFieldsValue({
        regionCode: member.regionCode,
        name: member.name,
        idNumber: member.idMasked,
        role: member.role,
        education: member.education ?? undefined,
        backgrounds: member.backgrounds,
        isPartyMember: member.isPartyMember,
        termStart: member.termStart,
        termEnd: member.termEnd ?? undefined,
        electedOn: member.electedOn,
        electionRecord: member.electionRecord,
      });
    else form.setFieldsValue({ regionCode: defaultRegion, role: 'member', backgrounds: [], isPartyMember: false });
  }, [open, member, defaultRegion, form]);

  async function submit(v: MemberFormValues) {
    setSaving(true);
    setError(null);
    try {
      const body = memberBody(v);
      if (member) await api.put(ASSESSMENT_API.member(member.id), body);
      else await api.post(ASSESSMENT_API.members, body);
      onSaved();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open={open} width={820} title={member ? t('sup.editTitle', { name: member.name }) : t('sup.addTitle')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okButtonProps={{ 'data-testid': 'sup-save' } as never} forceRender>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="sup-form-error" />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="regionCode" label={t('sup.village')} rules={[{ required: true, message: t('sup.villageRequired') }]} style={{ maxWidth: 360 }}>
          <RegionTreeSelect disabled={!!member} />
        </Form.Item>
        <MemberFields keepId={!!member} />
      </Form>
    </Modal>
  );
}

interface ReplaceValues {
  reason: string;
  leftOn: string;
  withSuccessor: boolean;
  successor?: Omit<MemberFormValues, 'regionCode'>;
}

/** 更换: the member leaves on a date with a recorded reason; optionally a successor starts. */
export function ReplaceModal({ member, onClose, onSaved }: { member: TSupervisionMember | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<ReplaceValues>();
  const withSuccessor = Form.useWatch('withSuccessor', form);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!member) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ withSuccessor: false, leftOn: chinaToday(), successor: { role: member.role, backgrounds: [], isPartyMember: false } });
  }, [member, form]);

  async function submit(v: ReplaceValues) {
    if (!member) return;
    setSaving(true);
    setError(null);
    try {
      await api.post(ASSESSMENT_API.replace(member.id), replaceBody({ reason: v.reason, leftOn: v.leftOn, successor: v.withSuccessor ? v.successor : null }));
      onSaved();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open={!!member} width={820} title={member ? t('sup.replaceTitle', { name: member.name, village: member.villageName }) : ''} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okText={t('sup.replace')} okButtonProps={{ danger: true, 'data-testid': 'sup-replace-ok' } as never} forceRender>
      <Typography.Paragraph type="secondary">{t('sup.replaceHint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="sup-replace-error" />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="reason" label={t('sup.replaceReason')} rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }, { min: 2, message: t('sup.reasonShort') }]}>
          <Input.TextArea rows={2} maxLength={500} showCount data-testid="sup-replace-reason" />
        </Form.Item>
        <Form.Item name="leftOn" label={t('sup.leftOn')} rules={[{ required: true, message: t('sup.dateRequired') }]} style={{ maxWidth: 200 }}>
          <Input type="date" data-testid="sup-left-on" />
        </Form.Item>
        <Form.Item name="withSuccessor" label={t('sup.withSuccessor')} valuePropName="checked">
          <Switch data-testid="sup-with-successor" />
        </Form.Item>
        {withSuccessor && <MemberFields prefix={['successor']} testId="sup-successor" />}
      </Form>
    </Modal>
  );
}
