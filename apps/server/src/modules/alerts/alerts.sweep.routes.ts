import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZAlertSweep, ZAlertSweepListQuery, ZPage, ZRunSweepRequest } from '@mpw/contracts';
import { findSweeps, runSweepFor } from './alerts.sweep.js';

/** The data-comparison sweep (预警扫描): run one now, list recent ones. */
export async function sweepRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['alerts'];

  r.post('/sweeps', {
    config: { permission: 'alert:sweep:run' },
    schema: { tags, summary: '立即扫描预警 Run a full alert sweep of a district', body: ZRunSweepRequest.default({}), response: { 200: ZAlertSweep } },
  }, async (request) => runSweepFor(app.deps, request.actor, request.body ?? {}));

  r.get('/sweeps', {
    config: { permission: 'alert:alert:read' },
    schema: { tags, summary: '预警扫描记录 List recent sweeps', querystring: ZAlertSweepListQuery, response: { 200: ZPage(ZAlertSweep) } },
  }, async (request) => findSweeps(app.deps, request.actor, request.query));
}
