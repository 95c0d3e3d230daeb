import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Empty, Form, Input, Modal, Result, Row, Select, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, FileProtectOutlined } from '@ant-design/icons';
import { ALERT_LINK_TYPES, type TAlert, type TAlertAssignee, type TAlertEvidence, type TAlertEvidenceItem, type TAuditEvent } from '@mpw/contracts';
import { ApiError, api, errorText } from '../../api';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { fmtDateTime } from '../../format';
import ReasonModal from '../../components/ReasonModal';
import { AlertStatusTags, SeverityTag } from './AlertTags';

/** Where an alert's subject can be opened in the console. */
function subjectLink(a: TAlert): string | null {
  if (a.subjectType === 'matter') return `/matters?q=${encodeURIComponent(a.subjectId)}`;
  if (a.subjectType === 'decision') return `/decisions?q=${encodeURIComponent(a.subjectId)}`;
  if (a.subjectType === 'report') return `/reports/${a.subjectId}`;
  // 村民问政: the evidence names the hearing (`hearings:<id>;hearing_cadres:<id>`).
  const hearing = /(?:^|;)hearings:([0-9a-f-]{36})/.exec(a.evidence)?.[1];
  if (a.subjectType === 'hearing_cadre' && hearing) return `/hearings/${hearing}`;
  if (a.subjectType === 'village_question') return hearing ? `/hearings/${hearing}` : `/village-questions?status=open`;
  return null;
}

