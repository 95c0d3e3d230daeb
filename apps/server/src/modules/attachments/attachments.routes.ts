import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart, { type Multipart } from '@fastify/multipart';
import { z } from 'zod';
import { ZAttachment, ZAttachmentListQuery, ZPage, ZUploadAttachmentFields } from '@mpw/contracts';
import { AppError, ErrorCode, validationError } from '../../lib/errors.js';
import { blobStoreFor } from '../../lib/blob-store.js';
import * as attachments from './attachments.service.js';
import { contentDisposition } from './attachments.presenter.js';
import { closeAfterReply, isTooLarge, MULTIPART_OVERHEAD_BYTES, refuseDeclaredOversize } from './attachments.upload-limit.js';

const MAX_FIELDS = 10;

/** A body that is not well-formed multipart (no boundary, cut short): 400, not a server error. */
function malformedUpload(err: unknown): unknown {
  if (err instanceof AppError || (err as { statusCode?: number }).statusCode) return err;
  return validationError('file', '上传数据格式有误或不完整');
}

/** The parts of an upload; busboy stops counting one byte past the limit, and the service then answers 413. */
async function* uploadParts(request: FastifyRequest, maxBytes: number): AsyncGenerator<Multipart> {
  try {
    yield* request.parts({ limits: { fileSize: maxBytes + 1, files: 1, fields: MAX_FIELDS, fieldSize: 1000 } });
  } catch (err) {
    throw malformedUpload(err);
  }
}

export async function attachmentRoutes(app: FastifyInstance) {
  attachments.useAttachmentBlobStore(blobStoreFor(app.deps.config.dataDir));
  // The size limit is the service's to enforce (413 with the district's limit in the message).
  await app.register(multipart, { throwFileSizeLimit: false });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['attachments'];
  const params = z.object({ id: z.uuid({ message: '附件编号格式不正确' }) });

  r.post('/', {
    config: { permission: 'attachment:file:upload' },
    schema: {
      tags,
      summary: '上传附件 Upload a file (multipart/form-data: entityType, entityId, purpose, then file)',
      consumes: ['multipart/form-data'],
      response: { 201: ZAttachment },
    },
  }, async (request, reply) => {
    if (!request.isMultipart()) throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, { message: '请以 multipart/form-data 方式上传文件' });
    const maxBytes = await attachments.maxAttachmentBytes(db, request.actor.regionCode!);
    refuseDeclaredOversize(request, reply, maxBytes + MULTIPART_OVERHEAD_BYTES, () => attachments.attachmentTooLarge(maxBytes));
    const fields: Record<string, unknown> = {};
    for await (const part of uploadParts(request, maxBytes)) {
      if (part.type === 'field') {
        fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw validationError(part.fieldname, '文件字段应名为 file');
      }
      try {
        const parsed = ZUploadAttachmentFields.safeParse(fields);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          const path = issue.path.join('.');
          throw validationError(path, fields[path] === undefined ? `${issue.message}（表单字段须放在 file 之前）` : issue.message);
        }
        const saved = await attachments.uploadAttachment(db, request.actor, parsed.data, { fileName: part.filename, data: part.file });
        return reply.status(201).send(saved);
      } catch (err) {
        // Let busboy read past the rest of the file so the connection stays usable; past the limit, close it instead.
        part.file.resume();
        if (isTooLarge(err)) closeAfterReply(reply);
        // The body breaking off mid-file reaches the service as the file stream's error: the client's fault.
        throw err === part.file.errored ? malformedUpload(err) : err;
      }
    }
    throw validationError('file', '请选择要上传的文件');
  });

  r.get('/', {
    config: { auth: 'session' },
    schema: { tags, summary: '记录的附件 Files of a record', querystring: ZAttachmentListQuery, response: { 200: ZPage(ZAttachment) } },
  }, async (request) => attachments.findAttachments(db, request.actor, request.query));

  r.get('/:id', {
    config: { auth: 'session' },
    schema: { tags, summary: '附件信息 File metadata', params, response: { 200: ZAttachment } },
  }, async (request) => attachments.getAttachmentById(db, request.actor, request.params.id));

  r.get('/:id/content', {
    config: { auth: 'session' },
    schema: { tags, summary: '下载附件 Download a file', params },
  }, async (request, reply) => {
    const { attachment, open } = await attachments.getAttachmentContent(db, request.actor, request.params.id);
    const etag = `"${attachment.sha256}"`;
    reply
      .header('cache-control', 'private, no-cache')
      .header('etag', etag)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('content-disposition', contentDisposition(attachment.fileName));
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.type(attachment.mimeType).header('content-length', attachment.sizeBytes).send(open());
  });
}
