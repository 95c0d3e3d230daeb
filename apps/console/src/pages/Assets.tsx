import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Drawer, type FormInstance, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  ASSET_KINDS,
  ASSET_KIND_LABELS,
  ASSET_STATUSES,
  ASSET_STATUS_LABELS,
  CONTRACT_STATUSES,
  CONTRACT_STATUS_LABELS,
  CONTRACT_TYPES,
  PROCUREMENT_METHODS,
  regionLevelOf,
  type TAsset,
  type TContract,
  type TContractImportReport,
  type TContractPayments,
  type TExpiringContracts,
} from '@mpw/contracts';
import { ApiError, api, buildUrl, errorText } from '../api';
import { useLoad, usePagedList } from '../hooks';
import { useI18n } from '../i18n';
import { useSession, useUser } from '../session';
import { useRegion, walkTree } from '../region';
import { fenToYuanText, fmtDate, yuanToFen } from '../format';
import { todayChina } from '../books';

const fenToYuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? null : fen / 100);
const optYuan = (v: number | null | undefined) => (v === null || v === undefined ? null : yuanToFen(v));
const blank = (v: string | null | undefined) => (v && v.trim() ? v.trim() : null);

function useVillageOptions() {
  const user = useUser();
  const { tree, regionCode } = useRegion();
  const isVillage = regionLevelOf(user.regionCode) === 'village';
  const villages = useMemo(() => {
    const out: { value: string; label: string }[] = [];
    walkTree(tree, (n) => n.level === 'village' && out.push({ value: n.code, label: n.name }));
    return out;
  }, [tree]);
  const initial = isVillage ? user.regionCode : /^\d{12}$/.test(regionCode) && regionLevelOf(regionCode) === 'village' ? regionCode : undefined;
  return { villages, isVillage, initial };
}

function setFieldErrors<T>(form: FormInstance<T>, e: unknown, map: Record<string, string>) {
  if (e instanceof ApiError) form.setFields(e.fieldErrors.map((f) => ({ name: (map[f.path] ?? f.path) as never, errors: [f.message] })));
}

type AssetValues = Omit<TAsset, 'id' | 'regionName' | 'createdAt' | 'updatedAt' | 'valueFen'> & { valueYuan?: number | null };

