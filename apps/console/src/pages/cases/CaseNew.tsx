import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Col, Form, Input, Row, Select, Space } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { PROBLEM_SOURCES, regionLevelOf, type TAlert, type TCaseDetail, type TReportDetail } from '@mpw/contracts';
import { api, errorText } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import { caseRequestBody, cluePrefill, handlingLevels, mergePrefill, prefillFromAlert, prefillFromReport, type CaseFormValues } from './case-logic';

/**
 * 登记问题线索: a case starts in 初核 from a clue — a report, an alert, an inspection finding… or entered
 * directly. `/cases/new?sourceType=report&sourceId=<id>` (the button on a report or alert page) fills
 * in what the source record says; the server checks the source exists and is visible.
 */
export default function CaseNew() {
  const { t, tl } = useI18n();
  const navigate = useNavigate();
  const { session } = useSession();
  const [params] = useSearchParams();
  const [form] = Form.useForm<CaseFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [prefilledFrom, setPrefilledFrom] = useState<string | null>(null);
  const sourceType = Form.useWatch('sourceType', form);
  const clue = cluePrefill(params);
  const user = session?.user;

  // Starting from a report or an alert: read it and fill in what the user has not typed.
  useEffect(() => {
    const { sourceType: type, sourceId: id } = cluePrefill(params);
    if (!id || (type !== 'report' && type !== 'alert')) return;
    let alive = true;
    const load = type === 'report' ? api.get<TReportDetail>(`/reports/${id}`).then(prefillFromReport) : api.get<TAlert>(`/alerts/${id}`).then(prefillFromAlert);
    load
      .then((values) => {
        if (!alive) return;
        form.setFieldsValue(mergePrefill(form.getFieldsValue(), values));
        setPrefilledFrom(tl('case.source', type));
      })
      .catch(() => undefined); // the server will say what is wrong with the source on submit
    return () => {
      alive = false;
    };
  }, [params, form, tl]);

  async function submit(v: CaseFormValues) {
    setSaving(true);
    setError(null);
    try {
      const created = await api.post<TCaseDetail>('/cases', caseRequestBody(v));
      navigate(`/cases/${created.id}`);
    } catch (e) {
      setError(errorText(e));
      window.scrollTo({ top: 0 });
    } finally {
      setSaving(false);
    }
  }

  const levels = user ? handlingLevels(user.regionCode).filter((c) => regionLevelOf(c) !== 'village') : [];
  const levelName = (code: string) => (regionLevelOf(code) === 'district' ? t('case.form.levelDistrict') : t('case.form.levelTownship'));
  const handlingOptions = levels.map((code) =>
    code === user?.regionCode ? { value: code, label: t('case.form.handlingOwn', { name: user.regionName }) } : { value: code, label: t('case.form.handlingUp', { name: `${levelName(code)}（${code}）` }) },
  );

  return (
    <Card
      title={
        <Space>
          <Link to="/cases" aria-label={t('case.back')}>
            <ArrowLeftOutlined />
          </Link>
          {t('case.newTitle')}
        </Space>
      }
    >
      <Alert type="info" showIcon title={t('case.newIntro')} style={{ marginBottom: 16 }} />
      {prefilledFrom && <Alert type="success" showIcon title={t('case.prefilled', { source: prefilledFrom })} style={{ marginBottom: 16 }} data-testid="case-prefilled" />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="case-new-error" />}
      <Form<CaseFormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={{ sourceType: clue.sourceType, sourceId: clue.sourceId, handlingRegionCode: levels[0] }}
        style={{ maxWidth: 960 }}
      >
        <Form.Item name="title" label={t('case.form.title')} rules={[{ required: true, whitespace: true, message: t('case.form.titleRequired') }]}>
          <Input maxLength={100} showCount data-testid="case-title" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="sourceType" label={t('case.form.sourceType')}>
              <Select options={PROBLEM_SOURCES.map((s) => ({ value: s, label: tl('case.source', s) }))} data-testid="case-source-type" />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            {sourceType !== 'direct' && (
              <Form.Item name="sourceId" label={t('case.form.sourceId')} extra={t('case.form.sourceIdHint')} rules={[{ required: true, whitespace: true, message: t('case.form.sourceIdRequired') }]}>
                <Input maxLength={100} data-testid="case-source-id" />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="regionCode"
              label={t('case.form.region')}
              extra={sourceType !== 'direct' ? t('case.form.regionHint') : undefined}
              rules={[{ required: sourceType === 'direct', message: t('case.form.regionRequired') }]}
            >
              <RegionTreeSelect />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="handlingRegionCode" label={t('case.form.handling')} extra={t('case.form.handlingHint')}>
              <Select options={handlingOptions} data-testid="case-handling" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="subjectName" label={t('case.form.subjectName')} rules={[{ required: true, whitespace: true, message: t('case.form.subjectNameRequired') }]}>
              <Input maxLength={50} autoComplete="off" data-testid="case-subject-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="subjectPosition" label={t('case.form.subjectPosition')} rules={[{ required: true, whitespace: true, message: t('case.form.subjectPositionRequired') }]}>
              <Input maxLength={100} data-testid="case-subject-position" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="subjectIdNumber" label={t('case.form.subjectIdNumber')} rules={[{ pattern: /^\s*\d{17}[\dXx]\s*$/, message: t('case.form.idFormat') }]}>
              <Input maxLength={18} autoComplete="off" data-testid="case-subject-id" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="summary" label={t('case.form.summary')} rules={[{ required: true, whitespace: true, message: t('case.form.summaryRequired') }]}>
          <Input.TextArea rows={6} maxLength={5000} showCount data-testid="case-summary" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="case-new-submit">
          {t('case.form.submit')}
        </Button>
      </Form>
    </Card>
  );
}
