import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography, message } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { API_TOKEN_STATUSES, type TApiToken, type TCreatedApiToken, type TDataset } from '@mpw/contracts';
import { api, errorText } from '../../api';
import { usePagedList } from '../../hooks';
import { fmtDateTime } from '../../format';
import { useDatasetText } from './strings';

const STATUS_COLOURS: Record<string, string> = { active: 'success', expired: 'default', revoked: 'error' };

interface CreateForm {
  name: string;
  datasets: TDataset[];
  expiresAt?: Dayjs | null;
}

/** Shown once after issuing: the token with a copy button and the warning that it cannot be shown again. */
function IssuedToken({ token, onClose }: { token: TCreatedApiToken | null; onClose: () => void }) {
  const { t } = useDatasetText();
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  const dataset = token?.datasets[0] ?? 'residents';
  return (
    <Modal open={!!token} title={t('tokens.created')} onCancel={onClose} onOk={onClose} okButtonProps={{ 'data-testid': 'token-issued-ok' } as never} cancelButtonProps={{ style: { display: 'none' } }} maskClosable={false} width={680}>
      {token && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="warning" showIcon title={t('tokens.onceWarning')} />
          <Typography.Paragraph copyable={{ text: token.token, tooltips: [undefined, t('tokens.copied')] }} code data-testid="token-value" style={{ wordBreak: 'break-all', fontSize: 15 }}>
            {token.token}
          </Typography.Paragraph>
          <Typography.Text strong>{t('tokens.usage')}</Typography.Text>
          <pre style={{ background: '#f5f5f5', padding: '8px 12px', borderRadius: 6, whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>
            {`curl -X POST ${origin}/api/v1/datasets/push/${dataset} \\\n  -H "Authorization: Bearer ${token.prefix}…" \\\n  -H "Content-Type: text/csv" \\\n  --data-binary @${dataset}.csv`}
          </pre>
        </Space>
      )}
    </Modal>
  );
}

/** 接口令牌: issue (shown once), list and revoke the tokens department systems push data with. */
export default function Tokens() {
  const { t, lang, datasetLabel, datasetOptions } = useDatasetText();
  const [status, setStatus] = useState<string | undefined>();
  const list = usePagedList<TApiToken>('/datasets/tokens', { status });
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<TCreatedApiToken | null>(null);
  const [form] = Form.useForm<CreateForm>();

  async function create(values: CreateForm) {
    setSaving(true);
    setError(null);
    try {
      const created = await api.post<TCreatedApiToken>('/datasets/tokens', {
        name: values.name,
        datasets: values.datasets,
        expiresAt: values.expiresAt ? values.expiresAt.format('YYYY-MM-DD') : null,
      });
      setCreating(false);
      form.resetFields();
      setIssued(created);
      list.reload();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  async function revoke(id: string) {
    try {
      await api.post(`/datasets/tokens/${id}/revoke`);
      void message.success(t('tokens.revoked'));
      list.reload();
    } catch (e) {
      void message.error(errorText(e));
    }
  }

  return (
    <Card
      title={t('tokens.title')}
      extra={
        <Button type="primary" icon={<KeyOutlined />} onClick={() => setCreating(true)} data-testid="token-create">
          {t('tokens.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('tokens.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          value={status}
          onChange={(v?: string) => setStatus(v)}
          placeholder={t('tokens.filterStatus')}
          style={{ width: 140 }}
          options={API_TOKEN_STATUSES.map((s) => ({ value: s, label: t(`tokens.status.${s}` as 'tokens.status.active') }))}
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<TApiToken>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 1300 }}
        data-testid="tokens-table"
        locale={{ emptyText: t('tokens.none') }}
        columns={[
          { title: t('tokens.name'), dataIndex: 'name', width: 200 },
          { title: t('tokens.prefix'), dataIndex: 'prefix', width: 150, render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
          {
            title: t('tokens.datasets'), dataIndex: 'datasets', width: 280,
            render: (ds: string[]) => (
              <Space size={[4, 4]} wrap>
                {ds.map((d) => <Tag key={d}>{datasetLabel(d)}</Tag>)}
              </Space>
            ),
          },
          { title: t('tokens.status'), dataIndex: 'status', width: 90, render: (s: string) => <Tag color={STATUS_COLOURS[s]}>{t(`tokens.status.${s}` as 'tokens.status.active')}</Tag> },
          { title: t('tokens.expiresAt'), dataIndex: 'expiresAt', width: 170, render: (v: string | null) => (v ? fmtDateTime(v, lang) : t('tokens.noExpiry')) },
          { title: t('tokens.lastUsedAt'), dataIndex: 'lastUsedAt', width: 170, render: (v: string | null) => (v ? fmtDateTime(v, lang) : t('tokens.never')) },
          { title: t('tokens.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => fmtDateTime(v, lang) },
          {
            title: '', key: 'actions', width: 80, fixed: 'right',
            render: (_: unknown, r) =>
              r.status === 'active' ? (
                <Popconfirm title={t('tokens.revokeConfirm')} onConfirm={() => revoke(r.id)} okButtonProps={{ 'data-testid': 'token-revoke-ok' } as never}>
                  <Button size="small" danger data-testid="token-revoke">
                    {t('tokens.revoke')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      <Modal open={creating} title={t('tokens.create')} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden okButtonProps={{ 'data-testid': 'token-create-ok' } as never}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form<CreateForm> form={form} layout="vertical" onFinish={create} data-testid="token-form">
          <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, whitespace: true, message: t('tokens.nameRequired') }]}>
            <Input maxLength={50} placeholder={t('tokens.namePlaceholder')} />
          </Form.Item>
          <Form.Item name="datasets" label={t('tokens.datasets')} rules={[{ required: true, message: t('tokens.datasetsRequired') }]}>
            <Select mode="multiple" options={datasetOptions} optionFilterProp="label" />
          </Form.Item>
          <Form.Item name="expiresAt" label={t('tokens.expiresAt')} extra={t('tokens.expiresHint')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      <IssuedToken token={issued} onClose={() => setIssued(null)} />
    </Card>
  );
}
