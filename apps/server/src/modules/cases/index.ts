import type { FastifyInstance } from 'fastify';
import { casePublicRoutes, caseRoutes } from './cases.routes.js';

export {
  createCase,
  getCaseById,
  findCases,
  findVisibleCase,
  fileCase,
  closeUnfiled,
  startInvestigation,
  sendToReview,
  decideCase,
  executeCase,
  proposeTolerance,
  decideTolerance,
  addAccountability,
  draftTypical,
  decideTypical,
  publishTypical,
  withdrawTypical,
  listPublicTypical,
} from './cases.service.js';
export { canSeeCase, caseVisibleTo } from './cases.policy.js';

/** Staff routes of cases (案件), mounted at /api/v1/cases by app.ts. */
export async function routes(app: FastifyInstance): Promise<void> {
  await caseRoutes(app);
}

/** Portal routes, mounted at /api/v1/public/cases: published typical cases (以案促改). */
export async function publicRoutes(app: FastifyInstance): Promise<void> {
  await casePublicRoutes(app);
}
