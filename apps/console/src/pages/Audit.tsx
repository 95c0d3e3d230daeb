import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Input, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, SafetyOutlined, SyncOutlined } from '@ant-design/icons';
import { ROLE_DEFINITIONS, type TAuditEvent, type TCheckpoint, type TRole, type TVerifyReport } from '@mpw/contracts';
import { api, errorText } from '../api';
import { usePagedList } from '../hooks';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useRegion } from '../region';
import { fmtDateTime, shortHash } from '../format';

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return <pre className="json-block">{JSON.stringify(value, null, 2)}</pre>;
}

function EventsTab() {
  const { t, lang } = useI18n();
  const { regionCode, findNode } = useRegion();
  const [action, setAction] = useState('');
  const [entityType, setEntityType] = useState('');
  const list = usePagedList<TAuditEvent>('/audit/events', { action: action || undefined, entityType: entityType || undefined, regionCode });

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">{t('users.scope', { region: findNode(regionCode)?.name ?? regionCode })}</Typography.Text>
        <Input.Search allowClear placeholder={t('audit.filterAction')} onSearch={(v) => setAction(v.trim())} style={{ width: 220 }} />
        <Input.Search allowClear placeholder={t('audit.filterEntityType')} onSearch={(v) => setEntityType(v.trim())} style={{ width: 220 }} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<TAuditEvent>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 1000 }}
        data-testid="audit-events-table"
        expandable={{
          expandedRowRender: (e) => (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('audit.before')}>
                <Json value={e.before} />
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.after')}>
                <Json value={e.after} />
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.leafHash')}>
                <Typography.Text code copyable>
                  {e.leafHash}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.requestId')}>{e.requestId ?? '—'}</Descriptions.Item>
            </Descriptions>
          ),
        }}
        columns={[
          { title: '#', dataIndex: 'seq', width: 80 },
          { title: t('audit.occurredAt'), dataIndex: 'occurredAt', width: 180, render: (v: string) => fmtDateTime(v, lang) },
          {
            title: t('audit.actor'),
            key: 'actor',
            render: (_: unknown, e) => (
              <Space size={4}>
                {e.actorName ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>}
                {e.actorRole && (
                  <Tag>
                    {ROLE_DEFINITIONS[e.actorRole as TRole]?.label[lang] ??
                      (e.actorRole === 'system' ? t('audit.system') : e.actorRole === 'anonymous' ? t('audit.anonymous') : e.actorRole)}
                  </Tag>
                )}
              </Space>
            ),
          },
          { title: t('audit.region'), dataIndex: 'regionCode', render: (c: string | null) => (c ? <Tooltip title={c}>{findNode(c)?.name ?? c}</Tooltip> : '—') },
          { title: t('audit.action'), dataIndex: 'action', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('audit.entity'), key: 'entity', render: (_: unknown, e) => `${e.entityType}${e.entityId ? ` · ${e.entityId}` : ''}` },
        ]}
      />
    </>
  );
}

function CheckpointsTab() {
  const { t, lang } = useI18n();
  const list = usePagedList<TCheckpoint>('/audit/checkpoints', {});
  return (
    <>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<TCheckpoint>
        rowKey={(c) => `${c.treeSize}-${c.timestamp}`}
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 900 }}
        data-testid="audit-checkpoints-table"
        expandable={{
          expandedRowRender: (c) => (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('audit.rootHash')}>
                <Typography.Text code copyable>
                  {c.rootHash}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.signature')}>
                <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                  {c.signature}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.publicKey')}>
                <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                  {c.publicKeyHex}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          ),
        }}
        columns={[
          { title: t('audit.treeSize'), dataIndex: 'treeSize', width: 110 },
          { title: t('audit.timestamp'), dataIndex: 'timestamp', width: 180, render: (v: string) => fmtDateTime(v, lang) },
          {
            title: t('audit.rootHash'),
            dataIndex: 'rootHash',
            render: (v: string) => (
              <Typography.Text code copyable={{ text: v }}>
                {shortHash(v, 16)}
              </Typography.Text>
            ),
          },
          { title: t('audit.algorithms'), key: 'alg', render: (_: unknown, c) => `${c.hashAlg} / ${c.signatureAlg}` },
          { title: t('audit.keyId'), dataIndex: 'keyId', render: (v: string) => <Typography.Text code>{shortHash(v, 8)}</Typography.Text> },
        ]}
      />
    </>
  );
}

export default function Audit() {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const [verifying, setVerifying] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const canEvents = can('audit:event:read');
  const canCheckpoints = can('audit:checkpoint:read');
  const [tab, setTab] = useState(canEvents ? 'events' : 'checkpoints');

  async function createCheckpoint() {
    setCreating(true);
    try {
      const cp = await api.post<TCheckpoint>('/audit/checkpoints', {});
      message.success(t('audit.checkpointCreated', { n: cp?.treeSize ?? '?' }));
      setReloadKey((k) => k + 1);
      if (canCheckpoints) setTab('checkpoints');
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setCreating(false);
    }
  }

  async function verify() {
    setVerifying(true);
    try {
      const r = await api.get<TVerifyReport>('/audit/verify');
      modal[r.ok ? 'success' : 'error']({
        title: r.ok ? t('audit.verifyOk') : t('audit.verifyFailed'),
        width: 520,
        content: (
          <div data-testid="audit-verify-result">
            <p>{t('audit.verifyCounts', { events: r.eventsChecked, checkpoints: r.checkpointsChecked })}</p>
            {!r.ok && r.firstBadSeq !== null && <p>{t('audit.firstBadSeq', { seq: r.firstBadSeq })}</p>}
            {!r.ok && r.problem && <Alert type="error" title={r.problem} />}
          </div>
        ),
      });
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setVerifying(false);
    }
  }

  const items = [
    ...(canEvents ? [{ key: 'events', label: t('audit.events'), children: <EventsTab /> }] : []),
    ...(canCheckpoints ? [{ key: 'checkpoints', label: t('audit.checkpoints'), children: <CheckpointsTab key={reloadKey} /> }] : []),
  ];

  return (
    <Card
      title={t('audit.title')}
      extra={
        <Space>
          {can('audit:log:verify') && (
            <Button icon={<SafetyOutlined />} loading={verifying} onClick={() => void verify()} data-testid="audit-verify">
              {t('audit.verify')}
            </Button>
          )}
          {can('audit:checkpoint:create') && (
            <Button type="primary" icon={<SyncOutlined />} loading={creating} onClick={() => void createCheckpoint()} data-testid="audit-create-checkpoint">
              {t('audit.createCheckpoint')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        <CheckCircleOutlined /> {t('audit.intro')}
      </Typography.Paragraph>
      {items.length ? <Tabs activeKey={tab} onChange={setTab} items={items} /> : <Alert type="warning" icon={<CloseCircleOutlined />} title={t('error.forbiddenPage')} />}
    </Card>
  );
}
