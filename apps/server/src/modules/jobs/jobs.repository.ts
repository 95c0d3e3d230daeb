import { sql } from 'drizzle-orm';
import { jobs, type DbOrTx } from '@mpw/db';
import { queryRows } from '@mpw/db';

export type JobRow = typeof jobs.$inferSelect;

/** Enqueues a job; with a dedupe key, a second enqueue of the same key is a no-op (scheduled jobs run once). */
export async function enqueueJob(db: DbOrTx, kind: string, payload: Record<string, unknown> = {}, dedupeKey?: string) {
  await db.insert(jobs).values({ kind, payload, dedupeKey }).onConflictDoNothing({ target: jobs.dedupeKey });
}

/** Claims one due job (or one whose worker died) — SKIP LOCKED lets many instances share the queue. */
export async function claimJob(db: DbOrTx, leaseSeconds: number): Promise<JobRow | null> {
  const r = await queryRows<{ id: number }>(db, sql`
    update jobs set status = 'running', attempts = attempts + 1, locked_until = now() + make_interval(secs => ${leaseSeconds})
    where id = (
      select id from jobs
      where (status = 'queued' and run_after <= now()) or (status = 'running' and locked_until < now())
      order by id
      for update skip locked
      limit 1)
    returning id`);
  const id = r[0]?.id;
  if (id === undefined) return null;
  const [row] = await db.select().from(jobs).where(sql`${jobs.id} = ${id}`);
  return row ?? null;
}

export async function finishJob(db: DbOrTx, id: number) {
  await db.execute(sql`update jobs set status = 'done', finished_at = now(), locked_until = null where id = ${id}`);
}

export async function failJob(db: DbOrTx, job: JobRow, error: string) {
  const final = job.attempts >= job.maxAttempts;
  await db.execute(sql`
    update jobs set status = ${final ? 'failed' : 'queued'}, last_error = ${error.slice(0, 2000)}, locked_until = null,
      run_after = now() + make_interval(secs => ${Math.min(3600, 2 ** job.attempts * 5)}),
      finished_at = ${final ? sql`now()` : sql`null`}
    where id = ${job.id}`);
}

export async function firstDistrictCode(db: DbOrTx): Promise<string | null> {
  const r = await queryRows<{ code: string }>(db, sql`select code from regions where level = 'district' and deleted_at is null order by code limit 1`);
  return r[0]?.code ?? null;
}
