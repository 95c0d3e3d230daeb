import { z } from 'zod';
import { ZPageQuery } from './common.js';

/** Content types accepted for documents and pictures; decided from the file's first bytes, never from the client. */
export const ATTACHMENT_DOCUMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'] as const;
/** Voice recordings, accepted only where a service asks for them (later: villagers' reports). */
export const ATTACHMENT_AUDIO_TYPES = ['audio/mpeg', 'audio/mp4', 'audio/amr', 'audio/amr-wb', 'audio/wav'] as const;
export const ATTACHMENT_TYPES = [...ATTACHMENT_DOCUMENT_TYPES, ...ATTACHMENT_AUDIO_TYPES] as const;
export type TAttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** The record type a file belongs to, e.g. 'matter', 'decision_stage'. */
export const ZAttachmentEntityType = z
  .string({ message: '请填写关联对象类型' })
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, { message: '关联对象类型格式不正确' });

export const ZAttachmentEntityId = z
  .string({ message: '请填写关联对象编号' })
  .trim()
  .min(1, { message: '请填写关联对象编号' })
  .max(100, { message: '关联对象编号过长' });

/** What the file is for within its record, e.g. 'voucher', 'sign_in_sheet'. */
export const ZAttachmentPurpose = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, { message: '用途格式不正确（小写字母、数字、下划线）' });

/** The form fields of an upload (multipart/form-data); they must come before the `file` part. */
export const ZUploadAttachmentFields = z.object({
  entityType: ZAttachmentEntityType,
  entityId: ZAttachmentEntityId,
  purpose: ZAttachmentPurpose.optional(),
});
export type TUploadAttachmentFields = z.infer<typeof ZUploadAttachmentFields>;

export const ZAttachment = z.object({
  id: z.string(),
  fileName: z.string(),
  mimeType: z.enum(ATTACHMENT_TYPES),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  purpose: z.string().nullable(),
  regionCode: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type TAttachment = z.infer<typeof ZAttachment>;

export const ZAttachmentListQuery = ZPageQuery.extend({
  entityType: ZAttachmentEntityType,
  entityId: ZAttachmentEntityId.optional(),
});
export type TAttachmentListQuery = z.infer<typeof ZAttachmentListQuery>;