function AssetModal({ asset, open, onClose, onDone }: { asset: TAsset | null; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<AssetValues>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const { villages, isVillage, initial } = useVillageOptions();
  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(asset ? { ...asset, valueYuan: fenToYuan(asset.valueFen) } : { regionCode: initial, status: 'self_used', kind: 'building' });
  }, [open, asset, form, initial]);
  async function submit(v: AssetValues) {
    setSaving(true);
    setError(null);
    const body = {
      assetNo: v.assetNo?.trim(),
      kind: v.kind,
      name: v.name?.trim(),
      location: blank(v.location),
      quantity: blank(v.quantity),
      unit: blank(v.unit),
      valueFen: optYuan(v.valueYuan),
      status: v.status,
      acquiredOn: blank(v.acquiredOn),
      notes: blank(v.notes),
    };
    try {
      if (asset) await api.patch(`/assets/${asset.id}`, body);
      else await api.post('/assets', { ...body, regionCode: v.regionCode });
      onDone();
    } catch (e) {
      setError(errorText(e));
      setFieldErrors(form, e, { valueFen: 'valueYuan' });
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal open={open} title={asset ? t('assets.edit') : t('assets.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} forceRender width={640}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<AssetValues> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="regionCode" label={t('matter.village')} rules={[{ required: true, message: t('matter.villageRequired') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={villages} disabled={isVillage || !!asset} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="assetNo" label={t('assets.no')} rules={[{ required: true, whitespace: true }, { max: 40 }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="kind" label={t('assets.kind')} rules={[{ required: true }]}>
            <Select style={{ width: 140 }} options={ASSET_KINDS.map((k) => ({ value: k, label: ASSET_KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item name="status" label={t('matter.statusCol')} rules={[{ required: true }]}>
            <Select style={{ width: 120 }} options={ASSET_STATUSES.map((k) => ({ value: k, label: ASSET_STATUS_LABELS[k] }))} />
          </Form.Item>
        </Space>
        <Form.Item name="name" label={t('assets.name')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="location" label={t('assets.location')}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="quantity" label={t('assets.quantity')}>
            <Input maxLength={40} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="unit" label={t('assets.unit')}>
            <Input maxLength={20} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="valueYuan" label={t('assets.value')}>
            <InputNumber min={0} precision={2} style={{ width: 180 }} suffix={t('settings.yuanUnit')} />
          </Form.Item>
          <Form.Item name="acquiredOn" label={t('assets.acquiredOn')}>
            <Input type="date" style={{ width: 170 }} />
          </Form.Item>
        </Space>
        <Form.Item name="notes" label={t('assets.notes')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AssetsTab() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { regionCode } = useRegion();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<string | undefined>();
  const [editing, setEditing] = useState<TAsset | null | undefined>(undefined);
  const list = usePagedList<TAsset>('/assets', { regionCode, q: q || undefined, kind });
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear onSearch={(v) => setQ(v.trim())} placeholder={t('assets.search')} style={{ width: 220 }} />
        <Select allowClear value={kind} onChange={setKind} placeholder={t('assets.kind')} style={{ width: 140 }} options={ASSET_KINDS.map((k) => ({ value: k, label: ASSET_KIND_LABELS[k] }))} />
        {can('assets:asset:write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="asset-create">
            {t('assets.create')}
          </Button>
        )}
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<TAsset>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 1000 }}
        data-testid="assets-table"
        columns={[
          { title: t('assets.no'), dataIndex: 'assetNo', width: 140 },
          { title: t('assets.name'), dataIndex: 'name' },
          { title: t('matter.village'), dataIndex: 'regionName', width: 100 },
          { title: t('assets.kind'), dataIndex: 'kind', width: 100, render: (k: keyof typeof ASSET_KIND_LABELS) => ASSET_KIND_LABELS[k] ?? k },
          { title: t('assets.location'), dataIndex: 'location', ellipsis: true },
          { title: t('assets.quantity'), key: 'qty', width: 100, render: (_: unknown, r) => (r.quantity ? `${r.quantity}${r.unit ?? ''}` : '—') },
          { title: t('assets.value'), dataIndex: 'valueFen', width: 130, align: 'right', render: (v: number | null) => (v === null ? '—' : fenToYuanText(v)) },
          { title: t('matter.statusCol'), dataIndex: 'status', width: 90, render: (s: keyof typeof ASSET_STATUS_LABELS) => <Tag>{ASSET_STATUS_LABELS[s] ?? s}</Tag> },
          { title: t('common.updatedAt'), dataIndex: 'updatedAt', width: 110, render: (v: string) => fmtDate(v, lang) },
          ...(can('assets:asset:write')
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, r: TAsset) => (
                    <Button type="link" size="small" onClick={() => setEditing(r)}>
                      {t('assets.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <AssetModal
        open={editing !== undefined}
        asset={editing ?? null}
        onClose={() => setEditing(undefined)}
        onDone={() => {
          setEditing(undefined);
          list.reload();
        }}
      />
    </>
  );
}

type ContractValues = {
  regionCode?: string;
  contractNo?: string;
  contractType: string;
  title: string;
  counterpartyName: string;
  counterpartyId?: string | null;
  amountYuan: number;
  signedDate: string;
  startDate?: string | null;
  endDate?: string | null;
  procurementMethod?: string | null;
  decisionNo?: string | null;
  status: string;
};

function ContractModal({ contract, open, onClose, onDone }: { contract: TContract | null; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<ContractValues>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const { villages, isVillage, initial } = useVillageOptions();
  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(contract ? { ...contract, amountYuan: contract.amountFen / 100 } : { regionCode: initial, status: 'active', signedDate: todayChina() });
  }, [open, contract, form, initial]);
  async function submit(v: ContractValues) {
    setSaving(true);
    setError(null);
    const body = {
      contractType: v.contractType,
      title: v.title.trim(),
      counterpartyName: v.counterpartyName.trim(),
      counterpartyId: blank(v.counterpartyId),
      amountFen: yuanToFen(v.amountYuan),
      signedDate: v.signedDate,
      startDate: blank(v.startDate),
      endDate: blank(v.endDate),
      procurementMethod: v.procurementMethod || null,
      decisionNo: blank(v.decisionNo),
      status: v.status,
    };
    try {
      if (contract) await api.patch(`/assets/contracts/${contract.id}`, body);
      else await api.post('/assets/contracts', { ...body, regionCode: v.regionCode, contractNo: blank(v.contractNo) ?? undefined });
      onDone();
    } catch (e) {
      setError(errorText(e));
      setFieldErrors(form, e, { amountFen: 'amountYuan' });
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal open={open} title={contract ? t('contracts.edit') : t('contracts.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} forceRender width={680}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<ContractValues> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Space wrap>
          <Form.Item name="regionCode" label={t('matter.village')} rules={[{ required: true, message: t('matter.villageRequired') }]}>
            <Select style={{ width: 200 }} showSearch={{ optionFilterProp: 'label' }} options={villages} disabled={isVillage || !!contract} />
          </Form.Item>
          <Form.Item name="contractNo" label={t('contracts.no')} extra={contract ? undefined : t('contracts.noHint')}>
            <Input maxLength={60} disabled={!!contract} />
          </Form.Item>
        </Space>
        <Form.Item name="title" label={t('contracts.titleCol')} rules={[{ required: true, whitespace: true }, { max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="contractType" label={t('contracts.type')} rules={[{ required: true }]}>
            <Select style={{ width: 140 }} options={CONTRACT_TYPES.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
          <Form.Item name="procurementMethod" label={t('contracts.method')}>
            <Select allowClear style={{ width: 150 }} options={PROCUREMENT_METHODS.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
          <Form.Item name="status" label={t('matter.statusCol')} rules={[{ required: true }]}>
            <Select style={{ width: 120 }} options={CONTRACT_STATUSES.map((k) => ({ value: k, label: CONTRACT_STATUS_LABELS[k] }))} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="counterpartyName" label={t('contracts.counterparty')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="counterpartyId" label={t('books.counterpartyId')}>
            <Input maxLength={18} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="amountYuan" label={t('contracts.amount')} rules={[{ required: true, message: t('books.amountRequired') }]}>
            <InputNumber min={0} precision={2} style={{ width: 180 }} suffix={t('settings.yuanUnit')} />
          </Form.Item>
          <Form.Item name="signedDate" label={t('contracts.signedDate')} rules={[{ required: true }]}>
            <Input type="date" style={{ width: 170 }} />
          </Form.Item>
          <Form.Item name="startDate" label={t('contracts.startDate')}>
            <Input type="date" style={{ width: 170 }} />
          </Form.Item>
          <Form.Item name="endDate" label={t('contracts.endDate')}>
            <Input type="date" style={{ width: 170 }} />
          </Form.Item>
        </Space>
        <Form.Item name="decisionNo" label={t('books.decisionNo')}>
          <Input maxLength={60} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PaymentsDrawer({ contract, onClose, onChanged }: { contract: TContract | null; onClose: () => void; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const [form] = Form.useForm<{ paidOn: string; amountYuan: number; note?: string }>();
  const [error, setError] = useState<string | null>(null);
  const payments = useLoad(() => (contract ? api.get<TContractPayments>(`/assets/contracts/${contract.id}/payments`) : Promise.resolve(null)), [contract?.id]);
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue({ paidOn: todayChina() });
    setError(null);
  }, [contract, form]);
  async function add(v: { paidOn: string; amountYuan: number; note?: string }) {
    if (!contract) return;
    setError(null);
    try {
      await api.post(`/assets/contracts/${contract.id}/payments`, { paidOn: v.paidOn, amountFen: yuanToFen(v.amountYuan), note: blank(v.note) });
      form.resetFields();
      form.setFieldsValue({ paidOn: todayChina() });
      payments.reload();
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  }
  const p = payments.data;
  return (
    <Drawer open={contract !== null} onClose={onClose} title={contract ? `${t('contracts.payments')} · ${contract.title}` : ''} size="large" data-testid="payments-drawer">
      {payments.error && <Alert type="error" showIcon title={payments.error} />}
      {p && (
        <Typography.Paragraph>
          {t('contracts.paySummary', { amount: fenToYuanText(p.amountFen), paid: fenToYuanText(p.paidFen), remaining: fenToYuanText(p.remainingFen) })}
        </Typography.Paragraph>
      )}
      <Table
        rowKey="id"
        size="small"
        loading={payments.loading}
        dataSource={p?.data ?? []}
        pagination={false}
        columns={[
          { title: t('contracts.paidOn'), dataIndex: 'paidOn', render: (v: string) => fmtDate(v, lang) },
          { title: t('contracts.payAmount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => fenToYuanText(v) },
          { title: t('assets.notes'), dataIndex: 'note' },
        ]}
      />
      {can('assets:contract:write') && (
        <Card size="small" title={t('contracts.addPayment')} style={{ marginTop: 16 }}>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="inline" onFinish={add} requiredMark={false}>
            <Form.Item name="paidOn" rules={[{ required: true }]}>
              <Input type="date" />
            </Form.Item>
            <Form.Item name="amountYuan" rules={[{ required: true, message: t('books.amountRequired') }]}>
              <InputNumber min={0.01} precision={2} placeholder={t('contracts.payAmount')} suffix={t('settings.yuanUnit')} />
            </Form.Item>
            <Form.Item name="note">
              <Input placeholder={t('assets.notes')} maxLength={500} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('contracts.addPayment')}
            </Button>
          </Form>
        </Card>
      )}
    </Drawer>
  );
}

/** contracts.csv upload (POST /assets/contracts/import) with the import report. */
function ContractImportModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [strict, setStrict] = useState(false);
  const [report, setReport] = useState<TContractImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (open) {
      setFile(null);
      setReport(null);
      setError(null);
    }
  }, [open]);
  async function submit() {
    if (!file) return;
    setSaving(true);
    setError(null);
    try {
      const r = await api.post<TContractImportReport>('/assets/contracts/import', undefined, { rawBody: file, contentType: 'text/csv', query: strict ? { strict: 'true' } : undefined });
      setReport(r);
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal open={open} title={t('contracts.import')} onCancel={onClose} onOk={submit} okButtonProps={{ disabled: !file, 'data-testid': 'contracts-import-submit' } as never} confirmLoading={saving} okText={t('books.importSubmit')}>
      <Typography.Paragraph type="secondary">{t('contracts.importHint')}</Typography.Paragraph>
      <Space orientation="vertical">
        <Upload
          accept=".csv,text/csv"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            return false;
          }}
          onRemove={() => setFile(null)}
        >
          <Button icon={<UploadOutlined />} data-testid="contracts-import-file">
            {t('books.chooseFile')}
          </Button>
        </Upload>
        <Checkbox checked={strict} onChange={(e) => setStrict(e.target.checked)}>
          {t('contracts.importStrict')}
        </Checkbox>
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
      {report && (
        <Alert
          type={report.aborted ? 'error' : report.rejected.length || report.flagged ? 'warning' : 'success'}
          showIcon
          style={{ marginTop: 16 }}
          data-testid="contracts-import-result"
          title={
            report.aborted
              ? t('contracts.importAborted', { rejected: report.rejected.length })
              : t('contracts.importResult', { read: report.read, created: report.created, updated: report.updated, unchanged: report.unchanged, flagged: report.flagged, rejected: report.rejected.length })
          }
          description={
            report.rejected.length > 0 && (
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {report.rejected.slice(0, 20).map((r) => (
                  <li key={r.line}>{t('books.importLine', { line: r.line, reason: r.reason })}</li>
                ))}
              </ul>
            )
          }
        />
      )}
    </Modal>
  );
}

function ContractsTab() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { regionCode } = useRegion();
  const [q, setQ] = useState('');
  const [flagged, setFlagged] = useState(false);
  const [editing, setEditing] = useState<TContract | null | undefined>(undefined);
  const [paying, setPaying] = useState<TContract | null>(null);
  const [importing, setImporting] = useState(false);
  const list = usePagedList<TContract>('/assets/contracts', { regionCode, q: q || undefined, flagged: flagged ? 'true' : undefined });
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear onSearch={(v) => setQ(v.trim())} placeholder={t('contracts.search')} style={{ width: 220 }} />
        <Button type={flagged ? 'primary' : 'default'} danger={flagged} onClick={() => setFlagged((x) => !x)} data-testid="contracts-flagged-filter">
          {t('contracts.onlyFlagged')}
        </Button>
        <Button icon={<DownloadOutlined />} href={buildUrl('/assets/contracts/export.csv', { regionCode })} download="contracts.csv">
          {t('books.export')}
        </Button>
        {can('assets:contract:write') && (
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="contracts-import">
            {t('contracts.import')}
          </Button>
        )}
        {can('assets:contract:write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="contract-create">
            {t('contracts.create')}
          </Button>
        )}
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<TContract>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 1300 }}
        data-testid="contracts-table"
        columns={[
          { title: t('contracts.no'), dataIndex: 'contractNo', width: 190, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          {
            title: t('contracts.titleCol'),
            dataIndex: 'title',
            render: (v: string, r) => (
              <Space size={4} wrap>
                {v}
                {r.isFlagged && (
                  <Tag color="volcano" title={r.flagReason ?? undefined} data-testid="contract-flagged">
                    {t('contracts.flagged')}
                  </Tag>
                )}
              </Space>
            ),
          },
          { title: t('matter.village'), dataIndex: 'regionName', width: 100 },
          { title: t('contracts.type'), dataIndex: 'contractType', width: 100 },
          { title: t('contracts.counterparty'), dataIndex: 'counterpartyName', width: 140, ellipsis: true },
          { title: t('contracts.amount'), dataIndex: 'amountFen', width: 130, align: 'right', render: (v: number) => fenToYuanText(v) },
          { title: t('contracts.paid'), dataIndex: 'paidFen', width: 120, align: 'right', render: (v: number) => fenToYuanText(v) },
          { title: t('contracts.endDate'), dataIndex: 'endDate', width: 110, render: (v: string | null) => fmtDate(v, lang) },
          { title: t('matter.statusCol'), dataIndex: 'status', width: 90, render: (s: keyof typeof CONTRACT_STATUS_LABELS) => <Tag>{CONTRACT_STATUS_LABELS[s] ?? s}</Tag> },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            fixed: 'right',
            render: (_: unknown, r) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setPaying(r)} data-testid="contract-payments">
                  {t('contracts.payments')}
                </Button>
                {can('assets:contract:write') && (
                  <Button type="link" size="small" onClick={() => setEditing(r)}>
                    {t('assets.edit')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ContractModal
        open={editing !== undefined}
        contract={editing ?? null}
        onClose={() => setEditing(undefined)}
        onDone={() => {
          setEditing(undefined);
          list.reload();
        }}
      />
      <PaymentsDrawer contract={paying} onClose={() => setPaying(null)} onChanged={list.reload} />
      <ContractImportModal open={importing} onClose={() => setImporting(false)} onDone={list.reload} />
    </>
  );
}

function ExpiringTab() {
  const { t, lang } = useI18n();
  const { regionCode } = useRegion();
  const list = useLoad(() => api.get<TExpiringContracts>('/assets/contracts/expiring', { regionCode }), [regionCode]);
  return (
    <>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      {list.data && <Typography.Paragraph type="secondary">{t('contracts.expiringIntro', { days: list.data.days })}</Typography.Paragraph>}
      <Table
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.data ?? []}
        pagination={false}
        data-testid="contracts-expiring"
        columns={[
          { title: t('contracts.no'), dataIndex: 'contractNo', width: 190 },
          { title: t('contracts.titleCol'), dataIndex: 'title' },
          { title: t('matter.village'), dataIndex: 'regionName', width: 100 },
          { title: t('contracts.counterparty'), dataIndex: 'counterpartyName', width: 140 },
          { title: t('contracts.endDate'), dataIndex: 'endDate', width: 110, render: (v: string | null) => fmtDate(v, lang) },
          {
            title: t('contracts.daysLeft'),
            dataIndex: 'daysLeft',
            width: 120,
            render: (v: number, r: { isOverdue: boolean }) => <Tag color={r.isOverdue ? 'red' : v <= 30 ? 'orange' : 'blue'}>{r.isOverdue ? t('contracts.overdueDays', { n: -v }) : t('contracts.daysLeftN', { n: v })}</Tag>,
          },
        ]}
      />
    </>
  );
}

/** 三资管理: assets, contracts (flagged, payments), contracts about to expire. */
export default function Assets() {
  const { t } = useI18n();
  const { can } = useSession();
  return (
    <Card title={t('assets.title')}>
      <Typography.Paragraph type="secondary">{t('assets.intro')}</Typography.Paragraph>
      <Tabs
        destroyOnHidden
        items={[
          ...(can('assets:asset:read') ? [{ key: 'assets', label: t('assets.tabAssets'), children: <AssetsTab /> }] : []),
          ...(can('assets:contract:read')
            ? [
                { key: 'contracts', label: t('assets.tabContracts'), children: <ContractsTab /> },
                { key: 'expiring', label: t('assets.tabExpiring'), children: <ExpiringTab /> },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
