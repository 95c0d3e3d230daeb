import { useState } from 'react';
import { Alert, App, Button, Table, Typography, Upload } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import type { TAttachment } from '@mpw/contracts';
import { api, buildUrl, errorText, type Page } from '../api';
import { useLoad } from '../hooks';
import { useI18n } from '../i18n';
import { fmtDateTime } from '../format';

export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The files of one record (GET /attachments?entityType&entityId) with an upload button
 * (POST /attachments, multipart: entityType, entityId, purpose, then file).
 */
export default function Attachments({
  entityType,
  entityId,
  purpose,
  canUpload,
  onChanged,
}: {
  entityType: string;
  entityId: string;
  purpose: string;
  canUpload: boolean;
  onChanged?: (count: number) => void;
}) {
  const { t, tl, lang } = useI18n();
  const { message } = App.useApp();
  const [uploading, setUploading] = useState(false);
  const { data, loading, error, reload } = useLoad(async () => {
    const page = await api.get<Page<TAttachment>>('/attachments', { entityType, entityId, pageSize: 200 });
    onChanged?.(page.total);
    return page.data;
  }, [entityType, entityId]);

  async function upload(file: File) {
    const form = new FormData();
    // The fields must come before the file part (the server reads them first).
    form.append('entityType', entityType);
    form.append('entityId', entityId);
    form.append('purpose', purpose);
    form.append('file', file, file.name);
    setUploading(true);
    try {
      await api.upload<TAttachment>('/attachments', form);
      message.success(t('attachments.uploaded', { name: file.name }));
      reload();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setUploading(false);
    }
  }

  return (
    <div data-testid="attachments">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {canUpload && (
        <Upload
          accept=".pdf,.png,.jpg,.jpeg,.webp,application/pdf,image/png,image/jpeg,image/webp"
          showUploadList={false}
          multiple
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={uploading} style={{ marginBottom: 12 }} data-testid="attachment-upload">
            {t('attachments.upload')}
          </Button>
        </Upload>
      )}
      {canUpload && (
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {t('attachments.hint')}
        </Typography.Paragraph>
      )}
      <Table<TAttachment>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data ?? []}
        pagination={false}
        locale={{ emptyText: t('attachments.none') }}
        columns={[
          {
            title: t('attachments.file'),
            dataIndex: 'fileName',
            render: (name: string, a) => (
              <a href={buildUrl(`/attachments/${a.id}/content`)} target="_blank" rel="noopener">
                <PaperClipOutlined /> {name}
              </a>
            ),
          },
          { title: t('attachments.purpose'), dataIndex: 'purpose', width: 72, render: (p: string | null) => (p ? tl('attachments.purpose', p) : '—') },
          { title: t('attachments.size'), dataIndex: 'sizeBytes', width: 80, render: (n: number) => sizeText(n) },
          { title: t('attachments.uploadedAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => fmtDateTime(v, lang) },
        ]}
      />
    </div>
  );
}
