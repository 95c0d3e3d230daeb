import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, Select, Switch, Typography } from 'antd';
import type { TDecision, TDecisionStage } from '@mpw/contracts';
import { ApiError, api, errorText } from '../api';
import { actionForm, fieldPath, isDangerAction, meetingBody, todayIso, type MeetingValues, type TMatterDetail } from '../domain';
import { useI18n } from '../i18n';
import MeetingFields from './MeetingFields';

interface Values {
  note?: string;
  objectionId?: string;
  upheld?: boolean;
  objectorName?: string;
  meeting?: MeetingValues;
}

/**
 * The form for one action of the open step (POST /matters/:id/actions): a meeting record, an answer to
 * an objection (upheld or not), an objection entered for a villager, a required reason, or an optional note.
 */
export default function MatterActionModal({
  matter,
  action,
  voucherCount,
  objectionId,
  onClose,
  onDone,
}: {
  matter: TMatterDetail;
  action: string | null;
  voucherCount: number;
  /** Preselected objection for answer_objection. */
  objectionId?: string;
  onClose: () => void;
  onDone: (m: TMatterDetail) => void;
}) {
  const { t, tl } = useI18n();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const kind = action ? actionForm(action) : 'note';
  const upheld = Form.useWatch('upheld', form);
  const open = matter.objections.filter((o) => !o.answeredAt);

  // A meeting step records the next stage of the matter's 四议两公开 decision: ask which one it is.
  const [stage, setStage] = useState<TDecisionStage | null>(null);
  useEffect(() => {
    setStage(null);
    if (action !== 'record_meeting' || !matter.decisionId) return;
    let alive = true;
    api
      .get<TDecision>(`/decisions/${matter.decisionId}`)
      .then((d) => alive && setStage(d.nextStage))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [action, matter.decisionId]);

  useEffect(() => {
    if (!action) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({
      upheld: false,
      objectionId: objectionId ?? (open.length === 1 ? open[0]!.id : undefined),
      meeting: action === 'record_meeting' ? { heldOn: todayIso() } : undefined,
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [action]);

  async function submit(v: Values) {
    if (!action) return;
    setSaving(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { action, note: v.note?.trim() || undefined };
      if (kind === 'meeting') body.meeting = meetingBody(v.meeting ?? {});
      if (kind === 'answer') {
        body.objectionId = v.objectionId;
        body.upheld = !!v.upheld;
      }
      if (kind === 'object') body.objectorName = v.objectorName?.trim() || undefined;
      const m = await api.post<TMatterDetail>(`/matters/${matter.id}/actions`, body);
      onDone(m);
    } catch (e) {
      setError(errorText(e));
      if (e instanceof ApiError && e.fieldErrors.length) {
        form.setFields(e.fieldErrors.map((f) => ({ name: (f.path === 'content' ? ['note'] : fieldPath(f.path)) as never, errors: [f.message] })));
      }
    } finally {
      setSaving(false);
    }
  }

  const noteLabel =
    kind === 'reason' ? t('common.reason') : kind === 'answer' ? t('matter.answerText') : kind === 'object' ? t('matter.objectionContent') : t('matter.noteOptional');
  const noteRules =
    kind === 'reason' || kind === 'answer'
      ? [{ required: true, whitespace: true, message: t('common.reasonRequired') }]
      : kind === 'object'
        ? [{ required: true, whitespace: true, min: 5, message: t('matter.objectionMin') }]
        : [];

  return (
    <Modal
      open={!!action}
      width={kind === 'meeting' ? 720 : 560}
      title={action ? `${tl('matter.action', action)} · ${matter.currentStepName ?? matter.title}` : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={action ? tl('matter.action', action) : undefined}
      okButtonProps={{ danger: action ? isDangerAction(action) || (kind === 'answer' && !!upheld) : false, 'data-testid': 'matter-action-ok' } as never}
      confirmLoading={saving}
      forceRender
    >
      {action && (
        <Typography.Paragraph type="secondary" data-testid="matter-action-hint">
          {tl('matter.actionHint', action)}
        </Typography.Paragraph>
      )}
      {action === 'execute' && voucherCount === 0 && <Alert type="warning" showIcon title={t('matter.needVouchers')} style={{ marginBottom: 16 }} />}
      {action === 'close_notice' && matter.noticeEndsOn && <Alert type="info" showIcon title={t('matter.noticeEndsOn', { date: matter.noticeEndsOn })} style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="matter-action-error" />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        {kind === 'meeting' && stage && <Alert type="info" showIcon title={t('matter.meetingStage', { stage: tl('decision.stage', stage) })} style={{ marginBottom: 16 }} />}
        {kind === 'meeting' && <MeetingFields prefix={['meeting']} stage={stage} />}
        {kind === 'answer' && (
          <>
            <Form.Item name="objectionId" label={t('matter.objection')} rules={[{ required: true, message: t('matter.chooseObjection') }]}>
              <Select options={open.map((o) => ({ value: o.id, label: `${o.raisedByName ?? t('matter.anonymous')}：${o.content}` }))} />
            </Form.Item>
            <Form.Item name="upheld" label={t('matter.upheld')} valuePropName="checked" extra={upheld ? <Typography.Text type="danger">{t('matter.upheldWarning')}</Typography.Text> : t('matter.upheldHint')}>
              <Switch checkedChildren={t('matter.upheldYes')} unCheckedChildren={t('matter.upheldNo')} data-testid="matter-upheld" />
            </Form.Item>
          </>
        )}
        {kind === 'object' && (
          <Form.Item name="objectorName" label={t('matter.objectorName')}>
            <Input maxLength={50} />
          </Form.Item>
        )}
        <Form.Item name="note" label={noteLabel} rules={[...noteRules, { max: 1000 }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="matter-action-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
