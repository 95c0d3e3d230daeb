import type { TAttachment, TAttachmentType } from '@mpw/contracts';
import type { AttachmentRow } from './attachments.repository.js';

export function presentAttachment(row: AttachmentRow): TAttachment {
  return {
    id: row.id,
    fileName: row.fileName,
    mimeType: row.mimeType as TAttachmentType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    entityType: row.entityType,
    entityId: row.entityId,
    purpose: row.purpose,
    regionCode: row.regionCode,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** What the audit log keeps of an upload: the content's hash identifies it, the bytes stay in the blob store. */
export function auditableAttachment(row: Pick<AttachmentRow, 'fileName' | 'mimeType' | 'sizeBytes' | 'sha256' | 'entityType' | 'entityId' | 'purpose'>) {
  return {
    fileName: row.fileName,
    mimeType: row.mimeType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    entityType: row.entityType,
    entityId: row.entityId,
    purpose: row.purpose,
  };
}

/**
 * Content-Disposition for a download (RFC 6266 with the RFC 5987 `filename*` for non-ASCII
 * names, and an ASCII fallback for old clients).
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
