import type { FastifyBaseLogger } from 'fastify';
import type { AppDeps } from '../../types.js';
import { systemActor } from '../../lib/actor.js';
import { chinaDate, chinaHour } from '../../lib/time.js';
import { createCheckpoint } from '../audit/audit.service.js';
import { getSetting } from '../settings/settings.service.js';
import { CHECKPOINT_HOUR } from '../settings/settings.definitions.js';
import * as repo from './jobs.repository.js';

export type JobHandler = (deps: AppDeps, payload: Record<string, unknown>) => Promise<void>;

const handlers = new Map<string, JobHandler>();

/** Modules register what a job kind does; any app instance's worker may run it. */
export function registerJobHandler(kind: string, handler: JobHandler) {
  handlers.set(kind, handler);
}

registerJobHandler('audit.checkpoint', async (deps) => {
  await createCheckpoint(deps.db, systemActor(), deps.signer);
});

/** A recurring job: given the time, the dedupe key of the run that is due now, or null. */
export type Schedule = (deps: AppDeps, now: Date) => Promise<string | null>;
const schedules = new Map<string, Schedule>();

/** Modules register recurring jobs; the dedupe key makes each run happen once across instances. */
export function registerSchedule(kind: string, schedule: Schedule) {
  schedules.set(kind, schedule);
}

registerSchedule('audit.checkpoint', async (deps, now) => {
  const district = await repo.firstDistrictCode(deps.db);
  const hour = district ? await getSetting(deps.db, CHECKPOINT_HOUR, district) : CHECKPOINT_HOUR.defaultValue;
  return chinaHour(now) >= hour ? `audit.checkpoint:${chinaDate(now)}` : null;
});

/** Enqueues the recurring jobs that are due now. */
export async function scheduleDueJobs(deps: AppDeps, now = new Date()) {
  for (const [kind, schedule] of schedules) {
    const key = await schedule(deps, now);
    if (key) await repo.enqueueJob(deps.db, kind, {}, key);
  }
}

/** Runs due jobs until none is left. Returns how many ran. */
export async function runDueJobs(deps: AppDeps, log?: FastifyBaseLogger): Promise<number> {
  let ran = 0;
  for (;;) {
    const job = await repo.claimJob(deps.db, 300);
    if (!job) return ran;
    const handler = handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(deps, job.payload as Record<string, unknown>);
      await repo.finishJob(deps.db, job.id);
      log?.info({ job: job.id, kind: job.kind }, 'job done');
    } catch (err) {
      await repo.failJob(deps.db, job, (err as Error).message);
      log?.error({ job: job.id, kind: job.kind, err }, 'job failed');
    }
    ran++;
  }
}

/** Polls the queue. The state is all in the database, so every instance can run one of these. */
export function startJobWorker(deps: AppDeps, log: FastifyBaseLogger, intervalMs = 30_000) {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    try {
      await scheduleDueJobs(deps);
      await runDueJobs(deps, log);
    } catch (err) {
      log.error({ err }, 'job worker tick failed');
    }
  };
  running = tick();
  const timer = setInterval(() => {
    if (!stopped) running = running.then(tick);
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
