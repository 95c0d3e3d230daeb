import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { registerJobHandler, registerSchedule } from '../jobs/jobs.worker.js';
import { sweepOverdueRectification } from './rectification.service.js';

/** Once a day: overdue rectification items escalate one level and raise RECTIFICATION_OVERDUE. */
registerSchedule('rectification.daily', async (_deps, now) => `rectification.daily:${chinaDate(now)}`);
registerJobHandler('rectification.daily', async (deps) => {
  await sweepOverdueRectification(deps.db, systemActor());
});
