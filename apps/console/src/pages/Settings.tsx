import { useEffect, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Drawer, Form, Input, InputNumber, Modal, Space, Switch, Table, Tag, Typography } from 'antd';
import { EditOutlined, HistoryOutlined } from '@ant-design/icons';
import type { TSettingView } from '@mpw/contracts';
import { api, errorText } from '../api';
import { useLoad } from '../hooks';
import { useI18n, type TFn } from '../i18n';
import { useSession } from '../session';
import { fenToYuanText, fmtDate, fmtDateTime, yuanToFen } from '../format';

type Kind = 'integer' | 'boolean' | 'money_fen' | 'days' | 'string';

export function formatSettingValue(kind: string, value: unknown, t: TFn): ReactNode {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  switch (kind as Kind) {
    case 'boolean':
      return value ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>;
    case 'money_fen':
      return t('settings.yuan', { v: fenToYuanText(value) });
    case 'days':
      return t('settings.days', { n: String(value) });
    case 'integer':
    case 'string':
      return String(value);
    default:
      return typeof value === 'object' ? <Typography.Text code>{JSON.stringify(value)}</Typography.Text> : String(value);
  }
}

/** The form value shown in the editor for a stored value (fen → yuan). */
function toFormValue(kind: string, value: unknown): unknown {
  if (kind === 'money_fen') return typeof value === 'number' ? value / 100 : null;
  if (kind === 'boolean') return !!value;
  return value;
}

/** The value sent to the server for a form value (yuan → integer fen). */
function fromFormValue(kind: string, v: unknown): unknown {
  if (kind === 'money_fen') return yuanToFen(Number(v));
  if (kind === 'integer' || kind === 'days') return Math.trunc(Number(v));
  if (kind === 'boolean') return !!v;
  return typeof v === 'string' ? v.trim() : v;
}

/** The editor control for a kind (an element, so that Form.Item can inject value/onChange). */
function valueInput(kind: string, t: TFn): ReactNode {
  switch (kind as Kind) {
    case 'boolean':
      return <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />;
    case 'money_fen':
      return <InputNumber min={0} precision={2} step={1} style={{ width: 220 }} suffix={t('settings.yuanUnit')} />;
    case 'days':
      return <InputNumber min={0} precision={0} style={{ width: 220 }} suffix={t('settings.daysUnit')} />;
    case 'integer':
      return <InputNumber precision={0} style={{ width: 220 }} />;
    default:
      return <Input />;
  }
}

interface EditValues {
  value: unknown;
  effectiveFrom?: string;
  reason?: string;
}

