import type { FastifyInstance } from 'fastify';
import { dashboardPublicRoutes, dashboardRoutes } from './dashboards.routes.js';

export { getDashboard, getVillageWorkboard, getPublicStats, countPortalUse, type UsageMetric } from './dashboards.service.js';

/**
 * Dashboards (统计分析): district, township and village figures computed from the records, each
 * opening to the records behind it (/api/v1/dashboards); the portal's public statistics, aggregates
 * only (/api/v1/public/dashboards).
 */
export async function routes(app: FastifyInstance): Promise<void> {
  await dashboardRoutes(app);
}

export async function publicRoutes(app: FastifyInstance): Promise<void> {
  await dashboardPublicRoutes(app);
}
