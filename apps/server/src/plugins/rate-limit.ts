import type { FastifyInstance } from 'fastify';
import { AppError, ErrorCode } from '../lib/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** At most `max` requests per client per `windowSeconds` on this route (anonymous writes). */
    rateLimit?: { max: number; windowSeconds: number };
  }
}

/**
 * Abuse control without tracking: counters live in this process's memory only, keyed by a
 * hash-free (client address, route) pair that is never logged or stored, and forgotten when
 * the window ends. Several instances each count on their own, which is enough to blunt floods.
 */
export function registerRateLimit(app: FastifyInstance): void {
  const windows = new Map<string, { resetAt: number; count: number }>();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
  }, 60_000);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));

  app.addHook('onRequest', async (request) => {
    const limit = request.routeOptions.config?.rateLimit;
    if (!limit) return;
    const key = `${request.routeOptions.method}:${request.routeOptions.url}:${request.ip}`;
    const now = Date.now();
    const w = windows.get(key);
    if (!w || w.resetAt <= now) {
      windows.set(key, { resetAt: now + limit.windowSeconds * 1000, count: 1 });
      return;
    }
    w.count++;
    if (w.count > limit.max) throw new AppError(ErrorCode.RATE_LIMITED, { message: `提交过于频繁，请${Math.ceil((w.resetAt - now) / 60_000)}分钟后再试` });
  });
}
