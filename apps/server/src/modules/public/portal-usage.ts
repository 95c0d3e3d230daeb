import type { FastifyBaseLogger } from 'fastify';
import type { DbOrTx } from '@mpw/db';
import { chinaDate } from '../../lib/time.js';
import { incrementUsage } from '../dashboards/dashboards.repository.js';
import type { UsageMetric } from '../dashboards/index.js';

interface Batch {
  n: number;
  stored: Promise<void>;
  settle: () => void;
}

/**
 * Counts portal use (dashboards' usage counters) with one upsert per counter at a time: visits
 * that arrive while that counter's upsert is in flight join the next one, which adds them all.
 * A busy village home costs one write per round trip instead of one per visit (and no queue of
 * transactions waiting on the same row lock), while each request still returns only once its
 * visit is stored, as before. Additive, so any number of instances count into the same row.
 * A failed write is logged and never fails the request.
 */
export function createUsageCounter(db: DbOrTx, log: FastifyBaseLogger, write: typeof incrementUsage = incrementUsage) {
  const counters = new Map<string, { running: Promise<void> | null; next: Batch | null }>();

  const flush = (key: string) => {
    const c = counters.get(key)!;
    const batch = c.next!;
    c.next = null;
    const [village, day, metric] = key.split('|') as [string, string, string];
    c.running = write(db, village, day, metric, batch.n)
      .catch((err: unknown) => log.warn({ err, metric, visits: batch.n }, 'usage counter not updated'))
      .finally(() => {
        batch.settle();
        c.running = null;
        if (c.next) flush(key);
        else counters.delete(key);
      });
  };

  return {
    /** Resolves when this visit is in the counter (or its write failed and was logged). */
    count(villageCode: string, metric: UsageMetric): Promise<void> {
      const key = `${villageCode}|${chinaDate()}|${metric}`;
      let c = counters.get(key);
      if (!c) counters.set(key, (c = { running: null, next: null }));
      if (!c.next) {
        let settle!: () => void;
        const stored = new Promise<void>((resolve) => (settle = resolve));
        c.next = { n: 0, stored, settle };
      }
      c.next.n++;
      const { stored } = c.next;
      if (!c.running) flush(key);
      return stored;
    },
    /** Waits for the writes in flight (on close). */
    async drain(): Promise<void> {
      while (counters.size) await Promise.all([...counters.values()].map((c) => c.running));
    },
  };
}
