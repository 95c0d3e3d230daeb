import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { errorText } from '../api';
import { useI18n } from '../i18n';

/**
 * A confirmation with a written note: a required reason (reject, return, retire…) or an optional
 * comment (approve). `onSubmit` calls the server; its error stays in the dialog.
 */
export default function ReasonModal({
  open,
  title,
  label,
  required,
  danger,
  okText,
  description,
  maxLength = 300,
  onClose,
  onSubmit,
  testId,
}: {
  open: boolean;
  title: ReactNode;
  label: string;
  required: boolean;
  danger?: boolean;
  okText?: string;
  description?: ReactNode;
  maxLength?: number;
  onClose: () => void;
  onSubmit: (text: string) => Promise<void>;
  testId?: string;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ text: string }>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (open) {
      setError(null);
      form.resetFields();
    }
  }, [open, form]);

  async function submit(v: { text?: string }) {
    setSaving(true);
    setError(null);
    try {
      await onSubmit((v.text ?? '').trim());
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={okText}
      okButtonProps={{ danger, 'data-testid': testId ? `${testId}-ok` : undefined } as never}
      forceRender
    >
      {description && <div style={{ marginBottom: 12 }}>{description}</div>}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="text" label={label} rules={[...(required ? [{ required: true, whitespace: true, message: t('common.reasonRequired') }] : []), { max: maxLength }]}>
          <Input.TextArea rows={3} maxLength={maxLength} showCount data-testid={testId ? `${testId}-text` : undefined} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
