import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REGION_LEVELS, ZCreateRegionRequest, ZOk, ZPage, ZPageQuery, ZRegion, ZRegionCode, ZRegionTreeNode, ZUpdateRegionRequest } from '@mpw/contracts';
import { AppError, ErrorCode } from '../../lib/errors.js';
import * as regions from './regions.service.js';

const ZImportReport = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});

export async function regionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['regions'];
  const params = z.object({ code: ZRegionCode });

  r.get('/tree', {
    config: { permission: 'region:region:read' },
    schema: { tags, summary: '管辖范围内的区划树 Region tree in scope', response: { 200: z.array(ZRegionTreeNode) } },
  }, async (request) => regions.getRegionTree(db, request.actor));

  r.get('/', {
    config: { permission: 'region:region:read' },
    schema: {
      tags,
      summary: '区划列表 List regions',
      querystring: ZPageQuery.extend({ parentCode: ZRegionCode.optional(), level: z.enum(REGION_LEVELS).optional(), q: z.string().trim().max(50).optional() }),
      response: { 200: ZPage(ZRegion) },
    },
  }, async (request) => regions.findRegions(db, request.actor, request.query));

  r.get('/:code', {
    config: { permission: 'region:region:read' },
    schema: { tags, summary: '区划详情 Get a region', params, response: { 200: ZRegion } },
  }, async (request) => regions.getRegionByCode(db, request.actor, request.params.code));

  r.post('/', {
    config: { permission: 'region:region:write' },
    schema: { tags, summary: '新增区划 Create a region', body: ZCreateRegionRequest, response: { 201: ZRegion } },
  }, async (request, reply) => reply.status(201).send(await regions.createRegion(db, request.actor, request.body)));

  r.patch('/:code', {
    config: { permission: 'region:region:write' },
    schema: { tags, summary: '修改区划名称 Rename a region', params, body: ZUpdateRegionRequest, response: { 200: ZRegion } },
  }, async (request) => regions.updateRegion(db, request.actor, request.params.code, request.body));

  r.delete('/:code', {
    config: { permission: 'region:region:write' },
    schema: { tags, summary: '删除区划（软删除） Delete a region (soft)', params, response: { 200: ZOk } },
  }, async (request) => {
    await regions.deleteRegion(db, request.actor, request.params.code);
    return { ok: true as const };
  });

  r.post('/import', {
    config: { permission: 'region:region:write' },
    bodyLimit: 10 * 1024 * 1024,
    schema: {
      tags,
      summary: '导入 regions.csv Import regions.csv',
      description: 'Body: the CSV file (text/csv), UTF-8 or GB18030. `?strict=true` imports nothing if any row is bad.',
      querystring: z.object({ strict: z.enum(['true', 'false']).optional() }),
      response: { 200: ZImportReport },
    },
  }, async (request) => {
    if (!Buffer.isBuffer(request.body)) throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, { message: '请以 text/csv 上传 regions.csv 文件' });
    return regions.importRegions(db, request.actor, request.body, { strict: request.query.strict === 'true' });
  });
}
