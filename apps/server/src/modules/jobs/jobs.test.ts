import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { jobs, openDatabase, queryRows, type DbHandle } from '@mpw/db';
import { claimJob, enqueueJob, finishJob } from './jobs.repository.js';
import { registerJobHandler, runDueJobs, scheduleDueJobs } from './jobs.worker.js';
import { createTestContext, makeWorld, type TestContext } from '../../../test/helpers.js';
import { testDbKind } from '../../../test/test-db.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
  await makeWorld(ctx);
});
afterAll(() => ctx.close());

const db = () => ctx.platform.deps.db;

type JobView = {
  id: number;
  kind: string;
  status: string;
  attempts: number;
  last_error: string | null;
  dedupe_key: string | null;
  /** Seconds from now until run_after (negative: due). */
  due_in: number;
  finished: boolean;
};

async function jobsOf(kind: string): Promise<JobView[]> {
  const rows = await queryRows<JobView>(db(), sql`
    select id, kind, status, attempts, last_error, dedupe_key,
           extract(epoch from run_after - now())::float8 as due_in, finished_at is not null as finished
    from jobs where kind = ${kind} order by id`);
  return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts), due_in: Number(r.due_in) }));
}

async function count(query: ReturnType<typeof sql>) {
  const rows = await queryRows<{ n: number }>(db(), query);
  return Number(rows[0]!.n);
}

/** Makes every queued job of this kind due now (instead of waiting out its backoff). */
async function makeDue(kind: string) {
  await db().execute(sql`update jobs set run_after = now() - interval '1 second' where kind = ${kind} and status = 'queued'`);
}

describe('scheduled jobs', () => {
  it('enqueues the daily checkpoint once per China date, and running it signs a checkpoint', async () => {
    // 04:00 UTC is noon in China; 16:30 UTC is already 00:30 the next day there.
    const noon = new Date('2031-03-10T04:00:00Z');
    await scheduleDueJobs(ctx.platform.deps, noon);
    await scheduleDueJobs(ctx.platform.deps, new Date('2031-03-10T09:00:00Z'));
    await scheduleDueJobs(ctx.platform.deps, noon);
    let queued = await jobsOf('audit.checkpoint');
    expect(queued.map((j) => [j.dedupe_key, j.status])).toEqual([['audit.checkpoint:2031-03-10', 'queued']]);

    // Before the configured hour (default 01:00 China time) of the next China day: nothing yet.
    await scheduleDueJobs(ctx.platform.deps, new Date('2031-03-10T16:30:00Z'));
    expect(await jobsOf('audit.checkpoint')).toHaveLength(1);
    // After it: the next day's job.
    await scheduleDueJobs(ctx.platform.deps, new Date('2031-03-10T17:30:00Z'));
    queued = await jobsOf('audit.checkpoint');
    expect(queued.map((j) => j.dedupe_key)).toEqual(['audit.checkpoint:2031-03-10', 'audit.checkpoint:2031-03-11']);

    const checkpointsBefore = await count(sql`select count(*)::int as n from audit_checkpoints`);
    // Other modules' recurring jobs (e.g. the hourly matters sweep) were scheduled too: all of them run.
    const queuedTotal = await count(sql`select count(*)::int as n from jobs where status = 'queued'`);
    const ran = await runDueJobs(ctx.platform.deps);
    expect(ran).toBe(queuedTotal);
    const done = await jobsOf('audit.checkpoint');
    expect(done.map((j) => [j.status, j.attempts, j.finished])).toEqual([
      ['done', 1, true],
      ['done', 1, true],
    ]);
    expect(await count(sql`select count(*)::int as n from audit_checkpoints`)).toBe(checkpointsBefore + 2);
    const [latest] = await queryRows<{ tree_size: number; n: number }>(
      db(),
      sql`select tree_size, (select count(*)::int from audit_events) as n from audit_checkpoints order by tree_size desc limit 1`,
    );
    // The latest checkpoint covers the whole log, including the event that records its own creation.
    expect(Number(latest!.tree_size)).toBe(Number(latest!.n));
    expect(await count(sql`select count(*)::int as n from audit_events where action = 'audit.checkpoint.create' and actor_name = 'system'`)).toBeGreaterThanOrEqual(2);

    // Scheduling the same day again after it ran does not run it again.
    await scheduleDueJobs(ctx.platform.deps, noon);
    expect(await runDueJobs(ctx.platform.deps)).toBe(0);
    expect(await jobsOf('audit.checkpoint')).toHaveLength(2);
  });
});

