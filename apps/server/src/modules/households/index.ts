import type { FastifyInstance } from 'fastify';
import { householdRoutes } from './households.routes.js';
import { householdPublicRoutes } from './households.public.routes.js';
import './households.jobs.js';

export { findHouseholds, issueHouseholdCodes, verifyHousehold, getHouseholdView, answerSurvey, surveyStatus, satisfactionResults, qrSvg } from './households.service.js';
export { renderCardsHtml } from './households.cards.js';
export { quarterOf } from './households.policy.js';
export { openVillagerSession, findVillagerSession, requireVillager, villagerOf, revokeVillagerSession, VILLAGER_SESSION_MINUTES, type VillagerSession } from './villager-session.js';

/**
 * 户查询码 and the own-household query: staff list households and issue query codes
 * (/api/v1/households); villagers verify and see their household (/api/v1/public/households),
 * and answer the quarterly satisfaction survey.
 */
export async function routes(app: FastifyInstance): Promise<void> {
  await householdRoutes(app);
}

export async function publicRoutes(app: FastifyInstance): Promise<void> {
  await householdPublicRoutes(app);
}
