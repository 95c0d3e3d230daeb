import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, List, Popconfirm, Radio, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { DeleteOutlined, FilePdfOutlined, PlusOutlined } from '@ant-design/icons';
import { DISCLOSURE_KIND_LABELS, DISCLOSURE_STATUS_LABELS, type TDisclosureDetail, type TDisclosureQuestion } from '@mpw/contracts';
import { ApiError, api, buildUrl, errorText } from '../api';
import { useLoad } from '../hooks';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { fmtDate, fmtDateTime } from '../format';
import { contentFromEditor, editorFieldOf, editorFromContent, type EditorValues } from '../disclosure';

type FormValues = EditorValues & { title: string; period?: string; dueOn?: string; reason?: string };

function AnswerForm({ q, itemId, onDone }: { q: TDisclosureQuestion; itemId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} />}
      <Input.TextArea rows={2} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('disclosure.answerPlaceholder')} data-testid="question-answer-text" />
      <Button
        type="primary"
        size="small"
        loading={saving}
        disabled={!text.trim()}
        data-testid="question-answer"
        onClick={async () => {
          setSaving(true);
          setError(null);
          try {
            await api.post(`/disclosures/${itemId}/questions/${q.id}/answer`, { answer: text.trim() });
            onDone();
          } catch (e) {
            setError(errorText(e));
          } finally {
            setSaving(false);
          }
        }}
      >
        {t('disclosure.answer')}
      </Button>
    </Space>
  );
}

