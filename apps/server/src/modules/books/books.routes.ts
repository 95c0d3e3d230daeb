import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZApproveLedgerEntryRequest,
  ZBalances,
  ZBalancesQuery,
  ZClosePeriodRequest,
  ZClosingListQuery,
  ZCreateLedgerEntryRequest,
  ZLedgerClosing,
  ZLedgerEntry,
  ZLedgerEntryListQuery,
  ZLedgerExportQuery,
  ZLedgerImportReport,
  ZPage,
  ZPublicBooksEntriesQuery,
  ZPublicBooksQuery,
  ZPublicBooksSummary,
  ZPublicLedgerEntry,
  ZRejectLedgerEntryRequest,
  ZReopenPeriodRequest,
  ZReverseLedgerEntryRequest,
} from '@mpw/contracts';
import { AppError, ErrorCode } from '../../lib/errors.js';
import * as books from './books.service.js';
import { exportLedgerCsv, importLedgerCsv } from './books.exchange.js';
import { revalidated } from '../../lib/revalidate.js';

const params = z.object({ id: z.uuid({ message: '凭证编号格式不正确' }) });

export async function booksRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['books'];
  const read = { permission: 'books:entry:read' as const };
  const write = { permission: 'books:entry:write' as const };
  const review = { permission: 'books:entry:review' as const };
  const close = { permission: 'books:period:close' as const };

  r.get('/entries', {
    config: read,
    schema: { tags, summary: '凭证列表 List ledger entries', querystring: ZLedgerEntryListQuery, response: { 200: ZPage(ZLedgerEntry) } },
  }, async (request) => books.findEntries(db, request.actor, request.query));

  r.get('/entries/:id', {
    config: read,
    schema: { tags, summary: '凭证详情（含冲销关系、附件数） Get an entry', params, response: { 200: ZLedgerEntry } },
  }, async (request) => books.getEntryById(db, request.actor, request.params.id));

  r.post('/entries', {
    config: write,
    schema: { tags, summary: '录入凭证（草稿） Create a draft entry', body: ZCreateLedgerEntryRequest, response: { 201: ZLedgerEntry } },
  }, async (request, reply) => reply.status(201).send(await books.createEntry(db, request.actor, request.body)));

  r.post('/entries/:id/submit', {
    config: write,
    schema: { tags, summary: '提交审核 Submit for review', params, response: { 200: ZLedgerEntry } },
  }, async (request) => books.submitEntry(db, request.actor, request.params.id));

  r.post('/entries/:id/approve', {
    config: review,
    schema: { tags, summary: '监委会审核通过（定稿） Approve', params, body: ZApproveLedgerEntryRequest.optional(), response: { 200: ZLedgerEntry } },
  }, async (request) => books.approveEntry(db, request.actor, request.params.id, request.body?.note));

  r.post('/entries/:id/reject', {
    config: review,
    schema: { tags, summary: '退回 Reject with a reason', params, body: ZRejectLedgerEntryRequest, response: { 200: ZLedgerEntry } },
  }, async (request) => books.rejectEntry(db, request.actor, request.params.id, request.body));

  r.post('/entries/:id/reverse', {
    config: write,
    schema: { tags, summary: '冲销已定稿的凭证 Reverse a final entry', params, body: ZReverseLedgerEntryRequest, response: { 201: ZLedgerEntry } },
  }, async (request, reply) => reply.status(201).send(await books.reverseEntry(db, request.actor, request.params.id, request.body)));

  r.get('/balances', {
    config: read,
    schema: { tags, summary: '科目余额（某月） Balances by account for a month', querystring: ZBalancesQuery, response: { 200: ZBalances } },
  }, async (request) => books.getBalances(db, request.actor, request.query));

  r.get('/periods', {
    config: read,
    schema: { tags, summary: '月结记录 Monthly closings', querystring: ZClosingListQuery, response: { 200: ZPage(ZLedgerClosing) } },
  }, async (request) => books.findClosings(db, request.actor, request.query));

  r.post('/periods/close', {
    config: close,
    schema: { tags, summary: '月结 Close a month', body: ZClosePeriodRequest, response: { 201: ZLedgerClosing } },
  }, async (request, reply) => reply.status(201).send(await books.closePeriod(db, request.actor, request.body)));

  r.post('/periods/reopen', {
    config: { permission: 'books:period:reopen' },
    schema: { tags, summary: '反结账（区管理员） Reopen a closed month', body: ZReopenPeriodRequest, response: { 200: ZLedgerClosing } },
  }, async (request) => books.reopenPeriod(db, request.actor, request.body));

  r.post('/import', {
    config: write,
    bodyLimit: 20 * 1024 * 1024,
    schema: {
      tags,
      summary: '导入 ledger.csv Import ledger.csv',
      description: 'Body: the CSV file (text/csv), UTF-8 or GB18030. `?strict=true` imports nothing if any row is bad.',
      querystring: z.object({ strict: z.enum(['true', 'false']).optional(), fileName: z.string().max(200).optional() }),
      response: { 200: ZLedgerImportReport },
    },
  }, async (request) => {
    if (!Buffer.isBuffer(request.body)) throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, { message: '请以 text/csv 上传 ledger.csv 文件' });
    return importLedgerCsv(db, request.actor, request.body, { strict: request.query.strict === 'true', fileName: request.query.fileName });
  });

  r.get('/export.csv', {
    config: read,
    schema: { tags, summary: '导出 ledger.csv (shared/spec/data-exchange.md)', querystring: ZLedgerExportQuery, produces: ['text/csv'] },
  }, async (request, reply) => {
    const csv = await exportLedgerCsv(db, { regionCode: request.query.regionCode, scopeCode: request.actor.regionCode });
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="ledger.csv"').send(csv);
  });
}

/** What villagers read on the portal without an account: final entries only. */
export async function booksPublicRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['public'];

  r.get('/summary', {
    config: { auth: 'public' },
    schema: { tags, summary: '本村月度收支（通俗说明） Monthly income and expense of a village', querystring: ZPublicBooksQuery, response: { 200: ZPublicBooksSummary } },
  }, async (request, reply) => {
    return revalidated(request, reply, await books.getPublicSummary(db, request.query));
  });

  r.get('/entries', {
    config: { auth: 'public' },
    schema: { tags, summary: '收支明细 The entries behind a number', querystring: ZPublicBooksEntriesQuery, response: { 200: ZPage(ZPublicLedgerEntry) } },
  }, async (request, reply) => {
    return revalidated(request, reply, await books.findPublicEntries(db, request.query));
  });
}
