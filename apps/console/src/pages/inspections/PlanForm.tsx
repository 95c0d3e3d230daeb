import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, Radio, Row, Select, Space, TreeSelect, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  FOCUS_AREAS,
  INSPECTION_KINDS,
  INSPECTION_METHODS,
  type TChecklistArea,
  type TFocusArea,
  type TInspectionKind,
  type TInspectionMethod,
  type TInspectionPlan,
  type TInspectionPlanRequest,
  type TRegionTreeNode,
  type TUser,
} from '@mpw/contracts';
import { api, errorText, type Page } from '../../api';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n';
import { useRegion } from '../../region';
import { useUser } from '../../session';
import { addDays, checklistFor, chinaToday, cleanChecklist, nextChecklistKey, onlyVillages, teamCandidates } from './supervision-logic';

interface Values {
  title: string;
  kind: TInspectionKind;
  startsOn: string;
  endsOn: string;
  scope: string[];
  focusAreas: TFocusArea[];
  methods: TInspectionMethod[];
  team: string[];
}

interface TreeNode {
  value: string;
  title: string;
  children: TreeNode[];
}

/** The scope tree: the issuing unit's townships and villages (the root itself is not a choice). */
function scopeTree(nodes: readonly TRegionTreeNode[]): TreeNode[] {
  return nodes.map((n) => ({ value: n.code, title: n.name, children: scopeTree(n.children ?? []) }));
}

