import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAcceptRectificationRequest,
  ZPage,
  ZRectificationAnswerRequest,
  ZRectificationItem,
  ZRectificationItemDetail,
  ZRectificationLedgerQuery,
  ZRectificationNotice,
  ZRectificationNoticeDetail,
  ZRectificationNoticeListQuery,
  ZRectificationNoticeRequest,
  ZRectificationStatsQuery,
  ZRectificationStatsRow,
  ZReopenRectificationRequest,
  ZReturnRectificationRequest,
} from '@mpw/contracts';
import { sendXlsx, XLSX_CONTENT_TYPE } from '../../lib/xlsx.js';
import { exportLedgerXlsx } from './rectification.export.js';
import { renderNoticePrint } from './rectification.print.js';
import * as rect from './rectification.service.js';

const noticeParams = z.object({ id: z.uuid({ message: '整改通知书编号格式不正确' }) });
const itemParams = z.object({ id: z.uuid({ message: '整改事项编号格式不正确' }) });

/** 整改: notices (整改通知书), the ledger (台账), answers and the issuer's decisions. */
export async function rectificationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['rectification'];

  r.get('/notices', {
    config: { permission: 'rectification:notice:read' },
    schema: { tags, summary: '整改通知书列表 List notices', querystring: ZRectificationNoticeListQuery, response: { 200: ZPage(ZRectificationNotice) } },
  }, async (request) => rect.findNotices(db, request.actor, request.query));

  r.post('/notices', {
    config: { permission: 'rectification:notice:issue' },
    schema: { tags, summary: '下发整改通知书 Issue a notice', body: ZRectificationNoticeRequest, response: { 201: ZRectificationNoticeDetail } },
  }, async (request, reply) => reply.status(201).send(await rect.issueNotice(db, request.actor, request.body)));

  r.get('/notices/:id', {
    config: { permission: 'rectification:notice:read' },
    schema: { tags, summary: '整改通知书详情 Get a notice with its items', params: noticeParams, response: { 200: ZRectificationNoticeDetail } },
  }, async (request) => rect.getNoticeById(db, request.actor, request.params.id));

  r.get('/notices/:id/print', {
    config: { permission: 'rectification:notice:read' },
    schema: { tags, summary: '打印整改通知书 Printable notice', params: noticeParams, produces: ['text/html'] },
  }, async (request, reply) => {
    const n = await rect.getNoticeById(db, request.actor, request.params.id);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(renderNoticePrint(n));
  });

  r.get('/items', {
    config: { permission: 'rectification:notice:read' },
    schema: { tags, summary: '整改台账 The ledger', querystring: ZRectificationLedgerQuery, response: { 200: ZPage(ZRectificationItem) } },
  }, async (request) => rect.findItems(db, request.actor, request.query));

  r.get('/items/export.xlsx', {
    config: { permission: 'rectification:notice:read' },
    schema: { tags, summary: '导出整改台账 Export the ledger (.xlsx)', querystring: ZRectificationLedgerQuery, produces: [XLSX_CONTENT_TYPE] },
  }, async (request, reply) => {
    const { current: _c, pageSize: _p, ...q } = request.query;
    return sendXlsx(reply, { name: '整改台账', fallback: 'rectification-ledger' }, await exportLedgerXlsx(db, request.actor, q));
  });

  r.get('/items/:id', {
    config: { permission: 'rectification:notice:read' },
    schema: { tags, summary: '整改事项详情 Get an item with its answers', params: itemParams, response: { 200: ZRectificationItemDetail } },
  }, async (request) => rect.getItemById(db, request.actor, request.params.id));

  r.post('/items/:id/answers', {
    config: { permission: 'rectification:item:answer' },
    schema: { tags, summary: '整改回复 Answer an item', params: itemParams, body: ZRectificationAnswerRequest, response: { 200: ZRectificationItemDetail } },
  }, async (request) => rect.answerItem(db, request.actor, request.params.id, request.body));

  r.post('/items/:id/accept', {
    config: { permission: 'rectification:item:decide' },
    schema: { tags, summary: '验收销号 Accept (close) an answered item', params: itemParams, body: ZAcceptRectificationRequest.nullish(), response: { 200: ZRectificationItemDetail } },
  }, async (request) => rect.acceptItem(db, request.actor, request.params.id, request.body ?? {}));

  r.post('/items/:id/return', {
    config: { permission: 'rectification:item:decide' },
    schema: { tags, summary: '退回 Send an answer back', params: itemParams, body: ZReturnRectificationRequest, response: { 200: ZRectificationItemDetail } },
  }, async (request) => rect.returnItem(db, request.actor, request.params.id, request.body));

  r.post('/items/:id/reopen', {
    config: { permission: 'rectification:item:decide' },
    schema: { tags, summary: '反弹重开 Reopen a closed item', params: itemParams, body: ZReopenRectificationRequest, response: { 200: ZRectificationItemDetail } },
  }, async (request) => rect.reopenItem(db, request.actor, request.params.id, request.body));

  r.get('/stats', {
    config: { permission: 'rectification:notice:read' },
    schema: { tags, summary: '整改按期完成率 On-time completion per township or village', querystring: ZRectificationStatsQuery, response: { 200: z.object({ rows: z.array(ZRectificationStatsRow) }) } },
  }, async (request) => rect.rectificationStats(db, request.actor, request.query));
}
