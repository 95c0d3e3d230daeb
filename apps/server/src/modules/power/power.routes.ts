import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  POWER_CATEGORIES,
  ZCreatePowerItemRequest,
  ZPage,
  ZPageQuery,
  ZPowerItem,
  ZPowerItemListQuery,
  ZPowerItemVersion,
  ZRegionCode,
  ZUpdatePowerItemRequest,
} from '@mpw/contracts';
import * as power from './power.service.js';
import { ImmutableCache, revalidated } from '../../lib/revalidate.js';

const params = z.object({ id: z.uuid({ message: '事项编号格式不正确' }) });
const ZVersion = z.coerce.number({ message: '版本必须是数字' }).int().min(1, { message: '版本从1开始' }).max(2_147_483_647, { message: '版本号过大' });
const ZReason = z.object({ reason: z.string().trim().min(1, { message: '请填写理由' }).max(300, { message: '理由不能超过300个字' }) });
const ZSvgQuery = z.object({ version: ZVersion.optional(), theme: z.enum(['screen', 'print']).optional() });

export async function powerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['power'];

  r.get('/items', {
    config: { permission: 'power:item:read' },
    schema: { tags, summary: '权力清单 Power items visible to the account', querystring: ZPowerItemListQuery, response: { 200: ZPage(ZPowerItem) } },
  }, async (request) => power.findItems(db, request.actor, request.query));

  r.get('/items/:id', {
    config: { permission: 'power:item:read' },
    schema: { tags, summary: '权力事项详情（现行版本） Item as in force', params, response: { 200: ZPowerItem } },
  }, async (request) => (await power.getItemById(db, request.actor, request.params.id)).item);

  r.get('/items/:id/versions', {
    config: { permission: 'power:item:read' },
    schema: { tags, summary: '版本历史 Version history', params, response: { 200: z.array(ZPowerItemVersion) } },
  }, async (request) => power.getItemVersions(db, request.actor, request.params.id));

  r.get('/items/:id/versions/:version', {
    config: { permission: 'power:item:read' },
    schema: { tags, summary: '某一版本 One version', params: params.extend({ version: ZVersion }), response: { 200: ZPowerItemVersion } },
  }, async (request) => power.getItemVersion(db, request.actor, request.params.id, request.params.version));

  r.get('/items/:id/flowchart.svg', {
    config: { permission: 'power:item:read' },
    schema: { tags, summary: '流程图 (SVG) Flowchart', params, querystring: ZSvgQuery },
  }, async (request, reply) => {
    const svg = await power.getFlowchartSvg(db, request.actor, request.params.id, request.query.version, request.query.theme);
    return reply.type('image/svg+xml; charset=utf-8').send(svg);
  });

  r.post('/items', {
    config: { permission: 'power:item:propose' },
    schema: {
      tags,
      summary: '新增权力事项（乡镇、村的个性化事项须经区审批） Add an item',
      body: ZCreatePowerItemRequest.extend({ regionCode: ZRegionCode.optional() }),
      response: { 201: ZPowerItem },
    },
  }, async (request, reply) => reply.status(201).send(await power.createItem(db, request.actor, request.body)));

  r.put('/items/:id', {
    config: { permission: 'power:item:propose' },
    schema: { tags, summary: '修改（生成新版本） Edit: makes a new version', params, body: ZUpdatePowerItemRequest, response: { 200: ZPowerItem } },
  }, async (request) => power.updateItem(db, request.actor, request.params.id, request.body));

  r.post('/items/:id/approve', {
    config: { permission: 'power:item:approve' },
    schema: { tags, summary: '审批通过 Approve', params, body: z.object({ note: z.string().trim().max(300).optional() }), response: { 200: ZPowerItem } },
  }, async (request) => power.approveItem(db, request.actor, request.params.id, request.body.note));

  r.post('/items/:id/reject', {
    config: { permission: 'power:item:approve' },
    schema: { tags, summary: '退回 Reject', params, body: ZReason, response: { 200: ZPowerItem } },
  }, async (request) => power.rejectItem(db, request.actor, request.params.id, request.body.reason));

  r.post('/items/:id/retire', {
    config: { permission: 'power:item:write' },
    schema: { tags, summary: '停用 Retire', params, body: ZReason, response: { 200: ZPowerItem } },
  }, async (request) => power.retireItem(db, request.actor, request.params.id, request.body.reason));

  r.post('/catalogue/seed', {
    config: { permission: 'power:item:write' },
    schema: { tags, summary: '载入默认权力清单 Load the default catalogue into the district', response: { 200: z.object({ added: z.number().int() }) } },
  }, async (request) => ({ added: await power.seedDefaultCatalogue(db, request.actor, request.actor.regionCode!.slice(0, 6) + '000000') }));
}

/** The portal: the power list of a village, each item with its flowchart. */
export async function publicPowerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['public'];
  const listBodies = new ImmutableCache<string>(200);

  r.get('/items', {
    config: { auth: 'public' },
    schema: {
      tags,
      summary: '本村权力清单 Power items of a village',
      querystring: ZPageQuery.extend({ village: ZRegionCode, category: z.enum(POWER_CATEGORIES).optional(), q: z.string().trim().max(50).optional(), pageSize: z.coerce.number().int().min(1).max(200).default(100) }),
      response: { 200: ZPage(ZPowerItem) },
    },
  }, async (request, reply) => {
    const page = await power.findItems(db, null, { ...request.query, applicableTo: request.query.village, status: 'active' });
    return revalidated(request, reply, page, { version: power.versionOfItems(page), cache: listBodies });
  });

  r.get('/items/:id', {
    config: { auth: 'public' },
    schema: { tags, summary: '权力事项（公开） Item', params, response: { 200: ZPowerItem } },
  }, async (request, reply) => {
    const { item } = await power.getItemById(db, null, request.params.id);
    if (item.status !== 'active') throw (await import('../../lib/errors.js')).notFound('权力事项');
    return revalidated(request, reply, item);
  });

  r.get('/items/:id/flowchart.svg', {
    config: { auth: 'public' },
    schema: { tags, summary: '流程图 (SVG) Flowchart', params, querystring: ZSvgQuery },
  }, async (request, reply) => {
    const svg = await power.getFlowchartSvg(db, null, request.params.id, request.query.version, request.query.theme);
    return reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(svg);
  });
}
