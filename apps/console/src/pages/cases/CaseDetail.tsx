import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { App, Button, Card, Col, Descriptions, Empty, Result, Row, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { TCaseDetail, TCaseEvent, TCaseSanction, TCaseSummary } from '@mpw/contracts';
import { api, errorText } from '../../api';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n';
import { fenToYuanText, fmtDateTime } from '../../format';
import Attachments from '../../components/Attachments';
import ProgressSteps from '../../components/ProgressSteps';
import ReasonModal from '../../components/ReasonModal';
import { dayOnly } from '../reports/report-logic';
import { actionButtons, actionPath, caseSteps, sourcePath, type TCaseAction } from './case-logic';
import { AccountabilityModal, ApprovalModal, DatedStepModal, DecideModal, NoteModal, TypicalModal } from './CaseDialogs';
import { CaseKindTag, CaseStatusTag, ToleranceTag, TypicalStatusTag } from './CaseTags';

/**
 * 案件详情: header with number, status and progress; the subject (identity number masked by the server);
 * the source; the history (including every 查阅案卷); sanctions; 一案双查 records; 容错纠错; the
 * typical case; the case file. Buttons are exactly the server's `actions`.
 */
export default function CaseDetail() {
  const { id = '' } = useParams();
  const { t, tl, lang } = useI18n();
  const { message, modal } = App.useApp();
  const [dialog, setDialog] = useState<TCaseAction | null>(null);
  const [filesKey, setFilesKey] = useState(0);
  const loaded = useLoad(() => api.get<TCaseDetail>(`/cases/${id}`), [id]);

  if (loaded.loading && !loaded.data) return <Spin />;
  if (loaded.error || !loaded.data) {
    return <Result status="404" title={t('case.notFound')} subTitle={loaded.error ?? undefined} extra={<Link to="/cases">{t('case.back')}</Link>} data-testid="case-not-found" />;
  }
  const c = loaded.data;
  const close = () => setDialog(null);

  async function act(action: TCaseAction, body: unknown) {
    const res = await api.post<unknown>(actionPath(action, c.id, c.typical?.id), body);
    setDialog(null);
    if (action === 'add_accountability' && res && typeof res === 'object' && 'number' in res) message.success(t('case.accountabilityCreated', { number: String((res as TCaseSummary).number) }));
    else message.success(t('case.saved'));
    if (action === 'note') setFilesKey((k) => k + 1);
    loaded.reload();
  }

  function confirmThen(action: TCaseAction, title: string) {
    modal.confirm({
      title,
      okButtonProps: { 'data-testid': `case-${action}-confirm` } as never,
      onOk: async () => {
        try {
          await act(action, {});
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  }

  function open(action: TCaseAction) {
    if (action === 'publish_typical') confirmThen(action, t('case.dlg.publishConfirm'));
    else if (action === 'withdraw_typical') confirmThen(action, t('case.dlg.withdrawConfirm'));
    else setDialog(action);
  }

  const steps = caseSteps(c.status);
  const stepDate: Partial<Record<string, string | null>> = { filed: c.filedOn, decided: c.decidedOn, executed: c.executedOn };
  const source = sourcePath(c.sourceType, c.sourceId);
  const names = [c.subjectName, ...c.accountability.map((a) => a.subjectName)];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Link to="/cases" aria-label={t('case.back')}>
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="case-number">{c.number}</span>
            <CaseStatusTag status={c.status} />
            <CaseKindTag kind={c.kind} />
            <ToleranceTag status={c.faultToleranceStatus} />
          </Space>
        }
        extra={
          <Space wrap data-testid="case-actions">
            {actionButtons(c.actions).map((a) => (
              <Button key={a.key} type={a.primary ? 'primary' : 'default'} danger={a.danger} onClick={() => open(a.key)} data-testid={`case-action-${a.key}`}>
                {t(a.labelKey)}
              </Button>
            ))}
          </Space>
        }
      >
        <ProgressSteps
          size="small"
          titlePlacement="vertical"
          current={steps.current}
          status={steps.finished ? 'finish' : 'process'}
          style={{ marginBottom: 20 }}
          data-testid="case-steps"
          items={steps.steps.map((s) => ({ title: tl('case.status', s), content: stepDate[s] ? dayOnly(stepDate[s]) : undefined }))}
        />
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {c.title}
        </Typography.Title>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} data-testid="case-facts">
          <Descriptions.Item label={t('case.subject')}>
            {c.subjectName} · {c.subjectPosition}
          </Descriptions.Item>
          {c.subjectIdNumberMasked && (
            <Descriptions.Item label={t('case.subjectIdNumber')}>
              <span data-testid="case-subject-id">{c.subjectIdNumberMasked}</span>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('case.region')}>{c.regionName ?? c.regionCode}</Descriptions.Item>
          <Descriptions.Item label={t('case.handling')}>{c.handlingRegionName ?? c.handlingRegionCode}</Descriptions.Item>
          <Descriptions.Item label={t('case.sourceCol')}>
            <Space size={4} wrap>
              <Tag>{tl('case.source', c.sourceType)}</Tag>
              {c.sourceLabel && <span>{c.sourceLabel}</span>}
              {source && (
                <Link to={source} data-testid="case-source-link">
                  {t('case.sourceLink')}
                </Link>
              )}
            </Space>
          </Descriptions.Item>
          {c.parentCaseId && (
            <Descriptions.Item label={t('case.parentCase')}>
              <Link to={`/cases/${c.parentCaseId}`} data-testid="case-parent-link">
                {c.parentCaseNumber ?? c.parentCaseId}
              </Link>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('case.filedOn')}>{dayOnly(c.filedOn)}</Descriptions.Item>
          <Descriptions.Item label={t('case.decidedOn')}>{dayOnly(c.decidedOn)}</Descriptions.Item>
          <Descriptions.Item label={t('case.executedOn')}>{dayOnly(c.executedOn)}</Descriptions.Item>
          {c.recoveredFen !== null && c.recoveredFen > 0 && (
            <Descriptions.Item label={t('case.recovered')}>
              <span data-testid="case-recovered">{fenToYuanText(c.recoveredFen)} 元</span>
            </Descriptions.Item>
          )}
          {c.closedReason && (
            <Descriptions.Item label={t('case.closedReason')} span={3}>
              {c.closedReason}
            </Descriptions.Item>
          )}
        </Descriptions>
        <Typography.Title level={5}>{t('case.summary')}</Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15 }} data-testid="case-summary">
          {c.summary}
        </Typography.Paragraph>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('case.history')} data-testid="case-history">
            <Typography.Paragraph type="secondary">{t('case.readHint')}</Typography.Paragraph>
            {c.events.length ? <Timeline items={c.events.map((e) => ({ key: e.id, color: e.kind === 'read' ? 'gray' : 'blue', content: <EventItem e={e} /> }))} /> : <Empty />}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('case.sanctions')} data-testid="case-sanctions">
              <Table<TCaseSanction>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={c.sanctions}
                scroll={{ x: 720 }}
                locale={{ emptyText: t('case.noSanctions') }}
                columns={[
                  { title: t('case.sanctionCategory'), dataIndex: 'category', width: 120, render: (v: string) => tl('case.category', v) },
                  { title: t('case.sanctionMeasure'), dataIndex: 'measure', width: 130, render: (v: string, s) => (lang === 'zh' ? s.measureLabel : tl(`case.measure.${s.category}`, v)) },
                  { title: t('case.sanctionAmount'), dataIndex: 'amountFen', width: 110, render: (v: number | null) => (v === null ? '—' : fenToYuanText(v)) },
                  { title: t('case.sanctionDecidedOn'), dataIndex: 'decidedOn', width: 105, render: (v: string) => dayOnly(v) },
                  { title: t('case.sanctionExecutedOn'), dataIndex: 'executedOn', width: 105, render: (v: string | null) => dayOnly(v) },
                  { title: t('case.sanctionNote'), dataIndex: 'note', width: 150, render: (v: string | null) => v ?? '—' },
                ]}
              />
            </Card>

            {(c.kind === 'main' || c.accountability.length > 0) && (
              <Card title={c.kind === 'main' ? t('case.accountability') : t('case.accountabilityOf')} data-testid="case-accountability">
                <Table<TCaseSummary>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={c.accountability}
                  locale={{ emptyText: t('case.noAccountability') }}
                  columns={[
                    { title: t('case.number'), dataIndex: 'number', width: 190, render: (v: string, a) => <Link to={`/cases/${a.id}`}>{v}</Link> },
                    { title: t('case.subject'), dataIndex: 'subjectName', render: (v: string, a) => `${v} · ${a.subjectPosition}` },
                    { title: t('case.statusCol'), dataIndex: 'status', width: 130, render: (_: string, a) => <CaseStatusTag status={a.status} /> },
                  ]}
                />
              </Card>
            )}

            {c.faultToleranceStatus && (
              <Card title={t('case.toleranceBox')} data-testid="case-tolerance-box">
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label={t('case.toleranceCol')}>
                    <ToleranceTag status={c.faultToleranceStatus} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('case.toleranceGrounds')}>
                    <span style={{ whiteSpace: 'pre-wrap' }}>{c.faultToleranceGrounds ?? '—'}</span>
                  </Descriptions.Item>
                  {c.faultToleranceDecidedAt && (
                    <Descriptions.Item label={t('case.toleranceDecidedBy')}>
                      {c.faultToleranceDecidedByName ?? '—'} {fmtDateTime(c.faultToleranceDecidedAt, lang)}
                    </Descriptions.Item>
                  )}
                </Descriptions>
              </Card>
            )}

            {c.typical && (
              <Card title={t('case.typicalBox')} extra={<TypicalStatusTag status={c.typical.status} />} data-testid="case-typical">
                <Typography.Title level={5} style={{ marginTop: 0 }}>
                  {c.typical.title}
                </Typography.Title>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.typical.summary}</Typography.Paragraph>
                {c.typical.lesson && (
                  <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
                    {t('case.typicalLesson')}：{c.typical.lesson}
                  </Typography.Paragraph>
                )}
                <Space size={16} wrap>
                  {c.typical.approvedAt && (
                    <Typography.Text type="secondary">
                      {t('case.typicalApproved')}：{c.typical.approvedByName ?? '—'} {fmtDateTime(c.typical.approvedAt, lang)}
                    </Typography.Text>
                  )}
                  {c.typical.publishedAt && (
                    <Typography.Text type="secondary">
                      {t('case.typicalPublishedAt')}：{fmtDateTime(c.typical.publishedAt, lang)}
                    </Typography.Text>
                  )}
                </Space>
              </Card>
            )}

            <Card title={t('case.attachments')} data-testid="case-attachments">
              <Attachments key={filesKey} entityType="case" entityId={c.id} purpose="verification_evidence" canUpload={false} />
            </Card>
          </Space>
        </Col>
      </Row>

      {dialog === 'file' && (
        <DatedStepModal title={t('case.action.file')} dateField="filedOn" dateLabel={t('case.dlg.filedOn')} noteLabel={t('case.dlg.fileNote')} testId="case-file" onClose={close} onSubmit={(b) => act('file', b)} />
      )}
      {dialog === 'execute' && (
        <DatedStepModal title={t('case.action.execute')} dateField="executedOn" dateLabel={t('case.dlg.executedOn')} noteLabel={t('case.dlg.executeNote')} testId="case-execute" onClose={close} onSubmit={(b) => act('execute', b)} />
      )}
      <ReasonModal open={dialog === 'close_unfiled'} title={t('case.action.close_unfiled')} label={t('case.dlg.closeReason')} required danger maxLength={2000} onClose={close} onSubmit={(reason) => act('close_unfiled', { reason })} testId="case-close-unfiled" />
      <ReasonModal open={dialog === 'investigate'} title={t('case.action.investigate')} label={t('case.dlg.stepNote')} required={false} maxLength={2000} onClose={close} onSubmit={(note) => act('investigate', note ? { note } : {})} testId="case-investigate" />
      <ReasonModal open={dialog === 'review'} title={t('case.action.review')} label={t('case.dlg.stepNote')} required={false} maxLength={2000} onClose={close} onSubmit={(note) => act('review', note ? { note } : {})} testId="case-review" />
      <ReasonModal
        open={dialog === 'propose_tolerance'}
        title={t('case.action.propose_tolerance')}
        description={<Typography.Text type="secondary">{t('case.dlg.toleranceHint')}</Typography.Text>}
        label={t('case.dlg.grounds')}
        required
        maxLength={5000}
        onClose={close}
        onSubmit={(grounds) => act('propose_tolerance', { grounds })}
        testId="case-tolerance"
      />
      {dialog === 'decide' && <DecideModal onClose={close} onSubmit={(b) => act('decide', b)} />}
      {dialog === 'note' && <NoteModal caseId={c.id} onClose={close} onSubmit={(b) => act('note', b)} />}
      {dialog === 'decide_tolerance' && <ApprovalModal title={t('case.action.decide_tolerance')} noteRequired testId="case-tolerance-decide" onClose={close} onSubmit={(b) => act('decide_tolerance', b)} />}
      {dialog === 'decide_typical' && <ApprovalModal title={t('case.action.decide_typical')} noteRequired={false} testId="case-typical-decide" onClose={close} onSubmit={(b) => act('decide_typical', b)} />}
      {dialog === 'add_accountability' && <AccountabilityModal onClose={close} onSubmit={(b) => act('add_accountability', b)} />}
      {dialog === 'draft_typical' && <TypicalModal names={names} onClose={close} onSubmit={(b) => act('draft_typical', b)} />}
    </Space>
  );
}

function EventItem({ e }: { e: TCaseEvent }) {
  const { t, tl, lang } = useI18n();
  return (
    <div data-testid={`case-event-${e.kind}`}>
      <Space size={6} wrap>
        <Typography.Text strong={e.kind !== 'read'} type={e.kind === 'read' ? 'secondary' : undefined}>
          {tl('case.event', e.kind)}
        </Typography.Text>
        <Typography.Text type="secondary">{fmtDateTime(e.at, lang)}</Typography.Text>
        {e.actorName && <Typography.Text type="secondary">{e.actorName}</Typography.Text>}
        {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus && (
          <Typography.Text type="secondary">{t('case.statusChange', { from: tl('case.status', e.fromStatus), to: tl('case.status', e.toStatus) })}</Typography.Text>
        )}
      </Space>
      {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
    </div>
  );
}