/** One disclosure: the editor (draft, or a correction of a published item), publish, versions, questions. */
export default function DisclosureDetail() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const { can } = useSession();
  const item = useLoad(() => api.get<TDisclosureDetail>(`/disclosures/${id}`), [id]);
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  const d = item.data;
  const canPublish = can('disclosure:item:publish');
  const isDraft = d?.status === 'draft';
  const editing = !!d && canPublish && (isDraft || correcting);
  const finance = d?.kind === 'finance_monthly';

  useEffect(() => {
    if (!d) return;
    const current = d.versions.find((v) => v.version === d.currentVersion)?.content ?? null;
    form.resetFields();
    form.setFieldsValue({ ...editorFromContent(isDraft ? d.draft : current), title: d.title, period: d.period ?? undefined, dueOn: d.dueOn ?? undefined });
  }, [d, isDraft, correcting, form]);

  function showErrors(e: unknown) {
    setError(errorText(e));
    if (e instanceof ApiError) form.setFields(e.fieldErrors.map((f) => ({ name: editorFieldOf(f.path) as never, errors: [f.message] })));
  }

  async function save(publish: boolean) {
    if (!d) return;
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const content = contentFromEditor(v, finance);
      if (isDraft) {
        await api.patch(`/disclosures/${d.id}`, { title: v.title.trim(), period: v.period?.trim() || null, dueOn: v.dueOn || null, content });
        if (publish) await api.post(`/disclosures/${d.id}/publish`);
      } else {
        await api.post(`/disclosures/${d.id}/correct`, { content, reason: (v.reason ?? '').trim() });
        setCorrecting(false);
      }
      item.reload();
    } catch (e) {
      showErrors(e);
    } finally {
      setSaving(false);
    }
  }

  if (item.loading && !d) return <Spin />;
  if (item.error || !d) return <Alert type="error" showIcon title={item.error ?? ''} />;
  const current = d.versions.find((v) => v.version === d.currentVersion);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="disclosure-title">{d.title}</span>
            <Tag color={d.status === 'published' ? 'green' : 'default'}>{DISCLOSURE_STATUS_LABELS[d.status]}</Tag>
            {d.isCorrected && <Tag color="gold">{t('disclosure.corrected')}</Tag>}
            {d.isOverdue && <Tag color="red">{t('disclosure.overdue')}</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {d.status === 'published' && (
              <Button icon={<FilePdfOutlined />} href={buildUrl(`/public/disclosures/${d.id}/poster.pdf`)} target="_blank" data-testid="disclosure-poster">
                {t('disclosure.poster')}
              </Button>
            )}
            {canPublish && d.status === 'draft' && d.kind === 'finance_monthly' && d.period && (
              <Button
                loading={saving}
                data-testid="disclosure-fill-from-books"
                onClick={async () => {
                  setSaving(true);
                  try {
                    await api.post(`/disclosures/${d.id}/fill-from-books`);
                    item.reload();
                  } catch (e) {
                    showErrors(e);
                  } finally {
                    setSaving(false);
                  }
                }}
              >
                {t('disclosure.fillFromBooks')}
              </Button>
            )}
            {canPublish && d.status === 'draft' && (d.kind === 'benefits' || d.kind === 'assets_contracts' || d.kind === 'works') && (
              <Button
                loading={saving}
                data-testid="disclosure-fill-from-data"
                onClick={async () => {
                  setSaving(true);
                  try {
                    await api.post(`/disclosures/${d.id}/fill-from-data`);
                    item.reload();
                  } catch (e) {
                    showErrors(e);
                  } finally {
                    setSaving(false);
                  }
                }}
              >
                {t(`disclosure.fillFrom.${d.kind}`)}
              </Button>
            )}
            {canPublish && d.status === 'published' && !correcting && (
              <Button onClick={() => setCorrecting(true)} data-testid="disclosure-correct">
                {t('disclosure.correct')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('matter.village')}>{d.regionName}</Descriptions.Item>
          <Descriptions.Item label={t('disclosure.kind')}>{DISCLOSURE_KIND_LABELS[d.kind]}</Descriptions.Item>
          <Descriptions.Item label={t('disclosure.period')}>{d.period ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('disclosure.dueOn')}>{fmtDate(d.dueOn, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('disclosure.firstPublished')}>{fmtDateTime(d.firstPublishedAt, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('disclosure.version')}>{d.currentVersion || '—'}</Descriptions.Item>
          {d.sourceType === 'matter' && d.sourceId && (
            <Descriptions.Item label={t('disclosure.source')}>
              <Link to={`/matters/${d.sourceId.split(':')[0]}`} data-testid="disclosure-source">
                {t('disclosure.sourceMatter')}
              </Link>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      <Card title={editing ? (isDraft ? t('disclosure.editDraft') : t('disclosure.correctTitle')) : t('disclosure.content')}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} closable onClose={() => setError(null)} />}
        {editing ? (
          <Form<FormValues> form={form} layout="vertical" requiredMark={false} data-testid="disclosure-editor">
            {isDraft && (
              <Space wrap>
                <Form.Item name="title" label={t('disclosure.titleCol')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
                  <Input maxLength={100} style={{ width: 360 }} />
                </Form.Item>
                <Form.Item name="period" label={t('disclosure.period')}>
                  <Input style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name="dueOn" label={t('disclosure.dueOn')}>
                  <Input type="date" style={{ width: 170 }} />
                </Form.Item>
              </Space>
            )}
            <Form.Item name="summary" label={t('disclosure.summary')} rules={[{ required: true, whitespace: true, message: t('disclosure.summaryRequired') }, { max: 2000 }]} extra={t('disclosure.summaryHint')}>
              <Input.TextArea rows={4} maxLength={2000} showCount data-testid="disclosure-summary" />
            </Form.Item>
            {finance && (
              <Space wrap>
                <Form.Item name="incomeYuan" label={t('disclosure.incomeTotal')} rules={[{ required: true, message: t('books.amountRequired') }]}>
                  <InputNumber min={0} precision={2} style={{ width: 200 }} suffix={t('settings.yuanUnit')} />
                </Form.Item>
                <Form.Item name="expenseYuan" label={t('disclosure.expenseTotal')} rules={[{ required: true, message: t('books.amountRequired') }]}>
                  <InputNumber min={0} precision={2} style={{ width: 200 }} suffix={t('settings.yuanUnit')} />
                </Form.Item>
              </Space>
            )}
            <Form.List name="sections">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => (
                    <Card
                      key={f.key}
                      size="small"
                      style={{ marginBottom: 12 }}
                      title={t('disclosure.section', { n: i + 1 })}
                      extra={<Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('disclosure.removeSection')} />}
                    >
                      <Form.Item name={[f.name, 'heading']} label={t('disclosure.heading')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
                        <Input maxLength={100} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'mode']} initialValue="text">
                        <Radio.Group
                          optionType="button"
                          options={[
                            { value: 'text', label: t('disclosure.modeText') },
                            { value: 'table', label: t('disclosure.modeTable') },
                          ]}
                        />
                      </Form.Item>
                      <Form.Item noStyle shouldUpdate>
                        {() =>
                          form.getFieldValue(['sections', f.name, 'mode']) === 'table' ? (
                            <Form.Item name={[f.name, 'table']} label={t('disclosure.table')} extra={t('disclosure.tableHint')} rules={[{ required: true, whitespace: true }]}>
                              <Input.TextArea rows={5} style={{ fontFamily: 'monospace' }} />
                            </Form.Item>
                          ) : (
                            <Form.Item name={[f.name, 'text']} label={t('disclosure.text')} rules={[{ max: 5000 }]}>
                              <Input.TextArea rows={4} maxLength={5000} />
                            </Form.Item>
                          )
                        }
                      </Form.Item>
                    </Card>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({ heading: '', mode: 'text', text: '' })} style={{ marginBottom: 16 }} data-testid="disclosure-add-section">
                    {t('disclosure.addSection')}
                  </Button>
                </>
              )}
            </Form.List>
            {!isDraft && (
              <Form.Item name="reason" label={t('disclosure.correctReason')} rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }, { max: 500 }]}>
                <Input.TextArea rows={2} maxLength={500} data-testid="disclosure-correct-reason" />
              </Form.Item>
            )}
            <Space>
              {isDraft ? (
                <>
                  <Button onClick={() => save(false)} loading={saving} data-testid="disclosure-save">
                    {t('disclosure.saveDraft')}
                  </Button>
                  <Popconfirm title={t('disclosure.publishConfirm')} onConfirm={() => save(true)}>
                    <Button type="primary" loading={saving} data-testid="disclosure-publish">
                      {t('disclosure.publish')}
                    </Button>
                  </Popconfirm>
                </>
              ) : (
                <>
                  <Button onClick={() => setCorrecting(false)}>{t('common.cancel')}</Button>
                  <Button type="primary" danger loading={saving} onClick={() => save(false)} data-testid="disclosure-correct-submit">
                    {t('disclosure.publishCorrection')}
                  </Button>
                </>
              )}
            </Space>
          </Form>
        ) : (
          <ContentView content={isDraft ? d.draft : (current?.content ?? null)} />
        )}
      </Card>

      {d.versions.length > 0 && (
        <Card title={t('disclosure.versions')} data-testid="disclosure-versions">
          <Timeline
            items={[...d.versions]
              .sort((a, b) => b.version - a.version)
              .map((v) => ({
                color: v.correctionReason ? 'orange' : 'green',
                content: (
                  <div>
                    <Typography.Text strong>v{v.version}</Typography.Text> · {fmtDateTime(v.publishedAt, lang)}
                    {v.correctionReason && <div>{t('disclosure.correctionReason', { reason: v.correctionReason })}</div>}
                  </div>
                ),
              }))}
          />
        </Card>
      )}

      <Card title={t('disclosure.questions', { n: d.questions.length })} data-testid="disclosure-questions">
        <List
          dataSource={d.questions}
          locale={{ emptyText: t('disclosure.noQuestions') }}
          renderItem={(q) => (
            <List.Item>
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Space wrap>
                  <Typography.Text strong>{q.askerName ?? t('disclosure.anonymous')}</Typography.Text>
                  <Typography.Text type="secondary">{fmtDateTime(q.askedAt, lang)}</Typography.Text>
                  {q.answer ? <Tag color="green">{t('disclosure.answered')}</Tag> : <Tag color={q.isOverdue ? 'red' : 'orange'}>{t('disclosure.answerDue', { date: q.dueOn })}</Tag>}
                </Space>
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{q.content}</Typography.Paragraph>
                {q.answer ? (
                  <Alert type="success" title={q.answer} description={fmtDateTime(q.answeredAt, lang)} />
                ) : (
                  can('disclosure:question:answer') && <AnswerForm q={q} itemId={d.id} onDone={item.reload} />
                )}
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}

function ContentView({ content }: { content: TDisclosureDetail['draft'] }) {
  const { t } = useI18n();
  if (!content) return <Typography.Text type="secondary">{t('disclosure.noContent')}</Typography.Text>;
  return (
    <div data-testid="disclosure-content">
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{content.summary}</Typography.Paragraph>
      {content.totals && (
        <Descriptions size="small" bordered column={1} style={{ marginBottom: 16 }}>
          {Object.entries(content.totals).map(([k, v]) => (
            <Descriptions.Item key={k} label={k}>
              {typeof v === 'number' && k.endsWith('Fen') ? `${(v / 100).toFixed(2)} ${t('settings.yuanUnit')}` : String(v)}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      {content.sections.map((s, i) => (
        <div key={i} style={{ marginBottom: 16 }}>
          <Typography.Title level={5}>{s.heading}</Typography.Title>
          {s.text && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{s.text}</Typography.Paragraph>}
          {s.table && (
            <table className="mpw-plain-table" style={{ borderCollapse: 'collapse' }}>
              <thead>
                <tr>
                  {s.table.columns.map((c, j) => (
                    <th key={j} style={{ border: '1px solid #ddd', padding: '4px 8px', background: '#fafafa' }}>
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {s.table.rows.map((r, j) => (
                  <tr key={j}>
                    {r.map((c, k) => (
                      <td key={k} style={{ border: '1px solid #ddd', padding: '4px 8px' }}>
                        {c}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </div>
  );
}
