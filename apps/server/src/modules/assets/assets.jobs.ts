import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { registerJobHandler, registerSchedule } from '../jobs/jobs.worker.js';
import { releaseEndedLeases } from './assets.service.js';

/** Once a day (China date): assets whose leases have all run out go back to idle. */
registerSchedule('assets.leases', async (_deps, now) => `assets.leases:${chinaDate(now)}`);
registerJobHandler('assets.leases', async (deps) => {
  await releaseEndedLeases(deps.db, systemActor());
});
