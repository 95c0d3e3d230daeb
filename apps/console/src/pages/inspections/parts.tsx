/** Small pieces shared by the inspection and rectification pages: status tags, a file picker whose files are uploaded after the record exists, attachment links. */
import { Link } from 'react-router';
import { Button, Space, Tag, Typography, Upload, type UploadFile } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import type { TAlert, TAttachment, TFinding, TFindingStatus, TInspectionPlanStatus, TProblemSource, TRectificationItemStatus, TRectificationNoticeStatus, TReportDetail } from '@mpw/contracts';
import { api, buildUrl, type Page } from '../../api';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n';
import { FINDING_STATUS_COLORS, ITEM_STATUS_COLORS, NOTICE_STATUS_COLORS, PLAN_STATUS_COLORS } from './supervision-logic';

export function PlanStatusTag({ status }: { status: TInspectionPlanStatus }) {
  const { tl } = useI18n();
  return (
    <Tag color={PLAN_STATUS_COLORS[status]} data-testid="plan-status">
      {tl('insp.status', status)}
    </Tag>
  );
}

export function FindingStatusTag({ status }: { status: TFindingStatus }) {
  const { tl } = useI18n();
  return (
    <Tag color={FINDING_STATUS_COLORS[status]} data-testid="finding-status">
      {tl('insp.findingStatus', status)}
    </Tag>
  );
}

export function ItemStatusTag({ status }: { status: TRectificationItemStatus }) {
  const { tl } = useI18n();
  return (
    <Tag color={ITEM_STATUS_COLORS[status]} data-testid="item-status">
      {tl('rect.itemStatus', status)}
    </Tag>
  );
}

export function NoticeStatusTag({ status }: { status: TRectificationNoticeStatus }) {
  const { tl } = useI18n();
  return (
    <Tag color={NOTICE_STATUS_COLORS[status]} data-testid="notice-status">
      {tl('rect.noticeStatus', status)}
    </Tag>
  );
}

/** Where a source record opens in the console. */
export function sourcePath(type: TProblemSource, id: string | null): string | null {
  if (!id) return null;
  if (type === 'alert') return `/alerts/${id}`;
  if (type === 'report') return `/reports/${id}`;
  if (type === 'finding') return `/inspections/findings/${id}`;
  if (type === 'matter') return `/matters/${id}`;
  if (type === 'disclosure') return `/disclosures/${id}`;
  return null;
}

/** 来源: its type, and the record's label linked to the record when the console has a page for it. */
export function SourceText({ type, id, label }: { type: TProblemSource; id: string | null; label?: string | null }) {
  const { tl } = useI18n();
  const path = sourcePath(type, id);
  return (
    <Space size={4} wrap>
      <Tag>{tl('rect.source', type)}</Tag>
      {path ? (
        <Link to={path} onClick={(e) => e.stopPropagation()}>
          {label ?? id}
        </Link>
      ) : (
        label && <Typography.Text type="secondary">{label}</Typography.Text>
      )}
    </Space>
  );
}

const ACCEPT = '.pdf,.png,.jpg,.jpeg,.webp,application/pdf,image/png,image/jpeg,image/webp';

/** Files chosen in a form before the record exists; `uploadAll` sends them once it does. */
export function FilePicker({ files, onChange, testId }: { files: File[]; onChange: (files: File[]) => void; testId?: string }) {
  const { t } = useI18n();
  const list: UploadFile[] = files.map((f, i) => ({ uid: `${i}-${f.name}`, name: f.name, status: 'done' }));
  return (
    <Upload
      accept={ACCEPT}
      multiple
      fileList={list}
      beforeUpload={(file) => {
        onChange([...files, file]);
        return false;
      }}
      onRemove={(f) => onChange(files.filter((_, i) => `${i}-${files[i]!.name}` !== f.uid))}
    >
      <Button icon={<UploadOutlined />} data-testid={testId}>
        {t('insp.finding.pickFiles')}
      </Button>
    </Upload>
  );
}

/**
 * Uploads files to a record (POST /attachments, fields before the file), one by one; each result has the
 * new attachment's id or the error. Files already uploaded stay if a later one fails (a retry uploads anew).
 */
export async function uploadAll(entityType: string, entityId: string, purpose: string, files: readonly File[]): Promise<{ name: string; id?: string; error?: unknown }[]> {
  const results: { name: string; id?: string; error?: unknown }[] = [];
  for (const file of files) {
    const form = new FormData();
    form.append('entityType', entityType);
    form.append('entityId', entityId);
    form.append('purpose', purpose);
    form.append('file', file, file.name);
    try {
      const a = await api.upload<TAttachment>('/attachments', form);
      results.push({ name: file.name, id: a.id });
    } catch (error) {
      results.push({ name: file.name, error });
    }
  }
  return results;
}

/** The files of one record as inline links (GET /attachments?entityType&entityId). */
export function AttachmentLinks({ entityType, entityId }: { entityType: string; entityId: string }) {
  const files = useLoad(() => api.get<Page<TAttachment>>('/attachments', { entityType, entityId, pageSize: 50 }), [entityType, entityId]);
  if (!files.data?.data.length) return null;
  return (
    <Space size={[12, 4]} wrap data-testid="attachment-links">
      {files.data.data.map((a) => (
        <a key={a.id} href={buildUrl(`/attachments/${a.id}/content`)} target="_blank" rel="noopener">
          <PaperClipOutlined /> {a.fileName}
        </a>
      ))}
    </Space>
  );
}

/** The record a finding or a rectification item is taken from, as the forms show and prefill it. */
export interface SourceRecord {
  regionCode: string;
  regionName: string | null;
  /** One line naming the record (the alert's rule, the report's number…). */
  label: string;
  /** The text a problem description starts from. */
  text: string;
}

/** Loads a source named in the address bar (alert, report or finding); null data when there is none. */
export function useSourceRecord(source: { sourceType: TProblemSource; sourceId: string } | null) {
  const { tl } = useI18n();
  return useLoad<SourceRecord | null>(async () => {
    if (!source) return null;
    const id = encodeURIComponent(source.sourceId);
    if (source.sourceType === 'alert') {
      const a = await api.get<TAlert>(`/alerts/${id}`);
      return { regionCode: a.regionCode, regionName: a.regionName, label: `${tl('alert.rule', a.rule)}：${a.summary}`, text: a.summary };
    }
    if (source.sourceType === 'report') {
      const r = await api.get<TReportDetail>(`/reports/${id}`);
      return { regionCode: r.regionCode, regionName: r.regionName, label: `${r.number}（${tl('report.category', r.category)}）`, text: r.content };
    }
    if (source.sourceType === 'finding') {
      const f = await api.get<TFinding>(`/inspections/findings/${id}`);
      return { regionCode: f.regionCode, regionName: f.regionName, label: `${f.planTitle ?? tl('insp.area', f.focusArea)}：${f.description.slice(0, 40)}`, text: f.description };
    }
    return null;
  }, [source?.sourceType, source?.sourceId]);
}
