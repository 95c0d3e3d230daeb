import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZOk, ZPage, ZPageQuery, ZRegionCode } from '@mpw/contracts';
import { sendXlsx, XLSX_CONTENT_TYPE } from '../../lib/xlsx.js';
import * as matters from './matters.service.js';
import { exportFilingsXlsx, exportMattersXlsx } from './matters.export.js';
import {
  ZMatterActionRequest,
  ZMatterDetail,
  ZMatterListQuery,
  ZMatterSummary,
  ZPublicMatter,
  ZPublicObjectionRequest,
  ZStartMatterRequest,
} from './matters.schemas.js';

const params = z.object({ id: z.uuid({ message: '事项编号格式不正确' }) });

const ZFilingInbox = z.object({
  /** One page (`current`, `pageSize`) of the matters waiting at a filing step, newest first as in the matters list. */
  pending: z.array(ZMatterSummary),
  /** Every matter waiting at a filing step in scope, and how many of them are past the step's deadline. */
  pendingTotal: z.number().int(),
  pendingOverdue: z.number().int(),
  recent: z.array(z.object({ matterId: z.string(), matterNo: z.string(), title: z.string(), regionCode: z.string(), regionName: z.string(), action: z.string(), note: z.string().nullable(), at: z.string(), actorName: z.string().nullable() })),
  byVillage: z.array(z.object({ regionCode: z.string(), regionName: z.string(), pending: z.number(), accepted: z.number(), returned: z.number(), averageHoursToDecision: z.number().nullable() })),
});

export async function matterRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, secrets } = app.deps;
  const tags = ['matters'];

  r.get('/', {
    config: { permission: 'matter:matter:read' },
    schema: { tags, summary: '事项列表 Matters in scope', querystring: ZMatterListQuery, response: { 200: ZPage(ZMatterSummary) } },
  }, async (request) => matters.findMatters(db, request.actor, request.query));

  r.get('/export.xlsx', {
    config: { permission: 'matter:matter:read' },
    schema: { tags, summary: '导出事项台账 Export matters (.xlsx)', querystring: ZMatterListQuery.omit({ current: true, pageSize: true }), produces: [XLSX_CONTENT_TYPE] },
  }, async (request, reply) => sendXlsx(reply, { name: '事项台账', fallback: 'matters' }, await exportMattersXlsx(db, request.actor, request.query)));

  r.get('/filings/export.xlsx', {
    config: { permission: 'matter:filing:decide' },
    schema: { tags, summary: '导出备案台账 Export the filing inbox (.xlsx)', querystring: z.object({ regionCode: ZRegionCode.optional() }), produces: [XLSX_CONTENT_TYPE] },
  }, async (request, reply) => sendXlsx(reply, { name: '备案台账', fallback: 'filings' }, await exportFilingsXlsx(db, request.actor, request.query)));

  r.get('/filings', {
    config: { permission: 'matter:filing:decide' },
    schema: { tags, summary: '乡镇备案收件箱 Township filing inbox', querystring: ZPageQuery, response: { 200: ZFilingInbox } },
  }, async (request) => matters.getFilingInbox(db, request.actor, request.query));

  r.get('/:id', {
    config: { permission: 'matter:matter:read' },
    schema: { tags, summary: '事项详情与全过程记录 Matter with its full history', params, response: { 200: ZMatterDetail } },
  }, async (request) => matters.getMatterDetail(db, request.actor, request.params.id));

  r.get('/:id/flowchart.svg', {
    config: { permission: 'matter:matter:read' },
    schema: { tags, summary: '事项流程图（标出已办、当前、跳过的步骤） Flowchart with step states', params, querystring: z.object({ theme: z.enum(['screen', 'print']).optional() }) },
  }, async (request, reply) => reply.type('image/svg+xml; charset=utf-8').send(await matters.getMatterFlowchartSvg(db, request.actor, request.params.id, request.query.theme)));

  r.post('/', {
    config: { permission: 'matter:matter:start' },
    schema: { tags, summary: '发起事项 Start a matter from a power item', body: ZStartMatterRequest, response: { 201: ZMatterDetail } },
  }, async (request, reply) => reply.status(201).send(await matters.startMatter(db, request.actor, secrets, request.body)));

  r.post('/:id/actions', {
    config: { permission: 'matter:matter:act' },
    schema: { tags, summary: '办理（按当前步骤的角色） Act on the open step', params, body: ZMatterActionRequest, response: { 200: ZMatterDetail } },
  }, async (request) => matters.actOnMatter(db, request.actor, request.params.id, request.body));
}

export async function publicMatterRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['public'];

  r.get('/', {
    config: { auth: 'public' },
    schema: { tags, summary: '本村事项办理公开 Public matters of a village', querystring: ZPageQuery.extend({ village: ZRegionCode }), response: { 200: ZPage(ZPublicMatter) } },
  }, async (request) => matters.findPublicMatters(db, request.query.village, request.query));

  r.get('/:id', {
    config: { auth: 'public' },
    schema: { tags, summary: '事项公开信息 Public view of a matter', params, response: { 200: ZPublicMatter } },
  }, async (request) => matters.getPublicMatter(db, request.params.id));

  r.get('/:id/flowchart.svg', {
    config: { auth: 'public' },
    schema: { tags, summary: '事项流程图（公开） Flowchart with step states', params, querystring: z.object({ theme: z.enum(['screen', 'print']).optional() }) },
  }, async (request, reply) => reply.type('image/svg+xml; charset=utf-8').send(await matters.getMatterFlowchartSvg(db, null, request.params.id, request.query.theme)));

  r.post('/:id/objections', {
    config: { auth: 'public', rateLimit: { max: 5, windowSeconds: 600 } },
    schema: { tags, summary: '公示期提出异议 Object during the public notice', params, body: ZPublicObjectionRequest, response: { 201: ZOk } },
  }, async (request, reply) => {
    await matters.objectFromPublic(db, request.actor, request.params.id, request.body);
    return reply.status(201).send({ ok: true as const });
  });
}
