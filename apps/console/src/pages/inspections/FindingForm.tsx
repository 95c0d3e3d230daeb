import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Form, Input, Select, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { FOCUS_AREAS, type TFinding, type TFindingRequest, type TFocusArea, type TInspectionPlan } from '@mpw/contracts';
import { api, errorText } from '../../api';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import { firstLine, sourceFromParams } from './supervision-logic';
import { FilePicker, SourceText, uploadAll, useSourceRecord } from './parts';

interface Values {
  regionCode?: string;
  focusArea: TFocusArea;
  checklistKey?: string;
  description: string;
}

/**
 * 登记检查发现. `?planId=` records it in an active plan (villages and focus areas of the plan, its checklist);
 * `?sourceType=alert|report&sourceId=` takes it from an alert or a report (the place comes from that record).
 * Evidence files are uploaded once the finding exists.
 */
export default function FindingForm() {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const planId = params.get('planId') ?? '';
  const source = sourceFromParams(params, ['alert', 'report']);
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const plan = useLoad(() => (planId ? api.get<TInspectionPlan>(`/inspections/plans/${encodeURIComponent(planId)}`) : Promise.resolve(null)), [planId]);
  const record = useSourceRecord(source);
  const area = Form.useWatch('focusArea', form);
  const p = plan.data;
  const checklist = p?.checklist.find((c) => c.area === area)?.items ?? [];

  // A source prefills the description once it has loaded (the user may then edit it).
  useEffect(() => {
    if (record.data && !form.getFieldValue('description')) form.setFieldsValue({ description: firstLine(record.data.text, 2000) });
  }, [record.data, form]);

  async function submit(v: Values) {
    const body: TFindingRequest = { focusArea: v.focusArea, description: v.description.trim(), sourceType: source?.sourceType ?? 'direct', attachmentIds: [] };
    if (p) body.planId = p.id;
    if (source) body.sourceId = source.sourceId;
    if (!source && v.regionCode) body.regionCode = v.regionCode;
    if (v.checklistKey) body.checklistKey = v.checklistKey;
    setSaving(true);
    setError(null);
    try {
      const finding = await api.post<TFinding>('/inspections/findings', body);
      const uploaded = await uploadAll('inspection_finding', finding.id, 'verification_evidence', files);
      for (const f of uploaded.filter((u) => !u.id)) message.error(t('insp.finding.uploadFailed', { name: f.name, error: errorText(f.error) }));
      message.success(t('insp.finding.created'));
      navigate(`/inspections/findings/${finding.id}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  if ((planId && plan.loading) || (source && record.loading)) return <Spin />;
  const back = p ? `/inspections/plans/${p.id}` : '/inspections?tab=findings';
  const areas = p ? p.focusAreas : FOCUS_AREAS;

  return (
    <Card
      title={
        <Space>
          <Link to={back} aria-label={t('insp.finding.back')}>
            <ArrowLeftOutlined />
          </Link>
          {t('insp.finding.new')}
        </Space>
      }
    >
      {plan.error && <Alert type="error" showIcon title={plan.error} style={{ marginBottom: 16 }} />}
      {record.error && <Alert type="error" showIcon title={`${t('rect.sourceMissing')}：${record.error}`} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 860 }} initialValues={{ focusArea: areas.length === 1 ? areas[0] : undefined }}>
        {p && (
          <Form.Item label={t('insp.finding.plan')}>
            <Typography.Text strong data-testid="finding-plan">
              {p.title}
            </Typography.Text>
          </Form.Item>
        )}
        {source && (
          <Form.Item label={t('insp.finding.source')} extra={t('insp.finding.villageFromSource')}>
            <Space orientation="vertical" size={2} data-testid="finding-source">
              <SourceText type={source.sourceType} id={source.sourceId} label={record.data?.label ?? null} />
              {record.data && <Typography.Text>{`${t('insp.finding.village')}：${record.data.regionName ?? record.data.regionCode}`}</Typography.Text>}
            </Space>
          </Form.Item>
        )}
        {!source && (
          <Form.Item name="regionCode" label={t('insp.finding.village')} rules={[{ required: true, message: t('insp.finding.villageRequired') }]}>
            {p ? (
              <Select showSearch={{ optionFilterProp: 'label' }} options={p.scope.map((s) => ({ value: s.regionCode, label: s.regionName ?? s.regionCode }))} data-testid="finding-village" />
            ) : (
              <RegionTreeSelect />
            )}
          </Form.Item>
        )}
        <Form.Item name="focusArea" label={t('insp.finding.focusArea')} rules={[{ required: true, message: t('insp.finding.focusAreaRequired') }]}>
          <Select options={areas.map((a) => ({ value: a, label: tl('insp.area', a) }))} onChange={() => form.setFieldsValue({ checklistKey: undefined })} data-testid="finding-area" />
        </Form.Item>
        {checklist.length > 0 && (
          <Form.Item name="checklistKey" label={t('insp.finding.checklistItem')}>
            <Select allowClear options={checklist.map((c) => ({ value: c.key, label: c.text }))} data-testid="finding-checklist" />
          </Form.Item>
        )}
        <Form.Item name="description" label={t('insp.finding.description')} rules={[{ required: true, whitespace: true, message: t('insp.finding.descriptionRequired') }, { max: 5000 }]}>
          <Input.TextArea rows={5} maxLength={5000} showCount data-testid="finding-description" />
        </Form.Item>
        <Form.Item label={t('insp.finding.evidence')} extra={t('insp.finding.evidenceHint')}>
          <FilePicker files={files} onChange={setFiles} testId="finding-files" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="finding-error" />}
        <Button type="primary" htmlType="submit" loading={saving} disabled={!!source && !record.data} data-testid="finding-submit">
          {t('insp.finding.submit')}
        </Button>
      </Form>
    </Card>
  );
}