describe('retries', () => {
  it('retries a failing job with growing backoff and marks it failed after maxAttempts', async () => {
    let calls = 0;
    registerJobHandler('test.always-fails', async () => {
      calls++;
      throw new Error(`boom ${calls}`);
    });
    await db().insert(jobs).values({ kind: 'test.always-fails', maxAttempts: 3 });

    expect(await runDueJobs(ctx.platform.deps)).toBe(1);
    let [job] = await jobsOf('test.always-fails');
    expect(job).toMatchObject({ status: 'queued', attempts: 1, last_error: 'boom 1', finished: false });
    expect(job!.due_in).toBeGreaterThan(5);
    expect(job!.due_in).toBeLessThanOrEqual(10);

    // Not retried before its backoff has passed.
    expect(await runDueJobs(ctx.platform.deps)).toBe(0);
    expect(calls).toBe(1);

    await makeDue('test.always-fails');
    expect(await runDueJobs(ctx.platform.deps)).toBe(1);
    [job] = await jobsOf('test.always-fails');
    expect(job).toMatchObject({ status: 'queued', attempts: 2, last_error: 'boom 2' });
    expect(job!.due_in).toBeGreaterThan(15);
    expect(job!.due_in).toBeLessThanOrEqual(20);

    await makeDue('test.always-fails');
    expect(await runDueJobs(ctx.platform.deps)).toBe(1);
    [job] = await jobsOf('test.always-fails');
    expect(job).toMatchObject({ status: 'failed', attempts: 3, last_error: 'boom 3', finished: true });

    // A failed job stays failed.
    await db().execute(sql`update jobs set run_after = now() - interval '1 hour' where kind = 'test.always-fails'`);
    expect(await runDueJobs(ctx.platform.deps)).toBe(0);
    expect(calls).toBe(3);
  });

  it('runs a job that failed once to completion on its retry, with its payload', async () => {
    const payloads: unknown[] = [];
    registerJobHandler('test.flaky', async (_deps, payload) => {
      payloads.push(payload);
      if (payloads.length === 1) throw new Error('first try fails');
    });
    await enqueueJob(db(), 'test.flaky', { village: '甲一村', n: 3 }, 'test.flaky:1');
    await enqueueJob(db(), 'test.flaky', { village: 'duplicate' }, 'test.flaky:1');
    await runDueJobs(ctx.platform.deps);
    await makeDue('test.flaky');
    await runDueJobs(ctx.platform.deps);
    expect(payloads).toEqual([{ village: '甲一村', n: 3 }, { village: '甲一村', n: 3 }]);
    const [job] = await jobsOf('test.flaky');
    expect(job).toMatchObject({ status: 'done', attempts: 2, last_error: 'first try fails', finished: true });
  });

  it('fails a job whose kind has no handler, without stopping the others', async () => {
    let ran = 0;
    registerJobHandler('test.fine', async () => {
      ran++;
    });
    await db().insert(jobs).values([{ kind: 'test.unknown-kind', maxAttempts: 1 }, { kind: 'test.fine' }]);
    await runDueJobs(ctx.platform.deps);
    expect((await jobsOf('test.unknown-kind'))[0]).toMatchObject({ status: 'failed', last_error: expect.stringContaining('no handler') });
    expect((await jobsOf('test.fine'))[0]).toMatchObject({ status: 'done' });
    expect(ran).toBe(1);
  });
});

describe('leases', () => {
  it('claims again a job whose worker died (lease expired), but not one whose lease is still held', async () => {
    const seen: unknown[] = [];
    registerJobHandler('test.lease', async (_deps, payload) => {
      seen.push(payload);
    });
    await db().insert(jobs).values([
      { kind: 'test.lease', payload: { which: 'expired' }, status: 'running', attempts: 1, lockedUntil: new Date(Date.now() - 60_000) },
      { kind: 'test.lease', payload: { which: 'held' }, status: 'running', attempts: 1, lockedUntil: new Date(Date.now() + 600_000) },
    ]);
    const claimed = await claimJob(db(), 300);
    expect(claimed).toMatchObject({ kind: 'test.lease', payload: { which: 'expired' }, status: 'running', attempts: 2 });
    expect(claimed!.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 200_000);
    // Claimed now, so it is not claimed a second time while the new lease runs.
    expect(await claimJob(db(), 300)).toBeNull();

    // Its new worker dies too: once the lease expires, runDueJobs picks it up and finishes it.
    await db().execute(sql`update jobs set locked_until = now() - interval '1 second' where id = ${claimed!.id}`);
    expect(await runDueJobs(ctx.platform.deps)).toBe(1);
    expect(seen).toEqual([{ which: 'expired' }]);
    const rows = await jobsOf('test.lease');
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['done', 3],
      ['running', 1],
    ]);
  });
});

describe.skipIf(testDbKind() !== 'postgres')('concurrent workers (PostgreSQL only: needs real row locks across connections)', () => {
  let a: DbHandle;
  let b: DbHandle;
  beforeAll(async () => {
    const url = (ctx.platform.handle as DbHandle & { url?: string }).url!;
    a = await openDatabase({ databaseUrl: url, poolSize: 4 });
    b = await openDatabase({ databaseUrl: url, poolSize: 4 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('never gives the same job to two claimers', async () => {
    await db().insert(jobs).values(Array.from({ length: 40 }, (_, i) => ({ kind: 'test.concurrent', payload: { i } })));
    const claimLoop = async (handle: DbHandle) => {
      const ids: number[] = [];
      for (;;) {
        const job = await claimJob(handle.db, 300);
        if (!job) return ids;
        if (job.kind !== 'test.concurrent') throw new Error(`unexpected job ${job.kind}`);
        ids.push(job.id);
      }
    };
    const results = await Promise.all([a, b, a, b, a, b, a, b].map(claimLoop));
    const all = results.flat();
    expect(all).toHaveLength(40);
    expect(new Set(all).size).toBe(40);
    expect(results.filter((r) => r.length > 0).length).toBeGreaterThan(1);
    const rows = await jobsOf('test.concurrent');
    expect(rows.every((r) => r.status === 'running' && r.attempts === 1)).toBe(true);
    for (const id of all) await finishJob(db(), id);
  });

  it('skips a job locked by another claimer instead of waiting for it', async () => {
    await db().insert(jobs).values([{ kind: 'test.skip', payload: { n: 1 } }, { kind: 'test.skip', payload: { n: 2 } }]);
    await a.db.transaction(async (tx) => {
      const first = await claimJob(tx, 300);
      expect(first?.payload).toEqual({ n: 1 });
      // The row stays locked until this transaction ends; the other claimer must move on at once.
      const timeout = new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 5000).unref());
      const second = await Promise.race([claimJob(b.db, 300), timeout]);
      expect(second).not.toBe('blocked');
      expect((second as { payload: unknown }).payload).toEqual({ n: 2 });
      const third = await Promise.race([claimJob(b.db, 300), timeout]);
      expect(third).toBeNull();
    });
  });
});
