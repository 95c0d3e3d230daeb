import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Breadcrumb, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import { DeleteOutlined, EditOutlined, InboxOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { REGION_LEVEL_LABELS, parentCodeOf, regionLevelOf, regionPrefix, type TRegion } from '@mpw/contracts';
import { ApiError, api, errorText } from '../api';
import { usePagedList } from '../hooks';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useRegion } from '../region';
import { fmtDateTime } from '../format';

interface ImportResult {
  created: number;
  updated: number;
  unchanged?: number;
  rejected: { line: number; reason: string }[];
}

function CreateRegionModal({ open, parentCode, onClose, onDone }: { open: boolean; parentCode: string; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ code: string; name: string }>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const code = Form.useWatch('code', form) ?? '';

  useEffect(() => {
    if (open) {
      setError(null);
      form.setFieldsValue({ code: parentCode && regionLevelOf(parentCode) !== 'village' ? regionPrefix(parentCode) : '', name: '' });
    }
  }, [open, parentCode, form]);

  const derived = /^\d{12}$/.test(code) ? { level: regionLevelOf(code), parent: parentCodeOf(code) } : null;

  async function submit(values: { code: string; name: string }) {
    setSaving(true);
    setError(null);
    try {
      await api.post('/regions', { code: values.code.trim(), name: values.name.trim() });
      message.success(t('common.created'));
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open={open} title={t('regions.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} forceRender>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="code"
          label={t('regions.code')}
          extra={
            derived
              ? t('regions.derived', {
                  level: REGION_LEVEL_LABELS[derived.level][lang],
                  parent: derived.parent ?? t('regions.noParent'),
                })
              : t('regions.codeHint')
          }
          rules={[
            { required: true, message: t('regions.codeRequired') },
            { pattern: /^\d{12}$/, message: t('regions.codeFormat') },
          ]}
        >
          <Input maxLength={12} inputMode="numeric" data-testid="region-code-input" />
        </Form.Item>
        <Form.Item name="name" label={t('regions.name')} rules={[{ required: true, whitespace: true, message: t('regions.nameRequired') }, { max: 50 }]}>
          <Input maxLength={50} data-testid="region-name-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RenameRegionModal({ region, onClose, onDone }: { region: TRegion | null; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (region) {
      setError(null);
      form.setFieldsValue({ name: region.name });
    }
  }, [region, form]);

  async function submit(values: { name: string }) {
    if (!region) return;
    setSaving(true);
    setError(null);
    try {
      await api.patch(`/regions/${region.code}`, { name: values.name.trim() });
      message.success(t('common.saved'));
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open={!!region} title={t('regions.rename')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} forceRender>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item label={t('regions.code')}>
          <Typography.Text code>{region?.code}</Typography.Text>
        </Form.Item>
        <Form.Item name="name" label={t('regions.name')} rules={[{ required: true, whitespace: true, message: t('regions.nameRequired') }, { max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ImportModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  // A chosen file is sent as it is (bytes): the server decodes UTF-8 and GB18030 (Excel's Chinese CSV).
  const [file, setFile] = useState<File | null>(null);
  const [strict, setStrict] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    if (open) {
      setText('');
      setFile(null);
      setStrict(false);
      setResult(null);
      setError(null);
    }
  }, [open]);

  async function send() {
    setSending(true);
    setError(null);
    try {
      const res = await api.post<ImportResult>('/regions/import', undefined, {
        query: strict ? { strict: 'true' } : undefined,
        rawBody: file ?? text,
        contentType: 'text/csv',
      });
      setResult({ created: res.created ?? 0, updated: res.updated ?? 0, unchanged: res.unchanged ?? 0, rejected: res.rejected ?? [] });
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSending(false);
    }
  }

  return (
    <Modal
      open={open}
      width={640}
      title={t('regions.import')}
      onCancel={onClose}
      destroyOnHidden
      footer={
        result ? (
          <Button type="primary" onClick={onClose}>
            {t('common.close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" disabled={!file && !text.trim()} loading={sending} onClick={() => void send()} data-testid="region-import-submit">
              {t('regions.importSubmit')}
            </Button>
          </Space>
        )
      }
    >
      {result ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert
            type={result.rejected.length ? 'warning' : 'success'}
            showIcon
            title={t('regions.importResult', { created: result.created, updated: result.updated, unchanged: result.unchanged ?? 0, rejected: result.rejected.length })}
            data-testid="region-import-result"
          />
          {result.rejected.length > 0 && (
            <Table
              size="small"
              rowKey={(r) => `${r.line}-${r.reason}`}
              dataSource={result.rejected}
              pagination={result.rejected.length > 10 ? { pageSize: 10 } : false}
              columns={[
                { title: t('regions.importLine'), dataIndex: 'line', width: 90 },
                { title: t('regions.importReason'), dataIndex: 'reason' },
              ]}
            />
          )}
        </Space>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert type="info" showIcon title={t('regions.importFormat')} description={<pre className="csv-example">{t('regions.importExample')}</pre>} />
          {error && <Alert type="error" showIcon title={error} />}
          <Upload.Dragger
            accept=".csv,text/csv,text/plain"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(f) => {
              setFile(f);
              setText('');
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{file ? `${file.name}（${Math.ceil(file.size / 1024)} KB）` : t('regions.importDrop')}</p>
          </Upload.Dragger>
          <Input.TextArea
            rows={6}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              if (e.target.value) setFile(null);
            }}
            placeholder={t('regions.importPaste')}
            data-testid="region-import-text"
          />
          <Checkbox checked={strict} onChange={(e) => setStrict(e.target.checked)}>
            {t('regions.importStrict')}
          </Checkbox>
        </Space>
      )}
    </Modal>
  );
}

export default function Regions() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const { regionCode, findNode, reload: reloadTree, tree } = useRegion();
  const canWrite = can('region:region:write');

  const [parentCode, setParentCode] = useState(regionCode);
  const [directOnly, setDirectOnly] = useState(true);
  const [q, setQ] = useState('');
  useEffect(() => setParentCode(regionCode), [regionCode]);

  const list = usePagedList<TRegion>('/regions', { parentCode: directOnly ? parentCode : undefined, q: q || undefined });

  const [createOpen, setCreateOpen] = useState(false);
  const [renaming, setRenaming] = useState<TRegion | null>(null);
  const [importOpen, setImportOpen] = useState(false);

  // Breadcrumb from the user's scope root down to the current parent.
  const crumbs = useMemo(() => {
    const chain: { code: string; name: string }[] = [];
    for (let c: string | null = parentCode; c; c = parentCodeOf(c)) {
      const node = findNode(c);
      if (!node) break;
      chain.unshift({ code: c, name: node.name });
    }
    return chain;
  }, [parentCode, findNode, tree]); // eslint-disable-line react-hooks/exhaustive-deps

  function changed() {
    list.reload();
    void reloadTree();
  }

  async function remove(r: TRegion) {
    try {
      await api.del(`/regions/${r.code}`);
      message.success(t('common.deleted'));
      changed();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : errorText(e));
    }
  }

  return (
    <Card
      title={t('regions.title')}
      extra={
        canWrite && (
          <Space>
            <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)} data-testid="region-import">
              {t('regions.import')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="region-create">
              {t('regions.create')}
            </Button>
          </Space>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Switch checked={directOnly} onChange={setDirectOnly} />
          <span>{t('regions.directOnly')}</span>
          {directOnly && (
            <Breadcrumb
              items={crumbs.map((c, i) => ({
                title:
                  i === crumbs.length - 1 ? (
                    <strong>{c.name}</strong>
                  ) : (
                    <a
                      onClick={(e) => {
                        e.preventDefault();
                        setParentCode(c.code);
                      }}
                    >
                      {c.name}
                    </a>
                  ),
              }))}
            />
          )}
        </Space>
        <Input.Search allowClear placeholder={t('regions.searchPlaceholder')} onSearch={(v) => setQ(v.trim())} style={{ width: 260 }} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      {directOnly && !!parentCode && regionLevelOf(parentCode) === 'village' && (
        <Alert type="info" showIcon title={t('regions.villageHasNoChildren')} style={{ marginBottom: 16 }} />
      )}
      <Table<TRegion>
        rowKey="code"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        data-testid="regions-table"
        columns={[
          { title: t('regions.code'), dataIndex: 'code', width: 150, render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
          {
            title: t('regions.name'),
            dataIndex: 'name',
            render: (name: string, r) => (
              <Space>
                {r.level !== 'village' ? (
                  <a
                    title={t('regions.drillDown')}
                    onClick={() => {
                      setDirectOnly(true);
                      setParentCode(r.code);
                    }}
                  >
                    {name}
                  </a>
                ) : (
                  name
                )}
                {r.isDemo && <Tag color="orange">{t('common.demo')}</Tag>}
              </Space>
            ),
          },
          { title: t('regions.level'), dataIndex: 'level', width: 100, render: (l: TRegion['level']) => REGION_LEVEL_LABELS[l]?.[lang] ?? l },
          { title: t('regions.parent'), dataIndex: 'parentCode', width: 150, render: (c: string | null) => (c ? (findNode(c)?.name ?? c) : '—') },
          { title: t('common.updatedAt'), dataIndex: 'updatedAt', width: 180, render: (v: string) => fmtDateTime(v, lang) },
          ...(canWrite
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 170,
                  render: (_: unknown, r: TRegion) => (
                    <Space size={0}>
                      <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setRenaming(r)}>
                        {t('regions.rename')}
                      </Button>
                      <Popconfirm
                        title={t('regions.deleteConfirm', { name: r.name })}
                        description={t('regions.deleteHint')}
                        okButtonProps={{ danger: true }}
                        onConfirm={() => remove(r)}
                      >
                        <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                          {t('common.delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <CreateRegionModal
        open={createOpen}
        parentCode={parentCode}
        onClose={() => setCreateOpen(false)}
        onDone={() => {
          setCreateOpen(false);
          changed();
        }}
      />
      <RenameRegionModal
        region={renaming}
        onClose={() => setRenaming(null)}
        onDone={() => {
          setRenaming(null);
          changed();
        }}
      />
      <ImportModal open={importOpen} onClose={() => setImportOpen(false)} onDone={changed} />
    </Card>
  );
}
