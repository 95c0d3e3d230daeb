import type { FastifyInstance } from 'fastify';

/**
 * Dashboards (统计分析): district, township and village figures computed from the records, each
 * opening to the records behind it (/api/v1/dashboards); the portal's public statistics, aggregates
 * only (/api/v1/public/dashboards).
 */
export async function routes(_app: FastifyInstance): Promise<void> {}

export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
