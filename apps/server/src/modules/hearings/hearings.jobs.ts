import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { registerJobHandler, registerSchedule } from '../jobs/jobs.worker.js';
import { sweepOverdueQuestions } from './hearings.service.js';

/** Once a day (China date): QUESTION_OVERDUE for villagers' questions not answered in time. */
registerSchedule('hearings.daily', async (_deps, now) => `hearings.daily:${chinaDate(now)}`);
registerJobHandler('hearings.daily', async (deps) => {
  await sweepOverdueQuestions(deps.db, systemActor());
});
