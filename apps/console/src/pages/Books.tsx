import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, PaperClipOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { LEDGER_STATUSES, regionLevelOf, type TLedgerDirection, type TLedgerEntry, type TLedgerImportReport } from '@mpw/contracts';
import { ApiError, api, buildUrl, errorText } from '../api';
import { urlQuery, usePagedList, useUrlFilters } from '../hooks';
import UrlDateRange from '../components/UrlDateRange';
import { useI18n, type MsgKey } from '../i18n';
import { useSession, useUser } from '../session';
import { useRegion, walkTree } from '../region';
import { fenToYuanText, fmtDate, yuanToFen } from '../format';
import { LEDGER_STATUS_COLOURS, accountOptions, entryActions, todayChina, type EntryAction } from '../books';
import ReasonModal from '../components/ReasonModal';
import Attachments from '../components/Attachments';

interface CreateValues {
  regionCode?: string;
  entryDate: string;
  direction: TLedgerDirection;
  accountCode: string;
  amountYuan: number;
  counterpartyName: string;
  counterpartyId?: string;
  description: string;
  decisionNo?: string;
}

const FIELD_MAP: Record<string, string> = { amountFen: 'amountYuan' };

function CreateEntryModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const user = useUser();
  const { tree, regionCode } = useRegion();
  const [form] = Form.useForm<CreateValues>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const direction = Form.useWatch('direction', form);
  const isVillage = regionLevelOf(user.regionCode) === 'village';
  const villages = useMemo(() => {
    const out: { value: string; label: string }[] = [];
    walkTree(tree, (n) => n.level === 'village' && out.push({ value: n.code, label: n.name }));
    return out;
  }, [tree]);
  const accounts = useMemo(() => accountOptions(direction), [direction]);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({
      regionCode: isVillage ? user.regionCode : /^\d{12}$/.test(regionCode) && regionLevelOf(regionCode) === 'village' ? regionCode : undefined,
      direction: 'expense',
      entryDate: todayChina(),
    });
  }, [open, form, isVillage, user.regionCode, regionCode]);

  async function submit(v: CreateValues) {
    setSaving(true);
    setError(null);
    try {
      await api.post<TLedgerEntry>('/books/entries', {
        regionCode: v.regionCode,
        entryDate: v.entryDate,
        direction: v.direction,
        accountCode: v.accountCode,
        amountFen: yuanToFen(v.amountYuan),
        counterpartyName: v.counterpartyName.trim(),
        counterpartyId: v.counterpartyId?.trim() || undefined,
        description: v.description.trim(),
        decisionNo: v.decisionNo?.trim() || undefined,
      });
      onDone();
    } catch (e) {
      setError(errorText(e));
      if (e instanceof ApiError) form.setFields(e.fieldErrors.map((f) => ({ name: (FIELD_MAP[f.path] ?? f.path) as never, errors: [f.message] })));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open={open} title={t('books.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} forceRender okButtonProps={{ 'data-testid': 'entry-save' } as never} width={640}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="entry-error" />}
      <Form<CreateValues> form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="entry-form">
        <Form.Item name="regionCode" label={t('matter.village')} rules={[{ required: true, message: t('matter.villageRequired') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={villages} disabled={isVillage} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="direction" label={t('books.direction')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              onChange={() => form.setFieldValue('accountCode', undefined)}
              options={[
                { value: 'income', label: t('books.direction.income') },
                { value: 'expense', label: t('books.direction.expense') },
              ]}
              data-testid="entry-direction"
            />
          </Form.Item>
          <Form.Item name="entryDate" label={t('books.date')} rules={[{ required: true }]}>
            <Input type="date" style={{ width: 180 }} data-testid="entry-date" />
          </Form.Item>
        </Space>
        <Form.Item name="accountCode" label={t('books.account')} rules={[{ required: true, message: t('books.accountRequired') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={accounts.map((a) => ({ value: a.value, label: `${a.label}（${a.plain}）` }))}
            data-testid="entry-account"
          />
        </Form.Item>
        <Form.Item name="amountYuan" label={t('books.amount')} rules={[{ required: true, message: t('books.amountRequired') }]} extra={t('books.amountHint')}>
          <InputNumber min={0.01} precision={2} step={100} style={{ width: 240 }} suffix={t('settings.yuanUnit')} data-testid="entry-amount" />
        </Form.Item>
        <Form.Item name="counterpartyName" label={t('books.counterparty')} rules={[{ required: true, whitespace: true, message: t('books.counterpartyRequired') }, { max: 100 }]}>
          <Input maxLength={100} data-testid="entry-counterparty" />
        </Form.Item>
        <Form.Item name="counterpartyId" label={t('books.counterpartyId')} extra={t('books.counterpartyIdHint')}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="description" label={t('books.description')} rules={[{ required: true, whitespace: true, message: t('books.descriptionRequired') }, { max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} showCount data-testid="entry-description" />
        </Form.Item>
        <Form.Item name="decisionNo" label={t('books.decisionNo')} extra={t('books.decisionNoHint')}>
          <Input maxLength={40} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ImportModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<TLedgerImportReport | null>(null);
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
      const r = await api.post<TLedgerImportReport>('/books/import', undefined, { rawBody: file, contentType: 'text/csv', query: { fileName: file.name } });
      setReport(r);
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal open={open} title={t('books.import')} onCancel={onClose} onOk={submit} okButtonProps={{ disabled: !file }} confirmLoading={saving} okText={t('books.importSubmit')}>
      <Typography.Paragraph type="secondary">{t('books.importHint')}</Typography.Paragraph>
      <Upload
        accept=".csv,text/csv"
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f);
          return false;
        }}
        onRemove={() => setFile(null)}
      >
        <Button icon={<UploadOutlined />}>{t('books.chooseFile')}</Button>
      </Upload>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
      {report && (
        <Alert
          type={report.rejected.length ? 'warning' : 'success'}
          showIcon
          style={{ marginTop: 16 }}
          data-testid="books-import-result"
          title={t('books.importResult', { read: report.read, created: report.created, updated: report.updated, unchanged: report.unchanged, rejected: report.rejected.length })}
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

/** The list's filters, read from the address bar (dashboard links set them). */
const ENTRY_FILTERS = ['regionCode', 'status', 'period', 'q', 'entryFrom', 'entryTo'] as const;

/** 村级财务: entries in scope, the review flow, import and export. */
export default function Books() {
  const { t, tl, lang } = useI18n();
  const { can } = useSession();
  const { regionCode: headerRegion, findNode } = useRegion();
  const { params, get, setParam } = useUrlFilters();
  // A dashboard or assessment link may name a region below the header's (?regionCode=…) and an entry-date window.
  const query = urlQuery(params, ENTRY_FILTERS, headerRegion);
  const regionCode = String(query.regionCode ?? '');
  const status = get('status');
  const period = get('period');
  const [q, setQ] = useState(get('q'));
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [acting, setActing] = useState<{ entry: TLedgerEntry; action: EntryAction } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [vouchersOf, setVouchersOf] = useState<TLedgerEntry | null>(null);
  const list = usePagedList<TLedgerEntry>('/books/entries', query);

  async function submitEntry(e: TLedgerEntry) {
    setActionError(null);
    try {
      await api.post(`/books/entries/${e.id}/submit`);
      list.reload();
    } catch (err) {
      setActionError(errorText(err));
    }
  }

  async function runAction(text: string) {
    if (!acting) return;
    const { entry, action } = acting;
    if (action === 'approve') await api.post(`/books/entries/${entry.id}/approve`, text ? { note: text } : {});
    else if (action === 'reject') await api.post(`/books/entries/${entry.id}/reject`, { reason: text });
    else if (action === 'reverse') await api.post(`/books/entries/${entry.id}/reverse`, { reason: text });
    setActing(null);
    list.reload();
  }

  return (
    <Card
      title={t('books.title')}
      extra={
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={buildUrl('/books/export.csv', { regionCode })} download="ledger.csv" data-testid="books-export">
            {t('books.export')}
          </Button>
          {can('books:entry:write') && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="books-import">
              {t('books.import')}
            </Button>
          )}
          {can('books:entry:write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="entry-create">
              {t('books.create')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('books.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">{t('users.scope', { region: findNode(regionCode)?.name ?? regionCode })}</Typography.Text>
        <Input.Search allowClear value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => setParam('q', v.trim())} placeholder={t('books.searchPlaceholder')} style={{ width: 220 }} />
        <Input type="month" value={period} onChange={(e) => setParam('period', e.target.value)} aria-label={t('books.period')} style={{ width: 170 }} data-testid="books-period" />
        <UrlDateRange label={t('link.entryOn')} fromKey="entryFrom" toKey="entryTo" get={get} setParam={setParam} testId="books-entry-date" />
        <Select
          allowClear
          value={status || undefined}
          onChange={(v?: string) => setParam('status', v ?? '')}
          placeholder={t('matter.filterStatus')}
          style={{ width: 140 }}
          options={LEDGER_STATUSES.map((s) => ({ value: s, label: tl('books.status', s) }))}
          data-testid="books-status-filter"
        />
      </Space>
      {(list.error || actionError) && <Alert type="error" showIcon title={list.error ?? actionError} style={{ marginBottom: 16 }} closable onClose={() => setActionError(null)} />}
      <Table<TLedgerEntry>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 1500 }}
        data-testid="books-table"
        columns={[
          { title: t('books.entryNo'), dataIndex: 'entryNo', width: 240, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('books.date'), dataIndex: 'entryDate', width: 110, render: (v: string) => fmtDate(v, lang) },
          { title: t('matter.village'), dataIndex: 'regionName', width: 100 },
          {
            title: t('books.account'),
            key: 'account',
            width: 160,
            render: (_: unknown, r) => (r.accountCode ? `${r.accountCode} ${r.accountName ?? ''}` : r.category),
          },
          { title: t('books.description'), dataIndex: 'description', width: 220, ellipsis: true },
          { title: t('books.counterparty'), dataIndex: 'counterpartyName', width: 140, ellipsis: true },
          {
            title: t('books.amount'),
            key: 'amount',
            width: 140,
            align: 'right',
            render: (_: unknown, r) => (
              <Typography.Text type={r.direction === 'income' ? 'success' : 'danger'}>
                {r.direction === 'income' ? '+' : '−'}
                {fenToYuanText(r.amountFen)}
              </Typography.Text>
            ),
          },
          {
            title: t('matter.statusCol'),
            dataIndex: 'status',
            width: 150,
            render: (s: string, r) => (
              <Space size={2} wrap>
                <Tag color={LEDGER_STATUS_COLOURS[s]} data-testid="entry-status">
                  {tl('books.status', s)}
                </Tag>
                {r.flagged && <Tag color="volcano">{t('books.flagged')}</Tag>}
                {r.reversesEntryNo && <Tag>{t('books.reversal')}</Tag>}
                {r.reversedByEntryNo && <Tag color="gold">{t('books.reversed')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('books.vouchers'),
            key: 'vouchers',
            width: 100,
            render: (_: unknown, r) => (
              <Button type="link" size="small" icon={<PaperClipOutlined />} onClick={() => setVouchersOf(r)} data-testid="entry-vouchers">
                {r.vouchersCount}
              </Button>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 200,
            fixed: 'right',
            render: (_: unknown, r) => (
              <Space size={0} wrap>
                {entryActions(r, can).map((a) => (
                  <Button
                    key={a}
                    type="link"
                    size="small"
                    danger={a === 'reject' || a === 'reverse'}
                    data-testid={`entry-${a}`}
                    onClick={() => (a === 'submit' ? void submitEntry(r) : setActing({ entry: r, action: a }))}
                  >
                    {t(`books.action.${a}` as MsgKey)}
                  </Button>
                ))}
              </Space>
            ),
          },
        ]}
      />
      <CreateEntryModal
        open={creating}
        onClose={() => setCreating(false)}
        onDone={() => {
          setCreating(false);
          list.reload();
        }}
      />
      <ImportModal open={importing} onClose={() => setImporting(false)} onDone={list.reload} />
      <Modal
        open={vouchersOf !== null}
        title={vouchersOf ? `${t('books.vouchers')} · ${vouchersOf.entryNo}` : ''}
        footer={null}
        width={720}
        destroyOnHidden
        onCancel={() => {
          setVouchersOf(null);
          list.reload();
        }}
      >
        {vouchersOf && (
          <>
            <Typography.Paragraph type="secondary">{t('books.vouchersHint')}</Typography.Paragraph>
            <Attachments entityType="ledger_entry" entityId={vouchersOf.id} purpose="voucher" canUpload={can('attachment:file:upload')} />
          </>
        )}
      </Modal>
      <ReasonModal
        open={acting !== null}
        title={acting ? `${t(`books.action.${acting.action}` as MsgKey)} · ${acting.entry.entryNo}` : ''}
        label={acting?.action === 'approve' ? t('books.note') : t('common.reason')}
        required={acting?.action !== 'approve'}
        danger={acting?.action !== 'approve'}
        maxLength={500}
        onClose={() => setActing(null)}
        onSubmit={runAction}
        testId="entry-action"
      />
    </Card>
  );
}