/** 新建检查计划: scope villages from the region tree, focus areas with their default checklist (editable), methods and the team. */
export default function PlanForm() {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useUser();
  const { findNode } = useRegion();
  const [form] = Form.useForm<Values>();
  const [checklist, setChecklist] = useState<TChecklistArea[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const home = findNode(user.regionCode);
  const treeData = useMemo(() => scopeTree(home?.children ?? []), [home]);
  const users = useLoad(() => api.get<Page<TUser>>('/users', { regionCode: user.regionCode, status: 'active', pageSize: 200 }), [user.regionCode]);
  const candidates = teamCandidates(users.data?.data ?? []);
  const scope = onlyVillages(Form.useWatch('scope', form) ?? []);
  const today = chinaToday();

  function setAreas(areas: TFocusArea[]) {
    setChecklist((current) => checklistFor(areas, current));
  }

  function editItem(area: TFocusArea, index: number, text: string | null) {
    setChecklist((current) =>
      current.map((a) => {
        if (a.area !== area) return a;
        const items = [...a.items];
        if (text === null) items.splice(index, 1);
        else items[index] = { ...items[index]!, text };
        return { ...a, items };
      }),
    );
  }

  function addItem(area: TFocusArea) {
    setChecklist((current) => current.map((a) => (a.area === area ? { ...a, items: [...a.items, { key: nextChecklistKey(a), text: '' }] } : a)));
  }

  async function submit(v: Values) {
    const body: TInspectionPlanRequest = {
      title: v.title.trim(),
      kind: v.kind,
      startsOn: v.startsOn,
      endsOn: v.endsOn,
      scopeRegionCodes: onlyVillages(v.scope),
      focusAreas: v.focusAreas,
      methods: v.methods,
      checklist: cleanChecklist(checklist),
      teamUserIds: v.team,
      regionCode: user.regionCode,
    };
    setSaving(true);
    setError(null);
    try {
      const plan = await api.post<TInspectionPlan>('/inspections/plans', body);
      message.success(t('insp.created'));
      navigate(`/inspections/plans/${plan.id}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  const defaultKind: TInspectionKind = user.regionLevel === 'district' ? 'special' : 'self_check';

  return (
    <Card
      title={
        <Space>
          <Link to="/inspections" aria-label={t('insp.back')}>
            <ArrowLeftOutlined />
          </Link>
          {t('insp.newPlan')}
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ kind: defaultKind, startsOn: today, endsOn: addDays(today, 30), focusAreas: [], methods: ['documents', 'field_visit'], scope: [], team: [user.id] }}
        style={{ maxWidth: 1000 }}
      >
        <Row gutter={16}>
          <Col xs={24} md={14}>
            <Form.Item name="title" label={t('insp.planTitle')} rules={[{ required: true, whitespace: true, message: t('insp.planTitleRequired') }, { max: 100 }]}>
              <Input maxLength={100} data-testid="plan-title" />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item label={t('insp.issuer')}>
              <Typography.Text>{home?.name ?? user.regionName}</Typography.Text>
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="kind" label={t('insp.kind')} extra={t('insp.kindHint')} rules={[{ required: true, message: t('insp.kindRequired') }]}>
          <Radio.Group options={INSPECTION_KINDS.map((k) => ({ value: k, label: tl('insp.kind', k) }))} data-testid="plan-kind" />
        </Form.Item>
        <Form.Item label={t('insp.period')} required>
          <Space wrap>
            <Form.Item name="startsOn" noStyle rules={[{ required: true, message: t('insp.periodRequired') }]}>
              <Input type="date" style={{ width: 170 }} aria-label={t('insp.period')} data-testid="plan-starts" />
            </Form.Item>
            <span>~</span>
            <Form.Item name="endsOn" noStyle rules={[{ required: true, message: t('insp.periodRequired') }]}>
              <Input type="date" style={{ width: 170 }} aria-label={t('insp.period')} data-testid="plan-ends" />
            </Form.Item>
          </Space>
        </Form.Item>
        <Form.Item
          name="scope"
          label={t('insp.scope')}
          required
          extra={`${t('insp.scopeHint')} ${t('insp.scopeCount', { n: scope.length })}`}
          rules={[{ validator: (_, v: string[] | undefined) => (onlyVillages(v ?? []).length ? Promise.resolve() : Promise.reject(new Error(t('insp.scopeRequired')))) }]}
        >
          <TreeSelect
            treeData={treeData}
            treeCheckable
            showCheckedStrategy={TreeSelect.SHOW_CHILD}
            showSearch={{ treeNodeFilterProp: 'title' }}
            maxTagCount={12}
            treeDefaultExpandAll={treeData.length <= 3}
            style={{ width: '100%' }}
            data-testid="plan-scope"
          />
        </Form.Item>
        <Form.Item name="focusAreas" label={t('insp.focusAreas')} rules={[{ required: true, message: t('insp.focusAreasRequired') }]}>
          <Checkbox.Group options={FOCUS_AREAS.map((a) => ({ value: a, label: tl('insp.area', a) }))} onChange={(v) => setAreas(v as TFocusArea[])} data-testid="plan-areas" />
        </Form.Item>
        <Form.Item name="methods" label={t('insp.methods')} rules={[{ required: true, message: t('insp.methodsRequired') }]}>
          <Checkbox.Group options={INSPECTION_METHODS.map((m) => ({ value: m, label: tl('insp.method', m) }))} />
        </Form.Item>
        {checklist.length > 0 && (
          <Form.Item label={t('insp.checklist')} extra={t('insp.checklistHint')}>
            <Space orientation="vertical" style={{ width: '100%' }} data-testid="plan-checklist">
              {checklist.map((a) => (
                <Card key={a.area} size="small" title={tl('insp.area', a.area)} extra={<Button size="small" type="link" icon={<PlusOutlined />} onClick={() => addItem(a.area)}>{t('insp.checklistAdd')}</Button>}>
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    {a.items.map((item, i) => (
                      <Space.Compact key={item.key} style={{ width: '100%' }}>
                        <Input value={item.text} maxLength={200} placeholder={t('insp.checklistItem')} onChange={(e) => editItem(a.area, i, e.target.value)} />
                        <Button icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => editItem(a.area, i, null)} />
                      </Space.Compact>
                    ))}
                  </Space>
                </Card>
              ))}
            </Space>
          </Form.Item>
        )}
        <Form.Item name="team" label={t('insp.team')} extra={t('insp.teamHint')} rules={[{ required: true, message: t('insp.teamRequired') }]}>
          <Select
            mode="multiple"
            loading={users.loading}
            showSearch={{ optionFilterProp: 'label' }}
            options={candidates.map((u) => ({ value: u.id, label: `${u.displayName}（${u.regionName}）` }))}
            data-testid="plan-team"
          />
        </Form.Item>
        {users.error && <Alert type="warning" showIcon title={users.error} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="plan-error" />}
        <Button type="primary" htmlType="submit" loading={saving} data-testid="plan-submit">
          {t('insp.create')}
        </Button>
      </Form>
    </Card>
  );
}
