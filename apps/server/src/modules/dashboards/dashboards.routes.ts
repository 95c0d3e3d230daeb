import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZDashboard, ZDashboardQuery, ZPublicStats, ZRegionCode, ZVillageWorkboard } from '@mpw/contracts';
import * as dashboards from './dashboards.service.js';

const ZWorkboardQuery = z.object({ regionCode: ZRegionCode.optional() });
const ZPublicStatsQuery = z.object({
  regionCode: ZRegionCode,
  year: z.coerce.number({ message: '年份应为数字' }).int({ message: '年份应为整数' }).min(2000, { message: '年份不能早于2000年' }).optional(),
});

/** 统计分析: the dashboard of a district, township or village, and a village's workboard. */
export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['dashboards'];

  r.get('/', {
    config: { permission: 'dashboard:stats:read' },
    schema: { tags, summary: '统计分析（区、镇、村） Dashboard of a region', querystring: ZDashboardQuery, response: { 200: ZDashboard } },
  }, async (request) => dashboards.getDashboard(db, request.actor, request.query));

  r.get('/workboard', {
    config: { permission: 'dashboard:stats:read' },
    schema: { tags, summary: '本村待办 What is due, overdue and waiting in a village', querystring: ZWorkboardQuery, response: { 200: ZVillageWorkboard } },
  }, async (request) => dashboards.getVillageWorkboard(db, request.actor, request.query));
}

/** 公开统计: aggregates only, no personal data; the same for everyone, so cacheable for five minutes. */
export async function dashboardPublicRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get('/stats', {
    config: { auth: 'public' },
    schema: { tags: ['public'], summary: '公开统计 Public statistics of a village or district', querystring: ZPublicStatsQuery, response: { 200: ZPublicStats } },
  }, async (request, reply) => {
    const stats = await dashboards.getPublicStats(db, request.query);
    reply.header('cache-control', 'public, max-age=300');
    return stats;
  });
}
