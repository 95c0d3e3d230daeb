/**
 * The dialogs of the case detail page that need more than one text field. Each is mounted only while
 * open; `onSubmit` calls the server and its (Chinese) error stays in the dialog.
 */
import { useState } from 'react';
import { Alert, App, Button, Col, Form, Input, InputNumber, List, Modal, Radio, Row, Select, Space, Typography, Upload } from 'antd';
import { DeleteOutlined, PaperClipOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  SANCTION_CATEGORIES,
  type TAccountabilityRequest,
  type TAttachment,
  type TDecideCaseRequest,
  type TSanctionCategory,
  type TTypicalCaseRequest,
} from '@mpw/contracts';
import { api, errorText } from '../../api';
import { useI18n } from '../../i18n';
import { fenToYuanText } from '../../format';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import { defaultMeasure, measureOptions, personalDataProblem, recoveryTotalFen, sanctionsBody, yuanToFen, type SanctionRow } from './case-logic';

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

const okProps = (testId: string, danger?: boolean) => ({ danger, 'data-testid': `${testId}-ok` }) as never;
const trimmed = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

/** A step with an optional date and note: 立案 (filedOn) or 执行完毕 (executedOn). */
export function DatedStepModal({
  title,
  dateField,
  dateLabel,
  noteLabel,
  testId,
  onClose,
  onSubmit,
}: {
  title: string;
  dateField: 'filedOn' | 'executedOn';
  dateLabel: string;
  noteLabel: string;
  testId: string;
  onClose: () => void;
  onSubmit: (v: Record<string, string>) => Promise<void>;
}) {
  const [form] = Form.useForm<{ date?: string; note?: string }>();
  const s = useSubmit<{ date?: string; note?: string }>((v) => {
    const body: Record<string, string> = {};
    if (v.date) body[dateField] = v.date;
    const note = trimmed(v.note);
    if (note) body.note = note;
    return onSubmit(body);
  });
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => form.submit()} confirmLoading={s.saving} okButtonProps={okProps(testId)}>
      <ErrorBox error={s.error} testId={`${testId}-error`} />
      <Form form={form} layout="vertical" onFinish={s.submit} requiredMark={false}>
        <Form.Item name="date" label={dateLabel}>
          <Input type="date" style={{ maxWidth: 200 }} data-testid={`${testId}-date`} />
        </Form.Item>
        <Form.Item name="note" label={noteLabel}>
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid={`${testId}-note`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface DecideValues {
  decidedOn?: string;
  note: string;
  sanctions?: SanctionRow[];
}

/** 作出处理决定: the decision text and the sanctions, category by category (党纪 / 政务 measures from the contracts; recovery in yuan). */
export function DecideModal({ onClose, onSubmit }: { onClose: () => void; onSubmit: (v: TDecideCaseRequest) => Promise<void> }) {
  const { t, tl } = useI18n();
  const [form] = Form.useForm<DecideValues>();
  const rows = Form.useWatch('sanctions', form);
  const s = useSubmit<DecideValues>((v) =>
    onSubmit({ ...(v.decidedOn ? { decidedOn: v.decidedOn } : {}), note: v.note.trim(), sanctions: sanctionsBody(v.sanctions) }),
  );
  const total = recoveryTotalFen(rows);
  return (
    <Modal open width={860} title={t('case.action.decide')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={s.saving} okButtonProps={okProps('case-decide')}>
      <ErrorBox error={s.error} testId="case-decide-error" />
      <Form form={form} layout="vertical" onFinish={s.submit} requiredMark={false} initialValues={{ sanctions: [] }}>
        <Form.Item name="decidedOn" label={t('case.dlg.decidedOn')}>
          <Input type="date" style={{ maxWidth: 200 }} />
        </Form.Item>
        <Form.Item name="note" label={t('case.dlg.decisionNote')} rules={[{ required: true, whitespace: true, message: t('case.dlg.decisionNoteRequired') }]}>
          <Input.TextArea rows={3} maxLength={5000} showCount data-testid="case-decide-note" />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('case.dlg.sanctionsHint')}</Typography.Paragraph>
        <Form.List name="sanctions">
          {(fields, { add, remove }) => (
            <div data-testid="case-sanctions-editor">
              {fields.map((field) => (
                <Row key={field.key} gutter={8} align="top" data-testid={`case-sanction-row-${field.name}`}>
                  <Col span={6}>
                    <Form.Item name={[field.name, 'category']} rules={[{ required: true, message: t('case.dlg.categoryRequired') }]}>
                      <Select
                        placeholder={t('case.sanctionCategory')}
                        options={SANCTION_CATEGORIES.map((c) => ({ value: c, label: tl('case.category', c) }))}
                        onChange={(c: TSanctionCategory) => form.setFieldValue(['sanctions', field.name, 'measure'], defaultMeasure(c))}
                        data-testid={`case-sanction-category-${field.name}`}
                      />
                    </Form.Item>
                  </Col>
                  {/* The measure and the amount follow the row's category. */}
                  <Form.Item noStyle dependencies={[['sanctions', field.name, 'category']]}>
                    {() => {
                      const category = form.getFieldValue(['sanctions', field.name, 'category']) as TSanctionCategory | undefined;
                      const options = measureOptions(category).map((o) => ({ value: o.value, label: category ? tl(`case.measure.${category}`, o.value) : o.label }));
                      return (
                        <>
                          <Col span={6}>
                            <Form.Item name={[field.name, 'measure']} rules={[{ required: true, message: t('case.dlg.measureRequired') }]}>
                              <Select placeholder={t('case.sanctionMeasure')} options={options} disabled={!category} data-testid={`case-sanction-measure-${field.name}`} />
                            </Form.Item>
                          </Col>
                          <Col span={5}>
                            {category === 'recovery' && (
                              <Form.Item
                                name={[field.name, 'amountYuan']}
                                rules={[{ validator: async (_, v: number | null) => (yuanToFen(v) === null ? Promise.reject(new Error(t('case.dlg.amountRequired'))) : undefined) }]}
                              >
                                <InputNumber min={0.01} precision={2} step={100} placeholder={t('case.dlg.amountYuan')} style={{ width: '100%' }} data-testid={`case-sanction-amount-${field.name}`} />
                              </Form.Item>
                            )}
                          </Col>
                        </>
                      );
                    }}
                  </Form.Item>
                  <Col span={6}>
                    <Form.Item name={[field.name, 'note']}>
                      <Input maxLength={1000} placeholder={t('case.sanctionNote')} />
                    </Form.Item>
                  </Col>
                  <Col span={1}>
                    <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('case.dlg.removeSanction')} onClick={() => remove(field.name)} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="case-sanction-add">
                {t('case.dlg.addSanction')}
              </Button>
              {total > 0 && (
                <Typography.Text strong style={{ marginLeft: 16 }} data-testid="case-recovery-total">
                  {t('case.dlg.recoveryTotal', { amount: fenToYuanText(total) })}
                </Typography.Text>
              )}
            </div>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** 办案记录 with evidence: files are uploaded into the case file first (attachments entity type 'case'), then the note names them. */
export function NoteModal({ caseId, onClose, onSubmit }: { caseId: string; onClose: () => void; onSubmit: (v: { note: string; attachmentIds: string[] }) => Promise<void> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const [files, setFiles] = useState<TAttachment[]>([]);
  const [uploading, setUploading] = useState(false);
  const s = useSubmit<{ note: string }>((v) => onSubmit({ note: v.note.trim(), attachmentIds: files.map((f) => f.id) }));

  async function upload(file: File) {
    const data = new FormData();
    // The fields must come before the file part (the server reads them first).
    data.append('entityType', 'case');
    data.append('entityId', caseId);
    data.append('purpose', 'verification_evidence');
    data.append('file', file, file.name);
    setUploading(true);
    try {
      const a = await api.upload<TAttachment>('/attachments', data);
      setFiles((xs) => [...xs, a]);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setUploading(false);
    }
  }

  return (
    <Modal open title={t('case.action.note')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={s.saving} okButtonProps={okProps('case-note')}>
      <ErrorBox error={s.error} testId="case-note-error" />
      <Form form={form} layout="vertical" onFinish={s.submit} requiredMark={false}>
        <Form.Item name="note" label={t('case.dlg.noteText')} rules={[{ required: true, whitespace: true, message: t('case.dlg.required', { field: t('case.dlg.noteText') }) }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount data-testid="case-note-text" />
        </Form.Item>
        <Form.Item label={t('case.dlg.evidence')} extra={t('case.dlg.evidenceHint')}>
          <Upload
            accept=".pdf,.png,.jpg,.jpeg,.webp,application/pdf,image/png,image/jpeg,image/webp"
            showUploadList={false}
            multiple
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={uploading} data-testid="case-evidence-upload">
              {t('case.dlg.evidenceUpload')}
            </Button>
          </Upload>
          {files.length > 0 && (
            <List
              size="small"
              dataSource={files}
              data-testid="case-evidence-list"
              renderItem={(f) => (
                <List.Item>
                  <Space size={4}>
                    <PaperClipOutlined /> {f.fileName}
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** An approve/refuse decision with an opinion: 容错纠错 (opinion required) and 典型案例 (optional). */
export function ApprovalModal({
  title,
  noteRequired,
  testId,
  onClose,
  onSubmit,
}: {
  title: string;
  noteRequired: boolean;
  testId: string;
  onClose: () => void;
  onSubmit: (v: { approve: boolean; note?: string }) => Promise<void>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ approve: boolean; note?: string }>();
  const s = useSubmit<{ approve: boolean; note?: string }>((v) => {
    const note = trimmed(v.note);
    return onSubmit({ approve: v.approve, ...(note ? { note } : {}) });
  });
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => form.submit()} confirmLoading={s.saving} okButtonProps={okProps(testId)}>
      <ErrorBox error={s.error} testId={`${testId}-error`} />
      <Form form={form} layout="vertical" onFinish={s.submit} requiredMark={false}>
        <Form.Item name="approve" label={t('case.dlg.decision')} rules={[{ required: true, message: t('case.dlg.decisionRequired') }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: true, label: t('case.dlg.approve') },
              { value: false, label: t('case.dlg.reject') },
            ]}
            data-testid={`${testId}-approve`}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={noteRequired ? t('case.dlg.approvalNote') : t('case.dlg.approvalNoteOptional')}
          rules={noteRequired ? [{ required: true, whitespace: true, message: t('case.dlg.required', { field: t('case.dlg.approvalNote') }) }] : []}
        >
          <Input.TextArea rows={3} maxLength={noteRequired ? 2000 : 1000} showCount data-testid={`${testId}-note`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 一案双查: the leader responsible for supervision, recorded as a linked accountability case. */
export function AccountabilityModal({ onClose, onSubmit }: { onClose: () => void; onSubmit: (v: TAccountabilityRequest) => Promise<void> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<TAccountabilityRequest>();
  const s = useSubmit<TAccountabilityRequest>((v) =>
    onSubmit({ subjectName: v.subjectName.trim(), subjectPosition: v.subjectPosition.trim(), summary: v.summary.trim(), ...(v.regionCode ? { regionCode: v.regionCode } : {}) }),
  );
  const required = (field: string) => [{ required: true, whitespace: true, message: t('case.dlg.required', { field }) }];
  return (
    <Modal open width={640} title={t('case.action.add_accountability')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={s.saving} okButtonProps={okProps('case-accountability')}>
      <Alert type="info" showIcon title={t('case.dlg.accHint')} style={{ marginBottom: 12 }} />
      <ErrorBox error={s.error} testId="case-accountability-error" />
      <Form form={form} layout="vertical" onFinish={s.submit} requiredMark={false}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="subjectName" label={t('case.dlg.accSubjectName')} rules={required(t('case.dlg.accSubjectName'))}>
              <Input maxLength={50} autoComplete="off" data-testid="case-acc-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="subjectPosition" label={t('case.dlg.accSubjectPosition')} rules={required(t('case.dlg.accSubjectPosition'))}>
              <Input maxLength={100} data-testid="case-acc-position" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="regionCode" label={t('case.dlg.accRegion')}>
          <RegionTreeSelect />
        </Form.Item>
        <Form.Item name="summary" label={t('case.dlg.accSummary')} rules={required(t('case.dlg.accSummary'))}>
          <Input.TextArea rows={4} maxLength={5000} showCount data-testid="case-acc-summary" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 拟作典型案例: title, anonymised summary and lesson; names of the case's persons, ID and phone numbers are refused here and by the server. */
export function TypicalModal({ names, onClose, onSubmit }: { names: string[]; onClose: () => void; onSubmit: (v: TTypicalCaseRequest) => Promise<void> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<TTypicalCaseRequest>();
  const s = useSubmit<TTypicalCaseRequest>((v) => {
    const lesson = trimmed(v.lesson);
    return onSubmit({ title: v.title.trim(), summary: v.summary.trim(), ...(lesson ? { lesson } : {}) });
  });
  const anonymous = async (_: unknown, v: string | undefined) => {
    const problem = personalDataProblem(v ?? '', names);
    if (problem) throw new Error(t(`case.dlg.personal.${problem}`));
  };
  return (
    <Modal open width={720} title={t('case.action.draft_typical')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={s.saving} okButtonProps={okProps('case-typical')}>
      <Alert type="warning" showIcon title={t('case.dlg.typicalHint')} style={{ marginBottom: 12 }} />
      <ErrorBox error={s.error} testId="case-typical-error" />
      <Form form={form} layout="vertical" onFinish={s.submit} requiredMark={false}>
        <Form.Item name="title" label={t('case.typicalTitle')} rules={[{ required: true, whitespace: true, message: t('case.dlg.required', { field: t('case.typicalTitle') }) }, { validator: anonymous }]}>
          <Input maxLength={100} showCount data-testid="case-typical-title" />
        </Form.Item>
        <Form.Item name="summary" label={t('case.typicalSummary')} rules={[{ required: true, whitespace: true, message: t('case.dlg.required', { field: t('case.typicalSummary') }) }, { validator: anonymous }]}>
          <Input.TextArea rows={6} maxLength={5000} showCount data-testid="case-typical-summary" />
        </Form.Item>
        <Form.Item name="lesson" label={t('case.typicalLesson')} rules={[{ validator: anonymous }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="case-typical-lesson" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
