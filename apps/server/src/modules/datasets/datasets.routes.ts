import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart, { type Multipart } from '@fastify/multipart';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import {
  DATASETS,
  ZApiToken,
  ZApiTokenListQuery,
  ZCreateApiTokenRequest,
  ZCreatedApiToken,
  ZDataImport,
  ZDataImportDetail,
  ZDatasetImportReport,
  ZImportListQuery,
  ZImportUploadFields,
  ZPage,
  ZPushQuery,
} from '@mpw/contracts';
import { AppError, ErrorCode, validationError } from '../../lib/errors.js';
import { contentDisposition } from '../attachments/attachments.presenter.js';
import { closeAfterReply, isTooLarge, MULTIPART_OVERHEAD_BYTES, refuseDeclaredOversize } from '../attachments/attachments.upload-limit.js';
import * as datasets from './datasets.service.js';

const MAX_FIELDS = 10;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A body that is not well-formed multipart (no boundary, cut short): 400, not a server error. */
function malformedUpload(err: unknown): unknown {
  if (err instanceof AppError || (err as { statusCode?: number }).statusCode) return err;
  return validationError('file', '上传数据格式有误或不完整');
}

/** The parts of an upload; busboy stops one byte past the limit and the size guard answers 413. */
async function* uploadParts(request: FastifyRequest, maxBytes: number): AsyncGenerator<Multipart> {
  try {
    yield* request.parts({ limits: { fileSize: maxBytes + 1, files: 1, fields: MAX_FIELDS, fieldSize: 1000 } });
  } catch (err) {
    throw malformedUpload(err);
  }
}

/** The format of a pushed body, from its media type (parameters such as charset ignored). */
function pushFormat(contentType: string | undefined): datasets.ImportFormat | null {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type === 'application/json') return 'json';
  if (type === XLSX_TYPE) return 'xlsx';
  return null;
}

