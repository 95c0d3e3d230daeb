import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZPage, ZPageQuery, ZPublicVillage, ZRegionCode } from '@mpw/contracts';
import { notFound } from '../../lib/errors.js';
import { getPublicVillage, searchPublicVillages } from '../regions/regions.repository.js';
import { createUsageCounter } from './portal-usage.js';
import { qrRoutes } from './qr.routes.js';

type VillageRow = { code: string; name: string; township_name: string; district_name: string; is_demo: boolean };
const present = (r: VillageRow) => ({ code: r.code, name: r.name, townshipName: r.township_name, districtName: r.district_name, isDemo: r.is_demo });

/** What the villagers' portal reads without an account: public data only. */
export async function publicRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['public'];
  const usage = createUsageCounter(db, app.log);
  app.addHook('onClose', () => usage.drain());
  await app.register(qrRoutes);

  r.get('/villages', {
    config: { auth: 'public' },
    schema: {
      tags,
      summary: '村庄列表（按名称搜索） Villages, searchable by name',
      querystring: ZPageQuery.extend({ q: z.string().trim().max(50, { message: '搜索词不能超过50个字' }).optional(), pageSize: z.coerce.number().int().min(1).max(500).default(100) }),
      response: { 200: ZPage(ZPublicVillage) },
    },
  }, async (request, reply) => {
    const { q, current, pageSize } = request.query;
    const rows = await searchPublicVillages(db, q || undefined, { offset: (current - 1) * pageSize, limit: pageSize });
    reply.header('cache-control', 'public, max-age=60');
    return { data: rows.map(present), total: rows[0]?.total ?? 0 };
  });

  r.get('/villages/:code', {
    config: { auth: 'public' },
    schema: { tags, summary: '村庄主页 Village home', params: z.object({ code: ZRegionCode }), response: { 200: ZPublicVillage } },
  }, async (request, reply) => {
    const row = await getPublicVillage(db, request.params.code);
    if (!row) throw notFound('村庄');
    await usage.count(row.code, 'portal_view');
    reply.header('cache-control', 'public, max-age=60');
    return present(row);
  });
}
