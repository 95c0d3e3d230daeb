import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Modal, Result, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import type { TRectificationAnswer, TRectificationItemDetail, TRectificationNoticeDetail } from '@mpw/contracts';
import { api, buildUrl, errorText } from '../../api';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n';
import { useSession, useUser } from '../../session';
import { useRegion } from '../../region';
import { fmtDateTime } from '../../format';
import ReasonModal from '../../components/ReasonModal';
import { itemActions } from './supervision-logic';
import { AttachmentLinks, FilePicker, ItemStatusTag, NoticeStatusTag, SourceText, uploadAll } from './parts';

type Dialog = null | { kind: 'answer' | 'accept' | 'return' | 'reopen'; item: TRectificationItemDetail };

/**
 * 整改通知书详情: the notice, each item with its answers; the responsible unit answers (措施 + 佐证材料),
 * the issuer accepts (销号), returns with a reason, or reopens a relapse (反弹). Buttons follow permission,
 * region and status; the server decides.
 */
export default function NoticeDetail() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const { t, lang } = useI18n();
  const { can } = useSession();
  const user = useUser();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const notice = useLoad(() => api.get<TRectificationNoticeDetail>(`/rectification/notices/${id}`), [id]);
  const focus = params.get('item');

  // Coming from a ledger row: bring that item into view once loaded.
  useEffect(() => {
    if (focus && notice.data) document.getElementById(`item-${focus}`)?.scrollIntoView({ block: 'start' });
  }, [focus, notice.data]);

  if (notice.loading && !notice.data) return <Spin />;
  if (notice.error || !notice.data) return <Result status="404" title={notice.error ?? t('error.pageNotFound')} extra={<Link to="/rectification">{t('rect.notice.back')}</Link>} />;
  const n = notice.data;
  const viewer = { regionCode: user.regionCode, can };
  const close = () => setDialog(null);

  async function decide(item: TRectificationItemDetail, path: 'accept' | 'return' | 'reopen', body: unknown) {
    await api.post(`/rectification/items/${item.id}/${path}`, body);
    setDialog(null);
    message.success(t('rect.item.saved'));
    notice.reload();
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Link to="/rectification?tab=notices" aria-label={t('rect.notice.back')}>
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="notice-number">{n.number}</span>
            <NoticeStatusTag status={n.status} />
            {n.overdueItemCount > 0 && <Tag color="red">{t('rect.notice.overdueText', { n: n.overdueItemCount })}</Tag>}
          </Space>
        }
        extra={
          <Button icon={<PrinterOutlined />} href={buildUrl(`/rectification/notices/${n.id}/print`)} target="_blank" rel="noopener" data-testid="notice-print">
            {t('rect.notice.print')}
          </Button>
        }
      >
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="notice-title-text">
          {n.title}
        </Typography.Title>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} data-testid="notice-facts">
          <Descriptions.Item label={t('rect.notice.unit')}>{n.regionName ?? n.regionCode}</Descriptions.Item>
          <Descriptions.Item label={t('rect.notice.issuer')}>{n.issuerRegionName ?? n.issuerRegionCode}</Descriptions.Item>
          <Descriptions.Item label={t('rect.notice.issuedOn')}>{n.issuedOn}</Descriptions.Item>
          <Descriptions.Item label={t('rect.notice.deadline')}>{n.deadline}</Descriptions.Item>
          <Descriptions.Item label={t('rect.notice.responsibleName')}>{n.responsibleName}</Descriptions.Item>
          <Descriptions.Item label={t('rect.notice.progress')}>{t('rect.notice.progressText', { closed: n.closedItemCount, total: n.itemCount })}</Descriptions.Item>
          <Descriptions.Item label={t('rect.notice.requirement')} span={3}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{n.requirement}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      {n.items.map((item) => (
        <ItemCard key={item.id} item={item} focused={item.id === focus} actions={itemActions(item, viewer)} onAction={(kind) => setDialog({ kind, item })} lang={lang} />
      ))}

      {dialog?.kind === 'answer' && (
        <AnswerModal
          item={dialog.item}
          onClose={close}
          onDone={() => {
            close();
            notice.reload();
          }}
        />
      )}
      <ReasonModal
        open={dialog?.kind === 'accept'}
        title={t('rect.item.accept')}
        label={t('rect.item.acceptNote')}
        required={false}
        maxLength={1000}
        onClose={close}
        onSubmit={(note) => (dialog ? decide(dialog.item, 'accept', note ? { note } : {}) : Promise.resolve())}
        testId="item-accept"
      />
      <ReasonModal
        open={dialog?.kind === 'return'}
        title={t('rect.item.return')}
        label={t('rect.item.returnReason')}
        required
        danger
        maxLength={1000}
        onClose={close}
        onSubmit={(reason) => (dialog ? decide(dialog.item, 'return', { reason }) : Promise.resolve())}
        testId="item-return"
      />
      <ReasonModal
        open={dialog?.kind === 'reopen'}
        title={t('rect.item.reopen')}
        label={t('rect.item.reopenReason')}
        required
        danger
        maxLength={1000}
        onClose={close}
        onSubmit={(reason) => (dialog ? decide(dialog.item, 'reopen', { reason }) : Promise.resolve())}
        testId="item-reopen"
      />
    </Space>
  );
}

