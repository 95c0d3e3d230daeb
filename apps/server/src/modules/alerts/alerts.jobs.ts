import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { registerJobHandler, registerSchedule } from '../jobs/jobs.worker.js';
import { escalateOverdueAlerts } from './alerts.service.js';

/** Once a day (China date): alerts unhandled past the district's window go up to the district. */
registerSchedule('alerts.escalate', async (_deps, now) => `alerts.escalate:${chinaDate(now)}`);
registerJobHandler('alerts.escalate', async (deps) => {
  await escalateOverdueAlerts(deps.db, systemActor());
});
