import { chinaDate } from '../../lib/time.js';
import { registerJobHandler, registerSchedule } from '../jobs/jobs.worker.js';
import { purgeVerificationData } from './households.repository.js';

/**
 * Once a day: throttle rows older than a day (the longest window is an hour) and villager
 * sessions that expired more than a day ago. Neither is a business table, so no audit.
 */
registerSchedule('households.daily', async (_deps, now) => `households.daily:${chinaDate(now)}`);
registerJobHandler('households.daily', async (deps) => {
  await purgeVerificationData(deps.db, new Date(Date.now() - 86_400_000));
});
