import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { PASSWORD_RULES_TEXT, passwordProblem, type TSessionInfo } from '@mpw/contracts';
import { api, errorText } from '../api';
import { useI18n } from '../i18n';

interface Props {
  username: string;
  /** Known old password (just typed at login); the field is then prefilled. */
  initialOldPassword?: string;
  /** Called with whatever POST /auth/password answered (a session info or {ok}). */
  onChanged: (response: TSessionInfo | unknown) => void | Promise<unknown>;
  submitText?: string;
}

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

export default function ChangePasswordForm({ username, initialOldPassword, onChanged, submitText }: Props) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function submit(values: Values) {
    setError(null);
    setSubmitting(true);
    try {
      const res = await api.post<unknown>('/auth/password', { oldPassword: values.oldPassword, newPassword: values.newPassword });
      await onChanged(res);
      form.resetFields();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ oldPassword: initialOldPassword ?? '' }} requiredMark={false}>
      <Alert type="info" showIcon title={PASSWORD_RULES_TEXT[lang]} style={{ marginBottom: 16 }} data-testid="password-rules" />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="password-error" />}
      <Form.Item name="oldPassword" label={t('password.old')} rules={[{ required: true, message: t('password.oldRequired') }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        rules={[
          { required: true, message: t('password.newRequired') },
          {
            validator: async (_, value: string) => {
              if (!value) return;
              const problem = passwordProblem(value, username);
              if (problem) throw new Error(lang === 'zh' ? problem : PASSWORD_RULES_TEXT.en);
            },
          },
          ({ getFieldValue }) => ({
            validator: async (_, value: string) => {
              if (value && value === getFieldValue('oldPassword')) throw new Error(t('password.sameAsOld'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: async (_, value: string) => {
              if (value && value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={submitting}>
        {submitText ?? t('password.submit')}
      </Button>
    </Form>
  );
}