/** One row of evidence as a card: the fields that matter for comparing rows are highlighted. */
function EvidenceCard({ item }: { item: TAlertEvidenceItem }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={item.label ?? item.dataset} extra={<Typography.Text code>{item.key}</Typography.Text>} data-testid={`evidence-${item.dataset}`} style={{ height: '100%' }}>
      {item.restricted ? (
        <Typography.Text type="secondary">{t('alert.evidenceRestricted')}</Typography.Text>
      ) : item.missing ? (
        <Typography.Text type="warning">{t('alert.evidenceMissing')}</Typography.Text>
      ) : (
        <Descriptions column={1} size="small" bordered>
          {item.fields.map((f) => (
            <Descriptions.Item key={f.name} label={f.name} className={f.highlight ? 'evidence-highlight' : undefined}>
              {f.highlight ? <Typography.Text strong mark={f.value !== null}>{f.value ?? '—'}</Typography.Text> : (f.value ?? '—')}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Card>
  );
}

type Dialog = null | 'assign' | 'confirm' | 'dismiss' | 'close' | 'reopen';

/** 预警详情: the plain summary, the evidence rows side by side, handling actions by permission, and the history. */
export default function AlertDetail() {
  const { id = '' } = useParams();
  const { t, tl, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const alert = useLoad(() => api.get<TAlert>(`/alerts/${id}`), [id]);
  const evidence = useLoad(() => api.get<TAlertEvidence>(`/alerts/${id}/evidence`), [id]);
  const history = useLoad(() => api.get<TAuditEvent[]>(`/alerts/${id}/history`), [id]);

  if (alert.loading && !alert.data) return <Spin />;
  if (alert.error || !alert.data) {
    return <Result status="404" title={alert.error ?? t('error.pageNotFound')} extra={<Link to="/alerts">{t('alert.back')}</Link>} />;
  }
  const a = alert.data;

  async function act(path: string, body: unknown) {
    await api.post<TAlert>(`/alerts/${id}/${path}`, body);
    setDialog(null);
    message.success(t('alert.saved'));
    alert.reload();
    history.reload();
  }

  const canHandle = can('alert:alert:handle');
  const actions = [
    a.status === 'open' && can('alert:alert:assign') && { key: 'assign', label: t('alert.actions.assign'), type: 'default' as const },
    a.status === 'open' && canHandle && { key: 'confirm', label: t('alert.actions.confirm'), type: 'primary' as const },
    a.status === 'open' && canHandle && { key: 'dismiss', label: t('alert.actions.dismiss'), type: 'default' as const },
    (a.status === 'confirmed' || a.status === 'dismissed') && can('alert:alert:close') && { key: 'close', label: t('alert.actions.close'), type: 'primary' as const },
    (a.status === 'closed' || a.status === 'dismissed') && canHandle && { key: 'reopen', label: t('alert.actions.reopen'), type: 'default' as const },
  ].filter(Boolean) as { key: Exclude<Dialog, null>; label: string; type: 'primary' | 'default' }[];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Link to="/alerts">
              <ArrowLeftOutlined />
            </Link>
            <SeverityTag severity={a.severity} />
            <span>{tl('alert.rule', a.rule)}</span>
            <AlertStatusTags alert={a} />
          </Space>
        }
        extra={
          <Space wrap>
            {actions.map((x) => (
              <Button key={x.key} type={x.type} onClick={() => setDialog(x.key)} data-testid={`alert-action-${x.key}`}>
                {x.label}
              </Button>
            ))}
            {can('inspection:finding:write') && a.status !== 'dismissed' && (
              <Link to={`/inspections/findings/new?sourceType=alert&sourceId=${a.id}`}>
                <Button data-testid="alert-to-finding">{t('insp.toFinding')}</Button>
              </Link>
            )}
            {can('rectification:notice:issue') && (a.status === 'open' || a.status === 'confirmed') && (
              <Link to={`/rectification/notices/new?sourceType=alert&sourceId=${a.id}`}>
                <Button data-testid="alert-to-rectification">{t('rect.toNotice')}</Button>
              </Link>
            )}
            {/* 立案审查: a case (案件) starts from this alert as its clue; the form reads the alert. */}
            {a.status !== 'dismissed' && can('case:case:write') && (
              <Link to={`/cases/new?sourceType=alert&sourceId=${a.id}`}>
                <Button icon={<FileProtectOutlined />} data-testid="alert-open-case">
                  {t('case.fromClue')}
                </Button>
              </Link>
            )}
          </Space>
        }
      >
        <Typography.Paragraph style={{ fontSize: 16 }} data-testid="alert-summary">
          {a.summary}
        </Typography.Paragraph>
        {a.severity === 'red' && a.status !== 'closed' && <Alert type="error" showIcon title={t('alert.redKeeps')} style={{ marginBottom: 12 }} />}
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('matter.village')}>{a.regionName}</Descriptions.Item>
          <Descriptions.Item label={t('alert.subject')}>
            {tl('alert.subjectType', a.subjectType)} · {subjectLink(a) ? <Link to={subjectLink(a)!}>{a.subjectId}</Link> : <Typography.Text code>{a.subjectId}</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('alert.assignee')}>{a.assigneeName ?? t('alert.unassigned')}</Descriptions.Item>
          <Descriptions.Item label={t('alert.firstRaisedAt')}>{fmtDateTime(a.firstRaisedAt, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('alert.lastSeenAt')}>{fmtDateTime(a.lastSeenAt, lang)}</Descriptions.Item>
          {a.escalatedAt && <Descriptions.Item label={t('alert.escalated')}>{fmtDateTime(a.escalatedAt, lang)}</Descriptions.Item>}
          {a.resolvedByDataAt && <Descriptions.Item label={t('alert.resolvedByData')}>{fmtDateTime(a.resolvedByDataAt, lang)}</Descriptions.Item>}
        </Descriptions>
        {(a.handledAt || a.closedAt) && (
          <Descriptions size="small" column={{ xs: 1, md: 3 }} title={t('alert.handling')} style={{ marginTop: 12 }} data-testid="alert-handling">
            <Descriptions.Item label={t('alert.handledBy')}>{a.handlerName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('alert.handledAt')}>{fmtDateTime(a.handledAt, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('alert.outcomeLabel')}>
              <Tag>{tl('alert.outcome', a.outcome)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('alert.handlingReason')} span={3}>
              {a.handlingReason ?? '—'}
            </Descriptions.Item>
            {a.closedAt && (
              <>
                <Descriptions.Item label={t('alert.closedAt')}>{fmtDateTime(a.closedAt, lang)}</Descriptions.Item>
                <Descriptions.Item label={t('alert.linkTypeLabel')}>
                  {tl('alert.linkType', a.linkType)} {a.linkId}
                </Descriptions.Item>
                <Descriptions.Item label={t('alert.closingNote')}>{a.closingNote}</Descriptions.Item>
              </>
            )}
          </Descriptions>
        )}
      </Card>

      <Card title={t('alert.evidenceTitle')} data-testid="alert-evidence">
        {evidence.error && <Alert type="error" showIcon title={evidence.error} />}
        {evidence.data?.masked && <Alert type="info" showIcon title={t('alert.evidenceMasked')} style={{ marginBottom: 12 }} />}
        {evidence.loading && !evidence.data ? (
          <Spin />
        ) : evidence.data && evidence.data.items.length ? (
          <Row gutter={[12, 12]}>
            {evidence.data.items.map((item, i) => (
              <Col key={`${item.dataset}:${item.key}:${i}`} xs={24} md={12} xl={evidence.data!.items.length > 2 ? 8 : 12}>
                <EvidenceCard item={item} />
              </Col>
            ))}
          </Row>
        ) : (
          !evidence.error && <Empty />
        )}
      </Card>

      <Card title={t('alert.history')} data-testid="alert-history">
        {history.error ? (
          <Alert type="error" showIcon title={history.error} />
        ) : (
          <Timeline
            items={(history.data ?? []).map((e) => {
              const after = (e.after ?? {}) as Record<string, unknown>;
              const note = (after.handlingReason ?? after.closingNote ?? after.reason) as string | undefined;
              return {
                key: e.id,
                content: (
                  <Space orientation="vertical" size={0}>
                    <Space wrap>
                      <Typography.Text strong>{tl('alert.action', e.action)}</Typography.Text>
                      {after.byDefault === true && <Tag>{t('alert.defaultAssignee')}</Tag>}
                      <Typography.Text type="secondary">
                        {fmtDateTime(e.occurredAt, lang)} · {e.actorName ?? '—'}
                      </Typography.Text>
                    </Space>
                    {note && <Typography.Text>{note}</Typography.Text>}
                  </Space>
                ),
              };
            })}
          />
        )}
      </Card>

      <AssignModal open={dialog === 'assign'} alertId={id} onClose={() => setDialog(null)} onSubmit={(userId) => act('assign', userId ? { userId } : {})} />
      <ReasonModal open={dialog === 'confirm'} title={t('alert.actions.confirm')} label={t('alert.confirmReason')} required maxLength={500} onClose={() => setDialog(null)} onSubmit={(reason) => act('confirm', { reason })} testId="alert-confirm" />
      <ReasonModal open={dialog === 'reopen'} title={t('alert.actions.reopen')} label={t('alert.reopenReason')} required maxLength={500} onClose={() => setDialog(null)} onSubmit={(reason) => act('reopen', { reason })} testId="alert-reopen" />
      <DismissModal open={dialog === 'dismiss'} onClose={() => setDialog(null)} onSubmit={(body) => act('dismiss', body)} />
      <CloseModal open={dialog === 'close'} needsLink={a.severity === 'red' && a.status === 'confirmed'} onClose={() => setDialog(null)} onSubmit={(body) => act('close', body)} />
    </Space>
  );
}

/** A form in a modal whose submit calls the server; the server's error stays in the dialog. */
function useSubmit<T>(onSubmit: (v: T) => Promise<void>) {
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  async function submit(v: T) {
    setSaving(true);
    setError(null);
    try {
      await onSubmit(v);
    } catch (e) {
      setError(e instanceof ApiError ? errorText(e) : String(e));
    } finally {
      setSaving(false);
    }
  }
  return { error, saving, submit, reset: () => setError(null) };
}

function AssignModal({ open, alertId, onClose, onSubmit }: { open: boolean; alertId: string; onClose: () => void; onSubmit: (userId: string | undefined) => Promise<void> }) {
  const { t } = useI18n();
  const [userId, setUserId] = useState<string | undefined>();
  const people = useLoad(() => (open ? api.get<TAlertAssignee[]>(`/alerts/${alertId}/assignees`) : Promise.resolve([])), [open, alertId]);
  const s = useSubmit<string | undefined>(onSubmit);
  return (
    <Modal open={open} title={t('alert.actions.assign')} onCancel={onClose} onOk={() => s.submit(userId)} confirmLoading={s.saving} destroyOnHidden>
      {s.error && <Alert type="error" showIcon title={s.error} style={{ marginBottom: 12 }} />}
      <Form layout="vertical">
        <Form.Item label={t('alert.chooseAssignee')}>
          <Select
            loading={people.loading}
            value={userId}
            onChange={setUserId}
            placeholder={people.data?.find((p) => p.isDefault)?.displayName}
            options={(people.data ?? []).map((p) => ({ value: p.id, label: `${p.displayName}（${p.regionName}）${p.isDefault ? ` · ${t('alert.defaultAssignee')}` : ''}` }))}
            data-testid="alert-assignee"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DismissModal({ open, onClose, onSubmit }: { open: boolean; onClose: () => void; onSubmit: (v: { reason: string; falsePositive: boolean }) => Promise<void> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string; falsePositive: boolean }>();
  const s = useSubmit<{ reason: string; falsePositive: boolean }>((v) => onSubmit({ reason: v.reason.trim(), falsePositive: !!v.falsePositive }));
  return (
    <Modal open={open} title={t('alert.actions.dismiss')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={s.saving} destroyOnHidden forceRender okButtonProps={{ 'data-testid': 'alert-dismiss-ok' } as never}>
      {s.error && <Alert type="error" showIcon title={s.error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={s.submit} requiredMark={false} initialValues={{ falsePositive: false }}>
        <Form.Item name="reason" label={t('alert.dismissReason')} rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="alert-dismiss-text" />
        </Form.Item>
        <Form.Item name="falsePositive" valuePropName="checked">
          <Checkbox>{t('alert.falsePositive')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

type CloseValues = { note: string; linkType: (typeof ALERT_LINK_TYPES)[number]; linkId?: string };

/** A confirmed red alert closes only with a verified rectification or a case: the dialog starts there. */
function CloseModal({ open, onClose, onSubmit, needsLink }: { open: boolean; onClose: () => void; onSubmit: (v: CloseValues) => Promise<void>; needsLink: boolean }) {
  const { t, tl } = useI18n();
  const [form] = Form.useForm<CloseValues>();
  const linkType = Form.useWatch('linkType', form);
  const s = useSubmit<CloseValues>((v) => onSubmit({ note: v.note.trim(), linkType: v.linkType, ...(v.linkType !== 'none' && v.linkId ? { linkId: v.linkId.trim() } : {}) }));
  return (
    <Modal open={open} title={t('alert.actions.close')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={s.saving} destroyOnHidden forceRender okButtonProps={{ 'data-testid': 'alert-close-ok' } as never}>
      {s.error && <Alert type="error" showIcon title={s.error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={s.submit} requiredMark={false} initialValues={{ linkType: needsLink ? 'rectification' : 'none' }}>
        <Form.Item name="note" label={t('alert.closeNote')} rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="alert-close-text" />
        </Form.Item>
        <Form.Item name="linkType" label={t('alert.linkTypeLabel')}>
          <Select options={ALERT_LINK_TYPES.filter((l) => !needsLink || l !== 'none').map((l) => ({ value: l, label: tl('alert.linkType', l) }))} />
        </Form.Item>
        {linkType && linkType !== 'none' && (
          <Form.Item name="linkId" label={t('alert.linkId')} rules={[{ required: true, whitespace: true, message: t('alert.linkIdRequired') }]}>
            <Input maxLength={100} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
