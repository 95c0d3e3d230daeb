import type { FastifyInstance } from 'fastify';
import { inspectionRoutes } from './inspections.routes.js';

export { createPlan, getPlanById, findPlans, movePlan, createFinding, getFindingById, findFindings, dismissFinding, syncFindingWithItems } from './inspections.service.js';
export { resolveProblemSource, type ProblemSource } from './problem-sources.js';

/** Staff routes of 监督检查 (inspections), mounted at /api/v1/inspections by app.ts. */
export async function routes(app: FastifyInstance): Promise<void> {
  await inspectionRoutes(app);
}

/** No portal routes. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
