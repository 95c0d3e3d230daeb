import type { FastifyInstance } from 'fastify';
import { disclosurePublicRoutes, disclosureRoutes } from './disclosures.routes.js';
import './disclosures.jobs.js';

export {
  createDisclosure,
  updateDisclosure,
  publishDisclosure,
  correctDisclosure,
  getDisclosureById,
  findDisclosures,
  askQuestion,
  answerQuestion,
  ensureDueDisclosures,
  sweepOverdue as sweepOverdueDisclosures,
  overdueSummary,
  getPublicDisclosure,
} from './disclosures.service.js';
export { maskIdNumbers, hasUnmaskedIdNumber, privacyProblems } from './disclosures.policy.js';
export { FINANCE_MONTHLY_DUE_DAY, QUARTERLY_DUE_DAY, QUESTION_ANSWER_DAYS } from './disclosures.settings.js';

/** Routes of the disclosures module, mounted at /api/v1/disclosures by app.ts. */
export async function routes(app: FastifyInstance): Promise<void> {
  await disclosureRoutes(app);
}

/** Public (portal) routes of the module, mounted at /api/v1/public/disclosures. */
export async function publicRoutes(app: FastifyInstance): Promise<void> {
  await disclosurePublicRoutes(app);
}
