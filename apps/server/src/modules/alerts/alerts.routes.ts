import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZAlert, ZAlertExportQuery, ZAlertListQuery, ZPage } from '@mpw/contracts';
import * as alerts from './alerts.service.js';
import { exportAlertsCsv } from './alerts.export.js';

export async function alertRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['alerts'];

  r.get('/', {
    config: { permission: 'alert:alert:read' },
    schema: { tags, summary: '预警列表 List alerts', querystring: ZAlertListQuery, response: { 200: ZPage(ZAlert) } },
  }, async (request) => alerts.findAlerts(db, request.actor, request.query));

  r.get('/export.csv', {
    config: { permission: 'alert:alert:read' },
    schema: { tags, summary: '导出预警 alerts.csv (shared/spec/data-exchange.md)', querystring: ZAlertExportQuery, produces: ['text/csv'] },
  }, async (request, reply) => {
    const csv = await exportAlertsCsv(db, { ...request.query, scopeCode: request.actor.regionCode });
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="alerts.csv"').send(csv);
  });

  r.get('/:id', {
    config: { permission: 'alert:alert:read' },
    schema: { tags, summary: '预警详情 Get an alert', params: z.object({ id: z.uuid({ message: '预警编号格式不正确' }) }), response: { 200: ZAlert } },
  }, async (request) => alerts.getAlertById(db, request.actor, request.params.id));
}
