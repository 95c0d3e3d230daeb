import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { DECISION_STAGES, DECISION_STATUSES, regionLevelOf, type TDecision } from '@mpw/contracts';
import { ApiError, api, buildUrl, errorText } from '../api';
import { urlQuery, usePagedList, useUrlFilters } from '../hooks';
import UrlDateRange from '../components/UrlDateRange';
import { useI18n } from '../i18n';
import { useSession, useUser } from '../session';
import { useRegion, walkTree } from '../region';
import { fenToYuanText, fmtDate, yuanToFen } from '../format';
import { DECISION_STATUS_COLOURS } from '../domain';

interface CreateValues {
  regionCode?: string;
  title: string;
  amountYuan?: number | null;
}

function CreateDecisionModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (d: TDecision) => void }) {
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
    form.setFieldsValue({ regionCode: isVillage ? user.regionCode : /^\d{12}$/.test(regionCode) && regionLevelOf(regionCode) === 'village' ? regionCode : undefined });
  }, [open, form, isVillage, user.regionCode, regionCode]);

  async function submit(v: CreateValues) {
    setSaving(true);
    setError(null);
    try {
      const d = await api.post<TDecision>('/decisions', {
        regionCode: v.regionCode,
        title: v.title.trim(),
        amountFen: v.amountYuan === null || v.amountYuan === undefined ? null : yuanToFen(v.amountYuan),
      });
      onDone(d);
    } catch (e) {
      setError(errorText(e));
      if (e instanceof ApiError) form.setFields(e.fieldErrors.map((f) => ({ name: (f.path === 'amountFen' ? 'amountYuan' : f.path) as never, errors: [f.message] })));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open={open} title={t('decision.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} forceRender>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<CreateValues> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="regionCode" label={t('matter.village')} rules={[{ required: true, message: t('matter.villageRequired') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={villages} disabled={isVillage} />
        </Form.Item>
        <Form.Item name="title" label={t('decision.titleCol')} rules={[{ required: true, whitespace: true, message: t('decision.titleRequired') }, { max: 100 }]}>
          <Input maxLength={100} showCount />
        </Form.Item>
        <Form.Item name="amountYuan" label={t('matter.amount')} extra={t('decision.amountHint')}>
          <InputNumber min={0} precision={2} step={1000} style={{ width: 240 }} suffix={t('settings.yuanUnit')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 四议两公开: decisions in scope with their progress; CSV export; start a decision. */
/** The list's filters, read from the address bar (dashboard links set them). */
const DECISION_FILTERS = ['regionCode', 'status', 'q', 'createdFrom', 'createdTo'] as const;

export default function Decisions() {
  const { t, tl, lang } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const { regionCode: headerRegion, findNode } = useRegion();
  const { params, get, setParam } = useUrlFilters();
  // A dashboard or assessment link may name a region below the header's (?regionCode=…) and the window of recording.
  const query = urlQuery(params, DECISION_FILTERS, headerRegion);
  const regionCode = String(query.regionCode ?? '');
  const status = get('status');
  const [q, setQ] = useState(get('q'));
  const [creating, setCreating] = useState(false);
  const list = usePagedList<TDecision>('/decisions', query);

  return (
    <Card
      title={t('decision.title')}
      extra={
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={buildUrl('/decisions/export.csv', { regionCode })} download="decisions.csv" data-testid="decision-export">
            {t('decision.export')}
          </Button>
          {can('decision:decision:write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('decision.create')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('decision.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">{t('users.scope', { region: findNode(regionCode)?.name ?? regionCode })}</Typography.Text>
        <Input.Search allowClear value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => setParam('q', v.trim())} placeholder={t('decision.searchPlaceholder')} style={{ width: 240 }} />
        <Select
          allowClear
          value={status || undefined}
          onChange={(v?: string) => setParam('status', v ?? '')}
          placeholder={t('matter.filterStatus')}
          style={{ width: 150 }}
          options={DECISION_STATUSES.map((s) => ({ value: s, label: tl('decision.status', s) }))}
        />
        <UrlDateRange label={t('link.recordedOn')} fromKey="createdFrom" toKey="createdTo" get={get} setParam={setParam} testId="decision-created" />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<TDecision>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 1100 }}
        data-testid="decisions-table"
        onRow={(r) => ({ onClick: () => navigate(`/decisions/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('decision.no'), dataIndex: 'decisionNo', width: 210, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          {
            title: t('decision.titleCol'),
            dataIndex: 'title',
            render: (v: string, r) => (
              <Space size={4} wrap>
                <Link to={`/decisions/${r.id}`} onClick={(e) => e.stopPropagation()}>
                  {v}
                </Link>
                {r.isMajor && <Tag color="volcano">{t('decision.major')}</Tag>}
              </Space>
            ),
          },
          { title: t('matter.village'), dataIndex: 'regionName', width: 100 },
          { title: t('matter.amount'), dataIndex: 'amountFen', width: 130, align: 'right', render: (v: number | null) => (v === null ? '—' : t('settings.yuan', { v: fenToYuanText(v) })) },
          {
            title: t('decision.progress'),
            key: 'progress',
            width: 220,
            render: (_: unknown, r) => (
              <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                <Progress percent={Math.round((r.stages.length / DECISION_STAGES.length) * 100)} steps={6} size="small" status={r.status === 'failed' ? 'exception' : undefined} showInfo={false} />
                <Typography.Text type="secondary">{r.nextStage ? t('decision.next', { stage: tl('decision.stage', r.nextStage) }) : `${r.stages.length}/6`}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('matter.statusCol'),
            dataIndex: 'status',
            width: 110,
            render: (s: string, r) => (
              <Space size={2} wrap>
                <Tag color={DECISION_STATUS_COLOURS[s]}>{tl('decision.status', s)}</Tag>
                {r.stages.some((x) => x.isLate) && <Tag color="gold">{t('decision.late')}</Tag>}
              </Space>
            ),
          },
          { title: t('common.updatedAt'), dataIndex: 'updatedAt', width: 120, render: (v: string) => fmtDate(v, lang) },
        ]}
      />
      <CreateDecisionModal
        open={creating}
        onClose={() => setCreating(false)}
        onDone={(d) => {
          setCreating(false);
          navigate(`/decisions/${d.id}`);
        }}
      />
    </Card>
  );
}
