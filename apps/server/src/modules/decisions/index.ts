import type { FastifyInstance } from 'fastify';
import { decisionPublicRoutes, decisionRoutes } from './decisions.routes.js';

export { createDecision, recordStage, getDecisionById, type WriteTarget } from './decisions.service.js';
export { exportDecisionsCsv, DECISIONS_CSV_COLUMNS } from './decisions.export.js';
export { MAJOR_MATTER_THRESHOLD_FEN, LATE_RECORD_DAYS } from './decisions.settings.js';

/** Routes of the decisions module, mounted at /api/v1/decisions by app.ts. */
export async function routes(app: FastifyInstance): Promise<void> {
  await decisionRoutes(app);
}

/** Public (portal) routes of the module, mounted at /api/v1/public/decisions. */
export async function publicRoutes(app: FastifyInstance): Promise<void> {
  await decisionPublicRoutes(app);
}