function ItemCard({
  item,
  focused,
  actions,
  onAction,
  lang,
}: {
  item: TRectificationItemDetail;
  focused: boolean;
  actions: ReturnType<typeof itemActions>;
  onAction: (kind: 'answer' | 'accept' | 'return' | 'reopen') => void;
  lang: 'zh' | 'en';
}) {
  const { t } = useI18n();
  const { findNode } = useRegion();
  return (
    <Card
      id={`item-${item.id}`}
      size="small"
      style={focused ? { borderColor: '#b3261e', boxShadow: '0 0 0 2px rgba(179,38,30,0.15)' } : undefined}
      data-testid={`item-${item.seq}`}
      title={
        <Space wrap>
          <span>{t('rect.notice.itemN', { n: item.seq })}</span>
          <ItemStatusTag status={item.status} />
          {item.isOverdue && <Tag color="red">{t('rect.overdue')}</Tag>}
          {item.reopenCount > 0 && <Tag color="magenta">{`${t('rect.reopenCount')} ${item.reopenCount}`}</Tag>}
          {item.escalatedTo && <Tag color="volcano">{t('rect.escalated', { unit: findNode(item.escalatedTo)?.name ?? item.escalatedTo })}</Tag>}
        </Space>
      }
      extra={
        <Space wrap>
          {actions.answer && (
            <Button type="primary" size="small" onClick={() => onAction('answer')} data-testid={`item-${item.seq}-answer`}>
              {item.answers.length ? t('rect.item.answerAgain') : t('rect.item.answer')}
            </Button>
          )}
          {actions.accept && (
            <Button type="primary" size="small" onClick={() => onAction('accept')} data-testid={`item-${item.seq}-accept`}>
              {t('rect.item.accept')}
            </Button>
          )}
          {actions.return && (
            <Button size="small" danger onClick={() => onAction('return')} data-testid={`item-${item.seq}-return`}>
              {t('rect.item.return')}
            </Button>
          )}
          {actions.reopen && (
            <Button size="small" danger onClick={() => onAction('reopen')} data-testid={`item-${item.seq}-reopen`}>
              {t('rect.item.reopen')}
            </Button>
          )}
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 4 }}>
        <Descriptions.Item label={t('rect.problem')} span={4}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{item.problem}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('rect.requirement')} span={4}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{item.requirement}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('rect.deadline')}>{item.isOverdue ? <span className="text-overdue">{item.deadline}</span> : item.deadline}</Descriptions.Item>
        <Descriptions.Item label={t('rect.responsible')}>{item.responsibleName}</Descriptions.Item>
        <Descriptions.Item label={t('rect.source')}>
          <SourceText type={item.sourceType} id={item.sourceId} label={item.sourceLabel} />
        </Descriptions.Item>
        <Descriptions.Item label={t('rect.closedOn')}>{item.closedOn ? `${item.closedOn}${item.closedOnTime === false ? `（${t('rect.onTimeNo')}）` : ''}` : '—'}</Descriptions.Item>
      </Descriptions>
      <Typography.Text strong style={{ display: 'block', marginTop: 8 }}>
        {t('rect.item.answers')}
      </Typography.Text>
      <div style={{ marginTop: 8 }} data-testid={`item-${item.seq}-answers`}>
        {item.answers.length ? (
          <Timeline items={[...item.answers].sort((a, b) => a.answeredAt.localeCompare(b.answeredAt)).map((a) => ({ key: a.id, color: a.decision === 'accepted' ? 'green' : a.decision === 'returned' ? 'red' : 'blue', content: <AnswerEntry a={a} lang={lang} /> }))} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rect.item.noAnswers')} />
        )}
      </div>
    </Card>
  );
}

