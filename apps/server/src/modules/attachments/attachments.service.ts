import { randomUUID } from 'node:crypto';
import { Readable, pipeline } from 'node:stream';
import type { Db, DbOrTx } from '@mpw/db';
import { isWithinRegion, ZUploadAttachmentFields, type TAttachment, type TAttachmentListQuery, type TUploadAttachmentFields } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound, validationError } from '../../lib/errors.js';
import { BlobTooLargeError, byteLimit, type BlobStore } from '../../lib/blob-store.js';
import { audited, type AuditedTx } from '../audit/audit.log.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import { getSetting } from '../settings/settings.service.js';
import { EmptyContentError, PolyglotContentError, SanitizingStream, UnsupportedContentError, safeFileName } from './attachments.ingest.js';
import { CorruptContentError } from './attachments.strip.js';
import { MAX_SIZE_BYTES } from './attachments.settings.js';
import { canReadRecord, getAttachmentTarget, hiddenEntityTypes, recordRuledTypes } from './attachments.targets.js';
import { auditableAttachment, presentAttachment } from './attachments.presenter.js';
import * as repo from './attachments.repository.js';

export const ATTACHMENT_ACTIONS = { upload: 'attachment.file.upload' } as const;

let blobStore: BlobStore | null = null;

/** Chooses where file contents go (the routes plugin sets the data folder's store at start). */
export function useAttachmentBlobStore(store: BlobStore): void {
  blobStore = store;
}

export function attachmentBlobStore(): BlobStore {
  if (!blobStore) throw new Error('attachments: no blob store configured (useAttachmentBlobStore)');
  return blobStore;
}

export interface StoreAttachmentInput {
  /** The region the file belongs to: the record's region, within the actor's scope. */
  regionCode: string;
  entityType: string;
  entityId: string;
  purpose?: string | null;
  /** The client's name for the file; it is cleaned and its extension made to match the content. */
  fileName: string;
  data: Readable | Buffer;
  /** Accept voice recordings (MP3, M4A, AMR, WAV) besides PDF, PNG, JPEG and WebP. */
  allowAudio?: boolean;
  /** The time stamped on the row (default now): an anonymous reporter's upload keeps only the start of its day. */
  at?: Date;
  /** The region the audit event is filed under (default the file's region). */
  auditRegionCode?: string;
}

const isAuditedTx = (w: AuditedTx | Db): w is AuditedTx => typeof (w as AuditedTx).record === 'function';

function formatSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** 413 naming the limit in force. */
export function attachmentTooLarge(maxBytes: number): AppError {
  return new AppError(ErrorCode.PAYLOAD_TOO_LARGE, { message: `文件超过大小上限（${formatSize(maxBytes)}）`, details: [{ path: 'file', message: '文件过大' }] });
}

/** The upload limit in force for a region's district. */
export async function maxAttachmentBytes(db: DbOrTx, regionCode: string): Promise<number> {
  return getSetting(db, MAX_SIZE_BYTES, regionCode);
}

/** Streams the content through type sniffing, metadata stripping and the size limit into the blob store. */
async function ingest(data: Readable | Buffer, opts: { maxBytes: number; allowAudio: boolean; store: BlobStore }) {
  const source = Buffer.isBuffer(data) ? Readable.from([data]) : data;
  const sanitizer = new SanitizingStream({ allowAudio: opts.allowAudio });
  // A failure anywhere (too large, refused type) destroys every stage, so put() fails and cleans up.
  const sanitized = pipeline(source, byteLimit(opts.maxBytes), sanitizer, () => {});
  try {
    const { sha256, size } = await opts.store.put(sanitized);
    return { sha256, size, type: sanitizer.detected! };
  } catch (err) {
    if (err instanceof BlobTooLargeError) throw attachmentTooLarge(opts.maxBytes);
    if (err instanceof EmptyContentError) throw validationError('file', '文件为空');
    if (err instanceof CorruptContentError) throw validationError('file', `文件已损坏：${err.message}`);
    if (err instanceof PolyglotContentError) {
      throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, { message: `文件内容同时含有${err.what}（多格式混合文件），已拒绝；请上传原始的图片、PDF或录音`, details: [{ path: 'file', message: '多格式混合文件' }] });
    }
    if (err instanceof UnsupportedContentError) {
      const accepted = opts.allowAudio ? 'PDF、PNG、JPEG、WebP 文件及 MP3、M4A、AMR、WAV 录音' : 'PDF、PNG、JPEG、WebP 文件';
      throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, { message: `不支持的文件类型：仅接受${accepted}`, details: [{ path: 'file', message: '不支持的文件类型' }] });
    }
    throw err;
  }
}

