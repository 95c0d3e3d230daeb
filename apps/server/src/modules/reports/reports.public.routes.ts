import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import {
  ZRegionCode,
  ZReportAccess,
  ZReportAccessRequest,
  ZReportChallenge,
  ZReportReceipt,
  ZReporterMessageRequest,
  ZReporterView,
  ZRetaliationRequest,
  ZSubmitReportRequest,
} from '@mpw/contracts';
import { AppError, ErrorCode, validationError } from '../../lib/errors.js';
import { attachmentTooLarge } from '../attachments/attachments.service.js';
import { MULTIPART_OVERHEAD_BYTES, refuseDeclaredOversize } from '../attachments/attachments.upload-limit.js';
import * as reporter from './reports.public.service.js';

export const REPORT_TOKEN_HEADER = 'x-report-token';

const tokenOf = (request: FastifyRequest) => {
  const v = request.headers[REPORT_TOKEN_HEADER];
  return typeof v === 'string' ? v : undefined;
};

/** The reporter's evidence, read whole (it is size-limited) before the transaction opens. */
async function readEvidence(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!request.isMultipart()) throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, { message: '请以 multipart/form-data 方式上传文件' });
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes + 1, files: 1, fields: 5, fieldSize: 100 } })) {
      if (part.type === 'field') continue;
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw validationError(part.fieldname, '文件字段应名为 file');
      }
      // Past the limit busboy stops at maxBytes + 1: the attachments module then answers 413.
      return await part.toBuffer();
    }
  } catch (err) {
    if (err instanceof AppError || (err as { statusCode?: number }).statusCode) throw err;
    throw validationError('file', '上传数据格式有误或不完整');
  }
  throw validationError('file', '请选择要上传的文件');
}

/**
 * What a reporter does without an account. Nothing here logs at info level (a request line would
 * carry the time an anonymous report arrived); the client address is used only by the in-memory
 * rate limits; every answer is `no-store`.
 */
export async function reportPublicRoutes(app: FastifyInstance): Promise<void> {
  await app.register(multipart, { throwFileSizeLimit: false });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, secrets } = app.deps;
  const tags = ['public'];
  const quiet = { logLevel: 'warn' as const };
  const tokenHeader = z.object({ [REPORT_TOKEN_HEADER]: z.string().max(300).optional() });

  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  r.get('/challenge', {
    ...quiet,
    config: { auth: 'public', rateLimit: { max: 30, windowSeconds: 600 } },
    schema: {
      tags,
      summary: '举报前的计算验证题 Proof-of-work challenge for a submission',
      querystring: z.object({ regionCode: ZRegionCode.optional() }),
      response: { 200: ZReportChallenge },
    },
  }, async (request) => reporter.getChallenge(db, secrets, request.query.regionCode));

  r.post('/', {
    ...quiet,
    config: { auth: 'public', rateLimit: { max: 10, windowSeconds: 600 } },
    schema: { tags, summary: '提交举报（可匿名） Submit a report', body: ZSubmitReportRequest, response: { 201: ZReportReceipt } },
  }, async (request, reply) => reply.status(201).send(await reporter.submitReport(db, secrets, request.body)));

  r.post('/access', {
    ...quiet,
    config: { auth: 'public', rateLimit: { max: 20, windowSeconds: 600 } },
    schema: { tags, summary: '凭受理码和查询密码查询 Access a report with its receipt code and passphrase', body: ZReportAccessRequest, response: { 200: ZReportAccess } },
  }, async (request) => reporter.accessReport(db, secrets, request.body, request.ip));

  r.get('/mine', {
    ...quiet,
    config: { auth: 'public', rateLimit: { max: 120, windowSeconds: 600 } },
    schema: { tags, summary: '举报办理进展 The reporter\'s view (header X-Report-Token)', headers: tokenHeader, response: { 200: ZReporterView } },
  }, async (request) => reporter.getReporterView(db, secrets, tokenOf(request)));

  r.post('/mine/messages', {
    ...quiet,
    config: { auth: 'public', rateLimit: { max: 10, windowSeconds: 600 } },
    schema: { tags, summary: '答复问题或补充情况 Answer the handler or add information', headers: tokenHeader, body: ZReporterMessageRequest, response: { 200: ZReporterView } },
  }, async (request) => reporter.addReporterMessage(db, secrets, tokenOf(request), request.body));

  r.post('/mine/attachments', {
    ...quiet,
    config: { auth: 'public', rateLimit: { max: 30, windowSeconds: 600 } },
    schema: {
      tags,
      summary: '补充证据（图片、PDF、录音；multipart 字段 file） Add evidence',
      consumes: ['multipart/form-data'],
      headers: tokenHeader,
      response: { 200: ZReporterView },
    },
  }, async (request, reply) => {
    const token = tokenOf(request);
    const maxBytes = await reporter.reporterUploadLimit(db, secrets, token);
    refuseDeclaredOversize(request, reply, maxBytes + MULTIPART_OVERHEAD_BYTES, () => attachmentTooLarge(maxBytes));
    const file = await readEvidence(request, maxBytes);
    return reporter.addReporterAttachment(db, secrets, token, file);
  });

  r.post('/mine/retaliation', {
    ...quiet,
    config: { auth: 'public', rateLimit: { max: 5, windowSeconds: 600 } },
    schema: { tags, summary: '反映遭受打击报复 Report retaliation', headers: tokenHeader, body: ZRetaliationRequest, response: { 200: ZReporterView } },
  }, async (request) => reporter.flagRetaliation(db, secrets, tokenOf(request), request.body));
}
