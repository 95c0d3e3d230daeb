/**
 * The dialogs of the report detail page that need more than a single text field. Each is mounted only
 * while open; `onSubmit` calls the server and its (Chinese) error stays in the dialog.
 */
import { useState } from 'react';
import { Alert, Descriptions, Form, Input, InputNumber, Modal, Radio, Select, Tag } from 'antd';
import {
  REPORT_CONCLUSIONS,
  REPORT_LEVELS,
  REPORT_LINK_TYPES,
  type TConcludeReportRequest,
  type TProposeRewardRequest,
  type TReportAssignee,
  type TReportLevel,
  type TReportLinkType,
  type TRevealedReporter,
  type TTransferReportRequest,
} from '@mpw/contracts';
import { api, errorText } from '../../api';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n';
import { fmtDateTime, yuanToFen } from '../../format';
import { assigneeOptions } from './report-logic';

function useSubmit<T>(onSubmit: (v: T) => Promise<void>) {
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  async function submit(v: T) {
    setSaving(true);
    setError(null);
    try {
      await onSubmit(v);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }
  return { error, saving, submit };
}

const ErrorBox = ({ error, testId }: { error: string | null; testId?: string }) =>
  error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid={testId} /> : null;

/** 交办: candidates of the handling level; those who must recuse themselves are listed, disabled, with the reason. */
export function AssignModal({ reportId, onClose, onSubmit }: { reportId: string; onClose: () => void; onSubmit: (v: { userId: string; note?: string }) => Promise<void> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ userId: string; note?: string }>();
  const people = useLoad(() => api.get<TReportAssignee[]>(`/reports/${reportId}/assignees`), [reportId]);
  const s = useSubmit<{ userId: string; note?: string }>((v) => onSubmit({ userId: v.userId, ...(v.note?.trim() ? { note: v.note.trim() } : {}) }));
  const options = assigneeOptions(people.data ?? []);
  return (
    <Modal open title={t('report.actions.assign')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={s.saving} okButtonProps={{ 'data-testid': 'report-assign-ok' } as never}>
      <ErrorBox error={s.error ?? people.error} testId="report-assign-error" />
      <Form form={form} layout="vertical" onFinish={s.submit} requiredMark={false}>
        <Form.Item
          name="userId"
          label={t('report.assignTo')}
          rules={[{ required: true, message: t('report.assignToRequired') }]}
          extra={options.some((o) => o.disabled) ? t('report.conflictHint') : !people.loading && !options.length ? t('report.noCandidates') : undefined}
        >
          <Select
            loading={people.loading}
            options={options.map((o) => ({ value: o.value, disabled: o.disabled, label: o.label }))}
            optionRender={(o) => {
              const c = options.find((x) => x.value === o.value);
              return c?.conflict ? (
                <span>
                  {c.label.split('（')[0]} <Tag color="red">{c.conflict}</Tag>
                </span>
              ) : (
                o.label
              );
            }}
            data-testid="report-assignee"
          />
        </Form.Item>
        <Form.Item name="note" label={t('report.assignNote')}>
          <Input.TextArea rows={2} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function TransferModal({ current, onClose, onSubmit }: { current: TReportLevel; onClose: () => void; onSubmit: (v: TTransferReportRequest) => Promise<void> }) {
  const { t, tl } = useI18n();
  const [form] = Form.useForm<TTransferReportRequest>();
  const s = useSubmit<TTransferReportRequest>((v) => onSubmit({ level: v.level, reason: v.reason.trim() }));
  return (
    <Modal open title={t('report.actions.transfer')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={s.saving} okButtonProps={{ 'data-testid': 'report-transfer-ok' } as never}>
      <ErrorBox error={s.error} testId="report-transfer-error" />
      <Form form={form} layout="vertical" onFinish={s.submit} requiredMark={false}>
        <Form.Item name="level" label={t('report.transferLevel')} rules={[{ required: true, message: t('report.transferLevelRequired') }]}>
          <Select options={REPORT_LEVELS.filter((l) => l !== current).map((l) => ({ value: l, label: tl('report.levels', l) }))} data-testid="report-transfer-level" />
        </Form.Item>
        <Form.Item name="reason" label={t('report.transferReason')} rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="report-transfer-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ConcludeModal({ onClose, onSubmit }: { onClose: () => void; onSubmit: (v: TConcludeReportRequest) => Promise<void> }) {
  const { t, tl } = useI18n();
  const [form] = Form.useForm<TConcludeReportRequest>();
  const s = useSubmit<TConcludeReportRequest>((v) => onSubmit({ conclusion: v.conclusion, note: v.note.trim() }));
  return (
    <Modal open title={t('report.actions.conclude')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={s.saving} okButtonProps={{ 'data-testid': 'report-conclude-ok' } as never}>
      <ErrorBox error={s.error} testId="report-conclude-error" />
      <Form form={form} layout="vertical" onFinish={s.submit} requiredMark={false}>
        <Form.Item name="conclusion" label={t('report.conclusion')} rules={[{ required: true, message: t('report.conclusionRequired') }]}>
          <Radio.Group optionType="button" options={REPORT_CONCLUSIONS.map((c) => ({ value: c, label: tl('report.conclusions', c) }))} data-testid="report-conclusion" />
        </Form.Item>
        <Form.Item name="note" label={t('report.conclusionNote')} rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount data-testid="report-conclude-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function LinkModal({ onClose, onSubmit }: { onClose: () => void; onSubmit: (v: { linkType: TReportLinkType; linkId: string }) => Promise<void> }) {
  const { t, tl } = useI18n();
  const [form] = Form.useForm<{ linkType: TReportLinkType; linkId: string }>();
  const s = useSubmit<{ linkType: TReportLinkType; linkId: string }>((v) => onSubmit({ linkType: v.linkType, linkId: v.linkId.trim() }));
  return (
    <Modal open title={t('report.actions.link')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={s.saving} okButtonProps={{ 'data-testid': 'report-link-ok' } as never}>
      <ErrorBox error={s.error} testId="report-link-error" />
      <Form form={form} layout="vertical" onFinish={s.submit} requiredMark={false} initialValues={{ linkType: 'case' }}>
        <Form.Item name="linkType" label={t('report.linkTypeLabel')}>
          <Radio.Group optionType="button" options={REPORT_LINK_TYPES.map((l) => ({ value: l, label: tl('report.linkType', l) }))} />
        </Form.Item>
        <Form.Item name="linkId" label={t('report.linkId')} rules={[{ required: true, whitespace: true, message: t('report.linkIdRequired') }]}>
          <Input maxLength={100} data-testid="report-link-id" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RewardModal({ onClose, onSubmit }: { onClose: () => void; onSubmit: (v: TProposeRewardRequest) => Promise<void> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ yuan: number; note?: string }>();
  const s = useSubmit<{ yuan: number; note?: string }>((v) => onSubmit({ amountFen: yuanToFen(v.yuan), ...(v.note?.trim() ? { note: v.note.trim() } : {}) }));
  return (
    <Modal open title={t('report.actions.proposeReward')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={s.saving} okButtonProps={{ 'data-testid': 'report-reward-ok' } as never}>
      <ErrorBox error={s.error} testId="report-reward-error" />
      <Form form={form} layout="vertical" onFinish={s.submit} requiredMark={false}>
        <Form.Item name="yuan" label={t('report.rewardAmount')} rules={[{ required: true, message: t('report.rewardAmountRequired') }]}>
          <InputNumber min={0.01} precision={2} step={100} style={{ width: 200 }} data-testid="report-reward-amount" />
        </Form.Item>
        <Form.Item name="note" label={t('report.rewardNote')}>
          <Input.TextArea rows={2} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 被举报人身份证号: once known, the assignment conflict checks (self, close relatives) use it. */
export function SubjectIdModal({ current, onClose, onSubmit }: { current: string | null; onClose: () => void; onSubmit: (v: { subjectIdNumber: string }) => Promise<void> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ subjectIdNumber: string }>();
  const s = useSubmit<{ subjectIdNumber: string }>((v) => onSubmit({ subjectIdNumber: v.subjectIdNumber.trim().toUpperCase() }));
  return (
    <Modal open title={t('report.actions.subject')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={s.saving} okButtonProps={{ 'data-testid': 'report-subject-ok' } as never}>
      <Alert type="info" showIcon title={t('report.subjectIdHint')} style={{ marginBottom: 12 }} />
      <ErrorBox error={s.error} testId="report-subject-error" />
      <Form form={form} layout="vertical" onFinish={s.submit} requiredMark={false} initialValues={{ subjectIdNumber: current ?? '' }}>
        <Form.Item
          name="subjectIdNumber"
          label={t('report.subjectIdNumber')}
          rules={[
            { required: true, whitespace: true, message: t('report.subjectIdRequired') },
            { pattern: /^\s*\d{17}[\dXx]\s*$/, message: t('report.reporterIdNumberFormat') },
          ]}
        >
          <Input maxLength={18} autoComplete="off" data-testid="report-subject-id" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 查看举报人身份: asks a reason, warns that it is audited, and shows the identity once. The identity is
 * held only by this dialog, which the page unmounts on close.
 */
export function RevealModal({ reportId, onClose }: { reportId: string; onClose: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const [identity, setIdentity] = useState<TRevealedReporter | null>(null);
  const s = useSubmit<{ reason: string }>(async (v) => {
    setIdentity(await api.post<TRevealedReporter>(`/reports/${reportId}/reveal`, { reason: v.reason.trim() }));
  });
  function close() {
    setIdentity(null);
    onClose();
  }
  return (
    <Modal
      open
      title={t('report.actions.reveal')}
      onCancel={close}
      onOk={() => (identity ? close() : form.submit())}
      okText={identity ? t('common.close') : t('report.revealOk')}
      okButtonProps={{ danger: !identity, 'data-testid': 'report-reveal-ok' } as never}
      cancelButtonProps={{ style: identity ? { display: 'none' } : undefined }}
      confirmLoading={s.saving}
      maskClosable={false}
      destroyOnHidden
    >
      {identity ? (
        <div data-testid="report-revealed">
          <Alert type="warning" showIcon title={t('report.revealedHint')} style={{ marginBottom: 12 }} />
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('report.reporterName')}>{identity.name}</Descriptions.Item>
            <Descriptions.Item label={t('report.reporterPhone')}>{identity.phone}</Descriptions.Item>
            {identity.idNumber && <Descriptions.Item label={t('report.idNumberShort')}>{identity.idNumber}</Descriptions.Item>}
            {identity.address && <Descriptions.Item label={t('report.addressShort')}>{identity.address}</Descriptions.Item>}
            <Descriptions.Item label={t('report.protection')}>{identity.wantsProtection ? t('common.yes') : t('common.no')}</Descriptions.Item>
            <Descriptions.Item label={t('report.revealedAt')}>{fmtDateTime(identity.revealedAt, lang)}</Descriptions.Item>
          </Descriptions>
        </div>
      ) : (
        <>
          <Alert type="error" showIcon title={t('report.revealWarning')} style={{ marginBottom: 12 }} data-testid="report-reveal-warning" />
          <ErrorBox error={s.error} testId="report-reveal-error" />
          <Form form={form} layout="vertical" onFinish={s.submit} requiredMark={false}>
            <Form.Item name="reason" label={t('report.revealReason')} rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }]}>
              <Input.TextArea rows={3} maxLength={500} showCount data-testid="report-reveal-reason" />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
