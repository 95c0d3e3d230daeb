import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { registerJobHandler, registerSchedule } from '../jobs/jobs.worker.js';
import { ensureDueDisclosures, sweepOverdue } from './disclosures.service.js';

/** Once a day (China date): the period's due records for every village, then overdue items and questions. */
registerSchedule('disclosures.daily', async (_deps, now) => `disclosures.daily:${chinaDate(now)}`);
registerJobHandler('disclosures.daily', async (deps) => {
  await ensureDueDisclosures(deps.db, systemActor());
  await sweepOverdue(deps.db, systemActor());
});
