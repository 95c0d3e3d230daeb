import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Drawer, Form, Input, InputNumber, Row, Segmented, Select, Space, Switch, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  DECISION_STAGES,
  FLOW_STEP_KINDS,
  POWER_CATEGORIES,
  ROLES,
  ROLE_DEFINITIONS,
  regionLevelOf,
  type TPowerItem,
  type TPowerItemContent,
} from '@mpw/contracts';
import { ApiError, api, errorText } from '../api';
import { blankContent, contentFromForm, fieldPath, type ContentFormValue } from '../domain';
import { useI18n } from '../i18n';
import { useUser } from '../session';
import RegionTreeSelect from './RegionTreeSelect';

interface Values {
  code?: string;
  regionCode?: string;
  changeNote?: string;
  content: ContentFormValue;
}

type Mode = 'form' | 'json';

function ListSection({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card size="small" title={title} extra={extra} style={{ marginBottom: 16 }}>
      {children}
    </Card>
  );
}

/** A simple list of one-line texts (legal basis). */
function TextList({ name, label, addLabel, max }: { name: (string | number)[]; label: string; addLabel: string; max: number }) {
  const { t } = useI18n();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <ListSection
          title={label}
          extra={
            <Button size="small" icon={<PlusOutlined />} onClick={() => add('')}>
              {addLabel}
            </Button>
          }
        >
          {fields.map((f) => (
            <Space.Compact key={f.key} style={{ width: '100%', marginBottom: 8 }}>
              <Form.Item name={f.name} noStyle rules={[{ required: true, whitespace: true, message: t('power.editor.required') }, { max }]}>
                <Input maxLength={max} />
              </Form.Item>
              <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.delete')} />
            </Space.Compact>
          ))}
        </ListSection>
      )}
    </Form.List>
  );
}

