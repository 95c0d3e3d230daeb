import type { FastifyInstance } from 'fastify';
import { assessmentRoutes } from './assessment.routes.js';

export { getSchemeTemplate, findSchemes, getSchemeById, createScheme, updateScheme, changeSchemeStatus, computeResults, findResults, adjustResult, lockPeriod } from './assessment.service.js';
export { defaultSchemeTemplate, periodRange, previousQuarter } from './assessment.policy.js';
export { exportResultsXlsx } from './assessment.export.js';

/** 考核评价: schemes of indicators, results computed per period from the records, adjusted and locked by the district (/api/v1/assessment). */
export async function routes(app: FastifyInstance): Promise<void> {
  await assessmentRoutes(app);
}

/** No portal routes. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
