import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { App, Button, Card, Col, Descriptions, Empty, Result, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { ROLE_DEFINITIONS, type TRole } from '@mpw/contracts';
import { api } from '../api';
import { useLoad } from '../hooks';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { fenToYuanText, fmtDate, fmtDateTime } from '../format';
import { MATTER_STATUS_COLOURS, eventColour, isDangerAction, meetingCounts, sortActions, stepStatus, type TMatterDetail, type TMatterEvent } from '../domain';
import Flowchart from '../components/Flowchart';
import ProgressSteps from '../components/ProgressSteps';
import Attachments from '../components/Attachments';
import MatterActionModal from '../components/MatterActionModal';

function roleText(roles: string | null, lang: 'zh' | 'en'): string[] {
  if (!roles || roles === 'anonymous') return [];
  return roles
    .split(',')
    .filter(Boolean)
    .map((r) => ROLE_DEFINITIONS[r as TRole]?.label[lang] ?? r);
}

function EventContent({ e }: { e: TMatterEvent }) {
  const { t, tl, lang } = useI18n();
  const data = (e.data && typeof e.data === 'object' ? e.data : {}) as Record<string, unknown>;
  const counts = meetingCounts(data as never);
  const skipped = Array.isArray(data.skipped) ? (data.skipped as string[]) : [];
  return (
    <div className="event" data-testid="matter-event">
      <div className="event-head">
        <strong>{tl('matter.action', e.action)}</strong>
        {e.stepName && <Typography.Text type="secondary"> · {e.stepName}</Typography.Text>}
      </div>
      <div className="event-meta">
        {/* A villager's objection from the portal has no account: actor role 'anonymous'. */}
        <span>{e.actorRole === 'anonymous' ? t('matter.publicActor') : (e.actorName ?? t('audit.system'))}</span>
        {roleText(e.actorRole, lang).map((r) => (
          <Tag key={r} variant="outlined" style={{ marginInlineStart: 6 }}>
            {r}
          </Tag>
        ))}
        <Typography.Text type="secondary">{fmtDateTime(e.at, lang)}</Typography.Text>
      </div>
      {e.note && <div className="event-note">{e.note}</div>}
      {typeof data.heldOn === 'string' && (
        <div className="event-note">
          {t('matter.meetingSummary', { body: String(data.body ?? ''), date: data.heldOn })}
          {counts.attendance && ` · ${t('decision.attendance')} ${counts.attendance}`}
          {counts.votes && ` · ${t('decision.votes')} ${counts.votes}`}
          {data.outcome === 'passed' && <Tag color="green" style={{ marginInlineStart: 6 }}>{t('decision.outcome.passed')}</Tag>}
          {data.outcome === 'failed' && <Tag color="red" style={{ marginInlineStart: 6 }}>{t('decision.outcome.failed')}</Tag>}
        </div>
      )}
      {typeof data.upheld === 'boolean' && <Tag color={data.upheld ? 'red' : 'green'}>{data.upheld ? t('matter.upheldYes') : t('matter.upheldNo')}</Tag>}
      {skipped.length > 0 && <div className="event-note">{t('matter.skippedSteps', { n: skipped.length })}</div>}
    </div>
  );
}

export default function MatterDetail() {
  const { id = '' } = useParams();
  const { t, tl, lang } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const navigate = useNavigate();
  const [action, setAction] = useState<string | null>(null);
  const [objectionId, setObjectionId] = useState<string | undefined>();
  const [vouchers, setVouchers] = useState(0);
  const { data: m, loading, error, reload } = useLoad(() => api.get<TMatterDetail>(`/matters/${id}`), [id]);

  if (loading && !m) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (error || !m) return <Result status="warning" title={error ?? t('error.pageNotFound')} extra={<Button onClick={() => navigate('/matters')}>{t('matter.backToList')}</Button>} />;

  const actions = sortActions(m.allowedActions);
  const isOpen = m.status === 'running' || m.status === 'paused';

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card
            title={
              <Space wrap>
                <span data-testid="matter-title">{m.title}</span>
                <Tag color={MATTER_STATUS_COLOURS[m.status]} data-testid="matter-status">
                  {tl('matter.status', m.status)}
                </Tag>
                {m.isOverdue && (
                  <Tag color="red" icon={<WarningOutlined />}>
                    {t('matter.overdue')}
                  </Tag>
                )}
              </Space>
            }
            style={{ height: '100%' }}
          >
            <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} styles={{ label: { whiteSpace: 'nowrap' } }} data-testid="matter-info">
              <Descriptions.Item label={t('matter.no')}>
                <Typography.Text code copyable>
                  {m.matterNo}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('matter.village')}>{m.regionName}</Descriptions.Item>
              <Descriptions.Item label={t('matter.item')}>
                <Link to={`/power/${m.itemId}`}>
                  {m.itemCode} {m.itemName}
                </Link>{' '}
                <Tag>{t('power.versionN', { n: m.itemVersion })}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('matter.amount')}>{m.amountFen === null ? '—' : t('settings.yuan', { v: fenToYuanText(m.amountFen) })}</Descriptions.Item>
              <Descriptions.Item label={t('matter.currentStep')}>
                {m.currentStepName ?? '—'}
                {m.currentStepRole && <Typography.Text type="secondary"> · {ROLE_DEFINITIONS[m.currentStepRole as TRole]?.label[lang] ?? m.currentStepRole}</Typography.Text>}
              </Descriptions.Item>
              <Descriptions.Item label={t('matter.dueOn')}>
                <span className={m.isOverdue ? 'text-overdue' : undefined}>{m.stepDueOn ? fmtDate(m.stepDueOn, lang) : '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('matter.applicantName')}>{m.applicantName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('matter.applicantIdNumber')}>
                <span className="nowrap">{m.applicantIdMasked ?? '—'}</span>
              </Descriptions.Item>
              {m.noticeEndsOn && <Descriptions.Item label={t('matter.noticeEnds')}>{fmtDate(m.noticeEndsOn, lang)}</Descriptions.Item>}
              {m.decisionId && (
                <Descriptions.Item label={t('matter.decision')}>
                  {can('decision:decision:read') ? <Link to={`/decisions/${m.decisionId}`}>{t('matter.openDecision')}</Link> : t('common.yes')}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('matter.startedAt')}>{fmtDateTime(m.createdAt, lang)}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('matter.actions')} style={{ height: '100%' }} data-testid="matter-actions">
            {actions.length === 0 ? (
              <Typography.Text type="secondary">{isOpen ? t('matter.noActionForYou') : t('matter.closed')}</Typography.Text>
            ) : (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {m.status === 'paused' && <Typography.Text type="warning">{t('matter.pausedHint')}</Typography.Text>}
                {actions.map((a, i) => (
                  <Button
                    key={a}
                    block
                    type={i === 0 && !isDangerAction(a) ? 'primary' : 'default'}
                    danger={isDangerAction(a)}
                    onClick={() => {
                      setObjectionId(undefined);
                      setAction(a);
                    }}
                    data-testid={`matter-action-${a}`}
                  >
                    {tl('matter.action', a)}
                  </Button>
                ))}
              </Space>
            )}
          </Card>
        </Col>
      </Row>

      <Card title={t('matter.flow')} data-testid="matter-flow">
        <div className="flow-layout">
          <div className="flow-steps">
            <ProgressSteps
              orientation="vertical"
              size="small"
              data-testid="matter-steps"
              items={m.steps.map((s) => ({
                title: (
                  <Space size={4} wrap>
                    <span>{s.name}</span>
                    {s.state === 'skipped' && <Tag>{t('matter.stepState.skipped')}</Tag>}
                    {s.state === 'current' && <Tag color={m.isOverdue ? 'red' : m.status === 'paused' ? 'orange' : 'blue'}>{m.status === 'paused' ? t('matter.status.paused') : t('matter.stepState.current')}</Tag>}
                  </Space>
                ),
                content: (
                  <Typography.Text type="secondary">
                    {tl('stepKind', s.kind)} · {ROLE_DEFINITIONS[s.role as TRole]?.label[lang] ?? s.role} · {t('power.workingDays', { n: s.deadlineDays })}
                    {s.state === 'current' && m.stepDueOn ? ` · ${t('matter.dueOnShort', { date: m.stepDueOn })}` : ''}
                  </Typography.Text>
                ),
                status: stepStatus(s, m),
                disabled: s.state === 'skipped',
                className: `step-${s.state}`,
              }))}
            />
          </div>
          <Flowchart itemId={m.itemId} version={m.itemVersion} steps={m.steps} overdue={m.isOverdue} />
        </div>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('matter.history')} data-testid="matter-history">
            <Timeline items={[...m.events].reverse().map((e) => ({ key: e.id, color: eventColour(e.action), content: <EventContent e={e} /> }))} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('matter.objections')} data-testid="matter-objections">
              {m.objections.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('matter.noObjections')} />
              ) : (
                <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                  {m.objections.map((o) => (
                    <Card key={o.id} size="small" type="inner">
                      <div>
                        <strong>{o.raisedByName ?? t('matter.anonymous')}</strong>{' '}
                        <Typography.Text type="secondary">{fmtDateTime(o.raisedAt, lang)}</Typography.Text>
                      </div>
                      <p className="objection-text">{o.content}</p>
                      {o.answeredAt ? (
                        <div className="objection-answer">
                          <Tag color={o.upheld ? 'red' : 'green'}>{o.upheld ? t('matter.upheldYes') : t('matter.upheldNo')}</Tag>
                          {o.answer}
                          <div>
                            <Typography.Text type="secondary">{fmtDateTime(o.answeredAt, lang)}</Typography.Text>
                          </div>
                        </div>
                      ) : (
                        <Space>
                          <Tag color="orange">{t('matter.awaitingAnswer')}</Tag>
                          {m.allowedActions.includes('answer_objection') && (
                            <Button
                              size="small"
                              type="primary"
                              onClick={() => {
                                setObjectionId(o.id);
                                setAction('answer_objection');
                              }}
                            >
                              {t('matter.action.answer_objection')}
                            </Button>
                          )}
                        </Space>
                      )}
                    </Card>
                  ))}
                </Space>
              )}
            </Card>
            <Card title={t('matter.attachments')}>
              <Attachments entityType="matter" entityId={m.id} purpose="voucher" canUpload={can('attachment:file:upload') && isOpen} onChanged={setVouchers} />
            </Card>
          </Space>
        </Col>
      </Row>

      <MatterActionModal
        matter={m}
        action={action}
        voucherCount={vouchers}
        objectionId={objectionId}
        onClose={() => setAction(null)}
        onDone={() => {
          const done = action;
          setAction(null);
          message.success(t('matter.actionDone', { action: done ? tl('matter.action', done) : '' }));
          reload();
        }}
      />
    </Space>
  );
}