export async function datasetRoutes(app: FastifyInstance) {
  // Size limits are the service's (413 naming the district's limit).
  await app.register(multipart, { throwFileSizeLimit: false });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['datasets'];
  const params = z.object({ id: z.uuid({ message: '编号格式不正确' }) });

  r.post('/imports', {
    config: { permission: 'dataset:import:write' },
    schema: {
      tags,
      summary: '上传部门数据文件 Upload a department data file (multipart/form-data: dataset?, strict?, then file)',
      description: 'The dataset defaults to the one named by the file name (`residents.csv`). `.csv`, `.xlsx` or `.json`. Answers the import report.',
      consumes: ['multipart/form-data'],
      response: { 201: ZDatasetImportReport },
    },
  }, async (request, reply) => {
    if (!request.isMultipart()) throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, { message: '请以 multipart/form-data 方式上传文件' });
    const maxBytes = await datasets.maxImportBytes(db, request.actor);
    refuseDeclaredOversize(request, reply, maxBytes + MULTIPART_OVERHEAD_BYTES, () => datasets.importTooLarge(maxBytes));
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
        const parsed = ZImportUploadFields.safeParse(fields);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw validationError(issue.path.join('.'), issue.message);
        }
        const report = await datasets.uploadImport(app.deps, request.actor, { fileName: part.filename, data: part.file, dataset: parsed.data.dataset, strict: parsed.data.strict, maxBytes });
        return reply.status(201).send(report);
      } catch (err) {
        part.file.resume();
        if (isTooLarge(err)) closeAfterReply(reply);
        throw err === part.file.errored ? malformedUpload(err) : err;
      }
    }
    throw validationError('file', '请选择要上传的文件');
  });

  r.get('/imports', {
    config: { permission: 'dataset:import:read' },
    schema: { tags, summary: '导入记录 Import history (own region and below)', querystring: ZImportListQuery, response: { 200: ZPage(ZDataImport) } },
  }, async (request) => datasets.findImports(db, request.actor, request.query));

  r.get('/imports/:id', {
    config: { permission: 'dataset:import:read' },
    schema: { tags, summary: '导入详情 One import with its first rejected rows', params, response: { 200: ZDataImportDetail } },
  }, async (request) => datasets.getImportById(db, request.actor, request.params.id));

  r.get('/imports/:id/errors.csv', {
    config: { permission: 'dataset:import:read' },
    schema: { tags, summary: '下载错误报告 The full error report (CSV, UTF-8 with BOM)', params, produces: ['text/csv'] },
  }, async (request, reply) => {
    const report = await datasets.getErrorReport(app.deps, request.actor, request.params.id);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', contentDisposition(report.fileName)).send(report.body);
  });

  r.get('/tokens', {
    config: { permission: 'dataset:token:manage' },
    schema: { tags, summary: '接口令牌 API tokens of machine accounts', querystring: ZApiTokenListQuery, response: { 200: ZPage(ZApiToken) } },
  }, async (request) => datasets.findTokens(db, request.actor, request.query));

  r.post('/tokens', {
    config: { permission: 'dataset:token:manage' },
    schema: {
      tags,
      summary: '签发接口令牌 Issue an API token (the token is in this response only)',
      body: ZCreateApiTokenRequest,
      response: { 201: ZCreatedApiToken },
    },
  }, async (request, reply) => reply.status(201).send(await datasets.createToken(db, request.actor, request.body)));

  r.post('/tokens/:id/revoke', {
    config: { permission: 'dataset:token:manage' },
    schema: { tags, summary: '吊销接口令牌 Revoke an API token', params, response: { 200: ZApiToken } },
  }, async (request) => datasets.revokeToken(db, request.actor, request.params.id));

  // The push reads its body as a stream, in its own content-type scope.
  await app.register(async (push) => {
    push.removeAllContentTypeParsers();
    push.addContentTypeParser(['text/csv', 'application/json', XLSX_TYPE], (_req, payload, done) => done(null, payload));
    push.addContentTypeParser('*', (_req, _payload, done) =>
      done(new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, { message: '请以 text/csv（CSV 文件）或 application/json（对象数组）提交数据', details: [{ path: 'content-type', message: '只接受 text/csv、application/json' }] })),
    );
    push.withTypeProvider<ZodTypeProvider>().post('/push/:dataset', {
      config: { permission: 'dataset:import:write', token: true },
      schema: {
        tags,
        summary: '部门系统推送数据 Push a dataset (Authorization: Bearer mpw_…)',
        security: [{ bearer: [] }],
        description: 'Body: the CSV file (text/csv) or a JSON array of objects keyed by the English or Chinese column names (application/json). Same checks and report as an upload.',
        params: z.object({ dataset: z.enum(DATASETS, { message: '未知的数据集' }) }),
        querystring: ZPushQuery,
        response: { 201: ZDatasetImportReport },
      },
    }, async (request, reply) => {
      datasets.checkTokenDataset(request.apiToken, request.params.dataset);
      const format = pushFormat(request.headers['content-type']);
      const body = request.body as Readable | undefined;
      if (!format || !body || typeof (body as Readable).pipe !== 'function') {
        throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, { message: '请以 text/csv（CSV 文件）或 application/json（对象数组）提交数据' });
      }
      const maxBytes = await datasets.maxImportBytes(db, request.actor);
      refuseDeclaredOversize(request, reply, maxBytes, () => datasets.importTooLarge(maxBytes));
      try {
        const report = await datasets.pushImport(app.deps, request.actor, {
          dataset: request.params.dataset,
          data: body,
          format,
          strict: request.query.strict,
          fileName: request.query.fileName,
          tokenId: request.apiToken?.tokenId ?? null,
          maxBytes,
        });
        return reply.status(201).send(report);
      } catch (err) {
        if (isTooLarge(err)) closeAfterReply(reply);
        throw err;
      }
    });
  });
}
