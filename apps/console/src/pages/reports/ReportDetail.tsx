import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { App, Button, Card, Col, Descriptions, Empty, List, Result, Row, Space, Spin, Table, Tag, Timeline, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, EyeOutlined, FileProtectOutlined, PaperClipOutlined, PrinterOutlined, UploadOutlined } from '@ant-design/icons';
import type { TReportDetail, TReportEvent, TReportReward } from '@mpw/contracts';
import { api, buildUrl, errorText } from '../../api';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { fenToYuanText, fmtDateTime } from '../../format';
import ReasonModal from '../../components/ReasonModal';
import { sizeText } from '../../components/Attachments';
import { dayOnly, isDayOnly } from './report-logic';
import { DueOn, ReportFlags, ReportStatusTag } from './ReportTags';
import { AssignModal, ConcludeModal, LinkModal, RevealModal, RewardModal, SubjectIdModal, TransferModal } from './ReportDialogs';

type Dialog = null | 'accept' | 'notAccept' | 'assign' | 'transfer' | 'note' | 'conclude' | 'feedback' | 'ask' | 'reveal' | 'link' | 'proposeReward' | 'subject' | { reward: string; approve: boolean };

/** 举报详情: the facts, the history, messages with the reporter, attachments, rewards, and the actions the server allows (`can`). */
export default function ReportDetail() {
  const { id = '' } = useParams();
  const { t, tl, lang } = useI18n();
  const { message, modal } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const report = useLoad(() => api.get<TReportDetail>(`/reports/${id}`), [id]);
  const session = useSession();

  if (report.loading && !report.data) return <Spin />;
  if (report.error || !report.data) {
    return <Result status="404" title={report.error ?? t('error.pageNotFound')} extra={<Link to="/reports">{t('report.back')}</Link>} data-testid="report-not-found" />;
  }
  const r = report.data;
  const close = () => setDialog(null);

  async function act(path: string, body: unknown) {
    await api.post<TReportDetail>(`/reports/${id}/${path}`, body);
    setDialog(null);
    message.success(t('report.saved'));
    report.reload();
  }

  function confirmThen(title: string, path: string) {
    modal.confirm({
      title,
      onOk: async () => {
        try {
          await act(path, {});
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  }

  const can = r.can;
  const actions: { key: Exclude<Dialog, null | object> | 'archive'; label: string; primary?: boolean; danger?: boolean; icon?: ReactNode }[] = [];
  if (can.accept) actions.push({ key: 'accept', label: t('report.actions.accept'), primary: true }, { key: 'notAccept', label: t('report.actions.notAccept') });
  if (can.assign) actions.push({ key: 'assign', label: t('report.actions.assign'), primary: true });
  if (can.note) actions.push({ key: 'note', label: t('report.actions.note') });
  if (can.conclude) actions.push({ key: 'conclude', label: t('report.actions.conclude'), primary: true });
  if (can.feedback) actions.push({ key: 'feedback', label: t('report.actions.feedback'), primary: true });
  if (can.ask) actions.push({ key: 'ask', label: t('report.actions.ask') });
  if (can.transfer) actions.push({ key: 'transfer', label: t('report.actions.transfer') });
  // Recording the reported person's identity number follows the transfer rule (handler or the unit's assigner, before conclusion).
  if (can.setSubject) actions.push({ key: 'subject', label: t('report.actions.subject') });
  if (can.link) actions.push({ key: 'link', label: t('report.actions.link') });
  if (can.proposeReward) actions.push({ key: 'proposeReward', label: t('report.actions.proposeReward') });
  if (can.reveal) actions.push({ key: 'reveal', label: t('report.actions.reveal'), danger: true, icon: <EyeOutlined /> });
  if (can.archive) actions.push({ key: 'archive', label: t('report.actions.archive') });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Link to="/reports" aria-label={t('report.back')}>
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="report-number">{r.number}</span>
            <ReportStatusTag status={r.status} />
            <ReportFlags r={r} />
          </Space>
        }
        extra={
          <Space wrap data-testid="report-actions">
            {actions.map((a) => (
              <Button
                key={a.key}
                type={a.primary ? 'primary' : 'default'}
                danger={a.danger}
                icon={a.icon}
                onClick={() => (a.key === 'archive' ? confirmThen(t('report.archiveConfirm'), 'archive') : setDialog(a.key))}
                data-testid={`report-action-${a.key}`}
              >
                {a.label}
              </Button>
            ))}
            {/* 立案审查: a case (案件) starts from this report as its clue; the form reads the report. */}
            {session.can('inspection:finding:write') && !['received', 'not_accepted', 'archived'].includes(r.status) && (
              <Link to={`/inspections/findings/new?sourceType=report&sourceId=${r.id}`}>
                <Button data-testid="report-to-finding">{t('insp.toFinding')}</Button>
              </Link>
            )}
            {session.can('rectification:notice:issue') && !['received', 'not_accepted', 'archived'].includes(r.status) && r.conclusion !== 'untrue' && (
              <Link to={`/rectification/notices/new?sourceType=report&sourceId=${r.id}`}>
                <Button data-testid="report-to-rectification">{t('rect.toNotice')}</Button>
              </Link>
            )}
            {session.can('case:case:write') && (
              <Link to={`/cases/new?sourceType=report&sourceId=${r.id}`}>
                <Button icon={<FileProtectOutlined />} data-testid="report-open-case">
                  {t('case.fromClue')}
                </Button>
              </Link>
            )}
            <Button icon={<PrinterOutlined />} href={buildUrl(`/reports/${id}/print`)} target="_blank" rel="noopener" data-testid="report-print">
              {t('report.actions.print')}
            </Button>
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }} data-testid="report-facts">
          <Descriptions.Item label={t('report.receivedOn')}>{dayOnly(r.receivedOn)}</Descriptions.Item>
          <Descriptions.Item label={t('report.channel')}>{tl('report.channel', r.channel)}</Descriptions.Item>
          <Descriptions.Item label={t('report.category')}>{tl('report.category', r.category)}</Descriptions.Item>
          <Descriptions.Item label={t('report.region')}>{r.regionName ?? r.regionCode}</Descriptions.Item>
          <Descriptions.Item label={t('report.subject')}>
            {r.subjectName} · {r.subjectPosition} <Tag>{tl('report.subjectKind', r.subjectKind)}</Tag>
          </Descriptions.Item>
          {r.subjectIdNumber && <Descriptions.Item label={t('report.subjectIdNumber')}>{r.subjectIdNumber}</Descriptions.Item>}
          <Descriptions.Item label={t('report.occurredWhen')}>{r.occurredWhen ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('report.level')}>{tl('report.levels', r.handlingLevel)}</Descriptions.Item>
          <Descriptions.Item label={t('report.assignee')}>{r.assignedToName ?? t('report.unassigned')}</Descriptions.Item>
          <Descriptions.Item label={t('report.dueOn')}>
            <DueOn r={r} />
          </Descriptions.Item>
          <Descriptions.Item label={t('report.reporter')} span={2}>
            {r.anonymous ? (
              <Tag>{t('report.anonymous')}</Tag>
            ) : r.reporterErasedAt ? (
              <Typography.Text type="secondary">{t('report.identityErased', { date: dayOnly(r.reporterErasedAt) })}</Typography.Text>
            ) : (
              <Space size={4} wrap>
                <Tag color="blue">{t('report.realName')}</Tag>
                {r.wantsProtection && <Tag color="orange">{t('report.protection')}</Tag>}
                <Typography.Text type="secondary">{r.hasReporterIdentity ? t('report.identitySealed') : ''}</Typography.Text>
              </Space>
            )}
          </Descriptions.Item>
        </Descriptions>
        <Typography.Title level={5} style={{ marginTop: 12 }}>
          {t('report.content')}
        </Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15 }} data-testid="report-content">
          {r.content}
        </Typography.Paragraph>
        {(r.notAcceptedReason || r.conclusion || r.feedback || r.linkType || r.archivedAt) && (
          <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered data-testid="report-outcome">
            {r.notAcceptedReason && (
              <Descriptions.Item label={t('report.notAcceptedReason')} span={2}>
                {r.notAcceptedReason}
              </Descriptions.Item>
            )}
            {r.conclusion && (
              <Descriptions.Item label={t('report.conclusion')}>
                <Tag color={r.conclusion === 'untrue' ? 'default' : 'red'}>{tl('report.conclusions', r.conclusion)}</Tag>
              </Descriptions.Item>
            )}
            {r.conclusionNote && <Descriptions.Item label={t('report.conclusionNote')}>{r.conclusionNote}</Descriptions.Item>}
            {r.feedback && (
              <Descriptions.Item label={t('report.feedback')} span={2}>
                {r.feedback}
              </Descriptions.Item>
            )}
            {r.linkType && (
              <Descriptions.Item label={t('report.link')}>
                {tl('report.linkType', r.linkType)} {r.linkId}
              </Descriptions.Item>
            )}
            {r.archivedAt && <Descriptions.Item label={t('report.archivedAt')}>{fmtDateTime(r.archivedAt, lang)}</Descriptions.Item>}
          </Descriptions>
        )}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('report.history')} data-testid="report-history">
            {r.events.length ? <Timeline items={r.events.map((e) => ({ key: e.id, content: <EventItem e={e} /> }))} /> : <Empty />}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('report.messages')} data-testid="report-messages">
              <List
                size="small"
                locale={{ emptyText: t('report.noMessages') }}
                dataSource={r.messages}
                renderItem={(m) => (
                  <List.Item>
                    <List.Item.Meta
                      title={
                        <Space size={4}>
                          <Tag color={m.direction === 'to_reporter' ? 'blue' : 'green'}>{m.direction === 'to_reporter' ? t('report.toReporter') : t('report.fromReporter')}</Tag>
                          <Typography.Text type="secondary">{isDayOnly(m.at) ? m.at : fmtDateTime(m.at, lang)}</Typography.Text>
                        </Space>
                      }
                      description={<span style={{ whiteSpace: 'pre-wrap', color: 'inherit' }}>{m.body}</span>}
                    />
                  </List.Item>
                )}
              />
            </Card>
            <Card title={t('report.attachments')} data-testid="report-attachments" extra={can.note ? <EvidenceUpload reportId={r.id} onUploaded={report.reload} /> : null}>
              <List
                size="small"
                locale={{ emptyText: t('report.noAttachments') }}
                dataSource={r.attachments}
                renderItem={(a) => (
                  <List.Item extra={<Typography.Text type="secondary">{sizeText(a.sizeBytes)}</Typography.Text>}>
                    <Space size={4}>
                      <a href={buildUrl(`/attachments/${a.id}/content`)} target="_blank" rel="noopener">
                        <PaperClipOutlined /> {a.fileName}
                      </a>
                      {a.fromReporter && <Tag color="green">{t('report.fromReporterTag')}</Tag>}
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
          </Space>
        </Col>
      </Row>

      {(r.rewards.length > 0 || can.proposeReward) && (
        <Card title={t('report.rewards')} data-testid="report-rewards">
          <Table<TReportReward>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={r.rewards}
            locale={{ emptyText: t('report.noRewards') }}
            columns={[
              { title: t('report.rewardAmount'), dataIndex: 'amountFen', width: 120, render: (v: number) => fenToYuanText(v) },
              { title: t('report.rewardStatus'), dataIndex: 'status', width: 90, render: (s: string) => <Tag>{tl('report.reward', s)}</Tag> },
              { title: t('report.rewardNote'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
              { title: t('report.rewardProposedBy'), dataIndex: 'proposedByName', width: 150, render: (v: string | null) => v ?? '—' },
              { title: t('report.rewardDecidedBy'), dataIndex: 'decidedByName', width: 150, render: (v: string | null, w) => (v ? `${v} ${fmtDateTime(w.decidedAt, lang)}` : '—') },
              { title: t('report.rewardPaidAt'), dataIndex: 'paidAt', width: 160, render: (v: string | null) => fmtDateTime(v, lang) },
              ...(can.decideReward
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      width: 200,
                      render: (_: unknown, w: TReportReward) => (
                        <Space size={0}>
                          {w.status === 'proposed' && (
                            <>
                              <Button type="link" size="small" onClick={() => setDialog({ reward: w.id, approve: true })} data-testid="report-reward-approve">
                                {t('report.actions.approve')}
                              </Button>
                              <Button type="link" size="small" danger onClick={() => setDialog({ reward: w.id, approve: false })}>
                                {t('report.actions.reject')}
                              </Button>
                            </>
                          )}
                          {w.status === 'approved' && (
                            <Button type="link" size="small" onClick={() => confirmThen(t('report.paidConfirm'), `rewards/${w.id}/paid`)} data-testid="report-reward-paid">
                              {t('report.actions.paid')}
                            </Button>
                          )}
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}

      <ReasonModal open={dialog === 'accept'} title={t('report.actions.accept')} label={t('report.acceptNote')} required={false} maxLength={1000} onClose={close} onSubmit={(note) => act('accept', note ? { note } : {})} testId="report-accept" />
      <ReasonModal open={dialog === 'notAccept'} title={t('report.actions.notAccept')} label={t('report.notAcceptReason')} required danger maxLength={1000} onClose={close} onSubmit={(reason) => act('not-accept', { reason })} testId="report-not-accept" />
      <ReasonModal open={dialog === 'note'} title={t('report.actions.note')} label={t('report.noteText')} required maxLength={5000} onClose={close} onSubmit={(note) => act('notes', { note, attachmentIds: [] })} testId="report-note" />
      <ReasonModal open={dialog === 'feedback'} title={t('report.actions.feedback')} label={t('report.feedbackText')} required maxLength={2000} onClose={close} onSubmit={(text) => act('feedback', { text })} testId="report-feedback" />
      <ReasonModal open={dialog === 'ask'} title={t('report.actions.ask')} label={t('report.question')} required maxLength={2000} onClose={close} onSubmit={(body) => act('questions', { body })} testId="report-ask" />
      <ReasonModal
        open={typeof dialog === 'object' && dialog !== null}
        title={typeof dialog === 'object' && dialog?.approve === false ? t('report.actions.reject') : t('report.actions.approve')}
        label={t('report.decideNote')}
        required={false}
        danger={typeof dialog === 'object' && dialog?.approve === false}
        maxLength={1000}
        onClose={close}
        onSubmit={(note) => (typeof dialog === 'object' && dialog ? act(`rewards/${dialog.reward}/decide`, { approve: dialog.approve, ...(note ? { note } : {}) }) : Promise.resolve())}
        testId="report-decide"
      />
      {dialog === 'assign' && <AssignModal reportId={id} onClose={close} onSubmit={(body) => act('assign', body)} />}
      {dialog === 'transfer' && <TransferModal current={r.handlingLevel} onClose={close} onSubmit={(body) => act('transfer', body)} />}
      {dialog === 'subject' && <SubjectIdModal current={r.subjectIdNumber} onClose={close} onSubmit={(body) => act('subject', body)} />}
      {dialog === 'conclude' && <ConcludeModal onClose={close} onSubmit={(body) => act('conclude', body)} />}
      {dialog === 'link' && <LinkModal onClose={close} onSubmit={(body) => act('link', body)} />}
      {dialog === 'proposeReward' && <RewardModal onClose={close} onSubmit={(body) => act('rewards', body)} />}
      {/* Mounted only while open: the revealed identity lives in the dialog and is gone when it closes. */}
      {dialog === 'reveal' && (
        <RevealModal
          reportId={id}
          onClose={() => {
            close();
            report.reload();
          }}
        />
      )}
    </Space>
  );
}

function EventItem({ e }: { e: TReportEvent }) {
  const { t, tl, lang } = useI18n();
  return (
    <div data-testid={`report-event-${e.kind}`}>
      <Space size={6} wrap>
        <Typography.Text strong>{tl('report.event', e.kind)}</Typography.Text>
        <Typography.Text type="secondary">{isDayOnly(e.at) ? e.at : fmtDateTime(e.at, lang)}</Typography.Text>
        {e.actorName && <Typography.Text type="secondary">{e.actorName}</Typography.Text>}
        {e.level && <Tag>{tl('report.levels', e.level)}</Tag>}
        {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus && (
          <Typography.Text type="secondary">{t('report.statusChange', { from: tl('report.status', e.fromStatus), to: tl('report.status', e.toStatus) })}</Typography.Text>
        )}
      </Space>
      {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
    </div>
  );
}


/** The handler adds verification evidence (images, PDF, recordings) to the report; the server checks type and size and strips picture metadata. */
function EvidenceUpload({ reportId, onUploaded }: { reportId: string; onUploaded: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  async function upload(file: File) {
    const form = new FormData();
    // The fields must come before the file part (the server reads them first).
    form.append('entityType', 'report');
    form.append('entityId', reportId);
    form.append('purpose', 'verification_evidence');
    form.append('file', file, file.name);
    setBusy(true);
    try {
      await api.upload('/attachments', form);
      message.success(t('attachments.uploaded', { name: file.name }));
      onUploaded();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Upload
      accept=".pdf,.png,.jpg,.jpeg,.webp,.mp3,.m4a,.amr,.wav,application/pdf,image/png,image/jpeg,image/webp,audio/*"
      showUploadList={false}
      beforeUpload={(file) => {
        void upload(file);
        return false;
      }}
    >
      <Button size="small" icon={<UploadOutlined />} loading={busy} data-testid="report-evidence-upload">
        {t('attachments.upload')}
      </Button>
    </Upload>
  );
}