function AnswerEntry({ a, lang }: { a: TRectificationAnswer; lang: 'zh' | 'en' }) {
  const { t } = useI18n();
  return (
    <div>
      <Typography.Text type="secondary">{t('rect.item.answeredBy', { name: a.answeredByName ?? '—', at: fmtDateTime(a.answeredAt, lang) })}</Typography.Text>
      <div style={{ whiteSpace: 'pre-wrap' }}>{a.measures}</div>
      {a.attachmentIds.length > 0 && <AttachmentLinks entityType="rectification_answer" entityId={a.id} />}
      {a.decision && (
        <div style={{ marginTop: 4 }}>
          <Tag color={a.decision === 'accepted' ? 'green' : 'red'}>{a.decision === 'accepted' ? t('rect.item.accepted') : t('rect.item.returned')}</Tag>
          <Typography.Text type="secondary">{t('rect.item.decidedBy', { name: a.decidedByName ?? '—', at: fmtDateTime(a.decidedAt, lang) })}</Typography.Text>
          {a.decisionReason && <div style={{ whiteSpace: 'pre-wrap' }}>{a.decisionReason}</div>}
        </div>
      )}
    </div>
  );
}

/** The responsible unit's answer: measures taken and evidence files (uploaded to the new answer once it exists). */
function AnswerModal({ item, onClose, onDone }: { item: TRectificationItemDetail; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ measures: string }>();
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(v: { measures: string }) {
    setSaving(true);
    setError(null);
    try {
      // Files go to the item first; the answer cites them and the server files them under the answer.
      const uploaded = await uploadAll('rectification_item', item.id, 'rectification_evidence', files);
      const failed = uploaded.filter((u) => !u.id);
      if (failed.length) {
        setError(failed.map((f) => t('rect.item.uploadFailed', { name: f.name, error: errorText(f.error) })).join('；'));
        return;
      }
      await api.post(`/rectification/items/${item.id}/answers`, { measures: v.measures.trim(), attachmentIds: uploaded.map((u) => u.id!) });
      message.success(t('rect.item.saved'));
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open title={`${t('rect.item.answer')} · ${t('rect.notice.itemN', { n: item.seq })}`} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okButtonProps={{ 'data-testid': 'item-answer-ok' } as never} width={640}>
      <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
        {item.problem}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="measures" label={t('rect.item.measures')} rules={[{ required: true, whitespace: true, message: t('rect.item.measuresRequired') }, { max: 5000 }]}>
          <Input.TextArea rows={5} maxLength={5000} showCount data-testid="item-answer-text" />
        </Form.Item>
        <Form.Item label={t('rect.item.evidence')} extra={t('rect.item.evidenceHint')}>
          <FilePicker files={files} onChange={setFiles} testId="item-answer-files" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