function EditSettingModal({ setting, onClose, onDone }: { setting: TSettingView | null; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<EditValues>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (setting) {
      setError(null);
      form.setFieldsValue({ value: toFormValue(setting.kind, setting.value), effectiveFrom: '', reason: '' });
    }
  }, [setting, form]);

  async function submit(v: EditValues) {
    if (!setting) return;
    setSaving(true);
    setError(null);
    try {
      const body: { value: unknown; effectiveFrom?: string; reason?: string } = { value: fromFormValue(setting.kind, v.value) };
      if (v.effectiveFrom) body.effectiveFrom = v.effectiveFrom;
      if (v.reason?.trim()) body.reason = v.reason.trim();
      await api.put(`/settings/${encodeURIComponent(setting.key)}`, body);
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  const needsValue = setting?.kind !== 'boolean';
  return (
    <Modal open={!!setting} title={t('settings.edit', { label: setting?.label[lang] ?? '' })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} forceRender>
      {setting && (
        <Typography.Paragraph type="secondary">
          {setting.description[lang]}
          <br />
          {t('settings.defaultValue')}: {formatSettingValue(setting.kind, setting.defaultValue, t)}
        </Typography.Paragraph>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="value"
          label={t('settings.value')}
          valuePropName={setting?.kind === 'boolean' ? 'checked' : 'value'}
          rules={needsValue ? [{ required: true, message: t('settings.valueRequired') }] : []}
        >
          {setting ? valueInput(setting.kind, t) : <Input />}
        </Form.Item>
        <Form.Item name="effectiveFrom" label={t('settings.effectiveFrom')} extra={t('settings.effectiveFromHint')}>
          <Input type="date" style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="reason" label={t('settings.reason')} rules={[{ max: 200 }]}>
          <Input.TextArea rows={2} maxLength={200} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function normalizeSettings(raw: unknown): TSettingView[] {
  if (Array.isArray(raw)) return raw as TSettingView[];
  if (raw && typeof raw === 'object' && Array.isArray((raw as { data?: unknown }).data)) return (raw as { data: TSettingView[] }).data;
  return [];
}

export default function Settings() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const canWrite = can('settings:setting:write');
  const { data, loading, error, reload } = useLoad(async () => normalizeSettings(await api.get<unknown>('/settings')), []);
  const [editing, setEditing] = useState<TSettingView | null>(null);
  const [historyOf, setHistoryOf] = useState<TSettingView | null>(null);
  const today = new Date().toISOString().slice(0, 10);

  return (
    <Card title={t('settings.title')}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Table<TSettingView>
        rowKey="key"
        loading={loading}
        dataSource={data ?? []}
        pagination={false}
        data-testid="settings-table"
        columns={[
          { title: t('settings.module'), dataIndex: 'module', width: 110, render: (m: string) => <Tag>{m}</Tag> },
          {
            title: t('settings.name'),
            key: 'label',
            render: (_: unknown, s) => (
              <div>
                <div>
                  <strong>{s.label[lang]}</strong> <Typography.Text type="secondary" code>{s.key}</Typography.Text>
                </div>
                <Typography.Text type="secondary">{s.description[lang]}</Typography.Text>
              </div>
            ),
          },
          {
            title: t('settings.value'),
            key: 'value',
            width: 200,
            render: (_: unknown, s) => {
              const pending = s.history.filter((h) => h.effectiveFrom.slice(0, 10) > today);
              return (
                <Space orientation="vertical" size={2}>
                  <span data-testid={`setting-value-${s.key}`}>{formatSettingValue(s.kind, s.value, t)}</span>
                  {pending.length > 0 && <Tag color="gold">{t('settings.pending', { date: fmtDate(pending[0]!.effectiveFrom, lang) })}</Tag>}
                </Space>
              );
            },
          },
          { title: t('settings.effectiveFrom'), dataIndex: 'effectiveFrom', width: 130, render: (v: string | null) => (v ? fmtDate(v, lang) : t('settings.sinceDefault')) },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 190,
            render: (_: unknown, s) => (
              <Space size={0}>
                {canWrite && (
                  <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(s)}>
                    {t('common.edit')}
                  </Button>
                )}
                <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setHistoryOf(s)}>
                  {t('settings.history')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <EditSettingModal
        setting={editing}
        onClose={() => setEditing(null)}
        onDone={() => {
          setEditing(null);
          message.success(t('common.saved'));
          reload();
        }}
      />
      <Drawer open={!!historyOf} size={640} title={t('settings.historyOf', { label: historyOf?.label[lang] ?? '' })} onClose={() => setHistoryOf(null)}>
        {historyOf && (
          <Table
            size="small"
            rowKey={(h) => `${h.changedAt}-${h.effectiveFrom}`}
            pagination={false}
            dataSource={[...historyOf.history].sort((a, b) => b.changedAt.localeCompare(a.changedAt))}
            locale={{ emptyText: t('settings.noHistory') }}
            columns={[
              { title: t('settings.value'), key: 'v', render: (_: unknown, h) => formatSettingValue(historyOf.kind, h.value, t) },
              { title: t('settings.effectiveFrom'), dataIndex: 'effectiveFrom', render: (v: string) => fmtDate(v, lang) },
              { title: t('settings.changedBy'), dataIndex: 'changedBy', render: (v: string | null) => v ?? '—' },
              { title: t('settings.changedAt'), dataIndex: 'changedAt', render: (v: string) => fmtDateTime(v, lang) },
              { title: t('settings.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
            ]}
          />
        )}
      </Drawer>
    </Card>
  );
}
