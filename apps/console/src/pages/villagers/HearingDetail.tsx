import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, List, Modal, Result, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import type { THearingCadre, THearingDetail, TRatingCounts } from '@mpw/contracts';
import type { z } from 'zod';
import type { ZRatingComment } from '@mpw/contracts';
import { api, errorText } from '../../api';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n';
import { useSession, useUser } from '../../session';
import { fmtDateTime } from '../../format';
import ReasonModal from '../../components/ReasonModal';
import HearingForm from './HearingForm';
import QuestionTable from './QuestionTable';
import { HearingStatusTag } from './VillagerTags';
import { canEditReport, dissatisfiedIsHigh, hearingActions, percentText, VILLAGER_API } from './villagers-logic';

const RatingChart = lazy(() => import('./RatingChart'));

type TRatingComment = z.infer<typeof ZRatingComment>;

/** Writing or rewriting one cadre's 述职述廉 report (public once saved). */
function ReportModal({ hearingId, cadre, onClose, onDone }: { hearingId: string; cadre: THearingCadre | null; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ report: string }>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  // Filled as the dialog opens (before anyone can type), from the cadre's current report.
  useEffect(() => {
    if (!cadre) return;
    setError(null);
    form.setFieldsValue({ report: cadre.report ?? '' });
  }, [cadre, form]);

  async function submit(v: { report: string }) {
    if (!cadre) return;
    setSaving(true);
    setError(null);
    try {
      await api.put(VILLAGER_API.cadreReport(hearingId, cadre.id), { report: v.report.trim() });
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={!!cadre}
      width={760}
      title={cadre ? t('vil.hr.reportTitle', { name: cadre.name, position: cadre.position }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'hr-report-ok' } as never}
      forceRender
    >
      <Alert type="info" showIcon title={t('vil.hr.reportPublic')} style={{ marginBottom: 12 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="report" rules={[{ required: true, whitespace: true, message: t('vil.hr.reportRequired') }, { min: 10, message: t('vil.hr.reportMin') }]}>
          <Input.TextArea rows={14} maxLength={10000} showCount data-testid="hr-report-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ResultsLine({ r }: { r: TRatingCounts | null }) {
  const { t } = useI18n();
  if (!r || r.total === 0) return <Typography.Text type="secondary">{t('vil.hr.noRatings')}</Typography.Text>;
  return (
    <Space size={12} wrap data-testid="hr-cadre-results">
      <span>{t('vil.hr.ratingsTotal', { n: r.total })}</span>
      <Tag color="green">{t('vil.hr.countOf', { label: t('vil.level.satisfied'), n: r.satisfied })}</Tag>
      <Tag color="gold">{t('vil.hr.countOf', { label: t('vil.level.basically_satisfied'), n: r.basically_satisfied })}</Tag>
      <Tag color="red">{t('vil.hr.countOf', { label: t('vil.level.dissatisfied'), n: r.dissatisfied })}</Tag>
      <Typography.Text type={dissatisfiedIsHigh(r) ? 'danger' : undefined} strong={dissatisfiedIsHigh(r)}>
        {t('vil.hr.dissatisfiedShare', { share: percentText(r.dissatisfiedShare) })}
      </Typography.Text>
    </Space>
  );
}

/**
 * A 问政会: facts and state changes (召开 / 结束 / 取消 with a reason), each cadre's 述职述廉 report
 * (written by the cadre's account or a manager), the questions sent to it with 答复 and 屏蔽, live
 * results per cadre and, for hearing:rating:read, the comments left with the ratings.
 */
export default function HearingDetail() {
  const { id = '' } = useParams();
  const { t, tl, lang } = useI18n();
  const { message, modal } = App.useApp();
  const { can } = useSession();
  const user = useUser();
  const hearing = useLoad(() => api.get<THearingDetail>(VILLAGER_API.hearing(id)), [id]);
  const canComments = can('hearing:rating:read');
  const comments = useLoad(() => (canComments ? api.get<TRatingComment[]>(VILLAGER_API.ratingComments(id)) : Promise.resolve([])), [id, canComments]);
  const [editing, setEditing] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reportOf, setReportOf] = useState<THearingCadre | null>(null);

  if (hearing.loading && !hearing.data) return <Spin />;
  if (hearing.error || !hearing.data) {
    return <Result status="404" title={hearing.error ?? t('error.pageNotFound')} extra={<Link to="/hearings">{t('vil.hr.back')}</Link>} data-testid="hr-not-found" />;
  }
  const h = hearing.data;
  const canManage = can('hearing:hearing:manage');
  const actions = canManage ? hearingActions(h.status) : [];
  const reload = () => {
    hearing.reload();
    comments.reload();
  };

  function confirmAction(action: 'start' | 'close') {
    modal.confirm({
      title: t(action === 'start' ? 'vil.hr.startConfirm' : 'vil.hr.closeConfirm'),
      content: t(action === 'start' ? 'vil.hr.startHint' : 'vil.hr.closeHint'),
      okText: t(action === 'start' ? 'vil.hr.start' : 'vil.hr.close'),
      okButtonProps: { 'data-testid': `hr-${action}-ok` } as never,
      onOk: async () => {
        try {
          await api.post(VILLAGER_API.hearingAction(id, action), {});
          message.success(t(action === 'start' ? 'vil.hr.started' : 'vil.hr.closed'));
          reload();
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  }

  const rated = h.cadres.some((c) => (c.results?.total ?? 0) > 0);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Link to="/hearings" aria-label={t('vil.hr.back')}>
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="hr-title">{h.title}</span>
            <HearingStatusTag status={h.status} />
          </Space>
        }
        extra={
          <Space wrap data-testid="hr-actions">
            {canManage && h.status === 'scheduled' && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="hr-edit">
                {t('common.edit')}
              </Button>
            )}
            {actions.includes('start') && (
              <Button type="primary" onClick={() => confirmAction('start')} data-testid="hr-start">
                {t('vil.hr.start')}
              </Button>
            )}
            {actions.includes('close') && (
              <Button type="primary" onClick={() => confirmAction('close')} data-testid="hr-close">
                {t('vil.hr.close')}
              </Button>
            )}
            {actions.includes('cancel') && (
              <Button danger onClick={() => setCancelling(true)} data-testid="hr-cancel">
                {t('vil.hr.cancel')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }} data-testid="hr-facts">
          <Descriptions.Item label={t('vil.village')}>{h.villageName}</Descriptions.Item>
          <Descriptions.Item label={t('vil.quarter')}>{h.quarter}</Descriptions.Item>
          <Descriptions.Item label={t('vil.hr.scheduledAt')}>{fmtDateTime(h.scheduledAt, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('vil.hr.place')}>{h.place}</Descriptions.Item>
          <Descriptions.Item label={t('vil.hr.startedAt')}>{fmtDateTime(h.startedAt, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('vil.hr.closedAt')}>{fmtDateTime(h.closedAt, lang)}</Descriptions.Item>
          {h.description && (
            <Descriptions.Item label={t('vil.hr.description')} span={3}>
              {h.description}
            </Descriptions.Item>
          )}
          {h.cancelReason && (
            <Descriptions.Item label={t('vil.hr.cancelReason')} span={3}>
              <Typography.Text type="danger">{h.cancelReason}</Typography.Text>
            </Descriptions.Item>
          )}
        </Descriptions>
        <Row gutter={16} style={{ marginTop: 8 }}>
          <Col>
            <Statistic title={t('vil.hr.questions')} value={h.questionCount} />
          </Col>
          <Col>
            <Statistic title={t('vil.hr.answeredCount')} value={h.answeredCount} />
          </Col>
        </Row>
      </Card>

      <Card title={t('vil.hr.cadreReports')} data-testid="hr-cadres">
        <List
          dataSource={h.cadres}
          renderItem={(c) => (
            <List.Item
              key={c.id}
              data-testid="hr-cadre"
              actions={
                canEditReport(h, c, { id: user.id, canManage })
                  ? [
                      <Button key="edit" size="small" icon={<EditOutlined />} onClick={() => setReportOf(c)} data-testid="hr-report-edit">
                        {c.report ? t('vil.hr.reportEdit') : t('vil.hr.reportWrite')}
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <span>{c.name}</span>
                    <Typography.Text type="secondary">{c.position}</Typography.Text>
                    {c.report ? <Tag color="green">{t('vil.hr.reportPublished')}</Tag> : <Tag>{t('vil.hr.reportMissing')}</Tag>}
                  </Space>
                }
                description={
                  <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                    {c.report ? (
                      <Typography.Paragraph ellipsis={{ rows: 4, expandable: true, symbol: t('vil.hr.more') }} style={{ whiteSpace: 'pre-wrap', marginBottom: 0, color: 'inherit' }}>
                        {c.report}
                      </Typography.Paragraph>
                    ) : (
                      <Typography.Text type="secondary">{t('vil.hr.reportNone')}</Typography.Text>
                    )}
                    <ResultsLine r={c.results} />
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Card>

      <Card title={t('vil.hr.results')} extra={<Typography.Text type="secondary">{h.status === 'closed' ? t('vil.hr.resultsPublished') : t('vil.hr.resultsLive')}</Typography.Text>}>
        {rated ? (
          <Suspense fallback={<Spin />}>
            <RatingChart cadres={h.cadres} />
          </Suspense>
        ) : (
          <Empty description={t('vil.hr.noRatings')} />
        )}
      </Card>

      <Card title={t('vil.hr.questionsTitle')}>
        <QuestionTable data={h.questions} loading={hearing.loading} pagination={{ pageSize: 10, hideOnSinglePage: true }} onChanged={reload} />
      </Card>

      {canComments && (
        <Card title={t('vil.hr.comments')} extra={<Typography.Text type="secondary">{t('vil.hr.commentsHint')}</Typography.Text>}>
          {comments.error && <Alert type="error" showIcon title={comments.error} style={{ marginBottom: 16 }} />}
          <Table<TRatingComment>
            rowKey={(r, i) => `${r.cadreId}:${r.createdAt}:${i ?? 0}`}
            size="small"
            loading={comments.loading}
            dataSource={comments.data ?? []}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            data-testid="hr-comments"
            locale={{ emptyText: t('vil.hr.noComments') }}
            columns={[
              { title: t('vil.hr.cadre'), dataIndex: 'cadreName', width: 120 },
              { title: t('vil.hr.level'), dataIndex: 'level', width: 100, render: (l: string) => tl('vil.level', l) },
              { title: t('vil.hr.comment'), dataIndex: 'comment' },
              { title: t('vil.hr.ratedAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => fmtDateTime(v, lang) },
            ]}
          />
        </Card>
      )}

      <HearingForm
        open={editing}
        hearing={h}
        defaultRegion={h.regionCode}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          message.success(t('common.saved'));
          hearing.reload();
        }}
      />
      <ReasonModal
        open={cancelling}
        title={t('vil.hr.cancelTitle')}
        label={t('vil.hr.cancelReason')}
        required
        danger
        okText={t('vil.hr.cancel')}
        description={t('vil.hr.cancelHint')}
        maxLength={500}
        testId="hr-cancel"
        onClose={() => setCancelling(false)}
        onSubmit={async (reason) => {
          await api.post(VILLAGER_API.hearingAction(id, 'cancel'), { reason });
          setCancelling(false);
          message.success(t('vil.hr.cancelled'));
          reload();
        }}
      />
      <ReportModal
        hearingId={id}
        cadre={reportOf}
        onClose={() => setReportOf(null)}
        onDone={() => {
          setReportOf(null);
          message.success(t('vil.hr.reportSaved'));
          hearing.reload();
        }}
      />
    </Space>
  );
}
