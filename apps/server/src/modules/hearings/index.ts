import type { FastifyInstance } from 'fastify';
import { hearingRoutes } from './hearings.routes.js';
import { hearingPublicRoutes } from './hearings.public.routes.js';
import './hearings.jobs.js';

export {
  findHearings,
  getHearingById,
  createHearing,
  updateHearing,
  startHearing,
  closeHearing,
  cancelHearing,
  writeCadreReport,
  findVillageQuestions,
  answerVillageQuestion,
  hideVillageQuestion,
  findRatingComments,
  sweepOverdueQuestions,
} from './hearings.service.js';
export { askVillageQuestion, recordRatings, raterDigest, getPublicHearing } from './hearings.public.service.js';
export { MIN_RATINGS, DISSATISFIED_SHARE_PCT, ANSWER_WORKING_DAYS } from './hearings.settings.js';

/**
 * 村民问政: sessions, cadres' reports (述职述廉), villagers' questions and answers, ratings of
 * cadres (民主评议). Staff routes at /api/v1/hearings, portal routes at /api/v1/public/hearings.
 */
export async function routes(app: FastifyInstance): Promise<void> {
  await hearingRoutes(app);
}

export async function publicRoutes(app: FastifyInstance): Promise<void> {
  await hearingPublicRoutes(app);
}
