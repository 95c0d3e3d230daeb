import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import { DECISION_STAGES, type TDecision, type TDecisionStage, type TDecisionStageView } from '@mpw/contracts';
import { ApiError, api, errorText } from '../api';
import { useLoad } from '../hooks';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { fenToYuanText, fmtDate, fmtDateTime } from '../format';
import { DECISION_STATUS_COLOURS, fieldPath, meetingBody, meetingCounts, todayIso, type MeetingValues } from '../domain';
import MeetingFields from '../components/MeetingFields';
import Attachments from '../components/Attachments';
import ProgressSteps from '../components/ProgressSteps';

function OutcomeTags({ s }: { s: Pick<TDecisionStageView, 'outcome' | 'outcomeReason' | 'isLate'> }) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap>
      {s.outcome === 'passed' && <Tag color="green">{t('decision.outcome.passed')}</Tag>}
      {s.outcome === 'failed' && <Tag color="red">{t('decision.outcome.failed')}</Tag>}
      {s.isLate && <Tag color="gold">{t('decision.late')}</Tag>}
    </Space>
  );
}

function StageRecord({ s, canUpload }: { s: TDecisionStageView; canUpload: boolean }) {
  const { t, tl, lang } = useI18n();
  const c = meetingCounts(s);
  return (
    <Card
      size="small"
      type="inner"
      title={
        <Space wrap>
          {tl('decision.stage', s.stage)}
          <OutcomeTags s={s} />
        </Space>
      }
      data-testid={`decision-stage-${s.stage}`}
      style={{ marginBottom: 12 }}
    >
      {s.outcome === 'failed' && s.outcomeReason && <Alert type="error" showIcon title={s.outcomeReason} style={{ marginBottom: 12 }} />}
      {s.isLate && <Alert type="warning" showIcon title={t('decision.lateHint', { recorded: fmtDate(s.recordedAt, lang), held: s.heldOn })} style={{ marginBottom: 12 }} />}
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('decision.heldOn')}>{s.heldOn}</Descriptions.Item>
        <Descriptions.Item label={t('decision.body')}>{s.body ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('decision.place')}>{s.place ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('decision.chair')}>{s.chair ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('decision.recorder')}>{s.recorder ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('decision.attendance')}>{c.attendance ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('decision.votesLong')}>{c.votes ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('decision.recordedAt')}>{fmtDateTime(s.recordedAt, lang)}</Descriptions.Item>
        {s.minutes && (
          <Descriptions.Item label={t('decision.minutes')} span={3}>
            <span className="pre-wrap">{s.minutes}</span>
          </Descriptions.Item>
        )}
      </Descriptions>
      <details className="stage-files">
        <summary>{t('decision.files')}</summary>
        <Attachments entityType="decision_stage" entityId={s.id} purpose="sign_in_sheet" canUpload={canUpload} />
      </details>
    </Card>
  );
}

function RecordStageForm({ decision, stage, onDone }: { decision: TDecision; stage: TDecisionStage; onDone: () => void }) {
  const { t, tl } = useI18n();
  const [form] = Form.useForm<MeetingValues>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(v: MeetingValues) {
    setSaving(true);
    setError(null);
    try {
      await api.post<TDecision>(`/decisions/${decision.id}/stages`, { stage, ...meetingBody(v) });
      form.resetFields();
      onDone();
    } catch (e) {
      setError(errorText(e));
      if (e instanceof ApiError) form.setFields(e.fieldErrors.filter((f) => f.path !== 'stage').map((f) => ({ name: fieldPath(f.path) as never, errors: [f.message] })));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card title={t('decision.recordStage', { stage: tl('decision.stage', stage) })} data-testid="decision-record-form">
      <Typography.Paragraph type="secondary">{tl('decision.stageHint', stage)}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<MeetingValues> form={form} layout="vertical" onFinish={submit} requiredMark={false} initialValues={{ heldOn: todayIso() }}>
        <MeetingFields prefix={[]} stage={stage} />
        <Button type="primary" htmlType="submit" loading={saving} data-testid="decision-record-submit">
          {t('decision.recordSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

export default function DecisionDetail() {
  const { id = '' } = useParams();
  const { t, tl, lang } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const navigate = useNavigate();
  const { data: d, loading, error, reload } = useLoad(() => api.get<TDecision>(`/decisions/${id}`), [id]);

  if (loading && !d) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (error || !d) return <Result status="warning" title={error ?? t('error.pageNotFound')} extra={<Button onClick={() => navigate('/decisions')}>{t('decision.backToList')}</Button>} />;

  const byStage = new Map(d.stages.map((s) => [s.stage, s]));
  const canWrite = can('decision:decision:write');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="decision-title">{d.title}</span>
            <Tag color={DECISION_STATUS_COLOURS[d.status]}>{tl('decision.status', d.status)}</Tag>
            {d.isMajor && <Tag color="volcano">{t('decision.major')}</Tag>}
          </Space>
        }
      >
        <Descriptions bordered size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('decision.no')}>
            <Typography.Text code copyable>
              {d.decisionNo}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('matter.village')}>{d.regionName}</Descriptions.Item>
          <Descriptions.Item label={t('matter.amount')}>{d.amountFen === null ? '—' : t('settings.yuan', { v: fenToYuanText(d.amountFen) })}</Descriptions.Item>
          <Descriptions.Item label={t('decision.startedAt')}>{fmtDateTime(d.createdAt, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('decision.nextStage')}>{d.nextStage ? tl('decision.stage', d.nextStage) : '—'}</Descriptions.Item>
          {d.matterId && (
            <Descriptions.Item label={t('decision.matter')}>
              <Link to={`/matters/${d.matterId}`}>{t('decision.openMatter')}</Link>
            </Descriptions.Item>
          )}
        </Descriptions>
        <ProgressSteps
          style={{ marginTop: 24 }}
          size="small"
          data-testid="decision-steps"
          items={DECISION_STAGES.map((st) => {
            const rec = byStage.get(st);
            return {
              title: tl('decision.stage', st),
              content: rec ? (
                <Space orientation="vertical" size={0}>
                  <span>{rec.heldOn}</span>
                  <OutcomeTags s={rec} />
                </Space>
              ) : st === d.nextStage ? (
                t('decision.waiting')
              ) : undefined,
              status: rec ? (rec.outcome === 'failed' ? 'error' : 'finish') : st === d.nextStage ? 'process' : 'wait',
            };
          })}
        />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={canWrite && d.nextStage ? 14 : 24}>
          <Card title={t('decision.records')}>
            {d.stages.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('decision.noRecords')} />
            ) : (
              [...d.stages]
                .sort((a, b) => DECISION_STAGES.indexOf(a.stage) - DECISION_STAGES.indexOf(b.stage))
                .map((s) => <StageRecord key={s.id} s={s} canUpload={canWrite && can('attachment:file:upload')} />)
            )}
          </Card>
        </Col>
        {canWrite && d.nextStage && (
          <Col xs={24} xl={10}>
            <RecordStageForm
              decision={d}
              stage={d.nextStage}
              onDone={() => {
                message.success(t('decision.recorded'));
                reload();
              }}
            />
          </Col>
        )}
      </Row>
    </Space>
  );
}