/**
 * Stores a file for a record. Other modules call this inside their own transaction
 * (`w` from `audited()`), e.g. matters linking a voucher; given the database instead, it opens
 * its own audited transaction after the bytes are stored. The content type is decided from the
 * bytes, picture metadata (EXIF incl. GPS, PNG text) is removed, identical content is stored
 * once. The bytes are written before the row: a rolled-back transaction leaves an unreferenced
 * blob behind, never a row without content.
 */
export async function storeAttachment(w: AuditedTx | Db, actor: Actor, input: StoreAttachmentInput, store: BlobStore = attachmentBlobStore()): Promise<TAttachment> {
  const fields = ZUploadAttachmentFields.safeParse({ entityType: input.entityType, entityId: input.entityId, purpose: input.purpose ?? undefined });
  if (!fields.success) {
    const issue = fields.error.issues[0]!;
    throw validationError(issue.path.join('.'), issue.message);
  }
  const db = isAuditedTx(w) ? w.tx : w;
  if (actor.regionCode && !isWithinRegion(input.regionCode, actor.regionCode)) throw notFound('区划');
  if (!(await getRegionInScope(db, input.regionCode, actor.regionCode))) throw notFound('区划');
  const maxBytes = await maxAttachmentBytes(db, input.regionCode);
  const content = await ingest(input.data, { maxBytes, allowAudio: input.allowAudio ?? false, store });
  const id = randomUUID();
  const row = {
    id,
    sha256: content.sha256,
    sizeBytes: content.size,
    mimeType: content.type.mimeType,
    fileName: safeFileName(input.fileName, content.type),
    entityType: fields.data.entityType,
    entityId: fields.data.entityId,
    purpose: fields.data.purpose ?? null,
    regionCode: input.regionCode,
    createdBy: actor.userId,
    updatedBy: actor.userId,
    ...(input.at ? { createdAt: input.at, updatedAt: input.at } : {}),
  };
  const write = async (a: AuditedTx) => {
    await repo.insertAttachment(a.tx, row);
    await a.record({ action: ATTACHMENT_ACTIONS.upload, entityType: 'attachment', entityId: id, regionCode: input.auditRegionCode ?? row.regionCode, after: auditableAttachment(row) });
    return presentAttachment((await repo.getAttachmentInScope(a.tx, id, null, []))!);
  };
  return isAuditedTx(w) ? write(w) : audited(w, actor, write);
}

/** An upload through the API: the record must be of a registered type and exist in the actor's scope; the file takes its region. */
export async function uploadAttachment(db: Db, actor: Actor, fields: TUploadAttachmentFields, file: { fileName: string; data: Readable | Buffer }): Promise<TAttachment> {
  const target = getAttachmentTarget(fields.entityType);
  if (!target) throw validationError('entityType', `不能向该类型的记录上传附件：${fields.entityType}`);
  const regionCode = await target.regionOf(db, actor, fields.entityId);
  if (!regionCode) throw notFound('关联记录');
  return storeAttachment(db, actor, { regionCode, ...fields, fileName: file.fileName, data: file.data, allowAudio: target.allowAudio ?? false });
}

async function getVisible(db: DbOrTx, actor: Actor, id: string) {
  const row = await repo.getAttachmentInScope(db, id, actor.regionCode, hiddenEntityTypes(actor));
  if (!row || !(await canReadRecord(db, actor, row.entityType, row.entityId))) throw notFound('附件');
  return row;
}

export async function getAttachmentById(db: DbOrTx, actor: Actor, id: string): Promise<TAttachment> {
  return presentAttachment(await getVisible(db, actor, id));
}

export async function findAttachments(db: DbOrTx, actor: Actor, q: TAttachmentListQuery) {
  // Types with a record-level rule are listed only for one record the actor may see.
  const oneRecord = q.entityType && q.entityId ? q.entityType : null;
  if (oneRecord && !(await canReadRecord(db, actor, oneRecord, q.entityId!))) return { data: [], total: 0 };
  const hiddenTypes = [...new Set([...hiddenEntityTypes(actor), ...(actor.kind === 'system' ? [] : recordRuledTypes().filter((t) => t !== oneRecord))])];
  const { rows, total } = await repo.findAttachments(
    db,
    { scopeCode: actor.regionCode, hiddenTypes, entityType: q.entityType, entityId: q.entityId },
    { offset: (q.current - 1) * q.pageSize, limit: q.pageSize },
  );
  return { data: rows.map(presentAttachment), total };
}

/** The file's metadata and a way to open its bytes (not opened until asked, e.g. not for a 304). */
export async function getAttachmentContent(db: DbOrTx, actor: Actor, id: string, store: BlobStore = attachmentBlobStore()) {
  const attachment = presentAttachment(await getVisible(db, actor, id));
  if (!(await store.has(attachment.sha256))) throw new Error(`attachment ${id}: blob ${attachment.sha256} is missing from the blob store`);
  return { attachment, open: () => store.get(attachment.sha256) };
}
