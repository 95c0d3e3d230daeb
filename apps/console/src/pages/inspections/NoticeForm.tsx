import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { PROBLEM_SOURCES, type TRectificationNoticeDetail, type TUser } from '@mpw/contracts';
import { api, errorText, type Page } from '../../api';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n';
import { useUser } from '../../session';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import { addDays, chinaToday, firstLine, isResponsibleUnit, noticeBody, sourceFromParams, type NoticeValues } from './supervision-logic';
import { SourceText, useSourceRecord } from './parts';

/**
 * 下发整改通知: the responsible unit (a village or township within the issuer's region), the overall
 * requirement and deadline, and the problems one by one with where each came from. `?sourceType=alert|report|finding&sourceId=`
 * prefills the unit and the first problem from that record.
 */
export default function NoticeForm() {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useUser();
  const [params] = useSearchParams();
  const source = sourceFromParams(params, ['alert', 'report', 'finding']);
  const record = useSourceRecord(source);
  const [form] = Form.useForm<NoticeValues>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const unit = Form.useWatch('regionCode', form);
  const validUnit = !!unit && isResponsibleUnit(user.regionCode, unit);
  const people = useLoad(() => (validUnit ? api.get<Page<TUser>>('/users', { regionCode: unit, status: 'active', pageSize: 200 }) : Promise.resolve(null)), [unit, validUnit]);
  const today = chinaToday();

  useEffect(() => {
    const r = record.data;
    if (!r || !source) return;
    form.setFieldsValue({
      regionCode: isResponsibleUnit(user.regionCode, r.regionCode) ? r.regionCode : undefined,
      title: t('rect.notice.defaultTitle', { unit: r.regionName ?? '', source: tl('rect.source', source.sourceType) }),
      items: [{ problem: firstLine(r.text, 2000), requirement: '', sourceType: source.sourceType, sourceId: source.sourceId }],
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [record.data]);

  async function submit(v: NoticeValues) {
    setSaving(true);
    setError(null);
    try {
      const notice = await api.post<TRectificationNoticeDetail>('/rectification/notices', noticeBody(v));
      message.success(t('rect.notice.created', { number: notice.number }));
      navigate(`/rectification/notices/${notice.id}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  if (source && record.loading) return <Spin />;

  return (
    <Card
      title={
        <Space>
          <Link to="/rectification?tab=notices" aria-label={t('rect.notice.back')}>
            <ArrowLeftOutlined />
          </Link>
          {t('rect.newNotice')}
        </Space>
      }
    >
      {source && (
        <Alert
          type={record.error ? 'error' : 'info'}
          showIcon
          style={{ marginBottom: 16, maxWidth: 1000 }}
          title={record.error ? `${t('rect.sourceMissing')}：${record.error}` : <SourceText type={source.sourceType} id={source.sourceId} label={record.data?.label ?? null} />}
          data-testid="notice-source"
        />
      )}
      <Form<NoticeValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        style={{ maxWidth: 1000 }}
        initialValues={{ issuedOn: today, deadline: addDays(today, 30), items: [{ sourceType: 'direct' }] }}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="regionCode"
              label={t('rect.notice.unit')}
              rules={[
                { required: true, message: t('rect.notice.unitRequired') },
                { validator: (_, v?: string) => (!v || isResponsibleUnit(user.regionCode, v) ? Promise.resolve() : Promise.reject(new Error(t('rect.notice.unitInvalid')))) },
              ]}
            >
              <RegionTreeSelect />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="title" label={t('rect.notice.title')} rules={[{ required: true, whitespace: true, message: t('rect.notice.titleRequired') }, { max: 100 }]}>
              <Input maxLength={100} data-testid="notice-title" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="requirement" label={t('rect.notice.requirement')} rules={[{ required: true, whitespace: true, message: t('rect.notice.requirementRequired') }, { max: 5000 }]}>
          <Input.TextArea rows={3} maxLength={5000} data-testid="notice-requirement" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item name="issuedOn" label={t('rect.notice.issuedOn')}>
              <Input type="date" data-testid="notice-issued-on" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="deadline" label={t('rect.notice.deadline')} rules={[{ required: true, message: t('rect.notice.deadlineRequired') }]}>
              <Input type="date" data-testid="notice-deadline" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="responsibleName" label={t('rect.notice.responsibleName')} rules={[{ required: true, whitespace: true, message: t('rect.notice.responsibleNameRequired') }, { max: 50 }]}>
              <Input maxLength={50} data-testid="notice-responsible" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="responsibleUserId" label={t('rect.notice.responsibleUser')}>
              <Select
                allowClear
                disabled={!validUnit}
                loading={people.loading}
                showSearch={{ optionFilterProp: 'label' }}
                options={(people.data?.data ?? []).filter((u) => !u.isMachine).map((u) => ({ value: u.id, label: u.displayName }))}
                onChange={(id?: string) => {
                  const u = people.data?.data.find((x) => x.id === id);
                  if (u && !form.getFieldValue('responsibleName')) form.setFieldsValue({ responsibleName: u.displayName });
                }}
                data-testid="notice-responsible-user"
              />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('rect.notice.items')}</Typography.Title>
        <Form.List
          name="items"
          rules={[{ validator: (_, items?: unknown[]) => (items && items.length > 0 ? Promise.resolve() : Promise.reject(new Error(t('rect.notice.itemsRequired')))) }]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Space orientation="vertical" style={{ width: '100%' }} data-testid="notice-items">
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  title={t('rect.notice.itemN', { n: index + 1 })}
                  extra={fields.length > 1 && <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(field.name)} />}
                  data-testid={`notice-item-${index}`}
                >
                  <Row gutter={12}>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'problem']} label={t('rect.problem')} rules={[{ required: true, whitespace: true, message: t('rect.notice.itemProblemRequired') }, { max: 2000 }]}>
                        <Input.TextArea rows={2} maxLength={2000} data-testid={`notice-item-${index}-problem`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'requirement']} label={t('rect.requirement')} rules={[{ required: true, whitespace: true, message: t('rect.notice.itemRequirementRequired') }, { max: 2000 }]}>
                        <Input.TextArea rows={2} maxLength={2000} data-testid={`notice-item-${index}-requirement`} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={6}>
                      <Form.Item name={[field.name, 'deadline']} label={t('rect.notice.itemDeadline')}>
                        <Input type="date" />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={6}>
                      <Form.Item name={[field.name, 'responsibleName']} label={t('rect.notice.itemResponsible')} rules={[{ max: 50 }]}>
                        <Input maxLength={50} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={5}>
                      <Form.Item name={[field.name, 'sourceType']} label={t('rect.notice.itemSource')}>
                        <Select options={PROBLEM_SOURCES.map((s) => ({ value: s, label: tl('rect.source', s) }))} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={7}>
                      <Form.Item noStyle shouldUpdate={(a: NoticeValues, b: NoticeValues) => a.items?.[index]?.sourceType !== b.items?.[index]?.sourceType}>
                        {() =>
                          (form.getFieldValue(['items', field.name, 'sourceType']) ?? 'direct') === 'direct' ? null : (
                            <Form.Item name={[field.name, 'sourceId']} label={t('rect.notice.itemSourceId')} rules={[{ required: true, whitespace: true, message: t('rect.notice.itemSourceIdRequired') }, { max: 100 }]}>
                              <Input maxLength={100} />
                            </Form.Item>
                          )
                        }
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ sourceType: 'direct' })} block data-testid="notice-add-item">
                {t('rect.notice.addItem')}
              </Button>
            </Space>
          )}
        </Form.List>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} data-testid="notice-error" />}
        <Button type="primary" htmlType="submit" loading={saving} style={{ marginTop: 16 }} data-testid="notice-submit">
          {t('rect.notice.submit')}
        </Button>
      </Form>
    </Card>
  );
}
