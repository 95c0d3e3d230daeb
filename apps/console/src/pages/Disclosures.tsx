import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { DISCLOSURE_KINDS, DISCLOSURE_KIND_LABELS, DISCLOSURE_STATUSES, DISCLOSURE_STATUS_LABELS, regionLevelOf, type TDisclosure, type TDisclosureDetail, type TOverdueSummary } from '@mpw/contracts';
import { ApiError, api, buildUrl, errorText } from '../api';
import { useLoad, usePagedList } from '../hooks';
import { useI18n } from '../i18n';
import { useSession, useUser } from '../session';
import { useRegion, walkTree } from '../region';
import { fmtDate } from '../format';

interface CreateValues {
  regionCode?: string;
  kind: TDisclosure['kind'];
  title: string;
  period?: string;
  dueOn?: string;
}

function CreateModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (d: TDisclosureDetail) => void }) {
  const { t } = useI18n();
  const user = useUser();
  const { tree, regionCode } = useRegion();
  const [form] = Form.useForm<CreateValues>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const isVillage = regionLevelOf(user.regionCode) === 'village';
  const villages = useMemo(() => {
    const out: { value: string; label: string }[] = [];
    walkTree(tree, (n) => n.level === 'village' && out.push({ value: n.code, label: n.name }));
    return out;
  }, [tree]);
  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ kind: 'other', regionCode: isVillage ? user.regionCode : /^\d{12}$/.test(regionCode) && regionLevelOf(regionCode) === 'village' ? regionCode : undefined });
  }, [open, form, isVillage, user.regionCode, regionCode]);
  async function submit(v: CreateValues) {
    setSaving(true);
    setError(null);
    try {
      const d = await api.post<TDisclosureDetail>('/disclosures', {
        regionCode: v.regionCode,
        kind: v.kind,
        title: v.title.trim(),
        period: v.period?.trim() || null,
        dueOn: v.dueOn || null,
      });
      onDone(d);
    } catch (e) {
      setError(errorText(e));
      if (e instanceof ApiError) form.setFields(e.fieldErrors.map((f) => ({ name: f.path as never, errors: [f.message] })));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal open={open} title={t('disclosure.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} forceRender>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<CreateValues> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="regionCode" label={t('matter.village')} rules={[{ required: true, message: t('matter.villageRequired') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={villages} disabled={isVillage} />
        </Form.Item>
        <Form.Item name="kind" label={t('disclosure.kind')} rules={[{ required: true }]}>
          <Select options={DISCLOSURE_KINDS.map((k) => ({ value: k, label: DISCLOSURE_KIND_LABELS[k] }))} />
        </Form.Item>
        <Form.Item name="title" label={t('disclosure.titleCol')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
          <Input maxLength={100} showCount />
        </Form.Item>
        <Space wrap>
          <Form.Item name="period" label={t('disclosure.period')} extra={t('disclosure.periodHint')}>
            <Input placeholder="2026-11 / 2026-Q4" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="dueOn" label={t('disclosure.dueOn')}>
            <Input type="date" style={{ width: 180 }} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** 村务公开: items in scope, overdue drafts in red, villages with overdue items or questions. */
export default function Disclosures() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const { regionCode: headerRegion } = useRegion();
  const [params, setParams] = useSearchParams();
  // A dashboard or assessment link may name a region below the header's (?regionCode=…).
  const regionCode = params.get('regionCode') || headerRegion;
  const status = params.get('status') ?? '';
  const kind = params.get('kind') ?? '';
  const overdue = params.get('overdue') === 'true';
  const [creating, setCreating] = useState(false);
  const query = { regionCode, status: status || undefined, kind: kind || undefined, overdue: overdue ? 'true' : undefined };
  const list = usePagedList<TDisclosure>('/disclosures', query);
  const overdueSummary = useLoad(() => api.get<TOverdueSummary>('/disclosures/overdue', { regionCode }), [regionCode]);

  function setParam(key: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  }

  return (
    <Card
      title={t('disclosure.title')}
      extra={
        can('disclosure:item:publish') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="disclosure-create">
            {t('disclosure.create')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('disclosure.intro')}</Typography.Paragraph>
      {overdueSummary.data && overdueSummary.data.data.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="disclosure-overdue-summary"
          title={t('disclosure.overdueVillages', { n: overdueSummary.data.total })}
          description={overdueSummary.data.data
            .map((v) => t('disclosure.overdueVillage', { name: v.regionName, n: v.overdueCount, since: v.oldestDueOn, q: v.unansweredOverdueQuestions }))
            .join('；')}
        />
      )}
      <Space wrap style={{ marginBottom: 16 }}>
        <Select allowClear value={kind || undefined} onChange={(v?: string) => setParam('kind', v ?? '')} placeholder={t('disclosure.kind')} style={{ width: 200 }} options={DISCLOSURE_KINDS.map((k) => ({ value: k, label: DISCLOSURE_KIND_LABELS[k] }))} />
        <Select allowClear value={status || undefined} onChange={(v?: string) => setParam('status', v ?? '')} placeholder={t('matter.filterStatus')} style={{ width: 140 }} options={DISCLOSURE_STATUSES.filter((s) => s !== 'withdrawn').map((s) => ({ value: s, label: DISCLOSURE_STATUS_LABELS[s] }))} />
        <Space>
          <Switch checked={overdue} onChange={(v) => setParam('overdue', v ? 'true' : '')} data-testid="disclosure-overdue-filter" />
          {t('disclosure.onlyOverdue')}
        </Space>
        <Button icon={<DownloadOutlined />} href={buildUrl('/disclosures/export.xlsx', query)} download data-testid="disclosures-export">
          {t('rect.export')}
        </Button>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<TDisclosure>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 1000 }}
        data-testid="disclosures-table"
        rowClassName={(r) => (r.isOverdue ? 'mpw-row-overdue' : '')}
        onRow={(r) => ({ onClick: () => navigate(`/disclosures/${r.id}`), style: { cursor: 'pointer', ...(r.isOverdue ? { background: '#fff1f0' } : {}) } })}
        columns={[
          {
            title: t('disclosure.titleCol'),
            dataIndex: 'title',
            render: (v: string, r) => (
              <Space size={4} wrap>
                <Link to={`/disclosures/${r.id}`} onClick={(e) => e.stopPropagation()}>
                  {v}
                </Link>
                {r.isCorrected && <Tag color="gold">{t('disclosure.corrected')}</Tag>}
                {r.isOverdue && <Tag color="red">{t('disclosure.overdue')}</Tag>}
              </Space>
            ),
          },
          { title: t('matter.village'), dataIndex: 'regionName', width: 100 },
          { title: t('disclosure.kind'), dataIndex: 'kind', width: 170, render: (k: TDisclosure['kind']) => DISCLOSURE_KIND_LABELS[k] ?? k },
          { title: t('disclosure.period'), dataIndex: 'period', width: 100, render: (v: string | null) => v ?? '—' },
          {
            title: t('disclosure.dueOn'),
            dataIndex: 'dueOn',
            width: 120,
            render: (v: string | null, r) => <Typography.Text type={r.isOverdue ? 'danger' : undefined}>{fmtDate(v, lang)}</Typography.Text>,
          },
          {
            title: t('matter.statusCol'),
            dataIndex: 'status',
            width: 110,
            render: (s: TDisclosure['status'], r) => <Tag color={s === 'published' ? 'green' : 'default'}>{DISCLOSURE_STATUS_LABELS[s] ?? s}{s === 'published' && r.currentVersion > 1 ? ` v${r.currentVersion}` : ''}</Tag>,
          },
          { title: t('common.updatedAt'), dataIndex: 'updatedAt', width: 110, render: (v: string) => fmtDate(v, lang) },
        ]}
      />
      <CreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onDone={(d) => {
          setCreating(false);
          navigate(`/disclosures/${d.id}`);
        }}
      />
    </Card>
  );
}
