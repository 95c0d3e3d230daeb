import { systemActor } from '../../lib/actor.js';
import { registerJobHandler, registerSchedule } from '../jobs/jobs.worker.js';
import { remindDueSoon, sweepOverdue } from './matters.service.js';

/** Every hour: alerts for steps past their deadline, reminders for steps due on the next working day. */
registerSchedule('matters.overdue_sweep', async (_deps, now) => `matters.overdue_sweep:${now.toISOString().slice(0, 13)}`);
registerJobHandler('matters.overdue_sweep', async (deps) => {
  await sweepOverdue(deps.db, systemActor());
  await remindDueSoon(deps.db, systemActor());
});