function StepEditor({ index, total, move, remove }: { index: number; total: number; move: (from: number, to: number) => void; remove: (i: number) => void }) {
  const { t, tl, lang } = useI18n();
  const form = Form.useFormInstance<Values>();
  const kind = Form.useWatch(['content', 'flow', 'steps', index, 'kind'], form);
  // Names relative to the Form.List of steps (a field's name there is its index).
  const n = (k: string | (string | number)[]) => [index, ...(Array.isArray(k) ? k : [k])];
  return (
    <Card
      size="small"
      type="inner"
      title={t('power.editor.stepN', { n: index + 1 })}
      style={{ marginBottom: 12 }}
      extra={
        <Space size={0}>
          <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, index - 1)} aria-label={t('power.editor.moveUp')} />
          <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={index === total - 1} onClick={() => move(index, index + 1)} aria-label={t('power.editor.moveDown')} />
          <Button size="small" type="text" danger icon={<DeleteOutlined />} disabled={total <= 1} onClick={() => remove(index)} aria-label={t('common.delete')} />
        </Space>
      }
    >
      <Row gutter={12}>
        <Col xs={24} md={6}>
          <Form.Item name={n('id')} label={t('power.editor.stepId')} rules={[{ required: true, message: t('power.editor.required') }, { pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t('power.editor.stepIdFormat') }]}>
            <Input placeholder="apply" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={n('kind')} label={t('power.editor.stepKind')} rules={[{ required: true, message: t('power.editor.required') }]}>
            <Select options={FLOW_STEP_KINDS.map((k) => ({ value: k, label: tl('stepKind', k) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={n('name')} label={t('power.editor.stepName')} rules={[{ required: true, whitespace: true, message: t('power.editor.required') }, { max: 40 }]}>
            <Input maxLength={40} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={n('role')} label={t('power.editor.stepRole')} rules={[{ required: true, message: t('power.editor.required') }]}>
            <Select options={ROLES.map((r) => ({ value: r, label: ROLE_DEFINITIONS[r].label[lang] }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name={n('deadlineDays')} label={t('power.editor.deadlineDays')} rules={[{ required: true, message: t('power.editor.required') }]}>
            <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        {kind === 'notice' && (
          <Col xs={12} md={4}>
            <Form.Item name={n('days')} label={t('power.editor.noticeDays')} rules={[{ required: true, message: t('power.editor.required') }]}>
              <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
        {kind === 'meeting' && (
          <Col xs={24} md={8}>
            <Form.Item name={n('stage')} label={t('power.editor.stage')} rules={[{ required: true, message: t('power.editor.required') }]}>
              <Select options={DECISION_STAGES.map((s) => ({ value: s, label: tl('decision.stage', s) }))} />
            </Form.Item>
          </Col>
        )}
        {kind === 'review' && (
          <Col xs={12} md={4}>
            <Form.Item name={n('canReturn')} label={t('power.editor.canReturn')} valuePropName="checked" initialValue>
              <Switch />
            </Form.Item>
          </Col>
        )}
        {kind === 'execution' && (
          <Col xs={12} md={4}>
            <Form.Item name={n('requiresVouchers')} label={t('power.editor.requiresVouchers')} valuePropName="checked" initialValue>
              <Switch />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={12}>
          <Form.Item name={n('materials')} label={t('power.materials')}>
            <Select mode="tags" tokenSeparators={['，', ',', '；', ';']} open={false} suffixIcon={null} placeholder={t('power.editor.tagsHint')} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={n('disclose')} label={t('power.editor.disclose')} rules={[{ max: 200 }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={n(['when', 'amountAtLeastSetting'])} label={t('power.editor.condition')} extra={t('power.editor.conditionHint')}>
            <Input placeholder="decisions.majorMatterThresholdFen" allowClear />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}

/** The form of an item's content; field names follow the server's paths (`content.flow.steps.0.id`). */
function ContentForm() {
  const { t, tl } = useI18n();
  return (
    <>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name={['content', 'name']} label={t('power.name')} rules={[{ required: true, whitespace: true, message: t('power.editor.required') }, { max: 60 }]}>
            <Input maxLength={60} data-testid="power-editor-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={['content', 'category']} label={t('power.category')} rules={[{ required: true, message: t('power.editor.required') }]}>
            <Select options={POWER_CATEGORIES.map((c) => ({ value: c, label: tl('power.cat', c) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={['content', 'timeLimitDays']} label={t('power.timeLimit')} rules={[{ required: true, message: t('power.editor.required') }]}>
            <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} suffix={t('power.workingDaysUnit')} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={['content', 'gbClass']} label={t('power.gbClass')} rules={[{ max: 60 }]}>
            <Input maxLength={60} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={['content', 'isService']} label={t('power.isService')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name={['content', 'summary']} label={t('power.summary')} rules={[{ max: 300 }]}>
            <Input.TextArea rows={2} maxLength={300} showCount />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name={['content', 'materials']} label={t('power.materials')}>
            <Select mode="tags" tokenSeparators={['，', ',', '；', ';']} open={false} suffixIcon={null} placeholder={t('power.editor.tagsHint')} />
          </Form.Item>
        </Col>
      </Row>

      <TextList name={['content', 'legalBasis']} label={t('power.legalBasis')} addLabel={t('power.editor.add')} max={200} />

      <Form.List name={['content', 'responsibilities']}>
        {(fields, { add, remove }) => (
          <ListSection
            title={t('power.responsibilities')}
            extra={
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ subject: '', duty: '' })}>
                {t('power.editor.add')}
              </Button>
            }
          >
            {fields.map((f) => (
              <Row gutter={8} key={f.key} wrap={false} style={{ marginBottom: 8 }}>
                <Col flex="220px">
                  <Form.Item name={[f.name, 'subject']} noStyle rules={[{ required: true, whitespace: true, message: t('power.editor.required') }]}>
                    <Input maxLength={40} placeholder={t('power.subject')} />
                  </Form.Item>
                </Col>
                <Col flex="auto">
                  <Form.Item name={[f.name, 'duty']} noStyle rules={[{ required: true, whitespace: true, message: t('power.editor.required') }]}>
                    <Input maxLength={300} placeholder={t('power.duty')} />
                  </Form.Item>
                </Col>
                <Col flex="none">
                  <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.delete')} />
                </Col>
              </Row>
            ))}
          </ListSection>
        )}
      </Form.List>

      <Form.List name={['content', 'flow', 'steps']}>
        {(fields, { add, remove, move }) => (
          <ListSection
            title={t('power.tab.flow')}
            extra={
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ id: `step${fields.length + 1}`, kind: 'review', name: '', role: 'village_secretary', deadlineDays: 5, materials: [], disclose: '' })}>
                {t('power.editor.addStep')}
              </Button>
            }
          >
            {fields.map((f, i) => (
              <StepEditor key={f.key} index={i} total={fields.length} move={move} remove={remove} />
            ))}
          </ListSection>
        )}
      </Form.List>

      <Form.List name={['content', 'riskPoints']}>
        {(fields, { add, remove }) => (
          <ListSection
            title={t('power.tab.risks')}
            extra={
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ risk: '', level: '中', prevention: '' })}>
                {t('power.editor.add')}
              </Button>
            }
          >
            {fields.map((f) => (
              <Row gutter={8} key={f.key} style={{ marginBottom: 8 }}>
                <Col xs={24} md={9}>
                  <Form.Item name={[f.name, 'risk']} noStyle rules={[{ required: true, whitespace: true, message: t('power.editor.required') }]}>
                    <Input maxLength={200} placeholder={t('power.risk')} />
                  </Form.Item>
                </Col>
                <Col xs={8} md={3}>
                  <Form.Item name={[f.name, 'level']} noStyle>
                    <Select options={(['高', '中', '低'] as const).map((l) => ({ value: l, label: tl('power.riskLevel', l) }))} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={13} md={11}>
                  <Form.Item name={[f.name, 'prevention']} noStyle rules={[{ required: true, whitespace: true, message: t('power.editor.required') }]}>
                    <Input maxLength={300} placeholder={t('power.prevention')} />
                  </Form.Item>
                </Col>
                <Col xs={3} md={1}>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.delete')} />
                </Col>
              </Row>
            ))}
          </ListSection>
        )}
      </Form.List>

      <Form.List name={['content', 'disclosure']}>
        {(fields, { add, remove }) => (
          <ListSection
            title={t('power.disclosure')}
            extra={
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ what: '', when: '' })}>
                {t('power.editor.add')}
              </Button>
            }
          >
            {fields.map((f) => (
              <Row gutter={8} key={f.key} wrap={false} style={{ marginBottom: 8 }}>
                <Col flex="auto">
                  <Form.Item name={[f.name, 'what']} noStyle rules={[{ required: true, whitespace: true, message: t('power.editor.required') }]}>
                    <Input maxLength={200} placeholder={t('power.disclosureWhat')} />
                  </Form.Item>
                </Col>
                <Col flex="260px">
                  <Form.Item name={[f.name, 'when']} noStyle rules={[{ required: true, whitespace: true, message: t('power.editor.required') }]}>
                    <Input maxLength={100} placeholder={t('power.disclosureWhen')} />
                  </Form.Item>
                </Col>
                <Col flex="none">
                  <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.delete')} />
                </Col>
              </Row>
            ))}
          </ListSection>
        )}
      </Form.List>
    </>
  );
}

/**
 * Edit an item (PUT: a new version, with a reason) or propose a new local item (POST, with a code and
 * a region; a township's or village's item waits for district approval). A form, or the raw JSON of the
 * content; the server's per-field validation messages are put on the fields they name.
 */
export default function PowerItemEditor({
  open,
  item,
  template,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** The item to edit; null = a new item. */
  item: TPowerItem | null;
  /** Content to start a new item from (default: a blank item). */
  template?: TPowerItemContent;
  onClose: () => void;
  onSaved: (item: TPowerItem) => void;
}) {
  const { t } = useI18n();
  const user = useUser();
  const [form] = Form.useForm<Values>();
  const [mode, setMode] = useState<Mode>('form');
  const [json, setJson] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ path: string; message: string }[]>([]);
  const [saving, setSaving] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    setMode('form');
    setError(null);
    setProblems([]);
    form.resetFields();
    const content = item ? item.content : (template ?? blankContent(regionLevelOf(user.regionCode) === 'township' ? 'township_staff' : 'village_secretary'));
    form.setFieldsValue({ content: structuredClone(content) as ContentFormValue, code: '', changeNote: '', regionCode: user.regionCode });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, item]);

  function switchMode(next: Mode) {
    if (next === mode) return;
    if (next === 'json') {
      setJson(JSON.stringify(contentFromForm((form.getFieldValue('content') ?? {}) as ContentFormValue), null, 2));
      setMode('json');
      return;
    }
    try {
      form.setFieldValue('content', JSON.parse(json) as ContentFormValue);
      setError(null);
      setMode('form');
    } catch (e) {
      setError(t('power.editor.badJson', { message: e instanceof Error ? e.message : String(e) }));
    }
  }

  async function save() {
    setError(null);
    setProblems([]);
    let content: TPowerItemContent;
    let meta: Omit<Values, 'content'>;
    if (mode === 'json') {
      try {
        content = JSON.parse(json) as TPowerItemContent;
      } catch (e) {
        setError(t('power.editor.badJson', { message: e instanceof Error ? e.message : String(e) }));
        return;
      }
      try {
        meta = await form.validateFields(['code', 'regionCode', 'changeNote']);
      } catch {
        return;
      }
    } else {
      try {
        const v = await form.validateFields();
        content = contentFromForm(v.content);
        meta = v;
      } catch (err) {
        setError(t('power.editor.fixFields'));
        const first = (err as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
        if (first) form.scrollToField(first.name as never, { block: 'center' });
        return;
      }
    }
    setSaving(true);
    try {
      const saved = item
        ? await api.put<TPowerItem>(`/power/items/${item.id}`, { content, changeNote: meta.changeNote?.trim() ?? '' })
        : await api.post<TPowerItem>('/power/items', { code: meta.code?.trim() ?? '', content, regionCode: meta.regionCode || undefined, changeNote: meta.changeNote?.trim() || undefined });
      onSaved(saved);
    } catch (e) {
      const fields = e instanceof ApiError ? e.fieldErrors : [];
      setError(fields.length ? t('power.editor.invalid') : errorText(e));
      setProblems(fields);
      // Put each message on the field it names and bring the first such field (else the summary) into view.
      const named = mode === 'form' ? fields.filter((f) => form.getFieldInstance(fieldPath(f.path) as never)) : [];
      if (named.length) {
        form.setFields(named.map((f) => ({ name: fieldPath(f.path) as never, errors: [f.message] })));
        form.scrollToField(fieldPath(named[0]!.path) as never, { block: 'center' });
      } else {
        setTimeout(() => errorRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' }), 0);
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      open={open}
      size={980}
      title={item ? t('power.editTitle', { name: item.content.name }) : t('power.createTitle')}
      onClose={onClose}
      destroyOnHidden={false}
      forceRender
      extra={
        <Space>
          <Segmented<Mode>
            value={mode}
            onChange={switchMode}
            options={[
              { value: 'form', label: t('power.editor.modeForm') },
              { value: 'json', label: 'JSON' },
            ]}
          />
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="power-editor-save">
            {item ? t('power.saveVersion') : t('power.submitNew')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{item ? t('power.editHint') : t('power.createHint')}</Typography.Paragraph>
      <div ref={errorRef} />
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="power-editor-error"
          description={
            problems.length ? (
              <ul className="problem-list">
                {problems.map((p, i) => (
                  <li key={i}>
                    <Typography.Text code>{p.path}</Typography.Text> {p.message}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <Form<Values> form={form} layout="vertical" requiredMark={false} scrollToFirstError>
        {!item && (
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name="code" label={t('power.code')} extra={t('power.codeHint')} rules={[{ required: true, message: t('power.editor.required') }, { pattern: /^[A-Z]{1,4}-?[0-9A-Z-]{1,12}$/, message: t('power.codeFormat') }]}>
                <Input placeholder="JC-01" data-testid="power-editor-code" />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="regionCode" label={t('power.ownerRegion')} extra={t('power.ownerRegionHint')}>
                <RegionTreeSelect />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Form.Item
          name="changeNote"
          label={t('power.changeNote')}
          rules={item ? [{ required: true, whitespace: true, message: t('power.changeNoteRequired') }, { max: 200 }] : [{ max: 200 }]}
        >
          <Input maxLength={200} data-testid="power-editor-note" />
        </Form.Item>
        <div style={{ display: mode === 'form' ? undefined : 'none' }}>
          <ContentForm />
        </div>
        {mode === 'json' && (
          <Input.TextArea
            value={json}
            onChange={(e) => setJson(e.target.value)}
            autoSize={{ minRows: 20, maxRows: 40 }}
            spellCheck={false}
            className="json-editor"
            data-testid="power-editor-json"
          />
        )}
      </Form>
    </Drawer>
  );
}
