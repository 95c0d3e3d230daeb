import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { DISCLOSURE_KINDS, DISCLOSURE_KIND_LABELS, DISCLOSURE_STATUSES, DISCLOSURE_STATUS_LABELS, DISCLOSURE_TIMELINESS, regionLevelOf, type TDisclosure, type TDisclosureDetail, type TOverdueSummary } from '@mpw/contracts';
import { ApiError, api, buildUrl, errorText } from '../api';
import { urlQuery, useLoad, usePagedList, useUrlFilters } from '../hooks';
import { useI18n } from '../i18n';
import { useSession, useUser } from '../session';
import { useRegion, walkTree } from '../region';
import { fmtDate } from '../format';
import DisclosureQuestions from './DisclosureQuestions';
import UrlDateRange from '../components/UrlDateRange';

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

/** The items view's filters, read from the address bar (dashboard links set them); the same query serves the export. */
const DISCLOSURE_FILTERS = ['regionCode', 'status', 'kind', 'overdue', 'publishedFrom', 'publishedTo', 'dueFrom', 'dueTo', 'timeliness'] as const;

/** 村务公开: items in scope, overdue drafts in red, villages with overdue items or questions. */
export default function Disclosures() {
  const { t, tl, lang } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const { regionCode: headerRegion } = useRegion();
  const { params, get, setParam } = useUrlFilters();
  // ?view=questions shows the questions on the items (公开事项提问), as the dashboard's question figures open it.
  const view = get('view') === 'questions' ? 'questions' : 'items';
  // A dashboard or assessment link may name a region below the header's (?regionCode=…).
  const query = urlQuery(params, DISCLOSURE_FILTERS, headerRegion, ['overdue']);
  const regionCode = String(query.regionCode ?? '');
  const status = get('status');
  const kind = get('kind');
  const overdue = query.overdue === 'true';
  const [creating, setCreating] = useState(false);
  const list = usePagedList<TDisclosure>('/disclosures', query, { enabled: view === 'items' });
  const overdueSummary = useLoad(() => api.get<TOverdueSummary>('/disclosures/overdue', { regionCode }), [regionCode]);

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
      <Tabs
        activeKey={view}
        onChange={(k) => {
          // Each view has its own filters: switching keeps only the region named in the address.
          const next = new URLSearchParams();
          if (k === 'questions') next.set('view', 'questions');
          if (get('regionCode')) next.set('regionCode', get('regionCode'));
          navigate({ search: next.toString() }, { replace: true });
        }}
        data-testid="disclosure-views"
        items={[
          {
            key: 'items',
            label: t('dq.tab.items'),
            children: (
              <>
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
                  <UrlDateRange label={t('link.publishedOn')} fromKey="publishedFrom" toKey="publishedTo" get={get} setParam={setParam} testId="disclosure-published" />
                  <UrlDateRange label={t('disclosure.dueOn')} fromKey="dueFrom" toKey="dueTo" get={get} setParam={setParam} testId="disclosure-due" />
                  <Select
                    allowClear
                    value={get('timeliness') || undefined}
                    onChange={(v?: string) => setParam('timeliness', v ?? '')}
                    placeholder={t('link.disclosureTimeliness')}
                    style={{ width: 200 }}
                    options={DISCLOSURE_TIMELINESS.map((s) => ({ value: s, label: tl('link.disclosureTimeliness', s) }))}
                    data-testid="disclosure-timeliness-filter"
                  />
                  <Button icon={<DownloadOutlined />} href={buildUrl('/disclosures/export.xlsx', query)} download data-testid="disclosures-export">
                    {t('common.exportExcel')}
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
              </>
            ),
          },
          { key: 'questions', label: t('dq.tab.questions'), children: view === 'questions' ? <DisclosureQuestions /> : null },
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
