import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, TrophyOutlined } from '@ant-design/icons';
import { ASSESSMENT_CATEGORIES, type TAssessmentIndicator, type TAssessmentIndicatorKind, type TAssessmentScheme, type TAssessmentSchemeRequest } from '@mpw/contracts';
import { api, errorText } from '../../api';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { fmtDateTime } from '../../format';
import { ASSESSMENT_API, newIndicatorKey, rowsOf, unusedKinds, weightSum, weightsValid } from './assessment-logic';

const STATUS_COLORS = { draft: 'default', active: 'green', retired: 'red' } as const;

/** 考核方案: the district's indicator systems; create from the template, edit a draft's weights (sum 100, shown live), activate and retire. */
export default function Schemes() {
  const { t, tl, lang } = useI18n();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const canWrite = can('assessment:scheme:write');
  const list = useLoad(() => api.get<unknown>(ASSESSMENT_API.schemes, { pageSize: 200 }).then((r) => rowsOf<TAssessmentScheme>(r)), []);
  const [editing, setEditing] = useState<{ id: string | null; initial: TAssessmentSchemeRequest } | null>(null);
  const [loadingTemplate, setLoadingTemplate] = useState(false);
  const { session } = useSession();

  async function createFromTemplate() {
    setLoadingTemplate(true);
    try {
      const tpl = await api.get<Partial<TAssessmentSchemeRequest>>(ASSESSMENT_API.template);
      setEditing({
        id: null,
        initial: {
          regionCode: tpl.regionCode ?? session?.user.regionCode ?? '',
          name: tpl.name ?? '',
          targetLevel: tpl.targetLevel ?? 'village',
          periodKind: tpl.periodKind ?? 'quarter',
          indicators: tpl.indicators ?? [],
        },
      });
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setLoadingTemplate(false);
    }
  }

  function act(s: TAssessmentScheme, action: 'activate' | 'retire') {
    modal.confirm({
      title: t(action === 'activate' ? 'asm.sc.activateConfirm' : 'asm.sc.retireConfirm', { name: s.name }),
      okText: t(action === 'activate' ? 'asm.sc.activate' : 'asm.sc.retire'),
      okButtonProps: { danger: action === 'retire', 'data-testid': `asm-sc-${action}-ok` } as never,
      onOk: async () => {
        try {
          await api.post(ASSESSMENT_API.schemeAction(s.id, action));
          message.success(t('common.saved'));
          list.reload();
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  }

  return (
    <Card
      title={t('asm.sc.title')}
      extra={
        <Space wrap>
          <Link to="/assessment">
            <Button icon={<TrophyOutlined />}>{t('menu.assessment')}</Button>
          </Link>
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} loading={loadingTemplate} onClick={createFromTemplate} data-testid="asm-sc-new">
              {t('asm.sc.newFromTemplate')}
            </Button>
          )}
        </Space>
      }
    >
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<TAssessmentScheme>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        data-testid="asm-sc-table"
        rowClassName={() => 'asm-sc-row'}
        locale={{ emptyText: t('asm.sc.none') }}
        expandable={{
          expandedRowRender: (s) => (
            <Space wrap>
              {s.indicators.map((i) => (
                <Tag key={i.key}>
                  {i.name} {i.weight}
                </Tag>
              ))}
            </Space>
          ),
        }}
        columns={[
          { title: t('asm.sc.name'), dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('asm.sc.target'), dataIndex: 'targetLevel', width: 100, render: (v: string) => t(v === 'township' ? 'asm.level.township' : 'asm.level.village') },
          { title: t('asm.sc.periodKind'), dataIndex: 'periodKind', width: 100, render: (v: string) => tl('asm.periodKind', v) },
          { title: t('asm.sc.indicators'), dataIndex: 'indicators', width: 90, render: (v: TAssessmentIndicator[]) => v.length },
          { title: t('asm.sc.status'), dataIndex: 'status', width: 90, render: (v: TAssessmentScheme['status']) => <Tag color={STATUS_COLORS[v]}>{tl('asm.schemeStatus', v)}</Tag> },
          { title: t('asm.sc.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => fmtDateTime(v, lang) },
          ...(canWrite
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 190,
                  render: (_: unknown, s: TAssessmentScheme) => (
                    <Space size={4}>
                      {s.status === 'draft' && (
                        <Button size="small" onClick={() => setEditing({ id: s.id, initial: { regionCode: s.regionCode, name: s.name, targetLevel: s.targetLevel, periodKind: s.periodKind, indicators: s.indicators } })} data-testid="asm-sc-edit">
                          {t('common.edit')}
                        </Button>
                      )}
                      {s.status === 'draft' && (
                        <Button size="small" type="primary" onClick={() => act(s, 'activate')} data-testid="asm-sc-activate">
                          {t('asm.sc.activate')}
                        </Button>
                      )}
                      {s.status === 'active' && (
                        <Button size="small" danger onClick={() => act(s, 'retire')} data-testid="asm-sc-retire">
                          {t('asm.sc.retire')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <SchemeEditor
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          message.success(t('common.saved'));
          list.reload();
        }}
      />
    </Card>
  );
}

function SchemeEditor({ editing, onClose, onSaved }: { editing: { id: string | null; initial: TAssessmentSchemeRequest } | null; onClose: () => void; onSaved: () => void }) {
  const { t, tl } = useI18n();
  const [form] = Form.useForm<Pick<TAssessmentSchemeRequest, 'name' | 'targetLevel' | 'periodKind'>>();
  const [indicators, setIndicators] = useState<TAssessmentIndicator[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [adding, setAdding] = useState<TAssessmentIndicatorKind | undefined>();

  useEffect(() => {
    if (!editing) return;
    setError(null);
    setIndicators(editing.initial.indicators.map((i) => ({ ...i })));
    form.setFieldsValue({ name: editing.initial.name, targetLevel: editing.initial.targetLevel, periodKind: editing.initial.periodKind });
  }, [editing, form]);

  const sum = weightSum(indicators);
  const valid = weightsValid(indicators);
  const patch = (index: number, change: Partial<TAssessmentIndicator>) => setIndicators((list) => list.map((i, n) => (n === index ? { ...i, ...change } : i)));

  function addIndicator() {
    if (!adding) return;
    setIndicators((list) => [
      ...list,
      { key: newIndicatorKey(adding, list.map((i) => i.key)), name: tl('asm.kind', adding), category: 'supervision', kind: adding, weight: 0, minRecords: 5 },
    ]);
    setAdding(undefined);
  }

  async function submit(v: Pick<TAssessmentSchemeRequest, 'name' | 'targetLevel' | 'periodKind'>) {
    if (!editing) return;
    setSaving(true);
    setError(null);
    const body: TAssessmentSchemeRequest = { regionCode: editing.initial.regionCode, name: v.name.trim(), targetLevel: v.targetLevel, periodKind: v.periodKind, indicators };
    try {
      if (editing.id) await api.put(ASSESSMENT_API.scheme(editing.id), body);
      else await api.post(ASSESSMENT_API.schemes, body);
      onSaved();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={!!editing}
      width={1000}
      title={editing?.id ? t('asm.sc.editTitle') : t('asm.sc.newTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ disabled: !valid, 'data-testid': 'asm-sc-save' } as never}
      confirmLoading={saving}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="asm-sc-error" />}
      <Form form={form} layout="inline" onFinish={submit} requiredMark={false} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="name" label={t('asm.sc.name')} rules={[{ required: true, whitespace: true, message: t('asm.sc.nameRequired') }]}>
          <Input maxLength={60} style={{ width: 280 }} data-testid="asm-sc-name" />
        </Form.Item>
        <Form.Item name="targetLevel" label={t('asm.sc.target')}>
          <Radio.Group options={[{ value: 'village', label: t('asm.level.village') }, { value: 'township', label: t('asm.level.township') }]} />
        </Form.Item>
        <Form.Item name="periodKind" label={t('asm.sc.periodKind')}>
          <Radio.Group options={['quarter', 'year'].map((k) => ({ value: k, label: tl('asm.periodKind', k) }))} />
        </Form.Item>
      </Form>
      <Table<TAssessmentIndicator>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={indicators}
        data-testid="asm-sc-indicators"
        columns={[
          { title: t('asm.indicator'), dataIndex: 'name', render: (v: string, _, n) => <Input value={v} maxLength={40} onChange={(e) => patch(n, { name: e.target.value })} /> },
          {
            title: t('asm.category'),
            dataIndex: 'category',
            width: 140,
            render: (v: TAssessmentIndicator['category'], _, n) => <Select value={v} style={{ width: 130 }} onChange={(c: TAssessmentIndicator['category']) => patch(n, { category: c })} options={ASSESSMENT_CATEGORIES.map((c) => ({ value: c, label: tl('asm.category', c) }))} />,
          },
          { title: t('asm.sc.rule'), dataIndex: 'kind', width: 170, render: (k: string) => tl('asm.kind', k) },
          {
            title: t('asm.sc.weight'),
            dataIndex: 'weight',
            width: 110,
            render: (v: number, _, n) => <InputNumber value={v} min={0} max={100} step={1} style={{ width: 90 }} onChange={(w) => patch(n, { weight: typeof w === 'number' ? w : 0 })} data-testid={`asm-sc-weight-${n}`} />,
          },
          {
            title: t('asm.sc.minRecords'),
            dataIndex: 'minRecords',
            width: 110,
            render: (v: number, _, n) => <InputNumber value={v} min={0} max={1000} precision={0} style={{ width: 90 }} onChange={(m) => patch(n, { minRecords: typeof m === 'number' ? m : 0 })} />,
          },
          {
            title: '',
            key: 'remove',
            width: 50,
            render: (_, __, n) => <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => setIndicators((list) => list.filter((_, m) => m !== n))} />,
          },
        ]}
      />
      <Space wrap style={{ marginTop: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space>
          <Select<TAssessmentIndicatorKind>
            value={adding}
            onChange={setAdding}
            placeholder={t('asm.sc.addPlaceholder')}
            style={{ width: 220 }}
            options={unusedKinds(indicators).map((k) => ({ value: k, label: tl('asm.kind', k) }))}
          />
          <Button icon={<PlusOutlined />} disabled={!adding} onClick={addIndicator}>
            {t('asm.sc.add')}
          </Button>
        </Space>
        <Tag color={valid ? 'green' : 'red'} style={{ fontSize: 14, padding: '4px 10px' }} data-testid="asm-sc-sum">
          {valid ? t('asm.sc.sumOk', { sum }) : t('asm.sc.sumBad', { sum })}
        </Tag>
      </Space>
    </Modal>
  );
}
