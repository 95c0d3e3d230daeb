import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Card, Checkbox, Col, Form, Input, Modal, Radio, Row, Select, Space, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { REPORT_CATEGORIES, REPORT_SUBJECT_KINDS, type TReportReceipt } from '@mpw/contracts';
import { api, errorText } from '../../api';
import { useI18n } from '../../i18n';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import { dayOnly, intakeBody, receiptHtml, regionProblem, type IntakeValues } from './report-logic';

const INTAKE_CHANNELS = ['phone', 'letter', 'visit'] as const;

/** 举报登记: staff record a report received by phone, letter or visit; the receipt code is shown once. */
export default function ReportIntake() {
  const { t, tl } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<IntakeValues>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [receipt, setReceipt] = useState<TReportReceipt | null>(null);
  const anonymous = Form.useWatch('anonymous', form);

  async function submit(v: IntakeValues) {
    setSaving(true);
    setError(null);
    try {
      const r = await api.post<TReportReceipt>('/reports', intakeBody(v));
      form.resetFields();
      setReceipt(r);
    } catch (e) {
      setError(errorText(e));
      window.scrollTo({ top: 0 });
    } finally {
      setSaving(false);
    }
  }

  function printReceipt(r: TReportReceipt) {
    const w = window.open('', '_blank', 'width=720,height=560');
    if (!w) return;
    w.document.write(
      receiptHtml(r, { title: t('report.receiptPrintTitle'), number: t('report.number'), receivedOn: t('report.receivedOn'), code: t('report.receiptCode'), hint: t('report.receiptPrintHint') }),
    );
    w.document.close();
    w.focus();
    w.print();
  }

  /** Closing forgets the code: it exists nowhere else. */
  function closeReceipt() {
    const id = receipt?.id;
    setReceipt(null);
    if (id) navigate(`/reports/${id}`);
  }

  return (
    <Card
      title={
        <Space>
          <Link to="/reports" aria-label={t('report.back')}>
            <ArrowLeftOutlined />
          </Link>
          {t('report.intakeTitle')}
        </Space>
      }
    >
      <Alert type="info" showIcon title={t('report.intakeHint')} style={{ marginBottom: 16 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="report-intake-error" />}
      <Form<IntakeValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={{ channel: 'phone', anonymous: false, wantsProtection: false }}
        style={{ maxWidth: 960 }}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="channel" label={t('report.channelLabel')} rules={[{ required: true, message: t('report.channelRequired') }]}>
              <Radio.Group optionType="button" options={INTAKE_CHANNELS.map((c) => ({ value: c, label: tl('report.channel', c) }))} data-testid="report-channel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="category" label={t('report.category')} rules={[{ required: true, message: t('report.categoryRequired') }]}>
              <Select options={REPORT_CATEGORIES.map((c) => ({ value: c, label: tl('report.category', c) }))} data-testid="report-category" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="receivedOn" label={t('report.receivedOnLabel')} extra={t('report.receivedOnHint')}>
              <Input type="date" data-testid="report-received-on" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="subjectName" label={t('report.subjectName')} rules={[{ required: true, whitespace: true, message: t('report.subjectNameRequired') }]}>
              <Input maxLength={50} data-testid="report-subject-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="subjectPosition" label={t('report.subjectPosition')} rules={[{ required: true, whitespace: true, message: t('report.subjectPositionRequired') }]}>
              <Input maxLength={50} placeholder={t('report.subjectPositionPlaceholder')} data-testid="report-subject-position" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="subjectKind" label={t('report.subjectKind')} rules={[{ required: true, message: t('report.subjectKindRequired') }]}>
              <Select
                options={REPORT_SUBJECT_KINDS.map((k) => ({ value: k, label: tl('report.subjectKind', k) }))}
                onChange={() => form.getFieldValue('regionCode') && void form.validateFields(['regionCode'])}
                data-testid="report-subject-kind"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="regionCode"
          label={t('report.region')}
          extra={t('report.regionHint')}
          rules={[
            { required: true, message: t('report.regionRequired') },
            ({ getFieldValue }) => ({
              validator: async (_, v: string) => {
                const problem = regionProblem(getFieldValue('subjectKind'), v);
                if (problem) throw new Error(t(problem));
              },
            }),
          ]}
        >
          <RegionTreeSelect />
        </Form.Item>
        <Form.Item name="content" label={t('report.content')} rules={[{ required: true, whitespace: true, message: t('report.contentRequired') }]}>
          <Input.TextArea rows={6} maxLength={5000} showCount data-testid="report-content" />
        </Form.Item>
        <Form.Item name="occurredWhen" label={t('report.occurredWhen')}>
          <Input maxLength={100} placeholder={t('report.occurredWhenPlaceholder')} style={{ maxWidth: 400 }} />
        </Form.Item>
        <Form.Item name="anonymous" label={t('report.reporterMode')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: false, label: t('report.modeRealName') },
              { value: true, label: t('report.modeAnonymous') },
            ]}
            data-testid="report-anonymous"
          />
        </Form.Item>
        {anonymous === false && (
          <Card size="small" style={{ marginBottom: 24 }} data-testid="report-reporter">
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name="reporterName" label={t('report.reporterName')} rules={[{ required: true, whitespace: true, message: t('report.reporterNameRequired') }]}>
                  <Input maxLength={50} autoComplete="off" data-testid="report-reporter-name" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name="reporterPhone"
                  label={t('report.reporterPhone')}
                  rules={[
                    { required: true, whitespace: true, message: t('report.reporterPhoneRequired') },
                    { pattern: /^\s*(1\d{10}|0\d{2,3}-?\d{7,8})\s*$/, message: t('report.reporterPhoneFormat') },
                  ]}
                >
                  <Input maxLength={20} autoComplete="off" data-testid="report-reporter-phone" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="reporterIdNumber" label={t('report.reporterIdNumber')} rules={[{ pattern: /^\s*\d{17}[\dXx]\s*$/, message: t('report.reporterIdNumberFormat') }]}>
                  <Input maxLength={18} autoComplete="off" data-testid="report-reporter-id" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="reporterAddress" label={t('report.reporterAddress')}>
              <Input maxLength={200} autoComplete="off" />
            </Form.Item>
            <Form.Item name="wantsProtection" valuePropName="checked" style={{ marginBottom: 0 }}>
              <Checkbox data-testid="report-protection">{t('report.wantsProtection')}</Checkbox>
            </Form.Item>
          </Card>
        )}
        <Form.Item name="passphrase" label={t('report.passphrase')} extra={t('report.passphraseHint')} rules={[{ min: 8, max: 64, message: t('report.passphraseFormat') }]}>
          <Input.Password autoComplete="new-password" maxLength={64} style={{ maxWidth: 400 }} data-testid="report-passphrase" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="report-intake-submit">
          {t('report.submit')}
        </Button>
      </Form>

      <Modal
        open={!!receipt}
        title={t('report.receiptTitle')}
        closable={false}
        maskClosable={false}
        keyboard={false}
        destroyOnHidden
        footer={[
          <Button key="print" icon={<PrinterOutlined />} onClick={() => receipt && printReceipt(receipt)} data-testid="report-receipt-print">
            {t('report.receiptPrint')}
          </Button>,
          <Button key="close" type="primary" onClick={closeReceipt} data-testid="report-receipt-close">
            {t('report.receiptClose')}
          </Button>,
        ]}
      >
        {receipt && (
          <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="report-receipt">
            <Alert type="warning" showIcon title={t('report.receiptOnce')} />
            <div>
              {t('report.number')}：<Typography.Text strong>{receipt.number}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 16 }}>
                {t('report.receivedOn')}：{dayOnly(receipt.receivedOn)}
              </Typography.Text>
            </div>
            <div>
              <Typography.Text type="secondary">{t('report.receiptCode')}</Typography.Text>
              <Typography.Title level={2} copyable={{ text: receipt.receiptCode }} style={{ fontFamily: 'monospace', letterSpacing: 2, margin: 0 }} data-testid="report-receipt-code">
                {receipt.receiptCode}
              </Typography.Title>
            </div>
          </Space>
        )}
      </Modal>
    </Card>
  );
}
